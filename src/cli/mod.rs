//! The command line: argument definitions and the subcommands. Only this module and
//! `main.rs` print.

mod args;
mod check;
mod explain;
mod inspect;
pub mod server;

pub use args::Cli;

use std::process::ExitCode;

use args::Command;

/// 0: clean, 1: findings at or above the fail level, 2: usage, config or I/O error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    Success,
    Failure,
    Error,
}

impl From<ExitStatus> for ExitCode {
    fn from(s: ExitStatus) -> ExitCode {
        match s {
            ExitStatus::Success => ExitCode::SUCCESS,
            ExitStatus::Failure => ExitCode::from(1),
            ExitStatus::Error => ExitCode::from(2),
        }
    }
}

pub fn run(cli: Cli) -> ExitStatus {
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Rules(args) => explain::list(&args),
        Command::Explain(args) => explain::explain(&args),
        Command::Inspect(args) => inspect::run(&args),
        Command::Server => server::run(),
    }
}
