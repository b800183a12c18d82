//! One parser per manifest kind. JSON, TOML, YAML and XML manifests are read with real parsers
//! (serde_json, toml, yaml-rust2, roxmltree); the name's position is then found in the text,
//! after the section the parser put it in. Gemfile, Podfile, build.gradle and Package.swift are
//! programs (Ruby, Groovy/Kotlin, Swift) and go.mod, requirements.txt, setup.cfg and env
//! templates are line formats: they are read line by line, recognising the declaration forms
//! the tools document and skipping comments; anything computed at run time is not seen.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;
use toml::Spanned;

use super::discover::FileKind;
use super::Ecosystem;

/// A name found in a manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub ecosystem: Ecosystem,
    pub name: String,
    pub span: Range<usize>,
    pub dev: bool,
}

/// Why a manifest could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub line: Option<usize>,
    pub message: String,
}

type Parsed = Result<Vec<Found>, ParseError>;

/// Parses one file of a known kind.
pub fn parse(kind: FileKind, path: &Path, text: &str) -> Parsed {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match kind {
        FileKind::PackageJson => package_json(text),
        FileKind::ComposerJson => composer_json(text),
        FileKind::Requirements => Ok(requirements(text, 0, is_dev_name(&file_name))),
        FileKind::Pyproject => pyproject(text),
        FileKind::Pipfile => pipfile(text),
        FileKind::SetupCfg => Ok(setup_cfg(text)),
        FileKind::CargoToml => cargo_toml(text),
        FileKind::Pubspec => pubspec(text),
        FileKind::Pom => pom(text),
        FileKind::Gemfile => Ok(ruby_dsl(text, Ecosystem::RubyGems)),
        FileKind::Podfile => Ok(ruby_dsl(text, Ecosystem::CocoaPods)),
        FileKind::GoMod => Ok(go_mod(text)),
        FileKind::Gradle => Ok(gradle(text)),
        FileKind::GradleCatalog => gradle_catalog(text),
        FileKind::PackageSwift => Ok(package_swift(text)),
        FileKind::EnvTemplate => Ok(env_template(text)),
        FileKind::Source => Ok(source_hosts(text)),
    }
}

/// Requirement files and dependency groups for development, tests, docs or linting.
fn is_dev_name(name: &str) -> bool {
    name.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| {
        matches!(
            w,
            "dev"
                | "develop"
                | "development"
                | "test"
                | "tests"
                | "testing"
                | "lint"
                | "docs"
                | "doc"
                | "ci"
                | "typing"
                | "style"
        )
    })
}

/// The 1-based line of a byte offset.
pub(super) fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

fn error_at(text: &str, offset: Option<usize>, message: impl Into<String>) -> ParseError {
    ParseError {
        line: offset.map(|o| line_of(text, o)),
        message: message.into(),
    }
}

/// The span of `"name"` (without quotes) at or after `from`; falls back to `from..from` when
/// the name is written differently (escapes), so the label still points at the section.
fn quoted_span(text: &str, from: usize, name: &str) -> Range<usize> {
    let needle = format!("\"{name}\"");
    match text[from.min(text.len())..].find(&needle) {
        Some(i) => from + i + 1..from + i + 1 + name.len(),
        None => from..from,
    }
}

