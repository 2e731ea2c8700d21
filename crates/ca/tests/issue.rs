//! Profiles and issuance: shipped profiles pass their load-time check, a
//! whole hierarchy issues cleanly, mis-issuance is refused with the finding
//! named, overrides are recorded, and crashes leave the log consistent.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::collections::BTreeSet;

use ca::issue::{IssueOptions, Issuer, issue};
use ca::log::FaultPoint;
use ca::profile::{CertProfile, SHIPPED};
use ca::tbs::{Request, San};
use ca::{IssueError, KeyAlgorithm, Signer, SoftKey};
use common::{NOW, hierarchy, shipped, subject};
use lint::Linter;

#[test]
fn every_shipped_profile_passes_its_load_check() {
    let linter = Linter::new();
    for (name, text) in SHIPPED {
        if let Err(e) = CertProfile::load_checked(name, text, &linter, NOW) {
            panic!("shipped profile {name} refused: {e}");
        }
    }
}

#[test]
fn a_profile_that_would_misissue_is_refused_at_load() {
    let (_, text) = SHIPPED
        .iter()
        .find(|(n, _)| *n == "smime-subca")
        .expect("profile");
    let bad = text.replace(
        "extended_key_usage = [\"emailProtection\"]",
        "extended_key_usage = [\"emailProtection\", \"serverAuth\"]",
    );
    assert_ne!(
        bad, *text,
        "the shipped profile lists emailProtection as expected"
    );
    let err = CertProfile::load_checked("bad", &bad, &Linter::new(), NOW)
        .expect_err("serverAuth in an S/MIME sub-CA");
    let msg = err.to_string();
    assert!(
        msg.contains("smime.ca.ext_key_usage.prohibited_purpose"),
        "the finding is named: {msg}"
    );
}

#[test]
fn malformed_profiles_are_clear_errors() {
    for (text, needle) in [
        ("name = 1", "profile"),
        (
            "name = \"x\"\nkind = \"leaf\"\nlint_profile = \"nope\"\nkey_types = [\"p256\"]\nkey_usage = []\n[validity]\ndays = 1",
            "unknown lint profile",
        ),
        (
            "name = \"x\"\nkind = \"leaf\"\nlint_profile = \"end-entity\"\nkey_types = [\"dsa\"]\nkey_usage = []\n[validity]\ndays = 1",
            "unknown key type",
        ),
        (
            "name = \"x\"\nkind = \"leaf\"\nlint_profile = \"end-entity\"\nkey_types = [\"p256\"]\nkey_usage = []\nbogus = 1\n[validity]\ndays = 1",
            "bogus",
        ),
    ] {
        let e = CertProfile::from_toml("t.toml", text).expect_err("malformed");
        assert!(
            e.to_string().contains(needle),
            "{e} should mention {needle}"
        );
    }
}

#[test]
fn hierarchy_issues_and_every_certificate_lints_clean() {
    let linter = Linter::new();
    let mut h = hierarchy(&linter);
    let leaf_key = SoftKey::generate(KeyAlgorithm::EcP256).expect("key");
    let req = Request {
        subject: subject(&[
            ("C", "US"),
            ("O", "Example Organization"),
            ("organizationIdentifier", "NTRUS+CA-1234567"),
            ("CN", "Example Organization"),
        ]),
        sans: vec![San::Email("info@example.com".into())],
        spki_der: leaf_key.spki_der().to_vec(),
    };
    let opts = IssueOptions {
        not_before: NOW,
        ..IssueOptions::default()
    };
    let leaf = issue(
        &linter,
        &shipped("smime-organization-strict"),
        &req,
        &Issuer {
            cert_der: Some(h.sub.clone()),
            signer: &h.sub_key,
        },
        &mut h.log,
        &opts,
    )
    .expect("leaf issues");
    assert!(leaf.overridden.is_empty());
    assert_eq!(h.log.count().expect("count"), 3);
    for der in [&h.root, &h.sub, &leaf.der] {
        let r = linter.lint_der(der, &lint::Options::default());
        assert!(
            r.worst() < Some(lint::Severity::Error),
            "{} lints clean: {:#?}",
            r.subject,
            r.findings
        );
    }
    let _ = &h.root_key;
}

