use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::{Dockerfile, shell};
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// `cd` run as a command in `RUN`, as hadolint DL3003 does. `cd` inside quotes, comments
    /// or non-shell here-documents does not count.
    ///
    /// ## Why it matters
    /// The directory change ends with the `RUN`: later instructions still run in the old
    /// directory, which is easy to misread. `WORKDIR` makes the directory explicit for every
    /// following instruction.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN cd /src && make
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM alpine:3.20
    /// WORKDIR /src
    /// RUN make
    /// ```
    ///
    /// ## References
    /// hadolint DL3003; Trivy DS-0013.
    pub struct DockerfileRunCd {
        id: "dockerfile-run-cd",
        title: "Dockerfile RUN uses cd instead of WORKDIR",
        severity: Severity::Low,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Use WORKDIR to change directory (or `make -C dir` and similar options for one command).",
        references: References {
            hadolint: &["DL3003"],
            trivy: &["DS-0013"],
            ..References::NONE
        },
    }
}

impl Rule for DockerfileRunCd {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for (stage, _, cmds) in shell::runs(df) {
            for cmd in &cmds {
                if cmd.name() == Some("cd")
                    && let Some(word) = cmd.argv().first()
                {
                    cx.report(Some(stage), word.span, "RUN uses `cd`; use WORKDIR");
                }
            }
        }
    }
}
