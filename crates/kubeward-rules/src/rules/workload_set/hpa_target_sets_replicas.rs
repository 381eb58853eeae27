use super::helpers::{SCALED_KINDS, hpas_of};
use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Deployments, StatefulSets and ReplicaSets that set `spec.replicas` while a
    /// HorizontalPodAutoscaler in the loaded set scales them (`scaleTargetRef` names them).
    ///
    /// ## Why it matters
    /// The HPA owns the replica count. Every `kubectl apply` (or GitOps sync) of a manifest that
    /// also sets `replicas` resets the count to that number, and a workload scaled up for load
    /// is scaled down in the middle of it until the HPA reacts again.
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
    /// ---
    /// apiVersion: autoscaling/v2
    /// kind: HorizontalPodAutoscaler
    /// metadata:
    ///   name: web
    /// spec:
    ///   scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
    ///   minReplicas: 3
    ///   maxReplicas: 10
    /// ```
    ///
    /// ## Good
    /// ```yaml
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
    /// ---
    /// apiVersion: autoscaling/v2
    /// kind: HorizontalPodAutoscaler
    /// metadata:
    ///   name: web
    /// spec:
    ///   scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
    ///   minReplicas: 3
    ///   maxReplicas: 10
    /// ```
    ///
    /// ## References
    /// - kube-score `deployment-targeted-by-hpa-does-not-have-replicas-configured`
    pub struct HpaTargetSetsReplicas {
        id: "hpa-target-sets-replicas",
        title: "Workload scaled by an HPA still sets replicas",
        severity: Severity::Low,
        category: Category::Reliability,
        scope: Scope::Graph,
        remediation: "Remove `spec.replicas` from the manifest of a workload an HPA scales; the HPA's `minReplicas` sets the floor.",
        references: References {
            kube_score: &["deployment-targeted-by-hpa-does-not-have-replicas-configured"],
            ..References::NONE
        },
    }
}

impl Rule for HpaTargetSetsReplicas {
    // Reads workload trees: it points at the workload's `spec.replicas`.
    fn reads_workload_trees(&self) -> bool {
        true
    }

    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        for workload in graph.workloads() {
            if !SCALED_KINDS.contains(&workload.kind.as_str()) {
                continue;
            }
            let object = graph.object(workload.object);
            let Some(replicas) = object
                .root
                .path(&["spec", "replicas"])
                .filter(|n| !n.is_null())
            else {
                continue;
            };
            if let Some(hpa) = hpas_of(graph, workload).next() {
                let hpa = graph.object(hpa);
                cx.report(
                    workload.object,
                    replicas,
                    format!(
                        "{} sets `replicas` while HorizontalPodAutoscaler {}/{} scales it; every apply resets the replica count",
                        workload.kind,
                        workload.namespace,
                        hpa.id.name.as_deref().unwrap_or("<unnamed>")
                    ),
                );
            }
        }
    }
}
