//! `misstated-deadline` (L002).

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
        code: "L002",
        name: "misstated-deadline",
        category: Legal,
        severity: Info,
        summary: "a legal deadline attributed to a law that says otherwise",
    }
}

pub struct MisstatedDeadline;

impl Rule for MisstatedDeadline {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _doc: &Document, _cx: &mut LintContext<'_>) {}
}
