//! Suppressions: configuration exceptions and `kubeward.io/ignore` annotations, matched against
//! the findings of one object. Pure logic over the model, shared by `kubeward scan`, the
//! admission webhook and the cluster audit so a waiver means the same thing everywhere.
//!
//! A [`Policy`] is built from the configuration (severity overrides, exceptions, which rules an
//! annotation may switch off). [`Policy::apply`] takes what the engine found on one object and
//! returns the findings that stand, the suppressed ones with the waiver that covers them, and the
//! problems of the object's own annotation as findings of [`InvalidSuppression`] and
//! [`UnusedSuppression`]. [`Policy::expired`] reports exceptions past their date
//! ([`ExpiredException`]); they no longer apply.
//!
//! # The annotation
//!
//! ```yaml
//! metadata:
//!   annotations:
//!     kubeward.io/ignore: |
//!       privileged-container@agent: needs /dev/kmsg, see OPS-123
//!       host-network, host-pid: node exporter reads host metrics
//! ```
//!
//! One clause per line: `rule-id[@container][, rule-id[@container]…]: reason`. The object's own
//! annotation covers every finding on it; on a controller (Deployment, CronJob, …) the pod
//! template's annotation covers the findings of pod-spec rules too, since it is what the Pods
//! carry and what the webhook and the audit see on them. A target with `@container` covers only
//! that container's findings. A clause without a reason, an unknown rule or container, and a rule
//! the configuration does not let annotations switch off make the clause (or that target) not
//! apply, and are reported.

mod date;
mod glob;

pub use date::Date;
pub use glob::Glob;

use crate::context::RuleContext;
use crate::registry::find_rule;
use crate::selection::closest_id;
use crate::settings::Settings;
use crate::{Rule, RuleMetadata};
use kubeward_model::{
    Category, Finding, Node, Object, ObjectRef, PodSpecView, References, RuleMeta, Scope, Severity,
    Span,
};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

/// The annotation that waives findings on an object.
pub const ANNOTATION: &str = "kubeward.io/ignore";

/// `kind` of the object that [`ExpiredException`] findings name: the configuration file.
pub const CONFIG_KIND: &str = "KubewardConfig";

declare_rule! {
    /// ## What it checks
    /// Entries of `exceptions:` in `.kubeward.yaml` whose `expires` date has passed (the date is
    /// the last day the exception applies, in UTC). An expired exception no longer suppresses
    /// anything, so the findings it covered are reported again, and the entry itself is reported
    /// at its `expires:` line.
    ///
    /// ## Why it matters
    /// Exceptions are granted for a while ("until the migration is done"); an expiry date that
    /// silently passed would turn a temporary waiver into a permanent one.
    ///
    /// ## Bad
    /// ```yaml
    /// exceptions:
    ///   - rules: [privileged-container]
    ///     names: [node-agent]
    ///     reason: needs /dev/kmsg until the v2 agent ships
    ///     expires: 2020-01-31
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// exceptions:
    ///   - rules: [privileged-container]
    ///     names: [node-agent]
    ///     reason: needs /dev/kmsg until the v2 agent ships
    ///     expires: 2999-01-31
    /// ```
    ///
    /// ## References
    /// - kubeward README, "Configuration"
    pub struct ExpiredException {
        id: "expired-exception",
        title: "Configuration exception has expired",
        severity: Severity::Low,
        category: Category::Metadata,
        scope: Scope::Kinds(&[CONFIG_KIND]),
        remediation: "Fix the findings the exception covered and delete the entry, or, if the waiver is still justified, renew it with a new `expires` date and reason.",
        references: References::NONE,
    }
}

declare_rule! {
    /// ## What it checks
    /// `kubeward.io/ignore` annotations that do not apply: a clause without a reason, a rule id
    /// or container name that does not exist, a value that is not `rule-id[@container]: reason`,
    /// and rules the configuration does not let annotations switch off
    /// (`inline-suppressions`). The clause (or that one target) is ignored, so the findings it
    /// meant to waive are still reported; this finding says why.
    ///
    /// ## Why it matters
    /// A waiver without a reason cannot be reviewed, and a misspelt rule id would otherwise
    /// silently waive nothing.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    ///   annotations:
    ///     kubeward.io/ignore: privileged-container
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27
    ///       securityContext:
    ///         privileged: true
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    ///   annotations:
    ///     kubeward.io/ignore: "privileged-container@app: loads a kernel module, see OPS-123"
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27
    ///       securityContext:
    ///         privileged: true
    /// ```
    ///
    /// ## References
    /// - kubeward README, "Configuration"
    pub struct InvalidSuppression {
        id: "invalid-suppression",
        title: "Suppression annotation does not apply",
        severity: Severity::Low,
        category: Category::Metadata,
        scope: Scope::AnyObject,
        remediation: "Write `kubeward.io/ignore: \"rule-id[@container]: reason\"` with an existing rule id and container, one clause per line; for rules the configuration keeps out of annotations, ask for an exception in `.kubeward.yaml`.",
        references: References::NONE,
    }
}

