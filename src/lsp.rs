//! The language server behind `policylint server`: diagnostics for open policy documents.
//!
//! Speaks LSP over stdio (`lsp-server`, `lsp-types`) with full document sync. On `didOpen`,
//! `didChange` and `didSave` the document is linted in memory with the settings of the
//! nearest `policylint.toml` / `.policylint.toml` (defaults when there is none) and the
//! findings are pushed with `textDocument/publishDiagnostics`; `didClose` clears them.
//! Positions are UTF-16 code units, as LSP counts by default.
//!
//! Which documents: Markdown, HTML and plain-text documents (by language id or, failing
//! that, file extension) whose path looks like a policy (`privacy.md`, `legal/terms.html`,
//! the same test as a folder walk), within the config's `include`/`exclude`. The
//! initialization option `{"documents": "all"}` lints every Markdown, HTML and text
//! document instead, untitled buffers included.
//!
//! Messages that arrive together are handled as a batch and each changed document is linted
//! once, so fast typing does not queue stale lints.

use std::collections::{BTreeSet, HashMap};
use std::error::Error;
use std::path::{Path, PathBuf};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
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
use serde_json::{json, Value};

use crate::config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Format;
use crate::engine::{self, label_file, Report};
use crate::settings::Settings;
use crate::walk;

pub type BoxError = Box<dyn Error + Send + Sync>;

