//! Age thresholds: every age a document states ("children under 13", "at least eighteen"),
//! with what it is for (role) and where it applies (jurisdiction) (`rules/ages.toml`).

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use crate::document::{BlockKind, Document, Format};
/// What an age threshold is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AgeRole {
    /// The minimum age to use the service, register or hold an account.
    MinimumAge,
    /// The age below which children's data is not collected without parental consent.
    ParentalConsent,
    /// The age below which personal information is not sold or shared without opt-in.
    SaleOptIn,
    /// The age of majority for accepting the terms.
    Majority,
    /// The age below which the service says it is not directed to children ("not intended for
    /// children under 13"): a statement about the audience, consistent with any higher
    /// minimum age, so it is compared only with other audience statements.
    Audience,
}

/// One age statement found in a document, kept for comparisons across documents.
#[derive(Clone, Debug)]
pub struct AgeStatement {
    pub age: u32,
    /// Source span of the phrase that states the age.
    pub span: Range<usize>,
    /// The phrase as written.
    pub text: String,
    /// What the threshold is for; `None` when no cue says (not compared).
    pub role: Option<AgeRole>,
    /// Jurisdiction ids joined by `+` (`"eu"`, `"eu+uk"`), `""` when none is named, or
    /// `"varies"` when the age depends on the reader's country (not compared).
    pub jurisdiction: String,
    /// Other ages stated in the same sentence (or as a range): deliberately related.
    pub related: Vec<u32>,
    /// The document's path and the folder it is in; documents are compared only within
    /// one folder.
    pub path: String,
    pub dir: String,
    /// Domains of the document's contact e-mail addresses (free-mail providers excluded):
    /// documents are compared only when they share one.
    pub domains: Vec<String>,
}

pub(crate) const VARIES: &str = "varies";

mod vocabulary;
pub(crate) use vocabulary::*;

// ---------------------------------------------------------------------------------------------
// Extraction

/// An age found in the plain text.
#[derive(Debug, Clone)]
pub(crate) struct Mention {
    pub(crate) age: u32,
    /// The whole phrase, in plain-text offsets.
    pub(crate) plain: Range<usize>,
}

/// A cue found in the plain text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cue {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) kind: CueKind,
}

pub(crate) fn parse_number(text: &str) -> Option<u32> {
    let digits: String = text
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    if !digits.is_empty() {
        return digits.parse().ok();
    }
    let word: String = text
        .split('(')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let v = &*VOCAB;
    v.file
        .numbers
        .get(&word)
        .or_else(|| v.file.numbers.get(&word.replace(' ', "-")))
        .copied()
}

