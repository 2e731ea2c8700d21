//! Tests for the TLS BR CA and OCSP responder rules (TLS BR 7.1.2.1 to
//! 7.1.2.6, 7.1.2.8, 7.1.2.10), including the real SECOM root and SureServer CAs.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use lint::profile::TlsCaKind;
use lint::{Linter, Options, Profile, ProfileChoice, Severity};
use testkit::ext::{self, oid};
use testkit::{CertBuilder, Extension, GeneralName, Key, KeyUsage, Name, PolicyInfo, presets};

const ROOT: Profile = Profile::TlsRoot;
const OCSP: Profile = Profile::OcspResponder;
const DV: &str = "2.23.140.1.2.1";
const OV: &str = "2.23.140.1.2.2";
const PRECERT_EKU: &str = "1.3.6.1.4.1.11129.2.4.4";

fn sub(kind: TlsCaKind, internal: bool) -> Profile {
    Profile::TlsSubCa { kind, internal }
}
fn unc() -> Profile {
    sub(TlsCaKind::Unconstrained, false)
}
fn unc_int() -> Profile {
    sub(TlsCaKind::Unconstrained, true)
}
fn tc() -> Profile {
    sub(TlsCaKind::Constrained, false)
}
fn cross() -> Profile {
    sub(TlsCaKind::Cross, false)
}
fn cross_int() -> Profile {
    sub(TlsCaKind::Cross, true)
}
fn non_tls() -> Profile {
    sub(TlsCaKind::NonTls, true)
}
fn precert() -> Profile {
    sub(TlsCaKind::PrecertSigning, false)
}

fn report(der: &[u8], profile: Profile) -> lint::Report {
    Linter::new().lint_der(
        der,
        &Options {
            profile: ProfileChoice::Fixed(profile),
            issuer: None,
        },
    )
}

fn codes(der: &[u8], profile: Profile) -> Vec<&'static str> {
    report(der, profile)
        .findings
        .iter()
        .map(|f| f.code)
        .collect()
}

fn fires(b: &CertBuilder, profile: Profile, code: &str) -> bool {
    codes(&b.build_signed(), profile).contains(&code)
}

/// Asserts `code` is absent on the clean certificate of `p` and present on `bad`.
fn check(code: &str, p: Profile, bad: CertBuilder) {
    assert!(
        !fires(&clean(p), p, code),
        "{code} fired on the clean {} certificate",
        p.name()
    );
    assert!(
        fires(&bad, p, code),
        "{code} did not fire on the failing {} certificate",
        p.name()
    );
}

fn ku(bits: &[KeyUsage]) -> Extension {
    ext::key_usage(bits)
}

const CA_KU: [KeyUsage; 3] = [
    KeyUsage::DigitalSignature,
    KeyUsage::KeyCertSign,
    KeyUsage::CrlSign,
];

/// A compliant TLS root CA: the testkit root with AKI = SKI and digitalSignature.
fn root() -> CertBuilder {
    presets::root_ca()
        .replace_extension(ku(&CA_KU))
        .extension(ext::authority_key_identifier(&presets::root_key().key_id()))
}

fn dir(name: &Name) -> GeneralName {
    GeneralName::DirName(name.clone())
}

fn complete_nc() -> Extension {
    ext::name_constraints(
        &[
            GeneralName::Dns("example.com".into()),
            dir(&Name::new().c("US").o("Example Inc.")),
        ],
        &[GeneralName::Ip(vec![0; 8]), GeneralName::Ip(vec![0; 32])],
    )
}

/// A compliant subordinate CA certificate of each kind, issued by the root.
fn subca(kind: TlsCaKind, internal: bool) -> CertBuilder {
    let (eku, policy): (Vec<&str>, Vec<&str>) = match kind {
        TlsCaKind::Unconstrained | TlsCaKind::Constrained | TlsCaKind::Cross => {
            (vec![oid::KP_SERVER_AUTH, oid::KP_CLIENT_AUTH], vec![DV])
        }
        TlsCaKind::NonTls => (
            vec![oid::KP_EMAIL_PROTECTION, oid::KP_CLIENT_AUTH],
            vec!["1.3.6.1.4.1.99999.1"],
        ),
        TlsCaKind::PrecertSigning => (vec![PRECERT_EKU], vec![DV]),
    };
    let _ = internal;
    let mut b = presets::smime_subca()
        .subject(&Name::new().c("US").o("Testkit").cn("Testkit TLS CA"))
        .replace_extension(ku(&CA_KU))
        .replace_extension(ext::ext_key_usage(&eku))
        .replace_extension(ext::policies(&policy));
    if kind == TlsCaKind::Constrained {
        b = b.extension(complete_nc());
    }
    b
}

