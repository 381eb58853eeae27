//! What rules produce and reporters consume.

use crate::node::Span;
use crate::object::ObjectRef;
use crate::rule_meta::Severity;
use serde::Serialize;
use std::cmp::Ordering;
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
        (&self.path, self.key_after_path())
    }

    /// Compares in report order ([`Finding::sort_key`]). The findings of one file share their
    /// path's allocation, so most comparisons of a scan's findings skip comparing the path text.
    pub fn report_order(&self, other: &Finding) -> Ordering {
        let path = if Arc::ptr_eq(&self.path, &other.path) {
            Ordering::Equal
        } else {
            self.path.cmp(&other.path)
        };
        path.then_with(|| self.key_after_path().cmp(&other.key_after_path()))
    }

    fn key_after_path(&self) -> impl Ord + '_ {
        (
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
///
/// Stable, because a scan hands over findings already in runs: each file's, sorted in the
/// parallel per-file pass and concatenated in path order, then the cross-resource rules'. The
/// stable sort merges such runs in linear time, where the unstable one sorted everything again.
pub fn sort_findings(findings: &mut Vec<Finding>) {
    findings.sort_by(Finding::report_order);
    findings.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(path: &Arc<str>, line: u32, rule_id: &'static str) -> Finding {
        Finding {
            rule_id,
            severity: Severity::High,
            message: String::new(),
            path: path.clone(),
            line,
            column: 1,
            end_line: line,
            end_column: 2,
            object: ObjectRef {
                api_version: Arc::from("v1"),
                kind: Arc::from("Pod"),
                namespace: None,
                name: None,
            },
            container: None,
            field: None,
            secret_in_source: false,
        }
    }

    #[test]
    fn report_order_equals_the_sort_key_order() {
        let a: Arc<str> = Arc::from("a.yaml");
        let a_again: Arc<str> = Arc::from("a.yaml");
        let b: Arc<str> = Arc::from("b.yaml");
        let all = [
            finding(&a, 3, "x"),
            finding(&a_again, 3, "x"),
            finding(&a, 2, "y"),
            finding(&b, 1, "a"),
            finding(&a_again, 9, "a"),
        ];
        for x in &all {
            for y in &all {
                assert_eq!(x.report_order(y), x.sort_key().cmp(&y.sort_key()));
            }
        }
    }

    #[test]
    fn sort_findings_merges_runs_and_drops_duplicates() {
        let a: Arc<str> = Arc::from("a.yaml");
        let b: Arc<str> = Arc::from("b.yaml");
        let mut findings = vec![
            finding(&a, 1, "x"),
            finding(&a, 5, "x"),
            finding(&b, 2, "x"),
            // A second run, as the cross-resource rules add it.
            finding(&a, 3, "z"),
            finding(&a, 5, "x"),
            finding(&b, 1, "z"),
        ];
        sort_findings(&mut findings);
        let order: Vec<(&str, u32, &str)> = findings
            .iter()
            .map(|f| (&*f.path, f.line, f.rule_id))
            .collect();
        assert_eq!(
            order,
            [
                ("a.yaml", 1, "x"),
                ("a.yaml", 3, "z"),
                ("a.yaml", 5, "x"),
                ("b.yaml", 1, "z"),
                ("b.yaml", 2, "x"),
            ]
        );
    }
}
