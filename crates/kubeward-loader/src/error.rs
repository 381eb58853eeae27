//! Bad input is data: every problem with an input becomes a [`LoadError`] and the scan goes on.

pub use kubeward_model::InputError as LoadError;
use kubeward_model::Pos;
use std::sync::Arc;

/// Builds the reportable [`LoadError`] from a typed kind.
pub fn load_error(path: Arc<str>, pos: Option<Pos>, kind: LoadErrorKind) -> LoadError {
    let pos = pos.filter(Pos::is_known);
    LoadError {
        path,
        line: pos.map(|p| p.line),
        column: pos.map(|p| p.column),
        message: kind.to_string(),
        kind: kind.code(),
    }
}

/// What went wrong with an input.
#[derive(Debug, thiserror::Error)]
pub enum LoadErrorKind {
    /// The file or directory could not be read.
    #[error("cannot read: {0}")]
    Io(#[source] std::io::Error),
    /// A path named on the command line does not exist.
    #[error("no such file or directory")]
    NotFound,
    /// The file is larger than the configured limit.
    #[error("file is {size} bytes, over the {limit}-byte limit (raise it with --max-file-size)")]
    TooLarge { size: u64, limit: u64 },
    /// Bytes that are not UTF-8 (another encoding, or junk); `detail` says which byte and what
    /// was skipped because of it.
    #[error("not valid UTF-8 text: {detail}")]
    InvalidUtf8 { detail: String },
    /// The file is binary data (an image, an archive), not text.
    #[error("binary data, not text (NUL byte at offset {offset}); file skipped")]
    Binary { offset: u64 },
    /// A control character that YAML forbids (go-yaml rejects the stream over it).
    #[error("control character U+{code:04X} is not allowed in YAML{}", skipped_note(.document_skipped))]
    ControlCharacter { code: u32, document_skipped: bool },
    /// `<<` with something other than a mapping or a list of mappings: go-yaml v2 rejects the
    /// document.
    #[error(
        "merge key `<<` needs a mapping or a list of mappings; Kubernetes rejects this document, so it is skipped"
    )]
    InvalidMerge,
    /// The YAML or JSON is malformed.
    #[error("{0}")]
    Syntax(String),
    /// A mapping defines the same key twice; the API server would reject or silently drop one.
    #[error("duplicate key `{key}` (first defined on line {first_line}); the last value is used")]
    DuplicateKey { key: String, first_line: u32 },
    /// Nesting deeper than the limit.
    #[error("document nests deeper than {limit} levels; refusing to parse it")]
    TooDeep { limit: usize },
    /// Alias expansion would exceed the budget ("billion laughs").
    #[error("alias expansion exceeds {limit} nodes (a YAML alias bomb?); document skipped")]
    AliasBomb { limit: usize },
    /// A problem in a Dockerfile (unknown instruction, unterminated heredoc, …).
    #[error("{0}")]
    Dockerfile(String),
    /// A mapping key that is itself a mapping or sequence.
    #[error("complex mapping keys are not supported by Kubernetes; key ignored")]
    ComplexKey,
}

impl LoadErrorKind {
    pub fn code(&self) -> &'static str {
        match self {
            LoadErrorKind::Io(_) => "io",
            LoadErrorKind::NotFound => "not-found",
            LoadErrorKind::TooLarge { .. } => "too-large",
            LoadErrorKind::InvalidUtf8 { .. } => "invalid-utf8",
            LoadErrorKind::Binary { .. } => "binary",
            LoadErrorKind::ControlCharacter { .. } => "control-character",
            LoadErrorKind::InvalidMerge => "invalid-merge",
            LoadErrorKind::Syntax(_) => "syntax",
            LoadErrorKind::DuplicateKey { .. } => "duplicate-key",
            LoadErrorKind::TooDeep { .. } => "too-deep",
            LoadErrorKind::AliasBomb { .. } => "alias-bomb",
            LoadErrorKind::ComplexKey => "complex-key",
            LoadErrorKind::Dockerfile(_) => "dockerfile",
        }
    }
}

fn skipped_note(skipped: &bool) -> &'static str {
    if *skipped { "; document skipped" } else { "" }
}
