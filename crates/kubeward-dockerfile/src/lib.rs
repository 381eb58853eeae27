//! A Dockerfile (and Containerfile) parser that keeps the exact 1-based line and column (in
//! characters) of every instruction, flag, argument and heredoc, as BuildKit reads the file:
//!
//! - parser directives (`# syntax=`, `# escape=`, `# check=`) at the top of the file;
//! - line continuations with the escape character (`\` or `` ` ``); comment lines and empty
//!   lines inside a continuation are skipped, as BuildKit does;
//! - heredocs on `RUN`, `COPY` and `ADD` (`<<EOF`, `<<-EOF`, `<<"EOF"`, several per instruction);
//! - exec form (a JSON array of strings) and shell form;
//! - instruction flags (`--mount`, `--network`, `--security`, `--chmod`, `--chown`, `--link`,
//!   `--from`, `--platform`, …);
//! - stages (`FROM image AS name`) and `ARG`/`ENV` substitution, so that the effective base image
//!   of every stage is known where the file makes it knowable.
//!
//! Bad input never panics and never stops the parse: every problem becomes a [`ParseError`] with
//! a position, and parsing goes on with the next instruction.

mod ignore;
mod lex;
mod subst;
mod words;

pub use ignore::{ContextIgnore, DockerIgnore, IgnorePattern};
pub use subst::{Expanded, expand};
pub mod shell;

use kubeward_model::{Pos, Span};
use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

/// A piece of source text with where it was. `text` has line continuations removed and, for
/// words, quotes and escapes resolved; `span` covers the text as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub span: Span,
}

/// `--name=value` (or `--name`) before an instruction's arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flag {
    /// Without the leading `--`, as written (`mount`, `from`).
    pub name: String,
    pub value: Option<String>,
    /// The whole flag, `--` included.
    pub span: Span,
}

/// A here-document: `<<EOF` in the instruction line and the lines up to the terminator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heredoc {
    /// The delimiter, without quotes.
    pub delimiter: String,
    /// `<<-EOF`: leading tabs are stripped from the body lines and the terminator.
    pub strip_tabs: bool,
    /// The delimiter was quoted: the body is taken literally (no variable expansion).
    pub quoted: bool,
    /// The `<<EOF` word in the instruction line.
    pub span: Span,
    /// The body lines, each ending with `\n` (leading tabs removed when `strip_tabs`).
    pub body: String,
    /// From the first body line to the end of the last one; empty (start = end) without body.
    pub body_span: Span,
    /// The terminator line; `None` when the file ended first (an error is reported too).
    pub end: Option<Span>,
}

/// The arguments after the flags.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arguments {
    /// `["executable", "arg"]`: the decoded strings; spans include the quotes.
    Exec(Vec<Word>),
    /// Everything after the flags, continuations removed, as one text (a shell command for
    /// `RUN`/`CMD`/`ENTRYPOINT`).
    Shell(Word),
    /// Nothing after the keyword.
    None,
}

macro_rules! keywords {
    ($($variant:ident = $text:literal),* $(,)?) => {
        /// The instructions Docker knows.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Keyword {
            $($variant),*
        }

        impl Keyword {
            pub const ALL: &'static [Keyword] = &[$(Keyword::$variant),*];

            /// Upper case, as conventionally written.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Keyword::$variant => $text),*
                }
            }

            /// Case-insensitive, like Docker.
            pub fn parse(word: &str) -> Option<Keyword> {
                Keyword::ALL
                    .iter()
                    .copied()
                    .find(|k| k.as_str().eq_ignore_ascii_case(word))
            }
        }
    };
}

keywords! {
    Add = "ADD",
    Arg = "ARG",
    Cmd = "CMD",
    Copy = "COPY",
    Entrypoint = "ENTRYPOINT",
    Env = "ENV",
    Expose = "EXPOSE",
    From = "FROM",
    Healthcheck = "HEALTHCHECK",
    Label = "LABEL",
    Maintainer = "MAINTAINER",
    Onbuild = "ONBUILD",
    Run = "RUN",
    Shell = "SHELL",
    Stopsignal = "STOPSIGNAL",
    User = "USER",
    Volume = "VOLUME",
    Workdir = "WORKDIR",
}

