//! The age vocabulary of `rules/ages.toml`: phrases that state an age, the cues that give a
//! statement its role and jurisdiction, and the patterns compiled from them.

use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;
use serde::Deserialize;

use super::AgeRole;
use crate::vocab::RegexEntry as PhraseEntry;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AgeFile {
    pub(crate) limits: Limits,
    pub(crate) numbers: BTreeMap<String, u32>,
    pub(crate) traps: Traps,
    pub(crate) phrase: Vec<PhraseEntry>,
    pub(crate) range: Vec<RangeEntry>,
    pub(crate) role: Vec<RoleEntry>,
    pub(crate) scope: ScopeEntry,
    pub(crate) jurisdiction: Vec<JurisdictionEntry>,
    pub(crate) floor: Vec<FloorEntry>,
    pub(crate) identity: Identity,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Identity {
    pub(crate) shared_mail: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Limits {
    pub(crate) min: u32,
    pub(crate) max: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Traps {
    pub(crate) after: String,
    pub(crate) before: String,
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) ignores: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RangeEntry {
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) id: String,
    pub(crate) regex: String,
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) matches: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RoleEntry {
    pub(crate) id: AgeRole,
    /// A short name for messages: "parental-consent age".
    pub(crate) short: String,
    /// What the threshold is for, for notes.
    pub(crate) label: String,
    /// Lower wins when strong cues of several roles are in one clause.
    pub(crate) priority: u32,
    pub(crate) strong: Vec<String>,
    pub(crate) weak: Vec<String>,
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) matches: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScopeEntry {
    pub(crate) skip: Vec<String>,
    /// Lead-ins of lists of prohibited conduct (lowercase): ages in their items are skipped.
    pub(crate) conduct: Vec<String>,
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) matches: Vec<String>,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub(crate) enum JurisdictionScope {
    /// Qualifies ages in its clause, sentence, paragraph or section.
    #[default]
    Section,
    /// Qualifies ages in its own sentence only.
    Sentence,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct JurisdictionEntry {
    pub(crate) id: String,
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) scope: JurisdictionScope,
    /// Each cue is its own jurisdiction (a list of countries or states).
    #[serde(default)]
    pub(crate) each: bool,
    pub(crate) cues: Vec<String>,
    #[serde(default)]
    pub(crate) exact: Vec<String>,
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) matches: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FloorEntry {
    pub(crate) regime: String,
    pub(crate) role: AgeRole,
    pub(crate) applies_to: Vec<String>,
    pub(crate) min: u32,
    pub(crate) law: String,
    pub(crate) note: String,
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) matches: Vec<String>,
}

/// What a cue phrase signals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CueKind {
    Strong(usize),
    Weak(usize),
    Skip,
    Jurisdiction(usize),
}

#[derive(Debug)]
pub(crate) struct CuePattern {
    /// A phrase can be several cues ("COPPA": a jurisdiction and a parental-consent cue).
    pub(crate) kinds: Vec<CueKind>,
    /// A trailing `*`: any word ending is allowed.
    pub(crate) prefix: bool,
    /// Only matches exactly as written.
    pub(crate) exact: Option<String>,
}

/// Which alternative of the combined regex matched.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Alt {
    Phrase,
    Range,
}

pub(crate) struct Vocab {
    pub(crate) file: AgeFile,
    /// Every phrase and range, one regex: found in one pass over the document.
    pub(crate) combined: Regex,
    pub(crate) alts: Vec<Alt>,
    /// Group names per alternative: the whole, then the number(s).
    pub(crate) alt_names: Vec<Vec<String>>,
    pub(crate) after: Regex,
    pub(crate) before: Regex,
    pub(crate) cues: AhoCorasick,
    pub(crate) cue_patterns: Vec<CuePattern>,
}

pub(crate) static DATA: &str = include_str!("../../../rules/ages.toml");

/// The regex for an age: digits or a number word, optionally repeated in the other form in
/// brackets ("sixteen (16)").
pub(crate) fn number_regex(file: &AgeFile) -> String {
    let mut words: Vec<&String> = file.numbers.keys().collect();
    // Longest first, so "twenty-one" wins over "twenty".
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    let words: Vec<String> = words
        .iter()
        .map(|w| regex::escape(w).replace([' ', '-'], r"[-\s]"))
        .collect();
    let one = format!(r"(?:\d{{1,2}}|(?:{})(?-u:\b))", words.join("|"));
    format!(r"{one}(?:\s?\({one}\))?")
}

