use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// StatefulSets without `spec.serviceName` (or with an empty one). Whether the named
    /// Service exists and is headless needs the Service object and is left to the
    /// cross-resource analysis (a separate issue).
    ///
    /// ## Why it matters
    /// A StatefulSet's pods get their stable network identity
    /// (`web-0.web.default.svc.cluster.local`) from the headless Service named in
    /// `serviceName`. Without it the pods have no per-pod DNS names, and peers that find each
    /// other by those names (databases, quorum systems) cannot form a cluster.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: StatefulSet
    /// metadata:
    ///   name: db
    /// spec:
    ///   selector:
    ///     matchLabels: {app: db}
    ///   template:
    ///     metadata:
    ///       labels: {app: db}
    ///     spec:
    ///       containers:
    ///         - name: db
    ///           image: postgres:17.2
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: StatefulSet
    /// metadata:
    ///   name: db
    /// spec:
    ///   serviceName: db
    ///   selector:
    ///     matchLabels: {app: db}
    ///   template:
    ///     metadata:
    ///       labels: {app: db}
    ///     spec:
    ///       containers:
    ///         - name: db
    ///           image: postgres:17.2
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "StatefulSets", "Stable Network ID"
    pub struct StatefulsetServiceNameMissing {
        id: "statefulset-service-name-missing",
        title: "StatefulSet names no governing Service",
        severity: Severity::Low,
        category: Category::Reliability,
        scope: Scope::Kinds(&["StatefulSet"]),
        remediation: "Create a headless Service (`clusterIP: None`) selecting the pods and name it in `spec.serviceName`.",
        references: References {
            kube_score: &["statefulset-has-servicename"],
            ..References::NONE
        },
    }
}

impl Rule for StatefulsetServiceNameMissing {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        let (at, found) = object.root.deepest(&["spec", "serviceName"]);
        if !found || at.is_null() {
            cx.report(at, "StatefulSet sets no `serviceName`");
        } else if at.as_str() == Some("") {
            cx.report(at, "StatefulSet has an empty `serviceName`");
        }
    }
}
