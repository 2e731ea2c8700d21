//! Key ceremonies: a reviewed script, executed step by step, leaving a
//! hash-chained record and a Key Generation Report for the auditor.
//!
//! The script (TOML) holds no secret: passphrases and PINs are named by the
//! environment variable that supplies them (or asked for by the caller), so
//! the reviewed file is byte-identical to the file run, and the record keeps
//! its SHA-256. Artefacts are written with `create_new`, never overwriting.
//! Each step's record includes the hash of the previous one, so an edited,
//! reordered or removed step is detected by [`verify_record`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::crl::{CrlSpec, build_crl};
use crate::issue::{IssueOptions, Issuer, issue};
use crate::log::IssuanceLog;
use crate::new_file::NewFile;
use crate::profile::{CertProfile, SHIPPED};
use crate::signer::{KeyAlgorithm, Signer, spki_sha256_hex};
use crate::soft_key::{SoftKey, pem};
use crate::tbs::{Request, San};

/// Why a ceremony could not run or verify.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CeremonyError {
    /// The script is malformed.
    #[error("ceremony script {path}: {message}")]
    Script {
        /// The script file.
        path: String,
        /// What is wrong (with line and column from the TOML parser).
        message: String,
    },
    /// A step failed; the record up to and including the failure was written.
    #[error("step {index} ({id}) failed: {message}")]
    Step {
        /// 1-based step number.
        index: usize,
        /// Step id.
        id: String,
        /// What went wrong.
        message: String,
    },
    /// File system error, naming the file.
    #[error("{path}: {message}")]
    Io {
        /// The file.
        path: String,
        /// The error.
        message: String,
    },
    /// The record does not verify.
    #[error("ceremony record does not verify: {0}")]
    Tampered(String),
}

/// Supplies secrets named in the script (environment variable names) at run time.
pub trait Secrets {
    /// The secret for `name` (e.g. the environment variable `ROOT_PASSPHRASE`), asked for `purpose`.
    fn get(&self, name: &str, purpose: &str) -> Result<Vec<u8>, String>;
}

/// Secrets from environment variables only.
pub struct EnvSecrets;

impl Secrets for EnvSecrets {
    fn get(&self, name: &str, purpose: &str) -> Result<Vec<u8>, String> {
        std::env::var(name)
            .map(String::into_bytes)
            .map_err(|_| format!("environment variable {name} ({purpose}) is not set"))
    }
}

/// The ceremony script.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Script {
    /// Who, where, when.
    pub ceremony: Header,
    /// The steps, in order.
    #[serde(rename = "step")]
    pub steps: Vec<Step>,
}

/// Ceremony header.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// Title.
    pub name: String,
    /// Planned date (ISO).
    pub date: String,
    /// Physical location.
    pub location: String,
    /// Participants and their roles.
    pub participants: Vec<Participant>,
    /// Output directory, relative to the script.
    pub output_dir: String,
    /// Issuance log file, relative to the output directory.
    #[serde(default = "default_log")]
    pub log: String,
}

fn default_log() -> String {
    "issuance.db".into()
}

/// A participant.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Participant {
    /// Name.
    pub name: String,
    /// Role (e.g. "Ceremony administrator", "Qualified auditor (witness)").
    pub role: String,
}

/// One step.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Identifier used in the record.
    pub id: String,
    /// What to do.
    pub action: Action,
    /// Key name (generate-key, self-sign, create-csr) or issuer key (issue-from-csr, cross-sign, issue-crl).
    pub key: String,
    /// Key algorithm (generate-key).
    pub algorithm: Option<String>,
    /// Software key file, relative to the output directory (generate-key).
    pub key_file: Option<String>,
    /// Environment variable holding the key file passphrase.
    pub passphrase_env: Option<String>,
    /// PKCS #11 module (generate-key in an HSM), e.g. /usr/lib/softhsm/libsofthsm2.so.
    pub hsm_module: Option<String>,
    /// Token label (generate-key in an HSM).
    pub hsm_token: Option<String>,
    /// Key label inside the token (generate-key in an HSM).
    pub hsm_key_label: Option<String>,
    /// Environment variable holding the token user PIN.
    pub pin_env: Option<String>,
    /// CA profile name (shipped) or path relative to the script.
    pub profile: Option<String>,
    /// Subject attributes (self-sign, create-csr).
    #[serde(default)]
    pub subject: BTreeMap<String, String>,
    /// Issuer certificate file, relative to the output directory.
    pub issuer_cert: Option<String>,
    /// Input CSR (issue-from-csr) or certificate to cross-sign (cross-sign), relative to the output directory.
    pub input: Option<String>,
    /// Output file, relative to the output directory.
    pub output: Option<String>,
    /// CRL validity in days (issue-crl).
    pub next_update_days: Option<u32>,
}

