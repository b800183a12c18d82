//! policylint: a static-analysis linter for privacy policies, terms of service and cookie
//! policies. The library parses documents, runs rules and renders reports; it never prints.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod code;
pub mod config;
pub mod date;
pub mod diagnostic;
pub mod document;
pub mod engine;
pub mod input;
pub mod lsp;
pub mod model;
pub mod registry;
pub mod render;
pub mod rule;
pub mod rules;
pub mod settings;
pub mod suppress;
pub mod vocab;
pub mod walk;

/// Where the project lives; rule documentation links point here.
pub const REPOSITORY_URL: &str = "https://github.com/policylint/policylint";
