use super::describe_selector;
use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_graph::netpol::policy::NamespaceScope;
use kubeward_graph::netpol::{Direction, PeerKind, Peers};
use kubeward_model::{Category, Node, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// NetworkPolicy peers (`from`/`to` entries) that can match nothing: a `podSelector` without
    /// `namespaceSelector` (pods of the policy's own namespace) that matches no workload loaded
    /// there, and peers the API server would refuse (no selector and no `ipBlock`, an `ipBlock`
    /// next to a selector, a bad CIDR, an unknown `matchExpressions` operator). Peers with a
    /// `namespaceSelector` are not judged on workloads: the namespaces they name are often not
    /// in the scanned set.
    ///
    /// ## Why it matters
    /// A peer that matches nothing allows nothing: the connection it was written for is
    /// blocked (an outage once the policy is applied), usually because of a typo in a label.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: networking.k8s.io/v1
    /// kind: NetworkPolicy
    /// metadata:
    ///   name: api
    ///   namespace: shop
    /// spec:
    ///   podSelector:
    ///     matchLabels: {app: api}
    ///   ingress:
    ///     - from:
    ///         - podSelector:
    ///             matchLabels: {app: frontend}
    /// ---
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: api
    ///   namespace: shop
    /// spec:
    ///   selector:
    ///     matchLabels: {app: api}
    ///   template:
    ///     metadata:
    ///       labels: {app: api}
    ///     spec:
    ///       containers:
    ///         - name: api
    ///           image: registry.example.com/api:2.0.1
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: networking.k8s.io/v1
    /// kind: NetworkPolicy
    /// metadata:
    ///   name: api
    ///   namespace: shop
    /// spec:
    ///   podSelector:
    ///     matchLabels: {app: api}
    ///   ingress:
    ///     - from:
    ///         - podSelector:
    ///             matchLabels: {app: web}
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
    /// - kube-linter `dangling-networkpolicypeer-podselector`
    pub struct NetworkpolicyPeerSelectsNothing {
        id: "networkpolicy-peer-selects-nothing",
        title: "NetworkPolicy peer selects nothing",
        severity: Severity::Low,
        category: Category::Network,
        scope: Scope::Graph,
        remediation: "Make the peer's `podSelector` match the pod labels of the workload meant (check for typos), add a `namespaceSelector` if it lives in another namespace, or fix the peer so the API server accepts it.",
        references: References {
            kube_linter: &["dangling-networkpolicypeer-podselector"],
            ..References::NONE
        },
    }
}

impl Rule for NetworkpolicyPeerSelectsNothing {
    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        for policy in graph.netpol().policies() {
            let object = graph.object(policy.object);
            for direction in [Direction::Ingress, Direction::Egress] {
                let (field, peer_field) = direction.fields();
                let rule_nodes = object
                    .root
                    .path(&["spec", field])
                    .map(Node::items)
                    .unwrap_or(&[]);
                for rule in policy.rules(direction) {
                    let Peers::Listed(peers) = &rule.peers else {
                        continue;
                    };
                    for peer in peers {
                        let Some(node) = rule_nodes
                            .get(rule.index)
                            .and_then(|r| r.get(peer_field))
                            .and_then(|f| f.items().get(peer.index))
                        else {
                            continue;
                        };
                        let prefix =
                            format!("spec.{field}[{}].{peer_field}[{}]", rule.index, peer.index);
                        match &peer.kind {
                            PeerKind::Invalid => {
                                let why = policy
                                    .problems
                                    .iter()
                                    .filter_map(|m| m.strip_prefix(prefix.as_str()))
                                    .find(|rest| rest.starts_with(':') || rest.starts_with('.'))
                                    .and_then(|rest| rest.split_once(": "))
                                    .map_or("the API server refuses it", |(_, why)| why);
                                cx.report(
                                    policy.object,
                                    node,
                                    format!(
                                        "NetworkPolicy {} peer matches nothing: {why}",
                                        direction.name()
                                    ),
                                );
                            }
                            PeerKind::Pods {
                                namespaces: NamespaceScope::Own,
                                pods,
                            } if !pods.is_empty()
                                && !graph.any_workload_matches(&policy.namespace, pods) =>
                            {
                                cx.report(
                                    policy.object,
                                    node.get("podSelector").unwrap_or(node),
                                    format!(
                                        "NetworkPolicy {} peer podSelector `{}` matches no workload in namespace `{}`",
                                        direction.name(),
                                        describe_selector(pods),
                                        policy.namespace
                                    ),
                                );
                            }
                            _ => {}
                        }
                    }
                }
            }
        }
    }
}
