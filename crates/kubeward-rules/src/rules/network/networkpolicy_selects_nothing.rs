use super::describe_selector;
use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// NetworkPolicies whose `spec.podSelector` matches the pod labels of no workload loaded in
    /// their namespace, or cannot be read (an unknown `matchExpressions` operator: the API
    /// server refuses it). An empty `podSelector` (every pod, present and future) is never
    /// reported. The verdict depends on what was loaded: scan the whole application.
    ///
    /// ## Why it matters
    /// A policy that selects nothing protects nothing: usually a typo in a label or a policy
    /// left behind after a rename, while the workload it was written for stays open.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: networking.k8s.io/v1
    /// kind: NetworkPolicy
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// spec:
    ///   podSelector:
    ///     matchLabels: {app: wbe}
    ///   ingress:
    ///     - from:
    ///         - podSelector: {}
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
    ///   name: web
    ///   namespace: shop
    /// spec:
    ///   podSelector:
    ///     matchLabels: {app: web}
    ///   ingress:
    ///     - from:
    ///         - podSelector: {}
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
    /// - kube-linter `dangling-networkpolicy`; kube-score `networkpolicy-targets-pod`
    pub struct NetworkpolicySelectsNothing {
        id: "networkpolicy-selects-nothing",
        title: "NetworkPolicy selects no workload",
        severity: Severity::Low,
        category: Category::Network,
        scope: Scope::Graph,
        remediation: "Make the policy's `spec.podSelector` match the pod template labels of the workload it protects (check for typos), or delete the policy.",
        references: References {
            kube_linter: &["dangling-networkpolicy"],
            kube_score: &["networkpolicy-targets-pod"],
            ..References::NONE
        },
    }
}

impl Rule for NetworkpolicySelectsNothing {
    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        for policy in graph.netpol().policies() {
            let object = graph.object(policy.object);
            let at = object
                .root
                .path(&["spec", "podSelector"])
                .unwrap_or(&object.root);
            match &policy.pod_selector {
                None => {
                    let why = policy
                        .problems
                        .iter()
                        .find_map(|m| m.strip_prefix("spec.podSelector: "))
                        .unwrap_or("it cannot be read");
                    cx.report(
                        policy.object,
                        at,
                        format!("NetworkPolicy podSelector selects nothing: {why}"),
                    );
                }
                Some(selector)
                    if !selector.is_empty()
                        && !graph.any_workload_matches(&policy.namespace, selector) =>
                {
                    cx.report(
                        policy.object,
                        at,
                        format!(
                            "NetworkPolicy podSelector `{}` matches no workload in namespace `{}`",
                            describe_selector(selector),
                            policy.namespace
                        ),
                    );
                }
                Some(_) => {}
            }
        }
    }
}
