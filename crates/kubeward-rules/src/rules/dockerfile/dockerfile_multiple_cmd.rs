use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::{Dockerfile, Keyword};
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// A stage with more than one `CMD`, or more than one `ENTRYPOINT`: every one after the
    /// first is reported (only the last takes effect). Each stage is checked on its own, since
    /// every stage may set its own; triggers inside `ONBUILD` are not counted. This rule covers
    /// both instructions (hadolint DL4003 and DL4004, Trivy DS-0016 and DS-0007).
    ///
    /// ## Why it matters
    /// Only the last `CMD` and the last `ENTRYPOINT` of a stage count. An earlier one is dead
    /// code that misleads the reader about how the container starts, and is often the remains
    /// of an edit that went wrong.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENTRYPOINT ["/app/server"]
    /// CMD ["--port", "8080"]
    /// CMD ["--port", "9090"]
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM alpine:3.20 AS build
    /// CMD ["make"]
    /// FROM alpine:3.20
    /// ENTRYPOINT ["/app/server"]
    /// CMD ["--port", "8080"]
    /// ```
    ///
    /// ## References
    /// hadolint DL4003 (CMD), DL4004 (ENTRYPOINT); Trivy DS-0016 (CMD), DS-0007 (ENTRYPOINT).
    pub struct DockerfileMultipleCmd {
        id: "dockerfile-multiple-cmd",
        title: "Dockerfile stage has more than one CMD or ENTRYPOINT",
        severity: Severity::Low,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Keep one CMD and one ENTRYPOINT per stage; delete the earlier ones.",
        references: References {
            hadolint: &["DL4003", "DL4004"],
            trivy: &["DS-0016", "DS-0007"],
            ..References::NONE
        },
    }
}

impl Rule for DockerfileMultipleCmd {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for stage in &df.stages {
            for keyword in [Keyword::Cmd, Keyword::Entrypoint] {
                let all: Vec<_> = df
                    .stage_instructions(stage)
                    .iter()
                    .filter(|i| i.keyword == keyword)
                    .collect();
                let Some((first, rest)) = all.split_first() else {
                    continue;
                };
                for ins in rest {
                    cx.report(
                        Some(stage),
                        ins.keyword_span,
                        format!(
                            "another {keyword} in stage `{}` (the first is on line {}); only the last one takes effect",
                            stage.display_name(),
                            first.keyword_span.start.line
                        ),
                    );
                }
            }
        }
    }
}
