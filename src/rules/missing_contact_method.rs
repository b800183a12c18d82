//! `missing-contact-method` (D003): the policy gives no usable way to reach the operator.
//!
//! The contact scan here is shared with `dangling-reference`.

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::{Regex, RegexSet, RegexSetBuilder};
use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{normalize_heading, Document, Format};
use crate::rule::{LintContext, Rule, RuleMeta};
use crate::vocab::PhraseEntry;
use crate::vocab::RegexEntry;

crate::declare_rule! {
    /// ## What it does
    /// Checks that the policy gives at least one usable way to contact the operator: an
    /// e-mail address (or `mailto:` link), a postal address, a phone number, or a contact or
    /// support URL (a contact form counts). It reports:
    ///
    /// - a privacy policy (recognised by its file name, first line or first heading) that
    ///   invites contact ("please contact us", "if you have any questions") but contains no
    ///   contact method at all; "contact us through our contact page" without a link or
    ///   address is not a method;
    /// - a contact section ("Contact Us", "Questions?") that invites contact but gives no
    ///   method, when other parts of the document have one and no contact section does;
    /// - as a note (severity info), a policy whose only contact is a personal free-mail
    ///   address (gmail.com, yahoo, hotmail, outlook.com, proton...).
    ///
    /// Terms of service and cookie notices often leave contact details to the privacy
    /// policy, so a missing method is only reported for privacy documents. A contact section
    /// that points elsewhere ("the contact details above") or introduces lines that follow
    /// ("you can contact:") is not reported.
    ///
    /// A contact section that ends on a dangling "contact:" is left to `empty-section`.
    ///
    /// ## Why is this bad?
    /// Readers need a way to ask questions and exercise their rights. GDPR Art. 13(1)(a)
    /// requires the controller's identity and contact details; CCPA §1798.130(a)(1) requires
    /// designated methods for submitting requests (at least an e-mail address for a business
    /// that operates only online); CalOPPA requires the policy to describe how consumers can
    /// review and request changes to their information. A personal webmail address is a
    /// working channel but is tied to one person and looks unofficial.
    ///
    /// ## Example
    /// ```text
    /// 13. Contact Us
    /// If you have any questions about this Privacy Policy, please contact us through our
    /// contact page.
    /// ```
    ///
    /// ## How to fix
    /// Give a monitored address such as `privacy@yourdomain.com`, a postal address, or a link
    /// to the contact form, in the contact section.
    pub static META = {
        code: "D003",
        name: "missing-contact-method",
        category: Disclosure,
        severity: Warning,
        summary: "no usable way to contact the operator about privacy",
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ContactFile {
    method: Vec<MethodEntry>,
    elsewhere: Vec<PhraseEntry>,
    heading: Vec<RegexEntry>,
    invitation: Vec<PhraseEntry>,
    privacy_title: Vec<PhraseEntry>,
    url_context: Vec<PhraseEntry>,
    url_word: Vec<PhraseEntry>,
    vague: Vec<PhraseEntry>,
    freemail: Vec<FreemailEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MethodEntry {
    id: String,
    kind: MethodKind,
    regex: String,
    #[cfg_attr(not(test), allow(dead_code))]
    matches: Vec<String>,
    #[serde(default)]
    #[cfg_attr(not(test), allow(dead_code))]
    ignores: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FreemailEntry {
    #[cfg_attr(not(test), allow(dead_code))]
    id: String,
    domain: String,
    #[cfg_attr(not(test), allow(dead_code))]
    matches: Vec<String>,
}

/// What kind of contact method a match is.
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub(crate) enum MethodKind {
    Email,
    Phone,
    Address,
    Url,
    Channel,
}

struct Vocabulary {
    methods: Vec<MethodEntry>,
    method_regexes: Vec<Regex>,
    method_set: RegexSet,
    heading: Regex,
    elsewhere: AhoCorasick,
    invitations: AhoCorasick,
    privacy_titles: AhoCorasick,
    url_context: AhoCorasick,
    url_words: AhoCorasick,
    vague: AhoCorasick,
    freemail: Vec<String>,
    #[cfg(test)]
    file: ContactFileExamples,
}

#[cfg(test)]
struct ContactFileExamples {
    elsewhere: Vec<PhraseEntry>,
    heading: Vec<RegexEntry>,
    invitation: Vec<PhraseEntry>,
    privacy_title: Vec<PhraseEntry>,
    url_context: Vec<PhraseEntry>,
    url_word: Vec<PhraseEntry>,
    vague: Vec<PhraseEntry>,
    freemail: Vec<FreemailEntry>,
}

static DATA: &str = include_str!("../../rules/contact.toml");

fn phrases(entries: &[PhraseEntry]) -> AhoCorasick {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(entries.iter().map(|e| e.text.as_str()))
        .expect("contact phrase automaton")
}

static VOCAB: LazyLock<Vocabulary> = LazyLock::new(|| {
    let file: ContactFile = crate::vocab::load("contact.toml", DATA);
    let method_regexes = file
        .method
        .iter()
        .map(|m| {
            Regex::new(&m.regex).unwrap_or_else(|e| panic!("rules/contact.toml: {}: {e}", m.id))
        })
        .collect();
    // A set this size thrashes the lazy DFA's default cache and falls back to a much slower
    // engine; a bigger cache keeps it on the DFA.
    let method_set = RegexSetBuilder::new(file.method.iter().map(|m| &m.regex))
        .dfa_size_limit(64 << 20)
        .build()
        .expect("contact method set");
    let heading = Regex::new(
        &file
            .heading
            .iter()
            .map(|h| format!("(?:{})", h.regex))
            .collect::<Vec<_>>()
            .join("|"),
    )
    .expect("contact heading regex");
    Vocabulary {
        method_regexes,
        method_set,
        heading,
        elsewhere: phrases(&file.elsewhere),
        invitations: phrases(&file.invitation),
        privacy_titles: phrases(&file.privacy_title),
        url_context: phrases(&file.url_context),
        url_words: phrases(&file.url_word),
        vague: phrases(&file.vague),
        freemail: file.freemail.iter().map(|f| f.domain.clone()).collect(),
        methods: file.method,
        #[cfg(test)]
        file: ContactFileExamples {
            elsewhere: file.elsewhere,
            heading: file.heading,
            invitation: file.invitation,
            privacy_title: file.privacy_title,
            url_context: file.url_context,
            url_word: file.url_word,
            vague: file.vague,
            freemail: file.freemail,
        },
    }
});

/// Whether `ac` finds a phrase in `text` as whole words.
fn has_words(ac: &AhoCorasick, text: &str) -> bool {
    first_words(ac, text).is_some()
}

/// The first whole-word match of `ac` in `text`.
fn first_words(ac: &AhoCorasick, text: &str) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    ac.find_iter(text)
        .find(|m| {
            let before = m.start() == 0 || !bytes[m.start() - 1].is_ascii_alphanumeric();
            let after = bytes
                .get(m.end())
                .map_or(true, |b| !b.is_ascii_alphanumeric());
            before && after
        })
        .map(|m| m.range())
}

/// Whether an e-mail address is at a personal webmail provider.
fn is_freemail(address: &str) -> bool {
    let Some((_, domain)) = address.rsplit_once('@') else {
        return false;
    };
    let domain = domain.to_ascii_lowercase();
    VOCAB.freemail.iter().any(|d| {
        if d.ends_with('.') {
            domain.starts_with(d.as_str()) || domain.contains(&format!(".{d}"))
        } else {
            domain == *d || domain.ends_with(&format!(".{d}"))
        }
    })
}

/// One way to reach the operator found in the document.
#[derive(Debug, Clone)]
pub(crate) struct Method {
    pub kind: MethodKind,
    /// Where it is in the plain text (for a link: the block holding it).
    pub plain: Range<usize>,
    /// An e-mail address at a personal webmail provider.
    pub freemail: bool,
    pub text: String,
    /// Found as a link target (`mailto:`), so `plain` is the whole block.
    pub from_link: bool,
}

/// What the contact scan found in one document.
pub(crate) struct ContactScan {
    /// Sorted by position.
    pub methods: Vec<Method>,
    /// Sections whose heading names a contact section.
    pub contact_sections: Vec<usize>,
}

impl ContactScan {
    /// Whether any method lies in a plain-text range.
    pub fn any_in(&self, range: Range<usize>) -> bool {
        let i = self
            .methods
            .partition_point(|m| m.plain.start < range.start);
        self.methods
            .get(i)
            .is_some_and(|m| m.plain.start < range.end)
    }
}

/// Whether a block of text invites the reader to get in touch.
pub(crate) fn invites_contact(text: &str) -> bool {
    has_words(&VOCAB.invitations, text)
}

/// Whether a section's heading names it a contact section.
pub(crate) fn is_contact_heading(title: &str) -> bool {
    VOCAB.heading.is_match(&normalize_heading(title))
}

/// Whether the document is a privacy policy or notice: its file name, its first line or its
/// first heading says so.
pub(crate) fn is_privacy_document(doc: &Document) -> bool {
    let ac = &VOCAB.privacy_titles;
    let name = doc.path.rsplit(['/', '\\']).next().unwrap_or("");
    let first_heading = doc.blocks.iter().take(12).position(|b| b.is_heading());
    ac.find(name).is_some()
        || [Some(0), first_heading]
            .into_iter()
            .flatten()
            .any(|b| b < doc.blocks.len() && ac.find(doc.text(b)).is_some())
}

/// Finds every contact method in a document.
pub(crate) fn scan(doc: &Document) -> ContactScan {
    let v = &*VOCAB;
    let contact_sections: Vec<usize> = (0..doc.sections.len())
        .filter(|&s| is_contact_heading(&doc.sections[s].title))
        .collect();
    let in_contact_section = |block: usize| {
        let mut cur = doc.blocks[block].section;
        while let Some(s) = cur {
            if contact_sections.contains(&s) {
                return true;
            }
            cur = doc.sections[s].parent;
        }
        false
    };
    let block_invites = |block: usize| {
        let text = doc.text(block);
        invites_contact(text)
            || has_words(&v.url_context, text)
            || text.to_ascii_lowercase().contains("contact")
    };

    let mut methods = Vec::new();
    for idx in v.method_set.matches(&doc.plain).iter() {
        let entry = &v.methods[idx];
        for m in v.method_regexes[idx].find_iter(&doc.plain) {
            let text = m.as_str();
            if entry.kind == MethodKind::Url {
                let Some(block) = doc.block_at(m.start()) else {
                    continue;
                };
                let contact_like =
                    has_url_word(text) || block_invites(block) || in_contact_section(block);
                if !contact_like {
                    continue;
                }
            }
            let mut range = m.range();
            if entry.kind == MethodKind::Email {
                range.end = range.start + trim_run_on(text).len();
            }
            let text = &doc.plain[range.clone()];
            methods.push(Method {
                kind: entry.kind,
                plain: range,
                freemail: entry.kind == MethodKind::Email && is_freemail(text),
                text: text.to_string(),
                from_link: false,
            });
        }
    }

    for link in &doc.links {
        let url = link.url.trim();
        let lower = url.to_ascii_lowercase();
        if lower.starts_with('#') || lower.is_empty() || lower.starts_with("javascript:") {
            continue;
        }
        let Some(block) = block_of_source(doc, link.span.end) else {
            continue;
        };
        let plain = doc.blocks[block].plain.clone();
        if let Some(address) = lower.strip_prefix("mailto:") {
            let address = address.split('?').next().unwrap_or("");
            methods.push(Method {
                kind: MethodKind::Email,
                plain,
                freemail: is_freemail(address),
                text: address.to_string(),
                from_link: true,
            });
            continue;
        }
        let kind = if lower.starts_with("tel:") {
            MethodKind::Phone
        } else {
            let anchor = doc.source.get(link.span.clone()).unwrap_or("");
            let contact_like = has_url_word(url)
                || has_url_word(anchor)
                || block_invites(block)
                || in_contact_section(block);
            if !contact_like {
                continue;
            }
            MethodKind::Url
        };
        methods.push(Method {
            kind,
            plain,
            freemail: false,
            text: url.to_string(),
            from_link: true,
        });
    }
    methods.sort_by_key(|m| (m.plain.start, m.plain.end));
    ContactScan {
        methods,
        contact_sections,
    }
}

/// Scraped text runs words together ("shop@yahoo.comHow do I..."): cut an address where its
/// last label turns from lower to upper case.
fn trim_run_on(address: &str) -> &str {
    let Some(dot) = address.rfind('.') else {
        return address;
    };
    let label = &address[dot + 1..];
    let cut = label
        .as_bytes()
        .windows(2)
        .position(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase());
    match cut {
        Some(p) => &address[..dot + 1 + p + 1],
        None => address,
    }
}

fn has_url_word(text: &str) -> bool {
    VOCAB.url_words.find(text).is_some()
}

/// The block holding a source offset (a link's end), or the block that follows it.
fn block_of_source(doc: &Document, pos: usize) -> Option<usize> {
    let i = doc.blocks.partition_point(|b| b.span.start <= pos);
    if i > 0 && pos <= doc.blocks[i - 1].span.end {
        Some(i - 1)
    } else if i < doc.blocks.len() {
        Some(i)
    } else {
        i.checked_sub(1)
    }
}

/// The plain text a contact section covers, plus a few blocks after it: captured pages flatten
/// heading levels, so the details often sit under the next heading ("Postal address").
fn section_reach(doc: &Document, s: usize) -> Range<usize> {
    let body = doc.sections[s].body.clone();
    let end = (body.end + 6).min(doc.blocks.len());
    doc.plain_range(body.start..end)
}

/// Whether raw source outside the plain text (a Markdown code block, an HTML attribute) holds
/// an e-mail address: `scan` only sees the plain text.
fn source_has_email(doc: &Document, range: Range<usize>) -> bool {
    let v = &*VOCAB;
    doc.format != Format::Text
        && doc.source.get(range).is_some_and(|src| {
            v.methods
                .iter()
                .zip(&v.method_regexes)
                .any(|(m, re)| m.kind == MethodKind::Email && re.is_match(src))
        })
}

/// The first block in `range` that invites contact.
fn first_invitation(doc: &Document, range: Range<usize>) -> Option<usize> {
    range
        .filter(|&b| !doc.blocks[b].is_heading())
        .find(|&b| invites_contact(doc.text(b)))
}

/// The first block of a contact section's body that invites contact or names contacting
/// ("For privacy questions, contact:").
fn section_invitation(doc: &Document, s: usize) -> Option<usize> {
    doc.sections[s]
        .body
        .clone()
        .filter(|&b| !doc.blocks[b].is_heading())
        .find(|&b| {
            let text = doc.text(b);
            invites_contact(text) || text.to_ascii_lowercase().contains("contact")
        })
}

pub struct MissingContactMethod;

impl Rule for MissingContactMethod {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut LintContext<'_>) {
        let found = scan(doc);
        // Contact sections whose own text invites contact (not "Contact information" as a
        // category of data collected, not a navigation line).
        let inviting: Vec<(usize, usize)> = found
            .contact_sections
            .iter()
            .filter_map(|&s| section_invitation(doc, s).map(|b| (s, b)))
            .collect();

        if found.methods.is_empty() {
            if is_privacy_document(doc) && !source_has_email(doc, 0..doc.source.len()) {
                self.report_none(doc, cx, &inviting);
            }
            return;
        }
        if found
            .methods
            .iter()
            .all(|m| m.kind == MethodKind::Email && m.freemail)
        {
            // Point at the address in the contact section if there is one there, else at the
            // first; prefer the address as written over the block holding its link.
            let contact_body = inviting
                .last()
                .map(|&(s, _)| doc.plain_range(doc.sections[s].body.clone()));
            let in_body = |m: &&Method| {
                contact_body
                    .as_ref()
                    .is_some_and(|b| m.plain.start >= b.start && m.plain.start < b.end)
            };
            let pick = found
                .methods
                .iter()
                .filter(in_body)
                .min_by_key(|m| m.from_link)
                .or_else(|| found.methods.iter().min_by_key(|m| m.from_link))
                .expect("at least one method");
            let span = doc.span(pick.plain.clone());
            let address = pick.text.clone();
            cx.report(
                Diagnostic::new(
                    &META,
                    span,
                    format!("the only privacy contact is a personal free-mail address `{address}`"),
                )
                .with_severity(Severity::Info)
                .with_label("personal webmail address")
                .with_note(
                    "a personal mailbox is tied to one person and does not identify the operator; \
                     GDPR Art. 13(1)(a) asks for the controller's contact details",
                )
                .with_help(
                    "use a role address on the service's own domain (e.g. `privacy@yourdomain.com`), \
                     or add a postal address or contact form",
                ),
            );
            return;
        }
        // A contact section without a method, when no contact section has one.
        let strict: Vec<usize> = inviting
            .iter()
            .map(|&(s, _)| s)
            .filter(|&s| first_invitation(doc, doc.sections[s].body.clone()).is_some())
            .collect();
        let any_section_has_one = found
            .contact_sections
            .iter()
            .any(|&s| found.any_in(section_reach(doc, s)));
        if !any_section_has_one {
            for s in strict {
                self.check_section(doc, cx, &found, s);
            }
        }
    }
}

impl MissingContactMethod {
    /// No method anywhere in a document that invites contact.
    fn report_none(&self, doc: &Document, cx: &mut LintContext<'_>, inviting: &[(usize, usize)]) {
        let (span, label) = match inviting.last() {
            Some(&(s, _)) => (
                doc.blocks[doc.sections[s].heading].span.clone(),
                "this contact section gives no e-mail, address, phone number or link",
            ),
            None => {
                let Some(b) = first_invitation(doc, 0..doc.blocks.len()) else {
                    return;
                };
                (
                    doc.blocks[b].span.clone(),
                    "invites contact, but the document gives no way to do so",
                )
            }
        };
        let mut d = Diagnostic::new(
            &META,
            span,
            "no contact method anywhere in the document: no e-mail address, postal address, phone \
             number or contact URL",
        )
        .with_label(label);
        if let Some((block, r)) = (0..doc.blocks.len())
            .find_map(|b| first_words(&VOCAB.vague, doc.text(b)).map(|r| (b, r)))
        {
            let start = doc.blocks[block].plain.start;
            d = d.with_secondary(
                doc.span(start + r.start..start + r.end),
                "names a channel without giving its address or link",
            );
        }
        cx.report(
            d.with_note(
                "GDPR Art. 13(1)(a) requires the controller's contact details; CCPA \
                 §1798.130(a)(1) requires designated methods for submitting requests (at least \
                 an e-mail address for a business that operates only online)",
            )
            .with_help(
                "add a monitored e-mail address (e.g. `privacy@yourdomain.com`), a postal address \
                 or a link to the contact form",
            ),
        );
    }

    /// A contact section that gives no method, in a document that has one elsewhere.
    fn check_section(
        &self,
        doc: &Document,
        cx: &mut LintContext<'_>,
        found: &ContactScan,
        s: usize,
    ) {
        let section = &doc.sections[s];
        if found.any_in(section_reach(doc, s)) || source_has_email(doc, section.span.clone()) {
            return;
        }
        if crate::rules::empty_section::ends_with_dangling_lead_in(doc, s) {
            return;
        }
        let body = doc.plain_range(section.body.clone());
        let body_text = &doc.plain[body];
        // "the contact details above", "set out at the end": the section points elsewhere.
        // "...you can contact:" followed by lines: what follows is the contact, even when it is
        // not recognised (a name and a town); a lead-in followed by nothing is `empty-section`'s.
        // "If you contact us, we collect...": a category of data, not a contact section.
        if has_words(&VOCAB.elsewhere, body_text)
            || body_text.lines().any(|l| l.trim_end().ends_with(':'))
            || body_text.to_ascii_lowercase().contains("collect")
        {
            return;
        }
        // A link in the heading (a table of contents) or in the body (an anchor to the details).
        let span = section.span.clone();
        if doc
            .links
            .iter()
            .any(|l| l.span.start >= span.start && l.span.start < span.end)
        {
            return;
        }
        let elsewhere = &found.methods[0];
        let line = doc.lines.line_of(doc.span(elsewhere.plain.clone()).start) + 1;
        let mut d = Diagnostic::new(
            &META,
            doc.blocks[section.heading].span.clone(),
            format!(
                "contact section `{}` gives no way to contact you",
                doc.text(section.heading)
            ),
        )
        .with_label("no e-mail address, postal address, phone number or link in this section")
        .with_note(format!(
            "a contact method appears elsewhere (`{}`, line {line}); readers look for it here",
            elsewhere.text
        ));
        if let Some(r) = first_words(&VOCAB.vague, body_text) {
            let start = doc.plain_range(section.body.clone()).start;
            d = d.with_secondary(
                doc.span(start + r.start..start + r.end),
                "names a channel without giving its address or link",
            );
        }
        cx.report(d.with_help(
            "repeat the e-mail address, postal address or contact link in this section",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::ExampleReport;

    fn sorted(ids: Vec<&str>) -> bool {
        let mut s = ids.clone();
        s.sort_unstable();
        s.dedup();
        s == ids
    }

    #[test]
    fn vocabulary_examples_hold() {
        let v = &*VOCAB;
        let f = &v.file;
        let mut report = ExampleReport::default();
        report.expect(
            sorted(v.methods.iter().map(|m| m.id.as_str()).collect()),
            || "[[method]] must be sorted by id and unique".into(),
        );
        for (i, m) in v.methods.iter().enumerate() {
            report.expect(!m.matches.is_empty(), || {
                format!("{}: needs `matches`", m.id)
            });
            for ex in &m.matches {
                report.expect(v.method_regexes[i].is_match(ex), || {
                    format!("{}: should match {ex:?}", m.id)
                });
            }
            for ex in &m.ignores {
                report.expect(!v.method_regexes[i].is_match(ex), || {
                    format!("{}: should not match {ex:?}", m.id)
                });
            }
        }
        for h in &f.heading {
            let re = Regex::new(&h.regex).unwrap();
            for ex in &h.matches {
                report.expect(re.is_match(ex), || {
                    format!("heading {}: should match {ex:?}", h.id)
                });
            }
            for ex in &h.ignores {
                report.expect(!re.is_match(ex), || {
                    format!("heading {}: should not match {ex:?}", h.id)
                });
            }
        }
        for (name, list, ac) in [
            ("invitation", &f.invitation, &v.invitations),
            ("elsewhere", &f.elsewhere, &v.elsewhere),
            ("url_word", &f.url_word, &v.url_words),
            ("privacy_title", &f.privacy_title, &v.privacy_titles),
            ("url_context", &f.url_context, &v.url_context),
            ("vague", &f.vague, &v.vague),
        ] {
            report.expect(sorted(list.iter().map(|p| p.id.as_str()).collect()), || {
                format!("[[{name}]] must be sorted by id and unique")
            });
            for p in list.iter() {
                for ex in &p.matches {
                    let ok = if name == "url_word" || name == "privacy_title" {
                        ac.find(ex.as_str()).is_some()
                    } else {
                        has_words(ac, ex)
                    };
                    report.expect(ok, || format!("{name} {}: should match {ex:?}", p.id));
                }
            }
        }
        report.expect(
            sorted(f.freemail.iter().map(|p| p.id.as_str()).collect()),
            || "[[freemail]] must be sorted by id and unique".into(),
        );
        for fm in &f.freemail {
            for ex in &fm.matches {
                report.expect(is_freemail(ex), || {
                    format!("freemail {}: should match {ex:?}", fm.id)
                });
            }
        }
        report.expect(!is_freemail("privacy@pixeltrack.io"), || {
            "a company domain is not free-mail".into()
        });
        report.expect(!is_freemail("a@notgmail.com"), || {
            "notgmail.com is not gmail".into()
        });
        report.expect(trim_run_on("shop@yahoo.comHow") == "shop@yahoo.com", || {
            "run-on text after an address is cut".into()
        });
        report.assert_ok("contact.toml");
    }
}
