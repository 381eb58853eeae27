use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::Dockerfile;
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Stage names (`FROM image AS name`) that repeat an earlier stage's name (compared
    /// case-insensitively, as BuildKit does), or that are the reserved name `scratch`.
    ///
    /// ## Why it matters
    /// With two stages of the same name, `COPY --from=name` and `--target name` pick one of them,
    /// and which one depends on the builder: the image is not built from what the reader
    /// thinks. BuildKit refuses `scratch` as a stage name, so the build breaks.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// FROM node:20.11 AS Build
    /// FROM alpine:3.20 AS scratch
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM golang:1.22 AS build-go
    /// FROM node:20.11 AS build-web
    /// FROM scratch AS final
    /// ```
    ///
    /// ## References
    /// hadolint DL3024 (duplicate), DL3063 (reserved name); Checkov CKV_DOCKER_11; Trivy
    /// DS-0012.
    pub struct DockerfileStageNameInvalid {
        id: "dockerfile-stage-name-invalid",
        title: "Dockerfile stage name is a duplicate or reserved",
        severity: Severity::Medium,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Give every stage a unique name other than `scratch`.",
        references: References {
            hadolint: &["DL3024", "DL3063"],
            checkov: &["CKV_DOCKER_11"],
            trivy: &["DS-0012"],
            ..References::NONE
        },
    }
}

impl Rule for DockerfileStageNameInvalid {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for stage in &df.stages {
            let Some(name) = &stage.name else {
                continue;
            };
            if name.text.eq_ignore_ascii_case("scratch") {
                cx.report(
                    Some(stage),
                    name.span,
                    format!("stage name `{}` is reserved", name.text),
                );
                continue;
            }
            let earlier = df.stages[..stage.index].iter().find(|s| {
                s.name
                    .as_ref()
                    .is_some_and(|n| n.text.eq_ignore_ascii_case(&name.text))
            });
            if let Some(earlier) = earlier {
                cx.report(
                    Some(stage),
                    name.span,
                    format!(
                        "stage name `{}` is already used by the stage on line {}",
                        name.text, earlier.image.span.start.line
                    ),
                );
            }
        }
    }
}
