use super::helpers::Quantity;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, ContainerKind, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Containers and init containers whose CPU or memory request differs from the limit, when
    /// both are set (compared by value: `500m` equals `0.5`). A missing request or limit is the
    /// business of the `*-request-missing` and `*-limit-missing` rules.
    ///
    /// Meant to be opted into for workloads that must run in the `Guaranteed` QoS class;
    /// requests below limits are a legitimate, common choice elsewhere.
    ///
    /// ## Why it matters
    /// Only pods whose every container has requests equal to limits for CPU and memory are
    /// `Guaranteed`: they are the last to be evicted under node memory pressure, and only they
    /// can get exclusive CPUs from the static CPU manager. A pod that may burst above its
    /// request relies on spare capacity that may not be there when it needs it.
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
    ///       resources:
    ///         requests: {cpu: 100m, memory: 128Mi}
    ///         limits: {cpu: 500m, memory: 128Mi}
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27.3
    ///       resources:
    ///         requests: {cpu: 500m, memory: 128Mi}
    ///         limits: {cpu: "0.5", memory: 128Mi}
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Configure Quality of Service for Pods"
    pub struct RequestsDifferFromLimits {
        id: "requests-differ-from-limits",
        title: "Container requests differ from its limits",
        severity: Severity::Info,
        category: Category::Reliability,
        scope: Scope::PodSpec,
        remediation: "Set each container's CPU and memory requests equal to its limits so the pod runs in the Guaranteed QoS class.",
        references: References {
            kube_score: &[
                "container-resource-requests-equal-limits",
                "container-cpu-requests-equal-limits",
                "container-memory-requests-equal-limits",
            ],
            ..References::NONE
        },
    }
}

impl Rule for RequestsDifferFromLimits {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        for c in pod.containers() {
            if c.kind == ContainerKind::Ephemeral {
                continue;
            }
            for name in ["cpu", "memory"] {
                let (Some(req_node), Some(lim_node)) =
                    (c.resource("requests", name), c.resource("limits", name))
                else {
                    continue;
                };
                let (Some(request), Some(limit)) =
                    (Quantity::of_node(req_node), Quantity::of_node(lim_node))
                else {
                    continue;
                };
                if request != limit {
                    cx.report_container(
                        &c,
                        req_node,
                        format!(
                            "{} requests {request} {name} but its limit is {limit}",
                            c.describe()
                        ),
                    );
                }
            }
        }
    }
}
