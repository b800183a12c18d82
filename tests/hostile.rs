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
    run_command(Command::new(BIN), dir, args, stdin)
}

fn run_command(mut command: Command, dir: &Path, args: &[&str], stdin: Option<Vec<u8>>) -> Run {
    let mut child = command
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

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("run mkfifo");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// A config whose `processors-file` names `target`, and a policy to lint with it.
fn project_with_processors_file(target: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "policylint.toml",
        &format!("select = [\"placeholder-text\"]\nprocessors-file = \"{target}\"\n"),
    );
    write(dir.path(), "privacy.md", "# Privacy\n\nWe are Acme.\n");
    dir
}

/// `processors-file` naming a FIFO once blocked forever, `/dev/zero` grew memory until the
/// process was killed, and `/dev/stdin` read the input meant for something else. Each is
/// now refused before it is opened, with what it is.
#[test]
fn files_named_by_config_must_be_regular_files() {
    let dir = project_with_processors_file("vendors.fifo");
    mkfifo(&dir.path().join("vendors.fifo"));
    run_in(dir.path(), &["check", "privacy.md"], None)
        .code(2)
        .stderr_has("cannot read processors file")
        .stderr_has("not a regular file (a FIFO)");

    let dir = project_with_processors_file("/dev/zero");
    run_in(dir.path(), &["check", "privacy.md"], None)
        .code(2)
        .stderr_has("not a regular file (a character device)");

    // stdin is a pipe here: reading it would take the input meant for the document.
    let dir = project_with_processors_file("/dev/stdin");
    run_in(
        dir.path(),
        &["check", "-", "--stdin-filename", "privacy.md"],
        Some(b"# Privacy\n".to_vec()),
    )
    .code(2)
    .stderr_has("not a regular file (a FIFO)");

    // A config that is itself a FIFO, found by discovery or named with --config.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "privacy.md", "# Privacy\n");
    mkfifo(&dir.path().join("policylint.toml"));
    run_in(dir.path(), &["check", "privacy.md"], None)
        .code(2)
        .stderr_has("not a regular file (a FIFO)");
    run_in(
        dir.path(),
        &["check", "--config", "policylint.toml", "privacy.md"],
        None,
    )
    .code(2)
    .stderr_has("not a regular file (a FIFO)");
}

/// An over-long processors file is refused at the cap instead of read whole.
#[test]
fn files_named_by_config_are_size_capped() {
    let dir = project_with_processors_file("vendors.txt");
    let f = std::fs::File::create(dir.path().join("vendors.txt")).unwrap();
    f.set_len(policylint::config::MAX_CONFIG_BYTES + 1).unwrap(); // sparse
    drop(f);
    run_in(dir.path(), &["check", "privacy.md"], None)
        .code(2)
        .stderr_has("file is too large (1048577 bytes; the limit is 1048576 bytes)");
}

/// Paths that are not regular files say what they are, not "no such file or directory".
#[test]
fn special_paths_say_what_they_are() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "privacy.md",
        "# Privacy\n\nWe are [Your Company].\n",
    );
    mkfifo(&dir.path().join("terms.md"));
    let _socket = std::os::unix::net::UnixListener::bind(dir.path().join("cookies.md")).unwrap();
    std::os::unix::fs::symlink("loop-b.md", dir.path().join("loop-a.md")).unwrap();
    std::os::unix::fs::symlink("loop-a.md", dir.path().join("loop-b.md")).unwrap();
    let long = format!("{}.md", "x".repeat(300));
    let args = [
        "check",
        "--isolated",
        "--select",
        "placeholder-text",
        "--format",
        "concise",
        "privacy.md",
        "terms.md",
        "cookies.md",
        "/dev/null",
        "loop-a.md",
        &long,
    ];
    let run = run_in(dir.path(), &args, None)
        .code(2)
        .stderr_has("terms.md: not a regular file (a FIFO)")
        .stderr_has("cookies.md: not a regular file (a socket)")
        .stderr_has("/dev/null: not a regular file (a character device)")
        .stderr_has("loop-a.md: too many levels of symbolic links")
        .stderr_has("file name too long");
    assert!(!run.stderr.contains("no such file"), "{}", run.stderr);
    // The regular file is still linted.
    assert!(
        run.stdout.contains("privacy.md:3:8: error[C001]"),
        "{}",
        run.stdout
    );
}

