//! Extensions of S/MIME subscriber certificates (SMIME BR 7.1.2.3, 7.1.2.4,
//! 7.1.4.2.1 and 7.1.6.1).
//!
//! Key usage is checked in `smime_keys`; names inside the subjectAltName are
//! checked for syntax in `general_names` and against the subject in
//! `smime_names`. Where SMIME BR 7.1.2.3 repeats an RFC 5280 requirement
//! unchanged (authorityInformationAccess, authorityKeyIdentifier,
//! subjectKeyIdentifier and subjectDirectoryAttributes criticality;
//! authorityKeyIdentifier and its keyIdentifier present; subjectKeyIdentifier
//! recommended), the `rfc5280` rules report it once for every profile. Rules
//! here are about which extensions and values are present, their criticality,
//! and URI schemes.

use cert::ext::{ExtValue, Extension, PolicyQualifier};
use cert::{GeneralName, Oid, oids};

use crate::finding::Severity;
use crate::profile::{Generation, Validation, smime_reserved_policies};
use crate::rule::{Ctx, Out, Rule, scope};
use crate::rules::smime_names::{lei_checksum_valid, lei_format_valid};

/// The date from which legacy generation certificates may no longer be issued (SMIME BR 7.1.6.1).
pub const LEGACY_SUNSET: &str = "2025-07-15";

/// The extension's name for locations and messages.
fn ext_name(oid: Oid<'_>) -> String {
    oid.name()
        .map(str::to_owned)
        .unwrap_or_else(|| oid.to_string())
}

fn location(oid: Oid<'_>) -> String {
    format!("extensions.{}", ext_name(oid))
}

/// Reports absence of a required or recommended extension.
fn require(ctx: &Ctx<'_>, out: &mut Out<'_>, oid: Oid<'_>, what: &str) {
    if ctx.cert.extension(oid).is_none() {
        out.emit(
            "extensions",
            format!("the {} extension is absent; {what}", ext_name(oid)),
        );
    }
}

/// Reports a critical extension that must or should not be critical.
fn not_critical(ctx: &Ctx<'_>, out: &mut Out<'_>, oid: Oid<'_>, what: &str) {
    if ctx.cert.extension(oid).is_some_and(|e| e.critical) {
        out.emit(
            location(oid),
            format!("the {} extension is marked critical; {what}", ext_name(oid)),
        );
    }
}

/// Reports the presence of a prohibited extension.
fn prohibit(ctx: &Ctx<'_>, out: &mut Out<'_>, oid: Oid<'_>, what: &str) {
    if ctx.cert.extension(oid).is_some() {
        out.emit(
            location(oid),
            format!("the {} extension is present; {what}", ext_name(oid)),
        );
    }
}

/// The scheme of a URI, lowercased, if it has one (RFC 3986 3.1: schemes are case-insensitive).
fn scheme(uri: &[u8]) -> Option<String> {
    let s = std::str::from_utf8(uri).ok()?;
    let u = super::general_names::parse_uri(s).ok()?;
    Some(u.scheme.to_ascii_lowercase())
}

fn is_http(n: &GeneralName<'_>) -> bool {
    matches!(n, GeneralName::Uri(u) if scheme(u).as_deref() == Some("http"))
}

use crate::rules::show;

fn describe(n: &GeneralName<'_>) -> String {
    match n {
        GeneralName::Uri(u) => format!("URI \"{}\"", show(u)),
        other => other.kind().to_string(),
    }
}

// --- (a) certificatePolicies -------------------------------------------------

fn policies_missing(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    require(
        ctx,
        out,
        oids::CERTIFICATE_POLICIES,
        "SMIME BR 7.1.2.3(a) requires it",
    );
}

fn policies_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    not_critical(
        ctx,
        out,
        oids::CERTIFICATE_POLICIES,
        "SMIME BR 7.1.2.3(a) says it should not be",
    );
}

fn reserved_oid_text(v: Validation, g: Generation) -> String {
    format!("2.23.140.1.5.{}.{}", v.arc(), g.arc())
}

fn reserved_missing(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some((v, g)) = ctx.smime() else { return };
    if ctx.cert.policies().is_none() {
        return;
    }
    let present = smime_reserved_policies(ctx.cert);
    if present.contains(&(v, g)) {
        return;
    }
    let others: Vec<String> = present
        .iter()
        .map(|&(v, g)| reserved_oid_text(v, g))
        .collect();
    let tail = if others.is_empty() {
        "it asserts no reserved S/MIME policy identifier".to_string()
    } else {
        format!("it asserts {} instead", others.join(", "))
    };
    out.emit(
        location(oids::CERTIFICATE_POLICIES),
        format!(
            "certificatePolicies lacks {}, the reserved policy identifier of the {} {} profile; {tail}",
            reserved_oid_text(v, g),
            v.as_str(),
            g.as_str()
        ),
    );
}

