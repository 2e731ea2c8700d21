//! `rootward verify`: build and validate certification paths (RFC 5280
//! section 6) from a certificate to trust anchors.
//!
//! Exit status: 0 when a valid path exists, 1 when none does, 2 on unusable
//! input (unreadable files, an undecodable certificate, no trust anchor).

use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use clap::{Args, ValueEnum};
use path::revocation::Mode;
use path::{Options, PeerName, Purpose, Report};

/// Arguments of `rootward verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Trust anchors (PEM or DER; several per file allowed).
    #[arg(long = "trust", required = true, value_name = "ROOTS.pem")]
    trust: Vec<PathBuf>,
    /// Candidate intermediate certificates.
    #[arg(long = "intermediates", value_name = "FILE", num_args = 1..)]
    intermediates: Vec<PathBuf>,
    /// CRLs; revocation is then checked where a CRL from the issuer is given.
    #[arg(long = "crl", value_name = "FILE")]
    crl: Vec<PathBuf>,
    /// With --crl: every certificate below the trust anchor needs a usable CRL.
    #[arg(long)]
    require_crl: bool,
    /// Validation time (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ); default now.
    #[arg(long, value_name = "TIME")]
    at: Option<String>,
    /// What the certificate is for: smime (emailProtection and the S/MIME
    /// BR chain rules), tls (serverAuth and the TLS BR chain rules), or any
    /// (RFC 5280 6.1 alone).
    #[arg(long, value_enum, default_value = "any")]
    purpose: PurposeArg,
    /// With --purpose any: also enforce RFC 5280 section 4's requirements
    /// on what CAs issue (key identifiers, serial numbers, criticality).
    #[arg(long)]
    strict: bool,
    /// A name the certificate must carry: an email address, DNS name or IP address.
    #[arg(long, value_name = "EMAIL_OR_DNS")]
    name: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// The certificate to validate (PEM or DER; the first certificate of the file).
    cert: PathBuf,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum PurposeArg {
    Any,
    Tls,
    Smime,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

/// Reads every certificate or CRL (by `want_crl`) of a PEM/DER/base64 file.
fn read_items(path: &Path, want_crl: bool) -> Result<Vec<Vec<u8>>> {
    let file = std::fs::File::open(path).with_context(|| format!("{}", path.display()))?;
    let mut out = Vec::new();
    for item in cert::source::ItemReader::new(BufReader::new(file)) {
        let item = item.with_context(|| format!("{}", path.display()))?;
        // The linter's decision of what an item is (PEM label, or DER shape).
        let want = if want_crl {
            lint::ItemKind::Crl
        } else {
            lint::ItemKind::Certificate
        };
        let kind = lint::ItemKind::of(item.label.as_deref(), item.data.as_deref().ok());
        if kind != Some(want) {
            continue;
        }
        let data = item.data.map_err(|e| {
            anyhow!(
                "{}: item {}{}: {e}",
                path.display(),
                item.index,
                item.line
                    .map(|l| format!(" (line {l})"))
                    .unwrap_or_default()
            )
        })?;
        out.push(data);
    }
    if out.is_empty() {
        bail!(
            "{}: no {} found",
            path.display(),
            if want_crl { "CRL" } else { "certificate" }
        );
    }
    Ok(out)
}

/// Runs `rootward verify`.
pub fn run(a: VerifyArgs) -> Result<u8> {
    let leaf = read_items(&a.cert, false)?.swap_remove(0);
    let mut anchors = Vec::new();
    for p in &a.trust {
        anchors.extend(read_items(p, false)?);
    }
    let mut intermediates = Vec::new();
    for p in &a.intermediates {
        intermediates.extend(read_items(p, false)?);
    }
    let mut crls = Vec::new();
    for p in &a.crl {
        crls.extend(read_items(p, true)?);
    }
    let time = match &a.at {
        Some(t) => cert::time::parse_iso(t.trim())
            .ok_or_else(|| anyhow!("--at {t:?}: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ"))?,
        None => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0),
    };
    let mut opts = Options::at(time);
    opts.purpose = match a.purpose {
        PurposeArg::Any => Purpose::Any,
        PurposeArg::Tls => Purpose::Tls,
        PurposeArg::Smime => Purpose::Smime,
    };
    opts.rfc5280_conformance = a.strict;
    opts.name = a.name.as_deref().map(PeerName::parse);
    if a.require_crl {
        opts.revocation = Mode::Require;
    }
    let report = path::validate(
        &leaf,
        &refs(&intermediates),
        &refs(&anchors),
        &refs(&crls),
        &opts,
    )
    .map_err(|e| anyhow!("{}: {e}", a.cert.display()))?;
    let mut out = std::io::stdout().lock();
    match a.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        Format::Text => write_text(&mut out, &report)?,
    }
    Ok(if report.is_valid() { 0 } else { 1 })
}

fn refs(v: &[Vec<u8>]) -> Vec<&[u8]> {
    v.iter().map(Vec::as_slice).collect()
}

fn write_text(out: &mut impl Write, r: &Report) -> Result<()> {
    writeln!(out, "{}", r.subject)?;
    writeln!(out, "  SHA-256 {}", r.sha256)?;
    writeln!(out, "  purpose {}, at {}", r.purpose.name(), r.time)?;
    for (i, p) in r.paths.iter().enumerate() {
        let status = if p.valid { "VALID" } else { "INVALID" };
        writeln!(out, "path {}: {status}", i + 1)?;
        for (pos, c) in p.certificates.iter().enumerate() {
            writeln!(out, "  [{pos}] {} ({})", c.subject, c.role)?;
            writeln!(out, "      SHA-256 {}", c.sha256)?;
        }
        if let Some(f) = &p.failure {
            writeln!(
                out,
                "  fails at [{}] {}: {} [{}]",
                f.position, f.subject, f.error, f.section
            )?;
        }
        if !p.policies.is_empty() {
            writeln!(out, "  policies: {}", p.policies.join(", "))?;
        }
    }
    if r.paths.is_empty() {
        writeln!(out, "no candidate path")?;
    }
    if r.exhausted {
        writeln!(
            out,
            "note: path building stopped on its work budget; more paths may exist"
        )?;
    }
    for s in &r.skipped {
        writeln!(out, "skipped: {s}")?;
    }
    writeln!(
        out,
        "{}",
        if r.is_valid() {
            "result: a valid path exists"
        } else {
            "result: no valid path"
        }
    )?;
    Ok(())
}
