//! TLS subscriber rules (TLS BR 7.1.2.7.x, 7.1.2.9, 7.1.4.3, 6.3.2,
//! 7.1.2.11.2): for each rule a certificate that fails it, built by mutating
//! a compliant subscriber certificate of the type, which must pass it.
//! Also: the real OV leaves of corpus/secom/ lint with profile auto.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use lint::profile::TlsValidation;
use lint::{Linter, Options, Profile, ProfileChoice};
use testkit::ext::{self, oid};
use testkit::name::{self as tn, Name};
use testkit::{
    CertBuilder, Extension, GeneralName, Key, KeyUsage, PolicyInfo, StringKind, der, presets,
};

const DV: &str = "2.23.140.1.2.1";
const OV: &str = "2.23.140.1.2.2";
const IV: &str = "2.23.140.1.2.3";
const EV: &str = "2.23.140.1.1";
const OCSP_URL: &str = "http://ocsp.ca.example.com";
const ISSUERS_URL: &str = "http://ca.example.com/ca.der";
const CRL_URL: &str = "http://crl.ca.example.com/ca.crl";
const HOST: &str = "www.example.com";

fn policy(v: TlsValidation) -> &'static str {
    match v {
        TlsValidation::Dv => DV,
        TlsValidation::Ov => OV,
        TlsValidation::Iv => IV,
        TlsValidation::Ev => EV,
    }
}

/// The compliant subject of each type.
fn subject(v: TlsValidation) -> Name {
    match v {
        TlsValidation::Dv => Name::new(),
        TlsValidation::Ov => Name::new()
            .c("US")
            .st("California")
            .l("San Francisco")
            .o("Example Inc."),
        TlsValidation::Iv => Name::new()
            .c("US")
            .st("California")
            .surname("Example")
            .given_name("Alice"),
        TlsValidation::Ev => Name::new()
            .attr("1.3.6.1.4.1.311.60.2.1.3", StringKind::Printable, "US")
            .attr("1.3.6.1.4.1.311.60.2.1.2", StringKind::Utf8, "Delaware")
            .attr("2.5.4.15", StringKind::Utf8, "Private Organization")
            .serial_number("1234567")
            .c("US")
            .st("California")
            .l("San Francisco")
            .o("Example Inc."),
    }
}

fn san(names: &[GeneralName], critical: bool) -> Extension {
    let e = ext::subject_alt_name(names);
    if critical {
        e.critical()
    } else {
        e.non_critical()
    }
}

/// A compliant subscriber certificate of type `v`, issued 2025-03-01 for 90 days.
fn leaf_with(v: TlsValidation, subj: Name) -> CertBuilder {
    let empty = subj.is_empty();
    CertBuilder::new()
        .serial(&presets::LEAF_SERIAL)
        .issuer(&Name::new().c("US").o("Testkit").cn("Testkit TLS CA"))
        .subject(&subj)
        .validity_days("2025-03-01T00:00:00Z", 90)
        .subject_key(Key::rsa2048())
        .extension(ext::key_usage(&[KeyUsage::DigitalSignature]))
        .extension(ext::ext_key_usage(&[oid::KP_SERVER_AUTH]))
        .extension(ext::policies(&[policy(v)]))
        .extension(ext::crl_distribution_points(&[CRL_URL]))
        .extension(ext::authority_info_access(&[
            (oid::AD_CA_ISSUERS, ISSUERS_URL),
            (oid::AD_OCSP, OCSP_URL),
        ]))
        .extension(ext::authority_key_identifier(
            &presets::smime_ca_key().key_id(),
        ))
        .extension(san(&[GeneralName::Dns(HOST.into())], empty))
        .signer(presets::smime_ca_key())
}

fn leaf(v: TlsValidation) -> CertBuilder {
    leaf_with(v, subject(v))
}

fn profile(v: TlsValidation) -> Profile {
    Profile::TlsSubscriber(v)
}

fn codes(der: &[u8], p: Profile) -> Vec<&'static str> {
    Linter::new()
        .lint_der(
            der,
            &Options {
                profile: ProfileChoice::Fixed(p),
                issuer: None,
            },
        )
        .findings
        .iter()
        .map(|f| f.code)
        .collect()
}

fn mine(c: &str) -> bool {
    c.starts_with("tls.subscriber.") || c.starts_with("ev.")
}

use TlsValidation::{Dv, Iv as Ivv, Ov as Ovv};

