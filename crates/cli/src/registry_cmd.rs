//! Registry commands: `import pem|ccadb`, `check`, `show`, `tree`.
//!
//! Every command takes `--db` (a SQLite file path, the default
//! `rootward.db`, or a `postgres://` URL); the database is created and
//! migrated when needed.
//!
//! Exit status: 0 on success; 1 when `import` rejected some rows or `check`
//! found something at or above `--fail-on`, or `show` found nothing; 2 when a
//! file cannot be read or the arguments are wrong.

use std::io::Write as _;
use std::path::PathBuf;

use anyhow::{Context, Result, anyhow, bail};
use clap::{Args, Subcommand, ValueEnum};
use registry::check::CheckOptions;
use registry::import::ImportOptions;
use registry::view::TreeNode;
use registry::{Clock, Registry, SystemClock};

/// Default database location.
pub const DEFAULT_DB: &str = "rootward.db";

/// Output format of the registry commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutFormat {
    /// Human-readable text.
    Text,
    /// One JSON document.
    Json,
    /// One JSON object per line (`check` only; otherwise like json).
    Jsonl,
}

/// `rootward import …`
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import every certificate of PEM bundles (or DER or base64 files).
    Pem(ImportArgs),
    /// Import CCADB CSV reports: the PEM report ("SHA-256 Fingerprint,X.509
    /// Certificate (PEM)"), the Mozilla intermediate report, or the V5
    /// records report (owners, audits, CP/CPS, trust bits).
    Ccadb(ImportArgs),
}

/// Arguments of `import pem` and `import ccadb`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Files to import, each in one transaction.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// SQLite file or postgres:// URL.
    #[arg(long, default_value = DEFAULT_DB)]
    db: String,
    /// Disclosure date (YYYY-MM-DD) recorded for certificates new to the
    /// registry. Default: now for `import pem`; for `import ccadb`, unknown
    /// (the certificates are in the CCADB, at a date the reports do not give).
    #[arg(long)]
    disclosed_at: Option<String>,
    /// text or json.
    #[arg(long, value_enum, default_value_t = OutFormat::Text)]
    format: OutFormat,
}

/// `rootward check`
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// SQLite file or postgres:// URL.
    #[arg(long, default_value = DEFAULT_DB)]
    db: String,
    /// Only this CA owner or sub-CA operator (case-insensitive legal name).
    #[arg(long)]
    owner: Option<String>,
    /// The date to answer for (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ); default: now.
    #[arg(long)]
    as_of: Option<String>,
    /// Skip linting the CA certificates.
    #[arg(long)]
    no_lint: bool,
    /// text, json or jsonl.
    #[arg(long, value_enum, default_value_t = OutFormat::Text)]
    format: OutFormat,
    /// Group the findings by the owners they concern (CA owner and sub-CA
    /// operator), with every contact of each owner.
    #[arg(long)]
    by_owner: bool,
    /// Exit 1 when a finding is at or above this severity.
    #[arg(long, default_value = "error", value_parser = ["fatal", "error", "warning", "notice", "info"])]
    fail_on: String,
}

/// `rootward show`
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// SHA-256 or SHA-1 fingerprint (any case, colons allowed), SKI, serial,
    /// or text in the subject, issuer, CCADB name or owner.
    query: String,
    /// SQLite file or postgres:// URL.
    #[arg(long, default_value = DEFAULT_DB)]
    db: String,
    /// Date for the trust bits (expiry, revocation); default: now.
    #[arg(long)]
    as_of: Option<String>,
    /// text or json.
    #[arg(long, value_enum, default_value_t = OutFormat::Text)]
    format: OutFormat,
}

/// `rootward tree`
#[derive(Debug, Args)]
pub struct TreeArgs {
    /// The root (or any certificate): fingerprint or search text matching one certificate.
    root: String,
    /// SQLite file or postgres:// URL.
    #[arg(long, default_value = DEFAULT_DB)]
    db: String,
    /// Also follow links declared by CCADB records but not verified by signature.
    #[arg(long)]
    declared: bool,
    /// text or json.
    #[arg(long, value_enum, default_value_t = OutFormat::Text)]
    format: OutFormat,
}

fn parse_time(s: &str, what: &str) -> Result<i64> {
    cert::time::parse_iso(s.trim())
        .ok_or_else(|| anyhow!("{what}: {s:?} is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)"))
}

