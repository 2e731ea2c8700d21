//! The rootward CA engine.
//!
//! - [`signer`]: one [`Signer`] trait for software keys ([`soft_key`]) and
//!   PKCS#11 keys ([`pkcs11`]);
//! - [`serial`]: serial numbers from a CSPRNG;
//! - [`profile`]: certificate profiles (TOML), checked by linting a sample;
//! - [`tbs`]: building the TBSCertificate from profile and request;
//! - [`issue`]: issuance with pre-issuance linting, recorded in the
//!   [`log`] (SQLite) in the transaction that hands the certificate out;
//! - [`crl`]: full and partitioned CRLs; [`ocsp`]: RFC 6960 responses;
//! - [`ceremony`]: key ceremony scripts, hash-chained records and Key Generation Reports.
#![deny(missing_docs)]

pub mod ceremony;
pub mod crl;
pub mod issue;
pub mod log;
pub mod new_file;
pub mod ocsp;
pub mod pkcs11;
pub mod profile;
pub mod serial;
pub mod signer;
pub mod soft_key;
pub mod tbs;

pub use signer::{KeyAlgorithm, Signer};
pub use soft_key::SoftKey;

/// Errors of the CA engine.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CaError {
    /// A cryptographic operation failed.
    #[error("cryptographic operation failed: {0}")]
    Crypto(&'static str),
    /// A key file is malformed or of an unsupported kind.
    #[error("key file: {0}")]
    KeyFile(String),
    /// The passphrase does not decrypt the key (or the file is corrupt).
    #[error("wrong passphrase or corrupt key file")]
    WrongPassphrase,
    /// An empty passphrase was given for encrypting a key.
    #[error("an empty passphrase cannot protect a key")]
    EmptyPassphrase,
    /// A PKCS#11 operation failed; the message names the function and the
    /// `CKR_` return code, never a PIN.
    #[error("PKCS#11: {0}")]
    Pkcs11(String),
}

/// Why a certificate was not issued.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IssueError {
    /// The request does not fit the profile.
    #[error("request refused: {0}")]
    Request(String),
    /// Linting found errors that were not overridden; nothing was recorded
    /// or handed out (and, when `signed` is false, nothing was signed).
    #[error("refused by {} lint: {}", if *signed { "post-issuance" } else { "pre-issuance" }, findings.iter().map(|f| format!("{} ({}): {}", f.code, f.citation, f.message)).collect::<Vec<_>>().join("; "))]
    Refused {
        /// The blocking findings.
        findings: Vec<lint::Finding>,
        /// Whether the refusal came after signing (from the post-issuance lint,
        /// e.g. a signature that does not verify); the signature was discarded.
        signed: bool,
    },
    /// The issuer already used this serial (a CSPRNG collision; retry).
    #[error("serial {0} already used by this issuer")]
    DuplicateSerial(String),
    /// Revocation of a serial this issuer never issued.
    #[error("serial {0} was not issued by this CA")]
    UnknownSerial(String),
    /// The serial is already revoked.
    #[error("serial {0} is already revoked")]
    AlreadyRevoked(String),
    /// The reason may not be used for this certificate.
    #[error("serial {serial} may not be revoked as {reason}: {why}")]
    ReasonNotAllowed {
        /// The certificate's serial.
        serial: String,
        /// The reason asked for.
        reason: String,
        /// Why not, citing the section.
        why: String,
    },
    /// The issuance log failed.
    #[error("issuance log: {0}")]
    Log(String),
    /// A key operation failed.
    #[error(transparent)]
    Key(#[from] CaError),
    /// An internal consistency check failed (signed TBS differs, signature does not verify).
    #[error("internal check failed: {0}")]
    Internal(String),
}
