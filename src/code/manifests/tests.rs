use super::*;

/// (name, text under the span, dev) of everything found.
fn found(kind: FileKind, file: &str, text: &str) -> Vec<(String, String, bool)> {
    parse(kind, Path::new(file), text)
        .unwrap()
        .into_iter()
        .map(|f| (f.name.clone(), text[f.span.clone()].to_string(), f.dev))
        .collect()
}

fn names(kind: FileKind, file: &str, text: &str) -> Vec<(String, bool)> {
    found(kind, file, text)
        .into_iter()
        .map(|(n, under, dev)| {
            assert!(
                under.eq_ignore_ascii_case(&n) || n.ends_with(&under) || under.contains(&n),
                "span of {n} covers `{under}`"
            );
            (n, dev)
        })
        .collect()
}

fn s(n: &str, dev: bool) -> (String, bool) {
    (n.to_string(), dev)
}

#[test]
fn package_json_sections_and_positions() {
    let text = r#"{
  "name": "shop",
  "devDependencies": { "@sentry/cli": "^2" },
  "dependencies": {
    "@sentry/cli": "^2",
    "stripe": "^14"
  }
}"#;
    let got = found(FileKind::PackageJson, "package.json", text);
    assert_eq!(got.len(), 3);
    // The dependency's span is in `dependencies`, not in the earlier `devDependencies`.
    let f = parse(FileKind::PackageJson, Path::new("package.json"), text).unwrap();
    let prod = f
        .iter()
        .find(|f| f.name == "@sentry/cli" && !f.dev)
        .unwrap();
    assert_eq!(line_of(text, prod.span.start), 5);
    assert_eq!(&text[prod.span.clone()], "@sentry/cli");
}

#[test]
fn malformed_json_reports_its_line() {
    let e = parse(
        FileKind::PackageJson,
        Path::new("package.json"),
        "{\n  \"dependencies\": {\n    \"stripe\": \"1\",\n  }\n}\n",
    )
    .unwrap_err();
    assert_eq!(e.line, Some(4), "{e:?}");
    assert!(e.message.starts_with("invalid JSON"), "{e:?}");
}

#[test]
fn composer_skips_php_and_extensions() {
    let text = r#"{"require": {"php": ">=8.1", "ext-json": "*", "stripe/stripe-php": "^13"}, "require-dev": {"phpunit/phpunit": "^10"}}"#;
    assert_eq!(
        names(FileKind::ComposerJson, "composer.json", text),
        vec![s("stripe/stripe-php", false), s("phpunit/phpunit", true)]
    );
}

#[test]
fn requirements_lines() {
    let text = "# web\nDjango>=4.2\nsentry-sdk[django]==2.0  # errors\n-r base.txt\n-e git+https://x/y.git#egg=z\nhttps://example.org/pkg.whl\n\nposthog\n";
    assert_eq!(
        names(FileKind::Requirements, "requirements.txt", text),
        vec![
            s("Django", false),
            s("sentry-sdk", false),
            s("posthog", false)
        ]
    );
    assert!(names(FileKind::Requirements, "requirements-dev.txt", "pytest\n")[0].1);
}

#[test]
fn pyproject_pep621_groups_and_poetry() {
    let text = r#"
[project]
name = "app"
dependencies = ["openai>=1", "httpx"]
[project.optional-dependencies]
test = ["pytest"]
[dependency-groups]
dev = ["ruff"]
[tool.poetry.dependencies]
python = "^3.11"
stripe = "^7"
[tool.poetry.group.dev.dependencies]
mypy = "*"
"#;
    assert_eq!(
        names(FileKind::Pyproject, "pyproject.toml", text),
        vec![
            s("openai", false),
            s("httpx", false),
            s("pytest", true),
            s("ruff", true),
            s("stripe", false),
            s("mypy", true)
        ]
    );
    let e = parse(
        FileKind::Pyproject,
        Path::new("pyproject.toml"),
        "[project\nx=1\n",
    )
    .unwrap_err();
    assert_eq!(e.line, Some(1), "{e:?}");
}

