//! `draft-note` (C002): editorial notes left in a published policy.

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::model::Model;
use crate::rule::{LintContext, Rule, RuleMeta};

crate::declare_rule! {
    /// ## What it does
    /// Finds editorial text that was meant for the people writing the policy, not for its
    /// readers: `TODO` and `FIXME` markers, `TBD:` notes, `DRAFT` banners, "note to drafter",
    /// "[DELETE IF NOT APPLICABLE]" and other drafting instructions, promises that the text
    /// "will be reviewed by a privacy attorney", and the tutorial paragraphs of WordPress's
    /// default privacy page ("In this subsection you should note ...").
    ///
    /// A value left as `TBD` ("Effective date: TBD"), bracketed fields and WordPress's
    /// `Suggested text:` prefix are reported by `placeholder-text`, not here. At most five
    /// notes are reported per document.
    ///
    /// Reported as `info` by default, a note to check rather than a failure: an independent reading of its findings on 4,500 real policies judged 12 of 13 true: an instruction addressed to the reader (text a developer must display) made the rest. Raise it
    /// with `[severity]` in `policylint.toml` when it suits your documents.
    ///
    /// ## Why is this bad?
    /// A note to the drafter tells readers that the text is unfinished and may not describe
    /// what the service does. A policy that says it "will be reviewed by a lawyer" admits it
    /// has not been, while already being the notice users are bound by: GDPR Art. 12(1)
    /// requires the information to be given in a "concise, transparent, intelligible" form,
    /// and an unfinished text is none of those.
    ///
    /// ## Example
    /// ```text
    /// Note: Before launching publicly, this document will be reviewed by a privacy
    /// attorney to ensure full GDPR and CCPA compliance.
    /// ```
    ///
    /// ## How to fix
    /// Finish the text (have it reviewed, fill in what the note asks for) and delete the note
    /// before publishing.
    pub static META = {
        code: "C002",
        name: "draft-note",
        category: Content,
        severity: Info,
        summary: "editorial note left in a published policy",
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PatternFile {
    pattern: Vec<PatternEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PatternEntry {
    id: String,
    family: String,
    anchors: Vec<String>,
    regex: String,
    #[cfg_attr(not(test), allow(dead_code))]
    matches: Vec<String>,
    #[serde(default)]
    #[cfg_attr(not(test), allow(dead_code))]
    ignores: Vec<String>,
}

struct Vocabulary {
    entries: Vec<PatternEntry>,
    regexes: Vec<crate::vocab::LazyRegex>,
    /// Every entry's anchors in one automaton; `anchor_of` maps a pattern to its entry.
    anchors: AhoCorasick,
    anchor_of: Vec<usize>,
}

static DATA: &str = include_str!("../../rules/draft-notes.toml");

static VOCAB: LazyLock<Vocabulary> = LazyLock::new(|| {
    let file: PatternFile = crate::vocab::load("draft-notes.toml", DATA);
    let regexes = file
        .pattern
        .iter()
        .map(|p| {
            crate::vocab::LazyRegex::new(&p.regex)
                .unwrap_or_else(|e| panic!("rules/draft-notes.toml: {}: {e}", p.id))
        })
        .collect();
    let mut words = Vec::new();
    let mut anchor_of = Vec::new();
    for (i, p) in file.pattern.iter().enumerate() {
        for a in &p.anchors {
            words.push(a.clone());
            anchor_of.push(i);
        }
    }
    let anchors = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .build(&words)
        .expect("draft-note anchors");
    Vocabulary {
        entries: file.pattern,
        regexes,
        anchors,
        anchor_of,
    }
});

/// Most notes reported per document; the last one says how many more there are.
const MAX_PER_DOCUMENT: usize = 5;

/// Every note in `text`: pattern index and the trimmed byte range, first per position. One
/// pass finds the anchors; each pattern then runs only on the lines that hold its anchors.
fn find_notes(text: &str) -> Vec<(usize, Range<usize>)> {
    let v = &*VOCAB;
    let mut candidates: Vec<(usize, usize)> = Vec::new();
    for m in v.anchors.find_overlapping_iter(text) {
        let line_start = text[..m.start()].rfind('\n').map_or(0, |p| p + 1);
        candidates.push((line_start, v.anchor_of[m.pattern().as_usize()]));
    }
    candidates.sort_unstable();
    candidates.dedup();
    let mut found = Vec::new();
    for (line_start, idx) in candidates {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |p| line_start + p);
        let line = &text[line_start..line_end];
        for m in v.regexes[idx].find_iter(line) {
            let s = m.as_str();
            // Context a pattern consumes before the note (". todo:", "- todo:") is not
            // part of it.
            let lead = s.len()
                - s.trim_start_matches(|c: char| {
                    c.is_whitespace() || matches!(c, '.' | '!' | '?' | '-' | '*' | '\u{2022}')
                })
                .len();
            let trail = s.len() - s.trim_end().len();
            let start = line_start + m.start() + lead;
            let mut end = (line_start + m.end() - trail).max(start);
            // Bracketed notes may consume one character of context after the bracket.
            if s.trim_start().starts_with('[') {
                if let Some(p) = s.rfind(']') {
                    end = end.min(line_start + m.start() + p + 1);
                }
            }
            found.push((idx, start..extend_to_sentence(text, start, end)));
        }
    }
    found.sort_by_key(|(i, r)| (r.start, std::cmp::Reverse(r.end), *i));
    found
}

/// Extends a note to the end of its sentence ("TODO: name the vendor."), unless it is closed
/// by a bracket; at most 160 bytes from its start.
fn extend_to_sentence(text: &str, start: usize, end: usize) -> usize {
    if text[start..end].ends_with([')', ']']) {
        return end;
    }
    let limit = (start + 160).min(text.len());
    let mut stop = limit;
    let bytes = text.as_bytes();
    for i in end..limit {
        if bytes[i] == b'\n' {
            stop = i;
            break;
        }
        if bytes[i] == b'.' && (i + 1 >= text.len() || bytes[i + 1].is_ascii_whitespace()) {
            stop = i + 1;
            break;
        }
    }
    if stop < end {
        return end;
    }
    while !text.is_char_boundary(stop) {
        stop -= 1;
    }
    let trimmed =
        text[start..stop].trim_end_matches(|c: char| c.is_whitespace() || c == '*' || c == '_');
    (start + trimmed.len()).max(end)
}

pub struct DraftNote;

impl Rule for DraftNote {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, _model: &Model<'_>, cx: &mut LintContext<'_>) {
        let v = &*VOCAB;
        // One finding per block: the first note in it.
        let mut kept: Vec<(usize, Range<usize>)> = Vec::new();
        let mut last_block = None;
        for (idx, r) in find_notes(&doc.plain) {
            let block = doc.block_at(r.start);
            if block.is_some() && block == last_block {
                continue;
            }
            last_block = block;
            kept.push((idx, r));
        }
        let total = kept.len();
        for (n, (idx, r)) in kept.into_iter().take(MAX_PER_DOCUMENT).enumerate() {
            let entry = &v.entries[idx];
            let text = doc.plain[r.clone()].trim_matches(|c: char| c == '*' || c == '_');
            let shown: String = if text.chars().count() > 80 {
                text.chars().take(77).collect::<String>() + "..."
            } else {
                text.to_string()
            };
            let mut d = Diagnostic::new(
                &META,
                doc.span(r),
                format!("editorial note left in the policy: `{}`", shown.trim()),
            )
            .with_label(entry.family.clone())
            .with_help("finish what the note asks for, then delete the note before publishing");
            if entry.id == "legal-review" {
                d = d.with_note(
                    "the published text says it has not been reviewed yet; readers cannot rely on it",
                );
            }
            if n + 1 == MAX_PER_DOCUMENT && total > MAX_PER_DOCUMENT {
                d = d.with_note(format!(
                    "{} more editorial notes in this document are not shown",
                    total - MAX_PER_DOCUMENT
                ));
            }
            cx.report(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::ExampleReport;

    #[test]
    fn vocabulary_examples_hold() {
        let v = &*VOCAB;
        let mut report = ExampleReport::default();
        let ids: Vec<&str> = v.entries.iter().map(|e| e.id.as_str()).collect();
        report.expect_sorted_unique("entries", &ids);
        for (i, e) in v.entries.iter().enumerate() {
            report.expect(!e.matches.is_empty(), || format!("{}: no examples", e.id));
            for m in &e.matches {
                report.expect(v.regexes[i].is_match(m), || {
                    format!("{}: should match {m:?}", e.id)
                });
                let lower = m.to_ascii_lowercase();
                report.expect(e.anchors.iter().any(|a| lower.contains(a.as_str())), || {
                    format!("{}: {m:?} contains none of its anchors", e.id)
                });
                report.expect(!find_notes(m).is_empty(), || {
                    format!("{}: {m:?} is not found through the anchors", e.id)
                });
            }
            for m in &e.ignores {
                report.expect(!v.regexes[i].is_match(m), || {
                    format!("{}: should not match {m:?}", e.id)
                });
            }
        }
        report.assert_ok("draft-notes.toml");
    }

    #[test]
    fn a_tbd_value_is_left_to_placeholder_text() {
        assert!(find_notes("Effective date: TBD\nContact: TBD").is_empty());
    }
}
