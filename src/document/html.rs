//! A small HTML front end that keeps source offsets: block elements become blocks, text of
//! `script`/`style` and similar is ignored, entities are decoded for matching while spans
//! still point at the original bytes.

use std::ops::Range;

use super::{BlockKind, DocBuilder};

/// Parses `source[range]` as HTML into the builder.
pub(super) fn parse(source: &str, range: Range<usize>, b: &mut DocBuilder<'_>) {
    let bytes = source.as_bytes();
    let mut i = range.start;
    let end = range.end;
    let mut text_start = i;
    let mut in_cell_row = false;
    let mut first_cell = true;
    while i < end {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        // Flush text before the tag.
        push_text(source, text_start..i, b);
        if source[i..end].starts_with("<!--") {
            let close = source[i + 4..end]
                .find("-->")
                .map_or(end, |p| i + 4 + p + 3);
            i = close;
            text_start = i;
            continue;
        }
        let Some(tag) = read_tag(source, i, end) else {
            // A lone '<' is text.
            text_start = i;
            i += 1;
            continue;
        };
        let name = tag.name.as_str();
        if !tag.closing && RAW_TEXT.contains(&name) {
            // Skip to the matching close tag.
            let close = find_ci(source, tag.end, end, &format!("</{name}"));
            let after = close.map_or(end, |c| source[c..end].find('>').map_or(end, |p| c + p + 1));
            i = after;
            text_start = i;
            continue;
        }
        match name {
            "br" => b.close(),
            "a" if !tag.closing => {
                if let Some(href) = tag.href {
                    b.add_link(href, i..tag.end);
                }
            }
            "tr" => {
                if tag.closing {
                    b.close();
                    in_cell_row = false;
                } else {
                    b.open(BlockKind::TableRow, tag.end);
                    in_cell_row = true;
                    first_cell = true;
                }
            }
            "td" | "th" if !tag.closing => {
                if in_cell_row {
                    if !first_cell {
                        b.push_synthetic(" | ", i);
                    }
                    first_cell = false;
                } else {
                    b.open(BlockKind::Paragraph, tag.end);
                }
            }
            "td" | "th" => {}
            n if heading_level(n).is_some() => {
                if tag.closing {
                    b.close();
                } else {
                    b.open(
                        BlockKind::Heading {
                            level: heading_level(n).unwrap_or(6),
                        },
                        tag.end,
                    );
                }
            }
            "li" | "dt" | "dd" => {
                if tag.closing {
                    b.close();
                } else {
                    b.open(BlockKind::ListItem, tag.end);
                }
            }
            n if BLOCK.contains(&n) && !(in_cell_row && b.is_open()) => b.close(),
            _ => {}
        }
        i = tag.end;
        text_start = i;
    }
    push_text(source, text_start..end, b);
}

/// Elements whose content is not text to lint.
const RAW_TEXT: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "iframe", "object", "title", "textarea",
    "head",
];

/// Elements that start and end a block.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "main",
    "aside",
    "ul",
    "ol",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "blockquote",
    "pre",
    "hr",
    "address",
    "form",
    "body",
    "html",
    "figure",
    "figcaption",
    "dl",
    "details",
    "summary",
    "caption",
    "label",
    "button",
    "fieldset",
    "legend",
    "center",
];

fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

struct Tag {
    name: String,
    closing: bool,
    href: Option<String>,
    end: usize,
}

/// Reads a tag starting at `start` (`<`); `None` when it is not a tag.
fn read_tag(source: &str, start: usize, end: usize) -> Option<Tag> {
    let bytes = source.as_bytes();
    let mut i = start + 1;
    let closing = bytes.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let first = *bytes.get(i)?;
    if !(first.is_ascii_alphabetic() || first == b'!' || first == b'?') {
        return None;
    }
    let name_start = i;
    while i < end
        && (bytes[i].is_ascii_alphanumeric()
            || bytes[i] == b'-'
            || bytes[i] == b'!'
            || bytes[i] == b'?')
    {
        i += 1;
    }
    let name = source[name_start..i].to_ascii_lowercase();
    let attrs_start = i;
    let mut quote: Option<u8> = None;
    while i < end {
        let c = bytes[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => quote = Some(c),
            None if c == b'>' => break,
            None => {}
        }
        i += 1;
    }
    let tag_end = (i + 1).min(end);
    let href = if name == "a" {
        attribute(&source[attrs_start..i.min(end)], "href")
    } else {
        None
    };
    Some(Tag {
        name,
        closing,
        href,
        end: tag_end,
    })
}

