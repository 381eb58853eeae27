use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Node, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// KubeletConfiguration objects whose `tlsCipherSuites` list a suite outside the strong set (TLS
    /// 1.3 suites, and ECDHE key exchange with AES-GCM or ChaCha20-Poly1305), one finding per weak
    /// suite, or that do not set it (Go's default list includes CBC-mode suites). `tlsMinVersion:
    /// VersionTLS13` makes the list irrelevant and passes.
    ///
    /// ## Why it matters
    /// CBC-mode and RSA key-exchange suites lack forward secrecy or have a history of padding-oracle
    /// attacks; the kubelet API carries exec sessions and logs.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// tlsCipherSuites:
    ///   - TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
    ///   - TLS_RSA_WITH_AES_128_CBC_SHA
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// tlsCipherSuites:
    ///   - TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
    ///   - TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 4.2.13
    /// - Checkov CKV_K8S_151; Trivy KCV-0092
    pub struct KubeletWeakTlsCipherSuites {
        id: "kubelet-weak-tls-cipher-suites",
        title: "Kubelet allows weak TLS cipher suites",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["KubeletConfiguration"]),
        remediation: "Set `tlsCipherSuites` to ECDHE suites with AES-GCM or ChaCha20-Poly1305 only, or `tlsMinVersion: VersionTLS13`.",
        references: References {
            checkov: &["CKV_K8S_151"],
            trivy: &["KCV-0092"],
            cis: &["4.2.13"],
            ..References::NONE
        },
    }
}

impl Rule for KubeletWeakTlsCipherSuites {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        let Some(root) = kubelet_config(object) else {
            return;
        };
        if kubelet_field(root, &["tlsMinVersion"]).and_then(Node::as_str) == Some("VersionTLS13") {
            return;
        }
        let Some(list) = kubelet_field(root, &["tlsCipherSuites"]) else {
            cx.report(
                root,
                "KubeletConfiguration does not set `tlsCipherSuites` (Go's default list includes CBC-mode suites)",
            );
            return;
        };
        for item in list.items() {
            if let Some(name) = item.as_str()
                && !is_strong_cipher(name)
            {
                cx.report(
                    item,
                    format!("KubeletConfiguration allows the weak TLS cipher suite `{name}`"),
                );
            }
        }
    }
}
