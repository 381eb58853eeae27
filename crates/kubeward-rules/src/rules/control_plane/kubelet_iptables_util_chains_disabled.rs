use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// KubeletConfiguration objects with `makeIPTablesUtilChains: false` (the default is true).
    ///
    /// ## Why it matters
    /// The kubelet's utility chains keep iptables rules consistent with pod networking; without them
    /// the rules drift from what the kubelet expects, which can leave traffic unfiltered.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// makeIPTablesUtilChains: false
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// makeIPTablesUtilChains: true
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 4.2.7
    /// - Checkov CKV_K8S_145; Trivy KCV-0084
    pub struct KubeletIptablesUtilChainsDisabled {
        id: "kubelet-iptables-util-chains-disabled",
        title: "Kubelet does not manage its iptables chains",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["KubeletConfiguration"]),
        remediation: "Remove `makeIPTablesUtilChains: false` (or set it to `true`).",
        references: References {
            checkov: &["CKV_K8S_145"],
            trivy: &["KCV-0084"],
            cis: &["4.2.7"],
            ..References::NONE
        },
    }
}

impl Rule for KubeletIptablesUtilChainsDisabled {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        let Some(root) = kubelet_config(object) else {
            return;
        };
        if let Some(node) = kubelet_field(root, &["makeIPTablesUtilChains"])
            && node_bool(node) == Some(false)
        {
            cx.report(
                node,
                "KubeletConfiguration turns off `makeIPTablesUtilChains`",
            );
        }
    }
}
