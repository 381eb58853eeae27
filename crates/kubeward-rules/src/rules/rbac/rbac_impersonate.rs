use super::helpers::{Check, check, report_permission};
use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// ClusterRoleBindings that allow the `impersonate` verb on users, groups, UIDs, user extras or
    /// ServiceAccounts (a RoleBinding grants nothing on the cluster-scoped ones). Impersonating the
    /// ServiceAccounts of one namespace (which the built-in `edit` role grants) is not reported: it
    /// gives what creating a pod there gives, which `rbac-escalation-via-pod-create` judges.
    ///
    /// Judged on effective permissions: the role is resolved through the binding (Kubernetes' built-in
    /// roles such as `edit` and `admin` included, aggregation applied), and the finding is reported at
    /// the binding's subject, naming the subject, the role and the permission. Roles that grant every
    /// verb on every resource are reported by `rbac-cluster-admin-binding` instead, and Kubernetes'
    /// own bindings (built-in ones, `system:` roles bound to `system:` subjects or to `kube-system`
    /// ServiceAccounts) are left out.
    ///
    /// ## Why it matters
    /// Impersonation makes the API server treat requests as coming from another user or group:
    /// impersonating `system:masters` or any cluster administrator is cluster-admin.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRole
    /// metadata:
    ///   name: app
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: [users, groups]
    ///     verbs: [impersonate]
    /// ---
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRoleBinding
    /// metadata:
    ///   name: app
    /// roleRef:
    ///   apiGroup: rbac.authorization.k8s.io
    ///   kind: ClusterRole
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
    /// kind: ClusterRole
    /// metadata:
    ///   name: app
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: [users, groups]
    ///     verbs: [get]
    /// ---
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRoleBinding
    /// metadata:
    ///   name: app
    /// roleRef:
    ///   apiGroup: rbac.authorization.k8s.io
    ///   kind: ClusterRole
    ///   name: app
    /// subjects:
    ///   - kind: User
    ///     name: alice
    ///     apiGroup: rbac.authorization.k8s.io
    /// ```
    ///
    /// ## References
    /// - Checkov CKV2_K8S_3; Trivy KSV-0043
    /// - CIS Kubernetes Benchmark 5.1.8
    pub struct RbacImpersonate {
        id: "rbac-impersonate",
        title: "Binding grants impersonation",
        severity: Severity::Critical,
        category: Category::Rbac,
        scope: Scope::Graph,
        remediation: "Remove the `impersonate` verb; if a proxy needs it, limit it with `resourceNames` to the identities it serves.",
        references: References {
            checkov: &["CKV2_K8S_3"],
            trivy: &["KSV-0043"],
            cis: &["5.1.8"],
            ..References::NONE
        },
    }
}

const CHECKS: &[Check] = &[
    check(&["impersonate"], "", "users", None),
    check(&["impersonate"], "", "groups", None),
    check(&["impersonate"], "authentication.k8s.io", "uids", None),
    check(
        &["impersonate"],
        "authentication.k8s.io",
        "userextras",
        Some("scopes"),
    ),
    check(&["impersonate"], "", "serviceaccounts", None),
];

impl Rule for RbacImpersonate {
    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        report_permission(graph, cx, CHECKS, |binding, _| binding.namespace.is_none());
    }
}
