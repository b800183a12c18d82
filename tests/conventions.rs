//! Conventions every rule follows, checked over the registry and the repository's files:
//! documentation headings, summaries, codes and names, vocabulary files, fixtures.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use policylint::registry;
use policylint::rule::{Category, RuleMeta};

const REQUIRED_HEADINGS: [&str; 4] = ["What it does", "Why is this bad?", "Example", "How to fix"];
const OPTIONAL_HEADINGS: [&str; 2] = ["Configuration", "References"];

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// `## ` headings of a rule's documentation with their bodies, outside code fences.
fn sections(meta: &RuleMeta) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut in_fence = false;
    for line in meta.explanation_text().lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        match line.strip_prefix("## ") {
            Some(title) if !in_fence => out.push((title.trim().to_string(), String::new())),
            _ => {
                if let Some((_, body)) = out.last_mut() {
                    body.push_str(line);
                    body.push('\n');
                }
            }
        }
    }
    out
}

/// Fails listing every offending rule, not only the first.
#[track_caller]
fn assert_none(problems: Vec<String>, what: &str) {
    assert!(
        problems.is_empty(),
        "{} rule(s) break the convention: {what}\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// What is wrong with a rule's documentation headings.
fn heading_problems(meta: &RuleMeta) -> Vec<String> {
    let mut problems = Vec::new();
    let headings: Vec<String> = sections(meta).into_iter().map(|(h, _)| h).collect();
    let required: Vec<&str> = headings
        .iter()
        .map(String::as_str)
        .filter(|h| REQUIRED_HEADINGS.contains(h))
        .collect();
    if required != REQUIRED_HEADINGS {
        problems.push(format!(
            "{}: headings {headings:?}; expected {REQUIRED_HEADINGS:?} in that order",
            meta.name
        ));
    }
    if headings.first().map(String::as_str) != Some(REQUIRED_HEADINGS[0]) {
        problems.push(format!(
            "{}: the documentation must start with `## What it does`",
            meta.name
        ));
    }
    for h in &headings {
        if !REQUIRED_HEADINGS.contains(&h.as_str()) && !OPTIONAL_HEADINGS.contains(&h.as_str()) {
            problems.push(format!(
                "{}: unexpected heading `## {h}` (optional ones: {OPTIONAL_HEADINGS:?})",
                meta.name
            ));
        }
    }
    // Optional headings come after the required ones.
    if let Some(last) = headings
        .iter()
        .rposition(|h| REQUIRED_HEADINGS.contains(&h.as_str()))
    {
        if headings[..last]
            .iter()
            .any(|h| OPTIONAL_HEADINGS.contains(&h.as_str()))
        {
            problems.push(format!(
                "{}: optional headings go after `## How to fix`: {headings:?}",
                meta.name
            ));
        }
    }
    problems
}

#[test]
fn explanations_have_the_required_headings_in_order() {
    let problems = registry::all().flat_map(heading_problems).collect();
    assert_none(problems, "documentation headings");
}

/// A rule's documentation for the self-tests below.
fn fake(explanation: &'static str) -> RuleMeta {
    RuleMeta {
        code: "C999",
        name: "fake-rule",
        category: Category::Content,
        default_severity: policylint::diagnostic::Severity::Warning,
        summary: "a fake rule",
        explanation,
        requires_jurisdiction: &[],
    }
}

#[test]
fn the_heading_check_catches_what_it_should() {
    let good = " ## What it does\n x\n\n ## Why is this bad?\n x\n\n ## Example\n ```text\n ## not a heading\n ```\n\n ## How to fix\n x\n\n ## References\n x\n";
    assert_eq!(heading_problems(&fake(good)), Vec::<String>::new());
    for bad in [
        // Out of order.
        " ## What it does\n x\n ## Example\n x\n ## Why is this bad?\n x\n ## How to fix\n x\n",
        // Missing one.
        " ## What it does\n x\n ## Why is this bad?\n x\n ## How to fix\n x\n",
        // Misspelt.
        " ## What it does\n x\n ## Why is this bad\n x\n ## Example\n x\n ## How to fix\n x\n",
        // Another heading before `What it does`.
        " ## Summary\n x\n ## What it does\n x\n ## Why is this bad?\n x\n ## Example\n x\n ## How to fix\n x\n",
        // Optional heading in the middle.
        " ## What it does\n x\n ## References\n x\n ## Why is this bad?\n x\n ## Example\n x\n ## How to fix\n x\n",
    ] {
        assert!(!heading_problems(&fake(bad)).is_empty(), "{bad}");
    }
}

#[test]
fn explanations_are_written() {
    let mut problems = Vec::new();
    for meta in registry::all() {
        for (heading, body) in sections(meta) {
            let text = body.trim();
            if text.is_empty() {
                problems.push(format!("{}: `## {heading}` is empty", meta.name));
            } else if text.lines().any(|l| {
                matches!(l.trim(), "TODO" | "TODO." | "TODO: describe.")
                    || l.trim().starts_with("TODO:")
            }) {
                // A stub line, not a rule (like draft-note) that talks about `TODO` markers.
                problems.push(format!("{}: `## {heading}` still says TODO", meta.name));
            }
            if heading == "Example" && !text.contains("```") {
                problems.push(format!(
                    "{}: `## Example` needs a fenced code block",
                    meta.name
                ));
            }
        }
    }
    assert_none(problems, "documentation is complete");
}

#[test]
fn summaries_are_lowercase_without_trailing_period() {
    let mut problems = Vec::new();
    for meta in registry::all() {
        let s = meta.summary;
        if s.trim().is_empty() {
            problems.push(format!("{}: empty summary", meta.name));
            continue;
        }
        if !s.starts_with(|c: char| c.is_lowercase()) {
            problems.push(format!(
                "{}: summary must start lowercase: {s:?}",
                meta.name
            ));
        }
        if s.ends_with('.') || s.ends_with(' ') {
            problems.push(format!(
                "{}: summary must not end with a period or space: {s:?}",
                meta.name
            ));
        }
        if s.contains('\n') {
            problems.push(format!("{}: summary must be one line", meta.name));
        }
    }
    assert_none(problems, "summaries");
}

fn category_letter(c: Category) -> char {
    match c {
        Category::Structure => 'S',
        Category::Content => 'C',
        Category::Integrity => 'I',
        Category::Disclosure => 'D',
        Category::Timeliness => 'T',
        Category::Legal => 'L',
        Category::Meta => 'M',
    }
}

#[test]
fn codes_and_names_are_well_formed_and_unique() {
    let code_re = regex::Regex::new(r"^[A-Z][0-9]{3}$").unwrap();
    let name_re = regex::Regex::new(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$").unwrap();
    let mut problems = Vec::new();
    let mut codes = BTreeSet::new();
    let mut names = BTreeSet::new();
    for meta in registry::all() {
        if !code_re.is_match(meta.code) {
            problems.push(format!(
                "{}: code `{}` is not like C001",
                meta.name, meta.code
            ));
        }
        if !meta.code.starts_with(category_letter(meta.category)) {
            problems.push(format!(
                "{}: code `{}` does not start with its category's letter `{}`",
                meta.name,
                meta.code,
                category_letter(meta.category)
            ));
        }
        if !name_re.is_match(meta.name) {
            problems.push(format!("{}: name is not kebab-case", meta.name));
        }
        if !codes.insert(meta.code) {
            problems.push(format!("{}: duplicate code {}", meta.name, meta.code));
        }
        if !names.insert(meta.name) {
            problems.push(format!("{}: duplicate name", meta.name));
        }
        // Names and codes must both resolve to this rule.
        for key in [meta.code, meta.name] {
            if registry::find(key).map(|m| m.code) != Some(meta.code) {
                problems.push(format!("{}: `{key}` does not find the rule", meta.name));
            }
        }
    }
    assert_none(problems, "codes and names");
}

#[test]
fn every_vocabulary_file_parses_as_toml() {
    let dir = repo("rules");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("rules/")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no rules/*.toml files");
    let mut problems = Vec::new();
    for path in &files {
        let text = fs::read_to_string(path).unwrap();
        if let Err(e) = text.parse::<toml::Table>() {
            problems.push(format!("{}: {e}", path.display()));
        }
    }
    assert_none(problems, "rules/*.toml parse");
}

#[test]
fn every_vocabulary_file_is_used_by_a_rule_or_the_model() {
    let mut sources = String::new();
    // `src/code` embeds the SDK catalogue; modules may be folders (`src/model/parties/`).
    let mut dirs: Vec<std::path::PathBuf> = ["src/rules", "src/model", "src/code"]
        .iter()
        .map(|d| repo(d))
        .collect();
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).unwrap().filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                sources.push_str(&fs::read_to_string(&path).unwrap());
            }
        }
    }
    let mut problems = Vec::new();
    for entry in fs::read_dir(repo("rules")).unwrap().filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().to_string();
        if name.ends_with(".toml") && !sources.contains(&format!("rules/{name}\")")) {
            problems.push(format!(
                "rules/{name} is not embedded by any src/rules/*.rs or src/model/*.rs (include_str!)"
            ));
        }
    }
    assert_none(problems, "no orphan vocabulary files");
}

/// The paths a Rust source file imports or names with `crate::...` or `super::...`.
fn crate_paths(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with("//") {
            continue;
        }
        for prefix in ["crate::", "super::"] {
            let mut rest = line;
            while let Some(i) = rest.find(prefix) {
                let after = &rest[i..];
                let end = after
                    .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                    .unwrap_or(after.len());
                out.push(after[..end].to_string());
                rest = &after[prefix.len()..];
            }
        }
    }
    out
}

#[test]
fn rules_never_import_each_other_or_the_engine() {
    let mut problems = Vec::new();
    for entry in fs::read_dir(repo("src/rules"))
        .unwrap()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.extension().map_or(true, |e| e != "rs") || path.ends_with("mod.rs") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        for p in crate_paths(&text) {
            // `super::*` inside a rule's own test module is the rule itself.
            let bad = (p.starts_with("crate::rules") && p != "crate::rules")
                || (p.starts_with("super::") && p != "super::")
                || p.starts_with("crate::engine")
                || p.starts_with("crate::render")
                || p.starts_with("crate::lsp")
                || p.starts_with("crate::cli");
            if bad {
                problems.push(format!("{}: uses `{p}`", path.display()));
            }
        }
    }
    assert_none(
        problems,
        "rules read the document and the model (src/model/), never another rule",
    );
}

#[test]
fn the_import_check_catches_what_it_should() {
    let paths = crate_paths("use crate::rules::empty_section::x;\nuse super::undeclared_processor::{a, b};\n    use super::*;\n// crate::rules::not_code\n");
    assert_eq!(
        paths,
        vec![
            "crate::rules::empty_section::x",
            "super::undeclared_processor::",
            "super::"
        ]
    );
}

#[test]
fn every_rule_has_a_fixture_folder() {
    let mut problems = Vec::new();
    for meta in registry::all() {
        let dir = repo("fixtures").join(meta.name);
        if !dir.is_dir() {
            problems.push(format!("{}: no fixtures/{}/ folder", meta.name, meta.name));
        }
    }
    assert_none(problems, "fixtures exist");
}

#[test]
fn every_fixture_folder_names_a_rule() {
    let mut problems = Vec::new();
    for entry in fs::read_dir(repo("fixtures"))
        .unwrap()
        .filter_map(Result::ok)
    {
        let name = entry.file_name().to_string_lossy().to_string();
        // `fixtures/repos/` holds whole repositories for `tests/code_aware.rs`.
        if entry.path().is_dir() && name != "repos" && registry::all().all(|m| m.name != name) {
            problems.push(format!("fixtures/{name}/ does not name a rule"));
        }
    }
    assert_none(problems, "fixture folders are rule names");
}