#[test]
fn misissuance_is_refused_with_the_finding_and_nothing_is_recorded() {
    let linter = Linter::new();
    let mut h = hierarchy(&linter);
    let before = h.log.count().expect("count");
    let key = SoftKey::generate(KeyAlgorithm::EcP256).expect("key");
    // A mailbox certificate whose commonName is not one of its SAN mailboxes (SMIME BR 7.1.4.2.2(a)).
    let req = Request {
        subject: subject(&[("CN", "mallory@example.org")]),
        sans: vec![San::Email("alice@example.com".into())],
        spki_der: key.spki_der().to_vec(),
    };
    let opts = IssueOptions {
        not_before: NOW,
        ..IssueOptions::default()
    };
    let profile = shipped("smime-mailbox-strict");
    let issuer = Issuer {
        cert_der: Some(h.sub.clone()),
        signer: &h.sub_key,
    };
    let err = issue(&linter, &profile, &req, &issuer, &mut h.log, &opts).expect_err("refused");
    let IssueError::Refused {
        findings,
        signed: false,
    } = &err
    else {
        panic!("expected a lint refusal, got {err}")
    };
    let codes: BTreeSet<&str> = findings.iter().map(|f| f.code).collect();
    assert!(
        codes.contains("smime.subject.mailbox_not_in_san"),
        "the commonName finding is named: {codes:?}"
    );
    assert_eq!(h.log.count().expect("count"), before, "nothing recorded");

    // A SAN type the profile does not allow is refused before linting.
    let req2 = Request {
        subject: vec![],
        sans: vec![San::Dns("www.example.com".into())],
        spki_der: key.spki_der().to_vec(),
    };
    assert!(matches!(
        issue(&linter, &profile, &req2, &issuer, &mut h.log, &opts),
        Err(IssueError::Request(_))
    ));

    // With an explicit override per finding code, it issues and the override is recorded.
    let overrides: BTreeSet<String> = findings.iter().map(|f| f.code.to_string()).collect();
    let opts = IssueOptions {
        not_before: NOW,
        overrides: overrides.clone(),
        ..IssueOptions::default()
    };
    let issued =
        issue(&linter, &profile, &req, &issuer, &mut h.log, &opts).expect("issued with override");
    assert_eq!(
        issued.overridden.iter().cloned().collect::<BTreeSet<_>>(),
        overrides
    );
    assert!(!issued.entry.overrides.is_empty());
    assert_eq!(h.log.count().expect("count"), before + 1);
}

#[test]
fn a_crash_at_any_point_leaves_the_log_consistent() {
    let linter = Linter::new();
    let mut h = hierarchy(&linter);
    let key = SoftKey::generate(KeyAlgorithm::EcP256).expect("key");
    let req = Request {
        subject: subject(&[("CN", "alice@example.com")]),
        sans: vec![San::Email("alice@example.com".into())],
        spki_der: key.spki_der().to_vec(),
    };
    let profile = shipped("smime-mailbox-strict");
    for point in [FaultPoint::BeforeInsert, FaultPoint::BeforeCommit] {
        let before = h.log.count().expect("count");
        let crash = move |p: FaultPoint| {
            if p == point {
                Err(IssueError::Internal(format!("simulated crash at {p:?}")))
            } else {
                Ok(())
            }
        };
        let opts = IssueOptions {
            not_before: NOW,
            fault: Some(&crash),
            ..IssueOptions::default()
        };
        let r = issue(
            &linter,
            &profile,
            &req,
            &Issuer {
                cert_der: Some(h.sub.clone()),
                signer: &h.sub_key,
            },
            &mut h.log,
            &opts,
        );
        assert!(
            r.is_err(),
            "the crash is reported and no certificate is handed out"
        );
        assert_eq!(
            h.log.count().expect("count"),
            before,
            "nothing recorded after a crash at {point:?}"
        );
    }
    let opts = IssueOptions {
        not_before: NOW,
        ..IssueOptions::default()
    };
    let ok = issue(
        &linter,
        &profile,
        &req,
        &Issuer {
            cert_der: Some(h.sub.clone()),
            signer: &h.sub_key,
        },
        &mut h.log,
        &opts,
    )
    .expect("issues");
    let entries = h.log.issued_by(&ok.entry.issuer_sha256).expect("entries");
    assert_eq!(
        entries.last().map(|e| &e.der),
        Some(&ok.der),
        "what was handed out is what was recorded"
    );
}

