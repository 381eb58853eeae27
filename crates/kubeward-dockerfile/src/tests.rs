use super::*;

fn sp(l1: u32, c1: u32, l2: u32, c2: u32) -> Span {
    Span::new(Pos::new(l1, c1), Pos::new(l2, c2))
}

fn texts(words: &[Word]) -> Vec<&str> {
    words.iter().map(|w| w.text.as_str()).collect()
}

#[test]
fn instructions_flags_and_words_have_exact_positions() {
    let df = Dockerfile::parse(
        "# syntax=docker/dockerfile:1\n\nFROM --platform=$BUILDPLATFORM golang:1.22 AS build\n  RUN --mount=type=cache,target=/root/.cache go build ./...\n",
    );
    assert!(df.errors.is_empty(), "{:?}", df.errors);
    assert_eq!(df.directives.len(), 1);
    assert_eq!(df.directives[0].name, "syntax");
    assert_eq!(df.directives[0].value, "docker/dockerfile:1");
    assert_eq!(df.directives[0].span, sp(1, 1, 1, 29));
    let from = &df.instructions[0];
    assert_eq!(from.keyword, Keyword::From);
    assert_eq!(from.keyword_span, sp(3, 1, 3, 5));
    assert_eq!(from.flags[0].name, "platform");
    assert_eq!(from.flags[0].value.as_deref(), Some("$BUILDPLATFORM"));
    assert_eq!(from.flags[0].span, sp(3, 6, 3, 31));
    assert_eq!(texts(&from.words), ["golang:1.22", "AS", "build"]);
    assert_eq!(from.words[0].span, sp(3, 32, 3, 43));
    assert_eq!(from.words[2].span, sp(3, 47, 3, 52));
    let run = &df.instructions[1];
    assert_eq!(run.keyword_span, sp(4, 3, 4, 6));
    assert_eq!(run.flags[0].name, "mount");
    assert_eq!(run.flags[0].span, sp(4, 7, 4, 45));
    let Arguments::Shell(cmd) = &run.arguments else {
        panic!("shell form expected")
    };
    assert_eq!(cmd.text, "go build ./...");
    assert_eq!(cmd.span, sp(4, 46, 4, 60));
    assert_eq!(run.span, sp(4, 3, 4, 60));
    let stage = &df.stages[0];
    assert_eq!(stage.name.as_ref().map(|n| n.text.as_str()), Some("build"));
    assert_eq!(stage.base.as_deref(), Some("golang:1.22"));
    assert_eq!(stage.instructions, 0..2);
}

#[test]
fn continuations_skip_comment_and_empty_lines() {
    let text =
        "FROM alpine\nRUN apk add \\\n# a comment\n\n      curl \\\n  && echo done\nUSER app\n";
    let df = Dockerfile::parse(text);
    assert!(df.errors.is_empty(), "{:?}", df.errors);
    let run = &df.instructions[1];
    let cmd = run.shell_text().expect("shell form");
    assert_eq!(cmd.text, "apk add       curl   && echo done");
    assert_eq!(cmd.span, sp(2, 5, 6, 15));
    assert_eq!(
        texts(&run.words),
        ["apk", "add", "curl", "&&", "echo", "done"]
    );
    assert_eq!(run.words[2].span, sp(5, 7, 5, 11));
    assert_eq!(run.words[5].span, sp(6, 11, 6, 15));
    assert_eq!(df.instructions[2].keyword_span, sp(7, 1, 7, 5));
}

#[test]
fn escape_directive_uses_backtick() {
    let df =
        Dockerfile::parse("# escape=`\nFROM mcr.microsoft.com/windows\nRUN dir c:\\ `\n  /s\n");
    assert!(df.errors.is_empty(), "{:?}", df.errors);
    assert_eq!(df.escape, '`');
    let run = &df.instructions[1];
    assert_eq!(
        run.shell_text().map(|w| w.text.as_str()),
        Some("dir c:\\   /s")
    );
    assert_eq!(texts(&run.words), ["dir", "c:\\", "/s"]);
}

