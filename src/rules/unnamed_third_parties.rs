//! `unnamed-third-parties` (D002).

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
        code: "D002",
        name: "unnamed-third-parties",
        category: Disclosure,
        severity: Warning,
        summary: "data is shared with third parties that are never named",
    }
}

pub struct UnnamedThirdParties;

impl Rule for UnnamedThirdParties {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _doc: &Document, _cx: &mut LintContext<'_>) {}
}