#[test]
fn openssl_verifies_the_chain() {
    if !std::process::Command::new("openssl")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        eprintln!("skipping: openssl not found");
        return;
    }
    let linter = Linter::new();
    let h = hierarchy(&linter);
    let dir = std::env::temp_dir().join(format!("rootward-ca-chain-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let pem = |name: &str, der: &[u8]| {
        let p = dir.join(name);
        std::fs::write(&p, ca::soft_key::pem("CERTIFICATE", der)).expect("write");
        p
    };
    let root = pem("root.pem", &h.root);
    let sub = pem("sub.pem", &h.sub);
    let out = std::process::Command::new("openssl")
        .args([
            "verify",
            "-attime",
            &(NOW + 3600).to_string(),
            "-x509_strict",
            "-CAfile",
        ])
        .arg(&root)
        .arg(&sub)
        .output()
        .expect("openssl");
    assert!(
        out.status.success(),
        "openssl verify: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// A signer whose signatures come back corrupted (a faulty HSM or library).
struct Faulty<'k>(&'k dyn Signer);

impl Signer for Faulty<'_> {
    fn algorithm(&self) -> KeyAlgorithm {
        self.0.algorithm()
    }
    fn spki_der(&self) -> &[u8] {
        self.0.spki_der()
    }
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, ca::CaError> {
        let mut sig = self.0.sign(message)?;
        // The last octet of the DER Ecdsa-Sig-Value: part of s.
        if let Some(b) = sig.last_mut() {
            *b ^= 0x01;
        }
        Ok(sig)
    }
    fn describe(&self) -> String {
        "a faulty signer".into()
    }
}

/// A signature that does not verify is caught after signing: the
/// certificate is refused (chain.signature.invalid), discarded, not recorded.
#[test]
fn a_corrupt_signature_is_refused_after_signing_and_not_recorded() {
    let linter = Linter::new();
    let mut h = hierarchy(&linter);
    let before = h.log.count().expect("count");
    let key = SoftKey::generate(KeyAlgorithm::EcP256).expect("key");
    let req = Request {
        subject: subject(&[("CN", "alice@example.com")]),
        sans: vec![San::Email("alice@example.com".into())],
        spki_der: key.spki_der().to_vec(),
    };
    let faulty = Faulty(&h.sub_key);
    let err = issue(
        &linter,
        &shipped("smime-mailbox-strict"),
        &req,
        &Issuer {
            cert_der: Some(h.sub.clone()),
            signer: &faulty,
        },
        &mut h.log,
        &IssueOptions {
            not_before: NOW,
            ..IssueOptions::default()
        },
    )
    .expect_err("refused");
    let IssueError::Refused {
        findings,
        signed: true,
    } = &err
    else {
        panic!("expected a refusal after signing, got {err}")
    };
    assert!(
        findings.iter().any(|f| f.code == "chain.signature.invalid"),
        "{findings:?}"
    );
    assert_eq!(h.log.count().expect("count"), before, "nothing recorded");
}

/// A serial this issuer already used is refused by the log (a CSPRNG
/// collision would be retried by the caller); the first entry is kept.
#[test]
fn a_serial_used_twice_by_one_issuer_is_refused() {
    let linter = Linter::new();
    let mut h = hierarchy(&linter);
    let leaf = h.mailbox_leaf(&linter, "alice@example.com");
    let again = h.log.record(
        || {
            Ok(ca::log::LogEntry {
                der: b"another certificate".to_vec(),
                ..leaf.entry.clone()
            })
        },
        None,
    );
    assert!(
        matches!(&again, Err(IssueError::DuplicateSerial(s)) if *s == leaf.entry.serial),
        "{again:?}"
    );
    let kept = h
        .log
        .entries_with_serial(Some(&leaf.entry.issuer_sha256), &leaf.entry.serial)
        .expect("entries");
    assert_eq!(kept.len(), 1, "still there, once");
    assert_eq!(kept[0].der, leaf.der, "the first certificate is kept");
}

