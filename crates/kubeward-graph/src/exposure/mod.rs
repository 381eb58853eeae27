//! Which workloads can be reached from outside the cluster, and through what.
//!
//! [`external_entry_points`] lists every way traffic from outside the cluster reaches a
//! workload's pods, as a chain of objects:
//!
//! - an **Ingress** backend → the Service it names (same namespace, port by number or name) →
//!   each workload the Service selects, on the container port its `targetPort` resolves to;
//! - a Service of type **NodePort** or **LoadBalancer**, or with **externalIPs** → each selected
//!   workload;
//! - a container **hostPort**, or a pod on the **host network** (every port it listens on is a
//!   port of the node).
//!
//! Service → workload resolution follows the endpoints controller: the Service's plain
//! `selector` must match the workload's pod-template labels in the Service's namespace (a Service
//! without selector has no workload behind it here); a numeric `targetPort` (default: `port`)
//! reaches that port whether or not a container declares it; a named `targetPort` reaches the
//! container port of that name and protocol, and a workload without such a port gets no
//! endpoint. Ingress classes are not judged: every Ingress is taken as public. Reachability
//! through NetworkPolicies is not applied here (the NetworkPolicy analysis does that).
//!
//! The readers of Services ([`ServiceView`]) and Ingresses ([`IngressView`]) are public for the
//! rules that judge the same objects, so every rule resolves ports the same way.

mod ingress;
mod service;

pub use ingress::{IngressBackend, IngressView};
pub use service::{
    INTERNAL_LOAD_BALANCER_ANNOTATIONS, PortRef, ResolvedPort, ServicePort, ServiceView,
    TargetPort, has_internal_annotation, port_number, valid_port_name,
};

use crate::{Graph, ObjId, Workload};
use foldhash::fast::FixedState;
use kubeward_model::Node;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::fmt::{self, Write as _};
use std::hash::BuildHasher;

/// The door an [`Exposure`] comes in through.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// An Ingress routes to a Service in front of the workload.
    Ingress,
    /// A `NodePort` Service: a port on every node.
    NodePort,
    /// A `LoadBalancer` Service (which also opens node ports).
    LoadBalancer {
        /// `loadBalancerSourceRanges`: when not empty, only these client ranges get through.
        source_ranges: Vec<String>,
        /// A cloud annotation asks for an internal (private) load balancer
        /// ([`INTERNAL_LOAD_BALANCER_ANNOTATIONS`]).
        internal: bool,
    },
    /// A Service's `externalIPs`: the nodes accept traffic for these addresses.
    ExternalIps,
    /// A container `hostPort`.
    HostPort,
    /// A pod on the host network (`hostNetwork: true`).
    HostNetwork,
}

impl Entry {
    /// `Ingress`, `NodePort`, `LoadBalancer`, `externalIPs`, `hostPort`, `hostNetwork`.
    pub fn name(&self) -> &'static str {
        match self {
            Entry::Ingress => "Ingress",
            Entry::NodePort => "NodePort",
            Entry::LoadBalancer { .. } => "LoadBalancer",
            Entry::ExternalIps => "externalIPs",
            Entry::HostPort => "hostPort",
            Entry::HostNetwork => "hostNetwork",
        }
    }

    /// Whether the door is open to any client: not an internal load balancer and not one
    /// limited by `loadBalancerSourceRanges`.
    pub fn unrestricted(&self) -> bool {
        match self {
            Entry::LoadBalancer {
                source_ranges,
                internal,
            } => {
                !internal
                    && (source_ranges.is_empty() || source_ranges.iter().any(|r| open_range(r)))
            }
            _ => true,
        }
    }
}

/// `0.0.0.0/0` or `::/0`.
fn open_range(range: &str) -> bool {
    matches!(range.trim(), "0.0.0.0/0" | "::/0")
}

/// The objects of a chain so far and its text, built hop by hop (one allocation each, where a
/// list of hops with a text each was thousands of small strings to build and free).
#[derive(Clone, Debug)]
struct Chain {
    objects: Vec<ObjId>,
    text: String,
}

impl Chain {
    /// The first hop: `Ingress shop/web (host shop.example.com)`, `Service shop/web:80 type
    /// NodePort`, `Deployment shop/web hostNetwork`.
    fn new(object: ObjId, text: String) -> Chain {
        Chain {
            objects: vec![object],
            text,
        }
    }

