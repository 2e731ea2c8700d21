//! OCSP: OpenSSL's requests are answered good, revoked and unknown correctly,
//! signed by the CA and by a delegated responder, with exactly the request's
//! nonce echoed (and none when the request has none); GET paths (RFC 6960
//! A.1) are decoded under any responder URL path, raw or percent-encoded.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

mod common;

use base64::Engine;
use ca::issue::{Issuer, issue};
use ca::ocsp::{MAX_GET_PATH, Responder, parse_request, request_from_get_path};
use ca::soft_key::pem;
use ca::tbs::Request;
use ca::{KeyAlgorithm, Signer, SoftKey};
use cert::encode::{explicit, octet_string, oid, seq, seq_of, tlv};
use common::NOW;
use lint::Linter;

/// The certStatus name and the nonce extension's extnValue (None when absent)
/// of a response, read with the project's own OCSP response parser.
fn read_response(resp: &[u8]) -> (String, Option<Vec<u8>>) {
    let r = cert::ocsp::OcspResponse::parse(resp).expect("response decodes");
    let basic = r.basic().expect("a BasicOCSPResponse");
    assert_eq!(basic.responses.len(), 1, "one SingleResponse");
    let nonces: Vec<_> = basic
        .extensions()
        .iter()
        .filter(|e| e.oid == cert::ocsp::NONCE)
        .collect();
    assert!(nonces.len() <= 1, "at most one nonce extension");
    if let Some(n) = nonces.first() {
        cert::ocsp::nonce(n).expect("an RFC 8954 nonce");
    }
    (
        basic.responses[0].status.name().to_string(),
        nonces.first().map(|e| e.value.to_vec()),
    )
}

/// The response carries exactly the request's nonce, or none when the request has none.
fn assert_nonce_echoed(req: &[u8], resp: &[u8]) {
    let sent = parse_request(req).expect("request decodes").nonce;
    let (_, echoed) = read_response(resp);
    assert_eq!(
        echoed, sent,
        "the response echoes the request's nonce exactly"
    );
}

/// A SHA-1 CertID (as OpenSSL sends) for `serial` under `issuer`.
fn cert_id(issuer: &[u8], serial: &[u8]) -> Vec<u8> {
    let issuer = cert::Certificate::parse(issuer).expect("issuer");
    seq(&[
        &seq(&[&oid("1.3.14.3.2.26").expect("oid"), &[0x05, 0x00]]),
        &octet_string(&cert::digest::sha1(issuer.subject.raw)),
        &octet_string(&cert::digest::sha1(issuer.spki.public_key.bytes)),
        &tlv(0x02, serial),
    ])
}

/// An OCSPRequest for one CertID, with a nonce extension when given.
fn ocsp_request(cert_id: &[u8], nonce: Option<&[u8]>) -> Vec<u8> {
    let mut tbs = vec![seq(&[&seq(&[cert_id])])];
    if let Some(n) = nonce {
        let ext = seq(&[
            &oid("1.3.6.1.5.5.7.48.1.2").expect("oid"),
            &octet_string(&octet_string(n)),
        ]);
        tbs.push(explicit(2, &seq(&[&ext])));
    }
    seq(&[&seq_of(&tbs)])
}

/// A request with a nonce whose base64 holds '/', '+' and '=' padding, so
/// both the path splitting and the percent-decoding are exercised.
fn awkward_request(cert_id: &[u8]) -> (Vec<u8>, String) {
    for len in 8..=32 {
        for shift in 0..3 {
            // 0xFF runs give "////"; FB EF BE on a base64 group boundary gives "++++".
            let nonce: Vec<u8> = (0..len)
                .map(|j| {
                    if j < 6 {
                        0xff
                    } else {
                        [0xfb, 0xef, 0xbe][(j + shift) % 3]
                    }
                })
                .collect();
            let der = ocsp_request(cert_id, Some(&nonce));
            let b64 = base64::engine::general_purpose::STANDARD.encode(&der);
            if b64.contains('/') && b64.contains('+') && b64.ends_with('=') {
                return (der, b64);
            }
        }
    }
    panic!("no nonce gave base64 with '/', '+' and '='");
}

/// The base64 as a client that percent-encodes the reserved characters sends it.
fn url_encode(b64: &str) -> String {
    b64.replace('/', "%2F")
        .replace('+', "%2B")
        .replace('=', "%3D")
}

