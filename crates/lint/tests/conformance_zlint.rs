//! A second view: zlint's S/MIME BR test expectations.
//!
//! corpus/zlint/derived/zlint_expected_results.tsv lists (lint, test file,
//! expected status) extracted from zlint's Go tests. For every lint whose
//! source is the S/MIME BRs we check, through `equivalents.zlint`, that we
//! report it where zlint expects Error or Warn (agreement) and do not report
//! it where zlint expects Pass. The profile is detected (`auto`), as zlint
//! decides applicability from the certificate itself. Expectations for lints
//! we have no counterpart of are listed as unmapped, not counted.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::collections::{BTreeMap, BTreeSet};

use lint::{Linter, Options};

#[test]
fn zlint_smime_agreement() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let zdir = corpus.join("zlint");
    let lints =
        std::fs::read_to_string(zdir.join("derived/zlint_lints.jsonl")).expect("zlint_lints.jsonl");
    let smime: BTreeSet<String> = lints
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["source"] == "CABF_SMIME_BR")
        .filter_map(|v| v["name"].as_str().map(str::to_string))
        .collect();
    let mapped: BTreeSet<&str> = lint::catalogue().iter().filter_map(|r| r.zlint).collect();
    let table = std::fs::read_to_string(zdir.join("derived/zlint_expected_results.tsv"))
        .expect("expected results");
    let linter = Linter::new();
    let mut cache: BTreeMap<String, BTreeSet<&'static str>> = BTreeMap::new();
    let (mut agree, mut disagree, mut pass_ok, mut pass_fp) = (0, 0, 0, 0);
    let mut unmapped = BTreeSet::new();
    let mut detail = String::new();
    for line in table.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let (name, file, status) = (f[0], f[2], f[3]);
        if !smime.contains(name) || !matches!(status, "Error" | "Warn" | "Pass") {
            continue;
        }
        if !mapped.contains(name) {
            unmapped.insert(name);
            continue;
        }
        let reported = cache.entry(file.to_string()).or_insert_with(|| {
            let text = std::fs::read_to_string(zdir.join("v3/testdata").join(file))
                .expect("zlint test file");
            let der = common::first_pem(&text).expect("PEM in zlint test file");
            let r = linter.lint_der(&der, &Options::default());
            r.findings
                .iter()
                .filter_map(|f| f.equivalents.zlint)
                .collect()
        });
        let hit = reported.contains(name);
        match (status, hit) {
            ("Pass", false) => pass_ok += 1,
            ("Pass", true) => {
                pass_fp += 1;
                detail += &format!("  {file}: {name} reported, zlint expects Pass\n");
            }
            (_, true) => agree += 1,
            (_, false) => {
                disagree += 1;
                detail += &format!("  {file}: {name} not reported, zlint expects {status}\n");
            }
        }
    }
    let agreement = agree as f64 / (agree + disagree).max(1) as f64;
    let pass_agreement = pass_ok as f64 / (pass_ok + pass_fp).max(1) as f64;
    eprint!("{detail}");
    eprintln!("zlint S/MIME lints without a rootward counterpart: {unmapped:?}");
    eprintln!(
        "Error/Warn expectations: {agree} agree, {disagree} disagree: agreement {agreement:.3}"
    );
    eprintln!(
        "Pass expectations: {pass_ok} agree, {pass_fp} disagree: agreement {pass_agreement:.3}"
    );
    assert!(
        agree + disagree > 0,
        "no mapped zlint S/MIME expectations: equivalents.zlint missing"
    );
    assert!(
        agreement >= 0.9,
        "agreement on zlint Error/Warn expectations {agreement:.3} below 0.9"
    );
}
