use crate::{Rule, RuleContext};
use kubeward_model::{Category, Node, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// PodDisruptionBudgets that set neither `spec.minAvailable` nor `spec.maxUnavailable`
    /// (null counts as unset).
    ///
    /// ## Why it matters
    /// A budget without either field does not say how many pods must survive a voluntary
    /// disruption: it reads like protection, but what it allows rests on API defaults rather
    /// than on a decision, and reviewers cannot tell whether a node drain will be blocked or
    /// evict every pod at once.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: policy/v1
    /// kind: PodDisruptionBudget
    /// metadata:
    ///   name: web
    /// spec:
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
    /// - Kubernetes documentation, "Specifying a Disruption Budget for your Application"
    pub struct PdbBudgetMissing {
        id: "pdb-budget-missing",
        title: "PodDisruptionBudget sets neither minAvailable nor maxUnavailable",
        severity: Severity::Low,
        category: Category::Reliability,
        scope: Scope::Kinds(&["PodDisruptionBudget"]),
        remediation: "Set `spec.maxUnavailable` (for example `1`) or `spec.minAvailable`.",
        references: References {
            kube_score: &["poddisruptionbudget-has-policy"],
            ..References::NONE
        },
    }
}

fn set(spec: &Node, key: &str) -> bool {
    spec.get(key).is_some_and(|n| !n.is_null())
}

impl Rule for PdbBudgetMissing {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        let spec = object.root.get("spec").unwrap_or(Node::empty());
        if set(spec, "minAvailable") || set(spec, "maxUnavailable") {
            return;
        }
        let (at, _) = object.root.deepest(&["spec", "maxUnavailable"]);
        cx.report(
            at,
            "PodDisruptionBudget sets neither `minAvailable` nor `maxUnavailable`",
        );
    }
}
