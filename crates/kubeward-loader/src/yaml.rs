//! YAML (and JSON, its subset) → span-carrying [`Node`] trees.
//!
//! Built on saphyr-parser's event stream rather than a ready-made tree so that we control what
//! Kubernetes semantics need and what bad input needs: go-yaml v2 scalar resolution, merge keys,
//! duplicate-key reports, a nesting limit, an alias-expansion budget, and recovery after a syntax
//! error (the next `---` starts afresh, so one broken document does not hide the rest).

use crate::Limits;
use crate::error::LoadErrorKind;
use crate::resolve::{resolve_plain, resolve_tagged};
use kubeward_model::{Entry, Node, NodeKind, Pos, Scalar, Span};
use saphyr_parser::{Event, Marker, Parser, ScalarStyle, ScanError};
use std::collections::HashMap;

/// One document of a stream.
#[derive(Debug)]
pub struct Document {
    /// 0-based index in the stream.
    pub index: usize,
    /// Where the document starts.
    pub start: Pos,
    /// `None` for an empty document.
    pub root: Option<Node>,
}

/// Problems found while parsing, with their positions.
pub type Problems = Vec<(Option<Pos>, LoadErrorKind)>;

/// Where a slice of a larger text starts, so that positions stay relative to the whole file.
#[derive(Clone, Copy, Debug)]
pub struct Offset {
    /// 1-based line of the slice's first character.
    pub line: u32,
    /// 0-based column of the slice's first character (only applies to its first line).
    pub column: u32,
}

impl Offset {
    pub const START: Offset = Offset { line: 1, column: 0 };

    fn pos(&self, m: &Marker) -> Pos {
        let line = m.line() as u32;
        let col = m.col() as u32 + if line == 1 { self.column } else { 0 } + 1;
        Pos::new(line + self.line - 1, col)
    }
}

/// Parses a whole YAML stream. Never fails: problems are returned next to the documents.
pub fn parse_stream(text: &str, limits: &Limits, offset: Offset) -> (Vec<Document>, Problems) {
    let mut docs = Vec::new();
    let mut problems = Vec::new();
    let mut rest = text;
    let mut offset = offset;
    loop {
        let outcome = parse_from(rest, limits, offset, docs.len(), &mut docs, &mut problems);
        let Some(error_line) = outcome else { break };
        // Recover: resume at the next line that starts a document, after the error.
        let Some((byte, lines_skipped)) = next_document_marker(rest, error_line) else {
            break;
        };
        rest = &rest[byte..];
        offset = Offset {
            line: offset.line + lines_skipped,
            column: 0,
        };
    }
    (docs, problems)
}

/// Finds the first line at or after the 1-based relative line `after` that begins with `---`,
/// never line 1 (where the failed attempt started), so recovery always makes progress.
/// Returns its byte offset and how many lines precede it.
fn next_document_marker(text: &str, after: u32) -> Option<(usize, u32)> {
    let mut byte = 0usize;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let line_no = i as u32 + 1;
        if line_no >= after && line_no > 1 && is_document_start(line) {
            return Some((byte, i as u32));
        }
        byte += line.len();
    }
    None
}

fn is_document_start(line: &str) -> bool {
    line.strip_prefix("---")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']))
}

enum Frame {
    Seq {
        start: Pos,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        start: Pos,
        anchor: usize,
        entries: Vec<Entry>,
        key: Option<Node>,
        key_is_merge: bool,
        merges: Vec<Node>,
    },
}

struct Builder<'l> {
    limits: &'l Limits,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    alias_nodes: usize,
    root: Option<Node>,
}

/// What a structural problem does to the current document.
enum Abort {
    Document(Pos, LoadErrorKind),
}

