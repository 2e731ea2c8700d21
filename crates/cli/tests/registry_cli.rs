//! End-to-end tests of the registry commands through the `rootward` binary:
//! `import pem`, `import ccadb` (V5 records report and bad input), `check`
//! with `--owner`, `--as-of` and `--by-owner`, `show`, `tree`, and the exit
//! statuses (0 clean, 1 findings or rejected rows, 2 unreadable input).
//!
//! Each test works in its own directory under `CARGO_TARGET_TMPDIR`, with a
//! SQLite database there. Needs ../shared/corpus/secom (skips with a message
//! when absent, unless ROOTWARD_REQUIRE_CORPUS=1).
#![allow(clippy::expect_used, clippy::unwrap_used, missing_docs)]

mod common;

use std::path::{Path, PathBuf};

use common::Run;

const G5: &str = "995C3C64F32348142BF1EBEAF7370781A1C30682DE02AD85FB2700CE1395F737";
const ROOT_CA2: &str = "513B2CECB810D4CDE5DD85391ADFC6C2DD60D87BB736D2B521484AA47A0EBEF6";

fn run(dir: &Path, args: &[&str]) -> Run {
    common::rootward(dir, args, &[])
}

fn workdir(name: &str) -> PathBuf {
    common::workdir(&format!("registry-cli-{name}"))
}

fn secom() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/secom");
    if p.exists() {
        Some(p)
    } else if std::env::var("ROOTWARD_REQUIRE_CORPUS").as_deref() == Ok("1") {
        panic!("corpus folder {} is missing", p.display());
    } else {
        eprintln!("skipping: corpus folder {} is missing", p.display());
        None
    }
}

/// The V5 records report header (89 columns, ../shared/corpus/README.md).
fn v5_header() -> Vec<String> {
    let mut h: Vec<String> = "CA Owner|Salesforce Record ID|Certificate Name|Parent Salesforce Record ID|Parent Certificate Name|Certificate Record Type|Subordinate CA Owner|Apple Status|Chrome Status|Microsoft Status|Mozilla Status|Status of Root Cert|Revocation Status|SHA-256 Fingerprint|Parent SHA-256 Fingerprint|Valid From (GMT)|Valid To (GMT)|Authority Key Identifier|Subject Key Identifier|Technically Constrained|Trust Bits for Root Cert|EV OIDs for Root Cert|Derived Trust Bits|JSON Array of All Full CRL URLs|JSON Array of Partitioned CRLs|DV ACME Directory URL(s)|OV ACME Directory URL(s)|EV ACME Directory URL(s)|IV ACME Directory URL(s)|Audit Firm|Audit Firm Location|Audits Same as Parent"
        .split('|')
        .map(str::to_owned)
        .collect();
    for kind in [
        "Standard",
        "NetSec",
        "TLS BR",
        "TLS EVG",
        "Code Signing",
        "S/MIME BR",
        "VMC",
    ] {
        for what in [
            "URL",
            "Type",
            "Statement Date",
            "Period Start Date",
            "Period End Date",
        ] {
            h.push(format!("{kind} Audit {what}"));
        }
    }
    h.extend(
        "Policy Documentation|CA Document Repository|CP Same as Parent|Certificate Policy (CP) URL|CP Effective Date|CPS Same as Parent|Certificate Practice Statement (CPS) URL|CPS Effective Date|CP/CPS Same as Parent|Certificate Practice & Policy Statement|CP/CPS Effective Date|MD/AsciiDoc CP/CPS Same as Parent|MD/AsciiDoc CP/CPS URL|MD/AsciiDoc CP/CPS Effective Date|Test Website URL - Valid|Test Website URL - Expired|Test Website URL - Revoked|TLS Capable|TLS EV Capable|Code Signing Capable|S/MIME Capable|Country"
            .split('|')
            .map(str::to_owned),
    );
    assert_eq!(h.len(), 89);
    h
}

