//! JUnit XML for CI test reports: one test suite per file, one test case per (object, rule) pair
//! that ran. A pair without findings passes; a pair with findings fails, with the rule id as the
//! failure type and one `line:column: message` line per finding. With `--show-suppressed`, a pair
//! whose findings are all suppressed is skipped, with the reasons as the message. Input errors are
//! failing test cases of a last suite, `kubeward input errors`.
//!
//! Which pairs ran is decided from the objects' kinds with [`kubeward_model::Scope::applies_to`],
//! the test the engine uses, so this reporter never evaluates a rule.

use crate::{ObjectSummary, ReportError, ScanReport, SuppressedFinding};
use kubeward_model::{Finding, InputError, ObjectRef};
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;

/// Name of the suite that holds input errors.
pub const INPUT_ERRORS_SUITE: &str = "kubeward input errors";

pub fn render(report: &ScanReport<'_>, out: &mut dyn Write) -> Result<(), ReportError> {
    // quick-junit ends the document with a newline.
    build(report).serialize(&mut *out)?;
    Ok(())
}

/// A test case's key: the index of its object in `report.objects`, and the rule id.
type Pair<'a> = (usize, &'a str);

fn build(report: &ScanReport<'_>) -> Report {
    let (by_pair, orphans) = attribute(report.objects, report.findings, |f| f);
    // With `--show-suppressed`, a pair whose findings are all suppressed is a skipped case.
    let (suppressed_by_pair, suppressed_orphans) = attribute(
        report.objects,
        report.suppressed.unwrap_or_default(),
        |s: &SuppressedFinding| &s.finding,
    );

    // Suites in path order; `objects` is sorted, orphans are merged in by path.
    let mut suites: BTreeMap<&str, TestSuite> = BTreeMap::new();
    for (index, object) in report.objects.iter().enumerate() {
        let suite = suites
            .entry(&object.path)
            .or_insert_with(|| TestSuite::new(object.path.as_ref()));
        let mut ran: Vec<&str> = Vec::new();
        for rule in report.rules {
            if !rule.scope.applies_to(&object.id.kind) {
                continue;
            }
            ran.push(rule.id);
            let findings = by_pair.get(&(index, rule.id)).map(Vec::as_slice);
            let suppressed = suppressed_by_pair.get(&(index, rule.id)).map(Vec::as_slice);
            suite.add_test_case(test_case(
                &object.id,
                rule.id,
                findings.unwrap_or_default(),
                suppressed.unwrap_or_default(),
            ));
        }
        // Findings of checks that are not among the rules listed for this kind (suppression
        // checks, a caller that did not list the rule) still show, after the rules.
        let extra: BTreeSet<&str> = by_pair
            .keys()
            .chain(suppressed_by_pair.keys())
            .filter(|(i, id)| *i == index && !ran.contains(id))
            .map(|(_, id)| *id)
            .collect();
        for rule_id in extra {
            let findings = by_pair.get(&(index, rule_id)).map(Vec::as_slice);
            let suppressed = suppressed_by_pair.get(&(index, rule_id)).map(Vec::as_slice);
            suite.add_test_case(test_case(
                &object.id,
                rule_id,
                findings.unwrap_or_default(),
                suppressed.unwrap_or_default(),
            ));
        }
    }
    // Findings whose object is not among `objects` (a caller that did not list them, the
    // configuration file of an expired exception) still show, in their file's suite.
    let keys: BTreeSet<_> = orphans.keys().chain(suppressed_orphans.keys()).collect();
    for key in keys {
        let (path, object, rule_id) = *key;
        let findings = orphans.get(key).map(Vec::as_slice);
        let suppressed = suppressed_orphans.get(key).map(Vec::as_slice);
        suites
            .entry(path)
            .or_insert_with(|| TestSuite::new(path))
            .add_test_case(test_case(
                object,
                rule_id,
                findings.unwrap_or_default(),
                suppressed.unwrap_or_default(),
            ));
    }

    let mut junit = Report::new("kubeward");
    junit.add_test_suites(suites.into_values());
    if !report.errors.is_empty() {
        let mut suite = TestSuite::new(INPUT_ERRORS_SUITE);
        suite.add_test_cases(report.errors.iter().map(error_case));
        junit.add_test_suite(suite);
    }
    junit
}

