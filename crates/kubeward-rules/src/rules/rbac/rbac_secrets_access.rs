use super::helpers::{Check, check, report_permission};
use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_graph::rbac::READ_VERBS;
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Bindings that let a subject `get`, `list` or `watch` Secrets (all of them, or some by
    /// `resourceNames`, which the message lists).
    ///
    /// Judged on effective permissions: the role is resolved through the binding (Kubernetes' built-in
    /// roles such as `edit` and `admin` included, aggregation applied), and the finding is reported at
    /// the binding's subject, naming the subject, the role and the permission. Roles that grant every
    /// verb on every resource are reported by `rbac-cluster-admin-binding` instead, and Kubernetes'
    /// own bindings (built-in ones, `system:` roles bound to `system:` subjects or to `kube-system`
    /// ServiceAccounts) are left out.
    ///
    /// ## Why it matters
    /// Secrets hold credentials: service account tokens, database passwords, TLS keys. `list` and
    /// `watch` return their content just like `get`, so read access to the Secrets of a namespace is
    /// access to everything those credentials open. The built-in `edit` and `admin` roles include it.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: Role
    /// metadata:
    ///   name: app
    ///   namespace: shop
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: [secrets]
    ///     verbs: [get, list]
    /// ---
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: RoleBinding
    /// metadata:
    ///   name: app
    ///   namespace: shop
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
    ///   namespace: shop
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: [configmaps]
    ///     verbs: [get, list]
    /// ---
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: RoleBinding
    /// metadata:
    ///   name: app
    ///   namespace: shop
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
    /// - kube-linter `access-to-secrets`; Checkov CKV2_K8S_5; Trivy KSV-0041, KSV-0113
    /// - CIS Kubernetes Benchmark 5.1.2
    pub struct RbacSecretsAccess {
        id: "rbac-secrets-access",
        title: "Binding grants read access to Secrets",
        severity: Severity::High,
        category: Category::Rbac,
        scope: Scope::Graph,
        remediation: "Grant read access to the few Secrets the subject needs with `resourceNames`, or mount them into the workload instead of reading them through the API; bind `view` rather than `edit` for read-only users.",
        references: References {
            kube_linter: &["access-to-secrets"],
            checkov: &["CKV2_K8S_5"],
            trivy: &["KSV-0041", "KSV-0113"],
            cis: &["5.1.2"],
            ..References::NONE
        },
    }
}

const CHECKS: &[Check] = &[check(READ_VERBS, "", "secrets", None)];

impl Rule for RbacSecretsAccess {
    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        report_permission(graph, cx, CHECKS, |_, _| true);
    }
}
