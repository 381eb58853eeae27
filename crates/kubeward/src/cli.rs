//! Flags. Names here are a contract with CI pipelines: extend, never rename.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "kubeward",
    version,
    about = "Kubernetes security guardrail: scan manifests in CI with the same rules the admission webhook and cluster audit enforce.",
    after_help = "Exit codes: 0 clean, 1 findings at or above --fail-on, 2 input errors (the rest still scanned), 3 usage error, 4 internal error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan manifests (YAML/JSON files, directories, `-` for stdin) and report findings.
    Scan(ScanArgs),
    /// List every rule.
    Rules(RulesArgs),
    /// Show a rule's documentation: what it checks, why, bad and good examples, references.
    Explain(ExplainArgs),
    /// Effective RBAC permissions of the loaded manifests: `who-can VERB RESOURCE`, `can SUBJECT`.
    Rbac(crate::rbac_cmd::RbacArgs),
    /// NetworkPolicy analysis: the reachability matrix, and a check against a design.
    Netpol(crate::netpol_cmd::NetpolArgs),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// JUnit XML, for CI test reports.
    Junit,
}

/// What standard input and explicitly named files hold (`--input-type`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum InputTypeArg {
    /// Files named `Dockerfile`, `Containerfile`, `*.Dockerfile`, `Dockerfile.*` are
    /// Dockerfiles; everything else, standard input included, is Kubernetes YAML/JSON.
    #[default]
    Auto,
    /// Kubernetes YAML/JSON, whatever the file name.
    Kubernetes,
    /// A Dockerfile (for `-`, or a Dockerfile with another name).
    Dockerfile,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files or directories to scan; `-` reads standard input (`helm template … | kubeward scan -`).
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<String>,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,

    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Rules to run: comma-separated ids, or ALL. Given, it replaces the profile: exactly these
    /// rules run (then --ignore removes some).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub select: Vec<String>,

    /// Rule set to run when --select is not given: default (high-signal security rules), all,
    /// pss-baseline, pss-restricted (the Pod Security Standards as the API server enforces
    /// them), cis (control-plane checks). Default: `profile` from the config file, else default.
    #[arg(long, value_name = "NAME", value_parser = parse_profile)]
    pub profile: Option<kubeward_rules::Profile>,

    /// Rules not to run: comma-separated ids.
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub ignore: Vec<String>,

    /// Exit 1 only for findings of at least this severity: info, low, medium, high, critical.
    /// Default: `fail-on` from the config file, else info (any finding).
    #[arg(long, value_name = "SEVERITY", value_parser = parse_severity)]
    pub fail_on: Option<kubeward_model::Severity>,

    /// Kubernetes version the manifests target (deprecated APIs, PSS version). Default: the
    /// config's `settings.kubernetes-version`, else the newest stable release kubeward knows.
    #[arg(long, value_name = "1.xx", value_parser = parse_version)]
    pub kubernetes_version: Option<kubeward_rules::KubeVersion>,

    /// Read this configuration file instead of looking for `.kubeward.yaml`.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Do not read a `.kubeward.yaml` configuration file.
    #[arg(long)]
    pub no_config: bool,

    /// What standard input and files named on the command line hold; directory walks always
    /// tell Dockerfiles from manifests by file name.
    #[arg(long, value_enum, value_name = "TYPE", default_value_t = InputTypeArg::Auto)]
    pub input_type: InputTypeArg,

    /// Leave paths matching GLOB out of directory walks (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// Accept a scan that finds no Kubernetes object (otherwise an input error, exit 2).
    #[arg(long)]
    pub allow_empty: bool,

    /// Files larger than this many bytes are reported as input errors and not read.
    #[arg(long, value_name = "BYTES", default_value_t = 64 * 1024 * 1024)]
    pub max_file_size: u64,

    /// List skipped documents and files.
    #[arg(long, short = 'v')]
    pub verbose: bool,

    /// List findings waived by `kubeward.io/ignore` annotations or configuration exceptions,
    /// with the reason (they never count for the exit code).
    #[arg(long)]
    pub show_suppressed: bool,

    /// Colour in text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[arg(long, short = 'f', value_enum, default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rule id, e.g. `privileged-container`.
    pub id: String,
}

fn parse_version(s: &str) -> Result<kubeward_rules::KubeVersion, String> {
    s.parse()
}

fn parse_profile(s: &str) -> Result<kubeward_rules::Profile, String> {
    s.parse()
}

fn parse_severity(s: &str) -> Result<kubeward_model::Severity, String> {
    s.parse()
}