#[test]
fn pipfile_and_setup_cfg() {
    let pipfile =
        "[packages]\nrequests = \"*\"\nmixpanel = \"*\"\n[dev-packages]\npytest = \"*\"\n";
    assert_eq!(
        names(FileKind::Pipfile, "Pipfile", pipfile),
        vec![
            s("mixpanel", false),
            s("requests", false),
            s("pytest", true)
        ]
    );
    let cfg = "[metadata]\nname = x\n[options]\ninstall_requires =\n    twilio>=8\n    click\ntests_require = pytest\n[options.extras_require]\ndocs = sphinx\n";
    assert_eq!(
        names(FileKind::SetupCfg, "setup.cfg", cfg),
        vec![
            s("twilio", false),
            s("click", false),
            s("pytest", true),
            s("sphinx", true)
        ]
    );
}

#[test]
fn cargo_toml_tables_and_renames() {
    let text = "[package]\nname = \"x\"\n[dependencies]\nsentry = \"0.34\"\nstripe = { package = \"async-stripe\", version = \"0.39\" }\n[dev-dependencies]\ninsta = \"1\"\n[target.'cfg(unix)'.dependencies]\nposthog-rs = \"0.2\"\n";
    assert_eq!(
        names(FileKind::CargoToml, "Cargo.toml", text),
        vec![
            s("sentry", false),
            s("async-stripe", false),
            s("insta", true),
            s("posthog-rs", false)
        ]
    );
}

#[test]
fn gemfile_groups() {
    let text = "source 'https://rubygems.org'\ngem 'rails', '~> 7.1'\ngem \"stripe\" # payments\n# gem 'intercom'\ngroup :development, :test do\n  gem 'rspec-rails'\n  if ENV['X']\n    gem 'pry'\n  end\nend\ngroup :production do\n  gem 'sentry-ruby'\nend\ngem 'bullet', group: :development\n";
    assert_eq!(
        names(FileKind::Gemfile, "Gemfile", text),
        vec![
            s("rails", false),
            s("stripe", false),
            s("rspec-rails", true),
            s("pry", true),
            s("sentry-ruby", false),
            s("bullet", true)
        ]
    );
}

#[test]
fn podfile_test_targets() {
    let text = "platform :ios, '15.0'\ntarget 'Shop' do\n  use_frameworks!\n  pod 'Firebase/Analytics'\n  pod 'Sentry', '~> 8'\n  target 'ShopTests' do\n    inherit! :search_paths\n    pod 'Quick'\n  end\nend\n";
    assert_eq!(
        names(FileKind::Podfile, "Podfile", text),
        vec![
            s("Firebase/Analytics", false),
            s("Sentry", false),
            s("Quick", true)
        ]
    );
}

#[test]
fn go_mod_requires() {
    let text = "module example.com/app\n\ngo 1.22\n\nrequire github.com/stripe/stripe-go/v76 v76.0.0\n\nrequire (\n\tgithub.com/getsentry/sentry-go v0.27.0\n\tgolang.org/x/text v0.14.0 // indirect\n)\n";
    assert_eq!(
        names(FileKind::GoMod, "go.mod", text),
        vec![
            s("github.com/stripe/stripe-go/v76", false),
            s("github.com/getsentry/sentry-go", false)
        ]
    );
}

#[test]
fn gradle_forms_and_catalog() {
    let text = "dependencies {\n    implementation(\"io.sentry:sentry-android:7.3.0\")\n    implementation platform('com.google.firebase:firebase-bom:32.7.0')\n    implementation group: 'com.stripe', name: 'stripe-android', version: '20.0.0'\n    testImplementation 'junit:junit:4.13.2'\n    // implementation 'com.mixpanel.android:mixpanel-android:7.0.0'\n    implementation(libs.posthog)\n}\n";
    assert_eq!(
        names(FileKind::Gradle, "build.gradle", text),
        vec![
            s("io.sentry:sentry-android", false),
            s("com.google.firebase:firebase-bom", false),
            s("com.stripe:stripe-android", false),
            s("junit:junit", true)
        ]
    );
    let catalog = "[versions]\nsentry = \"7\"\n[libraries]\nsentry = { module = \"io.sentry:sentry-android\", version.ref = \"sentry\" }\nposthog = { group = \"com.posthog\", name = \"posthog-android\", version = \"3\" }\nokhttp = \"com.squareup.okhttp3:okhttp:4.12.0\"\n";
    let got: Vec<String> = parse(
        FileKind::GradleCatalog,
        Path::new("libs.versions.toml"),
        catalog,
    )
    .unwrap()
    .into_iter()
    .map(|f| f.name)
    .collect();
    assert_eq!(
        got,
        vec![
            "com.squareup.okhttp3:okhttp",
            "com.posthog:posthog-android",
            "io.sentry:sentry-android"
        ]
    );
}

