use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::{Dockerfile, Keyword};
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// `COPY --from=<stage or image>` whose source is the whole file system (`/`, or `/.`).
    ///
    /// ## Why it matters
    /// Copying the root of another stage brings everything it holds into the image: compilers,
    /// package caches, shells, credentials left over from the build. The point of a multi-stage
    /// build is to copy only the artifacts.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// RUN go build -o /out/app .
    /// FROM scratch
    /// COPY --from=build / /
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// RUN go build -o /out/app .
    /// FROM scratch
    /// COPY --from=build /out/app /app
    /// COPY / /srv/
    /// ```
    ///
    /// ## References
    /// hadolint DL3067.
    pub struct DockerfileCopyRootFilesystem {
        id: "dockerfile-copy-root-filesystem",
        title: "Dockerfile copies an entire file system from another stage",
        severity: Severity::Low,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Copy only the files the final image needs (`COPY --from=build /out/app /app`).",
        references: References {
            hadolint: &["DL3067"],
            ..References::NONE
        },
    }
}

impl Rule for DockerfileCopyRootFilesystem {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for stage in &df.stages {
            for ins in df.stage_instructions(stage) {
                if ins.keyword != Keyword::Copy {
                    continue;
                }
                let Some(from) = ins.flag("from").and_then(|f| f.value.as_deref()) else {
                    continue;
                };
                let Some((_, sources)) = ins.words.split_last() else {
                    continue;
                };
                for source in sources {
                    let path = source.text.trim_end_matches('.');
                    if !path.is_empty() && path.bytes().all(|b| b == b'/') {
                        cx.report(
                            Some(stage),
                            source.span,
                            format!("COPY --from={from} copies its whole file system"),
                        );
                    }
                }
            }
        }
    }
}
