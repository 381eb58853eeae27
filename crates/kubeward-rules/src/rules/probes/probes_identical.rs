use super::helpers::{ProbePort, app_containers, declared_ports, handler, probe, resolve_port};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Node, PodSpecView, References, Scope, Severity};
use serde_json::Value;

declare_rule! {
    /// ## What it checks
    /// Containers whose liveness and readiness probes run the same check: the same handler
    /// (`httpGet`, `tcpSocket`, `grpc` or `exec`) with the same settings, as kube-score
    /// compares them. Timing (`periodSeconds`, `failureThreshold`, …) is not part of the
    /// comparison, since different thresholds on one check still restart the container
    /// whenever it is unready for long enough. Defaults are applied before comparing (`path`
    /// `/`, `scheme` HTTP), and a named port is resolved to its number, so `port: http` and
    /// `port: 8080` are the same check when the container names 8080 `http`. One finding per
    /// container, at its `livenessProbe`.
    ///
    /// ## Why it matters
    /// Readiness answers "should this pod get traffic now?", liveness "is this process beyond
    /// repair?". With one check for both, every reason to stop sending traffic (a slow
    /// dependency, a burst of load) also restarts the container, usually on every replica at
    /// once, which turns a brief degradation into an outage and a restart storm.
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
    ///       livenessProbe:
    ///         httpGet: {path: /healthz, port: http}
    ///       readinessProbe:
    ///         httpGet: {path: /healthz, port: 8080}
    ///         failureThreshold: 1
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
    ///       livenessProbe:
    ///         httpGet: {path: /livez, port: http}
    ///       readinessProbe:
    ///         httpGet: {path: /readyz, port: http}
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "Liveness, Readiness, and Startup Probes"
    /// - kube-score `pod-probes-identical`
    pub struct ProbesIdentical {
        id: "probes-identical",
        title: "Liveness and readiness probes are identical",
        severity: Severity::Low,
        category: Category::Reliability,
        scope: Scope::PodSpec,
        remediation: "Give the liveness probe a cheaper check of the process itself (`/livez`, a TCP connect) and keep dependency checks in the readiness probe only.",
        references: References {
            kube_score: &["pod-probes-identical"],
            ..References::NONE
        },
    }
}

/// The handler as a comparable value, defaults applied and named ports resolved.
fn canonical(kind: &str, handler: &Node, declared: &[(Option<i64>, Option<&str>)]) -> Value {
    let mut value = handler.to_json();
    let Value::Object(map) = &mut value else {
        return value;
    };
    if let Some(port) = handler.get("port")
        && let Some(ProbePort::Number(n)) = resolve_port(port, declared)
    {
        map.insert("port".into(), Value::from(n));
    }
    let mut default = |key: &str, default: Value| {
        let missing = match map.get(key) {
            None | Some(Value::Null) => true,
            Some(Value::String(s)) => s.is_empty(),
            Some(Value::Array(a)) => a.is_empty(),
            _ => false,
        };
        if missing {
            map.insert(key.into(), default);
        }
    };
    match kind {
        "httpGet" => {
            default("path", Value::from("/"));
            default("scheme", Value::from("HTTP"));
            default("host", Value::from(""));
            default("httpHeaders", Value::Array(Vec::new()));
        }
        "tcpSocket" => default("host", Value::from("")),
        "grpc" => default("service", Value::from("")),
        _ => {}
    }
    if let Some(Value::String(scheme)) = map.get_mut("scheme") {
        *scheme = scheme.to_ascii_uppercase();
    }
    value
}

/// "HTTP GET `/healthz` on port 8080", for messages.
fn describe(kind: &str, value: &Value) -> String {
    let port = match value.get("port") {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => "?".to_string(),
    };
    match kind {
        "httpGet" => format!(
            "HTTP GET `{}` on port {port}",
            value.get("path").and_then(Value::as_str).unwrap_or("/")
        ),
        "tcpSocket" => format!("TCP connect to port {port}"),
        "grpc" => format!("gRPC health check on port {port}"),
        _ => {
            let command: Vec<&str> = value
                .get("command")
                .and_then(Value::as_array)
                .map(|c| c.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            format!("command `{}`", command.join(" "))
        }
    }
}

impl Rule for ProbesIdentical {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        for c in app_containers(pod) {
            let (Some(liveness), Some(readiness)) =
                (probe(&c, "livenessProbe"), probe(&c, "readinessProbe"))
            else {
                continue;
            };
            let (Some((live_kind, live)), Some((ready_kind, ready))) =
                (handler(liveness), handler(readiness))
            else {
                continue;
            };
            let declared = declared_ports(&c);
            let live = canonical(live_kind, live, &declared);
            if live_kind != ready_kind || live != canonical(ready_kind, ready, &declared) {
                continue;
            }
            cx.report_container(
                &c,
                liveness,
                format!(
                    "{} uses the same check ({}) for its liveness and readiness probes",
                    c.describe(),
                    describe(live_kind, &live)
                ),
            );
        }
    }
}
