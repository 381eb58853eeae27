use super::helpers::{installed, package_name, removed};
use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::shell::ShellWord;
use kubeward_dockerfile::{Dockerfile, Keyword, shell};
use kubeward_model::{Category, References, Scope, Severity};
use std::collections::HashSet;

declare_rule! {
    /// ## What it checks
    /// Dockerfiles with a single stage whose system package manager (`apt-get`/`apt`, `apk`,
    /// `yum`, `dnf`, `microdnf`, `tdnf`, `zypper`) installs build or debugging tools that
    /// then stay in the shipped image: compilers and build systems (`gcc`, `g++`, `clang`,
    /// `make`, `cmake`, `build-essential`, `build-base`, `golang`, `rustc`, `cargo`, a JDK,
    /// `maven`, `gradle`, C library headers), language package managers (`python3-pip`,
    /// `npm`, `yarn`) and debugging or network tools (`curl`, `wget`, `git`, `ssh` clients and
    /// servers, `vim`, `nano`, `netcat`, `nmap`, `socat`, `telnet`, `gdb`, `strace`,
    /// `tcpdump`). A tool removed again later in the stage (`apt-get purge`, `apk del`, also
    /// through an `apk add --virtual` group) is not flagged, nor is a tool the image itself runs
    /// (`HEALTHCHECK CMD curl …`, or a word of `CMD`/`ENTRYPOINT`). One finding per install command,
    /// at its first such package. Files with several stages are left alone: there the tools
    /// belong in a build stage, and the final stage is judged by what it installs itself.
    ///
    /// ## Why it matters
    /// Everything in the image is available to whoever gets code execution in the container:
    /// a compiler, `curl` or `netcat` turns a foothold into a download-and-build workshop, and
    /// every extra package brings its own CVEs into scans. A multi-stage build compiles in a
    /// stage that is thrown away and ships only the result.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends gcc make curl \
    ///  && rm -rf /var/lib/apt/lists/*
    /// COPY . /src
    /// RUN make -C /src install
    /// USER 10001
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM debian:12-slim AS build
    /// RUN apt-get update && apt-get install -y --no-install-recommends gcc make \
    ///  && rm -rf /var/lib/apt/lists/*
    /// COPY . /src
    /// RUN make -C /src DESTDIR=/out install
    ///
    /// FROM debian:12-slim
    /// COPY --from=build /out/ /
    /// USER 10001
    /// ```
    ///
    /// ## References
    /// No peer equivalent in hadolint, Checkov or Trivy.
    pub struct DockerfileBuildToolsInFinalImage {
        id: "dockerfile-build-tools-in-final-image",
        title: "Dockerfile leaves build or debugging tools in its only stage",
        severity: Severity::Low,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Use a multi-stage build: install compilers and tools in a build stage, and copy only the built artifacts (`COPY --from=build`) into a minimal final stage; or remove the tools in the same RUN that installed them.",
        references: References::NONE,
    }
}

const SYSTEM_MANAGERS: &[&str] = &[
    "apt-get", "apt", "apk", "yum", "dnf", "microdnf", "tdnf", "zypper",
];

const TOOLS: &[&str] = &[
    // Compilers and build systems.
    "gcc",
    "g++",
    "gcc-c++",
    "clang",
    "llvm",
    "make",
    "cmake",
    "build-essential",
    "build-base",
    "autoconf",
    "automake",
    "libtool",
    "golang",
    "golang-go",
    "go",
    "rustc",
    "cargo",
    "rust",
    "default-jdk",
    "maven",
    "gradle",
    "musl-dev",
    "libc-dev",
    "libc6-dev",
    "glibc-devel",
    "linux-headers",
    // Language package managers.
    "python3-pip",
    "python-pip",
    "py3-pip",
    "npm",
    "yarn",
    // Debugging and network tools.
    "curl",
    "wget",
    "git",
    "ssh",
    "openssh",
    "openssh-client",
    "openssh-clients",
    "openssh-server",
    "vim",
    "vim-tiny",
    "vi",
    "nano",
    "netcat",
    "netcat-openbsd",
    "netcat-traditional",
    "ncat",
    "nmap",
    "nmap-ncat",
    "socat",
    "telnet",
    "gdb",
    "strace",
    "tcpdump",
];

