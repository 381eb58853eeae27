use super::helpers::{Section, check_missing};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Containers and init containers without `resources.limits.memory`.
    /// Ephemeral containers are not checked (Kubernetes forbids `resources` on them).
    /// Pod-level resources (`spec.resources`, Kubernetes 1.34+) bound every container of the
    /// pod, so a pod-level memory limit satisfies the rule too.
    ///
    /// ## Why it matters
    /// Memory is not compressible: a container without a limit can grow until the node runs
    /// out, and then the kernel's OOM killer and the kubelet's evictions hit whatever they
    /// choose, including other teams' pods and the node's own daemons. A memory leak, a
    /// crafted request that makes the application allocate, or a hijacked container becomes
    /// an outage for the whole node instead of a restart of one container.
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
    ///             requests:
    ///               cpu: 100m
    ///               memory: 128Mi
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
    /// - Kubernetes documentation, "Resource Management for Pods and Containers", "How Pods
    ///   with resource limits are run"
    pub struct MemoryLimitMissing {
        id: "memory-limit-missing",
        title: "Container has no memory limit",
        severity: Severity::Medium,
        category: Category::Resources,
        scope: Scope::PodSpec,
        remediation: "Set `resources.limits.memory` on every container and init container to the most it may use before it is better restarted (`512Mi`).",
        references: References {
            kube_linter: &["unset-memory-requirements"],
            polaris: &["memoryLimitsMissing"],
            kubesec: &["LimitsMemory"],
            kube_score: &["container-resources"],
            checkov: &["CKV_K8S_13"],
            trivy: &["KSV-0018"],
            ..References::NONE
        },
    }
}

impl Rule for MemoryLimitMissing {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        check_missing(pod, cx, Section::Limits, "memory", "memory");
    }
}
