use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::{Dockerfile, shell};
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// `chpasswd` run in `RUN` to set account passwords (`echo 'user:pass' | chpasswd`).
    /// The word in quotes, comments or non-shell here-documents does not count.
    ///
    /// ## Why it matters
    /// The password is in the Dockerfile and in the image history, and the account it unlocks
    /// is the same in every container of the image: a password login inside a container is a
    /// shared, never-rotated credential.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN useradd app && echo 'app:app123' | chpasswd
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN useradd --no-log-init --system app
    /// USER app
    /// ```
    ///
    /// ## References
    /// Checkov CKV2_DOCKER_17.
    pub struct DockerfileChpasswd {
        id: "dockerfile-chpasswd",
        title: "Dockerfile sets passwords with chpasswd",
        severity: Severity::Medium,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Do not give container accounts passwords: create system users without one and switch with USER.",
        references: References {
            checkov: &["CKV2_DOCKER_17"],
            ..References::NONE
        },
    }
}

impl Rule for DockerfileChpasswd {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for (stage, _, cmds) in shell::runs(df) {
            for cmd in &cmds {
                if cmd.name() == Some("chpasswd")
                    && let Some(word) = cmd.argv().first()
                {
                    cx.report(
                        Some(stage),
                        word.span,
                        "RUN sets account passwords with `chpasswd`",
                    );
                }
            }
        }
    }
}