#[test]
fn heredocs_several_per_instruction() {
    let text = "FROM alpine\nCOPY <<one <<-\"two\" /dest/\nfirst\none\n\tsecond\n\ttwo\nRUN <<EOF\necho $HOME\nEOF\n";
    let df = Dockerfile::parse(text);
    assert!(df.errors.is_empty(), "{:?}", df.errors);
    let copy = &df.instructions[1];
    assert_eq!(copy.heredocs.len(), 2);
    let one = &copy.heredocs[0];
    assert_eq!(one.delimiter, "one");
    assert!(!one.strip_tabs && !one.quoted);
    assert_eq!(one.span, sp(2, 6, 2, 11));
    assert_eq!(one.body, "first\n");
    assert_eq!(one.body_span, sp(3, 1, 3, 6));
    assert_eq!(one.end, Some(sp(4, 1, 4, 4)));
    let two = &copy.heredocs[1];
    assert_eq!(two.delimiter, "two");
    assert!(two.strip_tabs && two.quoted);
    assert_eq!(two.span, sp(2, 12, 2, 20));
    assert_eq!(two.body, "second\n");
    assert_eq!(two.end, Some(sp(6, 1, 6, 5)));
    assert_eq!(copy.span, sp(2, 1, 6, 5));
    let run = &df.instructions[2];
    assert_eq!(run.keyword_span, sp(7, 1, 7, 4));
    assert_eq!(run.heredocs[0].body, "echo $HOME\n");
    assert_eq!(df.instructions.len(), 3);
}

#[test]
fn heredoc_marker_inside_quotes_or_on_cmd_is_not_a_heredoc() {
    let df = Dockerfile::parse("FROM alpine\nRUN echo '<<EOF'\nCMD cat <<EOF\nUSER app\n");
    assert!(df.errors.is_empty(), "{:?}", df.errors);
    assert!(df.instructions.iter().all(|i| i.heredocs.is_empty()));
    assert_eq!(df.instructions.len(), 4);
}

#[test]
fn exec_form_strings_and_spans() {
    let df = Dockerfile::parse("FROM alpine\nCMD [ \"/bin/app\", \"--a\\\"b\" ]\n");
    assert!(df.errors.is_empty(), "{:?}", df.errors);
    let Arguments::Exec(words) = &df.instructions[1].arguments else {
        panic!("exec form expected")
    };
    assert_eq!(texts(words), ["/bin/app", "--a\"b"]);
    assert_eq!(words[0].span, sp(2, 7, 2, 17));
    assert_eq!(words[1].span, sp(2, 19, 2, 27));
}

#[test]
fn invalid_exec_form_is_an_error_and_shell_form() {
    let df = Dockerfile::parse("FROM alpine\nCMD [\"a\", b]\nENTRYPOINT [\"x\"\nUSER app\n");
    assert_eq!(df.errors.len(), 2, "{:?}", df.errors);
    assert_eq!(df.errors[0].span, sp(2, 11, 2, 12));
    assert!(df.errors[0].message.contains("not a valid JSON array"));
    assert_eq!(df.errors[1].span, sp(3, 16, 3, 16));
    assert!(matches!(df.instructions[1].arguments, Arguments::Shell(_)));
    assert_eq!(df.instructions.len(), 4);
}

#[test]
fn unknown_instruction_is_reported_and_parsing_goes_on() {
    let df = Dockerfile::parse("FROM alpine\nFORM x\n  RUNN y \\\n  z\nUSER app\n");
    assert_eq!(df.errors.len(), 2, "{:?}", df.errors);
    assert_eq!(df.errors[0].message, "unknown instruction `FORM`");
    assert_eq!(df.errors[0].span, sp(2, 1, 2, 5));
    assert_eq!(df.errors[1].span, sp(3, 3, 3, 7));
    assert_eq!(df.instructions.len(), 2);
    assert_eq!(df.instructions[1].keyword_span, sp(5, 1, 5, 5));
}

#[test]
fn broken_continuation_and_unterminated_heredoc() {
    let df = Dockerfile::parse("FROM alpine\nRUN echo \\\n# only a comment\n");
    assert_eq!(df.errors.len(), 1, "{:?}", df.errors);
    assert_eq!(df.errors[0].span, sp(2, 10, 2, 11));
    assert!(df.errors[0].message.contains("end of the file"));
    assert_eq!(
        df.instructions[1].shell_text().map(|w| w.text.as_str()),
        Some("echo")
    );

    let df = Dockerfile::parse("FROM alpine\nRUN <<EOF cat\nline\n");
    assert_eq!(df.errors.len(), 1, "{:?}", df.errors);
    assert_eq!(df.errors[0].span, sp(2, 5, 2, 10));
    assert!(df.errors[0].message.starts_with("unterminated heredoc"));
    let h = &df.instructions[1].heredocs[0];
    assert_eq!(h.body, "line\n");
    assert_eq!(h.end, None);
    assert_eq!(df.instructions[1].span, sp(2, 1, 3, 5));
}

