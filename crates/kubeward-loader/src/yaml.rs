//! YAML (and JSON, its subset) → span-carrying [`Node`] trees.
//!
//! Built on saphyr-parser's event stream rather than a ready-made tree so that we control what
//! Kubernetes semantics need and what bad input needs: go-yaml v2 scalar resolution, merge keys,
//! duplicate-key reports, a nesting limit, an alias-expansion budget, and recovery after a syntax
//! error (the next `---` starts afresh, so one broken document does not hide the rest).
//!
//! Positions: lines and columns are 1-based, columns count characters. A node made by an alias
//! (`securityContext: *sc`) carries the span of the alias (`*sc`) itself, so a finding on the
//! field points where it is used; the nodes inside it keep the spans of the anchored text they
//! were copied from, which is where the offending text actually is.

use crate::Limits;
use crate::error::LoadErrorKind;
use crate::resolve::{resolve_plain, resolve_tagged};
use kubeward_model::{Entry, Node, NodeKind, Pos, Scalar, Span};
use saphyr_parser::{Event, Marker, Parser, ScalarStyle, ScanError};
use std::borrow::Cow;
use std::collections::HashMap;

/// One document of a stream.
#[derive(Debug)]
pub struct Document {
    /// 0-based index in the stream. Documents that could not be read (a syntax error, too deep)
    /// still use up their index, so the numbers match the file.
    pub index: usize,
    /// Where the document starts.
    pub start: Pos,
    /// Where it ends (its `...`, the next `---` or the end of the input).
    pub end: Pos,
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

    /// Position just past the last character of `text`, which starts here. saphyr puts an error
    /// at the end of input on the line after the last one; positions are kept inside the text so
    /// that a reporter can always quote the line.
    fn end_of(&self, text: &str) -> Pos {
        match text.rfind('\n') {
            Some(last) => Pos::new(
                self.line + text.matches('\n').count() as u32,
                text[last + 1..].chars().count() as u32 + 1,
            ),
            None => Pos::new(self.line, self.column + text.chars().count() as u32 + 1),
        }
    }
}

