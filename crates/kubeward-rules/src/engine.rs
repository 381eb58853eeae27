use crate::Rule;
use crate::context::{DockerfileContext, GraphContext, GraphFinding, RuleContext};
use crate::settings::Settings;
use kubeward_dockerfile::Dockerfile;
use kubeward_graph::{Analyses, Graph};
use kubeward_model::{Finding, Object, PodSpecView, Scope};
use rayon::prelude::*;
use std::sync::Arc;

/// Runs a fixed set of rules over objects. Cheap to share between threads.
pub struct Engine {
    rules: Vec<&'static dyn Rule>,
    /// The rules that judge one object (pod-spec, kind and any-object scopes), in rule order:
    /// asked for every object, so the others are not even looked at there.
    object_rules: Vec<&'static dyn Rule>,
    settings: Settings,
}

impl Engine {
    /// An engine with default settings.
    pub fn new(rules: Vec<&'static dyn Rule>) -> Self {
        Self::with_settings(rules, Settings::default())
    }

    pub fn with_settings(rules: Vec<&'static dyn Rule>, settings: Settings) -> Self {
        let object_rules = rules
            .iter()
            .copied()
            .filter(|r| !matches!(r.meta().scope, Scope::Dockerfile | Scope::Graph))
            .collect();
        Engine {
            rules,
            object_rules,
            settings,
        }
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn rules(&self) -> &[&'static dyn Rule] {
        &self.rules
    }

    /// Every finding of every selected rule on one object, in rule order.
    pub fn check(&self, object: &Object, findings: &mut Vec<Finding>) {
        if Object::is_list_kind(object.kind()) {
            return;
        }
        let path: Arc<str> = Arc::from(object.origin.path());
        let pod = PodSpecView::of(object);
        for rule in &self.object_rules {
            let meta = rule.meta();
            // The same test reporters use to list the (object, rule) pairs that ran.
            if !meta.scope.applies_to(object.kind()) {
                continue;
            }
            let mut cx = RuleContext::new(object, meta, &self.settings, &path, findings);
            match meta.scope {
                Scope::PodSpec => {
                    if let Some(pod) = &pod {
                        rule.check_pod(pod, &mut cx);
                    }
                }
                Scope::Kinds(_) | Scope::AnyObject => rule.check_object(object, &mut cx),
                Scope::Dockerfile | Scope::Graph => {}
            }
        }
    }

    /// Every finding of every selected Dockerfile rule on one Dockerfile read from `path`.
    pub fn check_dockerfile(
        &self,
        dockerfile: &Dockerfile,
        path: &Arc<str>,
        findings: &mut Vec<Finding>,
    ) {
        for rule in &self.rules {
            let meta = rule.meta();
            if meta.scope != Scope::Dockerfile {
                continue;
            }
            let mut cx = DockerfileContext::new(dockerfile, meta, &self.settings, path, findings);
            rule.check_dockerfile(dockerfile, &mut cx);
        }
    }

    /// Whether some selected graph rule reads workload trees ([`Rule::reads_workload_trees`]):
    /// when none does, the scan keeps only the workloads' facts.
    pub fn reads_workload_trees(&self) -> bool {
        self.rules
            .iter()
            .any(|r| r.meta().scope == Scope::Graph && r.reads_workload_trees())
    }

    /// Whether any selected rule needs the graph of all objects (the scan then keeps objects
    /// until every file is loaded).
    pub fn has_graph_rules(&self) -> bool {
        self.rules.iter().any(|r| r.meta().scope == Scope::Graph)
    }

    /// Every finding of every selected cross-resource rule, in rule order. The rules run in
    /// parallel (they only read the graph; its shared analyses are computed once, up front, by
    /// [`Graph::analyses`]), each into its own list, so the order does not depend on the thread
    /// count.
    pub fn check_graph(&self, graph: &Graph) -> Vec<GraphFinding> {
        self.check_graph_with(&graph.analyses())
    }

    /// [`Engine::check_graph`] with analyses the caller computed ([`Graph::analyses`]) and frees
    /// when it suits it (a scan does so while it applies waivers).
    pub fn check_graph_with(&self, analyses: &Analyses<'_>) -> Vec<GraphFinding> {
        let graph = analyses.graph();
        let per_rule: Vec<Vec<GraphFinding>> = self
            .rules
            .par_iter()
            .filter(|rule| rule.meta().scope == Scope::Graph)
            .map(|rule| {
                let mut cx = GraphContext::new(analyses, rule.meta(), &self.settings);
                rule.check_graph(graph, &mut cx);
                cx.into_findings()
            })
            .collect();
        per_rule.into_iter().flatten().collect()
    }
}
