//! `schema/report.schema.json` describes exactly what `--format json` writes: the real binary's
//! output on `examples/` and on a fixture full of bad input must validate, and the schema must
//! reject what the reporter never writes (it is closed: no unknown or missing fields).

mod support;

use serde_json::{Value, json};
use support::{run, workspace_root};

fn schema() -> Value {
    let path = workspace_root().join("schema/report.schema.json");
    let text = std::fs::read_to_string(&path).expect("schema/report.schema.json readable");
    serde_json::from_str(&text).expect("the schema is JSON")
}

fn validator() -> jsonschema::Validator {
    let schema = schema();
    assert!(
        jsonschema::draft202012::meta::is_valid(&schema),
        "the schema is not a valid draft 2020-12 schema"
    );
    jsonschema::draft202012::new(&schema).expect("the schema compiles")
}

fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn assert_valid(instance: &Value) {
    let errors = errors(&validator(), instance);
    assert!(
        errors.is_empty(),
        "report does not match schema/report.schema.json:\n{}\n\nreport:\n{instance:#}",
        errors.join("\n")
    );
}

#[test]
fn examples_report_matches_schema() {
    let out = run(
        &workspace_root(),
        &["scan", "--no-config", "--format", "json", "examples/"],
    );
    assert!(
        out.code == 0 || out.code == 1,
        "{}: {}",
        out.code,
        out.stderr
    );
    let report = out.json();
    assert!(
        !report["findings"].as_array().expect("findings").is_empty(),
        "examples/ should have findings to check against the schema"
    );
    assert_valid(&report);
}

#[test]
fn bad_input_report_matches_schema() {
    let fixture = "crates/kubeward/tests/fixtures/bad-input";
    let missing = format!("{fixture}/missing.yaml");
    let out = run(
        &workspace_root(),
        &["scan", "--no-config", "--format", "json", fixture, &missing],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    let report = out.json();
    // Every branch of the schema is exercised: errors with and without a position, skipped
    // entries with and without a line, findings, empty documents.
    let kinds: Vec<&str> = report["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["syntax", "duplicate-key", "not-found"]);
    let skipped = report["skipped"].as_array().expect("skipped");
    assert!(skipped.iter().any(|s| s.get("line").is_some()));
    assert!(skipped.iter().any(|s| s.get("line").is_none()));
    assert!(!report["findings"].as_array().expect("findings").is_empty());
    assert_eq!(report["summary"]["empty_documents"], 1);
    assert_valid(&report);

    // Reading from stdin too.
    let stdin = support::run_with(
        &workspace_root(),
        &["scan", "--no-config", "--format", "json", "-"],
        Some("apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n"),
        &[],
    );
    assert_eq!(stdin.code, 2);
    assert_valid(&stdin.json());
}

#[test]
fn schema_is_closed() {
    let validator = validator();
    let out = run(
        &workspace_root(),
        &["scan", "--no-config", "--format", "json", "examples/"],
    );
    let report = out.json();
    assert!(errors(&validator, &report).is_empty());

    let mut extra = report.clone();
    extra["findings"][0]["unexpected"] = json!(1);
    assert_eq!(
        errors(&validator, &extra),
        ["/findings/0: Additional properties are not allowed ('unexpected' was unexpected)"]
    );

    let mut missing = report.clone();
    if let Some(finding) = missing["findings"][0].as_object_mut() {
        finding.remove("field");
    }
    assert_eq!(
        errors(&validator, &missing),
        ["/findings/0: \"field\" is a required property"]
    );

    let mut severity = report;
    severity["findings"][0]["severity"] = json!("severe");
    assert_eq!(errors(&validator, &severity).len(), 1);
}

#[test]
fn suppressed_report_matches_schema() {
    let dir = support::temp_dir();
    support::write(
        dir.path(),
        ".kubeward.yaml",
        "exceptions:\n  - rules: [privileged-container]\n    containers: [app]\n    reason: legacy\n    expires: 2999-12-31\n  - kinds: Deployment\n    reason: expired\n    expires: 2000-01-01\n",
    );
    let annotated = support::PRIVILEGED_POD.replace(
        "  namespace: prod\n",
        "  namespace: prod\n  annotations:\n    kubeward.io/ignore: |\n      host-network: kept\n      privileged-containr\n",
    );
    support::write(dir.path(), "a.yaml", &annotated);
    support::write(dir.path(), "b.yaml", support::PRIVILEGED_POD);
    let out = run(
        dir.path(),
        &["scan", "--format", "json", "--show-suppressed", "."],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    let report = out.json();
    let suppressed = report["suppressed"].as_array().expect("suppressed");
    assert_eq!(suppressed.len(), 2);
    let ids: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule_id"].as_str())
        .collect();
    for id in [
        "expired-exception",
        "invalid-suppression",
        "unused-suppression",
    ] {
        assert!(ids.contains(&id), "{id} in {ids:?}");
    }
    assert_valid(&report);

    let mut bad = report;
    bad["suppressed"][0]["suppression"]["kind"] = json!("waiver");
    assert_eq!(errors(&validator(), &bad).len(), 1);
}
