//! NetworkPolicy reachability with Kubernetes' semantics.
//!
//! - A workload's pods are isolated for ingress (egress) when some policy of their namespace
//!   selects them and has that direction in its `policyTypes` (default: Ingress always, Egress
//!   when the policy has `egress` rules). A workload no policy isolates allows everything in
//!   that direction. Pods with `hostNetwork: true` are never isolated (NetworkPolicy does not
//!   apply to the node's network namespace).
//! - Allowed traffic is the union of the rules of every policy that isolates the workload.
//! - A connection from A to B on a port is allowed only when A's egress allows it to B and B's
//!   ingress allows it from A.
//! - Peers: `podSelector` alone selects pods of the policy's namespace, `namespaceSelector`
//!   alone every pod of the matching namespaces, both together the matching pods of the
//!   matching namespaces (AND); separate list entries are ORed. Namespaces are matched on their
//!   labels, including the automatic `kubernetes.io/metadata.name`.
//! - [`Endpoint::External`] stands for addresses outside the cluster. Only `ipBlock` peers (or an
//!   empty peer list) match it; pod IPs are treated as unknown, so `ipBlock` never matches a
//!   workload and a selector never matches outside traffic. An `ipBlock` allows external traffic
//!   unless its `except` blocks cover the whole `cidr`.
//! - Ports: missing or empty `ports` is every port; an entry without `port` is every port of its
//!   protocol (default TCP); `endPort` makes a range; a named port is resolved against the
//!   container ports of the destination pod (the selected pod for ingress, the peer for
//!   egress), so one rule can mean different numbers for different workloads. Named ports
//!   towards outside addresses resolve to nothing.
//!
//! [`Reachability::compute`] indexes once (which policies select each workload, which workloads
//! each rule's peers match, as bit sets); [`Reachability::allowed_ports`] then answers one pair in
//! a few bit tests and port-set unions, and [`Reachability::matrix`] answers all of them.

pub mod policy;
pub mod ports;

use crate::{Graph, Workload};
pub use policy::parse_policies;
pub use policy::{Direction, NamedPort, Peer, PeerKind, Peers, Policy, PolicyRule, Ports};
use policy::{NamespaceScope, has_named_ports, resolve_ports};
pub use ports::{PortRange, PortSet, Protocol};
use std::collections::HashMap;

/// One end of a connection: a workload (its index in [`Graph::workloads`]) or anything outside
/// the cluster.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Endpoint {
    Workload(usize),
    External,
}

/// The node name of traffic from or to outside the cluster in the matrix.
pub const EXTERNAL: &str = "external";

/// A set of endpoints: workloads by index, then one bit for [`Endpoint::External`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Bits(Vec<u64>);

impl Bits {
    fn new(len: usize) -> Bits {
        Bits(vec![0; len.div_ceil(64)])
    }

    fn full(len: usize) -> Bits {
        let mut words = vec![u64::MAX; len.div_ceil(64)];
        if let Some(last) = words.last_mut().filter(|_| !len.is_multiple_of(64)) {
            *last = (1 << (len % 64)) - 1;
        }
        Bits(words)
    }

    fn set(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }

    fn get(&self, i: usize) -> bool {
        self.0.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    fn or_with(&mut self, other: &Bits) {
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a |= b;
        }
    }
}

/// A policy rule, compiled: which endpoints its peers match and what ports it allows.
#[derive(Clone, Debug)]
struct CompiledRule {
    peers: Bits,
    /// The policy's rule, for named ports.
    policy: usize,
    direction: Direction,
    rule: usize,
    /// The allowed ports when they do not depend on the destination (no named port).
    fixed: Option<PortSet>,
}

