//! Invariants of the rule registry, and every rule's documentation examples run as tests.

mod common;

use common::check_text_with_ignore;
use kubeward_loader::{ContextIgnore, DockerIgnore};
use kubeward_rules::RULES;
use std::path::Path;

#[test]
fn ids_are_unique_sorted_kebab_case_and_match_their_file() {
    let ids: Vec<&str> = RULES.iter().map(|r| r.meta().id).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(
        ids, sorted,
        "RULES must be sorted by id, without duplicates"
    );
    for rule in RULES {
        let meta = rule.meta();
        assert!(
            meta.id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{} is not kebab-case",
            meta.id
        );
        let stem = Path::new(meta.source_file)
            .file_stem()
            .map(|s| s.to_string_lossy().replace('_', "-"))
            .unwrap_or_default();
        assert_eq!(
            stem, meta.id,
            "rule {} lives in {}",
            meta.id, meta.source_file
        );
        assert!(
            !meta.title.is_empty() && !meta.remediation.is_empty(),
            "{}",
            meta.id
        );
        assert!(
            !meta.title.ends_with('.'),
            "{}: titles have no final period",
            meta.id
        );
    }
}

#[test]
fn every_rule_file_is_registered() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
    let mut files = Vec::new();
    for category in std::fs::read_dir(&root).expect("rules dir").flatten() {
        if category.path().is_dir() {
            for file in std::fs::read_dir(category.path())
                .expect("category dir")
                .flatten()
            {
                let stem = file
                    .path()
                    .file_stem()
                    .map(|s| s.to_string_lossy().to_string())
                    .unwrap_or_default();
                if stem != "helpers" && stem != "mod" {
                    files.push(stem.replace('_', "-"));
                }
            }
        }
    }
    files.sort();
    let ids: Vec<String> = RULES.iter().map(|r| r.meta().id.to_string()).collect();
    assert_eq!(
        files, ids,
        "every file in src/rules/<category>/ must be in RULES"
    );
}

#[test]
fn docs_have_every_section_in_order() {
    const SECTIONS: [&str; 5] = [
        "## What it checks",
        "## Why it matters",
        "## Bad",
        "## Good",
        "## References",
    ];
    for rule in RULES {
        let docs = rule.meta().docs;
        let mut last = 0;
        for section in SECTIONS {
            let at = docs
                .find(section)
                .unwrap_or_else(|| panic!("{}: missing `{section}`", rule.meta().id));
            assert!(at >= last, "{}: `{section}` out of order", rule.meta().id);
            last = at;
        }
    }
}

/// The ```yaml (or ```dockerfile) blocks of a doc section.
fn yaml_blocks(docs: &str, section: &str) -> Vec<String> {
    fenced_blocks(docs, section, &["```yaml", "```dockerfile"])
}

/// The blocks of a doc section whose fence starts with one of `fences`.
fn fenced_blocks(docs: &str, section: &str, fences: &[&str]) -> Vec<String> {
    let Some(start) = docs.find(section) else {
        return Vec::new();
    };
    let body = &docs[start + section.len()..];
    let end = body
        .find("\n ## ")
        .or_else(|| body.find("\n## "))
        .unwrap_or(body.len());
    let body = &body[..end];
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in body.lines() {
        let line = line.strip_prefix(' ').unwrap_or(line);
        match (&mut current, line.trim_start()) {
            (None, l) if fences.iter().any(|f| l.starts_with(f)) => current = Some(String::new()),
            (Some(_), "```") => blocks.extend(current.take()),
            (Some(block), _) => {
                block.push_str(line);
                block.push('\n');
            }
            _ => {}
        }
    }
    blocks
}

#[test]
fn bad_examples_fire_and_good_examples_do_not() {
    let mut failures = Vec::new();
    for rule in RULES {
        let meta = rule.meta();
        let bad = yaml_blocks(meta.docs, "## Bad");
        let good = yaml_blocks(meta.docs, "## Good");
        if bad.is_empty() || good.is_empty() {
            failures.push(format!(
                "{}: needs a ```yaml block under Bad and Good",
                meta.id
            ));
        }
        // Dockerfile rules' examples are ```dockerfile blocks, checked as Dockerfiles.
        let ext = if meta.scope == kubeward_model::Scope::Dockerfile {
            "Dockerfile"
        } else {
            "yaml"
        };
        // A ```dockerignore block in the section is the examples' `.dockerignore`.
        let ignore =
            |section: &str| match fenced_blocks(meta.docs, section, &["```dockerignore"]).first() {
                Some(text) => ContextIgnore::Found {
                    path: ".dockerignore".to_string(),
                    ignore: DockerIgnore::parse(text),
                },
                None => ContextIgnore::Unknown,
            };
        for block in bad {
            let checked = check_text_with_ignore(
                &format!("bad.{ext}"),
                &block,
                ignore("## Bad"),
                vec![*rule],
            );
            if checked.findings.is_empty() || !checked.errors.is_empty() {
                failures.push(format!(
                    "{}: Bad example gives no finding ({:?})",
                    meta.id, checked.errors
                ));
            }
        }
        for block in good {
            let checked = check_text_with_ignore(
                &format!("good.{ext}"),
                &block,
                ignore("## Good"),
                vec![*rule],
            );
            if !checked.findings.is_empty()
                || !checked.errors.is_empty()
                || (checked.objects.is_empty() && !checked.dockerfile)
            {
                failures.push(format!(
                    "{}: Good example is flagged or broken: {:?} {:?}",
                    meta.id,
                    checked
                        .findings
                        .iter()
                        .map(|f| &f.message)
                        .collect::<Vec<_>>(),
                    checked.errors
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
