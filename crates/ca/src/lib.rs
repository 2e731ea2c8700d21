//! The rootward CA engine.
//!
//! - [`signer`]: one [`Signer`] trait for software keys ([`soft_key`]) and
//!   PKCS#11 keys;
//! - [`serial`]: serial numbers from a CSPRNG.
#![deny(missing_docs)]

pub mod serial;
pub mod signer;
pub mod soft_key;

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
}
