use super::helpers::Quantity;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, ContainerKind, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Container and init container requests and limits outside the bounds configured in
    /// `settings.resource-ranges`, per resource name:
    ///
    /// ```text
    /// settings:
    ///   resource-ranges:
    ///     cpu: {min-request: 10m, max-request: "2", max-limit: "4"}
    ///     memory: {min-request: 32Mi, max-limit: 8Gi}
    /// ```
    ///
    /// Quantities are compared by value (`1Gi` equals `1024Mi`). Only values written in the
    /// manifest are checked: a missing request or limit is the business of the
    /// `*-request-missing` and `*-limit-missing` rules. With no ranges configured (the
    /// default) the rule finds nothing.
    ///
    /// ## Why it matters
    /// Platform teams size nodes and quotas for a range of pod sizes. A request above it cannot
    /// be scheduled or starves a namespace quota; a request of `1m` CPU or `1Mi` memory is a
    /// placeholder that lets the pod be packed onto a node it will then overload; a limit of
    /// `64` CPUs is a typo that nobody notices until it matters.
    ///
    /// ## Bad
    /// ```yaml
    /// # kubeward-settings: {"resource-ranges": {"cpu": {"max-request": "2"}}}
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27.3
    ///       resources:
    ///         requests: {cpu: "8"}
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// # kubeward-settings: {"resource-ranges": {"cpu": {"max-request": "2"}}}
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27.3
    ///       resources:
    ///         requests: {cpu: 1500m}
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Limit Ranges" (the admission-time equivalent, per namespace)
    pub struct ResourceOutOfRange {
        id: "resource-out-of-range",
        title: "Container request or limit is outside the configured range",
        severity: Severity::Low,
        category: Category::Reliability,
        scope: Scope::PodSpec,
        remediation: "Bring the request or limit within `settings.resource-ranges`, or ask the platform team to widen the range.",
        references: References {
            polaris: &["resourceRange"],
            ..References::NONE
        },
    }
}

impl Rule for ResourceOutOfRange {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        let ranges = &cx.settings().resource_ranges;
        if ranges.is_empty() {
            return;
        }
        for c in pod.containers() {
            if c.kind == ContainerKind::Ephemeral {
                continue;
            }
            for (name, range) in ranges {
                let sections = [
                    (
                        "requests",
                        "requests",
                        &range.min_request,
                        &range.max_request,
                    ),
                    (
                        "limits",
                        "has a limit of",
                        &range.min_limit,
                        &range.max_limit,
                    ),
                ];
                for (section, verb, min, max) in sections {
                    let Some(node) = c.resource(section, name) else {
                        continue;
                    };
                    let Some(value) = Quantity::of_node(node) else {
                        continue;
                    };
                    let problem = match (min, max) {
                        (Some(min), _) if value < *min => {
                            Some(format!("below the minimum of {min}"))
                        }
                        (_, Some(max)) if value > *max => {
                            Some(format!("above the maximum of {max}"))
                        }
                        _ => None,
                    };
                    if let Some(problem) = problem {
                        cx.report_container(
                            &c,
                            node,
                            format!("{} {verb} {value} {name}, {problem}", c.describe()),
                        );
                    }
                }
            }
        }
    }
}
