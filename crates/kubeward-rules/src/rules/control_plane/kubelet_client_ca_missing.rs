use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Node, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// KubeletConfiguration objects without `authentication.x509.clientCAFile`.
    ///
    /// ## Why it matters
    /// Without a client CA the kubelet cannot authenticate the API server (or anyone else) by
    /// certificate, so its API is left to webhook tokens or, worse, anonymous access.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// authentication:
    ///   webhook:
    ///     enabled: true
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: kubelet.config.k8s.io/v1beta1
    /// kind: KubeletConfiguration
    /// authentication:
    ///   x509:
    ///     clientCAFile: /etc/kubernetes/pki/ca.crt
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 4.2.3
    /// - Checkov CKV_K8S_140; Trivy KCV-0081
    pub struct KubeletClientCaMissing {
        id: "kubelet-client-ca-missing",
        title: "Kubelet does not verify client certificates",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["KubeletConfiguration"]),
        remediation: "Set `authentication.x509.clientCAFile` to the cluster CA.",
        references: References {
            checkov: &["CKV_K8S_140"],
            trivy: &["KCV-0081"],
            cis: &["4.2.3"],
            ..References::NONE
        },
    }
}

impl Rule for KubeletClientCaMissing {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        let Some(root) = kubelet_config(object) else {
            return;
        };
        const PATH: &[&str] = &["authentication", "x509", "clientCAFile"];
        let set = kubelet_field(root, PATH)
            .and_then(Node::text)
            .is_some_and(|t| !t.trim().is_empty());
        if !set {
            cx.report(
                kubelet_missing_at(root, PATH),
                "KubeletConfiguration does not set `authentication.x509.clientCAFile` (client certificates are not verified)",
            );
        }
    }
}
