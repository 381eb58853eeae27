//! `.dockerignore` files: reading the patterns and deciding, the way Docker does
//! (`moby/patternmatcher`), whether a path of the build context is left out of it.
//!
//! - one pattern a line; a line starting with `#` is a comment; blank lines are skipped;
//! - a pattern is trimmed, cleaned like Go's `filepath.Clean` (`./a//b/` → `a/b`) and loses a
//!   leading `/`; `!pattern` re-includes what an earlier pattern excluded;
//! - `*` matches any run of characters other than `/`, `?` one such character, `[a-z]` /
//!   `[^a-z]` a class, `\` escapes the next character, and `**` any number of directories
//!   (`**/x` also matches `x`);
//! - a path is excluded when the last pattern that matches it, or one of its parent
//!   directories, is not a `!` pattern.
//!
//! No IO: the loader reads the file and hands the text to [`DockerIgnore::parse`].

/// The ignore file the loader found for a Dockerfile's build context.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ContextIgnore {
    /// Not looked for: the Dockerfile came from standard input, so its build context is unknown.
    #[default]
    Unknown,
    /// Looked for (`<Dockerfile>.dockerignore`, then `.dockerignore`, beside the Dockerfile) and
    /// not found: the whole context is sent.
    Missing,
    /// Found: the file's name as the loader shows paths, and its patterns.
    Found { path: String, ignore: DockerIgnore },
}

/// One pattern of a `.dockerignore`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IgnorePattern {
    /// The cleaned pattern, without `!`.
    pub pattern: String,
    /// A `!` pattern: it re-includes what it matches.
    pub negated: bool,
    /// 1-based line in the file.
    pub line: u32,
    tokens: Vec<Token>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Char(char),
    /// `*`: any run of non-`/` characters.
    Star,
    /// `?`: one non-`/` character.
    One,
    /// `[...]`: (negated, ranges).
    Class(bool, Vec<(char, char)>),
    /// `**/`: zero or more whole directories.
    Dirs,
    /// `**` elsewhere: anything, `/` included.
    Any,
}

/// The parsed patterns of a `.dockerignore`, in file order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DockerIgnore {
    pub patterns: Vec<IgnorePattern>,
}

impl DockerIgnore {
    /// Reads `.dockerignore` text. Never fails: a malformed class is read as literal text.
    pub fn parse(text: &str) -> DockerIgnore {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut patterns = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            if raw.starts_with('#') {
                continue;
            }
            let mut pattern = raw.trim();
            if pattern.is_empty() {
                continue;
            }
            let negated = pattern.starts_with('!');
            if negated {
                pattern = pattern[1..].trim();
            }
            let mut cleaned = clean(pattern);
            if cleaned.len() > 1 && cleaned.starts_with('/') {
                cleaned.remove(0);
            }
            patterns.push(IgnorePattern {
                tokens: tokens(&cleaned),
                pattern: cleaned,
                negated,
                line: u32::try_from(i + 1).unwrap_or(u32::MAX),
            });
        }
        DockerIgnore { patterns }
    }

    /// Whether `path` (relative to the context root, `/`-separated) is left out of the build
    /// context.
    pub fn excludes(&self, path: &str) -> bool {
        let path = clean(path);
        let parents: Vec<&str> = match path.rfind('/') {
            Some(i) => path[..i].split('/').collect(),
            None => Vec::new(),
        };
        let mut excluded = false;
        for p in &self.patterns {
            let mut matched = matches(&p.tokens, &path);
            if !matched {
                let mut prefix = String::new();
                for dir in &parents {
                    if !prefix.is_empty() {
                        prefix.push('/');
                    }
                    prefix.push_str(dir);
                    if matches(&p.tokens, &prefix) {
                        matched = true;
                        break;
                    }
                }
            }
            if matched {
                excluded = !p.negated;
            }
        }
        excluded
    }
}

/// Go's `filepath.Clean` on a `/`-separated path: no empty or `.` elements, `..` resolved
/// lexically, no trailing `/`; `.` for an empty result.
fn clean(path: &str) -> String {
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

fn tokens(pattern: &str) -> Vec<Token> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '*' if chars.get(i + 1) == Some(&'*') => {
                i += 2;
                while chars.get(i) == Some(&'*') {
                    i += 1;
                }
                if chars.get(i) == Some(&'/') {
                    i += 1;
                    out.push(Token::Dirs);
                } else {
                    out.push(Token::Any);
                }
                continue;
            }
            '*' => out.push(Token::Star),
            '?' => out.push(Token::One),
            '\\' => {
                i += 1;
                out.push(Token::Char(chars.get(i).copied().unwrap_or('\\')));
            }
            '[' => match class(&chars, i + 1) {
                Some((token, next)) => {
                    out.push(token);
                    i = next;
                    continue;
                }
                None => out.push(Token::Char('[')),
            },
            c => out.push(Token::Char(c)),
        }
        i += 1;
    }
    out
}

