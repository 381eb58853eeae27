use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::{Dockerfile, Keyword};
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// A stage with more than one `HEALTHCHECK`: every one after the first is reported (only
    /// the last takes effect). `HEALTHCHECK NONE` counts too. Triggers inside `ONBUILD` are not
    /// counted.
    ///
    /// ## Why it matters
    /// Only the last `HEALTHCHECK` of a stage counts; an earlier one misleads the reader about
    /// how the container's health is judged.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM alpine:3.20
    /// HEALTHCHECK CMD wget -q -O /dev/null http://localhost:8080/healthz
    /// HEALTHCHECK --interval=10s CMD wget -q -O /dev/null http://localhost:8080/ready
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM alpine:3.20 AS build
    /// HEALTHCHECK NONE
    /// FROM alpine:3.20
    /// HEALTHCHECK --interval=10s CMD wget -q -O /dev/null http://localhost:8080/healthz
    /// ```
    ///
    /// ## References
    /// hadolint DL3012; Trivy DS-0023.
    pub struct DockerfileMultipleHealthcheck {
        id: "dockerfile-multiple-healthcheck",
        title: "Dockerfile stage has more than one HEALTHCHECK",
        severity: Severity::Low,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Keep one HEALTHCHECK per stage; delete the earlier ones.",
        references: References {
            hadolint: &["DL3012"],
            trivy: &["DS-0023"],
            ..References::NONE
        },
    }
}

impl Rule for DockerfileMultipleHealthcheck {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for stage in &df.stages {
            let all: Vec<_> = df
                .stage_instructions(stage)
                .iter()
                .filter(|i| i.keyword == Keyword::Healthcheck)
                .collect();
            let Some((first, rest)) = all.split_first() else {
                continue;
            };
            for ins in rest {
                cx.report(
                    Some(stage),
                    ins.keyword_span,
                    format!(
                        "another HEALTHCHECK in stage `{}` (the first is on line {}); only the last one takes effect",
                        stage.display_name(),
                        first.keyword_span.start.line
                    ),
                );
            }
        }
    }
}
