use super::helpers::{Offence, report_with_inheritance};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Group 0 (`root`) given to a pod's processes, in any of three ways:
    /// - the effective `runAsGroup` of a container is `0` (its own value, else the pod's);
    /// - the pod's `securityContext.fsGroup` is `0`;
    /// - the pod's `securityContext.supplementalGroups` contains `0`.
    ///
    /// Each offending field is reported once: a container's `runAsGroup` per container, and the
    /// pod-level fields once for the pod (a pod-level `runAsGroup: 0` names the containers that
    /// inherit it; it is not reported when every container overrides it).
    ///
    /// ## Why it matters
    /// Many files in images and on hosts are writable or readable by group `root`
    /// (`/etc`, sockets, device nodes, mounted host paths). A process in group 0 can read or
    /// change them even when it does not run as UID 0, and `fsGroup: 0` also makes every volume
    /// of the pod owned by group 0.
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
    ///     runAsGroup: 0
    ///     fsGroup: 0
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
    ///     fsGroup: 10001
    ///   containers:
    ///     - name: app
    ///       image: nginxinc/nginx-unprivileged:1.27
    /// ```
    ///
    /// ## References
    /// - NSA/CISA Kubernetes Hardening Guide, "Pod security" (non-root users and groups)
    pub struct RootGroup {
        id: "root-group",
        title: "Pod runs with the root group",
        severity: Severity::Medium,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Set `runAsGroup` and `fsGroup` to a non-zero GID and remove `0` from `supplementalGroups`.",
        references: References {
            kube_linter: &["run-as-non-root"],
            trivy: &["KSV-0116"],
            nsa: &["Pod security: non-root, immutable, privileged"],
            ..References::NONE
        },
    }
}

impl Rule for RootGroup {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        report_with_inheritance(
            pod,
            cx,
            |c| {
                let gid = c.effective_security("runAsGroup")?;
                (gid.node.as_i64() == Some(0))
                    .then(|| Offence::at(gid, format!("{} runs with group 0 (root)", c.describe())))
            },
            |containers| format!("pod-level `runAsGroup: 0` runs {containers} with group 0 (root)"),
        );
        if let Some(node) = pod.pod_security("fsGroup")
            && node.as_i64() == Some(0)
        {
            cx.report(
                node,
                "pod sets `fsGroup: 0`: its volumes are owned by group 0 (root) and every container joins that group",
            );
        }
        if let Some(groups) = pod.pod_security("supplementalGroups") {
            for item in groups.items() {
                if item.as_i64() == Some(0) {
                    cx.report(item, "pod adds group 0 (root) to `supplementalGroups`");
                }
            }
        }
    }
}
