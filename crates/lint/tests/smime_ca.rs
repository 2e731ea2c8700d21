//! Tests for the S/MIME CA rules (SMIME BR 7.1.2.1, 7.1.2.2, 7.1.4.3.1,
//! 7.1.5, 7.1.6.3), including the real Cybertrust Japan SureMail CA G5.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use lint::{Linter, Options, Profile, ProfileChoice, Severity};
use testkit::ext::{self, oid};
use testkit::{
    CertBuilder, Extension, GeneralName, KeyUsage, Name, PolicyInfo, StringKind, presets,
};

const SUB: Profile = Profile::SmimeSubCa;
const ROOT: Profile = Profile::SmimeRoot;

fn codes(der: &[u8], profile: Profile) -> Vec<&'static str> {
    let r = Linter::new().lint_der(
        der,
        &Options {
            profile: ProfileChoice::Fixed(profile),
            issuer: None,
        },
    );
    r.findings.iter().map(|f| f.code).collect()
}

fn fires(b: &CertBuilder, profile: Profile, code: &str) -> bool {
    codes(&b.build_signed(), profile).contains(&code)
}

fn check(code: &str, good: &CertBuilder, bad: &CertBuilder, p: Profile) {
    assert!(
        !fires(good, p, code),
        "{code} fired on the passing certificate"
    );
    assert!(
        fires(bad, p, code),
        "{code} did not fire on the failing certificate"
    );
}

fn sub() -> CertBuilder {
    presets::smime_subca()
}

fn root() -> CertBuilder {
    presets::root_ca()
}

fn crit(b: CertBuilder, oid: &str, critical: Option<bool>) -> CertBuilder {
    b.modify_extension(oid, |e| e.critical = critical)
}

fn policies(infos: &[PolicyInfo]) -> CertBuilder {
    sub().replace_extension(ext::certificate_policies(infos))
}

#[test]
fn presets_pass() {
    for (b, p) in [(sub(), SUB), (root(), ROOT)] {
        let r = Linter::new().lint_der(
            &b.build_signed(),
            &Options {
                profile: ProfileChoice::Fixed(p),
                issuer: None,
            },
        );
        let bad: Vec<_> = r
            .findings
            .iter()
            .filter(|f| f.code.starts_with("smime.ca.") || f.code.starts_with("smime.root."))
            .filter(|f| f.severity >= Severity::Notice)
            .collect();
        assert!(bad.is_empty(), "{p:?}: {bad:?}");
    }
}

#[test]
fn cybertrust_suremail_g5_has_no_error() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let path = corpus.join("secom/Cybertrust_Japan_SureMail_CA_G5.pem");
    let text = std::fs::read_to_string(&path).expect("read G5");
    let der = common::first_pem(&text).expect("PEM");
    let r = Linter::new().lint_der(
        &der,
        &Options {
            profile: ProfileChoice::Fixed(SUB),
            issuer: None,
        },
    );
    let errors: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.severity >= Severity::Error)
        .collect();
    assert!(errors.is_empty(), "errors on SureMail CA G5: {errors:#?}");
    // It carries no nameConstraints, so MRSP 5.3.1 reports it as not technically constrained.
    assert!(
        r.findings
            .iter()
            .any(|f| f.code == "mozilla.intermediate.technically_constrained")
    );
}

#[test]
fn subca_certificate_policies() {
    check(
        "smime.ca.certificate_policies.missing",
        &sub(),
        &sub().remove_extension(oid::CERTIFICATE_POLICIES),
        SUB,
    );
    check(
        "smime.ca.certificate_policies.critical",
        &sub(),
        &crit(sub(), oid::CERTIFICATE_POLICIES, Some(true)),
        SUB,
    );
    check(
        "smime.ca.certificate_policies.no_reserved_policy",
        &policies(&[PolicyInfo::new(oid::ANY_POLICY)]),
        &policies(&[PolicyInfo::new("1.2.392.200091.100.901.4")]),
        SUB,
    );
    check(
        "smime.ca.certificate_policies.any_policy",
        &sub(),
        &policies(&[PolicyInfo::new(oid::ANY_POLICY)]),
        SUB,
    );
    let base = PolicyInfo::new("2.23.140.1.5.2.3");
    check(
        "smime.ca.certificate_policies.cps_not_http",
        &sub(),
        &policies(&[base.clone().cps("ldap://example.com/cps")]),
        SUB,
    );
    let notice_ref_only = sub().replace_extension(ext::certificate_policies(&[base
        .clone()
        .user_notice_with_ref((StringKind::Utf8, "Example"), &[1], None)]));
    check(
        "smime.ca.certificate_policies.user_notice_without_explicit_text",
        &policies(&[base.clone().user_notice(StringKind::Utf8, "terms")]),
        &notice_ref_only,
        SUB,
    );
    check(
        "smime.ca.certificate_policies.user_notice_with_notice_ref",
        &policies(&[base.clone().user_notice(StringKind::Utf8, "terms")]),
        &notice_ref_only,
        SUB,
    );
}

