//! Revocation reasons are checked against the certificate when the
//! revocation is recorded (TLS BR 7.2.2, SMIME BR 7.2.2, MRSP 6.1.1), so a
//! CRL or OCSP response never carries a reason its lint would refuse.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use ca::IssueError;
use ca::crl::reason_code;
use ca::issue::{Issuer, issue};
use ca::tbs::{Request, San};
use ca::{KeyAlgorithm, Signer, SoftKey};
use common::{NOW, at_now, shipped, subject};
use lint::Linter;

fn refused(r: Result<(), IssueError>, needle: &str) {
    match r {
        Err(IssueError::ReasonNotAllowed { why, .. }) => {
            assert!(why.contains(needle), "{why:?} should cite {needle}")
        }
        other => panic!("expected a refused reason, got {other:?}"),
    }
}

fn code(name: &str) -> u8 {
    reason_code(name).expect("a reason name")
}

#[test]
fn smime_reasons_follow_the_generation() {
    let linter = Linter::new();
    let mut h = common::hierarchy(&linter);
    let strict = h.mailbox_leaf(&linter, "strict@example.com");
    let issuer = strict.entry.issuer_sha256.clone();
    refused(
        h.log
            .revoke(&issuer, &strict.entry.serial, NOW, code("certificateHold")),
        "SMIME BR 7.2.2",
    );
    assert_eq!(
        h.log.status(&issuer, &strict.entry.serial).expect("status"),
        Some(None),
        "a refused revocation records nothing"
    );
    refused(
        h.log.revoke(&issuer, &strict.entry.serial, NOW, 8),
        "RFC 5280 5.3.1",
    );
    h.log
        .revoke(&issuer, &strict.entry.serial, NOW, code("keyCompromise"))
        .expect("keyCompromise is allowed");

    // Multipurpose certificates may be suspended (SMIME BR 4.9.13, 7.2.2).
    let key = SoftKey::generate(KeyAlgorithm::EcP256).expect("key");
    let multi = issue(
        &linter,
        &shipped("smime-mailbox-multipurpose"),
        &Request {
            subject: subject(&[("CN", "multi@example.com")]),
            sans: vec![San::Email("multi@example.com".into())],
            spki_der: key.spki_der().to_vec(),
        },
        &Issuer {
            cert_der: Some(h.sub.clone()),
            signer: &h.sub_key,
        },
        &mut h.log,
        &at_now(),
    )
    .expect("multipurpose leaf");
    h.log
        .revoke(&issuer, &multi.entry.serial, NOW, code("certificateHold"))
        .expect("certificateHold is allowed for Multipurpose");
}

#[test]
fn a_ca_certificate_is_revoked_with_a_stated_reason() {
    let linter = Linter::new();
    let mut h = common::hierarchy(&linter);
    let root_sha = cert::hex_upper(&cert::digest::sha256(&h.root));
    let sub = cert::Certificate::parse(&h.sub).expect("sub-CA");
    let serial = sub.serial_hex();
    refused(
        h.log.revoke(&root_sha, &serial, NOW, code("unspecified")),
        "never unspecified",
    );
    refused(
        h.log
            .revoke(&root_sha, &serial, NOW, code("certificateHold")),
        "CA certificates",
    );
    h.log
        .revoke(&root_sha, &serial, NOW, code("cACompromise"))
        .expect("cACompromise for a sub-CA");
}

#[test]
fn tls_subscriber_reasons_are_the_five_of_the_brs() {
    let linter = Linter::new();
    let mut h = common::hierarchy(&linter);
    let (tls_key, tls_ca) = h.tls_subca(&linter);
    let tls_ca = tls_ca.der;
    let leaf_key = SoftKey::generate(KeyAlgorithm::EcP256).expect("key");
    let leaf = issue(
        &linter,
        &shipped("tls-dv"),
        &Request {
            subject: vec![],
            sans: vec![San::Dns("www.example.com".into())],
            spki_der: leaf_key.spki_der().to_vec(),
        },
        &Issuer {
            cert_der: Some(tls_ca),
            signer: &tls_key,
        },
        &mut h.log,
        &at_now(),
    )
    .expect("TLS DV leaf");
    let issuer = leaf.entry.issuer_sha256.clone();
    for bad in ["certificateHold", "cACompromise"] {
        refused(
            h.log.revoke(&issuer, &leaf.entry.serial, NOW, code(bad)),
            "TLS BR 7.2.2",
        );
    }
    h.log
        .revoke(&issuer, &leaf.entry.serial, NOW, code("superseded"))
        .expect("superseded is one of the five");
}

