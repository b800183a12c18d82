//! The kind of document, decided once from its title, URL path, file name and content, with
//! the evidence for the decision. Every rule that applies only to some kinds reads this.

use crate::document::{BlockKind, Document, Format};

use super::concepts::{self, Analysis};

/// What a document is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum DocumentKind {
    /// A privacy policy or notice (including "Privacy and Cookie Policy").
    PrivacyPolicy,
    /// A cookie or tracker policy.
    CookiePolicy,
    /// Terms of service, conditions, licence or user agreements.
    Terms,
    /// Another legal text: a data processing addendum, a sub-processor list, a copyright or
    /// refund policy, community guidelines, an imprint.
    OtherLegal,
    /// Not a policy: a topic or news page, an index of documents, a parked domain, a form,
    /// a navigation hub.
    NotPolicy,
}

impl DocumentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::PrivacyPolicy => "privacy-policy",
            DocumentKind::CookiePolicy => "cookie-policy",
            DocumentKind::Terms => "terms",
            DocumentKind::OtherLegal => "other-legal",
            DocumentKind::NotPolicy => "not-a-policy",
        }
    }
}

/// The decision and why.
#[derive(Clone, Debug)]
pub struct KindDecision {
    pub kind: DocumentKind,
    /// The block whose text names the document (its title), when a heading or first line
    /// does; document-level findings point at it.
    pub title: Option<usize>,
    /// Short phrases for `inspect`: what named the document and what the content showed.
    pub evidence: Vec<String>,
    /// Content measures the decision used.
    pub content: ContentProfile,
    /// The block near the top that says the document supplements another privacy policy
    /// ("This notice supplements the Acme Privacy Policy"), which covers most topics for it.
    pub supplement: Option<usize>,
}

/// How much of a document reads like a policy.
#[derive(Clone, Copy, Debug, Default)]
pub struct ContentProfile {
    /// Words in the plain text.
    pub words: usize,
    /// Words in prose blocks: paragraphs and list items of at least eight words that contain
    /// a sentence end. Navigation, link lists and forms have few.
    pub prose_words: usize,
    /// Core practice concepts covered (collection, use, sharing, retention, security, rights,
    /// children, changes).
    pub core_covered: usize,
    /// Distinct privacy cue phrases ("personal information", "we collect", "cookies"...).
    pub privacy_cues: usize,
}

/// What a title, heading, URL path or file name says the document is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Said {
    /// "Privacy Policy", "Privacy Notice", "Data Protection Statement".
    PrivacyPolicy,
    /// "Privacy" as a topic word only ("Intelligence, Surveillance, and Privacy", a `/privacy/`
    /// path): the content must agree.
    PrivacyTopic,
    Cookie,
    Terms,
    OtherLegal,
    Nothing,
}

impl Said {
    fn other_kind(self) -> Option<DocumentKind> {
        match self {
            Said::Cookie => Some(DocumentKind::CookiePolicy),
            Said::Terms => Some(DocumentKind::Terms),
            Said::OtherLegal => Some(DocumentKind::OtherLegal),
            _ => None,
        }
    }
}

fn is_word_char_before(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
}

fn is_word_char_after(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_some_and(char::is_alphanumeric)
}

/// Where the last whole-word occurrence of `word` ends, and its length: the later end wins,
/// and at the same end the longer phrase ("data processing agreement" over "agreement").
fn rfind_word(text: &str, word: &str) -> Option<(usize, usize)> {
    text.rmatch_indices(word)
        .find(|&(i, _)| !is_word_char_before(text, i) && !is_word_char_after(text, i + word.len()))
        .map(|(i, _)| (i + word.len(), word.len()))
}

