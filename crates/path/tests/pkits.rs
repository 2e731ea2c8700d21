//! NIST PKITS (../shared/corpus/pkits): every test of tests/data/pkits.tsv
//! (sections 4.1 to 4.16, one row per settings combination the document
//! gives) validated with the document's initial-policy-set and flags, the
//! certificates of its certification-path list as intermediates, its CRLs,
//! and revocation required for every certificate below the trust anchor.
//! Valid rows must validate and invalid rows must fail; divergences are
//! listed with their reason in tests/data/pkits_exceptions.tsv (a listed
//! row that now matches fails the test, so the list cannot go stale).
#![allow(clippy::expect_used, clippy::unwrap_used, missing_docs)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use path::revocation::Mode;
use path::{Options, validate};

/// Inside the PKITS certificates' validity (2010-01-01 to 2030-12-31).
const TIME: i64 = 1_577_836_800; // 2020-01-01T00:00:00Z

fn policy_oid(name: &str) -> Vec<u8> {
    let arc = |n: u8| vec![0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x02, 0x01, 0x30, n];
    match name {
        "anyPolicy" => cert::oids::ANY_POLICY.as_bytes().to_vec(),
        n => {
            let k: u8 = n
                .strip_prefix("NIST-test-policy-")
                .and_then(|d| d.parse().ok())
                .unwrap_or_else(|| panic!("unknown policy {n}"));
            arc(k)
        }
    }
}

fn read(dir: &Path, file: &str) -> Vec<u8> {
    std::fs::read(dir.join(file)).unwrap_or_else(|e| panic!("{}: {e}", dir.join(file).display()))
}

fn list(field: &str) -> Vec<&str> {
    field
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

struct Row<'a> {
    section: &'a str,
    name: &'a str,
    key: String,
    valid: bool,
    why: String,
}

fn run_row(pkits: &Path, f: &[&str]) -> (bool, String) {
    let certs = pkits.join("certs");
    let crls_dir = pkits.join("crls");
    let anchor = read(&certs, "TrustAnchorRootCertificate.crt");
    let leaf = read(&certs, f[2]);
    let intermediates: Vec<Vec<u8>> = list(f[3]).iter().map(|c| read(&certs, c)).collect();
    let crls: Vec<Vec<u8>> = list(f[4]).iter().map(|c| read(&crls_dir, c)).collect();
    let mut opts = Options::at(TIME);
    let policies: Vec<&str> = list(f[5]);
    if !policies.contains(&"anyPolicy") {
        opts.initial_policy_set = Some(policies.iter().map(|p| policy_oid(p)).collect());
    }
    opts.initial_explicit_policy = f[6] == "true";
    opts.initial_policy_mapping_inhibit = f[7] == "true";
    opts.initial_any_policy_inhibit = f[8] == "true";
    opts.revocation = Mode::Require;
    let inter: Vec<&[u8]> = intermediates.iter().map(Vec::as_slice).collect();
    let crl_refs: Vec<&[u8]> = crls.iter().map(Vec::as_slice).collect();
    match validate(&leaf, &inter, &[&anchor], &crl_refs, &opts) {
        Ok(r) => {
            let why = r
                .paths
                .iter()
                .find_map(|p| p.failure.as_ref().map(|f| f.to_string()))
                .unwrap_or_default();
            (r.is_valid(), why)
        }
        Err(e) => (false, e.to_string()),
    }
}

#[test]
fn pkits_results_match_the_document() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let pkits = corpus.join("pkits");
    let table = include_str!("data/pkits.tsv");
    let exceptions = common::exceptions(include_str!("data/pkits_exceptions.tsv"));
    let mut rows = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for line in table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let f: Vec<&str> = line.split('\t').collect();
        assert!(f.len() >= 11, "short row: {line}");
        let n = seen.entry(f[0].to_string()).or_default();
        *n += 1;
        // A test with several settings: 4.8.1#2 is its second row.
        let key = if *n == 1 {
            f[0].to_string()
        } else {
            format!("{}#{n}", f[0])
        };
        let (valid, why) = run_row(&pkits, &f);
        // PKITS_VERBOSE=4.14 prints the outcome of every row of a section.
        if let Ok(prefix) = std::env::var("PKITS_VERBOSE")
            && f[0].starts_with(prefix.as_str())
        {
            println!(
                "{key} {}: {} {why}",
                f[1],
                if valid { "valid" } else { "invalid" }
            );
        }
        rows.push((
            Row {
                section: f[0],
                name: f[1],
                key,
                valid,
                why,
            },
            f[9] == "valid",
        ));
    }
    let mut per_section: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut unexpected = Vec::new();
    let mut stale = Vec::new();
    let mut listed_seen = BTreeSet::new();
    for (row, expected) in &rows {
        let chapter = row.section.split('.').take(2).collect::<Vec<_>>().join(".");
        let entry = per_section.entry(chapter).or_default();
        entry.1 += 1;
        let listed = exceptions.contains_key(&row.key);
        if listed {
            listed_seen.insert(row.key.clone());
        }
        if row.valid == *expected {
            entry.0 += 1;
            if listed {
                stale.push(row.key.clone());
            }
        } else if !listed {
            unexpected.push(format!(
                "{} {}: expected {}, got {} {}",
                row.key,
                row.name,
                if *expected { "valid" } else { "invalid" },
                if row.valid { "valid" } else { "invalid" },
                row.why
            ));
        }
    }
    for (s, (ok, total)) in &per_section {
        println!("PKITS {s}: {ok} of {total} matched");
    }
    let unknown: Vec<_> = exceptions
        .keys()
        .filter(|k| !listed_seen.contains(*k))
        .collect();
    assert!(unknown.is_empty(), "exceptions naming no row: {unknown:?}");
    assert!(
        unexpected.is_empty(),
        "{} unexpected results:\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
    assert!(
        stale.is_empty(),
        "listed as exceptions but now matching: {stale:?}"
    );
}
