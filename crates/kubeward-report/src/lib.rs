//! Reporters: one module per output format. Each reads a [`ScanReport`] (findings, input errors,
//! what was skipped, the rules that ran, the identity of the objects checked) and writes bytes;
//! none of them looks inside objects or evaluates rules.

pub mod json;
pub mod junit;
pub mod sarif;
pub mod text;

use kubeward_model::{Finding, InputError, ObjectRef, RuleMeta, Severity, Skipped};
use serde::Serialize;
use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

/// Counts shown in every format's summary.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Inputs read (files, stdin).
    pub files: usize,
    /// Kubernetes objects analysed.
    pub objects: usize,
    /// Rules that ran.
    pub rules: usize,
    pub findings: usize,
    /// Findings at or above the `--fail-on` threshold.
    pub failing: usize,
    pub errors: usize,
    /// Documents that are not Kubernetes objects, and files left out of directory walks.
    pub skipped: usize,
    /// Empty YAML documents.
    pub empty_documents: usize,
    /// Findings waived by configuration or annotations.
    pub suppressed: usize,
    /// Count of findings by severity, every severity present.
    pub by_severity: std::collections::BTreeMap<Severity, usize>,
}

/// One object that was checked: its identity and where it starts. Reporters that list what ran
/// (JUnit) pair these with the rules, using [`kubeward_model::Scope::applies_to`] as the engine
/// does.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjectSummary {
    /// The file (`-` for stdin), or the admission/cluster origin name.
    pub path: Arc<str>,
    /// 1-based line and column where the object starts (0 when unknown).
    pub line: u32,
    pub column: u32,
    pub id: ObjectRef,
}

/// The waiver that covers a suppressed finding (JSON `suppressed[].suppression`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Suppression {
    /// `annotation` (a `kubeward.io/ignore` annotation on the object) or `exception` (an entry
    /// of `exceptions:` in the configuration file).
    pub kind: &'static str,
    pub reason: String,
    /// Where the waiver is written: the manifest, or the configuration file.
    pub path: Arc<str>,
    /// 1-based position of the annotation or of the exception entry, when known.
    pub line: Option<u32>,
    pub column: Option<u32>,
    /// The exception's expiry date (`YYYY-MM-DD`), when it has one.
    pub expires: Option<String>,
}

impl Suppression {
    /// `annotation at pod.yaml:6:5` or `exception at .kubeward.yaml:3:5 (expires 2026-03-31)`.
    pub fn describe(&self) -> String {
        let mut at = format!("{} at {}", self.kind, self.path);
        if let Some(line) = self.line {
            at.push_str(&format!(":{line}"));
            if let Some(column) = self.column {
                at.push_str(&format!(":{column}"));
            }
        }
        if let Some(expires) = &self.expires {
            at.push_str(&format!(" (expires {expires})"));
        }
        at
    }
}

/// A finding that a waiver covers: not counted for the exit code, listed with
/// `--show-suppressed`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SuppressedFinding {
    pub finding: Finding,
    pub suppression: Suppression,
}

/// Everything a reporter may show.
pub struct ScanReport<'a> {
    /// Sorted findings (see `kubeward_model::sort_findings`).
    pub findings: &'a [Finding],
    /// Suppressed findings, sorted like `findings`, when they are to be listed
    /// (`--show-suppressed`); `None` otherwise. `summary.suppressed` counts them either way.
    pub suppressed: Option<&'a [SuppressedFinding]>,
    pub errors: &'a [InputError],
    pub skipped: &'a [Skipped],
    pub summary: &'a Summary,
    /// Metadata of the rules that ran, sorted by id.
    pub rules: &'a [&'static RuleMeta],
    /// Every object checked, sorted by path and position.
    pub objects: &'a [ObjectSummary],
    /// Source texts by path, for quoting lines.
    pub sources: &'a HashMap<Arc<str>, Arc<str>>,
    /// The `--fail-on` threshold.
    pub fail_on: Severity,
}

impl ScanReport<'_> {
    pub fn rule(&self, id: &str) -> Option<&'static RuleMeta> {
        self.rules.iter().copied().find(|r| r.id == id)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// Writing the output failed (closed pipe, full disk).
    #[error("cannot write report: {0}")]
    Io(#[from] std::io::Error),
    /// Serialising JSON failed.
    #[error("cannot serialise report: {0}")]
    Json(#[from] serde_json::Error),
    /// Serialising JUnit XML failed.
    #[error("cannot serialise JUnit report: {0}")]
    Junit(#[from] quick_junit::SerializeError),
}

/// Output formats of `kubeward scan`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    /// SARIF 2.1.0 (GitHub code scanning and other static-analysis viewers).
    Sarif,
    /// JUnit XML (CI test reports).
    Junit,
}

impl Format {
    pub const NAMES: &[&str] = &["text", "json", "sarif", "junit"];

    pub fn parse(name: &str) -> Option<Format> {
        match name {
            "text" => Some(Format::Text),
            "json" => Some(Format::Json),
            "sarif" => Some(Format::Sarif),
            "junit" => Some(Format::Junit),
            _ => None,
        }
    }
}

/// Options that only the text format uses.
#[derive(Clone, Copy, Debug, Default)]
pub struct TextOptions {
    pub color: bool,
    /// List skipped documents and files.
    pub verbose: bool,
}

pub fn render(
    format: Format,
    report: &ScanReport<'_>,
    text: TextOptions,
    out: &mut dyn Write,
) -> Result<(), ReportError> {
    match format {
        Format::Text => text::render(report, text, out),
        Format::Json => json::render(report, out),
        Format::Sarif => sarif::render(report, out),
        Format::Junit => junit::render(report, out),
    }
}
