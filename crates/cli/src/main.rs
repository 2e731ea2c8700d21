//! The `rootward` command-line tool.
//!
//! One subcommand per job, thin over the library crates: `lint`; the CA's
//! `key`, `issue`, `revoke`, `crl`, `ocsp serve`, `ceremony` and `profiles`;
//! the registry's `import`, `check`, `show`, `tree`, `owner` and `incident`;
//! `serve`, the web application.
//!
//! Exit status (a contract, see DESIGN.md "Contracts other tools rely on"):
//! 0 when no finding is at or above `--fail-on`, 1 when some is, 2 when an
//! input cannot be read or the arguments are wrong.

mod ca_cmd;
mod catalogue;
mod ceremony_cmd;
mod input;
mod lint_cmd;
mod ocsp_serve;
mod output;
mod registry_cmd;
mod serve_cmd;
mod user_cmd;
mod verify_cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// rootward: WebPKI certificate linting, CA operations and key ceremonies.
#[derive(Debug, Parser)]
#[command(name = "rootward", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Lint certificates, CRLs and OCSP responses (PEM, DER or base64 files, directories, `-` for stdin).
    Lint(lint_cmd::LintArgs),
    /// Manage CA keys.
    #[command(subcommand)]
    Key(ca_cmd::KeyCommand),
    /// Issue a certificate from a profile, with pre-issuance linting.
    Issue(ca_cmd::IssueArgs),
    /// Revoke a certificate in the issuance log.
    Revoke(ca_cmd::RevokeArgs),
    /// List the certificates in an issuance log with their status, or write
    /// one out as PEM (e.g. when writing `issue --out` failed after it was recorded).
    Issued(ca_cmd::IssuedArgs),
    /// Issue a full or partitioned CRL from the issuance log.
    Crl(ca_cmd::CrlArgs),
    /// OCSP responder.
    #[command(subcommand)]
    Ocsp(OcspCommand),
    /// Run or verify a key ceremony.
    #[command(subcommand)]
    Ceremony(ceremony_cmd::CeremonyCommand),
    /// List the shipped CA profiles, each checked by linting a sample.
    Profiles,
    /// Import certificates and CCADB records into the registry.
    #[command(subcommand)]
    Import(registry_cmd::ImportCommand),
    /// Compliance checks over the registry (or one owner) as of a date.
    Check(registry_cmd::CheckArgs),
    /// Show certificates matching a fingerprint, SKI, serial or text.
    Show(registry_cmd::ShowArgs),
    /// Print the certificate tree under a root.
    Tree(registry_cmd::TreeArgs),
    /// Record CA owners in the registry.
    #[command(subcommand)]
    Owner(registry_cmd::OwnerCommand),
    /// Record incidents in the registry; file and close incident reports.
    #[command(subcommand)]
    Incident(registry_cmd::IncidentCommand),
    /// Serve the web application and REST API (POST /api/v1/lint, certificate pages).
    Serve(serve_cmd::ServeArgs),
    /// Build and validate certification paths to trust anchors (RFC 5280 section 6).
    Verify(verify_cmd::VerifyArgs),
    /// Accounts of the web application.
    #[command(subcommand)]
    User(user_cmd::UserCommand),
}

#[derive(Debug, Subcommand)]
enum OcspCommand {
    /// Answer OCSP requests over HTTP GET and POST (RFC 6960 A.1).
    Serve(ocsp_serve::ServeArgs),
}

/// Exit status for unreadable input or wrong arguments.
pub const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    // clap exits with status 2 on argument errors, as the contract requires.
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Lint(args) => lint_cmd::run(args),
        Command::Key(ca_cmd::KeyCommand::Generate(args)) => ca_cmd::key_generate(args),
        Command::Issue(args) => ca_cmd::issue_cmd(args),
        Command::Revoke(args) => ca_cmd::revoke_cmd(args),
        Command::Issued(args) => ca_cmd::issued_cmd(args),
        Command::Crl(args) => ca_cmd::crl_cmd(args),
        Command::Ocsp(OcspCommand::Serve(args)) => ocsp_serve::run(args),
        Command::Ceremony(cmd) => ceremony_cmd::run(cmd),
        Command::Profiles => ca_cmd::profiles_cmd(),
        Command::Import(cmd) => registry_cmd::import_cmd(cmd),
        Command::Check(args) => registry_cmd::check_cmd(args),
        Command::Show(args) => registry_cmd::show_cmd(args),
        Command::Tree(args) => registry_cmd::tree_cmd(args),
        Command::Owner(registry_cmd::OwnerCommand::Set(args)) => registry_cmd::owner_cmd(args),
        Command::Incident(cmd) => registry_cmd::incident_run(cmd),
        Command::Serve(args) => serve_cmd::run(args),
        Command::User(cmd) => user_cmd::run(cmd),
        Command::Verify(args) => verify_cmd::run(args),
    };
    match result {
        Ok(status) => ExitCode::from(status),
        Err(e) => {
            // The reader of our output went away (`| head`): nothing to report to it.
            let broken_pipe = e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            });
            if !broken_pipe {
                eprintln!("rootward: error: {e:#}");
            }
            ExitCode::from(EXIT_USAGE)
        }
    }
}
