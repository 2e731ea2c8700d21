//! TLS subscriber certificates and precertificates (TLS BR 7.1.2.7, 7.1.2.9,
//! 7.1.4 and 6.3.2): the subject of each validation type, the extension
//! table and each extension's content, the names in subjectAltName, the
//! validity limits by notBefore, and the revocation pointers.
//!
//! The name-encoding rules of TLS BR 7.1.4.1 and 7.1.4.2, which apply to
//! every TLS certificate, are in `tls_common`; the subscriber-only rule of
//! 7.1.4.3 (commonName) is here.
//!
//! The EV-only subject rules (EVG 7.1.4.2) are in `tls_ev`.
//!
//! Where a 7.1.2.7.6 or 7.1.2.9 requirement repeats an RFC 5280 MUST, the
//! condition is reported once, by the RFC 5280 rule: authorityKeyIdentifier
//! present and non-critical, subjectKeyIdentifier and authorityInfoAccess
//! non-critical, no nameConstraints in end-entity certificates, no SCT list
//! in a precertificate (`rfc5280.*`). The rules here cover what the TLS BRs
//! add.

use std::borrow::Cow;

use cert::ext::KeyUsageBit;
use cert::name::{Attribute, Name};
use cert::{Certificate, Extension, GeneralName, Oid, PublicKey, oids};

use crate::finding::Severity;
use crate::profile::{Profile, TlsValidation};
use crate::rule::{Ctx, Out, Rule};

use crate::rules::general_names::has_public_tld;
use crate::rules::smime_names::iso3166;

/// Whether `code` is an officially assigned ISO 3166-1 alpha-2 code.
pub fn iso3166_assigned(code: &str) -> bool {
    iso3166::is_assigned(code)
}

// ---------------------------------------------------------------------------
// Scopes
// ---------------------------------------------------------------------------

/// Every TLS subscriber profile (DV, OV, IV, EV).
pub fn subscriber(p: Profile) -> bool {
    matches!(p, Profile::TlsSubscriber(_))
}
/// TLS DV subscriber.
pub fn dv(p: Profile) -> bool {
    p == Profile::TlsSubscriber(TlsValidation::Dv)
}
/// TLS OV subscriber.
pub fn ov(p: Profile) -> bool {
    p == Profile::TlsSubscriber(TlsValidation::Ov)
}
/// TLS IV subscriber.
pub fn iv(p: Profile) -> bool {
    p == Profile::TlsSubscriber(TlsValidation::Iv)
}
/// TLS EV subscriber.
pub fn ev(p: Profile) -> bool {
    p == Profile::TlsSubscriber(TlsValidation::Ev)
}
/// TLS subscribers whose subject identifies the Subject (IV, OV, EV).
pub fn identified(p: Profile) -> bool {
    iv(p) || ov(p) || ev(p)
}

// ---------------------------------------------------------------------------
// Shared helpers (public for the other TLS rule files)
// ---------------------------------------------------------------------------

/// `cabfOrganizationIdentifier` (2.23.140.3.1, EVG 7.1.2.2).
pub const CABF_ORGANIZATION_IDENTIFIER: Oid<'static> = Oid::new(&[0x67, 0x81, 0x0c, 0x03, 0x01]);
/// `businessCategory` and the EV jurisdiction attributes are in `cert::oids`;
/// `description` is named in messages.
const DESCRIPTION: Oid<'static> = Oid::new(&[0x55, 0x04, 0x0d]);

/// A short label for an attribute type, for messages and locations.
pub fn attr_label(oid: Oid<'_>) -> String {
    match oid {
        oids::COMMON_NAME => "commonName".into(),
        oids::COUNTRY_NAME => "countryName".into(),
        oids::STATE_OR_PROVINCE_NAME => "stateOrProvinceName".into(),
        oids::LOCALITY_NAME => "localityName".into(),
        oids::POSTAL_CODE => "postalCode".into(),
        oids::STREET_ADDRESS => "streetAddress".into(),
        oids::ORGANIZATION_NAME => "organizationName".into(),
        oids::ORGANIZATIONAL_UNIT_NAME => "organizationalUnitName".into(),
        oids::SURNAME => "surname".into(),
        oids::GIVEN_NAME => "givenName".into(),
        oids::DOMAIN_COMPONENT => "domainComponent".into(),
        oids::SERIAL_NUMBER => "serialNumber".into(),
        oids::BUSINESS_CATEGORY => "businessCategory".into(),
        oids::JURISDICTION_COUNTRY => "jurisdictionCountryName".into(),
        oids::JURISDICTION_STATE => "jurisdictionStateOrProvinceName".into(),
        oids::JURISDICTION_LOCALITY => "jurisdictionLocalityName".into(),
        oids::ORGANIZATION_IDENTIFIER => "organizationIdentifier".into(),
        oids::EMAIL_ADDRESS => "emailAddress".into(),
        DESCRIPTION => "description".into(),
        o => o.name().map(str::to_owned).unwrap_or_else(|| o.to_string()),
    }
}

/// Location of the attribute at RDN index `i` of the subject.
fn attr_loc(i: usize, a: &Attribute<'_>) -> String {
    format!("subject[{i}].{}", attr_label(a.oid))
}

/// The attributes of a Name with their RDN index.
fn indexed<'n, 'a>(name: &'n Name<'a>) -> impl Iterator<Item = (usize, &'n Attribute<'a>)> {
    name.rdns
        .iter()
        .enumerate()
        .flat_map(|(i, r)| r.attrs.iter().map(move |a| (i, a)))
}

/// Whether an ISO 3166-1 alpha-2 code is assigned, or is the user-assigned
/// `XX` the BRs use for countries without one.
pub fn country_ok(code: &str) -> bool {
    code == "XX" || iso3166::is_assigned(code)
}

pub(crate) use crate::rules::show_str as show;

/// IP address octets as text: IPv4 dotted decimal (RFC 3986 3.2.2), IPv6
/// in the RFC 5952 section 4 form. None for other lengths.
pub fn ip_text(b: &[u8]) -> Option<String> {
    match b.len() {
        4 => Some(format!("{}.{}.{}.{}", b[0], b[1], b[2], b[3])),
        16 => {
            let w: Vec<u16> = b
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            // The longest run of two or more zero groups (first on ties) becomes "::".
            let (mut best, mut cur) = ((0usize, 0usize), (0usize, 0usize));
            for (i, &g) in w.iter().enumerate() {
                if g == 0 {
                    if cur.1 == 0 {
                        cur.0 = i;
                    }
                    cur.1 += 1;
                    if cur.1 > best.1 {
                        best = cur;
                    }
                } else {
                    cur.1 = 0;
                }
            }
            let part = |r: &[u16]| {
                r.iter()
                    .map(|g| format!("{g:x}"))
                    .collect::<Vec<_>>()
                    .join(":")
            };
            Some(if best.1 >= 2 {
                format!("{}::{}", part(&w[..best.0]), part(&w[best.0 + best.1..]))
            } else {
                part(&w)
            })
        }
        _ => None,
    }
}

/// Whether an address is in a block of the IANA IPv4 or IPv6 Special-Purpose
/// Address Registry (TLS BR 1.6.1 "Reserved IP Address").
pub fn is_reserved_ip(b: &[u8]) -> bool {
    fn within(addr: &[u8], prefix: &[u8], bits: usize) -> bool {
        (0..bits).all(|i| {
            let (byte, bit) = (i / 8, 7 - i % 8);
            let a = addr.get(byte).map_or(0, |x| (x >> bit) & 1);
            let p = prefix.get(byte).map_or(0, |x| (x >> bit) & 1);
            a == p
        })
    }
    const V4: &[(&[u8], usize)] = &[
        (&[0], 8),
        (&[10], 8),
        (&[100, 64], 10),
        (&[127], 8),
        (&[169, 254], 16),
        (&[172, 16], 12),
        (&[192, 0, 0], 24),
        (&[192, 0, 2], 24),
        (&[192, 31, 196], 24),
        (&[192, 52, 193], 24),
        (&[192, 88, 99], 24),
        (&[192, 168], 16),
        (&[192, 175, 48], 24),
        (&[198, 18], 15),
        (&[198, 51, 100], 24),
        (&[203, 0, 113], 24),
        (&[240], 4),
    ];
    const V6: &[(&[u8], usize)] = &[
        (&[0; 16], 128),
        (&[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 128),
        (&[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], 96),
        (&[0, 0x64, 0xff, 0x9b], 96),
        (&[0, 0x64, 0xff, 0x9b, 0, 1], 48),
        (&[0x01, 0x00], 64),
        (&[0x01, 0x00, 0, 0, 0, 0, 0, 1], 64),
        (&[0x20, 0x01, 0x00, 0x00], 23),
        (&[0x20, 0x01, 0x0d, 0xb8], 32),
        (&[0x20, 0x02], 16),
        (&[0x26, 0x20, 0x00, 0x4f, 0x80, 0x00], 48),
        (&[0x3f, 0xff], 20),
        (&[0x5f, 0x00], 16),
        (&[0xfc], 7),
        (&[0xfe, 0x80], 10),
    ];
    let table = match b.len() {
        4 => V4,
        16 => V6,
        _ => return false,
    };
    table.iter().any(|(p, bits)| within(b, p, *bits))
}

/// Why a dNSName is not a Fully-Qualified Domain Name or Wildcard Domain Name
/// made of LDH labels (TLS BR 7.1.2.7.12, 1.6.1). P-Label validity and
/// reserved labels are checked separately.
pub fn dns_syntax_problem(s: &str) -> Option<Cow<'static, str>> {
    if !s.is_ascii() {
        return Some("contains non-ASCII characters".into());
    }
    if s.ends_with('.') {
        return Some("ends with the root zone's empty label".into());
    }
    let fqdn = s.strip_prefix("*.").unwrap_or(s);
    if fqdn.is_empty() {
        return Some("is empty".into());
    }
    if fqdn.len() > 253 {
        return Some("is longer than 253 characters".into());
    }
    for l in fqdn.split('.') {
        if l.is_empty() {
            return Some("has an empty label".into());
        }
        if l.len() > 63 {
            return Some(format!("has label \"{}\" longer than 63 characters", show(l)).into());
        }
        if !l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return Some(
                format!(
                    "has label \"{}\" with characters other than letters, digits and hyphens",
                    show(l)
                )
                .into(),
            );
        }
        if l.starts_with('-') || l.ends_with('-') {
            return Some(
                format!("has label \"{}\" starting or ending with a hyphen", show(l)).into(),
            );
        }
    }
    None
}

/// Whether an LDH label is a Reserved LDH Label (hyphens in the third and
/// fourth positions, RFC 5890 2.3.1).
pub fn is_reserved_label(l: &str) -> bool {
    l.len() >= 4 && &l.as_bytes()[2..4] == b"--"
}

