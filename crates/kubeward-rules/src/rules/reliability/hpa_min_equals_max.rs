use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// HorizontalPodAutoscalers whose `spec.maxReplicas` equals `spec.minReplicas` (1 when
    /// unset).
    ///
    /// ## Why it matters
    /// An autoscaler that may not scale does nothing but hide the replica count from the
    /// workload's manifest; under load the workload cannot grow. Either the range is a mistake
    /// or the HPA should be removed and `replicas` set on the workload.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: autoscaling/v2
    /// kind: HorizontalPodAutoscaler
    /// metadata:
    ///   name: web
    /// spec:
    ///   scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
    ///   minReplicas: 3
    ///   maxReplicas: 3
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
    ///   minReplicas: 3
    ///   maxReplicas: 10
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Horizontal Pod Autoscaling"
    pub struct HpaMinEqualsMax {
        id: "hpa-min-equals-max",
        title: "HorizontalPodAutoscaler cannot scale",
        severity: Severity::Info,
        category: Category::Reliability,
        scope: Scope::Kinds(&["HorizontalPodAutoscaler"]),
        remediation: "Raise `spec.maxReplicas` above `spec.minReplicas`, or remove the autoscaler and set `replicas` on the workload.",
        references: References {
            polaris: &["hpaMaxAvailability"],
            ..References::NONE
        },
    }
}

impl Rule for HpaMinEqualsMax {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        let Some(max_node) = object.root.path(&["spec", "maxReplicas"]) else {
            return;
        };
        let Some(max) = max_node.as_i64() else {
            return;
        };
        let min = match object.root.path(&["spec", "minReplicas"]) {
            None => 1,
            Some(n) if n.is_null() => 1,
            Some(n) => match n.as_i64() {
                Some(min) => min,
                None => return,
            },
        };
        if min == max {
            cx.report(
                max_node,
                format!(
                    "HorizontalPodAutoscaler has `maxReplicas: {max}` equal to its minimum, so it never scales"
                ),
            );
        }
    }
}
