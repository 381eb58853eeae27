//! What the workload-set rules share: finding the PDBs and HPAs of a workload, and reporting a
//! namespace that lacks an object of some kind.

use crate::GraphContext;
use kubeward_graph::selector::LabelSelector;
use kubeward_graph::{Graph, ObjId, Workload};
use kubeward_model::Node;

/// Kinds whose replica count a PDB protects and an HPA scales.
pub(super) const SCALED_KINDS: &[&str] = &["Deployment", "StatefulSet", "ReplicaSet"];

/// Whether another object controls this one (a ReplicaSet of a Deployment, as a cluster audit
/// lists it): such objects are judged through their owner.
pub(super) fn is_owned(graph: &Graph, id: ObjId) -> bool {
    !graph
        .object(id)
        .metadata()
        .get("ownerReferences")
        .map(Node::items)
        .unwrap_or(&[])
        .is_empty()
}

/// The PodDisruptionBudgets of the workload's namespace whose selector matches its pods. A PDB
/// with an empty selector matches every pod of its namespace (policy/v1); one whose selector
/// cannot be read matches nothing.
pub(super) fn pdbs_of<'g>(
    graph: &'g Graph,
    workload: &'g Workload,
) -> impl Iterator<Item = ObjId> + 'g {
    graph
        .of_kind("PodDisruptionBudget")
        .iter()
        .copied()
        .filter(move |&id| {
            graph.namespace_of(id) == Some(workload.namespace.as_str())
                && LabelSelector::parse(graph.object(id).root.path(&["spec", "selector"]))
                    .is_ok_and(|s| s.matches(&workload.pod_labels))
        })
}

/// The HorizontalPodAutoscalers whose `scaleTargetRef` names the workload (same namespace,
/// kind and name).
pub(super) fn hpas_of<'g>(
    graph: &'g Graph,
    workload: &'g Workload,
) -> impl Iterator<Item = ObjId> + 'g {
    graph
        .of_kind("HorizontalPodAutoscaler")
        .iter()
        .copied()
        .filter(move |&id| {
            let target = graph.object(id).root.path(&["spec", "scaleTargetRef"]);
            let field = |key: &str| target.and_then(|t| t.get(key)).and_then(Node::text);
            graph.namespace_of(id) == Some(workload.namespace.as_str())
                && field("kind") == Some(workload.kind.as_str())
                && field("name") == Some(workload.name.as_str())
        })
}

/// Reports every namespace that runs workloads but holds no object of `kind`: at its
/// `Namespace` object when one was loaded, else at the namespace's first object.
pub(super) fn report_namespaces_without(
    graph: &Graph,
    cx: &mut GraphContext<'_>,
    kind: &str,
    consequence: &str,
) {
    for (name, namespace) in graph.namespaces() {
        if graph.workloads_in(name).next().is_none() {
            continue;
        }
        let has = graph
            .of_kind(kind)
            .iter()
            .any(|&id| graph.namespace_of(id) == Some(name.as_str()));
        if has {
            continue;
        }
        let Some(at) = namespace.object.or_else(|| graph.first_object_in(name)) else {
            continue;
        };
        cx.report_object(
            at,
            format!("namespace `{name}` runs workloads but has no {kind}: {consequence}"),
        );
    }
}