    /// This chain and one more hop, such as `Service shop/web:80` or `Deployment shop/web:8080`.
    fn then(&self, object: ObjId, text: fmt::Arguments<'_>) -> Chain {
        let mut next = self.clone();
        next.objects.push(object);
        // Writing to a String cannot fail.
        let _ = write!(next.text, " → {text}");
        next
    }
}

/// A way in from outside the cluster to one workload.
#[derive(Clone, Debug)]
pub struct Exposure<'g> {
    /// The workload reached: an index into [`Graph::workloads`].
    pub workload: usize,
    pub entry: Entry,
    /// The objects along the chain, from the entry (the Ingress, the Service, or the workload
    /// itself for host ports) to the workload, which is always the last hop.
    pub hops: Vec<ObjId>,
    /// The chain as text ([`Exposure::chain`]).
    chain: String,
    /// The workload ports the traffic lands on: one for Ingress and Service chains and host
    /// ports, every declared port for the host network.
    pub ports: Vec<ResolvedPort>,
    /// The node of the entry object that opens the door: the Ingress backend's Service `name`, the
    /// Service's port entry; for host ports and the host network, the workload's root (its tree
    /// may not be kept). Findings about the exposure point there.
    pub at: &'g Node,
    /// The Service port entry the chain goes through (`None` for host ports and the host
    /// network).
    pub service_port: Option<&'g Node>,
}

impl Exposure<'_> {
    /// The chain as text: `Ingress shop/web (host shop.example.com) → Service shop/web:80 →
    /// Deployment shop/web:8080`.
    pub fn chain(&self) -> &str {
        &self.chain
    }

    /// The object ids along the chain, entry first.
    pub fn objects(&self) -> &[ObjId] {
        &self.hops
    }

    /// The object whose field opens the door (the first hop).
    pub fn entry_object(&self) -> ObjId {
        self.hops[0]
    }
}

/// `Deployment shop/web`.
pub fn workload_display(workload: &Workload) -> String {
    format!("{} {}/{}", workload.kind, workload.namespace, workload.name)
}

/// Every way in from outside the cluster, grouped by workload (in [`Graph::workloads`] order),
/// then Ingress chains, Service chains (NodePort, LoadBalancer, externalIPs) and host ports, each
/// in graph order. Identical chains are listed once.
pub fn external_entry_points(graph: &Graph) -> Vec<Exposure<'_>> {
    entry_points_through(graph, &ServiceView::all(graph), &IngressView::all(graph))
}

