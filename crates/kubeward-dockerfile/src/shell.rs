//! A small shell splitter for `RUN`: commands (split on `&&`, `||`, `;`, `|`, `&`, newlines,
//! parentheses) and words (single and double quotes, backslash escapes, `$(…)` and backticks kept
//! inside the word), comments skipped, redirections dropped, each word with its source span.
//!
//! It lives in the parser crate rather than with the rules because only the parser knows where
//! each character of a joined `RUN` line was written ([`Instruction::shell_positions`]), and so
//! that the fuzz target and the parser's bad-input tests reach it too. Docker itself does not
//! parse the shell text (it hands it to `/bin/sh -c`): this is kubeward's reading of it.
//!
//! It is not a shell: it is enough for rules to look at command names and their options without
//! firing on text inside quotes, comments or here-documents that are not shell scripts.

use crate::{Dockerfile, Instruction, Keyword, Stage};
use kubeward_model::{Pos, Span};

/// One word of a command, quotes and escapes resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct ShellWord {
    pub text: String,
    pub span: Span,
}

/// One simple command.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Command {
    /// All words, leading `NAME=value` assignments and shell keywords included.
    pub words: Vec<ShellWord>,
    /// Its output is piped into the next command (`a | b`).
    pub piped: bool,
    /// Delimiters of the here-documents it reads (`cmd <<EOF`).
    pub heredocs: Vec<String>,
}

const KEYWORDS: &[&str] = &[
    "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}", "time",
    "exec", "command", "nohup", "env",
];

impl Command {
    /// The words from the command name on: leading assignments (`DEBIAN_FRONTEND=x`), shell
    /// keywords (`then`, `do`, `!`, …) and a `sudo` prefix with its options skipped.
    pub fn argv(&self) -> &[ShellWord] {
        let mut i = self.skip_prefix(0);
        if self.words.get(i).is_some_and(|w| is_sudo(&w.text)) {
            i += 1;
            while let Some(w) = self.words.get(i) {
                if !w.text.starts_with('-') {
                    break;
                }
                let takes_value =
                    matches!(w.text.as_str(), "-u" | "-g" | "-U" | "-C" | "-h" | "-p");
                i += if takes_value { 2 } else { 1 };
            }
            i = self.skip_prefix(i);
        }
        self.words.get(i..).unwrap_or(&[])
    }

    /// The `sudo` this command runs under, if any.
    pub fn sudo(&self) -> Option<&ShellWord> {
        self.words
            .get(self.skip_prefix(0))
            .filter(|w| is_sudo(&w.text))
    }

    fn skip_prefix(&self, mut i: usize) -> usize {
        while let Some(w) = self.words.get(i) {
            if KEYWORDS.contains(&w.text.as_str()) || is_assignment(&w.text) {
                i += 1;
            } else {
                break;
            }
        }
        i
    }

    /// The command name without its directory (`/usr/bin/apt-get` → `apt-get`).
    pub fn name(&self) -> Option<&str> {
        self.argv()
            .first()
            .map(|w| w.text.rsplit('/').next().unwrap_or(&w.text))
    }

    /// The arguments after the command name.
    pub fn args(&self) -> &[ShellWord] {
        self.argv().get(1..).unwrap_or(&[])
    }

    /// Whether an argument is one of `options` (long options also as `--opt=value`) or, for a
    /// single-letter option, part of a cluster of short options (`-qy`).
    pub fn has_option(&self, options: &[&str]) -> bool {
        self.find_option(options).is_some()
    }

    pub fn find_option(&self, options: &[&str]) -> Option<&ShellWord> {
        self.args().iter().find(|w| {
            let t = w.text.as_str();
            options.iter().any(|o| {
                if t == *o {
                    return true;
                }
                if o.starts_with("--") {
                    return t.strip_prefix(o).is_some_and(|r| r.starts_with('='));
                }
                // `-y` in `-qy`.
                o.len() == 2
                    && o.starts_with('-')
                    && t.starts_with('-')
                    && !t.starts_with("--")
                    && t[1..].chars().all(|c| c.is_ascii_alphabetic())
                    && t[1..].contains(&o[1..])
            })
        })
    }

