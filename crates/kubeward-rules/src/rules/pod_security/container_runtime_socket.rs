use super::host_path_volume::{PathClass, Relation, Runtime, describe_path, host_path_volumes};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// `hostPath` volumes that expose a container runtime's API:
    ///
    /// - a socket file named `docker.sock`, `containerd.sock`, `crio.sock`, `cri-dockerd.sock`,
    ///   `dockershim.sock` or `podman.sock`, wherever it is (`/var/run/docker.sock`,
    ///   `/run/docker.sock`, rootless Docker's `/run/user/1000/docker.sock`, MicroK8s's
    ///   `/var/snap/microk8s/common/run/containerd.sock`, ...);
    /// - a runtime state directory, or anything inside one: `/run/containerd`, `/run/crio`,
    ///   `/run/docker`, `/run/k3s/containerd` (k3s and RKE2), and the same under `/var/run`;
    /// - the Windows named pipes `\\.\pipe\docker_engine` and `\\.\pipe\containerd-containerd`.
    ///
    /// Paths are normalised first (duplicate and trailing slashes, `.` and `..` segments). This is
    /// the most specific of the three hostPath rules: a socket under `/var/run` is reported here
    /// and not by `sensitive-host-path`, and no hostPath volume is reported twice. Mounting the
    /// parent `/run` or `/var/run` itself is reported by `sensitive-host-path`.
    ///
    /// ## Why it matters
    /// Whoever can talk to the runtime socket controls the node: it can start a privileged
    /// container with the host's root filesystem mounted, exec into any other pod's containers
    /// and read their secrets, all without any Kubernetes admission control seeing it. Mounting
    /// the socket read-only does not help: connecting to a Unix socket is not a write to the
    /// filesystem.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: batch/v1
    /// kind: Job
    /// metadata:
    ///   name: build
    /// spec:
    ///   template:
    ///     spec:
    ///       restartPolicy: Never
    ///       containers:
    ///         - name: docker
    ///           image: docker:27-cli
    ///           volumeMounts:
    ///             - name: docker-sock
    ///               mountPath: /var/run/docker.sock
    ///       volumes:
    ///         - name: docker-sock
    ///           hostPath:
    ///             path: /var/run/docker.sock
    ///             type: Socket
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: batch/v1
    /// kind: Job
    /// metadata:
    ///   name: build
    /// spec:
    ///   template:
    ///     spec:
    ///       restartPolicy: Never
    ///       containers:
    ///         - name: build
    ///           image: gcr.io/kaniko-project/executor:v1.23.2
    ///           args: ["--context=git://example.com/app.git", "--no-push"]
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, baseline: "HostPath Volumes" (PSA check `hostPathVolumes`)
    /// - CIS Kubernetes Benchmark 5.2.12; NSA/CISA Kubernetes Hardening Guide, "Pod security"
    ///   (allowedHostPaths)
    /// - Peers cover Docker only: kube-linter `docker-sock` matches paths ending in `docker.sock`;
    ///   kubesec `DockerSock`, Checkov CKV_K8S_27 and Trivy KSV-0006 look for
    ///   `/var/run/docker.sock`
    pub struct ContainerRuntimeSocket {
        id: "container-runtime-socket",
        title: "Pod mounts a container runtime socket",
        severity: Severity::Critical,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Remove the hostPath volume. Build images with a daemonless builder (BuildKit rootless, kaniko, buildah), and query container state through the Kubernetes API rather than the runtime.",
        references: References {
            kube_linter: &["docker-sock"],
            kubesec: &["DockerSock"],
            checkov: &["CKV_K8S_27"],
            trivy: &["KSV-0006"],
            pss: &["hostPathVolumes"],
            cis: &["5.2.12"],
            nsa: &["Pod security: allowedHostPaths"],
            ..References::NONE
        },
    }
}

impl Rule for ContainerRuntimeSocket {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        for volume in host_path_volumes(pod) {
            let (PathClass::Runtime(runtime), Some(path)) = (volume.class, volume.path) else {
                continue;
            };
            let path = describe_path(path, volume.normalized.as_deref());
            let what = match runtime {
                Runtime::Socket => format!("mounts {path}, a container runtime socket"),
                Runtime::Pipe => format!("mounts {path}, a container runtime named pipe"),
                Runtime::Dir {
                    relation: Relation::Is,
                    ..
                } => format!("mounts {path}, a container runtime directory that holds its sockets"),
                Runtime::Dir { dir, .. } => {
                    format!("mounts {path}, inside the container runtime directory `{dir}`")
                }
            };
            cx.report(volume.at(), volume.message(pod, &what));
        }
    }
}
