//! Fixture tests: `fixtures/<rule-name>/<case>.{md,txt,html}` (or a folder `<case>/` of
//! documents linted together) is linted with only that rule enabled and `--today 2026-11-22`,
//! and the `full` rendering (no colour) must equal `<case>.out` beside it. A `<case>.toml`
//! beside the case is applied as its config file.
//!
//! A case folder is also scanned as a repository for the code-aware rules (its manifests).
//! `fixtures/repos/` holds whole repositories for `tests/code_aware.rs`, not rule cases.
//!
//! Bless changed output with `BLESS=1 cargo test --test fixtures`, then review the diff.

use std::fs;
use std::path::{Path, PathBuf};

use policylint::config;
use policylint::date::Date;
use policylint::engine::{self, Input};
use policylint::registry;
use policylint::render::{self, OutputFormat};
use policylint::settings::Settings;

const DOC_EXTENSIONS: &[&str] = &["md", "txt", "html", "htm", "mdx", "markdown"];

struct Case {
    rule_dir: String,
    name: String,
    inputs: Vec<PathBuf>,
    expected: PathBuf,
    config: Option<PathBuf>,
    /// A case folder: scanned as a repository too.
    folder: Option<PathBuf>,
}

fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    let root = Path::new("fixtures");
    let mut rule_dirs: Vec<_> = fs::read_dir(root)
        .expect("fixtures/")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    rule_dirs.sort();
    for dir in rule_dirs
        .into_iter()
        .filter(|d| d.is_dir() && !d.ends_with("repos"))
    {
        let rule_dir = dir.file_name().unwrap().to_string_lossy().to_string();
        let mut entries: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        entries.sort();
        for path in entries {
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            let stem = path.file_stem().unwrap().to_string_lossy().to_string();
            let inputs = if path.is_dir() {
                let mut docs: Vec<_> = fs::read_dir(&path)
                    .unwrap()
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .collect();
                docs.sort();
                docs.retain(|p| {
                    p.extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| DOC_EXTENSIONS.contains(&e))
                });
                docs
            } else if DOC_EXTENSIONS.contains(&ext) {
                vec![path.clone()]
            } else {
                continue;
            };
            let name = if path.is_dir() {
                path.file_name().unwrap().to_string_lossy().to_string()
            } else {
                stem.clone()
            };
            let config = dir.join(format!("{name}.toml"));
            cases.push(Case {
                rule_dir: rule_dir.clone(),
                name: name.clone(),
                inputs,
                expected: dir.join(format!("{name}.out")),
                config: config.is_file().then_some(config),
                folder: path.is_dir().then(|| path.clone()),
            });
        }
    }
    cases
}

fn render_case(case: &Case) -> (String, usize) {
    let meta = registry::find(&case.rule_dir)
        .unwrap_or_else(|| panic!("fixtures/{}: no rule of that name", case.rule_dir));
    let mut settings = Settings::for_rule(meta);
    settings.today = Date::new(2026, 11, 22).unwrap();
    if let Some(cfg) = &case.config {
        settings = config::load(cfg, settings).unwrap_or_else(|e| panic!("{e}"));
    }
    let code = case.folder.as_ref().map(|f| policylint::code::CodeScan {
        whole_repository: true,
        ..policylint::code::CodeScan::scan(std::slice::from_ref(f), &settings)
    });
    let report = engine::run_with_code(
        case.inputs.iter().cloned().map(Input::Path).collect(),
        code.as_ref(),
        &settings,
        &|| {},
    );
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let mut out = Vec::new();
    render::render(&report, OutputFormat::Full, false, &mut out).unwrap();
    let count = report
        .diagnostics
        .iter()
        .filter(|d| d.rule.code == meta.code)
        .count();
    (String::from_utf8(out).unwrap(), count)
}

#[test]
fn fixtures_match_expected_output() {
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    let cases = cases();
    assert!(!cases.is_empty(), "no fixtures found");
    for case in &cases {
        let (actual, _) = render_case(case);
        let expected = fs::read_to_string(&case.expected).unwrap_or_default();
        if actual != expected {
            if bless {
                fs::write(&case.expected, &actual).unwrap();
            } else {
                failures.push(format!(
                    "--- {} (expected)\n{}\n+++ actual\n{}",
                    case.expected.display(),
                    expected,
                    actual
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture(s) differ (BLESS=1 to accept):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every rule has a fixture folder with a case that triggers it and a case that does not.
#[test]
fn every_rule_has_positive_and_negative_fixtures() {
    let cases = cases();
    let mut missing = Vec::new();
    for meta in registry::all() {
        let mine: Vec<&Case> = cases.iter().filter(|c| c.rule_dir == meta.name).collect();
        let counts: Vec<usize> = mine.iter().map(|c| render_case(c).1).collect();
        if !counts.iter().any(|&n| n > 0) {
            missing.push(format!("{}: no fixture that triggers it", meta.name));
        }
        if !counts.contains(&0) {
            let names: Vec<&str> = mine.iter().map(|c| c.name.as_str()).collect();
            missing.push(format!(
                "{}: no fixture where it stays quiet (cases: {names:?})",
                meta.name
            ));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
