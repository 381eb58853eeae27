//! Services as the exposure analysis reads them: type, selector, ports and target ports
//! resolved per workload.

use crate::selector::{LabelSelector, string_map};
use crate::{ContainerPort, Graph, ObjId, Workload};
use kubeward_model::{Node, Object};
use rayon::prelude::*;

/// A Service's `targetPort`, as the endpoints controller reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TargetPort<'g> {
    /// A port number (written, or defaulted to `port`).
    Number(u16),
    /// A container port name, looked up in each selected pod.
    Name(&'g str),
    /// Neither a port number in 1..=65535 nor a name (the API server rejects it).
    Invalid,
}

/// One entry of a Service's `spec.ports`.
#[derive(Clone, Debug)]
pub struct ServicePort<'g> {
    /// The port mapping (`- name: http …`).
    pub node: &'g Node,
    pub name: Option<&'g str>,
    /// `port`; `None` when missing or out of range.
    pub port: Option<u16>,
    pub target: TargetPort<'g>,
    /// The `targetPort` node, when written.
    pub target_node: Option<&'g Node>,
    /// `nodePort`, when written.
    pub node_port: Option<u16>,
    /// `TCP` (default), `UDP` or `SCTP`.
    pub protocol: &'g str,
}

impl ServicePort<'_> {
    /// `80`, or `http` when the port has no valid number.
    pub fn label(&self) -> String {
        match (self.port, self.name) {
            (Some(p), _) => p.to_string(),
            (None, Some(n)) => n.to_string(),
            (None, None) => "?".to_string(),
        }
    }
}

/// A workload port a Service (port) forwards to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolvedPort {
    /// The container that declares the port; `None` for a numeric `targetPort` no container
    /// declares (the pod still receives the traffic: `containerPort` is informational).
    pub container: Option<String>,
    /// The container port's name, when it has one.
    pub name: Option<String>,
    pub port: u16,
    pub protocol: String,
}

impl ResolvedPort {
    /// The declared container port `p`.
    pub fn of(p: &ContainerPort) -> Self {
        ResolvedPort {
            container: Some(p.container.clone()),
            name: p.name.clone(),
            port: p.port,
            protocol: p.protocol.clone(),
        }
    }
}

impl ServicePort<'_> {
    /// Where this Service port's traffic lands in `workload`: the container port with the
    /// `targetPort` number (or an undeclared one) or name, for the same protocol. `None` when a
    /// named `targetPort` is not declared by the workload (it then gets no endpoint) or the
    /// target is invalid.
    pub fn resolve(&self, workload: &Workload) -> Option<ResolvedPort> {
        let same_protocol = |p: &&ContainerPort| p.protocol.eq_ignore_ascii_case(self.protocol);
        match self.target {
            TargetPort::Number(n) => Some(
                workload
                    .ports
                    .iter()
                    .filter(same_protocol)
                    .find(|p| p.port == n)
                    .map_or_else(
                        || ResolvedPort {
                            container: None,
                            name: None,
                            port: n,
                            protocol: self.protocol.to_string(),
                        },
                        ResolvedPort::of,
                    ),
            ),
            TargetPort::Name(name) => workload
                .ports
                .iter()
                .filter(same_protocol)
                .find(|p| p.name.as_deref() == Some(name))
                .map(ResolvedPort::of),
            TargetPort::Invalid => None,
        }
    }
}

/// A Service object, read.
#[derive(Clone, Debug)]
pub struct ServiceView<'g> {
    pub object: ObjId,
    pub namespace: &'g str,
    pub name: &'g str,
    /// `spec.type`, default `ClusterIP`.
    pub service_type: &'g str,
    /// The `spec.type` node, when written.
    pub type_node: Option<&'g Node>,
    /// The `spec.selector` node when it is a non-empty map; Services without one (ExternalName,
    /// hand-managed Endpoints) select no pods.
    pub selector_node: Option<&'g Node>,
    pub selector: Option<LabelSelector>,
    pub ports: Vec<ServicePort<'g>>,
    /// `spec.externalIPs` entries (node, address).
    pub external_ips: Vec<(&'g Node, &'g str)>,
    /// `spec.loadBalancerSourceRanges` entries.
    pub source_ranges: Vec<&'g str>,
}

/// Cloud annotations that make a `LoadBalancer` Service internal (a private address).
pub const INTERNAL_LOAD_BALANCER_ANNOTATIONS: &[(&str, &[&str])] = &[
    (
        "service.beta.kubernetes.io/aws-load-balancer-internal",
        &["true", "0.0.0.0/0"],
    ),
    (
        "service.beta.kubernetes.io/aws-load-balancer-scheme",
        &["internal"],
    ),
    (
        "service.beta.kubernetes.io/azure-load-balancer-internal",
        &["true"],
    ),
    ("networking.gke.io/load-balancer-type", &["Internal"]),
    ("cloud.google.com/load-balancer-type", &["Internal"]),
    (
        "service.beta.kubernetes.io/oci-load-balancer-internal",
        &["true"],
    ),
    (
        "service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type",
        &["private"],
    ),
    (
        "service.beta.kubernetes.io/openstack-internal-load-balancer",
        &["true"],
    ),
    (
        "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type",
        &["intranet"],
    ),
];

