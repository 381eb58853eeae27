use super::helpers::{
    PROBES, ProbePort, app_containers, declared_ports, handler, probe, resolve_port,
};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Node, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Liveness, readiness and startup probes of containers whose `httpGet`, `tcpSocket` or
    /// `grpc` port is not one the container declares in `ports`:
    ///
    /// - a port name (`port: health`) that no entry of `ports` has. The kubelet cannot resolve
    ///   it, so the probe fails every time. Reported whether or not the container declares
    ///   other ports;
    /// - a number that is not the `containerPort` of any declared port, when the container
    ///   declares ports. A container that declares none is not reported for numeric ports:
    ///   declaring ports is optional in Kubernetes (a process can listen on a port it does not
    ///   declare), and without a declaration there is nothing to compare with.
    ///
    /// A name that looks like a number (`"8080"`) is read as the number, as the kubelet does.
    /// Probes with `host` set are skipped (they target another address, which `host-probe`
    /// reports). Init and ephemeral containers are not checked. One finding per probe, at its
    /// `port`.
    ///
    /// ## Why it matters
    /// A probe aimed at a port the application does not listen on fails for a reason that has
    /// nothing to do with health: a liveness probe then restarts the container forever
    /// (CrashLoopBackOff), a readiness probe keeps it out of every Service, and a startup probe
    /// kills it before it starts. The cause is usually a port renamed or renumbered in one
    /// place and not the other.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27
    ///       ports:
    ///         - {name: http, containerPort: 8080}
    ///       readinessProbe:
    ///         httpGet: {path: /readyz, port: 8081}
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27
    ///       ports:
    ///         - {name: http, containerPort: 8080}
    ///       readinessProbe:
    ///         httpGet: {path: /readyz, port: http}
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Configure Liveness, Readiness and Startup Probes", "Use a
    ///   named port"
    /// - kube-linter `liveness-port`, `readiness-port`, `startup-port`
    pub struct ProbePortNotExposed {
        id: "probe-port-not-exposed",
        title: "Probe uses a port the container does not declare",
        severity: Severity::Medium,
        category: Category::Reliability,
        scope: Scope::PodSpec,
        remediation: "Point the probe at a port the container declares, preferably by its name (`port: http`), so that renumbering the port updates the probe too.",
        references: References {
            kube_linter: &["liveness-port", "readiness-port", "startup-port"],
            ..References::NONE
        },
    }
}

/// "8080 and `metrics` (9090)", for messages.
fn describe_declared(declared: &[(Option<i64>, Option<&str>)]) -> String {
    let items: Vec<String> = declared
        .iter()
        .filter_map(|(number, name)| match (number, name) {
            (Some(n), Some(name)) => Some(format!("`{name}` ({n})")),
            (Some(n), None) => Some(n.to_string()),
            (None, Some(name)) => Some(format!("`{name}`")),
            (None, None) => None,
        })
        .collect();
    if items.is_empty() {
        "none".to_string()
    } else {
        items.join(", ")
    }
}

impl Rule for ProbePortNotExposed {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        for c in app_containers(pod) {
            let declared = declared_ports(&c);
            for (field, noun) in PROBES {
                let Some((kind, handler)) = probe(&c, field).and_then(handler) else {
                    continue;
                };
                if kind == "exec"
                    || handler
                        .get("host")
                        .and_then(Node::as_str)
                        .is_some_and(|h| !h.is_empty())
                {
                    continue;
                }
                let Some(port) = handler.get("port") else {
                    continue;
                };
                let message = match resolve_port(port, &declared) {
                    Some(ProbePort::Unresolved(name)) => format!(
                        "{noun} probe of {} uses port name `{name}`, which none of its ports has (declared: {}), so the probe always fails",
                        c.describe(),
                        describe_declared(&declared)
                    ),
                    Some(ProbePort::Number(n))
                        if declared.iter().any(|(number, _)| number.is_some())
                            && !declared.iter().any(|(number, _)| *number == Some(n)) =>
                    {
                        format!(
                            "{noun} probe of {} uses port {n}, which the container does not declare (declared: {})",
                            c.describe(),
                            describe_declared(&declared)
                        )
                    }
                    _ => continue,
                };
                cx.report_container(&c, port, message);
            }
        }
    }
}
