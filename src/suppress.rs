//! Inline suppression comments, in any format (Markdown and HTML hide them):
//!
//! - `<!-- policylint-disable-next-line RULE[, RULE] -->`: the next non-blank line;
//! - `<!-- policylint-disable RULE -->` ... `<!-- policylint-enable RULE -->`: a range
//!   (to the end of the file without an `enable`);
//! - `<!-- policylint-disable-file RULE -->`: the whole file.
//!
//! With no rule list, every rule is suppressed. Rules are named by code or name.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::registry;

static COMMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--\s*policylint-(disable-next-line|disable-file|disable|enable)\b([^>]*?)\s*-->")
        .expect("suppression regex")
});

#[derive(Clone, Debug)]
pub struct Suppression {
    /// The comment itself.
    pub span: Range<usize>,
    /// Codes; empty means all rules.
    pub codes: Vec<&'static str>,
    /// Names that are not rules (reported as unused with a note).
    pub unknown: Vec<String>,
    /// Source range the suppression covers.
    pub covers: Range<usize>,
}

/// Finds the suppressions of a document.
pub fn parse(doc: &Document) -> Vec<Suppression> {
    let src = &doc.source;
    let mut out = Vec::new();
    let mut open: Vec<(usize, Suppression)> = Vec::new();
    for cap in COMMENT.captures_iter(src) {
        let whole = cap.get(0).map_or(0..0, |m| m.range());
        let kind = cap.get(1).map_or("", |m| m.as_str());
        let mut codes = Vec::new();
        let mut unknown = Vec::new();
        for name in cap
            .get(2)
            .map_or("", |m| m.as_str())
            .split([',', ' '])
            .filter(|s| !s.trim().is_empty())
        {
            match registry::find(name.trim()) {
                Some(meta) => codes.push(meta.code),
                None => unknown.push(name.trim().to_string()),
            }
        }
        match kind {
            "disable-next-line" => {
                let line = doc.lines.line_of(whole.end);
                // The next line with text after the comment's line.
                let mut next = line + 1;
                while next < doc.lines.line_count() && doc.lines.line_range(src, next).is_empty() {
                    next += 1;
                }
                let covers = if next < doc.lines.line_count() {
                    doc.lines.line_range(src, next)
                } else {
                    src.len()..src.len()
                };
                out.push(Suppression {
                    span: whole,
                    codes,
                    unknown,
                    covers,
                });
            }
            "disable-file" => out.push(Suppression {
                span: whole.clone(),
                codes,
                unknown,
                covers: 0..src.len(),
            }),
            "disable" => {
                let s = Suppression {
                    span: whole.clone(),
                    codes,
                    unknown,
                    covers: whole.end..src.len(),
                };
                open.push((out.len(), s.clone()));
                out.push(s);
            }
            _ => {
                // enable: close the matching open ranges.
                for (idx, s) in open.iter_mut() {
                    let matches = codes.is_empty() || s.codes.iter().any(|c| codes.contains(c));
                    if matches && out[*idx].covers.end == src.len() {
                        out[*idx].covers.end = whole.start;
                        s.covers.end = whole.start;
                    }
                }
            }
        }
    }
    out
}

/// Removes suppressed diagnostics; returns the indices of suppressions that were used.
pub fn apply(suppressions: &[Suppression], diagnostics: &mut Vec<Diagnostic>) -> Vec<bool> {
    let mut used = vec![false; suppressions.len()];
    diagnostics.retain(|d| {
        let at = d.primary.span.start;
        let mut keep = true;
        for (i, s) in suppressions.iter().enumerate() {
            let covers = s.covers.start <= at && at <= s.covers.end;
            if covers && (s.codes.is_empty() || s.codes.contains(&d.rule.code)) {
                used[i] = true;
                keep = false;
            }
        }
        keep
    });
    used
}
