//! Bad input gets a clear error, never a panic and never silent loss: one test (or more) per
//! class of bad input, asserting the exact path, line, column, kind and message of each error
//! and that the rest of the input still loads.

use kubeward_loader::{FileLoad, Input, Limits, LoadOptions, discover, load_bytes, load_input};
use kubeward_model::{Node, Pos};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// (path, line, column, kind, message) of every error.
type Error = (String, Option<u32>, Option<u32>, &'static str, String);

fn err(line: u32, column: u32, kind: &'static str, message: &str) -> Error {
    (
        "in.yaml".into(),
        Some(line),
        Some(column),
        kind,
        message.into(),
    )
}

fn errors(load: &FileLoad) -> Vec<Error> {
    load.errors
        .iter()
        .map(|e| {
            (
                e.path.to_string(),
                e.line,
                e.column,
                e.kind,
                e.message.clone(),
            )
        })
        .collect()
}

/// (display name, document index, start) of every object.
fn objects(load: &FileLoad) -> Vec<(String, usize, Pos)> {
    load.objects
        .iter()
        .map(|o| (o.id.display_name(), o.document, o.start()))
        .collect()
}

fn obj(name: &str, document: usize, line: u32, column: u32) -> (String, usize, Pos) {
    (name.to_string(), document, Pos::new(line, column))
}

fn load_with(bytes: &[u8], json: bool, limits: Limits) -> FileLoad {
    let options = LoadOptions {
        limits,
        ..LoadOptions::default()
    };
    load_bytes(Arc::from("in.yaml"), bytes, json, &options)
}

fn load(text: &str) -> FileLoad {
    load_with(text.as_bytes(), false, Limits::default())
}

fn load_json(text: &str) -> FileLoad {
    load_with(text.as_bytes(), true, Limits::default())
}

fn pod(name: &str) -> String {
    format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n")
}

#[test]
fn broken_yaml_mid_stream_keeps_the_documents_before_and_after() {
    let text = format!(
        "{}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: broken\n  labels: {{a: [1, 2}}\n---\n{}",
        pod("before"),
        pod("after")
    );
    let l = load(&text);
    assert_eq!(
        errors(&l),
        vec![err(
            10,
            20,
            "syntax",
            "YAML syntax error: while parsing a flow sequence, expected ',' or ']'"
        )]
    );
    // The broken document keeps its number: `after` is the third document of the file.
    assert_eq!(
        objects(&l),
        vec![obj("Pod/before", 0, 1, 1), obj("Pod/after", 2, 12, 1)]
    );
}

#[test]
fn broken_yaml_in_the_first_document_and_an_unclosed_quote() {
    let text = format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: \"unclosed\n---\n{}---\n{}",
        pod("a"),
        pod("b")
    );
    let l = load(&text);
    assert_eq!(
        errors(&l),
        vec![err(
            4,
            9,
            "syntax",
            "YAML syntax error: while scanning a quoted scalar, found unexpected document indicator"
        )]
    );
    assert_eq!(
        objects(&l),
        vec![obj("Pod/a", 1, 6, 1), obj("Pod/b", 2, 11, 1)]
    );
}

#[test]
fn bad_indentation_is_a_syntax_error_at_the_line() {
    let text = format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n bad: x\n---\n{}",
        pod("ok")
    );
    let l = load(&text);
    assert_eq!(
        errors(&l),
        vec![err(
            5,
            2,
            "syntax",
            "YAML syntax error: while parsing a block mapping, did not find expected key"
        )]
    );
    assert_eq!(objects(&l), vec![obj("Pod/ok", 1, 7, 1)]);
}

#[test]
fn syntax_error_at_the_end_of_input_stays_inside_the_text() {
    // saphyr reports this one on a line after the last; it is kept on the last line.
    let l = load("apiVeapiVersionr: v1\nsi");
    assert_eq!(
        errors(&l),
        vec![err(
            2,
            3,
            "syntax",
            "YAML syntax error: simple key expected"
        )]
    );
}

#[test]
fn duplicate_keys_are_reported_and_the_last_value_wins() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: first\n  name: second\nspec:\n  hostNetwork: false\n  hostNetwork: true\n";
    let l = load(text);
    assert_eq!(
        errors(&l),
        vec![
            err(
                5,
                3,
                "duplicate-key",
                "duplicate key `name` (first defined on line 4); the last value is used"
            ),
            err(
                8,
                3,
                "duplicate-key",
                "duplicate key `hostNetwork` (first defined on line 7); the last value is used"
            ),
        ]
    );
    assert_eq!(objects(&l), vec![obj("Pod/second", 0, 1, 1)]);
    let host_network = l.objects[0].root.path(&["spec", "hostNetwork"]);
    assert_eq!(host_network.and_then(Node::as_bool), Some(true));
    assert_eq!(host_network.map(Node::start), Some(Pos::new(8, 16)));
}

