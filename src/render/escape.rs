//! Making document text and user input safe to print on a terminal or in a CI log.
//!
//! Text from a document or a command line can hold characters that change what a reader
//! sees rather than showing up themselves: control characters (escape sequences, a lone CR
//! that returns to the start of the line and overwrites it), bidirectional controls that
//! reorder the rest of the line ("Trojan Source", CVE-2021-42574), zero-width and other
//! invisible characters, and the Unicode line and paragraph separators that some terminals
//! and editors break lines at. Every text output shows each of them as `\u{202e}` instead.

/// Whether a character must be shown escaped: it is invisible, reorders text, breaks a
/// line or drives the terminal. Tab, CR and LF are included; callers that treat them
/// specially do so before asking.
pub fn is_hidden(c: char) -> bool {
    c.is_control() // C0, DEL and C1 controls, including ESC, CR, LF, tab, NEL
        || matches!(
            c,
            // Soft hyphen and combining grapheme joiner: invisible.
            '\u{ad}' | '\u{34f}'
            // Arabic format characters; U+061C is the Arabic letter mark (a bidi control).
            | '\u{600}'..='\u{605}' | '\u{61c}' | '\u{6dd}' | '\u{70f}' | '\u{890}'..='\u{891}' | '\u{8e2}'
            // Hangul fillers and Khmer inherent vowels: invisible letters used in spoofing.
            | '\u{115f}' | '\u{1160}' | '\u{17b4}' | '\u{17b5}' | '\u{3164}' | '\u{ffa0}'
            // Mongolian vowel separator.
            | '\u{180e}'
            // Zero-width space, non-joiner, joiner; left-to-right and right-to-left marks.
            | '\u{200b}'..='\u{200f}'
            // Line and paragraph separators.
            | '\u{2028}' | '\u{2029}'
            // Bidi embeddings and overrides (LRE, RLE, PDF, LRO, RLO).
            | '\u{202a}'..='\u{202e}'
            // Word joiner, invisible operators, bidi isolates (LRI, RLI, FSI, PDI) and the
            // deprecated format characters after them.
            | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206f}'
            // Zero-width no-break space (byte order mark) and interlinear annotations.
            | '\u{feff}' | '\u{fff9}'..='\u{fffb}'
            // Format characters outside the BMP: Kaithi, Egyptian, shorthand, musical.
            | '\u{110bd}' | '\u{110cd}' | '\u{13430}'..='\u{1343f}' | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
            // Tag characters: invisible, and able to carry a whole hidden ASCII text.
            | '\u{e0001}' | '\u{e0020}'..='\u{e007f}'
        )
}

/// Appends `c` as `\u{hex}`.
fn push_escaped(out: &mut String, c: char) {
    use std::fmt::Write;
    let _ = write!(out, "\\u{{{:x}}}", c as u32);
}

/// Escapes text for one terminal line (messages, paths, arguments): LF and CR are shown
/// as `\n` and `\r`, a tab becomes a space, and every other hidden character (see
/// [`is_hidden`]) as `\u{…}`, so that text can neither break or overwrite lines, nor
/// reorder them, nor drive the terminal.
pub fn escape_terminal(s: &str) -> String {
    if !s.chars().any(is_hidden) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push(' '),
            c if is_hidden(c) => push_escaped(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// Escapes one character of an echoed source line into `out`: tabs stay (the snippet
/// renderer expands them and counts their width), everything else hidden is shown as
/// `\u{…}`, and a CR that is not part of the line ending as `\r`.
pub fn escape_snippet_char(out: &mut String, c: char) {
    if c == '\r' {
        out.push_str("\\r");
    } else if c != '\t' && is_hidden(c) {
        push_escaped(out, c);
    } else {
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters_are_shown() {
        assert_eq!(
            escape_terminal("a\u{202e}b\u{2066}c\u{61c}d"),
            "a\\u{202e}b\\u{2066}c\\u{61c}d"
        );
        assert_eq!(escape_terminal("x\ry\nz\tw"), "x\\ry\\nz w");
        assert_eq!(
            escape_terminal("\u{200b}\u{feff}\u{2028}\u{2029}\u{2060}"),
            "\\u{200b}\\u{feff}\\u{2028}\\u{2029}\\u{2060}"
        );
        assert_eq!(escape_terminal("\u{1b}[31m"), "\\u{1b}[31m");
        assert_eq!(escape_terminal("\u{e0041}"), "\\u{e0041}");
    }

    #[test]
    fn visible_text_is_unchanged() {
        for s in [
            "plain",
            "privé 🎵 日本語",
            "ﺍﻟﻌﺮﺑﻴﺔ",
            "עברית",
            "a\u{301}",
            "❤\u{fe0f}",
        ] {
            assert_eq!(escape_terminal(s), s);
        }
    }

    #[test]
    fn snippets_keep_tabs() {
        let mut out = String::new();
        for c in "a\tb\rc\u{202e}".chars() {
            escape_snippet_char(&mut out, c);
        }
        assert_eq!(out, "a\tb\\rc\\u{202e}");
    }
}
