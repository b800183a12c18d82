//! Section concepts: which topics a policy covers (contact, data collected, purposes,
//! third parties, retention...), from headings anywhere in the tree, content cues and
//! statements that a practice does not happen. The concepts, their synonyms and cues, and the
//! profiles that require them live in `rules/sections.toml`.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;
use serde::Deserialize;

use crate::document::{normalize_heading, BlockKind, Document, Format};
// ----- vocabulary ---------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Catalogue {
    pub(crate) kind: KindEntry,
    pub(crate) concept: Vec<ConceptEntry>,
    pub(crate) profile: Vec<ProfileEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct KindEntry {
    pub privacy: Vec<String>,
    pub terms: Vec<String>,
    pub cookie: Vec<String>,
    pub other: Vec<String>,
    pub policy_words: Vec<String>,
    pub(crate) privacy_cues: Vec<String>,
    pub min_privacy_cues: usize,
    pub min_core_covered: usize,
    pub(crate) not_practices: Vec<String>,
    pub(crate) no_personal_data: Vec<String>,
    pub(crate) no_personal_data_moots: Vec<String>,
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) no_personal_data_examples: Vec<String>,
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) no_personal_data_ignores: Vec<String>,
    pub(crate) supplement: Vec<String>,
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) supplement_examples: Vec<String>,
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) supplement_ignores: Vec<String>,
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) privacy_examples: Vec<String>,
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) other_examples: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ConceptEntry {
    pub(crate) id: String,
    pub(crate) topic: String,
    #[serde(default)]
    pub(crate) message: Option<String>,
    pub(crate) missing: String,
    pub(crate) suggest: Vec<String>,
    pub(crate) content: String,
    #[serde(default)]
    pub(crate) why: Option<String>,
    /// A line (`Last updated: ...`) rather than a section: changes the help's wording.
    #[serde(default)]
    pub(crate) line: bool,
    /// Only some services do this (children, transfers, cookies...): the help suggests a
    /// one-sentence statement when it does not apply.
    #[serde(default)]
    pub(crate) may_not_apply: bool,
    pub(crate) headings: Vec<String>,
    #[serde(default)]
    pub(crate) strong: Vec<String>,
    #[serde(default)]
    pub(crate) cues: Vec<String>,
    #[serde(default = "default_min_cues")]
    pub(crate) min_cues: usize,
    #[serde(default)]
    pub(crate) patterns: Vec<String>,
    #[serde(default)]
    pub(crate) near_top: Vec<String>,
    #[serde(default)]
    pub(crate) absent: Vec<String>,
    #[serde(default)]
    pub(crate) triggers: Vec<String>,
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) matches: Vec<String>,
    #[serde(default)]
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) ignores: Vec<String>,
}

