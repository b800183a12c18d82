//! `page-residue` (C003): website navigation, banner and button text copied with the policy.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::document::{Document, Format};
use crate::model::Model;
use crate::rule::{LintContext, Rule, RuleMeta};

crate::declare_rule! {
    /// ## What it does
    /// Finds website chrome that was copied along with the policy text: "Back to Home",
    /// "Skip to content", "Back to top", "Share this page", "Print this page", cookie-banner
    /// buttons ("Accept all cookies", "Reject all", "Manage preferences"), feedback widgets
    /// ("Was this page helpful?") and bars of navigation links ("Log in / Sign up",
    /// "Home | About | Contact").
    ///
    /// Only a line (block) that consists of such text counts, whatever its kind (a first
    /// line "Back to Home" is often read as a heading); the same words inside a sentence are
    /// never reported, and neither is a link or button that still works in the file itself
    /// (`[Back to top](#top)` in Markdown, `<a href="/">Back to Home</a>` in HTML). Navigation words that are also ordinary headings ("Home", "Contact
    /// us", "Search") are only reported next to unmistakable chrome, as part of its group; a
    /// heading followed by its own text is never residue. Consecutive residue lines are
    /// reported as one finding, and at most three findings are reported per document.
    ///
    /// ## Why is this bad?
    /// Button and menu labels in the middle of a legal text show that it was pasted from a
    /// rendered web page without review, and they break the reading order of the document
    /// (for screen readers too). In a policy kept as Markdown or text, they also point at
    /// pages and buttons that do not exist in that copy.
    ///
    /// ## Example
    /// ```text
    /// Back to Home
    ///
    /// Privacy Policy
    /// ```
    ///
    /// ## How to fix
    /// Delete the navigation text. Copy policies from the site's source or CMS rather than
    /// from the rendered page.
    pub static META = {
        code: "C003",
        name: "page-residue",
        category: Content,
        severity: Warning,
        summary: "website navigation or banner text copied into the policy",
    }
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Strength {
    Strong,
    Weak,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ResidueFile {
    item: Vec<Item>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Item {
    #[cfg_attr(not(test), allow(dead_code))]
    id: String,
    strength: Strength,
    phrases: Vec<String>,
    #[cfg_attr(not(test), allow(dead_code))]
    matches: Vec<String>,
    #[serde(default)]
    #[cfg_attr(not(test), allow(dead_code))]
    ignores: Vec<String>,
}

struct Vocabulary {
    items: Vec<Item>,
    /// Normalised phrase → item.
    lookup: HashMap<String, usize>,
}

static DATA: &str = include_str!("../../rules/page-residue.toml");

static VOCAB: LazyLock<Vocabulary> = LazyLock::new(|| {
    let file: ResidueFile = crate::vocab::load("page-residue.toml", DATA);
    let mut lookup = HashMap::new();
    for (i, item) in file.item.iter().enumerate() {
        for p in &item.phrases {
            let key = normalize(p);
            assert!(
                !key.is_empty() && lookup.insert(key.clone(), i).is_none(),
                "rules/page-residue.toml: phrase {p:?} is empty or listed twice"
            );
        }
    }
    Vocabulary {
        items: file.item,
        lookup,
    }
});

/// Lowercase, surrounding symbols removed, inner whitespace collapsed.
fn normalize(text: &str) -> String {
    let trimmed = text.trim_matches(|c: char| !c.is_alphanumeric());
    let mut out = String::with_capacity(trimmed.len());
    for word in trimmed.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Separators of a bar of links.
const BAR: &[char] = &['|', '/', '\u{b7}', '\u{2022}'];

/// Whether a block's text is residue: the item it belongs to, and whether it counts alone.
fn classify(text: &str) -> Option<(usize, Strength)> {
    if text.len() > 100 {
        return None;
    }
    let v = &*VOCAB;
    if let Some(&i) = v.lookup.get(&normalize(text)) {
        return Some((i, v.items[i].strength));
    }
    if !text.contains(BAR) {
        return None;
    }
    // A widget whose buttons are separated like a bar ("Yes | No  Was this page helpful?")
    // is one phrase once the separators are spaces.
    if let Some(&i) = v.lookup.get(&normalize(&text.replace(BAR, " "))) {
        return Some((i, v.items[i].strength));
    }
    let mut first = None;
    let mut pieces = 0;
    for piece in text.split(BAR) {
        let key = normalize(piece);
        if key.is_empty() {
            continue;
        }
        let &i = v.lookup.get(&key)?;
        first.get_or_insert(i);
        pieces += 1;
    }
    (pieces >= 2).then_some((first?, Strength::Strong))
}

/// Whether a block is a working link or button in its own format (`[Back to top](#top)` in
/// Markdown, `<a href="/">Back to Home</a>` in HTML): page navigation that still works there,
/// not text pasted from elsewhere.
fn is_live_link(doc: &Document, block: usize) -> bool {
    let span = doc.blocks[block].span.clone();
    let own = &doc.source[span.clone()];
    match doc.format {
        Format::Text => false,
        Format::Markdown => {
            // The block's span may start inside the link's brackets: read its whole lines.
            let from = doc.source[..span.start].rfind('\n').map_or(0, |p| p + 1);
            let to = doc.source[span.end..]
                .find('\n')
                .map_or(doc.source.len(), |p| span.end + p);
            let lines = &doc.source[from..to];
            lines.contains("](") || lines.contains("<a ") || lines.contains("][")
        }
        Format::Html => {
            let lower = own.to_ascii_lowercase();
            if lower.contains("<a ") || lower.contains("<button") {
                return true;
            }
            let mut from = span.start.saturating_sub(600);
            while !doc.source.is_char_boundary(from) {
                from -= 1;
            }
            let before = doc.source[from..span.start].to_ascii_lowercase();
            let open = before.rfind("<a ").max(before.rfind("<button"));
            let close = before.rfind("</a>").max(before.rfind("</button>"));
            match (open, close) {
                (Some(o), Some(c)) => o > c,
                (Some(_), None) => true,
                _ => false,
            }
        }
    }
}

/// Most findings reported per document.
const MAX_PER_DOCUMENT: usize = 3;

pub struct PageResidue;

impl Rule for PageResidue {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, model: &Model<'_>, cx: &mut LintContext<'_>) {
        let n = doc.blocks.len();
        let mut status: Vec<Option<Strength>> = vec![None; n];
        for (b, slot) in status.iter_mut().enumerate() {
            *slot = classify(doc.text(b)).map(|(_, s)| s);
        }
        for (b, slot) in status.iter_mut().enumerate() {
            if slot.is_some() && is_live_link(doc, b) {
                *slot = None;
            }
        }
        // A heading with text of its own under it is a real heading ("Cookie settings"); not
        // strong residue, which is never a heading: a text file's parser takes a short line
        // such as "BACK TO TOP" or "Was this page helpful?" for one.
        for b in 0..n {
            if status[b] != Some(Strength::Weak) || !doc.blocks[b].is_heading() {
                continue;
            }
            let Some(sec) = doc.blocks[b].section else {
                continue;
            };
            if doc.sections[sec].heading != b {
                continue;
            }
            let body = doc.own_body(sec);
            if body.clone().any(|x| status[x].is_none()) {
                status[b] = None;
            }
        }
        // The document's own title ("Privacy Policy" above "Skip to Navigation") is not
        // residue, though the same words as a menu item would be.
        if let Some(t) = model.kind().title {
            if status[t] == Some(Strength::Weak) {
                status[t] = None;
            }
        }
        // Runs of residue blocks with at least one strong block; trailing weak blocks are
        // dropped unless the run ends the document (they are usually the next heading).
        let mut groups: Vec<Range<usize>> = Vec::new();
        let mut b = 0;
        while b < n {
            if status[b].is_none() {
                b += 1;
                continue;
            }
            let start = b;
            while b < n && status[b].is_some() {
                b += 1;
            }
            let mut end = b;
            if end < n {
                while end > start && status[end - 1] == Some(Strength::Weak) {
                    end -= 1;
                }
            }
            if (start..end).any(|x| status[x] == Some(Strength::Strong)) {
                groups.push(start..end);
            }
        }
        let total = groups.len();
        for (k, g) in groups.into_iter().take(MAX_PER_DOCUMENT).enumerate() {
            let texts: Vec<String> = g
                .clone()
                .map(|x| format!("`{}`", doc.text(x).trim()))
                .collect();
            let shown = if texts.len() > 4 {
                format!(
                    "{} and {} more lines",
                    texts[..3].join(", "),
                    texts.len() - 3
                )
            } else {
                texts.join(", ")
            };
            let span = doc.blocks[g.start].span.start..doc.blocks[g.end - 1].span.end;
            let mut d = Diagnostic::new(
                &META,
                span,
                format!("website navigation text copied into the policy: {shown}"),
            )
            .with_label("page chrome, not policy text")
            .with_help("delete it; copy policies from the site's source or CMS, not from the rendered page");
            if k + 1 == MAX_PER_DOCUMENT && total > MAX_PER_DOCUMENT {
                d = d.with_note(format!(
                    "{} more groups of navigation text in this document are not shown",
                    total - MAX_PER_DOCUMENT
                ));
            }
            cx.report(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::ExampleReport;

    fn first_block(text: &str) -> String {
        let doc = Document::parse("example.md", text.to_string());
        doc.blocks
            .first()
            .map(|_| doc.text(0).to_string())
            .unwrap_or_default()
    }

    #[test]
    fn vocabulary_examples_hold() {
        let v = &*VOCAB;
        let mut report = ExampleReport::default();
        let ids: Vec<&str> = v.items.iter().map(|e| e.id.as_str()).collect();
        report.expect_sorted_unique("items", &ids);
        for (i, e) in v.items.iter().enumerate() {
            report.expect(!e.matches.is_empty(), || format!("{}: no examples", e.id));
            for m in &e.matches {
                let got = classify(&first_block(m));
                let ok = match got {
                    Some((j, Strength::Strong)) => j == i || e.strength == Strength::Weak,
                    _ => false,
                };
                report.expect(ok, || {
                    format!("{}: {m:?} should be residue, got {got:?}", e.id)
                });
            }
            for m in &e.ignores {
                let got = classify(&first_block(m));
                report.expect(!matches!(got, Some((_, Strength::Strong))), || {
                    format!("{}: {m:?} should not be reported alone, got {got:?}", e.id)
                });
            }
        }
        report.assert_ok("page-residue.toml");
    }
}
