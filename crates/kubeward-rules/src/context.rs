use crate::settings::Settings;
use kubeward_dockerfile::{Dockerfile, Stage};
use kubeward_model::{
    ContainerView, DOCKERFILE_KIND, Finding, Node, Object, ObjectRef, RuleMeta, Severity, Span,
};
use std::sync::Arc;

/// What a rule reports through. One context per (rule, object).
pub struct RuleContext<'a> {
    object: &'a Object,
    meta: &'static RuleMeta,
    settings: &'a Settings,
    path: &'a Arc<str>,
    findings: &'a mut Vec<Finding>,
}

impl<'a> RuleContext<'a> {
    pub(crate) fn new(
        object: &'a Object,
        meta: &'static RuleMeta,
        settings: &'a Settings,
        path: &'a Arc<str>,
        findings: &'a mut Vec<Finding>,
    ) -> Self {
        RuleContext {
            object,
            meta,
            settings,
            path,
            findings,
        }
    }

    pub fn object(&self) -> &'a Object {
        self.object
    }

    /// Rule options (target Kubernetes version, allow-lists, …).
    pub fn settings(&self) -> &'a Settings {
        self.settings
    }

    /// Reports a finding at `at`: the offending field, or the closest existing node (the
    /// container, the object) when the field is missing.
    pub fn report(&mut self, at: &Node, message: impl Into<String>) {
        self.push(at, None, message.into());
    }

    /// Reports a finding about one container.
    pub fn report_container(
        &mut self,
        container: &ContainerView<'_>,
        at: &Node,
        message: impl Into<String>,
    ) {
        self.push(at, Some(container.name().to_string()), message.into());
    }

    /// Like [`RuleContext::report`], for a finding whose source line holds a secret value:
    /// reporters will not quote that line. The message must not contain the value either.
    pub fn report_secret(&mut self, at: &Node, message: impl Into<String>) {
        self.push_with(at, None, message.into(), true);
    }

    /// Like [`RuleContext::report_container`], for a finding whose source line holds a secret.
    pub fn report_container_secret(
        &mut self,
        container: &ContainerView<'_>,
        at: &Node,
        message: impl Into<String>,
    ) {
        self.push_with(at, Some(container.name().to_string()), message.into(), true);
    }

    fn push(&mut self, at: &Node, container: Option<String>, message: String) {
        self.push_with(at, container, message, false);
    }

    fn push_with(
        &mut self,
        at: &Node,
        container: Option<String>,
        message: String,
        secret_in_source: bool,
    ) {
        let located = self.object.root.locate(at);
        let field_span = located
            .as_ref()
            .and_then(|l| l.field_span)
            .unwrap_or(at.span);
        // A node without a position (AdmissionReview, cluster objects) reports at the object.
        let span = if field_span.start.is_known() || !self.object.root.span.start.is_known() {
            field_span
        } else {
            self.object.root.span
        };
        self.findings.push(Finding {
            rule_id: self.meta.id,
            severity: self.severity(),
            message,
            path: self.path.clone(),
            line: span.start.line,
            column: span.start.column,
            end_line: span.end.line,
            end_column: span.end.column,
            object: self.object.id.clone(),
            container,
            field: located.map(|l| l.path).filter(|p| !p.is_empty()),
            secret_in_source,
        });
    }

    fn severity(&self) -> Severity {
        self.meta.severity
    }
}

/// The identity Dockerfile findings carry: `{apiVersion: "kubeward.io/v1", kind: "Dockerfile", name}` with the
/// stage's name (`AS name`) or, without one, its image as written; no name for findings about
/// the file as a whole.
pub fn dockerfile_object_ref(stage: Option<&Stage>) -> ObjectRef {
    ObjectRef {
        api_version: "kubeward.io/v1".to_string(),
        kind: DOCKERFILE_KIND.to_string(),
        namespace: None,
        name: stage.map(|s| s.display_name().to_string()),
    }
}

/// What a Dockerfile rule reports through. One context per (rule, Dockerfile).
pub struct DockerfileContext<'a> {
    dockerfile: &'a Dockerfile,
    meta: &'static RuleMeta,
    settings: &'a Settings,
    path: &'a Arc<str>,
    findings: &'a mut Vec<Finding>,
}

impl<'a> DockerfileContext<'a> {
    pub(crate) fn new(
        dockerfile: &'a Dockerfile,
        meta: &'static RuleMeta,
        settings: &'a Settings,
        path: &'a Arc<str>,
        findings: &'a mut Vec<Finding>,
    ) -> Self {
        DockerfileContext {
            dockerfile,
            meta,
            settings,
            path,
            findings,
        }
    }

    pub fn dockerfile(&self) -> &'a Dockerfile {
        self.dockerfile
    }

    pub fn settings(&self) -> &'a Settings {
        self.settings
    }

    /// Reports a finding at `span` (an instruction, flag or word; the `FROM` of the stage when
    /// the offending instruction is missing), about `stage` (`None`: the file as a whole).
    pub fn report(&mut self, stage: Option<&Stage>, span: Span, message: impl Into<String>) {
        self.push(stage, span, message.into(), false);
    }

    /// Like [`DockerfileContext::report`], for a finding whose source line holds a secret:
    /// reporters will not quote that line. The message must not contain the value either.
    pub fn report_secret(&mut self, stage: Option<&Stage>, span: Span, message: impl Into<String>) {
        self.push(stage, span, message.into(), true);
    }

    fn push(&mut self, stage: Option<&Stage>, span: Span, message: String, secret: bool) {
        self.findings.push(Finding {
            rule_id: self.meta.id,
            severity: self.meta.severity,
            message,
            path: self.path.clone(),
            line: span.start.line,
            column: span.start.column,
            end_line: span.end.line,
            end_column: span.end.column,
            object: dockerfile_object_ref(stage),
            container: None,
            field: None,
            secret_in_source: secret,
        });
    }
}
