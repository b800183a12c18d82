//! Finding policy documents in folders.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::engine::{check_regular, io_message, FileError};
use crate::settings::Settings;

/// Extensions of documents policylint reads.
pub const EXTENSIONS: &[&str] = &["md", "mdx", "markdown", "txt", "html", "htm"];

/// Words in a file or folder name that mark a policy document.
pub const POLICY_WORDS: &[&str] = &[
    "privacy",
    "terms",
    "tos",
    "cookie",
    "legal",
    "policy",
    "policies",
    "eula",
    "gdpr",
    "ccpa",
    "dpa",
    "subprocessor",
    "sub-processor",
    "conditions",
    "data-protection",
    "dataprotection",
    "imprint",
    "disclaimer",
    "acceptable-use",
    "aup",
];

/// Folders never walked into.
const SKIP_DIRS: &[&str] = &[
    "node_modules",
    "target",
    "vendor",
    "vendors",
    "third_party",
    "third-party",
    ".git",
    "dist",
    "build",
    "bower_components",
    ".venv",
    "venv",
    "__pycache__",
];

/// Whether a path names a policy document we lint when walking a folder.
pub fn is_policy_document(path: &Path, root: &Path) -> bool {
    let Some(ext) = path.extension().and_then(|e| e.to_str()) else {
        return false;
    };
    if !EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()) {
        return false;
    }
    let stem_of = |part: &std::ffi::OsStr| {
        let lower = part.to_string_lossy().to_ascii_lowercase();
        lower
            .rsplit_once('.')
            .map_or(lower.as_str(), |(s, _)| s)
            .to_string()
    };
    if path
        .file_name()
        .is_some_and(|n| NEVER_POLICY.contains(&stem_of(n).as_str()))
    {
        return false;
    }
    let rel = path.strip_prefix(root).unwrap_or(path);
    // The folder named on the command line counts too: `policylint check legal` lints
    // `legal/index.md`. (`.` has no name; an absolute root's ancestors do not count.)
    rel.iter().chain(root.file_name()).any(|part| {
        POLICY_WORDS
            .iter()
            .any(|w| name_has_word(&stem_of(part), w))
    })
}

/// File stems that are never policy documents, even in a `legal/` folder.
const NEVER_POLICY: &[&str] = &[
    "readme",
    "changelog",
    "contributing",
    "code_of_conduct",
    "code-of-conduct",
];

/// `w` appears in `name` as a word (split on `-`, `_`, `.`, space, or case boundaries
/// already lowercased) or as a prefix/suffix ("privacypolicy", "tos").
fn name_has_word(name: &str, w: &str) -> bool {
    if w.len() <= 4 {
        name.split(|c: char| !c.is_ascii_alphanumeric())
            .any(|part| part == w || part.starts_with(w) && w != "tos" && w != "aup" && w != "dpa")
    } else {
        name.contains(w)
    }
}

