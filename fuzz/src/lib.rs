//! Properties the fuzz targets check on every input.

use policylint::document::{Document, Format};

/// Parses `text` as `format` and checks that every range the document model hands to
/// rules lies inside the text it indexes and on character boundaries.
pub fn check_parse(text: &str, format: Format) {
    let doc = Document::parse_as("fuzz", text.to_string(), format);
    let in_text = |s: &str, r: &std::ops::Range<usize>, what: &str| {
        assert!(
            r.start <= r.end && r.end <= s.len(),
            "{what} {r:?} outside 0..{}",
            s.len()
        );
        assert!(
            s.is_char_boundary(r.start) && s.is_char_boundary(r.end),
            "{what} {r:?} not on character boundaries"
        );
    };
    for b in &doc.blocks {
        in_text(&doc.source, &b.span, "block span");
        in_text(&doc.plain, &b.plain, "block plain range");
        in_text(&doc.source, &doc.span(b.plain.clone()), "mapped block span");
    }
    for s in &doc.sections {
        in_text(&doc.source, &s.span, "section span");
        assert!(s.heading < doc.blocks.len(), "section heading out of range");
        assert!(s.body.end <= doc.blocks.len(), "section body out of range");
    }
    for l in &doc.links {
        in_text(&doc.source, &l.span, "link span");
    }
    // Every plain offset (on a character boundary) maps into the source.
    let mut p = 0;
    while p <= doc.plain.len() {
        if doc.plain.is_char_boundary(p) {
            in_text(&doc.source, &doc.span(p..p), "mapped offset");
        }
        p += 1 + p / 8;
    }
}

/// Lints one document (its format picked by the first byte) and checks the report and
/// every output format.
pub fn check_lint(data: &[u8]) {
    use policylint::date::Date;
    use policylint::document::LineIndex;
    use policylint::engine::lint_text;
    use policylint::render::{escape::is_hidden, render, OutputFormat};
    use policylint::settings::Settings;

    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let path = ["privacy.md", "privacy.html", "privacy.txt"][usize::from(selector % 3)];
    let text = String::from_utf8_lossy(rest).into_owned();
    let mut settings = Settings::default();
    settings.today = Date::parse_iso("2026-11-22").expect("a valid date");
    if selector & 4 != 0 {
        settings.jurisdictions = vec!["gdpr".into(), "ccpa".into(), "coppa".into()];
    }
    let report = lint_text(path, text.clone(), &settings);
    if report.files.is_empty() {
        // Refused (NUL bytes: a binary file): an error, and nothing to render.
        assert_eq!(report.errors.len(), 1, "a refused input is one error");
        return;
    }
    // The engine drops a leading byte order mark; offsets are in the text without it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
    let lines = LineIndex::new(&text);
    let file = &report.files[0];
    for d in &report.diagnostics {
        let labels = std::iter::once(&d.primary).chain(&d.secondary);
        for l in labels {
            let r = &l.span;
            assert!(
                r.start <= r.end && r.end <= text.len(),
                "{} span {r:?} outside the text",
                d.rule.code
            );
            assert!(
                text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
                "{} span {r:?} not on character boundaries",
                d.rule.code
            );
            for offset in [r.start, r.end] {
                assert_eq!(
                    file.position(offset),
                    lines.position(&text, offset),
                    "{} position of {offset}",
                    d.rule.code
                );
                assert_eq!(
                    file.utf16_position(offset),
                    lines.utf16_position(&text, offset),
                    "{} UTF-16 position of {offset}",
                    d.rule.code
                );
            }
        }
    }
    let formats = [
        OutputFormat::Full,
        OutputFormat::Concise,
        OutputFormat::Json,
        OutputFormat::JsonLines,
        OutputFormat::Github,
        OutputFormat::Sarif,
    ];
    let outputs: Vec<String> = formats
        .iter()
        .map(|&format| {
            let mut out = Vec::new();
            render(&report, format, false, &mut out).expect("rendering to memory succeeds");
            String::from_utf8(out).expect("output is UTF-8")
        })
        .collect();
    // Deterministic: a second run renders the same.
    let again = lint_text(path, text.clone(), &settings);
    let mut out = Vec::new();
    render(&again, OutputFormat::Json, false, &mut out).expect("rendering to memory succeeds");
    assert_eq!(
        String::from_utf8(out).expect("UTF-8"),
        outputs[2],
        "second run differs"
    );
    // Text formats show no hidden character raw.
    for i in [0, 1, 4] {
        let (format, output) = (formats[i], &outputs[i]);
        if let Some(c) = output.chars().find(|&c| c != '\n' && is_hidden(c)) {
            panic!("{format:?} output holds {c:?} raw");
        }
    }
    serde_json::from_str::<serde_json::Value>(&outputs[2]).expect("json output parses");
    for line in outputs[3].lines() {
        serde_json::from_str::<serde_json::Value>(line).expect("json-lines output parses");
    }
    serde_json::from_str::<serde_json::Value>(&outputs[5]).expect("sarif output parses");
}

