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

#[test]
fn broken_dockerfile_exits_2_naming_file_and_line_and_the_rest_is_still_scanned() {
    let dir = temp_dir();
    write(dir.path(), "deploy/pod.yaml", PRIVILEGED_POD);
    write(dir.path(), "api/Dockerfile", DOCKERFILE);
    // An unterminated heredoc (which swallows the rest of the file, continuation included).
    write(
        dir.path(),
        "worker/worker.Dockerfile",
        "FROM alpine:3.20\nUSER root\nRUN <<EOF\necho\nRUN x \\\n",
    );
    let mut args = scan("json", &["."]);
    args[5] = "text";
    args.extend(["--color", "never"]);
    let out = run(dir.path(), &args);
    assert_eq!(out.code, 2, "{}", out.stderr);
    let all = format!("{}{}", out.stdout, out.stderr);
    assert!(
        all.contains(
            "./worker/worker.Dockerfile:3:5: unterminated heredoc: no line `EOF` before the end of the file"
        ),
        "{all}"
    );
    // The other Dockerfile, the manifest, and the readable part of the broken file are checked.
    assert!(all.contains("./api/Dockerfile"), "{all}");
    assert!(all.contains("./deploy/pod.yaml"), "{all}");
    let out = run(dir.path(), &scan("json", &["."]));
    assert_eq!(out.code, 2, "{}", out.stderr);
    let report = out.json();
    let errors = report["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0]["path"], "./worker/worker.Dockerfile");
    assert_eq!(errors[0]["line"], 3);
    assert_eq!(errors[0]["column"], 5);
    let mut found: Vec<(String, u64)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or("").to_string(),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("./api/Dockerfile".to_string(), 3),
            ("./deploy/pod.yaml".to_string(), 11),
            ("./worker/worker.Dockerfile".to_string(), 2),
        ]
    );
}

#[test]
fn dockerignore_beside_the_dockerfile_is_read_and_the_specific_one_wins() {
    let dir = temp_dir();
    let dockerfile = "FROM python:3.12-slim\nCOPY . /app/\nUSER 10001\n";
    write(dir.path(), "a/Dockerfile", dockerfile);
    write(dir.path(), "a/.dockerignore", "node_modules\n.git\n");
    write(dir.path(), "b/app.Dockerfile", dockerfile);
    write(dir.path(), "b/.dockerignore", "node_modules\n");
    write(
        dir.path(),
        "b/app.Dockerfile.dockerignore",
        ".git\n.env*\n**/id_*\n**/*.pem\n**/*.key\n",
    );
    let args = [
        "scan",
        "--no-config",
        "--select",
        "dockerfile-dockerignore-incomplete",
        "--format",
        "json",
        ".",
    ];
    let out = run(dir.path(), &args);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let report = out.json();
    let findings = report["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["path"], "./a/Dockerfile");
    assert_eq!(findings[0]["line"], 2);
    assert_eq!(findings[0]["column"], 6);
    assert_eq!(
        findings[0]["message"],
        "COPY `.` copies the whole build context, and `./a/.dockerignore` does not exclude `.env`, `id_rsa`, `id_ed25519`, `*.pem`, `*.key`"
    );
    // From standard input the build context is unknown: nothing to say.
    let mut stdin_args = args.to_vec();
    stdin_args.pop();
    stdin_args.extend(["-", "--input-type", "dockerfile"]);
    let out = run_with(dir.path(), &stdin_args, Some(dockerfile), &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn manifests_and_dockerfiles_in_text_and_junit_too() {
    let dir = temp_dir();
    write(dir.path(), "deploy/pod.yaml", PRIVILEGED_POD);
    write(dir.path(), "Dockerfile", DOCKERFILE);
    let mut args = scan("json", &["."]);
    args[5] = "text";
    args.extend(["--color", "never"]);
    let out = run(dir.path(), &args);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stdout.contains(
            "3:6      high     dockerfile-user-root final stage `app` runs as root: last USER is `root` (Dockerfile/app)"
        ),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("./deploy/pod.yaml"), "{}", out.stdout);
    assert!(
        out.stdout.contains("privileged-container"),
        "{}",
        out.stdout
    );

    args[5] = "junit";
    let out = run(dir.path(), &args);
    assert_eq!(out.code, 1, "{}", out.stderr);
    // One failing case per (object, rule) with findings: the Dockerfile stage and the pod.
    assert!(
        out.stdout.contains("dockerfile-user-root") && out.stdout.contains("Dockerfile/app"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("privileged-container"),
        "{}",
        out.stdout
    );
    assert_eq!(out.stdout.matches("<failure").count(), 2, "{}", out.stdout);
}
