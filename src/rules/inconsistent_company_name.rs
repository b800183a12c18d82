//! `inconsistent-company-name` (I002): the policy defines its operator twice, as two different
//! companies.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use regex::{Regex, RegexSet};
use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::model::Model;
use crate::rule::{LintContext, Rule, RuleMeta};
use crate::vocab::PhraseEntry as WordEntry;

crate::declare_rule! {
    /// ## What it does
    /// Finds policies that define who "we" are more than once, naming companies that have
    /// nothing in common: `Acme Ltd ("we", "us")` near the top and `Widget Labs LLC ("we")`
    /// further down, or `This website is operated by ...` naming a third.
    ///
    /// Only definitions count: a name followed by a parenthetical that defines "we", "us",
    /// "our" or "the Company", and "this website/app/service is operated by". Mentions of
    /// other companies (processors, partners) are ignored, and names that share a word, an
    /// alias given in the parenthetical, or an acronym (`Meta Platforms, Inc.` and
    /// `Meta Platforms Ireland Ltd`) are treated as the same operator. A brand defined as "we"
    /// and the company named by "operated by" (`Tempo ("we")` and `The app is operated by
    /// Sundial Software Ltd`) are two names for one operator and are not reported either.
    ///
    /// ## Why is this bad?
    /// Two operator names usually mean the policy was copied from another company's policy and
    /// only partly edited. Readers cannot tell who the controller is, which GDPR
    /// Art. 13(1)(a) requires the policy to state, and the other company's practices may be
    /// described as yours.
    ///
    /// ## Example
    /// ```text
    /// CustomerTrackr ("we," "our," or "us") is committed to protecting your privacy.
    /// ...
    /// ShopWave Inc. ("we", "us") may update this policy from time to time.
    /// ```
    ///
    /// ## How to fix
    /// Use one legal name for the operator throughout, and check the text around the other
    /// name: it was probably written for someone else.
    pub static META = {
        code: "I002",
        name: "inconsistent-company-name",
        category: Integrity,
        severity: Warning,
        summary: "the policy names two different operators",
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NameFile {
    definition: Vec<DefinitionEntry>,
    connector: Vec<WordEntry>,
    generic: Vec<WordEntry>,
    suffix: Vec<WordEntry>,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum NameAt {
    Before,
    After,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DefinitionEntry {
    id: String,
    name: NameAt,
    regex: String,
    #[cfg_attr(not(test), allow(dead_code))]
    matches: Vec<String>,
    #[serde(default)]
    #[cfg_attr(not(test), allow(dead_code))]
    ignores: Vec<String>,
}

struct Vocabulary {
    definitions: Vec<DefinitionEntry>,
    regexes: Vec<crate::vocab::LazyRegex>,
    set: RegexSet,
    connectors: HashSet<String>,
    generic: HashSet<String>,
    suffixes: HashSet<String>,
    quoted: Regex,
    #[cfg(test)]
    words: Vec<(&'static str, Vec<WordEntry>)>,
}

static DATA: &str = include_str!("../../rules/company-names.toml");

static VOCAB: LazyLock<Vocabulary> = LazyLock::new(|| {
    let file: NameFile = crate::vocab::load("company-names.toml", DATA);
    let regexes = file
        .definition
        .iter()
        .map(|d| {
            crate::vocab::LazyRegex::new(&d.regex)
                .unwrap_or_else(|e| panic!("rules/company-names.toml: {}: {e}", d.id))
        })
        .collect();
    let set = RegexSet::new(file.definition.iter().map(|d| &d.regex)).expect("definition set");
    let words = |list: &[WordEntry]| list.iter().map(|w| w.text.to_lowercase()).collect();
    Vocabulary {
        regexes,
        set,
        connectors: words(&file.connector),
        generic: words(&file.generic),
        suffixes: words(&file.suffix),
        quoted: Regex::new(r#"["'\x{201c}\x{201d}\x{2018}\x{2019}]([^"'\x{201c}\x{201d}\x{2018}\x{2019}()\n]{2,40}?)[,.]?["'\x{201c}\x{201d}\x{2018}\x{2019}]"#)
            .expect("quoted alias regex"),
        definitions: file.definition,
        #[cfg(test)]
        words: vec![
            ("connector", file.connector),
            ("generic", file.generic),
            ("suffix", file.suffix),
        ],
    }
});

/// A token of text with its byte range.
struct Token<'a> {
    text: &'a str,
    range: Range<usize>,
}

fn tokens(text: &str, offset: usize) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push(Token {
                    text: &text[s..i],
                    range: offset + s..offset + i,
                });
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    out
}

/// A token without surrounding quotes, brackets and trailing commas.
fn core(token: &str) -> &str {
    token
        .trim_matches(|c: char| {
            matches!(
                c,
                '"' | '\''
                    | '*'
                    | '_'
                    | '['
                    | ']'
                    | '\u{201c}'
                    | '\u{201d}'
                    | '\u{2018}'
                    | '\u{2019}'
            )
        })
        .trim_end_matches([',', ';', ':'])
}

fn is_suffix(token: &str) -> bool {
    let lower = core(token).to_lowercase();
    VOCAB.suffixes.contains(&lower) || VOCAB.suffixes.contains(lower.trim_end_matches('.'))
}

/// A word that can be part of a company name: capitalised, a brand with inner capitals
/// ("eBay"), or starting with a digit and containing letters ("3M").
fn is_name_word(token: &str) -> bool {
    let w = core(token);
    let Some(first) = w.chars().next() else {
        return false;
    };
    (first.is_uppercase() && w.chars().any(char::is_alphabetic))
        || (first.is_ascii_digit() && w.chars().any(|c| c.is_ascii_alphabetic()))
        || (first.is_lowercase() && w.chars().skip(1).any(char::is_uppercase))
        || is_suffix(w)
}

/// Ends a sentence: "policy." (but not "Inc.").
fn ends_sentence(token: &str) -> bool {
    let t = token.trim_end_matches(['"', '\'', '\u{201d}', '*']);
    (t.ends_with(['.', ':', ';', '!', '?', ')']) || t.ends_with("\u{2014}")) && !is_suffix(t)
}

/// The company name just before `end` in the block (`Acme, Inc.` in `Acme, Inc. ("we")`).
fn name_before(text: &str, offset: usize) -> Option<Range<usize>> {
    let toks = tokens(text, offset);
    let mut first = toks.len();
    let mut only_suffixes = true;
    for i in (0..toks.len()).rev() {
        let t = toks[i].text;
        let is_last = i + 1 == toks.len();
        if !is_last && ends_sentence(t) {
            break;
        }
        if toks.len() - i > 8 {
            break;
        }
        let lower = core(t).to_lowercase();
        if is_name_word(t) {
            only_suffixes &= is_suffix(t);
            first = i;
        } else if VOCAB.connectors.contains(&lower)
            && first < toks.len()
            && i > 0
            && is_name_word(toks[i - 1].text)
        {
            first = i;
        } else if first < toks.len() && only_suffixes && t.chars().all(|c| c.is_alphanumeric()) {
            // A lower-case brand before its legal form: "bambu LLC".
            first = i;
            break;
        } else {
            break;
        }
    }
    let name = trim_generic(&toks[first.min(toks.len())..]);
    name.map(|(a, b)| toks[a + first].range.start..toks[b + first].range.end)
}

/// The company name just after the start of `text` (`Acme Ltd` in `operated by Acme Ltd.`).
fn name_after(text: &str, offset: usize) -> Option<Range<usize>> {
    let toks = tokens(text, offset);
    let mut last = None;
    for (i, tok) in toks.iter().enumerate().take(8) {
        let t = tok.text;
        if t.starts_with('(') {
            break;
        }
        let lower = core(t).to_lowercase();
        if is_name_word(t) {
            last = Some(i);
            // A name ends at its legal form or at a sentence end; "Acme, Inc." goes on past
            // the comma.
            let continues = t.ends_with(',') && is_suffix_next(&toks, i);
            if !continues && (is_suffix(t) || ends_sentence(t) || t.ends_with(',')) {
                break;
            }
        } else if VOCAB.connectors.contains(&lower)
            && last.is_some()
            && toks.get(i + 1).is_some_and(|n| is_name_word(n.text))
        {
            continue;
        } else {
            break;
        }
    }
    let last = last?;
    let name = trim_generic(&toks[..=last]);
    name.map(|(a, b)| toks[a].range.start..toks[b].range.end)
}

fn is_suffix_next(toks: &[Token<'_>], i: usize) -> bool {
    toks.get(i + 1).is_some_and(|n| is_suffix(n.text))
}

/// Drops leading generic and connector words ("The", "Welcome"); `None` when nothing
/// distinctive remains.
fn trim_generic(toks: &[Token<'_>]) -> Option<(usize, usize)> {
    if toks.is_empty() {
        return None;
    }
    let mut a = 0;
    while a < toks.len() {
        let lower = core(toks[a].text).to_lowercase();
        if VOCAB.generic.contains(&lower) || VOCAB.connectors.contains(&lower) {
            a += 1;
        } else {
            break;
        }
    }
    if a == toks.len() {
        return None;
    }
    let b = toks.len() - 1;
    let distinctive = toks[a..=b].iter().any(|t| {
        let lower = core(t.text).to_lowercase();
        !is_suffix(t.text) && !VOCAB.generic.contains(&lower) && !VOCAB.connectors.contains(&lower)
    });
    distinctive.then_some((a, b))
}

/// The distinctive words of a name, lower-cased: no legal form, no generic words.
fn key_words(name: &str) -> Vec<String> {
    let v = &*VOCAB;
    name.split(|c: char| !(c.is_alphanumeric() || c == '&'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| {
            !v.suffixes.contains(w)
                && !v.suffixes.contains(&format!("{w}."))
                && !v.generic.contains(w)
                && !v.connectors.contains(w)
                && !matches!(w.as_str(), "com" | "net" | "org" | "io" | "co" | "&")
                // Letters of a dotted legal form ("S.A." gives "s" and "a", "B.V." "b"
                // and "v"): every name with that form would otherwise share a word.
                && w.chars().count() > 1
        })
        .collect()
}

/// Rejects what the name extraction picks up from addresses ("London W8 5HY", "USA") and
/// all-caps legal boilerplate ("OR THEIR RESPECTIVE OFFICERS").
fn plausible_name(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    let has_digit = name.chars().any(|c| c.is_ascii_digit());
    let shouting = words.len() >= 3
        && words.iter().all(|w| {
            w.chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase)
        });
    let code = words.len() == 1 && name.len() <= 3 && name.chars().all(|c| c.is_ascii_uppercase());
    !(has_digit || shouting || code)
}

/// One definition of the operator.
struct Definition {
    name: String,
    /// The name carries a legal form ("Ltd", "Inc."): a company rather than a brand.
    legal_form: bool,
    /// Where the name was: before a "("we")" parenthetical, or after "operated by".
    form: NameAt,
    span: Range<usize>,
    words: Vec<String>,
    aliases: Vec<Vec<String>>,
}

impl Definition {
    fn same_operator(&self, other: &Definition) -> bool {
        let mine: Vec<&Vec<String>> = std::iter::once(&self.words).chain(&self.aliases).collect();
        let theirs: Vec<&Vec<String>> = std::iter::once(&other.words)
            .chain(&other.aliases)
            .collect();
        mine.iter().any(|a| theirs.iter().any(|b| related(a, b)))
    }
}

/// Two word lists name the same company: a shared word, one run together inside the other
/// ("PayTrack" / "Pay Track"), or an acronym ("IBM" / "International Business Machines").
fn related(a: &[String], b: &[String]) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a.iter().any(|w| b.contains(w)) {
        return true;
    }
    let (ja, jb) = (a.concat(), b.concat());
    if ja.contains(&jb) || jb.contains(&ja) {
        return true;
    }
    let initials =
        |ws: &[String]| -> String { ws.iter().filter_map(|w| w.chars().next()).collect() };
    (a.len() == 1 && b.len() > 1 && a[0] == initials(b))
        || (b.len() == 1 && a.len() > 1 && b[0] == initials(a))
}

fn definitions(doc: &Document) -> Vec<Definition> {
    let v = &*VOCAB;
    let mut found = Vec::new();
    for idx in v.set.matches(&doc.plain).iter() {
        let entry = &v.definitions[idx];
        for m in v.regexes[idx].find_iter(&doc.plain) {
            let Some(block) = doc.block_at(m.start()) else {
                continue;
            };
            let block_range = doc.blocks[block].plain.clone();
            let (name, aliases) = match entry.name {
                NameAt::Before => {
                    let from = block_range.start.max(m.start().saturating_sub(160));
                    let mut from = from;
                    while !doc.plain.is_char_boundary(from) {
                        from += 1;
                    }
                    let name = name_before(&doc.plain[from..m.start()], from);
                    let aliases: Vec<Vec<String>> = v
                        .quoted
                        .captures_iter(m.as_str())
                        .filter_map(|c| c.get(1))
                        .map(|a| key_words(a.as_str()))
                        .filter(|w| !w.is_empty())
                        .collect();
                    (name, aliases)
                }
                NameAt::After => {
                    let to = block_range.end.min(m.end() + 160);
                    let mut to = to;
                    while !doc.plain.is_char_boundary(to) {
                        to -= 1;
                    }
                    (name_after(&doc.plain[m.end()..to], m.end()), Vec::new())
                }
            };
            let Some(range) = name else {
                continue;
            };
            let text = doc.plain[range.clone()]
                .trim_end_matches([',', ';', ':'])
                .to_string();
            let words = key_words(&text);
            if words.is_empty() || !plausible_name(&text) {
                continue;
            }
            found.push(Definition {
                legal_form: text.split_whitespace().any(is_suffix),
                form: entry.name,
                name: text,
                span: doc.span(range),
                words,
                aliases,
            });
        }
    }
    found.sort_by_key(|d| d.span.start);
    found
}

pub struct InconsistentCompanyName;

impl Rule for InconsistentCompanyName {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, _model: &Model<'_>, cx: &mut LintContext<'_>) {
        let defs = definitions(doc);
        let Some(first) = defs.first() else {
            return;
        };
        let mut reported: Vec<&Definition> = Vec::new();
        for d in &defs[1..] {
            // "Pornhub ("we")" and "This website is operated by Aylo Freesites Ltd": a brand and
            // the company that runs it are two names for one operator.
            let brand_and_company = d.legal_form != first.legal_form
                && (d.form == NameAt::After || first.form == NameAt::After);
            if brand_and_company
                || d.same_operator(first)
                || reported.iter().any(|r| r.same_operator(d))
            {
                continue;
            }
            // A name related to an earlier definition that is itself consistent is fine.
            reported.push(d);
            let line = doc.lines.line_of(first.span.start) + 1;
            cx.report(
                Diagnostic::new(
                    &META,
                    d.span.clone(),
                    format!(
                        "the operator is defined as `{}` here but as `{}` on line {line}",
                        d.name, first.name
                    ),
                )
                .with_label("second operator definition")
                .with_secondary(first.span.clone(), "first defined here")
                .with_note(
                    "two unrelated operator names usually mean text was copied from another \
                     company's policy; GDPR Art. 13(1)(a) requires the controller's identity",
                )
                .with_help("use one legal name for the operator throughout"),
            );
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
        let ids: Vec<&str> = v.definitions.iter().map(|d| d.id.as_str()).collect();
        report.expect_sorted_unique("[[definition]] entries", &ids);
        for (i, d) in v.definitions.iter().enumerate() {
            report.expect(!d.matches.is_empty(), || {
                format!("{}: needs `matches`", d.id)
            });
            for ex in &d.matches {
                report.expect(v.regexes[i].is_match(ex), || {
                    format!("{}: should match {ex:?}", d.id)
                });
            }
            for ex in &d.ignores {
                report.expect(!v.regexes[i].is_match(ex), || {
                    format!("{}: should not match {ex:?}", d.id)
                });
            }
        }
        for (name, list) in &v.words {
            let ids: Vec<&str> = list.iter().map(|w| w.id.as_str()).collect();
            report.expect_sorted_unique(&format!("[[{name}]] entries"), &ids);
            for w in list {
                for ex in &w.matches {
                    let found = ex.split_whitespace().any(|t| t.to_lowercase() == w.text);
                    report.expect(found, || format!("{name} {}: should match {ex:?}", w.id));
                }
            }
        }
        report.assert_ok("company-names.toml");
    }

    #[test]
    fn extracts_names() {
        let before = |s: &str| name_before(s, 0).map(|r| s[r].to_string());
        assert_eq!(before("Welcome to PayTrack ").as_deref(), Some("PayTrack"));
        assert_eq!(
            before("Welcome to Better Stack, Inc. ").as_deref(),
            Some("Better Stack, Inc.")
        );
        assert_eq!(
            before("Last updated: October 22, 2019 bambu LLC ").as_deref(),
            Some("bambu LLC")
        );
        assert_eq!(before("Welcome to our website ").as_deref(), None);
        assert_eq!(before("The Company ").as_deref(), None);
        let after = |s: &str| name_after(s, 0).map(|r| s[r].to_string());
        assert_eq!(after("Acme Ltd. We care").as_deref(), Some("Acme Ltd."));
        assert_eq!(
            after("Widget Labs, LLC (\"we\")").as_deref(),
            Some("Widget Labs, LLC")
        );
        assert_eq!(
            after("Bank of America and partners").as_deref(),
            Some("Bank of America")
        );
    }

    #[test]
    fn relates_names() {
        let w = |s: &str| key_words(s);
        assert!(related(
            &w("Meta Platforms, Inc."),
            &w("Meta Platforms Ireland Ltd")
        ));
        assert!(related(&w("PayTrack"), &w("Pay Track LLC")));
        assert!(related(
            &w("IBM"),
            &w("International Business Machines Corp.")
        ));
        assert!(!related(&w("CustomerTrackr"), &w("ShopWave Inc.")));
        // Dotted legal forms are not a shared word.
        assert!(!related(
            &w("Fernhill Media S.A."),
            &w("Glimmerbay Digital S.A.")
        ));
        assert!(!related(
            &w("Corvid Labs B.V."),
            &w("Brightwater Health B.V.")
        ));
        assert!(related(&w("Corvid Labs B.V."), &w("Corvid")));
    }
}
