use super::check_isolation;
use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_graph::netpol::Direction;
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Workloads whose pods no NetworkPolicy isolates for ingress: no policy of their namespace
    /// selects them with `Ingress` in its `policyTypes` (the default). Workloads with
    /// `hostNetwork: true` (NetworkPolicy does not apply to them) and Jobs and CronJobs with no
    /// container port are skipped. A namespace default-deny policy isolates every workload.
    ///
    /// ## Why it matters
    /// A pod no policy isolates accepts connections from every pod of the cluster and from
    /// outside, on every port: the first thing an attacker inside the cluster scans for.
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
    ///         - namespaceSelector:
    ///             matchLabels: {kubernetes.io/metadata.name: ingress-nginx}
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
    /// ## References
    /// - kube-linter `non-isolated-pod`; Polaris `missingNetworkPolicy`; kube-score `pod-networkpolicy`; Checkov `CKV2_K8S_6`
    /// - CIS Kubernetes Benchmark 5.3.2; NSA/CISA: network separation and hardening
    pub struct WorkloadIngressNotIsolated {
        id: "workload-ingress-not-isolated",
        title: "Workload is not isolated for ingress by any NetworkPolicy",
        severity: Severity::Medium,
        category: Category::Network,
        scope: Scope::Graph,
        remediation: "Add a default-deny ingress NetworkPolicy to the namespace, or a policy selecting this workload's pod labels that allows only the sources it needs.",
        references: References {
            kube_linter: &["non-isolated-pod"],
            polaris: &["missingNetworkPolicy"],
            kube_score: &["pod-networkpolicy"],
            checkov: &["CKV2_K8S_6"],
            cis: &["5.3.2"],
            nsa: &["Network separation and hardening"],
            ..References::NONE
        },
    }
}

impl Rule for WorkloadIngressNotIsolated {
    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        check_isolation(graph, cx, Direction::Ingress);
    }
}
