use super::helpers::{Check, check, report_permission};
use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Bindings that allow the `bind` or `escalate` verb on Roles or ClusterRoles.
    ///
    /// Judged on effective permissions: the role is resolved through the binding (Kubernetes' built-in
    /// roles such as `edit` and `admin` included, aggregation applied), and the finding is reported at
    /// the binding's subject, naming the subject, the role and the permission. Roles that grant every
    /// verb on every resource are reported by `rbac-cluster-admin-binding` instead, and Kubernetes'
    /// own bindings (built-in ones, `system:` roles bound to `system:` subjects or to `kube-system`
    /// ServiceAccounts) are left out.
    ///
    /// ## Why it matters
    /// RBAC stops a subject from granting permissions it does not hold, unless it has `escalate` (edit
    /// a role to add any permission) or `bind` (bind any role, `cluster-admin` included): either is a
    /// direct path to every permission in its scope.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRole
    /// metadata:
    ///   name: app
    /// rules:
    ///   - apiGroups: [rbac.authorization.k8s.io]
    ///     resources: [clusterroles]
    ///     verbs: [bind, escalate]
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
    ///   - apiGroups: [rbac.authorization.k8s.io]
    ///     resources: [clusterroles]
    ///     verbs: [get, list]
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
    /// - Checkov CKV_K8S_157, CKV_K8S_158, CKV2_K8S_1; Trivy KSV-0050, KSV-0051, KSV-0052, KSV-0055
    /// - CIS Kubernetes Benchmark 5.1.8
    pub struct RbacBindEscalate {
        id: "rbac-bind-escalate",
        title: "Binding grants bind or escalate on roles",
        severity: Severity::Critical,
        category: Category::Rbac,
        scope: Scope::Graph,
        remediation: "Remove `bind` and `escalate`; if a controller must bind one specific role, limit `bind` to it with `resourceNames`.",
        references: References {
            checkov: &["CKV_K8S_157", "CKV_K8S_158", "CKV2_K8S_1"],
            trivy: &["KSV-0050", "KSV-0051", "KSV-0052", "KSV-0055"],
            cis: &["5.1.8"],
            ..References::NONE
        },
    }
}

const CHECKS: &[Check] = &[
    check(
        &["bind", "escalate"],
        "rbac.authorization.k8s.io",
        "clusterroles",
        None,
    ),
    check(
        &["bind", "escalate"],
        "rbac.authorization.k8s.io",
        "roles",
        None,
    ),
];

impl Rule for RbacBindEscalate {
    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        report_permission(graph, cx, CHECKS, |_, _| true);
    }
}
