//! The issuance log: an SQLite file beside the CA's keys.
//!
//! Root CAs run on offline machines, so each CA keeps its own log rather
//! than a server database. A certificate is handed out only by the
//! transaction that records it ([`IssuanceLog::record`]), so a crash leaves
//! neither an unrecorded certificate in anyone's hands nor a recorded one
//! that was never produced.
//!
//! Serial numbers, revocations and CRL numbers belong to the issuing CA,
//! which RFC 5280 identifies by its name and key (4.1.2.2: the issuer name
//! and serial identify a certificate), not to one certificate of it: a CA
//! certified twice (cross-signed, or re-issued with the same name and key)
//! signs under either certificate into one namespace. Entries are keyed by
//! the SHA-256 of the issuer certificate used, and the `issuers` table links
//! the certificates of one CA ([`IssuanceLog::register_issuer`]), so every
//! lookup by one of them sees what was issued under the others.

use rusqlite::{Connection, OptionalExtension, params};

use crate::IssueError;

/// One issued certificate as recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogEntry {
    /// SHA-256 of the issuer certificate (uppercase hex); for roots, of the root itself.
    pub issuer_sha256: String,
    /// Serial number, uppercase hex of its content octets.
    pub serial: String,
    /// The certificate.
    pub der: Vec<u8>,
    /// Unix time of issuance.
    pub issued_at: i64,
    /// The CA profile used.
    pub profile: String,
    /// The post-issuance lint report (JSON array of findings).
    pub lint_json: String,
    /// Finding codes the operator overrode, comma-separated.
    pub overrides: String,
}

/// A revocation as recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revocation {
    /// Serial number, uppercase hex.
    pub serial: String,
    /// Unix time of revocation.
    pub revoked_at: i64,
    /// CRLReason code (RFC 5280 5.3.1).
    pub reason: u8,
}