#[test]
fn duplicate_keys_in_a_large_mapping_are_found_too() {
    let mut text = String::from("apiVersion: v1\nkind: ConfigMap\ndata:\n");
    for i in 0..1000 {
        text.push_str(&format!("  k{i}: v{i}\n"));
    }
    text.push_str("  k500: again\n");
    let l = load(&text);
    assert_eq!(
        errors(&l),
        vec![err(
            1004,
            3,
            "duplicate-key",
            "duplicate key `k500` (first defined on line 504); the last value is used"
        )]
    );
    let data = l.objects[0].root.get("data").expect("data");
    assert_eq!(data.entries().len(), 1000);
    assert_eq!(data.get("k500").and_then(Node::as_str), Some("again"));
    assert_eq!(data.get("k999").and_then(Node::as_str), Some("v999"));
}

#[test]
fn a_hundred_thousand_keys_load_quickly() {
    // Duplicate detection must not be quadratic.
    let mut text = String::from("apiVersion: v1\nkind: ConfigMap\ndata:\n");
    for i in 0..100_000 {
        text.push_str(&format!("  k{i}: v\n"));
    }
    let started = Instant::now();
    let l = load(&text);
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_eq!(errors(&l), vec![]);
    assert_eq!(
        l.objects[0].root.get("data").map(|d| d.entries().len()),
        Some(100_000)
    );
}

#[test]
fn invalid_utf8_skips_only_the_document_it_is_in() {
    let mut bytes = pod("before").into_bytes();
    bytes.extend_from_slice(
        b"---\napiVersion: v1\nkind: ConfigMap\ndata:\n  greeting: caf\xE9\n---\n",
    );
    bytes.extend_from_slice(pod("after").as_bytes());
    let l = load_with(&bytes, false, Limits::default());
    assert_eq!(
        errors(&l),
        vec![err(
            9,
            16,
            "invalid-utf8",
            "not valid UTF-8 text: byte 0xE9 (save the file as UTF-8); document skipped"
        )]
    );
    assert_eq!(
        objects(&l),
        vec![obj("Pod/before", 0, 1, 1), obj("Pod/after", 2, 11, 1)]
    );
    // The text kept for quoting has the replacement character where the byte was.
    let source = l.source.expect("source");
    assert_eq!(source.text.lines().nth(8), Some("  greeting: caf\u{FFFD}"));
}

#[test]
fn invalid_utf8_in_a_trailing_comment_skips_that_document() {
    let mut bytes = pod("a").into_bytes();
    bytes.extend_from_slice(b"# \xFF\xFE junk\n---\n");
    bytes.extend_from_slice(pod("b").as_bytes());
    let l = load_with(&bytes, false, Limits::default());
    assert_eq!(
        errors(&l),
        vec![err(
            5,
            3,
            "invalid-utf8",
            "not valid UTF-8 text: byte 0xFF (save the file as UTF-8); document skipped"
        )]
    );
    // A comment at the end of a document belongs to it (`kubectl` splits at `---` and go-yaml
    // rejects the chunk), so `a` is the one skipped.
    assert_eq!(objects(&l), vec![obj("Pod/b", 1, 7, 1)]);
}

#[test]
fn invalid_utf8_before_the_first_document_skips_nothing() {
    let mut bytes = b"# \xFF header\n---\n".to_vec();
    bytes.extend_from_slice(pod("a").as_bytes());
    let l = load_with(&bytes, false, Limits::default());
    assert_eq!(
        errors(&l),
        vec![err(
            1,
            3,
            "invalid-utf8",
            "not valid UTF-8 text: byte 0xFF (save the file as UTF-8)"
        )]
    );
    assert_eq!(objects(&l), vec![obj("Pod/a", 0, 3, 1)]);
}

