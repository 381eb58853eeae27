use super::helpers::{BASELINE_CAPABILITIES, is_capability, normalize_capability};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Containers, init containers and ephemeral containers whose
    /// `securityContext.capabilities.add` names a capability outside the Pod Security Standards
    /// baseline allow-list (`AUDIT_WRITE`, `CHOWN`, `DAC_OVERRIDE`, `FOWNER`, `FSETID`, `KILL`,
    /// `MKNOD`, `NET_BIND_SERVICE`, `SETFCAP`, `SETGID`, `SETPCAP`, `SETUID`, `SYS_CHROOT`):
    /// `ALL`, `NET_ADMIN`, `SYS_MODULE`, `SYS_PTRACE`, `BPF`, `PERFMON`, `DAC_READ_SEARCH` and so
    /// on, and `NET_RAW`, which container runtimes grant by default but the baseline level does
    /// not let a container ask for. One finding per offending item, naming the capability. This
    /// is the Pod Security Standards baseline check `capabilities_baseline`, with
    /// `sys-admin-capability`.
    ///
    /// `SYS_ADMIN`, in any spelling, is left to `sys-admin-capability` (critical). An added
    /// `NET_RAW` is reported here only: `net-raw-capability` reports a `NET_RAW` that is not
    /// dropped, and stays silent when it is added. Like the Pod Security Admission, the
    /// allow-list is compared exactly: `chown` or `CAP_CHOWN` is outside it (a baseline namespace
    /// rejects the pod), and the message says which spelling is expected. Windows pods are not
    /// skipped: the baseline check applies to them too (and the API server rejects capabilities
    /// on them).
    ///
    /// ## Why it matters
    /// Each of these capabilities hands the container part of root's power over the node:
    /// `SYS_MODULE` loads kernel modules, `SYS_PTRACE` reads other processes' memory, `NET_RAW`
    /// forges packets and spoofs neighbours on the node's network, `NET_ADMIN`
    /// reconfigures the pod's (or with `hostNetwork`, the node's) network, `BPF` and `PERFMON`
    /// load kernel programs, `DAC_READ_SEARCH` bypasses file permissions (the "shocker" escape),
    /// and `ALL` grants every one of them.
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
    ///           add: [NET_ADMIN, SYS_PTRACE]
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
    ///           drop: [ALL]
    ///           add: [NET_BIND_SERVICE, CHOWN]
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, baseline: "Capabilities" (`capabilities_baseline`)
    /// - Trivy KSV-0022 (added capabilities), KSV-0119 (`NET_RAW` added), KSV-0120
    ///   (`SYS_MODULE` added); Checkov CKV_K8S_25; Polaris `dangerousCapabilities`
    /// - CIS Kubernetes Benchmark 5.2.8 (`NET_RAW`), 5.2.9 (added capabilities)
    pub struct DangerousCapabilityAdded {
        id: "dangerous-capability-added",
        title: "Container adds a capability outside the baseline set",
        severity: Severity::High,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Remove the capability from `capabilities.add`; add only capabilities from the baseline set, spelled as Kubernetes lists them (`NET_BIND_SERVICE`, not `cap_net_bind_service`).",
        references: References {
            polaris: &["dangerousCapabilities"],
            checkov: &["CKV_K8S_25"],
            trivy: &["KSV-0022", "KSV-0119", "KSV-0120"],
            pss: &["capabilities_baseline"],
            cis: &["5.2.8", "5.2.9"],
            ..References::NONE
        },
    }
}

impl Rule for DangerousCapabilityAdded {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        for c in pod.containers() {
            for (node, name) in c.capabilities("add") {
                if BASELINE_CAPABILITIES.contains(&name) || is_capability(name, "SYS_ADMIN") {
                    continue;
                }
                let canonical = normalize_capability(name);
                let message = if canonical == "ALL" {
                    format!("{} adds every capability (`{name}`)", c.describe())
                } else if BASELINE_CAPABILITIES.contains(&canonical.as_str()) {
                    format!(
                        "{} adds `{name}`, which the baseline allow-list only accepts spelled `{canonical}`",
                        c.describe()
                    )
                } else {
                    format!(
                        "{} adds the `{name}` capability, outside the baseline allow-list",
                        c.describe()
                    )
                };
                cx.report_container(&c, node, message);
            }
        }
    }
}
