//! What the renderers keep of a linted document: its path and the lines findings point at.
//!
//! A run over thousands of documents must not hold every document's text until the end,
//! so the engine keeps only the lines that contain the start or end of a span (findings,
//! their labels, and facts that cross-document checks may point at), plus the lines the
//! `full` renderer shows around a multi-line span. Every position a renderer asks for is on
//! one of those lines.

use std::collections::BTreeSet;
use std::ops::Range;

use crate::document::line_index::Position;
use crate::document::LineIndex;

/// Lines shown after the first line and before the last line of a multi-line span
/// (codespan-reporting's default `start_context_lines` and `end_context_lines`, plus the
/// one line it shows instead of a one-line gap).
const CONTEXT_AFTER_START: usize = 4;
const CONTEXT_BEFORE_END: usize = 2;

/// A document's path and the lines of its text that a report refers to.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    /// Length of the whole text in bytes.
    len: usize,
    /// Kept lines, sorted by number.
    kept: Vec<KeptLine>,
}

#[derive(Debug, Clone)]
struct KeptLine {
    /// 0-based line number.
    number: usize,
    /// Byte offset of the line's first character in the whole text.
    start: usize,
    /// The line with its line ending (if it has one).
    text: String,
    /// Characters and UTF-16 units before every `CHECKPOINT_BYTES`-th byte (about), so
    /// that a column on a very long line is counted from near it, not from the start.
    checkpoints: Vec<Checkpoint>,
}

/// Counts of the characters before byte `byte` of a line.
#[derive(Debug, Clone, Copy)]
struct Checkpoint {
    byte: usize,
    chars: usize,
    utf16: usize,
}

const CHECKPOINT_BYTES: usize = 4096;

fn checkpoints(text: &str) -> Vec<Checkpoint> {
    let mut out = Vec::new();
    if text.len() < 2 * CHECKPOINT_BYTES {
        return out;
    }
    let (mut chars, mut utf16) = (0, 0);
    let mut next = CHECKPOINT_BYTES;
    for (i, c) in text.char_indices() {
        if i >= next {
            out.push(Checkpoint {
                byte: i,
                chars,
                utf16,
            });
            next = i + CHECKPOINT_BYTES;
        }
        chars += 1;
        utf16 += c.len_utf16();
    }
    out
}

impl KeptLine {
    fn end_with_ending(&self) -> usize {
        self.start + self.text.len()
    }

    /// Characters and UTF-16 units in the line before byte `rel` (a character boundary).
    fn counts(&self, rel: usize) -> (usize, usize) {
        let i = self.checkpoints.partition_point(|c| c.byte <= rel);
        let from = i.checked_sub(1).map_or(
            Checkpoint {
                byte: 0,
                chars: 0,
                utf16: 0,
            },
            |i| self.checkpoints[i],
        );
        let rest = &self.text[from.byte..rel];
        (
            from.chars + rest.chars().count(),
            from.utf16 + rest.chars().map(char::len_utf16).sum::<usize>(),
        )
    }

    /// The line without its `\n` or `\r\n`.
    fn content(&self) -> &str {
        let t = self.text.strip_suffix('\n').unwrap_or(&self.text);
        t.strip_suffix('\r').unwrap_or(t)
    }
}

impl SourceFile {
    /// A file with every line of `text` kept (tests, editors: one document).
    pub fn new(path: impl Into<String>, text: &str) -> SourceFile {
        let lines = LineIndex::new(text);
        SourceFile::keeping(path, text, &lines, 0..lines.line_count())
    }

