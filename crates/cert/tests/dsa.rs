//! DSA verification (FIPS 186-4 4.7, RFC 3279): vectors made with OpenSSL
//! for the FIPS 186-4 sizes (tests/data/dsa: public keys, one message,
//! signatures; no private key), the NIST PKITS DSA certificates and CRLs
//! (with parameter inheritance, RFC 5280 6.1.4 (f)), and refusals.
#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is the failure

use std::path::{Path, PathBuf};

use cert::crl::Crl;
use cert::der::{IssueSink, Reader, tag};
use cert::verify::{VerifyError, verify, verify_certificate, with_spki};
use cert::{AlgorithmIdentifier, Certificate, oids};
use testkit::der;

const DSA_SHA1: &str = "1.2.840.10040.4.3";
const DSA_SHA224: &str = "2.16.840.1.101.3.4.3.1";
const DSA_SHA256: &str = "2.16.840.1.101.3.4.3.2";

fn data(name: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/dsa")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Verifies `sig` over `msg` with the AlgorithmIdentifier `{ oid }` and
/// the SubjectPublicKeyInfo DER `spki`.
fn check(oid: &str, spki: &[u8], msg: &[u8], sig: &[u8]) -> Result<(), VerifyError> {
    let alg_der = der::seq(&[&der::oid(oid)]);
    let sink = IssueSink::default();
    let t = Reader::new(&alg_der, 0, &sink)
        .read_tag(tag::SEQUENCE)
        .unwrap();
    let alg = AlgorithmIdentifier::parse(t, &sink).unwrap();
    with_spki(spki, |k| verify(&alg, k, msg, sig)).expect("SPKI decodes")
}

#[test]
fn openssl_vectors_verify() {
    let msg = data("msg");
    let cases = [
        ("spki_2048.der", "sig_2048_sha1.der", DSA_SHA1),
        ("spki_2048.der", "sig_2048_sha224.der", DSA_SHA224),
        ("spki_2048.der", "sig_2048_sha256.der", DSA_SHA256),
        // N = 224 < 256: the hash is truncated to its leftmost 224 bits.
        ("spki_2048q224.der", "sig_2048q224_sha256.der", DSA_SHA256),
        ("spki_3072.der", "sig_3072_sha256.der", DSA_SHA256),
    ];
    for (spki, sig, oid) in cases {
        let (spki, sig) = (data(spki), data(sig));
        assert_eq!(check(oid, &spki, &msg, &sig), Ok(()), "{oid}");
        // Another message, another hash, a changed signature: no.
        let mut other = msg.clone();
        other[0] ^= 1;
        assert_eq!(
            check(oid, &spki, &other, &sig),
            Err(VerifyError::BadSignature)
        );
        let wrong_hash = if oid == DSA_SHA1 {
            DSA_SHA256
        } else {
            DSA_SHA1
        };
        assert_eq!(
            check(wrong_hash, &spki, &msg, &sig),
            Err(VerifyError::BadSignature)
        );
        for i in [8, sig.len() - 1] {
            let mut bad = sig.clone();
            bad[i] ^= 0x10;
            assert_eq!(
                check(oid, &spki, &msg, &bad),
                Err(VerifyError::BadSignature),
                "signature byte {i} changed"
            );
        }
    }
    // The key of one domain with a signature made in another.
    assert_eq!(
        check(
            DSA_SHA256,
            &data("spki_3072.der"),
            &msg,
            &data("sig_2048_sha256.der")
        ),
        Err(VerifyError::BadSignature)
    );
}

/// The components of a DSA SubjectPublicKeyInfo.
fn spki(p: &[u8], q: &[u8], g: &[u8], y: &[u8]) -> Vec<u8> {
    let params = der::seq(&[&der::int_bytes(p), &der::int_bytes(q), &der::int_bytes(g)]);
    der::seq(&[
        &der::seq(&[&der::oid("1.2.840.10040.4.1"), &params]),
        &der::bit_string(0, &der::int_bytes(y)),
    ])
}

#[test]
fn sizes_beyond_fips_186_4_are_refused_before_any_work() {
    let sig = der::seq(&[&der::int_u64(1), &der::int_u64(1)]);
    // p of 3073 bits (2^3072 + 1).
    let mut big_p = vec![0u8; 385];
    big_p[0] = 1;
    big_p[384] = 1;
    let r = check(DSA_SHA256, &spki(&big_p, &[7], &[2], &[3]), b"m", &sig);
    assert!(
        matches!(r, Err(VerifyError::UnsupportedAlgorithm(_))),
        "{r:?}"
    );
    // q of 257 bits.
    let mut big_q = vec![0u8; 33];
    big_q[0] = 1;
    big_q[32] = 1;
    let r = check(
        DSA_SHA256,
        &spki(&[0xff; 128], &big_q, &[2], &[3]),
        b"m",
        &sig,
    );
    assert!(
        matches!(r, Err(VerifyError::UnsupportedAlgorithm(_))),
        "{r:?}"
    );
    // Megabyte-sized numbers are refused as quickly.
    let huge = vec![0x7f; 1 << 20];
    let r = check(DSA_SHA256, &spki(&huge, &[7], &[2], &[3]), b"m", &sig);
    assert!(
        matches!(r, Err(VerifyError::UnsupportedAlgorithm(_))),
        "{r:?}"
    );
}

#[test]
fn malformed_keys_and_signatures_are_errors_not_panics() {
    let msg = data("msg");
    let good = data("spki_2048.der");
    let sig = data("sig_2048_sha256.der");
    let malformed = |r: Result<(), VerifyError>| matches!(r, Err(VerifyError::MalformedKey(_)));
    // y = 0, y = p, g = 1, q = p: out of range.
    assert!(malformed(check(
        DSA_SHA256,
        &spki(&[23], &[11], &[2], &[0]),
        &msg,
        &sig
    )));
    assert!(malformed(check(
        DSA_SHA256,
        &spki(&[23], &[11], &[2], &[23]),
        &msg,
        &sig
    )));
    assert!(malformed(check(
        DSA_SHA256,
        &spki(&[23], &[11], &[1], &[4]),
        &msg,
        &sig
    )));
    assert!(malformed(check(
        DSA_SHA256,
        &spki(&[23], &[23], &[2], &[4]),
        &msg,
        &sig
    )));
    assert!(malformed(check(
        DSA_SHA256,
        &spki(&[24], &[11], &[2], &[4]),
        &msg,
        &sig
    )));
    // A negative p; parameters that are not a SEQUENCE of three INTEGERs.
    let negative = der::seq(&[
        &der::seq(&[
            &der::oid("1.2.840.10040.4.1"),
            &der::seq(&[&der::int_raw(&[0x80]), &der::int_u64(11), &der::int_u64(2)]),
        ]),
        &der::bit_string(0, &der::int_u64(4)),
    ]);
    assert!(malformed(check(DSA_SHA256, &negative, &msg, &sig)));
    let two = der::seq(&[
        &der::seq(&[
            &der::oid("1.2.840.10040.4.1"),
            &der::seq(&[&der::int_u64(23), &der::int_u64(11)]),
        ]),
        &der::bit_string(0, &der::int_u64(4)),
    ]);
    assert!(malformed(check(DSA_SHA256, &two, &msg, &sig)));
    // y followed by trailing bytes.
    let trailing = der::seq(&[
        &der::seq(&[
            &der::oid("1.2.840.10040.4.1"),
            &der::seq(&[&der::int_u64(23), &der::int_u64(11), &der::int_u64(2)]),
        ]),
        &der::bit_string(0, &der::concat(&[&der::int_u64(4), &[0]])),
    ]);
    assert!(malformed(check(DSA_SHA256, &trailing, &msg, &sig)));
    // Signatures: trailing data, non-minimal INTEGER, r = 0, s = q, empty.
    let mut long = sig.clone();
    long.push(0);
    let long = check(DSA_SHA256, &good, &msg, &long);
    assert_eq!(long, Err(VerifyError::BadSignature));
    for bad in [
        der::seq(&[&der::int_raw(&[0, 1]), &der::int_u64(1)]),
        der::seq(&[&der::int_u64(0), &der::int_u64(1)]),
        der::seq(&[&der::int_u64(1)]),
        Vec::new(),
    ] {
        assert_eq!(
            check(DSA_SHA256, &good, &msg, &bad),
            Err(VerifyError::BadSignature)
        );
    }
    // A DSA signature algorithm with an RSA key; a DSA key without
    // parameters, alone.
    let rsa = testkit::presets::root_key().spki_der();
    assert!(matches!(
        check(DSA_SHA256, &rsa, &msg, &sig),
        Err(VerifyError::KeyMismatch { .. })
    ));
    let bare = der::seq(&[
        &der::seq(&[&der::oid("1.2.840.10040.4.1")]),
        &der::bit_string(0, &der::int_u64(4)),
    ]);
    assert_eq!(
        check(DSA_SHA256, &bare, &msg, &sig),
        Err(VerifyError::MissingParameters)
    );
    let null = der::seq(&[
        &der::seq(&[&der::oid("1.2.840.10040.4.1"), &der::null()]),
        &der::bit_string(0, &der::int_u64(4)),
    ]);
    assert_eq!(
        check(DSA_SHA256, &null, &msg, &sig),
        Err(VerifyError::MissingParameters)
    );
}

fn pkits() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/pkits");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipping: {} not found", dir.display());
        None
    }
}

