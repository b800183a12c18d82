//! The rule registry: every rule, sorted by code, and selection by code, prefix or name.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::date::Date;
use crate::diagnostic::Severity;
use crate::rule::{Rule, RuleMeta};
use crate::rules;

/// Every rule, sorted by code.
pub static RULES: &[&dyn Rule] = &[
    &rules::placeholder_text::PlaceholderText,
    &rules::draft_note::DraftNote,
    &rules::page_residue::PageResidue,
    &rules::undeclared_processor::UndeclaredProcessor,
    &rules::unnamed_third_parties::UnnamedThirdParties,
    &rules::missing_contact_method::MissingContactMethod,
    &rules::unused_processor_disclosure::UnusedProcessorDisclosure,
    &rules::inconsistent_age_threshold::InconsistentAgeThreshold,
    &rules::inconsistent_company_name::InconsistentCompanyName,
    &rules::dangling_reference::DanglingReference,
    &rules::consent_by_use::ConsentByUse,
    &rules::misstated_deadline::MisstatedDeadline,
    &rules::unused_suppression::UnusedSuppression,
    &rules::missing_section::MissingSection,
    &rules::empty_section::EmptySection,
    &rules::stale_date::StaleDate,
];

/// Metadata of every rule, sorted by code.
pub fn all() -> impl Iterator<Item = &'static RuleMeta> {
    RULES.iter().map(|r| r.meta())
}

/// A rule by exact code or name (case-insensitive code).
pub fn find(code_or_name: &str) -> Option<&'static RuleMeta> {
    all().find(|m| m.code.eq_ignore_ascii_case(code_or_name) || m.name == code_or_name)
}

/// Codes selected by a code, a code prefix (`C`, `S00`), a name, or `ALL`.
pub fn select(selector: &str) -> Vec<&'static str> {
    let s = selector.trim();
    if s.eq_ignore_ascii_case("all") {
        return all().map(|m| m.code).collect();
    }
    if let Some(m) = all().find(|m| m.name == s) {
        return vec![m.code];
    }
    let upper = s.to_ascii_uppercase();
    if upper.is_empty()
        || !upper
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
    {
        return Vec::new();
    }
    all()
        .filter(|m| m.code.starts_with(&upper))
        .map(|m| m.code)
        .collect()
}

/// The rules that run with no configuration: all of them.
pub fn default_enabled() -> Vec<&'static str> {
    all().map(|m| m.code).collect()
}

/// The default settings run every rule, so they live beside the rule table.
impl Default for crate::settings::Settings {
    fn default() -> Self {
        crate::settings::Settings {
            today: Date::today_utc(),
            jurisdictions: Vec::new(),
            processors: Vec::new(),
            enabled: default_enabled(),
            severity: HashMap::new(),
            per_file_ignores: Vec::new(),
            include: None,
            exclude: None,
            root: PathBuf::from("."),
            fail_level: Severity::Warning,
            code: crate::settings::CodeSettings::default(),
        }
    }
}

impl crate::settings::Settings {
    /// Settings that run only one rule (fixtures, tests).
    pub fn for_rule(rule: &crate::rule::RuleMeta) -> crate::settings::Settings {
        crate::settings::Settings {
            enabled: vec![rule.code],
            ..crate::settings::Settings::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_sorted() {
        let codes: Vec<_> = all().map(|m| m.code).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(
            codes, sorted,
            "RULES must be sorted by code without duplicates"
        );
        let mut names: Vec<_> = all().map(|m| m.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), codes.len(), "rule names must be unique");
    }

    #[test]
    fn selects_by_prefix_and_name() {
        assert_eq!(select("placeholder-text"), vec!["C001"]);
        assert!(select("C").len() >= 2);
        assert!(select("nope").is_empty());
    }
}