/// Decodes the Punycode part of an A-label (the text after `xn--`,
/// RFC 3492 6.2). None when it is not valid Punycode.
pub fn punycode_decode(input: &str) -> Option<Vec<char>> {
    const BASE: u32 = 36;
    const TMIN: u32 = 1;
    const TMAX: u32 = 26;
    const SKEW: u32 = 38;
    const DAMP: u32 = 700;
    fn adapt(mut delta: u32, numpoints: u32, first: bool) -> u32 {
        delta /= if first { DAMP } else { 2 };
        delta += delta / numpoints;
        let mut k = 0;
        while delta > ((BASE - TMIN) * TMAX) / 2 {
            delta /= BASE - TMIN;
            k += BASE;
        }
        k + (BASE - TMIN + 1) * delta / (delta + SKEW)
    }
    if !input.is_ascii() {
        return None;
    }
    let (basic, ext) = match input.rfind('-') {
        Some(p) => (&input[..p], &input[p + 1..]),
        None => ("", input),
    };
    let mut out: Vec<char> = basic.chars().collect();
    let (mut n, mut i, mut bias) = (128u32, 0u32, 72u32);
    let mut it = ext.bytes().peekable();
    while it.peek().is_some() {
        let oldi = i;
        let mut w = 1u32;
        let mut k = BASE;
        loop {
            let c = it.next()?;
            let digit = match c {
                b'a'..=b'z' => c - b'a',
                b'A'..=b'Z' => c - b'A',
                b'0'..=b'9' => c - b'0' + 26,
                _ => return None,
            } as u32;
            i = i.checked_add(digit.checked_mul(w)?)?;
            let t = if k <= bias {
                TMIN
            } else if k >= bias + TMAX {
                TMAX
            } else {
                k - bias
            };
            if digit < t {
                break;
            }
            w = w.checked_mul(BASE - t)?;
            k += BASE;
        }
        let len = out.len() as u32 + 1;
        bias = adapt(i - oldi, len, oldi == 0);
        n = n.checked_add(i / len)?;
        i %= len;
        out.insert(i as usize, char::from_u32(n)?);
        i += 1;
    }
    Some(out)
}

/// Encodes code points as Punycode (RFC 3492 6.3), for the round-trip check.
fn punycode_encode(input: &[char]) -> Option<String> {
    const BASE: u32 = 36;
    let adapt = |mut delta: u32, numpoints: u32, first: bool| {
        delta /= if first { 700 } else { 2 };
        delta += delta / numpoints;
        let mut k = 0;
        while delta > ((BASE - 1) * 26) / 2 {
            delta /= BASE - 1;
            k += BASE;
        }
        k + (BASE * delta) / (delta + 38)
    };
    let digit = |d: u32| -> char {
        if d < 26 {
            (b'a' + d as u8) as char
        } else {
            (b'0' + (d - 26) as u8) as char
        }
    };
    let mut out: String = input.iter().filter(|c| c.is_ascii()).collect();
    let b = out.len() as u32;
    let mut h = b;
    if b > 0 {
        out.push('-');
    }
    let (mut n, mut delta, mut bias) = (128u32, 0u32, 72u32);
    let total = input.len() as u32;
    while h < total {
        let m = input.iter().map(|&c| c as u32).filter(|&c| c >= n).min()?;
        delta = delta.checked_add((m - n).checked_mul(h + 1)?)?;
        n = m;
        for &c in input {
            let c = c as u32;
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        1
                    } else if k >= bias + 26 {
                        26
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    out.push(digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out.push(digit(q));
                bias = adapt(delta, h + 1, h == b);
                delta = 0;
                h += 1;
            }
        }
        delta += 1;
        n += 1;
    }
    Some(out)
}

/// Why an `xn--` label is not a valid P-Label: its Punycode does not decode,
/// decodes to nothing beyond ASCII, or does not re-encode to the same text.
pub fn plabel_problem(label: &str) -> Option<&'static str> {
    let lower = label.to_ascii_lowercase();
    let rest = lower.strip_prefix("xn--")?;
    let Some(decoded) = punycode_decode(rest) else {
        return Some("its Punycode does not decode");
    };
    if decoded.iter().all(char::is_ascii) {
        return Some("it decodes to ASCII only");
    }
    if decoded
        .iter()
        .any(|c| c.is_uppercase() || c.is_control() || *c == '.')
    {
        return Some("it decodes to characters a U-label cannot contain");
    }
    if punycode_encode(&decoded).as_deref() != Some(rest) {
        return Some("it is not the canonical Punycode of what it decodes to");
    }
    None
}

/// SHA3-256 (FIPS 202), used by the Tor v3 onion address checksum.
pub fn sha3_256(data: &[u8]) -> [u8; 32] {
    const RC: [u64; 24] = [
        0x0000000000000001,
        0x0000000000008082,
        0x800000000000808a,
        0x8000000080008000,
        0x000000000000808b,
        0x0000000080000001,
        0x8000000080008081,
        0x8000000000008009,
        0x000000000000008a,
        0x0000000000000088,
        0x0000000080008009,
        0x000000008000000a,
        0x000000008000808b,
        0x800000000000008b,
        0x8000000000008089,
        0x8000000000008003,
        0x8000000000008002,
        0x8000000000000080,
        0x000000000000800a,
        0x800000008000000a,
        0x8000000080008081,
        0x8000000000008080,
        0x0000000080000001,
        0x8000000080008008,
    ];
    const ROT: [u32; 25] = [
        0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56,
        14,
    ];
    fn keccak(a: &mut [u64; 25]) {
        for rc in RC {
            let mut c = [0u64; 5];
            for x in 0..5 {
                c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
            }
            for x in 0..5 {
                let d = c[(x + 4) % 5] ^ c[(x + 1) % 5].rotate_left(1);
                for y in 0..5 {
                    a[x + 5 * y] ^= d;
                }
            }
            let mut b = [0u64; 25];
            for x in 0..5 {
                for y in 0..5 {
                    b[y + 5 * ((2 * x + 3 * y) % 5)] = a[x + 5 * y].rotate_left(ROT[x + 5 * y]);
                }
            }
            for x in 0..5 {
                for y in 0..5 {
                    a[x + 5 * y] =
                        b[x + 5 * y] ^ (!b[(x + 1) % 5 + 5 * y] & b[(x + 2) % 5 + 5 * y]);
                }
            }
            a[0] ^= rc;
        }
    }
    const RATE: usize = 136;
    let mut st = [0u64; 25];
    let mut msg = data.to_vec();
    msg.push(0x06);
    while !msg.len().is_multiple_of(RATE) {
        msg.push(0);
    }
    if let Some(last) = msg.last_mut() {
        *last |= 0x80;
    }
    for block in msg.chunks_exact(RATE) {
        for (i, w) in block.chunks_exact(8).enumerate() {
            let mut le = [0u8; 8];
            le.copy_from_slice(w);
            st[i] ^= u64::from_le_bytes(le);
        }
        keccak(&mut st);
    }
    let mut out = [0u8; 32];
    for (i, w) in st.iter().take(4).enumerate() {
        out[i * 8..i * 8 + 8].copy_from_slice(&w.to_le_bytes());
    }
    out
}

/// What is wrong with an Onion Domain Name (TLS BR Appendix B; Tor
/// rend-spec-v3 6: 56 base32 characters encoding key, checksum, version 3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnionProblem {
    /// The onion label is not 56 base32 characters (e.g. a version 2 address).
    NotV3,
    /// The version byte is not 3.
    Version(u8),
    /// The checksum does not match.
    Checksum,
}

/// Checks a domain name ending in `.onion`; None for other names or valid ones.
pub fn onion_problem(domain: &str) -> Option<OnionProblem> {
    let d = domain.to_ascii_lowercase();
    let rest = d.strip_suffix(".onion")?;
    let label = rest.rsplit('.').next().unwrap_or(rest);
    if label.len() != 56 {
        return Some(OnionProblem::NotV3);
    }
    let mut bits: u64 = 0;
    let mut nbits = 0;
    let mut raw = Vec::with_capacity(35);
    for c in label.bytes() {
        let v = match c {
            b'a'..=b'z' => c - b'a',
            b'2'..=b'7' => c - b'2' + 26,
            _ => return Some(OnionProblem::NotV3),
        };
        bits = (bits << 5) | v as u64;
        nbits += 5;
        if nbits >= 8 {
            nbits -= 8;
            raw.push((bits >> nbits) as u8);
            bits &= (1 << nbits) - 1;
        }
    }
    if raw.len() != 35 {
        return Some(OnionProblem::NotV3);
    }
    let (key, check, version) = (&raw[..32], &raw[32..34], raw[34]);
    if version != 3 {
        return Some(OnionProblem::Version(version));
    }
    let mut input = b".onion checksum".to_vec();
    input.extend_from_slice(key);
    input.push(version);
    if sha3_256(&input)[..2] != *check {
        return Some(OnionProblem::Checksum);
    }
    None
}

// ---------------------------------------------------------------------------
// Certificate accessors
// ---------------------------------------------------------------------------

fn ext<'c, 'a>(c: &'c Certificate<'a>, oid: Oid<'_>) -> Option<&'c Extension<'a>> {
    c.extension(oid)
}

/// The subjectAltName names, when the extension decodes.
fn sans<'c, 'a>(c: &'c Certificate<'a>) -> &'c [GeneralName<'a>] {
    c.subject_alt_names().unwrap_or(&[])
}

/// The dNSNames of subjectAltName with their index, as ASCII text.
fn dns_names<'c>(c: &'c Certificate<'c>) -> impl Iterator<Item = (usize, Cow<'c, str>)> + 'c {
    sans(c).iter().enumerate().filter_map(|(i, n)| match n {
        GeneralName::Dns(b) => Some((i, String::from_utf8_lossy(b))),
        _ => None,
    })
}

fn san_loc(i: usize) -> String {
    format!("extensions.subjectAltName[{i}]")
}