#[test]
fn binary_junk_is_one_error_for_the_file() {
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa\x00\x00\x00\x19tEXtSoftware\x00Adobe";
    let l = load_with(png, false, Limits::default());
    assert_eq!(
        errors(&l),
        vec![(
            "in.yaml".into(),
            None,
            None,
            "binary",
            "binary data, not text (NUL byte at offset 8); file skipped".into()
        )]
    );
    assert!(l.objects.is_empty() && l.skipped.is_empty() && l.source.is_none());
    // The same bytes named `.json`.
    let l = load_with(png, true, Limits::default());
    assert_eq!(errors(&l).len(), 1);
    assert_eq!(l.errors[0].kind, "binary");
}

#[test]
fn latin1_text_without_nul_is_not_binary() {
    let l = load_with(
        b"apiVersion: v1\nkind: Pod\nmetadata:\n  name: \xE9t\xE9\n",
        false,
        Limits::default(),
    );
    assert_eq!(
        errors(&l),
        vec![err(
            4,
            9,
            "invalid-utf8",
            "not valid UTF-8 text: byte 0xE9 (save the file as UTF-8); document skipped"
        )]
    );
    assert!(l.objects.is_empty());
}

#[test]
fn nul_and_control_characters_inside_valid_utf8_skip_their_document() {
    let text = format!(
        "{}---\n{}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: bell\u{7}\n---\n{}",
        pod("ok1"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\0b\n",
        pod("ok2")
    );
    let l = load(&text);
    assert_eq!(
        errors(&l),
        vec![
            err(
                9,
                10,
                "control-character",
                "control character U+0000 is not allowed in YAML; document skipped"
            ),
            err(
                14,
                13,
                "control-character",
                "control character U+0007 is not allowed in YAML; document skipped"
            ),
        ]
    );
    assert_eq!(
        objects(&l),
        vec![obj("Pod/ok1", 0, 1, 1), obj("Pod/ok2", 3, 16, 1)]
    );
}

#[test]
fn control_characters_are_fine_in_json_strings_that_allow_them() {
    // JSON allows DEL and C1 controls in strings (and kubectl accepts them); raw C0 is an error.
    let l = load_json(
        "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"a\u{7f}\"}}\n{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"x\": \"\u{1}\"}\n",
    );
    assert_eq!(
        errors(&l),
        // serde_json points just before a character it refuses in a string.
        vec![err(
            2,
            42,
            "syntax",
            "JSON syntax error: control character (\\u0000-\\u001F) found while parsing a string"
        )]
    );
    assert_eq!(objects(&l), vec![obj("Pod/a\u{7f}", 0, 1, 1)]);
}

#[test]
fn files_over_the_size_limit_are_not_read() {
    let limits = Limits {
        max_file_size: 64,
        ..Limits::default()
    };
    let text = [pod("x"), pod("y"), pod("z")].join("---\n");
    let l = load_with(text.as_bytes(), false, limits.clone());
    assert_eq!(
        errors(&l),
        vec![(
            "in.yaml".into(),
            None,
            None,
            "too-large",
            "file is 143 bytes, over the 64-byte limit (raise it with --max-file-size)".into()
        )]
    );
    assert!(l.objects.is_empty());

    // From disk, the size is checked before reading.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("big.yaml");
    std::fs::write(&path, &text).expect("write");
    let options = LoadOptions {
        limits,
        ..LoadOptions::default()
    };
    let l = load_input(&Input::File(path.clone()), &options);
    assert_eq!(
        errors(&l),
        vec![(
            path.display().to_string(),
            None,
            None,
            "too-large",
            "file is 143 bytes, over the 64-byte limit (raise it with --max-file-size)".into()
        )]
    );
    // Exactly at the limit is fine.
    let exact = Limits {
        max_file_size: 143,
        ..Limits::default()
    };
    assert_eq!(load_with(text.as_bytes(), false, exact).objects.len(), 3);
}

fn deep_limit() -> Limits {
    Limits {
        max_depth: 20,
        ..Limits::default()
    }
}

#[test]
fn flow_nesting_deeper_than_the_limit_skips_the_document() {
    let deep = format!("a: {}1{}\n", "[".repeat(30), "]".repeat(30));
    let text = format!("{}---\n{deep}---\n{}", pod("before"), pod("after"));
    let l = load_with(text.as_bytes(), false, deep_limit());
    assert_eq!(
        errors(&l),
        vec![err(
            6,
            23,
            "too-deep",
            "document nests deeper than 20 levels; refusing to parse it"
        )]
    );
    // Neither an object nor an empty document.
    assert_eq!(
        objects(&l),
        vec![obj("Pod/before", 0, 1, 1), obj("Pod/after", 2, 8, 1)]
    );
    assert_eq!(l.empty_documents, 0);
}

#[test]
fn block_nesting_deeper_than_the_limit_skips_the_document() {
    let mut deep = String::new();
    for i in 0..30 {
        deep.push_str(&format!("{}k{i}:\n", "  ".repeat(i)));
    }
    let text = format!("{deep}---\n{}", pod("after"));
    let l = load_with(text.as_bytes(), false, deep_limit());
    // The 21st mapping starts at `k20`.
    assert_eq!(
        errors(&l),
        vec![err(
            21,
            41,
            "too-deep",
            "document nests deeper than 20 levels; refusing to parse it"
        )]
    );
    assert_eq!(objects(&l), vec![obj("Pod/after", 1, 32, 1)]);
}

#[test]
fn a_hundred_thousand_levels_do_not_overflow_the_stack() {
    let n = 100_000;
    let flow = format!("{}{}\n---\n{}", "[".repeat(n), "]".repeat(n), pod("after"));
    let block = format!("{}x\n---\n{}", "- ".repeat(n), pod("after"));
    let mixed = format!("{}\n---\n{}", "{a: [".repeat(n), pod("after"));
    // saphyr's scanner looks ahead through `[[[[` and stops at 255 flow levels, before the
    // builder counts 128: the error is at the 256th `[`. Block sequences reach the builder.
    for (name, text) in [("flow", flow), ("block", block)] {
        let l = load(&text);
        assert_eq!(
            errors(&l),
            vec![err(
                1,
                if name == "flow" { 256 } else { 257 },
                "too-deep",
                "document nests deeper than 128 levels; refusing to parse it"
            )],
            "{name}"
        );
        assert_eq!(objects(&l), vec![obj("Pod/after", 1, 3, 1)], "{name}");
    }
    // Unclosed as well: the depth is what is reported.
    let l = load(&mixed);
    assert_eq!(
        errors(&l),
        // saphyr's 255th flow level: the `[` of the 128th `{a: [`.
        vec![err(
            1,
            640,
            "too-deep",
            "document nests deeper than 128 levels; refusing to parse it"
        )]
    );
    assert_eq!(objects(&l), vec![obj("Pod/after", 1, 3, 1)]);
    // JSON.
    let json = format!(
        "{}{}\n{{\"apiVersion\": \"v1\", \"kind\": \"Pod\"}}\n",
        "[".repeat(n),
        "]".repeat(n)
    );
    let l = load_json(&json);
    assert_eq!(
        errors(&l),
        vec![err(
            1,
            256,
            "too-deep",
            "document nests deeper than 128 levels; refusing to parse it"
        )]
    );
    assert_eq!(objects(&l), vec![obj("Pod/<unnamed>", 1, 2, 1)]);
}

#[test]
fn json_nesting_beyond_serde_json_recursion_limit() {
    // serde_json stops at 128 levels; our limit says the same and names it.
    let deep = format!("{}1{}", "{\"a\":".repeat(200), "}".repeat(200));
    let text = format!(
        "{deep}\n{{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {{\"name\": \"after\"}}}}\n"
    );
    let l = load_json(&text);
    assert_eq!(
        errors(&l),
        // The 129th `{`.
        vec![err(
            1,
            641,
            "too-deep",
            "document nests deeper than 128 levels; refusing to parse it"
        )]
    );
    assert_eq!(objects(&l), vec![obj("Pod/after", 1, 2, 1)]);
    assert_eq!(l.empty_documents, 0);
}

fn billion_laughs() -> String {
    let mut text = String::from(
        "apiVersion: v1\nkind: ConfigMap\ndata:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for i in 1..10 {
        let prev = format!("*a{}", i - 1);
        text.push_str(&format!(
            "  a{i}: &a{i} [{}]\n",
            [prev.as_str(); 9].join(", ")
        ));
    }
    text
}

#[test]
fn alias_bomb_is_rejected_quickly() {
    let text = format!("{}---\n{}", billion_laughs(), pod("after"));
    let started = Instant::now();
    let l = load(&text);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    // Copies made by a1..a4: 90 + 819 + 7,380 + 66,429 = 74,718 nodes; the first alias in a5
    // would add 66,430 more.
    assert_eq!(
        errors(&l),
        vec![err(
            9,
            12,
            "alias-bomb",
            "alias expansion exceeds 100000 nodes (a YAML alias bomb?); document skipped"
        )]
    );
    assert_eq!(objects(&l), vec![obj("Pod/after", 1, 15, 1)]);
    assert_eq!(l.empty_documents, 0);
}

#[test]
fn many_small_alias_bombs_hit_the_per_file_budget() {
    // Each document stays under the per-document budget; together they would not.
    let limits = Limits {
        max_alias_nodes: 1_000,
        max_alias_nodes_per_file: 5_000,
        ..Limits::default()
    };
    let doc = "apiVersion: v1\nkind: ConfigMap\ndata:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n  b: [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n";
    let text = [doc; 6].join("---\n");
    let l = load_with(text.as_bytes(), false, limits);
    // 550 nodes per document: the tenth would pass 5,000.
    assert_eq!(l.objects.len(), 6);
    let text = [doc; 12].join("---\n");
    let limits = Limits {
        max_alias_nodes: 1_000,
        max_alias_nodes_per_file: 5_000,
        ..Limits::default()
    };
    let l = load_with(text.as_bytes(), false, limits);
    assert_eq!(l.objects.len(), 9);
    // 550 nodes a document: the fifth alias of the tenth document passes 5,000.
    assert_eq!(
        errors(&l)[0],
        err(
            59,
            23,
            "alias-bomb",
            "alias expansion exceeds 5000 nodes (a YAML alias bomb?); document skipped"
        )
    );
    assert_eq!(errors(&l).len(), 3);
}

#[test]
fn aliases_cannot_nest_past_the_depth_limit() {
    let limits = Limits {
        max_depth: 10,
        ..Limits::default()
    };
    let text = format!(
        "a: &d [[[[[[1]]]]]]\nb: [[[[[*d]]]]]\n---\n{}",
        pod("after")
    );
    let l = load_with(text.as_bytes(), false, limits);
    assert_eq!(
        errors(&l),
        vec![err(
            2,
            9,
            "too-deep",
            "document nests deeper than 10 levels; refusing to parse it"
        )]
    );
    assert_eq!(objects(&l), vec![obj("Pod/after", 1, 4, 1)]);
}

#[test]
fn unreadable_paths_are_io_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("file.yaml");
    std::fs::write(&file, pod("x")).expect("write");
    // A path through a regular file fails for root too (ENOTDIR).
    let through_file = file.join("child.yaml");
    let l = load_input(&Input::File(through_file.clone()), &LoadOptions::default());
    assert_eq!(
        errors(&l),
        vec![(
            through_file.display().to_string(),
            None,
            None,
            "io",
            "cannot read: Not a directory (os error 20)".into()
        )]
    );
    // A directory named as a file: opening works, reading does not (EISDIR).
    let l = load_input(
        &Input::File(dir.path().to_path_buf()),
        &LoadOptions::default(),
    );
    assert_eq!(
        errors(&l),
        vec![(
            dir.path().display().to_string(),
            None,
            None,
            "io",
            "cannot read: Is a directory (os error 21)".into()
        )]
    );
    // The file itself still loads.
    assert_eq!(
        load_input(&Input::File(file), &LoadOptions::default())
            .objects
            .len(),
        1
    );
}

