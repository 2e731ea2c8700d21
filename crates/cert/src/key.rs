//! Public keys as the linter needs them (RFC 3279, RFC 5480, RFC 8410).

use crate::certificate::SubjectPublicKeyInfo;
use crate::der::{self, IssueSink, Reader, tag};
use crate::{Oid, oids};

/// Named elliptic curves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Curve {
    /// secp256r1
    P256,
    /// secp384r1
    P384,
    /// secp521r1
    P521,
}

impl Curve {
    /// The curve's size in bits.
    pub fn bits(self) -> usize {
        match self {
            Curve::P256 => 256,
            Curve::P384 => 384,
            Curve::P521 => 521,
        }
    }
}

/// The kind of key in a SubjectPublicKeyInfo.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PublicKey {
    /// rsaEncryption (or RSASSA-PSS) key.
    Rsa {
        /// Modulus size in bits, counting from its most significant set bit.
        modulus_bits: usize,
        /// Public exponent, when it fits in 64 bits.
        exponent: Option<u64>,
        /// Whether the key was labelled id-RSASSA-PSS instead of rsaEncryption.
        pss: bool,
    },
    /// RSA-labelled key whose RSAPublicKey does not decode.
    RsaMalformed,
    /// id-ecPublicKey on a named curve (None when the curve is not P-256/384/521 or not named).
    Ec {
        /// The curve.
        curve: Option<Curve>,
    },
    /// id-Ed25519
    Ed25519,
    /// id-Ed448
    Ed448,
    /// id-X25519 / id-X448
    Xdh,
    /// ML-DSA (FIPS 204), by parameter set 44/65/87.
    MlDsa(u16),
    /// HashML-DSA (FIPS 204 5.4, pre-hashed with SHA-512), by parameter set.
    HashMlDsa(u16),
    /// ML-KEM (FIPS 203), by parameter set 512/768/1024.
    MlKem(u16),
    /// id-dsa
    Dsa,
    /// Anything else.
    Unknown,
}

impl PublicKey {
    /// Classifies a SubjectPublicKeyInfo.
    pub fn from_spki(spki: &SubjectPublicKeyInfo<'_>) -> PublicKey {
        let alg = &spki.algorithm;
        match alg.oid {
            oids::RSA_ENCRYPTION | oids::RSASSA_PSS => {
                let pss = alg.oid == oids::RSASSA_PSS;
                parse_rsa(spki.public_key.bytes)
                    .map(|(modulus_bits, exponent)| PublicKey::Rsa {
                        modulus_bits,
                        exponent,
                        pss,
                    })
                    .unwrap_or(PublicKey::RsaMalformed)
            }
            oids::EC_PUBLIC_KEY => {
                let curve = alg.params.filter(|p| p.tag == tag::OID).and_then(|p| {
                    match Oid::new(p.value) {
                        oids::SECP256R1 => Some(Curve::P256),
                        oids::SECP384R1 => Some(Curve::P384),
                        oids::SECP521R1 => Some(Curve::P521),
                        _ => None,
                    }
                });
                PublicKey::Ec { curve }
            }
            oids::ED25519 => PublicKey::Ed25519,
            oids::ED448 => PublicKey::Ed448,
            oids::X25519 | oids::X448 => PublicKey::Xdh,
            oids::ML_DSA_44 => PublicKey::MlDsa(44),
            oids::ML_DSA_65 => PublicKey::MlDsa(65),
            oids::ML_DSA_87 => PublicKey::MlDsa(87),
            oids::HASH_ML_DSA_44 => PublicKey::HashMlDsa(44),
            oids::HASH_ML_DSA_65 => PublicKey::HashMlDsa(65),
            oids::HASH_ML_DSA_87 => PublicKey::HashMlDsa(87),
            oids::ML_KEM_512 => PublicKey::MlKem(512),
            oids::ML_KEM_768 => PublicKey::MlKem(768),
            oids::ML_KEM_1024 => PublicKey::MlKem(1024),
            oids::DSA => PublicKey::Dsa,
            _ => PublicKey::Unknown,
        }
    }

    /// A short description, e.g. "RSA 2048" or "ECDSA P-256".
    pub fn describe(&self) -> String {
        match self {
            PublicKey::Rsa { modulus_bits, .. } => format!("RSA {modulus_bits}"),
            PublicKey::RsaMalformed => "RSA (malformed)".into(),
            PublicKey::Ec { curve: Some(c) } => format!("ECDSA P-{}", c.bits()),
            PublicKey::Ec { curve: None } => "ECDSA (unnamed or unsupported curve)".into(),
            PublicKey::Ed25519 => "Ed25519".into(),
            PublicKey::Ed448 => "Ed448".into(),
            PublicKey::Xdh => "X25519/X448".into(),
            PublicKey::MlDsa(n) => format!("ML-DSA-{n}"),
            PublicKey::HashMlDsa(n) => format!("HashML-DSA-{n}"),
            PublicKey::MlKem(n) => format!("ML-KEM-{n}"),
            PublicKey::Dsa => "DSA".into(),
            PublicKey::Unknown => "unknown".into(),
        }
    }
}

/// RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } (RFC 8017 A.1.1)
fn parse_rsa(bytes: &[u8]) -> Option<(usize, Option<u64>)> {
    let sink = IssueSink::default();
    let mut r = Reader::new(bytes, 0, &sink);
    let seq = r.read_tag(tag::SEQUENCE).ok()?;
    let mut sr = seq.reader(&sink);
    let n = der::integer(&sr.read_tag(tag::INTEGER).ok()?, &sink);
    let e = der::integer(&sr.read_tag(tag::INTEGER).ok()?, &sink);
    let n = match n.iter().position(|&b| b != 0) {
        Some(i) => &n[i..],
        None => return Some((0, None)),
    };
    let modulus_bits = n.len() * 8 - n[0].leading_zeros() as usize;
    let e = match e.iter().position(|&b| b != 0) {
        Some(i) => &e[i..],
        None => &[][..],
    };
    let exponent = (e.len() <= 8).then(|| e.iter().fold(0u64, |a, &b| (a << 8) | b as u64));
    Some((modulus_bits, exponent))
}
