//! Splitting a logical line (characters with their positions) into words, and reading the
//! JSON exec form.

use kubeward_model::{Pos, Span};

/// A character of a logical line and where it is in the file.
pub(crate) type Cell = (char, Pos);

/// The span of `cells[range]` (half-open; an empty range is an empty span at its start).
pub(crate) fn span_of(cells: &[Cell], start: usize, end: usize) -> Span {
    let at = |i: usize| cells.get(i).map(|c| c.1);
    let begin = at(start)
        .or_else(|| cells.last().map(|c| after(c.1)))
        .unwrap_or(Pos::UNKNOWN);
    if end <= start {
        return Span::new(begin, begin);
    }
    let last = at(end - 1).map(after).unwrap_or(begin);
    Span::new(begin, last)
}

pub(crate) fn after(p: Pos) -> Pos {
    Pos::new(p.line, p.column.saturating_add(1))
}

pub(crate) fn is_space(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// One word: its text (quotes removed, escapes resolved), its cell range, and whether it
/// started with an unquoted character (heredoc markers must).
pub(crate) struct RawWord {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub first_quoted: bool,
}

/// Splits `cells[start..end]` on unquoted blanks. Single quotes are literal, double quotes let
/// the escape character escape `"`, the escape character itself and `$`; outside quotes the
/// escape character escapes the next character. An unclosed quote runs to the end.
pub(crate) fn split_words(cells: &[Cell], start: usize, end: usize, escape: char) -> Vec<RawWord> {
    let mut words = Vec::new();
    let mut i = start;
    let end = end.min(cells.len());
    while i < end {
        while i < end && is_space(cells[i].0) {
            i += 1;
        }
        if i >= end {
            break;
        }
        let word_start = i;
        let first_quoted = matches!(cells[i].0, '\'' | '"');
        let mut text = String::new();
        let mut quote: Option<char> = None;
        while i < end {
            let c = cells[i].0;
            match quote {
                None if is_space(c) => break,
                None if c == '\'' || c == '"' => quote = Some(c),
                None if c == escape => {
                    if let Some(next) = cells.get(i + 1).filter(|_| i + 1 < end) {
                        text.push(next.0);
                        i += 1;
                    } else {
                        text.push(c);
                    }
                }
                Some(q) if c == q => quote = None,
                Some('"') if c == escape => {
                    match cells.get(i + 1).filter(|_| i + 1 < end) {
                        Some(next) if next.0 == '"' || next.0 == escape || next.0 == '$' => {
                            // Keep `\$` so that substitution still sees it as literal.
                            if next.0 == '$' {
                                text.push(escape);
                            }
                            text.push(next.0);
                            i += 1;
                        }
                        _ => text.push(c),
                    }
                }
                _ => text.push(c),
            }
            i += 1;
        }
        words.push(RawWord {
            text,
            start: word_start,
            end: i,
            first_quoted,
        });
    }
    words
}

/// One string of an exec-form array: its text and cell range (quotes included).
pub(crate) type ExecItem = (String, usize, usize);

/// Reads `cells[start..end]` as a JSON array of strings: `Ok` with each string's text and cell
/// range (quotes included), or `Err` with a message and the cell where reading stopped.
pub(crate) fn parse_exec(
    cells: &[Cell],
    start: usize,
    end: usize,
) -> Result<Vec<ExecItem>, (String, usize)> {
    let end = end.min(cells.len());
    let mut i = start;
    let skip_ws = |i: &mut usize| {
        while *i < end && cells[*i].0.is_whitespace() {
            *i += 1;
        }
    };
    if cells.get(i).map(|c| c.0) != Some('[') {
        return Err(("expected `[`".to_string(), i));
    }
    i += 1;
    let mut items = Vec::new();
    skip_ws(&mut i);
    if i < end && cells[i].0 == ']' {
        i += 1;
    } else {
        loop {
            skip_ws(&mut i);
            if i >= end || cells[i].0 != '"' {
                return Err(("expected a string in double quotes".to_string(), i));
            }
            let item_start = i;
            i += 1;
            let mut text = String::new();
            loop {
                if i >= end {
                    return Err(("unterminated string".to_string(), item_start));
                }
                let c = cells[i].0;
                i += 1;
                match c {
                    '"' => break,
                    '\\' => {
                        let Some(&(e, _)) = cells.get(i).filter(|_| i < end) else {
                            return Err(("unterminated string".to_string(), item_start));
                        };
                        i += 1;
                        match e {
                            '"' | '\\' | '/' => text.push(e),
                            'b' => text.push('\u{8}'),
                            'f' => text.push('\u{c}'),
                            'n' => text.push('\n'),
                            'r' => text.push('\r'),
                            't' => text.push('\t'),
                            'u' => {
                                let hex: String = cells
                                    .get(i..(i + 4).min(end))
                                    .unwrap_or(&[])
                                    .iter()
                                    .map(|c| c.0)
                                    .collect();
                                let code = (hex.len() == 4)
                                    .then(|| u32::from_str_radix(&hex, 16).ok())
                                    .flatten();
                                let Some(code) = code else {
                                    return Err(("invalid \\u escape".to_string(), i - 2));
                                };
                                i += 4;
                                text.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                            }
                            _ => return Err((format!("invalid escape `\\{e}`"), i - 2)),
                        }
                    }
                    c if (c as u32) < 0x20 => {
                        return Err(("control character in string".to_string(), i - 1));
                    }
                    c => text.push(c),
                }
            }
            items.push((text, item_start, i));
            skip_ws(&mut i);
            match cells.get(i).filter(|_| i < end).map(|c| c.0) {
                Some(',') => i += 1,
                Some(']') => {
                    i += 1;
                    break;
                }
                _ => return Err(("expected `,` or `]`".to_string(), i)),
            }
        }
    }
    skip_ws(&mut i);
    if i < end {
        return Err(("text after the closing `]`".to_string(), i));
    }
    Ok(items)
}
