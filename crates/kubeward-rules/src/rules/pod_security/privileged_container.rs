use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Containers, init containers and ephemeral containers with
    /// `securityContext.privileged: true` (YAML 1.1 spellings such as `yes` and `on` count, as
    /// they do for the API server).
    ///
    /// ## Why it matters
    /// A privileged container gets every Linux capability and access to all the host's devices,
    /// and is not confined by seccomp or AppArmor: escaping to the node is trivial, and with it
    /// every other pod and secret on that node.
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
    ///         privileged: true
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
    ///         privileged: false
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, baseline: "Privileged Containers"
    /// - CIS Kubernetes Benchmark 5.2.2; NSA/CISA Kubernetes Hardening Guide, "Pod security"
    pub struct PrivilegedContainer {
        id: "privileged-container",
        title: "Container runs privileged",
        severity: Severity::Critical,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Remove `securityContext.privileged` or set it to `false`; grant only the specific capabilities the workload needs.",
        references: References {
            kube_linter: &["privileged-container"],
            polaris: &["runAsPrivileged"],
            kubesec: &["Privileged"],
            kube_score: &["container-security-context-privileged"],
            checkov: &["CKV_K8S_16"],
            trivy: &["KSV-0017"],
            pss: &["privileged"],
            cis: &["5.2.2"],
            nsa: &["Pod security: non-root, immutable, privileged"],
            ..References::NONE
        },
    }
}

impl Rule for PrivilegedContainer {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        for c in pod.containers() {
            if let Some(node) = c.own_security("privileged").filter(|n| n.is_true()) {
                cx.report_container(&c, node, format!("{} runs privileged", c.describe()));
            }
        }
    }
}