/// Step actions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// Generate a key pair and write its public key.
    GenerateKey,
    /// Self-sign a root certificate.
    SelfSign,
    /// Create a PKCS #10 request for a key.
    CreateCsr,
    /// Issue a (sub-CA) certificate from a CSR.
    IssueFromCsr,
    /// Issue a certificate for another CA certificate's subject and key.
    CrossSign,
    /// Issue a CRL.
    IssueCrl,
}

/// One executed step in the record.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct StepRecord {
    /// 1-based index.
    pub index: usize,
    /// Step id.
    pub id: String,
    /// Action.
    pub action: Action,
    /// Start time (unix seconds).
    pub started: i64,
    /// End time (unix seconds).
    pub finished: i64,
    /// "ok" or the failure.
    pub outcome: String,
    /// Keys generated: algorithm and SPKI SHA-256.
    pub keys: Vec<KeyRecord>,
    /// Certificates, CSRs and CRLs produced.
    pub artefacts: Vec<Artefact>,
    /// Hash of the previous step record (or of the script for the first).
    pub prev_hash: String,
    /// SHA-256 over `prev_hash` and this record's other fields.
    pub hash: String,
}

/// A key generated in a ceremony.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct KeyRecord {
    /// Key name.
    pub name: String,
    /// Algorithm.
    pub algorithm: String,
    /// SHA-256 of the SubjectPublicKeyInfo.
    pub spki_sha256: String,
    /// Where it lives.
    pub location: String,
}

/// A file produced.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct Artefact {
    /// File name (relative to the output directory).
    pub file: String,
    /// Kind: public-key, certificate, csr, crl.
    pub kind: String,
    /// SHA-256 of the DER.
    pub sha256: String,
    /// Certificate/CSR subject or CRL issuer.
    pub subject: String,
    /// Certificate serial (hex), empty otherwise.
    pub serial: String,
    /// Validity or CRL update window, ISO.
    pub validity: String,
    /// Lint result: "no findings at warning or above" or the findings.
    pub lint: Vec<String>,
}

/// The ceremony record.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Record {
    /// The script's header.
    pub ceremony: Header,
    /// SHA-256 of the script file as run.
    pub script_sha256: String,
    /// rootward version.
    pub tool: String,
    /// HSM tokens used.
    pub tokens: Vec<BTreeMap<String, String>>,
    /// Step records, hash-chained from [`genesis_hash`].
    pub steps: Vec<StepRecord>,
    /// SHA-256 over the last step's hash and the token list, closing the chain.
    pub seal: String,
}

/// The hash the first step chains from: script hash, header and tool.
pub fn genesis_hash(r: &Record) -> String {
    let header = serde_json::to_vec(&r.ceremony).unwrap_or_default();
    cert::hex_upper(&cert::digest::sha256(
        &[r.script_sha256.as_bytes(), &header, r.tool.as_bytes()].concat(),
    ))
}

fn seal_hash(r: &Record) -> String {
    let last = r
        .steps
        .last()
        .map(|s| s.hash.clone())
        .unwrap_or_else(|| genesis_hash(r));
    let tokens = serde_json::to_vec(&r.tokens).unwrap_or_default();
    cert::hex_upper(&cert::digest::sha256(&[last.as_bytes(), &tokens].concat()))
}

fn step_hash(s: &StepRecord) -> String {
    let mut copy = s.clone();
    copy.hash = String::new();
    // serde_json writes struct fields in declaration order, so this is canonical.
    let body = serde_json::to_vec(&copy).unwrap_or_default();
    cert::hex_upper(&cert::digest::sha256(
        &[s.prev_hash.as_bytes(), &body].concat(),
    ))
}

/// What a record is checked against besides itself. The hash chain has no
/// key, so it shows a step edited, reordered or removed inside the record,
/// but a record cut after any step and sealed again is consistent in
/// itself: only something kept apart from the record shows the cut.
#[derive(Clone, Copy, Debug, Default)]
pub struct Anchors<'a> {
    /// The seal as witnessed at the ceremony (`rootward ceremony run` prints
    /// it and the Key Generation Report ends with it; participants sign it).
    pub seal: Option<&'a str>,
    /// The reviewed script the ceremony ran (its bytes).
    pub script: Option<&'a [u8]>,
}

/// Checks a record's hash chain and artefact hashes (when `dir` is given).
/// See [`verify_record_with`] for checks against the witnessed seal and the
/// reviewed script, which also catch a record cut short and resealed.
pub fn verify_record(record_json: &[u8], dir: Option<&Path>) -> Result<usize, CeremonyError> {
    verify_record_with(record_json, dir, Anchors::default()).map(|r| r.steps.len())
}