#[test]
fn pkits_dsa_certificates_and_crls() {
    let Some(dir) = pkits() else { return };
    let read = |sub: &str, f: &str| std::fs::read(dir.join(sub).join(f)).unwrap();
    let ca_der = read("certs", "DSACACert.crt");
    let inherited_der = read("certs", "DSAParametersInheritedCACert.crt");
    let ee4_der = read("certs", "ValidDSASignaturesTest4EE.crt");
    let ee5_der = read("certs", "ValidDSAParameterInheritanceTest5EE.crt");
    let ee6_der = read("certs", "InvalidDSASignatureTest6EE.crt");
    let ca_crl_der = read("crls", "DSACACRL.crl");
    let inherited_crl_der = read("crls", "DSAParametersInheritedCACRL.crl");
    let ca = Certificate::parse(&ca_der).unwrap();
    let inherited = Certificate::parse(&inherited_der).unwrap();
    let ee4 = Certificate::parse(&ee4_der).unwrap();
    let ee5 = Certificate::parse(&ee5_der).unwrap();
    let ee6 = Certificate::parse(&ee6_der).unwrap();
    let ca_crl = Crl::parse(&ca_crl_der).unwrap();
    let inherited_crl = Crl::parse(&inherited_crl_der).unwrap();
    assert_eq!(ca.spki.algorithm.oid, oids::DSA);
    assert!(!ca.spki.inherits_parameters());
    assert!(inherited.spki.inherits_parameters());

    // 4.1.4: DSA CA (own parameters) signs an end entity and its CRL.
    assert_eq!(verify_certificate(&ee4, &ca.spki), Ok(()));
    assert_eq!(ca_crl.verify(&ca.spki), Ok(()));
    assert_eq!(verify_certificate(&inherited, &ca.spki), Ok(()));
    // 4.1.6: a bad DSA signature (its BIT STRING even claims an unused bit).
    assert_eq!(
        verify_certificate(&ee6, &ca.spki),
        Err(VerifyError::MalformedSignature)
    );
    assert_eq!(
        verify(
            &ee6.signature_algorithm,
            &ca.spki,
            ee6.tbs,
            ee6.signature.bytes
        ),
        Err(VerifyError::BadSignature)
    );

    // 4.1.5: the inheriting CA's key verifies only with its issuer's
    // parameters (RFC 5280 6.1.4 (f)).
    assert_eq!(
        verify_certificate(&ee5, &inherited.spki),
        Err(VerifyError::MissingParameters)
    );
    let params = ca.spki.algorithm.params.unwrap();
    let working = inherited.spki.with_parameters(params);
    assert_eq!(verify_certificate(&ee5, &working), Ok(()));
    assert_eq!(inherited_crl.verify(&working), Ok(()));
    // A key with parameters keeps its own.
    let other = ee5.spki.algorithm.params;
    assert!(other.is_none());
    assert_eq!(
        ca.spki.with_parameters(params).algorithm.params,
        ca.spki.algorithm.params
    );
    // The wrong key, and a flipped byte in the signed data or signature.
    assert_eq!(
        verify_certificate(&ee4, &working),
        Err(VerifyError::BadSignature)
    );
    for (i, at) in [(ee4.tbs.len() / 2, "tbs"), (ee4_der.len() - 5, "signature")] {
        let offset = if at == "tbs" {
            ee4.tbs.as_ptr() as usize - ee4_der.as_ptr() as usize + i
        } else {
            i
        };
        let mut bytes = ee4_der.clone();
        bytes[offset] ^= 0x01;
        let changed = Certificate::parse(&bytes).unwrap();
        assert_eq!(
            verify_certificate(&changed, &ca.spki),
            Err(VerifyError::BadSignature),
            "a byte of the {at} changed"
        );
    }
}