    /// A file that keeps the lines of `text` touched by `spans` and the context lines
    /// the `full` renderer shows for spans that cross lines.
    pub fn with_spans<'a>(
        path: impl Into<String>,
        text: &str,
        lines: &LineIndex,
        spans: impl IntoIterator<Item = &'a Range<usize>>,
    ) -> SourceFile {
        let mut numbers = BTreeSet::new();
        for span in spans {
            let first = lines.line_of(floor_boundary(text, span.start));
            let last = lines.line_of(floor_boundary(text, span.end.max(span.start)));
            numbers.extend(first..=last.min(first + CONTEXT_AFTER_START));
            numbers.extend(last.saturating_sub(CONTEXT_BEFORE_END).max(first)..=last);
        }
        // The `full` renderer shows a line between two shown lines instead of a gap mark.
        let gaps: Vec<usize> = numbers
            .iter()
            .zip(numbers.iter().skip(1))
            .filter(|(a, b)| **b == **a + 2)
            .map(|(a, _)| a + 1)
            .collect();
        numbers.extend(gaps);
        SourceFile::keeping(path, text, lines, numbers)
    }

    fn keeping(
        path: impl Into<String>,
        text: &str,
        lines: &LineIndex,
        numbers: impl IntoIterator<Item = usize>,
    ) -> SourceFile {
        let count = lines.line_count();
        let kept = numbers
            .into_iter()
            .filter(|&n| n < count)
            .map(|number| {
                let start = lines.line_start(number);
                let end = if number + 1 < count {
                    lines.line_start(number + 1)
                } else {
                    text.len()
                };
                KeptLine {
                    number,
                    start,
                    text: text[start..end].to_string(),
                    checkpoints: checkpoints(&text[start..end]),
                }
            })
            .collect();
        SourceFile {
            path: path.into(),
            len: text.len(),
            kept,
        }
    }

    /// Length of the document's text in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The kept line that holds `offset` (clamped to the text), if it was kept.
    fn kept_line(&self, offset: usize) -> Option<&KeptLine> {
        let offset = offset.min(self.len);
        let i = self.kept.partition_point(|l| l.start <= offset);
        let line = self.kept.get(i.checked_sub(1)?)?;
        let end = line.end_with_ending();
        // The last line of the text also holds the offset one past its end, unless a line
        // ending ends it (then that offset starts an empty last line).
        (offset < end || (end == self.len && !line.text.ends_with('\n'))).then_some(line)
    }

    /// The part of `offset`'s line before it, or `None` if the line was not kept.
    fn prefix(&self, offset: usize) -> Option<(&KeptLine, &str)> {
        let line = self.kept_line(offset)?;
        let mut rel = offset.min(self.len) - line.start;
        while !line.text.is_char_boundary(rel) {
            rel -= 1;
        }
        Some((line, &line.text[..rel]))
    }

    /// 1-based line and character column of a byte offset (clamped to the text and to a
    /// character boundary). An offset on a line that was not kept, which the engine never
    /// produces, gets the first kept line at or before it, column 1.
    pub fn position(&self, offset: usize) -> Position {
        match self.prefix(offset) {
            // Every character counts, U+FEFF included: a byte order mark is removed before the
            // text gets here (`engine::decode`), so one that is left is part of the text.
            Some((line, before)) => Position {
                line: line.number + 1,
                column: line.counts(before.len()).0 + 1,
                offset: line.start + before.len(),
            },
            None => self.fallback(offset),
        }
    }

    fn fallback(&self, offset: usize) -> Position {
        let offset = offset.min(self.len);
        let i = self.kept.partition_point(|l| l.start <= offset);
        let (line, start) = i
            .checked_sub(1)
            .and_then(|i| self.kept.get(i))
            .map_or((0, 0), |l| (l.number, l.start));
        Position {
            line: line + 1,
            column: 1,
            offset: start,
        }
    }

    /// 0-based line and UTF-16 column, as the Language Server Protocol and SARIF count.
    pub fn utf16_position(&self, offset: usize) -> (u32, u32) {
        match self.prefix(offset) {
            Some((line, before)) => (line.number as u32, line.counts(before.len()).1 as u32),
            None => ((self.fallback(offset).line - 1) as u32, 0),
        }
    }

    /// 0-based line number of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.kept_line(offset) {
            Some(line) => line.number,
            None => self.fallback(offset).line - 1,
        }
    }

    /// `offset` clamped to the text and moved back to a character boundary (on a kept
    /// line; otherwise only clamped).
    pub fn floor(&self, offset: usize) -> usize {
        self.prefix(offset)
            .map_or(offset.min(self.len), |(line, before)| {
                line.start + before.len()
            })
    }

    /// A kept line: its start offset and its text without the line ending.
    pub fn line(&self, number: usize) -> Option<(usize, &str)> {
        let i = self.kept.binary_search_by_key(&number, |l| l.number).ok()?;
        let line = &self.kept[i];
        Some((line.start, line.content()))
    }

    /// Bytes of text kept (for memory accounting in tests).
    pub fn kept_bytes(&self) -> usize {
        self.kept.iter().map(|l| l.text.len()).sum()
    }
}

fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_agree_with_the_line_index() {
        let text = "ab\r\n🎵 x\n\nlast é";
        let lines = LineIndex::new(text);
        let full = SourceFile::new("t.md", text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(
                full.position(offset),
                lines.position(text, offset),
                "{offset}"
            );
            assert_eq!(
                full.utf16_position(offset),
                lines.utf16_position(text, offset),
                "{offset}"
            );
        }
    }

    #[test]
    fn positions_on_long_lines_use_checkpoints() {
        let text = format!("{}\n{}", "é🎵x".repeat(5000), "tail");
        let lines = LineIndex::new(&text);
        let full = SourceFile::new("t.md", &text);
        assert!(!full.kept[0].checkpoints.is_empty());
        for offset in (0..text.len()).step_by(997).chain([text.len()]) {
            assert_eq!(
                full.position(offset),
                lines.position(&text, offset),
                "{offset}"
            );
            assert_eq!(
                full.utf16_position(offset),
                lines.utf16_position(&text, offset),
                "{offset}"
            );
        }
    }

    #[test]
    fn only_touched_lines_are_kept() {
        let text = "zero\none\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\n";
        let lines = LineIndex::new(text);
        let two = text.find("two").unwrap();
        let f = SourceFile::with_spans("t.md", text, &lines, [&(two..two + 3)]);
        assert_eq!(f.kept_bytes(), 4);
        assert_eq!(f.position(two + 1), lines.position(text, two + 1));
        assert_eq!(f.line(2), Some((two, "two")));
        assert_eq!(f.line(3), None);
        // A span over many lines keeps its first lines and its last lines only.
        let nine = text.find("nine").unwrap();
        let f = SourceFile::with_spans("t.md", text, &lines, [&(0..nine + 2)]);
        let kept: Vec<usize> = (0..11).filter(|&n| f.line(n).is_some()).collect();
        assert_eq!(kept, vec![0, 1, 2, 3, 4, 7, 8, 9]);
        assert_eq!(f.position(nine + 2), lines.position(text, nine + 2));
    }
}
