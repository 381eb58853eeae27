use super::helpers::{drop_list, is_capability};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Containers, init containers and ephemeral containers that do not drop `NET_RAW`:
    /// `securityContext.capabilities.drop` names neither `NET_RAW` nor `ALL` (reported at the
    /// `drop` list, or at the container when there is none). Container runtimes such as
    /// containerd and CRI-O grant `NET_RAW` by default, so a container keeps it unless it drops
    /// it.
    ///
    /// A container that adds `NET_RAW` is not reported here: `dangerous-capability-added`
    /// reports the added item, once. Capability names are read the way container runtimes read
    /// them: `NET_RAW`, `CAP_NET_RAW` and `net_raw` are the same capability, and `all` drops
    /// everything. Pods with `spec.os.name: windows` are skipped. `capabilities-not-dropped`
    /// asks for more (`drop: [ALL]`) and reports the same containers when they drop nothing;
    /// the `default` profile therefore runs that rule and not this one.
    ///
    /// ## Why it matters
    /// `NET_RAW` lets a process open raw and packet sockets: it can forge packets of any
    /// protocol, spoof addresses and, on many networks, ARP-poison or DNS-spoof its neighbours
    /// on the node. Almost no application needs it (`ping` works with unprivileged ICMP
    /// sockets).
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27
    ///       securityContext:
    ///         capabilities:
    ///           drop: [NET_ADMIN]
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27
    ///       securityContext:
    ///         capabilities:
    ///           drop: [NET_RAW]
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, restricted: "Capabilities" (`capabilities_restricted`, which
    ///   requires dropping `ALL`)
    /// - kube-linter `drop-net-raw-capability`; Checkov CKV_K8S_28; Polaris
    ///   `insecureCapabilities`
    /// - CIS Kubernetes Benchmark 5.2.8
    pub struct NetRawCapability {
        id: "net-raw-capability",
        title: "Container keeps the NET_RAW capability",
        severity: Severity::Medium,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Drop it: `capabilities.drop: [ALL]` (adding back only what the container needs), or at least `[NET_RAW]`.",
        references: References {
            kube_linter: &["drop-net-raw-capability"],
            polaris: &["insecureCapabilities"],
            checkov: &["CKV_K8S_28"],
            pss: &["capabilities_restricted"],
            cis: &["5.2.8"],
            ..References::NONE
        },
    }
}

impl Rule for NetRawCapability {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        if pod.is_windows() {
            return;
        }
        for c in pod.containers() {
            // An added NET_RAW is `dangerous-capability-added`'s finding: one finding per line.
            if c.capabilities("add")
                .any(|(_, name)| is_capability(name, "NET_RAW"))
            {
                continue;
            }
            let dropped = c
                .capabilities("drop")
                .any(|(_, name)| is_capability(name, "NET_RAW") || is_capability(name, "ALL"));
            if !dropped {
                let at = drop_list(&c).unwrap_or(c.node);
                cx.report_container(
                    &c,
                    at,
                    format!(
                        "{} does not drop NET_RAW, which the container runtime grants by default",
                        c.describe()
                    ),
                );
            }
        }
    }
}
