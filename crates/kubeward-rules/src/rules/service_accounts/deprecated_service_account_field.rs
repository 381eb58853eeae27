use crate::{Rule, RuleContext};
use kubeward_model::{Category, Node, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Pod specs that set the deprecated `serviceAccount` field (to anything but `null`), at
    /// the field. The message says how it relates to `serviceAccountName`: set alone, the API
    /// server copies it into `serviceAccountName`; set with a different `serviceAccountName`,
    /// it is ignored, and the pod runs as the account `serviceAccountName` names.
    ///
    /// ## Why it matters
    /// `serviceAccount` is an alias kept since Kubernetes 1.0 for compatibility. A reader (or a
    /// policy engine, or a tool that only reads `serviceAccountName`) can take it for the
    /// account the pod runs as when it is not, and a manifest that sets the two differently
    /// states an identity it does not get. Which account a pod runs as decides what its token
    /// can do, so it should be stated once, in the field that counts.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   serviceAccount: web
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   serviceAccountName: web
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27
    /// ```
    ///
    /// ## References
    /// - Kubernetes API reference, PodSpec: "serviceAccount: DeprecatedServiceAccount is a
    ///   deprecated alias for ServiceAccountName"
    /// - kube-linter `deprecated-service-account-field`
    pub struct DeprecatedServiceAccountField {
        id: "deprecated-service-account-field",
        title: "Pod spec uses the deprecated serviceAccount field",
        severity: Severity::Low,
        category: Category::Rbac,
        scope: Scope::PodSpec,
        remediation: "Replace `serviceAccount` with `serviceAccountName` (or delete it when `serviceAccountName` is already set).",
        references: References {
            kube_linter: &["deprecated-service-account-field"],
            ..References::NONE
        },
    }
}

impl Rule for DeprecatedServiceAccountField {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        let Some(node) = pod.get("serviceAccount").filter(|n| !n.is_null()) else {
            return;
        };
        let value = node.text().unwrap_or("");
        let name = pod
            .get("serviceAccountName")
            .and_then(Node::as_str)
            .filter(|s| !s.is_empty());
        let message = match name {
            None => format!(
                "pod spec sets the deprecated `serviceAccount: {value}`; use `serviceAccountName`"
            ),
            Some(name) if name == value => format!(
                "pod spec sets the deprecated `serviceAccount` next to `serviceAccountName: {name}`"
            ),
            Some(name) => format!(
                "pod spec sets the deprecated `serviceAccount: {value}`, which is ignored: the pod runs as `serviceAccountName: {name}`"
            ),
        };
        cx.report(node, message);
    }
}
