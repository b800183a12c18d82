//! Properties the fuzz targets check on every input.

use policylint::document::{Document, Format};

/// Parses `text` as `format` and checks that every range the document model hands to
/// rules lies inside the text it indexes and on character boundaries.
pub fn check_parse(text: &str, format: Format) {
    let doc = Document::parse_as("fuzz", text.to_string(), format);
    let in_text = |s: &str, r: &std::ops::Range<usize>, what: &str| {
        assert!(
            r.start <= r.end && r.end <= s.len(),
            "{what} {r:?} outside 0..{}",
            s.len()
        );
        assert!(
            s.is_char_boundary(r.start) && s.is_char_boundary(r.end),
            "{what} {r:?} not on character boundaries"
        );
    };
    for b in &doc.blocks {
        in_text(&doc.source, &b.span, "block span");
        in_text(&doc.plain, &b.plain, "block plain range");
        in_text(&doc.source, &doc.span(b.plain.clone()), "mapped block span");
    }
    for s in &doc.sections {
        in_text(&doc.source, &s.span, "section span");
        assert!(s.heading < doc.blocks.len(), "section heading out of range");
        assert!(s.body.end <= doc.blocks.len(), "section body out of range");
    }
    for l in &doc.links {
        in_text(&doc.source, &l.span, "link span");
    }
    // Every plain offset (on a character boundary) maps into the source.
    let mut p = 0;
    while p <= doc.plain.len() {
        if doc.plain.is_char_boundary(p) {
            in_text(&doc.source, &doc.span(p..p), "mapped offset");
        }
        p += 1 + p / 8;
    }
}

/// Lints one document (its format picked by the first byte) and checks the report and
/// every output format.
pub fn check_lint(data: &[u8]) {
    use policylint::date::Date;
    use policylint::document::LineIndex;
    use policylint::engine::lint_text;
    use policylint::render::{escape::is_hidden, render, OutputFormat};
    use policylint::settings::Settings;

    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let path = ["privacy.md", "privacy.html", "privacy.txt"][usize::from(selector % 3)];
    let text = String::from_utf8_lossy(rest).into_owned();
    let mut settings = Settings::default();
    settings.today = Date::parse_iso("2026-11-22").expect("a valid date");
    if selector & 4 != 0 {
        settings.jurisdictions = vec!["gdpr".into(), "ccpa".into(), "coppa".into()];
    }
    let report = lint_text(path, text.clone(), &settings);
    if report.files.is_empty() {
        // Refused (NUL bytes: a binary file): an error, and nothing to render.
        assert_eq!(report.errors.len(), 1, "a refused input is one error");
        return;
    }
    // The engine drops a leading byte order mark; offsets are in the text without it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
    let lines = LineIndex::new(&text);
    let file = &report.files[0];
    for d in &report.diagnostics {
        let labels = std::iter::once(&d.primary).chain(&d.secondary);
        for l in labels {
            let r = &l.span;
            assert!(
                r.start <= r.end && r.end <= text.len(),
                "{} span {r:?} outside the text",
                d.rule.code
            );
            assert!(
                text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
                "{} span {r:?} not on character boundaries",
                d.rule.code
            );
            for offset in [r.start, r.end] {
                assert_eq!(
                    file.position(offset),
                    lines.position(&text, offset),
                    "{} position of {offset}",
                    d.rule.code
                );
                assert_eq!(
                    file.utf16_position(offset),
                    lines.utf16_position(&text, offset),
                    "{} UTF-16 position of {offset}",
                    d.rule.code
                );
            }
        }
    }
    let formats = [
        OutputFormat::Full,
        OutputFormat::Concise,
        OutputFormat::Json,
        OutputFormat::JsonLines,
        OutputFormat::Github,
        OutputFormat::Sarif,
    ];
    let outputs: Vec<String> = formats
        .iter()
        .map(|&format| {
            let mut out = Vec::new();
            render(&report, format, false, &mut out).expect("rendering to memory succeeds");
            String::from_utf8(out).expect("output is UTF-8")
        })
        .collect();
    // Deterministic: a second run renders the same.
    let again = lint_text(path, text.clone(), &settings);
    let mut out = Vec::new();
    render(&again, OutputFormat::Json, false, &mut out).expect("rendering to memory succeeds");
    assert_eq!(
        String::from_utf8(out).expect("UTF-8"),
        outputs[2],
        "second run differs"
    );
    // Text formats show no hidden character raw.
    for i in [0, 1, 4] {
        let (format, output) = (formats[i], &outputs[i]);
        if let Some(c) = output.chars().find(|&c| c != '\n' && is_hidden(c)) {
            panic!("{format:?} output holds {c:?} raw");
        }
    }
    serde_json::from_str::<serde_json::Value>(&outputs[2]).expect("json output parses");
    for line in outputs[3].lines() {
        serde_json::from_str::<serde_json::Value>(line).expect("json-lines output parses");
    }
    serde_json::from_str::<serde_json::Value>(&outputs[5]).expect("sarif output parses");
}