#[test]
fn subca_distribution_points_and_aia() {
    check(
        "smime.ca.crl_distribution_points.missing",
        &sub(),
        &sub().remove_extension(oid::CRL_DISTRIBUTION_POINTS),
        SUB,
    );
    check(
        "smime.ca.crl_distribution_points.critical",
        &sub(),
        &crit(sub(), oid::CRL_DISTRIBUTION_POINTS, Some(true)),
        SUB,
    );
    check(
        "smime.ca.crl_distribution_points.no_http_url",
        &sub(),
        &sub().replace_extension(ext::crl_distribution_points(&[
            "ldap://ldap.example.com/cn=CRL",
        ])),
        SUB,
    );
    check(
        "smime.ca.authority_info_access.missing",
        &sub(),
        &sub().remove_extension(oid::AUTHORITY_INFO_ACCESS),
        SUB,
    );
    check(
        "smime.ca.authority_info_access.critical",
        &sub(),
        &crit(sub(), oid::AUTHORITY_INFO_ACCESS, Some(true)),
        SUB,
    );
    check(
        "smime.ca.authority_info_access.no_http_ca_issuers",
        &sub(),
        &sub().replace_extension(ext::authority_info_access(&[(
            oid::AD_OCSP,
            "http://ocsp.example.com",
        )])),
        SUB,
    );
}

#[test]
fn subca_basic_constraints_and_key_usage() {
    check(
        "smime.ca.basic_constraints.missing",
        &sub(),
        &sub().remove_extension(oid::BASIC_CONSTRAINTS),
        SUB,
    );
    check(
        "smime.ca.basic_constraints.not_critical",
        &sub(),
        &crit(sub(), oid::BASIC_CONSTRAINTS, None),
        SUB,
    );
    check(
        "smime.ca.basic_constraints.not_ca",
        &sub(),
        &sub().replace_extension(ext::basic_constraints(false, None)),
        SUB,
    );
    check(
        "smime.ca.key_usage.missing",
        &sub(),
        &sub().remove_extension(oid::KEY_USAGE),
        SUB,
    );
    check(
        "smime.ca.key_usage.not_critical",
        &sub(),
        &crit(sub(), oid::KEY_USAGE, None),
        SUB,
    );
    check(
        "smime.ca.key_usage.missing_ca_bits",
        &sub(),
        &sub().replace_extension(ext::key_usage(&[KeyUsage::KeyCertSign])),
        SUB,
    );
}

#[test]
fn subca_ext_key_usage() {
    check(
        "smime.ca.ext_key_usage.missing",
        &sub(),
        &sub().remove_extension(oid::EXT_KEY_USAGE),
        SUB,
    );
    check(
        "smime.ca.ext_key_usage.critical",
        &sub(),
        &crit(sub(), oid::EXT_KEY_USAGE, Some(true)),
        SUB,
    );
    check(
        "smime.ca.ext_key_usage.no_email_protection",
        &sub(),
        &sub().replace_extension(ext::ext_key_usage(&[oid::KP_CLIENT_AUTH])),
        SUB,
    );
    for bad in [
        oid::KP_SERVER_AUTH,
        oid::KP_CODE_SIGNING,
        oid::KP_TIME_STAMPING,
        oid::ANY_EKU,
    ] {
        check(
            "smime.ca.ext_key_usage.prohibited_purpose",
            &sub().replace_extension(ext::ext_key_usage(&[
                oid::KP_EMAIL_PROTECTION,
                oid::KP_CLIENT_AUTH,
            ])),
            &sub().replace_extension(ext::ext_key_usage(&[oid::KP_EMAIL_PROTECTION, bad])),
            SUB,
        );
    }
}

#[test]
fn subca_key_identifiers() {
    check(
        "smime.ca.authority_key_identifier.missing",
        &sub(),
        &sub().remove_extension(oid::AUTHORITY_KEY_IDENTIFIER),
        SUB,
    );
    check(
        "smime.ca.authority_key_identifier.critical",
        &sub(),
        &crit(sub(), oid::AUTHORITY_KEY_IDENTIFIER, Some(true)),
        SUB,
    );
    let root_dn = [GeneralName::DirName(presets::root_name())];
    let no_kid = sub().replace_extension(ext::authority_key_identifier_full(
        None,
        Some((&root_dn, &presets::ROOT_SERIAL)),
    ));
    check(
        "smime.ca.authority_key_identifier.no_key_id",
        &sub(),
        &no_kid,
        SUB,
    );
    let both = sub().replace_extension(ext::authority_key_identifier_full(
        Some(&presets::root_key().key_id()),
        Some((&root_dn, &presets::ROOT_SERIAL)),
    ));
    check(
        "smime.ca.authority_key_identifier.issuer_and_serial",
        &sub(),
        &both,
        SUB,
    );
    check(
        "smime.ca.subject_key_identifier.missing",
        &sub(),
        &sub().remove_extension(oid::SUBJECT_KEY_IDENTIFIER),
        SUB,
    );
    check(
        "smime.ca.subject_key_identifier.critical",
        &sub(),
        &crit(sub(), oid::SUBJECT_KEY_IDENTIFIER, Some(true)),
        SUB,
    );
}

