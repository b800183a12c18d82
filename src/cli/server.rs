//! `policylint server`: the language server over stdio (the logic is in `policylint::lsp`).

use super::ExitStatus;

pub fn run() -> ExitStatus {
    match policylint::lsp::run_stdio() {
        // The protocol's exit codes: 0 after `shutdown` + `exit`, 1 otherwise.
        Ok(true) => ExitStatus::Success,
        Ok(false) => ExitStatus::Failure,
        Err(e) => {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("error: language server: {e}");
            }
            ExitStatus::Error
        }
    }
}