/// [`verify_record`], and the record against `anchors`: its seal must be
/// the witnessed one; it must come from the script (same SHA-256) and hold
/// the script's steps in order, every one of them unless a step failed and
/// the ceremony stopped there. The seal covers every byte of the record; the
/// script alone cannot tell a real failure from a record cut short whose
/// last step was marked failed and sealed again. Returns the verified
/// record (its steps, its seal to show beside the witnessed one).
pub fn verify_record_with(
    record_json: &[u8],
    dir: Option<&Path>,
    anchors: Anchors<'_>,
) -> Result<Record, CeremonyError> {
    let r = verify_chain(record_json, dir)?;
    if let Some(seal) = anchors.seal {
        let seal = seal.trim().replace([':', ' '], "").to_ascii_uppercase();
        if seal != r.seal {
            return Err(CeremonyError::Tampered(format!(
                "the record's seal {} is not the witnessed seal {seal}: steps were removed, added or changed after the ceremony",
                r.seal
            )));
        }
    }
    if let Some(script) = anchors.script {
        let sha = cert::hex_upper(&cert::digest::sha256(script));
        if sha != r.script_sha256 {
            return Err(CeremonyError::Tampered(format!(
                "the record was made from a script with SHA-256 {}, not this one ({sha})",
                r.script_sha256
            )));
        }
        let text = std::str::from_utf8(script)
            .map_err(|_| CeremonyError::Tampered("the script is not UTF-8".into()))?;
        let steps = parse_script("the script", text)?.steps;
        for (i, rec) in r.steps.iter().enumerate() {
            match steps.get(i) {
                Some(st) if st.id == rec.id && st.action == rec.action => {}
                Some(st) => {
                    return Err(CeremonyError::Tampered(format!(
                        "step {} of the record is {} ({:?}), the script's is {} ({:?})",
                        i + 1,
                        rec.id,
                        rec.action,
                        st.id,
                        st.action
                    )));
                }
                None => {
                    return Err(CeremonyError::Tampered(format!(
                        "the record has {} steps, the script {}",
                        r.steps.len(),
                        steps.len()
                    )));
                }
            }
        }
        let stopped = r.steps.last().is_some_and(|s| s.outcome != "ok");
        if !stopped && r.steps.len() < steps.len() {
            let missing: Vec<&str> = steps[r.steps.len()..]
                .iter()
                .map(|s| s.id.as_str())
                .collect();
            return Err(CeremonyError::Tampered(format!(
                "the record ends after step {} of {} with no failure; missing: {}",
                r.steps.len(),
                steps.len(),
                missing.join(", ")
            )));
        }
    }
    Ok(r)
}

/// The record, once its bytes, hash chain, seal and (with `dir`) artefacts check.
fn verify_chain(record_json: &[u8], dir: Option<&Path>) -> Result<Record, CeremonyError> {
    let r: Record = serde_json::from_slice(record_json)
        .map_err(|e| CeremonyError::Tampered(format!("not a ceremony record: {e}")))?;
    // The file must be exactly as written, so even a change JSON would ignore
    // (whitespace, key order) is detected.
    if serde_json::to_vec_pretty(&r).ok().as_deref() != Some(record_json) {
        return Err(CeremonyError::Tampered(
            "the file is not byte-identical to the record as written".into(),
        ));
    }
    let mut prev = genesis_hash(&r);
    for (i, s) in r.steps.iter().enumerate() {
        if s.index != i + 1 {
            return Err(CeremonyError::Tampered(format!(
                "step {} is numbered {}",
                i + 1,
                s.index
            )));
        }
        if s.prev_hash != prev {
            return Err(CeremonyError::Tampered(format!(
                "step {} ({}) does not follow the previous step",
                s.index, s.id
            )));
        }
        if step_hash(s) != s.hash {
            return Err(CeremonyError::Tampered(format!(
                "step {} ({}) was altered",
                s.index, s.id
            )));
        }
        if let Some(d) = dir {
            for a in &s.artefacts {
                let der = read_artefact(&d.join(&a.file))?;
                if cert::hex_upper(&cert::digest::sha256(&der)) != a.sha256 {
                    return Err(CeremonyError::Tampered(format!(
                        "artefact {} differs from the record",
                        a.file
                    )));
                }
            }
        }
        prev = s.hash.clone();
    }
    if seal_hash(&r) != r.seal {
        return Err(CeremonyError::Tampered(
            "the seal over the last step and the token list does not match".into(),
        ));
    }
    Ok(r)
}

fn read_artefact(p: &Path) -> Result<Vec<u8>, CeremonyError> {
    let bytes = std::fs::read(p).map_err(|e| CeremonyError::Io {
        path: p.display().to_string(),
        message: e.to_string(),
    })?;
    let mut items = cert::source::ItemReader::new(std::io::BufReader::new(&bytes[..]));
    match items.next() {
        Some(Ok(item)) => item.data.map_err(|e| CeremonyError::Io {
            path: p.display().to_string(),
            message: e.to_string(),
        }),
        _ => Err(CeremonyError::Io {
            path: p.display().to_string(),
            message: "no PEM or DER content".into(),
        }),
    }
}

/// Creates an artefact file before the step's work, so an existing file
/// stops the step before anything is generated, signed or recorded.
fn new_file(path: &Path) -> Result<NewFile, String> {
    NewFile::create(path).map_err(|e| e.to_string())
}

