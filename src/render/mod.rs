//! Renderers: turn a [`Report`] into text. One model, several formats.

mod concise;
pub mod escape;
mod full;
mod github;
mod json;
pub mod sarif;
mod snippet;

use std::io::{self, Write};

use serde_json::{json, Value};

pub use escape::escape_terminal;

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::line_index::Position;
use crate::engine::{label_file, Report};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Full,
    Concise,
    Json,
    JsonLines,
    Github,
    Sarif,
}

/// Writes the report in a format. `color` only affects `Full`.
pub fn render(
    report: &Report,
    format: OutputFormat,
    color: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Full => full::render(report, color, out),
        OutputFormat::Concise => concise::render(report, out),
        OutputFormat::Json => json::render(report, out),
        OutputFormat::JsonLines => json::render_lines(report, out),
        OutputFormat::Github => github::render(report, out),
        OutputFormat::Sarif => sarif::render(report, out),
    }
}

/// Start and end positions of a diagnostic's primary span.
pub fn primary_range(report: &Report, d: &Diagnostic) -> (Position, Position) {
    let f = &report.files[d.file.0];
    (
        f.position(d.primary.span.start),
        f.position(d.primary.span.end),
    )
}

/// Counts by severity: (errors, warnings, infos).
pub fn counts(report: &Report) -> (usize, usize, usize) {
    let mut c = (0, 0, 0);
    for d in &report.diagnostics {
        match d.severity {
            Severity::Error => c.0 += 1,
            Severity::Warning => c.1 += 1,
            Severity::Info => c.2 += 1,
        }
    }
    c
}

fn pos_json(p: Position) -> Value {
    json!({ "line": p.line, "column": p.column, "offset": p.offset })
}

/// The JSON object of one diagnostic (shared by `json`, `json-lines`).
pub fn diagnostic_json(report: &Report, d: &Diagnostic) -> Value {
    let (start, end) = primary_range(report, d);
    let labels: Vec<Value> = d
        .secondary
        .iter()
        .map(|l| {
            let f = &report.files[label_file(d, l).0];
            json!({
                "file": f.path,
                "message": l.message,
                "start": pos_json(f.position(l.span.start)),
                "end": pos_json(f.position(l.span.end)),
            })
        })
        .collect();
    let mut obj = json!({
        "rule": d.rule.name,
        "code": d.rule.code,
        "severity": d.severity.as_str(),
        "message": d.message,
        "file": report.files[d.file.0].path,
        "start": pos_json(start),
        "end": pos_json(end),
        "label": d.primary.message,
        "labels": labels,
        "notes": d.notes,
        "help": d.help,
        "url": d.rule.url(),
    });
    if let Some(concept) = &d.concept {
        obj["concept"] = json!(concept);
    }
    obj
}
