//! Code-aware disclosure: what a repository's dependency manifests, environment-key templates
//! and source files reveal about the services it sends data to.
//!
//! Extraction only: discovery ([`discover`]), one parser per manifest kind ([`manifests`]) and
//! the SDK catalogue ([`sdks`]). Judging the findings against the policy is the job of the
//! `undeclared-processor` and `unused-processor-disclosure` rules.

pub mod discover;
pub mod manifests;
pub(crate) mod sdks;
pub mod summary;

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::settings::Settings;

/// Where a piece of evidence comes from: a package registry, or (the last two) an
/// environment-key template or an API host.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ecosystem {
    Npm,
    PyPI,
    RubyGems,
    Go,
    Crates,
    Packagist,
    Pub,
    Maven,
    CocoaPods,
    SwiftPM,
    /// A key in an `.env.example`-style file.
    Env,
    /// An API host in configuration or source.
    Host,
}

impl Ecosystem {
    pub const PACKAGES: [Ecosystem; 10] = [
        Ecosystem::Npm,
        Ecosystem::PyPI,
        Ecosystem::RubyGems,
        Ecosystem::Go,
        Ecosystem::Crates,
        Ecosystem::Packagist,
        Ecosystem::Pub,
        Ecosystem::Maven,
        Ecosystem::CocoaPods,
        Ecosystem::SwiftPM,
    ];
    pub const ALL: [Ecosystem; 12] = [
        Ecosystem::Npm,
        Ecosystem::PyPI,
        Ecosystem::RubyGems,
        Ecosystem::Go,
        Ecosystem::Crates,
        Ecosystem::Packagist,
        Ecosystem::Pub,
        Ecosystem::Maven,
        Ecosystem::CocoaPods,
        Ecosystem::SwiftPM,
        Ecosystem::Env,
        Ecosystem::Host,
    ];

    /// The key used in `rules/sdks.toml` and in `ignore-packages` (`npm:posthog-node`).
    pub fn key(self) -> &'static str {
        match self {
            Ecosystem::Npm => "npm",
            Ecosystem::PyPI => "pypi",
            Ecosystem::RubyGems => "gem",
            Ecosystem::Go => "go",
            Ecosystem::Crates => "crates",
            Ecosystem::Packagist => "composer",
            Ecosystem::Pub => "pub",
            Ecosystem::Maven => "maven",
            Ecosystem::CocoaPods => "cocoapods",
            Ecosystem::SwiftPM => "swiftpm",
            Ecosystem::Env => "env",
            Ecosystem::Host => "host",
        }
    }

    pub fn parse(key: &str) -> Option<Ecosystem> {
        Ecosystem::ALL.into_iter().find(|e| e.key() == key)
    }

    /// How a finding names the evidence: "package", "environment key", "API host".
    pub fn noun(self) -> &'static str {
        match self {
            Ecosystem::Env => "environment key",
            Ecosystem::Host => "API host",
            _ => "package",
        }
    }
}

/// One package, environment key or host found in a file of the repository.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dependency {
    pub ecosystem: Ecosystem,
    pub name: String,
    /// Index into [`CodeScan::files`].
    pub file: usize,
    /// Byte span of the name in that file.
    pub span: Range<usize>,
    /// A development, test or build-only dependency.
    pub dev: bool,
}

/// A file that evidence was read from, kept for rendering labels.
#[derive(Clone, Debug)]
pub struct ScannedFile {
    pub path: String,
    pub text: String,
}

/// A manifest that could not be parsed (it is skipped; the policy is still linted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManifestError {
    pub path: String,
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for ManifestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

/// What the code of a repository revealed.
#[derive(Clone, Debug, Default)]
pub struct CodeScan {
    pub files: Vec<ScannedFile>,
    pub dependencies: Vec<Dependency>,
    pub errors: Vec<ManifestError>,
    /// Whether any dependency manifest was found (the reverse check needs one).
    pub manifests_found: bool,
    /// Whether the run's documents are all of the repository's (a folder was linted, or its
    /// documents were added for a named manifest): only then can a missing policy be told.
    pub whole_repository: bool,
}

impl CodeScan {
    /// Scans repository roots: every manifest under them (see [`discover`]), the files named in
    /// the `manifests` setting, and string literals of source files for API hosts.
    pub fn scan(roots: &[PathBuf], settings: &Settings) -> CodeScan {
        let mut scan = CodeScan::default();
        let mut paths = Vec::new();
        for root in roots {
            paths.extend(discover::find(root, settings));
        }
        paths.extend(settings.code.extra_manifests.iter().cloned());
        paths.sort();
        paths.dedup();
        for (path, kind) in paths
            .iter()
            .filter_map(|p| Some((p, discover::kind_of(p)?)))
        {
            scan.read(path, kind);
        }
        scan
    }

