//! CRL generation (RFC 5280 5; TLS BR 7.2; SMIME BR 7.2).
//!
//! ```asn1
//! TBSCertList ::= SEQUENCE {
//!      version                 Version OPTIONAL,  -- v2
//!      signature               AlgorithmIdentifier,
//!      issuer                  Name,
//!      thisUpdate              Time,
//!      nextUpdate              Time OPTIONAL,
//!      revokedCertificates     SEQUENCE OF SEQUENCE {
//!           userCertificate         CertificateSerialNumber,
//!           revocationDate          Time,
//!           crlEntryExtensions      Extensions OPTIONAL } OPTIONAL,
//!      crlExtensions           [0] EXPLICIT Extensions OPTIONAL }
//! ```
//!
//! Full CRLs, and partitioned CRLs whose issuingDistributionPoint names the
//! partition's URL (RFC 5280 5.2.5; MRSP 5.2 requires it to be critical).
//! Entries are assigned to partitions by their serial number, so a
//! certificate's partition never changes.

use cert::encode::{self, explicit, implicit, octet_string, oid, seq, seq_of, tlv};

use crate::log::Revocation;
use crate::signer::{Signer, key_identifier};
use crate::tbs::assemble;
use crate::{CaError, IssueError};

/// RFC 5280 5.3.1 CRLReason codes a CA may use (the BRs allow these for subscriber certificates).
pub const REASONS: &[(&str, u8)] = &[
    ("unspecified", 0),
    ("keyCompromise", 1),
    ("cACompromise", 2),
    ("affiliationChanged", 3),
    ("superseded", 4),
    ("cessationOfOperation", 5),
    ("certificateHold", 6),
    ("privilegeWithdrawn", 9),
];

/// Looks a reason code up by name.
pub fn reason_code(name: &str) -> Option<u8> {
    REASONS.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
}

/// The name of a reason code, or its number.
pub fn reason_name(code: u8) -> String {
    REASONS
        .iter()
        .find(|(_, c)| *c == code)
        .map(|(n, _)| n.to_string())
        .unwrap_or_else(|| code.to_string())
}

/// TLS subscriber reasons: keyCompromise, affiliationChanged, superseded,
/// cessationOfOperation, privilegeWithdrawn, and unspecified expressed by
/// leaving the reason out (TLS BR 7.2.2 CRLReasons; MRSP 6.1.1).
const TLS_SUBSCRIBER_REASONS: [u8; 6] = [0, 1, 3, 4, 5, 9];

/// Why `cert` may not be revoked with `reason`, if it may not: the reason
/// must be one a CA assigns (RFC 5280 5.3.1) and one the Baseline
/// Requirements allow for this kind of certificate (TLS BR 7.2.2, SMIME BR
/// 7.2.2, MRSP 6.1.1). Checked when the revocation is recorded, so a CRL or
/// OCSP response never has to carry a reason its lint would refuse.
pub fn reason_problem(cert: &cert::Certificate<'_>, reason: u8) -> Option<String> {
    let name = reason_name(reason);
    if !REASONS.iter().any(|(_, c)| *c == reason) {
        return Some(format!(
            "{name} is not a reason a CA assigns to a certificate (RFC 5280 5.3.1: 7 is unused, removeFromCRL belongs to delta CRLs, aACompromise to attribute certificates)"
        ));
    }
    let profile = lint::profile::detect(cert);
    if profile.is_ca() || cert.is_ca() {
        return match reason {
            0 => Some(
                "a CA certificate is revoked with a stated reason, never unspecified (TLS BR 7.2.2; SMIME BR 7.2.2)".into(),
            ),
            6 => Some(
                "certificateHold is not used for CA certificates (TLS BR 7.2.2; SMIME BR 7.2.2)"
                    .into(),
            ),
            _ => None,
        };
    }
    if let lint::Profile::TlsSubscriber(_) = profile
        && !TLS_SUBSCRIBER_REASONS.contains(&reason)
    {
        return Some(format!(
            "{name} is not a reason for a TLS subscriber certificate: use unspecified, keyCompromise, affiliationChanged, superseded, cessationOfOperation or privilegeWithdrawn (TLS BR 7.2.2; MRSP 6.1.1)"
        ));
    }
    if reason == 6 {
        return match profile.smime() {
            Some((_, lint::profile::Generation::Legacy | lint::profile::Generation::Multipurpose)) => None,
            Some(_) => Some(
                "certificateHold is not used for Strict S/MIME certificates (SMIME BR 7.2.2)".into(),
            ),
            None => Some(
                "certificateHold (suspension) is only allowed for Legacy and Multipurpose S/MIME certificates (SMIME BR 4.9.13, 7.2.2; TLS BR 7.2.2 forbids it)".into(),
            ),
        };
    }
    None
}

