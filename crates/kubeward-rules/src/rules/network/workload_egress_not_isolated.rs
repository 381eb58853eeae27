use super::check_isolation;
use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_graph::netpol::Direction;
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Workloads whose pods no NetworkPolicy isolates for egress: no policy of their namespace
    /// selects them with `Egress` in its `policyTypes` (listed, or by default when the policy
    /// has `egress` rules). Workloads with `hostNetwork: true` are skipped.
    ///
    /// ## Why it matters
    /// A pod with open egress can reach every pod, the API server, the cloud metadata endpoint
    /// and the internet: what an attacker needs to move laterally and to send data out.
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
    ///     matchLabels: {app: web}
    ///   policyTypes: [Ingress]
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
    ///   policyTypes: [Ingress, Egress]
    ///   egress:
    ///     - to:
    ///         - namespaceSelector:
    ///             matchLabels: {kubernetes.io/metadata.name: kube-system}
    ///       ports:
    ///         - {protocol: UDP, port: 53}
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
    /// - kube-linter `non-isolated-pod`; Polaris `missingNetworkPolicy` (needs both directions); Checkov `CKV2_K8S_6`
    /// - NSA/CISA: network separation and hardening
    pub struct WorkloadEgressNotIsolated {
        id: "workload-egress-not-isolated",
        title: "Workload is not isolated for egress by any NetworkPolicy",
        severity: Severity::Low,
        category: Category::Network,
        scope: Scope::Graph,
        remediation: "Add a default-deny egress NetworkPolicy to the namespace (with DNS allowed), or a policy selecting this workload with `policyTypes: [Egress]` that allows only the destinations it needs.",
        references: References {
            kube_linter: &["non-isolated-pod"],
            polaris: &["missingNetworkPolicy"],
            checkov: &["CKV2_K8S_6"],
            nsa: &["Network separation and hardening"],
            ..References::NONE
        },
    }
}

impl Rule for WorkloadEgressNotIsolated {
    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        check_isolation(graph, cx, Direction::Egress);
    }
}
