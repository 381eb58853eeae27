use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_graph::netpol::policy::PortSpec;
use kubeward_graph::netpol::{Direction, PeerKind, Peers, Ports};
use kubeward_model::{Category, Node, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Egress rules with an `ipBlock` peer covering the whole internet (`0.0.0.0/0` or `::/0`,
    /// whatever `except` removes: excepting the private ranges still leaves the internet) and
    /// no port restriction (no `ports`, or a port entry without `port`). Egress to the internet
    /// on chosen ports (`443` to a SaaS API) is a deliberate decision and is not reported; nor
    /// are narrower CIDRs. A rule with no `to` at all is `networkpolicy-allows-all`'s.
    ///
    /// ## Why it matters
    /// Unrestricted egress to any address is what an attacker needs to download tooling, open
    /// a reverse shell and exfiltrate data, on any port, past the egress isolation the policy
    /// seems to provide.
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
    ///         - ipBlock:
    ///             cidr: 0.0.0.0/0
    ///             except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16]
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
    ///         - ipBlock:
    ///             cidr: 0.0.0.0/0
    ///             except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16]
    ///       ports:
    ///         - port: 443
    /// ```
    ///
    /// ## References
    /// - NSA/CISA: network separation and hardening (restrict egress)
    pub struct NetworkpolicyEgressToInternet {
        id: "networkpolicy-egress-to-internet",
        title: "NetworkPolicy allows egress to the internet on every port",
        severity: Severity::Medium,
        category: Category::Network,
        scope: Scope::Graph,
        remediation: "Restrict the rule to the ports the workload needs (443, usually) and, where possible, to the CIDRs of the services it calls; send other traffic through an egress proxy.",
        references: References {
            nsa: &["Network separation and hardening"],
            ..References::NONE
        },
    }
}

impl Rule for NetworkpolicyEgressToInternet {
    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        for policy in graph.netpol().policies() {
            let object = graph.object(policy.object);
            let nodes = object
                .root
                .path(&["spec", "egress"])
                .map(Node::items)
                .unwrap_or(&[]);
            for rule in policy.rules(Direction::Egress) {
                let Peers::Listed(peers) = &rule.peers else {
                    continue;
                };
                if !rule.ports.is_unrestricted() {
                    continue;
                }
                for peer in peers {
                    let PeerKind::IpBlock(block) = &peer.kind else {
                        continue;
                    };
                    if !block.cidr.is_everything() || !block.allows_some_address() {
                        continue;
                    }
                    let Some(at) = nodes
                        .get(rule.index)
                        .and_then(|r| r.get("to"))
                        .and_then(|t| t.items().get(peer.index))
                        .and_then(|p| p.path(&["ipBlock", "cidr"]))
                    else {
                        continue;
                    };
                    cx.report(
                        policy.object,
                        at,
                        format!(
                            "NetworkPolicy egress rule allows {} to the whole internet (`{}`)",
                            open_ports(&rule.ports),
                            block.cidr
                        ),
                    );
                }
            }
        }
    }
}

/// `every port`, or `every UDP port` when the rule opens whole protocols only.
fn open_ports(ports: &Ports) -> String {
    let Ports::Listed(specs) = ports else {
        return "every port".to_string();
    };
    let protocols: Vec<&str> = specs
        .iter()
        .filter_map(|s| match s {
            PortSpec::Numbers {
                protocol,
                start: 1,
                end: 65535,
            } => Some(protocol.name()),
            _ => None,
        })
        .collect();
    format!("every {} port", protocols.join("/"))
}
