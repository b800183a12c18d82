//! `--format github` and the GitHub Action.
//!
//! Output lines are checked against the workflow-command syntax the runner parses
//! (`actions/runner` `ActionCommand.TryParseV2`: after trimming leading whitespace, a line
//! starting with `::` is `::NAME PROPS::DATA`; properties split on `,` and `=`, values
//! unescaped from `%25 %0D %0A %3A %2C`, data from `%25 %0D %0A`; the legacy parser takes
//! `##[` anywhere in a line). Documents and file names are crafted to carry `%`, CR, `:`,
//! `,`, `::` and `##[` into the output. The action's scripts are run with bash the way the
//! runner runs them, with hostile inputs.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_policylint");

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .current_dir(dir)
        // The documents here are stubs: missing-section would report every topic.
        .args(["check", "--isolated", "--today", "2026-11-22"])
        .args(["--ignore", "missing-section"])
        .args(args)
        .output()
        .expect("run policylint")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

/// A parsed workflow command.
#[derive(Debug)]
struct WorkflowCommand {
    name: String,
    properties: BTreeMap<String, String>,
    data: String,
}

fn unescape(s: &str, property: bool) -> String {
    let mut out = s.replace("%0D", "\r").replace("%0A", "\n");
    if property {
        out = out.replace("%3A", ":").replace("%2C", ",");
    }
    out.replace("%25", "%")
}

/// Checks that `%` only starts one of the allowed escapes.
fn percent_escapes_ok(s: &str, allowed: &[&str]) -> bool {
    s.match_indices('%')
        .all(|(i, _)| allowed.iter().any(|e| s[i + 1..].starts_with(e)))
}

/// Parses one of our command lines strictly, asserting the documented syntax.
fn parse_command(line: &str) -> WorkflowCommand {
    assert!(line.starts_with("::"), "{line:?}");
    let end = line[2..]
        .find("::")
        .map(|i| i + 2)
        .unwrap_or_else(|| panic!("no `::` separator: {line:?}"));
    let info = &line[2..end];
    let data = &line[end + 2..];
    let (name, props) = info.split_once(' ').unwrap_or((info, ""));
    assert!(
        ["error", "warning", "notice"].contains(&name),
        "unexpected command {name:?} in {line:?}"
    );
    let mut properties = BTreeMap::new();
    for prop in props.split(',').filter(|p| !p.is_empty()) {
        let (key, value) = prop
            .split_once('=')
            .unwrap_or_else(|| panic!("property without `=`: {prop:?} in {line:?}"));
        assert!(
            ["file", "line", "col", "endLine", "endColumn", "title"].contains(&key),
            "unknown property {key:?} in {line:?}"
        );
        assert!(
            !value.contains([':', ',', '\r', '\n']),
            "raw `:`/`,`/CR/LF in property {key}={value:?}"
        );
        assert!(
            percent_escapes_ok(value, &["25", "0D", "0A", "3A", "2C"]),
            "unescaped `%` in property {key}={value:?}"
        );
        properties.insert(key.to_string(), unescape(value, true));
    }
    assert!(!data.contains(['\r', '\n']), "raw CR/LF in data {data:?}");
    assert!(
        percent_escapes_ok(data, &["25", "0D", "0A"]),
        "unescaped `%` in data {data:?}"
    );
    WorkflowCommand {
        name: name.to_string(),
        properties,
        data: unescape(data, false),
    }
}

/// Splits output into our commands and plain lines, asserting that no plain line can be
/// read as a command by the runner.
fn classify(out: &str) -> (Vec<WorkflowCommand>, Vec<String>) {
    assert!(!out.contains('\r'), "raw CR in output");
    let mut commands = Vec::new();
    let mut plain = Vec::new();
    for line in out.lines() {
        if line.starts_with("::") {
            commands.push(parse_command(line));
        } else {
            assert!(
                !line.trim_start().starts_with("::"),
                "a plain line the runner would read as a command: {line:?}"
            );
            assert!(
                !line.contains("##["),
                "a plain line the legacy parser would read as a command: {line:?}"
            );
            plain.push(line.to_string());
        }
    }
    (commands, plain)
}

fn json_diagnostics(dir: &Path, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let v: Value = serde_json::from_str(&stdout(&run(dir, &all))).unwrap();
    v["diagnostics"].as_array().unwrap().clone()
}