pub(crate) fn floor_char(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

pub(crate) fn ceil_char(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Finds the ages in a text, and the pairs of ages stated together as a range or an
/// alternative ("13 or 16").
pub(crate) fn find_ages(text: &str) -> (Vec<Mention>, Vec<(usize, u32, u32)>) {
    let v = &*VOCAB;
    let (lo, hi) = (v.file.limits.min, v.file.limits.max);
    let in_range = |n: u32| (lo..=hi).contains(&n);
    let mut mentions = Vec::new();
    let mut pairs = Vec::new();
    for caps in v.combined.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let Some(k) = (0..v.alts.len()).find(|&k| caps.name(&v.alt_names[k][0]).is_some()) else {
            continue;
        };
        let names = &v.alt_names[k];
        match v.alts[k] {
            Alt::Range => {
                let num = |g: &str| caps.name(g).and_then(|m| parse_number(m.as_str()));
                if let (Some(a), Some(b)) = (num(&names[1]), num(&names[2])) {
                    if in_range(a) && in_range(b) {
                        pairs.push((whole.start(), a, b));
                    }
                }
            }
            Alt::Phrase => {
                let Some(n) = caps.name(&names[1]) else {
                    continue;
                };
                let Some(mut age) = parse_number(n.as_str()) else {
                    continue;
                };
                // Not part of a larger token: "13th", "2.13", "$13".
                let next = text[whole.end()..].chars().next();
                if next.is_some_and(|c| c.is_alphanumeric()) {
                    continue;
                }
                let before_start = floor_char(text, n.start().saturating_sub(24));
                if v.before.is_match(&text[before_start..n.start()]) {
                    continue;
                }
                let after_end = ceil_char(text, whole.end() + 40);
                let after = &text[whole.end()..after_end];
                if let Some(m) = v.after.find(after) {
                    // "under 13 or 16": not an age on its own, but the two are related.
                    if let Some(other) = parse_trailing_number(m.as_str()) {
                        if in_range(age) && in_range(other) {
                            pairs.push((whole.start(), age, other));
                        }
                    }
                    continue;
                }
                let lower = whole.as_str().to_ascii_lowercase();
                let lead = text[floor_char(text, whole.start().saturating_sub(12))..whole.start()]
                    .trim_end()
                    .to_ascii_lowercase();
                if ["under", "younger", "below", "less"]
                    .iter()
                    .any(|w| lower.ends_with(w))
                    && (lower.contains(" and ") || lower.contains(" or "))
                    && !["above", "over", "than", "under", "below"]
                        .iter()
                        .any(|w| lead.ends_with(w))
                {
                    // "12 and under" is a threshold of 13.
                    age += 1;
                }
                if !in_range(age) {
                    continue;
                }
                let start = whole.start()
                    + (whole.as_str().len() - whole.as_str().trim_start_matches('(').len());
                mentions.push(Mention {
                    age,
                    plain: start..whole.end(),
                });
            }
        }
    }
    (mentions, pairs)
}

/// The number at the end of an "or 16" / "-24" trap match, if it is one.
pub(crate) fn parse_trailing_number(s: &str) -> Option<u32> {
    let t = s.trim_end();
    let start = t
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_ascii_alphanumeric())
        .map_or(0, |(p, c)| p + c.len_utf8());
    let word = &t[start..];
    if word.is_empty() {
        return None;
    }
    // Only range continuations ("or 16", "- 24", "to seventeen"), not units.
    let head = t[..start].trim_end().to_ascii_lowercase();
    let joined = head.ends_with('-')
        || head.ends_with('\u{2013}')
        || head.ends_with('\u{2014}')
        || [" to", " through", " and", " or"]
            .iter()
            .any(|w| head.ends_with(w) || head == w.trim());
    if !joined {
        return None;
    }
    parse_number(word)
}

