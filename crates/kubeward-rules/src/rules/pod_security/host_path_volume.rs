use crate::{Rule, RuleContext};
use kubeward_model::{Category, Node, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// `hostPath` volumes of a pod (or pod template). Every hostPath volume is reported by exactly
    /// one of three rules, the most specific one that matches its path:
    ///
    /// 1. `container-runtime-socket`: a container runtime socket or runtime state directory
    ///    (critical);
    /// 2. `sensitive-host-path`: a sensitive host directory such as `/etc`,
    ///    `/proc` or `/var/lib/kubelet`, or something inside or above one (critical);
    /// 3. `host-path-volume` (this rule): any other host path, including a hostPath with no
    ///    `path` or a path that is not absolute (high).
    ///
    /// Paths are compared after lexical normalisation (duplicate and trailing slashes, `.` and
    /// `..` segments removed), so `/etc/../mnt/data` is `/mnt/data`. A `hostPath: null` is no
    /// volume source at all (as for the API server) and is not reported.
    ///
    /// The message names the volume, its path, and the containers (including init and ephemeral
    /// containers) that mount it, with `(read-only)` where the mount is read-only.
    ///
    /// ## Why it matters
    /// A hostPath volume hands the pod a piece of the node's filesystem. Whatever is there (other
    /// pods' data, credentials, node configuration) is readable, and writable unless every mount
    /// is read-only; even a harmless-looking directory can be abused through symlinks, and the pod
    /// becomes tied to one node's state. The Pod Security Standards forbid hostPath volumes at the
    /// baseline level.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: cache
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: redis:7.4
    ///       volumeMounts:
    ///         - name: data
    ///           mountPath: /data
    ///   volumes:
    ///     - name: data
    ///       hostPath:
    ///         path: /mnt/redis
    ///         type: DirectoryOrCreate
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: cache
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: redis:7.4
    ///       volumeMounts:
    ///         - name: data
    ///           mountPath: /data
    ///   volumes:
    ///     - name: data
    ///       persistentVolumeClaim:
    ///         claimName: redis-data
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, baseline: "HostPath Volumes" (PSA check `hostPathVolumes`)
    /// - CIS Kubernetes Benchmark 5.2.12; NSA/CISA Kubernetes Hardening Guide, "Pod security"
    ///   (allowedHostPaths)
    /// - kube-linter has no built-in check for any hostPath, only the `host-mounts` template
    pub struct HostPathVolume {
        id: "host-path-volume",
        title: "Pod mounts a hostPath volume",
        severity: Severity::High,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Replace the hostPath volume with a PersistentVolumeClaim, an emptyDir, a ConfigMap or Secret, or a CSI volume; if node access is truly needed, mount the narrowest path read-only and isolate the workload.",
        references: References {
            polaris: &["hostPathSet"],
            trivy: &["KSV-0023"],
            pss: &["hostPathVolumes"],
            cis: &["5.2.12"],
            nsa: &["Pod security: allowedHostPaths"],
            ..References::NONE
        },
    }
}

impl Rule for HostPathVolume {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        for volume in host_path_volumes(pod) {
            if let PathClass::Other = volume.class {
                let what = match &volume.path {
                    Some(path) => format!(
                        "mounts {}",
                        describe_path(path, volume.normalized.as_deref())
                    ),
                    None => "mounts a host path but sets no `path`".to_string(),
                };
                cx.report(volume.at(), volume.message(pod, &what));
            }
        }
    }
}

// Shared with `sensitive-host-path` and `container-runtime-socket`: one classification, so that
// every hostPath volume is reported by exactly one of the three rules.

/// File names that are a container runtime's API socket wherever they are (rootless Docker
/// under `/run/user/<uid>`, k3s and RKE2 under `/run/k3s/containerd`, MicroK8s under
/// `/var/snap/microk8s/common/run`).
pub(super) const RUNTIME_SOCKET_FILES: &[&str] = &[
    "containerd.sock",
    "cri-dockerd.sock",
    "crio.sock",
    "docker.sock",
    "dockershim.sock",
    "podman.sock",
];

/// Runtime state directories: they hold the runtime's sockets (`containerd.sock`,
/// `containerd.sock.ttrpc`, `crio.sock`, shim sockets), so mounting them, or anything inside
/// them, is mounting the socket.
pub(super) const RUNTIME_DIRS: &[&str] = &[
    "/run/containerd",
    "/run/crio",
    "/run/docker",
    "/run/k3s/containerd",
    "/var/run/containerd",
    "/var/run/crio",
    "/var/run/docker",
    "/var/run/k3s/containerd",
];

/// Windows named pipes of the Docker Engine and containerd (compared case-insensitively,
/// with `/` and `\` alike).
pub(super) const RUNTIME_PIPES: &[&str] =
    &[r"\\.\pipe\containerd-containerd", r"\\.\pipe\docker_engine"];