/// Reads a title, URL path or file name: the kind word nearest the end names the document
/// ("Data Protection Terms" are terms; a repository called `app-privacy` may hold
/// `terms-of-service.md`). A cookie word only wins when no privacy word is there: "Privacy and
/// Cookie Policy" is a privacy policy.
pub(crate) fn title_says(text: &str) -> Said {
    let lower = text.to_lowercase().replace(['-', '_', '.', '/'], " ");
    let v = concepts::kind_vocabulary();
    let last = |words: &[String]| words.iter().filter_map(|w| rfind_word(&lower, w)).max();
    let privacy = last(&v.privacy);
    let cookie = if privacy.is_some() {
        None
    } else {
        last(&v.cookie)
    };
    let terms = last(&v.terms);
    let other = last(&v.other);
    // "Privacy Policy and Terms of Use": a privacy word followed by a policy word names a
    // privacy document whatever comes after ("Data Protection Terms" are still terms).
    let strong_privacy = v.privacy.iter().any(|p| {
        lower.match_indices(p.as_str()).any(|(i, _)| {
            let rest = lower[i + p.len()..].trim_start();
            ["policy", "policies", "notice", "statement", "charter"]
                .iter()
                .any(|w| rest.starts_with(w))
        })
    });
    if strong_privacy {
        return Said::PrivacyPolicy;
    }
    let best = [
        (privacy, Said::PrivacyPolicy),
        (cookie, Said::Cookie),
        (terms, Said::Terms),
        (other, Said::OtherLegal),
    ]
    .into_iter()
    .filter_map(|(at, said)| at.map(|a| (a, said)))
    .max_by_key(|&(at, _)| at);
    match best {
        Some((_, Said::PrivacyPolicy)) => {
            if v.policy_words
                .iter()
                .any(|w| rfind_word(&lower, w).is_some())
            {
                Said::PrivacyPolicy
            } else {
                Said::PrivacyTopic
            }
        }
        Some((_, said)) => said,
        None => Said::Nothing,
    }
}

/// The first `len` bytes of `s`, cut at a character boundary.
fn window(s: &str, len: usize) -> &str {
    let mut at = len.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    &s[..at]
}

/// Measures how much of the document reads like a policy. Hard-wrapped text counts by
/// paragraph (a line that continues the previous sentence joins it), not by line.
fn content_profile(doc: &Document, analysis: &Analysis) -> ContentProfile {
    let place = concepts::places(doc);
    // Per place (paragraph): words, and whether it has a sentence end; only paragraphs and
    // list items count as prose.
    let mut per_place: Vec<(usize, bool, bool)> = vec![(0, false, false); doc.blocks.len()];
    let mut words = 0;
    for (i, b) in doc.blocks.iter().enumerate() {
        let text = doc.text(i);
        let n = text.split_whitespace().count();
        words += n;
        let entry = &mut per_place[place[i]];
        entry.0 += n;
        entry.1 |= text.contains(['.', '!', '?', ';']);
        entry.2 |= matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem);
    }
    let prose_words = per_place
        .iter()
        .filter(|&&(n, sentence, prose_kind)| n >= 8 && sentence && prose_kind)
        .map(|&(n, _, _)| n)
        .sum();
    ContentProfile {
        words,
        prose_words,
        core_covered: analysis.core_covered(),
        privacy_cues: analysis.privacy_cues,
    }
}

/// Where the name of the document came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Source {
    UrlPath,
    Heading(usize),
    FirstLine(usize),
    FileName,
}

impl Source {
    fn describe(self) -> &'static str {
        match self {
            Source::UrlPath => "the page's URL path",
            Source::Heading(_) => "its title",
            Source::FirstLine(_) => "one of its first lines",
            Source::FileName => "its file name",
        }
    }
}

