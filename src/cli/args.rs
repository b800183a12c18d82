use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// A linter for privacy policies, terms of service and cookie policies.
#[derive(Debug, Parser)]
#[command(name = "policylint", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint policy documents in files and folders (default: the current folder).
    Check(CheckArgs),
    /// List every rule with its code, name, default severity and summary.
    Rules(RulesArgs),
    /// Print a rule's documentation: what it does, why it matters, an example, how to fix.
    Explain(ExplainArgs),
    /// Show what policylint understood of a document: its kind and why, sections and the
    /// topics they cover, dates, ages, named companies and their roles, the third-party
    /// disclosure and contact details; and, for a folder or manifest, the packages, keys and
    /// hosts that reveal a processor and why any is ignored.
    Inspect(InspectArgs),
    /// Run the language server over stdin/stdout (for editors).
    Server,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Documents to inspect; `-` reads stdin (name it with `--stdin-filename`). A folder shows
    /// its policy documents and its code evidence; a manifest (`package.json`, ...) shows the
    /// code evidence of its repository.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,

    /// The file name to report for stdin input; its extension picks the format.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<String>,

    /// Use this config file (for `ignore-packages`, `manifests` and the folder walk) instead
    /// of the nearest `policylint.toml`.
    #[arg(long, value_name = "PATH", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,

    /// Ignore configuration files.
    #[arg(long)]
    pub isolated: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or folders to lint; `-` reads stdin. Folders are searched for policy documents
    /// (privacy, terms, cookie, legal... in .md, .mdx, .markdown, .txt, .html, .htm).
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Full)]
    pub format: FormatArg,

    /// When to use colour in `full` output.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,

    /// Use this config file instead of discovering policylint.toml / .policylint.toml.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Ignore all config files.
    #[arg(long, conflicts_with = "config")]
    pub isolated: bool,

    /// Rules to run (codes, prefixes or names, comma-separated); replaces the config's `select`.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Option<Vec<String>>,

    /// Rules not to run (codes, prefixes or names, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,

    /// Jurisdiction profiles to check against (comma-separated): gdpr, uk-gdpr, ccpa,
    /// caloppa, coppa, lgpd, pipeda. Replaces the config's `jurisdictions`.
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    pub jurisdictions: Option<Vec<String>>,

    /// The date to treat as today for date rules (YYYY-MM-DD; default: the system date).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,

    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum)]
    pub fail_level: Option<LevelArg>,

    /// Exit 0 even when there are findings (errors still exit 2).
    #[arg(long)]
    pub exit_zero: bool,

    /// Read the document from stdin (same as the path `-`).
    #[arg(long)]
    pub stdin: bool,

    /// The file name to report for stdin input; its extension picks the format.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<String>,

    /// Print nothing when there are no findings (summary line of `full` output included),
    /// and no progress bar.
    #[arg(long, short)]
    pub quiet: bool,

    /// Instead of the findings, print how many each rule found and how many files have
    /// findings (a JSON object with `--format json`, a table otherwise).
    #[arg(long)]
    pub statistics: bool,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule's name (`placeholder-text`) or code (`C001`).
    pub rule: String,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FormatArg {
    Full,
    Concise,
    Json,
    JsonLines,
    Github,
    Sarif,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum LevelArg {
    Error,
    Warning,
    Info,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}
