//! Building a TBSCertificate (RFC 5280 4.1) from a profile and a request.

use std::net::IpAddr;

use cert::encode::{self, explicit, implicit, octet_string, oid, seq, seq_of, set_of, tlv};
use cert::oids;

use crate::IssueError;
use crate::profile::{self, AttrString, CertProfile, Kind};
use crate::signer::KeyAlgorithm;

/// A subjectAltName entry requested.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum San {
    /// A mailbox: rfc822Name when ASCII, otherwise otherName SmtpUTF8Mailbox (RFC 9598).
    Email(String),
    /// dNSName.
    Dns(String),
    /// iPAddress.
    Ip(IpAddr),
}

/// What the applicant (or the operator) asks for.
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// Subject attributes by short name (CN, O, C, ...), in any order; several values allowed.
    pub subject: Vec<(String, String)>,
    /// subjectAltName entries.
    pub sans: Vec<San>,
    /// The subject public key (DER SubjectPublicKeyInfo).
    pub spki_der: Vec<u8>,
}

/// The issuing side of a TBS.
pub struct IssuerSide<'a> {
    /// The issuer's subject Name, exactly as encoded in its certificate (SMIME BR 7.1.4.1).
    pub name_der: &'a [u8],
    /// The issuer's key identifier for the AKI (its SKI).
    pub key_id: Option<[u8; 20]>,
    /// The signature AlgorithmIdentifier the issuer signs with.
    pub signature_algorithm_der: &'a [u8],
}

/// The key algorithm of a SubjectPublicKeyInfo, when it is one rootward issues for
/// with the exact AlgorithmIdentifier the BRs require.
pub fn key_algorithm_of(spki_der: &[u8]) -> Option<KeyAlgorithm> {
    cert::verify::with_spki(spki_der, |spki| {
        let alg = match spki.key() {
            cert::PublicKey::Rsa {
                modulus_bits: 2048,
                pss: false,
                ..
            } => KeyAlgorithm::Rsa2048,
            cert::PublicKey::Rsa {
                modulus_bits: 3072,
                pss: false,
                ..
            } => KeyAlgorithm::Rsa3072,
            cert::PublicKey::Rsa {
                modulus_bits: 4096,
                pss: false,
                ..
            } => KeyAlgorithm::Rsa4096,
            cert::PublicKey::Ec {
                curve: Some(cert::Curve::P256),
            } => KeyAlgorithm::EcP256,
            cert::PublicKey::Ec {
                curve: Some(cert::Curve::P384),
            } => KeyAlgorithm::EcP384,
            cert::PublicKey::Ed25519 => KeyAlgorithm::Ed25519,
            _ => return None,
        };
        (spki.algorithm.raw == alg.spki_algorithm_der()).then_some(alg)
    })
    .flatten()
}

fn refuse(msg: impl Into<String>) -> IssueError {
    IssueError::Request(msg.into())
}

/// Encodes the subject Name in a fixed attribute order (the order of [`profile::ATTRIBUTES`]).
pub fn subject_name(p: &CertProfile, subject: &[(String, String)]) -> Result<Vec<u8>, IssueError> {
    for (k, v) in subject {
        if !p.subject.required.contains(k) && !p.subject.optional.contains(k) {
            return Err(refuse(format!(
                "subject attribute {k} is not allowed by profile {}",
                p.name
            )));
        }
        if v.trim().is_empty() {
            return Err(refuse(format!("subject attribute {k} is empty")));
        }
    }
    for r in &p.subject.required {
        if !subject.iter().any(|(k, _)| k == r) {
            return Err(refuse(format!(
                "subject attribute {r} is required by profile {}",
                p.name
            )));
        }
    }
    let mut rdns = Vec::new();
    for (short, dotted, kind) in profile::ATTRIBUTES {
        for (_, v) in subject.iter().filter(|(k, _)| k == short) {
            let value = match kind {
                AttrString::Utf8 => encode::utf8(v),
                AttrString::Printable => {
                    if !v.bytes().all(cert::name::is_printable_char) {
                        return Err(refuse(format!(
                            "{short} {v:?} has characters PrintableString cannot hold"
                        )));
                    }
                    encode::printable(v)
                }
                AttrString::Ia5 => {
                    if !v.is_ascii() {
                        return Err(refuse(format!("{short} {v:?} is not ASCII")));
                    }
                    encode::ia5(v)
                }
            };
            let atv = seq(&[&oid(dotted).map_err(|e| refuse(e.to_string()))?, &value]);
            rdns.push(set_of(&[atv]));
        }
    }
    Ok(seq_of(&rdns))
}