#[test]
fn missing_paths_are_reported_by_discover_and_the_rest_is_walked() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("ok.yaml"), pod("x")).expect("write");
    let file = dir.path().join("ok.yaml");
    let missing_dir = dir.path().join("no-such-dir").display().to_string();
    let missing_file = dir.path().join("gone.yaml").display().to_string();
    let through_file = file.join("child").display().to_string();
    let paths = vec![
        missing_dir.clone(),
        dir.path().display().to_string(),
        missing_file.clone(),
        through_file.clone(),
    ];
    let found = discover(&paths, &LoadOptions::default()).expect("discover");
    let got: Vec<Error> = found
        .errors
        .iter()
        .map(|e| {
            (
                e.path.to_string(),
                e.line,
                e.column,
                e.kind,
                e.message.clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                missing_dir,
                None,
                None,
                "not-found",
                "no such file or directory".into()
            ),
            (
                missing_file,
                None,
                None,
                "not-found",
                "no such file or directory".into()
            ),
            (
                through_file,
                None,
                None,
                "io",
                "cannot read: Not a directory (os error 20)".into()
            ),
        ]
    );
    assert_eq!(found.inputs, vec![Input::File(file)]);
}

#[test]
fn json_stream_with_a_syntax_error_resumes_at_the_next_value() {
    let text = "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"a\"}}\n{\"apiVersion\": \"v1\", \"kind\": }\n{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"b\"}}\n";
    let l = load_json(text);
    assert_eq!(
        errors(&l),
        vec![err(2, 30, "syntax", "JSON syntax error: expected value")]
    );
    assert_eq!(
        objects(&l),
        vec![obj("Pod/a", 0, 1, 1), obj("Pod/b", 2, 3, 1)]
    );
}

