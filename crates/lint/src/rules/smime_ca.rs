//! S/MIME CA certificates: the subordinate CA profile (SMIME BR 7.1.2.2),
//! the root CA profile (7.1.2.1), CA subject names (7.1.4.3.1), policy
//! identifiers (7.1.6.2, 7.1.6.3) and technically constrained status (7.1.5).
//!
//! Not checked: the cross-certificate exception of 7.1.2.2(g) (an EKU MAY be
//! absent when the sub-CA shares subject and key with a root), which needs
//! the root's certificate; the affiliation question of 7.1.6.3, which the
//! certificate cannot answer (anyPolicy is reported as a notice).

use cert::ext::{ExtValue, GeneralSubtree, PolicyQualifier};
use cert::{Certificate, GeneralName, KeyUsageBit, Oid, oids};

use crate::finding::Severity;
use crate::profile::smime_reserved_policies;
use crate::rule::{Ctx, Out, Rule, scope};
use crate::rules::rfc5280::util::{ext_loc, ext_name, is_fqdn, uri_scheme};

fn subca(p: crate::Profile) -> bool {
    scope::smime_subca(p)
}
fn root(p: crate::Profile) -> bool {
    scope::smime_root(p)
}
fn any_ca(p: crate::Profile) -> bool {
    scope::smime_subca(p) || scope::smime_root(p)
}

// ----- generic presence and criticality -----

fn require(ctx: &Ctx<'_>, out: &mut Out<'_>, oid: Oid<'static>) {
    if ctx.cert.extension(oid).is_none() {
        out.emit("extensions", format!("{} is absent", ext_name(oid)));
    }
}
fn forbid(ctx: &Ctx<'_>, out: &mut Out<'_>, oid: Oid<'static>) {
    if ctx.cert.extension(oid).is_some() {
        out.emit(ext_loc(oid), format!("{} is present", ext_name(oid)));
    }
}
fn not_critical(ctx: &Ctx<'_>, out: &mut Out<'_>, oid: Oid<'static>) {
    if ctx.cert.extension(oid).is_some_and(|e| e.critical) {
        out.emit(
            ext_loc(oid),
            format!("{} is marked critical", ext_name(oid)),
        );
    }
}
fn critical(ctx: &Ctx<'_>, out: &mut Out<'_>, oid: Oid<'static>) {
    if ctx.cert.extension(oid).is_some_and(|e| !e.critical) {
        out.emit(
            ext_loc(oid),
            format!("{} is not marked critical", ext_name(oid)),
        );
    }
}

fn cp_missing(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    require(ctx, out, oids::CERTIFICATE_POLICIES);
}
fn cp_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    not_critical(ctx, out, oids::CERTIFICATE_POLICIES);
}
fn crldp_missing(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    require(ctx, out, oids::CRL_DISTRIBUTION_POINTS);
}
fn crldp_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    not_critical(ctx, out, oids::CRL_DISTRIBUTION_POINTS);
}
fn aia_missing(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    require(ctx, out, oids::AUTHORITY_INFO_ACCESS);
}
fn aia_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    not_critical(ctx, out, oids::AUTHORITY_INFO_ACCESS);
}
fn bc_missing(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    require(ctx, out, oids::BASIC_CONSTRAINTS);
}
fn bc_not_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    critical(ctx, out, oids::BASIC_CONSTRAINTS);
}
fn ku_missing(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    require(ctx, out, oids::KEY_USAGE);
}
fn ku_not_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    critical(ctx, out, oids::KEY_USAGE);
}
fn nc_not_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    critical(ctx, out, oids::NAME_CONSTRAINTS);
}
fn eku_missing(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ctx.cert.extension(oids::EXT_KEY_USAGE).is_none() {
        out.emit(
            "extensions",
            "extKeyUsage is absent (allowed only for a cross-certificate sharing subject and key with a root CA, which the certificate alone cannot show)",
        );
    }
}
fn eku_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    not_critical(ctx, out, oids::EXT_KEY_USAGE);
}
fn aki_missing(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    require(ctx, out, oids::AUTHORITY_KEY_IDENTIFIER);
}
fn aki_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    not_critical(ctx, out, oids::AUTHORITY_KEY_IDENTIFIER);
}
fn ski_missing(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    require(ctx, out, oids::SUBJECT_KEY_IDENTIFIER);
}
fn ski_critical(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    not_critical(ctx, out, oids::SUBJECT_KEY_IDENTIFIER);
}
fn root_cp_present(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    forbid(ctx, out, oids::CERTIFICATE_POLICIES);
}
fn root_eku_present(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    forbid(ctx, out, oids::EXT_KEY_USAGE);
}

