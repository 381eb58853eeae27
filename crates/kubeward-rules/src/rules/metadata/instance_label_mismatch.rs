use super::helpers::WORKLOAD_KINDS;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Node, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Workloads whose `app.kubernetes.io/instance` label is set and differs from
    /// `metadata.name`. A missing label is not flagged (require it with
    /// `settings.required-labels` if you want it).
    ///
    /// Charts that set `instance` to the Helm release name and name objects
    /// `<release>-<chart>` trip this rule on every object; it is meant for teams that adopt the
    /// convention, not as a default.
    ///
    /// ## Why it matters
    /// Dashboards, cost reports and `kubectl get -l app.kubernetes.io/instance=...` rely on the
    /// instance label to identify one deployment of an application. When it disagrees with the
    /// object's name (a copied manifest that kept the old label is the usual cause), tools
    /// attribute the workload to the wrong instance.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web-eu
    ///   labels:
    ///     app.kubernetes.io/instance: web-us
    /// spec:
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
    ///   name: web-eu
    ///   labels:
    ///     app.kubernetes.io/instance: web-eu
    /// spec:
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
    /// - Kubernetes documentation, "Recommended Labels"
    pub struct InstanceLabelMismatch {
        id: "instance-label-mismatch",
        title: "Instance label differs from the object name",
        severity: Severity::Info,
        category: Category::Metadata,
        scope: Scope::Kinds(WORKLOAD_KINDS),
        remediation: "Set `app.kubernetes.io/instance` to the object's `metadata.name`, or rename the object.",
        references: References {
            polaris: &["metadataAndInstanceMismatched"],
            ..References::NONE
        },
    }
}

impl Rule for InstanceLabelMismatch {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        let Some(name) = object.metadata().get("name").and_then(Node::as_str) else {
            return;
        };
        let Some(label) = object.labels().get("app.kubernetes.io/instance") else {
            return;
        };
        if let Some(instance) = label.text()
            && instance != name
        {
            cx.report(
                label,
                format!(
                    "{} `{name}` has `app.kubernetes.io/instance: {instance}`, which differs from its name",
                    object.kind()
                ),
            );
        }
    }
}
