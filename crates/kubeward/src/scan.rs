//! `kubeward scan`: load every input in parallel, run the engine on each object as soon as its
//! file is parsed (so object trees never pile up in memory), then sort for deterministic output.

use kubeward_dockerfile::Stage;
use kubeward_graph::{Graph, Prepared};
use kubeward_loader::{Discovery, Input, LoadOptions, discover, load_input};
use kubeward_model::{
    Finding, InputError, Node, Object, ObjectRef, Origin, Pos, RuleMeta, Severity, Skipped,
    sort_findings,
};
use kubeward_report::{ObjectSummary, Summary, SuppressedFinding};
use kubeward_rules::suppress::{Outcome, Policy, SUPPRESSION_CHECKS, Suppression};
use kubeward_rules::{Engine, Selection, Settings, dockerfile_object_ref};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

#[derive(Clone, Debug, Default)]
pub struct ScanOptions {
    pub paths: Vec<String>,
    pub load: LoadOptions,
    pub selection: Selection,
    /// Rule options (target Kubernetes version, …).
    pub settings: Settings,
    pub fail_on: Option<Severity>,
    /// Accept a scan that finds no Kubernetes object.
    pub allow_empty: bool,
    /// Keep source texts for the text reporter.
    pub keep_sources: bool,
    /// Severity overrides, exceptions and which annotations count (from the configuration).
    pub policy: Policy,
}

#[derive(Debug, Default)]
pub struct ScanResult {
    pub findings: Vec<Finding>,
    /// Findings waived by an annotation or an exception, sorted like `findings`.
    pub suppressed: Vec<SuppressedFinding>,
    pub errors: Vec<InputError>,
    pub skipped: Vec<Skipped>,
    pub summary: Summary,
    pub sources: HashMap<Arc<str>, Arc<str>>,
    pub rules: Vec<&'static RuleMeta>,
    /// Every object checked, sorted by path and position.
    pub objects: Vec<ObjectSummary>,
    /// The graph the cross-resource rules ran on (with every object tree they needed; `None`
    /// when none ran), handed back so the caller decides when to free it: the CLI exits
    /// without freeing.
    pub graph: Option<Graph>,
}

/// A problem with the request itself rather than with an input.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

