//! Parties: the companies and services a document names (the processor catalogue,
//! `rules/processors.toml`, compiled into one Aho-Corasick automaton), the operator and its
//! own companies, and the policy's third-party disclosure (sections, tables of services,
//! introduced lists).

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Deserialize;

use crate::diagnostic::FileId;
use crate::document::Document;

mod disclosure;
mod mentions;

pub use disclosure::*;
pub use mentions::*;
// ------------------------------------------------------------------------------------------
// Catalogue

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CatalogueFile {
    pub(crate) matching: MatchingRules,
    pub(crate) processor: Vec<Processor>,
    pub(crate) not_processor: Vec<NotProcessor>,
}

/// Context words shared by all entries.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MatchingRules {
    /// Words near an ambiguous name that show it is the service (with the entry's `context`).
    pub(crate) generic_context: Vec<String>,
    /// Text right before a name that makes it a reference ("click", "available on").
    pub(crate) weak_before: Vec<String>,
    /// Text right before a name that makes it the operator's channel ("follow us on").
    pub(crate) channel_before: Vec<String>,
    /// Text right before a name that makes it a sign-in or import source ("sign in with").
    pub(crate) sign_in_before: Vec<String>,
    /// Text right before a name that makes it a credit ("based on", "adapted from").
    pub(crate) credit_before: Vec<String>,
    /// Words after a name that make it a field of data ("PayPal account", "Apple ID"), or the
    /// user's own account after "your".
    pub(crate) data_field_next: Vec<String>,
    /// `weak_before` phrases that only count when the clause names one of `example_of`.
    pub(crate) example_intro: Vec<String>,
    pub(crate) example_of: Vec<String>,
    /// "our Facebook page": words after a name preceded by "our".
    pub(crate) after_our: Vec<String>,
    /// "your LinkedIn profile": words after a name preceded by "your".
    pub(crate) after_your: Vec<String>,
    /// Sentences describing software the operator runs itself.
    pub(crate) self_hosted: Vec<String>,
    /// Next words that make any name a reference ("Cloudflare certificate", "Skype name").
    pub(crate) reject_next_all: Vec<String>,
    /// Sentences disclaiming responsibility for other companies.
    pub(crate) disclaimer: Vec<String>,
    /// Social networks and video sites: sentences about the operator's own presence there.
    pub(crate) social_presence: Vec<String>,
    /// Social networks and video sites: "Facebook page", "YouTube channel".
    pub(crate) social_page_words: Vec<String>,
    /// Words that may follow an ambiguous name without making it part of another proper noun.
    pub(crate) corporate_suffixes: Vec<String>,
}

/// One third-party service. See the header of `rules/processors.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Processor {
    #[cfg_attr(not(test), allow(dead_code))]
    pub id: String,
    pub company: String,
    #[serde(default)]
    pub parent: Option<String>,
    pub category: String,
    #[serde(default)]
    pub(crate) names: Vec<String>,
    #[serde(default)]
    pub(crate) exact: Vec<String>,
    #[serde(default)]
    pub(crate) context: Vec<String>,
    #[serde(default)]
    pub(crate) reject_next: Vec<String>,
    #[serde(default)]
    pub(crate) declare_only: Vec<String>,
    #[serde(default)]
    pub(crate) domains: Vec<String>,
    /// SDK packages, for a code-aware check (not read by the text rules).
    #[serde(default)]
    #[allow(dead_code)]
    pub(crate) packages: Packages,
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) matches: Vec<String>,
    #[serde(default)]
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) ignores: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub(crate) struct Packages {
    #[serde(default)]
    pub(crate) npm: Vec<String>,
    #[serde(default)]
    pub(crate) pypi: Vec<String>,
    #[serde(default)]
    pub(crate) gem: Vec<String>,
    #[serde(default)]
    pub(crate) crates: Vec<String>,
    #[serde(default)]
    pub(crate) go: Vec<String>,
    #[serde(default)]
    pub(crate) maven: Vec<String>,
    #[serde(default)]
    pub(crate) cocoapods: Vec<String>,
}

