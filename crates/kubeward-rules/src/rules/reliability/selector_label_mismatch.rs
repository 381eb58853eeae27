use super::helpers::{template_labels, unmet_match_labels, unmet_requirements};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Workload controllers whose `spec.selector` does not select their own pod template's
    /// labels: Deployments, StatefulSets, DaemonSets and ReplicaSets (`matchLabels` and
    /// `matchExpressions` with `In`, `NotIn`, `Exists`, `DoesNotExist`), ReplicationControllers
    /// (a plain label map; a missing one defaults to the template's labels), and Jobs with
    /// `manualSelector: true` (other Jobs get a generated selector). Each unmet requirement is
    /// reported at the selector entry that fails.
    ///
    /// ## Why it matters
    /// The API server rejects such an object (`selector does not match template labels`), so the
    /// error shows up only at deploy time, where a pipeline applying many objects may leave the
    /// release half applied. In `apps/v1` the selector is also immutable, so the usual slip (a
    /// label renamed in the template only) cannot be fixed by changing the selector without
    /// deleting the workload.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// spec:
    ///   selector:
    ///     matchLabels: {app: web}
    ///   template:
    ///     metadata:
    ///       labels: {app: webapp}
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
    ///   selector:
    ///     matchLabels: {app: web}
    ///   template:
    ///     metadata:
    ///       labels: {app: web, version: "1.4"}
    ///     spec:
    ///       containers:
    ///         - name: app
    ///           image: nginx:1.27.3
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Deployments", "Selector"
    /// - Kubernetes documentation, "Labels and Selectors", "Label selectors"
    pub struct SelectorLabelMismatch {
        id: "selector-label-mismatch",
        title: "Workload selector does not match its pod template labels",
        severity: Severity::Medium,
        category: Category::Reliability,
        scope: Scope::Kinds(&[
            "Deployment",
            "StatefulSet",
            "DaemonSet",
            "ReplicaSet",
            "ReplicationController",
            "Job",
        ]),
        remediation: "Make every `spec.selector` requirement hold for `spec.template.metadata.labels`: usually, copy the selector's labels into the template.",
        references: References {
            kube_linter: &["mismatching-selector"],
            kube_score: &[
                "deployment-pod-selector-labels-match-template-metadata-labels",
                "statefulset-pod-selector-labels-match-template-metadata-labels",
            ],
            ..References::NONE
        },
    }
}

impl Rule for SelectorLabelMismatch {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        let kind = object.kind();
        let Some(selector) = object
            .root
            .path(&["spec", "selector"])
            .filter(|s| s.is_map())
        else {
            return;
        };
        if kind == "Job"
            && !object
                .root
                .path(&["spec", "manualSelector"])
                .is_some_and(|n| n.is_true())
        {
            return;
        }
        let labels = template_labels(object);
        let unmet = if kind == "ReplicationController" {
            unmet_match_labels(selector, labels)
        } else {
            unmet_requirements(selector, labels)
        };
        for u in unmet {
            cx.report(
                u.node,
                format!(
                    "{kind} selector requires `{}` but the pod template has {}",
                    u.requirement, u.found
                ),
            );
        }
    }
}
