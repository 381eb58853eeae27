use super::helpers::{Section, check_missing};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Containers and init containers without `resources.requests.cpu`. A container that sets
    /// `resources.limits.cpu` but no request is not flagged: Kubernetes defaults a missing
    /// request to the limit, so the request is set in effect.
    /// Ephemeral containers are not checked (Kubernetes forbids `resources` on them).
    /// Pod-level resources (`spec.resources`, Kubernetes 1.34+) bound every container of the
    /// pod, so a pod-level CPU request (or limit) satisfies the rule too.
    ///
    /// ## Why it matters
    /// The scheduler places pods by their requests. Without a CPU request a container counts
    /// as needing nothing: the pod can land on a node that is already saturated, gets the
    /// smallest CPU share when the node is busy, and a pod with no requests or limits at all is
    /// `BestEffort`, the first to be evicted under pressure. Horizontal Pod Autoscalers that
    /// scale on CPU utilisation also need a request to compute it.
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
    ///       labels: {app: web}
    ///     spec:
    ///       containers:
    ///         - name: app
    ///           image: nginx:1.27.3
    ///           resources:
    ///             limits:
    ///               memory: 256Mi
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
    ///           resources:
    ///             requests:
    ///               cpu: 100m
    ///               memory: 128Mi
    ///             limits:
    ///               memory: 256Mi
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Resource Management for Pods and Containers" and "Pod
    ///   Quality of Service Classes"
    pub struct CpuRequestMissing {
        id: "cpu-request-missing",
        title: "Container has no CPU request",
        severity: Severity::Low,
        category: Category::Resources,
        scope: Scope::PodSpec,
        remediation: "Set `resources.requests.cpu` on every container and init container to what it needs under normal load (`100m` is a tenth of a core).",
        references: References {
            kube_linter: &["unset-cpu-requirements"],
            polaris: &["cpuRequestsMissing"],
            kubesec: &["RequestsCPU"],
            kube_score: &["container-resources"],
            checkov: &["CKV_K8S_10"],
            trivy: &["KSV-0015"],
            ..References::NONE
        },
    }
}

impl Rule for CpuRequestMissing {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        check_missing(pod, cx, Section::Requests, "cpu", "CPU");
    }
}
