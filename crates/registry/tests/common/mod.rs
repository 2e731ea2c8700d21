//! Shared test helpers: backends, corpus paths, temporary files.
#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use registry::Registry;

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A fresh temporary directory.
pub fn temp_dir(tag: &str) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    let d = std::env::temp_dir().join(format!(
        "rootward-registry-{tag}-{}-{n}-{nanos}",
        std::process::id()
    ));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The corpus folder, or `None` (with a message) when absent.
pub fn corpus(sub: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus")
        .join(sub);
    if p.exists() {
        Some(p)
    } else if std::env::var("ROOTWARD_REQUIRE_CORPUS").as_deref() == Ok("1") {
        panic!("corpus folder {} is missing", p.display());
    } else {
        eprintln!("skipping: corpus folder {} is missing", p.display());
        None
    }
}

/// The backends to run on: a fresh SQLite file always, and a fresh
/// PostgreSQL database when ROOTWARD_TEST_POSTGRES_URL is set (required when
/// ROOTWARD_REQUIRE_POSTGRES=1).
pub async fn backends(tag: &str) -> Vec<(String, Registry)> {
    let mut out = Vec::new();
    let file = temp_dir(tag).join("registry.db");
    let reg = Registry::open(file.to_str().unwrap()).await.unwrap();
    out.push(("sqlite".to_owned(), reg));
    match std::env::var("ROOTWARD_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => {
            let db = fresh_pg_database(&url, tag).await;
            let reg = Registry::open(&db).await.unwrap();
            out.push(("postgres".to_owned(), reg));
        }
        _ => {
            if std::env::var("ROOTWARD_REQUIRE_POSTGRES").as_deref() == Ok("1") {
                panic!("ROOTWARD_REQUIRE_POSTGRES=1 but ROOTWARD_TEST_POSTGRES_URL is not set");
            }
            eprintln!("skipping PostgreSQL: ROOTWARD_TEST_POSTGRES_URL is not set");
        }
    }
    out
}

/// Creates a new database on the server of `url` and returns its URL.
pub async fn fresh_pg_database(url: &str, tag: &str) -> String {
    use sqlx::Connection as _;
    sqlx::any::install_default_drivers();
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let name = format!(
        "rw_{}_{}_{n}_{}",
        tag.replace(|c: char| !c.is_ascii_alphanumeric(), "_"),
        std::process::id(),
        nanos % 1_000_000_000
    )
    .to_lowercase();
    let mut conn = sqlx::AnyConnection::connect(url).await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[scheme_end..].rfind('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    format!("{base}/{name}{query}")
}

/// Writes a file in a temporary directory.
pub fn write_temp(tag: &str, name: &str, content: &str) -> PathBuf {
    let p = temp_dir(tag).join(name);
    std::fs::write(&p, content).unwrap();
    p
}

/// Seconds since the epoch of a date.
pub fn day(s: &str) -> i64 {
    cert::time::parse_iso(s).unwrap()
}
