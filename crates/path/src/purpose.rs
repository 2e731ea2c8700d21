//! What the relying party asks beyond RFC 5280 6.1: the extended key usage
//! for the purpose, the peer name, and, for the TLS and S/MIME purposes,
//! the profile rules of RFC 5280 section 4 and the Baseline Requirements
//! that browsers and mail clients enforce on every certificate of the
//! chain (key types and sizes, signature algorithms, serial numbers, key
//! identifiers, basicConstraints, SAN syntax). The `any` purpose applies
//! none of these: it is RFC 5280 6.1 alone.

use cert::ext::ExtValue;
use cert::key::{Curve, PublicKey};
use cert::{Certificate, GeneralName, KeyUsageBit, Oid, Version, oids};

use crate::error::Error;
use crate::names::{dns_matches, ip_text, is_valid_dns_name};
use crate::validate::is_self_issued;
use crate::{Options, PeerName, Purpose};

fn profile(message: impl Into<String>, section: &'static str) -> Error {
    Error::Profile {
        message: message.into(),
        section,
    }
}

/// The EKU a purpose needs.
fn purpose_eku(p: Purpose) -> Option<Oid<'static>> {
    match p {
        Purpose::Any => None,
        Purpose::Tls => Some(oids::KP_SERVER_AUTH),
        Purpose::Smime => Some(oids::KP_EMAIL_PROTECTION),
    }
}

/// Where a certificate stands in the path being checked.
#[derive(Clone, Copy, Debug)]
pub struct Place {
    /// Position: 0 is the end-entity certificate.
    pub pos: usize,
    /// Whether it is the trust anchor.
    pub anchor: bool,
    /// Whether it is self-signed (self-issued, and its own key verifies it).
    pub self_signed: bool,
}

