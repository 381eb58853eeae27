use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// kube-apiserver static pods that set `--service-account-lookup=false` (the default is true).
    ///
    /// ## Why it matters
    /// Without the lookup the API server only checks a service-account token's signature, so tokens of
    /// deleted service accounts (or of deleted Secrets holding legacy tokens) stay valid until they
    /// expire, which for legacy tokens is never.
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
    ///         - --service-account-lookup=false
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
    ///         - --service-account-lookup=true
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 1.2.24
    /// - Checkov CKV_K8S_96; Trivy KCV-0024
    pub struct ApiserverServiceAccountLookupDisabled {
        id: "apiserver-service-account-lookup-disabled",
        title: "kube-apiserver accepts tokens of deleted service accounts",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["Pod"]),
        remediation: "Remove `--service-account-lookup=false` (or set it to `true`).",
        references: References {
            checkov: &["CKV_K8S_96"],
            trivy: &["KCV-0024"],
            cis: &["1.2.24"],
            ..References::NONE
        },
    }
}

impl Rule for ApiserverServiceAccountLookupDisabled {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        for sp in component(object, Component::ApiServer) {
            sp.expect_bool(
                cx,
                "service-account-lookup",
                true,
                true,
                "tokens of deleted service accounts stay valid",
            );
        }
    }
}
