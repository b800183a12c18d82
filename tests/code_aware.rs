//! End-to-end tests of the code-aware check on the built binary: the repositories under
//! `fixtures/repos/` (one per ecosystem, each with a policy and manifests) are linted with
//! `--format json`, and the findings' primary labels (the manifest line that brings a service
//! in) and secondary labels (the policy's disclosure) are checked.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_policylint");

struct Run {
    code: i32,
    json: Value,
    stderr: String,
}

fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(BIN)
        .current_dir(dir)
        .args([
            "check",
            "--isolated",
            "--today",
            "2026-11-22",
            "--format",
            "json",
        ])
        .args([
            "--select",
            "undeclared-processor,unused-processor-disclosure",
        ])
        .args(args)
        .output()
        .expect("run policylint");
    let stdout = String::from_utf8(out.stdout).unwrap();
    Run {
        code: out.status.code().unwrap(),
        json: serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}")),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn run(args: &[&str]) -> Run {
    run_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

fn diagnostics(r: &Run) -> &Vec<Value> {
    r.json["diagnostics"].as_array().unwrap()
}

/// `file:line` of a diagnostic's primary span, or of a label.
fn at(v: &Value) -> String {
    format!("{}:{}", v["file"].as_str().unwrap(), v["start"]["line"])
}

/// The one D001 finding whose message names `service`.
fn finding<'a>(r: &'a Run, service: &str) -> &'a Value {
    let found: Vec<&Value> = diagnostics(r)
        .iter()
        .filter(|d| d["rule"] == "undeclared-processor")
        .filter(|d| d["message"].as_str().unwrap().contains(service))
        .collect();
    assert_eq!(found.len(), 1, "{service}: {:#?}", diagnostics(r));
    found[0]
}

/// Checks one finding: its primary location and label, the code-side labels, and the label on
/// the policy's disclosure.
fn expect(
    r: &Run,
    service: &str,
    primary: &str,
    primary_label: &str,
    other_code: &[&str],
    policy: &str,
) {
    let d = finding(r, service);
    assert_eq!(at(d), primary, "{d:#}");
    assert_eq!(d["label"], primary_label, "{d:#}");
    let labels = d["labels"].as_array().unwrap();
    let places: Vec<String> = labels.iter().map(at).collect();
    let mut expected: Vec<String> = other_code.iter().map(|s| s.to_string()).collect();
    expected.push(policy.to_string());
    assert_eq!(places, expected, "{d:#}");
    let last = labels.last().unwrap()["message"].as_str().unwrap();
    assert!(last.contains("not among the recipients"), "{last}");
    let help = d["help"].as_str().unwrap();
    assert!(help.contains("`Service providers`"), "{help}");
}

fn repo(name: &str) -> String {
    format!("fixtures/repos/{name}")
}

fn count(r: &Run, rule: &str) -> usize {
    diagnostics(r).iter().filter(|d| d["rule"] == rule).count()
}

