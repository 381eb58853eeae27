use super::helpers::report_namespaces_without;
use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Namespaces that run workloads in the loaded set but hold no LimitRange. Reported at the
    /// `Namespace` object when one was loaded, else at the namespace's first object. The verdict
    /// depends on what was loaded: platform teams often keep LimitRanges in a separate
    /// repository, which is why this rule is not in the `default` profile.
    ///
    /// ## Why it matters
    /// A LimitRange gives containers that set no requests or limits sane defaults and caps what
    /// one container may ask for; without one, a single pod without limits can starve its node.
    ///
    /// ## Bad
    /// ```yaml
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
    /// kind: LimitRange
    /// metadata:
    ///   name: defaults
    ///   namespace: shop
    /// spec:
    ///   limits:
    ///     - type: Container
    ///       default: {cpu: 500m, memory: 256Mi}
    ///       defaultRequest: {cpu: 100m, memory: 128Mi}
    /// ```
    ///
    /// ## References
    /// - Trivy `KSV-0039`; NSA/CISA Kubernetes Hardening Guide, "Namespaces" (resource policies)
    pub struct NamespaceLimitrangeMissing {
        id: "namespace-limitrange-missing",
        title: "Namespace has no LimitRange",
        severity: Severity::Info,
        category: Category::Resources,
        scope: Scope::Graph,
        remediation: "Add a LimitRange to the namespace with default requests and limits for containers.",
        references: References {
            trivy: &["KSV-0039"],
            nsa: &["Namespaces: resource policies (LimitRange)"],
            ..References::NONE
        },
    }
}

impl Rule for NamespaceLimitrangeMissing {
    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        report_namespaces_without(
            graph,
            cx,
            "LimitRange",
            "containers without requests or limits get no defaults",
        );
    }
}
