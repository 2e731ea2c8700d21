//! x509-limbo (../shared/corpus/limbo): every test case of both copies,
//! expected SUCCESS/FAILURE matched. Known divergences are listed, each with
//! its reason, in tests/data/limbo_exceptions.tsv; a listed case that now
//! matches fails the test too, so the list cannot go stale.
//!
//! How a case maps to options: SERVER cases validate for the TLS purpose
//! (the WebPKI profile limbo's `webpki::` cases describe); CLIENT cases for
//! the RFC 5280 purpose with the case's extended key usages required; the
//! expected peer name, maximum chain depth, key usages and CRLs are passed
//! as given.
#![allow(clippy::expect_used, clippy::unwrap_used, missing_docs)]

mod common;

use path::{Options, PeerName, Purpose, validate};
use serde_json::Value;

const FILES: [&str; 2] = [
    "limbo.regenerated-from-8a2e6f4.json",
    "limbo.upstream-ddc40b47-2023-12-02.json",
];

fn eku_oid(name: &str) -> Vec<u8> {
    let oid = match name {
        "serverAuth" => cert::oids::KP_SERVER_AUTH,
        "clientAuth" => cert::oids::KP_CLIENT_AUTH,
        "codeSigning" => cert::oids::KP_CODE_SIGNING,
        "emailProtection" => cert::oids::KP_EMAIL_PROTECTION,
        "timeStamping" => cert::oids::KP_TIME_STAMPING,
        "OCSPSigning" => cert::oids::KP_OCSP_SIGNING,
        "anyExtendedKeyUsage" => cert::oids::ANY_EXTENDED_KEY_USAGE,
        other => panic!("unknown EKU {other} in limbo"),
    };
    oid.as_bytes().to_vec()
}

fn key_usage(name: &str) -> cert::KeyUsageBit {
    use cert::KeyUsageBit as K;
    match name {
        "digitalSignature" => K::DigitalSignature,
        "contentCommitment" => K::NonRepudiation,
        "keyEncipherment" => K::KeyEncipherment,
        "dataEncipherment" => K::DataEncipherment,
        "keyAgreement" => K::KeyAgreement,
        "keyCertSign" => K::KeyCertSign,
        "cRLSign" => K::CrlSign,
        "encipherOnly" => K::EncipherOnly,
        "decipherOnly" => K::DecipherOnly,
        other => panic!("unknown key usage {other} in limbo"),
    }
}

fn strings(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Runs one case: Ok(true) for SUCCESS, Ok(false) for FAILURE, with the
/// reason for a failure.
fn run(case: &Value) -> (bool, String) {
    let pem_list = |key: &str| -> Vec<Vec<u8>> {
        strings(case, key)
            .iter()
            .flat_map(|p| common::pems(p))
            .collect()
    };
    let anchors = pem_list("trusted_certs");
    let intermediates = pem_list("untrusted_intermediates");
    let crls = pem_list("crls");
    let leaf = common::pem(case["peer_certificate"].as_str().unwrap());
    let time = case["validation_time"]
        .as_str()
        .map(|t| {
            let utc = format!("{}Z", t.get(..19).expect("validation_time"));
            cert::time::parse_iso(&utc).unwrap_or_else(|| panic!("validation_time {t}"))
        })
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs() as i64
        });
    let mut opts = Options::at(time);
    let id = case["id"].as_str().unwrap_or("");
    // webpki:: cases test the WebPKI profile; the others test RFC 5280,
    // for which rootward is a strict RFC 5280 relying party (section 4's
    // requirements enforced) with the case's extended key usages.
    if id.starts_with("webpki::") {
        opts.purpose = Purpose::Tls;
    } else {
        opts.rfc5280_conformance = true;
        if case["validation_kind"].as_str() == Some("SERVER") {
            opts.required_ekus
                .push(cert::oids::KP_SERVER_AUTH.as_bytes().to_vec());
        }
    }
    opts.required_ekus.extend(
        strings(case, "extended_key_usage")
            .iter()
            .map(|e| eku_oid(e)),
    );
    opts.required_key_usage = strings(case, "key_usage")
        .iter()
        .map(|k| key_usage(k))
        .collect();
    opts.max_intermediates = case["max_chain_depth"].as_u64().map(|d| d as usize);
    if let Some(peer) = case.get("expected_peer_name").filter(|p| !p.is_null()) {
        let value = peer["value"].as_str().unwrap().to_string();
        opts.name = Some(match peer["kind"].as_str() {
            Some("DNS") => PeerName::Dns(value),
            Some("IP") => PeerName::Ip(value.parse().expect("IP peer name")),
            Some("RFC822") => PeerName::Email(value),
            other => panic!("unknown peer kind {other:?}"),
        });
    }
    match validate(
        &leaf,
        &refs(&intermediates),
        &refs(&anchors),
        &refs(&crls),
        &opts,
    ) {
        Ok(report) => {
            if std::env::var("LIMBO_DEBUG").ok().as_deref() == case["id"].as_str() {
                println!("{}", serde_json::to_string_pretty(&report).unwrap());
            }
            let why = report
                .paths
                .iter()
                .find_map(|p| p.failure.as_ref().map(|f| f.to_string()))
                .unwrap_or_else(|| "no path".into());
            (report.is_valid(), why)
        }
        Err(e) => (false, e.to_string()),
    }
}

fn refs(v: &[Vec<u8>]) -> Vec<&[u8]> {
    v.iter().map(Vec::as_slice).collect()
}

#[test]
fn limbo_cases_match() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let exceptions = common::exceptions(include_str!("data/limbo_exceptions.tsv"));
    let (mut total, mut matched) = (0usize, 0usize);
    let mut unexpected = Vec::new();
    let mut stale = Vec::new();
    for file in FILES {
        let text = std::fs::read_to_string(corpus.join("limbo").join(file)).expect("limbo file");
        let doc: Value = serde_json::from_str(&text).expect("limbo JSON");
        for case in doc["testcases"].as_array().unwrap() {
            let id = case["id"].as_str().unwrap();
            let expected = case["expected_result"].as_str() == Some("SUCCESS");
            let (got, why) = run(case);
            total += 1;
            let key = format!("{file}:{id}");
            let listed = exceptions.contains_key(&key) || exceptions.contains_key(id);
            if got == expected {
                matched += 1;
                if listed {
                    stale.push(key);
                }
            } else if !listed {
                unexpected.push(format!(
                    "{key}: expected {}, got {} ({why})",
                    if expected { "SUCCESS" } else { "FAILURE" },
                    if got { "SUCCESS" } else { "FAILURE" },
                ));
            }
        }
    }
    let rate = matched as f64 / total as f64;
    println!(
        "limbo: {matched} of {total} cases matched ({:.1}%)",
        rate * 100.0
    );
    assert!(
        unexpected.is_empty(),
        "{} unexpected results:\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
    assert!(
        stale.is_empty(),
        "listed as exceptions but now matching: {stale:?}"
    );
    assert!(
        rate >= 0.97,
        "only {:.1}% matched (target 97%)",
        rate * 100.0
    );
}
