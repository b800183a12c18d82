//! `docs/rules.md` is generated from the rules' documentation (the text `policylint explain`
//! prints) and must be up to date. Regenerate with `BLESS=1 cargo test --test rule_docs`.

use std::fmt::Write;

use policylint::registry;

fn generate() -> String {
    let mut out = String::from(
        "# Rules\n\n<!-- Generated from the rule declarations in src/rules/ by `BLESS=1 cargo test --test rule_docs`; do not edit. -->\n\n",
    );
    out.push_str("| code | name | default severity | summary |\n| --- | --- | --- | --- |\n");
    for m in registry::all() {
        writeln!(
            out,
            "| {} | [`{}`](#{}) | {} | {} |",
            m.code,
            m.name,
            m.name,
            m.default_severity.as_str(),
            m.summary
        )
        .unwrap();
    }
    for m in registry::all() {
        let only = if m.requires_jurisdiction.is_empty() {
            String::new()
        } else {
            format!(
                " Runs only with the jurisdiction profile {}.",
                m.requires_jurisdiction.join(", ")
            )
        };
        writeln!(
            out,
            "\n<a id=\"{}\"></a>\n## {} ({})\n\nDefault severity: {}. Category: {}.{}\n",
            m.name,
            m.name,
            m.code,
            m.default_severity.as_str(),
            m.category.as_str(),
            only
        )
        .unwrap();
        // Demote the explanation's headings one level under the rule's heading.
        for line in m.explanation_text().lines() {
            if let Some(rest) = line.strip_prefix("## ") {
                writeln!(out, "### {rest}").unwrap();
            } else {
                writeln!(out, "{line}").unwrap();
            }
        }
    }
    out
}

#[test]
fn rules_md_is_up_to_date() {
    let path = "docs/rules.md";
    let expected = generate();
    let actual = std::fs::read_to_string(path).unwrap_or_default();
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(path, &expected).unwrap();
        return;
    }
    assert!(
        actual == expected,
        "{path} is out of date: run `BLESS=1 cargo test --test rule_docs`"
    );
}
