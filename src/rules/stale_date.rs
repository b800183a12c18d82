//! `stale-date` (T001): the policy's own "Last updated" / "Effective" date is more than
//! 12 months old, in the future, unreadable, or given twice with different values.
//!
//! The date parser lives here too ([`scan_date`], [`RawDate::resolve`]).

use std::ops::Range;

use crate::date::{days_in_month, Date};
use crate::diagnostic::Diagnostic;
use crate::document::{BlockKind, Document};
use crate::model::dates::*;
use crate::model::Model;
use crate::rule::{LintContext, Rule, RuleMeta};

crate::declare_rule! {
    /// ## What it does
    /// Reads the policy's own date line ("Last updated", "Last modified", "Revised",
    /// "Effective date", or a sentence such as "This policy was last updated on ...") and
    /// reports:
    ///
    /// - in a privacy policy, a date more than 12 months before today (`--today`, default the
    ///   system date); terms, cookie notices and other legal texts keep an old date while
    ///   they are in force, so their age is not reported;
    /// - a last-updated date in the future, or an effective date more than 90 days ahead
    ///   (announcing a new version a few weeks early is normal);
    /// - a date that cannot be read (`Last updated: sometime`, `Revised: 31/31/2024`);
    /// - two different last-updated dates in one document, or two effective dates that
    ///   disagree (`Effective date:` lines, or "This policy is effective as of ..."). The
    ///   document's date line (the first one in the first fifth of the text), a footer date
    ///   and a date line deep in a section near the end all date the whole document. A date
    ///   line just under a section's heading, or inside a notice appended under a heading of
    ///   its own ("Data Privacy Framework Policy", "Patent Notices"), dates only that
    ///   section: pages that append a cookie notice or a state addendum give each its own
    ///   date.
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
// The rule

pub struct StaleDate;

/// Parts of a page that publishes several notices one after another (each under its own
/// level-1 title, or after a thematic break), and the sections that carry their own date.
struct Parts {
    /// Blocks that start a part.
    starts: Vec<usize>,
    headings: Vec<usize>,
    /// Blocks holding a date line (`Last updated: ...`), in order.
    date_lines: Vec<usize>,
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
    fn of(doc: &Document, dates: &[Candidate]) -> Parts {
        let mut date_lines: Vec<usize> = dates
            .iter()
            .filter(|c| c.line_label)
            .filter_map(|c| c.block)
            .collect();
        date_lines.sort_unstable();
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
            let mut gap = doc.source.get(prev_end..b.span.start).unwrap_or("");
            // A setext heading's underline (`Title` / `-----`) follows the heading's text;
            // it is not a thematic break.
            if doc.blocks[i - 1].is_heading() {
                let underline = gap.trim_start_matches([' ', '\t', '\r', '\n']);
                let line_end = underline.find('\n').unwrap_or(underline.len());
                let line = underline[..line_end].trim();
                if !line.is_empty() && line.bytes().all(|c| c == b'-' || c == b'=') {
                    gap = &underline[line_end..];
                }
            }
            let hr = doc.format != crate::document::Format::Text && has_break(gap);
            if title || hr {
                starts.push(i);
            }
        }
        Parts {
            starts,
            headings,
            date_lines,
        }
    }

    /// Whether block `b` is one of the last two blocks of its part, below the part's first
    /// section (not a date under the title of a one-section part).
    fn at_part_end(&self, doc: &Document, b: usize) -> bool {
        let next_start = self
            .starts
            .get(self.starts.partition_point(|&s| s <= b))
            .copied()
            .unwrap_or(doc.blocks.len());
        let key = self.part_key(b);
        b + 2 >= next_start && b > key + 3
    }

    /// Whether block `b` stands in the first fifth of its part's text, and whether in the
    /// last fifth.
    fn position_in_part(&self, doc: &Document, b: usize) -> (bool, bool) {
        let i = self.starts.partition_point(|&s| s <= b);
        let start = self.starts[i - 1];
        let end = self.starts.get(i).copied().unwrap_or(doc.blocks.len());
        let first = doc.blocks[start].plain.start;
        let before = doc.blocks[b].plain.start.saturating_sub(first);
        let total = doc.blocks[end - 1].plain.end.saturating_sub(first);
        let after = total.saturating_sub(doc.blocks[b].plain.end.saturating_sub(first));
        (before * 5 <= total, after * 5 <= total)
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
        if !c.line_label {
            return self.part_key(b);
        }
        let (head, tail) = self.position_in_part(doc, b);
        let part_start = self.starts[self.starts.partition_point(|&s| s <= b) - 1];
        // The first date line before most of the part's text dates the part (a policy's
        // date line below its introduction), not the section it happens to stand in (a
        // second one may open a notice that follows a short one).
        let first_date_line = self.date_lines.iter().find(|&&d| d >= part_start) == Some(&b);
        if head && first_date_line {
            return self.part_key(b);
        }
        // A date line inside a notice appended under its own heading ("Data Privacy
        // Framework Policy") dates that notice, even where it closes the page.
        if let Some(notice) = self.notice_around(doc, b) {
            return notice;
        }
        // A date line closing the part (a footer "Last updated: ...") dates the whole part,
        // like one under its title.
        if self.at_part_end(doc, b) {
            return self.part_key(b);
        }
        // Just above a title, and not just below a heading of its own.
        let own_heading = doc.blocks[b].section.map(|s| doc.sections[s].heading);
        let next = b + 1;
        if self.starts.binary_search(&next).is_ok()
            && doc.blocks[next].kind == (BlockKind::Heading { level: 1 })
            && own_heading.map_or(true, |h| h + 2 < b)
        {
            return next;
        }
        // A date line dates the section it stands in (a page of several policies dates each
        // one under its heading), except one deep in a section in the last fifth of the
        // part: an appended notice's date stands just under its heading, so that one is a
        // footer date of the whole part.
        match own_heading {
            Some(h) if h >= part_start && !(tail && b > h + 2) => h,
            _ => self.part_key(b),
        }
    }

    /// The heading of an appended notice ("Patent Notices") that block `b` stands in: an
    /// ancestor section after the part's head whose heading names a notice of its own.
    fn notice_around(&self, doc: &Document, b: usize) -> Option<usize> {
        let key = self.part_key(b);
        let mut up = doc.blocks[b].section;
        while let Some(s) = up {
            let section = &doc.sections[s];
            if section.heading > key
                && !self.position_in_part(doc, section.heading).0
                && is_notice_heading(&section.title)
            {
                return Some(section.heading);
            }
            up = section.parent;
        }
        None
    }
}

