//! Every rule's fixtures: `tests/fixtures/<rule-id>/fail/*.yaml` (or `*.Dockerfile`, parsed as
//! a Dockerfile) must produce exactly the
//! findings their `# expect: <rule-id>` comments name, on those lines (and the snapshot beside the
//! fixture pins column and message); `pass/*.yaml` must produce none. Only the fixture's own rule
//! runs (as in ruff's `for_rule`).

mod common;

use common::{check_text_with_ignore, expectations, render_text};
use kubeward_loader::{ContextIgnore, Limits, read_dockerignore};
use kubeward_rules::{RULES, find_rule};
use std::path::{Path, PathBuf};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn fixture_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| {
        p.extension()
            .is_some_and(|e| e == "yaml" || e == "yml" || e == "json" || e == "Dockerfile")
    });
    files.sort();
    files
}

#[test]
fn every_rule_has_fail_and_pass_fixtures() {
    let mut missing = Vec::new();
    for rule in RULES {
        let id = rule.meta().id;
        for verdict in ["fail", "pass"] {
            if fixture_files(&fixtures_dir().join(id).join(verdict)).is_empty() {
                missing.push(format!("{id}/{verdict}"));
            }
        }
    }
    assert!(missing.is_empty(), "rules without fixtures: {missing:?}");
}

#[test]
fn fixture_directories_name_registered_rules() {
    let mut unknown = Vec::new();
    for entry in std::fs::read_dir(fixtures_dir())
        .expect("fixtures dir")
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().to_string();
        if find_rule(&name).is_none() {
            unknown.push(name);
        }
    }
    assert!(
        unknown.is_empty(),
        "fixture dirs without a rule: {unknown:?}"
    );
}

#[test]
fn fixtures() {
    let mut failures = Vec::new();
    for rule in RULES {
        let id = rule.meta().id;
        for verdict in ["fail", "pass"] {
            let dir = fixtures_dir().join(id).join(verdict);
            for file in fixture_files(&dir) {
                let text = std::fs::read_to_string(&file).expect("fixture readable");
                let rel = format!(
                    "{id}/{verdict}/{}",
                    file.file_name()
                        .map(|n| n.to_string_lossy().to_string())
                        .unwrap_or_default()
                );
                // A Dockerfile fixture's build context is its directory: `<name>.dockerignore`
                // or `.dockerignore` there, as the loader reads them.
                let ignore = if kubeward_loader::is_dockerfile(&file) {
                    read_dockerignore(&file, &Limits::default())
                        .unwrap_or_else(|(p, e)| panic!("{p}: {e}"))
                } else {
                    ContextIgnore::Unknown
                };
                let ignore = match ignore {
                    // Show the ignore file by its fixture-relative name, like the fixture.
                    ContextIgnore::Found { path, ignore } => ContextIgnore::Found {
                        path: format!(
                            "{id}/{verdict}/{}",
                            std::path::Path::new(&path)
                                .file_name()
                                .map(|n| n.to_string_lossy().to_string())
                                .unwrap_or_default()
                        ),
                        ignore,
                    },
                    other => other,
                };
                let checked = check_text_with_ignore(&rel, &text, ignore, vec![*rule]);
                if !checked.errors.is_empty() {
                    failures.push(format!("{rel}: load errors {:?}", checked.errors));
                    continue;
                }
                if checked.objects.is_empty() && !checked.dockerfile {
                    failures.push(format!("{rel}: no Kubernetes object in fixture"));
                    continue;
                }
                let expected = expectations(&text);
                let mut actual: Vec<(u32, String)> = checked
                    .findings
                    .iter()
                    .map(|f| (f.line, f.rule_id.to_string()))
                    .collect();
                actual.sort();
                if verdict == "pass" {
                    if !actual.is_empty() || !expected.is_empty() {
                        failures.push(format!("{rel}: pass fixture has findings {actual:?} / expectations {expected:?}"));
                    }
                    continue;
                }
                if expected.is_empty() {
                    failures.push(format!(
                        "{rel}: fail fixture has no `# expect: {id}` comment"
                    ));
                }
                if actual != expected {
                    failures.push(format!("{rel}: expected {expected:?}, got {actual:?}"));
                    continue;
                }
                let rendered = render_text(&rel, &text, &checked.findings);
                let snapshot_dir = dir.clone();
                let name = file
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default();
                insta::with_settings!({
                    snapshot_path => snapshot_dir,
                    prepend_module_to_snapshot => false,
                    omit_expression => true,
                }, {
                    insta::assert_snapshot!(name, rendered);
                });
            }
        }
    }
    assert!(
        failures.is_empty(),
        "fixture failures:\n{}",
        failures.join("\n")
    );
}
