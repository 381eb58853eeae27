use super::helpers::{Offence, report_with_inheritance};
use super::low_uid::{LOW_ID_MAX, low_ids_exempt};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Containers (init and ephemeral ones included) whose effective `runAsGroup` (the
    /// container's own value, else the pod's) is between 1 and 10000. GID 0 is `root-group`'s
    /// finding, and an unset `runAsGroup` (the image decides) is not reported. A pod-level value
    /// inherited by several containers is reported once, at the pod's field, naming them.
    /// `fsGroup` and `supplementalGroups` are not checked: they commonly name a shared group on
    /// purpose, and group 0 in them is `root-group`'s finding.
    ///
    /// Pods in a user namespace (`hostUsers: false`) and pods with `spec.os.name: windows` are
    /// skipped, as for `low-uid`.
    ///
    /// ## Why it matters
    /// Without user namespaces a container GID is the same number on the node, where low GIDs
    /// are system groups (`adm`, `disk`, `docker`, `systemd-journal`, the first login user's
    /// group) that grant access to logs, block devices or sockets. A process that escapes the
    /// container, or touches a shared host path, carries that group with it.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   securityContext:
    ///     runAsUser: 10001
    ///     runAsGroup: 100
    ///   containers:
    ///     - name: app
    ///       image: nginxinc/nginx-unprivileged:1.27
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
    ///     runAsUser: 10001
    ///     runAsGroup: 10001
    ///   containers:
    ///     - name: app
    ///       image: nginxinc/nginx-unprivileged:1.27
    /// ```
    ///
    /// ## References
    /// - kubesec `RunAsGroup`, kube-score `container-security-context-user-group-id`, Trivy
    ///   KSV-0021
    pub struct LowGid {
        id: "low-gid",
        title: "Container runs with a low GID",
        severity: Severity::Low,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Set `runAsGroup` to a GID above 10000 that no host group has, or run the pod in a user namespace with `hostUsers: false`.",
        references: References {
            kubesec: &["RunAsGroup"],
            kube_score: &["container-security-context-user-group-id"],
            trivy: &["KSV-0021"],
            ..References::NONE
        },
    }
}

impl Rule for LowGid {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        if low_ids_exempt(pod) {
            return;
        }
        report_with_inheritance(
            pod,
            cx,
            |c| {
                let gid = c.effective_security("runAsGroup")?;
                let value = gid.node.as_i64()?;
                (1..=LOW_ID_MAX).contains(&value).then(|| {
                    Offence::at(
                        gid,
                        format!(
                            "{} runs with low GID {value} ({LOW_ID_MAX} or below)",
                            c.describe()
                        ),
                    )
                })
            },
            |containers| {
                let value = pod
                    .pod_security("runAsGroup")
                    .and_then(|n| n.as_i64())
                    .unwrap_or_default();
                format!(
                    "pod-level `runAsGroup: {value}` (a low GID, {LOW_ID_MAX} or below) applies to {containers}"
                )
            },
        );
    }
}
