use super::helpers::report_subjects;
use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_graph::rbac::SubjectKind;
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// RoleBindings and ClusterRoleBindings with the subject `Group system:masters`, except
    /// Kubernetes' own `cluster-admin` ClusterRoleBinding (present in cluster dumps).
    ///
    /// ## Why it matters
    /// Members of `system:masters` are cluster administrators whatever RBAC says: the API
    /// server lets them through before any authorizer runs, and certificates issued for the
    /// group cannot be revoked. A binding to it grants nothing new; it shows that credentials
    /// for `system:masters` are in use or expected, which they should never be outside
    /// break-glass access.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRoleBinding
    /// metadata:
    ///   name: masters-view
    /// roleRef:
    ///   apiGroup: rbac.authorization.k8s.io
    ///   kind: ClusterRole
    ///   name: view
    /// subjects:
    ///   - kind: Group
    ///     name: system:masters
    ///     apiGroup: rbac.authorization.k8s.io
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRoleBinding
    /// metadata:
    ///   name: platform-admins
    /// roleRef:
    ///   apiGroup: rbac.authorization.k8s.io
    ///   kind: ClusterRole
    ///   name: view
    /// subjects:
    ///   - kind: Group
    ///     name: platform-admins
    ///     apiGroup: rbac.authorization.k8s.io
    /// ```
    ///
    /// ## References
    /// - Trivy KSV-0123
    pub struct RbacSystemMastersBinding {
        id: "rbac-system-masters-binding",
        title: "Binding names the system:masters group",
        severity: Severity::Critical,
        category: Category::Rbac,
        scope: Scope::Graph,
        remediation: "Bind administrators through an ordinary group bound to cluster-admin (revocable), and keep system:masters credentials for break-glass access only.",
        references: References {
            trivy: &["KSV-0123"],
            ..References::NONE
        },
    }
}

impl Rule for RbacSystemMastersBinding {
    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        report_subjects(graph, cx, |rbac, binding, subject| {
            let masters = subject.kind == SubjectKind::Group && subject.name == "system:masters";
            (masters && !rbac.is_builtin_binding(binding, subject)).then(|| {
                format!(
                    "{} binds {} to Group:system:masters, whose members bypass RBAC",
                    binding.describe(),
                    binding.role_describe()
                )
            })
        });
    }
}
