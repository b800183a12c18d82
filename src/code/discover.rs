//! Finding manifests, environment-key templates and source files in a repository.

use std::path::{Path, PathBuf};

use crate::settings::Settings;

/// What a file is to the code scan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    PackageJson,
    Requirements,
    Pyproject,
    Pipfile,
    SetupCfg,
    Gemfile,
    GoMod,
    CargoToml,
    ComposerJson,
    Pubspec,
    Gradle,
    GradleCatalog,
    Pom,
    Podfile,
    PackageSwift,
    EnvTemplate,
    Source,
}

impl FileKind {
    /// A dependency manifest (not an environment template or a source file).
    pub fn is_manifest(self) -> bool {
        !matches!(self, FileKind::EnvTemplate | FileKind::Source)
    }
}

/// Folders never searched: dependencies, build output, tools' state, and test-only trees
/// (their packages are not what the product ships).
const SKIP_DIRS: &[&str] = &[
    "node_modules",
    "bower_components",
    "jspm_packages",
    "vendor",
    "vendors",
    "third_party",
    "third-party",
    "Pods",
    "Carthage",
    "target",
    "dist",
    "build",
    "out",
    "coverage",
    "venv",
    "env",
    "site-packages",
    "__pycache__",
    "test",
    "tests",
    "__tests__",
    "__mocks__",
    "spec",
    "e2e",
    "cypress",
    "fixtures",
    "testdata",
    "test-data",
    "examples",
    "example",
    "samples",
    "sample",
    "benches",
    // The maintainers' own tooling: release scripts and CI helpers handle no users' data
    // (monkeytype's `packages/release` publishes with the GitHub API).
    "scripts",
    "tools",
    "tooling",
    "release",
    "ci",
];

/// Source extensions read for API hosts.
const SOURCE_EXTENSIONS: &[&str] = &[
    "js", "jsx", "mjs", "cjs", "ts", "tsx", "vue", "svelte", "astro", "py", "rb", "go", "rs",
    "php", "dart", "java", "kt", "kts", "swift", "m", "mm", "cs", "ex", "exs",
];

/// Source files larger than this are generated or bundled; they are not read.
const MAX_SOURCE_BYTES: u64 = 512 * 1024;

/// The kind of a file by its name, or `None` when the code scan does not read it.
pub fn kind_of(path: &Path) -> Option<FileKind> {
    let name = path.file_name()?.to_str()?;
    let lower = name.to_ascii_lowercase();
    let kind = match name {
        "package.json" => FileKind::PackageJson,
        "pyproject.toml" => FileKind::Pyproject,
        "Pipfile" => FileKind::Pipfile,
        "setup.cfg" => FileKind::SetupCfg,
        "Gemfile" => FileKind::Gemfile,
        "go.mod" => FileKind::GoMod,
        "Cargo.toml" => FileKind::CargoToml,
        "composer.json" => FileKind::ComposerJson,
        "pubspec.yaml" => FileKind::Pubspec,
        "build.gradle" | "build.gradle.kts" => FileKind::Gradle,
        "libs.versions.toml" => FileKind::GradleCatalog,
        "pom.xml" => FileKind::Pom,
        "Podfile" => FileKind::Podfile,
        "Package.swift" => FileKind::PackageSwift,
        _ if lower.starts_with("requirements") && lower.ends_with(".txt") => FileKind::Requirements,
        _ if path
            .parent()
            .and_then(Path::file_name)
            .is_some_and(|p| p == "requirements")
            && lower.ends_with(".txt") =>
        {
            FileKind::Requirements
        }
        _ if is_env_template(&lower) => FileKind::EnvTemplate,
        _ => {
            let ext = path.extension()?.to_str()?.to_ascii_lowercase();
            if !SOURCE_EXTENSIONS.contains(&ext.as_str()) || lower.contains(".min.") {
                return None;
            }
            FileKind::Source
        }
    };
    Some(kind)
}

/// `.env.example`, `.env.sample`, `.env.template`, `.env.dist`, `example.env`, ...: the
/// committed list of a project's keys. Real `.env` files hold secrets and are not read.
fn is_env_template(lower: &str) -> bool {
    const MARKS: &[&str] = &["example", "sample", "template", "dist", "defaults", "tmpl"];
    let env_named = lower.starts_with(".env") || lower.ends_with(".env");
    env_named
        && lower
            .split(['.', '-', '_'])
            .any(|part| MARKS.contains(&part))
}

