//! PKCS #10 requests: OpenSSL's CSRs decode, their signatures verify, and
//! requested subjectAltNames are read; broken input is an error.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use cert::csr::Csr;
use cert::general_name::GeneralName;

fn openssl_csr(keyalg: &[&str]) -> Option<Vec<u8>> {
    let dir = std::env::temp_dir().join(format!(
        "rootward-csr-{}-{}",
        std::process::id(),
        keyalg.join("")
    ));
    std::fs::create_dir_all(&dir).ok()?;
    let key = dir.join("k.pem");
    let csr = dir.join("r.der");
    let ok = std::process::Command::new("openssl")
        .arg("genpkey")
        .args(keyalg)
        .arg("-out")
        .arg(&key)
        .status()
        .ok()?
        .success()
        && std::process::Command::new("openssl")
            .args(["req", "-new", "-key"])
            .arg(&key)
            .args([
                "-subj",
                "/C=JP/O=Example Japan Co., Ltd./CN=Example CA",
                "-addext",
                "subjectAltName=email:ca@example.com",
                "-outform",
                "DER",
                "-out",
            ])
            .arg(&csr)
            .status()
            .ok()?
            .success();
    let der = if ok { std::fs::read(&csr).ok() } else { None };
    std::fs::remove_dir_all(&dir).ok();
    der
}

#[test]
fn openssl_csrs_decode_and_verify() {
    for alg in [
        &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"][..],
        &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"][..],
        &["-algorithm", "ED25519"][..],
    ] {
        let Some(der) = openssl_csr(alg) else {
            eprintln!("skipping: openssl not available");
            return;
        };
        let csr = Csr::parse(&der).expect("decodes");
        csr.verify().expect("proof of possession verifies");
        assert_eq!(
            csr.subject.to_string(),
            "C=JP, O=Example Japan Co.\\, Ltd., CN=Example CA"
        );
        assert!(matches!(
            csr.subject_alt_names(),
            [GeneralName::Rfc822(b"ca@example.com")]
        ));
        let mut tampered = der.clone();
        let i = tampered
            .windows(10)
            .position(|w| w == b"Example CA")
            .expect("CN bytes");
        tampered[i] = b'F';
        let t = Csr::parse(&tampered).expect("still decodes");
        assert!(t.verify().is_err(), "a changed request no longer verifies");
    }
}

#[test]
fn broken_csrs_are_errors() {
    for bad in [
        &b""[..],
        b"\x30\x00",
        b"\x30\x03\x02\x01\x00",
        &[0x30, 0x82, 0xff, 0xff, 0],
    ] {
        assert!(Csr::parse(bad).is_err());
    }
}
