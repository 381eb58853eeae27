//! JSON files and JSON streams (concatenated or newline-delimited values).
//!
//! serde_json finds where each value starts and ends; each value is then built by the YAML
//! builder (JSON is YAML's flow subset) so it gets the same spans as YAML input. A value the
//! YAML parser would read differently from serde_json falls back to serde_json, with the value's
//! start as its position.
//!
//! After a syntax error the stream resumes at the next line that starts with `{` or `[` (the
//! next value of an NDJSON file or of concatenated pretty-printed objects), so one broken value
//! does not hide the rest.

use crate::Limits;
use crate::error::LoadErrorKind;
use crate::yaml::{self, Document, Offset, Problems};
use kubeward_model::{Node, Pos};
use serde::de::IgnoredAny;

pub fn parse_json_stream(text: &str, limits: &Limits) -> (Vec<Document>, Problems) {
    let text: &str = &yaml::normalize_line_breaks(text);
    let mut docs = Vec::new();
    let mut problems = Problems::new();
    let mut cursor = Cursor::new(text);
    let mut index = 0usize;
    // Byte offset where the current attempt starts (always the start of a line), and its line.
    let mut from = 0usize;
    let mut from_line = 1u32;
    loop {
        let rest = &text[from..];
        let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<IgnoredAny>();
        let mut end = 0usize;
        let failure = loop {
            let before = end;
            match stream.next() {
                None => break None,
                Some(Ok(_)) => {
                    end = stream.byte_offset();
                    let raw = &rest[before..end];
                    let start = from + before + (raw.len() - raw.trim_start().len());
                    let stop = from + end;
                    value(
                        text,
                        start,
                        stop,
                        index,
                        limits,
                        &mut cursor,
                        &mut docs,
                        &mut problems,
                    );
                    index += 1;
                }
                Some(Err(e)) => {
                    let raw = &rest[end..];
                    let start = from + end + (raw.len() - raw.trim_start().len());
                    break Some((start, e));
                }
            }
        };
        let Some((start, e)) = failure else { break };
        let line = from_line + (e.line() as u32).max(1) - 1;
        let pos = char_position(text, from, e.line(), e.column(), line);
        problems.push((Some(pos), LoadErrorKind::Syntax(json_message(&e))));
        index += 1;
        let start_line = cursor.at(start).line;
        match next_value_line(text, start, line.max(start_line + 1)) {
            Some(next) => {
                from = next;
                from_line = cursor.at(next).line;
            }
            None => break,
        }
    }
    (docs, problems)
}

/// One complete JSON value at `text[start..stop]`.
#[allow(clippy::too_many_arguments)]
fn value(
    text: &str,
    start: usize,
    stop: usize,
    index: usize,
    limits: &Limits,
    cursor: &mut Cursor<'_>,
    docs: &mut Vec<Document>,
    problems: &mut Problems,
) {
    let slice = &text[start..stop];
    let offset = cursor.at(start);
    let end = cursor.at(stop);
    let end = Pos::new(end.line, end.column + 1);
    let (parsed, slice_problems) = yaml::parse_stream(slice, limits, offset);
    let structural = slice_problems
        .iter()
        .any(|(_, k)| matches!(k, LoadErrorKind::Syntax(_)));
    if structural {
        // The YAML reader disagrees with serde_json about this value: trust serde_json.
        let pos = Pos::new(offset.line, offset.column + 1);
        match serde_json::from_str::<serde_json::Value>(slice) {
            Ok(v) if json_depth(&v) > limits.max_depth => problems.push((
                Some(pos),
                LoadErrorKind::TooDeep {
                    limit: limits.max_depth,
                },
            )),
            Ok(v) => {
                let mut node = Node::from_json(&v);
                set_position(&mut node, pos);
                docs.push(Document {
                    index,
                    start: pos,
                    end,
                    root: Some(node).filter(|n| !n.is_null()),
                });
            }
            Err(e) => problems.push((Some(pos), LoadErrorKind::Syntax(json_message(&e)))),
        }
        return;
    }
    problems.extend(slice_problems);
    for mut doc in parsed {
        doc.index = index;
        doc.end = end;
        docs.push(doc);
    }
}

