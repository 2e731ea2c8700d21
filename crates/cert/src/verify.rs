//! Signature verification (RFC 5280 6.1.3 (a)(1)), behind one function so
//! that policy code never names the crypto backend.
//!
//! RSA, ECDSA and Ed25519 go to aws-lc-rs; DSA (RFC 3279 2.2.2, RFC 5758
//! 3.1: with SHA-1, SHA-224 or SHA-256), which aws-lc-rs lacks, to the
//! crate's own `dsa` module. A DSA key may omit its domain parameters and
//! inherit its issuer's (RFC 3279 2.3.2, RFC 5280 6.1.4 (e)-(f)); such a
//! key alone cannot verify anything ([`VerifyError::MissingParameters`]).
//! A caller that knows the inherited parameters verifies with
//! [`SubjectPublicKeyInfo::with_parameters`], the working public key of
//! RFC 5280 6.1.4, through the same functions as any other key.

use aws_lc_rs::digest;
use aws_lc_rs::signature::{self, UnparsedPublicKey, VerificationAlgorithm};

use crate::certificate::{AlgorithmIdentifier, Certificate, SubjectPublicKeyInfo};
use crate::der::{IssueSink, Reader, Tlv, tag};
use crate::key::{Curve, PublicKey};
use crate::{Oid, oids};

/// Why a signature did not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// The signature algorithm is not one rootward verifies.
    #[error("unsupported signature algorithm {0}")]
    UnsupportedAlgorithm(String),
    /// The signature algorithm does not fit the issuer's key type.
    #[error("signature algorithm {alg} does not match the issuer's {key} key")]
    KeyMismatch {
        /// The algorithm.
        alg: String,
        /// The issuer key.
        key: String,
    },
    /// The signature BIT STRING has unused bits.
    #[error("signature BIT STRING has unused bits")]
    MalformedSignature,
    /// Cryptographic verification failed.
    #[error("signature does not verify with the issuer's public key")]
    BadSignature,
    /// A DSA key without domain parameters: they are inherited from the
    /// key's own issuer (RFC 3279 2.3.2, RFC 5280 6.1.4 (f)), so the key
    /// cannot verify on its own; see [`SubjectPublicKeyInfo::with_parameters`].
    #[error(
        "the issuer's DSA key has no domain parameters of its own and none were inherited (RFC 3279 2.3.2, RFC 5280 6.1.4 (f))"
    )]
    MissingParameters,
    /// The issuer's key (or its domain parameters) does not decode.
    #[error("the issuer's public key is malformed: {0}")]
    MalformedKey(String),
}

/// Verifies `cert`'s signature with `issuer`'s public key.
pub fn verify_certificate(
    cert: &Certificate<'_>,
    issuer: &SubjectPublicKeyInfo<'_>,
) -> Result<(), VerifyError> {
    if cert.signature.unused != 0 {
        return Err(VerifyError::MalformedSignature);
    }
    verify(
        &cert.signature_algorithm,
        issuer,
        cert.tbs,
        cert.signature.bytes,
    )
}