/// Expands command-line paths: files are taken as they are; folders are walked for policy
/// documents (respecting .gitignore, skipping vendored and build folders). Returns the files
/// and the paths that could not be used, each with the reason: a path that does not exist,
/// a symbolic link loop, a sub-folder that cannot be read. A named FIFO, socket or device is
/// returned as a file, for the engine to refuse with what it is.
pub fn collect(paths: &[PathBuf], settings: &Settings) -> (Vec<PathBuf>, Vec<FileError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Err(e) => {
                errors.push(FileError {
                    path: path.display().to_string(),
                    message: io_message(&e),
                });
                continue;
            }
            Ok(meta) if !meta.is_dir() => {
                files.push(path.clone());
                continue;
            }
            Ok(_) => {}
        }
        // The walker reads ignore files in the folder and all its ancestors: the folder is
        // named as the user wrote it, its ancestors by their real paths.
        let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        let special = special_ignore_file(path)
            .or_else(|| real.ancestors().skip(1).find_map(special_ignore_file));
        if let Some(e) = special {
            errors.push(e);
            continue;
        }
        let skipped = Arc::new(Mutex::new(Vec::new()));
        let skipped_in_filter = Arc::clone(&skipped);
        let walker = ignore::WalkBuilder::new(path)
            .hidden(false)
            .git_global(false)
            .require_git(false)
            .filter_entry(move |e| {
                if !e.file_type().is_some_and(|t| t.is_dir()) {
                    return true;
                }
                let name = e.file_name().to_string_lossy();
                if SKIP_DIRS.contains(&name.as_ref()) {
                    return false;
                }
                match special_ignore_file(e.path()) {
                    Some(error) => {
                        if let Ok(mut list) = skipped_in_filter.lock() {
                            list.push(error);
                        }
                        false
                    }
                    None => true,
                }
            })
            .build();
        let mut found = Vec::new();
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                    let p = e.into_path();
                    if is_policy_document(&p, path) && settings.path_selected(&p) {
                        found.push(p);
                    }
                }
                Ok(_) => {}
                // A folder that cannot be read may hold policies: not linting them silently
                // would pass a run that did not look at them.
                Err(e) => errors.push(walk_error(path, e)),
            }
        }
        found.sort();
        files.extend(found);
        errors.extend(
            skipped
                .lock()
                .map(|mut list| std::mem::take(&mut *list))
                .unwrap_or_default(),
        );
    }
    (files, errors)
}

/// Files the walker opens in each folder to learn what is ignored (`.git` may be a file
/// that points at the repository).
const IGNORE_FILES: &[&str] = &[".gitignore", ".ignore", ".git", ".git/info/exclude"];

/// An ignore file in `dir` that is not a regular file: opening a FIFO would block the walk
/// for good, so the folder is not searched and this error says why.
fn special_ignore_file(dir: &Path) -> Option<FileError> {
    IGNORE_FILES.iter().find_map(|name| {
        let file = dir.join(name);
        let meta = std::fs::metadata(&file).ok()?;
        // A folder is not opened as a file (and `.git` is usually one).
        if meta.is_dir() {
            return None;
        }
        let reason = check_regular(&meta).err()?;
        Some(FileError {
            path: file.display().to_string(),
            message: format!("{reason}; {} was not searched", dir.display()),
        })
    })
}

/// A walk error as the path it happened at and a short message.
fn walk_error(root: &Path, error: ignore::Error) -> FileError {
    let mut path = root.to_path_buf();
    let mut error = error;
    loop {
        match error {
            ignore::Error::WithPath { path: p, err } => {
                path = p;
                error = *err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                error = *err;
            }
            ignore::Error::Loop { child, .. } => {
                return FileError {
                    path: child.display().to_string(),
                    message: "symbolic link loop".into(),
                }
            }
            ignore::Error::Io(e) => {
                return FileError {
                    path: path.display().to_string(),
                    message: format!("cannot read: {}", io_message(&e)),
                }
            }
            other => {
                return FileError {
                    path: path.display().to_string(),
                    message: other.to_string(),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_policy_file_names() {
        let root = Path::new("site");
        for yes in [
            "site/privacy-policy.md",
            "site/TERMS.html",
            "site/legal/index.md",
            "site/cookies.txt",
            "site/tos.md",
            "site/PrivacyPolicy.mdx",
        ] {
            assert!(is_policy_document(Path::new(yes), root), "{yes}");
        }
        assert!(is_policy_document(
            Path::new("site/legal/index.md"),
            Path::new("site/legal")
        ));
        assert!(is_policy_document(
            Path::new("legal/index.md"),
            Path::new("legal/")
        ));
        assert!(!is_policy_document(Path::new("./index.md"), Path::new(".")));
        assert!(!is_policy_document(Path::new("site/legal/README.md"), root));
        for no in [
            "site/README.md",
            "site/privacy.json",
            "site/notes.txt",
            "site/stories.md",
        ] {
            assert!(!is_policy_document(Path::new(no), root), "{no}");
        }
    }
}