/// YAML counts a lone carriage return as a line break; everything else here (recovery, the JSON
/// reader, reporters quoting lines) splits on `\n`. Turning a lone `\r` into `\n` keeps the byte
/// and character offsets and the meaning, and makes every line count agree. `\r\n` is left as is.
pub fn normalize_line_breaks(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let lone_cr = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    if !(0..bytes.len()).any(lone_cr) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('\r') {
        out.push_str(&rest[..i]);
        out.push(if rest[i + 1..].starts_with('\n') {
            '\r'
        } else {
            '\n'
        });
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Parses a whole YAML stream. Never fails: problems are returned next to the documents.
pub fn parse_stream(text: &str, limits: &Limits, offset: Offset) -> (Vec<Document>, Problems) {
    let text = normalize_line_breaks(text);
    let mut stream = Stream {
        limits,
        last: offset.end_of(&text),
        docs: Vec::new(),
        problems: Vec::new(),
        index: 0,
        alias_nodes: 0,
    };
    let mut rest: &str = &text;
    let mut offset = offset;
    while let Some(error_line) = stream.parse_from(rest, offset) {
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
    (stream.docs, stream.problems)
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

/// What lasts across the documents (and recoveries) of one stream.
struct Stream<'l> {
    limits: &'l Limits,
    /// End of the whole text: no position goes past it.
    last: Pos,
    docs: Vec<Document>,
    problems: Problems,
    /// Index of the next document.
    index: usize,
    /// Nodes added by alias expansion in the whole stream so far.
    alias_nodes: usize,
}

struct SeqFrame {
    start: Pos,
    anchor: usize,
    items: Vec<Node>,
    /// Container levels below this one (0 while it holds only scalars).
    height: usize,
}

struct MapFrame {
    start: Pos,
    anchor: usize,
    entries: Vec<Entry>,
    /// Key text → position in `entries`, kept once the mapping is large enough for linear
    /// search to hurt (a hostile mapping with 100k keys must not be quadratic).
    index: HashMap<Box<str>, usize>,
    /// Parallel to `entries` once a merge happened: the value came from `<<`, so a later key of
    /// the mapping may replace it without being a duplicate.
    merged: Vec<bool>,
    key: Option<Node>,
    key_is_merge: bool,
    /// The pending key was a mapping or a sequence: reported, and its entry left out.
    key_is_complex: bool,
    height: usize,
}

enum Frame {
    Seq(SeqFrame),
    Map(MapFrame),
}

/// A node with an anchor, as aliases will copy it.
struct Anchored {
    node: Node,
    size: usize,
    height: usize,
}

struct Builder<'l> {
    limits: &'l Limits,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Anchored>,
    /// Nodes added by alias expansion in this document.
    alias_nodes: usize,
    root: Option<Node>,
}

/// A structural problem that abandons the current document.
struct Abort(Pos, LoadErrorKind);

/// saphyr counts flow levels in a `u8` and fails past it with "recursion limit exceeded".
const SAPHYR_FLOW_LIMIT: usize = 255;

/// Mappings with more entries than this look keys up through a hash index.
const LINEAR_KEYS: usize = 16;

/// Container levels inside `node` (0 for a scalar).
fn height(node: &Node) -> usize {
    match &node.kind {
        NodeKind::Scalar { .. } => 0,
        NodeKind::Seq(items) => 1 + items.iter().map(height).max().unwrap_or(0),
        NodeKind::Map(entries) => 1 + entries.iter().map(|e| height(&e.value)).max().unwrap_or(0),
    }
}

impl Stream<'_> {
    /// Parses from `text` until the end or a syntax error. Returns the relative line of a syntax
    /// error so the caller can resume after it.
    fn parse_from(&mut self, text: &str, offset: Offset) -> Option<u32> {
        let last = self.last;
        let offset = Clamped { offset, last };
        let mut parser = Parser::new_from_str(text);
        let mut cursor = CharCursor::default();
        let mut builder: Option<Builder<'_>> = None;
        let mut doc_start = Pos::UNKNOWN;
        let mut skipping = false;
        loop {
            let (event, span) = match parser.next_event() {
                None => return None,
                Some(Ok(ev)) => ev,
                Some(Err(e)) => {
                    // saphyr stops at 255 flow levels; a document that deep was already reported
                    // as too deep, which says more.
                    let at = Some(clamp_column(text, offset, e.marker()));
                    if e.info() != "recursion limit exceeded" {
                        self.problems.push((at, syntax(&e)));
                    } else if !skipping {
                        // The scanner looks ahead for a possible key, so on `[[[[…` it can
                        // reach its limit before the builder has seen `max_depth` levels.
                        let limit = self.limits.max_depth.min(SAPHYR_FLOW_LIMIT);
                        self.problems.push((at, LoadErrorKind::TooDeep { limit }));
                    }
                    // The broken document keeps its number (the scanner can fail before the
                    // parser has announced the document, so this does not wait for it).
                    self.index += 1;
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
                        limits: self.limits,
                        stack: Vec::new(),
                        anchors: HashMap::new(),
                        alias_nodes: 0,
                        root: None,
                    });
                }
                Event::DocumentEnd => {
                    let Some(b) = builder.take() else { continue };
                    let index = self.index;
                    self.index += 1;
                    self.alias_nodes = self.alias_nodes.saturating_add(b.alias_nodes);
                    if skipping {
                        // Reported already; not an empty document either.
                        continue;
                    }
                    self.docs.push(Document {
                        index,
                        start: doc_start,
                        end: offset.pos(&span.end),
                        root: b.root.filter(|r| !r.is_null()),
                    });
                }
                other => {
                    if skipping {
                        continue;
                    }
                    let Some(b) = builder.as_mut() else { continue };
                    let pos = offset.pos(&span.start);
                    let mut end = offset.pos(&span.end);
                    if let Event::Scalar(
                        _,
                        style @ (ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted),
                        ..,
                    ) = &other
                    {
                        // saphyr ends a quoted scalar's span where the next token starts (past
                        // trailing blanks and comments); end it at its closing quote instead.
                        let start_byte = cursor.byte_of(text, span.start.index());
                        if let Some(width) = quoted_width(&text[start_byte..], *style) {
                            end = Pos::new(pos.line, pos.column + width);
                        }
                    }
                    if matches!(other, Event::MappingEnd | Event::SequenceEnd) {
                        // Likewise a flow collection ends at its `}` / `]`, not at the next token.
                        let at = cursor.byte_of(text, span.start.index());
                        if matches!(text[at..].chars().next(), Some('}' | ']')) {
                            end = Pos::new(pos.line, pos.column + 1);
                        }
                    }
                    let stream_aliases = self.alias_nodes;
                    if let Err(Abort(at, kind)) =
                        b.event(other, pos, end, stream_aliases, &mut self.problems)
                    {
                        self.problems.push((Some(at), kind));
                        skipping = true;
                        b.stack.clear();
                        b.root = None;
                    }
                }
            }
        }
    }
}

/// [`Offset`] with positions kept inside the text.
#[derive(Clone, Copy)]
struct Clamped {
    offset: Offset,
    last: Pos,
}

impl Clamped {
    fn pos(&self, m: &Marker) -> Pos {
        self.offset.pos(m).min(self.last)
    }
}

