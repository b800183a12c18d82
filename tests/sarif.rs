//! `--format sarif`: the log validates against the official SARIF 2.1.0 schema
//! (`../shared/reference/sarif/sarif-schema-2.1.0.json`, or `$POLICYLINT_SARIF_SCHEMA`)
//! and carries what code scanning needs: every rule, UTF-16 regions, encoded relative URIs,
//! related locations and stable fingerprints.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use policylint::diagnostic::{Diagnostic, FileId};
use policylint::engine::{FileError, Report, SourceFile};
use policylint::registry;
use policylint::render::{self, OutputFormat};
use policylint::rules::placeholder_text;
use serde_json::Value;

/// The schema file: `$POLICYLINT_SARIF_SCHEMA` when set (GitHub CI downloads a copy), else
/// the shared reference copy beside the repository.
fn schema_path() -> PathBuf {
    match std::env::var_os("POLICYLINT_SARIF_SCHEMA") {
        Some(p) => PathBuf::from(p),
        None => Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/reference/sarif/sarif-schema-2.1.0.json"),
    }
}

/// The schema as a validator needs it. The stored copy keeps the root object's constraints
/// in `definitions/Root` and leaves the top level unconstrained (so as published it accepts
/// anything); point the top level at `Root` then. The OASIS layout (constraints at the top
/// level) is used as it is.
fn load_schema(text: &str) -> Value {
    let mut schema: Value = serde_json::from_str(text).expect("schema is JSON");
    let has_root_constraints = schema.get("properties").is_some() || schema.get("$ref").is_some();
    if !has_root_constraints && schema["definitions"].get("Root").is_some() {
        schema["$ref"] = Value::from("#/definitions/Root");
    }
    schema
}

/// Validates a SARIF log against the official schema, or says loudly that it could not.
fn validate(log: &Value) {
    let path = schema_path();
    let Ok(text) = fs::read_to_string(&path) else {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true");
        assert!(
            !ci,
            "the SARIF schema {} is missing: CI must validate SARIF output",
            path.display()
        );
        eprintln!(
            "SKIPPED: SARIF schema validation ({} not found); structure checks still ran",
            path.display()
        );
        return;
    };
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&load_schema(&text))
        .expect("the SARIF schema compiles (offline: it has only local references)");
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF output violates the schema:\n{}\n\n{}",
        errors.join("\n"),
        serde_json::to_string_pretty(log).unwrap()
    );
}

