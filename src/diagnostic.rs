//! What a rule found: structured diagnostics with byte spans. Rendering lives in `render`.

use std::ops::Range;

use crate::rule::RuleMeta;

/// Index of a file in a run's file table (see [`crate::engine::Report::files`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub usize);

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// A labelled byte span, in the diagnostic's own file unless `file` says otherwise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// `None`: the file of the diagnostic. `Some`: another file of the same run.
    pub file: Option<FileId>,
    pub span: Range<usize>,
    pub message: String,
}

/// One finding. Rules build these with [`Diagnostic::new`] and the `with_*` methods;
/// the engine fills in `file` and applies severity overrides.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub rule: &'static RuleMeta,
    pub severity: Severity,
    pub file: FileId,
    pub message: String,
    pub primary: Label,
    pub secondary: Vec<Label>,
    pub notes: Vec<String>,
    pub help: Option<String>,
    /// The section concept, for section rules (`missing-section`).
    pub concept: Option<String>,
}

impl Diagnostic {
    pub fn new(rule: &'static RuleMeta, span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            severity: rule.default_severity,
            file: FileId(0),
            message: message.into(),
            primary: Label {
                file: None,
                span,
                message: String::new(),
            },
            secondary: Vec::new(),
            notes: Vec::new(),
            help: None,
            concept: None,
        }
    }

    /// The text under the primary caret.
    pub fn with_label(mut self, message: impl Into<String>) -> Self {
        self.primary.message = message.into();
        self
    }

    pub fn with_secondary(mut self, span: Range<usize>, message: impl Into<String>) -> Self {
        self.secondary.push(Label {
            file: None,
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_secondary_in(
        mut self,
        file: FileId,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        self.secondary.push(Label {
            file: Some(file),
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_concept(mut self, concept: impl Into<String>) -> Self {
        self.concept = Some(concept.into());
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// The sort key that makes output deterministic: file, position, rule, message.
    pub fn sort_key(&self) -> (FileId, usize, usize, &'static str, &str) {
        (
            self.file,
            self.primary.span.start,
            self.primary.span.end,
            self.rule.code,
            &self.message,
        )
    }
}
