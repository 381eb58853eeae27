use crate::rules::images::helpers::ImageRef;
use crate::rules::images::untrusted_registry::{full_name, is_allowed, normalize_entry};
use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::{Dockerfile, Keyword};
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Every `FROM` whose base image, after substituting the global `ARG` defaults, does not
    /// come from a registry listed in `settings.allowed-registries` — the same list, matched the
    /// same way, as the manifest rule `untrusted-registry` (Docker Hub images without a host are
    /// `docker.io/...`, official ones `docker.io/library/...`). The list is empty by default, and
    /// the rule then finds nothing. Images copied from with `COPY --from=<image>` (a value that
    /// names no stage) are checked the same way. `scratch`, earlier stages (`FROM build`) and
    /// images whose variables have no value in the file are left alone.
    ///
    /// ## Why it matters
    /// The base image is code that runs in production. A base pulled from an arbitrary registry
    /// bypasses the vetting, scanning and mirroring that the allowed registries provide, and a
    /// typo or look-alike name pulls somebody else's image.
    ///
    /// ## Bad
    /// ```dockerfile
    /// # kubeward-settings: {"allowed-registries": ["registry.example.com"]}
    /// FROM docker.io/library/python:3.12-slim AS build
    /// FROM registry.example.com/base/alpine:3.20
    /// COPY --from=ghcr.io/someone/tools:1.0 /bin/tool /usr/local/bin/
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// # kubeward-settings: {"allowed-registries": ["registry.example.com"]}
    /// FROM registry.example.com/mirror/python:3.12-slim AS build
    /// FROM build AS test
    /// FROM scratch
    /// ```
    ///
    /// ## References
    /// hadolint DL3026 (`trustedRegistries`).
    pub struct DockerfileUntrustedRegistry {
        id: "dockerfile-untrusted-registry",
        title: "Dockerfile base image comes from a registry that is not allowed",
        severity: Severity::Medium,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Build on an image from an allowed registry (mirror it there if needed), or add its registry to `settings.allowed-registries` if it is trusted.",
        references: References {
            hadolint: &["DL3026"],
            ..References::NONE
        },
    }
}

impl Rule for DockerfileUntrustedRegistry {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        let entries: Vec<String> = cx
            .settings()
            .allowed_registries
            .iter()
            .filter_map(|e| normalize_entry(e))
            .collect();
        if entries.is_empty() {
            return;
        }
        for stage in &df.stages {
            let Some(base) = stage.base.as_deref() else {
                continue;
            };
            if stage.base_stage.is_some() || base.is_empty() || base.eq_ignore_ascii_case("scratch")
            {
                continue;
            }
            let Some(image) = ImageRef::parse(base) else {
                continue;
            };
            let name = full_name(&image);
            if entries.iter().any(|entry| is_allowed(&name, entry)) {
                continue;
            }
            cx.report(
                Some(stage),
                stage.image.span,
                format!(
                    "base image `{}` comes from `{name}`, which is not under an allowed registry ({})",
                    stage.image.text,
                    entries.join(", ")
                ),
            );
        }
        for stage in &df.stages {
            let mut scope = df.variables(stage);
            for (offset, ins) in df.stage_instructions(stage).iter().enumerate() {
                if ins.keyword != Keyword::Copy {
                    continue;
                }
                let Some(flag) = ins.flag("from") else {
                    continue;
                };
                let vars = scope.at(stage.instructions.start + offset);
                let Some(value) = flag.value.as_deref().and_then(|v| df.resolve(v, vars)) else {
                    continue;
                };
                let is_stage = value.parse::<usize>().is_ok()
                    || df.stages.iter().any(|s| {
                        s.name
                            .as_ref()
                            .is_some_and(|n| n.text.eq_ignore_ascii_case(&value))
                    });
                if is_stage || value.is_empty() || value.eq_ignore_ascii_case("scratch") {
                    continue;
                }
                let Some(image) = ImageRef::parse(&value) else {
                    continue;
                };
                let name = full_name(&image);
                if entries.iter().any(|entry| is_allowed(&name, entry)) {
                    continue;
                }
                cx.report(
                    Some(stage),
                    flag.span,
                    format!(
                        "COPY --from image `{value}` comes from `{name}`, which is not under an allowed registry ({})",
                        entries.join(", ")
                    ),
                );
            }
        }
    }
}
