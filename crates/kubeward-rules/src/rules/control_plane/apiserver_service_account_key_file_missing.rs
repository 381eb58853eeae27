use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// kube-apiserver static pods that do not set `--service-account-key-file`.
    ///
    /// ## Why it matters
    /// Without its own key file the API server verifies service-account tokens with its TLS serving
    /// key, so rotating the serving certificate invalidates every token, and the service-account
    /// signing keys cannot be rotated independently.
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
    ///         - --service-account-issuer=https://kubernetes.default.svc.cluster.local
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
    ///         - --service-account-key-file=/etc/kubernetes/pki/sa.pub
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 1.2.25
    /// - Checkov CKV_K8S_97; Trivy KCV-0025
    pub struct ApiserverServiceAccountKeyFileMissing {
        id: "apiserver-service-account-key-file-missing",
        title: "kube-apiserver has no service-account verification key",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["Pod"]),
        remediation: "Set `--service-account-key-file` to the public key (or keys) matching the controller manager's `--service-account-private-key-file`.",
        references: References {
            checkov: &["CKV_K8S_97"],
            trivy: &["KCV-0025"],
            cis: &["1.2.25"],
            ..References::NONE
        },
    }
}

impl Rule for ApiserverServiceAccountKeyFileMissing {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        for sp in component(object, Component::ApiServer) {
            sp.require(
                cx,
                &["service-account-key-file"],
                "tokens are verified with the TLS serving key",
            );
        }
    }
}
