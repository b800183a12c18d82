//! GitHub Actions workflow commands (`::error file=…,line=…::message`).
//!
//! Escaping follows GitHub's toolkit (`@actions/core` `command.ts`): in the message `%`, CR
//! and LF become `%25`, `%0D`, `%0A`; in property values `:` and `,` are escaped too
//! (`%3A`, `%2C`). GitHub shows at most 10 annotations of each level per step; the rest are
//! printed as plain log lines after a summary notice, so nothing is lost.

use std::io::{self, Write};

use super::{concise, primary_range};
use crate::diagnostic::Severity;
use crate::engine::Report;

/// Annotations GitHub displays per level and step.
pub const ANNOTATIONS_PER_LEVEL: usize = 10;

/// Escapes a command's message. Other control characters (a document's `ESC [31m`) and
/// bidirectional overrides are shown as `\u{1b}`, as in the terminal formats: the Actions
/// log would otherwise interpret them.
pub fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            '\t' => out.push(' '),
            c if c.is_control()
                || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') =>
            {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut shown = [0usize; 3];
    let mut overflow = Vec::new();
    for d in &report.diagnostics {
        let (level, slot) = match d.severity {
            Severity::Error => ("error", 0),
            Severity::Warning => ("warning", 1),
            Severity::Info => ("notice", 2),
        };
        if shown[slot] >= ANNOTATIONS_PER_LEVEL {
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
            // A log line that starts with `::` would be read as a command: indent every line.
            writeln!(out, "  {}", concise::line(report, d))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
