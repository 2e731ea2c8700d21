//! CA commands: `key generate`, `issue`, `revoke`, `issued`, `crl`, `profiles`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use ca::crl::{CrlSpec, build_crl, reason_code};
use ca::issue::{IssueOptions, Issuer, issue};
use ca::log::IssuanceLog;
use ca::new_file::NewFile;
use ca::profile::{CertProfile, SHIPPED, parse_san};
use ca::soft_key::pem;
use ca::tbs::Request;
use ca::{KeyAlgorithm, Signer, SoftKey};
use clap::{Args, Subcommand};

/// Default environment variable for key passphrases.
pub const PASSPHRASE_ENV: &str = "ROOTWARD_KEY_PASSPHRASE";

/// `rootward key …`
#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Generate a software key, stored as encrypted PKCS #8 (PBES2, AES-256-CBC).
    Generate(KeyGenerateArgs),
}

/// `rootward key generate`
#[derive(Debug, Args)]
pub struct KeyGenerateArgs {
    /// rsa2048, rsa3072, rsa4096, p256, p384 or ed25519.
    #[arg(long)]
    algorithm: String,
    /// Encrypted private key file to create (never overwritten).
    #[arg(long)]
    out: PathBuf,
    /// Public key PEM file to create.
    #[arg(long)]
    public_out: Option<PathBuf>,
    /// Environment variable holding the passphrase (prompted for when unset and a terminal is attached).
    #[arg(long, default_value = PASSPHRASE_ENV)]
    passphrase_env: String,
}

/// `rootward issue`
#[derive(Debug, Args)]
pub struct IssueArgs {
    /// CA profile: a shipped name (see `rootward profiles`) or a TOML file.
    #[arg(long)]
    profile: String,
    /// Issuer certificate (omit with --self-signed).
    #[arg(long)]
    issuer_cert: Option<PathBuf>,
    #[command(flatten)]
    key: IssuerKeyArgs,
    /// Issue a self-signed root for the issuer key (root profiles).
    #[arg(long)]
    self_signed: bool,
    /// A PKCS #10 request (its subject, key and requested SANs).
    #[arg(long, conflicts_with_all = ["public_key"])]
    csr: Option<PathBuf>,
    /// The subject public key (PEM or DER SubjectPublicKeyInfo), with --attr and --san.
    #[arg(long)]
    public_key: Option<PathBuf>,
    /// Subject attribute KEY=VALUE (CN, O, OU, C, ST, L, organizationIdentifier, …); repeatable.
    #[arg(long = "attr", value_name = "KEY=VALUE")]
    attrs: Vec<String>,
    /// subjectAltName entry email:…, dns:… or ip:…; repeatable.
    #[arg(long = "san")]
    sans: Vec<String>,
    /// Accept an error finding of this code (recorded in the issuance log); repeatable.
    #[arg(long = "override", value_name = "CODE")]
    overrides: Vec<String>,
    /// The issuance log (SQLite), created when absent.
    #[arg(long)]
    log: PathBuf,
    /// Certificate PEM file to create (never overwritten).
    #[arg(long)]
    out: PathBuf,
}

/// `rootward revoke`
#[derive(Debug, Args)]
pub struct RevokeArgs {
    /// Issuer certificate.
    #[arg(long)]
    issuer_cert: PathBuf,
    /// Issuance log.
    #[arg(long)]
    log: PathBuf,
    /// Serial number (hex, any case, colons allowed).
    #[arg(long)]
    serial: String,
    /// RFC 5280 CRLReason: unspecified, keyCompromise, cACompromise, affiliationChanged,
    /// superseded, cessationOfOperation, certificateHold, privilegeWithdrawn. Refused
    /// when the Baseline Requirements do not allow it for the certificate (TLS BR
    /// 7.2.2 and MRSP 6.1.1 for TLS subscribers; no unspecified or certificateHold
    /// for CA certificates; certificateHold only for Legacy and Multipurpose S/MIME).
    #[arg(long, default_value = "unspecified")]
    reason: String,
}

/// `rootward issued`
#[derive(Debug, Args)]
pub struct IssuedArgs {
    /// Issuance log.
    #[arg(long)]
    log: PathBuf,
    /// Only the certificates this CA issued.
    #[arg(long)]
    issuer_cert: Option<PathBuf>,
    /// Only the certificate with this serial (hex, any case, colons allowed).
    #[arg(long)]
    serial: Option<String>,
    /// Write that certificate to this PEM file (never overwritten).
    #[arg(long, requires = "serial")]
    out: Option<PathBuf>,
}