#[test]
fn config_naming_a_directory_says_so() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "privacy.md", "# Privacy\n");
    std::fs::create_dir(dir.path().join("conf")).unwrap();
    let run = run_in(
        dir.path(),
        &["check", "--config", "conf", "privacy.md"],
        None,
    )
    .code(2)
    .stderr_has("config file conf is a directory");
    assert!(!run.stderr.contains("does not exist"), "{}", run.stderr);
}

/// Oversized stdin reports exact byte counts, so it never reads as equal to the limit.
#[test]
fn oversized_stdin_gives_exact_sizes() {
    let dir = tempfile::tempdir().unwrap();
    let big = vec![b'a'; policylint::engine::MAX_FILE_BYTES as usize + 1];
    run_in(
        dir.path(),
        &["check", "--isolated", "-", "--stdin-filename", "big.md"],
        Some(big),
    )
    .code(2)
    .stderr_has(
        "big.md: file is too large (more than 16777216 bytes; the limit is 16777216 bytes)",
    );
}

/// A sub-folder that cannot be read is an error (exit 2), not silently skipped: the
/// policies in it were not linted. Root reads any folder, so as root the binary runs as
/// `nobody` through `setpriv`.
#[test]
fn unreadable_sub_folder_is_an_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    write(
        dir.path(),
        "legal/privacy.md",
        "# Privacy\n\nWe are [Your Company].\n",
    );
    write(dir.path(), "legal/locked/terms.md", "# Terms\n");
    let locked = dir.path().join("legal/locked");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let args = [
        "check",
        "--isolated",
        "--select",
        "placeholder-text",
        "--format",
        "concise",
        "legal",
    ];
    let command = if std::fs::read_dir(&locked).is_ok() {
        // Privileged: drop to an unprivileged user, or say loudly that this cannot be tested.
        if Command::new("setpriv").arg("--version").output().is_err() {
            std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
            eprintln!("SKIPPED unreadable_sub_folder_is_an_error: privileged and no setpriv");
            return;
        }
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", BIN]);
        c
    } else {
        Command::new(BIN)
    };
    let run = run_command(command, dir.path(), &args, None);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    let run = run
        .code(2)
        .stderr_has("legal/locked: cannot read: permission denied");
    assert!(
        run.stdout.contains("privacy.md:3:8: error[C001]"),
        "{}",
        run.stdout
    );
}

/// The first finding's start line and column in a `--format json` run over stdin.
fn first_position(stdin: &[u8], name: &str) -> (u64, u64) {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "check",
        "--isolated",
        "--select",
        "placeholder-text",
        "--format",
        "json",
        "-",
        "--stdin-filename",
        name,
    ];
    let run = run_in(dir.path(), &args, Some(stdin.to_vec())).code(1);
    let report = run.json();
    let start = &report["diagnostics"][0]["start"];
    (
        start["line"].as_u64().unwrap(),
        start["column"].as_u64().unwrap(),
    )
}

/// A lone CR ends a line (as in CommonMark and LSP); everything once landed on line 1.
#[test]
fn lone_carriage_returns_end_lines() {
    let text = b"Privacy Policy\r\rWe are [Your Company].\r";
    assert_eq!(first_position(text, "privacy.txt"), (3, 8));
    let md = b"# Privacy Policy\r\rWe are [Your Company].\r";
    assert_eq!(first_position(md, "privacy.md"), (3, 8));
}

/// A U+FEFF left after the byte order mark is stripped is a character like any other; it
/// once made the columns of line 1 one too small.
#[test]
fn feff_after_the_byte_order_mark_counts_as_a_column() {
    let text = "\u{feff}\u{feff}[Your Company] is the operator.\n";
    assert_eq!(first_position(text.as_bytes(), "privacy.txt"), (1, 2));
    let bom_only = "\u{feff}[Your Company] is the operator.\n";
    assert_eq!(first_position(bom_only.as_bytes(), "privacy.txt"), (1, 1));
}

