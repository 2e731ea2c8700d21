//! Tests for the chain rules (run only when an issuer certificate is given).
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use cert::Certificate;
use lint::{Linter, Options, Profile, ProfileChoice, Severity};
use testkit::ext;
use testkit::{CertBuilder, GeneralName, Key, KeyUsage, Name, StringKind, der, presets};

const LEAF: Profile = Profile::Smime(lint::Validation::Mailbox, lint::Generation::Strict);
const SUB: Profile = Profile::SmimeSubCa;

fn findings(der: &[u8], profile: Profile, issuer: &[u8]) -> Vec<lint::Finding> {
    let issuer = Certificate::parse(issuer).expect("issuer parses");
    Linter::new()
        .lint_der(
            der,
            &Options {
                profile: ProfileChoice::Fixed(profile),
                issuer: Some(&issuer),
            },
        )
        .findings
}

fn fires(der: &[u8], profile: Profile, issuer: &[u8], code: &str) -> bool {
    findings(der, profile, issuer)
        .iter()
        .any(|f| f.code == code)
}

fn leaf() -> CertBuilder {
    presets::smime_leaf(presets::Validation::Mailbox, presets::Generation::Strict)
}

fn subca_der() -> Vec<u8> {
    presets::smime_subca().build_signed()
}

fn root_der() -> Vec<u8> {
    presets::root_ca().build_signed()
}

/// Silent on the good leaf (issued by the preset sub-CA), fires on the bad one.
fn check_leaf(code: &str, bad: &CertBuilder) {
    let issuer = subca_der();
    assert!(
        !fires(&leaf().build_signed(), LEAF, &issuer, code),
        "{code} fired on the preset leaf"
    );
    assert!(
        fires(&bad.build_signed(), LEAF, &issuer, code),
        "{code} did not fire"
    );
}

#[test]
fn preset_chain_is_clean() {
    let ch = presets::smime_chain(presets::Validation::Mailbox, presets::Generation::Strict);
    for (der, p, issuer) in [
        (&ch.leaf, LEAF, &ch.subca),
        (&ch.subca, SUB, &ch.root),
        (&ch.root, Profile::SmimeRoot, &ch.root),
    ] {
        let chain: Vec<_> = findings(der, p, issuer)
            .into_iter()
            .filter(|f| f.code.starts_with("chain."))
            .collect();
        assert!(chain.is_empty(), "{p:?}: {chain:?}");
    }
}

#[test]
fn without_issuer_nothing_fires() {
    let r = Linter::new().lint_der(
        &leaf().corrupt_signature().build_signed(),
        &Options {
            profile: ProfileChoice::Fixed(LEAF),
            issuer: None,
        },
    );
    assert!(r.findings.iter().all(|f| !f.code.starts_with("chain.")));
}

#[test]
fn issuer_name() {
    check_leaf(
        "chain.issuer_name.mismatch",
        &leaf().issuer(&Name::new().c("US").o("Other").cn("Other CA")),
    );
    // Equal under RFC 5280 7.1 comparison but encoded differently (UTF8String commonName).
    let utf8_cn =
        Name::new()
            .c("US")
            .o("Testkit")
            .attr("2.5.4.3", StringKind::Utf8, "testkit s/mime  CA");
    let respelled = leaf().issuer(&utf8_cn);
    check_leaf("chain.issuer_name.not_byte_identical", &respelled);
    assert!(!fires(
        &respelled.build_signed(),
        LEAF,
        &subca_der(),
        "chain.issuer_name.mismatch"
    ));
    let ee = Profile::EndEntity;
    assert!(fires(
        &respelled.build_signed(),
        ee,
        &subca_der(),
        "chain.issuer_name.encoding_differs"
    ));
    assert!(!fires(
        &respelled.build_signed(),
        ee,
        &subca_der(),
        "chain.issuer_name.not_byte_identical"
    ));
}