#[test]
fn hostile_text_and_file_names_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let name = "privacy, 2024: 100% final.txt";
    fs::write(
        dir.path().join(name),
        "Privacy Policy\n\n\
         Contact [Your Company 100%, Inc.::set-output name=x::y] today.\n\
         ::warning file=privacy.md::[Your Name] owns this\n\
         Address: [Your Address\r::error::injected] here %0A\n",
    )
    .unwrap();
    let out = run(dir.path(), &["--format", "github", "--", name]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let (commands, plain) = classify(&text);
    assert!(plain.is_empty(), "{plain:?}");
    let expected = json_diagnostics(dir.path(), &["--", name]);
    assert_eq!(commands.len(), 3, "{text}");
    assert_eq!(commands.len(), expected.len());
    for (c, d) in commands.iter().zip(&expected) {
        assert_eq!(c.name, "error");
        assert_eq!(c.properties["file"], name, "the file name round-trips");
        assert_eq!(c.properties["line"], d["start"]["line"].to_string());
        assert_eq!(c.properties["col"], d["start"]["column"].to_string());
        assert_eq!(c.properties["endLine"], d["end"]["line"].to_string());
        assert_eq!(c.properties["endColumn"], d["end"]["column"].to_string());
        assert_eq!(c.properties["title"], "policylint placeholder-text (C001)");
        let message = format!(
            "{}\nhelp: {}",
            d["message"].as_str().unwrap(),
            d["help"].as_str().unwrap()
        );
        assert_eq!(c.data, message, "the message round-trips");
    }
    assert!(commands[0]
        .data
        .contains("[Your Company 100%, Inc.::set-output name=x::y]"));
    assert!(commands[2]
        .data
        .contains("[Your Address\r::error::injected]"));
}

fn placeholders(n: usize) -> String {
    let mut s = String::from("Privacy Policy\n\n");
    for i in 0..n {
        s.push_str(&format!("Line {i}: contact [Your Company Email] now.\n"));
    }
    s
}

/// More than 10 warnings: 10 annotations, a summary notice, then every other finding as a
/// plain log line, including ones whose file names try to look like commands.
#[test]
fn annotation_cap_keeps_every_finding() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("policylint.toml"),
        "ignore = [\"missing-section\"]\n[severity]\nplaceholder-text = \"warning\"\n",
    )
    .unwrap();
    // File names sort `!` < `#` < `:`, so the hostile ones come after the first ten findings.
    let files = [
        ("!privacy.md", 10),
        ("##[stop-commands]tok terms.md", 1),
        ("::error::pwned privacy.md", 2),
    ];
    for (name, n) in files {
        fs::write(dir.path().join(name), placeholders(n)).unwrap();
    }
    let mut args = vec!["--config", "policylint.toml", "--"];
    args.extend(files.iter().map(|(n, _)| *n));
    let check = |format: &str| {
        let mut all: Vec<&str> = vec!["--format", format];
        all.extend(&args);
        Command::new(BIN)
            .current_dir(dir.path())
            .args(["check", "--today", "2026-11-22"])
            .args(&all)
            .output()
            .unwrap()
    };
    let out = check("github");
    assert_eq!(
        out.status.code(),
        Some(1),
        "warnings fail at the default level"
    );
    let text = stdout(&out);
    let (commands, plain) = classify(&text);

    let warnings: Vec<_> = commands.iter().filter(|c| c.name == "warning").collect();
    let notices: Vec<_> = commands.iter().filter(|c| c.name == "notice").collect();
    assert_eq!(warnings.len(), 10, "{text}");
    assert_eq!(notices.len(), 1, "{text}");
    assert!(notices[0].data.contains("3 more findings"), "{text}");
    assert!(warnings
        .iter()
        .all(|w| w.properties["file"] == "!privacy.md"));

    // Nothing lost: the plain lines are the remaining findings in concise form.
    let concise = stdout(&check("concise"));
    let concise: Vec<&str> = concise.lines().collect();
    assert_eq!(concise.len(), 13);
    assert_eq!(plain.len(), 3, "{text}");
    for (p, c) in plain.iter().zip(&concise[10..]) {
        assert_eq!(*p, format!("- {}", c.replace("##[", "##%5B")));
    }
    assert!(plain[0].contains("stop-commands]tok terms.md:3:"));
    assert!(plain[1].starts_with("- ::error::pwned privacy.md:3:"));
}

