use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::Dockerfile;
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Every `FROM` whose image, after substituting the global `ARG` defaults, has the tag
    /// `latest` or no tag at all (which pulls `latest`), and no digest. `scratch`, references
    /// to an earlier stage (`FROM build`) and images whose variables have no value in the file
    /// (`FROM $BASE` set only by `--build-arg`) are left alone. A registry port is not a tag:
    /// `registry:5000/app` has no tag.
    ///
    /// ## Why it matters
    /// `latest` moves: two builds of the same commit produce different images, a rebuild
    /// silently picks up a new major version or a compromised push, and nobody can tell which
    /// base an image was built on. Pin a version tag, and a digest where builds must be
    /// reproducible.
    ///
    /// ## Bad
    /// ```dockerfile
    /// ARG BASE=python
    /// FROM ${BASE} AS build
    /// FROM alpine:latest
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// ARG BASE=python
    /// FROM ${BASE}:3.12-slim AS build
    /// FROM build
    /// FROM alpine:3.20@sha256:0a4eaa0eecf5f8c050e5bba433f58c052be7587ee8af3e8b3910ef9ab5fbe9f5
    /// FROM scratch
    /// ```
    ///
    /// ## References
    /// hadolint DL3006 (no tag), DL3007 (`latest`); Checkov CKV_DOCKER_7; Trivy DS-0001.
    pub struct DockerfileImageLatest {
        id: "dockerfile-image-latest",
        title: "Dockerfile base image uses the latest tag or no tag",
        severity: Severity::Medium,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Pin the base image to a version tag (`python:3.12-slim`), and to a digest (`@sha256:…`) for reproducible builds.",
        references: References {
            hadolint: &["DL3006", "DL3007"],
            checkov: &["CKV_DOCKER_7"],
            trivy: &["DS-0001"],
            ..References::NONE
        },
    }
}

/// The tag of an image reference (`None` without one); digests are checked by the caller.
fn tag(image: &str) -> Option<&str> {
    let last = image.rsplit('/').next().unwrap_or(image);
    last.split_once(':').map(|(_, t)| t)
}

impl Rule for DockerfileImageLatest {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for stage in &df.stages {
            let Some(base) = stage.base.as_deref() else {
                continue;
            };
            if stage.base_stage.is_some()
                || base.eq_ignore_ascii_case("scratch")
                || base.contains('@')
                || base.is_empty()
            {
                continue;
            }
            let shown = if base == stage.image.text {
                format!("`{base}`")
            } else {
                format!("`{}` (`{base}`)", stage.image.text)
            };
            let message = match tag(base) {
                Some("latest") => format!("base image {shown} uses the `latest` tag"),
                Some(_) => continue,
                None => format!("base image {shown} has no tag, so it pulls `latest`"),
            };
            cx.report(Some(stage), stage.image.span, message);
        }
    }
}
