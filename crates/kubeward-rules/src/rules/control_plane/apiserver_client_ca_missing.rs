use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// kube-apiserver static pods that do not set `--client-ca-file`.
    ///
    /// ## Why it matters
    /// Without a client CA the API server does not authenticate X.509 client certificates, which
    /// kubelets, controllers and administrators use; the cluster then falls back to weaker, often
    /// static, credentials.
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
    ///         - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt
    ///         - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key
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
    ///         - --client-ca-file=/etc/kubernetes/pki/ca.crt
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 1.2.28
    /// - Trivy KCV-0028
    pub struct ApiserverClientCaMissing {
        id: "apiserver-client-ca-missing",
        title: "kube-apiserver does not accept client certificates",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["Pod"]),
        remediation: "Set `--client-ca-file` to the cluster CA.",
        references: References {
            trivy: &["KCV-0028"],
            cis: &["1.2.28"],
            ..References::NONE
        },
    }
}

impl Rule for ApiserverClientCaMissing {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        for sp in component(object, Component::ApiServer) {
            sp.require(
                cx,
                &["client-ca-file"],
                "client certificates are not authenticated",
            );
        }
    }
}