impl Place {
    /// The place of `path[pos]` (end entity first, anchor last). Below the
    /// anchor, a certificate is self-signed when it is self-issued and its
    /// issuer in the path has the same key (whose signature the builder
    /// verified); only the anchor's self-signature needs checking here.
    pub fn of(path: &[&Certificate<'_>], pos: usize) -> Place {
        let c = path[pos];
        let anchor = pos + 1 == path.len();
        let self_signed = is_self_issued(c)
            && match path.get(pos + 1) {
                Some(issuer) => issuer.spki.raw == c.spki.raw,
                None => cert::verify::verify_certificate(c, &c.spki).is_ok(),
            };
        Place {
            pos,
            anchor,
            self_signed,
        }
    }
}

/// Rules on one certificate of the path at `place`.
pub fn check_certificate(c: &Certificate<'_>, place: Place, opts: &Options) -> Result<(), Error> {
    let Place {
        pos,
        anchor,
        self_signed,
    } = place;
    let webpki = opts.purpose != Purpose::Any;
    // The certificate validated is an end entity, unless it is a CA
    // certificate and no peer name is asked: then the question is whether
    // the CA is valid for the purpose (a root program's question about a
    // subordinate CA), and the CA rules apply to it. A certificate presented
    // for a name is used as an end entity, and a CA there is refused.
    let end_entity = pos == 0 && !(c.is_ca() && opts.name.is_none());
    if webpki || opts.rfc5280_conformance {
        conformance(c, end_entity, anchor, self_signed, webpki)?;
    }
    if webpki {
        baseline(
            c,
            end_entity,
            anchor,
            self_signed,
            opts.purpose == Purpose::Tls,
        )?;
    }
    Ok(())
}

/// RFC 5280 section 4 requirements on what CAs issue, which a strict
/// relying party enforces: serial numbers, names, key identifiers,
/// criticality, name syntax. `webpki` relaxes the one point where the
/// Baseline Requirements make an explicit exception (nameConstraints MAY be
/// non-critical, TLS BR 7.1.2.10.8, S/MIME BR 7.1.2.2 (g)).
fn conformance(
    c: &Certificate<'_>,
    leaf: bool,
    anchor: bool,
    self_signed: bool,
    webpki: bool,
) -> Result<(), Error> {
    // A trust anchor's own serial number is not relied upon (RFC 5280
    // 6.1.1 (d): its name and key are), so long-trusted roots with serial 0
    // still anchor paths.
    if !anchor {
        serial(c.serial)?;
    }
    if c.subject.is_empty() && !leaf {
        return Err(profile(
            "a CA certificate with an empty subject",
            "RFC 5280 4.1.2.6",
        ));
    }
    if c.issuer.is_empty() {
        return Err(profile("empty issuer name", "RFC 5280 4.1.2.4"));
    }
    // Key identifiers (4.2.1.1, 4.2.1.2), the anchor's too: a trusted
    // certificate that is not self-signed came from a CA like any other.
    match c.extension(oids::AUTHORITY_KEY_IDENTIFIER) {
        Some(e) if e.critical => {
            return Err(profile(
                "authorityKeyIdentifier is critical",
                "RFC 5280 4.2.1.1",
            ));
        }
        None if !self_signed => {
            return Err(profile(
                "authorityKeyIdentifier is missing from a certificate that is not self-signed",
                "RFC 5280 4.2.1.1",
            ));
        }
        _ => {}
    }
    match c.extension(oids::SUBJECT_KEY_IDENTIFIER) {
        Some(e) if e.critical => {
            return Err(profile(
                "subjectKeyIdentifier is critical",
                "RFC 5280 4.2.1.2",
            ));
        }
        None if !leaf => {
            return Err(profile(
                "subjectKeyIdentifier is missing from a CA certificate",
                "RFC 5280 4.2.1.2",
            ));
        }
        _ => {}
    }
    if let (Some(e), Some(b)) = (c.extension(oids::BASIC_CONSTRAINTS), c.basic_constraints())
        && !leaf
        && b.ca
        && !e.critical
    {
        return Err(profile(
            "basicConstraints is not critical in a CA certificate",
            "RFC 5280 4.2.1.9, TLS BR 7.1.2.1.4, 7.1.2.10.4",
        ));
    }
    let ca = c.basic_constraints().is_some_and(|b| b.ca);
    if !ca
        && c.key_usage()
            .is_some_and(|k| k.has(KeyUsageBit::KeyCertSign))
    {
        return Err(profile(
            "keyUsage keyCertSign in a certificate that is not a CA",
            "RFC 5280 4.2.1.3",
        ));
    }
    if let Some(e) = c.extension(oids::NAME_CONSTRAINTS) {
        if leaf && !ca {
            return Err(profile(
                "nameConstraints in an end-entity certificate",
                "RFC 5280 4.2.1.10",
            ));
        }
        if !e.critical && !webpki {
            return Err(profile(
                "nameConstraints is not critical",
                "RFC 5280 4.2.1.10",
            ));
        }
    }
    if c.extension(oids::POLICY_CONSTRAINTS)
        .is_some_and(|e| !e.critical)
    {
        return Err(profile(
            "policyConstraints is not critical",
            "RFC 5280 4.2.1.11",
        ));
    }
    if let Some(ExtValue::InfoAccess(list)) = c.ext_value(oids::AUTHORITY_INFO_ACCESS)
        && list.is_empty()
    {
        return Err(profile(
            "authorityInformationAccess holds no AccessDescription",
            "RFC 5280 4.2.2.1 (SIZE (1..MAX))",
        ));
    }
    match c.extension(oids::SUBJECT_ALT_NAME) {
        None if leaf && c.subject.is_empty() => {
            return Err(profile(
                "empty subject and no subjectAltName",
                "RFC 5280 4.2.1.6",
            ));
        }
        Some(e) if e.critical && !c.subject.is_empty() => {
            return Err(profile(
                "subjectAltName is critical although the subject is not empty",
                "RFC 5280 4.2.1.6, TLS BR 7.1.2.7.12",
            ));
        }
        Some(e) if !e.critical && c.subject.is_empty() => {
            return Err(profile(
                "subjectAltName is not critical although the subject is empty",
                "RFC 5280 4.2.1.6",
            ));
        }
        _ => {}
    }
    for n in c.subject_alt_names().unwrap_or(&[]) {
        if let GeneralName::Dns(d) = n {
            dns_syntax(d)?;
        }
    }
    Ok(())
}

/// What the TLS and S/MIME Baseline Requirements ask of every certificate
/// of a chain that relying parties check: version 3, key types and sizes,
/// signature algorithms, a root's key identifier form and missing EKU, an
/// end entity that is not a CA and has a non-critical EKU without
/// anyExtendedKeyUsage, and for TLS a subjectAltName with the common name
/// copied from it.
fn baseline(
    c: &Certificate<'_>,
    leaf: bool,
    anchor: bool,
    self_signed: bool,
    tls: bool,
) -> Result<(), Error> {
    if c.version != Version::V3 {
        return Err(profile(
            "not a version 3 certificate",
            "TLS BR 7.1.1, S/MIME BR 7.1.1",
        ));
    }
    key(c, tls)?;
    // A trust anchor's self-signature is not relied upon, so roots with a
    // SHA-1 self-signature still anchor paths.
    if !anchor {
        signature_algorithm(c)?;
    }
    if anchor && self_signed {
        if c.extension(oids::AUTHORITY_KEY_IDENTIFIER).is_some() {
            // TLS BR 7.1.2.1.3: a root's AKI, if present, holds only the
            // keyIdentifier, equal to its subjectKeyIdentifier.
            let ok = c.authority_key_id().is_some_and(|a| {
                a.issuer.is_none()
                    && a.serial.is_none()
                    && a.key_id.is_some()
                    && a.key_id == c.subject_key_id()
            });
            if !ok {
                return Err(profile(
                    "a root's authorityKeyIdentifier must hold only a keyIdentifier equal to its subjectKeyIdentifier",
                    "TLS BR 7.1.2.1.3",
                ));
            }
        }
        if c.extension(oids::EXT_KEY_USAGE).is_some() {
            return Err(profile(
                "a root certificate carries extKeyUsage",
                "TLS BR 7.1.2.1.2, S/MIME BR 7.1.2.1",
            ));
        }
    }
    if !leaf {
        return Ok(());
    }
    let eku_section = if tls {
        "TLS BR 7.1.2.7.10"
    } else {
        "S/MIME BR 7.1.2.3 (f)"
    };
    if c.basic_constraints().is_some_and(|b| b.ca) {
        return Err(profile(
            "the end-entity certificate is a CA certificate (basicConstraints cA TRUE)",
            "TLS BR 7.1.2.7.8, S/MIME BR 7.1.2.3 (d)",
        ));
    }
    let Some(e) = c.extension(oids::EXT_KEY_USAGE) else {
        return Err(profile(
            "the end-entity certificate has no extKeyUsage",
            eku_section,
        ));
    };
    if e.critical {
        return Err(profile(
            "extKeyUsage is critical in the end-entity certificate",
            eku_section,
        ));
    }
    if c.ext_key_usage()
        .is_some_and(|l| l.contains(&oids::ANY_EXTENDED_KEY_USAGE))
    {
        return Err(profile(
            "anyExtendedKeyUsage in the end-entity certificate",
            eku_section,
        ));
    }
    if tls {
        tls_names(c)?;
    }
    Ok(())
}

/// TLS BR 7.1.2.7.12, 3.2.2.6 and 7.1.4.3 on the subscriber's names: a
/// subjectAltName; no wildcard directly above a public suffix (the Public
/// Suffix List, both sections, `lint::psl`); each
/// commonName a character-for-character copy of a dNSName, or an IP
/// address SAN in its canonical text form (dotted decimal, RFC 5952).
fn tls_names(c: &Certificate<'_>) -> Result<(), Error> {
    let Some(sans) = c.subject_alt_names() else {
        return Err(profile(
            "the end-entity certificate has no subjectAltName",
            "TLS BR 7.1.2.7.12",
        ));
    };
    for n in sans {
        if let GeneralName::Dns(d) = n
            && let Some(base) = d.strip_prefix(b"*.")
            && lint::psl::is_public_suffix(&String::from_utf8_lossy(base))
        {
            return Err(profile(
                format!(
                    "wildcard dNSName \"{}\" is directly above a public suffix",
                    String::from_utf8_lossy(d)
                ),
                "TLS BR 3.2.2.6, 7.1.2.7.12",
            ));
        }
    }
    for cn in c.subject.find(oids::COMMON_NAME) {
        let text = cn.text().unwrap_or_default();
        let copied = sans.iter().any(|n| match n {
            GeneralName::Dns(d) => *d == text.as_bytes(),
            GeneralName::Ip(a) => ip_text(a) == text,
            _ => false,
        });
        if !copied {
            return Err(profile(
                format!("commonName \"{text}\" is not a copy of a subjectAltName value"),
                "TLS BR 7.1.4.3, 7.1.2.7.2",
            ));
        }
    }
    Ok(())
}

/// RFC 5280 4.1.2.2: positive, at most 20 octets.
fn serial(s: &[u8]) -> Result<(), Error> {
    let section = "RFC 5280 4.1.2.2, TLS BR 7.1.2.7, S/MIME BR 7.1";
    if s.first().is_some_and(|b| b & 0x80 != 0) {
        return Err(profile("negative serial number", section));
    }
    if s.iter().all(|&b| b == 0) {
        return Err(profile("serial number zero", section));
    }
    let magnitude = s.strip_prefix(&[0]).unwrap_or(s);
    if magnitude.len() > 20 {
        return Err(profile(
            format!("serial number of {} octets (at most 20)", magnitude.len()),
            section,
        ));
    }
    Ok(())
}

/// TLS BR 6.1.5 and 7.1.3.1; S/MIME BR 6.1.5 and 7.1.3.1.
fn key(c: &Certificate<'_>, tls: bool) -> Result<(), Error> {
    let section = if tls {
        "TLS BR 6.1.5, 7.1.3.1"
    } else {
        "S/MIME BR 6.1.5, 7.1.3.1"
    };
    match c.spki.key() {
        PublicKey::Rsa { modulus_bits, .. } => {
            if modulus_bits < 2048 {
                return Err(profile(
                    format!("RSA key of {modulus_bits} bits (at least 2048)"),
                    section,
                ));
            }
            if modulus_bits % 8 != 0 {
                return Err(profile(
                    format!("RSA modulus of {modulus_bits} bits is not a whole number of octets"),
                    section,
                ));
            }
            Ok(())
        }
        PublicKey::Ec {
            curve: Some(Curve::P256 | Curve::P384 | Curve::P521),
        } => Ok(()),
        PublicKey::Ed25519 if !tls => Ok(()),
        other => Err(profile(
            format!("{} key not allowed", other.describe()),
            section,
        )),
    }
}

/// TLS BR 7.1.3.2; S/MIME BR 7.1.3.2: SHA-2 with RSA (PKCS#1 v1.5 or PSS)
/// or ECDSA, or Ed25519 for S/MIME.
fn signature_algorithm(c: &Certificate<'_>) -> Result<(), Error> {
    let alg = c.signature_algorithm.oid;
    let allowed = [
        oids::SHA256_WITH_RSA,
        oids::SHA384_WITH_RSA,
        oids::SHA512_WITH_RSA,
        oids::RSASSA_PSS,
        oids::ECDSA_WITH_SHA256,
        oids::ECDSA_WITH_SHA384,
        oids::ECDSA_WITH_SHA512,
        oids::ED25519,
    ];
    if allowed.contains(&alg) {
        Ok(())
    } else {
        Err(profile(
            format!(
                "signature algorithm {} not allowed",
                alg.name().map_or_else(|| alg.to_string(), str::to_string)
            ),
            "TLS BR 7.1.3.2, S/MIME BR 7.1.3.2",
        ))
    }
}

/// RFC 5280 4.2.1.6: a dNSName is in the preferred name syntax of RFC
/// 1034 3.5 as RFC 1123 2.1 amends it (no underscores, no IP address: a
/// top-level label is not all digits), with at most a wildcard as the whole
/// leftmost label, which RFC 5280 leaves to the application and RFC 9525
/// 6.3 defines.
fn dns_syntax(d: &[u8]) -> Result<(), Error> {
    let section = "RFC 5280 4.2.1.6, TLS BR 7.1.2.7.12";
    let text = String::from_utf8_lossy(d);
    if !is_valid_dns_name(d, true) {
        return Err(profile(
            format!(
                "dNSName \"{text}\" is not a host name in preferred syntax (or a leftmost-label wildcard)"
            ),
            section,
        ));
    }
    if d.rsplit(|&b| b == b'.')
        .next()
        .is_some_and(|l| l.iter().all(u8::is_ascii_digit))
    {
        return Err(profile(
            format!("dNSName \"{text}\" is an IP address (its last label is numeric)"),
            section,
        ));
    }
    Ok(())
}

/// Rules across the path: extended key usage for the purpose (the end
/// entity's, and any intermediate's, which browsers treat as a limit),
/// required key usages, the peer name. Errors carry the position.
pub fn check_path(path: &[&Certificate<'_>], opts: &Options) -> Result<(), (usize, Error)> {
    let leaf = path[0];
    let mut wanted: Vec<Oid<'_>> = Vec::new();
    if let Some(p) = purpose_eku(opts.purpose) {
        wanted.push(p);
    }
    for e in &opts.required_ekus {
        wanted.push(Oid::new(e));
    }
    let describe = |l: Option<&[Oid<'_>]>| match l {
        Some(l) => l
            .iter()
            .map(|o| o.name().map_or_else(|| o.to_string(), str::to_string))
            .collect::<Vec<_>>()
            .join(", "),
        None => "no extKeyUsage".into(),
    };
    for w in &wanted {
        let name = w.name().map_or_else(|| w.to_string(), str::to_string);
        // The end entity: EKU absent means any purpose (RFC 5280 4.2.1.12),
        // except that the TLS and S/MIME purposes require it (checked per
        // certificate above).
        if let Some(list) = leaf.ext_key_usage()
            && !list.contains(w)
            && !list.contains(&oids::ANY_EXTENDED_KEY_USAGE)
        {
            return Err((
                0,
                Error::WrongPurpose {
                    purpose: name,
                    detail: describe(Some(list)),
                },
            ));
        }
        if opts.purpose != Purpose::Any {
            for (pos, c) in path
                .iter()
                .enumerate()
                .skip(1)
                .take(path.len().saturating_sub(2))
            {
                if let Some(list) = c.ext_key_usage()
                    && !list.contains(w)
                    && !list.contains(&oids::ANY_EXTENDED_KEY_USAGE)
                {
                    return Err((
                        pos,
                        Error::WrongPurpose {
                            purpose: format!(
                                "{name} (an intermediate's extKeyUsage limits the certificates beneath it)"
                            ),
                            detail: describe(Some(list)),
                        },
                    ));
                }
            }
        }
    }
    if let Some(ku) = leaf.key_usage() {
        for bit in &opts.required_key_usage {
            if !ku.has(*bit) {
                return Err((
                    0,
                    profile(
                        format!("keyUsage lacks {}", bit.name()),
                        "RFC 5280 4.2.1.3 (the relying party's required key usage)",
                    ),
                ));
            }
        }
    }
    if let Some(name) = &opts.name {
        peer_name(leaf, name).map_err(|e| (0, e))?;
    }
    Ok(())
}

/// The peer name against the end entity's subjectAltName (no fallback to
/// the common name: RFC 9525 6.3, TLS BR 7.1.4.3).
fn peer_name(c: &Certificate<'_>, name: &PeerName) -> Result<(), Error> {
    let sans = c.subject_alt_names().unwrap_or(&[]);
    let found = sans.iter().any(|n| match (name, n) {
        (PeerName::Dns(d), GeneralName::Dns(p)) => dns_matches(p, d),
        (PeerName::Ip(ip), GeneralName::Ip(a)) => match ip {
            std::net::IpAddr::V4(v4) => *a == v4.octets().as_slice(),
            std::net::IpAddr::V6(v6) => *a == v6.octets().as_slice(),
        },
        (PeerName::Email(e), GeneralName::Rfc822(p)) => email_matches(p, e),
        _ => false,
    });
    if found {
        return Ok(());
    }
    let listed: Vec<String> = sans
        .iter()
        .filter_map(|n| match n {
            GeneralName::Dns(d) => Some(format!("DNS:{}", String::from_utf8_lossy(d))),
            GeneralName::Ip(a) => Some(format!("IP:{}", ip_text(a))),
            GeneralName::Rfc822(e) => Some(format!("email:{}", String::from_utf8_lossy(e))),
            _ => None,
        })
        .collect();
    Err(Error::NameMismatch {
        name: name.to_string(),
        detail: if listed.is_empty() {
            "it has no subjectAltName of that type".into()
        } else {
            format!("its subjectAltName holds {}", listed.join(", "))
        },
    })
}

/// rfc822Name matching: the local part exactly, the domain ignoring ASCII
/// case (RFC 5280 4.2.1.6, RFC 5321 2.4).
fn email_matches(presented: &[u8], reference: &str) -> bool {
    let (Some(pa), Some(ra)) = (
        presented.iter().rposition(|&b| b == b'@'),
        reference.rfind('@'),
    ) else {
        return false;
    };
    let reference = reference.as_bytes();
    presented[..pa] == reference[..ra]
        && presented[pa + 1..].eq_ignore_ascii_case(&reference[ra + 1..])
}
