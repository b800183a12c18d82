#![allow(clippy::print_stderr)]

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use super::args::{CheckArgs, ColorArg, FormatArg, LevelArg};
use super::ExitStatus;
use indicatif::{ProgressBar, ProgressStyle};
use policylint::config::{self, JURISDICTIONS};
use policylint::date::Date;
use policylint::diagnostic::Severity;
use policylint::engine::{self, Input};
use policylint::registry;
use policylint::render::{self, OutputFormat};
use policylint::settings::Settings;
use policylint::walk;

pub fn run(args: &CheckArgs) -> ExitStatus {
    match run_inner(args) {
        Ok(status) => status,
        Err(message) => {
            eprintln!("error: {}", escape_log(&message));
            ExitStatus::Error
        }
    }
}

fn run_inner(args: &CheckArgs) -> Result<ExitStatus, String> {
    let settings = resolve_settings(args)?;
    let read_stdin = args.stdin || args.paths.iter().any(|p| p.as_os_str() == "-");
    let mut paths: Vec<PathBuf> = args
        .paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .cloned()
        .collect();
    if paths.is_empty() && !read_stdin {
        paths.push(PathBuf::from("."));
    }
    // Manifests named on the command line (a pre-commit hook) are read as code, and bring in
    // the policy documents of their repository.
    let code_args = policylint::code::arguments(&paths);
    let (mut files, path_errors) = walk::collect(&code_args.documents, &settings);
    files.extend(walk::collect(&code_args.manifest_roots, &settings).0);
    let mut inputs: Vec<Input> = files.into_iter().map(Input::Path).collect();
    if read_stdin {
        let mut bytes = Vec::new();
        // One byte over the limit is enough for the engine to refuse it as too large.
        std::io::stdin()
            .take(engine::MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read stdin: {e}"))?;
        let name = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| "<stdin>".to_string());
        inputs.push(Input::Stdin { name, bytes });
    }
    if inputs.is_empty() && path_errors.is_empty() {
        eprintln!(
            "warning: no policy documents found in {}",
            escape_log(&display_list(&paths))
        );
    }

    let code_rules = ["undeclared-processor", "unused-processor-disclosure"];
    let code = (!code_args.roots.is_empty()
        && code_rules
            .iter()
            .any(|r| registry::find(r).is_some_and(|m| settings.is_enabled(m.code))))
    .then(|| policylint::code::CodeScan {
        whole_repository: code_args.whole_repository,
        ..policylint::code::CodeScan::scan(&code_args.roots, &settings)
    })
    // A folder of documents with no code in it (a reviewer's folder of policies): no
    // repository phase, so the documents' texts are not kept for one.
    .filter(|scan| !scan.is_empty());
    let progress = progress_bar(inputs.len(), args.quiet);
    let mut report = engine::run_with_code(inputs, code.as_ref(), &settings, &|| progress.inc(1));
    progress.finish_and_clear();
    report.errors.extend(path_errors);
    for w in &report.warnings {
        eprintln!(
            "warning: {}: {}",
            escape_log(&w.path),
            escape_log(&w.message)
        );
    }
    for e in &report.errors {
        eprintln!("error: {}: {}", escape_log(&e.path), escape_log(&e.message));
    }

    let format = match args.format {
        FormatArg::Full => OutputFormat::Full,
        FormatArg::Concise => OutputFormat::Concise,
        FormatArg::Json => OutputFormat::Json,
        FormatArg::JsonLines => OutputFormat::JsonLines,
        FormatArg::Github => OutputFormat::Github,
        FormatArg::Sarif => OutputFormat::Sarif,
    };
    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let quiet_clean = args.quiet && report.diagnostics.is_empty();
    if !quiet_clean {
        // Renderers write piece by piece; one system call per line would be slow.
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        let written = if args.statistics && format == OutputFormat::Json {
            render::statistics::render_json(&report, &mut out)
        } else if args.statistics {
            render::statistics::render_text(&report, &mut out)
        } else {
            render::render(&report, format, color, &mut out)
        };
        if let Err(e) = written.and_then(|()| out.flush()) {
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                return Err(format!("cannot write output: {e}"));
            }
        }
    }

    if !report.errors.is_empty() {
        return Ok(ExitStatus::Error);
    }
    let failing = report
        .diagnostics
        .iter()
        .any(|d| d.severity >= settings.fail_level);
    Ok(if failing && !args.exit_zero {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// Runs with at least this many inputs show a progress bar.
const PROGRESS_MIN_FILES: usize = 10;

/// A progress bar on stderr, or a hidden one: only for a person watching a terminal (not
/// when stderr is redirected, not in CI, not with `--quiet`) and only for many files.
fn progress_bar(files: usize, quiet: bool) -> ProgressBar {
    let wanted = files >= PROGRESS_MIN_FILES
        && !quiet
        && std::io::stderr().is_terminal()
        && std::env::var_os("CI").is_none();
    if !wanted {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(files as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}") {
        bar.set_style(style);
    }
    bar
}

/// The config file a run uses: none with `--isolated`, the one `--config` names (checked to
/// be there and not a folder), else the nearest to `start` (the first path linted).
pub(super) fn config_path(
    isolated: bool,
    config: Option<&Path>,
    start: &Path,
) -> Result<Option<PathBuf>, String> {
    if isolated {
        return Ok(None);
    }
    if let Some(p) = config {
        return match std::fs::metadata(p) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Err(format!("config file {} does not exist", p.display()))
            }
            Err(e) => {
                let reason = engine::io_message(&e);
                Err(format!("config file {}: {reason}", p.display()))
            }
            Ok(meta) if meta.is_dir() => Err(format!("config file {} is a directory", p.display())),
            // Other special files are refused with what they are when the config is read.
            Ok(_) => Ok(Some(p.to_path_buf())),
        };
    }
    let start = if start.exists() {
        start
    } else {
        start.parent().unwrap_or(Path::new(""))
    };
    Ok(config::discover(start))
}