/// Byte offset of a JSON object key `"key":` at the top level (the first occurrence).
fn json_section(text: &str, key: &str) -> usize {
    let re = Regex::new(&format!(r#""{}"\s*:"#, regex::escape(key))).expect("section regex");
    re.find(text).map_or(0, |m| m.start())
}

fn json_error(text: &str, e: &serde_json::Error) -> ParseError {
    let offset = text
        .split_inclusive('\n')
        .take(e.line().saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    ParseError {
        line: Some(line_of(text, offset)),
        message: format!("invalid JSON: {e}"),
    }
}

fn json_deps(
    text: &str,
    value: &serde_json::Value,
    sections: &[(&str, bool)],
    ecosystem: Ecosystem,
    skip: impl Fn(&str) -> bool,
) -> Vec<Found> {
    let mut out = Vec::new();
    for &(section, dev) in sections {
        let Some(map) = value.get(section).and_then(|v| v.as_object()) else {
            continue;
        };
        let start = json_section(text, section);
        for name in map.keys().filter(|n| !skip(n)) {
            out.push(Found {
                ecosystem,
                name: name.clone(),
                span: quoted_span(text, start, name),
                dev,
            });
        }
    }
    out
}

fn package_json(text: &str) -> Parsed {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| json_error(text, &e))?;
    if !value.is_object() {
        return Err(error_at(text, Some(0), "package.json is not a JSON object"));
    }
    Ok(json_deps(
        text,
        &value,
        &[
            ("dependencies", false),
            ("optionalDependencies", false),
            ("peerDependencies", false),
            ("devDependencies", true),
        ],
        Ecosystem::Npm,
        |_| false,
    ))
}

fn composer_json(text: &str) -> Parsed {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| json_error(text, &e))?;
    Ok(json_deps(
        text,
        &value,
        &[("require", false), ("require-dev", true)],
        Ecosystem::Packagist,
        // The PHP version and extensions are not packages.
        |n| n == "php" || n.starts_with("ext-") || n.starts_with("lib-"),
    ))
}

/// The distribution name at the start of a PEP 508 requirement (`sentry-sdk[flask]>=2`).
fn pep508_name(req: &str) -> Option<Range<usize>> {
    let start = req.len() - req.trim_start().len();
    let len = req[start..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(req.len() - start);
    (len > 0 && req[start..].starts_with(|c: char| c.is_ascii_alphanumeric()))
        .then_some(start..start + len)
}

/// `requirements.txt`: one requirement per line; options (`-r`, `-e`, `--hash`), URLs and
/// comments are skipped. `base` is the offset of `text` in its file.
fn requirements(text: &str, base: usize, dev: bool) -> Vec<Found> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.split(" #").next().unwrap_or(line);
        let trimmed = content.trim_start();
        if !(trimmed.starts_with('-') || trimmed.starts_with('#') || trimmed.contains("://")) {
            if let Some(r) = pep508_name(content) {
                out.push(Found {
                    ecosystem: Ecosystem::PyPI,
                    name: content[r.clone()].to_string(),
                    span: base + offset + r.start..base + offset + r.end,
                    dev,
                });
            }
        }
        offset += line.len();
    }
    out
}

fn toml_error(text: &str, e: &toml::de::Error) -> ParseError {
    ParseError {
        line: e.span().map(|s| line_of(text, s.start)),
        message: format!("invalid TOML: {}", e.message()),
    }
}

/// A TOML table of dependencies: names are keys, with their spans.
type TomlDeps = BTreeMap<Spanned<String>, toml::Value>;

fn toml_keys(deps: Option<&TomlDeps>, ecosystem: Ecosystem, dev: bool, out: &mut Vec<Found>) {
    for (key, value) in deps.into_iter().flatten() {
        // Cargo: `sentry-core = { package = "sentry", ... }` renames a dependency.
        let name = value
            .get("package")
            .and_then(|p| p.as_str())
            .unwrap_or(key.get_ref());
        out.push(Found {
            ecosystem,
            name: name.to_string(),
            span: key.span(),
            dev,
        });
    }
}

