//! Tests for the key and algorithm rules that apply to every profile (rules/keys.rs).
#![allow(clippy::expect_used, clippy::unwrap_used)]

use lint::{Generation, Linter, Options, Profile, ProfileChoice, Validation};
use testkit::{CertBuilder, Key, KeyUsage as K, der, ext, presets};

fn codes_with(der: &[u8], profile: Profile, issuer: Option<&[u8]>) -> Vec<&'static str> {
    let issuer = issuer.map(|i| cert::Certificate::parse(i).expect("issuer decodes"));
    let opts = Options {
        profile: ProfileChoice::Fixed(profile),
        issuer: issuer.as_ref(),
    };
    Linter::new()
        .lint_der(der, &opts)
        .findings
        .iter()
        .map(|f| f.code)
        .collect()
}

fn codes(der: &[u8], profile: Profile) -> Vec<&'static str> {
    codes_with(der, profile, None)
}

const SMIME: Profile = Profile::Smime(Validation::Mailbox, Generation::Multipurpose);

/// A compliant multipurpose mailbox leaf.
fn leaf() -> CertBuilder {
    presets::smime_leaf(
        testkit::Validation::Mailbox,
        testkit::Generation::Multipurpose,
    )
}

fn with_ku(b: CertBuilder, bits: &[K]) -> CertBuilder {
    b.replace_extension(ext::key_usage(bits))
}

fn spki(alg_hex: &str, key: &[u8]) -> Vec<u8> {
    der::seq(&[&der::from_hex(alg_hex), &der::bit_string(0, key)])
}

fn rsa_key(bits: usize) -> Vec<u8> {
    let mut n = vec![0xc5u8; bits.div_ceil(8)];
    let top = bits % 8;
    if top != 0 {
        n[0] = (1u8 << (top - 1)) | 1;
    }
    der::seq(&[&der::int_bytes(&n), &der::int_bytes(&[1, 0, 1])])
}

const RSA: &str = "300d06092a864886f70d0101010500";
const X25519: &str = "300506032b656e";
const ML_DSA_44: &str = "300b0609608648016503040311";
const ML_KEM_768: &str = "300b0609608648016503040402";
const P224: &str = "301006072a8648ce3d020106052b81040021";
const SHA1_RSA: &str = "300d06092a864886f70d0101050500";

fn has(c: &[&str], code: &str) -> bool {
    c.contains(&code)
}

/// Asserts that `code` is absent for `pass` and present for `fail`.
fn pass_fail(code: &str, profile: Profile, pass: CertBuilder, fail: CertBuilder) {
    let p = codes(&pass.build_signed(), profile);
    assert!(!has(&p, code), "{code} on the passing certificate: {p:?}");
    let f = codes(&fail.build_signed(), profile);
    assert!(
        has(&f, code),
        "{code} missing on the failing certificate: {f:?}"
    );
}

#[test]
fn presets_raise_nothing_from_key_rules() {
    let mine: Vec<_> = lint::rules::keys::RULES.iter().map(|r| r.code).collect();
    for (der, p) in [
        (leaf().build_signed(), SMIME),
        (leaf().build_signed(), Profile::EndEntity),
        (presets::smime_subca().build_signed(), Profile::SmimeSubCa),
        (presets::smime_subca().build_signed(), Profile::SubCa),
        (presets::root_ca().build_signed(), Profile::RootCa),
    ] {
        let found: Vec<_> = codes(&der, p)
            .into_iter()
            .filter(|c| mine.contains(c))
            .collect();
        assert!(found.is_empty(), "{}: {found:?}", p.name());
    }
}

#[test]
fn ku_rsa() {
    pass_fail(
        "pkix.key_usage.prohibited_for_rsa",
        Profile::EndEntity,
        with_ku(
            leaf(),
            &[K::DigitalSignature, K::KeyEncipherment, K::DataEncipherment],
        ),
        with_ku(leaf(), &[K::DigitalSignature, K::KeyAgreement]),
    );
}