#[test]
fn ca_version() {
    check(
        "smime.ca.version.not_v3",
        &sub(),
        &sub().version(testkit::Version::V2),
        SUB,
    );
    check(
        "smime.ca.version.not_v3",
        &root(),
        &root().version(testkit::Version::V2),
        ROOT,
    );
}

#[test]
fn ca_subject() {
    let code = "smime.ca.subject.required_attribute_missing";
    check(
        code,
        &sub(),
        &sub().subject(&Name::new().c("US").cn("Testkit S/MIME CA")),
        SUB,
    );
    check(
        code,
        &root(),
        &root().subject(&Name::new().o("Testkit").cn("Testkit Root CA")),
        ROOT,
    );
}

#[test]
fn name_constraints_and_technical_constraint() {
    let nc = |p: &[GeneralName]| sub().extension(ext::name_constraints(p, &[]));
    let domain = nc(&[
        GeneralName::Rfc822("example.com".into()),
        GeneralName::DirName(Name::new().c("US").o("Testkit")),
    ]);
    check(
        "smime.ca.name_constraints.not_critical",
        &domain,
        &sub().extension(
            ext::name_constraints(&[GeneralName::Rfc822(".example.com".into())], &[])
                .non_critical(),
        ),
        SUB,
    );
    check(
        "smime.ca.name_constraints.rfc822_email_address",
        &domain,
        &nc(&[GeneralName::Rfc822("alice@example.com".into())]),
        SUB,
    );
    // The 7.1.5 status is reported when nameConstraints is present, and says which way it went.
    let msg = |b: &CertBuilder| {
        let r = Linter::new().lint_der(
            &b.build_signed(),
            &Options {
                profile: ProfileChoice::Fixed(SUB),
                issuer: None,
            },
        );
        r.findings
            .iter()
            .find(|f| f.code == "smime.ca.technically_constrained")
            .map(|f| f.message.clone())
    };
    assert_eq!(msg(&sub()), None);
    assert!(
        msg(&domain).unwrap().contains("meets"),
        "{:?}",
        msg(&domain)
    );
    let dns_only = nc(&[GeneralName::Dns("example.com".into())]);
    assert!(msg(&dns_only).unwrap().contains("no rfc822Name"));
    let bad_domain = nc(&[GeneralName::Rfc822("exa mple".into())]);
    assert!(msg(&bad_domain).unwrap().contains("not a FQDN"));
}

#[test]
fn root_profile() {
    check(
        "smime.root.basic_constraints.missing",
        &root(),
        &root().remove_extension(oid::BASIC_CONSTRAINTS),
        ROOT,
    );
    check(
        "smime.root.basic_constraints.not_critical",
        &root(),
        &crit(root(), oid::BASIC_CONSTRAINTS, None),
        ROOT,
    );
    check(
        "smime.root.basic_constraints.not_ca",
        &root(),
        &root().replace_extension(ext::basic_constraints(false, None)),
        ROOT,
    );
    check(
        "smime.root.basic_constraints.path_len_present",
        &root(),
        &root().replace_extension(ext::basic_constraints(true, Some(1))),
        ROOT,
    );
    check(
        "smime.root.key_usage.missing",
        &root(),
        &root().remove_extension(oid::KEY_USAGE),
        ROOT,
    );
    check(
        "smime.root.key_usage.not_critical",
        &root(),
        &crit(root(), oid::KEY_USAGE, None),
        ROOT,
    );
    check(
        "smime.root.key_usage.missing_ca_bits",
        &root(),
        &root().replace_extension(ext::key_usage(&[
            KeyUsage::KeyCertSign,
            KeyUsage::DigitalSignature,
        ])),
        ROOT,
    );
    let with_cp = root().extension(ext::policies(&["2.23.140.1.5.2.3"]));
    check(
        "smime.root.certificate_policies.present",
        &root(),
        &with_cp,
        ROOT,
    );
    // 7.1.6.2: when present it follows 7.1.6.3.
    check(
        "smime.ca.certificate_policies.no_reserved_policy",
        &with_cp,
        &root().extension(ext::policies(&["1.2.3.4"])),
        ROOT,
    );
    check(
        "smime.root.ext_key_usage.present",
        &root(),
        &root().extension(ext::ext_key_usage(&[oid::KP_EMAIL_PROTECTION])),
        ROOT,
    );
    check(
        "smime.root.subject_key_identifier.missing",
        &root(),
        &root().remove_extension(oid::SUBJECT_KEY_IDENTIFIER),
        ROOT,
    );
    check(
        "smime.root.subject_key_identifier.critical",
        &root(),
        &crit(root(), oid::SUBJECT_KEY_IDENTIFIER, Some(true)),
        ROOT,
    );
}

#[test]
fn undecodable_extension_stays_silent() {
    let broken =
        sub().replace_extension(Extension::new(oid::EXT_KEY_USAGE, None, vec![0x04, 0x00]));
    let c = codes(&broken.build_signed(), SUB);
    assert!(!c.contains(&"smime.ca.ext_key_usage.no_email_protection"));
    assert!(!c.contains(&"smime.ca.ext_key_usage.missing"));
}
