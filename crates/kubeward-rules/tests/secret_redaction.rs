//! No finding ever carries a secret: every rule (not only the secrets rules) runs over the
//! fixtures of the rules that read literal values, and no planted secret, nor any whole value
//! of a `data`/`stringData`/`binaryData` entry, env value or annotation, may appear anywhere in
//! a finding as the JSON report serialises it (message, field path, container, object).
//!
//! The text report still quotes the source line under each finding; that is the reporter's
//! business and is not checked here.

mod common;

use common::check_text;
use kubeward_model::Node;
use kubeward_rules::RULES;
use std::path::{Path, PathBuf};

/// Fixture directories whose files hold planted secrets.
const DIRS: &[&str] = &[
    "secret-manifest-committed",
    "secret-in-env-value",
    "secret-in-configmap",
    "secret-in-annotation",
    "plain-http-url",
    "hard-coded-ip",
    "cloud-metadata-address",
];

/// Planted secrets, with the form they take in the fixtures when that is not the secret itself
/// (base64 in `data` or `binaryData`).
const SECRETS: &[(&str, Option<&str>)] = &[
    ("Tr0ub4dor&3", None),
    ("hunter22", None),
    ("N0t-4-R34l-P4ss", None),
    ("Xk2v9Qm7Lp4Tz", None),
    ("Zq9xT2vLw8", None),
    ("Qw8zR2vL5m", None),
    ("Zx81kq_Pw7Zx81kq_Pw7", None),
    ("9f8e7d6c5b4a39281706f5e4d3c2b1a0", None),
    ("ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d", None),
    ("AKIAZ7VQ2XK4M3P6R5TB", None),
    ("sdMlHUvTCQCyEZDz+TddJ8HyS5SUkCnD8zRA9a9S", None),
    ("sk_live_0B3JrTAwR4y9ojfljoQoaF1L", None),
    ("glpat-c7Tvo-hBKqFYY-kv5ZJr", None),
    (
        "xoxb-06883106792-470822765444-VVPqzPptEJQzhkPkenG5ZFJo",
        None,
    ),
    ("VVPqzPptEJQzhkPkenG5ZFJo", None),
    ("xuI5aHUQPFeNBTxaQWk8JzFalHlsZfYcMMDktXP-tKs", None),
    (
        "bWWbjkloG1QX647kdNl9cDo/+GbVMszvR4/EPZGz3zBXCOArr/SfiJvo58JB0W/O",
        None,
    ),
    (
        "f2rcDkdfrUnW5gcF+Ha6ili8GjHEAD6/Wj9KfzjsQGMrb9h+ImB+LK777pzNk8cL",
        None,
    ),
    (
        "Qw8!zR2#vL5m",
        Some("ZGIucGFzc3dvcmQ9UXc4IXpSMiN2TDVtCmxvZy5sZXZlbD1pbmZvCg=="),
    ),
    (
        "eyJhdXRocyI6eyJnaGNyLmlvIjp7ImF1dGgiOiJjbTlpYjNRNldHc3lkamxSYlRkTWNEUlVlZz09In19fQ==",
        None,
    ),
    ("VHIwdWI0ZG9yJjM=", None),
    ("UjM0bC1QNHNz", None),
];

fn fixture_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files = Vec::new();
    for dir in DIRS {
        for verdict in ["fail", "pass"] {
            let Ok(entries) = std::fs::read_dir(root.join(dir).join(verdict)) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "yaml") {
                    files.push(path);
                }
            }
        }
    }
    files.sort();
    files
}

/// Every whole value of the places secrets are read from: `data`, `stringData`, `binaryData`
/// entries, env values, annotations (object and pod template).
fn sensitive_values(node: &Node, parent_key: &str, out: &mut Vec<String>) {
    for entry in node.entries() {
        let key = entry.key_str();
        let holds_values = matches!(key, "data" | "stringData" | "binaryData" | "annotations");
        if holds_values {
            for value in entry.value.entries() {
                if let Some(s) = value.value.as_str() {
                    out.push(s.trim().to_string());
                }
            }
        }
        if key == "value"
            && parent_key == "env"
            && let Some(s) = entry.value.as_str()
        {
            out.push(s.trim().to_string());
        }
        sensitive_values(&entry.value, key, out);
    }
    for item in node.items() {
        sensitive_values(item, parent_key, out);
    }
}

#[test]
fn no_secret_appears_in_any_finding() {
    let files = fixture_files();
    assert!(files.len() >= DIRS.len() * 2, "fixtures found: {files:?}");
    let texts: Vec<(String, String)> = files
        .iter()
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(p).expect("fixture readable"),
            )
        })
        .collect();
    for (secret, form) in SECRETS {
        let planted = form.unwrap_or(secret);
        assert!(
            texts.iter().any(|(_, t)| t.contains(planted)),
            "`{secret}` is not planted in any fixture"
        );
    }

    let mut leaks = Vec::new();
    let mut findings = 0;
    for (path, text) in &texts {
        let checked = check_text(path, text, RULES.to_vec());
        let mut values = Vec::new();
        for object in &checked.objects {
            sensitive_values(&object.root, "", &mut values);
        }
        // Only values shaped like secrets (8+ characters, letters and digits): words such as
        // `kubernetes` also occur in messages by coincidence.
        values.retain(|v| {
            v.chars().count() >= 8
                && v.chars().any(|c| c.is_ascii_digit())
                && v.chars().any(|c| c.is_ascii_alphabetic())
        });
        for finding in &checked.findings {
            findings += 1;
            // Everything a report shows, except the file path the test itself chose.
            let mut value = serde_json::to_value(finding).expect("finding serialises");
            if let Some(map) = value.as_object_mut() {
                map.remove("path");
            }
            let json = value.to_string();
            for (secret, _) in SECRETS {
                if json.contains(secret) {
                    leaks.push(format!(
                        "{path}: {} leaks `{secret}`: {json}",
                        finding.rule_id
                    ));
                }
            }
            // Addresses and hosts are not secrets: the network rules name them on purpose.
            if !matches!(
                finding.rule_id,
                "hard-coded-ip" | "plain-http-url" | "cloud-metadata-address"
            ) {
                for value in &values {
                    if json.contains(value.as_str()) {
                        leaks.push(format!(
                            "{path}: {} leaks a whole value `{value}`: {json}",
                            finding.rule_id
                        ));
                    }
                }
            }
        }
    }
    assert!(
        findings > 30,
        "only {findings} findings: fixtures not checked?"
    );
    assert!(leaks.is_empty(), "{}", leaks.join("\n"));
}

/// The text report quotes source lines; for the secret rules it must not quote the line that
/// holds the secret.
#[test]
fn the_text_report_does_not_quote_secret_lines() {
    let mut leaks = Vec::new();
    for path in fixture_files() {
        let text = std::fs::read_to_string(&path).expect("fixture readable");
        let name = path.display().to_string();
        let checked = check_text(&name, &text, RULES.to_vec());
        let secret_findings: Vec<_> = checked
            .findings
            .iter()
            .filter(|f| f.rule_id.starts_with("secret-"))
            .cloned()
            .collect();
        let rendered = common::render_text(&name, &text, &secret_findings);
        for (secret, _) in SECRETS {
            if rendered.contains(secret) {
                leaks.push(format!("{name}: text report shows `{secret}`"));
            }
        }
    }
    assert!(leaks.is_empty(), "{}", leaks.join("\n"));
}
