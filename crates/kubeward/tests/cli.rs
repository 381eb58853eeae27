//! The command line as CI pipelines use it: the real binary, run in temporary directories.
//! Scans select `privileged-container` (or another named rule) so that new rules do not change
//! what these tests expect, and pass `--no-config` so no `.kubeward.yaml` around `/tmp` counts.

mod support;

use serde_json::{Value, json};
use support::{
    BROKEN_YAML, CLEAN_POD, PRIVILEGED_POD, privileged_finding, run, run_with, temp_dir, write,
};

const SCAN_JSON: &[&str] = &[
    "scan",
    "--no-config",
    "--select",
    "privileged-container",
    "--format",
    "json",
];

fn scan_json<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut args: Vec<&'a str> = SCAN_JSON.to_vec();
    args.extend_from_slice(extra);
    args
}

// ---- exit codes -------------------------------------------------------------------------

#[test]
fn clean_manifest_exits_0() {
    let dir = temp_dir();
    write(dir.path(), "pod.yaml", CLEAN_POD);
    let out = run(dir.path(), &scan_json(&["pod.yaml"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let report = out.json();
    assert_eq!(report["findings"], json!([]));
    assert_eq!(report["errors"], json!([]));
    assert_eq!(report["summary"]["objects"], 1);
    assert_eq!(report["summary"]["rules"], 1);
}

#[test]
fn findings_exit_1() {
    let dir = temp_dir();
    write(dir.path(), "pod.yaml", PRIVILEGED_POD);
    let out = run(dir.path(), &scan_json(&["pod.yaml"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(
        out.json()["findings"],
        json!([privileged_finding("pod.yaml")])
    );
}

#[test]
fn text_output_quotes_the_line_and_marks_the_field() {
    let dir = temp_dir();
    write(dir.path(), "pod.yaml", PRIVILEGED_POD);
    let out = run(
        dir.path(),
        &[
            "scan",
            "--no-config",
            "--select",
            "privileged-container",
            "pod.yaml",
        ],
    );
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stdout,
        "pod.yaml\n  11:9     critical privileged-container container `app` runs privileged (Pod/prod/web [app])\n     |\n  11 |         privileged: true\n     |         ^^^^^^^^^^^^^^^^\n\nFound 1 finding (1 critical) in 1 object from 1 file, 1 rule\n"
    );
}

#[test]
fn broken_yaml_next_to_a_good_file_exits_2_and_still_reports_the_good_file() {
    let dir = temp_dir();
    write(dir.path(), "manifests/good.yaml", PRIVILEGED_POD);
    write(dir.path(), "manifests/broken.yaml", BROKEN_YAML);
    let out = run(dir.path(), &scan_json(&["manifests"]));
    assert_eq!(out.code, 2, "{}", out.stderr);
    let report = out.json();
    assert_eq!(
        report["findings"],
        json!([privileged_finding("manifests/good.yaml")])
    );
    assert_eq!(
        report["errors"],
        json!([{
            "path": "manifests/broken.yaml",
            "line": 5,
            "column": 1,
            "message": "YAML syntax error: while parsing a flow sequence, expected ',' or ']'",
            "kind": "syntax"
        }])
    );
    assert_eq!(report["summary"]["files"], 2);
    assert_eq!(report["summary"]["errors"], 1);
}

#[test]
fn input_errors_win_over_findings_in_text_output_too() {
    let dir = temp_dir();
    write(dir.path(), "good.yaml", PRIVILEGED_POD);
    write(dir.path(), "broken.yaml", BROKEN_YAML);
    let out = run(
        dir.path(),
        &[
            "scan",
            "--no-config",
            "--select",
            "privileged-container",
            ".",
        ],
    );
    assert_eq!(out.code, 2);
    assert!(
        out.stdout.contains(
            "error: ./broken.yaml:5:1: YAML syntax error: while parsing a flow sequence, expected ',' or ']'\n"
        ),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.ends_with(
            "Found 1 finding (1 critical) in 1 object from 2 files, 1 rule; 1 input error\n"
        ),
        "{}",
        out.stdout
    );
}

/// A rule below `critical`, and a manifest it flags: the Bad example of its own docs.
fn non_critical_rule_and_bad_manifest() -> (String, String, String) {
    let dir = temp_dir();
    let rules = run(dir.path(), &["rules", "--format", "json"]);
    let rules: Value = serde_json::from_str(&rules.stdout).expect("rules JSON");
    let rule = rules
        .as_array()
        .expect("an array")
        .iter()
        .find(|r| r["severity"] != "critical")
        .expect("the registry has a rule below critical");
    let id = rule["id"].as_str().expect("id").to_string();
    let severity = rule["severity"].as_str().expect("severity").to_string();
    let explain = run(dir.path(), &["explain", &id]).stdout;
    let bad = explain
        .split("## Bad\n```yaml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the docs have a Bad yaml example")
        .to_string();
    (id, severity, bad)
}

#[test]
fn fail_on_critical_with_only_lower_findings_exits_0() {
    let (id, severity, bad) = non_critical_rule_and_bad_manifest();
    let dir = temp_dir();
    write(dir.path(), "bad.yaml", &bad);
    let args = |fail_on: &'static str| {
        [
            "scan",
            "--no-config",
            "--select",
            id.as_str(),
            "--format",
            "json",
            "--fail-on",
            fail_on,
            "bad.yaml",
        ]
    };

    let out = run(dir.path(), &args("critical"));
    assert_eq!(out.code, 0, "{id}: {}", out.stderr);
    let report = out.json();
    let findings = report["findings"].as_array().expect("findings");
    assert!(!findings.is_empty(), "the Bad example of {id} must fire");
    assert!(
        findings
            .iter()
            .all(|f| f["rule_id"] == id.as_str() && f["severity"] == severity.as_str())
    );
    assert_eq!(report["summary"]["failing"], 0);

    let own: &'static str = match severity.as_str() {
        "high" => "high",
        "medium" => "medium",
        "low" => "low",
        _ => "info",
    };
    let out = run(dir.path(), &args(own));
    assert_eq!(out.code, 1, "{id} at --fail-on {severity}");
    assert_eq!(out.json()["summary"]["failing"], findings.len());
}

#[test]
fn unknown_rule_in_select_exits_3_naming_it() {
    let dir = temp_dir();
    write(dir.path(), "pod.yaml", PRIVILEGED_POD);
    let out = run(
        dir.path(),
        &[
            "scan",
            "--no-config",
            "--select",
            "privileged-container,privileged-containr",
            "pod.yaml",
        ],
    );
    assert_eq!(out.code, 3);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        "kubeward: usage error: unknown rule id `privileged-containr` (did you mean `privileged-container`?)\n"
    );
}

#[test]
fn unknown_rule_in_ignore_exits_3_naming_it() {
    let dir = temp_dir();
    write(dir.path(), "pod.yaml", PRIVILEGED_POD);
    let out = run(
        dir.path(),
        &[
            "scan",
            "--no-config",
            "--ignore",
            "no-such-rule",
            "pod.yaml",
        ],
    );
    assert_eq!(out.code, 3);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr
            .starts_with("kubeward: usage error: unknown rule id `no-such-rule`"),
        "{}",
        out.stderr
    );
}

#[test]
fn unknown_format_exits_3() {
    let dir = temp_dir();
    write(dir.path(), "pod.yaml", PRIVILEGED_POD);
    let out = run(
        dir.path(),
        &["scan", "--no-config", "--format", "xml", "pod.yaml"],
    );
    assert_eq!(out.code, 3);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.starts_with(
            "error: invalid value 'xml' for '--format <FORMAT>'\n  [possible values: text, json, sarif, junit]\n"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn no_objects_exits_2_unless_allow_empty() {
    let dir = temp_dir();
    write(dir.path(), "values.yaml", "replicas: 3\n");
    let out = run(dir.path(), &scan_json(&["values.yaml"]));
    assert_eq!(out.code, 2);
    let report = out.json();
    assert_eq!(
        report["errors"],
        json!([{
            "path": "values.yaml",
            "line": null,
            "column": null,
            "message": "no Kubernetes object found (nothing was checked); pass --allow-empty if that is expected",
            "kind": "no-objects"
        }])
    );
    assert_eq!(
        report["skipped"],
        json!([{"path": "values.yaml", "line": 1, "reason": "no `apiVersion`: not a Kubernetes object"}])
    );

    let out = run(dir.path(), &scan_json(&["--allow-empty", "values.yaml"]));
    assert_eq!(out.code, 0);
    let report = out.json();
    assert_eq!(report["errors"], json!([]));
    assert_eq!(report["summary"]["objects"], 0);
}

// ---- inputs -----------------------------------------------------------------------------

#[test]
fn stdin_yaml_stream() {
    let dir = temp_dir();
    let stream = format!("{CLEAN_POD}---\n{PRIVILEGED_POD}");
    let out = run_with(dir.path(), &scan_json(&["-"]), Some(&stream), &[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let report = out.json();
    let mut expected = privileged_finding("-");
    expected["line"] = json!(23);
    expected["end_line"] = json!(23);
    assert_eq!(report["findings"], json!([expected]));
    assert_eq!(report["summary"]["objects"], 2);
    assert_eq!(report["summary"]["files"], 1);
}

#[test]
fn stdin_json_stream() {
    let dir = temp_dir();
    let pod = |privileged: bool, name: &str| {
        json!({
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {"name": name},
            "spec": {"containers": [{
                "name": "app",
                "image": "nginx:1.27",
                "securityContext": {"privileged": privileged}
            }]}
        })
    };
    let stream = format!("{}\n{}\n", pod(false, "a"), pod(true, "b"));
    let out = run_with(dir.path(), &scan_json(&["-"]), Some(&stream), &[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let report = out.json();
    let findings = report["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["path"], "-");
    assert_eq!(findings[0]["line"], 2);
    assert_eq!(
        findings[0]["object"],
        json!({"apiVersion": "v1", "kind": "Pod", "namespace": null, "name": "b"})
    );
    assert_eq!(
        findings[0]["field"],
        "spec.containers[0].securityContext.privileged"
    );
    assert_eq!(report["summary"]["objects"], 2);
}

#[test]
fn output_file_gets_the_report_and_stderr_the_summary() {
    let dir = temp_dir();
    write(dir.path(), "pod.yaml", PRIVILEGED_POD);
    let to_stdout = run(dir.path(), &scan_json(&["pod.yaml"]));
    let out = run(
        dir.path(),
        &scan_json(&["--output", "out/report.json", "pod.yaml"]),
    );
    // `out/` does not exist: creating the file fails, an internal error (4).
    assert_eq!(out.code, 4);
    assert!(
        out.stderr
            .starts_with("kubeward: error: cannot create out/report.json"),
        "{}",
        out.stderr
    );

    let out = run(dir.path(), &scan_json(&["-o", "report.json", "pod.yaml"]));
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        "Found 1 finding (1 critical) in 1 object from 1 file, 1 rule\n"
    );
    let written = std::fs::read_to_string(dir.path().join("report.json")).expect("report written");
    assert_eq!(written, to_stdout.stdout);
}

#[test]
fn exclude_glob_leaves_paths_out_of_walks() {
    let dir = temp_dir();
    write(dir.path(), "deploy/app.yaml", PRIVILEGED_POD);
    write(dir.path(), "vendor/chart/pod.yaml", PRIVILEGED_POD);
    write(dir.path(), "deploy/generated.yaml", PRIVILEGED_POD);
    let out = run(
        dir.path(),
        &scan_json(&["--exclude", "vendor", "--exclude", "*generated*", "."]),
    );
    assert_eq!(out.code, 1);
    let report = out.json();
    assert_eq!(
        report["findings"],
        json!([privileged_finding("./deploy/app.yaml")])
    );
    assert_eq!(report["summary"]["files"], 1);
}

#[test]
fn invalid_exclude_glob_exits_3() {
    let dir = temp_dir();
    write(dir.path(), "pod.yaml", PRIVILEGED_POD);
    let out = run(dir.path(), &scan_json(&["--exclude", "a[", "."]));
    assert_eq!(out.code, 3);
    assert!(
        out.stderr
            .starts_with("kubeward: usage error: invalid --exclude glob `a[`"),
        "{}",
        out.stderr
    );
}

#[test]
fn gitignore_is_honoured_in_directory_walks() {
    let dir = temp_dir();
    write(dir.path(), ".gitignore", "rendered/\n*.local.yaml\n");
    write(dir.path(), "app.yaml", PRIVILEGED_POD);
    write(dir.path(), "rendered/pod.yaml", PRIVILEGED_POD);
    write(dir.path(), "dev.local.yaml", PRIVILEGED_POD);
    let out = run(dir.path(), &scan_json(&["."]));
    assert_eq!(out.code, 1);
    let report = out.json();
    assert_eq!(
        report["findings"],
        json!([privileged_finding("./app.yaml")])
    );
    assert_eq!(report["summary"]["files"], 1);

    // A file named on the command line is read even when ignored.
    let out = run(dir.path(), &scan_json(&["rendered/pod.yaml"]));
    assert_eq!(
        out.json()["findings"],
        json!([privileged_finding("rendered/pod.yaml")])
    );
}

// ---- formats ----------------------------------------------------------------------------

#[test]
fn sarif_names_stdin_and_lists_input_errors_as_notifications() {
    let dir = temp_dir();
    write(dir.path(), "broken.yaml", BROKEN_YAML);
    let out = run_with(
        dir.path(),
        &[
            "scan",
            "--no-config",
            "--select",
            "privileged-container",
            "--format",
            "sarif",
            "-",
            "broken.yaml",
        ],
        Some(PRIVILEGED_POD),
        &[],
    );
    assert_eq!(out.code, 2);
    let sarif = out.json();
    let run = &sarif["runs"][0];
    assert_eq!(run["results"][0]["ruleId"], "privileged-container");
    assert_eq!(run["results"][0]["ruleIndex"], 0);
    assert_eq!(
        run["results"][0]["locations"][0]["physicalLocation"],
        json!({
            "artifactLocation": {"uri": "stdin"},
            "region": {"startLine": 11, "startColumn": 9, "endLine": 11, "endColumn": 25}
        })
    );
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    assert_eq!(
        run["invocations"][0]["toolExecutionNotifications"],
        json!([{
            "level": "error",
            "message": {"text": "YAML syntax error: while parsing a flow sequence, expected ',' or ']'"},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": "broken.yaml"},
                "region": {"startLine": 5, "startColumn": 1}
            }}],
            "descriptor": {"id": "syntax"}
        }])
    );
}

#[test]
fn junit_has_a_case_per_object_and_rule_and_a_suite_for_input_errors() {
    let dir = temp_dir();
    write(
        dir.path(),
        "a.yaml",
        &format!("{CLEAN_POD}---\n{PRIVILEGED_POD}"),
    );
    write(dir.path(), "broken.yaml", BROKEN_YAML);
    let out = run(
        dir.path(),
        &[
            "scan",
            "--no-config",
            "--select",
            "privileged-container",
            "--format",
            "junit",
            "a.yaml",
            "broken.yaml",
        ],
    );
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stdout,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="kubeward" tests="3" skipped="0" failures="2" errors="0">
    <testsuite name="a.yaml" tests="2" skipped="0" errors="0" failures="1">
        <testcase name="privileged-container" classname="Pod/prod/web"/>
        <testcase name="privileged-container" classname="Pod/prod/web">
            <failure message="container `app` runs privileged" type="privileged-container">23:9: container `app` runs privileged</failure>
        </testcase>
    </testsuite>
    <testsuite name="kubeward input errors" tests="1" skipped="0" errors="0" failures="1">
        <testcase name="broken.yaml:5:1" classname="kubeward input errors">
            <failure message="YAML syntax error: while parsing a flow sequence, expected &apos;,&apos; or &apos;]&apos;" type="syntax">broken.yaml:5:1: YAML syntax error: while parsing a flow sequence, expected &apos;,&apos; or &apos;]&apos;</failure>
        </testcase>
    </testsuite>
</testsuites>
"#
    );
}

#[test]
fn same_scan_gives_identical_bytes_whatever_the_thread_count() {
    let dir = temp_dir();
    for i in 0..40 {
        let mut stream = String::new();
        for j in 0..3 {
            let pod = if (i + j) % 2 == 0 {
                PRIVILEGED_POD
            } else {
                CLEAN_POD
            };
            stream.push_str(&pod.replace("name: web", &format!("name: web-{i}-{j}")));
            stream.push_str("---\n");
        }
        write(dir.path(), &format!("d{}/m{i:02}.yaml", i % 4), &stream);
    }
    write(dir.path(), "d1/broken.yaml", BROKEN_YAML);
    for format in ["json", "sarif", "junit", "text"] {
        let args = ["scan", "--no-config", "--format", format, "."];
        let one = run_with(dir.path(), &args, None, &[("RAYON_NUM_THREADS", "1")]);
        let four = run_with(dir.path(), &args, None, &[("RAYON_NUM_THREADS", "4")]);
        assert_eq!(one.code, 2, "{format}: {}", one.stderr);
        assert_eq!(four.code, 2);
        assert!(one.stdout.len() > 1000, "{format}: {}", one.stdout);
        assert!(
            one.stdout == four.stdout,
            "{format} output differs between 1 and 4 threads"
        );
    }
}

// ---- rules and explain ------------------------------------------------------------------

#[test]
fn rules_json_lists_every_rule_with_its_metadata() {
    let dir = temp_dir();
    let out = run(dir.path(), &["rules", "--format", "json"]);
    assert_eq!(out.code, 0);
    let rules: Value = serde_json::from_str(&out.stdout).expect("JSON");
    let rules = rules.as_array().expect("an array");
    let ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
    let expected: Vec<&str> = kubeward::docs::all_rules().iter().map(|m| m.id).collect();
    assert_eq!(ids, expected);
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(ids, sorted, "sorted by id, no duplicates");
    for rule in rules {
        for key in ["id", "title", "severity", "category", "references"] {
            assert!(rule.get(key).is_some(), "{key} missing in {rule}");
        }
        assert!(rule["references"].is_object());
    }
    let privileged = rules
        .iter()
        .find(|r| r["id"] == "privileged-container")
        .expect("privileged-container is listed");
    assert_eq!(privileged["title"], "Container runs privileged");
    assert_eq!(privileged["severity"], "critical");
    assert_eq!(privileged["category"], "pod-security");
    assert_eq!(privileged["references"]["checkov"], json!(["CKV_K8S_16"]));
    assert_eq!(
        privileged["references"]["kube-linter"],
        json!(["privileged-container"])
    );
}

#[test]
fn explain_prints_the_rule_docs() {
    let dir = temp_dir();
    let out = run(dir.path(), &["explain", "privileged-container"]);
    assert_eq!(out.code, 0);
    let meta = kubeward_rules::find_rule("privileged-container")
        .expect("registered")
        .meta();
    assert_eq!(out.stdout, kubeward::docs::explain(meta));
    assert!(out.stdout.starts_with(
        "# privileged-container: Container runs privileged\n\nSeverity: critical\nCategory: pod-security\nApplies to: workloads (pod spec)\n\n## What it checks\n"
    ));
    assert!(out.stdout.contains("\n## Bad\n```yaml\n"));
    assert!(out.stdout.contains("\n## Remediation\n"));
}

#[test]
fn explain_unknown_id_exits_3() {
    let dir = temp_dir();
    let out = run(dir.path(), &["explain", "privileged-containr"]);
    assert_eq!(out.code, 3);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        "kubeward: usage error: unknown rule id `privileged-containr` (did you mean `privileged-container`?)\n"
    );
}

// ---- configuration ----------------------------------------------------------------------

#[test]
fn config_file_is_found_upwards_and_flags_win() {
    let dir = temp_dir();
    write(
        dir.path(),
        ".kubeward.yaml",
        "ignore: [privileged-container]\nfail-on: high\n",
    );
    write(dir.path(), "k8s/apps/pod.yaml", PRIVILEGED_POD);
    let args = [
        "scan",
        "--select",
        "privileged-container,host-network",
        "--format",
        "json",
        "k8s/apps",
    ];
    let out = run(dir.path(), &args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.json()["summary"]["rules"], 1);
    assert_eq!(out.json()["findings"], json!([]));

    // --no-config: the file is not read, so the privileged container is reported again.
    let mut no_config = args.to_vec();
    no_config.insert(1, "--no-config");
    let out = run(dir.path(), &no_config);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(
        out.json()["findings"],
        json!([privileged_finding("k8s/apps/pod.yaml")])
    );
}

#[test]
fn explicit_config_and_config_errors() {
    let dir = temp_dir();
    write(dir.path(), "pod.yaml", PRIVILEGED_POD);
    write(dir.path(), "strict.yaml", "fail-on: critical\n");
    write(dir.path(), "typo.yaml", "fail_on: high\n");
    let out = run(
        dir.path(),
        &[
            "scan",
            "--config",
            "strict.yaml",
            "--select",
            "privileged-container",
            "pod.yaml",
        ],
    );
    assert_eq!(
        out.code, 1,
        "critical finding with fail-on critical: {}",
        out.stderr
    );
    let out = run(dir.path(), &["scan", "--config", "typo.yaml", "pod.yaml"]);
    assert_eq!(out.code, 3);
    assert!(
        out.stderr
            .contains("typo.yaml: invalid configuration: unknown field `fail_on`"),
        "{}",
        out.stderr
    );
}

// ---- suppressions: exceptions, annotations, severity overrides ----------------------------

/// [`PRIVILEGED_POD`] with `kubeward.io/ignore: VALUE` on line 7 (key at column 5); the
/// privileged field moves to line 13.
fn annotated_pod(value: &str) -> String {
    PRIVILEGED_POD.replace(
        "  namespace: prod\n",
        &format!("  namespace: prod\n  annotations:\n    kubeward.io/ignore: {value}\n"),
    )
}

/// [`privileged_finding`] on `line`.
fn privileged_finding_at(path: &str, line: u32) -> Value {
    let mut finding = privileged_finding(path);
    finding["line"] = json!(line);
    finding["end_line"] = json!(line);
    finding
}

/// An `invalid-suppression` / `unused-suppression` finding at the annotation of
/// [`annotated_pod`] (line 7, from column 5 to `end_column`).
fn annotation_finding(rule: &str, severity: &str, message: &str, end_column: u32) -> Value {
    json!({
        "rule_id": rule,
        "severity": severity,
        "message": message,
        "path": "pod.yaml",
        "line": 7,
        "column": 5,
        "end_line": 7,
        "end_column": end_column,
        "object": {"apiVersion": "v1", "kind": "Pod", "namespace": "prod", "name": "web"},
        "container": null,
        "field": "metadata.annotations.kubeward.io/ignore"
    })
}

/// `kubeward scan --select privileged-container --format json` with `extra` (no `--no-config`).
fn scan_with_config<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "scan",
        "--select",
        "privileged-container",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    args
}

