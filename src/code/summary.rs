//! What `policylint inspect` shows of a repository's code: each package, environment key or API
//! host that reveals a processor, and whether the check reads it, skips it as a development
//! dependency, or ignores it for the reason given in `ignore-packages`.

use serde::Serialize;

use super::manifests::line_of;
use super::{sdks, CodeScan, CodeSettings};

/// The code evidence of one repository root.
#[derive(Debug, Serialize)]
pub struct RepositorySummary {
    pub repository: String,
    /// Packages, keys and hosts read from manifests and sources, processor or not.
    pub dependencies_read: usize,
    pub evidence: Vec<Evidence>,
    pub errors: Vec<EvidenceError>,
}

/// One package, key or host that maps to a processor or that `ignore-packages` names.
#[derive(Debug, Serialize)]
pub struct Evidence {
    pub file: String,
    pub line: usize,
    /// `npm`, `pypi`, ... `env`, `host`: the prefix `ignore-packages` keys use.
    pub ecosystem: &'static str,
    pub name: String,
    /// The company of the processor it reveals, if the SDK catalogue knows it.
    pub processor: Option<String>,
    /// `used` (judged against the policy), `dev` (a development dependency, not read unless
    /// configured) or `ignored` (named in `ignore-packages`).
    pub status: &'static str,
    /// The `ignore-packages` reason.
    pub reason: Option<String>,
}

/// A manifest that could not be read or parsed.
#[derive(Debug, Serialize)]
pub struct EvidenceError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl RepositorySummary {
    pub fn of(repository: &str, scan: &CodeScan, settings: &CodeSettings) -> RepositorySummary {
        let sdks = &*sdks::SDKS;
        let catalogue = &*crate::model::parties::CATALOGUE;
        let mut evidence: Vec<Evidence> = scan
            .dependencies
            .iter()
            .filter_map(|d| {
                let processor = sdks.lookup(d.ecosystem, &d.name).and_then(|entry| {
                    let id = &sdks.entries[entry].processor;
                    catalogue
                        .processors
                        .iter()
                        .find(|p| &p.id == id)
                        .map(|p| p.company.clone())
                });
                let reason = settings.ignore_reason(d).map(str::to_string);
                if processor.is_none() && reason.is_none() {
                    return None;
                }
                let status = if reason.is_some() {
                    "ignored"
                } else if d.dev && !settings.include_dev {
                    "dev"
                } else {
                    "used"
                };
                let file = &scan.files[d.file];
                Some(Evidence {
                    file: file.path.clone(),
                    line: line_of(&file.text, d.span.start),
                    ecosystem: d.ecosystem.key(),
                    name: d.name.clone(),
                    processor,
                    status,
                    reason,
                })
            })
            .collect();
        evidence.sort_by(|a, b| (&a.file, a.line, &a.name).cmp(&(&b.file, b.line, &b.name)));
        let mut errors: Vec<EvidenceError> = scan
            .errors
            .iter()
            .map(|e| EvidenceError {
                file: e.path.clone(),
                line: e.line,
                message: e.message.clone(),
            })
            .collect();
        errors.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        RepositorySummary {
            repository: repository.to_string(),
            dependencies_read: scan.dependencies.len(),
            evidence,
            errors,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::{Dependency, Ecosystem, ScannedFile};

    #[test]
    fn ignored_dev_and_used_packages_are_told_apart() {
        let text = "{\n  \"@sentry/nextjs\": \"8\",\n  \"posthog-js\": \"1\",\n  \"left-pad\": \"1\",\n  \"stripe\": \"1\"\n}\n";
        let dep = |name: &str, dev: bool| Dependency {
            ecosystem: Ecosystem::Npm,
            name: name.to_string(),
            file: 0,
            span: text.find(name).unwrap()..text.find(name).unwrap() + name.len(),
            dev,
        };
        let scan = CodeScan {
            files: vec![ScannedFile {
                path: "package.json".into(),
                text: text.into(),
            }],
            dependencies: vec![
                dep("stripe", false),
                dep("@sentry/nextjs", false),
                dep("posthog-js", true),
                dep("left-pad", false),
            ],
            ..CodeScan::default()
        };
        let settings = CodeSettings {
            ignored_packages: vec![("npm:stripe".into(), "test keys only".into())],
            ..CodeSettings::default()
        };
        let s = RepositorySummary::of(".", &scan, &settings);
        let rows: Vec<(usize, &str, &str, Option<&str>)> = s
            .evidence
            .iter()
            .map(|e| (e.line, e.name.as_str(), e.status, e.reason.as_deref()))
            .collect();
        assert_eq!(
            rows,
            [
                (2, "@sentry/nextjs", "used", None),
                (3, "posthog-js", "dev", None),
                (5, "stripe", "ignored", Some("test keys only")),
            ]
        );
        assert_eq!(s.evidence[0].processor.as_deref(), Some("Sentry"));
        assert_eq!(s.dependencies_read, 4);
    }
}