/// Parses from `text` until the end or a syntax error. Returns the relative line of a syntax
/// error so the caller can resume after it.
fn parse_from(
    text: &str,
    limits: &Limits,
    offset: Offset,
    first_index: usize,
    docs: &mut Vec<Document>,
    problems: &mut Problems,
) -> Option<u32> {
    let mut parser = Parser::new_from_str(text);
    let mut builder: Option<Builder<'_>> = None;
    let mut doc_start = Pos::UNKNOWN;
    let mut skipping = false;
    let mut index = first_index;
    loop {
        let (event, span) = match parser.next_event() {
            None => return None,
            Some(Ok(ev)) => ev,
            Some(Err(e)) => {
                problems.push((Some(offset.pos(e.marker())), syntax(&e)));
                return Some(e.marker().line() as u32);
            }
        };
        match event {
            Event::StreamStart | Event::Nothing => {}
            Event::StreamEnd => return None,
            Event::DocumentStart(_) => {
                doc_start = offset.pos(&span.start);
                skipping = false;
                builder = Some(Builder {
                    limits,
                    stack: Vec::new(),
                    anchors: HashMap::new(),
                    alias_nodes: 0,
                    root: None,
                });
            }
            Event::DocumentEnd => {
                let root = builder.take().and_then(|b| b.root);
                let root = root.filter(|r| !r.is_null());
                docs.push(Document {
                    index,
                    start: doc_start,
                    root: if skipping { None } else { root },
                });
                index += 1;
            }
            other => {
                if skipping {
                    continue;
                }
                let Some(b) = builder.as_mut() else { continue };
                let pos = offset.pos(&span.start);
                let end = offset.pos(&span.end);
                if let Err(Abort::Document(at, kind)) = b.event(other, pos, end, problems) {
                    problems.push((Some(at), kind));
                    skipping = true;
                    b.stack.clear();
                    b.root = None;
                }
            }
        }
    }
}

fn syntax(e: &ScanError) -> LoadErrorKind {
    LoadErrorKind::Syntax(format!("YAML syntax error: {}", e.info()))
}

impl Builder<'_> {
    fn event(
        &mut self,
        event: Event<'_>,
        pos: Pos,
        end: Pos,
        problems: &mut Problems,
    ) -> Result<(), Abort> {
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let value = match (&tag, style) {
                    (Some(tag), _) if tag.is_yaml_core_schema() => {
                        resolve_tagged(&tag.suffix, &text)
                    }
                    (Some(_), _) => Scalar::Str,
                    (None, ScalarStyle::Plain) => resolve_plain(&text),
                    (None, _) => Scalar::Str,
                };
                let is_merge_key = style == ScalarStyle::Plain && text == "<<";
                let node = Node::scalar(Span::new(pos, end), text.as_ref(), value);
                self.complete(node, anchor, is_merge_key, problems)
            }
            Event::SequenceStart(anchor, _) => {
                self.push(Frame::Seq {
                    start: pos,
                    anchor,
                    items: Vec::new(),
                })?;
                Ok(())
            }
            Event::MappingStart(anchor, _) => {
                self.push(Frame::Map {
                    start: pos,
                    anchor,
                    entries: Vec::new(),
                    key: None,
                    key_is_merge: false,
                    merges: Vec::new(),
                })?;
                Ok(())
            }
            Event::SequenceEnd => match self.stack.pop() {
                Some(Frame::Seq {
                    start,
                    anchor,
                    items,
                }) => {
                    let node = Node {
                        span: Span::new(start, end),
                        kind: NodeKind::Seq(items),
                    };
                    self.complete(node, anchor, false, problems)
                }
                _ => Ok(()),
            },
            Event::MappingEnd => match self.stack.pop() {
                Some(Frame::Map {
                    start,
                    anchor,
                    mut entries,
                    merges,
                    ..
                }) => {
                    apply_merges(&mut entries, merges);
                    let node = Node {
                        span: Span::new(start, end),
                        kind: NodeKind::Map(entries),
                    };
                    self.complete(node, anchor, false, problems)
                }
                _ => Ok(()),
            },
            Event::Alias(id) => {
                let Some(target) = self.anchors.get(&id) else {
                    return Err(Abort::Document(
                        pos,
                        LoadErrorKind::Syntax(format!("unknown alias {id}")),
                    ));
                };
                let size = target.size();
                self.alias_nodes = self.alias_nodes.saturating_add(size);
                if self.alias_nodes > self.limits.max_alias_nodes {
                    return Err(Abort::Document(
                        pos,
                        LoadErrorKind::AliasBomb {
                            limit: self.limits.max_alias_nodes,
                        },
                    ));
                }
                let node = target.clone();
                self.complete(node, 0, false, problems)
            }
            _ => Ok(()),
        }
    }

    fn push(&mut self, frame: Frame) -> Result<(), Abort> {
        if self.stack.len() >= self.limits.max_depth {
            let pos = match &frame {
                Frame::Seq { start, .. } | Frame::Map { start, .. } => *start,
            };
            return Err(Abort::Document(
                pos,
                LoadErrorKind::TooDeep {
                    limit: self.limits.max_depth,
                },
            ));
        }
        self.stack.push(frame);
        Ok(())
    }

    /// A node is finished: record its anchor and attach it to its parent.
    fn complete(
        &mut self,
        node: Node,
        anchor: usize,
        is_merge_key: bool,
        problems: &mut Problems,
    ) -> Result<(), Abort> {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => {
                self.root = Some(node);
            }
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries,
                key,
                key_is_merge,
                merges,
                ..
            }) => match key.take() {
                None => {
                    if matches!(node.kind, NodeKind::Scalar { .. }) {
                        *key = Some(node);
                        *key_is_merge = is_merge_key;
                    } else {
                        problems.push((Some(node.start()), LoadErrorKind::ComplexKey));
                        *key = Some(Node::string(node.span, "<complex key>"));
                        *key_is_merge = false;
                    }
                }
                Some(k) => {
                    if *key_is_merge {
                        merges.push(node);
                        return Ok(());
                    }
                    let name = k.text().unwrap_or("");
                    if let Some(first) = entries.iter().find(|e| e.key_str() == name) {
                        problems.push((
                            Some(k.start()),
                            LoadErrorKind::DuplicateKey {
                                key: name.to_string(),
                                first_line: first.key.start().line,
                            },
                        ));
                        entries.retain(|e| e.key_str() != name);
                    }
                    entries.push(Entry {
                        key: k,
                        value: node,
                    });
                }
            },
        }
        Ok(())
    }
}

