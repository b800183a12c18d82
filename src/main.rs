use std::process::ExitCode;

use clap::Parser;

mod cli;

fn main() -> ExitCode {
    // A panic message may quote document text: it is escaped like every other message, and
    // the file it happened on is reported as an error (exit 2) while the others are linted.
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let at = info
            .location()
            .map_or(String::new(), |l| format!(" at {}:{}", l.file(), l.line()));
        #[allow(clippy::print_stderr)]
        {
            eprintln!(
                "error: internal error (a bug in policylint){at}: {}",
                policylint::render::escape_terminal(&what)
            );
        }
    }));
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