fn toml_requirements(
    list: Option<&Vec<Spanned<String>>>,
    text: &str,
    dev: bool,
    out: &mut Vec<Found>,
) {
    for req in list.into_iter().flatten() {
        let span = req.span();
        // The span includes the quotes; the requirement text starts one byte in.
        let inner = span.start + 1;
        if let Some(r) = pep508_name(req.get_ref()) {
            let name = req.get_ref()[r.clone()].to_string();
            let at = if text.get(inner + r.start..inner + r.end) == Some(name.as_str()) {
                inner + r.start..inner + r.end
            } else {
                span
            };
            out.push(Found {
                ecosystem: Ecosystem::PyPI,
                name,
                span: at,
                dev,
            });
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
struct Pyproject {
    project: Option<PyProject>,
    tool: Option<PyTool>,
    dependency_groups: Option<BTreeMap<String, Vec<toml::Spanned<toml::Value>>>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
struct PyProject {
    dependencies: Option<Vec<Spanned<String>>>,
    optional_dependencies: Option<BTreeMap<String, Vec<Spanned<String>>>>,
}

#[derive(Deserialize, Default)]
struct PyTool {
    poetry: Option<Poetry>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
struct Poetry {
    dependencies: Option<TomlDeps>,
    dev_dependencies: Option<TomlDeps>,
    group: Option<BTreeMap<String, PoetryGroup>>,
}

#[derive(Deserialize, Default)]
struct PoetryGroup {
    dependencies: Option<TomlDeps>,
}

fn pyproject(text: &str) -> Parsed {
    let doc: Pyproject = toml::from_str(text).map_err(|e| toml_error(text, &e))?;
    let mut out = Vec::new();
    if let Some(p) = &doc.project {
        toml_requirements(p.dependencies.as_ref(), text, false, &mut out);
        for (extra, list) in p.optional_dependencies.iter().flatten() {
            toml_requirements(Some(list), text, is_dev_name(extra), &mut out);
        }
    }
    for (group, list) in doc.dependency_groups.iter().flatten() {
        for item in list {
            if let Some(s) = item.get_ref().as_str() {
                let spanned = Spanned::new(item.span(), s.to_string());
                toml_requirements(Some(&vec![spanned]), text, is_dev_name(group), &mut out);
            }
        }
    }
    if let Some(poetry) = doc.tool.and_then(|t| t.poetry) {
        let mut found = Vec::new();
        toml_keys(
            poetry.dependencies.as_ref(),
            Ecosystem::PyPI,
            false,
            &mut found,
        );
        toml_keys(
            poetry.dev_dependencies.as_ref(),
            Ecosystem::PyPI,
            true,
            &mut found,
        );
        for (name, group) in poetry.group.iter().flatten() {
            toml_keys(
                group.dependencies.as_ref(),
                Ecosystem::PyPI,
                name != "main",
                &mut found,
            );
        }
        out.extend(found.into_iter().filter(|f| f.name != "python"));
    }
    Ok(out)
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
struct Pipfile {
    packages: Option<TomlDeps>,
    dev_packages: Option<TomlDeps>,
}

fn pipfile(text: &str) -> Parsed {
    let doc: Pipfile = toml::from_str(text).map_err(|e| toml_error(text, &e))?;
    let mut out = Vec::new();
    toml_keys(doc.packages.as_ref(), Ecosystem::PyPI, false, &mut out);
    toml_keys(doc.dev_packages.as_ref(), Ecosystem::PyPI, true, &mut out);
    Ok(out)
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
struct CargoManifest {
    dependencies: Option<TomlDeps>,
    dev_dependencies: Option<TomlDeps>,
    build_dependencies: Option<TomlDeps>,
    target: Option<BTreeMap<String, CargoTarget>>,
    workspace: Option<CargoWorkspace>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
struct CargoTarget {
    dependencies: Option<TomlDeps>,
    dev_dependencies: Option<TomlDeps>,
}

#[derive(Deserialize, Default)]
struct CargoWorkspace {
    dependencies: Option<TomlDeps>,
}

fn cargo_toml(text: &str) -> Parsed {
    let doc: CargoManifest = toml::from_str(text).map_err(|e| toml_error(text, &e))?;
    let mut out = Vec::new();
    let c = Ecosystem::Crates;
    toml_keys(doc.dependencies.as_ref(), c, false, &mut out);
    toml_keys(doc.dev_dependencies.as_ref(), c, true, &mut out);
    toml_keys(doc.build_dependencies.as_ref(), c, true, &mut out);
    for t in doc.target.iter().flat_map(|m| m.values()) {
        toml_keys(t.dependencies.as_ref(), c, false, &mut out);
        toml_keys(t.dev_dependencies.as_ref(), c, true, &mut out);
    }
    if let Some(w) = &doc.workspace {
        toml_keys(w.dependencies.as_ref(), c, false, &mut out);
    }
    Ok(out)
}

#[derive(Deserialize, Default)]
struct GradleCatalog {
    libraries: Option<BTreeMap<Spanned<String>, toml::Value>>,
}

/// `gradle/libs.versions.toml`: `[libraries]` entries as `"group:artifact:version"`,
/// `{ module = "group:artifact" }` or `{ group = "...", name = "..." }`.
fn gradle_catalog(text: &str) -> Parsed {
    let doc: GradleCatalog = toml::from_str(text).map_err(|e| toml_error(text, &e))?;
    let mut out = Vec::new();
    for (key, value) in doc.libraries.iter().flatten() {
        let coordinate = match value {
            toml::Value::String(s) => Some(s.clone()),
            toml::Value::Table(t) => t
                .get("module")
                .and_then(|m| m.as_str())
                .map(str::to_string)
                .or_else(|| {
                    let g = t.get("group")?.as_str()?;
                    let n = t.get("name")?.as_str()?;
                    Some(format!("{g}:{n}"))
                }),
            _ => None,
        };
        if let Some(name) = coordinate.as_deref().and_then(maven_coordinate) {
            out.push(Found {
                ecosystem: Ecosystem::Maven,
                name,
                span: key.span(),
                dev: false,
            });
        }
    }
    Ok(out)
}

/// `group:artifact` of `group:artifact[:version[:classifier]]`.
fn maven_coordinate(s: &str) -> Option<String> {
    let mut parts = s.trim().split(':');
    let group = parts.next().filter(|g| !g.is_empty())?;
    let artifact = parts.next().filter(|a| !a.is_empty())?;
    Some(format!("{group}:{artifact}"))
}

/// Aliases a pubspec may use. The YAML loader copies the aliased node for every alias, so
/// nested aliases ("billion laughs") would take exponential memory; pubspecs use none.
const MAX_YAML_ALIASES: usize = 64;

fn pubspec(text: &str) -> Parsed {
    use yaml_rust2::parser::{Event, Parser};
    use yaml_rust2::{Yaml, YamlLoader};
    let mut parser = Parser::new_from_str(text);
    let mut aliases = 0;
    loop {
        match parser.next_token() {
            Ok((Event::StreamEnd, _)) => break,
            Ok((Event::Alias(_), mark)) => {
                aliases += 1;
                if aliases > MAX_YAML_ALIASES {
                    return Err(ParseError {
                        line: Some(mark.line()),
                        message: format!(
                            "more than {MAX_YAML_ALIASES} YAML aliases; not a pubspec"
                        ),
                    });
                }
            }
            Ok(_) => {}
            Err(e) => {
                return Err(ParseError {
                    line: Some(e.marker().line()),
                    message: format!("invalid YAML: {}", e.info()),
                })
            }
        }
    }
    let docs = YamlLoader::load_from_str(text).map_err(|e| ParseError {
        line: Some(e.marker().line()),
        message: format!("invalid YAML: {}", e.info()),
    })?;
    let Some(doc) = docs.first() else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (section, dev) in [("dependencies", false), ("dev_dependencies", true)] {
        let Yaml::Hash(map) = &doc[section] else {
            continue;
        };
        let header = Regex::new(&format!(r"(?m)^{section}\s*:")).expect("pubspec header");
        let start = header.find(text).map_or(0, |m| m.end());
        for key in map.keys().filter_map(Yaml::as_str) {
            let span = indented_key(text, start, key).unwrap_or(start..start);
            out.push(Found {
                ecosystem: Ecosystem::Pub,
                name: key.to_string(),
                span,
                dev,
            });
        }
    }
    Ok(out)
}

/// The span of `key` written as an indented `key:` line at or after `from` (YAML block map).
fn indented_key(text: &str, from: usize, key: &str) -> Option<Range<usize>> {
    let mut offset = from;
    for line in text[from..].split_inclusive('\n') {
        let body = line.trim_start_matches([' ', '\t']);
        let indent = line.len() - body.len();
        let unquoted = body.trim_start_matches(['"', '\'']);
        let quote = body.len() - unquoted.len();
        if indent > 0
            && unquoted.starts_with(key)
            && unquoted[key.len()..]
                .trim_start_matches(['"', '\''])
                .trim_start()
                .starts_with(':')
        {
            let start = offset + indent + quote;
            return Some(start..start + key.len());
        }
        offset += line.len();
    }
    None
}

fn pom(text: &str) -> Parsed {
    let doc = roxmltree::Document::parse(text).map_err(|e| ParseError {
        line: Some(e.pos().row as usize),
        message: format!("invalid XML: {e}"),
    })?;
    let mut out = Vec::new();
    for dep in doc.descendants().filter(|n| {
        n.has_tag_name("dependency") && n.parent().is_some_and(|p| p.has_tag_name("dependencies"))
    }) {
        let child = |tag: &str| dep.children().find(|c| c.has_tag_name(tag));
        let (Some(group), Some(artifact)) = (child("groupId"), child("artifactId")) else {
            continue;
        };
        let (Some(g), Some(a)) = (group.text(), artifact.text()) else {
            continue;
        };
        let dev = child("scope")
            .and_then(|s| s.text())
            .is_some_and(|s| s.trim() == "test");
        let span = artifact
            .first_child()
            .map_or_else(|| artifact.range(), |t| t.range());
        out.push(Found {
            ecosystem: Ecosystem::Maven,
            name: format!("{}:{}", g.trim(), a.trim()),
            span,
            dev,
        });
    }
    Ok(out)
}

/// The text of a line before a `#` comment (a `#` inside quotes is kept).
fn strip_hash_comment(line: &str) -> &str {
    let mut quote = None;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') => return &line[..i],
            _ => {}
        }
    }
    line
}

static RUBY_DECL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^\s*(gem|pod)\s*\(?\s*["']([^"']+)["']"#).expect("gem regex"));
static RUBY_BLOCK_OPEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(\bdo\s*(\|[^|]*\|)?\s*$)|^\s*(if|unless|case|begin|while|until|def|class|module)\b",
    )
    .expect("block regex")
});
static RUBY_INLINE_GROUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"groups?\s*(:|=>)\s*\[?\s*:(development|test)").expect("inline group regex")
});
static RUBY_GROUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(group|target|abstract_target)\b(.*)\bdo\b").expect("group regex")
});

