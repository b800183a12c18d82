//! `unnamed-third-parties` (D002): the policy shares data with third parties, processors or
//! service providers but names none of them and points to no list.

use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::Diagnostic;
use crate::document::{BlockKind, Document};
use crate::model::Model;
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
    /// Reported as `info` by default, a note to check rather than a failure: an independent reading of a random sample of its findings on 4,500 real policies judged 30 of 33 decided findings true (91%): recipients named outside the catalogue and sentences about links or the operator's own mailings make the rest. Raise it
    /// with `[severity]` in `policylint.toml` when it suits your documents.
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
        severity: Info,
        summary: "data is shared with third parties that are never named",
    }
}

/// A company name with a legal-form suffix: "Number X Europe OÜ", "Acme Hosting Ltd".
static CORPORATE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)[A-Z][\w&.'-]*(?:\ [A-Z][\w&.'-]*){0,4},?\ (?:Inc|LLC|L\.L\.C|Ltd|Limited|GmbH|OÜ|B\.V|N\.V|S\.A|SAS|AB|AG|Pty|Corp|Corporation|S\.r\.l|plc|PLC|Oy|ApS)(?-u:\b)",
    )
    .expect("corporate name regex")
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

pub struct UnnamedThirdParties;

impl Rule for UnnamedThirdParties {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, model: &Model<'_>, cx: &mut LintContext<'_>) {
        if !cx.settings.processors.is_empty() {
            return;
        }
        let parties = model.parties();
        if parties.hits.iter().any(|h| h.processor().is_some()) {
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
        if !model.is_privacy_or_cookie_policy() {
            return;
        }
        let disclosure = &parties.disclosure;
        // A company name under a sharing heading ("our merchant of record, Number X Europe OÜ")
        // names a recipient the catalogue does not know.
        for &si in &disclosure.primary_sections {
            let s = &doc.sections[si];
            let range = doc.plain_range(s.body.clone());
            if CORPORATE_NAME.is_match(&doc.plain[range]) {
                return;
            }
        }
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
        // The first sentence that shares data, in the sharing section if one has it.
        let statements = model.sharing_statements();
        let shares = |in_primary: bool| {
            statements
                .iter()
                .filter(|st| st.sharing.shares())
                .find(|st| in_primary == primary_blocks.contains(&st.block))
                .map(|st| st.range.clone())
        };
        let found = shares(true).or_else(|| shares(false));
        let Some(sentence) = found else { return };
        cx.report(
            Diagnostic::new(
                &META,
                doc.span(sentence),
                "personal data is shared with third parties, but none is named",
            )
            .with_label("recipients described only by category")
            .with_note("GDPR Art. 13(1)(e) accepts categories of recipients, but transparency guidance treats named recipients as the default; COPPA's 2025 amendments require the identities or specific categories of third parties, and Oregon gives consumers a right to a list of the specific third parties")
            .with_help("name the providers and what each does, or link to a maintained list of sub-processors"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
