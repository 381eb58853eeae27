use crate::settings::Settings;
use kubeward_dockerfile::{Dockerfile, Stage};
use kubeward_graph::exposure::{Exposure, IngressView, ServiceView};
use kubeward_graph::{Analyses, Graph, ObjId};
use kubeward_model::{
    ContainerView, DOCKERFILE_KIND, Finding, Node, Object, ObjectRef, RuleMeta, Site, Span,
};
use rayon::prelude::*;
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
        let finding = object_finding(
            self.object,
            self.meta,
            self.path,
            at,
            container,
            message,
            secret_in_source,
        );
        self.findings.push(finding);
    }
}

/// A finding of `meta` on `object` at `at` (a node of the object's tree): the offending field's
/// span, or the object's when the node has no position (AdmissionReview, cluster objects).
fn object_finding(
    object: &Object,
    meta: &'static RuleMeta,
    path: &Arc<str>,
    at: &Node,
    container: Option<String>,
    message: String,
    secret_in_source: bool,
) -> Finding {
    site_finding(
        object,
        meta,
        path,
        object.site(at),
        container,
        message,
        secret_in_source,
    )
}

/// A finding of `meta` on `object` at a [`Site`] worked out earlier (from a tree since freed).
fn site_finding(
    object: &Object,
    meta: &'static RuleMeta,
    path: &Arc<str>,
    site: Site,
    container: Option<String>,
    message: String,
    secret_in_source: bool,
) -> Finding {
    let Site { span, field } = site;
    Finding {
        rule_id: meta.id,
        severity: meta.severity,
        message,
        path: path.clone(),
        line: span.start.line,
        column: span.start.column,
        end_line: span.end.line,
        end_column: span.end.column,
        object: object.id.clone(),
        container,
        field,
        secret_in_source,
    }
}

/// A finding of a graph rule, with the object it is about (findings are waived and counted per
/// object, like those of single-object rules).
#[derive(Clone, Debug)]
pub struct GraphFinding {
    pub object: ObjId,
    pub finding: Finding,
}

/// What a cross-resource rule reports through. One context per (rule, graph).
pub struct GraphContext<'a> {
    graph: &'a Graph,
    analyses: &'a Analyses<'a>,
    meta: &'static RuleMeta,
    settings: &'a Settings,
    findings: Vec<GraphFinding>,
}

impl<'a> GraphContext<'a> {
    pub(crate) fn new(
        analyses: &'a Analyses<'a>,
        meta: &'static RuleMeta,
        settings: &'a Settings,
    ) -> Self {
        GraphContext {
            graph: analyses.graph(),
            analyses,
            meta,
            settings,
            findings: Vec::new(),
        }
    }

    /// What the rule reported.
    pub(crate) fn into_findings(self) -> Vec<GraphFinding> {
        self.findings
    }

    pub fn graph(&self) -> &'a Graph {
        self.graph
    }

    pub fn settings(&self) -> &'a Settings {
        self.settings
    }

    /// Every Service of the graph, read once for all the rules of a run (graph order).
    pub fn services(&self) -> &'a [ServiceView<'a>] {
        self.analyses.services()
    }

    /// Every Ingress of the graph, read once for all the rules of a run (graph order).
    pub fn ingresses(&self) -> &'a [IngressView<'a>] {
        self.analyses.ingresses()
    }

    /// Every way in from outside the cluster ([`kubeward_graph::exposure::external_entry_points`]),
    /// computed once for all the rules of a run.
    pub fn exposures(&self) -> &'a [Exposure<'a>] {
        self.analyses.exposures()
    }

    /// Reports a finding on object `id` at `at`, which must be a node of that object's tree
    /// (the offending field, or the closest node that exists; the object's root otherwise).
    pub fn report(&mut self, id: ObjId, at: &Node, message: impl Into<String>) {
        self.push(id, at, None, message.into());
    }

    /// Reports several findings at once, in the order given; their locations are worked out in
    /// parallel (for rules that judge many objects in parallel).
    pub fn report_each(&mut self, reports: Vec<Report<'_>>) {
        let (graph, meta) = (self.graph, self.meta);
        let found: Vec<GraphFinding> = reports
            .into_par_iter()
            .map(|r| graph_finding(graph, meta, r.object, r.at, r.container, r.message))
            .collect();
        self.findings.extend(found);
    }

    /// Reports a finding on object `id` at its root (its `apiVersion` line).
    pub fn report_object(&mut self, id: ObjId, message: impl Into<String>) {
        let object = self.graph.object(id);
        self.push(id, &object.root, None, message.into());
    }

    /// Reports a finding about one container of workload `id`.
    pub fn report_container(
        &mut self,
        id: ObjId,
        container: &str,
        at: &Node,
        message: impl Into<String>,
    ) {
        self.push(id, at, Some(container.to_string()), message.into());
    }

    fn push(&mut self, id: ObjId, at: &Node, container: Option<String>, message: String) {
        let finding = graph_finding(self.graph, self.meta, id, At::Node(at), container, message);
        self.findings.push(finding);
    }
}

/// A finding a graph rule hands to [`GraphContext::report_each`]: on object `object`, at `at`,
/// optionally about one container.
pub struct Report<'n> {
    pub object: ObjId,
    pub at: At<'n>,
    pub container: Option<String>,
    pub message: String,
}

/// Where a [`Report`] points.
pub enum At<'n> {
    /// A node of the object's tree.
    Node(&'n Node),
    /// A site read earlier, for objects the graph keeps without their tree (a workload's
    /// facts, [`kubeward_graph::Workload`]).
    Site(Site),
}

impl<'n> Report<'n> {
    pub fn new(object: ObjId, at: &'n Node, message: String) -> Self {
        Report {
            object,
            at: At::Node(at),
            container: None,
            message,
        }
    }

    /// A finding at a site read before the object's tree was freed.
    pub fn at_site(object: ObjId, site: Site, message: String) -> Self {
        Report {
            object,
            at: At::Site(site),
            container: None,
            message,
        }
    }

    /// The same finding, about container `name`.
    pub fn in_container(self, name: Option<&str>) -> Self {
        Report {
            container: name.map(str::to_string),
            ..self
        }
    }
}

fn graph_finding(
    graph: &Graph,
    meta: &'static RuleMeta,
    id: ObjId,
    at: At<'_>,
    container: Option<String>,
    message: String,
) -> GraphFinding {
    let object = graph.object(id);
    let path: Arc<str> = Arc::from(object.origin.path());
    let site = match at {
        At::Node(node) => object.site(node),
        At::Site(site) => site,
    };
    GraphFinding {
        object: id,
        finding: site_finding(object, meta, &path, site, container, message, false),
    }
}

/// The identity Dockerfile findings carry: `{apiVersion: "kubeward.io/v1", kind: "Dockerfile", name}` with the
/// stage's name (`AS name`) or, without one, its image as written; no name for findings about
/// the file as a whole.
pub fn dockerfile_object_ref(stage: Option<&Stage>) -> ObjectRef {
    ObjectRef {
        api_version: "kubeward.io/v1".into(),
        kind: DOCKERFILE_KIND.into(),
        namespace: None,
        name: stage.map(|s| s.display_name().into()),
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
