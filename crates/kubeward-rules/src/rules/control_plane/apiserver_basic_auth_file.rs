use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// kube-apiserver static pods that set `--basic-auth-file` (removed in Kubernetes 1.19; older
    /// clusters still accept it).
    ///
    /// ## Why it matters
    /// Basic authentication sends a long-lived password with every request. The passwords sit in a
    /// plain-text file on the control-plane node and cannot be rotated or revoked without restarting
    /// the API server.
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
    ///         - --basic-auth-file=/etc/kubernetes/basic-auth.csv
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
    /// - Checkov CKV_K8S_69
    /// - CIS Kubernetes Benchmark v1.5: 1.2.2 (dropped from later versions with the flag)
    pub struct ApiserverBasicAuthFile {
        id: "apiserver-basic-auth-file",
        title: "kube-apiserver authenticates users with a static password file",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["Pod"]),
        remediation: "Remove `--basic-auth-file`; authenticate users with client certificates, OIDC or webhook token authentication.",
        references: References {
            checkov: &["CKV_K8S_69"],
            ..References::NONE
        },
    }
}

impl Rule for ApiserverBasicAuthFile {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        for sp in component(object, Component::ApiServer) {
            sp.forbid(
                cx,
                "basic-auth-file",
                "static passwords that cannot be rotated or revoked",
            );
        }
    }
}
