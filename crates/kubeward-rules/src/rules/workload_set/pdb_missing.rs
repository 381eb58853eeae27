use super::helpers::{SCALED_KINDS, hpas_of, is_owned, pdbs_of};
use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_model::{Category, Node, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Deployments, StatefulSets and ReplicaSets that run two or more replicas (`spec.replicas`,
    /// or an HPA's `minReplicas`) while no PodDisruptionBudget of their namespace selects their
    /// pods. Workloads with one replica are left alone: a PDB cannot keep a single pod up
    /// through a drain anyway (`too-few-replicas` is about that).
    ///
    /// ## Why it matters
    /// Without a budget, a node drain or cluster upgrade may evict every replica at once; the
    /// replicas exist precisely to keep the service up through such disruptions.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// spec:
    ///   replicas: 3
    ///   selector:
    ///     matchLabels: {app: web}
    ///   template:
    ///     metadata:
    ///       labels: {app: web}
    ///     spec:
    ///       containers:
    ///         - name: app
    ///           image: registry.example.com/web:1.4.2
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// spec:
    ///   replicas: 3
    ///   selector:
    ///     matchLabels: {app: web}
    ///   template:
    ///     metadata:
    ///       labels: {app: web}
    ///     spec:
    ///       containers:
    ///         - name: app
    ///           image: registry.example.com/web:1.4.2
    /// ---
    /// apiVersion: policy/v1
    /// kind: PodDisruptionBudget
    /// metadata:
    ///   name: web
    /// spec:
    ///   maxUnavailable: 1
    ///   selector:
    ///     matchLabels: {app: web}
    /// ```
    ///
    /// ## References
    /// - Polaris `missingPodDisruptionBudget`; kube-score `deployment-has-poddisruptionbudget`,
    ///   `statefulset-has-poddisruptionbudget`
    pub struct PdbMissing {
        id: "pdb-missing",
        title: "Replicated workload has no PodDisruptionBudget",
        severity: Severity::Low,
        category: Category::Reliability,
        scope: Scope::Graph,
        remediation: "Add a PodDisruptionBudget (`policy/v1`) whose selector matches the pod template labels, with `maxUnavailable: 1` or a `minAvailable` below the replica count.",
        references: References {
            polaris: &["missingPodDisruptionBudget"],
            kube_score: &[
                "deployment-has-poddisruptionbudget",
                "statefulset-has-poddisruptionbudget",
            ],
            ..References::NONE
        },
    }
}

impl Rule for PdbMissing {
    // Reads workload trees: it points at the workload's `spec.replicas`.
    fn reads_workload_trees(&self) -> bool {
        true
    }

    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        for workload in graph.workloads() {
            let id = workload.object;
            if !SCALED_KINDS.contains(&workload.kind.as_str()) || is_owned(graph, id) {
                continue;
            }
            let object = graph.object(id);
            let replicas_node = object.root.path(&["spec", "replicas"]);
            let replicas = replicas_node.and_then(Node::as_i64).unwrap_or(1);
            let hpa_min = hpas_of(graph, workload)
                .filter_map(|h| {
                    graph
                        .object(h)
                        .root
                        .path(&["spec", "minReplicas"])
                        .and_then(Node::as_i64)
                })
                .max();
            let count = hpa_min.unwrap_or(replicas);
            if count < 2 || pdbs_of(graph, workload).next().is_some() {
                continue;
            }
            let source = if hpa_min.is_some() {
                format!("at least {count} replicas (HPA `minReplicas`)")
            } else {
                format!("{count} replicas")
            };
            cx.report(
                id,
                replicas_node.unwrap_or(&object.root),
                format!(
                    "{} runs {source} but no PodDisruptionBudget in namespace `{}` selects its pods",
                    workload.kind, workload.namespace
                ),
            );
        }
    }
}
