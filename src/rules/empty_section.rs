//! `empty-section` (S002): a heading with no body, or a section that ends on a lead-in
//! ("...contact:") that introduces nothing.

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::document::{normalize_heading, split_numbering, BlockKind, Document, Format};
use crate::rule::{LintContext, Rule, RuleMeta};

crate::declare_rule! {
    /// ## What it does
    /// Finds sections with nothing in them:
    ///
    /// - a numbered heading followed directly by the next section's heading ("3. Cookies"
    ///   then "4. Security"), or by the end of the document;
    /// - a section whose last line is a lead-in ending in a colon ("For privacy questions,
    ///   contact:") that is followed by nothing, by the next numbered section, or only by a
    ///   note, date or copyright line.
    ///
    /// A heading followed by subsections is not empty (numbering decides: "2" then "2.1"),
    /// and neither is the document's title at the top. Unnumbered headings followed by
    /// headings are not reported: captured web pages flatten heading levels, so a group
    /// heading often looks empty. Runs of bare headings (a table of contents, navigation
    /// scraped with the page), headings that are links, headings repeated elsewhere in the
    /// document, form labels ("Signature:") and lines such as `Share this:` are not reported.
    ///
    /// ## Why is this bad?
    /// An empty section promises information the reader does not get. When it is the contact
    /// section, the policy gives no way to exercise privacy rights at all (GDPR Art. 13(1)(a)
    /// requires the controller's contact details). It usually means text was lost when the
    /// policy was pasted from a template or a content-management system.
    ///
    /// ## Example
    /// ```text
    /// 11. Contact
    /// For privacy questions, access or deletion requests, contact:
    /// ```
    ///
    /// ## How to fix
    /// Write the missing content (for a contact section: an e-mail address, postal address,
    /// phone number or web-form URL), or remove the heading or the dangling lead-in.
    pub static META = {
        code: "S002",
        name: "empty-section",
        category: Structure,
        severity: Warning,
        summary: "a heading with no body, or a body that ends introducing nothing",
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PhraseFile {
    phrase: Vec<Phrase>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Phrase {
    #[cfg_attr(not(test), allow(dead_code))]
    id: String,
    kind: Kind,
    text: String,
    #[cfg_attr(not(test), allow(dead_code))]
    matches: Vec<String>,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Kind {
    Title,
    Residue,
    Note,
}

struct Vocabulary {
    phrases: Vec<Phrase>,
    automaton: AhoCorasick,
}

static DATA: &str = include_str!("../../rules/empty-section.toml");

static VOCAB: LazyLock<Vocabulary> = LazyLock::new(|| {
    let file: PhraseFile = crate::vocab::load("empty-section.toml", DATA);
    let automaton = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(file.phrase.iter().map(|p| p.text.as_str()))
        .expect("empty-section automaton");
    Vocabulary {
        phrases: file.phrase,
        automaton,
    }
});

/// Whether a phrase of `kind` occurs in `text` as whole words (at the start only, if `at_start`).
fn has_phrase(text: &str, kind: Kind, at_start: bool) -> bool {
    let v = &*VOCAB;
    let text = text.trim_start_matches(|c: char| c.is_whitespace() || c == '*' || c == '#');
    for m in v.automaton.find_iter(text) {
        if at_start && m.start() > 0 {
            return false;
        }
        let phrase = &v.phrases[m.pattern().as_usize()];
        let before_ok = m.start() == 0 || !is_word_byte(text.as_bytes()[m.start() - 1]);
        let after_ok = phrase.text.ends_with(':')
            || text
                .as_bytes()
                .get(m.end())
                .map_or(true, |&b| !is_word_byte(b));
        if phrase.kind == kind && before_ok && after_ok {
            return true;
        }
    }
    false
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// Section numbering as numbers ("2.1" → [2, 1], "VII" → [7], "B" → [2]); `None` for numbers
/// too large to be section numbers (phone numbers, years).
fn number_parts(number: Option<&str>) -> Option<Vec<u32>> {
    let parts: Option<Vec<u32>> = number?.split('.').map(part_value).collect();
    parts.filter(|p| !p.is_empty() && p.len() <= 4 && p.iter().all(|&n| (1..=60).contains(&n)))
}

fn part_value(part: &str) -> Option<u32> {
    if let Ok(n) = part.parse() {
        return Some(n);
    }
    if !part.is_empty() && part.bytes().all(|b| b"IVXLC".contains(&b)) {
        let value = |b: u8| match b {
            b'I' => 1,
            b'V' => 5,
            b'X' => 10,
            b'L' => 50,
            _ => 100,
        };
        let bytes = part.as_bytes();
        let mut total = 0i64;
        for (k, &b) in bytes.iter().enumerate() {
            let v = value(b);
            if bytes.get(k + 1).is_some_and(|&nb| value(nb) > v) {
                total -= v;
            } else {
                total += v;
            }
        }
        return u32::try_from(total).ok();
    }
    match part.as_bytes() {
        [b] if b.is_ascii_uppercase() => Some(u32::from(b - b'A') + 1),
        _ => None,
    }
}

fn heading_number(doc: &Document, block: usize) -> Option<Vec<u32>> {
    let (number, _) = split_numbering(doc.text(block));
    number_parts(number.as_deref())
}

/// `next` is the number of the section that follows `cur` at the same or a higher level:
/// 3 → 4, 3.2 → 3.3, 3.2 → 4.
fn is_successor(cur: &[u32], next: &[u32]) -> bool {
    let depth = next.len();
    depth <= cur.len()
        && next[..depth - 1] == cur[..depth - 1]
        && next[depth - 1] == cur[depth - 1] + 1
}

/// Whether a heading sits in a Markdown list item (`* **Name**`): it is an item, not a
/// section boundary.
fn in_list_item(doc: &Document, block: usize) -> bool {
    let span = &doc.blocks[block].span;
    let line = doc.lines.line_of(span.start);
    let line_start = doc.lines.line_start(line);
    let before = doc.source[line_start..span.start].trim_start();
    let before = before.trim_start_matches(['>', ' ']);
    before.starts_with(['*', '-', '+']) || before.starts_with(|c: char| c.is_ascii_digit())
}

/// Whether a source gap (between two blocks, or after the last one) holds content the plain
/// text leaves out: a code block, an image, a table of markup.
fn gap_has_content(source: &str) -> bool {
    let mut in_tag = false;
    let mut alnum = 0;
    for c in source.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag && c.is_alphanumeric() => alnum += 1,
            _ => {}
        }
    }
    alnum >= 3
}

/// Whether heading block `next` starts a section that is not inside `section`. Only numbering
/// decides (3 → 4, 3.2 → 3.3, 3.2 → 4): in captured pages heading levels are often flattened
/// (a group heading followed by same-level headings that belong to it), and in plain text the
/// unnumbered "headings" after a lead-in are usually the very lines it introduces.
fn closes_section(doc: &Document, section: usize, next: usize) -> bool {
    if !doc.blocks[next].is_heading() || (doc.format != Format::Text && in_list_item(doc, next)) {
        return false;
    }
    let cur = number_parts(doc.sections[section].number.as_deref());
    match (cur, heading_number(doc, next)) {
        (Some(c), Some(n)) => is_successor(&c, &n),
        _ => false,
    }
}

/// A heading carrying its own content ("Effective date: 1 May 2020", "Email: a@b.com") or a
/// link target is not a section title waiting for a body.
fn heading_is_self_contained(text: &str) -> bool {
    if text.contains('@') || text.contains("://") || text.contains("www.") {
        return true;
    }
    match text.split_once(": ") {
        Some((_, rest)) => rest.chars().any(char::is_alphanumeric),
        None => false,
    }
}

/// The source after a block, up to the next block (or the end of the file).
fn gap_after(doc: &Document, block: usize) -> &str {
    let from = doc.blocks[block].span.end;
    let to = doc
        .blocks
        .get(block + 1)
        .map_or(doc.source.len(), |b| b.span.start);
    doc.source.get(from..to.max(from)).unwrap_or("")
}

pub struct EmptySection;

impl Rule for EmptySection {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut LintContext<'_>) {
        let n = doc.blocks.len();
        if n == 0 {
            return;
        }
        // A heading directly followed by another heading (or by nothing).
        let bare: Vec<bool> = (0..n)
            .map(|b| {
                doc.blocks[b].is_heading()
                    && doc.blocks.get(b + 1).map_or(true, |next| next.is_heading())
            })
            .collect();
        let mut titles: HashMap<String, usize> = HashMap::new();
        for s in &doc.sections {
            *titles.entry(normalize_heading(&s.title)).or_default() += 1;
        }
        let first_text = doc.blocks.iter().position(|b| !b.is_heading()).unwrap_or(n);
        let mut link_starts: Vec<usize> = doc.links.iter().map(|l| l.span.start).collect();
        link_starts.sort_unstable();

        for (idx, section) in doc.sections.iter().enumerate() {
            let h = section.heading;
            if !bare[h] || h < first_text || gap_has_content(gap_after(doc, h)) {
                continue;
            }
            // Tables of contents, navigation, lists of short lines: bare headings in a row.
            if (h > 0 && bare[h - 1]) || (h + 1 < n && bare[h + 1]) {
                continue;
            }
            let at_end = h + 1 == n;
            let empty = if at_end {
                number_parts(section.number.as_deref()).is_some()
            } else {
                closes_section(doc, idx, h + 1)
            };
            if !empty {
                continue;
            }
            let text = doc.text(h);
            let normalized = normalize_heading(text);
            if normalized.is_empty()
                || has_phrase(text, Kind::Title, false)
                || heading_is_self_contained(text)
                || titles.get(&normalized).is_some_and(|&c| c > 1)
            {
                continue;
            }
            let span = doc.blocks[h].span.clone();
            let i = link_starts.partition_point(|&s| s < span.start);
            if link_starts.get(i).is_some_and(|&s| s < span.end) {
                continue;
            }
            let mut d = Diagnostic::new(&META, span, format!("section `{text}` is empty"));
            if at_end {
                d = d
                    .with_label("the document ends after this heading")
                    .with_note(
                        "the document ends right after the heading, so the section says nothing",
                    );
            } else {
                d = d
                    .with_label("no text before the next section")
                    .with_secondary(doc.blocks[h + 1].span.clone(), "next section starts here")
                    .with_note("the next section starts right after the heading, so the section says nothing");
            }
            cx.report(d.with_help("write the section's content, or remove the heading"));
        }

        self.check_lead_ins(doc, cx);
    }
}

/// A lead-in ending in ':' that introduces nothing: its block, its section, and the block
/// after any note lines that follow it.
struct LeadIn {
    block: usize,
    section: usize,
    next: usize,
}

fn dangling_lead_ins(doc: &Document) -> Vec<LeadIn> {
    let n = doc.blocks.len();
    let mut found = Vec::new();
    for i in 0..n {
        let block = &doc.blocks[i];
        if !matches!(block.kind, BlockKind::Paragraph | BlockKind::ListItem) {
            continue;
        }
        let Some(section) = block.section else {
            continue;
        };
        let text = doc.text(i).trim_end();
        // Form fields ("Signature:", "E-mail address:") are labels, not lead-ins.
        if !(text.ends_with(':') || text.ends_with('\u{ff1a}'))
            || text.split_whitespace().count() < 5
            || has_phrase(text, Kind::Residue, true)
        {
            continue;
        }
        // Skip notes, date and copyright lines after the lead-in.
        let mut j = i + 1;
        while j < n && !doc.blocks[j].is_heading() && has_phrase(doc.text(j), Kind::Note, true) {
            j += 1;
        }
        if (i..j).any(|b| gap_has_content(gap_after(doc, b))) {
            continue;
        }
        if j == n || closes_section(doc, section, j) {
            found.push(LeadIn {
                block: i,
                section,
                next: j,
            });
        }
    }
    found
}

/// Whether section `s` (or one of its subsections) ends with a lead-in that introduces
/// nothing; `missing-contact-method` leaves such contact sections to this rule.
pub(crate) fn ends_with_dangling_lead_in(doc: &Document, s: usize) -> bool {
    dangling_lead_ins(doc)
        .iter()
        .any(|l| doc.ancestors(l.section).contains(&s))
}

impl EmptySection {
    /// Sections whose last line ends in ':' and introduces nothing.
    fn check_lead_ins(&self, doc: &Document, cx: &mut LintContext<'_>) {
        let n = doc.blocks.len();
        for LeadIn {
            block: i,
            section,
            next: j,
        } in dangling_lead_ins(doc)
        {
            let heading = doc.sections[section].heading;
            let label = if j > i + 1 {
                "followed only by an unrelated note"
            } else if j == n {
                "the document ends after this line"
            } else {
                "the next section starts after this line"
            };
            let mut d = Diagnostic::new(
                &META,
                doc.blocks[i].span.clone(),
                format!(
                    "section `{}` ends with a lead-in that introduces nothing",
                    doc.text(heading)
                ),
            )
            .with_label(label)
            .with_secondary(doc.blocks[heading].span.clone(), "in this section")
            .with_help(
                "add what the line announces (for a contact section: an e-mail address, postal \
                 address, phone number or web-form URL), or remove the line",
            );
            if j > i + 1 {
                d = d.with_secondary(
                    doc.blocks[i + 1].span.clone(),
                    "not what the lead-in announces",
                );
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
        let ids: Vec<&str> = v.phrases.iter().map(|p| p.id.as_str()).collect();
        report.expect_sorted_unique("entries", &ids);
        for p in &v.phrases {
            report.expect(!p.matches.is_empty(), || {
                format!("{}: needs `matches`", p.id)
            });
            for m in &p.matches {
                let at_start = p.kind != Kind::Title;
                report.expect(has_phrase(m, p.kind, at_start), || {
                    format!("{}: should match {m:?}", p.id)
                });
            }
        }
        report.assert_ok("empty-section.toml");
    }
}
