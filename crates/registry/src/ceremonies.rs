//! Key ceremony records in the registry, and the auditors they are granted to.
//!
//! A record is the hash-chained JSON that `rootward ceremony run` writes
//! (`ca::ceremony`), uploaded with its Key Generation Report when there is
//! one. Before anything is stored it is checked with
//! [`ca::ceremony::verify_record`]: the file exactly as written, every step
//! chained to the previous one from the hash of the script, and the seal; a
//! record that does not verify is refused with ca's reason, which names the
//! broken step. (The artefact files are not uploaded, so their hashes are
//! not checked here; `rootward ceremony verify --dir` does that beside
//! them.) A stored record is keyed by the SHA-256 of the bytes uploaded and
//! carries the CA owner it belongs to, its title and date (from the
//! record's header), the uploader, and the keys (SHA-256 of the
//! SubjectPublicKeyInfo) and certificates (SHA-256 of the DER) it names, so
//! it can be found from registry certificates and sub-CA requests.
//!
//! Who may do what is decided once, by [`access`]: the program's managers
//! and the members of the record's owner manage it (upload, attach the
//! report, grant and revoke auditors); an auditor reads the records granted
//! to them while the grant stands (DESIGN.md, "Who uses it": auditors read
//! ceremony records and key generation reports); nobody else sees them. A
//! record the caller may not see is answered as absent ([`Error::NotFound`]),
//! never as forbidden, so its existence does not leak.

use std::collections::BTreeSet;

use serde::Serialize;
use sqlx::Row;

use crate::link::normalize_hex;
use crate::requests::RequestSummary;
use crate::workflow::{self, Actor, Role};
use crate::{Clock, Error, Registry, Result};

/// Largest record accepted (a six-step ceremony's record is about 10 KiB).
pub const MAX_RECORD: usize = 1024 * 1024;

/// Largest Key Generation Report accepted.
pub const MAX_REPORT: usize = 1024 * 1024;

/// What a caller may do with one record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// Nothing: the record is answered as absent.
    None,
    /// Read it (an auditor it is granted to).
    Read,
    /// Read it, attach its report, grant and revoke auditors (the program
    /// and the owner's members).
    Manage,
}

/// The one decision on ceremony records: what `actor` may do with a record
/// of `owner`, `granted` saying whether an unrevoked grant of the record to
/// `actor` exists. Program managers and the owner's members manage it; an
/// auditor reads it while granted; everyone else (other owners' members,
/// auditors without a grant, public accounts, anonymous visitors) gets
/// nothing. Uploading a record for `owner` needs [`Access::Manage`].
pub fn access(actor: Option<&Actor>, owner: &str, granted: bool) -> Access {
    match actor {
        Some(a) if a.role == Role::ProgramManager || workflow::is_member_of(a, owner) => {
            Access::Manage
        }
        Some(a) if a.role == Role::Auditor && granted => Access::Read,
        _ => Access::None,
    }
}

/// Why a change to ceremony records was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CeremonyError {
    /// The record does not verify (ca's reason, naming the broken step).
    #[error("{0}")]
    Unverified(String),
    /// The actor may read the record but not do this.
    #[error("{actor} may not {action} ceremony records of {owner}")]
    Forbidden {
        /// The actor.
        actor: String,
        /// What was refused.
        action: &'static str,
        /// The record's owner.
        owner: String,
    },
    /// A record with these bytes is stored already.
    #[error("ceremony record {0} is stored already")]
    Exists(String),
    /// Records are granted to auditor accounts only.
    #[error("{0} is not an auditor's account: ceremony records are granted to auditors")]
    NotAuditor(String),
    /// The auditor holds an unrevoked grant of the record already.
    #[error("{auditor} is granted ceremony record {record} already")]
    AlreadyGranted {
        /// The record's SHA-256.
        record: String,
        /// The auditor.
        auditor: String,
    },
    /// The record's report is attached already (it is never replaced).
    #[error("ceremony record {0} has its Key Generation Report already")]
    ReportExists(String),
}

/// What a fingerprint of a record identifies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FingerprintKind {
    /// A key generated in the ceremony: SHA-256 of its SubjectPublicKeyInfo.
    Key,
    /// A certificate issued in the ceremony: SHA-256 of its DER.
    Certificate,
}

