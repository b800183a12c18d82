//! `policylint.toml` / `.policylint.toml`: discovery, parsing and resolution into [`Settings`].
//! Errors carry the config file's path, line and column.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Severity;
use crate::registry;
use crate::settings::Settings;

pub use crate::settings::CONFIG_NAMES;

/// Jurisdiction profiles known to `missing-section` and the age rules.
pub const JURISDICTIONS: &[&str] = &[
    "core", "gdpr", "uk-gdpr", "ccpa", "caloppa", "coppa", "lgpd", "pipeda",
];

/// The configuration file as written. Every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    /// Rules to run, by code (`C001`), code prefix (`C`), or name (`placeholder-text`).
    pub select: Option<Vec<Spanned<String>>>,
    /// Rules to add to the default selection.
    pub extend_select: Option<Vec<Spanned<String>>>,
    /// Rules not to run.
    pub ignore: Option<Vec<Spanned<String>>>,
    /// Severity per rule: `{ "placeholder-text" = "warning" }`.
    pub severity: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    /// Jurisdiction profiles: `["gdpr", "ccpa"]`.
    pub jurisdictions: Option<Vec<Spanned<String>>>,
    /// Processors the team discloses elsewhere (e.g. a sub-processor page).
    pub processors: Option<Vec<String>>,
    /// A file with one processor per line (`#` comments), relative to the config file.
    pub processors_file: Option<Spanned<String>>,
    /// Globs of files to lint when walking folders.
    pub include: Option<Vec<Spanned<String>>>,
    /// Globs of files to skip when walking folders.
    pub exclude: Option<Vec<Spanned<String>>>,
    /// Rules to ignore per glob: `{ "legal/archive/**" = ["stale-date"] }`.
    pub per_file_ignores: Option<BTreeMap<Spanned<String>, Vec<Spanned<String>>>>,
    /// Lowest severity that makes the run fail: `error`, `warning` (default) or `info`.
    pub fail_level: Option<Spanned<String>>,
    /// Globs of the documents that are the privacy policy, for the code-aware check.
    pub policy: Option<Vec<Spanned<String>>>,
    /// Manifests to read besides the discovered ones; entries starting with `!` are globs of
    /// manifests not to read.
    pub manifests: Option<Vec<Spanned<String>>>,
    /// Packages that send no personal data: `{ "npm:@sentry/cli" = "uploads source maps" }`.
    pub ignore_packages: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    /// Whether to look for API hosts in source files (default false).
    pub scan_sources: Option<bool>,
    /// Whether development dependencies count (default false).
    pub dev_dependencies: Option<bool>,
}

/// A configuration error with its location in the file.
#[derive(Debug)]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => {
                write!(f, "{}:{}:{}: {}", self.path.display(), l, c, self.message)
            }
            _ => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

/// The nearest `policylint.toml` or `.policylint.toml` in `start` or its ancestors.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = if start.is_absolute() {
        start.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(start)
    };
    let mut dir = if start.is_dir() {
        Some(start.as_path())
    } else {
        start.parent()
    };
    while let Some(d) = dir {
        for name in CONFIG_NAMES {
            let candidate = d.join(name);
            // Anything but a folder: a FIFO or device named like a config is reported when
            // it is loaded, rather than silently skipped.
            if candidate.metadata().is_ok_and(|m| !m.is_dir()) {
                return Some(candidate);
            }
        }
        dir = d.parent();
    }
    None
}

/// Config files and the files they name are small; anything larger is a wrong path.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// Reads a file named by or as configuration: a regular file of at most
/// [`MAX_CONFIG_BYTES`], in UTF-8. Never blocks on a FIFO or reads a device.
pub fn read_config_file(path: &Path) -> Result<String, String> {
    let bytes = crate::input::read_regular_file(path, MAX_CONFIG_BYTES)?;
    String::from_utf8(bytes)
        .map_err(|e| format!("not valid UTF-8 (at byte {})", e.utf8_error().valid_up_to()))
}

/// Reads and resolves a config file. `base` holds the defaults (and CLI values applied later).
pub fn load(path: &Path, base: Settings) -> Result<Settings, ConfigError> {
    let text = read_config_file(path).map_err(|e| ConfigError {
        path: path.to_path_buf(),
        line: None,
        column: None,
        message: format!("cannot read config file: {e}"),
    })?;
    let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
    resolve_str(&text, path, root, base)
}

