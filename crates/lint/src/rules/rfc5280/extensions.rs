//! Per-extension rules: criticality, presence and the relations between
//! keyUsage, basicConstraints and the key identifiers (RFC 5280 4.2.1, 4.2.2).

use cert::ext::ExtValue;
use cert::verify::{self, VerifyError};
use cert::{Certificate, KeyUsageBit, Oid, oids};

use super::util::{ca_state, ext_loc, ext_name, instances};
use crate::rule::{Ctx, Out};

fn must_not_be_critical(ctx: &Ctx<'_>, out: &mut Out<'_>, oid: Oid<'static>) {
    for _ in instances(ctx.cert, oid).filter(|e| e.critical) {
        out.emit(
            ext_loc(oid),
            format!("{} is marked critical", ext_name(oid)),
        );
    }
}

fn must_be_critical(ctx: &Ctx<'_>, out: &mut Out<'_>, oid: Oid<'static>) {
    for _ in instances(ctx.cert, oid).filter(|e| !e.critical) {
        out.emit(
            ext_loc(oid),
            format!("{} is not marked critical", ext_name(oid)),
        );
    }
}

pub(super) fn aki_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    must_not_be_critical(ctx, out, oids::AUTHORITY_KEY_IDENTIFIER);
}
pub(super) fn ski_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    must_not_be_critical(ctx, out, oids::SUBJECT_KEY_IDENTIFIER);
}
pub(super) fn aia_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    must_not_be_critical(ctx, out, oids::AUTHORITY_INFO_ACCESS);
}
pub(super) fn sia_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    must_not_be_critical(ctx, out, oids::SUBJECT_INFO_ACCESS);
}
pub(super) fn crldp_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    must_not_be_critical(ctx, out, oids::CRL_DISTRIBUTION_POINTS);
}
pub(super) fn freshest_crl_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    must_not_be_critical(ctx, out, oids::FRESHEST_CRL);
}
pub(super) fn ian_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    must_not_be_critical(ctx, out, oids::ISSUER_ALT_NAME);
}
pub(super) fn sda_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    must_not_be_critical(ctx, out, oids::SUBJECT_DIRECTORY_ATTRIBUTES);
}
pub(super) fn name_constraints_not_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    must_be_critical(ctx, out, oids::NAME_CONSTRAINTS);
}
pub(super) fn policy_mappings_not_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    must_be_critical(ctx, out, oids::POLICY_MAPPINGS);
}
pub(super) fn policy_constraints_not_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    must_be_critical(ctx, out, oids::POLICY_CONSTRAINTS);
}
pub(super) fn inhibit_any_policy_not_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    must_be_critical(ctx, out, oids::INHIBIT_ANY_POLICY);
}
pub(super) fn key_usage_not_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    must_be_critical(ctx, out, oids::KEY_USAGE);
}

pub(super) fn basic_constraints_not_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    // Only CA certificates must mark it critical; end-entity certificates may do either.
    if !ctx.cert.is_ca() {
        return;
    }
    must_be_critical(ctx, out, oids::BASIC_CONSTRAINTS);
}

/// Whether extKeyUsage is marked critical, when it lists `purpose`.
fn eku_critical_listing(ctx: &Ctx<'_>, purpose: Oid<'_>) -> Option<bool> {
    let e = ctx.cert.extension(oids::EXT_KEY_USAGE)?;
    ctx.cert
        .ext_key_usage()
        .is_some_and(|p| p.contains(&purpose))
        .then_some(e.critical)
}

pub(super) fn eku_critical_with_any(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if eku_critical_listing(ctx, oids::ANY_EXTENDED_KEY_USAGE) == Some(true) {
        out.emit(
            ext_loc(oids::EXT_KEY_USAGE),
            "extKeyUsage contains anyExtendedKeyUsage and is marked critical",
        );
    }
}