/// Verifies `sig` over `msg` with the algorithm `alg` and key `spki`.
pub fn verify(
    alg: &AlgorithmIdentifier<'_>,
    spki: &SubjectPublicKeyInfo<'_>,
    msg: &[u8],
    sig: &[u8],
) -> Result<(), VerifyError> {
    let key = spki.key();
    let mismatch = || VerifyError::KeyMismatch {
        alg: alg.oid.to_string(),
        key: key.describe(),
    };
    let is_rsa = matches!(key, PublicKey::Rsa { .. });
    let curve = match key {
        PublicKey::Ec { curve } => curve,
        _ => None,
    };
    let dsa_hash = match alg.oid {
        oids::DSA_WITH_SHA1 => Some(&digest::SHA1_FOR_LEGACY_USE_ONLY),
        oids::DSA_WITH_SHA224 => Some(&digest::SHA224),
        oids::DSA_WITH_SHA256 => Some(&digest::SHA256),
        _ => None,
    };
    if let Some(hash) = dsa_hash {
        if key != PublicKey::Dsa {
            return Err(mismatch());
        }
        if spki.public_key.unused != 0 {
            return Err(VerifyError::MalformedKey(
                "subjectPublicKey BIT STRING has unused bits".into(),
            ));
        }
        let params = own_parameters(spki).ok_or(VerifyError::MissingParameters)?;
        return crate::dsa::verify(hash, &params, spki.public_key.bytes, msg, sig);
    }
    let algorithm: &'static dyn VerificationAlgorithm = match alg.oid {
        oids::SHA1_WITH_RSA if is_rsa => &signature::RSA_PKCS1_1024_8192_SHA1_FOR_LEGACY_USE_ONLY,
        oids::SHA256_WITH_RSA if is_rsa => {
            &signature::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY
        }
        oids::SHA384_WITH_RSA if is_rsa => &signature::RSA_PKCS1_2048_8192_SHA384,
        oids::SHA512_WITH_RSA if is_rsa => {
            &signature::RSA_PKCS1_1024_8192_SHA512_FOR_LEGACY_USE_ONLY
        }
        oids::RSASSA_PSS if is_rsa => match pss_hash(alg) {
            Some(oids::SHA256) => &signature::RSA_PSS_2048_8192_SHA256,
            Some(oids::SHA384) => &signature::RSA_PSS_2048_8192_SHA384,
            Some(oids::SHA512) => &signature::RSA_PSS_2048_8192_SHA512,
            _ => {
                return Err(VerifyError::UnsupportedAlgorithm(
                    "RSASSA-PSS with these parameters".into(),
                ));
            }
        },
        oids::ECDSA_WITH_SHA1
        | oids::ECDSA_WITH_SHA256
        | oids::ECDSA_WITH_SHA384
        | oids::ECDSA_WITH_SHA512 => match (curve, alg.oid) {
            (Some(Curve::P256), oids::ECDSA_WITH_SHA1) => &signature::ECDSA_P256_SHA1_ASN1,
            (Some(Curve::P256), oids::ECDSA_WITH_SHA256) => &signature::ECDSA_P256_SHA256_ASN1,
            (Some(Curve::P256), oids::ECDSA_WITH_SHA384) => &signature::ECDSA_P256_SHA384_ASN1,
            (Some(Curve::P256), _) => &signature::ECDSA_P256_SHA512_ASN1,
            (Some(Curve::P384), oids::ECDSA_WITH_SHA256) => &signature::ECDSA_P384_SHA256_ASN1,
            (Some(Curve::P384), oids::ECDSA_WITH_SHA384) => &signature::ECDSA_P384_SHA384_ASN1,
            (Some(Curve::P384), oids::ECDSA_WITH_SHA512) => &signature::ECDSA_P384_SHA512_ASN1,
            (Some(Curve::P521), oids::ECDSA_WITH_SHA1) => &signature::ECDSA_P521_SHA1_ASN1,
            (Some(Curve::P521), oids::ECDSA_WITH_SHA256) => &signature::ECDSA_P521_SHA256_ASN1,
            (Some(Curve::P521), oids::ECDSA_WITH_SHA384) => &signature::ECDSA_P521_SHA384_ASN1,
            (Some(Curve::P521), _) => &signature::ECDSA_P521_SHA512_ASN1,
            _ => return Err(mismatch()),
        },
        oids::ED25519 if key == PublicKey::Ed25519 => &signature::ED25519,
        oids::SHA1_WITH_RSA
        | oids::SHA256_WITH_RSA
        | oids::SHA384_WITH_RSA
        | oids::SHA512_WITH_RSA
        | oids::RSASSA_PSS
        | oids::ED25519 => return Err(mismatch()),
        other => return Err(VerifyError::UnsupportedAlgorithm(other.to_string())),
    };
    UnparsedPublicKey::new(algorithm, spki.public_key.bytes)
        .verify(msg, sig)
        .map_err(|_| VerifyError::BadSignature)
}

/// The key's algorithm parameters, unless absent or NULL (RFC 5280 6.1.4
/// (f) treats both as "no parameters").
fn own_parameters<'a>(spki: &SubjectPublicKeyInfo<'a>) -> Option<Tlv<'a>> {
    spki.algorithm.params.filter(|p| p.tag != tag::NULL)
}

/// The hash of RSASSA-PSS-params when hash and MGF-1 hash agree (RFC 4055 3.1).
fn pss_hash<'a>(alg: &AlgorithmIdentifier<'a>) -> Option<Oid<'a>> {
    let params = alg.params?;
    let sink = IssueSink::default();
    let mut r = params.reader(&sink);
    let hash_wrapper = r.read_tag(0xa0).ok()?;
    let mut hr = hash_wrapper.reader(&sink);
    let hash_alg = hr.read_tag(tag::SEQUENCE).ok()?;
    let hash = Oid::new(hash_alg.reader(&sink).read_tag(tag::OID).ok()?.value);
    let mgf_wrapper = r.read_tag(0xa1).ok()?;
    let mgf = mgf_wrapper.reader(&sink).read_tag(tag::SEQUENCE).ok()?;
    let mut mr = mgf.reader(&sink);
    if Oid::new(mr.read_tag(tag::OID).ok()?.value) != oids::MGF1 {
        return None;
    }
    let mgf_hash = mr.read_tag(tag::SEQUENCE).ok()?;
    let mgf_hash_oid = Oid::new(mgf_hash.reader(&sink).read_tag(tag::OID).ok()?.value);
    (mgf_hash_oid == hash).then_some(hash)
}

/// Parses a standalone SubjectPublicKeyInfo (for callers holding raw SPKI DER).
pub fn with_spki<T>(der: &[u8], f: impl FnOnce(&SubjectPublicKeyInfo<'_>) -> T) -> Option<T> {
    let sink = IssueSink::default();
    let t = Reader::new(der, 0, &sink).read_tag(tag::SEQUENCE).ok()?;
    let spki = SubjectPublicKeyInfo::parse(t, &sink).ok()?;
    Some(f(&spki))
}
