//! Lines and columns (1-based, columns in characters) of keys and values, for the shapes a
//! manifest takes. Findings point at these, so they must be exact.
//!
//! Aliases: the node an alias makes carries the span of the alias itself (`*sc`), so a finding on
//! the field points where it is used, and `Node::locate` gives a field span from the key to the
//! alias. The nodes inside keep the spans of the anchored text they copy: a finding on
//! `privileged` inside points at the line where `privileged: true` is written.

use kubeward_loader::{FileLoad, LoadOptions, load_bytes};
use kubeward_model::{Node, Pos, Span};
use std::sync::Arc;

fn load(text: &str) -> FileLoad {
    let l = load_bytes(
        Arc::from("in.yaml"),
        text.as_bytes(),
        false,
        &LoadOptions::default(),
    );
    assert!(l.errors.is_empty(), "{:?}", l.errors);
    l
}

fn span(start: (u32, u32), end: (u32, u32)) -> Span {
    Span::new(Pos::new(start.0, start.1), Pos::new(end.0, end.1))
}

/// The key's start and the value's span of `path` under `node`; a number indexes a sequence.
fn field(node: &Node, path: &[&str]) -> (Pos, Span) {
    let (last, parents) = path.split_last().expect("path");
    let mut at = node;
    for seg in parents {
        at = match seg.parse::<usize>() {
            Ok(i) => &at.items()[i],
            Err(_) => at.get(seg).unwrap_or_else(|| panic!("no {seg}")),
        };
    }
    let entry = at.entry(last).unwrap_or_else(|| panic!("no {last}"));
    (entry.key.start(), entry.value.span)
}

#[test]
fn block_sequences_of_mappings() {
    let text = "\
apiVersion: v1
kind: Pod
spec:
  containers:
  - name: app
    image: nginx
    securityContext:
      privileged: true
  -   name: wide
      image: busybox
";
    let l = load(text);
    let root = &l.objects[0].root;
    let containers = root.path(&["spec", "containers"]).expect("containers");
    // A mapping in a sequence starts at its first key, after `- `.
    assert_eq!(containers.items()[0].start(), Pos::new(5, 5));
    assert_eq!(containers.items()[1].start(), Pos::new(9, 7));
    assert_eq!(
        field(root, &["spec", "containers", "0", "name"]),
        (Pos::new(5, 5), span((5, 11), (5, 14)))
    );
    assert_eq!(
        field(root, &["spec", "containers", "0", "image"]),
        (Pos::new(6, 5), span((6, 12), (6, 17)))
    );
    assert_eq!(
        field(
            root,
            &["spec", "containers", "0", "securityContext", "privileged"]
        ),
        (Pos::new(8, 7), span((8, 19), (8, 23)))
    );
    assert_eq!(
        field(root, &["spec", "containers", "1", "image"]),
        (Pos::new(10, 7), span((10, 14), (10, 21)))
    );
    // An indentless sequence (its `-` in its key's column, as kubectl writes them) starts at
    // its first item's content: saphyr puts no position on that `-`. Indented ones start at it.
    assert_eq!(containers.start(), Pos::new(5, 5));
    let l = load("apiVersion: v1\nkind: Pod\nargs:\n  - a\n  - b\n");
    assert_eq!(
        l.objects[0].root.get("args").map(|a| a.span),
        Some(span((4, 3), (6, 1)))
    );
}

#[test]
fn sequences_of_scalars_and_indentless_sequences() {
    let text =
        "apiVersion: v1\nkind: Pod\nargs:\n- -c\n- 'echo hi'\ncaps:\n  drop: [ALL, \"NET_RAW\"]\n";
    let l = load(text);
    let root = &l.objects[0].root;
    let args = root.get("args").expect("args");
    let spans: Vec<Span> = args.items().iter().map(|n| n.span).collect();
    assert_eq!(spans, vec![span((4, 3), (4, 5)), span((5, 3), (5, 12))]);
    let drop = root.path(&["caps", "drop"]).expect("drop");
    let spans: Vec<Span> = drop.items().iter().map(|n| n.span).collect();
    assert_eq!(spans, vec![span((7, 10), (7, 13)), span((7, 15), (7, 24))]);
}