fn is_tool(package: &str) -> bool {
    let p = package.to_ascii_lowercase();
    // `gcc-12`, `g++-13`, `clang-17`: a versioned compiler package.
    let unversioned = p
        .rsplit_once('-')
        .filter(|(_, v)| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
        .map_or(p.as_str(), |(name, _)| name);
    TOOLS.contains(&p.as_str())
        || TOOLS.contains(&unversioned)
        || (p.starts_with("openjdk") && p.contains("jdk") && !p.contains("jre"))
}

/// The words the image runs with: `HEALTHCHECK CMD`, `CMD` and `ENTRYPOINT`, in exec form or
/// split as shell (program names without their directory).
fn runtime_words(df: &Dockerfile) -> HashSet<String> {
    let mut out = HashSet::new();
    for ins in &df.instructions {
        if !matches!(
            ins.keyword,
            Keyword::Healthcheck | Keyword::Cmd | Keyword::Entrypoint
        ) {
            continue;
        }
        let words: Vec<String> = match ins.shell_text() {
            Some(text) => shell::split(&text.text, &ins.shell_positions)
                .iter()
                .flat_map(|c| c.words.iter().map(|w| w.text.clone()))
                .collect(),
            None => ins.words.iter().map(|w| w.text.clone()).collect(),
        };
        for w in words {
            let name = w.rsplit('/').next().unwrap_or(&w).to_ascii_lowercase();
            out.insert(name);
        }
    }
    out
}

impl Rule for DockerfileBuildToolsInFinalImage {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        let [stage] = df.stages.as_slice() else {
            return;
        };
        let used = runtime_words(df);
        let runs = shell::runs(df);
        let commands: Vec<&shell::Command> = runs.iter().flat_map(|(_, _, c)| c).collect();
        // What each command removes (packages and `apk --virtual` groups).
        let removals: Vec<Vec<String>> = commands
            .iter()
            .map(|c| {
                removed(c)
                    .into_iter()
                    .map(str::to_ascii_lowercase)
                    .collect()
            })
            .collect();
        for (i, cmd) in commands.iter().enumerate() {
            let Some(install) = installed(cmd) else {
                continue;
            };
            // Removed by a later command of the stage.
            let gone: HashSet<&str> = removals
                .get(i + 1..)
                .unwrap_or(&[])
                .iter()
                .flatten()
                .map(String::as_str)
                .collect();
            if !SYSTEM_MANAGERS.contains(&install.manager)
                || install
                    .virtual_name
                    .is_some_and(|v| gone.contains(v.to_ascii_lowercase().as_str()))
            {
                continue;
            }
            let tools: Vec<&ShellWord> = install
                .packages
                .iter()
                .copied()
                .filter(|w| {
                    let name = package_name(&w.text);
                    let lower = name.to_ascii_lowercase();
                    is_tool(name) && !gone.contains(lower.as_str()) && !used.contains(&lower)
                })
                .collect();
            let Some(first) = tools.first() else {
                continue;
            };
            let names: Vec<String> = tools
                .iter()
                .map(|w| format!("`{}`", package_name(&w.text)))
                .collect();
            cx.report(
                Some(stage),
                first.span,
                format!(
                    "`{}` installs {} in the file's only stage, so the shipped image keeps these tools; build in a separate stage",
                    install.manager,
                    names.join(", ")
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_tool;

    #[test]
    fn tools() {
        for p in [
            "gcc",
            "gcc-12",
            "g++-13",
            "openjdk-17-jdk",
            "openjdk17-jdk",
            "CURL",
        ] {
            assert!(is_tool(p), "{p}");
        }
        for p in [
            "gcc-libs",
            "openjdk-17-jre-headless",
            "libcurl4",
            "ca-certificates",
            "git-lfs-x",
        ] {
            assert!(!is_tool(p), "{p}");
        }
    }
}
