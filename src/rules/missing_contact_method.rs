//! `missing-contact-method` (D003): the policy gives no usable way to reach the operator.
//!
//! The contact scan here is shared with `dangling-reference`.

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::document::Format;
use crate::model::contacts::*;
use crate::model::Model;
use crate::rule::{LintContext, Rule, RuleMeta};

crate::declare_rule! {
    /// ## What it does
    /// Checks that the policy gives at least one usable way to contact the operator: an
    /// e-mail address (or `mailto:` link), a postal address, a phone number, or a contact or
    /// support URL (a contact form counts). It reports:
    ///
    /// - a privacy policy that contains no contact method at all; "contact us through our
    ///   contact page" without a link or address is not a method. In text captured from a
    ///   web page (its first line is the page's address), which loses where links went, only
    ///   a policy that invites contact ("please contact us", "if you have any questions") is
    ///   reported;
    /// - a contact section ("Contact Us", "Questions?") that invites contact but gives no
    ///   method, when other parts of the document have one and no contact section does;
    /// - as a note (severity info), a policy whose only contact is a personal free-mail
    ///   address (gmail.com, yahoo, hotmail, outlook.com, proton...).
    ///
    /// Terms of service and cookie notices often leave contact details to the privacy
    /// policy, so a missing method is only reported for privacy documents. A contact section
    /// that points elsewhere ("the contact details above") or introduces lines that follow
    /// ("you can contact:") is not reported.
    ///
    /// A contact section that ends on a dangling "contact:" is left to `empty-section`.
    ///
    /// ## Why is this bad?
    /// Readers need a way to ask questions and exercise their rights. GDPR Art. 13(1)(a)
    /// requires the controller's identity and contact details; CCPA §1798.130(a)(1) requires
    /// designated methods for submitting requests (at least an e-mail address for a business
    /// that operates only online); CalOPPA requires the policy to describe how consumers can
    /// review and request changes to their information. A personal webmail address is a
    /// working channel but is tied to one person and looks unofficial.
    ///
    /// ## Example
    /// ```text
    /// 13. Contact Us
    /// If you have any questions about this Privacy Policy, please contact us through our
    /// contact page.
    /// ```
    ///
    /// ## How to fix
    /// Give a monitored address such as `privacy@yourdomain.com`, a postal address, or a link
    /// to the contact form, in the contact section.
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

    fn check(&self, doc: &Document, model: &Model<'_>, cx: &mut LintContext<'_>) {
        let found = model.contacts();
        // Contact sections whose own text invites contact (not "Contact information" as a
        // category of data collected, not a navigation line).
        let inviting: Vec<(usize, usize)> = found
            .contact_sections
            .iter()
            .filter_map(|&s| section_invitation(doc, s).map(|b| (s, b)))
            .collect();

        if found.methods.is_empty() {
            if model.is_privacy_policy() && !source_has_email(doc, 0..doc.source.len()) {
                // A contact left as a template field ("[Your Company Email]") is
                // `placeholder-text`'s error, and a supplement to another policy leaves the
                // contact details to it; only an invitation makes either this rule's too.
                let title = model.kind().title.filter(|_| {
                    found.template_fields.is_empty() && model.kind().supplement.is_none()
                });
                self.report_none(doc, cx, &inviting, title);
            }
            return;
        }
        if found
            .methods
            .iter()
            .all(|m| m.kind == MethodKind::Email && m.freemail)
        {
            // Point at the address in the contact section if there is one there, else at the
            // first; prefer the address as written over the block holding its link.
            let contact_body = inviting
                .last()
                .map(|&(s, _)| doc.plain_range(doc.sections[s].body.clone()));
            let in_body = |m: &&Method| {
                contact_body
                    .as_ref()
                    .is_some_and(|b| m.plain.start >= b.start && m.plain.start < b.end)
            };
            let pick = found
                .methods
                .iter()
                .filter(in_body)
                .min_by_key(|m| m.from_link)
                .or_else(|| found.methods.iter().min_by_key(|m| m.from_link))
                .expect("at least one method");
            let span = doc.span(pick.plain.clone());
            let address = pick.text.clone();
            cx.report(
                Diagnostic::new(
                    &META,
                    span,
                    format!("the only privacy contact is a personal free-mail address `{address}`"),
                )
                .with_severity(Severity::Info)
                .with_label("personal webmail address")
                .with_note(
                    "a personal mailbox is tied to one person and does not identify the operator; \
                     GDPR Art. 13(1)(a) asks for the controller's contact details",
                )
                .with_help(
                    "use a role address on the service's own domain (e.g. `privacy@yourdomain.com`), \
                     or add a postal address or contact form",
                ),
            );
            return;
        }
        // A contact section without a method, when no contact section has one.
        let strict: Vec<usize> = inviting
            .iter()
            .map(|&(s, _)| s)
            .filter(|&s| first_invitation(doc, doc.sections[s].body.clone()).is_some())
            .collect();
        let any_section_has_one = found
            .contact_sections
            .iter()
            .any(|&s| found.any_in(section_reach(doc, s)));
        if !any_section_has_one {
            for s in strict {
                self.check_section(doc, model, cx, found, s);
            }
        }
    }
}

