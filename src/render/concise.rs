use std::io::{self, Write};

use super::{escape_terminal, primary_range};
use crate::engine::Report;

/// `path:line:col: severity[code] message`, one per line.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for d in &report.diagnostics {
        writeln!(out, "{}", line(report, d))?;
    }
    Ok(())
}

pub fn line(report: &Report, d: &crate::diagnostic::Diagnostic) -> String {
    let (start, _) = primary_range(report, d);
    format!(
        "{}:{}:{}: {}[{}] {}",
        escape_terminal(&report.files[d.file.0].path),
        start.line,
        start.column,
        d.severity.as_str(),
        d.rule.code,
        escape_terminal(&d.message)
    )
}
