use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::Dockerfile;
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// The base image of the final stage (following `FROM <earlier stage>` back to an image),
    /// after substituting the global `ARG` defaults, when it matches none of the patterns in
    /// `settings.minimal-base-images`. The default list accepts `scratch`, distroless
    /// (`*distroless*`), Alpine (`alpine`, `*/alpine`, `-alpine` tags), `-slim` tags
    /// (`*:*slim*`), Chainguard (`cgr.dev/chainguard/*`, `*chainguard*`) and Wolfi (`*wolfi*`)
    /// images. Patterns are matched against the image as written, lowercased and without
    /// digest; `*` matches any text. An empty list turns the rule off; a base the file gives no
    /// value for (`FROM $BASE`) is left alone.
    ///
    /// ```text
    /// settings:
    ///   minimal-base-images: [scratch, "gcr.io/distroless/*", "registry.example.com/base/*"]
    /// ```
    ///
    /// ## Why it matters
    /// A full distribution image ships a shell, a package manager, compilers and hundreds of
    /// packages the application never uses: each is attack surface for whoever gets code
    /// execution, and a source of vulnerability reports to triage. A minimal base for the final
    /// stage, with a build stage for the tooling, keeps the image to what runs.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM python:3.12
    /// COPY app.py /srv/
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// RUN go build -o /out/app .
    /// FROM gcr.io/distroless/static-debian12:nonroot
    /// COPY --from=build /out/app /app
    /// ```
    ///
    /// ## References
    /// No peer checks this; kubeward's own base-image policy.
    pub struct DockerfileBaseImageNotMinimal {
        id: "dockerfile-base-image-not-minimal",
        title: "Dockerfile final stage is not built on a minimal base image",
        severity: Severity::Low,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Build the final stage on a minimal image (distroless, scratch, Alpine, a -slim variant, Chainguard/Wolfi), with a separate build stage for the tooling; or list your own base images in `settings.minimal-base-images`.",
        references: References::NONE,
    }
}

/// `*`-glob match over bytes; iterative with backtracking to the last star (linear-ish, no
/// recursion).
pub(crate) fn glob_match(pattern: &str, text: &str) -> bool {
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, ti));
            pi += 1;
        } else if pi < p.len() && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&b| b == b'*')
}

impl Rule for DockerfileBaseImageNotMinimal {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        let patterns: Vec<String> = cx
            .settings()
            .minimal_base_images
            .iter()
            .map(|p| p.trim().to_ascii_lowercase())
            .filter(|p| !p.is_empty())
            .collect();
        if patterns.is_empty() {
            return;
        }
        let Some(last) = df.final_stage() else {
            return;
        };
        let mut root = last;
        for _ in 0..=df.stages.len() {
            match root.base_stage.and_then(|i| df.stages.get(i)) {
                Some(base) => root = base,
                None => break,
            }
        }
        let Some(base) = root.base.as_deref() else {
            return;
        };
        if base.is_empty() {
            return;
        }
        let lower = base.to_ascii_lowercase();
        let image = lower.split('@').next().unwrap_or(&lower);
        if patterns.iter().any(|p| glob_match(p, image)) {
            return;
        }
        let via = if root.index == last.index {
            String::new()
        } else {
            format!(" (through stage `{}`)", root.display_name())
        };
        cx.report(
            Some(last),
            root.image.span,
            format!(
                "the final stage is built on `{base}`{via}, which matches no minimal base image (settings.minimal-base-images)"
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::glob_match;

    #[test]
    fn globs() {
        assert!(glob_match("scratch", "scratch"));
        assert!(glob_match("*:*slim*", "python:3.12-slim"));
        assert!(glob_match("*:*slim*", "debian:bookworm-slim-20240101"));
        assert!(!glob_match("*:*slim*", "slim/python:3"));
        assert!(glob_match(
            "gcr.io/distroless/*",
            "gcr.io/distroless/static:nonroot"
        ));
        assert!(!glob_match("alpine", "alpine:3.20"));
        assert!(glob_match("*a*b*c", "xxaxxbxxc"));
        assert!(!glob_match("*a*b*c", "xxaxxcxxb"));
        assert!(glob_match("*", ""));
    }
}
