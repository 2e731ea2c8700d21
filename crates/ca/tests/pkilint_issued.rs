//! One subscriber certificate per shipped S/MIME profile, issued by the CA
//! engine (root-ca -> smime-subca -> leaf) from the profile's `[sample]`
//! request, passes pkilint (`lint_cabf_smime_cert lint -t TYPE-GENERATION`)
//! with no ERROR or FATAL finding, and our linter with no error.
//!
//! Without `lint_cabf_smime_cert` on PATH (`pip install pkilint`) the test
//! prints a message and passes, unless `ROOTWARD_REQUIRE_PKILINT=1`, when it
//! fails.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::path::PathBuf;
use std::process::Command;

use ca::issue::{IssueOptions, Issuer, issue};
use ca::log::IssuanceLog;
use ca::profile::{CertProfile, SHIPPED, parse_san};
use ca::tbs::Request;
use ca::{KeyAlgorithm, Signer, SoftKey};
use common::shipped;
use lint::Linter;

/// The S/MIME subscriber profiles and pkilint's `-t` type for each.
const SMIME_PROFILES: &[(&str, &str)] = &[
    ("smime-mailbox-multipurpose", "MAILBOX-MULTIPURPOSE"),
    ("smime-mailbox-strict", "MAILBOX-STRICT"),
    (
        "smime-organization-multipurpose",
        "ORGANIZATION-MULTIPURPOSE",
    ),
    ("smime-organization-strict", "ORGANIZATION-STRICT"),
    ("smime-sponsored-multipurpose", "SPONSORED-MULTIPURPOSE"),
    ("smime-sponsored-strict", "SPONSORED-STRICT"),
    ("smime-individual-multipurpose", "INDIVIDUAL-MULTIPURPOSE"),
    ("smime-individual-strict", "INDIVIDUAL-STRICT"),
];

const PKILINT: &str = "lint_cabf_smime_cert";

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64
}

/// The request a profile's `[sample]` describes, for `key`.
fn sample_request(p: &CertProfile, key: &dyn Signer) -> Request {
    let sample = p
        .sample
        .clone()
        .unwrap_or_else(|| panic!("{} has a [sample]", p.name));
    Request {
        subject: sample.subject.into_iter().collect(),
        sans: sample
            .sans
            .iter()
            .map(|s| parse_san(s).unwrap_or_else(|| panic!("{}: sample SAN {s}", p.name)))
            .collect(),
        spki_der: key.spki_der().to_vec(),
    }
}

fn pkilint_available() -> bool {
    Command::new(PKILINT)
        .arg("--help")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// pkilint's findings at ERROR or FATAL, one per line ("" when there are none).
fn pkilint_errors(path: &std::path::Path, kind: &str) -> String {
    let out = Command::new(PKILINT)
        .args(["lint", "-t", kind, "-s", "ERROR", "-f", "TEXT"])
        .arg(path)
        .output()
        .expect("pkilint runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // pkilint exits 0 when no finding is at or above the threshold given by -s.
    if out.status.success() && !stdout.contains("ERROR") && !stdout.contains("FATAL") {
        return String::new();
    }
    format!("exit {:?}\n{stdout}{stderr}", out.status.code())
}

#[test]
fn every_smime_subscriber_profile_passes_pkilint_and_our_linter() {
    let required = std::env::var("ROOTWARD_REQUIRE_PKILINT").is_ok_and(|v| v == "1");
    let have_pkilint = pkilint_available();
    if !have_pkilint {
        assert!(
            !required,
            "ROOTWARD_REQUIRE_PKILINT=1 but {PKILINT} is not on PATH (pip install pkilint)"
        );
        println!(
            "pkilint ({PKILINT}) is not on PATH (pip install pkilint): checking with our linter only"
        );
    }
    // Every shipped S/MIME subscriber profile is covered here.
    let shipped_smime: Vec<&str> = SHIPPED
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| n.starts_with("smime-") && *n != "smime-subca")
        .collect();
    let covered: Vec<&str> = SMIME_PROFILES.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        shipped_smime, covered,
        "a new S/MIME profile needs a pkilint type here"
    );

    let linter = Linter::new();
    let t = now();
    let mut log = IssuanceLog::in_memory().expect("log");
    let opts = IssueOptions {
        not_before: t,
        ..IssueOptions::default()
    };
    let root_key = SoftKey::generate(KeyAlgorithm::EcP384).expect("key");
    let root_profile = shipped("root-ca");
    let root = issue(
        &linter,
        &root_profile,
        &sample_request(&root_profile, &root_key),
        &Issuer {
            cert_der: None,
            signer: &root_key,
        },
        &mut log,
        &opts,
    )
    .expect("root issues")
    .der;
    let sub_key = SoftKey::generate(KeyAlgorithm::EcP256).expect("key");
    let sub_profile = shipped("smime-subca");
    let sub = issue(
        &linter,
        &sub_profile,
        &sample_request(&sub_profile, &sub_key),
        &Issuer {
            cert_der: Some(root),
            signer: &root_key,
        },
        &mut log,
        &opts,
    )
    .expect("sub-CA issues")
    .der;

    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("pkilint_issued-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("tmp");
    let mut failures = Vec::new();
    for (name, kind) in SMIME_PROFILES {
        let profile = shipped(name);
        let key = SoftKey::generate(KeyAlgorithm::EcP256).expect("key");
        let issued = match issue(
            &linter,
            &profile,
            &sample_request(&profile, &key),
            &Issuer {
                cert_der: Some(sub.clone()),
                signer: &sub_key,
            },
            &mut log,
            &opts,
        ) {
            Ok(i) => i,
            Err(e) => {
                failures.push(format!("{name}: the CA engine refused its own sample: {e}"));
                continue;
            }
        };
        let ours = linter.lint_der(&issued.der, &lint::Options::default());
        let our_errors: Vec<String> = ours
            .findings
            .iter()
            .filter(|f| f.severity >= lint::Severity::Error)
            .map(|f| format!("{} {}: {}", f.severity, f.code, f.message))
            .collect();
        if !our_errors.is_empty() {
            failures.push(format!("{name}: rootward lint: {our_errors:#?}"));
        }
        if have_pkilint {
            let path = dir.join(format!("{name}.pem"));
            std::fs::write(&path, ca::soft_key::pem("CERTIFICATE", &issued.der)).expect("write");
            let errors = pkilint_errors(&path, kind);
            if !errors.is_empty() {
                failures.push(format!("{name}: pkilint -t {kind}: {errors}"));
            } else {
                println!("{name}: pkilint -t {kind}: no ERROR or FATAL");
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    std::fs::remove_dir_all(&dir).ok();
}
