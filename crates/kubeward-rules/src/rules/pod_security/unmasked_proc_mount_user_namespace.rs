use super::helpers::user_namespace_relaxed;
use super::unmasked_proc_mount::non_default_proc_mount;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Containers (init and ephemeral ones included) whose `securityContext.procMount` is set to
    /// anything but `Default` in a pod that runs in its own user namespace
    /// (`spec.hostUsers: false`), from Kubernetes 1.35 (`--kubernetes-version`). The baseline
    /// level allows this from 1.35 and `unmasked-proc-mount` then stays silent; the restricted
    /// level still forbids it (the Pod Security Standards check `procMount_restricted`). Before
    /// 1.35 `unmasked-proc-mount` reports every unmasked `/proc` and this rule reports nothing,
    /// so the two rules never report the same container.
    ///
    /// ## Why it matters
    /// A user namespace maps the container's root to an unprivileged host user, which takes the
    /// worst out of an unmasked `/proc`. The masked paths still hide kernel interfaces that the
    /// container has no use for, and the restricted level keeps every layer of defence:
    /// a kernel bug reachable through them is still a way out.
    ///
    /// ## Bad
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
    ///         procMount: Default
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, restricted: "/proc Mount Type" (`procMount_restricted`, policy
    ///   v1.35+)
    /// - kube-linter `unsafe-proc-mount`; Polaris `procMount`; Trivy KSV-0027 (they report any
    ///   unmasked `/proc`)
    pub struct UnmaskedProcMountUserNamespace {
        id: "unmasked-proc-mount-user-namespace",
        title: "Container unmasks /proc in a user namespace",
        severity: Severity::Low,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Remove `securityContext.procMount` or set it to `Default`; only the baseline level allows an unmasked `/proc`, and only in a user namespace.",
        references: References {
            kube_linter: &["unsafe-proc-mount"],
            polaris: &["procMount"],
            trivy: &["KSV-0027"],
            pss: &["procMount_restricted"],
            ..References::NONE
        },
    }
}

impl Rule for UnmaskedProcMountUserNamespace {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        if !user_namespace_relaxed(pod, cx.settings().kubernetes_version) {
            return;
        }
        for c in pod.containers() {
            if let Some((node, value)) = non_default_proc_mount(&c) {
                cx.report_container(
                    &c,
                    node,
                    format!(
                        "{} sets `procMount: {value}` in a user namespace (`hostUsers: false`), which only the baseline level allows",
                        c.describe()
                    ),
                );
            }
        }
    }
}
