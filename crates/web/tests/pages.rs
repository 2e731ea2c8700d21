//! The pages and the registry routes, over a registry holding the case's
//! certificates: certificate page, search, lint form; escaping of hostile
//! input; security headers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::http::StatusCode;
use common::{get, post, send};
use registry::{FixedClock, Registry};

const G5_SHA256: &str = "995C3C64";

/// A registry with every PEM of the case folder imported.
async fn case_registry() -> Option<Registry> {
    let dir = common::corpus("secom")?;
    let reg = Registry::open(&common::temp_db("pages")).await.unwrap();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pem"))
        .collect();
    files.sort();
    for f in files {
        reg.import_pem(
            &f,
            &FixedClock(common::NOW),
            registry::import::ImportOptions::default(),
        )
        .await
        .unwrap();
    }
    Some(reg)
}

async fn g5_fingerprint(reg: &Registry) -> String {
    let found = reg.search("SureMail CA G5").await.unwrap();
    let c = found
        .iter()
        .find(|c| c.sha256.starts_with(G5_SHA256))
        .expect("G5 imported");
    c.sha256.clone()
}

#[tokio::test]
async fn certificate_page_shows_fields_chain_and_lint_report() {
    let Some(reg) = case_registry().await else {
        return;
    };
    let sha = g5_fingerprint(&reg).await;
    let app = common::app_with(reg);
    let a = send(&app, get(&format!("/certificates/{sha}"))).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(a.body.contains(&sha));
    assert!(a.body.contains("Cybertrust Japan SureMail CA G5"));
    // Its place in the hierarchy: issued by Security Communication RootCA2, verified.
    let issued_by = &a.body
        [a.body.find("<h2>Issued by</h2>").unwrap()..a.body.find("<h2>Issued</h2>").unwrap()];
    assert!(issued_by.contains("RootCA2"), "{issued_by}");
    assert!(issued_by.contains("signature verified"), "{issued_by}");
    // The lint report, with the S/MIME sub-CA profile and cited findings.
    assert!(a.body.contains("Profile: smime-subca"));
    assert!(a.body.contains("<table class=\"findings\">") || a.body.contains("No findings."));

    // Lower-case fingerprints work too; the API gives the same data as JSON.
    let a = send(
        &app,
        get(&format!("/api/v1/certificates/{}", sha.to_lowercase())),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let v = a.json();
    assert_eq!(v["view"]["certificate"]["sha256"], sha.as_str());
    assert_eq!(v["lint"]["profile"], "smime-subca");
}

#[tokio::test]
async fn hierarchy_tree_under_the_root() {
    let Some(reg) = case_registry().await else {
        return;
    };
    let g5 = g5_fingerprint(&reg).await;
    let root = reg.search("Security Communication RootCA2").await.unwrap();
    let root = root
        .iter()
        .find(|c| c.self_issued)
        .expect("RootCA2 self-signed imported")
        .sha256
        .clone();
    let app = common::app_with(reg);
    let a = send(&app, get(&format!("/certificates/{root}/tree"))).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(
        a.body.contains(&format!("/certificates/{g5}")),
        "G5 under RootCA2"
    );
    let a = send(&app, get(&format!("/api/v1/certificates/{root}/tree"))).await;
    assert_eq!(a.status, StatusCode::OK);
    let v = a.json();
    assert_eq!(v["sha256"], root.as_str());
    let kids: Vec<_> = v["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["sha256"].as_str().unwrap())
        .collect();
    assert!(kids.contains(&g5.as_str()), "{kids:?}");
    let zero = "0".repeat(64);
    let a = send(&app, get(&format!("/certificates/{zero}/tree"))).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn unknown_certificates_are_404_on_page_and_api() {
    let Some(reg) = case_registry().await else {
        return;
    };
    let app = common::app_with(reg);
    let zero = "0".repeat(64);
    let a = send(&app, get(&format!("/certificates/{zero}"))).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    let a = send(&app, get(&format!("/api/v1/certificates/{zero}"))).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert!(a.json()["error"].as_str().unwrap().contains("not found"));
    // A hostile path segment is escaped on the page.
    let a = send(&app, get("/certificates/%3Cscript%3Ex%3C%2Fscript%3E")).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert!(!a.body.contains("<script>"));
    assert!(a.body.contains("&lt;script&gt;"));
    // Without a registry, every certificate is unknown.
    let a = send(&common::app(), get(&format!("/api/v1/certificates/{zero}"))).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn search_finds_by_name_and_fingerprint() {
    let Some(reg) = case_registry().await else {
        return;
    };
    let sha = g5_fingerprint(&reg).await;
    let app = common::app_with(reg);
    let a = send(&app, get("/search?q=SureMail+CA+G5")).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains(&format!("/certificates/{sha}")));
    let a = send(&app, get(&format!("/api/v1/certificates?q={}", &sha[..64]))).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.json()[0]["sha256"], sha.as_str());
    let a = send(&app, get("/api/v1/certificates")).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    // Injection strings are searched for literally and shown escaped.
    let hostile = "%27%3B+DROP+TABLE+certificates%3B+--%3Cb%3E";
    let a = send(&app, get(&format!("/search?q={hostile}"))).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains("No certificate matches"));
    assert!(
        a.body
            .contains("&#39;; DROP TABLE certificates; --&lt;b&gt;")
    );
    let a = send(&app, get(&format!("/search?q={}", &sha[..64]))).await;
    assert!(
        a.body.contains(&sha),
        "the table survived the injection attempt"
    );
}

#[tokio::test]
async fn lint_form_reports_and_escapes() {
    let Some(path) = common::corpus("secom/Cybertrust_Japan_SureMail_CA_G5.pem") else {
        return;
    };
    let pem = std::fs::read_to_string(path).unwrap();
    let app = common::app();
    let a = send(&app, get("/lint")).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(
        a.body
            .contains("<form method=\"post\" action=\"/lint\" enctype=\"multipart/form-data\">")
    );

    let form = format!("pem={}&profile=", urlencode(&pem));
    let a = send(
        &app,
        post("/lint", "application/x-www-form-urlencoded", form),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(a.body.contains("smime-subca"));
    assert!(a.body.contains("995C3C64"));

    let hostile = "<script>alert(1)</script>";
    let form = format!(
        "pem={}&profile={}",
        urlencode(hostile),
        urlencode("\"><img src=x>")
    );
    let a = send(
        &app,
        post("/lint", "application/x-www-form-urlencoded", form),
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(!a.body.contains("<script>alert"), "{}", a.body);
    assert!(!a.body.contains("<img"), "{}", a.body);
    assert!(a.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(a.body.contains("unknown profile"));

    // A form without its field is refused with a page, not a bare error.
    let a = send(
        &app,
        post("/lint", "application/x-www-form-urlencoded", "colour=red"),
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.body.contains("<code>pem</code> field"));

    // The same certificate uploaded as a DER file from the form.
    let der = common::pem_body(&pem);
    let (ct, body) =
        common::multipart(&[("pem", ""), ("profile", "")], &[("file", "g5.cer", &der)]);
    let a = send(&app, post("/lint", &ct, body)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(a.body.contains("smime-subca"));
    assert!(a.body.contains("995C3C64"));
    // Neither text nor file: refused with the form again.
    let (ct, body) = common::multipart(&[("pem", " "), ("profile", "")], &[("file", "", b"")]);
    let a = send(&app, post("/lint", &ct, body)).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.body.contains("upload a file"), "{}", a.body);
    // A malformed multipart body is a 400 page, not a panic.
    let a = send(
        &app,
        post("/lint", "multipart/form-data; boundary=x", "--x\r\nbroken"),
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn every_response_carries_security_headers() {
    let app = common::app();
    for uri in [
        "/",
        "/lint",
        "/search",
        "/static/style.css",
        "/api/v1/openapi.json",
        "/no-such-page",
    ] {
        let a = send(&app, get(uri)).await;
        let csp = a
            .headers
            .get("content-security-policy")
            .unwrap()
            .to_str()
            .unwrap();
        assert!(csp.contains("default-src 'none'"), "{uri}");
        assert_eq!(a.headers["x-content-type-options"], "nosniff", "{uri}");
    }
}

#[tokio::test]
async fn home_page_counts_the_registry() {
    let Some(reg) = case_registry().await else {
        return;
    };
    let n = reg.counts().await.unwrap().certificates;
    let a = send(&common::app_with(reg), get("/")).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(
        a.body
            .contains(&format!("The registry holds {n} certificates")),
        "{}",
        a.body
    );
}

fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
