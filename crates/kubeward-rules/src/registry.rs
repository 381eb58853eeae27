//! Every rule, in one greppable list sorted by id. Adding a rule: write its file, add it here
//! (tests check the list is sorted, complete and consistent with the files).

use crate::Rule;
use crate::rules::*;

pub static RULES: &[&dyn Rule] = &[&pod_security::privileged_container::PrivilegedContainer];

/// Looks a rule up by id (exact, case-insensitive).
pub fn find_rule(id: &str) -> Option<&'static dyn Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.meta().id.eq_ignore_ascii_case(id))
}
