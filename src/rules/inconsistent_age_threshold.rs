//! `inconsistent-age-threshold` (I001): the same age threshold stated with different ages,
//! within one document or across the documents of one folder, and ages below a legal floor.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use crate::diagnostic::{Diagnostic, FileId};
use crate::document::Document;
use crate::model::ages::*;
use crate::model::{DocumentKind, Model};
use crate::rule::{Facts, LintContext, Rule, RuleMeta};
use crate::settings::Settings;

crate::declare_rule! {
    /// ## What it does
    /// Finds every age threshold a document states ("children under 13", "at least eighteen
    /// (18) years of age", "the age of digital consent is 16", "12 and under") and works out
    /// what it is for: the minimum age to use the service, the age below which children's data
    /// needs parental consent (COPPA, GDPR Art. 8), the age below which personal information
    /// is not sold or shared without opt-in (CCPA), or the age of majority for accepting the
    /// terms. It also notes the jurisdiction the sentence, paragraph or section names (EU/EEA,
    /// UK, US/COPPA, California, another state or country).
    ///
    /// It reports a threshold stated with two different ages for the same purpose and the same
    /// jurisdiction (or with none named). Different ages for different jurisdictions ("16 in
    /// the EEA, 13 in the US"), for different purposes (18 to use the service, 13 for COPPA
    /// parental consent), ages stated together in one paragraph or as a range ("if you are
    /// 13 or older but under 18, ask a parent"), ages that depend on the reader's country ("or
    /// such greater age required in your country") and ages about other things (employees,
    /// products, payments, single features, contests, lists of prohibited conduct) are not
    /// compared. Retention periods, counts and citations ("13 months", "section 16",
    /// "18 U.S.C.", "18-24" in an audience breakdown) are not ages.
    ///
    /// A statement of the audience ("not intended for children under 13") is compared with
    /// the minimum age to use the service only when both are under 18: "not directed to
    /// children under 13" and "you must be 18" are both true of an adults-only service.
    ///
    /// Documents linted together are compared with each other too, so terms of service that
    /// say 16 and a privacy policy that says 13 are reported with a label in each file. Only
    /// documents of one service and of different kinds are compared: they must be in the same
    /// folder and name a contact e-mail address on the same domain (the domain each names most
    /// often; free-mail providers do not count), and two documents of one kind (a US and an
    /// Irish privacy policy, two regional versions of the terms) are alternatives, not parts
    /// of one promise. At most 32 documents per service are compared.
    ///
    /// With a jurisdiction profile active (`jurisdictions = ["gdpr"]`), an age below that
    /// law's floor is reported as well: a parental-consent age under 13 for `gdpr`, `uk-gdpr`
    /// and `coppa`, under 12 for `lgpd`, and a sale opt-in age under 16 for `ccpa`.
    ///
    /// Reported as `info` by default, a note to check rather than a failure: an independent reading of its findings on 4,500 real policies judged 1 of 4 decided findings true: documents of one company for different sites or regions, and an adults-only rule against a children's statement, make the rest. Raise it
    /// with `[severity]` in `policylint.toml` when it suits your documents.
    ///
    /// ## Why is this bad?
    /// Readers, parents and regulators cannot tell which age applies, and the lower one is
    /// what the service will be held to: a policy that says "not intended for children under
    /// 13" in one place and "you must be 16" in another has promised both. Ages are legal
    /// thresholds: COPPA protects children under 13, GDPR Art. 8 sets the age of digital
    /// consent between 13 and 16 per member state, and CCPA §1798.120(c) requires opt-in
    /// before selling or sharing the data of consumers under 16.
    ///
    /// ## Example
    /// ```text
    /// Our service is not intended for children under 13.
    /// ...
    /// You must be at least 16 years old to use the service.
    /// ```
    ///
    /// ## How to fix
    /// State one age for each threshold, or say which jurisdiction each age applies to
    /// ("16 in the EEA, 13 in the United States"). Keep the terms of service and the privacy
    /// policy in step.
    ///
    /// ## Configuration
    /// `jurisdictions` enables the legal-floor checks. The phrasings, role cues and
    /// jurisdiction names are data in `rules/ages.toml`.
    pub static META = {
        code: "I001",
        name: "inconsistent-age-threshold",
        category: Integrity,
        severity: Info,
        summary: "the same age threshold is stated with different ages",
    }
}

