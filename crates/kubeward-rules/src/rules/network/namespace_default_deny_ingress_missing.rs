use super::check_default_deny;
use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_graph::netpol::Direction;
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Namespaces that run workloads but have no default-deny ingress NetworkPolicy: a policy
    /// with an empty `podSelector` (every pod of the namespace, present and future) whose
    /// `policyTypes` include `Ingress` (the default). Its rules may allow some traffic; what
    /// matters is that every pod is isolated, so anything not listed is refused. Namespaces
    /// are those of the loaded objects (objects without `metadata.namespace` are in `default`);
    /// the finding is reported on the `Namespace` object when it is loaded, else on the first
    /// object of the namespace. Workloads with `hostNetwork: true`, and Jobs and CronJobs with
    /// no container port, do not count.
    ///
    /// ## Why it matters
    /// Without NetworkPolicy, every pod accepts connections from every pod of the cluster: one
    /// compromised workload can reach databases, admin ports and metrics endpoints everywhere.
    /// A default-deny policy per namespace makes every allowed connection an explicit decision,
    /// and covers the workloads added later.
    ///
    /// ## Bad
    /// ```yaml
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
    ///   name: default-deny
    ///   namespace: shop
    /// spec:
    ///   podSelector: {}
    ///   policyTypes: [Ingress, Egress]
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
    /// - kube-linter `non-isolated-pod`; Polaris `missingNetworkPolicy`; kube-score `pod-networkpolicy`; Checkov `CKV2_K8S_6` (all per workload)
    /// - CIS Kubernetes Benchmark 5.3.2 (all namespaces have NetworkPolicies); NSA/CISA: network separation and hardening
    pub struct NamespaceDefaultDenyIngressMissing {
        id: "namespace-default-deny-ingress-missing",
        title: "Namespace has no default-deny ingress NetworkPolicy",
        severity: Severity::Medium,
        category: Category::Network,
        scope: Scope::Graph,
        remediation: "Add a NetworkPolicy with `podSelector: {}` and `policyTypes: [Ingress]` (no ingress rules) to the namespace, then one policy per workload allowing the connections it needs.",
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

impl Rule for NamespaceDefaultDenyIngressMissing {
    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        check_default_deny(graph, cx, Direction::Ingress);
    }
}