impl Keyword {
    /// Flags BuildKit accepts on this instruction.
    pub fn known_flags(self) -> &'static [&'static str] {
        match self {
            Keyword::From => &["platform"],
            Keyword::Run => &["mount", "network", "security", "device"],
            Keyword::Copy => &[
                "from", "chown", "chmod", "link", "parents", "exclude", "platform",
            ],
            Keyword::Add => &[
                "chown",
                "chmod",
                "link",
                "keep-git-dir",
                "checksum",
                "exclude",
                "unpack",
                "parents",
            ],
            Keyword::Healthcheck => &[
                "interval",
                "timeout",
                "start-period",
                "start-interval",
                "retries",
            ],
            _ => &[],
        }
    }

    fn exec_form(self) -> bool {
        matches!(
            self,
            Keyword::Run
                | Keyword::Cmd
                | Keyword::Entrypoint
                | Keyword::Shell
                | Keyword::Copy
                | Keyword::Add
                | Keyword::Volume
        )
    }

    fn heredocs(self) -> bool {
        matches!(self, Keyword::Run | Keyword::Copy | Keyword::Add)
    }
}

impl fmt::Display for Keyword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One instruction, continuations joined and heredocs attached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instruction {
    pub keyword: Keyword,
    /// The keyword as written.
    pub keyword_span: Span,
    /// From the keyword to the end of the instruction (its last heredoc terminator included).
    pub span: Span,
    pub flags: Vec<Flag>,
    /// For `HEALTHCHECK CMD …`, the command after `CMD`.
    pub arguments: Arguments,
    /// The arguments split into words the way Docker splits them for `FROM`, `COPY`, `ARG`, …
    /// (quotes and escapes resolved); for exec form, the array's strings.
    pub words: Vec<Word>,
    pub heredocs: Vec<Heredoc>,
    /// `ONBUILD <instruction>`: the trigger instruction.
    pub trigger: Option<Box<Instruction>>,
    /// For shell-form arguments, where each character of [`Instruction::shell_text`] was
    /// written (one entry per `char`): continuations are removed from the text, so only the
    /// parser knows the lines; a shell splitter uses this to place each word exactly.
    pub shell_positions: Vec<Pos>,
}

impl Instruction {
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(name))
    }

    /// The shell-form text (`None` for exec form or no arguments).
    pub fn shell_text(&self) -> Option<&Word> {
        match &self.arguments {
            Arguments::Shell(w) => Some(w),
            _ => None,
        }
    }

    /// `ARG`, `ENV` and `LABEL` pairs: `key=value` words, or the legacy `ENV key value` form.
    /// The value is `None` for `ARG name` without a default.
    pub fn key_values(&self) -> Vec<(Word, Option<Word>)> {
        let legacy = self.keyword == Keyword::Env
            && self.words.first().is_some_and(|w| !w.text.contains('='));
        if legacy {
            let Some(key) = self.words.first() else {
                return Vec::new();
            };
            let value = match (self.words.get(1), self.words.last()) {
                (Some(first), Some(last)) => Some(Word {
                    text: self.words[1..]
                        .iter()
                        .map(|w| w.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                    span: Span::new(first.span.start, last.span.end),
                }),
                _ => None,
            };
            return vec![(key.clone(), value)];
        }
        self.words
            .iter()
            .map(|w| match w.text.split_once('=') {
                Some((k, v)) => {
                    let key_len = k.chars().count() as u32;
                    let one_line = w.span.start.line == w.span.end.line;
                    let key_end = if one_line {
                        Pos::new(w.span.start.line, w.span.start.column + key_len)
                    } else {
                        w.span.end
                    };
                    let value_start = if one_line {
                        Pos::new(key_end.line, key_end.column + 1)
                    } else {
                        w.span.start
                    };
                    (
                        Word {
                            text: k.to_string(),
                            span: Span::new(w.span.start, key_end),
                        },
                        Some(Word {
                            text: v.to_string(),
                            span: Span::new(value_start.min(w.span.end), w.span.end),
                        }),
                    )
                }
                None => (w.clone(), None),
            })
            .collect()
    }
}

/// A parser directive at the top of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    /// Lower case (`syntax`, `escape`, `check`).
    pub name: String,
    pub value: String,
    /// The whole comment line.
    pub span: Span,
}

/// A problem in the file. Parsing goes on after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    pub span: Span,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.span.start, self.message)
    }
}

/// A build stage: a `FROM` and the instructions up to the next one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stage {
    /// 0-based.
    pub index: usize,
    /// The image as written (`python:${VERSION}-slim`).
    pub image: Word,
    /// The image with the global `ARG` defaults substituted; `None` when it uses a variable
    /// whose value the file does not give (a build argument without default, `TARGETPLATFORM`).
    pub base: Option<String>,
    /// `AS name`, as written.
    pub name: Option<Word>,
    /// The earlier stage this one is built on (`FROM builder`).
    pub base_stage: Option<usize>,
    /// Indices into [`Dockerfile::instructions`]: the `FROM` and everything up to the next one.
    pub instructions: Range<usize>,
}

