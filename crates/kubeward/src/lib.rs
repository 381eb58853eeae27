//! The `kubeward` command line: the pipeline (load → analyse → report) wired to flags.

pub mod cli;
pub mod config;
pub mod docs;
pub mod graph_input;
pub mod netpol_cmd;
pub mod rbac_cmd;
pub mod scan;

/// Process exit codes. A public contract: CI pipelines branch on them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// Nothing at or above `--fail-on`.
    Clean = 0,
    /// Findings at or above `--fail-on`.
    Findings = 1,
    /// Some input could not be read or parsed, or no Kubernetes object was found
    /// (the rest was still scanned and reported).
    InputErrors = 2,
    /// Bad flags, unknown rule id, format or severity, invalid glob.
    Usage = 3,
    /// kubeward itself failed (could not write the report).
    Internal = 4,
}