    /// The first argument that is not an option: the subcommand (`install` in `apt-get -y install`).
    pub fn subcommand(&self) -> Option<&ShellWord> {
        self.args().iter().find(|w| !w.text.starts_with('-'))
    }
}

fn is_sudo(word: &str) -> bool {
    word == "sudo" || word.ends_with("/sudo")
}

fn is_assignment(word: &str) -> bool {
    match word.split_once('=') {
        Some((name, _)) => {
            !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !name.starts_with(|c: char| c.is_ascii_digit())
        }
        None => false,
    }
}

struct Splitter<'a> {
    chars: Vec<char>,
    positions: &'a [Pos],
    commands: Vec<Command>,
    current: Command,
    word: String,
    word_start: Option<usize>,
    word_end: usize,
    /// The next word is a redirection target (dropped); `Some(true)` for a here-document.
    redirect: Option<bool>,
}

impl Splitter<'_> {
    fn pos(&self, i: usize) -> Pos {
        self.positions
            .get(i)
            .or(self.positions.last())
            .copied()
            .unwrap_or(Pos::UNKNOWN)
    }

    fn start_word(&mut self, i: usize) {
        if self.word_start.is_none() {
            self.word_start = Some(i);
        }
    }

    fn end_word(&mut self) {
        let Some(start) = self.word_start.take() else {
            return;
        };
        let text = std::mem::take(&mut self.word);
        let last = self.word_end.saturating_sub(1).max(start);
        let end = self.pos(last);
        // The span ends after its last character, unless that is a line break (a quote left
        // open to the end of a here-document): a line break's position is already the end of
        // its line.
        let end = if self.chars.get(last) == Some(&'\n') {
            end
        } else {
            Pos::new(end.line, end.column.saturating_add(1))
        };
        let span = Span::new(self.pos(start), end);
        match self.redirect.take() {
            Some(true) => {
                let delim = text.trim_start_matches('-').to_string();
                self.current.heredocs.push(delim);
            }
            Some(false) => {}
            None => self.current.words.push(ShellWord { text, span }),
        }
    }

    fn end_command(&mut self, piped: bool) {
        self.end_word();
        self.redirect = None;
        let mut cmd = std::mem::take(&mut self.current);
        cmd.piped = piped;
        if !cmd.words.is_empty() || !cmd.heredocs.is_empty() {
            self.commands.push(cmd);
        }
    }

    fn push(&mut self, i: usize, c: char) {
        self.start_word(i);
        self.word.push(c);
        self.word_end = i + 1;
    }

    fn run(mut self) -> Vec<Command> {
        let n = self.chars.len();
        let mut i = 0;
        while i < n {
            let c = self.chars[i];
            let next = self.chars.get(i + 1).copied();
            match c {
                ' ' | '\t' | '\r' => self.end_word(),
                '\n' => self.end_command(false),
                '#' if self.word_start.is_none() => {
                    while i < n && self.chars[i] != '\n' {
                        i += 1;
                    }
                    continue;
                }
                '\\' => {
                    match next {
                        Some('\n') => {}
                        Some(e) => {
                            self.push(i, e);
                            self.word_end = i + 2;
                        }
                        None => self.push(i, c),
                    }
                    i += 2;
                    continue;
                }
                '\'' => {
                    self.start_word(i);
                    i += 1;
                    while i < n && self.chars[i] != '\'' {
                        self.word.push(self.chars[i]);
                        i += 1;
                    }
                    self.word_end = (i + 1).min(n);
                }
                '"' => {
                    self.start_word(i);
                    i += 1;
                    while i < n && self.chars[i] != '"' {
                        if self.chars[i] == '\\'
                            && let Some(&e) = self.chars.get(i + 1)
                            && matches!(e, '"' | '\\' | '$' | '`' | '\n')
                        {
                            if e != '\n' {
                                self.word.push(e);
                            }
                            i += 2;
                            continue;
                        }
                        self.word.push(self.chars[i]);
                        i += 1;
                    }
                    self.word_end = (i + 1).min(n);
                }
                '`' => {
                    self.push(i, c);
                    i += 1;
                    while i < n && self.chars[i] != '`' {
                        self.word.push(self.chars[i]);
                        i += 1;
                    }
                    if i < n {
                        self.push(i, '`');
                    }
                }
                '$' if next == Some('(') => {
                    let mut depth = 0usize;
                    while i < n {
                        let d = self.chars[i];
                        self.push(i, d);
                        if d == '(' {
                            depth += 1;
                        } else if d == ')' {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                break;
                            }
                        }
                        i += 1;
                    }
                }
                ';' => self.end_command(false),
                '(' | ')' => self.end_command(false),
                '&' => {
                    if next == Some('&') {
                        i += 1;
                        self.end_command(false);
                    } else if next == Some('>') || self.word.ends_with('>') {
                        // `&>file`, `>&2`: a redirection.
                        self.end_word();
                        self.redirect = Some(false);
                    } else {
                        self.end_command(false);
                    }
                }
                '|' => {
                    if next == Some('|') {
                        i += 1;
                        self.end_command(false);
                    } else {
                        self.end_command(true);
                    }
                }
                '>' | '<' => {
                    // A file descriptor number right before the operator (`2>`) is part of it.
                    if self.word_start.is_some()
                        && !self.word.is_empty()
                        && self.word.chars().all(|d| d.is_ascii_digit())
                        && self.word_end == i
                    {
                        self.word_start = None;
                        self.word.clear();
                    } else {
                        self.end_word();
                    }
                    let mut heredoc = false;
                    if c == '<' && next == Some('<') {
                        i += 1;
                        if self.chars.get(i + 1) == Some(&'<') {
                            i += 1; // here-string
                        } else {
                            heredoc = true;
                        }
                    }
                    while i + 1 < n && matches!(self.chars[i + 1], '>' | '&' | '|') {
                        i += 1;
                    }
                    self.redirect = Some(heredoc);
                }
                _ => self.push(i, c),
            }
            i += 1;
        }
        self.end_command(false);
        self.commands
    }
}

