use super::helpers::{WORKLOAD_KINDS, check_required, is_owned};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Workloads (the objects themselves, not their pod templates) that lack a label required
    /// by `settings.required-labels`. Each entry is a key or a list of alternative keys, any one
    /// of which satisfies it; a label with an empty value does not. The default requires
    /// `app.kubernetes.io/name` and an owner label (`owner`, `team` or
    /// `app.kubernetes.io/owner`):
    ///
    /// ```text
    /// settings:
    ///   required-labels:
    ///     - app.kubernetes.io/name
    ///     - [owner, team, app.kubernetes.io/owner]
    /// ```
    ///
    /// An empty list turns the rule off. Objects with `ownerReferences` (a Deployment's
    /// ReplicaSets and Pods, as a cluster audit lists them) are checked through their owner.
    ///
    /// ## Why it matters
    /// When a workload misbehaves at 3 a.m., its labels are how responders, cost reports and
    /// policy tools find out what it is and who owns it. Unlabelled workloads become orphans
    /// nobody dares to delete.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    ///   labels:
    ///     app.kubernetes.io/name: web
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
    ///   name: web
    ///   labels:
    ///     app.kubernetes.io/name: web
    ///     team: storefront
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
    pub struct RequiredLabelMissing {
        id: "required-label-missing",
        title: "Workload lacks a required label",
        severity: Severity::Info,
        category: Category::Metadata,
        scope: Scope::Kinds(WORKLOAD_KINDS),
        remediation: "Add the label under `metadata.labels` (the list is `settings.required-labels`).",
        references: References {
            kube_linter: &["required-label-owner"],
            ..References::NONE
        },
    }
}

impl Rule for RequiredLabelMissing {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        if is_owned(object) {
            return;
        }
        let required = &cx.settings().required_labels;
        check_required(object, cx, "labels", "label", required);
    }
}