pub(crate) fn default_min_cues() -> usize {
    2
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProfileEntry {
    pub(crate) id: String,
    pub(crate) require: Vec<Requirement>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Requirement {
    pub(crate) concept: String,
    #[serde(default)]
    pub(crate) cite: Option<String>,
}

/// How a phrase of the automaton counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cue {
    /// Alone covers the concept.
    Strong,
    /// Counts towards `min_cues` different cues in one block; the id numbers the concept's cues.
    Weak(usize),
    /// Names the document as a privacy policy (kind detection).
    Privacy(usize),
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Phrase {
    pub(crate) concept: usize,
    pub(crate) cue: Cue,
    /// The phrase may end inside a word (`retain*`).
    pub(crate) prefix: bool,
    /// Whether the phrase starts / ends with a word character (boundary checks apply).
    pub(crate) word_start: bool,
    pub(crate) word_end: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PatternKind {
    Strong,
    NearTop,
    Absent,
    Trigger,
    /// "We do not collect any personal data": every concept in `moots` does not apply.
    NoPersonalData,
}

/// A concept a profile requires, and the provision cited for it.
pub(crate) type Required = (usize, Option<String>);

pub(crate) struct Vocabulary {
    pub(crate) concepts: Vec<ConceptEntry>,
    pub(crate) kind: KindEntry,
    /// Per profile id: the concepts required and the provision cited.
    pub(crate) profiles: Vec<(String, Vec<Required>)>,
    pub(crate) headings: AhoCorasick,
    pub(crate) heading_phrases: Vec<Phrase>,
    pub(crate) cues: AhoCorasick,
    pub(crate) cue_phrases: Vec<Phrase>,
    pub(crate) patterns: Vec<Regex>,
    pub(crate) pattern_meta: Vec<(usize, PatternKind)>,
    /// Concepts that do not apply when no personal data is collected.
    pub(crate) moots: Vec<usize>,
}

pub(crate) static DATA: &str = include_str!("../../rules/sections.toml");

/// Adds a phrase (and its curly-apostrophe twin) to an automaton's pattern list.
pub(crate) fn push_phrase(
    pats: &mut Vec<String>,
    meta: &mut Vec<Phrase>,
    raw: &str,
    concept: usize,
    cue: Cue,
) {
    let prefix = raw.ends_with('*');
    let text = raw.trim_end_matches('*').to_ascii_lowercase();
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    let phrase = Phrase {
        concept,
        cue,
        prefix,
        word_start: word(text.chars().next()),
        word_end: word(text.chars().last()),
    };
    if text.contains('\'') {
        pats.push(text.replace('\'', "\u{2019}"));
        meta.push(phrase);
    }
    pats.push(text);
    meta.push(phrase);
}

pub(crate) fn automaton(pats: &[String]) -> AhoCorasick {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .build(pats)
        .expect("sections.toml phrases")
}

pub(crate) static VOCAB: LazyLock<Vocabulary> = LazyLock::new(|| {
    let file: Catalogue = crate::vocab::load("sections.toml", DATA);
    let index = |id: &str| {
        file.concept
            .iter()
            .position(|c| c.id == id)
            .unwrap_or_else(|| panic!("rules/sections.toml: unknown concept `{id}`"))
    };
    let profiles = file
        .profile
        .iter()
        .map(|p| {
            let req = p
                .require
                .iter()
                .map(|r| (index(&r.concept), r.cite.clone()))
                .collect();
            (p.id.clone(), req)
        })
        .collect();

    let (mut hp, mut hm) = (Vec::new(), Vec::new());
    let (mut cp, mut cm) = (Vec::new(), Vec::new());
    let (mut rp, mut rm) = (Vec::new(), Vec::new());
    for (i, c) in file.concept.iter().enumerate() {
        for h in &c.headings {
            push_phrase(&mut hp, &mut hm, h, i, Cue::Strong);
        }
        for s in &c.strong {
            push_phrase(&mut cp, &mut cm, s, i, Cue::Strong);
        }
        for (k, w) in c.cues.iter().enumerate() {
            push_phrase(&mut cp, &mut cm, w, i, Cue::Weak(k));
        }
        for (list, kind) in [
            (&c.patterns, PatternKind::Strong),
            (&c.near_top, PatternKind::NearTop),
            (&c.absent, PatternKind::Absent),
            (&c.triggers, PatternKind::Trigger),
        ] {
            for p in list {
                rp.push(p.clone());
                rm.push((i, kind));
            }
        }
    }
    // "We do not collect any personal data" makes the listed concepts not applicable.
    let moots: Vec<usize> = file
        .kind
        .no_personal_data_moots
        .iter()
        .map(|id| index(id))
        .collect();
    for p in &file.kind.no_personal_data {
        rp.push(p.clone());
        rm.push((usize::MAX, PatternKind::NoPersonalData));
    }
    for (k, w) in file.kind.privacy_cues.iter().enumerate() {
        push_phrase(&mut cp, &mut cm, w, usize::MAX, Cue::Privacy(k));
    }
    let patterns = rp
        .iter()
        .zip(&rm)
        .map(|(p, (i, _))| {
            let id = file.concept.get(*i).map_or("kind", |c| c.id.as_str());
            Regex::new(p).unwrap_or_else(|e| panic!("rules/sections.toml: {id}: {e}"))
        })
        .collect();
    Vocabulary {
        headings: automaton(&hp),
        heading_phrases: hm,
        cues: automaton(&cp),
        cue_phrases: cm,
        patterns,
        pattern_meta: rm,
        moots,
        profiles,
        kind: file.kind,
        concepts: file.concept,
    }
});

// ----- analysis -----------------------------------------------------------------------------

/// How a concept is (or is not) covered in one document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coverage {
    /// A heading names it: the section index (or the block of a bold lead-in).
    Heading(usize),
    LeadIn(usize),
    /// A passage deals with it: the block index.
    Content(usize),
    /// The policy says the practice does not happen.
    NotApplicable(usize),
    Missing,
}

/// What the rule found out about one document.
#[derive(Clone, Debug)]
pub struct Analysis {
    /// Per concept, in catalogue order.
    pub coverage: Vec<Coverage>,
    /// Per concept: a trigger occurs (always true for concepts without triggers).
    pub triggered: Vec<bool>,
    /// Distinct privacy cues seen (kind detection).
    pub privacy_cues: usize,
    /// `near_top` matches below the top of the document: concept and block.
    pub(crate) late: Vec<(usize, usize)>,
}

pub(crate) fn is_word_byte_before(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
}

pub(crate) fn is_word_byte_after(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_some_and(char::is_alphanumeric)
}

/// Whether a phrase match respects word boundaries.
pub(crate) fn bounded(text: &str, start: usize, end: usize, p: &Phrase) -> bool {
    let cut_start = p.word_start && is_word_byte_before(text, start);
    let cut_end = p.word_end && !p.prefix && is_word_byte_after(text, end);
    !cut_start && !cut_end
}

/// Concepts named by a heading's text.
pub(crate) fn heading_concepts(title: &str, out: &mut Vec<usize>) {
    let v = &*VOCAB;
    let norm = normalize_heading(title);
    if norm.is_empty() || norm.split_whitespace().count() > 16 {
        return;
    }
    for m in v.headings.find_overlapping_iter(&norm) {
        let p = &v.heading_phrases[m.pattern().as_usize()];
        if bounded(&norm, m.start(), m.end(), p) {
            out.push(p.concept);
        }
    }
}

/// The bold lead-in of a Markdown or HTML paragraph (`**Children.** We do not...`): the block
/// starts right after a bold opener and the bold text closes within a short window.
pub(crate) fn lead_in(doc: &Document, block: usize) -> Option<&str> {
    let b = &doc.blocks[block];
    if !matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem) {
        return None;
    }
    let before = doc.source.get(..b.span.start)?;
    let rest = window(doc.source.get(b.span.start..)?, 120);
    match doc.format {
        Format::Markdown => ["**", "__"]
            .into_iter()
            .find(|m| before.ends_with(m))
            .and_then(|m| rest.find(m).map(|end| &rest[..end])),
        Format::Html => {
            let lt = before.rfind('<')?;
            let tag = before[lt..].to_ascii_lowercase();
            let close = if tag.starts_with("<strong") {
                "</strong>"
            } else if tag == "<b>" || tag.starts_with("<b ") {
                "</b>"
            } else {
                return None;
            };
            if !tag.ends_with('>') {
                return None;
            }
            let end = rest.to_ascii_lowercase().find(close)?;
            Some(&rest[..end]).filter(|s| !s.contains('<'))
        }
        Format::Text => None,
    }
}

impl Analysis {
    /// Counts `near_top` matches just below the document's title (block index) as covering.
    pub fn below_title(&mut self, title: usize) {
        for &(c, b) in &self.late {
            if self.coverage[c] == Coverage::Missing && (title..=title + BELOW_TITLE).contains(&b) {
                self.coverage[c] = Coverage::Content(b);
            }
        }
    }

    /// How many of the core profile's practice concepts (everything but contact details and
    /// the date, which pages that are not policies also have) are covered.
    pub fn core_covered(&self) -> usize {
        let v = &*VOCAB;
        v.profiles
            .iter()
            .filter(|(id, _)| id == "core")
            .flat_map(|(_, reqs)| reqs)
            .filter(|(c, _)| !v.kind.not_practices.contains(&v.concepts[*c].id))
            .filter(|(c, _)| self.coverage[*c] != Coverage::Missing)
            .count()
    }
}

/// The "place" of each block for counting weak cues: the block itself, or for plain text
/// hard-wrapped at a fixed width, the first line of its paragraph (a line that continues
/// the previous one: no sentence end before it, lowercase start).
pub(crate) fn places(doc: &Document) -> Vec<usize> {
    let mut place: Vec<usize> = (0..doc.blocks.len()).collect();
    if doc.format != Format::Text {
        return place;
    }
    for b in 1..doc.blocks.len() {
        let (prev, cur) = (&doc.blocks[b - 1], &doc.blocks[b]);
        let continues = matches!(prev.kind, BlockKind::Paragraph | BlockKind::ListItem)
            && cur.kind == BlockKind::Paragraph
            && !doc
                .text(b - 1)
                .trim_end()
                .ends_with(['.', '!', '?', ':', ';'])
            && doc.text(b).starts_with(|c: char| c.is_lowercase());
        if continues {
            place[b] = place[b - 1];
        }
    }
    place
}

/// Finds how each concept is covered. One pass of each automaton, then each pattern with its own prefilter.
pub fn analyze(doc: &Document) -> Analysis {
    let v = &*VOCAB;
    let n = v.concepts.len();
    let mut coverage = vec![Coverage::Missing; n];
    let mut triggered: Vec<bool> = v.concepts.iter().map(|c| c.triggers.is_empty()).collect();

    // Headings anywhere in the tree, then bold lead-ins.
    let mut found = Vec::new();
    for (s, section) in doc.sections.iter().enumerate() {
        found.clear();
        heading_concepts(&section.title, &mut found);
        for &c in &found {
            if coverage[c] == Coverage::Missing {
                coverage[c] = Coverage::Heading(s);
            }
        }
    }
    if doc.format != Format::Text {
        for b in 0..doc.blocks.len() {
            if let Some(lead) = lead_in(doc, b) {
                found.clear();
                heading_concepts(lead, &mut found);
                for &c in &found {
                    if coverage[c] == Coverage::Missing {
                        coverage[c] = Coverage::LeadIn(b);
                    }
                }
            }
        }
    }

    // Content cues: strong ones anywhere, weak ones counted per block.
    let text = doc.plain.as_str();
    let place = places(doc);
    let mut weak: Vec<(usize, usize, usize)> = Vec::new();
    let mut privacy = Vec::new();
    for m in v.cues.find_overlapping_iter(text) {
        let p = &v.cue_phrases[m.pattern().as_usize()];
        if !bounded(text, m.start(), m.end(), p) {
            continue;
        }
        match p.cue {
            Cue::Privacy(k) => privacy.push(k),
            Cue::Strong => {
                if coverage[p.concept] == Coverage::Missing {
                    if let Some(b) = doc.block_at(m.start()) {
                        coverage[p.concept] = Coverage::Content(b);
                    }
                }
            }
            Cue::Weak(k) => {
                if coverage[p.concept] == Coverage::Missing {
                    if let Some(b) = doc.block_at(m.start()) {
                        weak.push((p.concept, place[b], k));
                    }
                }
            }
        }
    }
    weak.sort_unstable();
    weak.dedup();
    let mut i = 0;
    while i < weak.len() {
        let (c, b, _) = weak[i];
        let j = i + weak[i..]
            .iter()
            .take_while(|w| w.0 == c && w.1 == b)
            .count();
        if j - i >= v.concepts[c].min_cues && coverage[c] == Coverage::Missing {
            coverage[c] = Coverage::Content(b);
        }
        i = j;
    }
    privacy.sort_unstable();
    privacy.dedup();

    // Patterns: one pass for which occur, then locate those.
    let top_end = doc
        .blocks
        .get(12)
        .map_or(text.len(), |b| b.plain.start)
        .min(1500);
    let mut late = Vec::new();
    // Each pattern scans with its own literal prefilter: measured on the corpus this is
    // several times faster than one overlapping `RegexSet` pass, whose lazy DFA has to build
    // a large number of states for these patterns on every long document.
    let occurring = (0..v.patterns.len()).filter(|&i| v.patterns[i].is_match(text));
    for idx in occurring {
        let (c, kind) = v.pattern_meta[idx];
        match kind {
            PatternKind::Trigger => triggered[c] = true,
            PatternKind::Absent | PatternKind::NoPersonalData => {
                let Some(b) = v.patterns[idx]
                    .find(text)
                    .and_then(|m| doc.block_at(m.start()))
                else {
                    continue;
                };
                let concepts = match kind {
                    PatternKind::Absent => std::slice::from_ref(&c),
                    _ => v.moots.as_slice(),
                };
                for &c in concepts {
                    if !matches!(coverage[c], Coverage::Heading(_) | Coverage::Content(_)) {
                        coverage[c] = Coverage::NotApplicable(b);
                    }
                }
            }
            PatternKind::Strong => {
                if coverage[c] == Coverage::Missing {
                    let hit = v.patterns[idx].find(text);
                    if let Some(b) = hit.and_then(|m| doc.block_at(m.start())) {
                        coverage[c] = Coverage::Content(b);
                    }
                }
            }
            PatternKind::NearTop => {
                if coverage[c] != Coverage::Missing {
                    continue;
                }
                // Keep the first few further down: they count if they sit just below the
                // title, which scraped pages put after their navigation.
                for m in v.patterns[idx].find_iter(text).take(MAX_LATE_DATES) {
                    let Some(b) = doc.block_at(m.start()) else {
                        continue;
                    };
                    if m.start() < top_end {
                        coverage[c] = Coverage::Content(b);
                        break;
                    }
                    late.push((c, b));
                }
            }
        }
    }
    Analysis {
        coverage,
        triggered,
        privacy_cues: privacy.len(),
        late,
    }
}

/// How many `near_top` matches below the top of the document are kept.
pub(crate) const MAX_LATE_DATES: usize = 8;
/// How many blocks below the title a `near_top` match may sit.
pub(crate) const BELOW_TITLE: usize = 8;

/// The words that name a document's kind (`[kind]` in `rules/sections.toml`).
pub(crate) fn kind_vocabulary() -> &'static KindEntry {
    &VOCAB.kind
}

