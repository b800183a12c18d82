use std::io::{self, Write};

use codespan_reporting::diagnostic::{
    Diagnostic as CsDiagnostic, Label as CsLabel, Severity as CsSeverity,
};
use codespan_reporting::term::termcolor::{Ansi, NoColor, WriteColor};
use codespan_reporting::term::{self, Config};

use super::escape::escape_terminal;
use super::snippet::{LabelSpan, Snippets};
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::{label_file, Report};

/// rustc-style output through codespan-reporting, written diagnostic by diagnostic.
pub fn render(report: &Report, color: bool, out: &mut dyn Write) -> io::Result<()> {
    if color {
        emit_all(report, &mut Ansi::new(&mut *out))?;
    } else {
        emit_all(report, &mut NoColor::new(&mut *out))?;
    }
    write_summary(report, out)
}

fn emit_all<W: WriteColor>(report: &Report, w: &mut W) -> io::Result<()> {
    let config = Config::default();
    for d in &report.diagnostics {
        emit(report, d, &config, w)?;
    }
    Ok(())
}

/// One diagnostic. Its source lines come from a stand-in source per file that holds only
/// the lines shown, escaped and cut to a window (see `snippet`).
fn emit<W: WriteColor>(
    report: &Report,
    d: &Diagnostic,
    config: &Config,
    w: &mut W,
) -> io::Result<()> {
    let severity = match d.severity {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Info => CsSeverity::Note,
    };
    let mut spans = vec![LabelSpan {
        file: d.file.0,
        span: d.primary.span.clone(),
    }];
    spans.extend(d.secondary.iter().map(|l| LabelSpan {
        file: label_file(d, l).0,
        span: l.span.clone(),
    }));
    let (snippets, moved) = Snippets::new(&report.files, &spans);
    let messages =
        std::iter::once(&d.primary.message).chain(d.secondary.iter().map(|l| &l.message));
    let labels: Vec<CsLabel<usize>> = moved
        .into_iter()
        .zip(messages)
        .enumerate()
        .map(|(i, ((file, span), message))| {
            let label = if i == 0 {
                CsLabel::primary(file, span)
            } else {
                CsLabel::secondary(file, span)
            };
            label.with_message(escape_terminal(message))
        })
        .collect();
    let mut notes: Vec<String> = d
        .notes
        .iter()
        .map(|n| format!("note: {}", escape_terminal(n)))
        .collect();
    if let Some(help) = &d.help {
        notes.push(format!("help: {}", escape_terminal(help)));
    }
    notes.push(format!(
        "rule: {} (`policylint explain {}`)",
        d.rule.name, d.rule.name
    ));
    let cs = CsDiagnostic::new(severity)
        .with_code(d.rule.code)
        .with_message(escape_terminal(&d.message))
        .with_labels(labels)
        .with_notes(notes);
    term::emit(w, config, &snippets, &cs).map_err(io::Error::other)
}
fn write_summary(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    write_counts(report, out)?;
    if !report.errors.is_empty() {
        let n = report.errors.len();
        writeln!(
            out,
            "policylint: {} {} could not be linted (see the errors above)",
            n,
            plural(n, "file", "files")
        )?;
    }
    Ok(())
}

fn write_counts(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let (e, w, i) = super::counts(report);
    let files = report.files.len();
    if e + w + i == 0 {
        writeln!(
            out,
            "policylint: no problems found in {} {}",
            files,
            plural(files, "file", "files")
        )
    } else {
        writeln!(
            out,
            "policylint: {} {}, {} {}, {} {} in {} {}",
            e,
            plural(e, "error", "errors"),
            w,
            plural(w, "warning", "warnings"),
            i,
            plural(i, "info", "infos"),
            files,
            plural(files, "file", "files")
        )
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}
