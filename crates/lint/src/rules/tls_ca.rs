//! TLS Baseline Requirements rules for CA and OCSP responder certificates:
//! the root CA profile (TLS BR 7.1.2.1), the subordinate CA profiles
//! (7.1.2.2 to 7.1.2.6), the OCSP responder profile (7.1.2.8) and the common
//! CA fields (7.1.2.10).
//!
//! Extension tables become one rule per extension and problem, so that each
//! finding has one stable code. `internal` in the sub-CA profiles means the
//! subordinate CA is operated by the issuer or its Affiliate, which allows
//! anyPolicy (7.1.2.10.5) and the unrestricted cross-certificate EKU (7.1.2.2.4).

use cert::ext::{AccessDescription, ExtValue, NameConstraints};
use cert::{GeneralName, KeyUsageBit as Ku, Oid, oids};

use crate::finding::Severity;
use crate::profile::{Profile, TlsCaKind};
use crate::rule::{Ctx, Out, Rule};
use crate::rules::keys::hex;
use crate::rules::tls_common::{
    has_public_tld, is_http, ldh_problem, oid_name, onion_not_v3, tls_ca, tls_ca_or_ocsp,
};
use crate::rules::tls_subscriber::country_ok;

// ----- scopes -----

fn root(p: Profile) -> bool {
    p == Profile::TlsRoot
}
fn subca(p: Profile) -> bool {
    matches!(p, Profile::TlsSubCa { .. })
}
fn kind(p: Profile) -> Option<(TlsCaKind, bool)> {
    match p {
        Profile::TlsSubCa { kind, internal } => Some((kind, internal)),
        _ => None,
    }
}
fn subca_not_cross(p: Profile) -> bool {
    kind(p).is_some_and(|(k, _)| k != TlsCaKind::Cross)
}
/// Sub-CA kinds whose certificatePolicies follow 7.1.2.10.5 (required, one reserved OID).
fn subca_policy_restricted(p: Profile) -> bool {
    matches!(
        kind(p),
        Some((
            TlsCaKind::Unconstrained | TlsCaKind::Constrained | TlsCaKind::PrecertSigning,
            _
        ))
    )
}
fn subca_cp_required(p: Profile) -> bool {
    subca_policy_restricted(p) || cross(p)
}
fn subca_external(p: Profile) -> bool {
    kind(p).is_some_and(|(_, internal)| !internal)
}
fn tls_issuing(p: Profile) -> bool {
    matches!(
        kind(p),
        Some((TlsCaKind::Unconstrained | TlsCaKind::Constrained, _))
    )
}
fn constrained(p: Profile) -> bool {
    matches!(kind(p), Some((TlsCaKind::Constrained, _)))
}
fn cross(p: Profile) -> bool {
    matches!(kind(p), Some((TlsCaKind::Cross, _)))
}
fn cross_external(p: Profile) -> bool {
    matches!(kind(p), Some((TlsCaKind::Cross, false)))
}
fn cross_internal(p: Profile) -> bool {
    matches!(kind(p), Some((TlsCaKind::Cross, true)))
}
fn non_tls(p: Profile) -> bool {
    matches!(kind(p), Some((TlsCaKind::NonTls, _)))
}
fn precert(p: Profile) -> bool {
    matches!(kind(p), Some((TlsCaKind::PrecertSigning, _)))
}
fn ocsp(p: Profile) -> bool {
    p == Profile::OcspResponder
}
/// Profiles in which organizationalUnitName is prohibited (7.1.2.10.2).
fn ou_prohibited(p: Profile) -> bool {
    root(p) || tls_issuing(p)
}
fn ou_discouraged(p: Profile) -> bool {
    tls_ca_or_ocsp(p) && !ou_prohibited(p)
}

// ----- extension presence and criticality -----

fn ext_label(o: Oid<'_>) -> String {
    oid_name(o)
}

fn require(ctx: &Ctx<'_>, out: &mut Out<'_>, o: Oid<'_>, how: &str) {
    if ctx.cert.extension(o).is_none() {
        let name = ext_label(o);
        out.emit(
            "extensions",
            format!("the {name} extension is absent; the profile says it {how} be present"),
        );
    }
}

fn forbid(ctx: &Ctx<'_>, out: &mut Out<'_>, o: Oid<'_>, how: &str) {
    if ctx.cert.extension(o).is_some() {
        let name = ext_label(o);
        out.emit(
            format!("extensions.{name}"),
            format!("the {name} extension is present; the profile says it {how} be present"),
        );
    }
}

fn criticality(ctx: &Ctx<'_>, out: &mut Out<'_>, o: Oid<'_>, want_critical: bool) {
    if let Some(e) = ctx.cert.extension(o)
        && e.critical != want_critical
    {
        let name = ext_label(o);
        out.emit(
            format!("extensions.{name}"),
            format!(
                "the {name} extension is {}; the profile requires it to be {}",
                if e.critical {
                    "critical"
                } else {
                    "non-critical"
                },
                if want_critical {
                    "critical"
                } else {
                    "non-critical"
                }
            ),
        );
    }
}

fn unknown_extensions(ctx: &Ctx<'_>, out: &mut Out<'_>, listed: &[Oid<'_>]) {
    for e in ctx.cert.extensions() {
        if !listed.contains(&e.oid) {
            let name = ext_label(e.oid);
            out.emit(
                format!("extensions.{name}"),
                format!("the {name} extension is not in the profile's table; other extensions are NOT RECOMMENDED"),
            );
        }
    }
}

/// A rule requiring an extension to be present.
macro_rules! must_have {
    ($code:literal, $sev:expr, $cite:literal, $applies:path, $pk:expr, $oid:expr, $ext:literal, $how:literal) => {
        must_have!($code, $sev, $cite, $applies, $pk, None, $oid, $ext, $how)
    };
    ($code:literal, $sev:expr, $cite:literal, $applies:path, $pk:expr, $zl:expr, $oid:expr, $ext:literal, $how:literal) => {
        Rule {
            code: $code,
            severity: $sev,
            citation: $cite,
            summary: concat!($ext, " ", $how, " be present"),
            zlint: $zl,
            applies: $applies,
            pkilint: $pk,
            check: {
                fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
                    require(ctx, out, $oid, $how)
                }
                check
            },
            ..Rule::NEW
        }
    };
}

/// A rule requiring an extension to be absent.
macro_rules! must_not_have {
    ($code:literal, $sev:expr, $cite:literal, $applies:path, $pk:expr, $oid:expr, $ext:literal, $how:literal) => {
        must_not_have!($code, $sev, $cite, $applies, $pk, None, $oid, $ext, $how)
    };
    ($code:literal, $sev:expr, $cite:literal, $applies:path, $pk:expr, $zl:expr, $oid:expr, $ext:literal, $how:literal) => {
        Rule {
            code: $code,
            severity: $sev,
            citation: $cite,
            summary: concat!($ext, " ", $how, " be present"),
            zlint: $zl,
            applies: $applies,
            pkilint: $pk,
            check: {
                fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
                    forbid(ctx, out, $oid, $how)
                }
                check
            },
            ..Rule::NEW
        }
    };
}

/// A rule on an extension's criticality.
macro_rules! critical_rule {
    ($code:literal, $sev:expr, $cite:literal, $applies:path, $pk:expr, $zl:expr, $oid:expr, $ext:literal, $crit:literal) => {
        Rule {
            code: $code,
            severity: $sev,
            citation: $cite,
            summary: concat!(
                "The extension ",
                $ext,
                ", when present, has critical = ",
                stringify!($crit)
            ),
            applies: $applies,
            pkilint: $pk,
            zlint: $zl,
            check: {
                fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
                    criticality(ctx, out, $oid, $crit)
                }
                check
            },
            ..Rule::NEW
        }
    };
}

/// The extensions the root CA table lists (7.1.2.1.2).
const ROOT_LISTED: [Oid<'static>; 7] = [
    oids::AUTHORITY_KEY_IDENTIFIER,
    oids::EXT_KEY_USAGE,
    oids::BASIC_CONSTRAINTS,
    oids::KEY_USAGE,
    oids::SUBJECT_KEY_IDENTIFIER,
    oids::CERTIFICATE_POLICIES,
    oids::CT_SCT_LIST,
];
/// The extensions the subordinate CA tables list (7.1.2.2.3 to 7.1.2.6.1).
const SUBCA_LISTED: [Oid<'static>; 10] = [
    oids::AUTHORITY_KEY_IDENTIFIER,
    oids::BASIC_CONSTRAINTS,
    oids::CERTIFICATE_POLICIES,
    oids::CRL_DISTRIBUTION_POINTS,
    oids::KEY_USAGE,
    oids::SUBJECT_KEY_IDENTIFIER,
    oids::EXT_KEY_USAGE,
    oids::AUTHORITY_INFO_ACCESS,
    oids::NAME_CONSTRAINTS,
    oids::CT_SCT_LIST,
];
/// The extensions the OCSP responder table lists (7.1.2.8.2).
const OCSP_LISTED: [Oid<'static>; 12] = [
    oids::AUTHORITY_KEY_IDENTIFIER,
    oids::EXT_KEY_USAGE,
    oids::OCSP_NO_CHECK,
    oids::KEY_USAGE,
    oids::BASIC_CONSTRAINTS,
    oids::NAME_CONSTRAINTS,
    oids::SUBJECT_ALT_NAME,
    oids::SUBJECT_KEY_IDENTIFIER,
    oids::AUTHORITY_INFO_ACCESS,
    oids::CERTIFICATE_POLICIES,
    oids::CRL_DISTRIBUTION_POINTS,
    oids::CT_SCT_LIST,
];

fn root_unknown(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    unknown_extensions(ctx, out, &ROOT_LISTED);
}
fn subca_unknown(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    unknown_extensions(ctx, out, &SUBCA_LISTED);
}
fn ocsp_unknown(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    unknown_extensions(ctx, out, &OCSP_LISTED);
}

fn ocsp_extension_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    // authorityKeyIdentifier, subjectKeyIdentifier and authorityInfoAccess
    // must be non-critical by RFC 5280 already (rfc5280.*.critical).
    for o in [
        oids::OCSP_NO_CHECK,
        oids::CERTIFICATE_POLICIES,
        oids::CRL_DISTRIBUTION_POINTS,
        oids::CT_SCT_LIST,
    ] {
        criticality(ctx, out, o, false);
    }
}

fn ocsp_critical_required(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for o in [oids::KEY_USAGE, oids::BASIC_CONSTRAINTS] {
        criticality(ctx, out, o, true);
    }
}

// ----- root CA (7.1.2.1) -----

const DAY: i64 = 86_400;

/// The validity period as notAfter minus notBefore (seconds, whole days).
fn root_validity_days(ctx: &Ctx<'_>) -> Option<(i64, i64)> {
    let s = ctx.cert.not_after.unix()? - ctx.cert.not_before.unix()?;
    Some((s, s / DAY))
}

