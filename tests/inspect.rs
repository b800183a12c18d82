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

/// A repository's code evidence: what reveals a processor, and why a package is ignored.
#[test]
fn code_evidence_shows_ignored_packages_with_their_reason() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write(
        "package.json",
        "{\n  \"dependencies\": {\n    \"@sentry/node\": \"8\",\n    \"stripe\": \"14\",\n    \"left-pad\": \"1\"\n  },\n  \"devDependencies\": {\n    \"posthog-node\": \"4\"\n  }\n}\n",
    );
    write(
        "policylint.toml",
        "[ignore-packages]\n\"npm:stripe\" = \"test fixtures only\\u202e\"\n",
    );
    write(
        "PRIVACY.md",
        "# Privacy Policy\n\nWe share crash reports with Sentry.\n",
    );
    let manifest = dir.path().join("package.json");
    let (code, out, err) = inspect(&[manifest.to_str().unwrap()], None);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("4 packages, keys and hosts read; 3 reveal a processor"),
        "{out}"
    );
    let row = |name: &str| {
        out.lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("no row for {name}:\n{out}"))
            .to_string()
    };
    assert!(row("package.json:3").contains("Sentry") && row("package.json:3").ends_with("used"));
    // The reason is echoed escaped, never with its bidi override raw.
    assert!(
        row("stripe").ends_with("ignored: test fixtures only\\u{202e}"),
        "{out}"
    );
    assert!(
        row("posthog-node").ends_with("development dependency, not read"),
        "{out}"
    );
    assert!(!out.contains("left-pad"), "{out}");

    // A folder: its policy documents, then its code evidence, as JSON.
    let (code, out, err) = inspect(&["--format", "json", dir.path().to_str().unwrap()], None);
    assert_eq!(code, Some(0), "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["kind"]["kind"], "privacy-policy", "{out}");
    let evidence = v[1]["evidence"].as_array().unwrap();
    let stripe = evidence.iter().find(|e| e["name"] == "stripe").unwrap();
    assert_eq!(stripe["status"], "ignored");
    assert_eq!(stripe["reason"], "test fixtures only\u{202e}");
    assert_eq!(stripe["processor"], "Stripe");

    // `--isolated` drops the config, and the package is read again.
    let (_, out, _) = inspect(&["--isolated", manifest.to_str().unwrap()], None);
    assert!(
        out.lines()
            .any(|l| l.contains("stripe") && l.ends_with("used")),
        "{out}"
    );
}

/// Each mention of a company outside the disclosure says what the company is to the policy.
#[test]
fn mentions_outside_the_disclosure_have_roles() {
    let v = json_of(
        "privacy.md",
        "# Privacy Policy\n\n\
         ## Sharing\n\nWe share payment data with Stripe to process your orders.\n\n\
         ## Your account\n\n\
         You can sign in with Google to create an account quickly and keep your settings.\n\n\
         Import your contacts from Dropbox to invite friends to the shared lists you make.\n\n\
         We never share any data with OpenAI or use your messages to train models.\n\n\
         Follow us on Instagram to hear about new releases and events near you.\n\n\
         We collect the PayPal account e-mail you give us for refunds of your orders.\n\n\
         This policy is based on Automattic's privacy policy, which is shared under a licence.\n\n\
         Support requests are stored with Zendesk for two years after your last message.\n",
    );
    let role = |name: &str| {
        v["parties"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("{name} not found: {v:#}"))["role"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(role("Stripe"), "disclosed");
    assert_eq!(role("sign in with Google"), "sign-in-source");
    assert_eq!(role("Dropbox"), "sign-in-source");
    assert_eq!(role("OpenAI"), "not-a-recipient");
    assert_eq!(role("Instagram"), "operator-channel");
    assert_eq!(role("PayPal"), "data-field");
    assert_eq!(role("Automattic"), "credit");
    assert_eq!(role("Zendesk"), "recipient");
}
