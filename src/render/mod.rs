//! Renderers: turn a [`Report`] into text. One model, several formats.

mod concise;
pub mod escape;
mod full;
mod github;
mod json;
pub mod sarif;
mod snippet;
pub mod statistics;

use std::io::{self, Write};

use serde::Serialize;

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

/// A position as JSON: 1-based line, character column, byte offset.
#[derive(Serialize)]
pub struct PositionRecord {
    pub column: usize,
    pub line: usize,
    pub offset: usize,
}

impl From<Position> for PositionRecord {
    fn from(p: Position) -> Self {
        PositionRecord {
            column: p.column,
            line: p.line,
            offset: p.offset,
        }
    }
}

/// A secondary label as JSON.
#[derive(Serialize)]
pub struct LabelRecord<'a> {
    pub end: PositionRecord,
    pub file: &'a str,
    pub message: &'a str,
    pub start: PositionRecord,
}

/// One diagnostic as JSON (shared by `json` and `json-lines`), serialized straight to the
/// output. Fields are in alphabetical order, the order of the published examples.
#[derive(Serialize)]
pub struct DiagnosticRecord<'a> {
    pub code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concept: Option<&'a str>,
    pub end: PositionRecord,
    pub file: &'a str,
    pub help: Option<&'a str>,
    pub label: &'a str,
    pub labels: Vec<LabelRecord<'a>>,
    pub message: &'a str,
    pub notes: &'a [String],
    pub rule: &'static str,
    pub severity: &'static str,
    pub start: PositionRecord,
    pub url: String,
}

impl<'a> DiagnosticRecord<'a> {
    pub fn new(report: &'a Report, d: &'a Diagnostic) -> Self {
        let (start, end) = primary_range(report, d);
        let labels = d
            .secondary
            .iter()
            .map(|l| {
                let f = &report.files[label_file(d, l).0];
                LabelRecord {
                    end: f.position(l.span.end).into(),
                    file: &f.path,
                    message: &l.message,
                    start: f.position(l.span.start).into(),
                }
            })
            .collect();
        DiagnosticRecord {
            code: d.rule.code,
            concept: d.concept.as_deref(),
            end: end.into(),
            file: &report.files[d.file.0].path,
            help: d.help.as_deref(),
            label: &d.primary.message,
            labels,
            message: &d.message,
            notes: &d.notes,
            rule: d.rule.name,
            severity: d.severity.as_str(),
            start: start.into(),
            url: d.rule.url(),
        }
    }
}

/// Writes `value` pretty-printed, every line after the first indented by `indent`
/// (JSON strings hold no raw newline, so every newline is between tokens).
fn write_indented(out: &mut dyn Write, value: &impl Serialize, indent: &str) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    out.write_all(text.replace('\n', &format!("\n{indent}")).as_bytes())
}

/// Writes the elements of a pretty-printed array whose `[` was just written on a line
/// indented by `indent`, one element at a time, and the closing `]`.
fn write_array<T: Serialize>(
    out: &mut dyn Write,
    items: impl Iterator<Item = T>,
    indent: &str,
) -> io::Result<()> {
    let inner = format!("{indent}  ");
    let mut first = true;
    for item in items {
        write!(out, "{}\n{inner}", if first { "" } else { "," })?;
        first = false;
        write_indented(out, &item, &inner)?;
    }
    if first {
        out.write_all(b"]")
    } else {
        write!(out, "\n{indent}]")
    }
}
