//! From bytes to text: encodings, binary files, and characters YAML forbids.
//!
//! Nothing here rejects a whole file for one bad character. A byte that is not UTF-8 (a Latin-1
//! `é`) or a control character becomes U+FFFD so that the file still parses with every position
//! right; afterwards the documents that contain such a character are dropped with an error that
//! points at it, and the other documents load. `kubectl apply` splits a stream into documents
//! before decoding them, so the clean documents would reach the cluster too.

use crate::error::LoadErrorKind;
use crate::yaml::{Document, normalize_line_breaks};
use kubeward_model::Pos;
use std::borrow::Cow;

/// A character that was replaced by U+FFFD.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bad {
    /// The first byte of an invalid UTF-8 sequence.
    Byte(u8),
    /// An unpaired surrogate in UTF-16 text.
    Surrogate(u16),
    /// UTF-16 text with an odd number of bytes.
    OddByte,
    /// A character outside YAML's printable set.
    Control(char),
}

impl Bad {
    fn kind(self, in_document: bool) -> LoadErrorKind {
        let skipped = if in_document {
            "; document skipped"
        } else {
            ""
        };
        let detail = match self {
            Bad::Byte(b) => format!("byte 0x{b:02X} (save the file as UTF-8){skipped}"),
            Bad::Surrogate(u) => format!("unpaired UTF-16 surrogate 0x{u:04X}{skipped}"),
            Bad::OddByte => format!("UTF-16 text ends in half a character{skipped}"),
            Bad::Control(c) => {
                return LoadErrorKind::ControlCharacter {
                    code: c as u32,
                    document_skipped: in_document,
                };
            }
        };
        LoadErrorKind::InvalidUtf8 { detail }
    }
}

/// Decoded text and the characters that had to be replaced, by byte offset in `text`.
#[derive(Clone, Debug)]
pub struct Decoded {
    pub text: String,
    bad: Vec<(usize, Bad)>,
}

/// Bytes to text: a UTF-8 byte order mark is dropped, UTF-16 with a byte order mark is decoded
/// (PowerShell's `>` writes it, and go-yaml reads it), anything else is read as UTF-8. A lone
/// `\r` becomes `\n` (see [`normalize_line_breaks`]).
pub fn decode(bytes: &[u8]) -> Decoded {
    let mut text = String::new();
    let mut bad = Vec::new();
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        utf8(rest, &mut text, &mut bad);
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        utf16(rest, u16::from_le_bytes, &mut text, &mut bad);
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        utf16(rest, u16::from_be_bytes, &mut text, &mut bad);
    } else {
        utf8(bytes, &mut text, &mut bad);
    }
    // Same length in bytes, so the offsets in `bad` still hold.
    if let Cow::Owned(normalized) = normalize_line_breaks(&text) {
        text = normalized;
    }
    Decoded { text, bad }
}

fn utf8(bytes: &[u8], text: &mut String, bad: &mut Vec<(usize, Bad)>) {
    if let Ok(valid) = std::str::from_utf8(bytes) {
        text.push_str(valid);
        return;
    }
    text.reserve(bytes.len());
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        if let Some(first) = chunk.invalid().first() {
            bad.push((text.len(), Bad::Byte(*first)));
            text.push(char::REPLACEMENT_CHARACTER);
        }
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16, text: &mut String, bad: &mut Vec<(usize, Bad)>) {
    let pairs = bytes.chunks_exact(2);
    let odd = !pairs.remainder().is_empty();
    let units = pairs.map(|p| unit([p[0], p[1]]));
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => text.push(c),
            Err(e) => {
                bad.push((text.len(), Bad::Surrogate(e.unpaired_surrogate())));
                text.push(char::REPLACEMENT_CHARACTER);
            }
        }
    }
    if odd {
        bad.push((text.len(), Bad::OddByte));
        text.push(char::REPLACEMENT_CHARACTER);
    }
}