#[test]
fn ku_ec() {
    let ec = leaf().subject_key(Key::p256());
    pass_fail(
        "pkix.key_usage.prohibited_for_ec",
        Profile::EndEntity,
        with_ku(ec.clone(), &[K::DigitalSignature, K::KeyAgreement]),
        with_ku(ec, &[K::DigitalSignature, K::KeyEncipherment]),
    );
}

#[test]
fn ku_eddsa() {
    let ed = leaf().subject_key(Key::ed25519());
    pass_fail(
        "pkix.key_usage.prohibited_for_eddsa",
        SMIME,
        with_ku(ed.clone(), &[K::DigitalSignature, K::NonRepudiation]),
        with_ku(ed, &[K::DigitalSignature, K::KeyAgreement]),
    );
}

#[test]
fn ku_xdh() {
    let x = leaf().spki_raw(spki(X25519, &[0x33; 32]));
    pass_fail(
        "pkix.key_usage.prohibited_for_xdh",
        Profile::EndEntity,
        with_ku(x.clone(), &[K::KeyAgreement, K::EncipherOnly]),
        with_ku(x.clone(), &[K::KeyAgreement, K::DigitalSignature]),
    );
    pass_fail(
        "pkix.key_usage.xdh_key_agreement_missing",
        Profile::EndEntity,
        with_ku(x.clone(), &[K::KeyAgreement]),
        with_ku(x, &[K::EncipherOnly]),
    );
}

/// RFC 9881 4: the subjectPublicKey is the raw key of the parameter set's
/// size; 8.3: no HashML-DSA key in a certificate that issues certificates,
/// signs CRLs or OCSP responses (an end-entity one is out of its scope).
#[test]
fn mldsa_key_length_and_hash_mldsa() {
    const ML_DSA_87: &str = "300b0609608648016503040313";
    const HASH_ML_DSA_44: &str = "300b0609608648016503040320";
    pass_fail(
        "pkix.spki.ml_dsa_key_length",
        Profile::EndEntity,
        leaf().spki_raw(spki(ML_DSA_44, &[0x11; 1312])),
        leaf().spki_raw(spki(ML_DSA_44, &[0x11; 1311])),
    );
    pass_fail(
        "pkix.spki.ml_dsa_key_length",
        Profile::EndEntity,
        leaf().spki_raw(spki(ML_DSA_87, &[0x11; 2592])),
        leaf().spki_raw(spki(ML_DSA_87, &[0x11; 1952])),
    );
    let hash = spki(HASH_ML_DSA_44, &[0x33; 1312]);
    pass_fail(
        "pkix.spki.hash_ml_dsa_in_ca",
        Profile::SubCa,
        with_ku(leaf().spki_raw(hash.clone()), &[K::DigitalSignature]),
        presets::smime_subca().spki_raw(hash.clone()),
    );
    // An OCSP responder signs OCSP responses.
    pass_fail(
        "pkix.spki.hash_ml_dsa_in_ca",
        Profile::EndEntity,
        leaf().spki_raw(hash.clone()),
        leaf()
            .spki_raw(hash)
            .replace_extension(ext::ext_key_usage(&[ext::oid::KP_OCSP_SIGNING])),
    );
}

#[test]
fn ku_mldsa_mlkem() {
    let mldsa = leaf().spki_raw(spki(ML_DSA_44, &[0x11; 1312]));
    pass_fail(
        "pkix.key_usage.prohibited_for_mldsa",
        Profile::EndEntity,
        with_ku(mldsa.clone(), &[K::DigitalSignature, K::NonRepudiation]),
        with_ku(mldsa, &[K::DigitalSignature, K::KeyEncipherment]),
    );
    let mlkem = leaf().spki_raw(spki(ML_KEM_768, &[0x22; 1184]));
    pass_fail(
        "pkix.key_usage.prohibited_for_mlkem",
        Profile::EndEntity,
        with_ku(mlkem.clone(), &[K::KeyEncipherment]),
        with_ku(mlkem, &[K::KeyEncipherment, K::DigitalSignature]),
    );
}

