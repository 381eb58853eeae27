use anyhow::Context;
use clap::Parser;
use kubeward::cli::{Cli, ColorChoice, Command, InputTypeArg, OutputFormat, RulesFormat, ScanArgs};
use kubeward::config::{self, Config};
use kubeward::scan::{ScanOptions, run_scan};
use kubeward::{ExitStatus, docs};
use kubeward_loader::{InputType, Limits, LoadOptions};
use kubeward_model::Severity;
use kubeward_report::{Format, ScanReport, TextOptions};
use kubeward_rules::Selection;
use kubeward_rules::suppress::{Date, Policy, suppression_check};
use std::collections::BTreeSet;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => 0,
                _ => ExitStatus::Usage as u8,
            });
        }
    };
    match run(cli) {
        Ok(status) => ExitCode::from(status as u8),
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::from(ExitStatus::Clean as u8);
            }
            eprintln!("kubeward: error: {e:#}");
            ExitCode::from(ExitStatus::Internal as u8)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn usage(message: impl std::fmt::Display) -> ExitStatus {
    eprintln!("kubeward: usage error: {message}");
    ExitStatus::Usage
}

fn run(cli: Cli) -> anyhow::Result<ExitStatus> {
    match cli.command {
        Command::Scan(args) => scan(args),
        Command::Rbac(args) => kubeward::rbac_cmd::run(args),
        Command::Netpol(args) => kubeward::netpol_cmd::run(args),
        Command::Rules(args) => {
            let text = match args.format {
                RulesFormat::Text => docs::rules_text(),
                RulesFormat::Json => docs::rules_json() + "\n",
                RulesFormat::Markdown => docs::rules_markdown(),
            };
            std::io::stdout().write_all(text.as_bytes())?;
            Ok(ExitStatus::Clean)
        }
        Command::Explain(args) => match kubeward_rules::find_rule(&args.id) {
            Some(rule) => {
                std::io::stdout().write_all(docs::explain(rule.meta()).as_bytes())?;
                Ok(ExitStatus::Clean)
            }
            None if suppression_check(&args.id).is_some() => {
                let meta = suppression_check(&args.id).map(docs::explain);
                std::io::stdout().write_all(meta.unwrap_or_default().as_bytes())?;
                Ok(ExitStatus::Clean)
            }
            None => {
                let err = Selection {
                    select: vec![args.id],
                    ignore: vec![],
                    ..Selection::default()
                }
                .resolve()
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
                Ok(usage(err))
            }
        },
    }
}

/// The configuration's severity overrides and waivers, with `checks_off` (suppression checks
/// named in `ignore`) turned off. Exception paths are relative to the configuration file's
/// directory; expiry dates are compared with today (UTC).
fn scan_policy(
    config: &Config,
    path: Option<&Path>,
    checks_off: BTreeSet<&'static str>,
) -> Result<Policy, String> {
    let source = path.map(config::display_path).unwrap_or_default();
    let root = path
        .and_then(|p| std::fs::canonicalize(p).ok())
        .and_then(|p| p.parent().map(Path::to_path_buf));
    let mut policy = config
        .policy(Arc::from(source.as_str()), root, Date::today_utc())
        .map_err(|e| format!("{source}: invalid configuration: {e}"))?;
    policy.disabled = checks_off;
    Ok(policy)
}

fn scan(args: ScanArgs) -> anyhow::Result<ExitStatus> {
    let format = match args.format {
        OutputFormat::Text => Format::Text,
        OutputFormat::Json => Format::Json,
        OutputFormat::Sarif => Format::Sarif,
        OutputFormat::Junit => Format::Junit,
    };
    let (config, config_path) = if args.no_config {
        (Config::default(), None)
    } else {
        let found = args
            .config
            .clone()
            .or_else(|| config::discover(&args.paths));
        match found
            .map(|path| config::load(&path).map(|c| (c, path)))
            .transpose()
        {
            Ok(Some((config, path))) => (config, Some(path)),
            Ok(None) => (Config::default(), None),
            Err(e) => return Ok(usage(e)),
        }
    };
    let fail_on = args.fail_on.or(config.fail_on).unwrap_or(Severity::Info);
    // A command-line `--select` or `--profile` wins over the file's `select:`; a selection
    // replaces the profile (kubeward_rules::profiles documents the precedence).
    let select = if !args.select.is_empty() {
        args.select.clone()
    } else if args.profile.is_some() {
        Vec::new()
    } else {
        config.select.clone()
    };
    let profile = args.profile.or(config.profile).unwrap_or_default();
    let ignore: Vec<String> = args.ignore.iter().chain(&config.ignore).cloned().collect();
    // `ignore` may name suppression checks (`unused-suppression`) as well as rules.
    let (ignore, checks_off) = config::split_ignore(&ignore);
    let policy = match scan_policy(&config, config_path.as_deref(), checks_off) {
        Ok(policy) => policy,
        Err(e) => return Ok(usage(e)),
    };
    let excludes: Vec<String> = args
        .exclude
        .iter()
        .chain(&config.exclude)
        .cloned()
        .collect();
    let options = ScanOptions {
        paths: args.paths.clone(),
        load: LoadOptions {
            limits: Limits {
                max_file_size: args.max_file_size,
                ..Limits::default()
            },
            excludes,
            input_type: match args.input_type {
                InputTypeArg::Auto => InputType::Auto,
                InputTypeArg::Kubernetes => InputType::Kubernetes,
                InputTypeArg::Dockerfile => InputType::Dockerfile,
            },
        },
        selection: Selection {
            select,
            ignore,
            profile,
        },
        settings: {
            let mut settings = config.settings.clone();
            if let Some(version) = args.kubernetes_version {
                settings.kubernetes_version = version;
            }
            settings
        },
        fail_on: Some(fail_on),
        allow_empty: args.allow_empty,
        keep_sources: format == Format::Text,
        policy,
    };
    let result = match run_scan(&options) {
        Ok(result) => result,
        Err(e) => return Ok(usage(e)),
    };
    if result.rules.is_empty() {
        // Not an error (a profile may have no rules yet), but never silent.
        if options.selection.select.is_empty() && profile.rules().is_empty() {
            eprintln!(
                "kubeward: note: the `{profile}` profile has no rules yet, so nothing was checked"
            );
        } else {
            eprintln!("kubeward: note: no rule is selected, so nothing was checked");
        }
    }
    let report = ScanReport {
        findings: &result.findings,
        suppressed: args.show_suppressed.then_some(result.suppressed.as_slice()),
        errors: &result.errors,
        skipped: &result.skipped,
        summary: &result.summary,
        rules: &result.rules,
        objects: &result.objects,
        sources: &result.sources,
        fail_on,
    };
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none(),
    };
    let text = TextOptions {
        color,
        verbose: args.verbose,
    };
    match &args.output {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            let mut out = std::io::BufWriter::new(file);
            kubeward_report::render(format, &report, text, &mut out)?;
            out.flush()?;
            if format != Format::Text {
                eprintln!("{}", kubeward_report::text::summary_line(&report));
            }
        }
        None => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            kubeward_report::render(format, &report, text, &mut out)?;
            out.flush()?;
        }
    }
    let status = if !result.errors.is_empty() {
        ExitStatus::InputErrors
    } else if result.summary.failing > 0 {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    };
    // The process exits next: handing every finding and retained object tree back to the
    // allocator one by one would only delay the exit (tens of milliseconds on a large scan).
    std::mem::forget(result);
    Ok(status)
}