/// Gemfile and Podfile: `gem "name"` / `pod 'Name'` lines, inside `group :test do` or
/// `target 'AppTests' do` blocks marked as development.
fn ruby_dsl(text: &str, ecosystem: Ecosystem) -> Vec<Found> {
    let mut out = Vec::new();
    // For each open block: whether it is a development or test block.
    let mut blocks: Vec<bool> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let code = strip_hash_comment(line);
        let trimmed = code.trim();
        if let Some(c) = RUBY_DECL.captures(code) {
            let m = c.get(2).expect("name group");
            let in_dev = blocks.iter().any(|&d| d);
            // `gem "rspec", group: :test` on one line.
            let inline_dev = RUBY_INLINE_GROUP.is_match(code);
            out.push(Found {
                ecosystem,
                name: m.as_str().to_string(),
                span: offset + m.start()..offset + m.end(),
                dev: in_dev || inline_dev,
            });
        } else if let Some(c) = RUBY_GROUP.captures(code) {
            let args = c.get(2).map_or("", |m| m.as_str()).to_ascii_lowercase();
            let dev = if &c[1] == "group" {
                !args.contains("production")
                    && (args.contains("development") || args.contains("test"))
            } else {
                args.contains("test")
            };
            blocks.push(dev);
        } else if trimmed == "end" || trimmed.starts_with("end ") {
            blocks.pop();
        } else if RUBY_BLOCK_OPEN.is_match(code) {
            blocks.push(false);
        }
        offset += line.len();
    }
    out
}

