//! Contact channels: e-mail addresses, postal addresses, phone numbers and contact URLs, and
//! the sections that invite contact (`rules/contact.toml`).

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::{Regex, RegexSet, RegexSetBuilder};
use serde::Deserialize;

use crate::document::{normalize_heading, Document, Format};
use crate::vocab::PhraseEntry;
use crate::vocab::RegexEntry;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ContactFile {
    pub(crate) method: Vec<MethodEntry>,
    pub(crate) authority: Vec<PhraseEntry>,
    pub(crate) elsewhere: Vec<PhraseEntry>,
    pub(crate) heading: Vec<RegexEntry>,
    pub(crate) invitation: Vec<PhraseEntry>,
    pub(crate) url_context: Vec<PhraseEntry>,
    pub(crate) url_word: Vec<PhraseEntry>,
    pub(crate) vague: Vec<PhraseEntry>,
    pub(crate) freemail: Vec<FreemailEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MethodEntry {
    pub(crate) id: String,
    pub(crate) kind: MethodKind,
    pub(crate) regex: String,
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) matches: Vec<String>,
    #[serde(default)]
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) ignores: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FreemailEntry {
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) id: String,
    pub(crate) domain: String,
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) matches: Vec<String>,
}

/// What kind of contact method a match is.
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum MethodKind {
    Email,
    Phone,
    Address,
    Url,
    Channel,
}

pub(crate) struct Vocabulary {
    pub(crate) methods: Vec<MethodEntry>,
    /// Compiled on first use: the set says which methods occur at all.
    pub(crate) method_regexes: Vec<crate::vocab::LazyRegex>,
    pub(crate) method_set: RegexSet,
    pub(crate) heading: Regex,
    /// Words of a passage about a data protection authority.
    pub(crate) authority: AhoCorasick,
    pub(crate) elsewhere: AhoCorasick,
    pub(crate) invitations: AhoCorasick,
    pub(crate) url_context: AhoCorasick,
    pub(crate) url_words: AhoCorasick,
    pub(crate) vague: AhoCorasick,
    pub(crate) freemail: Vec<String>,
    #[cfg(test)]
    pub(crate) file: ContactFileExamples,
}

#[cfg(test)]
pub(crate) struct ContactFileExamples {
    pub(crate) authority: Vec<PhraseEntry>,
    pub(crate) elsewhere: Vec<PhraseEntry>,
    pub(crate) heading: Vec<RegexEntry>,
    pub(crate) invitation: Vec<PhraseEntry>,
    pub(crate) url_context: Vec<PhraseEntry>,
    pub(crate) url_word: Vec<PhraseEntry>,
    pub(crate) vague: Vec<PhraseEntry>,
    pub(crate) freemail: Vec<FreemailEntry>,
}

pub(crate) static DATA: &str = include_str!("../../rules/contact.toml");

pub(crate) fn phrases(entries: &[PhraseEntry]) -> AhoCorasick {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(entries.iter().map(|e| e.text.as_str()))
        .expect("contact phrase automaton")
}