pub(crate) async fn open(db: &str) -> Result<Registry> {
    Registry::open(db)
        .await
        .with_context(|| format!("cannot open the registry database {db}"))
}

fn print_json<T: serde::Serialize>(v: &T) -> Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, v)?;
    writeln!(out)?;
    Ok(())
}

/// Runs `rootward import pem|ccadb`.
pub fn import_cmd(cmd: ImportCommand) -> Result<u8> {
    let (ccadb, args) = match cmd {
        ImportCommand::Pem(a) => (false, a),
        ImportCommand::Ccadb(a) => (true, a),
    };
    let opts = ImportOptions {
        disclosed_at: args
            .disclosed_at
            .as_deref()
            .map(|d| parse_time(d, "--disclosed-at"))
            .transpose()?,
    };
    registry::block_on(async move {
        let reg = open(&args.db).await?;
        let clock = SystemClock;
        let mut reports = Vec::new();
        let mut rejected = 0;
        for f in &args.files {
            let start = std::time::Instant::now();
            let r = if ccadb {
                reg.import_ccadb(f, &clock, opts).await
            } else {
                reg.import_pem(f, &clock, opts).await
            }
            .with_context(|| format!("importing {}", f.display()))?;
            rejected += r.errors.len();
            for e in &r.errors {
                eprintln!("rootward: {e}");
            }
            if args.format == OutFormat::Text {
                println!(
                    "{}: {} ({} rows): {} created, {} updated, {} unchanged, {} rejected, {} parent links added ({:.2?})",
                    f.display(),
                    r.format,
                    r.rows,
                    r.created,
                    r.updated,
                    r.unchanged,
                    r.errors.len(),
                    r.links_added,
                    start.elapsed()
                );
            }
            reports.push(r);
        }
        if args.format != OutFormat::Text {
            print_json(&reports)?;
        }
        reg.close().await;
        Ok(if rejected > 0 { 1 } else { 0 })
    })?
}

/// Runs `rootward check`.
pub fn check_cmd(args: CheckArgs) -> Result<u8> {
    let as_of = match &args.as_of {
        Some(d) => parse_time(d, "--as-of")?,
        None => SystemClock.now(),
    };
    let fail_on = lint::Severity::parse(&args.fail_on)
        .ok_or_else(|| anyhow!("--fail-on: unknown severity {:?}", args.fail_on))?;
    registry::block_on(async move {
        let reg = open(&args.db).await?;
        let linter = lint::Linter::new();
        let findings = registry::check(
            &reg,
            &CheckOptions {
                owner: args.owner.as_deref(),
                as_of,
                lint: !args.no_lint,
            },
            &linter,
        )
        .await?;
        if args.by_owner {
            let snap = reg.snapshot().await?;
            let groups = registry::check::by_owner(&snap, &findings);
            if args.format == OutFormat::Text {
                let mut out = std::io::stdout().lock();
                for g in &groups {
                    writeln!(
                        out,
                        "== {} — {} finding(s); contacts: {}",
                        g.owner.as_deref().unwrap_or("(owner unknown)"),
                        g.findings.len(),
                        if g.contacts.is_empty() {
                            "(none recorded)".to_owned()
                        } else {
                            g.contacts.join(", ")
                        }
                    )?;
                    for f in &g.findings {
                        writeln!(
                            out,
                            "{}: {} [{}] {}\n    at {}",
                            f.severity, f.code, f.citation, f.message, f.location
                        )?;
                    }
                }
            } else {
                print_json(&groups)?;
            }
            reg.close().await;
            return Ok(if findings.iter().any(|f| f.severity >= fail_on) {
                1
            } else {
                0
            });
        }
        match args.format {
            OutFormat::Json => print_json(&findings)?,
            OutFormat::Jsonl => {
                let mut out = std::io::stdout().lock();
                for f in &findings {
                    serde_json::to_writer(&mut out, f)?;
                    writeln!(out)?;
                }
            }
            OutFormat::Text => {
                let mut out = std::io::stdout().lock();
                for f in &findings {
                    writeln!(
                        out,
                        "{}: {} [{}] {}\n    at {}",
                        f.severity, f.code, f.citation, f.message, f.location
                    )?;
                }
                writeln!(
                    out,
                    "{} finding(s) as of {}",
                    findings.len(),
                    cert::time::format_unix(as_of)
                )?;
            }
        }
        reg.close().await;
        Ok(if findings.iter().any(|f| f.severity >= fail_on) {
            1
        } else {
            0
        })
    })?
}