/// Fills a file made by [`new_file`].
fn fill(file: NewFile, contents: &[u8]) -> Result<(), String> {
    file.write(contents).map_err(|e| e.to_string())
}

/// Parses a script.
pub fn parse_script(path: &str, text: &str) -> Result<Script, CeremonyError> {
    let s: Script = toml::from_str(text).map_err(|e| CeremonyError::Script {
        path: path.into(),
        message: e.to_string(),
    })?;
    if s.steps.is_empty() {
        return Err(CeremonyError::Script {
            path: path.into(),
            message: "no [[step]]".into(),
        });
    }
    Ok(s)
}

struct Runner<'s> {
    dir: PathBuf,
    script_dir: PathBuf,
    keys: BTreeMap<String, Box<dyn Signer>>,
    secrets: &'s dyn Secrets,
    /// Open HSM tokens, kept logged in for the whole ceremony.
    tokens: Vec<crate::pkcs11::Pkcs11Token>,
    linter: lint::Linter,
    log: IssuanceLog,
    now: &'s dyn Fn() -> i64,
}

/// Runs a ceremony script; returns the record (also written as
/// `ceremony-record.json` and `key-generation-report.md` in the output directory).
pub fn run(
    script_path: &Path,
    secrets: &dyn Secrets,
    now: &dyn Fn() -> i64,
) -> Result<Record, CeremonyError> {
    let io = |p: &Path, e: std::io::Error| CeremonyError::Io {
        path: p.display().to_string(),
        message: e.to_string(),
    };
    let bytes = std::fs::read(script_path).map_err(|e| io(script_path, e))?;
    let text = String::from_utf8(bytes.clone()).map_err(|_| CeremonyError::Script {
        path: script_path.display().to_string(),
        message: "not UTF-8".into(),
    })?;
    let script = parse_script(&script_path.display().to_string(), &text)?;
    let script_dir = script_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let dir = script_dir.join(&script.ceremony.output_dir);
    std::fs::create_dir_all(&dir).map_err(|e| io(&dir, e))?;
    // The record and the report are created before any step runs: a
    // ceremony whose record could not be written must not generate a key
    // or sign anything first.
    let created = |name: &str| {
        NewFile::create(&dir.join(name)).map_err(|e| CeremonyError::Io {
            path: name.into(),
            message: e.to_string(),
        })
    };
    let record_file = created("ceremony-record.json")?;
    let report_file = created("key-generation-report.md")?;
    let log_path = dir.join(&script.ceremony.log);
    let log = IssuanceLog::open(&log_path).map_err(|e| CeremonyError::Io {
        path: log_path.display().to_string(),
        message: e.to_string(),
    })?;
    let mut runner = Runner {
        dir: dir.clone(),
        script_dir,
        keys: BTreeMap::new(),
        secrets,
        tokens: Vec::new(),
        linter: lint::Linter::new(),
        log,
        now,
    };
    let mut record = Record {
        ceremony: script.ceremony.clone(),
        script_sha256: cert::hex_upper(&cert::digest::sha256(&bytes)),
        tool: format!("rootward {}", env!("CARGO_PKG_VERSION")),
        tokens: Vec::new(),
        steps: Vec::new(),
        seal: String::new(),
    };
    let genesis = genesis_hash(&record);
    let mut failure = None;
    for (i, step) in script.steps.iter().enumerate() {
        let started = now();
        let mut rec = StepRecord {
            index: i + 1,
            id: step.id.clone(),
            action: step.action,
            started,
            finished: started,
            outcome: "ok".into(),
            keys: Vec::new(),
            artefacts: Vec::new(),
            prev_hash: record
                .steps
                .last()
                .map(|s: &StepRecord| s.hash.clone())
                .unwrap_or_else(|| genesis.clone()),
            hash: String::new(),
        };
        if let Err(message) = runner.step(step, &mut rec) {
            rec.outcome = format!("failed: {message}");
            failure = Some(CeremonyError::Step {
                index: i + 1,
                id: step.id.clone(),
                message,
            });
        }
        rec.finished = now();
        rec.hash = step_hash(&rec);
        record.steps.push(rec);
        if failure.is_some() {
            break;
        }
    }
    for t in &runner.tokens {
        let i = t.info();
        let mut m = BTreeMap::new();
        for (k, v) in [
            ("manufacturer", &i.manufacturer),
            ("model", &i.model),
            ("serial", &i.serial),
            ("label", &i.label),
            ("hardware_version", &i.hardware_version),
            ("firmware_version", &i.firmware_version),
            ("library", &i.library),
        ] {
            m.insert(k.to_string(), v.clone());
        }
        record.tokens.push(m);
    }
    record.seal = seal_hash(&record);
    let json =
        serde_json::to_vec_pretty(&record).map_err(|e| CeremonyError::Tampered(e.to_string()))?;
    record_file.write(&json).map_err(|e| CeremonyError::Io {
        path: "ceremony-record.json".into(),
        message: e.to_string(),
    })?;
    report_file
        .write(report_markdown(&record).as_bytes())
        .map_err(|e| CeremonyError::Io {
            path: "key-generation-report.md".into(),
            message: e.to_string(),
        })?;
    match failure {
        Some(f) => Err(f),
        None => Ok(record),
    }
}

