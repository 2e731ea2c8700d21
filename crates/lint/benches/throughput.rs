//! Lint throughput, in certificates per second, on one core and on all cores.
//!
//! `cargo bench -p rootward-lint --bench throughput`
//!
//! 1. The pkilint S/MIME corpus (97 files), each with the profile its
//!    directory names (as pkilint is run), cycled to 100,000 certificates.
//! 2. The pkilint TLS BR corpus (184 files), each with its directory's
//!    profile, cycled to 100,000 certificates.
//! 3. All 10,229 CCADB certificates read from their CSV files (PEM decoding
//!    included), profile detected; repeated 10 times.
//!
//! Decoding, profile detection and every rule are timed; output is not.

#![allow(clippy::expect_used, clippy::unwrap_used, missing_docs)]

use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::time::Instant;

use lint::{Linter, Options, Profile, ProfileChoice};

fn corpus() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    assert!(dir.is_dir(), "the benchmark needs ../shared/corpus");
    dir
}

fn pem_der(text: &str) -> Vec<u8> {
    let mut r = cert::source::ItemReader::new(BufReader::new(text.as_bytes()));
    r.next()
        .expect("one item")
        .expect("readable")
        .data
        .expect("decodes")
}

fn smime_corpus() -> Vec<(Vec<u8>, Profile)> {
    let root = corpus().join("pkilint/tests/integration_certificate/smime_br");
    let mut out = Vec::new();
    fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
        let mut e: Vec<_> = std::fs::read_dir(dir)
            .expect("dir")
            .flatten()
            .map(|e| e.path())
            .collect();
        e.sort();
        for p in e {
            if p.is_dir() {
                walk(&p, files)
            } else {
                files.push(p)
            }
        }
    }
    let mut files = Vec::new();
    walk(&root, &mut files);
    for f in files {
        let rel = f.strip_prefix(&root).expect("under root");
        let parts: Vec<_> = rel
            .iter()
            .map(|s| s.to_string_lossy().into_owned())
            .collect();
        let p = Profile::from_name(&format!("smime-{}-{}", parts[0], parts[1])).expect("profile");
        out.push((pem_der(&std::fs::read_to_string(&f).expect("read")), p));
    }
    out
}

/// The pkilint TLS BR corpus, each file with the profile its directory names
/// (the mapping of tests/conformance_pkilint_tls.rs).
fn tls_corpus() -> Vec<(Vec<u8>, Profile)> {
    let root = corpus().join("pkilint/tests/integration_certificate/tls_br");
    let mut out = Vec::new();
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .expect("dir")
        .flatten()
        .map(|e| e.path())
        .collect();
    dirs.sort();
    for d in dirs {
        let name = d.file_name().expect("name").to_string_lossy().into_owned();
        let profile = match name.as_str() {
            "root_ca" => "tls-root",
            "external_unconstrained_tls_ca" | "external_unconstrained_ev_tls_ca" => "tls-subca",
            "internal_unconstrained_tls_ca" => "tls-subca-internal",
            "external_constrained_tls_ca" => "tls-subca-constrained",
            "internal_constrained_tls_ca" => "tls-subca-constrained-internal",
            "external_cross_ca" => "tls-subca-cross",
            "internal_cross_ca" | "internal_subscriber_issuing_cross_ca" => {
                "tls-subca-cross-internal"
            }
            "non_tls_ca" => "tls-subca-non-tls-internal",
            "precert_signing_ca" => "tls-subca-precert-internal",
            "ocsp_responder" => "ocsp-responder",
            n if n.starts_with("dv_") => "tls-subscriber-dv",
            n if n.starts_with("ov_") => "tls-subscriber-ov",
            n if n.starts_with("iv_") => "tls-subscriber-iv",
            n if n.starts_with("ev_") => "tls-subscriber-ev",
            _ => continue,
        };
        let p = Profile::from_name(profile).expect("profile");
        let mut files: Vec<_> = std::fs::read_dir(&d)
            .expect("dir")
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        for f in files {
            out.push((pem_der(&std::fs::read_to_string(&f).expect("read")), p));
        }
    }
    out
}

fn ccadb_files() -> Vec<PathBuf> {
    let dir = corpus().join("ccadb/crtsh_ccadb_data");
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .expect("dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("AllCertificate"))
        })
        .collect();
    v.sort();
    v
}

/// Runs `work(thread_index, threads)` on `threads` threads and returns the elapsed seconds.
fn timed(threads: usize, work: impl Fn(usize, usize) -> usize + Sync) -> (usize, f64) {
    let start = Instant::now();
    let n = std::thread::scope(|s| {
        let hs: Vec<_> = (0..threads)
            .map(|t| {
                let w = &work;
                s.spawn(move || w(t, threads))
            })
            .collect();
        hs.into_iter()
            .map(|h| h.join().expect("bench thread"))
            .sum()
    });
    (n, start.elapsed().as_secs_f64())
}

fn main() {
    let linter = Linter::new();
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let smime = smime_corpus();
    const N: usize = 100_000;
    for threads in [1, cores] {
        let (n, secs) = timed(threads, |t, k| {
            let mut findings = 0usize;
            let mut count = 0;
            for i in (t..N).step_by(k) {
                let (der, p) = &smime[i % smime.len()];
                let r = linter.lint_der(
                    der,
                    &Options {
                        profile: ProfileChoice::Fixed(*p),
                        issuer: None,
                    },
                );
                findings += r.findings.len();
                count += 1;
            }
            std::hint::black_box(findings);
            count
        });
        println!(
            "pkilint S/MIME corpus x{}: {n} certificates, {threads} thread(s): {secs:.3} s, {:.0} certificates/s",
            N / smime.len(),
            n as f64 / secs
        );
    }
    let tls = tls_corpus();
    for threads in [1, cores] {
        let (n, secs) = timed(threads, |t, k| {
            let mut findings = 0usize;
            let mut count = 0;
            for i in (t..N).step_by(k) {
                let (der, p) = &tls[i % tls.len()];
                let r = linter.lint_der(
                    der,
                    &Options {
                        profile: ProfileChoice::Fixed(*p),
                        issuer: None,
                    },
                );
                findings += r.findings.len();
                count += 1;
            }
            std::hint::black_box(findings);
            count
        });
        println!(
            "pkilint TLS BR corpus x{}: {n} certificates, {threads} thread(s): {secs:.3} s, {:.0} certificates/s",
            N / tls.len(),
            n as f64 / secs
        );
    }
    let files = ccadb_files();
    const ROUNDS: usize = 10;
    for threads in [1, cores] {
        let (n, secs) = timed(threads, |t, k| {
            let mut count = 0;
            for round in 0..ROUNDS {
                for (i, f) in files.iter().enumerate() {
                    if (i + round) % k != t {
                        continue;
                    }
                    let rd = cert::source::ItemReader::new(BufReader::new(
                        std::fs::File::open(f).expect("open"),
                    ));
                    for item in rd {
                        let der = item.expect("read").data.expect("decodes");
                        std::hint::black_box(linter.lint_der(&der, &Options::default()));
                        count += 1;
                    }
                }
            }
            count
        });
        println!(
            "CCADB certificates x{ROUNDS} from files: {n} certificates, {threads} thread(s): {secs:.3} s, {:.0} certificates/s",
            n as f64 / secs
        );
    }
}
