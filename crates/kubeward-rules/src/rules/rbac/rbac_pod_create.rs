use super::helpers::{Check, check, report_permission};
use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Bindings that let a subject `create` Pods or the workloads that create them: Deployments,
    /// DaemonSets, StatefulSets, ReplicaSets, Jobs, CronJobs, ReplicationControllers.
    ///
    /// Judged on effective permissions: the role is resolved through the binding (Kubernetes' built-in
    /// roles such as `edit` and `admin` included, aggregation applied), and the finding is reported at
    /// the binding's subject, naming the subject, the role and the permission. Roles that grant every
    /// verb on every resource are reported by `rbac-cluster-admin-binding` instead, and Kubernetes'
    /// own bindings (built-in ones, `system:` roles bound to `system:` subjects or to `kube-system`
    /// ServiceAccounts) are left out.
    ///
    /// ## Why it matters
    /// Whoever creates a pod chooses what it runs, which host paths it mounts (unless admission
    /// forbids it) and which ServiceAccount of the namespace it runs as, so it holds every permission
    /// of every ServiceAccount there. `rbac-escalation-via-pod-create` reports when that reaches
    /// secrets or cluster-admin.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: Role
    /// metadata:
    ///   name: app
    ///   namespace: shop
    /// rules:
    ///   - apiGroups: [apps]
    ///     resources: [deployments]
    ///     verbs: [create, update, patch]
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
    ///   - apiGroups: [apps]
    ///     resources: [deployments]
    ///     verbs: [get, list, watch]
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
    /// - kube-linter `access-to-create-pods`; Trivy KSV-0048
    /// - CIS Kubernetes Benchmark 5.1.4
    pub struct RbacPodCreate {
        id: "rbac-pod-create",
        title: "Binding grants creating pods or workloads",
        severity: Severity::Medium,
        category: Category::Rbac,
        scope: Scope::Graph,
        remediation: "Let a deployment pipeline's own ServiceAccount create workloads, not people; enforce the restricted Pod Security Standard in namespaces where subjects may create pods.",
        references: References {
            kube_linter: &["access-to-create-pods"],
            trivy: &["KSV-0048"],
            cis: &["5.1.4"],
            ..References::NONE
        },
    }
}

const CHECKS: &[Check] = &[
    check(&["create"], "", "pods", None),
    check(&["create"], "apps", "deployments", None),
    check(&["create"], "apps", "daemonsets", None),
    check(&["create"], "apps", "statefulsets", None),
    check(&["create"], "apps", "replicasets", None),
    check(&["create"], "batch", "jobs", None),
    check(&["create"], "batch", "cronjobs", None),
    check(&["create"], "", "replicationcontrollers", None),
];

impl Rule for RbacPodCreate {
    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        report_permission(graph, cx, CHECKS, |_, _| true);
    }
}
