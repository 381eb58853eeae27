use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// KubeletConfiguration objects with `rotateCertificates: false`.
    ///
    /// ## Why it matters
    /// Without rotation the kubelet keeps its client certificate until it expires; a stolen certificate
    /// stays useful for its whole lifetime, and expiry takes the node out of the cluster.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// rotateCertificates: false
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// rotateCertificates: true
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 4.2.11
    /// - Checkov CKV_K8S_149; Trivy KCV-0090
    pub struct KubeletCertificateRotationDisabled {
        id: "kubelet-certificate-rotation-disabled",
        title: "Kubelet client-certificate rotation is switched off",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["KubeletConfiguration"]),
        remediation: "Set `rotateCertificates: true`.",
        references: References {
            checkov: &["CKV_K8S_149"],
            trivy: &["KCV-0090"],
            cis: &["4.2.11"],
            ..References::NONE
        },
    }
}

impl Rule for KubeletCertificateRotationDisabled {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        let Some(root) = kubelet_config(object) else {
            return;
        };
        if let Some(node) = kubelet_field(root, &["rotateCertificates"])
            && node_bool(node) == Some(false)
        {
            cx.report(
                node,
                "KubeletConfiguration turns off client-certificate rotation",
            );
        }
    }
}
