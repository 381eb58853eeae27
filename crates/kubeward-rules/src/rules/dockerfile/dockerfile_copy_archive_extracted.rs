use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::shell::{self, Command};
use kubeward_dockerfile::{Dockerfile, Keyword, Word};
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// A local archive (`.tar`, `.tar.gz`/`.tgz`, `.tar.bz2`/`.tbz2`, `.tar.xz`/`.txz`, `.tar.zst`)
    /// copied in with `COPY` (not `--from` another stage) and then extracted with `tar -x` in a
    /// later `RUN` of the same stage, the `tar` command naming the archive's file name. A `tar`
    /// inside quotes, comments or a non-shell here-document does not count.
    ///
    /// ## Why it matters
    /// The copied archive stays in its own layer even when a later `RUN` deletes it, so the
    /// image carries the data twice. `ADD` extracts a local tar archive itself, in one layer
    /// (this is the one job `ADD` is preferred for).
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM debian:12-slim
    /// COPY vendor/app-2.4.1.tar.gz /tmp/
    /// RUN tar -xzf /tmp/app-2.4.1.tar.gz -C /opt && rm /tmp/app-2.4.1.tar.gz
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM debian:12-slim
    /// ADD vendor/app-2.4.1.tar.gz /opt/
    /// ```
    ///
    /// ## References
    /// hadolint DL3010.
    pub struct DockerfileCopyArchiveExtracted {
        id: "dockerfile-copy-archive-extracted",
        title: "Dockerfile copies an archive and extracts it in a later RUN",
        severity: Severity::Info,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Let `ADD archive.tar.gz /dest/` extract the local archive in one layer, or extract it in a build stage and copy the result.",
        references: References {
            hadolint: &["DL3010"],
            ..References::NONE
        },
    }
}

const ARCHIVES: &[&str] = &[
    ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz", ".tar.zst",
];

fn base_name(path: &str) -> &str {
    path.trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(path)
}

fn is_archive(path: &str) -> bool {
    let lower = base_name(path).to_ascii_lowercase();
    !path.contains("://")
        && ARCHIVES
            .iter()
            .any(|e| lower.ends_with(e) && lower.len() > e.len())
}

/// `tar` extracting: `-x`, `--extract`, `--get`, or `x` in a cluster (`-xzf`, `xzf`).
fn extracts(cmd: &Command) -> bool {
    if cmd.name() != Some("tar") {
        return false;
    }
    let args = cmd.args();
    let first_cluster = args.first().is_some_and(|w| {
        !w.text.starts_with('-')
            && w.text.contains('x')
            && w.text.chars().all(|c| c.is_ascii_alphabetic())
    });
    first_cluster || cmd.has_option(&["-x", "--extract", "--get"])
}

impl Rule for DockerfileCopyArchiveExtracted {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for stage in &df.stages {
            // Archives copied so far in this stage: (file name, source word).
            let mut copied: Vec<(String, &Word)> = Vec::new();
            for ins in df.stage_instructions(stage) {
                match ins.keyword {
                    Keyword::Copy if ins.flag("from").is_none() => {
                        let Some((_dest, sources)) = ins.words.split_last() else {
                            continue;
                        };
                        for s in sources {
                            if is_archive(&s.text) && !ins.heredocs.iter().any(|h| h.span == s.span)
                            {
                                copied.push((base_name(&s.text).to_string(), s));
                            }
                        }
                    }
                    Keyword::Run if !copied.is_empty() => {
                        for cmd in shell::run_commands(ins).iter().filter(|c| extracts(c)) {
                            copied.retain(|(name, source)| {
                                let named = cmd.args().iter().any(|a| base_name(&a.text) == name);
                                if named {
                                    cx.report(
                                        Some(stage),
                                        source.span,
                                        format!(
                                            "`{}` is copied in and then extracted with `tar` on line {}; ADD extracts local archives in one layer",
                                            source.text,
                                            cmd.words.first().map_or(ins.span.start.line, |w| w.span.start.line)
                                        ),
                                    );
                                }
                                !named
                            });
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}
