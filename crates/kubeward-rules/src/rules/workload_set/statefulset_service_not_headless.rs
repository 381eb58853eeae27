use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_model::{Category, Node, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// StatefulSets whose `spec.serviceName` names a Service of the loaded set that is not
    /// headless (`clusterIP: None`). A governing Service that is not in the set is left to
    /// `statefulset-service-name-missing` and the reference checks.
    ///
    /// ## Why it matters
    /// The governing Service gives each replica its stable DNS name (`web-0.web.shop.svc`).
    /// Only a headless Service publishes those per-pod records; with a ClusterIP Service the
    /// names do not resolve, and peers that find each other by them (databases, brokers) fail
    /// to form a cluster.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: StatefulSet
    /// metadata:
    ///   name: db
    /// spec:
    ///   serviceName: db
    ///   selector:
    ///     matchLabels: {app: db}
    ///   template:
    ///     metadata:
    ///       labels: {app: db}
    ///     spec:
    ///       containers:
    ///         - name: db
    ///           image: registry.example.com/postgres:16.4
    /// ---
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: db
    /// spec:
    ///   selector: {app: db}
    ///   ports: [{port: 5432}]
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: StatefulSet
    /// metadata:
    ///   name: db
    /// spec:
    ///   serviceName: db
    ///   selector:
    ///     matchLabels: {app: db}
    ///   template:
    ///     metadata:
    ///       labels: {app: db}
    ///     spec:
    ///       containers:
    ///         - name: db
    ///           image: registry.example.com/postgres:16.4
    /// ---
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: db
    /// spec:
    ///   clusterIP: None
    ///   selector: {app: db}
    ///   ports: [{port: 5432}]
    /// ```
    ///
    /// ## References
    /// - kube-score `statefulset-has-servicename`
    pub struct StatefulsetServiceNotHeadless {
        id: "statefulset-service-not-headless",
        title: "StatefulSet's governing Service is not headless",
        severity: Severity::Low,
        category: Category::Reliability,
        scope: Scope::Graph,
        remediation: "Set `clusterIP: None` on the Service the StatefulSet names in `serviceName` (add a separate ClusterIP Service for clients if needed).",
        references: References {
            kube_score: &["statefulset-has-servicename"],
            ..References::NONE
        },
    }
}

impl Rule for StatefulsetServiceNotHeadless {
    // Reads workload trees: it points at `spec.serviceName`.
    fn reads_workload_trees(&self) -> bool {
        true
    }

    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        for workload in graph.workloads().iter().filter(|w| w.kind == "StatefulSet") {
            let object = graph.object(workload.object);
            let Some(name_node) = object.root.path(&["spec", "serviceName"]) else {
                continue;
            };
            let Some(name) = name_node.text().filter(|n| !n.is_empty()) else {
                continue;
            };
            let Some(service) = graph.find("Service", Some(&workload.namespace), name) else {
                continue;
            };
            let cluster_ip = graph
                .object(service)
                .root
                .path(&["spec", "clusterIP"])
                .and_then(Node::text);
            if cluster_ip != Some("None") {
                cx.report(
                    workload.object,
                    name_node,
                    format!(
                        "`serviceName` names Service {}/{name}, which is not headless ({}), so the replicas get no stable DNS names",
                        workload.namespace,
                        match cluster_ip {
                            Some(ip) => format!("`clusterIP: {ip}`"),
                            None => "no `clusterIP: None`".to_string(),
                        }
                    ),
                );
            }
        }
    }
}
