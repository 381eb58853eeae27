//! Arbitrary bytes into `kubeward_loader::load_bytes`, read both as YAML and as JSON, with small
//! limits so that the size, depth and alias limits are reached by small inputs.
//!
//! Beyond "no panic" it checks what the loader promises: every error names its file, and every
//! position it hands out (errors, skipped documents, every node of every object) is 1-based and
//! inside the input.
#![no_main]

use kubeward_loader::{FileLoad, Limits, LoadOptions, load_bytes};
use kubeward_model::{Node, NodeKind, Pos};
use libfuzzer_sys::fuzz_target;
use std::sync::Arc;

fuzz_target!(|data: &[u8]| {
    let options = LoadOptions {
        limits: Limits {
            max_file_size: 16 * 1024,
            max_depth: 16,
            max_alias_nodes: 2_000,
            max_alias_nodes_per_file: 5_000,
        },
        ..LoadOptions::default()
    };
    for json_hint in [false, true] {
        let path: Arc<str> = Arc::from("fuzz.yaml");
        let load = load_bytes(path, data, json_hint, &options);
        check(&load, data, options.limits.max_depth);
    }
});

fn check(load: &FileLoad, data: &[u8], max_depth: usize) {
    // Positions refer to the text the loader kept (decoded, lone `\r` turned into `\n`).
    let text = match &load.source {
        Some(source) => source.text.to_string(),
        None => String::from_utf8_lossy(data).into_owned(),
    };
    let line_lengths: Vec<u32> = text.split('\n').map(|l| l.chars().count() as u32).collect();
    let in_input = |line: u32, column: u32, what: &str| {
        assert!(line >= 1, "{what}: line {line} is not 1-based");
        assert!(column >= 1, "{what}: column {column} is not 1-based");
        let Some(len) = line_lengths.get(line as usize - 1) else {
            panic!(
                "{what}: line {line} past the end ({} lines)",
                line_lengths.len()
            );
        };
        // One past the last character is where an error at the end of a line points.
        assert!(
            column <= len + 2,
            "{what}: column {column} past the end of line {line} ({len} chars)"
        );
    };
    for e in &load.errors {
        assert!(!e.path.is_empty(), "error without a path: {e:?}");
        assert!(!e.message.is_empty(), "error without a message: {e:?}");
        assert!(!e.kind.is_empty(), "error without a kind: {e:?}");
        assert_eq!(
            e.line.is_some(),
            e.column.is_some(),
            "half a position: {e:?}"
        );
        if let (Some(line), Some(column)) = (e.line, e.column) {
            in_input(line, column, &format!("error {e:?}"));
        }
    }
    for s in &load.skipped {
        assert!(!s.path.is_empty());
        if let Some(line) = s.line {
            in_input(line, 1, &format!("skipped {s:?}"));
        }
    }
    for object in &load.objects {
        assert!(!object.id.kind.is_empty() && !object.id.api_version.is_empty());
        check_node(&object.root, 1, max_depth, &in_input);
    }
    if !load.objects.is_empty() {
        assert!(load.source.is_some(), "objects without their source text");
    }
}

fn check_node(node: &Node, depth: usize, max_depth: usize, in_input: &dyn Fn(u32, u32, &str)) {
    assert!(
        depth <= max_depth + 1,
        "tree deeper than the limit: {depth}"
    );
    let Pos { line, column } = node.span.start;
    in_input(line, column, "node start");
    assert!(
        node.span.start <= node.span.end || !node.span.end.is_known(),
        "span ends before it starts: {:?}",
        node.span
    );
    match &node.kind {
        NodeKind::Scalar { .. } => {}
        NodeKind::Seq(items) => items
            .iter()
            .for_each(|n| check_node(n, depth + 1, max_depth, in_input)),
        NodeKind::Map(entries) => entries.iter().for_each(|e| {
            check_node(&e.key, depth + 1, max_depth, in_input);
            check_node(&e.value, depth + 1, max_depth, in_input);
        }),
    }
}
