use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::{Dockerfile, shell};
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// `apt` run as a command in `RUN` (also under `sudo` or after `VAR=value` prefixes).
    /// `apt-get`, `apt-cache` and the word `apt` in quotes, comments, arguments or non-shell
    /// here-documents do not count.
    ///
    /// ## Why it matters
    /// `apt` is meant for people at a terminal: its output and behaviour may change between
    /// releases and it warns that it "does not have a stable CLI interface". Scripts should use
    /// `apt-get` and `apt-cache`.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt update && apt install -y curl
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// ## References
    /// hadolint DL3027; Checkov CKV_DOCKER_9.
    pub struct DockerfileAptInsteadOfAptGet {
        id: "dockerfile-apt-instead-of-apt-get",
        title: "Dockerfile RUN uses apt instead of apt-get",
        severity: Severity::Low,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Use apt-get (and apt-cache) in scripts.",
        references: References {
            hadolint: &["DL3027"],
            checkov: &["CKV_DOCKER_9"],
            ..References::NONE
        },
    }
}

impl Rule for DockerfileAptInsteadOfAptGet {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for (stage, _, cmds) in shell::runs(df) {
            for cmd in &cmds {
                if cmd.name() == Some("apt")
                    && let Some(word) = cmd.argv().first()
                {
                    cx.report(
                        Some(stage),
                        word.span,
                        "RUN uses `apt`; use `apt-get` in scripts",
                    );
                }
            }
        }
    }
}
