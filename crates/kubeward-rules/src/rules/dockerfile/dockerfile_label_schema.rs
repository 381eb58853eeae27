use super::helpers::stage_chain;
use crate::settings::LabelFormat;
use crate::{DockerfileContext, Rule};
use kubeward_dockerfile::{Dockerfile, Keyword, Word};
use kubeward_model::{Category, References, Scope, Severity};

declare_rule! {
    /// ## What it checks
    /// The labels of the shipped image (the `LABEL`s of the final stage and of the stages it
    /// is built on) against the schema in `settings.dockerfile-label-schema`, which maps each
    /// required label to the format of its value: `text`, `url` (absolute, with a host),
    /// `email`, `rfc3339` (`2026-12-04T15:00:00Z`), `spdx` (an SPDX license expression:
    /// identifiers of letters, digits, `.`, `-` and `+` joined by `AND`, `OR` and `WITH`, with
    /// parentheses; the identifiers themselves are not looked up in the SPDX list), `hash` (a
    /// Git commit: 7 to 40 lower-case hex digits, or 64) or `semver`. Flagged: a schema label
    /// that is missing (at the final stage's `FROM`), empty, or not in its format; with
    /// `settings.dockerfile-label-schema-strict: true`, a label the schema does not list.
    /// Values are checked after `ARG`/`ENV` substitution; a value that depends on a build
    /// argument without default is only checked for presence. With no schema (the default)
    /// the rule finds nothing.
    ///
    /// ## Why it matters
    /// Registries, scanners and inventory tools find an image's source repository, revision,
    /// licence and owner through its labels (`org.opencontainers.image.*`). A label that is
    /// missing or malformed breaks that trail exactly when someone needs to know where a
    /// running image came from.
    ///
    /// ## Bad
    /// ```dockerfile
    /// # kubeward-settings: {"dockerfile-label-schema": {"org.opencontainers.image.source": "url", "org.opencontainers.image.revision": "hash"}}
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.source="github.com/example/shop"
    /// ```
    ///
    /// ## Good
    /// ```dockerfile
    /// # kubeward-settings: {"dockerfile-label-schema": {"org.opencontainers.image.source": "url", "org.opencontainers.image.revision": "hash"}}
    /// FROM alpine:3.20
    /// ARG REVISION=0f3c2a1
    /// LABEL org.opencontainers.image.source="https://github.com/example/shop" \
    ///       org.opencontainers.image.revision=$REVISION
    /// ```
    ///
    /// ## References
    /// hadolint DL3049 (missing), DL3050 (superfluous, strict), DL3051 (empty), DL3052 (URL),
    /// DL3053 (RFC 3339), DL3054 (SPDX), DL3055 (Git hash), DL3056 (semver), DL3058 (e-mail).
    pub struct DockerfileLabelSchema {
        id: "dockerfile-label-schema",
        title: "Dockerfile image labels do not follow the configured label schema",
        severity: Severity::Info,
        category: Category::Dockerfile,
        scope: Scope::Dockerfile,
        remediation: "Set every label of `settings.dockerfile-label-schema` in the final stage, with a value in its format (pass build-time values such as the revision with `ARG`).",
        references: References {
            hadolint: &[
                "DL3049", "DL3050", "DL3051", "DL3052", "DL3053", "DL3054", "DL3055", "DL3056",
                "DL3058",
            ],
            ..References::NONE
        },
    }
}

fn is_url(v: &str) -> bool {
    let Some((scheme, rest)) = v.split_once("://") else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !host.is_empty()
        && !v.contains(char::is_whitespace)
}

fn is_email(v: &str) -> bool {
    let Some((local, domain)) = v.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && !local.contains(char::is_whitespace)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
}

fn digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

/// `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`, `T` or `t` or a space between date and time.
fn is_rfc3339(v: &str) -> bool {
    let b = v.as_bytes();
    if b.len() < 20 || !matches!(b[10], b'T' | b't' | b' ') {
        return false;
    }
    let (date, time) = (&v[..10], &v[11..]);
    let parts: Vec<&str> = date.split('-').collect();
    let date_ok = matches!(parts.as_slice(), [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2))
        && (1..=12).contains(&date[5..7].parse::<u32>().unwrap_or(0))
        && (1..=31).contains(&date[8..10].parse::<u32>().unwrap_or(0));
    let (clock, zone) = match time.find(['Z', 'z', '+', '-']) {
        Some(i) => time.split_at(i),
        None => return false,
    };
    let clock = clock.split('.').collect::<Vec<_>>();
    let hms_ok = match clock.as_slice() {
        [hms] | [hms, _] => {
            let p: Vec<&str> = hms.split(':').collect();
            matches!(p.as_slice(), [h, m, s] if digits(h, 2) && digits(m, 2) && digits(s, 2))
        }
        _ => false,
    };
    let frac_ok = clock
        .get(1)
        .is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
    let zone_ok = zone.eq_ignore_ascii_case("z")
        || (zone.len() == 6
            && digits(&zone[1..3], 2)
            && &zone[3..4] == ":"
            && digits(&zone[4..6], 2));
    date_ok && hms_ok && frac_ok && zone_ok
}

/// An SPDX license expression, syntax only.
fn is_spdx(v: &str) -> bool {
    let spaced = v.replace('(', " ( ").replace(')', " ) ");
    let mut depth = 0i32;
    // Alternating: an operand (an identifier or `(`) is expected, then an operator or `)`.
    let mut expect_operand = true;
    for token in spaced.split_whitespace() {
        match token {
            "(" if expect_operand => depth += 1,
            ")" if !expect_operand && depth > 0 => depth -= 1,
            "AND" | "OR" | "WITH" if !expect_operand => expect_operand = true,
            id if expect_operand
                && !matches!(id, "(" | ")" | "AND" | "OR" | "WITH")
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+' | ':')) =>
            {
                expect_operand = false
            }
            _ => return false,
        }
    }
    !expect_operand && depth == 0
}

