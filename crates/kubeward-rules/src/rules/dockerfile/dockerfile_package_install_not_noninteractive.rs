use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::Dockerfile;
use kubeward_dockerfile::shell;
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Package installs in `RUN` without the flag that answers yes to prompts:
    /// `apt-get install` / `apt install` without `-y`/`--yes`/`--assume-yes`/`-qq`
    /// (or `--quiet=2`), `yum`/`dnf`/`microdnf`/`tdnf install` (also `groupinstall`,
    /// `localinstall`, `reinstall`) without `-y`/`--assumeyes`, and `zypper install`/`in`
    /// without `-n`/`--non-interactive`/`-y`/`--no-confirm`. Text inside quotes, comments or
    /// non-shell here-documents does not count.
    ///
    /// ## Why it matters
    /// Without it the build waits for an answer it never gets and fails, or, with some
    /// versions, silently installs nothing.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install --no-install-recommends curl
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## References
    /// hadolint DL3014, DL3030, DL3034, DL3038; Trivy DS-0021.
    pub struct DockerfilePackageInstallNotNoninteractive {
        id: "dockerfile-package-install-not-noninteractive",
        title: "Dockerfile package install without -y",
        severity: Severity::Low,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Add -y (apt-get, yum, dnf, microdnf) or -n (zypper) to the install command.",
        references: References {
            hadolint: &["DL3014", "DL3030", "DL3034", "DL3038"],
            trivy: &["DS-0021"],
            ..References::NONE
        },
    }
}

impl Rule for DockerfilePackageInstallNotNoninteractive {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for (stage, _, cmds) in shell::runs(df) {
            for cmd in &cmds {
                let Some(name) = cmd.name() else { continue };
                let Some(sub) = cmd.subcommand() else {
                    continue;
                };
                let (installs, yes): (&[&str], &[&str]) = match name {
                    "apt-get" | "apt" => (
                        &["install"],
                        &["-y", "--yes", "--assume-yes", "-qq", "--quiet=2"],
                    ),
                    "yum" | "dnf" | "microdnf" | "tdnf" => (
                        &["install", "groupinstall", "localinstall", "reinstall"],
                        &["-y", "--assumeyes"],
                    ),
                    "zypper" => (
                        &["install", "in"],
                        &["-n", "--non-interactive", "-y", "--no-confirm"],
                    ),
                    _ => continue,
                };
                // `zypper -n install`: the global flag comes before the subcommand.
                if installs.contains(&sub.text.as_str()) && !cmd.has_option(yes) {
                    cx.report(
                        Some(stage),
                        sub.span,
                        format!("`{name} {}` without -y waits for confirmation", sub.text),
                    );
                }
            }
        }
    }
}
