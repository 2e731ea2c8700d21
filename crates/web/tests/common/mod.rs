//! Shared helpers: the router driven in-process, corpus paths.
#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

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

/// The password of every test account.
pub const PASSWORD: &str = "a long enough password";

/// A clock the test moves.
pub struct TestClock(pub AtomicI64);

impl registry::Clock for TestClock {
    fn now(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

impl TestClock {
    /// A clock at `t` (seconds since the epoch).
    pub fn at(t: i64) -> Arc<TestClock> {
        Arc::new(TestClock(AtomicI64::new(t)))
    }
    /// Moves the clock to `t`.
    pub fn set(&self, t: i64) {
        self.0.store(t, Ordering::SeqCst);
    }
    /// Moves the clock `secs` on.
    pub fn advance(&self, secs: i64) {
        self.0.fetch_add(secs, Ordering::SeqCst);
    }
}

/// Midnight UTC of an ISO date (`2025-01-10`), in seconds since the epoch.
pub fn day(d: &str) -> i64 {
    registry::parse_date(d).unwrap() * registry::DAY
}

/// Accounts (with [`PASSWORD`]) and an API token for each, in the order
/// given; returns the tokens.
pub async fn accounts(
    reg: &registry::Registry,
    clock: &dyn registry::Clock,
    who: &[(&str, registry::workflow::Role, Option<&str>)],
) -> Vec<String> {
    let mut tokens = Vec::new();
    for (name, role, owner) in who {
        reg.add_user(name, PASSWORD, *role, *owner, clock)
            .await
            .unwrap();
        tokens.push(reg.create_api_token(name, "test", clock).await.unwrap());
    }
    tokens
}

/// An API call with an optional bearer token and JSON body.
pub fn call(
    method: &str,
    uri: &str,
    token: Option<&str>,
    body: Option<serde_json::Value>,
) -> Request<Body> {
    let mut b = Request::builder().method(method).uri(uri);
    if let Some(t) = token {
        b = b.header("authorization", format!("Bearer {t}"));
    }
    match body {
        Some(v) => b
            .header("content-type", "application/json")
            .body(Body::from(v.to_string()))
            .unwrap(),
        None => b.body(Body::empty()).unwrap(),
    }
}

/// A value for an application/x-www-form-urlencoded body: RFC 3986
/// unreserved characters kept, every other octet percent-encoded.
pub fn form_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b => format!("%{b:02X}"),
        })
        .collect()
}

/// A page form's POST with the session cookie.
pub fn form_post(uri: &str, session: &str, fields: &[(&str, &str)]) -> Request<Body> {
    let body = fields
        .iter()
        .map(|(k, v)| format!("{k}={}", form_encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    Request::post(uri)
        .header("cookie", session)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap()
}

/// Signs `name` in through the sign-in form; returns the session cookie and
/// the CSRF token, read from `page` (a page with a form).
pub async fn sign_in(app: &axum::Router, name: &str, page: &str) -> (String, String) {
    let req = post(
        "/signin",
        "application/x-www-form-urlencoded",
        format!(
            "name={}&password={}",
            form_encode(name),
            form_encode(PASSWORD)
        ),
    );
    let a = send(app, req).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let session = a.headers["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let a = send(
        app,
        Request::get(page)
            .header("cookie", &session)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    let csrf = a
        .body
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .unwrap_or_else(|| panic!("no CSRF token on {page}"))
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    (session, csrf)
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
