//! The `rootward` command-line tool.
//!
//! One subcommand per job, thin over the library crates. For now: `lint`.
//!
//! Exit status (a contract, see DESIGN.md "Contracts other tools rely on"):
//! 0 when no finding is at or above `--fail-on`, 1 when some is, 2 when an
//! input cannot be read or the arguments are wrong.

mod catalogue;
mod input;
mod lint_cmd;
mod output;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// rootward: WebPKI certificate linter.
#[derive(Debug, Parser)]
#[command(name = "rootward", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Lint certificates (PEM, DER or base64 files, directories, `-` for stdin).
    Lint(lint_cmd::LintArgs),
}

/// Exit status for unreadable input or wrong arguments.
pub const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    // clap exits with status 2 on argument errors, as the contract requires.
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Lint(args) => lint_cmd::run(args),
    };
    match result {
        Ok(status) => ExitCode::from(status),
        Err(e) => {
            eprintln!("rootward: error: {e:#}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}
