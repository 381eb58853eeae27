//! Shared logic of the probe rules: which containers need probes, and what a probe checks.

use kubeward_model::{ContainerKind, ContainerView, Node, PodSpecView};

/// The three probes, by field name and as messages name them.
pub(super) const PROBES: &[(&str, &str)] = &[
    ("livenessProbe", "liveness"),
    ("readinessProbe", "readiness"),
    ("startupProbe", "startup"),
];

/// The regular containers of the pod: init containers cannot have liveness or readiness probes
/// (sidecar init containers aside) and ephemeral containers cannot have any.
pub(super) fn app_containers<'p, 'a>(
    pod: &'p PodSpecView<'a>,
) -> impl Iterator<Item = ContainerView<'a>> + 'p {
    pod.containers()
        .filter(|c| c.kind == ContainerKind::Container)
}

/// Whether the workload runs to completion, where liveness and readiness probes do not apply:
/// Jobs and CronJobs, and pods whose `restartPolicy` is `Never` or `OnFailure`.
pub(super) fn runs_to_completion(pod: &PodSpecView<'_>) -> bool {
    matches!(pod.object.kind(), "Job" | "CronJob")
        || matches!(
            pod.get("restartPolicy").and_then(Node::as_str),
            Some("Never" | "OnFailure")
        )
}

/// The container's probe `field` (`livenessProbe`, …), when set and not null.
pub(super) fn probe<'a>(c: &ContainerView<'a>, field: &str) -> Option<&'a Node> {
    c.get(field).filter(|n| !n.is_null())
}

/// A probe's handler: its kind (`httpGet`, `tcpSocket`, `grpc`, `exec`) and mapping.
pub(super) fn handler(probe: &Node) -> Option<(&'static str, &Node)> {
    ["httpGet", "tcpSocket", "grpc", "exec"]
        .into_iter()
        .find_map(|kind| probe.get(kind).filter(|n| n.is_map()).map(|n| (kind, n)))
}

/// The container's declared ports as (`containerPort`, `name`) pairs.
pub(super) fn declared_ports<'a>(c: &ContainerView<'a>) -> Vec<(Option<i64>, Option<&'a str>)> {
    c.ports()
        .iter()
        .map(|p| {
            (
                p.get("containerPort").and_then(Node::as_i64),
                p.get("name").and_then(Node::as_str),
            )
        })
        .collect()
}

/// A probe port as the kubelet resolves it against the container's ports: a number, or a name
/// looked up among the declared ports (falling back to a number written as a string).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum ProbePort<'a> {
    Number(i64),
    /// A name that no declared port has, and that is not a number either.
    Unresolved(&'a str),
}

pub(super) fn resolve_port<'a>(
    port: &'a Node,
    declared: &[(Option<i64>, Option<&str>)],
) -> Option<ProbePort<'a>> {
    if let Some(n) = port.as_i64() {
        return Some(ProbePort::Number(n));
    }
    let name = port.as_str()?;
    if let Some(number) = declared
        .iter()
        .find(|(_, n)| *n == Some(name))
        .and_then(|(number, _)| *number)
    {
        return Some(ProbePort::Number(number));
    }
    Some(match name.trim().parse::<i64>() {
        Ok(n) => ProbePort::Number(n),
        Err(_) => ProbePort::Unresolved(name),
    })
}
