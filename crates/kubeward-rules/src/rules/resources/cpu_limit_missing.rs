use super::helpers::{Section, check_missing};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Containers and init containers without `resources.limits.cpu`.
    /// Ephemeral containers are not checked (Kubernetes forbids `resources` on them).
    /// Pod-level resources (`spec.resources`, Kubernetes 1.34+) bound every container of the
    /// pod, so a pod-level CPU limit satisfies the rule too.
    ///
    /// ## Why it matters
    /// Without a CPU limit a container may use every idle core of its node: a runaway loop, a
    /// traffic spike or a hijacked container (cryptomining is the most common payload of a
    /// compromised pod) takes the spare CPU that neighbours expected to burst into, and the
    /// pod can never be in the `Guaranteed` QoS class. A namespace `ResourceQuota` on
    /// `limits.cpu` also rejects pods without one.
    ///
    /// CPU is compressible, though: a container over its limit is throttled, not killed, and
    /// requests still guarantee every container its share under contention. Some teams leave
    /// CPU limits off on purpose to avoid throttling latency. Hence `low`, below memory, rather
    /// than `info`: it stays in the default report as a cheap guard against the abuse of spare
    /// CPU. If you deliberately run without CPU limits, turn it off with
    /// `--ignore cpu-limit-missing`.
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
    ///               cpu: 500m
    ///               memory: 256Mi
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Resource Management for Pods and Containers", "How Pods
    ///   with resource limits are run"
    pub struct CpuLimitMissing {
        id: "cpu-limit-missing",
        title: "Container has no CPU limit",
        severity: Severity::Low,
        category: Category::Resources,
        scope: Scope::PodSpec,
        remediation: "Set `resources.limits.cpu` on every container and init container to the most it should ever use, or turn the rule off if you deliberately run without CPU limits.",
        references: References {
            kube_linter: &["unset-cpu-requirements"],
            polaris: &["cpuLimitsMissing"],
            kubesec: &["LimitsCPU"],
            kube_score: &["container-resources"],
            checkov: &["CKV_K8S_11"],
            trivy: &["KSV-0011"],
            ..References::NONE
        },
    }
}

impl Rule for CpuLimitMissing {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        check_missing(pod, cx, Section::Limits, "cpu", "CPU");
    }
}
