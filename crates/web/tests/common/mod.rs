//! Shared helpers: the router driven in-process, corpus paths.
#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// 2024-12-18, the start of the case's public discussion.
pub const NOW: i64 = 1_734_480_000;

/// The corpus file or folder, or `None` (with a message) when absent.
pub fn corpus(sub: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus")
        .join(sub);
    if p.exists() {
        Some(p)
    } else if std::env::var("ROOTWARD_REQUIRE_CORPUS").as_deref() == Ok("1") {
        panic!("corpus path {} is missing", p.display());
    } else {
        eprintln!("skipping: corpus path {} is missing", p.display());
        None
    }
}

/// A fresh temporary SQLite file path.
pub fn temp_db(tag: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let d = std::env::temp_dir().join(format!("rootward-web-{tag}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d.join("registry.db").to_str().unwrap().to_owned()
}

/// The application without a registry, at [`NOW`].
pub fn app() -> axum::Router {
    web::router(web::AppState::new(
        None,
        Arc::new(registry::FixedClock(NOW)),
    ))
}

/// The application over `reg`, at [`NOW`].
pub fn app_with(reg: registry::Registry) -> axum::Router {
    web::router(web::AppState::new(
        Some(reg),
        Arc::new(registry::FixedClock(NOW)),
    ))
}

/// A response: status, headers and body text.
pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// Sends one request through the router.
pub async fn send(app: &axum::Router, req: Request<Body>) -> Answer {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

pub fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

pub fn post(uri: &str, content_type: &str, body: impl Into<Body>) -> Request<Body> {
    Request::post(uri)
        .header("content-type", content_type)
        .body(body.into())
        .unwrap()
}

/// A multipart/form-data body (RFC 7578) as a browser sends it: text
/// fields, then files (field, file name, content). Returns the Content-Type
/// and the body.
pub fn multipart(fields: &[(&str, &str)], files: &[(&str, &str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----rootwardTestBoundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    for (name, filename, data) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// The DER inside the first PEM block of a text.
pub fn pem_body(pem: &str) -> Vec<u8> {
    use base64::Engine;
    let b64: String = pem
        .lines()
        .skip_while(|l| !l.starts_with("-----BEGIN"))
        .skip(1)
        .take_while(|l| !l.starts_with("-----END"))
        .collect();
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .expect("PEM body is base64")
}

/// A key ceremony run for a test: the record and the report as written,
/// and the output directory (root.pem and, for a full one, subca.pem).
pub struct Ceremony {
    pub record: Vec<u8>,
    pub report: String,
    pub out: PathBuf,
}

struct CeremonySecrets;
impl ca::ceremony::Secrets for CeremonySecrets {
    fn get(&self, name: &str, _purpose: &str) -> Result<Vec<u8>, String> {
        Ok(format!("test passphrase for {name}").into_bytes())
    }
}

/// Runs a software-key ceremony (`ca::ceremony::run`) named `name` in a
/// fresh directory: a P-384 root key and its self-signed certificate, and
/// when `full`, an S/MIME sub-CA key, its CSR and its certificate (the
/// shape of examples/ceremony/hierarchy.toml with smaller keys).
pub fn run_ceremony(name: &str, full: bool) -> Ceremony {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let n = N.fetch_add(1, Ordering::SeqCst);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let dir = std::env::temp_dir().join(format!(
        "rootward-web-ceremony-{}-{n}-{nanos}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let script = testkit::ceremony::script(name, &format!("Alpha Test Root {n}"), full);
    let path = dir.join("ceremony.toml");
    std::fs::write(&path, script).unwrap();
    // 2026-01-15, the ceremony's date.
    let clock = || 1_768_435_200;
    ca::ceremony::run(&path, &CeremonySecrets, &clock).expect("the ceremony runs");
    let out = dir.join("out");
    Ceremony {
        record: std::fs::read(out.join("ceremony-record.json")).unwrap(),
        report: std::fs::read_to_string(out.join("key-generation-report.md")).unwrap(),
        out,
    }
}