/// Runs `rootward show`.
pub fn show_cmd(args: ShowArgs) -> Result<u8> {
    let as_of = match &args.as_of {
        Some(d) => parse_time(d, "--as-of")?,
        None => SystemClock.now(),
    };
    registry::block_on(async move {
        let reg = open(&args.db).await?;
        let hits = reg.search(&args.query).await?;
        let mut views = Vec::new();
        for h in &hits {
            views.push(reg.view(&h.sha256, as_of).await?);
        }
        reg.close().await;
        if args.format != OutFormat::Text {
            print_json(&views)?;
            return Ok(if views.is_empty() { 1 } else { 0 });
        }
        if views.is_empty() {
            eprintln!("rootward: no certificate matches {:?}", args.query);
            return Ok(1);
        }
        let mut out = std::io::stdout().lock();
        for v in &views {
            let c = &v.certificate;
            let opt = |o: &Option<String>| o.clone().unwrap_or_else(|| "-".into());
            let time =
                |t: Option<i64>| t.map(cert::time::format_unix).unwrap_or_else(|| "-".into());
            writeln!(out, "SHA-256:      {}", c.sha256)?;
            writeln!(out, "SHA-1:        {}", opt(&c.sha1))?;
            if let Some(n) = &c.name {
                writeln!(out, "Name:         {n}")?;
            }
            writeln!(out, "Subject:      {}", opt(&c.subject))?;
            writeln!(out, "Issuer:       {}", opt(&c.issuer))?;
            writeln!(out, "Serial:       {}", opt(&c.serial))?;
            writeln!(
                out,
                "Validity:     {} .. {}",
                time(c.not_before),
                time(c.not_after)
            )?;
            writeln!(out, "SKI:          {}", opt(&c.ski))?;
            writeln!(out, "AKI:          {}", opt(&c.aki))?;
            writeln!(
                out,
                "CA:           {}{}",
                if c.is_ca { "yes" } else { "no" },
                if c.technically_constrained {
                    ", technically constrained"
                } else {
                    ""
                }
            )?;
            writeln!(
                out,
                "EKU:          {}",
                c.eku
                    .as_ref()
                    .map(|e| e.join(", "))
                    .unwrap_or_else(|| "(none)".into())
            )?;
            let mut bits = Vec::new();
            if v.trust_bits.email {
                bits.push("Secure Email");
            }
            if v.trust_bits.server {
                bits.push("Server Authentication");
            }
            writeln!(
                out,
                "Trust bits:   {}",
                if bits.is_empty() {
                    "(none)".into()
                } else {
                    bits.join(", ")
                }
            )?;
            writeln!(out, "Revocation:   {}", opt(&c.revocation))?;
            writeln!(out, "Owner:        {}", opt(&c.owner))?;
            if let Some(s) = &c.subca_owner {
                writeln!(out, "Operator:     {s}")?;
            }
            writeln!(out, "Disclosed:    {}", time(c.disclosed_at))?;
            for (sha, label, verified) in &v.parents {
                writeln!(
                    out,
                    "Parent:       {sha} {label}{}",
                    if *verified {
                        ""
                    } else {
                        " (declared, not verified)"
                    }
                )?;
            }
            for (sha, label, verified) in &v.children {
                writeln!(
                    out,
                    "Child:        {sha} {label}{}",
                    if *verified {
                        ""
                    } else {
                        " (declared, not verified)"
                    }
                )?;
            }
            for a in &v.audits {
                writeln!(
                    out,
                    "Audit:        {} {} {}..{} statement {} by {}",
                    a.kind,
                    a.criteria.as_deref().unwrap_or("-"),
                    a.period_start.as_deref().unwrap_or("?"),
                    a.period_end.as_deref().unwrap_or("?"),
                    a.statement_date.as_deref().unwrap_or("?"),
                    a.auditor.as_deref().unwrap_or("-")
                )?;
            }
            for d in &v.documents {
                writeln!(
                    out,
                    "Document:     {} {} effective {}",
                    d.kind,
                    d.url,
                    d.effective_date.as_deref().unwrap_or("?")
                )?;
            }
            for h in &v.history {
                writeln!(
                    out,
                    "History:      v{} {} {} {}",
                    h.version,
                    cert::time::format_unix(h.at),
                    h.source,
                    h.changes
                )?;
            }
            writeln!(out)?;
        }
        Ok(0)
    })?
}

