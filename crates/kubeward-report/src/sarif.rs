//! SARIF 2.1.0, as GitHub code scanning and other viewers read it: one run whose driver lists
//! every rule that ran, one result per finding, and input errors as tool execution
//! notifications.
//!
//! The log is built from a few typed structs of our own rather than a generated SARIF model: we
//! emit a small, fixed subset of the format, and `.ci/validate-sarif.sh` checks the output with
//! the official SARIF multitool.

use crate::{ReportError, ScanReport};
use kubeward_model::{Finding, InputError, ObjectRef, RuleMeta, Severity};
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Write;

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Key of our entry in `partialFingerprints`; bump the version if the hashed identity changes.
pub const FINGERPRINT_KEY: &str = "kubeward/v1";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    invocations: [Invocation; 1],
    /// Our columns count characters (Unicode code points), not UTF-16 code units.
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    information_uri: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    /// Omitted when it would equal the id (one-word ids such as `tiller`): the SARIF spec
    /// (3.49.7, validator rule SARIF1001) wants `name` absent rather than equal to `id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: &'static str,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: [&'static str; 1],
    #[serde(rename = "security-severity")]
    security_severity: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Notification {
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location>,
    descriptor: DescriptorReference,
}

#[derive(Serialize)]
struct DescriptorReference {
    id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
    partial_fingerprints: BTreeMap<&'static str, String>,
    /// Present on suppressed findings only (listed with `--show-suppressed`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Suppression>,
    properties: ResultProperties<'a>,
}

/// SARIF `suppression`: `inSource` for a `kubeward.io/ignore` annotation, `external` for an
/// exception in the configuration file; `accepted`, since kubeward applied it.
#[derive(Serialize)]
struct Suppression {
    kind: &'static str,
    status: &'static str,
    justification: String,
    location: Location,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<LogicalLocation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

/// 1-based; a field we do not know is left out rather than written as 0.
#[derive(Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<u32>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    fully_qualified_name: String,
    kind: &'static str,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    object: &'a ObjectRef,
    #[serde(skip_serializing_if = "Option::is_none")]
    container: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'a str>,
}

pub fn render(report: &ScanReport<'_>, out: &mut dyn Write) -> Result<(), ReportError> {
    serde_json::to_writer_pretty(&mut *out, &log(report))?;
    writeln!(out)?;
    Ok(())
}

fn log<'a>(report: &ScanReport<'a>) -> Log<'a> {
    let rules = report.rules.iter().map(|meta| rule(meta)).collect();
    let mut all: Vec<(&Finding, Option<&crate::Suppression>)> =
        report.findings.iter().map(|f| (f, None)).collect();
    if let Some(suppressed) = report.suppressed {
        all.extend(
            suppressed
                .iter()
                .map(|s| (&s.finding, Some(&s.suppression))),
        );
        all.sort_by(|a, b| a.0.report_order(b.0));
    }
    let results = all
        .into_iter()
        .map(|(f, suppression)| SarifResult {
            rule_id: f.rule_id,
            rule_index: report.rules.iter().position(|r| r.id == f.rule_id),
            level: level(f.severity),
            message: Text {
                text: f.message.clone(),
            },
            locations: [Location {
                physical_location: PhysicalLocation {
                    artifact_location: ArtifactLocation {
                        uri: artifact_uri(&f.path),
                    },
                    region: region(f.line, f.column, f.end_line, f.end_column),
                },
                logical_locations: vec![LogicalLocation {
                    name: f.object.name.as_deref().map(str::to_string),
                    fully_qualified_name: f.object.display_name(),
                    kind: "object",
                }],
            }],
            partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, fingerprint(f))]),
            suppressions: suppression.map(sarif_suppression).into_iter().collect(),
            properties: ResultProperties {
                object: &f.object,
                container: f.container.as_deref(),
                field: f.field.as_deref(),
            },
        })
        .collect();
    Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "kubeward",
                    version: env!("CARGO_PKG_VERSION"),
                    information_uri: env!("CARGO_PKG_REPOSITORY"),
                    rules,
                },
            },
            invocations: [Invocation {
                execution_successful: report.errors.is_empty(),
                tool_execution_notifications: report.errors.iter().map(notification).collect(),
            }],
            column_kind: "unicodeCodePoints",
            results,
        }],
    }
}