/// The issuance log.
pub struct IssuanceLog {
    conn: Connection,
    /// Issuer certificates (by SHA-256) this connection has registered.
    /// Registrations are never removed, so this only saves a parse and a
    /// write per issuance.
    registered: std::collections::HashSet<String>,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS issued (
    id INTEGER PRIMARY KEY,
    issuer_sha256 TEXT NOT NULL,
    serial TEXT NOT NULL,
    der BLOB NOT NULL,
    sha256 TEXT NOT NULL,
    issued_at INTEGER NOT NULL,
    profile TEXT NOT NULL,
    lint_json TEXT NOT NULL,
    overrides TEXT NOT NULL,
    UNIQUE (issuer_sha256, serial)
);
CREATE TABLE IF NOT EXISTS revoked (
    issuer_sha256 TEXT NOT NULL,
    serial TEXT NOT NULL,
    revoked_at INTEGER NOT NULL,
    reason INTEGER NOT NULL,
    PRIMARY KEY (issuer_sha256, serial)
);
CREATE TABLE IF NOT EXISTS crl_number (
    issuer_sha256 TEXT PRIMARY KEY,
    next INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS issuers (
    cert_sha256 TEXT PRIMARY KEY,
    identity TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS issuers_by_identity ON issuers (identity);
";

/// The issuer certificates of one CA (same name and key) as `?1`'s: every
/// registered certificate with its identity, and `?1` itself. A macro, so
/// queries are `concat!`ed constants that `prepare_cached` parses once.
macro_rules! same_ca {
    () => {
        "(SELECT cert_sha256 FROM issuers WHERE identity = \
         (SELECT identity FROM issuers WHERE cert_sha256 = ?1) UNION SELECT ?1)"
    };
}

/// A CA's identity: SHA-256 over its subject name and SubjectPublicKeyInfo
/// as encoded in its certificate (uppercase hex).
pub fn issuer_identity(issuer: &cert::Certificate<'_>) -> String {
    cert::hex_upper(&cert::digest::sha256(
        &[issuer.subject.raw, issuer.spki.raw].concat(),
    ))
}

fn db(e: rusqlite::Error) -> IssueError {
    IssueError::Log(e.to_string())
}

impl IssuanceLog {
    /// Opens (creating if needed) the log at `path`.
    pub fn open(path: &std::path::Path) -> Result<IssuanceLog, IssueError> {
        let conn = Connection::open(path).map_err(db)?;
        IssuanceLog::init(conn)
    }

    /// Opens the log at `path`, which must exist: commands that read a CA's
    /// history (revoke, CRLs, OCSP) must not start a new, empty one on a
    /// mistyped path and publish that nothing was ever revoked.
    pub fn open_existing(path: &std::path::Path) -> Result<IssuanceLog, IssueError> {
        if !path.is_file() {
            // Callers name the path.
            return Err(IssueError::Log(
                "no issuance log there (only issuing creates one)".into(),
            ));
        }
        let conn = Connection::open_with_flags(
            path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(db)?;
        IssuanceLog::init(conn)
    }

    /// An in-memory log (tests, dry runs).
    pub fn in_memory() -> Result<IssuanceLog, IssueError> {
        IssuanceLog::init(Connection::open_in_memory().map_err(db)?)
    }

    fn init(conn: Connection) -> Result<IssuanceLog, IssueError> {
        conn.execute_batch("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;")
            .map_err(db)?;
        // A read-only copy (an OCSP responder's) is used as it is.
        let read_only = |e: &rusqlite::Error| matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ReadOnly);
        match conn
            .execute_batch(SCHEMA)
            .and_then(|()| link_logged_issuers(&conn))
        {
            Err(e) if !read_only(&e) => return Err(db(e)),
            _ => {}
        }
        Ok(IssuanceLog {
            conn,
            registered: Default::default(),
        })
    }

    /// Records `issuer_der` as a certificate of its CA (by name and key),
    /// so lookups by it also see what was issued under the CA's other
    /// certificates; returns its SHA-256 (uppercase hex), the key the log's
    /// functions take. Idempotent.
    pub fn register_issuer(&mut self, issuer_der: &[u8]) -> Result<String, IssueError> {
        let sha = cert::hex_upper(&cert::digest::sha256(issuer_der));
        if self.registered.contains(&sha) {
            return Ok(sha);
        }
        let c = cert::Certificate::parse(issuer_der)
            .map_err(|e| IssueError::Request(format!("issuer certificate: {e}")))?;
        link_issuer(&self.conn, &sha, &c).map_err(db)?;
        self.registered.insert(sha.clone());
        Ok(sha)
    }

    /// Whether a serial has been used by this issuer (any certificate of the CA).
    pub fn serial_used(&self, issuer_sha256: &str, serial: &str) -> Result<bool, IssueError> {
        Ok(self.issued_row(issuer_sha256, serial)?.is_some())
    }

    /// The issuer certificate hash and DER of the certificate with `serial`
    /// issued by the CA of `issuer_sha256`.
    fn issued_row(
        &self,
        issuer_sha256: &str,
        serial: &str,
    ) -> Result<Option<(String, Vec<u8>)>, IssueError> {
        self.conn
            .prepare_cached(concat!(
                "SELECT issuer_sha256, der FROM issued WHERE serial = ?2 AND issuer_sha256 IN ",
                same_ca!(),
                " ORDER BY id"
            ))
            .and_then(|mut st| {
                st.query_map(params![issuer_sha256, serial], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?
                .take(2)
                .collect::<Result<Vec<(String, Vec<u8>)>, _>>()
            })
            .map_err(db)
            .and_then(|mut rows| match rows.len() {
                0 | 1 => Ok(rows.pop()),
                // Only a log written before serials were unique per CA can
                // hold this; which certificate is meant cannot be told.
                _ => Err(IssueError::Log(format!(
                    "serial {serial} was issued twice by this CA, under two of its certificates"
                ))),
            })
    }

    /// Runs `produce` inside one IMMEDIATE transaction and records the entry it
    /// returns; the transaction commits only if `produce` succeeds and the
    /// insert succeeds. `fault` lets tests simulate a crash between the steps.
    pub fn record(
        &mut self,
        produce: impl FnOnce() -> Result<LogEntry, IssueError>,
        fault: Option<&dyn Fn(FaultPoint) -> Result<(), IssueError>>,
    ) -> Result<LogEntry, IssueError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(db)?;
        let entry = produce()?;
        if let Some(f) = fault {
            f(FaultPoint::BeforeInsert)?;
        }
        // Unique per CA, not only per issuer certificate (the table's UNIQUE).
        let taken = tx
            .prepare_cached(concat!(
                "SELECT 1 FROM issued WHERE serial = ?2 AND issuer_sha256 IN ",
                same_ca!()
            ))
            .and_then(|mut st| {
                st.query_row(params![entry.issuer_sha256, entry.serial], |_| Ok(()))
                    .optional()
            })
            .map_err(db)?;
        if taken.is_some() {
            return Err(IssueError::DuplicateSerial(entry.serial.clone()));
        }
        let sha = cert::hex_upper(&cert::digest::sha256(&entry.der));
        // Cached: parsing the statement again cost a tenth of an in-memory insert.
        tx.prepare_cached(
            "INSERT INTO issued (issuer_sha256, serial, der, sha256, issued_at, profile, lint_json, overrides)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )
        .and_then(|mut st| st.execute(params![entry.issuer_sha256, entry.serial, entry.der, sha, entry.issued_at, entry.profile, entry.lint_json, entry.overrides]))
        .map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
                IssueError::DuplicateSerial(entry.serial.clone())
            }
            e => db(e),
        })?;
        if let Some(f) = fault {
            f(FaultPoint::BeforeCommit)?;
        }
        tx.commit().map_err(db)?;
        if let Some(f) = fault {
            f(FaultPoint::AfterCommit)?;
        }
        Ok(entry)
    }

    /// Every certificate in the log, in issuance order.
    pub fn entries(&self) -> Result<Vec<LogEntry>, IssueError> {
        self.select("1 = 1", params![])
    }

    /// The certificates with `serial`: those issued by the CA of `issuer`
    /// (any of its certificates), or by any issuer. More than one from one
    /// CA only in a log written before serials were unique per CA.
    pub fn entries_with_serial(
        &self,
        issuer: Option<&str>,
        serial: &str,
    ) -> Result<Vec<LogEntry>, IssueError> {
        match issuer {
            Some(i) => self.select(
                concat!("serial = ?2 AND issuer_sha256 IN ", same_ca!()),
                params![i, serial],
            ),
            None => self.select("serial = ?1", params![serial]),
        }
    }

    /// Every certificate an issuer has issued, in issuance order.
    pub fn issued_by(&self, issuer_sha256: &str) -> Result<Vec<LogEntry>, IssueError> {
        self.select(
            concat!("issuer_sha256 IN ", same_ca!()),
            params![issuer_sha256],
        )
    }

    /// The entries matching a WHERE clause (the callers' own constant text).
    fn select(
        &self,
        condition: &str,
        args: impl rusqlite::Params,
    ) -> Result<Vec<LogEntry>, IssueError> {
        let mut st = self
            .conn
            .prepare(&format!(
                "SELECT issuer_sha256, serial, der, issued_at, profile, lint_json, overrides FROM issued WHERE {condition} ORDER BY id"
            ))
            .map_err(db)?;
        let rows = st
            .query_map(args, |r| {
                Ok(LogEntry {
                    issuer_sha256: r.get(0)?,
                    serial: r.get(1)?,
                    der: r.get(2)?,
                    issued_at: r.get(3)?,
                    profile: r.get(4)?,
                    lint_json: r.get(5)?,
                    overrides: r.get(6)?,
                })
            })
            .map_err(db)?;
        rows.collect::<Result<_, _>>().map_err(db)
    }

    /// Number of certificates recorded (all issuers).
    pub fn count(&self) -> Result<u64, IssueError> {
        self.conn
            .query_row("SELECT COUNT(*) FROM issued", [], |r| r.get::<_, i64>(0))
            .map(|n| n as u64)
            .map_err(db)
    }

    /// Records a revocation; the serial must have been issued by this issuer,
    /// and the reason one the Baseline Requirements allow for the certificate
    /// ([`crate::crl::reason_problem`]).
    pub fn revoke(
        &mut self,
        issuer_sha256: &str,
        serial: &str,
        revoked_at: i64,
        reason: u8,
    ) -> Result<(), IssueError> {
        let Some((issued_under, der)) = self.issued_row(issuer_sha256, serial)? else {
            return Err(IssueError::UnknownSerial(serial.to_string()));
        };
        let cert = cert::Certificate::parse(&der).map_err(|e| {
            IssueError::Log(format!(
                "serial {serial}: the logged certificate does not decode: {e}"
            ))
        })?;
        if let Some(why) = crate::crl::reason_problem(&cert, reason) {
            return Err(IssueError::ReasonNotAllowed {
                serial: serial.to_string(),
                reason: crate::crl::reason_name(reason),
                why,
            });
        }
        self.conn
            .execute(
                "INSERT INTO revoked (issuer_sha256, serial, revoked_at, reason) VALUES (?1, ?2, ?3, ?4)",
                params![issued_under, serial, revoked_at, reason],
            )
            .map_err(|e| match e {
                rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
                    IssueError::AlreadyRevoked(serial.to_string())
                }
                e => db(e),
            })?;
        Ok(())
    }

