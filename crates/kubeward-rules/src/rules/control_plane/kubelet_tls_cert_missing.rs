use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Node, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// KubeletConfiguration objects that set neither both `tlsCertFile` and `tlsPrivateKeyFile` nor
    /// `serverTLSBootstrap: true` (a serving certificate requested from the cluster CA).
    ///
    /// ## Why it matters
    /// Otherwise the kubelet generates a self-signed serving certificate, which the API server cannot
    /// verify: connections to the kubelet can be intercepted.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// rotateCertificates: true
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// tlsCertFile: /var/lib/kubelet/pki/kubelet.crt
    /// tlsPrivateKeyFile: /var/lib/kubelet/pki/kubelet.key
    /// ```
    /// ```yaml
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// serverTLSBootstrap: true
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 4.2.10
    /// - Checkov CKV_K8S_148; Trivy KCV-0088, KCV-0089
    pub struct KubeletTlsCertMissing {
        id: "kubelet-tls-cert-missing",
        title: "Kubelet serves a self-signed certificate",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["KubeletConfiguration"]),
        remediation: "Set `serverTLSBootstrap: true` (and approve the kubelet serving CSRs), or `tlsCertFile` and `tlsPrivateKeyFile`.",
        references: References {
            checkov: &["CKV_K8S_148"],
            trivy: &["KCV-0088", "KCV-0089"],
            cis: &["4.2.10"],
            ..References::NONE
        },
    }
}

impl Rule for KubeletTlsCertMissing {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        let Some(root) = kubelet_config(object) else {
            return;
        };
        if kubelet_field(root, &["serverTLSBootstrap"]).and_then(node_bool) == Some(true) {
            return;
        }
        let missing: Vec<String> = ["tlsCertFile", "tlsPrivateKeyFile"]
            .into_iter()
            .filter(|f| {
                kubelet_field(root, &[f])
                    .and_then(Node::text)
                    .is_none_or(|t| t.trim().is_empty())
            })
            .map(|f| format!("`{f}`"))
            .collect();
        if !missing.is_empty() {
            cx.report(
                root,
                format!(
                    "KubeletConfiguration does not set {} or `serverTLSBootstrap: true` (the kubelet serves a self-signed certificate)",
                    missing.join(", ")
                ),
            );
        }
    }
}