#[test]
fn json_with_an_unclosed_object_resumes_on_the_line_the_error_is_found() {
    let text = "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"a\"}\n{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"b\"}}\n";
    let l = load_json(text);
    assert_eq!(
        errors(&l),
        vec![err(
            2,
            1,
            "syntax",
            "JSON syntax error: expected `,` or `}`"
        )]
    );
    assert_eq!(objects(&l), vec![obj("Pod/b", 1, 2, 1)]);
}

#[test]
fn json_error_columns_count_characters() {
    let l = load_json("{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"x\": \"ééé\" oops}\n");
    assert_eq!(
        errors(&l),
        vec![err(
            1,
            48,
            "syntax",
            "JSON syntax error: expected `,` or `}`"
        )]
    );
    let l = load_json("{\"apiVersion\": \"v1\"");
    assert_eq!(
        errors(&l),
        vec![err(
            1,
            19,
            "syntax",
            "JSON syntax error: EOF while parsing an object"
        )]
    );
}

#[test]
fn sniffed_json_that_is_really_yaml_is_read_as_yaml() {
    let text = format!(
        "{{apiVersion: v1, kind: Pod, metadata: {{name: flow}}}}\n---\n{}",
        pod("block")
    );
    let l = load(&text);
    assert_eq!(errors(&l), vec![]);
    assert_eq!(
        objects(&l),
        vec![obj("Pod/flow", 0, 1, 1), obj("Pod/block", 1, 3, 1)]
    );
    // Broken either way: the JSON reading's error is the one reported.
    let l = load("{\"apiVersion\": \"v1\",, }\n");
    assert_eq!(
        errors(&l),
        vec![err(
            1,
            21,
            "syntax",
            "JSON syntax error: key must be a string"
        )]
    );
}

