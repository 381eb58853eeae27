//! Cross-resource rules through `kubeward scan`: objects from several files form one graph,
//! findings land on the right file and line, and waivers (annotations, exceptions) apply to
//! graph findings exactly as to single-object ones.

mod support;

use serde_json::{Value, json};
use support::{run, temp_dir, write};

const SERVICE: &str = "\
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
  ports:
    - port: 80
";

const DEPLOYMENT: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: app
          image: registry.example.com/web:1.4.2
";

fn findings(report: &Value) -> Vec<(String, String, u64, u64)> {
    report["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap_or_default().to_string(),
                f["path"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or_default(),
                f["column"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

const ARGS: &[&str] = &[
    "scan",
    "--no-config",
    "--select",
    "service-selects-nothing",
    "--format",
    "json",
];

#[test]
fn objects_in_different_files_form_one_graph() {
    let dir = temp_dir();
    write(dir.path(), "svc.yaml", SERVICE);
    write(dir.path(), "deploy/web.yaml", DEPLOYMENT);
    let mut args = ARGS.to_vec();
    args.push(".");
    let out = run(dir.path(), &args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(findings(&out.json()), vec![]);

    // The Service alone selects nothing: reported in its file, at its selector.
    let mut args = ARGS.to_vec();
    args.push("svc.yaml");
    let out = run(dir.path(), &args);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(
        findings(&out.json()),
        vec![(
            "service-selects-nothing".to_string(),
            "svc.yaml".to_string(),
            7,
            3
        )]
    );
}

#[test]
fn an_annotation_waives_a_graph_finding_and_is_not_reported_unused() {
    let dir = temp_dir();
    let annotated = SERVICE.replace(
        "  namespace: shop\n",
        "  namespace: shop\n  annotations:\n    kubeward.io/ignore: \"service-selects-nothing: endpoints come from the mesh\"\n",
    );
    write(dir.path(), "svc.yaml", &annotated);
    let mut args = ARGS.to_vec();
    args.extend(["--show-suppressed", "svc.yaml"]);
    let out = run(dir.path(), &args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let report = out.json();
    assert_eq!(findings(&report), vec![]);
    assert_eq!(report["summary"]["suppressed"], json!(1));
}

#[test]
fn a_config_exception_waives_a_graph_finding_by_path() {
    let dir = temp_dir();
    write(dir.path(), "legacy/svc.yaml", SERVICE);
    write(
        dir.path(),
        ".kubeward.yaml",
        "exceptions:\n  - rules: [service-selects-nothing]\n    paths: [\"legacy/**\"]\n    reason: endpoints managed by the legacy operator\n",
    );
    let out = run(
        dir.path(),
        &[
            "scan",
            "--select",
            "service-selects-nothing",
            "--format",
            "json",
            ".",
        ],
    );
    assert_eq!(out.code, 0, "{}\n{}", out.stdout, out.stderr);
    assert_eq!(out.json()["summary"]["suppressed"], json!(1));
}
