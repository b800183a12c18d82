use std::io::{self, Write};

use codespan_reporting::diagnostic::{
    Diagnostic as CsDiagnostic, Label as CsLabel, Severity as CsSeverity,
};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::termcolor::{Ansi, NoColor, WriteColor};
use codespan_reporting::term::{self, Config};

use super::escape_terminal;
use crate::diagnostic::Severity;
use crate::engine::{label_file, Report};

/// rustc-style output through codespan-reporting.
pub fn render(report: &Report, color: bool, out: &mut dyn Write) -> io::Result<()> {
    let mut files = SimpleFiles::new();
    for f in &report.files {
        // Echoed source lines are escaped like messages (no terminal control sequences).
        files.add(escape_terminal(&f.path), sanitize_source(&f.text));
    }
    let bytes = if color {
        let mut w = Ansi::new(Vec::new());
        emit_all(report, &files, &mut w)?;
        w.into_inner()
    } else {
        let mut w = NoColor::new(Vec::new());
        emit_all(report, &files, &mut w)?;
        w.into_inner()
    };
    out.write_all(&bytes)?;
    write_summary(report, out)
}

fn emit_all<W: WriteColor>(
    report: &Report,
    files: &SimpleFiles<String, String>,
    w: &mut W,
) -> io::Result<()> {
    let config = Config::default();
    for d in &report.diagnostics {
        let severity = match d.severity {
            Severity::Error => CsSeverity::Error,
            Severity::Warning => CsSeverity::Warning,
            Severity::Info => CsSeverity::Note,
        };
        let mut labels = vec![CsLabel::primary(d.file.0, d.primary.span.clone())
            .with_message(escape_terminal(&d.primary.message))];
        for l in &d.secondary {
            labels.push(
                CsLabel::secondary(label_file(d, l).0, l.span.clone())
                    .with_message(escape_terminal(&l.message)),
            );
        }
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
        term::emit(w, &config, files, &cs).map_err(io::Error::other)?;
    }
    Ok(())
}

/// Replaces control characters other than line endings and tabs with spaces so that quoted
/// source lines cannot send escape sequences to the terminal. Control characters are one
/// byte, so byte offsets stay valid.
fn sanitize_source(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\n' | '\r' | '\t') || !c.is_control() {
            out.push(c);
        } else {
            // C0 controls are one byte, C1 controls two: keep the byte length.
            out.extend(std::iter::repeat(' ').take(c.len_utf8()));
        }
    }
    out
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
