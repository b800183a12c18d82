//! `unnamed-third-parties` (D002): the policy shares data with third parties, processors or
//! service providers but names none of them and points to no list.

use std::ops::Range;
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

/// A sentence saying data goes to third parties / service providers / processors.
static SHARING: LazyLock<Regex> = LazyLock::new(|| {
    // Who receives: "third parties", "(payment) service providers", "vendors", ...
    const RECIPIENT: &str = r"(?:third[-\ ]part(?:y|ies)(?:\ [a-z-]+)?|(?:[a-z-]+\ ){0,2}?(?:service\ providers?|providers?|vendors?|processors?|sub-?processors?|contractors?|suppliers?|partners?|companies|institutions)|outside\ parties|other\ parties|(?:those|people|persons|organi[sz]ations|entities)\ (?:who|that)\ (?:provide|perform|help|assist))";
    let pattern = format!(
        r"(?xi)
        # we share / disclose / transfer ... with / to <recipient>
        (?-u:\b)(?:share[sd]?|sharing|disclose[sd]?|disclosing|transfer(?:s|red|ring)?|pass(?:es|ed|ing)?|sell|sells|sold|selling|rent(?:s|ed)?
          |provide[sd]?|providing|send|sends|sent|give[sn]?|giving|make\ [a-z]+\ available|made\ available|release[sd]?|forward(?:s|ed)?)(?-u:\b)
          [^.;!?]{{0,100}}?(?-u:\b)(?:with|to)\ (?P<f1>(?:[a-z'-]+\ ){{0,5}}?{RECIPIENT})(?-u:\b)
        # we use / engage / work with <recipient>
        |(?-u:\b)(?:we|i|may|might|also|will|do|does|can|could|currently|sometimes|occasionally|often|to|app|site|website|service)
          \ (?:use|engage|employ|rely\ on|work\ with|partner\ with|hire|retain|utili[sz]e|contract\ with|allow)\ (?P<f2>(?:[a-z'-]+\ ){{0,4}}?{RECIPIENT})(?-u:\b)
        |(?-u:\b)(?:uses|engages|employs|relies\ on|works\ with|partners\ with|hires|retains|utili[sz]es|contracts\ with|allows)\ (?P<f3>(?:[a-z'-]+\ ){{0,4}}?{RECIPIENT})(?-u:\b)
        # processed / handled / hosted by <recipient>
        |(?-u:\b)(?:processed|handled|hosted|stored|managed|collected|received)\ by\ (?P<f4>(?:[a-z'-]+\ ){{0,4}}?{RECIPIENT})(?-u:\b)
        # third parties may collect / receive
        |(?-u:\b)third[-\ ]parties\ (?:may\ |will\ |can\ )?(?:also\ )?(?:collect|receive|have\ access)(?-u:\b)"
    );
    Regex::new(&pattern).expect("sharing regex")
});

static NEGATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:not|never|no|none|nothing|nobody|neither|nor)(?-u:\b)|n't")
        .expect("negation regex")
});

static EXCEPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:except|other than|unless|apart from|besides|only with|only to|save for|but only|however)(?-u:\b)|, but(?-u:\b)|(?-u:\b)does not include(?-u:\b)")
        .expect("exception regex")
});

/// An exception that lets data through to providers (not "except as required by law").
static EXCEPTION_TO_PROVIDERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)third[- ]part|provid|vendor|processor|contractor|agent|partner|behalf|help us|assist|fulfil|ship|deliver|operat|process")
        .expect("exception target regex")
});

/// An exception for legal reasons or consent, not for providers.
static EXCEPTION_LEGAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:law|laws|legal|legally|court|subpoena|authorit\w*|regulat\w*|permission|consent|authori[sz]ation)(?-u:\b)")
        .expect("legal exception regex")
});