/// Sensitive host directories. A path is sensitive when it is one of them, is inside one (except
/// for `/`, which only counts as itself) or contains one (mounting `/var` exposes
/// `/var/lib/kubelet`). Within a prefix the most telling entry comes first: it is the one a
/// message names when a path contains several.
pub(super) const SENSITIVE_DIRS: &[&str] = &[
    "/",
    "/bin",
    "/boot",
    "/dev",
    "/etc",
    "/home",
    "/lib",
    "/lib64",
    "/proc",
    "/root",
    "/run",
    "/sbin",
    "/sys",
    "/usr",
    "/var/lib/kubelet",
    "/var/lib/etcd",
    "/var/lib/containerd",
    "/var/lib/docker",
    "/var/log",
    "/var/run",
];

/// Files inside sensitive directories that workloads routinely mount to share the node's time
/// zone and that expose nothing else: reported by `host-path-volume` only.
pub(super) const BENIGN_PATHS: &[&str] =
    &["/etc/localtime", "/etc/timezone", "/usr/share/zoneinfo"];

/// How a sensitive path relates to the sensitive directory it matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Relation {
    Is,
    Inside,
    Contains,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum PathClass {
    /// A runtime socket file, a runtime state directory (or inside one), or a runtime pipe.
    Runtime(Runtime),
    Sensitive {
        dir: &'static str,
        relation: Relation,
    },
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Runtime {
    /// A file named as in [`RUNTIME_SOCKET_FILES`].
    Socket,
    /// One of [`RUNTIME_PIPES`].
    Pipe,
    /// One of [`RUNTIME_DIRS`] (`Is`) or inside one (`Inside`).
    Dir {
        dir: &'static str,
        relation: Relation,
    },
}

/// One `hostPath` volume of a pod spec.
pub(super) struct HostPathVolumeView<'a> {
    pub name: &'a str,
    /// The `hostPath` mapping.
    pub host_path: &'a Node,
    /// The `path` value node, when it is a string.
    pub path_node: Option<&'a Node>,
    pub path: Option<&'a str>,
    /// The path after lexical normalisation, for absolute paths.
    pub normalized: Option<String>,
    pub class: PathClass,
}

impl<'a> HostPathVolumeView<'a> {
    /// Where to report: the `path` field, else the `hostPath` field.
    pub fn at(&self) -> &'a Node {
        self.path_node.unwrap_or(self.host_path)
    }

    /// "hostPath volume `<name>` <what>; used by container `app` (read-only)".
    pub fn message(&self, pod: &PodSpecView<'_>, what: &str) -> String {
        format!(
            "hostPath volume `{}` {what}; {}",
            self.name,
            used_by(pod, self.name)
        )
    }
}

/// Every `hostPath` volume of the pod, classified.
pub(super) fn host_path_volumes<'a>(pod: &PodSpecView<'a>) -> Vec<HostPathVolumeView<'a>> {
    pod.volumes()
        .iter()
        .filter_map(|volume| {
            let host_path = volume.get("hostPath").filter(|n| n.is_map())?;
            let name = volume.get("name").and_then(Node::as_str).unwrap_or("");
            let path_node = host_path.get("path").filter(|n| n.as_str().is_some());
            let path = path_node.and_then(Node::as_str);
            let normalized = path.and_then(normalize);
            let class = path.map_or(PathClass::Other, |p| classify(p, normalized.as_deref()));
            Some(HostPathVolumeView {
                name,
                host_path,
                path_node,
                path,
                normalized,
                class,
            })
        })
        .collect()
}

/// "`/etc/../var` (resolves to `/var`)", or just "`/var`" when normalising changes nothing.
pub(super) fn describe_path(path: &str, normalized: Option<&str>) -> String {
    match normalized {
        Some(n) if n != path => format!("`{path}` (resolves to `{n}`)"),
        _ => format!("`{path}`"),
    }
}

/// "used by container `app` (read-only) and init container `setup`", or "not used by any
/// container".
fn used_by(pod: &PodSpecView<'_>, volume: &str) -> String {
    let mut users = Vec::new();
    for c in pod.containers() {
        let mounts = c.get("volumeMounts").map(Node::items).unwrap_or(&[]);
        let matching: Vec<&Node> = mounts
            .iter()
            .filter(|m| m.get("name").and_then(Node::as_str) == Some(volume))
            .collect();
        if matching.is_empty() {
            continue;
        }
        let read_only = matching
            .iter()
            .all(|m| m.get("readOnly").is_some_and(Node::is_true));
        users.push(if read_only {
            format!("{} (read-only)", c.describe())
        } else {
            c.describe()
        });
    }
    match users.as_slice() {
        [] => "not used by any container".to_string(),
        [one] => format!("used by {one}"),
        [init @ .., last] => format!("used by {} and {last}", init.join(", ")),
    }
}

/// Lexical normalisation of an absolute Unix path, as Go's `path.Clean`: duplicate slashes, `.`
/// and `..` segments and trailing slashes go (`..` at the root stays at the root). `None` for
/// paths that are not absolute.
pub(super) fn normalize(path: &str) -> Option<String> {
    if !path.starts_with('/') {
        return None;
    }
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    Some(format!("/{}", segments.join("/")))
}

