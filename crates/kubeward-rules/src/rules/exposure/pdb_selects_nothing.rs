use super::helpers::describe_selector;
use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_graph::selector::LabelSelector;
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// PodDisruptionBudgets whose `spec.selector` matches the pod labels of no workload loaded
    /// in the PDB's namespace. A missing selector selects no pods; an empty one (`{}`) selects
    /// every pod of the namespace in `policy/v1` and none in `policy/v1beta1`. An invalid
    /// selector (unknown operator, missing values) is reported too, since the API server
    /// refuses it. Scan the whole application at once, so the workloads are in the set.
    ///
    /// ## Why it matters
    /// The budget protects nothing: a node drain or a cluster upgrade can evict every replica
    /// at once. The usual cause is a label typo or a selector left behind after a rename.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: policy/v1
    /// kind: PodDisruptionBudget
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// spec:
    ///   minAvailable: 1
    ///   selector:
    ///     matchLabels: {app: wbe}
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
    ///         - name: app
    ///           image: registry.example.com/web:1.4.2
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: policy/v1
    /// kind: PodDisruptionBudget
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// spec:
    ///   minAvailable: 1
    ///   selector:
    ///     matchLabels: {app: web}
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
    ///         - name: app
    ///           image: registry.example.com/web:1.4.2
    /// ```
    ///
    /// ## References
    /// - kube-score `poddisruptionbudget-has-policy` (and the `*-has-poddisruptionbudget`
    ///   checks, which look for a PDB that selects the workload)
    pub struct PdbSelectsNothing {
        id: "pdb-selects-nothing",
        title: "PodDisruptionBudget selects no workload",
        severity: Severity::Low,
        category: Category::Reliability,
        scope: Scope::Graph,
        remediation: "Make the PDB's `spec.selector` match the pod template labels of the workload it protects (check for typos), or delete it.",
        references: References {
            kube_score: &["poddisruptionbudget-has-policy"],
            ..References::NONE
        },
    }
}

impl Rule for PdbSelectsNothing {
    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        for &id in graph.of_kind("PodDisruptionBudget") {
            let pdb = graph.object(id);
            let namespace = graph.namespace_of(id).unwrap_or_default();
            let node = pdb
                .root
                .path(&["spec", "selector"])
                .filter(|n| !n.is_null());
            let Some(node) = node else {
                cx.report(
                    id,
                    pdb.root.get("spec").unwrap_or(&pdb.root),
                    "PodDisruptionBudget has no `selector`, so it selects no pods",
                );
                continue;
            };
            let selector = match LabelSelector::parse(Some(node)) {
                Ok(s) => s,
                Err(e) => {
                    cx.report(
                        id,
                        node,
                        format!(
                            "PodDisruptionBudget selector is invalid ({}), so it selects no pods",
                            e.0
                        ),
                    );
                    continue;
                }
            };
            if selector.is_empty() && pdb.id.api_version.ends_with("v1beta1") {
                cx.report(
                    id,
                    node,
                    "PodDisruptionBudget selector is empty, which selects no pods in policy/v1beta1",
                );
                continue;
            }
            if !graph.any_workload_matches(namespace, &selector) {
                cx.report(
                    id,
                    node,
                    format!(
                        "PodDisruptionBudget selector {} matches no workload in namespace `{namespace}`",
                        describe_selector(&selector)
                    ),
                );
            }
        }
    }
}
