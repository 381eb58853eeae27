use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_graph::exposure::ServiceView;
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Ingress backends (rule paths and the default backend, `networking.k8s.io/v1` and
    /// `v1beta1` spellings) that name a Service no loaded object defines in the Ingress's
    /// namespace (reported at the Service name), or a Service port (`port.number` or
    /// `port.name`) that Service does not have (reported at the port). Scan the whole
    /// application at once, so the Services are in the set.
    ///
    /// ## Why it matters
    /// The controller answers 503 for such a backend. A typo is the usual cause, and a Service
    /// created later with that name (by anyone who can create Services in the namespace)
    /// silently starts receiving the Ingress's public traffic.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: networking.k8s.io/v1
    /// kind: Ingress
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// spec:
    ///   tls:
    ///     - hosts: [shop.example.com]
    ///       secretName: web-tls
    ///   rules:
    ///     - host: shop.example.com
    ///       http:
    ///         paths:
    ///           - path: /
    ///             pathType: Prefix
    ///             backend:
    ///               service:
    ///                 name: web
    ///                 port:
    ///                   name: https
    /// ---
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// spec:
    ///   selector:
    ///     app: web
    ///   ports:
    ///     - name: http
    ///       port: 80
    ///       targetPort: 8080
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: networking.k8s.io/v1
    /// kind: Ingress
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// spec:
    ///   tls:
    ///     - hosts: [shop.example.com]
    ///       secretName: web-tls
    ///   rules:
    ///     - host: shop.example.com
    ///       http:
    ///         paths:
    ///           - path: /
    ///             pathType: Prefix
    ///             backend:
    ///               service:
    ///                 name: web
    ///                 port:
    ///                   name: http
    /// ---
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// spec:
    ///   selector:
    ///     app: web
    ///   ports:
    ///     - name: http
    ///       port: 80
    ///       targetPort: 8080
    /// ```
    ///
    /// ## References
    /// - kube-linter `dangling-ingress`; kube-score `ingress-targets-service`
    pub struct IngressBackendNotFound {
        id: "ingress-backend-not-found",
        title: "Ingress backend names a Service or port that does not exist",
        severity: Severity::Low,
        category: Category::Network,
        scope: Scope::Graph,
        remediation: "Point the backend at an existing Service of the Ingress's namespace and at one of its ports (by `number` or `name`), or add the missing Service to the set.",
        references: References {
            kube_linter: &["dangling-ingress"],
            kube_score: &["ingress-targets-service"],
            ..References::NONE
        },
    }
}

impl Rule for IngressBackendNotFound {
    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        let services = cx.services();
        for ingress in cx.ingresses() {
            for backend in &ingress.backends {
                let Some((name, name_node)) = backend.service else {
                    continue;
                };
                let Some(service) = ServiceView::find(services, graph, ingress.namespace, name)
                else {
                    cx.report(
                        ingress.object,
                        name_node,
                        format!(
                            "Ingress backend ({}) names Service `{name}`, which is not in namespace `{}`",
                            backend.route(),
                            ingress.namespace
                        ),
                    );
                    continue;
                };
                // ExternalName Services have no ports to check.
                if service.service_type == "ExternalName" {
                    continue;
                }
                if let Some((port, port_node)) = &backend.port
                    && service.port_by_ref(port).is_none()
                {
                    let known: Vec<String> = service
                        .ports
                        .iter()
                        .map(|p| match (p.name, p.port) {
                            (Some(n), Some(v)) => format!("{n} ({v})"),
                            _ => p.label(),
                        })
                        .collect();
                    cx.report(
                        ingress.object,
                        port_node,
                        format!(
                            "Ingress backend ({}) names port `{port}` of Service {}, which has {}",
                            backend.route(),
                            service.display(),
                            if known.is_empty() {
                                "no ports".to_string()
                            } else if known.len() == 1 {
                                format!("port {}", known[0])
                            } else {
                                format!("ports {}", known.join(", "))
                            }
                        ),
                    );
                }
            }
        }
    }
}
