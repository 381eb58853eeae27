//! Physical lines -> directives, logical lines (continuations joined), heredoc bodies ->
//! instructions.

use crate::words::{Cell, after, is_space, parse_exec, span_of, split_words};
use crate::{
    Arguments, Directive, Dockerfile, Flag, Heredoc, Instruction, Keyword, ParseError, Word,
    push_error,
};
use kubeward_model::{Pos, Span};

struct Lines<'a> {
    lines: Vec<&'a str>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut lines: Vec<&str> = text
            .split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .collect();
        // A final newline does not start another line.
        if lines.last().is_some_and(|l| l.is_empty()) {
            lines.pop();
        }
        Lines { lines }
    }

    fn get(&self, i: usize) -> Option<&'a str> {
        self.lines.get(i).copied()
    }

    fn len(&self) -> usize {
        self.lines.len()
    }

    /// The whole of line `i` (0-based) as a span.
    fn span(&self, i: usize) -> Span {
        let len = self.get(i).map_or(0, |l| l.chars().count()) as u32;
        let line = line_no(i);
        Span::new(Pos::new(line, 1), Pos::new(line, len + 1))
    }
}

fn line_no(i: usize) -> u32 {
    u32::try_from(i + 1).unwrap_or(u32::MAX)
}

fn col_no(i: usize) -> u32 {
    u32::try_from(i + 1).unwrap_or(u32::MAX)
}

fn is_comment(line: &str) -> bool {
    line.trim_start_matches(is_space).starts_with('#')
}

fn is_blank(line: &str) -> bool {
    line.trim_start_matches(is_space).trim_end().is_empty()
}

/// `# name = value` at the top of the file.
fn directive(line: &str) -> Option<(String, String)> {
    let rest = line.trim_start_matches(is_space).strip_prefix('#')?;
    let (name, value) = rest.split_once('=')?;
    let name = name.trim_matches(is_space);
    let mut chars = name.chars();
    if !chars.next()?.is_ascii_alphabetic() || !chars.all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    Some((name.to_ascii_lowercase(), value.trim().to_string()))
}

/// The position of the escape character that ends `line`, if it does (followed by blanks only).
fn continuation(line: &str, escape: char) -> Option<usize> {
    let trimmed = line.trim_end_matches(is_space);
    trimmed
        .ends_with(escape)
        .then(|| trimmed.chars().count() - 1)
}

pub(crate) fn parse(text: &str) -> Dockerfile {
    let lines = Lines::new(text);
    let mut df = Dockerfile {
        directives: Vec::new(),
        escape: '\\',
        instructions: Vec::new(),
        stages: Vec::new(),
        errors: Vec::new(),
        dockerignore: crate::ContextIgnore::Unknown,
    };
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        let Some((name, value)) = directive(line) else {
            break;
        };
        if !matches!(name.as_str(), "syntax" | "escape" | "check") {
            // An unknown directive is a comment, and ends the directives.
            break;
        }
        let span = lines.span(i);
        if df.directives.iter().any(|d| d.name == name) {
            push_error(
                &mut df.errors,
                ParseError {
                    message: format!("parser directive `{name}` given twice"),
                    span,
                },
            );
        } else if name == "escape" {
            match value.as_str() {
                "\\" => df.escape = '\\',
                "`" => df.escape = '`',
                "" => push_error(
                    &mut df.errors,
                    ParseError {
                        message: "empty escape directive: the escape character must be ` or \\"
                            .to_string(),
                        span,
                    },
                ),
                _ => push_error(
                    &mut df.errors,
                    ParseError {
                        message: format!("invalid escape character `{value}`: must be ` or \\"),
                        span,
                    },
                ),
            }
        }
        df.directives.push(Directive { name, value, span });
        i += 1;
    }
    let escape = df.escape;
    while i < lines.len() {
        let Some(first) = lines.get(i) else { break };
        if is_blank(first) || is_comment(first) {
            i += 1;
            continue;
        }
        // A logical line: this line and its continuations.
        let mut cells: Vec<Cell> = Vec::new();
        let mut j = i;
        let mut current = first;
        let mut leading = true;
        loop {
            let cont = continuation(current, escape);
            let take = cont.unwrap_or(usize::MAX);
            for (col, c) in current.chars().enumerate() {
                if col >= take {
                    break;
                }
                if leading && is_space(c) {
                    continue;
                }
                leading = false;
                cells.push((c, Pos::new(line_no(j), col_no(col))));
            }
            let Some(cont_col) = cont else { break };
            // Skip comment and empty lines inside the continuation.
            let mut k = j + 1;
            while lines.get(k).is_some_and(|l| is_comment(l) || is_blank(l)) {
                k += 1;
            }
            match lines.get(k) {
                Some(next) => {
                    j = k;
                    current = next;
                }
                None => {
                    let at = Pos::new(line_no(j), col_no(cont_col));
                    push_error(
                        &mut df.errors,
                        ParseError {
                            message: match escape {
                                '`' => "line continuation (a backtick, the escape character) at the end of the file".to_string(),
                                _ => format!("line continuation `{escape}` at the end of the file"),
                            },
                            span: Span::new(at, after(at)),
                        },
                    );
                    j = k.saturating_sub(1);
                    break;
                }
            }
        }
        let next_line = j + 1;
        if cells.is_empty() {
            i = next_line;
            continue;
        }
        let (instruction, after_heredocs) = instruction(
            &cells,
            0,
            cells.len(),
            escape,
            &lines,
            next_line,
            &mut df.errors,
        );
        if let Some(ins) = instruction {
            df.instructions.push(ins);
        }
        i = after_heredocs.max(next_line);
    }
    df
}