/// A CA certified twice (same name and key, e.g. cross-signed or re-issued)
/// has one namespace: serials are unique across its certificates, a
/// revocation or status asked through either certificate finds the
/// certificate issued under the other, and its CRL numbers are one sequence.
#[test]
fn a_ca_with_two_certificates_has_one_namespace() {
    let linter = Linter::new();
    let mut h = common::hierarchy(&linter);
    // The same sub-CA name and key certified a second time by the root.
    let sub = cert::Certificate::parse(&h.sub).expect("sub-CA");
    let again = issue(
        &linter,
        &shipped("smime-subca"),
        &Request {
            subject: subject(&[
                ("C", "JP"),
                ("O", "Example Japan Co., Ltd."),
                ("CN", "Example SureMail CA G5"),
            ]),
            sans: vec![],
            spki_der: sub.spki.raw.to_vec(),
        },
        &Issuer {
            cert_der: Some(h.root.clone()),
            signer: &h.root_key,
        },
        &mut h.log,
        &at_now(),
    )
    .expect("second certificate of the sub-CA")
    .der;
    assert_ne!(again, h.sub);
    let first_sha = h.log.register_issuer(&h.sub).expect("registered");
    let second_sha = h.log.register_issuer(&again).expect("registered");
    assert_ne!(first_sha, second_sha);

    // A leaf issued under the second certificate.
    let key = SoftKey::generate(KeyAlgorithm::EcP256).expect("key");
    let leaf = issue(
        &linter,
        &shipped("smime-mailbox-strict"),
        &Request {
            subject: subject(&[("CN", "bob@example.com")]),
            sans: vec![San::Email("bob@example.com".into())],
            spki_der: key.spki_der().to_vec(),
        },
        &Issuer {
            cert_der: Some(again.clone()),
            signer: &h.sub_key,
        },
        &mut h.log,
        &at_now(),
    )
    .expect("leaf under the second certificate");
    assert_eq!(leaf.entry.issuer_sha256, second_sha);

    // Revoked through the first certificate, seen through both.
    h.log
        .revoke(&first_sha, &leaf.entry.serial, NOW, code("keyCompromise"))
        .expect("found through the CA's other certificate");
    for sha in [&first_sha, &second_sha] {
        let status = h.log.status(sha, &leaf.entry.serial).expect("status");
        assert!(matches!(status, Some(Some(_))), "revoked as seen by {sha}");
        assert!(
            h.log
                .revocations(sha)
                .expect("revocations")
                .iter()
                .any(|r| r.serial == leaf.entry.serial),
            "on the CRL built through {sha}"
        );
    }
    // The serial is taken for the CA, whichever certificate is used.
    let dup = h.log.record(
        || {
            Ok(ca::log::LogEntry {
                issuer_sha256: first_sha.clone(),
                ..leaf.entry.clone()
            })
        },
        None,
    );
    assert!(
        matches!(dup, Err(IssueError::DuplicateSerial(_))),
        "{dup:?}"
    );
    // One CRL number sequence.
    let (a, _) = h.log.crl_snapshot(&first_sha).expect("number");
    let (b, _) = h.log.crl_snapshot(&second_sha).expect("number");
    assert_eq!(b, a + 1);
    // Another CA (the root) is not in the namespace.
    let root_sha = h.log.register_issuer(&h.root).expect("root");
    assert_eq!(
        h.log.status(&root_sha, &leaf.entry.serial).expect("status"),
        None
    );
}

