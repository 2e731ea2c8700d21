//! A real crash during issuance: this test binary runs itself again as a
//! child that issues into an issuance log file and aborts the process (no
//! unwinding, no destructors, no rollback by us) at a point of the log
//! transaction. The parent then opens the log as the next run of the CA
//! would and checks that it holds exactly what was committed: nothing from a
//! crash before the commit, the certificate from a crash after it.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use ca::issue::{IssueOptions, Issuer, issue};
use ca::log::{FaultPoint, IssuanceLog};
use ca::tbs::{Request, San};
use ca::{KeyAlgorithm, Signer, SoftKey};
use common::{NOW, shipped, subject};
use lint::Linter;

const CRASH_AT: &str = "ROOTWARD_TEST_CRASH_AT";
const LOG_PATH: &str = "ROOTWARD_TEST_CRASH_LOG";

fn point(name: &str) -> FaultPoint {
    match name {
        "BeforeInsert" => FaultPoint::BeforeInsert,
        "BeforeCommit" => FaultPoint::BeforeCommit,
        "AfterCommit" => FaultPoint::AfterCommit,
        other => panic!("unknown fault point {other}"),
    }
}

/// In the child: a root and an S/MIME sub-CA issued into the log file, then
/// a leaf whose issuance aborts the process at `at`.
fn child(at: FaultPoint, log_path: &Path) {
    let linter = Linter::new();
    let h = common::hierarchy(&linter);
    let mut log = IssuanceLog::open(log_path).expect("log file");
    // The hierarchy's two certificates go into the file log too, committed.
    for (der, profile) in [(&h.root, "root-ca"), (&h.sub, "smime-subca")] {
        let c = cert::Certificate::parse(der).expect("parses");
        log.record(
            || {
                Ok(ca::log::LogEntry {
                    issuer_sha256: cert::hex_upper(&cert::digest::sha256(der)),
                    serial: c.serial_hex(),
                    der: der.to_vec(),
                    issued_at: NOW,
                    profile: profile.into(),
                    lint_json: "[]".into(),
                    overrides: String::new(),
                })
            },
            None,
        )
        .expect("recorded");
    }
    let key = SoftKey::generate(KeyAlgorithm::EcP256).expect("key");
    let crash = move |p: FaultPoint| -> Result<(), ca::IssueError> {
        if p == at {
            std::process::abort();
        }
        Ok(())
    };
    let opts = IssueOptions {
        not_before: NOW,
        fault: Some(&crash),
        ..IssueOptions::default()
    };
    let _ = issue(
        &linter,
        &shipped("smime-mailbox-strict"),
        &Request {
            subject: subject(&[("CN", "alice@example.com")]),
            sans: vec![San::Email("alice@example.com".into())],
            spki_der: key.spki_der().to_vec(),
        },
        &Issuer {
            cert_der: Some(h.sub.clone()),
            signer: &h.sub_key,
        },
        &mut log,
        &opts,
    );
    // Not reached: the fault point aborts.
    drop((h, log));
    std::process::exit(3);
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("rootward-crash-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("tmp");
    d
}

#[test]
fn a_real_crash_leaves_the_log_with_exactly_what_was_committed() {
    if let (Ok(at), Ok(path)) = (std::env::var(CRASH_AT), std::env::var(LOG_PATH)) {
        child(point(&at), Path::new(&path));
        return;
    }
    for (at, expected) in [("BeforeInsert", 2), ("BeforeCommit", 2), ("AfterCommit", 3)] {
        let dir = tmp(at);
        let log_path = dir.join("issuance.db");
        let status = Command::new(std::env::current_exe().expect("this test binary"))
            .args([
                "--exact",
                "a_real_crash_leaves_the_log_with_exactly_what_was_committed",
                "--test-threads=1",
            ])
            .env(CRASH_AT, at)
            .env(LOG_PATH, &log_path)
            .output()
            .expect("child runs");
        assert!(
            !status.status.success() && status.status.code() != Some(3),
            "the child crashed at {at}: {status:?}"
        );
        // The next run of the CA opens the log: the journal is recovered and
        // it holds the two CA certificates, plus the leaf only if its
        // transaction committed before the crash.
        let log = IssuanceLog::open(&log_path).expect("the log opens after a crash");
        assert_eq!(
            log.count().expect("count"),
            expected,
            "certificates in the log after a crash at {at}"
        );
        let entries = log.entries().expect("entries");
        for e in &entries {
            let c = cert::Certificate::parse(&e.der).expect("every logged DER parses");
            assert_eq!(c.serial_hex(), e.serial, "and is whole");
        }
        assert_eq!(
            entries.iter().any(|e| e.profile == "smime-mailbox-strict"),
            expected == 3
        );
        std::fs::remove_dir_all(&dir).ok();
    }
}