fn reserved_multiple(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let mut present = smime_reserved_policies(ctx.cert);
    present.sort();
    present.dedup();
    if present.len() > 1 {
        let list: Vec<String> = present
            .iter()
            .map(|&(v, g)| reserved_oid_text(v, g))
            .collect();
        out.emit(
            location(oids::CERTIFICATE_POLICIES),
            format!("certificatePolicies asserts {} reserved S/MIME policy identifiers ({}); exactly one is allowed", list.len(), list.join(", ")),
        );
    }
}

fn legacy_sunset(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let Some((v, g)) = ctx.smime() {
        out.emit(
            "validity.notBefore",
            format!(
                "the certificate uses the legacy generation profile ({}) and was issued on or after {LEGACY_SUNSET}",
                reserved_oid_text(v, g)
            ),
        );
    }
}

/// Each policy qualifier with its location.
fn qualifiers<'c, 'a>(
    ctx: &'c Ctx<'a>,
) -> impl Iterator<Item = (String, &'c PolicyQualifier<'a>)> + 'c {
    ctx.cert
        .policies()
        .into_iter()
        .flatten()
        .enumerate()
        .flat_map(|(i, p)| {
            p.qualifiers.iter().enumerate().map(move |(j, q)| {
                (
                    format!("extensions.certificatePolicies[{i}].policyQualifiers[{j}]"),
                    q,
                )
            })
        })
}

fn cps_not_http(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (loc, q) in qualifiers(ctx) {
        if let PolicyQualifier::Cps(t) = q {
            let ok = t.tag == cert::der::tag::IA5_STRING
                && matches!(scheme(t.value).as_deref(), Some("http" | "https"));
            if !ok {
                out.emit(
                    loc,
                    format!(
                        "the CPS qualifier \"{}\" is not an HTTP or HTTPS URL",
                        show(t.value)
                    ),
                );
            }
        }
    }
}

fn notice_without_text(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (loc, q) in qualifiers(ctx) {
        if let PolicyQualifier::UserNotice {
            explicit_text: None,
            ..
        } = q
        {
            out.emit(loc, "the user notice qualifier has no explicitText");
        }
    }
}

fn notice_with_ref(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (loc, q) in qualifiers(ctx) {
        if let PolicyQualifier::UserNotice {
            notice_ref: Some(_),
            ..
        } = q
        {
            out.emit(loc, "the user notice qualifier contains a noticeRef");
        }
    }
}

// --- (b) cRLDistributionPoints ----------------------------------------------

fn crldp_missing(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    require(
        ctx,
        out,
        oids::CRL_DISTRIBUTION_POINTS,
        "SMIME BR 7.1.2.3(b) requires it",
    );
}

fn crldp_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    not_critical(
        ctx,
        out,
        oids::CRL_DISTRIBUTION_POINTS,
        "SMIME BR 7.1.2.3(b) says it should not be",
    );
}

fn crldp<'c, 'a>(ctx: &'c Ctx<'a>) -> Option<&'c [cert::ext::DistributionPoint<'a>]> {
    match ctx.cert.ext_value(oids::CRL_DISTRIBUTION_POINTS) {
        Some(ExtValue::CrlDistributionPoints(dps)) => Some(dps),
        _ => None,
    }
}

fn crldp_no_http(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(dps) = crldp(ctx) else { return };
    if !dps
        .iter()
        .flat_map(|dp| dp.full_name.iter().flatten())
        .any(is_http)
    {
        out.emit(
            location(oids::CRL_DISTRIBUTION_POINTS),
            "no distributionPoint fullName contains an HTTP URI where the issuing CA's CRL can be retrieved",
        );
    }
}

fn crldp_other_scheme(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(dps) = crldp(ctx) else { return };
    for (i, dp) in dps.iter().enumerate() {
        for (j, n) in dp.full_name.iter().flatten().enumerate() {
            if let GeneralName::Uri(u) = n
                && !is_http(n)
            {
                out.emit(
                    format!("extensions.cRLDistributionPoints[{i}].fullName[{j}]"),
                    format!("URI \"{}\" does not use the HTTP scheme, the only one allowed in strict and multipurpose certificates", show(u)),
                );
            }
        }
    }
}

// --- (c) authorityInformationAccess -----------------------------------------

fn aia_missing(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    require(
        ctx,
        out,
        oids::AUTHORITY_INFO_ACCESS,
        "SMIME BR 7.1.2.3(c) says it should be present",
    );
}

/// The access locations of one method, with their indexes.
fn aia_locations<'c, 'a>(
    ctx: &'c Ctx<'a>,
    method: Oid<'static>,
) -> Option<Vec<(usize, &'c GeneralName<'a>)>> {
    match ctx.cert.ext_value(oids::AUTHORITY_INFO_ACCESS) {
        Some(ExtValue::InfoAccess(ads)) => Some(
            ads.iter()
                .enumerate()
                .filter(|(_, a)| a.method == method)
                .map(|(i, a)| (i, &a.location))
                .collect(),
        ),
        _ => None,
    }
}

