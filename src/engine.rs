//! Runs the rules over documents: read, parse once, check with every enabled rule in
//! parallel across files, apply suppressions, then cross-document checks, then sort.

mod source_file;

use std::ops::Range;
use std::path::Path;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, FileId, Label};
use crate::document::Document;
use crate::model::Model;
use crate::registry::RULES;
use crate::rule::{Facts, LintContext};
use crate::settings::Settings;
use crate::suppress;

// Reading inputs lives in `crate::input`, below every other module; the engine's callers
// keep their paths.
pub use crate::input::{
    check_regular, io_message, read_input, read_regular_file, Input, MAX_FILE_BYTES,
};

pub use source_file::SourceFile;

/// A file that could not be linted.
#[derive(Debug, Clone)]
pub struct FileError {
    pub path: String,
    pub message: String,
}

/// Everything a run produced, ready for a renderer.
#[derive(Debug, Default)]
pub struct Report {
    pub files: Vec<SourceFile>,
    /// Sorted by file, position, code.
    pub diagnostics: Vec<Diagnostic>,
    /// Files that could not be read or were refused.
    pub errors: Vec<FileError>,
    /// Non-fatal remarks about inputs (lossy decoding).
    pub warnings: Vec<FileError>,
}

struct Linted {
    source: SourceFile,
    checked: Checked,
    ignored: Vec<&'static str>,
    /// The text of a policy document, kept when the run checks it against the code.
    policy_text: Option<String>,
}

/// One document's findings after its suppressions were applied, before unused suppressions
/// are reported (cross-document findings may still use them).
struct Checked {
    diagnostics: Vec<Diagnostic>,
    facts: Facts,
    suppressions: Vec<suppress::Suppression>,
    used: Vec<bool>,
}

impl Checked {
    /// Every span a finding of this document may point at: its own findings, its
    /// suppression comments (unused-suppression), and the facts cross-document checks
    /// report on.
    fn spans(&self) -> impl Iterator<Item = &Range<usize>> {
        self.diagnostics
            .iter()
            .flat_map(|d| {
                std::iter::once(&d.primary.span).chain(
                    d.secondary
                        .iter()
                        .filter(|l| l.file.is_none())
                        .map(|l| &l.span),
                )
            })
            .chain(self.suppressions.iter().map(|s| &s.span))
            .chain(fact_spans(&self.facts))
    }
}

/// The spans of a document's facts. Cross-document findings point only at these, so the
/// engine keeps their lines after dropping the document's text.
fn fact_spans(facts: &Facts) -> impl Iterator<Item = &Range<usize>> {
    facts.ages.iter().map(|a| &a.span)
}

/// Lints inputs (deduplicated and sorted by display path) in parallel.
pub fn run(inputs: Vec<Input>, settings: &Settings) -> Report {
    run_with_code(inputs, None, settings, &|| {})
}

/// [`run`], calling `progress` once per input as it is done (from any thread).
pub fn run_with_progress(
    inputs: Vec<Input>,
    settings: &Settings,
    progress: &(dyn Fn() + Sync),
) -> Report {
    run_with_code(inputs, None, settings, progress)
}

