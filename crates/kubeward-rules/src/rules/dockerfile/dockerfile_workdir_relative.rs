use super::helpers::workdirs;
use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::Dockerfile;
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// `WORKDIR` with a relative path (`WORKDIR app`), after substituting the variables the
    /// file gives values. A path that starts with a variable the file gives no value
    /// (`WORKDIR $HOME/app` with `HOME` unset) is left alone, and so is a Windows path
    /// (`C:\app`).
    ///
    /// ## Why it matters
    /// A relative `WORKDIR` is resolved against whatever the previous `WORKDIR` was, which may
    /// come from the base image and change with it: files end up somewhere other than where
    /// `CMD` and later instructions expect them.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM alpine:3.20
    /// WORKDIR app
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENV APP_HOME=/srv/app
    /// WORKDIR /srv
    /// WORKDIR $APP_HOME
    /// ```
    ///
    /// ## References
    /// hadolint DL3000; Checkov CKV_DOCKER_10; Trivy DS-0009.
    pub struct DockerfileWorkdirRelative {
        id: "dockerfile-workdir-relative",
        title: "Dockerfile WORKDIR is a relative path",
        severity: Severity::Medium,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Give WORKDIR an absolute path (`WORKDIR /srv/app`).",
        references: References {
            hadolint: &["DL3000"],
            checkov: &["CKV_DOCKER_10"],
            trivy: &["DS-0009"],
            ..References::NONE
        },
    }
}

/// `C:\app`, `c:/app`.
fn is_windows_absolute(path: &str) -> bool {
    let b = path.as_bytes();
    b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && (b[2] == b'\\' || b[2] == b'/')
}

impl Rule for DockerfileWorkdirRelative {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for (stage, word, path) in workdirs(df) {
            let path = path.trim_matches('"');
            if path.is_empty() || path.starts_with('/') || is_windows_absolute(path) {
                continue;
            }
            cx.report(
                Some(stage),
                word.span,
                format!("WORKDIR `{path}` is relative; use an absolute path"),
            );
        }
    }
}