/// `go.mod`: `require path version` and `require ( ... )` blocks; `// indirect` requirements
/// are only needed by other modules and are skipped.
fn go_mod(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    let mut in_block = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let (code, comment) = line.split_once("//").unwrap_or((line, ""));
        let trimmed = code.trim();
        let spec = if in_block {
            if trimmed == ")" {
                in_block = false;
                None
            } else {
                Some(trimmed)
            }
        } else if let Some(rest) = trimmed.strip_prefix("require") {
            let rest = rest.trim();
            if rest == "(" {
                in_block = true;
                None
            } else {
                Some(rest)
            }
        } else {
            None
        };
        if let Some(spec) = spec.filter(|s| !s.is_empty()) {
            let path = spec.split_whitespace().next().unwrap_or("");
            if !path.is_empty() && !comment.trim().starts_with("indirect") {
                let start = offset + line.find(path).unwrap_or(0);
                out.push(Found {
                    ecosystem: Ecosystem::Go,
                    name: path.to_string(),
                    span: start..start + path.len(),
                    dev: false,
                });
            }
        }
        offset += line.len();
    }
    out
}

static GRADLE_DEP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"^\s*([A-Za-z]*(?:[Ii]mplementation|[Aa]pi|[Cc]ompileOnly|[Rr]untimeOnly|[Cc]ompile|kapt|ksp|[Aa]nnotationProcessor))\s*\(?\s*(?:platform\s*\(\s*|enforcedPlatform\s*\(\s*)?["']([^"':]+:[^"':]+)(?::[^"']*)?["']"#,
    )
    .expect("gradle regex")
});
static GRADLE_MAP_DEP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"^\s*([A-Za-z]*(?:[Ii]mplementation|[Aa]pi|[Cc]ompileOnly|[Rr]untimeOnly|[Cc]ompile))\s*\(?\s*group\s*[:=]\s*["']([^"']+)["']\s*,\s*name\s*[:=]\s*["']([^"']+)["']"#,
    )
    .expect("gradle map regex")
});

