//! `schemas/report.schema.json` is the contract of `--format json` (and, through
//! `#/$defs/jsonLine`, of each `--format json-lines` line). These tests validate real output
//! of the built binary and reports built through the library (secondary labels, concepts)
//! against it, and check that the schema rejects what it should.

use std::path::Path;
use std::process::{Command, Stdio};

use jsonschema::Validator;
use serde_json::{json, Value};

use policylint::diagnostic::{Diagnostic, FileId, Severity};
use policylint::engine::{FileError, Report, SourceFile};
use policylint::registry;
use policylint::render::{self, OutputFormat};

const BIN: &str = env!("CARGO_BIN_EXE_policylint");

fn schema() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/report.schema.json");
    let text = std::fs::read_to_string(&path).expect("schemas/report.schema.json");
    serde_json::from_str(&text).expect("the schema is JSON")
}

/// The report schema (building it checks it against the draft 2020-12 meta-schema).
fn report_validator() -> Validator {
    jsonschema::draft202012::new(&schema()).unwrap_or_else(|e| panic!("invalid schema: {e}"))
}

/// A schema for one json-lines object: `#/$defs/jsonLine` of the report schema.
fn line_validator() -> Validator {
    let s = schema();
    let line = json!({
        "$schema": s["$schema"],
        "$defs": s["$defs"],
        "$ref": "#/$defs/jsonLine",
    });
    jsonschema::draft202012::new(&line).unwrap_or_else(|e| panic!("invalid schema: {e}"))
}

#[track_caller]
fn assert_valid(validator: &Validator, instance: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} does not match the schema:\n{}\n{}",
        errors.join("\n"),
        serde_json::to_string_pretty(instance).unwrap()
    );
}

/// Runs `policylint check` in `dir`; returns the exit code and stdout.
fn check(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(BIN)
        .arg("check")
        .args(["--today", "2026-11-22"])
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("run policylint");
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).expect("UTF-8 output"),
    )
}

/// A folder of documents that produce findings of every severity, notes, unused
/// suppressions, hostile text and file errors.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let write = |rel: &str, text: &[u8]| {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write(
        "privacy.md",
        b"# Privacy Policy\n\nLast updated: [DATE]\n\nWe are [Your Company Name], \
          [Your Business Address].\n\nE-mail privacy@example.com or call (123) 456-7890.\n",
    );
    write(
        "legal/terms.html",
        b"<h1>Terms</h1>\n<p>These terms are between you and {{APP_NAME}}.</p>\n\
          <p>Governing law: <ins>governing_law</ins>.</p>\n",
    );
    write(
        "cookie-policy.txt",
        b"COOKIE POLICY\r\n\r\nSuggested text: We use cookies.\r\n\r\nOwner: __________\r\n",
    );
    write(
        "legal/dpa.md",
        b"# DPA\n\n<!-- policylint-disable-next-line no-such-rule -->\nText.\n\n\
          <!-- policylint-disable-next-line placeholder-text -->\nNothing here.\n",
    );
    write(
        "legal/hostile-policy.md",
        b"# Policy\n\n{% if \x1b[31m\"x\" \\ %}\n\n[Your Name\x07\x1bc] \xe9\n",
    );
    write("legal/binary-policy.md", b"\x00\x01\x02");
    write(
        "policylint.toml",
        b"select = [\"placeholder-text\", \"unused-suppression\"]\n\
          [severity]\nunused-suppression = \"info\"\n",
    );
    write(
        "warnings.toml",
        b"select = [\"C001\"]\n[severity]\nplaceholder-text = \"warning\"\n",
    );
    dir
}

#[test]
fn schema_is_a_valid_2020_12_schema_with_a_json_lines_definition() {
    report_validator();
    line_validator();
    let s = schema();
    assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(s["additionalProperties"], false);
    for def in ["diagnostic", "label", "position", "fileError", "summary"] {
        assert_eq!(s["$defs"][def]["additionalProperties"], false, "{def}");
    }
}