/// Statements about something other than sharing our users' data with recipients.
static OFF_TOPIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:links?|linked|third[- ]party (?:web)?sites?|third[- ]party websites?|internet service providers?|mobile service providers?|wireless (?:service )?providers?|(?:your|their) (?:own )?(?:service )?providers?|not responsible|not be responsible|cannot be responsible|no control|non-personal(?:ly)?|non-identifiable|not personally identifiable|aggregated?|anonymous|anonymi[sz]ed|de-identified|1798\.83|be informed|provides? us with|(?:receive|obtain|collect)s? (?:\w+ ){0,3}from|from third parties|notify you|receive notice|be notified|certificate|ssl|approv\w*|if you agree|copyright|infring\w*|(?:your|prior|explicit|express|opt-in|affirmative|written) (?:\w+ )?(?:consent|permission)|(?:at|upon|on) your (?:\w+ )?(?:request|direction|instruction)|you (?:explicitly )?request|(?:when|if|where) (?:we are |it is )?(?:legally )?(?:required|obligated|compelled)|competent|authorities|legal obligations?|statistical (?:information|data)|(?:overall|aggregate|general) statistics|shine the light|(?:your|the) (?:message|complaint|question|inquiry|enquiry|feedback)|law enforcement|prosecut\w*|subpoena|court order|sale of a|subsidiar\w*|merger|acquisition|acquired|bankrupt\w*|reorgani[sz]ation|sale of (?:all|substantially|some|part|our|the)|business transfer|successor|trademarks?)(?-u:\b)",
    )
    .expect("off-topic regex")
});

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

/// Splits a block's plain range into sentences.
fn sentences(text: &str, block: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let s = &text[block.clone()];
    let mut start = 0;
    let bytes = s.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let colon_split = b == b':'
            && bytes.get(i + 1) == Some(&b' ')
            && bytes.get(i + 2).is_some_and(|c| c.is_ascii_uppercase());
        if (matches!(b, b'.' | b'!' | b'?') || colon_split)
            && bytes.get(i + 1).map_or(true, |c| c.is_ascii_whitespace())
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
    // Questions are headings of FAQ-style policies ("Do we disclose any information to
    // outside parties?"); the answer follows.
    let lower_start = sentence.trim_start().to_ascii_lowercase();
    let question = [
        "how ", "what ", "who ", "whom ", "why ", "when ", "where ", "do we ", "does ", "will we ",
        "can we ", "is ", "are ",
    ]
    .iter()
    .any(|q| lower_start.starts_with(q));
    if sentence.trim_end().ends_with('?') || question || OFF_TOPIC.is_match(sentence) {
        return false;
    }
    // The words between "with"/"to" and the recipient must not name someone else ("contracts
    // with you or third parties"), and a capitalised recipient is a proper name ("collected by
    // The Darling Companies").
    let m = SHARING.captures_iter(sentence).find(|c| {
        // The recipient phrase without its final noun.
        let phrase = ["f1", "f2", "f3", "f4"]
            .iter()
            .find_map(|g| c.name(g))
            .map_or("", |f| f.as_str());
        let filler = phrase.rsplit_once(' ').map_or("", |(head, _)| head);
        let names_other = filler.split_whitespace().any(|w| {
            [
                "you",
                "your",
                "us",
                "me",
                "them",
                "him",
                "her",
                "users",
                "visitors",
                "customers",
                "members",
                "in",
                "with",
                "about",
                "for",
                "on",
                "affiliated",
                "related",
                "sister",
                "parent",
                "group",
                "member",
                "subsidiary",
                "subsidiaries",
                "law",
                "enforcement",
                "government",
                "governmental",
                "correctional",
                "public",
                "physician",
                "healthcare",
                "health",
                "medical",
                "care",
                "doctor",
                "hospital",
                "unauthorized",
                "unauthorised",
                "company",
                "information",
                "data",
                "details",
            ]
            .contains(&w.to_ascii_lowercase().as_str())
        });
        let whole = c.get(0).map_or("", |m| m.as_str());
        let last = whole.rsplit(' ').next().unwrap_or("");
        let proper = last.starts_with(|ch: char| ch.is_uppercase())
            && !last.to_ascii_lowercase().starts_with("third")
            && !whole.to_ascii_lowercase().contains("third");
        !names_other && !proper
    });
    let Some(m) = m.and_then(|c| c.get(0)) else {
        return false;
    };
    let before = &sentence[..m.start()];
    // The user discloses something ("if you have disclosed your password to a third party").
    let last_words: Vec<String> = before
        .split_whitespace()
        .rev()
        .take(3)
        .map(|w| w.to_ascii_lowercase())
        .collect();
    if last_words
        .iter()
        .any(|w| w == "you" || w == "you've" || w == "users")
    {
        return false;
    }
    // The user's own undertaking: "you hereby agree not to disclose your password to any
    // third party".
    let before_lower = before.trim_end().to_ascii_lowercase();
    if [
        "agree not to",
        "agrees not to",
        "undertake not to",
        "undertakes not to",
    ]
    .iter()
    .any(|p| before_lower.ends_with(p))
    {
        return false;
    }
    let negation = NEGATED
        .find(before)
        .or_else(|| NEGATED.find(m.as_str()).map(|_| m));
    let Some(neg) = negation else {
        return true;
    };
    // "We do not share your data, except with service providers who ...".
    EXCEPTION
        .find_iter(sentence)
        .filter(|e| e.start() >= neg.end().min(m.end()))
        .any(|e| {
            let clause = &sentence[e.end()..];
            EXCEPTION_TO_PROVIDERS.is_match(clause) && !EXCEPTION_LEGAL.is_match(clause)
        })
}