/// A compliant OCSP responder certificate issued by the root.
fn ocsp() -> CertBuilder {
    let key = Key::p256();
    CertBuilder::new()
        .serial(&[0x4e, 0x91, 0x02, 0xa3, 0x55, 0x10, 0xc7, 0x3d, 0x81, 0x62])
        .issuer(&presets::root_name())
        .subject(
            &Name::new()
                .c("US")
                .o("Testkit")
                .cn("Testkit OCSP Responder"),
        )
        .validity_days("2025-01-01T00:00:00Z", 90)
        .subject_key(key)
        .extension(ext::authority_key_identifier(&presets::root_key().key_id()))
        .extension(ext::ext_key_usage(&[oid::KP_OCSP_SIGNING]))
        .extension(ext::ocsp_no_check())
        .extension(ku(&[KeyUsage::DigitalSignature]))
        .extension(ext::subject_key_identifier(&key.key_id()))
        .signer(presets::root_key())
}

fn clean(p: Profile) -> CertBuilder {
    match p {
        Profile::TlsRoot => root(),
        Profile::TlsSubCa { kind, internal } => subca(kind, internal),
        _ => ocsp(),
    }
}

fn all_profiles() -> Vec<Profile> {
    let mut v = vec![ROOT, OCSP];
    for kind in TlsCaKind::ALL {
        for internal in [false, true] {
            v.push(sub(kind, internal));
        }
    }
    v
}

#[test]
fn clean_certificates_have_no_tls_findings() {
    for p in all_profiles() {
        let r = report(&clean(p).build_signed(), p);
        let mine: Vec<_> = r
            .findings
            .iter()
            .filter(|f| f.code.starts_with("tls."))
            .map(|f| (f.code, f.message.clone()))
            .collect();
        assert!(mine.is_empty(), "{}: {mine:?}", p.name());
    }
}