fn rule(meta: &RuleMeta) -> Rule {
    let docs = unindent(meta.docs);
    Rule {
        id: meta.id,
        name: Some(pascal_case(meta.id)).filter(|n| !n.eq_ignore_ascii_case(meta.id)),
        short_description: Text {
            text: meta.title.to_string(),
        },
        full_description: Text {
            text: section(&docs, "What it checks").unwrap_or_else(|| meta.title.to_string()),
        },
        help: Help {
            text: meta.remediation,
            markdown: docs,
        },
        default_configuration: Configuration {
            level: level(meta.severity),
        },
        properties: RuleProperties {
            tags: [meta.category.as_str()],
            security_severity: security_severity(meta.severity),
        },
    }
}

fn sarif_suppression(s: &crate::Suppression) -> Suppression {
    Suppression {
        kind: if s.kind == "annotation" {
            "inSource"
        } else {
            "external"
        },
        status: "accepted",
        justification: s.reason.clone(),
        location: Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation {
                    uri: artifact_uri(&s.path),
                },
                region: s
                    .line
                    .and_then(|line| region(line, s.column.unwrap_or(0), 0, 0)),
            },
            logical_locations: Vec::new(),
        },
    }
}

fn notification(error: &InputError) -> Notification {
    // The "no object found" error names every scanned path at once, not one artifact.
    let locations = if error.kind == "no-objects" || error.path.is_empty() {
        Vec::new()
    } else {
        vec![Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation {
                    uri: artifact_uri(&error.path),
                },
                region: error
                    .line
                    .and_then(|line| region(line, error.column.unwrap_or(0), 0, 0)),
            },
            logical_locations: Vec::new(),
        }]
    };
    Notification {
        level: "error",
        message: Text {
            text: error.message.clone(),
        },
        locations,
        descriptor: DescriptorReference { id: error.kind },
    }
}

/// SARIF result level: critical/high → error, medium → warning, low/info → note.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// The numeric string GitHub code scanning reads from `properties.security-severity`
/// (≥ 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low).
pub fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "1.0",
    }
}

/// `privileged-container` → `PrivilegedContainer`.
pub fn pascal_case(id: &str) -> String {
    id.split(['-', '_'])
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                None => String::new(),
            }
        })
        .collect()
}

/// Characters escaped in one path segment: everything RFC 3986 does not allow there, plus `:`
/// (a relative reference whose first segment has a colon would read as a scheme) and `/`.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b':')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// The `artifactLocation.uri` of an input: the path as the user gave it, as a URI reference
/// (relative paths stay relative, absolute ones become `file:` URIs); standard input is `stdin`.
pub fn artifact_uri(path: &str) -> String {
    if path == "-" {
        return "stdin".to_string();
    }
    let path = path.replace('\\', "/");
    let encode = |segments: &str| {
        segments
            .split('/')
            .map(|s| utf8_percent_encode(s, SEGMENT).to_string())
            .collect::<Vec<_>>()
            .join("/")
    };
    let bytes = path.as_bytes();
    let drive = bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1..3] == *b":/";
    if drive {
        // `C:/manifests/app.yaml`
        format!("file:///{}{}", &path[..2], encode(&path[2..]))
    } else if path.starts_with('/') {
        format!("file://{}", encode(&path))
    } else {
        encode(&path)
    }
}

fn region(line: u32, column: u32, end_line: u32, end_column: u32) -> Option<Region> {
    if line == 0 {
        return None;
    }
    let known = |n: u32| (n > 0).then_some(n);
    let start_column = known(column);
    let end_line = known(end_line).filter(|l| *l >= line);
    // An end before the start would make the region inconsistent (SARIF1007): drop it.
    let end_column = end_line
        .and(known(end_column))
        .filter(|c| end_line != Some(line) || start_column.is_none_or(|s| *c >= s));
    Some(Region {
        start_line: line,
        start_column,
        end_line,
        end_column,
    })
}

