use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Probes and lifecycle hooks that set `host`: `httpGet.host` or `tcpSocket.host` in the
    /// `livenessProbe`, `readinessProbe` or `startupProbe`, or in the `lifecycle.postStart` or
    /// `lifecycle.preStop` handler, of any container (init and ephemeral ones included). An
    /// empty `host` is the default (the pod's IP) and is not reported. This is the Pod Security
    /// Standards baseline check `hostProbesAndHostLifecycle`, which exists from policy version
    /// 1.34: with `--kubernetes-version` below 1.34 the rule reports nothing.
    ///
    /// ## Why it matters
    /// The kubelet runs probes and HTTP/TCP lifecycle hooks from the node, with the node's
    /// network identity. A `host` field points it anywhere: at `127.0.0.1` (services that
    /// listen only on the node's loopback, such as the kubelet's own ports), at other pods, or at
    /// internal addresses that the pod itself cannot reach. That makes the kubelet a confused
    /// deputy for port scanning and request forgery, and a probe that reports on another
    /// machine's health instead of the container's.
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
    ///       livenessProbe:
    ///         httpGet:
    ///           host: 127.0.0.1
    ///           path: /healthz
    ///           port: 10248
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
    ///       livenessProbe:
    ///         httpGet:
    ///           path: /healthz
    ///           port: 8080
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, baseline: "Probes / Lifecycle Hooks"
    ///   (`hostProbesAndHostLifecycle`, policy v1.34+). No peer tool checks it.
    pub struct HostProbe {
        id: "host-probe",
        title: "Probe or lifecycle hook targets another host",
        severity: Severity::Medium,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Remove `host` from the probe or lifecycle handler so the kubelet checks the pod itself; to check a dependency, do it from inside the container (an `exec` probe or the application's health endpoint).",
        references: References {
            pss: &["hostProbesAndHostLifecycle"],
            ..References::NONE
        },
    }
}

const PROBES: &[&str] = &["livenessProbe", "readinessProbe", "startupProbe"];
const HOOKS: &[&str] = &["postStart", "preStop"];
const HANDLERS: &[&str] = &["httpGet", "tcpSocket"];

impl Rule for HostProbe {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        if !cx.settings().kubernetes_version.at_least(1, 34) {
            return;
        }
        for c in pod.containers() {
            let probes = PROBES
                .iter()
                .filter_map(|p| c.get(p).map(|node| (*p, node)));
            let hooks = HOOKS
                .iter()
                .filter_map(|h| c.node.path(&["lifecycle", h]).map(|node| (*h, node)));
            for (name, handler_parent) in probes.chain(hooks) {
                for handler in HANDLERS {
                    let Some(host) = handler_parent.path(&[handler, "host"]) else {
                        continue;
                    };
                    let Some(text) = host.text().filter(|t| !t.is_empty() && !host.is_null())
                    else {
                        continue;
                    };
                    let what = if PROBES.contains(&name) {
                        name.to_string()
                    } else {
                        format!("lifecycle.{name}")
                    };
                    cx.report_container(
                        &c,
                        host,
                        format!(
                            "{} `{what}.{handler}` targets host `{text}` instead of the pod",
                            c.describe()
                        ),
                    );
                }
            }
        }
    }
}