pub(crate) static VOCAB: LazyLock<Vocabulary> = LazyLock::new(|| {
    let file: ContactFile = crate::vocab::load("contact.toml", DATA);
    let method_regexes = file
        .method
        .iter()
        .map(|m| {
            crate::vocab::LazyRegex::new(&m.regex)
                .unwrap_or_else(|e| panic!("rules/contact.toml: {}: {e}", m.id))
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
        authority: phrases(&file.authority),
        elsewhere: phrases(&file.elsewhere),
        invitations: phrases(&file.invitation),
        url_context: phrases(&file.url_context),
        url_words: phrases(&file.url_word),
        vague: phrases(&file.vague),
        freemail: file.freemail.iter().map(|f| f.domain.clone()).collect(),
        methods: file.method,
        #[cfg(test)]
        file: ContactFileExamples {
            authority: file.authority,
            elsewhere: file.elsewhere,
            heading: file.heading,
            invitation: file.invitation,
            url_context: file.url_context,
            url_word: file.url_word,
            vague: file.vague,
            freemail: file.freemail,
        },
    }
});

/// Whether `ac` finds a phrase in `text` as whole words.
pub(crate) fn has_words(ac: &AhoCorasick, text: &str) -> bool {
    first_words(ac, text).is_some()
}

/// The first whole-word match of `ac` in `text`.
pub(crate) fn first_words(ac: &AhoCorasick, text: &str) -> Option<Range<usize>> {
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
pub(crate) fn is_freemail(address: &str) -> bool {
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
pub struct Method {
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
pub struct ContactScan {
    /// Sorted by position.
    pub methods: Vec<Method>,
    /// Sections whose heading names a contact section.
    pub contact_sections: Vec<usize>,
    /// Template fields standing where a contact would be ("[Your Company Email]"):
    /// `placeholder-text` reports them.
    pub template_fields: Vec<Range<usize>>,
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
    let mut template_fields = Vec::new();
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
            // A template field is no way to reach anyone ("[TON EMAIL ICI]"), and the
            // regulator's address or phone number is not the business's.
            if is_template_field(text) {
                template_fields.push(range);
                continue;
            }
            if matches!(entry.kind, MethodKind::Address | MethodKind::Phone)
                && doc
                    .block_at(range.start)
                    .is_some_and(|b| has_words(&v.authority, doc.text(b)))
            {
                continue;
            }
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
        if is_template_field(url) {
            continue;
        }
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
    // Two patterns may read one channel ("call 1300 937 782" and "1300 937 782."): keep the
    // first reading of overlapping ones of a kind (links are kept: a finding prefers the
    // address as written over its link).
    methods.dedup_by(|later, earlier| {
        later.kind == earlier.kind
            && !later.from_link
            && !earlier.from_link
            && later.plain.start < earlier.plain.end
    });
    ContactScan {
        methods,
        contact_sections,
        template_fields,
    }
}

/// A template field left in place of a contact ("[TON EMAIL ICI]", "{{ support_email }}",
/// "mailto:[email]").
fn is_template_field(text: &str) -> bool {
    (text.contains('[') && text.contains(']')) || text.contains("{{") || text.contains("%{")
}

/// Scraped text runs words together ("shop@yahoo.comHow do I..."): cut an address where its
/// last label turns from lower to upper case.
pub(crate) fn trim_run_on(address: &str) -> &str {
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

pub(crate) fn has_url_word(text: &str) -> bool {
    VOCAB.url_words.find(text).is_some()
}

/// The block holding a source offset (a link's end), or the block that follows it.
pub(crate) fn block_of_source(doc: &Document, pos: usize) -> Option<usize> {
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
pub(crate) fn section_reach(doc: &Document, s: usize) -> Range<usize> {
    let body = doc.sections[s].body.clone();
    let end = (body.end + 6).min(doc.blocks.len());
    doc.plain_range(body.start..end)
}

/// Whether raw source outside the plain text (a Markdown code block, an HTML attribute) holds
/// an e-mail address: `scan` only sees the plain text.
pub(crate) fn source_has_email(doc: &Document, range: Range<usize>) -> bool {
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
pub(crate) fn first_invitation(doc: &Document, range: Range<usize>) -> Option<usize> {
    range
        .filter(|&b| !doc.blocks[b].is_heading())
        .find(|&b| invites_contact(doc.text(b)))
}

/// The first block of a contact section's body that invites contact or names contacting
/// ("For privacy questions, contact:").
pub(crate) fn section_invitation(doc: &Document, s: usize) -> Option<usize> {
    doc.sections[s]
        .body
        .clone()
        .filter(|&b| !doc.blocks[b].is_heading())
        .find(|&b| {
            let text = doc.text(b);
            invites_contact(text) || text.to_ascii_lowercase().contains("contact")
        })
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
            ("authority", &f.authority, &v.authority),
            ("elsewhere", &f.elsewhere, &v.elsewhere),
            ("url_word", &f.url_word, &v.url_words),
            ("url_context", &f.url_context, &v.url_context),
            ("vague", &f.vague, &v.vague),
        ] {
            report.expect(sorted(list.iter().map(|p| p.id.as_str()).collect()), || {
                format!("[[{name}]] must be sorted by id and unique")
            });
            for p in list.iter() {
                for ex in &p.matches {
                    let ok = if name == "url_word" {
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
