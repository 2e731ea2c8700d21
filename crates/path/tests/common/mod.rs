//! Shared helpers for tests that read ../shared/corpus.
#![allow(clippy::expect_used, clippy::unwrap_used, dead_code)]

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

/// Every PEM block of a text, decoded.
pub fn pems(text: &str) -> Vec<Vec<u8>> {
    use base64::Engine;
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN") {
        let Some(nl) = rest[start..].find('\n') else {
            break;
        };
        let body_start = start + nl + 1;
        let Some(end_rel) = rest[body_start..].find("-----END") else {
            break;
        };
        let end = body_start + end_rel;
        let b64: String = rest[body_start..end].split_whitespace().collect();
        out.push(
            base64::engine::general_purpose::STANDARD
                .decode(b64)
                .expect("PEM body is base64"),
        );
        let after = rest[end..].find('\n').map_or(rest.len(), |n| end + n);
        rest = &rest[after..];
    }
    out
}

/// The first PEM block of a text, decoded.
pub fn pem(text: &str) -> Vec<u8> {
    pems(text).into_iter().next().expect("a PEM block")
}

/// A divergences file: `KEY<TAB>reason` lines, `#` comments and blank
/// lines ignored.
pub fn exceptions(text: &str) -> std::collections::BTreeMap<String, String> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (k, v) = l.split_once('\t').expect("KEY<TAB>reason");
            (k.to_string(), v.to_string())
        })
        .collect()
}