#[test]
fn authority_key_identifier() {
    check_leaf(
        "chain.authority_key_identifier.mismatch",
        &leaf().replace_extension(ext::authority_key_identifier(&[1, 2, 3])),
    );
    let dn = [GeneralName::DirName(presets::root_name())];
    let kid = presets::root_key().key_id();
    let with_serial = |serial: &[u8]| {
        presets::smime_subca()
            .replace_extension(ext::authority_key_identifier_full(
                Some(&kid),
                Some((&dn, serial)),
            ))
            .build_signed()
    };
    let code = "chain.authority_key_identifier.serial_mismatch";
    assert!(!fires(
        &with_serial(&presets::ROOT_SERIAL),
        SUB,
        &root_der(),
        code
    ));
    assert!(fires(&with_serial(&[0x01]), SUB, &root_der(), code));
}

#[test]
fn signature() {
    check_leaf("chain.signature.invalid", &leaf().corrupt_signature());
    check_leaf("chain.signature.invalid", &leaf().signer(Key::p384()));
    let md5 = der::seq(&[&der::oid("1.2.840.113549.1.1.4"), &der::null()]);
    check_leaf(
        "chain.signature.unverifiable",
        &leaf().sig_alg_raw(md5.clone()),
    );
    assert!(!fires(
        &leaf().sig_alg_raw(md5).build_signed(),
        LEAF,
        &subca_der(),
        "chain.signature.invalid"
    ));
}

/// DSA (NIST PKITS 4.1.4, 4.1.5): verified with an issuer key that has its
/// domain parameters; with one that inherits them from its own issuer (RFC
/// 3279 2.3.2), which the linter is not given, unverifiable rather than
/// invalid.
#[test]
fn dsa_signatures() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let certs = corpus.join("pkits/certs");
    let read = |f: &str| std::fs::read(certs.join(f)).unwrap();
    let codes = |leaf: &str, issuer: &str| -> Vec<String> {
        let profile = if leaf.ends_with("CACert.crt") {
            Profile::SubCa
        } else {
            Profile::EndEntity
        };
        findings(&read(leaf), profile, &read(issuer))
            .into_iter()
            .map(|f| f.code.to_string())
            .filter(|c| c.starts_with("chain.signature"))
            .collect()
    };
    let none: Vec<String> = Vec::new();
    assert_eq!(
        codes("ValidDSASignaturesTest4EE.crt", "DSACACert.crt"),
        none
    );
    assert_eq!(
        codes("DSAParametersInheritedCACert.crt", "DSACACert.crt"),
        none
    );
    assert_eq!(
        codes(
            "ValidDSAParameterInheritanceTest5EE.crt",
            "DSAParametersInheritedCACert.crt"
        ),
        ["chain.signature.unverifiable"]
    );
    assert_eq!(
        codes("InvalidDSASignatureTest6EE.crt", "DSACACert.crt"),
        ["chain.signature.invalid"]
    );
}

#[test]
fn validity_nesting() {
    check_leaf(
        "chain.validity.starts_before_issuer",
        &leaf().validity_days("2024-06-01T00:00:00Z", 365),
    );
    check_leaf(
        "chain.validity.ends_after_issuer",
        &leaf().validity_days("2029-12-01T00:00:00Z", 365),
    );
    let f = findings(
        &leaf()
            .validity_days("2024-06-01T00:00:00Z", 365)
            .build_signed(),
        LEAF,
        &subca_der(),
    );
    assert!(
        f.iter()
            .filter(|f| f.code.starts_with("chain.validity"))
            .all(|f| f.severity == Severity::Notice)
    );
}

