//! `misstated-deadline` (L002): a legal deadline attributed to a law that says otherwise.

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::model::Model;
use crate::rule::{LintContext, Rule, RuleMeta};
use crate::vocab::RegexEntry as CueEntry;

crate::declare_rule! {
    /// ## What it does
    /// Reads sentences that name a law (GDPR, UK GDPR, CCPA/CPRA) and a deadline, and reports
    /// deadlines the law does not set:
    ///
    /// - a breach notice to *you* "within 72 hours, as required by GDPR Article 33": Art. 33's
    ///   72 hours is the deadline for notifying the supervisory authority; people affected are
    ///   told under Art. 34, "without undue delay", and only when the risk to them is high;
    /// - a breach notice to the authority with another figure said to be required by the GDPR
    ///   (Art. 33(1): 72 hours);
    /// - a GDPR rights request answered "within 30 days, as required by the GDPR" (Art. 12(3):
    ///   one month, extendable by two further months);
    /// - a CCPA request deadline other than 45 days said to be required by the CCPA
    ///   (§1798.130(a)(2): 45 days, extendable once by 45; the regulations add 10 business
    ///   days to confirm receipt and 15 business days for opt-outs).
    ///
    /// Only deadlines the text presents as the law's are read. A promise shorter than the law
    /// ("we respond within 14 days, in accordance with the GDPR") is not an error; one longer
    /// than the law while claiming to follow it is.
    ///
    /// ## Why is this bad?
    /// Readers take the policy's word for what the law gives them. Telling people the GDPR
    /// guarantees them a 72-hour breach notice, or that the CCPA gives a business 30 days,
    /// misinforms them about their rights and shows the text was written without checking the
    /// law it cites.
    ///
    /// ## Example
    /// ```text
    /// In the unlikely event of a data breach, we will notify you within 72 hours via email,
    /// as required by GDPR Article 33.
    /// ```
    ///
    /// ## How to fix
    /// Keep the promise if you mean it, but attribute to the law only what it says: "We will
    /// notify the supervisory authority within 72 hours (GDPR Art. 33) and tell you without
    /// undue delay if the breach is likely to put you at high risk (Art. 34)."
    ///
    /// ## References
    /// - GDPR Art. 12(3), 33, 34
    /// - CCPA, Cal. Civ. Code §1798.130(a)(2); 11 CCR §7021
    pub static META = {
        code: "L002",
        name: "misstated-deadline",
        category: Legal,
        severity: Info,
        summary: "a legal deadline attributed to a law that says otherwise",
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DeadlineFile {
    law: Vec<LawEntry>,
    cue: Vec<CueEntry>,
    #[serde(default)]
    #[cfg_attr(not(test), allow(dead_code))]
    sentence: Vec<SentenceExample>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LawEntry {
    id: String,
    names: Vec<String>,
    #[cfg_attr(not(test), allow(dead_code))]
    matches: Vec<String>,
    #[serde(default)]
    #[cfg_attr(not(test), allow(dead_code))]
    ignores: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(not(test), allow(dead_code))]
struct SentenceExample {
    text: String,
    reported: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Law {
    Gdpr,
    Ccpa,
}

/// The sentence cues the rule uses, by position in the cue set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cue {
    Article33,
    Authority,
    Breach,
    Claim,
    Compliance,
    Controller,
    Extension,
    Individuals,
    Request,
}

const CUES: &[(&str, Cue)] = &[
    ("article-33", Cue::Article33),
    ("authority", Cue::Authority),
    ("breach", Cue::Breach),
    ("claim", Cue::Claim),
    ("compliance", Cue::Compliance),
    ("controller", Cue::Controller),
    ("extension", Cue::Extension),
    ("individuals", Cue::Individuals),
    ("request", Cue::Request),
];

struct Vocabulary {
    #[cfg_attr(not(test), allow(dead_code))]
    file: DeadlineFile,
    laws: AhoCorasick,
    law_of: Vec<Law>,
    cues: RegexSet,
    cue_of: Vec<Cue>,
}

static DATA: &str = include_str!("../../rules/deadlines.toml");

static VOCAB: LazyLock<Vocabulary> = LazyLock::new(|| {
    let file: DeadlineFile = crate::vocab::load("deadlines.toml", DATA);
    let mut names = Vec::new();
    let mut law_of = Vec::new();
    for l in &file.law {
        let law = match l.id.as_str() {
            "gdpr" => Law::Gdpr,
            "ccpa" => Law::Ccpa,
            other => panic!("rules/deadlines.toml: unknown law {other:?}"),
        };
        for n in &l.names {
            names.push(n.clone());
            law_of.push(law);
        }
    }
    let laws = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(&names)
        .expect("law automaton");
    let cue_of: Vec<Cue> = file
        .cue
        .iter()
        .map(|c| {
            CUES.iter()
                .find(|(id, _)| *id == c.id)
                .map(|(_, cue)| *cue)
                .unwrap_or_else(|| panic!("rules/deadlines.toml: unknown cue {:?}", c.id))
        })
        .collect();
    let cues = RegexSetBuilder::new(file.cue.iter().map(|c| &c.regex))
        .case_insensitive(true)
        .build()
        .expect("cue set");
    Vocabulary {
        file,
        laws,
        law_of,
        cues,
        cue_of,
    }
});

static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    let number = r"\d{1,3}|one|two|three|four|five|seven|ten|fourteen|fifteen|twenty[- ]four|thirty|forty[- ]five|forty[- ]eight|sixty|seventy[- ]two|ninety";
    RegexBuilder::new(&format!(
        r"\b(?:within|in|no later than|not later than|up to|inside(?: of)?|at most|a maximum of|no more than|under)\s+(?:the\s+|a\s+)?(?:first\s+)?(?P<n>{number})(?:\s*\(\d{{1,3}}\))?[\s-]+(?:(?P<kind>calendar|business|working)\s+)?(?P<unit>hours?|days?|weeks?|months?)\b|\b(?P<n2>\d{{1,3}})-(?:(?P<kind2>calendar|business|working)[\s-])?(?P<unit2>hour|day|week|month)\b"
    ))
    .case_insensitive(true)
    .build()
    .expect("duration regex")
});

fn number_value(s: &str) -> Option<u32> {
    if let Ok(n) = s.parse() {
        return Some(n);
    }
    let s = s.to_ascii_lowercase().replace(['-', ' '], "");
    Some(match s.as_str() {
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "seven" => 7,
        "ten" => 10,
        "fourteen" => 14,
        "fifteen" => 15,
        "twentyfour" => 24,
        "thirty" => 30,
        "fortyfive" => 45,
        "fortyeight" => 48,
        "sixty" => 60,
        "seventytwo" => 72,
        "ninety" => 90,
        _ => return None,
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unit {
    Hours,
    Days,
    Weeks,
    Months,
}

#[derive(Clone, Debug)]
struct Duration {
    n: u32,
    unit: Unit,
    business: bool,
    range: Range<usize>,
}

fn durations(sentence: &str) -> Vec<Duration> {
    DURATION
        .captures_iter(sentence)
        .filter_map(|c| {
            let n = number_value(c.name("n").or_else(|| c.name("n2"))?.as_str())?;
            let unit = c.name("unit").or_else(|| c.name("unit2"))?.as_str();
            let unit = match unit.to_ascii_lowercase().trim_end_matches('s') {
                "hour" => Unit::Hours,
                "day" => Unit::Days,
                "week" => Unit::Weeks,
                _ => Unit::Months,
            };
            let kind = c.name("kind").or_else(|| c.name("kind2"));
            let business = kind.is_some_and(|k| !k.as_str().eq_ignore_ascii_case("calendar"));
            Some(Duration {
                n,
                unit,
                business,
                range: c.get(0)?.range(),
            })
        })
        .collect()
}

/// What is wrong with a deadline, for the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Finding {
    BreachToIndividuals,
    BreachToAuthority,
    GdprRequest,
    CcpaRequest,
}

/// Judges one duration tied to one law in a sentence with these cues.
fn judge(law: Law, d: &Duration, has: impl Fn(Cue) -> bool) -> Option<Finding> {
    let claim = has(Cue::Claim);
    let compliance = has(Cue::Compliance);
    if has(Cue::Breach) {
        if law != Law::Gdpr || has(Cue::Controller) {
            return None;
        }
        // The authority's deadline in hours, whatever unit the policy wrote it in.
        let hours = match d.unit {
            Unit::Hours => d.n,
            Unit::Days if !d.business => d.n * 24,
            Unit::Weeks => d.n * 168,
            _ => return None,
        };
        let authority = has(Cue::Authority);
        let individuals = has(Cue::Individuals);
        if individuals && !authority {
            return (d.unit == Unit::Hours && (claim || has(Cue::Article33)))
                .then_some(Finding::BreachToIndividuals);
        }
        if authority && !individuals && hours != 72 {
            return (claim || (compliance && hours > 72)).then_some(Finding::BreachToAuthority);
        }
        return None;
    }
    if !has(Cue::Request) {
        return None;
    }
    let extension = has(Cue::Extension);
    match (law, d.unit) {
        (Law::Gdpr, Unit::Days | Unit::Weeks) => {
            let days = if d.unit == Unit::Weeks { d.n * 7 } else { d.n };
            let too_long = days > 31 && !extension;
            (claim || (compliance && too_long)).then_some(Finding::GdprRequest)
        }
        (Law::Gdpr, Unit::Months) => {
            let too_long = d.n > 3 || (d.n > 1 && !extension);
            ((claim || compliance) && too_long).then_some(Finding::GdprRequest)
        }
        (Law::Ccpa, Unit::Days) => {
            let allowed = match d.n {
                45 => !d.business,
                10 | 15 => d.business || claim,
                90 => extension,
                _ => false,
            };
            if allowed || d.n == 12 {
                return None;
            }
            let too_long = d.n > 45 && !(d.n <= 90 && extension);
            (claim || (compliance && too_long)).then_some(Finding::CcpaRequest)
        }
        _ => None,
    }
}

/// The start of the sentence containing `pos`, within its line.
fn sentence_bounds(text: &str, pos: usize) -> Range<usize> {
    let line_start = text[..pos].rfind('\n').map_or(0, |p| p + 1);
    let line_end = text[pos..].find('\n').map_or(text.len(), |p| pos + p);
    let mut start = line_start;
    for (i, _) in text[line_start..pos].match_indices(['.', '!', '?']) {
        let at = line_start + i;
        if text[at + 1..].starts_with(' ') {
            start = at + 2;
        }
    }
    let mut end = line_end;
    for (i, _) in text[pos..line_end].match_indices(['.', '!', '?']) {
        let at = pos + i;
        if at + 1 >= line_end || text[at + 1..].starts_with(' ') {
            end = at + 1;
            break;
        }
    }
    start..end
}

/// One finding: the duration's range, the law mention's range, what is wrong.
type Hit = (Range<usize>, Range<usize>, Finding);

/// Every misstated deadline in `text`.
fn find_deadlines(text: &str) -> Vec<Hit> {
    let v = &*VOCAB;
    let mut sentences: Vec<Range<usize>> = Vec::new();
    for m in v.laws.find_iter(text) {
        let r = m.range();
        let before = text[..r.start].chars().next_back();
        let after = text[r.end..].chars().next();
        if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric) {
            continue;
        }
        let s = sentence_bounds(text, r.start);
        if sentences.last() != Some(&s) {
            sentences.push(s);
        }
    }
    sentences.dedup();
    let mut hits = Vec::new();
    for s in sentences {
        if s.len() > 800 {
            continue;
        }
        let sentence = &text[s.clone()];
        let found = durations(sentence);
        if found.is_empty() {
            continue;
        }
        let laws: Vec<(Range<usize>, Law)> = v
            .laws
            .find_iter(sentence)
            .filter(|m| {
                let before = sentence[..m.start()].chars().next_back();
                let after = sentence[m.end()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            })
            .map(|m| (m.range(), v.law_of[m.pattern().as_usize()]))
            .fold(Vec::new(), |mut acc: Vec<(Range<usize>, Law)>, (r, law)| {
                // "GDPR Article 33" is one citation.
                match acc.last_mut() {
                    Some((prev, l))
                        if *l == law && sentence[prev.end..r.start].trim().is_empty() =>
                    {
                        prev.end = r.end;
                    }
                    _ => acc.push((r, law)),
                }
                acc
            });
        let matched: Vec<Cue> = v
            .cues
            .matches(sentence)
            .iter()
            .map(|i| v.cue_of[i])
            .collect();
        let has = |c: Cue| matched.contains(&c);
        for d in found {
            let distance = |r: &Range<usize>| {
                if r.start >= d.range.end {
                    r.start - d.range.end
                } else {
                    d.range.start.saturating_sub(r.end)
                }
            };
            let Some((law_range, law)) = laws.iter().min_by_key(|(r, _)| distance(r)) else {
                continue;
            };
            if let Some(f) = judge(*law, &d, has) {
                hits.push((
                    s.start + d.range.start..s.start + d.range.end,
                    s.start + law_range.start..s.start + law_range.end,
                    f,
                ));
            }
        }
    }
    hits
}

pub struct MisstatedDeadline;

impl Rule for MisstatedDeadline {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, _model: &Model<'_>, cx: &mut LintContext<'_>) {
        for (dur, law, finding) in find_deadlines(&doc.plain) {
            let said = doc.plain[dur.clone()].trim();
            let (message, label, note, help) = match finding {
                Finding::BreachToIndividuals => (
                    format!("`{said}` is not the GDPR's deadline for telling the people affected by a breach"),
                    "72 hours is the deadline for the supervisory authority",
                    "GDPR Art. 33(1) gives 72 hours to notify the supervisory authority; Art. 34 requires telling data subjects \"without undue delay\", and only when the breach is likely to result in a high risk to them",
                    "keep the promise if you mean it, but do not present it as what the GDPR requires; cite Art. 33 for the authority and Art. 34 for individuals",
                ),
                Finding::BreachToAuthority => (
                    format!("`{said}` is not the GDPR's deadline for notifying the supervisory authority"),
                    "the GDPR sets 72 hours",
                    "GDPR Art. 33(1): notify the supervisory authority without undue delay and, where feasible, not later than 72 hours after becoming aware of the breach",
                    "state the deadline the law sets, or present a shorter one as your own commitment",
                ),
                Finding::GdprRequest => (
                    format!("`{said}` is not the GDPR's deadline for answering a request"),
                    "the GDPR sets one month",
                    "GDPR Art. 12(3): respond without undue delay and at the latest within one month of receipt, extendable by two further months where necessary, telling the person within the first month",
                    "say \"within one month\" (extendable as Art. 12(3) allows), or present a shorter deadline as your own commitment",
                ),
                Finding::CcpaRequest => (
                    format!("`{said}` is not the CCPA's deadline for responding to a request"),
                    "the CCPA sets 45 days",
                    "Cal. Civ. Code §1798.130(a)(2): respond within 45 days of receiving a verifiable request, extendable once by 45 days with notice; 11 CCR §7021 adds confirming receipt within 10 business days",
                    "say \"within 45 days\" (extendable once by 45), or present a shorter deadline as your own commitment",
                ),
            };
            cx.report(
                Diagnostic::new(&META, doc.span(dur), message)
                    .with_label(label)
                    .with_secondary(doc.span(law), "attributed to this law")
                    .with_note(note)
                    .with_help(help),
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
        let law_ids: Vec<&str> = v.file.law.iter().map(|l| l.id.as_str()).collect();
        let cue_ids: Vec<&str> = v.file.cue.iter().map(|c| c.id.as_str()).collect();
        report.expect_sorted_unique("laws", &law_ids);
        report.expect_sorted_unique("cues", &cue_ids);
        for l in &v.file.law {
            let found = |t: &str| {
                v.laws.find_iter(t).any(|m| {
                    let before = t[..m.start()].chars().next_back();
                    let after = t[m.end()..].chars().next();
                    !before.is_some_and(char::is_alphanumeric)
                        && !after.is_some_and(char::is_alphanumeric)
                        && format!("{:?}", v.law_of[m.pattern().as_usize()])
                            .eq_ignore_ascii_case(&l.id)
                })
            };
            for m in &l.matches {
                report.expect(found(m), || format!("law {}: should find {m:?}", l.id));
            }
            for m in &l.ignores {
                report.expect(!found(m), || format!("law {}: should not find {m:?}", l.id));
            }
        }
        for c in &v.file.cue {
            let re = RegexBuilder::new(&c.regex)
                .case_insensitive(true)
                .build()
                .unwrap();
            report.expect(!c.matches.is_empty(), || {
                format!("cue {}: no examples", c.id)
            });
            for m in &c.matches {
                report.expect(re.is_match(m), || {
                    format!("cue {}: should match {m:?}", c.id)
                });
            }
            for m in &c.ignores {
                report.expect(!re.is_match(m), || {
                    format!("cue {}: should not match {m:?}", c.id)
                });
            }
        }
        for s in &v.file.sentence {
            let got = find_deadlines(&s.text);
            report.expect(got.len() == s.reported, || {
                format!(
                    "sentence {:?}: expected {} findings, got {got:?}",
                    s.text, s.reported
                )
            });
        }
        report.assert_ok("deadlines.toml");
    }

    #[test]
    fn reads_durations() {
        let d =
            durations("within seventy-two (72) hours and a 45-day period, within 10 business days");
        let got: Vec<(u32, Unit, bool)> = d.iter().map(|d| (d.n, d.unit, d.business)).collect();
        assert_eq!(
            got,
            vec![
                (72, Unit::Hours, false),
                (45, Unit::Days, false),
                (10, Unit::Days, true)
            ]
        );
    }
}