// ---------------------------------------------------------------------------------------------
// Comparison

fn role_entry(role: AgeRole) -> &'static RoleEntry {
    VOCAB
        .file
        .role
        .iter()
        .find(|r| r.id == role)
        .expect("every role is described in rules/ages.toml")
}

fn role_label(role: AgeRole) -> &'static str {
    &role_entry(role).label
}

fn jurisdiction_phrase(id: &str) -> String {
    if id.is_empty() {
        return "with no jurisdiction named".to_string();
    }
    let v = &*VOCAB;
    let names: Vec<&str> = id
        .split('+')
        .map(|j| {
            v.file
                .jurisdiction
                .iter()
                .find(|e| e.id == j)
                .map_or(j, |e| e.name.as_str())
        })
        .collect();
    format!("for {}", names.join(" and "))
}

/// Whether a document states two ages together (so they are not a conflict).
fn related_in(statements: &[&AgeStatement], a: u32, b: u32) -> bool {
    statements
        .iter()
        .any(|s| (s.age == a && s.related.contains(&b)) || (s.age == b && s.related.contains(&a)))
}

type GroupKey = (AgeRole, String);

/// Comparable statements grouped by role and jurisdiction, in document order.
fn groups<'s>(statements: &[&'s AgeStatement]) -> BTreeMap<GroupKey, Vec<&'s AgeStatement>> {
    let mut groups: BTreeMap<GroupKey, Vec<&AgeStatement>> = BTreeMap::new();
    for s in statements {
        if let Some(role) = s.role {
            // "Not intended for children under 13" states the audience: compared with the
            // minimum age to use the service (see `comparable`).
            let role = match role {
                AgeRole::Audience => AgeRole::MinimumAge,
                role => role,
            };
            if s.jurisdiction != VARIES {
                groups
                    .entry((role, s.jurisdiction.clone()))
                    .or_default()
                    .push(s);
            }
        }
    }
    groups
}

/// Whether two statements of one group contradict each other when their ages differ. "Not
/// directed to children under 13" and "you must be 18" are both true of an adults-only
/// service; "not intended for children under 13" and "you must be 16" leave 13 to 15 unclear.
fn comparable(a: &AgeStatement, b: &AgeStatement) -> bool {
    let audience = a.role == Some(AgeRole::Audience) || b.role == Some(AgeRole::Audience);
    !(audience && a.age.max(b.age) >= ADULT)
}

/// The age from which a minimum age is an adults-only rule.
const ADULT: u32 = 18;

/// The first statement of each distinct age, in order of appearance.
fn first_by_age<'s>(group: &[&'s AgeStatement]) -> Vec<&'s AgeStatement> {
    let mut seen = HashSet::new();
    group
        .iter()
        .filter(|s| seen.insert(s.age))
        .copied()
        .collect()
}

fn conflict_note(key: &GroupKey) -> String {
    format!(
        "both statements set {}, {}",
        role_label(key.0),
        jurisdiction_phrase(&key.1)
    )
}

/// Documents of one service compared with each other, at most (a folder of thousands that
/// share a domain is compared in bounded time).
const MAX_DOCUMENTS_PER_SERVICE: usize = 32;

const HELP: &str = "state one age for this threshold, or say which jurisdiction each age applies to (for example `16 in the EEA, 13 in the United States`)";

fn check_document(statements: &[AgeStatement]) -> Vec<Diagnostic> {
    let all: Vec<&AgeStatement> = statements.iter().collect();
    let mut out = Vec::new();
    for (key, group) in groups(&all) {
        let firsts = first_by_age(&group);
        for (k, later) in firsts.iter().enumerate().skip(1) {
            let Some(earlier) = firsts[..k]
                .iter()
                .find(|e| !related_in(&all, e.age, later.age) && comparable(e, later))
            else {
                continue;
            };
            out.push(
                Diagnostic::new(
                    &META,
                    later.span.clone(),
                    format!(
                        "age threshold {} conflicts with {} stated earlier",
                        later.age, earlier.age
                    ),
                )
                .with_label(format!("stated here as {}", later.age))
                .with_secondary(
                    earlier.span.clone(),
                    format!("first stated here as {}", earlier.age),
                )
                .with_note(conflict_note(&key))
                .with_help(HELP),
            );
        }
    }
    out
}