/// Lints inputs like [`run`], then checks the policy documents against a scan of the
/// repository's code (see [`crate::code`]), calling `progress` once per input.
///
/// Each document's text is dropped as soon as it is linted; the report keeps only the
/// lines its findings refer to (see [`SourceFile`]), so memory grows with the findings,
/// not with the size of the inputs. With a code scan, the policy documents' texts are kept
/// for the repository phase.
pub fn run_with_code(
    mut inputs: Vec<Input>,
    code: Option<&crate::code::CodeScan>,
    settings: &Settings,
    progress: &(dyn Fn() + Sync),
) -> Report {
    inputs.sort_by_key(Input::display);
    inputs.dedup_by_key(|i| i.display());
    let results: Vec<Result<(Linted, bool), FileError>> = inputs
        .into_par_iter()
        .map(|input| {
            let result = lint_input(input, code, settings);
            progress();
            result
        })
        .collect();

    let mut report = Report::default();
    let mut facts = Vec::new();
    let mut policies: Vec<(FileId, String)> = Vec::new();
    let mut pending: Vec<Pending> = Vec::new();
    for result in results {
        match result {
            Ok((linted, lossy)) => {
                let id = FileId(report.files.len());
                if lossy {
                    report.warnings.push(FileError {
                        path: linted.source.path.clone(),
                        message: "invalid UTF-8; decoded with replacement characters".into(),
                    });
                }
                let checked = linted.checked;
                for mut d in checked.diagnostics {
                    d.file = id;
                    report.diagnostics.push(d);
                }
                facts.push((id, checked.facts));
                if let Some(text) = linted.policy_text {
                    policies.push((id, text));
                }
                pending.push((checked.suppressions, checked.used, linted.ignored));
                report.files.push(linted.source);
            }
            Err(e) => report.errors.push(e),
        }
    }
    let fact_refs: Vec<(FileId, &Facts)> = facts.iter().map(|(id, f)| (*id, f)).collect();
    for rule in RULES {
        let meta = rule.meta();
        if settings.is_enabled(meta.code) && jurisdiction_ok(meta, settings) {
            for mut d in rule.check_run(&fact_refs, settings) {
                if let Some(&sev) = settings.severity.get(meta.code) {
                    d.severity = sev;
                }
                report.diagnostics.extend(filter_cross(d, &mut pending));
            }
        }
    }
    if let Some(code) = code {
        repository_phase(&mut report, &mut pending, code, policies, settings);
    }
    for (i, (suppressions, used, ignored)) in pending.iter().enumerate() {
        report.diagnostics.extend(unused_suppressions(
            suppressions,
            used,
            settings,
            ignored,
            FileId(i),
        ));
    }
    report
        .diagnostics
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    report
        .diagnostics
        .dedup_by(|a, b| a.sort_key() == b.sort_key());
    report
}

/// Adds the scanned code files to the report and runs the rules' repository checks.
fn repository_phase(
    report: &mut Report,
    pending: &mut Vec<Pending>,
    code: &crate::code::CodeScan,
    policies: Vec<(FileId, String)>,
    settings: &Settings,
) {
    for e in &code.errors {
        report.warnings.push(FileError {
            path: e.path.clone(),
            message: match e.line {
                Some(line) => format!("line {line}: {}; manifest skipped", e.message),
                None => format!("{}; manifest skipped", e.message),
            },
        });
    }
    let documents: Vec<(FileId, Document)> = policies
        .into_iter()
        .map(|(id, text)| (id, Document::parse(&report.files[id.0].path, text)))
        .collect();
    let mut code_files = Vec::new();
    for f in &code.files {
        code_files.push(FileId(report.files.len()));
        report.files.push(SourceFile::new(f.path.clone(), &f.text));
        pending.push((
            Vec::new(),
            Vec::new(),
            settings.ignored_for(Path::new(&f.path)),
        ));
    }
    let repo = crate::rule::Repository {
        policies: documents.iter().map(|(id, d)| (*id, d)).collect(),
        code,
        code_files,
    };
    for rule in RULES {
        let meta = rule.meta();
        if settings.is_enabled(meta.code) && jurisdiction_ok(meta, settings) {
            for mut d in rule.check_repository(&repo, settings) {
                if let Some(&sev) = settings.severity.get(meta.code) {
                    d.severity = sev;
                }
                report.diagnostics.extend(filter_cross(d, pending));
            }
        }
    }
}

/// Whether a linted document is the privacy policy for the code-aware check: the `policy`
/// setting names it, or (without that setting) it is a privacy or cookie notice.
fn is_policy(doc: &Document, settings: &Settings) -> bool {
    match &settings.code.policy {
        Some(globs) => {
            let path = Path::new(&doc.path);
            globs.is_match(settings.relative(path)) || globs.is_match(path)
        }
        None => crate::model::Model::new(doc).is_privacy_or_cookie_policy(),
    }
}

