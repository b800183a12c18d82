//! Parties: the companies and services a document names (the processor catalogue,
//! `rules/processors.toml`, compiled into one Aho-Corasick automaton), the operator and its
//! own companies, and the policy's third-party disclosure (sections, tables of services,
//! introduced lists).

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;
use serde::Deserialize;

use crate::diagnostic::FileId;
use crate::document::{normalize_heading, BlockKind, Document};
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

pub(crate) static DATA: &str = include_str!("../../rules/processors.toml");

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
/// What a mention of a service's name says about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MentionRole {
    /// A recipient or processor of users' data ("We use Stripe to process payments").
    Recipient,
    /// Said not to receive data ("we do not share any data with OpenAI").
    NotRecipient,
    /// Where users sign in or import from ("Sign in with Google", "import from Dropbox").
    SignInSource,
    /// The user's own account, device or software ("your Google account").
    UsersOwn,
    /// A credit or source of the text ("based on a policy by Automattic").
    Credit,
    /// The operator's own channel ("follow us on Instagram", "our Skype handle").
    OperatorChannel,
    /// A field of data collected ("PayPal account", "Apple ID").
    DataField,
    /// Any other mention: navigation, a link, a trademark notice, an example, a settings path.
    Reference,
}

impl MentionRole {
    pub fn as_str(self) -> &'static str {
        match self {
            MentionRole::Recipient => "recipient",
            MentionRole::NotRecipient => "not-a-recipient",
            MentionRole::SignInSource => "sign-in-source",
            MentionRole::UsersOwn => "users-own",
            MentionRole::Credit => "credit",
            MentionRole::OperatorChannel => "operator-channel",
            MentionRole::DataField => "data-field",
            MentionRole::Reference => "reference",
        }
    }
}

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

    /// Whether a hit in `text` (within the block `block`) is a mention of the service itself,
    /// not a declaration-only name, a negated clause, a reference ("follow us on Facebook"), or
    /// an ordinary English word that happens to be a brand.
    /// Whether a name that is also an ordinary word or part of other names ("Box", "Square",
    /// "Clerk": `exact` names with `context`) names the service here: not part of another
    /// proper noun ("P.O. Box", "Times Square", "Box Springs Blvd") and with a word of its
    /// context nearby. Other names always do.
    pub fn names_the_service(&self, text: &str, block: Range<usize>, hit: &Hit) -> bool {
        let pat = hit.pattern();
        let Target::Processor(pi) = pat.target else {
            return true;
        };
        let p = &self.processors[pi];
        let rules = &self.rules;
        let r = hit.range.clone();
        let before = &text[block.start..r.start];
        let after = &text[r.end..block.end];
        if pat.exact && !p.context.is_empty() {
            // Part of another proper noun: "Times Square", "County Clerk", "Square Enix".
            if before.ends_with(' ') && !before.ends_with("  ") {
                let pw = before[..before.len() - 1]
                    .rsplit(char::is_whitespace)
                    .next()
                    .unwrap_or("");
                let at_start = {
                    let head = before[..before.len() - 1 - pw.len()].trim_end();
                    head.is_empty()
                        || head.ends_with([
                            '.', '!', '?', ':', ';', '(', '"', '\u{201c}', '|', '-', '\u{2013}',
                            '\u{2014}', '\u{2022}', '*',
                        ])
                };
                if pw.chars().next().is_some_and(char::is_uppercase)
                    && pw.chars().last().is_some_and(char::is_alphabetic)
                    && !at_start
                {
                    return false;
                }
                // "PO Box", "P.O. Box".
                if pw.len() <= 4 && pw.chars().filter(|c| c.is_uppercase()).count() >= 2 {
                    return false;
                }
            }
            if let Some(rest) = after.strip_prefix(' ') {
                let nw = rest.split(char::is_whitespace).next().unwrap_or("");
                if nw.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                    return false;
                }
                let bare = nw.trim_end_matches(|c: char| !c.is_alphanumeric());
                if nw.chars().next().is_some_and(char::is_uppercase)
                    && bare.len() == nw.len()
                    && !rules.corporate_suffixes.iter().any(|s| s == bare)
                {
                    return false;
                }
            }
            let lo = floor_char(text, r.start.saturating_sub(200).max(block.start));
            let hi = ceil_char(text, (r.end + 200).min(block.end));
            let window = text[lo..hi].to_lowercase();
            let found = p
                .context
                .iter()
                .chain(&rules.generic_context)
                .any(|w| contains_word_prefix(&window, w));
            if !found {
                return false;
            }
        }
        true
    }

    /// Whether a processor name is mentioned as a recipient of users' data.
    pub fn is_mention(&self, text: &str, block: Range<usize>, hit: &Hit) -> bool {
        self.mention_role(text, block, hit) == MentionRole::Recipient
    }

    /// What a mention of a catalogue name says about the company (see [`MentionRole`]).
    pub fn mention_role(&self, text: &str, block: Range<usize>, hit: &Hit) -> MentionRole {
        use MentionRole::*;
        let pat = hit.pattern();
        let Target::Processor(pi) = pat.target else {
            return Reference;
        };
        if pat.declare_only {
            return Reference;
        }
        let p = &self.processors[pi];
        let r = hit.range.clone();
        // A name that is itself the sign-in button ("Sign in with Google").
        let named = text[r.clone()].to_lowercase();
        if self
            .rules
            .sign_in_before
            .iter()
            .any(|phrase| named.starts_with(&format!("{phrase} ")))
        {
            return SignInSource;
        }
        let before = &text[block.start..r.start];
        let clause_start = before
            .rfind(['.', ';', '!', '?', '|', '\n', '(', ')', ':', ','])
            .map_or(0, |i| i + 1);
        let clause = before[clause_start..].to_lowercase();
        if is_negated(&clause) {
            return NotRecipient;
        }
        let after = &text[r.end..block.end];
        // Plain-text files keep one line per block: look past the line end for the next word.
        let after_ext: String =
            text[r.end..ceil_char(text, (r.end + 40).min(text.len()))].replace('\n', " ");
        let next = next_word(if after.trim().is_empty() {
            &after_ext
        } else {
            after
        });
        let prev = prev_word(before);
        let rules = &self.rules;
        // Inside a URL or an e-mail address.
        let token_start = before
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let token_end = after.find(char::is_whitespace).unwrap_or(after.len());
        let token = format!("{}{}", &before[token_start..], &after[..token_end]);
        if token.contains("://") || token.starts_with("www.") || token.contains('@') {
            return Reference;
        }
        // A bare name on its own line: navigation, logos, credits, link lists.
        let other_words = text[block.clone()].split_whitespace().count()
            - text[r.clone()].split_whitespace().count();
        let block_text = &text[block.clone()];
        let structured = block_text.contains([':', '(', '.', '|']) || block_text.contains(" - ");
        if other_words < 4 && !structured {
            return Reference;
        }
        let sentence = sentence_around(text, block.clone(), r.clone()).to_lowercase();
        if rules
            .self_hosted
            .iter()
            .chain(&rules.disclaimer)
            .any(|w| sentence.contains(w.as_str()))
        {
            return Reference;
        }
        // "Replaced Rollbar with Sentry in the list of sub-processors": about the list itself.
        if sentence.contains("sub-processor") || sentence.contains("subprocessor") {
            return Reference;
        }
        let social = matches!(p.category.as_str(), "social" | "video");
        if social
            && rules
                .social_presence
                .iter()
                .any(|w| sentence.contains(w.as_str()))
        {
            return OperatorChannel;
        }
        // A settings path: "Settings > Google services > Ads".
        let near_before = &before[floor_char(before, before.len().saturating_sub(3))..];
        if near_before.contains('>') || after.chars().take(3).any(|c| c == '>') {
            return Reference;
        }
        // A run of capitalised words around the name: a navigation bar or a menu.
        if is_capitalised_run(before, after) {
            return Reference;
        }
        // "follow us on Facebook", "search engines such as Bing, Google and Yahoo".
        let is_intro = |t: &str| {
            rules
                .weak_before
                .iter()
                .chain(&rules.channel_before)
                .chain(&rules.sign_in_before)
                .chain(&rules.credit_before)
                .chain(&rules.example_intro)
                .any(|p| ends_with_phrase(t, p))
        };
        let tail = strip_list_prefix(&before.to_lowercase(), is_intro);
        for phrase in &rules.sign_in_before {
            if ends_with_phrase(&tail, phrase) {
                return SignInSource;
            }
        }
        for phrase in &rules.credit_before {
            if ends_with_phrase(&tail, phrase) {
                return Credit;
            }
        }
        for phrase in &rules.channel_before {
            if ends_with_phrase(&tail, phrase) {
                return OperatorChannel;
            }
        }
        for phrase in &rules.weak_before {
            if ends_with_phrase(&tail, phrase) {
                return Reference;
            }
        }
        for phrase in &rules.example_intro {
            if ends_with_phrase(&tail, phrase)
                && rules
                    .example_of
                    .iter()
                    .any(|w| sentence.contains(w.as_str()))
            {
                return Reference;
            }
        }
        let next_lower = next.to_lowercase();
        if !after_ext.starts_with(|c: char| c.is_alphanumeric()) {
            if rules.data_field_next.contains(&next_lower) && !prev.eq_ignore_ascii_case("our") {
                return if ["your", "their", "his", "her"]
                    .iter()
                    .any(|w| prev.eq_ignore_ascii_case(w))
                {
                    UsersOwn
                } else {
                    DataField
                };
            }
            if rules.reject_next_all.contains(&next_lower) {
                return Reference;
            }
            if social && rules.social_page_words.contains(&next_lower) {
                return OperatorChannel;
            }
        }
        // "our Facebook page" elsewhere in the sentence.
        if social {
            let name = text[r.clone()].to_lowercase();
            if rules
                .social_page_words
                .iter()
                .any(|w| sentence.contains(&format!("{name} {w}")))
            {
                return OperatorChannel;
            }
        }
        // An app named after the service: "the WhatsApp Status Saver app".
        {
            let mut words = after_ext.split_whitespace();
            let mut capitalised = 0;
            for w in words.by_ref().take(4) {
                if w.starts_with(|c: char| c.is_uppercase()) {
                    capitalised += 1;
                    continue;
                }
                let w = w
                    .trim_end_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase();
                if capitalised > 0 && (w == "app" || w == "application") {
                    return Reference;
                }
                break;
            }
        }
        // A stock ticker: "Facebook (FB)".
        if let Some(t) = after.strip_prefix(" (") {
            let sym: String = t.chars().take_while(char::is_ascii_uppercase).collect();
            if (1..=5).contains(&sym.len()) && t[sym.len()..].starts_with(')') {
                return Reference;
            }
        }
        if prev.eq_ignore_ascii_case("our") && rules.after_our.contains(&next_lower) {
            return OperatorChannel;
        }
        if ["your", "their", "his", "her"]
            .iter()
            .any(|w| prev.eq_ignore_ascii_case(w))
            && rules.after_your.contains(&next_lower)
        {
            return UsersOwn;
        }
        if !next.is_empty()
            && p.reject_next.iter().any(|w| w.eq_ignore_ascii_case(next))
            && after_ext.starts_with(' ')
        {
            return Reference;
        }
        if !self.names_the_service(text, block, hit) {
            return Reference;
        }
        Recipient
    }
}