impl Stage {
    /// The stage name if it has one, else the image as written: what findings name it by.
    pub fn display_name(&self) -> &str {
        self.name
            .as_ref()
            .map_or(self.image.text.as_str(), |n| n.text.as_str())
    }
}

/// The variables in effect as a stage's instructions are read (see [`Dockerfile::variables`]).
pub struct Variables<'a> {
    df: &'a Dockerfile,
    stage: &'a Stage,
    globals: HashMap<String, Option<String>>,
    vars: HashMap<String, Option<String>>,
    /// The next instruction to apply.
    next: usize,
}

impl Variables<'_> {
    /// The variables just before instruction `at` (an index into
    /// [`Dockerfile::instructions`]), as [`Dockerfile::variables_at`] gives them. Going back to
    /// an earlier instruction starts over from the stage's `FROM`.
    pub fn at(&mut self, at: usize) -> &HashMap<String, Option<String>> {
        let end = at.min(self.stage.instructions.end);
        if end < self.next {
            self.vars.clear();
            self.next = self.stage.instructions.start;
        }
        while self.next < end {
            if let Some(ins) = self.df.instructions.get(self.next) {
                self.apply(ins);
            }
            self.next += 1;
        }
        &self.vars
    }

    fn apply(&mut self, ins: &Instruction) {
        let df = self.df;
        match ins.keyword {
            Keyword::Arg => {
                for (k, v) in ins.key_values() {
                    let value = match v {
                        Some(v) => df.resolve(&v.text, &self.vars),
                        None => self.globals.get(&k.text).cloned().flatten(),
                    };
                    // ARG does not override an ENV of the same name.
                    if !matches!(self.vars.get(&k.text), Some(Some(_))) || value.is_some() {
                        self.vars.insert(k.text, value);
                    }
                }
            }
            Keyword::Env => {
                for (k, v) in ins.key_values() {
                    let value = v.and_then(|v| df.resolve(&v.text, &self.vars));
                    self.vars.insert(k.text, value);
                }
            }
            _ => {}
        }
    }
}

/// A parsed Dockerfile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dockerfile {
    pub directives: Vec<Directive>,
    /// `\` unless `# escape=` says `` ` ``.
    pub escape: char,
    pub instructions: Vec<Instruction>,
    pub stages: Vec<Stage>,
    pub errors: Vec<ParseError>,
    /// The build context's ignore file. [`Dockerfile::parse`] leaves it
    /// [`ContextIgnore::Unknown`]; the loader, which knows where the file was read from, looks
    /// for it beside the Dockerfile.
    pub dockerignore: ContextIgnore,
}

/// Errors beyond this many are dropped (one last error says so), to bound the work on junk.
pub const MAX_ERRORS: usize = 200;

impl Dockerfile {
    /// Parses a whole file. Never fails: problems are in [`Dockerfile::errors`].
    pub fn parse(text: &str) -> Dockerfile {
        let mut df = lex::parse(text);
        df.build_stages();
        df
    }

    pub fn final_stage(&self) -> Option<&Stage> {
        self.stages.last()
    }

    pub fn stage_instructions(&self, stage: &Stage) -> &[Instruction] {
        self.instructions
            .get(stage.instructions.clone())
            .unwrap_or(&[])
    }

    /// The stage named `name` (case-insensitive, like BuildKit) or with that index.
    pub fn stage_by_name(&self, name: &str) -> Option<&Stage> {
        self.stages
            .iter()
            .find(|s| {
                s.name
                    .as_ref()
                    .is_some_and(|n| n.text.eq_ignore_ascii_case(name))
            })
            .or_else(|| name.parse::<usize>().ok().and_then(|i| self.stages.get(i)))
    }

    /// `ARG` defaults declared before the first `FROM` (without default: `None`).
    pub fn global_args(&self) -> HashMap<String, Option<String>> {
        let mut vars: HashMap<String, Option<String>> = HashMap::new();
        for ins in self
            .instructions
            .iter()
            .take_while(|i| i.keyword != Keyword::From)
        {
            if ins.keyword == Keyword::Arg {
                for (k, v) in ins.key_values() {
                    let value = v.and_then(|v| self.resolve(&v.text, &vars));
                    vars.insert(k.text, value);
                }
            }
        }
        vars
    }