/// A class starting after `[` at `start`: the token and the index after `]`.
fn class(chars: &[char], start: usize) -> Option<(Token, usize)> {
    let mut i = start;
    let negated = matches!(chars.get(i), Some('^') | Some('!'));
    if negated {
        i += 1;
    }
    let mut ranges = Vec::new();
    let mut first = true;
    loop {
        let mut c = *chars.get(i)?;
        if c == ']' && !first {
            return Some((Token::Class(negated, ranges), i + 1));
        }
        first = false;
        if c == '\\' {
            i += 1;
            c = *chars.get(i)?;
        }
        let mut hi = c;
        if chars.get(i + 1) == Some(&'-') && chars.get(i + 2).is_some_and(|h| *h != ']') {
            i += 2;
            hi = *chars.get(i)?;
            if hi == '\\' {
                i += 1;
                hi = *chars.get(i)?;
            }
        }
        ranges.push((c, hi));
        i += 1;
    }
}

/// Whether `tokens` match the whole of `text`: one pass over the text per token (the set of
/// prefix lengths matched so far), so that no pattern takes exponential or quadratic time.
fn matches(tokens: &[Token], text: &str) -> bool {
    let t: Vec<char> = text.chars().collect();
    let n = t.len();
    // reach[j]: the tokens so far can match t[..j].
    let mut reach = vec![false; n + 1];
    reach[0] = true;
    for token in tokens {
        let mut next = vec![false; n + 1];
        // For `*`, `**` and `**/`: some earlier prefix can still extend to here.
        let mut active = false;
        for j in 0..=n {
            let c = t.get(j).copied();
            match token {
                Token::Char(want) => {
                    if reach[j] && c == Some(*want) {
                        next[j + 1] = true;
                    }
                }
                Token::One => {
                    if reach[j] && c.is_some_and(|c| c != '/') {
                        next[j + 1] = true;
                    }
                }
                Token::Class(negated, ranges) => {
                    if reach[j]
                        && let Some(c) = c.filter(|c| *c != '/')
                    {
                        let inside = ranges.iter().any(|(lo, hi)| *lo <= c && c <= *hi);
                        if inside != *negated {
                            next[j + 1] = true;
                        }
                    }
                }
                Token::Star => {
                    active |= reach[j];
                    next[j] |= active;
                    if c == Some('/') {
                        active = false;
                    }
                }
                Token::Any => {
                    active |= reach[j];
                    next[j] |= active;
                }
                Token::Dirs => {
                    // Zero directories, or anything up to and including a `/`.
                    next[j] |= reach[j];
                    active |= reach[j];
                    if active && c == Some('/') {
                        next[j + 1] = true;
                    }
                }
            }
        }
        reach = next;
        if !reach.iter().any(|r| *r) {
            return false;
        }
    }
    reach[n]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(ignore: &str, path: &str) -> bool {
        DockerIgnore::parse(ignore).excludes(path)
    }

    #[test]
    fn reads_comments_blank_lines_negation_and_cleaning() {
        let di = DockerIgnore::parse("\u{feff}# comment\n\n  ./build//out/  \n! /keep \n /abs\n");
        let got: Vec<(&str, bool, u32)> = di
            .patterns
            .iter()
            .map(|p| (p.pattern.as_str(), p.negated, p.line))
            .collect();
        assert_eq!(
            got,
            [
                ("build/out", false, 3),
                ("keep", true, 4),
                ("abs", false, 5)
            ]
        );
    }

    #[test]
    fn parents_and_last_match_wins() {
        assert!(ex(".git", ".git/config"));
        assert!(ex(".git/", ".git/objects/ab/cd"));
        assert!(!ex(".git", "src/.git/config"));
        assert!(ex("*\n!src", "README.md"));
        assert!(!ex("*\n!src", "src/main.rs"));
        assert!(ex("*\n!src\nsrc/secret", "src/secret"));
        assert!(!ex("!.env\n.env\n!.env", ".env"));
    }

    #[test]
    fn wildcards() {
        assert!(ex("*.pem", "server.pem"));
        assert!(!ex("*.pem", "certs/server.pem"));
        assert!(ex("**/*.pem", "certs/server.pem"));
        assert!(ex("**/*.pem", "server.pem"));
        assert!(ex("certs/**", "certs/a/b.pem"));
        assert!(ex("a/**/b", "a/b"));
        assert!(ex("a/**/b", "a/x/y/b"));
        assert!(ex(".env*", ".env.local"));
        assert!(ex("id_?sa", "id_rsa"));
        assert!(ex("[a-c]x", "bx"));
        assert!(!ex("[^a-c]x", "bx"));
        assert!(ex("[^a-c]x", "dx"));
        assert!(ex("\\*x", "*x"));
        assert!(!ex("\\*x", "ax"));
        // An unclosed class is literal text.
        assert!(ex("[ab", "[ab"));
        // `*` does not cross `/`, but matching the parent `a` excludes `a/b`.
        assert!(ex("*", "a/b"));
        assert!(!ex("a*/c", "ab/d/c"));
    }

    #[test]
    fn clean_like_go() {
        assert_eq!(clean("./a//b/./c/"), "a/b/c");
        assert_eq!(clean("a/../../b"), "../b");
        assert_eq!(clean("/../a"), "/a");
        assert_eq!(clean("./"), ".");
    }

    #[test]
    fn many_stars_stay_fast() {
        let pattern = format!("{}b", "*a".repeat(200));
        let text = "a".repeat(5_000);
        assert!(!ex(&pattern, &text));
    }
}
