//! `missing-section` (S001): a section concept a privacy policy needs is not covered anywhere.
//!
//! The concepts, their heading synonyms and content cues, and the profiles that require them
//! live in `rules/sections.toml`. A concept is covered by a matching heading anywhere in the
//! tree, by enough content cues in one block, or by a statement that it does not apply.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;
use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::document::{normalize_heading, BlockKind, Document, Format};
use crate::rule::{LintContext, Rule, RuleMeta};

crate::declare_rule! {
    /// ## What it does
    /// Checks that a privacy policy covers the topics readers and regulators look for. With
    /// no configuration the `core` profile applies: contact details, the data collected, how
    /// it is used, sharing with third parties, retention, security, users' rights, children,
    /// changes to the policy, and an effective or last-updated date. Each jurisdiction in
    /// `jurisdictions` adds the elements its law requires (for example `gdpr` adds the
    /// controller's identity, the legal basis, international transfers, withdrawing consent and
    /// the right to complain to a supervisory authority), and the finding cites the provision.
    ///
    /// A topic counts as covered by a heading that names it anywhere in the document
    /// (subsections and bold pseudo-headings included), by a passage that clearly deals with it
    /// even without a heading ("we do not knowingly collect data from children under 13"), or
    /// by a statement that it does not apply ("we do not transfer data outside the EEA", "we do
    /// not sell personal information", "we do not use cookies").
    ///
    /// Only privacy policies are checked. The kind of document is decided from its title or
    /// first heading, then its file name, then its content: terms of service, cookie policies
    /// and other documents are left alone.
    ///
    /// ## Why is this bad?
    /// A policy that never mentions retention or children leaves readers guessing and is
    /// usually non-compliant: GDPR Art. 13 lists the information a privacy notice must give
    /// (retention period, rights, complaint to an authority...), CalOPPA §22575(b) requires an
    /// effective date and how changes are notified, and the CCPA requires the categories of
    /// personal information, the consumer's rights and how to exercise them.
    ///
    /// ## Example
    /// ```text
    /// Privacy Policy
    /// Last updated: March 9, 2026
    /// 1. Information We Collect
    /// ...
    /// 7. Data Retention
    /// ...
    /// 11. Contact
    /// ```
    /// Nothing in the document mentions children or a minimum age, so the rule reports
    /// `no section on children's privacy`.
    ///
    /// ## How to fix
    /// Add the section named in the message; the help lists headings that satisfy the rule.
    /// If the topic does not apply, say so in one sentence ("Our service is not directed to
    /// children under 13"): that covers it too.
    ///
    /// ## Configuration
    /// `jurisdictions = ["gdpr", "ccpa"]` in `policylint.toml` (or `--jurisdictions gdpr,ccpa`)
    /// adds those regimes' elements to the `core` profile. Known profiles: `core`, `gdpr`,
    /// `uk-gdpr`, `ccpa`, `caloppa`, `coppa`, `lgpd`, `pipeda`.
    ///
    /// ## References
    /// GDPR Art. 13 and 14; CCPA §1798.130(a)(5) and 11 CCR §7011; CalOPPA (Cal. Bus. & Prof.
    /// Code §22575(b)); COPPA (16 CFR 312.4(d)); LGPD Art. 9 and 41; PIPEDA Schedule 1, 4.8.2.
    pub static META = {
        code: "S001",
        name: "missing-section",
        category: Structure,
        severity: Warning,
        summary: "a section a privacy policy needs is missing",
    }
}

