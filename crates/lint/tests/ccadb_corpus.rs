//! Every CA certificate disclosed to CCADB (10,229 in the corpus) lints
//! without a crash and without a fatal finding: each of them is a real
//! certificate that OpenSSL parses. Prints the count of findings by code.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;
use std::io::BufReader;

use cert::source::ItemReader;
use lint::{Linter, Options, Severity};

#[test]
fn ccadb_all_certificates() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let dir = corpus.join("ccadb/crtsh_ccadb_data");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("ccadb dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().is_some_and(|n| {
                n.to_string_lossy()
                    .starts_with("AllCertificatePEMsCSVFormat")
            })
        })
        .collect();
    files.sort();
    let linter = Linter::new();
    let mut counts: BTreeMap<(&'static str, Severity), usize> = BTreeMap::new();
    let mut profiles: BTreeMap<String, usize> = BTreeMap::new();
    let mut total = 0;
    let mut fatal = Vec::new();
    for f in &files {
        let reader = ItemReader::new(BufReader::new(std::fs::File::open(f).expect("open")));
        for item in reader {
            let item = item.expect("read");
            let der = item.data.expect("CCADB PEM decodes");
            total += 1;
            let r = linter.lint_der(&der, &Options::default());
            *profiles.entry(r.profile.clone()).or_default() += 1;
            for finding in &r.findings {
                *counts.entry((finding.code, finding.severity)).or_default() += 1;
                if finding.severity == Severity::Fatal {
                    fatal.push(format!(
                        "{} #{}: {}",
                        f.display(),
                        item.index,
                        finding.message
                    ));
                }
            }
        }
    }
    eprintln!("{total} CCADB certificates; profiles detected: {profiles:?}");
    let mut by_count: Vec<_> = counts.into_iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for ((code, sev), n) in &by_count {
        eprintln!("{n:>6}  {sev:<7}  {code}");
    }
    assert_eq!(total, 10_229, "the corpus holds 10,229 CCADB certificates");
    assert!(
        fatal.is_empty(),
        "fatal findings on certificates OpenSSL parses: {fatal:#?}"
    );
}
