//! Micro-benchmarks (divan): the document parser per format, and each rule on its own.
//!
//! `cargo bench --bench rules` (filter: `cargo bench --bench rules -- parse`). Documents come
//! from the shared corpus (`../shared/corpus/policies`), loaded once at start: every k-th file,
//! up to `PER_FORMAT` per format. Rules run over documents parsed once, after one warm-up pass
//! so that vocabulary compilation (measured by `bench/run` and the profile) is not counted.
//! Without the corpus the benchmarks are skipped with a message.

use std::path::Path;
use std::sync::LazyLock;

use policylint::date::Date;
use policylint::diagnostic::FileId;
use policylint::document::{Document, Format};
use policylint::registry::RULES;
use policylint::rule::{LintContext, Rule};
use policylint::settings::Settings;

const CORPUS: &str = "../shared/corpus/policies";
/// Documents per format: enough to mix short and long ones, few enough for quick samples.
const PER_FORMAT: usize = 60;

struct Corpus {
    /// (path, text, format) of the sampled files.
    sources: Vec<(String, String, Format)>,
    /// The same documents, parsed.
    parsed: Vec<Document>,
}

static DOCS: LazyLock<Corpus> = LazyLock::new(load);

fn load() -> Corpus {
    let mut files: Vec<_> = std::fs::read_dir(CORPUS)
        .map(|dir| dir.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    let mut sources = Vec::new();
    for format in [Format::Text, Format::Markdown, Format::Html] {
        let of_format: Vec<_> = files
            .iter()
            .filter(|p| Format::from_path(&p.to_string_lossy()) == format)
            .collect();
        let step = (of_format.len() / PER_FORMAT).max(1);
        for path in of_format.into_iter().step_by(step).take(PER_FORMAT) {
            let Ok(bytes) = std::fs::read(path) else {
                continue;
            };
            if bytes.contains(&0) {
                continue; // binary files are refused by the engine too
            }
            let text = String::from_utf8_lossy(&bytes).into_owned();
            sources.push((path.to_string_lossy().into_owned(), text, format));
        }
    }
    let parsed = sources
        .iter()
        .map(|(path, text, format)| Document::parse_as(path, text.clone(), *format))
        .collect();
    Corpus { sources, parsed }
}

fn settings() -> Settings {
    Settings {
        today: Date::new(2026, 11, 22).expect("valid date"),
        ..Settings::default()
    }
}

fn main() {
    if !Path::new(CORPUS).is_dir() {
        println!(
            "skipped: corpus not found at {CORPUS} (benches/rules.rs needs the shared corpus)"
        );
        return;
    }
    let corpus = &*DOCS;
    let bytes: usize = corpus.sources.iter().map(|(_, t, _)| t.len()).sum();
    println!(
        "{} documents ({:.1} MB) sampled from {CORPUS}",
        corpus.sources.len(),
        bytes as f64 / 1e6
    );
    divan::main();
}

#[divan::bench(args = ["text", "markdown", "html"])]
fn parse(bencher: divan::Bencher, format: &str) {
    let docs: Vec<&(String, String, Format)> = DOCS
        .sources
        .iter()
        .filter(|(_, _, f)| f.as_str() == format)
        .collect();
    let bytes: usize = docs.iter().map(|(_, t, _)| t.len()).sum();
    bencher
        .counter(divan::counter::BytesCount::new(bytes))
        .bench(|| {
            for (path, text, format) in &docs {
                divan::black_box(Document::parse_as(path, text.clone(), *format));
            }
        });
}

/// The whole policy model of each document: kind, topics, contacts, parties, dates, ages.
#[divan::bench]
fn model(bencher: divan::Bencher) {
    let docs = &DOCS.parsed;
    bencher.bench(|| {
        let mut facts = 0;
        for doc in docs {
            let model = policylint::model::Model::new(doc);
            facts += model.kind().evidence.len()
                + model.contacts().methods.len()
                + model.parties().hits.len()
                + model.dates().len()
                + model.ages().len()
                + model.dangling_lead_ins().len();
        }
        facts
    });
}

fn rule_names() -> impl Iterator<Item = &'static str> {
    RULES.iter().map(|r| r.meta().name)
}

#[divan::bench(args = rule_names())]
fn rule(bencher: divan::Bencher, name: &str) {
    let rule: &dyn Rule = *RULES
        .iter()
        .find(|r| r.meta().name == name)
        .expect("a registered rule");
    let settings = settings();
    let docs = &DOCS.parsed;
    let run = || {
        let mut found = 0;
        for doc in docs {
            let mut cx = LintContext::new(FileId(0), &settings);
            // The model is built lazily: a rule pays for the parts it reads.
            let model = policylint::model::Model::new(doc);
            rule.check(doc, &model, &mut cx);
            found += cx.into_parts().0.len();
        }
        found
    };
    run(); // compiles the rule's vocabularies outside the measurement
    let bytes: usize = DOCS.sources.iter().map(|(_, t, _)| t.len()).sum();
    bencher
        .counter(divan::counter::BytesCount::new(bytes))
        .bench(run);
}
