use anyhow::Context;
use clap::Parser;
use kubeward::cli::{Cli, ColorChoice, Command, OutputFormat, RulesFormat, ScanArgs};
use kubeward::config::{self, Config};
use kubeward::scan::{ScanOptions, run_scan};
use kubeward::{ExitStatus, docs};
use kubeward_loader::{Limits, LoadOptions};
use kubeward_model::Severity;
use kubeward_report::{Format, ScanReport, TextOptions};
use kubeward_rules::Selection;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

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
            None => {
                let err = Selection {
                    select: vec![args.id],
                    ignore: vec![],
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

fn scan(args: ScanArgs) -> anyhow::Result<ExitStatus> {
    let format = match args.format {
        OutputFormat::Text => Format::Text,
        OutputFormat::Json => Format::Json,
        OutputFormat::Sarif => Format::Sarif,
        OutputFormat::Junit => Format::Junit,
    };
    let config = if args.no_config {
        Config::default()
    } else {
        let found = args
            .config
            .clone()
            .or_else(|| config::discover(&args.paths));
        match found.map(|path| config::load(&path)).transpose() {
            Ok(config) => config.unwrap_or_default(),
            Err(e) => return Ok(usage(e)),
        }
    };
    let fail_on = args.fail_on.or(config.fail_on).unwrap_or(Severity::Info);
    let select = if args.select.is_empty() {
        config.select.clone()
    } else {
        args.select.clone()
    };
    let ignore: Vec<String> = args.ignore.iter().chain(&config.ignore).cloned().collect();
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
        },
        selection: Selection { select, ignore },
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
    };
    let result = match run_scan(&options) {
        Ok(result) => result,
        Err(e) => return Ok(usage(e)),
    };
    let report = ScanReport {
        findings: &result.findings,
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
    Ok(if !result.errors.is_empty() {
        ExitStatus::InputErrors
    } else if result.summary.failing > 0 {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    })
}