/// Runs `rootward tree`.
pub fn tree_cmd(args: TreeArgs) -> Result<u8> {
    registry::block_on(async move {
        let reg = open(&args.db).await?;
        let hits = reg.search(&args.root).await?;
        let root = match hits.as_slice() {
            [] => bail!("no certificate matches {:?}", args.root),
            [one] => one.sha256.clone(),
            many => {
                // Prefer a single self-issued match (the root itself).
                let roots: Vec<_> = many.iter().filter(|c| c.self_issued).collect();
                match roots.as_slice() {
                    [one] => one.sha256.clone(),
                    _ => bail!(
                        "{:?} matches {} certificates; give a fingerprint:\n{}",
                        args.root,
                        many.len(),
                        many.iter()
                            .map(|c| format!("  {} {}", c.sha256, c.label()))
                            .collect::<Vec<_>>()
                            .join("\n")
                    ),
                }
            }
        };
        let tree = reg.tree(&root, !args.declared).await?;
        reg.close().await;
        if args.format != OutFormat::Text {
            print_json(&tree)?;
        } else {
            let mut out = std::io::stdout().lock();
            print_tree(&mut out, &tree, 0)?;
        }
        Ok(0)
    })?
}

fn print_tree(out: &mut impl std::io::Write, n: &TreeNode, depth: usize) -> Result<()> {
    let label = n
        .name
        .clone()
        .or_else(|| n.subject.clone())
        .unwrap_or_default();
    let mut bits = Vec::new();
    if n.trust_bits.email {
        bits.push("email");
    }
    if n.trust_bits.server {
        bits.push("server");
    }
    writeln!(
        out,
        "{}{} {} [{}..{}] [{}]{}{}{}",
        "  ".repeat(depth),
        &n.sha256[..16.min(n.sha256.len())],
        label,
        n.not_before.as_deref().map(|t| &t[..10]).unwrap_or("?"),
        n.not_after.as_deref().map(|t| &t[..10]).unwrap_or("?"),
        bits.join(","),
        n.subca_owner
            .as_deref()
            .map(|o| format!(" operated by {o}"))
            .unwrap_or_default(),
        if n.verified {
            ""
        } else {
            " (declared, not verified)"
        },
        if n.repeated {
            " (cycle: shown above)"
        } else {
            ""
        }
    )?;
    for c in &n.children {
        print_tree(out, c, depth + 1)?;
    }
    Ok(())
}

/// `rootward owner set`: create or update a CA owner (a new version with history).
#[derive(Debug, Args)]
pub struct OwnerArgs {
    /// Full legal name.
    name: String,
    /// Website.
    #[arg(long)]
    website: Option<String>,
    /// Country.
    #[arg(long)]
    country: Option<String>,
    /// A contact (repeat for several); every finding of the owner reaches all of them.
    #[arg(long = "contact")]
    contacts: Vec<String>,
    /// SQLite file or postgres:// URL.
    #[arg(long, default_value = DEFAULT_DB)]
    db: String,
}

/// `rootward incident set`: create or update an incident (a new version with history).
#[derive(Debug, Args)]
pub struct IncidentArgs {
    /// Stable id, e.g. the Bugzilla bug number.
    id: String,
    /// The CA owner it concerns.
    #[arg(long)]
    owner: String,
    /// Title.
    #[arg(long)]
    title: String,
    /// Link to the report.
    #[arg(long)]
    link: Option<String>,
    /// Opened (YYYY-MM-DD).
    #[arg(long)]
    opened: Option<String>,
    /// Closed (YYYY-MM-DD).
    #[arg(long)]
    closed: Option<String>,
    /// open, closed, …
    #[arg(long, default_value = "open")]
    status: String,
    /// Next update due (YYYY-MM-DD).
    #[arg(long)]
    next_update: Option<String>,
    /// SQLite file or postgres:// URL.
    #[arg(long, default_value = DEFAULT_DB)]
    db: String,
}

fn check_date(v: &Option<String>, what: &str) -> Result<()> {
    if let Some(d) = v
        && registry::parse_date(d).is_none_or(|_| d.len() != 10)
    {
        bail!("{what}: {d:?} is not a date (YYYY-MM-DD)");
    }
    Ok(())
}

