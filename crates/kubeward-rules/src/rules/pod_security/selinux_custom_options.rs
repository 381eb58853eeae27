use crate::settings::KubeVersion;
use crate::{Rule, RuleContext};
use kubeward_model::{Category, ContainerView, Node, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// `securityContext.seLinuxOptions` on the pod or on any container (init and ephemeral ones
    /// included) that sets:
    ///
    /// - a `type` other than the container types `container_t`, `container_init_t` and
    ///   `container_kvm_t`, and from Kubernetes 1.31 `container_engine_t` (an empty `type` is
    ///   the default and is fine);
    /// - a `user` or a `role` (any non-empty value).
    ///
    /// `level` (the MCS categories) is not restricted. Each offending field is reported where it
    /// is set; a pod-level one is reported even when the containers set their own options, as the
    /// Pod Security Standards do. This is the Pod Security Standards baseline check
    /// `seLinuxOptions`, with its allowed types for the target version (`--kubernetes-version`).
    ///
    /// ## Why it matters
    /// On SELinux hosts the container types confine a container's processes to their own files.
    /// Another type, such as `spc_t` ("super privileged container") or `unconfined_t`, or a
    /// custom user or role, lifts that confinement: the process can then read and write host
    /// files and other containers' data that SELinux would have denied.
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
    ///         seLinuxOptions:
    ///           type: spc_t
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
    ///     seLinuxOptions:
    ///       level: "s0:c123,c456"
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, baseline: "SELinux" (`seLinuxOptions`)
    /// - Trivy KSV-0025; Polaris `linuxHardening`
    /// - NSA/CISA Kubernetes Hardening Guide, "Pod security" (hardening container environments)
    pub struct SelinuxCustomOptions {
        id: "selinux-custom-options",
        title: "SELinux options lift the container confinement",
        severity: Severity::Medium,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Remove `seLinuxOptions.user` and `seLinuxOptions.role`, and leave `type` unset or set it to a container type (`container_t`, `container_init_t`, `container_kvm_t`, `container_engine_t`); set only `level` when you need specific MCS categories.",
        references: References {
            polaris: &["linuxHardening"],
            trivy: &["KSV-0025"],
            pss: &["seLinuxOptions"],
            nsa: &["Pod security: hardening container environments"],
            ..References::NONE
        },
    }
}

/// SELinux types the baseline level accepts for `version` (an empty type is accepted too).
fn allowed_type(t: &str, version: KubeVersion) -> bool {
    matches!(
        t,
        "" | "container_t" | "container_init_t" | "container_kvm_t"
    ) || (t == "container_engine_t" && version.at_least(1, 31))
}

/// The offending fields of one `seLinuxOptions` mapping: (node, description).
fn offences(options: &Node, version: KubeVersion) -> Vec<(&Node, String)> {
    let mut out = Vec::new();
    if let Some(t) = options.get("type").filter(|n| !n.is_null())
        && let Some(text) = t.text()
        && !allowed_type(text, version)
    {
        let note = if text == "container_engine_t" {
            " (allowed from Kubernetes 1.31)"
        } else {
            ""
        };
        out.push((
            t,
            format!("SELinux type `{text}`, which is not a container type{note}"),
        ));
    }
    for field in ["user", "role"] {
        if let Some(n) = options.get(field).filter(|n| !n.is_null())
            && let Some(text) = n.text().filter(|t| !t.is_empty())
        {
            out.push((n, format!("a custom SELinux {field} `{text}`")));
        }
    }
    out
}

impl Rule for SelinuxCustomOptions {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        let version = cx.settings().kubernetes_version;
        if let Some(options) = pod.pod_security("seLinuxOptions") {
            for (node, what) in offences(options, version) {
                cx.report(node, format!("pod-level `seLinuxOptions` sets {what}"));
            }
        }
        for c in pod.containers() {
            check_container(&c, version, cx);
        }
    }
}

fn check_container(c: &ContainerView<'_>, version: KubeVersion, cx: &mut RuleContext<'_>) {
    if let Some(options) = c.own_security("seLinuxOptions") {
        for (node, what) in offences(options, version) {
            cx.report_container(c, node, format!("{} sets {what}", c.describe()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn container_engine_t_is_allowed_from_1_31() {
        assert!(allowed_type("", KubeVersion::new(1, 30)));
        assert!(allowed_type("container_kvm_t", KubeVersion::new(1, 30)));
        assert!(!allowed_type("container_engine_t", KubeVersion::new(1, 30)));
        assert!(allowed_type("container_engine_t", KubeVersion::new(1, 31)));
        assert!(!allowed_type("spc_t", KubeVersion::NEWEST));
        assert!(!allowed_type("Container_t", KubeVersion::NEWEST));
    }
}
