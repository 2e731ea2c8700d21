//! Tests for the RFC 5280 rules: for each rule a certificate that passes and
//! one that fails, built from the testkit presets.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use lint::{Linter, Options, Profile, ProfileChoice, Severity};
use testkit::ext::{self, GeneralSubtree, oid};
use testkit::{
    CertBuilder, Extension, GeneralName, KeyUsage, Name, PolicyInfo, StringKind, Version, der,
    presets,
};

const LEAF: Profile = Profile::Smime(lint::Validation::Mailbox, lint::Generation::Strict);
const MAILBOX_POLICY: &str = "2.23.140.1.5.1.3";

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

fn leaf() -> CertBuilder {
    presets::smime_leaf(presets::Validation::Mailbox, presets::Generation::Strict)
}

fn subca() -> CertBuilder {
    presets::smime_subca()
}

/// Asserts the rule is silent on `good` and fires on `bad`.
fn check(code: &str, good: &CertBuilder, good_p: Profile, bad: &CertBuilder, bad_p: Profile) {
    assert!(
        !fires(good, good_p, code),
        "{code} fired on the passing certificate"
    );
    assert!(
        fires(bad, bad_p, code),
        "{code} did not fire on the failing certificate"
    );
}

fn set_critical(b: CertBuilder, oid: &str, critical: Option<bool>) -> CertBuilder {
    b.modify_extension(oid, |e| e.critical = critical)
}

#[test]
fn presets_pass_rfc5280_rules() {
    let ch = presets::smime_chain(
        presets::Validation::Organization,
        presets::Generation::Strict,
    );
    for (der, p) in [
        (&ch.root, Profile::SmimeRoot),
        (&ch.root, Profile::RootCa),
        (&ch.subca, Profile::SmimeSubCa),
        (&ch.subca, Profile::SubCa),
        (
            &ch.leaf,
            Profile::Smime(lint::Validation::Organization, lint::Generation::Strict),
        ),
    ] {
        let r = Linter::new().lint_der(
            der,
            &Options {
                profile: ProfileChoice::Fixed(p),
                issuer: None,
            },
        );
        let bad: Vec<_> = r
            .findings
            .iter()
            .filter(|f| f.code.starts_with("rfc5280.") && f.severity >= Severity::Warning)
            .collect();
        assert!(bad.is_empty(), "{p:?}: {bad:?}");
    }
}

#[test]
fn version() {
    check(
        "rfc5280.version.extensions_require_v3",
        &leaf(),
        LEAF,
        &leaf().version(Version::V2),
        LEAF,
    );
    let v1_ids = CertBuilder::new()
        .signer(testkit::Key::p256())
        .version(Version::V1)
        .issuer_unique_id(&[1, 2]);
    let v2_ids = CertBuilder::new()
        .signer(testkit::Key::p256())
        .version(Version::V2)
        .issuer_unique_id(&[1, 2]);
    check(
        "rfc5280.version.unique_ids_require_v2_or_v3",
        &v2_ids,
        Profile::EndEntity,
        &v1_ids,
        Profile::EndEntity,
    );
    check(
        "rfc5280.version.unknown",
        &leaf(),
        LEAF,
        &leaf().version(Version::Explicit(7)),
        LEAF,
    );
}

#[test]
fn serial_number() {
    check(
        "rfc5280.serial.not_positive",
        &leaf(),
        LEAF,
        &leaf().serial_i64(-5),
        LEAF,
    );
    assert!(fires(
        &leaf().serial_u64(0),
        LEAF,
        "rfc5280.serial.not_positive"
    ));
    check(
        "rfc5280.serial.too_long",
        &leaf().serial(&[0x11; 20]),
        LEAF,
        &leaf().serial(&[0x11; 21]),
        LEAF,
    );
}

#[test]
fn names() {
    check(
        "rfc5280.issuer.empty",
        &leaf(),
        LEAF,
        &leaf().issuer(&Name::new()),
        LEAF,
    );
    check(
        "rfc5280.subject.empty_in_ca",
        &subca(),
        Profile::SmimeSubCa,
        &subca().subject(&Name::new()),
        Profile::SmimeSubCa,
    );
    let empty = leaf().subject(&Name::new());
    check(
        "rfc5280.subject.empty_without_san",
        &empty,
        LEAF,
        &empty.clone().remove_extension(oid::SUBJECT_ALT_NAME),
        LEAF,
    );
    check(
        "rfc5280.subject_alt_name.not_critical_with_empty_subject",
        &set_critical(empty.clone(), oid::SUBJECT_ALT_NAME, Some(true)),
        LEAF,
        &empty,
        LEAF,
    );
    check(
        "rfc5280.subject_alt_name.critical_with_subject",
        &set_critical(empty, oid::SUBJECT_ALT_NAME, Some(true)),
        LEAF,
        &set_critical(leaf(), oid::SUBJECT_ALT_NAME, Some(true)),
        LEAF,
    );
}

