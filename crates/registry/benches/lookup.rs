//! Lookup by fingerprint with many certificates in SQLite (synthetic).
//!
//! `cargo bench -p rootward-registry --bench lookup` inserts
//! `ROOTWARD_LOOKUP_CERTS` (default 1,000,000) synthetic certificate records
//! into a fresh SQLite file, then looks up 10,000 random ones by SHA-256 (and
//! 1,000 by SHA-1 in lower case with colons) through `Registry::search`, and
//! prints p50 / p99 / max. Target: p99 under 5 ms.
#![allow(missing_docs, clippy::expect_used, clippy::unwrap_used)]

use std::time::{Duration, Instant};

use registry::Registry;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn main() {
    let n: usize = std::env::var("ROOTWARD_LOOKUP_CERTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = std::env::temp_dir().join(format!("rootward-lookup-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("lookup.db");
    registry::block_on(async {
        let reg = Registry::open(db.to_str().unwrap()).await.unwrap();
        let t = Instant::now();
        let mut tx = reg.pool().begin().await.unwrap();
        const BATCH: usize = 200;
        let mut i = 0;
        while i < n {
            let end = (i + BATCH).min(n);
            let mut sql = String::from(
                "INSERT INTO certificates (sha256, sha1, subject, issuer, subject_key, issuer_key, ski, serial, \
                 not_before, not_after, is_ca, first_seen, source, version, updated_at) VALUES ",
            );
            for k in i..end {
                let b = (k - i) * 15;
                if k > i {
                    sql.push(',');
                }
                sql.push('(');
                sql.push_str(
                    &(1..=15)
                        .map(|j| format!("${}", b + j))
                        .collect::<Vec<_>>()
                        .join(","),
                );
                sql.push(')');
            }
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for k in i..end {
                let key = (k as u64).to_be_bytes();
                let subject = format!("CN=Synthetic CA {k}");
                q = q
                    .bind(cert::hex_upper(&cert::digest::sha256(&key)))
                    .bind(cert::hex_upper(&cert::digest::sha1(&key)))
                    .bind(subject.clone())
                    .bind("CN=Synthetic Root".to_owned())
                    .bind(subject.to_lowercase())
                    .bind("cn=synthetic root".to_owned())
                    .bind(cert::hex_upper(&cert::digest::sha1(&[key.as_slice(), b"ski"].concat())))
                    .bind(format!("{k:016X}"))
                    .bind(1_700_000_000i64)
                    .bind(1_900_000_000i64)
                    .bind(1i64)
                    .bind(1_700_000_000i64)
                    .bind("synthetic".to_owned())
                    .bind(1i64)
                    .bind(1_700_000_000i64);
            }
            q.execute(&mut *tx).await.unwrap();
            i = end;
        }
        tx.commit().await.unwrap();
        println!("inserted {n} synthetic certificates in {:.2?}", t.elapsed());

        let mut rng = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            (rng % n as u64) as usize
        };
        for (what, count) in [("SHA-256", 10_000), ("SHA-1 lower case with colons", 1_000)] {
            let mut times = Vec::with_capacity(count);
            for _ in 0..count {
                let key = (next() as u64).to_be_bytes();
                let q = if what == "SHA-256" {
                    cert::hex_upper(&cert::digest::sha256(&key))
                } else {
                    cert::hex_upper(&cert::digest::sha1(&key))
                        .to_lowercase()
                        .as_bytes()
                        .chunks(2)
                        .map(|c| std::str::from_utf8(c).unwrap())
                        .collect::<Vec<_>>()
                        .join(":")
                };
                let t = Instant::now();
                let hits = reg.search(&q).await.unwrap();
                times.push(t.elapsed());
                assert_eq!(hits.len(), 1);
            }
            times.sort();
            println!(
                "lookup by {what} ({count}x, {n} certificates): p50 {:.2?}, p99 {:.2?}, max {:.2?}",
                percentile(&times, 0.5),
                percentile(&times, 0.99),
                times[times.len() - 1]
            );
        }
        reg.close().await;
    })
    .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
