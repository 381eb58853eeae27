//! Bad input: every file in `tests/fuzz_regressions/` (inputs the fuzzer crashed on) parses
//! without panic, with every position 1-based and inside the text, like the fuzz target checks;
//! and each class of broken input gets its exact error or parse result.

use kubeward_dockerfile::{Arguments, Dockerfile, Instruction, Keyword, MAX_ERRORS, shell};
use kubeward_model::{Pos, Span};

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
    // The shell splitter's words (here-document bodies included), as the fuzz target checks.
    for (_, _, commands) in shell::runs(df) {
        for c in &commands {
            c.words.iter().for_each(|w| check(w.span, "shell word"));
        }
    }
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

/// Errors as `line:column: message`, after checking every position is inside the text.
fn errors_of(text: &str) -> (Dockerfile, Vec<String>) {
    let df = Dockerfile::parse(text);
    check_positions(text, &df);
    let errors = df.errors.iter().map(ToString::to_string).collect();
    (df, errors)
}

#[test]
fn broken_continuations() {
    let cases: &[(&str, &[&str])] = &[
        // Backslash on the last line, with and without a final newline.
        (
            "FROM a\nRUN x \\",
            &["2:7: line continuation `\\` at the end of the file"],
        ),
        (
            "FROM a\nRUN x \\\n",
            &["2:7: line continuation `\\` at the end of the file"],
        ),
        // Only blank and comment lines after it: still the end of the file.
        (
            "FROM a\nRUN x \\\n\n# only a comment\n   \n",
            &["2:7: line continuation `\\` at the end of the file"],
        ),
        // The last of several continued lines.
        (
            "FROM a\nRUN echo \\\n  hello \\\n",
            &["3:9: line continuation `\\` at the end of the file"],
        ),
        // With the backtick escape character.
        (
            "# escape=`\nFROM a\nRUN dir `\n",
            &["3:9: line continuation (a backtick, the escape character) at the end of the file"],
        ),
    ];
    for (text, expected) in cases {
        let (df, errors) = errors_of(text);
        assert_eq!(errors, *expected, "{text:?}");
        // What was read before the end is kept.
        assert_eq!(df.instructions.len(), 2, "{text:?}");
        assert_eq!(df.instructions[1].keyword, Keyword::Run, "{text:?}");
    }
    let (df, _) = errors_of("FROM a\nRUN echo \\\n  hello \\\n");
    assert_eq!(
        df.instructions[1].shell_text().map(|w| w.text.as_str()),
        Some("echo   hello")
    );
}

#[test]
fn unterminated_heredocs() {
    let cases: &[(&str, &[&str])] = &[
        (
            "FROM a\nRUN <<EOF\nx\n",
            &["2:5: unterminated heredoc: no line `EOF` before the end of the file"],
        ),
        // `<<-` strips tabs, but the terminator must still be the whole delimiter.
        (
            "FROM a\nRUN <<-EOF\n\techo\n\tEO\n",
            &["2:5: unterminated heredoc: no line `EOF` before the end of the file"],
        ),
        // The first of two heredocs ends; the second (quoted) does not.
        (
            "FROM a\nRUN <<'EOF' cat <<\"END\"\nx\nEOF\ny\n",
            &["2:17: unterminated heredoc: no line `END` before the end of the file"],
        ),
        (
            "FROM a\nCOPY <<A <<B /x/\na\nA\n",
            &["2:10: unterminated heredoc: no line `B` before the end of the file"],
        ),
        // A terminator with trailing blanks is not the terminator (BuildKit compares lines).
        (
            "FROM a\nRUN <<EOF\nx\nEOF \n",
            &["2:5: unterminated heredoc: no line `EOF` before the end of the file"],
        ),
    ];
    for (text, expected) in cases {
        let (df, errors) = errors_of(text);
        assert_eq!(errors, *expected, "{text:?}");
        // The body read so far runs to the end of the file.
        let last = df.instructions.last().expect("instruction");
        let heredoc = last.heredocs.last().expect("heredoc");
        assert_eq!(heredoc.end, None, "{text:?}");
    }
    let (df, _) = errors_of("FROM a\nRUN <<'EOF' cat <<\"END\"\nx\nEOF\ny\n");
    let heredocs = &df.instructions[1].heredocs;
    assert_eq!(heredocs[0].body, "x\n");
    assert!(heredocs[0].end.is_some());
    assert_eq!(heredocs[1].body, "y\n");
}

#[test]
fn escape_directive_values() {
    let cases: &[(&str, char, &[&str])] = &[
        (
            "# escape=x\nFROM a\n",
            '\\',
            &["1:1: invalid escape character `x`: must be ` or \\"],
        ),
        (
            "# escape=\nFROM a\n",
            '\\',
            &["1:1: empty escape directive: the escape character must be ` or \\"],
        ),
        (
            "# escape=\\\\\nFROM a\n",
            '\\',
            &["1:1: invalid escape character `\\\\`: must be ` or \\"],
        ),
        (
            "# escape=`\n# escape=\\\nFROM a\n",
            '`',
            &["2:1: parser directive `escape` given twice"],
        ),
        // Case and blanks around the name and value do not matter.
        ("#  ESCAPE = `\nFROM a\nRUN a `\n b\n", '`', &[]),
        // After a comment or an instruction it is a comment, not a directive.
        ("# comment\n# escape=`\nFROM a\nRUN a `\n", '\\', &[]),
        ("FROM a\n# escape=`\nRUN a\n", '\\', &[]),
    ];
    for (text, escape, expected) in cases {
        let (df, errors) = errors_of(text);
        assert_eq!(errors, *expected, "{text:?}");
        assert_eq!(df.escape, *escape, "{text:?}");
    }
    // With the backtick, `\` is an ordinary character and a trailing backtick continues.
    let (df, _) = errors_of("#  ESCAPE = `\nFROM a\nRUN a `\n b\n");
    assert_eq!(
        df.instructions[1].shell_text().map(|w| w.text.as_str()),
        Some("a  b")
    );
}

