use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// kube-apiserver static pods that do not set `--anonymous-auth=false` (the flag defaults to true).
    /// Pods that configure authentication with `--authentication-config` are skipped: since Kubernetes
    /// 1.31 that file can enable anonymous access for health endpoints only, and kubeward cannot read
    /// it.
    ///
    /// ## Why it matters
    /// With anonymous authentication on, every request without credentials is served as
    /// `system:anonymous` in the group `system:unauthenticated`. Any RBAC binding to those subjects, by
    /// mistake or by an add-on, is then open to anyone who can reach the API server.
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
    ///         - --anonymous-auth=true
    ///         - --authorization-mode=Node,RBAC
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
    ///         - --anonymous-auth=false
    ///         - --authorization-mode=Node,RBAC
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 1.2.1
    /// - Checkov CKV_K8S_68; Trivy KCV-0001
    pub struct ApiserverAnonymousAuth {
        id: "apiserver-anonymous-auth",
        title: "kube-apiserver allows anonymous requests",
        severity: Severity::High,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["Pod"]),
        remediation: "Set `--anonymous-auth=false`, or use `--authentication-config` to allow anonymous access to `/livez`, `/readyz` and `/healthz` only.",
        references: References {
            checkov: &["CKV_K8S_68"],
            trivy: &["KCV-0001"],
            cis: &["1.2.1"],
            ..References::NONE
        },
    }
}

impl Rule for ApiserverAnonymousAuth {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        for sp in component(object, Component::ApiServer) {
            if sp.has("authentication-config") {
                continue;
            }
            sp.expect_bool(
                cx,
                "anonymous-auth",
                false,
                true,
                "unauthenticated requests are served as `system:anonymous`",
            );
        }
    }
}
