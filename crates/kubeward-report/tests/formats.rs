//! Snapshots of every machine-readable format for one small, fixed scan: two rules (one for
//! workloads, one for `Role`s only), objects in a file and on stdin, a container with two
//! findings, a passing pair, an object no rule applies to, and two input errors. The tool
//! version is redacted.

use kubeward_model::{
    Category, Finding, InputError, ObjectRef, References, RuleMeta, Scope, Severity, Skipped,
};
use kubeward_report::{Format, ObjectSummary, ScanReport, Summary, TextOptions};
use std::collections::HashMap;
use std::sync::Arc;

static PRIVILEGED: RuleMeta = RuleMeta {
    id: "demo-privileged",
    title: "Container runs privileged",
    severity: Severity::Critical,
    category: Category::PodSecurity,
    scope: Scope::PodSpec,
    remediation: "Set `securityContext.privileged` to `false`.",
    references: References::NONE,
    docs: " ## What it checks\n Containers with `privileged: true`.\n\n ## Bad\n ```yaml\n privileged: true\n ```\n",
    source_file: "demo.rs",
};

static ROLE_WILDCARD: RuleMeta = RuleMeta {
    id: "demo-role-wildcard",
    title: "Role grants every verb",
    severity: Severity::Medium,
    category: Category::Rbac,
    scope: Scope::Kinds(&["Role"]),
    remediation: "List the verbs the subject needs.",
    references: References::NONE,
    docs: " ## What it checks\n Roles with `verbs: [\"*\"]`.\n",
    source_file: "demo.rs",
};

fn object(kind: &str, namespace: Option<&str>, name: &str) -> ObjectRef {
    ObjectRef {
        api_version: if kind == "Role" {
            "rbac.authorization.k8s.io/v1".into()
        } else {
            "apps/v1".into()
        },
        kind: kind.into(),
        namespace: namespace.map(Into::into),
        name: Some(name.into()),
    }
}

struct Fixture {
    findings: Vec<Finding>,
    errors: Vec<InputError>,
    skipped: Vec<Skipped>,
    summary: Summary,
    rules: Vec<&'static RuleMeta>,
    objects: Vec<ObjectSummary>,
    sources: HashMap<Arc<str>, Arc<str>>,
}