#[test]
fn testkit_presets_have_no_tls_errors() {
    for (b, p) in [
        (presets::root_ca(), ROOT),
        (presets::smime_subca(), non_tls()),
    ] {
        let r = report(&b.build_signed(), p);
        let errors: Vec<_> = r
            .findings
            .iter()
            .filter(|f| f.code.starts_with("tls.") && f.severity >= Severity::Error)
            .map(|f| (f.code, f.message.clone()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", p.name());
    }
}

// ----- root CA -----

#[test]
fn root_extensions() {
    check(
        "tls.root.basic_constraints_absent",
        ROOT,
        root().remove_extension(oid::BASIC_CONSTRAINTS),
    );
    check(
        "tls.root.key_usage_absent",
        ROOT,
        root().remove_extension(oid::KEY_USAGE),
    );
    check(
        "tls.root.subject_key_identifier_absent",
        ROOT,
        root().remove_extension(oid::SUBJECT_KEY_IDENTIFIER),
    );
    check(
        "tls.root.authority_key_identifier_absent",
        ROOT,
        root().remove_extension(oid::AUTHORITY_KEY_IDENTIFIER),
    );
    check(
        "tls.root.extended_key_usage_present",
        ROOT,
        root().extension(ext::ext_key_usage(&[oid::KP_SERVER_AUTH])),
    );
    check(
        "tls.root.certificate_policies_present",
        ROOT,
        root().extension(ext::policies(&[DV])),
    );
    check(
        "tls.root.unknown_extension",
        ROOT,
        root().extension(ext::crl_distribution_points(&[presets::ROOT_CRL_URL])),
    );
    // The EKU is reported by its own rule, not as an unknown extension.
    let eku = root().extension(ext::ext_key_usage(&[oid::KP_SERVER_AUTH]));
    assert!(!fires(&eku, ROOT, "tls.root.unknown_extension"));
}

#[test]
fn root_fields() {
    check(
        "tls.root.validity_too_long",
        ROOT,
        root().validity_days("2025-01-01T00:00:00Z", 9133),
    );
    check(
        "tls.root.validity_too_short",
        ROOT,
        root().validity_days("2025-01-01T00:00:00Z", 2921),
    );
    assert!(!fires(
        &root().validity_days("2025-01-01T00:00:00Z", 9132),
        ROOT,
        "tls.root.validity_too_long"
    ));
    check(
        "tls.root.issuer_not_subject",
        ROOT,
        root().issuer(&Name::new().c("US").o("Testkit").cn("Other Root")),
    );
    check(
        "tls.root.aki_not_ski",
        ROOT,
        root().replace_extension(ext::authority_key_identifier(&[1, 2, 3, 4])),
    );
    check(
        "tls.root.path_len_present",
        ROOT,
        root().replace_extension(ext::basic_constraints(true, Some(1))),
    );
    check(
        "tls.root.basic_constraints_not_ca",
        ROOT,
        root().replace_extension(ext::basic_constraints(false, None)),
    );
}

// ----- subordinate CA extensions -----

#[test]
fn subca_extensions() {
    let p = unc();
    let s = || clean(p);
    for (code, o) in [
        (
            "tls.ca.authority_key_identifier_absent",
            oid::AUTHORITY_KEY_IDENTIFIER,
        ),
        ("tls.ca.basic_constraints_absent", oid::BASIC_CONSTRAINTS),
        (
            "tls.ca.crl_distribution_points_absent",
            oid::CRL_DISTRIBUTION_POINTS,
        ),
        ("tls.ca.key_usage_absent", oid::KEY_USAGE),
        (
            "tls.ca.subject_key_identifier_absent",
            oid::SUBJECT_KEY_IDENTIFIER,
        ),
        ("tls.ca.extended_key_usage_absent", oid::EXT_KEY_USAGE),
        (
            "tls.ca.certificate_policies_absent",
            oid::CERTIFICATE_POLICIES,
        ),
        (
            "tls.ca.authority_info_access_absent",
            oid::AUTHORITY_INFO_ACCESS,
        ),
    ] {
        check(code, p, s().remove_extension(o));
    }
    // certificatePolicies is optional for technically constrained non-TLS CAs.
    let b = clean(non_tls()).remove_extension(oid::CERTIFICATE_POLICIES);
    assert!(!fires(&b, non_tls(), "tls.ca.certificate_policies_absent"));
    check(
        "tls.ca.name_constraints_absent",
        tc(),
        clean(tc()).remove_extension(oid::NAME_CONSTRAINTS),
    );
    check(
        "tls.ca.unknown_extension",
        p,
        s().extension(ext::ocsp_no_check()),
    );
}

#[test]
fn cross_extensions() {
    let p = cross();
    let s = || clean(p);
    for (code, o) in [
        (
            "tls.cross_ca.authority_key_identifier_absent",
            oid::AUTHORITY_KEY_IDENTIFIER,
        ),
        (
            "tls.cross_ca.basic_constraints_absent",
            oid::BASIC_CONSTRAINTS,
        ),
        (
            "tls.cross_ca.certificate_policies_absent",
            oid::CERTIFICATE_POLICIES,
        ),
        (
            "tls.cross_ca.crl_distribution_points_absent",
            oid::CRL_DISTRIBUTION_POINTS,
        ),
        ("tls.cross_ca.key_usage_absent", oid::KEY_USAGE),
        (
            "tls.cross_ca.subject_key_identifier_absent",
            oid::SUBJECT_KEY_IDENTIFIER,
        ),
        (
            "tls.cross_ca.authority_info_access_absent",
            oid::AUTHORITY_INFO_ACCESS,
        ),
        ("tls.cross_ca.extended_key_usage_absent", oid::EXT_KEY_USAGE),
    ] {
        check(code, p, s().remove_extension(o));
    }
    check(
        "tls.cross_ca.extended_key_usage_recommended",
        cross_int(),
        clean(cross_int()).remove_extension(oid::EXT_KEY_USAGE),
    );
    let r = report(
        &clean(cross_int())
            .remove_extension(oid::EXT_KEY_USAGE)
            .build_signed(),
        cross_int(),
    );
    assert!(
        r.findings
            .iter()
            .filter(|f| f.code == "tls.cross_ca.extended_key_usage_recommended")
            .all(|f| f.severity == Severity::Warning)
    );
    check(
        "tls.cross_ca.unknown_extension",
        p,
        s().extension(ext::ocsp_no_check()),
    );
}

#[test]
fn ca_criticality() {
    let p = unc();
    let flip = |o: &str, c: Option<bool>| clean(p).modify_extension(o, move |e| e.critical = c);
    check(
        "tls.ca.key_usage_not_critical",
        p,
        flip(oid::KEY_USAGE, None),
    );
    for (code, o) in [
        (
            "tls.ca.certificate_policies_critical",
            oid::CERTIFICATE_POLICIES,
        ),
        (
            "tls.ca.crl_distribution_points_critical",
            oid::CRL_DISTRIBUTION_POINTS,
        ),
        ("tls.ca.extended_key_usage_critical", oid::EXT_KEY_USAGE),
    ] {
        check(code, p, flip(o, Some(true)));
    }
    check(
        "tls.ca.sct_list_critical",
        p,
        clean(p).extension(Extension::new(
            oid::CT_SCT_LIST,
            Some(true),
            testkit::der::octet_string(&[0, 0]),
        )),
    );
    check(
        "tls.ca.basic_constraints_not_ca",
        p,
        clean(p).replace_extension(ext::basic_constraints(false, None)),
    );
    // Root certificates are checked too.
    check(
        "tls.ca.key_usage_not_critical",
        ROOT,
        root().modify_extension(oid::KEY_USAGE, |e| e.critical = None),
    );
}

#[test]
fn ca_key_usage() {
    for p in [ROOT, unc()] {
        check(
            "tls.ca.key_usage_required_bit_missing",
            p,
            clean(p).replace_extension(ku(&[KeyUsage::DigitalSignature, KeyUsage::KeyCertSign])),
        );
        check(
            "tls.ca.key_usage_prohibited_bit",
            p,
            clean(p).replace_extension(ku(&[
                KeyUsage::KeyCertSign,
                KeyUsage::CrlSign,
                KeyUsage::NonRepudiation,
            ])),
        );
        check(
            "tls.ca.key_usage_no_digital_signature",
            p,
            clean(p).replace_extension(ku(&[KeyUsage::KeyCertSign, KeyUsage::CrlSign])),
        );
    }
}

// ----- naming -----

#[test]
fn ca_naming() {
    let p = unc();
    let with = |n: Name| clean(p).subject(&n);
    check(
        "tls.ca.subject.country_absent",
        p,
        with(Name::new().o("Testkit").cn("CA")),
    );
    check(
        "tls.ca.subject.country_invalid",
        p,
        with(Name::new().c("QQ").o("Testkit").cn("CA")),
    );
    check(
        "tls.ca.subject.organization_absent",
        p,
        with(Name::new().c("US").cn("CA")),
    );
    check(
        "tls.ca.subject.organization_absent",
        p,
        with(Name::new().c("US").o("").cn("CA")),
    );
    check(
        "tls.ca.subject.common_name_absent",
        p,
        with(Name::new().c("US").o("Testkit")),
    );
    let ou = Name::new().c("US").o("Testkit").ou("PKI").cn("CA");
    check(
        "tls.ca.subject.organizational_unit_present",
        p,
        with(ou.clone()),
    );
    check(
        "tls.ca.subject.organizational_unit_present",
        ROOT,
        root().subject(&ou).issuer(&ou),
    );
    check(
        "tls.ca.subject.organizational_unit_discouraged",
        cross(),
        clean(cross()).subject(&ou),
    );
    assert!(!fires(
        &clean(cross()).subject(&ou),
        cross(),
        "tls.ca.subject.organizational_unit_present"
    ));
    check(
        "tls.ca.subject.unknown_attribute",
        p,
        with(
            Name::new()
                .c("US")
                .o("Testkit")
                .cn("CA")
                .email("ca@example.com"),
        ),
    );
    check(
        "tls.ca.subject.common_name_absent",
        OCSP,
        ocsp().subject(&Name::new().c("US").o("Testkit")),
    );
}

// ----- AIA -----

#[test]
fn ca_aia() {
    let p = unc();
    check(
        "tls.ca.aia.prohibited_method",
        p,
        clean(p).replace_extension(ext::authority_info_access(&[(
            "1.3.6.1.5.5.7.48.5",
            "http://ca.example.com/repo",
        )])),
    );
    check(
        "tls.ca.aia.location_not_http",
        p,
        clean(p).replace_extension(ext::authority_info_access(&[(
            oid::AD_CA_ISSUERS,
            "ldap://ca.example.com/root",
        )])),
    );
    check(
        "tls.ca.aia.duplicate_location",
        p,
        clean(p).replace_extension(ext::authority_info_access(&[
            (oid::AD_OCSP, "http://ocsp.example.com/"),
            (oid::AD_OCSP, "http://ocsp.example.com/"),
        ])),
    );
    let dns_location = testkit::der::seq(&[&testkit::der::seq(&[
        &testkit::der::oid(oid::AD_CA_ISSUERS),
        &GeneralName::Dns("ca.example.com".into()).to_der(),
    ])]);
    check(
        "tls.ca.aia.location_not_uri",
        p,
        clean(p).replace_extension(Extension::new(
            oid::AUTHORITY_INFO_ACCESS,
            None,
            dns_location,
        )),
    );
}

// ----- certificatePolicies -----

#[test]
fn ca_policies() {
    let p = unc();
    let pol = |ids: &[&str]| clean(p).replace_extension(ext::policies(ids));
    check(
        "tls.ca.policy.any_policy_with_others",
        unc_int(),
        clean(unc_int()).replace_extension(ext::policies(&[oid::ANY_POLICY, DV])),
    );
    check(
        "tls.ca.policy.any_policy_external",
        p,
        pol(&[oid::ANY_POLICY]),
    );
    assert!(!fires(
        &clean(unc_int()).replace_extension(ext::policies(&[oid::ANY_POLICY])),
        unc_int(),
        "tls.ca.policy.any_policy_external"
    ));
    check(
        "tls.ca.policy.reserved_missing",
        p,
        pol(&["1.3.6.1.4.1.99999.1"]),
    );
    check("tls.ca.policy.reserved_multiple", p, pol(&[DV, OV]));
    check(
        "tls.ca.policy.reserved_not_first",
        p,
        pol(&["1.3.6.1.4.1.99999.1", DV]),
    );
    check(
        "tls.ca.policy.non_tls_reserved",
        non_tls(),
        clean(non_tls()).replace_extension(ext::policies(&[DV])),
    );
    check(
        "tls.ca.policy.qualifier_present",
        p,
        clean(p).replace_extension(ext::certificate_policies(&[
            PolicyInfo::new(DV).cps("https://example.com/cps")
        ])),
    );
    check(
        "tls.ca.policy.qualifier_not_cps",
        p,
        clean(p).replace_extension(ext::certificate_policies(&[
            PolicyInfo::new(DV).user_notice(testkit::StringKind::Utf8, "hello")
        ])),
    );
    check(
        "tls.ca.policy.cps_uri_not_http",
        p,
        clean(p).replace_extension(ext::certificate_policies(&[
            PolicyInfo::new(DV).cps("ftp://example.com/cps")
        ])),
    );
}

// ----- EKU -----

fn with_eku(p: Profile, ekus: &[&str]) -> CertBuilder {
    clean(p).replace_extension(ext::ext_key_usage(ekus))
}

#[test]
fn tls_ca_eku() {
    let p = unc();
    check(
        "tls.ca.eku.server_auth_absent",
        p,
        with_eku(p, &[oid::KP_CLIENT_AUTH]),
    );
    for (code, o) in [
        ("tls.ca.eku.code_signing_present", oid::KP_CODE_SIGNING),
        (
            "tls.ca.eku.email_protection_present",
            oid::KP_EMAIL_PROTECTION,
        ),
        ("tls.ca.eku.time_stamping_present", oid::KP_TIME_STAMPING),
        ("tls.ca.eku.ocsp_signing_present", oid::KP_OCSP_SIGNING),
        ("tls.ca.eku.any_present", oid::ANY_EKU),
        ("tls.ca.eku.precert_signing_present", PRECERT_EKU),
    ] {
        check(code, p, with_eku(p, &[oid::KP_SERVER_AUTH, o]));
        check(code, tc(), with_eku(tc(), &[oid::KP_SERVER_AUTH, o]));
    }
    check(
        "tls.ca.eku.unknown_purpose",
        p,
        with_eku(p, &[oid::KP_SERVER_AUTH, "1.3.6.1.5.5.7.3.99"]),
    );
}

#[test]
fn cross_eku() {
    check(
        "tls.cross_ca.eku.any_external",
        cross(),
        with_eku(cross(), &[oid::ANY_EKU]),
    );
    assert!(!fires(
        &with_eku(cross_int(), &[oid::ANY_EKU]),
        cross_int(),
        "tls.cross_ca.eku.any_with_others"
    ));
    assert!(!fires(
        &with_eku(cross_int(), &[oid::ANY_EKU]),
        cross_int(),
        "tls.cross_ca.eku.server_auth_absent"
    ));
    check(
        "tls.cross_ca.eku.any_with_others",
        cross_int(),
        with_eku(cross_int(), &[oid::ANY_EKU, oid::KP_SERVER_AUTH]),
    );
    check(
        "tls.cross_ca.eku.server_auth_absent",
        cross(),
        with_eku(cross(), &[oid::KP_CLIENT_AUTH]),
    );
    for (code, o) in [
        (
            "tls.cross_ca.eku.email_protection_present",
            oid::KP_EMAIL_PROTECTION,
        ),
        (
            "tls.cross_ca.eku.code_signing_present",
            oid::KP_CODE_SIGNING,
        ),
        (
            "tls.cross_ca.eku.time_stamping_present",
            oid::KP_TIME_STAMPING,
        ),
        (
            "tls.cross_ca.eku.ocsp_signing_present",
            oid::KP_OCSP_SIGNING,
        ),
        ("tls.cross_ca.eku.unknown_purpose", "1.3.6.1.5.5.7.3.99"),
    ] {
        check(code, cross(), with_eku(cross(), &[oid::KP_SERVER_AUTH, o]));
    }
}

#[test]
fn non_tls_and_precert_eku() {
    let p = non_tls();
    for (code, o) in [
        (
            "tls.non_tls_ca.eku.server_auth_present",
            oid::KP_SERVER_AUTH,
        ),
        (
            "tls.non_tls_ca.eku.ocsp_signing_present",
            oid::KP_OCSP_SIGNING,
        ),
        ("tls.non_tls_ca.eku.any_present", oid::ANY_EKU),
        ("tls.non_tls_ca.eku.precert_signing_present", PRECERT_EKU),
    ] {
        check(code, p, with_eku(p, &[oid::KP_EMAIL_PROTECTION, o]));
    }
    let q = precert();
    check(
        "tls.precert_ca.eku.precert_signing_absent",
        q,
        with_eku(q, &[oid::KP_SERVER_AUTH]),
    );
    check(
        "tls.precert_ca.eku.other_purpose",
        q,
        with_eku(q, &[PRECERT_EKU, oid::KP_SERVER_AUTH]),
    );
    check(
        "tls.precert_ca.issued_after_sunset",
        q,
        clean(q).validity_days("2026-03-15T00:00:00Z", 365),
    );
}

#[test]
fn precert_spki_algorithm_against_issuer() {
    // The issuer (root) has a P-384 key; an RSA precertificate signing CA differs.
    let root_der = root().build_signed();
    let issuer = cert::Certificate::parse(&root_der).unwrap();
    let lint_with_issuer = |b: CertBuilder| {
        let der = b.build_signed();
        Linter::new()
            .lint_der(
                &der,
                &Options {
                    profile: ProfileChoice::Fixed(precert()),
                    issuer: Some(&issuer),
                },
            )
            .findings
            .iter()
            .map(|f| f.code)
            .collect::<Vec<_>>()
    };
    let code = "tls.precert_ca.spki_algorithm_differs";
    assert!(!lint_with_issuer(clean(precert()).subject_key(presets::root_key())).contains(&code));
    assert!(lint_with_issuer(clean(precert()).subject_key(Key::rsa2048())).contains(&code));
}

// ----- name constraints -----

#[test]
fn name_constraints() {
    let p = unc();
    let nc = |permitted: &[GeneralName], excluded: &[GeneralName]| {
        clean(p).extension(ext::name_constraints(permitted, excluded))
    };
    check(
        "tls.ca.name_constraints.discouraged_type",
        p,
        nc(&[GeneralName::Rfc822("example.com".into())], &[]),
    );
    check(
        "tls.ca.name_constraints.prohibited_type",
        tc(),
        clean(tc()).replace_extension(ext::name_constraints(
            &[
                GeneralName::Dns("example.com".into()),
                GeneralName::Uri("example.com".into()),
                dir(&Name::new().c("US")),
            ],
            &[GeneralName::Ip(vec![0; 8]), GeneralName::Ip(vec![0; 32])],
        )),
    );
    check(
        "tls.ca.name_constraints.directory_name_excluded",
        p,
        nc(&[], &[dir(&Name::new().c("US"))]),
    );
    check(
        "tls.ca.name_constraints.not_critical",
        p,
        nc(&[GeneralName::Dns("example.com".into())], &[])
            .modify_extension(oid::NAME_CONSTRAINTS, |e| e.critical = None),
    );
    check(
        "tls.ca.name_constraints.dns_name_syntax",
        p,
        nc(&[GeneralName::Dns(".example.com".into())], &[]),
    );
    check(
        "tls.ca.name_constraints.dns_name_syntax",
        p,
        nc(&[GeneralName::Dns("*.example.com".into())], &[]),
    );
    check(
        "tls.ca.name_constraints.onion_not_v3",
        p,
        nc(&[GeneralName::Dns("foo.onion".into())], &[]),
    );
    check(
        "tls.ca.name_constraints.internal_name",
        p,
        nc(&[GeneralName::Dns("example.internal".into())], &[]),
    );
    // The zero-length dNSName that excludes all names is fine.
    assert!(!fires(
        &nc(&[], &[GeneralName::Dns(String::new())]),
        p,
        "tls.ca.name_constraints.dns_name_syntax"
    ));
}

#[test]
fn constrained_name_constraints_complete() {
    let p = tc();
    let code = "tls.ca.name_constraints.incomplete";
    let with = |permitted: &[GeneralName], excluded: &[GeneralName]| {
        clean(p).replace_extension(ext::name_constraints(permitted, excluded))
    };
    let dn = dir(&Name::new().c("US").o("Example Inc."));
    // No dNSName anywhere.
    check(
        code,
        p,
        with(
            std::slice::from_ref(&dn),
            &[GeneralName::Ip(vec![0; 8]), GeneralName::Ip(vec![0; 32])],
        ),
    );
    // No IPv6.
    check(
        code,
        p,
        with(
            &[GeneralName::Dns("example.com".into()), dn.clone()],
            &[GeneralName::Ip(vec![0; 8])],
        ),
    );
    // No directoryName.
    check(
        code,
        p,
        with(
            &[GeneralName::Dns("example.com".into())],
            &[GeneralName::Ip(vec![0; 8]), GeneralName::Ip(vec![0; 32])],
        ),
    );
    // Everything excluded, one directoryName permitted: complete.
    let nothing = with(
        &[dn],
        &[
            GeneralName::Dns(String::new()),
            GeneralName::Ip(vec![0; 8]),
            GeneralName::Ip(vec![0; 32]),
        ],
    );
    assert!(!fires(&nothing, p, code));
}

// ----- OCSP responder -----

#[test]
fn ocsp_extensions() {
    let p = OCSP;
    for (code, o) in [
        (
            "tls.ocsp.authority_key_identifier_absent",
            oid::AUTHORITY_KEY_IDENTIFIER,
        ),
        ("tls.ocsp.extended_key_usage_absent", oid::EXT_KEY_USAGE),
        ("tls.ocsp.no_check_absent", oid::OCSP_NO_CHECK),
        ("tls.ocsp.key_usage_absent", oid::KEY_USAGE),
        (
            "tls.ocsp.subject_key_identifier_absent",
            oid::SUBJECT_KEY_IDENTIFIER,
        ),
    ] {
        check(code, p, ocsp().remove_extension(o));
    }
    check(
        "tls.ocsp.name_constraints_present",
        p,
        ocsp().extension(ext::name_constraints(
            &[GeneralName::Dns("example.com".into())],
            &[],
        )),
    );
    check(
        "tls.ocsp.subject_alt_name_present",
        p,
        ocsp().extension(ext::subject_alt_name(&[GeneralName::Dns(
            "ocsp.example.com".into(),
        )])),
    );
    check(
        "tls.ocsp.crl_distribution_points_present",
        p,
        ocsp().extension(ext::crl_distribution_points(&[presets::ROOT_CRL_URL])),
    );
    check(
        "tls.ocsp.authority_info_access_present",
        p,
        ocsp().extension(ext::authority_info_access(&[(
            oid::AD_OCSP,
            presets::ROOT_OCSP_URL,
        )])),
    );
    check(
        "tls.ocsp.certificate_policies_present",
        p,
        ocsp().extension(ext::policies(&[DV])),
    );
    check(
        "tls.ocsp.unknown_extension",
        p,
        ocsp()
            .extension(ext::basic_constraints(false, None))
            .extension(ext::inhibit_any_policy(0)),
    );
    check(
        "tls.ocsp.extension_critical",
        p,
        ocsp().modify_extension(oid::OCSP_NO_CHECK, |e| e.critical = Some(true)),
    );
    check(
        "tls.ocsp.extension_not_critical",
        p,
        ocsp().modify_extension(oid::KEY_USAGE, |e| e.critical = None),
    );
}

#[test]
fn ocsp_values() {
    let p = OCSP;
    check(
        "tls.ocsp.eku.ocsp_signing_absent",
        p,
        ocsp().replace_extension(ext::ext_key_usage(&[oid::KP_SERVER_AUTH])),
    );
    check(
        "tls.ocsp.eku.other_purpose",
        p,
        ocsp().replace_extension(ext::ext_key_usage(&[
            oid::KP_OCSP_SIGNING,
            oid::KP_CLIENT_AUTH,
        ])),
    );
    check(
        "tls.ocsp.no_check_encoding",
        p,
        ocsp().modify_extension(oid::OCSP_NO_CHECK, |e| e.value = vec![0x30, 0x00]),
    );
    check(
        "tls.ocsp.key_usage_digital_signature_absent",
        p,
        ocsp().replace_extension(ku(&[KeyUsage::NonRepudiation])),
    );
    check(
        "tls.ocsp.key_usage_prohibited_bit",
        p,
        ocsp().replace_extension(ku(&[KeyUsage::DigitalSignature, KeyUsage::KeyCertSign])),
    );
    check(
        "tls.ocsp.basic_constraints_ca",
        p,
        ocsp().extension(ext::basic_constraints(true, None)),
    );
    // cA FALSE encoded as 3000 is fine; an explicit FALSE is not.
    assert!(!fires(
        &ocsp().extension(ext::basic_constraints(false, None)),
        p,
        "tls.ocsp.basic_constraints_encoding"
    ));
    check(
        "tls.ocsp.basic_constraints_encoding",
        p,
        ocsp().extension(Extension::new(
            oid::BASIC_CONSTRAINTS,
            Some(true),
            vec![0x30, 0x03, 0x01, 0x01, 0x00],
        )),
    );
    check(
        "tls.ocsp.aia.prohibited_method",
        p,
        ocsp().extension(ext::authority_info_access(&[(
            oid::AD_CA_ISSUERS,
            presets::ROOT_ISSUERS_URL,
        )])),
    );
    check(
        "tls.ocsp.aia.ocsp_present",
        p,
        ocsp().extension(ext::authority_info_access(&[(
            oid::AD_OCSP,
            presets::ROOT_OCSP_URL,
        )])),
    );
}

// ----- real certificates -----

fn secom(name_prefix: &str) -> Vec<(String, Vec<u8>)> {
    let Some(corpus) = common::corpus() else {
        return Vec::new();
    };
    let dir = corpus.join("secom");
    let mut out = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("secom dir")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let wanted = if name_prefix.ends_with(".pem") {
            name == name_prefix
        } else {
            name.starts_with(name_prefix) && name.ends_with(".pem")
        };
        if wanted {
            let text = std::fs::read_to_string(&p).expect("read pem");
            out.push((name, common::first_pem(&text).expect("PEM block")));
        }
    }
    out
}

fn print_report(name: &str, r: &lint::Report) {
    println!("{name}: profile {}", r.profile);
    for f in &r.findings {
        println!("  {} {} [{}] {}", f.severity, f.code, f.location, f.message);
    }
}

#[test]
fn sureserver_cas_auto() {
    let mut n = 0;
    for prefix in [
        "Cybertrust_Japan_SureServer_CA_G4.",
        "Cybertrust_Japan_SureServer_EV_CA_G3.",
    ] {
        for (name, der) in secom(prefix) {
            n += 1;
            let r = Linter::new().lint_der(&der, &Options::default());
            print_report(&name, &r);
            assert!(r.worst() != Some(Severity::Fatal), "{name}: fatal finding");
        }
    }
    if common::corpus().is_some() {
        assert!(n > 0, "no SureServer CA certificates found in corpus/secom");
    }
}

#[test]
fn security_communication_root_ca2_as_tls_root() {
    let certs = secom("Security_Communication_RootCA2.pem");
    if common::corpus().is_some() {
        assert_eq!(certs.len(), 1, "Security_Communication_RootCA2.pem");
    }
    for (name, der) in certs {
        let r = report(&der, ROOT);
        print_report(&name, &r);
        assert!(r.worst() != Some(Severity::Fatal), "{name}: fatal finding");
    }
}