/// `build.gradle` / `build.gradle.kts`: dependency declarations written as string coordinates
/// (`implementation("io.sentry:sentry-android:7.0.0")`) or as `group:, name:` maps. Version
/// catalog references (`libs.sentry`) are read from `libs.versions.toml` instead.
fn gradle(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let code = line.split("//").next().unwrap_or(line);
        let dev_config = |config: &str| {
            let c = config.to_ascii_lowercase();
            c.starts_with("test") || c.starts_with("androidtest") || c.starts_with("debug")
        };
        if let Some(c) = GRADLE_DEP.captures(code) {
            let m = c.get(2).expect("coordinate");
            out.push(Found {
                ecosystem: Ecosystem::Maven,
                name: m.as_str().to_string(),
                span: offset + m.start()..offset + m.end(),
                dev: dev_config(&c[1]),
            });
        } else if let Some(c) = GRADLE_MAP_DEP.captures(code) {
            let m = c.get(3).expect("artifact");
            out.push(Found {
                ecosystem: Ecosystem::Maven,
                name: format!("{}:{}", &c[2], &c[3]),
                span: offset + m.start()..offset + m.end(),
                dev: dev_config(&c[1]),
            });
        }
        offset += line.len();
    }
    out
}

static SWIFT_PACKAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\.package\s*\([^)]*?url\s*:\s*"([^"]+)""#).expect("swift regex")
});

