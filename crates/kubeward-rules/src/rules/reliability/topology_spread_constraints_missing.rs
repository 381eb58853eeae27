use super::helpers::{REPLICATED_KINDS, is_owned, replicas, selects, template_labels};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Node, Object, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Deployments, StatefulSets, ReplicaSets and ReplicationControllers with more than one
    /// replica whose pod template has no `topologySpreadConstraints` entry selecting the
    /// workload's own pods (a constraint without a `labelSelector`, or with one that does not
    /// match the template's labels, spreads nothing). Objects with `ownerReferences` are checked
    /// through their owner.
    ///
    /// This is the informational companion of `pod-anti-affinity-missing`, which accepts
    /// anti-affinity too: spread constraints are the finer tool (they balance replicas across
    /// zones and nodes rather than only keeping them apart), and clusters often set cluster-wide
    /// default constraints, so a missing one is a suggestion, not a defect. The validity of the
    /// constraints themselves (`maxSkew`, `whenUnsatisfiable`) is the API server's schema
    /// validation and is not repeated here.
    ///
    /// ## Why it matters
    /// Without a spread constraint the replicas may end up in one zone, and a zone outage takes
    /// the whole workload down.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// spec:
    ///   replicas: 3
    ///   selector:
    ///     matchLabels: {app: web}
    ///   template:
    ///     metadata:
    ///       labels: {app: web}
    ///     spec:
    ///       containers:
    ///         - name: app
    ///           image: nginx:1.27.3
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// spec:
    ///   replicas: 3
    ///   selector:
    ///     matchLabels: {app: web}
    ///   template:
    ///     metadata:
    ///       labels: {app: web}
    ///     spec:
    ///       topologySpreadConstraints:
    ///         - maxSkew: 1
    ///           topologyKey: topology.kubernetes.io/zone
    ///           whenUnsatisfiable: ScheduleAnyway
    ///           labelSelector:
    ///             matchLabels: {app: web}
    ///       containers:
    ///         - name: app
    ///           image: nginx:1.27.3
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Pod Topology Spread Constraints"
    pub struct TopologySpreadConstraintsMissing {
        id: "topology-spread-constraints-missing",
        title: "Replicated workload has no topology spread constraint",
        severity: Severity::Info,
        category: Category::Reliability,
        scope: Scope::Kinds(REPLICATED_KINDS),
        remediation: "Add `topologySpreadConstraints` (for example over `topology.kubernetes.io/zone` and `kubernetes.io/hostname`) whose `labelSelector` matches the pod template's labels.",
        references: References {
            polaris: &["topologySpreadConstraint"],
            kube_score: &["pod-topology-spread-constraints"],
            ..References::NONE
        },
    }
}

impl Rule for TopologySpreadConstraintsMissing {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        if is_owned(object) {
            return;
        }
        let count = match replicas(object) {
            Some(r) if r.count() > 1 => r.count(),
            _ => return,
        };
        let Some(pod) = PodSpecView::of(object) else {
            return;
        };
        let labels = template_labels(object);
        let constraints = pod.get("topologySpreadConstraints");
        let spread = constraints
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .any(|c| selects(c.get("labelSelector"), labels));
        if spread {
            return;
        }
        let (at, message) = match constraints {
            Some(node) => (
                node,
                format!(
                    "{} runs {count} replicas but no topology spread constraint selects its own pods",
                    object.kind()
                ),
            ),
            None => (
                pod.spec,
                format!(
                    "{} runs {count} replicas without `topologySpreadConstraints`",
                    object.kind()
                ),
            ),
        };
        cx.report(at, message);
    }
}
