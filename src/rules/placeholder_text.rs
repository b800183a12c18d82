//! `placeholder-text` (C001): template placeholders left unfilled.

use std::ops::Range;
use std::sync::LazyLock;

use regex::RegexSet;
use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::model::Model;
use crate::rule::{LintContext, Rule, RuleMeta};

crate::declare_rule! {
    /// ## What it does
    /// Finds template placeholders that were never filled in: bracketed fields such as
    /// `[Your Business Address]` or `[INSERT COMPANY NAME]`, template tags (`{{APP_NAME}}`,
    /// `%{domain}`, `${companyName}`, `<ins>company_name</ins>`), bracketed domains
    /// (`privacy@[yourdomain].com`), reserved example contacts (`privacy@example.com`,
    /// `(123) 456-7890`), filler (`Lorem ipsum`), blanks (`__________`), values left as `TBD`
    /// or `XXX`, and WordPress's `Suggested text:` prefix.
    ///
    /// Markdown links, footnotes, checkboxes and citations (`[1]`, `[sic]`) are not
    /// placeholders. Code blocks are not checked.
    ///
    /// ## Why is this bad?
    /// A published policy with `[Your Business Address]` tells readers and regulators that
    /// nobody read it, and the missing value is usually a legal requirement: GDPR Art. 13(1)(a)
    /// requires the controller's identity and contact details; COPPA (16 CFR 312.4(d)(1))
    /// requires the operator's name, address, phone number and e-mail.
    ///
    /// ## Example
    /// ```text
    /// Address: PixelTrack, Inc.
    /// [Your Business Address]
    /// ```
    ///
    /// ## How to fix
    /// Replace each placeholder with the real value, or delete the line if it does not
    /// apply. If a bracketed phrase is intended, suppress it with
    /// `<!-- policylint-disable-next-line placeholder-text -->`.
    pub static META = {
        code: "C001",
        name: "placeholder-text",
        category: Content,
        severity: Error,
        summary: "unfilled template placeholder",
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
    regex: String,
    #[serde(default)]
    scope: Scope,
    /// The match must contain one of these words (case-insensitive).
    #[serde(default)]
    require_any_word: Vec<String>,
    /// The required word must be the label's first or last word.
    #[serde(default)]
    require_edge_word: bool,
    /// Skip a match right next to another bracket, an arrow or `=>` (navigation bars,
    /// UI paths such as `Settings → [App Name]`, program dumps).
    #[serde(default)]
    skip_adjacent: bool,
    /// Skip a match when its block or the [`CONTEXT_BLOCKS`] before it contain one of these
    /// phrases (model forms and letters meant to be filled in by the reader).
    #[serde(default)]
    skip_context: Vec<String>,
    /// Skip a match that this regex finds at its start (build-time variables of site
    /// generators).
    #[serde(default)]
    skip_when: Option<String>,
    /// Skip a match when one of these phrases stands just before it in its block, or ends the
    /// block that introduces it (illustrations: "for example, [Your Name]").
    #[serde(default)]
    skip_near: Vec<String>,
    /// Only in privacy and cookie policies: a blank in a form, a contract or commercial terms
    /// is meant to be filled in on paper when the parties sign.
    #[serde(default)]
    privacy_only: bool,
    /// Examples checked by the tests.
    #[cfg_attr(not(test), allow(dead_code))]
    matches: Vec<String>,
    #[serde(default)]
    #[cfg_attr(not(test), allow(dead_code))]
    ignores: Vec<String>,
}

#[derive(Debug, Default, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Scope {
    #[default]
    Plain,
    Source,
}

struct Vocabulary {
    entries: Vec<PatternEntry>,
    regexes: Vec<crate::vocab::LazyRegex>,
    /// Per entry, its compiled `skip_when`.
    skip_when: Vec<Option<regex::Regex>>,
    /// Per entry, whether its regex has a `field` group (the part to report).
    has_field_group: Vec<bool>,
    /// One pass over the plain text (and one over the source) finds which patterns occur.
    plain_set: RegexSet,
    plain_ids: Vec<usize>,
    source_set: RegexSet,
    source_ids: Vec<usize>,
}