/// Runs the server on stdin/stdout until `exit`. `Ok(true)`: shut down as the protocol asks
/// (`shutdown` then `exit`, exit code 0); `Ok(false)`: the client went away or sent `exit`
/// without `shutdown` (exit code 1).
pub fn run_stdio() -> Result<bool, BoxError> {
    let (connection, io_threads) = Connection::stdio();
    let clean = serve(&connection)?;
    drop(connection);
    io_threads.join()?;
    Ok(clean)
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

/// Handshake, then the message loop, on any connection (stdio, or in memory for tests).
pub fn serve(connection: &Connection) -> Result<bool, BoxError> {
    let (id, params) = connection.initialize_start()?;
    let mut server = Server::new(&params);
    connection.initialize_finish(
        id,
        json!({
            "capabilities": capabilities(),
            "serverInfo": { "name": "policylint", "version": env!("CARGO_PKG_VERSION") },
        }),
    )?;

    let mut shutdown_requested = false;
    while let Ok(first) = connection.receiver.recv() {
        // Take everything already queued, so a burst of edits is linted once.
        let mut batch = vec![first];
        while let Ok(more) = connection.receiver.try_recv() {
            batch.push(more);
        }
        let mut dirty = BTreeSet::new();
        for message in batch {
            match message {
                Message::Request(req) => {
                    // Lint what changed before answering, so replies follow diagnostics.
                    server.flush(connection, &mut dirty)?;
                    if shutdown_requested {
                        reply_error(
                            connection,
                            req,
                            ErrorCode::InvalidRequest,
                            "the server is shutting down",
                        )?;
                    } else if req.method == "shutdown" {
                        shutdown_requested = true;
                        connection
                            .sender
                            .send(Response::new_ok(req.id, Value::Null).into())?;
                    } else {
                        let message = format!("policylint does not handle `{}`", req.method);
                        reply_error(connection, req, ErrorCode::MethodNotFound, &message)?;
                    }
                }
                Message::Notification(n) if n.method == "exit" => return Ok(shutdown_requested),
                Message::Notification(_) if shutdown_requested => {}
                Message::Notification(n) => {
                    let method = n.method.clone();
                    if let Err(e) = server.notification(connection, n, &mut dirty) {
                        let message = format!("policylint: cannot handle `{method}`: {e}");
                        log_message(connection, MessageType::ERROR, &message)?;
                    }
                }
                Message::Response(_) => {}
            }
        }
        server.flush(connection, &mut dirty)?;
    }
    Ok(false)
}

fn reply_error(
    connection: &Connection,
    req: Request,
    code: ErrorCode,
    message: &str,
) -> Result<(), BoxError> {
    let response = Response::new_err(req.id, code as i32, message.to_string());
    connection.sender.send(response.into())?;
    Ok(())
}

struct OpenDocument {
    text: String,
    language_id: String,
    version: i32,
}

struct Server {
    documents: HashMap<String, OpenDocument>,
    /// Workspace folders (from `workspaceFolders` or `rootUri`), longest first.
    roots: Vec<PathBuf>,
    lint_all: bool,
    /// Config errors already shown, so each is shown once.
    shown_errors: BTreeSet<String>,
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
        }
    }

    fn notification(
        &mut self,
        connection: &Connection,
        n: Notification,
        dirty: &mut BTreeSet<String>,
    ) -> Result<(), BoxError> {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let p: lsp_types::DidOpenTextDocumentParams = serde_json::from_value(n.params)?;
                let uri = p.text_document.uri.as_str().to_string();
                self.documents.insert(
                    uri.clone(),
                    OpenDocument {
                        text: p.text_document.text,
                        language_id: p.text_document.language_id,
                        version: p.text_document.version,
                    },
                );
                dirty.insert(uri);
            }
            DidChangeTextDocument::METHOD => {
                let p: lsp_types::DidChangeTextDocumentParams = serde_json::from_value(n.params)?;
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
                let p: lsp_types::DidSaveTextDocumentParams = serde_json::from_value(n.params)?;
                let uri = p.text_document.uri.as_str().to_string();
                if self.documents.contains_key(&uri) {
                    dirty.insert(uri);
                }
            }
            DidCloseTextDocument::METHOD => {
                let p: lsp_types::DidCloseTextDocumentParams = serde_json::from_value(n.params)?;
                let uri = p.text_document.uri.as_str().to_string();
                dirty.remove(&uri);
                if self.documents.remove(&uri).is_some() {
                    publish(connection, p.text_document.uri, Vec::new(), None)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Lints and publishes every document changed since the last flush.
    fn flush(
        &mut self,
        connection: &Connection,
        dirty: &mut BTreeSet<String>,
    ) -> Result<(), BoxError> {
        for uri in std::mem::take(dirty) {
            let Some(doc) = self.documents.get(&uri) else {
                continue;
            };
            let (diagnostics, error) = self.lint(&uri, doc);
            if let Some(message) = error {
                if self.shown_errors.insert(message.clone()) {
                    show_message(connection, MessageType::ERROR, &message)?;
                }
            }
            let parsed: Uri = uri.parse()?;
            publish(connection, parsed, diagnostics, Some(doc.version))?;
        }
        Ok(())
    }

    /// The document's diagnostics, and a config error to show if its config is invalid.
    fn lint(&self, uri: &str, doc: &OpenDocument) -> (Vec<lsp_types::Diagnostic>, Option<String>) {
        let path = file_path(uri);
        let Some(format) = document_format(&doc.language_id, path.as_deref()) else {
            return (Vec::new(), None);
        };
        let (settings, error) = settings_for(path.as_deref(), self.roots.first());
        let wanted = match &path {
            Some(p) => self.lint_all || (self.is_policy_document(p) && settings.path_selected(p)),
            None => self.lint_all,
        };
        if !wanted {
            return (Vec::new(), error);
        }
        let name = lint_name(path.as_deref(), uri, format);
        let report = engine::lint_text(&name, doc.text.clone(), &settings);
        let parsed: Option<Uri> = uri.parse().ok();
        let diagnostics = report
            .diagnostics
            .iter()
            .map(|d| to_lsp(&report, d, parsed.as_ref()))
            .collect();
        (diagnostics, error)
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

fn publish(
    connection: &Connection,
    uri: Uri,
    diagnostics: Vec<lsp_types::Diagnostic>,
    version: Option<i32>,
) -> Result<(), BoxError> {
    let params = PublishDiagnosticsParams {
        uri,
        diagnostics,
        version,
    };
    let n = Notification::new(PublishDiagnostics::METHOD.to_string(), params);
    connection.sender.send(n.into())?;
    Ok(())
}

fn show_message(connection: &Connection, typ: MessageType, message: &str) -> Result<(), BoxError> {
    let show = Notification::new(
        ShowMessage::METHOD.to_string(),
        ShowMessageParams {
            typ,
            message: message.to_string(),
        },
    );
    connection.sender.send(show.into())?;
    log_message(connection, typ, message)
}

fn log_message(connection: &Connection, typ: MessageType, message: &str) -> Result<(), BoxError> {
    let log = Notification::new(
        LogMessage::METHOD.to_string(),
        LogMessageParams {
            typ,
            message: message.to_string(),
        },
    );
    connection.sender.send(log.into())?;
    Ok(())
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