fn aia_ca_issuers_missing(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if aia_locations(ctx, oids::AD_CA_ISSUERS).is_some_and(|l| l.is_empty()) {
        out.emit(
            location(oids::AUTHORITY_INFO_ACCESS),
            "authorityInformationAccess has no id-ad-caIssuers access description",
        );
    }
}

/// Strict and multipurpose: every location of `method` is an HTTP URI.
fn aia_every_http(ctx: &Ctx<'_>, out: &mut Out<'_>, method: Oid<'static>, what: &str) {
    for (i, n) in aia_locations(ctx, method).unwrap_or_default() {
        if !is_http(n) {
            out.emit(
                format!("extensions.authorityInfoAccess[{i}]"),
                format!("the {what} location {} is not an HTTP URI, the only scheme allowed in strict and multipurpose certificates", describe(n)),
            );
        }
    }
}

/// Legacy: when `method` is present, at least one of its locations is an HTTP URI.
fn aia_one_http(ctx: &Ctx<'_>, out: &mut Out<'_>, method: Oid<'static>, what: &str) {
    let locs = aia_locations(ctx, method).unwrap_or_default();
    if !locs.is_empty() && !locs.iter().any(|(_, n)| is_http(n)) {
        let list: Vec<String> = locs.iter().map(|(_, n)| describe(n)).collect();
        out.emit(
            location(oids::AUTHORITY_INFO_ACCESS),
            format!(
                "none of the {what} locations is an HTTP URI ({})",
                list.join(", ")
            ),
        );
    }
}

fn aia_ocsp_every_http(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    aia_every_http(ctx, out, oids::AD_OCSP, "id-ad-ocsp");
}
fn aia_ca_issuers_every_http(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    aia_every_http(ctx, out, oids::AD_CA_ISSUERS, "id-ad-caIssuers");
}
fn aia_ocsp_one_http(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    aia_one_http(ctx, out, oids::AD_OCSP, "id-ad-ocsp");
}
fn aia_ca_issuers_one_http(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    aia_one_http(ctx, out, oids::AD_CA_ISSUERS, "id-ad-caIssuers");
}

// --- (d) basicConstraints ---------------------------------------------------

fn bc_ca(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ctx.cert.basic_constraints().is_some_and(|b| b.ca) {
        out.emit(
            location(oids::BASIC_CONSTRAINTS),
            "basicConstraints asserts cA in a subscriber certificate",
        );
    }
}

fn bc_path_len(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let Some(n) = ctx.cert.basic_constraints().and_then(|b| b.path_len) {
        out.emit(
            location(oids::BASIC_CONSTRAINTS),
            format!("basicConstraints contains pathLenConstraint {n} in a subscriber certificate"),
        );
    }
}

// --- (f) extKeyUsage ----------------------------------------------------------

fn eku_missing(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    require(
        ctx,
        out,
        oids::EXT_KEY_USAGE,
        "SMIME BR 7.1.2.3(f) requires it",
    );
}

fn eku_no_email(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ctx
        .cert
        .ext_key_usage()
        .is_some_and(|e| !e.contains(&oids::KP_EMAIL_PROTECTION))
    {
        out.emit(
            location(oids::EXT_KEY_USAGE),
            "extKeyUsage does not contain id-kp-emailProtection",
        );
    }
}

/// Purposes SMIME BR 7.1.2.3(f) prohibits in every generation.
const PROHIBITED_PURPOSES: [Oid<'static>; 4] = [
    oids::KP_SERVER_AUTH,
    oids::KP_CODE_SIGNING,
    oids::KP_TIME_STAMPING,
    oids::ANY_EXTENDED_KEY_USAGE,
];

fn eku_prohibited(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for p in ctx.cert.ext_key_usage().unwrap_or_default() {
        if PROHIBITED_PURPOSES.contains(p) {
            out.emit(
                location(oids::EXT_KEY_USAGE),
                format!(
                    "extKeyUsage contains {}, which SMIME BR 7.1.2.3(f) prohibits",
                    ext_name(*p)
                ),
            );
        }
    }
}

fn eku_strict_other(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for p in ctx.cert.ext_key_usage().unwrap_or_default() {
        // The always-prohibited purposes are reported by smime.extended_key_usage.prohibited_purpose.
        if *p != oids::KP_EMAIL_PROTECTION && !PROHIBITED_PURPOSES.contains(p) {
            out.emit(
                location(oids::EXT_KEY_USAGE),
                format!(
                    "extKeyUsage contains {}; strict certificates allow only id-kp-emailProtection",
                    ext_name(*p)
                ),
            );
        }
    }
}

// --- (g) authorityKeyIdentifier ---------------------------------------------

fn aki_issuer_serial(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let Some(a) = ctx.cert.authority_key_id() {
        let mut fields = Vec::new();
        if a.issuer.is_some() {
            fields.push("authorityCertIssuer");
        }
        if a.serial.is_some() {
            fields.push("authorityCertSerialNumber");
        }
        if !fields.is_empty() {
            out.emit(
                location(oids::AUTHORITY_KEY_IDENTIFIER),
                format!("authorityKeyIdentifier contains {}", fields.join(" and ")),
            );
        }
    }
}