    /// The variables (`ARG` and `ENV`) in effect just before instruction `at` of `stage`, with the
    /// values the file gives them. A global `ARG` is seen in a stage only once redeclared there.
    /// To look at several instructions of a stage, [`Dockerfile::variables`] does it in one pass.
    pub fn variables_at(&self, stage: &Stage, at: usize) -> HashMap<String, Option<String>> {
        let mut scope = self.variables(stage);
        scope.at(at);
        scope.vars
    }

    /// The variables of `stage` instruction by instruction: [`Variables::at`] with
    /// non-decreasing indices applies each `ARG` and `ENV` once, so a rule that looks at every
    /// instruction stays linear in the stage's length.
    pub fn variables<'a>(&'a self, stage: &'a Stage) -> Variables<'a> {
        Variables {
            df: self,
            stage,
            globals: self.global_args(),
            vars: HashMap::new(),
            next: stage.instructions.start,
        }
    }

    /// `text` with `vars` substituted; `None` when a variable without known value is used.
    pub fn resolve(&self, text: &str, vars: &HashMap<String, Option<String>>) -> Option<String> {
        let out = expand(text, self.escape, |name| vars.get(name).cloned().flatten());
        out.unresolved.is_empty().then_some(out.value)
    }

    fn build_stages(&mut self) {
        let globals = self.global_args();
        let mut stages: Vec<Stage> = Vec::new();
        // Lower-cased stage names to the first stage with that name: a lookup per FROM keeps
        // files with very many stages linear.
        let mut names: HashMap<String, usize> = HashMap::new();
        let mut errors = Vec::new();
        for (i, ins) in self.instructions.iter().enumerate() {
            if ins.keyword != Keyword::From {
                if stages.is_empty() && ins.keyword != Keyword::Arg {
                    errors.push(ParseError {
                        message: format!(
                            "{} before the first FROM: only ARG may come before FROM",
                            ins.keyword
                        ),
                        span: ins.keyword_span,
                    });
                }
                continue;
            }
            if let Some(last) = stages.last_mut() {
                last.instructions.end = i;
            }
            let (image, name) = match ins.words.as_slice() {
                [image] => (image.clone(), None),
                [image, as_kw, name] if as_kw.text.eq_ignore_ascii_case("as") => {
                    (image.clone(), Some(name.clone()))
                }
                _ => {
                    errors.push(ParseError {
                        message: "FROM takes an image, optionally followed by `AS <name>`"
                            .to_string(),
                        span: ins.span,
                    });
                    match ins.words.first() {
                        Some(image) => (image.clone(), None),
                        None => (
                            Word {
                                text: String::new(),
                                span: ins.keyword_span,
                            },
                            None,
                        ),
                    }
                }
            };
            let base = self.resolve(&image.text, &globals);
            let base_stage = base
                .as_deref()
                .and_then(|b| names.get(&b.to_ascii_lowercase()).copied());
            if let Some(n) = &name {
                // The first stage of a name wins, as in `stage_by_name`.
                names
                    .entry(n.text.to_ascii_lowercase())
                    .or_insert(stages.len());
            }
            stages.push(Stage {
                index: stages.len(),
                image,
                base,
                name,
                base_stage,
                instructions: i..self.instructions.len(),
            });
        }
        self.stages = stages;
        for e in errors {
            push_error(&mut self.errors, e);
        }
        self.errors.sort_by_key(|e| e.span.start);
    }
}

pub(crate) fn push_error(errors: &mut Vec<ParseError>, error: ParseError) {
    match errors.len() {
        n if n < MAX_ERRORS => errors.push(error),
        n if n == MAX_ERRORS => errors.push(ParseError {
            message: format!("more than {MAX_ERRORS} errors; the rest are not reported"),
            span: error.span,
        }),
        _ => {}
    }
}

/// Whether a file name is a Dockerfile's: `Dockerfile`, `Containerfile`, `*.Dockerfile`,
/// `*.Containerfile`, `Dockerfile.*`, `Containerfile.*` (case-insensitive).
pub fn is_dockerfile_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    // `Dockerfile.dockerignore` is the ignore file of `Dockerfile`, not a Dockerfile.
    if lower.ends_with(".dockerignore") {
        return false;
    }
    ["dockerfile", "containerfile"].iter().any(|base| {
        lower == *base
            || lower
                .strip_suffix(base)
                .is_some_and(|p| p.ends_with('.') && p.len() > 1)
            || lower
                .strip_prefix(base)
                .is_some_and(|s| s.starts_with('.') && s.len() > 1)
    })
}

#[cfg(test)]
mod tests;