// ---------------------------------------------------------------------------------------
// The language server loop, in memory.

/// A message with its `Content-Length` header.
fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

fn message(value: Value) -> Vec<u8> {
    frame(&value.to_string())
}

const INITIALIZE: &str =
    r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#;

fn did_open(uri: &str, text: &str) -> Vec<u8> {
    message(serde_json::json!({
        "jsonrpc": "2.0",
        "method": "textDocument/didOpen",
        "params": { "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } },
    }))
}

fn shutdown_and_exit() -> Vec<u8> {
    let mut bytes = frame(r#"{"jsonrpc":"2.0","id":99,"method":"shutdown"}"#);
    bytes.extend(frame(r#"{"jsonrpc":"2.0","method":"exit"}"#));
    bytes
}

/// Runs `policylint::lsp::serve` over `input` on a thread with a timeout; the result
/// (`Ok(true)`: clean shutdown) and every message it wrote.
fn serve(input: Vec<u8>) -> (Result<bool, String>, Vec<Value>) {
    let (tx, rx) = std::sync::mpsc::channel();
    thread::spawn(move || {
        let mut output = Vec::new();
        let result = policylint::lsp::serve(std::io::Cursor::new(input), &mut output)
            .map_err(|e| e.to_string());
        let _ = tx.send((result, output));
    });
    let (result, output) = rx
        .recv_timeout(TIMEOUT)
        .expect("the language server did not finish");
    let mut reader = std::io::BufReader::new(&output[..]);
    let mut messages = Vec::new();
    while let Some(policylint::lsp::framing::Frame::Body(body)) =
        policylint::lsp::framing::read_frame(&mut reader).unwrap()
    {
        messages.push(serde_json::from_slice(&body).unwrap());
    }
    (result, messages)
}

fn diagnostics_for<'a>(messages: &'a [Value], uri: &str) -> Vec<&'a Value> {
    messages
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
        .collect()
}

const PLACEHOLDER_LINE: &str = "We are [Your Company].";

/// Every malformed message once ended the server. Each now gets a JSON-RPC error and the
/// server goes on linting and shuts down cleanly.
#[test]
fn server_answers_malformed_messages_and_keeps_serving() {
    // LF-only header lines.
    let mut input = format!("Content-Length: {}\n\n{INITIALIZE}", INITIALIZE.len()).into_bytes();
    input.extend(frame("{\"jsonrpc\": \"2.0\", \"id\": 2, \"method\""));
    input.extend(frame(
        r#"[{"jsonrpc":"2.0","method":"initialized","params":{}}]"#,
    ));
    input.extend(frame("null"));
    input.extend(frame(
        r#"{"jsonrpc":"2.0","id":3,"method":"x","params":"\ud800"}"#,
    ));
    input.extend(frame(r#"{"jsonrpc":"2.0","id":{"a":1},"method":"x"}"#));
    input.extend(b"Content-Length: many\r\n\r\n");
    input.extend(b"this is not a header\r\n\r\n");
    input.extend(frame(
        r#"{"jsonrpc":"2.0","id":4,"method":"textDocument/hover","params":{}}"#,
    ));
    let uri = "untitled:privacy";
    input.extend(did_open(
        "file:///nowhere/privacy.md",
        &format!("# Privacy\n\n{PLACEHOLDER_LINE}\n"),
    ));
    input.extend(did_open(uri, "x"));
    input.extend(shutdown_and_exit());
    let (result, messages) = serve(input);
    assert_eq!(result, Ok(true), "{messages:#?}");
    assert_eq!(messages[0]["id"], 1, "initialize answered: {messages:#?}");
    let errors: Vec<(i64, &Value)> = messages
        .iter()
        .filter_map(|m| Some((m["error"]["code"].as_i64()?, &m["id"])))
        .collect();
    let null = Value::Null;
    assert_eq!(
        errors,
        [
            (-32700, &null), // truncated JSON
            (-32600, &null), // batch
            (-32600, &null), // null
            (-32700, &null), // lone surrogate
            (-32600, &null), // object id
            (-32700, &null), // bad Content-Length
            (-32700, &null), // not a header
            (-32601, &serde_json::json!(4)),
        ],
        "{messages:#?}"
    );
    let published = diagnostics_for(&messages, "file:///nowhere/privacy.md");
    assert_eq!(published.len(), 1, "{messages:#?}");
    let d = &published[0]["params"]["diagnostics"];
    assert!(
        d.as_array().unwrap().iter().any(|d| d["code"] == "C001"),
        "{d:#}"
    );
    assert!(messages
        .iter()
        .any(|m| m["id"] == 99 && m["result"].is_null()));
}

/// A `Content-Length` of 2 GB or 100 GB with a short body once allocated it all up front
/// (and aborted); now the stream simply ends.
#[test]
fn server_allocates_only_what_arrives() {
    for announced in ["2147483648", "100000000000"] {
        let mut input = frame(INITIALIZE);
        input.extend(format!("Content-Length: {announced}\r\n\r\n{{}}").into_bytes());
        let (result, messages) = serve(input);
        assert_eq!(result, Ok(false), "{messages:#?}");
        assert_eq!(messages.len(), 1, "{messages:#?}");
    }
}

/// Documents refused for size or NUL bytes once got an empty diagnostic list and no word.
#[test]
fn server_says_why_it_refuses_a_document() {
    let mut input = frame(INITIALIZE);
    let binary = "file:///nowhere/privacy.md";
    input.extend(did_open(binary, "# Privacy\n\0\0\0"));
    let big = "file:///nowhere/terms.md";
    let huge = "a".repeat(policylint::engine::MAX_FILE_BYTES as usize + 1);
    input.extend(did_open(big, &huge));
    drop(huge);
    input.extend(shutdown_and_exit());
    let (result, messages) = serve(input);
    assert_eq!(result, Ok(true));
    let shown: Vec<&str> = messages
        .iter()
        .filter(|m| m["method"] == "window/showMessage")
        .map(|m| m["params"]["message"].as_str().unwrap())
        .collect();
    assert_eq!(shown.len(), 2, "{shown:#?}");
    assert!(
        shown[0].contains("privacy.md") && shown[0].contains("binary file"),
        "{shown:#?}"
    );
    assert!(
        shown[1].contains("terms.md") && shown[1].contains("too large"),
        "{shown:#?}"
    );
    for uri in [binary, big] {
        let published = diagnostics_for(&messages, uri);
        assert_eq!(published.len(), 1);
        assert_eq!(published[0]["params"]["diagnostics"], serde_json::json!([]));
    }
}

/// LSP positions: a lone CR ends a line, and a byte order mark in the editor's buffer is a
/// UTF-16 unit before everything on line 1 (the engine lints the text without it).
#[test]
fn server_positions_follow_the_editor_buffer() {
    let mut input = frame(INITIALIZE);
    let cr = "file:///nowhere/privacy.md";
    input.extend(did_open(cr, &format!("# Privacy\r\r{PLACEHOLDER_LINE}\r")));
    let bom = "file:///nowhere/terms.md";
    input.extend(did_open(bom, &format!("\u{feff}{PLACEHOLDER_LINE}\n")));
    input.extend(shutdown_and_exit());
    let (result, messages) = serve(input);
    assert_eq!(result, Ok(true));
    let start_of = |uri: &str| {
        let published = diagnostics_for(&messages, uri);
        let d = published[0]["params"]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == "C001")
            .unwrap_or_else(|| panic!("no C001 for {uri}: {messages:#?}"))
            .clone();
        d["range"]["start"].clone()
    };
    assert_eq!(
        start_of(cr),
        serde_json::json!({ "line": 2, "character": 7 })
    );
    assert_eq!(
        start_of(bom),
        serde_json::json!({ "line": 0, "character": 8 })
    );
}

/// A config beside a document whose `processors-file` is a FIFO once blocked the server for
/// good; now the user is told and the defaults apply.
#[test]
fn server_is_not_blocked_by_a_fifo_named_in_config() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    mkfifo(&root.join("vendors"));
    write(&root, "policylint.toml", "processors-file = \"vendors\"\n");
    let uri = format!("file://{}/privacy.md", root.display());
    let mut input = frame(INITIALIZE);
    input.extend(did_open(
        &uri,
        &format!("# Privacy\n\n{PLACEHOLDER_LINE}\n"),
    ));
    input.extend(shutdown_and_exit());
    let (result, messages) = serve(input);
    assert_eq!(result, Ok(true));
    let shown = messages
        .iter()
        .find(|m| m["method"] == "window/showMessage")
        .unwrap_or_else(|| panic!("{messages:#?}"));
    assert!(
        shown["params"]["message"]
            .as_str()
            .unwrap()
            .contains("not a regular file (a FIFO)"),
        "{shown}"
    );
    assert_eq!(diagnostics_for(&messages, &uri).len(), 1);
}

/// The folder walker opens `.gitignore` and `.ignore` files; a FIFO there once blocked the
/// walk for good. The folder is now not searched, and the run says why and fails.
#[test]
fn fifo_ignore_files_do_not_block_the_walk() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "legal/privacy.md",
        "# Privacy\n\nWe are [Your Company].\n",
    );
    write(
        dir.path(),
        "legal/sub/terms.md",
        "# Terms\n\nWe are [Your Company].\n",
    );
    mkfifo(&dir.path().join("legal/sub/.gitignore"));
    let args = [
        "check",
        "--isolated",
        "--select",
        "placeholder-text",
        "--format",
        "concise",
    ];
    let run = run_in(dir.path(), &[&args[..], &["legal"]].concat(), None)
        .code(2)
        .stderr_has(
            "legal/sub/.gitignore: not a regular file (a FIFO); legal/sub was not searched",
        );
    assert!(
        run.stdout.contains("legal/privacy.md:3:8"),
        "{}",
        run.stdout
    );

    // In the folder named on the command line itself.
    mkfifo(&dir.path().join("legal/.ignore"));
    run_in(dir.path(), &[&args[..], &["legal"]].concat(), None)
        .code(2)
        .stderr_has("legal/.ignore: not a regular file (a FIFO); legal was not searched");
}

