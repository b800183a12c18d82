//! `unused-suppression` (M001): reported by the engine after suppressions are applied.

use crate::document::Document;
use crate::rule::{LintContext, Rule, RuleMeta};

crate::declare_rule! {
    /// ## What it does
    /// Reports a `policylint-disable` comment that suppresses no diagnostic, or that names a
    /// rule policylint does not have.
    ///
    /// ## Why is this bad?
    /// A stale suppression hides the next real finding of that rule in the same place, and a
    /// misspelled rule name suppresses nothing while looking as if it did.
    ///
    /// ## Example
    /// ```markdown
    /// <!-- policylint-disable-next-line placeholder-text -->
    /// Contact us at privacy@acme.com.
    /// ```
    ///
    /// ## How to fix
    /// Delete the comment, or correct the rule name (`policylint rules` lists them).
    pub static META = {
        code: "M001",
        name: "unused-suppression",
        category: Meta,
        severity: Warning,
        summary: "a suppression comment that suppresses nothing",
    }
}

pub struct UnusedSuppression;

impl Rule for UnusedSuppression {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// The engine reports unused suppressions; see `engine::lint_document`.
    fn check(&self, _doc: &Document, _model: &crate::model::Model<'_>, _cx: &mut LintContext<'_>) {}
}