impl MissingContactMethod {
    /// No method anywhere in a document that invites contact.
    fn report_none(
        &self,
        doc: &Document,
        cx: &mut LintContext<'_>,
        inviting: &[(usize, usize)],
        title: Option<usize>,
    ) {
        let (span, label) = match inviting.last() {
            Some(&(s, _)) => (
                doc.blocks[doc.sections[s].heading].span.clone(),
                "this contact section gives no e-mail, address, phone number or link",
            ),
            None => match first_invitation(doc, 0..doc.blocks.len()) {
                Some(b) => (
                    doc.blocks[b].span.clone(),
                    "invites contact, but the document gives no way to do so",
                ),
                // A privacy policy owes its contact details whether or not it invites
                // questions (GDPR Art. 13(1)(a)): point at its title. Not in text captured
                // from a web page (its first line is the page's address), which keeps a
                // "Contact" link's words and loses where it went.
                None => {
                    let scraped = doc.format == Format::Text
                        && doc.blocks.first().is_some_and(|_| {
                            let first = doc.text(0);
                            first.starts_with("http://") || first.starts_with("https://")
                        });
                    let Some(b) = title.filter(|_| !scraped) else {
                        return;
                    };
                    (
                        doc.blocks[b].span.clone(),
                        "this policy never says how to reach its operator",
                    )
                }
            },
        };
        let mut d = Diagnostic::new(
            &META,
            span,
            "no contact method anywhere in the document: no e-mail address, postal address, phone \
             number or contact URL",
        )
        .with_label(label);
        if let Some((block, r)) = (0..doc.blocks.len())
            .find_map(|b| first_words(&VOCAB.vague, doc.text(b)).map(|r| (b, r)))
        {
            let start = doc.blocks[block].plain.start;
            d = d.with_secondary(
                doc.span(start + r.start..start + r.end),
                "names a channel without giving its address or link",
            );
        }
        cx.report(
            d.with_note(
                "GDPR Art. 13(1)(a) requires the controller's contact details; CCPA \
                 §1798.130(a)(1) requires designated methods for submitting requests (at least \
                 an e-mail address for a business that operates only online)",
            )
            .with_help(
                "add a monitored e-mail address (e.g. `privacy@yourdomain.com`), a postal address \
                 or a link to the contact form",
            ),
        );
    }

    /// A contact section that gives no method, in a document that has one elsewhere.
    fn check_section(
        &self,
        doc: &Document,
        model: &Model<'_>,
        cx: &mut LintContext<'_>,
        found: &ContactScan,
        s: usize,
    ) {
        let section = &doc.sections[s];
        if found.any_in(section_reach(doc, s)) || source_has_email(doc, section.span.clone()) {
            return;
        }
        if model
            .dangling_lead_ins()
            .iter()
            .any(|l| doc.ancestors(l.section).contains(&s))
        {
            return;
        }
        let body = doc.plain_range(section.body.clone());
        let body_text = &doc.plain[body];
        // "the contact details above", "set out at the end": the section points elsewhere.
        // "...you can contact:" followed by lines: what follows is the contact, even when it is
        // not recognised (a name and a town); a lead-in followed by nothing is `empty-section`'s.
        // "If you contact us, we collect...": a category of data, not a contact section.
        if has_words(&VOCAB.elsewhere, body_text)
            || body_text.lines().any(|l| l.trim_end().ends_with(':'))
            || body_text.to_ascii_lowercase().contains("collect")
        {
            return;
        }
        // A link in the heading (a table of contents) or in the body (an anchor to the details).
        let span = section.span.clone();
        if doc
            .links
            .iter()
            .any(|l| l.span.start >= span.start && l.span.start < span.end)
        {
            return;
        }
        let elsewhere = &found.methods[0];
        let line = doc.lines.line_of(doc.span(elsewhere.plain.clone()).start) + 1;
        let mut d = Diagnostic::new(
            &META,
            doc.blocks[section.heading].span.clone(),
            format!(
                "contact section `{}` gives no way to contact you",
                doc.text(section.heading)
            ),
        )
        .with_label("no e-mail address, postal address, phone number or link in this section")
        .with_note(format!(
            "a contact method appears elsewhere (`{}`, line {line}); readers look for it here",
            elsewhere.text
        ));
        if let Some(r) = first_words(&VOCAB.vague, body_text) {
            let start = doc.plain_range(section.body.clone()).start;
            d = d.with_secondary(
                doc.span(start + r.start..start + r.end),
                "names a channel without giving its address or link",
            );
        }
        cx.report(d.with_help(
            "repeat the e-mail address, postal address or contact link in this section",
        ));
    }
}
