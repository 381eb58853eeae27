use super::helpers::{REPLICATED_KINDS, Replicas, is_owned, replicas};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Deployments, StatefulSets, ReplicaSets and ReplicationControllers whose `spec.replicas`
    /// is below `settings.min-replicas` (default 2). A missing `replicas` means one pod, so it
    /// is flagged too. `replicas: 0` (scaled to zero on purpose) is not flagged, and neither are
    /// objects with `ownerReferences` (a Deployment's ReplicaSets, as a cluster audit lists them:
    /// their owner is checked instead).
    ///
    /// A workload scaled by a HorizontalPodAutoscaler often leaves `replicas` unset on purpose;
    /// telling that apart needs the HPA, i.e. cross-resource analysis, which is a separate
    /// issue. Until then, waive the finding for such workloads.
    ///
    /// ## Why it matters
    /// With a single pod, every node drain, eviction, rollout or crash is an outage: there is no
    /// other replica to take the traffic while the pod is rescheduled and starts.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// spec:
    ///   replicas: 1
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
    ///       containers:
    ///         - name: app
    ///           image: nginx:1.27.3
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Deployments" (`.spec.replicas`, "defaults to 1")
    /// - Kubernetes documentation, "Specifying a Disruption Budget for your Application"
    pub struct TooFewReplicas {
        id: "too-few-replicas",
        title: "Workload runs fewer replicas than the configured minimum",
        severity: Severity::Low,
        category: Category::Reliability,
        scope: Scope::Kinds(REPLICATED_KINDS),
        remediation: "Set `spec.replicas` to at least `settings.min-replicas` (default 2), or let a HorizontalPodAutoscaler with `minReplicas` of at least that manage it.",
        references: References {
            kube_linter: &["minimum-three-replicas"],
            polaris: &["deploymentMissingReplicas"],
            kube_score: &["deployment-replicas"],
            ..References::NONE
        },
    }
}

impl Rule for TooFewReplicas {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        if is_owned(object) {
            return;
        }
        let min = cx.settings().min_replicas;
        match replicas(object) {
            Some(Replicas::Set(node, count)) if count > 0 && count < min => {
                cx.report(
                    node,
                    format!(
                        "{} runs {count} replica{}, fewer than the minimum of {min}",
                        object.kind(),
                        if count == 1 { "" } else { "s" }
                    ),
                );
            }
            Some(Replicas::Unset) if min > 1 => {
                let (at, _) = object.root.deepest(&["spec", "replicas"]);
                cx.report(
                    at,
                    format!(
                        "{} sets no `replicas` and so runs 1 replica, fewer than the minimum of {min}",
                        object.kind()
                    ),
                );
            }
            _ => {}
        }
    }
}