/// Finds the cue phrases in a text, at word boundaries. Overlapping candidates are all
/// checked, so that a phrase failing the boundary check ("the US" in "the USA") does not hide
/// a shorter or later one; of overlapping valid phrases the leftmost longest is kept.
pub(crate) fn find_cues(text: &str) -> Vec<Cue> {
    let v = &*VOCAB;
    let bytes = text.as_bytes();
    let mut valid: Vec<(usize, usize, usize)> = Vec::new();
    for m in v.cues.find_overlapping_iter(text) {
        let p = &v.cue_patterns[m.pattern().as_usize()];
        if text[..m.start()]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        let mut end = m.end();
        if p.prefix {
            while end < bytes.len() && bytes[end].is_ascii_alphanumeric() {
                end += 1;
            }
        } else if text[end..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
        {
            // Not "U.S." in "U.S.C.", nor "EU" in "EUR".
            continue;
        }
        if let Some(exact) = &p.exact {
            if &text[m.start()..m.end()] != exact {
                continue;
            }
        }
        valid.push((m.start(), end, m.pattern().as_usize()));
    }
    valid.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
    let mut out = Vec::new();
    let mut last_end = 0;
    for (start, end, pattern) in valid {
        if start < last_end {
            continue;
        }
        last_end = end;
        for &kind in &v.cue_patterns[pattern].kinds {
            out.push(Cue { start, end, kind });
        }
    }
    out
}

/// Common abbreviations that end with a period but do not end a sentence.
pub(crate) const ABBREVIATIONS: &[&str] = &[
    "inc", "ltd", "co", "corp", "llc", "no", "mr", "mrs", "ms", "dr", "st", "vs", "etc", "art",
    "sec", "para", "approx", "incl", "jr", "sr", "dept", "fig", "cf", "ca", "civ", "cal", "stat",
    "seq", "al", "nos", "pp", "ch",
];

/// How a document's plain text divides into sentences and paragraphs.
pub(crate) struct Layout {
    pub(crate) sentences: Vec<Range<usize>>,
    /// Paragraphs (sorted): ages stated in one paragraph are taken to be related.
    pub(crate) paragraphs: Vec<Range<usize>>,
}

/// Splits the plain text into sentences and paragraphs. Lines that continue a sentence (a
/// wrapped line of a text file, a paragraph cut by a page break) are joined; in text files,
/// lines without a blank line between them form one paragraph.
pub(crate) fn layout(doc: &Document) -> Layout {
    let mut units: Vec<Range<usize>> = Vec::new();
    let mut paragraphs: Vec<Range<usize>> = Vec::new();
    for (i, b) in doc.blocks.iter().enumerate() {
        let text = doc.text(i);
        let prev = i.checked_sub(1).map(|p| &doc.blocks[p]);
        let continues = prev.is_some_and(|prev| {
            b.kind == BlockKind::Paragraph
                && matches!(prev.kind, BlockKind::Paragraph | BlockKind::ListItem)
                && !doc
                    .text(i - 1)
                    .trim_end()
                    .ends_with(['.', '!', '?', ':', ';'])
                && text
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit())
        });
        if continues {
            if let (Some(u), Some(p)) = (units.last_mut(), paragraphs.last_mut()) {
                u.end = b.plain.end;
                p.end = b.plain.end;
                continue;
            }
        }
        units.push(b.plain.clone());
        let same_paragraph = doc.format == Format::Text
            && prev.is_some_and(|prev| {
                !prev.is_heading()
                    && !b.is_heading()
                    && !doc.source[prev.span.end..b.span.start.max(prev.span.end)].contains("\n\n")
                    && !doc.source[prev.span.end..b.span.start.max(prev.span.end)]
                        .contains("\n\r\n")
            });
        match paragraphs.last_mut() {
            Some(p) if same_paragraph => p.end = b.plain.end,
            _ => paragraphs.push(b.plain.clone()),
        }
    }
    let mut sentences = Vec::new();
    for unit in units {
        let text = &doc.plain[unit.clone()];
        let bytes = text.as_bytes();
        let mut start = 0;
        for (i, &c) in bytes.iter().enumerate() {
            if !matches!(c, b'.' | b'!' | b'?') {
                continue;
            }
            let next = bytes.get(i + 1).copied();
            if matches!(next, Some(n) if !n.is_ascii_whitespace()) {
                continue;
            }
            let rest = text[i + 1..].trim_start();
            if rest.chars().next().is_some_and(char::is_lowercase) {
                continue;
            }
            if c == b'.' {
                let word_start = text[..i]
                    .char_indices()
                    .rev()
                    .find(|(_, ch)| !ch.is_alphanumeric())
                    .map_or(0, |(p, ch)| p + ch.len_utf8());
                let word = text[word_start..i].to_ascii_lowercase();
                if word.len() == 1 || ABBREVIATIONS.contains(&word.as_str()) {
                    continue;
                }
            }
            sentences.push(unit.start + start..unit.start + i + 1);
            start = i + 1;
        }
        if start < text.len() {
            sentences.push(unit.start + start..unit.end);
        }
    }
    Layout {
        sentences,
        paragraphs,
    }
}

