use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::{Dockerfile, shell};
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// `apt-get install` in `RUN` without `--no-install-recommends` (or
    /// `-o APT::Install-Recommends=false`/`=0`). Text inside quotes, comments or non-shell
    /// here-documents does not count.
    ///
    /// ## Why it matters
    /// Recommended packages are pulled in by default: a larger image with more software, and
    /// so more vulnerabilities to patch, than the application needs.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## References
    /// hadolint DL3015; Trivy DS-0029.
    pub struct DockerfileNoInstallRecommendsMissing {
        id: "dockerfile-no-install-recommends-missing",
        title: "Dockerfile apt-get install without --no-install-recommends",
        severity: Severity::Info,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Add --no-install-recommends to apt-get install and list what is really needed.",
        references: References {
            hadolint: &["DL3015"],
            trivy: &["DS-0029"],
            ..References::NONE
        },
    }
}

impl Rule for DockerfileNoInstallRecommendsMissing {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for (stage, _, cmds) in shell::runs(df) {
            for cmd in &cmds {
                if cmd.name() != Some("apt-get") {
                    continue;
                }
                let Some(sub) = cmd.subcommand().filter(|s| s.text == "install") else {
                    continue;
                };
                let off = cmd.has_option(&["--no-install-recommends"])
                    || cmd.args().iter().any(|w| {
                        let t = w.text.to_ascii_lowercase();
                        t == "apt::install-recommends=false" || t == "apt::install-recommends=0"
                    });
                if !off {
                    cx.report(
                        Some(stage),
                        sub.span,
                        "`apt-get install` without --no-install-recommends",
                    );
                }
            }
        }
    }
}
