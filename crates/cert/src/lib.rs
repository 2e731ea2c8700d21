//! X.509 certificates for rootward.
//!
//! This crate knows DER and certificates, nothing about policy:
//! - [`der`]: a lenient DER reader that records what it tolerates;
//! - [`Certificate`]: a decoded certificate borrowing its DER, with typed
//!   views of the extensions RFC 5280 and the Baseline Requirements define;
//! - [`source`]: reading PEM, DER and base64 input, streaming;
//! - [`verify`]: signature verification (DSA through a small bignum of
//!   its own, the crypto backend having none);
//! - fingerprints and key identifiers.
#![deny(missing_docs)]

mod bigint;
pub mod certificate;
pub mod crl;
pub mod csr;
pub mod der;
pub mod digest;
pub mod dns;
mod dsa;
pub mod encode;
pub mod ext;
pub mod general_name;
pub mod key;
pub mod name;
pub mod ocsp;
pub mod oids;
pub mod source;
pub mod time;
pub mod verify;

pub use certificate::{
    AlgorithmIdentifier, Certificate, DecodeError, SubjectPublicKeyInfo, Version,
};
pub use ext::{ExtValue, Extension, KeyUsageBit};
pub use general_name::GeneralName;
pub use key::{Curve, PublicKey};
pub use name::Name;

use std::fmt;

/// An OBJECT IDENTIFIER, as its DER content octets.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Oid<'a>(&'a [u8]);

impl<'a> Oid<'a> {
    /// Wraps content octets (not checked; see [`der::oid`] for checked decoding).
    pub const fn new(bytes: &'a [u8]) -> Self {
        Oid(bytes)
    }
    /// The content octets.
    pub fn as_bytes(&self) -> &'a [u8] {
        self.0
    }
    /// Whether `self` is `arc` or lies beneath it.
    pub fn is_under(&self, arc: Oid<'_>) -> bool {
        // The last octet of a well-formed OID has its high bit clear, so a
        // byte prefix ends on a subidentifier boundary.
        self.0.starts_with(arc.0)
    }
    /// The name rootward knows this OID by, if any.
    pub fn short_name(&self) -> Option<&'static str> {
        let short = match *self {
            oids::COMMON_NAME => "CN",
            oids::COUNTRY_NAME => "C",
            oids::ORGANIZATION_NAME => "O",
            oids::ORGANIZATIONAL_UNIT_NAME => "OU",
            oids::LOCALITY_NAME => "L",
            oids::STATE_OR_PROVINCE_NAME => "ST",
            oids::STREET_ADDRESS => "street",
            oids::DOMAIN_COMPONENT => "DC",
            oids::USER_ID => "UID",
            _ => return self.name(),
        };
        Some(short)
    }
    /// The ASN.1 name of this OID, if rootward knows it.
    pub fn name(&self) -> Option<&'static str> {
        // Called for every extension and attribute of every certificate, so
        // the table is sorted once and searched by bisection.
        static SORTED: std::sync::OnceLock<Vec<(&'static [u8], &'static str)>> =
            std::sync::OnceLock::new();
        let sorted = SORTED.get_or_init(|| {
            let mut v: Vec<_> = oids::NAMES
                .iter()
                .map(|(o, n)| (o.as_bytes(), *n))
                .collect();
            v.sort_unstable_by_key(|(o, _)| *o);
            v
        });
        sorted
            .binary_search_by(|(o, _)| (*o).cmp(self.0))
            .ok()
            .map(|i| sorted[i].1)
    }
}

impl fmt::Display for Oid<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        let mut acc: u128 = 0;
        for &b in self.0 {
            acc = (acc << 7) | (b & 0x7f) as u128;
            if b & 0x80 == 0 {
                if first {
                    let (a, rest) = if acc < 40 {
                        (0, acc)
                    } else if acc < 80 {
                        (1, acc - 40)
                    } else {
                        (2, acc - 80)
                    };
                    write!(f, "{a}.{rest}")?;
                    first = false;
                } else {
                    write!(f, ".{acc}")?;
                }
                acc = 0;
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Oid<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Oid({self})")
    }
}

/// Uppercase hex, as CCADB and crt.sh print fingerprints.
pub fn hex_upper(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(HEX[(b >> 4) as usize] as char);
        s.push(HEX[(b & 15) as usize] as char);
    }
    s
}
