use super::ssh_port::is_ssh_port;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Container ports whose `containerPort` is between 1 and 1023, the privileged port range.
    /// One finding per port, at its `containerPort`. TCP port 22 is `ssh-port`'s finding and is
    /// not reported twice.
    ///
    /// ## Why it matters
    /// Binding a port below 1024 needs root or the `NET_BIND_SERVICE` capability (unless the pod
    /// lowers the `net.ipv4.ip_unprivileged_port_start` sysctl), so an image that listens on 80
    /// or 443 is usually an image that runs as root or keeps a capability it would not
    /// otherwise need. Inside a pod the port number does not matter to clients: a Service can
    /// expose port 80 and target 8080.
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
    ///         - containerPort: 80
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
    ///       image: nginxinc/nginx-unprivileged:1.27
    ///       ports:
    ///         - containerPort: 8080
    /// ```
    ///
    /// ## References
    /// - kube-linter `privileged-ports`, Trivy KSV-0117
    /// - Kubernetes documentation, "Using sysctls in a Kubernetes Cluster" (safe sysctls)
    pub struct PrivilegedPort {
        id: "privileged-port",
        title: "Container uses a privileged port",
        severity: Severity::Low,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Have the application listen on a port of 1024 or above (8080, 8443) and map the well-known port in the Service (`port: 80`, `targetPort: 8080`).",
        references: References {
            kube_linter: &["privileged-ports"],
            trivy: &["KSV-0117"],
            ..References::NONE
        },
    }
}

impl Rule for PrivilegedPort {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        for c in pod.containers() {
            for port in c.ports() {
                let Some(node) = port.get("containerPort") else {
                    continue;
                };
                let Some(number) = node.as_i64().filter(|n| (1..1024).contains(n)) else {
                    continue;
                };
                if is_ssh_port(port) {
                    continue;
                }
                cx.report_container(
                    &c,
                    node,
                    format!(
                        "{} declares privileged port {number} (below 1024)",
                        c.describe()
                    ),
                );
            }
        }
    }
}
