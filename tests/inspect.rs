//! `policylint inspect` end to end: the model of a document as text and JSON.

use std::process::Command;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_policylint");

fn inspect(args: &[&str], stdin: Option<&str>) -> (Option<i32>, String, String) {
    use std::io::Write;
    let mut child = Command::new(BIN)
        .arg("inspect")
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(input);
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn json_of(name: &str, text: &str) -> Value {
    let (code, out, err) = inspect(
        &["--format", "json", "--stdin-filename", name, "-"],
        Some(text),
    );
    assert_eq!(code, Some(0), "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    v[0].clone()
}

#[test]
fn the_example_policy_is_modelled() {
    let (code, out, err) = inspect(&["examples/privacy-policy.md"], None);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("kind: privacy-policy"), "{out}");
    for part in [
        "sections:",
        "topics:",
        "dates:",
        "ages:",
        "parties:",
        "contacts:",
    ] {
        assert!(out.contains(part), "{part} missing:\n{out}");
    }
    let (code, out, _) = inspect(&["--format", "json", "examples/privacy-policy.md"], None);
    assert_eq!(code, Some(0));
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["kind"]["kind"], "privacy-policy");
    assert!(!v[0]["sections"].as_array().unwrap().is_empty());
}

#[test]
fn kinds_of_documents() {
    let stub = json_of(
        "docs/notes.md",
        "# Privacy Policy\n\nWe respect your privacy. Write to us with questions.\n",
    );
    assert_eq!(stub["kind"]["kind"], "privacy-policy", "{stub:#}");
    assert_eq!(stub["kind"]["title_line"], 1);

    let terms = json_of(
        "privacy/terms-of-service.md",
        "# Terms of Service\n\nBy using the service you agree to these terms.\n",
    );
    assert_eq!(terms["kind"]["kind"], "terms");

    let cookie = json_of("c.html", "<h1>Cookie Policy</h1><p>We use cookies.</p>");
    assert_eq!(cookie["kind"]["kind"], "cookie-policy");

    // A scraped topic page whose URL path and headings say "privacy" as a topic.
    let mut nav = String::from("https://think.example.org/topics/surveillance-and-privacy\n");
    for word in [
        "Home",
        "Topics",
        "Climate",
        "Defense",
        "Surveillance and Privacy",
        "Space",
        "Energy",
        "Events",
        "Experts",
        "Podcasts",
        "About",
        "Contact",
        "Donate",
        "Careers",
    ] {
        nav.push_str(word);
        nav.push('\n');
    }
    let page = json_of("page.txt", &nav);
    assert_eq!(page["kind"]["kind"], "not-a-policy", "{page:#}");
}

#[test]
fn parties_dates_ages_and_contacts() {
    let v = json_of(
        "privacy.md",
        "# Privacy Policy\n\nLast updated: March 3, 2025\n\n## Sharing\n\nWe use Stripe to process payments.\n\n## Children\n\nYou must be at least 16 to use the app.\n\n## Contact\n\nWrite to privacy@acme.example.\n",
    );
    let parties = v["parties"].as_array().unwrap();
    assert!(
        parties
            .iter()
            .any(|p| p["name"] == "Stripe" && p["role"] == "disclosed"),
        "{v:#}"
    );
    assert_eq!(v["dates"][0]["value"], "2025-03-03", "{v:#}");
    assert_eq!(v["dates"][0]["line"], 3);
    assert_eq!(v["ages"][0]["age"], 16, "{v:#}");
    assert_eq!(v["contacts"][0]["kind"], "email");
    assert_eq!(v["contacts"][0]["line"], 15);
}

#[test]
fn document_text_is_escaped_and_missing_files_are_errors() {
    let (code, out, _) = inspect(
        &["--stdin-filename", "privacy.md", "-"],
        Some("# Privacy \u{202e}Policy\n\nWe keep data.\n"),
    );
    assert_eq!(code, Some(0));
    assert!(out.contains("\\u{202e}"), "{out}");
    assert!(!out.contains('\u{202e}'));
    let (code, _, err) = inspect(&["no/such/file.md"], None);
    assert_eq!(code, Some(2));
    assert!(err.contains("no/such/file.md"), "{err}");
}
