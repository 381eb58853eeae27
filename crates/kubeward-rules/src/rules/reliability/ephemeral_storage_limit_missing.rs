use super::helpers::check_resource_missing;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Containers and init containers without `resources.limits.ephemeral-storage`.
    /// Ephemeral containers may not set resources and are not checked; pod-level resources do
    /// not cover ephemeral storage.
    ///
    /// ## Why it matters
    /// Without a limit a container may fill the node's disk with logs, temporary files or
    /// writes to its root filesystem. When the disk fills, the kubelet evicts pods under disk
    /// pressure, and neighbours are evicted along with the culprit. With a limit the kubelet
    /// evicts only the pod that exceeded it.
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
    ///         limits: {memory: 256Mi}
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
    ///         limits: {memory: 256Mi, ephemeral-storage: 2Gi}
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Resource Management for Pods and Containers", "Local
    ///   ephemeral storage"
    pub struct EphemeralStorageLimitMissing {
        id: "ephemeral-storage-limit-missing",
        title: "Container has no ephemeral-storage limit",
        severity: Severity::Info,
        category: Category::Reliability,
        scope: Scope::PodSpec,
        remediation: "Set `resources.limits.ephemeral-storage` to the most local disk the container may use.",
        references: References {
            kube_score: &["container-ephemeral-storage-request-and-limit"],
            ..References::NONE
        },
    }
}

impl Rule for EphemeralStorageLimitMissing {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        check_resource_missing(pod, cx, "limits", "ephemeral-storage");
    }
}