/// Every path a fuzzed `file:` URI names is moved under this folder, which does not exist:
/// the server reads configs and code from disk next to a document, and a document at `/x.md`
/// would have it walk the whole file system.
const NOWHERE: &str = "/policylint-fuzz-nowhere";

/// Runs the language server over a session built from `data` and checks its output.
///
/// The first byte picks the layout: `& 0x07 == 7` feeds the rest raw (unframed bytes, for
/// the framing reader); otherwise the rest is split at NUL bytes (which JSON text never
/// holds) and each part is framed as one message. Unless `& 0x18 == 0x18`, a valid
/// `initialize` request and `initialized` notification come first; `0x20` leaves out the
/// `{"documents": "all"}` initialization option (only policy-named `file:` documents are
/// linted then), `0x40` appends `shutdown` and `exit`, `0x80` frames with LF-only headers.
///
/// Returns how many diagnostics ranges were checked against a document's text.
pub fn check_lsp(data: &[u8]) -> usize {
    use policylint::lsp::framing::{read_frame, Frame};

    let Some((&selector, rest)) = data.split_first() else {
        return 0;
    };
    let raw = selector & 0x07 == 0x07;
    let prelude = selector & 0x18 != 0x18;
    let lint_all = selector & 0x20 == 0;
    let finish = selector & 0x40 != 0;
    let lf_only = selector & 0x80 != 0;

    let eol = if lf_only { "\n" } else { "\r\n" };
    let frame = |stream: &mut Vec<u8>, body: &[u8]| {
        stream.extend_from_slice(format!("Content-Length: {}{eol}{eol}", body.len()).as_bytes());
        stream.extend_from_slice(body);
    };
    let mut stream = Vec::new();
    if prelude {
        let options = if lint_all {
            r#","initializationOptions":{"documents":"all"}"#
        } else {
            ""
        };
        let initialize = format!(
            r#"{{"jsonrpc":"2.0","id":0,"method":"initialize","params":{{"processId":null,"rootUri":null,"capabilities":{{}}{options}}}}}"#
        );
        frame(&mut stream, initialize.as_bytes());
        frame(
            &mut stream,
            br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
        );
    }
    if raw {
        stream.extend_from_slice(rest);
    } else {
        for chunk in rest.split(|&b| b == 0) {
            frame(&mut stream, &confine_file_uris(chunk));
        }
    }
    if finish {
        frame(
            &mut stream,
            br#"{"jsonrpc":"2.0","id":"end","method":"shutdown"}"#,
        );
        frame(&mut stream, br#"{"jsonrpc":"2.0","method":"exit"}"#);
    }

    // The messages as the server reads them, with the same reader.
    let mut bodies = Vec::new();
    let mut reader = std::io::Cursor::new(&stream[..]);
    while let Some(frame) = read_frame(&mut reader).expect("reading memory succeeds") {
        if let Frame::Body(body) = frame {
            bodies.push(body);
        }
    }
    let values: Vec<Option<serde_json::Value>> = bodies
        .iter()
        .map(|b| serde_json::from_slice(b).ok())
        .collect();
    // Raw input is not rewritten: a session that names a real path is skipped.
    if values.iter().flatten().any(names_real_file) {
        return 0;
    }
    let model = SessionModel::of(values);

    let (dropped_tx, dropped_rx) = std::sync::mpsc::channel();
    let input = WatchedInput {
        inner: std::io::Cursor::new(stream),
        dropped: dropped_tx,
    };
    let mut output = Vec::new();
    let result = policylint::lsp::serve(input, &mut output);
    // Reading and writing memory cannot fail: `Err` is a bug (say, a URI the server cannot
    // turn back into a URI ends the session).
    if let Err(e) = &result {
        panic!("serve failed: {e}");
    }
    // The reading thread ends once the server has returned: it drops the input, then exits
    // (until it has, its thread-locals would look leaked to LeakSanitizer).
    let reader = dropped_rx
        .recv_timeout(std::time::Duration::from_secs(20))
        .expect("the reading thread outlived serve by 20 s");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while reader.as_ref().is_some_and(|task| task.exists()) {
        assert!(
            std::time::Instant::now() < deadline,
            "the reading thread is still running 20 s after serve returned"
        );
        std::thread::yield_now();
    }

    let messages = parse_output(&output);
    if prelude {
        let first = messages
            .first()
            .expect("the initialize request is answered");
        assert_eq!(
            first["id"], 0,
            "the first message answers initialize: {first}"
        );
        assert!(
            first["result"]["capabilities"].is_object(),
            "initialize result: {first}"
        );
    }
    messages
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .map(|m| model.check_publish(&m["params"]))
        .sum()
}

/// The input of [`check_lsp`], telling when the server's reading thread drops it and which
/// thread that is (its `/proc/self/task/<tid>` entry, on Linux).
struct WatchedInput {
    inner: std::io::Cursor<Vec<u8>>,
    dropped: std::sync::mpsc::Sender<Option<std::path::PathBuf>>,
}

impl std::io::Read for WatchedInput {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.inner.read(buf)
    }
}

