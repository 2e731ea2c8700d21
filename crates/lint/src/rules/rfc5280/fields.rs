//! TBSCertificate fields: version, serialNumber, issuer, validity, subject,
//! unique identifiers and the extensions list itself (RFC 5280 4.1).

use std::collections::HashMap;

use cert::Version;
use cert::oids;
use cert::time::{self, TimeEncoding, TimeField};

use super::util::{ext_loc, ext_name};
use crate::rule::{Ctx, Out};

pub(super) fn version_extensions(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let c = ctx.cert;
    if c.extensions.is_some() && c.version != Version::V3 {
        out.emit(
            "version",
            format!(
                "the certificate has an extensions field but its version is {}, not v3",
                c.version
            ),
        );
    }
}

pub(super) fn version_unique_ids(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let c = ctx.cert;
    let has_ids = c.issuer_unique_id.is_some() || c.subject_unique_id.is_some();
    if has_ids && !matches!(c.version, Version::V2 | Version::V3) {
        out.emit(
            "version",
            format!(
                "the certificate has unique identifiers but its version is {}, not v2 or v3",
                c.version
            ),
        );
    }
}

pub(super) fn version_unknown(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let Version::Other(n) = ctx.cert.version {
        out.emit(
            "version",
            format!("version value {n} is not v1 (0), v2 (1) or v3 (2)"),
        );
    }
}

pub(super) fn serial_not_positive(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let s = ctx.cert.serial;
    if s.first().is_some_and(|b| b & 0x80 != 0) {
        out.emit(
            "serialNumber",
            format!("serial number {} is negative", ctx.cert.serial_hex()),
        );
    } else if s.iter().all(|&b| b == 0) {
        out.emit("serialNumber", "serial number is zero");
    }
}

pub(super) fn serial_too_long(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let n = ctx.cert.serial.len();
    if n > 20 {
        out.emit(
            "serialNumber",
            format!("serial number is {n} octets long; at most 20 are allowed"),
        );
    }
}

pub(super) fn issuer_empty(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ctx.cert.issuer.is_empty() {
        out.emit("issuer", "the issuer distinguished name is empty");
    }
}

