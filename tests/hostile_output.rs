//! Output safety end to end: document text and command-line arguments never reach a
//! terminal or CI log raw (control characters, a lone CR, bidi controls, zero-width
//! characters, line separators), carets still point at the right characters, long lines
//! are shown as a window, and JSON and SARIF stay valid.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_policylint");

/// Characters that must never appear raw in a text output (besides the output's own
/// line breaks): ESC, a lone CR, RLO, PDF, LRI, the Arabic letter mark, zero-width space,
/// zero-width no-break space, line and paragraph separators.
const HIDDEN: &[char] = &[
    '\u{1b}', '\r', '\u{202e}', '\u{202c}', '\u{2066}', '\u{61c}', '\u{200b}', '\u{feff}',
    '\u{2028}', '\u{2029}',
];

/// Three placeholders on lines full of hidden characters; line 3 ends in a lone CR that
/// would return the cursor and let `OWNED` overwrite the line.
const HOSTILE_DOC: &str = "# Privacy Policy\n\nWe are \u{202e}[Your Company Name]\u{202c}, reached at [Your\u{200b}Email\u{2066}] \u{61c} here.\rOWNED\n\nLine\u{2028}sep [Your Address\u{feff}] end\u{2029}. \u{1b}[2J\n";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("CI")
        .env("NO_COLOR", "1")
        .output()
        .expect("run policylint");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    }
}

fn check(dir: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "check",
        "--isolated",
        "--today",
        "2026-11-22",
        "--select",
        "placeholder-text",
    ];
    args.extend_from_slice(extra);
    run(dir, &args)
}

fn project(name: &str, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), text).unwrap();
    dir
}

/// Removes the renderer's own colour sequences (`ESC [ … m`).
fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[track_caller]
fn assert_no_hidden(what: &str, text: &str) {
    if let Some(c) = text.chars().find(|c| HIDDEN.contains(c)) {
        panic!("{what}: raw {c:?} in output:\n{text}");
    }
}

#[test]
fn every_text_format_shows_hidden_characters_escaped() {
    let dir = project("privacy.md", HOSTILE_DOC);
    for format in ["full", "concise", "github"] {
        let run = check(dir.path(), &["--format", format, "privacy.md"]);
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        assert_no_hidden(format, &run.stdout);
        // The placeholder's own hidden characters are named, not dropped.
        assert!(
            run.stdout.contains(r"[Your\u{200b}Email\u{2066}]"),
            "{format}: {}",
            run.stdout
        );
        assert!(run.stdout.contains(r"[Your Address\u{feff}]"), "{format}");
    }
    let full = check(dir.path(), &["--format", "full", "privacy.md"]).stdout;
    for shown in [
        r"\u{202e}[Your Company Name]\u{202c}",
        // A lone CR ends the line: "OWNED" cannot overwrite the line above.
        r"\u{61c} here.",
        r"Line\u{2028}sep",
        r"end\u{2029}. \u{1b}[2J",
    ] {
        assert!(full.contains(shown), "{shown} missing in:\n{full}");
    }
    let colored = check(
        dir.path(),
        &["--format", "full", "--color", "always", "privacy.md"],
    );
    assert_no_hidden("full --color always", &strip_ansi(&colored.stdout));
}

/// The source line a caret line underlines, and the text above its `^` marks.
fn underlined(full: &str) -> Vec<String> {
    let lines: Vec<&str> = full.lines().collect();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate().skip(1) {
        let Some(start) = line.chars().position(|c| c == '^') else {
            continue;
        };
        let end = line.chars().skip(start).take_while(|&c| c == '^').count() + start;
        let source: Vec<char> = lines[i - 1].chars().collect();
        found.push(
            source[start.min(source.len())..end.min(source.len())]
                .iter()
                .collect(),
        );
    }
    found
}

#[test]
fn carets_point_at_the_escaped_text() {
    let dir = project("privacy.md", HOSTILE_DOC);
    let full = check(dir.path(), &["privacy.md"]).stdout;
    assert_eq!(
        underlined(&full),
        [
            "[Your Company Name]",
            r"[Your\u{200b}Email\u{2066}]",
            r"[Your Address\u{feff}]"
        ],
        "{full}"
    );
    // The locus names the document's own line and column.
    assert!(full.contains("privacy.md:3:9"), "{full}");
    assert!(full.contains("privacy.md:3:42"), "{full}");
    // The lone CR after "here." ends line 3 (as in LSP and CommonMark), so this is line 6.
    assert!(full.contains("privacy.md:6:10"), "{full}");
}

