//! `missing-section` (S001): a section concept a privacy policy needs is not covered anywhere.
//!
//! The concepts, their heading synonyms and content cues, and the profiles that require them
//! live in `rules/sections.toml`. A concept is covered by a matching heading anywhere in the
//! tree, by enough content cues in one block, or by a statement that it does not apply.

use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::model::concepts::*;
use crate::model::Model;
use crate::rule::{LintContext, Rule, RuleMeta};

crate::declare_rule! {
    /// ## What it does
    /// Checks that a privacy policy covers the topics readers and regulators look for. With
    /// no configuration the `core` profile applies: contact details, the data collected, how
    /// it is used, sharing with third parties, retention, security, users' rights, children,
    /// changes to the policy, and an effective or last-updated date. Each jurisdiction in
    /// `jurisdictions` adds the elements its law requires (for example `gdpr` adds the
    /// controller's identity, the legal basis, international transfers, withdrawing consent and
    /// the right to complain to a supervisory authority), and the finding cites the provision.
    ///
    /// A topic counts as covered by a heading that names it anywhere in the document
    /// (subsections and bold pseudo-headings included), by a passage that clearly deals with it
    /// even without a heading ("we do not knowingly collect data from children under 13"), or
    /// by a statement that it does not apply ("we do not transfer data outside the EEA", "we do
    /// not sell personal information", "we do not use cookies").
    ///
    /// Only privacy policies are checked. The kind of document is decided from its title or
    /// first heading, then its file name, then its content: terms of service, cookie policies
    /// and other documents are left alone, and so is a notice that says near its top that it
    /// supplements another privacy policy ("This Stadia notice and the Google Privacy Policy
    /// describe...", "a Privacy Supplement"): the main policy covers the topics for it.
    /// The effective-date topic is covered by the document's own date line wherever it
    /// stands (the one `stale-date` reads).
    ///
    /// Reported as `info` by default, a note to check rather than a failure: independent readings of random samples of its findings on 4,500 real policies judged 40 of 50 and then 42 of 56 decided findings true (75-80%): pages that are not policies but carry a privacy title, and topics covered by reference to another notice, make the rest. Raise it
    /// with `[severity]` in `policylint.toml` when it suits your documents.
    ///
    /// ## Why is this bad?
    /// A policy that never mentions retention or children leaves readers guessing and is
    /// usually non-compliant: GDPR Art. 13 lists the information a privacy notice must give
    /// (retention period, rights, complaint to an authority...), CalOPPA §22575(b) requires an
    /// effective date and how changes are notified, and the CCPA requires the categories of
    /// personal information, the consumer's rights and how to exercise them.
    ///
    /// ## Example
    /// ```text
    /// Privacy Policy
    /// Last updated: March 9, 2026
    /// 1. Information We Collect
    /// ...
    /// 7. Data Retention
    /// ...
    /// 11. Contact
    /// ```
    /// Nothing in the document mentions children or a minimum age, so the rule reports
    /// `no section on children's privacy`.
    ///
    /// ## How to fix
    /// Add the section named in the message; the help lists headings that satisfy the rule.
    /// If the topic does not apply, say so in one sentence ("Our service is not directed to
    /// children under 13"): that covers it too.
    ///
    /// ## Configuration
    /// `jurisdictions = ["gdpr", "ccpa"]` in `policylint.toml` (or `--jurisdictions gdpr,ccpa`)
    /// adds those regimes' elements to the `core` profile. Known profiles: `core`, `gdpr`,
    /// `uk-gdpr`, `ccpa`, `caloppa`, `coppa`, `lgpd`, `pipeda`.
    ///
    /// ## References
    /// GDPR Art. 13 and 14; CCPA §1798.130(a)(5) and 11 CCR §7011; CalOPPA (Cal. Bus. & Prof.
    /// Code §22575(b)); COPPA (16 CFR 312.4(d)); LGPD Art. 9 and 41; PIPEDA Schedule 1, 4.8.2.
    pub static META = {
        code: "S001",
        name: "missing-section",
        category: Structure,
        severity: Info,
        summary: "a section a privacy policy needs is missing",
    }
}

// ----- the rule -----------------------------------------------------------------------------

/// "`A`, `B` or `C`".
fn or_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("`{s}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

pub struct MissingSection;

impl Rule for MissingSection {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, model: &Model<'_>, cx: &mut LintContext<'_>) {
        let v = &*VOCAB;
        // A supplement to another privacy policy leaves most topics to it.
        if !model.is_privacy_policy() || model.kind().supplement.is_some() {
            return;
        }
        let title = model.kind().title;
        let mut analysis = model.concepts().clone();
        if let Some(t) = title {
            analysis.below_title(t);
        }
        let span = match title {
            Some(b) if doc.blocks[b].is_heading() => doc.blocks[b].span.clone(),
            _ => doc.title_span(),
        };
        for (c, cites) in required(&cx.settings.jurisdictions) {
            let concept = &v.concepts[c];
            if analysis.coverage[c] != Coverage::Missing || !analysis.triggered[c] {
                continue;
            }
            let message = concept
                .message
                .clone()
                .unwrap_or_else(|| format!("no section on {}", concept.topic));
            let mut d = Diagnostic::new(&META, span.clone(), message)
                .with_label(concept.missing.clone())
                .with_concept(concept.id.clone());
            if cites.is_empty() {
                if let Some(why) = &concept.why {
                    d = d.with_note(why.clone());
                }
            }
            for cite in cites {
                d = d.with_note(cite);
            }
            let suggest = or_list(&concept.suggest);
            let help = if concept.line {
                format!(
                    "add a line such as {suggest} near the top, {}",
                    concept.content
                )
            } else if concept.may_not_apply {
                format!(
                    "add a section such as {suggest} and in it {}; if this does not apply to your service, say so in one sentence",
                    concept.content
                )
            } else {
                format!(
                    "add a section such as {suggest} and in it {}",
                    concept.content
                )
            };
            cx.report(d.with_help(help));
        }
    }
}
