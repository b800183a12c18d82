//! SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), the format GitHub code
//! scanning and other dashboards ingest.
//!
//! One run: the tool with every rule (so a dashboard can show the documentation of rules
//! that found nothing), one result per diagnostic, and the run's file errors as tool
//! execution notifications. Columns are UTF-16 code units, SARIF's default `columnKind`
//! (stated explicitly in the run). Artifact URIs are the reported paths, relative where the
//! input was relative (forward slashes, percent-encoded); absolute paths become `file://`
//! URIs, or relative ones when they lie under the current folder.
//!
//! `partialFingerprints` hold a hash of the rule code, the file and the finding's line text
//! (whitespace-normalised) plus an occurrence number, so results keep their identity when
//! lines are inserted above them.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;

use serde_json::{json, Value};

use super::{write_array, write_indented};
use crate::diagnostic::{Diagnostic, FileId, Severity};
use crate::engine::{label_file, Report, SourceFile};
use crate::registry;
use crate::rule::RuleMeta;

pub const SARIF_VERSION: &str = "2.1.0";
pub const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
/// The `partialFingerprints` key of policylint's line fingerprint.
pub const FINGERPRINT_KEY: &str = "policylintLineHash/v1";

/// SARIF's name for a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Writes the SARIF log, one result at a time.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let cwd = std::env::current_dir().ok();
    render_to(report, cwd.as_deref(), out)
}

/// The SARIF log, laid out as `serde_json`'s pretty printer lays it out (keys in
/// alphabetical order). `cwd` turns absolute paths under it into relative URIs.
pub fn render_to(report: &Report, cwd: Option<&Path>, out: &mut dyn Write) -> io::Result<()> {
    let rules: Vec<&'static RuleMeta> = registry::all().collect();
    let rule_index: HashMap<&str, usize> =
        rules.iter().enumerate().map(|(i, m)| (m.code, i)).collect();
    let uris: Vec<String> = report
        .files
        .iter()
        .map(|f| artifact_uri(&f.path, cwd))
        .collect();

    let notifications: Vec<Value> = report
        .errors
        .iter()
        .map(|e| notification("error", &e.path, &e.message, cwd))
        .chain(
            report
                .warnings
                .iter()
                .map(|w| notification("warning", &w.path, &w.message, cwd)),
        )
        .collect();
    let invocations = json!([{
        "executionSuccessful": report.errors.is_empty(),
        "toolExecutionNotifications": notifications,
    }]);
    let tool = json!({
        "driver": {
            "informationUri": crate::REPOSITORY_URL,
            "name": "policylint",
            "rules": rules.iter().map(|m| rule_descriptor(m)).collect::<Vec<_>>(),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "version": env!("CARGO_PKG_VERSION"),
        }
    });

    write!(
        out,
        "{{\n  \"$schema\": {},\n  \"runs\": [\n    {{\n      \"columnKind\": \"utf16CodeUnits\",\n      \"invocations\": ",
        serde_json::to_string(SARIF_SCHEMA)?
    )?;
    write_indented(out, &invocations, "      ")?;
    out.write_all(b",\n      \"results\": [")?;
    let mut occurrences: HashMap<String, usize> = HashMap::new();
    // Findings on one (possibly very long) line share its hash: computed once.
    let mut hashes: HashMap<(&str, usize, usize), String> = HashMap::new();
    let results = report.diagnostics.iter().map(move |d| {
        let file = &report.files[d.file.0];
        let line = file.line_of(d.primary.span.start);
        let line_hash = hashes
            .entry((d.rule.code, d.file.0, line))
            .or_insert_with(|| {
                line_fingerprint(d.rule.code, &file.path, file, d.primary.span.start)
            })
            .clone();
        let n = occurrences.entry(line_hash.clone()).or_insert(0);
        *n += 1;
        result(report, &uris, &rule_index, d, format!("{line_hash}:{n}"))
    });
    write_array(out, results, "      ")?;
    out.write_all(b",\n      \"tool\": ")?;
    write_indented(out, &tool, "      ")?;
    writeln!(
        out,
        "\n    }}\n  ],\n  \"version\": {}\n}}",
        serde_json::to_string(SARIF_VERSION)?
    )
}