static DATA: &str = include_str!("../../rules/placeholders.toml");

static VOCAB: LazyLock<Vocabulary> = LazyLock::new(|| {
    let file: PatternFile = crate::vocab::load("placeholders.toml", DATA);
    let regexes: Vec<crate::vocab::LazyRegex> = file
        .pattern
        .iter()
        .map(|p| {
            crate::vocab::LazyRegex::new(&p.regex)
                .unwrap_or_else(|e| panic!("rules/placeholders.toml: {}: {e}", p.id))
        })
        .collect();
    let pick = |scope: Scope| -> (RegexSet, Vec<usize>) {
        let ids: Vec<usize> = (0..file.pattern.len())
            .filter(|&i| file.pattern[i].scope == scope)
            .collect();
        let set = RegexSet::new(ids.iter().map(|&i| &file.pattern[i].regex))
            .expect("placeholder regex set");
        (set, ids)
    };
    let skip_when = file
        .pattern
        .iter()
        .map(|p| {
            p.skip_when.as_ref().map(|re| {
                regex::Regex::new(re)
                    .unwrap_or_else(|e| panic!("rules/placeholders.toml: {}: skip_when: {e}", p.id))
            })
        })
        .collect();
    let has_field_group = file
        .pattern
        .iter()
        .map(|p| p.regex.contains("(?P<field>"))
        .collect();
    let (plain_set, plain_ids) = pick(Scope::Plain);
    let (source_set, source_ids) = pick(Scope::Source);
    Vocabulary {
        entries: file.pattern,
        regexes,
        skip_when,
        has_field_group,
        plain_set,
        plain_ids,
        source_set,
        source_ids,
    }
});

/// A placeholder found in some text: pattern index and byte range in that text.
fn find_all(
    text: &str,
    set: &RegexSet,
    ids: &[usize],
    keep: impl Fn(usize, Range<usize>) -> bool,
) -> Vec<(usize, Range<usize>)> {
    let v = &*VOCAB;
    let mut found = Vec::new();
    for set_idx in set.matches(text).iter() {
        let idx = ids[set_idx];
        for m in v.regexes[idx].find_iter(text) {
            let s = m.as_str();
            // Patterns may consume one character of context after a closing bracket.
            let end = match s.rfind([']', '}']) {
                Some(p) if s.starts_with('[') || s.starts_with('{') => m.start() + p + 1,
                _ => m.end(),
            };
            let start = m.start() + (s.len() - s.trim_start_matches([' ', '(', ':', '\n']).len());
            if !keep(idx, m.range()) {
                continue;
            }
            // A pattern that reads a label before the value reports the value alone: its
            // `field` group ("Email: ______" reports the blank).
            let field = v.has_field_group[idx]
                .then(|| v.regexes[idx].captures_at(text, m.start()))
                .flatten()
                .and_then(|c| c.name("field").map(|f| f.range()));
            found.push((idx, field.unwrap_or(start..end.max(start))));
        }
    }
    found.sort_by_key(|(_, r)| (r.start, std::cmp::Reverse(r.end)));
    // Keep the outermost of overlapping matches.
    let mut kept: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
    for (idx, r) in found {
        if kept.last().is_some_and(|(_, k)| r.start < k.end) {
            continue;
        }
        kept.push((idx, r));
    }
    kept
}

pub struct PlaceholderText;

