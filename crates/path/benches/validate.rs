//! Path validation throughput.
//!
//! `cargo bench -p rootward-path --bench validate`
//!
//! - SECOM: the case's real certificates (../shared/corpus/secom): the 2022
//!   yahoo.co.jp leaf with both issuances of SureServer CA G4 (two candidate
//!   paths, one valid), and SureMail CA G5 against RootCA2 with the 215
//!   certificates of the CCADB SECOM/Cybertrust bundle as intermediates;
//!   paths validated per second (one `path::validate` call each).
//! - limbo: every case of both x509-limbo files, one pass = 343 validations.
//!
//! `ROOTWARD_BENCH_SECONDS` (default 3) sets the time per measurement. The
//! `openssl verify` comparison is in BENCHMARKS.md with its command.
#![allow(clippy::expect_used, clippy::unwrap_used, missing_docs)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[path = "../tests/common/mod.rs"]
mod common;

use common::pems;
use path::{Options, PeerName, Purpose, validate};

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
}

fn read(dir: &Path, f: &str) -> Vec<Vec<u8>> {
    pems(&std::fs::read_to_string(dir.join(f)).expect("corpus file"))
}

fn refs(v: &[Vec<u8>]) -> Vec<&[u8]> {
    v.iter().map(Vec::as_slice).collect()
}

/// Runs `f` repeatedly for the measurement time; returns calls per second.
fn rate(mut f: impl FnMut()) -> f64 {
    let secs: u64 = std::env::var("ROOTWARD_BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    for _ in 0..10 {
        f();
    }
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < Duration::from_secs(secs) {
        f();
        n += 1;
    }
    n as f64 / start.elapsed().as_secs_f64()
}

fn main() {
    let dir = corpus().join("secom");
    if !dir.is_dir() {
        eprintln!("skipping: corpus not found at {}", dir.display());
        return;
    }
    let root = read(&dir, "Security_Communication_RootCA2.pem");
    let mut g4 = read(&dir, "Cybertrust_Japan_SureServer_CA_G4.2019-issuance.pem");
    g4.extend(read(
        &dir,
        "Cybertrust_Japan_SureServer_CA_G4.2023-issuance.pem",
    ));
    let yahoo = read(&dir, "leaf_edge01.yahoo.co.jp_2022.pem").remove(0);
    let mut tls = Options::at(cert::time::parse_iso("2022-06-01").unwrap());
    tls.purpose = Purpose::Tls;
    tls.name = Some(PeerName::Dns("edge01.yahoo.co.jp".into()));
    let r = rate(|| {
        let rep = validate(&yahoo, &refs(&g4), &refs(&root), &[], &tls).unwrap();
        assert!(rep.is_valid());
    });
    println!("SECOM yahoo.co.jp 2022 leaf, 2 candidate paths (TLS, name): {r:.0} validations/s");
    let mut first_only = tls.clone();
    first_only.max_paths = 1;
    let r = rate(|| {
        let rep = validate(&yahoo, &refs(&g4), &refs(&root), &[], &first_only).unwrap();
        assert!(rep.is_valid());
    });
    println!("SECOM yahoo.co.jp 2022 leaf, stop at the first valid path: {r:.0} validations/s");

    let bundle = read(&dir, "ccadb_secom_cybertrust_family_bundle.pem");
    let g5 = read(&dir, "Cybertrust_Japan_SureMail_CA_G5.pem").remove(0);
    let mut smime = Options::at(cert::time::parse_iso("2026-01-01").unwrap());
    smime.purpose = Purpose::Smime;
    let r = rate(|| {
        let rep = validate(&g5, &refs(&bundle), &refs(&root), &[], &smime).unwrap();
        assert!(rep.is_valid());
    });
    println!(
        "SECOM SureMail CA G5 with 215 candidate intermediates (S/MIME), decoded per call: {r:.0} validations/s"
    );
    let verifier = path::Verifier::new(&refs(&root), &refs(&bundle), &[]).unwrap();
    let r = rate(|| {
        assert!(verifier.validate(&g5, &smime).unwrap().is_valid());
    });
    println!(
        "SECOM SureMail CA G5 with 215 candidate intermediates (S/MIME), decoded once (Verifier): {r:.0} validations/s"
    );

    // limbo: parse once, validate every case per pass.
    let mut cases = Vec::new();
    for file in [
        "limbo.regenerated-from-8a2e6f4.json",
        "limbo.upstream-ddc40b47-2023-12-02.json",
    ] {
        let text = std::fs::read_to_string(corpus().join("limbo").join(file)).unwrap();
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        for case in doc["testcases"].as_array().unwrap() {
            let list = |k: &str| -> Vec<Vec<u8>> {
                case[k]
                    .as_array()
                    .map(|a| a.iter().flat_map(|p| pems(p.as_str().unwrap())).collect())
                    .unwrap_or_default()
            };
            let leaf = pems(case["peer_certificate"].as_str().unwrap()).remove(0);
            let t = case["validation_time"]
                .as_str()
                .and_then(|t| cert::time::parse_iso(&format!("{}Z", &t[..19])))
                .unwrap_or(1_767_225_600);
            let mut opts = Options::at(t);
            if case["id"].as_str().unwrap().starts_with("webpki::") {
                opts.purpose = Purpose::Tls;
            }
            if let Some(p) = case.get("expected_peer_name").filter(|p| !p.is_null()) {
                let v = p["value"].as_str().unwrap().to_string();
                opts.name = Some(match p["kind"].as_str() {
                    Some("IP") => PeerName::Ip(v.parse().unwrap()),
                    Some("RFC822") => PeerName::Email(v),
                    _ => PeerName::Dns(v),
                });
            }
            cases.push((
                leaf,
                list("untrusted_intermediates"),
                list("trusted_certs"),
                list("crls"),
                opts,
            ));
        }
    }
    let n = cases.len();
    let r = rate(|| {
        for (leaf, inter, anchors, crls, opts) in &cases {
            let _ = std::hint::black_box(validate(
                leaf,
                &refs(inter),
                &refs(anchors),
                &refs(crls),
                opts,
            ));
        }
    });
    println!(
        "limbo: {n} cases per pass, {:.0} validations/s",
        r * n as f64
    );
}
