//! Statements: the sentences of a document, and what its sharing sentences say. A sentence
//! such as "We do not share your data, except with service providers who help us" is read
//! once here, with the scope of its negation and of its exception, and rules judge the result.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::document::{BlockKind, Document};

/// What a sentence says about passing users' data to third parties.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sharing {
    /// "We share your information with service providers."
    Affirmed,
    /// "We do not share your data, except with vendors who process it for us."
    DeniedExceptProviders,
    /// "We never sell or share your data with third parties" (also "... except as required by
    /// law": that exception lets nothing through to providers).
    Denied,
}

impl Sharing {
    /// Whether data does go to third parties.
    pub fn shares(self) -> bool {
        self != Sharing::Denied
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Sharing::Affirmed => "shares data with third parties",
            Sharing::DeniedExceptProviders => "denies sharing, except with providers",
            Sharing::Denied => "denies sharing",
        }
    }
}

/// A sentence about passing data to third parties.
#[derive(Clone, Debug)]
pub struct SharingStatement {
    /// Plain range of the sentence.
    pub range: Range<usize>,
    /// The block the sentence's paragraph starts in (a wrapped text paragraph spans several).
    pub block: usize,
    pub sharing: Sharing,
}

/// Every sharing sentence of the document, in order. Headings and title-like lines are not
/// sentences.
pub fn sharing_statements(doc: &Document) -> Vec<SharingStatement> {
    let mut out = Vec::new();
    for (first, range) in paragraphs(doc) {
        if doc.blocks[first].is_heading() {
            continue;
        }
        for s in sentences(&doc.plain, range) {
            let text = doc.plain[s.clone()].replace('\n', " ");
            if is_title_line(&text) {
                continue;
            }
            if let Some(sharing) = read_sharing(&text) {
                out.push(SharingStatement {
                    range: s,
                    block: first,
                    sharing,
                });
            }
        }
    }
    out
}

/// Paragraphs as (first block, plain range). Plain-text files keep one line per block and
/// break sentences across lines: a block that starts in lowercase continues the previous one.
fn paragraphs(doc: &Document) -> Vec<(usize, Range<usize>)> {
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
    units
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
        // Text scraped from a web page runs sentences together where markup stood: "from
        // the system.Does Soma Luna share ...?In a word, never." (a lowercase word, the
        // stop, then a capitalised word).
        let run_together = matches!(b, b'.' | b'!' | b'?')
            && i >= 2
            && bytes[i - 1].is_ascii_lowercase()
            && bytes[i - 2].is_ascii_lowercase()
            && bytes.get(i + 1).is_some_and(u8::is_ascii_uppercase)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_lowercase);
        if (matches!(b, b'.' | b'!' | b'?') || colon_split)
            && (bytes.get(i + 1).map_or(true, |c| c.is_ascii_whitespace()) || run_together)
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

/// Reads a sentence about data going to third parties: `None` when it is not one (a question,
/// links to other sites, the user's own disclosures, aggregate statistics, legal demands).
fn read_sharing(sentence: &str) -> Option<Sharing> {
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
        return None;
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
    let m = m.and_then(|c| c.get(0))?;
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
        return None;
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
        return None;
    }
    let negation = NEGATED
        .find(before)
        .or_else(|| NEGATED.find(m.as_str()).map(|_| m));
    let Some(neg) = negation else {
        return Some(Sharing::Affirmed);
    };
    // "We do not share your data, except with service providers who ...": the negation's
    // scope ends at an exception that lets data through to providers; an exception for legal
    // demands or consent leaves it a denial.
    let to_providers = EXCEPTION
        .find_iter(sentence)
        .filter(|e| e.start() >= neg.end().min(m.end()))
        .any(|e| {
            let clause = &sentence[e.end()..];
            EXCEPTION_TO_PROVIDERS.is_match(clause) && !EXCEPTION_LEGAL.is_match(clause)
        });
    Some(if to_providers {
        Sharing::DeniedExceptProviders
    } else {
        Sharing::Denied
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

#[cfg(test)]
mod tests {
    use super::*;

    fn shares(s: &str) -> bool {
        read_sharing(s).is_some_and(Sharing::shares)
    }

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
            assert!(shares(s), "{s}");
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
            assert!(!shares(s), "{s}");
        }
    }

    #[test]
    fn sentences_run_together_by_scraping_are_split() {
        let text = "It is deleted from the system.Does Acme share data with third parties?In a word, never. Acme never sells your information to third parties.";
        let got: Vec<&str> = sentences(text, 0..text.len())
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(
            got,
            [
                "It is deleted from the system.",
                "Does Acme share data with third parties?",
                "In a word, never.",
                "Acme never sells your information to third parties."
            ]
        );
        assert!(got
            .iter()
            .all(|s| read_sharing(s).map_or(true, |r| !r.shares())));
    }

    #[test]
    fn negation_scope_ends_at_an_exception_for_providers() {
        assert_eq!(
            read_sharing("We do not share your data, except with service providers who host it."),
            Some(Sharing::DeniedExceptProviders)
        );
        assert_eq!(
            read_sharing("We never share your data with third parties, except as required by law."),
            Some(Sharing::Denied)
        );
        assert_eq!(
            read_sharing("Our site may contain links to third-party websites."),
            None
        );
    }
}
