//! Tests for the S/MIME key, algorithm and validity rules (rules/smime_keys.rs).
#![allow(clippy::expect_used, clippy::unwrap_used)]

use lint::{Generation, Linter, Options, Profile, ProfileChoice, Validation};
use testkit::{CertBuilder, Key, KeyType, KeyUsage as K, der, ext, presets};

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

fn tk_gen(g: Generation) -> testkit::Generation {
    match g {
        Generation::Legacy => testkit::Generation::Legacy,
        Generation::Multipurpose => testkit::Generation::Multipurpose,
        Generation::Strict => testkit::Generation::Strict,
    }
}

fn tk_val(v: Validation) -> testkit::Validation {
    match v {
        Validation::Mailbox => testkit::Validation::Mailbox,
        Validation::Organization => testkit::Validation::Organization,
        Validation::Sponsored => testkit::Validation::Sponsored,
        Validation::Individual => testkit::Validation::Individual,
    }
}

/// A compliant mailbox leaf of generation `g` and its profile.
fn leaf(g: Generation) -> (CertBuilder, Profile) {
    (
        presets::smime_leaf(testkit::Validation::Mailbox, tk_gen(g)),
        Profile::Smime(Validation::Mailbox, g),
    )
}

fn with_ku(b: CertBuilder, bits: &[K]) -> CertBuilder {
    b.replace_extension(ext::key_usage(bits))
}

/// A SubjectPublicKeyInfo with this AlgorithmIdentifier (hex) and key bytes.
fn spki(alg_hex: &str, key: &[u8]) -> Vec<u8> {
    der::seq(&[&der::from_hex(alg_hex), &der::bit_string(0, key)])
}

/// An RSA SubjectPublicKeyInfo with a modulus of `bits` bits and exponent `e`.
fn rsa_spki(bits: usize, e: &[u8]) -> Vec<u8> {
    let mut n = vec![0xc5u8; bits.div_ceil(8)];
    let top = bits % 8;
    if top != 0 {
        n[0] = (1u8 << (top - 1)) | 1;
    }
    let key = der::seq(&[&der::int_bytes(&n), &der::int_bytes(e)]);
    spki("300d06092a864886f70d0101010500", &key)
}

const ML_DSA_44: &str = "300b0609608648016503040311";
const ML_KEM_512: &str = "300b0609608648016503040401";

fn has(c: &[&str], code: &str) -> bool {
    c.contains(&code)
}

fn my_codes() -> Vec<&'static str> {
    lint::rules::smime_keys::RULES
        .iter()
        .chain(lint::rules::keys::RULES)
        .map(|r| r.code)
        .collect()
}

#[test]
fn presets_raise_nothing_from_key_rules() {
    let mine = my_codes();
    let linter = Linter::new();
    let check = |der: &[u8], p: Profile| {
        let r = linter.lint_der(
            der,
            &Options {
                profile: ProfileChoice::Fixed(p),
                issuer: None,
            },
        );
        let found: Vec<_> = r
            .findings
            .iter()
            .filter(|f| mine.contains(&f.code))
            .map(|f| f.code)
            .collect();
        assert!(found.is_empty(), "{}: {found:?}", p.name());
    };
    for v in Validation::ALL {
        for g in Generation::ALL {
            check(
                &presets::smime_leaf(tk_val(v), tk_gen(g)).build_signed(),
                Profile::Smime(v, g),
            );
        }
    }
    check(&presets::smime_subca().build_signed(), Profile::SmimeSubCa);
    check(&presets::root_ca().build_signed(), Profile::SmimeRoot);
    check(&presets::root_ca().build_signed(), Profile::RootCa);
    // Other key types the testkit can make, with the keyUsage their table allows.
    for (kind, bits) in [
        (KeyType::Rsa3072, &[K::DigitalSignature][..]),
        (KeyType::P256, &[K::DigitalSignature, K::KeyAgreement][..]),
        (KeyType::P384, &[K::KeyAgreement, K::EncipherOnly][..]),
        (
            KeyType::Ed25519,
            &[K::DigitalSignature, K::NonRepudiation][..],
        ),
    ] {
        let (b, p) = leaf(Generation::Strict);
        check(
            &with_ku(b.subject_key(Key::cached(kind)), bits).build_signed(),
            p,
        );
    }
}