/// With more than 10 infos the summary notice still fits in GitHub's 10 notices per step.
#[test]
fn summary_notice_fits_the_notice_cap() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("policylint.toml"),
        "ignore = [\"missing-section\"]\n[severity]\nplaceholder-text = \"info\"\n",
    )
    .unwrap();
    fs::write(dir.path().join("privacy.md"), placeholders(12)).unwrap();
    let out = Command::new(BIN)
        .current_dir(dir.path())
        .args(["check", "--format", "github", "privacy.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "infos do not fail by default");
    let text = stdout(&out);
    let (commands, plain) = classify(&text);
    assert!(commands.iter().all(|c| c.name == "notice"));
    assert_eq!(commands.len(), 10, "{text}");
    assert!(commands[9].data.contains("3 more findings"), "{text}");
    assert_eq!(plain.len(), 3);
}

// ---- the action and the workflow -------------------------------------------------------

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// A YAML file as JSON, through Python's PyYAML (pre-commit depends on it, so CI has it).
fn load_yaml(path: &Path) -> Option<Value> {
    let script = "import json, sys, yaml\n\
                  data = yaml.safe_load(open(sys.argv[1], encoding='utf-8'))\n\
                  json.dump(data, sys.stdout, default=str)";
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(path)
        .output();
    match out {
        Ok(o) if o.status.success() => Some(serde_json::from_slice(&o.stdout).unwrap()),
        Ok(o) if String::from_utf8_lossy(&o.stderr).contains("ModuleNotFoundError") => {
            assert!(!in_ci(), "python3 has no `yaml` module in CI");
            eprintln!(
                "SKIPPED: YAML checks of {} (python3 has no yaml module)",
                path.display()
            );
            None
        }
        Ok(o) => panic!(
            "{} is not valid YAML:\n{}",
            path.display(),
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(e) => {
            assert!(!in_ci(), "python3 is not available in CI: {e}");
            eprintln!(
                "SKIPPED: YAML checks of {} (no python3: {e})",
                path.display()
            );
            None
        }
    }
}

fn repo_file(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn action() -> Option<Value> {
    load_yaml(&repo_file("action.yml"))
}

fn step<'a>(action: &'a Value, id: &str) -> &'a Value {
    action["runs"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("no step `{id}`"))
}

#[test]
fn action_is_composite_and_never_interpolates_into_scripts() {
    let Some(action) = action() else { return };
    assert_eq!(action["runs"]["using"], "composite");
    for input in ["paths", "config", "fail-level", "jurisdictions"] {
        assert!(action["inputs"][input].is_object(), "input `{input}`");
    }
    for s in action["runs"]["steps"].as_array().unwrap() {
        let Some(script) = s["run"].as_str() else {
            continue;
        };
        assert_eq!(s["shell"], "bash");
        assert!(
            !script.contains("${{"),
            "step {} interpolates an expression into its script",
            s["name"]
        );
        let syntax = Command::new("bash").args(["-n", "-c", script]).output();
        if let Ok(o) = syntax {
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        }
        for (_, v) in s["env"].as_object().into_iter().flatten() {
            let v = v.as_str().unwrap();
            assert!(v.starts_with("${{") && v.ends_with("}}"), "env {v}");
        }
    }
    let lint = step(&action, "lint");
    assert_eq!(lint["env"]["INPUT_PATHS"], "${{ inputs.paths }}");
    assert_eq!(lint["env"]["INPUT_FAIL_LEVEL"], "${{ inputs.fail-level }}");
}

/// Runs the action's lint step as the runner does (`bash --noprofile --norc -eo pipefail
/// FILE`, inputs in the environment) with the built binary on PATH.
fn run_lint_step(dir: &Path, inputs: &[(&str, &str)]) -> Option<Output> {
    let action = action()?;
    let script = step(&action, "lint")["run"].as_str().unwrap().to_string();
    let script_path = dir.join("step.sh");
    fs::write(&script_path, script).unwrap();
    let bin_dir = Path::new(BIN).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut cmd = Command::new("bash");
    cmd.args(["--noprofile", "--norc", "-eo", "pipefail"])
        .arg(&script_path)
        .current_dir(dir)
        .env("PATH", path);
    for name in ["PATHS", "CONFIG", "FAIL_LEVEL", "JURISDICTIONS"] {
        cmd.env(format!("INPUT_{name}"), "");
    }
    for (k, v) in inputs {
        cmd.env(k, v);
    }
    Some(cmd.output().unwrap())
}

#[test]
fn action_lint_step_passes_inputs_safely() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path();
    fs::create_dir(work.join("docs")).unwrap();
    let hostile = "docs/privacy $(touch pwned) `touch pwned2`.md";
    fs::write(work.join(hostile), placeholders(1)).unwrap();
    fs::write(
        work.join("policylint.toml"),
        "ignore = [\"missing-section\"]\n",
    )
    .unwrap();
    fs::write(
        work.join("terms.md"),
        "# Terms\n\nAcme Ltd provides the service.\n",
    )
    .unwrap();

    let Some(out) = run_lint_step(
        work,
        &[
            ("INPUT_PATHS", &format!("{hostile}\n\n   terms.md  \n")),
            ("INPUT_FAIL_LEVEL", "error"),
            ("INPUT_JURISDICTIONS", "gdpr"),
        ],
    ) else {
        return;
    };
    let text = stdout(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (commands, _) = classify(&text);
    assert_eq!(commands.len(), 1, "{text}");
    assert_eq!(commands[0].properties["file"], hostile);
    assert!(!work.join("pwned").exists() && !work.join("pwned2").exists());

    // Shell metacharacters in other inputs are arguments, not code.
    let Some(out) = run_lint_step(
        work,
        &[
            ("INPUT_PATHS", "terms.md"),
            ("INPUT_CONFIG", "x.toml\"; touch pwned3; echo \""),
        ],
    ) else {
        return;
    };
    assert_eq!(out.status.code(), Some(2), "missing config is an error");
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not exist"));
    assert!(!work.join("pwned3").exists());

    // Defaults: the repository root, and success when it is clean.
    let Some(out) = run_lint_step(work, &[("INPUT_PATHS", "terms.md")]) else {
        return;
    };
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn workflow_runs_checks_and_the_local_action() {
    let Some(ci) = load_yaml(&repo_file(".github/workflows/ci.yml")) else {
        return;
    };
    let text = fs::read_to_string(repo_file(".github/workflows/ci.yml")).unwrap();
    for needle in [
        "cargo fmt --all --check",
        "cargo clippy --all-targets -- -D warnings",
        "cargo test",
        "pip\" install --quiet pre-commit",
    ] {
        assert!(text.contains(needle), "ci.yml lacks `{needle}`");
    }
    let jobs = ci["jobs"].as_object().unwrap();
    let uses_local = jobs.values().any(|job| {
        job["steps"].as_array().into_iter().flatten().any(|s| {
            s["uses"] == "./"
                && s["with"]["paths"]
                    .as_str()
                    .is_some_and(|p| p.contains("examples/"))
        })
    });
    assert!(uses_local, "a job runs `uses: ./` on examples/");
    for job in jobs.values() {
        assert!(job["runs-on"].is_string());
        assert!(job["timeout-minutes"].is_number());
    }
}

// ---- docs/integrations.md -------------------------------------------------------------

/// Fenced code blocks of a language in a Markdown file.
fn code_blocks(markdown: &str, lang: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match &mut current {
            None if line.trim_start() == format!("```{lang}") => current = Some(String::new()),
            Some(block) if line.trim_start() == "```" => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None => {}
        }
    }
    blocks
}

#[test]
fn integration_docs_match_the_project() {
    let text = fs::read_to_string(repo_file("docs/integrations.md")).unwrap();
    let version = format!("v{}", env!("CARGO_PKG_VERSION"));
    let repo = policylint::REPOSITORY_URL;
    let slug = repo.trim_start_matches("https://github.com/");
    for needle in [
        format!("repo: {repo}\n    rev: {version}"),
        format!("uses: {slug}@{version}"),
        format!("--git {repo} --tag {version}"),
        "id: policylint".to_string(),
        "github/codeql-action/upload-sarif".to_string(),
        "--stdin-filename".to_string(),
        "\"policylint\", \"server\"".to_string(),
    ] {
        assert!(
            text.contains(&needle),
            "docs/integrations.md lacks `{needle}`"
        );
    }
    for block in code_blocks(&text, "toml") {
        toml::from_str::<toml::Value>(&block)
            .unwrap_or_else(|e| panic!("invalid TOML snippet ({e}):\n{block}"));
    }
    let yaml = code_blocks(&text, "yaml");
    assert!(yaml.len() >= 3);
    let dir = tempfile::tempdir().unwrap();
    for (i, block) in yaml.iter().enumerate() {
        let path = dir.path().join(format!("snippet{i}.yaml"));
        fs::write(&path, block).unwrap();
        let Some(value) = load_yaml(&path) else {
            return;
        };
        assert!(
            value.is_object(),
            "YAML snippet {i} is not a mapping:\n{block}"
        );
    }
    // Every action input the docs' table names exists.
    if let Some(action) = action() {
        for input in action["inputs"].as_object().unwrap().keys() {
            assert!(
                text.contains(&format!("| `{input}` |")),
                "input `{input}` undocumented"
            );
        }
    }
}