/// The words right before and after a name are both capitalised, and the one before does not
/// start a sentence: "COMP Facebook LinkedIn Google Places Blog", "Clothes Ebay Paintball".
pub(crate) fn is_capitalised_run(before: &str, after: &str) -> bool {
    let (Some(b), Some(a)) = (before.strip_suffix(' '), after.strip_prefix(' ')) else {
        return false;
    };
    let pw = b.rsplit(' ').next().unwrap_or("");
    let nw = a.split(' ').next().unwrap_or("");
    let capital = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphanumeric)
    };
    if !capital(pw) || !capital(nw) {
        return false;
    }
    let head = b[..b.len() - pw.len()].trim_end();
    !(head.is_empty() || head.ends_with(['.', '!', '?', ':', ';', '(', '"', '|', '-']))
}

pub(crate) fn floor_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

pub(crate) fn ceil_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// `needle` occurs in `hay` starting at a word start.
pub(crate) fn contains_word_prefix(hay: &str, needle: &str) -> bool {
    let mut from = 0;
    while let Some(i) = hay[from..].find(needle) {
        let at = from + i;
        if !char_before(hay, at).is_some_and(char::is_alphanumeric) {
            return true;
        }
        from = at + needle.len().max(1);
        while !hay.is_char_boundary(from) {
            from += 1;
        }
    }
    false
}

