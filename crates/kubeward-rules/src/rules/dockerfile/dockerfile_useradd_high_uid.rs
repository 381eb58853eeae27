use super::helpers::uid_option;
use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::{Dockerfile, shell};
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// `useradd` in `RUN` with a UID of six digits or more (`-u 100000`, `--uid=123456`,
    /// `-u123456`) and without `-l` / `--no-log-init` (also in a cluster such as `-lu`), as
    /// hadolint DL3046 does. A UID given by a variable is left alone; `adduser` does not write
    /// the login records and is not concerned.
    ///
    /// ## Why it matters
    /// `useradd` records the user in `/var/log/lastlog` and `/var/log/faillog`, sparse files
    /// indexed by UID. A layer cannot store sparse files, so a UID of a million makes a layer
    /// of hundreds of megabytes of zeros (and can fill the build disk).
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN useradd -u 1000000 -m app
    /// USER 1000000
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN useradd --no-log-init -u 1000000 -m app
    /// USER 1000000
    /// ```
    ///
    /// ## References
    /// hadolint DL3046.
    pub struct DockerfileUseraddHighUid {
        id: "dockerfile-useradd-high-uid",
        title: "Dockerfile useradd creates a high UID without --no-log-init",
        severity: Severity::Info,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Add `-l` (`--no-log-init`) to `useradd`, or use a UID below 100000.",
        references: References {
            hadolint: &["DL3046"],
            ..References::NONE
        },
    }
}

impl Rule for DockerfileUseraddHighUid {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for (stage, _, cmds) in shell::runs(df) {
            for cmd in &cmds {
                if cmd.name() != Some("useradd") || cmd.has_option(&["-l", "--no-log-init"]) {
                    continue;
                }
                let Some((word, value)) = uid_option(cmd) else {
                    continue;
                };
                if value.len() > 5 && value.bytes().all(|b| b.is_ascii_digit()) {
                    cx.report(
                        Some(stage),
                        word.span,
                        format!(
                            "`useradd` creates UID {value} without `--no-log-init`: the sparse lastlog file bloats the layer"
                        ),
                    );
                }
            }
        }
    }
}
