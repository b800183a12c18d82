//! What a mention of a catalogued company says about it: a recipient, the user's own
//! account, a sign-in source, a credit, the operator's channel, a data field, or a company said
//! not to receive data; and the word-level helpers that decide it.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::*;

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

impl Catalogue {
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

    /// Whether a processor name is mentioned as a recipient of users' data: not a
    /// declaration-only name, a negated clause, a reference ("follow us on Facebook"), or an
    /// ordinary English word that happens to be a brand.
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
        if self.rules.sign_in_before.iter().any(|phrase| {
            named
                .strip_prefix(phrase.as_str())
                .is_some_and(|rest| rest.starts_with(' '))
        }) {
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
