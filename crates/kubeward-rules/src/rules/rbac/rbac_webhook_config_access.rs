use super::helpers::{Check, check, report_permission};
use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Bindings that allow creating, changing or deleting ValidatingWebhookConfigurations or
    /// MutatingWebhookConfigurations.
    ///
    /// Judged on effective permissions: the role is resolved through the binding (Kubernetes' built-in
    /// roles such as `edit` and `admin` included, aggregation applied), and the finding is reported at
    /// the binding's subject, naming the subject, the role and the permission. Roles that grant every
    /// verb on every resource are reported by `rbac-cluster-admin-binding` instead, and Kubernetes'
    /// own bindings (built-in ones, `system:` roles bound to `system:` subjects or to `kube-system`
    /// ServiceAccounts) are left out.
    ///
    /// ## Why it matters
    /// Admission webhooks see, and mutating ones rewrite, every object sent to the API server. Whoever
    /// controls them can disable policy enforcement (kubeward's own webhook included), read Secrets as
    /// they are written, or inject containers into every pod.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRole
    /// metadata:
    ///   name: app
    /// rules:
    ///   - apiGroups: [admissionregistration.k8s.io]
    ///     resources: [mutatingwebhookconfigurations]
    ///     verbs: [create, update, patch, delete]
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
    ///   - apiGroups: [admissionregistration.k8s.io]
    ///     resources: [mutatingwebhookconfigurations]
    ///     verbs: [get, list, watch]
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
    /// - Checkov CKV_K8S_155; Trivy KSV-0114
    pub struct RbacWebhookConfigAccess {
        id: "rbac-webhook-config-access",
        title: "Binding grants control over admission webhooks",
        severity: Severity::High,
        category: Category::Rbac,
        scope: Scope::Graph,
        remediation: "Leave webhook configurations to cluster administrators; a controller that manages its own webhook's CA bundle needs `update`/`patch` limited to it with `resourceNames`.",
        references: References {
            checkov: &["CKV_K8S_155"],
            trivy: &["KSV-0114"],
            ..References::NONE
        },
    }
}

const WRITE: &[&str] = &["create", "update", "patch", "delete", "deletecollection"];

const CHECKS: &[Check] = &[
    check(
        WRITE,
        "admissionregistration.k8s.io",
        "validatingwebhookconfigurations",
        None,
    ),
    check(
        WRITE,
        "admissionregistration.k8s.io",
        "mutatingwebhookconfigurations",
        None,
    ),
];

impl Rule for RbacWebhookConfigAccess {
    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        report_permission(graph, cx, CHECKS, |_, _| true);
    }
}