/// `Package.swift`: `.package(url: "https://github.com/getsentry/sentry-cocoa", ...)`; the
/// package is the repository name at the end of the URL.
fn package_swift(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    for c in SWIFT_PACKAGE.captures_iter(text) {
        let url = c.get(1).expect("url");
        let before = &text[..url.start()];
        if before
            .rsplit('\n')
            .next()
            .is_some_and(|l| l.trim_start().starts_with("//"))
        {
            continue;
        }
        let trimmed = url.as_str().trim_end_matches('/');
        let repo = trimmed.rsplit('/').next().unwrap_or(trimmed);
        let repo = repo.strip_suffix(".git").unwrap_or(repo);
        let start =
            url.start() + trimmed.len() - repo.len() - (trimmed.ends_with(".git") as usize * 4);
        out.push(Found {
            ecosystem: Ecosystem::SwiftPM,
            name: repo.to_string(),
            span: start..start + repo.len(),
            dev: false,
        });
    }
    out
}

/// `setup.cfg`: `install_requires` (and `extras_require`) in `[options]`, one requirement per
/// continuation line.
fn setup_cfg(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    let mut section = String::new();
    let mut collecting: Option<bool> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            section = trimmed.trim_matches(['[', ']']).to_ascii_lowercase();
            collecting = None;
        } else if !line.starts_with([' ', '\t']) && trimmed.contains('=') {
            let (key, value) = trimmed.split_once('=').unwrap_or((trimmed, ""));
            let key = key.trim().to_ascii_lowercase();
            collecting = match (section.as_str(), key.as_str()) {
                ("options", "install_requires") => Some(false),
                ("options", "tests_require") => Some(true),
                ("options.extras_require", extra) => Some(is_dev_name(extra)),
                _ => None,
            };
            if let (Some(dev), false) = (collecting, value.trim().is_empty()) {
                let at = offset + line.find(value.trim()).unwrap_or(0);
                out.extend(requirements(value.trim(), at, dev));
            }
        } else if let Some(dev) = collecting {
            if !trimmed.is_empty() {
                out.extend(requirements(line, offset, dev));
            }
        }
        offset += line.len();
    }
    out
}

/// `.env.example`: `KEY=value` lines (`export KEY=...` too); keys and hosts in values.
fn env_template(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if !trimmed.starts_with('#') {
            let body = trimmed.strip_prefix("export ").unwrap_or(trimmed);
            if let Some((key, _)) = body.split_once('=') {
                let key = key.trim();
                if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    let start = offset + line.find(key).unwrap_or(0);
                    out.push(Found {
                        ecosystem: Ecosystem::Env,
                        name: key.to_string(),
                        span: start..start + key.len(),
                        dev: false,
                    });
                }
            }
        }
        offset += line.len();
    }
    out.extend(source_hosts(text));
    out
}

static HOSTS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    let hosts: Vec<&str> = super::sdks::SDKS.hosts().collect();
    aho_corasick::AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(hosts)
        .expect("host automaton")
});

/// API hosts of the catalogue in a text, each host once per file (first occurrence). A host
/// counts when it stands alone or as a subdomain's end (`o1.ingest.sentry.io`), not inside a
/// longer name (`notapi.stripe.community`).
fn source_hosts(text: &str) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let bytes = text.as_bytes();
    for m in HOSTS.find_iter(text) {
        let before = m.start().checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(m.end()).copied();
        let host_char = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
        if before.is_some_and(host_char) || after.is_some_and(host_char) {
            continue;
        }
        if after == Some(b'.')
            && bytes
                .get(m.end() + 1)
                .is_some_and(|b| b.is_ascii_alphanumeric())
        {
            continue;
        }
        // Extend to the full host to the left (`o1.ingest.sentry.io`).
        let mut start = m.start();
        while start > 0 && (host_char(bytes[start - 1]) || bytes[start - 1] == b'.') {
            start -= 1;
        }
        let name = text[start..m.end()].trim_start_matches('.').to_string();
        if out.iter().any(|f| f.name.eq_ignore_ascii_case(&name)) {
            continue;
        }
        out.push(Found {
            ecosystem: Ecosystem::Host,
            span: m.end() - name.len()..m.end(),
            name,
            dev: false,
        });
    }
    out
}

#[cfg(test)]
mod tests;
