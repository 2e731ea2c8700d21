//! Rules that need the issuer certificate (`--issuer`): name chaining, key
//! identifiers, the signature, validity nesting and the issuer's own
//! constraints. Every check returns early when no issuer was supplied.

use cert::name::Name;
use cert::verify::VerifyError;
use cert::{Certificate, KeyUsageBit, time};

use crate::finding::Severity;
use crate::profile::Profile;
use crate::rule::{Ctx, Out, Rule, scope};
use crate::rules::rfc5280::util::ext_loc;

/// An attribute value compared as RFC 5280 7.1 roughly does: string values
/// case-folded with whitespace trimmed and collapsed; others byte for byte.
fn fold(a: &cert::name::Attribute<'_>) -> (Vec<u8>, Vec<u8>) {
    let value = match a.text() {
        Some(t) => t
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
            .into_bytes(),
        None => a.value.raw.to_vec(),
    };
    (a.oid.as_bytes().to_vec(), value)
}

/// Whether two names match under (an approximation of) RFC 5280 7.1.
fn names_match(a: &Name<'_>, b: &Name<'_>) -> bool {
    // Identical encodings match without folding (the usual case, and the one
    // a CA produces by copying its subject: SMIME BR 7.1.4.1).
    a.raw == b.raw
        || (a.rdns.len() == b.rdns.len()
            && a.rdns.iter().zip(&b.rdns).all(|(x, y)| {
                let mut xs: Vec<_> = x.attrs.iter().map(fold).collect();
                let mut ys: Vec<_> = y.attrs.iter().map(fold).collect();
                xs.sort();
                ys.sort();
                xs == ys
            }))
}

fn issuer_of<'c>(ctx: &Ctx<'c>) -> Option<&'c Certificate<'c>> {
    ctx.issuer
}

fn name_mismatch(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(iss) = issuer_of(ctx) else { return };
    if !names_match(&ctx.cert.issuer, &iss.subject) {
        out.emit(
            "issuer",
            format!(
                "issuer \"{}\" does not match the issuer certificate's subject \"{}\"",
                ctx.cert.issuer, iss.subject
            ),
        );
    }
}

fn name_bytes(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(iss) = issuer_of(ctx) else { return };
    if ctx.cert.issuer.raw != iss.subject.raw && names_match(&ctx.cert.issuer, &iss.subject) {
        out.emit(
            "issuer",
            format!(
                "issuer \"{}\" matches the issuer certificate's subject only after normalization; the encodings differ",
                ctx.cert.issuer
            ),
        );
    }
}

fn not_smime(p: Profile) -> bool {
    !scope::smime_any(p)
}

fn aki_mismatch(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(iss) = issuer_of(ctx) else { return };
    let Some(kid) = ctx.cert.authority_key_id().and_then(|a| a.key_id) else {
        return;
    };
    match iss.subject_key_id() {
        Some(ski) if ski != kid => out.emit(
            ext_loc(cert::oids::AUTHORITY_KEY_IDENTIFIER),
            format!(
                "authorityKeyIdentifier keyIdentifier {} differs from the issuer's subjectKeyIdentifier {}",
                cert::hex_upper(kid),
                cert::hex_upper(ski)
            ),
        ),
        _ => {}
    }
}

fn aki_serial_mismatch(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(iss) = issuer_of(ctx) else { return };
    let Some(serial) = ctx.cert.authority_key_id().and_then(|a| a.serial) else {
        return;
    };
    if serial != iss.serial {
        out.emit(
            ext_loc(cert::oids::AUTHORITY_KEY_IDENTIFIER),
            format!(
                "authorityCertSerialNumber {} differs from the issuer certificate's serial number {}",
                cert::hex_upper(serial),
                iss.serial_hex()
            ),
        );
    }
}

fn signature_invalid(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(result) = ctx.issuer_signature() else {
        return;
    };
    match result {
        Ok(()) | Err(VerifyError::UnsupportedAlgorithm(_) | VerifyError::MissingParameters) => {}
        Err(e) => out.emit(
            "signatureValue",
            format!("the signature does not verify with the issuer's key: {e}"),
        ),
    }
}

fn signature_unverifiable(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    // A DSA issuer key without parameters inherits them from its own
    // issuer (RFC 3279 2.3.2), which the linter is not given.
    if let Some(Err(e @ (VerifyError::UnsupportedAlgorithm(_) | VerifyError::MissingParameters))) =
        ctx.issuer_signature()
    {
        out.emit(
            "signatureAlgorithm",
            format!("the signature could not be checked: {e}"),
        );
    }
}

fn starts_before_issuer(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(iss) = issuer_of(ctx) else { return };
    if let (Some(nb), Some(inb)) = (ctx.cert.not_before.unix(), iss.not_before.unix())
        && nb < inb
    {
        out.emit(
            "validity.notBefore",
            format!(
                "notBefore {} is earlier than the issuer certificate's notBefore {}",
                time::format_unix(nb),
                time::format_unix(inb)
            ),
        );
    }
}

fn ends_after_issuer(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(iss) = issuer_of(ctx) else { return };
    if let (Some(na), Some(ina)) = (ctx.cert.not_after.unix(), iss.not_after.unix())
        && na > ina
    {
        out.emit(
            "validity.notAfter",
            format!(
                "notAfter {} is later than the issuer certificate's notAfter {}; paths through this issuer stop validating then",
                time::format_unix(na),
                time::format_unix(ina)
            ),
        );
    }
}

