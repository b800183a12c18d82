//! `json` and `json-lines`, written diagnostic by diagnostic: the output never exists as a
//! whole in memory.

use std::io::{self, Write};

use serde::Serialize;

use super::{counts, write_array, write_indented, DiagnosticRecord};
use crate::engine::Report;

/// Version of the JSON output; bumped on incompatible changes. Schema: `schemas/report.schema.json`.
pub const JSON_VERSION: u32 = 1;

#[derive(Serialize)]
struct Summary {
    diagnostics: usize,
    errors: usize,
    file_errors: usize,
    files: usize,
    infos: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct FileErrorRecord<'a> {
    file: &'a str,
    message: &'a str,
}

/// One JSON document: `{"diagnostics", "errors", "summary", "version"}`, laid out as
/// `serde_json`'s pretty printer lays it out.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(b"{\n  \"diagnostics\": [")?;
    write_array(
        out,
        report
            .diagnostics
            .iter()
            .map(|d| DiagnosticRecord::new(report, d)),
        "  ",
    )?;
    out.write_all(b",\n  \"errors\": [")?;
    write_array(
        out,
        report.errors.iter().map(|e| FileErrorRecord {
            file: &e.path,
            message: &e.message,
        }),
        "  ",
    )?;
    let (errors, warnings, infos) = counts(report);
    let summary = Summary {
        diagnostics: report.diagnostics.len(),
        errors,
        file_errors: report.errors.len(),
        files: report.files.len(),
        infos,
        warnings,
    };
    out.write_all(b",\n  \"summary\": ")?;
    write_indented(out, &summary, "  ")?;
    writeln!(out, ",\n  \"version\": {JSON_VERSION}\n}}")
}

/// One diagnostic object per line; nothing else (easy to stream into `jq -c`).
pub fn render_lines(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for d in &report.diagnostics {
        serde_json::to_writer(&mut *out, &DiagnosticRecord::new(report, d))?;
        writeln!(out)?;
    }
    Ok(())
}