/// Splits shell text whose `i`th character was written at `positions[i]`.
pub fn split(text: &str, positions: &[Pos]) -> Vec<Command> {
    Splitter {
        chars: text.chars().collect(),
        positions,
        commands: Vec::new(),
        current: Command::default(),
        word: String::new(),
        word_start: None,
        word_end: 0,
        redirect: None,
    }
    .run()
}

const SHELLS: &[&str] = &["sh", "bash", "ash", "dash", "zsh", "ksh"];

/// The commands a `RUN` executes: its shell-form text, and the bodies of its here-documents
/// that the shell runs (`RUN <<EOF`, `RUN bash <<EOF`), not those fed to another program
/// (`RUN python3 <<EOF`, `RUN cat <<EOF > file`). Exec-form `RUN` gives nothing.
pub fn run_commands(ins: &Instruction) -> Vec<Command> {
    let Some(text) = ins.shell_text() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for cmd in split(&text.text, &ins.shell_positions) {
        let shell_reader = match cmd.name() {
            None => true,
            Some(name) => {
                SHELLS.contains(&name) && cmd.args().iter().all(|w| w.text.starts_with('-'))
            }
        };
        let bodies: Vec<String> = if shell_reader {
            cmd.heredocs.clone()
        } else {
            Vec::new()
        };
        if !cmd.words.is_empty() {
            out.push(cmd);
        }
        for delim in bodies {
            if let Some(h) = ins.heredocs.iter().find(|h| h.delimiter == delim) {
                out.extend(split(&h.body, &body_positions(&h.body, h.body_span.start)));
            }
        }
    }
    out
}

fn body_positions(body: &str, start: Pos) -> Vec<Pos> {
    let mut line = start.line;
    let mut column = 1u32;
    let mut out = Vec::with_capacity(body.len());
    for c in body.chars() {
        out.push(Pos::new(line, column));
        if c == '\n' {
            line = line.saturating_add(1);
            column = 1;
        } else {
            column = column.saturating_add(1);
        }
    }
    out
}

