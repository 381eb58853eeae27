use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::shell::{self, Command};
use kubeward_dockerfile::{Dockerfile, Keyword, Stage};
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// TLS certificate verification turned off during the build or in the image:
    /// - in `RUN` commands: `curl -k`/`--insecure`, `wget --no-check-certificate`,
    ///   `pip install --trusted-host`, `git -c http.sslVerify=false` and
    ///   `git config … http.sslVerify false`, `npm`/`yarn config set strict-ssl false` and
    ///   `--strict-ssl=false`, `yum`/`dnf --setopt=sslverify=0`;
    /// - in `ENV`: `PYTHONHTTPSVERIFY=0`, `NODE_TLS_REJECT_UNAUTHORIZED=0`,
    ///   `NPM_CONFIG_STRICT_SSL=false`, `GIT_SSL_NO_VERIFY` (any value but `false`/`0`) and
    ///   `PIP_TRUSTED_HOST`.
    ///
    /// Commands are read with the shell splitter, so the same text inside quotes, comments or
    /// a here-document fed to another program does not count.
    ///
    /// ## Why it matters
    /// Without certificate checks anyone on the network path can swap the packages, scripts
    /// or binaries the build downloads; set in `ENV`, the setting stays in the image and turns
    /// off verification for the application too.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN curl -fsSLk https://example.com/install.sh -o /tmp/install.sh
    /// ENV NODE_TLS_REJECT_UNAUTHORIZED=0
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY corp-ca.crt /usr/local/share/ca-certificates/
    /// RUN update-ca-certificates && curl -fsSL https://example.com/install.sh -o /tmp/install.sh
    /// ```
    ///
    /// ## References
    /// Checkov CKV2_DOCKER_2, CKV2_DOCKER_3, CKV2_DOCKER_4, CKV2_DOCKER_5, CKV2_DOCKER_6,
    /// CKV2_DOCKER_12, CKV2_DOCKER_13, CKV2_DOCKER_14, CKV2_DOCKER_15, CKV2_DOCKER_16.
    pub struct DockerfileTlsVerificationDisabled {
        id: "dockerfile-tls-verification-disabled",
        title: "Dockerfile disables TLS certificate verification",
        severity: Severity::High,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Keep certificate verification on; if a private CA is needed, add its certificate to the trust store (COPY it and run update-ca-certificates) instead.",
        references: References {
            checkov: &[
                "CKV2_DOCKER_2",
                "CKV2_DOCKER_3",
                "CKV2_DOCKER_4",
                "CKV2_DOCKER_5",
                "CKV2_DOCKER_6",
                "CKV2_DOCKER_12",
                "CKV2_DOCKER_13",
                "CKV2_DOCKER_14",
                "CKV2_DOCKER_15",
                "CKV2_DOCKER_16",
            ],
            ..References::NONE
        },
    }
}

fn is_false(v: &str) -> bool {
    matches!(
        v.trim().to_ascii_lowercase().as_str(),
        "false" | "0" | "no" | "off"
    )
}

/// What the command does to turn verification off, and the word that does it.
fn insecure(cmd: &Command) -> Option<(&shell::ShellWord, String)> {
    let name = cmd.name()?;
    let args = cmd.args();
    match name {
        "curl" => cmd
            .find_option(&["-k", "--insecure"])
            .map(|w| (w, format!("`curl {}` skips certificate checks", w.text))),
        "wget" => cmd.find_option(&["--no-check-certificate"]).map(|w| {
            (
                w,
                "`wget --no-check-certificate` skips certificate checks".into(),
            )
        }),
        "pip" | "pip3" | "python" | "python3" => cmd.find_option(&["--trusted-host"]).map(|w| {
            (
                w,
                format!("`{name} --trusted-host` skips certificate checks"),
            )
        }),
        "git" => {
            for (i, w) in args.iter().enumerate() {
                let t = w.text.to_ascii_lowercase();
                if let Some((key, value)) = t.split_once('=')
                    && key == "http.sslverify"
                    && is_false(value)
                    && i > 0
                    && args[i - 1].text == "-c"
                {
                    return Some((
                        w,
                        "`git -c http.sslVerify=false` skips certificate checks".into(),
                    ));
                }
                if t == "http.sslverify" && args.get(i + 1).is_some_and(|v| is_false(&v.text)) {
                    return Some((
                        w,
                        "`git config http.sslVerify false` turns off certificate checks".into(),
                    ));
                }
            }
            None
        }
        "npm" | "yarn" | "pnpm" => {
            for (i, w) in args.iter().enumerate() {
                let t = w.text.to_ascii_lowercase();
                let flag = t.strip_prefix("--strict-ssl=").is_some_and(is_false);
                let set = t == "strict-ssl" && args.get(i + 1).is_some_and(|v| is_false(&v.text));
                if flag || set {
                    return Some((
                        w,
                        format!("`{name}` strict-ssl false turns off certificate checks"),
                    ));
                }
            }
            None
        }
        "yum" | "dnf" | "microdnf" | "tdnf" => args
            .iter()
            .find(|w| {
                let t = w.text.to_ascii_lowercase();
                t.strip_prefix("--setopt=")
                    .and_then(|r| r.split_once('='))
                    .is_some_and(|(k, v)| k.ends_with("sslverify") && is_false(v))
            })
            .map(|w| {
                (
                    w,
                    format!("`{name} --setopt=sslverify=0` skips certificate checks"),
                )
            }),
        _ => None,
    }
}

fn insecure_env(name: &str, value: &str) -> bool {
    let v = value.trim();
    match name {
        "PYTHONHTTPSVERIFY" | "NODE_TLS_REJECT_UNAUTHORIZED" => v == "0",
        "NPM_CONFIG_STRICT_SSL" | "npm_config_strict_ssl" => is_false(v),
        "GIT_SSL_NO_VERIFY" => !v.is_empty() && !is_false(v),
        "PIP_TRUSTED_HOST" => !v.is_empty(),
        _ => false,
    }
}

fn stage_of(df: &Dockerfile, index: usize) -> Option<&Stage> {
    df.stages.iter().find(|s| s.instructions.contains(&index))
}

impl Rule for DockerfileTlsVerificationDisabled {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for (stage, _, cmds) in shell::runs(df) {
            for cmd in &cmds {
                if let Some((word, message)) = insecure(cmd) {
                    cx.report(Some(stage), word.span, message);
                }
            }
        }
        for (index, ins) in df.instructions.iter().enumerate() {
            if ins.keyword != Keyword::Env {
                continue;
            }
            for (key, value) in ins.key_values() {
                if let Some(value) = value
                    && insecure_env(&key.text, &value.text)
                {
                    cx.report(
                        stage_of(df, index),
                        key.span,
                        format!(
                            "ENV {}={} turns off certificate checks in the image",
                            key.text,
                            value.text.trim()
                        ),
                    );
                }
            }
        }
    }
}
