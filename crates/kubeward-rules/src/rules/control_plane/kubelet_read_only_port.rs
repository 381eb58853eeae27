use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// KubeletConfiguration objects with a non-zero `readOnlyPort` (the v1beta1 default is 0, off).
    ///
    /// ## Why it matters
    /// The read-only port (usually 10255) serves pod specs, environment variables and node metrics
    /// without any authentication or authorization, to anyone who can reach the node.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// readOnlyPort: 10255
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// readOnlyPort: 0
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 4.2.4
    /// - Checkov CKV_K8S_141; Trivy KCV-0082
    pub struct KubeletReadOnlyPort {
        id: "kubelet-read-only-port",
        title: "Kubelet serves its unauthenticated read-only port",
        severity: Severity::High,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["KubeletConfiguration"]),
        remediation: "Set `readOnlyPort: 0` (or remove it).",
        references: References {
            checkov: &["CKV_K8S_141"],
            trivy: &["KCV-0082"],
            cis: &["4.2.4"],
            ..References::NONE
        },
    }
}

impl Rule for KubeletReadOnlyPort {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        let Some(root) = kubelet_config(object) else {
            return;
        };
        if let Some(node) = kubelet_field(root, &["readOnlyPort"])
            && let Some(port) = node.as_i64().filter(|p| *p != 0)
        {
            cx.report(
                node,
                format!("KubeletConfiguration opens the unauthenticated read-only port {port}"),
            );
        }
    }
}