/// Drops a trailing determiner and the list of names before a name, so that "search engines
/// like Bing, Google and" ends with "search engines like".
pub(crate) fn strip_list_prefix(before_lower: &str, stop: impl Fn(&str) -> bool) -> String {
    let mut t = before_lower.trim_end().to_string();
    for _ in 0..12 {
        if stop(&t) {
            break;
        }
        let mut changed = false;
        for det in ["our", "the", "your", "their", "its", "a", "an"] {
            if ends_with_phrase(&t, det) {
                t.truncate(t.len() - det.len());
                t.truncate(t.trim_end().len());
                changed = true;
            }
        }
        // A list separator: strip it and the item before it.
        let sep = [",", " and", " or", "&", "/"].iter().find(|sep| {
            t.ends_with(*sep) && (!sep.starts_with(' ') || ends_with_phrase(&t, sep.trim()))
        });
        if let Some(sep) = sep {
            // An Oxford comma before "and"/"or" belongs to the separator.
            let head = t[..t.len() - sep.len()]
                .trim_end()
                .trim_end_matches(',')
                .trim_end()
                .to_string();
            // The first item follows the intro directly: "such as facebook".
            let mut cut = head.len();
            let mut found = None;
            for _ in 0..4 {
                let Some(sp) = head[..cut].rfind([' ', '(']) else {
                    break;
                };
                cut = sp;
                let cand = head[..cut].trim_end_matches([' ', '(']);
                // "connect your Apple Calendar, ...": the intro is followed by a determiner.
                let cand = ["our", "the", "your", "their", "its", "a", "an"]
                    .iter()
                    .find(|d| ends_with_phrase(cand, d))
                    .map_or(cand, |d| cand[..cand.len() - d.len()].trim_end());
                if stop(cand) {
                    found = Some(cand.len());
                    break;
                }
            }
            if let Some(end) = found {
                t.truncate(end);
                break;
            }
            // Otherwise drop one short item ("bing, google and").
            let item_start = floor_char(
                &head,
                head.rfind([',', '(', ':', ';'])
                    .map_or(0, |i| i + 1)
                    .max(head.len().saturating_sub(40)),
            );
            let item = &head[item_start..];
            let words = item.split_whitespace().count();
            if words == 0 || words > 3 || item.contains(" and ") || item.contains(" or ") {
                break;
            }
            t.truncate(item_start);
            t.truncate(t.trim_end().len());
            changed = true;
        }
        if !changed {
            break;
        }
    }
    t
}