impl std::io::BufRead for WatchedInput {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, amount: usize) {
        self.inner.consume(amount)
    }
}

impl Drop for WatchedInput {
    fn drop(&mut self) {
        // `/proc/thread-self` links to `<pid>/task/<tid>`.
        let task = std::fs::read_link("/proc/thread-self")
            .ok()
            .map(|link| std::path::Path::new("/proc").join(link));
        let _ = self.dropped.send(task);
    }
}

/// A message body with every `file:` URI moved under [`NOWHERE`] (re-serialized only when
/// one was moved; anything that is not JSON is kept as it is).
fn confine_file_uris(body: &[u8]) -> Vec<u8> {
    fn confine(value: &mut serde_json::Value) -> bool {
        match value {
            serde_json::Value::String(s) => {
                if policylint::lsp::file_path(s).is_none() {
                    return false;
                }
                // `file://` + authority + `/path`: the path gets the prefix.
                let at = 7 + s[7..].find('/').expect("a file URI has a path");
                s.insert_str(at, NOWHERE);
                true
            }
            serde_json::Value::Array(items) => {
                items.iter_mut().fold(false, |moved, v| confine(v) | moved)
            }
            serde_json::Value::Object(map) => {
                map.values_mut().fold(false, |moved, v| confine(v) | moved)
            }
            _ => false,
        }
    }
    let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return body.to_vec();
    };
    if !confine(&mut value) {
        return body.to_vec();
    }
    serde_json::to_vec(&value).expect("a JSON value serializes")
}

/// A string anywhere in `value` is a `file:` URI outside [`NOWHERE`].
fn names_real_file(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::String(s) => {
            policylint::lsp::file_path(s).is_some_and(|p| !p.starts_with(NOWHERE))
        }
        serde_json::Value::Array(items) => items.iter().any(names_real_file),
        serde_json::Value::Object(map) => map.values().any(names_real_file),
        _ => false,
    }
}