/// An Extension (RFC 5280 4.1): the identifiers are the `cert::oids` constants, so
/// nothing is parsed per certificate.
fn extension(id: cert::Oid<'_>, critical: bool, value: &[u8]) -> Vec<u8> {
    let id = encode::oid_of(id);
    if critical {
        seq(&[&id, &encode::boolean(true), &octet_string(value)])
    } else {
        seq(&[&id, &octet_string(value)])
    }
}

fn general_name_san(s: &San) -> Result<Vec<u8>, IssueError> {
    Ok(match s {
        San::Email(m) if m.is_ascii() => implicit(1, false, m.as_bytes()),
        San::Email(m) => {
            // RFC 9598 3: otherName id-on-SmtpUTF8Mailbox with a UTF8String.
            let type_id = encode::oid_of(oids::ON_SMTP_UTF8_MAILBOX);
            tlv(0xa0, &[type_id, explicit(0, &encode::utf8(m))].concat())
        }
        San::Dns(d) => {
            if !d.is_ascii() {
                return Err(refuse(format!("dNSName {d:?} must be ASCII (A-labels)")));
            }
            implicit(2, false, d.as_bytes())
        }
        San::Ip(IpAddr::V4(a)) => implicit(7, false, &a.octets()),
        San::Ip(IpAddr::V6(a)) => implicit(7, false, &a.octets()),
    })
}

fn uri(u: &str) -> Vec<u8> {
    implicit(6, false, u.as_bytes())
}

