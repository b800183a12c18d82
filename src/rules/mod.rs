//! One module per rule; the registry in `crate::registry` lists them by code.

pub mod consent_by_use;
pub mod dangling_reference;
pub mod draft_note;
pub mod empty_section;
pub mod inconsistent_age_threshold;
pub mod inconsistent_company_name;
pub mod missing_contact_method;
pub mod missing_section;
pub mod misstated_deadline;
pub mod page_residue;
pub mod placeholder_text;
pub mod stale_date;
pub mod undeclared_processor;
pub mod unnamed_third_parties;
pub mod unused_processor_disclosure;
pub mod unused_suppression;
