use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::{Dockerfile, Keyword};
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// A `RUN` that directly follows another `RUN` of the same stage with the same flags
    /// (`--mount`, `--network`, …), as hadolint DL3059. RUNs with different flags, or with
    /// another instruction between them, are left alone.
    ///
    /// ## Why it matters
    /// Each `RUN` is a layer: files deleted in a later one still ship in the earlier one, and
    /// more layers mean a larger, slower image.
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
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## References
    /// hadolint DL3059.
    pub struct DockerfileConsecutiveRun {
        id: "dockerfile-consecutive-run",
        title: "Dockerfile has consecutive RUN instructions",
        severity: Severity::Info,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Join consecutive RUN instructions with `&&` (or a here-document) into one layer.",
        references: References {
            hadolint: &["DL3059"],
            ..References::NONE
        },
    }
}

impl Rule for DockerfileConsecutiveRun {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for stage in &df.stages {
            for pair in df.stage_instructions(stage).windows(2) {
                let (a, b) = (&pair[0], &pair[1]);
                if a.keyword != Keyword::Run || b.keyword != Keyword::Run {
                    continue;
                }
                let flags = |i: &kubeward_dockerfile::Instruction| {
                    let mut f: Vec<(String, Option<String>)> = i
                        .flags
                        .iter()
                        .map(|f| (f.name.to_ascii_lowercase(), f.value.clone()))
                        .collect();
                    f.sort();
                    f
                };
                if flags(a) == flags(b) {
                    cx.report(
                        Some(stage),
                        b.keyword_span,
                        format!(
                            "RUN follows the RUN on line {}; join them into one layer",
                            a.keyword_span.start.line
                        ),
                    );
                }
            }
        }
    }
}