#[test]
fn javascript_monorepo_with_env_template() {
    let r = run(&[&repo("javascript")]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let f = "fixtures/repos/javascript";
    expect(
        &r,
        "OpenAI",
        &format!("{f}/package.json:9"),
        "`openai` is the AI SDK of OpenAI",
        &[&format!("{f}/.env.example:5")],
        &format!("{f}/PRIVACY.md:13"),
    );
    expect(
        &r,
        "PostHog",
        &format!("{f}/packages/web/package.json:6"),
        "`posthog-js` is the analytics SDK of PostHog",
        &[&format!("{f}/.env.example:4")],
        &format!("{f}/PRIVACY.md:13"),
    );
    // Disclosed (Stripe, Sentry), dev-only (LaunchDarkly), under node_modules (Mixpanel), in
    // a test package (Amplitude) or in the maintainers' release tooling (GitHub's
    // `@octokit/rest` in packages/release): nothing else.
    assert_eq!(count(&r, "undeclared-processor"), 2, "{:#?}", r.json);
}

#[test]
fn python_groups_a_package_and_its_keys() {
    let r = run(&[&repo("python")]);
    let f = "fixtures/repos/python";
    expect(
        &r,
        "Twilio",
        &format!("{f}/requirements.txt:3"),
        "`twilio` is the SMS SDK of Twilio",
        &[
            &format!("{f}/.env.example:3"),
            &format!("{f}/.env.example:4"),
        ],
        &format!("{f}/PRIVACY.md:13"),
    );
    // `mixpanel` is only in the `test` extra.
    assert_eq!(count(&r, "undeclared-processor"), 1, "{:#?}", r.json);
}

#[test]
fn ruby_two_gems_of_one_vendor_give_one_finding() {
    let r = run(&[&repo("ruby")]);
    let f = "fixtures/repos/ruby";
    expect(
        &r,
        "Sentry",
        &format!("{f}/Gemfile:6"),
        "`sentry-ruby` is the error-monitoring SDK of Sentry",
        &[&format!("{f}/Gemfile:7")],
        &format!("{f}/PRIVACY.md:13"),
    );
    // `intercom` is in the development group.
    assert_eq!(count(&r, "undeclared-processor"), 1, "{:#?}", r.json);
}

#[test]
fn go_module_with_major_version_and_indirect_requirement() {
    let r = run(&[&repo("go")]);
    let f = "fixtures/repos/go";
    expect(
        &r,
        "Sentry",
        &format!("{f}/go.mod:8"),
        "`github.com/getsentry/sentry-go` is the error-monitoring SDK of Sentry",
        &[],
        &format!("{f}/PRIVACY.md:13"),
    );
    // Stripe (`stripe-go/v76`) is disclosed; Mixpanel is only `// indirect`.
    assert_eq!(count(&r, "undeclared-processor"), 1, "{:#?}", r.json);
}

#[test]
fn rust_renamed_dependency() {
    let r = run(&[&repo("rust")]);
    let f = "fixtures/repos/rust";
    expect(
        &r,
        "PostHog",
        &format!("{f}/Cargo.toml:10"),
        "`posthog-rs` is the analytics SDK of PostHog",
        &[],
        &format!("{f}/PRIVACY.md:13"),
    );
    assert_eq!(count(&r, "undeclared-processor"), 1, "{:#?}", r.json);
}

#[test]
fn php_composer() {
    let r = run(&[&repo("php")]);
    let f = "fixtures/repos/php";
    expect(
        &r,
        "Mailgun",
        &format!("{f}/composer.json:9"),
        "`mailgun/mailgun-php` is the e-mail SDK of Mailgun",
        &[],
        &format!("{f}/PRIVACY.md:13"),
    );
    assert_eq!(count(&r, "undeclared-processor"), 1, "{:#?}", r.json);
}

#[test]
fn flutter_pubspec() {
    let r = run(&[&repo("flutter")]);
    let f = "fixtures/repos/flutter";
    expect(
        &r,
        "RevenueCat",
        &format!("{f}/pubspec.yaml:14"),
        "`purchases_flutter` is the payment SDK of RevenueCat",
        &[],
        &format!("{f}/PRIVACY.md:13"),
    );
    assert_eq!(count(&r, "undeclared-processor"), 1, "{:#?}", r.json);
}

#[test]
fn android_gradle_catalog_and_maven() {
    let r = run(&[&repo("android")]);
    let f = "fixtures/repos/android";
    expect(
        &r,
        "PostHog",
        &format!("{f}/gradle/libs.versions.toml:5"),
        "`com.posthog:posthog-android` is the analytics SDK of PostHog",
        &[],
        &format!("{f}/PRIVACY.md:13"),
    );
    expect(
        &r,
        "Stripe",
        &format!("{f}/server/pom.xml:10"),
        "`com.stripe:stripe-java` is the payment SDK of Stripe",
        &[],
        &format!("{f}/PRIVACY.md:13"),
    );
    // Firebase Crashlytics (Google) and Sentry are disclosed.
    assert_eq!(count(&r, "undeclared-processor"), 2, "{:#?}", r.json);
}

#[test]
fn ios_podfile_and_swift_package() {
    let r = run(&[&repo("ios")]);
    let f = "fixtures/repos/ios";
    expect(
        &r,
        "Mixpanel",
        &format!("{f}/Podfile:6"),
        "`Mixpanel-swift` is the analytics SDK of Mixpanel",
        &[],
        &format!("{f}/PRIVACY.md:13"),
    );
    // Sentry comes in through Package.swift and is disclosed; `Quick` is in a test target.
    assert_eq!(count(&r, "undeclared-processor"), 1, "{:#?}", r.json);
}

#[test]
fn policy_and_code_that_agree_report_nothing() {
    let r = run(&[&repo("agree")]);
    assert_eq!(r.code, 0, "{:#?}", r.json);
    assert!(diagnostics(&r).is_empty(), "{:#?}", r.json);
}

#[test]
fn no_policy_is_said_once() {
    let r = run(&[&repo("no-policy")]);
    assert_eq!(r.code, 1);
    let all = diagnostics(&r);
    assert_eq!(all.len(), 1, "{all:#?}");
    let d = &all[0];
    assert_eq!(
        d["message"],
        "the code uses 3 third-party services (Stripe, Sentry, PostHog) but no privacy policy document was found"
    );
    assert_eq!(at(d), "fixtures/repos/no-policy/package.json:5");
    assert_eq!(d["labels"].as_array().unwrap().len(), 2, "{d:#}");
}

#[test]
fn a_lone_terms_document_does_not_claim_the_policy_is_missing() {
    // The repository's policy may be among the documents that were not named.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(
        dir.path().join("package.json"),
        r#"{"dependencies": {"stripe": "14"}}"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("terms.md"),
        "# Terms of Service\n\nBe nice.\n",
    )
    .unwrap();
    let r = run_in(dir.path(), &["terms.md"]);
    assert!(diagnostics(&r).is_empty(), "{:#?}", r.json);
    // The same repository linted as a folder does say so.
    let r = run_in(dir.path(), &["."]);
    assert_eq!(diagnostics(&r).len(), 1, "{:#?}", r.json);
}