/// Expands a vocabulary regex: literal spaces match whitespace runs, placeholders become
/// named groups.
pub(crate) fn expand(pattern: &str, number: &str, groups: &[(&str, String)]) -> String {
    // ASCII word boundaries keep the regex on its fast automata (a Unicode `\b` does not).
    let mut out = pattern
        .replace(" ?", r"\s*")
        .replace(' ', r"\s+")
        .replace(r"\b", r"(?-u:\b)")
        .replace(r"(?-u:(?-u:\b))", r"(?-u:\b)");
    for (placeholder, name) in groups {
        out = out.replacen(placeholder, &format!("(?P<{name}>{number})"), 1);
    }
    out
}

pub(crate) static VOCAB: LazyLock<Vocab> = LazyLock::new(|| {
    let file: AgeFile = crate::vocab::load("ages.toml", DATA);
    let number = number_regex(&file);
    let mut parts = Vec::new();
    let mut alts = Vec::new();
    let mut alt_names = Vec::new();
    // Ranges first: at one position a range is preferred to a single age.
    for (i, r) in file.range.iter().enumerate() {
        let body = expand(
            &r.regex,
            &number,
            &[("{LO}", format!("lo{i}")), ("{HI}", format!("hi{i}"))],
        );
        parts.push(format!("(?P<r{i}>{body})"));
        alts.push(Alt::Range);
        alt_names.push(vec![format!("r{i}"), format!("lo{i}"), format!("hi{i}")]);
    }
    for (i, p) in file.phrase.iter().enumerate() {
        let body = expand(&p.regex, &number, &[("{N}", format!("n{i}"))]);
        parts.push(format!("(?P<p{i}>{body})"));
        alts.push(Alt::Phrase);
        alt_names.push(vec![format!("p{i}"), format!("n{i}")]);
    }
    let combined = Regex::new(&format!("(?i){}", parts.join("|")))
        .unwrap_or_else(|e| panic!("rules/ages.toml: phrases: {e}"));
    let after = Regex::new(&format!(
        "(?i){}",
        file.traps.after.replace(r"\b", r"(?-u:\b)")
    ))
    .unwrap_or_else(|e| panic!("rules/ages.toml: traps.after: {e}"));
    let before = Regex::new(&format!(
        "(?i){}",
        file.traps.before.replace(r"\b", r"(?-u:\b)")
    ))
    .unwrap_or_else(|e| panic!("rules/ages.toml: traps.before: {e}"));

    let mut phrases: Vec<String> = Vec::new();
    let mut cue_patterns: Vec<CuePattern> = Vec::new();
    let mut index: HashMap<(String, bool, bool), usize> = HashMap::new();
    let mut add = |text: &str, kind: CueKind, exact: bool| {
        let (t, prefix) = match text.strip_suffix('*') {
            Some(t) => (t, true),
            None => (text, false),
        };
        let key = (
            if exact {
                t.to_string()
            } else {
                t.to_ascii_lowercase()
            },
            prefix,
            exact,
        );
        let k = *index.entry(key).or_insert_with(|| {
            phrases.push(t.to_string());
            cue_patterns.push(CuePattern {
                kinds: Vec::new(),
                prefix,
                exact: exact.then(|| t.to_string()),
            });
            cue_patterns.len() - 1
        });
        cue_patterns[k].kinds.push(kind);
    };
    for (i, r) in file.role.iter().enumerate() {
        for c in &r.strong {
            add(c, CueKind::Strong(i), false);
        }
        for c in &r.weak {
            add(c, CueKind::Weak(i), false);
        }
    }
    for c in &file.scope.skip {
        add(c, CueKind::Skip, false);
    }
    for (i, j) in file.jurisdiction.iter().enumerate() {
        for c in &j.cues {
            add(c, CueKind::Jurisdiction(i), false);
        }
        for c in &j.exact {
            add(c, CueKind::Jurisdiction(i), true);
        }
    }
    let cues = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .build(&phrases)
        .expect("age cue automaton");
    Vocab {
        file,
        combined,
        alts,
        alt_names,
        after,
        before,
        cues,
        cue_patterns,
    }
});