/// The reserved TLS policy OIDs (TLS BR 7.1.6.1).
const RESERVED: [(Oid<'static>, TlsValidation); 4] = [
    (oids::CABF_DV, TlsValidation::Dv),
    (oids::CABF_OV, TlsValidation::Ov),
    (oids::CABF_IV, TlsValidation::Iv),
    (oids::CABF_EV, TlsValidation::Ev),
];

fn is_reserved_policy(o: Oid<'_>) -> bool {
    RESERVED.iter().any(|(r, _)| *r == o)
}

fn reserved_for(p: Profile) -> Option<(Oid<'static>, &'static str)> {
    match p {
        Profile::TlsSubscriber(v) => RESERVED.iter().find(|(_, rv)| *rv == v).map(|(o, _)| {
            (
                *o,
                match v {
                    TlsValidation::Dv => "2.23.140.1.2.1",
                    TlsValidation::Ov => "2.23.140.1.2.2",
                    TlsValidation::Iv => "2.23.140.1.2.3",
                    TlsValidation::Ev => "2.23.140.1.1",
                },
            )
        }),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Subject (7.1.2.7.2 to 7.1.2.7.4, 7.1.4)
// ---------------------------------------------------------------------------

fn require(ctx: &Ctx<'_>, out: &mut Out<'_>, oid: Oid<'_>, section: &str) {
    if !ctx.cert.subject.has(oid) {
        out.emit(
            "subject",
            format!(
                "subject has no {} attribute, which TLS BR {section} requires",
                attr_label(oid)
            ),
        );
    }
}

fn forbid(ctx: &Ctx<'_>, out: &mut Out<'_>, oid: Oid<'_>, section: &str, how: &str) {
    for (i, a) in indexed(&ctx.cert.subject).filter(|(_, a)| a.oid == oid) {
        out.emit(
            attr_loc(i, a),
            format!(
                "subject contains {}, which TLS BR {section} {how}",
                attr_label(oid)
            ),
        );
    }
}

fn others(ctx: &Ctx<'_>, out: &mut Out<'_>, known: &[Oid<'_>], section: &str, how: &str) {
    for (i, a) in indexed(&ctx.cert.subject).filter(|(_, a)| !known.contains(&a.oid)) {
        out.emit(
            attr_loc(i, a),
            format!(
                "subject contains {}, which TLS BR {section} {how}",
                attr_label(a.oid)
            ),
        );
    }
}

const DV_KNOWN: &[Oid<'static>] = &[oids::COUNTRY_NAME, oids::COMMON_NAME];
const IV_KNOWN: &[Oid<'static>] = &[
    oids::COUNTRY_NAME,
    oids::STATE_OR_PROVINCE_NAME,
    oids::LOCALITY_NAME,
    oids::POSTAL_CODE,
    oids::STREET_ADDRESS,
    oids::ORGANIZATION_NAME,
    oids::SURNAME,
    oids::GIVEN_NAME,
    oids::ORGANIZATIONAL_UNIT_NAME,
    oids::COMMON_NAME,
];
const OV_KNOWN: &[Oid<'static>] = &[
    oids::DOMAIN_COMPONENT,
    oids::COUNTRY_NAME,
    oids::STATE_OR_PROVINCE_NAME,
    oids::LOCALITY_NAME,
    oids::POSTAL_CODE,
    oids::STREET_ADDRESS,
    oids::ORGANIZATION_NAME,
    oids::SURNAME,
    oids::GIVEN_NAME,
    oids::ORGANIZATIONAL_UNIT_NAME,
    oids::COMMON_NAME,
];

fn dv_other(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    others(
        ctx,
        out,
        DV_KNOWN,
        "7.1.2.7.2",
        "prohibits in DV certificates (only countryName and commonName are allowed)",
    );
}
fn dv_cn(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    forbid(
        ctx,
        out,
        oids::COMMON_NAME,
        "7.1.2.7.2",
        "does not recommend",
    );
}
fn iv_cn(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    forbid(
        ctx,
        out,
        oids::COMMON_NAME,
        "7.1.2.7.3",
        "does not recommend",
    );
}
fn ov_cn(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    forbid(
        ctx,
        out,
        oids::COMMON_NAME,
        "7.1.2.7.4",
        "does not recommend",
    );
}
fn iv_country(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    require(ctx, out, oids::COUNTRY_NAME, "7.1.2.7.3");
}
fn iv_given(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    require(ctx, out, oids::GIVEN_NAME, "7.1.2.7.3");
}
fn iv_surname(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    require(ctx, out, oids::SURNAME, "7.1.2.7.3");
}
fn iv_ou(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    forbid(
        ctx,
        out,
        oids::ORGANIZATIONAL_UNIT_NAME,
        "7.1.2.7.3",
        "prohibits",
    );
}
fn iv_org(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    forbid(
        ctx,
        out,
        oids::ORGANIZATION_NAME,
        "7.1.2.7.3",
        "does not recommend",
    );
}
fn iv_postal(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    forbid(
        ctx,
        out,
        oids::POSTAL_CODE,
        "7.1.2.7.3",
        "does not recommend",
    );
}
fn iv_street(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    forbid(
        ctx,
        out,
        oids::STREET_ADDRESS,
        "7.1.2.7.3",
        "does not recommend",
    );
}
fn iv_other(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    others(
        ctx,
        out,
        IV_KNOWN,
        "7.1.2.7.3",
        "does not recommend (any other attribute)",
    );
}
fn ov_country(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    require(ctx, out, oids::COUNTRY_NAME, "7.1.2.7.4");
}
fn ov_org(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    require(ctx, out, oids::ORGANIZATION_NAME, "7.1.2.7.4");
}
fn ov_given(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    forbid(ctx, out, oids::GIVEN_NAME, "7.1.2.7.4", "prohibits");
}
fn ov_surname(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    forbid(ctx, out, oids::SURNAME, "7.1.2.7.4", "prohibits");
}
fn ov_ou(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    forbid(
        ctx,
        out,
        oids::ORGANIZATIONAL_UNIT_NAME,
        "7.1.2.7.4",
        "prohibits",
    );
}
fn ov_postal(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    forbid(
        ctx,
        out,
        oids::POSTAL_CODE,
        "7.1.2.7.4",
        "does not recommend",
    );
}
fn ov_street(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    forbid(
        ctx,
        out,
        oids::STREET_ADDRESS,
        "7.1.2.7.4",
        "does not recommend",
    );
}
fn ov_other(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    others(
        ctx,
        out,
        OV_KNOWN,
        "7.1.2.7.4",
        "does not recommend (any other attribute)",
    );
}

fn locality_or_state(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let s = &ctx.cert.subject;
    if !s.has(oids::LOCALITY_NAME) && !s.has(oids::STATE_OR_PROVINCE_NAME) {
        out.emit(
            "subject",
            "subject has neither localityName nor stateOrProvinceName; one of them is required",
        );
    }
}

/// Whether a value says nothing: empty, or only '.', '-' and spaces.
pub fn is_metadata_only(s: &str) -> bool {
    s.chars()
        .all(|c| matches!(c, '.' | '-' | ' ') || c.is_whitespace())
}

fn metadata_only(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (i, a) in indexed(&ctx.cert.subject) {
        if let Some(t) = a.text()
            && is_metadata_only(&t)
        {
            out.emit(
                attr_loc(i, a),
                format!(
                    "{} is \"{}\", which holds only metadata characters",
                    attr_label(a.oid),
                    show(&t)
                ),
            );
        }
    }
}

fn country_code(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (i, a) in indexed(&ctx.cert.subject).filter(|(_, a)| a.oid == oids::COUNTRY_NAME) {
        if let Some(t) = a.text()
            && !country_ok(&t)
        {
            out.emit(
                attr_loc(i, a),
                format!(
                    "countryName \"{}\" is not an ISO 3166-1 alpha-2 code (nor XX)",
                    show(&t)
                ),
            );
        }
    }
}

/// Parses a dotted-decimal IPv4 address (RFC 3986 3.2.2 dec-octet form).
fn parse_ipv4(s: &str) -> Option<[u8; 4]> {
    let parts: Vec<&str> = s.split('.').collect();
    if parts.len() != 4 {
        return None;
    }
    let mut o = [0u8; 4];
    for (i, p) in parts.iter().enumerate() {
        if p.is_empty()
            || p.len() > 3
            || !p.bytes().all(|b| b.is_ascii_digit())
            || (p.len() > 1 && p.starts_with('0'))
        {
            return None;
        }
        o[i] = p.parse().ok()?;
    }
    Some(o)
}

fn common_name_in_san(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let names = sans(ctx.cert);
    for (i, a) in indexed(&ctx.cert.subject).filter(|(_, a)| a.oid == oids::COMMON_NAME) {
        let Some(cn) = a.text() else { continue };
        let matched = names.iter().any(|n| match n {
            GeneralName::Dns(b) => *b == cn.as_bytes(),
            GeneralName::Ip(b) => match b.len() {
                4 => parse_ipv4(&cn).is_some_and(|v| v == **b),
                16 => ip_text(b).is_some_and(|t| t == *cn),
                _ => false,
            },
            _ => false,
        });
        if !matched {
            out.emit(
                attr_loc(i, a),
                format!(
                    "commonName \"{}\" is not a character-for-character copy of a subjectAltName dNSName, nor an IP address of it in the required text form",
                    show(&cn)
                ),
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Extensions (7.1.2.7.6)
// ---------------------------------------------------------------------------

fn has_extensions(c: &Certificate<'_>) -> bool {
    c.extensions.as_ref().is_some_and(|e| !e.is_empty())
}

fn no_extensions(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if !has_extensions(ctx.cert) {
        out.emit("extensions", "the certificate has no extensions; TLS BR 7.1.2.7.6 requires authorityInformationAccess, authorityKeyIdentifier, certificatePolicies, extKeyUsage and subjectAltName");
    }
}

/// Presence check: silent when there are no extensions at all, which
/// `tls.subscriber.extensions.missing` reports once.
fn must_have(ctx: &Ctx<'_>, out: &mut Out<'_>, oid: Oid<'_>, name: &str) {
    if has_extensions(ctx.cert) && ext(ctx.cert, oid).is_none() {
        out.emit(
            "extensions",
            format!("the {name} extension is absent; TLS BR 7.1.2.7.6 requires it"),
        );
    }
}
fn aia_missing(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    must_have(
        ctx,
        out,
        oids::AUTHORITY_INFO_ACCESS,
        "authorityInformationAccess",
    );
}
fn cp_missing(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    must_have(ctx, out, oids::CERTIFICATE_POLICIES, "certificatePolicies");
}
fn eku_missing(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    must_have(ctx, out, oids::EXT_KEY_USAGE, "extKeyUsage");
}
fn san_missing(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    must_have(ctx, out, oids::SUBJECT_ALT_NAME, "subjectAltName");
}
fn ku_missing(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if has_extensions(ctx.cert) && ext(ctx.cert, oids::KEY_USAGE).is_none() {
        out.emit(
            "extensions",
            "the keyUsage extension is absent; TLS BR 7.1.2.7.6 says it SHOULD be present",
        );
    }
}
fn ski_present(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ext(ctx.cert, oids::SUBJECT_KEY_IDENTIFIER).is_some() {
        out.emit("extensions.subjectKeyIdentifier", "subjectKeyIdentifier is present; TLS BR 7.1.2.7.6 does not recommend it in subscriber certificates");
    }
}

const TABLE: [Oid<'static>; 12] = [
    oids::AUTHORITY_INFO_ACCESS,
    oids::AUTHORITY_KEY_IDENTIFIER,
    oids::CERTIFICATE_POLICIES,
    oids::EXT_KEY_USAGE,
    oids::SUBJECT_ALT_NAME,
    oids::NAME_CONSTRAINTS,
    oids::KEY_USAGE,
    oids::BASIC_CONSTRAINTS,
    oids::CRL_DISTRIBUTION_POINTS,
    oids::CT_SCT_LIST,
    oids::SUBJECT_KEY_IDENTIFIER,
    oids::CT_PRECERT_POISON,
];

fn other_extension(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for e in ctx
        .cert
        .extensions()
        .iter()
        .filter(|e| !TABLE.contains(&e.oid))
    {
        let name = e
            .oid
            .name()
            .map(str::to_owned)
            .unwrap_or_else(|| e.oid.to_string());
        out.emit(format!("extensions.{name}"), format!("extension {name} is not in the TLS BR 7.1.2.7.6 table; any other extension is NOT RECOMMENDED"));
    }
}

fn criticality(ctx: &Ctx<'_>, out: &mut Out<'_>, oid: Oid<'_>, name: &str, want_critical: bool) {
    if let Some(e) = ext(ctx.cert, oid)
        && e.critical != want_critical
    {
        out.emit(
            format!("extensions.{name}"),
            format!(
                "{name} is {}; TLS BR 7.1.2.7.6 requires it {}",
                if e.critical {
                    "critical"
                } else {
                    "not critical"
                },
                if want_critical {
                    "critical"
                } else {
                    "not critical"
                }
            ),
        );
    }
}
fn cp_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    criticality(
        ctx,
        out,
        oids::CERTIFICATE_POLICIES,
        "certificatePolicies",
        false,
    );
}
fn eku_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    criticality(ctx, out, oids::EXT_KEY_USAGE, "extKeyUsage", false);
}
fn crldp_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    criticality(
        ctx,
        out,
        oids::CRL_DISTRIBUTION_POINTS,
        "cRLDistributionPoints",
        false,
    );
}
fn sct_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    criticality(
        ctx,
        out,
        oids::CT_SCT_LIST,
        "signedCertificateTimestampList",
        false,
    );
}
fn bc_not_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    criticality(ctx, out, oids::BASIC_CONSTRAINTS, "basicConstraints", true);
}
fn ku_not_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    criticality(ctx, out, oids::KEY_USAGE, "keyUsage", true);
}

// ---------------------------------------------------------------------------
// Precertificates (7.1.2.9)
// ---------------------------------------------------------------------------

fn poison_value(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let Some(e) = ext(ctx.cert, oids::CT_PRECERT_POISON)
        && e.value != [0x05, 0x00]
    {
        out.emit(
            "extensions.precertificatePoison",
            "the precertificate poison extnValue is not exactly the DER of NULL (05 00)",
        );
    }
}

// ---------------------------------------------------------------------------
// Authority Information Access (7.1.2.7.7)
// ---------------------------------------------------------------------------

fn aia<'c>(c: &'c Certificate<'c>) -> &'c [cert::ext::AccessDescription<'c>] {
    match c.ext_value(oids::AUTHORITY_INFO_ACCESS) {
        Some(cert::ExtValue::InfoAccess(v)) => v,
        _ => &[],
    }
}

fn aia_method(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (i, ad) in aia(ctx.cert).iter().enumerate() {
        if ad.method != oids::AD_OCSP && ad.method != oids::AD_CA_ISSUERS {
            out.emit(format!("extensions.authorityInformationAccess[{i}]"), format!("accessMethod {} is neither id-ad-ocsp nor id-ad-caIssuers, which TLS BR 7.1.2.7.7 prohibits", ad.method));
        }
    }
}

fn aia_ca_issuers(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ext(ctx.cert, oids::AUTHORITY_INFO_ACCESS).is_some()
        && !aia(ctx.cert).is_empty()
        && !aia(ctx.cert)
            .iter()
            .any(|ad| ad.method == oids::AD_CA_ISSUERS)
    {
        out.emit("extensions.authorityInformationAccess", "authorityInformationAccess has no id-ad-caIssuers entry; TLS BR 7.1.2.7.7 says it SHOULD have one");
    }
}

fn permitted_aia(ad: &cert::ext::AccessDescription<'_>) -> bool {
    ad.method == oids::AD_OCSP || ad.method == oids::AD_CA_ISSUERS
}

fn aia_not_uri(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (i, ad) in aia(ctx.cert)
        .iter()
        .enumerate()
        .filter(|(_, ad)| permitted_aia(ad))
    {
        if !matches!(ad.location, GeneralName::Uri(_)) {
            out.emit(
                format!("extensions.authorityInformationAccess[{i}]"),
                format!(
                    "accessLocation is a {}; TLS BR 7.1.2.7.7 requires a uniformResourceIdentifier",
                    ad.location.kind()
                ),
            );
        }
    }
}

fn aia_not_http(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (i, ad) in aia(ctx.cert)
        .iter()
        .enumerate()
        .filter(|(_, ad)| permitted_aia(ad))
    {
        if let GeneralName::Uri(u) = ad.location
            && !crate::rules::tls_common::is_http(u)
        {
            out.emit(
                format!("extensions.authorityInformationAccess[{i}]"),
                format!(
                    "accessLocation \"{}\" is not an HTTP URL, which TLS BR 7.1.2.7.7 requires",
                    show(&String::from_utf8_lossy(u))
                ),
            );
        }
    }
}

fn aia_duplicate(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let ads = aia(ctx.cert);
    for (i, ad) in ads.iter().enumerate() {
        let GeneralName::Uri(u) = ad.location else {
            continue;
        };
        let dup = ads[..i]
            .iter()
            .any(|p| p.method == ad.method && matches!(p.location, GeneralName::Uri(q) if q == u));
        if dup {
            out.emit(format!("extensions.authorityInformationAccess[{i}]"), format!("accessLocation \"{}\" repeats an earlier one for the same accessMethod; TLS BR 7.1.2.7.7 requires each to be unique", show(&String::from_utf8_lossy(u))));
        }
    }
}

// ---------------------------------------------------------------------------
// Basic constraints (7.1.2.7.8)
// ---------------------------------------------------------------------------

fn bc_ca(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ctx.cert.basic_constraints().is_some_and(|b| b.ca) {
        out.emit("extensions.basicConstraints", "basicConstraints cA is TRUE in a subscriber certificate; TLS BR 7.1.2.7.8 requires FALSE");
    }
}
fn bc_path_len(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ctx
        .cert
        .basic_constraints()
        .is_some_and(|b| b.path_len.is_some())
    {
        out.emit("extensions.basicConstraints", "basicConstraints has a pathLenConstraint, which TLS BR 7.1.2.7.8 prohibits in subscriber certificates");
    }
}

// ---------------------------------------------------------------------------
// Certificate policies (7.1.2.7.9)
// ---------------------------------------------------------------------------

fn policy_reserved_missing(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let (Some(ps), Some((oid, dotted))) = (ctx.cert.policies(), reserved_for(ctx.profile)) else {
        return;
    };
    if !ps.iter().any(|p| p.oid == oid) {
        out.emit("extensions.certificatePolicies", format!("certificatePolicies does not assert {dotted}, the reserved policy identifier of this certificate type"));
    }
}
fn policy_multiple_reserved(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(ps) = ctx.cert.policies() else {
        return;
    };
    let found: Vec<String> = ps
        .iter()
        .filter(|p| is_reserved_policy(p.oid))
        .map(|p| p.oid.to_string())
        .collect();
    if found.len() > 1 {
        out.emit("extensions.certificatePolicies", format!("certificatePolicies asserts {} reserved policy identifiers ({}); exactly one is allowed", found.len(), found.join(", ")));
    }
}
fn policy_any(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ctx
        .cert
        .policies()
        .is_some_and(|ps| ps.iter().any(|p| p.oid == oids::ANY_POLICY))
    {
        out.emit(
            "extensions.certificatePolicies",
            "certificatePolicies asserts anyPolicy, which subscriber certificates must not",
        );
    }
}
fn policy_first(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(ps) = ctx.cert.policies() else {
        return;
    };
    if let Some(first) = ps.first()
        && !is_reserved_policy(first.oid)
        && ps.iter().any(|p| is_reserved_policy(p.oid))
    {
        out.emit("extensions.certificatePolicies[0]", format!("the first policy is {}, not the reserved policy identifier, which TLS BR 7.1.2.7.9 recommends first", first.oid));
    }
}
fn policy_qualifier_present(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    crate::rules::tls_common::policy_qualifiers_present(ctx, out, "TLS BR 7.1.2.7.9");
}
fn policy_qualifier_prohibited(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    crate::rules::tls_common::policy_qualifiers_not_cps(ctx, out, "TLS BR 7.1.2.7.9");
}
fn policy_cps_http(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    crate::rules::tls_common::policy_cps_not_http(ctx, out);
}

// ---------------------------------------------------------------------------
// Extended key usage (7.1.2.7.10)
// ---------------------------------------------------------------------------

fn eku_server_auth(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let Some(e) = ctx.cert.ext_key_usage()
        && !e.contains(&oids::KP_SERVER_AUTH)
    {
        out.emit(
            "extensions.extKeyUsage",
            "extKeyUsage lacks id-kp-serverAuth, which TLS BR 7.1.2.7.10 requires",
        );
    }
}
fn eku_forbid(ctx: &Ctx<'_>, out: &mut Out<'_>, oid: Oid<'_>, name: &str) {
    if ctx.cert.ext_key_usage().is_some_and(|e| e.contains(&oid)) {
        out.emit(
            "extensions.extKeyUsage",
            format!("extKeyUsage contains {name}, which TLS BR 7.1.2.7.10 prohibits"),
        );
    }
}
fn eku_code_signing(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    eku_forbid(ctx, out, oids::KP_CODE_SIGNING, "id-kp-codeSigning");
}
fn eku_email(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    eku_forbid(ctx, out, oids::KP_EMAIL_PROTECTION, "id-kp-emailProtection");
}
fn eku_time_stamping(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    eku_forbid(ctx, out, oids::KP_TIME_STAMPING, "id-kp-timeStamping");
}
fn eku_ocsp(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    eku_forbid(ctx, out, oids::KP_OCSP_SIGNING, "id-kp-OCSPSigning");
}
fn eku_any(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    eku_forbid(
        ctx,
        out,
        oids::ANY_EXTENDED_KEY_USAGE,
        "anyExtendedKeyUsage",
    );
}
fn eku_precert(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    eku_forbid(
        ctx,
        out,
        oids::KP_PRECERT_SIGNING,
        "the Precertificate Signing Certificate purpose",
    );
}
fn eku_other(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    const LISTED: [Oid<'static>; 8] = [
        oids::KP_SERVER_AUTH,
        oids::KP_CLIENT_AUTH,
        oids::KP_CODE_SIGNING,
        oids::KP_EMAIL_PROTECTION,
        oids::KP_TIME_STAMPING,
        oids::KP_OCSP_SIGNING,
        oids::ANY_EXTENDED_KEY_USAGE,
        oids::KP_PRECERT_SIGNING,
    ];
    for o in ctx
        .cert
        .ext_key_usage()
        .unwrap_or(&[])
        .iter()
        .filter(|o| !LISTED.contains(o))
    {
        out.emit("extensions.extKeyUsage", format!("extKeyUsage contains {o}; TLS BR 7.1.2.7.10 does not recommend purposes other than serverAuth and clientAuth"));
    }
}

// ---------------------------------------------------------------------------
// Key usage (7.1.2.7.11)
// ---------------------------------------------------------------------------

#[derive(PartialEq)]
enum KeyKind {
    Rsa,
    Ec,
}

fn key_kind(k: &PublicKey) -> Option<KeyKind> {
    match k {
        PublicKey::Rsa { .. } | PublicKey::RsaMalformed => Some(KeyKind::Rsa),
        PublicKey::Ec { .. } => Some(KeyKind::Ec),
        _ => None,
    }
}

fn ku_prohibited(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let (Some(ku), Some(kind)) = (ctx.cert.key_usage(), key_kind(&ctx.key)) else {
        return;
    };
    let permitted: &[KeyUsageBit] = match kind {
        KeyKind::Rsa => &[
            KeyUsageBit::DigitalSignature,
            KeyUsageBit::KeyEncipherment,
            KeyUsageBit::DataEncipherment,
        ],
        KeyKind::Ec => &[KeyUsageBit::DigitalSignature, KeyUsageBit::KeyAgreement],
    };
    for b in ku.set_bits().filter(|b| !permitted.contains(b)) {
        out.emit(
            "extensions.keyUsage",
            format!(
                "keyUsage asserts {} for an {} key, which TLS BR 7.1.2.7.11 does not permit",
                b.name(),
                if kind == KeyKind::Rsa { "RSA" } else { "ECC" }
            ),
        );
    }
}
fn ku_ec_digital_signature(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let (Some(ku), Some(KeyKind::Ec)) = (ctx.cert.key_usage(), key_kind(&ctx.key))
        && !ku.has(KeyUsageBit::DigitalSignature)
    {
        out.emit(
            "extensions.keyUsage",
            "keyUsage lacks digitalSignature, which TLS BR 7.1.2.7.11 requires for ECC keys",
        );
    }
}
fn ku_rsa_digital_signature(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let (Some(ku), Some(KeyKind::Rsa)) = (ctx.cert.key_usage(), key_kind(&ctx.key))
        && !ku.has(KeyUsageBit::DigitalSignature)
    {
        out.emit("extensions.keyUsage", "keyUsage lacks digitalSignature, which TLS BR 7.1.2.7.11 says SHOULD be set for RSA keys");
    }
}
fn ku_discouraged(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let (Some(ku), Some(kind)) = (ctx.cert.key_usage(), key_kind(&ctx.key)) else {
        return;
    };
    let bit = if kind == KeyKind::Rsa {
        KeyUsageBit::DataEncipherment
    } else {
        KeyUsageBit::KeyAgreement
    };
    if ku.has(bit) {
        out.emit("extensions.keyUsage", format!("keyUsage asserts {}, which TLS BR 7.1.2.7.11 does not recommend (a pending prohibition)", bit.name()));
    }
}
fn ku_rsa_both(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let (Some(ku), Some(KeyKind::Rsa)) = (ctx.cert.key_usage(), key_kind(&ctx.key))
        && ku.has(KeyUsageBit::DigitalSignature)
        && ku.has(KeyUsageBit::KeyEncipherment)
    {
        out.emit("extensions.keyUsage", "keyUsage asserts both digitalSignature and keyEncipherment for an RSA key, which TLS BR 7.1.2.7.11 does not recommend");
    }
}

// ---------------------------------------------------------------------------
// Subject alternative name (7.1.2.7.12)
// ---------------------------------------------------------------------------

fn san_no_dns_ip(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ctx.cert.subject_alt_names().is_some()
        && !sans(ctx.cert)
            .iter()
            .any(|n| matches!(n, GeneralName::Dns(_) | GeneralName::Ip(_)))
    {
        out.emit("extensions.subjectAltName", "subjectAltName contains no dNSName and no iPAddress; TLS BR 7.1.2.7.12 requires at least one");
    }
}
fn san_type(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (i, n) in sans(ctx.cert).iter().enumerate() {
        if !matches!(n, GeneralName::Dns(_) | GeneralName::Ip(_)) {
            out.emit(san_loc(i), format!("subjectAltName contains a {}; TLS BR 7.1.2.7.12 permits only dNSName and iPAddress", n.kind()));
        }
    }
}
fn san_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let Some(e) = ext(ctx.cert, oids::SUBJECT_ALT_NAME)
        && e.critical
        && !ctx.cert.subject.is_empty()
    {
        out.emit("extensions.subjectAltName", "subjectAltName is critical although the subject is not empty; TLS BR 7.1.2.7.12 requires it non-critical");
    }
}
fn dns_syntax(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (i, d) in dns_names(ctx.cert) {
        if let Some(why) = dns_syntax_problem(&d) {
            out.emit(san_loc(i), format!("dNSName \"{}\" {why}; TLS BR 7.1.2.7.12 requires an FQDN or Wildcard Domain Name of LDH labels", show(&d)));
        }
    }
}
fn labels(d: &str) -> impl Iterator<Item = &str> {
    d.strip_prefix("*.").unwrap_or(d).split('.')
}
fn dns_reserved_label(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (i, d) in dns_names(ctx.cert) {
        for l in labels(&d).filter(|l| is_reserved_label(l) && !l[..2].eq_ignore_ascii_case("xn")) {
            out.emit(san_loc(i), format!("dNSName \"{}\" has reserved LDH label \"{}\" that is not a P-Label; TLS BR 7.1.2.7.12 allows only P-Labels and Non-Reserved LDH Labels", show(&d), show(l)));
        }
    }
}
fn dns_plabel(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (i, d) in dns_names(ctx.cert) {
        for l in labels(&d) {
            if let Some(why) = plabel_problem(l) {
                out.emit(
                    san_loc(i),
                    format!(
                        "dNSName \"{}\" has label \"{}\" that is not a valid P-Label: {why}",
                        show(&d),
                        show(l)
                    ),
                );
            }
        }
    }
}
fn dns_internal(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (i, d) in dns_names(ctx.cert) {
        let fqdn = d.strip_prefix("*.").unwrap_or(&d);
        if dns_syntax_problem(&d).is_none() && !has_public_tld(fqdn) {
            out.emit(san_loc(i), format!("dNSName \"{}\" is an Internal Name: its top-level domain is not delegated in the public DNS", show(&d)));
        }
    }
}
fn dns_wildcard_public_suffix(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (i, d) in dns_names(ctx.cert) {
        if let Some(base) = d.strip_prefix("*.")
            && crate::psl::is_public_suffix(base)
        {
            out.emit(san_loc(i), format!("dNSName \"{}\" puts the wildcard directly left of the public suffix \"{}\"; TLS BR 3.2.2.6 allows it only if the Applicant proved control of the entire namespace", show(&d), show(base)));
        }
    }
}
fn dns_reverse_zone(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (i, d) in dns_names(ctx.cert) {
        let l = d.to_ascii_lowercase();
        if l.ends_with(".in-addr.arpa")
            || l.ends_with(".ip6.arpa")
            || l == "in-addr.arpa"
            || l == "ip6.arpa"
        {
            out.emit(san_loc(i), format!("dNSName \"{}\" ends in an IP Address Reverse Zone Suffix, which TLS BR 7.1.2.7.12 prohibits from 2026-03-15", show(&d)));
        }
    }
}
fn onion(ctx: &Ctx<'_>, out: &mut Out<'_>, want: fn(OnionProblem) -> bool) {
    for (i, d) in dns_names(ctx.cert) {
        let Some(p) = onion_problem(d.strip_prefix("*.").unwrap_or(&d)) else {
            continue;
        };
        if !want(p) {
            continue;
        }
        let why = match p {
            OnionProblem::NotV3 => {
                "is not a version 3 onion address (56 base32 characters)".to_string()
            }
            OnionProblem::Version(v) => format!("encodes onion address version {v}, not 3"),
            OnionProblem::Checksum => {
                "has an onion address whose checksum does not match its key".to_string()
            }
        };
        out.emit(san_loc(i), format!("dNSName \"{}\" {why}", show(&d)));
    }
}
fn onion_v3(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    onion(ctx, out, |p| p == OnionProblem::NotV3);
}
fn onion_version(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    onion(ctx, out, |p| matches!(p, OnionProblem::Version(_)));
}
fn onion_checksum(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    onion(ctx, out, |p| p == OnionProblem::Checksum);
}
fn ip_reserved(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (i, n) in sans(ctx.cert).iter().enumerate() {
        if let GeneralName::Ip(b) = n
            && is_reserved_ip(b)
        {
            out.emit(
                san_loc(i),
                format!(
                    "iPAddress {} is a Reserved IP Address (IANA special-purpose registry)",
                    ip_text(b).unwrap_or_default()
                ),
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Validity (6.3.2) and revocation pointers (7.1.2.11.2)
// ---------------------------------------------------------------------------

/// Reports a validity period over `days`. The SHOULD-level limit is one day
/// under the MUST-level one; a period over both is reported once, by the
/// MUST rule.
fn validity(ctx: &Ctx<'_>, out: &mut Out<'_>, days: i64, must: bool) {
    let Some(secs) = ctx.cert.validity_seconds() else {
        return;
    };
    let over_must = !must && secs > (days + 1) * 86_400;
    if secs > days * 86_400 && !over_must {
        let whole = secs / 86_400;
        let rest = secs % 86_400;
        out.emit(
            "validity",
            format!(
                "validity period is {whole} days and {rest} seconds, more than the {days} days TLS BR 6.3.2 {} for this notBefore",
                if must { "allows" } else { "recommends at most" }
            ),
        );
    }
}
fn v398(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    validity(ctx, out, 398, true);
}
fn v397(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    validity(ctx, out, 397, false);
}
fn v200(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    validity(ctx, out, 200, true);
}
fn v199(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    validity(ctx, out, 199, false);
}
fn v100(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    validity(ctx, out, 100, true);
}
fn v99(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    validity(ctx, out, 99, false);
}
fn v47(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    validity(ctx, out, 47, true);
}
fn v46(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    validity(ctx, out, 46, false);
}

/// 2024-03-15 and 2026-03-15, the Short-lived Subscriber Certificate dates (TLS BR 1.6.1).
const SHORT_LIVED_FROM: i64 = 1_710_460_800;
const SHORT_LIVED_7_DAYS_FROM: i64 = 1_773_532_800;

/// Whether the certificate is a Short-lived Subscriber Certificate (TLS BR 1.6.1).
pub fn is_short_lived(c: &Certificate<'_>) -> bool {
    let (Some(nb), Some(secs)) = (c.not_before.unix(), c.validity_seconds()) else {
        return false;
    };
    if nb >= SHORT_LIVED_7_DAYS_FROM {
        secs <= 604_800
    } else if nb >= SHORT_LIVED_FROM {
        secs <= 864_000
    } else {
        false
    }
}

fn revocation(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let c = ctx.cert;
    if !has_extensions(c) || ext(c, oids::CRL_DISTRIBUTION_POINTS).is_some() || is_short_lived(c) {
        return;
    }
    if !aia(c).iter().any(|ad| ad.method == oids::AD_OCSP) {
        out.emit("extensions", "the certificate has neither cRLDistributionPoints nor an id-ad-ocsp authorityInformationAccess entry, and is not a Short-lived Subscriber Certificate");
    }
}

// ---------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------

/// A rule of this file: code, severity, citation, summary, scope, pkilint
/// equivalent, check and, optionally, zlint equivalent.
macro_rules! rule {
    ($code:literal, $sev:ident, $cite:literal, $summary:literal, $applies:expr, $pk:expr, $check:ident) => {
        rule!($code, $sev, $cite, $summary, $applies, $pk, $check, None)
    };
    ($code:literal, $sev:ident, $cite:literal, $summary:literal, $applies:expr, $pk:expr, $check:ident, $zl:expr) => {
        Rule {
            code: $code,
            severity: Severity::$sev,
            citation: $cite,
            summary: $summary,
            applies: $applies,
            pkilint: $pk,
            zlint: $zl,
            check: $check,
            ..Rule::NEW
        }
    };
}

/// The rules of this file.
pub static RULES: &[Rule] = &[
    // Subject by type
    rule!(
        "tls.subscriber.dv.attribute_prohibited",
        Error,
        "TLS BR 7.1.2.7.2",
        "DV subjects contain only countryName and commonName",
        dv,
        Some("cabf.serverauth.dv.unknown_attribute_present"),
        dv_other,
        Some("e_cab_dv_subject_invalid_values")
    ),
    rule!(
        "tls.subscriber.dv.common_name_present",
        Warning,
        "TLS BR 7.1.2.7.2",
        "DV subjects should not contain commonName",
        dv,
        Some("cabf.serverauth.dv.common_name_attribute_present"),
        dv_cn,
        Some("w_subject_common_name_included")
    ),
    rule!(
        "tls.subscriber.iv.common_name_present",
        Warning,
        "TLS BR 7.1.2.7.3",
        "IV subjects should not contain commonName",
        iv,
        Some("cabf.serverauth.iv.common_name_attribute_present"),
        iv_cn,
        Some("w_subject_common_name_included")
    ),
    rule!(
        "tls.subscriber.iv.country_missing",
        Error,
        "TLS BR 7.1.2.7.3",
        "IV subjects contain countryName",
        iv,
        Some("cabf.serverauth.iv.country_attribute_absent"),
        iv_country,
        Some("e_cert_policy_iv_requires_country")
    ),
    rule!(
        "tls.subscriber.iv.given_name_missing",
        Error,
        "TLS BR 7.1.2.7.3",
        "IV subjects contain givenName",
        iv,
        Some("cabf.serverauth.iv.given_name_attribute_absent"),
        iv_given
    ),
    rule!(
        "tls.subscriber.iv.surname_missing",
        Error,
        "TLS BR 7.1.2.7.3",
        "IV subjects contain surname",
        iv,
        Some("cabf.serverauth.iv.surname_attribute_absent"),
        iv_surname
    ),
    rule!(
        "tls.subscriber.iv.organizational_unit_present",
        Error,
        "TLS BR 7.1.2.7.3",
        "IV subjects do not contain organizationalUnitName",
        iv,
        Some("cabf.serverauth.iv.organizational_unit_name_attribute_present"),
        iv_ou
    ),
    rule!(
        "tls.subscriber.iv.organization_present",
        Warning,
        "TLS BR 7.1.2.7.3",
        "IV subjects should not contain organizationName",
        iv,
        Some("cabf.serverauth.iv.organization_name_attribute_present"),
        iv_org
    ),
    rule!(
        "tls.subscriber.iv.postal_code_present",
        Warning,
        "TLS BR 7.1.2.7.3",
        "IV subjects should not contain postalCode",
        iv,
        Some("cabf.serverauth.iv.postal_code_attribute_present"),
        iv_postal
    ),
    rule!(
        "tls.subscriber.iv.street_address_present",
        Warning,
        "TLS BR 7.1.2.7.3",
        "IV subjects should not contain streetAddress",
        iv,
        Some("cabf.serverauth.iv.street_address_attribute_present"),
        iv_street
    ),
    rule!(
        "tls.subscriber.iv.other_attribute_present",
        Warning,
        "TLS BR 7.1.2.7.3",
        "IV subjects should not contain attributes outside the 7.1.2.7.3 table",
        iv,
        Some("cabf.serverauth.iv.unknown_attribute_present"),
        iv_other
    ),
    rule!(
        "tls.subscriber.ov.common_name_present",
        Warning,
        "TLS BR 7.1.2.7.4",
        "OV subjects should not contain commonName",
        ov,
        Some("cabf.serverauth.ov.common_name_attribute_present"),
        ov_cn,
        Some("w_subject_common_name_included")
    ),
    rule!(
        "tls.subscriber.ov.country_missing",
        Error,
        "TLS BR 7.1.2.7.4",
        "OV subjects contain countryName",
        ov,
        Some("cabf.serverauth.ov.country_attribute_absent"),
        ov_country,
        Some("e_cert_policy_ov_requires_country")
    ),
    rule!(
        "tls.subscriber.ov.organization_missing",
        Error,
        "TLS BR 7.1.2.7.4",
        "OV subjects contain organizationName",
        ov,
        Some("cabf.serverauth.ov.organization_name_attribute_absent"),
        ov_org,
        Some("e_cab_ov_requires_org")
    ),
    rule!(
        "tls.subscriber.ov.given_name_present",
        Error,
        "TLS BR 7.1.2.7.4",
        "OV subjects do not contain givenName",
        ov,
        Some("cabf.serverauth.ov.given_name_attribute_present"),
        ov_given
    ),
    rule!(
        "tls.subscriber.ov.surname_present",
        Error,
        "TLS BR 7.1.2.7.4",
        "OV subjects do not contain surname",
        ov,
        Some("cabf.serverauth.ov.surname_attribute_present"),
        ov_surname
    ),
    rule!(
        "tls.subscriber.ov.organizational_unit_present",
        Error,
        "TLS BR 7.1.2.7.4",
        "OV subjects do not contain organizationalUnitName",
        ov,
        Some("cabf.serverauth.ov.organizational_unit_name_attribute_present"),
        ov_ou
    ),
    rule!(
        "tls.subscriber.ov.postal_code_present",
        Warning,
        "TLS BR 7.1.2.7.4",
        "OV subjects should not contain postalCode",
        ov,
        Some("cabf.serverauth.ov.postal_code_attribute_present"),
        ov_postal
    ),
    rule!(
        "tls.subscriber.ov.street_address_present",
        Warning,
        "TLS BR 7.1.2.7.4",
        "OV subjects should not contain streetAddress",
        ov,
        Some("cabf.serverauth.ov.street_address_attribute_present"),
        ov_street
    ),
    rule!(
        "tls.subscriber.ov.other_attribute_present",
        Warning,
        "TLS BR 7.1.2.7.4",
        "OV subjects should not contain attributes outside the 7.1.2.7.4 table",
        ov,
        Some("cabf.serverauth.ov.unknown_attribute_present"),
        ov_other
    ),
    rule!(
        "tls.subscriber.subject.locality_and_state_missing",
        Error,
        "TLS BR 7.1.2.7.3; TLS BR 7.1.2.7.4; EVG 7.1.4.2.6",
        "IV, OV and EV subjects contain localityName or stateOrProvinceName",
        identified,
        Some("cabf.serverauth.subscriber_stateprovince_and_locality_missing"),
        locality_or_state,
        Some("e_cert_policy_ov_requires_province_or_locality")
    ),
    rule!(
        "tls.subscriber.subject.metadata_only_value",
        Error,
        "TLS BR 7.1.2.7.3; TLS BR 7.1.2.7.4; TLS BR 7.1.2.7.5",
        "IV, OV and EV subject attributes do not contain only metadata such as '.', '-' and ' '",
        identified,
        None,
        metadata_only,
        Some("e_subject_contains_noninformational_value")
    ),
    rule!(
        "tls.subscriber.subject.country_invalid",
        Error,
        "TLS BR 7.1.2.7.2; TLS BR 7.1.2.7.3; TLS BR 7.1.2.7.4; EVG 7.1.4.2.6",
        "countryName is an ISO 3166-1 alpha-2 code or XX",
        subscriber,
        Some("cabf.invalid_country_code"),
        country_code,
        Some("e_subject_country_not_iso")
    ),
    rule!(
        "tls.subscriber.common_name.not_in_san",
        Error,
        "TLS BR 7.1.4.3",
        "commonName, if present, is a subjectAltName value in the required text form",
        subscriber,
        Some("cabf.serverauth.subscriber_common_name_unknown_source"),
        common_name_in_san,
        Some("e_subject_common_name_not_exactly_from_san")
    ),
    // Extensions (7.1.2.7.6)
    rule!(
        "tls.subscriber.extensions.missing",
        Error,
        "TLS BR 7.1.2.7.6",
        "Subscriber certificates have extensions",
        subscriber,
        Some("cabf.certificate_extensions_missing"),
        no_extensions
    ),
    rule!(
        "tls.subscriber.aia.missing",
        Error,
        "TLS BR 7.1.2.7.6",
        "authorityInformationAccess is present",
        subscriber,
        Some("cabf.serverauth.subscriber.authority_info_access_extension_absent"),
        aia_missing,
        Some("e_sub_cert_aia_missing")
    ),
    rule!(
        "tls.subscriber.certificate_policies.missing",
        Error,
        "TLS BR 7.1.2.7.6",
        "certificatePolicies is present",
        subscriber,
        Some("cabf.serverauth.subscriber.certificate_policies_extension_absent"),
        cp_missing,
        Some("e_sub_cert_certificate_policies_missing")
    ),
    rule!(
        "tls.subscriber.eku.missing",
        Error,
        "TLS BR 7.1.2.7.6",
        "extKeyUsage is present",
        subscriber,
        Some("cabf.serverauth.subscriber.extended_key_usage_extension_absent"),
        eku_missing,
        Some("e_sub_cert_eku_missing")
    ),
    rule!(
        "tls.subscriber.san.missing",
        Error,
        "TLS BR 7.1.2.7.6; TLS BR 7.1.2.7.12",
        "subjectAltName is present",
        subscriber,
        Some("cabf.serverauth.subscriber.subject_altname_extension_absent"),
        san_missing,
        Some("e_ext_san_missing")
    ),
    rule!(
        "tls.subscriber.key_usage.missing",
        Warning,
        "TLS BR 7.1.2.7.6",
        "keyUsage should be present",
        subscriber,
        Some("cabf.serverauth.subscriber.key_usage_extension_absent"),
        ku_missing
    ),
    rule!(
        "tls.subscriber.ski.present",
        Warning,
        "TLS BR 7.1.2.7.6",
        "subjectKeyIdentifier should be absent",
        subscriber,
        Some("cabf.serverauth.subscriber.subject_key_identifier_extension_present"),
        ski_present,
        Some("w_ext_subject_key_identifier_not_recommended_subscriber")
    ),
    rule!(
        "tls.subscriber.extension.not_recommended",
        Warning,
        "TLS BR 7.1.2.7.6",
        "No extension outside the 7.1.2.7.6 table (and the precertificate poison)",
        subscriber,
        Some("cabf.serverauth.subscriber.unknown_extension_present"),
        other_extension
    ),
    rule!(
        "tls.subscriber.certificate_policies.critical",
        Error,
        "TLS BR 7.1.2.7.6",
        "certificatePolicies is not critical",
        subscriber,
        Some("cabf.serverauth.subscriber.critical_certificate_policies_extension"),
        cp_critical,
        Some("w_sub_cert_certificate_policies_marked_critical")
    ),
    rule!(
        "tls.subscriber.eku.critical",
        Error,
        "TLS BR 7.1.2.7.6",
        "extKeyUsage is not critical",
        subscriber,
        Some("cabf.serverauth.subscriber.critical_extended_key_usage_extension"),
        eku_critical,
        Some("e_eku_critical")
    ),
    rule!(
        "tls.subscriber.crl_distribution_points.critical",
        Error,
        "TLS BR 7.1.2.7.6",
        "cRLDistributionPoints is not critical",
        subscriber,
        Some("cabf.serverauth.subscriber.critical_crl_distribution_points_extension"),
        crldp_critical,
        Some("e_sub_cert_crl_distribution_points_marked_critical")
    ),
    rule!(
        "tls.subscriber.sct_list.critical",
        Error,
        "TLS BR 7.1.2.7.6",
        "The Signed Certificate Timestamp List is not critical",
        subscriber,
        Some("cabf.serverauth.subscriber.critical_sct_list_extension"),
        sct_critical
    ),
    rule!(
        "tls.subscriber.basic_constraints.not_critical",
        Error,
        "TLS BR 7.1.2.7.6",
        "basicConstraints, if present, is critical",
        subscriber,
        Some("cabf.serverauth.subscriber.non_critical_basic_constraints_extension"),
        bc_not_critical,
        Some("e_sub_cert_basic_constraints_not_critical")
    ),
    rule!(
        "tls.subscriber.key_usage.not_critical",
        Error,
        "TLS BR 7.1.2.7.6",
        "keyUsage, if present, is critical",
        subscriber,
        Some("cabf.serverauth.subscriber.non_critical_key_usage_extension"),
        ku_not_critical
    ),
    // Precertificates (7.1.2.9)
    rule!(
        "tls.subscriber.precert.poison_value",
        Error,
        "TLS BR 7.1.2.9.3",
        "The precertificate poison extnValue is exactly 0500",
        subscriber,
        None,
        poison_value
    ),
    // AIA (7.1.2.7.7)
    rule!(
        "tls.subscriber.aia.prohibited_method",
        Error,
        "TLS BR 7.1.2.7.7",
        "AIA accessMethods are only id-ad-ocsp and id-ad-caIssuers",
        subscriber,
        Some("cabf.serverauth.subscriber.unknown_aia_access_method_present"),
        aia_method
    ),
    rule!(
        "tls.subscriber.aia.ca_issuers_missing",
        Warning,
        "TLS BR 7.1.2.7.7",
        "AIA should contain an id-ad-caIssuers entry",
        subscriber,
        Some("cabf.serverauth.subscriber.ca_issuers_aia_access_method_absent"),
        aia_ca_issuers
    ),
    rule!(
        "tls.subscriber.aia.location_not_uri",
        Error,
        "TLS BR 7.1.2.7.7",
        "AIA accessLocations are uniformResourceIdentifiers",
        subscriber,
        Some("cabf.serverauth.aia_location_not_uri"),
        aia_not_uri
    ),
    rule!(
        "tls.subscriber.aia.location_not_http",
        Error,
        "TLS BR 7.1.2.7.7",
        "AIA accessLocations are HTTP URLs",
        subscriber,
        Some("cabf.serverauth.aia_location_uri_not_http"),
        aia_not_http
    ),
    rule!(
        "tls.subscriber.aia.duplicate_location",
        Error,
        "TLS BR 7.1.2.7.7",
        "AIA accessLocations for the same accessMethod are unique",
        subscriber,
        Some("cabf.serverauth.aia_duplicate_location"),
        aia_duplicate,
        Some("e_aia_unique_access_locations")
    ),
    // Basic constraints (7.1.2.7.8)
    rule!(
        "tls.subscriber.basic_constraints.ca",
        Error,
        "TLS BR 7.1.2.7.8",
        "basicConstraints cA is FALSE",
        subscriber,
        Some("cabf.serverauth.subscriber_basic_constraints_ca_bit_set"),
        bc_ca,
        Some("e_sub_cert_not_is_ca")
    ),
    rule!(
        "tls.subscriber.basic_constraints.path_len_present",
        Error,
        "TLS BR 7.1.2.7.8",
        "basicConstraints has no pathLenConstraint",
        subscriber,
        None,
        bc_path_len
    ),
    // Certificate policies (7.1.2.7.9)
    rule!(
        "tls.subscriber.policy.reserved_missing",
        Error,
        "TLS BR 7.1.2.7.2; TLS BR 7.1.2.7.3; TLS BR 7.1.2.7.4; TLS BR 7.1.2.7.5; TLS BR 7.1.2.7.9",
        "certificatePolicies asserts the reserved policy identifier of the certificate's type",
        subscriber,
        Some("cabf.serverauth.subscriber_missing_reserved_policy_oid"),
        policy_reserved_missing
    ),
    rule!(
        "tls.subscriber.policy.multiple_reserved",
        Error,
        "TLS BR 7.1.2.7.9",
        "certificatePolicies contains exactly one reserved policy identifier",
        subscriber,
        Some("cabf.serverauth.subscriber_multiple_reserved_policy_oids"),
        policy_multiple_reserved
    ),
    rule!(
        "tls.subscriber.policy.any_policy",
        Error,
        "TLS BR 7.1.2.7.9",
        "certificatePolicies does not contain anyPolicy",
        subscriber,
        Some("cabf.serverauth.subscriber_anypolicy_oid_present"),
        policy_any
    ),
    rule!(
        "tls.subscriber.policy.first_not_reserved",
        Warning,
        "TLS BR 7.1.2.7.9",
        "The first PolicyInformation should be the reserved policy identifier",
        subscriber,
        Some("cabf.serverauth.subscriber_first_policy_oid_not_reserved"),
        policy_first
    ),
    rule!(
        "tls.subscriber.policy.qualifier_present",
        Warning,
        "TLS BR 7.1.2.7.9",
        "PolicyInformation should have no policyQualifiers",
        subscriber,
        Some("cabf.serverauth.certificate_policy_qualifier_present"),
        policy_qualifier_present
    ),
    rule!(
        "tls.subscriber.policy.qualifier_prohibited",
        Error,
        "TLS BR 7.1.2.7.9",
        "The only policyQualifier is id-qt-cps",
        subscriber,
        Some("cabf.serverauth.prohibited_certificate_policy_qualifier_type"),
        policy_qualifier_prohibited,
        Some("e_policy_qualifiers_other_than_cps_not_permitted")
    ),
    rule!(
        "tls.subscriber.policy.cps_uri_not_http",
        Error,
        "TLS BR 7.1.2.7.9",
        "CPS qualifiers are HTTP or HTTPS URLs in IA5String",
        subscriber,
        Some("cabf.cps_uri_is_not_http"),
        policy_cps_http,
        Some("e_invalid_cps_uri")
    ),
    // EKU (7.1.2.7.10)
    rule!(
        "tls.subscriber.eku.server_auth_missing",
        Error,
        "TLS BR 7.1.2.7.10",
        "extKeyUsage contains id-kp-serverAuth",
        subscriber,
        Some("cabf.serverauth.subscriber.serverauth_eku_absent"),
        eku_server_auth
    ),
    rule!(
        "tls.subscriber.eku.code_signing",
        Error,
        "TLS BR 7.1.2.7.10",
        "extKeyUsage does not contain id-kp-codeSigning",
        subscriber,
        Some("cabf.serverauth.subscriber.codesigning_eku_present"),
        eku_code_signing
    ),
    rule!(
        "tls.subscriber.eku.email_protection",
        Error,
        "TLS BR 7.1.2.7.10",
        "extKeyUsage does not contain id-kp-emailProtection",
        subscriber,
        Some("cabf.serverauth.subscriber.emailprotection_eku_present"),
        eku_email
    ),
    rule!(
        "tls.subscriber.eku.time_stamping",
        Error,
        "TLS BR 7.1.2.7.10",
        "extKeyUsage does not contain id-kp-timeStamping",
        subscriber,
        Some("cabf.serverauth.subscriber.timestamping_eku_present"),
        eku_time_stamping
    ),
    rule!(
        "tls.subscriber.eku.ocsp_signing",
        Error,
        "TLS BR 7.1.2.7.10",
        "extKeyUsage does not contain id-kp-OCSPSigning",
        subscriber,
        None,
        eku_ocsp
    ),
    rule!(
        "tls.subscriber.eku.any",
        Error,
        "TLS BR 7.1.2.7.10",
        "extKeyUsage does not contain anyExtendedKeyUsage",
        subscriber,
        Some("cabf.serverauth.subscriber.anyeku_eku_present"),
        eku_any
    ),
    rule!(
        "tls.subscriber.eku.precert_signing",
        Error,
        "TLS BR 7.1.2.7.10",
        "extKeyUsage does not contain the Precertificate Signing Certificate purpose",
        subscriber,
        Some("cabf.serverauth.subscriber.precertsigning_eku_present"),
        eku_precert
    ),
    rule!(
        "tls.subscriber.eku.other_purpose",
        Warning,
        "TLS BR 7.1.2.7.10",
        "extKeyUsage should contain no purposes beyond serverAuth and clientAuth",
        subscriber,
        Some("cabf.serverauth.subscriber.unknown_eku_present"),
        eku_other
    ),
    // Key usage (7.1.2.7.11)
    rule!(
        "tls.subscriber.key_usage.prohibited",
        Error,
        "TLS BR 7.1.2.7.11",
        "keyUsage asserts only the bits permitted for the key type",
        subscriber,
        Some("cabf.serverauth.subscriber_prohibited_ku_present"),
        ku_prohibited
    ),
    rule!(
        "tls.subscriber.key_usage.ec_digital_signature_missing",
        Error,
        "TLS BR 7.1.2.7.11",
        "keyUsage of ECC keys asserts digitalSignature",
        subscriber,
        Some("cabf.serverauth.subscriber_required_ku_missing"),
        ku_ec_digital_signature
    ),
    rule!(
        "tls.subscriber.key_usage.rsa_digital_signature_missing",
        Warning,
        "TLS BR 7.1.2.7.11",
        "keyUsage of RSA keys should assert digitalSignature",
        subscriber,
        Some("cabf.serverauth.subscriber_recommended_ku_missing"),
        ku_rsa_digital_signature
    ),
    rule!(
        "tls.subscriber.key_usage.discouraged",
        Warning,
        "TLS BR 7.1.2.7.11",
        "keyUsage should not assert dataEncipherment (RSA) or keyAgreement (ECC)",
        subscriber,
        Some("cabf.serverauth.subscriber_discouraged_ku_present"),
        ku_discouraged
    ),
    rule!(
        "tls.subscriber.key_usage.rsa_signature_and_encipherment",
        Warning,
        "TLS BR 7.1.2.7.11",
        "keyUsage of RSA keys should not assert both digitalSignature and keyEncipherment",
        subscriber,
        Some("cabf.serverauth.subscriber_rsa_digitalsignature_and_keyencipherment_present"),
        ku_rsa_both
    ),
    // SAN (7.1.2.7.12)
    rule!(
        "tls.subscriber.san.no_dns_or_ip",
        Error,
        "TLS BR 7.1.2.7.12",
        "subjectAltName contains at least one dNSName or iPAddress",
        subscriber,
        None,
        san_no_dns_ip
    ),
    rule!(
        "tls.subscriber.san.prohibited_type",
        Error,
        "TLS BR 7.1.2.7.12",
        "subjectAltName contains only dNSName and iPAddress names",
        subscriber,
        Some("cabf.serverauth.prohibited_san_type"),
        san_type
    ),
    rule!(
        "tls.subscriber.san.critical_with_subject",
        Error,
        "TLS BR 7.1.2.7.12",
        "subjectAltName is not critical when the subject is not empty",
        subscriber,
        Some("pkix.san_extension_is_critical_non_empty_subject"),
        san_critical,
        Some("w_ext_san_critical_with_subject_dn")
    ),
    rule!(
        "tls.subscriber.dns_name.invalid_syntax",
        Error,
        "TLS BR 7.1.2.7.12",
        "dNSNames are FQDNs or Wildcard Domain Names of LDH labels without the root label",
        subscriber,
        Some("cabf.serverauth.invalid_dnsname_syntax"),
        dns_syntax
    ),
    rule!(
        "tls.subscriber.dns_name.reserved_label",
        Error,
        "TLS BR 7.1.2.7.12",
        "dNSName labels are P-Labels or Non-Reserved LDH Labels",
        subscriber,
        Some("cabf.serverauth.dnsname_contains_prohibited_reserved_label"),
        dns_reserved_label,
        Some("e_dnsname_contains_prohibited_reserved_label")
    ),
    rule!(
        "tls.subscriber.dns_name.invalid_p_label",
        Error,
        "TLS BR 7.1.2.7.12",
        "xn-- labels of dNSNames are valid P-Labels (decodable, canonical Punycode)",
        subscriber,
        Some("cabf.serverauth.invalid_plabel_encoding"),
        dns_plabel
    ),
    rule!(
        "tls.subscriber.dns_name.internal_name",
        Error,
        "TLS BR 7.1.2.7.12",
        "dNSNames are not Internal Names (their TLD is publicly delegated)",
        subscriber,
        Some("cabf.internal_domain_name"),
        dns_internal
    ),
    // A notice, not an error: an Applicant that proves control of the whole
    // namespace (a gTLD's registrant) may have the wildcard.
    rule!(
        "tls.subscriber.dns_name.wildcard_left_of_public_suffix",
        Notice,
        "TLS BR 3.2.2.6",
        "A Wildcard Domain Name's wildcard is not directly left of a public suffix (the Public Suffix List's ICANN section), unless the Applicant controls the entire namespace",
        subscriber,
        None,
        dns_wildcard_public_suffix,
        Some("n_dnsname_wildcard_left_of_public_suffix")
    ),
    Rule {
        effective_from: Some("2026-03-15"),
        ..rule!(
            "tls.subscriber.dns_name.reverse_zone",
            Error,
            "TLS BR 7.1.2.7.12",
            "dNSNames do not end in an IP Address Reverse Zone Suffix (from 2026-03-15)",
            subscriber,
            Some("cabf.serverauth.ip_reverse_zone_domain_name_present"),
            dns_reverse_zone,
            Some("e_arpa_domain_not_allowed")
        )
    },
    rule!(
        "tls.subscriber.dns_name.onion_not_v3",
        Error,
        "TLS BR 7.1.2.7.12; TLS BR Appendix B",
        "Onion Domain Names are version 3 addresses (56 base32 characters)",
        subscriber,
        Some("cabf.serverauth.invalid_tor_v3_domain_name"),
        onion_v3
    ),
    rule!(
        "tls.subscriber.dns_name.onion_version",
        Error,
        "TLS BR 7.1.2.7.12; TLS BR Appendix B",
        "Onion Domain Names encode version 3",
        subscriber,
        Some("cabf.serverauth.invalid_tor_version"),
        onion_version
    ),
    rule!(
        "tls.subscriber.dns_name.onion_checksum",
        Error,
        "TLS BR 7.1.2.7.12; TLS BR Appendix B",
        "Onion Domain Names have a valid checksum",
        subscriber,
        Some("cabf.serverauth.invalid_tor_checksum"),
        onion_checksum
    ),
    rule!(
        "tls.subscriber.ip_address.reserved",
        Error,
        "TLS BR 7.1.2.7.12",
        "iPAddress names are not Reserved IP Addresses",
        subscriber,
        Some("cabf.internal_ip_address"),
        ip_reserved,
        Some("e_ext_san_contains_reserved_ip")
    ),
    // Validity (6.3.2)
    Rule {
        effective_until: Some("2026-03-15"),
        ..rule!(
            "tls.subscriber.validity.over_398_days",
            Error,
            "TLS BR 6.3.2",
            "Validity is at most 398 days (notBefore before 2026-03-15)",
            subscriber,
            Some("cabf.serverauth.certificate_validity_period_exceeds_398_days"),
            v398
        )
    },
    Rule {
        effective_until: Some("2026-03-15"),
        ..rule!(
            "tls.subscriber.validity.over_397_days",
            Warning,
            "TLS BR 6.3.2",
            "Validity should be at most 397 days (notBefore before 2026-03-15); reported only when within the 398-day limit",
            subscriber,
            Some("cabf.serverauth.certificate_validity_period_exceeds_397_days"),
            v397
        )
    },
    Rule {
        effective_from: Some("2026-03-15"),
        effective_until: Some("2027-03-15"),
        ..rule!(
            "tls.subscriber.validity.over_200_days",
            Error,
            "TLS BR 6.3.2",
            "Validity is at most 200 days (notBefore from 2026-03-15 to 2027-03-14)",
            subscriber,
            Some("cabf.serverauth.certificate_validity_period_exceeds_200_days"),
            v200,
            Some("e_server_cert_valid_time_longer_than_200_days")
        )
    },
    Rule {
        effective_from: Some("2026-03-15"),
        effective_until: Some("2027-03-15"),
        ..rule!(
            "tls.subscriber.validity.over_199_days",
            Warning,
            "TLS BR 6.3.2",
            "Validity should be at most 199 days (notBefore from 2026-03-15 to 2027-03-14)",
            subscriber,
            Some("cabf.serverauth.certificate_validity_period_exceeds_199_days"),
            v199,
            Some("w_server_cert_valid_time_longer_than_199_days")
        )
    },
    Rule {
        effective_from: Some("2027-03-15"),
        effective_until: Some("2029-03-15"),
        ..rule!(
            "tls.subscriber.validity.over_100_days",
            Error,
            "TLS BR 6.3.2",
            "Validity is at most 100 days (notBefore from 2027-03-15 to 2029-03-14)",
            subscriber,
            Some("cabf.serverauth.certificate_validity_period_exceeds_100_days"),
            v100,
            Some("e_server_cert_valid_time_longer_than_100_days")
        )
    },
    Rule {
        effective_from: Some("2027-03-15"),
        effective_until: Some("2029-03-15"),
        ..rule!(
            "tls.subscriber.validity.over_99_days",
            Warning,
            "TLS BR 6.3.2",
            "Validity should be at most 99 days (notBefore from 2027-03-15 to 2029-03-14)",
            subscriber,
            Some("cabf.serverauth.certificate_validity_period_exceeds_99_days"),
            v99,
            Some("w_server_cert_valid_time_longer_than_99_days")
        )
    },
    Rule {
        effective_from: Some("2029-03-15"),
        ..rule!(
            "tls.subscriber.validity.over_47_days",
            Error,
            "TLS BR 6.3.2",
            "Validity is at most 47 days (notBefore from 2029-03-15)",
            subscriber,
            Some("cabf.serverauth.certificate_validity_period_exceeds_47_days"),
            v47,
            Some("e_server_cert_valid_time_longer_than_47_days")
        )
    },
    Rule {
        effective_from: Some("2029-03-15"),
        ..rule!(
            "tls.subscriber.validity.over_46_days",
            Warning,
            "TLS BR 6.3.2",
            "Validity should be at most 46 days (notBefore from 2029-03-15)",
            subscriber,
            Some("cabf.serverauth.certificate_validity_period_exceeds_46_days"),
            v46,
            Some("w_server_cert_valid_time_longer_than_46_days")
        )
    },
    // Revocation information (7.1.2.11.2)
    rule!(
        "tls.subscriber.revocation.missing",
        Error,
        "TLS BR 7.1.2.11.2; TLS BR 7.1.2.7.6",
        "Subscriber certificates that are not Short-lived have cRLDistributionPoints or an AIA id-ad-ocsp entry",
        subscriber,
        Some("cabf.serverauth.subscriber.revocation_information_absent"),
        revocation,
        Some("e_missing_crl_distrib_point")
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha3_known_answers() {
        let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
        assert_eq!(
            hex(&sha3_256(b"")),
            "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a"
        );
        assert_eq!(
            hex(&sha3_256(b"abc")),
            "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532"
        );
        assert_eq!(hex(&sha3_256(&[0x61; 200])).len(), 64);
    }

    #[test]
    fn punycode_round_trip() {
        let d = punycode_decode("bcher-kva").unwrap_or_default();
        assert_eq!(d.iter().collect::<String>(), "bücher");
        assert_eq!(punycode_encode(&d).as_deref(), Some("bcher-kva"));
        assert!(plabel_problem("xn--bcher-kva").is_none());
        assert!(plabel_problem("xn--jrigrg-xn").is_some());
    }

    #[test]
    fn ipv6_text() {
        let mut b = [0u8; 16];
        b[0] = 0x20;
        b[1] = 0x01;
        b[2] = 0x0d;
        b[3] = 0xb8;
        b[15] = 1;
        assert_eq!(ip_text(&b).as_deref(), Some("2001:db8::1"));
    }

    #[test]
    fn onion_checks() {
        assert_eq!(
            onion_problem("t3y3qp7zoduvisdl.onion"),
            Some(OnionProblem::NotV3)
        );
        assert_eq!(
            onion_problem("yimgcomo64k4qlbfz2wtpgjylq5ofktiyrxs2pxzssi3ojemrg3toqyd.onion"),
            None
        );
        assert_eq!(
            onion_problem("VOACHINA7EPT5K3ZHJYRCF6N6VHDV7RUUS4T7KN7YVQEDLJCFUQGQPQD.onion"),
            Some(OnionProblem::Checksum)
        );
        assert_eq!(onion_problem("www.example.com"), None);
    }
}
