use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// kube-apiserver static pods that list `AlwaysAdmit` in `--enable-admission-plugins` (or the older
    /// `--admission-control`).
    ///
    /// ## Why it matters
    /// `AlwaysAdmit` is a deprecated plugin that admits every request on its own; it exists for
    /// testing. Enabling it signals that admission control was switched off, and it lets requests
    /// through that other plugins were meant to judge.
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
    ///         - --enable-admission-plugins=NodeRestriction,AlwaysAdmit
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
    ///         - --enable-admission-plugins=NodeRestriction
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 1.2.11
    /// - Checkov CKV_K8S_79; Trivy KCV-0011
    pub struct ApiserverAlwaysAdmit {
        id: "apiserver-always-admit",
        title: "kube-apiserver enables the AlwaysAdmit admission plugin",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["Pod"]),
        remediation: "Remove `AlwaysAdmit` from `--enable-admission-plugins`.",
        references: References {
            checkov: &["CKV_K8S_79"],
            trivy: &["KCV-0011"],
            cis: &["1.2.11"],
            ..References::NONE
        },
    }
}

impl Rule for ApiserverAlwaysAdmit {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        for sp in component(object, Component::ApiServer) {
            for name in ["enable-admission-plugins", "admission-control"] {
                for flag in sp.all(name) {
                    if flag.items().any(|p| p == "AlwaysAdmit") {
                        sp.report(
                            cx,
                            flag,
                            format!("kube-apiserver enables the `AlwaysAdmit` admission plugin (`--{name}`)"),
                        );
                    }
                }
            }
        }
    }
}
