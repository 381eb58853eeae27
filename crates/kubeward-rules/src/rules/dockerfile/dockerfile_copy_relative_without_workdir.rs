use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::{Dockerfile, Keyword};
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
/// For each stage, whether a stage it is built on (`FROM <stage>`, transitively) sets a
/// WORKDIR. One pass: a base is always an earlier stage, so its answer is already known.
fn bases_with_workdir(df: &Dockerfile) -> Vec<bool> {
    let mut own = Vec::with_capacity(df.stages.len());
    let mut inherited = Vec::with_capacity(df.stages.len());
    for stage in &df.stages {
        let base = stage.base_stage.filter(|b| *b < stage.index);
        inherited.push(base.is_some_and(|b| own.get(b).copied().unwrap_or(false)));
        let here = df
            .stage_instructions(stage)
            .iter()
            .any(|i| i.keyword == Keyword::Workdir);
        own.push(here || inherited.last().copied().unwrap_or(false));
    }
    inherited
}

fn is_absolute(path: &str) -> bool {
    let b = path.as_bytes();
    path.starts_with('/')
        || path.starts_with('\\')
        || (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':')
}

impl Rule for DockerfileCopyRelativeWithoutWorkdir {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        let inherited = bases_with_workdir(df);
        for stage in &df.stages {
            if inherited.get(stage.index).copied().unwrap_or(false) {
                continue;
            }
            let mut scope = df.variables(stage);
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
                let vars = scope.at(stage.instructions.start + offset);
                let Some(path) = df.resolve(&dest.text, vars) else {
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