/// Decides the kind of a document.
pub fn decide(doc: &Document, analysis: &Analysis) -> KindDecision {
    let v = concepts::kind_vocabulary();
    let content = content_profile(doc, analysis);
    let mut evidence = Vec::new();

    // The names a document gives itself, strongest first: a scraped page's URL path (the
    // host, `privacy.example.com`, says nothing), its first headings, its first line, its
    // file name.
    let first = doc.blocks.first().map(|_| doc.text(0)).unwrap_or("");
    let scraped_path = first
        .strip_prefix("http://")
        .or_else(|| first.strip_prefix("https://"))
        .map(|rest| rest.find('/').map_or("", |i| &rest[i..]));
    let mut names: Vec<(Source, Said)> = Vec::new();
    if let Some(path) = scraped_path {
        names.push((Source::UrlPath, title_says(window(path, 300))));
    }
    let mut headings: Vec<(u8, usize)> = doc
        .blocks
        .iter()
        .enumerate()
        .take(15)
        .filter_map(|(i, b)| match b.kind {
            BlockKind::Heading { level } => Some((level, i)),
            _ => None,
        })
        .take(3)
        .collect();
    // A level-1 title before a bold banner above it.
    headings.sort_unstable();
    for &(_, i) in &headings {
        names.push((Source::Heading(i), title_says(window(doc.text(i), 200))));
    }
    if scraped_path.is_none() {
        // The first short lines: a breadcrumb ("Legal terms") may stand above the title, so a
        // line naming a privacy policy outranks the lines before it.
        let lines: Vec<(usize, Said)> = (0..doc.blocks.len().min(3))
            .filter(|&b| doc.text(b).split_whitespace().count() <= 12)
            .map(|b| (b, title_says(window(doc.text(b), 200))))
            .collect();
        let line = lines
            .iter()
            .copied()
            .find(|(_, s)| *s == Said::PrivacyPolicy)
            .or_else(|| lines.iter().copied().find(|(_, s)| *s != Said::Nothing));
        if let Some((b, said)) = line {
            names.push((Source::FirstLine(b), said));
        }
        names.push((Source::FileName, {
            let name = doc.path.rsplit(['/', '\\']).next().unwrap_or(&doc.path);
            title_says(name)
        }));
    }
    // A file called `privacy.md` or a Markdown or HTML title "Privacy" names the document;
    // in a text file's guessed headings and in a URL path the bare word is only a topic.
    for (source, said) in &mut names {
        let explicit = match *source {
            Source::FileName => true,
            Source::Heading(i) => {
                doc.format != Format::Text
                    && doc.blocks[i].kind == (BlockKind::Heading { level: 1 })
            }
            _ => false,
        };
        if *said == Said::PrivacyTopic && explicit {
            *said = Said::PrivacyPolicy;
        }
    }
    // A scraped page whose address says only "privacy" may serve another document under it:
    // a label line such as "Terms of Service:" that opens the content names it.
    if let Some(url) = names.iter_mut().find(|(s, _)| *s == Source::UrlPath) {
        if url.1 == Said::PrivacyTopic {
            if let Some((b, said)) = opening_label(doc) {
                *url = (Source::FirstLine(b), said);
            }
        }
    }
    let named = names
        .iter()
        .copied()
        .find(|(_, said)| *said != Said::Nothing);
    let title = match named {
        Some((Source::Heading(i), _)) => Some(i),
        Some((Source::FirstLine(b), _)) => Some(b),
        _ => None,
    };
    // A privacy heading further down titles the policy on a scraped page.
    let title = title.or_else(|| {
        headings
            .iter()
            .find(|&&(_, i)| {
                matches!(
                    title_says(window(doc.text(i), 200)),
                    Said::PrivacyPolicy | Said::PrivacyTopic
                )
            })
            .map(|&(_, i)| i)
    });

    let policy_content = content.core_covered >= v.min_core_covered
        && content.privacy_cues >= 2
        && content.prose_words >= MIN_PROSE_WORDS;
    let kind = match named {
        Some((source, said)) => {
            evidence.push(format!(
                "{} says {}",
                source.describe(),
                match said {
                    Said::PrivacyPolicy => "privacy policy",
                    Said::PrivacyTopic => "privacy (as a topic)",
                    Said::Cookie => "cookie policy",
                    Said::Terms => "terms",
                    Said::OtherLegal => "another legal text",
                    Said::Nothing => "nothing",
                }
            ));
            if let Some(kind) = said.other_kind() {
                kind
            } else if said == Said::PrivacyPolicy && source != Source::UrlPath {
                // Titled a privacy policy: it is one, however short. A stub is the worst
                // policy, not a landing page; but a page of links under that title is a hub.
                if content.prose_words == 0 && content.words > STUB_WORDS {
                    evidence.push("no prose: a navigation page".into());
                    DocumentKind::NotPolicy
                } else {
                    DocumentKind::PrivacyPolicy
                }
            } else if policy_content {
                evidence.push("the content reads like a privacy policy".into());
                DocumentKind::PrivacyPolicy
            } else {
                evidence.push("the content does not read like a privacy policy".into());
                DocumentKind::NotPolicy
            }
        }
        None => {
            // Content alone must say more than a titled page.
            if policy_content
                && content.privacy_cues >= v.min_privacy_cues
                && content.core_covered > v.min_core_covered
            {
                evidence.push("untitled; the content reads like a privacy policy".into());
                DocumentKind::PrivacyPolicy
            } else {
                evidence.push("untitled, and the content does not read like a policy".into());
                DocumentKind::NotPolicy
            }
        }
    };
    evidence.push(format!(
        "{} words, {} in prose; {} core topics covered; {} privacy cues",
        content.words, content.prose_words, content.core_covered, content.privacy_cues
    ));
    let supplement = supplement_block(doc);
    if let Some(b) = supplement {
        evidence.push(format!(
            "it supplements another privacy policy (line {})",
            doc.lines.line_of(doc.blocks[b].span.start) + 1
        ));
    }
    KindDecision {
        kind,
        title,
        evidence,
        content,
        supplement,
    }
}

/// A short line ending in ':' near the top that names another kind of document ("Terms of
/// Service:") and introduces prose: the title of what a page serves under a `/privacy/`
/// address. Navigation items ("Terms of Use") have no colon.
fn opening_label(doc: &Document) -> Option<(usize, Said)> {
    (0..doc.blocks.len().min(15)).find_map(|b| {
        let text = doc.text(b).trim();
        let label = text.strip_suffix(':')?;
        if label.split_whitespace().count() > 6 {
            return None;
        }
        let said = title_says(label);
        let prose_follows = doc
            .blocks
            .get(b + 1)
            .is_some_and(|_| doc.text(b + 1).split_whitespace().count() >= 8);
        (said.other_kind().is_some() && prose_follows).then_some((b, said))
    })
}