fn rule_descriptor(m: &RuleMeta) -> Value {
    let markdown = m.explanation_text();
    let what = section(&markdown, "What it does")
        .map(|s| markdown_to_text(&s))
        .unwrap_or_else(|| capitalize(m.summary));
    let mut tags = vec!["policylint", m.category.as_str()];
    tags.extend(m.requires_jurisdiction.iter().copied());
    json!({
        "id": m.code,
        "name": m.name,
        "shortDescription": { "text": capitalize(m.summary) },
        "fullDescription": { "text": what },
        "help": { "text": markdown_to_text(&markdown), "markdown": markdown },
        "helpUri": m.url(),
        "defaultConfiguration": { "level": level(m.default_severity) },
        "properties": { "tags": tags },
    })
}

fn result(
    report: &Report,
    uris: &[String],
    rule_index: &HashMap<&str, usize>,
    d: &Diagnostic,
    fingerprint: String,
) -> Value {
    let mut text = d.message.clone();
    for note in &d.notes {
        text.push_str("\nnote: ");
        text.push_str(note);
    }
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let mut primary = location(report, uris, d.file, &d.primary.span);
    if !d.primary.message.is_empty() {
        primary["message"] = json!({ "text": d.primary.message });
    }
    let related: Vec<Value> = d
        .secondary
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let mut loc = location(report, uris, label_file(d, l), &l.span);
            loc["id"] = json!(i + 1);
            loc["message"] = json!({ "text": l.message });
            loc
        })
        .collect();
    let mut value = json!({
        "ruleId": d.rule.code,
        "ruleIndex": rule_index.get(d.rule.code).copied().unwrap_or(0),
        "level": level(d.severity),
        "message": { "text": text },
        "locations": [primary],
        "partialFingerprints": { FINGERPRINT_KEY: fingerprint },
    });
    if !related.is_empty() {
        value["relatedLocations"] = json!(related);
    }
    value
}

fn location(
    report: &Report,
    uris: &[String],
    file: FileId,
    span: &std::ops::Range<usize>,
) -> Value {
    let f = &report.files[file.0];
    let (start_line, start_col) = f.utf16_position(span.start);
    let (end_line, end_col) = f.utf16_position(span.end.max(span.start));
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uris[file.0] },
            "region": {
                "startLine": start_line + 1,
                "startColumn": start_col + 1,
                "endLine": end_line + 1,
                "endColumn": end_col + 1,
            }
        }
    })
}

fn notification(level: &str, path: &str, message: &str, cwd: Option<&Path>) -> Value {
    json!({
        "level": level,
        "message": { "text": format!("{path}: {message}") },
        "locations": [{
            "physicalLocation": { "artifactLocation": { "uri": artifact_uri(path, cwd) } }
        }],
    })
}

/// The `partialFingerprints` hash: FNV-1a (stable across Rust versions, unlike std's
/// hasher) over the rule code, the path and the whitespace-normalised text of the line the
/// finding starts on. Line numbers are not part of it.
pub fn line_fingerprint(code: &str, path: &str, file: &SourceFile, offset: usize) -> String {
    let text = file.line(file.line_of(offset)).map_or("", |(_, text)| text);
    let normalized = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let path = path.replace('\\', "/");
    let mut hash = Fnv64::new();
    for part in [code, "\0", path.as_str(), "\0", normalized.as_str()] {
        hash.write(part.as_bytes());
    }
    format!("{:016x}", hash.0)
}

struct Fnv64(u64);

