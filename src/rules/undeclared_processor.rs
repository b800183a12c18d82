//! `undeclared-processor` (D001): a third-party service named in the text, or used by the
//! repository's code, but missing from the policy's third-party disclosure. The catalogue, the
//! disclosure and what a repository's policies name are in the model (`crate::model::parties`).

use std::collections::HashSet;

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::model::parties::*;
use crate::model::Model;
use crate::rule::{LintContext, Repository, Rule, RuleMeta};
use crate::settings::Settings;

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
    /// its title or as "we") is not a third party. Nor is a company the sentence gives another
    /// role (`policylint inspect` shows it): a sign-in or import source ("sign in with
    /// Google", "import your files from Dropbox"), the user's own account ("your Spotify
    /// account"), a data field ("PayPal account"), a credit ("based on Automattic's policy"),
    /// the operator's own channel ("follow us on Instagram"), or a company said not to receive
    /// data ("we do not share any data with OpenAI"). Each company is reported once, at its
    /// first mention as a recipient. Policies without a third-party disclosure are not checked,
    /// nor terms of service and other legal texts, which name services for other reasons
    /// (payment clauses, app-store terms): only privacy and cookie policies are read.
    ///
    /// Findings from the text alone are notes (severity `info`): an independent reading of a
    /// random sample of them on 4,500 real policies found only a few true (a company named in
    /// the text is often a sign-in source, the user's own account or browser, a licence credit,
    /// a data field, or disclosed in another passage than the sharing section), so they are
    /// hints to check, not errors. Findings from the code are warnings: the code is evidence
    /// that the service receives data.
    ///
    /// When `policylint check` lints a repository (a folder, or files inside one), the rule also
    /// reads its dependency manifests (`package.json`, `requirements*.txt`, `pyproject.toml`,
    /// `Pipfile`, `setup.cfg`, `Gemfile`, `go.mod`, `Cargo.toml`, `composer.json`,
    /// `pubspec.yaml`, `build.gradle(.kts)`, `gradle/libs.versions.toml`, `pom.xml`, `Podfile`,
    /// `Package.swift`) and `.env.example`-style key lists, maps SDK packages, keys
    /// (`STRIPE_SECRET_KEY`, `NEXT_PUBLIC_POSTHOG_KEY`) and API hosts to services through
    /// `rules/sdks.toml`, and reports a service the code uses that the privacy policy does not
    /// name anywhere. The finding points at the manifest line that brings the service in, with
    /// the policy's third-party disclosure (or its first line) as a second label; all packages
    /// and keys of one company make one finding. Development dependencies and folders of
    /// dependencies, builds, tests, examples and the maintainers' tooling (`scripts`, `tools`,
    /// `release`, `ci`) are skipped. A repository whose code uses
    /// services but that has no privacy policy gets one finding that says so.
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
    /// of the same company counts. For the code check: `policy = ["docs/privacy.md"]` names the
    /// policy documents when there are several; `manifests = ["app/package.json",
    /// "!legacy/**"]` adds manifests or excludes them; `[ignore-packages]` lists packages that
    /// send no personal data, with the reason (`"npm:@sentry/cli" = "uploads source maps at
    /// build time"`); `dev-dependencies = true` counts development dependencies;
    /// `scan-sources = true` also looks for API hosts (`api.openai.com`) in source files.
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

    fn check_repository(&self, repo: &Repository<'_>, settings: &Settings) -> Vec<Diagnostic> {
        Self::check_code(repo, settings)
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
                // The text alone is weak evidence (see the rule's documentation).
                .with_severity(Severity::Info)
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

// ------------------------------------------------------------------------------------------
// Code-aware check: processors the repository's code uses that the policy never names

/// How a finding names a processor: its company when that is one of its names ("Stripe"),
/// else its first name and the company ("Firebase (Google)").
fn display_name(p: &Processor) -> String {
    let company = token_key(&p.company);
    let mut names = p.names.iter().chain(&p.exact).chain(&p.declare_only);
    if names.clone().any(|n| token_key(n) == company) {
        return p.company.clone();
    }
    match names.next() {
        Some(n) => format!("{n} ({})", p.company),
        None => p.company.clone(),
    }
}

/// The label on the line that brings a processor in.
fn use_label(u: &crate::code::ProcessorUse<'_>) -> String {
    let p = &CATALOGUE.processors[u.processor];
    let dep = u.dependency;
    match dep.ecosystem {
        crate::code::Ecosystem::Env => format!("`{}` is a key of {}", dep.name, display_name(p)),
        crate::code::Ecosystem::Host => format!("`{}` is {}'s API", dep.name, display_name(p)),
        _ => format!(
            "`{}` is the {} SDK of {}",
            dep.name,
            category_label(&p.category),
            display_name(p)
        ),
    }
}

/// At most this many labels on the code side of one finding; the rest are counted in a note.
const MAX_USE_LABELS: usize = 8;

impl UndeclaredProcessor {
    /// The code-aware check: one finding per company whose SDK, key or API host the code uses
    /// and that no policy document names; one finding in all when there is no policy.
    pub(crate) fn check_code(repo: &Repository<'_>, settings: &Settings) -> Vec<Diagnostic> {
        let cat = &*CATALOGUE;
        let mut uses = crate::code::processor_uses(repo.code, &settings.code);
        // Manifests first (the line that brings a service in), then keys, then hosts.
        uses.sort_by_key(|u| {
            let rank = match u.dependency.ecosystem {
                crate::code::Ecosystem::Env => 1,
                crate::code::Ecosystem::Host => 2,
                _ => 0,
            };
            (rank, u.dependency.file, u.dependency.span.start)
        });
        if uses.is_empty() {
            return Vec::new();
        }
        let at = |u: &crate::code::ProcessorUse<'_>| {
            (
                repo.code_files[u.dependency.file],
                u.dependency.span.clone(),
            )
        };
        // Uses grouped by company, in order of first use.
        let mut companies: Vec<(String, Vec<&crate::code::ProcessorUse<'_>>)> = Vec::new();
        for u in &uses {
            let key = cat.company_key(u.processor);
            match companies.iter_mut().find(|(k, _)| *k == key) {
                Some((_, list)) => list.push(u),
                None => companies.push((key, vec![u])),
            }
        }
        if repo.policies.is_empty() && !repo.code.whole_repository {
            // Only some of the repository's documents were linted (`check docs/terms.md`):
            // its policy may be among the others.
            return Vec::new();
        }
        if repo.policies.is_empty() {
            let services: Vec<String> = companies
                .iter()
                .map(|(_, list)| display_name(&cat.processors[list[0].processor]))
                .collect();
            let (file, span) = at(companies[0].1[0]);
            let mut d = Diagnostic::new(
                &META,
                span,
                format!(
                    "the code uses {} third-party service{} ({}) but no privacy policy document was found",
                    services.len(),
                    if services.len() == 1 { "" } else { "s" },
                    services.join(", ")
                ),
            )
            .with_label(use_label(companies[0].1[0]))
            .with_help("add a privacy policy (Markdown, HTML or text, for example `PRIVACY.md`) that names these services and the data they receive, or name the policy's file with `policy = [\"docs/privacy.md\"]` in policylint.toml");
            d.file = file;
            for (_, list) in companies.iter().skip(1).take(MAX_USE_LABELS) {
                let (f, s) = at(list[0]);
                d = d.with_secondary_in(f, s, use_label(list[0]));
            }
            return vec![d];
        }
        let names = policy_names(&repo.policies, &settings.processors);
        let mut out = Vec::new();
        for (key, list) in &companies {
            if names.named.contains(key) {
                continue;
            }
            let first = list[0];
            let proc = &cat.processors[first.processor];
            let (file, span) = at(first);
            let who = display_name(proc);
            let mut d = Diagnostic::new(
                &META,
                span,
                format!(
                    "the code uses the {} service {who}, which the privacy policy does not name",
                    category_label(&proc.category)
                ),
            )
            .with_label(use_label(first));
            d.file = file;
            for u in list.iter().skip(1).take(MAX_USE_LABELS - 1) {
                let (f, s) = at(u);
                d = d.with_secondary_in(f, s, use_label(u));
            }
            if list.len() > MAX_USE_LABELS {
                d = d.with_note(format!(
                    "{} more packages, keys or hosts of {} are not shown",
                    list.len() - MAX_USE_LABELS,
                    proc.company
                ));
            }
            let place = match &names.anchor {
                Some((f, s, has_disclosure)) => {
                    let message = if *has_disclosure {
                        format!(
                            "{} is not among the recipients disclosed here",
                            proc.company
                        )
                    } else {
                        format!("this policy never names {}", proc.company)
                    };
                    d = d.with_secondary_in(*f, s.clone(), message);
                    match (&names.heading, has_disclosure) {
                        (Some(h), true) => format!("`{h}`"),
                        (None, true) => "the policy's third-party disclosure".to_string(),
                        _ => "the policy".to_string(),
                    }
                }
                None => "the policy".to_string(),
            };
            let dep = &first.dependency.name;
            out.push(
                d.with_note("GDPR Art. 13(1)(e) requires the recipients or categories of recipients, and CCPA §1798.110 the categories of third parties; a service the app sends data to is such a recipient")
                    .with_help(format!(
                        "add {} to {place} with what it does and the data it receives; if it is disclosed elsewhere, add it to `processors` in policylint.toml; if `{dep}` sends no personal data, add it to `ignore-packages` with the reason",
                        proc.company
                    )),
            );
        }
        out
    }
}