#[test]
fn issuer_constraints() {
    let leaf_der = leaf().build_signed();
    // A subscriber certificate used as an issuer.
    assert!(!fires(&leaf_der, LEAF, &subca_der(), "chain.issuer.not_ca"));
    assert!(fires(&leaf_der, LEAF, &leaf_der, "chain.issuer.not_ca"));
    let no_kcs = presets::smime_subca()
        .replace_extension(ext::key_usage(&[KeyUsage::CrlSign]))
        .build_signed();
    assert!(!fires(
        &leaf_der,
        LEAF,
        &subca_der(),
        "chain.issuer.no_key_cert_sign"
    ));
    assert!(fires(
        &leaf_der,
        LEAF,
        &no_kcs,
        "chain.issuer.no_key_cert_sign"
    ));

    // A CA certificate under the preset sub-CA, whose pathLenConstraint is 0.
    let key = Key::p256();
    let sub2 = presets::smime_subca()
        .issuer(&presets::smime_ca_name())
        .subject(&Name::new().c("US").o("Testkit").cn("Testkit S/MIME CA 2"))
        .subject_key(key)
        .replace_extension(ext::authority_key_identifier(
            &presets::smime_ca_key().key_id(),
        ))
        .replace_extension(ext::subject_key_identifier(&key.key_id()))
        .signer(presets::smime_ca_key())
        .build_signed();
    let code = "chain.issuer.path_length_exceeded";
    assert!(fires(&sub2, SUB, &subca_der(), code));
    assert!(!fires(&subca_der(), SUB, &root_der(), code));
    assert!(!fires(&leaf_der, LEAF, &subca_der(), code));
}

fn corpus_pem(name: &str) -> Option<Vec<u8>> {
    let dir = common::corpus()?.join("secom");
    Some(
        common::first_pem(&std::fs::read_to_string(dir.join(name)).expect("read corpus file"))
            .expect("PEM"),
    )
}

#[test]
fn real_chain_suremail_g5_under_rootca2() {
    let (Some(g5), Some(root)) = (
        corpus_pem("Cybertrust_Japan_SureMail_CA_G5.pem"),
        corpus_pem("Security_Communication_RootCA2.pem"),
    ) else {
        return;
    };
    let chain: Vec<_> = findings(&g5, SUB, &root)
        .into_iter()
        .filter(|f| f.code.starts_with("chain."))
        .collect();
    assert!(chain.is_empty(), "{chain:?}");
    // Tamper with the last octet of the signature.
    let mut tampered = g5.clone();
    let last = tampered.len() - 1;
    tampered[last] ^= 0x01;
    assert!(fires(&tampered, SUB, &root, "chain.signature.invalid"));
}

#[test]
fn v1_issuer_is_not_judged_as_non_ca() {
    let v1_root = presets::root_ca()
        .version(testkit::Version::V1)
        .no_extensions()
        .build_signed();
    let sub = presets::smime_subca().build_signed();
    assert!(!fires(&sub, SUB, &v1_root, "chain.issuer.not_ca"));
}

/// Real S/MIME subscriber certificates with their real issuers: the chain
/// rules find no error. An issuer with the same key but another subject DN
/// verifies the signature but not the name.
#[test]
fn real_smime_leaves_with_their_issuers() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let dir = corpus.join("smime_real");
    let read = |name: &str| {
        common::first_pem(&std::fs::read_to_string(dir.join(name)).expect("read smime_real file"))
            .expect("PEM")
    };
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).expect("manifest");
    let mut n = 0;
    for line in manifest.lines().skip(1) {
        let name = line.split('\t').next().expect("name");
        let leaf = read(&format!("{name}.leaf.pem"));
        let issuer = read(&format!("{name}.issuer.pem"));
        let profile = lint::profile::detect(&Certificate::parse(&leaf).expect("leaf parses"));
        let errors: Vec<_> = findings(&leaf, profile, &issuer)
            .into_iter()
            .filter(|f| f.code.starts_with("chain.") && f.severity >= Severity::Warning)
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
        n += 1;
    }
    assert_eq!(n, 7);
    let leaf = read("digicert_c2_shared_smime_sponsored.leaf.pem");
    let other_dn =
        read("digicert_c2_shared_smime_sponsored.issuer-samekey-differentDN.239A0E23.pem");
    let profile = lint::profile::detect(&Certificate::parse(&leaf).expect("leaf parses"));
    assert!(fires(
        &leaf,
        profile,
        &other_dn,
        "chain.issuer_name.mismatch"
    ));
    assert!(!fires(&leaf, profile, &other_dn, "chain.signature.invalid"));
}
