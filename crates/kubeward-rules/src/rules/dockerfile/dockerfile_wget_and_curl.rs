use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::{Dockerfile, shell};
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// A build stage whose `RUN` commands use both `wget` and `curl` (as commands, not in
    /// quotes, comments, package names or non-shell here-documents). Reported once per stage,
    /// at the first use of the second tool.
    ///
    /// ## Why it matters
    /// Two download tools where one would do: a bigger image and two sets of vulnerabilities.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN wget -q -O /tmp/a https://example.com/a
    /// RUN curl -fsSL -o /tmp/b https://example.com/b
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN curl -fsSL -o /tmp/a https://example.com/a \
    ///  && curl -fsSL -o /tmp/b https://example.com/b
    /// ```
    ///
    /// ## References
    /// hadolint DL4001; Trivy DS-0014.
    pub struct DockerfileWgetAndCurl {
        id: "dockerfile-wget-and-curl",
        title: "Dockerfile uses both wget and curl",
        severity: Severity::Info,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Pick one of wget and curl for the whole stage.",
        references: References {
            hadolint: &["DL4001"],
            trivy: &["DS-0014"],
            ..References::NONE
        },
    }
}

impl Rule for DockerfileWgetAndCurl {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for stage in &df.stages {
            let mut first: Option<&'static str> = None;
            'stage: for ins in df.stage_instructions(stage) {
                for cmd in shell::run_commands(ins) {
                    let tool = match cmd.name() {
                        Some("wget") => "wget",
                        Some("curl") => "curl",
                        _ => continue,
                    };
                    match first {
                        None => first = Some(tool),
                        Some(f) if f != tool => {
                            if let Some(word) = cmd.argv().first() {
                                cx.report(
                                    Some(stage),
                                    word.span,
                                    format!("the stage uses `{tool}` and also `{f}`; use one"),
                                );
                            }
                            break 'stage;
                        }
                        Some(_) => {}
                    }
                }
            }
        }
    }
}
