//! Conformance with pkilint's S/MIME BR test corpus.
//!
//! Every file under corpus/pkilint/tests/integration_certificate/smime_br/
//! <validation>/<generation>/ is linted with the profile its directory names.
//! The set of pkilint codes we report (through `equivalents.pkilint`) at
//! FATAL, ERROR and WARNING, and at NOTICE where we map the code, is compared
//! with pkilint's expected set. Where pkilint contradicts the BR text the case
//! is listed in data/pkilint_exceptions.tsv with the section that decides.
//! Fails below 0.95 precision or recall.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use lint::{Linter, Options, Profile, ProfileChoice};

fn severity_considered(sev: &str) -> bool {
    matches!(sev, "FATAL" | "ERROR" | "WARNING")
}

struct Exceptions(BTreeMap<(String, String), String>);

impl Exceptions {
    fn load() -> Exceptions {
        let text = include_str!("data/pkilint_exceptions.tsv");
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

fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read corpus dir")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|e| e == "crttest") {
            out.push(p);
        }
    }
}

#[test]
fn smime_br_conformance() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let root = corpus.join("pkilint/tests/integration_certificate/smime_br");
    let mut files = Vec::new();
    walk(&root, &mut files);
    assert_eq!(files.len(), 97, "expected the 97 pkilint S/MIME test files");

    let linter = Linter::new();
    let mapped: BTreeSet<&str> = lint::catalogue().iter().filter_map(|r| r.pkilint).collect();
    let exceptions = Exceptions::load();
    let mut used_exceptions = BTreeSet::new();
    let (mut tp, mut fp, mut fneg) = (0usize, 0usize, 0usize);
    let mut report = String::new();

    for file in &files {
        let rel = file
            .strip_prefix(&root)
            .expect("under root")
            .to_string_lossy()
            .replace('\\', "/");
        let mut parts = rel.split('/');
        let (v, g) = (
            parts.next().expect("validation"),
            parts.next().expect("generation"),
        );
        let profile =
            Profile::from_name(&format!("smime-{v}-{g}")).expect("profile from directory");
        let text = std::fs::read_to_string(file).expect("read test file");
        let der = common::first_pem(&text).expect("PEM block");
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
        for code in expected.union(&actual) {
            let key = (rel.clone(), code.clone());
            let (e, a) = (expected.contains(code), actual.contains(code));
            if e && a {
                tp += 1;
            } else if exceptions.0.contains_key(&key) {
                used_exceptions.insert(key);
            } else if a {
                fp += 1;
                report += &format!("  {rel}: extra   {code}\n");
            } else {
                fneg += 1;
                report += &format!("  {rel}: missing {code}\n");
            }
        }
    }
    let unused: Vec<_> = exceptions
        .0
        .keys()
        .filter(|k| !used_exceptions.contains(*k))
        .collect();
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fneg).max(1) as f64;
    eprintln!("pkilint S/MIME conformance over {} files", files.len());
    eprint!("{report}");
    eprintln!(
        "true positives {tp}, false positives {fp}, false negatives {fneg}, exceptions used {}",
        used_exceptions.len()
    );
    eprintln!("precision {precision:.3}, recall {recall:.3}");
    assert!(
        unused.is_empty(),
        "exceptions that no longer apply (remove them): {unused:?}"
    );
    assert!(precision >= 0.95, "precision {precision:.3} below 0.95");
    assert!(recall >= 0.95, "recall {recall:.3} below 0.95");
}
