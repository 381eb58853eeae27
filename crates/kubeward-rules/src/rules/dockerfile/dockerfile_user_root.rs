use super::helpers::{last_user, stage_chain, uid_option};
use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::{Dockerfile, Keyword, Stage, shell};
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// The final stage of a Dockerfile (the image that gets shipped): the last `USER`
    /// instruction, following `FROM <earlier stage>` back through the stages it builds on.
    /// Flagged when there is no `USER` at all, or when the last one is root: `root`, `0`,
    /// `0:0`, `root:<group>`, `0:<group>`, with `ARG`/`ENV` variables substituted where the file
    /// gives their value (a `USER $UID` whose value only comes from `--build-arg` is left
    /// alone). A user name is resolved to its UID where the file creates or changes it before
    /// that `USER`: `useradd -o -u 0 admin`, `adduser -u 0 admin` or `usermod -u 0 admin` in a
    /// `RUN` of the stage or the stages it builds on make `USER admin` root too. A `USER` in an
    /// earlier build stage does not count: only the final image runs.
    /// The base image's own `USER` (distroless `nonroot`, for example) cannot be seen from the
    /// file, so a final stage that relies on it is flagged; set `USER` explicitly.
    ///
    /// ## Why it matters
    /// A container that runs as root is one kernel or runtime bug away from root on the node,
    /// and can rewrite its own binaries. Setting a non-root `USER` in the image makes non-root
    /// the default everywhere the image runs, and lets Kubernetes' `runAsNonRoot` succeed.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// RUN go build -o /app .
    /// FROM gcr.io/distroless/static:nonroot
    /// COPY --from=build /app /app
    /// USER 0:0
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// RUN go build -o /app .
    /// FROM gcr.io/distroless/static:nonroot
    /// COPY --from=build /app /app
    /// USER 65532:65532
    /// ```
    ///
    /// ## References
    /// hadolint DL3002; Checkov CKV_DOCKER_3 (a user is created), CKV_DOCKER_8 (last USER is
    /// not root); Trivy DS-0002.
    pub struct DockerfileUserRoot {
        id: "dockerfile-user-root",
        title: "Dockerfile's final stage runs as root",
        severity: Severity::High,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Create an unprivileged user and end the final stage with `USER <uid>:<gid>` (a numeric UID, so that `runAsNonRoot` can verify it).",
        references: References {
            hadolint: &["DL3002"],
            checkov: &["CKV_DOCKER_3", "CKV_DOCKER_8"],
            trivy: &["DS-0002"],
            ..References::NONE
        },
    }
}

/// The UID the file gives user `name` before instruction `before` (`useradd`/`adduser`
/// creating it, `usermod` changing it, the last one wins), with the line that does it.
fn uid_given(df: &Dockerfile, stage: &Stage, name: &str, before: usize) -> Option<(String, u32)> {
    let mut found = None;
    for s in stage_chain(df, stage) {
        let end = s.instructions.end.min(before);
        for ins in df
            .instructions
            .get(s.instructions.start..end)
            .unwrap_or(&[])
        {
            if ins.keyword != Keyword::Run {
                continue;
            }
            for cmd in shell::run_commands(ins) {
                if !matches!(cmd.name(), Some("useradd" | "adduser" | "usermod")) {
                    continue;
                }
                let names_user = cmd.args().last().is_some_and(|w| w.text == name);
                if let (true, Some((word, uid))) = (names_user, uid_option(&cmd)) {
                    found = Some((uid.to_string(), word.span.start.line));
                }
            }
        }
    }
    found
}

fn is_root(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or(user);
    name == "root" || (!name.is_empty() && name.bytes().all(|b| b == b'0'))
}

impl Rule for DockerfileUserRoot {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        let Some(stage) = df.final_stage() else {
            return;
        };
        let Some((index, owner, user)) = last_user(df, stage) else {
            let at = df
                .instructions
                .get(stage.instructions.start)
                .map_or(stage.image.span, |i| i.span);
            cx.report(
                Some(stage),
                at,
                format!(
                    "final stage `{}` has no USER instruction, so the container runs as root",
                    stage.display_name()
                ),
            );
            return;
        };
        let Some(word) = user.words.first() else {
            return;
        };
        let vars = df.variables_at(owner, index);
        let Some(value) = df.resolve(&word.text, &vars) else {
            return;
        };
        let name = value.split(':').next().unwrap_or(&value);
        if !is_root(name)
            && !name.bytes().all(|b| b.is_ascii_digit())
            && let Some((uid, line)) = uid_given(df, stage, name, index)
            && is_root(&uid)
        {
            cx.report(
                Some(stage),
                word.span,
                format!(
                    "final stage `{}` runs as root: last USER is `{}`, given UID {uid} on line {line}",
                    stage.display_name(),
                    word.text
                ),
            );
            return;
        }
        if is_root(&value) {
            let shown = if value == word.text {
                format!("`{value}`")
            } else {
                format!("`{}` (`{value}`)", word.text)
            };
            cx.report(
                Some(stage),
                word.span,
                format!(
                    "final stage `{}` runs as root: last USER is {shown}",
                    stage.display_name()
                ),
            );
        }
    }
}
