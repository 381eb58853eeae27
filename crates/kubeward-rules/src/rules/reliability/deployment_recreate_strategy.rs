use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Deployments whose `spec.strategy.type` is set to anything but `RollingUpdate` (that is,
    /// `Recreate`). A missing strategy is `RollingUpdate`, the default, and passes.
    ///
    /// ## Why it matters
    /// `Recreate` stops every old pod before starting a new one, so each rollout is an outage
    /// for as long as the new pods take to become ready, and a broken release leaves nothing
    /// running. It is right for workloads that cannot run two versions side by side (a
    /// single-writer volume, a schema migration), which is why this is informational.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// spec:
    ///   strategy:
    ///     type: Recreate
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
    ///   strategy:
    ///     type: RollingUpdate
    ///     rollingUpdate: {maxUnavailable: 0, maxSurge: 1}
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
    /// - Kubernetes documentation, "Deployments", "Strategy"
    pub struct DeploymentRecreateStrategy {
        id: "deployment-recreate-strategy",
        title: "Deployment does not use a rolling update",
        severity: Severity::Info,
        category: Category::Reliability,
        scope: Scope::Kinds(&["Deployment"]),
        remediation: "Use `strategy.type: RollingUpdate` (the default) unless the workload cannot run two versions at once.",
        references: References {
            kube_linter: &["no-rolling-update-strategy"],
            kube_score: &["deployment-strategy"],
            ..References::NONE
        },
    }
}

impl Rule for DeploymentRecreateStrategy {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        let Some(node) = object.root.path(&["spec", "strategy", "type"]) else {
            return;
        };
        match node.as_str() {
            Some(strategy) if strategy != "RollingUpdate" => cx.report(
                node,
                format!(
                    "Deployment uses the `{strategy}` strategy, which stops every pod before starting new ones"
                ),
            ),
            _ => {}
        }
    }
}
