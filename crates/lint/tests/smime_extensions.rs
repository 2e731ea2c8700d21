//! S/MIME subscriber extensions (SMIME BR 7.1.2.3, 7.1.2.4, 7.1.6.1): for
//! each rule a certificate that passes and one that fails, built from the
//! testkit presets.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use lint::{Generation, Linter, Options, Profile, ProfileChoice, Validation};
use testkit::ext::{self, PolicyInfo, oid};
use testkit::presets::{self, smime_leaf, smime_policy_oid};
use testkit::{CertBuilder, GeneralName, Name, StringKind, der};

type TV = testkit::Validation;
type TG = testkit::Generation;

const MP: TG = TG::Multipurpose;
const ST: TG = TG::Strict;
const LG: TG = TG::Legacy;
const MB: TV = TV::Mailbox;
const ORG: TV = TV::Organization;
const SP: TV = TV::Sponsored;
const IND: TV = TV::Individual;

const LEI_OID: &str = "1.3.6.1.4.1.52266.1";
const LEI_ROLE_OID: &str = "1.3.6.1.4.1.52266.2";
const ADOBE_TS_OID: &str = "1.2.840.113583.1.1.9.1";
const ADOBE_ARC_OID: &str = "1.2.840.113583.1.1.9.2";
const UPN_OID: &str = "1.3.6.1.4.1.311.20.2.3";

fn profile(v: TV, g: TG) -> Profile {
    let v = match v {
        TV::Mailbox => Validation::Mailbox,
        TV::Organization => Validation::Organization,
        TV::Sponsored => Validation::Sponsored,
        TV::Individual => Validation::Individual,
    };
    let g = match g {
        TG::Legacy => Generation::Legacy,
        TG::Multipurpose => Generation::Multipurpose,
        TG::Strict => Generation::Strict,
    };
    Profile::Smime(v, g)
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

/// Lints a builder as the leaf profile `v`/`g`.
fn lint(b: CertBuilder, v: TV, g: TG) -> Vec<&'static str> {
    codes(&b.build_signed(), profile(v, g))
}

/// Whether `code` fires on the preset of `v`/`g` changed by `f`.
fn fires(v: TV, g: TG, code: &str, f: impl FnOnce(CertBuilder) -> CertBuilder) -> bool {
    lint(f(smime_leaf(v, g)), v, g).contains(&code)
}

/// Whether `code` fires on the unchanged preset.
fn fires_on_preset(v: TV, g: TG, code: &str) -> bool {
    fires(v, g, code, |b| b)
}

/// Asserts the preset passes and the mutated preset fails.
fn pass_fail(v: TV, g: TG, code: &str, f: impl FnOnce(CertBuilder) -> CertBuilder) {
    assert!(
        !fires_on_preset(v, g, code),
        "{code} fires on the {v:?}/{g:?} preset"
    );
    assert!(
        fires(v, g, code, f),
        "{code} does not fire on the broken {v:?}/{g:?} certificate"
    );
}

const MY_PREFIXES: [&str; 13] = [
    "smime.certificate_policies.",
    "smime.crl_distribution_points.",
    "smime.authority_info_access.",
    "smime.basic_constraints.",
    "smime.extended_key_usage.",
    "smime.authority_key_identifier.",
    "smime.subject_alt_name.",
    "smime.smime_capabilities.",
    "smime.subject_directory_attributes.",
    "smime.qc_statements.",
    "smime.lei",
    "smime.adobe_",
    "smime.extensions.",
];

#[test]
fn presets_are_clean() {
    for v in TV::ALL {
        for g in TG::ALL {
            let c = lint(smime_leaf(v, g), v, g);
            let mine: Vec<_> = c
                .iter()
                .filter(|c| MY_PREFIXES.iter().any(|p| c.starts_with(p)))
                .collect();
            assert!(mine.is_empty(), "{v:?}/{g:?} preset: {mine:?}");
        }
    }
}

fn policies(infos: &[PolicyInfo]) -> ext::Extension {
    ext::certificate_policies(infos)
}

// (a) certificatePolicies

#[test]
fn certificate_policies_missing() {
    pass_fail(MB, ST, "smime.certificate_policies.missing", |b| {
        b.remove_extension(oid::CERTIFICATE_POLICIES)
    });
}

