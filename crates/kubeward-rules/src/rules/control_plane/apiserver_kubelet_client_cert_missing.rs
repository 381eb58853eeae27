use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// kube-apiserver static pods that do not set both `--kubelet-client-certificate` and
    /// `--kubelet-client-key`.
    ///
    /// ## Why it matters
    /// Without a client certificate the API server cannot authenticate to kubelets, so kubelets have to
    /// accept unauthenticated requests for the API server's exec, logs and port-forward calls to work:
    /// anyone who reaches a kubelet's port gets the same access.
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
    ///         - --kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt
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
    ///         - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt
    ///         - --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 1.2.5
    /// - Checkov CKV_K8S_72; Trivy KCV-0005
    pub struct ApiserverKubeletClientCertMissing {
        id: "apiserver-kubelet-client-cert-missing",
        title: "kube-apiserver has no client certificate for kubelets",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["Pod"]),
        remediation: "Set `--kubelet-client-certificate` and `--kubelet-client-key` to a client certificate the kubelets trust.",
        references: References {
            checkov: &["CKV_K8S_72"],
            trivy: &["KCV-0005"],
            cis: &["1.2.5"],
            ..References::NONE
        },
    }
}

impl Rule for ApiserverKubeletClientCertMissing {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        for sp in component(object, Component::ApiServer) {
            sp.require(
                cx,
                &["kubelet-client-certificate", "kubelet-client-key"],
                "the API server cannot authenticate to kubelets",
            );
        }
    }
}