/// Criticality is part of a profile (`[critical]`): a marking the BRs
/// forbid fails the load-time lint, one they allow is issued as written.
#[test]
fn profile_criticality_is_linted_at_load_and_issued_as_written() {
    let linter = Linter::new();
    let text = |name: &str| {
        SHIPPED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| t.to_string())
            .expect("profile")
    };
    // SMIME BR 7.1.2.2(e): an S/MIME CA's keyUsage is critical.
    let bad = format!("{}\n[critical]\nkey_usage = false\n", text("smime-subca"));
    let err = CertProfile::load_checked("bad", &bad, &linter, NOW)
        .expect_err("a non-critical keyUsage in an S/MIME sub-CA");
    assert!(err.to_string().contains("key_usage"), "{err}");

    // TLS BR 7.1.2.10.8: nameConstraints MAY be non-critical for legacy
    // applications; the technically constrained TLS sub-CA carries it so.
    let constrained = format!(
        "{}\n[name_constraints]\ndns = [\"example.com\"]\n\n[critical]\nname_constraints = false\n",
        text("tls-subca")
    );
    let profile = CertProfile::load_checked("constrained", &constrained, &linter, NOW)
        .expect("allowed by TLS BR 7.1.2.10.8");
    let mut h = hierarchy(&linter);
    let key = SoftKey::generate(KeyAlgorithm::EcP256).expect("key");
    let issued = issue(
        &linter,
        &profile,
        &Request {
            subject: subject(&[
                ("C", "JP"),
                ("O", "Example Japan Co., Ltd."),
                ("CN", "Example Constrained CA"),
            ]),
            sans: vec![],
            spki_der: key.spki_der().to_vec(),
        },
        &Issuer {
            cert_der: Some(h.root.clone()),
            signer: &h.root_key,
        },
        &mut h.log,
        &IssueOptions {
            not_before: NOW,
            ..IssueOptions::default()
        },
    )
    .expect("issued");
    let c = cert::Certificate::parse(&issued.der).expect("parses");
    let nc = c
        .extension(cert::oids::NAME_CONSTRAINTS)
        .expect("nameConstraints present");
    assert!(!nc.critical, "non-critical as the profile says");
    let ku = c.extension(cert::oids::KEY_USAGE).expect("keyUsage");
    assert!(
        ku.critical,
        "the defaults stand where the profile says nothing"
    );
}

