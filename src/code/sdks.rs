//! The SDK catalogue (`rules/sdks.toml`): which packages, environment keys and API hosts reveal
//! which processor of `rules/processors.toml`.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Deserialize;

use super::Ecosystem;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SdkFile {
    sdk: Vec<SdkEntry>,
}

/// One processor's code signals. See the header of `rules/sdks.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SdkEntry {
    pub processor: String,
    #[serde(default)]
    npm: Vec<String>,
    #[serde(default)]
    pypi: Vec<String>,
    #[serde(default)]
    gem: Vec<String>,
    #[serde(default)]
    go: Vec<String>,
    #[serde(default)]
    crates: Vec<String>,
    #[serde(default)]
    composer: Vec<String>,
    #[serde(default)]
    r#pub: Vec<String>,
    #[serde(default)]
    maven: Vec<String>,
    #[serde(default)]
    cocoapods: Vec<String>,
    #[serde(default)]
    swiftpm: Vec<String>,
    #[serde(default)]
    env: Vec<String>,
    #[serde(default)]
    hosts: Vec<String>,
    #[cfg_attr(not(test), allow(dead_code))]
    matches: Vec<String>,
    #[serde(default)]
    #[cfg_attr(not(test), allow(dead_code))]
    ignores: Vec<String>,
}

impl SdkEntry {
    fn packages(&self, ecosystem: Ecosystem) -> &[String] {
        match ecosystem {
            Ecosystem::Npm => &self.npm,
            Ecosystem::PyPI => &self.pypi,
            Ecosystem::RubyGems => &self.gem,
            Ecosystem::Go => &self.go,
            Ecosystem::Crates => &self.crates,
            Ecosystem::Packagist => &self.composer,
            Ecosystem::Pub => &self.r#pub,
            Ecosystem::Maven => &self.maven,
            Ecosystem::CocoaPods => &self.cocoapods,
            Ecosystem::SwiftPM => &self.swiftpm,
            Ecosystem::Env => &self.env,
            Ecosystem::Host => &self.hosts,
        }
    }
}

/// Lookup tables built from `rules/sdks.toml`.
pub(crate) struct SdkCatalogue {
    pub entries: Vec<SdkEntry>,
    /// (ecosystem, normalised name) → entry.
    exact: HashMap<(Ecosystem, String), usize>,
    /// (ecosystem, normalised prefix) of names ending in `*`.
    prefixes: Vec<(Ecosystem, String, usize)>,
    /// Environment keys and key prefixes (ending in `_`) → entry.
    env: HashMap<String, usize>,
    /// Hosts → entry.
    hosts: HashMap<String, usize>,
}

static DATA: &str = include_str!("../../rules/sdks.toml");

pub(crate) static SDKS: LazyLock<SdkCatalogue> = LazyLock::new(|| {
    let file: SdkFile = crate::vocab::load("sdks.toml", DATA);
    let mut exact = HashMap::new();
    let mut prefixes = Vec::new();
    let mut env = HashMap::new();
    let mut hosts = HashMap::new();
    for (i, e) in file.sdk.iter().enumerate() {
        for eco in Ecosystem::PACKAGES {
            for name in e.packages(eco) {
                match name.strip_suffix('*') {
                    Some(prefix) => prefixes.push((eco, normalize(eco, prefix), i)),
                    None => {
                        exact.entry((eco, normalize(eco, name))).or_insert(i);
                    }
                }
            }
        }
        for key in &e.env {
            env.entry(key.to_ascii_uppercase()).or_insert(i);
        }
        for host in &e.hosts {
            hosts.entry(host.to_ascii_lowercase()).or_insert(i);
        }
    }
    SdkCatalogue {
        entries: file.sdk,
        exact,
        prefixes,
        env,
        hosts,
    }
});

/// Frameworks' prefixes that expose a variable to client code; `NEXT_PUBLIC_POSTHOG_KEY` is
/// PostHog's key.
const PUBLIC_ENV_PREFIXES: &[&str] = &[
    "NEXT_PUBLIC_",
    "NUXT_PUBLIC_",
    "NUXT_ENV_",
    "EXPO_PUBLIC_",
    "REACT_APP_",
    "VITE_",
    "VUE_APP_",
    "GATSBY_",
    "PUBLIC_",
    "STORYBOOK_",
];

