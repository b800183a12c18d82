//! `policylint inspect`: prints the policy model of documents, as text or JSON.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use policylint::code::summary::RepositorySummary;
use policylint::code::{discover, CodeScan};
use policylint::config;
use policylint::document::Document;
use policylint::engine::{read_input, Input, MAX_FILE_BYTES};
use policylint::model::summary::Summary;
use policylint::model::Model;
use policylint::settings::Settings;
use policylint::walk;

use super::args::{InspectArgs, ListFormat};
use super::ExitStatus;

/// Makes document text safe to print on a terminal: control characters, bidi controls,
/// zero-width characters and line separators are shown as `\u{...}`.
fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let invisible = c.is_control()
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{061C}' | '\u{FEFF}' | '\u{2028}' | '\u{2029}');
        if invisible {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

fn read(path: &std::path::Path, stdin_name: Option<&str>) -> Result<(String, String), String> {
    let input = if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("stdin: {e}"))?;
        Input::Stdin {
            name: stdin_name.unwrap_or("-").to_string(),
            bytes,
        }
    } else {
        Input::Path(path.to_path_buf())
    };
    let name = input.display();
    let (text, _) = read_input(&input).map_err(|e| format!("{}: {e}", visible(&name)))?;
    Ok((name, text))
}

fn print_text(out: &mut impl Write, s: &Summary) -> std::io::Result<()> {
    writeln!(out, "{}  ({})", visible(&s.path), s.format)?;
    let title = s
        .kind
        .title_line
        .map_or(String::new(), |l| format!(", titled on line {l}"));
    writeln!(out, "kind: {}{title}", s.kind.kind)?;
    for e in &s.kind.evidence {
        writeln!(out, "  - {}", visible(e))?;
    }
    writeln!(out, "sections:")?;
    for sec in &s.sections {
        let concepts = if sec.concepts.is_empty() {
            String::new()
        } else {
            format!("  [{}]", sec.concepts.join(", "))
        };
        writeln!(
            out,
            "  {:>5}  {}{}{concepts}",
            sec.line,
            "  ".repeat(sec.level.saturating_sub(1) as usize),
            visible(&sec.title)
        )?;
    }
    writeln!(out, "topics:")?;
    for c in &s.concepts {
        let at = c.line.map_or(String::new(), |l| format!(" (line {l})"));
        writeln!(out, "  {:<22} {}{at}", c.concept, c.covered_by)?;
    }
    writeln!(out, "dates:")?;
    for d in &s.dates {
        let value = d.value.as_deref().unwrap_or("unreadable");
        writeln!(out, "  {:>5}  {value:<10}  {}", d.line, visible(&d.text))?;
    }
    writeln!(out, "ages:")?;
    for a in &s.ages {
        let role = a.role.as_deref().unwrap_or("no role");
        let j = if a.jurisdiction.is_empty() {
            "no jurisdiction"
        } else {
            &a.jurisdiction
        };
        writeln!(
            out,
            "  {:>5}  {:<3} {role}, {j}: {}",
            a.line,
            a.age,
            visible(&a.text)
        )?;
    }
    writeln!(out, "parties:")?;
    for p in &s.parties {
        let company = match (&p.company, &p.category) {
            (Some(c), Some(cat)) => format!(" ({c}, {cat})"),
            _ => String::new(),
        };
        writeln!(
            out,
            "  {:>5}  {:<16} {}{company}",
            p.line,
            p.role,
            visible(&p.name)
        )?;
    }
    match s.disclosure.anchor_line {
        Some(l) => writeln!(out, "third-party disclosure: line {l}")?,
        None => writeln!(out, "third-party disclosure: none")?,
    }
    for (a, b) in &s.disclosure.regions {
        writeln!(out, "  lines {a}-{b}")?;
    }
    writeln!(out, "sharing statements:")?;
    for st in &s.sharing {
        writeln!(
            out,
            "  {:>5}  {:<38} {}",
            st.line,
            st.says,
            visible(&st.text)
        )?;
    }
    writeln!(out, "contacts:")?;
    for c in &s.contacts {
        let free = if c.freemail { " (free-mail)" } else { "" };
        writeln!(
            out,
            "  {:>5}  {:<8} {}{free}",
            c.line,
            c.kind,
            visible(&c.text)
        )?;
    }
    Ok(())
}

