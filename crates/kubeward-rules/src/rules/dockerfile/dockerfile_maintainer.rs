use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::{Dockerfile, Keyword};
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// The deprecated `MAINTAINER` instruction, anywhere in the file.
    ///
    /// ## Why it matters
    /// `MAINTAINER` has been deprecated since Docker 1.13; the `org.opencontainers.image.authors`
    /// label carries the same information where tools look for it.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM alpine:3.20
    /// MAINTAINER Jane Doe <jane@example.com>
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
    /// ```
    ///
    /// ## References
    /// hadolint DL4000; Checkov CKV_DOCKER_6; Trivy DS-0022.
    pub struct DockerfileMaintainer {
        id: "dockerfile-maintainer",
        title: "Dockerfile uses the deprecated MAINTAINER instruction",
        severity: Severity::Low,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Replace MAINTAINER with `LABEL org.opencontainers.image.authors=\"…\"`.",
        references: References {
            hadolint: &["DL4000"],
            checkov: &["CKV_DOCKER_6"],
            trivy: &["DS-0022"],
            ..References::NONE
        },
    }
}

impl Rule for DockerfileMaintainer {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for stage in &df.stages {
            for ins in df.stage_instructions(stage) {
                if ins.keyword == Keyword::Maintainer {
                    cx.report(
                        Some(stage),
                        ins.keyword_span,
                        "MAINTAINER is deprecated; use the `org.opencontainers.image.authors` label",
                    );
                }
            }
        }
    }
}