#[test]
fn ku_encipher_only_without_key_agreement() {
    let ec = leaf().subject_key(Key::p256());
    pass_fail(
        "rfc5280.key_usage.encipher_decipher_only_without_key_agreement",
        Profile::EndEntity,
        with_ku(ec.clone(), &[K::KeyAgreement, K::DecipherOnly]),
        with_ku(ec, &[K::DigitalSignature, K::DecipherOnly]),
    );
}

#[test]
fn rsa_parameters() {
    let key = Key::rsa2048().public_key_bytes();
    pass_fail(
        "pkix.spki.rsa_parameters_not_null",
        Profile::EndEntity,
        leaf(),
        leaf().spki_raw(spki("300b06092a864886f70d010101", &key)),
    );
    // A parameter other than NULL (an empty SEQUENCE).
    let c = codes(
        &leaf()
            .spki_raw(spki("300d06092a864886f70d0101013000", &key))
            .build_signed(),
        Profile::EndEntity,
    );
    assert!(has(&c, "pkix.spki.rsa_parameters_not_null"));
}

#[test]
fn rsa_public_key_decodes() {
    pass_fail(
        "pkix.spki.rsa_public_key_undecodable",
        Profile::EndEntity,
        leaf(),
        leaf().spki_raw(spki(RSA, &[0x30, 0x03, 0x02, 0x01])),
    );
}

#[test]
fn ec_named_curve() {
    let point = Key::p256().public_key_bytes();
    pass_fail(
        "pkix.spki.ec_parameters_not_named_curve",
        Profile::EndEntity,
        leaf().subject_key(Key::p256()),
        // id-ecPublicKey with implicitCurve (NULL).
        leaf().spki_raw(spki("300b06072a8648ce3d02010500", &point)),
    );
}

#[test]
fn signature_algorithm_mismatch() {
    pass_fail(
        "rfc5280.signature_algorithm.mismatch",
        Profile::EndEntity,
        leaf(),
        leaf().outer_sig_alg_raw(der::from_hex("300a06082a8648ce3d040303")),
    );
}

#[test]
fn mrsp_rsa_sizes() {
    pass_fail(
        "mozilla.key.rsa_modulus_too_small",
        Profile::EndEntity,
        leaf().spki_raw(spki(RSA, &rsa_key(2048))),
        leaf().spki_raw(spki(RSA, &rsa_key(1024))),
    );
    pass_fail(
        "mozilla.key.rsa_modulus_not_multiple_of_8",
        Profile::EndEntity,
        leaf().spki_raw(spki(RSA, &rsa_key(3072))),
        leaf().spki_raw(spki(RSA, &rsa_key(2049))),
    );
}

#[test]
fn mrsp_ec_curve_and_encoding() {
    let p224 = with_ku(leaf(), &[K::DigitalSignature]).spki_raw(spki(P224, &[0x04; 57]));
    let p384 = with_ku(leaf(), &[K::DigitalSignature]).subject_key(Key::p384());
    pass_fail(
        "mozilla.key.ec_curve_not_permitted",
        Profile::EndEntity,
        p384.clone(),
        p224.clone(),
    );
    pass_fail("mozilla.spki.ec_encoding", Profile::EndEntity, p384, p224);
}

#[test]
fn mrsp_eddsa_requires_email_protection() {
    let ed = with_ku(leaf(), &[K::DigitalSignature]).subject_key(Key::ed25519());
    pass_fail(
        "mozilla.key.eddsa_without_email_protection",
        Profile::EndEntity,
        ed.clone(),
        ed.replace_extension(ext::ext_key_usage(&[ext::oid::KP_CLIENT_AUTH])),
    );
}

#[test]
fn mrsp_algorithm() {
    pass_fail(
        "mozilla.key.algorithm_not_permitted",
        Profile::EndEntity,
        leaf().subject_key(Key::ed25519()),
        with_ku(leaf(), &[K::DigitalSignature]).spki_raw(spki(ML_DSA_44, &[0x11; 1312])),
    );
}

