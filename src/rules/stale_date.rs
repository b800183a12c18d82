//! `stale-date` (T001): the policy's own "Last updated" / "Effective" date is more than
//! 12 months old, in the future, unreadable, or given twice with different values.
//!
//! The date parser lives here too ([`scan_date`], [`RawDate::resolve`]).

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;
use serde::Deserialize;

use crate::date::{days_in_month, Date};
use crate::diagnostic::Diagnostic;
use crate::document::{normalize_heading, BlockKind, Document};
use crate::rule::{LintContext, Rule, RuleMeta};

crate::declare_rule! {
    /// ## What it does
    /// Reads the policy's own date line ("Last updated", "Last modified", "Revised",
    /// "Effective date", or a sentence such as "This policy was last updated on ...") and
    /// reports:
    ///
    /// - a date more than 12 months before today (`--today`, default the system date);
    /// - a last-updated date in the future, or an effective date more than 90 days ahead
    ///   (announcing a new version a few weeks early is normal);
    /// - a date that cannot be read (`Last updated: sometime`, `Revised: 31/31/2024`);
    /// - two different last-updated dates in one document.
    ///
    /// Dates are read in the forms `March 9, 2026`, `Mar. 9, 2026`, `9 March 2026`,
    /// `1st January 2025`, `2026-03-09`, `03/09/2026`, `9.3.2026` and `January 2025` (month
    /// precision counts as the last day of that month; a bare year as 31 December).
    /// A numeric date whose two parts are both 12 or less is ambiguous: it is read
    /// month/day (US order) unless the document writes its other dates day first (an
    /// unambiguous `25/05/2018`, or `9 March 2026`-style dates), and dotted dates (`03.09.2026`)
    /// are read day first. The diagnostic says which reading it used.
    ///
    /// Only the policy's own date counts: dates in "Previous versions" or "Changelog"
    /// sections, in lists of past versions, or in other sentences ("the GDPR, effective from
    /// May 25, 2018") are ignored. A missing date is not reported here (`missing-section`
    /// reports the `effective-date` concept), nor a date left as `[DATE]` or `TBD`
    /// (`placeholder-text`).
    ///
    /// ## Why is this bad?
    /// California requires a privacy policy to be updated at least once every 12 months (CCPA,
    /// Cal. Civ. Code §1798.130(a)(5)) and to state its effective date (CalOPPA, Cal. Bus. &
    /// Prof. Code §22575(b)(4)). A date older than that tells readers, and regulators, that
    /// nobody has reviewed the policy against the current practices. A future, unreadable or
    /// contradictory date means readers cannot tell which version applies.
    ///
    /// ## Example
    /// ```text
    /// Privacy Policy
    /// Last updated: January 1, 2025
    /// ```
    /// With `--today 2026-11-22` the date is 22 months old.
    ///
    /// ## How to fix
    /// Review the policy against what the product does today, publish the reviewed text, and
    /// set the date to the day it was published. Write dates unambiguously
    /// (`March 9, 2026` or `2026-03-09`) and keep past versions under a "Previous versions"
    /// heading.
    ///
    /// ## References
    /// - CCPA, Cal. Civ. Code §1798.130(a)(5); 11 CCR §7011(e)(4)
    /// - CalOPPA, Cal. Bus. & Prof. Code §22575(b)(4)
    pub static META = {
        code: "T001",
        name: "stale-date",
        category: Timeliness,
        severity: Warning,
        summary: "the last-updated date is stale, in the future or unreadable",
    }
}

// ---------------------------------------------------------------------------------------------
// Date parsing

/// How precisely a date was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precision {
    Day,
    Month,
    Year,
}

/// A date as written, before resolving the day/month order of numeric dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RawDate {
    /// Month named in words; `day` absent for `January 2025`. `day_first`: `9 March 2026`.
    Text {
        year: i32,
        month: u32,
        day: Option<u32>,
        day_first: bool,
    },
    /// `2026-03-09`.
    Iso { year: i32, month: u32, day: u32 },
    /// `03/09/2026`: two numbers in unknown order, the separator, a year.
    Numeric { a: u32, b: u32, year: i32, sep: u8 },
    /// `2025`.
    Year(i32),
}

/// Order of the two numbers of a numeric date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    MonthFirst,
    DayFirst,
}

/// A date resolved to the calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParsedDate {
    /// First day of the period written.
    pub start: Date,
    /// Last day of the period written (equal to `start` for a full date).
    pub end: Date,
    pub precision: Precision,
    /// For an ambiguous numeric date: the order used, and the date read the other way.
    pub ambiguous: Option<(Order, Date)>,
}

const MONTH: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

static DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    let re = format!(
        r"(?ix)^
        (?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?
        (?:
            (?P<m1>{MONTH})\b\.?[,\x{{ff0c}}]?[\s-]*(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s*[,.\x{{ff0c}}-]?\s*(?P<y1>\d{{4}})
          | (?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\.?[\s/-]*(?:of\s+)?(?P<m2>{MONTH})\b\.?[\s/,\x{{ff0c}}-]*(?P<y2>\d{{4}})
          | (?P<m8>{MONTH})\b\s+(?P<d8>\d{{1,2}})\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s+(?:[a-z]{{2,5}}\s+)?(?P<y8>\d{{4}})
          | (?P<m3>{MONTH})\b\.?[\s,\x{{ff0c}}-]*(?:of\s+)?(?P<y3>\d{{4}})
          | (?P<y4>\d{{4}})\s?[-/.]\s?(?P<m4>\d{{1,2}})\s?[-/.]\s?(?P<d4>\d{{1,2}})
          | (?P<a5>\d{{1,2}})\s?(?P<s5>[-/.])\s?(?P<b5>\d{{1,2}})\s?[-/.]\s?(?P<y5>\d{{4}}|\d{{2}})
          | (?P<m7>\d{{1,2}})\s?[-/.]\s?(?P<y7>\d{{4}})
          | (?P<y6>(?:19|20)\d{{2}})
        )"
    );
    Regex::new(&re).expect("date regex")
});

fn month_number(name: &str) -> u32 {
    let n = name.to_ascii_lowercase();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    months
        .iter()
        .position(|m| n.starts_with(m))
        .map_or(0, |i| i as u32 + 1)
}

fn two_digit_year(y: i32, len: usize) -> i32 {
    if len == 2 {
        if y < 70 {
            2000 + y
        } else {
            1900 + y
        }
    } else {
        y
    }
}

/// Reads a date at the very start of `text`: the date and the bytes it spans. Impossible
/// dates (`February 30, 2025`) are returned too; [`RawDate::resolve`] rejects them.
pub fn scan_date(text: &str) -> Option<(RawDate, usize)> {
    let head = match text.char_indices().nth(48) {
        Some((i, _)) => &text[..i],
        None => text,
    };
    let caps = DATE_RE.captures(head)?;
    let end = caps.get(0)?.end();
    // A date is not followed by more digits ("2025" of "20251").
    let next = text[end..].chars().next();
    if next.is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    let num = |name: &str| -> Option<u32> { caps.name(name).and_then(|m| m.as_str().parse().ok()) };
    let raw = if let Some(m) = caps.name("m1") {
        RawDate::Text {
            year: num("y1")? as i32,
            month: month_number(m.as_str()),
            day: num("d1"),
            day_first: false,
        }
    } else if let Some(m) = caps.name("m2") {
        RawDate::Text {
            year: num("y2")? as i32,
            month: month_number(m.as_str()),
            day: num("d2"),
            day_first: true,
        }
    } else if let Some(m) = caps.name("m8") {
        RawDate::Text {
            year: num("y8")? as i32,
            month: month_number(m.as_str()),
            day: num("d8"),
            day_first: false,
        }
    } else if let Some(m) = caps.name("m3") {
        RawDate::Text {
            year: num("y3")? as i32,
            month: month_number(m.as_str()),
            day: None,
            day_first: false,
        }
    } else if caps.name("y4").is_some() {
        RawDate::Iso {
            year: num("y4")? as i32,
            month: num("m4")?,
            day: num("d4")?,
        }
    } else if let Some(y) = caps.name("y5") {
        RawDate::Numeric {
            a: num("a5")?,
            b: num("b5")?,
            year: two_digit_year(y.as_str().parse().ok()?, y.len()),
            sep: caps.name("s5")?.as_str().as_bytes()[0],
        }
    } else if let Some(m) = caps.name("m7") {
        RawDate::Text {
            year: num("y7")? as i32,
            month: m.as_str().parse().ok()?,
            day: None,
            day_first: false,
        }
    } else {
        // A bare year only counts when nothing but punctuation follows it.
        let rest = text[end..].trim_start_matches([' ', '*', '_']);
        if !(rest.is_empty() || rest.starts_with(['\n', '.', ',', ';', ')', '|'])) {
            return None;
        }
        RawDate::Year(num("y6")? as i32)
    };
    Some((raw, end))
}

impl RawDate {
    /// The calendar date; `order` decides ambiguous numeric dates. `None`: impossible date.
    pub fn resolve(self, order: Order) -> Option<ParsedDate> {
        let full = |d: Date| ParsedDate {
            start: d,
            end: d,
            precision: Precision::Day,
            ambiguous: None,
        };
        match self {
            RawDate::Text {
                year,
                month,
                day: Some(day),
                ..
            }
            | RawDate::Iso { year, month, day } => Date::new(year, month, day).map(full),
            RawDate::Text {
                year,
                month,
                day: None,
                ..
            } => Some(ParsedDate {
                start: Date::new(year, month, 1)?,
                end: Date::new(year, month, days_in_month(year, month))?,
                precision: Precision::Month,
                ambiguous: None,
            }),
            RawDate::Year(year) => Some(ParsedDate {
                start: Date::new(year, 1, 1)?,
                end: Date::new(year, 12, 31)?,
                precision: Precision::Year,
                ambiguous: None,
            }),
            RawDate::Numeric { a, b, year, .. } => {
                let month_first = Date::new(year, a, b);
                let day_first = Date::new(year, b, a);
                match (month_first, day_first) {
                    (Some(m), Some(d)) if m != d => {
                        let (used, other) = match order {
                            Order::MonthFirst => (m, d),
                            Order::DayFirst => (d, m),
                        };
                        Some(ParsedDate {
                            ambiguous: Some((order, other)),
                            ..full(used)
                        })
                    }
                    (Some(m), _) => Some(full(m)),
                    (None, Some(d)) => Some(full(d)),
                    (None, None) => None,
                }
            }
        }
    }

    fn is_ambiguous(self) -> bool {
        matches!(self, RawDate::Numeric { a, b, .. } if a <= 12 && b <= 12 && a != b)
    }
}

/// How a document writes its dates, for reading ambiguous numeric dates.
#[derive(Clone, Copy, Debug)]
struct Convention {
    order: Order,
    reason: &'static str,
}

static NUMERIC_EVIDENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(\d{1,2})[/.-](\d{1,2})[/.-](?:\d{4}|\d{2})(?-u:\b)").expect("regex")
});
static TEXT_DMY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i-u)\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}\b\.?,?\s+\d{{4}}\b"
    ))
    .expect("regex")
});
static TEXT_MDY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i-u)\b{MONTH}\b\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
    ))
    .expect("regex")
});

