use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::{Dockerfile, Keyword};
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// A final stage with no `HEALTHCHECK`, in the stage itself or in the earlier stages it is
    /// built on (`FROM build`). `HEALTHCHECK NONE` counts as a deliberate choice. The finding is
    /// at the final stage's `FROM`. A base image from a registry may carry a `HEALTHCHECK` of
    /// its own, which the file does not show.
    ///
    /// ## Why it matters
    /// Without a health check, Docker and Compose only know whether the process is running, not
    /// whether it serves. On Kubernetes the `HEALTHCHECK` is ignored and the Pod's probes do
    /// this job (`liveness-probe-missing`, `readiness-probe-missing`), which is why this rule is
    /// not in the default profile.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM alpine:3.20
    /// CMD ["/app/server"]
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM alpine:3.20 AS base
    /// HEALTHCHECK CMD wget -q -O /dev/null http://localhost:8080/healthz
    /// FROM base
    /// CMD ["/app/server"]
    /// ```
    ///
    /// ## References
    /// hadolint DL3057; Checkov CKV_DOCKER_2; Trivy DS-0026.
    pub struct DockerfileHealthcheckMissing {
        id: "dockerfile-healthcheck-missing",
        title: "Dockerfile final stage has no HEALTHCHECK",
        severity: Severity::Low,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Add a HEALTHCHECK to the final stage (or `HEALTHCHECK NONE` when the platform checks health itself).",
        references: References {
            hadolint: &["DL3057"],
            checkov: &["CKV_DOCKER_2"],
            trivy: &["DS-0026"],
            ..References::NONE
        },
    }
}

impl Rule for DockerfileHealthcheckMissing {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        let Some(last) = df.final_stage() else {
            return;
        };
        let mut stage = Some(last);
        let mut seen = 0;
        while let Some(s) = stage {
            if df
                .stage_instructions(s)
                .iter()
                .any(|i| i.keyword == Keyword::Healthcheck)
            {
                return;
            }
            seen += 1;
            // Stages only build on earlier ones; the bound guards against a cycle regardless.
            if seen > df.stages.len() {
                break;
            }
            stage = s.base_stage.and_then(|i| df.stages.get(i));
        }
        let span = df
            .stage_instructions(last)
            .first()
            .map_or(last.image.span, |i| i.span);
        cx.report(
            Some(last),
            span,
            format!("final stage `{}` has no HEALTHCHECK", last.display_name()),
        );
    }
}
