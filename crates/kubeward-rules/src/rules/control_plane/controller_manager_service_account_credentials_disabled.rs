use super::helpers::*;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Object, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// kube-controller-manager static pods that do not set `--use-service-account-credentials=true`
    /// (the default is false).
    ///
    /// ## Why it matters
    /// Without it every controller loop acts with the controller manager's own identity, which must
    /// then hold the union of all their permissions; with it each controller gets its own service
    /// account and only the RBAC role it needs.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: kube-controller-manager
    ///   namespace: kube-system
    /// spec:
    ///   hostNetwork: true
    ///   containers:
    ///     - name: kube-controller-manager
    ///       image: registry.k8s.io/kube-controller-manager:v1.31.0
    ///       command:
    ///         - kube-controller-manager
    ///         - --use-service-account-credentials=false
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: kube-controller-manager
    ///   namespace: kube-system
    /// spec:
    ///   hostNetwork: true
    ///   containers:
    ///     - name: kube-controller-manager
    ///       image: registry.k8s.io/kube-controller-manager:v1.31.0
    ///       command:
    ///         - kube-controller-manager
    ///         - --use-service-account-credentials=true
    /// ```
    ///
    /// ## References
    /// - CIS Kubernetes Benchmark (v1.23 numbering, as in Trivy's `k8s-cis-1.23`): 1.3.3
    /// - Checkov CKV_K8S_108; Trivy KCV-0035
    pub struct ControllerManagerServiceAccountCredentialsDisabled {
        id: "controller-manager-service-account-credentials-disabled",
        title: "kube-controller-manager runs every controller with its own credentials",
        severity: Severity::Medium,
        category: Category::ControlPlane,
        scope: Scope::Kinds(&["Pod"]),
        remediation: "Set `--use-service-account-credentials=true`.",
        references: References {
            checkov: &["CKV_K8S_108"],
            trivy: &["KCV-0035"],
            cis: &["1.3.3"],
            ..References::NONE
        },
    }
}

impl Rule for ControllerManagerServiceAccountCredentialsDisabled {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        for sp in component(object, Component::ControllerManager) {
            sp.expect_bool(
                cx,
                "use-service-account-credentials",
                true,
                false,
                "every controller shares the controller manager's credentials",
            );
        }
    }
}