/// A message over the size limit is skipped in chunks; the client gets an error and the
/// user a message, and the server goes on.
#[test]
fn server_skips_an_oversized_message_and_says_so() {
    let mut input = frame(INITIALIZE);
    let limit = policylint::lsp::framing::MAX_MESSAGE_BYTES;
    input.extend(format!("Content-Length: {}\r\n\r\n", limit + 1).into_bytes());
    input.resize(input.len() + limit as usize + 1, b' ');
    let uri = "file:///nowhere/privacy.md";
    let text =
        format!("# Privacy\n\n<p>Coffee & Starbucks\u{ae} Rewards</p>\n\n{PLACEHOLDER_LINE}\n");
    input.extend(did_open(uri, &text));
    input.extend(shutdown_and_exit());
    let (result, messages) = serve(input);
    assert_eq!(result, Ok(true));
    let shown = messages
        .iter()
        .find(|m| m["method"] == "window/showMessage")
        .unwrap_or_else(|| panic!("{messages:#?}"));
    let shown = shown["params"]["message"].as_str().unwrap();
    assert!(shown.contains(&format!("{} bytes", limit + 1)), "{shown}");
    assert!(messages
        .iter()
        .any(|m| m["id"].is_null() && m["error"]["code"] == -32600));
    // The HTML block that once crashed the entity decoder, and with it the server.
    let published = diagnostics_for(&messages, uri);
    assert_eq!(published.len(), 1, "{messages:#?}");
    let diagnostics = published[0]["params"]["diagnostics"].as_array().unwrap();
    assert!(
        diagnostics.iter().any(|d| d["code"] == "C001"),
        "{diagnostics:#?}"
    );
}
