use super::check_default_deny;
use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_graph::netpol::Direction;
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Namespaces that run workloads but have no default-deny egress NetworkPolicy: a policy
    /// with an empty `podSelector` whose `policyTypes` include `Egress`. Its rules may allow
    /// some traffic (DNS, usually); what matters is that every pod's egress is isolated.
    /// Reported on the `Namespace` object when it is loaded, else on the first object of the
    /// namespace. Workloads with `hostNetwork: true` do not count.
    ///
    /// ## Why it matters
    /// Open egress lets a compromised pod download tools, reach the cloud metadata endpoint,
    /// the API server and every other service, and send data out. A default-deny egress policy
    /// makes every destination an explicit decision.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: networking.k8s.io/v1
    /// kind: NetworkPolicy
    /// metadata:
    ///   name: default-deny-ingress
    ///   namespace: shop
    /// spec:
    ///   podSelector: {}
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
    ///   name: default-deny
    ///   namespace: shop
    /// spec:
    ///   podSelector: {}
    ///   policyTypes: [Ingress, Egress]
    ///   egress:
    ///     - to:
    ///         - namespaceSelector:
    ///             matchLabels: {kubernetes.io/metadata.name: kube-system}
    ///           podSelector:
    ///             matchLabels: {k8s-app: kube-dns}
    ///       ports:
    ///         - {protocol: UDP, port: 53}
    ///         - {protocol: TCP, port: 53}
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
    /// - Polaris `missingNetworkPolicy` (needs both directions); Checkov `CKV2_K8S_6`
    /// - NSA/CISA: network separation and hardening
    pub struct NamespaceDefaultDenyEgressMissing {
        id: "namespace-default-deny-egress-missing",
        title: "Namespace has no default-deny egress NetworkPolicy",
        severity: Severity::Low,
        category: Category::Network,
        scope: Scope::Graph,
        remediation: "Add a NetworkPolicy with `podSelector: {}` and `policyTypes: [Egress]` to the namespace, with an egress rule allowing DNS (UDP and TCP 53 to kube-dns), then allow each workload's destinations.",
        references: References {
            polaris: &["missingNetworkPolicy"],
            checkov: &["CKV2_K8S_6"],
            nsa: &["Network separation and hardening"],
            ..References::NONE
        },
    }
}

impl Rule for NamespaceDefaultDenyEgressMissing {
    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        check_default_deny(graph, cx, Direction::Egress);
    }
}