/// A short line in title case that the parser did not take for a heading ("Opting Out of
/// Disclosing Information About You To Third Parties").
fn is_title_line(text: &str) -> bool {
    let t = text.trim();
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.is_empty() || words.len() > 14 || t.ends_with(['.', ':', ';', ',']) {
        return false;
    }
    // A short line that starts a line of its own and does not end a sentence.
    if words.len() <= 10 && t.starts_with(|c: char| c.is_uppercase()) && !t.ends_with(['!', ')']) {
        return true;
    }
    let capital = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    capital * 3 >= words.len() * 2
}

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
        // Plain-text files keep one line per block and break sentences across lines: a block
        // that starts in lowercase continues the previous one.
        let mut units: Vec<(usize, Range<usize>)> = Vec::new();
        for (i, blk) in doc.blocks.iter().enumerate() {
            let text = doc.text(i);
            let continues = i > 0
                && matches!(blk.kind, BlockKind::Paragraph | BlockKind::ListItem)
                && text.starts_with(|c: char| c.is_lowercase())
                && !doc.blocks[i - 1].is_heading()
                && !doc.text(i - 1).trim_end().ends_with(['.', '!', '?']);
            match units.last_mut() {
                Some((_, r)) if continues => r.end = blk.plain.end,
                _ => units.push((i, blk.plain.clone())),
            }
        }
        let search = |in_primary: bool| -> Option<Range<usize>> {
            for (first, range) in &units {
                if in_primary != primary_blocks.contains(first) {
                    continue;
                }
                if doc.blocks[*first].is_heading() {
                    continue;
                }
                for s in sentences(&doc.plain, range.clone()) {
                    let text = doc.plain[s.clone()].replace('\n', " ");
                    if is_title_line(&text) {
                        continue;
                    }
                    if is_sharing_statement(&text) {
                        return Some(s);
                    }
                }
            }
            None
        };
        let found = search(true).or_else(|| search(false));
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
    fn sharing_statements() {
        for s in [
            "We use third-party infrastructure and API providers to operate the service (for example: hosting, auth/database, AI providers, and payments).",
            "We may share your information with third-party service providers who perform services on our behalf.",
            "We do not sell your data, but we share it with service providers.",
            "Your data is processed by our hosting provider.",
            "We disclose personal information to vendors that help us run the site.",
            "We will only share your personal information with those who provide services to the Site.",
        ] {
            assert!(is_sharing_statement(s), "{s}");
        }
        for s in [
            "We do not share your personal information with third parties.",
            "We will never sell or rent your data to third parties.",
            "Our site may contain links to third-party websites.",
            "We are not responsible for the practices of third parties.",
            "Contact your mobile service provider for details.",
            "You hereby agree not to disclose your password to any third party (other than third parties authorized by you).",
            "Please contact us; we will be happy to forward your message to the third party.",
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
