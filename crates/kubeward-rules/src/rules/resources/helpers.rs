//! Shared logic of the request/limit rules.

use crate::RuleContext;
use kubeward_model::{ContainerKind, Node, PodSpecView};

/// `resources.requests` or `resources.limits`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Requests,
    Limits,
}

impl Section {
    fn key(self) -> &'static str {
        match self {
            Section::Requests => "requests",
            Section::Limits => "limits",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Section::Requests => "request",
            Section::Limits => "limit",
        }
    }
}

/// Whether `resources` (of a container or of the pod) sets `<section>.<name>`. A request is
/// also set when only the limit is: Kubernetes defaults a missing request to the limit.
fn sets(resources_owner: &Node, section: Section, name: &str) -> bool {
    let set = |s: Section| {
        resources_owner
            .path(&["resources", s.key(), name])
            .is_some_and(|n| !n.is_null())
    };
    set(section) || (section == Section::Requests && set(Section::Limits))
}

/// Reports every container and init container (not ephemeral containers, which may not set
/// resources) that lacks `resources.<section>.<name>`, at the deepest node of
/// `resources.<section>` that exists (the container when it has no `resources`). Pod-level
/// resources (`spec.resources`, Kubernetes 1.34+) cover every container, so they satisfy the
/// check too.
pub fn check_missing(
    pod: &PodSpecView<'_>,
    cx: &mut RuleContext<'_>,
    section: Section,
    name: &str,
    label: &str,
) {
    if sets(pod.spec, section, name) {
        return;
    }
    for c in pod.containers() {
        if c.kind == ContainerKind::Ephemeral || sets(c.node, section, name) {
            continue;
        }
        let (at, _) = c.node.deepest(&["resources", section.key()]);
        cx.report_container(
            &c,
            at,
            format!(
                "{} has no {label} {} (`resources.{}.{name}`)",
                c.describe(),
                section.noun(),
                section.key()
            ),
        );
    }
}
