use super::helpers::user_namespace_relaxed;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, ContainerView, Node, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Containers (init and ephemeral ones included) whose `securityContext.procMount` is set to
    /// anything but `Default`, that is `Unmasked`. This is the Pod Security Standards baseline
    /// check `procMount`, including its relaxation: from Kubernetes 1.35
    /// (`--kubernetes-version`), a pod in its own user namespace (`spec.hostUsers: false`) may
    /// unmask `/proc`, and is not reported here. The restricted level keeps forbidding it; that
    /// case is `unmasked-proc-mount-user-namespace`'s finding, so a container is never reported
    /// by both rules.
    ///
    /// ## Why it matters
    /// By default the container runtime masks and makes read-only the parts of `/proc` that
    /// expose the host kernel (`/proc/kcore`, `/proc/sysrq-trigger`, `/proc/sys`, ...).
    /// `Unmasked` removes those protections: a process in the container can read kernel memory
    /// and change kernel settings for the whole node, unless a user namespace maps it to an
    /// unprivileged host user.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: builder
    /// spec:
    ///   containers:
    ///     - name: buildkit
    ///       image: moby/buildkit:v0.15.0-rootless
    ///       securityContext:
    ///         procMount: Unmasked
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: builder
    /// spec:
    ///   hostUsers: false
    ///   containers:
    ///     - name: buildkit
    ///       image: moby/buildkit:v0.15.0-rootless
    ///       securityContext:
    ///         procMount: Unmasked
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, baseline: "/proc Mount Type" (`procMount`; relaxed for
    ///   `hostUsers: false` from policy v1.35)
    /// - kube-linter `unsafe-proc-mount`; Polaris `procMount`; Trivy KSV-0027
    pub struct UnmaskedProcMount {
        id: "unmasked-proc-mount",
        title: "Container unmasks /proc",
        severity: Severity::High,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Remove `securityContext.procMount` or set it to `Default`; workloads that need an unmasked `/proc` (nested containers) should run in a user namespace (`hostUsers: false`).",
        references: References {
            kube_linter: &["unsafe-proc-mount"],
            polaris: &["procMount"],
            trivy: &["KSV-0027"],
            pss: &["procMount"],
            ..References::NONE
        },
    }
}

/// The container's `procMount`, when it is set to something other than `Default`.
pub(super) fn non_default_proc_mount<'a>(c: &ContainerView<'a>) -> Option<(&'a Node, &'a str)> {
    let node = c.own_security("procMount").filter(|n| !n.is_null())?;
    let text = node.text()?;
    (text != "Default").then_some((node, text))
}

impl Rule for UnmaskedProcMount {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        if user_namespace_relaxed(pod, cx.settings().kubernetes_version) {
            return;
        }
        for c in pod.containers() {
            if let Some((node, value)) = non_default_proc_mount(&c) {
                cx.report_container(
                    &c,
                    node,
                    format!(
                        "{} sets `procMount: {value}`, exposing the host kernel's /proc",
                        c.describe()
                    ),
                );
            }
        }
    }
}
