//! Problems with inputs and inputs left out, as reporters show them.

use serde::Serialize;
use std::sync::Arc;

/// One input problem: which file, where in it (when known), and what. Produced by the loader
/// (which has the typed error), consumed by reporters.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct InputError {
    pub path: Arc<str>,
    /// 1-based position, when the problem has one.
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub message: String,
    /// Machine-readable class of the problem (`syntax`, `duplicate-key`, `not-found`, …).
    pub kind: &'static str,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{}:{}:{}: {}", self.path, l, c, self.message),
            (Some(l), None) => write!(f, "{}:{}: {}", self.path, l, self.message),
            _ => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

/// Something that was looked at and deliberately not analysed (a non-Kubernetes document, a
/// file that is not YAML/JSON, a Helm template).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Skipped {
    pub path: Arc<str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    pub reason: String,
}
