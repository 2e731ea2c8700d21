//! Small helpers shared by the RFC 5280 checks (and by other rule files).

use cert::ext::Extension;
use cert::{Certificate, Oid};

/// The display name of an extension OID (`extKeyUsage`, or the dotted form).
pub fn ext_name(oid: Oid<'_>) -> String {
    oid.name()
        .map(str::to_owned)
        .unwrap_or_else(|| oid.to_string())
}

/// The location string of an extension, e.g. `extensions.keyUsage`.
pub fn ext_loc(oid: Oid<'_>) -> String {
    format!("extensions.{}", ext_name(oid))
}

/// Whether basicConstraints asserts cA; `None` when the extension is present
/// but undecodable (rules that depend on it then stay silent).
pub fn ca_state(cert: &Certificate<'_>) -> Option<bool> {
    match cert.extension(cert::oids::BASIC_CONSTRAINTS) {
        None => Some(false),
        Some(e) if e.parsed.is_err() => None,
        Some(_) => Some(cert.is_ca()),
    }
}

/// Every instance of an extension (duplicates are reported elsewhere; the
/// criticality rules look at each instance).
pub fn instances<'c, 'a>(
    cert: &'c Certificate<'a>,
    oid: Oid<'static>,
) -> impl Iterator<Item = &'c Extension<'a>> + 'c {
    cert.extensions().iter().filter(move |e| e.oid == oid)
}

/// The scheme of a URI (lowercased), if it has one.
pub fn uri_scheme(uri: &[u8]) -> Option<String> {
    let s = std::str::from_utf8(uri).ok()?;
    let (scheme, _) = s.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic() && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)))
        .then(|| scheme.to_ascii_lowercase())
}

pub(crate) use crate::rules::show;

/// Whether text is a plausible fully-qualified domain name (LDH labels).
pub fn is_fqdn(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        })
}
