//! Name syntax wherever names appear (RFC 5280 4.2.1.6, RFC 5321, RFC 3986,
//! RFC 9598, Microsoft UPN), internal domain names, and the Adobe timestamp
//! location: for each rule a certificate that passes and one that fails,
//! built from the testkit presets.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use lint::{Generation, Linter, Options, Profile, ProfileChoice, Validation};
use testkit::ext::{self, oid};
use testkit::presets::{self, smime_leaf, smime_subca};
use testkit::{CertBuilder, GeneralName, Name, der};

type TV = testkit::Validation;
type TG = testkit::Generation;

const UPN_OID: &str = "1.3.6.1.4.1.311.20.2.3";
const ADOBE_TS_OID: &str = "1.2.840.113583.1.1.9.1";
const EMAIL: &str = presets::LEAF_EMAIL;

const MY_CODES: [&str; 17] = [
    "rfc5280.general_name.not_ia5",
    "rfc1034.dns_name.too_long",
    "rfc1034.uri_host.too_long",
    "rfc5280.rfc822_name.invalid_syntax",
    "rfc5280.email_address_attribute.invalid_syntax",
    "rfc5321.rfc822_name.domain_too_long",
    "rfc9598.smtp_utf8_mailbox.invalid_syntax",
    "rfc9598.smtp_utf8_mailbox.ascii_local_part",
    "rfc9598.smtp_utf8_mailbox.domain_not_ldh",
    "rfc5321.smtp_utf8_mailbox.domain_too_long",
    "msft.user_principal_name.invalid_syntax",
    "rfc5280.uri.invalid_syntax",
    "rfc5280.dns_name.invalid_syntax",
    "rfc5280.ip_address.invalid_length",
    "rfc5280.name_constraints.ip_address_invalid_length",
    "smime.domain.internal_name",
    "adobe.timestamp.location_not_uri",
];

const MP: Profile = Profile::Smime(Validation::Organization, Generation::Multipurpose);

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

fn leaf() -> CertBuilder {
    smime_leaf(TV::Organization, TG::Multipurpose)
}

/// Codes of the organization/multipurpose leaf with subjectAltName `san`.
fn with_san(san: &[GeneralName]) -> Vec<&'static str> {
    codes(
        &leaf()
            .replace_extension(ext::subject_alt_name(san))
            .build_signed(),
        MP,
    )
}

/// Codes of the leaf with `san` after the preset's rfc822Name.
fn with_extra(extra: GeneralName) -> Vec<&'static str> {
    with_san(&[GeneralName::Rfc822(EMAIL.into()), extra])
}

fn with_crldp(uris: &[&str]) -> Vec<&'static str> {
    codes(
        &leaf()
            .replace_extension(ext::crl_distribution_points(uris))
            .build_signed(),
        MP,
    )
}

#[test]
fn presets_are_clean() {
    for v in TV::ALL {
        for g in TG::ALL {
            let der = smime_leaf(v, g).build_signed();
            let c = codes(
                &der,
                lint::profile::detect(&cert::Certificate::parse(&der).expect("preset parses")),
            );
            let mine: Vec<_> = c.iter().filter(|c| MY_CODES.contains(c)).collect();
            assert!(mine.is_empty(), "{v:?}/{g:?}: {mine:?}");
        }
    }
    for (der, p) in [
        (smime_subca().build_signed(), Profile::SmimeSubCa),
        (presets::root_ca().build_signed(), Profile::SmimeRoot),
    ] {
        let c = codes(&der, p);
        assert!(!c.iter().any(|c| MY_CODES.contains(c)), "{p:?}: {c:?}");
    }
}

/// rfc822Name, dNSName and URI are IA5Strings: octets over 0x7F are reported
/// once, as the type violation, not again as a syntax error of the value.
#[test]
fn ia5_general_names() {
    let code = "rfc5280.general_name.not_ia5";
    let syntax = [
        "rfc5280.rfc822_name.invalid_syntax",
        "rfc5280.dns_name.invalid_syntax",
        "rfc5280.uri.invalid_syntax",
    ];
    for (tag, value) in [
        (0x81, "\u{5c71}\u{7530}@example.com"),
        (0x82, "b\u{fc}cher.example.com"),
        (0x86, "https://example.com/\u{e9}"),
    ] {
        let got = with_extra(GeneralName::Raw(der::tlv(tag, value.as_bytes())));
        assert!(got.contains(&code), "{value}: {got:?}");
        assert!(!syntax.iter().any(|c| got.contains(c)), "{value}: {got:?}");
    }
    for ascii in [
        GeneralName::Rfc822("alice@example.com".into()),
        GeneralName::Dns("xn--bcher-kva.example.com".into()),
        GeneralName::Uri("https://example.com/%C3%A9".into()),
    ] {
        assert!(!with_extra(ascii).contains(&code));
    }
}

