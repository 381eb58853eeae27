//! `kubeward scan`: load every input in parallel, run the engine on each object as soon as its
//! file is parsed (so object trees never pile up in memory), then sort for deterministic output.

use kubeward_loader::{Discovery, LoadOptions, discover, load_input};
use kubeward_model::{Finding, InputError, RuleMeta, Severity, Skipped, sort_findings};
use kubeward_report::{ObjectSummary, Summary};
use kubeward_rules::{Engine, Selection, Settings};
use rayon::prelude::*;
use std::collections::HashMap;
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
}

#[derive(Debug, Default)]
pub struct ScanResult {
    pub findings: Vec<Finding>,
    pub errors: Vec<InputError>,
    pub skipped: Vec<Skipped>,
    pub summary: Summary,
    pub sources: HashMap<Arc<str>, Arc<str>>,
    pub rules: Vec<&'static RuleMeta>,
    /// Every object checked, sorted by path and position.
    pub objects: Vec<ObjectSummary>,
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
        errors: Vec<InputError>,
        skipped: Vec<Skipped>,
        objects: Vec<ObjectSummary>,
        empty: usize,
        source: Option<(Arc<str>, Arc<str>)>,
    }

    let per_file: Vec<PerFile> = inputs
        .par_iter()
        .map(|input| {
            let load = load_input(input, &options.load);
            let mut findings = Vec::new();
            for object in &load.objects {
                engine.check(object, &mut findings);
            }
            PerFile {
                findings,
                errors: load.errors,
                skipped: load.skipped,
                objects: load
                    .objects
                    .iter()
                    .map(|o| {
                        let start = o.start();
                        ObjectSummary {
                            path: Arc::from(o.origin.path()),
                            line: start.line,
                            column: start.column,
                            id: o.id.clone(),
                        }
                    })
                    .collect(),
                empty: load.empty_documents,
                source: load
                    .source
                    .filter(|_| options.keep_sources)
                    .map(|s| (s.path, s.text)),
            }
        })
        .collect();

    let mut result = ScanResult {
        errors: walk_errors,
        skipped: walk_skipped,
        ..ScanResult::default()
    };
    result.summary.files = inputs.len();
    for file in per_file {
        result.findings.extend(file.findings);
        result.errors.extend(file.errors);
        result.skipped.extend(file.skipped);
        result.summary.objects += file.objects.len();
        result.objects.extend(file.objects);
        result.summary.empty_documents += file.empty;
        if let Some((path, text)) = file.source {
            result.sources.insert(path, text);
        }
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
    sort_findings(&mut result.findings);
    result.errors.sort();
    result.skipped.sort();
    result.objects.sort();
    result.rules = engine.rules().iter().map(|r| r.meta()).collect();
    let fail_on = options.fail_on.unwrap_or(Severity::Info);
    let s = &mut result.summary;
    s.rules = result.rules.len();
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