impl Convention {
    /// Looks at every date in the document once: unambiguous numeric dates decide; otherwise
    /// the majority of dates written with the month in words.
    fn of(doc: &Document) -> Convention {
        let (mut day_first, mut month_first) = (0usize, 0usize);
        for c in NUMERIC_EVIDENCE.captures_iter(&doc.plain) {
            let a: u32 = c[1].parse().unwrap_or(0);
            let b: u32 = c[2].parse().unwrap_or(0);
            if (13..=31).contains(&a) && (1..=12).contains(&b) {
                day_first += 1;
            } else if (13..=31).contains(&b) && (1..=12).contains(&a) {
                month_first += 1;
            }
        }
        if day_first > 0 && month_first == 0 {
            return Convention {
                order: Order::DayFirst,
                reason: "the document writes other numeric dates day first",
            };
        }
        if month_first > 0 && day_first == 0 {
            return Convention {
                order: Order::MonthFirst,
                reason: "the document writes other numeric dates month first",
            };
        }
        let dmy = TEXT_DMY.find_iter(&doc.plain).count();
        let mdy = TEXT_MDY.find_iter(&doc.plain).count();
        if dmy > mdy {
            Convention {
                order: Order::DayFirst,
                reason: "the document writes its other dates day first (`9 March 2026`)",
            }
        } else {
            Convention {
                order: Order::MonthFirst,
                reason: "month/day (US order) is the default",
            }
        }
    }