fn csv_line(cells: &[String]) -> String {
    cells
        .iter()
        .map(|c| {
            if c.contains([',', '"', '\n']) {
                format!("\"{}\"", c.replace('"', "\"\""))
            } else {
                c.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// The case's sub-CA record, with its CPS effective 2025-03-01.
fn v5_fixture() -> String {
    let header = v5_header();
    let mut cells = vec![String::new(); header.len()];
    let mut set = |name: &str, v: &str| {
        let i = header.iter().position(|h| h == name).unwrap();
        cells[i] = v.to_owned();
    };
    set("CA Owner", "SECOM Trust Systems Co., Ltd.");
    set("Salesforce Record ID", "A012001");
    set("Certificate Name", "Cybertrust Japan SureMail CA G5");
    set("Parent Salesforce Record ID", "A000187");
    set("Subordinate CA Owner", "Cybertrust Japan Co., Ltd.");
    set("Revocation Status", "Not Revoked");
    set("SHA-256 Fingerprint", G5);
    set("Parent SHA-256 Fingerprint", ROOT_CA2);
    set("Valid From (GMT)", "2024-12-17");
    set("Valid To (GMT)", "2029-05-29");
    set("Technically Constrained", "False");
    set("Derived Trust Bits", "Secure Email");
    set("Audit Firm", "KPMG");
    set("Audit Firm Location", "Japan");
    for kind in ["Standard", "NetSec", "S/MIME BR"] {
        set(
            &format!("{kind} Audit URL"),
            &format!("https://example.test/{}.pdf", kind.replace(['/', ' '], "")),
        );
        set(&format!("{kind} Audit Type"), "WebTrust");
        set(&format!("{kind} Audit Statement Date"), "2026-02-27");
        set(&format!("{kind} Audit Period Start Date"), "2024-12-11");
        set(&format!("{kind} Audit Period End Date"), "2025-12-10");
    }
    set(
        "Certificate Practice Statement (CPS) URL",
        "https://example.test/suremail-cps.pdf",
    );
    set("CPS Effective Date", "2025-03-01");
    set("S/MIME Capable", "True");
    set("Country", "Japan");
    format!("{}\n{}\n", csv_line(&header), csv_line(&cells))
}

#[test]
fn import_check_show_tree() {
    let Some(secom) = secom() else { return };
    let dir = workdir("flow");
    let root = secom.join("Security_Communication_RootCA2.pem");
    let g5 = secom.join("Cybertrust_Japan_SureMail_CA_G5.pem");
    let r = run(
        &dir,
        &[
            "import",
            "pem",
            "--disclosed-at",
            "2024-12-18",
            root.to_str().unwrap(),
            g5.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("1 created"), "{}", r.stdout);
    assert!(dir.join("rootward.db").exists(), "default database file");
    std::fs::write(dir.join("v5.csv"), v5_fixture()).unwrap();
    let r = run(&dir, &["import", "ccadb", "v5.csv"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("ccadb-v5 (1 rows)"), "{}", r.stdout);

    // --as-of replay: CPS 364 days old is fine, 366 days old is not.
    let owner = "Cybertrust Japan Co., Ltd.";
    let r = run(
        &dir,
        &[
            "check",
            "--owner",
            owner,
            "--as-of",
            "2026-02-28",
            "--no-lint",
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("0 finding(s)"), "{}", r.stdout);
    let r = run(
        &dir,
        &[
            "check",
            "--owner",
            owner,
            "--as-of",
            "2026-03-02",
            "--no-lint",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let codes: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, vec!["registry.document.stale"]);
    assert_eq!(v[0]["citation"], "MRSP 3.3");
    let r = run(
        &dir,
        &["check", "--as-of", "2026-03-02", "--no-lint", "--by-owner"],
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("== Cybertrust Japan Co., Ltd."),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("== SECOM Trust Systems Co., Ltd."),
        "{}",
        r.stdout
    );

    // show: SHA-256 in lower case with colons; SHA-1; text; nothing.
    let colons = G5
        .to_lowercase()
        .as_bytes()
        .chunks(2)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join(":");
    let r = run(&dir, &["show", &colons]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Cybertrust Japan SureMail CA G5"));
    assert!(
        r.stdout
            .contains("Operator:     Cybertrust Japan Co., Ltd."),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(&format!("Parent:       {ROOT_CA2}")),
        "{}",
        r.stdout
    );
    let r = run(
        &dir,
        &[
            "show",
            "405d7cb078ae0b05de564202056e1f96513132b9",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v[0]["certificate"]["sha256"], G5);
    let r = run(&dir, &["show", "no such certificate"]);
    assert_eq!(r.code, 1);

    // tree, text and JSON.
    let r = run(&dir, &["tree", "Security Communication RootCA2"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("  995C3C64F3234814 Cybertrust Japan SureMail CA G5"),
        "{}",
        r.stdout
    );
    let r = run(&dir, &["tree", ROOT_CA2, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["children"][0]["sha256"], G5);
}

#[test]
fn bad_input_exit_statuses() {
    let dir = workdir("bad");
    std::fs::write(dir.join("wrong.csv"), "Fingerprint,Cert\nAA,BB\n").unwrap();
    let r = run(&dir, &["import", "ccadb", "wrong.csv"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("wrong.csv") && r.stderr.contains("unrecognized CCADB report header"),
        "{}",
        r.stderr
    );
    let r = run(&dir, &["import", "pem", "missing.pem"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("missing.pem"), "{}", r.stderr);
    std::fs::write(
        dir.join("rows.csv"),
        "SHA-256 Fingerprint,X.509 Certificate (PEM)\nAB,\"-----BEGIN CERTIFICATE-----\nMIIB\n\"\n",
    )
    .unwrap();
    let r = run(&dir, &["import", "ccadb", "rows.csv"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("rows.csv:2:"), "{}", r.stderr);
    let r = run(&dir, &["check", "--as-of", "not-a-date"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--as-of"), "{}", r.stderr);
}

#[test]
fn owners_and_incidents() {
    let dir = workdir("incidents");
    let owner = "Cybertrust Japan Co., Ltd.";
    let r = run(
        &dir,
        &[
            "owner",
            "set",
            owner,
            "--country",
            "Japan",
            "--contact",
            "a@example.test",
            "--contact",
            "b@example.test",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("version 1"));
    let r = run(
        &dir,
        &[
            "owner",
            "set",
            owner,
            "--website",
            "https://www.cybertrust.co.jp/",
        ],
    );
    assert!(r.stdout.contains("version 2"), "{}", r.stdout);
    let r = run(
        &dir,
        &[
            "incident",
            "set",
            "1234",
            "--owner",
            owner,
            "--title",
            "Missed annual CPS update",
            "--opened",
            "2025-12-01",
            "--next-update",
            "2026-01-15",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(&dir, &["check", "--as-of", "2026-01-15", "--no-lint"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let r = run(
        &dir,
        &["check", "--as-of", "2026-01-16", "--no-lint", "--by-owner"],
    );
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stdout.contains("registry.incident.update_overdue"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("contacts: a@example.test, b@example.test"),
        "{}",
        r.stdout
    );
    let r = run(
        &dir,
        &[
            "incident",
            "set",
            "1234",
            "--owner",
            owner,
            "--title",
            "t",
            "--next-update",
            "2026-13-01",
        ],
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--next-update"), "{}", r.stderr);
}
