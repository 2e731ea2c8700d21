//! Tests for the TLS BR rules common to every TLS certificate: serial number,
//! keys and algorithm encodings (6.1.5, 6.1.6, 7.1.3), name encoding (7.1.4),
//! authorityKeyIdentifier (7.1.2.11.1) and cRLDistributionPoints (7.1.2.11.2).
#![allow(clippy::expect_used, clippy::unwrap_used)]

use lint::profile::TlsCaKind;
use lint::{Linter, Options, Profile, ProfileChoice};
use testkit::der;
use testkit::ext::{self, oid};
use testkit::{CertBuilder, Extension, GeneralName, Key, KeyUsage, Name, StringKind, presets};

/// ecdsa-with-SHA256, which a P-384 signer must not use (TLS BR 7.1.3.2.2).
const ECDSA_SHA256: &str = "300a06082a8648ce3d040302";

const P: Profile = Profile::TlsSubCa {
    kind: TlsCaKind::Unconstrained,
    internal: false,
};

fn codes_with(
    der: &[u8],
    profile: Profile,
    issuer: Option<&cert::Certificate<'_>>,
) -> Vec<&'static str> {
    Linter::new()
        .lint_der(
            der,
            &Options {
                profile: ProfileChoice::Fixed(profile),
                issuer,
            },
        )
        .findings
        .iter()
        .map(|f| f.code)
        .collect()
}

fn fires(b: &CertBuilder, code: &str) -> bool {
    codes_with(&b.build_signed(), P, None).contains(&code)
}

fn check(code: &str, bad: CertBuilder) {
    assert!(
        !fires(&good(), code),
        "{code} fired on the clean certificate"
    );
    assert!(
        fires(&bad, code),
        "{code} did not fire on the failing certificate"
    );
}

/// A compliant TLS subordinate CA issued by the testkit root (P-384).
fn good() -> CertBuilder {
    presets::smime_subca()
        .subject(&Name::new().c("US").o("Testkit").cn("Testkit TLS CA"))
        .replace_extension(ext::key_usage(&[
            KeyUsage::DigitalSignature,
            KeyUsage::KeyCertSign,
            KeyUsage::CrlSign,
        ]))
        .replace_extension(ext::ext_key_usage(&[
            oid::KP_SERVER_AUTH,
            oid::KP_CLIENT_AUTH,
        ]))
        .replace_extension(ext::policies(&["2.23.140.1.2.1"]))
}

/// An RSA SubjectPublicKeyInfo with the given modulus (magnitude) and exponent.
fn rsa_spki(modulus: &[u8], exponent: u64) -> Vec<u8> {
    let key = der::seq(&[&der::int_bytes(modulus), &der::int_u64(exponent)]);
    der::seq(&[
        &der::from_hex("300d06092a864886f70d0101010500"),
        &der::bit_string(0, &key),
    ])
}

fn modulus(bits: usize) -> Vec<u8> {
    let mut m = vec![0xc5; bits / 8];
    if !bits.is_multiple_of(8) {
        m.insert(0, 0x01);
    }
    let last = m.len() - 1;
    m[last] |= 1;
    m
}

#[test]
fn clean_has_no_common_findings() {
    let c = codes_with(&good().build_signed(), P, None);
    let mine: Vec<_> = c.iter().filter(|c| c.starts_with("tls.")).collect();
    assert!(mine.is_empty(), "{mine:?}");
}

#[test]
fn version() {
    check("tls.version.not_v3", good().version(testkit::Version::V2));
}

#[test]
fn serial_number() {
    check(
        "tls.serial_number.low_entropy",
        good().serial(&[0x01, 0x02, 0x03]),
    );
    assert!(!fires(
        &good().serial(&[0x80; 8]),
        "tls.serial_number.low_entropy"
    ));
}