fn run_cli(dir: &Path, args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_policylint"))
        .current_dir(dir)
        .args([
            "check",
            "--format",
            "sarif",
            "--isolated",
            "--today",
            "2026-11-22",
        ])
        .args(args)
        .output()
        .expect("run policylint");
    assert!(
        matches!(out.status.code(), Some(0..=2)),
        "unexpected exit: {:?}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

fn results(log: &Value) -> &Vec<Value> {
    log["runs"][0]["results"].as_array().expect("results")
}

const POLICY: &str = "# Privacy Policy\n\n\
Thanks for using our app 🎉🎉 — contact us at [Your Company Email] for questions.\n\n\
We keep data for [Insert Retention Period].\n";

#[test]
fn cli_output_is_valid_sarif_with_every_rule() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("legal docs")).unwrap();
    fs::write(dir.path().join("legal docs/privacy, 100%.md"), POLICY).unwrap();
    // Every rule is described in the driver whatever runs; the results come from one rule so
    // that other rules' findings on this tiny document do not change the count.
    let log = run_cli(dir.path(), &["--select", "placeholder-text", "legal docs"]);
    validate(&log);

    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"]
        .as_str()
        .unwrap()
        .contains("sarif-schema-2.1.0"));
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "policylint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(driver["informationUri"], policylint::REPOSITORY_URL);

    let rules = driver["rules"].as_array().unwrap();
    let metas: Vec<_> = registry::all().collect();
    assert_eq!(rules.len(), metas.len(), "every rule is described");
    for (rule, meta) in rules.iter().zip(&metas) {
        assert_eq!(rule["id"], meta.code);
        assert_eq!(rule["name"], meta.name);
        assert_eq!(rule["helpUri"], meta.url());
        assert!(!rule["shortDescription"]["text"]
            .as_str()
            .unwrap()
            .is_empty());
        assert!(!rule["fullDescription"]["text"].as_str().unwrap().is_empty());
        assert_eq!(rule["help"]["markdown"], meta.explanation_text());
        assert!(!rule["help"]["text"].as_str().unwrap().contains("## "));
        let level = match meta.default_severity.as_str() {
            "info" => "note",
            other => other,
        };
        assert_eq!(rule["defaultConfiguration"]["level"], level);
    }

    let results = results(&log);
    assert_eq!(results.len(), 2, "{results:#?}");
    let first = &results[0];
    assert_eq!(first["ruleId"], "C001");
    let index = first["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], "C001", "ruleIndex points at the rule");
    assert_eq!(first["level"], "error");
    assert!(first["message"]["text"]
        .as_str()
        .unwrap()
        .contains("[Your Company Email]"));
    let loc = &first["locations"][0]["physicalLocation"];
    assert_eq!(
        loc["artifactLocation"]["uri"],
        "legal%20docs/privacy%2C%20100%25.md"
    );
    // Columns count UTF-16 code units: each 🎉 is two.
    let line = POLICY.lines().nth(2).unwrap();
    let byte = line.find("[Your").unwrap();
    let utf16 = line[..byte].encode_utf16().count();
    let chars = line[..byte].chars().count();
    assert_ne!(
        utf16, chars,
        "the test line must contain non-BMP characters"
    );
    assert_eq!(log["runs"][0]["columnKind"], "utf16CodeUnits");
    let region = &loc["region"];
    assert_eq!(region["startLine"], 3);
    assert_eq!(region["startColumn"], utf16 + 1);
    assert_eq!(region["endLine"], 3);
    assert_eq!(
        region["endColumn"],
        utf16 + "[Your Company Email]".len() + 1
    );
    assert!(first["partialFingerprints"]
        .as_object()
        .is_some_and(|f| !f.is_empty()));
}

#[test]
fn fingerprints_survive_inserted_lines_and_distinguish_findings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("privacy.md");
    fs::write(&path, POLICY).unwrap();
    let before = run_cli(dir.path(), &["privacy.md"]);
    let shifted = POLICY.replacen("\n\n", "\n\nA new paragraph above.\n\nAnd another.\n\n", 1);
    fs::write(&path, shifted).unwrap();
    let after = run_cli(dir.path(), &["privacy.md"]);
    validate(&after);

    let fingerprints = |log: &Value| -> Vec<Value> {
        results(log)
            .iter()
            .map(|r| r["partialFingerprints"].clone())
            .collect()
    };
    let lines = |log: &Value| -> Vec<u64> {
        results(log)
            .iter()
            .map(|r| {
                r["locations"][0]["physicalLocation"]["region"]["startLine"]
                    .as_u64()
                    .unwrap()
            })
            .collect()
    };
    assert_eq!(fingerprints(&before), fingerprints(&after));
    assert_ne!(lines(&before), lines(&after), "the findings moved down");
    let fp = fingerprints(&before);
    assert_ne!(fp[0], fp[1], "different findings, different fingerprints");
}

#[test]
fn same_line_findings_get_distinct_fingerprints() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("terms.txt"),
        "Terms of Service\n\nThe [Company Name] app by [Company Name] is provided as is.\n",
    )
    .unwrap();
    let log = run_cli(dir.path(), &["terms.txt"]);
    validate(&log);
    let fps: Vec<&Value> = results(&log)
        .iter()
        .map(|r| &r["partialFingerprints"])
        .collect();
    assert_eq!(fps.len(), 2);
    assert_ne!(fps[0], fps[1]);
}