type Orphans<'a, T> = BTreeMap<(&'a str, &'a ObjectRef, &'static str), Vec<&'a T>>;

/// Assigns each item's finding to its object: the one with the same path and identity that
/// starts at or before the finding (two objects with the same name in one file are told apart by
/// where they start).
fn attribute<'a, T>(
    objects: &'a [ObjectSummary],
    items: &'a [T],
    finding: impl Fn(&'a T) -> &'a Finding,
) -> (HashMap<Pair<'a>, Vec<&'a T>>, Orphans<'a, T>) {
    let mut by_identity: HashMap<(&str, &ObjectRef), Vec<usize>> = HashMap::new();
    for (index, object) in objects.iter().enumerate() {
        by_identity
            .entry((&object.path, &object.id))
            .or_default()
            .push(index);
    }
    let mut by_pair: HashMap<Pair<'a>, Vec<&'a T>> = HashMap::new();
    let mut orphans = Orphans::new();
    for item in items {
        let f = finding(item);
        let candidates = by_identity
            .get(&(f.path.as_ref(), &f.object))
            .map(Vec::as_slice)
            .unwrap_or_default();
        let at = (f.line, f.column);
        let owner = candidates
            .iter()
            .rev()
            .find(|i| (objects[**i].line, objects[**i].column) <= at)
            .or(candidates.first());
        match owner {
            Some(index) => by_pair.entry((*index, f.rule_id)).or_default().push(item),
            None => orphans
                .entry((&f.path, &f.object, f.rule_id))
                .or_default()
                .push(item),
        }
    }
    (by_pair, orphans)
}

fn test_case(
    object: &ObjectRef,
    rule_id: &str,
    findings: &[&Finding],
    suppressed: &[&SuppressedFinding],
) -> TestCase {
    let status = if !findings.is_empty() {
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
        let message: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        let text: Vec<String> = findings
            .iter()
            .map(|f| format!("{}:{}: {}", f.line, f.column, f.message))
            .collect();
        status
            .set_type(rule_id)
            .set_message(message.join("; "))
            .set_description(text.join("\n"));
        status
    } else if !suppressed.is_empty() {
        let mut status = TestCaseStatus::skipped();
        let mut reasons: Vec<&str> = suppressed
            .iter()
            .map(|s| s.suppression.reason.as_str())
            .collect();
        reasons.dedup();
        let text: Vec<String> = suppressed
            .iter()
            .map(|s| {
                format!(
                    "{}:{}: {} (suppressed by {}: {})",
                    s.finding.line,
                    s.finding.column,
                    s.finding.message,
                    s.suppression.describe(),
                    s.suppression.reason
                )
            })
            .collect();
        status
            .set_type("suppressed")
            .set_message(format!("suppressed: {}", reasons.join("; ")))
            .set_description(text.join("\n"));
        status
    } else {
        TestCaseStatus::success()
    };
    let mut case = TestCase::new(rule_id, status);
    case.set_classname(object.display_name());
    case
}

fn error_case(error: &InputError) -> TestCase {
    let name = match (error.line, error.column) {
        (Some(line), Some(column)) => format!("{}:{line}:{column}", error.path),
        (Some(line), None) => format!("{}:{line}", error.path),
        _ => error.path.to_string(),
    };
    let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
    status
        .set_type(error.kind)
        .set_message(error.message.as_str())
        .set_description(error.to_string());
    let mut case = TestCase::new(name, status);
    case.set_classname(INPUT_ERRORS_SUITE);
    case
}