impl FingerprintKind {
    /// "key" or "certificate", as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            FingerprintKind::Key => "key",
            FingerprintKind::Certificate => "certificate",
        }
    }
}

/// A key or certificate a record names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fingerprint {
    /// Key or certificate.
    pub kind: FingerprintKind,
    /// Uppercase hex SHA-256.
    pub sha256: String,
    /// The key's name in the script, or the certificate's subject.
    pub name: String,
    /// The step that produced it (1-based).
    pub step: i64,
    /// The registry's certificates it matches: the certificate itself, or
    /// the certificates with this key (at most 100).
    pub registry_certificates: Vec<String>,
}

/// A grant of a record to an auditor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Grant {
    /// The auditor's account.
    pub auditor: String,
    /// Who granted it.
    pub granted_by: String,
    /// When, seconds since the epoch.
    pub granted_at: i64,
    /// Who revoked it, if it was.
    pub revoked_by: Option<String>,
    /// When, seconds since the epoch.
    pub revoked_at: Option<i64>,
}

impl Grant {
    /// Whether the grant stands (was not revoked).
    pub fn is_active(&self) -> bool {
        self.revoked_at.is_none()
    }
}

/// A record as listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CeremonySummary {
    /// Uppercase hex SHA-256 of the record as uploaded (the key).
    pub sha256: String,
    /// The CA owner it belongs to.
    pub owner: String,
    /// The ceremony's name, from the record's header.
    pub title: String,
    /// The ceremony's date, from the record's header.
    pub ceremony_date: String,
    /// Steps recorded.
    pub steps: i64,
    /// Whether every step succeeded (a stopped ceremony's record ends with the failed step).
    pub complete: bool,
    /// Whether the Key Generation Report is attached.
    pub has_report: bool,
    /// Who uploaded it.
    pub uploaded_by: String,
    /// When, seconds since the epoch.
    pub uploaded_at: i64,
    /// What the caller may do with it.
    pub access: Access,
}

/// One record with everything the registry knows about it.
#[derive(Clone, Debug, Serialize)]
pub struct CeremonyRecord {
    /// The listed fields.
    #[serde(flatten)]
    pub summary: CeremonySummary,
    /// Where the ceremony took place.
    pub location: String,
    /// The record's seal (closing the hash chain).
    pub seal: String,
    /// The record, parsed.
    pub record: ca::ceremony::Record,
    /// The record exactly as uploaded (its SHA-256 is the key).
    #[serde(skip)]
    pub record_json: String,
    /// The Key Generation Report (Markdown), when attached.
    pub report: Option<String>,
    /// Who attached it.
    pub report_by: Option<String>,
    /// When, seconds since the epoch.
    pub report_at: Option<i64>,
    /// Whether the report is the one `rootward ceremony run` writes for this
    /// record (`ca::ceremony::report_markdown`, line breaks and trailing
    /// white space aside); `None` without a report.
    pub report_matches_record: Option<bool>,
    /// The keys and certificates it names.
    pub fingerprints: Vec<Fingerprint>,
    /// Grants: every grant with its history for those who manage the
    /// record; an auditor sees only their own.
    pub grants: Vec<Grant>,
}

fn corrupt(sha: &str, reason: impl std::fmt::Display) -> Error {
    Error::Corrupt {
        what: format!("ceremony record {sha}"),
        reason: reason.to_string(),
    }
}

fn not_found(sha: &str) -> Error {
    Error::NotFound(format!("ceremony record {sha}"))
}

/// The record key of a SHA-256 typed by a user, or `None` when it cannot be one.
fn record_key(sha256: &str) -> Option<String> {
    normalize_hex(sha256).filter(|h| h.len() == 64)
}

/// Text pasted into a page form turned back into the file it was copied
/// from: browsers send a textarea's line breaks as CRLF (HTML, "The
/// textarea element", form submission value), and copies gain surrounding
/// white space. A record as `ca::ceremony` writes it has no carriage
/// return and no white space around its braces, so this loses nothing.
pub fn pasted_record(text: &str) -> String {
    text.replace("\r\n", "\n").trim().to_owned()
}