// ----- values -----

fn version_not_v3(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ctx.cert.version != cert::Version::V3 {
        out.emit(
            "version",
            format!("the certificate is {}, not v3", ctx.cert.version),
        );
    }
}

fn bc_not_ca(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ctx.cert.basic_constraints().is_some_and(|b| !b.ca) {
        out.emit(
            ext_loc(oids::BASIC_CONSTRAINTS),
            "basicConstraints does not assert cA",
        );
    }
}

fn root_path_len(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let Some(n) = ctx.cert.basic_constraints().and_then(|b| b.path_len) {
        out.emit(
            ext_loc(oids::BASIC_CONSTRAINTS),
            format!("the root CA certificate has pathLenConstraint {n}"),
        );
    }
}

fn ku_ca_bits(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(ku) = ctx.cert.key_usage() else {
        return;
    };
    for bit in [KeyUsageBit::KeyCertSign, KeyUsageBit::CrlSign] {
        if !ku.has(bit) {
            out.emit(
                ext_loc(oids::KEY_USAGE),
                format!("keyUsage does not assert {}", bit.name()),
            );
        }
    }
}

fn eku_no_email(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if let Some(eku) = ctx.cert.ext_key_usage()
        && !eku.contains(&oids::KP_EMAIL_PROTECTION)
    {
        out.emit(
            ext_loc(oids::EXT_KEY_USAGE),
            "extKeyUsage does not contain id-kp-emailProtection",
        );
    }
}

fn eku_prohibited(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(eku) = ctx.cert.ext_key_usage() else {
        return;
    };
    for (oid, name) in [
        (oids::KP_SERVER_AUTH, "id-kp-serverAuth"),
        (oids::KP_CODE_SIGNING, "id-kp-codeSigning"),
        (oids::KP_TIME_STAMPING, "id-kp-timeStamping"),
        (oids::ANY_EXTENDED_KEY_USAGE, "anyExtendedKeyUsage"),
    ] {
        if eku.contains(&oid) {
            out.emit(
                ext_loc(oids::EXT_KEY_USAGE),
                format!("extKeyUsage contains {name}, which SMIME BR 7.1.2.2(g) prohibits"),
            );
        }
    }
}

fn aki_no_key_id(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    if ctx
        .cert
        .authority_key_id()
        .is_some_and(|a| a.key_id.is_none())
    {
        out.emit(
            ext_loc(oids::AUTHORITY_KEY_IDENTIFIER),
            "authorityKeyIdentifier has no keyIdentifier",
        );
    }
}

fn aki_issuer_serial(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(aki) = ctx.cert.authority_key_id() else {
        return;
    };
    if aki.issuer.is_some() {
        out.emit(
            ext_loc(oids::AUTHORITY_KEY_IDENTIFIER),
            "authorityKeyIdentifier contains authorityCertIssuer",
        );
    }
    if aki.serial.is_some() {
        out.emit(
            ext_loc(oids::AUTHORITY_KEY_IDENTIFIER),
            "authorityKeyIdentifier contains authorityCertSerialNumber",
        );
    }
}

// ----- policies -----

fn policy_identifiers(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(ps) = ctx.cert.policies() else {
        return;
    };
    let reserved = !smime_reserved_policies(ctx.cert).is_empty();
    let any = ps.iter().any(|p| p.oid == oids::ANY_POLICY);
    if !reserved && !any {
        let list: Vec<String> = ps.iter().map(|p| p.oid.to_string()).collect();
        out.emit(
            ext_loc(oids::CERTIFICATE_POLICIES),
            format!(
                "certificatePolicies ({}) contains neither a reserved S/MIME policy identifier of SMIME BR 7.1.6.1 nor anyPolicy",
                list.join(", ")
            ),
        );
    }
}

fn any_policy(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(ps) = ctx.cert.policies() else {
        return;
    };
    if ps.iter().any(|p| p.oid == oids::ANY_POLICY) {
        out.emit(
            ext_loc(oids::CERTIFICATE_POLICIES),
            "certificatePolicies contains anyPolicy, which SMIME BR 7.1.6.3 allows only when the subordinate CA is an Affiliate of the Issuing CA",
        );
    }
}

