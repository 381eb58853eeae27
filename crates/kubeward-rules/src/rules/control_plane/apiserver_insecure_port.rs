use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// kube-apiserver static pods that set `--insecure-bind-address` or a non-zero `--insecure-port`,
    /// and, when the target Kubernetes version (`kubernetes-version` setting) is older than 1.20, that
    /// do not set `--insecure-port=0` (the default then served port 8080). Kubernetes 1.20 removed the
    /// insecure port; the flags were removed in 1.24.
    ///
    /// ## Why it matters
    /// Requests on the insecure port skip authentication and authorization entirely: anyone who can
    /// reach it is cluster-admin.
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
    ///         - --insecure-bind-address=0.0.0.0
    ///         - --insecure-port=8080
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
    ///         - --insecure-port=0
    ///         - --secure-port=6443
    /// ```
    ///
    /// ## References
    /// - Checkov CKV_K8S_86, CKV_K8S_88
    /// - CIS Kubernetes Benchmark v1.5: 1.2.19, 1.2.20 (dropped with the insecure port)
    pub struct ApiserverInsecurePort {
        id: "apiserver-insecure-port",
        title: "kube-apiserver serves an unauthenticated HTTP port",
        severity: Severity::High,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["Pod"]),
        remediation: "Remove `--insecure-bind-address` and set `--insecure-port=0` (or upgrade: the insecure port no longer exists).",
        references: References {
            checkov: &["CKV_K8S_86", "CKV_K8S_88"],
            ..References::NONE
        },
    }
}

impl Rule for ApiserverInsecurePort {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        let old = !cx.settings().kubernetes_version.at_least(1, 20);
        for sp in component(object, Component::ApiServer) {
            sp.forbid(
                cx,
                "insecure-bind-address",
                "the insecure port skips authentication and authorization",
            );
            match sp.flag("insecure-port") {
                Some(flag) if flag.as_i64() == Some(0) => {}
                Some(flag) => sp.report(
                    cx,
                    flag,
                    format!(
                        "kube-apiserver sets `{}` (an HTTP port without authentication or authorization)",
                        flag.display()
                    ),
                ),
                None if old => sp.report_missing(
                    cx,
                    "kube-apiserver does not set `--insecure-port=0` (before Kubernetes 1.20 the default serves port 8080 without authentication or authorization)",
                ),
                None => {}
            }
        }
    }
}
