//! Shared logic of the pod-security rules.

use crate::RuleContext;
use crate::settings::KubeVersion;
use kubeward_model::{ContainerKind, ContainerView, Effective, Level, Node, PodSpecView};

// ---------------------------------------------------------------------------------------------
// Pod Security Standards version behaviour
// ---------------------------------------------------------------------------------------------

/// Whether the Pod Security Standards relax a check for a pod in a user namespace
/// (`spec.hostUsers: false`): from policy version 1.35, `runAsNonRoot`, `runAsUser` and the
/// baseline `procMount` check accept such pods (PSA `relaxPolicyForUserNamespacePod`). Before
/// 1.35 the relaxation sat behind an alpha feature gate, off by default, so it did not apply.
pub(super) fn user_namespace_relaxed(pod: &PodSpecView<'_>, version: KubeVersion) -> bool {
    version.at_least(1, 35) && pod.get("hostUsers").is_some_and(Node::is_false)
}

/// Whether a restricted, Linux-only check exempts the pod: from policy version 1.25 the Pod
/// Security Standards skip `allowPrivilegeEscalation`, `seccompProfile_restricted` and
/// `capabilities_restricted` for pods with `spec.os.name: windows` (the API server rejects those
/// fields on Windows pods).
pub(super) fn linux_only_exempt(pod: &PodSpecView<'_>, version: KubeVersion) -> bool {
    version.at_least(1, 25) && pod.is_windows()
}

// ---------------------------------------------------------------------------------------------
// Capabilities
// ---------------------------------------------------------------------------------------------

/// The capabilities the Pod Security Standards baseline level lets a container add, spelled
/// exactly as the PSA compares them (upper case, no `CAP_` prefix).
pub(super) const BASELINE_CAPABILITIES: &[&str] = &[
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];

/// A capability name the way container runtimes resolve it: upper case, without the optional
/// `CAP_` prefix (`cap_net_raw`, `CAP_NET_RAW` and `NET_RAW` are one capability).
pub(super) fn normalize_capability(name: &str) -> String {
    let upper = name.trim().to_ascii_uppercase();
    match upper.strip_prefix("CAP_") {
        Some(rest) => rest.to_string(),
        None => upper,
    }
}

/// Whether `name` is the capability `canonical` (given upper case, without `CAP_`) in any
/// spelling runtimes accept.
pub(super) fn is_capability(name: &str, canonical: &str) -> bool {
    normalize_capability(name) == canonical
}

/// `securityContext.capabilities.drop` of a container, when set (and not null).
pub(super) fn drop_list<'a>(c: &ContainerView<'a>) -> Option<&'a Node> {
    c.own_security("capabilities")
        .and_then(|caps| caps.get("drop"))
        .filter(|n| !n.is_null())
}

// ---------------------------------------------------------------------------------------------
// Pod-level values inherited by containers
// ---------------------------------------------------------------------------------------------

/// The containers, grouped by kind: "container `app`", "containers `app` and `web`",
/// "containers `a`, `b` and init container `c`".
pub(super) fn describe_all(containers: &[ContainerView<'_>]) -> String {
    let mut groups: Vec<(ContainerKind, Vec<String>)> = Vec::new();
    for kind in [
        ContainerKind::Container,
        ContainerKind::Init,
        ContainerKind::Ephemeral,
    ] {
        let names: Vec<String> = containers
            .iter()
            .filter(|c| c.kind == kind)
            .map(|c| format!("`{}`", c.name()))
            .collect();
        if !names.is_empty() {
            groups.push((kind, names));
        }
    }
    let single_group = groups.len() == 1;
    let described: Vec<String> = groups
        .into_iter()
        .map(|(kind, names)| {
            let noun = kind.noun();
            match names.len() {
                1 => format!("{noun} {}", names.join("")),
                // "containers `a` and `b`" alone, "containers `a`, `b` and init container `c`".
                _ if single_group => format!("{noun}s {}", join_and(&names)),
                _ => format!("{noun}s {}", names.join(", ")),
            }
        })
        .collect();
    join_and(&described)
}

/// "a", "a and b", "a, b and c".
fn join_and(items: &[String]) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// Runs a per-container check whose offending value may come from the pod's `securityContext`.
///
/// `check` returns, for each container, the node to report and the container-level message
/// when the container is affected, and the level the value came from. Container-level values
/// are reported once per container; a pod-level value is reported once, at the pod's field,
/// with `pod_message` given the containers that inherit it. So a pod-level `runAsUser: 0`
/// shared by three containers gives one finding, not three on the same line.
pub(super) fn report_with_inheritance<'a>(
    pod: &PodSpecView<'a>,
    cx: &mut RuleContext<'_>,
    mut check: impl FnMut(&ContainerView<'a>) -> Option<Offence<'a>>,
    pod_message: impl FnOnce(&str) -> String,
) {
    let mut pod_node: Option<&'a Node> = None;
    let mut inheritors = Vec::new();
    for c in pod.containers() {
        let Some(offence) = check(&c) else {
            continue;
        };
        match offence.level {
            Level::Container => cx.report_container(&c, offence.node, offence.message),
            Level::Pod => {
                pod_node = Some(offence.node);
                inheritors.push(c);
            }
        }
    }
    if let Some(node) = pod_node {
        cx.report(node, pod_message(&describe_all(&inheritors)));
    }
}

/// What [`report_with_inheritance`]'s check found for one container.
pub(super) struct Offence<'a> {
    pub node: &'a Node,
    pub level: Level,
    /// Used for container-level offences only.
    pub message: String,
}