/// The position of a scan error, with its column kept on its line: saphyr 0.3.4 advances the
/// column by bytes, not characters, over the parameters of a reserved directive (`%FOO é`).
fn clamp_column(text: &str, offset: Clamped, m: &Marker) -> Pos {
    let pos = offset.pos(m);
    let Some(line) = text.split('\n').nth(m.line().saturating_sub(1)) else {
        return pos;
    };
    let first_column = if m.line() == 1 {
        offset.offset.column
    } else {
        0
    };
    let max = first_column + line.chars().count() as u32 + 1;
    Pos::new(pos.line, pos.column.min(max))
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
        stream_aliases: usize,
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
                let is_merge_key = style == ScalarStyle::Plain && tag.is_none() && text == "<<";
                let node = Node::scalar(Span::new(pos, end), text.as_ref(), value);
                self.complete(node, 0, anchor, is_merge_key, problems)
            }
            Event::SequenceStart(anchor, _) => self.push(
                pos,
                Frame::Seq(SeqFrame {
                    start: pos,
                    anchor,
                    items: Vec::new(),
                    height: 0,
                }),
            ),
            Event::MappingStart(anchor, _) => self.push(
                pos,
                Frame::Map(MapFrame {
                    start: pos,
                    anchor,
                    entries: Vec::new(),
                    index: HashMap::new(),
                    merged: Vec::new(),
                    key: None,
                    key_is_merge: false,
                    key_is_complex: false,
                    height: 0,
                }),
            ),
            Event::SequenceEnd => match self.stack.pop() {
                Some(Frame::Seq(mut f)) => {
                    // Trees outlive parsing when the graph rules keep them: no spare capacity.
                    f.items.shrink_to_fit();
                    let node = Node {
                        span: Span::new(f.start, end),
                        kind: NodeKind::Seq(f.items),
                    };
                    self.complete(node, f.height + 1, f.anchor, false, problems)
                }
                _ => Ok(()),
            },
            Event::MappingEnd => match self.stack.pop() {
                Some(Frame::Map(mut f)) => {
                    f.entries.shrink_to_fit();
                    let node = Node {
                        span: Span::new(f.start, end),
                        kind: NodeKind::Map(f.entries),
                    };
                    self.complete(node, f.height + 1, f.anchor, false, problems)
                }
                _ => Ok(()),
            },
            Event::Alias(id) => {
                let Some(target) = self.anchors.get(&id) else {
                    return Err(Abort(
                        pos,
                        LoadErrorKind::Syntax(format!("YAML syntax error: unknown alias {id}")),
                    ));
                };
                self.alias_nodes = self.alias_nodes.saturating_add(target.size);
                if self.alias_nodes > self.limits.max_alias_nodes {
                    return Err(Abort(
                        pos,
                        LoadErrorKind::AliasBomb {
                            limit: self.limits.max_alias_nodes,
                        },
                    ));
                }
                if stream_aliases.saturating_add(self.alias_nodes)
                    > self.limits.max_alias_nodes_per_file
                {
                    return Err(Abort(
                        pos,
                        LoadErrorKind::AliasBomb {
                            limit: self.limits.max_alias_nodes_per_file,
                        },
                    ));
                }
                if self.stack.len() + target.height > self.limits.max_depth {
                    return Err(Abort(
                        pos,
                        LoadErrorKind::TooDeep {
                            limit: self.limits.max_depth,
                        },
                    ));
                }
                let height = target.height;
                let mut node = target.node.clone();
                // The copy as a whole is where the alias is; what is inside stays where it is written.
                node.span = Span::new(pos, end);
                self.complete(node, height, 0, false, problems)
            }
            _ => Ok(()),
        }
    }

    fn push(&mut self, pos: Pos, frame: Frame) -> Result<(), Abort> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(Abort(
                pos,
                LoadErrorKind::TooDeep {
                    limit: self.limits.max_depth,
                },
            ));
        }
        self.stack.push(frame);
        Ok(())
    }

    /// A node is finished: record its anchor and attach it to its parent. `height` is the
    /// number of container levels in it.
    fn complete(
        &mut self,
        node: Node,
        height: usize,
        anchor: usize,
        is_merge_key: bool,
        problems: &mut Problems,
    ) -> Result<(), Abort> {
        if anchor != 0 {
            let anchored = Anchored {
                size: node.size(),
                node: node.clone(),
                height,
            };
            self.anchors.insert(anchor, anchored);
        }
        match self.stack.last_mut() {
            None => {
                self.root = Some(node);
            }
            Some(Frame::Seq(f)) => {
                f.height = f.height.max(height);
                f.items.push(node);
            }
            Some(Frame::Map(f)) => match f.key.take() {
                None => {
                    f.key_is_complex = !matches!(node.kind, NodeKind::Scalar { .. });
                    f.key_is_merge = is_merge_key && !f.key_is_complex;
                    if f.key_is_complex {
                        problems.push((Some(node.start()), LoadErrorKind::ComplexKey));
                    }
                    f.key = Some(node);
                }
                Some(key) => {
                    if f.key_is_merge {
                        return f.merge(node);
                    }
                    if f.key_is_complex {
                        return Ok(());
                    }
                    f.height = f.height.max(height);
                    if let Some(previous) = f.insert(key, node, false) {
                        problems.push(previous);
                    }
                }
            },
        }
        Ok(())
    }
}