/// `rootward crl`
#[derive(Debug, Args)]
pub struct CrlArgs {
    /// Issuer certificate.
    #[arg(long)]
    issuer_cert: PathBuf,
    #[command(flatten)]
    key: IssuerKeyArgs,
    /// Issuance log.
    #[arg(long)]
    log: PathBuf,
    /// Days until nextUpdate (TLS BR 4.9.7: at most 10 for subscriber CRLs).
    #[arg(long, default_value_t = 7)]
    next_update_days: u32,
    /// Partition K of N (K/N), for partitioned CRLs.
    #[arg(long, requires = "idp_url")]
    partition: Option<String>,
    /// The partition's URL, put in the issuingDistributionPoint.
    #[arg(long)]
    idp_url: Option<String>,
    /// Publish despite an error finding of this code; repeatable.
    #[arg(long = "override", value_name = "CODE")]
    overrides: Vec<String>,
    /// CRL PEM file to create (never overwritten).
    #[arg(long)]
    out: PathBuf,
}

/// Unix time now (the CLI is where the clock is read).
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// A secret from an environment variable, or a prompt on the terminal.
pub fn secret(env: &str, purpose: &str) -> Result<Vec<u8>> {
    if let Ok(v) = std::env::var(env) {
        return Ok(v.into_bytes());
    }
    if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        let p = rpassword::prompt_password(format!("{purpose} ({env} is not set): "))
            .context("reading the passphrase")?;
        return Ok(p.into_bytes());
    }
    bail!("{purpose}: set the environment variable {env} (no terminal to prompt on)")
}

/// The first PEM/DER item of a file.
pub fn read_der(path: &Path) -> Result<Vec<u8>> {
    let f =
        std::fs::File::open(path).with_context(|| format!("{}: cannot open", path.display()))?;
    let mut items = cert::source::ItemReader::new(std::io::BufReader::new(f));
    let item = items
        .next()
        .ok_or_else(|| anyhow!("{}: no PEM, DER or base64 content", path.display()))?
        .with_context(|| format!("{}: read failed", path.display()))?;
    item.data.map_err(|e| anyhow!("{}: {e}", path.display()))
}

/// The issuer's signing key of `issue` and `crl`: a key file or a key in a token.
#[derive(Debug, Args)]
pub struct IssuerKeyArgs {
    /// Issuer key (encrypted PKCS #8), or --pkcs11-module for a key in a token.
    #[arg(
        long,
        required_unless_present = "pkcs11_module",
        conflicts_with = "pkcs11_module"
    )]
    issuer_key: Option<PathBuf>,
    /// Environment variable holding the issuer key passphrase.
    #[arg(long, default_value = PASSPHRASE_ENV)]
    passphrase_env: String,
    #[command(flatten)]
    token: TokenKeyArgs,
}

impl IssuerKeyArgs {
    /// Opens the key.
    fn signer(&self) -> Result<Box<dyn Signer>> {
        signing_key(
            self.issuer_key.as_deref(),
            &self.passphrase_env,
            &self.token,
        )
    }
}

/// A signing key inside a PKCS #11 token (an HSM), instead of a key file.
#[derive(Debug, Args)]
pub struct TokenKeyArgs {
    /// PKCS #11 module of the token (e.g. /usr/lib/softhsm/libsofthsm2.so).
    #[arg(long, requires_all = ["token", "key_label"])]
    pkcs11_module: Option<PathBuf>,
    /// The token's label.
    #[arg(long, requires = "pkcs11_module")]
    token: Option<String>,
    /// The key's label (CKA_LABEL) in the token.
    #[arg(long, requires = "pkcs11_module")]
    key_label: Option<String>,
    /// Environment variable holding the token's user PIN (prompted when unset).
    #[arg(long, default_value = PIN_ENV)]
    pin_env: String,
}

/// Default environment variable for a token's user PIN.
pub const PIN_ENV: &str = "ROOTWARD_PIN";