#[test]
fn clean_run_and_file_errors_are_valid() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("privacy.md"),
        "# Privacy Policy\n\nWe are Acme Ltd. Write to privacy@acme.co.uk.\n",
    )
    .unwrap();
    // A stub policy: every topic would be missing; the run is clean without that rule.
    let log = run_cli(dir.path(), &["--ignore", "missing-section", "privacy.md"]);
    validate(&log);
    assert!(results(&log).is_empty());
    assert_eq!(
        log["runs"][0]["invocations"][0]["executionSuccessful"],
        true
    );

    let log = run_cli(dir.path(), &["privacy.md", "missing-terms.md"]);
    validate(&log);
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["level"], "error");
    assert!(notes[0]["message"]["text"]
        .as_str()
        .unwrap()
        .contains("missing-terms.md"));
}

/// Secondary labels (here in another file of the run) become `relatedLocations`.
#[test]
fn secondary_labels_become_related_locations() {
    let source = |path: &str, text: &str| SourceFile::new(path, text);
    let terms = "Terms\n\nYou must be 18 to use the 🎵 service.\n";
    let privacy = "Privacy\n\nChildren under 13 may not use it.\n";
    let at = |text: &str, needle: &str| {
        let s = text.find(needle).unwrap();
        s..s + needle.len()
    };
    let d = Diagnostic::new(&placeholder_text::META, at(terms, "18"), "age `18` here")
        .with_label("this age")
        .with_secondary(at(terms, "service"), "same file")
        .with_secondary_in(FileId(1), at(privacy, "13"), "but `13` here")
        .with_note("a note")
        .with_help("pick one");
    let report = Report {
        files: vec![
            source("site/terms.md", terms),
            source("site/privacy.md", privacy),
        ],
        diagnostics: vec![d],
        errors: vec![],
        warnings: vec![FileError {
            path: "site/privacy.md".into(),
            message: "invalid UTF-8; decoded with replacement characters".into(),
        }],
    };
    let mut out = Vec::new();
    render::render(&report, OutputFormat::Sarif, false, &mut out).unwrap();
    let log: Value = serde_json::from_slice(&out).unwrap();
    validate(&log);

    let result = &results(&log)[0];
    let text = result["message"]["text"].as_str().unwrap();
    assert!(text.starts_with("age `18` here"));
    assert!(text.contains("note: a note") && text.contains("help: pick one"));
    assert_eq!(result["locations"][0]["message"]["text"], "this age");
    let related = result["relatedLocations"].as_array().unwrap();
    assert_eq!(related.len(), 2);
    assert_eq!(related[0]["id"], 1);
    assert_eq!(related[0]["message"]["text"], "same file");
    let same = &related[0]["physicalLocation"];
    assert_eq!(same["artifactLocation"]["uri"], "site/terms.md");
    // "You must be 18 to use the 🎵 " is 28 chars but 29 UTF-16 units before `service`.
    assert_eq!(same["region"]["startColumn"], 30);
    let other = &related[1]["physicalLocation"];
    assert_eq!(other["artifactLocation"]["uri"], "site/privacy.md");
    assert_eq!(other["region"]["startLine"], 3);
    assert_eq!(other["region"]["startColumn"], 16);
    assert_eq!(related[1]["message"]["text"], "but `13` here");
    let notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert_eq!(notes[0]["level"], "warning");
}

/// The validator really checks: a broken log is rejected (guards against a no-op validator).
#[test]
fn validator_rejects_invalid_logs() {
    let Ok(text) = fs::read_to_string(schema_path()) else {
        eprintln!("SKIPPED: SARIF schema not found; validator self-check skipped");
        return;
    };
    let validator = jsonschema::options().build(&load_schema(&text)).unwrap();
    let bad = serde_json::json!({ "version": "2.1.0", "runs": [{ "tool": {} }] });
    assert!(!validator.is_valid(&bad));
    let bad_level = serde_json::json!({
        "version": "2.1.0",
        "runs": [{ "tool": { "driver": { "name": "x" } },
                   "results": [{ "message": { "text": "m" }, "level": "info" }] }]
    });
    assert!(
        !validator.is_valid(&bad_level),
        "`info` is not a SARIF level"
    );
}
