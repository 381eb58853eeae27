use super::helpers::is_owned;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Objects of kind `Pod`, unless they have `ownerReferences` (pods created by a controller,
    /// as a cluster audit lists them). Reported at `kind: Pod`.
    ///
    /// ## Why it matters
    /// Nothing recreates a bare Pod: when its node fails, is drained or is scaled away, the pod
    /// is gone for good, and there is no rollout, rollback or scaling. A Deployment (or a Job,
    /// for run-to-completion work) gives the same pod all of that.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27.3
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
    ///       labels: {app: web}
    ///     spec:
    ///       containers:
    ///         - name: app
    ///           image: nginx:1.27.3
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Configuration Best Practices", "Naked Pods vs ReplicaSets,
    ///   Deployments, and Jobs"
    pub struct NakedPod {
        id: "naked-pod",
        title: "Pod is not managed by a controller",
        severity: Severity::Info,
        category: Category::Reliability,
        scope: Scope::Kinds(&["Pod"]),
        remediation: "Run the pod through a Deployment, StatefulSet or DaemonSet (or a Job for run-to-completion work).",
        references: References {
            polaris: &["nakedPod"],
            ..References::NONE
        },
    }
}

impl Rule for NakedPod {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        if is_owned(object) {
            return;
        }
        let at = object.root.get("kind").unwrap_or(&object.root);
        cx.report(
            at,
            "Pod is not managed by a controller; nothing recreates it",
        );
    }
}
