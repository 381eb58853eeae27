use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::{Dockerfile, shell};
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// `apt-get dist-upgrade` / `apt full-upgrade` and `zypper dist-upgrade` / `zypper dup`
    /// run in `RUN`. Text inside quotes, comments or non-shell here-documents does not count.
    ///
    /// ## Why it matters
    /// A distribution upgrade inside a build can move the image to a new release with
    /// different package sets, removals and configuration changes: the base image no longer
    /// says what the image is. Update the base image tag instead.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper -n dist-upgrade
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// RUN zypper -n install -y curl
    /// ```
    ///
    /// ## References
    /// hadolint DL3035; Trivy DS-0024 (deprecated).
    pub struct DockerfileDistUpgrade {
        id: "dockerfile-dist-upgrade",
        title: "Dockerfile runs a distribution upgrade",
        severity: Severity::Info,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Use a newer base image instead of upgrading the distribution in the build.",
        references: References {
            hadolint: &["DL3035"],
            trivy: &["DS-0024"],
            ..References::NONE
        },
    }
}

impl Rule for DockerfileDistUpgrade {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for (stage, _, cmds) in shell::runs(df) {
            for cmd in &cmds {
                let (Some(name), Some(sub)) = (cmd.name(), cmd.subcommand()) else {
                    continue;
                };
                let upgrade = match name {
                    "apt-get" | "apt" | "aptitude" => {
                        matches!(sub.text.as_str(), "dist-upgrade" | "full-upgrade")
                    }
                    "zypper" => matches!(sub.text.as_str(), "dist-upgrade" | "dup"),
                    _ => false,
                };
                if upgrade {
                    cx.report(
                        Some(stage),
                        sub.span,
                        format!("`{name} {}` upgrades the whole distribution", sub.text),
                    );
                }
            }
        }
    }
}