fn root_validity_long(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let Some((s, d)) = root_validity_days(ctx)
        && s > 9132 * DAY
    {
        out.emit(
                "validity",
                format!("validity period of {d} days exceeds the 9132 days TLS BR 7.1.2.1.1 allows a root CA"),
            );
    }
}

// The minimum counts the period inclusively (RFC 5280 4.1.2.5), the maximum
// as the plain difference, so that neither boundary is read against the CA.
fn root_validity_short(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let Some((s, d)) = root_validity_days(ctx).map(|(s, d)| (s + 1, d))
        && s < 2922 * DAY
    {
        out.emit(
                "validity",
                format!("validity period of {d} days is shorter than the 2922 days TLS BR 7.1.2.1.1 requires of a root CA"),
            );
    }
}

fn root_issuer_subject(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ctx.cert.issuer.raw != ctx.cert.subject.raw {
        out.emit(
            "tbsCertificate.issuer",
            "the encoded issuer differs from the encoded subject; a root CA's must be byte-for-byte identical",
        );
    }
}

fn root_aki_ski(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let (Some(aki), Some(ski)) = (ctx.cert.authority_key_id(), ctx.cert.subject_key_id()) else {
        return;
    };
    if let Some(kid) = aki.key_id
        && kid != ski
    {
        out.emit(
            "extensions.authorityKeyIdentifier",
            format!(
                "authorityKeyIdentifier keyIdentifier {} differs from subjectKeyIdentifier {}",
                hex(kid),
                hex(ski)
            ),
        );
    }
}

fn root_path_len(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let Some(n) = ctx.cert.basic_constraints().and_then(|b| b.path_len) {
        out.emit(
            "extensions.basicConstraints",
            format!(
                "basicConstraints has pathLenConstraint {n}, which is NOT RECOMMENDED in a root CA"
            ),
        );
    }
}

fn bc_not_ca(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ctx.cert.basic_constraints().is_some_and(|b| !b.ca) {
        out.emit(
            "extensions.basicConstraints",
            "basicConstraints does not assert cA, which CA certificates must",
        );
    }
}

// ----- key usage (7.1.2.10.7, 7.1.2.8.7) -----

const KU_LOC: &str = "extensions.keyUsage";

fn ca_ku_required(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let Some(ku) = ctx.cert.key_usage() {
        for b in [Ku::KeyCertSign, Ku::CrlSign] {
            if !ku.has(b) {
                out.emit(
                    KU_LOC,
                    format!(
                        "keyUsage does not assert {}, which a CA certificate must",
                        b.name()
                    ),
                );
            }
        }
    }
}

fn ca_ku_prohibited(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let Some(ku) = ctx.cert.key_usage() {
        for b in ku
            .set_bits()
            .filter(|b| !matches!(b, Ku::DigitalSignature | Ku::KeyCertSign | Ku::CrlSign))
        {
            out.emit(
                KU_LOC,
                format!(
                    "keyUsage asserts {}, which a CA certificate must not",
                    b.name()
                ),
            );
        }
    }
}

fn ca_ku_no_digital_signature(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ctx
        .cert
        .key_usage()
        .is_some_and(|ku| !ku.has(Ku::DigitalSignature))
    {
        out.emit(
            KU_LOC,
            "keyUsage does not assert digitalSignature, so the CA key must not sign OCSP responses",
        );
    }
}

fn ocsp_ku_digital_signature(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ctx
        .cert
        .key_usage()
        .is_some_and(|ku| !ku.has(Ku::DigitalSignature))
    {
        out.emit(
            KU_LOC,
            "keyUsage does not assert digitalSignature, which an OCSP responder certificate must",
        );
    }
}

fn ocsp_ku_prohibited(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let Some(ku) = ctx.cert.key_usage() {
        for b in ku.set_bits().filter(|b| *b != Ku::DigitalSignature) {
            out.emit(
                KU_LOC,
                format!(
                    "keyUsage asserts {}, which an OCSP responder certificate must not",
                    b.name()
                ),
            );
        }
    }
}

// ----- extended key usage -----

const EKU_LOC: &str = "extensions.extKeyUsage";

fn eku<'a>(ctx: &'a Ctx<'a>) -> Option<&'a [Oid<'a>]> {
    ctx.cert.ext_key_usage()
}

fn eku_requires(ctx: &Ctx<'_>, out: &mut Out<'_>, o: Oid<'_>) {
    if let Some(e) = eku(ctx)
        && !e.contains(&o)
    {
        out.emit(
            EKU_LOC,
            format!(
                "extKeyUsage does not contain {}, which the profile requires",
                oid_name(o)
            ),
        );
    }
}

fn eku_forbids(ctx: &Ctx<'_>, out: &mut Out<'_>, o: Oid<'_>) {
    if eku(ctx).is_some_and(|e| e.contains(&o)) {
        out.emit(
            EKU_LOC,
            format!(
                "extKeyUsage contains {}, which the profile prohibits",
                oid_name(o)
            ),
        );
    }
}

fn eku_others(ctx: &Ctx<'_>, out: &mut Out<'_>, known: &[Oid<'_>], verb: &str) {
    for o in eku(ctx).unwrap_or(&[]) {
        if !known.contains(o) {
            out.emit(
                EKU_LOC,
                format!(
                    "extKeyUsage contains {}, which the profile {verb}",
                    oid_name(*o)
                ),
            );
        }
    }
}

macro_rules! eku_present_rule {
    ($code:literal, $sev:expr, $cite:literal, $applies:path, $pk:expr, $oid:expr, $summary:literal) => {
        Rule {
            code: $code,
            severity: $sev,
            citation: $cite,
            summary: $summary,
            applies: $applies,
            pkilint: $pk,
            check: {
                fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
                    eku_forbids(ctx, out, $oid)
                }
                check
            },
            ..Rule::NEW
        }
    };
}

/// Purposes 7.1.2.10.6 names (required, permitted or prohibited).
const CA_EKU_LISTED: [Oid<'static>; 8] = [
    oids::KP_SERVER_AUTH,
    oids::KP_CLIENT_AUTH,
    oids::KP_CODE_SIGNING,
    oids::KP_EMAIL_PROTECTION,
    oids::KP_TIME_STAMPING,
    oids::KP_OCSP_SIGNING,
    oids::ANY_EXTENDED_KEY_USAGE,
    oids::KP_PRECERT_SIGNING,
];

fn ca_eku_server_auth(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    eku_requires(ctx, out, oids::KP_SERVER_AUTH);
}
fn ca_eku_unknown(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    eku_others(ctx, out, &CA_EKU_LISTED, "does not recommend (7.1.2.10.6)");
}

fn has_any_eku(ctx: &Ctx<'_>) -> bool {
    eku(ctx).is_some_and(|e| e.contains(&oids::ANY_EXTENDED_KEY_USAGE))
}

fn cross_any_eku_external(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if has_any_eku(ctx) {
        out.emit(
            EKU_LOC,
            "extKeyUsage contains anyExtendedKeyUsage, which only a cross-certified CA operated by the issuer or its Affiliate may use",
        );
    }
}

fn cross_any_eku_with_others(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let Some(e) = eku(ctx)
        && e.contains(&oids::ANY_EXTENDED_KEY_USAGE)
        && e.len() > 1
    {
        out.emit(
                EKU_LOC,
                "extKeyUsage contains anyExtendedKeyUsage together with other purposes; it must then be the only one",
            );
    }
}

/// Restricted-EKU checks apply when the unrestricted form (anyExtendedKeyUsage) is not used.
fn cross_restricted(ctx: &Ctx<'_>) -> bool {
    eku(ctx).is_some() && !has_any_eku(ctx)
}

fn cross_eku_server_auth(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if cross_restricted(ctx) {
        eku_requires(ctx, out, oids::KP_SERVER_AUTH);
    }
}

macro_rules! cross_eku_prohibited {
    ($code:literal, $sev:expr, $pk:expr, $oid:expr, $summary:literal) => {
        Rule {
            code: $code,
            severity: $sev,
            citation: "TLS BR 7.1.2.2.5",
            summary: $summary,
            applies: cross,
            pkilint: $pk,
            check: {
                fn check(ctx: &Ctx<'_>, out: &mut Out<'_>) {
                    if cross_restricted(ctx) {
                        eku_forbids(ctx, out, $oid)
                    }
                }
                check
            },
            ..Rule::NEW
        }
    };
}

fn cross_eku_unknown(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if cross_restricted(ctx) {
        eku_others(
            ctx,
            out,
            &[
                oids::KP_SERVER_AUTH,
                oids::KP_CLIENT_AUTH,
                oids::KP_EMAIL_PROTECTION,
                oids::KP_CODE_SIGNING,
                oids::KP_TIME_STAMPING,
                oids::KP_OCSP_SIGNING,
            ],
            "does not recommend (7.1.2.2.5)",
        );
    }
}

fn precert_eku_required(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    eku_requires(ctx, out, oids::KP_PRECERT_SIGNING);
}
fn precert_eku_others(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    eku_others(
        ctx,
        out,
        &[oids::KP_PRECERT_SIGNING],
        "prohibits (7.1.2.4.2)",
    );
}
fn ocsp_eku_required(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    eku_requires(ctx, out, oids::KP_OCSP_SIGNING);
}
fn ocsp_eku_others(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    eku_others(ctx, out, &[oids::KP_OCSP_SIGNING], "prohibits (7.1.2.8.5)");
}

// ----- precertificate signing CA (7.1.2.4) -----

fn precert_sunset(_: &Ctx<'_>, out: &mut Out<'_>) {
    // The rule's effective_from restricts it to notBefore on or after 2026-03-15.
    out.emit(
        "validity.notBefore",
        "a Precertificate Signing CA certificate issued on or after 2026-03-15; TLS BR 7.1.2.4 no longer permits the profile",
    );
}

fn precert_spki_alg(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let Some(i) = ctx.issuer
        && i.spki.algorithm.raw != ctx.cert.spki.algorithm.raw
    {
        out.emit(
            "subjectPublicKeyInfo.algorithm",
            format!(
                "subjectPublicKeyInfo algorithm {} differs from the issuing CA's {}",
                hex(ctx.cert.spki.algorithm.raw),
                hex(i.spki.algorithm.raw)
            ),
        );
    }
}

// ----- OCSP responder specifics (7.1.2.8) -----

fn ocsp_bc_ca(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ctx.cert.basic_constraints().is_some_and(|b| b.ca) {
        out.emit(
            "extensions.basicConstraints",
            "basicConstraints asserts cA; an OCSP responder certificate must not be a CA certificate",
        );
    }
}

fn ocsp_bc_encoding(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let Some(e) = ctx.cert.extension(oids::BASIC_CONSTRAINTS) {
        let is_ca = ctx.cert.basic_constraints().is_some_and(|b| b.ca);
        if !is_ca && e.value != [0x30, 0x00] {
            out.emit(
                "extensions.basicConstraints",
                format!(
                    "basicConstraints extnValue is {}; with cA FALSE it must be exactly 3000",
                    hex(e.value)
                ),
            );
        }
    }
}