/// The first `len` bytes of `s`, cut at a character boundary.
pub(crate) fn window(s: &str, len: usize) -> &str {
    &s[..s.floor_char_boundary_compat(len)]
}

pub(crate) trait FloorBoundary {
    fn floor_char_boundary_compat(&self, at: usize) -> usize;
}

impl FloorBoundary for str {
    fn floor_char_boundary_compat(&self, at: usize) -> usize {
        let mut at = at.min(self.len());
        while !self.is_char_boundary(at) {
            at -= 1;
        }
        at
    }
}

/// Concepts the active profiles require, with the provisions cited (core cites none).
pub(crate) fn required(jurisdictions: &[String]) -> BTreeMap<usize, Vec<&'static str>> {
    let v = &*VOCAB;
    let mut out: BTreeMap<usize, Vec<&'static str>> = BTreeMap::new();
    for (id, reqs) in &v.profiles {
        if id != "core" && !jurisdictions.iter().any(|j| j == id) {
            continue;
        }
        for (c, cite) in reqs {
            let entry = out.entry(*c).or_default();
            if let Some(cite) = cite {
                entry.push(cite.as_str());
            }
        }
    }
    out
}
pub fn concept_id(index: usize) -> &'static str {
    VOCAB.concepts[index].id.as_str()
}

