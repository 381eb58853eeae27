use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_model::{Category, Node, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// HorizontalPodAutoscalers whose `spec.scaleTargetRef` (`kind` and `name`) names no loaded
    /// object of the HPA's namespace. Reported at the `name` (or at `scaleTargetRef` when it
    /// has none). Scan the whole application at once, so the target is in the set.
    ///
    /// ## Why it matters
    /// The autoscaler does nothing: the workload keeps its fixed replica count under load. The
    /// usual cause is a renamed Deployment, or a `kind` that does not match (a `Deployment`
    /// HPA for a `StatefulSet`).
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: autoscaling/v2
    /// kind: HorizontalPodAutoscaler
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// spec:
    ///   scaleTargetRef:
    ///     apiVersion: apps/v1
    ///     kind: Deployment
    ///     name: webapp
    ///   minReplicas: 2
    ///   maxReplicas: 10
    /// ---
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    ///   namespace: shop
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
    /// apiVersion: autoscaling/v2
    /// kind: HorizontalPodAutoscaler
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// spec:
    ///   scaleTargetRef:
    ///     apiVersion: apps/v1
    ///     kind: Deployment
    ///     name: web
    ///   minReplicas: 2
    ///   maxReplicas: 10
    /// ---
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    ///   namespace: shop
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
    /// - kube-linter `dangling-horizontalpodautoscaler`; kube-score
    ///   `horizontalpodautoscaler-has-target`
    pub struct HpaTargetNotFound {
        id: "hpa-target-not-found",
        title: "HorizontalPodAutoscaler targets an object that does not exist",
        severity: Severity::Low,
        category: Category::Reliability,
        scope: Scope::Graph,
        remediation: "Make `spec.scaleTargetRef` name the `kind` and `name` of the workload to scale, in the HPA's namespace.",
        references: References {
            kube_linter: &["dangling-horizontalpodautoscaler"],
            kube_score: &["horizontalpodautoscaler-has-target"],
            ..References::NONE
        },
    }
}

impl Rule for HpaTargetNotFound {
    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        for &id in graph.of_kind("HorizontalPodAutoscaler") {
            let hpa = graph.object(id);
            let Some(target) = hpa
                .root
                .path(&["spec", "scaleTargetRef"])
                .filter(|n| n.is_map())
            else {
                continue;
            };
            let kind = target.get("kind").and_then(Node::as_str).unwrap_or("");
            let name_node = target.get("name");
            let name = name_node.and_then(Node::as_str).unwrap_or("");
            let namespace = graph.namespace_of(id).unwrap_or_default();
            if graph.find(kind, Some(namespace), name).is_some() {
                continue;
            }
            let what = if kind.is_empty() || name.is_empty() {
                "an incomplete `scaleTargetRef` (kind and name are required)".to_string()
            } else {
                format!("{kind} `{name}`, which is not in namespace `{namespace}`")
            };
            cx.report(
                id,
                name_node.unwrap_or(target),
                format!("HorizontalPodAutoscaler targets {what}"),
            );
        }
    }
}