#[test]
fn spki_encoding() {
    // id-ecPublicKey on secp256k1 is not permitted.
    let spki = der::seq(&[
        &der::from_hex("301006072a8648ce3d020106052b8104000a"),
        &der::bit_string(0, &[0x04; 65]),
    ]);
    check("tls.spki.encoding_not_permitted", good().spki_raw(spki));
    // Ed25519 neither.
    check(
        "tls.spki.encoding_not_permitted",
        good().subject_key(Key::ed25519()),
    );
}

#[test]
fn signature_encoding() {
    // sha1WithRSAEncryption.
    check(
        "tls.signature_algorithm.encoding_not_permitted",
        good().sig_alg_raw(der::from_hex("300d06092a864886f70d0101050500")),
    );
    // ecdsa-with-SHA256 with NULL parameters.
    check(
        "tls.signature_algorithm.encoding_not_permitted",
        good().sig_alg_raw(der::from_hex("300c06082a8648ce3d0403020500")),
    );
}

#[test]
fn signature_matches_key() {
    let code = "tls.signature_algorithm.key_mismatch";
    // A self-issued P-384 root signed with ECDSA-SHA256 (the curve needs SHA-384).
    let root = presets::root_ca();
    let bad = presets::root_ca().sig_alg_raw(der::from_hex(ECDSA_SHA256));
    let p = Profile::TlsRoot;
    assert!(!codes_with(&root.build_signed(), p, None).contains(&code));
    assert!(codes_with(&bad.build_signed(), p, None).contains(&code));
    // With the issuer given: the sub-CA signed by the P-384 root with SHA-256.
    let root_der = presets::root_ca().build_signed();
    let issuer = cert::Certificate::parse(&root_der).unwrap();
    assert!(!codes_with(&good().build_signed(), P, Some(&issuer)).contains(&code));
    assert!(
        codes_with(
            &good()
                .sig_alg_raw(der::from_hex(ECDSA_SHA256))
                .build_signed(),
            P,
            Some(&issuer)
        )
        .contains(&code)
    );
}

#[test]
fn rsa_keys() {
    check(
        "tls.key.rsa_modulus_size",
        good().spki_raw(rsa_spki(&modulus(1024), 65537)),
    );
    check(
        "tls.key.rsa_modulus_size",
        good().spki_raw(rsa_spki(&modulus(2052), 65537)),
    );
    assert!(!fires(
        &good().spki_raw(rsa_spki(&modulus(2048), 65537)),
        "tls.key.rsa_modulus_size"
    ));
    check(
        "tls.key.rsa_exponent_invalid",
        good().spki_raw(rsa_spki(&modulus(2048), 65536)),
    );
    check(
        "tls.key.rsa_exponent_invalid",
        good().spki_raw(rsa_spki(&modulus(2048), 1)),
    );
    check(
        "tls.key.rsa_exponent_not_recommended",
        good().spki_raw(rsa_spki(&modulus(2048), 3)),
    );
    check(
        "tls.key.rsa_exponent_not_recommended",
        good().spki_raw(rsa_spki(&modulus(2048), 1)),
    );
    assert!(!fires(
        &good().spki_raw(rsa_spki(&modulus(2048), 65537)),
        "tls.key.rsa_exponent_not_recommended"
    ));
}