impl Rule for PlaceholderText {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, model: &Model<'_>, cx: &mut LintContext<'_>) {
        let v = &*VOCAB;
        let is_privacy = model.is_privacy_or_cookie_policy();
        for (idx, span, text) in find_in_document(doc) {
            let entry = &v.entries[idx];
            if entry.privacy_only && !is_privacy {
                continue;
            }
            // The date label stands just before the date: read a bounded window of the
            // line, so that many placeholders on one long line cost a window each.
            let line = doc
                .lines
                .line_range(&doc.source, doc.lines.line_of(span.start));
            let from = floor_boundary(
                &doc.source,
                span.start.saturating_sub(LABEL_REACH).max(line.start),
            );
            let line_text = doc.source[from..span.start].to_ascii_lowercase();
            let in_date_line = ["last updated", "effective", "last revised", "updated:"]
                .iter()
                .any(|k| line_text.contains(k));
            let mut d = Diagnostic::new(
                &META,
                span,
                format!("unfilled placeholder `{}`", text.trim()),
            )
            .with_label(entry.family.clone())
            .with_help("replace it with the real value, or delete it if it does not apply");
            if in_date_line {
                d = d.with_note(
                    "this is the policy's date line: the date is present but unfilled, so readers cannot tell which version applies",
                );
            }
            cx.report(d);
        }
    }
}

/// Every placeholder in a document: pattern index, source span, matched text.
fn find_in_document(doc: &Document) -> Vec<(usize, Range<usize>, String)> {
    let v = &*VOCAB;
    let mut found = Vec::new();
    for (idx, r) in find_all(&doc.plain, &v.plain_set, &v.plain_ids, |i, m| {
        accepted(doc, i, &doc.plain, m, true)
    }) {
        found.push((idx, doc.span(r.clone()), doc.plain[r].to_string()));
    }
    for (idx, r) in find_all(&doc.source, &v.source_set, &v.source_ids, |i, m| {
        accepted(doc, i, &doc.source, m, false)
    }) {
        found.push((idx, r.clone(), doc.source[r].to_string()));
    }
    found
}

/// How many blocks before a match `skip_context` reads: a model letter or form puts its
/// title a dozen short blocks above its fields.
const CONTEXT_BLOCKS: usize = 12;
/// At most this many bytes before a match are read for `skip_context`.
const CONTEXT_REACH: usize = 2000;
/// How many bytes before a match `skip_near` reads ("for example, [Your Name]").
const NEAR_REACH: usize = 60;
/// How far before a placeholder on its line a date label is looked for.
const LABEL_REACH: usize = 120;
/// Links starting before a match that are checked for containing it (links do not nest, so
/// the nearest few suffice).
const LINKS_LOOKED_BACK: usize = 4;

/// Whether a match that fills its whole line sits in a list of bracketed lines that are not
/// fields ("[Games]" / "[Apps For Your Phone]" / "[Free Online Games]"): the links of a
/// scraped navigation bar. An address block of fields ("[Street Address]" / "[City, ZIP]") is
/// not such a list.
fn in_link_list(doc: &Document, entry: &PatternEntry, text: &str, r: &Range<usize>) -> bool {
    if entry.require_any_word.is_empty() || !std::ptr::eq(text, doc.plain.as_str()) {
        return false;
    }
    let Some(block) = doc.block_at(r.start) else {
        return false;
    };
    let whole = |b: usize| {
        let t = doc.text(b).trim();
        (t.starts_with('[') && t.ends_with(']')).then_some(t)
    };
    if whole(block) != Some(&text[r.clone()]) {
        return false;
    }
    let is_field = |label: &str| {
        label
            .to_lowercase()
            .split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .any(|w| {
                entry.require_any_word.iter().any(|req| req == w)
                    || ["type", "insert", "enter", "here", "ici"].contains(&w)
            })
    };
    [block.checked_sub(1), Some(block + 1)]
        .into_iter()
        .flatten()
        .filter(|&b| b < doc.blocks.len())
        .filter_map(whole)
        .any(|label| !is_field(label))
}

/// Words before a fill-in label that are not part of the value it names.
const LABEL_PREFIXES: &[&str] = &[
    "type", "insert", "enter", "add", "your", "the", "full", "legal", "official", "ton", "ta",
    "votre", "vos", "tu", "su", "ihre", "ihr",
];
/// Words after a fill-in label that are not part of the value it names.
const LABEL_SUFFIXES: &[&str] = &["here", "ici", "aqui", "aquí", "hier"];

