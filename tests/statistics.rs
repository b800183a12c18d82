//! `--statistics` and the progress bar, end to end.

use std::process::Command;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_policylint");

/// Twelve policies: eight with one placeholder each, two of those with a draft note too,
/// four clean.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..12 {
        let mut text = format!("# Privacy Policy {i}\n\nContact privacy@acme.com.\n");
        if i < 8 {
            text.push_str("\nWe are [Your Company Name].\n");
        }
        if i < 2 {
            text.push_str("\nTODO: add the retention period.\n");
        }
        std::fs::write(dir.path().join(format!("privacy-{i:02}.md")), text).unwrap();
    }
    dir
}

fn check(dir: &std::path::Path, extra: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN)
        .args([
            "check",
            "--isolated",
            "--today",
            "2026-11-22",
            "--select",
            "placeholder-text,draft-note",
        ])
        .args(extra)
        .current_dir(dir)
        .env_remove("CI")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn statistics_count_findings_per_rule_and_files_with_findings() {
    let dir = project();
    let (code, stdout, stderr) = check(dir.path(), &["--statistics"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        stdout,
        "8  C001  placeholder-text\n2  C002  draft-note\npolicylint: 10 findings in 8 of 12 files\n"
    );
    // Progress goes to a terminal only; here stderr is a pipe.
    assert_eq!(stderr, "");

    let (code, stdout, _) = check(dir.path(), &["--statistics", "--format", "json"]);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["files"], 12);
    assert_eq!(v["files_with_findings"], 8);
    assert_eq!(v["findings"], 10);
    assert_eq!(v["rules"][0]["rule"], "placeholder-text");
    assert_eq!(v["rules"][0]["count"], 8);
    assert_eq!(v["rules"][1]["code"], "C002");
    assert_eq!(v["rules"][1]["count"], 2);
}

#[test]
fn statistics_of_a_clean_run() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("privacy.md"),
        "# Privacy\n\nContact privacy@acme.com.\n",
    )
    .unwrap();
    let (code, stdout, _) = check(dir.path(), &["--statistics"]);
    assert_eq!(code, 0);
    assert_eq!(stdout, "policylint: 0 findings in 0 of 1 file\n");
}

/// Runs `policylint check` with stderr on a pseudo-terminal (util-linux `script`) and
/// returns what the terminal showed; `None` when `script` is not installed.
fn on_terminal(dir: &std::path::Path, ci: bool, extra: &str) -> Option<String> {
    let command =
        format!("{BIN} check --isolated --today 2026-11-22 --format concise {extra} . > /dev/null");
    let mut script = Command::new("script");
    script
        .args(["-qec", &command, "/dev/null"])
        .current_dir(dir);
    if ci {
        script.env("CI", "true");
    } else {
        script.env_remove("CI");
    }
    let out = script.output().ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn progress_bar_only_on_a_terminal_outside_ci_without_quiet() {
    let dir = project();
    let Some(shown) = on_terminal(dir.path(), false, "") else {
        eprintln!("SKIPPED: `script` (util-linux) is not installed; progress bar not tested");
        return;
    };
    assert!(shown.contains("/12 files"), "{shown:?}");
    assert_eq!(on_terminal(dir.path(), true, "").unwrap(), "");
    assert_eq!(on_terminal(dir.path(), false, "--quiet").unwrap(), "");
}
