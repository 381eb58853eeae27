use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// kube-controller-manager static pods that do not set `--root-ca-file`.
    ///
    /// ## Why it matters
    /// The root CA is put into service-account token secrets as `ca.crt`. Without it pods cannot verify
    /// the API server's certificate before sending it their token, which invites man-in-the-middle
    /// attacks.
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
    ///         - --service-account-private-key-file=/etc/kubernetes/pki/sa.key
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
    ///         - --root-ca-file=/etc/kubernetes/pki/ca.crt
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 1.3.5
    /// - Checkov CKV_K8S_111; Trivy KCV-0037
    pub struct ControllerManagerRootCaMissing {
        id: "controller-manager-root-ca-missing",
        title: "kube-controller-manager does not publish the cluster CA to pods",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["Pod"]),
        remediation: "Set `--root-ca-file` to the cluster CA certificate.",
        references: References {
            checkov: &["CKV_K8S_111"],
            trivy: &["KCV-0037"],
            cis: &["1.3.5"],
            ..References::NONE
        },
    }
}

impl Rule for ControllerManagerRootCaMissing {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        for sp in component(object, Component::ControllerManager) {
            sp.require(
                cx,
                &["root-ca-file"],
                "pods cannot verify the API server's certificate",
            );
        }
    }
}