impl Runner<'_> {
    fn generate_in_hsm(
        &mut self,
        step: &Step,
        rec: &mut StepRecord,
        alg: KeyAlgorithm,
        module: &str,
    ) -> Result<(), String> {
        let token_label = step
            .hsm_token
            .as_deref()
            .ok_or("an HSM key needs hsm_token")?;
        let key_label = step
            .hsm_key_label
            .as_deref()
            .ok_or("an HSM key needs hsm_key_label")?;
        let pin_env = step.pin_env.as_deref().ok_or("an HSM key needs pin_env")?;
        let pub_path = self
            .out(step)
            .unwrap_or_else(|_| self.dir.join(format!("{}.pub.pem", step.key)));
        let pub_file = new_file(&pub_path)?;
        let idx = match self
            .tokens
            .iter()
            .position(|t| t.info().label == token_label)
        {
            Some(i) => i,
            None => {
                let pin = self
                    .secrets
                    .get(pin_env, &format!("user PIN of token {token_label}"))?;
                let pin = String::from_utf8(pin).map_err(|_| "the PIN is not UTF-8".to_string())?;
                let token = crate::pkcs11::Pkcs11Token::open(Path::new(module), token_label, &pin)
                    .map_err(|e| e.to_string())?;
                self.tokens.push(token);
                self.tokens.len() - 1
            }
        };
        let key = self.tokens[idx]
            .generate_key(alg, key_label)
            .map_err(|e| e.to_string())?;
        let protection = key.protection().map_err(|e| e.to_string())?;
        if !protection.is_protected() {
            return Err(format!(
                "key {key_label} is extractable or not sensitive; refusing to use it"
            ));
        }
        fill(pub_file, pem("PUBLIC KEY", key.spki_der()).as_bytes())?;
        rec.keys.push(KeyRecord {
            name: step.key.clone(),
            algorithm: alg.name().into(),
            spki_sha256: spki_sha256_hex(&key),
            location: format!("{} (sensitive, not extractable)", key.describe()),
        });
        rec.artefacts
            .push(self.artefact(&pub_path, "public-key", key.spki_der(), None));
        self.keys.insert(step.key.clone(), Box::new(key));
        Ok(())
    }
}

fn key_of<'k>(
    keys: &'k BTreeMap<String, Box<dyn Signer>>,
    name: &str,
) -> Result<&'k dyn Signer, String> {
    keys.get(name)
        .map(|k| k.as_ref())
        .ok_or_else(|| format!("no key named {name:?} was generated earlier in this ceremony"))
}