fn attribute(attrs: &str, wanted: &str) -> Option<String> {
    let lower = attrs.to_ascii_lowercase();
    let mut from = 0;
    while let Some(p) = lower[from..].find(wanted) {
        let at = from + p;
        from = at + wanted.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = attrs[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value = rest[1..].trim_start();
        let v = if let Some(q) = value.strip_prefix('"') {
            q.split('"').next().unwrap_or("")
        } else if let Some(q) = value.strip_prefix('\'') {
            q.split('\'').next().unwrap_or("")
        } else {
            value
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or("")
        };
        return Some(decode_entities(v));
    }
    None
}

fn find_ci(source: &str, from: usize, end: usize, needle: &str) -> Option<usize> {
    let hay = &source.as_bytes()[from..end];
    let n = needle.as_bytes();
    hay.windows(n.len())
        .position(|w| w.eq_ignore_ascii_case(n))
        .map(|p| from + p)
}

/// Pushes text with entities decoded and white space collapsed.
fn push_text(source: &str, range: Range<usize>, b: &mut DocBuilder<'_>) {
    let text = &source[range.clone()];
    if text.trim().is_empty() {
        if !text.is_empty() {
            b.push_space(range.start);
        }
        return;
    }
    let mut piece_start = range.start;
    let mut i = range.start;
    let bytes = source.as_bytes();
    while i < range.end {
        if bytes[i] == b'&' {
            if let Some((decoded, len)) = entity_at(&source[i..range.end]) {
                b.push_collapsed(&source[piece_start..i], piece_start..i);
                let mut buf = [0u8; 4];
                let decoded = if decoded == '\u{a0}' { ' ' } else { decoded };
                let s: &str = decoded.encode_utf8(&mut buf);
                if s == " " {
                    b.push_space(i);
                } else {
                    b.push_mapped(s, i..i + len);
                }
                i += len;
                piece_start = i;
                continue;
            }
        }
        i += 1;
    }
    b.push_collapsed(&source[piece_start..range.end], piece_start..range.end);
}

/// Decodes all entities in a short string (attribute values).
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s.as_bytes()[i] == b'&' {
            if let Some((c, len)) = entity_at(&s[i..]) {
                out.push(c);
                i += len;
                continue;
            }
        }
        let c = s[i..].chars().next().unwrap_or(' ');
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// The character an entity at the start of `s` stands for, and the entity's length.
/// Looks for the `;` within the first 12 bytes only: entity names are short, and the cut is
/// made on bytes so that it cannot split a multibyte character.
fn entity_at(s: &str) -> Option<(char, usize)> {
    let semi = s.as_bytes().iter().take(12).position(|&b| b == b';')?;
    let body = &s[1..semi];
    let c = if let Some(num) = body.strip_prefix('#') {
        let code = if let Some(hex) = num.strip_prefix(['x', 'X']) {
            u32::from_str_radix(hex, 16).ok()?
        } else {
            num.parse().ok()?
        };
        char::from_u32(code)?
    } else {
        match body {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => '\u{a0}',
            "rsquo" => '\u{2019}',
            "lsquo" => '\u{2018}',
            "ldquo" => '\u{201c}',
            "rdquo" => '\u{201d}',
            "ndash" => '\u{2013}',
            "mdash" => '\u{2014}',
            "hellip" => '\u{2026}',
            "copy" => '\u{a9}',
            "reg" => '\u{ae}',
            "trade" => '\u{2122}',
            "bull" => '\u{2022}',
            "middot" => '\u{b7}',
            "sect" => '\u{a7}',
            "eacute" => '\u{e9}',
            "egrave" => '\u{e8}',
            "aacute" => '\u{e1}',
            "uuml" => '\u{fc}',
            "ouml" => '\u{f6}',
            "auml" => '\u{e4}',
            "ccedil" => '\u{e7}',
            "laquo" => '\u{ab}',
            "raquo" => '\u{bb}',
            "euro" => '\u{20ac}',
            "pound" => '\u{a3}',
            "shy" => return Some(('\u{ad}', semi + 1)),
            _ => return None,
        }
    };
    Some((c, semi + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_next_to_multibyte_text_never_split_a_character() {
        // Every position of a multibyte character relative to the 12-byte entity window.
        for pad in 0..14 {
            let s = format!("&{}\u{ae}\u{1f600} Rewards", "x".repeat(pad));
            assert_eq!(entity_at(&s), None, "{s}");
            assert_eq!(decode_entities(&s), s);
        }
        assert_eq!(entity_at("&reg;\u{ae}"), Some(('\u{ae}', 5)));
        assert_eq!(decode_entities("\u{e9}&amp;\u{e9}"), "\u{e9}&\u{e9}");
    }
}
