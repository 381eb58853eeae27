use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::{Dockerfile, Keyword};
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// `LABEL` keys that do not follow Docker's key format: lower-case letters, digits, `.`
    /// and `-` only, starting and ending with a letter or digit, no `..` or `--`, and not
    /// in the namespaces Docker reserves for itself (`com.docker.*`, `io.docker.*`,
    /// `org.dockerproject.*`). Keys in every stage are checked.
    ///
    /// ## Why it matters
    /// Tools that read image labels (registries, scanners, `docker inspect` filters) expect
    /// reverse-DNS keys such as `org.opencontainers.image.source`; a key with upper case,
    /// spaces or underscores is easily mistyped when queried, and a reserved namespace may
    /// clash with what Docker itself writes.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL Org.Example.Team="payments" com.docker.compose.project=shop
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.example.team="payments" org.opencontainers.image.version=1.4.2
    /// ```
    ///
    /// ## References
    /// hadolint DL3048.
    pub struct DockerfileLabelKeyInvalid {
        id: "dockerfile-label-key-invalid",
        title: "Dockerfile LABEL key does not follow Docker's key format",
        severity: Severity::Info,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Use lower-case reverse-DNS keys of letters, digits, `.` and `-` (`org.example.team`), outside the reserved `com.docker.*`, `io.docker.*` and `org.dockerproject.*` namespaces.",
        references: References {
            hadolint: &["DL3048"],
            ..References::NONE
        },
    }
}

const RESERVED: &[&str] = &["com.docker.", "io.docker.", "org.dockerproject."];

/// Why `key` is not a valid label key, if it is not.
fn problem(key: &str) -> Option<&'static str> {
    if let Some(ns) = RESERVED.iter().find(|ns| key.starts_with(*ns)) {
        return Some(match *ns {
            "com.docker." => "is in the reserved namespace `com.docker.*`",
            "io.docker." => "is in the reserved namespace `io.docker.*`",
            _ => "is in the reserved namespace `org.dockerproject.*`",
        });
    }
    if key.is_empty() {
        return Some("is empty");
    }
    if !key
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
    {
        return Some("has characters other than lower-case letters, digits, `.` and `-`");
    }
    let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if !alnum(key.chars().next()) || !alnum(key.chars().last()) {
        return Some("does not start and end with a letter or digit");
    }
    if key.contains("..") || key.contains("--") {
        return Some("has consecutive `.` or `-`");
    }
    None
}

impl Rule for DockerfileLabelKeyInvalid {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for stage in &df.stages {
            for ins in df.stage_instructions(stage) {
                if ins.keyword != Keyword::Label {
                    continue;
                }
                for (key, _) in ins.key_values() {
                    if let Some(why) = problem(&key.text) {
                        cx.report(
                            Some(stage),
                            key.span,
                            format!("LABEL key `{}` {why}", key.text),
                        );
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn keys() {
        for ok in [
            "maintainer",
            "org.opencontainers.image.source",
            "com.example.v2",
            "a-b.c1",
        ] {
            assert_eq!(problem(ok), None, "{ok}");
        }
        for bad in [
            "Org.x",
            "a_b",
            "-a",
            "a.",
            "a..b",
            "a--b",
            "io.docker.x",
            "a b",
            "",
        ] {
            assert!(problem(bad).is_some(), "{bad}");
        }
    }
}