declare_rule! {
    /// ## What it checks
    /// `kubeward.io/ignore` annotations naming a rule that ran on the object and found nothing
    /// there (for that container, with `@container`). Rules that did not run (not selected, or not
    /// for this kind) are not reported.
    ///
    /// ## Why it matters
    /// A stale waiver outlives the problem it was written for and silently hides the problem when
    /// it comes back.
    ///
    /// ## Bad
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    ///   annotations:
    ///     kubeward.io/ignore: "privileged-container: legacy"
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27
    ///       securityContext:
    ///         privileged: false
    /// ```
    ///
    /// ## Good
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27
    ///       securityContext:
    ///         privileged: false
    /// ```
    ///
    /// ## References
    /// - kubeward README, "Configuration"
    pub struct UnusedSuppression {
        id: "unused-suppression",
        title: "Suppression annotation matches no finding",
        severity: Severity::Info,
        category: Category::Metadata,
        scope: Scope::AnyObject,
        remediation: "Delete the clause from `kubeward.io/ignore` (or the whole annotation).",
        references: References::NONE,
    }
}

/// The checks of suppressions themselves, sorted by id. They are not in the rule registry (they
/// do not look at manifests for security problems), always run, can be turned off with
/// `ignore` and given another severity, and cannot themselves be suppressed.
pub static SUPPRESSION_CHECKS: [&RuleMeta; 3] = [
    &ExpiredException::META,
    &InvalidSuppression::META,
    &UnusedSuppression::META,
];

/// One of [`SUPPRESSION_CHECKS`] by id (case-insensitive).
pub fn suppression_check(id: &str) -> Option<&'static RuleMeta> {
    SUPPRESSION_CHECKS
        .iter()
        .copied()
        .find(|m| m.id.eq_ignore_ascii_case(id))
}

/// Which rules an annotation may switch off.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlinePolicy {
    /// For rules not listed in `rules`.
    pub default: bool,
    pub rules: BTreeMap<&'static str, bool>,
}

impl Default for InlinePolicy {
    fn default() -> Self {
        InlinePolicy {
            default: true,
            rules: BTreeMap::new(),
        }
    }
}

impl InlinePolicy {
    pub fn allows(&self, rule_id: &str) -> bool {
        self.rules.get(rule_id).copied().unwrap_or(self.default)
    }
}

/// One entry of `exceptions:`. A finding is covered when it matches every field that is given
/// (an empty list constrains nothing; at least one is given).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Exception {
    /// Rule ids (as registered).
    pub rules: Vec<&'static str>,
    /// Matched against the file path (see [`Glob::matches_path`]).
    pub paths: Vec<Glob>,
    /// `metadata.namespace`; objects without one match no pattern.
    pub namespaces: Vec<Glob>,
    pub kinds: Vec<Glob>,
    /// `metadata.name` (or `generateName`).
    pub names: Vec<Glob>,
    /// Container names; findings about the pod as a whole match no pattern.
    pub containers: Vec<Glob>,
    pub reason: String,
    /// The last day the exception applies (UTC).
    pub expires: Option<Date>,
    /// Index in `exceptions:`.
    pub index: usize,
    /// The entry in the configuration file.
    pub span: Span,
    /// `expires: …` in the configuration file.
    pub expires_span: Span,
}

impl Exception {
    pub fn is_expired(&self, today: Date) -> bool {
        self.expires.is_some_and(|d| d < today)
    }

    /// Whether this entry covers `finding`, whose file is known by the `paths` given (as
    /// reported, and relative to the configuration's directory).
    pub fn matches(&self, finding: &Finding, paths: &[&str]) -> bool {
        fn any(globs: &[Glob], value: Option<&str>) -> bool {
            globs.is_empty() || value.is_some_and(|v| globs.iter().any(|g| g.is_match(v)))
        }
        (self.rules.is_empty() || self.rules.contains(&finding.rule_id))
            && (self.paths.is_empty()
                || self
                    .paths
                    .iter()
                    .any(|g| paths.iter().any(|p| g.matches_path(p))))
            && any(&self.namespaces, finding.object.namespace.as_deref())
            && any(&self.kinds, Some(&finding.object.kind))
            && any(&self.names, finding.object.name.as_deref())
            && any(&self.containers, finding.container.as_deref())
    }

    /// `privileged-container, host-network` or `every rule`.
    fn describe_rules(&self) -> String {
        if self.rules.is_empty() {
            "every rule".to_string()
        } else {
            self.rules
                .iter()
                .map(|r| format!("`{r}`"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    }
}

/// How a finding was waived.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SuppressionKind {
    /// A `kubeward.io/ignore` annotation on the object.
    Annotation,
    /// An entry of `exceptions:` in the configuration.
    Exception,
}

impl SuppressionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SuppressionKind::Annotation => "annotation",
            SuppressionKind::Exception => "exception",
        }
    }
}

