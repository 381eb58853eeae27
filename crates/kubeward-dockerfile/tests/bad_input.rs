//! Bad input: every file in `tests/fuzz_regressions/` (inputs the fuzzer crashed on) parses
//! without panic, with every position 1-based and inside the text, like the fuzz target checks.

use kubeward_dockerfile::{Arguments, Dockerfile, Instruction};
use kubeward_model::Span;

fn check_positions(text: &str, df: &Dockerfile) {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<usize> = body
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l).chars().count())
        .collect();
    let check = |span: Span, what: &str| {
        for p in [span.start, span.end] {
            assert!(p.line >= 1 && p.column >= 1, "{what}: {p:?}");
            let len = lines
                .get(p.line as usize - 1)
                .unwrap_or_else(|| panic!("{what}: line {} past the end", p.line));
            assert!(
                p.column as usize <= len + 1,
                "{what}: {p:?} past the line end"
            );
        }
        assert!(span.start <= span.end, "{what}: {span:?}");
    };
    fn walk(ins: &Instruction, check: &dyn Fn(Span, &str)) {
        check(ins.span, "instruction");
        check(ins.keyword_span, "keyword");
        ins.flags.iter().for_each(|f| check(f.span, "flag"));
        ins.words.iter().for_each(|w| check(w.span, "word"));
        match &ins.arguments {
            Arguments::Exec(words) => words.iter().for_each(|w| check(w.span, "exec")),
            Arguments::Shell(w) => check(w.span, "shell"),
            Arguments::None => {}
        }
        for h in &ins.heredocs {
            check(h.span, "heredoc");
            check(h.body_span, "heredoc body");
            if let Some(end) = h.end {
                check(end, "heredoc end");
            }
        }
        if let Some(t) = &ins.trigger {
            walk(t, check);
        }
    }
    df.errors.iter().for_each(|e| check(e.span, "error"));
    df.instructions.iter().for_each(|i| walk(i, &check));
}

#[test]
fn fuzz_regressions_keep_positions_inside_the_text() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).expect("fuzz_regressions") {
        let bytes = std::fs::read(entry.expect("entry").path()).expect("read");
        let text = String::from_utf8_lossy(&bytes);
        check_positions(&text, &Dockerfile::parse(&text));
        n += 1;
    }
    assert!(n > 0);
}

#[test]
fn broken_input_gets_positioned_errors() {
    let cases: &[(&str, &str)] = &[
        (
            "FROM a\nRUN x \\",
            "2:7: line continuation `\\` at the end of the file",
        ),
        (
            "FROM a\nRUN <<EOF\nx\n",
            "2:5: unterminated heredoc: no line `EOF` before the end of the file",
        ),
        (
            "FROM a\n\u{1}\u{2}junk\n",
            "2:1: unknown instruction `\u{1}\u{2}junk`",
        ),
        (
            "FROM a\nSHELL [sh]\n",
            "2:8: SHELL arguments are not a valid JSON array of strings (expected a string in double quotes); SHELL requires one",
        ),
    ];
    for (text, expected) in cases {
        let df = Dockerfile::parse(text);
        check_positions(text, &df);
        let got: Vec<String> = df.errors.iter().map(ToString::to_string).collect();
        assert_eq!(got, [expected.to_string()], "{text:?}");
    }
    let long = format!("FROM a\n{}\n", "Z".repeat(200_000));
    let df = Dockerfile::parse(&long);
    check_positions(&long, &df);
    assert_eq!(df.errors.len(), 1);
    assert!(df.errors[0].message.ends_with("…`"));
}
