//! The language server behind `policylint server`: diagnostics for open policy documents.
//!
//! Speaks LSP (`lsp-types`) over stdio with full document sync; the JSON-RPC framing is
//! [`framing`], which reads with bounded memory. On `didOpen`, `didChange` and `didSave` the
//! document is linted in memory with the settings of the nearest `policylint.toml` /
//! `.policylint.toml` (defaults when there is none) and the findings are pushed with
//! `textDocument/publishDiagnostics`; `didClose` clears them. Positions are UTF-16 code
//! units, as LSP counts by default.
//!
//! Which documents: Markdown, HTML and plain-text documents (by language id or, failing
//! that, file extension) whose path looks like a policy (`privacy.md`, `legal/terms.html`,
//! the same test as a folder walk), within the config's `include`/`exclude`. The
//! initialization option `{"documents": "all"}` lints every Markdown, HTML and text
//! document instead, untitled buffers included.
//!
//! Hostile or broken clients: a message that cannot be framed or parsed, a batch, or
//! anything that is not a request or notification is answered with a JSON-RPC error (id
//! `null` when it has none) and the server keeps serving. A document refused for its size or
//! for NUL bytes gets no diagnostics and a `window/showMessage` saying why.
//!
//! A policy is also checked against its repository's code (`undeclared-processor` on the
//! dependency manifests, read from disk and cached per repository): such findings show at
//! their label in the policy and name the manifest line. Opening, editing or saving a
//! manifest drops the cache and re-lints the open documents.
//!
//! Messages that arrive together are handled as a batch and each changed document is linted
//! once, so fast typing does not queue stale lints.

pub mod framing;

use std::collections::{BTreeSet, HashMap};
use std::error::Error;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
    LogMessage, Notification as _, PublishDiagnostics, ShowMessage,
};
use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, LogMessageParams,
    MessageType, NumberOrString, Position, PublishDiagnosticsParams, Range, SaveOptions,
    ServerCapabilities, ShowMessageParams, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
};
use serde::Serialize;
use serde_json::{json, Value};

use crate::config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Format;
use crate::engine::{self, label_file, Report};
use crate::settings::Settings;
use crate::walk;

use framing::Frame;

pub type BoxError = Box<dyn Error + Send + Sync>;

/// JSON-RPC and LSP error codes.
mod error_code {
    pub const PARSE_ERROR: i64 = -32700;
    pub const INVALID_REQUEST: i64 = -32600;
    pub const METHOD_NOT_FOUND: i64 = -32601;
    pub const SERVER_NOT_INITIALIZED: i64 = -32002;
}

/// Messages read ahead of the one being handled. Each is at most
/// [`framing::MAX_MESSAGE_BYTES`], so this bounds the memory a fast client can fill.
const READ_AHEAD: usize = 4;

/// Runs the server on stdin/stdout until `exit`. `Ok(true)`: shut down as the protocol asks
/// (`shutdown` then `exit`, exit code 0); `Ok(false)`: the client went away or sent `exit`
/// without `shutdown` (exit code 1).
pub fn run_stdio() -> Result<bool, BoxError> {
    let input = std::io::BufReader::new(std::io::stdin());
    serve(input, std::io::stdout().lock())
}

/// The server's capabilities: full text sync with open/close and save notifications.
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        ..ServerCapabilities::default()
    }
}

/// A message from the client, classified.
#[derive(Debug)]
enum Incoming {
    Request {
        id: Value,
        method: String,
        params: Value,
    },
    Notification {
        method: String,
        params: Value,
    },
    Response,
    /// Not a message the server can handle: answered with this error.
    Invalid {
        id: Value,
        code: i64,
        message: String,
    },
    /// A message too large to read, most likely a document: the user is told.
    TooLarge(u64),
}

impl Incoming {
    fn from_frame(frame: Frame) -> Incoming {
        let body = match frame {
            Frame::Body(body) => body,
            Frame::Malformed(message) => {
                return Incoming::invalid(error_code::PARSE_ERROR, message)
            }
            Frame::TooLarge(length) => return Incoming::TooLarge(length),
        };
        match serde_json::from_slice::<Value>(&body) {
            Ok(value) => Incoming::from_value(value),
            Err(e) => Incoming::invalid(error_code::PARSE_ERROR, format!("invalid JSON: {e}")),
        }
    }

