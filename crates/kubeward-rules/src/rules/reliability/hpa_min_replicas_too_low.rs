use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// HorizontalPodAutoscalers whose `spec.minReplicas` is below `settings.min-replicas`
    /// (default 2, the same threshold as `too-few-replicas`). A missing `minReplicas` defaults
    /// to 1 and is flagged too.
    ///
    /// ## Why it matters
    /// When load is low the autoscaler shrinks the workload to `minReplicas`. At 1, the quiet
    /// hours are when a single node drain, eviction or crash becomes a full outage.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: autoscaling/v2
    /// kind: HorizontalPodAutoscaler
    /// metadata:
    ///   name: web
    /// spec:
    ///   scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
    ///   maxReplicas: 10
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: autoscaling/v2
    /// kind: HorizontalPodAutoscaler
    /// metadata:
    ///   name: web
    /// spec:
    ///   scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
    ///   minReplicas: 2
    ///   maxReplicas: 10
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Horizontal Pod Autoscaling"
    pub struct HpaMinReplicasTooLow {
        id: "hpa-min-replicas-too-low",
        title: "HorizontalPodAutoscaler may scale below the configured minimum of replicas",
        severity: Severity::Low,
        category: Category::Reliability,
        scope: Scope::Kinds(&["HorizontalPodAutoscaler"]),
        remediation: "Set `spec.minReplicas` to at least `settings.min-replicas` (default 2).",
        references: References {
            kube_linter: &["hpa-minimum-three-replicas"],
            polaris: &["hpaMinAvailability"],
            kube_score: &["horizontalpodautoscaler-replicas"],
            ..References::NONE
        },
    }
}

impl Rule for HpaMinReplicasTooLow {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        let want = cx.settings().min_replicas;
        let (at, found) = object.root.deepest(&["spec", "minReplicas"]);
        if found && !at.is_null() {
            if let Some(min) = at.as_i64()
                && min < want
            {
                cx.report(
                    at,
                    format!(
                        "HorizontalPodAutoscaler may scale down to {min} replica{}, fewer than the minimum of {want}",
                        if min == 1 { "" } else { "s" }
                    ),
                );
            }
        } else if want > 1 {
            cx.report(
                at,
                format!(
                    "HorizontalPodAutoscaler sets no `minReplicas` and so may scale down to 1 replica, fewer than the minimum of {want}"
                ),
            );
        }
    }
}