/// A request that does not fit the profile is refused before anything is
/// built or signed, naming what does not fit: a key type the profile does not
/// list, a subject attribute it requires and the request lacks, one it does
/// not allow, an empty one, a SAN type it does not allow.
#[test]
fn requests_that_do_not_fit_the_profile_are_refused_naming_why() {
    let linter = Linter::new();
    let mut h = hierarchy(&linter);
    let before = h.log.count().expect("count");
    let p256 = SoftKey::generate(KeyAlgorithm::EcP256).expect("key");
    let ed = SoftKey::generate(KeyAlgorithm::Ed25519).expect("key");
    let org = shipped("smime-organization-strict");
    let mailbox = shipped("smime-mailbox-strict");
    let mail = || vec![San::Email("alice@example.com".into())];
    let cases: Vec<(&CertProfile, Request, &str)> = vec![
        (
            &mailbox,
            Request {
                subject: subject(&[("CN", "alice@example.com")]),
                sans: mail(),
                spki_der: ed.spki_der().to_vec(),
            },
            "ed25519 keys are not allowed by profile smime-mailbox-strict",
        ),
        (
            &org,
            Request {
                subject: subject(&[("O", "Example Japan Co., Ltd.")]),
                sans: mail(),
                spki_der: p256.spki_der().to_vec(),
            },
            "organizationIdentifier is required",
        ),
        (
            &mailbox,
            Request {
                subject: subject(&[("CN", "alice@example.com"), ("O", "Example")]),
                sans: mail(),
                spki_der: p256.spki_der().to_vec(),
            },
            "subject attribute O is not allowed",
        ),
        (
            &mailbox,
            Request {
                subject: subject(&[("CN", "  ")]),
                sans: mail(),
                spki_der: p256.spki_der().to_vec(),
            },
            "subject attribute CN is empty",
        ),
        (
            &mailbox,
            Request {
                subject: subject(&[("CN", "alice@example.com")]),
                sans: vec![San::Ip("192.0.2.1".parse().expect("ip"))],
                spki_der: p256.spki_der().to_vec(),
            },
            "subjectAltName entries of type ip are not allowed",
        ),
    ];
    for (profile, req, why) in cases {
        let err = issue(
            &linter,
            profile,
            &req,
            &Issuer {
                cert_der: Some(h.sub.clone()),
                signer: &h.sub_key,
            },
            &mut h.log,
            &IssueOptions {
                not_before: NOW,
                ..IssueOptions::default()
            },
        )
        .expect_err(why);
        assert!(
            matches!(&err, IssueError::Request(m) if m.contains(why)),
            "{why}: got {err}"
        );
    }
    assert_eq!(h.log.count().expect("count"), before, "nothing recorded");
}

/// The TLS profiles issue as well as load: a TLS sub-CA under the root, DV
/// and OV leaves under it, each without an error finding, and the chain
/// accepted by OpenSSL for a TLS server (when openssl is installed).
#[test]
fn tls_profiles_issue_clean_certificates() {
    let linter = Linter::new();
    let mut h = hierarchy(&linter);
    let opts = IssueOptions {
        not_before: NOW,
        ..IssueOptions::default()
    };
    let (ca_key, tls_ca) = h.tls_subca(&linter);
    let leaf_key = SoftKey::generate(KeyAlgorithm::EcP256).expect("key");
    let mut leaves = Vec::new();
    for (profile, attrs) in [
        ("tls-dv", vec![]),
        (
            "tls-ov",
            vec![
                ("C", "US"),
                ("L", "San Francisco"),
                ("O", "Example Organization"),
                ("CN", "www.example.com"),
            ],
        ),
    ] {
        let issued = issue(
            &linter,
            &shipped(profile),
            &Request {
                subject: subject(&attrs),
                sans: vec![San::Dns("www.example.com".into())],
                spki_der: leaf_key.spki_der().to_vec(),
            },
            &Issuer {
                cert_der: Some(tls_ca.der.clone()),
                signer: &ca_key,
            },
            &mut h.log,
            &opts,
        )
        .unwrap_or_else(|e| panic!("{profile}: {e}"));
        leaves.push((profile, issued));
    }
    for (name, issued) in
        std::iter::once(("tls-subca", &tls_ca)).chain(leaves.iter().map(|(p, i)| (*p, i)))
    {
        assert!(
            issued
                .post_findings
                .iter()
                .all(|f| f.severity < lint::Severity::Error),
            "{name}: {:?}",
            issued.post_findings
        );
    }
    if !common::openssl_available() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("rootward-ca-tls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let pem = |name: &str, der: &[u8]| {
        let p = dir.join(name);
        std::fs::write(&p, ca::soft_key::pem("CERTIFICATE", der)).expect("write");
        p
    };
    let root = pem("root.pem", &h.root);
    let ca = pem("ca.pem", &tls_ca.der);
    for (profile, issued) in &leaves {
        let leaf = pem(&format!("{profile}.pem"), &issued.der);
        let out = std::process::Command::new("openssl")
            .args(["verify", "-attime", &(NOW + 3600).to_string()])
            .args(["-x509_strict", "-purpose", "sslserver", "-CAfile"])
            .arg(&root)
            .arg("-untrusted")
            .arg(&ca)
            .arg(&leaf)
            .output()
            .expect("openssl");
        assert!(
            out.status.success(),
            "openssl verify {profile}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}
