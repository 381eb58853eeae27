use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// KubeletConfiguration objects that do not set `protectKernelDefaults: true` (the default is
    /// false).
    ///
    /// ## Why it matters
    /// Without it the kubelet silently changes kernel tunables it disagrees with, instead of failing
    /// when the node's hardened sysctl settings do not match what it expects.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// protectKernelDefaults: false
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// protectKernelDefaults: true
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 4.2.6
    /// - Checkov CKV_K8S_144; Trivy KCV-0083
    pub struct KubeletProtectKernelDefaultsDisabled {
        id: "kubelet-protect-kernel-defaults-disabled",
        title: "Kubelet may change kernel parameters",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["KubeletConfiguration"]),
        remediation: "Set `protectKernelDefaults: true` and configure the kernel parameters the kubelet expects on the node.",
        references: References {
            checkov: &["CKV_K8S_144"],
            trivy: &["KCV-0083"],
            cis: &["4.2.6"],
            ..References::NONE
        },
    }
}

impl Rule for KubeletProtectKernelDefaultsDisabled {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        let Some(root) = kubelet_config(object) else {
            return;
        };
        match kubelet_field(root, &["protectKernelDefaults"]) {
            Some(node) if node_bool(node) == Some(true) => {}
            Some(node) => cx.report(
                node,
                "KubeletConfiguration does not protect kernel defaults",
            ),
            None => cx.report(
                root,
                "KubeletConfiguration does not set `protectKernelDefaults: true` (the default is false)",
            ),
        }
    }
}
