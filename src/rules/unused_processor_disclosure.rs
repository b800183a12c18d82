//! `unused-processor-disclosure` (D004): the policy names a processor as a recipient but the
//! repository's code shows no sign of using it.

use std::collections::HashSet;

use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::model::parties::{policy_names, CATALOGUE};
use crate::rule::{LintContext, Repository, Rule, RuleMeta};
use crate::settings::Settings;

crate::declare_rule! {
    /// ## What it does
    /// Runs when `policylint check` lints a repository that has dependency manifests. Finds
    /// services that the privacy policy's third-party disclosure names as recipients but that
    /// nothing in the code uses: no SDK package in any manifest (development dependencies
    /// included), no environment key and no API host of the service (see `rules/sdks.toml`).
    ///
    /// Only services that an app can only use through code are judged: analytics, session
    /// recording, error monitoring, attribution, advertising SDKs, feature flags, push and
    /// sign-in; AI, speech, maps, search and observability APIs only with `scan-sources = true`,
    /// because apps often call them over plain HTTP from source files that are otherwise not
    /// read. Hosting, e-mail, payments, support desks and other services that are often used
    /// without an SDK are never reported, and neither is a company whose other service the code
    /// uses ("Google Analytics" while the code uses Firebase).
    ///
    /// ## Why is this bad?
    /// A disclosure that lists services the product no longer uses is stale: readers cannot
    /// tell who really receives their data, and the list is likely to miss the service that
    /// replaced it. GDPR Art. 13(1)(e) asks for the actual recipients.
    ///
    /// ## Example
    /// ```text
    /// 4. Service providers
    ///   • Mixpanel: product analytics
    /// ```
    /// with a `package.json` whose analytics SDK is `posthog-js` and no Mixpanel package.
    ///
    /// ## How to fix
    /// Remove the service from the disclosure if the product no longer uses it. If it is used
    /// from another repository (a mobile app, a backend), ignore this rule for the policy with
    /// `per-file-ignores` or lint the repositories together.
    pub static META = {
        code: "D004",
        name: "unused-processor-disclosure",
        category: Disclosure,
        severity: Info,
        summary: "the policy names a service as a recipient that the code does not use",
    }
}

/// Categories of services that an app can only use through its code.
const CODE_BOUND: &[&str] = &[
    "analytics",
    "product-analytics",
    "session-replay",
    "attribution",
    "error-monitoring",
    "observability",
    "advertising",
    "feature-flags",
    "ab-testing",
    "push",
    "ai",
    "speech",
    "auth",
    "maps",
    "search",
];

/// Categories that apps often call over plain HTTP without an SDK (`api.openai.com`,
/// `api.deepl.com`): without `scan-sources`, the code's source files are not read, so their
/// absence from the manifests says nothing.
const CALLED_OVER_HTTP: &[&str] = &["ai", "speech", "maps", "search", "observability"];

/// Whether two names are the same apart from case and punctuation.
fn token_key_eq(a: &str, b: &str) -> bool {
    let key = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    key(a) == key(b)
}

pub struct UnusedProcessorDisclosure;

impl Rule for UnusedProcessorDisclosure {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _doc: &Document, _model: &crate::model::Model<'_>, _cx: &mut LintContext<'_>) {}

    fn check_repository(&self, repo: &Repository<'_>, settings: &Settings) -> Vec<Diagnostic> {
        if !repo.code.manifests_found {
            return Vec::new();
        }
        let cat = &*CATALOGUE;
        // Any evidence counts as use here, development dependencies and ignored packages too.
        let everything = crate::code::CodeSettings {
            include_dev: true,
            ..Default::default()
        };
        let used: HashSet<String> = crate::code::processor_uses(repo.code, &everything)
            .iter()
            .map(|u| cat.company_key(u.processor))
            .collect();
        let names = policy_names(&repo.policies, &settings.processors);
        let declared = &names.declared;
        let mut reported: HashSet<(crate::diagnostic::FileId, String)> = HashSet::new();
        let mut out = Vec::new();
        for (file, span, p, written) in names.recipients {
            let proc = &cat.processors[p];
            let company = cat.company_key(p);
            if used.contains(&company)
                || declared.contains(&company)
                || !CODE_BOUND.contains(&proc.category.as_str())
                || (!settings.code.scan_sources
                    && CALLED_OVER_HTTP.contains(&proc.category.as_str()))
                || !crate::code::has_code_signals(p)
                || !reported.insert((file, company))
            {
                continue;
            }
            let mut d = Diagnostic::new(
                &META,
                span,
                if token_key_eq(&written, &proc.company) {
                    format!("`{written}` is disclosed as a recipient but the code does not use it")
                } else {
                    format!(
                        "`{written}` is disclosed as a recipient but the code uses no {} service",
                        proc.company
                    )
                },
            )
            .with_label("no package, key or API host of this service in the repository")
            .with_help(format!(
                "remove {written} from the disclosure if the product no longer uses it; if another repository uses it, ignore this rule for the policy"
            ));
            d.file = file;
            out.push(d);
        }
        out
    }
}
