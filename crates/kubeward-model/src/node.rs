//! A YAML/JSON tree in which every node knows where it came from.
//!
//! Scalars keep both their source text and the value Kubernetes would decode them to
//! (go-yaml v2 / YAML 1.1 rules are applied by the loader), so rules can ask
//! "is this `true`?" the way the API server would, and reporters can still quote the text.

use compact_str::CompactString;
use serde::Serialize;
use std::fmt;

/// A position in a source text. Both fields are 1-based; `0` means "unknown"
/// (objects that did not come from a file, such as AdmissionReviews).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

impl Pos {
    pub const UNKNOWN: Pos = Pos { line: 0, column: 0 };

    pub fn new(line: u32, column: u32) -> Self {
        Pos { line, column }
    }

    pub fn is_known(&self) -> bool {
        self.line > 0
    }
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A half-open range `[start, end)` of a source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub start: Pos,
    pub end: Pos,
}

impl Span {
    pub const UNKNOWN: Span = Span {
        start: Pos::UNKNOWN,
        end: Pos::UNKNOWN,
    };

    pub fn new(start: Pos, end: Pos) -> Self {
        Span { start, end }
    }
}

/// What a scalar decodes to.
#[derive(Clone, Debug, PartialEq)]
pub enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// A string; its text is the node's `text`.
    Str,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    Scalar { text: CompactString, value: Scalar },
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

/// One key/value pair of a mapping. Keys are always strings (as in JSON); the key node keeps
/// its own span so a finding can point at `privileged:` rather than at `true`.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

impl Entry {
    pub fn key_str(&self) -> &str {
        self.key.text().unwrap_or("")
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub span: Span,
    pub kind: NodeKind,
}

static NULL_NODE: Node = Node {
    span: Span::UNKNOWN,
    kind: NodeKind::Map(Vec::new()),
};

impl Node {
    pub fn scalar(span: Span, text: impl Into<CompactString>, value: Scalar) -> Self {
        Node {
            span,
            kind: NodeKind::Scalar {
                text: text.into(),
                value,
            },
        }
    }

    pub fn string(span: Span, text: impl Into<CompactString>) -> Self {
        Self::scalar(span, text, Scalar::Str)
    }

    /// An empty mapping with no position, for code that wants "nothing here" as a node.
    pub fn empty() -> &'static Node {
        &NULL_NODE
    }

    pub fn start(&self) -> Pos {
        self.span.start
    }

