//! Human output: findings grouped by file, each with its source line and a marker under the
//! offending field, then input errors and a summary line. Colour only when asked (the CLI asks
//! when stdout is a terminal and `NO_COLOR` is unset).

use crate::{ReportError, ScanReport, SuppressedFinding, TextOptions};
use anstyle::{AnsiColor, Style};
use kubeward_model::{Finding, Severity};
use std::io::Write;

struct Palette {
    path: Style,
    dim: Style,
    rule: Style,
    marker: Style,
    error: Style,
}

impl Palette {
    fn new(color: bool) -> Self {
        if !color {
            let plain = Style::new();
            return Palette {
                path: plain,
                dim: plain,
                rule: plain,
                marker: plain,
                error: plain,
            };
        }
        Palette {
            path: Style::new().bold().underline(),
            dim: Style::new().dimmed(),
            rule: Style::new().fg_color(Some(AnsiColor::Cyan.into())),
            marker: Style::new().fg_color(Some(AnsiColor::Red.into())).bold(),
            error: Style::new().fg_color(Some(AnsiColor::Red.into())).bold(),
        }
    }

    fn severity(&self, color: bool, severity: Severity) -> Style {
        if !color {
            return Style::new();
        }
        let c = match severity {
            Severity::Critical => AnsiColor::BrightRed,
            Severity::High => AnsiColor::Red,
            Severity::Medium => AnsiColor::Yellow,
            Severity::Low => AnsiColor::Blue,
            Severity::Info => AnsiColor::White,
        };
        Style::new().fg_color(Some(c.into())).bold()
    }
}