#[test]
fn names() {
    let with = |n: Name| good().subject(&n);
    check(
        "tls.name.multi_valued_rdn",
        with(Name::new().c("US").multi_valued_rdn(&[
            ("2.5.4.10", StringKind::Utf8, "Testkit"),
            ("2.5.4.3", StringKind::Utf8, "CA"),
        ])),
    );
    check(
        "tls.name.rdn_order",
        with(Name::new().o("Testkit").c("US").cn("CA")),
    );
    check(
        "tls.name.rdn_order",
        with(Name::new().c("US").cn("CA").o("Testkit")),
    );
    check(
        "tls.name.duplicate_attribute",
        with(Name::new().c("US").o("Testkit").o("Other").cn("CA")),
    );
    assert!(!fires(
        &with(
            Name::new()
                .c("US")
                .street("1 Main St")
                .street("Suite 2")
                .o("Testkit")
                .cn("CA")
        ),
        "tls.name.duplicate_attribute"
    ));
    check(
        "tls.name.attribute_encoding",
        with(
            Name::new()
                .attr("2.5.4.6", StringKind::Utf8, "US")
                .o("Testkit")
                .cn("CA"),
        ),
    );
    check(
        "tls.name.attribute_encoding",
        with(
            Name::new()
                .c("US")
                .attr("2.5.4.10", StringKind::Teletex, "Testkit")
                .cn("CA"),
        ),
    );
    check(
        "tls.name.attribute_too_long",
        with(
            Name::new()
                .c("US")
                .street(&"x".repeat(129))
                .o("Testkit")
                .cn("CA"),
        ),
    );
    check(
        "tls.name.attribute_too_long",
        with(
            Name::new()
                .c("US")
                .o("Testkit")
                .given_name(&"x".repeat(65))
                .cn("CA"),
        ),
    );
    // organizationName's 64 is RFC 5280's ub-organization-name: reported there.
    assert!(!fires(
        &with(Name::new().c("US").o(&"x".repeat(65)).cn("CA")),
        "tls.name.attribute_too_long"
    ));
    check(
        "tls.name.domain_component_too_long",
        with(
            Name::new()
                .dc(&"x".repeat(64))
                .c("US")
                .o("Testkit")
                .cn("CA"),
        ),
    );
    assert!(!fires(
        &with(Name::new().dc("example").c("US").o("Testkit").cn("CA")),
        "tls.name.domain_component_too_long"
    ));
}

#[test]
fn authority_key_identifier() {
    // Only self-issued certificates: RFC 5280 4.2.1.1 covers the others.
    let code = "tls.aki.key_identifier_absent";
    let root_aki = |e: Extension| presets::root_ca().extension(e).build_signed();
    let p = Profile::TlsRoot;
    let with_id = root_aki(ext::authority_key_identifier(&presets::root_key().key_id()));
    let without_id = root_aki(ext::authority_key_identifier_full(
        None,
        Some((&[GeneralName::DirName(presets::root_name())], &[0x01, 0x02])),
    ));
    assert!(!codes_with(&with_id, p, None).contains(&code));
    assert!(codes_with(&without_id, p, None).contains(&code));
    assert!(!fires(
        &good().replace_extension(ext::authority_key_identifier_full(
            None,
            Some((&[GeneralName::DirName(presets::root_name())], &[0x01, 0x02])),
        )),
        code
    ));
    check(
        "tls.aki.issuer_and_serial_present",
        good().replace_extension(ext::authority_key_identifier_full(
            Some(&presets::root_key().key_id()),
            Some((&[GeneralName::DirName(presets::root_name())], &[0x01, 0x02])),
        )),
    );
}

/// A cRLDistributionPoints extension from DistributionPoint encodings.
fn crldp(dps: &[Vec<u8>]) -> Extension {
    Extension::new(
        oid::CRL_DISTRIBUTION_POINTS,
        None,
        der::seq_vec(dps.to_vec()),
    )
}

fn full_name(names: &[GeneralName]) -> Vec<u8> {
    der::explicit(
        0,
        &der::implicit(0, true, der::content_of(&ext::general_names(names))),
    )
}

fn uri(u: &str) -> GeneralName {
    GeneralName::Uri(u.into())
}

