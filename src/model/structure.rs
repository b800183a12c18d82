//! Structure facts: lead-ins ending in ':' that introduce nothing ("Contact us at:" and then
//! the next heading), heading numbering, and the phrases of `rules/empty-section.toml`.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Deserialize;

use crate::document::{split_numbering, BlockKind, Document, Format};
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PhraseFile {
    pub(crate) phrase: Vec<Phrase>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Phrase {
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) id: String,
    pub(crate) kind: Kind,
    pub(crate) text: String,
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) matches: Vec<String>,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Kind {
    Title,
    Residue,
    Note,
}

pub(crate) struct Vocabulary {
    pub(crate) phrases: Vec<Phrase>,
    pub(crate) automaton: AhoCorasick,
}

pub(crate) static DATA: &str = include_str!("../../rules/empty-section.toml");

pub(crate) static VOCAB: LazyLock<Vocabulary> = LazyLock::new(|| {
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
pub(crate) fn has_phrase(text: &str, kind: Kind, at_start: bool) -> bool {
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

pub(crate) fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// Section numbering as numbers ("2.1" → [2, 1], "VII" → [7], "B" → [2]); `None` for numbers
/// too large to be section numbers (phone numbers, years).
pub(crate) fn number_parts(number: Option<&str>) -> Option<Vec<u32>> {
    let parts: Option<Vec<u32>> = number?.split('.').map(part_value).collect();
    parts.filter(|p| !p.is_empty() && p.len() <= 4 && p.iter().all(|&n| (1..=60).contains(&n)))
}

pub(crate) fn part_value(part: &str) -> Option<u32> {
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

pub(crate) fn heading_number(doc: &Document, block: usize) -> Option<Vec<u32>> {
    let (number, _) = split_numbering(doc.text(block));
    number_parts(number.as_deref())
}

/// `next` is the number of the section that follows `cur` at the same or a higher level:
/// 3 → 4, 3.2 → 3.3, 3.2 → 4.
pub(crate) fn is_successor(cur: &[u32], next: &[u32]) -> bool {
    let depth = next.len();
    depth <= cur.len()
        && next[..depth - 1] == cur[..depth - 1]
        && next[depth - 1] == cur[depth - 1] + 1
}

/// Whether a heading sits in a Markdown list item (`* **Name**`): it is an item, not a
/// section boundary.
pub(crate) fn in_list_item(doc: &Document, block: usize) -> bool {
    let span = &doc.blocks[block].span;
    let line = doc.lines.line_of(span.start);
    let line_start = doc.lines.line_start(line);
    let before = doc.source[line_start..span.start].trim_start();
    let before = before.trim_start_matches(['>', ' ']);
    before.starts_with(['*', '-', '+']) || before.starts_with(|c: char| c.is_ascii_digit())
}

/// Whether a source gap (between two blocks, or after the last one) holds content the plain
/// text leaves out: a code block, an image, a table of markup.
pub(crate) fn gap_has_content(source: &str) -> bool {
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
pub(crate) fn closes_section(doc: &Document, section: usize, next: usize) -> bool {
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
pub(crate) fn heading_is_self_contained(text: &str) -> bool {
    if text.contains('@') || text.contains("://") || text.contains("www.") {
        return true;
    }
    // "Section 11: Analytics" is a numbered title, not a label with its value.
    let (_, title) = split_numbering(text);
    match title.split_once(": ") {
        Some((_, rest)) => rest.chars().any(char::is_alphanumeric),
        None => false,
    }
}

/// The source after a block, up to the next block (or the end of the file).
pub(crate) fn gap_after(doc: &Document, block: usize) -> &str {
    let from = doc.blocks[block].span.end;
    let to = doc
        .blocks
        .get(block + 1)
        .map_or(doc.source.len(), |b| b.span.start);
    doc.source.get(from..to.max(from)).unwrap_or("")
}

pub struct LeadIn {
    pub(crate) block: usize,
    pub(crate) section: usize,
    pub(crate) next: usize,
}

pub(crate) fn dangling_lead_ins(doc: &Document) -> Vec<LeadIn> {
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
        // Form fields ("Signature:", "E-mail address:") are labels, not lead-ins; a short
        // line is a lead-in when it ends on a word that asks for what follows ("Send your
        // request to:", "Write to us at:").
        let words: Vec<&str> = text.split_whitespace().collect();
        let asks_for_more = words.len() >= 3
            && words.last().is_some_and(|w| {
                let w = w.trim_end_matches([':', '\u{ff1a}']).to_lowercase();
                [
                    "to",
                    "at",
                    "via",
                    "on",
                    "below",
                    "following",
                    "us",
                    "by",
                    "from",
                    "with",
                ]
                .contains(&w.as_str())
            });
        if !(text.ends_with(':') || text.ends_with('\u{ff1a}'))
            || (words.len() < 5 && !asks_for_more)
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
