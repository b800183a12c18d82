//! Speed benchmark: `cargo bench --bench lint`.
//!
//! Lints every document of the shared corpus (`../shared/corpus/policies`, 85 MB) with every
//! rule, in memory, once on one thread and once on all cores, and one ~30 KB policy many times.
//! Prints throughput; targets (see issue 2): the whole corpus within a small factor of
//! ripgrep's ~0.2 s single-threaded scan, and one 30 KB policy well under 10 ms.

use std::path::Path;
use std::time::Instant;

use policylint::date::Date;
use policylint::engine::{self, Input};
use policylint::settings::Settings;

fn main() {
    let dir = Path::new("../shared/corpus/policies");
    let mut docs: Vec<(String, Vec<u8>)> = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            if let Ok(bytes) = std::fs::read(e.path()) {
                docs.push((name, bytes));
            }
        }
    }
    if docs.is_empty() {
        println!(
            "corpus not found at {}; using a synthetic corpus",
            dir.display()
        );
        let text = synthetic_policy();
        docs = (0..2000)
            .map(|i| (format!("doc{i}.md"), text.clone().into_bytes()))
            .collect();
    }
    docs.sort();
    let total: usize = docs.iter().map(|(_, b)| b.len()).sum();
    let settings = Settings {
        today: Date::new(2026, 11, 22).unwrap(),
        ..Settings::default()
    };
    let inputs = |docs: &[(String, Vec<u8>)]| -> Vec<Input> {
        docs.iter()
            .map(|(n, b)| Input::Stdin {
                name: n.clone(),
                bytes: b.clone(),
            })
            .collect()
    };

    // Warm up vocabularies (compiled once per process).
    let _ = engine::run(inputs(&docs[..1]), &settings);

    for threads in [1, 0] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let label = if threads == 1 {
            "1 thread".to_string()
        } else {
            format!("{} threads", pool.current_num_threads())
        };
        let batch = inputs(&docs);
        let start = Instant::now();
        let report = pool.install(|| engine::run(batch, &settings));
        let secs = start.elapsed().as_secs_f64();
        println!(
            "corpus, {label}: {} documents, {:.1} MB in {:.3} s ({:.1} MB/s), {} diagnostics",
            docs.len(),
            total as f64 / 1e6,
            secs,
            total as f64 / 1e6 / secs,
            report.diagnostics.len()
        );
    }

    // One policy of about 30 KB.
    let one = docs
        .iter()
        .min_by_key(|(_, b)| (b.len() as i64 - 30_000).abs())
        .cloned()
        .unwrap_or_else(|| ("policy.md".into(), synthetic_policy().into_bytes()));
    let runs = 200;
    let start = Instant::now();
    for _ in 0..runs {
        let _ = engine::run(inputs(std::slice::from_ref(&one)), &settings);
    }
    let per = start.elapsed().as_secs_f64() / runs as f64;
    println!(
        "one document ({}, {} bytes): {:.3} ms per lint",
        one.0,
        one.1.len(),
        per * 1e3
    );
}

fn synthetic_policy() -> String {
    let mut s = String::from("# Privacy Policy\n\nLast updated: March 1, 2026\n\n");
    for i in 0..60 {
        s.push_str(&format!(
            "## {i}. Section about data\n\nWe collect your name and email address to run the service. \
             We share it with Stripe for payments and keep it for 30 days after you close your account.\n\n"
        ));
    }
    s
}
