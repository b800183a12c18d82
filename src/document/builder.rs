use std::ops::Range;

use super::{Block, BlockKind, Document, Format, LineIndex, Link, Section, Segment};

/// Collects blocks and the plain-text view while a front end walks the source.
pub struct DocBuilder<'s> {
    source: &'s str,
    plain: String,
    segments: Vec<Segment>,
    blocks: Vec<Block>,
    links: Vec<Link>,
    open: Option<(BlockKind, usize, usize)>, // kind, plain start, source start
    last_src_end: usize,
}

impl<'s> DocBuilder<'s> {
    pub fn new(source: &'s str) -> Self {
        DocBuilder {
            source,
            plain: String::with_capacity(source.len()),
            segments: Vec::new(),
            blocks: Vec::new(),
            links: Vec::new(),
            open: None,
            last_src_end: 0,
        }
    }

    pub fn is_open(&self) -> bool {
        self.open.is_some()
    }

    /// Opens a block at a source offset, closing any open one.
    pub fn open(&mut self, kind: BlockKind, src_start: usize) {
        self.close();
        if !self.plain.is_empty() {
            self.plain.push('\n');
        }
        self.open = Some((kind, self.plain.len(), src_start));
        self.last_src_end = src_start;
    }

    /// Changes the kind of the open block (a paragraph that turns out to be a heading).
    pub fn set_kind(&mut self, kind: BlockKind) {
        if let Some(open) = &mut self.open {
            open.0 = kind;
        }
    }

    /// Adds text that appears verbatim at `src` (one segment).
    pub fn push_verbatim(&mut self, src: Range<usize>) {
        let text = &self.source[src.clone()];
        self.push_mapped(text, src);
    }

    /// Adds text that came from `src` but may differ from it (decoded entity, escape).
    pub fn push_mapped(&mut self, text: &str, src: Range<usize>) {
        if text.is_empty() {
            return;
        }
        if self.open.is_none() {
            self.open(BlockKind::Paragraph, src.start);
        }
        self.segments.push(Segment {
            plain: self.plain.len(),
            plain_len: text.len(),
            src: src.start,
            src_len: src.len(),
        });
        self.plain.push_str(text);
        self.last_src_end = self.last_src_end.max(src.end);
    }

    /// Adds text with HTML-style whitespace collapsing: runs of white space become one space,
    /// and leading white space in a block is dropped.
    pub fn push_collapsed(&mut self, text: &str, src: Range<usize>) {
        let verbatim = &self.source[src.clone()] == text;
        let mut word_start: Option<usize> = None;
        let mut i = 0;
        let bytes = text.as_bytes();
        while i <= bytes.len() {
            let is_space = i < bytes.len() && bytes[i].is_ascii_whitespace();
            let at_end = i == bytes.len();
            match (word_start, is_space || at_end) {
                (None, false) => word_start = Some(i),
                (Some(ws), true) => {
                    let piece = &text[ws..i];
                    if verbatim {
                        self.push_mapped(piece, src.start + ws..src.start + i);
                    } else {
                        self.push_mapped(piece, src.clone());
                    }
                    word_start = None;
                    if is_space {
                        self.push_space(if verbatim { src.start + i } else { src.start });
                    }
                }
                (None, true) if is_space => {
                    self.push_space(if verbatim { src.start + i } else { src.start })
                }
                _ => {}
            }
            i += 1;
        }
    }

    /// Adds one separating space unless the block is empty or already ends in one.
    pub fn push_space(&mut self, src_at: usize) {
        let Some((_, start, _)) = self.open else {
            return;
        };
        if self.plain.len() == start || self.plain.ends_with([' ', '\n']) {
            return;
        }
        self.push_synthetic(" ", src_at);
    }

    /// Adds text that is not in the source (a separator), mapped to an empty span at `src_at`.
    pub fn push_synthetic(&mut self, text: &str, src_at: usize) {
        if self.open.is_none() {
            return;
        }
        self.segments.push(Segment {
            plain: self.plain.len(),
            plain_len: text.len(),
            src: src_at,
            src_len: 0,
        });
        self.plain.push_str(text);
    }

    pub fn add_link(&mut self, url: String, span: Range<usize>) {
        self.links.push(Link { url, span });
    }