#[test]
fn certificate_policies_critical() {
    let p = smime_policy_oid(MB, ST);
    pass_fail(MB, ST, "smime.certificate_policies.critical", |b| {
        b.replace_extension(ext::policies(&[&p]).critical())
    });
}

#[test]
fn reserved_oid_missing() {
    let code = "smime.certificate_policies.reserved_oid_missing";
    // Another type's reserved OID does not satisfy this profile.
    pass_fail(MB, ST, code, |b| {
        b.replace_extension(ext::policies(&[&smime_policy_oid(MB, MP)]))
    });
    assert!(fires(MB, ST, code, |b| b
        .replace_extension(ext::policies(&["1.2.3.4"]))));
}

#[test]
fn multiple_reserved_oids() {
    let (a, c) = (smime_policy_oid(SP, ST), smime_policy_oid(ORG, ST));
    pass_fail(
        SP,
        ST,
        "smime.certificate_policies.multiple_reserved_oids",
        |b| b.replace_extension(ext::policies(&[&a, &c])),
    );
}

#[test]
fn legacy_generation_prohibited() {
    let code = "smime.certificate_policies.legacy_generation_prohibited";
    pass_fail(IND, LG, code, |b| {
        b.validity_days("2025-07-15T00:00:00Z", 365)
    });
    assert!(!fires(IND, LG, code, |b| b
        .validity_days("2025-07-14T23:59:59Z", 365)));
    assert!(!fires(IND, MP, code, |b| b
        .validity_days("2025-07-15T00:00:00Z", 365)));
}

#[test]
fn cps_uri_not_http() {
    let p = smime_policy_oid(ORG, MP);
    let code = "smime.certificate_policies.cps_uri_not_http";
    assert!(!fires(ORG, MP, code, |b| b.replace_extension(policies(&[
        PolicyInfo::new(&p).cps("https://example.com/cps")
    ]))));
    pass_fail(ORG, MP, code, |b| {
        b.replace_extension(policies(
            &[PolicyInfo::new(&p).cps("ftp://example.com/cps")],
        ))
    });
}

#[test]
fn user_notice_rules() {
    let p = smime_policy_oid(ORG, MP);
    let no_text = "smime.certificate_policies.user_notice_without_explicit_text";
    let with_ref = "smime.certificate_policies.user_notice_has_notice_ref";
    let good = PolicyInfo::new(&p).user_notice(StringKind::Utf8, "Relying party agreement applies");
    assert!(!fires(ORG, MP, no_text, |b| b
        .replace_extension(policies(std::slice::from_ref(&good)))));
    assert!(!fires(ORG, MP, with_ref, |b| b
        .replace_extension(policies(&[good]))));
    let ref_only =
        PolicyInfo::new(&p).user_notice_with_ref((StringKind::Utf8, "Example CA"), &[1], None);
    pass_fail(ORG, MP, no_text, |b| {
        b.replace_extension(policies(std::slice::from_ref(&ref_only)))
    });
    pass_fail(ORG, MP, with_ref, |b| {
        b.replace_extension(policies(&[ref_only]))
    });
}

// (b) cRLDistributionPoints

#[test]
fn crldp_missing() {
    pass_fail(IND, LG, "smime.crl_distribution_points.missing", |b| {
        b.remove_extension(oid::CRL_DISTRIBUTION_POINTS)
    });
}

#[test]
fn crldp_critical() {
    pass_fail(IND, ST, "smime.crl_distribution_points.critical", |b| {
        b.replace_extension(ext::crl_distribution_points(&[presets::SMIME_CA_CRL_URL]).critical())
    });
}

#[test]
fn crldp_no_http_uri() {
    let code = "smime.crl_distribution_points.no_http_uri";
    pass_fail(IND, LG, code, |b| {
        b.replace_extension(ext::crl_distribution_points(&[
            "ldap://ldap.example.com/cn=CA",
        ]))
    });
    // HTTPS is not the HTTP scheme the BR names.
    assert!(fires(IND, ST, code, |b| b.replace_extension(
        ext::crl_distribution_points(&["https://crl.example.com/ca.crl"])
    )));
    assert!(!fires(IND, LG, code, |b| {
        b.replace_extension(ext::crl_distribution_points(&[
            "ldap://ldap.example.com/cn=CA",
            presets::SMIME_CA_CRL_URL,
        ]))
    }));
}