pub(super) fn eku_time_stamping_not_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    // RFC 3161 2.3 speaks of the TSA's own certificate, not of CAs above it.
    if ca_state(ctx.cert) == Some(false)
        && eku_critical_listing(ctx, oids::KP_TIME_STAMPING) == Some(false)
    {
        out.emit(
            ext_loc(oids::EXT_KEY_USAGE),
            "extKeyUsage contains id-kp-timeStamping and is not marked critical",
        );
    }
}

/// Whether the certificate is self-signed: self-issued and signed with its
/// own key. When the signature cannot be checked (an algorithm or key type
/// rootward does not verify) a self-issued certificate gets the benefit of
/// the doubt.
pub(super) fn is_self_signed(cert: &Certificate<'_>) -> bool {
    if !cert.is_self_issued() {
        return false;
    }
    match verify::verify_certificate(cert, &cert.spki) {
        Err(VerifyError::BadSignature | VerifyError::MalformedSignature) => false,
        Err(VerifyError::KeyMismatch { .. }) => {
            matches!(
                cert.spki.key(),
                cert::PublicKey::Unknown | cert::PublicKey::RsaMalformed
            )
        }
        _ => true,
    }
}

/// RFC 5280 4.2.1.1 lets a CA omit the key identifier from the self-signed
/// certificate in which it distributes its key. A certificate without
/// extensions (v1) cannot say whether it is a CA, so it is treated as one.
fn aki_exempt(cert: &Certificate<'_>) -> bool {
    (cert.is_ca() || cert.extensions.is_none()) && is_self_signed(cert)
}

pub(super) fn aki_missing(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ctx.cert.extension(oids::AUTHORITY_KEY_IDENTIFIER).is_none() && !aki_exempt(ctx.cert) {
        out.emit("extensions", "authorityKeyIdentifier is absent and the certificate is not a self-signed CA certificate");
    }
}

pub(super) fn aki_key_id_missing(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let Some(aki) = ctx.cert.authority_key_id()
        && aki.key_id.is_none()
        && !aki_exempt(ctx.cert)
    {
        out.emit(
            ext_loc(oids::AUTHORITY_KEY_IDENTIFIER),
            "authorityKeyIdentifier has no keyIdentifier",
        );
    }
}

pub(super) fn aki_issuer_without_serial(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let Some(aki) = ctx.cert.authority_key_id()
        && aki.issuer.is_some()
        && aki.serial.is_none()
    {
        out.emit(
            ext_loc(oids::AUTHORITY_KEY_IDENTIFIER),
            "authorityKeyIdentifier has authorityCertIssuer without authorityCertSerialNumber",
        );
    }
}

pub(super) fn aki_serial_without_issuer(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let Some(aki) = ctx.cert.authority_key_id()
        && aki.serial.is_some()
        && aki.issuer.is_none()
    {
        out.emit(
            ext_loc(oids::AUTHORITY_KEY_IDENTIFIER),
            "authorityKeyIdentifier has authorityCertSerialNumber without authorityCertIssuer",
        );
    }
}

pub(super) fn ski_ca_missing(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ctx.cert.is_ca() && ctx.cert.extension(oids::SUBJECT_KEY_IDENTIFIER).is_none() {
        out.emit(
            "extensions",
            "the CA certificate (basicConstraints cA TRUE) has no subjectKeyIdentifier",
        );
    }
}

pub(super) fn ski_ee_missing(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ca_state(ctx.cert) == Some(false)
        && ctx.cert.extension(oids::SUBJECT_KEY_IDENTIFIER).is_none()
    {
        out.emit(
            "extensions",
            "the end-entity certificate has no subjectKeyIdentifier",
        );
    }
}

pub(super) fn ca_key_usage_missing(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ctx.cert.is_ca() && ctx.cert.extension(oids::KEY_USAGE).is_none() {
        out.emit(
            "extensions",
            "the CA certificate (basicConstraints cA TRUE) has no keyUsage extension",
        );
    }
}

pub(super) fn ca_without_key_cert_sign(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if !ctx.cert.is_ca() {
        return;
    }
    if let Some(ku) = ctx.cert.key_usage()
        && !ku.has(KeyUsageBit::KeyCertSign)
    {
        out.emit(
            ext_loc(oids::KEY_USAGE),
            "the CA certificate's keyUsage does not assert keyCertSign",
        );
    }
}