    fn from_value(value: Value) -> Incoming {
        let Value::Object(mut object) = value else {
            let message = if value.is_array() {
                "batch messages are not supported by the Language Server Protocol"
            } else {
                "a message must be a JSON object"
            };
            return Incoming::invalid(error_code::INVALID_REQUEST, message.into());
        };
        let id = object.remove("id");
        let params = object.remove("params").unwrap_or(Value::Null);
        let valid_id = |id: &Value| id.is_number() || id.is_string();
        match (object.remove("method"), id) {
            (Some(Value::String(method)), None) => Incoming::Notification { method, params },
            (Some(Value::String(method)), Some(id)) if valid_id(&id) => {
                Incoming::Request { id, method, params }
            }
            (None, Some(_)) if object.contains_key("result") || object.contains_key("error") => {
                Incoming::Response
            }
            (_, id) => Incoming::Invalid {
                id: id.filter(valid_id).unwrap_or(Value::Null),
                code: error_code::INVALID_REQUEST,
                message: "not a JSON-RPC request or notification (a string `method` and a \
                          number or string `id`)"
                    .into(),
            },
        }
    }

    fn invalid(code: i64, message: String) -> Incoming {
        Incoming::Invalid {
            id: Value::Null,
            code,
            message,
        }
    }
}

/// The writing side: each message framed and flushed at once.
struct Outbox<W: Write> {
    writer: W,
}

impl<W: Write> Outbox<W> {
    fn send(&mut self, message: &Value) -> Result<(), BoxError> {
        let body = serde_json::to_vec(message)?;
        framing::write_frame(&mut self.writer, &body)?;
        Ok(())
    }

    fn reply(&mut self, id: Value, result: impl Serialize) -> Result<(), BoxError> {
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "result": result }))
    }

    fn reply_error(&mut self, id: Value, code: i64, message: &str) -> Result<(), BoxError> {
        self.send(&json!({
            "jsonrpc": "2.0",
            "id": id,
            "error": { "code": code, "message": message },
        }))
    }

    fn notify(&mut self, method: &str, params: impl Serialize) -> Result<(), BoxError> {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }))
    }
}

/// Runs the server over any byte streams (stdio, or memory in tests and fuzzing) until
/// `exit` or the end of `input`; see [`run_stdio`] for the result. Messages are read on a
/// separate thread so that a burst of edits can be linted once; `Err` only when writing
/// fails or reading fails with an I/O error.
pub fn serve<R, W>(input: R, output: W) -> Result<bool, BoxError>
where
    R: BufRead + Send + 'static,
    W: Write,
{
    let (sender, receiver) = mpsc::sync_channel::<std::io::Result<Incoming>>(READ_AHEAD);
    std::thread::spawn(move || read_messages(input, &sender));
    let mut out = Outbox { writer: output };
    let mut server: Option<Server> = None;
    let mut shutdown_requested = false;
    while let Ok(first) = receiver.recv() {
        // Take everything already queued, so a burst of edits is linted once.
        let mut batch = vec![first];
        while let Ok(more) = receiver.try_recv() {
            batch.push(more);
        }
        let mut dirty = BTreeSet::new();
        for message in batch {
            match message? {
                Incoming::Invalid { id, code, message } => out.reply_error(id, code, &message)?,
                Incoming::TooLarge(length) => {
                    let limit = framing::MAX_MESSAGE_BYTES;
                    let message = format!(
                        "policylint: skipped a message of {length} bytes (the limit is {limit} \
                         bytes); a document that large is not linted"
                    );
                    out.reply_error(Value::Null, error_code::INVALID_REQUEST, &message)?;
                    show_message(&mut out, MessageType::WARNING, &message)?;
                }
                Incoming::Response => {}
                Incoming::Notification { method, .. } if method == "exit" => {
                    return Ok(shutdown_requested)
                }
                Incoming::Notification { method, params } => {
                    let Some(server) = server.as_mut().filter(|_| !shutdown_requested) else {
                        // Before `initialize` and after `shutdown`, notifications are dropped.
                        continue;
                    };
                    if let Err(e) = server.notification(&mut out, &method, params, &mut dirty) {
                        let message = format!("policylint: cannot handle `{method}`: {e}");
                        log_message(&mut out, MessageType::ERROR, &message)?;
                    }
                }
                Incoming::Request { id, method, params } => {
                    let Some(server) = server.as_mut() else {
                        if method == "initialize" {
                            server = Some(Server::new(&params));
                            let result = json!({
                                "capabilities": capabilities(),
                                "serverInfo": {
                                    "name": "policylint",
                                    "version": env!("CARGO_PKG_VERSION"),
                                },
                            });
                            out.reply(id, result)?;
                        } else {
                            let code = error_code::SERVER_NOT_INITIALIZED;
                            out.reply_error(id, code, "the server is not initialized yet")?;
                        }
                        continue;
                    };
                    // Lint what changed before answering, so replies follow diagnostics.
                    server.flush(&mut out, &mut dirty)?;
                    if shutdown_requested {
                        let code = error_code::INVALID_REQUEST;
                        out.reply_error(id, code, "the server is shutting down")?;
                    } else if method == "shutdown" {
                        shutdown_requested = true;
                        out.reply(id, Value::Null)?;
                    } else if method == "initialize" {
                        let code = error_code::INVALID_REQUEST;
                        out.reply_error(id, code, "the server is already initialized")?;
                    } else {
                        let message = format!("policylint does not handle `{method}`");
                        out.reply_error(id, error_code::METHOD_NOT_FOUND, &message)?;
                    }
                }
            }
        }
        if let Some(server) = server.as_mut() {
            server.flush(&mut out, &mut dirty)?;
        }
    }
    Ok(false)
}