/// YAML 1.1's printable set (`c-printable`); go-yaml rejects a stream with anything else.
fn yaml_forbids(c: char) -> bool {
    !matches!(c,
        '\t' | '\n' | '\r' | '\u{20}'..='\u{7E}' | '\u{85}' | '\u{A0}'..='\u{D7FF}'
        | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

impl Decoded {
    /// The text as the YAML reader gets it: forbidden control characters replaced too.
    pub fn for_yaml(self) -> Decoded {
        if !self.text.chars().any(yaml_forbids) {
            return self;
        }
        let mut text = String::with_capacity(self.text.len() + 16);
        let mut bad = Vec::with_capacity(self.bad.len() + 1);
        let mut earlier = self.bad.iter().peekable();
        for (i, c) in self.text.char_indices() {
            while let Some(&&(at, b)) = earlier.peek()
                && at == i
            {
                bad.push((text.len(), b));
                earlier.next();
            }
            if yaml_forbids(c) {
                bad.push((text.len(), Bad::Control(c)));
                text.push(char::REPLACEMENT_CHARACTER);
            } else {
                text.push(c);
            }
        }
        Decoded { text, bad }
    }

    /// Positions (1-based, columns in characters) of the replaced characters, in order.
    pub fn bad_positions(&self) -> Vec<(Pos, Bad)> {
        let mut out = Vec::with_capacity(self.bad.len());
        let mut line = 1u32;
        let mut line_start = 0usize;
        let mut scanned = 0usize;
        for &(at, b) in &self.bad {
            let between = &self.text[scanned..at];
            if let Some(last) = between.rfind('\n') {
                line += between.matches('\n').count() as u32;
                line_start = scanned + last + 1;
            }
            scanned = at;
            let column = self.text[line_start..at].chars().count() as u32 + 1;
            out.push((Pos::new(line, column), b));
        }
        out
    }
}

/// Drops the documents that contain a replaced character and returns one error for each of
/// them, at its first such character. Characters outside every loaded document (in a comment
/// between documents, in a document that failed to parse) are reported once per run.
pub fn contain_bad_text(
    documents: &mut Vec<Document>,
    bad: &[(Pos, Bad)],
) -> Vec<(Pos, LoadErrorKind)> {
    let mut errors = Vec::new();
    let mut dropped = vec![false; documents.len()];
    let mut last_group: Option<Option<usize>> = None;
    for &(pos, b) in bad {
        let following = documents.partition_point(|d| d.start <= pos);
        let containing = following
            .checked_sub(1)
            .filter(|&i| pos <= documents[i].end);
        if last_group == Some(containing) {
            continue;
        }
        last_group = Some(containing);
        if let Some(i) = containing {
            dropped[i] = true;
        }
        errors.push((pos, b.kind(containing.is_some())));
    }
    let mut flags = dropped.into_iter();
    documents.retain(|_| !flags.next().unwrap_or(false));
    errors
}

/// A file is binary data, not text with a stray bad byte, when its first 8 KiB hold a NUL and
/// at least one byte in ten is a NUL, another control character or not UTF-8. Returns the
/// offset of that NUL.
pub fn binary_offset(bytes: &[u8]) -> Option<usize> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return None;
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let nul = sample.iter().position(|b| *b == 0)?;
    let mut bad = 0usize;
    for chunk in sample.utf8_chunks() {
        bad += chunk.invalid().len();
        bad += chunk
            .valid()
            .chars()
            .filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
            .count();
    }
    (bad * 10 >= sample.len()).then_some(nul)
}

/// Input that starts with `{` or `[` is taken for JSON first.
pub fn looks_like_json(text: &str) -> bool {
    text.trim_start().starts_with(['{', '['])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_bytes_become_replacement_characters_with_positions() {
        let d = decode(b"a: 1\nb: caf\xE9\n");
        assert_eq!(d.text, "a: 1\nb: caf\u{FFFD}\n");
        assert_eq!(d.bad_positions(), vec![(Pos::new(2, 7), Bad::Byte(0xE9))]);
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend("a: é\n".encode_utf16().flat_map(u16::to_le_bytes));
        let d = decode(&bytes);
        assert_eq!(d.text, "a: é\n");
        assert!(d.bad.is_empty());
        assert_eq!(binary_offset(&bytes), None);
    }

    #[test]
    fn control_characters_are_replaced_for_yaml_only() {
        let d = decode(b"a: \x07\nb: \xFF\x00\n");
        assert_eq!(d.text, "a: \u{7}\nb: \u{FFFD}\0\n");
        let y = d.for_yaml();
        assert_eq!(y.text, "a: \u{FFFD}\nb: \u{FFFD}\u{FFFD}\n");
        assert_eq!(
            y.bad_positions(),
            vec![
                (Pos::new(1, 4), Bad::Control('\u{7}')),
                (Pos::new(2, 4), Bad::Byte(0xFF)),
                (Pos::new(2, 5), Bad::Control('\0')),
            ]
        );
    }

    #[test]
    fn lone_carriage_returns_are_line_breaks() {
        let d = decode(b"a: 1\rb: \xE9\r\nc: 3\n");
        assert_eq!(d.text, "a: 1\nb: \u{FFFD}\r\nc: 3\n");
        assert_eq!(d.bad_positions()[0].0, Pos::new(2, 4));
    }

    #[test]
    fn binary_needs_a_nul_and_much_junk() {
        let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89";
        assert_eq!(binary_offset(png), Some(8));
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\x00b\n".repeat(3);
        assert_eq!(binary_offset(text.as_bytes()), None);
        assert_eq!(binary_offset(b"caf\xE9"), None);
    }
}
