//! Markdown through pulldown-cmark's offset iterator. Code blocks, front matter and link
//! targets are left out of the plain text; HTML blocks go through the HTML front end.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{html, BlockKind, DocBuilder};

pub(super) fn parse(source: &str, b: &mut DocBuilder<'_>) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut skip_depth = 0usize; // inside code blocks / metadata
    let mut strong_depth = 0usize;
    let mut paragraph_all_strong = false;
    let mut item_depth = 0usize;
    let mut html_block: Option<usize> = None;
    let mut in_cell_row = false;
    let mut first_cell = true;

    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        if skip_depth > 0 {
            match event {
                Event::Start(Tag::CodeBlock(_) | Tag::MetadataBlock(_)) => skip_depth += 1,
                Event::End(TagEnd::CodeBlock | TagEnd::MetadataBlock(_)) => skip_depth -= 1,
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::MetadataBlock(_)) => {
                b.close();
                skip_depth = 1;
            }
            Event::Start(Tag::HtmlBlock) => {
                b.close();
                html_block = Some(range.start);
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(start) = html_block.take() {
                    html::parse(source, start..range.end.max(start), b);
                    b.close();
                }
            }
            Event::Html(_) => {}
            Event::Start(Tag::Heading { level, .. }) => {
                b.open(BlockKind::Heading { level: level as u8 }, range.start)
            }
            Event::End(TagEnd::Heading(_)) => b.close(),
            Event::Start(Tag::Paragraph) => {
                if !(item_depth > 0 && b.is_open()) {
                    let kind = if item_depth > 0 {
                        BlockKind::ListItem
                    } else {
                        BlockKind::Paragraph
                    };
                    b.open(kind, range.start);
                } else {
                    b.open(BlockKind::ListItem, range.start);
                }
                paragraph_all_strong = true;
            }
            Event::End(TagEnd::Paragraph) => {
                if paragraph_all_strong && b.is_open() {
                    b.mark_heading_if_short(6);
                }
                paragraph_all_strong = false;
                b.close();
            }
            Event::Start(Tag::Item) => {
                b.close();
                item_depth += 1;
                b.open(BlockKind::ListItem, range.start);
            }
            Event::End(TagEnd::Item) => {
                item_depth = item_depth.saturating_sub(1);
                b.close();
            }
            Event::Start(Tag::List(_)) => b.close(),
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                b.open(BlockKind::TableRow, range.start);
                in_cell_row = true;
                first_cell = true;
            }
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                b.close();
                in_cell_row = false;
            }
            Event::Start(Tag::TableCell) => {
                if in_cell_row && !first_cell {
                    b.push_synthetic(" | ", range.start);
                }
                first_cell = false;
            }
            Event::Start(Tag::Strong) => strong_depth += 1,
            Event::End(TagEnd::Strong) => strong_depth = strong_depth.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => b.add_link(dest_url.to_string(), range),
            Event::Text(text) | Event::Code(text) => {
                if strong_depth == 0 && !text.trim().is_empty() {
                    paragraph_all_strong = false;
                }
                if &source[range.clone()] == text.as_ref() {
                    b.push_verbatim(range);
                } else {
                    b.push_mapped(&text, range);
                }
            }
            Event::InlineHtml(tag) => {
                let lower = tag.to_ascii_lowercase();
                if lower.starts_with("<br") {
                    b.push_synthetic("\n", range.start);
                }
            }
            Event::SoftBreak => b.push_synthetic(" ", range.start),
            Event::HardBreak => b.push_synthetic("\n", range.start),
            Event::FootnoteReference(_) | Event::TaskListMarker(_) | Event::Rule => {}
            _ => {}
        }
    }
    b.close();
}
