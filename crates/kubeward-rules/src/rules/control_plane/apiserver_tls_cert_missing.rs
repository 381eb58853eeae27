use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// kube-apiserver static pods that do not set both `--tls-cert-file` and `--tls-private-key-file`.
    ///
    /// ## Why it matters
    /// Without a configured certificate the API server generates a self-signed one that clients cannot
    /// verify, which trains them to skip verification and opens the door to interception.
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
    ///         - --secure-port=6443
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
    ///         - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt
    ///         - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 1.2.27
    /// - Checkov CKV_K8S_100; Trivy KCV-0027
    pub struct ApiserverTlsCertMissing {
        id: "apiserver-tls-cert-missing",
        title: "kube-apiserver serves a self-generated certificate",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["Pod"]),
        remediation: "Set `--tls-cert-file` and `--tls-private-key-file` to a certificate signed by the cluster CA.",
        references: References {
            checkov: &["CKV_K8S_100"],
            trivy: &["KCV-0027"],
            cis: &["1.2.27"],
            ..References::NONE
        },
    }
}

impl Rule for ApiserverTlsCertMissing {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        for sp in component(object, Component::ApiServer) {
            sp.require(
                cx,
                &["tls-cert-file", "tls-private-key-file"],
                "clients cannot verify a self-generated certificate",
            );
        }
    }
}
