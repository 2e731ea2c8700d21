//! Conformance with pkilint's TLS BR and PKIX test corpus.
//!
//! Every file under corpus/pkilint/tests/integration_certificate/tls_br/<kind>/
//! is linted with the profile its directory names, and every file under
//! pkix/ with the generic profile of its shape (root-ca for a self-issued CA,
//! subca for another CA, end-entity otherwise), since pkilint lints those
//! with its RFC 5280 validators only. The set of pkilint codes we report
//! (through `equivalents.pkilint`) at FATAL, ERROR and WARNING, and at NOTICE
//! where we map the code, is compared with pkilint's expected set. Where
//! pkilint contradicts the BR text the case is listed in
//! data/pkilint_tls_exceptions.tsv (file relative to integration_certificate/,
//! code, reason citing the section that decides).
//!
//! One tls_br file has no `.crttest` suffix (external_unconstrained_ev_tls_ca/
//! cps_uri_missing); files without an extension are read too. Precision and
//! recall are printed overall and per directory.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use lint::{Linter, Options, Profile, ProfileChoice};

/// The target for both precision and recall.
const MIN_PRECISION: f64 = 0.95;
const MIN_RECALL: f64 = 0.95;

fn severity_considered(sev: &str) -> bool {
    matches!(sev, "FATAL" | "ERROR" | "WARNING")
}

struct Exceptions(BTreeMap<(String, String), String>);

impl Exceptions {
    fn load() -> Exceptions {
        let text = include_str!("data/pkilint_tls_exceptions.tsv");
        let mut m = BTreeMap::new();
        for line in text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let f: Vec<&str> = line.split('\t').collect();
            assert!(f.len() >= 3, "bad exceptions line: {line}");
            m.insert((f[0].to_string(), f[1].to_string()), f[2].to_string());
        }
        Exceptions(m)
    }
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
        } else if p.extension().is_none_or(|e| e == "crttest") {
            out.push(p);
        }
    }
}

/// The profile for a tls_br/ directory.
fn tls_profile(dir: &str) -> Profile {
    let name = match dir {
        "dv_final_certificate" | "dv_pre_certificate" => "tls-subscriber-dv",
        "ov_final_certificate" | "ov_pre_certificate" => "tls-subscriber-ov",
        "iv_final_certificate" | "iv_pre_certificate" => "tls-subscriber-iv",
        "ev_final_certificate" | "ev_pre_certificate" => "tls-subscriber-ev",
        "root_ca" => "tls-root",
        "external_unconstrained_tls_ca" | "external_unconstrained_ev_tls_ca" => "tls-subca",
        "internal_unconstrained_tls_ca" => "tls-subca-internal",
        "external_constrained_tls_ca" => "tls-subca-constrained",
        "internal_constrained_tls_ca" => "tls-subca-constrained-internal",
        "external_cross_ca" => "tls-subca-cross",
        "internal_cross_ca" | "internal_subscriber_issuing_cross_ca" => "tls-subca-cross-internal",
        // pkilint does not tell affiliated from external operators for these
        // kinds and accepts anyPolicy in them: the affiliated profile matches.
        "non_tls_ca" => "tls-subca-non-tls-internal",
        "precert_signing_ca" => "tls-subca-precert-internal",
        "ocsp_responder" => "ocsp-responder",
        other => panic!("unmapped tls_br directory {other}"),
    };
    Profile::from_name(name).unwrap_or_else(|| panic!("no profile named {name}"))
}

/// The generic profile of a certificate's shape, for pkix/.
fn shape_profile(der: &[u8]) -> Profile {
    match cert::Certificate::parse(der) {
        Ok(c) if c.is_ca() && c.is_self_issued() => Profile::RootCa,
        Ok(c) if c.is_ca() => Profile::SubCa,
        _ => Profile::EndEntity,
    }
}

#[derive(Default)]
struct Score {
    tp: usize,
    fp: usize,
    fneg: usize,
}

impl Score {
    fn precision(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp).max(1) as f64
    }
    fn recall(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fneg).max(1) as f64
    }
}