/// `<<: *base` and `<<: [*a, *b]`: keys of the mapping itself win, then earlier sources.
fn apply_merges(entries: &mut Vec<Entry>, merges: Vec<Node>) {
    for source in merges {
        let maps: Vec<Node> = match source.kind {
            NodeKind::Map(_) => vec![source],
            NodeKind::Seq(items) => items,
            NodeKind::Scalar { .. } => Vec::new(),
        };
        for map in maps {
            if let NodeKind::Map(merged) = map.kind {
                for entry in merged {
                    if !entries.iter().any(|e| e.key_str() == entry.key_str()) {
                        entries.push(entry);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Vec<Document>, Problems) {
        parse_stream(text, &Limits::default(), Offset::START)
    }

    #[test]
    fn spans_are_one_based_and_point_at_keys_and_values() {
        let (docs, problems) = parse("a: 1\nb:\n  c: yes\n");
        assert!(problems.is_empty());
        let root = docs[0].root.as_ref().expect("root");
        let entry = root.get("b").and_then(|b| b.entry("c")).expect("c");
        assert_eq!(entry.key.start(), Pos::new(3, 3));
        assert_eq!(entry.value.start(), Pos::new(3, 6));
        assert_eq!(entry.value.as_bool(), Some(true));
    }

    #[test]
    fn multi_document_streams_keep_absolute_lines() {
        let (docs, _) = parse("a: 1\n---\nb: 2\n---\n---\nc: 3\n");
        let roots: Vec<_> = docs.iter().map(|d| d.root.is_some()).collect();
        assert_eq!(roots, vec![true, true, false, true]);
        let c = docs[3].root.as_ref().and_then(|r| r.entry("c")).expect("c");
        assert_eq!(c.key.start(), Pos::new(6, 1));
    }

    #[test]
    fn recovers_after_a_syntax_error() {
        let (docs, problems) = parse("a: 1\n---\nb: [unclosed\n---\nc: 3\n");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].0.map(|p| p.line), Some(4));
        let last = docs.last().and_then(|d| d.root.as_ref()).expect("c doc");
        assert_eq!(last.entry("c").expect("c").key.start(), Pos::new(5, 1));
    }

    #[test]
    fn merge_keys_apply_with_local_keys_winning() {
        let (docs, problems) = parse("base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n");
        assert!(problems.is_empty());
        let m = docs[0].root.as_ref().and_then(|r| r.get("m")).expect("m");
        assert_eq!(m.get("x").and_then(Node::as_i64), Some(1));
        assert_eq!(m.get("y").and_then(Node::as_i64), Some(3));
        assert!(m.get("<<").is_none());
    }

    #[test]
    fn duplicate_keys_are_reported_and_last_wins() {
        let (docs, problems) = parse("a: 1\na: 2\n");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].0, Some(Pos::new(2, 1)));
        assert!(matches!(problems[0].1, LoadErrorKind::DuplicateKey { .. }));
        let root = docs[0].root.as_ref().expect("root");
        assert_eq!(root.get("a").and_then(Node::as_i64), Some(2));
    }

    #[test]
    fn quoted_scalars_stay_strings() {
        let (docs, _) = parse("a: \"yes\"\nb: '0755'\nc: 0755\n");
        let root = docs[0].root.as_ref().expect("root");
        assert_eq!(root.get("a").and_then(Node::as_str), Some("yes"));
        assert_eq!(root.get("b").and_then(Node::as_str), Some("0755"));
        assert_eq!(root.get("c").and_then(Node::as_i64), Some(493));
    }
}
