use super::helpers::{
    Offence, SeccompSource, SeccompType, effective_seccomp, report_with_inheritance,
};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Containers, init containers and ephemeral containers whose effective seccomp profile is
    /// `Unconfined`: `securityContext.seccompProfile.type: Unconfined` on the container, or on
    /// the pod and not overridden by the container, or the legacy annotation
    /// (`container.seccomp.security.alpha.kubernetes.io/<container>` or
    /// `seccomp.security.alpha.kubernetes.io/pod`) set to `unconfined` where the matching field
    /// is unset. The API server copies such an annotation into the field.
    ///
    /// A container-level value is reported per container, at its `type` (or annotation); a
    /// pod-level one once, naming the containers that inherit it. A pod-level `Unconfined` that
    /// every container overrides is not reported. A missing profile is `seccomp-profile-missing`.
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
        // A pod-level Unconfined comes from the field when it is set, else from the annotation.
        let pod_field = pod
            .pod_security("seccompProfile")
            .is_some_and(|n| !n.is_null());
        report_with_inheritance(
            pod,
            cx,
            |c| {
                let s = effective_seccomp(c).filter(|s| s.kind == SeccompType::Unconfined)?;
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
                if pod_field {
                    format!(
                        "pod-level `seccompProfile.type: Unconfined` runs {containers} without seccomp"
                    )
                } else {
                    format!("pod seccomp annotation `unconfined` runs {containers} without seccomp")
                }
            },
        );
    }
}
