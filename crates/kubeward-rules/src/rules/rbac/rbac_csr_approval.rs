use super::helpers::{Check, check, report_permission};
use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Bindings that allow `update` or `patch` on `certificatesigningrequests/approval`.
    ///
    /// Judged on effective permissions: the role is resolved through the binding (Kubernetes' built-in
    /// roles such as `edit` and `admin` included, aggregation applied), and the finding is reported at
    /// the binding's subject, naming the subject, the role and the permission. Roles that grant every
    /// verb on every resource are reported by `rbac-cluster-admin-binding` instead, and Kubernetes'
    /// own bindings (built-in ones, `system:` roles bound to `system:` subjects or to `kube-system`
    /// ServiceAccounts) are left out.
    ///
    /// ## Why it matters
    /// Approving a CertificateSigningRequest for the `kubernetes.io/kube-apiserver-client` signer
    /// issues a client certificate for any user and group, `system:masters` included: a credential
    /// that cannot be revoked before it expires.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRole
    /// metadata:
    ///   name: app
    /// rules:
    ///   - apiGroups: [certificates.k8s.io]
    ///     resources: [certificatesigningrequests/approval]
    ///     verbs: [update]
    ///   - apiGroups: [certificates.k8s.io]
    ///     resources: [signers]
    ///     verbs: [approve]
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
    ///   - apiGroups: [certificates.k8s.io]
    ///     resources: [certificatesigningrequests]
    ///     verbs: [create, get]
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
    /// - Checkov CKV_K8S_156
    pub struct RbacCsrApproval {
        id: "rbac-csr-approval",
        title: "Binding grants approving certificate signing requests",
        severity: Severity::High,
        category: Category::Rbac,
        scope: Scope::Graph,
        remediation: "Leave approval to the controller manager's approvers; a custom approver needs `approve` limited to its own signer with `resourceNames`.",
        references: References {
            checkov: &["CKV_K8S_156"],
            ..References::NONE
        },
    }
}

const CHECKS: &[Check] = &[check(
    &["update", "patch"],
    "certificates.k8s.io",
    "certificatesigningrequests",
    Some("approval"),
)];

impl Rule for RbacCsrApproval {
    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        report_permission(graph, cx, CHECKS, |_, _| true);
    }
}
