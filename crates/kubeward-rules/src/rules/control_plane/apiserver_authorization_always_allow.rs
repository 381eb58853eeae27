use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// kube-apiserver static pods whose `--authorization-mode` includes `AlwaysAllow`, or that do not
    /// set `--authorization-mode` (its default is `AlwaysAllow`). Pods that use a structured
    /// `--authorization-config` file are skipped.
    ///
    /// ## Why it matters
    /// Authorizers are asked in order and RBAC and Node never deny, so `AlwaysAllow` anywhere in the
    /// list lets every authenticated user (and, with anonymous authentication, everyone) do everything,
    /// which makes RBAC meaningless.
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
    ///         - --authorization-mode=AlwaysAllow
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
    ///         - --authorization-mode=Node,RBAC
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 1.2.7
    /// - Checkov CKV_K8S_74; Trivy KCV-0007
    pub struct ApiserverAuthorizationAlwaysAllow {
        id: "apiserver-authorization-always-allow",
        title: "kube-apiserver authorizes every request",
        severity: Severity::High,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["Pod"]),
        remediation: "Set `--authorization-mode=Node,RBAC` (without `AlwaysAllow`).",
        references: References {
            checkov: &["CKV_K8S_74"],
            trivy: &["KCV-0007"],
            cis: &["1.2.7"],
            ..References::NONE
        },
    }
}

impl Rule for ApiserverAuthorizationAlwaysAllow {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        for sp in component(object, Component::ApiServer) {
            if sp.has("authorization-config") {
                continue;
            }
            match sp.flag("authorization-mode") {
                Some(flag) if flag.items().any(|m| m == "AlwaysAllow") => sp.report(
                    cx,
                    flag,
                    "kube-apiserver authorizes every request (`AlwaysAllow` in `--authorization-mode`)",
                ),
                Some(_) => {}
                None => sp.report_missing(
                    cx,
                    "kube-apiserver does not set `--authorization-mode` (the default, `AlwaysAllow`, authorizes every request)",
                ),
            }
        }
    }
}
