//! Linting a large CRL: 150,000 entries, read from a file and linted in one
//! streaming pass.
//!
//! `cargo bench -p rootward-lint --bench crl`
//!
//! The CRL is generated in memory (16-byte serials, reasonCode on two entries
//! in five, signed by the testkit root key), written to a temporary file and
//! dropped. Each run is a fresh process (this executable with `--lint-once`)
//! that reads the file and lints it as a TLS subscriber CRL with the issuer
//! certificate (so the signature is verified too), then reports its time and
//! peak RSS (VmHWM from /proc/self/status). The target:
//! under 1 s and 100 MB peak memory (pkilint: 5.4 s and 711 MiB).
#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is the failure

use std::time::Instant;

use lint::crl::{CrlKind, lint_crl_der};
use testkit::crl::{self as tcrl, CrlBuilder};
use testkit::der;
use testkit::presets;

/// Entries generated; `ROOTWARD_CRL_ENTRIES` overrides (e.g. to see memory scale).
const ENTRIES: usize = 150_000;
const RUNS: usize = 5;

fn status_kb(field: &str) -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find(|l| l.starts_with(field))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn entries() -> usize {
    std::env::var("ROOTWARD_CRL_ENTRIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(ENTRIES)
}

fn generate(n: usize) -> Vec<u8> {
    let mut b = CrlBuilder::new(&presets::root_name(), presets::root_key())
        .times("250301000000Z", Some("250308000000Z"));
    let date = der::utc_time("250220120000Z");
    let key_compromise = [tcrl::reason_code(1)];
    let superseded = [tcrl::reason_code(4)];
    let mut serial = [0u8; 16];
    for i in 0..n {
        // Distinct, positive, random-looking 16-byte serials.
        let x = (i as u128 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835);
        serial.copy_from_slice(&x.to_be_bytes());
        serial[0] = (serial[0] & 0x7f) | 0x01;
        let exts: &[testkit::ext::Extension] = match i % 5 {
            0 => &key_compromise,
            1 => &superseded,
            _ => &[],
        };
        b.push_entry(&tcrl::entry(&serial, &date, exts));
    }
    b.build()
}

/// Child mode: read the file, lint it once, print "seconds findings VmHWM-kB".
/// A fresh process, so its peak RSS is that of reading and linting alone.
fn lint_once(path: &str, issuer_path: &str) {
    // The testkit keys are generated per process, so the issuer comes from the parent.
    let root_der = std::fs::read(issuer_path).expect("read issuer");
    let root = cert::Certificate::parse(&root_der).expect("root parses");
    let t = Instant::now();
    let der = std::fs::read(path).expect("read temp CRL");
    let report = lint_crl_der(&der, Some(&root), CrlKind::TlsSubscriber);
    let secs = t.elapsed().as_secs_f64();
    for f in &report.findings {
        eprintln!("  finding: {} {} {}", f.severity, f.code, f.message);
    }
    println!(
        "{secs} {} {}",
        report.findings.len(),
        status_kb("VmHWM:").unwrap_or(0)
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--lint-once") {
        lint_once(
            args.get(i + 1).expect("CRL path"),
            args.get(i + 2).expect("issuer path"),
        );
        return;
    }
    let t = Instant::now();
    let n = entries();
    let crl = generate(n);
    let gen_secs = t.elapsed().as_secs_f64();
    let path = std::env::temp_dir().join(format!("rootward-bench-{}.crl", std::process::id()));
    std::fs::write(&path, &crl).expect("write temp CRL");
    let mb = crl.len() as f64 / 1e6;
    println!("generated a {n}-entry CRL of {mb:.1} MB in {gen_secs:.2} s");
    drop(crl);
    let issuer_path = path.with_extension("issuer.der");
    std::fs::write(&issuer_path, presets::root_ca().build_signed()).expect("write issuer");

    let exe = std::env::current_exe().expect("own path");
    let mut runs = Vec::new();
    for _ in 0..RUNS {
        let out = std::process::Command::new(&exe)
            .arg("--lint-once")
            .arg(&path)
            .arg(&issuer_path)
            .stderr(std::process::Stdio::inherit())
            .output()
            .expect("run child");
        let text = String::from_utf8_lossy(&out.stdout);
        let v: Vec<f64> = text
            .split_whitespace()
            .filter_map(|x| x.parse().ok())
            .collect();
        assert_eq!(v.len(), 3, "child output: {text}");
        runs.push((v[0], v[1] as usize, v[2] / 1024.0));
    }
    let _ = std::fs::remove_file(&path);
    let _ = std::fs::remove_file(&issuer_path);
    runs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let peak = runs.iter().map(|r| r.2).fold(0.0, f64::max);
    println!(
        "read + lint ({} profile, issuer given, signature verified), each run a fresh process: best {:.3} s, median {:.3} s over {RUNS} runs; {} findings",
        CrlKind::TlsSubscriber.name(),
        runs[0].0,
        runs[RUNS / 2].0,
        runs[0].1
    );
    println!(
        "peak RSS (VmHWM) of a linting process: {peak:.1} MB (includes the {mb:.1} MB file and the executable)"
    );
    println!("target: < 1 s and < 100 MB; pkilint: 5.4 s and 711 MiB");
}
