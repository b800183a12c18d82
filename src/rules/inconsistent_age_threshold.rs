//! `inconsistent-age-threshold` (I001).

use std::ops::Range;

use crate::diagnostic::{Diagnostic, FileId};
use crate::document::Document;
use crate::rule::{Facts, LintContext, Rule, RuleMeta};
use crate::settings::Settings;

crate::declare_rule! {
    /// ## What it does
    /// TODO: describe.
    ///
    /// ## Why is this bad?
    /// TODO.
    ///
    /// ## Example
    /// ```text
    /// TODO
    /// ```
    ///
    /// ## How to fix
    /// TODO.
    pub static META = {
        code: "I001",
        name: "inconsistent-age-threshold",
        category: Integrity,
        severity: Warning,
        summary: "the same age threshold is stated with different ages",
    }
}

/// One age statement found in a document, kept for comparisons across documents.
#[derive(Clone, Debug)]
pub struct AgeStatement {
    pub age: u32,
    pub span: Range<usize>,
}

pub struct InconsistentAgeThreshold;

impl Rule for InconsistentAgeThreshold {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _doc: &Document, _cx: &mut LintContext<'_>) {}

    fn check_run(&self, _facts: &[(FileId, &Facts)], _settings: &Settings) -> Vec<Diagnostic> {
        Vec::new()
    }
}