fn cps_not_http(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(ps) = ctx.cert.policies() else {
        return;
    };
    for (i, p) in ps.iter().enumerate() {
        for (j, q) in p.qualifiers.iter().enumerate() {
            if let PolicyQualifier::Cps(t) = q {
                let scheme = uri_scheme(t.value);
                if !matches!(scheme.as_deref(), Some("http" | "https")) {
                    out.emit(
                        format!("extensions.certificatePolicies[{i}].policyQualifiers[{j}]"),
                        format!(
                            "CPS qualifier \"{}\" is not an HTTP or HTTPS URL",
                            String::from_utf8_lossy(t.value)
                        ),
                    );
                }
            }
        }
    }
}

fn user_notice_problem(ctx: &Ctx<'_>, out: &mut Out<'_>, want_ref: bool) {
    let Some(ps) = ctx.cert.policies() else {
        return;
    };
    for (i, p) in ps.iter().enumerate() {
        for (j, q) in p.qualifiers.iter().enumerate() {
            if let PolicyQualifier::UserNotice {
                notice_ref,
                explicit_text,
            } = q
            {
                let loc = format!("extensions.certificatePolicies[{i}].policyQualifiers[{j}]");
                if want_ref && notice_ref.is_some() {
                    out.emit(loc, "the user notice contains noticeRef");
                } else if !want_ref && explicit_text.is_none() {
                    out.emit(loc, "the user notice has no explicitText");
                }
            }
        }
    }
}
fn notice_without_text(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    user_notice_problem(ctx, out, false);
}
fn notice_with_ref(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    user_notice_problem(ctx, out, true);
}

// ----- CRL and AIA URLs -----

fn crldp_no_http(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(ExtValue::CrlDistributionPoints(dps)) =
        ctx.cert.ext_value(oids::CRL_DISTRIBUTION_POINTS)
    else {
        return;
    };
    let http = dps
        .iter()
        .flat_map(|d| d.full_name.iter().flatten())
        .any(|n| match n {
            GeneralName::Uri(u) => uri_scheme(u).as_deref() == Some("http"),
            _ => false,
        });
    if !http {
        out.emit(
            ext_loc(oids::CRL_DISTRIBUTION_POINTS),
            "cRLDistributionPoints contains no HTTP URL",
        );
    }
}

fn aia_no_http_ca_issuers(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(ExtValue::InfoAccess(ads)) = ctx.cert.ext_value(oids::AUTHORITY_INFO_ACCESS) else {
        return;
    };
    let http = ads
        .iter()
        .filter(|a| a.method == oids::AD_CA_ISSUERS)
        .any(|a| match &a.location {
            GeneralName::Uri(u) => uri_scheme(u).as_deref() == Some("http"),
            _ => false,
        });
    if !http {
        out.emit(
            ext_loc(oids::AUTHORITY_INFO_ACCESS),
            "authorityInfoAccess has no id-ad-caIssuers HTTP URL",
        );
    }
}

// ----- subject -----

fn subject_required(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    for (oid, name) in [
        (oids::COMMON_NAME, "commonName"),
        (oids::ORGANIZATION_NAME, "organizationName"),
        (oids::COUNTRY_NAME, "countryName"),
    ] {
        if !ctx.cert.subject.has(oid) {
            out.emit(
                format!("subject.{name}"),
                format!("the CA subject has no {name}"),
            );
        }
    }
}

// ----- technically constrained (7.1.5) -----

fn permitted<'c, 'a>(cert: &'c Certificate<'a>) -> Option<&'c [GeneralSubtree<'a>]> {
    match cert.ext_value(oids::NAME_CONSTRAINTS) {
        Some(ExtValue::NameConstraints(nc)) => Some(nc.permitted.as_deref().unwrap_or(&[])),
        _ => None,
    }
}

fn nc_rfc822_email(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let Some(list) = permitted(ctx.cert) else {
        return;
    };
    for (i, s) in list.iter().enumerate() {
        if let GeneralName::Rfc822(v) = s.base
            && v.contains(&b'@')
        {
            out.emit(
                format!("extensions.nameConstraints.permittedSubtrees[{i}]"),
                format!(
                    "rfc822Name constraint \"{}\" is an email address, not a domain",
                    String::from_utf8_lossy(v)
                ),
            );
        }
    }
}