#[test]
fn real_json_output_matches_the_schema() {
    let dir = corpus();
    let v = report_validator();
    let runs: &[&[&str]] = &[
        &["--format", "json"],
        &["--format", "json", "privacy.md"],
        &["--format", "json", "--config", "warnings.toml", "."],
        &[
            "--format",
            "json",
            "--isolated",
            "--select",
            "C001",
            "legal/dpa.md",
        ],
        &[
            "--format",
            "json",
            "--isolated",
            "--select",
            "C001",
            "nope.md",
        ],
        &[
            "--format",
            "json",
            "--isolated",
            "--select",
            "M001",
            "legal/terms.html",
        ],
    ];
    let mut seen = Vec::new();
    for args in runs {
        let (code, stdout) = check(dir.path(), args);
        assert!(code <= 2, "{args:?}");
        let report: Value = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}):\n{stdout}"));
        assert_valid(&v, &report, &format!("{args:?}"));
        for d in report["diagnostics"].as_array().unwrap() {
            seen.push((d["code"].clone(), d["severity"].clone(), d["notes"].clone()));
        }
        if report["errors"].as_array().is_some_and(|e| !e.is_empty()) {
            seen.push((json!("file error"), json!(null), json!(null)));
        }
    }
    // The runs covered what the schema describes.
    let has = |f: &dyn Fn(&(Value, Value, Value)) -> bool| seen.iter().any(f);
    assert!(has(&|s| s.0 == "C001" && s.1 == "error"));
    assert!(has(&|s| s.1 == "warning"));
    assert!(has(&|s| s.0 == "M001" && s.1 == "info"));
    assert!(has(&|s| s.2.as_array().is_some_and(|n| !n.is_empty())));
    assert!(has(&|s| s.0 == "file error"));
}

