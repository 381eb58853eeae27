//! The JSON report. Its shape is a public contract, described by `schema/report.schema.json`
//! at the repository root: fields may be added, never renamed or removed.

use crate::{ReportError, ScanReport};
use serde::Serialize;
use std::io::Write;

/// Version of the JSON report's shape; bumped only for incompatible changes.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    tool: Tool,
    findings: &'a [kubeward_model::Finding],
    /// Only with `--show-suppressed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressed: Option<&'a [crate::SuppressedFinding]>,
    errors: &'a [kubeward_model::InputError],
    skipped: &'a [kubeward_model::Skipped],
    summary: &'a crate::Summary,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

pub fn render(report: &ScanReport<'_>, out: &mut dyn Write) -> Result<(), ReportError> {
    let doc = JsonReport {
        version: SCHEMA_VERSION,
        tool: Tool {
            name: "kubeward",
            version: env!("CARGO_PKG_VERSION"),
        },
        findings: report.findings,
        suppressed: report.suppressed,
        errors: report.errors,
        skipped: report.skipped,
        summary: report.summary,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)?;
    Ok(())
}
