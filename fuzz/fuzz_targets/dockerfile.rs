//! Arbitrary bytes (lossily decoded, as the loader does) into `Dockerfile::parse`.
//!
//! Beyond "no panic, no hang" it checks that every position the parser hands out (errors,
//! directives, instructions, flags, words, heredocs, stages) is 1-based, ordered, and inside the
//! text: a reporter can always quote the line. It also runs the shell splitter over every `RUN`
//! and reads the same bytes as a `.dockerignore`.
#![no_main]

use kubeward_dockerfile::{Arguments, Dockerfile, Instruction};
use kubeward_model::{Pos, Span};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let df = Dockerfile::parse(&text);
    let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let lines: Vec<usize> = body
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l).chars().count())
        .collect();
    let check = |span: Span, what: &str| {
        for p in [span.start, span.end] {
            assert!(p.line >= 1 && p.column >= 1, "{what}: {p:?} not 1-based");
            let len = lines.get(p.line as usize - 1).copied();
            assert!(len.is_some(), "{what}: line {} past the end", p.line);
            assert!(
                p.column as usize <= len.unwrap_or(0) + 1,
                "{what}: column {} past the end of line {}",
                p.column,
                p.line
            );
        }
        assert!(span.start <= span.end, "{what}: {span:?} backwards");
    };
    assert!(df.errors.len() <= kubeward_dockerfile::MAX_ERRORS + 1);
    for e in &df.errors {
        assert!(!e.message.is_empty());
        check(e.span, "error");
    }
    for d in &df.directives {
        check(d.span, "directive");
    }
    fn walk(ins: &Instruction, check: &dyn Fn(Span, &str)) {
        check(ins.span, "instruction");
        check(ins.keyword_span, "keyword");
        assert!(ins.span.start <= ins.keyword_span.start);
        for f in &ins.flags {
            check(f.span, "flag");
        }
        for w in &ins.words {
            check(w.span, "word");
        }
        match &ins.arguments {
            Arguments::Exec(words) => words.iter().for_each(|w| check(w.span, "exec")),
            Arguments::Shell(w) => check(w.span, "shell"),
            Arguments::None => {}
        }
        for h in &ins.heredocs {
            check(h.span, "heredoc");
            if h.body_span.start != h.body_span.end {
                check(h.body_span, "heredoc body");
            }
            if let Some(end) = h.end {
                check(end, "heredoc end");
            }
            let _ = Pos::UNKNOWN;
        }
        if let Some(t) = &ins.trigger {
            walk(t, check);
        }
    }
    for ins in &df.instructions {
        walk(ins, &check);
    }
    for s in &df.stages {
        assert!(s.instructions.end <= df.instructions.len());
        let _ = df.variables_at(s, s.instructions.end);
        let _ = df.stage_instructions(s);
    }
    // The shell splitter places every word of every RUN (here-document bodies included)
    // inside the text too.
    for (_, _, commands) in kubeward_dockerfile::shell::runs(&df) {
        for c in &commands {
            for w in &c.words {
                check(w.span, "shell word");
            }
            let _ = (c.name(), c.subcommand(), c.sudo());
        }
    }
    // The same bytes as a .dockerignore: no panic, whatever the patterns.
    let ignore = kubeward_dockerfile::DockerIgnore::parse(&text);
    for probe in [".git/config", ".env", "a/b/c.pem", ""] {
        let _ = ignore.excludes(probe);
    }
    // A path made of the first pattern's text, so that matching gets past the first tokens
    // (bounded: the rule only ever tests short paths).
    if let Some(first) = ignore.patterns.first() {
        let probe: String = first.pattern.chars().take(64).collect();
        let _ = ignore.excludes(&probe);
    }
});