/// The signing key: a key file (encrypted PKCS #8) or a key in a token.
pub fn signing_key(
    file: Option<&Path>,
    passphrase_env: &str,
    token: &TokenKeyArgs,
) -> Result<Box<dyn Signer>> {
    match (&token.pkcs11_module, &token.token, &token.key_label, file) {
        (Some(module), Some(label), Some(key_label), _) => {
            let pin = secret(&token.pin_env, &format!("user PIN of token {label}"))?;
            let pin = String::from_utf8(pin).map_err(|_| anyhow!("the PIN is not UTF-8"))?;
            let key = ca::pkcs11::TokenKey::open(module, label, key_label, &pin)
                .map_err(|e| anyhow!("{}: {e}", module.display()))?;
            Ok(Box::new(key))
        }
        (None, _, _, Some(path)) => Ok(Box::new(load_key(path, passphrase_env)?)),
        _ => bail!("give a key file, or --pkcs11-module with --token and --key-label"),
    }
}

/// Loads a software key.
pub fn load_key(path: &Path, passphrase_env: &str) -> Result<SoftKey> {
    let bytes =
        std::fs::read(path).with_context(|| format!("{}: cannot read key", path.display()))?;
    let pass = secret(
        passphrase_env,
        &format!("passphrase for {}", path.display()),
    )?;
    SoftKey::from_encrypted(&bytes, &pass, path.display().to_string())
        .map_err(|e| anyhow!("{}: {e}", path.display()))
}

/// Loads a CA profile by shipped name or file, checked against the linter.
pub fn load_profile(name: &str, linter: &lint::Linter) -> Result<CertProfile> {
    let text = match SHIPPED.iter().find(|(n, _)| *n == name) {
        Some((_, t)) => t.to_string(),
        None => std::fs::read_to_string(name)
            .with_context(|| format!("{name}: not a shipped profile and not a readable file"))?,
    };
    Ok(CertProfile::load_checked(name, &text, linter, now())?)
}

/// `rootward key generate`
pub fn key_generate(a: KeyGenerateArgs) -> Result<u8> {
    let alg = KeyAlgorithm::from_name(&a.algorithm)
        .ok_or_else(|| anyhow!("unknown algorithm {:?}", a.algorithm))?;
    let pass = secret(&a.passphrase_env, "passphrase for the new key")?;
    let key_file = NewFile::create(&a.out)?;
    let public_file = a.public_out.as_deref().map(NewFile::create).transpose()?;
    let key = SoftKey::generate(alg)?;
    key_file.write(key.to_encrypted_pem(&pass)?.as_bytes())?;
    let public = pem("PUBLIC KEY", key.spki_der());
    if let Some(f) = public_file {
        f.write(public.as_bytes())?;
    }
    println!("{} key written to {}", alg.name(), a.out.display());
    println!(
        "SHA-256 of SubjectPublicKeyInfo: {}",
        ca::signer::spki_sha256_hex(&key)
    );
    print!("{public}");
    Ok(0)
}

fn parse_attrs(attrs: &[String]) -> Result<Vec<(String, String)>> {
    attrs
        .iter()
        .map(|a| {
            a.split_once('=')
                .map(|(k, v)| (k.trim().to_string(), v.to_string()))
                .ok_or_else(|| anyhow!("--attr {a:?}: expected KEY=VALUE"))
        })
        .collect()
}