impl Runner<'_> {
    fn profile(&self, step: &Step) -> Result<CertProfile, String> {
        let name = step.profile.as_deref().ok_or("this step needs a profile")?;
        let text = match SHIPPED.iter().find(|(n, _)| *n == name) {
            Some((_, t)) => t.to_string(),
            None => std::fs::read_to_string(self.script_dir.join(name))
                .map_err(|e| format!("profile {name}: {e}"))?,
        };
        CertProfile::load_checked(name, &text, &self.linter, (self.now)())
            .map_err(|e| e.to_string())
    }

    fn out(&self, step: &Step) -> Result<PathBuf, String> {
        step.output
            .as_ref()
            .map(|o| self.dir.join(o))
            .ok_or_else(|| "this step needs an output file".into())
    }

    fn artefact(&self, file: &Path, kind: &str, der: &[u8], issuer: Option<&[u8]>) -> Artefact {
        let file_name = file
            .strip_prefix(&self.dir)
            .unwrap_or(file)
            .display()
            .to_string();
        let mut a = Artefact {
            file: file_name,
            kind: kind.into(),
            sha256: cert::hex_upper(&cert::digest::sha256(der)),
            subject: String::new(),
            serial: String::new(),
            validity: String::new(),
            lint: Vec::new(),
        };
        if kind == "certificate"
            && let Ok(c) = cert::Certificate::parse(der)
        {
            a.subject = c.subject.to_string();
            a.serial = c.serial_hex();
            a.validity = format!(
                "{} to {}",
                c.not_before
                    .unix()
                    .map(cert::time::format_unix)
                    .unwrap_or_default(),
                c.not_after
                    .unix()
                    .map(cert::time::format_unix)
                    .unwrap_or_default()
            );
            let issuer_cert = issuer.and_then(|i| cert::Certificate::parse(i).ok());
            let r = self.linter.lint(
                &c,
                &lint::Options {
                    profile: lint::ProfileChoice::Auto,
                    issuer: issuer_cert.as_ref(),
                },
            );
            a.lint = r
                .findings
                .iter()
                .filter(|f| f.severity >= lint::Severity::Warning)
                .map(|f| format!("{} {}: {} [{}]", f.severity, f.code, f.message, f.citation))
                .collect();
            if a.lint.is_empty() {
                a.lint.push(format!(
                    "no findings at warning or above (profile {})",
                    r.profile
                ));
            }
        }
        a
    }

    fn step(&mut self, step: &Step, rec: &mut StepRecord) -> Result<(), String> {
        match step.action {
            Action::GenerateKey => {
                let alg_name = step
                    .algorithm
                    .as_deref()
                    .ok_or("generate-key needs an algorithm")?;
                let alg = KeyAlgorithm::from_name(alg_name)
                    .ok_or_else(|| format!("unknown algorithm {alg_name}"))?;
                if let Some(module) = step.hsm_module.clone() {
                    return self.generate_in_hsm(step, rec, alg, &module);
                }
                let key_file = step
                    .key_file
                    .as_ref()
                    .ok_or("generate-key needs key_file (HSM keys: see the PKCS#11 store)")?;
                let env = step
                    .passphrase_env
                    .as_ref()
                    .ok_or("generate-key needs passphrase_env")?;
                let pass = self
                    .secrets
                    .get(env, &format!("passphrase for {}", step.key))?;
                let key_out = new_file(&self.dir.join(key_file))?;
                let pub_path = self
                    .out(step)
                    .unwrap_or_else(|_| self.dir.join(format!("{}.pub.pem", step.key)));
                let pub_out = new_file(&pub_path)?;
                let key = SoftKey::generate(alg)
                    .map_err(|e| e.to_string())?
                    .with_label(key_file.clone());
                fill(
                    key_out,
                    key.to_encrypted_pem(&pass)
                        .map_err(|e| e.to_string())?
                        .as_bytes(),
                )?;
                fill(pub_out, pem("PUBLIC KEY", key.spki_der()).as_bytes())?;
                rec.keys.push(KeyRecord {
                    name: step.key.clone(),
                    algorithm: alg.name().into(),
                    spki_sha256: spki_sha256_hex(&key),
                    location: key.describe(),
                });
                rec.artefacts
                    .push(self.artefact(&pub_path, "public-key", key.spki_der(), None));
                self.keys.insert(step.key.clone(), Box::new(key));
            }
            Action::SelfSign => {
                let profile = self.profile(step)?;
                let key = key_of(&self.keys, &step.key)?;
                let path = self.out(step)?;
                let out = new_file(&path)?;
                let req = Request {
                    subject: step.subject.clone().into_iter().collect(),
                    sans: vec![],
                    spki_der: key.spki_der().to_vec(),
                };
                let opts = IssueOptions {
                    not_before: (self.now)(),
                    ..IssueOptions::default()
                };
                let issued = issue(
                    &self.linter,
                    &profile,
                    &req,
                    &Issuer {
                        cert_der: None,
                        signer: key,
                    },
                    &mut self.log,
                    &opts,
                )
                .map_err(|e| e.to_string())?;
                fill(out, pem("CERTIFICATE", &issued.der).as_bytes())?;
                rec.artefacts.push(self.artefact(
                    &path,
                    "certificate",
                    &issued.der,
                    Some(&issued.der),
                ));
            }
            Action::CreateCsr => {
                let key = key_of(&self.keys, &step.key)?;
                let path = self.out(step)?;
                let out = new_file(&path)?;
                let subject: Vec<(String, String)> = step.subject.clone().into_iter().collect();
                let der = build_csr(key, &subject)?;
                fill(out, pem("CERTIFICATE REQUEST", &der).as_bytes())?;
                let mut a = self.artefact(&path, "csr", &der, None);
                if let Ok(c) = cert::csr::Csr::parse(&der) {
                    a.subject = c.subject.to_string();
                }
                rec.artefacts.push(a);
            }
            Action::IssueFromCsr | Action::CrossSign => {
                let profile = self.profile(step)?;
                let key = key_of(&self.keys, &step.key)?;
                let path = self.out(step)?;
                let out = new_file(&path)?;
                let issuer_file = step
                    .issuer_cert
                    .as_ref()
                    .ok_or("this step needs issuer_cert")?;
                let issuer_der =
                    read_artefact(&self.dir.join(issuer_file)).map_err(|e| e.to_string())?;
                let input = step.input.as_ref().ok_or("this step needs input")?;
                let input_der = read_artefact(&self.dir.join(input)).map_err(|e| e.to_string())?;
                let req = if step.action == Action::IssueFromCsr {
                    request_from_csr(&input_der)?
                } else {
                    request_from_certificate(&input_der)?
                };
                let opts = IssueOptions {
                    not_before: (self.now)(),
                    ..IssueOptions::default()
                };
                let issued = issue(
                    &self.linter,
                    &profile,
                    &req,
                    &Issuer {
                        cert_der: Some(issuer_der.clone()),
                        signer: key,
                    },
                    &mut self.log,
                    &opts,
                )
                .map_err(|e| e.to_string())?;
                fill(out, pem("CERTIFICATE", &issued.der).as_bytes())?;
                rec.artefacts.push(self.artefact(
                    &path,
                    "certificate",
                    &issued.der,
                    Some(&issuer_der),
                ));
            }
            Action::IssueCrl => {
                let key = key_of(&self.keys, &step.key)?;
                let path = self.out(step)?;
                let out = new_file(&path)?;
                let issuer_file = step
                    .issuer_cert
                    .as_ref()
                    .ok_or("issue-crl needs issuer_cert")?;
                let issuer_der =
                    read_artefact(&self.dir.join(issuer_file)).map_err(|e| e.to_string())?;
                let issuer_sha = self
                    .log
                    .register_issuer(&issuer_der)
                    .map_err(|e| e.to_string())?;
                let (number, revoked) = self
                    .log
                    .crl_snapshot(&issuer_sha)
                    .map_err(|e| e.to_string())?;
                let now = (self.now)();
                let days = step.next_update_days.unwrap_or(365) as i64;
                let spec = CrlSpec {
                    this_update: now,
                    next_update: now + days * 86_400,
                    number,
                    partition: None,
                };
                let der =
                    build_crl(&issuer_der, key, &revoked, &spec).map_err(|e| e.to_string())?;
                let issuer_cert = cert::Certificate::parse(&issuer_der).ok();
                let r =
                    lint::crl::lint_crl_der(&der, issuer_cert.as_ref(), lint::crl::CrlKind::Auto);
                // A ceremony publishes no CRL its lint refuses (as `rootward crl`,
                // which has an override; a reviewed script has none).
                let errors: Vec<String> = crate::issue::blocking(&r.findings, &Default::default())
                    .iter()
                    .map(|f| format!("{} ({}): {}", f.code, f.citation, f.message))
                    .collect();
                if !errors.is_empty() {
                    return Err(format!(
                        "the CRL has error findings, not written: {}",
                        errors.join("; ")
                    ));
                }
                fill(out, pem("X509 CRL", &der).as_bytes())?;
                let mut a = self.artefact(&path, "crl", &der, None);
                a.subject = r.subject.clone();
                a.validity = format!(
                    "{} to {}",
                    cert::time::format_unix(now),
                    cert::time::format_unix(spec.next_update)
                );
                a.lint = r
                    .findings
                    .iter()
                    .filter(|f| f.severity >= lint::Severity::Warning)
                    .map(|f| format!("{} {}: {}", f.severity, f.code, f.message))
                    .collect();
                if a.lint.is_empty() {
                    a.lint.push(format!(
                        "no findings at warning or above (profile {})",
                        r.profile
                    ));
                }
                rec.artefacts.push(a);
            }
        }
        Ok(())
    }
}

