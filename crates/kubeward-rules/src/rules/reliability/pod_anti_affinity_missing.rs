use super::helpers::{REPLICATED_KINDS, is_owned, replicas, selects, template_labels};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Node, Object, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Deployments, StatefulSets, ReplicaSets and ReplicationControllers with more than one
    /// replica whose pod template neither has a pod anti-affinity term (required or preferred)
    /// nor a `topologySpreadConstraints` entry that selects the workload's own pods. A term whose
    /// `labelSelector` does not match the template's labels keeps these pods away from other
    /// pods, not from each other, so it does not count (`matchLabelKeys` alone, without a
    /// selector, does not either). Any topology key counts: spreading across zones also spreads
    /// across nodes. Objects with `ownerReferences` are checked through their owner.
    ///
    /// ## Why it matters
    /// Without anti-affinity or a spread constraint the scheduler may put every replica on the
    /// same node, and one node failure or drain then takes all of them down at once: the extra
    /// replicas buy no availability.
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
    ///       affinity:
    ///         podAntiAffinity:
    ///           preferredDuringSchedulingIgnoredDuringExecution:
    ///             - weight: 100
    ///               podAffinityTerm:
    ///                 topologyKey: kubernetes.io/hostname
    ///                 labelSelector:
    ///                   matchLabels: {app: web}
    ///       containers:
    ///         - name: app
    ///           image: nginx:1.27.3
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Assigning Pods to Nodes", "Inter-pod affinity and
    ///   anti-affinity"
    /// - Kubernetes documentation, "Pod Topology Spread Constraints"
    pub struct PodAntiAffinityMissing {
        id: "pod-anti-affinity-missing",
        title: "Replicated workload does not spread its pods across nodes",
        severity: Severity::Low,
        category: Category::Reliability,
        scope: Scope::Kinds(REPLICATED_KINDS),
        remediation: "Add a `podAntiAffinity` term (preferred is usually enough) or a `topologySpreadConstraints` entry with topology key `kubernetes.io/hostname` whose `labelSelector` matches the pod template's labels.",
        references: References {
            kube_linter: &["no-anti-affinity"],
            kube_score: &[
                "deployment-has-host-podantiaffinity",
                "statefulset-has-host-podantiaffinity",
            ],
            ..References::NONE
        },
    }
}

/// The anti-affinity terms of a pod spec, required and preferred.
fn anti_affinity_terms(spec: &Node) -> impl Iterator<Item = &Node> {
    let anti = spec.path(&["affinity", "podAntiAffinity"]);
    let required = anti
        .and_then(|a| a.get("requiredDuringSchedulingIgnoredDuringExecution"))
        .map(Node::items)
        .unwrap_or(&[])
        .iter();
    let preferred = anti
        .and_then(|a| a.get("preferredDuringSchedulingIgnoredDuringExecution"))
        .map(Node::items)
        .unwrap_or(&[])
        .iter()
        .filter_map(|p| p.get("podAffinityTerm"));
    required.chain(preferred)
}

impl Rule for PodAntiAffinityMissing {
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
        let spread_by_affinity =
            anti_affinity_terms(pod.spec).any(|term| selects(term.get("labelSelector"), labels));
        let spread_by_constraint = pod
            .get("topologySpreadConstraints")
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .any(|c| selects(c.get("labelSelector"), labels));
        if spread_by_affinity || spread_by_constraint {
            return;
        }
        let (at, _) = pod.spec.deepest(&["affinity", "podAntiAffinity"]);
        cx.report(
            at,
            format!(
                "{} runs {count} replicas but has no pod anti-affinity or topology spread constraint selecting its own pods",
                object.kind()
            ),
        );
    }
}
