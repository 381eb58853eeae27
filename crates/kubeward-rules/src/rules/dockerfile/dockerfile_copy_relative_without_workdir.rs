use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::{Dockerfile, Keyword, Stage};
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// `COPY` and `ADD` to a relative destination (`COPY app.py .`) in a stage where no
    /// `WORKDIR` comes before it, in the stage or in the earlier stages it is built on
    /// (`FROM build`). A destination with a variable the file gives no value is left alone.
    ///
    /// ## Why it matters
    /// A relative destination is resolved against the working directory of the base image,
    /// which the Dockerfile does not show and which changes when the base image does (often it
    /// is `/`): the files land somewhere other than where `CMD` looks for them.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// COPY app.py .
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM python:3.12-slim AS base
    /// WORKDIR /srv/app
    /// FROM base
    /// COPY app.py .
    /// COPY config.yaml /etc/app/
    /// ```
    ///
    /// ## References
    /// hadolint DL3045.
    pub struct DockerfileCopyRelativeWithoutWorkdir {
        id: "dockerfile-copy-relative-without-workdir",
        title: "Dockerfile COPY to a relative destination before any WORKDIR",
        severity: Severity::Low,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Set WORKDIR to an absolute path before copying to a relative destination, or copy to an absolute path.",
        references: References {
            hadolint: &["DL3045"],
            ..References::NONE
        },
    }
}

/// Whether a stage this one is built on sets a WORKDIR.
fn base_has_workdir(df: &Dockerfile, stage: &Stage) -> bool {
    let mut current = stage;
    for _ in 0..=df.stages.len() {
        let Some(base) = current.base_stage.and_then(|i| df.stages.get(i)) else {
            return false;
        };
        if df
            .stage_instructions(base)
            .iter()
            .any(|i| i.keyword == Keyword::Workdir)
        {
            return true;
        }
        current = base;
    }
    false
}

fn is_absolute(path: &str) -> bool {
    let b = path.as_bytes();
    path.starts_with('/')
        || path.starts_with('\\')
        || (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':')
}

impl Rule for DockerfileCopyRelativeWithoutWorkdir {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for stage in &df.stages {
            if base_has_workdir(df, stage) {
                continue;
            }
            for (offset, ins) in df.stage_instructions(stage).iter().enumerate() {
                match ins.keyword {
                    Keyword::Workdir => break,
                    Keyword::Copy | Keyword::Add => {}
                    _ => continue,
                }
                let Some((dest, sources)) = ins.words.split_last() else {
                    continue;
                };
                if sources.is_empty() {
                    continue;
                }
                let vars = df.variables_at(stage, stage.instructions.start + offset);
                let Some(path) = df.resolve(&dest.text, &vars) else {
                    continue;
                };
                if path.is_empty() || is_absolute(&path) {
                    continue;
                }
                cx.report(
                    Some(stage),
                    dest.span,
                    format!(
                        "{} to the relative `{}` before any WORKDIR: it lands in the base image's working directory",
                        ins.keyword, dest.text
                    ),
                );
            }
        }
    }
}
