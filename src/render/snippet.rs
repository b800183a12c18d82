//! The source lines `full` echoes under a diagnostic: escaped and cut to a window.
//!
//! codespan-reporting prints source lines as it is given them and computes caret columns
//! from that same text. It is therefore given, per diagnostic, a small stand-in source
//! that holds only the lines the diagnostic shows, each escaped (hidden characters shown as
//! `\u{202e}`, see [`super::escape`]) and, when long, cut to windows around the labels with
//! `…` for what is left out; the labels' spans are moved to the same characters in it.
//! Line numbers and the `path:line:column` locus stay those of the real document. Output
//! per diagnostic is bounded by the number of labels, not by the length of a line.
#![allow(clippy::single_range_in_vec_init)] // one window, one span: not a range to collect

use std::collections::BTreeMap;
use std::ops::Range;

use codespan_reporting::files::{Error, Files, Location};

use super::escape::{escape_snippet_char, escape_terminal};
use crate::engine::SourceFile;

/// A line up to this many characters is shown whole.
pub const MAX_WHOLE_LINE: usize = 120;
/// Characters shown around a label on a longer line: what is left of `MAX_WHOLE_LINE`
/// after the labels, shared out, within these bounds.
const MIN_CONTEXT: usize = 10;
const MAX_CONTEXT: usize = 60;
/// A label up to this many characters is shown whole; a longer one by its two ends.
const MAX_WHOLE_LABEL: usize = 100;
/// Gaps shorter than this between two windows are shown rather than replaced by `…`.
const MIN_GAP: usize = 8;
/// Lines shown after the first and before the last line of a multi-line label
/// (codespan-reporting's defaults, plus the one line it shows instead of a one-line gap).
const CONTEXT_AFTER_START: usize = 4;
const CONTEXT_BEFORE_END: usize = 2;

/// A label to show: its file (an index into the files given to [`Snippets::new`]) and
/// its byte span in that file.
pub struct LabelSpan {
    pub file: usize,
    pub span: Range<usize>,
}

/// The stand-in sources of one diagnostic, one per file it has labels in.
pub struct Snippets {
    files: Vec<Snippet>,
}

struct Snippet {
    name: String,
    source: String,
    /// Lines in the stand-in source: (0-based line number in the document, byte range).
    lines: Vec<(usize, Range<usize>)>,
    /// Real positions of label starts: stand-in offset → (1-based line, 1-based column).
    locations: BTreeMap<usize, (usize, usize)>,
}

