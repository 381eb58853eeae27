use super::helpers::{
    Offence, SeccompType, effective_seccomp, ignored_seccomp_annotation, linux_only_exempt,
    report_with_inheritance, seccomp_annotations_apply,
};
use crate::{Rule, RuleContext};
use kubeward_model::{Category, Level, PodSpecView, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Containers, init containers and ephemeral containers that run without a seccomp
    /// profile: neither the container's nor the pod's `securityContext.seccompProfile.type` is
    /// `RuntimeDefault` or `Localhost`. The container's value wins over the pod's. This is the
    /// Pod Security Standards restricted check `seccompProfile_restricted`.
    ///
    /// The legacy annotations `container.seccomp.security.alpha.kubernetes.io/<container>` and
    /// `seccomp.security.alpha.kubernetes.io/pod` count only when the target Kubernetes version
    /// (`--kubernetes-version`) is below 1.27: until then the API server copied them into the
    /// unset fields (`runtime/default`, `docker/default` and `localhost/<profile>` are profiles).
    /// From 1.27 they have no effect, and a container that relies on one is reported, with a
    /// message saying so.
    ///
    /// An explicit `Unconfined` is `seccomp-unconfined`'s finding, not this rule's. A
    /// `seccompProfile` with no valid `type` is reported at that field (a pod-level one once,
    /// naming the containers that inherit it). Pods with `spec.os.name: windows` are skipped
    /// from Kubernetes 1.25, as the Pod Security Standards skip them (seccomp does not apply).
    ///
    /// ## Why it matters
    /// Unless the kubelet runs with `--seccomp-default`, a container without a profile runs
    /// Unconfined: every one of the kernel's ~400 system calls is reachable, including the
    /// rarely used ones behind most kernel privilege escalations (`keyctl`, `unshare`,
    /// `userfaultfd`, ...). `RuntimeDefault` blocks them at no cost for nearly every
    /// application.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: batch/v1
    /// kind: Job
    /// metadata:
    ///   name: migrate
    /// spec:
    ///   template:
    ///     spec:
    ///       restartPolicy: Never
    ///       containers:
    ///         - name: migrate
    ///           image: flyway/flyway:10
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: batch/v1
    /// kind: Job
    /// metadata:
    ///   name: migrate
    /// spec:
    ///   template:
    ///     spec:
    ///       restartPolicy: Never
    ///       securityContext:
    ///         seccompProfile:
    ///           type: RuntimeDefault
    ///       containers:
    ///         - name: migrate
    ///           image: flyway/flyway:10
    /// ```
    ///
    /// ## References
    /// - Pod Security Standards, restricted: "Seccomp"
    /// - CIS Kubernetes Benchmark 5.7.2; NSA/CISA Kubernetes Hardening Guide, "Pod security"
    ///   (hardening container environments with seccomp)
    pub struct SeccompProfileMissing {
        id: "seccomp-profile-missing",
        title: "Container has no seccomp profile",
        severity: Severity::Medium,
        category: Category::PodSecurity,
        scope: Scope::PodSpec,
        remediation: "Set `securityContext.seccompProfile.type: RuntimeDefault` on the pod (or `Localhost` with a `localhostProfile`).",
        references: References {
            polaris: &["linuxHardening"],
            kubesec: &["SeccompAny"],
            kube_score: &["container-seccomp-profile"],
            checkov: &["CKV_K8S_31"],
            trivy: &["KSV-0030"],
            pss: &["seccompProfile_restricted"],
            cis: &["5.7.2"],
            nsa: &["Pod security: hardening container environments"],
            ..References::NONE
        },
    }
}

impl Rule for SeccompProfileMissing {
    fn check_pod(&self, pod: &PodSpecView<'_>, cx: &mut RuleContext<'_>) {
        let version = cx.settings().kubernetes_version;
        if linux_only_exempt(pod, version) {
            return;
        }
        report_with_inheritance(
            pod,
            cx,
            |c| match effective_seccomp(c, version) {
                None => {
                    let ignored = !seccomp_annotations_apply(version)
                        && ignored_seccomp_annotation(c).is_some();
                    let message = if ignored {
                        format!(
                            "{} has no seccomp profile: its seccomp annotation has been ignored since Kubernetes 1.27, and no `seccompProfile.type` RuntimeDefault or Localhost is set on it or on the pod",
                            c.describe()
                        )
                    } else {
                        format!(
                            "{} has no seccomp profile: no `seccompProfile.type` RuntimeDefault or Localhost on it or on the pod",
                            c.describe()
                        )
                    };
                    Some(Offence {
                        node: c.node,
                        level: Level::Container,
                        message,
                    })
                }
                Some(s) if s.kind == SeccompType::Invalid => Some(Offence {
                    node: s.node,
                    level: s.level,
                    message: format!(
                        "{} has a `seccompProfile` whose type is not RuntimeDefault or Localhost",
                        c.describe()
                    ),
                }),
                Some(_) => None,
            },
            |containers| {
                format!(
                    "pod-level `seccompProfile` has no type RuntimeDefault or Localhost, so {containers} run without one"
                )
            },
        );
    }
}
