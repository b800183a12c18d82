//! End-to-end tests of the built `policylint` binary: each test writes documents (and
//! configs) into a fresh temporary folder, runs the binary there and checks its exit code,
//! stdout and stderr.
//!
//! Runs pin `--today 2026-11-22` and either `--isolated --select placeholder-text` or an
//! explicit config selecting the rules under test, so results do not change as other rules
//! gain checks.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_policylint");
const TODAY: &str = "2026-11-22";

/// A privacy policy with one unfilled placeholder at 3:8..3:27.
const PLACEHOLDER_DOC: &str =
    "# Privacy Policy\n\nWe are [Your Company Name].\n\nContact us at privacy@acme.com.\n";
/// The same policy, filled in.
const CLEAN_DOC: &str =
    "# Privacy Policy\n\nWe are Acme, Inc.\n\nContact us at privacy@acme.com.\n";

/// `check` with no config, today pinned and only `placeholder-text` selected.
const ISOLATED: &[&str] = &[
    "check",
    "--isolated",
    "--today",
    TODAY,
    "--select",
    "placeholder-text",
];

/// A temporary project folder.
struct Project {
    dir: tempfile::TempDir,
}

/// What one run of the binary produced.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    raw_stdout: Vec<u8>,
}

impl Run {
    /// Panics with the whole run when the exit code is not `code`.
    #[track_caller]
    fn code(self, code: i32) -> Run {
        assert_eq!(
            self.code, code,
            "unexpected exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }

    fn lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

impl Project {
    fn new() -> Project {
        Project {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    /// Writes a file (creating its folders).
    fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Project {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
        self
    }

    fn mkdir(&self, rel: &str) -> &Project {
        std::fs::create_dir_all(self.path(rel)).unwrap();
        self
    }

    /// Runs the binary with `args` in the project folder.
    fn run(&self, args: &[&str]) -> Run {
        self.run_in("", args, None)
    }

    /// Runs `check` isolated with `placeholder-text` only, plus `args`.
    fn check(&self, args: &[&str]) -> Run {
        let all: Vec<&str> = ISOLATED.iter().chain(args).copied().collect();
        self.run(&all)
    }

    /// Runs the binary in a subfolder, optionally feeding stdin.
    fn run_in(&self, sub: &str, args: &[&str], stdin: Option<&[u8]>) -> Run {
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .current_dir(self.path(sub))
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("GITHUB_ACTIONS")
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("run policylint");
        if let Some(bytes) = stdin {
            let mut pipe = child.stdin.take().unwrap();
            // The binary may exit before reading everything (e.g. an argument error).
            let _ = pipe.write_all(bytes);
        }
        let out = child.wait_with_output().expect("wait for policylint");
        Run {
            code: out.status.code().expect("exited normally, not by a signal"),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            raw_stdout: out.stdout,
        }
    }
}

/// Lines of concise output that report `code`.
fn lines_with<'a>(run: &'a Run, code: &str) -> Vec<&'a str> {
    let tag = format!("[{code}]");
    run.stdout.lines().filter(|l| l.contains(&tag)).collect()
}

// ---------------------------------------------------------------------------------------
// Exit codes
// ---------------------------------------------------------------------------------------

#[test]
fn clean_document_exits_zero() {
    let p = Project::new();
    p.write("privacy.md", CLEAN_DOC);
    let run = p.check(&["privacy.md"]).code(0);
    assert_eq!(run.stdout, "policylint: no problems found in 1 file\n");
    assert_eq!(run.stderr, "");
    let run = p.check(&["--format", "concise", "privacy.md"]).code(0);
    assert_eq!(run.stdout, "");
}

#[test]
fn findings_exit_one() {
    let p = Project::new();
    p.write("privacy.md", PLACEHOLDER_DOC);
    let run = p.check(&["--format", "concise", "privacy.md"]).code(1);
    assert_eq!(
        run.stdout,
        "privacy.md:3:8: error[C001] unfilled placeholder `[Your Company Name]`\n"
    );
    assert_eq!(run.stderr, "");
}

#[test]
fn missing_path_exits_two_but_still_reports_the_other_files() {
    let p = Project::new();
    p.write("privacy.md", PLACEHOLDER_DOC);
    let run = p
        .check(&["--format", "concise", "privacy.md", "nope.md"])
        .code(2);
    assert!(
        run.stderr
            .contains("error: nope.md: no such file or directory"),
        "{}",
        run.stderr
    );
    assert_eq!(lines_with(&run, "C001").len(), 1, "{}", run.stdout);
    // --exit-zero does not hide errors.
    p.check(&["--exit-zero", "nope.md"]).code(2);
}

#[test]
fn usage_errors_exit_two() {
    let p = Project::new();
    p.write("privacy.md", PLACEHOLDER_DOC);
    let run = p
        .run(&[
            "check",
            "--isolated",
            "--select",
            "no-such-rule",
            "privacy.md",
        ])
        .code(2);
    assert!(run.stderr.contains("no-such-rule"), "{}", run.stderr);
    let run = p
        .run(&["check", "--isolated", "--today", "22/11/2026", "privacy.md"])
        .code(2);
    assert!(run.stderr.contains("--today"), "{}", run.stderr);
    let run = p
        .run(&[
            "check",
            "--isolated",
            "--jurisdictions",
            "mars",
            "privacy.md",
        ])
        .code(2);
    assert!(
        run.stderr.contains("unknown jurisdiction `mars`"),
        "{}",
        run.stderr
    );
    let run = p.run(&["check", "--format", "xml", "privacy.md"]).code(2);
    assert!(run.stderr.contains("xml"), "{}", run.stderr);
}

/// A config that makes `placeholder-text` findings the given severity.
fn severity_config(level: &str) -> String {
    format!("select = [\"placeholder-text\"]\n\n[severity]\nplaceholder-text = \"{level}\"\n")
}

#[test]
fn fail_level_decides_which_severities_fail() {
    let p = Project::new();
    p.write("privacy.md", PLACEHOLDER_DOC)
        .write("warning.toml", severity_config("warning"))
        .write("info.toml", severity_config("info"));
    let base = ["check", "--today", TODAY, "--format", "concise"];
    let with = |extra: &[&str]| -> Vec<String> {
        base.iter()
            .chain(extra)
            .chain(&["privacy.md"])
            .map(|s| s.to_string())
            .collect()
    };
    let run = |extra: &[&str]| {
        let args = with(extra);
        p.run(&args.iter().map(String::as_str).collect::<Vec<_>>())
    };

    // A warning fails by default (fail level warning) ...
    let r = run(&["--config", "warning.toml"]).code(1);
    assert_eq!(
        r.stdout,
        "privacy.md:3:8: warning[C001] unfilled placeholder `[Your Company Name]`\n"
    );
    run(&["--config", "warning.toml", "--fail-level", "warning"]).code(1);
    run(&["--config", "warning.toml", "--fail-level", "info"]).code(1);
    // ... but not with --fail-level error, though it is still printed.
    let r = run(&["--config", "warning.toml", "--fail-level", "error"]).code(0);
    assert_eq!(lines_with(&r, "C001").len(), 1);

    // An info finding passes by default and fails with --fail-level info.
    let r = run(&["--config", "info.toml"]).code(0);
    assert!(r.stdout.contains("info[C001]"), "{}", r.stdout);
    run(&["--config", "info.toml", "--fail-level", "warning"]).code(0);
    run(&["--config", "info.toml", "--fail-level", "info"]).code(1);

    // Errors fail at every level.
    for level in ["error", "warning", "info"] {
        p.check(&["--fail-level", level, "privacy.md"]).code(1);
    }
}

#[test]
fn fail_level_can_be_set_in_the_config() {
    let p = Project::new();
    p.write("privacy.md", PLACEHOLDER_DOC).write(
        "policylint.toml",
        format!("fail-level = \"error\"\n{}", severity_config("warning")),
    );
    p.run(&["check", "--today", TODAY, "privacy.md"]).code(0);
    // The command line wins over the config.
    p.run(&[
        "check",
        "--today",
        TODAY,
        "--fail-level",
        "warning",
        "privacy.md",
    ])
    .code(1);
}

#[test]
fn exit_zero_passes_with_findings() {
    let p = Project::new();
    p.write("privacy.md", PLACEHOLDER_DOC);
    let run = p
        .check(&["--exit-zero", "--format", "concise", "privacy.md"])
        .code(0);
    assert_eq!(lines_with(&run, "C001").len(), 1);
}

#[test]
fn quiet_prints_nothing_when_clean() {
    let p = Project::new();
    p.write("privacy.md", CLEAN_DOC)
        .write("terms.md", PLACEHOLDER_DOC);
    let run = p.check(&["--quiet", "privacy.md"]).code(0);
    assert_eq!(run.stdout, "");
    let run = p.check(&["-q", "terms.md"]).code(1);
    assert!(run.stdout.contains("error[C001]"), "{}", run.stdout);
}

// ---------------------------------------------------------------------------------------
// Output formats
// ---------------------------------------------------------------------------------------

#[test]
fn full_format_has_snippet_help_and_summary_without_colour_when_piped() {
    let p = Project::new();
    p.write("privacy.md", PLACEHOLDER_DOC);
    let run = p.check(&["privacy.md"]).code(1);
    let expected = "\
error[C001]: unfilled placeholder `[Your Company Name]`
  ┌─ privacy.md:3:8
  │
3 │ We are [Your Company Name].
  │        ^^^^^^^^^^^^^^^^^^^ square-bracket template field
  │
  = help: replace it with the real value, or delete it if it does not apply
  = rule: placeholder-text (`policylint explain placeholder-text`)

policylint: 1 error, 0 warnings, 0 infos in 1 file
";
    assert_eq!(run.stdout, expected);
    assert!(!run.raw_stdout.contains(&0x1b));
    // `--format full` is the default.
    let explicit = p.check(&["--format", "full", "privacy.md"]).code(1);
    assert_eq!(explicit.stdout, run.stdout);
    let never = p.check(&["--color", "never", "privacy.md"]).code(1);
    assert_eq!(never.stdout, run.stdout);
}

#[test]
fn color_always_emits_ansi_in_full_format_only() {
    let p = Project::new();
    p.write("privacy.md", PLACEHOLDER_DOC);
    let run = p.check(&["--color", "always", "privacy.md"]).code(1);
    assert!(run.stdout.contains("\x1b["), "{:?}", run.stdout);
    // The text is the same once the colour codes are removed.
    let plain = p.check(&["privacy.md"]).code(1);
    assert_eq!(strip_ansi(&run.stdout), plain.stdout);
    // Colour never applies to machine formats.
    for format in ["concise", "json", "json-lines", "github"] {
        let run = p
            .check(&["--color", "always", "--format", format, "privacy.md"])
            .code(1);
        assert!(
            !run.raw_stdout.contains(&0x1b),
            "{format}: {:?}",
            run.stdout
        );
    }
}

/// Removes `ESC [ ... m` sequences.
fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' && chars.peek() == Some(&'[') {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn concise_format_is_one_line_per_finding() {
    let p = Project::new();
    p.write(
        "privacy.md",
        "# Privacy\n\nWe are [Your Company Name] at [Your Business Address].\n\nEmail: privacy@example.com\n",
    );
    let run = p.check(&["--format", "concise", "privacy.md"]).code(1);
    assert_eq!(
        run.lines(),
        [
            "privacy.md:3:8: error[C001] unfilled placeholder `[Your Company Name]`",
            "privacy.md:3:31: error[C001] unfilled placeholder `[Your Business Address]`",
            "privacy.md:5:8: error[C001] unfilled placeholder `privacy@example.com`",
        ]
    );
}

#[test]
fn json_format_is_one_object_with_positions() {
    let p = Project::new();
    p.write("privacy.md", PLACEHOLDER_DOC);
    let run = p.check(&["--format", "json", "privacy.md"]).code(1);
    let v = run.json();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["diagnostics", "errors", "summary", "version"]);
    assert_eq!(v["version"], 1);
    assert_eq!(v["errors"], serde_json::json!([]));
    assert_eq!(
        v["summary"],
        serde_json::json!({
            "files": 1, "diagnostics": 1, "errors": 1, "warnings": 0, "infos": 0,
            "file_errors": 0
        })
    );
    let diags = v["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1);
    let d = &diags[0];
    assert_eq!(d["rule"], "placeholder-text");
    assert_eq!(d["code"], "C001");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["message"], "unfilled placeholder `[Your Company Name]`");
    assert_eq!(d["file"], "privacy.md");
    assert_eq!(
        d["start"],
        serde_json::json!({"line": 3, "column": 8, "offset": 25})
    );
    assert_eq!(
        d["end"],
        serde_json::json!({"line": 3, "column": 27, "offset": 44})
    );
    assert_eq!(&PLACEHOLDER_DOC[25..44], "[Your Company Name]");
    assert_eq!(d["label"], "square-bracket template field");
    assert_eq!(d["labels"], serde_json::json!([]));
    assert_eq!(d["notes"], serde_json::json!([]));
    assert!(d["help"].as_str().unwrap().starts_with("replace it"));
    assert!(d["url"].as_str().unwrap().ends_with("#placeholder-text"));
    // `concept` is only present for section findings.
    assert!(d.get("concept").is_none(), "{d}");
}

#[test]
fn json_reports_file_errors_and_counts() {
    let p = Project::new();
    p.write("privacy.md", PLACEHOLDER_DOC)
        .write("terms.md", CLEAN_DOC)
        .write("binary.md", b"PK\x03\x04\x00\x00 not text");
    let run = p
        .check(&[
            "--format",
            "json",
            "privacy.md",
            "terms.md",
            "binary.md",
            "gone.md",
        ])
        .code(2);
    let v = run.json();
    assert_eq!(v["summary"]["files"], 2);
    assert_eq!(v["summary"]["diagnostics"], 1);
    assert_eq!(v["summary"]["file_errors"], 2);
    let errors = v["errors"].as_array().unwrap();
    let files: Vec<&str> = errors.iter().map(|e| e["file"].as_str().unwrap()).collect();
    assert!(
        files.contains(&"binary.md") && files.contains(&"gone.md"),
        "{files:?}"
    );
    for e in errors {
        assert!(!e["message"].as_str().unwrap().is_empty());
    }
}

#[test]
fn json_lines_has_one_diagnostic_object_per_line() {
    let p = Project::new();
    p.write("privacy.md", PLACEHOLDER_DOC).write(
        "terms.md",
        "# Terms\n\n[Company Name] provides the service.\n\nLorem ipsum dolor sit amet.\n",
    );
    let lines = p
        .check(&["--format", "json-lines", "privacy.md", "terms.md"])
        .code(1);
    let json = p
        .check(&["--format", "json", "privacy.md", "terms.md"])
        .code(1)
        .json();
    let objects: Vec<Value> = lines
        .lines()
        .iter()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(objects.len(), 3);
    // The same objects as the `diagnostics` array of `--format json`.
    assert_eq!(&Value::Array(objects), &json["diagnostics"]);
    // Nothing at all when clean.
    p.write("clean.md", CLEAN_DOC);
    let run = p.check(&["--format", "json-lines", "clean.md"]).code(0);
    assert_eq!(run.stdout, "");
}

#[test]
fn github_format_writes_workflow_commands() {
    let p = Project::new();
    p.write("privacy.md", PLACEHOLDER_DOC)
        .write("terms,v2.md", PLACEHOLDER_DOC);
    let run = p.check(&["--format", "github", "privacy.md"]).code(1);
    assert_eq!(
        run.stdout,
        "::error file=privacy.md,line=3,col=8,endLine=3,endColumn=27,\
         title=policylint placeholder-text (C001)::unfilled placeholder \
         `[Your Company Name]`%0Ahelp: replace it with the real value, or delete it if it \
         does not apply\n"
    );
    // Commas and colons in property values are escaped.
    let run = p.check(&["--format", "github", "terms,v2.md"]).code(1);
    assert!(
        run.stdout.starts_with("::error file=terms%2Cv2.md,line=3,"),
        "{}",
        run.stdout
    );
}

#[test]
fn github_format_levels_follow_severity() {
    let p = Project::new();
    p.write("privacy.md", PLACEHOLDER_DOC)
        .write("warning.toml", severity_config("warning"))
        .write("info.toml", severity_config("info"));
    for (config, level) in [("warning.toml", "warning"), ("info.toml", "notice")] {
        let run = p.run(&[
            "check",
            "--today",
            TODAY,
            "--config",
            config,
            "--format",
            "github",
            "privacy.md",
        ]);
        assert!(
            run.stdout
                .starts_with(&format!("::{level} file=privacy.md,")),
            "{}",
            run.stdout
        );
    }
}

#[test]
fn github_format_lists_findings_beyond_ten_per_level_in_the_log() {
    let p = Project::new();
    let mut doc = String::from("# Privacy\n\n");
    for i in 0..12 {
        doc.push_str(&format!("Item {i}: [Your Company Name].\n\n"));
    }
    p.write("privacy.md", &doc);
    let run = p.check(&["--format", "github", "privacy.md"]).code(1);
    let lines = run.lines();
    assert_eq!(lines.len(), 13, "{}", run.stdout);
    assert!(lines[..10]
        .iter()
        .all(|l| l.starts_with("::error file=privacy.md,")));
    assert!(
        lines[10].starts_with("::notice title=policylint::2 more findings"),
        "{}",
        lines[10]
    );
    // The rest are concise lines behind "- " (the runner strips leading spaces before looking
    // for `::`, so indentation would not keep them from being read as commands).
    assert_eq!(
        lines[11],
        "- privacy.md:23:10: error[C001] unfilled placeholder `[Your Company Name]`"
    );
    assert!(
        lines[12].starts_with("- privacy.md:25:10: "),
        "{}",
        lines[12]
    );
}

#[test]
fn sarif_format_is_valid_json() {
    let p = Project::new();
    p.write("privacy.md", PLACEHOLDER_DOC);
    let run = p.check(&["--format", "sarif", "privacy.md"]).code(1);
    assert!(run.json().is_object(), "{}", run.stdout);
}

// ---------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------

#[test]
fn nearest_config_is_discovered_from_a_subfolder() {
    let p = Project::new();
    p.write("policylint.toml", severity_config("warning"))
        .write("team/.policylint.toml", severity_config("info"))
        .write("team/docs/privacy.md", PLACEHOLDER_DOC)
        .write("other/privacy.md", PLACEHOLDER_DOC);
    let args = ["check", "--today", TODAY, "--format", "concise"];
    // Run from team/docs: team/.policylint.toml is nearer than ./policylint.toml.
    let run = p.run_in("team/docs", &args, None).code(0);
    assert_eq!(
        run.stdout,
        "privacy.md:3:8: info[C001] unfilled placeholder `[Your Company Name]`\n"
    );
    // From other/: the root's policylint.toml.
    let run = p.run_in("other", &args, None).code(1);
    assert!(run.stdout.contains("warning[C001]"), "{}", run.stdout);
    // Discovery starts at the path named, not at the current folder.
    let mut named = args.to_vec();
    named.push("team/docs/privacy.md");
    let run = p.run(&named).code(0);
    assert_eq!(
        run.stdout,
        "team/docs/privacy.md:3:8: info[C001] unfilled placeholder `[Your Company Name]`\n"
    );
}

#[test]
fn explicit_config_replaces_discovery_and_isolated_ignores_configs() {
    let p = Project::new();
    p.write("privacy.md", PLACEHOLDER_DOC)
        .write("policylint.toml", "bogus-key = true\n")
        .write("ci/strict.toml", severity_config("info"));
    // The discovered config is broken ...
    p.run(&["check", "--today", TODAY, "privacy.md"]).code(2);
    // ... --config uses another file instead ...
    let run = p
        .run(&[
            "check",
            "--today",
            TODAY,
            "--config",
            "ci/strict.toml",
            "--format",
            "concise",
            "privacy.md",
        ])
        .code(0);
    assert!(run.stdout.contains("info[C001]"), "{}", run.stdout);
    // ... and --isolated reads none.
    let run = p
        .run(&[
            "check",
            "--isolated",
            "--today",
            TODAY,
            "--format",
            "concise",
            "privacy.md",
        ])
        .code(1);
    assert!(run.stdout.contains("error[C001]"), "{}", run.stdout);
    // A --config that does not exist is an error.
    let run = p
        .run(&["check", "--config", "missing.toml", "privacy.md"])
        .code(2);
    assert!(run.stderr.contains("missing.toml"), "{}", run.stderr);
}

#[test]
fn select_and_ignore_accept_codes_names_and_prefixes() {
    let p = Project::new();
    p.write("privacy.md", PLACEHOLDER_DOC);
    let found = |config: &str| -> usize {
        p.write("policylint.toml", config);
        let run = p.run(&[
            "check",
            "--today",
            TODAY,
            "--format",
            "concise",
            "privacy.md",
        ]);
        assert_ne!(run.code, 2, "{config}: {}", run.stderr);
        lines_with(&run, "C001").len()
    };
    assert_eq!(found("select = [\"C001\"]\n"), 1);
    assert_eq!(found("select = [\"placeholder-text\"]\n"), 1);
    assert_eq!(found("select = [\"C\"]\n"), 1);
    assert_eq!(found("select = [\"c00\"]\n"), 1);
    assert_eq!(found("select = [\"ALL\"]\n"), 1);
    assert_eq!(found("select = [\"M001\"]\n"), 0);
    assert_eq!(found("select = [\"C\"]\nignore = [\"C001\"]\n"), 0);
    assert_eq!(
        found("select = [\"C\"]\nignore = [\"placeholder-text\"]\n"),
        0
    );
    assert_eq!(found("select = [\"C001\"]\nignore = [\"C\"]\n"), 0);
    assert_eq!(found("select = [\"M\"]\nextend-select = [\"C001\"]\n"), 1);

    // The command line: --select replaces the config's, --ignore adds to it.
    p.write("policylint.toml", "select = [\"M001\"]\n");
    let cli = |args: &[&str]| -> usize {
        let mut all = vec!["check", "--today", TODAY, "--format", "concise"];
        all.extend(args);
        all.push("privacy.md");
        lines_with(&p.run(&all), "C001").len()
    };
    assert_eq!(cli(&[]), 0);
    assert_eq!(cli(&["--select", "placeholder-text"]), 1);
    assert_eq!(cli(&["--select", "C001,M001", "--ignore", "C"]), 0);
    assert_eq!(
        cli(&["--select", "C001", "--ignore", "placeholder-text"]),
        0
    );
}

#[test]
fn jurisdictions_decide_whether_jurisdiction_rules_run() {
    // consent-by-use (L001) only runs with gdpr. Its suppression is reported unused only
    // when the rule ran.
    let p = Project::new();
    p.write(
        "privacy.md",
        "# Privacy\n\n<!-- policylint-disable-next-line consent-by-use -->\nWe keep your data safe.\n",
    );
    let run_with = |config: &str| {
        p.write("policylint.toml", config);
        p.run(&[
            "check",
            "--today",
            TODAY,
            "--format",
            "concise",
            "privacy.md",
        ])
    };
    let select = "select = [\"consent-by-use\", \"unused-suppression\"]\n";
    let run = run_with(select).code(0);
    assert_eq!(run.stdout, "");
    let run = run_with(&format!("{select}jurisdictions = [\"gdpr\", \"ccpa\"]\n")).code(1);
    assert_eq!(
        run.stdout,
        "privacy.md:3:1: warning[M001] suppression of consent-by-use suppresses nothing\n"
    );
    let run = run_with(&format!("{select}jurisdictions = [\"ccpa\"]\n")).code(0);
    assert_eq!(run.stdout, "");
    // --jurisdictions replaces the config's list.
    p.write("policylint.toml", select);
    let run = p
        .run(&[
            "check",
            "--today",
            TODAY,
            "--format",
            "concise",
            "--jurisdictions",
            "gdpr",
            "privacy.md",
        ])
        .code(1);
    assert!(run.stdout.contains("[M001]"), "{}", run.stdout);
}

#[test]
fn include_and_exclude_globs_filter_walked_files_only() {
    let p = Project::new();
    p.write("legal/privacy.md", PLACEHOLDER_DOC)
        .write("legal/archive/privacy-2019.md", PLACEHOLDER_DOC)
        .write("site/terms.md", PLACEHOLDER_DOC)
        .write(
            "policylint.toml",
            "select = [\"C001\"]\ninclude = [\"legal/**\"]\nexclude = [\"**/archive/**\"]\n",
        );
    let args = ["check", "--today", TODAY, "--format", "concise"];
    let run = p.run(&args).code(1);
    assert_eq!(
        run.stdout,
        "legal/privacy.md:3:8: error[C001] unfilled placeholder `[Your Company Name]`\n"
    );
    // The globs are relative to the config's folder, wherever policylint runs.
    let run = p.run_in("legal", &args, None).code(1);
    assert_eq!(
        run.stdout,
        "privacy.md:3:8: error[C001] unfilled placeholder `[Your Company Name]`\n"
    );
    // A file named on the command line is linted even when excluded.
    let mut named = args.to_vec();
    named.extend(["legal/archive/privacy-2019.md", "site/terms.md"]);
    let run = p.run(&named).code(1);
    assert_eq!(run.lines().len(), 2, "{}", run.stdout);
}

#[test]
fn per_file_ignores_switch_rules_off_by_glob() {
    let p = Project::new();
    p.write("legal/privacy.md", PLACEHOLDER_DOC)
        .write("legal/archive/privacy-2019.md", PLACEHOLDER_DOC)
        .write(
            "policylint.toml",
            "select = [\"C001\"]\n\n[per-file-ignores]\n\"legal/archive/**\" = [\"placeholder-text\"]\n",
        );
    let args = ["check", "--today", TODAY, "--format", "concise"];
    let expected = "legal/privacy.md:3:8: error[C001] unfilled placeholder `[Your Company Name]`\n";
    assert_eq!(p.run(&args).code(1).stdout, expected);
    // Also for files named explicitly ...
    let mut named = args.to_vec();
    named.extend(["legal/privacy.md", "legal/archive/privacy-2019.md"]);
    assert_eq!(p.run(&named).code(1).stdout, expected);
    // ... and from a subfolder.
    let run = p.run_in("legal/archive", &args, None).code(0);
    assert_eq!(run.stdout, "");
}

#[test]
fn config_errors_name_the_file_line_and_column() {
    let p = Project::new();
    p.write("privacy.md", PLACEHOLDER_DOC);
    let cases: &[(&str, &str, &str)] = &[
        // (config, location, words in the message)
        (
            "select = [\"C001\"]\nbogus = 1\n",
            ":2:1:",
            "unknown field `bogus`",
        ),
        (
            "select = [\"C001\"]\n[severity]\nplaceholder-text = \"loud\"\n",
            ":3:20:",
            "invalid severity `loud`",
        ),
        (
            "[severity]\nno-such-rule = \"info\"\n",
            ":2:1:",
            "no-such-rule",
        ),
        (
            "select = [\"C001\", \"nope\"]\n",
            ":1:19:",
            "unknown rule or prefix `nope`",
        ),
        ("ignore = [\n  \"zzz\",\n]\n", ":2:3:", "`zzz`"),
        (
            "jurisdictions = [\"gdpr\", \"mars\"]\n",
            ":1:26:",
            "unknown jurisdiction `mars`",
        ),
        (
            "fail-level = \"fatal\"\n",
            ":1:14:",
            "invalid fail-level `fatal`",
        ),
        ("select = \"C001\"\n", ":1:10:", "expected a sequence"),
        ("exclude = [\"[oops\"]\n", ":1:12:", "invalid glob"),
        (
            "[per-file-ignores]\n\"a/**\" = [\"nope\"]\n",
            ":2:11:",
            "`nope`",
        ),
        (
            "[per-file-ignores]\n\"a/[b\" = [\"C001\"]\n",
            ":2:1:",
            "invalid glob",
        ),
        ("select = [\"C001\"\n", ":2:1:", "invalid array"),
    ];
    for (config, location, words) in cases {
        p.write("policylint.toml", config);
        let run = p.run(&["check", "--today", TODAY, "privacy.md"]);
        assert_eq!(run.code, 2, "{config:?}: {}", run.stderr);
        let expected = format!("policylint.toml{location}");
        assert!(
            run.stderr.contains(&expected) && run.stderr.contains(words),
            "{config:?}: expected `{expected}` and `{words}` in\n{}",
            run.stderr
        );
        assert_eq!(run.stdout, "", "{config:?}");
    }
    // The same through --config, and for .policylint.toml.
    std::fs::remove_file(p.path("policylint.toml")).unwrap();
    p.write("conf/custom.toml", "bogus = 1\n");
    let run = p
        .run(&["check", "--config", "conf/custom.toml", "privacy.md"])
        .code(2);
    assert!(
        run.stderr.contains("conf/custom.toml:1:1:"),
        "{}",
        run.stderr
    );
    p.write(".policylint.toml", "select = [\"C001\"]\n\nbogus = 1\n");
    let run = p.run(&["check", "privacy.md"]).code(2);
    assert!(
        run.stderr.contains(".policylint.toml:3:1:"),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------

#[test]
fn walking_finds_policy_documents_and_skips_the_rest() {
    let p = Project::new();
    for doc in [
        "privacy.md",
        "terms.html",
        "legal/index.md",
        "cookie-policy.txt",
        "docs/PrivacyPolicy.mdx",
        // Not policies by name or place:
        "README.md",
        "docs/notes.md",
        "privacy.json",
        "legal/README.md",
        // Skipped folders and ignored paths:
        "node_modules/pkg/privacy.md",
        "target/doc/privacy.md",
        ".git/privacy.md",
        "vendor/lib/terms.md",
        "generated/privacy.md",
        "drafts/privacy-draft.md",
    ] {
        p.write(doc, "We are [Your Company Name].\n");
    }
    p.write(".gitignore", "generated/\n*-draft.md\n");
    let expected = [
        "cookie-policy.txt",
        "docs/PrivacyPolicy.mdx",
        "legal/index.md",
        "privacy.md",
        "terms.html",
    ];
    let files = |run: &Run| -> Vec<String> {
        run.lines()
            .iter()
            .map(|l| l.split(':').next().unwrap().to_string())
            .collect()
    };
    // `check` with no path walks the current folder, like `check .`.
    let run = p.check(&["--format", "concise"]).code(1);
    assert_eq!(files(&run), expected, "{}", run.stdout);
    let run = p.check(&["--format", "concise", "."]).code(1);
    assert_eq!(files(&run), expected);
    // A folder named on the command line is walked; its own name counts.
    let run = p.check(&["--format", "concise", "legal"]).code(1);
    assert_eq!(files(&run), ["legal/index.md"]);
    // From outside: paths are shown as given.
    let root = p.root().display().to_string();
    let run = p.check(&["--format", "concise", &root]).code(1);
    assert_eq!(run.lines().len(), expected.len(), "{}", run.stdout);
    assert!(run.lines().iter().all(|l| l.starts_with(&root)));
}

#[test]
fn files_named_explicitly_are_always_linted() {
    let p = Project::new();
    for doc in [
        "README.md",
        "notes.txt",
        "node_modules/pkg/privacy.md",
        "generated/privacy.md",
        "page.htm",
    ] {
        p.write(doc, "We are [Your Company Name].\n");
    }
    p.write(".gitignore", "generated/\n");
    let run = p
        .check(&[
            "--format",
            "concise",
            "README.md",
            "notes.txt",
            "node_modules/pkg/privacy.md",
            "generated/privacy.md",
            "page.htm",
        ])
        .code(1);
    assert_eq!(run.lines().len(), 5, "{}", run.stdout);
}

#[test]
fn stdin_is_read_with_dash_or_flag_and_named_by_stdin_filename() {
    let p = Project::new();
    // Markdown hides the indented code block and the comment; plain text does not.
    let input = b"Intro.\n\n    code [Your Company Name]\n\nA <!-- [Your Company Name] --> b.\n";
    let run = p
        .run_in(
            "",
            &[
                ISOLATED,
                &["--format", "concise", "-", "--stdin-filename", "x.md"],
            ]
            .concat(),
            Some(input),
        )
        .code(0);
    assert_eq!(run.stdout, "");
    let run = p
        .run_in(
            "",
            &[
                ISOLATED,
                &[
                    "--format",
                    "concise",
                    "--stdin",
                    "--stdin-filename",
                    "docs/x.txt",
                ],
            ]
            .concat(),
            Some(input),
        )
        .code(1);
    assert_eq!(
        run.lines(),
        [
            "docs/x.txt:3:10: error[C001] unfilled placeholder `[Your Company Name]`",
            "docs/x.txt:5:8: error[C001] unfilled placeholder `[Your Company Name]`",
        ]
    );
    // HTML hides comments and scripts.
    let html = b"<p>We are <b>[Your Company Name]</b></p>\n<!-- [Your Company Name] -->\n<script>x = '[Your Company Name]';</script>\n";
    let run = p
        .run_in(
            "",
            &[
                ISOLATED,
                &[
                    "--format",
                    "concise",
                    "--stdin",
                    "--stdin-filename",
                    "p.html",
                ],
            ]
            .concat(),
            Some(html),
        )
        .code(1);
    assert_eq!(
        run.stdout,
        "p.html:1:14: error[C001] unfilled placeholder `[Your Company Name]`\n"
    );
    // Without a name: `<stdin>`, plain text.
    let run = p
        .run_in(
            "",
            &[ISOLATED, &["--format", "concise", "-"]].concat(),
            Some(b"x [Your Company Name]\n"),
        )
        .code(1);
    assert_eq!(
        run.stdout,
        "<stdin>:1:3: error[C001] unfilled placeholder `[Your Company Name]`\n"
    );
    // Stdin and files together.
    p.write("privacy.md", PLACEHOLDER_DOC);
    let run = p
        .run_in(
            "",
            &[
                ISOLATED,
                &[
                    "--format",
                    "concise",
                    "privacy.md",
                    "-",
                    "--stdin-filename",
                    "a.md",
                ],
            ]
            .concat(),
            Some(PLACEHOLDER_DOC.as_bytes()),
        )
        .code(1);
    assert_eq!(run.lines().len(), 2, "{}", run.stdout);
    assert!(run.lines()[0].starts_with("a.md:3:8:"), "{}", run.stdout);
}

#[test]
fn stdin_filename_finds_the_config() {
    let p = Project::new();
    p.write("team/policylint.toml", severity_config("info"));
    let run = p
        .run_in(
            "",
            &[
                "check",
                "--today",
                TODAY,
                "--format",
                "concise",
                "--stdin",
                "--stdin-filename",
                "team/privacy.md",
            ],
            Some(PLACEHOLDER_DOC.as_bytes()),
        )
        .code(0);
    assert_eq!(
        run.stdout,
        "team/privacy.md:3:8: info[C001] unfilled placeholder `[Your Company Name]`\n"
    );
}

#[test]
fn empty_folder_warns_and_exits_zero() {
    let p = Project::new();
    p.mkdir("empty");
    let run = p.check(&["empty"]).code(0);
    assert!(
        run.stderr
            .contains("warning: no policy documents found in empty"),
        "{}",
        run.stderr
    );
    // A folder with only other documents is the same.
    p.write("docs/README.md", "[Your Company Name]\n")
        .write("docs/guide.md", "[Your Company Name]\n");
    let run = p.check(&["--format", "concise", "docs"]).code(0);
    assert!(
        run.stderr.contains("no policy documents found"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
}

#[test]
fn binary_files_are_refused() {
    let p = Project::new();
    p.write("privacy.md", b"[Your Company Name]\x00\x01\x02 binary");
    let run = p.check(&["--exit-zero", "privacy.md"]).code(2);
    assert!(
        run.stderr
            .contains("error: privacy.md: binary file (contains NUL bytes)"),
        "{}",
        run.stderr
    );
    // Walking reports it too.
    let run = p.check(&["."]).code(2);
    assert!(run.stderr.contains("binary file"), "{}", run.stderr);
}

#[test]
fn invalid_utf8_is_linted_with_a_warning() {
    let p = Project::new();
    p.write("privacy.md", b"# Privacy\n\nCaf\xe9 [Your Company Name].\n");
    let run = p.check(&["--format", "concise", "privacy.md"]).code(1);
    assert_eq!(
        run.stdout,
        "privacy.md:3:6: error[C001] unfilled placeholder `[Your Company Name]`\n"
    );
    assert!(
        run.stderr.contains("warning: privacy.md: invalid UTF-8"),
        "{}",
        run.stderr
    );
}

#[test]
fn crlf_and_byte_order_mark_keep_positions_right() {
    let p = Project::new();
    p.write(
        "privacy.md",
        "\u{feff}[Your Company Name] Privacy\r\n\r\nWe are [Your Company Name].\r\n\r\n## Contact\r\n\r\nWrite to [Your Business Address].\r\n",
    );
    let run = p.check(&["--format", "concise", "privacy.md"]).code(1);
    assert_eq!(
        run.lines(),
        [
            "privacy.md:1:1: error[C001] unfilled placeholder `[Your Company Name]`",
            "privacy.md:3:8: error[C001] unfilled placeholder `[Your Company Name]`",
            "privacy.md:7:10: error[C001] unfilled placeholder `[Your Business Address]`",
        ]
    );
    let v = p.check(&["--format", "json", "privacy.md"]).code(1).json();
    let d = &v["diagnostics"][1];
    assert_eq!(d["end"]["line"], 3);
    assert_eq!(d["end"]["column"], 27);
    // Offsets count the text after the byte order mark: "[Your Company Name] Privacy\r\n\r\n"
    // is 31 bytes, and "We are " 7 more.
    assert_eq!(d["start"]["offset"], 38);
    // The full format shows the lines without a stray carriage return.
    let run = p.check(&["privacy.md"]).code(1);
    assert!(!run.stdout.contains('\r'), "{:?}", run.stdout);
    assert!(
        run.stdout.contains("3 │ We are [Your Company Name].\n"),
        "{}",
        run.stdout
    );
    // A BOM does not hide a Markdown heading: the title is not reported as body text.
    p.write("bom.md", "\u{feff}# Privacy [Your Company Name]\n");
    let run = p.check(&["--format", "concise", "bom.md"]).code(1);
    assert_eq!(
        run.stdout,
        "bom.md:1:11: error[C001] unfilled placeholder `[Your Company Name]`\n"
    );
}

#[test]
fn files_over_the_size_limit_are_refused() {
    let p = Project::new();
    let path = p.path("privacy.md");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(policylint::engine::MAX_FILE_BYTES + 1).unwrap(); // sparse
    drop(f);
    p.write("terms.md", PLACEHOLDER_DOC);
    let run = p
        .check(&["--format", "concise", "privacy.md", "terms.md"])
        .code(2);
    assert!(
        run.stderr.contains(
            "error: privacy.md: file is too large (16777217 bytes; the limit is 16777216 bytes)"
        ),
        "{}",
        run.stderr
    );
    // The other file is still linted.
    assert_eq!(lines_with(&run, "C001").len(), 1);
}

#[test]
fn stdin_over_the_size_limit_is_refused() {
    let p = Project::new();
    let big = vec![b'a'; policylint::engine::MAX_FILE_BYTES as usize + 10];
    let run = p
        .run_in(
            "",
            &[ISOLATED, &["-", "--stdin-filename", "big.md"]].concat(),
            Some(&big),
        )
        .code(2);
    assert!(
        run.stderr.contains("big.md: file is too large"),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------------------
// Escaping
// ---------------------------------------------------------------------------------------

/// Placeholders that contain control characters: a colour escape, a bell and a reset.
const HOSTILE_DOC: &[u8] =
    b"# Privacy\n\nWe are {% if \x1b[31mred %} here.\n\nAlso [Your Name\x07\x1bc] and [Your \"Company\" \\ Name].\n";

#[test]
fn terminal_formats_never_emit_raw_escapes_from_documents() {
    let p = Project::new();
    p.write("privacy.md", HOSTILE_DOC);
    for format in ["concise", "full", "github"] {
        let run = p.check(&["--format", format, "privacy.md"]).code(1);
        for bad in [0x1b, 0x07] {
            assert!(
                !run.raw_stdout.contains(&bad),
                "{format}: raw control byte {bad:#x} in {:?}",
                run.stdout
            );
        }
    }
    let run = p.check(&["--format", "concise", "privacy.md"]).code(1);
    assert_eq!(
        run.lines(),
        [
            "privacy.md:3:8: error[C001] unfilled placeholder `{% if \\u{1b}[31mred %}`",
            "privacy.md:5:6: error[C001] unfilled placeholder `[Your Name\\u{7}\\u{1b}c]`",
            "privacy.md:5:25: error[C001] unfilled placeholder `[Your \"Company\" \\ Name]`",
        ]
    );
    // With --color always, the only escapes are the renderer's colour codes.
    let run = p.check(&["--color", "always", "privacy.md"]).code(1);
    let stripped = strip_ansi(&run.stdout);
    assert!(!stripped.contains('\x1b'), "{stripped:?}");
    assert!(!stripped.contains('\x07'));
}

#[test]
fn json_output_is_valid_for_any_text() {
    let p = Project::new();
    p.write("privacy.md", HOSTILE_DOC);
    let v = p.check(&["--format", "json", "privacy.md"]).code(1).json();
    let messages: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    // JSON carries the exact text; escaping is the reader's business.
    assert_eq!(
        messages,
        [
            "unfilled placeholder `{% if \x1b[31mred %}`",
            "unfilled placeholder `[Your Name\x07\x1bc]`",
            "unfilled placeholder `[Your \"Company\" \\ Name]`",
        ]
    );
    let run = p.check(&["--format", "json-lines", "privacy.md"]).code(1);
    assert_eq!(run.lines().len(), 3);
    for line in run.lines() {
        serde_json::from_str::<Value>(line).unwrap();
    }
}

// ---------------------------------------------------------------------------------------
// Inline suppression
// ---------------------------------------------------------------------------------------

const SUPPRESS: &[&str] = &[
    "check",
    "--isolated",
    "--today",
    TODAY,
    "--select",
    "placeholder-text,unused-suppression",
    "--format",
    "concise",
];

#[test]
fn suppression_comments_silence_findings() {
    let p = Project::new();
    p.write(
        "privacy.md",
        "\
# Privacy Policy

<!-- policylint-disable-next-line placeholder-text -->
We are [Your Company Name].

Line six [Your Company Name].

<!-- policylint-disable C001 -->
Range [Your Company Name].

Still [Your Company Name].
<!-- policylint-enable C001 -->

After [Your Company Name].

<!-- policylint-disable-next-line -->
Any rule: [Your Company Name].
",
    );
    let mut args = SUPPRESS.to_vec();
    args.push("privacy.md");
    let run = p.run(&args).code(1);
    assert_eq!(
        run.lines(),
        [
            "privacy.md:6:10: error[C001] unfilled placeholder `[Your Company Name]`",
            "privacy.md:14:7: error[C001] unfilled placeholder `[Your Company Name]`",
        ]
    );
}

#[test]
fn disable_file_silences_the_whole_file() {
    let p = Project::new();
    p.write(
        "privacy.md",
        "<!-- policylint-disable-file placeholder-text -->\n# Privacy\n\n[Your Company Name]\n\n[Your Business Address]\n",
    );
    p.write(
        "terms.txt",
        "<!-- policylint-disable-file C001 -->\nTERMS\n\n[Your Company Name]\n",
    );
    let mut args = SUPPRESS.to_vec();
    args.extend(["privacy.md", "terms.txt"]);
    let run = p.run(&args).code(0);
    assert_eq!(run.stdout, "");
}

#[test]
fn unknown_and_unused_suppressions_are_reported() {
    let p = Project::new();
    p.write(
        "privacy.md",
        "\
# Privacy Policy

<!-- policylint-disable-next-line no-such-rule -->
We are Acme.

<!-- policylint-disable-next-line placeholder-text -->
Nothing to suppress.
",
    );
    let mut args = SUPPRESS.to_vec();
    args.push("privacy.md");
    let run = p.run(&args).code(1);
    assert_eq!(
        run.lines(),
        [
            "privacy.md:3:1: warning[M001] suppression names unknown rule `no-such-rule`",
            "privacy.md:6:1: warning[M001] suppression of placeholder-text suppresses nothing",
        ]
    );
    let json = p
        .run(&[&SUPPRESS[..6], &["--format", "json", "privacy.md"]].concat())
        .code(1)
        .json();
    assert_eq!(json["diagnostics"][0]["rule"], "unused-suppression");
    assert_eq!(json["diagnostics"][0]["code"], "M001");
    // A suppression of a rule that did not run is not "unused".
    let run = p
        .run(&[
            "check",
            "--isolated",
            "--today",
            TODAY,
            "--select",
            "unused-suppression",
            "--format",
            "concise",
            "privacy.md",
        ])
        .code(1);
    assert_eq!(run.lines().len(), 1, "{}", run.stdout);
    assert!(run.stdout.contains("no-such-rule"));
    // And unused-suppression can be ignored like any rule.
    let run = p
        .run(&[SUPPRESS, &["--ignore", "M001", "privacy.md"]].concat())
        .code(0);
    assert_eq!(run.stdout, "");
}

// ---------------------------------------------------------------------------------------
// `rules` and `explain`
// ---------------------------------------------------------------------------------------

#[test]
fn rules_lists_every_rule() {
    let p = Project::new();
    let run = p.run(&["rules"]).code(0);
    let metas: Vec<_> = policylint::registry::all().collect();
    assert_eq!(run.lines().len(), metas.len(), "{}", run.stdout);
    for (line, m) in run.lines().iter().zip(&metas) {
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(words[0], m.code, "{line}");
        assert_eq!(words[1], m.name, "{line}");
        assert_eq!(words[2], m.default_severity.as_str(), "{line}");
        assert!(line.contains(m.summary), "{line}");
    }

    let json = p.run(&["rules", "--format", "json"]).code(0).json();
    let list = json.as_array().unwrap();
    assert_eq!(list.len(), metas.len());
    for (v, m) in list.iter().zip(&metas) {
        assert_eq!(v["code"], m.code);
        assert_eq!(v["name"], m.name);
        assert_eq!(v["severity"], m.default_severity.as_str());
        assert_eq!(v["category"], m.category.as_str());
        assert_eq!(v["summary"], m.summary);
        assert_eq!(
            v["jurisdictions"],
            serde_json::json!(m.requires_jurisdiction)
        );
    }
}

#[test]
fn explain_prints_the_rule_documentation() {
    let p = Project::new();
    let by_name = p.run(&["explain", "placeholder-text"]).code(0);
    assert!(
        by_name.stdout.starts_with(
            "# placeholder-text (C001)\n\nDefault severity: error. Category: content.\n\n## What it does\n"
        ),
        "{}",
        by_name.stdout
    );
    let mut at = 0;
    for heading in [
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## How to fix",
    ] {
        let found = by_name.stdout[at..]
            .find(&format!("\n{heading}\n"))
            .unwrap_or_else(|| panic!("`{heading}` missing or out of order:\n{}", by_name.stdout));
        at += found + 1;
    }
    // Doc-comment indentation is removed.
    assert!(by_name.stdout.contains("\nFinds template placeholders"));
    for code in ["C001", "c001"] {
        let by_code = p.run(&["explain", code]).code(0);
        assert_eq!(by_code.stdout, by_name.stdout);
    }
    let run = p.run(&["explain", "no-such-rule"]).code(2);
    assert!(
        run.stderr.contains("unknown rule `no-such-rule`"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
}

#[test]
fn every_rule_can_be_explained() {
    let p = Project::new();
    for m in policylint::registry::all() {
        let run = p.run(&["explain", m.name]).code(0);
        assert!(
            run.stdout
                .starts_with(&format!("# {} ({})\n", m.name, m.code)),
            "{}",
            run.stdout
        );
    }
}

// ---------------------------------------------------------------------------------------
// Determinism
// ---------------------------------------------------------------------------------------

/// Forty documents in nested folders, with findings at varying positions.
fn many_documents(p: &Project) -> Vec<String> {
    let mut names = Vec::new();
    for i in 0..40 {
        let folder = ["", "legal/", "site/privacy/", "zz/terms/"][i % 4];
        let kind = ["privacy", "terms", "cookie-policy", "legal"][(i / 4) % 4];
        let ext = ["md", "txt", "html"][i % 3];
        let name = format!("{folder}{kind}-{i}.{ext}");
        let mut doc = String::from("Privacy Policy\n\n");
        for j in 0..(i % 5) {
            doc.push_str(&format!("Paragraph {j} names [Your Company Name].\n\n"));
            if (i + j) % 2 == 0 {
                doc.push_str("Contact: [Your Business Address] or privacy@example.com\n\n");
            }
        }
        p.write(&name, doc);
        names.push(name);
    }
    names
}

#[test]
fn output_is_deterministic_and_sorted() {
    let p = Project::new();
    let mut names = many_documents(&p);
    for format in ["full", "concise", "json", "json-lines", "github"] {
        let first = p.check(&["--format", format, "."]).code(1);
        let second = p.check(&["--format", format, "."]).code(1);
        assert_eq!(first.raw_stdout, second.raw_stdout, "{format} differs");
    }
    let run = p.check(&["--format", "concise", "."]).code(1);
    let keys: Vec<(String, usize, usize)> = run
        .lines()
        .iter()
        .map(|l| {
            let mut parts = l.splitn(4, ':');
            let file = parts.next().unwrap().to_string();
            let line = parts.next().unwrap().parse().unwrap();
            let col = parts.next().unwrap().parse().unwrap();
            (file, line, col)
        })
        .collect();
    assert!(keys.len() > 60, "{}", run.stdout);
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "output is not sorted by file and position");
    // Every document with findings is there.
    let files: std::collections::BTreeSet<&str> = keys.iter().map(|k| k.0.as_str()).collect();
    assert_eq!(files.len(), 32, "{files:?}");

    // Naming the files in another order (and twice) changes nothing.
    names.reverse();
    names.push(names[0].clone());
    let mut args = vec!["--format", "concise"];
    args.extend(names.iter().map(String::as_str));
    let named = p.check(&args).code(1);
    assert_eq!(named.stdout, run.stdout);
}