/// Software that runs inside the product, or a thing that is not a recipient.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NotProcessor {
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) id: String,
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) kind: String,
    #[serde(default)]
    pub(crate) names: Vec<String>,
    #[serde(default)]
    pub(crate) exact: Vec<String>,
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) matches: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    Processor(usize),
    NotProcessor,
}

#[derive(Debug)]
pub(crate) struct Pattern {
    pub(crate) target: Target,
    pub(crate) text: String,
    /// Case-sensitive name.
    pub(crate) exact: bool,
    /// Declares in a disclosure but is never a mention on its own.
    pub(crate) declare_only: bool,
    /// A web domain (matched inside URLs and e-mail addresses).
    pub(crate) domain: bool,
}

pub(crate) struct Catalogue {
    pub(crate) rules: MatchingRules,
    pub processors: Vec<Processor>,
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) not_processors: Vec<NotProcessor>,
    pub(crate) patterns: Vec<Pattern>,
    pub(crate) automaton: AhoCorasick,
    /// Lowercased single-word names and companies → processor, for file names and config.
    pub(crate) by_token: HashMap<String, usize>,
    /// Domain → processor.
    pub(crate) by_domain: HashMap<String, usize>,
}

pub(crate) static DATA: &str = include_str!("../../../rules/processors.toml");

pub(crate) static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(|| {
    let file: CatalogueFile = crate::vocab::load("processors.toml", DATA);
    let mut patterns = Vec::new();
    let mut by_token = HashMap::new();
    let mut by_domain = HashMap::new();
    for (i, p) in file.processor.iter().enumerate() {
        let target = Target::Processor(i);
        let mut add = |text: &str, exact: bool, declare_only: bool, domain: bool| {
            patterns.push(Pattern {
                target,
                text: text.to_string(),
                exact,
                declare_only,
                domain,
            });
        };
        for n in &p.names {
            add(n, false, false, false);
        }
        for n in &p.exact {
            add(n, true, false, false);
        }
        for n in &p.declare_only {
            add(n, true, true, false);
        }
        for d in &p.domains {
            add(d, false, true, true);
            by_domain.insert(d.to_ascii_lowercase(), i);
        }
        for n in p.names.iter().chain(&p.exact).chain(&p.declare_only) {
            let key = token_key(n);
            if !key.is_empty() && !key.contains(' ') {
                by_token.entry(key).or_insert(i);
            }
        }
        by_token.entry(token_key(&p.company)).or_insert(i);
    }
    for np in &file.not_processor {
        for n in &np.names {
            patterns.push(Pattern {
                target: Target::NotProcessor,
                text: n.clone(),
                exact: false,
                declare_only: true,
                domain: false,
            });
        }
        for n in &np.exact {
            patterns.push(Pattern {
                target: Target::NotProcessor,
                text: n.clone(),
                exact: true,
                declare_only: true,
                domain: false,
            });
        }
    }
    let automaton = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(patterns.iter().map(|p| p.text.as_str()))
        .expect("processor automaton");
    Catalogue {
        rules: file.matching,
        processors: file.processor,
        not_processors: file.not_processor,
        patterns,
        automaton,
        by_token,
        by_domain,
    }
});

/// Lowercase letters and digits only, words separated by one space ("Lemon Squeezy" →
/// "lemon squeezy", "Auth0" → "auth0", "Together.AI" → "togetherai").
pub(crate) fn token_key(s: &str) -> String {
    let mut out = String::new();
    for w in s.split_whitespace() {
        let w: String = w
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&w);
    }
    out
}

/// A catalogue name found in a text.
#[derive(Debug, Clone)]
pub struct Hit {
    pub(crate) pattern: usize,
    pub range: Range<usize>,
}

impl Hit {
    /// The processor, or `None` for a not-processor (library, browser, app store...).
    pub fn processor(&self) -> Option<usize> {
        match CATALOGUE.patterns[self.pattern].target {
            Target::Processor(i) => Some(i),
            Target::NotProcessor => None,
        }
    }