/// RFC 4519 2.4: a domainComponent holds one DNS label (RFC 1034 3.1: at most 63 octets).
#[test]
fn domain_component_label() {
    let with_dc = |v: &str| {
        leaf().subject(
            &Name::new()
                .attr_raw("0.9.2342.19200300.100.1.25", der::ia5(v))
                .attr_raw("2.5.4.3", der::utf8("Alice")),
        )
    };
    check(
        "rfc4519.domain_component.not_a_label",
        &with_dc(&"a".repeat(63)),
        LEAF,
        &with_dc(&"a".repeat(64)),
        LEAF,
    );
    assert!(fires(
        &with_dc(""),
        LEAF,
        "rfc4519.domain_component.not_a_label"
    ));
    // RFC 4519 2.4: "example.com" is two labels, so two attributes.
    assert!(fires(
        &with_dc("example.com"),
        LEAF,
        "rfc4519.domain_component.not_a_label"
    ));
}

/// X.680 41.4: restricted string types hold only their own characters.
#[test]
fn name_string_characters() {
    const CODE: &str = "rfc5280.name.string_characters";
    let with_org = |tag: u8, value: &[u8]| {
        leaf().issuer(&Name::new().attr_raw("2.5.4.10", der::tlv(tag, value)))
    };
    // A PrintableString may hold an apostrophe, digits and = ? : ( ) + , - . /
    let good = with_org(0x13, b"O'Brien (Tokyo) 1+1=2? a/b: c-d, e.");
    for (tag, value) in [
        (0x13, b"Cambodia Asia Bank \"CAB\"".as_slice()),
        (0x13, b"Example & Co"),
        (0x16, "Caf\u{e9}".as_bytes()),
        (0x1a, b"tab\there"),
        (0x12, b"12a"),
        (0x0c, b"\xff\xfe"),
        (0x1e, b"\x00A\x00"),
        // A surrogate pair: a character outside the BMP, which UCS-2 cannot hold.
        (0x1e, b"\xd8\x3d\xde\x00"),
    ] {
        check(CODE, &good, LEAF, &with_org(tag, value), LEAF);
    }
    for (tag, value) in [
        (0x12, b"12 34".as_slice()),
        (0x16, b"ascii@example.com"),
        (0x1a, b"Visible ~ text"),
        (0x0c, "T\u{f6}ky\u{f6}".as_bytes()),
        (0x1e, b"\x00A"),
    ] {
        assert!(
            !fires(&with_org(tag, value), LEAF, CODE),
            "{tag:#x} {value:?}"
        );
    }
}

#[test]
fn validity() {
    check(
        "rfc5280.validity.time_undecodable",
        &leaf(),
        LEAF,
        &leaf().not_before_raw(der::utc_time("251301000000Z")),
        LEAF,
    );
    check(
        "rfc5280.validity.utctime_format",
        &leaf(),
        LEAF,
        &leaf().not_before_raw(der::utc_time("2503010000Z")),
        LEAF,
    );
    check(
        "rfc5280.validity.generalized_time_format",
        &leaf().not_after_generalized("20510101000000Z"),
        LEAF,
        &leaf().not_after_raw(der::generalized_time("20510101000000.5Z")),
        LEAF,
    );
    check(
        "rfc5280.validity.wrong_time_type",
        &leaf().not_after_generalized("20500101000000Z"),
        LEAF,
        &leaf().not_after_generalized("20260301000000Z"),
        LEAF,
    );
    check(
        "rfc5280.validity.negative",
        &leaf(),
        LEAF,
        &leaf()
            .not_before_utc("260101000000Z")
            .not_after_utc("250101000000Z"),
        LEAF,
    );
}

#[test]
fn unique_ids() {
    check(
        "rfc5280.unique_id.issuer_present",
        &leaf(),
        LEAF,
        &leaf().issuer_unique_id(&[1]),
        LEAF,
    );
    check(
        "rfc5280.unique_id.subject_present",
        &leaf(),
        LEAF,
        &leaf().subject_unique_id(&[1]),
        LEAF,
    );
}