/// `rootward issue`
pub fn issue_cmd(a: IssueArgs) -> Result<u8> {
    let linter = lint::Linter::new();
    let profile = load_profile(&a.profile, &linter)?;
    let key = a.key.signer()?;
    let issuer_der = match (&a.issuer_cert, a.self_signed) {
        (Some(p), false) => Some(read_der(p)?),
        (None, true) => None,
        (Some(_), true) => bail!("--self-signed and --issuer-cert exclude each other"),
        (None, false) => bail!("give --issuer-cert, or --self-signed for a root"),
    };
    let request = if let Some(csr) = &a.csr {
        ca::ceremony::request_from_csr(&read_der(csr)?)
            .map_err(|e| anyhow!("{}: {e}", csr.display()))?
    } else if a.self_signed {
        Request {
            subject: parse_attrs(&a.attrs)?,
            sans: vec![],
            spki_der: key.spki_der().to_vec(),
        }
    } else {
        let pk = a
            .public_key
            .as_ref()
            .ok_or_else(|| anyhow!("give --csr, or --public-key with --attr/--san"))?;
        let sans = a
            .sans
            .iter()
            .map(|s| {
                parse_san(s).ok_or_else(|| anyhow!("--san {s:?}: expected email:, dns: or ip:"))
            })
            .collect::<Result<_>>()?;
        Request {
            subject: parse_attrs(&a.attrs)?,
            sans,
            spki_der: read_der(pk)?,
        }
    };
    let out = NewFile::create(&a.out)?;
    let mut log = IssuanceLog::open(&a.log).map_err(|e| anyhow!("{}: {e}", a.log.display()))?;
    let overrides: BTreeSet<String> = a.overrides.iter().cloned().collect();
    let opts = IssueOptions {
        overrides,
        not_before: now(),
        fault: None,
    };
    let issued = match issue(
        &linter,
        &profile,
        &request,
        &Issuer {
            cert_der: issuer_der,
            signer: key.as_ref(),
        },
        &mut log,
        &opts,
    ) {
        Ok(i) => i,
        Err(ca::IssueError::Refused { findings, signed }) => {
            if signed {
                eprintln!(
                    "rootward: refused: post-issuance linting found errors; the signed certificate was discarded, nothing was recorded or written:"
                );
            } else {
                eprintln!(
                    "rootward: refused: pre-issuance linting found errors; nothing was signed or recorded:"
                );
            }
            for f in &findings {
                eprintln!(
                    "  {} {}: {} [{}] ({})",
                    f.severity, f.code, f.message, f.citation, f.location
                );
            }
            eprintln!(
                "To issue anyway, pass --override CODE for each code (recorded in the issuance log)."
            );
            return Ok(1);
        }
        Err(e) => return Err(e.into()),
    };
    // The certificate is recorded: if writing it fails now, it is not lost.
    out.write(pem("CERTIFICATE", &issued.der).as_bytes())
        .with_context(|| {
            format!(
                "serial {} was issued and recorded in {}; write it out with `rootward issued --log {} --serial {} --out FILE`",
                issued.entry.serial,
                a.log.display(),
                a.log.display(),
                issued.entry.serial
            )
        })?;
    println!(
        "issued serial {} ({}), SHA-256 {}",
        issued.entry.serial,
        profile.name,
        cert::hex_upper(&cert::digest::sha256(&issued.der))
    );
    for code in &issued.overridden {
        println!("override recorded: {code}");
    }
    Ok(0)
}

fn normalize_serial(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_hexdigit())
        .collect::<String>()
        .to_uppercase()
}

/// `rootward revoke`
pub fn revoke_cmd(a: RevokeArgs) -> Result<u8> {
    let issuer = read_der(&a.issuer_cert)?;
    let reason = reason_code(&a.reason).ok_or_else(|| anyhow!("unknown reason {:?}", a.reason))?;
    let mut log =
        IssuanceLog::open_existing(&a.log).map_err(|e| anyhow!("{}: {e}", a.log.display()))?;
    let serial = normalize_serial(&a.serial);
    let issuer_sha = log.register_issuer(&issuer)?;
    log.revoke(&issuer_sha, &serial, now(), reason)?;
    println!("revoked serial {serial} ({})", a.reason);
    Ok(0)
}

/// `rootward issued`: one line per certificate (serial, time, profile,
/// status, SHA-256, subject), or one certificate written out as PEM.
pub fn issued_cmd(a: IssuedArgs) -> Result<u8> {
    let mut log =
        IssuanceLog::open_existing(&a.log).map_err(|e| anyhow!("{}: {e}", a.log.display()))?;
    let serial = a.serial.as_deref().map(normalize_serial);
    // With --issuer-cert, what the CA issued under any of its certificates;
    // the log selects, so one serial does not read the whole log.
    let issuer = match &a.issuer_cert {
        Some(p) => Some(log.register_issuer(&read_der(p)?)?),
        None => None,
    };
    let entries = match (&serial, &issuer) {
        (Some(s), i) => log.entries_with_serial(i.as_deref(), s)?,
        (None, Some(i)) => log.issued_by(i)?,
        (None, None) => log.entries()?,
    };
    if let Some(out) = &a.out {
        let [entry] = entries.as_slice() else {
            bail!(
                "serial {} matches {} certificates in {}; pass --issuer-cert to choose",
                serial.unwrap_or_default(),
                entries.len(),
                a.log.display()
            );
        };
        NewFile::create(out)?.write(pem("CERTIFICATE", &entry.der).as_bytes())?;
        println!("serial {} written to {}", entry.serial, out.display());
        return Ok(0);
    }
    for e in &entries {
        let status = match log.status(&e.issuer_sha256, &e.serial)? {
            Some(Some(r)) => format!("revoked ({})", ca::crl::reason_name(r.reason)),
            _ => "good".to_string(),
        };
        let subject = cert::Certificate::parse(&e.der)
            .map(|c| c.subject.to_string())
            .unwrap_or_else(|err| format!("(does not decode: {err})"));
        println!(
            "{}  {}  {:<30} {:<24} {}  {}",
            e.serial,
            cert::time::format_unix(e.issued_at),
            e.profile,
            status,
            cert::hex_upper(&cert::digest::sha256(&e.der)),
            subject
        );
    }
    if entries.is_empty() && serial.is_some() {
        eprintln!(
            "rootward: no certificate with that serial in {}",
            a.log.display()
        );
        return Ok(1);
    }
    Ok(0)
}

