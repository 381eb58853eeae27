use crate::{Rule, RuleContext};
use kubeward_model::{Category, Node, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Services of `type: NodePort`. Reported at `spec.type`, with the node ports when they are
    /// written. `LoadBalancer` Services (which open node ports too, for the load balancer) are
    /// judged by `service-load-balancer-unrestricted`.
    ///
    /// ## Why it matters
    /// A NodePort opens the port on every node of the cluster, on every node address, for any
    /// client that can reach a node: it bypasses the Ingress controller (its TLS, authentication
    /// and rate limits) and usually the cloud firewall rules written for the load balancers. The
    /// port range (30000-32767) is scanned by attackers like any other. Expose HTTP through an
    /// Ingress (or Gateway) and a `ClusterIP` Service instead; use a `LoadBalancer` for other
    /// protocols.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// spec:
    ///   type: NodePort
    ///   selector:
    ///     app: web
    ///   ports:
    ///     - port: 80
    ///       targetPort: 8080
    ///       nodePort: 30080
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
    ///   type: ClusterIP
    ///   selector:
    ///     app: web
    ///   ports:
    ///     - port: 80
    ///       targetPort: 8080
    /// ```
    ///
    /// ## References
    /// - kube-linter `exposed-services`; kube-score `service-type`
    /// - NSA/CISA Kubernetes Hardening Guide, "Network separation and hardening"
    pub struct ServiceNodePort {
        id: "service-node-port",
        title: "Service of type NodePort opens a port on every node",
        severity: Severity::Medium,
        category: Category::Network,
        scope: Scope::Kinds(&["Service"]),
        remediation: "Use a `ClusterIP` Service behind an Ingress (or Gateway) for HTTP, or a `LoadBalancer` with `loadBalancerSourceRanges` for other protocols.",
        references: References {
            kube_linter: &["exposed-services"],
            kube_score: &["service-type"],
            nsa: &["Network separation and hardening"],
            ..References::NONE
        },
    }
}

impl Rule for ServiceNodePort {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        let Some(ty) = object.root.path(&["spec", "type"]) else {
            return;
        };
        if ty.as_str() != Some("NodePort") {
            return;
        }
        let node_ports: Vec<String> = object
            .root
            .path(&["spec", "ports"])
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .filter_map(|p| p.get("nodePort").and_then(Node::as_i64))
            .map(|n| n.to_string())
            .collect();
        let message = if node_ports.is_empty() {
            "Service type NodePort opens an allocated port on every node".to_string()
        } else {
            format!(
                "Service type NodePort opens port{} {} on every node",
                if node_ports.len() == 1 { "" } else { "s" },
                node_ports.join(", ")
            )
        };
        cx.report(ty, message);
    }
}
