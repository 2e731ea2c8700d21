//! OCSP: OpenSSL's requests are answered good, revoked and unknown correctly,
//! signed by the CA and by a delegated responder, with the nonce echoed.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

use ca::issue::{IssueOptions, Issuer, issue};
use ca::log::IssuanceLog;
use ca::ocsp::{Responder, parse_request};
use ca::profile::{CertProfile, SHIPPED};
use ca::soft_key::pem;
use ca::tbs::{Request, San};
use ca::{KeyAlgorithm, Signer, SoftKey};
use lint::Linter;

const NOW: i64 = 1_768_435_200;

/// OpenSSL checks thisUpdate/nextUpdate against the real clock, so responses are produced now.
fn wall_clock() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn profile(name: &str) -> CertProfile {
    let (_, text) = SHIPPED
        .iter()
        .find(|(n, _)| *n == name)
        .expect("shipped profile");
    CertProfile::from_toml(name, text).expect("parses")
}

fn subject(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn openssl() -> bool {
    Command::new("openssl")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success())
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
    if !openssl() {
        eprintln!("skipping: openssl not found");
        return;
    }
    let linter = Linter::new();
    let mut log = IssuanceLog::in_memory().expect("log");
    let opts = IssueOptions {
        not_before: NOW,
        ..IssueOptions::default()
    };
    let root_key = SoftKey::generate(KeyAlgorithm::EcP384).expect("key");
    let root_req = Request {
        subject: subject(&[("C", "JP"), ("O", "Example Trust"), ("CN", "Example Root")]),
        sans: vec![],
        spki_der: root_key.spki_der().to_vec(),
    };
    let root = issue(
        &linter,
        &profile("root-ca"),
        &root_req,
        &Issuer {
            cert_der: None,
            signer: &root_key,
        },
        &mut log,
        &opts,
    )
    .expect("root");
    let sub_key = SoftKey::generate(KeyAlgorithm::EcP256).expect("key");
    let sub_req = Request {
        subject: subject(&[
            ("C", "JP"),
            ("O", "Example Japan"),
            ("CN", "Example Mail CA"),
        ]),
        sans: vec![],
        spki_der: sub_key.spki_der().to_vec(),
    };
    let sub = issue(
        &linter,
        &profile("smime-subca"),
        &sub_req,
        &Issuer {
            cert_der: Some(root.der.clone()),
            signer: &root_key,
        },
        &mut log,
        &opts,
    )
    .expect("sub");
    let mut leaves = Vec::new();
    for i in 0..2 {
        let k = SoftKey::generate(KeyAlgorithm::EcP256).expect("key");
        let m = format!("u{i}@example.com");
        let req = Request {
            subject: subject(&[("CN", &m)]),
            sans: vec![San::Email(m.clone())],
            spki_der: k.spki_der().to_vec(),
        };
        leaves.push(
            issue(
                &linter,
                &profile("smime-mailbox-strict"),
                &req,
                &Issuer {
                    cert_der: Some(sub.der.clone()),
                    signer: &sub_key,
                },
                &mut log,
                &opts,
            )
            .expect("leaf"),
        );
    }
    log.revoke(
        &leaves[1].entry.issuer_sha256,
        &leaves[1].entry.serial,
        NOW + 10,
        1,
    )
    .expect("revoke");

    let dir = std::env::temp_dir().join(format!("rootward-ocsp-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    std::fs::write(dir.join("root.pem"), pem("CERTIFICATE", &root.der)).expect("w");
    std::fs::write(dir.join("sub.pem"), pem("CERTIFICATE", &sub.der)).expect("w");
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
        issuer_der: sub.der.clone(),
        signer: &sub_key,
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
        let resp = responder.respond(&req, &log, wall_clock());
        let text = status_of(&dir, &resp, leaf);
        assert!(
            text.contains(&format!("{leaf}: {want}")),
            "{leaf} should be {want}: {text}"
        );
        assert!(text.contains("Response verify OK"), "{text}");
    }
    // Malformed requests get malformedRequest, not a crash.
    let bad = responder.respond(b"\x30\x03\x02\x01\x00", &log, NOW);
    assert_eq!(bad, [0x30, 0x03, 0x0a, 0x01, 0x01]);

    // A delegated responder (ocsp-responder profile) signs; OpenSSL accepts it.
    let dkey = SoftKey::generate(KeyAlgorithm::EcP256).expect("key");
    let dreq = Request {
        subject: subject(&[
            ("C", "JP"),
            ("O", "Example Japan"),
            ("CN", "Example OCSP Responder"),
        ]),
        sans: vec![],
        spki_der: dkey.spki_der().to_vec(),
    };
    let dcert = issue(
        &linter,
        &profile("ocsp-responder"),
        &dreq,
        &Issuer {
            cert_der: Some(sub.der.clone()),
            signer: &sub_key,
        },
        &mut log,
        &opts,
    )
    .expect("responder cert");
    let delegated = Responder {
        issuer_der: sub.der.clone(),
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
        &delegated.respond(&req, &log, wall_clock()),
        "revoked.pem",
    );
    assert!(
        text.contains("revoked.pem: revoked") && text.contains("Response verify OK"),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
