//! Revocation and CRLs: revoke through the log, build full and partitioned
//! CRLs, and check them with OpenSSL and with our CRL linter.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use ca::crl::{CrlSpec, build_crl, partition_of};
use ca::issue::{IssueOptions, Issuer, issue};
use ca::log::IssuanceLog;
use ca::profile::{CertProfile, SHIPPED};
use ca::tbs::{Request, San};
use ca::{IssueError, KeyAlgorithm, Signer, SoftKey};
use lint::Linter;

const NOW: i64 = 1_768_435_200;

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

#[test]
fn revoke_and_publish_crls() {
    let linter = Linter::new();
    let mut log = IssuanceLog::in_memory().expect("log");
    let root_key = SoftKey::generate(KeyAlgorithm::EcP384).expect("key");
    let opts = IssueOptions {
        not_before: NOW,
        ..IssueOptions::default()
    };
    let root_req = Request {
        subject: subject(&[
            ("C", "JP"),
            ("O", "Example Trust Systems"),
            ("CN", "Example Root CA"),
        ]),
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
            ("O", "Example Japan Co., Ltd."),
            ("CN", "Example SureMail CA"),
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
    .expect("sub-CA");
    let mut leaves = Vec::new();
    for i in 0..3 {
        let k = SoftKey::generate(KeyAlgorithm::EcP256).expect("key");
        let mail = format!("user{i}@example.com");
        let req = Request {
            subject: subject(&[("CN", &mail)]),
            sans: vec![San::Email(mail.clone())],
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
    let issuer_sha = leaves[0].entry.issuer_sha256.clone();
    log.revoke(&issuer_sha, &leaves[0].entry.serial, NOW + 60, 1)
        .expect("revoke keyCompromise");
    log.revoke(&issuer_sha, &leaves[1].entry.serial, NOW + 120, 0)
        .expect("revoke unspecified");
    assert!(matches!(
        log.revoke(&issuer_sha, &leaves[0].entry.serial, NOW, 1),
        Err(IssueError::AlreadyRevoked(_))
    ));
    assert!(matches!(
        log.revoke(&issuer_sha, "0102", NOW, 1),
        Err(IssueError::UnknownSerial(_))
    ));

    let revoked = log.revocations(&issuer_sha).expect("revocations");
    let n1 = log.next_crl_number(&issuer_sha).expect("number");
    let n2 = log.next_crl_number(&issuer_sha).expect("number");
    assert!(n2 > n1, "cRLNumber increases");
    let spec = CrlSpec {
        this_update: NOW + 300,
        next_update: NOW + 300 + 7 * 86_400,
        number: n2,
        partition: None,
    };
    let crl = build_crl(&sub.der, &sub_key, &revoked, &spec).expect("CRL");

    let parsed = cert::crl::Crl::parse(&crl).expect("our CRL decodes");
    assert_eq!(parsed.entries().count(), 2);
    let issuer = cert::Certificate::parse(&sub.der).expect("issuer");
    let report = lint::crl::lint_crl_der(&crl, Some(&issuer), lint::crl::CrlKind::Auto);
    assert!(
        report.worst() < Some(lint::Severity::Error),
        "CRL lints clean: {:#?}",
        report.findings
    );

    // A partitioned CRL holds only its partition's entries, under a critical IDP.
    let k = partition_of(&leaves[0].entry.serial, 4);
    let spec = CrlSpec {
        partition: Some((k, 4, format!("http://crl.example.com/p{k}.crl"))),
        ..spec
    };
    let part = build_crl(&sub.der, &sub_key, &revoked, &spec).expect("partitioned CRL");
    let pp = cert::crl::Crl::parse(&part).expect("decodes");
    let expected = revoked
        .iter()
        .filter(|r| partition_of(&r.serial, 4) == k)
        .count();
    assert_eq!(pp.entries().count(), expected);
    assert!(pp.issuing_distribution_point().is_some());

    if std::process::Command::new("openssl")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        let dir = std::env::temp_dir().join(format!("rootward-ca-crl-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("tmp");
        let path = dir.join("c.crl");
        std::fs::write(&path, &crl).expect("write");
        let ca = dir.join("ca.pem");
        std::fs::write(&ca, ca::soft_key::pem("CERTIFICATE", &sub.der)).expect("write");
        let out = std::process::Command::new("openssl")
            .args(["crl", "-inform", "DER", "-noout", "-text", "-CAfile"])
            .arg(&ca)
            .arg("-in")
            .arg(&path)
            .output()
            .expect("openssl");
        let text = String::from_utf8_lossy(&out.stdout);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "openssl crl: {err}");
        assert!(
            err.contains("verify OK") || text.contains("verify OK"),
            "signature verifies: {err}"
        );
        assert!(text.contains("Key Compromise"));
        std::fs::remove_dir_all(&dir).ok();
    }
}