/// Reads and classifies messages until the end of the input, `exit`, an I/O error, or the
/// server stopping (the channel closes).
fn read_messages<R: BufRead>(mut input: R, sender: &mpsc::SyncSender<std::io::Result<Incoming>>) {
    loop {
        let incoming = match framing::read_frame(&mut input) {
            Ok(Some(frame)) => Incoming::from_frame(frame),
            Ok(None) => return,
            Err(e) => {
                let _ = sender.send(Err(e));
                return;
            }
        };
        let exit = matches!(&incoming, Incoming::Notification { method, .. } if method == "exit");
        if sender.send(Ok(incoming)).is_err() || exit {
            return;
        }
    }
}

struct OpenDocument {
    text: String,
    language_id: String,
    version: i32,
    /// Why the document was last refused (too large, binary), so that it is said once.
    refused: Option<String>,
}

/// What linting one open document gave.
#[derive(Default)]
struct Linted {
    diagnostics: Vec<lsp_types::Diagnostic>,
    /// The document's config is invalid (the defaults were used).
    config_error: Option<String>,
    /// The document was not linted, and why.
    refused: Option<String>,
}

fn shift_first_line(range: &mut Range) {
    for position in [&mut range.start, &mut range.end] {
        if position.line == 0 {
            position.character += 1;
        }
    }
}

struct Server {
    documents: HashMap<String, OpenDocument>,
    /// Workspace folders (from `workspaceFolders` or `rootUri`), longest first.
    roots: Vec<PathBuf>,
    lint_all: bool,
    /// Config errors already shown, so each is shown once.
    shown_errors: BTreeSet<String>,
    /// Code scans by repository root, dropped when a manifest is opened, changed or saved.
    code_scans: std::cell::RefCell<HashMap<PathBuf, std::rc::Rc<crate::code::CodeScan>>>,
}

impl Server {
    fn new(params: &Value) -> Server {
        let mut roots: Vec<PathBuf> = params["workspaceFolders"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| f["uri"].as_str().and_then(file_path))
            .collect();
        if roots.is_empty() {
            roots.extend(params["rootUri"].as_str().and_then(file_path));
        }
        if roots.is_empty() {
            roots.extend(params["rootPath"].as_str().map(PathBuf::from));
        }
        roots.sort_by_key(|r| std::cmp::Reverse(r.as_os_str().len()));
        let lint_all = params["initializationOptions"]["documents"].as_str() == Some("all");
        Server {
            documents: HashMap::new(),
            roots,
            lint_all,
            shown_errors: BTreeSet::new(),
            code_scans: std::cell::RefCell::new(HashMap::new()),
        }
    }

