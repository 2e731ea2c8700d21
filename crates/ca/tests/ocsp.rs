//! OCSP: OpenSSL's requests are answered good, revoked and unknown correctly,
//! signed by the CA and by a delegated responder, with the nonce echoed.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

mod common;

use ca::issue::{Issuer, issue};
use ca::ocsp::{Responder, parse_request};
use ca::soft_key::pem;
use ca::tbs::Request;
use ca::{KeyAlgorithm, Signer, SoftKey};
use common::NOW;
use lint::Linter;

/// OpenSSL checks thisUpdate/nextUpdate against the real clock, so responses are produced now.
fn wall_clock() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn status_of(dir: &Path, resp: &[u8], leaf: &str) -> String {
    std::fs::write(dir.join("resp.der"), resp).expect("write");
    let run = |args: &[&str]| {
        let o = Command::new("openssl")
            .current_dir(dir)
            .args(args)
            .output()
            .expect("openssl");
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    };
    let at = (NOW + 600).to_string();
    // With -cert, openssl builds a fresh request, so the nonce is checked separately against the real one.
    let status = run(&[
        "ocsp",
        "-no_nonce",
        "-respin",
        "resp.der",
        "-issuer",
        "sub.pem",
        "-CAfile",
        "root.pem",
        "-cert",
        leaf,
        "-attime",
        &at,
    ]);
    let nonce = run(&[
        "ocsp", "-reqin", "req.der", "-respin", "resp.der", "-CAfile", "root.pem", "-attime", &at,
    ]);
    assert!(
        !nonce.contains("Nonce Verify error"),
        "nonce echoed: {nonce}"
    );
    status
}

#[test]
fn openssl_sees_good_revoked_and_unknown() {
    if !common::openssl_available() {
        return;
    }
    let linter = Linter::new();
    let mut h = common::hierarchy(&linter);
    let leaves: Vec<_> = (0..2)
        .map(|i| h.mailbox_leaf(&linter, &format!("u{i}@example.com")))
        .collect();
    let (root, sub, sub_key) = (h.root.clone(), h.sub.clone(), &h.sub_key);
    h.log
        .revoke(
            &leaves[1].entry.issuer_sha256,
            &leaves[1].entry.serial,
            NOW + 10,
            1,
        )
        .expect("revoke");

    let dir = std::env::temp_dir().join(format!("rootward-ocsp-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    std::fs::write(dir.join("root.pem"), pem("CERTIFICATE", &root)).expect("w");
    std::fs::write(dir.join("sub.pem"), pem("CERTIFICATE", &sub)).expect("w");
    std::fs::write(dir.join("good.pem"), pem("CERTIFICATE", &leaves[0].der)).expect("w");
    std::fs::write(dir.join("revoked.pem"), pem("CERTIFICATE", &leaves[1].der)).expect("w");
    // A certificate this CA never issued: same issuer name and key, serial not in the log.
    let mut stranger = leaves[0].der.clone();
    let serial_at = stranger
        .windows(leaves[0].entry.serial.len() / 2)
        .position(|w| cert::hex_upper(w) == leaves[0].entry.serial)
        .expect("serial bytes");
    stranger[serial_at + 3] ^= 0x55;
    std::fs::write(dir.join("unknown.pem"), pem("CERTIFICATE", &stranger)).expect("w");

    let responder = Responder {
        issuer_der: sub.clone(),
        signer: sub_key,
        responder_cert_der: None,
        validity_seconds: 4 * 86_400,
    };
    for (leaf, want) in [
        ("good.pem", "good"),
        ("revoked.pem", "revoked"),
        ("unknown.pem", "unknown"),
    ] {
        let o = Command::new("openssl")
            .current_dir(&dir)
            .args([
                "ocsp", "-issuer", "sub.pem", "-cert", leaf, "-reqout", "req.der",
            ])
            .output()
            .expect("openssl");
        assert!(o.status.success());
        let req = std::fs::read(dir.join("req.der")).expect("req");
        let parsed = parse_request(&req).expect("request decodes");
        assert!(parsed.nonce.is_some(), "openssl sends a nonce by default");
        let resp = responder.respond(&req, &h.log, wall_clock());
        let text = status_of(&dir, &resp, leaf);
        assert!(
            text.contains(&format!("{leaf}: {want}")),
            "{leaf} should be {want}: {text}"
        );
        assert!(text.contains("Response verify OK"), "{text}");
    }
    // Malformed requests get malformedRequest, not a crash.
    let bad = responder.respond(b"\x30\x03\x02\x01\x00", &h.log, NOW);
    assert_eq!(bad, [0x30, 0x03, 0x0a, 0x01, 0x01]);

    // A delegated responder (ocsp-responder profile) signs; OpenSSL accepts it.
    let dkey = SoftKey::generate(KeyAlgorithm::EcP256).expect("key");
    let dreq = Request {
        subject: common::subject(&[
            ("C", "JP"),
            ("O", "Example Japan"),
            ("CN", "Example OCSP Responder"),
        ]),
        sans: vec![],
        spki_der: dkey.spki_der().to_vec(),
    };
    let dcert = issue(
        &linter,
        &common::shipped("ocsp-responder"),
        &dreq,
        &Issuer {
            cert_der: Some(sub.clone()),
            signer: sub_key,
        },
        &mut h.log,
        &common::at_now(),
    )
    .expect("responder cert");
    let delegated = Responder {
        issuer_der: sub.clone(),
        signer: &dkey,
        responder_cert_der: Some(dcert.der.clone()),
        validity_seconds: 86_400,
    };
    Command::new("openssl")
        .current_dir(&dir)
        .args([
            "ocsp",
            "-issuer",
            "sub.pem",
            "-cert",
            "revoked.pem",
            "-reqout",
            "req.der",
        ])
        .output()
        .expect("openssl");
    let req = std::fs::read(dir.join("req.der")).expect("req");
    let text = status_of(
        &dir,
        &delegated.respond(&req, &h.log, wall_clock()),
        "revoked.pem",
    );
    assert!(
        text.contains("revoked.pem: revoked") && text.contains("Response verify OK"),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
