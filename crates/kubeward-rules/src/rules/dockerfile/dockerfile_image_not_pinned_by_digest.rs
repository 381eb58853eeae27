use crate::rules::images::helpers::{ImageRef, is_valid_digest};
use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::Dockerfile;
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Every `FROM` whose image, after substituting the global `ARG` defaults, is not pinned
    /// by a digest (`@sha256:` and 64 hex digits, or `@sha512:` and 128); a malformed digest is
    /// flagged too. A tag alone, however precise (`python:3.12.8-slim`), is flagged;
    /// `python:3.12.8-slim@sha256:…` is not. `scratch`, references to an earlier stage
    /// (`FROM build`) and images whose variables have no value in the file are left alone.
    /// `latest` and missing tags are flagged by this rule and, separately, by
    /// `dockerfile-image-latest`.
    ///
    /// ## Why it matters
    /// Tags are mutable: whoever can push to the repository (or compromise it) changes what
    /// `3.12-slim` means, and the next build silently picks it up. A digest names the exact
    /// content, so a rebuild of the same commit starts from the same, already reviewed base.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM python:3.12.8-slim
    /// USER 10001
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM python:3.12.8-slim@sha256:2b0079146a74e23bf4ae8f6a28e1b484c6292f6fb904cbb51825b4a19812fcd8
    /// USER 10001
    /// ```
    ///
    /// ## References
    /// No Dockerfile peer equivalent; the Kubernetes counterpart is `image-not-pinned`
    /// (Checkov CKV_K8S_43).
    pub struct DockerfileImageNotPinnedByDigest {
        id: "dockerfile-image-not-pinned-by-digest",
        title: "Dockerfile base image is not pinned by digest",
        severity: Severity::Low,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Append the base image's digest (`FROM python:3.12.8-slim@sha256:…`, from `docker buildx imagetools inspect`) and let a bot such as Renovate or Dependabot keep it current.",
        references: References::NONE,
    }
}

impl Rule for DockerfileImageNotPinnedByDigest {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for stage in &df.stages {
            let Some(base) = stage.base.as_deref() else {
                continue;
            };
            if stage.base_stage.is_some() || base.eq_ignore_ascii_case("scratch") {
                continue;
            }
            let Some(image) = ImageRef::parse(base) else {
                continue;
            };
            let shown = if base == stage.image.text {
                format!("`{base}`")
            } else {
                format!("`{}` (`{base}`)", stage.image.text)
            };
            let message = match image.digest {
                None => format!("base image {shown} is not pinned by digest"),
                Some(d) if !is_valid_digest(d) => {
                    format!("base image {shown} has a malformed digest `{d}`")
                }
                Some(_) => continue,
            };
            cx.report(Some(stage), stage.image.span, message);
        }
    }
}