/// `rootward crl`
pub fn crl_cmd(a: CrlArgs) -> Result<u8> {
    let issuer = read_der(&a.issuer_cert)?;
    let key = a.key.signer()?;
    let mut log =
        IssuanceLog::open_existing(&a.log).map_err(|e| anyhow!("{}: {e}", a.log.display()))?;
    let sha = log.register_issuer(&issuer)?;
    let partition = match (&a.partition, &a.idp_url) {
        (Some(p), Some(url)) => {
            let (k, n) = p
                .split_once('/')
                .ok_or_else(|| anyhow!("--partition {p:?}: expected K/N"))?;
            let (k, n): (u32, u32) = (k.parse()?, n.parse()?);
            if n == 0 || k >= n {
                bail!("--partition {p}: K must be below N");
            }
            Some((k, n, url.clone()))
        }
        _ => None,
    };
    let out = NewFile::create(&a.out)?;
    let (number, revoked) = log.crl_snapshot(&sha)?;
    let t = now();
    let spec = CrlSpec {
        this_update: t,
        next_update: t + a.next_update_days as i64 * 86_400,
        number,
        partition,
    };
    let der = build_crl(&issuer, key.as_ref(), &revoked, &spec)?;
    let issuer_cert = cert::Certificate::parse(&issuer).map_err(|e| anyhow!("{e}"))?;
    let report = lint::crl::lint_crl_der(&der, Some(&issuer_cert), lint::crl::CrlKind::Auto);
    for f in report
        .findings
        .iter()
        .filter(|f| f.severity >= lint::Severity::Warning)
    {
        eprintln!(
            "  {} {}: {} [{}]",
            f.severity, f.code, f.message, f.citation
        );
    }
    let overrides: BTreeSet<String> = a.overrides.iter().cloned().collect();
    let blocking = ca::issue::blocking(&report.findings, &overrides);
    if !blocking.is_empty() {
        // The CRL number stays used: numbers must only increase (RFC 5280
        // 5.2.3), and a gap is allowed.
        let codes: Vec<&str> = blocking.iter().map(|f| f.code).collect();
        eprintln!(
            "rootward: refused: the CRL has error findings ({}); nothing was written. To publish anyway, pass --override CODE for each code.",
            codes.join(", ")
        );
        return Ok(1);
    }
    out.write(pem("X509 CRL", &der).as_bytes())?;
    // Published despite an error finding: say so where the operator's
    // records (the command's output) keep it.
    for f in report
        .findings
        .iter()
        .filter(|f| f.severity >= lint::Severity::Error && overrides.contains(f.code))
    {
        println!("override: published despite {} ({})", f.code, f.citation);
    }
    let entries = match &spec.partition {
        Some((k, n, _)) => revoked
            .iter()
            .filter(|r| ca::crl::partition_of(&r.serial, *n) == *k)
            .count(),
        None => revoked.len(),
    };
    println!(
        "CRL number {number} with {entries} entries written to {}",
        a.out.display()
    );
    Ok(0)
}

/// `rootward profiles`: the shipped CA profiles, each checked by linting a sample.
pub fn profiles_cmd() -> Result<u8> {
    let linter = lint::Linter::new();
    let mut status = 0;
    for (name, text) in SHIPPED {
        match CertProfile::load_checked(name, text, &linter, now()) {
            Ok(p) => println!(
                "{name:<34} {:<12} lint as {:<28} {}",
                format!("{:?}", p.kind).to_lowercase(),
                p.lint_profile,
                p.description
            ),
            Err(e) => {
                status = 1;
                println!("{name:<34} REFUSED: {e}");
            }
        }
    }
    Ok(status)
}
