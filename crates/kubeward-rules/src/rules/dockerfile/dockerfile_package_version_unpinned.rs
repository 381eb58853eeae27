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

/// Options of `manager` that take the next word as their value.
fn takes_value(manager: &str, option: &str) -> bool {
    let list: &[&str] = match manager {
        "apt-get" | "apt" => &["-o", "-t", "--target-release", "-c"],
        "apk" => &["-X", "--repository", "-t", "--virtual", "-p", "--root"],
        "pip" | "pip3" => &[
            "-r",
            "--requirement",
            "-c",
            "--constraint",
            "-i",
            "--index-url",
            "--extra-index-url",
            "-e",
            "--editable",
            "-t",
            "--target",
            "--prefix",
            "-f",
            "--find-links",
            "--trusted-host",
            "--root",
            "--platform",
            "--python-version",
        ],
        "npm" => &[
            "--prefix",
            "--registry",
            "-w",
            "--workspace",
            "--omit",
            "--include",
        ],
        "gem" => &[
            "-v",
            "--version",
            "-i",
            "--install-dir",
            "-s",
            "--source",
            "-n",
            "--bindir",
        ],
        "yum" | "dnf" | "microdnf" | "tdnf" => &[
            "--enablerepo",
            "--disablerepo",
            "--setopt",
            "--installroot",
            "--releasever",
            "-c",
            "--config",
        ],
        "zypper" => &["-r", "--repo", "-t", "--type"],
        _ => &[],
    };
    list.contains(&option)
}

fn is_package(word: &str) -> bool {
    !word.is_empty()
        && !word.starts_with(['.', '/', '$', '~'])
        && !word.contains("://")
        && !word.ends_with(".deb")
        && !word.ends_with(".rpm")
        && !word.ends_with(".whl")
        && !word.ends_with(".tar.gz")
        && !word.ends_with(".tgz")
        && !word.ends_with(".gem")
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
    let name = cmd.name()?;
    let sub = cmd.subcommand()?;
    let installs: &[&str] = match name {
        "apt-get" | "apt" | "yum" | "dnf" | "microdnf" | "tdnf" | "pip" | "pip3" | "gem" | "go" => {
            &["install"]
        }
        "apk" => &["add"],
        "npm" => &["install", "i", "add"],
        "zypper" => &["install", "in"],
        _ => return None,
    };
    if !installs.contains(&sub.text.as_str()) {
        return None;
    }
    if name == "gem" && cmd.has_option(&["-v", "--version"]) {
        return None;
    }
    let args = cmd.args();
    let start = args.iter().position(|w| w.span == sub.span)? + 1;
    let mut unpinned = Vec::new();
    let mut skip = false;
    for w in &args[start..] {
        let t = w.text.as_str();
        if skip {
            skip = false;
            continue;
        }
        if t.starts_with('-') {
            skip = !t.contains('=') && takes_value(name, t);
            continue;
        }
        if is_package(t) && !pinned(name, t) {
            unpinned.push(w);
        }
    }
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
