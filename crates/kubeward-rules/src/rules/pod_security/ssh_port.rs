use crate::{Rule, RuleContext};
use kubeward_model::{Category, Node, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Container ports with `containerPort: 22` and protocol TCP (the default when `protocol`
    /// is unset). One finding per port, at its `containerPort`. The port is not also reported
    /// by `privileged-port`.
    ///
    /// ## Why it matters
    /// Port 22 is SSH. An SSH server in a container is a second, unaudited way in: it bypasses
    /// `kubectl exec` and its RBAC and audit logging, keeps long-lived credentials in the image
    /// or a Secret, and is a favourite target of credential-stuffing bots when the port is
    /// exposed. If something else listens on 22, it will be mistaken for SSH by scanners and
    /// firewalls alike.
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
    ///       image: example.com/app:1.4
    ///       ports:
    ///         - containerPort: 8080
    ///         - containerPort: 22
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
    ///       image: example.com/app:1.4
    ///       ports:
    ///         - containerPort: 8080
    /// ```
    ///
    /// ## References
    /// - kube-linter `ssh-port`
    pub struct SshPort {
        id: "ssh-port",
        title: "Container exposes the SSH port",
        severity: Severity::Medium,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Remove the SSH server from the image and use `kubectl exec` (or `kubectl debug`) for interactive access; if the service is not SSH, move it off port 22.",
        references: References {
            kube_linter: &["ssh-port"],
            ..References::NONE
        },
    }
}

/// A `ports` item for TCP port 22.
pub(super) fn is_ssh_port(port: &Node) -> bool {
    let tcp = port
        .get("protocol")
        .filter(|p| !p.is_null())
        .is_none_or(|p| p.as_str() == Some("TCP"));
    tcp && port.get("containerPort").and_then(Node::as_i64) == Some(22)
}

impl Rule for SshPort {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        for c in pod.containers() {
            for port in c.ports() {
                if !is_ssh_port(port) {
                    continue;
                }
                let Some(node) = port.get("containerPort") else {
                    continue;
                };
                cx.report_container(&c, node, format!("{} exposes port 22 (SSH)", c.describe()));
            }
        }
    }
}