fn check_floors(statements: &[AgeStatement], settings: &Settings) -> Vec<Diagnostic> {
    let v = &*VOCAB;
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for floor in &v.file.floor {
        if !settings.has_jurisdiction(&floor.regime) {
            continue;
        }
        for s in statements {
            let applies = s.jurisdiction.is_empty()
                || s.jurisdiction
                    .split('+')
                    .any(|j| floor.applies_to.iter().any(|a| a == j));
            // A lower tier stated with the legal age ("16, or a parent's consent under 13")
            // describes the law rather than undercutting it.
            let tier = s.related.iter().any(|&r| r >= floor.min);
            if s.role == Some(floor.role)
                && applies
                && !tier
                && s.age < floor.min
                && seen.insert((floor.regime.as_str(), s.age))
            {
                out.push(
                    Diagnostic::new(
                        &META,
                        s.span.clone(),
                        format!(
                            "{} {} is below the {} floor of {}",
                            role_entry(floor.role).short,
                            s.age,
                            floor.law,
                            floor.min
                        ),
                    )
                    .with_label(format!("stated here as {}", s.age))
                    .with_note(floor.note.clone())
                    .with_help(format!(
                        "use an age of at least {}, or say which jurisdiction this age applies to",
                        floor.min
                    )),
                );
            }
        }
    }
    out
}

pub struct InconsistentAgeThreshold;