    /// Closes the open block at the end of the last text added to it.
    pub fn close(&mut self) {
        let end = self.last_src_end;
        self.close_at(end);
    }

    /// Closes the open block; empty blocks are dropped.
    pub fn close_at(&mut self, src_end: usize) {
        let Some((kind, plain_start, src_start)) = self.open.take() else {
            return;
        };
        // Trim trailing white space from the block's plain text.
        let trimmed_len = self.plain[plain_start..].trim_end().len();
        self.plain.truncate(plain_start + trimmed_len);
        while self
            .segments
            .last()
            .is_some_and(|s| s.plain >= self.plain.len() && s.plain > plain_start)
        {
            self.segments.pop();
        }
        if let Some(seg) = self.segments.last_mut() {
            if seg.plain + seg.plain_len > self.plain.len() && seg.plain_len == seg.src_len {
                let cut = seg.plain + seg.plain_len - self.plain.len();
                seg.plain_len -= cut;
                seg.src_len -= cut;
            }
        }
        if trimmed_len == 0 {
            // Drop the empty block and the newline that preceded it.
            if plain_start > 0 && self.plain.ends_with('\n') {
                self.plain.pop();
            }
            return;
        }
        let first_seg = self.segments.partition_point(|s| s.plain < plain_start);
        let span_start = self.segments.get(first_seg).map_or(src_start, |s| s.src);
        let mut span_end = src_end.max(span_start);
        if let Some(last) = self.segments.last() {
            span_end = span_end.min(last.src + last.src_len).max(span_start);
        }
        self.blocks.push(Block {
            kind,
            plain: plain_start..self.plain.len(),
            span: span_start..span_end,
            section: None,
        });
    }

    /// Closes the last block and builds the section tree.
    pub fn finish(mut self) -> Built {
        self.close();
        let sections = build_sections(&mut self.blocks, &self.plain);
        Built {
            plain: self.plain,
            blocks: self.blocks,
            sections,
            links: self.links,
            segments: self.segments,
        }
    }
}

/// What a front end produced, before it becomes a [`Document`].
pub struct Built {
    pub(super) plain: String,
    pub(super) blocks: Vec<Block>,
    pub(super) sections: Vec<Section>,
    pub(super) links: Vec<Link>,
    pub(super) segments: Vec<Segment>,
}

impl Built {
    pub(super) fn into_document(self, path: &str, format: Format, source: String) -> Document {
        let lines = LineIndex::new(&source);
        Document {
            path: path.to_string(),
            format,
            plain: self.plain,
            blocks: self.blocks,
            sections: self.sections,
            links: self.links,
            lines,
            lossy: false,
            segments: self.segments,
            source,
        }
    }
}

/// Builds the section tree from heading levels and assigns each block its innermost section.
fn build_sections(blocks: &mut [Block], plain: &str) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    for i in 0..blocks.len() {
        if let BlockKind::Heading { level } = blocks[i].kind {
            while let Some(&top) = stack.last() {
                if sections[top].level >= level {
                    let s = stack.pop().unwrap_or(top);
                    sections[s].body.end = i;
                } else {
                    break;
                }
            }
            let title = plain[blocks[i].plain.clone()].to_string();
            let number = super::split_numbering(&title).0;
            sections.push(Section {
                heading: i,
                level,
                title,
                number,
                parent: stack.last().copied(),
                body: i + 1..blocks.len(),
                span: blocks[i].span.clone(),
            });
            stack.push(sections.len() - 1);
        }
        blocks[i].section = stack.last().copied();
    }
    for s in &mut sections {
        let last = if s.body.is_empty() {
            s.heading
        } else {
            s.body.end - 1
        };
        s.span = blocks[s.heading].span.start..blocks[last].span.end;
    }
    sections
}

impl DocBuilder<'_> {
    /// Turns the open block into a heading when it is short and not a sentence
    /// (Markdown's `**Bold line**` used as a heading).
    pub fn mark_heading_if_short(&mut self, level: u8) {
        let Some((_, start, _)) = self.open else {
            return;
        };
        let text = self.plain[start..].trim();
        let words = text.split_whitespace().count();
        if (1..=12).contains(&words) && !text.ends_with(['.', ',', ';']) {
            self.set_kind(BlockKind::Heading { level });
        }
    }
}
