//! Hostile input, end to end: text that once crashed a parser, files that are not files,
//! configs that point at devices, and positions in unusual line endings. Every run of the
//! binary has a timeout (a hang fails the test instead of blocking it) and every input here
//! is small, so the suite stays fast.
//!
//! The language server's framing and malformed messages are tested in `tests/lsp.rs` (the
//! process) and here through `policylint::lsp::serve` (in memory).
#![cfg(unix)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_policylint");
const TIMEOUT: Duration = Duration::from_secs(30);

/// What one run of the binary produced.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    #[track_caller]
    fn code(self, code: i32) -> Run {
        assert_eq!(
            self.code,
            Some(code),
            "unexpected exit\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    #[track_caller]
    fn stderr_has(self, needle: &str) -> Run {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}\n--- stderr\n{}",
            self.stderr
        );
        self
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

/// Runs the binary in `dir` with `stdin` (closed when `None`), killing it after [`TIMEOUT`].
fn run_in(dir: &Path, args: &[&str], stdin: Option<Vec<u8>>) -> Run {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start policylint");
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        // The binary may refuse the input before reading all of it.
        thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        });
    }
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_reader = thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let err_reader = thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let deadline = Instant::now() + TIMEOUT;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("policylint {args:?} did not finish within {TIMEOUT:?}");
        }
        thread::sleep(Duration::from_millis(10));
    };
    Run {
        code: status.code(),
        stdout: String::from_utf8_lossy(&out_reader.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned(),
    }
}

/// `check --isolated` with a pinned date and the JSON output, on `paths` in `dir`.
fn check_json(dir: &Path, paths: &[&str]) -> Run {
    let mut args = vec![
        "check",
        "--isolated",
        "--today",
        "2026-11-22",
        "--format",
        "json",
    ];
    args.extend_from_slice(paths);
    run_in(dir, &args, None)
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, text).unwrap();
    path
}

/// `&` followed by a multibyte character that straddles byte 12 once crashed the entity
/// decoder (exit 101, no output at all), in HTML text, attribute values and HTML blocks
/// inside Markdown.
#[test]
fn ampersand_before_multibyte_text_does_not_crash() {
    let dir = tempfile::tempdir().unwrap();
    let text = "<p>Coffee & Starbucks\u{ae} Rewards</p>";
    write(
        dir.path(),
        "privacy.html",
        &format!("<h1>Privacy</h1>{text}\n"),
    );
    write(
        dir.path(),
        "terms.html",
        "<h1>Terms</h1><p><a href=\"https://example.org/?a=1&Caf\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\">x</a></p>\n",
    );
    write(
        dir.path(),
        "cookies.md",
        &format!("# Cookies\n\n<div>\n\n{text}\n\n</div>\n\n<p>\u{e9}&\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}</p>\n"),
    );
    let run = check_json(dir.path(), &["privacy.html", "terms.html", "cookies.md"]);
    assert_ne!(run.code, Some(101), "panicked: {}", run.stderr);
    let report = run.json();
    assert_eq!(report["summary"]["files"], 3, "{report:#}");
    assert!(
        report["errors"].as_array().unwrap().is_empty(),
        "{report:#}"
    );
}
