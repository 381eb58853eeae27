//! Secret detection, shared by the manifest rules (env values, ConfigMaps, annotations, Secret
//! objects) and, later, the Dockerfile rules.
//!
//! The model is gitleaks': an Aho-Corasick keyword prefilter over the text picks the few
//! detectors whose keywords occur, then only their regexes run, then each match is checked
//! (entropy, placeholders, references, format-specific validation such as decoding a JWT
//! header). Detectors are data ([`formats::FORMATS`]); compiled once, on first use, so runs
//! that select no secret rule pay nothing.
//!
//! Nothing here returns a secret: a [`Detection`] says *what* was found and *where* (the line
//! within the scanned text), never the value, so no caller can print one by mistake.

mod base64;
mod formats;
mod network;
mod values;

pub(crate) use base64::{Alphabet, decode as decode_base64};
pub(crate) use formats::Class;
pub(crate) use network::{AddressKind, ip_addresses, metadata_hostnames, plain_http_hosts};
pub(crate) use values::{is_placeholder, is_sops_encrypted, sensitive_name};

use aho_corasick::{AhoCorasick, MatchKind};
use formats::{Check, FORMATS, Format, NAMED_FORMATS, NamedFormat};
use regex::{Captures, Regex};
use std::ops::Range;
use std::sync::LazyLock;

/// One secret-looking thing found in a text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Detection {
    /// The detector's id (`github-token`, `generic-assignment`, `sensitive-name`).
    pub detector: &'static str,
    pub class: Class,
    /// What was found, ready for a message: "a GitHub token", "a literal value that looks like
    /// a password (entropy 3.1)". Never contains the value.
    pub what: String,
    /// 1-based line within the scanned text.
    pub line: usize,
}

/// Which detectors [`scan_text`] runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Depth {
    /// Only token formats ([`Class::Format`]): few false alarms anywhere.
    KnownFormats,
    /// Token formats and `password = …` assignments judged by name and entropy.
    WithGeneric,
}

/// At most this many detections per text: enough to report, bounded on pathological input.
const MAX_DETECTIONS: usize = 32;

struct Compiled {
    format: &'static Format,
    regex: Regex,
}

struct Detector {
    /// Keyword prefilter; `None` only if it failed to build, in which case every detector runs.
    prefilter: Option<AhoCorasick>,
    /// For each prefilter pattern, the detectors (indices into `formats`) it stands for.
    owners: Vec<Vec<usize>>,
    formats: Vec<Compiled>,
    named: Vec<(&'static NamedFormat, Regex)>,
}

static DETECTOR: LazyLock<Detector> = LazyLock::new(Detector::new);

/// Compiles a pattern with ASCII word boundaries (see [`formats`]).
fn compile(pattern: &str) -> Option<Regex> {
    Regex::new(&pattern.replace(r"\b", r"(?-u:\b)")).ok()
}

impl Detector {
    fn new() -> Self {
        // A pattern that does not compile is dropped rather than failing the scan; the unit
        // tests check that every one compiles.
        let formats: Vec<Compiled> = FORMATS
            .iter()
            .filter_map(|format| compile(format.pattern).map(|regex| Compiled { format, regex }))
            .collect();
        let mut keywords = Vec::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        for (index, compiled) in formats.iter().enumerate() {
            for keyword in compiled.format.keywords {
                match keywords.iter().position(|k| k == keyword) {
                    Some(at) => owners[at].push(index),
                    None => {
                        keywords.push(*keyword);
                        owners.push(vec![index]);
                    }
                }
            }
        }
        let prefilter = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&keywords)
            .ok();
        let named = NAMED_FORMATS
            .iter()
            .filter_map(|n| Regex::new(n.value).ok().map(|r| (n, r)))
            .collect();
        Detector {
            prefilter,
            owners,
            formats,
            named,
        }
    }

    /// Which detectors have a keyword in `text`.
    fn candidates(&self, text: &str) -> Vec<bool> {
        let Some(prefilter) = &self.prefilter else {
            return vec![true; self.formats.len()];
        };
        let mut wanted = vec![false; self.formats.len()];
        let mut remaining = wanted.len();
        for m in prefilter.find_overlapping_iter(text) {
            for &index in &self.owners[m.pattern().as_usize()] {
                if !wanted[index] {
                    wanted[index] = true;
                    remaining -= 1;
                }
            }
            if remaining == 0 {
                break;
            }
        }
        wanted
    }