/// Parses `cells[start..end]` as one instruction; heredoc bodies are read from physical line
/// `body_line` on. Returns the instruction (`None` when the keyword is unknown) and the first
/// physical line after it.
fn instruction(
    cells: &[Cell],
    start: usize,
    end: usize,
    escape: char,
    lines: &Lines<'_>,
    body_line: usize,
    errors: &mut Vec<ParseError>,
) -> (Option<Instruction>, usize) {
    let mut i = start;
    while i < end && is_space(cells[i].0) {
        i += 1;
    }
    let kw_start = i;
    while i < end && !is_space(cells[i].0) {
        i += 1;
    }
    let keyword_text: String = cells[kw_start..i].iter().map(|c| c.0).collect();
    let keyword_span = span_of(cells, kw_start, i);
    let Some(keyword) = Keyword::parse(&keyword_text) else {
        let shown: String = keyword_text.chars().take(40).collect();
        let ellipsis = if keyword_text.chars().count() > 40 {
            "…"
        } else {
            ""
        };
        push_error(
            errors,
            ParseError {
                message: format!("unknown instruction `{shown}{ellipsis}`"),
                span: keyword_span,
            },
        );
        return (None, body_line);
    };
    let line_span = span_of(cells, kw_start, end);
    // Flags: leading words that start with `--`; a bare `--` ends them.
    let mut flags = Vec::new();
    let mut rest = i;
    let candidates = split_words(cells, i, end, escape);
    for w in &candidates {
        if w.first_quoted || !w.text.starts_with("--") {
            break;
        }
        rest = w.end;
        if w.text == "--" {
            break;
        }
        let body = &w.text[2..];
        let (name, value) = match body.split_once('=') {
            Some((n, v)) => (n.to_string(), Some(v.to_string())),
            None => (body.to_string(), None),
        };
        let span = span_of(cells, w.start, w.end);
        if !keyword
            .known_flags()
            .iter()
            .any(|k| k.eq_ignore_ascii_case(&name))
        {
            push_error(
                errors,
                ParseError {
                    message: format!("unknown flag `--{name}` for {keyword}"),
                    span,
                },
            );
        }
        flags.push(Flag { name, value, span });
    }
    while rest < end && is_space(cells[rest].0) {
        rest += 1;
    }
    let mut args_end = end;
    while args_end > rest && cells[args_end - 1].0.is_whitespace() {
        args_end -= 1;
    }
    let mut ins = Instruction {
        keyword,
        keyword_span,
        span: line_span,
        flags,
        arguments: Arguments::None,
        words: Vec::new(),
        heredocs: Vec::new(),
        trigger: None,
        shell_positions: Vec::new(),
    };
    let mut next_line = body_line;
    match keyword {
        Keyword::Onbuild => {
            if rest < args_end {
                let (trigger, _) =
                    instruction(cells, rest, args_end, escape, lines, body_line, errors);
                if let Some(t) = &trigger
                    && matches!(
                        t.keyword,
                        Keyword::Onbuild | Keyword::From | Keyword::Maintainer
                    )
                {
                    push_error(
                        errors,
                        ParseError {
                            message: format!("ONBUILD cannot trigger {}", t.keyword),
                            span: t.keyword_span,
                        },
                    );
                }
                if let Some(t) = &trigger {
                    next_line = next_line.max(end_line_of(t));
                }
                ins.trigger = trigger.map(Box::new);
            }
            ins.arguments = shell_word(cells, rest, args_end);
        }
        Keyword::Healthcheck => {
            let words = split_words(cells, rest, args_end, escape);
            match words.first() {
                Some(w) if w.text.eq_ignore_ascii_case("cmd") => {
                    let mut cmd = w.end;
                    while cmd < args_end && is_space(cells[cmd].0) {
                        cmd += 1;
                    }
                    let (arguments, list) = command(cells, cmd, args_end, escape, keyword, errors);
                    ins.arguments = arguments;
                    ins.words = vec![to_word(cells, w)];
                    ins.words.extend(list);
                }
                Some(w) if w.text.eq_ignore_ascii_case("none") && words.len() == 1 => {
                    ins.arguments = shell_word(cells, rest, args_end);
                    ins.words = vec![to_word(cells, w)];
                }
                _ => {
                    push_error(
                        errors,
                        ParseError {
                            message: "HEALTHCHECK takes `NONE` or `CMD <command>`".to_string(),
                            span: span_of(cells, rest, args_end.max(rest)),
                        },
                    );
                    ins.arguments = shell_word(cells, rest, args_end);
                    ins.words = words.iter().map(|w| to_word(cells, w)).collect();
                }
            }
        }
        _ => {
            let (arguments, words) = command(cells, rest, args_end, escape, keyword, errors);
            ins.arguments = arguments;
            ins.words = words;
        }
    }
    if let Arguments::Shell(w) = &ins.arguments {
        let n = w.text.chars().count();
        if let Some(s) = cells[..end].iter().position(|c| c.1 == w.span.start) {
            let e = (s + n).min(cells.len());
            ins.shell_positions = cells[s..e].iter().map(|c| c.1).collect();
        }
    }
    if keyword.heredocs() && matches!(ins.arguments, Arguments::Shell(_)) {
        let markers: Vec<(String, bool, bool, Span)> = split_words(cells, rest, args_end, escape)
            .iter()
            .filter(|w| !w.first_quoted)
            .filter_map(|w| heredoc_marker(cells, w))
            .collect();
        for (delimiter, strip_tabs, quoted, span) in markers {
            let (heredoc, after) = read_heredoc(
                lines, next_line, delimiter, strip_tabs, quoted, span, errors,
            );
            next_line = after;
            ins.heredocs.push(heredoc);
        }
        if let Some(last) = ins.heredocs.last() {
            let end = last.end.map_or(last.body_span.end, |e| e.end);
            ins.span.end = end.max(ins.span.end);
        }
    }
    if let Some(t) = &ins.trigger
        && t.span.end > ins.span.end
    {
        ins.span.end = t.span.end;
        ins.heredocs.clone_from(&t.heredocs);
    }
    if matches!(ins.arguments, Arguments::None) && !matches!(keyword, Keyword::Healthcheck) {
        push_error(
            errors,
            ParseError {
                message: format!("{keyword} needs arguments"),
                span: keyword_span,
            },
        );
    }
    (Some(ins), next_line)
}

