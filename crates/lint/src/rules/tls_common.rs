//! TLS Baseline Requirements rules common to every TLS certificate type:
//! serial number entropy and version (TLS BR 7.1.1 and the 7.1.2.x profile
//! tables; "less than 2^159" is the 20-octet limit rfc5280.serial.too_long
//! reports), keys and algorithm encodings (6.1.5, 6.1.6, 7.1.3), name
//! encoding (7.1.4.1, 7.1.4.2), authorityKeyIdentifier (7.1.2.11.1), the form
//! of cRLDistributionPoints (7.1.2.11.2) and of the Signed Certificate
//! Timestamp List (7.1.2.11.3).
//!
//! Which extensions each profile must or must not carry is in `tls_ca` (CA
//! and OCSP responder profiles) and `tls_subscriber`.

use cert::der::tag;
use cert::dns::LabelProblem;
use cert::ext::ExtValue;
use cert::{AlgorithmIdentifier, Certificate, Curve, GeneralName, Oid, PublicKey, oids};

use crate::finding::Severity;
use crate::profile::Profile;
use crate::rule::{Ctx, Out, Rule};
use crate::rules::keys::{
    SIG_ECDSA_P256, SIG_ECDSA_P384, SIG_ECDSA_P521, SIG_RSA, SIG_RSA_SHA1, SPKI_P256, SPKI_P384,
    SPKI_P521, SPKI_RSA, eq_hex, hex,
};

// ----- domain names for the CA rules -----

pub(crate) use crate::rules::general_names::has_public_tld;

/// Why `s` is not a domain name of LDH labels (TLS BR 1.6.1 "Domain Name",
/// "LDH Label"), if it is not.
pub(crate) fn ldh_problem(s: &str) -> Option<String> {
    if s.is_empty() {
        return Some("is empty".into());
    }
    if !s.is_ascii() {
        return Some("contains non-ASCII characters".into());
    }
    if s.len() > 253 {
        return Some("is longer than 253 characters".into());
    }
    let (label, problem) = cert::dns::first_bad_label(s.as_bytes())?;
    // `s` is ASCII, so every label is text.
    let label = String::from_utf8_lossy(label);
    Some(match problem {
        LabelProblem::Empty => "has an empty label".into(),
        LabelProblem::TooLong => format!("has label \"{label}\" longer than 63 characters"),
        LabelProblem::NotLdh => format!(
            "has label \"{}\" with characters other than letters, digits and hyphens",
            label.escape_debug()
        ),
        LabelProblem::Hyphen => format!("has label \"{label}\" starting or ending with a hyphen"),
        other => format!("has {other}: \"{}\"", label.escape_debug()),
    })
}

/// Whether a name ending in `.onion` is not a version 3 onion address
/// (56 base32 characters, TLS BR Appendix B); false for other names.
pub(crate) fn onion_not_v3(domain: &str) -> bool {
    let d = domain.to_ascii_lowercase();
    let Some(rest) = d.strip_suffix(".onion") else {
        return false;
    };
    let label = rest.rsplit('.').next().unwrap_or(rest);
    label.len() != 56
        || !label
            .bytes()
            .all(|c| matches!(c, b'a'..=b'z' | b'2'..=b'7'))
}

// ----- scopes shared with the other TLS rule files -----

/// Every TLS profile.
pub(crate) fn tls(p: Profile) -> bool {
    p.is_tls()
}

/// TLS root and subordinate CA profiles.
pub(crate) fn tls_ca(p: Profile) -> bool {
    matches!(p, Profile::TlsRoot | Profile::TlsSubCa { .. })
}

/// TLS CA profiles and the OCSP responder profile (whose subject and
/// policies follow the CA rules, TLS BR 7.1.2.8).
pub(crate) fn tls_ca_or_ocsp(p: Profile) -> bool {
    tls_ca(p) || p == Profile::OcspResponder
}

/// Name of an OID for messages: its known name, else dotted form.
pub(crate) fn oid_name(o: Oid<'_>) -> String {
    o.name().map(str::to_owned).unwrap_or_else(|| o.to_string())
}

// ----- version and serial number -----

fn version(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ctx.cert.version != cert::Version::V3 {
        out.emit(
            "tbsCertificate.version",
            format!("version is {}; TLS BR 7.1.1 requires v3", ctx.cert.version),
        );
    }
}

/// The serial number's magnitude octets (content without leading zero octets),
/// or None when it is negative.
fn serial_magnitude<'a>(c: &Certificate<'a>) -> Option<&'a [u8]> {
    let s = c.serial;
    if s.first().is_some_and(|b| b & 0x80 != 0) {
        return None;
    }
    let start = s.iter().position(|&b| b != 0).unwrap_or(s.len());
    Some(&s[start..])
}