/// OpenSSL checks thisUpdate/nextUpdate against the real clock, so responses are produced now.
fn wall_clock() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn status_of(dir: &Path, resp: &[u8], leaf: &str) -> String {
    std::fs::write(dir.join("resp.der"), resp).expect("write");
    let run = |args: &[&str]| {
        let o = Command::new("openssl")
            .current_dir(dir)
            .args(args)
            .output()
            .expect("openssl");
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    };
    let at = (NOW + 600).to_string();
    // With -cert, openssl builds a fresh request, so the nonce is checked separately against the real one.
    let status = run(&[
        "ocsp",
        "-no_nonce",
        "-respin",
        "resp.der",
        "-issuer",
        "sub.pem",
        "-CAfile",
        "root.pem",
        "-cert",
        leaf,
        "-attime",
        &at,
    ]);
    let nonce = run(&[
        "ocsp", "-reqin", "req.der", "-respin", "resp.der", "-CAfile", "root.pem", "-attime", &at,
    ]);
    // openssl only warns when the nonce is missing, so both outcomes are checked, then the bytes.
    assert!(
        !nonce.contains("Nonce Verify error") && !nonce.contains("no nonce in response"),
        "nonce echoed: {nonce}"
    );
    assert_nonce_echoed(&std::fs::read(dir.join("req.der")).expect("req"), resp);
    status
}

