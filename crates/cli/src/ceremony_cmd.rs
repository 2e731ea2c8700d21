//! `rootward ceremony run|verify`.

use std::path::PathBuf;

use anyhow::{Result, anyhow};
use ca::ceremony::{self, Secrets};
use clap::Subcommand;

/// `rootward ceremony …`
#[derive(Debug, Subcommand)]
pub enum CeremonyCommand {
    /// Run a reviewed ceremony script (TOML); secrets come from the environment variables it names.
    Run {
        /// The script.
        script: PathBuf,
    },
    /// Check a ceremony record's hash chain and, with --dir, its artefacts.
    Verify {
        /// ceremony-record.json
        record: PathBuf,
        /// The ceremony's output directory (default: the record's directory).
        #[arg(long)]
        dir: Option<PathBuf>,
    },
}

struct CliSecrets;

impl Secrets for CliSecrets {
    fn get(&self, name: &str, purpose: &str) -> Result<Vec<u8>, String> {
        crate::ca_cmd::secret(name, purpose).map_err(|e| e.to_string())
    }
}

/// Runs the subcommand.
pub fn run(cmd: CeremonyCommand) -> Result<u8> {
    match cmd {
        CeremonyCommand::Run { script } => {
            let clock = crate::ca_cmd::now;
            match ceremony::run(&script, &CliSecrets, &clock) {
                Ok(record) => {
                    for s in &record.steps {
                        println!("step {} {:<24} {}", s.index, s.id, s.outcome);
                    }
                    println!("script SHA-256 {}", record.script_sha256);
                    println!(
                        "record and Key Generation Report written beside the artefacts; seal {}",
                        record.seal
                    );
                    Ok(0)
                }
                Err(e) => {
                    eprintln!("rootward: ceremony stopped: {e}");
                    eprintln!(
                        "the record of the steps run so far was written to the output directory"
                    );
                    Ok(1)
                }
            }
        }
        CeremonyCommand::Verify { record, dir } => {
            let bytes = std::fs::read(&record).map_err(|e| anyhow!("{}: {e}", record.display()))?;
            let dir = dir.or_else(|| record.parent().map(PathBuf::from));
            match ceremony::verify_record(&bytes, dir.as_deref()) {
                Ok(n) => {
                    println!(
                        "ceremony record verifies: {n} steps, chain and seal intact, artefacts match"
                    );
                    Ok(0)
                }
                Err(e) => {
                    eprintln!("rootward: {e}");
                    Ok(1)
                }
            }
        }
    }
}
