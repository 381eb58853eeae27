use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::Dockerfile;
use kubeward_dockerfile::shell;
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// `sudo` run as a command in `RUN` (also after `&&`, `;`, `|`, in a shell here-document,
    /// or after `VAR=value` prefixes). The word `sudo` inside quotes, comments, arguments
    /// (`apt-get install sudo`) or a here-document fed to another program does not count.
    ///
    /// ## Why it matters
    /// `RUN` already runs as the current `USER`; `sudo` in a build means the image ships
    /// `sudo` and a sudoers setup that lets the runtime user become root, and its TTY and
    /// signal handling behave unpredictably in containers. Switch users with `USER` instead.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM debian:12-slim
    /// USER app
    /// RUN sudo apt-get update
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update
    /// USER app
    /// ```
    ///
    /// ## References
    /// hadolint DL3004; Checkov CKV2_DOCKER_1; Trivy DS-0010.
    pub struct DockerfileSudo {
        id: "dockerfile-sudo",
        title: "Dockerfile RUN uses sudo",
        severity: Severity::High,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Run root steps before switching USER (or switch back with USER root for them), and do not install sudo in the image; use gosu or su-exec in an entrypoint if a step must drop privileges.",
        references: References {
            hadolint: &["DL3004"],
            checkov: &["CKV2_DOCKER_1"],
            trivy: &["DS-0010"],
            ..References::NONE
        },
    }
}

impl Rule for DockerfileSudo {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for (stage, _, cmds) in shell::runs(df) {
            for cmd in &cmds {
                if let Some(word) = cmd.sudo() {
                    cx.report(Some(stage), word.span, "RUN uses sudo");
                }
            }
        }
    }
}