    /// The entry for `key` when this is a mapping. Later duplicates win, as in go-yaml.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.kind {
            NodeKind::Map(entries) => entries.iter().rev().find(|e| e.key_str() == key),
            _ => None,
        }
    }

    /// The value for `key` when this is a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    /// Follows a path of mapping keys.
    pub fn path(&self, keys: &[&str]) -> Option<&Node> {
        keys.iter().try_fold(self, |node, key| node.get(key))
    }

    /// The deepest node that exists along `keys`, and whether the whole path was found.
    /// Used to point a "field is missing" finding at the closest thing that is there.
    pub fn deepest(&self, keys: &[&str]) -> (&Node, bool) {
        let mut node = self;
        for key in keys {
            match node.get(key) {
                Some(next) => node = next,
                None => return (node, false),
            }
        }
        (node, true)
    }

    pub fn entries(&self) -> &[Entry] {
        match &self.kind {
            NodeKind::Map(entries) => entries,
            _ => &[],
        }
    }

    pub fn items(&self) -> &[Node] {
        match &self.kind {
            NodeKind::Seq(items) => items,
            _ => &[],
        }
    }

    pub fn is_map(&self) -> bool {
        matches!(self.kind, NodeKind::Map(_))
    }

    pub fn is_seq(&self) -> bool {
        matches!(self.kind, NodeKind::Seq(_))
    }

    pub fn is_null(&self) -> bool {
        matches!(
            self.kind,
            NodeKind::Scalar {
                value: Scalar::Null,
                ..
            }
        )
    }

    /// The scalar's source text, whatever it decodes to (`yes`, `0755`, `nginx`).
    pub fn text(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// The value when the scalar decodes to a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar {
                text,
                value: Scalar::Str,
            } => Some(text),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match &self.kind {
            NodeKind::Scalar {
                value: Scalar::Bool(b),
                ..
            } => Some(*b),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match &self.kind {
            NodeKind::Scalar {
                value: Scalar::Int(i),
                ..
            } => Some(*i),
            NodeKind::Scalar {
                value: Scalar::Float(f),
                ..
            } if f.fract() == 0.0 && f.is_finite() => Some(*f as i64),
            _ => None,
        }
    }

    pub fn is_true(&self) -> bool {
        self.as_bool() == Some(true)
    }

    pub fn is_false(&self) -> bool {
        self.as_bool() == Some(false)
    }

    /// Number of nodes in this subtree (keys included); the loader's alias budget uses it.
    pub fn size(&self) -> usize {
        match &self.kind {
            NodeKind::Scalar { .. } => 1,
            NodeKind::Seq(items) => 1 + items.iter().map(Node::size).sum::<usize>(),
            NodeKind::Map(entries) => 1 + entries.iter().map(|e| 1 + e.value.size()).sum::<usize>(),
        }
    }

    /// The field path (`spec.containers[0].image`) from `self` to `target`, found by identity.
    /// Rules hand the engine a `&Node`; this turns it into a path for JSON consumers without
    /// every accessor having to carry one.
    pub fn path_to(&self, target: &Node) -> Option<String> {
        self.locate(target).map(|l| l.path)
    }

    /// Where `target` sits under `self`: its field path and, when it is a mapping value, the span
    /// from its key to the end of the value (so findings point at `privileged: true`, the field,
    /// not just at `true`).
    pub fn locate(&self, target: &Node) -> Option<Located> {
        let mut segments = Vec::new();
        let mut key = None;
        // Guided by position first: only subtrees whose span holds the target's start are
        // searched (a finding's node is found in depth × width steps, not tree size). Aliased
        // subtrees keep their anchor's positions, so a miss falls back to the whole tree.
        let at = target.span.start;
        let found = (at.is_known() && self.find_path(target, &mut segments, &mut key, Some(at)))
            || {
                segments.clear();
                key = None;
                self.find_path(target, &mut segments, &mut key, None)
            };
        if found {
            Some(Located {
                path: render_path(&segments),
                field_span: key.map(|k: Span| Span::new(k.start, target.span.end)),
            })
        } else {
            None
        }
    }

    /// Whether `self` may hold a node that starts at `at` (always, when positions are unknown).
    fn may_hold(&self, at: Option<Pos>) -> bool {
        match at {
            Some(at) if self.span.start.is_known() => self.span.start <= at && at <= self.span.end,
            _ => true,
        }
    }

    fn find_path<'a>(
        &'a self,
        target: &Node,
        segments: &mut Vec<PathSeg<'a>>,
        key: &mut Option<Span>,
        at: Option<Pos>,
    ) -> bool {
        if std::ptr::eq(self, target) {
            return true;
        }
        match &self.kind {
            NodeKind::Scalar { .. } => false,
            NodeKind::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    if !item.may_hold(at) {
                        continue;
                    }
                    segments.push(PathSeg::Index(i));
                    if item.find_path(target, segments, key, at) {
                        return true;
                    }
                    segments.pop();
                }
                false
            }
            NodeKind::Map(entries) => {
                for entry in entries {
                    segments.push(PathSeg::Key(entry.key_str()));
                    if std::ptr::eq(&entry.key, target) {
                        return true;
                    }
                    if std::ptr::eq(&entry.value, target) {
                        *key = Some(entry.key.span);
                        return true;
                    }
                    if entry.value.may_hold(at) && entry.value.find_path(target, segments, key, at)
                    {
                        return true;
                    }
                    segments.pop();
                }
                false
            }
        }
    }

    /// Converts a JSON value (an AdmissionReview object, an API list item) into a node tree
    /// without positions.
    pub fn from_json(value: &serde_json::Value) -> Node {
        let span = Span::UNKNOWN;
        match value {
            serde_json::Value::Null => Node::scalar(span, "null", Scalar::Null),
            serde_json::Value::Bool(b) => Node::scalar(span, b.to_string(), Scalar::Bool(*b)),
            serde_json::Value::Number(n) => {
                let value = match n.as_i64() {
                    Some(i) => Scalar::Int(i),
                    None => Scalar::Float(n.as_f64().unwrap_or(f64::NAN)),
                };
                Node::scalar(span, n.to_string(), value)
            }
            serde_json::Value::String(s) => Node::string(span, s.as_str()),
            serde_json::Value::Array(items) => Node {
                span,
                kind: NodeKind::Seq(items.iter().map(Node::from_json).collect()),
            },
            serde_json::Value::Object(map) => Node {
                span,
                kind: NodeKind::Map(
                    map.iter()
                        .map(|(k, v)| Entry {
                            key: Node::string(span, k.as_str()),
                            value: Node::from_json(v),
                        })
                        .collect(),
                ),
            },
        }
    }

    /// The JSON value Kubernetes would see for this node.
    pub fn to_json(&self) -> serde_json::Value {
        match &self.kind {
            NodeKind::Scalar { text, value } => match value {
                Scalar::Null => serde_json::Value::Null,
                Scalar::Bool(b) => serde_json::Value::Bool(*b),
                Scalar::Int(i) => serde_json::Value::from(*i),
                Scalar::Float(f) => serde_json::Number::from_f64(*f)
                    .map(serde_json::Value::Number)
                    .unwrap_or(serde_json::Value::Null),
                Scalar::Str => serde_json::Value::String(text.to_string()),
            },
            NodeKind::Seq(items) => items.iter().map(Node::to_json).collect(),
            NodeKind::Map(entries) => serde_json::Value::Object(
                entries
                    .iter()
                    .map(|e| (e.key_str().to_string(), e.value.to_json()))
                    .collect(),
            ),
        }
    }
}

