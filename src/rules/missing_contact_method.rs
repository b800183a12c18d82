//! `missing-contact-method` (D003).

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
        code: "D003",
        name: "missing-contact-method",
        category: Disclosure,
        severity: Warning,
        summary: "no usable way to contact the operator about privacy",
    }
}

pub struct MissingContactMethod;

impl Rule for MissingContactMethod {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _doc: &Document, _cx: &mut LintContext<'_>) {}
}