/// Splits the server's output into frames, each exactly `Content-Length: N\r\n\r\n` and
/// `N` bytes of a JSON-RPC 2.0 message object.
fn parse_output(output: &[u8]) -> Vec<serde_json::Value> {
    const HEADER: &[u8] = b"Content-Length: ";
    let mut messages = Vec::new();
    let mut rest = output;
    while !rest.is_empty() {
        let preview = String::from_utf8_lossy(&rest[..rest.len().min(60)]).into_owned();
        let after = rest
            .strip_prefix(HEADER)
            .unwrap_or_else(|| panic!("output frame without its header: {preview:?}"));
        let digits = after.iter().take_while(|b| b.is_ascii_digit()).count();
        let length: usize = std::str::from_utf8(&after[..digits])
            .expect("digits")
            .parse()
            .unwrap_or_else(|_| panic!("bad Content-Length in {preview:?}"));
        let body_start = after[digits..]
            .strip_prefix(b"\r\n\r\n")
            .unwrap_or_else(|| panic!("header not ended by CRLF CRLF: {preview:?}"));
        assert!(
            body_start.len() >= length,
            "a frame of {length} bytes with {} left",
            body_start.len()
        );
        let (body, next) = body_start.split_at(length);
        let message: serde_json::Value = serde_json::from_slice(body).unwrap_or_else(|e| {
            panic!(
                "output body is not JSON ({e}): {}",
                String::from_utf8_lossy(body)
            )
        });
        assert!(
            message.is_object(),
            "output message is not an object: {message}"
        );
        assert_eq!(message["jsonrpc"], "2.0", "output message: {message}");
        let is_response = message.get("id").is_some();
        let has_result = message.get("result").is_some();
        let has_error = message.get("error").is_some();
        assert!(
            if is_response {
                has_result != has_error && message.get("method").is_none()
            } else {
                message["method"].is_string() && !has_result && !has_error
            },
            "neither a response nor a notification: {message}"
        );
        messages.push(message);
        rest = next;
    }
    messages
}

/// The open documents as the server keeps them, replayed from the messages it reads (full
/// sync: a change's text, with or without a range, is the whole new text).
#[derive(Default)]
struct SessionModel {
    /// Every text a document had, by URI and version (a fuzzed client may reuse versions).
    texts: std::collections::HashMap<(String, i64), Vec<String>>,
}

impl SessionModel {
    fn of(messages: Vec<Option<serde_json::Value>>) -> SessionModel {
        use lsp_types::{
            DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
        };
        use serde_json::Value;

        let mut model = SessionModel::default();
        let mut open: std::collections::HashMap<String, (String, i64)> = Default::default();
        let (mut initialized, mut shutting_down) = (false, false);
        for value in messages {
            let Some(Value::Object(mut object)) = value else {
                continue;
            };
            let id = object.remove("id");
            let params = object.remove("params").unwrap_or(Value::Null);
            let Some(Value::String(method)) = object.remove("method") else {
                continue;
            };
            match id {
                Some(id) if id.is_number() || id.is_string() => {
                    if !initialized {
                        initialized = method == "initialize";
                    } else if method == "shutdown" {
                        shutting_down = true;
                    }
                    continue;
                }
                Some(_) => continue,
                None => {}
            }
            if method == "exit" {
                break;
            }
            if !initialized || shutting_down {
                continue;
            }
            let changed = match method.as_str() {
                "textDocument/didOpen" => {
                    serde_json::from_value(params)
                        .ok()
                        .map(|p: DidOpenTextDocumentParams| {
                            let d = p.text_document;
                            let uri = d.uri.as_str().to_string();
                            open.insert(uri.clone(), (d.text, d.version.into()));
                            uri
                        })
                }
                "textDocument/didChange" => serde_json::from_value(params).ok().and_then(
                    |p: DidChangeTextDocumentParams| {
                        let uri = p.text_document.uri.as_str().to_string();
                        let doc = open.get_mut(&uri)?;
                        if let Some(change) = p.content_changes.into_iter().last() {
                            doc.0 = change.text;
                        }
                        doc.1 = p.text_document.version.into();
                        Some(uri)
                    },
                ),
                "textDocument/didClose" => {
                    if let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(params) {
                        open.remove(p.text_document.uri.as_str());
                    }
                    None
                }
                _ => None,
            };
            if let Some(uri) = changed {
                let (text, version) = open[&uri].clone();
                model.texts.entry((uri, version)).or_default().push(text);
            }
        }
        model
    }

