use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_graph::exposure::workload_display;
use kubeward_graph::exposure::{TargetPort, valid_port_name};
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Service `targetPort`s that cannot reach the workloads the Service selects:
    /// - a `targetPort` name that a selected workload's containers do not declare (for the
    ///   port's protocol), naming those workloads;
    /// - a name that is not a valid port name (1 to 15 lowercase letters, digits and `-`, with a
    ///   letter), and a value that is neither a port name nor a number in 1-65535 (a quoted
    ///   number such as `"8080"` is a string to the API server, and not a valid name).
    ///
    /// Numeric target ports are not checked against the containers' declared ports, since
    /// `containerPort` is informational and the pod receives the traffic anyway. Services that
    /// select no workload are left to `service-selects-nothing`.
    ///
    /// ## Why it matters
    /// A pod without the named port gets no endpoint: the Service silently sends it no traffic,
    /// or, when no selected pod has the port, refuses every connection. Invalid values are
    /// rejected by the API server, which breaks the release at deploy time.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// spec:
    ///   selector:
    ///     app: web
    ///   ports:
    ///     - port: 80
    ///       targetPort: web
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
    ///           ports:
    ///             - name: http
    ///               containerPort: 8080
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// spec:
    ///   selector:
    ///     app: web
    ///   ports:
    ///     - port: 80
    ///       targetPort: http
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
    ///           ports:
    ///             - name: http
    ///               containerPort: 8080
    /// ```
    ///
    /// ## References
    /// - kube-linter `invalid-target-ports`; kube-score `container-ports-check`
    pub struct ServiceTargetPortInvalid {
        id: "service-target-port-invalid",
        title: "Service targetPort reaches no container port",
        severity: Severity::Low,
        category: Category::Network,
        scope: Scope::Graph,
        remediation: "Set `targetPort` to the `name` of a container port that every selected workload declares (or to its number).",
        references: References {
            kube_linter: &["invalid-target-ports"],
            kube_score: &["container-ports-check"],
            ..References::NONE
        },
    }
}

impl Rule for ServiceTargetPortInvalid {
    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        for service in cx.services() {
            let selected = service.selected(graph);
            if selected.is_empty() {
                continue;
            }
            for port in &service.ports {
                let Some(node) = port.target_node else {
                    continue;
                };
                let text = node.text().unwrap_or("");
                match port.target {
                    TargetPort::Number(_) => {}
                    TargetPort::Invalid if node.as_str().is_some_and(|s| s.trim().parse::<u32>().is_ok()) => cx.report(
                        service.object,
                        node,
                        format!(
                            "Service targetPort `\"{text}\"` is a quoted number, which the API server reads as an invalid port name"
                        ),
                    ),
                    TargetPort::Invalid => cx.report(
                        service.object,
                        node,
                        format!(
                            "Service targetPort `{text}` is neither a port name nor a port number in 1-65535"
                        ),
                    ),
                    TargetPort::Name(name) if !valid_port_name(name) => cx.report(
                        service.object,
                        node,
                        format!(
                            "Service targetPort `{name}` is not a valid port name (1-15 lowercase letters, digits and `-`)"
                        ),
                    ),
                    TargetPort::Name(name) => {
                        let missing: Vec<String> = selected
                            .iter()
                            .map(|&i| &graph.workloads()[i])
                            .filter(|w| port.resolve(w).is_none())
                            .map(workload_display)
                            .collect();
                        if !missing.is_empty() {
                            cx.report(
                                service.object,
                                node,
                                format!(
                                    "Service targetPort `{name}` ({}) is not a container port of {}",
                                    port.protocol,
                                    missing.join(", ")
                                ),
                            );
                        }
                    }
                }
            }
        }
    }
}
