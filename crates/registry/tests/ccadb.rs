#![allow(clippy::expect_used, clippy::unwrap_used)]
//! CCADB report imports: every PEM report of the corpus, idempotence,
//! the Mozilla intermediate report, and bad input.

mod common;

use std::path::PathBuf;
use std::time::Instant;

use registry::import::ImportOptions;
use registry::{Error, FixedClock};

const SUREMAIL_G5: &str = "995C3C64F32348142BF1EBEAF7370781A1C30682DE02AD85FB2700CE1395F737";
const SUREMAIL_G5_OTHER: &str = "5285CFADE33A396D22C8FF2368A9143821B3F1B0FF527F8883B36BB8A9E95A47";
const ROOT_CA2: &str = "513B2CECB810D4CDE5DD85391ADFC6C2DD60D87BB736D2B521484AA47A0EBEF6";
const ROOT_CA1: &str = "E75E72ED9F560EEC6EB4800073A43FC3AD19195A392282017895974A99026B6C";
const ROOT_CA2_CROSS: &str = "C415CEBFA3FC2EF3C74092B84265BAD64C3FC9994C91177965667D7ABEE90588";

fn pem_reports() -> Option<Vec<PathBuf>> {
    let dir = common::corpus("ccadb/crtsh_ccadb_data")?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name().is_some_and(|n| {
                n.to_string_lossy()
                    .starts_with("AllCertificatePEMsCSVFormat")
            })
        })
        .collect();
    files.sort();
    Some(files)
}

