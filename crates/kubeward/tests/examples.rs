//! The bundled examples, scanned by the real binary from the repository root as the README's
//! first command does: `examples/insecure/` trips every rule of the default profile (the set
//! comes from `Profile::Default`, so a rule added to the profile fails this test until an
//! example trips it), `examples/secure/` has no finding, and the planted secret values never
//! reach the output. The configuration is `examples/.kubeward.yaml`, found by discovery (the
//! scans pass no `--config`), which turns on the default rules that need settings.

mod support;

use kubeward_rules::Profile;
use std::collections::BTreeSet;
use support::{Run, run, workspace_root};

/// Secret values planted in `examples/insecure/` (raw and, for the Secret's `data`, base64).
const PLANTED_SECRETS: &[&str] = &[
    // insecure-deployment.yaml: env SESSION_SECRET
    "f3Kq9ZtW8vLm2XyR7pNc",
    // committed-secret.yaml: DB_PASSWORD in `data` and in last-applied-configuration
    "pR7vQ2mLx9wZ4kTq",
    "cFI3dlEybUx4OXdaNGtUcQ==",
    "c2hvcF9hZG1pbg==",
    // configmap-with-token.yaml: spring.datasource.password
    "Hn4kT9wQz2mB6xVe",
];

fn scan(args: &[&str]) -> Run {
    let mut all = vec!["scan"];
    all.extend_from_slice(args);
    run(&workspace_root(), &all)
}

fn assert_no_secrets(out: &Run) {
    for secret in PLANTED_SECRETS {
        assert!(
            !out.stdout.contains(secret),
            "the planted secret `{secret}` appears in the output:\n{}",
            out.stdout
        );
        assert!(
            !out.stderr.contains(secret),
            "the planted secret `{secret}` appears on stderr:\n{}",
            out.stderr
        );
    }
}

fn rule_ids(report: &serde_json::Value) -> BTreeSet<String> {
    report["findings"]
        .as_array()
        .expect("findings is an array")
        .iter()
        .map(|f| f["rule_id"].as_str().expect("rule_id").to_string())
        .collect()
}

#[test]
fn insecure_example_trips_every_default_rule() {
    let out = scan(&["--format", "json", "examples/insecure"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_no_secrets(&out);
    let report = out.json();
    assert_eq!(report["errors"], serde_json::json!([]), "input errors");
    assert_eq!(report["skipped"], serde_json::json!([]), "skipped input");

    let expected: BTreeSet<String> = Profile::Default
        .rules()
        .iter()
        .map(|r| r.meta().id.to_string())
        .collect();
    assert_eq!(
        report["summary"]["rules"],
        expected.len(),
        "the scan did not run the default profile"
    );
    let found = rule_ids(&report);
    let missing: Vec<&String> = expected.difference(&found).collect();
    let unexpected: Vec<&String> = found.difference(&expected).collect();
    assert!(
        missing.is_empty() && unexpected.is_empty(),
        "examples/insecure/ must trip exactly the default profile's rules\n\
         missing (add a realistic manifest that trips them): {missing:?}\n\
         not in the default profile: {unexpected:?}"
    );
}

#[test]
fn insecure_example_text_output() {
    let out = scan(&["--color", "never", "examples/insecure"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_no_secrets(&out);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn secure_example_has_no_findings() {
    for format in ["json", "text"] {
        let out = scan(&["--format", format, "--color", "never", "examples/secure"]);
        assert_eq!(out.code, 0, "{format}: {}\n{}", out.stdout, out.stderr);
        if format == "json" {
            let report = out.json();
            assert_eq!(report["findings"], serde_json::json!([]));
            assert_eq!(report["errors"], serde_json::json!([]));
            assert_eq!(report["summary"]["suppressed"], 0, "nothing is waived");
            assert_eq!(
                report["summary"]["rules"],
                Profile::Default.rules().len(),
                "the scan did not run the default profile"
            );
        } else {
            assert!(out.stdout.starts_with("No findings"), "{}", out.stdout);
        }
    }
}

/// The README's first command: `kubeward scan examples/`.
#[test]
fn readme_scan_of_examples_reports_only_the_insecure_ones() {
    let out = scan(&["--format", "json", "examples/"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_no_secrets(&out);
    let report = out.json();
    assert_eq!(report["errors"], serde_json::json!([]));
    let findings = report["findings"].as_array().expect("findings");
    assert!(!findings.is_empty());
    for finding in findings {
        let path = finding["path"].as_str().expect("path");
        assert!(
            path.starts_with("examples/insecure/"),
            "finding outside examples/insecure/: {finding}"
        );
    }
    assert_eq!(
        rule_ids(&report),
        rule_ids(&scan(&["--format", "json", "examples/insecure"]).json()),
        "examples/ and examples/insecure/ should find the same rules"
    );
}
