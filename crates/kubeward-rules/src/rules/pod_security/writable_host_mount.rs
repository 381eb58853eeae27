use super::host_path_volume::host_path_volumes;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Node, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Volume mounts of containers, init containers and ephemeral containers that mount a
    /// `hostPath` volume without `readOnly: true` (unset, `false`, or anything the API server
    /// does not read as `true`). One finding per mount, at its `readOnly` field when set, else
    /// at the mount.
    ///
    /// Every hostPath volume is also reported once by `host-path-volume`,
    /// `sensitive-host-path` or `container-runtime-socket`, whatever the mounts; this rule adds
    /// the containers that can write through it. A hostPath volume no container mounts is not
    /// reported here.
    ///
    /// ## Why it matters
    /// A writable host mount lets the container change the node's files: plant binaries,
    /// cron jobs or systemd units that run as root on the node, tamper with other pods' data or
    /// logs, or fill the node's disk. Most workloads that need a host directory (log shippers,
    /// metrics agents) only read it.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: DaemonSet
    /// metadata:
    ///   name: agent
    /// spec:
    ///   selector:
    ///     matchLabels: {app: agent}
    ///   template:
    ///     metadata:
    ///       labels: {app: agent}
    ///     spec:
    ///       containers:
    ///         - name: agent
    ///           image: example.com/agent:2.1
    ///           volumeMounts:
    ///             - name: data
    ///               mountPath: /data
    ///       volumes:
    ///         - name: data
    ///           hostPath:
    ///             path: /mnt/agent
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: apps/v1
    /// kind: DaemonSet
    /// metadata:
    ///   name: agent
    /// spec:
    ///   selector:
    ///     matchLabels: {app: agent}
    ///   template:
    ///     metadata:
    ///       labels: {app: agent}
    ///     spec:
    ///       containers:
    ///         - name: agent
    ///           image: example.com/agent:2.1
    ///           volumeMounts:
    ///             - name: data
    ///               mountPath: /data
    ///               readOnly: true
    ///       volumes:
    ///         - name: data
    ///           hostPath:
    ///             path: /mnt/agent
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, baseline: "HostPath Volumes" (PSA check `hostPathVolumes`)
    /// - kube-linter `writable-host-mount`
    pub struct WritableHostMount {
        id: "writable-host-mount",
        title: "Container mounts a host path writable",
        severity: Severity::High,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Set `readOnly: true` on the volume mount; if the workload must write, give it a PersistentVolumeClaim or an emptyDir instead of a host directory.",
        references: References {
            kube_linter: &["writable-host-mount"],
            pss: &["hostPathVolumes"],
            ..References::NONE
        },
    }
}

impl Rule for WritableHostMount {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        let volumes = host_path_volumes(pod);
        if volumes.is_empty() {
            return;
        }
        for c in pod.containers() {
            for mount in c.get("volumeMounts").map(Node::items).unwrap_or(&[]) {
                let Some(name) = mount.get("name").and_then(Node::as_str) else {
                    continue;
                };
                let Some(volume) = volumes.iter().find(|v| v.name == name) else {
                    continue;
                };
                let read_only = mount.get("readOnly");
                if read_only.is_some_and(Node::is_true) {
                    continue;
                }
                let path = volume.path.map(|p| format!(" (`{p}`)")).unwrap_or_default();
                let at_path = mount
                    .get("mountPath")
                    .and_then(Node::as_str)
                    .map(|p| format!(" at `{p}`"))
                    .unwrap_or_default();
                cx.report_container(
                    &c,
                    read_only.filter(|n| !n.is_null()).unwrap_or(mount),
                    format!(
                        "{} mounts hostPath volume `{name}`{path} writable{at_path}",
                        c.describe()
                    ),
                );
            }
        }
    }
}