#[test]
fn compliant_leaves_pass() {
    for v in TlsValidation::ALL {
        let der = leaf(v).build_signed();
        let found: Vec<_> = codes(&der, profile(v))
            .into_iter()
            .filter(|c| mine(c))
            .collect();
        assert!(found.is_empty(), "{v:?}: {found:?}");
    }
    // The S/MIME presets are not TLS certificates; nothing of this area applies.
    for v in testkit::Validation::ALL {
        let der = presets::smime_leaf(v, testkit::Generation::Strict).build_signed();
        let found: Vec<_> = codes(&der, profile(Dv))
            .into_iter()
            .filter(|c| mine(c) && c.contains("precert"))
            .collect();
        assert!(found.is_empty(), "{found:?}");
    }
}

fn aia_raw(entries: &[(&str, Vec<u8>)]) -> Extension {
    let ads: Vec<Vec<u8>> = entries
        .iter()
        .map(|(m, gn)| der::seq(&[&der::oid(m), gn]))
        .collect();
    Extension::new(oid::AUTHORITY_INFO_ACCESS, None, der::seq_vec(ads))
}

fn sct_list() -> Extension {
    // An empty SignedCertificateTimestampList in its OCTET STRING.
    Extension::new(oid::CT_SCT_LIST, None, der::octet_string(&[0, 0]))
}