#[test]
fn extensions_list() {
    check(
        "rfc5280.extensions.empty",
        &leaf(),
        LEAF,
        &leaf().empty_extensions(),
        LEAF,
    );
    let dup = leaf().extension(ext::subject_key_identifier(&[1, 2, 3]));
    check("rfc5280.extensions.duplicate", &leaf(), LEAF, &dup, LEAF);
    let empty_eku =
        leaf().replace_extension(Extension::new(oid::EXT_KEY_USAGE, None, der::seq(&[])));
    check(
        "rfc5280.extensions.empty_sequence",
        &leaf(),
        LEAF,
        &empty_eku,
        LEAF,
    );
}

fn crldp_value() -> Vec<u8> {
    ext::crl_distribution_points(&["http://crl.example.com/x.crl"]).value
}

#[test]
fn criticality() {
    let s = Profile::SmimeSubCa;
    let cases: Vec<(&str, CertBuilder, CertBuilder, Profile)> = vec![
        (
            "rfc5280.authority_key_identifier.critical",
            leaf(),
            set_critical(leaf(), oid::AUTHORITY_KEY_IDENTIFIER, Some(true)),
            LEAF,
        ),
        (
            "rfc5280.subject_key_identifier.critical",
            leaf(),
            set_critical(leaf(), oid::SUBJECT_KEY_IDENTIFIER, Some(true)),
            LEAF,
        ),
        (
            "rfc5280.key_usage.not_critical",
            leaf(),
            set_critical(leaf(), oid::KEY_USAGE, None),
            LEAF,
        ),
        // RFC 3161 2.3: a TSA certificate's extKeyUsage is critical; CAs above
        // it are not TSA certificates.
        (
            "rfc3161.ext_key_usage.time_stamping_not_critical",
            leaf().replace_extension(ext::ext_key_usage(&[oid::KP_TIME_STAMPING]).critical()),
            leaf().replace_extension(ext::ext_key_usage(&[oid::KP_TIME_STAMPING])),
            LEAF,
        ),
        (
            "rfc3161.ext_key_usage.time_stamping_not_critical",
            subca().replace_extension(ext::ext_key_usage(&[oid::KP_TIME_STAMPING])),
            leaf().replace_extension(ext::ext_key_usage(&[
                oid::KP_EMAIL_PROTECTION,
                oid::KP_TIME_STAMPING,
            ])),
            LEAF,
        ),
        (
            "rfc5280.policy_mappings.not_critical",
            subca().extension(ext::policy_mappings(&[("1.2.3.4", "1.2.3.5")])),
            subca().extension(ext::policy_mappings(&[("1.2.3.4", "1.2.3.5")]).non_critical()),
            s,
        ),
        (
            "rfc5280.issuer_alt_name.critical",
            leaf().extension(ext::issuer_alt_name(&[GeneralName::Uri(
                "http://example.com/".into(),
            )])),
            leaf().extension(
                ext::issuer_alt_name(&[GeneralName::Uri("http://example.com/".into())]).critical(),
            ),
            LEAF,
        ),
        (
            "rfc5280.subject_directory_attributes.critical",
            leaf(),
            leaf().extension(Extension::new(
                oid::SUBJECT_DIRECTORY_ATTRIBUTES,
                Some(true),
                der::seq(&[&der::seq(&[
                    &der::oid("1.3.6.1.5.5.7.9.3"),
                    &der::set(&[&der::printable("M")]),
                ])]),
            )),
            LEAF,
        ),
        (
            "rfc5280.basic_constraints.not_critical",
            subca(),
            set_critical(subca(), oid::BASIC_CONSTRAINTS, None),
            s,
        ),
        (
            "rfc5280.name_constraints.not_critical",
            subca().extension(ext::name_constraints(
                &[GeneralName::Rfc822("example.com".into())],
                &[],
            )),
            subca().extension(
                ext::name_constraints(&[GeneralName::Rfc822("example.com".into())], &[])
                    .non_critical(),
            ),
            Profile::SubCa,
        ),
        (
            "rfc5280.policy_constraints.not_critical",
            subca().extension(ext::policy_constraints(Some(0), None)),
            subca().extension(ext::policy_constraints(Some(0), None).non_critical()),
            s,
        ),
        (
            "rfc5280.ext_key_usage.critical_with_any",
            leaf(),
            leaf().replace_extension(
                ext::ext_key_usage(&[oid::KP_EMAIL_PROTECTION, oid::ANY_EKU]).critical(),
            ),
            LEAF,
        ),
        (
            "rfc5280.crl_distribution_points.critical",
            leaf(),
            set_critical(leaf(), oid::CRL_DISTRIBUTION_POINTS, Some(true)),
            LEAF,
        ),
        (
            "rfc5280.inhibit_any_policy.not_critical",
            subca().extension(ext::inhibit_any_policy(0)),
            subca().extension(ext::inhibit_any_policy(0).non_critical()),
            s,
        ),
        (
            "rfc5280.freshest_crl.critical",
            leaf().extension(Extension::new(oid::FRESHEST_CRL, None, crldp_value())),
            leaf().extension(Extension::new(oid::FRESHEST_CRL, Some(true), crldp_value())),
            LEAF,
        ),
        (
            "rfc5280.authority_info_access.critical",
            leaf(),
            set_critical(leaf(), oid::AUTHORITY_INFO_ACCESS, Some(true)),
            LEAF,
        ),
        (
            "rfc5280.subject_info_access.critical",
            leaf().extension(ext::subject_info_access(&[(
                "1.3.6.1.5.5.7.48.5",
                "http://example.com/",
            )])),
            leaf().extension(
                ext::subject_info_access(&[("1.3.6.1.5.5.7.48.5", "http://example.com/")])
                    .critical(),
            ),
            LEAF,
        ),
    ];
    for (code, good, bad, p) in &cases {
        check(code, good, *p, bad, *p);
    }
}

