//! The policy's third-party disclosure: the sections, tables and introduced lists that name
//! recipients.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::document::{normalize_heading, BlockKind, Document};

use super::*;

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
        // A line followed straight away by another such line is a table-of-contents or menu
        // entry ("Partners & Memberships" in a site menu): its words count, but it does not
        // make the document one with a disclosure section of its own.
        let entry_only = (start + 1..end)
            .map(|b| doc.text(b).split_whitespace().count())
            .sum::<usize>()
            < 8;
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
        if kind == HeadingKind::Primary && d.anchor.is_none() && !entry_only {
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
