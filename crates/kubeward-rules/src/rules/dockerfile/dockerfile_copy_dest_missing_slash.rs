use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::{Dockerfile, Keyword};
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// `COPY` and `ADD` with more than one source whose destination does not end with `/`
    /// (heredoc sources count as sources). A destination with a variable the file gives no
    /// value is left alone.
    ///
    /// ## Why it matters
    /// With several sources the destination must be a directory, and Docker only treats it as
    /// one when it ends with `/`: otherwise the build fails, or, with wildcards that happen to
    /// match one file, the file is copied to a file named like the intended directory.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY package.json package-lock.json /app
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY package.json package-lock.json /app/
    /// COPY app.py /srv/app.py
    /// ```
    ///
    /// ## References
    /// hadolint DL3021; Trivy DS-0011.
    pub struct DockerfileCopyDestMissingSlash {
        id: "dockerfile-copy-dest-missing-slash",
        title: "Dockerfile COPY of several sources to a destination without a trailing slash",
        severity: Severity::Medium,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "End the destination with `/` when copying more than one source (`COPY a b /app/`).",
        references: References {
            hadolint: &["DL3021"],
            trivy: &["DS-0011"],
            ..References::NONE
        },
    }
}

impl Rule for DockerfileCopyDestMissingSlash {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for stage in &df.stages {
            let mut scope = df.variables(stage);
            for (offset, ins) in df.stage_instructions(stage).iter().enumerate() {
                if !matches!(ins.keyword, Keyword::Copy | Keyword::Add) {
                    continue;
                }
                let Some((dest, sources)) = ins.words.split_last() else {
                    continue;
                };
                if sources.len() < 2 {
                    continue;
                }
                let vars = scope.at(stage.instructions.start + offset);
                let Some(resolved) = df.resolve(&dest.text, vars) else {
                    continue;
                };
                if resolved.ends_with('/') || resolved.ends_with('\\') {
                    continue;
                }
                cx.report(
                    Some(stage),
                    dest.span,
                    format!(
                        "{} copies {} sources to `{}`, which does not end with `/`",
                        ins.keyword,
                        sources.len(),
                        dest.text
                    ),
                );
            }
        }
    }
}