/// serde_json's message without its own " at line L column C" (the error carries the position).
fn json_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let message = match full.rsplit_once(" at line ") {
        Some((head, tail))
            if tail
                .split_once(" column ")
                .is_some_and(|(l, c)| l.parse::<u64>().is_ok() && c.parse::<u64>().is_ok()) =>
        {
            head
        }
        _ => &full,
    };
    format!("JSON syntax error: {message}")
}

/// serde_json counts columns in bytes, up to and including the offending one; positions here
/// count characters. `from` is the byte offset its line numbers are relative to.
fn char_position(text: &str, from: usize, line: usize, byte_column: usize, abs_line: u32) -> Pos {
    let rest = &text[from..];
    let line_start = rest
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    let line_text = rest[line_start..].split('\n').next().unwrap_or("");
    let mut cut = byte_column.min(line_text.len());
    while !line_text.is_char_boundary(cut) {
        cut += 1;
    }
    let column = line_text[..cut].chars().count().max(1) as u32;
    Pos::new(abs_line, column)
}

/// The first line at or after the 1-based line `min_line` (counted in the whole text), past
/// byte `after`, that starts with `{` or `[`: where the next value of a stream begins.
fn next_value_line(text: &str, after: usize, min_line: u32) -> Option<usize> {
    let mut byte = 0usize;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if i as u32 + 1 >= min_line && byte > after && line.starts_with(['{', '[']) {
            return Some(byte);
        }
        byte += line.len();
    }
    None
}

fn json_depth(v: &serde_json::Value) -> usize {
    match v {
        serde_json::Value::Array(items) => 1 + items.iter().map(json_depth).max().unwrap_or(0),
        serde_json::Value::Object(map) => 1 + map.values().map(json_depth).max().unwrap_or(0),
        _ => 0,
    }
}

/// Turns increasing byte offsets into positions without rescanning from the start each time
/// (an NDJSON file has one value per line: rescanning would be quadratic).
struct Cursor<'t> {
    text: &'t str,
    byte: usize,
    line: u32,
    /// 0-based column of `byte`, in characters.
    column: u32,
}

impl<'t> Cursor<'t> {
    fn new(text: &'t str) -> Self {
        Cursor {
            text,
            byte: 0,
            line: 1,
            column: 0,
        }
    }

    /// Line (1-based) and column (0-based, in characters) of a byte offset.
    fn at(&mut self, byte: usize) -> Offset {
        if byte < self.byte {
            *self = Cursor::new(self.text);
        }
        let between = &self.text[self.byte..byte];
        match between.rfind('\n') {
            Some(last) => {
                self.line += between.matches('\n').count() as u32;
                self.column = between[last + 1..].chars().count() as u32;
            }
            None => self.column += between.chars().count() as u32,
        }
        self.byte = byte;
        Offset {
            line: self.line,
            column: self.column,
        }
    }
}

fn set_position(node: &mut Node, pos: Pos) {
    node.span = kubeward_model::Span::new(pos, pos);
    match &mut node.kind {
        kubeward_model::NodeKind::Seq(items) => items.iter_mut().for_each(|n| set_position(n, pos)),
        kubeward_model::NodeKind::Map(entries) => entries.iter_mut().for_each(|e| {
            set_position(&mut e.key, pos);
            set_position(&mut e.value, pos);
        }),
        kubeward_model::NodeKind::Scalar { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concatenated_and_ndjson_values_keep_their_lines() {
        let text = "{\"a\": 1}\n{\"b\":\n  {\"c\": true}}\n";
        let (docs, problems) = parse_json_stream(text, &Limits::default());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(docs.len(), 2);
        let c = docs[1]
            .root
            .as_ref()
            .and_then(|r| r.get("b"))
            .and_then(|b| b.entry("c"))
            .expect("c");
        assert_eq!(c.key.start(), Pos::new(3, 4));
        assert_eq!(c.value.as_bool(), Some(true));
    }

    #[test]
    fn syntax_errors_have_positions() {
        let (_, problems) = parse_json_stream("{\"a\": 1}\n{\"b\": }\n", &Limits::default());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].0.map(|p| p.line), Some(2));
    }
}
