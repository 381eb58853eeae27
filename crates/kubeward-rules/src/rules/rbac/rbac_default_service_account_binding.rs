use super::helpers::report_subjects;
use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_graph::rbac::SubjectKind;
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// RoleBindings and ClusterRoleBindings whose subject is a namespace's `default`
    /// ServiceAccount (written with its namespace, or without one in a RoleBinding, which
    /// means the binding's), whatever the role. Kubernetes' own bindings (`system:` roles
    /// bound to `kube-system` ServiceAccounts) are not reported.
    ///
    /// ## Why it matters
    /// Every pod that names no ServiceAccount runs as `default`, so a permission granted to it
    /// is granted to all of them, including the ones added to the namespace later by someone
    /// who never saw this binding.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: RoleBinding
    /// metadata:
    ///   name: default-view
    ///   namespace: shop
    /// roleRef:
    ///   apiGroup: rbac.authorization.k8s.io
    ///   kind: ClusterRole
    ///   name: view
    /// subjects:
    ///   - kind: ServiceAccount
    ///     name: default
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: RoleBinding
    /// metadata:
    ///   name: web-view
    ///   namespace: shop
    /// roleRef:
    ///   apiGroup: rbac.authorization.k8s.io
    ///   kind: ClusterRole
    ///   name: view
    /// subjects:
    ///   - kind: ServiceAccount
    ///     name: web
    /// ```
    ///
    /// ## References
    /// - Checkov CKV_K8S_42
    /// - CIS Kubernetes Benchmark 5.1.5
    pub struct RbacDefaultServiceAccountBinding {
        id: "rbac-default-service-account-binding",
        title: "Binding grants to a default ServiceAccount",
        severity: Severity::Medium,
        category: Category::Rbac,
        scope: Scope::Graph,
        remediation: "Create a ServiceAccount for the workload that needs the permission, bind the role to it and set `serviceAccountName` in that workload.",
        references: References {
            checkov: &["CKV_K8S_42"],
            cis: &["5.1.5"],
            ..References::NONE
        },
    }
}

impl Rule for RbacDefaultServiceAccountBinding {
    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        report_subjects(graph, cx, |rbac, binding, subject| {
            let default_sa =
                subject.kind == SubjectKind::ServiceAccount && subject.name == "default";
            (default_sa && !rbac.is_kubernetes_default(binding, subject)).then(|| {
                format!(
                    "{} grants {} to {}, which every pod of namespace `{}` that names no ServiceAccount runs as",
                    binding.describe(),
                    binding.role_describe(),
                    subject.describe(),
                    subject.namespace.as_deref().unwrap_or_default()
                )
            })
        });
    }
}