    fn pattern(&self) -> &'static Pattern {
        &CATALOGUE.patterns[self.pattern]
    }
}

pub(crate) fn char_before(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

pub(crate) fn char_after(text: &str, at: usize) -> Option<char> {
    text[at..].chars().next()
}

pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Manual word-boundary checks around a match.
pub(crate) fn boundary_ok(text: &str, r: &Range<usize>, domain: bool) -> bool {
    if let Some(c) = char_before(text, r.start) {
        if is_word_char(c) {
            return false;
        }
        if domain {
            if c == '-' {
                return false;
            }
        } else {
            if matches!(c, '@' | '/' | '\\' | '#') {
                return false;
            }
            if c == '.' && char_before(text, r.start - 1).is_some_and(is_word_char) {
                return false;
            }
        }
    }
    if let Some(c) = char_after(text, r.end) {
        // A footnote mark: "Google Analytics1".
        let footnote = !domain
            && c.is_ascii_digit()
            && text[..r.end].ends_with(|p: char| p.is_ascii_lowercase())
            && !char_after(text, r.end + 1).is_some_and(|d| d.is_alphanumeric() || d == '.');
        if is_word_char(c) && !footnote {
            return false;
        }
        if !domain && c == '.' && char_after(text, r.end + 1).is_some_and(|d| d.is_alphanumeric()) {
            return false;
        }
        if domain && c == '-' {
            return false;
        }
    }
    true
}

impl Catalogue {
    /// Every catalogue name in `text`: word boundaries checked, case-sensitive names compared
    /// exactly. Not-processor names are returned too (they win over shorter processor names).
    pub fn scan(&self, text: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        for m in self.automaton.find_iter(text) {
            let pat = &self.patterns[m.pattern().as_usize()];
            let r = m.start()..m.end();
            if !boundary_ok(text, &r, pat.domain) {
                continue;
            }
            if pat.exact && text[r.clone()] != pat.text {
                continue;
            }
            hits.push(Hit {
                pattern: m.pattern().as_usize(),
                range: r,
            });
        }
        hits
    }

    pub fn company_key(&self, processor: usize) -> String {
        self.processors[processor].company.to_lowercase()
    }

    /// The processors a free-form name refers to (config `processors = [...]`).
    pub(crate) fn resolve_name(&self, name: &str) -> Vec<usize> {
        let mut out: Vec<usize> = self.scan(name).iter().filter_map(Hit::processor).collect();
        // Lowercase config entries ("stripe") and company names that are not pattern names.
        let key = token_key(name);
        if let Some(&i) = self.by_token.get(&key) {
            out.push(i);
        }
        if let Some(&i) = self.by_domain.get(&name.trim().to_ascii_lowercase()) {
            out.push(i);
        }
        out
    }

    /// The processor whose domain hosts a URL.
    pub(crate) fn processor_for_url(&self, url: &str) -> Option<usize> {
        let rest = url.split_once("://").map_or(url, |(_, r)| r);
        let host = rest
            .split(['/', '?', '#', ':'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let mut h = host.as_str();
        loop {
            if let Some(&i) = self.by_domain.get(h) {
                return Some(i);
            }
            match h.split_once('.') {
                Some((_, rest)) if rest.contains('.') => h = rest,
                _ => return None,
            }
        }
    }
}

/// Companies (lowercased, with their parent groups) that are the document's own operator:
/// named in the title or file name, or introduced as "we".
pub(crate) fn operator_companies(doc: &Document, hits: &[Hit]) -> HashSet<String> {
    let cat = &*CATALOGUE;
    let mut own: HashSet<usize> = HashSet::new();
    let mut title_blocks: Vec<usize> = Vec::new();
    // The first block is the page's title or header ("Acme | Privacy Policy"), unless it is
    // a sentence ("We use Auth0 to sign you in.").
    if let Some(first) = doc.blocks.first() {
        let text = doc.text(0).trim_end();
        if first.is_heading()
            || (text.split_whitespace().count() <= 15 && !text.ends_with(['.', '!', '?']))
        {
            title_blocks.push(0);
        }
    }
    if let Some(h) = doc.blocks.iter().take(6).position(|b| b.is_heading()) {
        title_blocks.push(h);
    }
    for h in hits {
        let Some(p) = h.processor() else { continue };
        let in_title = title_blocks
            .iter()
            .any(|&b| doc.blocks[b].plain.contains(&h.range.start));
        if in_title {
            own.insert(p);
            continue;
        }
        // "a subsidiary of Amazon.com, Inc.", and in the first lines "operated by Acme".
        let head_start = floor_char(&doc.plain, h.range.start.saturating_sub(40));
        let head = doc.plain[head_start..h.range.start].to_lowercase();
        let head = head.trim_end();
        let early = doc.block_at(h.range.start).is_some_and(|b| b < 6);
        if [
            "subsidiary of",
            "wholly-owned",
            "wholly owned",
            "owned by",
            "division of",
            "part of the",
        ]
        .iter()
        .any(|k| head.ends_with(k))
            || (early
                && ["operated by", "provided by", "a service of"]
                    .iter()
                    .any(|k| head.ends_with(k)))
        {
            own.insert(p);
            continue;
        }
        // `Google LLC ("Google", "we", "us")`.
        let end = ceil_char(&doc.plain, (h.range.end + 100).min(doc.plain.len()));
        let window = doc.plain[h.range.end..end].to_lowercase();
        let window = window.split(['\n']).next().unwrap_or("");
        if introduces_we(window) {
            own.insert(p);
        }
    }
    // The operator's group under a short name: "the Epic group of companies", "Epic entities".
    let mut checked: HashSet<usize> = HashSet::new();
    for h in hits {
        let Some(p) = h.processor() else { continue };
        if own.contains(&p) || !checked.insert(p) {
            continue;
        }
        let first = cat.processors[p]
            .company
            .split_whitespace()
            .next()
            .unwrap_or("");
        if first.len() < 3 {
            continue;
        }
        let group = [
            "group of companies",
            "family of companies",
            "entities",
            "entity",
            "affiliates",
            "corporate group",
        ]
        .iter()
        .any(|g| doc.plain.contains(&format!("{first} {g}")));
        if group {
            own.insert(p);
        }
    }
    // The file name: "google__privacy-policy.md", "stripe/privacy.md".
    let path = std::path::Path::new(&doc.path);
    let mut names: Vec<String> = Vec::new();
    if let Some(stem) = path.file_stem() {
        names.push(stem.to_string_lossy().to_lowercase());
    }
    if let Some(parent) = path.parent().and_then(|p| p.file_name()) {
        names.push(parent.to_string_lossy().to_lowercase());
    }
    for name in names {
        for tok in name.split(|c: char| !c.is_alphanumeric()) {
            if let Some(&p) = cat.by_token.get(tok) {
                own.insert(p);
            }
        }
    }
    let mut out = HashSet::new();
    for p in own {
        let proc = &cat.processors[p];
        out.insert(proc.company.to_lowercase());
        if let Some(parent) = &proc.parent {
            out.insert(parent.to_lowercase());
        }
    }
    out
}

pub(crate) fn introduces_we(window: &str) -> bool {
    let w = &window[..floor_char(window, window.len().min(80))];
    for q in [
        '"', '\u{201c}', '\u{201d}', '\'', '\u{2018}', '\u{2019}', '(',
    ] {
        for pronoun in ["we", "us", "our"] {
            let needle = format!("{q}{pronoun}");
            let mut from = 0;
            while let Some(i) = w[from..].find(&needle) {
                let at = from + i + needle.len();
                if !w[at..].chars().next().is_some_and(char::is_alphanumeric) {
                    return true;
                }
                from = at;
            }
        }
    }
    false
}

/// A list item or line that is only a link to the service ("[X / Twitter](https://x.com/acme)"):
/// a footer or a list of profiles, not a recipient.
pub(crate) fn is_link_item(doc: &Document, block: usize, hit: &Hit) -> bool {
    let src = doc.span(hit.range.clone());
    let b = doc.blocks[block].span.clone();
    doc.links.iter().any(|l| {
        l.span.start <= src.start
            && src.end <= l.span.end
            && (l.span.end - l.span.start) * 10 >= (b.end - b.start) * 6
    })
}

/// Whether a processor (by company, or parent group) belongs to the operator.
pub(crate) fn is_own(processor: &Processor, own: &HashSet<String>) -> bool {
    own.contains(&processor.company.to_lowercase())
        || processor
            .parent
            .as_ref()
            .is_some_and(|p| own.contains(&p.to_lowercase()))
}

/// The companies a document names, its operator, and its third-party disclosure.
pub struct Parties {
    /// Catalogue names in the plain text, in order.
    pub hits: Vec<Hit>,
    /// The passages that name recipients.
    pub disclosure: Disclosure,
    /// The operator's own companies (lowercased, with parent groups).
    pub operator: HashSet<String>,
}

impl Parties {
    pub(crate) fn extract(doc: &Document) -> Parties {
        // Names that are also ordinary words count only where they name the service
        // ("P.O. Box" and "Open Box Specials" are not Box).
        let hits: Vec<Hit> = CATALOGUE
            .scan(&doc.plain)
            .into_iter()
            .filter(|h| {
                doc.block_at(h.range.start).map_or(true, |b| {
                    CATALOGUE.names_the_service(&doc.plain, doc.blocks[b].plain.clone(), h)
                })
            })
            .collect();
        let disclosure = find_disclosure(doc, &hits);
        let operator = operator_companies(doc, &hits);
        Parties {
            hits,
            disclosure,
            operator,
        }
    }
}

// ------------------------------------------------------------------------------------------
// What the policy documents of a repository name, for the code-aware checks

/// What the policy documents of a repository say about processors, by company.
pub(crate) struct PolicyNames {
    /// Companies named anywhere in a policy, declared in `processors`, or the operator's own.
    pub named: HashSet<String>,
    /// Processors named inside a third-party disclosure: (file, source span, processor, the
    /// name as written).
    pub recipients: Vec<(FileId, Range<usize>, usize, String)>,
    /// Where a finding points in the policy: the disclosure's heading, else the first line.
    pub anchor: Option<(FileId, Range<usize>, bool)>,
    /// Companies declared in the `processors` setting.
    pub declared: HashSet<String>,
    /// The disclosure's heading text, when short enough to quote.
    pub heading: Option<String>,
}

/// Reads the policy documents of a repository once for both code-aware rules.
pub(crate) fn policy_names(
    policies: &[(FileId, &Document)],
    declared_processors: &[String],
) -> PolicyNames {
    let cat = &*CATALOGUE;
    let mut names = PolicyNames {
        named: HashSet::new(),
        recipients: Vec::new(),
        anchor: None,
        declared: HashSet::new(),
        heading: None,
    };
    for name in declared_processors {
        for p in cat.resolve_name(name) {
            names.declared.insert(cat.company_key(p));
        }
    }
    names.named.extend(names.declared.iter().cloned());
    for &(file, doc) in policies {
        let hits = cat.scan(&doc.plain);
        names.named.extend(
            hits.iter()
                .filter_map(Hit::processor)
                .map(|p| cat.company_key(p)),
        );
        names.named.extend(operator_companies(doc, &hits));
        for link in &doc.links {
            if let Some(p) = cat.processor_for_url(&link.url) {
                names.named.insert(cat.company_key(p));
            }
        }
        let disclosure = find_disclosure(doc, &hits);
        for h in &hits {
            if let Some(p) = h.processor().filter(|_| disclosure.contains(h.range.start)) {
                let written = doc.plain[h.range.clone()].to_string();
                names
                    .recipients
                    .push((file, doc.span(h.range.clone()), p, written));
            }
        }
        let first_line = doc.blocks.first().map(|b| b.span.clone());
        match (disclosure.anchor, &names.anchor) {
            (Some(a), None | Some((_, _, false))) => {
                names.heading = doc
                    .blocks
                    .iter()
                    .find(|b| b.span == a)
                    .map(|b| doc.plain[b.plain.clone()].trim().to_string())
                    .filter(|h| !h.is_empty() && h.len() <= 80);
                names.anchor = Some((file, a, true));
            }
            (None, None) => {
                names.anchor = Some((file, first_line.unwrap_or(0..0), false));
            }
            _ => {}
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::ExampleReport;

    const CATEGORIES: &[&str] = &[
        "payments",
        "analytics",
        "product-analytics",
        "session-replay",
        "attribution",
        "error-monitoring",
        "observability",
        "auth",
        "identity-verification",
        "email",
        "marketing-automation",
        "support",
        "crm",
        "productivity",
        "hosting",
        "cloud",
        "cdn",
        "database",
        "storage",
        "search",
        "ai",
        "speech",
        "advertising",
        "affiliate",
        "data-broker",
        "social",
        "communication",
        "video",
        "maps",
        "feature-flags",
        "ab-testing",
        "push",
        "sms",
        "consent",
        "tag-management",
        "cdp",
        "security",
        "fraud",
        "fonts",
        "forms",
        "scheduling",
        "ecommerce",
        "e-signature",
        "hr",
        "accounting",
        "shipping",
        "reviews",
        "comments",
        "media",
        "developer",
        "platform",
    ];

    /// The processors mentioned (strictly) in a one-block text.
    fn mentioned(text: &str) -> Vec<usize> {
        let cat = &*CATALOGUE;
        cat.scan(text)
            .iter()
            .filter(|h| cat.is_mention(text, 0..text.len(), h))
            .filter_map(Hit::processor)
            .collect()
    }

    #[test]
    fn catalogue_examples_hold() {
        let cat = &*CATALOGUE;
        let mut report = ExampleReport::default();
        let ids: Vec<&str> = cat.processors.iter().map(|p| p.id.as_str()).collect();
        report.expect_sorted_unique("processors", &ids);
        report.expect(cat.processors.len() >= 300, || {
            "at least 300 processors".into()
        });
        let mut names: HashMap<String, &str> = HashMap::new();
        for p in &cat.processors {
            report.expect(CATEGORIES.contains(&p.category.as_str()), || {
                format!("{}: unknown category {}", p.id, p.category)
            });
            report.expect(!p.matches.is_empty(), || {
                format!("{}: needs `matches`", p.id)
            });
            report.expect(p.context.is_empty() || !p.exact.is_empty(), || {
                format!("{}: `context` only applies to `exact` names", p.id)
            });
            for n in p.names.iter().chain(&p.exact).chain(&p.declare_only) {
                let prev = names.insert(n.to_lowercase(), &p.id);
                report.expect(prev.is_none(), || {
                    format!("{}: name {n:?} also in {prev:?}", p.id)
                });
            }
            let me = cat.processors.iter().position(|q| q.id == p.id).unwrap();
            for m in &p.matches {
                report.expect(mentioned(m).contains(&me), || {
                    format!("{}: should match {m:?}", p.id)
                });
            }
            for m in &p.ignores {
                report.expect(!mentioned(m).contains(&me), || {
                    format!("{}: should not match {m:?}", p.id)
                });
            }
            // Every name is found in a neutral sentence: as a recipient, or as a sign-in
            // source when the name is the button itself ("Sign in with Apple").
            for n in p.names.iter().chain(&p.exact) {
                let s = format!("Our provider is {n} for this purpose.");
                let sign_in = cat.scan(&s).iter().any(|h| {
                    h.processor() == Some(me)
                        && cat.mention_role(&s, 0..s.len(), h) == MentionRole::SignInSource
                });
                report.expect(mentioned(&s).contains(&me) || sign_in, || {
                    format!("{}: name {n:?} not found in {s:?}", p.id)
                });
            }
            for n in &p.declare_only {
                let s = format!("Our provider is {n}.");
                let found = cat.scan(&s).iter().any(|h| h.processor() == Some(me));
                report.expect(found && !mentioned(&s).contains(&me), || {
                    format!(
                        "{}: declare-only name {n:?} must be found but not mentioned",
                        p.id
                    )
                });
            }
        }
        for np in &cat.not_processors {
            for n in np.names.iter().chain(&np.exact) {
                let prev = names.insert(n.to_lowercase(), &np.id);
                report.expect(prev.is_none(), || {
                    format!("{}: name {n:?} also in {prev:?}", np.id)
                });
            }
            report.expect(!np.matches.is_empty(), || {
                format!("{}: needs `matches`", np.id)
            });
            for m in &np.matches {
                let hits = cat.scan(m);
                report.expect(hits.iter().any(|h| h.processor().is_none()), || {
                    format!(
                        "{} ({}): should find a not-processor in {m:?}",
                        np.id, np.kind
                    )
                });
                report.expect(mentioned(m).is_empty(), || {
                    format!("{}: no processor should be mentioned in {m:?}", np.id)
                });
            }
        }
        report.assert_ok("processors.toml");
    }

    #[test]
    fn company_matching_and_config_names() {
        let cat = &*CATALOGUE;
        for n in [
            "Google OAuth",
            "Google Analytics",
            "google",
            "Firebase",
            "YouTube",
        ] {
            let found: Vec<String> = cat
                .resolve_name(n)
                .iter()
                .map(|&p| cat.company_key(p))
                .collect();
            assert!(
                !found.is_empty() && found.iter().all(|c| c == "google"),
                "{n}: {found:?}"
            );
        }
        let stripe = cat.resolve_name("stripe");
        assert_eq!(cat.company_key(stripe[0]), "stripe");
        let url = cat
            .processor_for_url("https://policies.google.com/privacy")
            .unwrap();
        assert_eq!(cat.company_key(url), "google");
        let s3 = cat
            .processor_for_url("https://mybucket.s3.amazonaws.com/x")
            .unwrap();
        assert_eq!(cat.company_key(s3), "amazon");
    }

    #[test]
    fn a_menu_entry_is_not_a_disclosure_section() {
        let text = "Privacy Policy\nHome\nPartners & Memberships\nShop\nWe collect your e-mail address to send our newsletter and we do not sell it.\nWe use Google Analytics to count visits to the site.\n";
        let doc = Document::parse("p.txt", text.to_string());
        let parties = Parties::extract(&doc);
        assert!(
            parties.disclosure.anchor.is_none(),
            "{:?}",
            parties.disclosure
        );
        let text = "Privacy Policy\nPartners & Memberships\nWe share your e-mail address with the payment partners who process your orders for us.\nShop\n";
        let doc = Document::parse("p.txt", text.to_string());
        assert!(Parties::extract(&doc).disclosure.anchor.is_some());
    }

    #[test]
    fn headings() {
        assert_eq!(heading_kind("4. Data Sharing"), HeadingKind::Primary);
        assert_eq!(heading_kind("4.2 Service Providers"), HeadingKind::Primary);
        assert_eq!(heading_kind("Sub-processors"), HeadingKind::Primary);
        assert_eq!(
            heading_kind("11. Third-Party Links and Services"),
            HeadingKind::Other
        );
        assert_eq!(heading_kind("Cookies and Tracking"), HeadingKind::Secondary);
        assert_eq!(heading_kind("2.1 Personal Data"), HeadingKind::Other);
        assert_eq!(
            heading_kind("How We Share Your Information"),
            HeadingKind::Primary
        );
        assert_eq!(heading_kind("Network shares"), HeadingKind::Other);
        assert_eq!(
            heading_kind("Creative Commons Sharealike License"),
            HeadingKind::Other
        );
        assert_eq!(
            heading_kind("Information We Receive from Third Parties"),
            HeadingKind::Secondary
        );
        assert_eq!(heading_kind("AI Providers Used"), HeadingKind::Primary);
    }
}