/// Runs `rootward owner set`.
pub fn owner_cmd(args: OwnerArgs) -> Result<u8> {
    registry::block_on(async move {
        let reg = open(&args.db).await?;
        let owner = registry::Owner {
            name: args.name,
            website: args.website,
            country: args.country,
            contacts: args.contacts,
        };
        reg.put_owner(&owner, "cli owner set", &SystemClock).await?;
        let h = reg.history("owner", &owner.name).await?;
        println!(
            "{}: version {}",
            owner.name,
            h.last().map_or(1, |e| e.version)
        );
        reg.close().await;
        Ok(0)
    })?
}

/// Runs `rootward incident set`.
pub fn incident_cmd(args: IncidentArgs) -> Result<u8> {
    check_date(&args.opened, "--opened")?;
    check_date(&args.closed, "--closed")?;
    check_date(&args.next_update, "--next-update")?;
    registry::block_on(async move {
        let reg = open(&args.db).await?;
        let incident = registry::Incident {
            id: args.id,
            owner: args.owner,
            title: args.title,
            link: args.link,
            opened: args.opened,
            closed: args.closed,
            status: args.status,
            next_update: args.next_update,
        };
        reg.put_incident(&incident, "cli incident set", &SystemClock)
            .await?;
        let h = reg.history("incident", &incident.id).await?;
        println!(
            "incident {}: version {}",
            incident.id,
            h.last().map_or(1, |e| e.version)
        );
        reg.close().await;
        Ok(0)
    })?
}

/// `rootward owner …`
#[derive(Debug, Subcommand)]
pub enum OwnerCommand {
    /// Create or update a CA owner.
    Set(OwnerArgs),
}

/// `rootward incident …`
#[derive(Debug, Subcommand)]
pub enum IncidentCommand {
    /// Create or update an incident's listed fields (e.g. as Bugzilla shows
    /// them); no role checks, no report sections.
    Set(IncidentArgs),
    /// File an incident report from the CCADB template's Markdown, as an
    /// account of the registry (the program, or a member of the owner).
    File(FileArgs),
    /// Post an update to an incident (text, next update, revised sections),
    /// as an account of the registry.
    Update(UpdateArgs),
    /// Close an incident with its closing summary, as an account of the registry.
    Close(CloseArgs),
    /// Print an incident report as the CCADB template's Markdown (for Bugzilla).
    Show(ShowIncidentArgs),
}

/// `rootward incident file`
#[derive(Debug, Args)]
pub struct FileArgs {
    /// The report in the Markdown of the CCADB Full (or Preliminary)
    /// Incident Report template: `### Summary`, `### Impact`, … (the
    /// Summary at least).
    #[arg(long)]
    report: PathBuf,
    /// Title.
    #[arg(long)]
    title: String,
    /// The account filing it (see `rootward user add`).
    #[arg(long = "as", value_name = "ACCOUNT")]
    account: String,
    /// The CA owner; an owner member's own when absent.
    #[arg(long)]
    owner: Option<String>,
    /// Id, e.g. the Bugzilla bug number; generated when absent.
    #[arg(long)]
    id: Option<String>,
    /// The Bugzilla report (https://).
    #[arg(long)]
    link: Option<String>,
    /// Next update due (YYYY-MM-DD); 7 days from today when absent.
    #[arg(long)]
    next_update: Option<String>,
    /// A sub-CA request the incident concerns (repeat for several).
    #[arg(long = "request")]
    requests: Vec<String>,
    /// SQLite file or postgres:// URL.
    #[arg(long, default_value = DEFAULT_DB)]
    db: String,
}

/// `rootward incident update`
#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// The incident's id.
    id: String,
    /// What happened since the last update.
    #[arg(long)]
    text: String,
    /// Sections to revise, in the template's Markdown (the sections with
    /// text under their heading replace the stored ones).
    #[arg(long)]
    report: Option<PathBuf>,
    /// Next update due (YYYY-MM-DD); 7 days from today when absent.
    #[arg(long)]
    next_update: Option<String>,
    /// The account posting it.
    #[arg(long = "as", value_name = "ACCOUNT")]
    account: String,
    /// SQLite file or postgres:// URL.
    #[arg(long, default_value = DEFAULT_DB)]
    db: String,
}