#[test]
fn real_json_lines_output_matches_the_line_definition() {
    let dir = corpus();
    let v = line_validator();
    let (code, stdout) = check(dir.path(), &["--format", "json-lines"]);
    assert_eq!(code, 2, "the binary file is an error:\n{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines.len() >= 10, "{stdout}");
    for line in lines {
        let obj: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert_valid(&v, &obj, line);
    }
}

/// Source files for a library-built report.
fn source(path: &str, text: &str) -> SourceFile {
    SourceFile::new(path, text)
}

/// A report as a cross-document rule would produce it: secondary labels in the same file
/// and in another file, a concept, notes, and a diagnostic without help.
fn library_report() -> Report {
    let privacy = "# Privacy\n\nChildren under 13 may not use the service.\n";
    let terms = "# Terms\n\nYou must be 16 or older.\n\nUsers under 16 need consent.\n";
    let meta = registry::find("placeholder-text").unwrap();
    let unused = registry::find("unused-suppression").unwrap();
    let age = privacy.find("13").unwrap();
    let t16 = terms.find("16").unwrap();
    let t16b = terms.rfind("16").unwrap();
    let mut with_labels = Diagnostic::new(meta, age..age + 2, "age `13` here but `16` in terms.md")
        .with_label("13 here")
        .with_secondary(2..9, "in this policy")
        .with_secondary_in(FileId(1), t16..t16 + 2, "16 here")
        .with_secondary_in(FileId(1), t16b..t16b + 2, "and here")
        .with_note("COPPA (16 CFR 312.2) protects children under 13")
        .with_help("state one age")
        .with_concept("children");
    with_labels.file = FileId(0);
    let mut bare = Diagnostic::new(unused, 0..0, "a diagnostic without help or label")
        .with_severity(Severity::Info);
    bare.file = FileId(1);
    Report {
        files: vec![source("privacy.md", privacy), source("terms.md", terms)],
        diagnostics: vec![with_labels, bare],
        errors: vec![FileError {
            path: "gone.md".into(),
            message: "no such file or directory".into(),
        }],
        warnings: Vec::new(),
    }
}

fn render_json(report: &Report, format: OutputFormat) -> String {
    let mut out = Vec::new();
    render::render(report, format, false, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn secondary_labels_and_concepts_match_the_schema() {
    let report = library_report();
    let v: Value = serde_json::from_str(&render_json(&report, OutputFormat::Json)).unwrap();
    assert_valid(&report_validator(), &v, "library report");
    let d = &v["diagnostics"][0];
    assert_eq!(d["concept"], "children");
    assert_eq!(d["help"], "state one age");
    let labels = d["labels"].as_array().unwrap();
    assert_eq!(labels.len(), 3);
    assert_eq!(
        labels[0],
        json!({
            "file": "privacy.md", "message": "in this policy",
            "start": {"line": 1, "column": 3, "offset": 2},
            "end": {"line": 1, "column": 10, "offset": 9},
        })
    );
    assert_eq!(labels[1]["file"], "terms.md");
    assert_eq!(
        labels[1]["start"],
        json!({"line": 3, "column": 13, "offset": 21})
    );
    assert_eq!(labels[2]["start"]["line"], 5);
    let bare = &v["diagnostics"][1];
    assert_eq!(bare["help"], Value::Null);
    assert_eq!(bare["label"], "");
    assert!(bare.get("concept").is_none());
    assert_eq!(bare["file"], "terms.md");
    assert_eq!(v["summary"]["infos"], 1);
    assert_eq!(v["summary"]["file_errors"], 1);

    let lines = line_validator();
    let text = render_json(&report, OutputFormat::JsonLines);
    assert_eq!(text.lines().count(), 2);
    for line in text.lines() {
        assert_valid(&lines, &serde_json::from_str(line).unwrap(), line);
    }
}

#[test]
fn the_schema_rejects_what_the_format_does_not_produce() {
    let report = library_report();
    let good: Value = serde_json::from_str(&render_json(&report, OutputFormat::Json)).unwrap();
    let validator = report_validator();
    assert!(validator.is_valid(&good));
    type Mutation = fn(&mut Value);
    let mutations: &[(&str, Mutation)] = &[
        ("unknown top-level key", |v| v["extra"] = json!(1)),
        ("other version", |v| v["version"] = json!(2)),
        ("missing summary", |v| {
            v.as_object_mut().unwrap().remove("summary");
        }),
        ("unknown diagnostic key", |v| {
            v["diagnostics"][0]["fix"] = json!("x")
        }),
        ("unknown severity", |v| {
            v["diagnostics"][0]["severity"] = json!("fatal")
        }),
        ("bad code", |v| v["diagnostics"][0]["code"] = json!("C1")),
        ("bad rule name", |v| {
            v["diagnostics"][0]["rule"] = json!("Placeholder_Text")
        }),
        ("line 0", |v| {
            v["diagnostics"][0]["start"]["line"] = json!(0)
        }),
        ("string column", |v| {
            v["diagnostics"][0]["end"]["column"] = json!("3")
        }),
        ("missing offset", |v| {
            v["diagnostics"][0]["start"]
                .as_object_mut()
                .unwrap()
                .remove("offset");
        }),
        ("missing help", |v| {
            v["diagnostics"][1].as_object_mut().unwrap().remove("help");
        }),
        ("label without file", |v| {
            v["diagnostics"][0]["labels"][0]
                .as_object_mut()
                .unwrap()
                .remove("file");
        }),
        ("null concept", |v| {
            v["diagnostics"][0]["concept"] = Value::Null
        }),
        ("unknown summary key", |v| v["summary"]["fixed"] = json!(0)),
        ("negative count", |v| v["summary"]["files"] = json!(-1)),
        ("file error without message", |v| {
            v["errors"][0].as_object_mut().unwrap().remove("message");
        }),
    ];
    for (what, mutate) in mutations {
        let mut bad = good.clone();
        mutate(&mut bad);
        assert!(!validator.is_valid(&bad), "the schema accepts {what}");
    }
}