fn bit_len(magnitude: &[u8]) -> usize {
    match magnitude.first() {
        None => 0,
        Some(&b) => magnitude.len() * 8 - b.leading_zeros() as usize,
    }
}

fn serial_low_entropy(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    // 64 bits of CSPRNG output cannot be shown from the value, but a serial
    // number of fewer than 64 bits cannot contain them.
    if let Some(m) = serial_magnitude(ctx.cert) {
        let bits = bit_len(m);
        if bits > 0 && bits < 64 {
            out.emit(
                "tbsCertificate.serialNumber",
                format!(
                    "serialNumber {} has only {bits} bits, too few to contain the 64 bits of CSPRNG output the TLS BR 7.1.2 profiles require",
                    ctx.cert.serial_hex()
                ),
            );
        }
    }
}

// ----- keys and algorithms -----

fn spki_encoding(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let raw = ctx.cert.spki.algorithm.raw;
    if ![SPKI_RSA, SPKI_P256, SPKI_P384, SPKI_P521]
        .iter()
        .any(|h| eq_hex(raw, h))
    {
        out.emit(
            "subjectPublicKeyInfo.algorithm",
            format!(
                "subjectPublicKeyInfo algorithm {} is not one of the encodings TLS BR 7.1.3.1 permits (RSA, or ECDSA on P-256, P-384 or P-521)",
                hex(raw)
            ),
        );
    }
}

fn permitted_signature(raw: &[u8]) -> bool {
    SIG_RSA
        .iter()
        .chain([SIG_ECDSA_P256, SIG_ECDSA_P384, SIG_ECDSA_P521].iter())
        .any(|h| eq_hex(raw, h))
}

fn fields<'c>(c: &'c Certificate<'c>) -> [(&'static str, &'c AlgorithmIdentifier<'c>); 2] {
    [
        ("tbsCertificate.signature", &c.tbs_signature),
        ("signatureAlgorithm", &c.signature_algorithm),
    ]
}

fn signature_encoding(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (loc, alg) in fields(ctx.cert) {
        if permitted_signature(alg.raw) {
            continue;
        }
        let note = if eq_hex(alg.raw, SIG_RSA_SHA1) {
            " (RSASSA-PKCS1-v1_5 with SHA-1 is tolerated only for narrowly defined reissued root and cross certificates until 2026-09-15)"
        } else {
            ""
        };
        out.emit(
            loc,
            format!(
                "signature AlgorithmIdentifier {} is not one of the encodings TLS BR 7.1.3.2 permits{note}",
                hex(alg.raw)
            ),
        );
    }
}

/// The signer's public key: the issuer's when given, the certificate's own
/// when it is self-issued.
fn signer_key(ctx: &Ctx<'_>) -> Option<PublicKey> {
    match ctx.issuer {
        Some(i) => Some(i.spki.key()),
        None if ctx.cert.is_self_issued() => Some(ctx.key.clone()),
        None => None,
    }
}

fn signature_matches_key(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(signer) = signer_key(ctx) else {
        return;
    };
    let allowed: &[&str] = match signer {
        PublicKey::Rsa { pss: false, .. } => &SIG_RSA,
        PublicKey::Ec {
            curve: Some(Curve::P256),
        } => &[SIG_ECDSA_P256],
        PublicKey::Ec {
            curve: Some(Curve::P384),
        } => &[SIG_ECDSA_P384],
        PublicKey::Ec {
            curve: Some(Curve::P521),
        } => &[SIG_ECDSA_P521],
        _ => return,
    };
    let alg = &ctx.cert.signature_algorithm;
    // Only permitted encodings are compared here; others are reported by
    // tls.signature_algorithm.encoding_not_permitted.
    if permitted_signature(alg.raw) && !allowed.iter().any(|h| eq_hex(alg.raw, h)) {
        out.emit(
            "signatureAlgorithm",
            format!(
                "signature algorithm {} does not match the signing key ({}); TLS BR 7.1.3.2 ties the algorithm to the key",
                hex(alg.raw),
                signer.describe()
            ),
        );
    }
}

fn rsa_modulus(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let PublicKey::Rsa { modulus_bits, .. } = ctx.key
        && (modulus_bits < 2048 || !modulus_bits.is_multiple_of(8))
    {
        out.emit(
                "subjectPublicKeyInfo.subjectPublicKey",
                format!(
                    "RSA modulus of {modulus_bits} bits; TLS BR 6.1.5 requires at least 2048 bits and a multiple of 8"
                ),
            );
    }
}

fn rsa_exponent(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let PublicKey::Rsa {
        exponent: Some(e), ..
    } = ctx.key
        && (e < 3 || e.is_multiple_of(2))
    {
        out.emit(
            "subjectPublicKeyInfo.subjectPublicKey",
            format!("RSA public exponent {e}; TLS BR 6.1.6 requires an odd number of 3 or more"),
        );
    }
}

