use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// kube-apiserver static pods whose `--authorization-mode` does not include both `Node` and `RBAC`
    /// (a missing flag counts: its default has neither). Pods that use a structured
    /// `--authorization-config` file are skipped.
    ///
    /// ## Why it matters
    /// The Node authorizer (with the NodeRestriction admission plugin) limits each kubelet to the
    /// objects of its own pods; without it a compromised node can read every Secret in the cluster.
    /// RBAC is how Kubernetes grants least privilege to users and service accounts; without it only
    /// coarse or external policies apply.
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
    ///         - --authorization-mode=RBAC
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
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 1.2.8, 1.2.9
    /// - Checkov CKV_K8S_75, CKV_K8S_77; Trivy KCV-0008, KCV-0009
    pub struct ApiserverAuthorizationModeIncomplete {
        id: "apiserver-authorization-mode-incomplete",
        title: "kube-apiserver authorization lacks the Node or RBAC authorizer",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["Pod"]),
        remediation: "Set `--authorization-mode=Node,RBAC`.",
        references: References {
            checkov: &["CKV_K8S_75", "CKV_K8S_77"],
            trivy: &["KCV-0008", "KCV-0009"],
            cis: &["1.2.8", "1.2.9"],
            ..References::NONE
        },
    }
}

impl Rule for ApiserverAuthorizationModeIncomplete {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        for sp in component(object, Component::ApiServer) {
            if sp.has("authorization-config") {
                continue;
            }
            let Some(flag) = sp.flag("authorization-mode") else {
                sp.report_missing(
                    cx,
                    "kube-apiserver does not set `--authorization-mode` (the default has neither `Node` nor `RBAC`)",
                );
                continue;
            };
            let missing: Vec<String> = ["Node", "RBAC"]
                .into_iter()
                .filter(|m| !flag.items().any(|i| i == *m))
                .map(|m| format!("`{m}`"))
                .collect();
            if !missing.is_empty() {
                sp.report(
                    cx,
                    flag,
                    format!(
                        "kube-apiserver's `--authorization-mode` lacks {}",
                        missing.join(" and ")
                    ),
                );
            }
        }
    }
}