#[test]
fn rfc822_name_syntax() {
    let code = "rfc5280.rfc822_name.invalid_syntax";
    for ok in [
        EMAIL,
        "first.last+tag@mail.example.com",
        "\"a b\"@example.com",
        "a@[192.0.2.1]",
    ] {
        assert!(
            !with_san(&[GeneralName::Rfc822(ok.into())]).contains(&code),
            "{ok}"
        );
    }
    for bad in [
        "alice",
        "alice@",
        "@example.com",
        "<alice@example.com>",
        "alice@example..com",
        "al ice@example.com",
        "a..b@example.com",
    ] {
        assert!(
            with_san(&[GeneralName::Rfc822(bad.into())]).contains(&code),
            "{bad}"
        );
    }
    // Name constraints allow a host or a .domain.
    let nc = |base: &str| {
        let der = smime_subca()
            .extension(ext::name_constraints(&[GeneralName::Rfc822(base.into())], &[]).critical())
            .build_signed();
        codes(&der, Profile::SmimeSubCa)
    };
    assert!(!nc(".example.com").contains(&code));
    // An empty constraint (every address) is accepted.
    assert!(!nc("").contains(&code));
    assert!(nc("@example.com").contains(&code));
    assert!(!nc("example.com").contains(&code));
    assert!(nc("exa mple.com").contains(&code));
}

#[test]
fn email_address_attribute_syntax() {
    let code = "rfc5280.email_address_attribute.invalid_syntax";
    let subj = |e: &str| {
        Name::new()
            .c("DE")
            .o("Example Org")
            .org_id("VATDE-123456789")
            .cn("Example Org")
            .email(e)
    };
    assert!(!codes(&leaf().subject(&subj(EMAIL)).build_signed(), MP).contains(&code));
    assert!(codes(&leaf().subject(&subj("alice")).build_signed(), MP).contains(&code));
}

fn long_domain() -> String {
    let label = "a".repeat(63);
    format!("{label}.{label}.{label}.{label}.com")
}

#[test]
fn rfc822_domain_too_long() {
    let code = "rfc5321.rfc822_name.domain_too_long";
    assert!(!with_san(&[GeneralName::Rfc822(EMAIL.into())]).contains(&code));
    let c = with_san(&[GeneralName::Rfc822(format!("alice@{}", long_domain()))]);
    assert!(c.contains(&code));
    // Length is a separate condition from syntax.
    assert!(!c.contains(&"rfc5280.rfc822_name.invalid_syntax"));
}

#[test]
fn smtp_utf8_mailbox_syntax() {
    let code = "rfc9598.smtp_utf8_mailbox.invalid_syntax";
    assert!(
        !with_extra(GeneralName::SmtpUtf8Mailbox("山田花子@example.com".into())).contains(&code)
    );
    assert!(with_extra(GeneralName::SmtpUtf8Mailbox("山田花子".into())).contains(&code));
    assert!(
        with_extra(GeneralName::SmtpUtf8Mailbox(
            "\u{feff}山田@example.com".into()
        ))
        .contains(&code)
    );
    // Wrong string type.
    let ia5 = GeneralName::OtherName(
        oid::ON_SMTP_UTF8_MAILBOX.into(),
        der::ia5("alice@example.com"),
    );
    assert!(with_extra(ia5).contains(&code));
}

#[test]
fn smtp_utf8_mailbox_ascii_local_part() {
    let code = "rfc9598.smtp_utf8_mailbox.ascii_local_part";
    assert!(!with_extra(GeneralName::SmtpUtf8Mailbox("山田@example.com".into())).contains(&code));
    assert!(!with_extra(GeneralName::SmtpUtf8Mailbox("山田@例え.jp".into())).contains(&code));
    assert!(with_extra(GeneralName::SmtpUtf8Mailbox("alice@例え.jp".into())).contains(&code));
}

