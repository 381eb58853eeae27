use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// kube-apiserver static pods that set `--token-auth-file`.
    ///
    /// ## Why it matters
    /// Static tokens never expire, sit in clear text on the control-plane node, and can only be changed
    /// by restarting the API server: a leaked token is valid until someone notices.
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
    ///         - --token-auth-file=/etc/kubernetes/tokens.csv
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
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 1.2.2
    /// - Checkov CKV_K8S_70; Trivy KCV-0002
    pub struct ApiserverTokenAuthFile {
        id: "apiserver-token-auth-file",
        title: "kube-apiserver authenticates users with a static token file",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["Pod"]),
        remediation: "Remove `--token-auth-file`; use client certificates, OIDC, webhook token authentication or bound service-account tokens.",
        references: References {
            checkov: &["CKV_K8S_70"],
            trivy: &["KCV-0002"],
            cis: &["1.2.2"],
            ..References::NONE
        },
    }
}

impl Rule for ApiserverTokenAuthFile {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        for sp in component(object, Component::ApiServer) {
            sp.forbid(cx, "token-auth-file", "static tokens that never expire");
        }
    }
}
