use super::helpers::{
    Offence, SeccompSource, SeccompType, effective_seccomp, report_with_inheritance,
};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Level, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Seccomp profiles of type `Unconfined`: `securityContext.seccompProfile.type: Unconfined`
    /// on a container (init and ephemeral ones included) or on the pod. This is the Pod Security
    /// Standards baseline check `seccompProfile_baseline`.
    ///
    /// A container-level value is reported per container, at its `type`; a pod-level one once,
    /// naming the containers that inherit it. Like the Pod Security Standards, a pod-level
    /// `Unconfined` is reported even when every container overrides it (with a message saying
    /// so): a baseline namespace rejects the pod.
    ///
    /// The legacy annotations `container.seccomp.security.alpha.kubernetes.io/<container>` and
    /// `seccomp.security.alpha.kubernetes.io/pod` set to `unconfined` count where the matching
    /// field is unset, but only when the target Kubernetes version (`--kubernetes-version`) is
    /// below 1.27: until then the API server copied them into the fields. From 1.27 they have no
    /// effect; the container then runs with the kubelet's default profile, which
    /// `seccomp-profile-missing` reports. A missing profile is `seccomp-profile-missing`'s
    /// finding in any case.
    ///
    /// ## Why it matters
    /// `Unconfined` turns seccomp filtering off explicitly, even on clusters whose kubelets
    /// default to `RuntimeDefault`: every system call, including those behind most kernel
    /// privilege escalations and container escapes, is open to the container.
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
    ///         seccompProfile:
    ///           type: Unconfined
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
    ///         seccompProfile:
    ///           type: RuntimeDefault
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, baseline: "Seccomp"
    /// - CIS Kubernetes Benchmark 5.7.2; NSA/CISA Kubernetes Hardening Guide, "Pod security"
    ///   (hardening container environments with seccomp)
    pub struct SeccompUnconfined {
        id: "seccomp-unconfined",
        title: "Container runs with seccomp Unconfined",
        severity: Severity::High,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Set `seccompProfile.type: RuntimeDefault` (or `Localhost` with a profile that allows the extra system calls the workload needs) instead of `Unconfined`, and remove `unconfined` seccomp annotations.",
        references: References {
            polaris: &["linuxHardening"],
            kubesec: &["SeccompUnconfined"],
            checkov: &["CKV_K8S_31"],
            trivy: &["KSV-0104"],
            pss: &["seccompProfile_baseline"],
            cis: &["5.7.2"],
            nsa: &["Pod security: hardening container environments"],
            ..References::NONE
        },
    }
}

impl Rule for SeccompUnconfined {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        let version = cx.settings().kubernetes_version;
        let pod_field = pod.pod_security("seccompProfile").filter(|n| !n.is_null());
        let mut inherited = false;
        report_with_inheritance(
            pod,
            cx,
            |c| {
                let s =
                    effective_seccomp(c, version).filter(|s| s.kind == SeccompType::Unconfined)?;
                inherited |= s.level == Level::Pod;
                let how = match s.source {
                    SeccompSource::Field => "`seccompProfile.type: Unconfined`",
                    SeccompSource::Annotation => "seccomp annotation `unconfined`",
                };
                Some(Offence {
                    node: s.node,
                    level: s.level,
                    message: format!("{} runs without seccomp ({how})", c.describe()),
                })
            },
            |containers| {
                if pod_field.is_some() {
                    format!(
                        "pod-level `seccompProfile.type: Unconfined` runs {containers} without seccomp"
                    )
                } else {
                    format!("pod seccomp annotation `unconfined` runs {containers} without seccomp")
                }
            },
        );
        // The Pod Security Standards reject a pod-level Unconfined even when no container
        // inherits it.
        if !inherited
            && let Some(type_node) = pod_field
                .and_then(|p| p.get("type"))
                .filter(|t| t.as_str() == Some("Unconfined"))
        {
            cx.report(
                type_node,
                "pod-level `seccompProfile.type: Unconfined` is overridden by every container, but the Pod Security Standards reject it",
            );
        }
    }
}