#[test]
fn binary_junk_nul_bytes_and_replacement_characters() {
    // NUL bytes are characters like any other to the parser (the loader rejects files that
    // are mostly binary before parsing).
    let (df, errors) = errors_of("FROM a\0b\nRUN x\0\n");
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(df.stages[0].image.text, "a\0b");
    assert_eq!(
        df.instructions[1].shell_text().map(|w| w.text.as_str()),
        Some("x\0")
    );
    // Invalid UTF-8 arrives as U+FFFD (the loader decodes lossily); positions count it as one
    // character.
    let (df, errors) = errors_of("FROM a\nRUN echo \u{fffd}\u{fffd} done\nUSER 1\n");
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(df.instructions[1].words[2].span.start.column, 13);
    assert_eq!(df.instructions[2].keyword_span.start.line, 3);
    // Junk lines: one error each, at the junk, and parsing goes on.
    let junk = "FROM a\n\u{1}\u{2}\u{3}\n\u{fffd}\u{7f}ZZ x\nUSER 1\n";
    let (df, errors) = errors_of(junk);
    assert_eq!(
        errors,
        [
            "2:1: unknown instruction `\u{1}\u{2}\u{3}`",
            "3:1: unknown instruction `\u{fffd}\u{7f}ZZ`",
        ]
    );
    assert_eq!(df.instructions.len(), 2);
    // Pseudo-random bytes, decoded lossily: no panic, positions inside the text, errors capped.
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let bytes: Vec<u8> = (0..200_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    let text = String::from_utf8_lossy(&bytes);
    let (df, _) = errors_of(&text);
    assert!(df.errors.len() <= MAX_ERRORS + 1);
}

#[test]
fn huge_single_lines() {
    // 10 MB in one RUN line: parsed whole, spans exact.
    let arg = "A".repeat(10 * 1024 * 1024);
    let text = format!("FROM a\nRUN echo {arg}\nUSER 1\n");
    let (df, errors) = errors_of(&text);
    assert!(errors.is_empty(), "{errors:?}");
    let run = &df.instructions[1];
    assert_eq!(run.words[1].text.len(), arg.len());
    assert_eq!(
        run.words[1].span,
        Span::new(Pos::new(2, 10), Pos::new(2, 10 + 10 * 1024 * 1024))
    );
    assert_eq!(df.instructions[2].keyword_span.start, Pos::new(3, 1));
    // A 10 MB unknown keyword: one error, the keyword shortened in the message.
    let text = format!("FROM a\n{arg}\n");
    let (_, errors) = errors_of(&text);
    assert_eq!(
        errors,
        [format!("2:1: unknown instruction `{}…`", "A".repeat(40))]
    );
}

#[test]
fn very_many_instructions_and_errors() {
    let mut text = String::from("FROM a AS s0\n");
    for i in 1..50_000 {
        text.push_str(&format!("RUN echo {i}\nFROM s{} AS s{i}\n", i - 1));
    }
    let (df, errors) = errors_of(&text);
    assert!(errors.is_empty(), "{:?}", &errors[..errors.len().min(3)]);
    assert_eq!(df.instructions.len(), 99_999);
    assert_eq!(df.stages.len(), 50_000);
    assert_eq!(df.stages[49_999].base_stage, Some(49_998));
    // Ten thousand bad lines: the first MAX_ERRORS errors, then one that says the rest were
    // dropped.
    let junk = format!("FROM a\n{}", "junk\n".repeat(10_000));
    let (_, errors) = errors_of(&junk);
    assert_eq!(errors.len(), MAX_ERRORS + 1);
    assert_eq!(errors[0], "2:1: unknown instruction `junk`");
    assert_eq!(
        errors[MAX_ERRORS],
        format!(
            "{}:1: more than {MAX_ERRORS} errors; the rest are not reported",
            MAX_ERRORS + 2
        )
    );
}

#[test]
fn deeply_nested_substitution_stays_bounded() {
    let depth = 10_000;
    let word = format!("{}x{}", "${A:-".repeat(depth), "}".repeat(depth));
    let text = format!("ARG IMG={word}\nFROM $IMG\n");
    let (df, errors) = errors_of(&text);
    assert!(errors.is_empty(), "{errors:?}");
    // Substitution expands 17 levels (the word and 16 nested defaults), then keeps the rest
    // as text: deep nesting cannot exhaust the stack.
    let rest = depth - 17;
    assert_eq!(
        df.stages[0].base.as_deref(),
        Some(format!("{}x{}", "${A:-".repeat(rest), "}".repeat(rest)).as_str())
    );
}