#[test]
fn openssl_sees_good_revoked_and_unknown() {
    if !common::openssl_available() {
        return;
    }
    let linter = Linter::new();
    let mut h = common::hierarchy(&linter);
    let leaves: Vec<_> = (0..2)
        .map(|i| h.mailbox_leaf(&linter, &format!("u{i}@example.com")))
        .collect();
    let (root, sub, sub_key) = (h.root.clone(), h.sub.clone(), &h.sub_key);
    h.log
        .revoke(
            &leaves[1].entry.issuer_sha256,
            &leaves[1].entry.serial,
            NOW + 10,
            1,
        )
        .expect("revoke");

    let dir = std::env::temp_dir().join(format!("rootward-ocsp-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    std::fs::write(dir.join("root.pem"), pem("CERTIFICATE", &root)).expect("w");
    std::fs::write(dir.join("sub.pem"), pem("CERTIFICATE", &sub)).expect("w");
    std::fs::write(dir.join("good.pem"), pem("CERTIFICATE", &leaves[0].der)).expect("w");
    std::fs::write(dir.join("revoked.pem"), pem("CERTIFICATE", &leaves[1].der)).expect("w");
    // A certificate this CA never issued: same issuer name and key, serial not in the log.
    let mut stranger = leaves[0].der.clone();
    let serial_at = stranger
        .windows(leaves[0].entry.serial.len() / 2)
        .position(|w| cert::hex_upper(w) == leaves[0].entry.serial)
        .expect("serial bytes");
    stranger[serial_at + 3] ^= 0x55;
    std::fs::write(dir.join("unknown.pem"), pem("CERTIFICATE", &stranger)).expect("w");

    let responder = Responder {
        issuer_der: sub.clone(),
        signer: sub_key,
        responder_cert_der: None,
        validity_seconds: 4 * 86_400,
    };
    for (leaf, want) in [
        ("good.pem", "good"),
        ("revoked.pem", "revoked"),
        ("unknown.pem", "unknown"),
    ] {
        let o = Command::new("openssl")
            .current_dir(&dir)
            .args([
                "ocsp", "-issuer", "sub.pem", "-cert", leaf, "-reqout", "req.der",
            ])
            .output()
            .expect("openssl");
        assert!(o.status.success());
        let req = std::fs::read(dir.join("req.der")).expect("req");
        let parsed = parse_request(&req).expect("request decodes");
        assert!(parsed.nonce.is_some(), "openssl sends a nonce by default");
        let resp = responder.respond(&req, &h.log, wall_clock());
        let text = status_of(&dir, &resp, leaf);
        assert!(
            text.contains(&format!("{leaf}: {want}")),
            "{leaf} should be {want}: {text}"
        );
        assert!(text.contains("Response verify OK"), "{text}");
    }
    // Without a nonce in the request, the response has none.
    let o = Command::new("openssl")
        .current_dir(&dir)
        .args([
            "ocsp",
            "-no_nonce",
            "-issuer",
            "sub.pem",
            "-cert",
            "revoked.pem",
            "-reqout",
            "req.der",
        ])
        .output()
        .expect("openssl");
    assert!(o.status.success());
    let req = std::fs::read(dir.join("req.der")).expect("req");
    assert_eq!(parse_request(&req).expect("request decodes").nonce, None);
    let resp = responder.respond(&req, &h.log, wall_clock());
    assert_eq!(read_response(&resp), ("revoked".to_string(), None));
    let text = status_of(&dir, &resp, "revoked.pem");
    assert!(
        text.contains("revoked.pem: revoked") && text.contains("Response verify OK"),
        "{text}"
    );

    // Malformed requests get malformedRequest, not a crash.
    let bad = responder.respond(b"\x30\x03\x02\x01\x00", &h.log, NOW);
    assert_eq!(bad, [0x30, 0x03, 0x0a, 0x01, 0x01]);

    // A delegated responder (ocsp-responder profile) signs; OpenSSL accepts it.
    let dkey = SoftKey::generate(KeyAlgorithm::EcP256).expect("key");
    let dreq = Request {
        subject: common::subject(&[
            ("C", "JP"),
            ("O", "Example Japan"),
            ("CN", "Example OCSP Responder"),
        ]),
        sans: vec![],
        spki_der: dkey.spki_der().to_vec(),
    };
    let dcert = issue(
        &linter,
        &common::shipped("ocsp-responder"),
        &dreq,
        &Issuer {
            cert_der: Some(sub.clone()),
            signer: sub_key,
        },
        &mut h.log,
        &common::at_now(),
    )
    .expect("responder cert");
    let delegated = Responder {
        issuer_der: sub.clone(),
        signer: &dkey,
        responder_cert_der: Some(dcert.der.clone()),
        validity_seconds: 86_400,
    };
    Command::new("openssl")
        .current_dir(&dir)
        .args([
            "ocsp",
            "-issuer",
            "sub.pem",
            "-cert",
            "revoked.pem",
            "-reqout",
            "req.der",
        ])
        .output()
        .expect("openssl");
    let req = std::fs::read(dir.join("req.der")).expect("req");
    let text = status_of(
        &dir,
        &delegated.respond(&req, &h.log, wall_clock()),
        "revoked.pem",
    );
    assert!(
        text.contains("revoked.pem: revoked") && text.contains("Response verify OK"),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn get_paths_under_any_prefix_are_answered() {
    let linter = Linter::new();
    let mut h = common::hierarchy(&linter);
    let leaves: Vec<_> = (0..2)
        .map(|i| h.mailbox_leaf(&linter, &format!("g{i}@example.com")))
        .collect();
    h.log
        .revoke(
            &leaves[1].entry.issuer_sha256,
            &leaves[1].entry.serial,
            NOW + 10,
            1,
        )
        .expect("revoke");
    let serial_of = |der: &[u8]| cert::Certificate::parse(der).expect("leaf").serial.to_vec();
    let mut stranger = serial_of(&leaves[0].der);
    stranger[3] ^= 0x55;
    let responder = Responder {
        issuer_der: h.sub.clone(),
        signer: &h.sub_key,
        responder_cert_der: None,
        validity_seconds: 86_400,
    };
    let cases = [
        (cert_id(&h.sub, &serial_of(&leaves[0].der)), "good"),
        (cert_id(&h.sub, &serial_of(&leaves[1].der)), "revoked"),
        (cert_id(&h.sub, &stranger), "unknown"),
    ];
    for (id, want) in &cases {
        let (der, b64) = awkward_request(id);
        let unpadded = b64.trim_end_matches('=');
        let deep = "/x".repeat(20);
        for prefix in [
            "/",
            "/smime-ca/",
            "//smime-ca/",
            "/ocsp/smime-ca/",
            "http://ocsp.example.com/smime-ca/",
            deep.as_str(),
        ] {
            let prefix = if prefix.ends_with('/') {
                prefix.to_string()
            } else {
                format!("{prefix}/")
            };
            for encoded in [b64.clone(), url_encode(&b64), unpadded.to_string()] {
                let path = format!("{prefix}{encoded}");
                let got =
                    request_from_get_path(&path).unwrap_or_else(|e| panic!("GET {path}: {e}"));
                assert_eq!(got, der, "GET {path} decodes to the request");
                let resp = responder.respond(&got, &h.log, NOW);
                let (status, _) = read_response(&resp);
                assert_eq!(status, *want, "GET {path}");
                assert_nonce_echoed(&der, &resp);
            }
        }
        // No nonce asked, none answered.
        let plain = ocsp_request(id, None);
        let b64 = base64::engine::general_purpose::STANDARD.encode(&plain);
        let got = request_from_get_path(&format!("/smime-ca/{}", url_encode(&b64)))
            .expect("a request without a nonce");
        let resp = responder.respond(&got, &h.log, NOW);
        assert_eq!(read_response(&resp), (want.to_string(), None));
    }

    // Paths that never hold a request are refused with a reason.
    let (_, b64) = awkward_request(&cases[0].0);
    let too_deep = format!("{}/{b64}", "/x".repeat(40));
    for bad in [
        "",
        "/",
        "/smime-ca/",
        "/smime-ca/not-a-request",
        "/%zz",
        "/smime-ca/%2",
        &b64[..b64.len() - 8],
        too_deep.as_str(),
    ] {
        let e = request_from_get_path(bad).expect_err(bad);
        assert!(e.contains("OCSPRequest"), "GET {bad}: {e}");
    }
    // Base64, but of something else: the DER error is named.
    let e = request_from_get_path("/smime-ca/MAMCAQA=").expect_err("not a request");
    assert!(e.contains("holds base64, but not of an OCSPRequest"), "{e}");
    let long = format!("/{}", "A".repeat(MAX_GET_PATH));
    let e = request_from_get_path(&long).expect_err("too long");
    assert!(e.contains("bytes long"), "{e}");
}