impl Rule for InconsistentAgeThreshold {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _doc: &Document, model: &Model<'_>, cx: &mut LintContext<'_>) {
        let statements = model.ages().to_vec();
        if statements.is_empty() {
            return;
        }
        for d in check_document(&statements) {
            cx.report(d);
        }
        for d in check_floors(&statements, cx.settings) {
            cx.report(d);
        }
        cx.facts.ages.extend(statements);
        cx.facts.kind = Some(model.kind().kind);
    }

    /// Cross-document comparisons: see the rule's documentation.
    fn check_run(&self, facts: &[(FileId, &Facts)], _settings: &Settings) -> Vec<Diagnostic> {
        // Documents per folder, in file order.
        let mut by_dir: BTreeMap<&str, Vec<(FileId, &Facts)>> = BTreeMap::new();
        for &(id, f) in facts {
            if let Some(first) = f.ages.first() {
                by_dir.entry(first.dir.as_str()).or_default().push((id, f));
            }
        }
        let mut out = Vec::new();
        for docs in by_dir.values() {
            if docs.len() < 2 {
                continue;
            }
            let mut reported = HashSet::new();
            let per_doc: Vec<(FileId, Vec<&AgeStatement>)> = docs
                .iter()
                .map(|(id, f)| (*id, f.ages.iter().collect()))
                .collect();
            let kinds: Vec<Option<DocumentKind>> = docs.iter().map(|(_, f)| f.kind).collect();
            // Same service: documents that name a contact e-mail domain in common, found
            // through each domain's documents (at most `MAX_DOCUMENTS_PER_SERVICE`), not by
            // comparing every pair of a folder.
            let mut by_domain: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
            for (k, (_, all)) in per_doc.iter().enumerate() {
                for d in &all[0].domains {
                    let list = by_domain.entry(d.as_str()).or_default();
                    if list.len() < MAX_DOCUMENTS_PER_SERVICE {
                        list.push(k);
                    }
                }
            }
            // (later, earlier) pairs in document order.
            let mut pairs: BTreeSet<(usize, usize)> = BTreeSet::new();
            for list in by_domain.values() {
                for (a, &later) in list.iter().enumerate() {
                    for &earlier in &list[..a] {
                        // Two documents of one kind (two privacy policies, two sets of terms)
                        // are versions for different regions or products, not parts of one
                        // promise: only documents of different kinds are compared.
                        if kinds[later] != kinds[earlier] {
                            pairs.insert((later, earlier));
                        }
                    }
                }
            }
            let mut later_groups_cache: Option<(usize, BTreeMap<GroupKey, Vec<&AgeStatement>>)> =
                None;
            for &(j, e) in &pairs {
                let (later_id, later_all) = &per_doc[j];
                let (earlier_id, earlier_all) = &per_doc[e];
                if later_groups_cache.as_ref().map_or(true, |(k, _)| *k != j) {
                    later_groups_cache = Some((j, groups(later_all)));
                }
                let later_groups = &later_groups_cache.as_ref().expect("just set").1;
                {
                    let earlier_groups = groups(earlier_all);
                    for (key, later_group) in later_groups {
                        let Some(earlier_group) = earlier_groups.get(key) else {
                            continue;
                        };
                        let earlier_firsts = first_by_age(earlier_group);
                        let later_firsts = first_by_age(later_group);
                        for later in &later_firsts {
                            if earlier_firsts.iter().any(|e| e.age == later.age) {
                                continue;
                            }
                            let Some(earlier) = earlier_firsts.iter().find(|e| {
                                !later_firsts.iter().any(|l| l.age == e.age)
                                    && comparable(e, later)
                                    && !related_in(earlier_all, e.age, later.age)
                                    && !related_in(later_all, e.age, later.age)
                            }) else {
                                continue;
                            };
                            // One report per age of this document, against the first
                            // document that disagrees.
                            if !reported.insert((*later_id, key.clone(), later.age)) {
                                continue;
                            }
                            let mut d = Diagnostic::new(
                                &META,
                                later.span.clone(),
                                format!(
                                    "age threshold {} conflicts with {} stated in `{}`",
                                    later.age, earlier.age, earlier.path
                                ),
                            )
                            .with_label(format!("stated here as {}", later.age))
                            .with_secondary_in(
                                *earlier_id,
                                earlier.span.clone(),
                                format!("stated here as {}", earlier.age),
                            )
                            .with_note(conflict_note(key))
                            .with_help(
                                "use the same age in every document of the service, or say which jurisdiction each age applies to",
                            );
                            d.file = *later_id;
                            out.push(d);
                        }
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::ExampleReport;
    use regex::Regex;

    fn statements_of(text: &str) -> Vec<AgeStatement> {
        extract(&Document::parse("test.md", text.to_string()))
    }

    fn sorted<'a>(ids: impl Iterator<Item = &'a str>) -> (bool, bool) {
        let ids: Vec<&str> = ids.collect();
        let mut s = ids.clone();
        s.sort_unstable();
        let ordered = s == ids;
        s.dedup();
        (ordered, s.len() == ids.len())
    }

    #[test]
    fn vocabulary_examples_hold() {
        let v = &*VOCAB;
        let mut report = ExampleReport::default();
        let number = number_regex(&v.file);
        let tables: [(&str, Vec<&str>); 3] = [
            (
                "phrase",
                v.file.phrase.iter().map(|p| p.id.as_str()).collect(),
            ),
            (
                "range",
                v.file.range.iter().map(|p| p.id.as_str()).collect(),
            ),
            (
                "jurisdiction",
                v.file.jurisdiction.iter().map(|p| p.id.as_str()).collect(),
            ),
        ];
        for (table, ids) in &tables {
            let (ordered, unique) = sorted(ids.iter().copied());
            report.expect(ordered, || format!("{table}: entries must be sorted by id"));
            report.expect(unique, || format!("{table}: ids must be unique"));
        }
        for p in &v.file.phrase {
            let own = Regex::new(&format!(
                "(?i){}",
                expand(&p.regex, &number, &[("{N}", "n".into())])
            ))
            .unwrap();
            report.expect(!p.matches.is_empty(), || {
                format!("{}: needs `matches`", p.id)
            });
            for m in &p.matches {
                report.expect(own.is_match(m), || format!("{}: should match {m:?}", p.id));
                report.expect(!find_ages(m).0.is_empty(), || {
                    format!("{}: no age extracted from {m:?}", p.id)
                });
            }
            for m in &p.ignores {
                report.expect(find_ages(m).0.is_empty(), || {
                    format!("{}: an age was extracted from {m:?}", p.id)
                });
            }
        }
        for r in &v.file.range {
            let own = Regex::new(&format!(
                "(?i){}",
                expand(
                    &r.regex,
                    &number,
                    &[("{LO}", "lo".into()), ("{HI}", "hi".into())]
                )
            ))
            .unwrap();
            for m in &r.matches {
                report.expect(own.is_match(m), || format!("{}: should match {m:?}", r.id));
                report.expect(find_ages(m).0.is_empty(), || {
                    format!("{}: a range should not give a single age: {m:?}", r.id)
                });
            }
        }
        for m in &v.file.traps.ignores {
            report.expect(find_ages(m).0.is_empty(), || {
                format!("traps: an age was extracted from {m:?}")
            });
        }
        for r in &v.file.role {
            for m in &r.matches {
                let got: Vec<Option<AgeRole>> = statements_of(m).iter().map(|s| s.role).collect();
                report.expect(
                    !got.is_empty() && got.iter().all(|g| *g == Some(r.id)),
                    || format!("role {:?}: {m:?} gave {got:?}", r.id),
                );
            }
        }
        for m in &v.file.scope.matches {
            let got: Vec<Option<AgeRole>> = statements_of(m).iter().map(|s| s.role).collect();
            report.expect(!got.is_empty() && got.iter().all(Option::is_none), || {
                format!("scope: {m:?} should be skipped, gave {got:?}")
            });
        }
        for j in &v.file.jurisdiction {
            let expected = |g: &String| {
                if j.each {
                    j.cues.iter().any(|c| c.eq_ignore_ascii_case(g))
                } else {
                    g == &j.id
                }
            };
            for m in &j.matches {
                let got: Vec<String> = statements_of(m)
                    .into_iter()
                    .map(|s| s.jurisdiction)
                    .collect();
                report.expect(!got.is_empty() && got.iter().all(expected), || {
                    format!("jurisdiction {}: {m:?} gave {got:?}", j.id)
                });
            }
        }
        for f in &v.file.floor {
            let settings = Settings {
                jurisdictions: vec![f.regime.clone()],
                ..Settings::default()
            };
            for m in &f.matches {
                let found = check_floors(&statements_of(m), &settings);
                report.expect(!found.is_empty(), || {
                    format!("floor {}: {m:?} should be reported", f.regime)
                });
            }
        }
        report.assert_ok("ages.toml");
    }

    /// `AGES_DEBUG=path-or-dir cargo test --lib dump_statements -- --ignored --nocapture`
    #[test]
    #[ignore]
    #[allow(clippy::print_stdout)]
    fn dump_statements() {
        let path = std::env::var("AGES_DEBUG").expect("AGES_DEBUG");
        let mut paths: Vec<std::path::PathBuf> = match std::fs::read_dir(&path) {
            Ok(dir) => dir.map(|e| e.unwrap().path()).collect(),
            Err(_) => vec![path.into()],
        };
        paths.sort();
        for path in paths {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let doc = Document::parse(&path.to_string_lossy(), text);
            for s in extract(&doc) {
                let line = doc.lines.line_of(s.span.start) + 1;
                println!(
                    "{name}\t{line:5} {:3} {:18} {:12} rel={:?} `{}`",
                    s.age,
                    s.role.map_or("-".to_string(), |r| format!("{r:?}")),
                    s.jurisdiction,
                    s.related,
                    s.text
                );
            }
        }
    }

    #[test]
    fn number_words_and_offsets() {
        let ages = |t: &str| find_ages(t).0.iter().map(|m| m.age).collect::<Vec<_>>();
        assert_eq!(ages("under the age of sixteen (16)"), vec![16]);
        assert_eq!(ages("twenty-one years of age or older"), vec![21]);
        assert_eq!(ages("children 12 and under"), vec![13]);
        assert_eq!(ages("at least 18 years old"), vec![18]);
        let (mentions, pairs) = find_ages("children under 13 or 16 (as applicable)");
        assert!(mentions.is_empty());
        assert_eq!(
            pairs.iter().map(|p| (p.1, p.2)).collect::<Vec<_>>(),
            vec![(13, 16)]
        );
    }

    #[test]
    fn conflicts_and_non_conflicts() {
        let count = |t: &str| check_document(&statements_of(t)).len();
        assert_eq!(
            count("Our service is not intended for children under 13.\n\nYou must be at least 16 years old to use the service."),
            1
        );
        assert_eq!(
            count("Users in the EEA must be at least 16 to use the service. Users in the US must be at least 13 to use the service."),
            0
        );
        assert_eq!(
            count("In Spain, children under 14 need parental consent.\n\nIn France, children under 15 need parental consent."),
            0
        );
        assert_eq!(
            count("You must be 18 to use the service.\n\nWe do not knowingly collect personal information from children under 13."),
            0
        );
        assert_eq!(
            count("If you are 13 or older but under 18, you may use the service only with the permission of a parent.\n\nYou must be at least 13 to use the service."),
            0
        );
    }
}
