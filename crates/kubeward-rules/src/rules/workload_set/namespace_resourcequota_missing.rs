use super::helpers::report_namespaces_without;
use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Namespaces that run workloads in the loaded set but hold no ResourceQuota. Reported at
    /// the `Namespace` object when one was loaded, else at the namespace's first object. Like
    /// `namespace-limitrange-missing`, not in the `default` profile: quotas often live in the
    /// platform team's repository.
    ///
    /// ## Why it matters
    /// A quota caps what a namespace (a team, a tenant) may consume in total: CPU, memory,
    /// object counts. Without one, a runaway deployment or a compromised workload creating pods
    /// can exhaust the cluster for everyone.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Namespace
    /// metadata:
    ///   name: shop
    /// ---
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: registry.example.com/web:1.4.2
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: Namespace
    /// metadata:
    ///   name: shop
    /// ---
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: registry.example.com/web:1.4.2
    /// ---
    /// apiVersion: v1
    /// kind: ResourceQuota
    /// metadata:
    ///   name: shop
    ///   namespace: shop
    /// spec:
    ///   hard: {requests.cpu: "8", requests.memory: 16Gi, pods: "50"}
    /// ```
    ///
    /// ## References
    /// - Trivy `KSV-0040`; NSA/CISA Kubernetes Hardening Guide, "Namespaces" (resource policies)
    pub struct NamespaceResourcequotaMissing {
        id: "namespace-resourcequota-missing",
        title: "Namespace has no ResourceQuota",
        severity: Severity::Info,
        category: Category::Resources,
        scope: Scope::Graph,
        remediation: "Add a ResourceQuota to the namespace that caps its total CPU, memory and object counts.",
        references: References {
            trivy: &["KSV-0040"],
            nsa: &["Namespaces: resource policies (ResourceQuota)"],
            ..References::NONE
        },
    }
}

impl Rule for NamespaceResourcequotaMissing {
    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        report_namespaces_without(
            graph,
            cx,
            "ResourceQuota",
            "nothing caps what its workloads may consume in total",
        );
    }
}
