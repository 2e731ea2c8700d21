//! Shared helpers for tests that read ../shared/corpus.
#![allow(clippy::expect_used, clippy::unwrap_used)]
#![allow(dead_code)]

use std::path::PathBuf;

/// The corpus directory, or None (with a message) when it is absent.
/// With ROOTWARD_REQUIRE_CORPUS=1 an absent corpus fails the test.
pub fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("ROOTWARD_REQUIRE_CORPUS").as_deref() == Ok("1") {
        panic!(
            "corpus not found at {} and ROOTWARD_REQUIRE_CORPUS=1",
            dir.display()
        );
    }
    eprintln!("skipping: corpus not found at {}", dir.display());
    None
}

/// Decodes the first PEM block of a text.
pub fn first_pem(text: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    let start = text.find("-----BEGIN")?;
    let body_start = start + text[start..].find('\n')? + 1;
    let end = body_start + text[body_start..].find("-----END")?;
    let b64: String = text[body_start..end].split_whitespace().collect();
    base64::engine::general_purpose::STANDARD.decode(b64).ok()
}

/// Splits one CSV line into fields (RFC 4180 quoting).
pub fn csv_fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cur)),
            (c, _) => cur.push(c),
        }
    }
    out.push(cur);
    out
}