fn resolve_settings(args: &CheckArgs) -> Result<Settings, String> {
    let mut base = Settings::default();
    if let Some(today) = &args.today {
        base.today = Date::parse_iso(today)
            .ok_or_else(|| format!("invalid --today `{today}` (expected YYYY-MM-DD)"))?;
    }
    let start = args
        .stdin_filename
        .as_ref()
        .map(PathBuf::from)
        .or_else(|| args.paths.iter().find(|p| p.as_os_str() != "-").cloned())
        .unwrap_or_else(|| PathBuf::from("."));
    let config_path = config_path(args.isolated, args.config.as_deref(), &start)?;
    let mut settings = match config_path {
        Some(p) => config::load(&p, base).map_err(|e| format!("invalid configuration: {e}"))?,
        None => base,
    };
    let resolve = |list: &[String], flag: &str| -> Result<Vec<&'static str>, String> {
        let mut codes = Vec::new();
        for item in list.iter().filter(|s| !s.is_empty()) {
            let found = registry::select(item);
            if found.is_empty() {
                return Err(format!(
                    "unknown rule `{item}` in {flag} (see `policylint rules`)"
                ));
            }
            codes.extend(found);
        }
        Ok(codes)
    };
    if let Some(select) = &args.select {
        settings.enabled = resolve(select, "--select")?;
    }
    let ignored = resolve(&args.ignore, "--ignore")?;
    settings.enabled.retain(|c| !ignored.contains(c));
    if let Some(list) = &args.jurisdictions {
        settings.jurisdictions.clear();
        for j in list.iter().filter(|s| !s.is_empty()) {
            let name = j.to_ascii_lowercase();
            if !JURISDICTIONS.contains(&name.as_str()) {
                return Err(format!(
                    "unknown jurisdiction `{j}` (known: {})",
                    JURISDICTIONS.join(", ")
                ));
            }
            settings.jurisdictions.push(name);
        }
    }
    if let Some(level) = args.fail_level {
        settings.fail_level = match level {
            LevelArg::Error => Severity::Error,
            LevelArg::Warning => Severity::Warning,
            LevelArg::Info => Severity::Info,
        };
    }
    Ok(settings)
}

fn display_list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Escapes text for a log line: no terminal control characters, and no `##[` that a GitHub
/// Actions runner would read as a command anywhere in a line.
fn escape_log(s: &str) -> String {
    policylint::render::escape_terminal(s).replace("##[", "##%5B")
}
