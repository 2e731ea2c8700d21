//! `rootward ceremony run|verify|upload|show|grant|revoke-grant`.

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
        /// The seal witnessed at the ceremony (printed by `ceremony run`, last
        /// line of the Key Generation Report): a record cut short and sealed
        /// again verifies in itself, but not against the witnessed seal.
        #[arg(long, value_name = "HEX")]
        seal: Option<String>,
        /// The reviewed script: the record must come from it (SHA-256) and
        /// hold its steps in order, all of them unless one failed. (A record
        /// cut short with its last step marked failed still matches the
        /// script; only --seal catches that.)
        #[arg(long, value_name = "FILE")]
        script: Option<PathBuf>,
    },
    /// Put a ceremony record (and its Key Generation Report) into the
    /// registry, as an account of it: the program, or a member of the CA
    /// owner. The record is checked (hash chain and seal) first and refused,
    /// naming the step, when it does not verify.
    Upload(UploadArgs),
    /// Show a stored ceremony record as the registry gives it to an
    /// account: summary, certificates and keys, and the auditor grants.
    Show(RecordArgs),
    /// Let an auditor's account read a stored record (by the program or a
    /// member of the record's CA owner); recorded with who and when.
    Grant(GrantArgs),
    /// End an auditor's standing grant; the grant stays in the history.
    RevokeGrant(GrantArgs),
}

/// A stored record, read as an account.
#[derive(Debug, clap::Args)]
pub struct RecordArgs {
    /// The record's SHA-256 (hex, as `rootward ceremony upload` printed it).
    sha256: String,
    /// The account acting (see `rootward user add`).
    #[arg(long = "as", value_name = "ACCOUNT")]
    account: String,
    /// SQLite file or postgres:// URL.
    #[arg(long, default_value = crate::registry_cmd::DEFAULT_DB)]
    db: String,
}

/// `rootward ceremony grant|revoke-grant`
#[derive(Debug, clap::Args)]
pub struct GrantArgs {
    #[command(flatten)]
    record: RecordArgs,
    /// The auditor's account.
    #[arg(long)]
    auditor: String,
}