/// Which CRL to build.
#[derive(Clone, Debug)]
pub struct CrlSpec {
    /// thisUpdate (the caller's clock).
    pub this_update: i64,
    /// nextUpdate.
    pub next_update: i64,
    /// cRLNumber.
    pub number: u64,
    /// `Some((k, n, url))` for partition k of n, with the partition's URL for the IDP.
    pub partition: Option<(u32, u32, String)>,
}

/// The partition (0..n) of a serial given as uppercase hex.
pub fn partition_of(serial_hex: &str, n: u32) -> u32 {
    let last = serial_hex
        .get(serial_hex.len().saturating_sub(2)..)
        .and_then(|h| u8::from_str_radix(h, 16).ok())
        .unwrap_or(0);
    if n == 0 { 0 } else { last as u32 % n }
}

fn hex_bytes(h: &str) -> Result<Vec<u8>, IssueError> {
    if !h.len().is_multiple_of(2) {
        return Err(IssueError::Internal(format!("serial {h} has odd length")));
    }
    (0..h.len())
        .step_by(2)
        .map(|i| {
            u8::from_str_radix(&h[i..i + 2], 16)
                .map_err(|_| IssueError::Internal(format!("serial {h} is not hex")))
        })
        .collect()
}

/// Builds and signs a CRL for `issuer_cert_der` with its key.
pub fn build_crl(
    issuer_cert_der: &[u8],
    signer: &dyn Signer,
    revoked: &[Revocation],
    spec: &CrlSpec,
) -> Result<Vec<u8>, IssueError> {
    let issuer = cert::Certificate::parse(issuer_cert_der)
        .map_err(|e| IssueError::Request(format!("issuer certificate: {e}")))?;
    if issuer.spki.raw != signer.spki_der() {
        return Err(IssueError::Request(
            "the key does not match the issuer certificate".into(),
        ));
    }
    if spec.next_update <= spec.this_update {
        return Err(IssueError::Request(
            "nextUpdate must be after thisUpdate".into(),
        ));
    }
    let o = |s: &str| oid(s).map_err(|e| IssueError::Internal(e.to_string()));
    let mut entries = Vec::new();
    for r in revoked {
        if let Some((k, n, _)) = &spec.partition
            && partition_of(&r.serial, *n) != *k
        {
            continue;
        }
        let mut entry = vec![
            encode::uint(&hex_bytes(&r.serial)?),
            encode::time(r.revoked_at),
        ];
        // RFC 5280 5.3.1: unspecified (0) SHOULD be expressed by omitting reasonCode.
        if r.reason != 0 {
            let ext = seq(&[&o("2.5.29.21")?, &octet_string(&tlv(0x0a, &[r.reason]))]);
            entry.push(seq(&[&ext]));
        }
        entries.push(seq_of(&entry));
    }
    let kid = issuer
        .subject_key_id()
        .map(<[u8]>::to_vec)
        .or_else(|| key_identifier(issuer.spki.raw).map(|k| k.to_vec()))
        .ok_or_else(|| IssueError::Request("issuer has no key identifier".into()))?;
    let mut exts = vec![
        seq(&[
            &o("2.5.29.35")?,
            &octet_string(&seq(&[&implicit(0, false, &kid)])),
        ]),
        seq(&[
            &o("2.5.29.20")?,
            &octet_string(&encode::uint_u64(spec.number)),
        ]),
    ];
    if let Some((_, _, url)) = &spec.partition {
        // IssuingDistributionPoint { distributionPoint [0] { fullName [0] { URI } } }, critical.
        let dp = explicit(0, &implicit(0, true, &implicit(6, false, url.as_bytes())));
        exts.push(seq(&[
            &o("2.5.29.28")?,
            &encode::boolean(true),
            &octet_string(&seq(&[&dp])),
        ]));
    }
    let sig_alg = signer.algorithm().signature_algorithm_der();
    let mut tbs_parts = vec![
        encode::uint_u64(1),
        sig_alg.to_vec(),
        issuer.subject.raw.to_vec(),
        encode::time(spec.this_update),
        encode::time(spec.next_update),
    ];
    if !entries.is_empty() {
        tbs_parts.push(seq_of(&entries));
    }
    tbs_parts.push(explicit(0, &seq_of(&exts)));
    let tbs = seq_of(&tbs_parts);
    let sig = signer.sign(&tbs).map_err(|e: CaError| IssueError::Key(e))?;
    Ok(assemble(&tbs, sig_alg, &sig))
}
