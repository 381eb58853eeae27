//! Shared readings of shell commands in `RUN` (which packages a package-manager command
//! installs or removes, which UID a user gets) and of stages.

use kubeward_dockerfile::shell::{Command, ShellWord};
use kubeward_dockerfile::{Dockerfile, Instruction, Keyword, Stage, Word};

/// Options of `manager` that take the next word as their value.
pub(crate) fn takes_value(manager: &str, option: &str) -> bool {
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

pub(crate) fn is_package(word: &str) -> bool {
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

/// One package-manager install command: the manager (`apt-get`, `apk`, `pip`, …), the packages
/// it names (options, their values, files and URLs left out) and, for `apk add --virtual NAME`,
/// the virtual package that groups them.
pub(crate) struct Install<'a> {
    pub manager: &'a str,
    pub packages: Vec<&'a ShellWord>,
    pub virtual_name: Option<&'a str>,
}

/// The install subcommands of each package manager.
fn install_subcommands(manager: &str) -> &'static [&'static str] {
    match manager {
        "apt-get" | "apt" | "yum" | "dnf" | "microdnf" | "tdnf" | "pip" | "pip3" | "gem" | "go" => {
            &["install"]
        }
        "apk" => &["add"],
        "npm" => &["install", "i", "add"],
        "zypper" => &["install", "in"],
        _ => &[],
    }
}

/// The subcommands that remove packages.
fn remove_subcommands(manager: &str) -> &'static [&'static str] {
    match manager {
        "apt-get" | "apt" => &["remove", "purge", "autoremove"],
        "yum" | "dnf" | "microdnf" | "tdnf" => &["remove", "erase", "autoremove"],
        "apk" => &["del"],
        "zypper" => &["remove", "rm"],
        _ => &[],
    }
}

/// The words after `cmd`'s subcommand when it is one of `subcommands`: (packages, values of
/// options), options themselves skipped.
fn operands<'a>(
    cmd: &'a Command,
    manager: &'a str,
    subcommands: &[&str],
) -> Option<Vec<(&'a ShellWord, Option<&'a str>)>> {
    let sub = cmd.subcommand()?;
    if !subcommands.contains(&sub.text.as_str()) {
        return None;
    }
    let args = cmd.args();
    let start = args.iter().position(|w| w.span == sub.span)? + 1;
    let mut out = Vec::new();
    let mut option: Option<&str> = None;
    for w in args.get(start..).unwrap_or(&[]) {
        let t = w.text.as_str();
        if let Some(o) = option.take() {
            out.push((w, Some(o)));
            continue;
        }
        if t.starts_with('-') {
            if !t.contains('=') && takes_value(manager, t) {
                option = Some(t);
            }
            continue;
        }
        out.push((w, None));
    }
    Some(out)
}

/// What `cmd` installs, if it is a package-manager install.
pub(crate) fn installed(cmd: &Command) -> Option<Install<'_>> {
    let manager = cmd.name()?;
    let words = operands(cmd, manager, install_subcommands(manager))?;
    let mut virtual_name = None;
    let mut packages = Vec::new();
    for (w, option) in words {
        match option {
            Some("--virtual" | "-t") if manager == "apk" => virtual_name = Some(w.text.as_str()),
            Some(_) => {}
            None if is_package(&w.text) => packages.push(w),
            None => {}
        }
    }
    Some(Install {
        manager,
        packages,
        virtual_name,
    })
}

/// The package names `cmd` removes (`apt-get purge`, `apk del`, `dnf remove`, …), versions and
/// architecture suffixes stripped; empty when it is not a removal.
pub(crate) fn removed(cmd: &Command) -> Vec<&str> {
    let Some(manager) = cmd.name() else {
        return Vec::new();
    };
    operands(cmd, manager, remove_subcommands(manager))
        .unwrap_or_default()
        .into_iter()
        .filter(|(_, option)| option.is_none())
        .map(|(w, _)| package_name(&w.text))
        .collect()
}

/// A package argument without version or architecture: `gcc=4:12.2*` → `gcc`,
/// `musl-dev~1.2` → `musl-dev`, `curl:amd64` → `curl`.
pub(crate) fn package_name(word: &str) -> &str {
    let end = word
        .find(['=', '~', '<', '>', ':', '@'])
        .unwrap_or(word.len());
    &word[..end]
}

/// The UID a `useradd`, `adduser` or `usermod` sets (the value of `-u`/`--uid`): the word that
/// holds it and the value.
pub(crate) fn uid_option(cmd: &Command) -> Option<(&ShellWord, &str)> {
    let args = cmd.args();
    for (i, w) in args.iter().enumerate() {
        let t = w.text.as_str();
        if t == "-u" || t == "--uid" {
            return args.get(i + 1).map(|v| (v, v.text.as_str()));
        }
        if let Some(v) = t.strip_prefix("--uid=") {
            return Some((w, v));
        }
        // `-u123456`, or `-ou 123456` (a cluster ending with `u`).
        if let Some(rest) = t.strip_prefix('-').filter(|r| !r.starts_with('-')) {
            if let Some(v) = rest.strip_prefix('u').filter(|v| !v.is_empty()) {
                return Some((w, v));
            }
            if rest.ends_with('u') && rest.chars().all(|c| c.is_ascii_alphabetic()) {
                return args.get(i + 1).map(|v| (v, v.text.as_str()));
            }
        }
    }
    None
}

/// The stages whose content the image of `stage` carries: `stage` and the earlier stages it is
/// built on (`FROM base`), the first base first.
pub(crate) fn stage_chain<'a>(df: &'a Dockerfile, stage: &'a Stage) -> Vec<&'a Stage> {
    let mut out = vec![stage];
    let mut current = stage;
    // Each step goes to an earlier stage, so this ends.
    while let Some(base) = current
        .base_stage
        .and_then(|i| df.stages.get(i))
        .filter(|b| b.index < current.index)
    {
        out.push(base);
        current = base;
    }
    out.reverse();
    out
}

/// The last `USER` of `stage` or of the stages it is built on, with its index.
pub(crate) fn last_user<'a>(
    df: &'a Dockerfile,
    stage: &'a Stage,
) -> Option<(usize, &'a Stage, &'a Instruction)> {
    let mut current = stage;
    // Each step goes to an earlier stage, so this ends; the bound is belt and braces.
    for _ in 0..=df.stages.len() {
        let found = current.instructions.clone().rev().find(|i| {
            df.instructions
                .get(*i)
                .is_some_and(|ins| ins.keyword == Keyword::User)
        });
        if let Some(i) = found {
            return df.instructions.get(i).map(|ins| (i, current, ins));
        }
        current = df.stages.get(current.base_stage?)?;
    }
    None
}

/// Every `WORKDIR` of every stage with its first word and its path, `ARG`/`ENV` substituted as
/// at that instruction (instructions whose path cannot be resolved are left out).
pub(crate) fn workdirs(df: &Dockerfile) -> Vec<(&Stage, &Word, String)> {
    let mut out = Vec::new();
    for stage in &df.stages {
        let mut scope = df.variables(stage);
        for (offset, ins) in df.stage_instructions(stage).iter().enumerate() {
            if ins.keyword != Keyword::Workdir {
                continue;
            }
            let Some(word) = ins.words.first() else {
                continue;
            };
            let vars = scope.at(stage.instructions.start + offset);
            if let Some(path) = df.resolve(&word.text, vars) {
                out.push((stage, word, path));
            }
        }
    }
    out
}