/// Parses config text and applies it on top of `base`.
pub fn resolve_str(
    text: &str,
    path: &Path,
    root: PathBuf,
    base: Settings,
) -> Result<Settings, ConfigError> {
    let err = |span: Option<Range<usize>>, message: String| {
        let (line, column) = match span {
            Some(s) => {
                let before = &text[..s.start.min(text.len())];
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                (Some(line), Some(column))
            }
            None => (None, None),
        };
        ConfigError {
            path: path.to_path_buf(),
            line,
            column,
            message,
        }
    };
    let options: Options = toml::from_str(text).map_err(|e| {
        let message = e.message().to_string();
        err(e.span(), message)
    })?;
    let mut settings = base;
    settings.root = root.clone();

    let resolve_rules = |list: &[Spanned<String>]| -> Result<Vec<&'static str>, ConfigError> {
        let mut codes = Vec::new();
        for item in list {
            let found = registry::select(item.get_ref());
            if found.is_empty() {
                return Err(err(
                    Some(item.span()),
                    format!(
                        "unknown rule or prefix `{}` (see `policylint rules`)",
                        item.get_ref()
                    ),
                ));
            }
            codes.extend(found);
        }
        Ok(codes)
    };

    if let Some(select) = &options.select {
        settings.enabled = resolve_rules(select)?;
    }
    if let Some(extra) = &options.extend_select {
        for code in resolve_rules(extra)? {
            if !settings.enabled.contains(&code) {
                settings.enabled.push(code);
            }
        }
    }
    if let Some(ignore) = &options.ignore {
        let ignored = resolve_rules(ignore)?;
        settings.enabled.retain(|c| !ignored.contains(c));
    }
    if let Some(map) = &options.severity {
        for (rule, level) in map {
            let codes = registry::select(rule.get_ref());
            if codes.is_empty() {
                return Err(err(
                    Some(rule.span()),
                    format!("unknown rule `{}` in [severity]", rule.get_ref()),
                ));
            }
            let Some(sev) = Severity::parse(level.get_ref()) else {
                return Err(err(
                    Some(level.span()),
                    format!(
                        "invalid severity `{}` (expected error, warning or info)",
                        level.get_ref()
                    ),
                ));
            };
            for code in codes {
                settings.severity.insert(code, sev);
            }
        }
    }
    if let Some(list) = &options.jurisdictions {
        settings.jurisdictions.clear();
        for j in list {
            let name = j.get_ref().to_ascii_lowercase();
            if !JURISDICTIONS.contains(&name.as_str()) {
                return Err(err(
                    Some(j.span()),
                    format!(
                        "unknown jurisdiction `{}` (known: {})",
                        j.get_ref(),
                        JURISDICTIONS.join(", ")
                    ),
                ));
            }
            settings.jurisdictions.push(name);
        }
    }
    if let Some(list) = &options.processors {
        settings.processors.extend(list.iter().cloned());
    }
    if let Some(file) = &options.processors_file {
        let p = root.join(file.get_ref());
        let content = read_config_file(&p).map_err(|e| {
            err(
                Some(file.span()),
                format!("cannot read processors file {}: {e}", p.display()),
            )
        })?;
        settings.processors.extend(parse_processor_list(&content));
    }
    let build_globs = |list: &[Spanned<String>]| -> Result<GlobSet, ConfigError> {
        let mut b = GlobSetBuilder::new();
        for g in list {
            b.add(
                Glob::new(g.get_ref())
                    .map_err(|e| err(Some(g.span()), format!("invalid glob: {e}")))?,
            );
        }
        b.build()
            .map_err(|e| err(None, format!("invalid glob set: {e}")))
    };
    if let Some(list) = &options.include {
        settings.include = Some(build_globs(list)?);
    }
    if let Some(list) = &options.exclude {
        settings.exclude = Some(build_globs(list)?);
    }
    if let Some(map) = &options.per_file_ignores {
        for (glob, rules) in map {
            let g = Glob::new(glob.get_ref()).map_err(|e| {
                err(
                    Some(glob.span()),
                    format!("invalid glob `{}` in per-file-ignores: {e}", glob.get_ref()),
                )
            })?;
            let set = GlobSetBuilder::new()
                .add(g)
                .build()
                .map_err(|e| err(None, e.to_string()))?;
            settings.per_file_ignores.push((set, resolve_rules(rules)?));
        }
    }
    if let Some(list) = &options.policy {
        settings.code.policy = Some(build_globs(list)?);
    }
    if let Some(list) = &options.manifests {
        let mut excludes = Vec::new();
        for item in list {
            match item.get_ref().strip_prefix('!') {
                Some(glob) => excludes.push(Spanned::new(item.span(), glob.to_string())),
                None => settings
                    .code
                    .extra_manifests
                    .push(root.join(item.get_ref())),
            }
        }
        if !excludes.is_empty() {
            settings.code.exclude_manifests = Some(build_globs(&excludes)?);
        }
    }
    if let Some(map) = &options.ignore_packages {
        for (package, reason) in map {
            if reason.get_ref().trim().is_empty() {
                return Err(err(
                    Some(reason.span()),
                    format!(
                        "`ignore-packages` needs a reason for `{}` (why it sends no personal data)",
                        package.get_ref()
                    ),
                ));
            }
            settings
                .code
                .ignored_packages
                .push((package.get_ref().clone(), reason.get_ref().clone()));
        }
    }
    if let Some(on) = options.scan_sources {
        settings.code.scan_sources = on;
    }
    if let Some(on) = options.dev_dependencies {
        settings.code.include_dev = on;
    }
    if let Some(level) = &options.fail_level {
        settings.fail_level = Severity::parse(level.get_ref()).ok_or_else(|| {
            err(
                Some(level.span()),
                format!(
                    "invalid fail-level `{}` (expected error, warning or info)",
                    level.get_ref()
                ),
            )
        })?;
    }
    Ok(settings)
}