/// `path` is `dir` or inside it (both normalised).
fn is_within(path: &str, dir: &str) -> bool {
    path == dir
        || (dir == "/" && path.starts_with('/'))
        || path
            .strip_prefix(dir)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// Classifies a hostPath path; `normalized` is [`normalize`]`(path)`.
pub(super) fn classify(path: &str, normalized: Option<&str>) -> PathClass {
    let pipe = path.replace('/', r"\").to_ascii_lowercase();
    if RUNTIME_PIPES.contains(&pipe.as_str()) {
        return PathClass::Runtime(Runtime::Pipe);
    }
    let Some(n) = normalized else {
        return PathClass::Other;
    };
    let file_name = n.rsplit('/').next().unwrap_or("");
    if RUNTIME_SOCKET_FILES.contains(&file_name) {
        return PathClass::Runtime(Runtime::Socket);
    }
    if let Some(dir) = RUNTIME_DIRS.iter().find(|d| is_within(n, d)) {
        let relation = if n == *dir {
            Relation::Is
        } else {
            Relation::Inside
        };
        return PathClass::Runtime(Runtime::Dir { dir, relation });
    }
    if BENIGN_PATHS.iter().any(|b| is_within(n, b)) {
        return PathClass::Other;
    }
    if let Some(dir) = SENSITIVE_DIRS.iter().find(|d| n == **d) {
        return PathClass::Sensitive {
            dir,
            relation: Relation::Is,
        };
    }
    if let Some(dir) = SENSITIVE_DIRS
        .iter()
        .find(|d| **d != "/" && is_within(n, d))
    {
        return PathClass::Sensitive {
            dir,
            relation: Relation::Inside,
        };
    }
    if let Some(dir) = SENSITIVE_DIRS.iter().find(|d| is_within(d, n)) {
        return PathClass::Sensitive {
            dir,
            relation: Relation::Contains,
        };
    }
    PathClass::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(path: &str) -> PathClass {
        classify(path, normalize(path).as_deref())
    }

    #[test]
    fn normalises_like_path_clean() {
        for (input, want) in [
            ("/", "/"),
            ("//", "/"),
            ("/etc/", "/etc"),
            ("//etc//kubernetes/", "/etc/kubernetes"),
            ("/etc/../var", "/var"),
            ("/./etc/./", "/etc"),
            ("/../../etc", "/etc"),
            ("/var/lib/..", "/var"),
        ] {
            assert_eq!(normalize(input).as_deref(), Some(want), "{input}");
        }
        assert_eq!(normalize("etc"), None);
        assert_eq!(normalize(""), None);
    }

    #[test]
    fn runtime_sockets_win_over_sensitive_directories() {
        for path in [
            "/var/run/docker.sock",
            "/run/docker.sock",
            "/var/run/docker.sock/",
            "/var/run/containerd/containerd.sock",
            "/run/containerd",
            "/run/containerd/",
            "/var/run/crio/crio.sock",
            "/run/crio",
            "/var/run/cri-dockerd.sock",
            "/var/run/dockershim.sock",
            "/run/k3s/containerd/containerd.sock",
            "/run/user/1000/docker.sock",
            "/var/snap/microk8s/common/run/containerd.sock",
            "/etc/../var/run/docker.sock",
            r"\\.\pipe\docker_engine",
            "//./pipe/docker_engine",
            r"\\.\PIPE\containerd-containerd",
        ] {
            assert!(matches!(class(path), PathClass::Runtime(_)), "{path}");
        }
    }

    #[test]
    fn sensitive_directories_match_themselves_their_contents_and_their_parents() {
        let sensitive = |dir, relation| PathClass::Sensitive { dir, relation };
        assert_eq!(class("/"), sensitive("/", Relation::Is));
        assert_eq!(class("/etc/"), sensitive("/etc", Relation::Is));
        assert_eq!(
            class("/etc/kubernetes"),
            sensitive("/etc", Relation::Inside)
        );
        assert_eq!(class("/mnt/../proc"), sensitive("/proc", Relation::Is));
        assert_eq!(class("/var/run"), sensitive("/var/run", Relation::Is));
        assert_eq!(
            class("/var/lib/kubelet/pods"),
            sensitive("/var/lib/kubelet", Relation::Inside)
        );
        assert_eq!(
            class("/var"),
            sensitive("/var/lib/kubelet", Relation::Contains)
        );
        assert_eq!(
            class("/var/lib"),
            sensitive("/var/lib/kubelet", Relation::Contains)
        );
        assert_eq!(
            class("/var/log/pods"),
            sensitive("/var/log", Relation::Inside)
        );
    }

    #[test]
    fn other_paths() {
        for path in [
            "/mnt/data",
            "/var/lib/mysql",
            "/var/local-path-provisioner",
            "/etc/localtime",
            "/usr/share/zoneinfo/UTC",
            "/etcd",
            "/variable",
            "/var/lib/kubelet-plugins",
            "/etc/../mnt",
            "data",
            "",
            r"C:\data",
        ] {
            assert_eq!(class(path), PathClass::Other, "{path}");
        }
    }
}
