use super::helpers::subject_node;
use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_graph::rbac::Gain;
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Subjects that can create pods, or workloads that create them (Deployments, DaemonSets,
    /// StatefulSets, ReplicaSets, Jobs, CronJobs, ReplicationControllers), in a namespace where
    /// a ServiceAccount lives that can do more than they can: every verb on every resource
    /// cluster-wide, or read Secrets where they cannot. A pod may run as any ServiceAccount of
    /// its namespace, and the workload controllers do not check who asked, so the subject
    /// inherits those ServiceAccounts' permissions. Reported at the subject of the binding that
    /// grants the pod creation, with the chain in the message: the strongest gain (cluster-admin,
    /// then Secrets cluster-wide, then in a namespace), through the first such ServiceAccount.
    ///
    /// The chain is followed through ServiceAccounts that can create pods in turn (alice runs
    /// a pod as `shop/ci`, which can create pods in `prod`, where `prod/deployer` is
    /// cluster-admin), by its shortest path. ServiceAccounts considered are those some loaded
    /// binding names; subjects that are cluster-admin already, and Kubernetes' own bindings,
    /// are not reported.
    ///
    /// ## Why it matters
    /// This is the most common way a "can only deploy to one namespace" role becomes cluster
    /// administrator: an operator or CI ServiceAccount bound to cluster-admin in the same
    /// namespace as the workloads that developers deploy. Reviewing roles one at a time never
    /// shows it.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: RoleBinding
    /// metadata:
    ///   name: alice-edit
    ///   namespace: shop
    /// roleRef:
    ///   apiGroup: rbac.authorization.k8s.io
    ///   kind: ClusterRole
    ///   name: edit
    /// subjects:
    ///   - kind: User
    ///     name: alice
    ///     apiGroup: rbac.authorization.k8s.io
    /// ---
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
    ///     namespace: shop
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: RoleBinding
    /// metadata:
    ///   name: alice-edit
    ///   namespace: shop
    /// roleRef:
    ///   apiGroup: rbac.authorization.k8s.io
    ///   kind: ClusterRole
    ///   name: edit
    /// subjects:
    ///   - kind: User
    ///     name: alice
    ///     apiGroup: rbac.authorization.k8s.io
    /// ---
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
    /// ## References
    /// - Kubernetes documentation, "Role Based Access Control Good Practices": workload
    ///   creation, privilege escalation risks
    /// - kube-linter `access-to-create-pods` and Trivy KSV-0048 flag pod creation alone
    pub struct RbacEscalationViaPodCreate {
        id: "rbac-escalation-via-pod-create",
        title: "Pod creation reaches a more powerful ServiceAccount",
        severity: Severity::High,
        category: Category::Rbac,
        scope: Scope::Graph,
        remediation: "Move the powerful ServiceAccount (and the workload using it) to a namespace where the subject cannot create pods, or reduce that ServiceAccount's permissions.",
        references: References {
            kube_linter: &["access-to-create-pods"],
            trivy: &["KSV-0048"],
            ..References::NONE
        },
    }
}

impl Rule for RbacEscalationViaPodCreate {
    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        let rbac = graph.rbac();
        for e in rbac.pod_create_escalations() {
            let binding = &rbac.bindings()[e.binding];
            let sa_binding = &rbac.bindings()[e.sa_binding];
            let (Some(id), Some(node)) = (
                binding.object,
                subject_node(graph, binding, e.subject_index),
            ) else {
                continue;
            };
            let chain: Vec<String> = e
                .hops
                .iter()
                .map(|hop| {
                    let place = match &hop.namespace {
                        Some(ns) => format!("in {ns}"),
                        None => "in every namespace".to_string(),
                    };
                    format!(
                        "can create {} {place} → can run as {}",
                        hop.creates,
                        hop.service_account.describe()
                    )
                })
                .collect();
            let gain = match &e.gain {
                Gain::ClusterAdmin => format!(
                    "bound to {} by {}",
                    sa_binding.role_name,
                    sa_binding.describe()
                ),
                Gain::SecretsRead(scope) => format!(
                    "can read secrets {} through {} bound by {}",
                    match scope {
                        Some(ns) => format!("in {ns}"),
                        None => "in every namespace".to_string(),
                    },
                    sa_binding.role_describe(),
                    sa_binding.describe()
                ),
            };
            cx.report(
                id,
                node,
                format!("{} {} → {gain}", e.subject, chain.join(" → ")),
            );
        }
    }
}
