//! NetworkPolicy objects read the way the API server reads them (with its defaults), keeping the
//! indices of rules, peers and ports so findings can point at the exact node.
//!
//! Parts the API server would refuse (an unknown protocol, a bad CIDR, `endPort` with a named
//! port, a peer with no selector) match nothing and are listed in [`Policy::problems`]: the
//! policy then allows less, never more, than what was written.

use super::ports::{MAX_PORT, PortSet, Protocol};
use crate::selector::LabelSelector;
use crate::{Graph, ObjId};
use kubeward_model::Node;
use std::net::IpAddr;

/// A direction of traffic, seen from the pods a policy selects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Direction {
    Ingress,
    Egress,
}

impl Direction {
    pub fn name(self) -> &'static str {
        match self {
            Direction::Ingress => "ingress",
            Direction::Egress => "egress",
        }
    }

    /// The rules' field (`ingress`, `egress`) and their peers' field (`from`, `to`).
    pub fn fields(self) -> (&'static str, &'static str) {
        match self {
            Direction::Ingress => ("ingress", "from"),
            Direction::Egress => ("egress", "to"),
        }
    }
}

/// One parsed NetworkPolicy.
#[derive(Clone, Debug)]
pub struct Policy {
    pub object: ObjId,
    pub namespace: String,
    pub name: String,
    /// `None` when `spec.podSelector` cannot be read (the policy then selects nothing).
    pub pod_selector: Option<LabelSelector>,
    /// Whether the policy isolates the pods it selects for ingress (`policyTypes` with its
    /// default: always Ingress) and egress (listed, or by default when `egress` has rules).
    pub isolates_ingress: bool,
    pub isolates_egress: bool,
    /// The rules that count: those of a direction the policy isolates.
    pub ingress: Vec<PolicyRule>,
    pub egress: Vec<PolicyRule>,
    /// What the API server would refuse, as messages.
    pub problems: Vec<String>,
}

impl Policy {
    /// `namespace/name`, as messages name it.
    pub fn key(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }

    pub fn rules(&self, direction: Direction) -> &[PolicyRule] {
        match direction {
            Direction::Ingress => &self.ingress,
            Direction::Egress => &self.egress,
        }
    }

    pub fn isolates(&self, direction: Direction) -> bool {
        match direction {
            Direction::Ingress => self.isolates_ingress,
            Direction::Egress => self.isolates_egress,
        }
    }

    /// A default-deny for `direction`: selects every pod of its namespace and isolates it.
    pub fn selects_whole_namespace(&self) -> bool {
        self.pod_selector
            .as_ref()
            .is_some_and(LabelSelector::is_empty)
    }
}

/// One entry of `spec.ingress` or `spec.egress`.
#[derive(Clone, Debug)]
pub struct PolicyRule {
    /// Its index in the policy's `ingress`/`egress` list.
    pub index: usize,
    pub peers: Peers,
    pub ports: Ports,
}

#[derive(Clone, Debug)]
pub enum Peers {
    /// `from`/`to` missing or empty: every source or destination, in the cluster and outside.
    All,
    /// The listed peers (ORed).
    Listed(Vec<Peer>),
}

#[derive(Clone, Debug)]
pub struct Peer {
    /// Its index in `from`/`to`.
    pub index: usize,
    pub kind: PeerKind,
}

#[derive(Clone, Debug)]
pub enum PeerKind {
    /// Pods matching `pods` in the namespaces `namespaces` (podSelector and/or namespaceSelector;
    /// both given: ANDed).
    Pods {
        namespaces: NamespaceScope,
        pods: LabelSelector,
    },
    IpBlock(IpBlock),
    /// A peer the API server would refuse; it matches nothing.
    Invalid,
}

#[derive(Clone, Debug)]
pub enum NamespaceScope {
    /// No namespaceSelector: the policy's own namespace.
    Own,
    /// Namespaces whose labels match.
    Matching(LabelSelector),
}

/// An `ipBlock`: addresses outside the cluster.
#[derive(Clone, Debug)]
pub struct IpBlock {
    pub cidr: Cidr,
    pub except: Vec<Cidr>,
}

