use super::helpers::{Check, check, report_permission};
use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Bindings that allow any verb on `nodes/proxy`.
    ///
    /// Judged on effective permissions: the role is resolved through the binding (Kubernetes' built-in
    /// roles such as `edit` and `admin` included, aggregation applied), and the finding is reported at
    /// the binding's subject, naming the subject, the role and the permission. Roles that grant every
    /// verb on every resource are reported by `rbac-cluster-admin-binding` instead, and Kubernetes'
    /// own bindings (built-in ones, `system:` roles bound to `system:` subjects or to `kube-system`
    /// ServiceAccounts) are left out.
    ///
    /// ## Why it matters
    /// `nodes/proxy` reaches the kubelet API of every node through the API server: it lists and execs
    /// into every pod of the node, bypassing `pods/exec` authorization and, for requests sent to the
    /// kubelet directly, the audit log.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRole
    /// metadata:
    ///   name: app
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: [nodes/proxy]
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
    /// ## Good
    /// ```yaml
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRole
    /// metadata:
    ///   name: app
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: [nodes, nodes/metrics]
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
    /// - Checkov CKV2_K8S_2; Trivy KSV-0047
    pub struct RbacNodesProxy {
        id: "rbac-nodes-proxy",
        title: "Binding grants nodes/proxy",
        severity: Severity::High,
        category: Category::Rbac,
        scope: Scope::Graph,
        remediation: "Grant `nodes/metrics` or `nodes/stats` for monitoring instead of `nodes/proxy`.",
        references: References {
            checkov: &["CKV2_K8S_2"],
            trivy: &["KSV-0047"],
            ..References::NONE
        },
    }
}

const CHECKS: &[Check] = &[check(
    &[
        "get", "create", "update", "patch", "delete", "list", "watch",
    ],
    "",
    "nodes",
    Some("proxy"),
)];

impl Rule for RbacNodesProxy {
    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        report_permission(graph, cx, CHECKS, |_, _| true);
    }
}