#[test]
fn a_public_key_with_a_non_minimal_encoding_is_refused() {
    // y = 4 encoded as 00 04: RFC 3279 2.3.2 says DER, and every other
    // INTEGER of the key and the signature is read strictly.
    let msg = data("msg");
    let sig = data("sig_2048_sha256.der");
    for y in [
        &[0x00, 0x04][..],
        &[0x00, 0x00, 0x04],
        &[0x00, 0x00, 0x00, 0x80],
    ] {
        let key = der::seq(&[
            &der::seq(&[
                &der::oid("1.2.840.10040.4.1"),
                &der::seq(&[&der::int_u64(23), &der::int_u64(11), &der::int_u64(4)]),
            ]),
            &der::bit_string(0, &der::int_raw(y)),
        ]);
        let r = check(DSA_SHA256, &key, &msg, &sig);
        assert!(
            matches!(r, Err(VerifyError::MalformedKey(_))),
            "{y:?}: {r:?}"
        );
    }
}

/// `b^e mod m` in u64, for the small domains below.
fn pow_mod(b: u64, e: u64, m: u64) -> u64 {
    (0..e).fold(1 % m, |acc, _| acc * b % m)
}

#[test]
fn every_signature_in_a_small_domain_verifies_exactly_when_fips_186_4_says() {
    // p = 283, q = 47 (47 divides 282), g = 2^6 mod 283 has order 47.
    // For every key y = g^x and every (r, s) with 0 < r, s < q, FIPS 186-4
    // 4.7 computed in u64 decides; the verifier must agree.
    let (p, q) = (283u64, 47u64);
    let g = pow_mod(2, (p - 1) / q, p);
    assert_eq!(pow_mod(g, q, p), 1);
    let msg = b"small domain";
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, msg);
    // z: the leftmost 6 bits (q has 6 bits).
    let z = u64::from(digest.as_ref()[0] >> 2);
    let mut verified = 0;
    for x in [1u64, 5, 46] {
        let y = pow_mod(g, x, p);
        let key = spki(&[1, 27], &[q as u8], &[g as u8], &y.to_be_bytes());
        for r in 1..q {
            for s in 1..q {
                let w = pow_mod(s, q - 2, q);
                let (u1, u2) = (z * w % q, r * w % q);
                let v = pow_mod(g, u1, p) * pow_mod(y, u2, p) % p % q;
                let sig = der::seq(&[&der::int_u64(r), &der::int_u64(s)]);
                let expected = if v == r {
                    Ok(())
                } else {
                    Err(VerifyError::BadSignature)
                };
                assert_eq!(
                    check(DSA_SHA256, &key, msg, &sig),
                    expected,
                    "x={x} r={r} s={s}"
                );
                verified += usize::from(v == r);
            }
        }
        // r = 0, s = 0, r = q, s = q: out of range, never verified.
        for (r, s) in [(0, 1), (1, 0), (q, 1), (1, q)] {
            let sig = der::seq(&[&der::int_u64(r), &der::int_u64(s)]);
            assert_eq!(
                check(DSA_SHA256, &key, msg, &sig),
                Err(VerifyError::BadSignature)
            );
        }
    }
    assert!(verified >= 3, "each key has signatures that verify");
}