    /// A certificate's status: `None` if this issuer never issued the serial,
    /// `Some(None)` if issued and not revoked, `Some(Some(r))` if revoked.
    pub fn status(
        &self,
        issuer_sha256: &str,
        serial: &str,
    ) -> Result<Option<Option<Revocation>>, IssueError> {
        if !self.serial_used(issuer_sha256, serial)? {
            return Ok(None);
        }
        let r = self
            .conn
            .prepare_cached(concat!(
                "SELECT serial, revoked_at, reason FROM revoked WHERE serial = ?2 AND issuer_sha256 IN ",
                same_ca!()
            ))
            .and_then(|mut st| {
                st.query_row(params![issuer_sha256, serial], |r| {
                    Ok(Revocation {
                        serial: r.get(0)?,
                        revoked_at: r.get(1)?,
                        reason: r.get(2)?,
                    })
                })
                .optional()
            })
            .map_err(db)?;
        Ok(Some(r))
    }

    /// An issuer's revocations, ordered by serial.
    pub fn revocations(&self, issuer_sha256: &str) -> Result<Vec<Revocation>, IssueError> {
        revocations_in(&self.conn, issuer_sha256)
    }

    /// A CRL's number, taken from the CA's sequence (RFC 5280 5.2.3:
    /// monotonically increasing; see [`crl_number_in`]), and its
    /// revocations, read in one transaction: two CRLs made at once cannot
    /// give the higher number to the one that read the revocations first and
    /// so lacks a later revocation.
    pub fn crl_snapshot(
        &mut self,
        issuer_sha256: &str,
    ) -> Result<(u64, Vec<Revocation>), IssueError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(db)?;
        let n = crl_number_in(&tx, issuer_sha256)?;
        let revoked = revocations_in(&tx, issuer_sha256)?;
        tx.commit().map_err(db)?;
        Ok((n, revoked))
    }
}