impl IpBlock {
    /// Whether some address of `cidr` is left once the `except` blocks are removed.
    pub fn allows_some_address(&self) -> bool {
        let (start, end) = self.cidr.bounds();
        let mut holes: Vec<(u128, u128)> = self
            .except
            .iter()
            .filter(|e| e.is_v4() == self.cidr.is_v4())
            .map(Cidr::bounds)
            .collect();
        holes.sort_unstable();
        let mut next = start;
        for (s, e) in holes {
            if s > next {
                return true;
            }
            if e >= end {
                return false;
            }
            next = next.max(e + 1);
        }
        next <= end
    }
}

/// An IPv4 or IPv6 network.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    pub addr: IpAddr,
    pub prefix: u8,
}

impl Cidr {
    pub fn parse(text: &str) -> Result<Cidr, String> {
        let (addr, prefix) = text
            .split_once('/')
            .ok_or_else(|| format!("`{text}` is not a CIDR (no `/prefix`)"))?;
        let addr: IpAddr = addr
            .parse()
            .map_err(|_| format!("`{text}` is not a CIDR (bad address)"))?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = prefix
            .parse::<u8>()
            .ok()
            .filter(|&p| p <= max)
            .ok_or_else(|| format!("`{text}` is not a CIDR (bad prefix length)"))?;
        Ok(Cidr { addr, prefix })
    }

    pub fn is_v4(&self) -> bool {
        self.addr.is_ipv4()
    }

    /// First and last address, as numbers in the address family's space.
    pub fn bounds(&self) -> (u128, u128) {
        let (value, bits) = match self.addr {
            IpAddr::V4(a) => (u128::from(u32::from(a)), 32u32),
            IpAddr::V6(a) => (u128::from(a), 128u32),
        };
        let host_bits = bits - u32::from(self.prefix);
        let mask = if host_bits >= 128 {
            u128::MAX
        } else {
            (1u128 << host_bits) - 1
        };
        (value & !mask, value | mask)
    }

    /// `0.0.0.0/0` or `::/0`: every address of the family.
    pub fn is_everything(&self) -> bool {
        self.prefix == 0
    }

    /// Whether `other` lies inside this network.
    pub fn contains(&self, other: &Cidr) -> bool {
        if self.is_v4() != other.is_v4() {
            return false;
        }
        let (s, e) = self.bounds();
        let (os, oe) = other.bounds();
        s <= os && oe <= e
    }
}

impl std::fmt::Display for Cidr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

#[derive(Clone, Debug)]
pub enum Ports {
    /// `ports` missing or empty: every port of every protocol.
    All,
    Listed(Vec<PortSpec>),
}

impl Ports {
    /// Whether every port of some protocol is allowed (`ports` missing, or an entry with no
    /// `port`).
    pub fn is_unrestricted(&self) -> bool {
        match self {
            Ports::All => true,
            Ports::Listed(list) => list.iter().any(|p| {
                matches!(
                    p,
                    PortSpec::Numbers {
                        start: 1,
                        end: MAX_PORT,
                        ..
                    }
                )
            }),
        }
    }
}

/// One entry of `ports`.
#[derive(Clone, Debug)]
pub enum PortSpec {
    /// `port` (with `endPort`), or every port when `port` is missing.
    Numbers {
        protocol: Protocol,
        start: u16,
        end: u16,
    },
    /// A named port, resolved against the container ports of the pod traffic goes to.
    Named { protocol: Protocol, name: String },
    /// An entry the API server would refuse; it allows nothing.
    Invalid,
}

/// A named container port of a workload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedPort {
    pub name: String,
    pub protocol: Protocol,
    pub port: u16,
}

/// Reads every NetworkPolicy of the graph, in graph order.
pub fn parse_policies(graph: &Graph) -> Vec<Policy> {
    graph
        .of_kind("NetworkPolicy")
        .iter()
        .map(|&id| parse_policy(graph, id))
        .collect()
}

