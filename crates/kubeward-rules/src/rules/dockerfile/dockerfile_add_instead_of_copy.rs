use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::{Dockerfile, Keyword};
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// `ADD` instructions that only copy local files, which is `COPY`'s job. `ADD` is left
    /// alone when a source is a URL (`http://`, `https://`, a Git URL) or a local archive
    /// (`.tar`, `.tar.gz`, `.tgz`, `.tar.bz2`, `.tar.xz`, `.tar.zst`, …) that `ADD` extracts:
    /// those are what `ADD` is for, as in hadolint. Downloading with `ADD` has its own risks
    /// (no checksum unless `--checksum` is given) that a separate rule covers. `ADD` inside
    /// `ONBUILD` is not checked.
    ///
    /// ## Why it matters
    /// `ADD` does more than it says: a source that happens to be an archive is unpacked, and
    /// a source that is a URL is fetched at build time. Using `COPY` for plain files keeps the
    /// build doing only what the file shows.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ADD --chown=1000:1000 app.py requirements.txt /app/
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY --chown=1000:1000 app.py requirements.txt /app/
    /// ADD rootfs.tar.gz /
    /// ADD https://example.com/tool.tar.gz /opt/
    /// ```
    ///
    /// ## References
    /// hadolint DL3020; Checkov CKV_DOCKER_4; Trivy DS-0005.
    pub struct DockerfileAddInsteadOfCopy {
        id: "dockerfile-add-instead-of-copy",
        title: "Dockerfile uses ADD to copy local files",
        severity: Severity::Low,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Use COPY for local files and directories; keep ADD for archives to extract and URLs.",
        references: References {
            hadolint: &["DL3020"],
            checkov: &["CKV_DOCKER_4"],
            trivy: &["DS-0005"],
            ..References::NONE
        },
    }
}

const ARCHIVES: &[&str] = &[
    ".tar",
    ".tar.gz",
    ".tgz",
    ".tar.bz2",
    ".tbz2",
    ".tbz",
    ".tar.xz",
    ".txz",
    ".tar.zst",
    ".tzst",
    ".tar.lz",
    ".tar.lzma",
    ".tlz",
    ".gz",
    ".bz2",
    ".xz",
    ".zst",
];

fn is_remote_or_archive(source: &str) -> bool {
    let lower = source.to_ascii_lowercase();
    lower.contains("://")
        || lower.starts_with("git@")
        || ARCHIVES.iter().any(|ext| lower.ends_with(ext))
}

impl Rule for DockerfileAddInsteadOfCopy {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for stage in &df.stages {
            for ins in df.stage_instructions(stage) {
                if ins.keyword != Keyword::Add {
                    continue;
                }
                let Some((_dest, sources)) = ins.words.split_last() else {
                    continue;
                };
                if sources.is_empty() || sources.iter().any(|s| is_remote_or_archive(&s.text)) {
                    continue;
                }
                let names: Vec<String> = sources
                    .iter()
                    .map(|s| {
                        let heredoc = ins.heredocs.iter().find(|h| h.span == s.span);
                        match heredoc {
                            Some(h) => format!("from the here-document `{}`", h.delimiter),
                            None => format!("`{}`", s.text),
                        }
                    })
                    .collect();
                cx.report(
                    Some(stage),
                    ins.keyword_span,
                    format!("ADD copies local files {}; use COPY", names.join(", ")),
                );
            }
        }
    }
}