fn end_line_of(ins: &Instruction) -> usize {
    ins.span.end.line as usize
}

fn shell_word(cells: &[Cell], start: usize, end: usize) -> Arguments {
    if start >= end {
        return Arguments::None;
    }
    Arguments::Shell(Word {
        text: cells[start..end].iter().map(|c| c.0).collect(),
        span: span_of(cells, start, end),
    })
}

fn to_word(cells: &[Cell], w: &crate::words::RawWord) -> Word {
    Word {
        text: w.text.clone(),
        span: span_of(cells, w.start, w.end),
    }
}

/// Exec form when the arguments start with `[` and the instruction has one, shell form
/// otherwise.
fn command(
    cells: &[Cell],
    start: usize,
    end: usize,
    escape: char,
    keyword: Keyword,
    errors: &mut Vec<ParseError>,
) -> (Arguments, Vec<Word>) {
    if keyword.exec_form() && cells.get(start).is_some_and(|c| c.0 == '[') && start < end {
        match parse_exec(cells, start, end) {
            Ok(items) => {
                let words: Vec<Word> = items
                    .into_iter()
                    .map(|(text, s, e)| Word {
                        text,
                        span: span_of(cells, s, e),
                    })
                    .collect();
                return (Arguments::Exec(words.clone()), words);
            }
            Err((message, at)) => {
                let span = if at < end {
                    span_of(cells, at, at + 1)
                } else {
                    // Reading stopped at the end: point just after the last character.
                    let p = cells
                        .get(end.wrapping_sub(1))
                        .map_or(Pos::UNKNOWN, |c| after(c.1));
                    Span::new(p, p)
                };
                let consequence = if keyword == Keyword::Shell {
                    "SHELL requires one"
                } else {
                    "Docker runs it in shell form"
                };
                push_error(
                    errors,
                    ParseError {
                        message: format!(
                            "{keyword} arguments are not a valid JSON array of strings ({message}); {consequence}"
                        ),
                        span,
                    },
                );
            }
        }
    }
    let words = split_words(cells, start, end, escape)
        .iter()
        .map(|w| to_word(cells, w))
        .collect();
    (shell_word(cells, start, end), words)
}