/// Which policies select which workloads, and which workloads they isolate: the part of the
/// evaluation that needs no peer index (what most rules ask).
#[derive(Clone, Debug)]
pub struct Selection {
    policies: Vec<Policy>,
    /// Per policy, the workloads it selects.
    selected: Vec<Vec<usize>>,
    /// Per workload, the policies selecting it.
    selecting: Vec<Vec<usize>>,
    ingress_isolated: Vec<bool>,
    egress_isolated: Vec<bool>,
}

impl Selection {
    /// Parses every NetworkPolicy of `graph` and matches their `podSelector`s.
    pub fn compute(graph: &Graph) -> Selection {
        let workloads = graph.workloads();
        let count = workloads.len();
        let policies = parse_policies(graph);
        let mut selected = Vec::with_capacity(policies.len());
        let mut selecting = vec![Vec::new(); count];
        let mut ingress_isolated = vec![false; count];
        let mut egress_isolated = vec![false; count];
        for (p, policy) in policies.iter().enumerate() {
            let chosen: Vec<usize> = match &policy.pod_selector {
                Some(sel) => graph.workloads_matching(&policy.namespace, sel),
                None => Vec::new(),
            };
            for &w in &chosen {
                selecting[w].push(p);
                if !workloads[w].host_network {
                    ingress_isolated[w] |= policy.isolates_ingress;
                    egress_isolated[w] |= policy.isolates_egress;
                }
            }
            selected.push(chosen);
        }
        Selection {
            policies,
            selected,
            selecting,
            ingress_isolated,
            egress_isolated,
        }
    }

    /// The parsed policies, in graph order (`Graph::of_kind("NetworkPolicy")`).
    pub fn policies(&self) -> &[Policy] {
        &self.policies
    }

    /// The workloads policy `policy` (an index in [`Selection::policies`]) selects.
    pub fn selected_by(&self, policy: usize) -> &[usize] {
        &self.selected[policy]
    }

    /// The policies selecting workload `workload`.
    pub fn policies_selecting(&self, workload: usize) -> &[usize] {
        &self.selecting[workload]
    }

    /// Whether some policy isolates the workload's pods in `direction` (never for
    /// `hostNetwork` pods).
    pub fn is_isolated(&self, workload: usize, direction: Direction) -> bool {
        match direction {
            Direction::Ingress => self.ingress_isolated[workload],
            Direction::Egress => self.egress_isolated[workload],
        }
    }

    /// The rules that govern the workload in `direction` (none when it is not isolated):
    /// `(policy index, rule)`.
    pub fn rules_of(
        &self,
        workload: usize,
        direction: Direction,
    ) -> impl Iterator<Item = (usize, &PolicyRule)> + '_ {
        let policies: &[usize] = if self.is_isolated(workload, direction) {
            &self.selecting[workload]
        } else {
            &[]
        };
        policies
            .iter()
            .filter(move |&&p| self.policies[p].isolates(direction))
            .flat_map(move |&p| {
                self.policies[p]
                    .rules(direction)
                    .iter()
                    .map(move |r| (p, r))
            })
    }

    /// The workloads a peer of a policy in `namespace` matches, in index order (none for an
    /// `ipBlock`).
    pub fn peer_workloads(&self, graph: &Graph, namespace: &str, peer: &PeerKind) -> Vec<usize> {
        let mut bits = Bits::new(graph.workloads().len() + 1);
        self.add_peer(graph, namespace, peer, &mut bits);
        (0..graph.workloads().len())
            .filter(|&w| bits.get(w))
            .collect()
    }

    fn add_peer(&self, graph: &Graph, namespace: &str, peer: &PeerKind, bits: &mut Bits) {
        let workloads = graph.workloads();
        match peer {
            PeerKind::Pods { namespaces, pods } => {
                let mut add_in = |ns: &str| {
                    for w in graph.workloads_matching(ns, pods) {
                        bits.set(w);
                    }
                };
                match namespaces {
                    NamespaceScope::Own => add_in(namespace),
                    NamespaceScope::Matching(sel) => {
                        for (name, ns) in graph.namespaces() {
                            if sel.matches(&ns.labels) {
                                add_in(name);
                            }
                        }
                    }
                }
            }
            PeerKind::IpBlock(block) => {
                if block.allows_some_address() {
                    bits.set(workloads.len());
                }
            }
            PeerKind::Invalid => {}
        }
    }
}