/// A PKCS #10 request signed by `key` (RFC 2986 4), with no attributes.
pub fn build_csr(key: &dyn Signer, subject: &[(String, String)]) -> Result<Vec<u8>, String> {
    use cert::encode::{seq, tlv, uint_u64};
    let any = CertProfile {
        subject: crate::profile::SubjectRules {
            required: vec![],
            optional: crate::profile::ATTRIBUTES
                .iter()
                .map(|(n, _, _)| n.to_string())
                .collect(),
        },
        ..csr_profile()
    };
    let name = crate::tbs::subject_name(&any, subject).map_err(|e| e.to_string())?;
    let info = seq(&[&uint_u64(0), &name, key.spki_der(), &tlv(0xa0, &[])]);
    let sig = key.sign(&info).map_err(|e| e.to_string())?;
    Ok(crate::tbs::assemble(
        &info,
        key.algorithm().signature_algorithm_der(),
        &sig,
    ))
}

fn csr_profile() -> CertProfile {
    // Only the subject rules of this placeholder are used, to encode a Name.
    CertProfile {
        name: "csr".into(),
        description: String::new(),
        kind: crate::profile::Kind::Leaf,
        lint_profile: "end-entity".into(),
        validity: crate::profile::Validity { days: 1 },
        subject: Default::default(),
        key_types: vec![],
        basic_constraints: None,
        key_usage: vec![],
        extended_key_usage: vec![],
        policies: vec![],
        crl_urls: vec![],
        crl_partitions: 0,
        ca_issuers_urls: vec![],
        ocsp_urls: vec![],
        subject_alt_name: None,
        ocsp_no_check: false,
        name_constraints: None,
        critical: Default::default(),
        sample: None,
    }
}

