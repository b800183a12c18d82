use std::process::ExitCode;

use clap::Parser;

mod cli;

fn main() -> ExitCode {
    match cli::Cli::try_parse() {
        Ok(args) => cli::run(args).into(),
        Err(e) if e.use_stderr() => {
            // Usage errors quote the arguments given; those must not reach the terminal raw
            // (escape sequences, bidi overrides), so the message is escaped line by line.
            let text = e.render().to_string();
            let escaped: Vec<String> = text
                .lines()
                .map(policylint::render::escape_terminal)
                .collect();
            #[allow(clippy::print_stderr)]
            {
                eprintln!("{}", escaped.join("\n").trim_end());
            }
            ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
        }
        Err(e) => e.exit(), // --help, --version
    }
}
