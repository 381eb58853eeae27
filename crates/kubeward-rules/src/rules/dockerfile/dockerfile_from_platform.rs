use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::{Dockerfile, Keyword};
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// `FROM --platform=<value>` where the value is a fixed platform (`linux/amd64`), which pins
    /// the stage to one architecture, or `$TARGETPLATFORM` (`${TARGETPLATFORM}`), which is what
    /// `FROM` uses anyway. Other variables (`$BUILDPLATFORM` for cross-compiling build stages,
    /// a build argument) are left alone.
    ///
    /// ## Why it matters
    /// A fixed platform makes multi-architecture builds produce an image for the wrong
    /// architecture, which then runs under emulation or not at all; the platform belongs on
    /// the command line (`docker build --platform`). `--platform=$TARGETPLATFORM` is noise.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM --platform=linux/amd64 python:3.12-slim AS app
    /// FROM --platform=$TARGETPLATFORM alpine:3.20
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM --platform=$BUILDPLATFORM golang:1.22 AS build
    /// FROM alpine:3.20
    /// ```
    ///
    /// ## References
    /// hadolint DL3029 (fixed platform), DL3065 (redundant `$TARGETPLATFORM`).
    pub struct DockerfileFromPlatform {
        id: "dockerfile-from-platform",
        title: "Dockerfile FROM --platform is fixed or redundant",
        severity: Severity::Info,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Drop `--platform` from FROM and pass `--platform` to the build instead; keep `--platform=$BUILDPLATFORM` for cross-compiling stages.",
        references: References {
            hadolint: &["DL3029", "DL3065"],
            ..References::NONE
        },
    }
}

impl Rule for DockerfileFromPlatform {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for stage in &df.stages {
            let Some(from) = df.instructions.get(stage.instructions.start) else {
                continue;
            };
            if from.keyword != Keyword::From {
                continue;
            }
            let Some(flag) = from.flag("platform") else {
                continue;
            };
            let value = flag.value.as_deref().unwrap_or_default().trim();
            let message = if value == "$TARGETPLATFORM" || value == "${TARGETPLATFORM}" {
                "`--platform=$TARGETPLATFORM` is what FROM uses anyway".to_string()
            } else if !value.contains('$') && !value.is_empty() {
                format!("`--platform={value}` pins the stage to one platform")
            } else {
                continue;
            };
            cx.report(Some(stage), flag.span, message);
        }
    }
}