#[test]
fn nc_not_critical_is_relaxed_for_smime_subca() {
    let b = subca().extension(
        ext::name_constraints(&[GeneralName::Rfc822("example.com".into())], &[]).non_critical(),
    );
    assert!(!fires(
        &b,
        Profile::SmimeSubCa,
        "rfc5280.name_constraints.not_critical"
    ));
}

#[test]
fn key_identifiers() {
    check(
        "rfc5280.authority_key_identifier.missing",
        &leaf(),
        LEAF,
        &leaf().remove_extension(oid::AUTHORITY_KEY_IDENTIFIER),
        LEAF,
    );
    // A self-signed root may omit it; a self-issued certificate signed by another key may not.
    let root = presets::root_ca();
    assert!(!fires(
        &root,
        Profile::RootCa,
        "rfc5280.authority_key_identifier.missing"
    ));
    assert!(fires(
        &root.clone().signer(presets::smime_ca_key()),
        Profile::RootCa,
        "rfc5280.authority_key_identifier.missing"
    ));
    // The exception is for CAs: a self-signed end-entity certificate needs it.
    let self_signed_ee = root
        .remove_extension(oid::BASIC_CONSTRAINTS)
        .remove_extension(oid::KEY_USAGE);
    assert!(fires(
        &self_signed_ee,
        Profile::EndEntity,
        "rfc5280.authority_key_identifier.missing"
    ));

    let root_dn = [GeneralName::DirName(presets::root_name())];
    let no_kid = subca().replace_extension(ext::authority_key_identifier_full(
        None,
        Some((&root_dn, &presets::ROOT_SERIAL)),
    ));
    check(
        "rfc5280.authority_key_identifier.key_id_missing",
        &subca(),
        Profile::SmimeSubCa,
        &no_kid,
        Profile::SmimeSubCa,
    );

    let kid = der::implicit(0, false, &presets::root_key().key_id());
    let issuer_only = der::seq(&[
        &kid,
        &der::implicit(1, true, der::content_of(&ext::general_names(&root_dn))),
    ]);
    let serial_only = der::seq(&[&kid, &der::implicit(2, false, &[0x01])]);
    let aki = |v: Vec<u8>| {
        subca().replace_extension(Extension::new(oid::AUTHORITY_KEY_IDENTIFIER, None, v))
    };
    let s = Profile::SmimeSubCa;
    check(
        "rfc5280.authority_key_identifier.issuer_without_serial",
        &subca(),
        s,
        &aki(issuer_only),
        s,
    );
    check(
        "rfc5280.authority_key_identifier.serial_without_issuer",
        &subca(),
        s,
        &aki(serial_only),
        s,
    );

    check(
        "rfc5280.subject_key_identifier.ca_missing",
        &subca(),
        s,
        &subca().remove_extension(oid::SUBJECT_KEY_IDENTIFIER),
        s,
    );
    check(
        "rfc5280.subject_key_identifier.end_entity_missing",
        &leaf(),
        LEAF,
        &leaf().remove_extension(oid::SUBJECT_KEY_IDENTIFIER),
        LEAF,
    );
}

