//! `--statistics`: how many findings each rule produced, and how many files have any.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use serde::Serialize;

use crate::engine::Report;

/// Findings of one rule.
#[derive(Serialize)]
pub struct RuleCount {
    pub code: &'static str,
    pub count: usize,
    pub rule: &'static str,
}

/// The counts of a run.
#[derive(Serialize)]
pub struct Statistics {
    pub files: usize,
    pub files_with_findings: usize,
    pub findings: usize,
    /// Most findings first, then by code.
    pub rules: Vec<RuleCount>,
}

impl Statistics {
    pub fn new(report: &Report) -> Statistics {
        let mut per_rule: BTreeMap<&'static str, (&'static str, usize)> = BTreeMap::new();
        let mut files = BTreeSet::new();
        for d in &report.diagnostics {
            per_rule.entry(d.rule.code).or_insert((d.rule.name, 0)).1 += 1;
            files.insert(d.file);
        }
        let mut rules: Vec<RuleCount> = per_rule
            .into_iter()
            .map(|(code, (rule, count))| RuleCount { code, count, rule })
            .collect();
        rules.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(b.code)));
        Statistics {
            files: report.files.len(),
            files_with_findings: files.len(),
            findings: report.diagnostics.len(),
            rules,
        }
    }
}

/// A table: count, code, name per rule, then a total line.
pub fn render_text(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let stats = Statistics::new(report);
    let width = stats.rules.first().map_or(1, |r| r.count.to_string().len());
    for r in &stats.rules {
        writeln!(out, "{:>width$}  {}  {}", r.count, r.code, r.rule)?;
    }
    writeln!(
        out,
        "policylint: {} {} in {} of {} {}",
        stats.findings,
        if stats.findings == 1 {
            "finding"
        } else {
            "findings"
        },
        stats.files_with_findings,
        stats.files,
        if stats.files == 1 { "file" } else { "files" },
    )
}

/// The same as one JSON object.
pub fn render_json(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &Statistics::new(report))?;
    writeln!(out)
}
