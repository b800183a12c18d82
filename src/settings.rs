//! Resolved settings for a run: what rules see (`today`, jurisdictions, declared processors)
//! and what the engine applies (rule selection, severities, per-file ignores).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use globset::GlobSet;

use crate::date::Date;
use crate::diagnostic::Severity;

#[derive(Clone, Debug)]
pub struct Settings {
    /// "Today" for date rules (`--today`, default the system date).
    pub today: Date,
    /// Active jurisdiction profiles (`gdpr`, `ccpa`, `caloppa`, `coppa`, ...).
    pub jurisdictions: Vec<String>,
    /// Processors declared outside the policy (config `processors`, `processors-file`).
    pub processors: Vec<String>,
    /// Codes of the rules to run.
    pub enabled: Vec<&'static str>,
    pub severity: HashMap<&'static str, Severity>,
    /// Per-file ignores: a glob set index → codes ignored there.
    pub per_file_ignores: Vec<(GlobSet, Vec<&'static str>)>,
    pub include: Option<GlobSet>,
    pub exclude: Option<GlobSet>,
    /// Directory that relative globs are resolved against (the config file's folder).
    pub root: PathBuf,
    pub fail_level: Severity,
    /// The code-aware check: which documents are the policy, which manifests to read, which
    /// packages to ignore.
    pub code: CodeSettings,
}

impl Settings {
    pub fn has_jurisdiction(&self, name: &str) -> bool {
        self.jurisdictions.iter().any(|j| j == name)
    }

    pub fn is_enabled(&self, code: &str) -> bool {
        self.enabled.contains(&code)
    }

    /// Codes switched off for one path by `per-file-ignores`.
    pub fn ignored_for(&self, path: &Path) -> Vec<&'static str> {
        let rel = self.relative(path);
        self.per_file_ignores
            .iter()
            .filter(|(set, _)| set.is_match(&rel) || set.is_match(path))
            .flat_map(|(_, codes)| codes.iter().copied())
            .collect()
    }

    /// Whether a discovered path passes `include`/`exclude`.
    pub fn path_selected(&self, path: &Path) -> bool {
        let rel = self.relative(path);
        if self
            .exclude
            .as_ref()
            .is_some_and(|s| s.is_match(&rel) || s.is_match(path))
        {
            return false;
        }
        self.include
            .as_ref()
            .map_or(true, |s| s.is_match(&rel) || s.is_match(path))
    }

    /// `path` relative to [`Settings::root`], which is what config globs are written
    /// against, whatever the current directory is (`policylint check` run from a subfolder
    /// of the config's folder). A path outside the root is returned without a leading `./`.
    pub fn relative(&self, path: &Path) -> PathBuf {
        let cwd = std::env::current_dir().unwrap_or_default();
        let abs = normalize(&cwd.join(path));
        let root = normalize(&cwd.join(&self.root));
        match abs.strip_prefix(&root) {
            Ok(rel) => rel.to_path_buf(),
            Err(_) => path.strip_prefix("./").unwrap_or(path).to_path_buf(),
        }
    }
}

/// Removes `.` and resolves `..` lexically (no file system access: the path may not exist).
fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push(c);
                }
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_to_the_root_from_any_directory() {
        let cwd = std::env::current_dir().unwrap();
        let settings = Settings {
            root: cwd.join("site"),
            ..Settings::default()
        };
        assert_eq!(
            settings.relative(Path::new("site/legal/privacy.md")),
            Path::new("legal/privacy.md")
        );
        assert_eq!(
            settings.relative(Path::new("./site/./legal/../terms.md")),
            Path::new("terms.md")
        );
        assert_eq!(
            settings.relative(&cwd.join("site/terms.md")),
            Path::new("terms.md")
        );
        assert_eq!(
            settings.relative(Path::new("./other/terms.md")),
            Path::new("other/terms.md")
        );
    }
}

/// Settings of the code-aware check (config keys `policy`, `manifests`, `ignore-packages`,
/// `scan-sources`).
#[derive(Clone, Debug, Default)]
pub struct CodeSettings {
    /// Globs naming the policy documents, when a repository has several privacy documents.
    pub policy: Option<globset::GlobSet>,
    /// Manifests to read besides the discovered ones.
    pub extra_manifests: Vec<PathBuf>,
    /// Manifests (and source folders) not to read.
    pub exclude_manifests: Option<globset::GlobSet>,
    /// `ecosystem:name` (or a bare name) → why the package sends no personal data.
    pub ignored_packages: Vec<(String, String)>,
    /// Whether to look for API hosts in source files (config `scan-sources`, default off).
    pub scan_sources: bool,
    /// Whether to read development dependencies.
    pub include_dev: bool,
}

/// Names of the config file, in the order they are looked for.
pub const CONFIG_NAMES: [&str; 2] = ["policylint.toml", ".policylint.toml"];