/// How many bytes after a match `skip_near` reads ("you@example.com for example").
const NEAR_AFTER: usize = 40;
/// How many blocks up the line introducing an illustration (ending in ':') may stand.
const INTRO_BLOCKS: usize = 3;
/// How far a quotation around a match is looked for, either side.
const QUOTE_REACH: usize = 200;

/// Whether a match sits inside a quotation that starts with other words: "display the
/// disclaimer “This is a promotion by [Your Name]”" quotes text for the reader to write.
/// A quote right before the match (`“[Company]” (“we”)`) is a defined term, not a quotation.
fn inside_quotation(doc: &Document, text: &str, r: &Range<usize>) -> bool {
    let Some(block) = doc.block_at(r.start) else {
        return false;
    };
    let b = doc.blocks[block].plain.clone();
    let from = floor_boundary(text, r.start.saturating_sub(QUOTE_REACH).max(b.start));
    let before = &text[from..r.start];
    // The quotation that is open at the match: a curly opening mark after the last closing
    // one, or an odd number of straight marks before the match in its block.
    let curly = match (before.rfind('\u{201c}'), before.rfind('\u{201d}')) {
        (Some(open), close) if close.map_or(true, |c| c < open) => Some(open),
        _ => None,
    };
    let straight = (before.matches('"').count() % 2 == 1)
        .then(|| before.rfind('"'))
        .flatten();
    let Some(open) = curly.or(straight) else {
        return false;
    };
    let words_before = before[open..].split_whitespace().count();
    let to = ceil_boundary(text, (r.end + QUOTE_REACH).min(b.end));
    let closes_after = text[r.end..to].contains(['\u{201d}', '"']);
    words_before >= 2 && closes_after
}

/// Whether a source position is inside an HTML `<code>` element (an HTML page's code sample,
/// as a Markdown code span is), read in a bounded window before it.
fn inside_code_element(source: &str, at: usize) -> bool {
    let from = floor_boundary(source, at.saturating_sub(CODE_REACH));
    let before = &source[from..at];
    let open = before.rfind("<code>").max(before.rfind("<code "));
    open.is_some_and(|o| before.rfind("</code>").map_or(true, |c| c < o))
}

/// How far back an opening `<code>` tag is looked for.
const CODE_REACH: usize = 2000;

/// Where the last sentence of `before` starts: after its last `.`, `!` or `?` followed by a
/// space, unless that stop ends an abbreviation ("e.g.", "i.e.", "etc.", "Inc.").
fn sentence_start(before: &str) -> usize {
    let bytes = before.as_bytes();
    let mut at = bytes.len();
    while let Some(stop) = before[..at].rfind(['.', '!', '?']) {
        at = stop;
        if !bytes.get(stop + 1).is_some_and(u8::is_ascii_whitespace) {
            continue;
        }
        let word_start = before[..stop]
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_whitespace() || c == '(')
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = &before[word_start..stop];
        let abbreviation = word.contains('.')
            || word.chars().count() <= 1
            || ["etc", "inc", "ltd", "co", "vs", "eg", "ie", "no", "fig"]
                .contains(&word.to_ascii_lowercase().as_str());
        if bytes[stop] == b'.' && abbreviation {
            continue;
        }
        return stop + 1;
    }
    0
}

