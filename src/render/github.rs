//! GitHub Actions workflow commands (`::error file=…,line=…::message`).
//!
//! Escaping follows GitHub's toolkit (`@actions/core` `command.ts`): in the message `%`, CR
//! and LF become `%25`, `%0D`, `%0A`; in property values `:` and `,` are escaped too
//! (`%3A`, `%2C`). GitHub shows at most 10 annotations of each level per step; the rest are
//! printed as plain log lines after a summary notice (which takes one of the 10 notice
//! slots), so nothing is lost.
//!
//! The runner reads a log line as a command when it starts with `::` after leading
//! whitespace is trimmed, and (legacy form) when it contains `##[` anywhere
//! (`actions/runner` `ActionCommand.TryParseV2` / `TryParse`). Plain lines therefore start
//! with `- ` and have `##[` escaped as `##%5B`, so document text cannot issue commands.

use std::io::{self, Write};

use super::escape::{escape_terminal, is_hidden};
use super::{concise, primary_range};
use crate::diagnostic::Severity;
use crate::engine::Report;

/// Annotations GitHub displays per level and step.
pub const ANNOTATIONS_PER_LEVEL: usize = 10;

/// Escapes a command's message. Other hidden characters (a document's `ESC [31m`,
/// bidirectional controls, zero-width characters, line separators; see
/// [`super::escape::is_hidden`]) are shown as `\u{1b}`, as in the terminal formats: the
/// Actions log would otherwise interpret them or hide them.
pub fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if is_hidden(c) => out.push_str(&escape_terminal(c.encode_utf8(&mut [0; 4]))),
            c => out.push(c),
        }
    }
    out
}

pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn slot(severity: Severity) -> usize {
    match severity {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut totals = [0usize; 3];
    for d in &report.diagnostics {
        totals[slot(d.severity)] += 1;
    }
    let mut limits = [ANNOTATIONS_PER_LEVEL; 3];
    if totals.iter().any(|&n| n > ANNOTATIONS_PER_LEVEL) {
        // The summary notice needs a notice slot of its own.
        limits[2] -= 1;
    }
    let mut shown = [0usize; 3];
    let mut overflow = Vec::new();
    for d in &report.diagnostics {
        let slot = slot(d.severity);
        let level = ["error", "warning", "notice"][slot];
        if shown[slot] >= limits[slot] {
            overflow.push(d);
            continue;
        }
        shown[slot] += 1;
        let (start, end) = primary_range(report, d);
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        writeln!(
            out,
            "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            level,
            escape_property(&report.files[d.file.0].path),
            start.line,
            start.column,
            end.line,
            end.column,
            escape_property(&format!("policylint {} ({})", d.rule.name, d.rule.code)),
            escape_data(&message)
        )?;
    }
    if !overflow.is_empty() {
        writeln!(
            out,
            "::notice title={}::{}",
            escape_property("policylint"),
            escape_data(&format!(
                "{} more findings are not shown as annotations (GitHub shows {} per level per step); they are listed in the log",
                overflow.len(),
                ANNOTATIONS_PER_LEVEL
            ))
        )?;
        for d in overflow {
            writeln!(out, "{}", plain_line(&concise::line(report, d)))?;
        }
    }
    Ok(())
}

/// A log line the runner does not read as a command: it starts with `- ` (the runner trims
/// leading whitespace before looking for `::`) and contains no `##[`.
fn plain_line(text: &str) -> String {
    format!("- {}", text.replace("##[", "##%5B"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_lines_cannot_be_commands() {
        assert_eq!(
            plain_line("::error::x ##[set-output name=a;]b"),
            "- ::error::x ##%5Bset-output name=a;]b"
        );
    }

    #[test]
    fn escapes_as_github_documents() {
        assert_eq!(
            escape_data("50%\r\n::set-output"),
            "50%25%0D%0A::set-output"
        );
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(escape_data("[x\u{1b}[31m]"), "[x\\u{1b}[31m]");
    }
}