/// Separators of clauses within a sentence.
pub(crate) const CLAUSE_BREAKS: &[&str] = &[
    ";",
    ", and ",
    ", but ",
    ", while ",
    ", whereas ",
    ", however",
    " and we ",
    " but we ",
    ", nor ",
    ", although ",
    " while we ",
];

/// The clause of `sentence` that contains `pos`.
pub(crate) fn clause_of(plain: &str, sentence: &Range<usize>, pos: usize) -> Range<usize> {
    let text = plain[sentence.clone()].to_ascii_lowercase();
    let rel = pos - sentence.start;
    let mut start = 0;
    let mut end = text.len();
    for brk in CLAUSE_BREAKS {
        for (i, _) in text.match_indices(brk) {
            if i + brk.len() <= rel {
                start = start.max(i + brk.len());
            } else if i >= rel {
                end = end.min(i);
            }
        }
    }
    sentence.start + start..sentence.start + end
}

/// Cues overlapping a range (cues are sorted by start).
pub(crate) fn cues_in<'c>(cues: &'c [Cue], range: &Range<usize>) -> &'c [Cue] {
    let from = cues.partition_point(|c| c.end <= range.start);
    let to = cues.partition_point(|c| c.start < range.end);
    &cues[from..to.max(from)]
}

pub(crate) fn distance(cue: &Cue, span: &Range<usize>) -> usize {
    span.start
        .saturating_sub(cue.end)
        .max(cue.start.saturating_sub(span.end))
}

/// The role from the cues of one clause or sentence: `Some(None)` means "skip this
/// statement", `None` means "no cue here".
pub(crate) fn role_from(cues: &[Cue], span: &Range<usize>, age: u32) -> Option<Option<AgeRole>> {
    let v = &*VOCAB;
    if cues.iter().any(|c| c.kind == CueKind::Skip) {
        return Some(None);
    }
    let strong = cues
        .iter()
        .filter_map(|c| match c.kind {
            CueKind::Strong(i) => Some(&v.file.role[i]),
            _ => None,
        })
        .min_by_key(|r| r.priority);
    if let Some(r) = strong {
        // Parental permission at 18 is the age of majority, not a digital-consent age.
        if r.id == AgeRole::ParentalConsent && age >= 18 {
            return Some(Some(AgeRole::Majority));
        }
        return Some(Some(r.id));
    }
    cues.iter()
        .filter_map(|c| match c.kind {
            CueKind::Weak(i) => Some((distance(c, span), c.start, v.file.role[i].id)),
            _ => None,
        })
        .min()
        .map(|(_, _, role)| Some(role))
}

/// The jurisdiction from the cues of a range: the cue nearest to the age, with the cues
/// listed together with it ("the EU, the EEA or the UK").
pub(crate) fn jurisdiction_from(
    plain: &str,
    cues: &[Cue],
    span: &Range<usize>,
    sentence_level: bool,
) -> Option<String> {
    let v = &*VOCAB;
    let juris: Vec<(usize, &Cue)> = cues
        .iter()
        .filter_map(|c| match c.kind {
            CueKind::Jurisdiction(i)
                if sentence_level || v.file.jurisdiction[i].scope == JurisdictionScope::Section =>
            {
                Some((i, c))
            }
            _ => None,
        })
        .collect();
    let nearest = juris
        .iter()
        .enumerate()
        .min_by_key(|(_, (_, c))| (distance(c, span), c.start))?
        .0;
    // Entries that list many places ("a named country") qualify by the place itself.
    let id_of = |(i, c): (usize, &Cue)| -> String {
        let e = &v.file.jurisdiction[i];
        if e.each {
            plain[c.start..c.end]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            e.id.clone()
        }
    };
    let mut ids = BTreeSet::new();
    ids.insert(id_of(juris[nearest]));
    let listed = |a: &Cue, b: &Cue| {
        let gap = plain[a.end.min(b.start)..b.start.max(a.end)]
            .trim()
            .to_ascii_lowercase();
        let gap = gap.trim_matches(|c: char| c == ',' || c == '(' || c == ')' || c == '/');
        matches!(
            gap.trim(),
            "" | "or"
                | "and"
                | "or the"
                | "and the"
                | "and/or"
                | "or in"
                | "and in"
                | "or in the"
                | "and in the"
                | "the"
                | "including the"
                | "including"
        )
    };
    let mut k = nearest;
    while k > 0 && listed(juris[k - 1].1, juris[k].1) {
        k -= 1;
        ids.insert(id_of(juris[k]));
    }
    let mut k = nearest;
    while k + 1 < juris.len() && listed(juris[k].1, juris[k + 1].1) {
        k += 1;
        ids.insert(id_of(juris[k]));
    }
    if ids.contains(VARIES) {
        return Some(VARIES.to_string());
    }
    Some(ids.into_iter().collect::<Vec<_>>().join("+"))
}

