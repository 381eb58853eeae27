use super::helpers::{subject_node, user_grants};
use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// RoleBindings and ClusterRoleBindings whose role grants every verb on every resource
    /// (`cluster-admin`, or any role with a rule of `*` verbs, `*` resources and `*` API
    /// groups), reported at each subject. A ClusterRoleBinding makes the subject administrator
    /// of the cluster; a RoleBinding, of the namespace (its Secrets, its pods, its RBAC).
    /// Kubernetes' own binding of `cluster-admin` to `system:masters` is not reported, and
    /// `system:masters` subjects are `rbac-system-masters-binding`'s.
    ///
    /// ## Why it matters
    /// A compromised administrator credential is the whole cluster (or namespace). Application
    /// ServiceAccounts, CI pipelines and operators rarely need more than a few resources, and
    /// people need it only for break-glass access.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: ClusterRoleBinding
    /// metadata:
    ///   name: deployer-admin
    /// roleRef:
    ///   apiGroup: rbac.authorization.k8s.io
    ///   kind: ClusterRole
    ///   name: cluster-admin
    /// subjects:
    ///   - kind: ServiceAccount
    ///     name: deployer
    ///     namespace: ci
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: RoleBinding
    /// metadata:
    ///   name: deployer-edit
    ///   namespace: shop
    /// roleRef:
    ///   apiGroup: rbac.authorization.k8s.io
    ///   kind: ClusterRole
    ///   name: edit
    /// subjects:
    ///   - kind: ServiceAccount
    ///     name: deployer
    ///     namespace: ci
    /// ```
    ///
    /// ## References
    /// - kube-linter `cluster-admin-role-binding`; Polaris `clusterrolebindingClusterAdmin`,
    ///   `rolebindingClusterAdminClusterRole`, `rolebindingClusterAdminRole`; Trivy KSV-0111
    /// - CIS Kubernetes Benchmark 5.1.1
    pub struct RbacClusterAdminBinding {
        id: "rbac-cluster-admin-binding",
        title: "Binding grants every permission",
        severity: Severity::High,
        category: Category::Rbac,
        scope: Scope::Graph,
        remediation: "Bind a role that lists the resources and verbs the subject needs; keep cluster-admin for break-glass accounts.",
        references: References {
            kube_linter: &["cluster-admin-role-binding"],
            polaris: &[
                "clusterrolebindingClusterAdmin",
                "rolebindingClusterAdminClusterRole",
                "rolebindingClusterAdminRole",
            ],
            trivy: &["KSV-0111"],
            cis: &["5.1.1"],
            ..References::NONE
        },
    }
}

impl Rule for RbacClusterAdminBinding {
    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        let rbac = graph.rbac();
        for (binding, index, subject, role) in user_grants(rbac) {
            if !role.is_admin_equivalent() || subject.name == "system:masters" {
                continue;
            }
            let (Some(id), Some(node)) = (binding.object, subject_node(graph, binding, index))
            else {
                continue;
            };
            let scope = match &binding.namespace {
                Some(ns) => format!("in namespace `{ns}`"),
                None => "cluster-wide".to_string(),
            };
            cx.report(
                id,
                node,
                format!(
                    "{} binds {subject} to {}, which grants every verb on every resource {scope}",
                    binding.describe(),
                    role.describe()
                ),
            );
        }
    }
}