#[test]
fn key_usage_and_basic_constraints() {
    let s = Profile::SmimeSubCa;
    check(
        "rfc5280.key_usage.ca_missing",
        &subca(),
        s,
        &subca().remove_extension(oid::KEY_USAGE),
        s,
    );
    check(
        "rfc5280.key_usage.ca_without_key_cert_sign",
        &subca(),
        s,
        &subca().replace_extension(ext::key_usage(&[KeyUsage::CrlSign])),
        s,
    );
    check(
        "rfc5280.key_usage.key_cert_sign_without_ca",
        &leaf(),
        LEAF,
        &leaf().replace_extension(ext::key_usage(&[
            KeyUsage::DigitalSignature,
            KeyUsage::KeyCertSign,
        ])),
        LEAF,
    );
    check(
        "rfc5280.key_usage.no_bits",
        &leaf(),
        LEAF,
        &leaf().replace_extension(Extension::new(
            oid::KEY_USAGE,
            Some(true),
            der::bit_string(0, &[]),
        )),
        LEAF,
    );
    check(
        "rfc5280.basic_constraints.path_len_without_ca",
        &leaf().extension(ext::basic_constraints(false, None)),
        LEAF,
        &leaf().extension(ext::basic_constraints(false, Some(0))),
        LEAF,
    );
    // cA asserted but keyUsage lacks keyCertSign.
    let no_kcs = subca().replace_extension(ext::key_usage(&[KeyUsage::CrlSign]));
    check(
        "rfc5280.basic_constraints.path_len_without_key_cert_sign",
        &subca(),
        s,
        &no_kcs,
        s,
    );
    assert!(!fires(
        &no_kcs,
        s,
        "rfc5280.basic_constraints.path_len_without_ca"
    ));
}

fn with_policies(infos: &[PolicyInfo]) -> CertBuilder {
    leaf().replace_extension(ext::certificate_policies(infos))
}

#[test]
fn certificate_policies() {
    let base = PolicyInfo::new(MAILBOX_POLICY);
    check(
        "rfc5280.certificate_policies.duplicate_policy",
        &leaf(),
        LEAF,
        &with_policies(&[base.clone(), base.clone()]),
        LEAF,
    );
    let other_qualifier = der::seq(&[
        &der::oid(oid::ANY_POLICY),
        &der::seq(&[&der::seq(&[&der::oid("1.2.3.4"), &der::utf8("x")])]),
    ]);
    let cps_any = with_policies(&[
        base.clone(),
        PolicyInfo::new(oid::ANY_POLICY).cps("https://example.com/cps"),
    ]);
    let other_any = leaf().replace_extension(Extension::new(
        oid::CERTIFICATE_POLICIES,
        None,
        der::seq(&[&base.to_der(), &other_qualifier]),
    ));
    check(
        "rfc5280.certificate_policies.any_policy_unknown_qualifier",
        &cps_any,
        LEAF,
        &other_any,
        LEAF,
    );
    check(
        "rfc5280.certificate_policies.has_qualifier",
        &leaf(),
        LEAF,
        &with_policies(&[base.clone().cps("https://example.com/cps")]),
        LEAF,
    );
    let utf8_cps = leaf().replace_extension(Extension::new(
        oid::CERTIFICATE_POLICIES,
        None,
        der::seq(&[&der::seq(&[
            &der::oid(MAILBOX_POLICY),
            &der::seq(&[&der::seq(&[
                &der::oid("1.3.6.1.5.5.7.2.1"),
                &der::utf8("https://example.com/cps"),
            ])]),
        ])]),
    ));
    check(
        "rfc5280.certificate_policies.cps_not_ia5",
        &with_policies(&[base.clone().cps("https://example.com/cps")]),
        LEAF,
        &utf8_cps,
        LEAF,
    );
    assert!(!fires(
        &utf8_cps,
        LEAF,
        "rfc5280.certificate_policies.cps_uri_syntax"
    ));
    check(
        "rfc5280.certificate_policies.cps_uri_syntax",
        &with_policies(&[base.clone().cps("https://example.com/cps")]),
        LEAF,
        &with_policies(&[base.clone().cps("www.example.com")]),
        LEAF,
    );
    let notice = |k: StringKind, t: &str| with_policies(&[base.clone().user_notice(k, t)]);
    let utf8 = notice(StringKind::Utf8, "Relying party terms apply");
    check(
        "rfc5280.certificate_policies.explicit_text_encoding",
        &utf8,
        LEAF,
        &notice(StringKind::Visible, "Relying party terms apply"),
        LEAF,
    );
    assert!(fires(
        &notice(StringKind::Bmp, "terms"),
        LEAF,
        "rfc5280.certificate_policies.explicit_text_encoding"
    ));
    assert!(!fires(
        &notice(StringKind::Ia5, "terms"),
        LEAF,
        "rfc5280.certificate_policies.explicit_text_encoding"
    ));
    check(
        "rfc5280.certificate_policies.explicit_text_ia5string",
        &utf8,
        LEAF,
        &notice(StringKind::Ia5, "terms"),
        LEAF,
    );
    check(
        "rfc5280.certificate_policies.explicit_text_length",
        &notice(StringKind::Utf8, &"é".repeat(200)),
        LEAF,
        &notice(StringKind::Utf8, &"e".repeat(201)),
        LEAF,
    );
    check(
        "rfc5280.certificate_policies.explicit_text_control_character",
        &utf8,
        LEAF,
        &notice(StringKind::Utf8, "terms\napply"),
        LEAF,
    );
    let with_ref = with_policies(&[base.clone().user_notice_with_ref(
        (StringKind::Utf8, "Example"),
        &[1],
        Some((StringKind::Utf8, "t")),
    )]);
    check(
        "rfc5280.certificate_policies.notice_ref",
        &utf8,
        LEAF,
        &with_ref,
        LEAF,
    );
}