/// `text` ends with `phrase` at a word boundary.
pub(crate) fn ends_with_phrase(text: &str, phrase: &str) -> bool {
    text.ends_with(phrase)
        && !text[..text.len() - phrase.len()]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
}

pub(crate) fn next_word(after: &str) -> &str {
    let s = after
        .strip_prefix("'s")
        .or_else(|| after.strip_prefix("\u{2019}s"))
        .unwrap_or(after);
    let s = s
        .trim_start_matches([')', '"', '\u{201d}', '\u{2019}', '*', '_'])
        .trim_start();
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '-'))
        .unwrap_or(s.len());
    &s[..end]
}

pub(crate) fn prev_word(before: &str) -> &str {
    let s = before.trim_end();
    let start = s
        .rfind(|c: char| !c.is_alphanumeric())
        .map_or(0, |i| i + s[i..].chars().next().map_or(1, char::len_utf8));
    &s[start..]
}

/// The sentence of a block containing `r`.
pub(crate) fn sentence_around(text: &str, block: Range<usize>, r: Range<usize>) -> &str {
    let before = &text[block.start..r.start];
    let start = before
        .rfind(['.', '!', '?', '\n'])
        .map_or(block.start, |i| block.start + i + 1);
    let after = &text[r.end..block.end];
    let end = after
        .find(['.', '!', '?', '\n'])
        .map_or(block.end, |i| r.end + i);
    &text[start..end]
}

pub(crate) static NEGATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:not|never|no|neither|nor|without|instead of|rather than|no longer|n't)(?-u:\b)|n't")
        .expect("negation regex")
});

