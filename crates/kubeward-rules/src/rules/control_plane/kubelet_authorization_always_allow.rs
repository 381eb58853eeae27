use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// KubeletConfiguration objects with `authorization.mode: AlwaysAllow` (the v1beta1 default is
    /// `Webhook`).
    ///
    /// ## Why it matters
    /// With `AlwaysAllow` every authenticated (and, with anonymous authentication, every) caller may
    /// exec into containers, read logs and list pods on the node, whatever RBAC says.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// authorization:
    ///   mode: AlwaysAllow
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// authorization:
    ///   mode: Webhook
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 4.2.2
    /// - Checkov CKV_K8S_139; Trivy KCV-0080
    pub struct KubeletAuthorizationAlwaysAllow {
        id: "kubelet-authorization-always-allow",
        title: "Kubelet authorizes every request",
        severity: Severity::High,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["KubeletConfiguration"]),
        remediation: "Set `authorization.mode: Webhook` (the kubelet then asks the API server, which applies RBAC).",
        references: References {
            checkov: &["CKV_K8S_139"],
            trivy: &["KCV-0080"],
            cis: &["4.2.2"],
            ..References::NONE
        },
    }
}

impl Rule for KubeletAuthorizationAlwaysAllow {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        let Some(root) = kubelet_config(object) else {
            return;
        };
        if let Some(node) = kubelet_field(root, &["authorization", "mode"])
            && node.as_str() == Some("AlwaysAllow")
        {
            cx.report(
                node,
                "KubeletConfiguration authorizes every request (`authorization.mode: AlwaysAllow`)",
            );
        }
    }
}
