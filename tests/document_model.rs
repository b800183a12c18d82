//! The document model on documents written in the styles real policies use: each
//! `tests/documents/<name>.<ext>` is parsed and its outline (sections with levels, blocks with
//! kinds and line:column, plain text) must equal `<name>.outline` beside it.
//! Bless with `BLESS=1 cargo test --test document_model`.

use std::fmt::Write;
use std::fs;
use std::path::Path;

use policylint::document::{BlockKind, Document};

fn outline(doc: &Document) -> String {
    let mut out = String::new();
    for (i, block) in doc.blocks.iter().enumerate() {
        let pos = doc.lines.position(&doc.source, block.span.start);
        let end = doc.lines.position(&doc.source, block.span.end);
        let kind = match block.kind {
            BlockKind::Heading { level } => format!("H{level}"),
            BlockKind::Paragraph => "P".into(),
            BlockKind::ListItem => "LI".into(),
            BlockKind::TableRow => "TR".into(),
        };
        let depth = block.section.map_or(0, |s| doc.ancestors(s).len());
        let indent = if block.is_heading() {
            depth.saturating_sub(1)
        } else {
            depth
        };
        writeln!(
            out,
            "{:indent$}{kind} {}:{}-{}:{} {:?}",
            "",
            pos.line,
            pos.column,
            end.line,
            end.column,
            doc.text(i),
            indent = indent * 2
        )
        .unwrap();
    }
    out
}

#[test]
fn documents_have_the_sections_a_reader_sees() {
    let bless = std::env::var_os("BLESS").is_some();
    let dir = Path::new("tests/documents");
    let mut failures = Vec::new();
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    let mut checked = 0;
    for path in entries {
        if path.extension().is_some_and(|e| e == "outline") {
            continue;
        }
        let bytes = fs::read(&path).unwrap();
        let doc = Document::parse(&path.to_string_lossy(), String::from_utf8(bytes).unwrap());
        let actual = outline(&doc);
        let expected_path = path.with_extension("outline");
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        checked += 1;
        if actual != expected {
            if bless {
                fs::write(&expected_path, &actual).unwrap();
            } else {
                failures.push(format!(
                    "{}:\n--- expected\n{expected}+++ actual\n{actual}",
                    path.display()
                ));
            }
        }
    }
    assert!(
        checked >= 5,
        "expected the document fixtures in tests/documents"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn spans_point_into_the_original_bytes() {
    let src = "<p>Tom &amp; Jerry&rsquo;s [Your Name]</p>".to_string();
    let doc = Document::parse("x.html", src.clone());
    let plain_at = doc.plain.find("[Your Name]").unwrap();
    let span = doc.span(plain_at..plain_at + "[Your Name]".len());
    assert_eq!(&src[span], "[Your Name]");
    let amp = doc.plain.find('&').unwrap();
    assert_eq!(&src[doc.span(amp..amp + 1)], "&amp;");
}