/// Files under `root` that the code scan reads, sorted. Respects `.gitignore`, skips hidden
/// folders and the folders of [`SKIP_DIRS`], and the `manifests` excludes of the settings.
pub fn find(root: &Path, settings: &Settings) -> Vec<PathBuf> {
    let walker = ignore::WalkBuilder::new(root)
        .hidden(false)
        .git_global(false)
        .require_git(false)
        .filter_entry(|e| {
            if !e.file_type().is_some_and(|t| t.is_dir()) || e.depth() == 0 {
                return true;
            }
            let name = e.file_name().to_string_lossy();
            !name.starts_with('.') && !SKIP_DIRS.contains(&name.as_ref())
        })
        .build();
    let code = &settings.code;
    let mut found: Vec<PathBuf> = walker
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .filter(|e| match kind_of(e.path()) {
            None => false,
            Some(FileKind::Source) => {
                code.scan_sources && e.metadata().is_ok_and(|m| m.len() <= MAX_SOURCE_BYTES)
            }
            Some(_) => true,
        })
        .map(|e| e.into_path())
        .filter(|p| {
            let rel = settings.relative(p);
            !code
                .exclude_manifests
                .as_ref()
                .is_some_and(|s| s.is_match(&rel) || s.is_match(p))
        })
        .collect();
    found.sort();
    found
}

/// The folder whose manifests belong to a file named on the command line: the nearest
/// ancestor that holds a `.git` entry or a policylint config, else the file's own folder.
pub fn repository_root(file: &Path) -> PathBuf {
    enclosing_repository(file).unwrap_or_else(|| {
        let abs = file
            .canonicalize()
            .or_else(|_| std::path::absolute(file))
            .unwrap_or_else(|_| file.to_path_buf());
        relative_to_cwd(abs.parent().unwrap_or(Path::new(".")))
    })
}

/// The nearest ancestor of a file that holds a `.git` entry or a policylint config: its
/// repository. A policy saved outside any repository (`~/Downloads/privacy.md`) has none, and
/// its folder's other contents are not its code.
pub fn enclosing_repository(file: &Path) -> Option<PathBuf> {
    // Canonical, so that `../shared/x.md` run from inside a repository does not find that
    // repository's `.git` among the unresolved ancestors.
    let abs = file.canonicalize().unwrap_or_else(|_| {
        if file.is_absolute() {
            file.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(file)
        }
    });
    let mut dir = abs.parent();
    while let Some(d) = dir {
        if d.join(".git").exists()
            || crate::settings::CONFIG_NAMES
                .iter()
                .any(|n| d.join(n).is_file())
        {
            return Some(relative_to_cwd(d));
        }
        dir = d.parent();
    }
    None
}

/// A folder as the user would write it from the current directory: `.`, `app`, `../..`, or
/// absolute when it is elsewhere.
fn relative_to_cwd(p: &Path) -> PathBuf {
    let cwd = std::env::current_dir()
        .and_then(|d| d.canonicalize())
        .unwrap_or_default();
    if let Ok(rel) = p.strip_prefix(&cwd) {
        return if rel.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            rel.to_path_buf()
        };
    }
    match cwd.strip_prefix(p) {
        Ok(up) => up.components().map(|_| "..").collect(),
        Err(_) => p.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_manifest_names() {
        let k = |p: &str| kind_of(Path::new(p));
        assert_eq!(k("app/package.json"), Some(FileKind::PackageJson));
        assert_eq!(k("requirements-dev.txt"), Some(FileKind::Requirements));
        assert_eq!(k("requirements/base.txt"), Some(FileKind::Requirements));
        assert_eq!(k("android/app/build.gradle.kts"), Some(FileKind::Gradle));
        assert_eq!(k(".env.example"), Some(FileKind::EnvTemplate));
        assert_eq!(k(".env.local.example"), Some(FileKind::EnvTemplate));
        assert_eq!(k("example.env"), Some(FileKind::EnvTemplate));
        assert_eq!(k(".env"), None);
        assert_eq!(k(".env.production"), None);
        assert_eq!(k("src/api.ts"), Some(FileKind::Source));
        assert_eq!(k("public/vendor.min.js"), None);
        assert_eq!(k("README.md"), None);
    }

    #[test]
    fn repository_root_resolves_parent_references() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path().join("repo");
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("privacy.md"), "# Privacy\n").unwrap();
        // `repo/../outside/privacy.md` is not inside `repo`.
        let root = repository_root(&repo.join("../outside/privacy.md"));
        assert_eq!(
            root.canonicalize().unwrap(),
            outside.canonicalize().unwrap()
        );
        // ... and it is in no repository at all (unless the temporary folder is in one).
        if enclosing_repository(dir.path()).is_none() {
            assert_eq!(
                enclosing_repository(&repo.join("../outside/privacy.md")),
                None
            );
        }
        let inside = enclosing_repository(&repo.join("privacy.md")).unwrap();
        assert_eq!(inside.canonicalize().unwrap(), repo.canonicalize().unwrap());
    }
}
