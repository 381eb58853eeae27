//! NetworkPolicy rules (category `network`): isolation of namespaces and workloads, policies
//! and peers that select nothing, holes (allow-all, the internet) and DNS egress. They run on
//! the graph of all loaded objects with `kubeward_graph::netpol`'s exact semantics.
//!
//! Workloads with `hostNetwork: true` are skipped: NetworkPolicy does not govern the node's
//! network namespace (`host-network` reports them). For ingress isolation, Jobs and CronJobs
//! that declare no container port are skipped too: batch pods that serve nothing.

pub mod namespace_default_deny_egress_missing;
pub mod namespace_default_deny_ingress_missing;
pub mod networkpolicy_allows_all;
pub mod networkpolicy_dns_egress_blocked;
pub mod networkpolicy_egress_to_internet;
pub mod networkpolicy_peer_selects_nothing;
pub mod networkpolicy_selects_nothing;
pub mod workload_egress_not_isolated;
pub mod workload_ingress_not_isolated;

use crate::GraphContext;
use kubeward_graph::netpol::Direction;
use kubeward_graph::selector::LabelSelector;
use kubeward_graph::{Graph, Workload};

/// `app=web,tier in (a,b),!canary`: a selector as messages show it; `{}` when empty.
pub(crate) fn describe_selector(selector: &LabelSelector) -> String {
    selector.describe()
}

/// Whether NetworkPolicy rules for `direction` apply to the workload at all (see the module
/// docs).
pub(crate) fn governed(workload: &Workload, direction: Direction) -> bool {
    if workload.host_network {
        return false;
    }
    !(direction == Direction::Ingress
        && matches!(workload.kind.as_str(), "Job" | "CronJob")
        && workload.ports.is_empty())
}

/// Reports that namespace `namespace` has no default-deny policy for `direction`, for every
/// namespace with governed workloads: on its `Namespace` object, else on its first object.
pub(crate) fn check_default_deny(graph: &Graph, cx: &mut GraphContext<'_>, direction: Direction) {
    let policies = graph.netpol().policies();
    for name in graph.namespaces().keys() {
        let governed_count = graph
            .workloads_in(name)
            .filter(|w| governed(w, direction))
            .count();
        if governed_count == 0 {
            continue;
        }
        let has_default_deny = policies
            .iter()
            .any(|p| p.namespace == *name && p.selects_whole_namespace() && p.isolates(direction));
        if has_default_deny {
            continue;
        }
        let anchor = graph
            .namespace(name)
            .and_then(|n| n.object)
            .or_else(|| graph.first_object_in(name));
        let Some(anchor) = anchor else { continue };
        let kind = match direction {
            Direction::Ingress => "Ingress",
            Direction::Egress => "Egress",
        };
        let workloads = if governed_count == 1 {
            "1 workload".to_string()
        } else {
            format!("{governed_count} workloads")
        };
        cx.report_object(
            anchor,
            format!(
                "namespace `{name}` ({workloads}) has no default-deny {} NetworkPolicy (empty podSelector, policyTypes {kind})",
                direction.name()
            ),
        );
    }
}

/// Reports every governed workload no policy isolates in `direction`.
pub(crate) fn check_isolation(graph: &Graph, cx: &mut GraphContext<'_>, direction: Direction) {
    let selection = graph.netpol();
    for (i, w) in graph.workloads().iter().enumerate() {
        if !governed(w, direction) || selection.is_isolated(i, direction) {
            continue;
        }
        let others: Vec<String> = selection
            .policies_selecting(i)
            .iter()
            .map(|&p| format!("NetworkPolicy {}", selection.policies()[p].key()))
            .collect();
        let (what, open) = match direction {
            Direction::Ingress => ("ingress", "any pod or address can connect to it"),
            Direction::Egress => ("egress", "it can connect to any pod or address"),
        };
        let suffix = if others.is_empty() {
            String::new()
        } else {
            format!(
                " ({} selects it for the other direction only)",
                others.join(", ")
            )
        };
        cx.report_object(
            w.object,
            format!(
                "{} `{}` is selected by no NetworkPolicy isolating {what}: {open}{suffix}",
                w.kind, w.name
            ),
        );
    }
}
