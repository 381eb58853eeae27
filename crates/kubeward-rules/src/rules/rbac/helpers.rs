//! What the RBAC rules share: one [`Rbac`] model per scan, the node of a binding's subject, and
//! the loop of the "binding grants a dangerous permission" rules.

use crate::GraphContext;
use kubeward_graph::Graph;
use kubeward_graph::rbac::{Binding, Rbac, Reach, Role, Subject, is_cluster_scoped_resource};
use kubeward_model::Node;

/// One permission a rule looks for: any of `verbs` on `resource[/subresource]` of `api_group`.
pub(crate) struct Check {
    pub verbs: &'static [&'static str],
    pub api_group: &'static str,
    pub resource: &'static str,
    pub subresource: Option<&'static str>,
}

pub(crate) const fn check(
    verbs: &'static [&'static str],
    api_group: &'static str,
    resource: &'static str,
    subresource: Option<&'static str>,
) -> Check {
    Check {
        verbs,
        api_group,
        resource,
        subresource,
    }
}

/// A permission a binding grants: the verb, the resource as written in RBAC, its reach.
pub(crate) struct Granted {
    pub verb: String,
    pub resource: String,
    pub reach: Reach,
}

/// The first of `checks` that `role` grants through `binding`: a RoleBinding grants nothing on
/// cluster-scoped resources (nodes, webhook configurations, users to impersonate, …).
pub(crate) fn first_granted(binding: &Binding, role: &Role, checks: &[Check]) -> Option<Granted> {
    let effective = |c: &&Check| {
        binding.namespace.is_none() || !is_cluster_scoped_resource(c.api_group, c.resource)
    };
    checks.iter().filter(effective).find_map(|c| {
        role.reach_any(c.verbs, c.api_group, c.resource, c.subresource)
            .map(|(verb, reach)| Granted {
                verb,
                resource: match c.subresource {
                    Some(sub) => format!("{}/{sub}", c.resource),
                    None => c.resource.to_string(),
                },
                reach,
            })
    })
}

/// The node of a binding's subject number `index` (the binding's root when it has no such
/// entry, which cannot happen for subjects the model read).
pub(crate) fn subject_node<'g>(
    graph: &'g Graph,
    binding: &Binding,
    index: usize,
) -> Option<&'g Node> {
    let object = graph.object(binding.object?);
    Some(
        object
            .root
            .get("subjects")
            .and_then(|s| s.items().get(index))
            .unwrap_or(&object.root),
    )
}

/// Every (loaded binding, subject, role) that is not Kubernetes' own, with the role resolved.
pub(crate) fn user_grants(rbac: &Rbac) -> impl Iterator<Item = (&Binding, usize, &Subject, &Role)> {
    rbac.bindings().iter().flat_map(move |b| {
        let role = rbac.role_of(b).filter(|_| b.object.is_some());
        b.subjects.iter().filter_map(move |s| {
            let role = role?;
            (!rbac.is_kubernetes_default(b, &s.subject)).then_some((b, s.index, &s.subject, role))
        })
    })
}

/// The loop of the permission rules: reports, at the subject, every loaded binding that grants
/// one of `checks` (the first found names the permission; see [`first_granted`]) where `keep` accepts it. Roles that
/// grant everything are left to `rbac-cluster-admin-binding`, and Kubernetes' own bindings out.
pub(crate) fn report_permission(
    graph: &Graph,
    cx: &mut GraphContext<'_>,
    checks: &[Check],
    keep: impl Fn(&Binding, &Granted) -> bool,
) {
    let rbac = graph.rbac();
    for (binding, index, subject, role) in user_grants(rbac) {
        if role.is_admin_equivalent() {
            continue;
        }
        let Some(granted) = first_granted(binding, role, checks).filter(|g| keep(binding, g))
        else {
            continue;
        };
        let Some(node) = subject_node(graph, binding, index) else {
            continue;
        };
        let message = format!(
            "{} grants {subject} `{}` on `{}` {} through {}{}",
            binding.describe(),
            granted.verb,
            granted.resource,
            binding.scope_text(),
            role.describe(),
            granted.reach.suffix()
        );
        if let Some(id) = binding.object {
            cx.report(id, node, message);
        }
    }
}

/// The loop of the subject rules: for every subject of every loaded binding (role known or
/// not), `message` says what is wrong with binding it, or `None`; reported at the subject.
pub(crate) fn report_subjects(
    graph: &Graph,
    cx: &mut GraphContext<'_>,
    message: impl Fn(&Rbac, &Binding, &Subject) -> Option<String>,
) {
    let rbac = graph.rbac();
    for binding in rbac.bindings() {
        let Some(id) = binding.object else {
            continue;
        };
        for s in &binding.subjects {
            let Some(text) = message(rbac, binding, &s.subject) else {
                continue;
            };
            if let Some(node) = subject_node(graph, binding, s.index) {
                cx.report(id, node, text);
            }
        }
    }
}
