use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::Dockerfile;
use kubeward_dockerfile::shell::{self, Command};
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// A `RUN` that refreshes a package index (`apt-get update`, `apt update`, `apk update`,
    /// `yum`/`dnf makecache`, `zypper refresh`) without installing or upgrading anything in the
    /// same `RUN`. Commands in quotes, comments or non-shell here-documents do not count.
    ///
    /// ## Why it matters
    /// Docker caches each `RUN` layer: an update alone is cached and reused while a later
    /// `RUN apt-get install` is rebuilt, installing from a stale index (old versions, or
    /// packages that no longer exist on the mirror). Updating and installing in one `RUN`
    /// keeps them together.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update
    /// RUN apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl \
    ///  && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## References
    /// Checkov CKV_DOCKER_5; Trivy DS-0017.
    pub struct DockerfilePackageUpdateWithoutInstall {
        id: "dockerfile-package-update-without-install",
        title: "Dockerfile updates the package index without installing in the same RUN",
        severity: Severity::Medium,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Run the index update and the install in the same RUN: `apt-get update && apt-get install -y …`.",
        references: References {
            checkov: &["CKV_DOCKER_5"],
            trivy: &["DS-0017"],
            ..References::NONE
        },
    }
}

/// `(manager, is_update)` for an index refresh, `(manager, false)` for an install/upgrade.
fn action(cmd: &Command) -> Option<(&'static str, bool)> {
    let name = cmd.name()?;
    let sub = cmd.subcommand()?.text.as_str();
    let manager = match name {
        "apt-get" | "apt" | "aptitude" => "apt",
        "apk" => "apk",
        "yum" | "dnf" | "microdnf" | "tdnf" => "yum",
        "zypper" => "zypper",
        _ => return None,
    };
    let update = match manager {
        "apt" | "apk" => sub == "update",
        "yum" => sub == "makecache",
        _ => matches!(sub, "refresh" | "ref"),
    };
    let install = matches!(
        sub,
        "install"
            | "add"
            | "upgrade"
            | "dist-upgrade"
            | "full-upgrade"
            | "in"
            | "up"
            | "update"
            | "dup"
            | "reinstall"
            | "groupinstall"
            | "localinstall"
            | "build-dep"
    );
    if update {
        Some((manager, true))
    } else if install {
        Some((manager, false))
    } else {
        None
    }
}

impl Rule for DockerfilePackageUpdateWithoutInstall {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for (stage, _, cmds) in shell::runs(df) {
            let actions: Vec<(&Command, &str, bool)> = cmds
                .iter()
                .filter_map(|c| action(c).map(|(m, u)| (c, m, u)))
                .collect();
            for (cmd, manager, update) in &actions {
                if !update || actions.iter().any(|(_, m, u)| m == manager && !u) {
                    continue;
                }
                if let (Some(name), Some(sub)) = (cmd.name(), cmd.subcommand()) {
                    cx.report(
                        Some(stage),
                        sub.span,
                        format!(
                            "`{name} {}` without an install in the same RUN leaves a stale cached index",
                            sub.text
                        ),
                    );
                }
            }
        }
    }
}
