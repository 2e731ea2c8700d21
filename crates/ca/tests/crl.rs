//! Revocation and CRLs: revoke through the log, build full and partitioned
//! CRLs, and check them with OpenSSL and with our CRL linter.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use ca::IssueError;
use ca::crl::{CrlSpec, build_crl, partition_of};
use common::NOW;
use lint::Linter;

#[test]
fn revoke_and_publish_crls() {
    let linter = Linter::new();
    let mut h = common::hierarchy(&linter);
    let leaves: Vec<_> = (0..3)
        .map(|i| h.mailbox_leaf(&linter, &format!("user{i}@example.com")))
        .collect();
    let issuer_sha = leaves[0].entry.issuer_sha256.clone();
    h.log
        .revoke(&issuer_sha, &leaves[0].entry.serial, NOW + 60, 1)
        .expect("revoke keyCompromise");
    h.log
        .revoke(&issuer_sha, &leaves[1].entry.serial, NOW + 120, 0)
        .expect("revoke unspecified");
    assert!(matches!(
        h.log.revoke(&issuer_sha, &leaves[0].entry.serial, NOW, 1),
        Err(IssueError::AlreadyRevoked(_))
    ));
    assert!(matches!(
        h.log.revoke(&issuer_sha, "0102", NOW, 1),
        Err(IssueError::UnknownSerial(_))
    ));

    let (n1, revoked) = h.log.crl_snapshot(&issuer_sha).expect("snapshot");
    let (n2, _) = h.log.crl_snapshot(&issuer_sha).expect("snapshot");
    assert!(n2 > n1, "cRLNumber increases");
    let spec = CrlSpec {
        this_update: NOW + 300,
        next_update: NOW + 300 + 7 * 86_400,
        number: n2,
        partition: None,
    };
    let crl = build_crl(&h.sub, &h.sub_key, &revoked, &spec).expect("CRL");

    let parsed = cert::crl::Crl::parse(&crl).expect("our CRL decodes");
    assert_eq!(parsed.entries().count(), 2);
    let issuer = cert::Certificate::parse(&h.sub).expect("issuer");
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
    let part = build_crl(&h.sub, &h.sub_key, &revoked, &spec).expect("partitioned CRL");
    let pp = cert::crl::Crl::parse(&part).expect("decodes");
    let expected = revoked
        .iter()
        .filter(|r| partition_of(&r.serial, 4) == k)
        .count();
    assert_eq!(pp.entries().count(), expected);
    assert!(pp.issuing_distribution_point().is_some());
    let report = lint::crl::lint_crl_der(&part, Some(&issuer), lint::crl::CrlKind::Auto);
    assert!(
        report.worst() < Some(lint::Severity::Error),
        "the partitioned CRL lints clean: {:#?}",
        report.findings
    );

    if common::openssl_available() {
        let dir = std::env::temp_dir().join(format!("rootward-ca-crl-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("tmp");
        let ca = dir.join("ca.pem");
        std::fs::write(&ca, ca::soft_key::pem("CERTIFICATE", &h.sub)).expect("write");
        for (name, der) in [("c.crl", &crl), ("p.crl", &part)] {
            let path = dir.join(name);
            std::fs::write(&path, der).expect("write");
            let out = std::process::Command::new("openssl")
                .args(["crl", "-inform", "DER", "-noout", "-text", "-CAfile"])
                .arg(&ca)
                .arg("-in")
                .arg(&path)
                .output()
                .expect("openssl");
            let text = String::from_utf8_lossy(&out.stdout);
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "openssl crl {name}: {err}");
            assert!(
                err.contains("verify OK") || text.contains("verify OK"),
                "{name}: signature verifies: {err}"
            );
            assert!(text.contains("Key Compromise"), "{name}: {text}");
            if name == "p.crl" {
                assert!(
                    text.contains("Issuing Distribution Point: critical"),
                    "{text}"
                );
                assert!(text.contains(&format!("http://crl.example.com/p{k}.crl")));
            }
        }
        std::fs::remove_dir_all(&dir).ok();
    }
}
