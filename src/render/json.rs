use std::io::{self, Write};

use serde_json::{json, Value};

use super::{counts, diagnostic_json};
use crate::engine::Report;

/// Version of the JSON output; bumped on incompatible changes. Schema: `schemas/report.schema.json`.
pub const JSON_VERSION: u32 = 1;

fn summary(report: &Report) -> Value {
    let (errors, warnings, infos) = counts(report);
    json!({
        "files": report.files.len(),
        "diagnostics": report.diagnostics.len(),
        "errors": errors,
        "warnings": warnings,
        "infos": infos,
        "file_errors": report.errors.len(),
    })
}

fn file_errors(report: &Report) -> Value {
    report
        .errors
        .iter()
        .map(|e| json!({ "file": e.path, "message": e.message }))
        .collect()
}

/// One JSON document: `{"version", "diagnostics", "errors", "summary"}`.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let doc = json!({
        "version": JSON_VERSION,
        "diagnostics": report.diagnostics.iter().map(|d| diagnostic_json(report, d)).collect::<Vec<_>>(),
        "errors": file_errors(report),
        "summary": summary(report),
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// One diagnostic object per line; nothing else (easy to stream into `jq -c`).
pub fn render_lines(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for d in &report.diagnostics {
        serde_json::to_writer(&mut *out, &diagnostic_json(report, d))?;
        writeln!(out)?;
    }
    Ok(())
}