/// The form a package name is compared in: PyPI names per PEP 503; names of registries that
/// ignore case lowercased; Go module paths without a major-version suffix; pods without a
/// subspec.
pub(crate) fn normalize(ecosystem: Ecosystem, name: &str) -> String {
    let name = name.trim();
    match ecosystem {
        Ecosystem::PyPI => {
            let mut out = String::new();
            for c in name.chars() {
                if matches!(c, '-' | '_' | '.') {
                    if !out.ends_with('-') {
                        out.push('-');
                    }
                } else {
                    out.extend(c.to_lowercase());
                }
            }
            out
        }
        Ecosystem::Go => {
            let mut s = name.to_string();
            if let Some((head, tail)) = s.rsplit_once("/v") {
                if !tail.is_empty() && tail.chars().all(|c| c.is_ascii_digit()) {
                    s = head.to_string();
                }
            }
            s
        }
        Ecosystem::CocoaPods => name.split('/').next().unwrap_or(name).to_ascii_lowercase(),
        Ecosystem::Npm
        | Ecosystem::RubyGems
        | Ecosystem::Packagist
        | Ecosystem::Pub
        | Ecosystem::SwiftPM
        | Ecosystem::Crates => name.to_ascii_lowercase(),
        Ecosystem::Maven => name.to_string(),
        Ecosystem::Env => name.to_ascii_uppercase(),
        Ecosystem::Host => name.to_ascii_lowercase(),
    }
}

impl SdkCatalogue {
    /// The entry a piece of evidence points at, if any.
    pub fn lookup(&self, ecosystem: Ecosystem, name: &str) -> Option<usize> {
        match ecosystem {
            Ecosystem::Env => self.lookup_env(name),
            Ecosystem::Host => self.lookup_host(name),
            Ecosystem::Go => self.lookup_go(name),
            _ => {
                let key = normalize(ecosystem, name);
                self.exact
                    .get(&(ecosystem, key.clone()))
                    .copied()
                    .or_else(|| {
                        self.prefixes
                            .iter()
                            .filter(|(e, p, _)| *e == ecosystem && key.starts_with(p.as_str()))
                            .max_by_key(|(_, p, _)| p.len())
                            .map(|&(_, _, i)| i)
                    })
            }
        }
    }

    /// Go: a module or any package below it (`github.com/aws/aws-sdk-go-v2/service/s3`).
    fn lookup_go(&self, path: &str) -> Option<usize> {
        let mut key = normalize(Ecosystem::Go, path);
        loop {
            if let Some(&i) = self.exact.get(&(Ecosystem::Go, key.clone())) {
                return Some(i);
            }
            let (head, _) = key.rsplit_once('/')?;
            key = head.to_string();
        }
    }

    fn lookup_env(&self, key: &str) -> Option<usize> {
        let mut key = key.trim().to_ascii_uppercase();
        if let Some(p) = PUBLIC_ENV_PREFIXES.iter().find(|p| key.starts_with(*p)) {
            key = key[p.len()..].to_string();
        }
        if let Some(&i) = self.env.get(&key) {
            return Some(i);
        }
        // Longest prefix first: `AZURE_OPENAI_KEY` is Azure OpenAI, not Azure.
        let mut end = key.len();
        while let Some(pos) = key[..end].rfind('_') {
            if let Some(&i) = self.env.get(&key[..=pos]) {
                return Some(i);
            }
            end = pos;
        }
        None
    }

    fn lookup_host(&self, host: &str) -> Option<usize> {
        let mut h = host.trim().trim_end_matches('.').to_ascii_lowercase();
        loop {
            if let Some(&i) = self.hosts.get(&h) {
                return Some(i);
            }
            let (_, rest) = h.split_once('.')?;
            if !rest.contains('.') {
                return None;
            }
            h = rest.to_string();
        }
    }