/// `rootward incident close`
#[derive(Debug, Args)]
pub struct CloseArgs {
    /// The incident's id.
    id: String,
    /// The closing summary: the incident, root causes, remediation, commitments.
    #[arg(long)]
    summary: String,
    /// The account closing it.
    #[arg(long = "as", value_name = "ACCOUNT")]
    account: String,
    /// SQLite file or postgres:// URL.
    #[arg(long, default_value = DEFAULT_DB)]
    db: String,
}

/// `rootward incident show`
#[derive(Debug, Args)]
pub struct ShowIncidentArgs {
    /// The incident's id.
    id: String,
    /// SQLite file or postgres:// URL.
    #[arg(long, default_value = DEFAULT_DB)]
    db: String,
}

pub(crate) async fn account(reg: &Registry, name: &str) -> Result<registry::workflow::Actor> {
    reg.user(name)
        .await?
        .ok_or_else(|| anyhow!("--as {name}: no such account (create it with rootward user add)"))
}

/// Runs `rootward incident …`.
pub fn incident_run(cmd: IncidentCommand) -> Result<u8> {
    match cmd {
        IncidentCommand::Set(args) => incident_cmd(args),
        IncidentCommand::File(a) => {
            let md = std::fs::read_to_string(&a.report)
                .with_context(|| format!("cannot read {}", a.report.display()))?;
            let sections = registry::incidents::Sections::from_markdown(&md)
                .with_context(|| a.report.display().to_string())?;
            registry::block_on(async move {
                let reg = open(&a.db).await?;
                let actor = account(&reg, &a.account).await?;
                let new = registry::incidents::NewIncident {
                    id: a.id,
                    owner: a.owner,
                    title: a.title,
                    link: a.link,
                    next_update: a.next_update,
                    sections,
                    requests: a.requests,
                };
                let r = reg.file_incident(&actor, &new, &SystemClock).await?;
                let missing = r.sections.missing();
                println!(
                    "incident {} filed for {}; next update {}",
                    r.incident.id,
                    r.incident.owner,
                    r.incident.next_update.as_deref().unwrap_or("-")
                );
                if !missing.is_empty() {
                    println!("sections still to write: {}", missing.join(", "));
                }
                reg.close().await;
                Ok(0)
            })?
        }
        IncidentCommand::Update(a) => {
            let sections = match &a.report {
                Some(p) => {
                    let md = std::fs::read_to_string(p)
                        .with_context(|| format!("cannot read {}", p.display()))?;
                    registry::incidents::Sections::from_markdown(&md)
                        .with_context(|| p.display().to_string())?
                }
                None => registry::incidents::Sections::default(),
            };
            registry::block_on(async move {
                let reg = open(&a.db).await?;
                let actor = account(&reg, &a.account).await?;
                let upd = registry::incidents::NewUpdate {
                    text: a.text,
                    next_update: a.next_update,
                    sections,
                    requests: Vec::new(),
                    version: None,
                };
                let r = reg
                    .update_incident(&a.id, &actor, &upd, &SystemClock)
                    .await?;
                let revised = r
                    .updates
                    .last()
                    .map(|u| u.revised.join(", "))
                    .unwrap_or_default();
                println!(
                    "incident {}: update {} posted; next update {}{}",
                    r.incident.id,
                    r.updates.len().saturating_sub(1),
                    r.incident.next_update.as_deref().unwrap_or("-"),
                    if revised.is_empty() {
                        String::new()
                    } else {
                        format!("; revised {revised}")
                    }
                );
                reg.close().await;
                Ok(0)
            })?
        }
        IncidentCommand::Close(a) => registry::block_on(async move {
            let reg = open(&a.db).await?;
            let actor = account(&reg, &a.account).await?;
            let closing = registry::incidents::Closing {
                summary: a.summary,
                version: None,
            };
            let r = reg
                .close_incident(&a.id, &actor, &closing, &SystemClock)
                .await?;
            println!(
                "incident {} closed {} by {}",
                r.incident.id,
                r.incident.closed.as_deref().unwrap_or("-"),
                actor.name
            );
            reg.close().await;
            Ok(0)
        })?,
        IncidentCommand::Show(a) => registry::block_on(async move {
            let reg = open(&a.db).await?;
            let r = reg.incident_report(&a.id).await?;
            print!("{}", r.to_markdown());
            reg.close().await;
            Ok(0)
        })?,
    }
}