/// (code, type, failing certificate)
fn cases() -> Vec<(&'static str, TlsValidation, CertBuilder)> {
    let ov_subj = || subject(Ovv);
    let iv_subj = || subject(Ivv);
    let dns = |d: &str| leaf(Dv).replace_extension(san(&[GeneralName::Dns(d.into())], true));
    vec![
        // Subject by type
        (
            "tls.subscriber.dv.attribute_prohibited",
            Dv,
            leaf_with(Dv, Name::new().o("Example Inc."))
                .replace_extension(san(&[GeneralName::Dns(HOST.into())], false)),
        ),
        (
            "tls.subscriber.dv.common_name_present",
            Dv,
            leaf_with(Dv, Name::new().cn(HOST))
                .replace_extension(san(&[GeneralName::Dns(HOST.into())], false)),
        ),
        (
            "tls.subscriber.iv.common_name_present",
            Ivv,
            leaf_with(Ivv, iv_subj().cn(HOST)),
        ),
        (
            "tls.subscriber.iv.country_missing",
            Ivv,
            leaf_with(
                Ivv,
                Name::new()
                    .st("California")
                    .surname("Example")
                    .given_name("Alice"),
            ),
        ),
        (
            "tls.subscriber.iv.given_name_missing",
            Ivv,
            leaf_with(Ivv, Name::new().c("US").st("California").surname("Example")),
        ),
        (
            "tls.subscriber.iv.surname_missing",
            Ivv,
            leaf_with(
                Ivv,
                Name::new().c("US").st("California").given_name("Alice"),
            ),
        ),
        (
            "tls.subscriber.iv.organizational_unit_present",
            Ivv,
            leaf_with(Ivv, iv_subj().ou("IT")),
        ),
        (
            "tls.subscriber.iv.organization_present",
            Ivv,
            leaf_with(
                Ivv,
                Name::new()
                    .c("US")
                    .st("California")
                    .o("Example Inc.")
                    .surname("Example")
                    .given_name("Alice"),
            ),
        ),
        (
            "tls.subscriber.iv.postal_code_present",
            Ivv,
            leaf_with(
                Ivv,
                Name::new()
                    .c("US")
                    .st("California")
                    .postal_code("94105")
                    .surname("Example")
                    .given_name("Alice"),
            ),
        ),
        (
            "tls.subscriber.iv.street_address_present",
            Ivv,
            leaf_with(
                Ivv,
                Name::new()
                    .c("US")
                    .st("California")
                    .street("1 Main St")
                    .surname("Example")
                    .given_name("Alice"),
            ),
        ),
        (
            "tls.subscriber.iv.other_attribute_present",
            Ivv,
            leaf_with(Ivv, iv_subj().title("Engineer")),
        ),
        (
            "tls.subscriber.ov.common_name_present",
            Ovv,
            leaf_with(Ovv, ov_subj().cn(HOST)),
        ),
        (
            "tls.subscriber.ov.country_missing",
            Ovv,
            leaf_with(
                Ovv,
                Name::new()
                    .st("California")
                    .l("San Francisco")
                    .o("Example Inc."),
            ),
        ),
        (
            "tls.subscriber.ov.organization_missing",
            Ovv,
            leaf_with(Ovv, Name::new().c("US").st("California").l("San Francisco")),
        ),
        (
            "tls.subscriber.ov.given_name_present",
            Ovv,
            leaf_with(Ovv, ov_subj().given_name("Alice")),
        ),
        (
            "tls.subscriber.ov.surname_present",
            Ovv,
            leaf_with(Ovv, ov_subj().surname("Example")),
        ),
        (
            "tls.subscriber.ov.organizational_unit_present",
            Ovv,
            leaf_with(Ovv, ov_subj().ou("IT")),
        ),
        (
            "tls.subscriber.ov.postal_code_present",
            Ovv,
            leaf_with(
                Ovv,
                Name::new()
                    .c("US")
                    .st("California")
                    .l("San Francisco")
                    .postal_code("94105")
                    .o("Example Inc."),
            ),
        ),
        (
            "tls.subscriber.ov.street_address_present",
            Ovv,
            leaf_with(
                Ovv,
                Name::new()
                    .c("US")
                    .st("California")
                    .l("San Francisco")
                    .street("1 Main St")
                    .o("Example Inc."),
            ),
        ),
        (
            "tls.subscriber.ov.other_attribute_present",
            Ovv,
            leaf_with(
                Ovv,
                ov_subj().attr(tn::EMAIL, StringKind::Ia5, "a@example.com"),
            ),
        ),
        (
            "tls.subscriber.subject.locality_and_state_missing",
            Ovv,
            leaf_with(Ovv, Name::new().c("US").o("Example Inc.")),
        ),
        (
            "tls.subscriber.subject.metadata_only_value",
            Ovv,
            leaf_with(
                Ovv,
                Name::new()
                    .c("US")
                    .st("California")
                    .l("-")
                    .o("Example Inc."),
            ),
        ),
        (
            "tls.subscriber.subject.country_invalid",
            Ovv,
            leaf_with(
                Ovv,
                Name::new()
                    .c("ZZ")
                    .st("California")
                    .l("San Francisco")
                    .o("Example Inc."),
            ),
        ),
        (
            "tls.subscriber.common_name.not_in_san",
            Ovv,
            leaf_with(Ovv, ov_subj().cn("other.example.com")),
        ),
        // Extensions
        (
            "tls.subscriber.extensions.missing",
            Dv,
            leaf(Dv).no_extensions(),
        ),
        (
            "tls.subscriber.aia.missing",
            Dv,
            leaf(Dv).remove_extension(oid::AUTHORITY_INFO_ACCESS),
        ),
        (
            "tls.subscriber.certificate_policies.missing",
            Dv,
            leaf(Dv).remove_extension(oid::CERTIFICATE_POLICIES),
        ),
        (
            "tls.subscriber.eku.missing",
            Dv,
            leaf(Dv).remove_extension(oid::EXT_KEY_USAGE),
        ),
        (
            "tls.subscriber.san.missing",
            Ovv,
            leaf(Ovv).remove_extension(oid::SUBJECT_ALT_NAME),
        ),
        (
            "tls.subscriber.key_usage.missing",
            Dv,
            leaf(Dv).remove_extension(oid::KEY_USAGE),
        ),
        (
            "tls.subscriber.ski.present",
            Dv,
            leaf(Dv).extension(ext::subject_key_identifier(&Key::rsa2048().key_id())),
        ),
        (
            "tls.subscriber.extension.not_recommended",
            Dv,
            leaf(Dv).extension(ext::ocsp_no_check()),
        ),
        (
            "tls.subscriber.certificate_policies.critical",
            Dv,
            leaf(Dv).modify_extension(oid::CERTIFICATE_POLICIES, |e| e.critical = Some(true)),
        ),
        (
            "tls.subscriber.eku.critical",
            Dv,
            leaf(Dv).modify_extension(oid::EXT_KEY_USAGE, |e| e.critical = Some(true)),
        ),
        (
            "tls.subscriber.crl_distribution_points.critical",
            Dv,
            leaf(Dv).modify_extension(oid::CRL_DISTRIBUTION_POINTS, |e| e.critical = Some(true)),
        ),
        (
            "tls.subscriber.sct_list.critical",
            Dv,
            leaf(Dv).extension(sct_list().critical()),
        ),
        (
            "tls.subscriber.basic_constraints.not_critical",
            Dv,
            leaf(Dv).extension(ext::basic_constraints(false, None).non_critical()),
        ),
        (
            "tls.subscriber.key_usage.not_critical",
            Dv,
            leaf(Dv).modify_extension(oid::KEY_USAGE, |e| e.critical = None),
        ),
        // Precertificates
        (
            "tls.subscriber.precert.poison_value",
            Dv,
            leaf(Dv).extension(ext::ct_poison().with_value(vec![0x04, 0x00])),
        ),
        // AIA
        (
            "tls.subscriber.aia.prohibited_method",
            Dv,
            leaf(Dv).replace_extension(ext::authority_info_access(&[
                (oid::AD_CA_ISSUERS, ISSUERS_URL),
                (oid::AD_OCSP, OCSP_URL),
                ("1.3.6.1.5.5.7.48.5", "http://ca.example.com/repo"),
            ])),
        ),
        (
            "tls.subscriber.aia.ca_issuers_missing",
            Dv,
            leaf(Dv).replace_extension(ext::authority_info_access(&[(oid::AD_OCSP, OCSP_URL)])),
        ),
        (
            "tls.subscriber.aia.location_not_uri",
            Dv,
            leaf(Dv).replace_extension(aia_raw(&[
                (
                    oid::AD_CA_ISSUERS,
                    GeneralName::Uri(ISSUERS_URL.into()).to_der(),
                ),
                (
                    oid::AD_OCSP,
                    GeneralName::Dns("ocsp.ca.example.com".into()).to_der(),
                ),
            ])),
        ),
        (
            "tls.subscriber.aia.location_not_http",
            Dv,
            leaf(Dv).replace_extension(ext::authority_info_access(&[
                (oid::AD_CA_ISSUERS, "ldap://ca.example.com/cn=CA"),
                (oid::AD_OCSP, OCSP_URL),
            ])),
        ),
        (
            "tls.subscriber.aia.duplicate_location",
            Dv,
            leaf(Dv).replace_extension(ext::authority_info_access(&[
                (oid::AD_CA_ISSUERS, ISSUERS_URL),
                (oid::AD_OCSP, OCSP_URL),
                (oid::AD_OCSP, OCSP_URL),
            ])),
        ),
        // basicConstraints
        (
            "tls.subscriber.basic_constraints.ca",
            Dv,
            leaf(Dv).extension(ext::basic_constraints(true, None)),
        ),
        (
            "tls.subscriber.basic_constraints.path_len_present",
            Dv,
            leaf(Dv).extension(ext::basic_constraints(false, Some(0))),
        ),
        // certificatePolicies
        (
            "tls.subscriber.policy.reserved_missing",
            Dv,
            leaf(Dv).replace_extension(ext::policies(&[OV])),
        ),
        (
            "tls.subscriber.policy.multiple_reserved",
            Dv,
            leaf(Dv).replace_extension(ext::policies(&[DV, OV])),
        ),
        (
            "tls.subscriber.policy.any_policy",
            Dv,
            leaf(Dv).replace_extension(ext::policies(&[DV, oid::ANY_POLICY])),
        ),
        (
            "tls.subscriber.policy.first_not_reserved",
            Dv,
            leaf(Dv).replace_extension(ext::policies(&["1.3.6.1.4.1.99999.1", DV])),
        ),
        (
            "tls.subscriber.policy.qualifier_present",
            Dv,
            leaf(Dv).replace_extension(ext::certificate_policies(&[
                PolicyInfo::new(DV).cps("https://ca.example.com/cps")
            ])),
        ),
        (
            "tls.subscriber.policy.qualifier_prohibited",
            Dv,
            leaf(Dv).replace_extension(ext::certificate_policies(&[
                PolicyInfo::new(DV).user_notice(StringKind::Utf8, "notice")
            ])),
        ),
        (
            "tls.subscriber.policy.cps_uri_not_http",
            Dv,
            leaf(Dv).replace_extension(ext::certificate_policies(&[
                PolicyInfo::new(DV).cps("ftp://ca.example.com/cps")
            ])),
        ),
        // extKeyUsage
        (
            "tls.subscriber.eku.server_auth_missing",
            Dv,
            leaf(Dv).replace_extension(ext::ext_key_usage(&[oid::KP_CLIENT_AUTH])),
        ),
        (
            "tls.subscriber.eku.code_signing",
            Dv,
            leaf(Dv).replace_extension(ext::ext_key_usage(&[
                oid::KP_SERVER_AUTH,
                oid::KP_CODE_SIGNING,
            ])),
        ),
        (
            "tls.subscriber.eku.email_protection",
            Dv,
            leaf(Dv).replace_extension(ext::ext_key_usage(&[
                oid::KP_SERVER_AUTH,
                oid::KP_EMAIL_PROTECTION,
            ])),
        ),
        (
            "tls.subscriber.eku.time_stamping",
            Dv,
            leaf(Dv).replace_extension(ext::ext_key_usage(&[
                oid::KP_SERVER_AUTH,
                oid::KP_TIME_STAMPING,
            ])),
        ),
        (
            "tls.subscriber.eku.ocsp_signing",
            Dv,
            leaf(Dv).replace_extension(ext::ext_key_usage(&[
                oid::KP_SERVER_AUTH,
                oid::KP_OCSP_SIGNING,
            ])),
        ),
        (
            "tls.subscriber.eku.any",
            Dv,
            leaf(Dv).replace_extension(ext::ext_key_usage(&[oid::KP_SERVER_AUTH, oid::ANY_EKU])),
        ),
        (
            "tls.subscriber.eku.precert_signing",
            Dv,
            leaf(Dv).replace_extension(ext::ext_key_usage(&[
                oid::KP_SERVER_AUTH,
                "1.3.6.1.4.1.11129.2.4.4",
            ])),
        ),
        (
            "tls.subscriber.eku.other_purpose",
            Dv,
            leaf(Dv).replace_extension(ext::ext_key_usage(&[
                oid::KP_SERVER_AUTH,
                "1.3.6.1.4.1.99999.3",
            ])),
        ),
        // keyUsage
        (
            "tls.subscriber.key_usage.prohibited",
            Dv,
            leaf(Dv).replace_extension(ext::key_usage(&[
                KeyUsage::DigitalSignature,
                KeyUsage::NonRepudiation,
            ])),
        ),
        (
            "tls.subscriber.key_usage.ec_digital_signature_missing",
            Dv,
            leaf(Dv)
                .subject_key(Key::p256())
                .replace_extension(ext::key_usage(&[KeyUsage::KeyAgreement])),
        ),
        (
            "tls.subscriber.key_usage.rsa_digital_signature_missing",
            Dv,
            leaf(Dv).replace_extension(ext::key_usage(&[KeyUsage::KeyEncipherment])),
        ),
        (
            "tls.subscriber.key_usage.discouraged",
            Dv,
            leaf(Dv).replace_extension(ext::key_usage(&[
                KeyUsage::DigitalSignature,
                KeyUsage::DataEncipherment,
            ])),
        ),
        (
            "tls.subscriber.key_usage.rsa_signature_and_encipherment",
            Dv,
            leaf(Dv).replace_extension(ext::key_usage(&[
                KeyUsage::DigitalSignature,
                KeyUsage::KeyEncipherment,
            ])),
        ),
        // subjectAltName
        (
            "tls.subscriber.san.no_dns_or_ip",
            Dv,
            leaf(Dv).replace_extension(san(
                &[GeneralName::Uri("https://www.example.com/".into())],
                true,
            )),
        ),
        (
            "tls.subscriber.san.prohibited_type",
            Dv,
            leaf(Dv).replace_extension(san(
                &[
                    GeneralName::Dns(HOST.into()),
                    GeneralName::Rfc822("a@example.com".into()),
                ],
                true,
            )),
        ),
        (
            "tls.subscriber.san.critical_with_subject",
            Ovv,
            leaf(Ovv).replace_extension(san(&[GeneralName::Dns(HOST.into())], true)),
        ),
        (
            "tls.subscriber.dns_name.invalid_syntax",
            Dv,
            dns("_www.example.com"),
        ),
        (
            "tls.subscriber.dns_name.invalid_syntax",
            Dv,
            dns("www.example.com."),
        ),
        (
            "tls.subscriber.dns_name.reserved_label",
            Dv,
            dns("ab--cd.example.com"),
        ),
        (
            "tls.subscriber.dns_name.invalid_p_label",
            Dv,
            dns("xn--jrigrg-xn.example.com"),
        ),
        (
            "tls.subscriber.dns_name.internal_name",
            Dv,
            dns("server.internal"),
        ),
        (
            "tls.subscriber.dns_name.wildcard_left_of_public_suffix",
            Dv,
            dns("*.co.uk"),
        ),
        (
            "tls.subscriber.dns_name.reverse_zone",
            Dv,
            dns("4.3.2.1.in-addr.arpa").validity_days("2026-04-01T00:00:00Z", 90),
        ),
        (
            "tls.subscriber.dns_name.onion_not_v3",
            Dv,
            dns("t3y3qp7zoduvisdl.onion"),
        ),
        (
            "tls.subscriber.dns_name.onion_version",
            Dv,
            dns("voachina7ept5k3zhjyrcf6n6vhdv7ruus4t7kn7yvqedljcfuqgqpye.onion"),
        ),
        (
            "tls.subscriber.dns_name.onion_checksum",
            Dv,
            dns("voachina7ept5k3zhjyrcf6n6vhdv7ruus4t7kn7yvqedljcfuqgqpqd.onion"),
        ),
        (
            "tls.subscriber.ip_address.reserved",
            Dv,
            leaf(Dv).replace_extension(san(&[GeneralName::Ip(vec![192, 168, 0, 1])], true)),
        ),
        (
            "tls.subscriber.ip_address.reserved",
            Dv,
            leaf(Dv).replace_extension(san(
                &[GeneralName::Ip(
                    [[0x20, 0x01, 0x0d, 0xb8].as_slice(), &[0; 12]].concat(),
                )],
                true,
            )),
        ),
        // Validity
        (
            "tls.subscriber.validity.over_398_days",
            Dv,
            leaf(Dv).validity_days("2025-03-01T00:00:00Z", 399),
        ),
        (
            "tls.subscriber.validity.over_397_days",
            Dv,
            leaf(Dv).validity_days("2025-03-01T00:00:00Z", 398),
        ),
        (
            "tls.subscriber.validity.over_200_days",
            Dv,
            leaf(Dv).validity_days("2026-03-15T00:00:00Z", 201),
        ),
        (
            "tls.subscriber.validity.over_199_days",
            Dv,
            leaf(Dv).validity_days("2026-03-15T00:00:00Z", 200),
        ),
        (
            "tls.subscriber.validity.over_100_days",
            Dv,
            leaf(Dv).validity_days("2027-03-15T00:00:00Z", 101),
        ),
        (
            "tls.subscriber.validity.over_99_days",
            Dv,
            leaf(Dv).validity_days("2027-03-15T00:00:00Z", 100),
        ),
        (
            "tls.subscriber.validity.over_47_days",
            Dv,
            leaf(Dv).validity_days("2029-03-15T00:00:00Z", 48),
        ),
        (
            "tls.subscriber.validity.over_46_days",
            Dv,
            leaf(Dv).validity_days("2029-03-15T00:00:00Z", 47),
        ),
        // Revocation information
        (
            "tls.subscriber.revocation.missing",
            Dv,
            leaf(Dv)
                .remove_extension(oid::CRL_DISTRIBUTION_POINTS)
                .replace_extension(ext::authority_info_access(&[(
                    oid::AD_CA_ISSUERS,
                    ISSUERS_URL,
                )])),
        ),
    ]
}