fn ocsp_nocheck_encoding(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let Some(e) = ctx.cert.extension(oids::OCSP_NO_CHECK)
        && e.value != [0x05, 0x00]
    {
        out.emit(
            "extensions.id-pkix-ocsp-nocheck",
            format!(
                "id-pkix-ocsp-nocheck extnValue is {}; it must be exactly 0500",
                hex(e.value)
            ),
        );
    }
}

// ----- authorityInformationAccess (7.1.2.10.3, 7.1.2.8.3) -----

const AIA_LOC: &str = "extensions.authorityInfoAccess";

fn aia<'a>(ctx: &'a Ctx<'a>) -> &'a [AccessDescription<'a>] {
    match ctx.cert.ext_value(oids::AUTHORITY_INFO_ACCESS) {
        Some(ExtValue::InfoAccess(v)) => v,
        _ => &[],
    }
}

fn ca_aia_method(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (i, ad) in aia(ctx).iter().enumerate() {
        if ad.method != oids::AD_OCSP && ad.method != oids::AD_CA_ISSUERS {
            out.emit(
                format!("{AIA_LOC}[{i}]"),
                format!(
                    "accessMethod {} is neither id-ad-ocsp nor id-ad-caIssuers",
                    oid_name(ad.method)
                ),
            );
        }
    }
}

fn ocsp_aia_method(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (i, ad) in aia(ctx).iter().enumerate() {
        if ad.method != oids::AD_OCSP {
            out.emit(
                format!("{AIA_LOC}[{i}]"),
                format!(
                    "accessMethod {} is not id-ad-ocsp, the only one an OCSP responder certificate may use",
                    oid_name(ad.method)
                ),
            );
        }
    }
}

fn ocsp_aia_ocsp(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (i, ad) in aia(ctx).iter().enumerate() {
        if ad.method == oids::AD_OCSP {
            out.emit(
                format!("{AIA_LOC}[{i}]"),
                "authorityInfoAccess contains id-ad-ocsp, which is NOT RECOMMENDED in an OCSP responder certificate",
            );
        }
    }
}

fn aia_not_uri(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (i, ad) in aia(ctx).iter().enumerate() {
        if !matches!(ad.location, GeneralName::Uri(_)) {
            out.emit(
                format!("{AIA_LOC}[{i}]"),
                format!(
                    "accessLocation is a {}, not a uniformResourceIdentifier",
                    ad.location.kind()
                ),
            );
        }
    }
}

fn aia_not_http(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (i, ad) in aia(ctx).iter().enumerate() {
        if let GeneralName::Uri(u) = ad.location
            && !is_http(u)
        {
            out.emit(
                format!("{AIA_LOC}[{i}]"),
                format!(
                    "accessLocation \"{}\" is not an HTTP URL",
                    String::from_utf8_lossy(u)
                ),
            );
        }
    }
}

fn aia_duplicate(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let ads = aia(ctx);
    for (i, ad) in ads.iter().enumerate() {
        let GeneralName::Uri(u) = ad.location else {
            continue;
        };
        let dup = ads[..i]
            .iter()
            .any(|p| p.method == ad.method && matches!(p.location, GeneralName::Uri(q) if q == u));
        if dup {
            out.emit(
                format!("{AIA_LOC}[{i}]"),
                format!(
                    "accessLocation \"{}\" repeats for {}; each location must be unique",
                    String::from_utf8_lossy(u),
                    oid_name(ad.method)
                ),
            );
        }
    }
}

// ----- CA naming (7.1.2.10.2) -----

fn subject_requires(ctx: &Ctx<'_>, out: &mut Out<'_>, o: Oid<'_>) {
    // An empty value names nothing, so it does not meet the requirement.
    let present = ctx
        .cert
        .subject
        .find(o)
        .any(|a| a.text().is_none_or(|t| !t.trim().is_empty()));
    if !present {
        out.emit(
            "subject",
            format!(
                "the subject has no (non-empty) {}, which TLS BR 7.1.2.10.2 requires",
                oid_name(o)
            ),
        );
    }
}
fn subject_country(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    subject_requires(ctx, out, oids::COUNTRY_NAME);
}
fn subject_org(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    subject_requires(ctx, out, oids::ORGANIZATION_NAME);
}
fn subject_cn(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    subject_requires(ctx, out, oids::COMMON_NAME);
}
fn subject_country_code(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for a in ctx.cert.subject.find(oids::COUNTRY_NAME) {
        let Some(t) = a.text() else { continue };
        if !country_ok(&t) {
            out.emit(
                "subject.countryName",
                format!(
                    "countryName \"{}\" is not an ISO 3166-1 alpha-2 code",
                    t.escape_debug()
                ),
            );
        }
    }
}
fn subject_ou(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ctx.cert.subject.has(oids::ORGANIZATIONAL_UNIT_NAME) {
        out.emit(
            "subject.organizationalUnitName",
            "the subject contains organizationalUnitName",
        );
    }
}
fn subject_unknown(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    const LISTED: [Oid<'static>; 8] = [
        oids::COUNTRY_NAME,
        oids::STATE_OR_PROVINCE_NAME,
        oids::LOCALITY_NAME,
        oids::POSTAL_CODE,
        oids::STREET_ADDRESS,
        oids::ORGANIZATION_NAME,
        oids::ORGANIZATIONAL_UNIT_NAME,
        oids::COMMON_NAME,
    ];
    let mut reported: Vec<Oid<'_>> = Vec::new();
    for a in ctx.cert.subject.attributes() {
        if !LISTED.contains(&a.oid) && !reported.contains(&a.oid) {
            reported.push(a.oid);
            out.emit(
                "subject",
                format!(
                    "the subject contains {}, an attribute TLS BR 7.1.2.10.2 does not list (NOT RECOMMENDED)",
                    oid_name(a.oid)
                ),
            );
        }
    }
}

// ----- certificatePolicies (7.1.2.10.5, 7.1.2.2.6, 7.1.2.3.2, 7.1.2.8.8) -----

const CP_LOC: &str = "extensions.certificatePolicies";

fn is_reserved(o: Oid<'_>) -> bool {
    matches!(
        o,
        oids::CABF_DV | oids::CABF_OV | oids::CABF_IV | oids::CABF_EV
    )
}

fn policy_oids<'a>(ctx: &'a Ctx<'a>) -> Vec<Oid<'a>> {
    ctx.cert
        .policies()
        .map(|ps| ps.iter().map(|p| p.oid).collect())
        .unwrap_or_default()
}

fn any_policy_with_others(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let ps = policy_oids(ctx);
    if ps.contains(&oids::ANY_POLICY) && ps.len() > 1 {
        out.emit(
            CP_LOC,
            "certificatePolicies contains anyPolicy together with other policies; anyPolicy must then be the only one",
        );
    }
}

fn any_policy_external(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if policy_oids(ctx).contains(&oids::ANY_POLICY) {
        out.emit(
            CP_LOC,
            "certificatePolicies contains anyPolicy, which only a subordinate CA that is an Affiliate of the issuer may receive",
        );
    }
}

fn reserved_missing(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let ps = policy_oids(ctx);
    if !ps.is_empty() && !ps.contains(&oids::ANY_POLICY) && !ps.iter().any(|o| is_reserved(*o)) {
        out.emit(
            CP_LOC,
            "certificatePolicies contains no CA/Browser Forum reserved policy identifier",
        );
    }
}

fn reserved_multiple(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let reserved: Vec<String> = policy_oids(ctx)
        .into_iter()
        .filter(|o| is_reserved(*o))
        .map(|o| o.to_string())
        .collect();
    if reserved.len() > 1 {
        out.emit(
            CP_LOC,
            format!(
                "certificatePolicies contains {} reserved policy identifiers ({}); exactly one is required",
                reserved.len(),
                reserved.join(", ")
            ),
        );
    }
}

fn reserved_not_first(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let ps = policy_oids(ctx);
    if let Some(first) = ps.first() {
        // Where exactly one reserved identifier is required, several are
        // reported by tls.ca.policy.reserved_multiple and none is "the" one.
        let reserved = ps.iter().filter(|o| is_reserved(**o)).count();
        let several = reserved > 1 && subca_policy_restricted(ctx.profile);
        if *first != oids::ANY_POLICY && !is_reserved(*first) && reserved > 0 && !several {
            out.emit(
                CP_LOC,
                format!(
                    "the first policy is {}, not the reserved policy identifier, which is RECOMMENDED first",
                    first
                ),
            );
        }
    }
}

fn non_tls_reserved(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for o in policy_oids(ctx).into_iter().filter(|o| is_reserved(*o)) {
        out.emit(
            CP_LOC,
            format!("certificatePolicies contains the reserved TLS policy identifier {o}, which a non-TLS CA must not"),
        );
    }
}

fn qualifier_present(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    crate::rules::tls_common::policy_qualifiers_present(ctx, out, "TLS BR 7.1.2.10.5");
}

fn qualifier_not_cps(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    crate::rules::tls_common::policy_qualifiers_not_cps(ctx, out, "TLS BR 7.1.2.10.5");
}

fn cps_not_http(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    crate::rules::tls_common::policy_cps_not_http(ctx, out);
}

// ----- nameConstraints (7.1.2.10.8, 7.1.2.5.2) -----

const NC_LOC: &str = "extensions.nameConstraints";

fn nc<'a>(ctx: &'a Ctx<'a>) -> Option<&'a NameConstraints<'a>> {
    match ctx.cert.ext_value(oids::NAME_CONSTRAINTS) {
        Some(ExtValue::NameConstraints(n)) => Some(n),
        _ => None,
    }
}

fn subtrees<'a>(
    n: &'a NameConstraints<'a>,
) -> impl Iterator<Item = (&'static str, usize, &'a GeneralName<'a>)> {
    let p = n
        .permitted
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, s)| ("permittedSubtrees", i, &s.base));
    let e = n
        .excluded
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, s)| ("excludedSubtrees", i, &s.base));
    p.chain(e)
}

fn nc_discouraged(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(n) = nc(ctx) else { return };
    let tc = constrained(ctx.profile);
    for (field, i, g) in subtrees(n) {
        let discouraged = match g {
            GeneralName::Dns(_) | GeneralName::Ip(_) | GeneralName::DirectoryName(_) => false,
            GeneralName::OtherName { .. } => true,
            // In a technically constrained TLS CA other types are prohibited
            // (tls.ca.name_constraints.prohibited_type).
            _ => !tc,
        };
        if discouraged {
            out.emit(
                format!("{NC_LOC}.{field}[{i}]"),
                format!(
                    "{field} contains a {} constraint, a name type that is NOT RECOMMENDED",
                    g.kind()
                ),
            );
        }
    }
}

