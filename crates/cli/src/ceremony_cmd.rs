//! `rootward ceremony run|verify|upload`.

use std::path::PathBuf;

use anyhow::{Context, Result, anyhow};
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
    /// Put a ceremony record (and its Key Generation Report) into the
    /// registry, as an account of it: the program, or a member of the CA
    /// owner. The record is checked (hash chain and seal) first and refused,
    /// naming the step, when it does not verify.
    Upload(UploadArgs),
}

/// `rootward ceremony upload`
#[derive(Debug, clap::Args)]
pub struct UploadArgs {
    /// ceremony-record.json, as `rootward ceremony run` wrote it.
    record: PathBuf,
    /// key-generation-report.md.
    #[arg(long)]
    report: Option<PathBuf>,
    /// The CA owner the ceremony belongs to; an owner member's own when absent.
    #[arg(long)]
    owner: Option<String>,
    /// The account uploading it (see `rootward user add`).
    #[arg(long = "as", value_name = "ACCOUNT")]
    account: String,
    /// SQLite file or postgres:// URL.
    #[arg(long, default_value = crate::registry_cmd::DEFAULT_DB)]
    db: String,
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
        CeremonyCommand::Upload(a) => upload(a),
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

/// `rootward ceremony upload`: refusals (a record that does not verify, one
/// stored already, an account that may not upload for the owner) exit 2
/// with the reason.
fn upload(a: UploadArgs) -> Result<u8> {
    let bytes =
        std::fs::read(&a.record).with_context(|| format!("cannot read {}", a.record.display()))?;
    let report = match &a.report {
        Some(p) => Some(
            std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))?,
        ),
        None => None,
    };
    registry::block_on(async move {
        let reg = crate::registry_cmd::open(&a.db).await?;
        let actor = crate::registry_cmd::account(&reg, &a.account).await?;
        let r = reg
            .upload_ceremony(
                &actor,
                a.owner.as_deref(),
                &bytes,
                report.as_deref(),
                &registry::SystemClock,
            )
            .await
            .with_context(|| a.record.display().to_string())?;
        let s = &r.summary;
        let count = |kind| r.fingerprints.iter().filter(|f| f.kind == kind).count();
        let known = r
            .fingerprints
            .iter()
            .filter(|f| {
                f.kind == registry::ceremonies::FingerprintKind::Certificate
                    && !f.registry_certificates.is_empty()
            })
            .count();
        println!("ceremony record {} stored for {}", s.sha256, s.owner);
        println!(
            "{} ({}): {} steps{}, {} keys, {} certificates ({known} in the registry)",
            s.title,
            s.ceremony_date,
            s.steps,
            if s.complete { "" } else { ", stopped" },
            count(registry::ceremonies::FingerprintKind::Key),
            count(registry::ceremonies::FingerprintKind::Certificate),
        );
        match r.report_matches_record {
            None => println!("no Key Generation Report"),
            Some(true) => println!("Key Generation Report attached (the record's own)"),
            Some(false) => println!(
                "Key Generation Report attached; it is not the report rootward ceremony run writes for this record"
            ),
        }
        reg.close().await;
        Ok(0)
    })?
}
