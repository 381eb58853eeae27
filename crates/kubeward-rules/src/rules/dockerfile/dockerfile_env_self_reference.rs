use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::{Dockerfile, Keyword, expand};
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// An `ENV` instruction whose value refers (`$NAME`, `${NAME}`) to a variable that an
    /// earlier pair of the same `ENV` defines: `ENV A=1 B=$A`. Separate `ENV` instructions are
    /// fine. The parser hands rules the values with quotes and escapes resolved, so an escaped
    /// `\$A` is not told apart from `$A` (a rare, harmless false alarm).
    ///
    /// ## Why it matters
    /// All the values of one `ENV` are substituted before any of its variables is set, so `$A`
    /// in `ENV A=1 B=$A` is the value `A` had before the instruction (often empty), not `1`.
    /// The image silently gets something other than what the file appears to say.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV APP_HOME=/srv/app APP_CONFIG=$APP_HOME/config.yaml
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV APP_HOME=/srv/app
    /// ENV APP_CONFIG=$APP_HOME/config.yaml PATH=$PATH:/srv/app/bin
    /// ```
    ///
    /// ## References
    /// hadolint DL3044.
    pub struct DockerfileEnvSelfReference {
        id: "dockerfile-env-self-reference",
        title: "Dockerfile ENV refers to a variable defined in the same instruction",
        severity: Severity::Low,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Define the variable in an earlier ENV instruction, then refer to it.",
        references: References {
            hadolint: &["DL3044"],
            ..References::NONE
        },
    }
}

impl Rule for DockerfileEnvSelfReference {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for stage in &df.stages {
            for ins in df.stage_instructions(stage) {
                if ins.keyword != Keyword::Env {
                    continue;
                }
                let pairs = ins.key_values();
                for (i, (_, value)) in pairs.iter().enumerate() {
                    let Some(value) = value else {
                        continue;
                    };
                    let used = expand(&value.text, df.escape, |_| None).unresolved;
                    let Some(name) = used
                        .iter()
                        .find(|u| pairs[..i].iter().any(|(k, _)| &k.text == *u))
                    else {
                        continue;
                    };
                    cx.report(
                        Some(stage),
                        value.span,
                        format!(
                            "`${name}` is the value `{name}` had before this ENV, not the one it sets; set `{name}` in an earlier ENV"
                        ),
                    );
                }
            }
        }
    }
}