impl Fnv64 {
    fn new() -> Self {
        Fnv64(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

/// A reported path as a SARIF artifact URI: a relative reference with forward slashes and
/// percent-encoding, or a `file://` URI for an absolute path outside `cwd`.
pub fn artifact_uri(path: &str, cwd: Option<&Path>) -> String {
    let p = Path::new(path);
    if p.is_absolute() {
        if let Some(rel) = cwd.and_then(|c| p.strip_prefix(c).ok()) {
            if !rel.as_os_str().is_empty() {
                return encode_path(&rel.to_string_lossy());
            }
        }
        let mut s = path.to_string();
        if cfg!(windows) {
            s = s.replace('\\', "/");
        }
        if !s.starts_with('/') {
            s.insert(0, '/'); // `C:/x` → `/C:/x`
        }
        return format!("file://{}", encode_path(&s));
    }
    encode_path(path.strip_prefix("./").unwrap_or(path))
}

/// Percent-encodes everything but RFC 3986 unreserved characters, `/`, and the drive colon
/// of Windows paths.
fn encode_path(path: &str) -> String {
    let path = if cfg!(windows) {
        path.replace('\\', "/")
    } else {
        path.to_string()
    };
    let mut out = String::with_capacity(path.len());
    for (i, b) in path.bytes().enumerate() {
        let drive_colon = b == b':'
            && cfg!(windows)
            && (i == 1 || i == 2 && path.starts_with('/'))
            && path.as_bytes()[i - 1].is_ascii_alphabetic();
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') || drive_colon
        {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The body of a `## Heading` section of a rule's documentation.
fn section(markdown: &str, heading: &str) -> Option<String> {
    let start = markdown.find(&format!("## {heading}\n"))? + heading.len() + 4;
    let body = &markdown[start..];
    let end = body.find("\n## ").unwrap_or(body.len());
    let text = body[..end].trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// Plain text of the documentation: headings without `#`, paragraphs joined into single
/// lines, code blocks kept verbatim and indented.
fn markdown_to_text(markdown: &str) -> String {
    let mut out = String::new();
    let mut in_code = false;
    let mut in_paragraph = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            if in_paragraph {
                out.push('\n');
                in_paragraph = false;
            }
            continue;
        }
        if in_code {
            out.push_str("    ");
            out.push_str(line);
            out.push('\n');
        } else if line.trim().is_empty() {
            if in_paragraph {
                out.push('\n');
                in_paragraph = false;
            }
            out.push('\n');
        } else if let Some(heading) = line.strip_prefix("## ").or_else(|| line.strip_prefix("# ")) {
            if in_paragraph {
                out.push('\n');
                in_paragraph = false;
            }
            out.push_str(heading);
            out.push('\n');
        } else if in_paragraph && !line.trim_start().starts_with("- ") {
            out.push(' ');
            out.push_str(line.trim());
        } else {
            if in_paragraph {
                out.push('\n');
            }
            out.push_str(line.trim_end());
            in_paragraph = true;
        }
    }
    let mut text = out.trim_end().to_string();
    while text.contains("\n\n\n") {
        text = text.replace("\n\n\n", "\n\n");
    }
    text
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(artifact_uri("docs/privacy.md", None), "docs/privacy.md");
        assert_eq!(artifact_uri("./privacy.md", None), "privacy.md");
        assert_eq!(
            artifact_uri("legal docs/privé 100%.md", None),
            "legal%20docs/priv%C3%A9%20100%25.md"
        );
        assert_eq!(artifact_uri("<stdin>", None), "%3Cstdin%3E");
        if cfg!(unix) {
            assert_eq!(
                artifact_uri("/repo/site/terms.md", Some(Path::new("/repo"))),
                "site/terms.md"
            );
            assert_eq!(
                artifact_uri("/other/a b.md", Some(Path::new("/repo"))),
                "file:///other/a%20b.md"
            );
        }
    }

    #[test]
    fn documentation_sections_are_extracted() {
        let md = "## What it does\nFinds things.\n\n## Why is this bad?\nBecause.\n";
        assert_eq!(
            section(md, "What it does").as_deref(),
            Some("Finds things.")
        );
        assert_eq!(section(md, "Why is this bad?").as_deref(), Some("Because."));
        assert_eq!(section(md, "Example"), None);
    }

    #[test]
    fn documentation_text_is_reflowed() {
        let md =
            "## What it does\nFinds\nthings.\n\n## Example\n```text\nline one\nline two\n```\n";
        assert_eq!(
            markdown_to_text(md),
            "What it does\nFinds things.\n\nExample\n    line one\n    line two"
        );
    }

    #[test]
    fn fnv_is_the_published_function() {
        let mut h = Fnv64::new();
        h.write(b"a");
        assert_eq!(h.0, 0xaf63_dc4c_8601_ec8c);
    }
}