fn attr_pairs(name: &cert::Name<'_>) -> Result<Vec<(String, String)>, String> {
    name.attributes()
        .map(|a| {
            let short = crate::profile::ATTRIBUTES
                .iter()
                .find(|(_, dotted, _)| {
                    cert::encode::oid_content(dotted).is_ok_and(|c| c == a.oid.as_bytes())
                })
                .map(|(n, _, _)| n.to_string())
                .ok_or_else(|| format!("subject attribute {} is not one rootward issues", a.oid))?;
            let v = a
                .text()
                .ok_or_else(|| format!("subject attribute {short} is not a readable string"))?;
            Ok((short, v.into_owned()))
        })
        .collect()
}

/// A request from a CSR whose proof of possession verifies.
pub fn request_from_csr(der: &[u8]) -> Result<Request, String> {
    let csr = cert::csr::Csr::parse(der).map_err(|e| format!("CSR: {e}"))?;
    csr.verify().map_err(|e| format!("CSR signature: {e}"))?;
    let sans = csr
        .subject_alt_names()
        .iter()
        .map(|n| match n {
            cert::GeneralName::Rfc822(m) => std::str::from_utf8(m)
                .map(|m| San::Email(m.into()))
                .map_err(|_| "bad rfc822Name".to_string()),
            cert::GeneralName::Dns(d) => std::str::from_utf8(d)
                .map(|d| San::Dns(d.into()))
                .map_err(|_| "bad dNSName".to_string()),
            other => Err(format!(
                "requested SAN type {} is not supported",
                other.kind()
            )),
        })
        .collect::<Result<_, _>>()?;
    Ok(Request {
        subject: attr_pairs(&csr.subject)?,
        sans,
        spki_der: csr.spki.raw.to_vec(),
    })
}

/// A request repeating an existing CA certificate's subject and key (cross-certification).
pub fn request_from_certificate(der: &[u8]) -> Result<Request, String> {
    let c = cert::Certificate::parse(der).map_err(|e| format!("certificate to cross-sign: {e}"))?;
    Ok(Request {
        subject: attr_pairs(&c.subject)?,
        sans: vec![],
        spki_der: c.spki.raw.to_vec(),
    })
}

/// The Key Generation Report, in Markdown, for the auditor.
pub fn report_markdown(r: &Record) -> String {
    let t = cert::time::format_unix;
    let mut s = format!("# Key Generation Report: {}\n\n", r.ceremony.name);
    s += &format!(
        "- Date: {}\n- Location: {}\n- Script SHA-256: `{}`\n- Tool: {}\n",
        r.ceremony.date, r.ceremony.location, r.script_sha256, r.tool
    );
    if let (Some(a), Some(b)) = (r.steps.first(), r.steps.last()) {
        s += &format!(
            "- Started: {}\n- Finished: {}\n",
            t(a.started),
            t(b.finished)
        );
    }
    s += "\n## Participants\n\n| Name | Role |\n|---|---|\n";
    for p in &r.ceremony.participants {
        s += &format!("| {} | {} |\n", p.name, p.role);
    }
    s += "\n## HSM tokens\n\n";
    if r.tokens.is_empty() {
        s += "No hardware token was used; keys are software keys in encrypted PKCS #8 files.\n";
    }
    for tok in &r.tokens {
        s += &format!(
            "- {}\n",
            tok.iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    s += "\n## Keys\n\n| Key | Algorithm | SHA-256 of SubjectPublicKeyInfo | Location |\n|---|---|---|---|\n";
    for st in &r.steps {
        for k in &st.keys {
            s += &format!(
                "| {} | {} | `{}` | {} |\n",
                k.name, k.algorithm, k.spki_sha256, k.location
            );
        }
    }
    s += "\n## Certificates, requests and CRLs\n\n";
    for st in &r.steps {
        for a in st.artefacts.iter().filter(|a| a.kind != "public-key") {
            s += &format!(
                "### {} ({})\n\n- Subject: {}\n- SHA-256: `{}`\n",
                a.file, a.kind, a.subject, a.sha256
            );
            if !a.serial.is_empty() {
                s += &format!("- Serial: `{}`\n", a.serial);
            }
            if !a.validity.is_empty() {
                s += &format!("- Validity: {}\n", a.validity);
            }
            for l in &a.lint {
                s += &format!("- Lint: {l}\n");
            }
            s += "\n";
        }
    }
    s += "## Steps\n\n| # | Step | Action | Started | Finished | Outcome | Hash |\n|---|---|---|---|---|---|---|\n";
    for st in &r.steps {
        s += &format!(
            "| {} | {} | {:?} | {} | {} | {} | `{}` |\n",
            st.index,
            st.id,
            st.action,
            t(st.started),
            t(st.finished),
            st.outcome,
            &st.hash[..16.min(st.hash.len())]
        );
    }
    s += &format!(
        "\nSeal: `{}`\n\nThe JSON record (ceremony-record.json) chains every step to the previous one by SHA-256, from a hash of the script, this header and the tool, and seals the last step with the token list. The participants sign this seal: `rootward ceremony verify --seal SEAL --script SCRIPT` checks the record against it, which shows any change, including a record cut short and sealed again, and against the reviewed script.\n",
        r.seal
    );
    s
}
