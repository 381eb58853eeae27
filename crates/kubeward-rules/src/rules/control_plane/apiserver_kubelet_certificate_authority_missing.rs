use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// kube-apiserver static pods that do not set `--kubelet-certificate-authority`.
    ///
    /// ## Why it matters
    /// Without a CA for kubelet serving certificates the API server connects to kubelets without
    /// verifying who answers, so a machine in the middle can impersonate a node and receive exec and
    /// attach sessions or the credentials that pass through them.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: kube-apiserver
    ///   namespace: kube-system
    /// spec:
    ///   hostNetwork: true
    ///   containers:
    ///     - name: kube-apiserver
    ///       image: registry.k8s.io/kube-apiserver:v1.31.0
    ///       command:
    ///         - kube-apiserver
    ///         - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt
    ///         - --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: kube-apiserver
    ///   namespace: kube-system
    /// spec:
    ///   hostNetwork: true
    ///   containers:
    ///     - name: kube-apiserver
    ///       image: registry.k8s.io/kube-apiserver:v1.31.0
    ///       command:
    ///         - kube-apiserver
    ///         - --kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 1.2.6
    /// - Checkov CKV_K8S_73; Trivy KCV-0006
    pub struct ApiserverKubeletCertificateAuthorityMissing {
        id: "apiserver-kubelet-certificate-authority-missing",
        title: "kube-apiserver does not verify kubelet certificates",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["Pod"]),
        remediation: "Set `--kubelet-certificate-authority` to the CA that signs kubelet serving certificates (with `serverTLSBootstrap: true` on the kubelets, the cluster CA).",
        references: References {
            checkov: &["CKV_K8S_73"],
            trivy: &["KCV-0006"],
            cis: &["1.2.6"],
            ..References::NONE
        },
    }
}

impl Rule for ApiserverKubeletCertificateAuthorityMissing {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        for sp in component(object, Component::ApiServer) {
            sp.require(
                cx,
                &["kubelet-certificate-authority"],
                "kubelet serving certificates are not verified",
            );
        }
    }
}