fn nc_prohibited(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(n) = nc(ctx) else { return };
    for (field, i, g) in subtrees(n) {
        if !matches!(
            g,
            GeneralName::Dns(_)
                | GeneralName::Ip(_)
                | GeneralName::DirectoryName(_)
                | GeneralName::OtherName { .. }
        ) {
            out.emit(
                format!("{NC_LOC}.{field}[{i}]"),
                format!("{field} contains a {} constraint, which a technically constrained TLS CA must not", g.kind()),
            );
        }
    }
}

fn nc_dirname_excluded(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(n) = nc(ctx) else { return };
    for (i, s) in n.excluded.iter().flatten().enumerate() {
        if matches!(s.base, GeneralName::DirectoryName(_)) {
            out.emit(
                format!("{NC_LOC}.excludedSubtrees[{i}]"),
                "excludedSubtrees contains a directoryName, which is NOT RECOMMENDED",
            );
        }
    }
}

fn nc_not_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let Some(e) = ctx.cert.extension(oids::NAME_CONSTRAINTS)
        && !e.critical
    {
        out.emit(
                NC_LOC,
                "nameConstraints is non-critical; it SHOULD be critical unless legacy compatibility requires otherwise",
            );
    }
}

fn nc_incomplete(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(n) = nc(ctx) else { return };
    let permitted: Vec<&GeneralName<'_>> = n.permitted.iter().flatten().map(|s| &s.base).collect();
    let excluded: Vec<&GeneralName<'_>> = n.excluded.iter().flatten().map(|s| &s.base).collect();
    let mut missing = Vec::new();
    let dns_ok = permitted.iter().any(|g| matches!(g, GeneralName::Dns(_)))
        || excluded
            .iter()
            .any(|g| matches!(g, GeneralName::Dns(d) if d.is_empty()));
    if !dns_ok {
        missing
            .push("no dNSName in permittedSubtrees and no zero-length dNSName in excludedSubtrees");
    }
    let ip_ok = |len: usize| {
        permitted
            .iter()
            .any(|g| matches!(g, GeneralName::Ip(b) if b.len() == len))
            || excluded.iter().any(
                |g| matches!(g, GeneralName::Ip(b) if b.len() == len && b.iter().all(|x| *x == 0)),
            )
    };
    if !ip_ok(8) {
        missing.push("no IPv4 iPAddress in permittedSubtrees and no 0.0.0.0/0 in excludedSubtrees");
    }
    if !ip_ok(32) {
        missing.push("no IPv6 iPAddress in permittedSubtrees and no ::/0 in excludedSubtrees");
    }
    if !permitted
        .iter()
        .any(|g| matches!(g, GeneralName::DirectoryName(_)))
    {
        missing.push("no directoryName in permittedSubtrees");
    }
    for m in missing {
        out.emit(
            NC_LOC,
            format!("nameConstraints do not technically constrain the CA: {m}"),
        );
    }
}

/// The dNSName constraints with their locations, except the zero-length one
/// that excludes every domain name (7.1.2.5.2).
fn nc_dns_names<'a>(n: &'a NameConstraints<'a>) -> Vec<(String, String)> {
    subtrees(n)
        .filter_map(|(field, i, g)| match g {
            GeneralName::Dns(d) if !d.is_empty() => Some((
                format!("{NC_LOC}.{field}[{i}]"),
                String::from_utf8_lossy(d).into_owned(),
            )),
            _ => None,
        })
        .collect()
}

fn nc_dns_syntax(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(n) = nc(ctx) else { return };
    for (loc, d) in nc_dns_names(n) {
        // A constraint names a domain and its subdomains (RFC 5280
        // 4.2.1.10), so it is a plain domain name: no wildcard, no leading dot.
        let problem = if d.starts_with('*') {
            Some("is a wildcard, which a dNSName constraint cannot express".into())
        } else {
            ldh_problem(&d)
        };
        if let Some(p) = problem {
            out.emit(
                loc,
                format!("dNSName constraint \"{}\" {p}", d.escape_debug()),
            );
        }
    }
}

fn nc_dns_onion(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(n) = nc(ctx) else { return };
    for (loc, d) in nc_dns_names(n) {
        if onion_not_v3(&d) {
            out.emit(
                loc,
                format!(
                    "dNSName constraint \"{}\" is not a valid version 3 Onion Domain Name",
                    d.escape_debug()
                ),
            );
        }
    }
}

fn nc_dns_internal(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(n) = nc(ctx) else { return };
    for (loc, d) in nc_dns_names(n) {
        // Whatever its syntax, a name whose last label is not a delegated TLD
        // cannot be registered (Internal Name, TLS BR 1.6.1).
        if !d.to_ascii_lowercase().ends_with(".onion") && !has_public_tld(&d) {
            out.emit(
                loc,
                format!("dNSName constraint \"{}\" is an Internal Name (its TLD is not delegated in the root zone)", d.escape_debug()),
            );
        }
    }
}

fn nc_absent_constrained(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    require(ctx, out, oids::NAME_CONSTRAINTS, "MUST");
}

// ----- cross-certificate EKU presence (7.1.2.2.3) -----

fn cross_eku_absent(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    require(ctx, out, oids::EXT_KEY_USAGE, "MUST");
}
fn cross_eku_absent_affiliated(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    require(ctx, out, oids::EXT_KEY_USAGE, "SHOULD");
}

// ----- the table -----

use Severity::{Error, Notice, Warning};

const SUBCA_EXT: &str = "TLS BR 7.1.2.3.1, 7.1.2.4.1, 7.1.2.5.1, 7.1.2.6.1";
const CROSS_EXT: &str = "TLS BR 7.1.2.2.3";
const OCSP_EXT: &str = "TLS BR 7.1.2.8.2";