pub fn run_scan(options: &ScanOptions) -> Result<ScanResult, UsageError> {
    let rules = options
        .selection
        .resolve()
        .map_err(|e| UsageError(e.to_string()))?;
    let engine = Engine::with_settings(rules, options.settings.clone());
    let Discovery {
        inputs,
        errors: walk_errors,
        skipped: walk_skipped,
    } = discover(&options.paths, &options.load).map_err(UsageError)?;

    struct PerFile {
        findings: Vec<Finding>,
        suppressed: Vec<SuppressedFinding>,
        errors: Vec<InputError>,
        skipped: Vec<Skipped>,
        objects: Vec<ObjectSummary>,
        /// Objects whose findings wait for the graph rules to apply waivers (only when some
        /// are selected, and something may waive).
        held: Vec<Held>,
        /// Every object, read for the graph (only when graph rules are selected).
        prepared: Vec<Prepared>,
        empty: usize,
        source: Option<(Arc<str>, Arc<str>)>,
    }

    let graph_rules = engine.has_graph_rules();
    // Workloads keep their trees only for graph rules that read them.
    let prepare = if engine.reads_workload_trees() {
        Prepared::new
    } else {
        Prepared::lean
    };
    let mut per_file: Vec<PerFile> = inputs
        .par_iter()
        .map(|input| {
            let load = load_input(input, &options.load);
            let paths = exception_paths(input, &options.policy);
            let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
            let mut findings = Vec::new();
            let mut suppressed = Vec::new();
            let mut objects: Vec<ObjectSummary> = Vec::new();
            if let Some(dockerfile) = &load.dockerfile {
                let path: Arc<str> = Arc::from(input.display().as_str());
                let mut found = Vec::new();
                engine.check_dockerfile(dockerfile, &path, &mut found);
                // Suppressions and severity overrides work on objects: each stage is one,
                // `{apiVersion: "kubeward.io/v1", kind: "Dockerfile", name: <stage name or image>}`.
                let mut stages: Vec<Option<&Stage>> = dockerfile.stages.iter().map(Some).collect();
                if stages.is_empty() || found.iter().any(|f| f.object.name.is_none()) {
                    stages.push(None);
                }
                // Findings by object, grouped once: a file of many stages stays linear.
                let mut by_object: HashMap<ObjectRef, Vec<Finding>> = HashMap::new();
                for f in found {
                    by_object.entry(f.object.clone()).or_default().push(f);
                }
                for stage in stages {
                    let id = dockerfile_object_ref(stage);
                    let start = stage
                        .and_then(|s| dockerfile.instructions.get(s.instructions.start))
                        .map_or(Pos::new(1, 1), |i| i.keyword_span.start);
                    let mine = by_object.remove(&id).unwrap_or_default();
                    let object = Object {
                        origin: Origin::File(path.clone()),
                        document: stage.map_or(0, |s| s.index),
                        id: id.clone(),
                        root: Node::empty().clone(),
                    };
                    let outcome = options.policy.apply(&object, &paths, engine.rules(), mine);
                    findings.extend(outcome.findings);
                    suppressed.extend(
                        outcome
                            .suppressed
                            .into_iter()
                            .map(|(finding, s)| suppressed_finding(finding, s)),
                    );
                    objects.push(ObjectSummary {
                        path: path.clone(),
                        line: start.line,
                        column: start.column,
                        id,
                    });
                }
                // Two stages with the same name or image share their findings' object: the
                // first took them all.
                findings.extend(by_object.into_values().flatten());
            }
            objects.extend(load.objects.iter().map(|o| {
                let start = o.start();
                ObjectSummary {
                    path: Arc::from(o.origin.path()),
                    line: start.line,
                    column: start.column,
                    id: o.id.clone(),
                }
            }));
            let mut held = Vec::new();
            let mut prepared = Vec::new();
            for object in load.objects {
                if graph_rules {
                    // Read for the graph now, while the tree is in cache, and trimmed to what
                    // the graph rules read: the single-object rules are done with it.
                    if options.policy.may_waive(&object) {
                        // Waivers are applied once all of the object's findings are known, so
                        // an annotation waiving a graph rule is not reported as unused.
                        let mut found = Vec::new();
                        engine.check(&object, &mut found);
                        let object = Prepared::new(object);
                        held.push(Held {
                            object: object.object().clone(),
                            findings: found,
                            paths: paths.iter().map(|p| p.to_string()).collect(),
                        });
                        prepared.push(object);
                    } else {
                        // Nothing can waive: its findings stand as they come.
                        let first = findings.len();
                        engine.check(&object, &mut findings);
                        options.policy.override_severities(&mut findings[first..]);
                        prepared.push(prepare(object));
                    }
                    continue;
                }
                let mut found = Vec::new();
                engine.check(&object, &mut found);
                let outcome = options.policy.apply(&object, &paths, engine.rules(), found);
                findings.extend(outcome.findings);
                suppressed.extend(
                    outcome
                        .suppressed
                        .into_iter()
                        .map(|(finding, s)| suppressed_finding(finding, s)),
                );
            }
            // Sorted here, in parallel: the final sort then only merges the files' runs.
            sort_findings(&mut findings);
            PerFile {
                findings,
                suppressed,
                errors: load.errors,
                skipped: load.skipped,
                objects,
                held,
                prepared,
                empty: load.empty_documents,
                source: load
                    .source
                    .filter(|_| options.keep_sources)
                    .map(|s| (s.path, s.text)),
            }
        })
        .collect();
    // The graph rules need every object; the files' other results only need gathering. Both
    // happen at once: gathering is a sequential pass the graph's own sequential steps (its
    // build, the waivers) overlap with.
    let mut graph_input = Vec::new();
    if graph_rules {
        graph_input.extend(
            per_file
                .iter_mut()
                .map(|f| (std::mem::take(&mut f.prepared), std::mem::take(&mut f.held))),
        );
    }
    let (checked, mut result) = rayon::join(
        || graph_rules.then(|| check_graph(&engine, &options.policy, graph_input)),
        || {
            let mut result = ScanResult {
                errors: walk_errors,
                skipped: walk_skipped,
                ..ScanResult::default()
            };
            result.summary.files = inputs.len();
            // Sized once: on a large scan the findings are the biggest allocation after the
            // trees.
            result
                .findings
                .reserve_exact(per_file.iter().map(|f| f.findings.len()).sum());
            for file in per_file {
                result.findings.extend(file.findings);
                result.suppressed.extend(file.suppressed);
                result.errors.extend(file.errors);
                result.skipped.extend(file.skipped);
                result.summary.objects += file.objects.len();
                result.objects.extend(file.objects);
                result.summary.empty_documents += file.empty;
                if let Some((path, text)) = file.source {
                    result.sources.insert(path, text);
                }
            }
            result
        },
    );
    if let Some((mut findings, suppressed, graph)) = checked {
        // Most findings come through here: keep the bigger list and append the smaller one.
        if findings.len() > result.findings.len() {
            std::mem::swap(&mut findings, &mut result.findings);
        }
        result.findings.append(&mut findings);
        result.suppressed.extend(suppressed);
        result.graph = Some(graph);
    }
    if result.summary.objects == 0 && !options.allow_empty {
        result.errors.push(InputError {
            path: Arc::from(options.paths.join(" ").as_str()),
            line: None,
            column: None,
            message: "no Kubernetes object found (nothing was checked); pass --allow-empty if that is expected".to_string(),
            kind: "no-objects",
        });
    }
    let expired = options.policy.expired();
    if options.keep_sources && !expired.is_empty() {
        // `source` names the configuration file relative to the current directory.
        if let Ok(text) = std::fs::read_to_string(&*options.policy.source) {
            let source = options.policy.source.clone();
            result.sources.insert(source, Arc::from(text.as_str()));
        }
    }
    result.findings.extend(expired);
    sort_findings(&mut result.findings);
    result
        .suppressed
        .sort_by(|a, b| a.finding.report_order(&b.finding));
    result.suppressed.dedup();
    result.errors.sort();
    result.skipped.sort();
    result.objects.sort();
    // Reporters show rules with their configured severity, and the suppression checks that
    // reported something (they always run, but are listed only then).
    result.rules = engine
        .rules()
        .iter()
        .map(|r| options.policy.reported_meta(r.meta()))
        .collect();
    let rules_run = result.rules.len();
    for check in SUPPRESSION_CHECKS {
        if result.findings.iter().any(|f| f.rule_id == check.id) {
            result.rules.push(options.policy.reported_meta(check));
        }
    }
    result.rules.sort_by_key(|m| m.id);
    let fail_on = options.fail_on.unwrap_or(Severity::Info);
    let s = &mut result.summary;
    s.rules = rules_run;
    s.suppressed = result.suppressed.len();
    s.findings = result.findings.len();
    s.failing = result
        .findings
        .iter()
        .filter(|f| f.severity >= fail_on)
        .count();
    s.errors = result.errors.len();
    s.skipped = result.skipped.len();
    for sev in Severity::ALL {
        s.by_severity.insert(sev, 0);
    }
    for f in &result.findings {
        *s.by_severity.entry(f.severity).or_default() += 1;
    }
    Ok(result)
}

