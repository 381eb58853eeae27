use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// KubeletConfiguration objects with `streamingConnectionIdleTimeout` set to zero (the default is
    /// 4h).
    ///
    /// ## Why it matters
    /// Idle exec, attach and port-forward sessions then stay open forever, keeping a way into the
    /// container open and exhausting kubelet resources.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// streamingConnectionIdleTimeout: 0s
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// streamingConnectionIdleTimeout: 5m
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 4.2.5
    /// - Checkov CKV_K8S_143; Trivy KCV-0085
    pub struct KubeletStreamingConnectionIdleTimeoutDisabled {
        id: "kubelet-streaming-connection-idle-timeout-disabled",
        title: "Kubelet streaming connections never time out",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["KubeletConfiguration"]),
        remediation: "Remove `streamingConnectionIdleTimeout` (default 4h) or set a positive duration such as `5m`.",
        references: References {
            checkov: &["CKV_K8S_143"],
            trivy: &["KCV-0085"],
            cis: &["4.2.5"],
            ..References::NONE
        },
    }
}

impl Rule for KubeletStreamingConnectionIdleTimeoutDisabled {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        let Some(root) = kubelet_config(object) else {
            return;
        };
        if let Some(node) = kubelet_field(root, &["streamingConnectionIdleTimeout"])
            && node
                .text()
                .and_then(parse_duration)
                .is_some_and(|d| d <= 0.0)
        {
            cx.report(
                node,
                "KubeletConfiguration disables the idle timeout of streaming connections",
            );
        }
    }
}