/// Reads, parses and checks one input; keeps only what the report needs of its text.
fn lint_input(
    input: Input,
    code: Option<&crate::code::CodeScan>,
    settings: &Settings,
) -> Result<(Linted, bool), FileError> {
    let path = input.display();
    let (text, lossy) = read_input(&input).map_err(|message| FileError {
        path: path.clone(),
        message,
    })?;
    let ignored = match &input {
        Input::Path(p) => settings.ignored_for(p),
        Input::Stdin { name, .. } => settings.ignored_for(Path::new(name)),
    };
    drop(input); // stdin's bytes: the text is a copy
    let mut doc = Document::parse(&path, text);
    doc.lossy = lossy;
    // A bug in one rule must not end a run over thousands of files: the file is reported
    // as an error (exit 2) and the others are still linted.
    let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        check_document(&doc, settings, &ignored)
    }))
    .map_err(|_| FileError {
        path: path.clone(),
        message: format!(
            "internal error: policylint crashed on this file (the message is above); please report it at {}/issues with the file",
            crate::REPOSITORY_URL
        ),
    })?;
    // The repository phase reads the policy documents again and points anywhere in them: they
    // are kept whole.
    let policy_text = code
        .filter(|_| is_policy(&doc, settings))
        .map(|_| doc.source.clone());
    let source = match policy_text {
        Some(_) => SourceFile::new(path, &doc.source),
        None => SourceFile::with_spans(path, &doc.source, &doc.lines, checked.spans()),
    };
    Ok((
        Linted {
            source,
            checked,
            ignored,
            policy_text,
        },
        lossy,
    ))
}

