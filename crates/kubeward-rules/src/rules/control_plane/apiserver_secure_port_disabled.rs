use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// kube-apiserver static pods that set `--secure-port=0`.
    ///
    /// ## Why it matters
    /// With the secure port off the API server serves no TLS at all: clients either cannot connect or
    /// are pushed to insecure transports, and authentication methods that rely on TLS do not work.
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
    ///         - --secure-port=0
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
    ///         - --secure-port=6443
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 1.2.17
    /// - Checkov CKV_K8S_89; Trivy KCV-0017
    pub struct ApiserverSecurePortDisabled {
        id: "apiserver-secure-port-disabled",
        title: "kube-apiserver disables its HTTPS port",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["Pod"]),
        remediation: "Set `--secure-port` to a non-zero port (6443 by kubeadm convention) or remove it (default 6443).",
        references: References {
            checkov: &["CKV_K8S_89"],
            trivy: &["KCV-0017"],
            cis: &["1.2.17"],
            ..References::NONE
        },
    }
}

impl Rule for ApiserverSecurePortDisabled {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        for sp in component(object, Component::ApiServer) {
            if let Some(flag) = sp.flag("secure-port")
                && flag.as_i64() == Some(0)
            {
                sp.report(
                    cx,
                    flag,
                    "kube-apiserver sets `--secure-port=0` (it serves no HTTPS)",
                );
            }
        }
    }
}
