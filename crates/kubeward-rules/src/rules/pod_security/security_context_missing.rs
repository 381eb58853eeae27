use crate::{Rule, RuleContext};
use kubeward_model::{Category, Node, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Containers (init and ephemeral ones included) that have no `securityContext` in a pod
    /// that has none either: missing, `null` or an empty mapping `{}` at both levels. One
    /// finding per such container, at the container.
    ///
    /// A container without its own `securityContext` in a pod that sets one is not reported:
    /// it inherits the pod's user, group, seccomp, AppArmor and SELinux settings, and the
    /// container-only settings it lacks (`allowPrivilegeEscalation`, `capabilities`,
    /// `readOnlyRootFilesystem`) are each reported by their own rule. This rule is the summary
    /// for workloads that never considered their security context at all.
    ///
    /// ## Why it matters
    /// With no security context anywhere, every decision is left to the image and the
    /// runtime's defaults: the image's user (usually root), privilege escalation allowed, the
    /// runtime's default capabilities, a writable root filesystem and, on most clusters, no
    /// seccomp profile. It is the state in which most container escapes start, and it usually
    /// means the manifest was never reviewed for security.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// spec:
    ///   selector:
    ///     matchLabels: {app: web}
    ///   template:
    ///     metadata:
    ///       labels: {app: web}
    ///     spec:
    ///       containers:
    ///         - name: app
    ///           image: nginx:1.27
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// spec:
    ///   selector:
    ///     matchLabels: {app: web}
    ///   template:
    ///     metadata:
    ///       labels: {app: web}
    ///     spec:
    ///       securityContext:
    ///         runAsNonRoot: true
    ///         seccompProfile:
    ///           type: RuntimeDefault
    ///       containers:
    ///         - name: app
    ///           image: nginxinc/nginx-unprivileged:1.27
    ///           securityContext:
    ///             allowPrivilegeEscalation: false
    ///             readOnlyRootFilesystem: true
    ///             capabilities:
    ///               drop: [ALL]
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Configure a Security Context for a Pod or Container"
    /// - CIS Kubernetes Benchmark 5.7.3 ("Apply Security Context to Your Pods and Containers")
    /// - Checkov CKV_K8S_29 (pod) and CKV_K8S_30 (container), Trivy KSV-0118, kube-score
    ///   `container-security-context-user-group-id`
    pub struct SecurityContextMissing {
        id: "security-context-missing",
        title: "Container has no security context",
        severity: Severity::Low,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Add a pod `securityContext` (`runAsNonRoot: true`, `seccompProfile.type: RuntimeDefault`) and a container `securityContext` (`allowPrivilegeEscalation: false`, `readOnlyRootFilesystem: true`, `capabilities.drop: [ALL]`).",
        references: References {
            kube_score: &["container-security-context-user-group-id"],
            checkov: &["CKV_K8S_29", "CKV_K8S_30"],
            trivy: &["KSV-0118"],
            cis: &["5.7.3"],
            ..References::NONE
        },
    }
}

/// A security context that sets nothing: missing, `null` or an empty mapping.
fn is_empty(context: Option<&Node>) -> bool {
    context.is_none_or(|n| n.is_null() || (n.is_map() && n.entries().is_empty()))
}

impl Rule for SecurityContextMissing {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        if !is_empty(pod.security_context()) {
            return;
        }
        for c in pod.containers() {
            if is_empty(c.security_context()) {
                cx.report_container(
                    &c,
                    c.node,
                    format!(
                        "{} has no securityContext, and neither does the pod",
                        c.describe()
                    ),
                );
            }
        }
    }
}