fn report_conflict(
    doc: &Document,
    cx: &mut LintContext<'_>,
    updated: &[&Reading<'_>],
    which: &str,
) {
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
            "the document gives different {which} dates: `{}` and `{}`",
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
            "{distinct} different {which} dates appear in the document"
        ));
    }
    cx.report(d);
}

/// The text of a candidate's block before its label.
fn sentence_before<'d>(doc: &'d Document, c: &Candidate) -> &'d str {
    let start = c.block.map_or(0, |b| doc.blocks[b].plain.start);
    doc.plain.get(start..c.range.start).unwrap_or("")
}

/// Text shown in a message: whitespace runs (a line break inside a wrapped date) as one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A date line read with the document's convention.
struct Reading<'a> {
    cand: &'a Candidate,
    date: ParsedDate,
    /// The date as written, on one line (a date wrapped over two lines is shown with a space).
    text: String,
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

    fn check(&self, doc: &Document, model: &Model<'_>, cx: &mut LintContext<'_>) {
        let v = &*VOCAB;
        let found = model.dates();
        if found.is_empty() {
            return;
        }
        let today = cx.settings.today;
        let mut convention: Option<Convention> = None;
        let mut readings: Vec<Reading<'_>> = Vec::new();
        for cand in found {
            match &cand.value {
                Value::Date { raw, range } => {
                    let (order, reason) = if raw.is_ambiguous() {
                        convention
                            .get_or_insert_with(|| Convention::of(doc))
                            .order_for(*raw)
                    } else {
                        (Order::MonthFirst, "")
                    };
                    let text = one_line(&doc.plain[range.clone()]);
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
                    let text = one_line(&doc.plain[range.clone()]);
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
        let parts = Parts::of(doc, found);
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
            report_conflict(doc, cx, &group, "last-updated");
        }

        // Different effective dates on date lines of one part: a top `Effective date:` line
        // and a footer one that disagree. Of sentences, only one stating the current
        // version's date counts ("This policy is effective as of ..."): "the previous version
        // was effective from ..." is history.
        let mut effective: Vec<(usize, &Reading<'_>)> = readings
            .iter()
            .filter(|r| {
                v.labels[r.cand.label].kind == Kind::Effective
                    && (r.cand.line_label || states_current_version(sentence_before(doc, r.cand)))
            })
            .map(|r| (parts.key(doc, r.cand), r))
            .collect();
        effective.sort_by_key(|(p, r)| (*p, r.range.start));
        for group in effective.chunk_by(|a, b| a.0 == b.0) {
            if group.len() == 2 {
                let group: Vec<&Reading<'_>> = group.iter().map(|(_, r)| *r).collect();
                report_conflict(doc, cx, &group, "effective");
            }
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
        // The yearly review is a privacy-policy duty (CCPA §1798.130(a)(5)); terms, cookie
        // notices and other legal texts keep an old date while they are in force.
        if newest.date.end < one_year_before(today) && model.is_privacy_policy() {
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
    use crate::document::normalize_heading;
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
        for m in &v.notice_heading.matches {
            report.expect(is_notice_heading(m), || {
                format!("notice_heading: {m:?} should name a notice")
            });
        }
        for m in &v.notice_heading.ignores {
            report.expect(!is_notice_heading(m), || {
                format!("notice_heading: {m:?} should not name a notice")
            });
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