// --- (h) subjectAltName and 7.1.4.2.1 ---------------------------------------

fn san_missing(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    require(
        ctx,
        out,
        oids::SUBJECT_ALT_NAME,
        "SMIME BR 7.1.2.3(h) requires it",
    );
}

fn san_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if !ctx.cert.subject.is_empty() {
        not_critical(
            ctx,
            out,
            oids::SUBJECT_ALT_NAME,
            "SMIME BR 7.1.2.3(h) says it should not be while the subject is not empty",
        );
    }
}

fn is_mailbox_name(n: &GeneralName<'_>) -> bool {
    match n {
        GeneralName::Rfc822(_) => true,
        GeneralName::OtherName { type_id, .. } => *type_id == oids::ON_SMTP_UTF8_MAILBOX,
        _ => false,
    }
}

fn san_no_mailbox(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ctx
        .cert
        .subject_alt_names()
        .is_some_and(|sans| !sans.iter().any(is_mailbox_name))
    {
        out.emit(
            location(oids::SUBJECT_ALT_NAME),
            "subjectAltName contains neither an rfc822Name nor an id-on-SmtpUTF8Mailbox otherName",
        );
    }
}

fn san_strict_other_name(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (i, n) in ctx
        .cert
        .subject_alt_names()
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        if let GeneralName::OtherName { type_id, .. } = n
            && *type_id != oids::ON_SMTP_UTF8_MAILBOX
        {
            out.emit(
                format!("extensions.subjectAltName[{i}]"),
                format!("subjectAltName contains an otherName of type {}; strict certificates allow only id-on-SmtpUTF8Mailbox", ext_name(*type_id)),
            );
        }
    }
}

fn san_prohibited_type(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (i, n) in ctx
        .cert
        .subject_alt_names()
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        if !matches!(
            n,
            GeneralName::Rfc822(_) | GeneralName::OtherName { .. } | GeneralName::DirectoryName(_)
        ) {
            out.emit(
                format!("extensions.subjectAltName[{i}]"),
                format!(
                    "subjectAltName contains a {}, a name type SMIME BR 7.1.4.2.1 does not allow",
                    n.kind()
                ),
            );
        }
    }
}

// --- (i) to (n) ---------------------------------------------------------------

fn smime_caps_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    not_critical(
        ctx,
        out,
        oids::SMIME_CAPABILITIES,
        "SMIME BR 7.1.2.3(i) forbids that",
    );
}

fn sda_prohibited(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    prohibit(
        ctx,
        out,
        oids::SUBJECT_DIRECTORY_ATTRIBUTES,
        "strict and multipurpose certificates do not allow it",
    );
}

fn qc_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    not_critical(
        ctx,
        out,
        oids::QC_STATEMENTS,
        "SMIME BR 7.1.2.3(k) forbids that",
    );
}

fn lei_prohibited(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    prohibit(
        ctx,
        out,
        oids::LEI,
        "mailbox-validated and individual-validated certificates do not allow it",
    );
}

fn lei_role_prohibited(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    prohibit(
        ctx,
        out,
        oids::LEI_ROLE,
        "only sponsor-validated certificates allow it",
    );
}

fn lei_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    not_critical(ctx, out, oids::LEI, "SMIME BR 7.1.2.3(l) forbids that");
}

fn lei_role_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    not_critical(ctx, out, oids::LEI_ROLE, "SMIME BR 7.1.2.3(l) forbids that");
}

/// The LEI carried by the LEI extension, as text, when it decodes to a string.
fn lei_value<'a>(e: &Extension<'a>) -> Option<std::borrow::Cow<'a, str>> {
    match &e.parsed {
        Ok(ExtValue::Lei(t)) => cert::name::decode_string(t).ok(),
        _ => None,
    }
}

fn lei_format(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(e) = ctx.cert.extension(oids::LEI) else {
        return;
    };
    let Some(v) = lei_value(e) else { return };
    if !lei_format_valid(&v) {
        out.emit(
            location(oids::LEI),
            format!(
                "the LEI \"{}\" is not 18 digits or uppercase letters followed by 2 check digits",
                show(v.as_bytes())
            ),
        );
    }
}

fn lei_checksum(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(e) = ctx.cert.extension(oids::LEI) else {
        return;
    };
    let Some(v) = lei_value(e) else { return };
    // Malformed values are reported by smime.lei.invalid_format.
    if lei_format_valid(&v) && !lei_checksum_valid(&v) {
        out.emit(
            location(oids::LEI),
            format!("the LEI \"{v}\" has wrong check digits (ISO 7064 MOD 97-10)"),
        );
    }
}

