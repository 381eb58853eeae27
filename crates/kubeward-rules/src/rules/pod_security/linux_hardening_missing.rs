use super::apparmor_profile_missing::{AppArmor, effective_apparmor};
use super::helpers::{SeccompType, effective_seccomp};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, ContainerView, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Containers (init and ephemeral ones included) that use none of the Linux hardening
    /// mechanisms, as Polaris `linuxHardening` defines them. A container is hardened by any one
    /// of:
    ///
    /// - a seccomp profile `RuntimeDefault` or `Localhost` (its own, else the pod's; legacy
    ///   annotations as `seccomp-profile-missing` reads them);
    /// - an AppArmor profile other than unconfined (field or legacy annotation, as
    ///   `apparmor-profile-missing` reads them);
    /// - non-empty SELinux options (its own `seLinuxOptions`, else the pod's);
    /// - a non-empty `capabilities.drop` list, with no `ALL` in `capabilities.add`.
    ///
    /// Pods with `spec.os.name: windows` are skipped. Each mechanism has its own, stricter rule
    /// (`seccomp-profile-missing`, `apparmor-profile-missing`, `capabilities-not-dropped`);
    /// this one finds the containers that have none of them at all.
    ///
    /// ## Why it matters
    /// Seccomp, AppArmor, SELinux and dropped capabilities each cut down what a compromised
    /// process can ask of the kernel. A container with none of them relies entirely on the
    /// runtime's defaults, and one kernel bug reachable through an unfiltered system call is
    /// enough to break out of it.
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
    ///       securityContext:
    ///         runAsNonRoot: true
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   securityContext:
    ///     seccompProfile:
    ///       type: RuntimeDefault
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27
    ///       securityContext:
    ///         runAsNonRoot: true
    ///         capabilities:
    ///           drop: [ALL]
    /// ```
    ///
    /// ## References
    /// - Polaris `linuxHardening`
    /// - Kubernetes documentation, "Linux kernel security constraints for Pods and containers"
    pub struct LinuxHardeningMissing {
        id: "linux-hardening-missing",
        title: "Container uses no Linux hardening",
        severity: Severity::Low,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Set `seccompProfile.type: RuntimeDefault` on the pod and `capabilities.drop: [ALL]` on each container; add an AppArmor or SELinux profile where the nodes support one.",
        references: References {
            polaris: &["linuxHardening"],
            ..References::NONE
        },
    }
}

/// The container drops at least one capability and does not add `ALL` back.
fn drops_capabilities(c: &ContainerView<'_>) -> bool {
    c.capabilities("drop").next().is_some()
        && !c
            .capabilities("add")
            .any(|(_, name)| name.trim().eq_ignore_ascii_case("ALL"))
}

impl Rule for LinuxHardeningMissing {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        if pod.is_windows() {
            return;
        }
        let version = cx.settings().kubernetes_version;
        for c in pod.containers() {
            let seccomp = effective_seccomp(&c, version).is_some_and(|s| {
                matches!(s.kind, SeccompType::RuntimeDefault | SeccompType::Localhost)
            });
            let apparmor = effective_apparmor(&c, version) == Some(AppArmor::Confined);
            let selinux = c
                .effective_security("seLinuxOptions")
                .is_some_and(|e| e.node.is_map() && !e.node.entries().is_empty());
            if seccomp || apparmor || selinux || drops_capabilities(&c) {
                continue;
            }
            let capabilities = if c.capabilities("drop").next().is_some() {
                "the capabilities it drops are added back by `add: [ALL]`"
            } else {
                "no dropped capabilities"
            };
            cx.report_container(
                &c,
                c.node,
                format!(
                    "{} uses no Linux hardening: no seccomp or AppArmor profile, no SELinux options, and {capabilities}",
                    c.describe()
                ),
            );
        }
    }
}
