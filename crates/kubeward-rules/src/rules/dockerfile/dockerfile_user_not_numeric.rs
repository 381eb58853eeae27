use super::helpers::last_user;
use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::Dockerfile;
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// The `USER` that the final stage runs as (its last `USER`, or that of the stages it is
    /// built on) when the user, or the group after `:`, is a name rather than a numeric ID.
    /// `root` is left to `dockerfile-user-root`; a user given by a variable the file gives no
    /// value is left alone.
    ///
    /// ## Why it matters
    /// Kubernetes can only enforce `runAsNonRoot` for an image whose user is numeric: with a
    /// name, the kubelet cannot tell whether it maps to UID 0 and refuses to start the Pod (or,
    /// without `runAsNonRoot`, trusts the image's `/etc/passwd`). A numeric `USER` matching the
    /// manifest's `runAsUser` keeps the two in agreement.
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN adduser -D -u 10001 app
    /// USER app
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN adduser -D -u 10001 app
    /// USER 10001:10001
    /// ```
    ///
    /// ## References
    /// hadolint DL3066.
    pub struct DockerfileUserNotNumeric {
        id: "dockerfile-user-not-numeric",
        title: "Dockerfile final USER is a name, not a numeric UID",
        severity: Severity::Info,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Use the numeric UID (and GID) in USER (`USER 10001:10001`), matching the Pod's `runAsUser`.",
        references: References {
            hadolint: &["DL3066"],
            ..References::NONE
        },
    }
}

fn is_numeric(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())
}

impl Rule for DockerfileUserNotNumeric {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        let Some(stage) = df.final_stage() else {
            return;
        };
        let Some((index, owner, user)) = last_user(df, stage) else {
            return;
        };
        let Some(word) = user.words.first() else {
            return;
        };
        let vars = df.variables_at(owner, index);
        let Some(value) = df.resolve(&word.text, &vars) else {
            return;
        };
        let (name, group) = match value.split_once(':') {
            Some((n, g)) => (n, Some(g)),
            None => (value.as_str(), None),
        };
        if name == "root" {
            return;
        }
        let mut names = Vec::new();
        if !is_numeric(name) {
            names.push(format!("user `{name}`"));
        }
        if let Some(group) = group
            && !is_numeric(group)
        {
            names.push(format!("group `{group}`"));
        }
        if names.is_empty() {
            return;
        }
        cx.report(
            Some(owner),
            word.span,
            format!(
                "final stage `{}` runs as {}, not a numeric ID, so `runAsNonRoot` cannot verify it",
                stage.display_name(),
                names.join(" and ")
            ),
        );
    }
}