fn paint(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

pub fn render(
    report: &ScanReport<'_>,
    options: TextOptions,
    out: &mut dyn Write,
) -> Result<(), ReportError> {
    let p = Palette::new(options.color);
    let mut current: Option<&str> = None;
    let mut lines: Vec<&str> = Vec::new();
    for finding in report.findings {
        if current != Some(&finding.path) {
            if current.is_some() {
                writeln!(out)?;
            }
            current = Some(&finding.path);
            writeln!(out, "{}", paint(p.path, &finding.path))?;
            lines = report
                .sources
                .get(&finding.path)
                .map(|t| t.lines().collect())
                .unwrap_or_default();
        }
        write_finding(finding, &lines, &p, options.color, out)?;
    }
    if !report.findings.is_empty() {
        writeln!(out)?;
    }
    if let Some(suppressed) = report.suppressed {
        for s in suppressed {
            write_suppressed(s, &p, options.color, out)?;
        }
        if !suppressed.is_empty() {
            writeln!(out)?;
        }
    }
    for error in report.errors {
        writeln!(out, "{}: {error}", paint(p.error, "error"))?;
    }
    if options.verbose {
        for skipped in report.skipped {
            match skipped.line {
                Some(line) => {
                    writeln!(out, "skipped: {}:{line}: {}", skipped.path, skipped.reason)?
                }
                None => writeln!(out, "skipped: {}: {}", skipped.path, skipped.reason)?,
            }
        }
    }
    writeln!(out, "{}", summary_line(report))?;
    Ok(())
}

fn write_finding(
    f: &Finding,
    lines: &[&str],
    p: &Palette,
    color: bool,
    out: &mut dyn Write,
) -> Result<(), ReportError> {
    let location = format!("{}:{}", f.line, f.column);
    let mut subject = f.object.display_name();
    if let Some(c) = &f.container {
        subject.push_str(&format!(" [{c}]"));
    }
    writeln!(
        out,
        "  {:<8} {} {} {} {}",
        location,
        paint(
            p.severity(color, f.severity),
            &format!("{:<8}", f.severity.as_str())
        ),
        paint(p.rule, f.rule_id),
        f.message,
        paint(p.dim, &format!("({subject})")),
    )?;
    let Some(source) = (f.line as usize).checked_sub(1).and_then(|i| lines.get(i)) else {
        return Ok(());
    };
    let gutter = f.line.to_string().len();
    if f.secret_in_source {
        // Quoting the line would print the secret the finding is about.
        writeln!(out, "  {} {}", " ".repeat(gutter), paint(p.dim, "|"))?;
        writeln!(
            out,
            "  {} {} {}",
            paint(p.dim, &f.line.to_string()),
            paint(p.dim, "|"),
            paint(p.dim, "(line not shown: it holds a secret)")
        )?;
        return Ok(());
    }
    writeln!(out, "  {} {}", " ".repeat(gutter), paint(p.dim, "|"))?;
    writeln!(
        out,
        "  {} {} {}",
        paint(p.dim, &f.line.to_string()),
        paint(p.dim, "|"),
        source
    )?;
    let col = f.column.saturating_sub(1) as usize;
    let prefix: String = source
        .chars()
        .take(col)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let line_len = source.chars().count();
    let width = if f.end_line == f.line && f.end_column > f.column {
        (f.end_column - f.column) as usize
    } else {
        line_len.saturating_sub(col)
    }
    .max(1);
    writeln!(
        out,
        "  {} {} {}{}",
        " ".repeat(gutter),
        paint(p.dim, "|"),
        prefix,
        paint(p.marker, &"^".repeat(width))
    )?;
    Ok(())
}

/// `suppressed: pod.yaml:11:9: critical privileged-container …` and, indented, the waiver.
fn write_suppressed(
    s: &SuppressedFinding,
    p: &Palette,
    color: bool,
    out: &mut dyn Write,
) -> Result<(), ReportError> {
    let f = &s.finding;
    let mut subject = f.object.display_name();
    if let Some(c) = &f.container {
        subject.push_str(&format!(" [{c}]"));
    }
    writeln!(
        out,
        "{}: {}:{}:{}: {} {} {} {}",
        paint(p.dim, "suppressed"),
        f.path,
        f.line,
        f.column,
        paint(p.severity(color, f.severity), f.severity.as_str()),
        paint(p.rule, f.rule_id),
        f.message,
        paint(p.dim, &format!("({subject})")),
    )?;
    writeln!(
        out,
        "  by {}: {}",
        s.suppression.describe(),
        s.suppression.reason
    )?;
    Ok(())
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `Found 3 findings (1 critical, 2 high) in 2 objects from 1 file; 1 input error; …`.
pub fn summary_line(report: &ScanReport<'_>) -> String {
    let s = report.summary;
    let mut line = if s.findings == 0 {
        "No findings".to_string()
    } else {
        let by: Vec<String> = Severity::ALL
            .iter()
            .rev()
            .filter_map(|sev| {
                let n = s.by_severity.get(sev).copied().unwrap_or(0);
                (n > 0).then(|| format!("{n} {sev}"))
            })
            .collect();
        format!(
            "Found {} ({})",
            plural(s.findings, "finding", "findings"),
            by.join(", ")
        )
    };
    line.push_str(&format!(
        " in {} from {}, {}",
        plural(s.objects, "object", "objects"),
        plural(s.files, "file", "files"),
        plural(s.rules, "rule", "rules"),
    ));
    if s.suppressed > 0 {
        line.push_str(&format!("; {} suppressed", s.suppressed));
        if report.suppressed.is_none() {
            line.push_str(" (--show-suppressed lists them)");
        }
    }
    if s.errors > 0 {
        line.push_str(&format!(
            "; {}",
            plural(s.errors, "input error", "input errors")
        ));
    }
    if s.skipped > 0 {
        line.push_str(&format!(
            "; {} (--verbose lists them)",
            plural(
                s.skipped,
                "skipped document or file",
                "skipped documents or files"
            )
        ));
    }
    if s.empty_documents > 0 {
        line.push_str(&format!(
            "; {}",
            plural(s.empty_documents, "empty document", "empty documents")
        ));
    }
    line
}
