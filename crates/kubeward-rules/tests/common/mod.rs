//! Shared test harness: load a fixture, run one rule, render findings the way the CLI does.
#![allow(dead_code)]

use kubeward_graph::{Graph, Prepared};
use kubeward_loader::{ContextIgnore, LoadOptions, load_bytes};
use kubeward_model::{Finding, Object, Scope, Severity, sort_findings};
use kubeward_report::{ScanReport, Summary, TextOptions};
use kubeward_rules::{Engine, Rule, Settings};
use std::collections::HashMap;
use std::sync::Arc;

pub struct Checked {
    pub objects: Vec<Object>,
    /// The fixture was a Dockerfile (named `*.Dockerfile`), parsed and checked as one.
    pub dockerfile: bool,
    pub findings: Vec<Finding>,
    pub errors: Vec<String>,
}

/// Loads `text` as if it were the file `path` and runs `rules` over it (a Dockerfile's
/// `.dockerignore` is unknown, as on standard input).
pub fn check_text(path: &str, text: &str, rules: Vec<&'static dyn Rule>) -> Checked {
    check_text_with_ignore(path, text, ContextIgnore::Unknown, rules)
}

/// Like [`check_text`], with the `.dockerignore` the loader would have found beside a Dockerfile.
pub fn check_text_with_ignore(
    path: &str,
    text: &str,
    dockerignore: ContextIgnore,
    rules: Vec<&'static dyn Rule>,
) -> Checked {
    if kubeward_loader::is_dockerfile(std::path::Path::new(path)) {
        let mut load = kubeward_loader::load_dockerfile(
            Arc::from(path),
            text.as_bytes(),
            &LoadOptions::default(),
        );
        let engine = Engine::with_settings(rules, settings_of(text));
        let mut findings = Vec::new();
        if let Some(df) = &mut load.dockerfile {
            df.dockerignore = dockerignore;
            engine.check_dockerfile(df, &Arc::from(path), &mut findings);
        }
        sort_findings(&mut findings);
        return Checked {
            objects: Vec::new(),
            dockerfile: load.dockerfile.is_some(),
            findings,
            errors: load.errors.iter().map(ToString::to_string).collect(),
        };
    }
    let load = load_bytes(
        Arc::from(path),
        text.as_bytes(),
        path.ends_with(".json"),
        &LoadOptions::default(),
    );
    let engine = Engine::with_settings(rules, settings_of(text));
    let mut findings = Vec::new();
    for object in &load.objects {
        engine.check(object, &mut findings);
    }
    if engine.has_graph_rules() {
        let findings_of = |engine: &Engine, graph: &Graph| -> Vec<Finding> {
            engine
                .check_graph(graph)
                .into_iter()
                .map(|g| g.finding)
                .collect()
        };
        // Cross-resource rules see every object of the fixture at once, as in a scan.
        let graph = Graph::build(load.objects.iter().cloned().map(Arc::new).collect());
        let whole = findings_of(&engine, &graph);
        // The scan holds objects pruned to what the graph reads (`kubeward_graph::prune`):
        // every graph rule must give the same findings, locations included, on those.
        let pruned =
            Graph::from_prepared(load.objects.iter().cloned().map(Prepared::new).collect());
        let on_pruned = findings_of(&engine, &pruned);
        assert_eq!(
            whole, on_pruned,
            "{path}: a graph rule reads a field `kubeward_graph::prune` drops"
        );
        // Without workload trees (`Prepared::lean`), the rules that say they do not read them
        // must give the same findings too.
        let lean_rules: Vec<&'static dyn Rule> = engine
            .rules()
            .iter()
            .copied()
            .filter(|r| r.meta().scope == Scope::Graph && !r.reads_workload_trees())
            .collect();
        if !lean_rules.is_empty() {
            let lean_engine = Engine::with_settings(lean_rules, settings_of(text));
            let lean =
                Graph::from_prepared(load.objects.iter().cloned().map(Prepared::lean).collect());
            let on_lean = findings_of(&lean_engine, &lean);
            let expected: Vec<Finding> = whole
                .iter()
                .filter(|f| lean_engine.rules().iter().any(|r| r.meta().id == f.rule_id))
                .cloned()
                .collect();
            assert_eq!(
                expected, on_lean,
                "{path}: a graph rule that says it does not read workload trees does"
            );
        }
        findings.extend(whole);
    }
    sort_findings(&mut findings);
    Checked {
        objects: load.objects,
        dockerfile: false,
        findings,
        errors: load.errors.iter().map(ToString::to_string).collect(),
    }
}

/// Rule settings from a first line `# kubeward-settings: {JSON}` (fixtures and doc examples of
/// rules that need options, e.g. an allow-list or an old target version); defaults otherwise.
pub fn settings_of(text: &str) -> Settings {
    let Some(json) = text
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("# kubeward-settings:"))
    else {
        return Settings::default();
    };
    serde_json::from_str(json.trim())
        .unwrap_or_else(|e| panic!("invalid `# kubeward-settings:` line: {e}"))
}

/// The text report (no colour) of `findings` over `text`: what fixture snapshots pin.
pub fn render_text(path: &str, text: &str, findings: &[Finding]) -> String {
    let mut sources = HashMap::new();
    sources.insert(Arc::<str>::from(path), Arc::<str>::from(text));
    let mut summary = Summary {
        files: 1,
        findings: findings.len(),
        ..Summary::default()
    };
    for f in findings {
        *summary.by_severity.entry(f.severity).or_default() += 1;
    }
    let report = ScanReport {
        findings,
        suppressed: None,
        errors: &[],
        skipped: &[],
        summary: &summary,
        rules: &[],
        objects: &[],
        sources: &sources,
        fail_on: Severity::Info,
    };
    let mut out = Vec::new();
    kubeward_report::text::render(&report, TextOptions::default(), &mut out)
        .expect("render to memory");
    let rendered = String::from_utf8(out).expect("utf-8");
    // The summary line counts objects and rules the harness does not track; drop it.
    rendered
        .lines()
        .filter(|l| !l.starts_with("Found ") && !l.starts_with("No findings"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `(line, rule-id)` pairs from `# expect: id[, id]` comments, and from comment lines
/// `# expect-next-line: id` for the line after them (Dockerfiles, where `#` starts a comment
/// only at the beginning of a line).
pub fn expectations(text: &str) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if let Some(rest) = line.trim_start().strip_prefix("# expect-next-line:") {
            for id in rest.split(',').map(str::trim).filter(|id| !id.is_empty()) {
                out.push((i as u32 + 2, id.to_string()));
            }
            continue;
        }
        if let Some((_, rest)) = line.split_once("# expect:") {
            for id in rest.split(',') {
                let id = id.trim();
                if !id.is_empty() {
                    out.push((i as u32 + 1, id.to_string()));
                }
            }
        }
    }
    out.sort();
    out
}