/// RFC 9598 3: internationalized domain labels as A-labels (never
/// U-labels), other labels NR-LDH, everything lowercase.
#[test]
fn smtp_utf8_mailbox_domain_labels() {
    let code = "rfc9598.smtp_utf8_mailbox.domain_not_ldh";
    for good in [
        "山田@example.com",
        "山田@xn--r8jz45g.jp",
        "山田@[192.0.2.1]",
    ] {
        let c = with_extra(GeneralName::SmtpUtf8Mailbox(good.into()));
        assert!(!c.contains(&code), "{good}: {c:?}");
    }
    for bad in [
        "山田@例え.jp",
        "山田@Example.com",
        "山田@ab--cd.example.com",
        "山田@XN--R8JZ45G.jp",
    ] {
        let c = with_extra(GeneralName::SmtpUtf8Mailbox(bad.into()));
        assert!(c.contains(&code), "{bad}: {c:?}");
    }
}

#[test]
fn smtp_utf8_mailbox_domain_too_long() {
    let code = "rfc5321.smtp_utf8_mailbox.domain_too_long";
    assert!(!with_extra(GeneralName::SmtpUtf8Mailbox("山田@example.com".into())).contains(&code));
    assert!(
        with_extra(GeneralName::SmtpUtf8Mailbox(format!(
            "山田@{}",
            long_domain()
        )))
        .contains(&code)
    );
}

#[test]
fn upn_syntax() {
    let code = "msft.user_principal_name.invalid_syntax";
    let upn = |v: Vec<u8>| GeneralName::OtherName(UPN_OID.into(), v);
    assert!(!with_extra(upn(der::utf8("alice@example.com"))).contains(&code));
    assert!(with_extra(upn(der::utf8("alice"))).contains(&code));
    assert!(with_extra(upn(der::utf8("@example.com"))).contains(&code));
    assert!(with_extra(upn(der::ia5("alice@example.com"))).contains(&code));
}

#[test]
fn uri_syntax() {
    let code = "rfc5280.uri.invalid_syntax";
    assert!(!with_crldp(&["http://crl.example.com/ca.crl"]).contains(&code));
    assert!(!with_crldp(&["ldap:///CN=CA,O=Example?certificateRevocationList"]).contains(&code));
    assert!(with_crldp(&["crl.example.com/ca.crl"]).contains(&code));
    assert!(with_crldp(&["http://crl.example.com/a b.crl"]).contains(&code));
    // In alternative names an authority must name an FQDN or IP address.
    assert!(!with_extra(GeneralName::Uri("https://example.com/".into())).contains(&code));
    assert!(with_extra(GeneralName::Uri("https:///path".into())).contains(&code));
    assert!(with_extra(GeneralName::Uri("https://exa_mple.com/".into())).contains(&code));
    let aia = leaf()
        .replace_extension(ext::authority_info_access(&[(
            oid::AD_CA_ISSUERS,
            "http//ca.example.com/ca.crt",
        )]))
        .build_signed();
    assert!(codes(&aia, MP).contains(&code));
}

#[test]
fn dns_name_syntax() {
    let code = "rfc5280.dns_name.invalid_syntax";
    assert!(!with_extra(GeneralName::Dns("www.example.com".into())).contains(&code));
    assert!(!with_extra(GeneralName::Dns("*.example.com".into())).contains(&code));
    for bad in [
        "bad_name.example.com",
        "-a.example.com",
        "a..example.com",
        " ",
        "example.com.",
    ] {
        assert!(
            with_extra(GeneralName::Dns(bad.into())).contains(&code),
            "{bad}"
        );
    }
}

/// RFC 1034 3.1: a domain name has at most 255 octets on the wire, 253
/// characters as text; reported as its own condition, not as bad syntax.
#[test]
fn domain_name_length() {
    let dns = "rfc1034.dns_name.too_long";
    let uri = "rfc1034.uri_host.too_long";
    let at_limit = format!(
        "{}.{}.{}.{}.com",
        "a".repeat(63),
        "a".repeat(63),
        "a".repeat(63),
        "a".repeat(57)
    );
    assert_eq!(at_limit.len(), 253);
    let over = format!("a.{at_limit}");
    let c = with_extra(GeneralName::Dns(at_limit.clone()));
    assert!(!c.contains(&dns), "{c:?}");
    let c = with_extra(GeneralName::Dns(over.clone()));
    assert!(c.contains(&dns), "{c:?}");
    assert!(!c.contains(&"rfc5280.dns_name.invalid_syntax"), "{c:?}");
    let c = with_extra(GeneralName::Uri(format!("https://{at_limit}/")));
    assert!(!c.contains(&uri), "{c:?}");
    let c = with_extra(GeneralName::Uri(format!("https://{over}/")));
    assert!(c.contains(&uri), "{c:?}");
    assert!(!c.contains(&"rfc5280.uri.invalid_syntax"), "{c:?}");
}

