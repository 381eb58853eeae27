use super::helpers::describe_selector;
use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_graph::exposure::ServiceView;
use kubeward_graph::selector::{LabelSelector, string_map};
use kubeward_model::{Category, Node, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Prometheus Operator `ServiceMonitor`s (`monitoring.coreos.com`) whose `spec.selector`
    /// matches the labels of no loaded Service in the namespaces it looks in (its own, the
    /// `namespaceSelector.matchNames`, or every namespace with `namespaceSelector.any: true`),
    /// reported at the selector; and, when it selects Services, `spec.endpoints[].port` names
    /// that none of them has (reported at the port). Scan the whole application at once, so the
    /// Services are in the set.
    ///
    /// ## Why it matters
    /// Prometheus silently scrapes nothing: the dashboards go flat and the alerts that would tell
    /// you about an outage never fire. The usual cause is a Service label or port name changed
    /// without the ServiceMonitor.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: monitoring.coreos.com/v1
    /// kind: ServiceMonitor
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// spec:
    ///   selector:
    ///     matchLabels: {app: webapp}
    ///   endpoints:
    ///     - port: metrics
    /// ---
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: web-metrics
    ///   namespace: shop
    ///   labels: {app: web}
    /// spec:
    ///   selector: {app: web}
    ///   ports:
    ///     - name: metrics
    ///       port: 9090
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: monitoring.coreos.com/v1
    /// kind: ServiceMonitor
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// spec:
    ///   selector:
    ///     matchLabels: {app: web}
    ///   endpoints:
    ///     - port: metrics
    /// ---
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: web-metrics
    ///   namespace: shop
    ///   labels: {app: web}
    /// spec:
    ///   selector: {app: web}
    ///   ports:
    ///     - name: metrics
    ///       port: 9090
    /// ```
    ///
    /// ## References
    /// - kube-linter `dangling-servicemonitor`
    pub struct ServicemonitorSelectsNothing {
        id: "servicemonitor-selects-nothing",
        title: "ServiceMonitor selects no Service",
        severity: Severity::Info,
        category: Category::Reliability,
        scope: Scope::Graph,
        remediation: "Make the ServiceMonitor's `selector` (and `namespaceSelector`) match the labels of the Service to scrape, and its `endpoints[].port` one of that Service's port names.",
        references: References {
            kube_linter: &["dangling-servicemonitor"],
            ..References::NONE
        },
    }
}

impl Rule for ServicemonitorSelectsNothing {
    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        let services = cx.services();
        for &id in graph.of_kind("ServiceMonitor") {
            let monitor = graph.object(id);
            if monitor.group() != "monitoring.coreos.com" {
                continue;
            }
            let own = graph.namespace_of(id).unwrap_or_default();
            let spec = monitor.root.get("spec");
            let selector_node = spec.and_then(|s| s.get("selector"));
            let at = selector_node.or(spec).unwrap_or(&monitor.root);
            let selector = match LabelSelector::parse(selector_node) {
                Ok(s) => s,
                Err(e) => {
                    cx.report(
                        id,
                        at,
                        format!(
                            "ServiceMonitor selector is invalid ({}), so it selects no Service",
                            e.0
                        ),
                    );
                    continue;
                }
            };
            let ns_selector = spec.and_then(|s| s.get("namespaceSelector"));
            let any = ns_selector
                .and_then(|n| n.get("any"))
                .is_some_and(Node::is_true);
            let names: Vec<&str> = ns_selector
                .and_then(|n| n.get("matchNames"))
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .filter_map(Node::as_str)
                .collect();
            let in_scope = |ns: &str| {
                if any {
                    true
                } else if names.is_empty() {
                    ns == own
                } else {
                    names.contains(&ns)
                }
            };
            let selected: Vec<&ServiceView<'_>> = services
                .iter()
                .filter(|s| in_scope(s.namespace))
                .filter(|s| selector.matches(&string_map(Some(graph.object(s.object).labels()))))
                .collect();
            if selected.is_empty() {
                let where_ = if any {
                    "any namespace".to_string()
                } else if names.is_empty() {
                    format!("namespace `{own}`")
                } else {
                    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
                    let noun = if names.len() == 1 {
                        "namespace"
                    } else {
                        "namespaces"
                    };
                    format!("{noun} {}", quoted.join(", "))
                };
                cx.report(
                    id,
                    at,
                    format!(
                        "ServiceMonitor selector {} matches no Service in {where_}",
                        describe_selector(&selector)
                    ),
                );
                continue;
            }
            for endpoint in spec
                .and_then(|s| s.get("endpoints"))
                .map(Node::items)
                .unwrap_or(&[])
            {
                let Some((port_node, port)) = endpoint
                    .get("port")
                    .and_then(|n| n.as_str().map(|s| (n, s)))
                else {
                    continue;
                };
                if !selected
                    .iter()
                    .any(|s| s.ports.iter().any(|p| p.name == Some(port)))
                {
                    let shown: Vec<String> = selected
                        .iter()
                        .map(|s| format!("Service {}", s.display()))
                        .collect();
                    cx.report(
                        id,
                        port_node,
                        format!(
                            "ServiceMonitor endpoint port `{port}` is not a port name of {}",
                            shown.join(", ")
                        ),
                    );
                }
            }
        }
    }
}
