//! Dates: the date parser ([`scan_date`], [`RawDate::resolve`]) and the labelled dates of a
//! document ("Last updated: ...", "Effective March 3, 2023"), revision-history rows dropped
//! (`rules/dates.toml`).

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;
use serde::Deserialize;

use crate::date::{days_in_month, Date};
use crate::document::{normalize_heading, BlockKind, Document};

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

pub(crate) const MONTH: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

pub(crate) static DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
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

pub(crate) fn month_number(name: &str) -> u32 {
    let n = name.to_ascii_lowercase();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    months
        .iter()
        .position(|m| n.starts_with(m))
        .map_or(0, |i| i as u32 + 1)
}

pub(crate) fn two_digit_year(y: i32, len: usize) -> i32 {
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

    pub(crate) fn is_ambiguous(self) -> bool {
        matches!(self, RawDate::Numeric { a, b, .. } if a <= 12 && b <= 12 && a != b)
    }
}

/// How a document writes its dates, for reading ambiguous numeric dates.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Convention {
    pub(crate) order: Order,
    pub(crate) reason: &'static str,
}

pub(crate) static NUMERIC_EVIDENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(\d{1,2})[/.-](\d{1,2})[/.-](?:\d{4}|\d{2})(?-u:\b)").expect("regex")
});
pub(crate) static TEXT_DMY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i-u)\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}\b\.?,?\s+\d{{4}}\b"
    ))
    .expect("regex")
});
pub(crate) static TEXT_MDY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i-u)\b{MONTH}\b\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
    ))
    .expect("regex")
});

impl Convention {
    /// Looks at every date in the document once: unambiguous numeric dates decide; otherwise
    /// the majority of dates written with the month in words.
    pub(crate) fn of(doc: &Document) -> Convention {
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
    pub(crate) fn order_for(self, raw: RawDate) -> (Order, &'static str) {
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
pub(crate) enum Kind {
    Updated,
    Effective,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Strength {
    Strong,
    Weak,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DatesFile {
    pub(crate) subjects: Vec<String>,
    pub(crate) label: Vec<LabelEntry>,
    pub(crate) history: Vec<HistoryEntry>,
    pub(crate) notice_heading: NoticeHeadings,
}

/// Headings that name a notice of its own appended to the page (see `rules/dates.toml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NoticeHeadings {
    pub(crate) nouns: Vec<String>,
    pub(crate) unless: Vec<String>,
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) matches: Vec<String>,
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) ignores: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LabelEntry {
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) id: String,
    pub(crate) kind: Kind,
    pub(crate) strength: Strength,
    pub(crate) phrases: Vec<String>,
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) matches: Vec<String>,
    #[serde(default)]
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) ignores: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct HistoryEntry {
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) id: String,
    pub(crate) phrases: Vec<String>,
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) matches: Vec<String>,
    #[serde(default)]
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) ignores: Vec<String>,
}

pub(crate) struct Vocabulary {
    pub(crate) labels: Vec<LabelEntry>,
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) history: Vec<HistoryEntry>,
    pub(crate) label_ac: AhoCorasick,
    /// Pattern index → label entry.
    pub(crate) label_of: Vec<usize>,
    pub(crate) history_ac: AhoCorasick,
    pub(crate) subject_ac: AhoCorasick,
    pub(crate) notice_heading: NoticeHeadings,
}

pub(crate) static DATA: &str = include_str!("../../rules/dates.toml");

pub(crate) fn automaton<'a>(phrases: impl IntoIterator<Item = &'a String>) -> AhoCorasick {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(phrases)
        .expect("automaton")
}

pub(crate) static VOCAB: LazyLock<Vocabulary> = LazyLock::new(|| {
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
        notice_heading: file.notice_heading,
    }
});

/// Whether a heading names a notice of its own ("Data Privacy Framework Policy"), not a
/// section of the policy ("Changes to this Policy").
pub(crate) fn is_notice_heading(title: &str) -> bool {
    let v = &VOCAB.notice_heading;
    let mut outside = String::with_capacity(title.len());
    let mut depth = 0usize;
    for c in title.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => outside.push(c),
            _ => {}
        }
    }
    let text = crate::document::normalize_heading(&outside);
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect();
    words.len() >= 2
        && words.last().is_some_and(|w| v.nouns.iter().any(|n| n == w))
        && !words.iter().any(|w| v.unless.iter().any(|u| u == w))
}

pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether `text[r]` is a whole word (a camel-case join such as `UpdatedNovember` counts).
pub(crate) fn whole_word(text: &str, r: &Range<usize>) -> bool {
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

pub(crate) fn contains_word(ac: &AhoCorasick, text: &str) -> bool {
    ac.find_iter(text).any(|m| whole_word(text, &m.range()))
}

/// Whether a heading or lead-in names a list of past versions.
pub(crate) fn is_history_text(text: &str) -> bool {
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
pub enum Value {
    Date {
        raw: RawDate,
        /// Plain range of the date text.
        range: Range<usize>,
    },
    /// A value that is not a date (`sometime`, `31/31/2024`).
    Unreadable { range: Range<usize> },
}

#[derive(Clone, Debug)]
pub struct Candidate {
    pub(crate) label: usize,
    /// Plain range from the label to the end of the value.
    pub(crate) range: Range<usize>,
    pub(crate) value: Value,
    pub(crate) block: Option<usize>,
    /// The label starts its line (`Last updated: ...`), rather than sitting in a sentence.
    pub(crate) line_label: bool,
}

/// Words skipped between a label and its date ("Last updated on", "effective date of this
/// policy is").
pub(crate) const FILLER: &[&str] = &[
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

pub(crate) const BE_VERBS: &[&str] = &[
    "was", "were", "is", "are", "been", "be", "became", "becomes", "become",
];

/// Skips punctuation and filler words after a label; returns the offset of the value.
pub(crate) fn skip_filler(text: &str, mut pos: usize) -> usize {
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
pub(crate) fn sentence_start(line: &str) -> usize {
    let mut start = 0;
    for (i, _) in line.match_indices(['.', '!', '?', ';']) {
        if line[i + 1..].starts_with([' ', '\u{a0}']) {
            start = i + 1;
        }
    }
    start
}

/// Whether the sentence before a label states the current version's date: "This policy is
/// effective as of ..." (a short `this`/`these`/`our` document subject and a present-tense
/// verb), not "The previous version was effective from ...", "A new Privacy Policy becomes
/// effective on ..." or "Terms related to X are effective as of ...".
pub(crate) fn states_current_version(pre: &str) -> bool {
    let sentence = &pre[sentence_start(pre)..];
    let lower = sentence.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let past = [
        "was", "were", "previous", "prior", "former", "earlier", "old", "until", "replaces",
    ];
    words.len() <= 6
        && words
            .first()
            .is_some_and(|w| matches!(*w, "this" | "these" | "our"))
        && words
            .last()
            .is_some_and(|w| matches!(*w, "is" | "are" | "becomes" | "become"))
        && !words.iter().any(|w| past.contains(w))
        && contains_word(&VOCAB.subject_ac, sentence)
}

/// Where a label sits, which decides whether it introduces the policy's own date.
pub(crate) fn label_counts(entry: &LabelEntry, pre: &str, after: &str) -> bool {
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
pub(crate) fn looks_like_placeholder(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    value.contains(['[', ']', '{', '<', '_', '%', '$'])
        || [
            "tbd", "tba", "xx", "insert", "date", "n/a", "to be ", "pending", "coming", " ago",
        ]
        .iter()
        .any(|p| lower.contains(p))
}

/// How far along its line before and after a date label is read, in bytes.
const LINE_REACH: usize = 300;

/// The largest char boundary of `s` at or before `at`.
fn floor_char_boundary(s: &str, at: usize) -> usize {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Every date line of the document that states the policy's own date.
pub(crate) fn candidates(doc: &Document) -> Vec<Candidate> {
    let v = &*VOCAB;
    let text = doc.plain.as_str();
    let mut section_history: Vec<Option<bool>> = vec![None; doc.sections.len()];
    let mut found = Vec::new();
    // Line ends, found once: a long line with many labels would otherwise be searched from
    // each label to its start and end, once per label.
    let newlines: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
    let line_start_of = |pos: usize| {
        let i = newlines.partition_point(|&n| n < pos);
        i.checked_sub(1).map_or(0, |k| newlines[k] + 1)
    };
    let line_end_of = |pos: usize| {
        let i = newlines.partition_point(|&n| n < pos);
        newlines.get(i).copied().unwrap_or(text.len())
    };
    for m in v.label_ac.find_iter(text) {
        let r = m.range();
        if !whole_word(text, &r) {
            continue;
        }
        let entry_idx = v.label_of[m.pattern().as_usize()];
        let entry = &v.labels[entry_idx];
        // What stands before and after the label on its line, at most `LINE_REACH` bytes each
        // way: a label further into a line than that does not start it.
        let line_start = line_start_of(r.start);
        let pre_start =
            floor_char_boundary(text, line_start.max(r.start.saturating_sub(LINE_REACH)));
        if pre_start > line_start && entry.strength == Strength::Weak {
            continue;
        }
        let line_end = line_end_of(r.end);
        let after_end = floor_char_boundary(text, line_end.min(r.end + LINE_REACH));
        let pre = &text[pre_start..r.start];
        let after = &text[r.end..after_end];
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
        let value_end = floor_char_boundary(text, line_end_of(at).min(at + LINE_REACH));
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
pub(crate) fn about_something_else(text: &str, date_end: usize) -> bool {
    let reach = floor_char_boundary(text, (date_end + LINE_REACH).min(text.len()));
    let line_end = text[date_end..reach]
        .find('\n')
        .map_or(reach, |p| date_end + p);
    let rest = &text[date_end..line_end];
    let Some(clause) = rest.strip_prefix(',') else {
        return false;
    };
    let clause = clause.split(['.', ';']).next().unwrap_or("");
    clause.split_whitespace().count() >= 3 && !contains_word(&VOCAB.subject_ac, clause)
}

/// A date broken over two lines by the text extraction ("Effective Date: December" / "1, 2005"):
/// the date and where it ends.
pub(crate) fn scan_wrapped(text: &str, at: usize, value_end: usize) -> Option<(RawDate, usize)> {
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
pub(crate) fn drop_history_runs(doc: &Document, found: Vec<Candidate>) -> Vec<Candidate> {
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
pub(crate) fn in_history(doc: &Document, block: usize, cache: &mut [Option<bool>]) -> bool {
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