fn parse_policy(graph: &Graph, id: ObjId) -> Policy {
    let object = graph.object(id);
    let spec = object.root.get("spec").unwrap_or(Node::empty());
    let mut problems = Vec::new();
    let pod_selector = match LabelSelector::parse(spec.get("podSelector")) {
        Ok(s) => Some(s),
        Err(e) => {
            problems.push(format!("spec.podSelector: {}", e.0));
            None
        }
    };
    let has_egress_rules = !spec
        .get("egress")
        .map(Node::items)
        .unwrap_or(&[])
        .is_empty();
    let types: Vec<&str> = spec
        .get("policyTypes")
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .filter_map(Node::text)
        .collect();
    let (isolates_ingress, isolates_egress) = if types.is_empty() {
        (true, has_egress_rules)
    } else {
        for t in &types {
            if *t != "Ingress" && *t != "Egress" {
                problems.push(format!(
                    "spec.policyTypes: unknown type `{t}` (expected Ingress or Egress)"
                ));
            }
        }
        (types.contains(&"Ingress"), types.contains(&"Egress"))
    };
    let mut read = |direction: Direction, isolates: bool| -> Vec<PolicyRule> {
        if !isolates {
            return Vec::new();
        }
        let (field, peer_field) = direction.fields();
        spec.get(field)
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .enumerate()
            .map(|(index, rule)| {
                let at = |sub: &'static str| At {
                    field,
                    rule: index,
                    sub,
                    item: None,
                };
                PolicyRule {
                    index,
                    peers: parse_peers(rule.get(peer_field), at(peer_field), &mut problems),
                    ports: parse_ports(rule.get("ports"), at("ports"), &mut problems),
                }
            })
            .collect()
    };
    let ingress = read(Direction::Ingress, isolates_ingress);
    let egress = read(Direction::Egress, isolates_egress);
    Policy {
        object: id,
        namespace: graph.namespace_of(id).unwrap_or_default().to_string(),
        name: object.id.name.as_deref().unwrap_or_default().to_string(),
        pod_selector,
        isolates_ingress,
        isolates_egress,
        ingress,
        egress,
        problems,
    }
}

/// Where in a policy a problem is (`spec.ingress[0].from[1]`), formatted only when one is found.
#[derive(Clone, Copy)]
struct At {
    field: &'static str,
    rule: usize,
    sub: &'static str,
    item: Option<usize>,
}

impl At {
    fn item(self, item: usize) -> At {
        At {
            item: Some(item),
            ..self
        }
    }
}

impl std::fmt::Display for At {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "spec.{}[{}].{}", self.field, self.rule, self.sub)?;
        match self.item {
            Some(i) => write!(f, "[{i}]"),
            None => Ok(()),
        }
    }
}

fn parse_peers(node: Option<&Node>, at: At, problems: &mut Vec<String>) -> Peers {
    let items = node.map(Node::items).unwrap_or(&[]);
    if items.is_empty() {
        return Peers::All;
    }
    let peers = items
        .iter()
        .enumerate()
        .map(|(index, peer)| Peer {
            index,
            kind: parse_peer(peer, at.item(index), problems),
        })
        .collect();
    Peers::Listed(peers)
}

fn parse_peer(peer: &Node, at: At, problems: &mut Vec<String>) -> PeerKind {
    let present = |key: &str| peer.get(key).is_some_and(|n| !n.is_null());
    let (pods, namespaces, ip) = (
        present("podSelector"),
        present("namespaceSelector"),
        present("ipBlock"),
    );
    if ip {
        if pods || namespaces {
            problems.push(format!(
                "{at}: ipBlock cannot be combined with podSelector or namespaceSelector"
            ));
            return PeerKind::Invalid;
        }
        return match parse_ip_block(peer.get("ipBlock").unwrap_or(Node::empty())) {
            Ok(block) => PeerKind::IpBlock(block),
            Err(e) => {
                problems.push(format!("{at}.ipBlock: {e}"));
                PeerKind::Invalid
            }
        };
    }
    if !pods && !namespaces {
        problems.push(format!(
            "{at}: a peer needs a podSelector, a namespaceSelector or an ipBlock"
        ));
        return PeerKind::Invalid;
    }
    let pod_selector = match LabelSelector::parse(peer.get("podSelector")) {
        Ok(s) => s,
        Err(e) => {
            problems.push(format!("{at}.podSelector: {}", e.0));
            return PeerKind::Invalid;
        }
    };
    let scope = if namespaces {
        match LabelSelector::parse(peer.get("namespaceSelector")) {
            Ok(s) => NamespaceScope::Matching(s),
            Err(e) => {
                problems.push(format!("{at}.namespaceSelector: {}", e.0));
                return PeerKind::Invalid;
            }
        }
    } else {
        NamespaceScope::Own
    };
    PeerKind::Pods {
        namespaces: scope,
        pods: pod_selector,
    }
}

