//! `consent-by-use` (L001): use of the service presented as consent to processing.

use std::ops::Range;
use std::sync::LazyLock;

use regex::{Regex, RegexBuilder};
use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::model::{DocumentKind, Model};
use crate::rule::{LintContext, Rule, RuleMeta};

crate::declare_rule! {
    /// ## What it does
    /// Finds sentences that treat using, visiting or browsing the service as consent to the
    /// processing of personal data, to cookies, or to the privacy policy itself: "By using our
    /// site, you consent to our privacy policy", "By using the Service, you agree to the
    /// collection and use of information in accordance with this policy", "By continuing to
    /// browse, you agree to our use of cookies", "Your use of the site constitutes your consent
    /// to ...".
    ///
    /// In a terms of service, "By using the Services you agree to these Terms" forms a
    /// contract and is not reported; only consent to data collection or cookies is. A clause
    /// that makes continued use after a change mean acceptance of the revised policy is not
    /// reported either. Runs only with the `gdpr` jurisdiction profile.
    ///
    /// ## Why is this bad?
    /// Under the GDPR, consent must be "a clear affirmative action" (Art. 4(11)); "silence,
    /// pre-ticked boxes or inactivity" do not count (Recital 32), and the EDPB's consent
    /// guidelines (05/2020) say that merely continuing to use a website is not such an
    /// action. The controller must be able to demonstrate consent and let people withdraw it as
    /// easily as they gave it (Art. 7(1), 7(3)). A policy that rests processing on use of the
    /// service has, in effect, no valid legal basis for whatever needs consent, and it hides
    /// the real basis that Art. 13(1)(c) requires it to state. For cookies, the ePrivacy
    /// Directive (Art. 5(3)) borrows the same definition of consent.
    ///
    /// ## Example
    /// ```text
    /// By using our Service, you agree to the collection and use of information in
    /// accordance with this policy.
    /// ```
    ///
    /// ## How to fix
    /// State the legal basis of each purpose (Art. 6(1): contract, legal obligation,
    /// legitimate interests, consent ...). Where you rely on consent, ask for it with a
    /// separate affirmative action (an unticked box, an "Accept" button with an equal
    /// "Reject"), record it, and explain how to withdraw it.
    ///
    /// ## References
    /// - GDPR Art. 4(11), Art. 6(1), Art. 7, Recital 32
    /// - EDPB Guidelines 05/2020 on consent under Regulation 2016/679
    pub static META = {
        code: "L001",
        name: "consent-by-use",
        category: Legal,
        severity: Warning,
        summary: "use of the service presented as consent to processing",
        requires_jurisdiction: ["gdpr"],
    }
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Role {
    Trigger,
    Verb,
    Object,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Scope {
    All,
    Privacy,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConsentFile {
    pattern: Vec<PatternEntry>,
    #[serde(default)]
    #[cfg_attr(not(test), allow(dead_code))]
    sentence: Vec<SentenceExample>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PatternEntry {
    #[cfg_attr(not(test), allow(dead_code))]
    id: String,
    role: Role,
    scope: Scope,
    regex: String,
    #[cfg_attr(not(test), allow(dead_code))]
    matches: Vec<String>,
    #[serde(default)]
    #[cfg_attr(not(test), allow(dead_code))]
    ignores: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(not(test), allow(dead_code))]
struct SentenceExample {
    text: String,
    document: String,
    flagged: bool,
}

struct Vocabulary {
    #[cfg_attr(not(test), allow(dead_code))]
    file: ConsentFile,
    /// One regex per role (the entries of that role joined), compiled once.
    trigger: Regex,
    verb: Regex,
    object_all: Regex,
    object_privacy: Regex,
}

static DATA: &str = include_str!("../../rules/consent-by-use.toml");

fn compile(pattern: &str) -> Regex {
    RegexBuilder::new(pattern)
        .case_insensitive(true)
        .build()
        .unwrap_or_else(|e| panic!("rules/consent-by-use.toml: {e}"))
}

fn join<'a>(entries: impl Iterator<Item = &'a PatternEntry>) -> Regex {
    let parts: Vec<String> = entries.map(|e| format!("(?:{})", e.regex)).collect();
    compile(&parts.join("|"))
}

static VOCAB: LazyLock<Vocabulary> = LazyLock::new(|| {
    let file: ConsentFile = crate::vocab::load("consent-by-use.toml", DATA);
    let of = |role: Role| file.pattern.iter().filter(move |e| e.role == role);
    let trigger = join(of(Role::Trigger));
    let verb = join(of(Role::Verb));
    let object_all = join(of(Role::Object).filter(|e| e.scope == Scope::All));
    let object_privacy = join(of(Role::Object));
    Vocabulary {
        trigger,
        verb,
        object_all,
        object_privacy,
        file,
    }
});

/// Words that make a sentence about a change of the policy, not about consent.
const CHANGE_WORDS: &[&str] = &[
    "revised",
    "updated",
    "amended",
    "modified",
    "changed",
    "changes",
    "new version",
    "recent version",
    "latest version",
    "current version",
    "then-current",
];

/// Words between the verb and the object that show the object belongs to another clause.
const OTHER_CLAUSE: &[&str] = &[
    "law",
    "govern",
    "jurisdiction",
    "dispute",
    "arbitrat",
    "court",
    "comply",
    "not to",
    "responsib",
    "liab",
    "indemn",
    "warrant",
];

/// The end of the sentence that starts at `from` (at most 400 bytes on).
fn sentence_end(text: &str, from: usize) -> usize {
    let limit = (from + 400).min(text.len());
    let mut end = limit;
    let bytes = text.as_bytes();
    for i in from..limit {
        match bytes[i] {
            b'\n' => {
                end = i;
                break;
            }
            b'.' | b'!' | b'?' if i + 1 >= text.len() || bytes[i + 1].is_ascii_whitespace() => {
                end = i + 1;
                break;
            }
            _ => {}
        }
    }
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end
}

/// Every consent-by-use statement: the plain range from the trigger to the object.
fn find_statements(text: &str, privacy_document: bool) -> Vec<Range<usize>> {
    let v = &*VOCAB;
    let object = if privacy_document {
        &v.object_privacy
    } else {
        &v.object_all
    };
    let mut found: Vec<Range<usize>> = Vec::new();
    for t in v.trigger.find_iter(text) {
        if found.last().is_some_and(|r| t.start() < r.end) {
            continue;
        }
        let end = sentence_end(text, t.end());
        let rest = &text[t.end()..end];
        let Some(verb) = v.verb.find(rest) else {
            continue;
        };
        let after = &rest[verb.start()..];
        let window = match after.char_indices().nth(160) {
            Some((i, _)) => &after[..i],
            None => after,
        };
        let Some(obj) = object.find(window) else {
            continue;
        };
        // The object must be what is consented to, not part of another clause ("you agree
        // that the laws of Colorado will govern this Policy").
        let between = window[..obj.start()].to_ascii_lowercase();
        if between.len() > 90 || OTHER_CLAUSE.iter().any(|w| between.contains(w)) {
            continue;
        }
        let lower = text[t.start()..end].to_ascii_lowercase();
        if CHANGE_WORDS.iter().any(|w| lower.contains(w)) {
            continue;
        }
        let stop = t.end() + verb.start() + obj.end();
        found.push(t.start()..stop);
    }
    found
}

/// Most findings reported per document.
const MAX_PER_DOCUMENT: usize = 3;

pub struct ConsentByUse;

impl Rule for ConsentByUse {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, model: &Model<'_>, cx: &mut LintContext<'_>) {
        // Terms and other rules ("by using the service you agree to these Terms") are contracts;
        // the statement is only a consent claim in a notice.
        let privacy_document = !matches!(
            model.kind().kind,
            DocumentKind::Terms | DocumentKind::OtherLegal
        );
        let found = find_statements(&doc.plain, privacy_document);
        let total = found.len();
        for (k, r) in found.into_iter().take(MAX_PER_DOCUMENT).enumerate() {
            let text = &doc.plain[r.clone()];
            let shown: String = if text.chars().count() > 100 {
                text.chars().take(97).collect::<String>() + "..."
            } else {
                text.to_string()
            };
            let mut d = Diagnostic::new(
                &META,
                doc.span(r),
                format!("use of the service is presented as consent: `{shown}`"),
            )
            .with_label("using a service is not a clear affirmative act")
            .with_note("GDPR Art. 4(11) requires consent to be given \"by a statement or by a clear affirmative action\", and Recital 32 says inactivity does not count; Art. 7 requires the controller to demonstrate consent and allow its withdrawal")
            .with_help("state the legal basis of each purpose (Art. 6(1)); where it is consent, collect it with a separate affirmative action that can be withdrawn");
            if k + 1 == MAX_PER_DOCUMENT && total > MAX_PER_DOCUMENT {
                d = d.with_note(format!(
                    "{} more such statements in this document are not shown",
                    total - MAX_PER_DOCUMENT
                ));
            }
            cx.report(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::ExampleReport;

    #[test]
    fn vocabulary_examples_hold() {
        let v = &*VOCAB;
        let mut report = ExampleReport::default();
        let ids: Vec<&str> = v.file.pattern.iter().map(|e| e.id.as_str()).collect();
        report.expect_sorted_unique("patterns", &ids);
        for e in &v.file.pattern {
            let re = compile(&e.regex);
            report.expect(!e.matches.is_empty(), || format!("{}: no examples", e.id));
            for m in &e.matches {
                report.expect(re.is_match(m), || format!("{}: should match {m:?}", e.id));
            }
            for m in &e.ignores {
                report.expect(!re.is_match(m), || {
                    format!("{}: should not match {m:?}", e.id)
                });
            }
        }
        for s in &v.file.sentence {
            let got = !find_statements(&s.text, s.document == "privacy").is_empty();
            report.expect(got == s.flagged, || {
                format!(
                    "sentence {:?} in a {} document: expected flagged = {}",
                    s.text, s.document, s.flagged
                )
            });
        }
        report.assert_ok("consent-by-use.toml");
    }
}
