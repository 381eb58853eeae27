use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// kube-apiserver static pods that set `--request-timeout` to zero (or a negative duration). Unset
    /// is fine: the default is 60s.
    ///
    /// ## Why it matters
    /// Without a global request timeout slow or stalled requests hold API server resources
    /// indefinitely, which makes the control plane easy to exhaust.
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
    ///         - --request-timeout=0s
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
    ///         - --request-timeout=300s
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 1.2.23
    /// - Checkov CKV_K8S_95
    pub struct ApiserverRequestTimeoutDisabled {
        id: "apiserver-request-timeout-disabled",
        title: "kube-apiserver requests never time out",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["Pod"]),
        remediation: "Remove `--request-timeout` (default 60s) or set it to a positive duration such as `300s`.",
        references: References {
            checkov: &["CKV_K8S_95"],
            cis: &["1.2.23"],
            ..References::NONE
        },
    }
}

impl Rule for ApiserverRequestTimeoutDisabled {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        for sp in component(object, Component::ApiServer) {
            if let Some(flag) = sp.flag("request-timeout")
                && parse_duration(flag.text()).is_some_and(|d| d <= 0.0)
            {
                sp.report(
                    cx,
                    flag,
                    format!(
                        "kube-apiserver sets `{}` (requests never time out)",
                        flag.display()
                    ),
                );
            }
        }
    }
}
