//! `consent-by-use` (L001).

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
        code: "L001",
        name: "consent-by-use",
        category: Legal,
        severity: Warning,
        summary: "use of the service presented as consent to processing",
        requires_jurisdiction: ["gdpr"],
    }
}

pub struct ConsentByUse;

impl Rule for ConsentByUse {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _doc: &Document, _cx: &mut LintContext<'_>) {}
}
