//! The policy model: what a document says, extracted once and shared by every rule.
//!
//! The [`Document`] is the parsed text (blocks, sections, links); the model is what it
//! means: the kind of document, the topics its sections cover, its contact channels, the
//! companies it names and in which role, its third-party disclosure, its dates and its age
//! thresholds. Rules read the document and the model and judge; they never extract facts of
//! their own that another rule also needs, and they never import each other.
//!
//! Each part is computed on first use and then kept, so a run that selects one rule pays
//! only for what that rule reads.

pub mod ages;
pub mod concepts;
pub mod contacts;
pub mod dates;
pub mod kind;
pub mod parties;
pub mod statements;
pub mod structure;
pub mod summary;

use std::cell::OnceCell;

use crate::document::Document;

pub use kind::{DocumentKind, KindDecision};

/// The facts about one document. Built by the engine once per document.
pub struct Model<'d> {
    doc: &'d Document,
    concepts: OnceCell<concepts::Analysis>,
    kind: OnceCell<KindDecision>,
    contacts: OnceCell<contacts::ContactScan>,
    parties: OnceCell<parties::Parties>,
    ages: OnceCell<Vec<ages::AgeStatement>>,
    dates: OnceCell<Vec<dates::Candidate>>,
    lead_ins: OnceCell<Vec<structure::LeadIn>>,
    sharing: OnceCell<Vec<statements::SharingStatement>>,
}

impl<'d> Model<'d> {
    pub fn new(doc: &'d Document) -> Model<'d> {
        Model {
            doc,
            concepts: OnceCell::new(),
            kind: OnceCell::new(),
            contacts: OnceCell::new(),
            parties: OnceCell::new(),
            ages: OnceCell::new(),
            dates: OnceCell::new(),
            lead_ins: OnceCell::new(),
            sharing: OnceCell::new(),
        }
    }

    pub fn document(&self) -> &'d Document {
        self.doc
    }

    /// The sentences that say whether data goes to third parties, with their negation and
    /// exceptions read.
    pub fn sharing_statements(&self) -> &[statements::SharingStatement] {
        self.sharing
            .get_or_init(|| statements::sharing_statements(self.doc))
    }

    /// Which section concepts (contact, retention, children...) the document covers, and how.
    pub fn concepts(&self) -> &concepts::Analysis {
        self.concepts.get_or_init(|| {
            let mut analysis = concepts::analyze(self.doc);
            // The document's own date line, wherever it stands ("Last Modified:" with the
            // date on the next line, at the foot of the page), covers the effective-date
            // concept: the date model and the concept analysis must not disagree.
            if let Some(c) = concepts::concept_index("effective-date") {
                if analysis.coverage[c] == concepts::Coverage::Missing {
                    if let Some(b) = self.dates().iter().find_map(|d| d.block) {
                        analysis.coverage[c] = concepts::Coverage::Content(b);
                    }
                }
            }
            analysis
        })
    }

    /// What kind of document this is, decided once, with the evidence.
    pub fn kind(&self) -> &KindDecision {
        self.kind
            .get_or_init(|| kind::decide(self.doc, self.concepts()))
    }

    /// Whether the document is a privacy policy or notice (a cookie policy is not).
    pub fn is_privacy_policy(&self) -> bool {
        self.kind().kind == DocumentKind::PrivacyPolicy
    }

    /// Whether the document is a privacy or cookie policy: the notices that disclose recipients.
    pub fn is_privacy_or_cookie_policy(&self) -> bool {
        matches!(
            self.kind().kind,
            DocumentKind::PrivacyPolicy | DocumentKind::CookiePolicy
        )
    }

    /// Contact channels (e-mail, postal address, phone, contact URL) and contact sections.
    pub fn contacts(&self) -> &contacts::ContactScan {
        self.contacts.get_or_init(|| contacts::scan(self.doc))
    }

    /// Companies named in the text, the operator, and the third-party disclosure.
    pub fn parties(&self) -> &parties::Parties {
        self.parties
            .get_or_init(|| parties::Parties::extract(self.doc))
    }

    /// Age thresholds with their role and jurisdiction.
    pub fn ages(&self) -> &[ages::AgeStatement] {
        self.ages.get_or_init(|| ages::extract(self.doc))
    }

    /// Labelled dates ("Last updated: ...") with their values, revision history dropped.
    pub fn dates(&self) -> &[dates::Candidate] {
        self.dates.get_or_init(|| dates::candidates(self.doc))
    }

    /// Lead-ins ending in ':' that introduce nothing ("Contact us at:" and then the next heading).
    pub fn dangling_lead_ins(&self) -> &[structure::LeadIn] {
        self.lead_ins
            .get_or_init(|| structure::dangling_lead_ins(self.doc))
    }
}
