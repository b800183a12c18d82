use std::ops::Range;

/// Line starts of a text, for turning byte offsets into 1-based lines and columns.
///
/// LF, CRLF and a lone CR each end a line, as in CommonMark and the Language Server
/// Protocol, so that line numbers agree with what editors show.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
}

/// A 1-based line and column (columns count characters) plus the byte offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            let ends_line = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            if ends_line {
                starts.push(i + 1);
            }
        }
        LineIndex { starts }
    }

    /// 0-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.min(self.starts.len() - 1)]
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte range of a 0-based line, without its line ending.
    pub fn line_range(&self, text: &str, line: usize) -> Range<usize> {
        let start = self.line_start(line);
        let bytes = text.as_bytes();
        let mut end = self.starts.get(line + 1).map_or(text.len(), |&s| s);
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        start..end.max(start)
    }

    /// 1-based line and character column of a byte offset (clamped to the text). Every
    /// character counts, U+FEFF included: a byte order mark is removed before the text gets
    /// here (`engine::decode`), so one that is left is part of the text.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.starts[line];
        let column = text[start..offset].chars().count() + 1;
        Position {
            line: line + 1,
            column,
            offset,
        }
    }

    /// 0-based line and UTF-16 column, as the Language Server Protocol counts.
    pub fn utf16_position(&self, text: &str, offset: usize) -> (u32, u32) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let col: usize = text[self.starts[line]..offset]
            .chars()
            .map(char::len_utf16)
            .sum();
        (line as u32, col as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cr_lf_and_crlf_each_end_a_line() {
        let text = "one\rtwo\nthree\r\nfour\r\r\nsix";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 6);
        let lines: Vec<&str> = (0..6).map(|l| &text[index.line_range(text, l)]).collect();
        assert_eq!(lines, ["one", "two", "three", "four", "", "six"]);
        let two = text.find("two").unwrap();
        assert_eq!(index.position(text, two).line, 2);
        assert_eq!(
            index.utf16_position(text, text.find("six").unwrap()),
            (5, 0)
        );
    }

    #[test]
    fn columns_count_every_character() {
        let text = "\u{feff}\u{1f600}x\ny";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(index.position(text, x).column, 3);
        assert_eq!(index.utf16_position(text, x), (0, 3));
        // An offset inside a character is moved back to its start.
        assert_eq!(index.position(text, x - 1).column, 2);
    }
}