/// The smallest char boundary of `s` at or after `at`.
fn ceil_boundary(s: &str, at: usize) -> usize {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The largest char boundary of `s` at or before `at`.
fn floor_boundary(s: &str, at: usize) -> usize {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Applies an entry's `require_any_word`, `skip_adjacent` and `skip_context` to a match.
fn accepted(doc: &Document, idx: usize, text: &str, r: Range<usize>, is_plain: bool) -> bool {
    let entry = &VOCAB.entries[idx];
    let matched = &text[r.clone()];
    if VOCAB.skip_when[idx]
        .as_ref()
        .is_some_and(|re| re.is_match(matched))
    {
        return false;
    }
    if !entry.require_any_word.is_empty() {
        let lower = matched.to_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .filter(|w| !w.is_empty())
            .collect();
        let required = |w: &&str| entry.require_any_word.iter().any(|req| req == w);
        // With `require_edge_word`, the label starts or ends with the value it names ("[Company
        // Name]", "[Date of Publication]"); a name in brackets that merely contains such a word
        // ("[Trustwave Domain Validation]", a navigation link "[Custom App Development]") is
        // not a field.
        let has_word = if entry.require_edge_word {
            // Instruction words around the label ("[Type Speaker Name Here]", "[TON EMAIL
            // ICI]") and adjectives ("[Full Name of Publisher]") do not count as its edges.
            let label: Vec<&str> = words
                .iter()
                .copied()
                .skip_while(|w| LABEL_PREFIXES.contains(w))
                .collect();
            let label: &[&str] = match label.split_last() {
                Some((last, rest)) if LABEL_SUFFIXES.contains(last) => rest,
                _ => &label,
            };
            label.first().is_some_and(required)
                || label.last().is_some_and(required)
                || label.windows(2).any(|w| required(&w[0]) && w[1] == "of")
        } else {
            words.iter().any(required)
        };
        if !has_word {
            return false;
        }
    }
    if entry.skip_adjacent {
        let before = text[..r.start].trim_end_matches([' ', '\t', '*', '_']);
        let after = text[r.end..].trim_start_matches([' ', '\t', '*', '_']);
        let next_is_nav = after.starts_with("(http")
            || after.starts_with("(/")
            || after.starts_with("(#")
            || after.starts_with(['[', '\u{2192}', '>', '\u{bb}', '|'])
            || after.starts_with("=>")
            || after.starts_with("- [");
        let prev_is_nav =
            before.ends_with([']', '\u{2192}', '>', '\u{bb}']) || before.ends_with("] -");
        // `[text](...)` is Markdown link syntax even when the target did not parse as a URL.
        let link_syntax = text[r.end..].starts_with('(') && matched.ends_with(']');
        if next_is_nav || prev_is_nav || link_syntax || in_link_list(doc, entry, text, &r) {
            return false;
        }
    }
    if is_plain {
        let span = doc.span(r.clone());
        // Link text is not a placeholder (`[Email us](mailto:...)`), nor is text quoted as
        // inline code in Markdown (a README saying "replace `[Your Name]`"). Links are sorted
        // by position; only those starting before the match can contain it.
        let before = doc.links.partition_point(|l| l.span.start <= span.start);
        if doc.links[..before]
            .iter()
            .rev()
            .take(LINKS_LOOKED_BACK)
            .any(|l| span.end <= l.span.end)
        {
            return false;
        }
        let src = doc.source.as_bytes();
        // Markdown code spans map to their whole source, backticks included.
        let quoted = src.get(span.start) == Some(&b'`')
            || (span.start > 0
                && src.get(span.start - 1) == Some(&b'`')
                && src.get(span.end) == Some(&b'`'));
        if quoted || inside_code_element(&doc.source, span.start) {
            return false;
        }
    }
    if is_plain && inside_quotation(doc, text, &r) {
        return false;
    }
    if is_plain && (!entry.skip_near.is_empty() || !entry.skip_context.is_empty()) {
        if let Some(block) = doc.block_at(r.start) {
            let block_start = doc.blocks[block].plain.start;
            // Illustrations: the phrase just before the match in its own block, or at the end
            // of the line that introduces it ("For example:").
            let near_from =
                floor_boundary(text, r.start.saturating_sub(NEAR_REACH).max(block_start));
            // Only the match's own sentence: "for example" in the sentence before it
            // introduced that sentence's illustration, not this field.
            let near_from = near_from + sentence_start(&text[near_from..r.start]);
            let mut near = text[near_from..r.start].to_lowercase();
            // The introducing line may stand a few lines up ("for example:" / "To: Alice
            // <alice@example.com>" / "Bcc: Bob <bob@example.com>").
            // Further up than the line before only for a short line of the illustration
            // itself: a prose sentence after it is the policy again.
            // Counted up to 13 words only: a long block is not walked once per match.
            let short_line = doc.text(block).split_whitespace().nth(12).is_none();
            let reach = if short_line { INTRO_BLOCKS } else { 1 };
            for prev in (block.saturating_sub(reach)..block).rev() {
                let p = doc.text(prev).trim_end();
                if p.ends_with(':') {
                    let from = floor_boundary(p, p.len().saturating_sub(NEAR_REACH));
                    near.push('\n');
                    near.push_str(&p[from..].to_lowercase());
                    break;
                }
            }
            let after_to =
                ceil_boundary(text, (r.end + NEAR_AFTER).min(doc.blocks[block].plain.end));
            near.push('\n');
            near.push_str(&text[r.end..after_to].to_lowercase());
            if entry.skip_near.iter().any(|c| near.contains(c.as_str())) {
                return false;
            }
            // Forms and model letters: their title a dozen blocks above, read in a bounded
            // window so that a long block is not lowercased once per match. The window stops
            // at the match's own heading: a form is a section of its own, and a phrase in
            // another section ("... in the subject line") says nothing about this one.
            if !entry.skip_context.is_empty() {
                let first = (block.saturating_sub(CONTEXT_BLOCKS)..=block)
                    .rev()
                    .find(|&b| doc.blocks[b].is_heading())
                    .unwrap_or(block.saturating_sub(CONTEXT_BLOCKS));
                let start = doc.blocks[first]
                    .plain
                    .start
                    .max(r.start.saturating_sub(CONTEXT_REACH));
                let start = floor_boundary(text, start);
                let context = text[start..r.end].to_lowercase();
                if entry
                    .skip_context
                    .iter()
                    .any(|c| context.contains(c.as_str()))
                {
                    return false;
                }
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::ExampleReport;

    #[test]
    fn code_elements_hold_code() {
        let s = "<p>Hi</p><pre><code>notify({{APP_NAME}})</code></pre><p>{{APP_NAME}}</p>";
        assert!(inside_code_element(s, s.find("{{").unwrap()));
        assert!(!inside_code_element(s, s.rfind("{{").unwrap()));
        assert!(!inside_code_element("<p>{{X}}</p>", 3));
    }

    #[test]
    fn sentence_start_skips_abbreviations() {
        let s = "for example your browser. Write to ";
        assert_eq!(&s[sentence_start(s)..], " Write to ");
        assert_eq!(sentence_start("for example, e.g. "), 0);
        assert_eq!(sentence_start("Acme Inc. and "), 0);
        assert_eq!(sentence_start("no stop here "), 0);
        // A multi-byte space before the word is stepped over whole.
        assert_eq!(sentence_start("at:\u{a0}[email]. (title "), 13);
        let q = "Why? Because ";
        assert_eq!(&q[sentence_start(q)..], " Because ");
    }

    #[test]
    fn vocabulary_examples_hold() {
        let v = &*VOCAB;
        let mut report = ExampleReport::default();
        let ids: Vec<&str> = v.entries.iter().map(|e| e.id.as_str()).collect();
        report.expect_sorted_unique("entries", &ids);
        for (i, e) in v.entries.iter().enumerate() {
            report.expect(!e.matches.is_empty(), || {
                format!("{}: needs at least one `matches` example", e.id)
            });
            // Examples go through the whole rule (regex, word and context filters) as a
            // one-line document; `source` patterns see the raw text.
            let hits = |example: &str| {
                let doc = Document::parse("example.txt", example.to_string());
                let text = if e.scope == Scope::Source {
                    &doc.source
                } else {
                    &doc.plain
                };
                v.regexes[i]
                    .find_iter(text)
                    .any(|m| accepted(&doc, i, text, m.range(), e.scope == Scope::Plain))
            };
            for m in &e.matches {
                report.expect(hits(m), || format!("{}: should match {m:?}", e.id));
            }
            for m in &e.ignores {
                report.expect(!hits(m), || format!("{}: should not match {m:?}", e.id));
            }
        }
        report.assert_ok("placeholders.toml");
    }
}
