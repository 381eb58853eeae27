use super::helpers::check_resource_missing;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Containers and init containers without `resources.requests.ephemeral-storage`. A
    /// container that sets only the limit passes: Kubernetes defaults a missing request to the
    /// limit. Ephemeral containers may not set resources and are not checked; pod-level
    /// resources do not cover ephemeral storage.
    ///
    /// ## Why it matters
    /// The scheduler places pods by their requests. Without an ephemeral-storage request a pod
    /// that writes logs, caches or `emptyDir` data to the node's disk is placed as if it needed
    /// none, and nodes fill up until the kubelet starts evicting pods under disk pressure.
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
    ///         requests: {cpu: 100m, memory: 128Mi, ephemeral-storage: 1Gi}
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Resource Management for Pods and Containers", "Local
    ///   ephemeral storage"
    pub struct EphemeralStorageRequestMissing {
        id: "ephemeral-storage-request-missing",
        title: "Container has no ephemeral-storage request",
        severity: Severity::Info,
        category: Category::Reliability,
        scope: Scope::PodSpec,
        remediation: "Set `resources.requests.ephemeral-storage` to the local disk the container typically uses (logs, caches, `emptyDir` volumes).",
        references: References {
            kube_score: &["container-ephemeral-storage-request-and-limit"],
            ..References::NONE
        },
    }
}

impl Rule for EphemeralStorageRequestMissing {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        check_resource_missing(pod, cx, "requests", "ephemeral-storage");
    }
}
