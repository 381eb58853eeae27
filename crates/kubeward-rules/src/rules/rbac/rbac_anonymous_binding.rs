use super::helpers::report_subjects;
use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_graph::rbac::SubjectKind;
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// RoleBindings and ClusterRoleBindings with the subject `User system:anonymous`,
    /// `Group system:unauthenticated` or `Group system:authenticated`, whatever the role
    /// (known or not). Kubernetes' own bindings of the discovery roles (`system:discovery`,
    /// `system:basic-user`, `system:public-info-viewer`) are not reported.
    ///
    /// ## Why it matters
    /// `system:anonymous` and `system:unauthenticated` are anyone who can reach the API server.
    /// `system:authenticated` is every ServiceAccount of every namespace and, on managed
    /// clusters, often any account of the cloud provider (the GKE `system:authenticated`
    /// incidents). A permission granted to them is granted to attackers first.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRoleBinding
    /// metadata:
    ///   name: everyone-view
    /// roleRef:
    ///   apiGroup: rbac.authorization.k8s.io
    ///   kind: ClusterRole
    ///   name: view
    /// subjects:
    ///   - kind: Group
    ///     name: system:authenticated
    ///     apiGroup: rbac.authorization.k8s.io
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRoleBinding
    /// metadata:
    ///   name: sre-view
    /// roleRef:
    ///   apiGroup: rbac.authorization.k8s.io
    ///   kind: ClusterRole
    ///   name: view
    /// subjects:
    ///   - kind: Group
    ///     name: sre
    ///     apiGroup: rbac.authorization.k8s.io
    /// ```
    ///
    /// ## References
    /// - kubesec `BindingsToSystemAnonymous`; Trivy KSV-0122, KSV-01011
    pub struct RbacAnonymousBinding {
        id: "rbac-anonymous-binding",
        title: "Binding grants to anonymous or all authenticated users",
        severity: Severity::Critical,
        category: Category::Rbac,
        scope: Scope::Graph,
        remediation: "Bind the role to the users, groups or ServiceAccounts that need it, not to system:anonymous, system:unauthenticated or system:authenticated.",
        references: References {
            kubesec: &["BindingsToSystemAnonymous"],
            trivy: &["KSV-0122", "KSV-01011"],
            ..References::NONE
        },
    }
}

impl Rule for RbacAnonymousBinding {
    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        report_subjects(graph, cx, |rbac, binding, subject| {
            let who = match (subject.kind, subject.name.as_str()) {
                (SubjectKind::User, "system:anonymous") => "anonymous requests",
                (SubjectKind::Group, "system:unauthenticated") => "unauthenticated requests",
                (SubjectKind::Group, "system:authenticated") => {
                    "every authenticated user and ServiceAccount"
                }
                _ => return None,
            };
            (!rbac.is_builtin_binding(binding, subject)).then(|| {
                format!(
                    "{} grants {} to {subject} ({who})",
                    binding.describe(),
                    binding.role_describe(),
                )
            })
        });
    }
}