/// Records `sha` (the certificate `c`) as a certificate of its CA.
fn link_issuer(conn: &Connection, sha: &str, c: &cert::Certificate<'_>) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO issuers (cert_sha256, identity) VALUES (?1, ?2)",
        params![sha, issuer_identity(c)],
    )
    .map(|_| ())
}

/// Links the CA certificates a log itself holds (a root's log holds the
/// sub-CAs it certified) to their CAs, so a log written before the
/// `issuers` table gets one namespace per CA for them too. Once per log
/// (`user_version` 1 marks it done): the search reads the whole `issued`
/// table, and every later issuer is registered as it is used.
fn link_logged_issuers(conn: &Connection) -> rusqlite::Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version >= 1 {
        return Ok(());
    }
    let rows: Vec<(String, Vec<u8>)> = conn
        .prepare(
            "SELECT sha256, der FROM issued WHERE sha256 IN \
             (SELECT issuer_sha256 FROM issued UNION SELECT issuer_sha256 FROM revoked \
              UNION SELECT issuer_sha256 FROM crl_number) \
             AND sha256 NOT IN (SELECT cert_sha256 FROM issuers)",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (sha, der) in rows {
        // A logged certificate that does not decode is no issuer to link.
        if let Ok(c) = cert::Certificate::parse(&der) {
            link_issuer(conn, &sha, &c)?;
        }
    }
    conn.pragma_update(None, "user_version", 1)
}