#[tokio::test(flavor = "multi_thread")]
async fn every_ccadb_pem_report_imports_once() {
    let Some(files) = pem_reports() else { return };
    for (backend, reg) in common::backends("ccadb-all").await {
        let clock = FixedClock(common::day("2026-11-01"));
        let start = Instant::now();
        let mut rows = 0;
        let mut created = 0;
        for f in &files {
            let r = reg
                .import_ccadb(f, &clock, ImportOptions::default())
                .await
                .unwrap();
            assert!(
                r.errors.is_empty(),
                "{backend}: {}: {:?}",
                f.display(),
                r.errors
            );
            assert_eq!(r.format, "ccadb-pem");
            rows += r.rows;
            created += r.created;
        }
        let took = start.elapsed();
        eprintln!(
            "{backend}: imported {rows} rows ({created} certificates) from {} files in {:.2?}",
            files.len(),
            took
        );
        assert_eq!(rows, 10_229, "{backend}");
        let counts = reg.counts().await.unwrap();
        assert_eq!(
            counts.certificates, 10_217,
            "{backend}: unique certificates"
        );
        assert_eq!(created, 10_217, "{backend}");
        eprintln!("{backend}: {} verified parent links", counts.links);

        // The case's hierarchy, from the CCADB data alone.
        let tree = reg.tree(ROOT_CA2, true).await.unwrap();
        let kids: Vec<&str> = tree.children.iter().map(|c| c.sha256.as_str()).collect();
        assert!(kids.contains(&SUREMAIL_G5), "{backend}: {kids:?}");
        assert!(!kids.contains(&SUREMAIL_G5_OTHER), "{backend}");
        let other = reg.view(SUREMAIL_G5_OTHER, clock.0).await.unwrap();
        assert_eq!(
            other.parents.len(),
            1,
            "{backend}: under SecureSign Root CA12 only"
        );
        assert_ne!(other.parents[0].0, ROOT_CA2);
        // RootCA2's cross-certificate from RootCA1 links the two roots, and
        // what RootCA2's key signed hangs under both.
        let t1 = reg.tree(ROOT_CA1, true).await.unwrap();
        let cross = t1
            .children
            .iter()
            .find(|c| c.sha256 == ROOT_CA2_CROSS)
            .expect("cross-certificate under RootCA1");
        assert!(
            cross.children.iter().any(|c| c.sha256 == SUREMAIL_G5),
            "{backend}"
        );
        assert!(
            !cross.children.iter().any(|c| c.sha256 == ROOT_CA2),
            "{backend}: a self-signed root has no parent"
        );

        // Idempotent: a second import changes nothing.
        let history_before = counts.history;
        let again = Instant::now();
        for f in &files {
            let r = reg
                .import_ccadb(
                    f,
                    &FixedClock(common::day("2026-11-02")),
                    ImportOptions::default(),
                )
                .await
                .unwrap();
            assert_eq!(r.created + r.updated, 0, "{backend}: {}", f.display());
            assert_eq!(r.links_added, 0);
        }
        eprintln!("{backend}: second import in {:.2?}", again.elapsed());
        let after = reg.counts().await.unwrap();
        assert_eq!(after, counts, "{backend}");
        assert_eq!(after.history, history_before);

        // Whole-registry check timing.
        let t = Instant::now();
        let findings = registry::check(
            &reg,
            &registry::check::CheckOptions {
                owner: None,
                as_of: clock.0,
                lint: true,
            },
            &lint::Linter::new(),
        )
        .await
        .unwrap();
        assert!(
            findings
                .iter()
                .all(|f| f.code != "registry.disclosure.late"),
            "{backend}: certificates from CCADB reports are disclosed"
        );
        eprintln!(
            "{backend}: check over the whole registry: {} findings in {:.2?}",
            findings.len(),
            t.elapsed()
        );

        // Lookup by fingerprint.
        let t = Instant::now();
        for _ in 0..100 {
            assert_eq!(reg.search(SUREMAIL_G5).await.unwrap().len(), 1);
        }
        eprintln!("{backend}: 100 fingerprint lookups in {:.2?}", t.elapsed());
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn mozilla_intermediate_report_imports() {
    let Some(file) =
        common::corpus("ccadb/dpereira-silvas_certificates/MozillaIntermediateCerts.csv")
    else {
        return;
    };
    for (backend, reg) in common::backends("ccadb-moz").await {
        let r = reg
            .import_ccadb(
                &file,
                &FixedClock(common::day("2026-11-01")),
                ImportOptions::default(),
            )
            .await
            .unwrap();
        assert_eq!(r.format, "ccadb-mozilla-intermediates");
        assert_eq!(r.rows, 1268, "{backend}");
        assert!(
            r.errors.is_empty(),
            "{backend}: {:?}",
            &r.errors[..r.errors.len().min(5)]
        );
        assert!(r.created > 1000, "{backend}: {r:?}");
        let again = reg
            .import_ccadb(
                &file,
                &FixedClock(common::day("2026-11-02")),
                ImportOptions::default(),
            )
            .await
            .unwrap();
        assert_eq!(again.created + again.updated, 0, "{backend}");
    }
}

fn pem_of(name: &str) -> Option<String> {
    let p = common::corpus(&format!("secom/{name}"))?;
    Some(std::fs::read_to_string(p).unwrap())
}

fn sha256_of_pem(pem: &str) -> String {
    let item = cert::source::ItemReader::new(pem.as_bytes())
        .next()
        .unwrap()
        .unwrap();
    cert::hex_upper(&cert::digest::sha256(&item.data.unwrap()))
}

fn block(pem: &str) -> String {
    let start = pem.find("-----BEGIN CERTIFICATE-----").unwrap();
    let end = pem.find("-----END CERTIFICATE-----").unwrap() + "-----END CERTIFICATE-----".len();
    pem[start..end].to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_rows_are_reported_and_valid_rows_import() {
    let (Some(g5), Some(root), Some(other)) = (
        pem_of("Cybertrust_Japan_SureMail_CA_G5.pem"),
        pem_of("Security_Communication_RootCA2.pem"),
        pem_of("namecollision_Cybertrust_Japan_SureMail_CA_G5.issued-by-SecureSign_Root_CA12.pem"),
    ) else {
        return;
    };
    let (g5, root, other) = (block(&g5), block(&root), block(&other));
    let g5_sha = sha256_of_pem(&g5);
    let root_sha = sha256_of_pem(&root);
    let other_sha = sha256_of_pem(&other);
    let truncated = &root[..root.len() / 2];
    let csv = format!(
        "SHA-256 Fingerprint,X.509 Certificate (PEM)\n\
         {g5_sha},\"{g5}\"\n\
         {other_sha},\"{g5}\"\n\
         {g5_sha},\"{other}\"\n\
         not-a-fingerprint,\"{other}\"\n\
         {other_sha},\"{other}\",extra\n\
         {root_sha},\"{truncated}"
    );
    for (backend, reg) in common::backends("ccadb-bad").await {
        let path = common::write_temp("ccadb-bad", "bad.csv", &csv);
        let r = reg
            .import_ccadb(
                &path,
                &FixedClock(common::day("2026-11-01")),
                ImportOptions::default(),
            )
            .await
            .unwrap();
        let lines: Vec<u64> = r.errors.iter().map(|e| e.line).collect();
        for e in &r.errors {
            eprintln!("{backend}: {e}");
        }
        assert_eq!(
            r.created, 1,
            "{backend}: only the first row is valid: {r:?}"
        );
        // Row on line 6 (PEM of 5 lines per block): compute lines from the text.
        let line_of = |needle: &str, nth: usize| -> u64 {
            let mut count = 0;
            for (i, l) in csv.lines().enumerate() {
                if l.starts_with(needle) {
                    count += 1;
                    if count == nth {
                        return i as u64 + 1;
                    }
                }
            }
            panic!("{needle} #{nth} not found");
        };
        let mismatch_line = line_of(&other_sha, 1);
        let dup_line = line_of(&g5_sha, 2);
        let bad_fp_line = line_of("not-a-fingerprint", 1);
        let extra_line = line_of(&other_sha, 2);
        let trunc_line = line_of(&root_sha, 1);
        assert_eq!(
            lines,
            vec![mismatch_line, dup_line, bad_fp_line, extra_line, trunc_line],
            "{backend}: {:?}",
            r.errors
        );
        let msg = |l: u64| r.errors.iter().find(|e| e.line == l).unwrap().to_string();
        assert!(
            msg(mismatch_line).contains("differs from the SHA-256 of its PEM"),
            "{}",
            msg(mismatch_line)
        );
        assert!(
            msg(dup_line).contains("duplicate fingerprint"),
            "{}",
            msg(dup_line)
        );
        assert!(msg(bad_fp_line).contains("is not a SHA-256 fingerprint"));
        assert!(
            msg(extra_line).contains("3 fields where the header has 2"),
            "{}",
            msg(extra_line)
        );
        assert!(
            msg(trunc_line).contains("not terminated"),
            "{}",
            msg(trunc_line)
        );
        assert!(msg(trunc_line).contains("bad.csv:"), "names the file");
        let counts = reg.counts().await.unwrap();
        assert_eq!(counts.certificates, 1, "{backend}: nothing half-imported");
        assert_eq!(reg.search(&other_sha).await.unwrap().len(), 0);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_header_imports_nothing() {
    for (backend, reg) in common::backends("ccadb-header").await {
        let path = common::write_temp("ccadb-header", "h.csv", "Fingerprint,Cert\nAA,BB\n");
        let err = reg
            .import_ccadb(&path, &FixedClock(0), ImportOptions::default())
            .await
            .unwrap_err();
        assert!(matches!(err, Error::BadFile { .. }), "{backend}: {err}");
        let text = err.to_string();
        assert!(
            text.contains("h.csv") && text.contains("unrecognized CCADB report header"),
            "{text}"
        );
        assert_eq!(reg.counts().await.unwrap().certificates, 0);
        let missing = reg
            .import_ccadb(
                std::path::Path::new("/nonexistent/x.csv"),
                &FixedClock(0),
                ImportOptions::default(),
            )
            .await
            .unwrap_err();
        assert!(missing.to_string().contains("/nonexistent/x.csv"));
    }
}
