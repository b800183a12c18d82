//! `undeclared-processor` (D001): a third-party service named in the text but missing from the
//! policy's third-party disclosure.
//!
//! This module also holds what both disclosure rules share: the processor catalogue
//! (`rules/processors.toml`, compiled into one Aho-Corasick automaton) and the detection of the
//! policy's third-party disclosure (sections, tables of services, introduced lists).

use std::collections::HashSet;

use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::model::parties::*;
use crate::model::Model;
use crate::rule::{LintContext, Rule, RuleMeta};

crate::declare_rule! {
    /// ## What it does
    /// Finds third-party services (payment processors, analytics, sign-in providers, e-mail
    /// delivery, hosting, AI APIs, ...) that the policy names somewhere in its text but leaves
    /// out of its own third-party disclosure: the section on sharing, third parties, service
    /// providers or sub-processors, a table of services, or a list introduced by "we share your
    /// data with the following".
    ///
    /// Names are matched against a catalogue of over 600 services and compared by company:
    /// "Google OAuth" is disclosed by "Google" or "Google Analytics", "OpenAI Whisper" by
    /// "OpenAI". Open-source libraries that run inside the product (NextAuth, bcrypt, Passport,
    /// Devise), browsers, operating systems and app stores are not third parties and are never
    /// reported. Words that are also ordinary English ("Clerk", "Crisp", "Square", "Segment") only
    /// count when capitalised and used in a matching context. A policy's own company (named in
    /// its title or as "we") is not a third party. Each company is reported once, at its first
    /// mention. Policies without a third-party disclosure are not checked.
    ///
    /// ## Why is this bad?
    /// A list of providers tells readers who receives their data. When the list names some
    /// providers and the text mentions another that is not on it, the list is incomplete and
    /// misleading. GDPR Art. 13(1)(e) requires the recipients or categories of recipients and
    /// CCPA §1798.110 the categories of third parties; naming them is the regulators' preferred
    /// practice and some regimes (COPPA's 2025 amendments, Oregon's right to a list of specific
    /// third parties) go further.
    ///
    /// ## Example
    /// ```text
    /// 2. Information We Collect
    /// We collect your name and e-mail address when you sign in (via Google OAuth).
    ///
    /// 4. Data Sharing
    /// We share data only with these service providers:
    ///   • Stripe: payment processing
    ///   • Resend: transactional e-mail
    /// ```
    /// Google receives sign-in data but is not among the providers in "4. Data Sharing".
    ///
    /// ## How to fix
    /// Add the provider to the disclosure, with what it does and what data it receives. If the
    /// provider is disclosed elsewhere (for example on a sub-processor page), declare it in
    /// `policylint.toml` with `processors = ["Google"]` or a `processors-file`.
    ///
    /// ## Configuration
    /// `processors` and `processors-file` list providers disclosed outside the policy; any name
    /// of the same company counts.
    pub static META = {
        code: "D001",
        name: "undeclared-processor",
        category: Disclosure,
        severity: Warning,
        summary: "a third-party service is named but not in the third-party disclosure",
    }
}

// ------------------------------------------------------------------------------------------
// The rule

pub struct UndeclaredProcessor;