/// `<<EOF`, `<<-EOF`, `<<"EOF"`, `2<<EOF`: (delimiter, strip tabs, quoted, span).
fn heredoc_marker(cells: &[Cell], w: &crate::words::RawWord) -> Option<(String, bool, bool, Span)> {
    let digits = w.text.chars().take_while(char::is_ascii_digit).count();
    let rest = w.text.get(digits..)?.strip_prefix("<<")?;
    let (strip, name) = match rest.strip_prefix('-') {
        Some(n) => (true, n),
        None => (false, rest),
    };
    if name.is_empty() || name.contains('<') {
        return None;
    }
    // The raw text is quoted when the delimiter had quotes in the source.
    let raw: String = cells[w.start..w.end].iter().map(|c| c.0).collect();
    let quoted = raw.contains('"') || raw.contains('\'');
    Some((
        name.to_string(),
        strip,
        quoted,
        span_of(cells, w.start, w.end),
    ))
}

fn read_heredoc(
    lines: &Lines<'_>,
    from: usize,
    delimiter: String,
    strip_tabs: bool,
    quoted: bool,
    span: Span,
    errors: &mut Vec<ParseError>,
) -> (Heredoc, usize) {
    let mut body = String::new();
    let mut k = from;
    // Without body lines, the body is the empty span at the end of the marker.
    let mut body_start = span.end;
    let mut body_end = span.end;
    while let Some(line) = lines.get(k) {
        let candidate = if strip_tabs {
            line.trim_start_matches('\t')
        } else {
            line
        };
        if candidate == delimiter {
            let heredoc = Heredoc {
                delimiter,
                strip_tabs,
                quoted,
                span,
                body,
                body_span: Span::new(body_start, body_end),
                end: Some(lines.span(k)),
            };
            return (heredoc, k + 1);
        }
        if k == from {
            body_start = Pos::new(line_no(from), 1);
        }
        body.push_str(candidate);
        body.push('\n');
        body_end = lines.span(k).end;
        k += 1;
    }
    push_error(
        errors,
        ParseError {
            message: format!(
                "unterminated heredoc: no line `{delimiter}` before the end of the file"
            ),
            span,
        },
    );
    let heredoc = Heredoc {
        delimiter,
        strip_tabs,
        quoted,
        span,
        body,
        body_span: Span::new(body_start, body_end),
        end: None,
    };
    (heredoc, k)
}
