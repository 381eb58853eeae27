use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// KubeletConfiguration objects with a negative `eventRecordQPS`. Zero (no limit) and positive
    /// values are accepted: what rate captures events appropriately depends on the cluster.
    ///
    /// ## Why it matters
    /// The CIS Benchmark asks for an event rate that captures security-relevant events. A negative rate
    /// is not a rate: the kubelet rejects the configuration and the node does not come up with the
    /// intended settings.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// eventRecordQPS: -1
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// eventRecordQPS: 50
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 4.2.9
    /// - Checkov CKV_K8S_147; Trivy KCV-0087
    pub struct KubeletEventRecordQpsInvalid {
        id: "kubelet-event-record-qps-invalid",
        title: "Kubelet event rate limit is negative",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["KubeletConfiguration"]),
        remediation: "Set `eventRecordQPS` to 0 (no limit) or a rate that keeps security-relevant events (default 50).",
        references: References {
            checkov: &["CKV_K8S_147"],
            trivy: &["KCV-0087"],
            cis: &["4.2.9"],
            ..References::NONE
        },
    }
}

impl Rule for KubeletEventRecordQpsInvalid {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        let Some(root) = kubelet_config(object) else {
            return;
        };
        if let Some(node) = kubelet_field(root, &["eventRecordQPS"])
            && node.as_i64().is_some_and(|q| q < 0)
        {
            cx.report(
                node,
                "KubeletConfiguration sets a negative `eventRecordQPS` (the kubelet rejects it)",
            );
        }
    }
}
