//! Conformance with pkilint's CRL test corpus (integration_crl/).
//!
//! `pkix/crl/*` is linted with the RFC 5280 kind, `cabf/arl/*` as a TLS BR CA
//! CRL (pkilint's CABF serverauth ARL validators). The set of pkilint codes
//! we report (through `equivalents.pkilint`) at FATAL, ERROR and WARNING must
//! equal pkilint's expected set for every file, except where
//! data/pkilint_crl_exceptions.tsv records that the BR text decides otherwise.
#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is the failure

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use lint::crl::{CrlKind, lint_crl_der, looks_like_crl};

fn exceptions() -> BTreeMap<(String, String), String> {
    include_str!("data/pkilint_crl_exceptions.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert!(f.len() >= 3, "bad exceptions line: {l}");
            ((f[0].to_string(), f[1].to_string()), f[2].to_string())
        })
        .collect()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read corpus dir")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|e| e == "crltest") {
            out.push(p);
        }
    }
}

#[test]
fn pkilint_crl_conformance() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let root = corpus.join("pkilint/tests/integration_crl");
    let mut files = Vec::new();
    walk(&root, &mut files);
    assert_eq!(files.len(), 3, "expected the 3 pkilint CRL test files");
    let exceptions = exceptions();
    let mut used = BTreeSet::new();
    let mut problems = Vec::new();
    for file in &files {
        let rel = file
            .strip_prefix(&root)
            .expect("under root")
            .to_string_lossy()
            .replace('\\', "/");
        let kind = if rel.starts_with("cabf/arl/") {
            CrlKind::TlsCa
        } else if rel.starts_with("pkix/crl/") {
            CrlKind::Rfc5280
        } else {
            panic!("unexpected directory for {rel}")
        };
        let text = std::fs::read_to_string(file).expect("read test file");
        let der = common::first_pem(&text).expect("PEM block");
        assert!(looks_like_crl(&der), "{rel} not sniffed as a CRL");
        let mut expected = BTreeSet::new();
        let csv = &text[text.find("node_path,").expect("CSV header")..];
        for line in csv.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            let f = common::csv_fields(line);
            if matches!(f[2].as_str(), "FATAL" | "ERROR" | "WARNING") {
                expected.insert(f[3].clone());
            }
        }
        let report = lint_crl_der(&der, None, kind);
        let actual: BTreeSet<String> = report
            .findings
            .iter()
            .filter(|f| f.severity >= lint::Severity::Warning)
            .filter_map(|f| f.equivalents.pkilint)
            .map(str::to_string)
            .collect();
        eprintln!("{rel} ({}):", report.profile);
        for f in &report.findings {
            eprintln!(
                "  {} {} at {}: {}",
                f.severity, f.code, f.location, f.message
            );
        }
        for code in expected.symmetric_difference(&actual) {
            let key = (rel.clone(), code.clone());
            if exceptions.contains_key(&key) {
                used.insert(key);
            } else if expected.contains(code) {
                problems.push(format!("{rel}: missing {code}"));
            } else {
                problems.push(format!("{rel}: extra {code}"));
            }
        }
    }
    let unused: Vec<_> = exceptions.keys().filter(|k| !used.contains(*k)).collect();
    assert!(
        unused.is_empty(),
        "exceptions that no longer apply: {unused:?}"
    );
    assert!(
        problems.is_empty(),
        "disagreements with pkilint:\n{}",
        problems.join("\n")
    );
}