/// [`external_entry_points`] from the graph's Services and Ingresses, already read.
pub(crate) fn entry_points_through<'g>(
    graph: &'g Graph,
    services: &[ServiceView<'g>],
    ingresses: &[IngressView<'g>],
) -> Vec<Exposure<'g>> {
    let by_name: BTreeMap<(&str, &str), &ServiceView<'_>> = services
        .iter()
        .map(|s| ((s.namespace, s.name), s))
        .collect();
    // Each Ingress, Service and workload gives its chains independently: read in parallel, in
    // order.
    let from_ingresses: Vec<Vec<Exposure<'g>>> = ingresses
        .par_iter()
        .map(|ingress| {
            let mut out = Vec::new();
            for backend in &ingress.backends {
                let (Some((name, service_node)), Some((port_ref, _))) =
                    (backend.service, &backend.port)
                else {
                    continue;
                };
                let Some(service) = by_name.get(&(ingress.namespace, name)) else {
                    continue;
                };
                let Some(port) = service.port_by_ref(port_ref) else {
                    continue;
                };
                let chain = Chain::new(
                    ingress.object,
                    format!("Ingress {} ({})", ingress.display(), backend.route()),
                )
                .then(
                    service.object,
                    format_args!("Service {}:{}", service.display(), port.label()),
                );
                through_service(
                    graph,
                    service,
                    port,
                    &chain,
                    Entry::Ingress,
                    service_node,
                    &mut out,
                );
            }
            out
        })
        .collect();
    let from_services: Vec<Vec<Exposure<'g>>> = services
        .par_iter()
        .map(|service| {
            let mut out = Vec::new();
            let entry = match service.service_type {
                "NodePort" => Some(Entry::NodePort),
                "LoadBalancer" => Some(Entry::LoadBalancer {
                    source_ranges: service
                        .source_ranges
                        .iter()
                        .map(|s| s.to_string())
                        .collect(),
                    internal: service.internal_load_balancer(graph),
                }),
                _ => None,
            };
            for port in &service.ports {
                if let Some(entry) = &entry {
                    let mut text = format!(
                        "Service {}:{} type {}",
                        service.display(),
                        port.label(),
                        service.service_type
                    );
                    if let Some(np) = port.node_port {
                        text.push_str(&format!(" nodePort {np}"));
                    }
                    if let Entry::LoadBalancer {
                        source_ranges,
                        internal,
                    } = entry
                    {
                        if *internal {
                            text.push_str(" (internal)");
                        }
                        if !source_ranges.is_empty() {
                            text.push_str(&format!(" (source ranges {})", source_ranges.join(",")));
                        }
                    }
                    through_service(
                        graph,
                        service,
                        port,
                        &Chain::new(service.object, text),
                        entry.clone(),
                        port.node,
                        &mut out,
                    );
                }
                if !service.external_ips.is_empty() {
                    let ips: Vec<&str> = service.external_ips.iter().map(|(_, ip)| *ip).collect();
                    let chain = Chain::new(
                        service.object,
                        format!(
                            "Service {}:{} externalIPs {}",
                            service.display(),
                            port.label(),
                            ips.join(",")
                        ),
                    );
                    through_service(
                        graph,
                        service,
                        port,
                        &chain,
                        Entry::ExternalIps,
                        port.node,
                        &mut out,
                    );
                }
            }
            out
        })
        .collect();
    let from_hosts: Vec<Vec<Exposure<'g>>> = graph
        .workloads()
        .par_iter()
        .enumerate()
        .map(|(index, workload)| {
            let mut out = Vec::new();
            host_exposures(graph, index, workload, &mut out);
            out
        })
        .collect();
    let mut out: Vec<Exposure<'g>> = Vec::new();
    // Identical chains (same workload, same hops) are listed once, the first. Hashed, not
    // joined into text: the chains of a large input were thousands of strings built only to be
    // compared; a hash match is confirmed hop by hop.
    let mut seen: HashMap<(usize, u64), Vec<usize>, FixedState> = HashMap::default();
    for exposure in from_ingresses
        .into_iter()
        .chain(from_services)
        .chain(from_hosts)
        .flatten()
    {
        let key = (
            exposure.workload,
            FixedState::default().hash_one(&exposure.chain),
        );
        let same = seen.entry(key).or_default();
        if same.iter().any(|&i| out[i].chain == exposure.chain) {
            continue;
        }
        same.push(out.len());
        out.push(exposure);
    }
    out.sort_by_key(|e| e.workload);
    out
}

fn through_service<'g>(
    graph: &'g Graph,
    service: &ServiceView<'g>,
    port: &ServicePort<'g>,
    chain: &Chain,
    entry: Entry,
    at: &'g Node,
    out: &mut Vec<Exposure<'g>>,
) {
    for index in service.selected(graph) {
        let workload = &graph.workloads()[index];
        let Some(resolved) = port.resolve(workload) else {
            continue;
        };
        let Chain { objects, text } = chain.then(
            workload.object,
            format_args!("{}:{}", workload_display(workload), resolved.port),
        );
        out.push(Exposure {
            workload: index,
            entry: entry.clone(),
            hops: objects,
            chain: text,
            ports: vec![resolved],
            at,
            service_port: Some(port.node),
        });
    }
}

fn host_exposures<'g>(
    graph: &'g Graph,
    index: usize,
    workload: &Workload,
    out: &mut Vec<Exposure<'g>>,
) {
    if !workload.host_network && workload.host_port_bindings.is_empty() {
        return;
    }
    // Read from the workload's facts: the graph need not keep its tree. Findings about a door
    // in the workload itself point at the workload.
    let at = &graph.object(workload.object).root;
    if workload.host_network {
        out.push(Exposure {
            workload: index,
            entry: Entry::HostNetwork,
            hops: vec![workload.object],
            chain: format!("{} hostNetwork", workload_display(workload)),
            ports: workload.ports.iter().map(ResolvedPort::of).collect(),
            at,
            service_port: None,
        });
        // On the host network every hostPort equals its containerPort: listed once, above.
        return;
    }
    for binding in &workload.host_port_bindings {
        // Ports of ordinary init containers are not in the workload's serving ports: they
        // exit before the pod serves anything.
        let Some(declared) = workload
            .ports
            .iter()
            .find(|p| p.container == binding.container && p.port == binding.container_port)
        else {
            continue;
        };
        out.push(Exposure {
            workload: index,
            entry: Entry::HostPort,
            hops: vec![workload.object],
            chain: format!(
                "{}:{} hostPort {}",
                workload_display(workload),
                binding.container_port,
                binding.host_port
            ),
            ports: vec![ResolvedPort::of(declared)],
            at,
            service_port: None,
        });
    }
}
