//! What a rule found: structured diagnostics with byte spans, and the metadata of the rule
//! that found it. Rendering lives in `render`.

use std::ops::Range;

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

/// Rule groups; the code's letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    /// `S`: the document's structure (sections present, not empty).
    Structure,
    /// `C`: content left over from drafting or scraping.
    Content,
    /// `I`: the document contradicts itself or points at nothing.
    Integrity,
    /// `D`: what must be disclosed (processors, contact methods).
    Disclosure,
    /// `T`: dates and timeliness.
    Timeliness,
    /// `L`: statements a law treats differently than the text claims.
    Legal,
    /// `M`: about policylint itself (suppression comments).
    Meta,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Structure => "structure",
            Category::Content => "content",
            Category::Integrity => "integrity",
            Category::Disclosure => "disclosure",
            Category::Timeliness => "timeliness",
            Category::Legal => "legal",
            Category::Meta => "meta",
        }
    }
}

/// What `policylint rules` and `policylint explain` show about a rule.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable code, a category letter and three digits: `C001`.
    pub code: &'static str,
    /// Kebab-case name of the problem: `placeholder-text`.
    pub name: &'static str,
    pub category: Category,
    pub default_severity: Severity,
    /// One line, lowercase, no trailing period.
    pub summary: &'static str,
    /// Markdown with the headings `## What it does`, `## Why is this bad?`, `## Example`,
    /// `## How to fix`, taken from the doc comment of the rule's declaration.
    pub explanation: &'static str,
    /// Only runs when one of these jurisdiction profiles is active (empty: always).
    pub requires_jurisdiction: &'static [&'static str],
}

impl RuleMeta {
    /// The documentation with the doc-comment indentation removed.
    pub fn explanation_text(&self) -> String {
        let mut out = String::new();
        for line in self.explanation.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out.trim().to_string() + "\n"
    }

    /// Where the rule's documentation is published.
    pub fn url(&self) -> String {
        format!(
            "{}/blob/main/docs/rules.md#{}",
            crate::REPOSITORY_URL,
            self.name
        )
    }
}
