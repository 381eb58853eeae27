use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::{Dockerfile, Keyword};
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// `COPY --from=<name>` (and `RUN --mount=…,from=<name>` is left alone) where `<name>`:
    /// - is the stage the `COPY` is in (by name or index), which BuildKit rejects as a cycle;
    /// - is a stage defined later in the file, or an index that is not an earlier stage;
    /// - looks like a stage name (no `:`, `/` or `@`) but no earlier stage has it.
    ///
    /// A `--from` that is an image reference (`nginx:1.27`, `ghcr.io/org/tool`) is an image, not
    /// a stage, and is left alone; so is a value with a variable the file gives no value.
    /// Stage names compare case-insensitively, as in BuildKit.
    ///
    /// ## Why it matters
    /// A `--from` that names no stage is not an error to Docker: it is taken as an image and
    /// pulled from Docker Hub. A typo in a stage name (`--from=biuld`) silently copies files out
    /// of whatever image somebody published under that name.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// RUN go build -o /out/app .
    /// FROM alpine:3.20 AS final
    /// COPY --from=biuld /out/app /app
    /// COPY --from=final /etc/passwd /tmp/
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// RUN go build -o /out/app .
    /// FROM alpine:3.20 AS final
    /// COPY --from=build /out/app /app
    /// COPY --from=0 /out/app /app2
    /// COPY --from=nginx:1.27 /etc/nginx/nginx.conf /etc/nginx/
    /// ```
    ///
    /// ## References
    /// hadolint DL3022 (undefined alias), DL3023 (own stage); Trivy DS-0006.
    pub struct DockerfileCopyFromUnknownStage {
        id: "dockerfile-copy-from-unknown-stage",
        title: "Dockerfile COPY --from names its own stage or a stage that is not defined before it",
        severity: Severity::Medium,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Name an earlier stage in `COPY --from` (`FROM … AS build`, then `COPY --from=build`), or a full image reference with a tag.",
        references: References {
            hadolint: &["DL3022", "DL3023"],
            trivy: &["DS-0006"],
            ..References::NONE
        },
    }
}

impl Rule for DockerfileCopyFromUnknownStage {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for stage in &df.stages {
            let mut scope = df.variables(stage);
            for (offset, ins) in df.stage_instructions(stage).iter().enumerate() {
                if ins.keyword != Keyword::Copy {
                    continue;
                }
                let Some(flag) = ins.flag("from") else {
                    continue;
                };
                let Some(raw) = flag.value.as_deref() else {
                    continue;
                };
                let vars = scope.at(stage.instructions.start + offset);
                let Some(value) = df.resolve(raw, vars) else {
                    continue;
                };
                let shown = if raw == value {
                    format!("`--from={value}`")
                } else {
                    format!("`--from={raw}` (`{value}`)")
                };
                let named = |s: &kubeward_dockerfile::Stage| {
                    s.name
                        .as_ref()
                        .is_some_and(|n| n.text.eq_ignore_ascii_case(&value))
                };
                let message = if let Ok(index) = value.parse::<usize>() {
                    if index == stage.index {
                        format!("COPY {shown} names the stage it is in")
                    } else if index > stage.index {
                        format!("COPY {shown} names a stage that is not before this one")
                    } else {
                        continue;
                    }
                } else if named(stage) {
                    format!("COPY {shown} names the stage it is in")
                } else if df.stages[..stage.index].iter().any(named) {
                    continue;
                } else if df.stages[stage.index..].iter().any(named) {
                    format!("COPY {shown} names a stage defined later in the file")
                } else if value.contains([':', '/', '@']) || value.is_empty() {
                    continue;
                } else {
                    format!(
                        "COPY {shown} names no earlier stage, so Docker pulls an image called `{value}`"
                    )
                };
                cx.report(Some(stage), flag.span, message);
            }
        }
    }
}
