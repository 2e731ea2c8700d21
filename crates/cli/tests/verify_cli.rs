//! End-to-end tests of `rootward verify`: exit 0 when a valid path exists,
//! 1 when none does, 2 on unusable input; text and JSON reports.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_rootward");

fn secom() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/secom");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var("ROOTWARD_REQUIRE_CORPUS").as_deref() != Ok("1"),
        "corpus missing at {} and ROOTWARD_REQUIRE_CORPUS=1",
        dir.display()
    );
    eprintln!("skipping: corpus not found at {}", dir.display());
    None
}

fn verify(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("verify")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("runs")
}

#[test]
fn valid_path_exits_0_with_the_path_in_text() {
    let Some(dir) = secom() else { return };
    let out = verify(
        &dir,
        &[
            "--trust",
            "Security_Communication_RootCA2.pem",
            "--intermediates",
            "ccadb_secom_cybertrust_family_bundle.pem",
            "--at",
            "2026-01-01",
            "--purpose",
            "smime",
            "Cybertrust_Japan_SureMail_CA_G5.pem",
        ],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("path 1: VALID"), "{text}");
    assert!(text.contains("995C3C64F32348142BF1EBEAF7370781A1C30682DE02AD85FB2700CE1395F737"));
    assert!(
        text.contains("Security Communication RootCA2 (trust-anchor)"),
        "{text}"
    );
}

#[test]
fn no_valid_path_exits_1_with_the_reason_in_json() {
    let Some(dir) = secom() else { return };
    let out = verify(
        &dir,
        &[
            "--trust",
            "Security_Communication_RootCA2.pem",
            "--intermediates",
            "Cybertrust_Japan_SureServer_CA_G4.2023-issuance.pem",
            "--at",
            "2022-06-01",
            "--purpose",
            "tls",
            "--name",
            "edge01.yahoo.co.jp",
            "--format",
            "json",
            "leaf_edge01.yahoo.co.jp_2022.pem",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(v["purpose"], "tls");
    let failure = &v["paths"][0]["failure"];
    assert_eq!(failure["position"], 1);
    assert_eq!(failure["section"], "RFC 5280 6.1.3 (a)(2)");
    assert!(failure["error"].as_str().unwrap().contains("not yet valid"));
}

#[test]
fn unusable_input_exits_2_naming_the_file() {
    let dir =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("verify_cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("junk.pem"),
        "-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n",
    )
    .unwrap();
    std::fs::write(dir.join("empty.pem"), "").unwrap();
    let out = verify(&dir, &["--trust", "empty.pem", "junk.pem"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("junk.pem"), "{err}");
    let out = verify(&dir, &["--trust", "missing.pem", "junk.pem"]);
    assert_eq!(out.status.code(), Some(2));
    let out = verify(
        &dir,
        &["--at", "yesterday", "--trust", "junk.pem", "junk.pem"],
    );
    assert_eq!(out.status.code(), Some(2));
    // No --trust at all is an argument error.
    let out = verify(&dir, &["junk.pem"]);
    assert_eq!(out.status.code(), Some(2));
}