/// An object something may waive findings on, kept with its single-object findings until the
/// graph rules have run.
struct Held {
    object: Arc<Object>,
    findings: Vec<Finding>,
    /// The forms of its file's path exceptions match (see [`exception_paths`]).
    paths: Vec<String>,
}

/// Runs the cross-resource rules over the graph of every held object, then applies waivers to
/// each object's findings, single-object and cross-resource together.
fn check_graph(
    engine: &Engine,
    policy: &Policy,
    per_file: Vec<(Vec<Prepared>, Vec<Held>)>,
) -> (Vec<Finding>, Vec<SuppressedFinding>, Graph) {
    let mut prepared = Vec::with_capacity(per_file.len());
    let mut held = Vec::with_capacity(per_file.iter().map(|(_, h)| h.len()).sum());
    for (p, h) in per_file {
        prepared.push(p);
        held.extend(h);
    }
    let graph = Graph::from_prepared_runs(prepared);
    let analyses = graph.analyses();
    let found = engine.check_graph_with(&analyses);
    // The analyses are thousands of small allocations: one thread frees them while the other
    // applies the waivers.
    let ((), (findings, suppressed)) = rayon::join(
        move || drop(analyses),
        || merge_graph_findings(engine, policy, &graph, found, held),
    );
    (findings, suppressed, graph)
}

