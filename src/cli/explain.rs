use std::io::Write;

use serde_json::json;

use super::args::{ExplainArgs, ListFormat, RulesArgs};
use super::ExitStatus;
use policylint::registry;

pub fn list(args: &RulesArgs) -> ExitStatus {
    let mut out = std::io::stdout().lock();
    let result = match args.format {
        ListFormat::Json => {
            let rules: Vec<_> = registry::all()
                .map(|m| {
                    json!({
                        "code": m.code,
                        "name": m.name,
                        "category": m.category.as_str(),
                        "severity": m.default_severity.as_str(),
                        "summary": m.summary,
                        "jurisdictions": m.requires_jurisdiction,
                    })
                })
                .collect();
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&rules).unwrap_or_default()
            )
        }
        ListFormat::Text => {
            let width = registry::all().map(|m| m.name.len()).max().unwrap_or(0);
            let mut r = Ok(());
            for m in registry::all() {
                let only = if m.requires_jurisdiction.is_empty() {
                    String::new()
                } else {
                    format!(" (only with {})", m.requires_jurisdiction.join(", "))
                };
                r = r.and(writeln!(
                    out,
                    "{}  {:width$}  {:7}  {}{}",
                    m.code,
                    m.name,
                    m.default_severity.as_str(),
                    m.summary,
                    only,
                    width = width
                ));
            }
            r
        }
    };
    if result.is_err() {
        return ExitStatus::Success; // broken pipe: the reader went away
    }
    ExitStatus::Success
}

pub fn explain(args: &ExplainArgs) -> ExitStatus {
    let Some(meta) = registry::find(&args.rule) else {
        #[allow(clippy::print_stderr)]
        {
            eprintln!(
                "error: unknown rule `{}`; `policylint rules` lists them",
                policylint::render::escape_terminal(&args.rule)
            );
        }
        return ExitStatus::Error;
    };
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "# {} ({})\n\nDefault severity: {}. Category: {}.\n\n{}",
        meta.name,
        meta.code,
        meta.default_severity.as_str(),
        meta.category.as_str(),
        meta.explanation_text()
    );
    ExitStatus::Success
}
