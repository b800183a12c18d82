//! Loading the vocabulary data in `rules/*.toml`, embedded at compile time.
//!
//! Every entry in those files carries `matches` (examples it must match) and, where useful,
//! `ignores` (examples it must not); each rule's unit tests check them.

use serde::de::DeserializeOwned;

/// Parses an embedded data file. The files are part of the build, so a parse error is a bug
/// caught by the test suite; the message names the file and position.
pub fn load<T: DeserializeOwned>(file: &str, text: &str) -> T {
    match toml::from_str(text) {
        Ok(v) => v,
        Err(e) => panic!("rules/{file} is invalid: {e}"),
    }
}

/// Collects example failures as readable lines; used by the rules' vocabulary tests.
#[derive(Default, Debug)]
pub struct ExampleReport {
    pub failures: Vec<String>,
    pub checked: usize,
}

impl ExampleReport {
    pub fn expect(&mut self, ok: bool, what: impl FnOnce() -> String) {
        self.checked += 1;
        if !ok {
            self.failures.push(what());
        }
    }

    /// Entries of a data file must be sorted by id, without duplicates (reviewable diffs).
    pub fn expect_sorted_unique(&mut self, what: &str, ids: &[&str]) {
        let mut sorted = ids.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        self.expect(sorted == ids, || {
            format!("{what} must be sorted by id, each id once")
        });
    }

    /// Panics listing every failure; also fails when nothing was checked.
    pub fn assert_ok(&self, file: &str) {
        assert!(self.checked > 0, "rules/{file}: no examples were checked");
        assert!(
            self.failures.is_empty(),
            "rules/{file}:\n{}",
            self.failures.join("\n")
        );
    }
}

/// A regex compiled on first use. Vocabularies whose entries are only needed after a cheap
/// prefilter (an anchor automaton or a `RegexSet`) hit use this so that a run does not pay
/// for compiling patterns that never get a candidate: compilation dominated start-up.
pub struct LazyRegex {
    pattern: String,
    compiled: std::sync::OnceLock<regex::Regex>,
}

impl LazyRegex {
    /// Checks the pattern now (so data errors surface at load time in tests) only in debug
    /// builds; release builds compile on first use.
    pub fn new(pattern: &str) -> Result<LazyRegex, regex::Error> {
        let lazy = LazyRegex {
            pattern: pattern.to_string(),
            compiled: std::sync::OnceLock::new(),
        };
        if cfg!(debug_assertions) {
            lazy.compiled.set(regex::Regex::new(pattern)?).ok();
        }
        Ok(lazy)
    }

    pub fn get(&self) -> &regex::Regex {
        self.compiled.get_or_init(|| {
            regex::Regex::new(&self.pattern)
                .unwrap_or_else(|e| panic!("invalid vocabulary regex: {e}"))
        })
    }
}

impl std::ops::Deref for LazyRegex {
    type Target = regex::Regex;

    fn deref(&self) -> &regex::Regex {
        self.get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_unique_check_catches_order_and_duplicates() {
        let mut report = ExampleReport::default();
        report.expect_sorted_unique("a", &["a", "b", "c"]);
        assert!(report.failures.is_empty());
        report.expect_sorted_unique("b", &["b", "a"]);
        report.expect_sorted_unique("c", &["a", "a"]);
        assert_eq!(report.failures.len(), 2, "{:?}", report.failures);
    }
}

/// A vocabulary entry that is one regular expression with its examples.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegexEntry {
    pub id: String,
    pub regex: String,
    pub matches: Vec<String>,
    #[serde(default)]
    pub ignores: Vec<String>,
}

/// A vocabulary entry that is one literal phrase with its examples.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhraseEntry {
    pub id: String,
    pub text: String,
    pub matches: Vec<String>,
}