#[test]
fn crldp_non_http_uri() {
    let code = "smime.crl_distribution_points.non_http_uri";
    let mixed = || {
        ext::crl_distribution_points(&["ldap://ldap.example.com/cn=CA", presets::SMIME_CA_CRL_URL])
    };
    pass_fail(IND, ST, code, |b| b.replace_extension(mixed()));
    assert!(fires(IND, MP, code, |b| b.replace_extension(mixed())));
    // Legacy allows other schemes beside an HTTP one.
    assert!(!fires(IND, LG, code, |b| b.replace_extension(mixed())));
}

// (c) authorityInformationAccess

#[test]
fn aia_missing() {
    pass_fail(IND, LG, "smime.authority_info_access.missing", |b| {
        b.remove_extension(oid::AUTHORITY_INFO_ACCESS)
    });
}

#[test]
fn aia_ca_issuers_missing() {
    let code = "smime.authority_info_access.ca_issuers_missing";
    pass_fail(IND, LG, code, |b| {
        b.replace_extension(ext::authority_info_access(&[(
            oid::AD_OCSP,
            presets::SMIME_CA_OCSP_URL,
        )]))
    });
    // Absence of the whole extension is a different finding.
    assert!(!fires(IND, LG, code, |b| b
        .remove_extension(oid::AUTHORITY_INFO_ACCESS)));
}

#[test]
fn aia_uri_schemes() {
    let ldap_ocsp = || {
        ext::authority_info_access(&[
            (oid::AD_CA_ISSUERS, presets::SMIME_CA_ISSUERS_URL),
            (oid::AD_OCSP, "ldap://ocsp.example.com/"),
        ])
    };
    let ldap_issuers = || {
        ext::authority_info_access(&[
            (oid::AD_CA_ISSUERS, "ldap://ldap.example.com/cn=CA"),
            (oid::AD_OCSP, presets::SMIME_CA_OCSP_URL),
        ])
    };
    let both_ocsp = || {
        ext::authority_info_access(&[
            (oid::AD_CA_ISSUERS, presets::SMIME_CA_ISSUERS_URL),
            (oid::AD_OCSP, "ldap://ocsp.example.com/"),
            (oid::AD_OCSP, presets::SMIME_CA_OCSP_URL),
        ])
    };
    pass_fail(ORG, ST, "smime.authority_info_access.ocsp_non_http", |b| {
        b.replace_extension(ldap_ocsp())
    });
    assert!(fires(
        ORG,
        MP,
        "smime.authority_info_access.ocsp_non_http",
        |b| b.replace_extension(both_ocsp())
    ));
    pass_fail(
        ORG,
        MP,
        "smime.authority_info_access.ca_issuers_non_http",
        |b| b.replace_extension(ldap_issuers()),
    );
    pass_fail(ORG, LG, "smime.authority_info_access.ocsp_no_http", |b| {
        b.replace_extension(ldap_ocsp())
    });
    assert!(!fires(
        ORG,
        LG,
        "smime.authority_info_access.ocsp_no_http",
        |b| b.replace_extension(both_ocsp())
    ));
    pass_fail(
        ORG,
        LG,
        "smime.authority_info_access.ca_issuers_no_http",
        |b| b.replace_extension(ldap_issuers()),
    );
}

// (d) basicConstraints

#[test]
fn basic_constraints() {
    assert!(!fires(MB, ST, "smime.basic_constraints.ca", |b| b
        .extension(ext::basic_constraints(false, None))));
    pass_fail(MB, ST, "smime.basic_constraints.ca", |b| {
        b.extension(ext::basic_constraints(true, None))
    });
    pass_fail(MB, ST, "smime.basic_constraints.path_len_present", |b| {
        b.extension(ext::basic_constraints(false, Some(0)))
    });
}

// (f) extKeyUsage

#[test]
fn eku_missing() {
    pass_fail(MB, MP, "smime.extended_key_usage.missing", |b| {
        b.remove_extension(oid::EXT_KEY_USAGE)
    });
}