#[test]
fn mrsp_rsa_spki_encoding() {
    // An RSA key labelled id-RSASSA-PSS.
    pass_fail(
        "mozilla.spki.rsa_encoding",
        Profile::EndEntity,
        leaf(),
        leaf().spki_raw(spki(
            "300b06092a864886f70d01010a",
            &Key::rsa2048().public_key_bytes(),
        )),
    );
}

#[test]
fn mrsp_signature_encoding() {
    pass_fail(
        "mozilla.signature_algorithm.encoding",
        Profile::EndEntity,
        leaf(),
        // ecdsa-with-SHA256 with a NULL parameter.
        leaf().sig_alg_raw(der::from_hex("300c06082a8648ce3d0403020500")),
    );
    // With the issuer: a P-256 issuer must use ecdsa-with-SHA256.
    let issuer = presets::smime_subca().build_signed();
    let wrong = leaf()
        .sig_alg_raw(der::from_hex("300a06082a8648ce3d040303"))
        .build_signed();
    assert!(!has(
        &codes(&wrong, Profile::EndEntity),
        "mozilla.signature_algorithm.encoding"
    ));
    assert!(has(
        &codes_with(&wrong, Profile::EndEntity, Some(&issuer)),
        "mozilla.signature_algorithm.encoding"
    ));
    let right = leaf().build_signed();
    assert!(!has(
        &codes_with(&right, Profile::EndEntity, Some(&issuer)),
        "mozilla.signature_algorithm.encoding"
    ));
}

#[test]
fn mrsp_sha1() {
    let sha1 = || der::from_hex(SHA1_RSA);
    // emailProtection end-entity certificates, from 2022-07-01.
    pass_fail(
        "mozilla.sha1.email_protection",
        SMIME,
        leaf().sig_alg_raw(sha1()).validity_days("2022-06-30", 365),
        leaf().sig_alg_raw(sha1()).validity_days("2022-07-01", 365),
    );
    // id-kp-OCSPSigning, from 2023-07-01.
    let ocsp = leaf()
        .replace_extension(ext::ext_key_usage(&[ext::oid::KP_OCSP_SIGNING]))
        .sig_alg_raw(sha1());
    pass_fail(
        "mozilla.sha1.ocsp_signing",
        Profile::EndEntity,
        ocsp.clone().validity_days("2023-06-30", 365),
        ocsp.validity_days("2023-07-01", 365),
    );
    // Intermediates, from 2023-07-01; an RSASSA-PSS AlgorithmIdentifier with
    // default (SHA-1) parameters counts.
    let pss_default = der::from_hex("300d06092a864886f70d01010a3000");
    pass_fail(
        "mozilla.sha1.intermediate",
        Profile::SubCa,
        presets::smime_subca().validity_days("2024-01-01", 1000),
        presets::smime_subca()
            .sig_alg_raw(pss_default)
            .validity_days("2024-01-01", 1000),
    );
}

#[test]
fn spki_parameters_absent() {
    let ed = Key::ed25519().public_key_bytes();
    pass_fail(
        "pkix.spki.parameters_present",
        SMIME,
        with_ku(leaf(), &[K::DigitalSignature]).subject_key(Key::ed25519()),
        // id-Ed25519 with a NULL parameter.
        with_ku(leaf(), &[K::DigitalSignature]).spki_raw(spki("300706032b65700500", &ed)),
    );
}

#[test]
fn signature_parameters() {
    let code = "pkix.signature_algorithm.parameters";
    // ecdsa-with-SHA256 with a NULL parameter.
    pass_fail(
        code,
        Profile::EndEntity,
        leaf(),
        leaf().sig_alg_raw(der::from_hex("300c06082a8648ce3d0403020500")),
    );
    // sha256WithRSAEncryption without its NULL parameter.
    pass_fail(
        code,
        Profile::EndEntity,
        leaf().sig_alg_raw(der::from_hex("300d06092a864886f70d01010b0500")),
        leaf().sig_alg_raw(der::from_hex("300b06092a864886f70d01010b")),
    );
}