/// One thing `inspect` prints: a document's model or a repository's code evidence.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum Item {
    Document(Box<Summary>),
    Repository(RepositorySummary),
}

fn settings(args: &InspectArgs) -> Result<Settings, String> {
    let start = args
        .paths
        .iter()
        .find(|p| p.as_os_str() != "-")
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."));
    let path = super::check::config_path(args.isolated, args.config.as_deref(), &start)
        .map_err(|e| visible(&e))?;
    match path {
        Some(p) => config::load(&p, Settings::default())
            .map_err(|e| format!("invalid configuration: {}", visible(&e.to_string()))),
        None => Ok(Settings::default()),
    }
}

fn document(path: &Path, stdin_name: Option<&str>) -> Result<Item, String> {
    let (name, text) = read(path, stdin_name)?;
    let doc = Document::parse(&name, text);
    let model = Model::new(&doc);
    Ok(Item::Document(Box::new(Summary::of(&model))))
}

fn repository(root: &Path, settings: &Settings) -> Item {
    let scan = CodeScan::scan(&[root.to_path_buf()], settings);
    let name = root.display().to_string();
    Item::Repository(RepositorySummary::of(&name, &scan, &settings.code))
}

pub fn run(args: &InspectArgs) -> ExitStatus {
    let settings = match settings(args) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitStatus::Error;
        }
    };
    let mut status = ExitStatus::Success;
    let mut items = Vec::new();
    let mut fail = |e: String| {
        eprintln!("error: {e}");
        status = ExitStatus::Error;
    };
    for path in &args.paths {
        let is_manifest = path.is_file()
            && discover::kind_of(path).is_some_and(|k| k != discover::FileKind::Source);
        if path.is_dir() {
            let (files, errors) = walk::collect(std::slice::from_ref(path), &settings);
            for e in errors {
                fail(format!("{}: {}", visible(&e.path), visible(&e.message)));
            }
            for file in files {
                match document(&file, None) {
                    Ok(item) => items.push(item),
                    Err(e) => fail(e),
                }
            }
            items.push(repository(path, &settings));
        } else if is_manifest {
            items.push(repository(&discover::repository_root(path), &settings));
        } else {
            match document(path, args.stdin_filename.as_deref()) {
                Ok(item) => items.push(item),
                Err(e) => fail(e),
            }
        }
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let written = match args.format {
        ListFormat::Json => serde_json::to_writer_pretty(&mut out, &items)
            // Keep the kind of an I/O error: a closed pipe (`| head`) is not an error.
            .map_err(|e| match e.io_error_kind() {
                Some(kind) => std::io::Error::from(kind),
                None => std::io::Error::other(e),
            })
            .and_then(|_| writeln!(out)),
        ListFormat::Text => items.iter().enumerate().try_for_each(|(i, item)| {
            if i > 0 {
                writeln!(out)?;
            }
            match item {
                Item::Document(s) => print_text(&mut out, s),
                Item::Repository(r) => print_repository(&mut out, r),
            }
        }),
    };
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: {e}");
            return ExitStatus::Error;
        }
    }
    status
}

fn print_repository(out: &mut impl Write, r: &RepositorySummary) -> std::io::Result<()> {
    writeln!(out, "{}  (code)", visible(&r.repository))?;
    let revealing = r.evidence.iter().filter(|e| e.processor.is_some()).count();
    writeln!(
        out,
        "{} packages, keys and hosts read; {revealing} reveal a processor",
        r.dependencies_read
    )?;
    writeln!(out, "evidence:")?;
    for e in &r.evidence {
        let place = format!("{}:{}", visible(&e.file), e.line);
        let processor = e.processor.as_deref().unwrap_or("no processor");
        let status = match (e.status, &e.reason) {
            ("ignored", Some(reason)) => format!("ignored: {}", visible(reason)),
            ("dev", _) => "development dependency, not read".to_string(),
            (s, _) => s.to_string(),
        };
        writeln!(
            out,
            "  {place:<28} {:<9} {:<28} {:<20} {status}",
            e.ecosystem,
            visible(&e.name),
            visible(processor)
        )?;
    }
    if !r.errors.is_empty() {
        writeln!(out, "errors:")?;
        for e in &r.errors {
            let line = e.line.map_or(String::new(), |l| format!(":{l}"));
            writeln!(out, "  {}{line}  {}", visible(&e.file), visible(&e.message))?;
        }
    }
    Ok(())
}