#[test]
fn crl_distribution_points() {
    let http = full_name(&[uri("http://crl.example.com/ca.crl")]);
    check(
        "tls.crldp.prohibited_field",
        good().replace_extension(crldp(&[der::seq(&[
            &http,
            &der::implicit(1, false, &[0x06, 0x40]),
        ])])),
    );
    check(
        "tls.crldp.prohibited_field",
        good().replace_extension(crldp(&[der::seq(&[
            &http,
            &der::implicit(
                2,
                true,
                der::content_of(&ext::general_names(&[GeneralName::DirName(
                    presets::root_name(),
                )])),
            ),
        ])])),
    );
    check(
        "tls.crldp.not_full_name",
        good().replace_extension(crldp(&[der::seq(&[&der::implicit(
            2,
            true,
            der::content_of(&ext::general_names(&[GeneralName::DirName(
                presets::root_name(),
            )])),
        )])])),
    );
    check(
        "tls.crldp.name_not_uri",
        good().replace_extension(crldp(&[der::seq(&[&full_name(&[
            uri("http://crl.example.com/ca.crl"),
            GeneralName::Dns("crl.example.com".into()),
        ])])])),
    );
    check(
        "tls.crldp.uri_not_http",
        good().replace_extension(ext::crl_distribution_points(&[
            "https://crl.example.com/ca.crl",
        ])),
    );
    check(
        "tls.crldp.uri_not_http",
        good().replace_extension(ext::crl_distribution_points(&[
            "ldap://crl.example.com/cn=ca",
        ])),
    );
    check(
        "tls.crldp.multiple_distribution_points",
        good().replace_extension(crldp(&[
            der::seq(&[&http]),
            der::seq(&[&full_name(&[uri("http://crl2.example.com/ca.crl")])]),
        ])),
    );
}

#[test]
fn applies_to_subscriber_and_ocsp_profiles_too() {
    // The common rules are not limited to CA profiles.
    let der = good().serial(&[0x01]).build_signed();
    for p in [
        Profile::TlsRoot,
        Profile::OcspResponder,
        Profile::TlsSubscriber(lint::profile::TlsValidation::Dv),
    ] {
        assert!(
            codes_with(&der, p, None).contains(&"tls.serial_number.low_entropy"),
            "{}",
            p.name()
        );
    }
}

/// A SignedCertificateTimestampList of the given SCTs (each already serialized).
fn sct_list(scts: &[Vec<u8>]) -> Vec<u8> {
    let mut body = Vec::new();
    for s in scts {
        body.extend_from_slice(&(s.len() as u16).to_be_bytes());
        body.extend_from_slice(s);
    }
    let mut out = (body.len() as u16).to_be_bytes().to_vec();
    out.extend(body);
    out
}

/// A v1 SCT with a 70-octet signature.
fn sct() -> Vec<u8> {
    let mut s = vec![0u8];
    s.extend([0x11; 32]);
    s.extend(1_700_000_000_000u64.to_be_bytes());
    s.extend([0, 0]);
    s.extend([4, 3]);
    s.extend(70u16.to_be_bytes());
    s.extend([0x30; 70]);
    s
}

fn with_sct_list(list: Vec<u8>) -> CertBuilder {
    good().extension(Extension::new(
        oid::CT_SCT_LIST,
        None,
        der::octet_string(&list),
    ))
}

#[test]
fn sct_list_encoding() {
    let code = "tls.sct_list.invalid_encoding";
    assert!(!fires(&with_sct_list(sct_list(&[sct(), sct()])), code));
    // The total length is one too many (pkilint's bad_sct_length case).
    let mut long = sct_list(&[sct()]);
    long[1] += 1;
    check(code, with_sct_list(long));
    // A truncated signature.
    let mut short = sct();
    short.truncate(short.len() - 5);
    let mut bad = sct_list(&[short]);
    // Keep the per-SCT length claiming the full size.
    bad[2..4].copy_from_slice(&(sct().len() as u16).to_be_bytes());
    let n = bad.len() as u16 - 2;
    bad[0..2].copy_from_slice(&n.to_be_bytes());
    check(code, with_sct_list(bad));
    // Version 2 is not an RFC 6962 SCT.
    let mut v2 = sct();
    v2[0] = 1;
    check(code, with_sct_list(sct_list(&[v2])));
}