/// Every `RUN` of every stage (`ONBUILD RUN` excluded) with its commands.
pub fn runs(df: &Dockerfile) -> Vec<(&Stage, &Instruction, Vec<Command>)> {
    let mut out = Vec::new();
    for stage in &df.stages {
        for ins in df.stage_instructions(stage) {
            if ins.keyword == Keyword::Run {
                out.push((stage, ins, run_commands(ins)));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<Vec<String>> {
        let positions: Vec<Pos> = (0..text.chars().count())
            .map(|i| Pos::new(1, i as u32 + 1))
            .collect();
        split(text, &positions)
            .into_iter()
            .map(|c| c.words.into_iter().map(|w| w.text).collect())
            .collect()
    }

    #[test]
    fn splits_on_operators() {
        assert_eq!(
            words("apt-get update && apt-get install -y curl; echo a || b | c & d"),
            vec![
                vec!["apt-get", "update"],
                vec!["apt-get", "install", "-y", "curl"],
                vec!["echo", "a"],
                vec!["b"],
                vec!["c"],
                vec!["d"],
            ]
        );
    }

    #[test]
    fn quotes_and_escapes() {
        assert_eq!(
            words(r#"echo 'sudo && x' "a \"b\" && c" d\ e"#),
            vec![vec!["echo", "sudo && x", "a \"b\" && c", "d e"]]
        );
        assert_eq!(
            words("echo $(a && b) `c; d`"),
            vec![vec!["echo", "$(a && b)", "`c; d`"]]
        );
    }

    #[test]
    fn comments_and_redirections() {
        assert_eq!(
            words("a # sudo b\nc 2>&1 > /dev/null <in d"),
            vec![vec!["a"], vec!["c", "d"]]
        );
        let cmds = split("cat <<-EOF > /x", &[]);
        assert_eq!(cmds[0].heredocs, vec!["EOF"]);
        assert_eq!(cmds[0].words.len(), 1);
    }

    #[test]
    fn argv_skips_assignments_and_keywords() {
        let cmds = split(
            "if true; then DEBIAN_FRONTEND=x /usr/bin/apt-get -qy install a; fi",
            &[],
        );
        assert_eq!(cmds[1].name(), Some("apt-get"));
        assert!(cmds[1].has_option(&["-y"]));
        assert!(!cmds[1].has_option(&["--yes"]));
        assert_eq!(
            cmds[1].subcommand().map(|w| w.text.as_str()),
            Some("install")
        );
        let cmds = split("sudo -E -u root apt-get install x", &[]);
        assert_eq!(cmds[0].name(), Some("apt-get"));
        assert!(cmds[0].sudo().is_some());
    }

    #[test]
    fn spans_follow_positions() {
        let text = "a  'b c'";
        let positions: Vec<Pos> = (0..8).map(|i| Pos::new(3, i + 5)).collect();
        let cmds = split(text, &positions);
        assert_eq!(
            cmds[0].words[1].span,
            Span::new(Pos::new(3, 8), Pos::new(3, 13))
        );
    }

    #[test]
    fn heredocs_for_the_shell_only() {
        let df = Dockerfile::parse(
            "FROM a\nRUN <<EOF\nsudo x\nEOF\nRUN python3 <<EOF\nsudo y\nEOF\nRUN bash -e <<'X'\necho 'a' && sudo z\nX\n",
        );
        let names: Vec<(String, u32)> = runs(&df)
            .into_iter()
            .flat_map(|(_, _, c)| c)
            .filter_map(|c| {
                c.argv()
                    .first()
                    .map(|w| (w.text.clone(), w.span.start.line))
            })
            .collect();
        let expected: Vec<(String, u32)> = vec![
            ("x".into(), 3),
            ("python3".into(), 5),
            ("bash".into(), 8),
            ("echo".into(), 9),
            ("z".into(), 9),
        ];
        assert_eq!(names, expected);
    }

    #[test]
    fn quote_open_to_the_end_of_a_heredoc_ends_at_the_line_end() {
        // Found by the fuzzer: the unterminated heredoc's body ends with the line break the
        // parser adds, and the open quote ran the word's span one column past the line.
        let df = Dockerfile::parse("FROM a\nRUN <<EOF\necho \"abc");
        let (_, _, cmds) = &runs(&df)[0];
        assert_eq!(cmds[0].words[1].text, "abc\n");
        assert_eq!(
            cmds[0].words[1].span,
            Span::new(Pos::new(3, 6), Pos::new(3, 10))
        );
    }

    #[test]
    fn continuations_keep_lines() {
        let df = Dockerfile::parse("FROM a\nRUN apt-get update \\\n  && sudo x\n");
        let (_, _, cmds) = &runs(&df)[0];
        assert_eq!(cmds[1].words[0].span.start, Pos::new(3, 6));
    }
}
