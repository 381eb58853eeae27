use super::helpers::{WORKLOAD_KINDS, check_required, is_owned};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Workloads (the objects themselves, not their pod templates) that lack an annotation
    /// required by `settings.required-annotations`: a list of keys, or of lists of alternative
    /// keys any one of which satisfies the entry. An annotation with an empty value does not.
    /// The list is empty by default, and the rule then finds nothing.
    ///
    /// ```text
    /// settings:
    ///   required-annotations:
    ///     - [owner-email, example.com/owner-email]
    /// ```
    ///
    /// Objects with `ownerReferences` are checked through their owner.
    ///
    /// ## Why it matters
    /// Annotations carry what labels cannot (an on-call address, a runbook URL, a cost
    /// centre); a platform that relies on them for routing alerts or billing needs every
    /// workload to have them.
    ///
    /// ## Bad
    /// ```yaml
    /// # kubeward-settings: {"required-annotations": ["example.com/runbook"]}
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
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
    /// # kubeward-settings: {"required-annotations": ["example.com/runbook"]}
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    ///   annotations:
    ///     example.com/runbook: https://runbooks.example.com/web
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
    /// - Kubernetes documentation, "Annotations"
    pub struct RequiredAnnotationMissing {
        id: "required-annotation-missing",
        title: "Workload lacks a required annotation",
        severity: Severity::Info,
        category: Category::Metadata,
        scope: Scope::Kinds(WORKLOAD_KINDS),
        remediation: "Add the annotation under `metadata.annotations` (the list is `settings.required-annotations`).",
        references: References {
            kube_linter: &["required-annotation-email"],
            ..References::NONE
        },
    }
}

impl Rule for RequiredAnnotationMissing {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        if is_owned(object) {
            return;
        }
        let required = &cx.settings().required_annotations;
        check_required(object, cx, "annotations", "annotation", required);
    }
}