pub(super) fn key_cert_sign_without_ca(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ca_state(ctx.cert) != Some(false) {
        return;
    }
    if ctx
        .cert
        .key_usage()
        .is_some_and(|k| k.has(KeyUsageBit::KeyCertSign))
    {
        out.emit(
            ext_loc(oids::KEY_USAGE),
            "keyUsage asserts keyCertSign but basicConstraints does not assert cA",
        );
    }
}

pub(super) fn key_usage_no_bits(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let Some(ku) = ctx.cert.key_usage()
        && ku.bits.bytes.iter().all(|&b| b == 0)
    {
        out.emit(ext_loc(oids::KEY_USAGE), "keyUsage has no bit set");
    }
}

pub(super) fn path_len_without_ca(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let Some(bc) = ctx.cert.basic_constraints()
        && let Some(n) = bc.path_len
        && !bc.ca
    {
        out.emit(
            ext_loc(oids::BASIC_CONSTRAINTS),
            format!("pathLenConstraint {n} is present but cA is not asserted"),
        );
    }
}

pub(super) fn path_len_without_key_cert_sign(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(bc) = ctx.cert.basic_constraints() else {
        return;
    };
    let Some(n) = bc.path_len else { return };
    if !bc.ca {
        return;
    }
    match ctx.cert.extension(oids::KEY_USAGE) {
        Some(e) if e.parsed.is_err() => {}
        Some(_)
            if ctx
                .cert
                .key_usage()
                .is_some_and(|k| k.has(KeyUsageBit::KeyCertSign)) => {}
        Some(_) => out.emit(
            ext_loc(oids::BASIC_CONSTRAINTS),
            format!("pathLenConstraint {n} is present but keyUsage does not assert keyCertSign"),
        ),
        None => out.emit(
            ext_loc(oids::BASIC_CONSTRAINTS),
            format!(
                "pathLenConstraint {n} is present but there is no keyUsage asserting keyCertSign"
            ),
        ),
    }
}

pub(super) fn name_constraints_in_ee(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ca_state(ctx.cert) == Some(false) && ctx.cert.extension(oids::NAME_CONSTRAINTS).is_some() {
        out.emit(
            ext_loc(oids::NAME_CONSTRAINTS),
            "nameConstraints appears in a certificate that is not a CA certificate",
        );
    }
}

/// Extensions whose value is `SEQUENCE SIZE (1..MAX) OF ...`.
pub(super) fn empty_sequence(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for e in ctx.cert.extensions() {
        let empty = match &e.parsed {
            Ok(ExtValue::ExtKeyUsage(v)) => v.is_empty(),
            Ok(ExtValue::CertificatePolicies(v)) => v.is_empty(),
            Ok(ExtValue::PolicyMappings(v)) => v.is_empty(),
            Ok(ExtValue::IssuerAltName(v)) => v.is_empty(),
            Ok(ExtValue::SubjectAltName(v)) => v.is_empty(),
            Ok(ExtValue::CrlDistributionPoints(v)) => v.is_empty(),
            Ok(ExtValue::InfoAccess(v)) => v.is_empty(),
            Ok(ExtValue::SubjectDirectoryAttributes(v)) => v.is_empty(),
            _ => false,
        };
        if empty {
            out.emit(
                ext_loc(e.oid),
                format!(
                    "{} is an empty SEQUENCE; at least one element is required",
                    ext_name(e.oid)
                ),
            );
        }
    }
}

pub(super) fn policy_constraints_empty(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let Some(ExtValue::PolicyConstraints {
        require_explicit_policy: None,
        inhibit_policy_mapping: None,
    }) = ctx.cert.ext_value(oids::POLICY_CONSTRAINTS)
    {
        out.emit(
            ext_loc(oids::POLICY_CONSTRAINTS),
            "policyConstraints has neither requireExplicitPolicy nor inhibitPolicyMapping",
        );
    }
}
