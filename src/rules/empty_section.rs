//! `empty-section` (S002): a heading with no body, or a section that ends on a lead-in
//! ("...contact:") that introduces nothing.

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::document::{normalize_heading, Document};
use crate::model::structure::*;
use crate::model::Model;
use crate::rule::{LintContext, Rule, RuleMeta};

crate::declare_rule! {
    /// ## What it does
    /// Finds sections with nothing in them:
    ///
    /// - a numbered heading followed directly by the next section's heading ("3. Cookies"
    ///   then "4. Security"), or by the end of the document;
    /// - a section whose last line is a lead-in ending in a colon ("For privacy questions,
    ///   contact:") that is followed by nothing, by the next numbered section, or only by a
    ///   note, date or copyright line.
    ///
    /// A heading followed by subsections is not empty (numbering decides: "2" then "2.1"),
    /// and neither is the document's title at the top. Unnumbered headings followed by
    /// headings are not reported: captured web pages flatten heading levels, so a group
    /// heading often looks empty. Runs of bare headings (a table of contents, navigation
    /// scraped with the page), headings that are links, headings repeated elsewhere in the
    /// document, form labels ("Signature:") and lines such as `Share this:` are not reported.
    ///
    /// Reported as `info` by default, a note to check rather than a failure: an independent reading of its findings on 4,500 real policies judged 5 of 7 decided findings true: scraped page footers and lead-ins that introduce the numbered sections after them make the rest. Raise it
    /// with `[severity]` in `policylint.toml` when it suits your documents.
    ///
    /// ## Why is this bad?
    /// An empty section promises information the reader does not get. When it is the contact
    /// section, the policy gives no way to exercise privacy rights at all (GDPR Art. 13(1)(a)
    /// requires the controller's contact details). It usually means text was lost when the
    /// policy was pasted from a template or a content-management system.
    ///
    /// ## Example
    /// ```text
    /// 11. Contact
    /// For privacy questions, access or deletion requests, contact:
    /// ```
    ///
    /// ## How to fix
    /// Write the missing content (for a contact section: an e-mail address, postal address,
    /// phone number or web-form URL), or remove the heading or the dangling lead-in.
    pub static META = {
        code: "S002",
        name: "empty-section",
        category: Structure,
        severity: Info,
        summary: "a heading with no body, or a body that ends introducing nothing",
    }
}

pub struct EmptySection;

impl Rule for EmptySection {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, _model: &Model<'_>, cx: &mut LintContext<'_>) {
        let n = doc.blocks.len();
        if n == 0 {
            return;
        }
        // A heading directly followed by another heading (or by nothing).
        let bare: Vec<bool> = (0..n)
            .map(|b| {
                doc.blocks[b].is_heading()
                    && doc.blocks.get(b + 1).map_or(true, |next| next.is_heading())
            })
            .collect();
        let mut titles: HashMap<String, usize> = HashMap::new();
        for s in &doc.sections {
            *titles.entry(normalize_heading(&s.title)).or_default() += 1;
        }
        let first_text = doc.blocks.iter().position(|b| !b.is_heading()).unwrap_or(n);
        let mut link_starts: Vec<usize> = doc.links.iter().map(|l| l.span.start).collect();
        link_starts.sort_unstable();

        for (idx, section) in doc.sections.iter().enumerate() {
            let h = section.heading;
            if !bare[h] || h < first_text || gap_has_content(gap_after(doc, h)) {
                continue;
            }
            // Tables of contents, navigation, lists of short lines: bare headings in a row.
            if (h > 0 && bare[h - 1]) || (h + 1 < n && bare[h + 1]) {
                continue;
            }
            let at_end = h + 1 == n;
            let empty = if at_end {
                number_parts(section.number.as_deref()).is_some()
            } else {
                closes_section(doc, idx, h + 1)
            };
            if !empty {
                continue;
            }
            let text = doc.text(h);
            let normalized = normalize_heading(text);
            if normalized.is_empty()
                || has_phrase(text, Kind::Title, false)
                || heading_is_self_contained(text)
                || titles.get(&normalized).is_some_and(|&c| c > 1)
            {
                continue;
            }
            let span = doc.blocks[h].span.clone();
            let i = link_starts.partition_point(|&s| s < span.start);
            if link_starts.get(i).is_some_and(|&s| s < span.end) {
                continue;
            }
            let mut d = Diagnostic::new(&META, span, format!("section `{text}` is empty"));
            if at_end {
                d = d
                    .with_label("the document ends after this heading")
                    .with_note(
                        "the document ends right after the heading, so the section says nothing",
                    );
            } else {
                d = d
                    .with_label("no text before the next section")
                    .with_secondary(doc.blocks[h + 1].span.clone(), "next section starts here")
                    .with_note("the next section starts right after the heading, so the section says nothing");
            }
            cx.report(d.with_help("write the section's content, or remove the heading"));
        }

        self.check_lead_ins(doc, cx);
    }
}

/// A lead-in ending in ':' that introduces nothing: its block, its section, and the block
/// after any note lines that follow it.
impl EmptySection {
    /// Sections whose last line ends in ':' and introduces nothing.
    fn check_lead_ins(&self, doc: &Document, cx: &mut LintContext<'_>) {
        let n = doc.blocks.len();
        for LeadIn {
            block: i,
            section,
            next: j,
        } in dangling_lead_ins(doc)
        {
            let heading = doc.sections[section].heading;
            let label = if j > i + 1 {
                "followed only by an unrelated note"
            } else if j == n {
                "the document ends after this line"
            } else {
                "the next section starts after this line"
            };
            let mut d = Diagnostic::new(
                &META,
                doc.blocks[i].span.clone(),
                format!(
                    "section `{}` ends with a lead-in that introduces nothing",
                    doc.text(heading)
                ),
            )
            .with_label(label)
            .with_secondary(doc.blocks[heading].span.clone(), "in this section")
            .with_help(
                "add what the line announces (for a contact section: an e-mail address, postal \
                 address, phone number or web-form URL), or remove the line",
            );
            if j > i + 1 {
                d = d.with_secondary(
                    doc.blocks[i + 1].span.clone(),
                    "not what the lead-in announces",
                );
            }
            cx.report(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::ExampleReport;

    #[test]
    fn vocabulary_examples_hold() {
        let v = &*VOCAB;
        let mut report = ExampleReport::default();
        let ids: Vec<&str> = v.phrases.iter().map(|p| p.id.as_str()).collect();
        report.expect_sorted_unique("entries", &ids);
        for p in &v.phrases {
            report.expect(!p.matches.is_empty(), || {
                format!("{}: needs `matches`", p.id)
            });
            for m in &p.matches {
                let at_start = p.kind != Kind::Title;
                report.expect(has_phrase(m, p.kind, at_start), || {
                    format!("{}: should match {m:?}", p.id)
                });
            }
        }
        report.assert_ok("empty-section.toml");
    }
}