fn is_hash(v: &str) -> bool {
    ((7..=40).contains(&v.len()) || v.len() == 64)
        && v.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// `MAJOR.MINOR.PATCH[-pre][+build]`, numbers without leading zeros.
fn is_semver(v: &str) -> bool {
    let (rest, build) = match v.split_once('+') {
        Some((r, b)) => (r, Some(b)),
        None => (v, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (rest, None),
    };
    let number = |n: &str| {
        !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && (n == "0" || !n.starts_with('0'))
    };
    let idents = |s: &str| {
        s.split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
    };
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| number(p))
        && pre.is_none_or(idents)
        && build.is_none_or(idents)
}

fn conforms(format: LabelFormat, v: &str) -> bool {
    match format {
        LabelFormat::Text => true,
        LabelFormat::Url => is_url(v),
        LabelFormat::Email => is_email(v),
        LabelFormat::Rfc3339 => is_rfc3339(v),
        LabelFormat::Spdx => is_spdx(v),
        LabelFormat::Hash => is_hash(v),
        LabelFormat::Semver => is_semver(v),
    }
}

fn format_name(format: LabelFormat) -> &'static str {
    match format {
        LabelFormat::Text => "text",
        LabelFormat::Url => "an absolute URL",
        LabelFormat::Email => "an e-mail address",
        LabelFormat::Rfc3339 => "an RFC 3339 date and time",
        LabelFormat::Spdx => "an SPDX license expression",
        LabelFormat::Hash => "a Git commit hash",
        LabelFormat::Semver => "a semantic version",
    }
}

impl Rule for DockerfileLabelSchema {
    fn check_dockerfile(&self, df: &Dockerfile, cx: &mut DockerfileContext<'_>) {
        let schema = &cx.settings().dockerfile_label_schema;
        let strict = cx.settings().dockerfile_label_schema_strict;
        if schema.is_empty() {
            return;
        }
        let Some(last) = df.final_stage() else {
            return;
        };
        // The labels of the image: the last value of each key wins, as in Docker.
        let mut labels: Vec<(Word, Option<String>)> = Vec::new();
        for stage in stage_chain(df, last) {
            let mut scope = df.variables(stage);
            for (i, ins) in df.stage_instructions(stage).iter().enumerate() {
                if ins.keyword != Keyword::Label {
                    continue;
                }
                let vars = scope.at(stage.instructions.start + i);
                for (key, value) in ins.key_values() {
                    let resolved = value.and_then(|v| df.resolve(&v.text, vars));
                    labels.retain(|(k, _)| k.text != key.text);
                    labels.push((key, resolved));
                }
            }
        }
        let from = df
            .instructions
            .get(last.instructions.start)
            .map_or(last.image.span, |i| i.keyword_span);
        for (name, format) in schema {
            match labels.iter().find(|(k, _)| &k.text == name) {
                None => cx.report(
                    Some(last),
                    from,
                    format!("the image has no label `{name}` (required by settings.dockerfile-label-schema)"),
                ),
                Some((key, Some(v))) if v.trim().is_empty() => cx.report(
                    Some(last),
                    key.span,
                    format!("label `{name}` is empty"),
                ),
                Some((key, Some(v))) if !conforms(*format, v) => cx.report(
                    Some(last),
                    key.span,
                    format!("label `{name}` is `{v}`, not {}", format_name(*format)),
                ),
                Some(_) => {}
            }
        }
        if strict {
            for (key, _) in &labels {
                if !schema.contains_key(&key.text) {
                    cx.report(
                        Some(last),
                        key.span,
                        format!(
                            "label `{}` is not in settings.dockerfile-label-schema (strict)",
                            key.text
                        ),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert!(is_url("https://github.com/example/shop"));
        assert!(!is_url("github.com/example/shop"));
        assert!(!is_url("https:///x"));
        assert!(is_email("team+shop@example.com"));
        assert!(!is_email("team@localhost"));
        assert!(!is_email("team example.com"));
        assert!(is_rfc3339("2026-12-04T15:00:00Z"));
        assert!(is_rfc3339("2026-12-04T15:00:00.123+01:00"));
        assert!(!is_rfc3339("2026-12-04"));
        assert!(!is_rfc3339("2026-13-04T15:00:00Z"));
        assert!(!is_rfc3339("2026-12-04T15:00:00"));
        assert!(is_spdx("Apache-2.0"));
        assert!(is_spdx(
            "(MIT OR Apache-2.0) AND GPL-2.0-or-later WITH Classpath-exception-2.0"
        ));
        assert!(!is_spdx("MIT or Apache"));
        assert!(!is_spdx("(MIT"));
        assert!(!is_spdx("MIT AND"));
        assert!(!is_spdx(""));
        assert!(is_hash("0f3c2a1"));
        assert!(is_hash(&"a".repeat(40)));
        assert!(!is_hash("0F3C2A1"));
        assert!(!is_hash("abc"));
        assert!(is_semver("1.2.3"));
        assert!(is_semver("2.0.0-rc.1+build.5"));
        assert!(!is_semver("v1.2.3"));
        assert!(!is_semver("1.2"));
        assert!(!is_semver("01.2.3"));
    }
}