/// One processor per line; blank lines, `#` comments and Markdown bullets are ignored.
pub fn parse_processor_list(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| {
            l.split('#')
                .next()
                .unwrap_or("")
                .trim()
                .trim_start_matches(['-', '*'])
                .trim()
        })
        .filter(|l| !l.is_empty())
        .map(|l| l.split(['|', ',']).next().unwrap_or(l).trim().to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Settings, ConfigError> {
        resolve_str(
            text,
            Path::new("policylint.toml"),
            PathBuf::from("."),
            Settings::default(),
        )
    }

    #[test]
    fn unknown_key_points_at_its_line() {
        let e = parse("select = [\"C001\"]\nbogus = 1\n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        assert!(e.message.contains("bogus"), "{e}");
    }

    #[test]
    fn unknown_rule_points_at_the_value() {
        let e = parse("ignore = [\n  \"no-such-rule\",\n]\n").unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(3)), "{e}");
    }

    #[test]
    fn unknown_severity_rule_points_at_the_key() {
        let e = parse("[severity]\nno-such-rule = \"info\"\n").unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(1)), "{e}");
    }

    #[test]
    fn invalid_per_file_glob_points_at_the_key() {
        let e = parse("[per-file-ignores]\n\"a/[b\" = [\"C001\"]\n").unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(1)), "{e}");
    }

    #[test]
    fn code_aware_keys() {
        let s = parse("policy = [\"docs/privacy.md\"]\nmanifests = [\"app/package.json\", \"!legacy/**\"]\nscan-sources = true\n[ignore-packages]\n\"npm:@sentry/cli\" = \"uploads source maps at build time\"\n").unwrap();
        assert!(s.code.policy.unwrap().is_match("docs/privacy.md"));
        assert_eq!(
            s.code.extra_manifests,
            vec![PathBuf::from("./app/package.json")]
        );
        assert!(s
            .code
            .exclude_manifests
            .unwrap()
            .is_match("legacy/package.json"));
        assert!(s.code.scan_sources);
        assert_eq!(
            s.code.ignored_packages[0].1,
            "uploads source maps at build time"
        );
        let e = parse("[ignore-packages]\nstripe = \"\"\n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
    }

    #[test]
    fn applies_selection_and_severity() {
        let s = parse("select = [\"placeholder-text\"]\n[severity]\nplaceholder-text = \"info\"\n")
            .unwrap();
        assert_eq!(s.enabled, vec!["C001"]);
        assert_eq!(s.severity.get("C001"), Some(&Severity::Info));
    }
}
