use super::helpers::linux_only_exempt;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Containers, init containers and ephemeral containers whose own
    /// `securityContext.allowPrivilegeEscalation` is not `false`: set to `true`, or not set at
    /// all (Kubernetes then defaults it to `true`). The field exists only at container level.
    /// YAML 1.1 spellings (`no`, `off`) count as `false`, as they do for the API server. This is
    /// the Pod Security Standards restricted check `allowPrivilegeEscalation`. Pods with
    /// `spec.os.name: windows` are skipped from Kubernetes 1.25 (`--kubernetes-version`): the
    /// field does not apply to them and the Pod Security Standards exempt them from then on.
    ///
    /// ## Why it matters
    /// `allowPrivilegeEscalation` controls the `no_new_privs` flag of the container process.
    /// Without it, a setuid binary (`sudo`, `su`, `ping` in older images) or a file capability
    /// lets a process gain more privileges than its parent, turning a compromised unprivileged
    /// process into root inside the container. Kubernetes also forces it on for privileged
    /// containers and containers that add `CAP_SYS_ADMIN`.
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
    ///         allowPrivilegeEscalation: true
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
    ///         allowPrivilegeEscalation: false
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, restricted: "Privilege Escalation"
    /// - CIS Kubernetes Benchmark 5.2.6; NSA/CISA Kubernetes Hardening Guide, "Pod security"
    pub struct PrivilegeEscalationAllowed {
        id: "privilege-escalation-allowed",
        title: "Container allows privilege escalation",
        severity: Severity::High,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Set `securityContext.allowPrivilegeEscalation: false` on every container, init container and ephemeral container.",
        references: References {
            kube_linter: &["privilege-escalation-container"],
            polaris: &["privilegeEscalationAllowed"],
            kubesec: &["AllowPrivilegeEscalation"],
            checkov: &["CKV_K8S_20"],
            trivy: &["KSV-0001"],
            pss: &["allowPrivilegeEscalation"],
            cis: &["5.2.6"],
            nsa: &["Pod security: non-root, immutable, privileged"],
            ..References::NONE
        },
    }
}

impl Rule for PrivilegeEscalationAllowed {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        if linux_only_exempt(pod, cx.settings().kubernetes_version) {
            return;
        }
        for c in pod.containers() {
            match c.own_security("allowPrivilegeEscalation") {
                Some(node) if node.is_false() => {}
                Some(node) if node.is_true() => {
                    cx.report_container(
                        &c,
                        node,
                        format!("{} allows privilege escalation", c.describe()),
                    );
                }
                // Null or a non-boolean: the API server does not read it as `false`.
                Some(node) => cx.report_container(
                    &c,
                    node,
                    format!(
                        "{} does not set `allowPrivilegeEscalation: false`",
                        c.describe()
                    ),
                ),
                None => cx.report_container(
                    &c,
                    c.node,
                    format!(
                        "{} does not set `allowPrivilegeEscalation: false`",
                        c.describe()
                    ),
                ),
            }
        }
    }
}
