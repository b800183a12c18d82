//! `undeclared-processor` (D001).

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
        code: "D001",
        name: "undeclared-processor",
        category: Disclosure,
        severity: Warning,
        summary: "a third-party service is named but not in the third-party disclosure",
    }
}

pub struct UndeclaredProcessor;

impl Rule for UndeclaredProcessor {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _doc: &Document, _cx: &mut LintContext<'_>) {}
}