/// Who can reach whom, on which ports, under the loaded NetworkPolicies.
#[derive(Clone, Debug)]
pub struct Reachability {
    count: usize,
    selection: Selection,
    rules: Vec<CompiledRule>,
    /// Per workload, the compiled rules that apply to it, and the union of their peers.
    ingress_rules: Vec<Vec<usize>>,
    egress_rules: Vec<Vec<usize>>,
    ingress_reach: Vec<Bits>,
    egress_reach: Vec<Bits>,
    named_ports: Vec<Vec<NamedPort>>,
}

impl Reachability {
    /// Parses every NetworkPolicy of `graph` and indexes them against its workloads.
    pub fn compute(graph: &Graph) -> Reachability {
        let selection = Selection::compute(graph);
        let workloads = graph.workloads();
        let count = workloads.len();
        let mut rules = Vec::new();
        let mut ingress_rules = vec![Vec::new(); count];
        let mut egress_rules = vec![Vec::new(); count];
        // Identical peers (the same selectors seen from the same namespace) are matched once.
        let mut cache: HashMap<String, Bits> = HashMap::new();
        for (p, policy) in selection.policies.iter().enumerate() {
            let governed: Vec<usize> = selection.selected[p]
                .iter()
                .copied()
                .filter(|&w| !workloads[w].host_network)
                .collect();
            if governed.is_empty() {
                continue;
            }
            for direction in [Direction::Ingress, Direction::Egress] {
                if !policy.isolates(direction) {
                    continue;
                }
                let applies = match direction {
                    Direction::Ingress => &mut ingress_rules,
                    Direction::Egress => &mut egress_rules,
                };
                for rule in policy.rules(direction) {
                    let peers = rule_peers(graph, &selection, &mut cache, policy, rule);
                    let fixed =
                        (!has_named_ports(&rule.ports)).then(|| resolve_ports(&rule.ports, None));
                    let id = rules.len();
                    rules.push(CompiledRule {
                        peers,
                        policy: p,
                        direction,
                        rule: rule.index,
                        fixed,
                    });
                    for &w in &governed {
                        applies[w].push(id);
                    }
                }
            }
        }
        let reach = |applies: &[Vec<usize>]| -> Vec<Bits> {
            applies
                .iter()
                .map(|ids| {
                    let mut bits = Bits::new(count + 1);
                    for &id in ids {
                        bits.or_with(&rules[id].peers);
                    }
                    bits
                })
                .collect()
        };
        let ingress_reach = reach(&ingress_rules);
        let egress_reach = reach(&egress_rules);
        let named_ports = workloads.iter().map(named_ports_of).collect();
        Reachability {
            count,
            selection,
            rules,
            ingress_rules,
            egress_rules,
            ingress_reach,
            egress_reach,
            named_ports,
        }
    }

    /// Policies, selection and isolation.
    pub fn selection(&self) -> &Selection {
        &self.selection
    }

    /// The parsed policies, in graph order (`Graph::of_kind("NetworkPolicy")`).
    pub fn policies(&self) -> &[Policy] {
        self.selection.policies()
    }

    /// Whether some policy isolates the workload's pods in `direction` (never for
    /// `hostNetwork` pods).
    pub fn is_isolated(&self, workload: usize, direction: Direction) -> bool {
        self.selection.is_isolated(workload, direction)
    }

    /// Whether traffic from outside the cluster can reach the workload on some port, given its
    /// ingress isolation.
    pub fn external_ingress_allowed(&self, workload_index: usize) -> bool {
        !self
            .allowed_ports(Endpoint::External, Endpoint::Workload(workload_index))
            .is_empty()
    }

