use super::helpers::{Section, check_missing};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Containers and init containers without `resources.requests.memory`. A container that
    /// sets `resources.limits.memory` but no request is not flagged: Kubernetes defaults a
    /// missing request to the limit, so the request is set in effect.
    /// Ephemeral containers are not checked (Kubernetes forbids `resources` on them).
    /// Pod-level resources (`spec.resources`, Kubernetes 1.34+) bound every container of the
    /// pod, so a pod-level memory request (or limit) satisfies the rule too.
    ///
    /// ## Why it matters
    /// The scheduler places pods by their requests, so a container without a memory request
    /// can be packed onto a node that has no memory left for it. Under memory pressure the
    /// kubelet evicts first the pods whose usage exceeds their requests, and every byte of a
    /// container without a request exceeds it: the pod is among the first to go, and a pod
    /// with no requests or limits at all is `BestEffort`.
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
    /// - Kubernetes documentation, "Resource Management for Pods and Containers" and
    ///   "Node-pressure Eviction"
    pub struct MemoryRequestMissing {
        id: "memory-request-missing",
        title: "Container has no memory request",
        severity: Severity::Medium,
        category: Category::Resources,
        scope: Scope::PodSpec,
        remediation: "Set `resources.requests.memory` on every container and init container to its normal working set (`128Mi`).",
        references: References {
            kube_linter: &["unset-memory-requirements"],
            polaris: &["memoryRequestsMissing"],
            kubesec: &["RequestsMemory"],
            kube_score: &["container-resources"],
            checkov: &["CKV_K8S_12"],
            trivy: &["KSV-0016"],
            ..References::NONE
        },
    }
}

impl Rule for MemoryRequestMissing {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        check_missing(pod, cx, Section::Requests, "memory", "memory");
    }
}