#[test]
fn malformed_manifest_is_reported_and_skipped() {
    let r = run(&[&repo("malformed")]);
    assert!(
        r.stderr.contains(
            "warning: fixtures/repos/malformed/package.json: line 6: invalid JSON: trailing comma"
        ),
        "{}",
        r.stderr
    );
    // The Gemfile beside it is still read, and the policy still linted.
    let d = finding(&r, "Sentry");
    assert_eq!(at(d), "fixtures/repos/malformed/Gemfile:2");
    assert_eq!(r.code, 1);
}

/// Copies a folder tree (fixtures are small).
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn naming_a_manifest_checks_it_against_the_repository_policy() {
    // What the pre-commit hook does when only a package.json changed: the repository (found by
    // its `.git`) is scanned and its policy is linted with it.
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/repos/javascript"),
        dir.path(),
    );
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let r = run_in(&dir.path().join("packages"), &["web/package.json"]);
    let d = finding(&r, "PostHog");
    assert_eq!(at(d), "../packages/web/package.json:6", "{d:#}");
    let policy = d["labels"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(at(&policy), "../PRIVACY.md:13");
    // The manifest itself is not linted as a document.
    assert!(!r.stderr.contains("error"), "{}", r.stderr);
}

#[test]
fn config_ignores_packages_declares_processors_and_names_the_policy() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("package.json"),
        r#"{"dependencies": {"openai": "4", "posthog-js": "1", "@sentry/browser": "7"}}"#,
    )
    .unwrap();
    std::fs::create_dir(root.join("docs")).unwrap();
    let policy = "# Privacy Policy\n\n## Service providers\n\nWe share data with these service providers:\n\n- Sentry: error reports\n";
    std::fs::write(root.join("docs/privacy.md"), policy).unwrap();
    // A second privacy document that names OpenAI, which is not the policy.
    std::fs::write(
        root.join("docs/privacy-faq.md"),
        "# Privacy FAQ\n\nDo you use OpenAI? Yes, for summaries.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("policylint.toml"),
        "select = [\"undeclared-processor\"]\npolicy = [\"docs/privacy.md\"]\nprocessors = [\"PostHog\"]\n[ignore-packages]\n\"npm:@sentry/browser\" = \"only used on the status page, no user data\"\n",
    )
    .unwrap();
    let out = Command::new(BIN)
        .current_dir(root)
        .args(["check", "--today", "2026-11-22", "--format", "concise"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        vec!["package.json:1:20: warning[D001] the code uses the AI service OpenAI, which the privacy policy does not name"],
        "{stdout}"
    );
}

#[test]
fn stale_disclosure_is_an_info() {
    let r = run(&["fixtures/unused-processor-disclosure/stale"]);
    let found: Vec<String> = diagnostics(&r)
        .iter()
        .filter(|d| d["rule"] == "unused-processor-disclosure")
        .map(|d| format!("{} {}", d["severity"], at(d)))
        .collect();
    assert_eq!(
        found,
        vec![
            "\"info\" fixtures/unused-processor-disclosure/stale/privacy.md:11",
            "\"info\" fixtures/unused-processor-disclosure/stale/privacy.md:13"
        ]
    );
    assert_eq!(r.code, 0, "infos do not fail the run");
}

/// A policy saved outside any repository (no `.git`, no config above it) has no code beside
/// it: its folder's other files are not read unless the folder or a manifest is named.
#[test]
fn a_document_outside_any_repository_reads_no_code() {
    let dir = tempfile::tempdir().unwrap();
    if policylint::code::discover::enclosing_repository(&dir.path().join("privacy.md")).is_some() {
        panic!("the temporary folder is inside a repository; this test needs one outside");
    }
    std::fs::write(
        dir.path().join("privacy.md"),
        "# Privacy Policy\n\nWe collect your e-mail address to send receipts.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("package.json"),
        "{\"dependencies\": {\"stripe\": \"14\"}}\n",
    )
    .unwrap();
    let alone = run_in(dir.path(), &["privacy.md"]);
    assert!(diagnostics(&alone).is_empty(), "{}", alone.json);
    // Naming the folder, or the manifest, makes it a repository to check.
    let folder = run_in(dir.path(), &["."]);
    assert_eq!(finding(&folder, "Stripe")["file"], "package.json");
    let manifest = run_in(dir.path(), &["package.json"]);
    assert_eq!(finding(&manifest, "Stripe")["file"], "package.json");
}
