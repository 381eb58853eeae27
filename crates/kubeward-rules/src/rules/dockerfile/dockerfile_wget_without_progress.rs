use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::{Dockerfile, shell};
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// `wget` in `RUN` without `--progress=…` and without a flag that quiets or redirects its
    /// output (`-q`/`--quiet`, `-nv`/`--no-verbose`, `-o`/`--output-file`,
    /// `-a`/`--append-output`), as hadolint DL3047.
    ///
    /// ## Why it matters
    /// wget's default progress bar writes a line per update to a non-terminal: build logs
    /// grow by thousands of lines for one download.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN wget https://example.com/tool.tar.gz
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN wget --progress=dot:giga https://example.com/tool.tar.gz
    /// ```
    ///
    /// ## References
    /// hadolint DL3047.
    pub struct DockerfileWgetWithoutProgress {
        id: "dockerfile-wget-without-progress",
        title: "Dockerfile wget without --progress",
        severity: Severity::Info,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Add --progress=dot:giga (or -q / -nv) to wget.",
        references: References {
            hadolint: &["DL3047"],
            ..References::NONE
        },
    }
}

impl Rule for DockerfileWgetWithoutProgress {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for (stage, _, cmds) in shell::runs(df) {
            for cmd in &cmds {
                if cmd.name() != Some("wget") {
                    continue;
                }
                let quiet = cmd.has_option(&[
                    "--progress",
                    "-q",
                    "--quiet",
                    "-nv",
                    "--no-verbose",
                    "-o",
                    "--output-file",
                    "-a",
                    "--append-output",
                ]) || cmd
                    .args()
                    .iter()
                    .any(|w| w.text.starts_with("-q") && !w.text.starts_with("--"));
                if !quiet && let Some(word) = cmd.argv().first() {
                    cx.report(
                        Some(stage),
                        word.span,
                        "`wget` without --progress fills the build log with its progress bar",
                    );
                }
            }
        }
    }
}