#[test]
fn each_rule_fails_its_certificate_and_passes_the_compliant_one() {
    let mut problems = Vec::new();
    for (code, v, b) in cases() {
        let good = codes(&leaf(v).build_signed(), profile(v));
        if good.contains(&code) {
            problems.push(format!(
                "{code}: reported on the compliant {v:?} certificate"
            ));
        }
        let bad = codes(&b.build_signed(), profile(v));
        if !bad.contains(&code) {
            problems.push(format!(
                "{code}: not reported on its failing {v:?} certificate (got {bad:?})"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_rule_of_the_file_has_a_case() {
    let tested: Vec<&str> = cases().iter().map(|c| c.0).collect();
    let untested: Vec<&str> = lint::rules::tls_subscriber::RULES
        .iter()
        .map(|r| r.code)
        .filter(|c| !tested.contains(c))
        .collect();
    assert!(
        untested.is_empty(),
        "rules without a test case: {untested:?}"
    );
}

/// Certificates near the limits that the rules must accept.
#[test]
fn boundary_cases_pass() {
    let none_of = |b: CertBuilder, v: TlsValidation, cs: &[&str]| {
        let got = codes(&b.build_signed(), profile(v));
        for c in cs {
            assert!(!got.contains(c), "{c} reported: {got:?}");
        }
    };
    // Exactly at the limits.
    none_of(
        leaf(Dv).validity_days("2025-03-01T00:00:00Z", 397),
        Dv,
        &[
            "tls.subscriber.validity.over_397_days",
            "tls.subscriber.validity.over_398_days",
        ],
    );
    none_of(
        leaf(Dv).validity_days("2026-03-15T00:00:00Z", 199),
        Dv,
        &[
            "tls.subscriber.validity.over_199_days",
            "tls.subscriber.validity.over_200_days",
        ],
    );
    none_of(
        leaf(Dv).validity_days("2029-03-15T00:00:00Z", 46),
        Dv,
        &[
            "tls.subscriber.validity.over_46_days",
            "tls.subscriber.validity.over_47_days",
        ],
    );
    // Over the MUST limit: only the MUST rule reports it.
    none_of(
        leaf(Dv).validity_days("2025-03-01T00:00:00Z", 730),
        Dv,
        &["tls.subscriber.validity.over_397_days"],
    );
    // Short-lived certificates need no revocation pointer (from 2024-03-15: 10 days; from 2026-03-15: 7 days).
    let no_rev = |start: &str, days: i64| {
        leaf(Dv)
            .remove_extension(oid::CRL_DISTRIBUTION_POINTS)
            .replace_extension(ext::authority_info_access(&[(
                oid::AD_CA_ISSUERS,
                ISSUERS_URL,
            )]))
            .validity_days(start, days)
    };
    none_of(
        no_rev("2024-06-02T00:00:00Z", 10),
        Dv,
        &["tls.subscriber.revocation.missing"],
    );
    none_of(
        no_rev("2026-03-15T00:00:00Z", 7),
        Dv,
        &["tls.subscriber.revocation.missing"],
    );
    assert!(
        codes(
            &no_rev("2026-03-15T00:00:00Z", 8).build_signed(),
            profile(Dv)
        )
        .contains(&"tls.subscriber.revocation.missing")
    );
    assert!(
        codes(
            &no_rev("2023-06-02T00:00:00Z", 2).build_signed(),
            profile(Dv)
        )
        .contains(&"tls.subscriber.revocation.missing")
    );
    // OCSP alone is enough.
    none_of(
        leaf(Dv).remove_extension(oid::CRL_DISTRIBUTION_POINTS),
        Dv,
        &["tls.subscriber.revocation.missing"],
    );
    // Reverse zone names before the sunset date.
    let rz = leaf(Dv).replace_extension(san(
        &[GeneralName::Dns("4.3.2.1.in-addr.arpa".into())],
        true,
    ));
    none_of(rz, Dv, &["tls.subscriber.dns_name.reverse_zone"]);
    // Valid P-Label, wildcard, v3 onion, public IP.
    for d in [
        "xn--bcher-kva.example.com",
        "*.example.com",
        "yimgcomo64k4qlbfz2wtpgjylq5ofktiyrxs2pxzssi3ojemrg3toqyd.onion",
    ] {
        let b = leaf(Dv).replace_extension(san(&[GeneralName::Dns(d.into())], true));
        none_of(
            b,
            Dv,
            &[
                "tls.subscriber.dns_name.invalid_syntax",
                "tls.subscriber.dns_name.invalid_p_label",
                "tls.subscriber.dns_name.reserved_label",
                "tls.subscriber.dns_name.internal_name",
                "tls.subscriber.dns_name.onion_not_v3",
                "tls.subscriber.dns_name.onion_version",
                "tls.subscriber.dns_name.onion_checksum",
            ],
        );
    }
    // Wildcards one label below a public suffix, or beside one, are ordinary.
    for d in [
        "*.example.co.uk",
        "*.example.github.io",
        "*.example.com",
        "co.uk",
    ] {
        let b = leaf(Dv).replace_extension(san(&[GeneralName::Dns(d.into())], true));
        none_of(
            b,
            Dv,
            &["tls.subscriber.dns_name.wildcard_left_of_public_suffix"],
        );
    }
    // commonName as an IP address in the required text forms.
    let ipv4 = leaf_with(Ovv, subject(Ovv).cn("8.8.8.8"))
        .replace_extension(san(&[GeneralName::Ip(vec![8, 8, 8, 8])], false));
    none_of(
        ipv4,
        Ovv,
        &[
            "tls.subscriber.common_name.not_in_san",
            "tls.subscriber.ip_address.reserved",
        ],
    );
    let v6 = [
        [0x24, 0x09, 0x8c, 0x85, 0x1a, 0x00, 0x03, 0x74].as_slice(),
        &[0, 0, 0, 0, 0, 0, 0, 0x6c],
    ]
    .concat();
    let ipv6 = leaf_with(Ovv, subject(Ovv).cn("2409:8c85:1a00:374::6c"))
        .replace_extension(san(&[GeneralName::Ip(v6.clone())], false));
    none_of(
        ipv6,
        Ovv,
        &[
            "tls.subscriber.common_name.not_in_san",
            "tls.subscriber.ip_address.reserved",
        ],
    );
    let ipv6_long = leaf_with(Ovv, subject(Ovv).cn("2409:8C85:1A00:374:0:0:0:6C"))
        .replace_extension(san(&[GeneralName::Ip(v6)], false));
    assert!(
        codes(&ipv6_long.build_signed(), profile(Ovv))
            .contains(&"tls.subscriber.common_name.not_in_san")
    );
    // ECC key with digitalSignature only.
    none_of(
        leaf(Dv).subject_key(Key::p256()),
        Dv,
        &[
            "tls.subscriber.key_usage.prohibited",
            "tls.subscriber.key_usage.ec_digital_signature_missing",
        ],
    );
    // A precertificate: the poison extension is in the table and well-formed.
    none_of(
        leaf(Dv).extension(ext::ct_poison()),
        Dv,
        &[
            "tls.subscriber.precert.poison_value",
            "tls.subscriber.extension.not_recommended",
        ],
    );
    // Several streetAddress attributes are allowed.
    let two_streets = Name::new()
        .c("US")
        .st("California")
        .l("San Francisco")
        .street("1 Main St")
        .street("Suite 2")
        .o("Example Inc.");
    let got = codes(&leaf_with(Ovv, two_streets).build_signed(), profile(Ovv));
    assert!(!got.iter().any(|c| c.contains("duplicate")), "{got:?}");
}

/// Hostile inputs do not panic: every rule runs on odd certificates.
#[test]
fn odd_values_do_not_panic() {
    let odd = [
        leaf(Dv).replace_extension(san(&[GeneralName::Dns(String::new())], true)),
        leaf(Dv).replace_extension(san(&[GeneralName::Dns("xn--.onion".into())], true)),
        leaf(Dv).replace_extension(san(
            &[GeneralName::Dns(
                "xn--zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz9999999999.com".into(),
            )],
            true,
        )),
        leaf(Dv).replace_extension(san(&[GeneralName::Dns(".onion".into())], true)),
        leaf(Dv).replace_extension(san(&[GeneralName::Ip(vec![1, 2, 3])], true)),
        leaf(Dv).replace_extension(ext::raw(
            oid::AUTHORITY_INFO_ACCESS,
            None,
            vec![0x30, 0x03, 0x02, 0x01, 0x00],
        )),
        leaf(Dv).validity_raw(der::seq(&[&der::utc_time("250301000000Z")])),
    ];
    for b in odd {
        let _ = codes(&b.build_signed(), profile(Dv));
    }
}

/// The real OV leaves of the DESIGN.md hierarchy lint with profile auto to
/// tls-subscriber-ov. Their findings are printed for review.
#[test]
fn secom_ov_leaves() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    for name in [
        "leaf_edge01.yahoo.co.jp_2022.pem",
        "leaf_edge01.yahoo.co.jp_2025.pem",
    ] {
        let text = std::fs::read_to_string(corpus.join("secom").join(name)).expect("read leaf");
        let der = common::first_pem(&text).expect("PEM");
        let r = Linter::new().lint_der(&der, &Options::default());
        assert_eq!(r.profile, "tls-subscriber-ov", "{name}");
        eprintln!("{name}: profile {}", r.profile);
        for f in &r.findings {
            eprintln!(
                "  {} {} at {}: {}",
                f.severity, f.code, f.location, f.message
            );
        }
    }
}

/// TLS BR 3.2.2.6, wildcard directly left of a public suffix: the rule reports
/// what zlint's n_dnsname_wildcard_left_of_public_suffix reports on its own
/// test files (a notice on `*.co.uk`, nothing on `subtlety.co.uk`), and more
/// suffixes of both sections of the Public Suffix List.
#[test]
fn wildcard_left_of_public_suffix() {
    const CODE: &str = "tls.subscriber.dns_name.wildcard_left_of_public_suffix";
    for (d, fires) in [
        ("*.com", true),
        ("*.CO.UK", true),
        // A PRIVATE section suffix: its registrant may hold the wildcard
        // (TLS BR 3.2.2.6 says to consult the ICANN section only).
        ("*.github.io", false),
        ("*.kawasaki.jp", false),
        ("*.city.kawasaki.jp", false),
        ("*.example.kawasaki.jp", true),
        ("*.www.example.com", false),
    ] {
        let der = leaf(Dv)
            .replace_extension(san(&[GeneralName::Dns(d.into())], true))
            .build_signed();
        assert_eq!(codes(&der, profile(Dv)).contains(&CODE), fires, "{d}");
    }
    let Some(corpus) = common::corpus() else {
        return;
    };
    for (file, fires) in [
        ("dnsNameWildcardLeftOfPublicSuffix.pem", true),
        ("dnsNameWildcardNotLeftOfPublicSuffix.pem", false),
    ] {
        let text = std::fs::read_to_string(corpus.join("zlint/v3/testdata").join(file))
            .expect("zlint test file");
        let der = common::first_pem(&text).expect("PEM");
        // zlint lints every certificate as TLS; these carry no policy OID.
        let r = Linter::new().lint_der(
            &der,
            &Options {
                profile: ProfileChoice::Fixed(profile(Dv)),
                issuer: None,
            },
        );
        let found = r.findings.iter().find(|f| f.code == CODE);
        assert_eq!(found.is_some(), fires, "{file}: {:?}", r.findings);
        if let Some(f) = found {
            assert_eq!(f.severity, lint::Severity::Notice);
            assert_eq!(f.citation, "TLS BR 3.2.2.6");
            assert_eq!(f.location, "extensions.subjectAltName[0]");
        }
    }
}
