//! `POST /api/v1/lint` and `GET /api/v1/openapi.json`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use axum::http::StatusCode;
use common::{app, post, send};

const G5: &str = "secom/Cybertrust_Japan_SureMail_CA_G5.pem";

#[tokio::test]
async fn lints_the_case_sub_ca_like_the_library_does() {
    let Some(path) = common::corpus(G5) else {
        return;
    };
    let pem = std::fs::read(&path).unwrap();
    let a = send(
        &app(),
        post("/api/v1/lint", "application/x-pem-file", pem.clone()),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(
        a.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let got = a.json();
    let arr = got.as_array().unwrap();
    assert_eq!(arr.len(), 1);
    assert_eq!(arr[0]["source"], "request");
    assert!(
        arr[0]["sha256"].as_str().unwrap().starts_with("995C3C64"),
        "{}",
        arr[0]["sha256"]
    );
    assert_eq!(arr[0]["profile"], "smime-subca");

    // The same findings as the library (and so as `rootward lint --format json`).
    let item = cert::source::ItemReader::new(std::io::Cursor::new(&pem))
        .next()
        .unwrap()
        .unwrap();
    let der = item.data.unwrap();
    let report = lint::Linter::new().lint_der(&der, &lint::Options::default());
    assert_eq!(
        arr[0]["findings"],
        serde_json::to_value(&report.findings).unwrap()
    );

    // DER bodies work too.
    let a = send(&app(), post("/api/v1/lint", "application/pkix-cert", der)).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(
        a.json()[0]["findings"],
        serde_json::to_value(&report.findings).unwrap()
    );
}

#[tokio::test]
async fn profile_parameter_overrides_detection() {
    let Some(path) = common::corpus(G5) else {
        return;
    };
    let pem = std::fs::read(&path).unwrap();
    let a = send(
        &app(),
        post("/api/v1/lint?profile=tls-subca", "text/plain", pem),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.json()[0]["profile"], "tls-subca");
}

#[tokio::test]
async fn several_pem_blocks_are_numbered() {
    let Some(dir) = common::corpus("secom") else {
        return;
    };
    let mut body = Vec::new();
    for f in [
        "Security_Communication_RootCA2.pem",
        "Cybertrust_Japan_SureMail_CA_G5.pem",
    ] {
        body.extend(b"text around the blocks\r\n");
        body.extend(std::fs::read(dir.join(f)).unwrap());
    }
    let a = send(&app(), post("/api/v1/lint", "application/x-pem-file", body)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let v = a.json();
    let sources: Vec<_> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["source"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(sources, ["request#1", "request#2"]);
}

#[tokio::test]
async fn undecodable_bytes_are_a_fatal_finding_not_an_error() {
    let a = send(
        &app(),
        post(
            "/api/v1/lint",
            "application/pkix-cert",
            vec![0x30, 0x82, 0x10, 0x00, 0x02],
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let v = a.json();
    assert_eq!(v[0]["findings"][0]["severity"], "fatal");
    assert_eq!(v[0]["findings"][0]["code"], "der.certificate_undecodable");
}

#[tokio::test]
async fn bad_requests_get_clear_json_errors() {
    let cases: [(&str, &[u8], StatusCode, &str); 5] = [
        ("/api/v1/lint", b"", StatusCode::BAD_REQUEST, "empty body"),
        (
            "/api/v1/lint",
            b"  \r\n ",
            StatusCode::BAD_REQUEST,
            "empty body",
        ),
        (
            "/api/v1/lint?profile=no-such",
            b"MIIB",
            StatusCode::BAD_REQUEST,
            "unknown profile \"no-such\"",
        ),
        (
            "/api/v1/lint?colour=red",
            b"MIIB",
            StatusCode::BAD_REQUEST,
            "unknown field `colour`",
        ),
        (
            "/api/v1/lint",
            b"-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n",
            StatusCode::BAD_REQUEST,
            "no certificate, CRL or OCSP response found in the body (skipped PEM blocks: PRIVATE KEY)",
        ),
    ];
    for (uri, body, status, needle) in cases {
        let a = send(&app(), post(uri, "text/plain", body.to_vec())).await;
        assert_eq!(a.status, status, "{uri}: {}", a.body);
        let msg = a.json()["error"].as_str().unwrap().to_owned();
        assert!(msg.contains(needle), "{uri}: {msg}");
    }
}

#[tokio::test]
async fn oversize_and_too_many_items_are_refused() {
    let big = vec![b'A'; web::MAX_LINT_BODY + 1];
    let a = send(&app(), post("/api/v1/lint", "text/plain", big)).await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);

    let block = "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n";
    let many = block.repeat(web::MAX_LINT_ITEMS + 1);
    let a = send(&app(), post("/api/v1/lint", "text/plain", many)).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(
        a.json()["error"]
            .as_str()
            .unwrap()
            .contains("more than 256 items")
    );

    // Exactly at the limit is fine.
    let a = send(
        &app(),
        post(
            "/api/v1/lint",
            "text/plain",
            block.repeat(web::MAX_LINT_ITEMS),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.json().as_array().unwrap().len(), web::MAX_LINT_ITEMS);
}

#[tokio::test]
async fn wrong_method_is_refused() {
    let a = send(&app(), common::get("/api/v1/lint")).await;
    assert_eq!(a.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn openapi_describes_every_api_route() {
    let a = send(&app(), common::get("/api/v1/openapi.json")).await;
    assert_eq!(a.status, StatusCode::OK);
    let v = a.json();
    assert_eq!(v["openapi"], "3.1.0");
    let mut paths: Vec<_> = v["paths"].as_object().unwrap().keys().cloned().collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            "/api/v1/attachments",
            "/api/v1/attachments/{sha256}",
            "/api/v1/ceremonies",
            "/api/v1/ceremonies/{sha256}",
            "/api/v1/ceremonies/{sha256}/grants",
            "/api/v1/ceremonies/{sha256}/grants/{auditor}",
            "/api/v1/ceremonies/{sha256}/record",
            "/api/v1/ceremonies/{sha256}/report",
            "/api/v1/certificates",
            "/api/v1/certificates/{sha256}",
            "/api/v1/certificates/{sha256}/tree",
            "/api/v1/dashboard",
            "/api/v1/incidents",
            "/api/v1/incidents/{id}",
            "/api/v1/incidents/{id}/close",
            "/api/v1/incidents/{id}/updates",
            "/api/v1/lint",
            "/api/v1/openapi.json",
            "/api/v1/requests",
            "/api/v1/requests/{id}",
            "/api/v1/requests/{id}/actions",
            "/api/v1/requests/{id}/comments",
            "/api/v1/requests/{id}/items",
        ]
    );
    // Every described path answers something other than 404 for its method.
    for (path, ops) in v["paths"].as_object().unwrap() {
        for method in ops.as_object().unwrap().keys() {
            let uri = path
                .replace("{sha256}", &"0".repeat(64))
                .replace("{id}", "R1")
                .replace("{auditor}", "auditor");
            let req = axum::http::Request::builder()
                .method(method.to_uppercase().as_str())
                .uri(&uri)
                .body(axum::body::Body::from("x"))
                .unwrap();
            let a = send(&app(), req).await;
            assert_ne!(a.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {uri}");
        }
    }
}
