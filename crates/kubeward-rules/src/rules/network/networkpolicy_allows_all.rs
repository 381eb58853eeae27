use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_graph::netpol::policy::NamespaceScope;
use kubeward_graph::netpol::{Direction, PeerKind, Peers};
use kubeward_model::{Category, Node, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// NetworkPolicy rules that allow everything on every port: an `ingress`/`egress` rule with
    /// no `from`/`to` (every source or destination, in the cluster and outside), or with a peer
    /// `namespaceSelector: {}` and no narrower `podSelector` (every pod of every namespace), and
    /// no `ports` (or a port entry without `port`: every port of its protocol). Rules that
    /// restrict the ports (`from` anywhere to 443, say) are not reported. Only the directions
    /// the policy isolates count (`policyTypes` and its default).
    ///
    /// ## Why it matters
    /// Such a rule cancels the isolation the policy, and every default-deny policy next to it,
    /// was written for: the selected pods are as open as if no policy existed, while a
    /// reviewer sees a NetworkPolicy and assumes they are protected.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: networking.k8s.io/v1
    /// kind: NetworkPolicy
    /// metadata:
    ///   name: allow-all
    ///   namespace: shop
    /// spec:
    ///   podSelector: {}
    ///   ingress:
    ///     - {}
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: networking.k8s.io/v1
    /// kind: NetworkPolicy
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// spec:
    ///   podSelector:
    ///     matchLabels: {app: web}
    ///   ingress:
    ///     - ports:
    ///         - port: 8443
    /// ```
    ///
    /// ## References
    /// - Trivy `KSV-0038` (a policy using no pod or namespace selectors)
    pub struct NetworkpolicyAllowsAll {
        id: "networkpolicy-allows-all",
        title: "NetworkPolicy rule allows all traffic",
        severity: Severity::Medium,
        category: Category::Network,
        scope: Scope::Graph,
        remediation: "List the peers (podSelector, namespaceSelector, ipBlock) and the ports the workload needs in the rule; delete the rule if the direction should stay closed.",
        references: References {
            trivy: &["KSV-0038"],
            ..References::NONE
        },
    }
}

impl Rule for NetworkpolicyAllowsAll {
    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        for policy in graph.netpol().policies() {
            let object = graph.object(policy.object);
            for direction in [Direction::Ingress, Direction::Egress] {
                let (field, peer_field) = direction.fields();
                let nodes = object
                    .root
                    .path(&["spec", field])
                    .map(Node::items)
                    .unwrap_or(&[]);
                for rule in policy.rules(direction) {
                    if !rule.ports.is_unrestricted() {
                        continue;
                    }
                    let Some(node) = nodes.get(rule.index) else {
                        continue;
                    };
                    let (whom, at) = match &rule.peers {
                        Peers::All => (
                            match direction {
                                Direction::Ingress => {
                                    "from every source (in the cluster and outside)"
                                }
                                Direction::Egress => {
                                    "to every destination (in the cluster and outside)"
                                }
                            },
                            node,
                        ),
                        Peers::Listed(peers) => {
                            let every_pod = peers.iter().find(|p| {
                                matches!(&p.kind, PeerKind::Pods {
                                    namespaces: NamespaceScope::Matching(ns),
                                    pods,
                                } if ns.is_empty() && pods.is_empty())
                            });
                            let Some(peer) = every_pod else { continue };
                            (
                                match direction {
                                    Direction::Ingress => "from every pod of every namespace",
                                    Direction::Egress => "to every pod of every namespace",
                                },
                                node.get(peer_field)
                                    .and_then(|f| f.items().get(peer.index))
                                    .unwrap_or(node),
                            )
                        }
                    };
                    cx.report(
                        policy.object,
                        at,
                        format!(
                            "NetworkPolicy {} rule allows traffic {whom} on every port",
                            direction.name()
                        ),
                    );
                }
            }
        }
    }
}