/// A report checked and normalized: line breaks to `\n`, at most
/// [`MAX_REPORT`] bytes, no control characters but line breaks and tabs;
/// blank is `None`.
fn clean_report(report: &str) -> Result<Option<String>> {
    let bad = |reason: &str| Error::BadInput {
        what: "Key Generation Report".into(),
        reason: reason.to_owned(),
    };
    let t = report.replace("\r\n", "\n").replace('\r', "\n");
    if t.len() > MAX_REPORT {
        return Err(bad(&format!("at most {MAX_REPORT} bytes")));
    }
    if t.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(bad(
            "control characters other than line breaks and tabs are not accepted",
        ));
    }
    Ok((!t.trim().is_empty()).then_some(t))
}

/// The keys and certificates a record names, each once, in step order.
fn fingerprints_of(r: &ca::ceremony::Record) -> Vec<(FingerprintKind, String, String, i64)> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for s in &r.steps {
        let keys = s
            .keys
            .iter()
            .map(|k| (FingerprintKind::Key, &k.spki_sha256, &k.name));
        let certs = s
            .artefacts
            .iter()
            .filter(|a| a.kind == "certificate")
            .map(|a| (FingerprintKind::Certificate, &a.sha256, &a.subject));
        for (kind, sha, name) in keys.chain(certs) {
            // A verified chain proves the record unchanged, not well formed:
            // a value that is not a SHA-256 is kept in the record, not indexed.
            let Some(h) = record_key(sha) else { continue };
            if seen.insert((kind.as_str(), h.clone())) {
                out.push((kind, h, name.clone(), s.index as i64));
            }
        }
    }
    out
}

/// The columns of a [`CeremonySummary`] (then the caller's grant count), over `ceremony_records r`.
const SUMMARY_COLS: &str = "r.sha256, r.owner, r.title, r.ceremony_date, r.steps, r.complete, \
     CAST(CASE WHEN r.report IS NULL THEN 0 ELSE 1 END AS BIGINT), r.uploaded_by, r.uploaded_at, \
     (SELECT COUNT(*) FROM ceremony_grants g WHERE g.record_sha256 = r.sha256 AND g.auditor = $1 AND g.revoked_at IS NULL)";

/// A summary from a row of [`SUMMARY_COLS`], with the caller's access.
fn summary_of(row: &sqlx::any::AnyRow, actor: Option<&Actor>) -> Result<CeremonySummary> {
    let owner: String = row.try_get(1)?;
    let complete: i64 = row.try_get(5)?;
    let has_report: i64 = row.try_get(6)?;
    let granted: i64 = row.try_get(9)?;
    Ok(CeremonySummary {
        sha256: row.try_get(0)?,
        access: access(actor, &owner, granted > 0),
        owner,
        title: row.try_get(2)?,
        ceremony_date: row.try_get(3)?,
        steps: row.try_get(4)?,
        complete: complete != 0,
        has_report: has_report != 0,
        uploaded_by: row.try_get(7)?,
        uploaded_at: row.try_get(8)?,
    })
}

fn grant_of(row: &sqlx::any::AnyRow) -> Result<Grant> {
    Ok(Grant {
        auditor: row.try_get(0)?,
        granted_by: row.try_get(1)?,
        granted_at: row.try_get(2)?,
        revoked_by: row.try_get(3)?,
        revoked_at: row.try_get(4)?,
    })
}

/// Locks a record's row for a change by `actor` (other changes to it wait
/// until this transaction ends) and checks that `actor` manages it: absent
/// or unseen is [`Error::NotFound`], readable only is
/// [`CeremonyError::Forbidden`]. Returns the record's key and whether its
/// report is attached.
async fn lock_managed(
    tx: &mut sqlx::AnyConnection,
    actor: &Actor,
    sha256: &str,
    action: &'static str,
) -> Result<(String, bool)> {
    let key = record_key(sha256).ok_or_else(|| not_found(sha256))?;
    let locked = sqlx::query("UPDATE ceremony_records SET steps = steps WHERE sha256 = $1")
        .bind(key.clone())
        .execute(&mut *tx)
        .await?;
    if locked.rows_affected() == 0 {
        return Err(not_found(&key));
    }
    // Built from constants only; every value is bound.
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {SUMMARY_COLS} FROM ceremony_records r WHERE r.sha256 = $2"
    )))
    .bind(actor.name.clone())
    .bind(key.clone())
    .fetch_one(&mut *tx)
    .await?;
    let s = summary_of(&row, Some(actor))?;
    match s.access {
        Access::None => Err(not_found(&key)),
        Access::Read => Err(CeremonyError::Forbidden {
            actor: actor.name.clone(),
            action,
            owner: s.owner,
        }
        .into()),
        Access::Manage => Ok((key, s.has_report)),
    }
}

