//! `unnamed-third-parties` (D002): the policy shares data with third parties, processors or
//! service providers but names none of them and points to no list.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::undeclared_processor::{find_disclosure, is_privacy_document, CATALOGUE};
use crate::diagnostic::Diagnostic;
use crate::document::{BlockKind, Document};
use crate::rule::{LintContext, Rule, RuleMeta};

crate::declare_rule! {
    /// ## What it does
    /// Finds policies that say personal data is shared with third parties, processors or
    /// service providers, but never name one and do not point to a list of them (a
    /// sub-processor page, a "list of our service providers", a link to such a list).
    /// Describing providers only by category ("hosting, payments and AI providers") is what it
    /// reports. Statements that data is *not* shared are ignored, and a policy that names any
    /// service from the catalogue used by `undeclared-processor` is not reported.
    ///
    /// ## Why is this bad?
    /// Readers cannot tell who receives their data or look up those companies' own policies.
    /// GDPR Art. 13(1)(e) allows "recipients or categories of recipients", but regulators'
    /// transparency guidance treats named recipients as the default and expects categories to be
    /// specific; COPPA (as amended in 2025) requires the identities or specific categories of
    /// third parties receiving children's data, and Oregon gives consumers a right to a list of
    /// the specific third parties. A link to a maintained sub-processor list is the usual way to
    /// meet all of these.
    ///
    /// ## Example
    /// ```text
    /// 6. Third-Party Processors
    /// We use third-party infrastructure and API providers to operate the service
    /// (for example: hosting, auth/database, AI providers, and payments).
    /// ```
    ///
    /// ## How to fix
    /// Name the providers (with what each does), or link to a page listing your
    /// sub-processors. If the list is published elsewhere, declare it in `policylint.toml`
    /// with `processors = [...]` or `processors-file`.
    pub static META = {
        code: "D002",
        name: "unnamed-third-parties",
        category: Disclosure,
        severity: Warning,
        summary: "data is shared with third parties that are never named",
    }
}

/// A sentence saying data goes to third parties / service providers / processors.
static SHARING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        (?-u:\b)(?:share[sd]?|sharing|disclose[sd]?|disclosing|transfer(?:s|red|ring)?|pass(?:es|ed)?\ (?:on\ )?(?:\w+\ ){0,3}to
          |sell|sells|sold|rent|provide[sd]?\ (?:\w+\ ){0,3}to|send|sends|sent|make\ (?:\w+\ ){0,3}available|made\ (?:\w+\ ){0,3}available
          |use[sd]?|using|engage[sd]?|employ(?:s|ed)?|rely\ on|relies\ on|work(?:s)?\ with|partner(?:s)?\ with|hire[sd]?|retain(?:s|ed)?|utili[sz]e[sd]?
          |processed\ by|handled\ by|stored\ by|hosted\ by)(?-u:\b)
        [^.;!?]{0,160}?
        (?-u:\b)(?:third[-\ ]part(?:y|ies)(?:\ (?:service\ )?(?:providers?|processors?|vendors?|companies|partners|services|tools|infrastructure))?
          |(?:service|infrastructure|api|cloud|hosting|payment|technology|analytics|ai)\ providers?
          |(?:sub-?)?processors|data\ processors?|vendors|contractors|suppliers|service\ providers?)(?-u:\b)",
    )
    .expect("sharing regex")
});

static NEGATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:not|never|no|neither|nor)(?-u:\b)|n't").expect("negation regex")
});

static EXCEPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:except|other than|unless|apart from|besides|only with|only to|save)(?-u:\b)|, but(?-u:\b)")
        .expect("exception regex")
});

/// Statements about something other than sharing our users' data with recipients.
static OFF_TOPIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:links?\ to|linked|third[- ]party (?:web)?sites?|third[- ]party websites?|internet service provider|mobile service provider|wireless (?:service )?provider|(?:your|their) (?:own )?(?:service )?provider|not responsible)(?-u:\b)",
    )
    .expect("off-topic regex")
});

/// Text pointing to a list of recipients.
static LIST_REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        (?-u:\b)(?:list|lists|overview|directory|register|names?|identit(?:y|ies)|details)\ of\ (?:(?:our|the|all|current|such|these|those|any)\ )*
          (?:(?:third[-\ ]party|external)\ )?(?:sub-?processors|processors|service\ providers|providers|vendors|partners|recipients|third[-\ ]parties|companies)
        |(?-u:\b)sub-?processors?\ (?:list|page)
        |(?-u:\b)(?:sub-?processors|service\ providers|vendors|recipients|third[-\ ]parties)\ (?:are\ )?(?:listed|named|identified)
        |(?-u:\b)(?:available|provided|obtain(?:ed)?|request)\ (?:\w+\ ){0,2}(?:upon|on)\ request",
    )
    .expect("list reference regex")
});

const LINK_WORDS: &[&str] = &[
    "subprocessor",
    "sub-processor",
    "sub_processor",
    "vendors",
    "third-part",
    "thirdpart",
    "third_part",
    "service-providers",
    "serviceproviders",
    "processors",
    "partners",
];

