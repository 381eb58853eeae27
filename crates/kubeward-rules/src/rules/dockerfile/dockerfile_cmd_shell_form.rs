use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::{Arguments, Dockerfile, Keyword};
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// `CMD` and `ENTRYPOINT` written in shell form (`CMD gunicorn app:wsgi`) rather than exec
    /// form (`CMD ["gunicorn", "app:wsgi"]`), in every stage. Triggers inside `ONBUILD` are not
    /// checked.
    ///
    /// ## Why it matters
    /// In shell form the command runs under `/bin/sh -c`: the shell is PID 1, does not forward
    /// `SIGTERM`, and the application is killed after the grace period instead of shutting down
    /// cleanly. An `ENTRYPOINT` in shell form also ignores `CMD` and the arguments of
    /// `docker run`. The image also needs a shell, which minimal images lack (so shell form is
    /// flagged even when the command starts with `exec`).
    ///
    /// ## Bad
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// CMD gunicorn --bind 0.0.0.0:8080 app.wsgi
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// ENTRYPOINT ["gunicorn"]
    /// CMD ["--bind", "0.0.0.0:8080", "app.wsgi"]
    /// ```
    ///
    /// ## References
    /// hadolint DL3025.
    pub struct DockerfileCmdShellForm {
        id: "dockerfile-cmd-shell-form",
        title: "Dockerfile CMD or ENTRYPOINT is in shell form",
        severity: Severity::Low,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Write CMD and ENTRYPOINT as a JSON array (`CMD [\"app\", \"--flag\"]`); use `exec` in a wrapper script when a shell is needed.",
        references: References {
            hadolint: &["DL3025"],
            ..References::NONE
        },
    }
}

impl Rule for DockerfileCmdShellForm {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        for stage in &df.stages {
            for ins in df.stage_instructions(stage) {
                if !matches!(ins.keyword, Keyword::Cmd | Keyword::Entrypoint) {
                    continue;
                }
                if let Arguments::Shell(_) = &ins.arguments {
                    cx.report(
                        Some(stage),
                        ins.keyword_span,
                        format!(
                            "{} is in shell form, so `/bin/sh -c` runs as PID 1 and does not pass on signals; use the JSON form",
                            ins.keyword
                        ),
                    );
                }
            }
        }
    }
}
