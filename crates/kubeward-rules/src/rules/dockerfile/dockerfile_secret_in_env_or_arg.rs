use crate::secret_detect::{scan_named_value, sensitive_name};
use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::{Dockerfile, Keyword, Stage};
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// `ENV` and `ARG` instructions that put a secret in the image: a value that the shared
    /// secret detector recognises (a known token format, or a literal under a sensitive name
    /// that passes its length and entropy thresholds), and, like hadolint DL3064 and Trivy
    /// DS-0031, any `ENV`/`ARG` whose *name* announces a secret (`DB_PASSWORD`, `API_TOKEN`,
    /// `AWS_SECRET_ACCESS_KEY`, …) with a value or, for `ARG`, without a default, even when the
    /// value looks like an example: the variable is how the secret is meant to travel. Empty
    /// values are left alone. The value is never printed.
    ///
    /// ## Why it matters
    /// `ENV` values are stored in the image configuration and `ARG` values passed with
    /// `--build-arg` are recorded in the image history: anyone who can pull the image can read
    /// them with `docker inspect` or `docker history`.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ARG NPM_TOKEN
    /// ENV DB_PASSWORD=s3cr3t-Pa55w0rd
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ARG APP_VERSION=1.2.3
    /// ENV DB_PASSWORD_FILE=/run/secrets/db_password
    /// RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
    /// ```
    ///
    /// ## References
    /// hadolint DL3064; Trivy DS-0031.
    pub struct DockerfileSecretInEnvOrArg {
        id: "dockerfile-secret-in-env-or-arg",
        title: "Dockerfile ENV or ARG holds a secret",
        severity: Severity::Critical,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Do not pass secrets through ENV or ARG: use `RUN --mount=type=secret,id=…` at build time and inject them at run time (a mounted file or a Kubernetes Secret).",
        references: References {
            hadolint: &["DL3064"],
            trivy: &["DS-0031"],
            ..References::NONE
        },
    }
}

fn stage_of(df: &Dockerfile, index: usize) -> Option<&Stage> {
    df.stages.iter().find(|s| s.instructions.contains(&index))
}

impl Rule for DockerfileSecretInEnvOrArg {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for (index, ins) in df.instructions.iter().enumerate() {
            let what = match ins.keyword {
                Keyword::Env => "ENV",
                Keyword::Arg => "ARG",
                _ => continue,
            };
            let stage = stage_of(df, index);
            for (key, value) in ins.key_values() {
                let name = key.text.as_str();
                match value {
                    Some(value) if !value.text.trim().is_empty() => {
                        if let Some(found) = scan_named_value(name, &value.text).first() {
                            cx.report_secret(
                                stage,
                                value.span,
                                format!("{what} `{name}` holds {}", found.what),
                            );
                        } else if let Some(sensitive) = sensitive_name(name)
                            && value.text.trim_start().starts_with('$')
                        {
                            cx.report(
                                stage,
                                key.span,
                                format!(
                                    "{what} `{name}` is named like {} and copies `{}` into the image",
                                    sensitive.kind,
                                    value.text.trim()
                                ),
                            );
                        } else if let Some(sensitive) = sensitive_name(name) {
                            cx.report_secret(
                                stage,
                                key.span,
                                format!(
                                    "{what} `{name}` is named like {} and sets it in the image",
                                    sensitive.kind
                                ),
                            );
                        }
                    }
                    Some(_) => {}
                    None => {
                        if let Some(sensitive) = sensitive_name(name) {
                            cx.report(
                                stage,
                                key.span,
                                format!(
                                    "{what} `{name}` is named like {}: build arguments are recorded in the image history",
                                    sensitive.kind
                                ),
                            );
                        }
                    }
                }
            }
        }
    }
}
