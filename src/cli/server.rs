//! `policylint server`: the language server (issue 5).

use super::ExitStatus;

pub fn run() -> ExitStatus {
    #[allow(clippy::print_stderr)]
    {
        eprintln!("error: the language server is not implemented yet");
    }
    ExitStatus::Error
}