impl Snippets {
    /// Builds the stand-in sources for `labels` over `files`; returns them with each
    /// label's file id and span in them (in the order given).
    pub fn new(
        files: &[SourceFile],
        labels: &[LabelSpan],
    ) -> (Snippets, Vec<(usize, Range<usize>)>) {
        let mut order: Vec<usize> = Vec::new(); // real file index per stand-in id
        for l in labels {
            if !order.contains(&l.file) {
                order.push(l.file);
            }
        }
        let mut snippets = Snippets { files: Vec::new() };
        let mut moved = vec![(0, 0..0); labels.len()];
        for (id, &real) in order.iter().enumerate() {
            let file = &files[real];
            let clamp = |o: usize| file.floor(o);
            // Points (byte offsets) to keep visible, per document line; the label ranges.
            let mut points: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
            let mut short_spans: BTreeMap<usize, Vec<Range<usize>>> = BTreeMap::new();
            let mut context_lines = Vec::new();
            let mine: Vec<usize> = (0..labels.len())
                .filter(|&i| labels[i].file == real)
                .collect();
            for &i in &mine {
                let span = &labels[i].span;
                let (start, end) = (clamp(span.start), clamp(span.end.max(span.start)));
                let (first, last) = (file.line_of(start), file.line_of(end));
                points.entry(first).or_default().push(start);
                points.entry(last).or_default().push(end);
                if first == last {
                    short_spans.entry(first).or_default().push(start..end);
                } else {
                    context_lines.extend(first + 1..=last.min(first + CONTEXT_AFTER_START));
                    context_lines.extend(last.saturating_sub(CONTEXT_BEFORE_END).max(first)..last);
                }
            }
            for n in context_lines {
                points.entry(n).or_default();
            }
            // codespan-reporting shows the one line between two shown lines itself.
            let numbers: Vec<usize> = points.keys().copied().collect();
            for pair in numbers.windows(2) {
                if pair[1] == pair[0] + 2 {
                    points.entry(pair[0] + 1).or_default();
                }
            }
            let mut snippet = Snippet {
                name: escape_terminal(&file.path),
                source: String::new(),
                lines: Vec::new(),
                locations: BTreeMap::new(),
            };
            let mut offset_map: BTreeMap<usize, usize> = BTreeMap::new();
            for (&number, line_points) in &points {
                let Some((line_start, text)) = file.line(number) else {
                    continue; // not kept: shown as an empty line
                };
                let rel: Vec<usize> = line_points
                    .iter()
                    .map(|&p| (p - line_start).min(text.len()))
                    .collect();
                let spans: Vec<Range<usize>> = short_spans
                    .get(&number)
                    .map(|v| {
                        v.iter()
                            .map(|s| {
                                (s.start - line_start).min(text.len())
                                    ..(s.end - line_start).min(text.len())
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let start = snippet.source.len();
                let mapped = render_line(text, &rel, &spans, &mut snippet.source);
                for (r, synthetic) in mapped {
                    offset_map.insert(line_start + r, start + synthetic);
                }
                snippet.lines.push((number, start..snippet.source.len()));
                snippet.source.push('\n');
            }
            for &i in &mine {
                let span = &labels[i].span;
                let (start, end) = (clamp(span.start), clamp(span.end.max(span.start)));
                let s = offset_map.get(&start).copied().unwrap_or(0);
                let e = offset_map.get(&end).copied().unwrap_or(s).max(s);
                let pos = file.position(start);
                snippet.locations.insert(s, (pos.line, pos.column));
                moved[i] = (id, s..e);
            }
            snippets.files.push(snippet);
        }
        (snippets, moved)
    }
}

/// Appends `text` (one line without its ending) to `out`, escaped and, if long, cut to
/// windows around `points` and `spans` (byte offsets in `text`, on character boundaries).
/// Returns where each point landed, relative to where the line starts in `out`.
fn render_line(
    text: &str,
    points: &[usize],
    spans: &[Range<usize>],
    out: &mut String,
) -> Vec<(usize, usize)> {
    let base = out.len();
    let whole = text.len() <= MAX_WHOLE_LINE || text.chars().nth(MAX_WHOLE_LINE).is_none();
    let mut windows: Vec<Range<usize>> = if whole {
        vec![0..text.len()]
    } else if points.is_empty() {
        // A line inside a multi-line label: its beginning.
        vec![0..ahead(text, 0, 2 * MAX_CONTEXT)]
    } else {
        // Labels shown whole, and the label ends (of long and multi-line labels) outside them.
        let whole_labels: Vec<&Range<usize>> = spans
            .iter()
            .filter(|s| ahead(text, s.start, MAX_WHOLE_LABEL) >= s.end)
            .collect();
        let ends: Vec<usize> = points
            .iter()
            .copied()
            .filter(|&p| !whole_labels.iter().any(|r| r.start <= p && p <= r.end))
            .collect();
        let used: usize = whole_labels
            .iter()
            .map(|r| text[r.start..r.end].chars().count())
            .sum();
        let regions = whole_labels.len() + ends.len();
        let context = (MAX_WHOLE_LINE.saturating_sub(used) / (2 * regions.max(1)))
            .clamp(MIN_CONTEXT, MAX_CONTEXT);
        let mut w: Vec<Range<usize>> = whole_labels
            .iter()
            .map(|s| back(text, s.start, context)..ahead(text, s.end, context))
            .collect();
        w.extend(
            ends.iter()
                .map(|&p| back(text, p, context)..ahead(text, p, context)),
        );
        w.sort_by_key(|r| (r.start, r.end));
        w
    };
    // Merge overlapping windows and windows separated by only a few characters.
    let mut merged: Vec<Range<usize>> = Vec::new();
    for w in windows.drain(..) {
        match merged.last_mut() {
            Some(last) if ahead(text, last.end, MIN_GAP) >= w.start => {
                last.end = last.end.max(w.end);
            }
            _ => merged.push(w),
        }
    }
    let mut wanted: Vec<usize> = points.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    let mut mapped = Vec::with_capacity(wanted.len());
    let mut next = wanted.iter().peekable();
    let mut shown_to = 0;
    for w in &merged {
        if w.start > shown_to {
            while next.next_if(|&&p| p < w.start).is_some() {}
            out.push('…');
        }
        for (i, c) in text[w.start..w.end].char_indices() {
            while next.next_if(|&&p| p <= w.start + i).is_some() {
                mapped.push((w.start + i, out.len() - base));
            }
            escape_snippet_char(out, c);
        }
        while next.next_if(|&&p| p <= w.end).is_some() {
            mapped.push((w.end, out.len() - base));
        }
        shown_to = w.end;
    }
    if shown_to < text.len() {
        out.push('…');
    }
    // Points are window edges or inside windows, so each was mapped exactly; map by value.
    wanted
        .iter()
        .map(|&p| {
            let i = mapped.partition_point(|&(r, _)| r < p);
            (p, mapped.get(i).map_or(out.len() - base, |&(_, s)| s))
        })
        .collect()
}

/// The byte offset `n` characters before `at` (or 0).
fn back(text: &str, at: usize, n: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

/// The byte offset `n` characters after `at` (or the end).
fn ahead(text: &str, at: usize, n: usize) -> usize {
    text[at..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| at + i)
}

impl<'a> Files<'a> for Snippets {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, Error> {
        Ok(&self.file(id)?.name)
    }

    fn source(&'a self, id: usize) -> Result<&'a str, Error> {
        Ok(&self.file(id)?.source)
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, Error> {
        let f = self.file(id)?;
        let i = f.lines.partition_point(|(_, r)| r.start <= byte_index);
        Ok(f.lines.get(i.saturating_sub(1)).map_or(0, |(n, _)| *n))
    }

    fn location(&'a self, id: usize, byte_index: usize) -> Result<Location, Error> {
        let f = self.file(id)?;
        let (line_number, column_number) = match f.locations.get(&byte_index) {
            Some(&at) => at,
            None => (self.line_index(id, byte_index)? + 1, 1),
        };
        Ok(Location {
            line_number,
            column_number,
        })
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, Error> {
        let f = self.file(id)?;
        let i = f.lines.partition_point(|(n, _)| *n < line_index);
        Ok(match f.lines.get(i) {
            Some((n, r)) if *n == line_index => r.clone(),
            // A line that is not shown: empty, where it would be.
            Some((_, r)) => r.start..r.start,
            None => f.source.len()..f.source.len(),
        })
    }
}

impl Snippets {
    fn file(&self, id: usize) -> Result<&Snippet, Error> {
        self.files.get(id).ok_or(Error::FileMissing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, points: &[usize], spans: &[Range<usize>]) -> (String, Vec<(usize, usize)>) {
        let mut out = String::new();
        let mapped = render_line(text, points, spans, &mut out);
        (out, mapped)
    }

    #[test]
    fn short_lines_are_whole_and_escaped() {
        let text = "a\u{202e}b\rc";
        let (out, mapped) = line(text, &[0, 4, text.len()], &[4..text.len()]);
        assert_eq!(out, "a\\u{202e}b\\rc");
        assert_eq!(mapped, vec![(0, 0), (4, 9), (text.len(), out.len())]);
    }

    #[test]
    fn long_lines_are_windowed_around_the_span() {
        let text = format!("{}TARGET{}", "x".repeat(5000), "y".repeat(5000));
        let (out, mapped) = line(&text, &[5000, 5006], &[5000..5006]);
        assert!(out.chars().count() <= MAX_WHOLE_LINE + 2, "{out}");
        assert!(out.starts_with('…') && out.ends_with('…'));
        let (s, e) = (mapped[0].1, mapped[1].1);
        assert_eq!(&out[s..e], "TARGET");
    }

    #[test]
    fn long_labels_show_both_ends() {
        let text = "z".repeat(10_000);
        let (out, mapped) = line(&text, &[100, 9000], &[100..9000]);
        assert!(out.chars().count() <= MAX_WHOLE_LINE + 3, "{out}");
        assert_eq!(out.matches('…').count(), 3);
        assert!(mapped[0].1 < mapped[1].1);
    }
}
