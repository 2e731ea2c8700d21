//! Software keys: generation, signing, encrypted PKCS#8 round trips, and
//! interoperability with OpenSSL.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use ca::{CaError, KeyAlgorithm, Signer, SoftKey};
use common::verifies;

#[test]
fn every_algorithm_signs_and_verifies() {
    for alg in KeyAlgorithm::ALL {
        let key = SoftKey::generate(alg).expect("generate");
        let sig = key.sign(b"to be signed").expect("sign");
        assert!(
            verifies(&key, b"to be signed", &sig),
            "{alg:?} signature verifies"
        );
        assert!(
            !verifies(&key, b"something else", &sig),
            "{alg:?} signature is bound to the message"
        );
        assert!(
            key.spki_der()
                .windows(key.algorithm().spki_algorithm_der().len())
                .any(|w| w == alg.spki_algorithm_der())
        );
        assert!(
            !format!("{key:?}").contains("PRIVATE"),
            "Debug does not show key material"
        );
    }
}

#[test]
fn encrypted_pkcs8_round_trip() {
    for alg in [
        KeyAlgorithm::Rsa2048,
        KeyAlgorithm::EcP256,
        KeyAlgorithm::EcP384,
        KeyAlgorithm::Ed25519,
    ] {
        let key = SoftKey::generate(alg).expect("generate");
        let pem = key
            .to_encrypted_pem_with(b"correct horse", 1000)
            .expect("encrypt");
        assert!(pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        let back =
            SoftKey::from_encrypted(pem.as_bytes(), b"correct horse", "test").expect("decrypt");
        assert_eq!(back.algorithm(), alg);
        assert_eq!(back.spki_der(), key.spki_der());
        let err = SoftKey::from_encrypted(pem.as_bytes(), b"wrong", "test")
            .expect_err("wrong passphrase");
        assert!(matches!(err, CaError::WrongPassphrase), "{err}");
    }
    let key = SoftKey::generate(KeyAlgorithm::EcP256).expect("generate");
    assert!(matches!(
        key.to_encrypted_pem(b""),
        Err(CaError::EmptyPassphrase)
    ));
}

#[test]
fn garbage_key_files_are_errors() {
    for bad in [
        &b""[..],
        b"-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n",
        b"\x30\x03\x02\x01\x00",
        b"not a key",
    ] {
        assert!(SoftKey::from_encrypted(bad, b"x", "test").is_err());
    }
}

fn openssl() -> bool {
    std::process::Command::new("openssl")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn openssl_reads_ours_and_we_read_openssls() {
    if !openssl() {
        eprintln!("skipping: openssl not found");
        return;
    }
    let dir = std::env::temp_dir().join(format!("rootward-softkey-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let key = SoftKey::generate(KeyAlgorithm::EcP256).expect("generate");
    let ours = dir.join("ours.p8");
    std::fs::write(
        &ours,
        key.to_encrypted_pem_with(b"pw", 2048).expect("encrypt"),
    )
    .expect("write");
    let out = std::process::Command::new("openssl")
        .args([
            "pkey", "-pubout", "-outform", "DER", "-passin", "pass:pw", "-in",
        ])
        .arg(&ours)
        .output()
        .expect("run openssl");
    assert!(
        out.status.success(),
        "openssl pkey: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        out.stdout,
        key.spki_der(),
        "OpenSSL sees the same public key"
    );

    let theirs = dir.join("theirs.p8");
    let gen_status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 | openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256 -passout pass:pw -out {}",
            theirs.display()
        ))
        .status()
        .expect("run openssl");
    assert!(gen_status.success());
    let k = SoftKey::from_encrypted(&std::fs::read(&theirs).expect("read"), b"pw", "openssl")
        .expect("decrypt OpenSSL's file");
    assert_eq!(k.algorithm(), KeyAlgorithm::EcP384);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn serials_are_positive_and_random() {
    let a = ca::serial::random_serial().expect("serial");
    let b = ca::serial::random_serial().expect("serial");
    assert_ne!(a, b);
    assert!(a[0] != 0 && a[0] & 0x80 == 0);
}