#[test]
fn eku_email_protection_missing() {
    pass_fail(
        MB,
        MP,
        "smime.extended_key_usage.email_protection_missing",
        |b| b.replace_extension(ext::ext_key_usage(&[oid::KP_CLIENT_AUTH])),
    );
}

#[test]
fn eku_prohibited_purpose() {
    let code = "smime.extended_key_usage.prohibited_purpose";
    for p in [
        oid::KP_SERVER_AUTH,
        oid::KP_CODE_SIGNING,
        oid::KP_TIME_STAMPING,
        oid::ANY_EKU,
    ] {
        pass_fail(MB, LG, code, |b| {
            b.replace_extension(ext::ext_key_usage(&[oid::KP_EMAIL_PROTECTION, p]))
        });
    }
    assert!(!fires(MB, MP, code, |b| b.replace_extension(
        ext::ext_key_usage(&[oid::KP_EMAIL_PROTECTION, oid::KP_CLIENT_AUTH])
    )));
}

#[test]
fn eku_strict_other_purpose() {
    let code = "smime.extended_key_usage.strict_other_purpose";
    let with_client = || ext::ext_key_usage(&[oid::KP_EMAIL_PROTECTION, oid::KP_CLIENT_AUTH]);
    pass_fail(MB, ST, code, |b| b.replace_extension(with_client()));
    assert!(!fires(MB, MP, code, |b| b.replace_extension(with_client())));
    // serverAuth is reported once, by the rule for purposes prohibited in every generation.
    assert!(!fires(MB, ST, code, |b| b.replace_extension(
        ext::ext_key_usage(&[oid::KP_EMAIL_PROTECTION, oid::KP_SERVER_AUTH])
    )));
}

// (g) authorityKeyIdentifier

#[test]
fn aki_issuer_and_serial() {
    let root = [GeneralName::DirName(presets::smime_ca_name())];
    let kid = presets::smime_ca_key().key_id();
    pass_fail(
        SP,
        MP,
        "smime.authority_key_identifier.issuer_and_serial",
        |b| {
            b.replace_extension(ext::authority_key_identifier_full(
                Some(&kid),
                Some((&root, &[1])),
            ))
        },
    );
}

#[test]
fn rfc5280_duplicates_left_to_rfc5280_rules() {
    // Requirements SMIME BR 7.1.2.3 repeats from RFC 5280 are reported once, by the rfc5280 rules.
    let c = lint(
        smime_leaf(MB, ST)
            .modify_extension(oid::AUTHORITY_KEY_IDENTIFIER, |e| e.critical = Some(true)),
        MB,
        ST,
    );
    assert!(c.iter().any(|c| c.starts_with("rfc5280.")), "{c:?}");
    assert!(
        !c.iter()
            .any(|c| c.starts_with("smime.authority_key_identifier.")),
        "{c:?}"
    );
}

// (h) subjectAltName, 7.1.4.2.1

#[test]
fn san_missing() {
    pass_fail(IND, LG, "smime.subject_alt_name.missing", |b| {
        b.remove_extension(oid::SUBJECT_ALT_NAME)
    });
}

#[test]
fn san_critical() {
    let code = "smime.subject_alt_name.critical";
    let critical_san =
        || ext::subject_alt_name(&[GeneralName::Rfc822(presets::LEAF_EMAIL.into())]).critical();
    pass_fail(MB, ST, code, |b| b.replace_extension(critical_san()));
    // An empty subject requires a critical subjectAltName.
    assert!(!fires(MB, ST, code, |b| b
        .subject(&Name::new())
        .replace_extension(critical_san())));
}

#[test]
fn san_no_mailbox() {
    let code = "smime.subject_alt_name.no_mailbox";
    pass_fail(ORG, MP, code, |b| {
        b.replace_extension(ext::subject_alt_name(&[GeneralName::DirName(
            presets::smime_leaf_subject(ORG),
        )]))
    });
    assert!(!fires(ORG, MP, code, |b| {
        b.replace_extension(ext::subject_alt_name(&[GeneralName::SmtpUtf8Mailbox(
            "山田@example.com".into(),
        )]))
    }));
}

