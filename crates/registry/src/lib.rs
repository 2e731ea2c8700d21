//! The rootward registry: the system of record for CA owners, CA certificates
//! and their hierarchy, policy documents, audits and incidents (with their
//! CCADB incident report sections, updates and closure), key ceremony
//! records and the auditors they are granted to; CCADB import; compliance
//! checks over all of it.
//!
//! # Storage
//!
//! [`Registry`] wraps an `sqlx` [`sqlx::AnyPool`]: SQLite (a file, the
//! default) or PostgreSQL (a `postgres://` URL), chosen at run time by the URL.
//! The schema (`migrations/`) is written once in SQL both backends accept
//! (BIGINT integers and 0/1 booleans, TEXT dates, BYTEA blobs, natural keys),
//! embedded with `sqlx::migrate!` and applied by [`Registry::open`]. Every
//! multi-row change runs in one transaction.
//!
//! # Records and history
//!
//! Owners, certificates, documents, audits and incidents carry a `version`.
//! A change writes the new values, bumps the version and appends a row to the
//! `history` table (when, from which source, what changed: `{field: [old,
//! new]}`); writing the same values again changes nothing.
//!
//! # Time
//!
//! Nothing here reads the system clock except [`SystemClock`]: imports take a
//! [`Clock`] (for history timestamps and first-seen dates), and checks take the
//! date they answer for.
#![deny(missing_docs)]

pub mod accounts;
pub mod attachments;
pub mod ceremonies;
pub mod check;
pub mod import;
pub mod incidents;
pub mod link;
pub mod model;
pub mod requests;
mod store;
pub mod view;
pub mod workflow;

use std::path::PathBuf;
use std::str::FromStr;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, ConnectOptions as _};

pub use check::check;
pub use import::{ImportReport, RowError};
pub use model::*;

/// Errors of the registry library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The database reported an error.
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    /// Applying the embedded migrations failed.
    #[error("cannot apply the database migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The `--db` value is neither a file path nor a supported URL.
    #[error("invalid database location {location:?}: {reason}")]
    BadLocation {
        /// What was given.
        location: String,
        /// Why it is not usable.
        reason: String,
    },
    /// A file could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A file cannot be imported at all (wrong header, unknown report format).
    #[error("{}: {reason}", path.display())]
    BadFile {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// A stored value is not what the schema promises.
    #[error("corrupt record {what}: {reason}")]
    Corrupt {
        /// Which record.
        what: String,
        /// Why.
        reason: String,
    },
    /// A record that was asked for does not exist.
    #[error("not found: {0}")]
    NotFound(String),
    /// A workflow transition was refused (wrong state, role, missing item…).
    #[error(transparent)]
    Refused(#[from] workflow::TransitionError),
    /// A value given by the caller is not acceptable.
    #[error("{what}: {reason}")]
    BadInput {
        /// What was given.
        what: String,
        /// Why it is refused.
        reason: String,
    },
    /// The record changed between reading and writing it; retry.
    #[error("{0} was changed by someone else meanwhile; reload and retry")]
    Conflict(String),
    /// An incident change was refused (role, closed incident, taken id,
    /// sections missing at closing).
    #[error(transparent)]
    Incident(#[from] incidents::IncidentError),
    /// A ceremony record was refused (it does not verify, is stored
    /// already) or a change to one (role, grant to a non-auditor, a
    /// report attached already).
    #[error(transparent)]
    Ceremony(#[from] ceremonies::CeremonyError),
}

/// Result with the registry [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// A source of the current time, in seconds since the Unix epoch.
pub trait Clock: Send + Sync {
    /// The current time.
    fn now(&self) -> i64;
}

/// The system clock (the only place the registry reads the time).
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0)
    }
}

/// A clock stopped at one instant (tests and replays).
#[derive(Clone, Copy, Debug)]
pub struct FixedClock(pub i64);

impl Clock for FixedClock {
    fn now(&self) -> i64 {
        self.0
    }
}

/// Which database engine a [`Registry`] runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// SQLite (a file, or memory).
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

/// The registry: a connection pool and the backend it talks to.
#[derive(Clone, Debug)]
pub struct Registry {
    pool: AnyPool,
    backend: Backend,
}

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Turns a `--db` value into a connection URL: `postgres://…` and
/// `postgresql://…` and `sqlite:…` are used as they are; anything else is a
/// SQLite file path, created when missing.
pub fn database_url(location: &str) -> Result<(String, Backend)> {
    if location.starts_with("postgres://") || location.starts_with("postgresql://") {
        Ok((location.to_owned(), Backend::Postgres))
    } else if location.starts_with("sqlite:") {
        Ok((location.to_owned(), Backend::Sqlite))
    } else if location.contains("://") {
        Err(Error::BadLocation {
            location: location.to_owned(),
            reason: "only SQLite file paths, sqlite: and postgres:// URLs are supported".into(),
        })
    } else if location.is_empty() {
        Err(Error::BadLocation {
            location: location.to_owned(),
            reason: "empty path".into(),
        })
    } else {
        Ok((format!("sqlite://{location}?mode=rwc"), Backend::Sqlite))
    }
}

impl Registry {
    /// Opens (creating if needed) the database at `location` (see
    /// [`database_url`]) and applies the embedded migrations.
    pub async fn open(location: &str) -> Result<Registry> {
        sqlx::any::install_default_drivers();
        let (url, backend) = database_url(location)?;
        let opts = AnyConnectOptions::from_str(&url)
            .map_err(|e| Error::BadLocation {
                location: location.to_owned(),
                reason: e.to_string(),
            })?
            .disable_statement_logging();
        // SQLite: one connection, so that `sqlite::memory:` is one database
        // and writers never wait on each other's locks.
        let max = match backend {
            Backend::Sqlite => 1,
            Backend::Postgres => 8,
        };
        let pool = AnyPoolOptions::new()
            .max_connections(max)
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        sqlx::query("PRAGMA foreign_keys = ON")
                            .execute(&mut *conn)
                            .await?;
                        // FULL: a commit is on disk before it is acknowledged, so a power
                        // loss neither loses it nor (in rollback-journal mode, where NORMAL
                        // may) corrupts the file. Measured: no cost at the soak's write rate.
                        sqlx::query("PRAGMA synchronous = FULL")
                            .execute(&mut *conn)
                            .await?;
                        sqlx::query("PRAGMA cache_size = -65536")
                            .execute(&mut *conn)
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(opts)
            .await?;
        MIGRATOR.run(&pool).await?;
        Ok(Registry { pool, backend })
    }

    /// The backend in use.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The underlying pool (for tools and tests).
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Closes the pool.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// Days since the epoch of an ISO date (`YYYY-MM-DD`, or a longer ISO time).
pub fn parse_date(s: &str) -> Option<i64> {
    let s = s.trim();
    let d = s.get(..10)?;
    cert::time::parse_iso(d).map(|t| t.div_euclid(DAY))
}

/// `YYYY-MM-DD` of seconds since the epoch.
pub fn format_date(t: i64) -> String {
    let (y, m, d) = cert::time::civil_from_days(t.div_euclid(DAY));
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYY-MM-DD` of a day number.
pub fn format_day(day: i64) -> String {
    format_date(day * DAY)
}

/// Runs a registry future to completion on a new single-threaded tokio
/// runtime (for synchronous callers such as the command line).
pub fn block_on<F: std::future::Future>(f: F) -> std::io::Result<F::Output> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    Ok(rt.block_on(f))
}