impl Registry {
    /// Stores a ceremony record for `owner` (an owner member's own when
    /// `None`) after checking it with [`ca::ceremony::verify_record`], with
    /// its Key Generation Report when given. Only the program's managers and
    /// the owner's members upload ([`access`]); the same bytes are stored
    /// once.
    pub async fn upload_ceremony(
        &self,
        actor: &Actor,
        owner: Option<&str>,
        record_json: &[u8],
        report: Option<&str>,
        clock: &dyn Clock,
    ) -> Result<CeremonyRecord> {
        let owner = match (owner, actor.role, &actor.owner) {
            (Some(o), _, _) => crate::incidents::clean_line("owner", o)?,
            (None, Role::OwnerMember, Some(o)) => o.clone(),
            (None, _, _) => {
                return Err(Error::BadInput {
                    what: "owner".into(),
                    reason: "name the CA owner the ceremony belongs to".into(),
                });
            }
        };
        if access(Some(actor), &owner, false) != Access::Manage {
            return Err(CeremonyError::Forbidden {
                actor: actor.name.clone(),
                action: "upload",
                owner,
            }
            .into());
        }
        let bad = |reason: String| Error::BadInput {
            what: "ceremony record".into(),
            reason,
        };
        if record_json.is_empty() {
            return Err(bad("the record is empty".into()));
        }
        if record_json.len() > MAX_RECORD {
            return Err(bad(format!(
                "{} bytes is more than the limit of {MAX_RECORD}",
                record_json.len()
            )));
        }
        ca::ceremony::verify_record(record_json, None)
            .map_err(|e| CeremonyError::Unverified(e.to_string()))?;
        let record: ca::ceremony::Record = serde_json::from_slice(record_json)
            .map_err(|e| CeremonyError::Unverified(format!("not a ceremony record: {e}")))?;
        // verify_record read it as JSON, so it is UTF-8.
        let text = String::from_utf8(record_json.to_vec())
            .map_err(|_| bad("the record is not UTF-8".into()))?;
        let report = match report {
            Some(r) => clean_report(r)?,
            None => None,
        };
        let sha = cert::hex_upper(&cert::digest::sha256(record_json));
        let now = clock.now();
        let mut tx = self.pool.begin().await?;
        let exists: i64 = sqlx::query("SELECT COUNT(*) FROM ceremony_records WHERE sha256 = $1")
            .bind(sha.clone())
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
        if exists > 0 {
            return Err(CeremonyError::Exists(sha).into());
        }
        // A record with no step recorded no ceremony: not complete.
        let complete = !record.steps.is_empty() && record.steps.iter().all(|s| s.outcome == "ok");
        sqlx::query(
            "INSERT INTO ceremony_records (sha256, owner, title, ceremony_date, location, steps, complete, seal, \
             record, report, report_by, report_at, uploaded_by, uploaded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind(sha.clone())
        .bind(owner)
        .bind(record.ceremony.name.clone())
        .bind(record.ceremony.date.clone())
        .bind(record.ceremony.location.clone())
        .bind(record.steps.len() as i64)
        .bind(complete as i64)
        .bind(record.seal.clone())
        .bind(text)
        .bind(report.clone())
        .bind(report.as_ref().map(|_| actor.name.clone()))
        .bind(report.as_ref().map(|_| now))
        .bind(actor.name.clone())
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(|e| match &e {
            // The same record uploaded at the same moment by someone else.
            sqlx::Error::Database(d) if d.is_unique_violation() => {
                CeremonyError::Exists(sha.clone()).into()
            }
            _ => Error::Db(e),
        })?;
        for (kind, h, name, step) in fingerprints_of(&record) {
            sqlx::query(
                "INSERT INTO ceremony_fingerprints (record_sha256, kind, sha256, name, step) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(sha.clone())
            .bind(kind.as_str())
            .bind(h)
            .bind(name)
            .bind(step)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        self.ceremony_record(Some(actor), &sha).await
    }

    /// The records `actor` may see ([`access`]), newest ceremony first.
    pub async fn ceremony_records(&self, actor: Option<&Actor>) -> Result<Vec<CeremonySummary>> {
        self.list_ceremonies(actor, None).await
    }

    /// The records `actor` may see that name the key or certificate of
    /// this SHA-256 (of a SubjectPublicKeyInfo or a certificate).
    pub async fn ceremony_records_naming(
        &self,
        actor: Option<&Actor>,
        sha256: &str,
    ) -> Result<Vec<CeremonySummary>> {
        match record_key(sha256) {
            Some(h) => self.list_ceremonies(actor, Some(h)).await,
            None => Ok(Vec::new()),
        }
    }

    async fn list_ceremonies(
        &self,
        actor: Option<&Actor>,
        naming: Option<String>,
    ) -> Result<Vec<CeremonySummary>> {
        if actor.is_none() {
            return Ok(Vec::new());
        }
        let filter = if naming.is_some() {
            "WHERE r.sha256 IN (SELECT f.record_sha256 FROM ceremony_fingerprints f WHERE f.sha256 = $2)"
        } else {
            ""
        };
        // Built from constants only; every value is bound.
        let mut q = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {SUMMARY_COLS} FROM ceremony_records r {filter} \
             ORDER BY r.ceremony_date DESC, r.uploaded_at DESC, r.sha256"
        )))
        .bind(actor.map(|a| a.name.clone()).unwrap_or_default());
        if let Some(h) = naming {
            q = q.bind(h);
        }
        let rows = q.fetch_all(&self.pool).await?;
        let mut out = Vec::new();
        for r in &rows {
            let s = summary_of(r, actor)?;
            if s.access != Access::None {
                out.push(s);
            }
        }
        Ok(out)
    }