impl Rule for UndeclaredProcessor {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, model: &Model<'_>, cx: &mut LintContext<'_>) {
        if !model.is_privacy_or_cookie_policy() {
            return;
        }
        let cat = &*CATALOGUE;
        let parties = model.parties();
        let hits = &parties.hits;
        if !hits.iter().any(|h| h.processor().is_some()) {
            return;
        }
        let disclosure = &parties.disclosure;
        let Some(anchor) = disclosure.anchor.clone() else {
            return;
        };
        let mut declared: HashSet<String> = HashSet::new();
        for h in hits {
            if let Some(p) = h.processor() {
                if disclosure.contains(h.range.start) {
                    declared.insert(cat.company_key(p));
                }
            }
        }
        for link in &doc.links {
            let Some(p) = cat.processor_for_url(&link.url) else {
                continue;
            };
            let in_region = disclosure.regions.iter().any(|r| {
                let src = doc.span(r.clone());
                src.start <= link.span.start && link.span.start < src.end
            });
            if in_region {
                declared.insert(cat.company_key(p));
            }
        }
        for name in &cx.settings.processors {
            for p in cat.resolve_name(name) {
                declared.insert(cat.company_key(p));
            }
        }
        let own = &parties.operator;
        let mut reported: HashSet<String> = HashSet::new();
        for h in hits {
            let Some(p) = h.processor() else { continue };
            let company = cat.company_key(p);
            if declared.contains(&company) || reported.contains(&company) {
                continue;
            }
            if disclosure.contains(h.range.start) || is_own(&cat.processors[p], own) {
                continue;
            }
            let Some(bi) = doc.block_at(h.range.start) else {
                continue;
            };
            if !cat.is_mention(&doc.plain, doc.blocks[bi].plain.clone(), h)
                || is_link_item(doc, bi, h)
            {
                continue;
            }
            reported.insert(company);
            let proc = &cat.processors[p];
            let name = &doc.plain[h.range.clone()];
            let who = if token_key(name) == token_key(&proc.company) {
                format!("`{name}`")
            } else {
                format!("`{name}` ({})", proc.company)
            };
            let heading = doc
                .blocks
                .iter()
                .find(|b| b.span == anchor)
                .map(|b| doc.plain[b.plain.clone()].trim().to_string())
                .unwrap_or_default();
            let place = if heading.is_empty() || heading.len() > 80 {
                "the third-party disclosure".to_string()
            } else {
                format!("`{heading}`")
            };
            cx.report(
                Diagnostic::new(
                    &META,
                    doc.span(h.range.clone()),
                    format!("{who} is named here but not in the third-party disclosure"),
                )
                .with_label(format!("{} service not listed as a recipient", category_label(&proc.category)))
                .with_secondary(anchor.clone(), "third-party disclosure is here")
                .with_note("GDPR Art. 13(1)(e) requires the recipients or categories of recipients, and CCPA §1798.110 the categories of third parties; a list that names some providers but leaves this one out tells readers it does not receive their data")
                .with_help(format!(
                    "add {} to {place} with what it does and the data it receives, or declare it in `processors` in policylint.toml if it is disclosed elsewhere",
                    proc.company
                )),
            );
        }
    }
}

fn category_label(category: &str) -> &str {
    match category {
        "payments" => "payment",
        "analytics" | "product-analytics" => "analytics",
        "session-replay" => "session-recording",
        "attribution" => "attribution",
        "error-monitoring" => "error-monitoring",
        "observability" => "monitoring",
        "auth" => "sign-in",
        "identity-verification" => "identity-verification",
        "email" => "e-mail",
        "marketing-automation" => "marketing",
        "support" => "support",
        "crm" => "CRM",
        "productivity" => "productivity",
        "hosting" | "cloud" => "hosting",
        "cdn" => "CDN",
        "database" => "database",
        "storage" => "storage",
        "search" => "search",
        "ai" => "AI",
        "speech" => "speech",
        "advertising" => "advertising",
        "affiliate" => "affiliate",
        "data-broker" => "data",
        "social" => "social",
        "communication" => "communication",
        "video" => "video",
        "maps" => "maps",
        "feature-flags" => "feature-flag",
        "ab-testing" => "testing",
        "push" => "push",
        "sms" => "SMS",
        "consent" => "consent",
        "tag-management" => "tag",
        "cdp" => "customer-data",
        "security" => "security",
        "fraud" => "fraud-screening",
        "fonts" => "font",
        "forms" => "forms",
        "scheduling" => "scheduling",
        "ecommerce" => "e-commerce",
        "e-signature" => "e-signature",
        "hr" => "HR",
        "accounting" => "accounting",
        "shipping" => "shipping",
        "reviews" => "reviews",
        "comments" => "comments",
        "media" => "media",
        "developer" => "developer",
        _ => "third-party",
    }
}
