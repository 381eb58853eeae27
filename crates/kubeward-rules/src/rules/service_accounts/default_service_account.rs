use super::helpers::WORKLOADS_AND_SERVICE_ACCOUNTS;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Node, Object, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Workloads that run as the namespace's `default` service account with its token
    /// mounted: `serviceAccountName` (or the deprecated `serviceAccount`) is unset, empty or
    /// `default`, and the pod gets a token, either because `automountServiceAccountToken` is not
    /// `false` or through a projected `serviceAccountToken` volume. Reported at the field that
    /// names `default`, else at the pod spec.
    ///
    /// Also `ServiceAccount` objects named `default` that do not set
    /// `automountServiceAccountToken: false` (Checkov CKV_K8S_41), at the field when it is set,
    /// else at the object: every pod in the namespace that names no service account gets their
    /// token.
    ///
    /// A pod on the default service account without any token is not reported: it holds no
    /// credential, so which account it nominally runs as grants nothing.
    ///
    /// ## Why it matters
    /// Every pod that does not choose a service account shares `default`, so any permission
    /// granted to it (a RoleBinding added for one application, a too-broad operator install)
    /// is silently granted to all of them, and a compromised pod's token cannot be told apart
    /// from its neighbours' in audit logs. A dedicated service account per workload keeps
    /// permissions and audit trails specific.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// spec:
    ///   selector:
    ///     matchLabels: {app: web}
    ///   template:
    ///     metadata:
    ///       labels: {app: web}
    ///     spec:
    ///       containers:
    ///         - name: app
    ///           image: nginx:1.27
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// spec:
    ///   selector:
    ///     matchLabels: {app: web}
    ///   template:
    ///     metadata:
    ///       labels: {app: web}
    ///     spec:
    ///       serviceAccountName: web
    ///       containers:
    ///         - name: app
    ///           image: nginx:1.27
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Configure Service Accounts for Pods"; "Role Based Access
    ///   Control Good Practices"
    /// - CIS Kubernetes Benchmark 5.1.5
    pub struct DefaultServiceAccount {
        id: "default-service-account",
        title: "Pod uses the default service account",
        severity: Severity::Low,
        category: Category::Rbac,
        scope: Scope::Kinds(WORKLOADS_AND_SERVICE_ACCOUNTS),
        remediation: "Create a ServiceAccount for the workload and set `serviceAccountName`; if it does not call the Kubernetes API, also set `automountServiceAccountToken: false`.",
        references: References {
            kube_linter: &["default-service-account"],
            kubesec: &["ServiceAccountName"],
            checkov: &["CKV_K8S_41"],
            cis: &["5.1.5"],
            ..References::NONE
        },
    }
}

/// Whether the pod ends up with a service account token: automounted, or projected.
fn has_token(pod: &PodSpecView<'_>) -> bool {
    if !pod
        .get("automountServiceAccountToken")
        .is_some_and(Node::is_false)
    {
        return true;
    }
    pod.volumes().iter().any(|volume| {
        volume
            .path(&["projected", "sources"])
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .any(|source| source.get("serviceAccountToken").is_some())
    })
}

fn check_pod(pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
    let name_node = |field: &str| {
        pod.get(field)
            .filter(|n| n.as_str().is_some_and(|s| !s.is_empty()))
    };
    let (node, field) = match (name_node("serviceAccountName"), name_node("serviceAccount")) {
        (Some(n), _) => (Some(n), "serviceAccountName"),
        (None, Some(n)) => (Some(n), "serviceAccount"),
        (None, None) => (None, ""),
    };
    if node.is_some_and(|n| n.as_str() != Some("default")) || !has_token(pod) {
        return;
    }
    match node {
        Some(node) => cx.report(
            node,
            format!("pod spec sets `{field}: default` and mounts its token"),
        ),
        None => cx.report(
            pod.spec,
            "pod spec sets no `serviceAccountName`, so it runs as the namespace's `default` service account with its token mounted",
        ),
    }
}

fn check_service_account(object: &Object, cx: &mut RuleContext<'_>) {
    if object.id.name.as_deref() != Some("default") {
        return;
    }
    match object
        .root
        .get("automountServiceAccountToken")
        .filter(|n| !n.is_null())
    {
        Some(node) if node.is_false() => {}
        Some(node) => cx.report(
            node,
            "ServiceAccount `default` does not set `automountServiceAccountToken: false`, so every pod in the namespace that names no service account gets its token",
        ),
        None => cx.report(
            &object.root,
            "ServiceAccount `default` does not set `automountServiceAccountToken: false`, so every pod in the namespace that names no service account gets its token",
        ),
    }
}

impl Rule for DefaultServiceAccount {
    fn check_object(&self, object: &Object, cx: &mut RuleContext<'_>) {
        if object.kind() == "ServiceAccount" {
            check_service_account(object, cx);
        } else if let Some(pod) = PodSpecView::of(object) {
            check_pod(&pod, cx);
        }
    }
}