fn fixture() -> Fixture {
    let app: Arc<str> = Arc::from("manifests/my app.yaml");
    let stdin: Arc<str> = Arc::from("-");
    let web = object("Deployment", Some("prod"), "web");
    let role = object("Role", Some("prod"), "admin");
    let pod = object("Deployment", None, "worker");
    let finding = |rule: &RuleMeta,
                   path: &Arc<str>,
                   at: (u32, u32, u32, u32),
                   object: &ObjectRef,
                   container: Option<&str>,
                   field: &str,
                   message: &str| Finding {
        rule_id: rule.id,
        severity: rule.severity,
        message: message.into(),
        path: path.clone(),
        line: at.0,
        column: at.1,
        end_line: at.2,
        end_column: at.3,
        object: object.clone(),
        container: container.map(str::to_string),
        field: Some(field.into()),
        secret_in_source: false,
    };
    let findings = vec![
        finding(
            &PRIVILEGED,
            &stdin,
            (12, 13, 12, 29),
            &pod,
            Some("worker"),
            "spec.template.spec.containers[0].securityContext.privileged",
            "container `worker` runs privileged",
        ),
        finding(
            &PRIVILEGED,
            &app,
            (14, 17, 14, 33),
            &web,
            Some("app"),
            "spec.template.spec.containers[0].securityContext.privileged",
            "container `app` runs privileged",
        ),
        finding(
            &PRIVILEGED,
            &app,
            (18, 17, 18, 31),
            &web,
            Some("sidecar"),
            "spec.template.spec.initContainers[0].securityContext.privileged",
            "init container `sidecar` runs privileged",
        ),
        finding(
            &ROLE_WILDCARD,
            &app,
            (32, 12, 32, 15),
            &role,
            None,
            "rules[0].verbs[0]",
            "rule 0 grants every verb",
        ),
    ];
    let objects = vec![
        ObjectSummary {
            path: stdin.clone(),
            line: 1,
            column: 1,
            id: pod.clone(),
        },
        ObjectSummary {
            path: app.clone(),
            line: 2,
            column: 1,
            id: web.clone(),
        },
        ObjectSummary {
            path: app.clone(),
            line: 21,
            column: 1,
            id: object("ConfigMap", Some("prod"), "settings"),
        },
        ObjectSummary {
            path: app.clone(),
            line: 26,
            column: 1,
            id: role.clone(),
        },
        ObjectSummary {
            path: app.clone(),
            line: 40,
            column: 1,
            id: object("Deployment", Some("prod"), "api"),
        },
    ];
    let errors = vec![
        InputError {
            path: Arc::from("manifests/broken.yaml"),
            line: Some(3),
            column: Some(7),
            message: "YAML syntax error: did not find expected node content".into(),
            kind: "syntax",
        },
        InputError {
            path: Arc::from("missing.yaml"),
            line: None,
            column: None,
            message: "no such file or directory".into(),
            kind: "not-found",
        },
    ];
    let skipped = vec![Skipped {
        path: Arc::from("manifests/values.yaml"),
        line: Some(1),
        reason: "no `apiVersion`: not a Kubernetes object".into(),
    }];
    let mut summary = Summary {
        files: 3,
        objects: objects.len(),
        rules: 2,
        findings: findings.len(),
        failing: findings.len(),
        errors: errors.len(),
        skipped: skipped.len(),
        ..Summary::default()
    };
    for sev in Severity::ALL {
        summary.by_severity.insert(sev, 0);
    }
    summary.by_severity.insert(Severity::Critical, 3);
    summary.by_severity.insert(Severity::Medium, 1);
    Fixture {
        findings,
        errors,
        skipped,
        summary,
        rules: vec![&PRIVILEGED, &ROLE_WILDCARD],
        objects,
        sources: HashMap::new(),
    }
}

fn render(format: Format) -> String {
    let f = fixture();
    let report = ScanReport {
        findings: &f.findings,
        suppressed: None,
        errors: &f.errors,
        skipped: &f.skipped,
        summary: &f.summary,
        rules: &f.rules,
        objects: &f.objects,
        sources: &f.sources,
        fail_on: Severity::Info,
    };
    let mut out = Vec::new();
    kubeward_report::render(format, &report, TextOptions::default(), &mut out)
        .expect("rendering into memory succeeds");
    String::from_utf8(out).expect("reports are UTF-8")
}

fn json_with_version_redacted(text: &str, pointer: &str) -> serde_json::Value {
    let mut value: serde_json::Value = serde_json::from_str(text).expect("valid JSON");
    let version = value
        .pointer_mut(pointer)
        .expect("the version is where the redaction expects it");
    assert_eq!(version, env!("CARGO_PKG_VERSION"));
    *version = "[version]".into();
    value
}

#[test]
fn sarif() {
    let value = json_with_version_redacted(&render(Format::Sarif), "/runs/0/tool/driver/version");
    insta::assert_json_snapshot!("sarif", value);
}

#[test]
fn junit() {
    insta::assert_snapshot!("junit", render(Format::Junit));
}

#[test]
fn json() {
    let value = json_with_version_redacted(&render(Format::Json), "/tool/version");
    insta::assert_json_snapshot!("json", value);
}

#[test]
fn sarif_fingerprints_ignore_position_and_path() {
    let f = fixture();
    let a = &f.findings[1];
    let mut moved = a.clone();
    moved.path = Arc::from("elsewhere.yaml");
    moved.line += 10;
    moved.end_line += 10;
    assert_eq!(
        kubeward_report::sarif::fingerprint(a),
        kubeward_report::sarif::fingerprint(&moved)
    );
    // Another container of the same object is another alert.
    assert_ne!(
        kubeward_report::sarif::fingerprint(a),
        kubeward_report::sarif::fingerprint(&f.findings[2])
    );
}