fn adobe_ts_prohibited(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    prohibit(
        ctx,
        out,
        oids::ADOBE_TIMESTAMP,
        "strict certificates do not allow Adobe extensions",
    );
}
fn adobe_arc_prohibited(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    prohibit(
        ctx,
        out,
        oids::ADOBE_ARCHIVE_REV_INFO,
        "strict certificates do not allow Adobe extensions",
    );
}
fn adobe_ts_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    not_critical(
        ctx,
        out,
        oids::ADOBE_TIMESTAMP,
        "SMIME BR 7.1.2.3(m) forbids that",
    );
}
fn adobe_arc_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    not_critical(
        ctx,
        out,
        oids::ADOBE_ARCHIVE_REV_INFO,
        "SMIME BR 7.1.2.3(m) forbids that",
    );
}

// --- 7.1.2.4 ------------------------------------------------------------------

/// Extensions SMIME BR 7.1.2.3 specifies for subscriber certificates.
const LISTED: [Oid<'static>; 16] = [
    oids::CERTIFICATE_POLICIES,
    oids::CRL_DISTRIBUTION_POINTS,
    oids::AUTHORITY_INFO_ACCESS,
    oids::BASIC_CONSTRAINTS,
    oids::KEY_USAGE,
    oids::EXT_KEY_USAGE,
    oids::AUTHORITY_KEY_IDENTIFIER,
    oids::SUBJECT_ALT_NAME,
    oids::SMIME_CAPABILITIES,
    oids::SUBJECT_DIRECTORY_ATTRIBUTES,
    oids::QC_STATEMENTS,
    oids::LEI,
    oids::LEI_ROLE,
    oids::ADOBE_TIMESTAMP,
    oids::ADOBE_ARCHIVE_REV_INFO,
    oids::SUBJECT_KEY_IDENTIFIER,
];

fn unlisted(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for e in ctx.cert.extensions() {
        if !LISTED.contains(&e.oid) {
            out.emit(
                location(e.oid),
                format!(
                    "the {} extension is not one SMIME BR 7.1.2.3 specifies; the CA must have a reason to include it and document its validation",
                    ext_name(e.oid)
                ),
            );
        }
    }
}

fn lei_scope(p: crate::Profile) -> bool {
    scope::smime_validation(p, Validation::Mailbox)
        || scope::smime_validation(p, Validation::Individual)
}
fn lei_role_scope(p: crate::Profile) -> bool {
    lei_scope(p) || scope::smime_validation(p, Validation::Organization)
}
fn lei_allowed_scope(p: crate::Profile) -> bool {
    scope::smime_validation(p, Validation::Organization)
        || scope::smime_validation(p, Validation::Sponsored)
}
fn sponsored(p: crate::Profile) -> bool {
    scope::smime_validation(p, Validation::Sponsored)
}