#[test]
fn long_lines_are_shown_as_a_window_around_the_finding() {
    // One 128 KB line with 16 placeholders spread over it, like minified HTML.
    let filler = "lorem-free filler text without any template field, ".repeat(160);
    let mut html = String::from("<html><body><h1>Privacy Policy</h1>");
    for i in 0..16 {
        html.push_str(&format!("<p>{filler}Contact [Your Email {i}] today.</p>"));
    }
    html.push_str("</body></html>\n");
    assert!(html.len() > 128 * 1024);
    let dir = project("privacy.html", &html);
    let run = check(dir.path(), &["privacy.html"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let carets = underlined(&run.stdout);
    let expected: Vec<String> = (0..16).map(|i| format!("[Your Email {i}]")).collect();
    assert_eq!(carets, expected);
    // O(window) per finding: the shown line is at most about 120 columns plus the marks.
    assert!(
        run.stdout.len() < 16 * 1024,
        "{} bytes for 16 findings",
        run.stdout.len()
    );
    for line in run.stdout.lines() {
        assert!(line.chars().count() < 200, "{line}");
    }
    assert!(run.stdout.contains('…'));
}

#[test]
fn json_and_sarif_stay_valid_and_carry_the_exact_text() {
    let dir = project("privacy.md", HOSTILE_DOC);
    let json: Value =
        serde_json::from_str(&check(dir.path(), &["--format", "json", "privacy.md"]).stdout)
            .expect("json output parses");
    let messages: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages[1],
        "unfilled placeholder `[Your\u{200b}Email\u{2066}]`"
    );
    let lines = check(dir.path(), &["--format", "json-lines", "privacy.md"]).stdout;
    for line in lines.lines() {
        serde_json::from_str::<Value>(line).expect("json-lines output parses");
    }
    let sarif: Value =
        serde_json::from_str(&check(dir.path(), &["--format", "sarif", "privacy.md"]).stdout)
            .expect("sarif output parses");
    let text = sarif["runs"][0]["results"][2]["message"]["text"]
        .as_str()
        .unwrap();
    assert!(
        text.starts_with("unfilled placeholder `[Your Address\u{feff}]`"),
        "{text}"
    );
}

#[test]
fn github_commands_keep_their_escaping_and_show_hidden_characters() {
    let dir = project("privacy.md", HOSTILE_DOC);
    let out = check(dir.path(), &["--format", "github", "privacy.md"]).stdout;
    let first = out.lines().next().unwrap();
    assert!(
        first.starts_with("::error file=privacy.md,line=3,col=9,"),
        "{first}"
    );
    assert!(
        out.contains(r"[Your\u{200b}Email\u{2066}]`%0Ahelp: "),
        "{out}"
    );
    assert_eq!(out.lines().count(), 3, "{out}");
}

#[test]
fn arguments_echoed_in_messages_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = "x\u{200b}\u{202e}\u{2028}\u{1b}[2J";
    let runs = [
        run(dir.path(), &["explain", hostile]),
        run(dir.path(), &["check", "--isolated", hostile]),
        run(dir.path(), &["check", "--format", hostile]),
        run(dir.path(), &[hostile]),
    ];
    for r in &runs {
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert_no_hidden("stderr", &r.stderr);
        assert!(
            r.stderr.contains(r"x\u{200b}\u{202e}\u{2028}"),
            "{}",
            r.stderr
        );
    }
    // A folder with no policy in it is named in a warning.
    let empty = dir.path().join("docs\u{202e}\u{200b}");
    std::fs::create_dir(&empty).unwrap();
    let r = run(
        dir.path(),
        &[
            "check",
            "--isolated",
            empty.file_name().unwrap().to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_no_hidden("stderr", &r.stderr);
    assert!(
        r.stderr
            .contains(r"no policy documents found in docs\u{202e}\u{200b}"),
        "{}",
        r.stderr
    );
}

/// Found by `cargo fuzz run parse_html` (and `lint`): an unfinished entity followed by
/// multi-byte characters within its first 12 bytes panicked in `document::html::entity_at`
/// (`s[..s.len().min(12)]` cut a character). Fixed there: the `;` is looked for in the first
/// 12 bytes without slicing.
#[test]
fn unfinished_entity_before_multibyte_text_is_not_a_crash() {
    let dir = project("privacy.html", "<p>&rdqu€€€</p>\n");
    let r = check(dir.path(), &["privacy.html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
}
