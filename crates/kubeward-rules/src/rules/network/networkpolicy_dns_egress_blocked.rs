use super::governed;
use crate::{GraphContext, Rule};
use kubeward_graph::netpol::policy::{NamespaceScope, PortSpec};
use kubeward_graph::netpol::{
    Direction, PeerKind, Peers, Policy, PolicyRule, Ports, Protocol, Selection,
};
use kubeward_graph::selector::Labels;
use kubeward_graph::{Graph, NAMESPACE_NAME_LABEL};
use kubeward_model::{Category, References, Scope, Severity};

/// The namespace cluster DNS runs in.
const DNS_NAMESPACE: &str = "kube-system";

declare_rule! {
    /// ## What it checks
    /// Workloads whose egress a NetworkPolicy isolates, that are allowed some egress, but to
    /// which no egress rule allows DNS: UDP port 53 to a peer that can be the cluster DNS (pods
    /// of `kube-system`, matched by `namespaceSelector`, by the automatic
    /// `kubernetes.io/metadata.name` label or any label the loaded `Namespace` has; a loaded
    /// workload serving UDP/53; an `ipBlock`, for node-local or upstream resolvers; or no `to`
    /// at all). Workloads whose egress is wholly denied (no rule at all) are deliberately
    /// isolated and not reported, nor are `hostNetwork` pods. TCP/53, used for large answers,
    /// is recommended but not required.
    ///
    /// ## Why it matters
    /// Egress isolation blocks DNS unless a rule allows it. Every connection by name (Service
    /// names, external APIs) then fails with a resolution timeout: a classic outage right after
    /// a default-deny egress policy is rolled out, and a hard one to diagnose.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: networking.k8s.io/v1
    /// kind: NetworkPolicy
    /// metadata:
    ///   name: web-egress
    ///   namespace: shop
    /// spec:
    ///   podSelector:
    ///     matchLabels: {app: web}
    ///   policyTypes: [Egress]
    ///   egress:
    ///     - to:
    ///         - podSelector:
    ///             matchLabels: {app: api}
    ///       ports:
    ///         - port: 8080
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
    ///         - name: web
    ///           image: registry.example.com/web:1.4.2
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: networking.k8s.io/v1
    /// kind: NetworkPolicy
    /// metadata:
    ///   name: web-egress
    ///   namespace: shop
    /// spec:
    ///   podSelector:
    ///     matchLabels: {app: web}
    ///   policyTypes: [Egress]
    ///   egress:
    ///     - to:
    ///         - podSelector:
    ///             matchLabels: {app: api}
    ///       ports:
    ///         - port: 8080
    ///     - to:
    ///         - namespaceSelector:
    ///             matchLabels: {kubernetes.io/metadata.name: kube-system}
    ///           podSelector:
    ///             matchLabels: {k8s-app: kube-dns}
    ///       ports:
    ///         - {protocol: UDP, port: 53}
    ///         - {protocol: TCP, port: 53}
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
    ///         - name: web
    ///           image: registry.example.com/web:1.4.2
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Declare Network Policy" and the DNS egress recipes of the
    ///   network policy guides
    pub struct NetworkpolicyDnsEgressBlocked {
        id: "networkpolicy-dns-egress-blocked",
        title: "Egress is isolated but DNS is not allowed",
        severity: Severity::High,
        category: Category::Network,
        scope: Scope::Graph,
        remediation: "Add an egress rule allowing UDP and TCP port 53 to kube-dns (`namespaceSelector` `kubernetes.io/metadata.name: kube-system` with `podSelector` `k8s-app: kube-dns`), usually in the namespace's default-deny policy.",
        references: References::NONE,
    }
}

impl Rule for NetworkpolicyDnsEgressBlocked {
    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        let selection = graph.netpol();
        let dns_labels: Labels = graph
            .namespace(DNS_NAMESPACE)
            .map(|n| n.labels.clone())
            .unwrap_or_else(|| {
                Labels::from([(NAMESPACE_NAME_LABEL.to_string(), DNS_NAMESPACE.to_string())])
            });
        // Whether each egress rule of each policy allows DNS, decided once per rule.
        let dns_rules: Vec<Vec<bool>> = selection
            .policies()
            .iter()
            .map(|policy| {
                policy
                    .rules(Direction::Egress)
                    .iter()
                    .map(|rule| {
                        allows_udp_53(&rule.ports)
                            && may_reach_dns(graph, selection, policy, rule, &dns_labels)
                    })
                    .collect()
            })
            .collect();
        for (i, w) in graph.workloads().iter().enumerate() {
            if !governed(w, Direction::Egress) || !selection.is_isolated(i, Direction::Egress) {
                continue;
            }
            let mut rules = selection.rules_of(i, Direction::Egress).peekable();
            if rules.peek().is_none() {
                continue;
            }
            let allowed = rules.any(|(p, rule)| {
                selection.policies()[p]
                    .rules(Direction::Egress)
                    .iter()
                    .position(|r| r.index == rule.index)
                    .is_some_and(|k| dns_rules[p][k])
            });
            if allowed {
                continue;
            }
            let policies: Vec<String> = selection
                .policies_selecting(i)
                .iter()
                .map(|&p| &selection.policies()[p])
                .filter(|p| p.isolates(Direction::Egress))
                .map(|p| format!("NetworkPolicy {}", p.key()))
                .collect();
            cx.report_object(
                w.object,
                format!(
                    "{} `{}` has egress isolated by {} but no egress rule allows DNS (UDP/53 to kube-system or an ipBlock): name lookups fail",
                    w.kind,
                    w.name,
                    policies.join(", ")
                ),
            );
        }
    }
}

fn allows_udp_53(ports: &Ports) -> bool {
    match ports {
        Ports::All => true,
        Ports::Listed(specs) => specs.iter().any(|s| match s {
            PortSpec::Numbers {
                protocol,
                start,
                end,
            } => *protocol == Protocol::Udp && *start <= 53 && 53 <= *end,
            // A named UDP port (`dns`) resolves against the DNS pods, often not loaded.
            PortSpec::Named { protocol, .. } => *protocol == Protocol::Udp,
            PortSpec::Invalid => false,
        }),
    }
}

fn may_reach_dns(
    graph: &Graph,
    selection: &Selection,
    policy: &Policy,
    rule: &PolicyRule,
    dns_labels: &Labels,
) -> bool {
    let Peers::Listed(peers) = &rule.peers else {
        return true;
    };
    peers.iter().any(|peer| match &peer.kind {
        PeerKind::IpBlock(block) => block.allows_some_address(),
        PeerKind::Pods { namespaces, .. } => {
            let in_dns_namespace = match namespaces {
                NamespaceScope::Own => policy.namespace == DNS_NAMESPACE,
                NamespaceScope::Matching(sel) => sel.matches(dns_labels),
            };
            in_dns_namespace
                || selection
                    .peer_workloads(graph, &policy.namespace, &peer.kind)
                    .into_iter()
                    .any(|w| {
                        graph.workloads()[w]
                            .ports
                            .iter()
                            .any(|p| p.port == 53 && p.protocol == "UDP")
                    })
        }
        PeerKind::Invalid => false,
    })
}