pub(crate) static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[a-z0-9._%+-]+@((?:[a-z0-9-]+\.)+[a-z]{2,})(?-u:\b)").expect("email regex")
});

/// The registrable part of a host: `mail.acme.co.uk` -> `acme.co.uk`.
pub(crate) fn registrable(host: &str) -> String {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    let n = labels.len();
    let keep = if n >= 3
        && labels[n - 1].len() == 2
        && ["co", "com", "org", "net", "ac", "gov", "edu", "ne", "or"].contains(&labels[n - 2])
    {
        3
    } else {
        2
    };
    labels[n.saturating_sub(keep)..].join(".")
}

/// The domains of the contact e-mail addresses a document names most often (its own,
/// rather than a regulator's or a vendor's mentioned once).
pub(crate) fn contact_domains(doc: &Document) -> Vec<String> {
    let v = &*VOCAB;
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mailto = doc
        .links
        .iter()
        .filter_map(|l| l.url.strip_prefix("mailto:"))
        .filter_map(|a| a.split('?').next())
        .filter_map(|a| a.rsplit_once('@').map(|(_, d)| d.to_string()));
    let written = EMAIL
        .captures_iter(&doc.plain)
        .filter_map(|c| c.get(1).map(|m| m.as_str().to_string()));
    for host in mailto.chain(written) {
        let host = host.to_ascii_lowercase();
        let domain = registrable(&host);
        let shared = v
            .file
            .identity
            .shared_mail
            .iter()
            .any(|m| *m == host || *m == domain || host.ends_with(m.as_str()));
        if !shared {
            *counts.entry(domain).or_default() += 1;
        }
    }
    let top = counts.values().copied().max().unwrap_or(0);
    counts
        .into_iter()
        .filter(|&(_, n)| n == top)
        .map(|(d, _)| d)
        .collect()
}

/// Whether a block is an item of a list: a list item, or a paragraph that starts with an
/// enumerator ("a. ", "(ii) ").
pub(crate) fn is_item(doc: &Document, block: usize) -> bool {
    if doc.blocks[block].kind == BlockKind::ListItem {
        return true;
    }
    if doc.blocks[block].kind != BlockKind::Paragraph {
        return false;
    }
    let text = doc.text(block).trim_start();
    let token = text.split_whitespace().next().unwrap_or("");
    let inner = token.trim_start_matches('(').trim_end_matches(['.', ')']);
    token.len() > inner.len()
        && (1..=4).contains(&inner.len())
        && inner.chars().all(|c| c.is_ascii_alphanumeric())
        && (inner.len() == 1
            || inner.chars().all(|c| "ivxlc".contains(c))
            || inner.chars().all(|c| c.is_ascii_digit()))
}

/// The paragraph that introduces the list a block is an item of ("You agree not to:").
pub(crate) fn list_lead_in(doc: &Document, block: usize) -> Option<usize> {
    if !is_item(doc, block) {
        return None;
    }
    (block.saturating_sub(40)..block)
        .rev()
        .find(|&b| !is_item(doc, b))
        .filter(|&b| !doc.blocks[b].is_heading() && doc.text(b).trim_end().ends_with(':'))
}

