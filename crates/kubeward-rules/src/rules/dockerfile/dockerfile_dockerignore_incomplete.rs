use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::{ContextIgnore, DockerIgnore, Dockerfile, Keyword};
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// `COPY` and `ADD` instructions that copy the whole build context (a source of `.`, `./`,
    /// `*` or `/`, without `--from`) when the context's ignore file does not leave out the
    /// files that must never reach an image: the `.git` directory, `.env`, SSH private keys
    /// (`id_rsa`, `id_ed25519`) and key files (`*.pem`, `*.key`). The ignore file is the one
    /// Docker uses when the build context is the Dockerfile's directory:
    /// `<Dockerfile name>.dockerignore` beside the Dockerfile, else `.dockerignore` there; its
    /// patterns are evaluated as Docker does (`*`, `?`, `[…]`, `**`, `!` exceptions, the last
    /// matching pattern wins, a matching directory excludes everything below it), together
    /// with the instruction's own `--exclude` patterns. The files are checked at the top of the
    /// context (`**/*.pem` and `*.pem` both cover `server.pem`). No ignore file at all is
    /// flagged too. A Dockerfile read from standard input has no known context and is left
    /// alone.
    ///
    /// ## Why it matters
    /// `COPY . .` copies whatever is in the directory: the Git history (with every secret ever
    /// committed and later deleted), the developer's `.env`, and keys lying around. Once in a
    /// layer they are in the image for good, and anyone who can pull the image can read them.
    /// Keeping them out of the build context with `.dockerignore` also makes builds faster.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// WORKDIR /app
    /// COPY . .
    /// USER 10001
    /// ```
    ///
    /// ```dockerignore
    /// __pycache__
    /// *.pyc
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// WORKDIR /app
    /// COPY . .
    /// USER 10001
    /// ```
    ///
    /// ```dockerignore
    /// .git
    /// .env*
    /// !.env.example
    /// **/id_*
    /// **/*.pem
    /// **/*.key
    /// __pycache__
    /// ```
    ///
    /// ## References
    /// No peer equivalent: hadolint, Checkov and Trivy read only the Dockerfile. Related to
    /// hadolint DL3064 and Trivy DS-0031 (secrets in the image).
    pub struct DockerfileDockerignoreIncomplete {
        id: "dockerfile-dockerignore-incomplete",
        title: "Dockerfile copies the whole build context without ignoring .git, .env and keys",
        severity: Severity::Medium,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Add a .dockerignore beside the Dockerfile that excludes at least `.git`, `.env*`, `**/id_*`, `**/*.pem` and `**/*.key` (or start with `*` and re-include what the build needs with `!`), or copy only the paths the image needs.",
        references: References::NONE,
    }
}

/// What must stay out of the context: (how findings name it, a path to test).
const PROBES: &[(&str, &str)] = &[
    (".git", ".git/config"),
    (".env", ".env"),
    ("id_rsa", "id_rsa"),
    ("id_ed25519", "id_ed25519"),
    ("*.pem", "server.pem"),
    ("*.key", "server.key"),
];

/// A `COPY`/`ADD` source that names the whole context.
fn whole_context(source: &str) -> bool {
    let trimmed = source.trim_start_matches("./").trim_end_matches('/');
    matches!(trimmed, "" | "." | "*" | ".*")
}

fn list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Rule for DockerfileDockerignoreIncomplete {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        let (ignore_path, patterns) = match &df.dockerignore {
            ContextIgnore::Unknown => return,
            ContextIgnore::Missing => (None, Vec::new()),
            ContextIgnore::Found { path, ignore } => (Some(path.as_str()), ignore.patterns.clone()),
        };
        for stage in &df.stages {
            for ins in df.stage_instructions(stage) {
                if !matches!(ins.keyword, Keyword::Copy | Keyword::Add)
                    || ins.flag("from").is_some()
                {
                    continue;
                }
                let Some((_dest, sources)) = ins.words.split_last() else {
                    continue;
                };
                let Some(source) = sources.iter().find(|s| {
                    whole_context(&s.text) && !ins.heredocs.iter().any(|h| h.span == s.span)
                }) else {
                    continue;
                };
                // `--exclude=PATTERN` leaves more out of this one copy.
                let mut ignore = DockerIgnore {
                    patterns: patterns.clone(),
                };
                let excludes: String = ins
                    .flags
                    .iter()
                    .filter(|f| f.name.eq_ignore_ascii_case("exclude"))
                    .filter_map(|f| f.value.as_deref())
                    .map(|v| format!("{v}\n"))
                    .collect();
                ignore
                    .patterns
                    .extend(DockerIgnore::parse(&excludes).patterns);
                let kept: Vec<&str> = PROBES
                    .iter()
                    .filter(|(_, probe)| !ignore.excludes(probe))
                    .map(|(name, _)| *name)
                    .collect();
                if kept.is_empty() {
                    continue;
                }
                let what = format!(
                    "{} `{}` copies the whole build context",
                    ins.keyword, source.text
                );
                let message = match ignore_path {
                    None => format!(
                        "{what}, and there is no .dockerignore beside the Dockerfile: {} would go into the image",
                        list(&kept)
                    ),
                    Some(path) => format!("{what}, and `{path}` does not exclude {}", list(&kept)),
                };
                cx.report(Some(stage), source.span, message);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::whole_context;

    #[test]
    fn whole_context_sources() {
        for s in [".", "./", "*", "./*", "/", ".*"] {
            assert!(whole_context(s), "{s}");
        }
        for s in ["src", "./src/", "*.py", "requirements.txt", ".env"] {
            assert!(!whole_context(s), "{s}");
        }
    }
}