/// An issuer's revocations (all certificates of its CA), one per serial.
fn revocations_in(conn: &Connection, issuer_sha256: &str) -> Result<Vec<Revocation>, IssueError> {
    // MIN picks the earliest revocation (and its reason, SQLite takes the
    // bare columns from that row) should an old log hold a serial twice.
    let mut st = conn
        .prepare_cached(concat!(
            "SELECT serial, MIN(revoked_at), reason FROM revoked WHERE issuer_sha256 IN ",
            same_ca!(),
            " GROUP BY serial ORDER BY serial"
        ))
        .map_err(db)?;
    let rows = st
        .query_map(params![issuer_sha256], |r| {
            Ok(Revocation {
                serial: r.get(0)?,
                revoked_at: r.get(1)?,
                reason: r.get(2)?,
            })
        })
        .map_err(db)?;
    rows.collect::<Result<_, _>>().map_err(db)
}

/// Takes the CA's next CRL number. The sequence is kept under the CA's
/// identity once its certificate is registered (under the certificate's
/// hash before), and continues from the highest number of every sequence
/// not known to belong to another CA: a number may be skipped, never
/// repeated or lowered, even for a log whose sequences were kept per
/// certificate. The certificate's own row is advanced too, for older
/// rootward versions that read it.
fn crl_number_in(tx: &Connection, issuer_sha256: &str) -> Result<u64, IssueError> {
    let key: String = tx
        .query_row(
            "SELECT identity FROM issuers WHERE cert_sha256 = ?1",
            params![issuer_sha256],
            |r| r.get(0),
        )
        .optional()
        .map_err(db)?
        .unwrap_or_else(|| issuer_sha256.to_string());
    let n: Option<i64> = tx
        .query_row(
            "SELECT MAX(next) FROM crl_number WHERE issuer_sha256 NOT IN \
             (SELECT cert_sha256 FROM issuers WHERE identity != ?1 \
              UNION SELECT identity FROM issuers WHERE identity != ?1)",
            params![key],
            |r| r.get(0),
        )
        .map_err(db)?;
    let n = n.unwrap_or(1);
    for k in [key.as_str(), issuer_sha256] {
        tx.execute(
            "INSERT INTO crl_number (issuer_sha256, next) VALUES (?1, ?2)
             ON CONFLICT(issuer_sha256) DO UPDATE SET next = excluded.next",
            params![k, n + 1],
        )
        .map_err(db)?;
    }
    Ok(n as u64)
}

/// Points in [`IssuanceLog::record`] where tests inject a crash.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultPoint {
    /// After the certificate is produced, before it is inserted.
    BeforeInsert,
    /// After the insert, before the commit.
    BeforeCommit,
    /// After the commit, before the certificate is returned: it is recorded
    /// as issued, and the caller finds it in the log (`rootward issued`).
    AfterCommit,
}
