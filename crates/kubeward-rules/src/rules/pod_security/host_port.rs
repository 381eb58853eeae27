use crate::{Rule, RuleContext};
use kubeward_model::{Category, Node, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Ports of containers, init containers and ephemeral containers whose `hostPort` is set to a
    /// non-zero number (the Pod Security Standards allow only `0`, the same as unset). Numbers are
    /// read as the API server reads them, so YAML 1.1 forms such as `0x1F90` count; a quoted
    /// `"8080"` is a string the API server rejects and is not reported.
    ///
    /// ## Why it matters
    /// A host port binds the container to that port on every address of the node. The traffic
    /// reaches the pod without going through a Service and is not subject to the NetworkPolicy
    /// that guards the pod network on many CNIs; the pod can also shadow node services, and only
    /// one pod per node can hold a given port, which silently limits scheduling.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// spec:
    ///   selector:
    ///     matchLabels: {app: web}
    ///   template:
    ///     metadata:
    ///       labels: {app: web}
    ///     spec:
    ///       containers:
    ///         - name: app
    ///           image: nginx:1.27
    ///           ports:
    ///             - containerPort: 80
    ///               hostPort: 8080
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: Deployment
    /// metadata:
    ///   name: web
    /// spec:
    ///   selector:
    ///     matchLabels: {app: web}
    ///   template:
    ///     metadata:
    ///       labels: {app: web}
    ///     spec:
    ///       containers:
    ///         - name: app
    ///           image: nginx:1.27
    ///           ports:
    ///             - containerPort: 80
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, baseline: "Host Ports" (PSA check `hostPorts`)
    /// - CIS Kubernetes Benchmark 5.2.13
    pub struct HostPort {
        id: "host-port",
        title: "Container binds a host port",
        severity: Severity::Medium,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Remove `hostPort` (or set it to `0`) and expose the port through a Service (NodePort or LoadBalancer if it must be reachable from outside the cluster).",
        references: References {
            polaris: &["hostPortSet"],
            checkov: &["CKV_K8S_26"],
            trivy: &["KSV-0024"],
            pss: &["hostPorts"],
            cis: &["5.2.13"],
            ..References::NONE
        },
    }
}

impl Rule for HostPort {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        for c in pod.containers() {
            for port in c.ports() {
                let Some(node) = port.get("hostPort") else {
                    continue;
                };
                let Some(host_port) = node.as_i64().filter(|p| *p != 0) else {
                    continue;
                };
                let protocol = port
                    .get("protocol")
                    .and_then(Node::as_str)
                    .filter(|p| *p != "TCP")
                    .map(|p| format!("/{p}"))
                    .unwrap_or_default();
                let container_port = port
                    .get("containerPort")
                    .and_then(Node::as_i64)
                    .map(|p| format!(" (container port {p})"))
                    .unwrap_or_default();
                cx.report_container(
                    &c,
                    node,
                    format!(
                        "{} binds host port {host_port}{protocol}{container_port}",
                        c.describe()
                    ),
                );
            }
        }
    }
}