#[test]
fn policy_mappings_and_constraints() {
    let s = Profile::SmimeSubCa;
    check(
        "rfc5280.policy_mappings.any_policy",
        &subca().extension(ext::policy_mappings(&[("1.2.3.4", "1.2.3.5")])),
        s,
        &subca().extension(ext::policy_mappings(&[(oid::ANY_POLICY, "1.2.3.5")])),
        s,
    );
    check(
        "rfc5280.policy_mappings.in_end_entity",
        &subca().extension(ext::policy_mappings(&[("1.2.3.4", "1.2.3.5")])),
        s,
        &leaf().extension(ext::policy_mappings(&[("1.2.3.4", "1.2.3.5")])),
        LEAF,
    );
    check(
        "rfc5280.policy_constraints.empty",
        &subca().extension(ext::policy_constraints(None, Some(1))),
        s,
        &subca().extension(ext::policy_constraints(None, None)),
        s,
    );
}

#[test]
fn name_constraints() {
    let s = Profile::SmimeSubCa;
    let nc = |p: &[GeneralSubtree]| subca().extension(ext::name_constraints_subtrees(p, &[]));
    let dom = GeneralSubtree::new(GeneralName::Rfc822("example.com".into()));
    let good = nc(std::slice::from_ref(&dom));
    check(
        "rfc5280.name_constraints.in_end_entity",
        &good,
        s,
        &leaf().extension(ext::name_constraints(
            &[GeneralName::Rfc822("example.com".into())],
            &[],
        )),
        LEAF,
    );
    check(
        "rfc5280.name_constraints.no_subtrees",
        &good,
        s,
        &nc(&[]),
        s,
    );
    let min = GeneralSubtree {
        minimum: 1,
        ..dom.clone()
    };
    check(
        "rfc5280.name_constraints.minimum_not_zero",
        &good,
        s,
        &nc(&[min]),
        s,
    );
    let max = GeneralSubtree {
        maximum: Some(2),
        ..dom.clone()
    };
    check(
        "rfc5280.name_constraints.maximum_present",
        &good,
        s,
        &nc(&[max]),
        s,
    );
    let ip = |b: Vec<u8>| nc(&[GeneralSubtree::new(GeneralName::Ip(b))]);
    let v4 = ip(vec![192, 0, 2, 0, 255, 255, 255, 0]);
    check(
        "rfc5280.name_constraints.ip_not_cidr",
        &v4,
        s,
        &ip(vec![192, 0, 2, 0, 255, 0, 255, 0]),
        s,
    );
    // Address bits outside the mask.
    check(
        "rfc5280.name_constraints.ip_not_cidr",
        &v4,
        s,
        &ip(vec![192, 0, 2, 51, 255, 255, 255, 0]),
        s,
    );
}

