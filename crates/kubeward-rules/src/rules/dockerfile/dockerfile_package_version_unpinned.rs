use super::helpers::installed;
use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::shell::{Command, ShellWord};
use kubeward_dockerfile::{Dockerfile, shell};
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Packages installed in `RUN` without a version, per manager:
    /// `apt-get install pkg` (pin: `pkg=1.2.*`), `apk add pkg` (`pkg=1.2.3-r0`, `pkg~1.2`),
    /// `pip install pkg` (`pkg==1.2`, or any `<`, `>`, `~=`, `@` constraint),
    /// `npm install pkg` (`pkg@1.2`), `gem install pkg` (`pkg:1.2` or `-v`),
    /// `yum`/`dnf`/`microdnf install pkg` (`pkg-1.2`), `zypper install pkg` (`pkg=1.2`, `pkg>=1.2`)
    /// and `go install path` (`path@v1.2.3`; `@latest` counts as unpinned). Files, URLs,
    /// variables and requirement files (`-r`) are not packages; one finding per command, at
    /// its first unpinned package. `npm install`/`npm ci` without package names install the
    /// lock file and are fine.
    ///
    /// ## Why it matters
    /// An unpinned install takes whatever version the mirror serves on the day of the build:
    /// two builds of the same commit differ, and a compromised or broken release goes in
    /// unnoticed.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN pip install --no-cache-dir flask
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN pip install --no-cache-dir flask==3.0.3
    /// ```
    ///
    /// ## References
    /// hadolint DL3008, DL3013, DL3016, DL3018, DL3028, DL3033, DL3037, DL3041, DL3062.
    pub struct DockerfilePackageVersionUnpinned {
        id: "dockerfile-package-version-unpinned",
        title: "Dockerfile installs packages without pinned versions",
        severity: Severity::Info,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Pin each package's version (apt-get install pkg=1.2.*, pip install pkg==1.2.3, npm install pkg@1.2.3, go install path@v1.2.3), or install from a lock file.",
        references: References {
            hadolint: &[
                "DL3008", "DL3013", "DL3016", "DL3018", "DL3028", "DL3033", "DL3037", "DL3041",
                "DL3062",
            ],
            ..References::NONE
        },
    }
}

fn pinned(manager: &str, pkg: &str) -> bool {
    match manager {
        "apt-get" | "apt" | "zypper" => pkg.contains(['=', '<', '>']),
        "apk" => pkg.contains(['=', '~', '<', '>']),
        "pip" | "pip3" => pkg.contains(['=', '<', '>', '~', '@']) || pkg.contains(".git"),
        "npm" => pkg
            .strip_prefix('@')
            .unwrap_or(pkg)
            .split_once('@')
            .is_some_and(|(_, v)| !v.is_empty() && v != "latest"),
        "gem" => pkg.contains(':'),
        "go" => pkg
            .split_once('@')
            .is_some_and(|(_, v)| !v.is_empty() && v != "latest"),
        // `tar-1.34`: a dash followed by a digit.
        _ => pkg
            .char_indices()
            .any(|(i, c)| c == '-' && pkg[i + 1..].starts_with(|d: char| d.is_ascii_digit())),
    }
}

fn first_unpinned(cmd: &Command) -> Option<(&ShellWord, usize)> {
    let install = installed(cmd)?;
    if install.manager == "gem" && cmd.has_option(&["-v", "--version"]) {
        return None;
    }
    let unpinned: Vec<&ShellWord> = install
        .packages
        .into_iter()
        .filter(|w| !pinned(install.manager, &w.text))
        .collect();
    unpinned.first().map(|w| (*w, unpinned.len()))
}

impl Rule for DockerfilePackageVersionUnpinned {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for (stage, _, cmds) in shell::runs(df) {
            for cmd in &cmds {
                if let Some((word, count)) = first_unpinned(cmd) {
                    let name = cmd.name().unwrap_or_default();
                    let more = if count > 1 {
                        format!(" and {} more package(s)", count - 1)
                    } else {
                        String::new()
                    };
                    cx.report(
                        Some(stage),
                        word.span,
                        format!(
                            "`{name}` installs `{}`{more} without a pinned version",
                            word.text
                        ),
                    );
                }
            }
        }
    }
}
