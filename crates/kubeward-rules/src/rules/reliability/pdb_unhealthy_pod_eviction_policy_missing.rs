use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// PodDisruptionBudgets without `spec.unhealthyPodEvictionPolicy` (GA in Kubernetes 1.31).
    /// Either value passes: the point is to choose one.
    ///
    /// ## Why it matters
    /// Unset, the policy is `IfHealthyBudget`: a pod that is running but not ready may only be
    /// evicted while the application is not disrupted. A workload whose pods are stuck in a
    /// crash loop therefore blocks node drains, even though evicting those broken pods harms
    /// nobody. `AlwaysAllow` lets drains proceed past them and is the recommended value for most
    /// workloads.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: policy/v1
    /// kind: PodDisruptionBudget
    /// metadata:
    ///   name: web
    /// spec:
    ///   maxUnavailable: 1
    ///   selector:
    ///     matchLabels: {app: web}
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: policy/v1
    /// kind: PodDisruptionBudget
    /// metadata:
    ///   name: web
    /// spec:
    ///   maxUnavailable: 1
    ///   unhealthyPodEvictionPolicy: AlwaysAllow
    ///   selector:
    ///     matchLabels: {app: web}
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Specifying a Disruption Budget for your Application",
    ///   "Unhealthy Pod Eviction Policy"
    pub struct PdbUnhealthyPodEvictionPolicyMissing {
        id: "pdb-unhealthy-pod-eviction-policy-missing",
        title: "PodDisruptionBudget does not set unhealthyPodEvictionPolicy",
        severity: Severity::Info,
        category: Category::Reliability,
        scope: Scope::Kinds(&["PodDisruptionBudget"]),
        remediation: "Set `spec.unhealthyPodEvictionPolicy: AlwaysAllow` (or `IfHealthyBudget` if pods that are not ready must still be protected).",
        references: References {
            kube_linter: &["pdb-unhealthy-pod-eviction-policy"],
            ..References::NONE
        },
    }
}

impl Rule for PdbUnhealthyPodEvictionPolicyMissing {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        let (at, found) = object.root.deepest(&["spec", "unhealthyPodEvictionPolicy"]);
        if found && !at.is_null() {
            return;
        }
        cx.report(
            at,
            "PodDisruptionBudget does not set `unhealthyPodEvictionPolicy`",
        );
    }
}