    /// The order for one date: dotted dates are day first unless the document shows
    /// otherwise.
    fn order_for(self, raw: RawDate) -> (Order, &'static str) {
        if let RawDate::Numeric { sep: b'.', .. } = raw {
            if self.reason.starts_with("month/day") {
                return (Order::DayFirst, "dotted dates are read day first");
            }
        }
        (self.order, self.reason)
    }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Kind {
    Updated,
    Effective,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Strength {
    Strong,
    Weak,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DatesFile {
    subjects: Vec<String>,
    label: Vec<LabelEntry>,
    history: Vec<HistoryEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LabelEntry {
    #[cfg_attr(not(test), allow(dead_code))]
    id: String,
    kind: Kind,
    strength: Strength,
    phrases: Vec<String>,
    #[cfg_attr(not(test), allow(dead_code))]
    matches: Vec<String>,
    #[serde(default)]
    #[cfg_attr(not(test), allow(dead_code))]
    ignores: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HistoryEntry {
    #[cfg_attr(not(test), allow(dead_code))]
    id: String,
    phrases: Vec<String>,
    #[cfg_attr(not(test), allow(dead_code))]
    matches: Vec<String>,
    #[serde(default)]
    #[cfg_attr(not(test), allow(dead_code))]
    ignores: Vec<String>,
}

struct Vocabulary {
    labels: Vec<LabelEntry>,
    #[cfg_attr(not(test), allow(dead_code))]
    history: Vec<HistoryEntry>,
    label_ac: AhoCorasick,
    /// Pattern index → label entry.
    label_of: Vec<usize>,
    history_ac: AhoCorasick,
    subject_ac: AhoCorasick,
}

static DATA: &str = include_str!("../../rules/dates.toml");

fn automaton<'a>(phrases: impl IntoIterator<Item = &'a String>) -> AhoCorasick {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(phrases)
        .expect("automaton")
}

static VOCAB: LazyLock<Vocabulary> = LazyLock::new(|| {
    let file: DatesFile = crate::vocab::load("dates.toml", DATA);
    let mut phrases = Vec::new();
    let mut label_of = Vec::new();
    for (i, e) in file.label.iter().enumerate() {
        for p in &e.phrases {
            phrases.push(p);
            label_of.push(i);
        }
    }
    let label_ac = automaton(phrases);
    let history_ac = automaton(file.history.iter().flat_map(|h| &h.phrases));
    let subject_ac = automaton(&file.subjects);
    Vocabulary {
        labels: file.label,
        history: file.history,
        label_ac,
        label_of,
        history_ac,
        subject_ac,
    }
});

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether `text[r]` is a whole word (a camel-case join such as `UpdatedNovember` counts).
fn whole_word(text: &str, r: &Range<usize>) -> bool {
    let before = text[..r.start].chars().next_back();
    if before.is_some_and(is_word_char) {
        return false;
    }
    let last = text[..r.end].chars().next_back();
    match text[r.end..].chars().next() {
        Some(c) if is_word_char(c) => {
            c.is_ascii_uppercase() && last.is_some_and(|l| l.is_ascii_lowercase())
        }
        _ => true,
    }
}

fn contains_word(ac: &AhoCorasick, text: &str) -> bool {
    ac.find_iter(text).any(|m| whole_word(text, &m.range()))
}

/// Whether a heading or lead-in names a list of past versions.
fn is_history_text(text: &str) -> bool {
    let v = &*VOCAB;
    // Phrases may be plural or inflected ("Previous versions"): only the start is bounded.
    v.history_ac.find_iter(text).any(|m| {
        !text[..m.start()]
            .chars()
            .next_back()
            .is_some_and(is_word_char)
    })
}

// ---------------------------------------------------------------------------------------------
// Finding the policy's date lines

/// What follows a date label.
#[derive(Clone, Debug)]
enum Value {
    Date {
        raw: RawDate,
        /// Plain range of the date text.
        range: Range<usize>,
    },
    /// A value that is not a date (`sometime`, `31/31/2024`).
    Unreadable { range: Range<usize> },
}

#[derive(Clone, Debug)]
struct Candidate {
    label: usize,
    /// Plain range from the label to the end of the value.
    range: Range<usize>,
    value: Value,
    block: Option<usize>,
    /// The label starts its line (`Last updated: ...`), rather than sitting in a sentence.
    line_label: bool,
}

/// Words skipped between a label and its date ("Last updated on", "effective date of this
/// policy is").
const FILLER: &[&str] = &[
    "on",
    "as",
    "of",
    "at",
    "in",
    "from",
    "since",
    "is",
    "was",
    "date",
    "the",
    "this",
    "these",
    "our",
    "its",
    "privacy",
    "cookie",
    "cookies",
    "policy",
    "notice",
    "statement",
    "terms",
    "agreement",
    "document",
    "page",
    "version",
    "and",
    "effective",
    "beginning",
    "starting",
    "updated",
    "revised",
    "modified",
];

const BE_VERBS: &[&str] = &[
    "was", "were", "is", "are", "been", "be", "became", "becomes", "become",
];

/// Skips punctuation and filler words after a label; returns the offset of the value.
fn skip_filler(text: &str, mut pos: usize) -> usize {
    let punct = |c: char| {
        matches!(
            c,
            ' ' | '\t'
                | ':'
                | '-'
                | '\u{2013}'
                | '\u{2014}'
                | '*'
                | '_'
                | ','
                | '('
                | '['
                | '\u{a0}'
        )
    };
    for _ in 0..10 {
        let rest = &text[pos..];
        let trimmed = rest.trim_start_matches(punct);
        pos += rest.len() - trimmed.len();
        let word_len = trimmed
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(trimmed.len());
        let word = &trimmed[..word_len];
        if word_len == 0 || !FILLER.iter().any(|f| f.eq_ignore_ascii_case(word)) {
            break;
        }
        pos += word_len;
    }
    pos
}

/// Start of the sentence containing `pos` within `line`.
fn sentence_start(line: &str) -> usize {
    let mut start = 0;
    for (i, _) in line.match_indices(['.', '!', '?', ';']) {
        if line[i + 1..].starts_with([' ', '\u{a0}']) {
            start = i + 1;
        }
    }
    start
}

/// Where a label sits, which decides whether it introduces the policy's own date.
fn label_counts(entry: &LabelEntry, pre: &str, after: &str) -> bool {
    let v = &*VOCAB;
    let at_start = pre.chars().all(|c| !c.is_alphanumeric());
    if at_start {
        return true;
    }
    let pre_trim = pre.trim_end();
    let words = pre_trim.split_whitespace().count();
    let short = words <= 10;
    let colon = after
        .trim_start_matches([' ', '*', '_', '\u{a0}'])
        .starts_with(':');
    let after_title = words <= 6
        && (pre_trim.ends_with(['|', '-', '\u{2013}', '\u{2014}', '\u{2022}', '\u{b7}', '/'])
            || (pre_trim.ends_with('(') && entry.strength == Strength::Strong));
    if (short && colon) || after_title {
        return true;
    }
    let sentence = &pre[sentence_start(pre)..];
    match entry.strength {
        Strength::Strong => true,
        Strength::Weak => {
            let lower = sentence.to_ascii_lowercase();
            let mut words = lower
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .rev();
            let mut last = words.next();
            if matches!(last, Some("last" | "recently" | "most")) {
                last = words.next();
                if last == Some("recently") || last == Some("most") {
                    last = words.next();
                }
            }
            last.is_some_and(|w| BE_VERBS.contains(&w)) && contains_word(&v.subject_ac, sentence)
        }
    }
}

/// Whether a value after `Label:` is a placeholder (`[DATE]`, `TBD`): another rule's finding.
fn looks_like_placeholder(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    value.contains(['[', ']', '{', '<', '_', '%', '$'])
        || [
            "tbd", "tba", "xx", "insert", "date", "n/a", "to be ", "pending", "coming", " ago",
        ]
        .iter()
        .any(|p| lower.contains(p))
}

/// Every date line of the document that states the policy's own date.
fn candidates(doc: &Document) -> Vec<Candidate> {
    let v = &*VOCAB;
    let text = doc.plain.as_str();
    let mut section_history: Vec<Option<bool>> = vec![None; doc.sections.len()];
    let mut found = Vec::new();
    for m in v.label_ac.find_iter(text) {
        let r = m.range();
        if !whole_word(text, &r) {
            continue;
        }
        let entry_idx = v.label_of[m.pattern().as_usize()];
        let entry = &v.labels[entry_idx];
        let line_start = text[..r.start].rfind('\n').map_or(0, |p| p + 1);
        let line_end = text[r.end..].find('\n').map_or(text.len(), |p| r.end + p);
        let pre = &text[line_start..r.start];
        let after = &text[r.end..line_end];
        if is_history_text(pre) || !label_counts(entry, pre, after) {
            continue;
        }
        let line_label = pre.chars().all(|c| !c.is_alphanumeric());
        let block = doc.block_at(r.start);
        if let Some(b) = block {
            let kind = doc.blocks[b].kind;
            if kind == BlockKind::TableRow && pre.contains(" | ") {
                continue;
            }
            if in_history(doc, b, &mut section_history) {
                continue;
            }
        }
        let mut at = skip_filler(text, r.end);
        // A label alone on its line ("Effective Date" above the date): the next line.
        let alone = pre.chars().all(|c| !c.is_alphanumeric())
            && text[r.end..at].find('\n').is_none()
            && text[at..].starts_with('\n');
        if alone {
            at = skip_filler(text, at + 1);
        }
        let value_end = text[at..].find('\n').map_or(text.len(), |p| at + p);
        if let Some((raw, end)) = scan_date(&text[at..value_end])
            .map(|(raw, len)| (raw, at + len))
            .or_else(|| scan_wrapped(text, at, value_end))
        {
            if entry.strength == Strength::Weak && about_something_else(text, end) {
                continue;
            }
            found.push(Candidate {
                label: entry_idx,
                range: r.start..end,
                value: Value::Date {
                    raw,
                    range: at..end,
                },
                block,
                line_label,
            });
            continue;
        }
        // Unreadable: only `Label: value` at the start of a line, for labels that can only
        // introduce a date.
        let colon = after
            .trim_start_matches([' ', '*', '_', '\u{a0}'])
            .starts_with(':');
        let unreadable_label = entry.kind == Kind::Updated || entry.strength == Strength::Strong;
        if !(colon && unreadable_label && pre.chars().all(|c| !c.is_alphanumeric())) || alone {
            continue;
        }
        let value = text[at..value_end].trim_end_matches([' ', '*', '_', '.', '\u{a0}']);
        let words = value.split_whitespace().count();
        if words == 0
            || words > 4
            || !value.contains(char::is_alphanumeric)
            || looks_like_placeholder(value)
        {
            continue;
        }
        // A value that starts a sentence ("Last updated: We changed ...") is prose.
        if value.contains(". ") || value.ends_with(['?', '!']) {
            continue;
        }
        found.push(Candidate {
            label: entry_idx,
            range: r.start..at + value.len(),
            value: Value::Unreadable {
                range: at..at + value.len(),
            },
            block,
            line_label,
        });
    }
    drop_history_runs(doc, found)
}

/// "Effective January 1, 2020, the California Consumer Privacy Act gives ...": a sentence
/// that opens with a date and goes on about something other than the document.
fn about_something_else(text: &str, date_end: usize) -> bool {
    let line_end = text[date_end..]
        .find('\n')
        .map_or(text.len(), |p| date_end + p);
    let rest = &text[date_end..line_end];
    let Some(clause) = rest.strip_prefix(',') else {
        return false;
    };
    let clause = clause.split(['.', ';']).next().unwrap_or("");
    clause.split_whitespace().count() >= 3 && !contains_word(&VOCAB.subject_ac, clause)
}

/// A date broken over two lines by the text extraction ("Effective Date: December" / "1, 2005"):
/// the date and where it ends.
fn scan_wrapped(text: &str, at: usize, value_end: usize) -> Option<(RawDate, usize)> {
    let value = text[at..value_end].trim_end();
    if value.is_empty() || value.len() > 9 || !value.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let next = value_end + 1;
    if month_number(value) == 0 || next >= text.len() {
        return None;
    }
    let next_end = text[next..].find('\n').map_or(text.len(), |p| next + p);
    let joined = format!("{value} {}", &text[next..next_end]);
    let (raw, len) = scan_date(&joined)?;
    (len > value.len() + 1).then(|| (raw, next + len - value.len() - 1))
}

/// Dates in adjacent list items or table rows are a list of versions, not the policy's date.
fn drop_history_runs(doc: &Document, found: Vec<Candidate>) -> Vec<Candidate> {
    let listy = |b: Option<usize>| {
        b.is_some_and(|b| {
            matches!(
                doc.blocks[b].kind,
                BlockKind::ListItem | BlockKind::TableRow
            )
        })
    };
    let blocks: Vec<Option<usize>> = found.iter().map(|c| c.block).collect();
    found
        .into_iter()
        .enumerate()
        .filter(|(i, c)| {
            if !listy(c.block) {
                return true;
            }
            let b = c.block.unwrap_or(0);
            let near = |j: usize| {
                blocks[j].is_some_and(|o| o != b && o.abs_diff(b) <= 1) && listy(blocks[j])
            };
            let prev = *i > 0 && near(i - 1);
            let next = i + 1 < blocks.len() && near(i + 1);
            !(prev || next)
        })
        .map(|(_, c)| c)
        .collect()
}

/// Whether a block lies in a "Previous versions" / "Changelog" section or in a list after a
/// lead-in such as "Prior versions of this policy:".
fn in_history(doc: &Document, block: usize, cache: &mut [Option<bool>]) -> bool {
    if let Some(sec) = doc.blocks[block].section {
        // A heading that carries the date itself is not a history heading.
        let mut cur = if doc.sections[sec].heading == block {
            doc.sections[sec].parent
        } else {
            Some(sec)
        };
        while let Some(s) = cur {
            let hist = *cache[s]
                .get_or_insert_with(|| is_history_text(&normalize_heading(&doc.sections[s].title)));
            if hist {
                return true;
            }
            cur = doc.sections[s].parent;
        }
    }
    let listy = |b: usize| {
        matches!(
            doc.blocks[b].kind,
            BlockKind::ListItem | BlockKind::TableRow
        )
    };
    if !listy(block) {
        return false;
    }
    let mut b = block;
    for _ in 0..200 {
        if b == 0 {
            return false;
        }
        b -= 1;
        if !listy(b) {
            let lead = doc.text(b);
            return lead.len() < 300 && is_history_text(lead);
        }
    }
    false
}

// ---------------------------------------------------------------------------------------------
// The rule

pub struct StaleDate;

/// Parts of a page that publishes several notices one after another (each under its own
/// level-1 title, or after a thematic break), and the sections that carry their own date.
struct Parts {
    /// Blocks that start a part.
    starts: Vec<usize>,
    headings: Vec<usize>,
}

/// A Markdown thematic break (`---`, `- - -`, `***`) or an HTML `<hr>` in source text.
fn has_break(between: &str) -> bool {
    between.contains("<hr")
        || between.lines().any(|l| {
            let t: String = l.chars().filter(|c| !c.is_whitespace()).collect();
            t.len() >= 3
                && (t.bytes().all(|b| b == b'-')
                    || t.bytes().all(|b| b == b'*')
                    || t.bytes().all(|b| b == b'_'))
        })
}

impl Parts {
    fn of(doc: &Document) -> Parts {
        let mut starts = vec![0];
        let mut headings = Vec::new();
        for (i, b) in doc.blocks.iter().enumerate() {
            if b.is_heading() {
                headings.push(i);
            }
            if i == 0 {
                continue;
            }
            let title = b.kind == BlockKind::Heading { level: 1 };
            let prev_end = doc.blocks[i - 1].span.end;
            let hr = doc.format != crate::document::Format::Text
                && prev_end < b.span.start
                && has_break(&doc.source[prev_end..b.span.start]);
            if title || hr {
                starts.push(i);
            }
        }
        Parts { starts, headings }
    }

    /// The first heading of the part containing `b` (or the part's first block).
    fn part_key(&self, b: usize) -> usize {
        let start = self.starts[self.starts.partition_point(|&s| s <= b) - 1];
        let first_heading = self.headings.partition_point(|&h| h < start);
        match self.headings.get(first_heading) {
            Some(&h) if h <= b + 2 => h,
            _ => start,
        }
    }

    /// Which date lines are compared: a `Last updated:` line dates the section it is in (a
    /// page of several policies dates each one under its heading); one just above a title
    /// dates the part the title opens; a sentence ("This policy was last updated on ...")
    /// dates the part it is in, whose first heading is usually the title.
    fn key(&self, doc: &Document, c: &Candidate) -> usize {
        let Some(b) = c.block else { return 0 };
        if c.line_label {
            // Just above a title, and not just below a heading of its own.
            let own_heading = doc.blocks[b].section.map(|s| doc.sections[s].heading);
            let next = b + 1;
            if self.starts.binary_search(&next).is_ok()
                && doc.blocks[next].kind == (BlockKind::Heading { level: 1 })
                && own_heading.map_or(true, |h| h + 2 < b)
            {
                return next;
            }
            if let Some(sec) = doc.blocks[b].section {
                let h = doc.sections[sec].heading;
                if h >= self.starts[self.starts.partition_point(|&s| s <= b) - 1] {
                    return h;
                }
            }
        }
        self.part_key(b)
    }
}

fn report_conflict(doc: &Document, cx: &mut LintContext<'_>, updated: &[&Reading<'_>]) {
    let (Some(oldest), Some(newest)) = (
        updated.iter().min_by_key(|r| (r.date.end, r.range.start)),
        updated.iter().max_by_key(|r| (r.date.start, r.range.start)),
    ) else {
        return;
    };
    if compatible(&oldest.date, &newest.date) {
        return;
    }
    let distinct = {
        let mut ds: Vec<Date> = updated.iter().map(|r| r.date.start).collect();
        ds.sort();
        ds.dedup();
        ds.len()
    };
    let mut d = Diagnostic::new(
        &META,
        doc.span(oldest.cand.range.clone()),
        format!(
            "the document gives different last-updated dates: `{}` and `{}`",
            oldest.text, newest.text
        ),
    )
    .with_label("this date")
    .with_secondary(doc.span(newest.cand.range.clone()), "disagrees with this one")
    .with_help(
        "keep one date line for the policy, and move past versions under a \"Previous versions\" heading",
    );
    if distinct > 2 {
        d = d.with_note(format!(
            "{distinct} different last-updated dates appear in the document"
        ));
    }
    cx.report(d);
}

/// A date line read with the document's convention.
struct Reading<'a> {
    cand: &'a Candidate,
    date: ParsedDate,
    text: &'a str,
    range: Range<usize>,
    order_reason: &'static str,
}

fn months_between(earlier: Date, later: Date) -> i64 {
    let m = i64::from(later.year - earlier.year) * 12 + i64::from(later.month)
        - i64::from(earlier.month);
    if later.day < earlier.day {
        m - 1
    } else {
        m
    }
}

fn one_year_before(today: Date) -> Date {
    let year = today.year - 1;
    let day = today.day.min(days_in_month(year, today.month));
    Date::new(year, today.month, day).unwrap_or(today)
}

/// Two readings name the same date (at the coarser precision; an ambiguous date either way).
fn compatible(a: &ParsedDate, b: &ParsedDate) -> bool {
    let alts = |p: &ParsedDate| {
        let mut v = vec![(p.start, p.end)];
        if let Some((_, other)) = p.ambiguous {
            v.push((other, other));
        }
        v
    };
    alts(a)
        .iter()
        .any(|(s1, e1)| alts(b).iter().any(|(s2, e2)| s1 <= e2 && s2 <= e1))
}

fn ambiguity_note(r: &Reading<'_>) -> Option<String> {
    let (order, other) = r.date.ambiguous?;
    let read = match order {
        Order::MonthFirst => "month/day",
        Order::DayFirst => "day/month",
    };
    Some(format!(
        "`{}` is ambiguous: read as {read} ({}) because {}; read the other way it is {}",
        r.text, r.date.start, r.order_reason, other
    ))
}

const CCPA_NOTE: &str = "CCPA (Cal. Civ. Code §1798.130(a)(5)) requires a privacy policy to be updated at least once every 12 months, and CalOPPA (Cal. Bus. & Prof. Code §22575(b)(4)) requires it to state its effective date";

impl Rule for StaleDate {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut LintContext<'_>) {
        let v = &*VOCAB;
        let found = candidates(doc);
        if found.is_empty() {
            return;
        }
        let today = cx.settings.today;
        let mut convention: Option<Convention> = None;
        let mut readings: Vec<Reading<'_>> = Vec::new();
        for cand in &found {
            match &cand.value {
                Value::Date { raw, range } => {
                    let (order, reason) = if raw.is_ambiguous() {
                        convention
                            .get_or_insert_with(|| Convention::of(doc))
                            .order_for(*raw)
                    } else {
                        (Order::MonthFirst, "")
                    };
                    let text = &doc.plain[range.clone()];
                    match raw.resolve(order) {
                        Some(date) => readings.push(Reading {
                            cand,
                            date,
                            text,
                            range: range.clone(),
                            order_reason: reason,
                        }),
                        None => cx.report(
                            Diagnostic::new(
                                &META,
                                doc.span(range.clone()),
                                format!("the policy's date `{text}` is not a valid date"),
                            )
                            .with_label("no such day")
                            .with_note(CCPA_NOTE)
                            .with_help("write the date as `March 9, 2026` or `2026-03-09`"),
                        ),
                    }
                }
                Value::Unreadable { range } => {
                    let text = &doc.plain[range.clone()];
                    cx.report(
                        Diagnostic::new(
                            &META,
                            doc.span(range.clone()),
                            format!("the policy's date `{text}` cannot be read as a date"),
                        )
                        .with_label("not a date")
                        .with_note(CCPA_NOTE)
                        .with_help("write the date as `March 9, 2026` or `2026-03-09`"),
                    );
                }
            }
        }

        // Future dates.
        let grace = Date::from_days(today.days() + 90);
        for r in &readings {
            let entry = &v.labels[r.cand.label];
            let limit = match entry.kind {
                Kind::Updated => today,
                Kind::Effective => grace,
            };
            if r.date.start > limit {
                let mut d = Diagnostic::new(
                    &META,
                    doc.span(r.cand.range.clone()),
                    format!("the policy's date `{}` is in the future", r.text),
                )
                .with_label(format!("after today ({today})"))
                .with_help(
                    "set the date to the day this version was published; announce a future version separately",
                );
                if entry.kind == Kind::Effective {
                    d = d.with_note(
                        "an effective date up to 90 days ahead is accepted as an announced change",
                    );
                }
                if let Some(n) = ambiguity_note(r) {
                    d = d.with_note(n);
                }
                cx.report(d);
            }
        }

        // Different last-updated dates, within one part of the document (pages that publish
        // several notices one after another give each its own date).
        let parts = Parts::of(doc);
        let mut updated: Vec<(usize, &Reading<'_>)> = readings
            .iter()
            .filter(|r| v.labels[r.cand.label].kind == Kind::Updated)
            .map(|r| (parts.key(doc, r.cand), r))
            .collect();
        updated.sort_by_key(|(p, r)| (*p, r.range.start));
        for group in updated.chunk_by(|a, b| a.0 == b.0) {
            let group: Vec<&Reading<'_>> = group.iter().map(|(_, r)| *r).collect();
            // Three or more `Last updated:` lines in one part date its sections one by one
            // (rules pages, exhibits), even when the sections have no headings.
            if group.len() >= 3 && group.iter().all(|r| r.cand.line_label) {
                continue;
            }
            report_conflict(doc, cx, &group);
        }

        // Staleness: judged on the newest of the policy's dates that is not in the future.
        let Some(newest) = readings
            .iter()
            .filter(|r| r.date.start <= today)
            .max_by_key(|r| (r.date.end, r.range.start))
        else {
            return;
        };
        if readings.iter().any(|r| r.date.start > today) {
            return;
        }
        if newest.date.end < one_year_before(today) {
            let months = months_between(newest.date.end, today);
            let mut d = Diagnostic::new(
                &META,
                doc.span(newest.cand.range.clone()),
                format!(
                    "the policy's date `{}` is more than 12 months old",
                    newest.text
                ),
            )
            .with_label(if months > 12 {
                format!("{months} months before today ({today})")
            } else {
                format!("over 12 months before today ({today})")
            })
            .with_note(CCPA_NOTE)
            .with_help("review the policy against current practices, publish the reviewed text and update the date");
            match newest.date.precision {
                Precision::Month => {
                    d = d.with_note("a month without a day counts as the last day of that month")
                }
                Precision::Year => {
                    d = d.with_note("a year without a month counts as 31 December of that year")
                }
                Precision::Day => {}
            }
            if let Some(n) = ambiguity_note(newest) {
                d = d.with_note(n);
            }
            cx.report(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::ExampleReport;

    fn read(s: &str, order: Order) -> Option<ParsedDate> {
        let (raw, _) = scan_date(s)?;
        raw.resolve(order)
    }

    fn day(y: i32, m: u32, d: u32) -> Date {
        Date::new(y, m, d).unwrap()
    }

    #[test]
    fn reads_the_usual_date_forms() {
        let mf = Order::MonthFirst;
        for (text, want) in [
            ("March 9, 2026", day(2026, 3, 9)),
            ("Mar. 9, 2026", day(2026, 3, 9)),
            ("Sept. 9, 2026", day(2026, 9, 9)),
            ("March 9th 2026", day(2026, 3, 9)),
            ("9 March 2026", day(2026, 3, 9)),
            ("1st January 2025", day(2025, 1, 1)),
            ("1st of January, 2025", day(2025, 1, 1)),
            ("2026-03-09", day(2026, 3, 9)),
            ("2026/3/9", day(2026, 3, 9)),
            ("2026-03-09T10:00:00Z", day(2026, 3, 9)),
            ("03/09/2026", day(2026, 3, 9)),
            ("13/09/2026", day(2026, 9, 13)),
            ("09/13/2026", day(2026, 9, 13)),
            ("Monday, March 9, 2026", day(2026, 3, 9)),
            ("12-05-19", day(2019, 12, 5)),
            ("JUL 15, 2024", day(2024, 7, 15)),
        ] {
            let got = read(text, mf).map(|p| p.start);
            assert_eq!(got, Some(want), "{text}");
        }
        let month = read("January 2025", mf).unwrap();
        assert_eq!(month.precision, Precision::Month);
        assert_eq!(month.end, day(2025, 1, 31));
        let year = read("2019.", mf).unwrap();
        assert_eq!(year.end, day(2019, 12, 31));
        assert_eq!(
            read("03/09/2026", Order::DayFirst).unwrap().start,
            day(2026, 9, 3)
        );
        assert!(read("03/09/2026", mf).unwrap().ambiguous.is_some());
        assert!(read("03/03/2026", mf).unwrap().ambiguous.is_none());
        assert_eq!(read("February 30, 2025", mf), None);
        assert_eq!(read("13/13/2025", mf), None);
        assert!(scan_date("sometime").is_none());
        assert!(scan_date("2019 edition").is_none());
        assert!(scan_date("30 days after posting").is_none());
        assert!(scan_date("May I ask").is_none());
    }

    #[test]
    fn staleness_threshold_is_twelve_months() {
        let today = day(2026, 11, 22);
        assert_eq!(one_year_before(today), day(2025, 11, 22));
        assert_eq!(one_year_before(day(2028, 2, 29)), day(2027, 2, 28));
        assert_eq!(months_between(day(2025, 1, 1), today), 22);
    }

    fn dates_in(text: &str) -> Vec<(String, bool)> {
        let doc = Document::parse("example.txt", text.to_string());
        candidates(&doc)
            .into_iter()
            .map(|c| {
                (
                    VOCAB.labels[c.label].id.clone(),
                    matches!(c.value, Value::Date { .. }),
                )
            })
            .collect()
    }

    #[test]
    fn vocabulary_examples_hold() {
        let v = &*VOCAB;
        let mut report = ExampleReport::default();
        let ids: Vec<&str> = v.labels.iter().map(|e| e.id.as_str()).collect();
        report.expect_sorted_unique("labels", &ids);
        for e in &v.labels {
            report.expect(!e.matches.is_empty(), || format!("{}: no examples", e.id));
            for m in &e.matches {
                let got = dates_in(m);
                report.expect(got.iter().any(|(id, date)| id == &e.id && *date), || {
                    format!("{}: should read a date in {m:?}, got {got:?}", e.id)
                });
            }
            for m in &e.ignores {
                let got = dates_in(m);
                report.expect(!got.iter().any(|(id, date)| id == &e.id && *date), || {
                    format!("{}: should read no date in {m:?}, got {got:?}", e.id)
                });
            }
        }
        for h in &v.history {
            for m in &h.matches {
                report.expect(is_history_text(&normalize_heading(m)), || {
                    format!("{}: {m:?} should be a history heading", h.id)
                });
            }
            for m in &h.ignores {
                report.expect(!is_history_text(&normalize_heading(m)), || {
                    format!("{}: {m:?} should not be a history heading", h.id)
                });
            }
        }
        report.assert_ok("dates.toml");
    }

    #[test]
    fn changelog_dates_are_not_the_policy_date() {
        let text = "Privacy Policy\nLast updated: March 9, 2026\nWe collect data.\nPrevious versions\n- Last updated: January 1, 2020\n- Last updated: June 1, 2018\n";
        let got = dates_in(text);
        assert_eq!(got.len(), 1, "{got:?}");
    }
}