/// Per file of a run (indexed by `FileId`): its suppressions, which were used, and the
/// codes ignored for it.
type Pending = (Vec<suppress::Suppression>, Vec<bool>, Vec<&'static str>);

/// A cross-document finding obeys the per-file ignores and the inline suppressions of the
/// file it is reported in, like any other; `None` when it is switched off there.
fn filter_cross(d: Diagnostic, pending: &mut [Pending]) -> Option<Diagnostic> {
    let Some((suppressions, used, ignored)) = pending.get_mut(d.file.0) else {
        return Some(d);
    };
    if ignored.contains(&d.rule.code) {
        return None;
    }
    let mut one = vec![d];
    for (u, now) in used.iter_mut().zip(suppress::apply(suppressions, &mut one)) {
        *u |= now;
    }
    one.pop()
}

fn jurisdiction_ok(meta: &crate::rule::RuleMeta, settings: &Settings) -> bool {
    meta.requires_jurisdiction.is_empty()
        || meta
            .requires_jurisdiction
            .iter()
            .any(|j| settings.has_jurisdiction(j))
}

/// Runs every enabled rule over one parsed document and applies its suppressions.
/// `ignored` holds codes switched off for this file (per-file ignores).
pub fn lint_document(
    doc: &Document,
    file: FileId,
    settings: &Settings,
    ignored: &[&'static str],
) -> (Vec<Diagnostic>, Facts) {
    let checked = check_document(doc, settings, ignored);
    let mut diagnostics = checked.diagnostics;
    diagnostics.extend(unused_suppressions(
        &checked.suppressions,
        &checked.used,
        settings,
        ignored,
        file,
    ));
    for d in &mut diagnostics {
        d.file = file;
    }
    (diagnostics, checked.facts)
}

/// Runs the rules over one document, applies severity overrides and suppressions.
fn check_document(doc: &Document, settings: &Settings, ignored: &[&'static str]) -> Checked {
    let mut cx = LintContext::new(FileId(0), settings);
    let model = Model::new(doc);
    for rule in RULES {
        let meta = rule.meta();
        if settings.is_enabled(meta.code)
            && !ignored.contains(&meta.code)
            && jurisdiction_ok(meta, settings)
        {
            rule.check(doc, &model, &mut cx);
        }
    }
    let (mut diagnostics, facts) = cx.into_parts();
    for d in &mut diagnostics {
        if let Some(&sev) = settings.severity.get(d.rule.code) {
            d.severity = sev;
        }
    }
    let suppressions = suppress::parse(doc);
    let used = suppress::apply(&suppressions, &mut diagnostics);
    Checked {
        diagnostics,
        facts,
        suppressions,
        used,
    }
}

/// `unused-suppression` findings of one file: suppressions naming unknown rules, and
/// suppressions that suppressed nothing although every rule they name ran.
fn unused_suppressions(
    suppressions: &[suppress::Suppression],
    used: &[bool],
    settings: &Settings,
    ignored: &[&'static str],
    file: FileId,
) -> Vec<Diagnostic> {
    let unused_meta = &crate::rules::unused_suppression::META;
    let mut diagnostics = Vec::new();
    if !settings.is_enabled(unused_meta.code) || ignored.contains(&unused_meta.code) {
        return diagnostics;
    }
    for (s, &used) in suppressions.iter().zip(used) {
        if !s.unknown.is_empty() {
            let names = s.unknown.join(", ");
            diagnostics.push(
                Diagnostic::new(
                    unused_meta,
                    s.span.clone(),
                    format!("suppression names unknown rule `{names}`"),
                )
                .with_label("no rule has this name or code")
                .with_help("`policylint rules` lists every rule's code and name"),
            );
        } else if !used {
            let what = if s.codes.is_empty() {
                "any rule".to_string()
            } else {
                s.codes
                    .iter()
                    .map(|c| crate::registry::find(c).map_or(*c, |m| m.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            // Only report when every named rule ran (selected, not ignored for this
            // file, its jurisdiction active): otherwise it may be needed elsewhere.
            let all_ran = s.codes.iter().all(|c| {
                settings.is_enabled(c)
                    && !ignored.contains(c)
                    && crate::registry::find(c).is_some_and(|m| jurisdiction_ok(m, settings))
            });
            if all_ran {
                diagnostics.push(
                    Diagnostic::new(
                        unused_meta,
                        s.span.clone(),
                        format!("suppression of {what} suppresses nothing"),
                    )
                    .with_label("nothing to suppress here")
                    .with_help("remove the comment"),
                );
            }
        }
    }
    if let Some(&sev) = settings.severity.get(unused_meta.code) {
        for d in &mut diagnostics {
            d.severity = sev;
        }
    }
    for d in &mut diagnostics {
        d.file = file;
    }
    diagnostics
}

/// Lints one text in memory with the given settings (editors, tests).
pub fn lint_text(path: &str, text: String, settings: &Settings) -> Report {
    run(
        vec![Input::Stdin {
            name: path.to_string(),
            bytes: text.into_bytes(),
        }],
        settings,
    )
}

/// A secondary label's file (or the diagnostic's own).
pub fn label_file(d: &Diagnostic, label: &Label) -> FileId {
    label.file.unwrap_or(d.file)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{BlockKind, LineIndex};
    use crate::input::decode;
    use std::path::PathBuf;

    #[test]
    fn byte_order_mark_is_dropped() {
        let (text, lossy) = decode(b"\xEF\xBB\xBF# Title\n\nBody\n".to_vec()).unwrap();
        assert_eq!(text, "# Title\n\nBody\n");
        assert!(!lossy);
        let doc = Document::parse("x.md", text);
        assert_eq!(doc.blocks[0].kind, BlockKind::Heading { level: 1 });
    }

    #[test]
    fn cross_document_findings_obey_suppressions_and_ignores() {
        let age = &crate::rules::inconsistent_age_threshold::META;
        let text = "# Terms\n\n<!-- policylint-disable-next-line inconsistent-age-threshold -->\nYou must be 16.\n\n<!-- policylint-disable-next-line I001 -->\nNothing.\n\nYou must be 18.\n";
        let doc = Document::parse("terms.md", text.to_string());
        let suppressions = suppress::parse(&doc);
        assert_eq!(suppressions.len(), 2);
        let used = vec![false; 2];
        let mut pending: Vec<Pending> = vec![(suppressions, used, Vec::new())];
        let at = |needle: &str| {
            let i = text.find(needle).unwrap();
            let mut d = Diagnostic::new(age, i..i + 2, "age differs");
            d.file = FileId(0);
            d
        };
        assert!(filter_cross(at("16"), &mut pending).is_none());
        assert!(filter_cross(at("18"), &mut pending).is_some());
        assert_eq!(pending[0].1, vec![true, false]);
        // The first suppression was used by the cross-document finding; the second was not.
        let settings = Settings::default();
        let unused = unused_suppressions(&pending[0].0, &pending[0].1, &settings, &[], FileId(0));
        assert_eq!(unused.len(), 1, "{unused:?}");
        assert_eq!(unused[0].primary.span, pending[0].0[1].span);
        // Per-file ignores apply too.
        pending[0].2.push(age.code);
        assert!(filter_cross(at("18"), &mut pending).is_none());
    }

    /// Cross-document findings point into documents whose text the engine has dropped;
    /// their lines are kept because they come from the documents' facts.
    #[test]
    fn cross_document_positions_survive_dropping_the_text() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/inconsistent-age-threshold/terms-and-privacy");
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        let settings = Settings {
            today: crate::date::Date::parse_iso("2026-11-22").unwrap(),
            ..Settings::default()
        };
        let report = run(paths.iter().cloned().map(Input::Path).collect(), &settings);
        let cross: Vec<&Diagnostic> = report
            .diagnostics
            .iter()
            .filter(|d| d.secondary.iter().any(|l| l.file.is_some()))
            .collect();
        assert!(!cross.is_empty(), "{:?}", report.diagnostics);
        for d in &report.diagnostics {
            let labels = std::iter::once((d.file, &d.primary))
                .chain(d.secondary.iter().map(|l| (label_file(d, l), l)));
            for (file, label) in labels {
                let source = &report.files[file.0];
                let text = std::fs::read_to_string(&paths[file.0]).unwrap();
                let lines = LineIndex::new(&text);
                for offset in [label.span.start, label.span.end] {
                    assert_eq!(
                        source.position(offset),
                        lines.position(&text, offset),
                        "{} {offset}",
                        source.path
                    );
                }
            }
            assert!(report.files[d.file.0].kept_bytes() < 2_000);
        }
    }

    #[test]
    fn oversized_stdin_is_refused() {
        let input = Input::Stdin {
            name: "big.md".into(),
            bytes: vec![b'a'; MAX_FILE_BYTES as usize + 1],
        };
        let e = read_input(&input).unwrap_err();
        assert_eq!(
            e,
            "file is too large (more than 16777216 bytes; the limit is 16777216 bytes)"
        );
    }

    #[test]
    fn io_messages_drop_the_os_error_number() {
        let e = std::io::Error::from_raw_os_error(36);
        let m = io_message(&e);
        assert!(
            !m.contains("os error") && m.starts_with(char::is_lowercase),
            "{m}"
        );
        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(io_message(&missing), "no such file or directory");
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_are_read() {
        let e = read_regular_file(Path::new("/dev/zero"), 10).unwrap_err();
        assert_eq!(e, "not a regular file (a character device)");
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            read_regular_file(dir.path(), 10).unwrap_err(),
            "is a directory"
        );
        let file = dir.path().join("a.txt");
        std::fs::write(&file, "12345678901").unwrap();
        assert_eq!(
            read_regular_file(&file, 10).unwrap_err(),
            "file is too large (11 bytes; the limit is 10 bytes)"
        );
        assert_eq!(read_regular_file(&file, 11).unwrap(), b"12345678901");
    }
}