#[test]
fn non_kubernetes_and_empty_documents_are_skipped_and_counted() {
    let text = format!(
        "---\n# only a comment\n---\n---\nfoo: bar\n---\n- a\n- b\n---\napiVersion: v1\n---\nkind: Pod\n---\napiVersion: \"\"\nkind: Pod\n---\nplain scalar\n---\nnull\n---\n{}",
        pod("real")
    );
    let l = load(&text);
    assert_eq!(errors(&l), vec![]);
    let skipped: Vec<(Option<u32>, &str)> = l
        .skipped
        .iter()
        .map(|s| (s.line, s.reason.as_str()))
        .collect();
    assert_eq!(
        skipped,
        vec![
            (Some(5), "no `apiVersion`: not a Kubernetes object"),
            (
                Some(7),
                "document is not a mapping, so not a Kubernetes object"
            ),
            (Some(10), "no `kind`: not a Kubernetes object"),
            (Some(12), "no `apiVersion`: not a Kubernetes object"),
            (
                Some(14),
                "empty `apiVersion` or `kind`: not a Kubernetes object"
            ),
            (
                Some(17),
                "document is not a mapping, so not a Kubernetes object"
            ),
        ]
    );
    assert!(l.skipped.iter().all(|s| &*s.path == "in.yaml"));
    // `---` + comment, the bare `---`, and `null`.
    assert_eq!(l.empty_documents, 3);
    assert_eq!(objects(&l), vec![obj("Pod/real", 9, 21, 1)]);
}

#[test]
fn empty_inputs_are_not_errors() {
    for (text, json, empty) in [
        ("", false, 0),
        ("   \n\n", false, 0),
        ("# nothing\n", false, 0),
        ("---\n", false, 1),
        ("", true, 0),
        (" \n", true, 0),
    ] {
        let l = load_with(text.as_bytes(), json, Limits::default());
        assert_eq!(errors(&l), vec![], "{text:?}");
        assert_eq!(
            (l.objects.len(), l.skipped.len(), l.empty_documents),
            (0, 0, empty),
            "{text:?}"
        );
    }
}