    /// Whether the scan found no code at all (a folder of documents): then there is nothing
    /// to check the policies against, and the run need not keep their texts for it.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
            && self.dependencies.is_empty()
            && self.errors.is_empty()
            && !self.manifests_found
    }

    fn read(&mut self, path: &Path, kind: discover::FileKind) {
        let display = {
            let s = path.display().to_string();
            s.strip_prefix("./").map(str::to_string).unwrap_or(s)
        };
        let text = match crate::input::read_input(&crate::input::Input::Path(path.to_path_buf())) {
            Ok((text, _)) => text,
            Err(message) => {
                self.errors.push(ManifestError {
                    path: display,
                    line: None,
                    message,
                });
                return;
            }
        };
        if kind.is_manifest() {
            self.manifests_found = true;
        }
        match manifests::parse(kind, path, &text) {
            Ok(found) => {
                if found.is_empty() {
                    return;
                }
                let file = self.files.len();
                self.dependencies
                    .extend(found.into_iter().map(|f| Dependency {
                        ecosystem: f.ecosystem,
                        name: f.name,
                        file,
                        span: f.span,
                        dev: f.dev,
                    }));
                self.files.push(ScannedFile {
                    path: display,
                    text,
                });
            }
            Err(e) => self.errors.push(ManifestError {
                path: display,
                line: e.line,
                message: e.message,
            }),
        }
    }
}

pub use crate::settings::CodeSettings;

impl CodeSettings {
    /// The reason a dependency is ignored, if the `ignore-packages` setting names it.
    pub fn ignore_reason(&self, dep: &Dependency) -> Option<&str> {
        self.ignored_packages.iter().find_map(|(key, reason)| {
            let (eco, name) = match key.split_once(':') {
                Some((e, n)) if Ecosystem::parse(e).is_some() => (Ecosystem::parse(e), n),
                _ => (None, key.as_str()),
            };
            let same_eco = eco.map_or(true, |e| e == dep.ecosystem);
            let same_name =
                sdks::normalize(dep.ecosystem, name) == sdks::normalize(dep.ecosystem, &dep.name);
            (same_eco && same_name).then_some(reason.as_str())
        })
    }
}

/// A dependency mapped to a processor of `rules/processors.toml`.
#[derive(Clone, Debug)]
pub struct ProcessorUse<'a> {
    pub dependency: &'a Dependency,
    /// Index into the processor catalogue.
    pub processor: usize,
}

/// The dependencies of a scan that reveal a processor, without dev dependencies (unless the
/// settings ask for them) and without ignored packages.
pub fn processor_uses<'a>(scan: &'a CodeScan, settings: &CodeSettings) -> Vec<ProcessorUse<'a>> {
    let sdks = &*sdks::SDKS;
    let catalogue = &*crate::model::parties::CATALOGUE;
    scan.dependencies
        .iter()
        .filter(|d| settings.include_dev || !d.dev)
        .filter(|d| settings.ignore_reason(d).is_none())
        .filter_map(|d| {
            let entry = sdks.lookup(d.ecosystem, &d.name)?;
            let id = &sdks.entries[entry].processor;
            let processor = catalogue.processors.iter().position(|p| &p.id == id)?;
            Some(ProcessorUse {
                dependency: d,
                processor,
            })
        })
        .collect()
}

/// Whether a processor has any code signal in the SDK catalogue (only those can be judged
/// unused).
pub fn has_code_signals(processor: usize) -> bool {
    let id = &crate::model::parties::CATALOGUE.processors[processor].id;
    sdks::SDKS.entries.iter().any(|e| &e.processor == id)
}

/// Command-line paths sorted out for the code-aware check.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Arguments {
    /// Paths to lint as policy documents (manifests removed).
    pub documents: Vec<PathBuf>,
    /// Repository roots to scan for code: folders as given, the repository of each file.
    pub roots: Vec<PathBuf>,
    /// Repositories of manifests named on the command line: their policy documents are linted
    /// too, so that editing `package.json` re-checks it against the policy.
    pub manifest_roots: Vec<PathBuf>,
    /// Whether every document of the scanned repositories is linted (see
    /// [`CodeScan::whole_repository`]).
    pub whole_repository: bool,
}

/// Splits command-line paths: manifests and env templates are evidence, not documents.
pub fn arguments(paths: &[PathBuf]) -> Arguments {
    let mut args = Arguments::default();
    for p in paths {
        if p.is_dir() {
            args.documents.push(p.clone());
            args.roots.push(p.clone());
            continue;
        }
        let evidence =
            p.is_file() && discover::kind_of(p).is_some_and(|k| k != discover::FileKind::Source);
        // A manifest named on the command line is code even outside a repository; a document
        // outside any repository has no code beside it.
        let root = if evidence {
            Some(discover::repository_root(p))
        } else {
            discover::enclosing_repository(p)
        };
        if evidence {
            args.manifest_roots.extend(root.clone());
        } else {
            args.documents.push(p.clone());
        }
        if p.exists() {
            args.roots.extend(root);
        }
    }
    args.whole_repository = !args.manifest_roots.is_empty() || paths.iter().any(|p| p.is_dir());
    for list in [&mut args.roots, &mut args.manifest_roots] {
        list.sort();
        list.dedup();
    }
    args
}
