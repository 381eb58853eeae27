use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_graph::selector::{LabelSelector, string_map};
use kubeward_model::{Category, Node, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Services with a `selector` that matches the pod labels of no workload loaded in the same
    /// namespace. Services without a selector (`ExternalName`, or Endpoints managed by hand) are
    /// not checked. The verdict depends on what was loaded: scan a whole application (all of a
    /// chart's output) so the workloads the Service targets are in the set.
    ///
    /// ## Why it matters
    /// A Service that selects nothing has no endpoints: clients get connection refused, usually
    /// because of a typo in a label or a selector left behind after a rename. Worse, the first
    /// workload deployed later with matching labels starts receiving the traffic.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: web
    /// spec:
    ///   selector:
    ///     app: wbe
    ///   ports:
    ///     - port: 80
    ///       targetPort: 8080
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
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: web
    /// spec:
    ///   selector:
    ///     app: web
    ///   ports:
    ///     - port: 80
    ///       targetPort: 8080
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
    /// - kube-linter `dangling-service`; kube-score `service-targets-pod`
    pub struct ServiceSelectsNothing {
        id: "service-selects-nothing",
        title: "Service selects no workload",
        severity: Severity::Low,
        category: Category::Network,
        scope: Scope::Graph,
        remediation: "Make the Service's `spec.selector` match the pod template labels of the workload it fronts (check for typos), or delete the Service.",
        references: References {
            kube_linter: &["dangling-service"],
            kube_score: &["service-targets-pod"],
            ..References::NONE
        },
    }
}

impl Rule for ServiceSelectsNothing {
    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        for &id in graph.of_kind("Service") {
            let service = graph.object(id);
            let Some(selector) = service
                .root
                .path(&["spec", "selector"])
                .filter(|s| is_set(s))
            else {
                continue;
            };
            let selector = LabelSelector::from_map(string_map(Some(selector)));
            let namespace = graph.namespace_of(id).unwrap_or_default();
            let selected = graph.any_workload_matches(namespace, &selector);
            if !selected {
                cx.report(
                    id,
                    service
                        .root
                        .path(&["spec", "selector"])
                        .unwrap_or(&service.root),
                    format!(
                        "Service selector `{}` matches no workload in namespace `{namespace}`",
                        selector.describe()
                    ),
                );
            }
        }
    }
}

fn is_set(selector: &Node) -> bool {
    selector.is_map() && !selector.entries().is_empty()
}