const EXCEPTION: &str = "\
exceptions:
  - rules: [privileged-container]
    names: [web]
    reason: legacy node agent, tracked in OPS-12
    expires: EXPIRES
";

#[test]
fn config_exception_with_a_future_expiry_suppresses() {
    let dir = temp_dir();
    write(
        dir.path(),
        ".kubeward.yaml",
        &EXCEPTION.replace("EXPIRES", "2999-12-31"),
    );
    write(dir.path(), "pod.yaml", PRIVILEGED_POD);
    let out = run(dir.path(), &scan_with_config(&["pod.yaml"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let report = out.json();
    assert_eq!(report["findings"], json!([]));
    assert_eq!(report.get("suppressed"), None, "listed only when asked");
    assert_eq!(report["summary"]["suppressed"], 1);
    assert_eq!(report["summary"]["findings"], 0);
    assert_eq!(report["summary"]["failing"], 0);

    let out = run(
        dir.path(),
        &scan_with_config(&["--show-suppressed", "pod.yaml"]),
    );
    assert_eq!(out.code, 0, "suppressed findings never fail the run");
    assert_eq!(
        out.json()["suppressed"],
        json!([{
            "finding": privileged_finding("pod.yaml"),
            "suppression": {
                "kind": "exception",
                "reason": "legacy node agent, tracked in OPS-12",
                "path": ".kubeward.yaml",
                "line": 2,
                "column": 5,
                "expires": "2999-12-31"
            }
        }])
    );
}

#[test]
fn config_exception_without_expiry_suppresses() {
    let dir = temp_dir();
    write(
        dir.path(),
        "kubeward.yaml",
        "exceptions:\n  - paths: ['legacy/**']\n    containers: app\n    reason: being rewritten\n",
    );
    write(dir.path(), "legacy/pod.yaml", PRIVILEGED_POD);
    write(dir.path(), "new/pod.yaml", PRIVILEGED_POD);
    let out = run(
        dir.path(),
        &scan_with_config(&["--config", "kubeward.yaml", "--show-suppressed", "."]),
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    let report = out.json();
    assert_eq!(
        report["findings"],
        json!([privileged_finding("./new/pod.yaml")])
    );
    assert_eq!(
        report["suppressed"],
        json!([{
            "finding": privileged_finding("./legacy/pod.yaml"),
            "suppression": {
                "kind": "exception",
                "reason": "being rewritten",
                "path": "kubeward.yaml",
                "line": 2,
                "column": 5,
                "expires": null
            }
        }])
    );
}

#[test]
fn expired_exception_stops_applying_and_is_reported_in_every_format() {
    let dir = temp_dir();
    write(
        dir.path(),
        ".kubeward.yaml",
        &EXCEPTION.replace("EXPIRES", "2000-01-01"),
    );
    write(dir.path(), "pod.yaml", PRIVILEGED_POD);
    let out = run(dir.path(), &scan_with_config(&["pod.yaml"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    let report = out.json();
    let expired = json!({
        "rule_id": "expired-exception",
        "severity": "low",
        "message": "exception for `privileged-container` expired on 2000-01-01 and no longer applies",
        "path": ".kubeward.yaml",
        "line": 5,
        "column": 5,
        "end_line": 5,
        "end_column": 24,
        "object": {"apiVersion": "kubeward.io/v1", "kind": "KubewardConfig", "namespace": null, "name": ".kubeward.yaml"},
        "container": null,
        "field": "exceptions[0].expires"
    });
    assert_eq!(
        report["findings"],
        json!([expired, privileged_finding("pod.yaml")])
    );
    assert_eq!(report["summary"]["suppressed"], 0);

    // Alone (the privileged finding fixed), the expired entry still fails the run.
    write(dir.path(), "pod.yaml", CLEAN_POD);
    let text = run(
        dir.path(),
        &["scan", "--select", "privileged-container", "pod.yaml"],
    );
    assert_eq!(text.code, 1);
    assert_eq!(
        text.stdout,
        ".kubeward.yaml\n  5:5      low      expired-exception exception for `privileged-container` expired on 2000-01-01 and no longer applies (KubewardConfig/.kubeward.yaml)\n    |\n  5 |     expires: 2000-01-01\n    |     ^^^^^^^^^^^^^^^^^^^\n\nFound 1 finding (1 low) in 1 object from 1 file, 1 rule\n"
    );
    // Below --fail-on it does not.
    let out = run(
        dir.path(),
        &scan_with_config(&["--fail-on", "medium", "pod.yaml"]),
    );
    assert_eq!(out.code, 0);

    let sarif = run(
        dir.path(),
        &[
            "scan",
            "--select",
            "privileged-container",
            "--format",
            "sarif",
            "pod.yaml",
        ],
    )
    .json();
    let run0 = &sarif["runs"][0];
    let rule_ids: Vec<&str> = run0["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert_eq!(rule_ids, ["expired-exception", "privileged-container"]);
    assert_eq!(run0["results"][0]["ruleId"], "expired-exception");
    assert_eq!(run0["results"][0]["ruleIndex"], 0);
    assert_eq!(run0["results"][0]["level"], "note");
    assert_eq!(
        run0["results"][0]["locations"][0]["physicalLocation"],
        json!({
            "artifactLocation": {"uri": ".kubeward.yaml"},
            "region": {"startLine": 5, "startColumn": 5, "endLine": 5, "endColumn": 24}
        })
    );

    let junit = run(
        dir.path(),
        &[
            "scan",
            "--select",
            "privileged-container",
            "--format",
            "junit",
            "pod.yaml",
        ],
    );
    assert_eq!(junit.code, 1);
    assert!(
        junit.stdout.contains(
            r#"    <testsuite name=".kubeward.yaml" tests="1" skipped="0" errors="0" failures="1">
        <testcase name="expired-exception" classname="KubewardConfig/.kubeward.yaml">
            <failure message="exception for `privileged-container` expired on 2000-01-01 and no longer applies" type="expired-exception">5:5: exception for `privileged-container` expired on 2000-01-01 and no longer applies</failure>"#
        ),
        "{}",
        junit.stdout
    );
}

#[test]
fn inline_annotation_with_a_reason_suppresses() {
    let dir = temp_dir();
    write(
        dir.path(),
        "pod.yaml",
        &annotated_pod("\"privileged-container: loads a kernel module\""),
    );
    let out = run(dir.path(), &scan_json(&["pod.yaml"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.json()["findings"], json!([]));
    assert_eq!(out.json()["summary"]["suppressed"], 1);

    let text_args = [
        "scan",
        "--no-config",
        "--select",
        "privileged-container",
        "pod.yaml",
    ];
    let out = run(dir.path(), &text_args);
    assert_eq!(
        out.stdout,
        "No findings in 1 object from 1 file, 1 rule; 1 suppressed (--show-suppressed lists them)\n"
    );
    let mut shown = text_args.to_vec();
    shown.push("--show-suppressed");
    let out = run(dir.path(), &shown);
    assert_eq!(out.code, 0);
    assert_eq!(
        out.stdout,
        "suppressed: pod.yaml:13:9: critical privileged-container container `app` runs privileged (Pod/prod/web [app])\n  by annotation at pod.yaml:7:5: loads a kernel module\n\nNo findings in 1 object from 1 file, 1 rule; 1 suppressed\n"
    );

    let sarif = run(
        dir.path(),
        &[
            "scan",
            "--no-config",
            "--select",
            "privileged-container",
            "--format",
            "sarif",
            "--show-suppressed",
            "pod.yaml",
        ],
    )
    .json();
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "privileged-container");
    assert_eq!(
        result["suppressions"],
        json!([{
            "kind": "inSource",
            "status": "accepted",
            "justification": "loads a kernel module",
            "location": {"physicalLocation": {
                "artifactLocation": {"uri": "pod.yaml"},
                "region": {"startLine": 7, "startColumn": 5}
            }}
        }])
    );

    let junit = run(
        dir.path(),
        &[
            "scan",
            "--no-config",
            "--select",
            "privileged-container",
            "--format",
            "junit",
            "--show-suppressed",
            "pod.yaml",
        ],
    );
    assert!(
        junit.stdout.contains(
            r#"<skipped message="suppressed: loads a kernel module" type="suppressed">13:9: container `app` runs privileged (suppressed by annotation at pod.yaml:7:5: loads a kernel module)</skipped>"#
        ),
        "{}",
        junit.stdout
    );
}

#[test]
fn sarif_marks_config_exceptions_as_external() {
    let dir = temp_dir();
    write(
        dir.path(),
        ".kubeward.yaml",
        &EXCEPTION.replace("EXPIRES", "2999-12-31"),
    );
    write(dir.path(), "pod.yaml", PRIVILEGED_POD);
    let out = run(
        dir.path(),
        &[
            "scan",
            "--select",
            "privileged-container",
            "--format",
            "sarif",
            "--show-suppressed",
            "pod.yaml",
        ],
    );
    assert_eq!(out.code, 0);
    assert_eq!(
        out.json()["runs"][0]["results"][0]["suppressions"],
        json!([{
            "kind": "external",
            "status": "accepted",
            "justification": "legacy node agent, tracked in OPS-12",
            "location": {"physicalLocation": {
                "artifactLocation": {"uri": ".kubeward.yaml"},
                "region": {"startLine": 2, "startColumn": 5}
            }}
        }])
    );
    // Without --show-suppressed, SARIF has no result for it.
    let out = run(
        dir.path(),
        &[
            "scan",
            "--select",
            "privileged-container",
            "--format",
            "sarif",
            "pod.yaml",
        ],
    );
    assert_eq!(out.json()["runs"][0]["results"], json!([]));
}

#[test]
fn inline_annotation_can_target_one_container() {
    let two = PRIVILEGED_POD.to_string()
        + "    - name: sidecar\n      image: envoy:1.31\n      securityContext:\n        privileged: true\n";
    let dir = temp_dir();
    write(
        dir.path(),
        "pod.yaml",
        &two.replace(
            "  namespace: prod\n",
            "  namespace: prod\n  annotations:\n    kubeward.io/ignore: \"privileged-container@sidecar: envoy needs it\"\n",
        ),
    );
    let out = run(dir.path(), &scan_json(&["--show-suppressed", "pod.yaml"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    let report = out.json();
    assert_eq!(
        report["findings"],
        json!([privileged_finding_at("pod.yaml", 13)])
    );
    let suppressed = report["suppressed"].as_array().expect("suppressed");
    assert_eq!(suppressed.len(), 1);
    assert_eq!(suppressed[0]["finding"]["container"], "sidecar");
    assert_eq!(suppressed[0]["finding"]["line"], 17);
    assert_eq!(suppressed[0]["suppression"]["reason"], "envoy needs it");
}

#[test]
fn annotation_without_a_reason_is_reported_and_does_not_suppress() {
    let dir = temp_dir();
    write(
        dir.path(),
        "pod.yaml",
        &annotated_pod("privileged-container"),
    );
    let out = run(dir.path(), &scan_json(&["pod.yaml"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    let report = out.json();
    assert_eq!(
        report["findings"],
        json!([
            annotation_finding(
                "invalid-suppression",
                "low",
                "suppression of `privileged-container` gives no reason (expected `privileged-container: reason`)",
                45
            ),
            privileged_finding_at("pod.yaml", 13),
        ])
    );
    assert_eq!(report["summary"]["suppressed"], 0);
}

#[test]
fn annotation_naming_an_unknown_rule_is_reported() {
    let dir = temp_dir();
    write(
        dir.path(),
        "pod.yaml",
        &annotated_pod("\"privileged-containr: typo\""),
    );
    let out = run(dir.path(), &scan_json(&["pod.yaml"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(
        out.json()["findings"],
        json!([
            annotation_finding(
                "invalid-suppression",
                "low",
                "suppression names unknown rule `privileged-containr` (did you mean `privileged-container`?)",
                52
            ),
            privileged_finding_at("pod.yaml", 13),
        ])
    );
}

#[test]
fn annotation_matching_nothing_is_reported_as_unused() {
    let dir = temp_dir();
    let clean = CLEAN_POD.replace(
        "  namespace: prod\n",
        "  namespace: prod\n  annotations:\n    kubeward.io/ignore: \"privileged-container: old\"\n",
    );
    write(dir.path(), "pod.yaml", &clean);
    let out = run(dir.path(), &scan_json(&["pod.yaml"]));
    assert_eq!(out.code, 1, "info findings fail at the default --fail-on");
    assert_eq!(
        out.json()["findings"],
        json!([annotation_finding(
            "unused-suppression",
            "info",
            "suppression of `privileged-container` matches no finding",
            52
        )])
    );
    // A rule that did not run is not "unused".
    let out = run(
        dir.path(),
        &[
            "scan",
            "--no-config",
            "--select",
            "host-network",
            "--format",
            "json",
            "pod.yaml",
        ],
    );
    assert_eq!(out.code, 0);
    // And the check can be turned off like a rule.
    let out = run(
        dir.path(),
        &scan_json(&["--ignore", "unused-suppression", "pod.yaml"]),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.json()["findings"], json!([]));
}

#[test]
fn inline_suppressions_disabled_by_config_are_ignored_and_reported() {
    let dir = temp_dir();
    write(
        dir.path(),
        "pod.yaml",
        &annotated_pod("\"privileged-container: please\""),
    );
    let expected = json!([
        annotation_finding(
            "invalid-suppression",
            "low",
            "`privileged-container` may not be suppressed by an annotation here (`inline-suppressions` in the configuration); the annotation is ignored",
            55
        ),
        privileged_finding_at("pod.yaml", 13),
    ]);
    for config in [
        "inline-suppressions: false\n",
        "inline-suppressions:\n  default: true\n  privileged-container: false\n",
    ] {
        write(dir.path(), ".kubeward.yaml", config);
        let out = run(dir.path(), &scan_with_config(&["pod.yaml"]));
        assert_eq!(out.code, 1, "{config}: {}", out.stderr);
        assert_eq!(out.json()["findings"], expected, "{config}");
        assert_eq!(out.json()["summary"]["suppressed"], 0);
    }
    // Other rules stay waivable when only one is kept out of annotations.
    write(
        dir.path(),
        ".kubeward.yaml",
        "inline-suppressions:\n  default: true\n  host-network: false\n",
    );
    let out = run(dir.path(), &scan_with_config(&["pod.yaml"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.json()["summary"]["suppressed"], 1);
}

#[test]
fn severity_override_changes_severity_and_the_exit_code() {
    let dir = temp_dir();
    write(dir.path(), "pod.yaml", PRIVILEGED_POD);
    write(
        dir.path(),
        ".kubeward.yaml",
        "severity:\n  privileged-container: low\n",
    );
    let out = run(
        dir.path(),
        &scan_with_config(&["--fail-on", "medium", "pod.yaml"]),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let report = out.json();
    let mut low = privileged_finding("pod.yaml");
    low["severity"] = json!("low");
    assert_eq!(report["findings"], json!([low]));
    assert_eq!(report["summary"]["failing"], 0);
    assert_eq!(report["summary"]["by_severity"]["low"], 1);
    assert_eq!(report["summary"]["by_severity"]["critical"], 0);

    let out = run(
        dir.path(),
        &scan_with_config(&["--fail-on", "low", "pod.yaml"]),
    );
    assert_eq!(out.code, 1);

    // SARIF shows the configured severity, for the result and the rule.
    let sarif = run(
        dir.path(),
        &[
            "scan",
            "--select",
            "privileged-container",
            "--format",
            "sarif",
            "pod.yaml",
        ],
    )
    .json();
    let run0 = &sarif["runs"][0];
    assert_eq!(run0["results"][0]["level"], "note");
    assert_eq!(
        run0["tool"]["driver"]["rules"][0]["properties"]["security-severity"],
        "3.0"
    );

    // Without the config: critical, exit 1 at --fail-on medium.
    let out = run(
        dir.path(),
        &scan_with_config(&["--no-config", "--fail-on", "medium", "pod.yaml"]),
    );
    assert_eq!(out.code, 1);
}

#[test]
fn unknown_rule_ids_in_the_config_exit_3_naming_them() {
    let dir = temp_dir();
    write(dir.path(), "pod.yaml", PRIVILEGED_POD);
    write(
        dir.path(),
        ".kubeward.yaml",
        "severity:\n  privileged-containr: low\ninline-suppressions:\n  hostnetwork: false\nexceptions:\n  - rules: [no-such-rule]\n    reason: x\n",
    );
    let out = run(dir.path(), &["scan", "pod.yaml"]);
    assert_eq!(out.code, 3);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        "kubeward: usage error: .kubeward.yaml: invalid configuration: unknown rule id `privileged-containr` (did you mean `privileged-container`?) in `severity`; unknown rule id `hostnetwork` (did you mean `host-network`?) in `inline-suppressions`; unknown rule id `no-such-rule` in `exceptions[0].rules`\n"
    );
}

#[test]
fn exception_without_a_reason_or_with_a_bad_date_exits_3() {
    let dir = temp_dir();
    write(dir.path(), "pod.yaml", PRIVILEGED_POD);
    write(
        dir.path(),
        "k.yaml",
        "exceptions:\n  - rules: privileged-container\n    expires: 31/12/2026\n",
    );
    let out = run(dir.path(), &["scan", "--config", "k.yaml", "pod.yaml"]);
    assert_eq!(out.code, 3);
    assert_eq!(
        out.stderr,
        "kubeward: usage error: k.yaml: invalid configuration: `exceptions[0]` has no `reason` (every exception says why); invalid date `31/12/2026` (expected YYYY-MM-DD, e.g. 2026-03-31) in `exceptions[0].expires`\n"
    );
}

#[test]
fn explain_documents_the_suppression_checks() {
    let dir = temp_dir();
    for id in [
        "expired-exception",
        "invalid-suppression",
        "unused-suppression",
    ] {
        let out = run(dir.path(), &["explain", id]);
        assert_eq!(out.code, 0, "{id}");
        assert!(
            out.stdout.starts_with(&format!("# {id}: ")),
            "{}",
            out.stdout
        );
        assert!(out.stdout.contains("\n## Bad\n```yaml\n"));
    }
}

// ---- profiles -----------------------------------------------------------------------------

/// A restricted-compliant Pod that the `default` profile also accepts, except that its image is
/// not pinned by digest (`image-not-pinned`, outside `default`), with its namespace's
/// default-deny NetworkPolicy (`namespace-default-deny-ingress-missing`).
const RESTRICTED_POD: &str = "\
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app.kubernetes.io/name: web
    owner: team-web
spec:
  securityContext:
    runAsNonRoot: true
    runAsUser: 10001
    runAsGroup: 10001
    seccompProfile:
      type: RuntimeDefault
  containers:
    - name: app
      image: nginxinc/nginx-unprivileged:1.27
      resources:
        requests: {memory: 64Mi}
        limits: {memory: 64Mi}
      securityContext:
        allowPrivilegeEscalation: false
        readOnlyRootFilesystem: true
        capabilities:
          drop: [ALL]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
spec:
  podSelector: {}
  policyTypes: [Ingress]
";

/// `RESTRICTED_POD` without `runAsNonRoot`: the restricted level rejects it; `default` accepts it
/// (`root-user-allowed` is satisfied by the non-zero `runAsUser`).
fn non_root_by_uid_pod() -> String {
    RESTRICTED_POD.replace("    runAsNonRoot: true\n", "")
}

fn rule_ids(report: &Value) -> Vec<String> {
    let mut ids: Vec<String> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule_id"].as_str().map(str::to_string))
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

#[test]
fn without_select_or_profile_the_default_profile_runs() {
    let dir = temp_dir();
    write(dir.path(), "pod.yaml", RESTRICTED_POD);
    let out = run(
        dir.path(),
        &["scan", "--no-config", "--format", "json", "pod.yaml"],
    );
    assert_eq!(out.code, 0, "{}", out.stdout);
    let report = out.json();
    assert_eq!(
        report["summary"]["rules"],
        kubeward_rules::Profile::Default.rules().len()
    );
    // The same scan with every rule finds the unpinned image.
    let out = run(
        dir.path(),
        &[
            "scan",
            "--no-config",
            "--profile",
            "all",
            "--format",
            "json",
            "pod.yaml",
        ],
    );
    assert_eq!(out.code, 1);
    assert!(rule_ids(&out.json()).contains(&"image-not-pinned".to_string()));
    assert_eq!(out.json()["summary"]["rules"], kubeward_rules::RULES.len());
}

#[test]
fn pss_profiles_follow_the_levels() {
    let dir = temp_dir();
    write(dir.path(), "pod.yaml", &non_root_by_uid_pod());
    let scan = |profile: &str| {
        run(
            dir.path(),
            &[
                "scan",
                "--no-config",
                "--profile",
                profile,
                "--format",
                "json",
                "pod.yaml",
            ],
        )
    };
    let out = scan("pss-baseline");
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert_eq!(
        out.json()["summary"]["rules"],
        kubeward_rules::Profile::PssBaseline.rules().len()
    );
    let out = scan("pss-restricted");
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert_eq!(rule_ids(&out.json()), ["run-as-non-root-not-set"]);
    let out = scan("default");
    assert_eq!(out.code, 0, "{}", out.stdout);
}

#[test]
fn select_replaces_the_profile_and_ignore_applies_to_either() {
    let dir = temp_dir();
    write(dir.path(), "pod.yaml", PRIVILEGED_POD);
    let out = run(
        dir.path(),
        &scan_json(&["--profile", "pss-restricted", "pod.yaml"]),
    );
    assert_eq!(out.code, 1);
    assert_eq!(out.json()["summary"]["rules"], 1, "--select wins");
    assert_eq!(
        out.json()["findings"],
        json!([privileged_finding("pod.yaml")])
    );
    let out = run(
        dir.path(),
        &[
            "scan",
            "--no-config",
            "--profile",
            "pss-baseline",
            "--ignore",
            "privileged-container",
            "--format",
            "json",
            "pod.yaml",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert_eq!(
        out.json()["summary"]["rules"],
        kubeward_rules::Profile::PssBaseline.rules().len() - 1
    );
}

#[test]
fn unknown_profile_exits_3_naming_it_and_the_valid_ones() {
    let dir = temp_dir();
    write(dir.path(), "pod.yaml", CLEAN_POD);
    let out = run(
        dir.path(),
        &["scan", "--no-config", "--profile", "strict", "pod.yaml"],
    );
    assert_eq!(out.code, 3);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.starts_with(
            "error: invalid value 'strict' for '--profile <NAME>': unknown profile `strict` (expected one of: default, all, pss-baseline, pss-restricted, cis)"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn a_profile_without_rules_is_accepted_and_says_so() {
    let dir = temp_dir();
    write(dir.path(), "pod.yaml", PRIVILEGED_POD);
    let out = run(
        dir.path(),
        &[
            "scan",
            "--no-config",
            "--profile",
            "cis",
            "--format",
            "json",
            "pod.yaml",
        ],
    );
    let cis = kubeward_rules::Profile::Cis.rules().len();
    assert_eq!(out.json()["summary"]["rules"], cis);
    if cis == 0 {
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert_eq!(
            out.stderr,
            "kubeward: note: the `cis` profile has no rules yet, so nothing was checked\n"
        );
    } else {
        assert!(!out.stderr.contains("has no rules"), "{}", out.stderr);
    }
}

#[test]
fn config_profile_key_and_command_line_precedence() {
    let dir = temp_dir();
    write(dir.path(), "pod.yaml", &non_root_by_uid_pod());
    write(dir.path(), "restricted.yaml", "profile: pss-restricted\n");
    write(
        dir.path(),
        "selects.yaml",
        "select: [privileged-container]\nprofile: pss-restricted\n",
    );
    write(dir.path(), "typo.yaml", "profile: strict\n");
    let json = ["--format", "json", "pod.yaml"];
    let with = |extra: &[&str]| {
        let mut args = vec!["scan"];
        args.extend_from_slice(extra);
        args.extend_from_slice(&json);
        run(dir.path(), &args)
    };
    // The file's profile applies.
    let out = with(&["--config", "restricted.yaml"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(rule_ids(&out.json()), ["run-as-non-root-not-set"]);
    // --profile on the command line wins over it.
    let out = with(&["--config", "restricted.yaml", "--profile", "pss-baseline"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    // The file's `select:` wins over its own `profile:`...
    let out = with(&["--config", "selects.yaml"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert_eq!(out.json()["summary"]["rules"], 1);
    // ... and a command-line --profile wins over the file's `select:`.
    let out = with(&["--config", "selects.yaml", "--profile", "pss-restricted"]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    assert_eq!(rule_ids(&out.json()), ["run-as-non-root-not-set"]);
    // An unknown profile in the file is a usage error naming it.
    let out = with(&["--config", "typo.yaml"]);
    assert_eq!(out.code, 3);
    assert!(
        out.stderr.contains("unknown profile `strict` (expected one of: default, all, pss-baseline, pss-restricted, cis)"),
        "{}",
        out.stderr
    );
}