#[test]
fn tls_br_and_pkix_conformance() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let root = corpus.join("pkilint/tests/integration_certificate");
    let mut files = Vec::new();
    walk(&root.join("tls_br"), &mut files);
    let tls_count = files.len();
    walk(&root.join("pkix"), &mut files);
    assert_eq!(tls_count, 184, "expected the 184 pkilint TLS BR test files");
    assert_eq!(
        files.len() - tls_count,
        47,
        "expected the 47 pkilint PKIX test files"
    );

    let linter = Linter::new();
    let mapped: BTreeSet<&str> = lint::catalogue().iter().filter_map(|r| r.pkilint).collect();
    let exceptions = Exceptions::load();
    let mut used_exceptions = BTreeSet::new();
    let mut total = Score::default();
    let mut by_dir: BTreeMap<String, Score> = BTreeMap::new();
    let mut report = String::new();

    for file in &files {
        let rel = file
            .strip_prefix(&root)
            .expect("under root")
            .to_string_lossy()
            .replace('\\', "/");
        let parts: Vec<&str> = rel.split('/').collect();
        let text = std::fs::read_to_string(file).expect("read test file");
        let der = common::first_pem(&text).expect("PEM block");
        let (dir, profile) = match parts.as_slice() {
            ["tls_br", d, _] => (format!("tls_br/{d}"), tls_profile(d)),
            ["pkix", _] => ("pkix".to_string(), shape_profile(&der)),
            _ => panic!("unexpected corpus path {rel}"),
        };
        let mut expected = BTreeSet::new();
        let csv = &text[text.find("node_path,").expect("CSV header")..];
        for line in csv.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            let f = common::csv_fields(line);
            let (sev, code) = (f[2].as_str(), f[3].as_str());
            if severity_considered(sev) || (sev == "NOTICE" && mapped.contains(code)) {
                expected.insert(code.to_string());
            }
        }
        let r = linter.lint_der(
            &der,
            &Options {
                profile: ProfileChoice::Fixed(profile),
                issuer: None,
            },
        );
        let actual: BTreeSet<String> = r
            .findings
            .iter()
            .filter(|f| f.severity >= lint::Severity::Notice)
            .filter_map(|f| f.equivalents.pkilint)
            .map(str::to_string)
            .collect();
        let score = by_dir.entry(dir).or_default();
        for code in expected.union(&actual) {
            let key = (rel.clone(), code.clone());
            let (e, a) = (expected.contains(code), actual.contains(code));
            if e && a {
                total.tp += 1;
                score.tp += 1;
            } else if exceptions.0.contains_key(&key) {
                used_exceptions.insert(key);
            } else if a {
                total.fp += 1;
                score.fp += 1;
                report += &format!("  {rel}: extra   {code}\n");
            } else {
                total.fneg += 1;
                score.fneg += 1;
                report += &format!("  {rel}: missing {code}\n");
            }
        }
    }
    let unused: Vec<_> = exceptions
        .0
        .keys()
        .filter(|k| !used_exceptions.contains(*k))
        .collect();
    eprintln!(
        "pkilint TLS BR + PKIX conformance over {} files",
        files.len()
    );
    eprint!("{report}");
    for (dir, s) in &by_dir {
        eprintln!(
            "  {dir:<50} tp {:>3} fp {:>3} fn {:>3}  precision {:.3} recall {:.3}",
            s.tp,
            s.fp,
            s.fneg,
            s.precision(),
            s.recall()
        );
    }
    // Subtotals for the subscriber (DV/OV/IV/EV) and the CA/OCSP directories.
    for (label, subscriber) in [
        ("subscriber directories", true),
        ("CA and OCSP responder directories", false),
    ] {
        let mut s = Score::default();
        for (dir, d) in &by_dir {
            let is_sub = ["dv_", "ov_", "iv_", "ev_"]
                .iter()
                .any(|p| dir.starts_with(&format!("tls_br/{p}")));
            if dir.starts_with("tls_br/") && is_sub == subscriber {
                s.tp += d.tp;
                s.fp += d.fp;
                s.fneg += d.fneg;
            }
        }
        eprintln!(
            "  {label:<50} tp {:>3} fp {:>3} fn {:>3}  precision {:.3} recall {:.3}",
            s.tp,
            s.fp,
            s.fneg,
            s.precision(),
            s.recall()
        );
    }
    eprintln!(
        "true positives {}, false positives {}, false negatives {}, exceptions used {}",
        total.tp,
        total.fp,
        total.fneg,
        used_exceptions.len()
    );
    eprintln!(
        "precision {:.3}, recall {:.3}",
        total.precision(),
        total.recall()
    );
    assert!(
        unused.is_empty(),
        "exceptions that no longer apply (remove them): {unused:?}"
    );
    assert!(
        total.precision() >= MIN_PRECISION,
        "precision {:.3} below {MIN_PRECISION}",
        total.precision()
    );
    assert!(
        total.recall() >= MIN_RECALL,
        "recall {:.3} below {MIN_RECALL}",
        total.recall()
    );
}