#[test]
fn heredoc_at_the_end_of_the_file_stays_inside_the_text() {
    // Found by the fuzzer: an unterminated heredoc on the last line put the instruction's end
    // on a line after the last one.
    let df = Dockerfile::parse("FROM a\nCOPY <<EOF /x");
    assert_eq!(df.errors.len(), 1, "{:?}", df.errors);
    let copy = &df.instructions[1];
    assert_eq!(copy.heredocs[0].body_span, sp(2, 11, 2, 11));
    assert_eq!(copy.span, sp(2, 1, 2, 14));
    // An empty body before the terminator.
    let df = Dockerfile::parse("FROM a\nRUN <<EOF\nEOF\n");
    assert!(df.errors.is_empty(), "{:?}", df.errors);
    assert_eq!(df.instructions[1].heredocs[0].body_span, sp(2, 10, 2, 10));
    assert_eq!(df.instructions[1].span, sp(2, 1, 3, 4));
}

#[test]
fn unknown_flags_are_reported() {
    let df =
        Dockerfile::parse("FROM alpine\nCOPY --chown=1:1 --chmod=644 --link a b\nRUN --bogus x\n");
    assert_eq!(df.errors.len(), 1, "{:?}", df.errors);
    assert_eq!(df.errors[0].message, "unknown flag `--bogus` for RUN");
    assert_eq!(df.errors[0].span, sp(3, 5, 3, 12));
    let copy = &df.instructions[1];
    assert_eq!(
        copy.flag("chmod").and_then(|f| f.value.as_deref()),
        Some("644")
    );
    assert_eq!(copy.flag("link").map(|f| f.value.is_none()), Some(true));
    assert_eq!(texts(&copy.words), ["a", "b"]);
}

#[test]
fn stages_resolve_global_args() {
    let text = "ARG BASE=python\nARG VERSION\nARG TAG=${VERSION:-3.12}-slim\nFROM ${BASE}:${TAG} AS builder\nFROM $BASE:$VERSION\nFROM builder AS final\nFROM scratch\nFROM ${REGISTRY:+x/}alpine\n";
    let df = Dockerfile::parse(text);
    assert!(df.errors.is_empty(), "{:?}", df.errors);
    let bases: Vec<Option<&str>> = df.stages.iter().map(|s| s.base.as_deref()).collect();
    assert_eq!(
        bases,
        [
            Some("python:3.12-slim"),
            None,
            Some("builder"),
            Some("scratch"),
            Some("alpine")
        ]
    );
    assert_eq!(df.stages[2].base_stage, Some(0));
    assert_eq!(df.stages[1].base_stage, None);
    assert_eq!(df.stages[0].image.span, sp(4, 6, 4, 20));
    assert_eq!(df.stages[2].display_name(), "final");
    assert_eq!(df.stages[1].display_name(), "$BASE:$VERSION");
}

#[test]
fn variables_in_a_stage() {
    let text = "ARG UID=1000\nFROM alpine\nARG UID\nENV HOME=/home/app USER_ID=${UID}\nENV LEGACY some value\nUSER $USER_ID\n";
    let df = Dockerfile::parse(text);
    assert!(df.errors.is_empty(), "{:?}", df.errors);
    let stage = &df.stages[0];
    let vars = df.variables_at(stage, 5);
    assert_eq!(vars.get("USER_ID"), Some(&Some("1000".to_string())));
    assert_eq!(vars.get("LEGACY"), Some(&Some("some value".to_string())));
    assert_eq!(vars.get("HOME"), Some(&Some("/home/app".to_string())));
    let env = &df.instructions[3];
    let kv = env.key_values();
    assert_eq!(kv[1].0.text, "USER_ID");
    assert_eq!(kv[1].0.span, sp(4, 20, 4, 27));
    assert_eq!(kv[1].1.as_ref().map(|v| v.span), Some(sp(4, 28, 4, 34)));
}

