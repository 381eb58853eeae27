use crate::{Rule, RuleContext};
use kubeward_model::{Category, Node, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// PodDisruptionBudgets that can never allow an eviction: `maxUnavailable: 0` (or `"0%"`),
    /// or `minAvailable: "100%"`.
    ///
    /// A `minAvailable` number equal to the workload's replica count blocks evictions too, but
    /// telling that needs the workload the budget selects: that is left to the cross-resource
    /// analysis (a separate issue).
    ///
    /// ## Why it matters
    /// A budget that allows no disruption blocks every voluntary eviction of its pods: node
    /// drains hang, cluster upgrades and autoscaler scale-downs stall until someone deletes the
    /// budget by hand, which defeats its purpose.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: policy/v1
    /// kind: PodDisruptionBudget
    /// metadata:
    ///   name: web
    /// spec:
    ///   maxUnavailable: 0
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
    ///   selector:
    ///     matchLabels: {app: web}
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Specifying a Disruption Budget for your Application",
    ///   "Think about how your application reacts to disruptions"
    pub struct PdbAllowsNoDisruption {
        id: "pdb-allows-no-disruption",
        title: "PodDisruptionBudget allows no voluntary disruption",
        severity: Severity::Low,
        category: Category::Reliability,
        scope: Scope::Kinds(&["PodDisruptionBudget"]),
        remediation: "Allow at least one pod to be evicted: `maxUnavailable: 1` (or a percentage above 0), or a `minAvailable` below the replica count.",
        references: References {
            kube_linter: &["pdb-max-unavailable", "pdb-min-available"],
            polaris: &["pdbDisruptionsIsZero"],
            ..References::NONE
        },
    }
}

/// The percentage of an IntOrString percent value (`"25%"` -> 25).
fn percent(node: &Node) -> Option<i64> {
    node.as_str()?.strip_suffix('%')?.trim().parse().ok()
}

impl Rule for PdbAllowsNoDisruption {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        let spec = object.root.get("spec").unwrap_or(Node::empty());
        if let Some(max) = spec.get("maxUnavailable")
            && (max.as_i64() == Some(0) || percent(max) == Some(0))
        {
            cx.report(
                max,
                format!(
                    "PodDisruptionBudget sets `maxUnavailable: {}`, so no pod may ever be evicted",
                    max.text().unwrap_or("0")
                ),
            );
        }
        if let Some(min) = spec.get("minAvailable")
            && percent(min).is_some_and(|p| p >= 100)
        {
            cx.report(
                min,
                format!(
                    "PodDisruptionBudget sets `minAvailable: {}`, so no pod may ever be evicted",
                    min.text().unwrap_or("")
                ),
            );
        }
    }
}
