//! OCSP response decoding: every field of a BasicOCSPResponse, the three
//! certificate statuses, CertID and ResponderID matching, nonces, tolerated
//! DER departures, decoding errors with their field, and hostile input.
#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is the failure

use cert::Certificate;
use cert::crl::Reason;
use cert::der::IssueKind;
use cert::ocsp::{
    self, CertIdMatch, CertStatus, NonceError, OcspResponse, ResponderId, ResponseStatus,
};
use cert::time::TimeEncoding;
use proptest::prelude::*;
use testkit::der;
use testkit::ext;
use testkit::keys::Key;
use testkit::presets;

const SHA1: &str = "1.3.14.3.2.26";

fn issuer_der() -> Vec<u8> {
    presets::root_ca().build_signed()
}

fn cert_id(issuer: &[u8], serial: &[u8]) -> Vec<u8> {
    let c = Certificate::parse(issuer).unwrap();
    der::seq(&[
        &der::seq(&[&der::oid(SHA1), &der::null()]),
        &der::octet_string(&cert::digest::sha1(c.subject.raw)),
        &der::octet_string(&cert::digest::sha1(c.spki.public_key.bytes)),
        &der::int_bytes(serial),
    ])
}

fn single(issuer: &[u8], serial: &[u8], status: Vec<u8>, next: bool, exts: &[Vec<u8>]) -> Vec<u8> {
    let mut parts = vec![
        cert_id(issuer, serial),
        status,
        der::generalized_time("20260115000000Z"),
    ];
    if next {
        parts.push(der::explicit(0, &der::generalized_time("20260119000000Z")));
    }
    if !exts.is_empty() {
        parts.push(der::explicit(1, &der::seq_vec(exts.to_vec())));
    }
    der::seq_vec(parts)
}

fn nonce_ext(value: Vec<u8>) -> Vec<u8> {
    ext::raw("1.3.6.1.5.5.7.48.1.2", None, value).to_der()
}

/// A response from `key` with the given ResponseData parts and optional certs.
fn wrap(tbs: &[u8], key: &Key, certs: Option<Vec<Vec<u8>>>) -> Vec<u8> {
    let mut basic = vec![
        tbs.to_vec(),
        key.sig_alg_der(),
        der::bit_string(0, &key.sign(tbs)),
    ];
    if let Some(c) = certs {
        basic.push(der::explicit(0, &der::seq_vec(c)));
    }
    der::seq(&[
        &der::tlv(0x0a, &[0]),
        &der::explicit(
            0,
            &der::seq(&[
                &der::oid("1.3.6.1.5.5.7.48.1.1"),
                &der::octet_string(&der::seq_vec(basic)),
            ]),
        ),
    ])
}

fn tbs(issuer: &[u8], key: &Key) -> Vec<u8> {
    let revoked_info = [
        der::generalized_time("20260110000000Z"),
        der::explicit(0, &der::tlv(0x0a, &[1])),
    ]
    .concat();
    der::seq(&[
        &der::explicit(2, &der::octet_string(&key.key_id())),
        &der::generalized_time("20260115000100Z"),
        &der::seq(&[
            &single(issuer, &[0x11], der::implicit(0, false, &[]), true, &[]),
            &single(
                issuer,
                &[0x12],
                der::implicit(1, true, &revoked_info),
                true,
                &[testkit::crl::reason_code(1).to_der()],
            ),
            &single(issuer, &[0x13], der::implicit(2, false, &[]), false, &[]),
        ]),
        &der::explicit(1, &der::seq(&[&nonce_ext(der::octet_string(&[5; 16]))])),
    ])
}

