use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::shell::Command;
use kubeward_dockerfile::{Dockerfile, Keyword, Stage, shell};
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Package installs in `RUN` that leave the package manager's cache in the layer, per
    /// manager, in the same `RUN`:
    /// - `apt-get install` without `rm -rf /var/lib/apt/lists/*`;
    /// - `yum`/`dnf`/`microdnf install` without `<manager> clean all`;
    /// - `zypper install` without `zypper clean` (`zypper cc`);
    /// - `apk add` without `--no-cache` (or `rm -rf /var/cache/apk/*`);
    /// - `pip install` without `--no-cache-dir`, unless an earlier `ENV` of the stage sets
    ///   `PIP_NO_CACHE_DIR`;
    /// - `yarn install` without `yarn cache clean`.
    ///
    /// Only the final stage and the stages it is built on (`FROM <stage>`) are checked: the
    /// cache of a builder stage never reaches the image. A `RUN` with
    /// `--mount=type=cache` keeps its cache out of the layer and is left alone. One rule for
    /// all managers, with one finding per install.
    ///
    /// ## Why it matters
    /// Package indexes and downloaded archives are tens to hundreds of megabytes the running
    /// container never uses, in every pull and on every node.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
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
    /// hadolint DL3009, DL3032, DL3040, DL3036, DL3019, DL3042, DL3060; Trivy DS-0015, DS-0019,
    /// DS-0027, DS-0020, DS-0025.
    pub struct DockerfilePackageCacheNotCleaned {
        id: "dockerfile-package-cache-not-cleaned",
        title: "Dockerfile leaves the package manager cache in the image",
        severity: Severity::Info,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Clean the cache in the same RUN as the install (rm -rf /var/lib/apt/lists/*, yum/dnf clean all, apk add --no-cache, pip --no-cache-dir, yarn cache clean), or use RUN --mount=type=cache.",
        references: References {
            hadolint: &["DL3009", "DL3032", "DL3040", "DL3036", "DL3019", "DL3042", "DL3060"],
            trivy: &["DS-0015", "DS-0019", "DS-0027", "DS-0020", "DS-0025"],
            ..References::NONE
        },
    }
}

fn sub_is(cmd: &Command, subs: &[&str]) -> bool {
    cmd.subcommand()
        .is_some_and(|s| subs.contains(&s.text.as_str()))
}

fn removes(cmds: &[Command], prefix: &str) -> bool {
    cmds.iter()
        .any(|c| c.name() == Some("rm") && c.args().iter().any(|w| w.text.starts_with(prefix)))
}

fn cleans(cmds: &[Command], manager: &str, subs: &[&str]) -> bool {
    cmds.iter()
        .any(|c| c.name() == Some(manager) && sub_is(c, subs))
}

/// The final stage and the stages it is built on.
fn shipped(df: &Dockerfile) -> Vec<usize> {
    let mut out = Vec::new();
    let mut next = df.final_stage().map(|s| s.index);
    while let Some(i) = next {
        if out.contains(&i) {
            break;
        }
        out.push(i);
        next = df.stages.get(i).and_then(|s| s.base_stage);
    }
    out
}

impl Rule for DockerfilePackageCacheNotCleaned {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        let shipped = shipped(df);
        for stage in df.stages.iter().filter(|s| shipped.contains(&s.index)) {
            let mut pip_env = false;
            for ins in df.stage_instructions(stage) {
                if ins.keyword == Keyword::Env
                    && ins
                        .key_values()
                        .iter()
                        .any(|(k, _)| k.text == "PIP_NO_CACHE_DIR")
                {
                    pip_env = true;
                }
                if ins.keyword != Keyword::Run
                    || ins
                        .flag("mount")
                        .and_then(|f| f.value.as_deref())
                        .is_some_and(|v| v.contains("type=cache"))
                {
                    continue;
                }
                let cmds = shell::run_commands(ins);
                for cmd in &cmds {
                    check(cmd, &cmds, pip_env, stage, cx);
                }
            }
        }
    }
}

fn check(
    cmd: &Command,
    cmds: &[Command],
    pip_env: bool,
    stage: &Stage,
    cx: &mut DockerfileContext<'_>,
) {
    let Some(name) = cmd.name() else { return };
    let Some(sub) = cmd.subcommand() else { return };
    let missing = match name {
        "apt-get" | "apt" if sub.text == "install" => (!removes(cmds, "/var/lib/apt/lists"))
            .then_some("without `rm -rf /var/lib/apt/lists/*`"),
        "yum" | "dnf" | "microdnf" | "tdnf"
            if sub_is(
                cmd,
                &[
                    "install",
                    "groupinstall",
                    "localinstall",
                    "reinstall",
                    "update",
                    "upgrade",
                ],
            ) =>
        {
            (!cleans(cmds, name, &["clean"])).then_some("without `clean all`")
        }
        "zypper" if sub_is(cmd, &["install", "in", "update", "up", "patch"]) => {
            (!cleans(cmds, name, &["clean", "cc"])).then_some("without `zypper clean`")
        }
        "apk" if sub.text == "add" => (!cmd.has_option(&["--no-cache"])
            && !removes(cmds, "/var/cache/apk"))
        .then_some("without --no-cache"),
        "pip" | "pip3" if sub.text == "install" => {
            (!pip_env && !cmd.has_option(&["--no-cache-dir"])).then_some("without --no-cache-dir")
        }
        "yarn" if sub.text == "install" => {
            (!cleans(cmds, "yarn", &["cache"])).then_some("without `yarn cache clean`")
        }
        _ => None,
    };
    if let Some(missing) = missing {
        cx.report(
            Some(stage),
            sub.span,
            format!(
                "`{name} {}` {missing} leaves the package cache in the layer",
                sub.text
            ),
        );
    }
}