fn parse_ip_block(node: &Node) -> Result<IpBlock, String> {
    let cidr = Cidr::parse(node.get("cidr").and_then(Node::text).ok_or("no cidr")?)?;
    let mut except = Vec::new();
    for e in node.get("except").map(Node::items).unwrap_or(&[]) {
        let e = Cidr::parse(e.text().unwrap_or_default())?;
        if !cidr.contains(&e) {
            return Err(format!("except `{e}` is outside cidr `{cidr}`"));
        }
        except.push(e);
    }
    Ok(IpBlock { cidr, except })
}

fn parse_ports(node: Option<&Node>, at: At, problems: &mut Vec<String>) -> Ports {
    let items = node.map(Node::items).unwrap_or(&[]);
    if items.is_empty() {
        return Ports::All;
    }
    let specs = items
        .iter()
        .enumerate()
        .map(|(i, p)| match parse_port(p) {
            Ok(spec) => spec,
            Err(e) => {
                problems.push(format!("{}: {e}", at.item(i)));
                PortSpec::Invalid
            }
        })
        .collect();
    Ports::Listed(specs)
}

fn parse_port(node: &Node) -> Result<PortSpec, String> {
    let protocol = match node.get("protocol").filter(|n| !n.is_null()) {
        None => Protocol::Tcp,
        Some(p) => {
            let text = p.text().unwrap_or_default();
            Protocol::parse(text)
                .ok_or_else(|| format!("unknown protocol `{text}` (expected TCP, UDP or SCTP)"))?
        }
    };
    let end_port = node.get("endPort").filter(|n| !n.is_null());
    let number = |n: &Node, what: &str| -> Result<u16, String> {
        n.as_i64()
            .and_then(|v| u16::try_from(v).ok())
            .filter(|&v| v >= 1)
            .ok_or_else(|| {
                format!(
                    "{what} `{}` is not a port number (1-65535)",
                    n.text().unwrap_or_default()
                )
            })
    };
    let Some(port) = node.get("port").filter(|n| !n.is_null()) else {
        if end_port.is_some() {
            return Err("endPort needs a numeric port".into());
        }
        return Ok(PortSpec::Numbers {
            protocol,
            start: 1,
            end: MAX_PORT,
        });
    };
    if port.as_i64().is_none() {
        let name = port.text().unwrap_or_default();
        if name.is_empty() || name.bytes().all(|b| b.is_ascii_digit()) || name.len() > 15 {
            return Err(format!("`{name}` is neither a port number nor a port name"));
        }
        if end_port.is_some() {
            return Err(format!(
                "endPort cannot be used with the named port `{name}`"
            ));
        }
        return Ok(PortSpec::Named {
            protocol,
            name: name.to_string(),
        });
    }
    let start = number(port, "port")?;
    let end = match end_port {
        Some(e) => number(e, "endPort")?,
        None => start,
    };
    if end < start {
        return Err(format!("endPort {end} is lower than port {start}"));
    }
    Ok(PortSpec::Numbers {
        protocol,
        start,
        end,
    })
}

/// The ports a rule allows towards a destination with `target` named ports.
pub fn resolve_ports(ports: &Ports, target: Option<&[NamedPort]>) -> PortSet {
    match ports {
        Ports::All => PortSet::all(),
        Ports::Listed(specs) => {
            let mut set = PortSet::empty();
            for spec in specs {
                match spec {
                    PortSpec::Numbers {
                        protocol,
                        start,
                        end,
                    } => set.insert(*protocol, *start, *end),
                    PortSpec::Named { protocol, name } => {
                        for n in target.unwrap_or(&[]) {
                            if n.protocol == *protocol && n.name == *name {
                                set.insert(n.protocol, n.port, n.port);
                            }
                        }
                    }
                    PortSpec::Invalid => {}
                }
            }
            set
        }
    }
}

/// Whether some entry names a port by name (the allowed set then depends on the destination).
pub fn has_named_ports(ports: &Ports) -> bool {
    matches!(ports, Ports::Listed(specs) if specs.iter().any(|s| matches!(s, PortSpec::Named { .. })))
}