/// The rules of this file.
pub static RULES: &[Rule] = &[
    // --- root CA: extensions (7.1.2.1.2) ---
    must_have!(
        "tls.root.basic_constraints_absent",
        Error,
        "TLS BR 7.1.2.1.2",
        root,
        Some("cabf.serverauth.root.basic_constraints_extension_absent"),
        oids::BASIC_CONSTRAINTS,
        "basicConstraints",
        "MUST"
    ),
    must_have!(
        "tls.root.key_usage_absent",
        Error,
        "TLS BR 7.1.2.1.2",
        root,
        Some("cabf.serverauth.root.key_usage_extension_absent"),
        Some("e_root_ca_key_usage_present"),
        oids::KEY_USAGE,
        "keyUsage",
        "MUST"
    ),
    must_have!(
        "tls.root.subject_key_identifier_absent",
        Error,
        "TLS BR 7.1.2.1.2",
        root,
        Some("cabf.serverauth.root.subject_key_identifier_extension_absent"),
        oids::SUBJECT_KEY_IDENTIFIER,
        "subjectKeyIdentifier",
        "MUST"
    ),
    must_have!(
        "tls.root.authority_key_identifier_absent",
        Warning,
        "TLS BR 7.1.2.1.2",
        root,
        Some("cabf.serverauth.root.authority_key_identifier_extension_absent"),
        oids::AUTHORITY_KEY_IDENTIFIER,
        "authorityKeyIdentifier",
        "SHOULD (RECOMMENDED)"
    ),
    must_not_have!(
        "tls.root.extended_key_usage_present",
        Error,
        "TLS BR 7.1.2.1.2",
        root,
        Some("cabf.serverauth.root.extended_key_usage_extension_present"),
        Some("e_root_ca_extended_key_usage_present"),
        oids::EXT_KEY_USAGE,
        "extKeyUsage",
        "MUST NOT"
    ),
    must_not_have!(
        "tls.root.certificate_policies_present",
        Warning,
        "TLS BR 7.1.2.1.2",
        root,
        Some("cabf.serverauth.root.certificate_policies_extension_present"),
        Some("w_root_ca_contains_cert_policy"),
        oids::CERTIFICATE_POLICIES,
        "certificatePolicies",
        "SHOULD NOT (NOT RECOMMENDED)"
    ),
    Rule {
        code: "tls.root.unknown_extension",
        severity: Warning,
        citation: "TLS BR 7.1.2.1.2, 7.1.2.11.2",
        summary: "A root CA carries only the extensions its table lists (others, including cRLDistributionPoints, are NOT RECOMMENDED)",
        applies: root,
        pkilint: Some("cabf.serverauth.root.unknown_extension_present"),
        check: root_unknown,
        ..Rule::NEW
    },
    // --- root CA: other fields (7.1.2.1) ---
    Rule {
        code: "tls.root.validity_too_long",
        severity: Error,
        citation: "TLS BR 7.1.2.1.1",
        summary: "A root CA's validity period is at most 9132 days",
        applies: root,
        pkilint: Some("cabf.serverauth.root_validity_period_too_long"),
        check: root_validity_long,
        ..Rule::NEW
    },
    Rule {
        code: "tls.root.validity_too_short",
        severity: Error,
        citation: "TLS BR 7.1.2.1.1",
        summary: "A root CA's validity period is at least 2922 days",
        applies: root,
        pkilint: Some("cabf.serverauth.root_validity_period_too_short"),
        check: root_validity_short,
        ..Rule::NEW
    },
    Rule {
        code: "tls.root.issuer_not_subject",
        severity: Error,
        citation: "TLS BR 7.1.2.1",
        summary: "A root CA's encoded issuer is byte-for-byte identical to its encoded subject",
        applies: root,
        pkilint: Some("cabf.serverauth.root_subject_issuer_name_encoding_not_equal"),
        check: root_issuer_subject,
        ..Rule::NEW
    },
    Rule {
        code: "tls.root.aki_not_ski",
        severity: Error,
        citation: "TLS BR 7.1.2.1.3",
        summary: "A root CA's authorityKeyIdentifier keyIdentifier equals its subjectKeyIdentifier",
        applies: root,
        pkilint: Some("cabf.serverauth.root_aki_ski_not_equal"),
        check: root_aki_ski,
        ..Rule::NEW
    },
    Rule {
        code: "tls.root.path_len_present",
        severity: Warning,
        citation: "TLS BR 7.1.2.1.4",
        summary: "A root CA's basicConstraints should not contain pathLenConstraint",
        applies: root,
        pkilint: Some("cabf.serverauth.root_basic_constraints_pathlenconstraint_present"),
        zlint: Some("w_root_ca_basic_constraints_path_len_constraint_field_present"),
        check: root_path_len,
        ..Rule::NEW
    },
    Rule {
        code: "tls.root.basic_constraints_not_ca",
        severity: Error,
        citation: "TLS BR 7.1.2.1.4",
        summary: "A root CA's basicConstraints asserts cA",
        applies: root,
        pkilint: Some("cabf.serverauth.root_basic_constraints_ca_not_present"),
        check: bc_not_ca,
        ..Rule::NEW
    },
    // --- subordinate CAs other than cross-certificates: extensions ---
    must_have!(
        "tls.ca.authority_key_identifier_absent",
        Error,
        "TLS BR 7.1.2.3.1, 7.1.2.4.1, 7.1.2.5.1, 7.1.2.6.1",
        subca_not_cross,
        Some("cabf.serverauth.ca.authority_key_identifier_extension_absent"),
        oids::AUTHORITY_KEY_IDENTIFIER,
        "authorityKeyIdentifier",
        "MUST"
    ),
    must_have!(
        "tls.ca.basic_constraints_absent",
        Error,
        "TLS BR 7.1.2.3.1, 7.1.2.4.1, 7.1.2.5.1, 7.1.2.6.1",
        subca_not_cross,
        Some("cabf.serverauth.ca.basic_constraints_extension_absent"),
        oids::BASIC_CONSTRAINTS,
        "basicConstraints",
        "MUST"
    ),
    must_have!(
        "tls.ca.crl_distribution_points_absent",
        Error,
        "TLS BR 7.1.2.3.1, 7.1.2.4.1, 7.1.2.5.1, 7.1.2.6.1, 7.1.2.11.2",
        subca_not_cross,
        Some("cabf.serverauth.ca.crl_distribution_points_extension_absent"),
        Some("e_sub_ca_crl_distribution_points_missing"),
        oids::CRL_DISTRIBUTION_POINTS,
        "cRLDistributionPoints",
        "MUST"
    ),
    must_have!(
        "tls.ca.key_usage_absent",
        Error,
        "TLS BR 7.1.2.3.1, 7.1.2.4.1, 7.1.2.5.1, 7.1.2.6.1",
        subca_not_cross,
        Some("cabf.serverauth.ca.key_usage_extension_absent"),
        oids::KEY_USAGE,
        "keyUsage",
        "MUST"
    ),
    must_have!(
        "tls.ca.subject_key_identifier_absent",
        Error,
        "TLS BR 7.1.2.3.1, 7.1.2.4.1, 7.1.2.5.1, 7.1.2.6.1",
        subca_not_cross,
        Some("cabf.serverauth.ca.subject_key_identifier_extension_absent"),
        oids::SUBJECT_KEY_IDENTIFIER,
        "subjectKeyIdentifier",
        "MUST"
    ),
    must_have!(
        "tls.ca.extended_key_usage_absent",
        Error,
        "TLS BR 7.1.2.3.1, 7.1.2.4.1, 7.1.2.5.1, 7.1.2.6.1",
        subca_not_cross,
        Some("cabf.serverauth.ca.extended_key_usage_extension_absent"),
        oids::EXT_KEY_USAGE,
        "extKeyUsage",
        "MUST"
    ),
    must_have!(
        "tls.ca.certificate_policies_absent",
        Error,
        "TLS BR 7.1.2.4.1, 7.1.2.5.1, 7.1.2.6.1",
        subca_policy_restricted,
        Some("cabf.serverauth.ca.certificate_policies_extension_absent"),
        Some("e_sub_ca_certificate_policies_missing"),
        oids::CERTIFICATE_POLICIES,
        "certificatePolicies",
        "MUST"
    ),
    must_have!(
        "tls.ca.authority_info_access_absent",
        Warning,
        "TLS BR 7.1.2.3.1, 7.1.2.4.1, 7.1.2.5.1, 7.1.2.6.1",
        subca_not_cross,
        Some("cabf.serverauth.ca.authority_info_access_extension_absent"),
        Some("w_sub_ca_aia_missing"),
        oids::AUTHORITY_INFO_ACCESS,
        "authorityInfoAccess",
        "SHOULD"
    ),
    Rule {
        code: "tls.ca.name_constraints_absent",
        severity: Error,
        citation: "TLS BR 7.1.2.5.1",
        summary: "A technically constrained TLS subordinate CA has nameConstraints",
        applies: constrained,
        pkilint: Some("cabf.serverauth.ca.name_constraints_extension_absent"),
        check: nc_absent_constrained,
        ..Rule::NEW
    },
    Rule {
        code: "tls.ca.unknown_extension",
        severity: Warning,
        citation: SUBCA_EXT,
        summary: "A subordinate CA carries only the extensions its table lists (others are NOT RECOMMENDED)",
        applies: subca_not_cross,
        pkilint: Some("cabf.serverauth.ca.unknown_extension_present"),
        check: subca_unknown,
        ..Rule::NEW
    },
    // --- cross-certified subordinate CAs: extensions (7.1.2.2.3) ---
    must_have!(
        "tls.cross_ca.authority_key_identifier_absent",
        Error,
        "TLS BR 7.1.2.2.3",
        cross,
        Some("cabf.serverauth.cross_ca.authority_key_identifier_extension_absent"),
        oids::AUTHORITY_KEY_IDENTIFIER,
        "authorityKeyIdentifier",
        "MUST"
    ),
    must_have!(
        "tls.cross_ca.basic_constraints_absent",
        Error,
        "TLS BR 7.1.2.2.3",
        cross,
        Some("cabf.serverauth.cross_ca.basic_constraints_extension_absent"),
        oids::BASIC_CONSTRAINTS,
        "basicConstraints",
        "MUST"
    ),
    must_have!(
        "tls.cross_ca.certificate_policies_absent",
        Error,
        "TLS BR 7.1.2.2.3",
        cross,
        Some("cabf.serverauth.cross_ca.certificate_policies_extension_absent"),
        oids::CERTIFICATE_POLICIES,
        "certificatePolicies",
        "MUST"
    ),
    must_have!(
        "tls.cross_ca.crl_distribution_points_absent",
        Error,
        "TLS BR 7.1.2.2.3",
        cross,
        Some("cabf.serverauth.cross_ca.crl_distribution_points_extension_absent"),
        oids::CRL_DISTRIBUTION_POINTS,
        "cRLDistributionPoints",
        "MUST"
    ),
    must_have!(
        "tls.cross_ca.key_usage_absent",
        Error,
        "TLS BR 7.1.2.2.3",
        cross,
        Some("cabf.serverauth.cross_ca.key_usage_extension_absent"),
        oids::KEY_USAGE,
        "keyUsage",
        "MUST"
    ),
    must_have!(
        "tls.cross_ca.subject_key_identifier_absent",
        Error,
        "TLS BR 7.1.2.2.3",
        cross,
        Some("cabf.serverauth.cross_ca.subject_key_identifier_extension_absent"),
        oids::SUBJECT_KEY_IDENTIFIER,
        "subjectKeyIdentifier",
        "MUST"
    ),
    must_have!(
        "tls.cross_ca.authority_info_access_absent",
        Warning,
        "TLS BR 7.1.2.2.3",
        cross,
        Some("cabf.serverauth.cross_ca.authority_info_access_extension_absent"),
        oids::AUTHORITY_INFO_ACCESS,
        "authorityInfoAccess",
        "SHOULD"
    ),
    Rule {
        code: "tls.cross_ca.extended_key_usage_absent",
        severity: Error,
        citation: "TLS BR 7.1.2.2.3",
        summary: "A cross-certificate for a CA not operated by the issuer or its Affiliate has a (restricted) extKeyUsage",
        applies: cross_external,
        pkilint: Some("cabf.serverauth.cross_ca.extended_key_usage_extension_absent"),
        check: cross_eku_absent,
        ..Rule::NEW
    },
    Rule {
        code: "tls.cross_ca.extended_key_usage_recommended",
        severity: Warning,
        citation: "TLS BR 7.1.2.2.3",
        summary: "A cross-certificate for a CA operated by the issuer or its Affiliate should have an extKeyUsage",
        applies: cross_internal,
        pkilint: Some("cabf.serverauth.cross_ca.extended_key_usage_extension_absent"),
        check: cross_eku_absent_affiliated,
        ..Rule::NEW
    },
    Rule {
        code: "tls.cross_ca.unknown_extension",
        severity: Warning,
        citation: CROSS_EXT,
        summary: "A cross-certified subordinate CA carries only the extensions its table lists (others are NOT RECOMMENDED)",
        applies: cross,
        pkilint: Some("cabf.serverauth.cross_ca.unknown_extension_present"),
        check: subca_unknown,
        ..Rule::NEW
    },
    // --- CA extension criticality (where the TLS BRs go beyond RFC 5280;
    // basicConstraints, authorityKeyIdentifier, subjectKeyIdentifier and
    // authorityInfoAccess criticality are the rfc5280.* rules') ---
    critical_rule!(
        "tls.ca.key_usage_not_critical",
        Error,
        "TLS BR 7.1.2.1.2, 7.1.2.2.3, 7.1.2.3.1, 7.1.2.4.1, 7.1.2.5.1, 7.1.2.6.1",
        tls_ca,
        Some("cabf.serverauth.ca.non_critical_key_usage_extension"),
        Some("e_ca_key_usage_not_critical"),
        oids::KEY_USAGE,
        "keyUsage",
        true
    ),
    critical_rule!(
        "tls.ca.certificate_policies_critical",
        Error,
        "TLS BR 7.1.2.1.2, 7.1.2.2.3, 7.1.2.3.1, 7.1.2.4.1, 7.1.2.5.1, 7.1.2.6.1",
        tls_ca,
        Some("cabf.serverauth.ca.critical_certificate_policies_extension"),
        None,
        oids::CERTIFICATE_POLICIES,
        "certificatePolicies",
        false
    ),
    critical_rule!(
        "tls.ca.sct_list_critical",
        Error,
        "TLS BR 7.1.2.1.2, 7.1.2.2.3, 7.1.2.3.1, 7.1.2.4.1, 7.1.2.5.1, 7.1.2.6.1",
        tls_ca,
        Some("cabf.serverauth.ca.critical_sct_list_extension"),
        None,
        oids::CT_SCT_LIST,
        "the Signed Certificate Timestamp List",
        false
    ),
    critical_rule!(
        "tls.ca.crl_distribution_points_critical",
        Error,
        "TLS BR 7.1.2.2.3, 7.1.2.3.1, 7.1.2.4.1, 7.1.2.5.1, 7.1.2.6.1",
        subca,
        Some("cabf.serverauth.ca.critical_crl_distribution_points_extension"),
        Some("e_sub_ca_crl_distribution_points_marked_critical"),
        oids::CRL_DISTRIBUTION_POINTS,
        "cRLDistributionPoints",
        false
    ),
    critical_rule!(
        "tls.ca.extended_key_usage_critical",
        Error,
        "TLS BR 7.1.2.2.3, 7.1.2.3.1, 7.1.2.4.1, 7.1.2.5.1, 7.1.2.6.1",
        subca,
        Some("cabf.serverauth.ca.critical_extended_key_usage_extension"),
        Some("w_sub_ca_eku_critical"),
        oids::EXT_KEY_USAGE,
        "extKeyUsage",
        false
    ),
    Rule {
        code: "tls.ca.basic_constraints_not_ca",
        severity: Error,
        citation: "TLS BR 7.1.2.10.4",
        summary: "A subordinate CA's basicConstraints asserts cA",
        applies: subca,
        pkilint: Some("cabf.serverauth.ca_basic_constraints_ca_bit_not_set"),
        check: bc_not_ca,
        ..Rule::NEW
    },
    // --- CA key usage (7.1.2.10.7) ---
    Rule {
        code: "tls.ca.key_usage_required_bit_missing",
        severity: Error,
        citation: "TLS BR 7.1.2.10.7",
        summary: "A CA certificate's keyUsage asserts keyCertSign and cRLSign",
        applies: tls_ca,
        pkilint: Some("cabf.ca_certificate_required_ku_missing"),
        check: ca_ku_required,
        ..Rule::NEW
    },
    Rule {
        code: "tls.ca.key_usage_prohibited_bit",
        severity: Error,
        citation: "TLS BR 7.1.2.10.7",
        summary: "A CA certificate's keyUsage asserts no bit other than digitalSignature, keyCertSign and cRLSign",
        applies: tls_ca,
        pkilint: Some("cabf.ca_certificate_prohibited_ku_present"),
        check: ca_ku_prohibited,
        ..Rule::NEW
    },
    Rule {
        code: "tls.ca.key_usage_no_digital_signature",
        severity: Notice,
        citation: "TLS BR 7.1.2.10.7",
        summary: "Without digitalSignature in keyUsage the CA key may not sign OCSP responses",
        applies: tls_ca,
        pkilint: Some("cabf.ca_certificate_no_digital_signature_bit"),
        zlint: Some("n_ca_digital_signature_not_set"),
        check: ca_ku_no_digital_signature,
        ..Rule::NEW
    },
    // --- CA naming (7.1.2.10.2), also for OCSP responders (7.1.2.8) ---
    Rule {
        code: "tls.ca.subject.country_absent",
        severity: Error,
        citation: "TLS BR 7.1.2.10.2",
        summary: "The subject contains countryName",
        applies: tls_ca_or_ocsp,
        pkilint: Some("cabf.serverauth.ca.country_attribute_absent"),
        zlint: Some("e_ca_country_name_missing"),
        check: subject_country,
        ..Rule::NEW
    },
    Rule {
        code: "tls.ca.subject.country_invalid",
        severity: Error,
        citation: "TLS BR 7.1.2.10.2",
        summary: "countryName is an ISO 3166-1 alpha-2 code (or XX)",
        applies: tls_ca_or_ocsp,
        pkilint: Some("cabf.invalid_country_code"),
        zlint: Some("e_ca_country_name_invalid"),
        check: subject_country_code,
        ..Rule::NEW
    },
    Rule {
        code: "tls.ca.subject.organization_absent",
        severity: Error,
        citation: "TLS BR 7.1.2.10.2",
        summary: "The subject contains organizationName",
        applies: tls_ca_or_ocsp,
        pkilint: Some("cabf.serverauth.ca.organization_name_attribute_absent"),
        zlint: Some("e_ca_organization_name_missing"),
        check: subject_org,
        ..Rule::NEW
    },
    Rule {
        code: "tls.ca.subject.common_name_absent",
        severity: Error,
        citation: "TLS BR 7.1.2.10.2",
        summary: "The subject contains commonName",
        applies: tls_ca_or_ocsp,
        pkilint: Some("cabf.serverauth.ca.common_name_attribute_absent"),
        zlint: Some("e_ca_common_name_missing"),
        check: subject_cn,
        ..Rule::NEW
    },
    Rule {
        code: "tls.ca.subject.organizational_unit_present",
        severity: Error,
        citation: "TLS BR 7.1.2.10.2",
        summary: "Root and TLS subordinate CA certificates (7.1.2.1, 7.1.2.5, 7.1.2.6) contain no organizationalUnitName",
        applies: ou_prohibited,
        pkilint: Some("cabf.serverauth.ca.organizational_unit_name_attribute_present"),
        zlint: Some("e_subj_orgunit_in_ca_cert"),
        check: subject_ou,
        ..Rule::NEW
    },
    Rule {
        code: "tls.ca.subject.organizational_unit_discouraged",
        severity: Warning,
        citation: "TLS BR 7.1.2.10.2",
        summary: "Other CA certificates (cross, non-TLS, precertificate signing) and OCSP responders should contain no organizationalUnitName",
        applies: ou_discouraged,
        pkilint: Some("cabf.serverauth.ca.organizational_unit_name_attribute_present"),
        check: subject_ou,
        ..Rule::NEW
    },
    Rule {
        code: "tls.ca.subject.unknown_attribute",
        severity: Warning,
        citation: "TLS BR 7.1.2.10.2",
        summary: "The subject contains only attributes 7.1.2.10.2 lists (others are NOT RECOMMENDED)",
        applies: tls_ca_or_ocsp,
        pkilint: Some("cabf.serverauth.ca.unknown_attribute_present"),
        check: subject_unknown,
        ..Rule::NEW
    },
    // --- CA authorityInformationAccess (7.1.2.10.3) and OCSP (7.1.2.8.3) ---
    Rule {
        code: "tls.ca.aia.prohibited_method",
        severity: Error,
        citation: "TLS BR 7.1.2.10.3",
        summary: "authorityInfoAccess uses only id-ad-ocsp and id-ad-caIssuers",
        applies: tls_ca,
        pkilint: Some("cabf.serverauth.ca.unknown_aia_access_method_present"),
        check: ca_aia_method,
        ..Rule::NEW
    },
    Rule {
        code: "tls.ca.aia.location_not_uri",
        severity: Error,
        citation: "TLS BR 7.1.2.10.3, 7.1.2.8.3",
        summary: "Every authorityInfoAccess accessLocation is a uniformResourceIdentifier",
        applies: tls_ca_or_ocsp,
        pkilint: Some("cabf.serverauth.aia_location_not_uri"),
        check: aia_not_uri,
        ..Rule::NEW
    },
    Rule {
        code: "tls.ca.aia.location_not_http",
        severity: Error,
        citation: "TLS BR 7.1.2.10.3, 7.1.2.8.3",
        summary: "Every authorityInfoAccess URI is an HTTP URL",
        applies: tls_ca_or_ocsp,
        pkilint: Some("cabf.serverauth.aia_location_uri_not_http"),
        zlint: Some("e_ca_aia_non_http_url"),
        check: aia_not_http,
        ..Rule::NEW
    },
    Rule {
        code: "tls.ca.aia.duplicate_location",
        severity: Error,
        citation: "TLS BR 7.1.2.10.3",
        summary: "accessLocations repeated under one accessMethod are unique",
        applies: tls_ca_or_ocsp,
        pkilint: Some("cabf.serverauth.aia_duplicate_location"),
        check: aia_duplicate,
        ..Rule::NEW
    },
    // --- CA certificatePolicies ---
    Rule {
        code: "tls.ca.policy.any_policy_with_others",
        severity: Error,
        citation: "TLS BR 7.1.2.10.5, 7.1.2.2.6, 7.1.2.3.2",
        summary: "anyPolicy, when used, is the only PolicyInformation",
        applies: subca,
        pkilint: Some("cabf.serverauth.ca_anypolicy_with_other_policy_oid"),
        check: any_policy_with_others,
        ..Rule::NEW
    },
    Rule {
        code: "tls.ca.policy.any_policy_external",
        severity: Error,
        citation: "TLS BR 7.1.2.10.5, 7.1.2.2.6, 7.1.2.3.2",
        summary: "anyPolicy is given only to subordinate CAs operated by the issuer or its Affiliate",
        applies: subca_external,
        pkilint: Some("cabf.serverauth.ca_external_anypolicy"),
        check: any_policy_external,
        ..Rule::NEW
    },
    Rule {
        code: "tls.ca.policy.reserved_missing",
        severity: Error,
        citation: "TLS BR 7.1.2.10.5, 7.1.2.2.6",
        summary: "A policy-restricted TLS subordinate CA asserts a reserved policy identifier (7.1.6.1)",
        applies: subca_cp_required,
        pkilint: Some("cabf.serverauth.ca_missing_reserved_policy_oid"),
        check: reserved_missing,
        ..Rule::NEW
    },
    Rule {
        code: "tls.ca.policy.reserved_multiple",
        severity: Error,
        citation: "TLS BR 7.1.2.10.5",
        summary: "A policy-restricted TLS subordinate CA asserts exactly one reserved policy identifier",
        applies: subca_policy_restricted,
        pkilint: Some("cabf.serverauth.ca_multiple_reserved_policy_oids"),
        zlint: Some("e_ca_multiple_reserved_policy_oids"),
        check: reserved_multiple,
        ..Rule::NEW
    },
    Rule {
        code: "tls.ca.policy.reserved_not_first",
        severity: Warning,
        citation: "TLS BR 7.1.2.10.5, 7.1.2.2.6",
        summary: "The reserved policy identifier should be the first PolicyInformation",
        applies: subca_cp_required,
        pkilint: Some("cabf.serverauth.ca_first_policy_oid_not_reserved"),
        check: reserved_not_first,
        ..Rule::NEW
    },
    Rule {
        code: "tls.ca.policy.non_tls_reserved",
        severity: Error,
        citation: "TLS BR 7.1.2.3.2",
        summary: "A technically constrained non-TLS subordinate CA asserts no reserved TLS policy identifier",
        applies: non_tls,
        pkilint: Some("cabf.serverauth.ca_non_tls_has_reserved_policy_oid"),
        check: non_tls_reserved,
        ..Rule::NEW
    },
    Rule {
        code: "tls.ca.policy.qualifier_present",
        severity: Warning,
        citation: "TLS BR 7.1.2.10.5, 7.1.2.2.6, 7.1.2.3.2, 7.1.2.8.8",
        summary: "CA and OCSP responder certificates should carry no policyQualifiers",
        applies: tls_ca_or_ocsp,
        pkilint: Some("cabf.serverauth.certificate_policy_qualifier_present"),
        check: qualifier_present,
        ..Rule::NEW
    },
    Rule {
        code: "tls.ca.policy.qualifier_not_cps",
        severity: Error,
        citation: "TLS BR 7.1.2.10.5, 7.1.2.2.6, 7.1.2.3.2, 7.1.2.8.8",
        summary: "The only policy qualifier is id-qt-cps",
        applies: tls_ca_or_ocsp,
        pkilint: Some("cabf.serverauth.prohibited_certificate_policy_qualifier_type"),
        zlint: Some("e_policy_qualifiers_other_than_cps_not_permitted"),
        check: qualifier_not_cps,
        ..Rule::NEW
    },
    Rule {
        code: "tls.ca.policy.cps_uri_not_http",
        severity: Error,
        citation: "TLS BR 7.1.2.10.5, 7.1.2.2.6, 7.1.2.3.2, 7.1.2.8.8",
        summary: "A CPS qualifier is an HTTP or HTTPS URL",
        applies: tls_ca_or_ocsp,
        pkilint: Some("cabf.cps_uri_is_not_http"),
        check: cps_not_http,
        ..Rule::NEW
    },
    // --- TLS subordinate CA EKU (7.1.2.10.6) ---
    Rule {
        code: "tls.ca.eku.server_auth_absent",
        severity: Error,
        citation: "TLS BR 7.1.2.10.6",
        summary: "A TLS subordinate CA's extKeyUsage contains id-kp-serverAuth",
        applies: tls_issuing,
        pkilint: Some("cabf.serverauth.ca.serverauth_eku_absent"),
        check: ca_eku_server_auth,
        ..Rule::NEW
    },
    eku_present_rule!(
        "tls.ca.eku.code_signing_present",
        Error,
        "TLS BR 7.1.2.10.6",
        tls_issuing,
        Some("cabf.serverauth.ca.codesigning_eku_present"),
        oids::KP_CODE_SIGNING,
        "A TLS subordinate CA's extKeyUsage does not contain id-kp-codeSigning"
    ),
    eku_present_rule!(
        "tls.ca.eku.email_protection_present",
        Error,
        "TLS BR 7.1.2.10.6",
        tls_issuing,
        Some("cabf.serverauth.ca.emailprotection_eku_present"),
        oids::KP_EMAIL_PROTECTION,
        "A TLS subordinate CA's extKeyUsage does not contain id-kp-emailProtection"
    ),
    eku_present_rule!(
        "tls.ca.eku.time_stamping_present",
        Error,
        "TLS BR 7.1.2.10.6",
        tls_issuing,
        None,
        oids::KP_TIME_STAMPING,
        "A TLS subordinate CA's extKeyUsage does not contain id-kp-timeStamping"
    ),
    eku_present_rule!(
        "tls.ca.eku.ocsp_signing_present",
        Error,
        "TLS BR 7.1.2.10.6",
        tls_issuing,
        Some("cabf.serverauth.ca.ocspsigning_eku_present"),
        oids::KP_OCSP_SIGNING,
        "A TLS subordinate CA's extKeyUsage does not contain id-kp-OCSPSigning"
    ),
    eku_present_rule!(
        "tls.ca.eku.any_present",
        Error,
        "TLS BR 7.1.2.10.6",
        tls_issuing,
        Some("cabf.serverauth.ca.anyeku_eku_present"),
        oids::ANY_EXTENDED_KEY_USAGE,
        "A TLS subordinate CA's extKeyUsage does not contain anyExtendedKeyUsage"
    ),
    eku_present_rule!(
        "tls.ca.eku.precert_signing_present",
        Error,
        "TLS BR 7.1.2.10.6",
        tls_issuing,
        Some("cabf.serverauth.ca.precertsigning_eku_present"),
        oids::KP_PRECERT_SIGNING,
        "A TLS subordinate CA's extKeyUsage does not contain the Precertificate Signing purpose"
    ),
    Rule {
        code: "tls.ca.eku.unknown_purpose",
        severity: Warning,
        citation: "TLS BR 7.1.2.10.6",
        summary: "A TLS subordinate CA's extKeyUsage contains only purposes 7.1.2.10.6 lists (others are NOT RECOMMENDED)",
        applies: tls_issuing,
        pkilint: Some("cabf.serverauth.ca.unknown_eku_present"),
        check: ca_eku_unknown,
        ..Rule::NEW
    },
    // --- cross-certificate EKU (7.1.2.2.4, 7.1.2.2.5) ---
    Rule {
        code: "tls.cross_ca.eku.any_external",
        severity: Error,
        citation: "TLS BR 7.1.2.2.3, 7.1.2.2.5",
        summary: "A cross-certificate for an unaffiliated CA does not contain anyExtendedKeyUsage",
        applies: cross_external,
        pkilint: Some("cabf.serverauth.cross_ca.external_anyeku_present"),
        check: cross_any_eku_external,
        ..Rule::NEW
    },
    Rule {
        code: "tls.cross_ca.eku.any_with_others",
        severity: Error,
        citation: "TLS BR 7.1.2.2.4",
        summary: "anyExtendedKeyUsage, when used, is the only purpose",
        applies: cross_internal,
        pkilint: Some("cabf.serverauth.cross_ca.internal_with_anyeku_and_other_eku"),
        check: cross_any_eku_with_others,
        ..Rule::NEW
    },
    Rule {
        code: "tls.cross_ca.eku.server_auth_absent",
        severity: Error,
        citation: "TLS BR 7.1.2.2.5",
        summary: "A restricted TLS cross-certificate's extKeyUsage contains id-kp-serverAuth",
        applies: cross,
        pkilint: Some("cabf.serverauth.cross_ca.serverauth_eku_absent"),
        check: cross_eku_server_auth,
        ..Rule::NEW
    },
    cross_eku_prohibited!(
        "tls.cross_ca.eku.email_protection_present",
        Error,
        Some("cabf.serverauth.cross_ca.emailprotection_eku_present"),
        oids::KP_EMAIL_PROTECTION,
        "A restricted TLS cross-certificate's extKeyUsage does not contain id-kp-emailProtection"
    ),
    cross_eku_prohibited!(
        "tls.cross_ca.eku.code_signing_present",
        Error,
        Some("cabf.serverauth.cross_ca.codesigning_eku_present"),
        oids::KP_CODE_SIGNING,
        "A restricted TLS cross-certificate's extKeyUsage does not contain id-kp-codeSigning"
    ),
    cross_eku_prohibited!(
        "tls.cross_ca.eku.time_stamping_present",
        Error,
        Some("cabf.serverauth.cross_ca.timestamping_eku_present"),
        oids::KP_TIME_STAMPING,
        "A restricted TLS cross-certificate's extKeyUsage does not contain id-kp-timeStamping"
    ),
    cross_eku_prohibited!(
        "tls.cross_ca.eku.ocsp_signing_present",
        Warning,
        Some("cabf.serverauth.cross_ca.ocspsigning_eku_present"),
        oids::KP_OCSP_SIGNING,
        "A restricted TLS cross-certificate's extKeyUsage should not contain id-kp-OCSPSigning (any other value is NOT RECOMMENDED)"
    ),
    Rule {
        code: "tls.cross_ca.eku.unknown_purpose",
        severity: Warning,
        citation: "TLS BR 7.1.2.2.5",
        summary: "A restricted TLS cross-certificate's extKeyUsage contains only id-kp-serverAuth and id-kp-clientAuth (others are NOT RECOMMENDED)",
        applies: cross,
        pkilint: Some("cabf.serverauth.cross_ca.unknown_eku_present"),
        check: cross_eku_unknown,
        ..Rule::NEW
    },
    // --- technically constrained non-TLS CA EKU (7.1.2.3.3) ---
    eku_present_rule!(
        "tls.non_tls_ca.eku.server_auth_present",
        Error,
        "TLS BR 7.1.2.3.3",
        non_tls,
        Some("cabf.serverauth.non_tls_ca.serverauth_eku_present"),
        oids::KP_SERVER_AUTH,
        "A non-TLS subordinate CA's extKeyUsage does not contain id-kp-serverAuth"
    ),
    eku_present_rule!(
        "tls.non_tls_ca.eku.ocsp_signing_present",
        Error,
        "TLS BR 7.1.2.3.3",
        non_tls,
        Some("cabf.serverauth.non_tls_ca.ocspsigning_eku_present"),
        oids::KP_OCSP_SIGNING,
        "A non-TLS subordinate CA's extKeyUsage does not contain id-kp-OCSPSigning"
    ),
    eku_present_rule!(
        "tls.non_tls_ca.eku.any_present",
        Error,
        "TLS BR 7.1.2.3.3",
        non_tls,
        Some("cabf.serverauth.non_tls_ca.anyeku_eku_present"),
        oids::ANY_EXTENDED_KEY_USAGE,
        "A non-TLS subordinate CA's extKeyUsage does not contain anyExtendedKeyUsage"
    ),
    eku_present_rule!(
        "tls.non_tls_ca.eku.precert_signing_present",
        Error,
        "TLS BR 7.1.2.3.3",
        non_tls,
        Some("cabf.serverauth.non_tls_ca.precertsigning_eku_present"),
        oids::KP_PRECERT_SIGNING,
        "A non-TLS subordinate CA's extKeyUsage does not contain the Precertificate Signing purpose"
    ),
    // --- precertificate signing CA (7.1.2.4) ---
    Rule {
        code: "tls.precert_ca.eku.precert_signing_absent",
        severity: Error,
        citation: "TLS BR 7.1.2.4.2",
        summary: "A Precertificate Signing CA's extKeyUsage contains the Precertificate Signing purpose",
        applies: precert,
        pkilint: Some("cabf.serverauth.ca_precert_signing.precertsigning_eku_absent"),
        check: precert_eku_required,
        ..Rule::NEW
    },
    Rule {
        code: "tls.precert_ca.eku.other_purpose",
        severity: Error,
        citation: "TLS BR 7.1.2.4.2",
        summary: "A Precertificate Signing CA's extKeyUsage contains no other purpose",
        applies: precert,
        pkilint: Some("cabf.serverauth.ca_precert_signing.unknown_eku_present"),
        check: precert_eku_others,
        ..Rule::NEW
    },
    Rule {
        code: "tls.precert_ca.issued_after_sunset",
        severity: Error,
        citation: "TLS BR 7.1.2.4",
        summary: "The Precertificate Signing CA profile is not used from 2026-03-15",
        applies: precert,
        effective_from: Some("2026-03-15"),
        pkilint: Some("cabf.serverauth.ca.precertificate_signing_ca_issued_after_prohibition"),
        check: precert_sunset,
        ..Rule::NEW
    },
    Rule {
        code: "tls.precert_ca.spki_algorithm_differs",
        severity: Error,
        citation: "TLS BR 7.1.2.4",
        summary: "A Precertificate Signing CA's subjectPublicKeyInfo algorithm is byte-for-byte the issuing CA's (checked when the issuer is given)",
        applies: precert,
        check: precert_spki_alg,
        ..Rule::NEW
    },
    // --- name constraints (7.1.2.10.8, 7.1.2.5.2) ---
    Rule {
        code: "tls.ca.name_constraints.discouraged_type",
        severity: Warning,
        citation: "TLS BR 7.1.2.10.8, 7.1.2.5.2",
        summary: "nameConstraints use only dNSName, iPAddress and directoryName (other types are NOT RECOMMENDED)",
        applies: tls_ca,
        pkilint: Some("cabf.serverauth.name_constraints_discouraged_name_type"),
        check: nc_discouraged,
        ..Rule::NEW
    },
    Rule {
        code: "tls.ca.name_constraints.prohibited_type",
        severity: Error,
        citation: "TLS BR 7.1.2.5.2",
        summary: "A technically constrained TLS CA's nameConstraints use only dNSName, iPAddress, directoryName and otherName",
        applies: constrained,
        pkilint: Some("cabf.serverauth.name_constraints_discouraged_name_type"),
        check: nc_prohibited,
        ..Rule::NEW
    },
    Rule {
        code: "tls.ca.name_constraints.directory_name_excluded",
        severity: Warning,
        citation: "TLS BR 7.1.2.10.8, 7.1.2.5.2",
        summary: "excludedSubtrees should contain no directoryName",
        applies: tls_ca,
        pkilint: Some("cabf.serverauth.name_constraints_dirname_in_excluded_subtrees"),
        check: nc_dirname_excluded,
        ..Rule::NEW
    },
    Rule {
        code: "tls.ca.name_constraints.not_critical",
        severity: Warning,
        citation: "TLS BR 7.1.2.10.8, 7.1.2.5.2",
        summary: "nameConstraints should be critical",
        applies: tls_ca,
        zlint: Some("w_sub_ca_name_constraints_not_critical"),
        check: nc_not_critical,
        ..Rule::NEW
    },
    Rule {
        code: "tls.ca.name_constraints.dns_name_syntax",
        severity: Error,
        citation: "TLS BR 7.1.2.10.8, 7.1.2.5.2",
        summary: "dNSName constraints are domain names of LDH labels (zero-length only to exclude every name)",
        applies: tls_ca_or_ocsp,
        pkilint: Some("cabf.serverauth.invalid_dnsname_syntax"),
        check: nc_dns_syntax,
        ..Rule::NEW
    },
    Rule {
        code: "tls.ca.name_constraints.onion_not_v3",
        severity: Error,
        citation: "TLS BR 7.1.2.10.8; TLS BR Appendix B",
        summary: "Onion Domain Names in dNSName constraints are valid version 3 addresses",
        applies: tls_ca_or_ocsp,
        pkilint: Some("cabf.serverauth.invalid_tor_v3_domain_name"),
        check: nc_dns_onion,
        ..Rule::NEW
    },
    Rule {
        code: "tls.ca.name_constraints.internal_name",
        severity: Error,
        citation: "TLS BR 7.1.2.10.8, 3.2.2.4",
        summary: "dNSName constraints name registered domains, not Internal Names",
        applies: tls_ca_or_ocsp,
        pkilint: Some("cabf.internal_domain_name"),
        check: nc_dns_internal,
        ..Rule::NEW
    },
    Rule {
        code: "tls.ca.name_constraints.incomplete",
        severity: Error,
        citation: "TLS BR 7.1.2.5.2",
        summary: "A technically constrained TLS CA constrains dNSName, IPv4 and IPv6 (permitted, or the whole namespace excluded) and permits at least one directoryName",
        applies: constrained,
        pkilint: Some("cabf.serverauth.ca.incomplete_name_constraints"),
        check: nc_incomplete,
        ..Rule::NEW
    },
    // --- OCSP responder (7.1.2.8) ---
    must_have!(
        "tls.ocsp.authority_key_identifier_absent",
        Error,
        "TLS BR 7.1.2.8.2",
        ocsp,
        Some("cabf.serverauth.ocsp_responder.authority_key_identifier_extension_absent"),
        oids::AUTHORITY_KEY_IDENTIFIER,
        "authorityKeyIdentifier",
        "MUST"
    ),
    must_have!(
        "tls.ocsp.extended_key_usage_absent",
        Error,
        "TLS BR 7.1.2.8.2",
        ocsp,
        Some("cabf.serverauth.ocsp_responder.extended_key_usage_extension_absent"),
        oids::EXT_KEY_USAGE,
        "extKeyUsage",
        "MUST"
    ),
    must_have!(
        "tls.ocsp.no_check_absent",
        Error,
        "TLS BR 7.1.2.8.2, 7.1.2.8.6",
        ocsp,
        Some("cabf.serverauth.ocsp_responder.ocsp_nocheck_extension_absent"),
        Some("e_ocsp_id_pkix_ocsp_nocheck_ext_not_included_server_auth"),
        oids::OCSP_NO_CHECK,
        "id-pkix-ocsp-nocheck",
        "MUST"
    ),
    must_have!(
        "tls.ocsp.key_usage_absent",
        Error,
        "TLS BR 7.1.2.8.2",
        ocsp,
        Some("cabf.serverauth.ocsp_responder.key_usage_extension_absent"),
        oids::KEY_USAGE,
        "keyUsage",
        "MUST"
    ),
    must_have!(
        "tls.ocsp.subject_key_identifier_absent",
        Warning,
        "TLS BR 7.1.2.8.2",
        ocsp,
        Some("cabf.serverauth.ocsp_responder.subject_key_identifier_extension_absent"),
        oids::SUBJECT_KEY_IDENTIFIER,
        "subjectKeyIdentifier",
        "SHOULD"
    ),
    must_not_have!(
        "tls.ocsp.name_constraints_present",
        Error,
        "TLS BR 7.1.2.8.2",
        ocsp,
        Some("cabf.serverauth.ocsp_responder.name_constraints_extension_present"),
        oids::NAME_CONSTRAINTS,
        "nameConstraints",
        "MUST NOT"
    ),
    must_not_have!(
        "tls.ocsp.subject_alt_name_present",
        Error,
        "TLS BR 7.1.2.8.2",
        ocsp,
        Some("cabf.serverauth.ocsp_responder.subject_altname_extension_present"),
        oids::SUBJECT_ALT_NAME,
        "subjectAltName",
        "MUST NOT"
    ),
    must_not_have!(
        "tls.ocsp.crl_distribution_points_present",
        Error,
        "TLS BR 7.1.2.8.2, 7.1.2.11.2",
        ocsp,
        Some("cabf.serverauth.ocsp_responder.crl_distribution_points_extension_present"),
        Some("e_ocsp_cert_cdp_forbidden"),
        oids::CRL_DISTRIBUTION_POINTS,
        "cRLDistributionPoints",
        "MUST NOT"
    ),
    must_not_have!(
        "tls.ocsp.authority_info_access_present",
        Warning,
        "TLS BR 7.1.2.8.2, 7.1.2.8.3",
        ocsp,
        Some("cabf.serverauth.ocsp_responder.authority_info_access_extension_present"),
        oids::AUTHORITY_INFO_ACCESS,
        "authorityInfoAccess",
        "SHOULD NOT (NOT RECOMMENDED)"
    ),
    must_not_have!(
        "tls.ocsp.certificate_policies_present",
        Warning,
        "TLS BR 7.1.2.8.2",
        ocsp,
        Some("cabf.serverauth.ocsp_responder.certificate_policies_extension_present"),
        Some("e_ocsp_cert_cp_forbidden"),
        oids::CERTIFICATE_POLICIES,
        "certificatePolicies",
        "SHOULD NOT"
    ),
    Rule {
        code: "tls.ocsp.unknown_extension",
        severity: Warning,
        citation: OCSP_EXT,
        summary: "An OCSP responder certificate carries only the extensions its table lists (others are NOT RECOMMENDED)",
        applies: ocsp,
        pkilint: Some("cabf.serverauth.ocsp_responder.unknown_extension_present"),
        check: ocsp_unknown,
        ..Rule::NEW
    },
    Rule {
        code: "tls.ocsp.extension_critical",
        severity: Error,
        citation: OCSP_EXT,
        summary: "id-pkix-ocsp-nocheck, certificatePolicies, cRLDistributionPoints and the SCT list are non-critical (RFC 5280 covers the others)",
        applies: ocsp,
        check: ocsp_extension_critical,
        ..Rule::NEW
    },
    Rule {
        code: "tls.ocsp.extension_not_critical",
        severity: Error,
        citation: OCSP_EXT,
        summary: "keyUsage and (when present) basicConstraints are critical",
        applies: ocsp,
        check: ocsp_critical_required,
        ..Rule::NEW
    },
    Rule {
        code: "tls.ocsp.eku.ocsp_signing_absent",
        severity: Error,
        citation: "TLS BR 7.1.2.8.5",
        summary: "An OCSP responder's extKeyUsage contains id-kp-OCSPSigning",
        applies: ocsp,
        pkilint: Some("cabf.serverauth.ocsp_responder.ocspsigning_eku_absent"),
        check: ocsp_eku_required,
        ..Rule::NEW
    },
    Rule {
        code: "tls.ocsp.eku.other_purpose",
        severity: Error,
        citation: "TLS BR 7.1.2.8.5",
        summary: "An OCSP responder's extKeyUsage contains no purpose other than id-kp-OCSPSigning",
        applies: ocsp,
        pkilint: Some("cabf.serverauth.ocsp_responder.unknown_eku_present"),
        check: ocsp_eku_others,
        ..Rule::NEW
    },
    Rule {
        code: "tls.ocsp.no_check_encoding",
        severity: Error,
        citation: "TLS BR 7.1.2.8.6",
        summary: "id-pkix-ocsp-nocheck's extnValue is exactly 0500",
        applies: ocsp,
        check: ocsp_nocheck_encoding,
        ..Rule::NEW
    },
    Rule {
        code: "tls.ocsp.key_usage_digital_signature_absent",
        severity: Error,
        citation: "TLS BR 7.1.2.8.7",
        summary: "An OCSP responder's keyUsage asserts digitalSignature",
        applies: ocsp,
        pkilint: Some("cabf.serverauth.ocsp_responder.digitalsignature_bit_missing"),
        check: ocsp_ku_digital_signature,
        ..Rule::NEW
    },
    Rule {
        code: "tls.ocsp.key_usage_prohibited_bit",
        severity: Error,
        citation: "TLS BR 7.1.2.8.7",
        summary: "An OCSP responder's keyUsage asserts only digitalSignature",
        applies: ocsp,
        pkilint: Some("cabf.serverauth.ocsp_responder.prohibited_ku_present"),
        zlint: Some("e_ocsp_cert_invalid_ku"),
        check: ocsp_ku_prohibited,
        ..Rule::NEW
    },
    Rule {
        code: "tls.ocsp.basic_constraints_ca",
        severity: Error,
        citation: "TLS BR 7.1.2.8.4",
        summary: "An OCSP responder certificate is not a CA certificate",
        applies: ocsp,
        pkilint: Some("cabf.serverauth.ocsp_responder.basic_constraints_ca_bit_set"),
        check: ocsp_bc_ca,
        ..Rule::NEW
    },
    Rule {
        code: "tls.ocsp.basic_constraints_encoding",
        severity: Error,
        citation: "TLS BR 7.1.2.8.4",
        summary: "A basicConstraints with cA FALSE has extnValue exactly 3000 (no pathLenConstraint)",
        applies: ocsp,
        check: ocsp_bc_encoding,
        ..Rule::NEW
    },
    Rule {
        code: "tls.ocsp.aia.prohibited_method",
        severity: Error,
        citation: "TLS BR 7.1.2.8.3",
        summary: "An OCSP responder's authorityInfoAccess uses only id-ad-ocsp",
        applies: ocsp,
        pkilint: Some("cabf.serverauth.ocsp_responder.unknown_aia_access_method_present"),
        check: ocsp_aia_method,
        ..Rule::NEW
    },
    Rule {
        code: "tls.ocsp.aia.ocsp_present",
        severity: Warning,
        citation: "TLS BR 7.1.2.8.3",
        summary: "An OCSP responder's authorityInfoAccess should not contain id-ad-ocsp",
        applies: ocsp,
        pkilint: Some("cabf.serverauth.ocsp_responder.ocsp_aia_access_method_present"),
        check: ocsp_aia_ocsp,
        ..Rule::NEW
    },
];
