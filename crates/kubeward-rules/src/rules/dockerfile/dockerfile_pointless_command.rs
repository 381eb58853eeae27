use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::{Dockerfile, shell};
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Commands in `RUN` that make no sense in an image build: `ssh`, `vim`, `nano`,
    /// `shutdown`, `service`, `ps`, `free`, `top`, `kill`, `mount`, `ifconfig` (hadolint
    /// DL3001's list). Only the command position counts: `apt-get install vim` or the words in
    /// quotes, comments or non-shell here-documents do not.
    ///
    /// ## Why it matters
    /// Interactive tools wait for input, service managers do not run in a build container and
    /// process or network inspection shows the build sandbox: the command is a leftover from
    /// a VM script and does nothing useful (or hangs the build).
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN service nginx start
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM debian:12-slim
    /// CMD ["nginx", "-g", "daemon off;"]
    /// ```
    ///
    /// ## References
    /// hadolint DL3001.
    pub struct DockerfilePointlessCommand {
        id: "dockerfile-pointless-command",
        title: "Dockerfile RUN runs a command that is pointless in a build",
        severity: Severity::Info,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Remove the command: start services with CMD/ENTRYPOINT, and inspect containers at run time.",
        references: References {
            hadolint: &["DL3001"],
            ..References::NONE
        },
    }
}

const POINTLESS: &[&str] = &[
    "ssh", "vim", "nano", "shutdown", "service", "ps", "free", "top", "kill", "mount", "ifconfig",
];

impl Rule for DockerfilePointlessCommand {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for (stage, _, cmds) in shell::runs(df) {
            for cmd in &cmds {
                if let Some(name) = cmd.name().filter(|n| POINTLESS.contains(n))
                    && let Some(word) = cmd.argv().first()
                {
                    cx.report(
                        Some(stage),
                        word.span,
                        format!("`{name}` makes no sense in an image build"),
                    );
                }
            }
        }
    }
}
