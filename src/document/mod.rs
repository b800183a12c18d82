//! The parsed document every rule reads: blocks and sections with byte spans into the
//! original file, and a plain-text view (markup removed, entities decoded) for matching.
//!
//! Rules match against [`Document::plain`] and map match offsets back to source spans with
//! [`Document::span`]; blocks are separated by `\n` in the plain text.

mod builder;
mod html;
pub mod line_index;
mod markdown;
mod text;

use std::ops::Range;

pub use builder::DocBuilder;
pub use line_index::LineIndex;

/// The input format, from the file name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Html,
}

impl Format {
    /// The format for a path's extension; unknown extensions are plain text.
    pub fn from_path(path: &str) -> Format {
        let ext = path
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "md" | "mdx" | "markdown" => Format::Markdown,
            "html" | "htm" | "xhtml" => Format::Html,
            _ => Format::Text,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// A heading of `level` 1 (title) to 6; Markdown bold-only lines are level 6.
    Heading {
        level: u8,
    },
    Paragraph,
    ListItem,
    TableRow,
}

/// A paragraph, list item, table row or heading.
#[derive(Clone, Debug)]
pub struct Block {
    pub kind: BlockKind,
    /// Byte range in [`Document::plain`].
    pub plain: Range<usize>,
    /// Byte range in [`Document::source`].
    pub span: Range<usize>,
    /// The innermost section containing this block (for a heading, the section it opens).
    pub section: Option<usize>,
}

impl Block {
    pub fn is_heading(&self) -> bool {
        matches!(self.kind, BlockKind::Heading { .. })
    }
}

/// A heading and everything under it up to the next heading of the same or a higher level.
#[derive(Clone, Debug)]
pub struct Section {
    /// Index of the heading block.
    pub heading: usize,
    pub level: u8,
    /// The heading's text as written (numbering included).
    pub title: String,
    /// Leading numbering, e.g. `"2.1"`, `"IV"`, `"12"`.
    pub number: Option<String>,
    pub parent: Option<usize>,
    /// Blocks after the heading, subsections included.
    pub body: Range<usize>,
    /// Source span from the heading to the end of the body.
    pub span: Range<usize>,
}

/// A hyperlink: Markdown link, autolink, or HTML `<a href>`.
#[derive(Clone, Debug)]
pub struct Link {
    pub url: String,
    pub span: Range<usize>,
}

/// One piece of the plain-text view and where it came from. Pieces whose text is not
/// byte-identical to the source (entities, escapes, inserted separators) map to the whole
/// source range.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Segment {
    pub plain: usize,
    pub plain_len: usize,
    pub src: usize,
    pub src_len: usize,
}

#[derive(Debug)]
pub struct Document {
    pub path: String,
    pub format: Format,
    pub source: String,
    pub plain: String,
    pub blocks: Vec<Block>,
    pub sections: Vec<Section>,
    pub links: Vec<Link>,
    pub lines: LineIndex,
    /// True when the file was not valid UTF-8 and was decoded lossily.
    pub lossy: bool,
    segments: Vec<Segment>,
}

impl Document {
    /// Parses `source` in the format its path implies.
    pub fn parse(path: &str, source: String) -> Document {
        Document::parse_as(path, source, Format::from_path(path))
    }

    pub fn parse_as(path: &str, source: String, format: Format) -> Document {
        let built = {
            let mut builder = DocBuilder::new(&source);
            match format {
                Format::Text => text::parse(&source, &mut builder),
                Format::Markdown => markdown::parse(&source, &mut builder),
                Format::Html => html::parse(&source, 0..source.len(), &mut builder),
            }
            builder.finish()
        };
        built.into_document(path, format, source)
    }

    /// Source byte range of a plain-text byte range.
    pub fn span(&self, plain: Range<usize>) -> Range<usize> {
        let start = self.to_source(plain.start, false);
        let end = if plain.end > plain.start {
            self.to_source(plain.end, true)
        } else {
            start
        };
        start..end.max(start)
    }

    /// Source offset of a plain-text offset. `is_end` picks the end of an opaque segment.
    fn to_source(&self, pos: usize, is_end: bool) -> usize {
        let idx = match self.segments.binary_search_by(|s| s.plain.cmp(&pos)) {
            Ok(i) if is_end && i > 0 => i - 1,
            Ok(i) => i,
            Err(0) => return self.segments.first().map_or(0, |s| s.src),
            Err(i) => i - 1,
        };
        let seg = self.segments[idx];
        let offset = pos - seg.plain;
        if offset >= seg.plain_len {
            seg.src + seg.src_len
        } else if seg.plain_len == seg.src_len {
            seg.src + offset
        } else if is_end || offset > 0 {
            seg.src + seg.src_len
        } else {
            seg.src
        }
    }

    /// The plain text of a block.
    pub fn text(&self, block: usize) -> &str {
        &self.plain[self.blocks[block].plain.clone()]
    }

    /// The block containing a plain-text offset (or the last block before it).
    pub fn block_at(&self, plain_pos: usize) -> Option<usize> {
        match self
            .blocks
            .binary_search_by(|b| b.plain.start.cmp(&plain_pos))
        {
            Ok(i) => Some(i),
            Err(0) => None,
            Err(i) => Some(i - 1),
        }
    }

