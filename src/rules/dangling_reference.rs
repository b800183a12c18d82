//! `dangling-reference` (I003): text that points to something the document does not contain.

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::{RegexSet, RegexSetBuilder};
use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::document::{split_numbering, Document, Format};
use crate::model::contacts::{ContactScan, MethodKind};
use crate::model::Model;
use crate::rule::{LintContext, Rule, RuleMeta};
use crate::vocab::PhraseEntry;
use crate::vocab::RegexEntry as SectionEntry;

crate::declare_rule! {
    /// ## What it does
    /// Finds pointers to things the document does not contain:
    ///
    /// - "contact us using the email listed below" when no e-mail address follows (or "the
    ///   contact details above" with none before);
    /// - in a privacy policy that numbers its sections, "see Section 12" when the sections
    ///   end before 12;
    /// - in Markdown and HTML documents, "our Cookie Policy" when nothing in the document
    ///   links to it or contains it.
    ///
    /// When the details are there but on the other side of the pointer ("listed below"
    /// with the address above it), the finding says where they are and suggests fixing the
    /// direction word. In plain text extracted from a web page, a bare "Email me" or
    /// "E-mail:" line after the pointer counts as the details: the page had a link there.
    ///
    /// References to other documents or laws ("Section 5 of the FTC Act", "Civil Code
    /// Section 1798.83", "Section 14 BGB") are not checked, nor are section references in
    /// terms and agreements, which cite the sections of documents they incorporate.
    /// Plain-text documents are not checked for unlinked document names, because text
    /// extracted from web pages loses its links; nor are documents whose file name, links or
    /// headings mention the named document.
    ///
    /// Reported as `info` by default, a note to check rather than a failure: an independent reading of all its findings on 4,500 real policies judged 10 of 12 decided findings true: pointers to a web page's footer or to a contact link that the captured text lost make the rest. Raise it
    /// with `[severity]` in `policylint.toml` when your documents are your own source files.
    ///
    /// ## Why is this bad?
    /// The reader follows the pointer and finds nothing: no address to write to, no section
    /// with the promised details. It usually means text was cut when the policy was adapted
    /// from a template or another company's policy, and the information the pointer promised
    /// (often a contact method that GDPR Art. 13(1)(a) requires) is missing.
    ///
    /// ## Example
    /// ```text
    /// To exercise rights, contact us using the email listed below.
    /// ...
    /// 11. Contact
    /// For privacy questions, contact:
    /// ```
    ///
    /// ## How to fix
    /// Add what the pointer promises (the e-mail address, the section, a link to the cookie
    /// policy), or correct or remove the pointer.
    pub static META = {
        code: "I003",
        name: "dangling-reference",
        category: Integrity,
        severity: Info,
        summary: "text points to something the document does not contain",
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReferenceFile {
    pointer: Vec<PointerEntry>,
    section: Vec<SectionEntry>,
    foreign: Vec<PhraseEntry>,
    law: Vec<PhraseEntry>,
    document: Vec<DocumentEntry>,
    lost_link: LostLinkEntry,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LostLinkEntry {
    line: String,
    inline: String,
    #[cfg_attr(not(test), allow(dead_code))]
    matches: Vec<String>,
    #[cfg_attr(not(test), allow(dead_code))]
    ignores: Vec<String>,
    #[cfg_attr(not(test), allow(dead_code))]
    inline_matches: Vec<String>,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Target {
    Email,
    Contact,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PointerEntry {
    id: String,
    target: Target,
    regex: String,
    #[cfg_attr(not(test), allow(dead_code))]
    matches: Vec<String>,
    #[serde(default)]
    #[cfg_attr(not(test), allow(dead_code))]
    ignores: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DocumentEntry {
    id: String,
    regex: String,
    link_word: String,
    #[cfg_attr(not(test), allow(dead_code))]
    matches: Vec<String>,
    #[serde(default)]
    #[cfg_attr(not(test), allow(dead_code))]
    ignores: Vec<String>,
}

/// What a pattern of the set is.
#[derive(Clone, Copy)]
enum Pattern {
    Pointer(usize),
    Section,
    Document(usize),
}

struct Vocabulary {
    file: ReferenceFile,
    patterns: Vec<Pattern>,
    regexes: Vec<crate::vocab::LazyRegex>,
    set: RegexSet,
    foreign: AhoCorasick,
    law: AhoCorasick,
    lost_link_line: crate::vocab::LazyRegex,
    lost_link_inline: crate::vocab::LazyRegex,
}

static DATA: &str = include_str!("../../rules/references.toml");

fn phrases(entries: &[PhraseEntry]) -> AhoCorasick {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(entries.iter().map(|e| e.text.as_str()))
        .expect("reference phrase automaton")
}

static VOCAB: LazyLock<Vocabulary> = LazyLock::new(|| {
    let file: ReferenceFile = crate::vocab::load("references.toml", DATA);
    let mut patterns = Vec::new();
    let mut sources: Vec<(&str, &str)> = Vec::new();
    for (i, p) in file.pointer.iter().enumerate() {
        patterns.push(Pattern::Pointer(i));
        sources.push((&p.id, &p.regex));
    }
    for p in &file.section {
        patterns.push(Pattern::Section);
        sources.push((&p.id, &p.regex));
    }
    for (i, p) in file.document.iter().enumerate() {
        patterns.push(Pattern::Document(i));
        sources.push((&p.id, &p.regex));
    }
    let regexes = sources
        .iter()
        .map(|(id, re)| {
            crate::vocab::LazyRegex::new(re)
                .unwrap_or_else(|e| panic!("rules/references.toml: {id}: {e}"))
        })
        .collect();
    let set = RegexSetBuilder::new(sources.iter().map(|(_, re)| re))
        .dfa_size_limit(32 << 20)
        .build()
        .expect("reference regex set");
    let lazy = |re: &str| {
        crate::vocab::LazyRegex::new(re)
            .unwrap_or_else(|e| panic!("rules/references.toml: lost_link: {e}"))
    };
    Vocabulary {
        foreign: phrases(&file.foreign),
        law: phrases(&file.law),
        lost_link_line: lazy(&file.lost_link.line),
        lost_link_inline: lazy(&file.lost_link.inline),
        file,
        patterns,
        regexes,
        set,
    }
});

/// Whether `ac` matches whole words in `text` (at its start only, if `at_start`).
fn has_words(ac: &AhoCorasick, text: &str, at_start: bool) -> bool {
    let bytes = text.as_bytes();
    ac.find_iter(text).any(|m| {
        let before = m.start() == 0 || !bytes[m.start() - 1].is_ascii_alphanumeric();
        let after = bytes
            .get(m.end())
            .map_or(true, |b| !b.is_ascii_alphanumeric());
        before && after && (!at_start || m.start() == 0)
    })
}

/// The text of a plain range's sentence: from the last sentence end before `range` to it.
fn sentence_before(plain: &str, at: usize) -> &str {
    let start = plain[..at]
        .rfind(['.', '!', '?', '\n'])
        .map_or(0, |p| p + 1);
    &plain[start..at]
}

/// Whether a bare e-mail label ("Email me", "E-mail:", "By e-mail: Contact us here!") stands
/// on a line after `at` in a plain-text document: text extracted from a web page keeps a
/// link's words and loses its address, so the details were there on the page.
fn lost_link_follows(doc: &Document, at: usize) -> bool {
    if doc.format != Format::Text {
        return false;
    }
    let Some(first) = doc.block_at(at) else {
        return false;
    };
    let v = &*VOCAB;
    // A page captured as one long line: the label follows in the same line.
    v.lost_link_inline
        .is_match(&doc.plain[at..doc.blocks[first].plain.end])
        || (first + 1..doc.blocks.len()).any(|b| {
            let t = doc.text(b).trim();
            t.split_whitespace().count() <= 6 && !t.contains('@') && v.lost_link_line.is_match(t)
        })
}

/// Top-level section number of a block's leading numbering ("4.2 Cookies" → 4).
fn top_number(text: &str) -> Option<u32> {
    let (number, _) = split_numbering(text);
    let number = number?;
    let first = number.split('.').next()?;
    first.parse().ok().filter(|&n| (1..=60).contains(&n))
}

/// Arabic section numbering of a document: the numbers used at the start of blocks, and how
/// many headings are numbered.
struct Numbering {
    present: Vec<String>,
    max_top: u32,
    numbered_headings: usize,
    last_top_heading: Option<usize>,
}

fn numbering(doc: &Document) -> Numbering {
    let mut present = Vec::new();
    let mut max_top = 0;
    let mut numbered_headings = 0;
    let mut last_top_heading = None;
    let mut best = 0;
    for b in 0..doc.blocks.len() {
        let text = doc.text(b);
        let Some(top) = top_number(text) else {
            continue;
        };
        if let (Some(n), _) = split_numbering(text) {
            present.push(n);
        }
        max_top = max_top.max(top);
        if doc.blocks[b].is_heading() {
            numbered_headings += 1;
            if top >= best {
                best = top;
                last_top_heading = Some(b);
            }
        }
    }
    Numbering {
        present,
        max_top,
        numbered_headings,
        last_top_heading,
    }
}

pub struct DanglingReference;

impl Rule for DanglingReference {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, model: &Model<'_>, cx: &mut LintContext<'_>) {
        let v = &*VOCAB;
        let hits: Vec<usize> = v.set.matches(&doc.plain).iter().collect();
        if hits.is_empty() {
            return;
        }
        let mut contact = None;
        let mut numbers = None;
        // Pointer matches already reported (overlapping patterns report once).
        let mut reported: Vec<Range<usize>> = Vec::new();
        // Pointers to the same missing details: reported once, at the first.
        let mut pointers: Vec<(Target, bool, Range<usize>, Diagnostic)> = Vec::new();
        for idx in hits {
            for m in v.regexes[idx].captures_iter(&doc.plain) {
                let whole = m.get(0).expect("match");
                let range = whole.range();
                if reported
                    .iter()
                    .any(|r| r.start < range.end && range.start < r.end)
                {
                    continue;
                }
                let done = match v.patterns[idx] {
                    Pattern::Pointer(i) => {
                        let scan = contact.get_or_insert_with(|| model.contacts());
                        let entry = &v.file.pointer[i];
                        match self.check_pointer(doc, scan, entry, range.clone()) {
                            Some((above, d)) => {
                                pointers.push((entry.target, above, range.clone(), d));
                                true
                            }
                            None => false,
                        }
                    }
                    Pattern::Section => {
                        let Some(number) = m.get(1) else { continue };
                        let numbers = numbers.get_or_insert_with(|| numbering(doc));
                        self.check_section(doc, model, cx, numbers, range.clone(), number.as_str())
                    }
                    Pattern::Document(i) => {
                        self.check_document(doc, cx, &v.file.document[i], range.clone())
                    }
                };
                if done {
                    reported.push(range);
                }
            }
        }
        pointers.sort_by_key(|p| p.2.start);
        let mut groups: Vec<(Target, bool, Diagnostic, Vec<Range<usize>>)> = Vec::new();
        for (target, above, range, d) in pointers {
            match groups.iter_mut().find(|g| g.0 == target && g.1 == above) {
                Some(g) => g.3.push(range),
                None => groups.push((target, above, d, Vec::new())),
            }
        }
        for (_, _, mut d, more) in groups {
            for r in more {
                d = d.with_secondary(doc.span(r), "another pointer to the same missing details");
            }
            cx.report(d);
        }
    }
}

impl DanglingReference {
    /// A pointer to contact details that are not where it points: whether it points above,
    /// and the diagnostic.
    fn check_pointer(
        &self,
        doc: &Document,
        scan: &ContactScan,
        entry: &PointerEntry,
        range: Range<usize>,
    ) -> Option<(bool, Diagnostic)> {
        let text = &doc.plain[range.clone()];
        let lower = text.to_ascii_lowercase();
        let above = lower.ends_with("above");
        // "We collect your contact information listed below": a data category, not a pointer;
        // "Enter your email address below": a form prompt scraped with the page.
        let sentence = sentence_before(&doc.plain, range.start).to_ascii_lowercase();
        if [
            "collect",
            "such as",
            "enter",
            "type your",
            "subscribe",
            "sign up",
        ]
        .iter()
        .any(|w| sentence.contains(w))
        {
            return None;
        }
        let wanted = |k: MethodKind| match entry.target {
            Target::Email => k == MethodKind::Email,
            Target::Contact => true,
        };
        let (ahead, behind): (Vec<_>, Vec<_>) = scan
            .methods
            .iter()
            .filter(|m| wanted(m.kind))
            .partition(|m| m.plain.start >= range.end);
        let (pointed, other) = if above {
            (&behind, &ahead)
        } else {
            (&ahead, &behind)
        };
        if !pointed.is_empty() || (!above && lost_link_follows(doc, range.end)) {
            return None;
        }
        let what = match entry.target {
            Target::Email => "e-mail address",
            Target::Contact => "contact details",
        };
        let direction = if above { "above" } else { "below" };
        let (verb, side) = match (entry.target, above) {
            (Target::Email, false) => ("follows", "after"),
            (Target::Email, true) => ("precedes", "before"),
            (Target::Contact, false) => ("follow", "after"),
            (Target::Contact, true) => ("precede", "before"),
        };
        let mut d = Diagnostic::new(
            &META,
            doc.span(range),
            format!("`{text}` points {direction}, but no {what} {verb} it"),
        )
        .with_label(format!("nothing of the kind {side} this"));
        d = match other.first() {
            // The details are there, only the direction word is wrong.
            Some(m) => {
                let line = doc.lines.line_of(doc.span(m.plain.clone()).start) + 1;
                d.with_note(format!(
                    "the nearest one is on the other side: `{}` (line {line})",
                    m.text
                ))
                .with_help(format!("change `{direction}` to point where the {what} is"))
            }
            None => d
                .with_note(format!("the document contains no {what} at all"))
                .with_help(format!("add the {what} the sentence promises")),
        };
        Some((above, d))
    }

    fn check_section(
        &self,
        doc: &Document,
        model: &Model<'_>,
        cx: &mut LintContext<'_>,
        numbers: &Numbering,
        range: Range<usize>,
        number: &str,
    ) -> bool {
        let v = &*VOCAB;
        // Terms and data-processing agreements incorporate other documents and cite their
        // sections ("Section 19 of the Terms", the standard clauses' "Section 16.1"); only
        // privacy policies are checked.
        if numbers.numbered_headings < 3 || !model.is_privacy_policy() {
            return false;
        }
        let Some(top) = number.split('.').next().and_then(|n| n.parse::<u32>().ok()) else {
            return false;
        };
        if top <= numbers.max_top || top > 60 || numbers.present.iter().any(|p| p == number) {
            return false;
        }
        // "Section 5 of the FTC Act", "Section 7 (Indemnity) of the Terms", "Section 14 BGB",
        // "Civil Code Section 1798.83".
        let mut after = doc.plain[range.end..].trim_start_matches([' ', ',']);
        if after.starts_with('(') {
            after = after
                .find(')')
                .map_or(after, |p| after[p + 1..].trim_start_matches([' ', ',']));
        }
        let mut end = after.len().min(40);
        while !after.is_char_boundary(end) {
            end -= 1;
        }
        let after = &after[..end];
        let next_word = after
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        if has_words(&v.foreign, after, true)
            || (next_word.len() >= 2 && next_word.bytes().all(|b| b.is_ascii_uppercase()))
        {
            return false;
        }
        if let Some(rest) = after.strip_prefix("of ") {
            if !(rest.starts_with("this") || rest.starts_with("these")) {
                return false;
            }
        }
        let sentence = sentence_before(&doc.plain, range.start);
        let mut cut = sentence.len().saturating_sub(40);
        while !sentence.is_char_boundary(cut) {
            cut += 1;
        }
        let before = &sentence[cut..];
        if has_words(&v.law, before, false) {
            return false;
        }
        let text = &doc.plain[range.clone()];
        let mut d = Diagnostic::new(
            &META,
            doc.span(range),
            format!(
                "`{text}` does not exist: the document's sections end at {}",
                numbers.max_top
            ),
        )
        .with_label(format!("no section {number} in this document"));
        if let Some(h) = numbers.last_top_heading {
            d = d.with_secondary(doc.blocks[h].span.clone(), "last numbered section");
        }
        cx.report(d.with_help(
            "correct the section number (sections may have been renumbered), or add the section",
        ));
        true
    }

    fn check_document(
        &self,
        doc: &Document,
        cx: &mut LintContext<'_>,
        entry: &DocumentEntry,
        range: Range<usize>,
    ) -> bool {
        // Scraped plain text has lost its links; only Markdown and HTML keep them.
        if doc.format == Format::Text || doc.links.is_empty() {
            return false;
        }
        let word = entry.link_word.as_str();
        let name = doc.path.rsplit(['/', '\\']).next().unwrap_or("");
        let mentions = |s: &str| s.to_ascii_lowercase().contains(word);
        if mentions(name) || (name.contains("tracker") && word == "cookie") {
            return false;
        }
        if doc
            .links
            .iter()
            .any(|l| mentions(&l.url) || doc.source.get(l.span.clone()).is_some_and(mentions))
        {
            return false;
        }
        // A section or a numbered paragraph about it ("7.1. Cookies Policy. We use...").
        if doc.sections.iter().any(|s| mentions(&s.title))
            || (0..doc.blocks.len()).any(|b| {
                let (_, rest) = split_numbering(doc.text(b));
                let rest = rest.trim_start_matches(['*', '_', ' ']);
                rest.get(..word.len())
                    .is_some_and(|h| h.eq_ignore_ascii_case(word))
            })
        {
            return false;
        }
        let text = &doc.plain[range.clone()];
        cx.report(
            Diagnostic::new(
                &META,
                doc.span(range),
                format!("`{text}` is named but neither linked nor included"),
            )
            .with_label("no link to it anywhere in the document")
            .with_help(format!(
                "link `{text}` where it is named, or include its content in a section"
            )),
        );
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::ExampleReport;

    fn sorted(ids: Vec<&str>) -> bool {
        let mut s = ids.clone();
        s.sort_unstable();
        s.dedup();
        s == ids
    }

    #[test]
    fn vocabulary_examples_hold() {
        let v = &*VOCAB;
        let f = &v.file;
        let mut report = ExampleReport::default();
        let mut regex_examples: Vec<(&str, &[String], &[String])> = Vec::new();
        for p in &f.pointer {
            regex_examples.push((&p.id, &p.matches, &p.ignores));
        }
        for p in &f.section {
            regex_examples.push((&p.id, &p.matches, &p.ignores));
        }
        for p in &f.document {
            regex_examples.push((&p.id, &p.matches, &p.ignores));
        }
        for (i, (id, matches, ignores)) in regex_examples.into_iter().enumerate() {
            report.expect(!matches.is_empty(), || format!("{id}: needs `matches`"));
            for ex in matches {
                report.expect(v.regexes[i].is_match(ex), || {
                    format!("{id}: should match {ex:?}")
                });
            }
            for ex in ignores {
                report.expect(!v.regexes[i].is_match(ex), || {
                    format!("{id}: should not match {ex:?}")
                });
            }
        }
        let lost = &f.lost_link;
        for ex in &lost.matches {
            report.expect(v.lost_link_line.is_match(ex), || {
                format!("lost_link: should match {ex:?}")
            });
        }
        for ex in &lost.ignores {
            report.expect(!v.lost_link_line.is_match(ex), || {
                format!("lost_link: should not match {ex:?}")
            });
        }
        for ex in &lost.inline_matches {
            report.expect(v.lost_link_inline.is_match(ex), || {
                format!("lost_link: inline should match {ex:?}")
            });
        }
        report.expect(
            sorted(f.pointer.iter().map(|p| p.id.as_str()).collect()),
            || "[[pointer]] must be sorted by id and unique".into(),
        );
        for (name, list, ac) in [("foreign", &f.foreign, &v.foreign), ("law", &f.law, &v.law)] {
            report.expect(sorted(list.iter().map(|p| p.id.as_str()).collect()), || {
                format!("[[{name}]] must be sorted by id and unique")
            });
            for p in list.iter() {
                for ex in &p.matches {
                    report.expect(has_words(ac, ex, false), || {
                        format!("{name} {}: should match {ex:?}", p.id)
                    });
                }
            }
        }
        report.assert_ok("references.toml");
    }
}