#[test]
fn distribution_points() {
    // A DistributionPoint with only reasons ([1] BIT STRING).
    let reasons_only = der::seq(&[&der::seq(&[&der::implicit(1, false, &[0x07, 0x80])])]);
    check(
        "rfc5280.crl_distribution_points.no_name_or_issuer",
        &leaf(),
        LEAF,
        &leaf().replace_extension(Extension::new(
            oid::CRL_DISTRIBUTION_POINTS,
            None,
            reasons_only,
        )),
        LEAF,
    );
}

#[test]
fn certificate_transparency() {
    let scts = |tls: &[u8]| Extension::new(oid::CT_SCT_LIST, None, der::octet_string(tls));
    let poisoned = leaf().extension(ext::ct_poison());
    check(
        "rfc5280.ct_poison.not_critical",
        &poisoned,
        LEAF,
        &leaf().extension(ext::ct_poison().non_critical()),
        LEAF,
    );
    check(
        "rfc5280.ct_poison.with_sct_list",
        &poisoned,
        LEAF,
        &poisoned.clone().extension(scts(&[0, 3, 0, 1, 0xaa])),
        LEAF,
    );
    check(
        "rfc5280.sct_list.empty",
        &leaf().extension(scts(&[0, 3, 0, 1, 0xaa])),
        LEAF,
        &leaf().extension(scts(&[0, 0])),
        LEAF,
    );
}

/// The pkilint codes our RFC 5280 rules map, checked against pkilint's
/// generic (pkix) and S/MIME test certificates: each such code must be
/// reported exactly where pkilint reports it, except where the standards
/// decide otherwise (listed in `PKIX_EXCEPTIONS` with the reason). The TLS and
/// ETSI directories use pkilint profiles whose validator sets differ from
/// RFC 5280's (e.g. no policy-qualifier notice), so they are not compared here.
const PKIX_EXCEPTIONS: &[(&str, &str, &str)] = &[
    (
        "pkix/crldp_dp_reasons_not_der.crttest",
        "pkix.distribution_point_does_not_contain_name_or_issuer",
        "the DistributionPoint holds only reasons, which RFC 5280 4.2.1.13 forbids; pkilint stops at the non-DER reasons",
    ),
    (
        "pkix/rfc822name_nc_double_period.crttest",
        "pkix.certificate_name_constraints_extension_not_critical",
        "detected as an S/MIME sub-CA, for which SMIME BR 7.1.2.2(f) allows a non-critical nameConstraints",
    ),
    (
        "pkix/rfc822name_nc_single_period.crttest",
        "pkix.certificate_name_constraints_extension_not_critical",
        "detected as an S/MIME sub-CA, for which SMIME BR 7.1.2.2(f) allows a non-critical nameConstraints",
    ),
    (
        "pkix/v1_root_signed_with_md2.crttest",
        "pkix.authority_key_identifier_extension_absent",
        "a self-signed v1 root cannot carry extensions; RFC 5280 4.2.1.1 exempts self-signed CA certificates",
    ),
    (
        "pkix/v1_root_signed_with_md2.crttest",
        "pkix.certificate_version_is_not_v3",
        "RFC 5280 4.1.2.1 requires v3 only when extensions are present; this v1 root has none",
    ),
];

