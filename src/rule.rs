//! The rule trait and the per-document lint context (rule metadata lives in `diagnostic`).

pub use crate::diagnostic::{Category, RuleMeta};
use crate::diagnostic::{Diagnostic, FileId};
use crate::document::Document;
use crate::model::Model;
use crate::settings::Settings;

/// Declares a rule's metadata; the doc comment becomes its `explanation`.
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub static $id:ident = {
            code: $code:literal,
            name: $name:literal,
            category: $category:ident,
            severity: $severity:ident,
            summary: $summary:literal $(,)?
            $(requires_jurisdiction: [$($j:literal),* $(,)?] $(,)?)?
        }
    ) => {
        pub static $id: $crate::rule::RuleMeta = $crate::rule::RuleMeta {
            code: $code,
            name: $name,
            category: $crate::rule::Category::$category,
            default_severity: $crate::diagnostic::Severity::$severity,
            summary: $summary,
            explanation: concat!($($doc, "\n"),*),
            requires_jurisdiction: &[$($($j),*)?],
        };
    };
}

/// A check over one parsed document. Rules never print: they report diagnostics.
pub trait Rule: Send + Sync {
    fn meta(&self) -> &'static RuleMeta;

    /// Checks one document. The document is parsed once and its model built once; both are
    /// shared by every rule.
    fn check(&self, doc: &Document, model: &Model<'_>, cx: &mut LintContext<'_>);

    /// Checks across all documents of a run, after every `check` (e.g. an age of 18 in the
    /// terms and 13 in the privacy policy). `facts` holds what each document's `check` recorded.
    fn check_run(&self, _facts: &[(FileId, &Facts)], _settings: &Settings) -> Vec<Diagnostic> {
        Vec::new()
    }

    /// Checks the policy against the repository's code (dependency manifests, environment-key
    /// templates), after [`Rule::check_run`]; only runs when the code was scanned.
    fn check_repository(&self, _repo: &Repository<'_>, _settings: &Settings) -> Vec<Diagnostic> {
        Vec::new()
    }
}

/// What a repository-level check sees: the policy documents of the run and the code scan.
pub struct Repository<'a> {
    /// The documents that are the privacy policy (config `policy`, else every privacy or
    /// cookie notice of the run), with their file ids.
    pub policies: Vec<(FileId, &'a Document)>,
    pub code: &'a crate::code::CodeScan,
    /// The file id of each of `code.files`.
    pub code_files: Vec<FileId>,
}

/// Facts a rule records about one document for [`Rule::check_run`].
#[derive(Clone, Debug, Default)]
pub struct Facts {
    pub ages: Vec<crate::model::ages::AgeStatement>,
    /// The document's kind, for comparisons between documents.
    pub kind: Option<crate::model::DocumentKind>,
}

/// What a rule sees while checking one document.
pub struct LintContext<'a> {
    pub file: FileId,
    pub settings: &'a Settings,
    pub facts: Facts,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> LintContext<'a> {
    pub fn new(file: FileId, settings: &'a Settings) -> Self {
        LintContext {
            file,
            settings,
            facts: Facts::default(),
            diagnostics: Vec::new(),
        }
    }

    pub fn report(&mut self, mut diagnostic: Diagnostic) {
        diagnostic.file = self.file;
        self.diagnostics.push(diagnostic);
    }

    pub fn into_parts(self) -> (Vec<Diagnostic>, Facts) {
        (self.diagnostics, self.facts)
    }
}
