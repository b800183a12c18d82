//! `inconsistent-company-name` (I002).

use crate::document::Document;
use crate::rule::{LintContext, Rule, RuleMeta};

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
        code: "I002",
        name: "inconsistent-company-name",
        category: Integrity,
        severity: Warning,
        summary: "the policy names two different operators",
    }
}

pub struct InconsistentCompanyName;

impl Rule for InconsistentCompanyName {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _doc: &Document, _cx: &mut LintContext<'_>) {}
}