#[test]
fn tabs_for_indentation_are_a_syntax_error() {
    let text = format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n\tname: tabbed\n---\n{}",
        pod("spaces")
    );
    let l = load(&text);
    assert_eq!(
        errors(&l),
        vec![err(
            4,
            2,
            "syntax",
            "YAML syntax error: tabs disallowed within this context (block indentation)"
        )]
    );
    assert_eq!(objects(&l), vec![obj("Pod/spaces", 1, 6, 1)]);
    // A tab as the only separator after `key:` is rejected as well, by go-yaml v2 (libyaml's
    // scanner skips tabs there only in flow context) as by saphyr; after a space it is fine.
    let l = load("apiVersion: v1\nkind: Pod\nmetadata:\n  name:\tok\n");
    assert_eq!(
        errors(&l),
        vec![err(
            4,
            9,
            "syntax",
            "YAML syntax error: ':' must be followed by a valid YAML whitespace"
        )]
    );
    let l = load("apiVersion: v1\nkind: Pod\nmetadata:\n  name: \tok\t# tab\n");
    assert_eq!(errors(&l), vec![]);
    assert_eq!(objects(&l), vec![obj("Pod/ok", 0, 1, 1)]);
}

#[test]
fn list_items_keep_their_own_lines() {
    let text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: one\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: two\n- not an object\n---\napiVersion: v1\nkind: PodList\nitems:\n  - {apiVersion: v1, kind: Pod, metadata: {name: three}}\n";
    let l = load(text);
    assert_eq!(errors(&l), vec![]);
    assert_eq!(
        objects(&l),
        vec![
            obj("Pod/one", 0, 4, 3),
            obj("Deployment/two", 0, 8, 3),
            obj("Pod/three", 1, 17, 5),
        ]
    );
    let name = l.objects[1].root.path(&["metadata", "name"]).expect("name");
    assert_eq!(name.start(), Pos::new(11, 11));
    let skipped: Vec<_> = l
        .skipped
        .iter()
        .map(|s| (s.line, s.reason.as_str()))
        .collect();
    assert_eq!(
        skipped,
        vec![(
            Some(12),
            "document is not a mapping, so not a Kubernetes object"
        )]
    );
}

#[test]
fn crlf_line_endings_keep_lines_and_columns() {
    let text = "apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: crlf\r\nspec:\r\n  hostPID: yes\r\n---\r\napiVersion: v1\r\nkind: Pod\r\nspec: [oops\r\n---\r\napiVersion: v1\r\nkind: Service\r\n";
    let l = load(text);
    assert_eq!(
        errors(&l),
        vec![err(
            11,
            1,
            "syntax",
            "YAML syntax error: while parsing a flow sequence, expected ',' or ']'"
        )]
    );
    assert_eq!(
        objects(&l),
        vec![obj("Pod/crlf", 0, 1, 1), obj("Service/<unnamed>", 2, 12, 1)]
    );
    let host_pid = l.objects[0]
        .root
        .path(&["spec", "hostPID"])
        .expect("hostPID");
    assert_eq!(host_pid.span.start, Pos::new(6, 12));
    assert_eq!(host_pid.span.end, Pos::new(6, 15));
    assert_eq!(host_pid.as_bool(), Some(true));
    // No `\r` in values.
    assert_eq!(
        l.objects[0]
            .root
            .path(&["metadata", "name"])
            .and_then(Node::as_str),
        Some("crlf")
    );
}

#[test]
fn lone_carriage_returns_are_line_breaks_everywhere() {
    let text = "apiVersion: v1\rkind: Pod\rmetadata:\r  name: a\r  name: b\r";
    let l = load(text);
    assert_eq!(
        errors(&l),
        vec![err(
            5,
            3,
            "duplicate-key",
            "duplicate key `name` (first defined on line 4); the last value is used"
        )]
    );
    // Reporters quote lines from the kept text; it agrees with the positions.
    let source = l.source.expect("source");
    assert_eq!(source.text.lines().nth(4), Some("  name: b"));
}

#[test]
fn utf8_byte_order_mark_is_not_a_column() {
    let l = load("\u{FEFF}apiVersion: v1\nkind: Pod\nmetadata: {name: bom}\n");
    assert_eq!(errors(&l), vec![]);
    assert_eq!(objects(&l), vec![obj("Pod/bom", 0, 1, 1)]);
    let name = l.objects[0].root.path(&["metadata", "name"]).expect("name");
    assert_eq!(name.start(), Pos::new(3, 18));
    // JSON too.
    let l = load_json("\u{FEFF}{\"apiVersion\": \"v1\", \"kind\": \"Pod\"}");
    assert_eq!(errors(&l), vec![]);
    assert_eq!(objects(&l), vec![obj("Pod/<unnamed>", 0, 1, 1)]);
    // A byte order mark inside the stream (files concatenated with `cat`) is a syntax error in
    // that document only.
    let text = format!("{}---\n\u{FEFF}{}---\n{}", pod("a"), pod("b"), pod("c"));
    let l = load(&text);
    assert_eq!(
        errors(&l),
        vec![err(
            6,
            1,
            "syntax",
            "YAML syntax error: a byte order mark must not appear inside a document"
        )]
    );
    assert_eq!(
        objects(&l),
        vec![obj("Pod/a", 0, 1, 1), obj("Pod/c", 2, 11, 1)]
    );
}

