use super::helpers::{hpas_of, pdbs_of};
use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_model::{Category, Node, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// PodDisruptionBudgets with an integer `minAvailable` at or above the `minReplicas` of the
    /// HorizontalPodAutoscaler that scales a workload they select. (Percentages scale with the
    /// replica count and are not reported.)
    ///
    /// ## Why it matters
    /// When the HPA scales the workload down to `minReplicas`, the budget allows no eviction at
    /// all: node drains and cluster upgrades hang on these pods until someone deletes the PDB
    /// by hand. `minAvailable` above `minReplicas` is worse: the budget is violated by design.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: policy/v1
    /// kind: PodDisruptionBudget
    /// metadata:
    ///   name: web
    /// spec:
    ///   minAvailable: 3
    ///   selector:
    ///     matchLabels: {app: web}
    /// ---
    /// apiVersion: autoscaling/v2
    /// kind: HorizontalPodAutoscaler
    /// metadata:
    ///   name: web
    /// spec:
    ///   scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
    ///   minReplicas: 2
    ///   maxReplicas: 10
    /// ---
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// spec:
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
    /// apiVersion: policy/v1
    /// kind: PodDisruptionBudget
    /// metadata:
    ///   name: web
    /// spec:
    ///   minAvailable: 1
    ///   selector:
    ///     matchLabels: {app: web}
    /// ---
    /// apiVersion: autoscaling/v2
    /// kind: HorizontalPodAutoscaler
    /// metadata:
    ///   name: web
    /// spec:
    ///   scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
    ///   minReplicas: 2
    ///   maxReplicas: 10
    /// ---
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// spec:
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
    /// ## References
    /// - Polaris `pdbMinAvailableGreaterThanHPAMinReplicas`
    pub struct PdbMinAvailableExceedsHpaMin {
        id: "pdb-min-available-exceeds-hpa-min",
        title: "PodDisruptionBudget minAvailable is not below the HPA's minReplicas",
        severity: Severity::Low,
        category: Category::Reliability,
        scope: Scope::Graph,
        remediation: "Lower the PDB's `minAvailable` below the HPA's `minReplicas`, use `maxUnavailable: 1` instead, or raise `minReplicas`.",
        references: References {
            polaris: &["pdbMinAvailableGreaterThanHPAMinReplicas"],
            ..References::NONE
        },
    }
}

impl Rule for PdbMinAvailableExceedsHpaMin {
    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        for workload in graph.workloads() {
            let Some((hpa, min_replicas)) = hpas_of(graph, workload).find_map(|h| {
                let min = graph.object(h).root.path(&["spec", "minReplicas"]);
                // `minReplicas` defaults to 1.
                Some((h, min.map_or(Some(1), Node::as_i64)?))
            }) else {
                continue;
            };
            let hpa_name = graph.object(hpa).id.name.clone().unwrap_or_default();
            for pdb in pdbs_of(graph, workload) {
                let Some(node) = graph.object(pdb).root.path(&["spec", "minAvailable"]) else {
                    continue;
                };
                let Some(min_available) = node.as_i64() else {
                    continue;
                };
                if min_available < min_replicas {
                    continue;
                }
                let consequence = if min_available == min_replicas {
                    "at that scale no pod can be evicted and node drains hang"
                } else {
                    "the budget is violated at that scale and no pod can be evicted"
                };
                cx.report(
                    pdb,
                    node,
                    format!(
                        "`minAvailable: {min_available}` while HorizontalPodAutoscaler {}/{hpa_name} may scale {} {}/{} down to {min_replicas}: {consequence}",
                        workload.namespace, workload.kind, workload.namespace, workload.name
                    ),
                );
            }
        }
    }
}
