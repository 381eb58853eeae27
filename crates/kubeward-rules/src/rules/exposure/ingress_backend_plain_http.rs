use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_graph::exposure::{ServicePort, ServiceView};
use kubeward_model::{Category, Node, References, Scope, Severity};

/// ingress-nginx `backend-protocol` values that encrypt the hop to the backend.
const TLS_PROTOCOLS: &[&str] = &["HTTPS", "GRPCS", "AUTO_HTTP"];

declare_rule! {
    /// ## What it checks
    /// Ingress backends that send the decrypted traffic out of the cluster in plain HTTP: the
    /// backend Service is of `type: ExternalName` with a host outside the cluster (not
    /// `*.svc`, `*.cluster.local` or a single label), and nothing asks for TLS to it: the
    /// Ingress's `nginx.ingress.kubernetes.io/backend-protocol` is not `HTTPS`, `GRPCS` or
    /// `AUTO_HTTP`, and the Service port has no `appProtocol: https`, is not named `https*`
    /// and is not 443. Reported at the backend's Service name.
    ///
    /// Backends inside the cluster are not reported: plain HTTP from the controller to a pod is
    /// the norm, and a service mesh often encrypts it where the manifest cannot show it
    /// (NetworkPolicies protect that hop).
    ///
    /// ## Why it matters
    /// The Ingress terminates the client's TLS and then forwards the request (passwords,
    /// cookies, tokens) across networks the cluster does not control, in clear text. The
    /// client sees a padlock and the data still travels unencrypted.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: networking.k8s.io/v1
    /// kind: Ingress
    /// metadata:
    ///   name: payments
    ///   namespace: shop
    /// spec:
    ///   tls:
    ///     - hosts: [shop.example.com]
    ///       secretName: shop-tls
    ///   rules:
    ///     - host: shop.example.com
    ///       http:
    ///         paths:
    ///           - path: /pay
    ///             pathType: Prefix
    ///             backend:
    ///               service:
    ///                 name: psp
    ///                 port:
    ///                   number: 80
    /// ---
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: psp
    ///   namespace: shop
    /// spec:
    ///   type: ExternalName
    ///   externalName: api.psp.example.net
    ///   ports:
    ///     - port: 80
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: networking.k8s.io/v1
    /// kind: Ingress
    /// metadata:
    ///   name: payments
    ///   namespace: shop
    ///   annotations:
    ///     nginx.ingress.kubernetes.io/backend-protocol: HTTPS
    ///     nginx.ingress.kubernetes.io/upstream-vhost: api.psp.example.net
    /// spec:
    ///   tls:
    ///     - hosts: [shop.example.com]
    ///       secretName: shop-tls
    ///   rules:
    ///     - host: shop.example.com
    ///       http:
    ///         paths:
    ///           - path: /pay
    ///             pathType: Prefix
    ///             backend:
    ///               service:
    ///                 name: psp
    ///                 port:
    ///                   number: 443
    /// ---
    /// apiVersion: v1
    /// kind: Service
    /// metadata:
    ///   name: psp
    ///   namespace: shop
    /// spec:
    ///   type: ExternalName
    ///   externalName: api.psp.example.net
    ///   ports:
    ///     - port: 443
    /// ```
    ///
    /// ## References
    /// - NSA/CISA Kubernetes Hardening Guide, "Network separation and hardening" (encrypt traffic)
    /// - ingress-nginx documentation, "Annotations", `backend-protocol`
    pub struct IngressBackendPlainHttp {
        id: "ingress-backend-plain-http",
        title: "Ingress forwards traffic out of the cluster over plain HTTP",
        severity: Severity::Medium,
        category: Category::Network,
        scope: Scope::Graph,
        remediation: "Talk HTTPS to the external backend: set `nginx.ingress.kubernetes.io/backend-protocol: HTTPS` (or your controller's equivalent, e.g. `appProtocol: https` on the Service port) and use its TLS port.",
        references: References {
            nsa: &["Network separation and hardening"],
            ..References::NONE
        },
    }
}

impl Rule for IngressBackendPlainHttp {
    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        let services = cx.services();
        for ingress in cx.ingresses() {
            let object = graph.object(ingress.object);
            let backend_tls = object
                .annotation("nginx.ingress.kubernetes.io/backend-protocol")
                .is_some_and(|p| {
                    TLS_PROTOCOLS
                        .iter()
                        .any(|t| t.eq_ignore_ascii_case(p.trim()))
                });
            if backend_tls {
                continue;
            }
            for backend in &ingress.backends {
                let Some((name, name_node)) = backend.service else {
                    continue;
                };
                let Some(service) = ServiceView::find(services, graph, ingress.namespace, name)
                else {
                    continue;
                };
                if service.service_type != "ExternalName" {
                    continue;
                }
                let Some(host) = graph
                    .object(service.object)
                    .root
                    .path(&["spec", "externalName"])
                    .and_then(Node::as_str)
                    .map(|h| h.trim().trim_end_matches('.'))
                    .filter(|h| outside_cluster(h))
                else {
                    continue;
                };
                let port = backend
                    .port
                    .as_ref()
                    .and_then(|(r, _)| service.port_by_ref(r));
                if port.is_some_and(tls_port)
                    || backend.port.as_ref().is_some_and(|(r, _)| {
                        r.to_string() == "443" || r.to_string().starts_with("https")
                    })
                {
                    continue;
                }
                cx.report(
                    ingress.object,
                    name_node,
                    format!(
                        "Ingress backend ({}) forwards to external host `{host}` over plain HTTP through Service {} type ExternalName",
                        backend.route(),
                        service.display()
                    ),
                );
            }
        }
    }
}

/// Whether the Service port declares TLS: `appProtocol: https`, a name starting with `https`,
/// or port 443.
fn tls_port(port: &ServicePort<'_>) -> bool {
    port.node
        .get("appProtocol")
        .and_then(Node::as_str)
        .is_some_and(|p| {
            p.eq_ignore_ascii_case("https") || p.eq_ignore_ascii_case("kubernetes.io/wss")
        })
        || port.name.is_some_and(|n| n.starts_with("https"))
        || port.port == Some(443)
}

/// A DNS name outside the cluster: dotted, and not a Service name (`*.svc`, `*.cluster.local`).
fn outside_cluster(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    host.contains('.')
        && !host.ends_with(".svc")
        && !host.contains(".svc.")
        && !host.ends_with(".cluster.local")
}
