//! Linting a large CRL: 150,000 entries, read from a file and linted in one
//! streaming pass.
//!
//! `cargo bench -p rootward-lint --bench crl`
//!
//! The CRL is generated in memory (16-byte serials, reasonCode on two entries
//! in five, signed by the testkit root key), written to a temporary file and
//! dropped. Then the peak-RSS counter is reset (`/proc/self/clear_refs`) and
//! each run reads the file and lints it as a TLS subscriber CRL with the
//! issuer certificate (so the signature is verified too). The target:
//! under 1 s and 100 MB peak memory (pkilint: 5.4 s and 711 MiB).
#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is the failure

use std::time::Instant;

use lint::crl::{CrlKind, lint_crl_der};
use testkit::crl::{self as tcrl, CrlBuilder};
use testkit::der;
use testkit::presets;

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

fn generate() -> Vec<u8> {
    let mut b = CrlBuilder::new(&presets::root_name(), presets::root_key())
        .times("250301000000Z", Some("250308000000Z"));
    let date = der::utc_time("250220120000Z");
    let key_compromise = [tcrl::reason_code(1)];
    let superseded = [tcrl::reason_code(4)];
    let mut serial = [0u8; 16];
    for i in 0..ENTRIES {
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

fn main() {
    let t = Instant::now();
    let crl = generate();
    let gen_secs = t.elapsed().as_secs_f64();
    let path = std::env::temp_dir().join(format!("rootward-bench-{}.crl", std::process::id()));
    std::fs::write(&path, &crl).expect("write temp CRL");
    let size = crl.len();
    drop(crl);
    let root_der = presets::root_ca().build_signed();
    let root = cert::Certificate::parse(&root_der).expect("root parses");
    println!(
        "generated a {ENTRIES}-entry CRL of {:.1} MB in {gen_secs:.2} s (peak RSS so far {:.1} MB)",
        size as f64 / 1e6,
        status_kb("VmHWM:").unwrap_or(0) as f64 / 1024.0
    );

    // Reset the peak so it reflects reading and linting only.
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let rss_before = status_kb("VmRSS:").unwrap_or(0);

    let mut times = Vec::new();
    let mut findings = 0;
    for _ in 0..RUNS {
        let t = Instant::now();
        let der = std::fs::read(&path).expect("read temp CRL");
        let report = lint_crl_der(&der, Some(&root), CrlKind::TlsSubscriber);
        times.push(t.elapsed().as_secs_f64());
        findings = report.findings.len();
        for f in &report.findings {
            println!("  finding: {} {} {}", f.severity, f.code, f.message);
        }
    }
    let _ = std::fs::remove_file(&path);
    times.sort_by(f64::total_cmp);
    let peak = status_kb("VmHWM:").unwrap_or(0);
    println!(
        "read + lint ({} profile, signature verified): best {:.3} s, median {:.3} s over {RUNS} runs; {findings} findings",
        CrlKind::TlsSubscriber.name(),
        times[0],
        times[RUNS / 2]
    );
    println!(
        "peak RSS (VmHWM) after linting: {:.1} MB{} (RSS before the runs {:.1} MB)",
        peak as f64 / 1024.0,
        if reset {
            ", counter reset after generation"
        } else {
            ", includes generation: clear_refs unavailable"
        },
        rss_before as f64 / 1024.0
    );
    println!("target: < 1 s and < 100 MB; pkilint: 5.4 s and 711 MiB");
}