#[test]
fn key_usage_presence() {
    let (b, p) = leaf(Generation::Strict);
    assert!(!has(
        &codes(&b.clone().build_signed(), p),
        "smime.key_usage.missing"
    ));
    let c = codes(&b.remove_extension(ext::oid::KEY_USAGE).build_signed(), p);
    assert!(has(&c, "smime.key_usage.missing"));
}

#[test]
fn key_usage_criticality() {
    let (b, p) = leaf(Generation::Multipurpose);
    assert!(!has(
        &codes(&b.clone().build_signed(), p),
        "smime.key_usage.not_critical"
    ));
    let ku = ext::key_usage(&[K::DigitalSignature, K::KeyEncipherment]).non_critical();
    let c = codes(&b.replace_extension(ku).build_signed(), p);
    assert!(has(&c, "smime.key_usage.not_critical"));
}

#[test]
fn key_usage_prohibited_bits() {
    let dual_de = [K::DigitalSignature, K::KeyEncipherment, K::DataEncipherment];
    // dataEncipherment: allowed with RSA in multipurpose and legacy, not in strict.
    let (b, p) = leaf(Generation::Multipurpose);
    assert!(!has(
        &codes(&with_ku(b, &dual_de).build_signed(), p),
        "smime.key_usage.prohibited_bit"
    ));
    let (b, p) = leaf(Generation::Strict);
    assert!(has(
        &codes(&with_ku(b, &dual_de).build_signed(), p),
        "smime.key_usage.prohibited_bit"
    ));
    // keyEncipherment on an ECDSA key, and decipherOnly on a signing ECDSA key.
    let (b, p) = leaf(Generation::Legacy);
    let ec = b.subject_key(Key::p256());
    let c = codes(
        &with_ku(ec.clone(), &[K::DigitalSignature, K::KeyEncipherment]).build_signed(),
        p,
    );
    assert!(has(&c, "smime.key_usage.prohibited_bit"));
    assert!(!has(&c, "smime.key_usage.unknown_usage"));
    let c = codes(
        &with_ku(ec.clone(), &[K::DigitalSignature, K::DecipherOnly]).build_signed(),
        p,
    );
    assert!(has(&c, "smime.key_usage.prohibited_bit"));
    let c = codes(
        &with_ku(ec, &[K::DigitalSignature, K::KeyAgreement, K::DecipherOnly]).build_signed(),
        p,
    );
    assert!(!has(&c, "smime.key_usage.prohibited_bit"));
}

#[test]
fn key_usage_unknown_usage() {
    let (b, p) = leaf(Generation::Strict);
    let c = codes(
        &with_ku(b.clone(), &[K::DigitalSignature, K::NonRepudiation]).build_signed(),
        p,
    );
    assert!(!has(&c, "smime.key_usage.unknown_usage"));
    let c = codes(&with_ku(b.clone(), &[K::NonRepudiation]).build_signed(), p);
    assert!(has(&c, "smime.key_usage.unknown_usage"));
    assert!(!has(&c, "smime.key_usage.prohibited_bit"));
    // Ed25519 keys only sign.
    let ed = b.subject_key(Key::ed25519());
    let c = codes(&with_ku(ed, &[K::KeyEncipherment]).build_signed(), p);
    assert!(has(&c, "smime.key_usage.unknown_usage"));
}

#[test]
fn key_usage_post_quantum() {
    // From 2025-08-22 (S/MIME BR 1.0.11): ML-DSA signs, ML-KEM manages keys.
    let (b, p) = leaf(Generation::Strict);
    let b = b.validity_days("2025-09-01", 365);
    let mldsa = b.clone().spki_raw(spki(ML_DSA_44, &[0x11; 1312]));
    let mlkem = b.spki_raw(spki(ML_KEM_512, &[0x22; 800]));
    let c = codes(
        &with_ku(mldsa.clone(), &[K::DigitalSignature]).build_signed(),
        p,
    );
    assert!(
        !has(&c, "smime.key_usage.unknown_usage") && !has(&c, "smime.key_usage.prohibited_bit")
    );
    assert!(has(
        &codes(&with_ku(mldsa, &[K::KeyEncipherment]).build_signed(), p),
        "smime.key_usage.unknown_usage"
    ));
    let c = codes(
        &with_ku(mlkem.clone(), &[K::KeyEncipherment]).build_signed(),
        p,
    );
    assert!(
        !has(&c, "smime.key_usage.unknown_usage") && !has(&c, "smime.key_usage.prohibited_bit")
    );
    assert!(has(
        &codes(&with_ku(mlkem, &[K::DigitalSignature]).build_signed(), p),
        "smime.key_usage.unknown_usage"
    ));
}