    fn scan(&self, text: &str, depth: Depth) -> Vec<Detection> {
        let mut found: Vec<Detection> = Vec::new();
        if text.len() < 8 {
            return found;
        }
        let candidates = self.candidates(text);
        let mut taken: Vec<Range<usize>> = Vec::new();
        for (compiled, _) in self
            .formats
            .iter()
            .zip(&candidates)
            .filter(|(_, wanted)| **wanted)
        {
            let format = compiled.format;
            if depth == Depth::KnownFormats && format.class == Class::Generic {
                continue;
            }
            for caps in compiled.regex.captures_iter(text) {
                if found.len() >= MAX_DETECTIONS {
                    break;
                }
                let Some(whole) = caps.get(0) else { continue };
                if format.class == Class::Generic {
                    let value = caps.get(2).map_or(whole.range(), |m| m.range());
                    if taken
                        .iter()
                        .any(|r| r.start < value.end && value.start < r.end)
                    {
                        continue;
                    }
                }
                if let Some(what) = check(format, &caps) {
                    taken.push(whole.range());
                    found.push(Detection {
                        detector: format.id,
                        class: format.class,
                        what,
                        line: line_of(text, whole.start()),
                    });
                }
            }
        }
        found.sort_by_key(|d| d.line);
        found
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// Whether a regex match is reported, and what it is called.
fn check(format: &Format, caps: &Captures<'_>) -> Option<String> {
    let group = |i: usize| caps.get(i).map(|m| m.as_str());
    match format.check {
        Check::Token { min_entropy } => {
            let secret = group(1).or(group(0))?;
            (!values::is_placeholder(secret) && values::entropy(secret) >= min_entropy)
                .then(|| format.noun.to_string())
        }
        Check::Jwt => {
            let header = decode_base64(group(1)?, Alphabet::UrlSafe)?;
            let header = String::from_utf8(header).ok()?;
            (header.trim_start().starts_with('{') && header.contains("\"alg\""))
                .then(|| format.noun.to_string())
        }
        Check::UrlPassword => {
            let scheme = group(1)?.to_ascii_lowercase();
            let password = group(2)?;
            if !is_literal_secret(password) {
                return None;
            }
            Some(match scheme.as_str() {
                "http" | "https" => format.noun.to_string(),
                _ => format!("a `{scheme}` connection string with a password"),
            })
        }
        Check::DockerAuth => {
            let decoded = decode_base64(group(1)?, Alphabet::Standard)?;
            let decoded = String::from_utf8(decoded).ok()?;
            let (_, password) = decoded.split_once(':')?;
            is_literal_secret(password).then(|| format.noun.to_string())
        }
        Check::Assignment => {
            let key = group(1)?;
            let value = group(2)?.trim_end_matches([')', ']', '}']);
            let name = values::sensitive_name(key)?;
            let e = values::assess_value(value, name.strength)?;
            Some(format!(
                "a literal value for `{}` that looks like {} (entropy {e:.1})",
                shorten(key),
                name.kind
            ))
        }
    }
}

/// A password-like part that is an actual value: not empty, not a placeholder, not a reference.
fn is_literal_secret(value: &str) -> bool {
    !values::is_placeholder(value) && !values::is_reference(value)
}

/// Keys are printed; a very long one is cut (keys are never secret, but messages stay short).
fn shorten(key: &str) -> String {
    const MAX: usize = 64;
    if key.chars().count() <= MAX {
        key.to_string()
    } else {
        let cut: String = key.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

/// Secret-looking things in free text (a ConfigMap file, an annotation, a Dockerfile line),
/// in line order.
pub(crate) fn scan_text(text: &str, depth: Depth) -> Vec<Detection> {
    DETECTOR.scan(text, depth)
}

/// What looks like a secret in the value stored under `name` (an env var, a ConfigMap key),
/// most telling first. Tried in turn, the first kind that matches wins:
/// 1. known token formats anywhere in the value (all of them, in line order, followed by any
///    `password = …` assignments found elsewhere in the value);
/// 2. a format recognised by the name (`AWS_SECRET_ACCESS_KEY` + 40 base64 characters);
/// 3. a sensitive name (`DB_PASSWORD`) with a literal value that passes the name's length
///    and entropy thresholds (see [`values::assess_value`]);
/// 4. `password = …` assignments inside the value (an embedded config file,
///    `JAVA_OPTS=-Ddb.password=…`).
pub(crate) fn scan_named_value(name: &str, value: &str) -> Vec<Detection> {
    let detector = &*DETECTOR;
    let found = detector.scan(value, Depth::WithGeneric);
    if found.iter().any(|d| d.class == Class::Format) {
        let (mut first, generic): (Vec<_>, Vec<_>) =
            found.into_iter().partition(|d| d.class == Class::Format);
        first.extend(generic);
        return first;
    }
    let trimmed = value.trim();
    let words = values::words(name);
    for (named, regex) in &detector.named {
        if named
            .name_words
            .iter()
            .all(|w| words.iter().any(|n| n == w))
            && regex.is_match(trimmed)
            && !values::is_placeholder(trimmed)
            && values::entropy(trimmed) >= named.min_entropy
        {
            return vec![Detection {
                detector: named.id,
                class: Class::Format,
                what: named.noun.to_string(),
                line: 1,
            }];
        }
    }
    if let Some(sensitive) = values::sensitive_name(name)
        && let Some(e) = values::assess_value(trimmed, sensitive.strength)
    {
        return vec![Detection {
            detector: "sensitive-name",
            class: Class::Generic,
            what: format!(
                "a literal value that looks like {} (entropy {e:.1})",
                sensitive.kind
            ),
            line: 1,
        }];
    }
    found
}

#[cfg(test)]
mod tests;