/// A log written before CRL numbers were kept per CA held one sequence per
/// issuer certificate. Opened now, the CA's next number continues above the
/// highest of them, whichever certificate asks first: never repeated, never
/// lower. The number and the revocations of a CRL come from one snapshot.
#[test]
fn crl_numbers_continue_above_every_sequence_of_an_old_log() {
    let linter = Linter::new();
    let dir = std::env::temp_dir().join(format!("rootward-oldlog-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("tmp");
    let path = dir.join("issuance.db");
    let mut h = common::hierarchy(&linter);
    let sub = cert::Certificate::parse(&h.sub).expect("sub-CA");
    let sub_sha = cert::hex_upper(&sub.sha256());
    {
        // An old log: the CA's numbers kept under two certificate hashes.
        let log = ca::log::IssuanceLog::open(&path).expect("log");
        drop(log);
        let conn = rusqlite::Connection::open(&path).expect("raw connection");
        conn.execute_batch(&format!(
            "INSERT INTO crl_number (issuer_sha256, next) VALUES ('{sub_sha}', 5); \
             INSERT INTO crl_number (issuer_sha256, next) VALUES ('AB', 9);"
        ))
        .expect("old rows written");
    }
    let mut log = ca::log::IssuanceLog::open(&path).expect("reopened");
    let sha = log.register_issuer(&h.sub).expect("registered");
    assert_eq!(sha, sub_sha);
    let (n, _) = log.crl_snapshot(&sha).expect("number");
    assert!(n >= 9, "continues above every old sequence: {n}");
    let leaf = h.mailbox_leaf(&linter, "carol@example.com");
    h.log
        .revoke(
            &leaf.entry.issuer_sha256,
            &leaf.entry.serial,
            NOW,
            code("keyCompromise"),
        )
        .expect("revoked");
    let (m, revoked) = h
        .log
        .crl_snapshot(&leaf.entry.issuer_sha256)
        .expect("snapshot");
    assert_eq!(revoked.len(), 1);
    let (m2, _) = h
        .log
        .crl_snapshot(&leaf.entry.issuer_sha256)
        .expect("snapshot");
    assert!(m2 > m);
    std::fs::remove_dir_all(&dir).ok();
}

/// A log written before the `issuers` table links the CA certificates it
/// holds when it is first opened (once: `user_version` marks it done), so
/// the root's log of an old hierarchy finds the root's namespace at once.
#[test]
fn an_old_log_links_the_ca_certificates_it_holds() {
    let linter = Linter::new();
    let dir = std::env::temp_dir().join(format!("rootward-oldlinks-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("tmp");
    let path = dir.join("issuance.db");
    let h = common::hierarchy(&linter);
    let root_sha = cert::hex_upper(&cert::digest::sha256(&h.root));
    {
        let mut log = ca::log::IssuanceLog::open(&path).expect("log");
        for (der, issuer) in [(&h.root, &h.root), (&h.sub, &h.root)] {
            let c = cert::Certificate::parse(der).expect("parses");
            log.record(
                || {
                    Ok(ca::log::LogEntry {
                        issuer_sha256: cert::hex_upper(&cert::digest::sha256(issuer)),
                        serial: c.serial_hex(),
                        der: der.to_vec(),
                        issued_at: NOW,
                        profile: "old".into(),
                        lint_json: "[]".into(),
                        overrides: String::new(),
                    })
                },
                None,
            )
            .expect("recorded");
        }
    }
    let links = |path: &std::path::Path| -> Vec<String> {
        let conn = rusqlite::Connection::open(path).expect("raw connection");
        let mut st = conn
            .prepare("SELECT cert_sha256 FROM issuers")
            .expect("query");
        st.query_map([], |r| r.get(0))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("links")
    };
    {
        // As an older rootward left it: no links, not yet looked through.
        let conn = rusqlite::Connection::open(&path).expect("raw connection");
        conn.execute_batch("DELETE FROM issuers; PRAGMA user_version = 0;")
            .expect("made old");
    }
    assert!(links(&path).is_empty());
    drop(ca::log::IssuanceLog::open(&path).expect("reopened"));
    assert_eq!(links(&path), vec![root_sha], "the root, issuer of both");
    std::fs::remove_dir_all(&dir).ok();
}
