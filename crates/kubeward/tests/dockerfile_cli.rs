//! Dockerfiles through the CLI: found by name in directory walks next to manifests, reported in
//! the same run and the same formats; `--input-type dockerfile` for standard input.

mod support;

use serde_json::{Value, json};
use support::{PRIVILEGED_POD, run, run_with, temp_dir, write};

const DOCKERFILE: &str = "FROM alpine:3.20 AS app\nRUN apk add --no-cache curl\nUSER root\n";

fn scan(format: &str, paths: &[&'static str]) -> Vec<&'static str> {
    let format: &'static str = if format == "json" { "json" } else { "sarif" };
    let mut args = vec![
        "scan",
        "--no-config",
        "--select",
        "privileged-container,dockerfile-user-root",
        "--format",
        format,
    ];
    args.extend_from_slice(paths);
    args
}

#[test]
fn a_directory_with_a_manifest_and_a_dockerfile_reports_both() {
    let dir = temp_dir();
    write(dir.path(), "deploy/pod.yaml", PRIVILEGED_POD);
    write(dir.path(), "Dockerfile", DOCKERFILE);
    write(dir.path(), "notes.txt", "not scanned\n");
    let out = run(dir.path(), &scan("json", &["."]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    let report = out.json();
    assert_eq!(report["errors"], json!([]));
    let findings = report["findings"].as_array().expect("findings");
    let got: Vec<(&str, &str, u64, u64)> = findings
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap_or(""),
                f["path"].as_str().unwrap_or(""),
                f["line"].as_u64().unwrap_or(0),
                f["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(got.len(), 2, "{findings:#?}");
    assert!(
        got.contains(&("dockerfile-user-root", "./Dockerfile", 3, 6)),
        "{got:?}"
    );
    assert!(got.iter().any(|g| g.0 == "privileged-container"), "{got:?}");
    let docker = findings
        .iter()
        .find(|f| f["rule_id"] == "dockerfile-user-root")
        .expect("dockerfile finding");
    assert_eq!(
        docker["object"],
        json!({"apiVersion": "kubeward.io/v1", "kind": "Dockerfile", "namespace": null, "name": "app"})
    );
    // One pod and one Dockerfile stage were checked.
    assert_eq!(report["summary"]["objects"], 2);

    let out = run(dir.path(), &scan("sarif", &["."]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    let sarif: Value = serde_json::from_str(&out.stdout).expect("sarif json");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 2);
    let docker = results
        .iter()
        .find(|r| r["ruleId"] == "dockerfile-user-root")
        .expect("dockerfile result");
    let location = &docker["locations"][0]["physicalLocation"];
    assert_eq!(location["region"]["startLine"], 3);
    assert_eq!(location["region"]["startColumn"], 6);
    assert!(
        location["artifactLocation"]["uri"]
            .as_str()
            .is_some_and(|u| u.ends_with("Dockerfile")),
        "{location}"
    );
}

#[test]
fn stdin_is_a_dockerfile_with_input_type() {
    let dir = temp_dir();
    let mut args = scan("json", &["-"]);
    args.extend(["--input-type", "dockerfile"]);
    let out = run_with(dir.path(), &args, Some(DOCKERFILE), &[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let report = out.json();
    assert_eq!(report["findings"][0]["rule_id"], "dockerfile-user-root");
    assert_eq!(report["findings"][0]["path"], "-");

    // Without the flag, standard input is YAML, and a Dockerfile is not a manifest.
    let out = run_with(dir.path(), &scan("json", &["-"]), Some(DOCKERFILE), &[]);
    assert_eq!(out.code, 2, "{}", out.stderr);
}

#[test]
fn broken_dockerfile_is_an_input_error_with_a_position() {
    let dir = temp_dir();
    write(
        dir.path(),
        "api.Dockerfile",
        "FROM alpine:3.20\nRUN <<EOF\necho\n",
    );
    let out = run(dir.path(), &scan("json", &["api.Dockerfile"]));
    assert_eq!(out.code, 2, "{}", out.stderr);
    let errors = &out.json()["errors"];
    assert_eq!(errors[0]["line"], 2);
    assert_eq!(errors[0]["column"], 5);
    assert_eq!(errors[0]["kind"], "dockerfile");
}
