//! Which rules run: `--select`, `--profile`, `--ignore`.
//!
//! Precedence: a non-empty `select` is exactly the rules that run (`ALL`: every rule) and the
//! profile is not used; otherwise the profile's rules run (`default` unless another is given);
//! then `ignore` removes rules. See [`crate::profiles`].

use crate::Rule;
use crate::profiles::Profile;
use crate::registry::{RULES, find_rule};

/// A rule selection as the CLI and config express it.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// Rule ids to run; empty means the profile's rules; `ALL` means every rule.
    pub select: Vec<String>,
    /// Rule ids not to run.
    pub ignore: Vec<String>,
    /// The rule set used when `select` is empty.
    pub profile: Profile,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SelectionError {
    /// A rule id that is not in the registry.
    #[error("unknown rule id `{id}`{}", suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default())]
    UnknownRule {
        id: String,
        suggestion: Option<String>,
    },
}

impl Selection {
    /// Resolves the selection against the registry. Unknown ids are errors, never ignored. The
    /// result may be empty (a profile without rules, or everything ignored).
    pub fn resolve(&self) -> Result<Vec<&'static dyn Rule>, SelectionError> {
        let all = self.select.iter().any(|s| s.eq_ignore_ascii_case("ALL"));
        let mut selected: Vec<&'static dyn Rule> = if all {
            RULES.to_vec()
        } else if self.select.is_empty() {
            self.profile.rules()
        } else {
            let mut rules = Vec::new();
            for id in &self.select {
                rules.push(lookup(id)?);
            }
            rules
        };
        for id in &self.ignore {
            let rule = lookup(id)?;
            selected.retain(|r| r.meta().id != rule.meta().id);
        }
        selected.sort_by_key(|r| r.meta().id);
        selected.dedup_by_key(|r| r.meta().id);
        Ok(selected)
    }
}

fn lookup(id: &str) -> Result<&'static dyn Rule, SelectionError> {
    find_rule(id).ok_or_else(|| SelectionError::UnknownRule {
        id: id.to_string(),
        suggestion: closest_id(id).map(str::to_string),
    })
}

/// The registered id closest to `id` (edit distance), when it is close enough to be a typo.
pub fn closest_id(id: &str) -> Option<&'static str> {
    RULES
        .iter()
        .map(|r| (levenshtein(id, r.meta().id), r.meta().id))
        .filter(|(d, known)| *d <= known.len() / 3 + 1)
        .min()
        .map(|(_, known)| known)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_ids_are_errors_with_a_suggestion() {
        let sel = Selection {
            select: vec!["privileged-containr".into()],
            ..Selection::default()
        };
        let err = sel.resolve().err().expect("error");
        assert_eq!(
            err.to_string(),
            "unknown rule id `privileged-containr` (did you mean `privileged-container`?)"
        );
    }

    #[test]
    fn ignore_removes_from_all() {
        let sel = Selection {
            select: vec!["ALL".into()],
            ignore: vec!["privileged-container".into()],
            ..Selection::default()
        };
        let rules = sel.resolve().expect("resolves");
        assert_eq!(rules.len(), RULES.len() - 1);
        assert!(rules.iter().all(|r| r.meta().id != "privileged-container"));
    }

    fn ids(sel: &Selection) -> Vec<&'static str> {
        sel.resolve()
            .expect("resolves")
            .iter()
            .map(|r| r.meta().id)
            .collect()
    }

    #[test]
    fn no_select_runs_the_profile_and_default_is_the_default_profile() {
        let default = ids(&Selection::default());
        assert_eq!(
            default,
            ids(&Selection {
                profile: Profile::Default,
                ..Selection::default()
            })
        );
        assert!(default.contains(&"privileged-container"));
        assert!(!default.contains(&"image-not-pinned"));
        let restricted = ids(&Selection {
            profile: Profile::PssRestricted,
            ..Selection::default()
        });
        assert!(restricted.contains(&"run-as-non-root-not-set"));
        assert!(!restricted.contains(&"image-latest-tag"));
    }

    #[test]
    fn select_wins_over_the_profile_and_ignore_applies_to_both() {
        let sel = Selection {
            select: vec!["image-not-pinned".into()],
            ignore: vec![],
            profile: Profile::PssBaseline,
        };
        assert_eq!(ids(&sel), ["image-not-pinned"]);
        let sel = Selection {
            select: vec![],
            ignore: vec!["privileged-container".into()],
            profile: Profile::PssBaseline,
        };
        let baseline = ids(&sel);
        assert!(!baseline.contains(&"privileged-container"));
        assert!(baseline.contains(&"host-network"));
        let sel = Selection {
            select: vec!["ALL".into()],
            ignore: vec![],
            profile: Profile::Cis,
        };
        assert_eq!(ids(&sel).len(), RULES.len());
    }

    #[test]
    fn an_empty_profile_is_not_an_error() {
        let sel = Selection {
            select: vec!["privileged-container".into()],
            ignore: vec!["privileged-container".into()],
            ..Selection::default()
        };
        assert_eq!(ids(&sel), Vec::<&str>::new());
        assert!(
            Selection {
                profile: Profile::Cis,
                ..Selection::default()
            }
            .resolve()
            .is_ok()
        );
    }
}