#[test]
fn san_prohibited_other_name_type() {
    let code = "smime.subject_alt_name.prohibited_other_name_type";
    let with_upn = || {
        ext::subject_alt_name(&[
            GeneralName::Rfc822(presets::LEAF_EMAIL.into()),
            GeneralName::OtherName(UPN_OID.into(), der::utf8(presets::LEAF_EMAIL)),
        ])
    };
    pass_fail(IND, ST, code, |b| b.replace_extension(with_upn()));
    assert!(!fires(IND, MP, code, |b| b.replace_extension(with_upn())));
    assert!(!fires(IND, ST, code, |b| {
        b.replace_extension(ext::subject_alt_name(&[
            GeneralName::Rfc822(presets::LEAF_EMAIL.into()),
            GeneralName::SmtpUtf8Mailbox("山田@example.com".into()),
        ]))
    }));
}

#[test]
fn san_prohibited_name_type() {
    let code = "smime.subject_alt_name.prohibited_name_type";
    for extra in [
        GeneralName::Dns("example.com".into()),
        GeneralName::Uri("https://example.com/".into()),
        GeneralName::Ip(vec![192, 0, 2, 1]),
        GeneralName::RegisteredId("1.2.3.4".into()),
    ] {
        pass_fail(IND, LG, code, |b| {
            b.replace_extension(ext::subject_alt_name(&[
                GeneralName::Rfc822(presets::LEAF_EMAIL.into()),
                extra,
            ]))
        });
    }
}

// (i) to (n)

#[test]
fn smime_capabilities_critical() {
    // SMIMECapabilities: SEQUENCE { SEQUENCE { aes256-CBC } }
    let caps = der::seq(&[&der::seq(&[&der::oid("2.16.840.1.101.3.4.1.42")])]);
    let code = "smime.smime_capabilities.critical";
    assert!(!fires(MB, ST, code, |b| b.extension(ext::raw(
        oid::SMIME_CAPABILITIES,
        None,
        caps.clone()
    ))));
    pass_fail(MB, ST, code, |b| {
        b.extension(ext::raw(oid::SMIME_CAPABILITIES, Some(true), caps))
    });
}

fn sda() -> ext::Extension {
    // countryOfCitizenship (RFC 3739 3.2.2)
    let attr = der::seq(&[
        &der::oid("1.3.6.1.5.5.7.9.4"),
        &der::set(&[&der::printable("DE")]),
    ]);
    ext::raw(oid::SUBJECT_DIRECTORY_ATTRIBUTES, None, der::seq(&[&attr]))
}

#[test]
fn subject_directory_attributes() {
    let prohibited = "smime.subject_directory_attributes.prohibited";
    pass_fail(IND, ST, prohibited, |b| b.extension(sda()));
    assert!(fires(IND, MP, prohibited, |b| b.extension(sda())));
    assert!(!fires(IND, LG, prohibited, |b| b.extension(sda())));
}

#[test]
fn qc_statements_critical() {
    let qc = der::seq(&[&der::seq(&[&der::oid("0.4.0.1862.1.1")])]);
    let code = "smime.qc_statements.critical";
    assert!(!fires(SP, MP, code, |b| b.extension(ext::raw(
        oid::QC_STATEMENTS,
        None,
        qc.clone()
    ))));
    pass_fail(SP, MP, code, |b| {
        b.extension(ext::raw(oid::QC_STATEMENTS, Some(true), qc))
    });
}

const GOOD_LEI: &str = "AEYE00EKXESVZUUEBP67";

fn lei(value: &str, critical: Option<bool>) -> ext::Extension {
    ext::raw(LEI_OID, critical, der::printable(value))
}

fn lei_role(critical: Option<bool>) -> ext::Extension {
    ext::raw(LEI_ROLE_OID, critical, der::utf8("Director"))
}