fn issuer_not_ca(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(iss) = issuer_of(ctx) else { return };
    // A v1 or v2 issuer cannot say it is a CA; RFC 5280 6.1.4(k) leaves that
    // to out-of-band means, so only v3 issuers are judged.
    if iss.version == cert::Version::V3 && !iss.is_ca() {
        out.emit(
            "issuer",
            "the issuer certificate does not assert basicConstraints cA",
        );
    }
}

fn issuer_no_key_cert_sign(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(iss) = issuer_of(ctx) else { return };
    if iss
        .key_usage()
        .is_some_and(|k| !k.has(KeyUsageBit::KeyCertSign))
    {
        out.emit(
            "issuer",
            "the issuer certificate's keyUsage does not assert keyCertSign",
        );
    }
}

fn path_len(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(iss) = issuer_of(ctx) else { return };
    // Self-issued intermediates do not count towards the path length (RFC 5280 6.1.4(l)).
    if !ctx.cert.is_ca() || ctx.cert.is_self_issued() {
        return;
    }
    if iss.basic_constraints().and_then(|b| b.path_len) == Some(0) {
        out.emit(
            "issuer",
            "the issuer's pathLenConstraint is 0, so it may not issue CA certificates",
        );
    }
}

/// The rules of this file.
pub static RULES: &[Rule] = &[
    Rule {
        code: "chain.issuer_name.mismatch",
        severity: Severity::Error,
        citation: "RFC 5280 4.1.2.4; RFC 5280 7.1",
        summary: "The issuer name matches the issuer certificate's subject",
        check: name_mismatch,
        ..Rule::NEW
    },
    Rule {
        code: "chain.issuer_name.not_byte_identical",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.4.1",
        summary: "The issuer name is byte-for-byte identical to the issuer certificate's subject",
        applies: scope::smime_any,
        check: name_bytes,
        ..Rule::NEW
    },
    Rule {
        code: "chain.issuer_name.encoding_differs",
        severity: Severity::Notice,
        citation: "RFC 5280 7.1",
        summary: "The issuer name is encoded as in the issuer certificate's subject",
        applies: not_smime,
        check: name_bytes,
        ..Rule::NEW
    },
    Rule {
        code: "chain.authority_key_identifier.mismatch",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.1; SMIME BR 7.1.2.2(i)",
        summary: "authorityKeyIdentifier keyIdentifier equals the issuer's subjectKeyIdentifier",
        check: aki_mismatch,
        ..Rule::NEW
    },
    Rule {
        code: "chain.authority_key_identifier.serial_mismatch",
        severity: Severity::Notice,
        citation: "RFC 5280 4.2.1.1",
        // The CA may have several certificates for the same key (re-issued or
        // cross-certified); the AKI then names another one than the supplied
        // issuer, which no requirement forbids.
        summary: "authorityCertSerialNumber, when present, names the supplied issuer certificate",
        check: aki_serial_mismatch,
        ..Rule::NEW
    },
    Rule {
        code: "chain.signature.invalid",
        severity: Severity::Error,
        citation: "RFC 5280 6.1.3(a)(1)",
        summary: "The signature verifies with the issuer's public key",
        check: signature_invalid,
        ..Rule::NEW
    },
    Rule {
        code: "chain.signature.unverifiable",
        severity: Severity::Notice,
        citation: "RFC 5280 6.1.3(a)(1)",
        summary: "The signature algorithm is one rootward can verify, with a key that verifies on its own (not a DSA key inheriting its parameters)",
        check: signature_unverifiable,
        ..Rule::NEW
    },
    // No BR or MRSP section forbids a certificate outside its issuer's
    // validity; path validation (RFC 5280 6.1.3(a)(2)) rejects it outside
    // the overlap, so these are notices.
    Rule {
        code: "chain.validity.starts_before_issuer",
        severity: Severity::Notice,
        citation: "RFC 5280 6.1.3(a)(2)",
        summary: "notBefore is not earlier than the issuer certificate's notBefore",
        check: starts_before_issuer,
        ..Rule::NEW
    },
    Rule {
        code: "chain.validity.ends_after_issuer",
        severity: Severity::Notice,
        citation: "RFC 5280 6.1.3(a)(2)",
        summary: "notAfter is not later than the issuer certificate's notAfter",
        check: ends_after_issuer,
        ..Rule::NEW
    },
    Rule {
        code: "chain.issuer.not_ca",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.9; RFC 5280 6.1.4(k)",
        summary: "A v3 issuer certificate asserts basicConstraints cA",
        check: issuer_not_ca,
        ..Rule::NEW
    },
    Rule {
        code: "chain.issuer.no_key_cert_sign",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.3; RFC 5280 6.1.4(n)",
        summary: "The issuer certificate's keyUsage, when present, asserts keyCertSign",
        check: issuer_no_key_cert_sign,
        ..Rule::NEW
    },
    Rule {
        code: "chain.issuer.path_length_exceeded",
        severity: Severity::Error,
        citation: "RFC 5280 4.2.1.9; RFC 5280 6.1.4(m)",
        summary: "A CA certificate is not issued by a CA whose pathLenConstraint is 0",
        check: path_len,
        ..Rule::NEW
    },
];
