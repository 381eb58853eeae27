use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// kube-controller-manager static pods that do not set `--terminated-pod-gc-threshold` (default
    /// 12500).
    ///
    /// ## Why it matters
    /// Terminated pods are only garbage-collected above the threshold. The default lets thousands of
    /// finished pods pile up in etcd, slowing the API server and keeping stale data (and the Secrets
    /// their specs reference) around.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: kube-controller-manager
    ///   namespace: kube-system
    /// spec:
    ///   hostNetwork: true
    ///   containers:
    ///     - name: kube-controller-manager
    ///       image: registry.k8s.io/kube-controller-manager:v1.31.0
    ///       command:
    ///         - kube-controller-manager
    ///         - --kubeconfig=/etc/kubernetes/controller-manager.conf
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: kube-controller-manager
    ///   namespace: kube-system
    /// spec:
    ///   hostNetwork: true
    ///   containers:
    ///     - name: kube-controller-manager
    ///       image: registry.k8s.io/kube-controller-manager:v1.31.0
    ///       command:
    ///         - kube-controller-manager
    ///         - --terminated-pod-gc-threshold=10
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 1.3.1
    /// - Checkov CKV_K8S_106; Trivy KCV-0033
    pub struct ControllerManagerTerminatedPodGcThresholdMissing {
        id: "controller-manager-terminated-pod-gc-threshold-missing",
        title: "kube-controller-manager keeps up to 12500 terminated pods",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["Pod"]),
        remediation: "Set `--terminated-pod-gc-threshold` to a value that fits the cluster (for example `10` to `1000`).",
        references: References {
            checkov: &["CKV_K8S_106"],
            trivy: &["KCV-0033"],
            cis: &["1.3.1"],
            ..References::NONE
        },
    }
}

impl Rule for ControllerManagerTerminatedPodGcThresholdMissing {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        for sp in component(object, Component::ControllerManager) {
            sp.require(
                cx,
                &["terminated-pod-gc-threshold"],
                "up to 12500 terminated pods are kept",
            );
        }
    }
}
