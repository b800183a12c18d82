//! A plain, serializable view of a document's model, for `policylint inspect`: what a user
//! reads to understand a finding, and what a developer reads to debug one.

use serde::Serialize;

use crate::document::Document;

use super::concepts::{self, Coverage};
use super::contacts::MethodKind;
use super::dates::{RawDate, Value};
use super::parties::CATALOGUE;
use super::Model;

#[derive(Debug, Serialize)]
pub struct Summary {
    pub path: String,
    pub format: &'static str,
    pub kind: KindSummary,
    pub sections: Vec<SectionSummary>,
    pub concepts: Vec<ConceptSummary>,
    pub dates: Vec<DateSummary>,
    pub ages: Vec<AgeSummary>,
    pub parties: Vec<PartySummary>,
    pub disclosure: DisclosureSummary,
    /// Sentences about passing data to third parties, and what each says.
    pub sharing: Vec<SharingSummary>,
    pub contacts: Vec<ContactSummary>,
}

#[derive(Debug, Serialize)]
pub struct KindSummary {
    pub kind: &'static str,
    /// 1-based line of the title, when a heading or first line names the document.
    pub title_line: Option<usize>,
    pub evidence: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct SectionSummary {
    pub line: usize,
    pub level: u8,
    pub title: String,
    /// Concepts the heading names.
    pub concepts: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct ConceptSummary {
    pub concept: &'static str,
    /// `heading`, `lead-in`, `content`, `not-applicable` or `missing`.
    pub covered_by: &'static str,
    pub line: Option<usize>,
}

#[derive(Debug, Serialize)]
pub struct DateSummary {
    pub line: usize,
    pub text: String,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY` as written; `None` when unreadable.
    pub value: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct AgeSummary {
    pub line: usize,
    pub age: u32,
    pub text: String,
    pub role: Option<String>,
    pub jurisdiction: String,
}

#[derive(Debug, Serialize)]
pub struct PartySummary {
    pub line: usize,
    pub name: String,
    /// The catalogue's company, or `None` for a name that is not a processor (a library, a
    /// browser, an app store).
    pub company: Option<String>,
    pub category: Option<String>,
    /// `disclosed` (inside the third-party disclosure), `operator` (the document's own
    /// company), `not-a-processor` (a library, browser, app store), or, elsewhere, what the
    /// sentence says: `recipient`, `not-a-recipient`, `sign-in-source`, `users-own`,
    /// `credit`, `operator-channel`, `data-field` or `reference`.
    pub role: &'static str,
}

#[derive(Debug, Serialize)]
pub struct DisclosureSummary {
    /// Line of the main disclosure's heading or introducing line.
    pub anchor_line: Option<usize>,
    /// Line ranges (1-based, inclusive) whose names count as disclosed.
    pub regions: Vec<(usize, usize)>,
}

#[derive(Debug, Serialize)]
pub struct SharingSummary {
    pub line: usize,
    /// `shares data with third parties`, `denies sharing, except with providers` or
    /// `denies sharing`.
    pub says: &'static str,
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct ContactSummary {
    pub line: usize,
    pub kind: &'static str,
    pub text: String,
    pub freemail: bool,
}

fn line_of_plain(doc: &Document, plain: usize) -> usize {
    doc.lines.line_of(doc.span(plain..plain).start) + 1
}

fn line_of_block(doc: &Document, block: usize) -> usize {
    doc.lines.line_of(doc.blocks[block].span.start) + 1
}

/// At most this many characters of document text per entry.
const TEXT_CHARS: usize = 80;

fn clip(text: &str) -> String {
    let t = text.trim();
    if t.chars().count() > TEXT_CHARS {
        t.chars().take(TEXT_CHARS - 1).collect::<String>() + "…"
    } else {
        t.to_string()
    }
}

fn raw_date(raw: &RawDate) -> String {
    match *raw {
        RawDate::Text {
            year,
            month,
            day: Some(d),
            ..
        } => format!("{year:04}-{month:02}-{d:02}"),
        RawDate::Text {
            year,
            month,
            day: None,
            ..
        } => format!("{year:04}-{month:02}"),
        RawDate::Iso { year, month, day } => format!("{year:04}-{month:02}-{day:02}"),
        RawDate::Numeric { a, b, year, sep } => {
            format!("{a:02}{}{b:02}{}{year:04}", sep as char, sep as char)
        }
        RawDate::Year(y) => format!("{y:04}"),
    }
}

impl Summary {
    pub fn of(model: &Model<'_>) -> Summary {
        let doc = model.document();
        let decision = model.kind();
        let kind = KindSummary {
            kind: decision.kind.as_str(),
            title_line: decision.title.map(|b| line_of_block(doc, b)),
            evidence: decision.evidence.clone(),
        };
        let sections = doc
            .sections
            .iter()
            .map(|s| {
                let mut found = Vec::new();
                concepts::heading_concepts(&s.title, &mut found);
                found.sort_unstable();
                found.dedup();
                SectionSummary {
                    line: line_of_block(doc, s.heading),
                    level: s.level,
                    title: clip(&s.title),
                    concepts: found.into_iter().map(concepts::concept_id).collect(),
                }
            })
            .collect();
        let analysis = model.concepts();
        let concepts = analysis
            .coverage
            .iter()
            .enumerate()
            .map(|(c, cov)| {
                let (covered_by, line) = match *cov {
                    Coverage::Heading(s) => {
                        ("heading", Some(line_of_block(doc, doc.sections[s].heading)))
                    }
                    Coverage::LeadIn(b) => ("lead-in", Some(line_of_block(doc, b))),
                    Coverage::Content(b) => ("content", Some(line_of_block(doc, b))),
                    Coverage::NotApplicable(b) => ("not-applicable", Some(line_of_block(doc, b))),
                    Coverage::Missing => ("missing", None),
                };
                ConceptSummary {
                    concept: concepts::concept_id(c),
                    covered_by,
                    line,
                }
            })
            .collect();
        let dates = model
            .dates()
            .iter()
            .map(|c| DateSummary {
                line: line_of_plain(doc, c.range.start),
                text: clip(&doc.plain[c.range.clone()]),
                value: match &c.value {
                    Value::Date { raw, .. } => Some(raw_date(raw)),
                    Value::Unreadable { .. } => None,
                },
            })
            .collect();
        let ages = model
            .ages()
            .iter()
            .map(|a| AgeSummary {
                line: doc.lines.line_of(a.span.start) + 1,
                age: a.age,
                text: clip(&a.text),
                role: a.role.map(|r| format!("{r:?}")),
                jurisdiction: a.jurisdiction.clone(),
            })
            .collect();
        let parties_model = model.parties();
        let cat = &*CATALOGUE;
        let parties = parties_model
            .hits
            .iter()
            .map(|h| {
                let processor = h.processor().map(|p| &cat.processors[p]);
                let role = match processor {
                    None => "not-a-processor",
                    Some(p)
                        if parties_model.operator.contains(&p.company.to_lowercase())
                            || p.parent.as_ref().is_some_and(|g| {
                                parties_model.operator.contains(&g.to_lowercase())
                            }) =>
                    {
                        "operator"
                    }
                    Some(_) if parties_model.disclosure.contains(h.range.start) => "disclosed",
                    // Outside the disclosure: what the sentence says about the company.
                    Some(_) => doc.block_at(h.range.start).map_or("reference", |b| {
                        cat.mention_role(&doc.plain, doc.blocks[b].plain.clone(), h)
                            .as_str()
                    }),
                };
                PartySummary {
                    line: line_of_plain(doc, h.range.start),
                    name: doc.plain[h.range.clone()].to_string(),
                    company: processor.map(|p| p.company.clone()),
                    category: processor.map(|p| p.category.clone()),
                    role,
                }
            })
            .collect();
        let disclosure = DisclosureSummary {
            anchor_line: parties_model
                .disclosure
                .anchor
                .as_ref()
                .map(|a| doc.lines.line_of(a.start) + 1),
            regions: parties_model
                .disclosure
                .regions
                .iter()
                .filter(|r| !r.is_empty())
                .map(|r| {
                    (
                        line_of_plain(doc, r.start),
                        line_of_plain(doc, r.end.saturating_sub(1).max(r.start)),
                    )
                })
                .collect(),
        };
        let sharing = model
            .sharing_statements()
            .iter()
            .map(|st| SharingSummary {
                line: line_of_plain(doc, st.range.start),
                says: st.sharing.as_str(),
                text: clip(&doc.plain[st.range.clone()].replace('\n', " ")),
            })
            .collect();
        let contacts = model
            .contacts()
            .methods
            .iter()
            .map(|m| ContactSummary {
                line: line_of_plain(doc, m.plain.start),
                kind: match m.kind {
                    MethodKind::Email => "email",
                    MethodKind::Phone => "phone",
                    MethodKind::Address => "address",
                    MethodKind::Url => "url",
                    MethodKind::Channel => "channel",
                },
                text: clip(&m.text),
                freemail: m.freemail,
            })
            .collect();
        Summary {
            path: doc.path.clone(),
            format: doc.format.as_str(),
            kind,
            sections,
            concepts,
            dates,
            ages,
            parties,
            disclosure,
            sharing,
            contacts,
        }
    }
}
