//! What rules produce and reporters consume.

use crate::node::Span;
use crate::object::ObjectRef;
use crate::rule_meta::Severity;
use serde::Serialize;
use std::sync::Arc;

/// One violation of one rule by one object (and container, where there is one).
///
/// Serialised as-is into the JSON report: field names here are a public contract.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    pub rule_id: &'static str,
    pub severity: Severity,
    pub message: String,
    /// The file (`-` for stdin), or the admission/cluster origin name.
    pub path: Arc<str>,
    /// 1-based line of the offending field, or of the object when the field is missing.
    pub line: u32,
    /// 1-based column (in characters).
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub object: ObjectRef,
    pub container: Option<String>,
    /// The field path inside the object (`spec.containers[0].securityContext.privileged`).
    pub field: Option<String>,
    /// The source at this location holds a secret: reporters must not quote it. Not part of the
    /// JSON contract (the JSON report never carries source text).
    #[serde(skip)]
    pub secret_in_source: bool,
}

impl Finding {
    pub fn span(&self) -> Span {
        Span {
            start: crate::Pos::new(self.line, self.column),
            end: crate::Pos::new(self.end_line, self.end_column),
        }
    }

    /// The order every report uses: path, position, rule, then the rest for total determinism.
    pub fn sort_key(&self) -> impl Ord + '_ {
        (
            &self.path,
            self.line,
            self.column,
            self.rule_id,
            &self.object,
            &self.container,
            &self.message,
        )
    }
}

/// Sorts findings into report order and removes exact duplicates.
pub fn sort_findings(findings: &mut Vec<Finding>) {
    // Unstable: findings with equal keys are duplicates that `dedup` removes, and the unstable
    // sort needs no buffer of half the findings.
    findings.sort_unstable_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup();
}