proptest::proptest! {
    /// Arbitrary SubjectPublicKeyInfo and signature bytes, and arbitrary
    /// small Dss-Parms, keys and signatures (so the arithmetic runs), are
    /// an answer, never a panic.
    #[test]
    fn arbitrary_bytes_never_panic(
        spki_bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..200),
        sig in proptest::collection::vec(proptest::num::u8::ANY, 0..80),
        p in proptest::collection::vec(proptest::num::u8::ANY, 0..40),
        q in proptest::collection::vec(proptest::num::u8::ANY, 0..34),
        g in proptest::collection::vec(proptest::num::u8::ANY, 0..40),
        y in proptest::collection::vec(proptest::num::u8::ANY, 0..40),
        r in proptest::collection::vec(proptest::num::u8::ANY, 0..34),
        s in proptest::collection::vec(proptest::num::u8::ANY, 0..34),
        raw in proptest::bool::ANY,
    ) {
        let alg_der = der::seq(&[&der::oid(DSA_SHA1)]);
        let sink = IssueSink::default();
        let t = Reader::new(&alg_der, 0, &sink).read_tag(tag::SEQUENCE).unwrap();
        let alg = AlgorithmIdentifier::parse(t, &sink).unwrap();
        let _ = with_spki(&spki_bytes, |k| verify(&alg, k, b"m", &sig));
        let int = |v: &[u8]| if raw { der::int_raw(v) } else { der::int_bytes(v) };
        let key = der::seq(&[
            &der::seq(&[
                &der::oid("1.2.840.10040.4.1"),
                &der::seq(&[&int(&p), &int(&q), &int(&g)]),
            ]),
            &der::bit_string(0, &int(&y)),
        ]);
        let sig = der::seq(&[&int(&r), &int(&s)]);
        let _ = check(DSA_SHA256, &key, b"m", &sig);
        let _ = check(DSA_SHA1, &key, b"m", &sig);
    }
}