#[test]
fn ip_address_length() {
    let code = "rfc5280.ip_address.invalid_length";
    assert!(!with_extra(GeneralName::Ip(vec![192, 0, 2, 1])).contains(&code));
    assert!(
        !with_extra(GeneralName::Ip(vec![
            0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1
        ]))
        .contains(&code)
    );
    assert!(with_extra(GeneralName::Ip(vec![192, 0, 2])).contains(&code));
}

#[test]
fn ip_constraint_length() {
    let code = "rfc5280.name_constraints.ip_address_invalid_length";
    let nc = |b: Vec<u8>| {
        let der = smime_subca()
            .extension(ext::name_constraints(&[], &[GeneralName::Ip(b)]).critical())
            .build_signed();
        codes(&der, Profile::SmimeSubCa)
    };
    assert!(!nc(vec![10, 0, 0, 0, 255, 0, 0, 0]).contains(&code));
    assert!(nc(vec![10, 0, 0, 0]).contains(&code));
    // An address-length iPAddress in a constraint is not the address rule's concern.
    assert!(!nc(vec![10, 0, 0, 0]).contains(&"rfc5280.ip_address.invalid_length"));
}

#[test]
fn internal_domain_names() {
    let code = "smime.domain.internal_name";
    assert!(!with_san(&[GeneralName::Rfc822(EMAIL.into())]).contains(&code));
    assert!(with_san(&[GeneralName::Rfc822("alice@corp.local".into())]).contains(&code));
    assert!(with_san(&[GeneralName::Rfc822("alice".into())]).contains(&code));
    assert!(with_extra(GeneralName::SmtpUtf8Mailbox("山田@mail.internal".into())).contains(&code));
    assert!(!with_extra(GeneralName::SmtpUtf8Mailbox("山田@例え.jp".into())).contains(&code));
    assert!(!with_crldp(&["http://crl.example.com/ca.crl"]).contains(&code));
    assert!(with_crldp(&["http://crl.corp/ca.crl"]).contains(&code));
    assert!(with_crldp(&["ldap:///CN=CA,O=Example?certificateRevocationList"]).contains(&code));
    // IP hosts and address literals are not domain names.
    assert!(!with_crldp(&["http://192.0.2.1/ca.crl"]).contains(&code));
    assert!(!with_san(&[GeneralName::Rfc822("alice@[192.0.2.1]".into())]).contains(&code));
    // A CABF rule: silent for certificates outside the S/MIME profiles.
    let der = leaf()
        .replace_extension(ext::subject_alt_name(&[GeneralName::Rfc822(
            "alice@corp.local".into(),
        )]))
        .build_signed();
    assert!(!codes(&der, Profile::EndEntity).contains(&code));
}

fn adobe_ts(location: GeneralName) -> ext::Extension {
    ext::raw(
        ADOBE_TS_OID,
        None,
        der::seq(&[&der::int_u64(1), &location.to_der()]),
    )
}

#[test]
fn adobe_timestamp_location() {
    let code = "adobe.timestamp.location_not_uri";
    let c = |loc: GeneralName| codes(&leaf().extension(adobe_ts(loc)).build_signed(), MP);
    assert!(!c(GeneralName::Uri("http://tsa.example.com/".into())).contains(&code));
    assert!(c(GeneralName::Dns("tsa.example.com".into())).contains(&code));
    // The location URI is also checked for syntax.
    assert!(c(GeneralName::Uri("tsa.example.com".into())).contains(&"rfc5280.uri.invalid_syntax"));
}

#[test]
fn hostile_values_do_not_panic() {
    for v in [
        vec![0xff, 0xfe, b'@'],
        b"@".to_vec(),
        b"\"".to_vec(),
        b"\"\\".to_vec(),
        b"a@[".to_vec(),
        b"http://[".to_vec(),
        b"x:%".to_vec(),
        b"x:%4".to_vec(),
        "é@é".as_bytes().to_vec(),
    ] {
        let raw = |tag: u8| GeneralName::Raw(der::implicit(tag, false, &v));
        let san = [
            raw(1),
            raw(2),
            raw(6),
            GeneralName::OtherName(
                oid::ON_SMTP_UTF8_MAILBOX.into(),
                der::utf8(&String::from_utf8_lossy(&v)),
            ),
        ];
        let _ = with_san(&san);
        let _ = codes(
            &leaf()
                .extension(ext::raw(ADOBE_TS_OID, None, v.clone()))
                .build_signed(),
            MP,
        );
    }
}