impl MapFrame {
    fn find(&mut self, key: &str) -> Option<usize> {
        if self.entries.len() <= LINEAR_KEYS {
            return self.entries.iter().position(|e| e.key_str() == key);
        }
        if self.index.is_empty() {
            for (i, e) in self.entries.iter().enumerate() {
                // Later duplicates were replaced in place, so keys are unique here.
                self.index.insert(Box::from(e.key_str()), i);
            }
        }
        self.index.get(key).copied()
    }

    /// Adds or replaces an entry. A key that is already there is a duplicate unless its value
    /// came from a merge; the duplicate is returned as a problem, and the last value wins, as in
    /// go-yaml v2.
    fn insert(
        &mut self,
        key: Node,
        value: Node,
        from_merge: bool,
    ) -> Option<(Option<Pos>, LoadErrorKind)> {
        let name = key.text().unwrap_or("");
        let Some(i) = self.find(name) else {
            if !self.index.is_empty() {
                self.index.insert(Box::from(name), self.entries.len());
            }
            if from_merge || !self.merged.is_empty() {
                self.merged.resize(self.entries.len(), false);
                self.merged.push(from_merge);
            }
            self.entries.push(Entry { key, value });
            return None;
        };
        let was_merged = self.merged.get(i).copied().unwrap_or(false);
        let problem = (!from_merge && !was_merged).then(|| {
            (
                Some(key.start()),
                LoadErrorKind::DuplicateKey {
                    key: name.to_string(),
                    first_line: self.entries[i].key.start().line,
                },
            )
        });
        if from_merge || was_merged {
            self.merged.resize(self.entries.len(), false);
            self.merged[i] = from_merge;
        }
        self.entries[i] = Entry { key, value };
        problem
    }

    /// `<<: *base` and `<<: [*a, *b]`, applied where they stand, as go-yaml v2 does: they
    /// replace the keys written before them, keys after them replace theirs, and among a list
    /// the earlier mappings win. Anything but a mapping or a list of mappings makes go-yaml
    /// reject the document.
    fn merge(&mut self, source: Node) -> Result<(), Abort> {
        let at = source.start();
        let sources = match source.kind {
            NodeKind::Map(_) => vec![source],
            NodeKind::Seq(items) if items.iter().all(Node::is_map) => items,
            _ => return Err(Abort(at, LoadErrorKind::InvalidMerge)),
        };
        for map in sources.into_iter().rev() {
            if let NodeKind::Map(entries) = map.kind {
                for entry in entries {
                    self.height = self.height.max(height(&entry.value));
                    self.insert(entry.key, entry.value, true);
                }
            }
        }
        Ok(())
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

/// Converts increasing character indices into byte offsets in one forward pass over the text.
#[derive(Default)]
struct CharCursor {
    chars: usize,
    bytes: usize,
}

impl CharCursor {
    fn byte_of(&mut self, text: &str, char_index: usize) -> usize {
        if char_index < self.chars {
            *self = CharCursor::default();
        }
        for c in text[self.bytes..].chars() {
            if self.chars >= char_index {
                break;
            }
            self.chars += 1;
            self.bytes += c.len_utf8();
        }
        self.bytes
    }
}

/// Width in characters of a one-line quoted scalar starting at its opening quote, closing quote
/// included; `None` when it spans lines (the parser's end is then kept).
fn quoted_width(rest: &str, style: ScalarStyle) -> Option<u32> {
    let quote = if style == ScalarStyle::SingleQuoted {
        '\''
    } else {
        '"'
    };
    let mut chars = rest.chars();
    if chars.next() != Some(quote) {
        return None;
    }
    let mut width = 1u32;
    while let Some(c) = chars.next() {
        width += 1;
        match c {
            '\n' | '\r' => return None,
            '\\' if quote == '"' => {
                if matches!(chars.next(), None | Some('\n' | '\r')) {
                    return None;
                }
                width += 1;
            }
            c if c == quote => {
                if quote == '\'' && chars.clone().next() == Some('\'') {
                    chars.next();
                    width += 1;
                    continue;
                }
                return Some(width);
            }
            _ => {}
        }
    }
    None
}
