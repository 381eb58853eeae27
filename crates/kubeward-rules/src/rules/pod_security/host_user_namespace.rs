use crate::{Rule, RuleContext};
use kubeward_model::{Category, Node, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Pod specs that do not run in a user namespace: `hostUsers` is unset or `true` (any YAML
    /// 1.1 spelling), so the pod shares the node's user namespace. One finding per workload, at
    /// the field when it is set, else at the pod spec.
    ///
    /// Skipped, because `hostUsers: false` is not available to them:
    /// - pods with `hostNetwork`, `hostPID` or `hostIPC` set to `true` (the API server rejects
    ///   the combination; `host-network`, `host-pid` and `host-ipc` report those settings);
    /// - pods with `spec.os.name: windows` (user namespaces are Linux-only);
    /// - target Kubernetes versions (`--kubernetes-version`) before 1.33, where the
    ///   `UserNamespacesSupport` feature gate is off by default.
    ///
    /// It is an informational finding: user namespaces also need Linux 6.3 or newer and a
    /// runtime that supports them (containerd 2.0, CRI-O 1.25) on the nodes.
    ///
    /// ## Why it matters
    /// In a user namespace, the container's UIDs and GIDs are mapped to an unprivileged range
    /// of the node: root in the container is an ordinary user outside it, and its capabilities
    /// only apply inside the pod. Escapes that rely on being root on the node, such as
    /// overwriting the host's runc binary (CVE-2019-5736), lose their impact, and the Pod
    /// Security Standards relax `runAsNonRoot` and `runAsUser` for such pods from 1.35.
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
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   hostUsers: false
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27
    /// ```
    ///
    /// ## References
    /// - Kubernetes documentation, "User Namespaces" and "Use a User Namespace With a Pod"
    /// - kubesec `HostUsers`
    pub struct HostUserNamespace {
        id: "host-user-namespace",
        title: "Pod uses the host user namespace",
        severity: Severity::Info,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Set `hostUsers: false` in the pod spec once the nodes support user namespaces (Linux 6.3+, containerd 2.0+ or CRI-O 1.25+).",
        references: References {
            kubesec: &["HostUsers"],
            ..References::NONE
        },
    }
}

impl Rule for HostUserNamespace {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        if !cx.settings().kubernetes_version.at_least(1, 33) || pod.is_windows() {
            return;
        }
        let shares_host_namespace = ["hostNetwork", "hostPID", "hostIPC"]
            .iter()
            .any(|field| pod.get(field).is_some_and(Node::is_true));
        if shares_host_namespace {
            return;
        }
        match pod.get("hostUsers").filter(|n| !n.is_null()) {
            Some(node) if node.is_false() => {}
            Some(node) => cx.report(
                node,
                format!(
                    "pod spec sets `hostUsers: {}`: its containers share the node's user namespace, so their UIDs are the node's UIDs",
                    node.text().unwrap_or("true")
                ),
            ),
            None => cx.report(
                pod.spec,
                "pod spec does not set `hostUsers: false`: its containers share the node's user namespace, so their UIDs are the node's UIDs",
            ),
        }
    }
}