// ----- vocabulary ---------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Catalogue {
    kind: KindEntry,
    concept: Vec<ConceptEntry>,
    profile: Vec<ProfileEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KindEntry {
    privacy: Vec<String>,
    other: Vec<String>,
    privacy_cues: Vec<String>,
    min_privacy_cues: usize,
    min_core_covered: usize,
    not_practices: Vec<String>,
    no_personal_data: Vec<String>,
    no_personal_data_moots: Vec<String>,
    #[cfg_attr(not(test), allow(dead_code))]
    no_personal_data_examples: Vec<String>,
    #[cfg_attr(not(test), allow(dead_code))]
    no_personal_data_ignores: Vec<String>,
    #[cfg_attr(not(test), allow(dead_code))]
    privacy_examples: Vec<String>,
    #[cfg_attr(not(test), allow(dead_code))]
    other_examples: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConceptEntry {
    id: String,
    topic: String,
    #[serde(default)]
    message: Option<String>,
    missing: String,
    suggest: Vec<String>,
    content: String,
    #[serde(default)]
    why: Option<String>,
    /// A line (`Last updated: ...`) rather than a section: changes the help's wording.
    #[serde(default)]
    line: bool,
    /// Only some services do this (children, transfers, cookies...): the help suggests a
    /// one-sentence statement when it does not apply.
    #[serde(default)]
    may_not_apply: bool,
    headings: Vec<String>,
    #[serde(default)]
    strong: Vec<String>,
    #[serde(default)]
    cues: Vec<String>,
    #[serde(default = "default_min_cues")]
    min_cues: usize,
    #[serde(default)]
    patterns: Vec<String>,
    #[serde(default)]
    near_top: Vec<String>,
    #[serde(default)]
    absent: Vec<String>,
    #[serde(default)]
    triggers: Vec<String>,
    #[cfg_attr(not(test), allow(dead_code))]
    matches: Vec<String>,
    #[serde(default)]
    #[cfg_attr(not(test), allow(dead_code))]
    ignores: Vec<String>,
}

fn default_min_cues() -> usize {
    2
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileEntry {
    id: String,
    require: Vec<Requirement>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Requirement {
    concept: String,
    #[serde(default)]
    cite: Option<String>,
}

/// How a phrase of the automaton counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cue {
    /// Alone covers the concept.
    Strong,
    /// Counts towards `min_cues` different cues in one block; the id numbers the concept's cues.
    Weak(usize),
    /// Names the document as a privacy policy (kind detection).
    Privacy(usize),
}

#[derive(Clone, Copy, Debug)]
struct Phrase {
    concept: usize,
    cue: Cue,
    /// The phrase may end inside a word (`retain*`).
    prefix: bool,
    /// Whether the phrase starts / ends with a word character (boundary checks apply).
    word_start: bool,
    word_end: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PatternKind {
    Strong,
    NearTop,
    Absent,
    Trigger,
    /// "We do not collect any personal data": every concept in `moots` does not apply.
    NoPersonalData,
}

/// A concept a profile requires, and the provision cited for it.
type Required = (usize, Option<String>);

struct Vocabulary {
    concepts: Vec<ConceptEntry>,
    kind: KindEntry,
    /// Per profile id: the concepts required and the provision cited.
    profiles: Vec<(String, Vec<Required>)>,
    headings: AhoCorasick,
    heading_phrases: Vec<Phrase>,
    cues: AhoCorasick,
    cue_phrases: Vec<Phrase>,
    patterns: Vec<Regex>,
    pattern_meta: Vec<(usize, PatternKind)>,
    /// Concepts that do not apply when no personal data is collected.
    moots: Vec<usize>,
}

static DATA: &str = include_str!("../../rules/sections.toml");

/// Adds a phrase (and its curly-apostrophe twin) to an automaton's pattern list.
fn push_phrase(
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

fn automaton(pats: &[String]) -> AhoCorasick {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .build(pats)
        .expect("sections.toml phrases")
}

static VOCAB: LazyLock<Vocabulary> = LazyLock::new(|| {
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
#[derive(Debug)]
pub struct Analysis {
    /// Per concept, in catalogue order.
    pub coverage: Vec<Coverage>,
    /// Per concept: a trigger occurs (always true for concepts without triggers).
    pub triggered: Vec<bool>,
    /// Distinct privacy cues seen (kind detection).
    pub privacy_cues: usize,
    /// `near_top` matches below the top of the document: concept and block.
    late: Vec<(usize, usize)>,
}

fn is_word_byte_before(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
}

fn is_word_byte_after(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_some_and(char::is_alphanumeric)
}

/// Whether a phrase match respects word boundaries.
fn bounded(text: &str, start: usize, end: usize, p: &Phrase) -> bool {
    let cut_start = p.word_start && is_word_byte_before(text, start);
    let cut_end = p.word_end && !p.prefix && is_word_byte_after(text, end);
    !cut_start && !cut_end
}

/// Concepts named by a heading's text.
fn heading_concepts(title: &str, out: &mut Vec<usize>) {
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
fn lead_in(doc: &Document, block: usize) -> Option<&str> {
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
fn places(doc: &Document) -> Vec<usize> {
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
const MAX_LATE_DATES: usize = 8;
/// How many blocks below the title a `near_top` match may sit.
const BELOW_TITLE: usize = 8;

// ----- document kind ------------------------------------------------------------------------

/// What a title, heading or file name says the document is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Said {
    Privacy,
    Other,
    Nothing,
}

/// Reads a title or a file name: the kind word nearest the end names the document ("Data
/// Protection Terms" are terms; a repository called `app-privacy` may hold
/// `terms-of-service.md`). A cookie word only wins when no privacy word is there: "Privacy and
/// Cookie Policy" is a privacy policy.
fn title_says(text: &str) -> Said {
    let lower = text.to_lowercase().replace(['-', '_', '.', '/'], " ");
    let v = &*VOCAB;
    let last = |words: &[String], skip_cookie: bool| {
        words
            .iter()
            .filter(|w| !(skip_cookie && w.starts_with("cookie")))
            .filter_map(|w| rfind_word(&lower, w))
            .max()
    };
    let privacy = last(&v.kind.privacy, false);
    let other = last(&v.kind.other, privacy.is_some());
    match (privacy, other) {
        (Some(p), Some(o)) if o > p => Said::Other,
        (Some(_), _) => Said::Privacy,
        (None, Some(_)) => Said::Other,
        (None, None) => Said::Nothing,
    }
}

/// Reads a file name (the last path component).
fn name_says(path: &str) -> Said {
    title_says(path.rsplit(['/', '\\']).next().unwrap_or(path))
}

fn word_at(text: &str, at: usize, len: usize) -> bool {
    !is_word_byte_before(text, at) && !is_word_byte_after(text, at + len)
}

fn rfind_word(text: &str, word: &str) -> Option<usize> {
    text.rmatch_indices(word)
        .find(|&(i, _)| word_at(text, i, word.len()))
        .map(|(i, _)| i)
}

/// Whether the document is a privacy policy, and the block that says so (its title).
pub fn privacy_title(doc: &Document, analysis: &Analysis) -> (bool, Option<usize>) {
    let v = &*VOCAB;
    let core = analysis.core_covered();
    // Pages titled "privacy" that cover almost nothing are landing or navigation pages.
    let titled_policy = core >= v.kind.min_core_covered;
    let policy_like = || core >= v.kind.min_core_covered;
    let headings: Vec<(u8, usize)> = doc
        .blocks
        .iter()
        .enumerate()
        .take(15)
        .filter_map(|(i, b)| match b.kind {
            BlockKind::Heading { level } => Some((level, i)),
            _ => None,
        })
        .collect();
    let privacy_heading = headings
        .iter()
        .find(|&&(_, i)| title_says(window(doc.text(i), 200)) == Said::Privacy)
        .map(|&(_, i)| i);
    // A scraped page starts with its URL: the best statement of what the page was meant to
    // be, but such pages are often navigation or articles, so the content must agree.
    let first = doc.blocks.first().map(|_| doc.text(0)).unwrap_or("");
    if let Some(rest) = first
        .strip_prefix("http://")
        .or_else(|| first.strip_prefix("https://"))
    {
        // The path names the page; the host (`privacy.example.com`) does not.
        let path = rest.find('/').map_or("", |i| &rest[i..]);
        match title_says(window(path, 300)) {
            Said::Privacy => {
                let ok = if privacy_heading.is_some() {
                    titled_policy
                } else {
                    policy_like()
                };
                return (ok, privacy_heading);
            }
            Said::Other => return (false, None),
            Said::Nothing => {}
        }
    }
    // The title: the first three headings, a level-1 title before a bold banner above it.
    let mut titles: Vec<(u8, usize)> = headings.into_iter().take(3).collect();
    titles.sort_unstable();
    for (_, i) in titles {
        match title_says(window(doc.text(i), 200)) {
            Said::Privacy => return (titled_policy, Some(i)),
            Said::Other => return (false, None),
            Said::Nothing => {}
        }
    }
    // A short first line, then the file name (unless the page gave its URL: scraped pages are
    // often stored under their host name), then the content alone.
    let scraped = first.starts_with("http://") || first.starts_with("https://");
    let said = match first.split_whitespace().count() <= 12 && !scraped {
        true => title_says(window(first, 200)),
        false => Said::Nothing,
    };
    let said = match said {
        Said::Nothing if !scraped => name_says(&doc.path),
        said => said,
    };
    let privacy = match said {
        Said::Privacy if privacy_heading.is_some() => titled_policy,
        Said::Privacy => policy_like(),
        Said::Other => false,
        // Content alone must say more than a titled page.
        Said::Nothing => {
            analysis.privacy_cues >= v.kind.min_privacy_cues && core > v.kind.min_core_covered
        }
    };
    (privacy, privacy_heading)
}

/// The first `len` bytes of `s`, cut at a character boundary.
fn window(s: &str, len: usize) -> &str {
    &s[..s.floor_char_boundary_compat(len)]
}

trait FloorBoundary {
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

// ----- the rule -----------------------------------------------------------------------------

/// Concepts the active profiles require, with the provisions cited (core cites none).
fn required(jurisdictions: &[String]) -> BTreeMap<usize, Vec<&'static str>> {
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

/// "`A`, `B` or `C`".
fn or_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("`{s}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

pub struct MissingSection;

impl Rule for MissingSection {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut LintContext<'_>) {
        let v = &*VOCAB;
        let mut analysis = analyze(doc);
        let (privacy, title) = privacy_title(doc, &analysis);
        if !privacy {
            return;
        }
        if let Some(t) = title {
            analysis.below_title(t);
        }
        let span = match title {
            Some(b) if doc.blocks[b].is_heading() => doc.blocks[b].span.clone(),
            _ => doc.title_span(),
        };
        for (c, cites) in required(&cx.settings.jurisdictions) {
            let concept = &v.concepts[c];
            if analysis.coverage[c] != Coverage::Missing || !analysis.triggered[c] {
                continue;
            }
            let message = concept
                .message
                .clone()
                .unwrap_or_else(|| format!("no section on {}", concept.topic));
            let mut d = Diagnostic::new(&META, span.clone(), message)
                .with_label(concept.missing.clone())
                .with_concept(concept.id.clone());
            if cites.is_empty() {
                if let Some(why) = &concept.why {
                    d = d.with_note(why.clone());
                }
            }
            for cite in cites {
                d = d.with_note(cite);
            }
            let suggest = or_list(&concept.suggest);
            let help = if concept.line {
                format!(
                    "add a line such as {suggest} near the top, {}",
                    concept.content
                )
            } else if concept.may_not_apply {
                format!(
                    "add a section such as {suggest} and in it {}; if this does not apply to your service, say so in one sentence",
                    concept.content
                )
            } else {
                format!(
                    "add a section such as {suggest} and in it {}",
                    concept.content
                )
            };
            cx.report(d.with_help(help));
        }
    }
}

/// The id of a concept by catalogue index (for tools that print an [`Analysis`]).
pub fn concept_id(index: usize) -> &'static str {
    VOCAB.concepts[index].id.as_str()
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
        let no_data = regex::RegexSet::new(&v.kind.no_personal_data).unwrap();
        for e in &v.kind.no_personal_data_examples {
            report.expect(no_data.is_match(e), || {
                format!("no_personal_data: should match {e:?}")
            });
        }
        for e in &v.kind.no_personal_data_ignores {
            report.expect(!no_data.is_match(e), || {
                format!("no_personal_data: should not match {e:?}")
            });
        }
        for e in &v.kind.privacy_examples {
            report.expect(
                title_says(e) == Said::Privacy || name_says(e) == Said::Privacy,
                || format!("kind: {e:?} should be a privacy document"),
            );
        }
        for e in &v.kind.other_examples {
            report.expect(
                title_says(e) == Said::Other && name_says(e) == Said::Other,
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
    fn file_names_pick_the_last_kind_word() {
        assert_eq!(name_says("app-privacy/terms-of-service.html"), Said::Other);
        assert_eq!(name_says("privacy-and-cookie-policy.md"), Said::Privacy);
        assert_eq!(name_says("basecamp__privacy-subprocessors.md"), Said::Other);
        assert_eq!(name_says("policy.md"), Said::Nothing);
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