    fn notification<W: Write>(
        &mut self,
        out: &mut Outbox<W>,
        method: &str,
        params: Value,
        dirty: &mut BTreeSet<String>,
    ) -> Result<(), BoxError> {
        // A manifest or env template was opened, edited or saved: the open policies are
        // checked against the code again (as it is on disk).
        let touched = params["textDocument"]["uri"]
            .as_str()
            .and_then(file_path)
            .and_then(|p| crate::code::discover::kind_of(&p))
            .is_some_and(|k| k != crate::code::discover::FileKind::Source);
        if touched {
            self.code_scans.borrow_mut().clear();
            dirty.extend(self.documents.keys().cloned());
        }
        match method {
            DidOpenTextDocument::METHOD => {
                let p: lsp_types::DidOpenTextDocumentParams = serde_json::from_value(params)?;
                let uri = p.text_document.uri.as_str().to_string();
                self.documents.insert(
                    uri.clone(),
                    OpenDocument {
                        text: p.text_document.text,
                        language_id: p.text_document.language_id,
                        version: p.text_document.version,
                        refused: None,
                    },
                );
                dirty.insert(uri);
            }
            DidChangeTextDocument::METHOD => {
                let p: lsp_types::DidChangeTextDocumentParams = serde_json::from_value(params)?;
                let uri = p.text_document.uri.as_str().to_string();
                if let Some(doc) = self.documents.get_mut(&uri) {
                    // Full sync: the last change holds the whole text.
                    if let Some(change) = p.content_changes.into_iter().last() {
                        doc.text = change.text;
                    }
                    doc.version = p.text_document.version;
                    dirty.insert(uri);
                }
            }
            DidSaveTextDocument::METHOD => {
                // The text is unchanged, but a config file may have been edited meanwhile.
                let p: lsp_types::DidSaveTextDocumentParams = serde_json::from_value(params)?;
                let uri = p.text_document.uri.as_str().to_string();
                if self.documents.contains_key(&uri) {
                    dirty.insert(uri);
                }
            }
            DidCloseTextDocument::METHOD => {
                let p: lsp_types::DidCloseTextDocumentParams = serde_json::from_value(params)?;
                let uri = p.text_document.uri.as_str().to_string();
                dirty.remove(&uri);
                if self.documents.remove(&uri).is_some() {
                    publish(out, p.text_document.uri, Vec::new(), None)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Lints and publishes every document changed since the last flush.
    fn flush<W: Write>(
        &mut self,
        out: &mut Outbox<W>,
        dirty: &mut BTreeSet<String>,
    ) -> Result<(), BoxError> {
        for uri in std::mem::take(dirty) {
            let Some(doc) = self.documents.get(&uri) else {
                continue;
            };
            let Linted {
                diagnostics,
                config_error,
                refused,
            } = self.lint(&uri, doc);
            let version = doc.version;
            if let Some(message) = config_error {
                if self.shown_errors.insert(message.clone()) {
                    show_message(out, MessageType::ERROR, &message)?;
                }
            }
            if let Some(doc) = self.documents.get_mut(&uri) {
                if refused != doc.refused {
                    if let Some(message) = &refused {
                        show_message(out, MessageType::WARNING, message)?;
                    }
                    doc.refused = refused;
                }
            }
            let parsed: Uri = uri.parse()?;
            publish(out, parsed, diagnostics, Some(version))?;
        }
        Ok(())
    }

    /// The document's diagnostics, a config error to show if its config is invalid, and why
    /// the document was not linted if it was refused.
    fn lint(&self, uri: &str, doc: &OpenDocument) -> Linted {
        let mut linted = Linted::default();
        let path = file_path(uri);
        let Some(format) = document_format(&doc.language_id, path.as_deref()) else {
            return linted;
        };
        let (settings, config_error) = settings_for(path.as_deref(), self.roots.first());
        linted.config_error = config_error;
        let wanted = match &path {
            Some(p) => self.lint_all || (self.is_policy_document(p) && settings.path_selected(p)),
            None => self.lint_all,
        };
        if !wanted {
            return linted;
        }
        let name = lint_name(path.as_deref(), uri, format);
        let code = path
            .as_deref()
            .filter(|p| p.parent().is_some_and(Path::is_dir))
            .map(|p| self.code_scan(p, &settings));
        let input = engine::Input::Stdin {
            name: name.clone(),
            bytes: doc.text.clone().into_bytes(),
        };
        // A bug in one rule must not end the editor's session: the document is reported as
        // not linted and the server goes on (the panic message is on stderr, the log).
        let linting = std::panic::AssertUnwindSafe(|| {
            engine::run_with_code(vec![input], code.as_deref(), &settings, &|| {})
        });
        let Ok(report) = std::panic::catch_unwind(linting) else {
            linted.refused = Some(format!(
                "policylint: internal error while linting {name}; please report it with the \
                 document"
            ));
            return linted;
        };
        if let Some(e) = report.errors.first() {
            linted.refused = Some(format!("policylint: not linting {}: {}", e.path, e.message));
            return linted;
        }
        let parsed: Option<Uri> = uri.parse().ok();
        linted.diagnostics = report
            .diagnostics
            .iter()
            .filter_map(|d| on_document(&report, d))
            .map(|d| to_lsp(&report, &d, parsed.as_ref()))
            .collect();
        // The engine drops a leading byte order mark; the editor's buffer still has it, one
        // UTF-16 unit before every position on the first line.
        if doc.text.starts_with('\u{feff}') {
            for d in &mut linted.diagnostics {
                shift_first_line(&mut d.range);
                for related in d.related_information.iter_mut().flatten() {
                    shift_first_line(&mut related.location.range);
                }
            }
        }
        linted
    }

    /// The code of the document's repository, scanned once until a manifest changes.
    fn code_scan(&self, path: &Path, settings: &Settings) -> std::rc::Rc<crate::code::CodeScan> {
        // A document outside any repository has no code beside it.
        let Some(root) = crate::code::discover::enclosing_repository(path) else {
            return std::rc::Rc::new(crate::code::CodeScan::default());
        };
        self.code_scans
            .borrow_mut()
            .entry(root.clone())
            .or_insert_with(|| {
                // Only this document is linted: a missing policy cannot be told.
                std::rc::Rc::new(crate::code::CodeScan::scan(&[root], settings))
            })
            .clone()
    }

    fn is_policy_document(&self, path: &Path) -> bool {
        let root = self
            .roots
            .iter()
            .find(|r| path.starts_with(r))
            .map(PathBuf::as_path)
            .or_else(|| path.parent())
            .unwrap_or(Path::new(""));
        walk::is_policy_document(path, root)
    }
}

/// The format to lint a document as: from its language id, else its file extension; `None`
/// for documents that are not Markdown, HTML or text.
fn document_format(language_id: &str, path: Option<&Path>) -> Option<Format> {
    match language_id {
        "markdown" | "mdx" => return Some(Format::Markdown),
        "html" => return Some(Format::Html),
        "plaintext" | "text" => return Some(Format::Text),
        _ => {}
    }
    let ext = path?.extension()?.to_str()?.to_ascii_lowercase();
    walk::EXTENSIONS
        .contains(&ext.as_str())
        .then(|| Format::from_path(&format!("x.{ext}")))
}

/// The name the engine sees: the file path, with an extension added when the path's own
/// does not give the format the editor reports (`LICENSE` opened as Markdown).
fn lint_name(path: Option<&Path>, uri: &str, format: Format) -> String {
    let base = path.map_or_else(|| uri.to_string(), |p| p.display().to_string());
    if Format::from_path(&base) == format {
        return base;
    }
    let ext = match format {
        Format::Markdown => "md",
        Format::Html => "html",
        Format::Text => "txt",
    };
    format!("{base}.{ext}")
}

/// Settings from the config file nearest the document (or the workspace root for untitled
/// documents), or the defaults; with the error message when that config is invalid.
fn settings_for(path: Option<&Path>, root: Option<&PathBuf>) -> (Settings, Option<String>) {
    let start = path.and_then(Path::parent).or(root.map(PathBuf::as_path));
    let Some(config_path) = start.and_then(config::discover) else {
        return (Settings::default(), None);
    };
    match config::load(&config_path, Settings::default()) {
        Ok(settings) => (settings, None),
        Err(e) => (
            Settings::default(),
            Some(format!(
                "policylint: invalid configuration, using defaults: {e}"
            )),
        ),
    }
}

/// One policylint diagnostic as an LSP diagnostic. Positions are UTF-16 code units.
pub fn to_lsp(report: &Report, d: &Diagnostic, uri: Option<&Uri>) -> lsp_types::Diagnostic {
    let range_of = |file: usize, span: &std::ops::Range<usize>| {
        let f = &report.files[file];
        let (sl, sc) = f.utf16_position(span.start);
        let (el, ec) = f.utf16_position(span.end.max(span.start));
        Range::new(Position::new(sl, sc), Position::new(el, ec))
    };
    let mut message = d.message.clone();
    if !d.primary.message.is_empty() {
        message.push_str(" (");
        message.push_str(&d.primary.message);
        message.push(')');
    }
    for note in &d.notes {
        message.push_str("\nnote: ");
        message.push_str(note);
    }
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<DiagnosticRelatedInformation> = match uri {
        Some(uri) => d
            .secondary
            .iter()
            // One document per lint: labels are in it (others cannot be addressed).
            .filter(|l| label_file(d, l) == d.file)
            .map(|l| DiagnosticRelatedInformation {
                location: Location::new(uri.clone(), range_of(d.file.0, &l.span)),
                message: l.message.clone(),
            })
            .collect(),
        None => Vec::new(),
    };
    lsp_types::Diagnostic {
        range: range_of(d.file.0, &d.primary.span),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.rule.code.to_string())),
        code_description: d
            .rule
            .url()
            .parse()
            .ok()
            .map(|href| CodeDescription { href }),
        source: Some("policylint".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: Some(json!({ "rule": d.rule.name })),
    }
}

/// A diagnostic as it shows in the linted document (file 0): findings whose primary label is
/// in a manifest show at their label in the document, naming the manifest line.
fn on_document(report: &Report, d: &Diagnostic) -> Option<Diagnostic> {
    let here = crate::diagnostic::FileId(0);
    if d.file == here {
        return Some(d.clone());
    }
    let anchor = d.secondary.iter().find(|l| l.file == Some(here))?;
    let f = report.files.get(d.file.0)?;
    let (line, _) = f.utf16_position(d.primary.span.start);
    let mut moved = d.clone();
    moved.file = here;
    moved.primary = crate::diagnostic::Label {
        file: None,
        span: anchor.span.clone(),
        message: format!(
            "{}; {}:{}: {}",
            anchor.message,
            f.path,
            line + 1,
            d.primary.message
        ),
    };
    moved
        .secondary
        .retain(|l| l.file == Some(here) && l.span != anchor.span);
    Some(moved)
}

fn publish<W: Write>(
    out: &mut Outbox<W>,
    uri: Uri,
    diagnostics: Vec<lsp_types::Diagnostic>,
    version: Option<i32>,
) -> Result<(), BoxError> {
    let params = PublishDiagnosticsParams {
        uri,
        diagnostics,
        version,
    };
    out.notify(PublishDiagnostics::METHOD, params)
}

fn show_message<W: Write>(
    out: &mut Outbox<W>,
    typ: MessageType,
    message: &str,
) -> Result<(), BoxError> {
    let show = ShowMessageParams {
        typ,
        message: message.to_string(),
    };
    out.notify(ShowMessage::METHOD, show)?;
    log_message(out, typ, message)
}

fn log_message<W: Write>(
    out: &mut Outbox<W>,
    typ: MessageType,
    message: &str,
) -> Result<(), BoxError> {
    let log = LogMessageParams {
        typ,
        message: message.to_string(),
    };
    out.notify(LogMessage::METHOD, log)
}

/// The local path of a `file:` URI (percent-decoded; `file:///C:/x` → `C:/x` on Windows).
pub fn file_path(uri: &str) -> Option<PathBuf> {
    let rest = uri
        .strip_prefix("file://")
        .or_else(|| uri.strip_prefix("FILE://"))?;
    // Skip the authority (`localhost` or empty).
    let path = &rest[rest.find('/')?..];
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let decoded = percent_decode(path)?;
    if cfg!(windows) {
        let b = decoded.as_bytes();
        if b.len() >= 3 && b[0] == b'/' && b[1].is_ascii_alphabetic() && b[2] == b':' {
            return Some(PathBuf::from(&decoded[1..]));
        }
    }
    Some(PathBuf::from(decoded))
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_become_paths() {
        assert_eq!(
            file_path("file:///home/a/legal%20docs/privacy%2C%20policy.md"),
            Some(PathBuf::from("/home/a/legal docs/privacy, policy.md"))
        );
        assert_eq!(
            file_path("file://localhost/srv/terms.md"),
            Some(PathBuf::from("/srv/terms.md"))
        );
        assert_eq!(file_path("untitled:Untitled-1"), None);
        assert_eq!(file_path("file:///bad%zz"), None);
    }

    #[test]
    fn formats_come_from_language_or_extension() {
        assert_eq!(
            document_format("markdown", Some(Path::new("/x/LICENSE"))),
            Some(Format::Markdown)
        );
        assert_eq!(
            document_format("", Some(Path::new("/x/privacy.HTM"))),
            Some(Format::Html)
        );
        assert_eq!(document_format("rust", Some(Path::new("/x/main.rs"))), None);
        assert_eq!(
            lint_name(
                Some(Path::new("/x/PRIVACY")),
                "file:///x/PRIVACY",
                Format::Markdown
            ),
            "/x/PRIVACY.md"
        );
        assert_eq!(
            lint_name(Some(Path::new("/x/privacy.md")), "", Format::Markdown),
            "/x/privacy.md"
        );
    }
}