    /// One record, if `actor` may see it ([`access`]); otherwise, as when
    /// there is none, [`Error::NotFound`].
    pub async fn ceremony_record(
        &self,
        actor: Option<&Actor>,
        sha256: &str,
    ) -> Result<CeremonyRecord> {
        let key = record_key(sha256).ok_or_else(|| not_found(sha256))?;
        // Built from constants only; every value is bound.
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {SUMMARY_COLS}, r.location, r.seal, r.record, r.report, r.report_by, r.report_at \
             FROM ceremony_records r WHERE r.sha256 = $2"
        )))
        .bind(actor.map(|a| a.name.clone()).unwrap_or_default())
        .bind(key.clone())
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| not_found(&key))?;
        let summary = summary_of(&row, actor)?;
        if summary.access == Access::None {
            return Err(not_found(&key));
        }
        let record_json: String = row.try_get(12)?;
        let record: ca::ceremony::Record =
            serde_json::from_str(&record_json).map_err(|e| corrupt(&key, e))?;
        let report: Option<String> = row.try_get(13)?;
        let report_matches_record = report
            .as_ref()
            .map(|r| r.trim_end() == ca::ceremony::report_markdown(&record).trim_end());
        let fingerprints = self.fingerprints(&key).await?;
        let rows = sqlx::query(
            "SELECT auditor, granted_by, granted_at, revoked_by, revoked_at FROM ceremony_grants \
             WHERE record_sha256 = $1 ORDER BY seq",
        )
        .bind(key.clone())
        .fetch_all(&self.pool)
        .await?;
        let mut grants = rows.iter().map(grant_of).collect::<Result<Vec<_>>>()?;
        if summary.access != Access::Manage {
            let me = actor.map(|a| a.name.as_str()).unwrap_or_default();
            grants.retain(|g| g.auditor == me);
        }
        Ok(CeremonyRecord {
            location: row.try_get(10)?,
            seal: row.try_get(11)?,
            report,
            report_by: row.try_get(14)?,
            report_at: row.try_get(15)?,
            report_matches_record,
            record,
            record_json,
            fingerprints,
            grants,
            summary,
        })
    }

    /// The keys and certificates a record names, with the registry's
    /// certificates each matches.
    async fn fingerprints(&self, key: &str) -> Result<Vec<Fingerprint>> {
        let rows = sqlx::query(
            "SELECT kind, sha256, name, step FROM ceremony_fingerprints WHERE record_sha256 = $1 \
             ORDER BY step, kind, sha256",
        )
        .bind(key.to_owned())
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::new();
        for r in &rows {
            let kind: String = r.try_get(0)?;
            let sha256: String = r.try_get(1)?;
            let (kind, sql) = match kind.as_str() {
                "key" => (
                    FingerprintKind::Key,
                    "SELECT sha256 FROM certificates WHERE spki_sha256 = $1 ORDER BY sha256 LIMIT 100",
                ),
                "certificate" => (
                    FingerprintKind::Certificate,
                    "SELECT sha256 FROM certificates WHERE sha256 = $1",
                ),
                other => return Err(corrupt(key, format!("unknown fingerprint kind {other:?}"))),
            };
            let certs = sqlx::query(sql)
                .bind(sha256.clone())
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|c| c.try_get(0))
                .collect::<std::result::Result<Vec<String>, _>>()?;
            out.push(Fingerprint {
                kind,
                sha256,
                name: r.try_get(2)?,
                step: r.try_get(3)?,
                registry_certificates: certs,
            });
        }
        Ok(out)
    }

    /// Attaches the Key Generation Report to a record that has none (the
    /// program or the owner's members; a report is never replaced).
    pub async fn attach_ceremony_report(
        &self,
        actor: &Actor,
        sha256: &str,
        report: &str,
        clock: &dyn Clock,
    ) -> Result<CeremonyRecord> {
        let report = clean_report(report)?.ok_or_else(|| Error::BadInput {
            what: "Key Generation Report".into(),
            reason: "the report is empty".into(),
        })?;
        let mut tx = self.pool.begin().await?;
        let (key, has_report) =
            lock_managed(&mut tx, actor, sha256, "attach the report of").await?;
        if has_report {
            return Err(CeremonyError::ReportExists(key).into());
        }
        sqlx::query(
            "UPDATE ceremony_records SET report = $1, report_by = $2, report_at = $3 WHERE sha256 = $4",
        )
        .bind(report)
        .bind(actor.name.clone())
        .bind(clock.now())
        .bind(key.clone())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.ceremony_record(Some(actor), &key).await
    }

    /// Grants an auditor's account read access to a record (by the program
    /// or the owner's members), recording who and when.
    pub async fn grant_ceremony(
        &self,
        actor: &Actor,
        sha256: &str,
        auditor: &str,
        clock: &dyn Clock,
    ) -> Result<Grant> {
        let mut tx = self.pool.begin().await?;
        let (key, _) = lock_managed(&mut tx, actor, sha256, "grant").await?;
        let role: Option<String> = sqlx::query("SELECT role FROM users WHERE name = $1")
            .bind(auditor.to_owned())
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| r.try_get(0))
            .transpose()?;
        if role.as_deref().and_then(crate::accounts::role_from_name) != Some(Role::Auditor) {
            return Err(CeremonyError::NotAuditor(auditor.to_owned()).into());
        }
        let (total, active): (i64, i64) = {
            let r = sqlx::query(
                "SELECT COUNT(*), (SELECT COUNT(*) FROM ceremony_grants WHERE record_sha256 = $1 AND auditor = $2 AND revoked_at IS NULL) \
                 FROM ceremony_grants WHERE record_sha256 = $1",
            )
            .bind(key.clone())
            .bind(auditor.to_owned())
            .fetch_one(&mut *tx)
            .await?;
            (r.try_get(0)?, r.try_get(1)?)
        };
        if active > 0 {
            return Err(CeremonyError::AlreadyGranted {
                record: key,
                auditor: auditor.to_owned(),
            }
            .into());
        }
        let g = Grant {
            auditor: auditor.to_owned(),
            granted_by: actor.name.clone(),
            granted_at: clock.now(),
            revoked_by: None,
            revoked_at: None,
        };
        sqlx::query(
            "INSERT INTO ceremony_grants (record_sha256, seq, auditor, granted_by, granted_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(key)
        .bind(total)
        .bind(g.auditor.clone())
        .bind(g.granted_by.clone())
        .bind(g.granted_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(g)
    }

    /// Revokes an auditor's standing grant of a record (by the program or
    /// the owner's members), recording who and when; the grant stays in the
    /// record's history.
    pub async fn revoke_ceremony_grant(
        &self,
        actor: &Actor,
        sha256: &str,
        auditor: &str,
        clock: &dyn Clock,
    ) -> Result<Grant> {
        let mut tx = self.pool.begin().await?;
        let (key, _) = lock_managed(&mut tx, actor, sha256, "revoke grants of").await?;
        let now = clock.now();
        let done = sqlx::query(
            "UPDATE ceremony_grants SET revoked_by = $1, revoked_at = $2 \
             WHERE record_sha256 = $3 AND auditor = $4 AND revoked_at IS NULL",
        )
        .bind(actor.name.clone())
        .bind(now)
        .bind(key.clone())
        .bind(auditor.to_owned())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(Error::NotFound(format!(
                "a standing grant of ceremony record {key} to {auditor}"
            )));
        }
        let row = sqlx::query(
            "SELECT auditor, granted_by, granted_at, revoked_by, revoked_at FROM ceremony_grants \
             WHERE record_sha256 = $1 AND auditor = $2 ORDER BY seq DESC LIMIT 1",
        )
        .bind(key)
        .bind(auditor.to_owned())
        .fetch_one(&mut *tx)
        .await?;
        let g = grant_of(&row)?;
        tx.commit().await?;
        Ok(g)
    }

    /// The sub-CA requests `actor` may see ([`workflow::may_see`]) whose
    /// certificate (item 4, or the fingerprint registered) is one of the
    /// certificates `record` names.
    pub async fn ceremony_requests(
        &self,
        actor: Option<&Actor>,
        record: &CeremonyRecord,
    ) -> Result<Vec<RequestSummary>> {
        let certs: BTreeSet<&str> = record
            .fingerprints
            .iter()
            .filter(|f| f.kind == FingerprintKind::Certificate)
            .map(|f| f.sha256.as_str())
            .collect();
        if certs.is_empty() {
            return Ok(Vec::new());
        }
        let rows = sqlx::query(
            "SELECT id, owner, state, body, updated_at FROM requests ORDER BY updated_at DESC, id",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::new();
        for r in &rows {
            let id: String = r.try_get(0)?;
            let owner: String = r.try_get(1)?;
            let state: String = r.try_get(2)?;
            let state = workflow::State::from_name(&state).ok_or_else(|| Error::Corrupt {
                what: format!("request {id}"),
                reason: format!("unknown state {state:?}"),
            })?;
            if !workflow::may_see(actor, &owner, state) {
                continue;
            }
            let body: String = r.try_get(3)?;
            let req: workflow::Request =
                serde_json::from_str(&body).map_err(|e| Error::Corrupt {
                    what: format!("request {id}"),
                    reason: e.to_string(),
                })?;
            let cites = [
                req.items.certificate_sha256.as_deref(),
                req.registered_sha256.as_deref(),
            ]
            .into_iter()
            .flatten()
            .filter_map(normalize_hex)
            .any(|h| certs.contains(h.as_str()));
            if cites {
                out.push(RequestSummary {
                    id,
                    owner,
                    state,
                    updated_at: r.try_get(4)?,
                });
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, owner: Option<&str>) -> Actor {
        Actor {
            name: "someone".into(),
            role,
            owner: owner.map(str::to_owned),
        }
    }

    #[test]
    fn who_sees_what() {
        let pm = actor(Role::ProgramManager, None);
        let mine = actor(Role::OwnerMember, Some("A"));
        let other = actor(Role::OwnerMember, Some("B"));
        let auditor = actor(Role::Auditor, None);
        let public = actor(Role::Public, None);
        for granted in [false, true] {
            assert_eq!(access(Some(&pm), "A", granted), Access::Manage);
            assert_eq!(access(Some(&mine), "A", granted), Access::Manage);
            assert_eq!(access(Some(&other), "A", granted), Access::None);
            assert_eq!(access(Some(&public), "A", granted), Access::None);
            assert_eq!(access(None, "A", granted), Access::None);
        }
        assert_eq!(access(Some(&auditor), "A", true), Access::Read);
        assert_eq!(access(Some(&auditor), "A", false), Access::None);
    }

    #[test]
    fn pasted_text_is_the_file_again() {
        let file = "{\n  \"a\": \"x\\r\\ny\"\n}";
        let pasted = format!("\r\n{}\r\n", file.replace('\n', "\r\n"));
        assert_eq!(pasted_record(&pasted), file);
    }

    #[test]
    fn reports_keep_text_and_refuse_control_characters() {
        assert_eq!(
            clean_report("# R\r\n\r\n| a |\tb\n").unwrap_or_default(),
            Some("# R\n\n| a |\tb\n".to_owned())
        );
        assert_eq!(clean_report("  \n").ok(), Some(None));
        assert!(clean_report("bell \u{7}").is_err());
    }
}