    /// Every range of a `publishDiagnostics` lies in a text the document had at that
    /// version; returns how many ranges were checked.
    fn check_publish(&self, params: &serde_json::Value) -> usize {
        let diagnostics = params["diagnostics"].as_array().expect("diagnostics array");
        if diagnostics.is_empty() {
            return 0;
        }
        let uri = params["uri"].as_str().expect("uri");
        let version = params["version"]
            .as_i64()
            .unwrap_or_else(|| panic!("diagnostics without a version: {params}"));
        let texts = self
            .texts
            .get(&(uri.to_string(), version))
            .unwrap_or_else(|| panic!("diagnostics for {uri} version {version}, never sent"));
        let mut ranges = Vec::new();
        for d in diagnostics {
            ranges.push(&d["range"]);
            for related in d["relatedInformation"].as_array().into_iter().flatten() {
                if related["location"]["uri"] == uri {
                    ranges.push(&related["location"]["range"]);
                }
            }
        }
        let problems: Vec<String> = texts
            .iter()
            .filter_map(|text| {
                let lines = lsp_lines(text);
                ranges
                    .iter()
                    .find_map(|r| range_problem(&lines, r))
                    .map(|p| format!("{p} in {text:?}"))
            })
            .collect();
        assert!(
            problems.len() < texts.len(),
            "diagnostics for {uri} version {version} outside its text: {problems:#?}"
        );
        ranges.len()
    }
}

/// The lines of a text as LSP counts them (LF, CRLF and a lone CR end a line), without
/// their endings.
fn lsp_lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let bytes = text.as_bytes();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        if bytes[i] == b'\n' || bytes[i] == b'\r' {
            lines.push(&text[start..i]);
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    lines.push(&text[start..]);
    lines
}

/// Why an LSP range does not fit `lines` (start after end, a line past the last, a
/// character past its line's end or inside a surrogate pair), or `None` when it fits.
fn range_problem(lines: &[&str], range: &serde_json::Value) -> Option<String> {
    let pos = |p: &serde_json::Value| -> (u64, u64) {
        (
            p["line"].as_u64().expect("line"),
            p["character"].as_u64().expect("character"),
        )
    };
    let (start, end) = (pos(&range["start"]), pos(&range["end"]));
    if start > end {
        return Some(format!("range {range} starts after its end"));
    }
    for (line, character) in [start, end] {
        let Some(text) = lines.get(line as usize) else {
            return Some(format!("line {line} of {range} past the last line"));
        };
        let mut units = 0;
        let fits = std::iter::once(0)
            .chain(text.chars().map(|c| {
                units += c.len_utf16() as u64;
                units
            }))
            .any(|u| u == character);
        if !fits {
            return Some(format!(
                "character {character} of {range} not a character boundary of line {line} ({text:?})"
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_end_at_lf_crlf_and_cr() {
        assert_eq!(lsp_lines("a\rb\r\nc\n\r"), ["a", "b", "c", "", ""]);
        assert_eq!(lsp_lines(""), [""]);
    }

    #[test]
    fn ranges_must_fit_lines_and_characters() {
        let lines = lsp_lines("ab\n\u{1f600}");
        let range = |l0, c0, l1, c1| {
            serde_json::json!({
                "start": { "line": l0, "character": c0 },
                "end": { "line": l1, "character": c1 },
            })
        };
        assert_eq!(range_problem(&lines, &range(0, 0, 1, 2)), None);
        assert!(range_problem(&lines, &range(0, 2, 0, 1)).is_some());
        assert!(range_problem(&lines, &range(0, 0, 0, 3)).is_some());
        assert!(
            range_problem(&lines, &range(1, 1, 1, 2)).is_some(),
            "inside a pair"
        );
        assert!(range_problem(&lines, &range(2, 0, 2, 0)).is_some());
    }

    #[test]
    fn a_session_gets_its_diagnostics_checked() {
        let open = serde_json::json!({
            "jsonrpc": "2.0",
            "method": "textDocument/didOpen",
            "params": { "textDocument": {
                "uri": "untitled:a", "languageId": "markdown", "version": 1,
                "text": "# Privacy Policy\r\n\r\n[Your Company Name] keeps logs.\r\n",
            } },
        });
        let data = [&[0x40][..], &serde_json::to_vec(&open).unwrap()].concat();
        assert!(check_lsp(&data) > 0);
    }

    #[test]
    fn file_uris_are_confined() {
        let body = br#"{"a":["file:///etc/privacy.md","file://host/x"],"b":"untitled:x"}"#;
        let value: serde_json::Value = serde_json::from_slice(&confine_file_uris(body)).unwrap();
        assert_eq!(
            value["a"],
            serde_json::json!([
                "file:///policylint-fuzz-nowhere/etc/privacy.md",
                "file://host/policylint-fuzz-nowhere/x"
            ])
        );
        assert!(!names_real_file(&value));
        assert!(names_real_file(
            &serde_json::json!({"x": "FILE:///privacy.md"})
        ));
    }
}
