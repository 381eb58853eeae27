//! Glob patterns of configuration exceptions (`paths`, `namespaces`, `kinds`, `names`,
//! `containers`), on `globset` (ripgrep's matcher, already used for `--exclude`).
//!
//! Syntax: `*` is any run of characters except `/`; `**` as a whole component crosses `/` (`k8s/**/app.yaml` also
//! matches `k8s/app.yaml`); `?` is one character except `/`; `[abc]`, `[a-z]`, `[!a-z]` are
//! classes; `{a,b}` are alternatives; `\` escapes. Matching is case-sensitive.

use std::fmt;

/// A compiled glob pattern.
#[derive(Clone, Debug)]
pub struct Glob {
    text: String,
    matcher: globset::GlobMatcher,
}

impl PartialEq for Glob {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for Glob {}

impl fmt::Display for Glob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Glob {
    /// Compiles `pattern`. Errors say what is wrong.
    pub fn new(pattern: &str) -> Result<Glob, String> {
        if pattern.is_empty() {
            return Err("empty pattern".to_string());
        }
        // `k8s/legacy/` means the directory `k8s/legacy`.
        let body = match pattern.trim_end_matches('/') {
            "" => pattern,
            trimmed => trimmed,
        };
        let matcher = globset::GlobBuilder::new(body)
            .literal_separator(true)
            .backslash_escape(true)
            .empty_alternates(true)
            .build()
            .map_err(|e| e.kind().to_string())?
            .compile_matcher();
        Ok(Glob {
            text: pattern.to_string(),
            matcher,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the whole of `text` matches.
    pub fn is_match(&self, text: &str) -> bool {
        self.matcher.is_match(text)
    }

    /// Whether a file path matches: the whole path or one of its directories (`k8s/legacy`
    /// matches `k8s/legacy/app.yaml`), and, for a pattern without `/`, any single component
    /// (`*.generated.yaml` matches `k8s/app.generated.yaml`, `vendor` matches `a/vendor/b.yaml`),
    /// as in `.gitignore`. A trailing `/` in the pattern is ignored.
    pub fn matches_path(&self, path: &str) -> bool {
        if self.is_match(path) {
            return true;
        }
        let mut prefixes = path
            .char_indices()
            .filter(|(i, c)| *c == '/' && *i > 0)
            .map(|(i, _)| &path[..i]);
        if prefixes.any(|p| self.is_match(p)) {
            return true;
        }
        let has_slash = self.text.trim_end_matches('/').contains('/');
        !has_slash
            && path
                .split('/')
                .filter(|c| !c.is_empty() && *c != ".")
                .any(|c| self.is_match(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glob(p: &str) -> Glob {
        Glob::new(p).expect("valid glob")
    }

    #[test]
    fn stars_and_classes() {
        assert!(glob("web-*").is_match("web-frontend"));
        assert!(glob("web-*").is_match("web-"));
        assert!(!glob("web-*").is_match("api-web-1"));
        assert!(!glob("*").is_match("a/b"));
        assert!(glob("**").is_match("a/b"));
        assert!(glob("web-?").is_match("web-1"));
        assert!(!glob("web-?").is_match("web-12"));
        assert!(glob("web-[0-9]").is_match("web-7"));
        assert!(!glob("web-[!0-9]").is_match("web-7"));
        assert!(glob("web-[!0-9]").is_match("web-x"));
        assert!(glob("[]]").is_match("]"));
        assert!(glob(r"a\*").is_match("a*"));
        assert!(!glob(r"a\*").is_match("ab"));
        assert!(glob("Deployment").is_match("Deployment"));
        assert!(!glob("Deployment").is_match("deployment"));
    }

    #[test]
    fn alternatives() {
        let g = glob("{prod,staging}-*");
        assert!(g.is_match("prod-eu"));
        assert!(g.is_match("staging-us"));
        assert!(!g.is_match("dev-eu"));
        assert!(glob("a{b,c{d,e}}").is_match("ace"));
        assert!(glob("a{,b}").is_match("a"));
        assert!(glob("[{]").is_match("{"));
    }

    #[test]
    fn deep_directories() {
        let g = glob("k8s/**/app.yaml");
        assert!(g.is_match("k8s/app.yaml"));
        assert!(g.is_match("k8s/a/b/app.yaml"));
        assert!(!g.is_match("k8s/a/b/other.yaml"));
        assert!(glob("**/app.yaml").is_match("app.yaml"));
        assert!(glob("**/app.yaml").is_match("x/app.yaml"));
        assert!(glob("k8s/**").is_match("k8s/a/b.yaml"));
        // As in .gitignore, `**` is special only as a whole path component.
        assert!(!glob("a/**b").is_match("a/x/yb"));
    }

    #[test]
    fn paths_match_directories_and_components() {
        assert!(glob("k8s/legacy").matches_path("k8s/legacy/app.yaml"));
        assert!(glob("k8s/legacy/").matches_path("k8s/legacy/app.yaml"));
        assert!(!glob("k8s/legacy").matches_path("k8s/legacy-2/app.yaml"));
        assert!(!glob("k8s/legacy").matches_path("other/k8s/legacy/app.yaml"));
        assert!(glob("vendor").matches_path("a/vendor/b.yaml"));
        assert!(glob("*.generated.yaml").matches_path("k8s/app.generated.yaml"));
        assert!(!glob("*.generated.yaml").matches_path("k8s/app.yaml"));
        assert!(glob("k8s/*.yaml").matches_path("k8s/app.yaml"));
        assert!(!glob("k8s/*.yaml").matches_path("k8s/sub/app.yaml"));
        assert!(glob("/tmp/**").matches_path("/tmp/x/pod.yaml"));
    }

    #[test]
    fn invalid_patterns() {
        assert!(Glob::new("a[").is_err());
        assert!(Glob::new("a{b").is_err());
        assert_eq!(Glob::new("").err().as_deref(), Some("empty pattern"));
    }

    #[test]
    fn long_inputs_stay_fast() {
        let g = glob("*a*a*a*a*a*a*a*b");
        let text = "a".repeat(2000);
        assert!(!g.is_match(&text));
    }
}
