use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// KubeletConfiguration objects with `authentication.anonymous.enabled: true` (the v1beta1 default
    /// is false).
    ///
    /// ## Why it matters
    /// The kubelet API runs commands in containers, streams logs and lists pods. Anonymous requests
    /// reach it as `system:anonymous`; combined with a permissive authorization mode that is remote
    /// code execution on every node.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// authentication:
    ///   anonymous:
    ///     enabled: true
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// authentication:
    ///   anonymous:
    ///     enabled: false
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 4.2.1
    /// - Checkov CKV_K8S_138; Trivy KCV-0079
    pub struct KubeletAnonymousAuth {
        id: "kubelet-anonymous-auth",
        title: "Kubelet allows anonymous requests",
        severity: Severity::High,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["KubeletConfiguration"]),
        remediation: "Set `authentication.anonymous.enabled: false`.",
        references: References {
            checkov: &["CKV_K8S_138"],
            trivy: &["KCV-0079"],
            cis: &["4.2.1"],
            ..References::NONE
        },
    }
}

impl Rule for KubeletAnonymousAuth {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        let Some(root) = kubelet_config(object) else {
            return;
        };
        if let Some(node) = kubelet_field(root, &["authentication", "anonymous", "enabled"])
            && node_bool(node) == Some(true)
        {
            cx.report(node, "KubeletConfiguration allows anonymous requests");
        }
    }
}