pub(crate) fn is_negated(clause_lower: &str) -> bool {
    NEGATION.is_match(clause_lower)
}

// ------------------------------------------------------------------------------------------
// The policy's third-party disclosure

/// Where a document discloses its third parties.
#[derive(Debug, Default)]
pub struct Disclosure {
    /// Plain-text ranges whose names count as disclosed.
    pub regions: Vec<Range<usize>>,
    /// Source span of the main disclosure's heading (or introducing line); `None` when the
    /// document has no disclosure of its own (only cookie or analytics sections).
    pub anchor: Option<Range<usize>>,
    /// Blocks of the primary disclosure sections (heading first).
    pub primary_sections: Vec<usize>,
}

impl Disclosure {
    pub fn contains(&self, pos: usize) -> bool {
        self.regions.iter().any(|r| r.contains(&pos))
    }
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum HeadingKind {
    /// Sharing, third parties, service providers, sub-processors, recipients.
    Primary,
    /// Analytics, advertising, cookies, payments: names here count as disclosed.
    Secondary,
    Other,
}

pub(crate) const PRIMARY_HEADING: &[&str] = &[
    "third part",
    "third-part",
    "3rd part",
    "providers",
    "service provider",
    "processor",
    "sharing",
    "disclos",
    "recipient",
    "vendor",
    "integration",
    "external service",
    "services we use",
    "tools we use",
    "services used",
    "who has access",
    "who we work with",
    "outside parties",
    "other parties",
];

pub(crate) const NOT_PRIMARY_HEADING: &[&str] = &[
    "link",
    "website",
    "web site",
    " sites",
    "shareholder",
    "market share",
    "disclosure of this policy",
    "responsible disclosure",
    "vulnerability disclosure",
    "file sharing",
    "copyright",
    "this page",
    "bookmark",
    "ad disclosure",
    "affiliate disclosure",
    "advertising disclosure",
    "you share",
    "portability",
    "right to",
];

/// Sections about where data comes from: the services named there are disclosed as sources.
pub(crate) const SOURCE_HEADING: &[&str] = &[
    "from third part",
    "from 3rd part",
    "third-party sources",
    "third party sources",
    "obtained from",
    "receive from",
    "received from",
];

pub(crate) const SECONDARY_HEADING: &[&str] = &[
    "analytic",
    "advertis",
    "cookie",
    "tracking",
    "tracker",
    "payment",
    "social media",
    "social network",
    "plugin",
    "plug-in",
    "embedded",
    "login with",
    "log in with",
    "sign in with",
    "sign-in with",
    "pixel",
    "web beacon",
];

pub(crate) fn heading_kind(title: &str) -> HeadingKind {
    let t = normalize_heading(title);
    // Whole words only for these: not "Network shares", "Sharealike", "Partner Promotion".
    let word = t
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| ["share", "shared", "partners"].contains(&w));
    // A long "heading" is a paragraph the parser promoted (all-caps disclaimers).
    let primary = (word || PRIMARY_HEADING.iter().any(|k| t.contains(k)))
        && !NOT_PRIMARY_HEADING.iter().any(|k| t.contains(k))
        && t.len() <= 90
        && t != "share";
    let source = SOURCE_HEADING.iter().any(|k| t.contains(k));
    if primary && !source {
        HeadingKind::Primary
    } else if source || SECONDARY_HEADING.iter().any(|k| t.contains(k)) {
        HeadingKind::Secondary
    } else {
        HeadingKind::Other
    }
}

pub(crate) static LIST_INTRO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)(?-u:\b)(?:share|shares|disclose|discloses|transfer|transfers|provide|send|sends|use|uses|using|engage|engages|rely\ on|relies\ on|work\ with|works\ with|partner\ with|utili[sz]e|employ)(?-u:\b)[^.]{0,160}(?-u:\b)(?:following|below|these)(?-u:\b)
        |(?-u:\b)following\ (?:[a-z-]+\ ){0,4}?(?:services|service\ providers|providers|processors|sub-?processors|vendors|companies|partners|tools|third\ parties|recipients|platforms|categories\ of\ (?:third\ parties|recipients|service\ providers))(?-u:\b)",
    )
    .expect("list intro regex")
});