fn rsa_exponent_range(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    // An exponent too large for u64 is still below 2^256 only if it has at
    // most 256 bits; rootward keeps only u64 exponents, so larger ones are
    // not judged here.
    if let PublicKey::Rsa {
        exponent: Some(e), ..
    } = ctx.key
        && e < 65537
    {
        out.emit(
            "subjectPublicKeyInfo.subjectPublicKey",
            format!(
                "RSA public exponent {e} is below 2^16+1, outside the range TLS BR 6.1.6 recommends"
            ),
        );
    }
}

// ----- names (TLS BR 7.1.4) -----

/// The attributes of TLS BR 7.1.4.2's ordered table, in order, with their
/// names and maximum lengths in characters.
const ORDERED: [(Oid<'static>, &str, usize); 11] = [
    (oids::DOMAIN_COMPONENT, "domainComponent", 63),
    (oids::COUNTRY_NAME, "countryName", 2),
    (oids::STATE_OR_PROVINCE_NAME, "stateOrProvinceName", 128),
    (oids::LOCALITY_NAME, "localityName", 128),
    (oids::POSTAL_CODE, "postalCode", 40),
    (oids::STREET_ADDRESS, "streetAddress", 128),
    (oids::ORGANIZATION_NAME, "organizationName", 64),
    (oids::SURNAME, "surname", 64),
    (oids::GIVEN_NAME, "givenName", 64),
    (oids::ORGANIZATIONAL_UNIT_NAME, "organizationalUnitName", 64),
    (oids::COMMON_NAME, "commonName", 64),
];

/// The attributes of TLS BR 7.1.4.2's second (unordered) table.
const UNORDERED: [(Oid<'static>, &str, usize); 6] = [
    (oids::BUSINESS_CATEGORY, "businessCategory", 128),
    (oids::JURISDICTION_COUNTRY, "jurisdictionCountryName", 2),
    (
        oids::JURISDICTION_STATE,
        "jurisdictionStateOrProvinceName",
        128,
    ),
    (oids::JURISDICTION_LOCALITY, "jurisdictionLocalityName", 128),
    (oids::SERIAL_NUMBER, "serialNumber", 64),
    (
        oids::ORGANIZATION_IDENTIFIER,
        "organizationIdentifier",
        usize::MAX,
    ),
];

fn table_entry(o: Oid<'_>) -> Option<(&'static str, usize)> {
    ORDERED
        .iter()
        .chain(UNORDERED.iter())
        .find(|(t, _, _)| *t == o)
        .map(|&(_, n, l)| (n, l))
}

/// The string types TLS BR 7.1.4.2 permits for an attribute, if it lists it.
fn permitted_tags(o: Oid<'_>) -> Option<&'static [u8]> {
    const PS: &[u8] = &[tag::PRINTABLE_STRING];
    const DS: &[u8] = &[tag::UTF8_STRING, tag::PRINTABLE_STRING];
    const IA5: &[u8] = &[tag::IA5_STRING];
    Some(match o {
        oids::DOMAIN_COMPONENT => IA5,
        oids::COUNTRY_NAME | oids::JURISDICTION_COUNTRY | oids::SERIAL_NUMBER => PS,
        _ if table_entry(o).is_some() => DS,
        _ => return None,
    })
}

fn subject_loc(i: usize, a: &cert::name::Attribute<'_>) -> String {
    format!(
        "subject.rdnSequence[{i}].{}",
        a.oid
            .short_name()
            .map(str::to_owned)
            .unwrap_or_else(|| a.oid.to_string())
    )
}

fn multi_valued_rdn(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (i, rdn) in ctx.cert.subject.rdns.iter().enumerate() {
        if rdn.attrs.len() > 1 {
            let types: Vec<String> = rdn.attrs.iter().map(|a| oid_name(a.oid)).collect();
            out.emit(
                format!("subject.rdnSequence[{i}]"),
                format!(
                    "RDN {i} holds {} attributes ({}); TLS BR 7.1.4.1 requires exactly one per RDN",
                    rdn.attrs.len(),
                    types.join(", ")
                ),
            );
        }
    }
}

fn rdn_order(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let mut last: Option<(usize, &str)> = None;
    for (i, rdn) in ctx.cert.subject.rdns.iter().enumerate() {
        for a in &rdn.attrs {
            let Some(pos) = ORDERED.iter().position(|(o, _, _)| *o == a.oid) else {
                continue;
            };
            let name = ORDERED[pos].1;
            if let Some((lp, lname)) = last
                && pos < lp
            {
                out.emit(
                        subject_loc(i, a),
                        format!(
                            "{name} is encoded after {lname}; TLS BR 7.1.4.2 orders {name} before {lname}"
                        ),
                    );
                continue;
            }
            last = Some((pos, name));
        }
    }
}

fn duplicate_attribute(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    // streetAddress (7.1.2.7.4, 7.1.2.10.2) and domainComponent (7.1.2.7.4,
    // one per Domain Label) may repeat.
    let mut seen: Vec<Oid<'_>> = Vec::new();
    let mut reported: Vec<Oid<'_>> = Vec::new();
    for a in ctx.cert.subject.attributes() {
        if a.oid == oids::STREET_ADDRESS || a.oid == oids::DOMAIN_COMPONENT {
            continue;
        }
        if seen.contains(&a.oid) {
            if !reported.contains(&a.oid) {
                reported.push(a.oid);
                out.emit(
                    "subject",
                    format!(
                        "subject contains more than one {}; TLS BR 7.1.4.1 permits one instance of each attribute type unless a profile allows more",
                        oid_name(a.oid)
                    ),
                );
            }
        } else {
            seen.push(a.oid);
        }
    }
}

fn attribute_encoding(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (i, rdn) in ctx.cert.subject.rdns.iter().enumerate() {
        for a in &rdn.attrs {
            let Some(ok) = permitted_tags(a.oid) else {
                continue;
            };
            if !ok.contains(&a.value.tag) {
                let want: Vec<String> = ok.iter().map(|t| tag::name(*t)).collect();
                out.emit(
                    subject_loc(i, a),
                    format!(
                        "{} is encoded as {}; TLS BR 7.1.4.2 requires {}",
                        oid_name(a.oid),
                        tag::name(a.value.tag),
                        want.join(" or ")
                    ),
                );
            }
        }
    }
}

/// Attributes whose TLS BR 7.1.4.2 maximum equals RFC 5280 Appendix A's
/// upper bound (ub-common-name, ub-organization-name, ...).
const RFC5280_SAME_BOUND: [Oid<'static>; 6] = [
    oids::COMMON_NAME,
    oids::ORGANIZATION_NAME,
    oids::ORGANIZATIONAL_UNIT_NAME,
    oids::LOCALITY_NAME,
    oids::STATE_OR_PROVINCE_NAME,
    oids::SERIAL_NUMBER,
];

fn attribute_length(ctx: &Ctx<'_>, out: &mut Out<'_>, want_dc: bool) {
    for (i, rdn) in ctx.cert.subject.rdns.iter().enumerate() {
        for a in &rdn.attrs {
            if (a.oid == oids::DOMAIN_COMPONENT) != want_dc {
                continue;
            }
            let Some((name, max)) = table_entry(a.oid) else {
                continue;
            };
            // Where RFC 5280 Appendix A sets the same bound, the
            // rfc5280.subject.*_too_long rules report it.
            if RFC5280_SAME_BOUND.contains(&a.oid) {
                continue;
            }
            let Some(text) = a.text() else {
                continue;
            };
            let n = text.chars().count();
            if n > max {
                out.emit(
                    subject_loc(i, a),
                    format!("{name} has {n} characters; TLS BR 7.1.4.2 allows at most {max}"),
                );
            }
        }
    }
}

fn attribute_too_long(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    attribute_length(ctx, out, false);
}

fn domain_component_too_long(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    attribute_length(ctx, out, true);
}

// ----- authorityKeyIdentifier (TLS BR 7.1.2.11.1, 7.1.2.1.3) -----

fn aki_key_id_absent(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    // RFC 5280 4.2.1.1 already requires keyIdentifier except in self-signed
    // certificates (rfc5280.authority_key_identifier.key_id_missing); the TLS
    // BRs require it there too (7.1.2.1.3).
    if !ctx.cert.is_self_issued() {
        return;
    }
    if let Some(aki) = ctx.cert.authority_key_id()
        && aki.key_id.is_none()
    {
        out.emit(
            "extensions.authorityKeyIdentifier",
            "authorityKeyIdentifier has no keyIdentifier, which TLS BR 7.1.2.1.3 requires of a self-issued CA certificate",
        );
    }
}

fn aki_issuer_serial(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let Some(aki) = ctx.cert.authority_key_id() {
        let mut present = Vec::new();
        if aki.issuer.is_some() {
            present.push("authorityCertIssuer");
        }
        if aki.serial.is_some() {
            present.push("authorityCertSerialNumber");
        }
        if !present.is_empty() {
            out.emit(
                "extensions.authorityKeyIdentifier",
                format!(
                    "authorityKeyIdentifier contains {}, which TLS BR 7.1.2.11.1 prohibits",
                    present.join(" and ")
                ),
            );
        }
    }
}

// ----- cRLDistributionPoints form (TLS BR 7.1.2.11.2) -----

fn crldp<'a>(ctx: &'a Ctx<'a>) -> Option<&'a [cert::ext::DistributionPoint<'a>]> {
    match ctx.cert.ext_value(oids::CRL_DISTRIBUTION_POINTS) {
        Some(ExtValue::CrlDistributionPoints(v)) => Some(v),
        _ => None,
    }
}

const CRLDP_LOC: &str = "extensions.cRLDistributionPoints";

fn crldp_prohibited_field(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (i, dp) in crldp(ctx).unwrap_or(&[]).iter().enumerate() {
        for (present, field) in [
            (dp.reasons.is_some(), "reasons"),
            (dp.crl_issuer.is_some(), "cRLIssuer"),
        ] {
            if present {
                out.emit(
                    format!("{CRLDP_LOC}[{i}].{field}"),
                    format!(
                        "DistributionPoint {i} contains {field}, which TLS BR 7.1.2.11.2 prohibits"
                    ),
                );
            }
        }
    }
}

fn crldp_not_full_name(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (i, dp) in crldp(ctx).unwrap_or(&[]).iter().enumerate() {
        let problem = if dp.relative_name.is_some() {
            Some("is a nameRelativeToCRLIssuer")
        } else if dp.full_name.is_none() {
            Some("has no distributionPoint")
        } else if dp.full_name.as_ref().is_some_and(|n| n.is_empty()) {
            Some("has an empty fullName")
        } else {
            None
        };
        if let Some(p) = problem {
            out.emit(
                format!("{CRLDP_LOC}[{i}].distributionPoint"),
                format!("DistributionPoint {i} {p}; TLS BR 7.1.2.11.2 requires a fullName with at least one URI"),
            );
        }
    }
}

fn crldp_name_not_uri(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (i, dp) in crldp(ctx).unwrap_or(&[]).iter().enumerate() {
        for (j, n) in dp.full_name.iter().flatten().enumerate() {
            if !matches!(n, GeneralName::Uri(_)) {
                out.emit(
                    format!("{CRLDP_LOC}[{i}].fullName[{j}]"),
                    format!(
                        "DistributionPoint {i} names a {}; TLS BR 7.1.2.11.2 permits only uniformResourceIdentifier",
                        n.kind()
                    ),
                );
            }
        }
    }
}

/// Whether a URI's scheme is `http` (case-insensitive, RFC 3986 3.1).
pub(crate) fn is_http(uri: &[u8]) -> bool {
    uri.len() > 7 && uri[..7].eq_ignore_ascii_case(b"http://")
}

/// Whether a URI's scheme is `http` or `https`.
pub(crate) fn is_http_or_https(uri: &[u8]) -> bool {
    is_http(uri) || (uri.len() > 8 && uri[..8].eq_ignore_ascii_case(b"https://"))
}

/// certificatePolicies qualifiers, shared by the CA (TLS BR 7.1.2.10.5) and
/// subscriber (7.1.2.7.9) profiles, which word them alike: qualifiers are
/// NOT RECOMMENDED, only id-qt-cps is permitted, and its value is an HTTP or
/// HTTPS URL in an IA5String. `section` names the profile's section in messages.
pub(crate) fn policy_qualifiers_present(ctx: &Ctx<'_>, out: &mut Out<'_>, section: &str) {
    for (i, p) in ctx.cert.policies().unwrap_or(&[]).iter().enumerate() {
        if !p.qualifiers.is_empty() {
            out.emit(
                format!("extensions.certificatePolicies[{i}].policyQualifiers"),
                format!(
                    "policy {} has policyQualifiers, which {section} does not recommend",
                    p.oid
                ),
            );
        }
    }
}

/// Qualifiers other than id-qt-cps (see [`policy_qualifiers_present`]).
pub(crate) fn policy_qualifiers_not_cps(ctx: &Ctx<'_>, out: &mut Out<'_>, section: &str) {
    for (i, p) in ctx.cert.policies().unwrap_or(&[]).iter().enumerate() {
        for q in &p.qualifiers {
            let what = match q {
                cert::ext::PolicyQualifier::Cps(_) => continue,
                cert::ext::PolicyQualifier::UserNotice { .. } => "id-qt-unotice".to_string(),
                cert::ext::PolicyQualifier::Other { oid, .. } => oid.to_string(),
            };
            out.emit(
                format!("extensions.certificatePolicies[{i}].policyQualifiers"),
                format!(
                    "policy {} has a {what} qualifier; {section} permits only id-qt-cps",
                    p.oid
                ),
            );
        }
    }
}

/// CPS qualifiers that are not an HTTP or HTTPS URL in an IA5String (see [`policy_qualifiers_present`]).
pub(crate) fn policy_cps_not_http(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (i, p) in ctx.cert.policies().unwrap_or(&[]).iter().enumerate() {
        for q in &p.qualifiers {
            let cert::ext::PolicyQualifier::Cps(t) = q else {
                continue;
            };
            if t.tag != tag::IA5_STRING || !is_http_or_https(t.value) {
                out.emit(
                    format!("extensions.certificatePolicies[{i}].policyQualifiers"),
                    format!(
                        "CPS qualifier \"{}\" is not an HTTP or HTTPS URL in an IA5String",
                        crate::rules::tls_subscriber::show(&String::from_utf8_lossy(t.value))
                    ),
                );
            }
        }
    }
}

fn crldp_uri_not_http(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (i, dp) in crldp(ctx).unwrap_or(&[]).iter().enumerate() {
        for (j, n) in dp.full_name.iter().flatten().enumerate() {
            if let GeneralName::Uri(u) = n
                && !is_http(u)
            {
                out.emit(
                        format!("{CRLDP_LOC}[{i}].fullName[{j}]"),
                        format!(
                            "CRL URI \"{}\" is not an http URL; TLS BR 7.1.2.11.2 requires the scheme \"http\"",
                            String::from_utf8_lossy(u)
                        ),
                    );
            }
        }
    }
}

fn crldp_multiple(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let Some(dps) = crldp(ctx)
        && dps.len() > 1
    {
        out.emit(
                CRLDP_LOC,
                format!(
                    "cRLDistributionPoints holds {} DistributionPoints; TLS BR 7.1.2.11.2 does not recommend more than one",
                    dps.len()
                ),
            );
    }
}

// ----- Signed Certificate Timestamp List (TLS BR 7.1.2.11.3) -----

/// Reads a big-endian length of `n` octets at `*at`, advancing it.
fn read_len(b: &[u8], at: &mut usize, n: usize) -> Option<usize> {
    let end = at.checked_add(n)?;
    let v = b
        .get(*at..end)?
        .iter()
        .fold(0usize, |a, &x| (a << 8) | x as usize);
    *at = end;
    Some(v)
}

/// Reads `len` octets at `*at`, advancing it.
fn take<'a>(b: &'a [u8], at: &mut usize, len: usize) -> Option<&'a [u8]> {
    let end = at.checked_add(len)?;
    let v = b.get(*at..end)?;
    *at = end;
    Some(v)
}

/// Why a SignedCertificateTimestampList (RFC 6962 3.3, TLS presentation
/// language) does not decode, if it does not. An empty list is
/// rfc5280.sct_list.empty's concern, not an encoding error here.
pub(crate) fn sct_list_problem(b: &[u8]) -> Option<String> {
    let mut at = 0;
    let Some(total) = read_len(b, &mut at, 2) else {
        return Some("shorter than its two-octet length".into());
    };
    if total != b.len() - 2 {
        return Some(format!(
            "declares {total} octets of SCTs but holds {}",
            b.len() - 2
        ));
    }
    let mut i = 0;
    while at < b.len() {
        let Some(sct) = read_len(b, &mut at, 2).and_then(|n| take(b, &mut at, n)) else {
            return Some(format!("SCT {i} is longer than the list"));
        };
        if sct.is_empty() {
            return Some(format!("SCT {i} is empty"));
        }
        // SignedCertificateTimestamp v1: version, LogID (32), timestamp (8),
        // extensions<0..2^16-1>, DigitallySigned (hash, signature, <1..2^16-1>).
        let mut p = 0;
        let ok = (|| {
            let version = *sct.first()?;
            p = 1;
            if version != 0 {
                return Some(Err(format!("SCT {i} has version {version}, not v1 (0)")));
            }
            take(sct, &mut p, 32 + 8)?;
            let ext = read_len(sct, &mut p, 2)?;
            take(sct, &mut p, ext)?;
            take(sct, &mut p, 2)?;
            let sig = read_len(sct, &mut p, 2)?;
            take(sct, &mut p, sig)?;
            Some(if p == sct.len() && sig > 0 {
                Ok(())
            } else if sig == 0 {
                Err(format!("SCT {i} has an empty signature"))
            } else {
                Err(format!(
                    "SCT {i} has {} octets after its signature",
                    sct.len() - p
                ))
            })
        })();
        match ok {
            Some(Ok(())) => {}
            Some(Err(e)) => return Some(e),
            None => return Some(format!("SCT {i} is truncated")),
        }
        i += 1;
    }
    None
}

fn sct_list_encoding(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let Some(ExtValue::SctList(list)) = ctx.cert.ext_value(oids::CT_SCT_LIST)
        && let Some(p) = sct_list_problem(list)
    {
        out.emit(
            "extensions.signedCertificateTimestampList",
            format!("the SignedCertificateTimestampList does not decode: {p}"),
        );
    }
}

/// The rules of this file.
pub static RULES: &[Rule] = &[
    Rule {
        code: "tls.version.not_v3",
        severity: Severity::Error,
        citation: "TLS BR 7.1.1",
        summary: "TLS certificates are X.509 v3",
        applies: tls,
        zlint: Some("e_invalid_certificate_version"),
        check: version,
        ..Rule::NEW
    },
    Rule {
        code: "tls.serial_number.low_entropy",
        severity: Severity::Error,
        citation: "TLS BR 7.1.2.1",
        summary: "serialNumber has at least 64 bits, so it can contain 64 bits of CSPRNG output (every TLS BR 7.1.2 profile table)",
        applies: tls,
        check: serial_low_entropy,
        ..Rule::NEW
    },
    Rule {
        code: "tls.spki.encoding_not_permitted",
        severity: Severity::Error,
        citation: "TLS BR 7.1.3.1",
        summary: "The subjectPublicKeyInfo AlgorithmIdentifier is byte-for-byte one of the RSA or ECDSA (P-256, P-384, P-521) encodings",
        applies: tls,
        pkilint: Some("cabf.serverauth.prohibited_subject_public_key_algorithm_encoding"),
        zlint: Some("e_algorithm_identifier_improper_encoding"),
        check: spki_encoding,
        ..Rule::NEW
    },
    Rule {
        code: "tls.signature_algorithm.encoding_not_permitted",
        severity: Severity::Error,
        citation: "TLS BR 7.1.3.2",
        summary: "Both signature AlgorithmIdentifiers are byte-for-byte one of the RSASSA-PKCS1-v1_5, RSASSA-PSS or ECDSA encodings listed",
        applies: tls,
        pkilint: Some("cabf.serverauth.prohibited_signature_algorithm_encoding"),
        check: signature_encoding,
        ..Rule::NEW
    },
    Rule {
        code: "tls.signature_algorithm.key_mismatch",
        severity: Severity::Error,
        citation: "TLS BR 7.1.3.2",
        summary: "The signature algorithm fits the signing key (RSA algorithms for RSA keys, ECDSA with the hash the curve requires)",
        applies: tls,
        check: signature_matches_key,
        ..Rule::NEW
    },
    Rule {
        code: "tls.key.rsa_modulus_size",
        severity: Severity::Error,
        citation: "TLS BR 6.1.5",
        summary: "An RSA modulus has at least 2048 bits and a multiple of 8",
        applies: tls,
        pkilint: Some("cabf.rsa_modulus_invalid_length"),
        check: rsa_modulus,
        ..Rule::NEW
    },
    Rule {
        code: "tls.key.rsa_exponent_invalid",
        severity: Severity::Error,
        citation: "TLS BR 6.1.6",
        summary: "An RSA public exponent is odd and at least 3",
        applies: tls,
        pkilint: Some("cabf.rsa_exponent_prohibited_value"),
        check: rsa_exponent,
        ..Rule::NEW
    },
    Rule {
        code: "tls.key.rsa_exponent_not_recommended",
        severity: Severity::Warning,
        citation: "TLS BR 6.1.6",
        summary: "An RSA public exponent should be between 2^16+1 and 2^256-1",
        applies: tls,
        pkilint: Some("cabf.rsa_exponent_not_in_recommended_range"),
        zlint: Some("w_rsa_public_exponent_not_in_range"),
        check: rsa_exponent_range,
        ..Rule::NEW
    },
    Rule {
        code: "tls.name.multi_valued_rdn",
        severity: Severity::Error,
        citation: "TLS BR 7.1.4.1",
        summary: "Each subject RDN contains exactly one attribute",
        applies: tls,
        pkilint: Some("cabf.serverauth.rdn_contains_multiple_atvs"),
        check: multi_valued_rdn,
        ..Rule::NEW
    },
    Rule {
        code: "tls.name.rdn_order",
        severity: Severity::Error,
        citation: "TLS BR 7.1.4.2",
        summary: "Subject attributes of the ordered table appear in its order (domainComponent, countryName, ... commonName)",
        applies: tls,
        pkilint: Some("cabf.serverauth.invalid_rdn_order"),
        zlint: Some("e_invalid_subject_rdn_order"),
        check: rdn_order,
        ..Rule::NEW
    },
    Rule {
        code: "tls.name.duplicate_attribute",
        severity: Severity::Error,
        citation: "TLS BR 7.1.4.1",
        summary: "No attribute type appears twice in the subject, except streetAddress and domainComponent",
        applies: tls,
        pkilint: Some("cabf.serverauth.prohibited_duplicate_attribute_type"),
        check: duplicate_attribute,
        ..Rule::NEW
    },
    Rule {
        code: "tls.name.attribute_encoding",
        severity: Severity::Error,
        citation: "TLS BR 7.1.4.2",
        summary: "Subject attributes listed in 7.1.4.2 use the string types it requires (PrintableString for country codes and serialNumber, IA5String for domainComponent, else UTF8String or PrintableString)",
        applies: tls,
        pkilint: Some("cabf.serverauth.attribute_value_invalid_encoding_type"),
        zlint: Some("e_subject_rdns_correct_encoding"),
        check: attribute_encoding,
        ..Rule::NEW
    },
    Rule {
        code: "tls.name.attribute_too_long",
        severity: Severity::Error,
        citation: "TLS BR 7.1.4.2",
        summary: "Subject attribute values do not exceed the maximum lengths of 7.1.4.2 where they are stricter than RFC 5280 or RFC 5280 has none (surname and givenName 64, postalCode 40, streetAddress, businessCategory and jurisdiction names 128, country codes 2)",
        applies: tls,
        pkilint: Some("cabf.serverauth.name_attribute_value_too_long"),
        check: attribute_too_long,
        ..Rule::NEW
    },
    Rule {
        code: "tls.name.domain_component_too_long",
        severity: Severity::Error,
        citation: "TLS BR 7.1.4.2",
        summary: "domainComponent values have at most 63 characters",
        applies: tls,
        pkilint: Some("cabf.serverauth.domain_component_attribute_value_length_too_long"),
        check: domain_component_too_long,
        ..Rule::NEW
    },
    Rule {
        code: "tls.aki.key_identifier_absent",
        severity: Severity::Error,
        citation: "TLS BR 7.1.2.1.3",
        summary: "authorityKeyIdentifier in a self-issued certificate, when present, contains keyIdentifier (RFC 5280 requires it in the others)",
        applies: tls,
        check: aki_key_id_absent,
        ..Rule::NEW
    },
    Rule {
        code: "tls.aki.issuer_and_serial_present",
        severity: Severity::Error,
        citation: "TLS BR 7.1.2.11.1",
        summary: "authorityKeyIdentifier contains neither authorityCertIssuer nor authorityCertSerialNumber",
        applies: tls,
        pkilint: Some("cabf.authority_key_identifier_has_issuer_cert"),
        check: aki_issuer_serial,
        ..Rule::NEW
    },
    Rule {
        code: "tls.sct_list.invalid_encoding",
        severity: Severity::Error,
        citation: "TLS BR 7.1.2.11.3; RFC 6962 3.3",
        summary: "The Signed Certificate Timestamp List extension holds a well-formed SignedCertificateTimestampList of v1 SCTs",
        applies: tls,
        pkilint: Some("pkix.sct_list_extension_invalid_encoding"),
        check: sct_list_encoding,
        ..Rule::NEW
    },
    Rule {
        code: "tls.crldp.prohibited_field",
        severity: Severity::Error,
        citation: "TLS BR 7.1.2.11.2",
        summary: "No DistributionPoint contains reasons or cRLIssuer",
        applies: tls,
        pkilint: Some("cabf.serverauth.crldp_dp_prohibited_field_present"),
        zlint: Some("e_crlissuer_must_not_be_present_in_cdp"),
        check: crldp_prohibited_field,
        ..Rule::NEW
    },
    Rule {
        code: "tls.crldp.not_full_name",
        severity: Severity::Error,
        citation: "TLS BR 7.1.2.11.2",
        summary: "Every DistributionPoint has a distributionPoint that is a non-empty fullName",
        applies: tls,
        pkilint: Some("cabf.serverauth.crldp_dpname_prohibited_field_present"),
        check: crldp_not_full_name,
        ..Rule::NEW
    },
    Rule {
        code: "tls.crldp.name_not_uri",
        severity: Severity::Error,
        citation: "TLS BR 7.1.2.11.2",
        summary: "Every fullName GeneralName is a uniformResourceIdentifier",
        applies: tls,
        pkilint: Some("cabf.serverauth.crldp_dpname_prohibited_generalname_type"),
        check: crldp_name_not_uri,
        ..Rule::NEW
    },
    Rule {
        code: "tls.crldp.uri_not_http",
        severity: Severity::Error,
        citation: "TLS BR 7.1.2.11.2",
        summary: "Every CRL URI has the scheme http",
        applies: tls,
        pkilint: Some("cabf.serverauth.crldp_dpname_prohibited_uri_scheme"),
        zlint: Some("e_crl_distrib_points_not_http"),
        check: crldp_uri_not_http,
        ..Rule::NEW
    },
    Rule {
        code: "tls.crldp.multiple_distribution_points",
        severity: Severity::Warning,
        citation: "TLS BR 7.1.2.11.2",
        summary: "cRLDistributionPoints should contain a single DistributionPoint",
        applies: tls,
        pkilint: Some("cabf.serverauth.crldp_multiple_distributionpoints_present"),
        check: crldp_multiple,
        ..Rule::NEW
    },
];
