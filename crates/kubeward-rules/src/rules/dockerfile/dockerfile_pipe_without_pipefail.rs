use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::{Arguments, Dockerfile, Keyword, shell};
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// A `RUN` that pipes one command into another (`curl … | sh`) while neither an earlier
    /// `SHELL` of the stage passes `-o pipefail` nor the `RUN` itself runs `set -o pipefail`
    /// (or `set -eo pipefail`, …) before the pipe. A `|` inside quotes, comments or non-shell
    /// here-documents is not a pipe.
    ///
    /// ## Why it matters
    /// A pipeline's status is its last command's: if the download fails, `sh` runs an empty
    /// script, succeeds, and the build goes on with a broken image.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM debian:12-slim
    /// RUN curl -fsSL https://example.com/install.sh | sh
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM debian:12-slim
    /// SHELL ["/bin/bash", "-o", "pipefail", "-c"]
    /// RUN curl -fsSL https://example.com/install.sh | bash
    /// ```
    ///
    /// ## References
    /// hadolint DL4006 (and DL4005 for using `SHELL` rather than `ln -sf /bin/bash /bin/sh`).
    pub struct DockerfilePipeWithoutPipefail {
        id: "dockerfile-pipe-without-pipefail",
        title: "Dockerfile RUN pipes without pipefail",
        severity: Severity::Low,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Add `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` before the RUN, or start it with `set -o pipefail &&`.",
        references: References {
            hadolint: &["DL4006", "DL4005"],
            ..References::NONE
        },
    }
}

fn sets_pipefail(cmd: &shell::Command) -> bool {
    cmd.name() == Some("set")
        && cmd.args().windows(2).any(|w| {
            w[0].text.starts_with('-') && w[0].text.ends_with('o') && w[1].text == "pipefail"
        })
}

impl Rule for DockerfilePipeWithoutPipefail {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for stage in &df.stages {
            let mut shell_pipefail = false;
            for ins in df.stage_instructions(stage) {
                if ins.keyword == Keyword::Shell {
                    shell_pipefail = matches!(&ins.arguments, Arguments::Exec(words)
                        if words.windows(2).any(|w| w[0].text == "-o" && w[1].text == "pipefail"));
                    continue;
                }
                if ins.keyword != Keyword::Run || shell_pipefail {
                    continue;
                }
                let mut pipefail = false;
                for cmd in shell::run_commands(ins) {
                    if sets_pipefail(&cmd) {
                        pipefail = true;
                    }
                    if cmd.piped && !pipefail {
                        if let Some(word) = cmd.argv().first().or(cmd.words.first()) {
                            cx.report(
                                Some(stage),
                                word.span,
                                "RUN pipes the output of a command without `set -o pipefail`: a failure before the pipe is ignored",
                            );
                        }
                        break;
                    }
                }
            }
        }
    }
}
