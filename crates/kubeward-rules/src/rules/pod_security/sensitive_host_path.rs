use super::host_path_volume::{PathClass, Relation, describe_path, host_path_volumes};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// `hostPath` volumes whose path is a sensitive host directory, is inside one, or contains
    /// one. The directories are:
    ///
    /// - `/` (only itself: every path is inside `/`);
    /// - system configuration, binaries and libraries: `/etc`, `/bin`, `/sbin`, `/lib`, `/lib64`,
    ///   `/usr`, `/boot`;
    /// - kernel and device interfaces: `/proc`, `/sys`, `/dev`;
    /// - users' homes: `/root`, `/home`;
    /// - runtime state: `/run`, `/var/run`;
    /// - Kubernetes and runtime data: `/var/lib/kubelet`, `/var/lib/etcd`, `/var/lib/containerd`,
    ///   `/var/lib/docker`;
    /// - logs: `/var/log`.
    ///
    /// "Contains" means a parent of one of them: `/var` and `/var/lib` expose `/var/lib/kubelet`.
    /// Paths are normalised first (duplicate and trailing slashes, `.` and `..` segments), so
    /// `/mnt/../etc/` is `/etc`. Comparison is case-sensitive, as on Linux.
    ///
    /// Each hostPath volume is reported by exactly one of three rules, the most specific:
    /// container runtime sockets and runtime directories (`/var/run/docker.sock`,
    /// `/run/containerd`, ...) are reported by `container-runtime-socket` even though they sit
    /// under `/run` or `/var/run`; the time-zone files `/etc/localtime`, `/etc/timezone` and
    /// `/usr/share/zoneinfo`, routinely mounted and harmless, and all other paths are left to
    /// `host-path-volume`.
    ///
    /// The list merges kube-linter's `sensitive-host-mounts` (`/`, `/boot`, `/dev`, `/etc`,
    /// `/lib`, `/proc`, `/sys`, `/usr`, exact matches only), Trivy KSV-0121 (the same plus
    /// `/var/lib/docker`, exact matches only) and kubesec `ProcMount` (any path containing
    /// `/proc`), and adds the directories whose exposure is a known route to the node or to
    /// other pods' secrets.
    ///
    /// ## Why it matters
    /// These directories are the node. Write access to `/etc`, `/usr`, `/bin` or `/lib` is code
    /// execution as root on the next boot or cron run; `/proc`, `/sys` and `/dev` reach the
    /// kernel and the disks; `/var/lib/kubelet` holds every pod's Secrets and service account
    /// tokens and `/var/lib/etcd` the whole cluster's state; `/var/lib/containerd` and
    /// `/var/lib/docker` every container's filesystem; `/run` the runtime and systemd sockets;
    /// and a writable `/var/log` lets a pod plant symlinks that the kubelet follows when it
    /// serves logs, reading any file on the node. Read-only mounts still leak credentials.
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
    ///             - name: host-etc
    ///               mountPath: /host/etc
    ///               readOnly: true
    ///       volumes:
    ///         - name: host-etc
    ///           hostPath:
    ///             path: /etc
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
    ///             - name: config
    ///               mountPath: /etc/agent
    ///               readOnly: true
    ///       volumes:
    ///         - name: config
    ///           configMap:
    ///             name: agent-config
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, baseline: "HostPath Volumes" (PSA check `hostPathVolumes`)
    /// - CIS Kubernetes Benchmark 5.2.12; NSA/CISA Kubernetes Hardening Guide, "Pod security"
    ///   (allowedHostPaths)
    /// - kube-linter `sensitive-host-mounts`, Trivy KSV-0121, kubesec `ProcMount`
    pub struct SensitiveHostPath {
        id: "sensitive-host-path",
        title: "Pod mounts a sensitive host directory",
        severity: Severity::Critical,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Remove the hostPath volume; get configuration from a ConfigMap or Secret, data from a PersistentVolumeClaim, and node metrics or logs from an agent that exposes only what is needed. If a node agent truly needs it, mount the narrowest subdirectory read-only and isolate the workload.",
        references: References {
            kube_linter: &["sensitive-host-mounts"],
            kubesec: &["ProcMount"],
            trivy: &["KSV-0121"],
            pss: &["hostPathVolumes"],
            cis: &["5.2.12"],
            nsa: &["Pod security: allowedHostPaths"],
            ..References::NONE
        },
    }
}

impl Rule for SensitiveHostPath {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        for volume in host_path_volumes(pod) {
            let (PathClass::Sensitive { dir, relation }, Some(path)) = (volume.class, volume.path)
            else {
                continue;
            };
            let path = describe_path(path, volume.normalized.as_deref());
            let what = match relation {
                Relation::Is => format!("mounts {path}, a sensitive host directory"),
                Relation::Inside => {
                    format!("mounts {path}, inside the sensitive host directory `{dir}`")
                }
                Relation::Contains => {
                    format!("mounts {path}, which contains the sensitive host directory `{dir}`")
                }
            };
            cx.report(volume.at(), volume.message(pod, &what));
        }
    }
}
