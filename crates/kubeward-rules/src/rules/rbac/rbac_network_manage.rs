use super::helpers::{Check, check, report_permission};
use crate::{GraphContext, Rule};
use kubeward_graph::Graph;
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Bindings that allow creating, changing or deleting Services, Endpoints, EndpointSlices,
    /// NetworkPolicies or Ingresses.
    ///
    /// Judged on effective permissions: the role is resolved through the binding (Kubernetes' built-in
    /// roles such as `edit` and `admin` included, aggregation applied), and the finding is reported at
    /// the binding's subject, naming the subject, the role and the permission. Roles that grant every
    /// verb on every resource are reported by `rbac-cluster-admin-binding` instead, and Kubernetes'
    /// own bindings (built-in ones, `system:` roles bound to `system:` subjects or to `kube-system`
    /// ServiceAccounts) are left out.
    ///
    /// ## Why it matters
    /// These objects decide where traffic goes and what may reach a pod: deleting a NetworkPolicy
    /// opens a namespace, a hand-written Endpoints or an Ingress can send traffic meant for one
    /// service to another.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: Role
    /// metadata:
    ///   name: app
    ///   namespace: shop
    /// rules:
    ///   - apiGroups: [networking.k8s.io]
    ///     resources: [networkpolicies]
    ///     verbs: [create, delete]
    /// ---
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: RoleBinding
    /// metadata:
    ///   name: app
    ///   namespace: shop
    /// roleRef:
    ///   apiGroup: rbac.authorization.k8s.io
    ///   kind: Role
    ///   name: app
    /// subjects:
    ///   - kind: User
    ///     name: alice
    ///     apiGroup: rbac.authorization.k8s.io
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: Role
    /// metadata:
    ///   name: app
    ///   namespace: shop
    /// rules:
    ///   - apiGroups: [networking.k8s.io]
    ///     resources: [networkpolicies]
    ///     verbs: [get, list]
    /// ---
    /// apiVersion: rbac.authorization.k8s.io/v1
    /// kind: RoleBinding
    /// metadata:
    ///   name: app
    ///   namespace: shop
    /// roleRef:
    ///   apiGroup: rbac.authorization.k8s.io
    ///   kind: Role
    ///   name: app
    /// subjects:
    ///   - kind: User
    ///     name: alice
    ///     apiGroup: rbac.authorization.k8s.io
    /// ```
    ///
    /// ## References
    /// - Trivy KSV-0056
    pub struct RbacNetworkManage {
        id: "rbac-network-manage",
        title: "Binding grants managing Services, Endpoints, NetworkPolicies or Ingresses",
        severity: Severity::High,
        category: Category::Rbac,
        scope: Scope::Graph,
        remediation: "Let a reviewed pipeline manage network objects; give people read access.",
        references: References {
            trivy: &["KSV-0056"],
            ..References::NONE
        },
    }
}

const WRITE: &[&str] = &["create", "update", "patch", "delete", "deletecollection"];

const CHECKS: &[Check] = &[
    check(WRITE, "", "services", None),
    check(WRITE, "", "endpoints", None),
    check(WRITE, "discovery.k8s.io", "endpointslices", None),
    check(WRITE, "networking.k8s.io", "networkpolicies", None),
    check(WRITE, "networking.k8s.io", "ingresses", None),
];

impl Rule for RbacNetworkManage {
    fn check_graph(&self, graph: &Graph, cx: &mut GraphContext<'_>) {
        report_permission(graph, cx, CHECKS, |_, _| true);
    }
}
