//! `policylint inspect`: prints the policy model of documents, as text or JSON.

use std::io::{Read, Write};

use policylint::document::Document;
use policylint::engine::{read_input, Input, MAX_FILE_BYTES};
use policylint::model::summary::Summary;
use policylint::model::Model;

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

pub fn run(args: &InspectArgs) -> ExitStatus {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut status = ExitStatus::Success;
    let mut summaries = Vec::new();
    for path in &args.paths {
        match read(path, args.stdin_filename.as_deref()) {
            Ok((name, text)) => {
                let doc = Document::parse(&name, text);
                let model = Model::new(&doc);
                summaries.push(Summary::of(&model));
            }
            Err(e) => {
                eprintln!("error: {e}");
                status = ExitStatus::Error;
            }
        }
    }
    let written = match args.format {
        ListFormat::Json => serde_json::to_writer_pretty(&mut out, &summaries)
            .map_err(std::io::Error::other)
            .and_then(|_| writeln!(out)),
        ListFormat::Text => summaries.iter().enumerate().try_for_each(|(i, s)| {
            if i > 0 {
                writeln!(out)?;
            }
            print_text(&mut out, s)
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