    /// The heading block of a section.
    pub fn heading_text(&self, section: usize) -> &str {
        self.text(self.sections[section].heading)
    }

    /// Blocks directly under a section's heading, before its first subsection.
    pub fn own_body(&self, section: usize) -> Range<usize> {
        let body = self.sections[section].body.clone();
        let end = body
            .clone()
            .find(|&b| self.blocks[b].is_heading())
            .unwrap_or(body.end);
        body.start..end
    }

    /// Plain-text range covered by a range of blocks.
    pub fn plain_range(&self, blocks: Range<usize>) -> Range<usize> {
        if blocks.is_empty() {
            let at = self
                .blocks
                .get(blocks.start)
                .map_or(self.plain.len(), |b| b.plain.start);
            return at..at;
        }
        self.blocks[blocks.start].plain.start..self.blocks[blocks.end - 1].plain.end
    }

    /// The section path of a section, outermost first.
    pub fn ancestors(&self, section: usize) -> Vec<usize> {
        let mut path = vec![section];
        let mut cur = self.sections[section].parent;
        while let Some(p) = cur {
            path.push(p);
            cur = self.sections[p].parent;
        }
        path.reverse();
        path
    }

    /// A zero-width span at the start of the first line with text, for document-level findings.
    pub fn start_span(&self) -> Range<usize> {
        let at = self.blocks.first().map_or(0, |b| b.span.start);
        at..at
    }

    /// The span of the first heading, or the document start.
    pub fn title_span(&self) -> Range<usize> {
        self.blocks
            .iter()
            .find(|b| b.is_heading())
            .map_or_else(|| self.start_span(), |b| b.span.clone())
    }
}

/// Lowercases a heading and strips numbering, trailing `?`/`:`/`.`, and surrounding
/// punctuation, for comparing headings with synonyms ("2.1 Your Rights:" → "your rights").
pub fn normalize_heading(title: &str) -> String {
    let (_, rest) = split_numbering(title);
    let trimmed = rest.trim_matches(|c: char| !c.is_alphanumeric());
    let mut out = String::with_capacity(trimmed.len());
    let mut last_space = false;
    for c in trimmed.chars() {
        let c = match c {
            '\u{2019}' | '\u{2018}' => '\'',
            '&' => '&',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.extend(c.to_lowercase());
            last_space = false;
        }
    }
    out
}

/// Splits leading numbering ("1.", "2.1", "IV.", "A)", "Section 4 -", "§ 3", "Article 5:")
/// from a heading: `(Some("2.1"), "Account Information")`.
pub fn split_numbering(title: &str) -> (Option<String>, &str) {
    let t = title.trim();
    let mut rest = t;
    let mut had_word = false;
    for word in ["section", "article", "part", "chapter", "clause", "\u{a7}"] {
        if let Some(head) = rest.get(..word.len()) {
            let next = rest[word.len()..].chars().next();
            if head.eq_ignore_ascii_case(word)
                && next.is_some_and(|c| c.is_whitespace() || c.is_ascii_digit())
            {
                rest = rest[word.len()..].trim_start();
                had_word = true;
                break;
            }
        }
    }
    let token_end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
        .unwrap_or(rest.len());
    let raw = &rest[..token_end];
    let token = raw.trim_end_matches('.');
    let after_token = &rest[token_end..];
    let closed = raw.ends_with('.') || after_token.starts_with(')') || had_word;
    let arabic = !token.is_empty()
        && token
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    let roman = !token.is_empty()
        && token.len() <= 6
        && token.bytes().all(|b| b"IVXLC".contains(&b))
        && closed;
    let letter = token.len() == 1 && token.bytes().all(|b| b.is_ascii_uppercase()) && closed;
    if !(arabic || roman || letter) {
        return (None, t);
    }
    let after = after_token
        .trim_start_matches([')', ':'])
        .trim_start()
        .trim_start_matches(['-', '\u{2013}', '\u{2014}', ':', '|'])
        .trim_start();
    if after.is_empty() && !had_word {
        return (None, t);
    }
    (Some(token.to_string()), after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_numbering_from_headings() {
        assert_eq!(
            split_numbering("2.1 Account Information"),
            (Some("2.1".into()), "Account Information")
        );
        assert_eq!(
            split_numbering("12. Contact Us"),
            (Some("12".into()), "Contact Us")
        );
        assert_eq!(
            split_numbering("IV. Your Rights"),
            (Some("IV".into()), "Your Rights")
        );
        assert_eq!(
            split_numbering("Section 4 - Cookies"),
            (Some("4".into()), "Cookies")
        );
        assert_eq!(split_numbering("A) Scope"), (Some("A".into()), "Scope"));
        assert_eq!(split_numbering("Introduction"), (None, "Introduction"));
        assert_eq!(split_numbering("I Agree"), (None, "I Agree"));
        assert_eq!(
            normalize_heading("9. Children\u{2019}s Privacy?"),
            "children's privacy"
        );
    }
}