impl<'g> ServiceView<'g> {
    /// Reads Service `id` (any object: the caller filters by kind).
    pub fn read(graph: &'g Graph, id: ObjId) -> ServiceView<'g> {
        let object = graph.object(id);
        let spec = object.root.get("spec");
        let get = |k: &str| spec.and_then(|s| s.get(k));
        let type_node = get("type").filter(|n| !n.is_null());
        let selector_node = get("selector").filter(|s| s.is_map() && !s.entries().is_empty());
        let ports = get("ports")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .filter(|p| p.is_map())
            .map(read_port)
            .collect();
        ServiceView {
            object: id,
            namespace: graph.namespace_of(id).unwrap_or(crate::DEFAULT_NAMESPACE),
            name: object.id.name.as_deref().unwrap_or(""),
            service_type: type_node.and_then(Node::as_str).unwrap_or("ClusterIP"),
            type_node,
            selector_node,
            selector: selector_node.map(|s| LabelSelector::from_map(string_map(Some(s)))),
            ports,
            external_ips: get("externalIPs")
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .filter_map(|n| n.as_str().filter(|s| !s.trim().is_empty()).map(|s| (n, s)))
                .collect(),
            source_ranges: get("loadBalancerSourceRanges")
                .map(Node::items)
                .unwrap_or(&[])
                .iter()
                .filter_map(Node::as_str)
                .collect(),
        }
    }

    /// Every Service of the graph, in graph order.
    pub fn all(graph: &'g Graph) -> Vec<ServiceView<'g>> {
        // Read in parallel (in order): each is a walk of a cold tree.
        graph
            .of_kind("Service")
            .par_iter()
            .map(|&id| ServiceView::read(graph, id))
            .collect()
    }

    /// `shop/web`.
    pub fn display(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }

    /// The indexes (into [`Graph::workloads`]) of the workloads of the Service's namespace
    /// whose pod labels the selector matches; none without a selector.
    pub fn selected(&self, graph: &Graph) -> Vec<usize> {
        let Some(selector) = &self.selector else {
            return Vec::new();
        };
        graph.workloads_matching(self.namespace, selector)
    }

    /// The Service port an Ingress backend names: by number (`port`) or by name.
    pub fn port_by_ref(&self, reference: &PortRef<'_>) -> Option<&ServicePort<'g>> {
        self.ports.iter().find(|p| match reference {
            PortRef::Number(n) => p.port == Some(*n),
            PortRef::Name(name) => p.name == Some(*name),
        })
    }

    /// Whether a cloud annotation makes the Service's load balancer internal.
    pub fn internal_load_balancer(&self, graph: &Graph) -> bool {
        has_internal_annotation(graph.object(self.object))
    }

    /// The Service `name` of `namespace` among `services` ([`ServiceView::all`] of `graph`).
    pub fn find<'a>(
        services: &'a [ServiceView<'g>],
        graph: &Graph,
        namespace: &str,
        name: &str,
    ) -> Option<&'a ServiceView<'g>> {
        let id = graph.find("Service", Some(namespace), name)?;
        // `all` lists them in graph order.
        services
            .binary_search_by_key(&id, |s| s.object)
            .ok()
            .map(|i| &services[i])
    }
}

/// Whether one of [`INTERNAL_LOAD_BALANCER_ANNOTATIONS`] on a Service makes its load balancer
/// internal (a private address).
pub fn has_internal_annotation(service: &Object) -> bool {
    INTERNAL_LOAD_BALANCER_ANNOTATIONS
        .iter()
        .any(|(key, values)| {
            service
                .annotations()
                .get(key)
                .and_then(Node::text)
                .is_some_and(|v| values.iter().any(|x| x.eq_ignore_ascii_case(v.trim())))
        })
}

/// A reference to a Service port by number or by name (Ingress backends, ServiceMonitors).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PortRef<'g> {
    Number(u16),
    Name(&'g str),
}

impl std::fmt::Display for PortRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PortRef::Number(n) => write!(f, "{n}"),
            PortRef::Name(name) => f.write_str(name),
        }
    }
}

/// A port number in 1..=65535.
pub fn port_number(node: &Node) -> Option<u16> {
    node.as_i64()
        .and_then(|n| u16::try_from(n).ok())
        .filter(|&n| n > 0)
}

fn read_port(node: &Node) -> ServicePort<'_> {
    let port = node.get("port").and_then(port_number);
    let target_node = node.get("targetPort").filter(|n| !n.is_null());
    let target = match target_node {
        None => port.map_or(TargetPort::Invalid, TargetPort::Number),
        Some(t) => match (port_number(t), t.as_str()) {
            (Some(n), _) => TargetPort::Number(n),
            // A quoted number is a string to the API server, and port names need a letter:
            // `targetPort: "8080"` is rejected.
            (None, Some(s)) if s.chars().any(|c| c.is_ascii_alphabetic()) => TargetPort::Name(s),
            (None, _) => TargetPort::Invalid,
        },
    };
    ServicePort {
        node,
        name: node.get("name").and_then(Node::as_str),
        port,
        target,
        target_node,
        node_port: node.get("nodePort").and_then(port_number),
        protocol: node.get("protocol").and_then(Node::as_str).unwrap_or("TCP"),
    }
}

/// Whether `name` is a valid port name (`IANA_SVC_NAME`): 1 to 15 lowercase letters, digits
/// and `-`, with at least one letter, no leading, trailing or doubled `-`.
pub fn valid_port_name(name: &str) -> bool {
    (1..=15).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && name.chars().any(|c| c.is_ascii_lowercase())
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.contains("--")
}