/// The rules of this file.
pub static RULES: &[Rule] = &[
    // (a)
    Rule {
        code: "smime.certificate_policies.missing",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.2.3(a)",
        summary: "certificatePolicies is present",
        applies: scope::smime,
        pkilint: Some("cabf.smime.certificate_policies_extension_missing"),
        check: policies_missing,
        ..Rule::NEW
    },
    Rule {
        code: "smime.certificate_policies.critical",
        severity: Severity::Warning,
        citation: "SMIME BR 7.1.2.3(a)",
        summary: "certificatePolicies is not critical",
        applies: scope::smime,
        pkilint: Some("cabf.critical_certificate_policies_extension"),
        check: policies_critical,
        ..Rule::NEW
    },
    Rule {
        code: "smime.certificate_policies.reserved_oid_missing",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.2.3(a); SMIME BR 7.1.6.1",
        summary: "certificatePolicies includes the reserved policy identifier of the certificate's type and generation",
        applies: scope::smime,
        pkilint: Some("cabf.smime.no_required_reserved_policy_oid"),
        check: reserved_missing,
        ..Rule::NEW
    },
    Rule {
        code: "smime.certificate_policies.multiple_reserved_oids",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.2.3(a)",
        summary: "certificatePolicies includes exactly one reserved S/MIME policy identifier",
        applies: scope::smime,
        pkilint: Some("cabf.smime.multiple_reserved_policy_oids"),
        check: reserved_multiple,
        ..Rule::NEW
    },
    Rule {
        code: "smime.certificate_policies.legacy_generation_prohibited",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.6.1",
        summary: "No legacy generation certificate is issued on or after 2025-07-15",
        applies: scope::smime_legacy,
        effective_from: Some(LEGACY_SUNSET),
        pkilint: Some("cabf.smime.legacy_generation_certificate_issued_after_prohibition"),
        zlint: Some("e_legacy_generation_deprecated"),
        check: legacy_sunset,
        ..Rule::NEW
    },
    Rule {
        code: "smime.certificate_policies.cps_uri_not_http",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.2.3(a)",
        summary: "Every id-qt-cps qualifier is an HTTP or HTTPS URL",
        applies: scope::smime,
        pkilint: Some("cabf.smime.cps_uri_is_not_http"),
        check: cps_not_http,
        ..Rule::NEW
    },
    Rule {
        code: "smime.certificate_policies.user_notice_without_explicit_text",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.2.3(a)",
        summary: "Every id-qt-unotice qualifier contains explicitText",
        applies: scope::smime,
        check: notice_without_text,
        ..Rule::NEW
    },
    Rule {
        code: "smime.certificate_policies.user_notice_has_notice_ref",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.2.3(a)",
        summary: "No id-qt-unotice qualifier contains noticeRef",
        applies: scope::smime,
        pkilint: Some("cabf.smime.usernotice_has_noticeref"),
        check: notice_with_ref,
        ..Rule::NEW
    },
    // (b)
    Rule {
        code: "smime.crl_distribution_points.missing",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.2.3(b)",
        summary: "cRLDistributionPoints is present",
        applies: scope::smime,
        pkilint: Some("cabf.smime.crldp_extension_missing"),
        zlint: Some("e_subscribers_shall_have_crl_distribution_points"),
        check: crldp_missing,
        ..Rule::NEW
    },
    Rule {
        code: "smime.crl_distribution_points.critical",
        severity: Severity::Warning,
        citation: "SMIME BR 7.1.2.3(b)",
        summary: "cRLDistributionPoints is not critical",
        applies: scope::smime,
        pkilint: Some("cabf.smime.critical_crldp_extension"),
        check: crldp_critical,
        ..Rule::NEW
    },
    Rule {
        code: "smime.crl_distribution_points.no_http_uri",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.2.3(b)",
        summary: "Some distributionPoint fullName contains an HTTP URI",
        applies: scope::smime,
        pkilint: Some("cabf.no_http_crldp_uri"),
        zlint: Some("e_subscribers_crl_distribution_points_are_http"),
        check: crldp_no_http,
        ..Rule::NEW
    },
    Rule {
        code: "smime.crl_distribution_points.non_http_uri",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.2.3(b)",
        summary: "Strict and multipurpose: every fullName URI uses the HTTP scheme",
        applies: scope::smime_mp_strict,
        pkilint: Some("cabf.smime.crldp_fullname_prohibited_uri_scheme"),
        zlint: Some("e_subscribers_crl_distribution_points_are_http"),
        check: crldp_other_scheme,
        ..Rule::NEW
    },
    // (c)
    Rule {
        code: "smime.authority_info_access.missing",
        severity: Severity::Warning,
        citation: "SMIME BR 7.1.2.3(c)",
        summary: "authorityInformationAccess is present",
        applies: scope::smime,
        pkilint: Some("cabf.aia_extension_missing"),
        check: aia_missing,
        ..Rule::NEW
    },
    Rule {
        code: "smime.authority_info_access.ca_issuers_missing",
        severity: Severity::Warning,
        citation: "SMIME BR 7.1.2.3(c)",
        summary: "authorityInformationAccess contains an id-ad-caIssuers access description",
        applies: scope::smime,
        pkilint: Some("cabf.aia_ca_issuers_missing"),
        check: aia_ca_issuers_missing,
        ..Rule::NEW
    },
    Rule {
        code: "smime.authority_info_access.ocsp_non_http",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.2.3(c)",
        summary: "Strict and multipurpose: every id-ad-ocsp location is an HTTP URI",
        applies: scope::smime_mp_strict,
        pkilint: Some("cabf.aia_ocsp_has_no_http_uri"),
        zlint: Some("e_smime_strict_aia_shall_have_http_only"),
        check: aia_ocsp_every_http,
        ..Rule::NEW
    },
    Rule {
        code: "smime.authority_info_access.ca_issuers_non_http",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.2.3(c)",
        summary: "Strict and multipurpose: every id-ad-caIssuers location is an HTTP URI",
        applies: scope::smime_mp_strict,
        pkilint: Some("cabf.aia_ca_issuers_has_no_http_uri"),
        zlint: Some("e_smime_strict_aia_shall_have_http_only"),
        check: aia_ca_issuers_every_http,
        ..Rule::NEW
    },
    Rule {
        code: "smime.authority_info_access.ocsp_no_http",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.2.3(c)",
        summary: "Legacy: when id-ad-ocsp is present, at least one of its locations is an HTTP URI",
        applies: scope::smime_legacy,
        pkilint: Some("cabf.aia_ocsp_has_no_http_uri"),
        zlint: Some("e_smime_legacy_aia_shall_have_one_http"),
        check: aia_ocsp_one_http,
        ..Rule::NEW
    },
    Rule {
        code: "smime.authority_info_access.ca_issuers_no_http",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.2.3(c)",
        summary: "Legacy: when id-ad-caIssuers is present, at least one of its locations is an HTTP URI",
        applies: scope::smime_legacy,
        pkilint: Some("cabf.aia_ca_issuers_has_no_http_uri"),
        zlint: Some("e_smime_legacy_aia_shall_have_one_http"),
        check: aia_ca_issuers_one_http,
        ..Rule::NEW
    },
    // (d)
    Rule {
        code: "smime.basic_constraints.ca",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.2.3(d)",
        summary: "basicConstraints, when present, does not assert cA",
        applies: scope::smime,
        check: bc_ca,
        ..Rule::NEW
    },
    Rule {
        code: "smime.basic_constraints.path_len_present",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.2.3(d)",
        summary: "basicConstraints, when present, has no pathLenConstraint",
        applies: scope::smime,
        check: bc_path_len,
        ..Rule::NEW
    },
    // (f)
    Rule {
        code: "smime.extended_key_usage.missing",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.2.3(f)",
        summary: "extKeyUsage is present",
        applies: scope::smime,
        pkilint: Some("cabf.smime.extended_key_usage_extension_missing"),
        check: eku_missing,
        ..Rule::NEW
    },
    Rule {
        code: "smime.extended_key_usage.email_protection_missing",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.2.3(f)",
        summary: "extKeyUsage contains id-kp-emailProtection",
        applies: scope::smime,
        pkilint: Some("cabf.smime.emailprotection_eku_missing"),
        check: eku_no_email,
        ..Rule::NEW
    },
    Rule {
        code: "smime.extended_key_usage.prohibited_purpose",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.2.3(f)",
        summary: "extKeyUsage contains none of serverAuth, codeSigning, timeStamping and anyExtendedKeyUsage",
        applies: scope::smime,
        pkilint: Some("cabf.smime.prohibited_eku_present"),
        check: eku_prohibited,
        ..Rule::NEW
    },
    Rule {
        code: "smime.extended_key_usage.strict_other_purpose",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.2.3(f)",
        summary: "Strict: extKeyUsage contains only id-kp-emailProtection",
        applies: scope::smime_strict,
        pkilint: Some("cabf.smime.prohibited_eku_present"),
        check: eku_strict_other,
        ..Rule::NEW
    },
    // (g)
    Rule {
        code: "smime.authority_key_identifier.issuer_and_serial",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.2.3(g)",
        summary: "authorityKeyIdentifier contains neither authorityCertIssuer nor authorityCertSerialNumber",
        applies: scope::smime,
        pkilint: Some("cabf.authority_key_identifier_has_issuer_cert"),
        check: aki_issuer_serial,
        ..Rule::NEW
    },
    // (h) and 7.1.4.2.1
    Rule {
        code: "smime.subject_alt_name.missing",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.2.3(h); SMIME BR 7.1.4.2.1",
        summary: "subjectAltName is present",
        applies: scope::smime,
        pkilint: Some("cabf.smime.san_extension_missing"),
        zlint: Some("e_san_shall_be_present"),
        check: san_missing,
        ..Rule::NEW
    },
    Rule {
        code: "smime.subject_alt_name.critical",
        severity: Severity::Warning,
        citation: "SMIME BR 7.1.2.3(h)",
        summary: "subjectAltName is not critical unless the subject is empty",
        applies: scope::smime,
        pkilint: Some("pkix.san_extension_is_critical"),
        zlint: Some("w_san_should_not_be_critical"),
        check: san_critical,
        ..Rule::NEW
    },
    Rule {
        code: "smime.subject_alt_name.no_mailbox",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.4.2.1",
        summary: "subjectAltName contains an rfc822Name or an id-on-SmtpUTF8Mailbox otherName",
        applies: scope::smime,
        pkilint: Some("cabf.smime.san_does_not_contain_email_address"),
        check: san_no_mailbox,
        ..Rule::NEW
    },
    Rule {
        code: "smime.subject_alt_name.prohibited_other_name_type",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.4.2.1",
        summary: "Strict: every otherName in subjectAltName is an id-on-SmtpUTF8Mailbox",
        applies: scope::smime_strict,
        pkilint: Some("cabf.smime.prohibited_othername_type_present"),
        check: san_strict_other_name,
        ..Rule::NEW
    },
    Rule {
        code: "smime.subject_alt_name.prohibited_name_type",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.4.2.1",
        summary: "subjectAltName contains only rfc822Name, otherName and directoryName entries",
        applies: scope::smime,
        pkilint: Some("cabf.smime.prohibited_generalname_type_present"),
        check: san_prohibited_type,
        ..Rule::NEW
    },
    // (i)
    Rule {
        code: "smime.smime_capabilities.critical",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.2.3(i)",
        summary: "smimeCapabilities is not critical",
        applies: scope::smime,
        pkilint: Some("pkix.smime_capabilities_extension_critical"),
        check: smime_caps_critical,
        ..Rule::NEW
    },
    // (j)
    Rule {
        code: "smime.subject_directory_attributes.prohibited",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.2.3(j)",
        summary: "Strict and multipurpose: subjectDirectoryAttributes is absent",
        applies: scope::smime_mp_strict,
        pkilint: Some("cabf.smime.subject_directory_attributes_extension_prohibited"),
        zlint: Some("e_strict_multipurpose_smime_ext_subject_directory_attr"),
        check: sda_prohibited,
        ..Rule::NEW
    },
    // (k)
    Rule {
        code: "smime.qc_statements.critical",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.2.3(k)",
        summary: "qcStatements is not critical",
        applies: scope::smime,
        pkilint: Some("cabf.smime.qc_statements_extension_critical"),
        zlint: Some("e_smime_qc_statements_must_not_be_critical"),
        check: qc_critical,
        ..Rule::NEW
    },
    // (l)
    Rule {
        code: "smime.lei.prohibited",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.2.3(l)",
        summary: "Mailbox- and individual-validated: the Legal Entity Identifier extension is absent",
        applies: lei_scope,
        pkilint: Some("cabf.smime.lei_extension_prohibited"),
        zlint: Some("e_legal_entity_identifier"),
        check: lei_prohibited,
        ..Rule::NEW
    },
    Rule {
        code: "smime.lei_role.prohibited",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.2.3(l)",
        summary: "Mailbox-, organization- and individual-validated: the LEI role extension is absent",
        applies: lei_role_scope,
        pkilint: Some("cabf.smime.lei_role_extension_prohibited"),
        zlint: Some("e_legal_entity_identifier"),
        check: lei_role_prohibited,
        ..Rule::NEW
    },
    Rule {
        code: "smime.lei.critical",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.2.3(l)",
        summary: "Organization- and sponsor-validated: the Legal Entity Identifier extension is not critical",
        applies: lei_allowed_scope,
        pkilint: Some("cabf.smime.lei_extension_critical"),
        zlint: Some("e_legal_entity_identifier"),
        check: lei_critical,
        ..Rule::NEW
    },
    Rule {
        code: "smime.lei_role.critical",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.2.3(l)",
        summary: "Sponsor-validated: the LEI role extension is not critical",
        applies: sponsored,
        pkilint: Some("cabf.smime.lei_role_extension_critical"),
        zlint: Some("e_legal_entity_identifier"),
        check: lei_role_critical,
        ..Rule::NEW
    },
    Rule {
        code: "smime.lei.invalid_format",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.2.3(l); ISO 17442-1:2020 clause 6",
        summary: "The Legal Entity Identifier extension holds 18 digits or uppercase letters and 2 check digits",
        applies: scope::smime,
        pkilint: Some("iso.lei.invalid_lei_format"),
        check: lei_format,
        ..Rule::NEW
    },
    Rule {
        code: "smime.lei.invalid_checksum",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.2.3(l); ISO 17442-1:2020 clause 6",
        summary: "The Legal Entity Identifier extension's check digits are right (ISO 7064 MOD 97-10)",
        applies: scope::smime,
        pkilint: Some("iso.lei.invalid_lei_checksum"),
        check: lei_checksum,
        ..Rule::NEW
    },
    // (m)
    Rule {
        code: "smime.adobe_timestamp.prohibited",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.2.3(m)",
        summary: "Strict: the Adobe timestamp extension is absent",
        applies: scope::smime_strict,
        pkilint: Some("cabf.smime.adobe_timestamp_extension_prohibited"),
        zlint: Some("e_adobe_extensions_strict_presence"),
        check: adobe_ts_prohibited,
        ..Rule::NEW
    },
    Rule {
        code: "smime.adobe_archive_rev_info.prohibited",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.2.3(m)",
        summary: "Strict: the Adobe archiveRevInfo extension is absent",
        applies: scope::smime_strict,
        pkilint: Some("cabf.smime.adobe_archive_revinfo_extension_prohibited"),
        zlint: Some("e_adobe_extensions_strict_presence"),
        check: adobe_arc_prohibited,
        ..Rule::NEW
    },
    Rule {
        code: "smime.adobe_timestamp.critical",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.2.3(m)",
        summary: "Multipurpose and legacy: the Adobe timestamp extension is not critical",
        applies: scope::smime_mp_legacy,
        pkilint: Some("cabf.smime.adobe_timestamp_extension_critical"),
        zlint: Some("e_adobe_extensions_legacy_multipurpose_criticality"),
        check: adobe_ts_critical,
        ..Rule::NEW
    },
    Rule {
        code: "smime.adobe_archive_rev_info.critical",
        severity: Severity::Error,
        citation: "SMIME BR 7.1.2.3(m)",
        summary: "Multipurpose and legacy: the Adobe archiveRevInfo extension is not critical",
        applies: scope::smime_mp_legacy,
        pkilint: Some("cabf.smime.adobe_archive_revinfo_extension_critical"),
        zlint: Some("e_adobe_extensions_legacy_multipurpose_criticality"),
        check: adobe_arc_critical,
        ..Rule::NEW
    },
    // 7.1.2.4
    Rule {
        code: "smime.extensions.unlisted",
        severity: Severity::Notice,
        citation: "SMIME BR 7.1.2.4",
        summary: "Extensions not specified in SMIME BR 7.1.2.3 are listed (the CA needs a reason for each and documented validation)",
        applies: scope::smime,
        check: unlisted,
        ..Rule::NEW
    },
];
