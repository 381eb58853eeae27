use super::helpers::{Check, check, report_permission};
use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Bindings that allow `update`, `patch` or `delete` on the ConfigMap `kube-system/aws-auth` (a
    /// ClusterRoleBinding, or a RoleBinding in `kube-system`, whose role reaches ConfigMaps without
    /// `resourceNames` or with `aws-auth` among them).
    ///
    /// Judged on effective permissions: the role is resolved through the binding (Kubernetes' built-in
    /// roles such as `edit` and `admin` included, aggregation applied), and the finding is reported at
    /// the binding's subject, naming the subject, the role and the permission. Roles that grant every
    /// verb on every resource are reported by `rbac-cluster-admin-binding` instead, and Kubernetes'
    /// own bindings (built-in ones, `system:` roles bound to `system:` subjects or to `kube-system`
    /// ServiceAccounts) are left out.
    ///
    /// ## Why it matters
    /// On EKS, `aws-auth` maps IAM roles and users to Kubernetes users and groups: whoever edits it
    /// can map their own IAM identity to `system:masters`.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: Role
    /// metadata:
    ///   name: app
    ///   namespace: kube-system
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: [configmaps]
    ///     resourceNames: [aws-auth]
    ///     verbs: [get, update, patch]
    /// ---
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: RoleBinding
    /// metadata:
    ///   name: app
    ///   namespace: kube-system
    /// roleRef:
    ///   apiGroup: rbac.authorization.k8s.io
    ///   kind: Role
    ///   name: app
    /// subjects:
    ///   - kind: User
    ///     name: alice
    ///     apiGroup: rbac.authorization.k8s.io
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: Role
    /// metadata:
    ///   name: app
    ///   namespace: kube-system
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: [configmaps]
    ///     resourceNames: [aws-auth]
    ///     verbs: [get]
    /// ---
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: RoleBinding
    /// metadata:
    ///   name: app
    ///   namespace: kube-system
    /// roleRef:
    ///   apiGroup: rbac.authorization.k8s.io
    ///   kind: Role
    ///   name: app
    /// subjects:
    ///   - kind: User
    ///     name: alice
    ///     apiGroup: rbac.authorization.k8s.io
    /// ```
    ///
    /// ## References
    /// - Trivy KSV-0115
    pub struct RbacAwsAuth {
        id: "rbac-aws-auth",
        title: "Binding grants changing the EKS aws-auth ConfigMap",
        severity: Severity::Critical,
        category: Category::Rbac,
        scope: Scope::Graph,
        remediation: "Manage `aws-auth` (or EKS access entries) from infrastructure code with cluster-administrator credentials only.",
        references: References {
            trivy: &["KSV-0115"],
            ..References::NONE
        },
    }
}

const CHECKS: &[Check] = &[check(
    &["update", "patch", "delete"],
    "",
    "configmaps",
    None,
)];

impl Rule for RbacAwsAuth {
    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        report_permission(graph, cx, CHECKS, |binding, granted| {
            binding.grants_in(Some("kube-system")) && granted.reach.includes("aws-auth")
        });
    }
}