/// Builds the DER TBSCertificate.
pub fn build_tbs(
    p: &CertProfile,
    req: &Request,
    issuer: &IssuerSide<'_>,
    serial: &[u8],
    not_before: i64,
) -> Result<Vec<u8>, IssueError> {
    let alg = key_algorithm_of(&req.spki_der)
        .ok_or_else(|| refuse("the subject public key is not an RSA 2048/3072/4096, P-256, P-384 or Ed25519 key in the BR encoding"))?;
    if !p.key_algorithms().contains(&alg) {
        return Err(refuse(format!(
            "{} keys are not allowed by profile {}",
            alg.name(),
            p.name
        )));
    }
    let subject = subject_name(p, &req.subject)?;
    let subject_empty = req.subject.is_empty();
    match &p.subject_alt_name {
        None if !req.sans.is_empty() => {
            return Err(refuse(format!(
                "profile {} does not allow subjectAltName entries",
                p.name
            )));
        }
        Some(rules) => {
            if rules.required && req.sans.is_empty() {
                return Err(refuse(format!(
                    "profile {} requires a subjectAltName entry",
                    p.name
                )));
            }
            for s in &req.sans {
                let t = match s {
                    San::Email(_) => "email",
                    San::Dns(_) => "dns",
                    San::Ip(_) => "ip",
                };
                if !rules.types.iter().any(|x| x == t) {
                    return Err(refuse(format!(
                        "subjectAltName entries of type {t} are not allowed by profile {}",
                        p.name
                    )));
                }
            }
        }
        None => {}
    }

    let ski = crate::signer::key_identifier(&req.spki_der)
        .ok_or_else(|| refuse("unreadable public key"))?;
    let mut exts: Vec<Vec<u8>> = Vec::new();
    if let Some(bc) = p.basic_constraints {
        let mut inner = Vec::new();
        if bc.ca {
            inner.extend(encode::boolean(true));
        }
        if let Some(n) = bc.path_len {
            inner.extend(encode::uint_u64(n as u64));
        }
        exts.push(extension(
            oids::BASIC_CONSTRAINTS,
            p.critical.basic_constraints.unwrap_or(true),
            &tlv(0x30, &inner),
        ));
    }
    if !p.key_usage.is_empty() {
        let bits: Vec<usize> = p
            .key_usage
            .iter()
            .filter_map(|b| {
                profile::KEY_USAGE_BITS
                    .iter()
                    .find(|(n, _)| n == b)
                    .map(|(_, i)| *i)
            })
            .collect();
        exts.push(extension(
            oids::KEY_USAGE,
            p.critical.key_usage.unwrap_or(true),
            &encode::named_bits(&bits),
        ));
    }
    if !p.extended_key_usage.is_empty() {
        let purposes: Result<Vec<Vec<u8>>, _> = p
            .extended_key_usage
            .iter()
            .map(|e| {
                profile::eku_oid(e)
                    .ok_or_else(|| refuse(format!("unknown EKU {e}")))
                    .and_then(|o| oid(&o).map_err(|e| refuse(e.to_string())))
            })
            .collect();
        exts.push(extension(
            oids::EXT_KEY_USAGE,
            p.critical.extended_key_usage.unwrap_or(false),
            &seq_of(&purposes?),
        ));
    }
    if !p.policies.is_empty() {
        let mut infos = Vec::new();
        for pol in &p.policies {
            let id = oid(&pol.oid).map_err(|e| refuse(e.to_string()))?;
            infos.push(match &pol.cps {
                Some(cps) => {
                    let q = seq(&[&encode::oid_of(oids::QT_CPS), &encode::ia5(cps)]);
                    seq(&[&id, &seq(&[&q])])
                }
                None => seq(&[&id]),
            });
        }
        exts.push(extension(
            oids::CERTIFICATE_POLICIES,
            p.critical.certificate_policies.unwrap_or(false),
            &seq_of(&infos),
        ));
    }
    if !p.crl_urls.is_empty() {
        let part = crate::crl::partition_of(&cert::hex_upper(serial), p.crl_partitions).to_string();
        let names: Vec<u8> = p
            .crl_urls
            .iter()
            .flat_map(|u| uri(&u.replace("{partition}", &part)))
            .collect();
        // DistributionPoint { distributionPoint [0] { fullName [0] GeneralNames } }
        let dp = seq(&[&explicit(0, &implicit(0, true, &names))]);
        exts.push(extension(
            oids::CRL_DISTRIBUTION_POINTS,
            p.critical.crl_distribution_points.unwrap_or(false),
            &seq(&[&dp]),
        ));
    }
    if !p.ca_issuers_urls.is_empty() || !p.ocsp_urls.is_empty() {
        let mut ads = Vec::new();
        for u in &p.ocsp_urls {
            ads.push(seq(&[&encode::oid_of(oids::AD_OCSP), &uri(u)]));
        }
        for u in &p.ca_issuers_urls {
            ads.push(seq(&[&encode::oid_of(oids::AD_CA_ISSUERS), &uri(u)]));
        }
        exts.push(extension(
            oids::AUTHORITY_INFO_ACCESS,
            p.critical.authority_info_access.unwrap_or(false),
            &seq_of(&ads),
        ));
    }
    exts.push(extension(
        oids::SUBJECT_KEY_IDENTIFIER,
        false,
        &octet_string(&ski),
    ));
    let self_signed = p.kind == Kind::Root;
    // A root's AKI repeats its own SKI (TLS BR 7.1.2.1.3 recommends it); others name the issuer's key.
    let kid = if self_signed {
        Some(ski)
    } else {
        issuer.key_id
    };
    let kid = kid.ok_or_else(|| refuse("the issuer has no subjectKeyIdentifier"))?;
    exts.push(extension(
        oids::AUTHORITY_KEY_IDENTIFIER,
        false,
        &seq(&[&implicit(0, false, &kid)]),
    ));
    if !req.sans.is_empty() {
        let names: Result<Vec<Vec<u8>>, _> = req.sans.iter().map(general_name_san).collect();
        // RFC 5280 4.2.1.6: critical when the subject is empty.
        exts.push(extension(
            oids::SUBJECT_ALT_NAME,
            subject_empty,
            &seq_of(&names?),
        ));
    }
    if let Some(nc) = &p.name_constraints {
        let mut subtrees: Vec<Vec<u8>> = Vec::new();
        for e in &nc.email {
            subtrees.push(seq(&[&implicit(1, false, e.as_bytes())]));
        }
        for d in &nc.dns {
            subtrees.push(seq(&[&implicit(2, false, d.as_bytes())]));
        }
        exts.push(extension(
            oids::NAME_CONSTRAINTS,
            p.critical.name_constraints.unwrap_or(true),
            &seq(&[&implicit(0, true, &subtrees.concat())]),
        ));
    }
    if p.ocsp_no_check {
        exts.push(extension(
            oids::OCSP_NO_CHECK,
            p.critical.ocsp_no_check.unwrap_or(false),
            &encode::null(),
        ));
    }

    let not_after = not_before + p.validity.days as i64 * 86_400 - 1;
    let issuer_name: &[u8] = if self_signed {
        &subject
    } else {
        issuer.name_der
    };
    Ok(seq(&[
        &explicit(0, &encode::uint_u64(2)),
        &encode::uint(serial),
        issuer.signature_algorithm_der,
        issuer_name,
        &seq(&[&encode::time(not_before), &encode::time(not_after)]),
        &subject,
        &req.spki_der,
        &explicit(3, &seq_of(&exts)),
    ]))
}

/// Wraps a TBS into a Certificate with the given signature.
pub fn assemble(tbs: &[u8], signature_algorithm_der: &[u8], signature: &[u8]) -> Vec<u8> {
    seq(&[tbs, signature_algorithm_der, &encode::bit_string(signature)])
}