/// How many blocks from the top a document says what it supplements.
const SUPPLEMENT_BLOCKS: usize = 15;

static SUPPLEMENT: std::sync::LazyLock<regex::RegexSet> = std::sync::LazyLock::new(|| {
    regex::RegexSet::new(&concepts::kind_vocabulary().supplement)
        .expect("rules/sections.toml: supplement")
});

/// The first block near the top that says the document supplements another privacy policy.
fn supplement_block(doc: &Document) -> Option<usize> {
    (0..doc.blocks.len().min(SUPPLEMENT_BLOCKS)).find(|&b| SUPPLEMENT.is_match(doc.text(b)))
}

/// Prose a page must have to read like a policy when its title alone does not say so.
const MIN_PROSE_WORDS: usize = 120;
/// A titled privacy page with no prose sentence at all and more words than this is a list of
/// links, not a stub.
const STUB_WORDS: usize = 60;

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_of(path: &str, text: &str) -> DocumentKind {
        let doc = Document::parse(path, text.to_string());
        let analysis = concepts::analyze(&doc);
        decide(&doc, &analysis).kind
    }

    #[test]
    fn titles_pick_the_last_kind_word() {
        assert_eq!(title_says("Privacy Policy"), Said::PrivacyPolicy);
        assert_eq!(title_says("Privacy and Cookie Policy"), Said::PrivacyPolicy);
        assert_eq!(title_says("Data Protection Terms"), Said::Terms);
        assert_eq!(title_says("terms-of-service.md"), Said::Terms);
        assert_eq!(title_says("Cookie Policy"), Said::Cookie);
        assert_eq!(title_says("Data Processing Addendum"), Said::OtherLegal);
        assert_eq!(
            title_says("Intelligence, Surveillance, and Privacy"),
            Said::PrivacyTopic
        );
        assert_eq!(title_says("Release notes"), Said::Nothing);
        assert_eq!(title_says("app privacy terms of service html"), Said::Terms);
        assert_eq!(
            title_says("basecamp  privacy subprocessors md"),
            Said::OtherLegal
        );
        assert_eq!(title_says("policy md"), Said::Nothing);
        assert_eq!(
            title_says("Privacy Policy and Terms of Use"),
            Said::PrivacyPolicy
        );
        assert_eq!(title_says("Data Protection Terms"), Said::Terms);
    }

    #[test]
    fn a_stub_titled_privacy_policy_is_a_privacy_policy() {
        let stub = "# Privacy Policy\n\nWe respect your privacy. Contact us with questions.\n";
        assert_eq!(kind_of("stub.md", stub), DocumentKind::PrivacyPolicy);
        assert_eq!(
            kind_of(
                "notes.txt",
                "Privacy Policy\n\nWe take privacy seriously.\n"
            ),
            DocumentKind::PrivacyPolicy
        );
    }

    #[test]
    fn terms_cookie_and_topic_pages() {
        let terms = "# Terms of Service\n\nBy using the service you agree to these terms. We collect your email address and share it with third parties.\n";
        assert_eq!(kind_of("terms.md", terms), DocumentKind::Terms);
        assert_eq!(
            kind_of(
                "x.md",
                "# Cookie Policy\n\nWe use cookies to remember you.\n"
            ),
            DocumentKind::CookiePolicy
        );
        let index = "https://example.gov/privacy-impact-assessments\nPrivacy Impact Assessments\nThe assessments say what personal information we collect, why we collect it, how it is used and shared with third parties, how long we keep it and how it is secured.\n";
        assert_eq!(kind_of("pia.txt", index), DocumentKind::OtherLegal);
        let served = "https://example.org/privacy/\nHome\nPrivacy\nContact\nTerms of Service:\nThe following terms and conditions govern all use of the example.org website and all content.\nWe collect your e-mail address, use it to run the site, share it with hosting providers, keep it for a year, protect it, and you may ask for its deletion. Children under 13 may not use the site.\n";
        assert_eq!(kind_of("served.txt", served), DocumentKind::Terms);
        let nav = "https://example.org/topics/privacy\nHome\nTopics\nPrivacy\nSecurity\nNews\nEvents\nAbout us\nContact\nDonate\n";
        assert_eq!(kind_of("page.txt", nav), DocumentKind::NotPolicy);
    }
}
