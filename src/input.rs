//! Reading the files a run is given: only regular files under a size limit, never blocking
//! on a FIFO or reading a device, decoded as UTF-8 (lossily when it must be). A leaf module:
//! configuration, code discovery and the engine all read through it.

use std::io::Read;
use std::path::{Path, PathBuf};

/// Files larger than this are refused (policies are kilobytes; this is a wrong path).
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// An input to lint: a path on disk, or text from stdin under a display name.
#[derive(Debug, Clone)]
pub enum Input {
    Path(PathBuf),
    Stdin { name: String, bytes: Vec<u8> },
}

impl Input {
    pub fn display(&self) -> String {
        match self {
            Input::Path(p) => {
                let s = p.display().to_string();
                s.strip_prefix("./").map(str::to_string).unwrap_or(s)
            }
            Input::Stdin { name, .. } => name.clone(),
        }
    }
}

/// Reads an input into text: refuses anything but regular files, huge and binary files;
/// decodes invalid UTF-8 lossily (the bool says so).
pub fn read_input(input: &Input) -> Result<(String, bool), String> {
    let bytes = match input {
        Input::Stdin { bytes, .. } => {
            // Callers read at most one byte over the limit, so the true size is unknown.
            if bytes.len() as u64 > MAX_FILE_BYTES {
                return Err(too_large("more than ", MAX_FILE_BYTES, MAX_FILE_BYTES));
            }
            bytes.clone()
        }
        Input::Path(path) => read_path(path)?,
    };
    decode(bytes)
}

/// Exact byte counts, so that a size just over the limit never reads as equal to it.
fn too_large(qualifier: &str, len: u64, limit: u64) -> String {
    format!("file is too large ({qualifier}{len} bytes; the limit is {limit} bytes)")
}

fn read_path(path: &Path) -> Result<Vec<u8>, String> {
    read_regular_file(path, MAX_FILE_BYTES)
}

/// Reads a file only when it is a regular file of at most `limit` bytes. FIFOs, sockets and
/// devices are refused before they are opened (opening a FIFO blocks; `/dev/zero` never
/// ends), and the read itself stops one byte past the limit in case the file grows.
pub fn read_regular_file(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| io_message(&e))?;
    check_regular(&meta)?;
    if meta.len() > limit {
        return Err(too_large("", meta.len(), limit));
    }
    let file = std::fs::File::open(path).map_err(|e| io_message(&e))?;
    // The path may have been replaced between `metadata` and `open`.
    check_regular(&file.metadata().map_err(|e| io_message(&e))?)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_message(&e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large("more than ", limit, limit));
    }
    Ok(bytes)
}

/// `Ok` for a regular file; otherwise says what the file is.
pub fn check_regular(meta: &std::fs::Metadata) -> Result<(), String> {
    let kind = meta.file_type();
    if kind.is_file() {
        return Ok(());
    }
    if kind.is_dir() {
        return Err("is a directory".into());
    }
    Err(format!("not a regular file ({})", special_file_kind(&kind)))
}

#[cfg(unix)]
fn special_file_kind(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a FIFO"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_file_kind(_kind: &std::fs::FileType) -> &'static str {
    "a special file"
}

/// An I/O error as a short lowercase message without the OS error number: "no such file
/// or directory", "too many levels of symbolic links", "file name too long".
pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let text = e.to_string();
            let text = match text.rfind(" (os error ") {
                Some(at) if text.ends_with(')') => text[..at].to_string(),
                _ => text,
            };
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => text,
            }
        }
    }
}

/// Decodes a file's bytes. A leading UTF-8 byte order mark is dropped: it is not text, and
/// left in place it would shift every column of the first line by one and hide a Markdown
/// heading on that line. Offsets in the report are offsets in the text without it.
pub(crate) fn decode(mut bytes: Vec<u8>) -> Result<(String, bool), String> {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return Err("binary file (contains NUL bytes); not a policy document".into());
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok((s, false)),
        Err(e) => Ok((String::from_utf8_lossy(e.as_bytes()).into_owned(), true)),
    }
}