#[test]
fn flow_mappings() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: web, labels: {app: web, tier: \"front end\"}}\nspec: {containers: [{name: a, securityContext: {privileged: true}}]}\n";
    let l = load(text);
    let root = &l.objects[0].root;
    assert_eq!(
        field(root, &["metadata", "name"]),
        (Pos::new(3, 12), span((3, 18), (3, 21)))
    );
    assert_eq!(
        field(root, &["metadata", "labels", "tier"]),
        (Pos::new(3, 42), span((3, 48), (3, 59)))
    );
    assert_eq!(
        field(
            root,
            &["spec", "containers", "0", "securityContext", "privileged"]
        ),
        (Pos::new(4, 49), span((4, 61), (4, 65)))
    );
    assert_eq!(root.get("metadata").map(Node::start), Some(Pos::new(3, 11)));
}

#[test]
fn quoted_keys_start_at_their_quote() {
    let text =
        "apiVersion: v1\nkind: Pod\n\"metadata\":\n  'name': web\n  \"labels\": {\"app\": 'x'}\n";
    let l = load(text);
    let root = &l.objects[0].root;
    assert_eq!(
        field(root, &["metadata", "name"]),
        (Pos::new(4, 3), span((4, 11), (4, 14)))
    );
    assert_eq!(
        field(root, &["metadata", "labels", "app"]),
        (Pos::new(5, 14), span((5, 21), (5, 24)))
    );
    assert_eq!(
        root.entry("metadata").map(|e| e.key.start()),
        Some(Pos::new(3, 1))
    );
}

#[test]
fn multi_line_scalars() {
    let text = "\
apiVersion: v1
kind: ConfigMap
data:
  script: |
    echo one
    echo two
  folded: >-
    a
    b
  plain: first
    second
  quoted: \"first
    second\"
  after: x
";
    let l = load(text);
    let root = &l.objects[0].root;
    let data = root.get("data").expect("data");
    // A block scalar's span starts at its content (saphyr leaves the `|` out) and ends where
    // the next key starts; its key is on the indicator's line.
    assert_eq!(
        field(root, &["data", "script"]),
        (Pos::new(4, 3), span((5, 5), (7, 3)))
    );
    assert_eq!(
        data.get("script").and_then(Node::as_str),
        Some("echo one\necho two\n")
    );
    assert_eq!(
        field(root, &["data", "folded"]),
        (Pos::new(7, 3), span((8, 5), (10, 3)))
    );
    assert_eq!(data.get("folded").and_then(Node::as_str), Some("a b"));
    assert_eq!(
        field(root, &["data", "plain"]),
        (Pos::new(10, 3), span((10, 10), (11, 11)))
    );
    assert_eq!(
        data.get("plain").and_then(Node::as_str),
        Some("first second")
    );
    assert_eq!(
        field(root, &["data", "quoted"]),
        (Pos::new(12, 3), span((12, 11), (13, 12)))
    );
    assert_eq!(
        field(root, &["data", "after"]),
        (Pos::new(14, 3), span((14, 10), (14, 11)))
    );
}

#[test]
fn aliases_point_where_they_are_used_and_their_content_where_it_is_written() {
    let text = "\
apiVersion: v1
kind: Pod
x-defaults:
  sc: &sc
    privileged: true
spec:
  containers:
  - name: app
    securityContext: *sc
  - name: merged
    <<: {securityContext: *sc}
";
    let l = load(text);
    let root = &l.objects[0].root;
    let (key, value) = field(root, &["spec", "containers", "0", "securityContext"]);
    assert_eq!((key, value), (Pos::new(9, 5), span((9, 22), (9, 25))));
    // Inside: the anchored text.
    assert_eq!(
        field(
            root,
            &["spec", "containers", "0", "securityContext", "privileged"]
        ),
        (Pos::new(5, 5), span((5, 17), (5, 21)))
    );
    // The field span of the alias runs from its key to the alias, never backwards.
    let sc = root
        .path(&["spec", "containers"])
        .and_then(|c| c.items().first())
        .and_then(|c| c.get("securityContext"))
        .expect("sc");
    let located = root.locate(sc).expect("located");
    assert_eq!(located.path, "spec.containers[0].securityContext");
    assert_eq!(located.field_span, Some(span((9, 5), (9, 25))));
    // Merged entries keep the spans of the mapping they come from.
    assert_eq!(
        field(root, &["spec", "containers", "1", "securityContext"]),
        (Pos::new(11, 10), span((11, 27), (11, 30)))
    );
}