fn times<'c, 'a>(ctx: &'c Ctx<'a>) -> [(&'static str, &'c TimeField<'a>); 2] {
    [
        ("validity.notBefore", &ctx.cert.not_before),
        ("validity.notAfter", &ctx.cert.not_after),
    ]
}

pub(super) fn time_undecodable(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (loc, t) in times(ctx) {
        if let Err(why) = t.time {
            out.emit(
                loc,
                format!("{loc} is not a valid UTCTime or GeneralizedTime: {why}"),
            );
        }
    }
}

fn format_problem(ctx: &Ctx<'_>, out: &mut Out<'_>, enc: TimeEncoding, form: &str) {
    for (loc, t) in times(ctx) {
        if let Ok(v) = t.time
            && v.encoding == enc
            && let Some(p) = v.format_problem
        {
            out.emit(
                loc,
                format!(
                    "{loc} value \"{}\" is not in the form {form}: {p}",
                    super::util::show(t.tlv.value)
                ),
            );
        }
    }
}

pub(super) fn utctime_format(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    format_problem(ctx, out, TimeEncoding::UtcTime, "YYMMDDHHMMSSZ");
}

pub(super) fn generalized_time_format(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    format_problem(ctx, out, TimeEncoding::GeneralizedTime, "YYYYMMDDHHMMSSZ");
}

pub(super) fn wrong_time_type(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let y2050 = time::unix_from_parts(2050, 1, 1, 0, 0, 0);
    for (loc, t) in times(ctx) {
        let Ok(v) = t.time else { continue };
        match v.encoding {
            TimeEncoding::GeneralizedTime if v.unix < y2050 => out.emit(
                loc,
                format!(
                    "{loc} {} is before 2050 but encoded as GeneralizedTime instead of UTCTime",
                    time::format_unix(v.unix)
                ),
            ),
            TimeEncoding::UtcTime if v.unix >= y2050 => out.emit(
                loc,
                format!(
                    "{loc} {} is in 2050 or later but encoded as UTCTime",
                    time::format_unix(v.unix)
                ),
            ),
            _ => {}
        }
    }
}

pub(super) fn negative_validity(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let (Some(nb), Some(na)) = (ctx.cert.not_before.unix(), ctx.cert.not_after.unix())
        && na < nb
    {
        out.emit(
            "validity",
            format!(
                "notAfter {} is earlier than notBefore {}",
                time::format_unix(na),
                time::format_unix(nb)
            ),
        );
    }
}

pub(super) fn subject_empty_without_san(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ctx.cert.subject.is_empty() && ctx.cert.extension(oids::SUBJECT_ALT_NAME).is_none() {
        out.emit(
            "subject",
            "the subject is empty and there is no subjectAltName extension",
        );
    }
}

pub(super) fn san_not_critical_empty_subject(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if !ctx.cert.subject.is_empty() {
        return;
    }
    if let Some(e) = ctx.cert.extension(oids::SUBJECT_ALT_NAME)
        && !e.critical
    {
        out.emit(
            ext_loc(oids::SUBJECT_ALT_NAME),
            "the subject is empty but subjectAltName is not marked critical",
        );
    }
}

pub(super) fn san_critical_with_subject(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ctx.cert.subject.is_empty() {
        return;
    }
    if let Some(e) = ctx.cert.extension(oids::SUBJECT_ALT_NAME)
        && e.critical
    {
        out.emit(
            ext_loc(oids::SUBJECT_ALT_NAME),
            "subjectAltName is marked critical although the subject is not empty",
        );
    }
}

/// Why a restricted character string's content is not of its type (X.680
/// 41.4 Table 10 for PrintableString; IA5 is ASCII, VisibleString its
/// printing characters, NumericString digits and space), if it is not.
fn string_problem(t: &cert::der::Tlv<'_>) -> Option<&'static str> {
    use cert::der::tag;
    let v = t.value;
    match t.tag {
        tag::PRINTABLE_STRING => (!v.iter().all(|&b| cert::name::is_printable_char(b)))
            .then_some("has characters outside the PrintableString set (A-Z a-z 0-9 space ' ( ) + , - . / : = ?)"),
        tag::IA5_STRING => (!v.is_ascii()).then_some("has octets outside IA5 (ASCII)"),
        tag::VISIBLE_STRING => (!v.iter().all(|b| (0x20..0x7f).contains(b)))
            .then_some("has octets outside the VisibleString set (printing ASCII)"),
        tag::NUMERIC_STRING => (!v.iter().all(|&b| b.is_ascii_digit() || b == b' '))
            .then_some("has characters other than digits and space, which NumericString allows"),
        tag::UTF8_STRING => std::str::from_utf8(v).is_err().then_some("is not valid UTF-8"),
        // UCS-2: two octets a character, and no surrogate code units (those
        // encode characters outside the Basic Multilingual Plane).
        tag::BMP_STRING if !v.len().is_multiple_of(2) => {
            Some("has an odd number of octets, which BMPString cannot hold")
        }
        tag::BMP_STRING => v
            .chunks_exact(2)
            .any(|c| (0xd8..=0xdf).contains(&c[0]))
            .then_some("has UTF-16 surrogates, which BMPString (UCS-2) cannot hold"),
        tag::UNIVERSAL_STRING => (!v.len().is_multiple_of(4)
            || v.chunks_exact(4).any(|c| {
                char::from_u32(u32::from_be_bytes([c[0], c[1], c[2], c[3]])).is_none()
            }))
        .then_some("is not a sequence of UCS-4 characters"),
        _ => None,
    }
}

pub(super) fn name_string_characters(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (field, name) in [("issuer", &ctx.cert.issuer), ("subject", &ctx.cert.subject)] {
        for (i, rdn) in name.rdns.iter().enumerate() {
            for a in &rdn.attrs {
                if let Some(why) = string_problem(&a.value) {
                    let attr = a
                        .oid
                        .short_name()
                        .map_or_else(|| a.oid.to_string(), str::to_owned);
                    out.emit(
                        format!("{field}.rdnSequence[{i}].{attr}"),
                        format!(
                            "{attr} value \"{}\" {why}",
                            crate::rules::show(a.value.value)
                        ),
                    );
                }
            }
        }
    }
}

/// The subject's only: an issuer name is the issuing CA's subject, reported
/// on that CA's own certificate.
pub(super) fn domain_component_label(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (i, rdn) in ctx.cert.subject.rdns.iter().enumerate() {
        for a in rdn.attrs.iter().filter(|a| a.oid == oids::DOMAIN_COMPONENT) {
            let v = a.value.value;
            let why = if v.is_empty() || v.len() > 63 {
                format!("is {} octets long; a DNS label has 1 to 63", v.len())
            } else if v.contains(&b'.') {
                // RFC 4519 2.4: "example.com" is two labels, two DC attributes.
                format!("\"{}\" holds more than one label", crate::rules::show(v))
            } else {
                continue;
            };
            out.emit(
                format!("subject.rdnSequence[{i}].DC"),
                format!("domainComponent value {why}"),
            );
        }
    }
}

pub(super) fn ca_subject_empty(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let c = ctx.cert;
    if !c.subject.is_empty() {
        return;
    }
    let crl_signer = c
        .key_usage()
        .is_some_and(|k| k.has(cert::KeyUsageBit::CrlSign));
    if c.is_ca() {
        out.emit(
            "subject",
            "the subject of a CA certificate (basicConstraints cA TRUE) is empty",
        );
    } else if crl_signer {
        out.emit(
            "subject",
            "the subject of a CRL issuer certificate (keyUsage cRLSign) is empty",
        );
    }
}

pub(super) fn issuer_unique_id(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ctx.cert.issuer_unique_id.is_some() {
        out.emit("issuerUniqueID", "issuerUniqueID is present");
    }
}

pub(super) fn subject_unique_id(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ctx.cert.subject_unique_id.is_some() {
        out.emit("subjectUniqueID", "subjectUniqueID is present");
    }
}

pub(super) fn extensions_empty(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ctx.cert.extensions.as_ref().is_some_and(Vec::is_empty) {
        out.emit(
            "extensions",
            "the extensions field is present but contains no extension",
        );
    }
}

pub(super) fn duplicate_extensions(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let mut seen: HashMap<&[u8], usize> = HashMap::new();
    for (i, e) in ctx.cert.extensions().iter().enumerate() {
        let n = seen.entry(e.oid.as_bytes()).or_insert(0);
        *n += 1;
        if *n == 2 {
            out.emit(
                format!("extensions[{i}]"),
                format!("the {} extension appears more than once", ext_name(e.oid)),
            );
        }
    }
}