/// Whether a block is an item of a list introduced as things users must not do.
pub(crate) fn in_conduct_list(doc: &Document, block: usize) -> bool {
    let v = &*VOCAB;
    list_lead_in(doc, block).is_some_and(|b| {
        let text = doc.text(b).to_ascii_lowercase().replace('\u{2019}', "'");
        v.file
            .scope
            .conduct
            .iter()
            .any(|c| text.contains(c.as_str()))
    })
}

/// Whether a block is in a section whose heading (or its parent's) names another scope:
/// "Additional terms for WiFi", "Payments", "Sweepstakes".
pub(crate) fn in_skipped_section(doc: &Document, block: usize, cues: &[Cue]) -> bool {
    let Some(section) = doc.blocks[block].section else {
        return false;
    };
    let parent = doc.sections[section].parent;
    [Some(section), parent].into_iter().flatten().any(|s| {
        let heading = doc.blocks[doc.sections[s].heading].plain.clone();
        cues_in(cues, &heading)
            .iter()
            .any(|c| c.kind == CueKind::Skip)
    })
}

/// How far around an age its sentence and paragraph are read, in bytes.
const SENTENCE_REACH: usize = 400;
const PARAGRAPH_REACH: usize = 1500;

/// `range` cut to at most `reach` bytes either side of `pos`, on character boundaries.
fn clamp_around(text: &str, range: Range<usize>, pos: usize, reach: usize) -> Range<usize> {
    let mut start = range.start.max(pos.saturating_sub(reach));
    let mut end = range.end.min(pos.saturating_add(reach)).max(start);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while end < text.len() && !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// The age statements of a document.
pub(crate) fn extract(doc: &Document) -> Vec<AgeStatement> {
    let (mentions, pairs) = find_ages(&doc.plain);
    if mentions.is_empty() {
        return Vec::new();
    }
    let cues = find_cues(&doc.plain);
    let Layout {
        sentences,
        paragraphs,
    } = layout(doc);
    let find = |ranges: &[Range<usize>], pos: usize| -> Range<usize> {
        let i = ranges.partition_point(|s| s.end <= pos);
        ranges.get(i).cloned().unwrap_or(pos..pos)
    };
    // A run of text without sentence ends (a scraped page, a pasted list) would make every
    // mention's "sentence" the whole run: each look at it is clamped to a window around the
    // mention, so the work per mention is bounded and the whole extraction stays linear.
    let sentence_of =
        |pos: usize| clamp_around(&doc.plain, find(&sentences, pos), pos, SENTENCE_REACH);
    let paragraph_of =
        |pos: usize| clamp_around(&doc.plain, find(&paragraphs, pos), pos, PARAGRAPH_REACH);
    // Ages stated together in one paragraph, or anywhere as a range ("13 to 17"), are
    // deliberately related: the distinct ages of each paragraph are collected once.
    let paragraph_index: Vec<usize> = mentions
        .iter()
        .map(|m| paragraphs.partition_point(|p| p.end <= m.plain.start))
        .collect();
    let mut ages_in_paragraph: BTreeMap<usize, BTreeSet<u32>> = BTreeMap::new();
    for (m, &p) in mentions.iter().zip(&paragraph_index) {
        ages_in_paragraph.entry(p).or_default().insert(m.age);
    }
    let mut range_partners: BTreeMap<u32, BTreeSet<u32>> = BTreeMap::new();
    for &(_, a, b) in &pairs {
        range_partners.entry(a).or_default().extend([b, b + 1]);
        range_partners.entry(b).or_default().insert(a);
        range_partners.entry(b + 1).or_default().insert(a);
    }
    let related_of = |i: usize| -> Vec<u32> {
        let age = mentions[i].age;
        let mut out: BTreeSet<u32> = ages_in_paragraph[&paragraph_index[i]].clone();
        if let Some(partners) = range_partners.get(&age) {
            out.extend(partners);
        }
        out.remove(&age);
        out.into_iter().collect()
    };
    let path = doc.path.clone();
    let dir = std::path::Path::new(&doc.path)
        .parent()
        .map(|p| p.to_string_lossy().to_string())
        .unwrap_or_default();
    let domains = contact_domains(doc);

    let mut out = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        let sentence = sentence_of(m.plain.start);
        let clause = clause_of(&doc.plain, &sentence, m.plain.start);
        let in_clause = cues_in(&cues, &clause);
        let block = doc.block_at(m.plain.start);
        let in_heading = block.is_some_and(|b| doc.blocks[b].is_heading());
        let role = match role_from(in_clause, &m.plain, m.age) {
            // A heading ("Users Under 16") names a topic; its section says what the age is for.
            _ if in_heading => None,
            // An item of a list of things users must not do is not a threshold of the service.
            _ if block.is_some_and(|b| in_conduct_list(doc, b)) => None,
            // Nor is an age in a section about a paid feature or another service.
            _ if block.is_some_and(|b| in_skipped_section(doc, b, &cues)) => None,
            Some(r) => r,
            None => role_from(cues_in(&cues, &sentence), &m.plain, m.age)
                .or_else(|| {
                    // "You represent that:" / "- you are at least 18;": the lead-in says.
                    let lead = doc.blocks[list_lead_in(doc, block?)?].plain.clone();
                    let at = lead.end..lead.end;
                    role_from(cues_in(&cues, &lead), &at, m.age)
                })
                .or_else(|| {
                    // "Eligibility" / "Age requirements": the section heading says.
                    let section = doc.blocks[block?].section?;
                    let heading = doc.blocks[doc.sections[section].heading].plain.clone();
                    let at = heading.end..heading.end;
                    role_from(cues_in(&cues, &heading), &at, m.age)
                })
                .unwrap_or(None),
        };
        let paragraph = paragraph_of(m.plain.start);
        let jurisdiction = jurisdiction_from(&doc.plain, in_clause, &m.plain, true)
            .or_else(|| jurisdiction_from(&doc.plain, cues_in(&cues, &sentence), &m.plain, true))
            .or_else(|| jurisdiction_from(&doc.plain, cues_in(&cues, &paragraph), &m.plain, false))
            .or_else(|| {
                // A short line naming a place right before the paragraph ("South Korea").
                let first = doc.block_at(paragraph.start)?;
                let label = doc.blocks.get(first.checked_sub(1)?)?.plain.clone();
                let text = doc.plain[label.clone()].trim();
                // Not an address line ("Acme GmbH, Hauptstr. 5, 10115 Berlin, Germany").
                if text.len() > 60
                    || text.ends_with(['.', '!', '?'])
                    || text.contains(|c: char| c.is_ascii_digit())
                {
                    return None;
                }
                let span = label.end..label.end;
                jurisdiction_from(&doc.plain, cues_in(&cues, &label), &span, false)
            })
            .or_else(|| {
                let section = doc.blocks[block?].section?;
                doc.ancestors(section).iter().rev().find_map(|&s| {
                    let heading = doc.blocks[doc.sections[s].heading].plain.clone();
                    let span = heading.start..heading.start;
                    jurisdiction_from(&doc.plain, cues_in(&cues, &heading), &span, false)
                })
            })
            .unwrap_or_default();
        let span = doc.span(m.plain.clone());
        out.push(AgeStatement {
            age: m.age,
            text: doc.plain[m.plain.clone()]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            span,
            role,
            jurisdiction,
            related: related_of(i),
            path: path.clone(),
            dir: dir.clone(),
            domains: domains.clone(),
        });
    }
    out
}
