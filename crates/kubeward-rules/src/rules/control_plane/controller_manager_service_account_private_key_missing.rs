use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// kube-controller-manager static pods that do not set `--service-account-private-key-file`.
    ///
    /// ## Why it matters
    /// The token controller signs legacy service-account tokens with this key. Without a dedicated key
    /// pair (matching the API server's `--service-account-key-file`) the keys cannot be rotated
    /// deliberately, and token signing breaks or falls back to keys shared with other purposes.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: kube-controller-manager
    ///   namespace: kube-system
    /// spec:
    ///   hostNetwork: true
    ///   containers:
    ///     - name: kube-controller-manager
    ///       image: registry.k8s.io/kube-controller-manager:v1.31.0
    ///       command:
    ///         - kube-controller-manager
    ///         - --root-ca-file=/etc/kubernetes/pki/ca.crt
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: kube-controller-manager
    ///   namespace: kube-system
    /// spec:
    ///   hostNetwork: true
    ///   containers:
    ///     - name: kube-controller-manager
    ///       image: registry.k8s.io/kube-controller-manager:v1.31.0
    ///       command:
    ///         - kube-controller-manager
    ///         - --service-account-private-key-file=/etc/kubernetes/pki/sa.key
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 1.3.4
    /// - Checkov CKV_K8S_110; Trivy KCV-0036
    pub struct ControllerManagerServiceAccountPrivateKeyMissing {
        id: "controller-manager-service-account-private-key-missing",
        title: "kube-controller-manager has no service-account signing key",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["Pod"]),
        remediation: "Set `--service-account-private-key-file` to the private key whose public key the API server's `--service-account-key-file` holds.",
        references: References {
            checkov: &["CKV_K8S_110"],
            trivy: &["KCV-0036"],
            cis: &["1.3.4"],
            ..References::NONE
        },
    }
}

impl Rule for ControllerManagerServiceAccountPrivateKeyMissing {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        for sp in component(object, Component::ControllerManager) {
            sp.require(
                cx,
                &["service-account-private-key-file"],
                "service-account tokens have no dedicated signing key",
            );
        }
    }
}
