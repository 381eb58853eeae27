use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};
use std::collections::BTreeSet;

/// The PriorityClasses every cluster has.
const BUILT_IN: &[&str] = &["system-cluster-critical", "system-node-critical"];

declare_rule! {
    /// ## What it checks
    /// Workloads whose `priorityClassName` names a PriorityClass that is neither in the loaded
    /// set nor one of the built-in `system-cluster-critical` and `system-node-critical`. Like the
    /// other reference checks, not in the `default` profile: PriorityClasses are cluster-wide
    /// and usually installed by the platform team, outside the application's manifests.
    ///
    /// ## Why it matters
    /// The API server's Priority admission plugin rejects pods that name an unknown
    /// PriorityClass: the Deployment is created but none of its pods are, and the failure only
    /// shows in the ReplicaSet's events.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   priorityClassName: hihg-priority
    ///   containers:
    ///     - name: app
    ///       image: registry.example.com/web:1.4.2
    /// ---
    /// apiVersion: scheduling.k8s.io/v1
    /// kind: PriorityClass
    /// metadata:
    ///   name: high-priority
    /// value: 100000
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   priorityClassName: high-priority
    ///   containers:
    ///     - name: app
    ///       image: registry.example.com/web:1.4.2
    /// ---
    /// apiVersion: scheduling.k8s.io/v1
    /// kind: PriorityClass
    /// metadata:
    ///   name: high-priority
    /// value: 100000
    /// ```
    ///
    /// ## References
    /// - kube-linter `priority-class-name` (with its accepted-names list); Polaris
    ///   `priorityClassNotSet` checks only that a name is set (`priority-class-name-missing`)
    pub struct PriorityClassNotFound {
        id: "priority-class-not-found",
        title: "Referenced PriorityClass is not in the scanned set",
        severity: Severity::Low,
        category: Category::Reliability,
        scope: Scope::Graph,
        remediation: "Add the PriorityClass to the manifests, or fix the name in `priorityClassName`.",
        references: References {
            kube_linter: &["priority-class-name"],
            ..References::NONE
        },
    }
}

impl Rule for PriorityClassNotFound {
    // Reads workload trees: it points at `priorityClassName`.
    fn reads_workload_trees(&self) -> bool {
        true
    }

    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        let loaded: BTreeSet<&str> = graph
            .of_kind("PriorityClass")
            .iter()
            .filter_map(|&id| graph.object(id).id.name.as_deref())
            .chain(BUILT_IN.iter().copied())
            .collect();
        for workload in graph.workloads() {
            let Some(pod) = PodSpecView::of(graph.object(workload.object)) else {
                continue;
            };
            let Some(node) = pod.get("priorityClassName") else {
                continue;
            };
            let Some(name) = node.text().filter(|n| !n.is_empty()) else {
                continue;
            };
            if !loaded.contains(name) {
                cx.report(
                    workload.object,
                    node,
                    format!(
                        "{} names PriorityClass `{name}`, which is neither loaded nor built in; the API server rejects its pods if the cluster has none",
                        workload.kind
                    ),
                );
            }
        }
    }
}
