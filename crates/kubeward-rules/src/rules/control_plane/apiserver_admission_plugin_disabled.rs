use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// kube-apiserver static pods whose `--disable-admission-plugins` lists `ServiceAccount`,
    /// `NamespaceLifecycle` or `PodSecurity`, plugins that are on by default.
    ///
    /// `PodSecurity` (Pod Security Admission) replaces `PodSecurityPolicy` and `SecurityContextDeny`,
    /// which the CIS Benchmark, Checkov and Trivy still ask for; see
    /// `apiserver-admission-plugin-missing`.
    ///
    /// ## Why it matters
    /// `ServiceAccount` gives pods their service account and token and enforces that referenced service
    /// accounts exist. `NamespaceLifecycle` stops objects from being created in namespaces that are
    /// being deleted or do not exist. `PodSecurity` enforces the Pod Security Standards labels on
    /// namespaces; disabling it silently turns every `enforce` label into a no-op.
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
    ///         - --disable-admission-plugins=ServiceAccount,PodSecurity
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
    ///         - --disable-admission-plugins=DefaultStorageClass
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 1.2.14, 1.2.15
    /// - Checkov CKV_K8S_82, CKV_K8S_83; Trivy KCV-0014, KCV-0015
    pub struct ApiserverAdmissionPluginDisabled {
        id: "apiserver-admission-plugin-disabled",
        title: "kube-apiserver disables a security admission plugin",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["Pod"]),
        remediation: "Remove `ServiceAccount`, `NamespaceLifecycle` and `PodSecurity` from `--disable-admission-plugins`.",
        references: References {
            checkov: &["CKV_K8S_82", "CKV_K8S_83"],
            trivy: &["KCV-0014", "KCV-0015"],
            cis: &["1.2.14", "1.2.15"],
            ..References::NONE
        },
    }
}

impl Rule for ApiserverAdmissionPluginDisabled {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        for sp in component(object, Component::ApiServer) {
            for flag in sp.all("disable-admission-plugins") {
                let disabled: Vec<String> = flag
                    .items()
                    .filter(|p| ["NamespaceLifecycle", "PodSecurity", "ServiceAccount"].contains(p))
                    .map(|p| format!("`{p}`"))
                    .collect();
                if !disabled.is_empty() {
                    sp.report(
                        cx,
                        flag,
                        format!(
                            "kube-apiserver disables the admission plugin{} {}",
                            if disabled.len() == 1 { "" } else { "s" },
                            disabled.join(", ")
                        ),
                    );
                }
            }
        }
    }
}
