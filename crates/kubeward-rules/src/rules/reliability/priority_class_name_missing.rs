use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Pod specs without `priorityClassName` (or with an empty one). Whether the named class
    /// exists needs the cluster's PriorityClass objects and is left to the cross-resource
    /// analysis (a separate issue).
    ///
    /// ## Why it matters
    /// Without a priority class a pod gets the cluster's global default priority (0 unless a
    /// class is marked `globalDefault`). When the cluster is full, the scheduler then cannot
    /// preempt batch jobs to make room for a critical service, and under node pressure the
    /// kubelet, which weighs priority when it picks pods to evict, cannot tell them apart.
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
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   priorityClassName: business-critical
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27.3
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Pod Priority and Preemption"
    pub struct PriorityClassNameMissing {
        id: "priority-class-name-missing",
        title: "Pod has no priority class",
        severity: Severity::Info,
        category: Category::Reliability,
        scope: Scope::PodSpec,
        remediation: "Set `priorityClassName` to one of the cluster's PriorityClasses that reflects how important the workload is.",
        references: References {
            kube_linter: &["priority-class-name"],
            polaris: &["priorityClassNotSet"],
            ..References::NONE
        },
    }
}

impl Rule for PriorityClassNameMissing {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        match pod.get("priorityClassName") {
            Some(node) if node.as_str() == Some("") => {
                cx.report(node, "pod has an empty `priorityClassName`");
            }
            Some(node) if !node.is_null() => {}
            _ => cx.report(pod.spec, "pod has no `priorityClassName`"),
        }
    }
}
