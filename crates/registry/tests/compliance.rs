#![allow(clippy::expect_used, clippy::unwrap_used)]
//! Compliance checks replaying the case's timeline with `as_of`, over a
//! V5-format records report written here from the header and the case's
//! record described in ../shared/corpus/README.md.

mod common;

use std::collections::HashMap;

use registry::check::CheckOptions;
use registry::import::ImportOptions;
use registry::{FixedClock, Incident, Owner, Registry, parse_date};

const SECOM: &str = "SECOM Trust Systems Co., Ltd.";
const CYBERTRUST: &str = "Cybertrust Japan Co., Ltd.";
const ROOT_CA2: &str = "513B2CECB810D4CDE5DD85391ADFC6C2DD60D87BB736D2B521484AA47A0EBEF6";
const SUREMAIL_G5: &str = "995C3C64F32348142BF1EBEAF7370781A1C30682DE02AD85FB2700CE1395F737";

/// The 89 columns of CCADB's AllCertificateRecordsCSVFormatV5 report.
fn v5_header() -> Vec<String> {
    let mut h: Vec<String> = [
        "CA Owner",
        "Salesforce Record ID",
        "Certificate Name",
        "Parent Salesforce Record ID",
        "Parent Certificate Name",
        "Certificate Record Type",
        "Subordinate CA Owner",
        "Apple Status",
        "Chrome Status",
        "Microsoft Status",
        "Mozilla Status",
        "Status of Root Cert",
        "Revocation Status",
        "SHA-256 Fingerprint",
        "Parent SHA-256 Fingerprint",
        "Valid From (GMT)",
        "Valid To (GMT)",
        "Authority Key Identifier",
        "Subject Key Identifier",
        "Technically Constrained",
        "Trust Bits for Root Cert",
        "EV OIDs for Root Cert",
        "Derived Trust Bits",
        "JSON Array of All Full CRL URLs",
        "JSON Array of Partitioned CRLs",
        "DV ACME Directory URL(s)",
        "OV ACME Directory URL(s)",
        "EV ACME Directory URL(s)",
        "IV ACME Directory URL(s)",
        "Audit Firm",
        "Audit Firm Location",
        "Audits Same as Parent",
    ]
    .iter()
    .map(|s| s.to_string())
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
        [
            "Policy Documentation",
            "CA Document Repository",
            "CP Same as Parent",
            "Certificate Policy (CP) URL",
            "CP Effective Date",
            "CPS Same as Parent",
            "Certificate Practice Statement (CPS) URL",
            "CPS Effective Date",
            "CP/CPS Same as Parent",
            "Certificate Practice & Policy Statement",
            "CP/CPS Effective Date",
            "MD/AsciiDoc CP/CPS Same as Parent",
            "MD/AsciiDoc CP/CPS URL",
            "MD/AsciiDoc CP/CPS Effective Date",
            "Test Website URL - Valid",
            "Test Website URL - Expired",
            "Test Website URL - Revoked",
            "TLS Capable",
            "TLS EV Capable",
            "Code Signing Capable",
            "S/MIME Capable",
            "Country",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    assert_eq!(h.len(), 89);
    h
}

fn v5_csv(rows: &[HashMap<&str, String>]) -> String {
    let header = v5_header();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&header).unwrap();
    for r in rows {
        for k in r.keys() {
            assert!(header.iter().any(|h| h == k), "unknown column {k}");
        }
        w.write_record(
            header
                .iter()
                .map(|h| r.get(h.as_str()).cloned().unwrap_or_default()),
        )
        .unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

fn row(pairs: &[(&'static str, &str)]) -> HashMap<&'static str, String> {
    pairs.iter().map(|(k, v)| (*k, v.to_string())).collect()
}

/// RootCA2's record.
fn root_row() -> HashMap<&'static str, String> {
    row(&[
        ("CA Owner", SECOM),
        ("Salesforce Record ID", "A000187"),
        ("Certificate Name", "Security Communication RootCA2"),
        ("Certificate Record Type", "Root Certificate"),
        ("Revocation Status", "Not Revoked"),
        ("SHA-256 Fingerprint", ROOT_CA2),
        ("Valid From (GMT)", "2009-05-29"),
        ("Valid To (GMT)", "2029-05-29"),
        ("Trust Bits for Root Cert", "Email; Websites"),
        ("Derived Trust Bits", "Secure Email; Server Authentication"),
        ("Audit Firm", "KPMG"),
        ("Audit Firm Location", "Japan"),
        (
            "Standard Audit URL",
            "https://example.test/secom/standard-2025.pdf",
        ),
        ("Standard Audit Type", "WebTrust"),
        ("Standard Audit Statement Date", "2025-09-12"),
        ("Standard Audit Period Start Date", "2024-07-01"),
        ("Standard Audit Period End Date", "2025-06-30"),
        (
            "S/MIME BR Audit URL",
            "https://example.test/secom/smime-2025.pdf",
        ),
        ("S/MIME BR Audit Type", "WebTrust"),
        ("S/MIME BR Audit Statement Date", "2025-09-12"),
        ("S/MIME BR Audit Period Start Date", "2024-07-01"),
        ("S/MIME BR Audit Period End Date", "2025-06-30"),
        (
            "Certificate Practice Statement (CPS) URL",
            "https://repository.secomtrust.net/SC-Root2/SCRoot2CPS.pdf",
        ),
        ("CPS Effective Date", "2025-06-01"),
        (
            "Certificate Policy (CP) URL",
            "https://repository.secomtrust.net/SC-Root2/SCRoot2CP.pdf",
        ),
        ("CP Effective Date", "2025-06-01"),
        ("S/MIME Capable", "True"),
        ("TLS Capable", "True"),
        ("Country", "Japan"),
    ])
}

/// The case's sub-CA record (../shared/corpus/README.md), CPS effective on `cps_date`.
fn g5_row(cps_date: &str) -> HashMap<&'static str, String> {
    let mut r = row(&[
        ("CA Owner", SECOM),
        ("Salesforce Record ID", "A012001"),
        ("Certificate Name", "Cybertrust Japan SureMail CA G5"),
        ("Parent Salesforce Record ID", "A000187"),
        ("Parent Certificate Name", "Security Communication RootCA2"),
        ("Certificate Record Type", "Intermediate Certificate"),
        ("Subordinate CA Owner", CYBERTRUST),
        ("Revocation Status", "Not Revoked"),
        ("SHA-256 Fingerprint", SUREMAIL_G5),
        ("Parent SHA-256 Fingerprint", ROOT_CA2),
        ("Valid From (GMT)", "2024-12-17"),
        ("Valid To (GMT)", "2029-05-29"),
        ("Technically Constrained", "False"),
        ("Derived Trust Bits", "Secure Email"),
        (
            "JSON Array of All Full CRL URLs",
            "[\"http://crl.cybertrust.ne.jp/SureMail/smcag5/cdp.crl\"]",
        ),
        ("Audit Firm", "KPMG"),
        ("Audit Firm Location", "Japan"),
        ("Audits Same as Parent", "False"),
        (
            "Certificate Practice Statement (CPS) URL",
            "https://www.cybertrust.co.jp/ssl/repository/suremail-cps.pdf",
        ),
        (
            "Certificate Policy (CP) URL",
            "https://www.cybertrust.co.jp/ssl/repository/suremail-cp.pdf",
        ),
        ("TLS Capable", "False"),
        ("TLS EV Capable", "False"),
        ("Code Signing Capable", "False"),
        ("S/MIME Capable", "True"),
        ("Country", "Japan"),
    ]);
    for kind in ["Standard", "NetSec", "S/MIME BR"] {
        let k = |what: &str| -> &'static str {
            Box::leak(format!("{kind} Audit {what}").into_boxed_str())
        };
        r.insert(
            k("URL"),
            format!(
                "https://example.test/cybertrust/{}-2025.pdf",
                kind.replace(['/', ' '], "")
            ),
        );
        r.insert(k("Type"), "WebTrust".into());
        r.insert(k("Statement Date"), "2026-02-27".into());
        r.insert(k("Period Start Date"), "2024-12-11".into());
        r.insert(k("Period End Date"), "2025-12-10".into());
    }
    r.insert("CPS Effective Date", cps_date.into());
    r.insert("CP Effective Date", cps_date.into());
    r
}

async fn setup(reg: &Registry, disclosed: &str) -> bool {
    let Some(dir) = common::corpus("secom") else {
        return false;
    };
    for f in [
        "Security_Communication_RootCA2.pem",
        "Cybertrust_Japan_SureMail_CA_G5.pem",
    ] {
        let r = reg
            .import_pem(
                &dir.join(f),
                &FixedClock(common::day("2024-12-20")),
                ImportOptions {
                    disclosed_at: Some(common::day(disclosed)),
                },
            )
            .await
            .unwrap();
        assert!(r.errors.is_empty());
    }
    true
}

async fn codes(reg: &Registry, owner: Option<&str>, as_of: &str) -> Vec<(String, String)> {
    let findings = registry::check(
        reg,
        &CheckOptions {
            owner,
            as_of: common::day(as_of),
            lint: false,
        },
        &lint::Linter::new(),
    )
    .await
    .unwrap();
    for f in &findings {
        eprintln!(
            "{as_of} {:?}: {} [{}] {} — {}",
            owner, f.code, f.citation, f.location, f.message
        );
    }
    findings
        .into_iter()
        .map(|f| (f.code.to_owned(), f.location))
        .collect()
}

fn only_codes(v: &[(String, String)]) -> Vec<&str> {
    v.iter().map(|(c, _)| c.as_str()).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn case_record_imports_and_replays() {
    for (backend, reg) in common::backends("case").await {
        if !setup(&reg, "2024-12-18").await {
            return;
        }
        let v5 = v5_csv(&[root_row(), g5_row("2025-03-01")]);
        let path = common::write_temp("case", "v5.csv", &v5);
        let r = reg
            .import_ccadb(
                &path,
                &FixedClock(common::day("2026-01-05")),
                ImportOptions::default(),
            )
            .await
            .unwrap();
        assert_eq!(r.format, "ccadb-v5");
        assert!(r.errors.is_empty(), "{backend}: {:?}", r.errors);
        assert_eq!(r.rows, 2);

        // The record landed: owner, operator, audits, documents, trust bits.
        let g5 = reg
            .view(SUREMAIL_G5, common::day("2026-03-01"))
            .await
            .unwrap();
        assert_eq!(g5.certificate.owner.as_deref(), Some(SECOM));
        assert_eq!(g5.certificate.subca_owner.as_deref(), Some(CYBERTRUST));
        assert_eq!(g5.certificate.record_id.as_deref(), Some("A012001"));
        assert_eq!(
            g5.certificate.ccadb_trust_bits.as_deref(),
            Some("Secure Email")
        );
        assert!(g5.trust_bits.email && !g5.trust_bits.server, "{backend}");
        assert_eq!(g5.audits.len(), 3, "{backend}");
        let smime = g5.audits.iter().find(|a| a.kind == "S/MIME BR").unwrap();
        assert_eq!(smime.owner, CYBERTRUST);
        assert_eq!(smime.auditor.as_deref(), Some("KPMG"));
        assert_eq!(smime.criteria.as_deref(), Some("WebTrust"));
        assert_eq!(smime.statement_date.as_deref(), Some("2026-02-27"));
        // CCADB Policy 5.2: within 92 calendar days of the period's end.
        let end = parse_date("2025-12-10").unwrap();
        let statement = parse_date("2026-02-27").unwrap();
        assert_eq!(
            statement - end,
            79,
            "the statement came 79 days after the period"
        );
        assert_eq!(registry::format_day(end + 92), "2026-03-12", "deadline");
        assert_eq!(g5.documents.len(), 2);
        // The root's link to the sub-CA is verified; the declared link agrees.
        assert!(g5.parents.iter().any(|p| p.0 == ROOT_CA2 && p.2));
        let history = reg.history("certificate", SUREMAIL_G5).await.unwrap();
        assert_eq!(
            history.len(),
            2,
            "{backend}: PEM import, then the V5 record"
        );
        assert!(
            history[1].source.contains("v5.csv:3"),
            "{}",
            history[1].source
        );
        assert_eq!(history[1].changes["subca_owner"][1], CYBERTRUST);

        // Idempotent.
        let again = reg
            .import_ccadb(
                &path,
                &FixedClock(common::day("2026-01-06")),
                ImportOptions::default(),
            )
            .await
            .unwrap();
        assert_eq!(again.created + again.updated, 0, "{backend}: {again:?}");
        assert_eq!(
            reg.history("certificate", SUREMAIL_G5).await.unwrap().len(),
            2
        );

        // Replay: after the statement (2026-02-28, CPS 364 days old): clean.
        let at = codes(&reg, Some(CYBERTRUST), "2026-02-28").await;
        assert!(at.is_empty(), "{backend}: {at:?}");
        // CPS effective 2025-03-01: 365 days on 2026-03-01 is still in time,
        // 366 days on 2026-03-02 is not.
        assert!(codes(&reg, Some(CYBERTRUST), "2026-03-01").await.is_empty());
        let late = codes(&reg, Some(CYBERTRUST), "2026-03-02").await;
        assert_eq!(
            only_codes(&late),
            vec!["registry.document.stale", "registry.document.stale"],
            "{backend}"
        );
        assert!(
            late.iter()
                .all(|(_, l)| l.starts_with(&format!("owner {CYBERTRUST} / document CP")))
        );
        // The root operator sees its sub-CA's findings too (the certificate is its).
        let secom = codes(&reg, Some(SECOM), "2026-03-02").await;
        assert_eq!(
            only_codes(&secom),
            vec!["registry.document.stale", "registry.document.stale"],
            "{backend}: {secom:?}"
        );

        // Findings reach every contact of every owner concerned: the sub-CA
        // operator's stale CP/CPS reaches the root operator too.
        reg.put_owner(
            &Owner {
                name: CYBERTRUST.into(),
                website: Some("https://www.cybertrust.co.jp/".into()),
                country: Some("Japan".into()),
                contacts: vec!["pki-a@example.test".into(), "pki-b@example.test".into()],
            },
            "test",
            &FixedClock(common::day("2026-01-07")),
        )
        .await
        .unwrap();
        let findings = registry::check(
            &reg,
            &CheckOptions {
                owner: None,
                as_of: common::day("2026-03-02"),
                lint: false,
            },
            &lint::Linter::new(),
        )
        .await
        .unwrap();
        let snap = reg.snapshot().await.unwrap();
        let groups = registry::check::by_owner(&snap, &findings);
        let names: Vec<Option<&str>> = groups.iter().map(|g| g.owner.as_deref()).collect();
        assert_eq!(names, vec![Some(CYBERTRUST), Some(SECOM)], "{backend}");
        assert_eq!(
            groups[0].contacts,
            vec!["pki-a@example.test", "pki-b@example.test"]
        );
        assert_eq!(groups[0].findings.len(), 2);
        assert_eq!(groups[1].findings.len(), 2);

        // Before the 2025 statements existed (2025-12-01): no audit of the
        // sub-CA's operator is known yet and its first statement is not yet
        // due (one year and 92 days after issuance), so nothing is missing.
        let early = codes(&reg, Some(CYBERTRUST), "2025-12-01").await;
        assert!(early.is_empty(), "{backend}: {early:?}");

        // The CPS is re-versioned: a new record version, history says what changed.
        let v5b = v5_csv(&[root_row(), g5_row("2026-02-20")]);
        let path_b = common::write_temp("case", "v5.csv", &v5b);
        let r = reg
            .import_ccadb(
                &path_b,
                &FixedClock(common::day("2026-02-21")),
                ImportOptions::default(),
            )
            .await
            .unwrap();
        assert_eq!(r.updated, 1, "{backend}: {r:?}");
        assert!(codes(&reg, Some(CYBERTRUST), "2026-03-02").await.is_empty());
        let doc = &reg.view(SUREMAIL_G5, 0).await.unwrap().documents[0];
        let h = reg.history("document", &doc.id).await.unwrap();
        assert_eq!(h.len(), 2);
        assert_eq!(
            h[1].changes["effective_date"],
            serde_json::json!(["2025-03-01", "2026-02-20"])
        );

        // A new CPS at a new URL: the certificate now points to it (a new
        // version of the certificate record), the old CPS covers nothing and
        // is no longer checked.
        let mut moved = g5_row("2026-02-20");
        moved.insert(
            "Certificate Practice Statement (CPS) URL",
            "https://www.cybertrust.co.jp/ssl/repository/suremail-cps-v2.pdf".into(),
        );
        let path_c = common::write_temp("case", "v5.csv", &v5_csv(&[root_row(), moved]));
        let r = reg
            .import_ccadb(
                &path_c,
                &FixedClock(common::day("2026-02-22")),
                ImportOptions::default(),
            )
            .await
            .unwrap();
        assert_eq!(r.updated + r.created, 1, "{backend}: {r:?}");
        let h = reg.history("certificate", SUREMAIL_G5).await.unwrap();
        assert_eq!(h.len(), 3, "{backend}");
        assert!(
            h[2].changes.get("documents").is_some(),
            "{:?}",
            h[2].changes
        );
        let docs = reg.view(SUREMAIL_G5, 0).await.unwrap().documents;
        assert!(docs.iter().any(|d| d.url.ends_with("suremail-cps-v2.pdf")));
        assert!(!docs.iter().any(|d| d.url.ends_with("suremail-cps.pdf")));
        let later = codes(&reg, Some(CYBERTRUST), "2027-02-21").await;
        assert_eq!(
            only_codes(&later),
            vec!["registry.document.stale", "registry.document.stale"],
            "{backend}: the new CPS and the CP, not the superseded CPS: {later:?}"
        );
        assert!(
            later
                .iter()
                .any(|(_, l)| l.ends_with("suremail-cps-v2.pdf"))
        );
        assert!(!later.iter().any(|(_, l)| l.ends_with("suremail-cps.pdf")));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn disclosure_within_seven_days() {
    // SureMail CA G5: notBefore 2024-12-17T05:02:47Z; due 2024-12-24T05:02:47Z.
    for (disclosed, late) in [("2024-12-24", false), ("2024-12-25", true)] {
        for (backend, reg) in common::backends("disclosure").await {
            if !setup(&reg, disclosed).await {
                return;
            }
            let f = codes(&reg, None, "2025-01-15").await;
            let has = f
                .iter()
                .any(|(c, l)| c == "registry.disclosure.late" && l.contains(SUREMAIL_G5));
            assert_eq!(has, late, "{backend}: disclosed {disclosed}: {f:?}");
            // Not yet late before the deadline, whatever the disclosure date.
            let f = codes(&reg, None, "2024-12-20").await;
            assert!(
                !f.iter().any(|(c, _)| c == "registry.disclosure.late"),
                "{backend}"
            );
        }
    }
}

fn example_row(
    sha_seed: u8,
    kind: &str,
    start: &str,
    end: &str,
    statement: &str,
) -> HashMap<&'static str, String> {
    let sha = cert::hex_upper(&[sha_seed; 32]);
    let mut r = row(&[
        ("CA Owner", "Example CA Ltd."),
        ("Certificate Record Type", "Intermediate Certificate"),
        ("SHA-256 Fingerprint", &sha),
        ("Valid From (GMT)", "2022-06-01"),
        ("Valid To (GMT)", "2030-06-01"),
        ("Audit Firm", "Example Auditors"),
    ]);
    let k =
        |what: &str| -> &'static str { Box::leak(format!("{kind} Audit {what}").into_boxed_str()) };
    r.insert(
        k("URL"),
        format!("https://example.test/audit-{sha_seed}.pdf"),
    );
    r.insert(k("Type"), "WebTrust".into());
    r.insert(k("Statement Date"), statement.into());
    r.insert(k("Period Start Date"), start.into());
    r.insert(k("Period End Date"), end.into());
    r
}

#[tokio::test(flavor = "multi_thread")]
async fn audit_periods_statements_and_gaps() {
    // 2023-12-31 + 92 days = 2024-04-01 (2024 is a leap year).
    let end = parse_date("2023-12-31").unwrap();
    let day92 = registry::format_day(end + 92);
    let day93 = registry::format_day(end + 93);
    assert_eq!(day92, "2024-04-01");
    for (backend, reg) in common::backends("audits").await {
        let clock = FixedClock(common::day("2025-03-01"));
        let rows = |statement: &str| {
            v5_csv(&[
                // TLS BR: 2023 on time (day 92 / 93), then a one-day gap (2024-01-01).
                example_row(1, "TLS BR", "2023-01-01", "2023-12-31", statement),
                example_row(2, "TLS BR", "2024-01-02", "2024-12-31", "2025-02-01"),
                // NetSec: a 13-month period.
                example_row(3, "NetSec", "2022-12-01", "2023-12-31", "2024-02-01"),
                // Standard: exactly one year, contiguous.
                example_row(4, "Standard", "2023-01-01", "2023-12-31", "2024-02-01"),
                example_row(5, "Standard", "2024-01-01", "2024-12-31", "2025-02-01"),
            ])
        };
        let path = common::write_temp("audits", "v5.csv", &rows(&day92));
        let r = reg
            .import_ccadb(
                &path,
                &clock,
                ImportOptions {
                    disclosed_at: Some(common::day("2022-06-02")),
                },
            )
            .await
            .unwrap();
        assert!(r.errors.is_empty(), "{backend}: {:?}", r.errors);
        let f = codes(&reg, Some("example ca ltd."), "2025-03-01").await;
        let mut c = only_codes(&f);
        c.sort();
        assert_eq!(
            c,
            vec!["registry.audit.gap", "registry.audit.period_too_long"],
            "{backend}: {f:?}"
        );
        let gap = &f.iter().find(|x| x.0 == "registry.audit.gap").unwrap().1;
        assert!(gap.contains("TLS BR 2024-01-02..2024-12-31"), "{gap}");
        let long = &f
            .iter()
            .find(|x| x.0 == "registry.audit.period_too_long")
            .unwrap()
            .1;
        assert!(long.contains("NetSec 2022-12-01..2023-12-31"), "{long}");

        // The same audit's statement a day later: day 93 is late; a new version of the record.
        let path = common::write_temp("audits", "v5.csv", &rows(&day93));
        let r = reg
            .import_ccadb(
                &path,
                &FixedClock(common::day("2025-03-02")),
                ImportOptions::default(),
            )
            .await
            .unwrap();
        assert_eq!(r.updated, 1, "{backend}: {r:?}");
        let f = codes(&reg, Some("Example CA Ltd."), "2025-03-01").await;
        let mut c = only_codes(&f);
        c.sort();
        assert_eq!(
            c,
            vec![
                "registry.audit.gap",
                "registry.audit.period_too_long",
                "registry.audit.statement_late"
            ],
            "{backend}"
        );
        // Before the later audits existed, only what was known then is judged:
        // the late 2023 statement and the 2024 period are not yet known (so
        // no lateness and no gap), while the certificates only those audits
        // cover are, as of then, in no audit's scope.
        let f = codes(&reg, Some("Example CA Ltd."), "2024-03-01").await;
        let mut c = only_codes(&f);
        c.sort();
        assert_eq!(
            c,
            vec![
                "registry.audit.intermediate_not_covered",
                "registry.audit.intermediate_not_covered",
                "registry.audit.intermediate_not_covered",
                "registry.audit.period_too_long"
            ],
            "{backend}: {f:?}"
        );
        // Long after: every kind is overdue.
        let f = codes(&reg, Some("Example CA Ltd."), "2026-06-01").await;
        assert_eq!(
            f.iter().filter(|x| x.0 == "registry.audit.overdue").count(),
            3,
            "{backend}: {f:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_v5_rows_are_reported() {
    for (backend, reg) in common::backends("v5-bad").await {
        let mut bad_date = example_row(7, "Standard", "2023-01-01", "2023-12-31", "2024-13-01");
        bad_date.insert("Country", "Nowhere".into());
        let mut no_owner = example_row(8, "Standard", "2023-01-01", "2023-12-31", "2024-02-01");
        no_owner.insert("CA Owner", String::new());
        let mut bad_fp = example_row(9, "Standard", "2023-01-01", "2023-12-31", "2024-02-01");
        bad_fp.insert("SHA-256 Fingerprint", "XYZ".into());
        let good = example_row(10, "Standard", "2023-01-01", "2023-12-31", "2024-02-01");
        let path = common::write_temp(
            "v5-bad",
            "v5.csv",
            &v5_csv(&[bad_date, no_owner, bad_fp, good]),
        );
        let r = reg
            .import_ccadb(&path, &FixedClock(0), ImportOptions::default())
            .await
            .unwrap();
        let got: Vec<(u64, Option<&str>)> = r
            .errors
            .iter()
            .map(|e| (e.line, e.field.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                (2, Some("Standard Audit Statement Date")),
                (3, Some("CA Owner")),
                (4, Some("SHA-256 Fingerprint")),
            ],
            "{backend}: {:?}",
            r.errors
        );
        assert!(
            r.errors[0]
                .to_string()
                .contains("\"2024-13-01\" is not a date")
        );
        let counts = reg.counts().await.unwrap();
        assert_eq!(
            (counts.certificates, counts.audits, counts.owners),
            (1, 1, 1),
            "{backend}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn owners_and_incidents_have_history() {
    for (backend, reg) in common::backends("incidents").await {
        let clock = FixedClock(common::day("2025-01-01"));
        let mut o = Owner {
            name: CYBERTRUST.into(),
            website: Some("https://www.cybertrust.co.jp/".into()),
            country: Some("Japan".into()),
            contacts: vec!["pki@example.test".into()],
        };
        reg.put_owner(&o, "test", &clock).await.unwrap();
        reg.put_owner(&o, "test", &clock).await.unwrap();
        o.contacts.push("compliance@example.test".into());
        reg.put_owner(&o, "test again", &FixedClock(common::day("2025-02-01")))
            .await
            .unwrap();
        let h = reg.history("owner", CYBERTRUST).await.unwrap();
        assert_eq!(h.len(), 2, "{backend}");
        assert_eq!(h[1].source, "test again");
        assert_eq!(
            h[1].changes["contacts"],
            serde_json::json!([
                "pki@example.test",
                "pki@example.test; compliance@example.test"
            ])
        );
        let snap = reg.snapshot().await.unwrap();
        assert_eq!(snap.owners[0].contacts.len(), 2);

        let i = Incident {
            id: "1234567".into(),
            owner: CYBERTRUST.into(),
            title: "Missed annual CPS update".into(),
            link: Some("https://bugzilla.mozilla.org/show_bug.cgi?id=1234567".into()),
            opened: Some("2025-01-10".into()),
            closed: None,
            status: "open".into(),
            next_update: Some("2025-02-15".into()),
        };
        reg.put_incident(&i, "test", &clock).await.unwrap();
        assert!(
            codes(&reg, Some(CYBERTRUST), "2025-02-15").await.is_empty(),
            "{backend}"
        );
        let f = codes(&reg, Some(CYBERTRUST), "2025-02-16").await;
        assert_eq!(only_codes(&f), vec!["registry.incident.update_overdue"]);
        assert!(f[0].1.contains("incident 1234567"));
        assert!(
            codes(&reg, Some("SECOM Trust Systems Co., Ltd."), "2025-02-16")
                .await
                .is_empty()
        );
        let closed = Incident {
            status: "closed".into(),
            closed: Some("2025-02-10".into()),
            ..i
        };
        reg.put_incident(&closed, "test", &clock).await.unwrap();
        assert!(codes(&reg, Some(CYBERTRUST), "2025-02-16").await.is_empty());
        assert_eq!(reg.history("incident", "1234567").await.unwrap().len(), 2);
    }
}

const SUREMAIL_G4_2023: &str = "BEA27C18D65948D8C61D582447B3747774609391A7E961CFA82331070BA6E77E";

/// SureMail CA G4 (2023 issuance) as a SECOM-operated record, with or without
/// "Audits Same as Parent".
fn g4_row(same_as_parent: bool) -> HashMap<&'static str, String> {
    row(&[
        ("CA Owner", SECOM),
        ("Salesforce Record ID", "A009999"),
        ("Certificate Name", "Cybertrust Japan SureMail CA G4"),
        ("Certificate Record Type", "Intermediate Certificate"),
        ("SHA-256 Fingerprint", SUREMAIL_G4_2023),
        ("Parent SHA-256 Fingerprint", ROOT_CA2),
        (
            "Audits Same as Parent",
            if same_as_parent { "TRUE" } else { "FALSE" },
        ),
        ("CP Same as Parent", "TRUE"),
    ])
}

#[tokio::test(flavor = "multi_thread")]
async fn audits_same_as_parent_cover_the_intermediate() {
    for same in [true, false] {
        for (backend, reg) in common::backends("same-as-parent").await {
            if !setup(&reg, "2024-12-18").await {
                return;
            }
            let g4 =
                common::corpus("secom/Cybertrust_Japan_SureMail_CA_G4.2023-issuance.pem").unwrap();
            reg.import_pem(
                &g4,
                &FixedClock(common::day("2023-08-01")),
                ImportOptions {
                    disclosed_at: Some(common::day("2023-08-01")),
                },
            )
            .await
            .unwrap();
            let path = common::write_temp(
                "same-as-parent",
                "v5.csv",
                &v5_csv(&[root_row(), g5_row("2025-06-01"), g4_row(same)]),
            );
            let r = reg
                .import_ccadb(
                    &path,
                    &FixedClock(common::day("2026-01-05")),
                    ImportOptions::default(),
                )
                .await
                .unwrap();
            assert!(r.errors.is_empty(), "{backend}: {:?}", r.errors);
            let f = codes(&reg, Some(SECOM), "2026-02-28").await;
            let on_g4: Vec<&str> = f
                .iter()
                .filter(|(_, l)| l.contains(SUREMAIL_G4_2023))
                .map(|(c, _)| c.as_str())
                .collect();
            if same {
                // Covered by RootCA2's audits, S/MIME BR included.
                assert!(on_g4.is_empty(), "{backend}: {f:?}");
            } else {
                // Issued 2023-07-31, inside SECOM's audited periods, in no statement.
                assert_eq!(
                    on_g4,
                    vec![
                        "registry.audit.intermediate_not_covered",
                        "registry.audit.smime_missing"
                    ],
                    "{backend}: {f:?}"
                );
            }
        }
    }
}