    /// The ports on which `from` can open connections to `to`: what `from`'s egress allows
    /// towards `to`, intersected with what `to`'s ingress allows from `from`. Empty from
    /// outside to outside, and for indices out of range.
    pub fn allowed_ports(&self, from: Endpoint, to: Endpoint) -> PortSet {
        let (Some(f), Some(t)) = (self.bit(from), self.bit(to)) else {
            return PortSet::empty();
        };
        if f == self.count && t == self.count {
            return PortSet::empty();
        }
        self.pair(f, t)
    }

    /// Every allowed connection, by (from, to) with workloads in index order and
    /// [`Endpoint::External`] last; pairs with no port are left out.
    pub fn edges(&self) -> Vec<(Endpoint, Endpoint, PortSet)> {
        let order: Vec<usize> = (0..=self.count).collect();
        let mut out = Vec::new();
        self.each_edge(&order, |f, t, ports| {
            out.push((self.endpoint(f), self.endpoint(t), ports));
        });
        out
    }

    /// Calls `visit(from, to, ports)` for every allowed pair of endpoint bits, sources and
    /// destinations taken in `order`.
    fn each_edge(&self, order: &[usize], mut visit: impl FnMut(usize, usize, PortSet)) {
        for &f in order {
            let egress_closed = f < self.count && self.selection.egress_isolated[f];
            for &t in order {
                if f == self.count && t == self.count {
                    continue;
                }
                if egress_closed && !self.egress_reach[f].get(t) {
                    continue;
                }
                if t < self.count
                    && self.selection.ingress_isolated[t]
                    && !self.ingress_reach[t].get(f)
                {
                    continue;
                }
                let ports = self.pair(f, t);
                if !ports.is_empty() {
                    visit(f, t, ports);
                }
            }
        }
    }

    /// The matrix with workloads named `<namespace>/<Kind>/<name>`, sorted, then `external`.
    /// Workloads declared twice under one name are one node (their ports merged).
    pub fn matrix(&self, graph: &Graph) -> Matrix {
        let workloads = graph.workloads();
        let keys: Vec<String> = workloads.iter().map(Workload::key).collect();
        let mut names = keys.clone();
        names.sort();
        names.dedup();
        // The node of each endpoint bit (`external` last), and the bits in node order, so
        // edges come out sorted and the declarations of one node are adjacent.
        let mut node: Vec<usize> = keys
            .iter()
            .map(|k| names.binary_search(k).unwrap_or(names.len()))
            .collect();
        node.push(names.len());
        let mut order: Vec<usize> = (0..=self.count).collect();
        order.sort_by_key(|&b| (node[b], b));
        let mut edges: Vec<MatrixEdge> = Vec::new();
        self.each_edge(&order, |f, t, ports| {
            let (from, to) = (node[f], node[t]);
            match edges.last_mut() {
                Some(last) if (last.from, last.to) == (from, to) => last.ports.union_with(&ports),
                _ => edges.push(MatrixEdge { from, to, ports }),
            }
        });
        // Two declarations of one workload interleave their destinations: merge what remains.
        if names.len() < keys.len() {
            edges.sort_by_key(|e| (e.from, e.to));
            let mut merged: Vec<MatrixEdge> = Vec::with_capacity(edges.len());
            for e in edges {
                match merged.last_mut() {
                    Some(last) if (last.from, last.to) == (e.from, e.to) => {
                        last.ports.union_with(&e.ports);
                    }
                    _ => merged.push(e),
                }
            }
            edges = merged;
        }
        let mut nodes = names;
        nodes.push(EXTERNAL.to_string());
        Matrix { nodes, edges }
    }

    fn bit(&self, e: Endpoint) -> Option<usize> {
        match e {
            Endpoint::Workload(w) if w < self.count => Some(w),
            Endpoint::Workload(_) => None,
            Endpoint::External => Some(self.count),
        }
    }