fn technically_constrained(ctx: &Ctx<'_>, out: &mut Out<'_>) {
    let c = ctx.cert;
    let Some(eku) = c.ext_key_usage() else { return };
    if !eku.contains(&oids::KP_EMAIL_PROTECTION) {
        return;
    }
    let Some(list) = permitted(c) else { return };
    let mut reasons = Vec::new();
    if eku.contains(&oids::ANY_EXTENDED_KEY_USAGE) {
        reasons.push("extKeyUsage contains anyExtendedKeyUsage".to_owned());
    }
    let rfc822: Vec<&[u8]> = list
        .iter()
        .filter_map(|s| match s.base {
            GeneralName::Rfc822(v) => Some(v),
            _ => None,
        })
        .collect();
    if rfc822.is_empty() {
        reasons.push("permittedSubtrees has no rfc822Name".to_owned());
    }
    for v in &rfc822 {
        let text = String::from_utf8_lossy(v);
        let domain = text.strip_prefix('.').unwrap_or(&text);
        if !is_fqdn(domain) {
            reasons.push(format!(
                "rfc822Name \"{text}\" is not a FQDN or \".\" followed by a FQDN"
            ));
        }
    }
    let dirnames = list
        .iter()
        .filter(|s| matches!(s.base, GeneralName::DirectoryName(_)))
        .count();
    let status = if reasons.is_empty() {
        format!(
            "meets the SMIME BR 7.1.5 technical constraints: rfc822Name permitted subtrees {}; {dirnames} directoryName permitted subtree(s) (the CA must have validated them)",
            rfc822
                .iter()
                .map(|v| String::from_utf8_lossy(v).into_owned())
                .collect::<Vec<_>>()
                .join(", ")
        )
    } else {
        format!(
            "is not technically constrained under SMIME BR 7.1.5: {}",
            reasons.join("; ")
        )
    };
    out.emit(
        ext_loc(oids::NAME_CONSTRAINTS),
        format!("this subordinate CA {status}"),
    );
}

macro_rules! rule {
    ($code:literal, $sev:ident, $cit:literal, $sum:literal, $applies:expr, $check:expr) => {
        Rule {
            code: $code,
            severity: Severity::$sev,
            citation: $cit,
            summary: $sum,
            applies: $applies,
            check: $check,
            ..Rule::NEW
        }
    };
}

