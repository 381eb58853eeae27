use super::helpers::{BASELINE_CAPABILITIES, linux_only_exempt};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Containers (init and ephemeral ones included) whose `securityContext.capabilities.add`
    /// names a capability of the baseline allow-list other than `NET_BIND_SERVICE`:
    /// `AUDIT_WRITE`, `CHOWN`, `DAC_OVERRIDE`, `FOWNER`, `FSETID`, `KILL`, `MKNOD`, `SETFCAP`,
    /// `SETGID`, `SETPCAP`, `SETUID` or `SYS_CHROOT`. The restricted level lets a container add
    /// only `NET_BIND_SERVICE` (the add half of the Pod Security Standards check
    /// `capabilities_restricted`; `capabilities-not-dropped` is the drop half).
    ///
    /// Every other added capability is already reported by a baseline rule
    /// (`dangerous-capability-added`, `sys-admin-capability`), so this rule does not report it
    /// again: together they give one finding per added item. Pods with `spec.os.name: windows`
    /// are skipped from Kubernetes 1.25 (`--kubernetes-version`), as the restricted level skips
    /// them.
    ///
    /// ## Why it matters
    /// Container runtimes already grant these capabilities by default, and a container that
    /// drops `ALL` (as the restricted level requires) and adds them back regains root-like
    /// powers over files (`CHOWN`, `DAC_OVERRIDE`, `FOWNER`), identities (`SETUID`, `SETGID`)
    /// and other processes (`KILL`). Most applications need none of them once they run as a
    /// non-root user with files owned accordingly.
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
    ///         capabilities:
    ///           drop: [ALL]
    ///           add: [NET_BIND_SERVICE, CHOWN, SETUID, SETGID]
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
    ///       image: nginx:1.27
    ///       securityContext:
    ///         capabilities:
    ///           drop: [ALL]
    ///           add: [NET_BIND_SERVICE]
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, restricted: "Capabilities" (`capabilities_restricted`)
    /// - Trivy KSV-0106
    /// - CIS Kubernetes Benchmark 5.2.9
    pub struct CapabilityAdded {
        id: "capability-added",
        title: "Container adds a capability other than NET_BIND_SERVICE",
        severity: Severity::Medium,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Remove the capability from `capabilities.add`: run as a non-root user that owns the files it needs, and add back at most `NET_BIND_SERVICE`.",
        references: References {
            trivy: &["KSV-0106"],
            pss: &["capabilities_restricted"],
            cis: &["5.2.9"],
            ..References::NONE
        },
    }
}

impl Rule for CapabilityAdded {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        if linux_only_exempt(pod, cx.settings().kubernetes_version) {
            return;
        }
        for c in pod.containers() {
            for (node, name) in c.capabilities("add") {
                // Outside the baseline list: a baseline rule's finding.
                if name == "NET_BIND_SERVICE" || !BASELINE_CAPABILITIES.contains(&name) {
                    continue;
                }
                cx.report_container(
                    &c,
                    node,
                    format!(
                        "{} adds `{name}`; the restricted level allows adding only NET_BIND_SERVICE",
                        c.describe()
                    ),
                );
            }
        }
    }
}
