use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_graph::rbac::ProblemKind;
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// RoleBindings and ClusterRoleBindings whose `roleRef` names a Role or ClusterRole that is
    /// neither in the input nor one of Kubernetes' built-in ClusterRoles kubeward knows
    /// (`cluster-admin`, `admin`, `edit`, `view`, the discovery roles), and bindings whose
    /// `roleRef` is missing or invalid (a ClusterRoleBinding to a Role). Reported at
    /// `roleRef.name`, or `roleRef` when it has no name.
    ///
    /// The RBAC rules do not guess what such a binding grants, so their verdict on it is
    /// incomplete; `kubeward rbac who-can` and `can` say the same on standard error.
    ///
    /// ## Why it matters
    /// A binding to a missing role grants nothing today and everything the role will grant
    /// when someone creates it, possibly by accident, under that name. Often it is a typo, or
    /// the role lives in another chart: scan both together so the bindings can be judged.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: RoleBinding
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// roleRef:
    ///   apiGroup: rbac.authorization.k8s.io
    ///   kind: Role
    ///   name: web-reader
    /// subjects:
    ///   - kind: ServiceAccount
    ///     name: web
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: Role
    /// metadata:
    ///   name: web-reader
    ///   namespace: shop
    /// rules:
    ///   - apiGroups: [""]
    ///     resources: [configmaps]
    ///     resourceNames: [web-config]
    ///     verbs: [get]
    /// ---
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: RoleBinding
    /// metadata:
    ///   name: web
    ///   namespace: shop
    /// roleRef:
    ///   apiGroup: rbac.authorization.k8s.io
    ///   kind: Role
    ///   name: web-reader
    /// subjects:
    ///   - kind: ServiceAccount
    ///     name: web
    /// ```
    ///
    /// ## References
    /// - No peer checks it; the API server accepts a binding to a role that does not exist
    pub struct RbacUnknownRole {
        id: "rbac-unknown-role",
        title: "Binding refers to a role not in the input",
        severity: Severity::Low,
        category: Category::Rbac,
        scope: Scope::Graph,
        remediation: "Fix the role name, add the Role or ClusterRole to the manifests, or scan it together with the chart that defines it.",
        references: References::NONE,
    }
}

impl Rule for RbacUnknownRole {
    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        let rbac = graph.rbac();
        for problem in rbac.problems() {
            let Some(id) = problem.object else {
                continue;
            };
            if !matches!(
                problem.kind,
                ProblemKind::UnknownRole | ProblemKind::InvalidRoleRef
            ) {
                continue;
            }
            let root = &graph.object(id).root;
            let at = root
                .path(&["roleRef", "name"])
                .or_else(|| root.get("roleRef"))
                .unwrap_or(root);
            cx.report(id, at, problem.message.clone());
        }
    }
}
