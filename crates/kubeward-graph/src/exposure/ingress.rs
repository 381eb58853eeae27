//! Ingresses as the exposure analysis reads them: each backend with the host and path that
//! route to it, in `networking.k8s.io/v1` and the older `extensions`/`v1beta1` spellings.

use super::service::{PortRef, port_number};
use crate::{Graph, ObjId};
use kubeward_model::Node;
use rayon::prelude::*;

/// One backend of an Ingress: a rule path's, or the default backend.
#[derive(Clone, Debug)]
pub struct IngressBackend<'g> {
    /// The `backend` (or `defaultBackend`) mapping.
    pub node: &'g Node,
    /// The rule's `host`; `None` for a rule without one (every host) and the default backend.
    pub host: Option<&'g str>,
    pub path: Option<&'g str>,
    /// Whether this is `spec.defaultBackend` (`spec.backend` in v1beta1).
    pub default: bool,
    /// The Service name and its node; `None` for `resource` backends and malformed ones.
    pub service: Option<(&'g str, &'g Node)>,
    /// The Service port reference and its node; `None` when missing or malformed.
    pub port: Option<(PortRef<'g>, &'g Node)>,
}

impl IngressBackend<'_> {
    /// `host shop.example.com`, `any host` or `default backend`.
    pub fn route(&self) -> String {
        match (self.default, self.host) {
            (true, _) => "default backend".to_string(),
            (false, Some(h)) => format!("host {h}"),
            (false, None) => "any host".to_string(),
        }
    }
}

/// An Ingress object, read.
#[derive(Clone, Debug)]
pub struct IngressView<'g> {
    pub object: ObjId,
    pub namespace: &'g str,
    pub name: &'g str,
    pub backends: Vec<IngressBackend<'g>>,
    /// `spec.tls`, when present.
    pub tls: Option<&'g Node>,
}

impl<'g> IngressView<'g> {
    pub fn read(graph: &'g Graph, id: ObjId) -> IngressView<'g> {
        let object = graph.object(id);
        let spec = object.root.get("spec");
        let mut backends = Vec::new();
        if let Some(node) = spec
            .and_then(|s| s.get("defaultBackend").or_else(|| s.get("backend")))
            .filter(|n| n.is_map())
        {
            backends.push(backend(node, None, None, true));
        }
        for rule in spec
            .and_then(|s| s.get("rules"))
            .map(Node::items)
            .unwrap_or(&[])
        {
            let host = rule
                .get("host")
                .and_then(Node::as_str)
                .filter(|h| !h.is_empty());
            for path in rule
                .path(&["http", "paths"])
                .map(Node::items)
                .unwrap_or(&[])
            {
                if let Some(node) = path.get("backend").filter(|n| n.is_map()) {
                    let p = path.get("path").and_then(Node::as_str);
                    backends.push(backend(node, host, p, false));
                }
            }
        }
        IngressView {
            object: id,
            namespace: graph.namespace_of(id).unwrap_or(crate::DEFAULT_NAMESPACE),
            name: object.id.name.as_deref().unwrap_or(""),
            backends,
            tls: spec.and_then(|s| s.get("tls")).filter(|n| !n.is_null()),
        }
    }

    /// Every Ingress of the graph, in graph order.
    pub fn all(graph: &'g Graph) -> Vec<IngressView<'g>> {
        // Read in parallel (in order): each is a walk of a cold tree.
        graph
            .of_kind("Ingress")
            .par_iter()
            .map(|&id| IngressView::read(graph, id))
            .collect()
    }

    /// `shop/web`.
    pub fn display(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }
}

fn backend<'g>(
    node: &'g Node,
    host: Option<&'g str>,
    path: Option<&'g str>,
    default: bool,
) -> IngressBackend<'g> {
    let (service, port) = if let Some(svc) = node.get("service").filter(|n| n.is_map()) {
        // networking.k8s.io/v1: service: {name, port: {number | name}}
        let service = svc
            .get("name")
            .and_then(|n| n.as_str().map(|s| (s, n)))
            .filter(|(s, _)| !s.is_empty());
        let port = svc.get("port").and_then(|p| {
            p.get("number")
                .and_then(|n| port_number(n).map(|v| (PortRef::Number(v), n)))
                .or_else(|| {
                    p.get("name")
                        .and_then(|n| n.as_str().map(|v| (PortRef::Name(v), n)))
                })
        });
        (service, port)
    } else {
        // extensions/v1beta1, networking.k8s.io/v1beta1: serviceName, servicePort (intstr)
        let service = node
            .get("serviceName")
            .and_then(|n| n.as_str().map(|s| (s, n)))
            .filter(|(s, _)| !s.is_empty());
        let port = node.get("servicePort").and_then(|n| {
            port_number(n)
                .map(|v| (PortRef::Number(v), n))
                .or_else(|| n.as_str().map(|v| (PortRef::Name(v), n)))
        });
        (service, port)
    };
    IngressBackend {
        node,
        host,
        path,
        default,
        service,
        port,
    }
}
