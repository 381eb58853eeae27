use super::helpers::{drop_list, is_capability};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Containers, init containers and ephemeral containers that keep `NET_RAW`:
    /// - `securityContext.capabilities.add` names it (reported at the item), or
    /// - `capabilities.drop` names neither `NET_RAW` nor `ALL` (reported at the `drop` list, or
    ///   at the container when there is none): runtimes such as containerd and Docker grant
    ///   `NET_RAW` by default.
    ///
    /// Capability names are read the way container runtimes read them: `NET_RAW`, `CAP_NET_RAW`
    /// and `net_raw` are the same capability, and `all` drops everything. Pods with
    /// `spec.os.name: windows` are skipped. `capabilities-not-dropped` may report the same
    /// container: it asks for more (`drop: [ALL]`).
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
    ///           add: [NET_RAW]
    ///           drop: [ALL]
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
    /// - Pod Security Standards, baseline and restricted: "Capabilities"
    /// - CIS Kubernetes Benchmark 5.2.8
    pub struct NetRawCapability {
        id: "net-raw-capability",
        title: "Container keeps the NET_RAW capability",
        severity: Severity::Medium,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Remove `NET_RAW` from `capabilities.add` and drop it (`capabilities.drop: [ALL]`, or at least `[NET_RAW]`).",
        references: References {
            kube_linter: &["drop-net-raw-capability"],
            polaris: &["insecureCapabilities"],
            checkov: &["CKV_K8S_28"],
            trivy: &["KSV-0119"],
            pss: &["capabilities_baseline", "capabilities_restricted"],
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
            let mut added = false;
            for (node, name) in c.capabilities("add") {
                if is_capability(name, "NET_RAW") {
                    added = true;
                    cx.report_container(
                        &c,
                        node,
                        format!("{} adds the `{name}` capability", c.describe()),
                    );
                }
            }
            if added {
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