#[test]
fn pkilint_pkix_codes_agree() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let root = corpus.join("pkilint/tests/integration_certificate");
    // itu.invalid_asn1_syntax is shared with the der rules (any undecodable
    // value), so it is scored by the conformance tests, not here.
    let ours: std::collections::BTreeSet<&str> = lint::rules::rfc5280::RULES
        .iter()
        .filter_map(|r| r.pkilint)
        .filter(|c| !c.starts_with("itu."))
        .collect();
    let codes: std::collections::BTreeSet<&str> =
        lint::rules::rfc5280::RULES.iter().map(|r| r.code).collect();
    let mut files = Vec::new();
    walk(&root.join("pkix"), &mut files);
    walk(&root.join("smime_br"), &mut files);
    let mut report = String::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read");
        let Some(der) = common::first_pem(&text) else {
            continue;
        };
        let Some(csv) = text.find("node_path,").map(|i| &text[i..]) else {
            continue;
        };
        let expected: std::collections::BTreeSet<String> = csv
            .lines()
            .skip(1)
            .map(common::csv_fields)
            .filter(|f| f.len() > 3 && ours.contains(f[3].as_str()))
            .map(|f| f[3].clone())
            .collect();
        let Ok(c) = cert::Certificate::parse(&der) else {
            continue;
        };
        // pkilint lints its pkix/ files with RFC 5280 validators only, so
        // they get the generic profile of their shape, not a BR profile.
        let profile = if file.starts_with(root.join("pkix")) {
            match (c.is_ca(), c.is_self_issued()) {
                (true, true) => lint::Profile::RootCa,
                (true, false) => lint::Profile::SubCa,
                _ => lint::Profile::EndEntity,
            }
        } else {
            lint::profile::detect(&c)
        };
        let r = Linter::new().lint(
            &c,
            &Options {
                profile: ProfileChoice::Fixed(profile),
                issuer: None,
            },
        );
        let actual: std::collections::BTreeSet<String> = r
            .findings
            .iter()
            // The RFC 5280 rules of this module and of general_names.
            .filter(|f| f.code.starts_with("rfc5280.") || codes.contains(f.code))
            .filter_map(|f| f.equivalents.pkilint)
            .filter(|c| ours.contains(c))
            .map(str::to_owned)
            .collect();
        let rel = file
            .strip_prefix(&root)
            .expect("under root")
            .display()
            .to_string();
        for code in expected.symmetric_difference(&actual) {
            if PKIX_EXCEPTIONS
                .iter()
                .any(|(f, c, _)| *f == rel && c == code)
            {
                continue;
            }
            let what = if actual.contains(code) {
                "extra  "
            } else {
                "missing"
            };
            eprintln!("{rel}: {what} {code}");
            report += &format!("{rel}: {what} {code}\n");
        }
    }
    assert!(report.is_empty(), "disagreements with pkilint:\n{report}");
}

fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read dir")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|e| e == "crttest") {
            out.push(p);
        }
    }
}

/// The zlint lints our RFC 5280 rules map, checked against zlint's own test
/// certificates and expected results (zlint/derived/zlint_expected_results.tsv):
/// where zlint expects its lint to fire (error, warn, notice) ours fires, and
/// where it expects a pass ours is silent, except for the cases listed with
/// the reason.
const ZLINT_EXCEPTIONS: &[(&str, &str, &str)] = &[(
    "w_ext_subject_key_identifier_missing_sub_cert",
    "subCertNoSKI.pem",
    "a serverAuth leaf, detected as a TLS subscriber certificate, for which TLS BR 7.1.2.7.6 makes subjectKeyIdentifier NOT RECOMMENDED; the RFC 5280 4.2.1.2 SHOULD does not apply",
)];
#[test]
fn zlint_codes_agree() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let dir = corpus.join("zlint");
    // A zlint lint may be split over several of our rules (e.g. issuer and subject unique IDs).
    let mut ours: std::collections::BTreeMap<&str, Vec<&str>> = std::collections::BTreeMap::new();
    for r in lint::rules::rfc5280::RULES {
        if let Some(z) = r.zlint {
            ours.entry(z).or_default().push(r.code);
        }
    }
    let tsv =
        std::fs::read_to_string(dir.join("derived/zlint_expected_results.tsv")).expect("read tsv");
    let mut report = String::new();
    for line in tsv.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let (lint_name, file, status) = (f[0], f[2], f[3]);
        let Some(codes) = ours.get(lint_name) else {
            continue;
        };
        let want = match status {
            "Error" | "Warn" | "Notice" => true,
            "Pass" => false,
            _ => continue,
        };
        if ZLINT_EXCEPTIONS
            .iter()
            .any(|(l, fl, _)| *l == lint_name && *fl == file)
        {
            continue;
        }
        let bytes = std::fs::read(dir.join("v3/testdata").join(file)).expect("read pem");
        let text = String::from_utf8_lossy(&bytes);
        let Some(der) = common::first_pem(&text) else {
            continue;
        };
        let Ok(c) = cert::Certificate::parse(&der) else {
            continue;
        };
        let profile = lint::profile::detect(&c);
        let r = Linter::new().lint(
            &c,
            &Options {
                profile: ProfileChoice::Fixed(profile),
                issuer: None,
            },
        );
        let got = r.findings.iter().any(|x| codes.contains(&x.code));
        if got != want {
            let what = if got { "fired" } else { "silent" };
            report += &format!("{file}: {lint_name} expected {status}, {codes:?} {what}\n");
        }
    }
    eprint!("{report}");
    assert!(report.is_empty(), "disagreements with zlint:\n{report}");
}