/// The waiver that covers a suppressed finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    pub kind: SuppressionKind,
    pub reason: String,
    /// Where the waiver is written: the manifest (annotation) or the configuration file.
    pub path: Arc<str>,
    /// 1-based position of the annotation or of the exception entry (0 when unknown).
    pub line: u32,
    pub column: u32,
    /// Exceptions only.
    pub expires: Option<Date>,
}

/// What [`Policy::apply`] makes of one object's findings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    /// Findings that stand, including problems of the object's suppression annotation.
    pub findings: Vec<Finding>,
    pub suppressed: Vec<(Finding, Suppression)>,
}

/// Severity overrides and waivers, as the configuration sets them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Policy {
    /// Severity by rule id (registry rules and [`SUPPRESSION_CHECKS`]).
    pub severity: BTreeMap<&'static str, Severity>,
    pub exceptions: Vec<Exception>,
    pub inline: InlinePolicy,
    /// [`SUPPRESSION_CHECKS`] turned off (`ignore: [unused-suppression]`).
    pub disabled: BTreeSet<&'static str>,
    /// The configuration file as findings and suppressions name it (`.kubeward.yaml`).
    pub source: Arc<str>,
    /// The directory exception `paths` are relative to (the configuration file's).
    pub root: Option<PathBuf>,
    /// The day expiry dates are compared with.
    pub today: Date,
}

/// Where an annotation was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Level {
    Object,
    PodTemplate,
}

/// One target of one clause of an annotation, resolved against the registry.
struct Directive<'a> {
    rule: &'static RuleMeta,
    container: Option<&'a str>,
    /// As written (`privileged-container@app`), for messages.
    text: &'a str,
    reason: &'a str,
    level: Level,
    node: &'a Node,
    used: bool,
}

/// One `rule-id[@container]` of an annotation clause, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target<'a> {
    pub rule: &'a str,
    pub container: Option<&'a str>,
    /// The whole target (`privileged-container@app`).
    pub text: &'a str,
}

/// One line of an annotation: its targets and its reason (`None` when there is none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clause<'a> {
    pub targets: Vec<Target<'a>>,
    pub reason: Option<&'a str>,
    /// The clause's targets as written, for messages.
    pub text: &'a str,
}

/// Splits an annotation value into clauses: one per non-empty line,
/// `target[, target…]: reason`. Nothing is checked against the registry here.
pub fn parse_annotation(value: &str) -> Vec<Clause<'_>> {
    value
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| {
            let (targets, reason) = match line.split_once(':') {
                Some((targets, reason)) => (targets.trim(), Some(reason.trim())),
                None => (line, None),
            };
            Clause {
                targets: targets
                    .split(',')
                    .map(str::trim)
                    .map(|text| match text.split_once('@') {
                        Some((rule, container)) => Target {
                            rule: rule.trim(),
                            container: Some(container.trim()),
                            text,
                        },
                        None => Target {
                            rule: text,
                            container: None,
                            text,
                        },
                    })
                    .collect(),
                reason: reason.filter(|r| !r.is_empty()),
                text: targets,
            }
        })
        .collect()
}

impl Policy {
    /// The severity findings of `meta` get.
    pub fn severity_of(&self, meta: &RuleMeta) -> Severity {
        self.severity.get(meta.id).copied().unwrap_or(meta.severity)
    }

