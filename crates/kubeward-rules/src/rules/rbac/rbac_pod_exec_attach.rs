use super::helpers::{Check, check, report_permission};
use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Bindings that allow `pods/exec` or `pods/attach` (`create`, or `get`, which the WebSocket
    /// protocol uses).
    ///
    /// Judged on effective permissions: the role is resolved through the binding (Kubernetes' built-in
    /// roles such as `edit` and `admin` included, aggregation applied), and the finding is reported at
    /// the binding's subject, naming the subject, the role and the permission. Roles that grant every
    /// verb on every resource are reported by `rbac-cluster-admin-binding` instead, and Kubernetes'
    /// own bindings (built-in ones, `system:` roles bound to `system:` subjects or to `kube-system`
    /// ServiceAccounts) are left out.
    ///
    /// ## Why it matters
    /// Exec runs any command inside a running container, with its ServiceAccount token, its mounted
    /// Secrets and its network position: a shell in production. The built-in `edit` and `admin` roles
    /// include it.
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
    ///     resources: [pods, pods/exec]
    ///     verbs: [get, create]
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
    ///     resources: [pods, pods/log]
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
    /// - Polaris `clusterrolePodExecAttach`, `rolePodExecAttach`, `clusterrolebindingPodExecAttach`, `rolebindingClusterRolePodExecAttach`, `rolebindingRolePodExecAttach`; Checkov CKV2_K8S_2; Trivy KSV-0053, KSV-0054
    pub struct RbacPodExecAttach {
        id: "rbac-pod-exec-attach",
        title: "Binding grants exec or attach into pods",
        severity: Severity::High,
        category: Category::Rbac,
        scope: Scope::Graph,
        remediation: "Remove `pods/exec` and `pods/attach` from roles of people and automation; grant them temporarily for debugging (and audit their use).",
        references: References {
            polaris: &["clusterrolePodExecAttach", "rolePodExecAttach", "clusterrolebindingPodExecAttach", "rolebindingClusterRolePodExecAttach", "rolebindingRolePodExecAttach"],
            checkov: &["CKV2_K8S_2"],
            trivy: &["KSV-0053", "KSV-0054"],
            ..References::NONE
        },
    }
}

const CHECKS: &[Check] = &[
    check(&["create", "get"], "", "pods", Some("exec")),
    check(&["create", "get"], "", "pods", Some("attach")),
];

impl Rule for RbacPodExecAttach {
    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        report_permission(graph, cx, CHECKS, |_, _| true);
    }
}