/// A sentence that lists recipients: "Key service providers we use include A, B and C",
/// "payment processors, including Stripe and PayPal".
pub(crate) static LISTING_SENTENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)(?-u:\b)(?:providers?|processors?|sub-?processors?|vendors?|partners?|third[-\ ]part(?:y|ies)|recipients)(?-u:\b)
        (?:\ (?:that|which|whom))?(?:\ we\ (?:use|work\ with|engage|rely\ on|share\ (?:data|information)\ with))?
        (?:\ (?:currently\ )?(?:include|includes|are)(?-u:\b)|[^.;]{0,20}?(?-u:\b)(?:such\ as|including|like|e\.g\.|for\ example|namely)(?-u:\b)|\ ?[,:(]\ ?[A-Z])",
    )
    .expect("listing sentence regex")
});

pub(crate) static TABLE_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:service|services|provider|providers|vendor|vendors|processor|sub-?processors?|third[- ]part(?:y|ies)|recipient|recipients|partner|partners|company|tool|tools)(?-u:\b)")
        .expect("table header regex")
});

/// Finds the document's third-party disclosure. `hits` are the catalogue hits of `doc.plain`.
pub(crate) fn find_disclosure(doc: &Document, hits: &[Hit]) -> Disclosure {
    let mut d = Disclosure::default();
    let n = doc.blocks.len();
    // Numbered paragraphs that the parser did not take for headings ("10\\. Facebook pixel").
    let named_block = |i: usize| {
        let r = doc.blocks[i].plain.clone();
        hits.iter()
            .any(|h| r.contains(&h.range.start) && h.processor().is_some())
    };
    let pseudo: Vec<usize> = (0..n)
        .filter(|&i| {
            doc.blocks[i].kind == BlockKind::Paragraph
                && is_pseudo_heading(doc.text(i), || named_block(i))
        })
        .collect();
    for (pi, &start) in pseudo.iter().enumerate() {
        let mut end = pseudo.get(pi + 1).copied().unwrap_or(n);
        if let Some(h) = (start + 1..end).find(|&b| doc.blocks[b].is_heading()) {
            end = h;
        }
        let title = doc.text(start);
        let kind = heading_kind(title);
        let hr = doc.blocks[start].plain.clone();
        let named = hits
            .iter()
            .any(|h| hr.contains(&h.range.start) && h.processor().is_some());
        if kind == HeadingKind::Other && !named {
            continue;
        }
        d.regions.push(doc.plain_range(start..end));
        if kind == HeadingKind::Primary && d.anchor.is_none() {
            d.anchor = Some(doc.blocks[start].span.clone());
        }
    }
    for (si, s) in doc.sections.iter().enumerate() {
        let kind = heading_kind(&s.title);
        let heading_has_name = {
            let hr = doc.blocks[s.heading].plain.clone();
            hits.iter()
                .any(|h| hr.contains(&h.range.start) && h.processor().is_some())
        };
        if kind == HeadingKind::Other && !heading_has_name {
            continue;
        }
        let range = doc.plain_range(s.heading..s.body.end);
        d.regions.push(range);
        if kind == HeadingKind::Primary {
            d.primary_sections.push(si);
            if d.anchor.is_none() {
                d.anchor = Some(doc.blocks[s.heading].span.clone());
            }
        }
    }
    // Sentences listing two or more recipients.
    let mut k = 0;
    for (bi, b) in doc.blocks.iter().enumerate() {
        while k < hits.len() && hits[k].range.start < b.plain.start {
            k += 1;
        }
        let mut k_end = k;
        while k_end < hits.len() && hits[k_end].range.start < b.plain.end {
            k_end += 1;
        }
        if k_end - k < 2 || b.is_heading() {
            continue;
        }
        for sr in sentence_ranges(&doc.plain, b.plain.clone()) {
            let companies: HashSet<String> = hits[k..k_end]
                .iter()
                .filter(|h| sr.contains(&h.range.start))
                .filter_map(Hit::processor)
                .map(|p| CATALOGUE.company_key(p))
                .collect();
            if companies.len() >= 2 && LISTING_SENTENCE.is_match(&doc.plain[sr.clone()]) {
                d.regions.push(sr);
                if d.anchor.is_none() {
                    d.anchor = Some(doc.blocks[bi].span.clone());
                }
            }
        }
    }
    // Tables of services, and lists introduced by "we share ... with the following".
    let mut i = 0;
    while i < n {
        let b = &doc.blocks[i];
        if b.kind == BlockKind::TableRow {
            let start = i;
            while i < n && doc.blocks[i].kind == BlockKind::TableRow {
                i += 1;
            }
            let range = doc.plain_range(start..i);
            let companies: HashSet<String> = hits
                .iter()
                .filter(|h| range.contains(&h.range.start))
                .filter_map(Hit::processor)
                .map(|p| CATALOGUE.company_key(p))
                .collect();
            let header = TABLE_HEADER.is_match(doc.text(start));
            if companies.len() >= 2 || (!companies.is_empty() && header) {
                let intro = start
                    .checked_sub(1)
                    .filter(|&p| !doc.blocks[p].is_heading() && LIST_INTRO.is_match(doc.text(p)));
                let from = intro.unwrap_or(start);
                d.regions.push(doc.plain_range(from..i));
                if d.anchor.is_none() {
                    d.anchor = Some(doc.blocks[from].span.clone());
                }
            }
            continue;
        }
        if matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem)
            && LIST_INTRO.is_match(doc.text(i))
        {
            let text = doc.text(i);
            let lower = text.to_lowercase();
            let ends_colon = text.trim_end().ends_with(':')
                || lower.contains("following")
                || lower.contains("below");
            let mut j = i + 1;
            if ends_colon {
                while j < n
                    && matches!(
                        doc.blocks[j].kind,
                        BlockKind::ListItem | BlockKind::TableRow
                    )
                {
                    j += 1;
                }
            }
            let range = doc.plain_range(i..j);
            let named = hits
                .iter()
                .any(|h| range.contains(&h.range.start) && h.processor().is_some());
            if named {
                d.regions.push(range);
                if d.anchor.is_none() {
                    d.anchor = Some(doc.blocks[i].span.clone());
                }
            }
            i = j.max(i + 1);
            continue;
        }
        i += 1;
    }
    d
}