/// A stable hash of what a finding is about (rule, object, container, field), so that code
/// scanning matches a finding across commits even when lines move. The path is left out: a
/// manifest that is moved keeps its alerts.
pub fn fingerprint(f: &Finding) -> String {
    let identity = serde_json::json!([
        f.rule_id,
        f.object.kind,
        f.object.namespace,
        f.object.name,
        f.container,
        f.field,
    ]);
    let digest = Sha256::digest(identity.to_string().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Doc comments keep the space after `///`: drop one leading space per line, as `explain` does.
fn unindent(docs: &str) -> String {
    let mut out = String::with_capacity(docs.len());
    for line in docs.lines() {
        out.push_str(line.strip_prefix(' ').unwrap_or(line));
        out.push('\n');
    }
    out.trim().to_string()
}

/// The text of a `## heading` section of a rule's docs, as written (Markdown, hard-wrapped).
fn section(docs: &str, heading: &str) -> Option<String> {
    let mut lines = docs
        .lines()
        .skip_while(|l| l.trim() != format!("## {heading}"));
    lines.next()?;
    let body: Vec<&str> = lines.take_while(|l| !l.starts_with("## ")).collect();
    let text = body.join("\n");
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pascal_case_of_ids() {
        assert_eq!(pascal_case("privileged-container"), "PrivilegedContainer");
        assert_eq!(pascal_case("cpu-limit-missing"), "CpuLimitMissing");
        assert_eq!(pascal_case("x"), "X");
    }

    #[test]
    fn uris_are_escaped_and_stdin_named() {
        assert_eq!(artifact_uri("-"), "stdin");
        assert_eq!(
            artifact_uri("examples/insecure/app.yaml"),
            "examples/insecure/app.yaml"
        );
        assert_eq!(artifact_uri("my dir/a#1.yaml"), "my%20dir/a%231.yaml");
        assert_eq!(artifact_uri("a:b.yaml"), "a%3Ab.yaml");
        assert_eq!(artifact_uri("déploiement.yaml"), "d%C3%A9ploiement.yaml");
        assert_eq!(artifact_uri("/tmp/x y.yaml"), "file:///tmp/x%20y.yaml");
        assert_eq!(artifact_uri("C:\\k8s\\a.yaml"), "file:///C:/k8s/a.yaml");
        assert_eq!(artifact_uri("./a/../b.yaml"), "./a/../b.yaml");
    }

    #[test]
    fn regions_omit_unknown_fields() {
        assert_eq!(region(0, 3, 4, 5), None);
        assert_eq!(
            region(3, 0, 0, 0),
            Some(Region {
                start_line: 3,
                ..Region::default()
            })
        );
        assert_eq!(
            region(3, 5, 3, 9),
            Some(Region {
                start_line: 3,
                start_column: Some(5),
                end_line: Some(3),
                end_column: Some(9),
            })
        );
        assert_eq!(
            region(3, 5, 3, 2),
            Some(Region {
                start_line: 3,
                start_column: Some(5),
                end_line: Some(3),
                end_column: None,
            })
        );
        assert_eq!(
            region(3, 5, 3, 0),
            Some(Region {
                start_line: 3,
                start_column: Some(5),
                end_line: Some(3),
                end_column: None,
            })
        );
    }

    #[test]
    fn severity_mapping() {
        let levels: Vec<_> = Severity::ALL.iter().map(|s| level(*s)).collect();
        assert_eq!(levels, ["note", "note", "warning", "error", "error"]);
        let scores: Vec<_> = Severity::ALL
            .iter()
            .map(|s| security_severity(*s))
            .collect();
        assert_eq!(scores, ["1.0", "3.0", "5.5", "8.0", "9.5"]);
    }

    #[test]
    fn docs_sections() {
        let docs = " ## What it checks\n Containers with\n `privileged: true`.\n\n Also init.\n\n ## Why it matters\n Escape.\n";
        let docs = unindent(docs);
        assert_eq!(
            section(&docs, "What it checks").as_deref(),
            Some("Containers with\n`privileged: true`.\n\nAlso init.")
        );
        assert_eq!(section(&docs, "Why it matters").as_deref(), Some("Escape."));
        assert_eq!(section(&docs, "Bad"), None);
    }
}
