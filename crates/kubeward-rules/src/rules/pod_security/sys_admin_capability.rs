use super::helpers::is_capability;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Containers, init containers and ephemeral containers whose
    /// `securityContext.capabilities.add` names `SYS_ADMIN`, in any spelling runtimes accept
    /// (`SYS_ADMIN`, `CAP_SYS_ADMIN`, `sys_admin`). Each such item is reported. Adding `ALL` is
    /// reported by `dangerous-capability-added`.
    ///
    /// ## Why it matters
    /// `CAP_SYS_ADMIN` is "the new root": it allows mounting filesystems, using `bpf`, `setns`,
    /// many device ioctls and a long tail of other privileged operations, several of which are
    /// well-known container escapes (mounting the host's cgroup filesystem and abusing
    /// `release_agent`, for one). Kubernetes also forces `allowPrivilegeEscalation` on for such
    /// containers.
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
    ///           add: [SYS_ADMIN]
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
    ///           add: [NET_BIND_SERVICE]
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, baseline: "Capabilities"
    /// - CIS Kubernetes Benchmark 5.2.9
    pub struct SysAdminCapability {
        id: "sys-admin-capability",
        title: "Container adds the SYS_ADMIN capability",
        severity: Severity::Critical,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Remove `SYS_ADMIN` from `capabilities.add`; grant the narrower capability the workload needs, or move the privileged operation out of the pod.",
        references: References {
            polaris: &["dangerousCapabilities"],
            kubesec: &["CapSysAdmin"],
            checkov: &["CKV_K8S_39"],
            trivy: &["KSV-0005"],
            pss: &["capabilities_baseline"],
            cis: &["5.2.9"],
            ..References::NONE
        },
    }
}

impl Rule for SysAdminCapability {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        for c in pod.containers() {
            for (node, name) in c.capabilities("add") {
                if is_capability(name, "SYS_ADMIN") {
                    cx.report_container(
                        &c,
                        node,
                        format!("{} adds the `{name}` capability", c.describe()),
                    );
                }
            }
        }
    }
}