/// A short paragraph that the parser did not take for a heading: numbered ("10.5. Payment
/// service providers"), or a few words without a final period that name a disclosure topic
/// ("Third party Services") or a service ("Bing Ads").
pub(crate) fn is_pseudo_heading(text: &str, names_service: impl Fn() -> bool) -> bool {
    let t = text.trim();
    if t.ends_with(['.', ',', ';', ':'])
        || !t.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
    {
        return false;
    }
    let (number, rest) = crate::document::split_numbering(t);
    let words = rest.split_whitespace().count();
    if number.is_some() && (1..=10).contains(&words) && rest.starts_with(char::is_uppercase) {
        return true;
    }
    (1..=6).contains(&words) && (heading_kind(rest) != HeadingKind::Other || names_service())
}

/// Splits a block's plain range into sentences (". " followed by a capital, "!", "?").
pub(crate) fn sentence_ranges(text: &str, block: Range<usize>) -> Vec<Range<usize>> {
    let s = &text[block.clone()];
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..bytes.len() {
        if !matches!(bytes[i], b'.' | b'!' | b'?') {
            continue;
        }
        let next_ok = bytes.get(i + 1) == Some(&b' ')
            && bytes
                .get(i + 2)
                .is_some_and(|c| c.is_ascii_uppercase() || *c == b'"');
        let abbrev = [
            "e.g", "i.e", "etc", "Inc", "Ltd", "Co", "Corp", "vs", "St", "No",
        ]
        .iter()
        .any(|a| s[..i].ends_with(a));
        if next_ok && !abbrev {
            out.push(block.start + start..block.start + i + 1);
            start = i + 2;
        }
    }
    if start < s.len() {
        out.push(block.start + start..block.end);
    }
    out
}

/// Companies (lowercased, with their parent groups) that are the document's own operator:
/// named in the title or file name, or introduced as "we".
pub(crate) fn operator_companies(doc: &Document, hits: &[Hit]) -> HashSet<String> {
    let cat = &*CATALOGUE;
    let mut own: HashSet<usize> = HashSet::new();
    let mut title_blocks: Vec<usize> = Vec::new();
    if !doc.blocks.is_empty() {
        title_blocks.push(0);
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