/// `rootward ceremony upload`
#[derive(Debug, clap::Args)]
pub struct UploadArgs {
    /// ceremony-record.json, as `rootward ceremony run` wrote it.
    record: PathBuf,
    /// key-generation-report.md.
    #[arg(long)]
    report: Option<PathBuf>,
    /// The ceremony's output directory: its artefacts (public keys,
    /// certificates, CSRs, CRLs) are checked against the record's hashes
    /// before anything is stored, as `rootward ceremony verify --dir` does.
    #[arg(long)]
    dir: Option<PathBuf>,
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
        CeremonyCommand::Show(a) => show(a),
        CeremonyCommand::Grant(a) => grant(a, true),
        CeremonyCommand::RevokeGrant(a) => grant(a, false),
        CeremonyCommand::Verify {
            record,
            dir,
            seal,
            script,
        } => {
            let bytes = std::fs::read(&record).map_err(|e| anyhow!("{}: {e}", record.display()))?;
            let script_bytes = script
                .as_ref()
                .map(|p| std::fs::read(p).map_err(|e| anyhow!("{}: {e}", p.display())))
                .transpose()?;
            let dir = dir.or_else(|| record.parent().map(PathBuf::from));
            let anchors = ceremony::Anchors {
                seal: seal.as_deref(),
                script: script_bytes.as_deref(),
            };
            match ceremony::verify_record_with(&bytes, dir.as_deref(), anchors) {
                Ok(verified) => {
                    println!(
                        "ceremony record verifies: {} steps, chain and seal intact, artefacts match",
                        verified.steps.len()
                    );
                    if seal.is_some() {
                        println!("the seal is the witnessed one");
                    }
                    if script.is_some() {
                        println!("the steps are the reviewed script's");
                    }
                    if seal.is_none() {
                        // Without the witnessed seal, a record cut after any
                        // step (its last step marked failed) and sealed again
                        // would also verify: say what to compare.
                        println!(
                            "seal {}: compare it with the seal witnessed at the ceremony (or pass --seal); only the seal pins the whole record",
                            verified.seal
                        );
                    }
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
    // The registry checks the hash chain and seal; the artefacts are files
    // only the uploader has, so they are checked here.
    if let Some(dir) = &a.dir {
        ceremony::verify_record(&bytes, Some(dir))
            .with_context(|| format!("{} against {}", a.record.display(), dir.display()))?;
    }
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
        match &a.dir {
            Some(d) => println!("artefacts in {} match the record", d.display()),
            None => {
                println!("artefacts not checked (give --dir with the ceremony's output directory)")
            }
        }
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

/// `rootward ceremony show`: what the account may see of a record; a record
/// it may not see is "not found", as on the web.
fn show(a: RecordArgs) -> Result<u8> {
    registry::block_on(async move {
        let reg = crate::registry_cmd::open(&a.db).await?;
        let actor = crate::registry_cmd::account(&reg, &a.account).await?;
        let r = reg.ceremony_record(Some(&actor), &a.sha256).await?;
        let s = &r.summary;
        println!("ceremony record {} of {}", s.sha256, s.owner);
        println!(
            "{} ({}, {}): {} steps{}",
            s.title,
            s.ceremony_date,
            r.location,
            s.steps,
            if s.complete { "" } else { ", stopped" }
        );
        println!(
            "uploaded by {} at {}; seal {}",
            s.uploaded_by,
            cert::time::format_unix(s.uploaded_at),
            r.seal
        );
        match (&r.report_by, r.report_matches_record) {
            (Some(by), Some(own)) => println!(
                "Key Generation Report attached by {by}{}",
                if own {
                    " (the record's own)"
                } else {
                    "; it is not the report rootward ceremony run writes for this record"
                }
            ),
            _ => println!("no Key Generation Report"),
        }
        for f in &r.fingerprints {
            println!(
                "step {} {} {} SHA-256 {}{}",
                f.step,
                f.kind.as_str(),
                f.name,
                f.sha256,
                match f.registry_certificates.len() {
                    0 => String::new(),
                    n => format!(" ({n} in the registry)"),
                }
            );
        }
        for g in &r.grants {
            let until = match (&g.revoked_by, g.revoked_at) {
                (Some(by), Some(at)) => {
                    format!(", revoked by {by} at {}", cert::time::format_unix(at))
                }
                _ => String::new(),
            };
            println!(
                "grant to {} by {} at {}{until}",
                g.auditor,
                g.granted_by,
                cert::time::format_unix(g.granted_at)
            );
        }
        reg.close().await;
        Ok(0)
    })?
}

/// `rootward ceremony grant|revoke-grant`: refusals (an account that does
/// not manage the record, an auditor who is not one, a grant that stands
/// already or does not) exit 2 with the reason.
fn grant(a: GrantArgs, give: bool) -> Result<u8> {
    registry::block_on(async move {
        let r = &a.record;
        let reg = crate::registry_cmd::open(&r.db).await?;
        let actor = crate::registry_cmd::account(&reg, &r.account).await?;
        let g = if give {
            reg.grant_ceremony(&actor, &r.sha256, &a.auditor, &registry::SystemClock)
                .await
        } else {
            reg.revoke_ceremony_grant(&actor, &r.sha256, &a.auditor, &registry::SystemClock)
                .await
        }?;
        match (&g.revoked_by, g.revoked_at) {
            (Some(by), Some(at)) => println!(
                "grant to {} revoked by {by} at {}",
                g.auditor,
                cert::time::format_unix(at)
            ),
            _ => println!(
                "{} may read ceremony record {} (granted by {} at {})",
                g.auditor,
                r.sha256,
                g.granted_by,
                cert::time::format_unix(g.granted_at)
            ),
        }
        reg.close().await;
        Ok(0)
    })?
}
