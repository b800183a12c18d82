//! Plain text: one block per non-blank line; headings recognised by the forms real policies
//! use (numbering, short title-case or ALL-CAPS lines, question lines).

use super::{split_numbering, BlockKind, DocBuilder};

pub(super) fn parse(source: &str, b: &mut DocBuilder<'_>) {
    let mut offset = 0;
    let mut seen_heading = false;
    let mut numbered_level: Option<u8> = None;
    let mut prev_blank = true;
    let lines: Vec<&str> = source.split_inclusive('\n').collect();
    for (idx, raw) in lines.iter().enumerate() {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let lead = line.len()
            - line
                .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
                .len();
        let content = line[lead..].trim_end();
        if content.is_empty() {
            prev_blank = true;
            continue;
        }
        // Table separator rows ("|---|---|") carry no text.
        if content.starts_with('|')
            && content
                .chars()
                .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '+'))
        {
            continue;
        }
        let text_start = start + lead;
        let next = lines.get(idx + 1).map_or("", |l| l.trim());
        let next_blank = next.is_empty();
        // A short line whose next line goes on with its sentence ("Acme Inc" then ". sites
        // do not ...") is part of a paragraph, not a heading: scraped pages break lines at
        // inline markup.
        let continued = next.starts_with(['.', ',', ';', ')']);
        let (kind, body_offset) = classify(
            content,
            seen_heading,
            numbered_level,
            prev_blank,
            next_blank,
        );
        let kind = match kind {
            BlockKind::Heading { .. } if continued && split_numbering(content).0.is_none() => {
                BlockKind::Paragraph
            }
            kind => kind,
        };
        if let BlockKind::Heading { level } = kind {
            if split_numbering(content).0.is_some() {
                numbered_level = Some(level);
            }
            seen_heading = true;
        }
        b.open(kind, text_start);
        b.push_verbatim(text_start + body_offset..text_start + content.len());
        b.close_at(text_start + content.len());
        prev_blank = false;
    }
}

/// Decides what a line is. Returns the kind and where its text starts (after a bullet).
fn classify(
    line: &str,
    seen_heading: bool,
    numbered_level: Option<u8>,
    prev_blank: bool,
    next_blank: bool,
) -> (BlockKind, usize) {
    if let Some(rest) = line.strip_prefix([
        '-', '*', '\u{2022}', '\u{25cf}', '\u{25aa}', '\u{2013}', '\u{25e6}', '\u{00b7}',
    ]) {
        if rest.starts_with(char::is_whitespace) {
            return (BlockKind::ListItem, line.len() - rest.trim_start().len());
        }
    }
    if line.starts_with('|') {
        return (BlockKind::TableRow, 0);
    }
    if let (Some(number), title) = split_numbering(line) {
        if looks_like_title(title, true) {
            let depth = number.split('.').count() as u8;
            return (
                BlockKind::Heading {
                    level: (depth + 1).min(6),
                },
                0,
            );
        }
        return (BlockKind::ListItem, 0);
    }
    let words = line.split_whitespace().count();
    let question = line.ends_with('?') && words <= 14 && !line.contains(". ");
    let caps = is_all_caps(line) && words <= 12;
    if question || caps || looks_like_title(line, false) {
        // The first heading-like line at the top is the document title.
        let level = if !seen_heading {
            1
        } else {
            match numbered_level {
                Some(l) => (l + 1).min(6),
                None => 2,
            }
        };
        // Unnumbered, non-question, non-caps headings need some isolation to count in
        // documents that number their sections, where short lines are usually lead-ins.
        if question || caps || numbered_level.is_none() || prev_blank || next_blank || !seen_heading
        {
            return (BlockKind::Heading { level }, 0);
        }
    }
    (BlockKind::Paragraph, 0)
}

/// A short line in title case with no sentence punctuation at its end.
fn looks_like_title(text: &str, numbered: bool) -> bool {
    let text = text.trim();
    let words: Vec<&str> = text.split_whitespace().collect();
    let max_words = if numbered { 14 } else { 8 };
    if words.is_empty() || words.len() > max_words {
        return false;
    }
    if text.ends_with(['.', ',', ';', ':']) && !text.ends_with("..") {
        return numbered && text.ends_with(':') && words.len() <= 8;
    }
    if text.contains(['@', '[', ']', '{', '}', '|']) || text.contains("://") {
        return false;
    }
    if text.contains(": ") && !(numbered && words.len() <= 8) {
        return false;
    }
    let first = text.chars().next().unwrap_or(' ');
    if !(first.is_uppercase() || first.is_ascii_digit() || first == '"' || first == '\u{201c}') {
        return false;
    }
    if numbered {
        return true;
    }
    let significant: Vec<&&str> = words.iter().filter(|w| !is_minor_word(w)).collect();
    let capitalised = significant
        .iter()
        .filter(|w| {
            w.chars()
                .find(|c| c.is_alphanumeric())
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        })
        .count();
    !significant.is_empty() && capitalised * 4 >= significant.len() * 3
}

fn is_all_caps(text: &str) -> bool {
    let letters = text.chars().filter(|c| c.is_alphabetic());
    let (mut upper, mut total) = (0, 0);
    for c in letters {
        total += 1;
        if c.is_uppercase() {
            upper += 1;
        }
    }
    total >= 3 && upper == total && !text.ends_with([',', ';'])
}

fn is_minor_word(w: &str) -> bool {
    matches!(
        w.to_ascii_lowercase()
            .trim_matches(|c: char| !c.is_alphanumeric()),
        "a" | "an"
            | "and"
            | "or"
            | "of"
            | "the"
            | "to"
            | "in"
            | "on"
            | "for"
            | "with"
            | "by"
            | "at"
            | "from"
            | "as"
            | "we"
            | "our"
            | "your"
            | "you"
            | "is"
            | "are"
            | "do"
            | "how"
            | "this"
            | "about"
            | "into"
            | "under"
            | "vs"
            | "via"
            | "per"
            | "&"
            | "-"
            | "\u{2013}"
    )
}

#[cfg(test)]
mod tests {
    use crate::document::{BlockKind, Document};

    fn kinds(text: &str) -> Vec<(String, bool)> {
        let doc = Document::parse("p.txt", text.to_string());
        (0..doc.blocks.len())
            .map(|i| {
                (
                    doc.text(i).to_string(),
                    matches!(doc.blocks[i].kind, BlockKind::Heading { .. }),
                )
            })
            .collect()
    }

    #[test]
    fn a_line_broken_before_its_punctuation_is_not_a_heading() {
        let k = kinds("Privacy Policy\nWe run this site.\nAcme Inc\n. sites do not sell data.\nCookies\nWe use cookies.\n");
        assert_eq!(k[0], ("Privacy Policy".into(), true));
        assert_eq!(k[2], ("Acme Inc".into(), false));
        assert_eq!(k[4], ("Cookies".into(), true));
    }
}
