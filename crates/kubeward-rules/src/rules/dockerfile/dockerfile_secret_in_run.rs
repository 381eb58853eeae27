use crate::secret_detect::{Depth, is_placeholder, scan_text};
use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::Dockerfile;
use kubeward_dockerfile::shell::{self, Command, ShellWord};
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// Credentials written into `RUN` commands (and the shell here-documents they run):
    /// - known token formats anywhere in a word, quoted or not (the shared secret detector's
    ///   formats: GitHub, GitLab, Slack, AWS, private keys, …);
    /// - `curl -H`/`--header` and `wget --header` with a literal `Authorization:`,
    ///   `Private-Token:`, `X-API-Key:` or similar header;
    /// - `curl -u`/`--user user:password` and `wget --password=…`/`--http-password=…` with a
    ///   literal password;
    /// - URLs with a password in them (`https://user:pass@host/…`).
    ///
    /// A value that is a variable (`$TOKEN`, `${TOKEN}`, `$(cat /run/secrets/t)`) or a
    /// placeholder is not a secret in the file. The value is never printed.
    ///
    /// ## Why it matters
    /// Every `RUN` command line is stored in the image history (`docker history --no-trunc`)
    /// and in the Dockerfile's repository: the credential leaks to everyone who can read either.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN curl -fsSL -H "Authorization: Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0" https://api.example.com/pkg -o /tmp/pkg
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN --mount=type=secret,id=api_token \
    ///     curl -fsSL -H "Authorization: Bearer $(cat /run/secrets/api_token)" https://api.example.com/pkg -o /tmp/pkg
    /// ```
    ///
    /// ## References
    /// Trivy DS-0031 (secrets in the Dockerfile); hadolint DL3064 covers ENV/ARG only (see
    /// `dockerfile-secret-in-env-or-arg`).
    pub struct DockerfileSecretInRun {
        id: "dockerfile-secret-in-run",
        title: "Dockerfile RUN command contains a credential",
        severity: Severity::Critical,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Pass the credential with `RUN --mount=type=secret,id=…` and read it from /run/secrets/<id> (or `env=`) in the command; rotate the leaked one.",
        references: References {
            trivy: &["DS-0031"],
            hadolint: &["DL3064"],
            ..References::NONE
        },
    }
}

const AUTH_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "private-token",
    "job-token",
    "x-api-key",
    "x-auth-token",
    "x-access-token",
    "api-key",
    "apikey",
];

/// A literal value: not empty, not a variable or command substitution, not a placeholder.
fn literal(value: &str) -> bool {
    let v = value.trim();
    !v.is_empty() && !v.contains('$') && !v.contains('`') && !is_placeholder(v)
}

fn auth_header(value: &str) -> bool {
    let Some((name, rest)) = value.split_once(':') else {
        return false;
    };
    if !AUTH_HEADERS.contains(&name.trim().to_ascii_lowercase().as_str()) {
        return false;
    }
    // `Authorization: Bearer x`: the scheme alone is not the secret.
    let credential = rest.split_whitespace().last().unwrap_or("");
    literal(rest) && credential.len() >= 6
}

fn url_password(word: &str) -> bool {
    let mut rest = word;
    while let Some(i) = rest.find("://") {
        let after = &rest[i + 3..];
        let authority = after.split(['/', '?', '#', ' ']).next().unwrap_or("");
        if let Some((userinfo, _host)) = authority.rsplit_once('@')
            && let Some((_, password)) = userinfo.split_once(':')
            && literal(password)
        {
            return true;
        }
        rest = after;
    }
    false
}

/// The secret-holding word of `cmd` and what it holds.
fn credential(cmd: &Command) -> Vec<(&ShellWord, String)> {
    let mut out = Vec::new();
    let name = cmd.name().unwrap_or("");
    let args = cmd.argv();
    for (i, w) in args.iter().enumerate() {
        if let Some(found) = scan_text(&w.text, Depth::KnownFormats).first() {
            out.push((w, format!("`{name}` command contains {}", found.what)));
            continue;
        }
        let prev = i
            .checked_sub(1)
            .and_then(|p| args.get(p))
            .map(|p| p.text.as_str());
        let t = w.text.as_str();
        if matches!(name, "curl" | "wget" | "http" | "xh") {
            let header = match prev {
                Some("-H" | "--header") => Some(t),
                _ => t
                    .strip_prefix("--header=")
                    .or_else(|| t.strip_prefix("-H").filter(|r| r.contains(':'))),
            };
            if header.is_some_and(auth_header) {
                out.push((
                    w,
                    format!("`{name}` sends a literal credential in a request header"),
                ));
                continue;
            }
            let user = match prev {
                Some("-u" | "--user" | "--proxy-user" | "-U") if name == "curl" => Some(t),
                _ => None,
            };
            if user
                .and_then(|u| u.split_once(':'))
                .is_some_and(|(_, p)| literal(p))
            {
                out.push((w, format!("`{name}` passes a literal user:password")));
                continue;
            }
            let password = [
                "--password=",
                "--http-password=",
                "--ftp-password=",
                "--proxy-password=",
            ]
            .iter()
            .find_map(|p| t.strip_prefix(p));
            if password.is_some_and(literal) {
                out.push((w, format!("`{name}` passes a literal password")));
                continue;
            }
        }
        if url_password(t) {
            out.push((w, format!("`{name}` uses a URL with a password in it")));
        }
    }
    out
}

impl Rule for DockerfileSecretInRun {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for (stage, _, cmds) in shell::runs(df) {
            for cmd in &cmds {
                for (word, message) in credential(cmd) {
                    cx.report_secret(Some(stage), word.span, message);
                }
            }
        }
    }
}
