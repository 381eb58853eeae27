//! JSON files and JSON streams (concatenated or newline-delimited values).
//!
//! serde_json finds where each value starts and ends; each value is then built by the YAML
//! builder (JSON is YAML's flow subset) so it gets the same spans as YAML input. A value the
//! YAML parser would read differently from serde_json falls back to serde_json, with the value's
//! start as its position.

use crate::Limits;
use crate::error::LoadErrorKind;
use crate::yaml::{self, Document, Offset, Problems};
use kubeward_model::{Node, Pos};
use serde::de::IgnoredAny;

pub fn parse_json_stream(text: &str, limits: &Limits) -> (Vec<Document>, Problems) {
    let mut docs = Vec::new();
    let mut problems = Problems::new();
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<IgnoredAny>();
    let mut end = 0usize;
    loop {
        let before = end;
        match stream.next() {
            None => break,
            Some(Ok(_)) => {
                end = stream.byte_offset();
                let raw = &text[before..end];
                let skipped_ws = raw.len() - raw.trim_start().len();
                let start = before + skipped_ws;
                let slice = &text[start..end];
                let offset = offset_of(text, start);
                let index = docs.len();
                let (mut parsed, slice_problems) = yaml::parse_stream(slice, limits, offset);
                let structural = slice_problems
                    .iter()
                    .any(|(_, k)| matches!(k, LoadErrorKind::Syntax(_)));
                if structural || parsed.len() != 1 {
                    // The YAML reader disagrees with serde_json about this value: trust serde_json.
                    let pos = Pos::new(offset.line, offset.column + 1);
                    match serde_json::from_str::<serde_json::Value>(slice) {
                        Ok(value) => {
                            let mut node = Node::from_json(&value);
                            set_position(&mut node, pos);
                            docs.push(Document {
                                index,
                                start: pos,
                                root: Some(node).filter(|n| !n.is_null()),
                            });
                        }
                        Err(e) => problems.push((Some(pos), LoadErrorKind::Syntax(e.to_string()))),
                    }
                    continue;
                }
                problems.extend(slice_problems);
                if let Some(mut doc) = parsed.pop() {
                    doc.index = index;
                    docs.push(doc);
                }
            }
            Some(Err(e)) => {
                let pos = Pos::new(e.line() as u32, e.column() as u32);
                problems.push((
                    Some(pos).filter(Pos::is_known),
                    LoadErrorKind::Syntax(format!("JSON syntax error: {e}")),
                ));
                break;
            }
        }
    }
    (docs, problems)
}

/// Line (1-based) and column (0-based, in characters) of a byte offset.
fn offset_of(text: &str, byte: usize) -> Offset {
    let before = &text[..byte];
    let line = before.matches('\n').count() as u32 + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() as u32;
    Offset { line, column }
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