    fn endpoint(&self, bit: usize) -> Endpoint {
        if bit == self.count {
            Endpoint::External
        } else {
            Endpoint::Workload(bit)
        }
    }

    /// Allowed ports between two endpoint bits (not both external).
    fn pair(&self, f: usize, t: usize) -> PortSet {
        let target_ports = (t < self.count).then(|| self.named_ports[t].as_slice());
        let egress = if f < self.count && self.selection.egress_isolated[f] {
            Some(self.union_of(&self.egress_rules[f], t, target_ports))
        } else {
            None
        };
        if egress.as_ref().is_some_and(PortSet::is_empty) {
            return PortSet::empty();
        }
        let ingress = if t < self.count && self.selection.ingress_isolated[t] {
            Some(self.union_of(&self.ingress_rules[t], f, target_ports))
        } else {
            None
        };
        match (egress, ingress) {
            (None, None) => PortSet::all(),
            (Some(e), None) => e,
            (None, Some(i)) => i,
            (Some(e), Some(i)) => e.intersection(&i),
        }
    }

    /// The union of the ports of the rules `ids` whose peers include `peer`, towards a
    /// destination with `target` named ports.
    fn union_of(&self, ids: &[usize], peer: usize, target: Option<&[NamedPort]>) -> PortSet {
        let mut out = PortSet::empty();
        for &id in ids {
            let rule = &self.rules[id];
            if !rule.peers.get(peer) {
                continue;
            }
            match &rule.fixed {
                Some(ports) => out.union_with(ports),
                None => {
                    let policy = &self.selection.policies[rule.policy];
                    if let Some(r) = policy
                        .rules(rule.direction)
                        .iter()
                        .find(|r| r.index == rule.rule)
                    {
                        out.union_with(&resolve_ports(&r.ports, target));
                    }
                }
            }
        }
        out
    }
}

/// The reachability matrix, by node name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Matrix {
    /// Workload names (`<namespace>/<Kind>/<name>`, sorted), then [`EXTERNAL`].
    pub nodes: Vec<String>,
    /// Allowed connections, sorted by (from, to) node index.
    pub edges: Vec<MatrixEdge>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatrixEdge {
    /// Indices in [`Matrix::nodes`].
    pub from: usize,
    pub to: usize,
    pub ports: PortSet,
}

impl Matrix {
    /// One line per edge: `from -> to PORTS` (ports comma-separated).
    pub fn edge_lines(&self) -> Vec<String> {
        self.edges
            .iter()
            .map(|e| format!("{} -> {} {}", self.nodes[e.from], self.nodes[e.to], e.ports))
            .collect()
    }
}

fn rule_peers(
    graph: &Graph,
    selection: &Selection,
    cache: &mut HashMap<String, Bits>,
    policy: &Policy,
    rule: &PolicyRule,
) -> Bits {
    let len = graph.workloads().len() + 1;
    let key = match &rule.peers {
        Peers::All => "*".to_string(),
        Peers::Listed(peers) => {
            let kinds: Vec<&PeerKind> = peers.iter().map(|p| &p.kind).collect();
            format!("{}\n{kinds:?}", policy.namespace)
        }
    };
    cache
        .entry(key)
        .or_insert_with(|| match &rule.peers {
            Peers::All => Bits::full(len),
            Peers::Listed(peers) => {
                let mut bits = Bits::new(len);
                for peer in peers {
                    selection.add_peer(graph, &policy.namespace, &peer.kind, &mut bits);
                }
                bits
            }
        })
        .clone()
}

fn named_ports_of(w: &Workload) -> Vec<NamedPort> {
    w.ports
        .iter()
        .filter_map(|p| {
            Some(NamedPort {
                name: p.name.clone()?,
                protocol: Protocol::parse(&p.protocol)?,
                port: p.port,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