#[test]
fn spki_encoding() {
    let (b, p) = leaf(Generation::Legacy);
    assert!(!has(
        &codes(&b.clone().build_signed(), p),
        "smime.spki.algorithm_encoding"
    ));
    let key = Key::rsa2048().public_key_bytes();
    let c = codes(
        &b.clone()
            .spki_raw(spki("300b06092a864886f70d010101", &key))
            .build_signed(),
        p,
    );
    assert!(has(&c, "smime.spki.algorithm_encoding"));
    // ML-DSA: listed from 2025-08-22 only.
    let pq = b
        .spki_raw(spki(ML_DSA_44, &[0x11; 1312]))
        .replace_extension(ext::key_usage(&[K::DigitalSignature]));
    let c = codes(
        &pq.clone().validity_days("2025-09-01", 365).build_signed(),
        p,
    );
    assert!(!has(&c, "smime.spki.algorithm_encoding"));
    assert!(!has(&c, "smime.key.algorithm_not_permitted"));
    let c = codes(&pq.validity_days("2025-03-01", 365).build_signed(), p);
    assert!(has(&c, "smime.spki.algorithm_encoding"));
    assert!(has(&c, "smime.key.algorithm_not_permitted"));
}

#[test]
fn signature_encoding() {
    let (b, p) = leaf(Generation::Legacy);
    assert!(!has(
        &codes(&b.clone().build_signed(), p),
        "smime.signature_algorithm.encoding"
    ));
    let sha1 = der::from_hex("300d06092a864886f70d0101050500");
    let c = codes(&b.clone().sig_alg_raw(sha1).build_signed(), p);
    assert!(has(&c, "smime.signature_algorithm.encoding"));
    // With the issuer known (a P-256 key), ecdsa-with-SHA384 is wrong although listed for P-384.
    let issuer = presets::smime_subca().build_signed();
    let sha384 = der::from_hex("300a06082a8648ce3d040303");
    let wrong = b.clone().sig_alg_raw(sha384).build_signed();
    assert!(!has(
        &codes(&wrong, p),
        "smime.signature_algorithm.encoding"
    ));
    assert!(has(
        &codes_with(&wrong, p, Some(&issuer)),
        "smime.signature_algorithm.encoding"
    ));
    assert!(!has(
        &codes_with(&b.build_signed(), p, Some(&issuer)),
        "smime.signature_algorithm.encoding"
    ));
    // The rule covers S/MIME CA certificates too.
    let subca = presets::smime_subca()
        .sig_alg_raw(der::from_hex("300a06082a8648ce3d040301"))
        .build_signed();
    assert!(has(
        &codes(&subca, Profile::SmimeSubCa),
        "smime.signature_algorithm.encoding"
    ));
}

#[test]
fn key_algorithm() {
    let (b, p) = leaf(Generation::Strict);
    assert!(!has(
        &codes(&b.clone().build_signed(), p),
        "smime.key.algorithm_not_permitted"
    ));
    // id-dsa with parameters p, q, g.
    let dsa_alg = der::seq(&[
        &der::oid("1.2.840.10040.4.1"),
        &der::seq(&[&der::int_u64(23), &der::int_u64(11), &der::int_u64(2)]),
    ]);
    let dsa = der::seq(&[&dsa_alg, &der::bit_string(0, &der::int_u64(5))]);
    assert!(has(
        &codes(&b.clone().spki_raw(dsa).build_signed(), p),
        "smime.key.algorithm_not_permitted"
    ));
    let x25519 = spki("300506032b656e", &[0x33; 32]);
    let c = codes(
        &with_ku(b.spki_raw(x25519), &[K::KeyAgreement]).build_signed(),
        p,
    );
    assert!(has(&c, "smime.key.algorithm_not_permitted"));
    assert!(has(&c, "smime.spki.algorithm_encoding"));
}