/// The index of a concept by its id in `rules/sections.toml`.
pub fn concept_index(id: &str) -> Option<usize> {
    VOCAB.concepts.iter().position(|c| c.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::ExampleReport;

    fn covered(text: &str, concept: usize) -> bool {
        let doc = Document::parse("example.md", text.to_string());
        analyze(&doc).coverage[concept] != Coverage::Missing
    }

    #[test]
    fn vocabulary_examples_hold() {
        let v = &*VOCAB;
        let mut report = ExampleReport::default();
        let ids: Vec<&str> = v.concepts.iter().map(|c| c.id.as_str()).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        report.expect(ids == sorted, || "concepts must be sorted by id".into());
        sorted.dedup();
        report.expect(sorted.len() == ids.len(), || "ids must be unique".into());
        for (i, c) in v.concepts.iter().enumerate() {
            report.expect(!c.matches.is_empty(), || {
                format!("{}: needs at least one `matches` example", c.id)
            });
            report.expect(!c.suggest.is_empty(), || {
                format!("{}: needs `suggest` headings", c.id)
            });
            for m in &c.matches {
                report.expect(covered(m, i), || format!("{}: should cover {m:?}", c.id));
            }
            for m in &c.ignores {
                report.expect(!covered(m, i), || {
                    format!("{}: should not cover {m:?}", c.id)
                });
            }
            // The suggested headings must themselves satisfy the concept.
            if !c.line {
                for s in &c.suggest {
                    let doc = format!("## {s}");
                    report.expect(covered(&doc, i), || {
                        format!("{}: suggested heading {s:?} is not recognised", c.id)
                    });
                }
            }
        }
        for (name, patterns, examples, ignores) in [
            (
                "no_personal_data",
                &v.kind.no_personal_data,
                &v.kind.no_personal_data_examples,
                &v.kind.no_personal_data_ignores,
            ),
            (
                "supplement",
                &v.kind.supplement,
                &v.kind.supplement_examples,
                &v.kind.supplement_ignores,
            ),
        ] {
            let set = regex::RegexSet::new(patterns).unwrap();
            for e in examples {
                report.expect(set.is_match(e), || format!("{name}: should match {e:?}"));
            }
            for e in ignores {
                report.expect(!set.is_match(e), || {
                    format!("{name}: should not match {e:?}")
                });
            }
        }
        use crate::model::kind::{title_says, Said};
        for e in &v.kind.privacy_examples {
            report.expect(title_says(e) == Said::PrivacyPolicy, || {
                format!("kind: {e:?} should be a privacy document")
            });
        }
        for e in &v.kind.other_examples {
            report.expect(
                !matches!(title_says(e), Said::PrivacyPolicy | Said::PrivacyTopic),
                || format!("kind: {e:?} should not be a privacy document"),
            );
        }
        report.assert_ok("sections.toml");
    }

    #[test]
    fn profiles_reference_known_jurisdictions() {
        for (id, reqs) in &VOCAB.profiles {
            assert!(
                crate::config::JURISDICTIONS.contains(&id.as_str()),
                "profile {id} is not a known jurisdiction"
            );
            if id != "core" {
                assert!(
                    reqs.iter().all(|(_, cite)| cite.is_some()),
                    "every {id} requirement must cite its provision"
                );
            }
        }
    }

    #[test]
    fn core_profile_is_the_default() {
        let core = required(&[]);
        let ids: Vec<&str> = core
            .keys()
            .map(|&c| VOCAB.concepts[c].id.as_str())
            .collect();
        assert_eq!(
            ids,
            [
                "changes",
                "children",
                "contact",
                "data-collected",
                "effective-date",
                "purposes",
                "retention",
                "rights",
                "security",
                "third-parties"
            ]
        );
        let gdpr = required(&["gdpr".to_string()]);
        assert!(gdpr.len() > core.len());
    }
}