#[test]
fn pom_dependencies_and_errors() {
    let text = "<project>\n  <dependencies>\n    <dependency>\n      <groupId>com.stripe</groupId>\n      <artifactId>stripe-java</artifactId>\n    </dependency>\n    <dependency>\n      <groupId>junit</groupId>\n      <artifactId>junit</artifactId>\n      <scope>test</scope>\n    </dependency>\n  </dependencies>\n</project>\n";
    let got = parse(FileKind::Pom, Path::new("pom.xml"), text).unwrap();
    assert_eq!(got[0].name, "com.stripe:stripe-java");
    assert_eq!(&text[got[0].span.clone()], "stripe-java");
    assert!(got[1].dev);
    let e = parse(
        FileKind::Pom,
        Path::new("pom.xml"),
        "<project>\n<dependencies>\n</project>\n",
    )
    .unwrap_err();
    assert_eq!(e.line, Some(3), "{e:?}");
}

#[test]
fn pubspec_sections_and_errors() {
    let text = "name: app\ndependencies:\n  flutter:\n    sdk: flutter\n  sentry_flutter: ^7.0.0\ndev_dependencies:\n  flutter_test:\n    sdk: flutter\n";
    assert_eq!(
        names(FileKind::Pubspec, "pubspec.yaml", text),
        vec![
            s("flutter", false),
            s("sentry_flutter", false),
            s("flutter_test", true)
        ]
    );
    let e = parse(
        FileKind::Pubspec,
        Path::new("pubspec.yaml"),
        "name: app\ndependencies:\n  a: [1,\n",
    )
    .unwrap_err();
    assert!(
        e.line.is_some() && e.message.starts_with("invalid YAML"),
        "{e:?}"
    );
}

#[test]
fn package_swift_urls() {
    let text = "let package = Package(\n  dependencies: [\n    .package(url: \"https://github.com/getsentry/sentry-cocoa.git\", from: \"8.0.0\"),\n    // .package(url: \"https://github.com/mixpanel/mixpanel-swift\", from: \"4.0.0\"),\n    .package(url: \"https://github.com/stripe/stripe-ios\", exact: \"23.0.0\"),\n  ]\n)\n";
    assert_eq!(
        names(FileKind::PackageSwift, "Package.swift", text),
        vec![s("sentry-cocoa", false), s("stripe-ios", false)]
    );
}

#[test]
fn env_templates_and_hosts() {
    let text = "# keys\nSTRIPE_SECRET_KEY=\nexport NEXT_PUBLIC_POSTHOG_KEY=phc_x\nSENTRY_DSN=https://abc@o123.ingest.sentry.io/42\n";
    let got = found(FileKind::EnvTemplate, ".env.example", text);
    let n: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
    assert_eq!(
        n,
        vec![
            "STRIPE_SECRET_KEY",
            "NEXT_PUBLIC_POSTHOG_KEY",
            "SENTRY_DSN",
            "o123.ingest.sentry.io"
        ]
    );
}

#[test]
fn source_hosts_need_boundaries() {
    let text = "const a = fetch('https://api.openai.com/v1/chat');\nconst b = 'https://api.openai.com.evil.example/x';\nconst c = 'notapi.stripe.community';\nconst d = \"https://api.stripe.com\";\nconst e = 'https://api.openai.com/v1/x';\n";
    let got = found(FileKind::Source, "src/x.ts", text);
    let n: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
    assert_eq!(n, vec!["api.openai.com", "api.stripe.com"]);
}

#[test]
fn yaml_alias_bombs_are_refused() {
    // Each level lists the previous one nine times: 9^30 nodes once expanded.
    let mut text = String::from("l0: &l0 [x, x, x, x, x, x, x, x, x]\n");
    for i in 1..30 {
        let refs = vec![format!("*l{}", i - 1); 9].join(", ");
        text.push_str(&format!("l{i}: &l{i} [{refs}]\n"));
    }
    let e = parse(FileKind::Pubspec, Path::new("pubspec.yaml"), &text).unwrap_err();
    assert!(e.message.contains("aliases"), "{e:?}");
}

#[test]
fn deeply_nested_json_is_an_error_not_a_crash() {
    let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let e = parse(FileKind::PackageJson, Path::new("package.json"), &text).unwrap_err();
    assert!(e.message.contains("recursion"), "{e:?}");
}