/// See [`Node::locate`].
#[derive(Clone, Debug, PartialEq)]
pub struct Located {
    pub path: String,
    pub field_span: Option<Span>,
}

enum PathSeg<'a> {
    Key(&'a str),
    Index(usize),
}

fn render_path(segments: &[PathSeg<'_>]) -> String {
    let mut out = String::new();
    for seg in segments {
        match seg {
            PathSeg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            PathSeg::Index(i) => {
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(entries: Vec<(&str, Node)>) -> Node {
        Node {
            span: Span::UNKNOWN,
            kind: NodeKind::Map(
                entries
                    .into_iter()
                    .map(|(k, v)| Entry {
                        key: Node::string(Span::UNKNOWN, k),
                        value: v,
                    })
                    .collect(),
            ),
        }
    }

    #[test]
    fn path_to_finds_nested_nodes_by_identity() {
        let tree = map(vec![(
            "spec",
            Node {
                span: Span::UNKNOWN,
                kind: NodeKind::Seq(vec![map(vec![(
                    "image",
                    Node::string(Span::UNKNOWN, "nginx"),
                )])]),
            },
        )]);
        let image = &tree.get("spec").expect("spec").items()[0]
            .get("image")
            .expect("image");
        assert_eq!(tree.path_to(image).as_deref(), Some("spec[0].image"));
        let other = Node::string(Span::UNKNOWN, "nginx");
        assert_eq!(tree.path_to(&other), None);
    }

    #[test]
    fn later_duplicate_keys_win() {
        let tree = map(vec![
            ("a", Node::string(Span::UNKNOWN, "first")),
            ("a", Node::string(Span::UNKNOWN, "second")),
        ]);
        assert_eq!(tree.get("a").and_then(Node::as_str), Some("second"));
    }

    #[test]
    fn json_round_trip_keeps_values() {
        let value = serde_json::json!({"a": [1, true, null, "x", 1.5]});
        assert_eq!(Node::from_json(&value).to_json(), value);
    }
}