#[test]
fn utf16_with_a_byte_order_mark_loads() {
    // What Windows PowerShell's `kubectl get -o yaml > file.yaml` writes.
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(pod("wide").encode_utf16().flat_map(u16::to_le_bytes));
    let l = load_with(&bytes, false, Limits::default());
    assert_eq!(errors(&l), vec![]);
    assert_eq!(objects(&l), vec![obj("Pod/wide", 0, 1, 1)]);
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(pod("big").encode_utf16().flat_map(u16::to_be_bytes));
    assert_eq!(
        objects(&load_with(&bytes, false, Limits::default())),
        vec![obj("Pod/big", 0, 1, 1)]
    );
}

#[test]
fn invalid_merge_values_skip_the_document() {
    let text = format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  <<: not-a-map\n  name: x\n---\n{}",
        pod("after")
    );
    let l = load(&text);
    assert_eq!(
        errors(&l),
        vec![err(
            4,
            7,
            "invalid-merge",
            "merge key `<<` needs a mapping or a list of mappings; Kubernetes rejects this document, so it is skipped"
        )]
    );
    assert_eq!(objects(&l), vec![obj("Pod/after", 1, 7, 1)]);
}

#[test]
fn complex_keys_are_reported_and_the_rest_loads() {
    let l = load(
        "apiVersion: v1\nkind: Pod\n? [a, b]\n: value\n? {c: d}\n: other\nmetadata:\n  name: x\n",
    );
    assert_eq!(
        errors(&l),
        vec![
            err(
                3,
                3,
                "complex-key",
                "complex mapping keys are not supported by Kubernetes; key ignored"
            ),
            err(
                5,
                3,
                "complex-key",
                "complex mapping keys are not supported by Kubernetes; key ignored"
            ),
        ]
    );
    assert_eq!(objects(&l), vec![obj("Pod/x", 0, 1, 1)]);
    let keys: Vec<&str> = l.objects[0]
        .root
        .entries()
        .iter()
        .map(|e| e.key_str())
        .collect();
    assert_eq!(keys, vec!["apiVersion", "kind", "metadata"]);
}

#[test]
fn unknown_alias_is_a_syntax_error_in_its_document() {
    let text = format!(
        "apiVersion: v1\nkind: Pod\nspec: *nope\n---\n{}",
        pod("after")
    );
    let l = load(&text);
    assert_eq!(
        errors(&l),
        vec![err(
            3,
            7,
            "syntax",
            "YAML syntax error: while parsing node, found unknown anchor"
        )]
    );
    assert_eq!(objects(&l), vec![obj("Pod/after", 1, 5, 1)]);
}

#[test]
fn fuzz_regressions_keep_positions_inside_the_text() {
    // Inputs that once crashed the loader or broke an invariant of fuzz/fuzz_targets/loader.rs
    // (see fuzz/README.md); the same checks, with the fuzzer's small limits and the defaults.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .expect("regressions")
        .map(|e| e.expect("entry").path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 4);
    let small = Limits {
        max_file_size: 16 * 1024,
        max_depth: 16,
        max_alias_nodes: 2_000,
        max_alias_nodes_per_file: 5_000,
    };
    for case in cases {
        let bytes = std::fs::read(&case).expect("read");
        for limits in [small.clone(), Limits::default()] {
            for json in [false, true] {
                let l = load_with(&bytes, json, limits.clone());
                let text = l
                    .source
                    .as_ref()
                    .map(|s| s.text.to_string())
                    .unwrap_or_default();
                let lines: Vec<usize> = text.split('\n').map(|l| l.chars().count()).collect();
                for e in &l.errors {
                    let (Some(line), Some(column)) = (e.line, e.column) else {
                        continue;
                    };
                    let len = lines.get(line as usize - 1).copied();
                    assert!(
                        line >= 1 && column >= 1 && len.is_some_and(|n| column as usize <= n + 2),
                        "{}: {e:?} outside the text",
                        case.display()
                    );
                }
            }
        }
    }
}