/// Splits a block's plain range into sentences.
fn sentences(text: &str, block: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let s = &text[block.clone()];
    let mut start = 0;
    let bytes = s.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if matches!(b, b'.' | b'!' | b'?')
            && bytes.get(i + 1).is_none_or(|c| c.is_ascii_whitespace())
            && !s[..i].ends_with("e.g")
            && !s[..i].ends_with("i.e")
            && !s[..i].ends_with("etc")
        {
            out.push(block.start + start..block.start + i + 1);
            start = i + 1;
        }
    }
    if start < s.len() {
        out.push(block.start + start..block.end);
    }
    out.into_iter()
        .map(|r| {
            let t = &text[r.clone()];
            let lead = t.len() - t.trim_start().len();
            let trail = t.len() - t.trim_end().len();
            r.start + lead..r.end - trail
        })
        .filter(|r| !r.is_empty())
        .collect()
}

/// Whether a sentence states that data goes to third parties (not a negation).
fn is_sharing_statement(sentence: &str) -> bool {
    let Some(m) = SHARING.find(sentence) else {
        return false;
    };
    if OFF_TOPIC.is_match(sentence) {
        return false;
    }
    let before = &sentence[..m.start()];
    let negated = NEGATED.is_match(before) || NEGATED.is_match(m.as_str());
    !negated || EXCEPTION.is_match(sentence)
}

pub struct UnnamedThirdParties;

impl Rule for UnnamedThirdParties {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut LintContext<'_>) {
        if !cx.settings.processors.is_empty() {
            return;
        }
        let cat = &*CATALOGUE;
        let hits = cat.scan(&doc.plain);
        if hits.iter().any(|h| h.processor().is_some()) {
            return;
        }
        if LIST_REFERENCE.is_match(&doc.plain) {
            return;
        }
        if doc.links.iter().any(|l| {
            let u = l.url.to_ascii_lowercase();
            LINK_WORDS.iter().any(|w| u.contains(w))
        }) {
            return;
        }
        let privacy = is_privacy_document(doc);
        if !privacy {
            let lower = doc.plain.to_lowercase();
            if ["privacy policy", "privacy notice", "privacy statement"]
                .iter()
                .any(|k| lower.contains(k))
            {
                return;
            }
        }
        let disclosure = find_disclosure(doc, &hits);
        // A table under a sharing heading lists recipients the catalogue does not know.
        let mut primary_blocks: Vec<usize> = Vec::new();
        for &si in &disclosure.primary_sections {
            let s = &doc.sections[si];
            let body = s.body.clone();
            if body
                .clone()
                .any(|b| doc.blocks[b].kind == BlockKind::TableRow)
            {
                return;
            }
            primary_blocks.extend(body);
        }
        let search = |blocks: &mut dyn Iterator<Item = usize>| -> Option<Range<usize>> {
            for b in blocks {
                if doc.blocks[b].is_heading() {
                    continue;
                }
                for s in sentences(&doc.plain, doc.blocks[b].plain.clone()) {
                    if is_sharing_statement(&doc.plain[s.clone()]) {
                        return Some(s);
                    }
                }
            }
            None
        };
        let found = search(&mut primary_blocks.iter().copied())
            .or_else(|| search(&mut (0..doc.blocks.len())));
        let Some(sentence) = found else { return };
        cx.report(
            Diagnostic::new(
                &META,
                doc.span(sentence),
                "personal data is shared with third parties, but none is named",
            )
            .with_label("recipients described only by category")
            .with_note("GDPR Art. 13(1)(e) accepts categories of recipients, but transparency guidance treats named recipients as the default; COPPA (2025 amendments) and Oregon's right to a list of specific third parties require more than a category")
            .with_help("name the providers and what each does, or link to a maintained list of sub-processors"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sharing_statements() {
        for s in [
            "We use third-party infrastructure and API providers to operate the service (for example: hosting, auth/database, AI providers, and payments).",
            "We may share your information with third-party service providers who perform services on our behalf.",
            "We do not sell your data, but we share it with service providers.",
            "Your data is processed by our hosting provider.",
            "We disclose personal information to vendors that help us run the site.",
        ] {
            assert!(is_sharing_statement(s), "{s}");
        }
        for s in [
            "We do not share your personal information with third parties.",
            "We will never sell or rent your data to third parties.",
            "Our site may contain links to third-party websites.",
            "We are not responsible for the practices of third parties.",
            "Contact your mobile service provider for details.",
        ] {
            assert!(!is_sharing_statement(s), "{s}");
        }
    }

    #[test]
    fn list_references() {
        for s in [
            "A list of our sub-processors is available on our website.",
            "See our sub-processor list.",
            "The names of these third parties are available upon request.",
            "Our service providers are listed at example.org/vendors.",
        ] {
            assert!(LIST_REFERENCE.is_match(s), "{s}");
        }
        assert!(!LIST_REFERENCE.is_match("We share data with service providers."));
    }
}