impl<'a> Offence<'a> {
    pub(super) fn at(effective: Effective<'a>, message: String) -> Self {
        Offence {
            node: effective.node,
            level: effective.level,
            message,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Seccomp
// ---------------------------------------------------------------------------------------------

/// Legacy pod-wide seccomp annotation (before `seccompProfile`, Kubernetes 1.19).
pub(super) const SECCOMP_POD_ANNOTATION: &str = "seccomp.security.alpha.kubernetes.io/pod";
/// Legacy per-container seccomp annotation prefix; the container name follows.
pub(super) const SECCOMP_CONTAINER_ANNOTATION_PREFIX: &str =
    "container.seccomp.security.alpha.kubernetes.io/";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SeccompType {
    RuntimeDefault,
    Localhost,
    Unconfined,
    /// A `seccompProfile` without a valid `type` (rejected by the API server).
    Invalid,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SeccompSource {
    Field,
    Annotation,
}

/// The seccomp profile a container runs with, and where it was declared.
#[derive(Clone, Copy, Debug)]
pub(super) struct Seccomp<'a> {
    pub kind: SeccompType,
    /// The `type` value, else the `seccompProfile` mapping; for annotations the annotation value.
    pub node: &'a Node,
    pub level: Level,
    pub source: SeccompSource,
}

/// Whether Kubernetes `version` still reads the legacy seccomp annotations: up to 1.26 the API
/// server copied them into the fields of a pod that did not set the fields
/// (`applySeccompVersionSkew`); Kubernetes 1.27 removed that, and the annotations have no effect
/// since (kubelets stopped reading them in 1.25).
pub(super) fn seccomp_annotations_apply(version: KubeVersion) -> bool {
    !version.at_least(1, 27)
}

/// The seccomp profile of a container as Kubernetes `version` resolves it: the container's
/// `seccompProfile`, else its legacy annotation, else the pod's `seccompProfile`, else the pod's
/// legacy annotation. Annotations count only where [`seccomp_annotations_apply`]; an annotation
/// whose value the API server did not recognise (or `localhost/` with no name) is ignored.
/// `None`: no profile, the kubelet's default (Unconfined unless the kubelet runs with
/// `--seccomp-default`).
pub(super) fn effective_seccomp<'a>(
    c: &ContainerView<'a>,
    version: KubeVersion,
) -> Option<Seccomp<'a>> {
    let annotations = seccomp_annotations_apply(version);
    if let Some(node) = c.own_security("seccompProfile").filter(|n| !n.is_null()) {
        return Some(seccomp_field(node, Level::Container));
    }
    let container_key = format!("{SECCOMP_CONTAINER_ANNOTATION_PREFIX}{}", c.name());
    if annotations && let Some(s) = seccomp_annotation(&c.pod, &container_key, Level::Container) {
        return Some(s);
    }
    if let Some(node) = c
        .pod
        .pod_security("seccompProfile")
        .filter(|n| !n.is_null())
    {
        return Some(seccomp_field(node, Level::Pod));
    }
    if annotations {
        return seccomp_annotation(&c.pod, SECCOMP_POD_ANNOTATION, Level::Pod);
    }
    None
}

/// The legacy seccomp annotation (container's, else pod's) that names a profile for `c`, when
/// there is one: used to explain that it no longer has any effect.
pub(super) fn ignored_seccomp_annotation<'a>(c: &ContainerView<'a>) -> Option<&'a Node> {
    let container_key = format!("{SECCOMP_CONTAINER_ANNOTATION_PREFIX}{}", c.name());
    seccomp_annotation(&c.pod, &container_key, Level::Container)
        .or_else(|| seccomp_annotation(&c.pod, SECCOMP_POD_ANNOTATION, Level::Pod))
        .map(|s| s.node)
}

fn seccomp_field(profile: &Node, level: Level) -> Seccomp<'_> {
    let type_node = profile.get("type").filter(|n| !n.is_null());
    let kind = match type_node.and_then(Node::as_str) {
        Some("RuntimeDefault") => SeccompType::RuntimeDefault,
        Some("Localhost") => SeccompType::Localhost,
        Some("Unconfined") => SeccompType::Unconfined,
        _ => SeccompType::Invalid,
    };
    Seccomp {
        kind,
        node: type_node.unwrap_or(profile),
        level,
        source: SeccompSource::Field,
    }
}

fn seccomp_annotation<'a>(pod: &PodSpecView<'a>, key: &str, level: Level) -> Option<Seccomp<'a>> {
    let node = pod.pod_metadata?.path(&["annotations", key])?;
    let kind = match node.as_str()? {
        "unconfined" => SeccompType::Unconfined,
        "runtime/default" | "docker/default" => SeccompType::RuntimeDefault,
        v if v.strip_prefix("localhost/").is_some_and(|p| !p.is_empty()) => SeccompType::Localhost,
        _ => return None,
    };
    Some(Seccomp {
        kind,
        node,
        level,
        source: SeccompSource::Annotation,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capability_spellings() {
        assert_eq!(normalize_capability("cap_net_raw"), "NET_RAW");
        assert_eq!(normalize_capability("NET_RAW"), "NET_RAW");
        assert_eq!(normalize_capability("CAP_SYS_ADMIN"), "SYS_ADMIN");
        assert!(is_capability("sys_admin", "SYS_ADMIN"));
        assert!(!is_capability("SYS_ADMINX", "SYS_ADMIN"));
    }
}