    /// The metadata reporters should show for `meta`: its severity overridden, when the
    /// configuration does (a copy, leaked once per overridden rule and process: the rule
    /// metadata reporters take is `'static`).
    pub fn reported_meta(&self, meta: &'static RuleMeta) -> &'static RuleMeta {
        match self.severity.get(meta.id) {
            Some(severity) if *severity != meta.severity => Box::leak(Box::new(RuleMeta {
                severity: *severity,
                ..*meta
            })),
            _ => meta,
        }
    }

    fn enabled(&self, check: &RuleMeta) -> bool {
        !self.disabled.contains(check.id)
    }

    /// Whether anything may waive findings on `object`: a suppression annotation (or a broken
    /// one, which is reported), or any configured exception. When not, [`Policy::apply`] only
    /// overrides severities ([`Policy::override_severities`]), so a caller that applies waivers
    /// late can ask early, while the object is at hand, and let the findings stand.
    pub fn may_waive(&self, object: &Object) -> bool {
        let mut problems = Vec::new();
        !self.exceptions.is_empty()
            || !self.directives(object, &mut problems).is_empty()
            || !problems.is_empty()
    }

    /// Sorts the engine's `findings` on `object` into those that stand and those an annotation
    /// or an exception covers, and adds the problems of the object's annotation. `paths` are the
    /// forms of the object's file exception `paths` are matched against; `rules` are the rules
    /// that were run (to tell an unused suppression from a rule that did not run).
    pub fn apply(
        &self,
        object: &Object,
        paths: &[&str],
        rules: &[&'static dyn Rule],
        findings: Vec<Finding>,
    ) -> Outcome {
        let mut problems: Vec<Finding> = Vec::new();
        let mut directives = self.directives(object, &mut problems);
        let mut outcome = Outcome::default();
        if directives.is_empty() && problems.is_empty() && self.exceptions.is_empty() {
            // The common case: nothing to waive on this object.
            outcome.findings = findings;
            self.override_severities(&mut outcome.findings);
            return outcome;
        }
        for finding in findings {
            match self.waiver(object, &finding, paths, &mut directives) {
                Some(suppression) => outcome.suppressed.push((finding, suppression)),
                None => outcome.findings.push(finding),
            }
        }
        if self.enabled(&UnusedSuppression::META) {
            let pod = PodSpecView::of(object);
            let ran = |meta: &RuleMeta| {
                rules.iter().any(|r| r.meta().id == meta.id)
                    && meta.scope.applies_to(object.kind())
                    && (meta.scope != Scope::PodSpec || pod.is_some())
            };
            let path: Arc<str> = Arc::from(object.origin.path());
            let settings = Settings::default();
            for d in directives.iter().filter(|d| !d.used && ran(d.rule)) {
                let mut message = format!("suppression of `{}` matches no finding", d.text);
                if d.level == Level::PodTemplate && d.rule.scope != Scope::PodSpec {
                    message.push_str(
                        " (a pod template's annotation covers pod-spec rules only; annotate the object itself)",
                    );
                }
                RuleContext::new(
                    object,
                    &UnusedSuppression::META,
                    &settings,
                    &path,
                    &mut problems,
                )
                .report(d.node, message);
            }
        }
        outcome.findings.extend(problems);
        self.override_severities(&mut outcome.findings);
        for (finding, _) in &mut outcome.suppressed {
            if let Some(severity) = self.severity.get(finding.rule_id) {
                finding.severity = *severity;
            }
        }
        outcome
    }

    /// Applies `severity:` (keyed by registered ids, which findings carry).
    /// Gives `findings` their configured severities (all [`Policy::apply`] does when nothing
    /// waives).
    pub fn override_severities(&self, findings: &mut [Finding]) {
        if self.severity.is_empty() {
            return;
        }
        for finding in findings {
            if let Some(severity) = self.severity.get(finding.rule_id) {
                finding.severity = *severity;
            }
        }
    }

    /// The waiver covering `finding`, if any: the object's annotations first, then exceptions.
    fn waiver(
        &self,
        object: &Object,
        finding: &Finding,
        paths: &[&str],
        directives: &mut [Directive<'_>],
    ) -> Option<Suppression> {
        let mut covering = None;
        for d in directives.iter_mut() {
            let level_ok = d.level == Level::Object || d.rule.scope == Scope::PodSpec;
            let container_ok = d.container.is_none() || d.container == finding.container.as_deref();
            if d.rule.id == finding.rule_id && level_ok && container_ok {
                d.used = true;
                if covering.is_none() {
                    let at = object.root.locate(d.node).and_then(|l| l.field_span);
                    let start = at.unwrap_or(d.node.span).start;
                    covering = Some(Suppression {
                        kind: SuppressionKind::Annotation,
                        reason: d.reason.to_string(),
                        path: Arc::from(object.origin.path()),
                        line: start.line,
                        column: start.column,
                        expires: None,
                    });
                }
            }
        }
        if covering.is_some() {
            return covering;
        }
        self.exceptions
            .iter()
            .find(|e| !e.is_expired(self.today) && e.matches(finding, paths))
            .map(|e| Suppression {
                kind: SuppressionKind::Exception,
                reason: e.reason.clone(),
                path: self.source.clone(),
                line: e.span.start.line,
                column: e.span.start.column,
                expires: e.expires,
            })
    }

    /// The object's annotation (and its pod template's) resolved into directives; problems are
    /// reported into `problems` as [`InvalidSuppression`] findings.
    fn directives<'a>(
        &self,
        object: &'a Object,
        problems: &mut Vec<Finding>,
    ) -> Vec<Directive<'a>> {
        let mut sources: Vec<(&'a Node, Level)> = Vec::new();
        if let Some(node) = object.annotations().get(ANNOTATION) {
            sources.push((node, Level::Object));
        }
        let pod = PodSpecView::of(object);
        if let Some(node) = pod
            .and_then(|p| p.pod_metadata)
            .filter(|m| !std::ptr::eq(*m, object.metadata()))
            .and_then(|m| m.path(&["annotations", ANNOTATION]))
        {
            sources.push((node, Level::PodTemplate));
        }
        if sources.is_empty() {
            return Vec::new();
        }
        let container_names: Vec<&str> = pod
            .map(|p| p.containers().map(|c| c.name()).collect())
            .unwrap_or_default();
        let path: Arc<str> = Arc::from(object.origin.path());
        let settings = Settings::default();
        let mut invalid = Vec::new();
        let mut directives = Vec::new();
        for (node, level) in sources {
            let Some(text) = node.as_str() else {
                invalid.push((node, format!("`{ANNOTATION}` is not a string")));
                continue;
            };
            for clause in parse_annotation(text) {
                let reason = clause.reason;
                if reason.is_none() {
                    invalid.push((
                        node,
                        format!(
                            "suppression of `{}` gives no reason (expected `{}: reason`)",
                            clause.text, clause.text
                        ),
                    ));
                }
                for target in &clause.targets {
                    let resolved = self.resolve_target(target, pod.is_some(), &container_names);
                    match (resolved, reason) {
                        (Err(message), _) => invalid.push((node, message)),
                        (Ok(rule), Some(reason)) => directives.push(Directive {
                            rule,
                            container: target.container,
                            text: target.text,
                            reason,
                            level,
                            node,
                            used: false,
                        }),
                        (Ok(_), None) => {}
                    }
                }
            }
        }
        if self.enabled(&InvalidSuppression::META) {
            for (node, message) in invalid {
                RuleContext::new(
                    object,
                    &InvalidSuppression::META,
                    &settings,
                    &path,
                    problems,
                )
                .report(node, message);
            }
        }
        directives
    }

    /// A target's rule, or why the target does not apply.
    fn resolve_target(
        &self,
        target: &Target<'_>,
        has_pod: bool,
        containers: &[&str],
    ) -> Result<&'static RuleMeta, String> {
        if target.rule.is_empty() {
            return Err(
                "suppression names no rule (expected `rule-id[@container]: reason`)".to_string(),
            );
        }
        if let Some(check) = suppression_check(target.rule) {
            return Err(format!(
                "`{}` cannot be suppressed (turn it off with `ignore` in the configuration)",
                check.id
            ));
        }
        let Some(rule) = find_rule(target.rule).map(RuleMetadata::meta) else {
            let hint = closest_id(target.rule)
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            return Err(format!(
                "suppression names unknown rule `{}`{hint}",
                target.rule
            ));
        };
        if let Some(container) = target.container {
            if container.is_empty() {
                return Err(format!(
                    "suppression of `{}` names no container after `@`",
                    target.text
                ));
            }
            if !has_pod {
                return Err(format!(
                    "suppression of `{}` names a container, but this object has no pod spec",
                    target.text
                ));
            }
            if !containers.contains(&container) {
                return Err(format!(
                    "suppression of `{}` names container `{container}`, which this object does not have",
                    target.text
                ));
            }
        }
        if !self.inline.allows(rule.id) {
            return Err(format!(
                "`{}` may not be suppressed by an annotation here (`inline-suppressions` in the configuration); the annotation is ignored",
                rule.id
            ));
        }
        Ok(rule)
    }

    /// Exceptions past their expiry date, as [`ExpiredException`] findings at their `expires:`
    /// line of the configuration file.
    pub fn expired(&self) -> Vec<Finding> {
        if !self.enabled(&ExpiredException::META) {
            return Vec::new();
        }
        let name = self
            .source
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(&self.source)
            .to_string();
        self.exceptions
            .iter()
            .filter(|e| e.is_expired(self.today))
            .map(|e| {
                let span = e.expires_span;
                Finding {
                    rule_id: ExpiredException::META.id,
                    severity: self.severity_of(&ExpiredException::META),
                    message: format!(
                        "exception for {} expired on {} and no longer applies",
                        e.describe_rules(),
                        e.expires.map(|d| d.to_string()).unwrap_or_default()
                    ),
                    path: self.source.clone(),
                    line: span.start.line,
                    column: span.start.column,
                    end_line: span.end.line,
                    end_column: span.end.column,
                    object: ObjectRef {
                        api_version: "kubeward.io/v1".into(),
                        kind: CONFIG_KIND.into(),
                        namespace: None,
                        name: Some(name.as_str().into()),
                    },
                    container: None,
                    field: Some(format!("exceptions[{}].expires", e.index)),
                    secret_in_source: false,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::RULES;
    use crate::{Engine, Selection};
    use kubeward_model::{Entry, NodeKind, Origin, Pos};

    // A tiny YAML-free builder: the loader is a dev-dependency of the integration tests only,
    // and these tests need objects from JSON with made-up positions for annotations.
    fn object(json: serde_json::Value) -> Object {
        let mut root = Node::from_json(&json);
        number_lines(&mut root, &mut 1);
        Object::from_node(Origin::File(Arc::from("pod.yaml")), 0, root).expect("an object")
    }

    /// Gives every node a distinct line, in document order, so findings have positions.
    fn number_lines(node: &mut Node, next: &mut u32) {
        node.span = Span::new(Pos::new(*next, 1), Pos::new(*next, 10));
        *next += 1;
        match &mut node.kind {
            NodeKind::Map(entries) => {
                for Entry { key, value } in entries {
                    key.span = Span::new(Pos::new(*next, 1), Pos::new(*next, 5));
                    number_lines(value, next);
                }
            }
            NodeKind::Seq(items) => items.iter_mut().for_each(|i| number_lines(i, next)),
            NodeKind::Scalar { .. } => {}
        }
    }

    fn pod(annotation: Option<&str>, privileged_sidecar: bool) -> Object {
        let mut metadata = serde_json::json!({"name": "web", "namespace": "prod"});
        if let Some(a) = annotation {
            metadata["annotations"] = serde_json::json!({ ANNOTATION: a });
        }
        object(serde_json::json!({
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": metadata,
            "spec": {"containers": [
                {"name": "app", "image": "nginx:1.27", "securityContext": {"privileged": true}},
                {"name": "sidecar", "image": "envoy:1", "securityContext": {"privileged": privileged_sidecar}},
            ]}
        }))
    }

    fn rules(ids: &[&str]) -> Vec<&'static dyn Rule> {
        Selection {
            select: ids.iter().map(|s| s.to_string()).collect(),
            ignore: vec![],
            ..Selection::default()
        }
        .resolve()
        .expect("known ids")
    }

    fn run(policy: &Policy, object: &Object, ids: &[&str], paths: &[&str]) -> Outcome {
        let rules = rules(ids);
        let mut findings = Vec::new();
        Engine::new(rules.clone()).check(object, &mut findings);
        policy.apply(object, paths, &rules, findings)
    }

    fn ids(findings: &[Finding]) -> Vec<(&str, Option<&str>, &str)> {
        findings
            .iter()
            .map(|f| (f.rule_id, f.container.as_deref(), f.message.as_str()))
            .collect()
    }

    fn glob(p: &str) -> Glob {
        Glob::new(p).expect("glob")
    }

    fn date(s: &str) -> Date {
        s.parse().expect("date")
    }

    #[test]
    fn parses_clauses_targets_and_reasons() {
        let clauses = parse_annotation(
            "privileged-container@app, host-network: needs it: really\n\n  host-pid  \n: x\n",
        );
        assert_eq!(
            clauses,
            vec![
                Clause {
                    targets: vec![
                        Target {
                            rule: "privileged-container",
                            container: Some("app"),
                            text: "privileged-container@app"
                        },
                        Target {
                            rule: "host-network",
                            container: None,
                            text: "host-network"
                        },
                    ],
                    reason: Some("needs it: really"),
                    text: "privileged-container@app, host-network",
                },
                Clause {
                    targets: vec![Target {
                        rule: "host-pid",
                        container: None,
                        text: "host-pid"
                    }],
                    reason: None,
                    text: "host-pid",
                },
                Clause {
                    targets: vec![Target {
                        rule: "",
                        container: None,
                        text: ""
                    }],
                    reason: Some("x"),
                    text: "",
                },
            ]
        );
        assert_eq!(parse_annotation("a:   ")[0].reason, None);
    }

    #[test]
    fn annotation_with_reason_suppresses_every_container() {
        let object = pod(Some("privileged-container: legacy agent"), true);
        let out = run(&Policy::default(), &object, &["privileged-container"], &[]);
        assert_eq!(out.findings, vec![]);
        assert_eq!(out.suppressed.len(), 2);
        let (finding, suppression) = &out.suppressed[0];
        assert_eq!(finding.container.as_deref(), Some("app"));
        assert_eq!(suppression.kind, SuppressionKind::Annotation);
        assert_eq!(suppression.reason, "legacy agent");
        assert_eq!(&*suppression.path, "pod.yaml");
        // The annotation's key.
        assert_eq!(
            (suppression.line, suppression.column),
            (
                object
                    .annotations()
                    .entry(ANNOTATION)
                    .expect("entry")
                    .key
                    .span
                    .start
                    .line,
                1
            )
        );
    }

    #[test]
    fn container_target_covers_that_container_only() {
        let object = pod(Some("privileged-container@sidecar: envoy needs it"), true);
        let out = run(&Policy::default(), &object, &["privileged-container"], &[]);
        assert_eq!(
            ids(&out.findings),
            [(
                "privileged-container",
                Some("app"),
                "container `app` runs privileged"
            )]
        );
        assert_eq!(out.suppressed[0].0.container.as_deref(), Some("sidecar"));
    }

    #[test]
    fn problems_of_the_annotation_are_reported_and_do_not_suppress() {
        let object = pod(
            Some(
                "privileged-container\nprivileged-containr: typo\nhost-network@db: no such container\nunused-suppression: nope\n: nothing",
            ),
            false,
        );
        let out = run(
            &Policy::default(),
            &object,
            &["privileged-container", "host-network"],
            &[],
        );
        assert_eq!(
            ids(&out.findings),
            [
                (
                    "privileged-container",
                    Some("app"),
                    "container `app` runs privileged"
                ),
                (
                    "invalid-suppression",
                    None,
                    "suppression of `privileged-container` gives no reason (expected `privileged-container: reason`)"
                ),
                (
                    "invalid-suppression",
                    None,
                    "suppression names unknown rule `privileged-containr` (did you mean `privileged-container`?)"
                ),
                (
                    "invalid-suppression",
                    None,
                    "suppression of `host-network@db` names container `db`, which this object does not have"
                ),
                (
                    "invalid-suppression",
                    None,
                    "`unused-suppression` cannot be suppressed (turn it off with `ignore` in the configuration)"
                ),
                (
                    "invalid-suppression",
                    None,
                    "suppression names no rule (expected `rule-id[@container]: reason`)"
                ),
            ]
        );
        assert_eq!(out.suppressed, vec![]);
        let invalid = &out.findings[1];
        assert_eq!(invalid.severity, Severity::Low);
        assert_eq!(
            invalid.field.as_deref(),
            Some("metadata.annotations.kubeward.io/ignore")
        );
    }

    #[test]
    fn non_string_annotation_is_reported() {
        let object = object(serde_json::json!({
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": "c", "annotations": {ANNOTATION: true}}
        }));
        let out = run(&Policy::default(), &object, &["privileged-container"], &[]);
        assert_eq!(
            ids(&out.findings),
            [(
                "invalid-suppression",
                None,
                "`kubeward.io/ignore` is not a string"
            )]
        );
    }

    #[test]
    fn unused_suppressions_only_for_rules_that_ran() {
        let object = pod(
            Some("privileged-container@sidecar: old\nhost-network: not selected"),
            false,
        );
        let out = run(&Policy::default(), &object, &["privileged-container"], &[]);
        assert_eq!(
            ids(&out.findings),
            [
                (
                    "privileged-container",
                    Some("app"),
                    "container `app` runs privileged"
                ),
                (
                    "unused-suppression",
                    None,
                    "suppression of `privileged-container@sidecar` matches no finding"
                ),
            ]
        );
        assert_eq!(out.findings[1].severity, Severity::Info);

        let policy = Policy {
            disabled: BTreeSet::from(["unused-suppression"]),
            ..Policy::default()
        };
        let out = run(&policy, &object, &["privileged-container"], &[]);
        assert_eq!(out.findings.len(), 1);
    }

    #[test]
    fn inline_policy_keeps_rules_out_of_annotations() {
        let object = pod(
            Some("privileged-container: please\nhost-network: fine"),
            false,
        );
        let policy = Policy {
            inline: InlinePolicy {
                default: true,
                rules: BTreeMap::from([("privileged-container", false)]),
            },
            ..Policy::default()
        };
        let out = run(&policy, &object, &["privileged-container"], &[]);
        assert_eq!(
            ids(&out.findings),
            [
                (
                    "privileged-container",
                    Some("app"),
                    "container `app` runs privileged"
                ),
                (
                    "invalid-suppression",
                    None,
                    "`privileged-container` may not be suppressed by an annotation here (`inline-suppressions` in the configuration); the annotation is ignored"
                ),
            ]
        );
        assert!(
            InlinePolicy {
                default: false,
                rules: BTreeMap::from([("host-network", true)]),
            }
            .allows("host-network")
        );
        assert!(
            !InlinePolicy {
                default: false,
                rules: BTreeMap::new(),
            }
            .allows("host-network")
        );
    }

    #[test]
    fn pod_template_annotation_covers_pod_rules_of_a_controller() {
        let deployment = object(serde_json::json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "web"},
            "spec": {"template": {
                "metadata": {"annotations": {ANNOTATION: "privileged-container: agent"}},
                "spec": {"containers": [
                    {"name": "app", "image": "nginx:1.27", "securityContext": {"privileged": true}}
                ]}
            }}
        }));
        let out = run(
            &Policy::default(),
            &deployment,
            &["privileged-container"],
            &[],
        );
        assert_eq!(out.findings, vec![]);
        assert_eq!(out.suppressed.len(), 1);
        assert_eq!(out.suppressed[0].1.reason, "agent");
    }

    fn exception() -> Exception {
        Exception {
            reason: "legacy".into(),
            span: Span::new(Pos::new(3, 5), Pos::new(6, 1)),
            expires_span: Span::new(Pos::new(5, 5), Pos::new(5, 24)),
            ..Exception::default()
        }
    }

    #[test]
    fn exceptions_match_every_given_field() {
        let object = pod(None, true);
        let mut findings = Vec::new();
        Engine::new(rules(&["privileged-container"])).check(&object, &mut findings);
        let app = &findings[0];
        let paths = ["k8s/apps/pod.yaml"];
        let cases: Vec<(Exception, bool)> = vec![
            (
                Exception {
                    rules: vec!["privileged-container"],
                    ..exception()
                },
                true,
            ),
            (
                Exception {
                    rules: vec!["host-network"],
                    ..exception()
                },
                false,
            ),
            (
                Exception {
                    paths: vec![glob("k8s/apps")],
                    ..exception()
                },
                true,
            ),
            (
                Exception {
                    paths: vec![glob("k8s/other/**")],
                    ..exception()
                },
                false,
            ),
            (
                Exception {
                    namespaces: vec![glob("pr*")],
                    ..exception()
                },
                true,
            ),
            (
                Exception {
                    namespaces: vec![glob("kube-system")],
                    ..exception()
                },
                false,
            ),
            (
                Exception {
                    kinds: vec![glob("Pod")],
                    ..exception()
                },
                true,
            ),
            (
                Exception {
                    kinds: vec![glob("Deployment")],
                    ..exception()
                },
                false,
            ),
            (
                Exception {
                    names: vec![glob("w?b")],
                    ..exception()
                },
                true,
            ),
            (
                Exception {
                    containers: vec![glob("app")],
                    ..exception()
                },
                true,
            ),
            (
                Exception {
                    containers: vec![glob("sidecar")],
                    ..exception()
                },
                false,
            ),
            (
                Exception {
                    rules: vec!["privileged-container"],
                    names: vec![glob("web")],
                    namespaces: vec![glob("dev")],
                    ..exception()
                },
                false,
            ),
        ];
        for (e, expected) in cases {
            assert_eq!(e.matches(app, &paths), expected, "{e:?}");
        }
        // No namespace, no container: patterns on them never match.
        let mut bare = app.clone();
        bare.object.namespace = None;
        bare.container = None;
        assert!(
            !Exception {
                namespaces: vec![glob("*")],
                ..exception()
            }
            .matches(&bare, &paths)
        );
        assert!(
            !Exception {
                containers: vec![glob("*")],
                ..exception()
            }
            .matches(&bare, &paths)
        );
    }

    #[test]
    fn exceptions_suppress_until_they_expire() {
        let object = pod(None, false);
        let mut policy = Policy {
            source: Arc::from(".kubeward.yaml"),
            today: date("2026-03-01"),
            exceptions: vec![Exception {
                rules: vec!["privileged-container"],
                expires: Some(date("2026-03-01")),
                ..exception()
            }],
            ..Policy::default()
        };
        let out = run(&policy, &object, &["privileged-container"], &["pod.yaml"]);
        assert_eq!(out.findings, vec![]);
        assert_eq!(
            out.suppressed[0].1,
            Suppression {
                kind: SuppressionKind::Exception,
                reason: "legacy".into(),
                path: Arc::from(".kubeward.yaml"),
                line: 3,
                column: 5,
                expires: Some(date("2026-03-01")),
            }
        );
        assert_eq!(policy.expired(), vec![]);

        // The day after: expired, reported, and the finding is back.
        policy.today = date("2026-03-02");
        let out = run(&policy, &object, &["privileged-container"], &["pod.yaml"]);
        assert_eq!(ids(&out.findings).len(), 1);
        let expired = policy.expired();
        assert_eq!(expired.len(), 1);
        let e = &expired[0];
        assert_eq!(e.rule_id, "expired-exception");
        assert_eq!(
            e.message,
            "exception for `privileged-container` expired on 2026-03-01 and no longer applies"
        );
        assert_eq!((e.line, e.column, e.end_line, e.end_column), (5, 5, 5, 24));
        assert_eq!(&*e.object.kind, CONFIG_KIND);
        assert_eq!(e.object.name.as_deref(), Some(".kubeward.yaml"));
        assert_eq!(e.field.as_deref(), Some("exceptions[0].expires"));
    }

    #[test]
    fn annotations_win_over_exceptions() {
        let object = pod(Some("privileged-container: from the annotation"), false);
        let policy = Policy {
            exceptions: vec![Exception {
                rules: vec!["privileged-container"],
                ..exception()
            }],
            ..Policy::default()
        };
        let out = run(&policy, &object, &["privileged-container"], &[]);
        assert_eq!(out.suppressed[0].1.kind, SuppressionKind::Annotation);
    }

    #[test]
    fn severity_overrides_apply_to_findings_and_checks() {
        let object = pod(Some("privileged-container"), false);
        let policy = Policy {
            severity: BTreeMap::from([
                ("privileged-container", Severity::Medium),
                ("invalid-suppression", Severity::High),
            ]),
            ..Policy::default()
        };
        let out = run(&policy, &object, &["privileged-container"], &[]);
        let severities: Vec<_> = out
            .findings
            .iter()
            .map(|f| (f.rule_id, f.severity))
            .collect();
        assert_eq!(
            severities,
            [
                ("privileged-container", Severity::Medium),
                ("invalid-suppression", Severity::High)
            ]
        );
        let meta = find_rule("privileged-container").expect("rule").meta();
        assert_eq!(policy.reported_meta(meta).severity, Severity::Medium);
        assert!(std::ptr::eq(Policy::default().reported_meta(meta), meta));
    }

    #[test]
    fn suppression_checks_are_not_registry_rules() {
        for check in SUPPRESSION_CHECKS {
            assert!(find_rule(check.id).is_none(), "{}", check.id);
            assert!(!check.title.ends_with('.'));
        }
        assert!(RULES.len() > 3);
        assert_eq!(
            suppression_check("Expired-Exception").map(|m| m.id),
            Some("expired-exception")
        );
    }
}