/// The rules of this file.
pub static RULES: &[Rule] = &[
    // ----- subordinate CA, SMIME BR 7.1.2.2 -----
    rule!(
        "smime.ca.certificate_policies.missing",
        Error,
        "SMIME BR 7.1.2.2(a)",
        "certificatePolicies is present",
        subca,
        cp_missing
    ),
    rule!(
        "smime.ca.certificate_policies.critical",
        Warning,
        "SMIME BR 7.1.2.2(a)",
        "certificatePolicies should not be critical",
        subca,
        cp_critical
    ),
    rule!(
        "smime.ca.certificate_policies.no_reserved_policy",
        Error,
        "SMIME BR 7.1.6.3; SMIME BR 7.1.6.2",
        "certificatePolicies contains a reserved S/MIME policy identifier (or, for an Affiliate, anyPolicy)",
        any_ca,
        policy_identifiers
    ),
    rule!(
        "smime.ca.certificate_policies.any_policy",
        Notice,
        "SMIME BR 7.1.6.3",
        "anyPolicy is allowed only in certificates for subordinate CAs that are Affiliates of the Issuing CA",
        any_ca,
        any_policy
    ),
    rule!(
        "smime.ca.certificate_policies.cps_not_http",
        Error,
        "SMIME BR 7.1.2.2(a)",
        "CPS qualifiers are HTTP or HTTPS URLs",
        subca,
        cps_not_http
    ),
    rule!(
        "smime.ca.certificate_policies.user_notice_without_explicit_text",
        Error,
        "SMIME BR 7.1.2.2(a)",
        "A user notice qualifier contains explicitText",
        subca,
        notice_without_text
    ),
    rule!(
        "smime.ca.certificate_policies.user_notice_with_notice_ref",
        Error,
        "SMIME BR 7.1.2.2(a)",
        "A user notice qualifier contains no noticeRef",
        subca,
        notice_with_ref
    ),
    rule!(
        "smime.ca.crl_distribution_points.missing",
        Error,
        "SMIME BR 7.1.2.2(b)",
        "cRLDistributionPoints is present",
        subca,
        crldp_missing
    ),
    rule!(
        "smime.ca.crl_distribution_points.critical",
        Error,
        "SMIME BR 7.1.2.2(b)",
        "cRLDistributionPoints is not critical",
        subca,
        crldp_critical
    ),
    rule!(
        "smime.ca.crl_distribution_points.no_http_url",
        Error,
        "SMIME BR 7.1.2.2(b)",
        "cRLDistributionPoints contains the HTTP URL of the CA's CRL service",
        subca,
        crldp_no_http
    ),
    rule!(
        "smime.ca.authority_info_access.missing",
        Warning,
        "SMIME BR 7.1.2.2(c)",
        "authorityInfoAccess should be present",
        subca,
        aia_missing
    ),
    rule!(
        "smime.ca.authority_info_access.critical",
        Error,
        "SMIME BR 7.1.2.2(c)",
        "authorityInfoAccess is not critical",
        subca,
        aia_critical
    ),
    rule!(
        "smime.ca.authority_info_access.no_http_ca_issuers",
        Warning,
        "SMIME BR 7.1.2.2(c)",
        "authorityInfoAccess should contain the HTTP URL of the Issuing CA certificate (id-ad-caIssuers)",
        subca,
        aia_no_http_ca_issuers
    ),
    rule!(
        "smime.ca.basic_constraints.missing",
        Error,
        "SMIME BR 7.1.2.2(d)",
        "basicConstraints is present",
        subca,
        bc_missing
    ),
    rule!(
        "smime.ca.basic_constraints.not_critical",
        Error,
        "SMIME BR 7.1.2.2(d)",
        "basicConstraints is critical",
        subca,
        bc_not_critical
    ),
    rule!(
        "smime.ca.basic_constraints.not_ca",
        Error,
        "SMIME BR 7.1.2.2(d)",
        "basicConstraints asserts cA",
        subca,
        bc_not_ca
    ),
    rule!(
        "smime.ca.key_usage.missing",
        Error,
        "SMIME BR 7.1.2.2(e)",
        "keyUsage is present",
        subca,
        ku_missing
    ),
    rule!(
        "smime.ca.key_usage.not_critical",
        Error,
        "SMIME BR 7.1.2.2(e)",
        "keyUsage is critical",
        subca,
        ku_not_critical
    ),
    rule!(
        "smime.ca.key_usage.missing_ca_bits",
        Error,
        "SMIME BR 7.1.2.2(e)",
        "keyUsage asserts keyCertSign and cRLSign",
        subca,
        ku_ca_bits
    ),
    rule!(
        "smime.ca.name_constraints.not_critical",
        Warning,
        "SMIME BR 7.1.2.2(f)",
        "nameConstraints should be critical",
        subca,
        nc_not_critical
    ),
    rule!(
        "smime.ca.ext_key_usage.missing",
        Error,
        "SMIME BR 7.1.2.2(g)",
        "extKeyUsage is present",
        subca,
        eku_missing
    ),
    rule!(
        "smime.ca.ext_key_usage.critical",
        Warning,
        "SMIME BR 7.1.2.2(g)",
        "extKeyUsage should not be critical",
        subca,
        eku_critical
    ),
    rule!(
        "smime.ca.ext_key_usage.no_email_protection",
        Error,
        "SMIME BR 7.1.2.2(g)",
        "extKeyUsage contains id-kp-emailProtection",
        subca,
        eku_no_email
    ),
    rule!(
        "smime.ca.ext_key_usage.prohibited_purpose",
        Error,
        "SMIME BR 7.1.2.2(g)",
        "extKeyUsage contains none of id-kp-serverAuth, id-kp-codeSigning, id-kp-timeStamping, anyExtendedKeyUsage",
        subca,
        eku_prohibited
    ),
    rule!(
        "smime.ca.authority_key_identifier.missing",
        Error,
        "SMIME BR 7.1.2.2(h)",
        "authorityKeyIdentifier is present",
        subca,
        aki_missing
    ),
    rule!(
        "smime.ca.authority_key_identifier.critical",
        Error,
        "SMIME BR 7.1.2.2(h)",
        "authorityKeyIdentifier is not critical",
        subca,
        aki_critical
    ),
    rule!(
        "smime.ca.authority_key_identifier.no_key_id",
        Error,
        "SMIME BR 7.1.2.2(h)",
        "authorityKeyIdentifier contains keyIdentifier",
        subca,
        aki_no_key_id
    ),
    rule!(
        "smime.ca.authority_key_identifier.issuer_and_serial",
        Error,
        "SMIME BR 7.1.2.2(h)",
        "authorityKeyIdentifier contains neither authorityCertIssuer nor authorityCertSerialNumber",
        subca,
        aki_issuer_serial
    ),
    rule!(
        "smime.ca.subject_key_identifier.missing",
        Error,
        "SMIME BR 7.1.2.2(i)",
        "subjectKeyIdentifier is present",
        subca,
        ski_missing
    ),
    rule!(
        "smime.ca.subject_key_identifier.critical",
        Error,
        "SMIME BR 7.1.2.2(i)",
        "subjectKeyIdentifier is not critical",
        subca,
        ski_critical
    ),
    rule!(
        "smime.ca.version.not_v3",
        Error,
        "SMIME BR 7.1.1",
        "S/MIME CA certificates are X.509 v3",
        any_ca,
        version_not_v3
    ),
    // ----- CA subject, SMIME BR 7.1.4.3.1 -----
    rule!(
        "smime.ca.subject.required_attribute_missing",
        Error,
        "SMIME BR 7.1.4.3.1",
        "The CA subject contains commonName, organizationName and countryName",
        any_ca,
        subject_required
    ),
    // ----- technically constrained, SMIME BR 7.1.5 -----
    rule!(
        "smime.ca.name_constraints.rfc822_email_address",
        Error,
        "SMIME BR 7.1.5",
        "rfc822Name permitted subtrees hold a FQDN or .FQDN, never an email address",
        subca,
        nc_rfc822_email
    ),
    rule!(
        "smime.ca.technically_constrained",
        Info,
        "SMIME BR 7.1.5",
        "Reports whether a name-constrained emailProtection sub-CA is technically constrained",
        subca,
        technically_constrained
    ),
    // ----- root CA, SMIME BR 7.1.2.1 -----
    rule!(
        "smime.root.basic_constraints.missing",
        Error,
        "SMIME BR 7.1.2.1(a)",
        "basicConstraints is present",
        root,
        bc_missing
    ),
    rule!(
        "smime.root.basic_constraints.not_critical",
        Error,
        "SMIME BR 7.1.2.1(a)",
        "basicConstraints is critical",
        root,
        bc_not_critical
    ),
    rule!(
        "smime.root.basic_constraints.not_ca",
        Error,
        "SMIME BR 7.1.2.1(a)",
        "basicConstraints asserts cA",
        root,
        bc_not_ca
    ),
    rule!(
        "smime.root.basic_constraints.path_len_present",
        Warning,
        "SMIME BR 7.1.2.1(a)",
        "pathLenConstraint should not be present",
        root,
        root_path_len
    ),
    rule!(
        "smime.root.key_usage.missing",
        Error,
        "SMIME BR 7.1.2.1(b)",
        "keyUsage is present",
        root,
        ku_missing
    ),
    rule!(
        "smime.root.key_usage.not_critical",
        Error,
        "SMIME BR 7.1.2.1(b)",
        "keyUsage is critical",
        root,
        ku_not_critical
    ),
    rule!(
        "smime.root.key_usage.missing_ca_bits",
        Error,
        "SMIME BR 7.1.2.1(b)",
        "keyUsage asserts keyCertSign and cRLSign",
        root,
        ku_ca_bits
    ),
    rule!(
        "smime.root.certificate_policies.present",
        Warning,
        "SMIME BR 7.1.2.1(c); SMIME BR 7.1.6.2",
        "certificatePolicies should not be present",
        root,
        root_cp_present
    ),
    rule!(
        "smime.root.ext_key_usage.present",
        Error,
        "SMIME BR 7.1.2.1(d)",
        "extKeyUsage is absent",
        root,
        root_eku_present
    ),
    rule!(
        "smime.root.subject_key_identifier.missing",
        Error,
        "SMIME BR 7.1.2.1(e)",
        "subjectKeyIdentifier is present",
        root,
        ski_missing
    ),
    rule!(
        "smime.root.subject_key_identifier.critical",
        Error,
        "SMIME BR 7.1.2.1(e)",
        "subjectKeyIdentifier is not critical",
        root,
        ski_critical
    ),
];