#[test]
fn scalar_aliases() {
    let text = "apiVersion: v1\nkind: Pod\nimage: &img nginx:latest\nspec:\n  image: *img\n";
    let l = load(text);
    let root = &l.objects[0].root;
    // A node with an anchor (or a tag) starts at it.
    assert_eq!(
        field(root, &["image"]),
        (Pos::new(3, 1), span((3, 8), (3, 25)))
    );
    assert_eq!(
        field(root, &["spec", "image"]),
        (Pos::new(5, 3), span((5, 10), (5, 14)))
    );
    assert_eq!(
        root.path(&["spec", "image"]).and_then(Node::as_str),
        Some("nginx:latest")
    );
}

#[test]
fn documents_after_document_end_markers() {
    let text = "\
apiVersion: v1
kind: Pod
metadata: {name: a}
...
---
apiVersion: v1
kind: Pod
metadata: {name: b}
...
# no --- here: `...` ends a document and the next one starts implicitly
apiVersion: v1
kind: Pod
metadata:
  name: c
";
    let l = load(text);
    let got: Vec<(String, usize, Pos)> = l
        .objects
        .iter()
        .map(|o| (o.id.display_name(), o.document, o.start()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("Pod/a".to_string(), 0, Pos::new(1, 1)),
            ("Pod/b".to_string(), 1, Pos::new(6, 1)),
            ("Pod/c".to_string(), 2, Pos::new(11, 1)),
        ]
    );
    assert_eq!(
        field(&l.objects[2].root, &["metadata", "name"]),
        (Pos::new(14, 3), span((14, 9), (14, 10)))
    );
}

#[test]
fn columns_count_characters_not_bytes() {
    let text =
        "apiVersion: v1\nkind: ConfigMap\ndata: {grüße: \"héllo wörld\", emoji: 🦀, after: x}\n";
    let l = load(text);
    let root = &l.objects[0].root;
    assert_eq!(
        field(root, &["data", "emoji"]),
        (Pos::new(3, 30), span((3, 37), (3, 38)))
    );
    assert_eq!(
        field(root, &["data", "after"]),
        (Pos::new(3, 40), span((3, 47), (3, 48)))
    );
}

#[test]
fn json_values_get_positions_like_yaml() {
    let text = "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Pod\",\n  \"spec\": {\n    \"hostPID\": true\n  }\n}\n{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"spec\": {\"hostIPC\": true}}\n";
    let l = load_bytes(
        Arc::from("in.json"),
        text.as_bytes(),
        true,
        &LoadOptions::default(),
    );
    assert!(l.errors.is_empty(), "{:?}", l.errors);
    assert_eq!(
        field(&l.objects[0].root, &["spec", "hostPID"]),
        (Pos::new(5, 5), span((5, 16), (5, 20)))
    );
    assert_eq!(
        field(&l.objects[1].root, &["spec", "hostIPC"]),
        (Pos::new(8, 46), span((8, 57), (8, 61)))
    );
    assert_eq!(l.objects[1].start(), Pos::new(8, 1));
}

#[test]
fn quoted_scalars_end_at_their_closing_quote_not_at_the_comment() {
    let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: é\ndata:\n  a: \"x\\\"y\"   # c\n  b: 'it''s'  # c\n  c: \"multi\n    line\"\n";
    let load = load(text);
    let data = load.objects[0].root.get("data").expect("data");
    assert_eq!(data.get("a").expect("a").span, span((6, 6), (6, 12)));
    assert_eq!(data.get("b").expect("b").span, span((7, 6), (7, 13)));
    // A quoted scalar over several lines keeps the parser's end.
    assert_eq!(data.get("c").expect("c").span.start, Pos::new(8, 6));
}

#[test]
fn flow_collections_end_at_their_closing_bracket() {
    let text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}   # c\ndata: [a, b]   # c\n";
    let load = load(text);
    let root = &load.objects[0].root;
    assert_eq!(
        root.get("metadata").expect("metadata").span,
        span((3, 11), (3, 20))
    );
    assert_eq!(root.get("data").expect("data").span, span((4, 7), (4, 13)));
}