#[test]
fn lei_extensions() {
    let prohibited = "smime.lei.prohibited";
    pass_fail(MB, MP, prohibited, |b| b.extension(lei(GOOD_LEI, None)));
    pass_fail(IND, MP, prohibited, |b| b.extension(lei(GOOD_LEI, None)));
    assert!(!fires(ORG, MP, prohibited, |b| b.extension(lei(GOOD_LEI, None))));
    assert!(!fires(SP, MP, prohibited, |b| b.extension(lei(GOOD_LEI, None))));

    let role_prohibited = "smime.lei_role.prohibited";
    for v in [MB, ORG, IND] {
        pass_fail(v, ST, role_prohibited, |b| b.extension(lei_role(None)));
    }
    assert!(!fires(SP, ST, role_prohibited, |b| b.extension(lei_role(None))));

    pass_fail(ORG, ST, "smime.lei.critical", |b| {
        b.extension(lei(GOOD_LEI, Some(true)))
    });
    pass_fail(SP, ST, "smime.lei_role.critical", |b| {
        b.extension(lei_role(Some(true)))
    });
    assert!(!fires(SP, ST, "smime.lei_role.critical", |b| b
        .extension(lei_role(None))));
}

#[test]
fn lei_value() {
    let format = "smime.lei.invalid_format";
    let checksum = "smime.lei.invalid_checksum";
    assert!(!fires(ORG, MP, format, |b| b.extension(lei(GOOD_LEI, None))));
    assert!(!fires(ORG, MP, checksum, |b| b.extension(lei(GOOD_LEI, None))));
    pass_fail(ORG, MP, format, |b| {
        b.extension(lei("AEYE00EKXESVZUUEBP6", None))
    });
    assert!(!fires(ORG, MP, checksum, |b| b
        .extension(lei("AEYE00EKXESVZUUEBP6", None))));
    pass_fail(ORG, MP, checksum, |b| {
        b.extension(lei("AEYE00EKXESVZUUEBP63", None))
    });
}

fn adobe_ts(critical: Option<bool>) -> ext::Extension {
    let v = der::seq(&[
        &der::int_u64(1),
        &GeneralName::Uri("http://tsa.example.com/".into()).to_der(),
    ]);
    ext::raw(ADOBE_TS_OID, critical, v)
}

fn adobe_arc(critical: Option<bool>) -> ext::Extension {
    // ArchiveRevInfo ::= SEQUENCE { version INTEGER { v1(1) } }
    ext::raw(ADOBE_ARC_OID, critical, der::seq(&[&der::int_u64(1)]))
}

#[test]
fn adobe_extensions() {
    pass_fail(ORG, ST, "smime.adobe_timestamp.prohibited", |b| {
        b.extension(adobe_ts(None))
    });
    assert!(!fires(ORG, MP, "smime.adobe_timestamp.prohibited", |b| b
        .extension(adobe_ts(None))));
    pass_fail(ORG, ST, "smime.adobe_archive_rev_info.prohibited", |b| {
        b.extension(adobe_arc(None))
    });
    assert!(!fires(
        ORG,
        LG,
        "smime.adobe_archive_rev_info.prohibited",
        |b| b.extension(adobe_arc(None))
    ));

    assert!(!fires(ORG, MP, "smime.adobe_timestamp.critical", |b| b
        .extension(adobe_ts(None))));
    pass_fail(ORG, MP, "smime.adobe_timestamp.critical", |b| {
        b.extension(adobe_ts(Some(true)))
    });
    assert!(!fires(
        ORG,
        LG,
        "smime.adobe_archive_rev_info.critical",
        |b| b.extension(adobe_arc(None))
    ));
    pass_fail(ORG, LG, "smime.adobe_archive_rev_info.critical", |b| {
        b.extension(adobe_arc(Some(true)))
    });
}

// 7.1.2.4

#[test]
fn unlisted_extensions() {
    let code = "smime.extensions.unlisted";
    pass_fail(MB, MP, code, |b| {
        b.extension(ext::raw("1.3.6.1.4.1.99999.1", None, der::null()))
    });
    // Extensions 7.1.2.3 lists are not reported.
    assert!(!fires(ORG, MP, code, |b| b
        .extension(adobe_ts(None))
        .extension(lei(GOOD_LEI, None))));
}

#[test]
fn rules_stay_silent_outside_smime_profiles() {
    let der = smime_leaf(MB, ST)
        .remove_extension(oid::SUBJECT_ALT_NAME)
        .build_signed();
    let c = codes(&der, Profile::EndEntity);
    assert!(
        !c.iter()
            .any(|c| MY_PREFIXES.iter().any(|p| c.starts_with(p))),
        "{c:?}"
    );
}