    /// Every host of the catalogue, for scanning texts.
    pub fn hosts(&self) -> impl Iterator<Item = &str> {
        self.hosts.keys().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parties::CATALOGUE;
    use crate::vocab::ExampleReport;

    fn parse_example(example: &str) -> Option<(Ecosystem, &str)> {
        let (eco, name) = example.split_once(':')?;
        Some((Ecosystem::parse(eco)?, name))
    }

    #[test]
    fn sdk_examples_hold_and_every_name_maps_to_one_processor() {
        let sdks = &*SDKS;
        let mut report = ExampleReport::default();
        let ids: Vec<&str> = sdks.entries.iter().map(|e| e.processor.as_str()).collect();
        report.expect_sorted_unique("[[sdk]]", &ids);
        let known: Vec<&str> = CATALOGUE.processors.iter().map(|p| p.id.as_str()).collect();
        let mut owner: HashMap<(Ecosystem, String), &str> = HashMap::new();
        for (i, e) in sdks.entries.iter().enumerate() {
            report.expect(known.contains(&e.processor.as_str()), || {
                format!("{}: no such processor in processors.toml", e.processor)
            });
            for eco in Ecosystem::ALL {
                for name in e.packages(eco) {
                    let key = (eco, normalize(eco, name));
                    let first = *owner.entry(key).or_insert(&e.processor);
                    report.expect(first == e.processor, || {
                        format!("{}: {eco:?} `{name}` also belongs to {first}", e.processor)
                    });
                    if eco == Ecosystem::Env {
                        report.expect(
                            name.chars()
                                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'),
                            || format!("{}: env key `{name}` must be upper case", e.processor),
                        );
                    } else if !name.ends_with('*') {
                        // Every listed name resolves to its own entry (no shadowing by another).
                        report.expect(sdks.lookup(eco, name) == Some(i), || {
                            format!("{}: {eco:?} `{name}` resolves elsewhere", e.processor)
                        });
                    }
                }
            }
            for m in &e.matches {
                let got = parse_example(m).and_then(|(eco, n)| sdks.lookup(eco, n));
                report.expect(got == Some(i), || {
                    format!("{}: `{m}` does not map to it", e.processor)
                });
            }
            for m in &e.ignores {
                let got = parse_example(m).and_then(|(eco, n)| sdks.lookup(eco, n));
                report.expect(got != Some(i), || {
                    format!("{}: `{m}` maps to it but must not", e.processor)
                });
            }
        }
        report.assert_ok("sdks.toml");
    }

    #[test]
    fn names_are_compared_the_way_registries_compare_them() {
        let sdks = &*SDKS;
        let id = |eco, name| {
            sdks.lookup(eco, name)
                .map(|i| sdks.entries[i].processor.as_str())
        };
        assert_eq!(id(Ecosystem::PyPI, "Sentry_SDK"), Some("sentry"));
        assert_eq!(
            id(Ecosystem::Go, "github.com/stripe/stripe-go/v76"),
            Some("stripe")
        );
        assert_eq!(
            id(Ecosystem::Go, "github.com/aws/aws-sdk-go-v2/service/sqs"),
            Some("aws")
        );
        assert_eq!(
            id(Ecosystem::CocoaPods, "Firebase/Analytics"),
            Some("firebase")
        );
        assert_eq!(
            id(Ecosystem::Env, "NEXT_PUBLIC_POSTHOG_KEY"),
            Some("posthog")
        );
        assert_eq!(
            id(Ecosystem::Env, "AZURE_OPENAI_API_KEY"),
            Some("azure-openai")
        );
        assert_eq!(id(Ecosystem::Env, "AZURE_STORAGE_KEY"), Some("azure"));
        assert_eq!(id(Ecosystem::Env, "DATABASE_URL"), None);
        assert_eq!(
            id(Ecosystem::Host, "o4507.ingest.us.sentry.io"),
            Some("sentry")
        );
        assert_eq!(id(Ecosystem::Host, "example.com"), None);
        assert_eq!(id(Ecosystem::Npm, "left-pad"), None);
    }
}