#[test]
fn decodes_every_field() {
    let issuer_der = issuer_der();
    let issuer = Certificate::parse(&issuer_der).unwrap();
    let key = presets::root_key();
    let der = wrap(&tbs(&issuer_der, key), key, Some(vec![issuer_der.clone()]));
    let r = OcspResponse::parse(&der).expect("decodes");
    assert_eq!(r.status, ResponseStatus::Successful);
    assert!(r.trailing.is_empty() && r.der_issues.is_empty());
    assert_eq!(r.der, der.as_slice());
    let rb = r.response_bytes.as_ref().unwrap();
    assert_eq!(rb.response_type, ocsp::BASIC);
    let b = r.basic().expect("basic");
    assert_eq!(b.version, None);
    assert!(matches!(b.responder_id, ResponderId::ByKey(h) if h.len() == 20));
    assert!(b.responder_id.matches(&issuer));
    assert_eq!(
        b.responder_id.to_string(),
        format!("keyHash={}", cert::hex_upper(&key.key_id()))
    );
    assert_eq!(
        b.produced_at.time.unwrap().encoding,
        TimeEncoding::GeneralizedTime
    );
    assert_eq!(b.responses.len(), 3);
    assert_eq!(
        b.responses_tlv.value.len(),
        b.responses.iter().map(|s| s.raw.len()).sum::<usize>()
    );
    let names: Vec<_> = b.responses.iter().map(|s| s.status.name()).collect();
    assert_eq!(names, ["good", "revoked", "unknown"]);
    assert_eq!(b.responses[1].index, 1);
    match &b.responses[1].status {
        CertStatus::Revoked { time, reason } => {
            assert_eq!(*reason, Some(Reason::KeyCompromise));
            assert_eq!(
                cert::time::format_unix(time.unix().unwrap()),
                "2026-01-10T00:00:00Z"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(b.responses[1].extension(cert::crl::REASON_CODE).is_some());
    assert!(b.responses[0].next_update.is_some() && b.responses[2].next_update.is_none());
    for s in &b.responses {
        assert_eq!(s.cert_id.match_issuer(&issuer), CertIdMatch::Match);
        assert_eq!(s.cert_id.hash_algorithm.oid, cert::oids::SHA1);
    }
    assert_eq!(b.responses[0].cert_id.serial_hex(), "11");
    let n = b.extension(ocsp::NONCE).expect("nonce");
    assert_eq!(ocsp::nonce(n), Ok(&[5u8; 16][..]));
    assert_eq!(ocsp::ext_name(n.oid), "nonce");
    assert_eq!(b.certs(), &[issuer_der.as_slice()]);
    b.verify(&issuer.spki).expect("signature verifies");
    let other_der = presets::smime_subca().build_signed();
    let other = Certificate::parse(&other_der).unwrap();
    assert!(b.verify(&other.spki).is_err());
    assert!(!b.responder_id.matches(&other));
    assert!(matches!(
        b.responses[0].cert_id.match_issuer(&other),
        CertIdMatch::Mismatch {
            name: true,
            key: true
        }
    ));
}

#[test]
fn by_name_unsupported_hash_and_utctime() {
    let issuer_der = issuer_der();
    let issuer = Certificate::parse(&issuer_der).unwrap();
    let odd_id = der::seq(&[
        &der::seq(&[&der::oid("1.2.840.113549.2.5"), &der::null()]),
        &der::octet_string(&[0; 16]),
        &der::octet_string(&[0; 16]),
        &der::int_u64(7),
    ]);
    let tbs = der::seq(&[
        &der::explicit(0, &der::int_u64(0)),
        &der::explicit(1, &presets::root_name().to_der()),
        &der::utc_time("260115000000Z"),
        &der::seq(&[&der::seq(&[
            &odd_id,
            &der::implicit(0, false, &[]),
            &der::generalized_time("20260115000000.25Z"),
        ])]),
    ]);
    let der = wrap(&tbs, presets::root_key(), None);
    let r = OcspResponse::parse(&der).expect("decodes");
    let b = r.basic().unwrap();
    assert_eq!(b.version, Some(0));
    assert!(
        r.der_issues
            .iter()
            .any(|i| matches!(i.kind, IssueKind::DefaultValueEncoded { field: "version" }))
    );
    assert!(matches!(b.responder_id, ResponderId::ByName(_)));
    assert!(b.responder_id.matches(&issuer));
    assert_eq!(b.produced_at.tlv.tag, cert::der::tag::UTC_TIME);
    assert!(
        b.responses[0]
            .this_update
            .time
            .unwrap()
            .format_problem
            .is_some()
    );
    assert_eq!(
        b.responses[0].cert_id.match_issuer(&issuer),
        CertIdMatch::UnsupportedHash
    );
    assert!(b.certs.is_none() && b.extensions.is_none());
}

#[test]
fn error_and_foreign_responses() {
    let r = OcspResponse::parse(&[0x30, 0x03, 0x0a, 0x01, 0x06]).unwrap();
    assert_eq!(r.status, ResponseStatus::Unauthorized);
    assert_eq!(r.status.describe(), "unauthorized (6)");
    assert!(r.response_bytes.is_none() && r.basic().is_none());
    let r = OcspResponse::parse(&[0x30, 0x03, 0x0a, 0x01, 0x04]).unwrap();
    assert_eq!(r.status, ResponseStatus::Other(4));
    let foreign = der::seq(&[
        &der::tlv(0x0a, &[0]),
        &der::explicit(
            0,
            &der::seq(&[&der::oid("1.2.3.4"), &der::octet_string(b"xyz")]),
        ),
    ]);
    let r = OcspResponse::parse(&foreign).unwrap();
    assert!(r.basic().is_none());
    assert_eq!(r.response_bytes.unwrap().response, b"xyz");
    // Trailing bytes and a long-form length are kept and recorded.
    let mut der = der::tlv_long_len(0x30, &der::tlv(0x0a, &[1]));
    der.extend([0, 0]);
    let r = OcspResponse::parse(&der).unwrap();
    assert_eq!(r.trailing, &[0, 0]);
    assert!(
        r.der_issues
            .iter()
            .any(|i| i.kind == IssueKind::NonMinimalLength)
    );
}

#[test]
fn nonce_shapes() {
    let e = |v: Vec<u8>| {
        let d = nonce_ext(v);
        let sink = cert::der::IssueSink::default();
        let t = cert::der::Reader::new(&d, 0, &sink).read().unwrap();
        let ext = cert::ext::parse_extension(t, &sink).unwrap();
        (ext.value.to_vec(), ocsp::nonce(&ext).map(<[u8]>::to_vec))
    };
    assert_eq!(e(der::octet_string(&[1; 32])).1, Ok(vec![1; 32]));
    assert_eq!(
        e(der::octet_string(&[1; 33])).1,
        Err(NonceError::Length(33))
    );
    assert_eq!(e(der::octet_string(&[])).1, Err(NonceError::Length(0)));
    assert_eq!(e(vec![1, 2, 3]).1, Err(NonceError::NotOctetString));
    assert_eq!(
        e([der::octet_string(&[1]), vec![0]].concat()).1,
        Err(NonceError::NotOctetString)
    );
}

#[test]
fn decoding_errors_name_the_field() {
    let issuer_der = issuer_der();
    let key = presets::root_key();
    let good = wrap(&tbs(&issuer_der, key), key, None);
    for n in [1, 5, 20, good.len() / 2, good.len() - 1] {
        assert!(OcspResponse::parse(&good[..n]).is_err(), "truncated at {n}");
    }
    let bad_status = |status: Vec<u8>| {
        let t = der::seq(&[
            &der::explicit(2, &der::octet_string(&[0; 20])),
            &der::generalized_time("20260115000000Z"),
            &der::seq(&[&der::seq(&[
                &cert_id(&issuer_der, &[1]),
                &status,
                &der::generalized_time("20260115000000Z"),
            ])]),
        ]);
        OcspResponse::parse(&wrap(&t, key, None))
            .map(|_| ())
            .map_err(|e| e.to_string())
    };
    assert!(bad_status(der::implicit(0, false, &[])).is_ok());
    for s in [
        der::implicit(3, false, &[]),
        der::implicit(0, false, &[0]),
        der::implicit(1, true, &der::generalized_time("20260115000000Z")[..3]),
    ] {
        let e = bad_status(s).unwrap_err();
        assert!(e.to_string().contains("responses"), "{e}");
    }
    let no_responder = der::seq(&[&der::generalized_time("20260115000000Z"), &der::seq(&[])]);
    let e = OcspResponse::parse(&wrap(&no_responder, key, None)).unwrap_err();
    assert!(e.to_string().contains("responderID"), "{e}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parse_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = OcspResponse::parse(&bytes);
    }

    #[test]
    fn mutations_never_panic(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
    ) {
        static BASE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
        let base = BASE.get_or_init(|| {
            let i = issuer_der();
            wrap(&tbs(&i, presets::root_key()), presets::root_key(), Some(vec![i.clone()]))
        });
        let mut der = base.clone();
        for (at, b) in edits {
            let i = at.index(der.len());
            der[i] = b;
        }
        if let Ok(r) = OcspResponse::parse(&der)
            && let Some(b) = r.basic()
        {
            let _ = b.responder_id.to_string();
            for s in &b.responses {
                let _ = s.cert_id.serial_hex();
            }
        }
        let n = cut.index(der.len());
        let _ = OcspResponse::parse(&der[..n]);
    }
}