/// Gives each held object its cross-resource findings, applies the waivers, and returns every
/// finding of the graph rules and of the held objects, with those waived.
fn merge_graph_findings(
    engine: &Engine,
    policy: &Policy,
    graph: &Graph,
    found: Vec<kubeward_rules::GraphFinding>,
    mut held: Vec<Held>,
) -> (Vec<Finding>, Vec<SuppressedFinding>) {
    // The graph shares the held objects (`Arc`): their addresses tie findings back.
    let held_at: HashMap<usize, usize> = held
        .iter()
        .enumerate()
        .map(|(i, h)| (Arc::as_ptr(&h.object) as usize, i))
        .collect();
    let mut standing = Vec::new();
    for gf in found {
        let key = Arc::as_ptr(&graph.objects()[gf.object]) as usize;
        match held_at.get(&key) {
            Some(&i) => held[i].findings.push(gf.finding),
            None => standing.push(gf.finding),
        }
    }
    // On the objects nothing waives on, findings stand with their configured severity.
    policy.override_severities(&mut standing);
    let mut outcomes: Vec<_> = held
        .into_par_iter()
        .map(|h| {
            let paths: Vec<&str> = h.paths.iter().map(String::as_str).collect();
            policy.apply(&h.object, &paths, engine.rules(), h.findings)
        })
        .collect();
    outcomes.push(Outcome {
        findings: standing,
        ..Default::default()
    });

    let mut findings = Vec::with_capacity(outcomes.iter().map(|o| o.findings.len()).sum());
    let mut suppressed = Vec::new();
    for outcome in outcomes {
        findings.extend(outcome.findings);
        suppressed.extend(
            outcome
                .suppressed
                .into_iter()
                .map(|(finding, s)| suppressed_finding(finding, s)),
        );
    }
    // One sorted run, for the final sort to merge with the files' runs.
    sort_findings(&mut findings);
    (findings, suppressed)
}

/// The forms of an input's path that exception `paths` are matched against: as given (without a
/// leading `./`) and relative to the configuration file's directory. Standard input is `-`.
fn exception_paths(input: &Input, policy: &Policy) -> Vec<String> {
    let Input::File(path) = input else {
        return vec!["-".to_string()];
    };
    if policy.exceptions.iter().all(|e| e.paths.is_empty()) {
        return Vec::new();
    }
    let slashes = |p: &Path| p.to_string_lossy().replace('\\', "/");
    let mut given = slashes(path);
    while let Some(rest) = given.strip_prefix("./") {
        given = rest.to_string();
    }
    let mut forms = vec![given];
    let relative = policy.root.as_ref().and_then(|root| {
        let absolute = std::fs::canonicalize(path).ok()?;
        absolute.strip_prefix(root).ok().map(slashes)
    });
    if let Some(relative) = relative.filter(|r| !forms.contains(r)) {
        forms.push(relative);
    }
    forms
}

fn suppressed_finding(finding: Finding, s: Suppression) -> SuppressedFinding {
    let known = |n: u32| (n > 0).then_some(n);
    SuppressedFinding {
        finding,
        suppression: kubeward_report::Suppression {
            kind: s.kind.as_str(),
            reason: s.reason,
            path: s.path,
            line: known(s.line),
            column: known(s.line).and(known(s.column)),
            expires: s.expires.map(|d| d.to_string()),
        },
    }
}