#[test]
fn instruction_before_from_and_onbuild() {
    let df = Dockerfile::parse("RUN x\nFROM alpine\nONBUILD RUN make\nONBUILD FROM x\n");
    assert_eq!(df.errors.len(), 2, "{:?}", df.errors);
    assert_eq!(df.errors[0].span, sp(1, 1, 1, 4));
    assert_eq!(df.errors[1].message, "ONBUILD cannot trigger FROM");
    assert_eq!(df.errors[1].span, sp(4, 9, 4, 13));
    let trigger = df.instructions[2].trigger.as_ref().expect("trigger");
    assert_eq!(trigger.keyword, Keyword::Run);
    assert_eq!(trigger.keyword_span, sp(3, 9, 3, 12));
}

#[test]
fn substitution_forms() {
    let lookup = |n: &str| match n {
        "SET" => Some("v".to_string()),
        "EMPTY" => Some(String::new()),
        _ => None,
    };
    let e = |t: &str| expand(t, '\\', lookup);
    assert_eq!(e("$SET-${SET}").value, "v-v");
    assert_eq!(e("${EMPTY:-d}|${EMPTY-d}|${UNSET-d}").value, "d||d");
    assert_eq!(
        e("${SET:+x}|${EMPTY:+x}|${EMPTY+x}|${UNSET+x}").value,
        "x||x|"
    );
    assert_eq!(e("\\$SET").value, "$SET");
    assert_eq!(e("$UNSET").unresolved, ["UNSET"]);
    assert_eq!(e("${broken").value, "${broken");
    assert_eq!(e("cost $5").value, "cost $5");
}

#[test]
fn bad_input_never_panics() {
    let junk: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let text = String::from_utf8_lossy(&junk);
    let df = Dockerfile::parse(&text);
    assert!(df.errors.len() <= MAX_ERRORS + 1);
    let huge = format!("FROM alpine\nRUN {}\n", "x".repeat(1_000_000));
    let df = Dockerfile::parse(&huge);
    assert!(df.errors.is_empty());
    assert_eq!(df.instructions[1].span.end, Pos::new(2, 1_000_005));
    for text in [
        "",
        "\\",
        "FROM",
        "FROM \\",
        "RUN <<",
        "RUN <<-",
        "RUN [",
        "CMD [\"\\u12\"]",
        "\u{feff}FROM a",
        "# escape=x\nFROM a",
        "# escape=`\n# escape=`\nFROM a `",
        "HEALTHCHECK",
        "ONBUILD",
        "ONBUILD ONBUILD RUN <<E\n",
        "FROM a\r\nRUN b\r\n",
        "${",
        "FROM ${A:-${B:-${C",
        "ENV",
        "ENV a",
        "ARG =",
        "COPY --=x a b",
    ] {
        let df = Dockerfile::parse(text);
        for e in &df.errors {
            assert!(e.span.start.line >= 1, "{text:?}: {e:?}");
        }
    }
}

#[test]
fn dockerfile_names() {
    for yes in [
        "Dockerfile",
        "dockerfile",
        "Containerfile",
        "api.Dockerfile",
        "Dockerfile.prod",
    ] {
        assert!(is_dockerfile_name(yes), "{yes}");
    }
    for no in [
        "Dockerfile.dockerignore",
        ".Dockerfile",
        "Dockerfile.",
        "mydockerfile",
        "x.yaml",
    ] {
        assert!(!is_dockerfile_name(no), "{no}");
    }
}

#[test]
fn variables_in_one_pass_match_variables_at() {
    let df = Dockerfile::parse(
        "ARG G=g\nFROM a\nARG G\nENV A=1 B=${A}2\nARG C=${B}3\nENV A=x\nRUN x\nFROM b\nENV D=$A\n",
    );
    for stage in &df.stages {
        let mut scope = df.variables(stage);
        for at in stage.instructions.clone().chain([stage.instructions.end]) {
            assert_eq!(scope.at(at), &df.variables_at(stage, at), "at {at}");
        }
        // Going back starts over.
        let first = stage.instructions.start + 1;
        assert_eq!(scope.at(first), &df.variables_at(stage, first));
    }
    let last = df.variables_at(&df.stages[0], df.stages[0].instructions.end);
    assert_eq!(last.get("G"), Some(&Some("g".to_string())));
    assert_eq!(last.get("C"), Some(&Some("123".to_string())));
    assert_eq!(last.get("A"), Some(&Some("x".to_string())));
    // Stage `b` sees no variable of stage `a`.
    let b = df.variables_at(&df.stages[1], df.stages[1].instructions.end);
    assert_eq!(b.get("D"), Some(&None));
}
