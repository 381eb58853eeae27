use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// kube-apiserver static pods that set `--kubelet-https=false` (the flag was removed in Kubernetes
    /// 1.22; it defaulted to true).
    ///
    /// ## Why it matters
    /// The API server sends exec, attach, port-forward and log traffic to kubelets. Over plain HTTP
    /// that traffic, including anything typed into a shell, can be read and altered on the network.
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
    ///         - --kubelet-https=false
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
    ///         - --kubelet-https=true
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 1.2.4
    /// - Checkov CKV_K8S_71; Trivy KCV-0004
    pub struct ApiserverKubeletHttpsDisabled {
        id: "apiserver-kubelet-https-disabled",
        title: "kube-apiserver talks to kubelets over plain HTTP",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["Pod"]),
        remediation: "Remove `--kubelet-https=false` (or set it to `true`).",
        references: References {
            checkov: &["CKV_K8S_71"],
            trivy: &["KCV-0004"],
            cis: &["1.2.4"],
            ..References::NONE
        },
    }
}

impl Rule for ApiserverKubeletHttpsDisabled {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        for sp in component(object, Component::ApiServer) {
            sp.expect_bool(
                cx,
                "kubelet-https",
                true,
                true,
                "kubelet traffic is not encrypted",
            );
        }
    }
}