#[test]
fn ec_curve() {
    let (b, p) = leaf(Generation::Strict);
    let b = with_ku(b, &[K::DigitalSignature]);
    assert!(!has(
        &codes(&b.clone().subject_key(Key::p384()).build_signed(), p),
        "smime.key.ec_curve_not_permitted"
    ));
    // secp224r1
    let p224 = spki("301006072a8648ce3d020106052b81040021", &[0x04; 57]);
    assert!(has(
        &codes(&b.spki_raw(p224).build_signed(), p),
        "smime.key.ec_curve_not_permitted"
    ));
}

#[test]
fn rsa_modulus() {
    let (b, p) = leaf(Generation::Strict);
    let ok = codes(
        &b.clone()
            .spki_raw(rsa_spki(2048, &[1, 0, 1]))
            .build_signed(),
        p,
    );
    assert!(!has(&ok, "smime.key.rsa_modulus_size"));
    let short = codes(
        &b.clone()
            .spki_raw(rsa_spki(1024, &[1, 0, 1]))
            .build_signed(),
        p,
    );
    assert!(has(&short, "smime.key.rsa_modulus_size"));
    let odd = codes(&b.spki_raw(rsa_spki(2047, &[1, 0, 1])).build_signed(), p);
    assert!(has(&odd, "smime.key.rsa_modulus_size"));
}

#[test]
fn rsa_exponent() {
    let (b, p) = leaf(Generation::Strict);
    let lint = |e: &[u8]| codes(&b.clone().spki_raw(rsa_spki(2048, e)).build_signed(), p);
    let f4 = lint(&[1, 0, 1]);
    assert!(
        !has(&f4, "smime.key.rsa_exponent_prohibited")
            && !has(&f4, "smime.key.rsa_exponent_outside_range")
    );
    let three = lint(&[3]);
    assert!(!has(&three, "smime.key.rsa_exponent_prohibited"));
    assert!(has(&three, "smime.key.rsa_exponent_outside_range"));
    assert!(has(
        &lint(&[1, 0, 0]),
        "smime.key.rsa_exponent_outside_range"
    ));
    assert!(has(
        &lint(&[1, 0, 0, 0]),
        "smime.key.rsa_exponent_prohibited"
    ));
    assert!(has(&lint(&[1]), "smime.key.rsa_exponent_prohibited"));
    let big = [0xffu8; 33];
    assert!(has(&lint(&big), "smime.key.rsa_exponent_outside_range"));
    assert!(!has(
        &lint(&[0xff; 32]),
        "smime.key.rsa_exponent_outside_range"
    ));
}

#[test]
fn validity_multipurpose_and_strict() {
    let day = 86_400;
    for g in [Generation::Strict, Generation::Multipurpose] {
        let (b, p) = leaf(g);
        let lint = |secs: i64| {
            codes(
                &b.clone()
                    .validity_seconds("2025-03-01", secs)
                    .build_signed(),
                p,
            )
        };
        let under = lint(824 * day);
        assert!(
            !has(&under, "smime.validity.exceeds_825_days")
                && !has(&under, "smime.validity.at_maximum")
        );
        let max = lint(825 * day);
        assert!(
            !has(&max, "smime.validity.exceeds_825_days") && has(&max, "smime.validity.at_maximum")
        );
        // 824 days and one second counts as 825 days.
        assert!(has(&lint(824 * day + 1), "smime.validity.at_maximum"));
        let over = lint(825 * day + 1);
        assert!(
            has(&over, "smime.validity.exceeds_825_days")
                && !has(&over, "smime.validity.at_maximum")
        );
    }
}

#[test]
fn validity_legacy() {
    let day = 86_400;
    let (b, p) = leaf(Generation::Legacy);
    let lint = |secs: i64| {
        codes(
            &b.clone()
                .validity_seconds("2025-03-01", secs)
                .build_signed(),
            p,
        )
    };
    let ok = lint(1000 * day);
    assert!(
        !has(&ok, "smime.validity.exceeds_1185_days")
            && !has(&ok, "smime.validity.exceeds_825_days")
    );
    let max = lint(1185 * day);
    assert!(
        !has(&max, "smime.validity.exceeds_1185_days") && has(&max, "smime.validity.at_maximum")
    );
    assert!(has(
        &lint(1185 * day + 1),
        "smime.validity.exceeds_1185_days"
    ));
}
