//! OCSP response rules: a compliant response signed by the CA and one signed
//! by a delegated responder lint clean; each rule has a failing variant built
//! with a hand-rolled response builder over testkit's DER writer. Responses
//! from our own responder (ca::ocsp::Responder) and from `openssl ocsp` lint
//! clean; zlint's two OCSP fixtures agree; hostile input never panics.
#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is the failure

use std::process::Command;
use std::sync::OnceLock;

use cert::Certificate;
use lint::Severity;
use lint::ocsp::{
    OcspKind, OcspOptions, lint_ocsp_der, lint_ocsp_der_with, looks_like_ocsp_response,
    ocsp_catalogue,
};
use proptest::prelude::*;
use testkit::der;
use testkit::ext::{self, KeyUsage, PolicyInfo, oid};
use testkit::keys::{Key, SigAlg};
use testkit::name::Name;
use testkit::presets;
use testkit::time::generalized_string;

/// 2026-01-15T00:00:00Z.
const NOW: i64 = 1_768_435_200;
const HOUR: i64 = 3600;
const DAY: i64 = 86_400;

// ---------------------------------------------------------------- a small PKI

fn tls_ca_name() -> Name {
    Name::new().c("US").o("Testkit").cn("Testkit TLS CA")
}

/// The issuing CA's key (the cached P-256 key).
fn ca_key() -> &'static Key {
    Key::p256()
}

/// The delegated responder's key (the cached RSA-2048 key).
fn responder_key() -> &'static Key {
    Key::rsa2048()
}

fn tls_ca_der() -> &'static [u8] {
    static C: OnceLock<Vec<u8>> = OnceLock::new();
    C.get_or_init(|| {
        testkit::CertBuilder::new()
            .serial(&[0x4e; 16])
            .issuer(&presets::root_name())
            .subject(&tls_ca_name())
            .validity_days("2025-01-01T00:00:00Z", 1826)
            .subject_key(ca_key())
            .extension(ext::basic_constraints(true, Some(0)))
            .extension(ext::key_usage(&[
                KeyUsage::DigitalSignature,
                KeyUsage::KeyCertSign,
                KeyUsage::CrlSign,
            ]))
            .extension(ext::ext_key_usage(&[oid::KP_SERVER_AUTH]))
            .extension(ext::certificate_policies(&[PolicyInfo::new(
                "2.23.140.1.2.1",
            )]))
            .aki_from(presets::root_key())
            .ski_from(ca_key())
            .signer(presets::root_key())
            .build_signed()
    })
}

fn responder_builder() -> testkit::CertBuilder {
    testkit::CertBuilder::new()
        .serial(&[0x5f; 16])
        .issuer(&tls_ca_name())
        .subject(
            &Name::new()
                .c("US")
                .o("Testkit")
                .cn("Testkit OCSP Responder"),
        )
        .validity_days("2025-12-01T00:00:00Z", 365)
        .subject_key(responder_key())
        .extension(ext::key_usage(&[KeyUsage::DigitalSignature]))
        .extension(ext::ext_key_usage(&[oid::KP_OCSP_SIGNING]))
        .extension(ext::ocsp_no_check())
        .aki_from(ca_key())
        .ski_from(responder_key())
        .signer(ca_key())
}

fn responder_der() -> &'static [u8] {
    static C: OnceLock<Vec<u8>> = OnceLock::new();
    C.get_or_init(|| responder_builder().build_signed())
}

fn ca() -> Certificate<'static> {
    Certificate::parse(tls_ca_der()).expect("CA parses")
}

fn responder() -> Certificate<'static> {
    Certificate::parse(responder_der()).expect("responder parses")
}

// ---------------------------------------------------------------- the response builder

fn gt(t: i64) -> Vec<u8> {
    der::generalized_time(&generalized_string(t))
}

/// CertID for `serial` under the issuer certificate `issuer_der`.
fn cert_id(hash_oid: &str, issuer_der: &[u8], serial: &[u8]) -> Vec<u8> {
    let issuer = Certificate::parse(issuer_der).expect("issuer");
    let oid_bytes = der::oid_content(hash_oid);
    let alg = cert::Oid::new(&oid_bytes);
    let name = cert::ocsp::hash_with(alg, issuer.subject.raw).expect("hash");
    let key = cert::ocsp::hash_with(alg, issuer.spki.public_key.bytes).expect("hash");
    der::seq(&[
        &der::seq(&[&der::oid(hash_oid), &der::null()]),
        &der::octet_string(&name),
        &der::octet_string(&key),
        &der::int_bytes(serial),
    ])
}

const SHA1: &str = "1.3.14.3.2.26";
const SHA256: &str = "2.16.840.1.101.3.4.2.1";

#[derive(Clone)]
struct Single {
    cert_id: Vec<u8>,
    status: Vec<u8>,
    this_update: Vec<u8>,
    next_update: Option<Vec<u8>>,
    exts: Option<Vec<Vec<u8>>>,
}

impl Single {
    fn good(serial: &[u8]) -> Single {
        Single {
            cert_id: cert_id(SHA1, tls_ca_der(), serial),
            status: der::implicit(0, false, &[]),
            this_update: gt(NOW - HOUR),
            next_update: Some(gt(NOW - HOUR + 4 * DAY)),
            exts: None,
        }
    }
    fn revoked(mut self, at: i64, reason: Option<u8>) -> Single {
        let mut info = gt(at);
        if let Some(r) = reason {
            info.extend(der::explicit(0, &der::tlv(0x0a, &[r])));
        }
        self.status = der::implicit(1, true, &info);
        self
    }
    fn to_der(&self) -> Vec<u8> {
        let mut parts = vec![
            self.cert_id.clone(),
            self.status.clone(),
            self.this_update.clone(),
        ];
        if let Some(n) = &self.next_update {
            parts.push(der::explicit(0, n));
        }
        if let Some(e) = &self.exts {
            parts.push(der::explicit(1, &der::seq_vec(e.clone())));
        }
        der::seq_vec(parts)
    }
}

#[derive(Clone)]
struct Resp {
    status: u8,
    bytes: bool,
    response_type: &'static str,
    version: Option<Vec<u8>>,
    responder_id: Vec<u8>,
    produced_at: Vec<u8>,
    singles: Vec<Single>,
    exts: Option<Vec<Vec<u8>>>,
    signer: &'static Key,
    sig_alg: SigAlg,
    sig_alg_der: Option<Vec<u8>>,
    certs: Option<Vec<Vec<u8>>>,
    corrupt: bool,
    trailing: Vec<u8>,
}

fn by_key(k: &Key) -> Vec<u8> {
    der::explicit(2, &der::octet_string(&k.key_id()))
}

fn by_name(n: &Name) -> Vec<u8> {
    der::explicit(1, &n.to_der())
}

fn nonce_ext(n: &[u8]) -> Vec<u8> {
    ext::raw("1.3.6.1.5.5.7.48.1.2", None, der::octet_string(n)).to_der()
}

impl Resp {
    /// Signed by the issuing CA, byKey, one good SingleResponse, a nonce.
    fn by_ca() -> Resp {
        Resp {
            status: 0,
            bytes: true,
            response_type: "1.3.6.1.5.5.7.48.1.1",
            version: None,
            responder_id: by_key(ca_key()),
            produced_at: gt(NOW - HOUR),
            singles: vec![Single::good(&[0x11; 16])],
            exts: Some(vec![nonce_ext(&[7; 16])]),
            signer: ca_key(),
            sig_alg: SigAlg::EcdsaSha256,
            sig_alg_der: None,
            certs: None,
            corrupt: false,
            trailing: vec![],
        }
    }
    /// Signed by the delegated responder, whose certificate is in certs.
    fn delegated() -> Resp {
        Resp {
            responder_id: by_key(responder_key()),
            signer: responder_key(),
            sig_alg: SigAlg::RsaPkcs1Sha256,
            certs: Some(vec![responder_der().to_vec()]),
            ..Resp::by_ca()
        }
    }
    fn tbs(&self) -> Vec<u8> {
        let mut parts = Vec::new();
        if let Some(v) = &self.version {
            parts.push(der::explicit(0, v));
        }
        parts.push(self.responder_id.clone());
        parts.push(self.produced_at.clone());
        parts.push(der::seq_vec(
            self.singles.iter().map(Single::to_der).collect(),
        ));
        if let Some(e) = &self.exts {
            parts.push(der::explicit(1, &der::seq_vec(e.clone())));
        }
        der::seq_vec(parts)
    }
    fn build(&self) -> Vec<u8> {
        let tbs = self.tbs();
        let mut sig = self.signer.sign_with(self.sig_alg, &tbs);
        if self.corrupt {
            let last = sig.len() - 1;
            sig[last] ^= 1;
        }
        let alg = self
            .sig_alg_der
            .clone()
            .unwrap_or_else(|| self.sig_alg.alg_id_der());
        let mut basic = vec![tbs, alg, der::bit_string(0, &sig)];
        if let Some(c) = &self.certs {
            basic.push(der::explicit(0, &der::seq_vec(c.clone())));
        }
        let basic = der::seq_vec(basic);
        let mut parts = vec![der::tlv(0x0a, &[self.status])];
        if self.bytes {
            parts.push(der::explicit(
                0,
                &der::seq(&[&der::oid(self.response_type), &der::octet_string(&basic)]),
            ));
        }
        let mut out = der::seq_vec(parts);
        out.extend(&self.trailing);
        out
    }
}

// ---------------------------------------------------------------- helpers

fn codes_for(der: &[u8], opts: &OcspOptions<'_>) -> Vec<&'static str> {
    lint_ocsp_der_with(der, opts)
        .findings
        .iter()
        .map(|f| f.code)
        .collect()
}

fn full<'c>(issuer: &'c Certificate<'c>) -> OcspOptions<'c> {
    OcspOptions {
        kind: OcspKind::Auto,
        issuer: Some(issuer),
        responder: None,
        now: Some(NOW),
    }
}

#[track_caller]
fn fails(r: &Resp, code: &str) {
    let issuer = ca();
    let c = codes_for(&r.build(), &full(&issuer));
    assert!(c.contains(&code), "{code} expected, got {c:?}");
}

#[track_caller]
fn fails_as(r: &Resp, kind: OcspKind, code: &str) {
    let issuer = ca();
    let c = codes_for(
        &r.build(),
        &OcspOptions {
            kind,
            ..full(&issuer)
        },
    );
    assert!(c.contains(&code), "{code} expected for {kind:?}, got {c:?}");
}

#[track_caller]
fn passes_as(r: &Resp, kind: OcspKind, code: &str) {
    let issuer = ca();
    let c = codes_for(
        &r.build(),
        &OcspOptions {
            kind,
            ..full(&issuer)
        },
    );
    assert!(!c.contains(&code), "{code} unexpected for {kind:?}: {c:?}");
}

// ---------------------------------------------------------------- clean responses

#[test]
fn ca_signed_response_is_clean() {
    let der = Resp::by_ca().build();
    let issuer = ca();
    let r = lint_ocsp_der(&der, Some(&issuer), None, Some(NOW));
    assert_eq!(r.profile, "ocsp-tls-subscriber");
    assert!(r.findings.is_empty(), "{:?}", r.findings);
    assert!(r.subject.starts_with("keyHash="), "{}", r.subject);
    for kind in OcspKind::ALL {
        let c = codes_for(
            &der,
            &OcspOptions {
                kind,
                ..full(&issuer)
            },
        );
        assert!(c.is_empty(), "{kind:?}: {c:?}");
    }
    // Without the issuer only RFC 6960 applies, and nothing is wrong.
    let r = lint_ocsp_der(&der, None, None, None);
    assert_eq!(r.profile, "ocsp");
    assert!(r.findings.is_empty(), "{:?}", r.findings);
}

#[test]
fn delegated_response_is_clean() {
    let der = Resp::delegated().build();
    let issuer = ca();
    let resp = responder();
    // Found in certs by responderID, or supplied.
    for responder in [None, Some(&resp)] {
        let r = lint_ocsp_der(&der, Some(&issuer), responder, Some(NOW));
        assert!(r.findings.is_empty(), "{:?}", r.findings);
    }
    // byName works too.
    let r = Resp {
        responder_id: by_name(
            &Name::new()
                .c("US")
                .o("Testkit")
                .cn("Testkit OCSP Responder"),
        ),
        ..Resp::delegated()
    };
    let c = codes_for(&r.build(), &full(&issuer));
    assert!(c.is_empty(), "{c:?}");
}

#[test]
fn catalogue_lists_every_rule_with_citation() {
    let cat = ocsp_catalogue();
    assert!(cat.len() >= 50, "{}", cat.len());
    for r in cat {
        assert!(
            !r.citation.is_empty() && !r.summary.is_empty(),
            "{}",
            r.code
        );
        assert!(
            r.code.starts_with("ocsp.")
                || r.code.starts_with("rfc6960.")
                || r.code.starts_with("rfc5019.")
                || r.code.starts_with("tls.ocsp_response.")
                || r.code.starts_with("smime.ocsp_response.")
                || r.code.starts_with("mozilla.ocsp."),
            "{}",
            r.code
        );
    }
}

#[test]
fn kind_detection() {
    assert_eq!(OcspKind::from_name("ocsp-tls-ca"), Some(OcspKind::TlsCa));
    assert_eq!(OcspKind::from_name("auto"), Some(OcspKind::Auto));
    let root_der = presets::root_ca().build_signed();
    let root = Certificate::parse(&root_der).unwrap();
    assert_eq!(lint::ocsp::detect(Some(&root)), OcspKind::Rfc6960);
    assert_eq!(lint::ocsp::detect(Some(&ca())), OcspKind::TlsSubscriber);
    let smime = presets::smime_subca().build_signed();
    assert_eq!(
        lint::ocsp::detect(Some(&Certificate::parse(&smime).unwrap())),
        OcspKind::SmimeSubscriber
    );
    assert_eq!(lint::ocsp::detect(None), OcspKind::Rfc6960);
}

// ---------------------------------------------------------------- envelope and decoding

#[test]
fn envelope_rules() {
    let err = Resp {
        status: 1,
        bytes: false,
        ..Resp::by_ca()
    };
    let issuer = ca();
    let c = codes_for(&err.build(), &full(&issuer));
    assert_eq!(c, vec!["ocsp.not_successful"]);
    fails(
        &Resp {
            status: 2,
            ..Resp::by_ca()
        },
        "rfc6960.ocsp.error_status_with_response_bytes",
    );
    fails(
        &Resp {
            status: 4,
            bytes: false,
            ..Resp::by_ca()
        },
        "rfc6960.ocsp.status_undefined",
    );
    fails(
        &Resp {
            bytes: false,
            ..Resp::by_ca()
        },
        "rfc6960.ocsp.response_bytes_missing",
    );
    fails(
        &Resp {
            response_type: "1.3.6.1.5.5.7.48.1.99",
            ..Resp::by_ca()
        },
        "rfc6960.ocsp.response_type_not_basic",
    );
    fails(
        &Resp {
            trailing: vec![0, 0],
            ..Resp::by_ca()
        },
        "ocsp.der.trailing_data",
    );
    fails(
        &Resp {
            version: Some(der::int_u64(0)),
            ..Resp::by_ca()
        },
        "ocsp.der.not_der",
    );
    fails(
        &Resp {
            version: Some(der::int_u64(1)),
            ..Resp::by_ca()
        },
        "rfc6960.ocsp.version_not_v1",
    );
    fails(
        &Resp {
            singles: vec![],
            ..Resp::by_ca()
        },
        "rfc6960.ocsp.responses_empty",
    );
    fails(
        &Resp {
            certs: Some(vec![]),
            ..Resp::by_ca()
        },
        "rfc6960.ocsp.certs_empty",
    );
    fails(
        &Resp {
            certs: Some(vec![der::seq(&[&der::int_u64(1)])]),
            ..Resp::by_ca()
        },
        "rfc6960.ocsp.cert_undecodable",
    );
}

#[test]
fn undecodable_is_fatal() {
    let mut der = Resp::by_ca().build();
    der.truncate(der.len() - 10);
    let r = lint_ocsp_der(&der, None, None, None);
    assert_eq!(r.findings.len(), 1);
    assert_eq!(r.findings[0].code, "ocsp.undecodable");
    assert_eq!(r.findings[0].severity, Severity::Fatal);
    assert_eq!(r.worst(), Some(Severity::Fatal));
    let r = lint_ocsp_der(b"not der at all", None, None, None);
    assert_eq!(r.findings[0].code, "ocsp.undecodable");
}

// ---------------------------------------------------------------- responderID and signature

#[test]
fn responder_id_rules() {
    fails(
        &Resp {
            responder_id: der::explicit(2, &der::octet_string(&[1; 32])),
            ..Resp::by_ca()
        },
        "rfc6960.ocsp.responder_key_hash_not_sha1",
    );
    fails(
        &Resp {
            responder_id: by_name(&Name::new().cn("Somebody Else")),
            ..Resp::by_ca()
        },
        "rfc6960.ocsp.responder_id_mismatch",
    );
    // A supplied responder that the responderID does not name.
    let issuer = ca();
    let resp = responder();
    let der = Resp {
        responder_id: by_key(ca_key()),
        ..Resp::delegated()
    }
    .build();
    let c = codes_for(
        &der,
        &OcspOptions {
            responder: Some(&resp),
            ..full(&issuer)
        },
    );
    assert!(c.contains(&"rfc6960.ocsp.responder_id_mismatch"), "{c:?}");
}

#[test]
fn signature_rules() {
    fails(
        &Resp {
            corrupt: true,
            ..Resp::by_ca()
        },
        "rfc6960.ocsp.signature_invalid",
    );
    fails(
        &Resp {
            corrupt: true,
            ..Resp::delegated()
        },
        "rfc6960.ocsp.signature_invalid",
    );
    // RSA PKCS#1 with an absent NULL: not a TLS BR encoding.
    fails(
        &Resp {
            sig_alg_der: Some(der::seq(&[&der::oid("1.2.840.113549.1.1.11")])),
            ..Resp::delegated()
        },
        "tls.ocsp_response.signature_algorithm_not_permitted",
    );
    fails_as(
        &Resp {
            sig_alg_der: Some(der::seq(&[&der::oid("1.2.840.113549.1.1.11")])),
            ..Resp::delegated()
        },
        OcspKind::SmimeSubscriber,
        "smime.ocsp_response.signature_algorithm_not_permitted",
    );
    // The P-256 CA key signing with an ECDSA-SHA384 identifier.
    fails(
        &Resp {
            sig_alg_der: Some(der::from_hex("300a06082a8648ce3d040303")),
            ..Resp::by_ca()
        },
        "tls.ocsp_response.signature_algorithm_key_mismatch",
    );
    // SHA-1: the identifier alone decides (the signature then fails too).
    let sha1 = Resp {
        sig_alg_der: Some(der::from_hex("300d06092a864886f70d0101050500")),
        ..Resp::delegated()
    };
    fails(&sha1, "mozilla.ocsp.sha1_signature");
    fails(&sha1, "tls.ocsp_response.signature_algorithm_not_permitted");
    passes_as(&sha1, OcspKind::Rfc6960, "mozilla.ocsp.sha1_signature");
    // Before 2022-06-01 SHA-1 RSA was still allowed by the TLS BRs, and by Mozilla before 2023-07-01.
    let old = Resp {
        produced_at: gt(1_640_995_200),
        ..sha1.clone()
    };
    passes_as(&old, OcspKind::TlsSubscriber, "mozilla.ocsp.sha1_signature");
    passes_as(
        &old,
        OcspKind::TlsSubscriber,
        "tls.ocsp_response.signature_algorithm_not_permitted",
    );
}

#[test]
fn signer_rules() {
    // A CA certificate without digitalSignature signs directly.
    let ku_less = testkit::CertBuilder::new()
        .serial(&[0x4e; 16])
        .issuer(&presets::root_name())
        .subject(&tls_ca_name())
        .validity_days("2025-01-01T00:00:00Z", 1826)
        .subject_key(ca_key())
        .extension(ext::basic_constraints(true, Some(0)))
        .extension(ext::key_usage(&[KeyUsage::KeyCertSign, KeyUsage::CrlSign]))
        .extension(ext::ext_key_usage(&[oid::KP_SERVER_AUTH]))
        .signer(presets::root_key())
        .build_signed();
    let issuer = Certificate::parse(&ku_less).unwrap();
    let c = codes_for(&Resp::by_ca().build(), &full(&issuer));
    assert!(
        c.contains(&"rfc6960.ocsp.signer_lacks_digital_signature"),
        "{c:?}"
    );
    // producedAt before the responder certificate's notBefore.
    fails(
        &Resp {
            produced_at: gt(NOW - 60 * DAY),
            singles: vec![Single {
                this_update: gt(NOW - 60 * DAY),
                next_update: Some(gt(NOW - 56 * DAY)),
                ..Single::good(&[0x11; 16])
            }],
            ..Resp::delegated()
        },
        "rfc6960.ocsp.signer_not_valid_at_produced_at",
    );
}

fn delegated_with(cert: Vec<u8>) -> Resp {
    Resp {
        certs: Some(vec![cert]),
        ..Resp::delegated()
    }
}

#[test]
fn delegated_responder_rules() {
    // Issued by the root instead of the CA (same key, different issuer).
    let by_root = responder_builder()
        .issuer(&presets::root_name())
        .signer(presets::root_key())
        .build_signed();
    fails(
        &delegated_with(by_root),
        "rfc6960.ocsp.responder_not_issued_by_issuer",
    );
    // Right issuer name, wrong key.
    let forged = responder_builder().signer(Key::p384()).build(Key::p384());
    fails(
        &delegated_with(forged),
        "rfc6960.ocsp.responder_not_issued_by_issuer",
    );
    let no_eku = responder_builder()
        .remove_extension(oid::EXT_KEY_USAGE)
        .build_signed();
    fails(
        &delegated_with(no_eku),
        "rfc6960.ocsp.responder_lacks_ocsp_signing",
    );
    let no_nocheck = responder_builder()
        .remove_extension(oid::OCSP_NO_CHECK)
        .build_signed();
    let r = delegated_with(no_nocheck);
    fails(&r, "tls.ocsp_response.responder_nocheck_missing");
    fails_as(
        &r,
        OcspKind::SmimeSubscriber,
        "smime.ocsp_response.responder_nocheck_missing",
    );
    fails_as(
        &r,
        OcspKind::Rfc6960,
        "rfc5019.ocsp.responder_nocheck_missing",
    );
    passes_as(
        &r,
        OcspKind::Rfc6960,
        "tls.ocsp_response.responder_nocheck_missing",
    );
    // The responder signs but its certificate is not in certs.
    let issuer = ca();
    let resp = responder();
    let der = Resp {
        certs: None,
        ..Resp::delegated()
    }
    .build();
    let c = codes_for(
        &der,
        &OcspOptions {
            responder: Some(&resp),
            ..full(&issuer)
        },
    );
    assert_eq!(c, vec!["rfc5019.ocsp.responder_cert_not_included"]);
}

// ---------------------------------------------------------------- times

fn with_single(s: Single) -> Resp {
    Resp {
        singles: vec![s],
        ..Resp::by_ca()
    }
}

#[test]
fn time_rules() {
    let base = Single::good(&[0x11; 16]);
    fails(
        &Resp {
            produced_at: der::utc_time(&testkit::time::utc_string(NOW - HOUR)),
            ..Resp::by_ca()
        },
        "rfc6960.ocsp.time_not_generalized",
    );
    fails(
        &with_single(Single {
            this_update: der::generalized_time("20260114230000.5Z"),
            ..base.clone()
        }),
        "rfc6960.ocsp.generalized_time_format",
    );
    fails(
        &with_single(Single {
            this_update: der::generalized_time("20260114230000"),
            ..base.clone()
        }),
        "rfc6960.ocsp.generalized_time_format",
    );
    fails(
        &with_single(Single {
            this_update: der::generalized_time("20261314230000Z"),
            ..base.clone()
        }),
        "rfc6960.ocsp.time_undecodable",
    );
    let no_next = with_single(Single {
        next_update: None,
        ..base.clone()
    });
    fails(&no_next, "mozilla.ocsp.next_update_missing");
    fails_as(
        &no_next,
        OcspKind::Rfc6960,
        "rfc5019.ocsp.next_update_missing",
    );
    passes_as(
        &no_next,
        OcspKind::Rfc6960,
        "mozilla.ocsp.next_update_missing",
    );
    fails(
        &with_single(Single {
            next_update: Some(gt(NOW - 2 * HOUR)),
            ..base.clone()
        }),
        "rfc6960.ocsp.next_update_before_this_update",
    );
    fails(
        &with_single(Single {
            this_update: gt(NOW - HOUR + 1),
            ..base.clone()
        }),
        "rfc6960.ocsp.this_update_after_produced_at",
    );
    fails(
        &with_single(base.clone().revoked(NOW, Some(1))),
        "rfc6960.ocsp.revocation_time_after_this_update",
    );
    // The clock: producedAt and thisUpdate in the future, nextUpdate passed.
    let future = Resp {
        produced_at: gt(NOW + HOUR),
        singles: vec![Single {
            this_update: gt(NOW + HOUR),
            next_update: Some(gt(NOW + 4 * DAY)),
            ..base.clone()
        }],
        ..Resp::by_ca()
    };
    fails(&future, "rfc6960.ocsp.produced_at_in_future");
    fails(&future, "rfc6960.ocsp.this_update_in_future");
    let issuer = ca();
    let c = codes_for(
        &future.build(),
        &OcspOptions {
            now: None,
            ..full(&issuer)
        },
    );
    assert!(c.is_empty(), "without a clock nothing is judged: {c:?}");
    fails(
        &Resp {
            produced_at: gt(NOW - 5 * DAY),
            singles: vec![Single {
                this_update: gt(NOW - 5 * DAY),
                next_update: Some(gt(NOW - DAY)),
                ..base
            }],
            ..Resp::by_ca()
        },
        "rfc6960.ocsp.expired",
    );
}

#[test]
fn validity_interval() {
    let at = |secs: i64| {
        with_single(Single {
            this_update: gt(NOW - HOUR),
            next_update: Some(gt(NOW - HOUR + secs)),
            ..Single::good(&[0x11; 16])
        })
    };
    // Inclusive: nextUpdate - thisUpdate + 1.
    let short = "tls.ocsp_response.validity_interval_too_short";
    let long = "tls.ocsp_response.validity_interval_too_long";
    fails(&at(8 * HOUR - 2), short);
    passes_as(&at(8 * HOUR - 1), OcspKind::TlsSubscriber, short);
    passes_as(&at(10 * DAY - 1), OcspKind::TlsSubscriber, long);
    fails(&at(10 * DAY), long);
    fails_as(
        &at(HOUR),
        OcspKind::SmimeSubscriber,
        "smime.ocsp_response.validity_interval_too_short",
    );
    fails_as(
        &at(11 * DAY),
        OcspKind::SmimeSubscriber,
        "smime.ocsp_response.validity_interval_too_long",
    );
    // Responses about CA certificates and plain RFC 6960 have no such limit.
    passes_as(&at(300 * DAY), OcspKind::TlsCa, long);
    passes_as(&at(HOUR), OcspKind::Rfc6960, short);
}

#[test]
fn next_update_within_signer_validity() {
    // certs present: the responder certificate expires 2026-12-01.
    let late = Resp {
        singles: vec![Single {
            next_update: Some(gt(1_796_083_200 + DAY)),
            ..Single::good(&[0x11; 16])
        }],
        ..Resp::delegated()
    };
    fails(&late, "mozilla.ocsp.next_update_after_not_after");
    passes_as(
        &late,
        OcspKind::TlsCa,
        "mozilla.ocsp.next_update_after_not_after",
    );
}

// ---------------------------------------------------------------- CertID

#[test]
fn cert_id_rules() {
    let sha256 = with_single(Single {
        cert_id: cert_id(SHA256, tls_ca_der(), &[0x11; 16]),
        ..Single::good(&[0x11; 16])
    });
    passes_as(
        &sha256,
        OcspKind::TlsSubscriber,
        "rfc6960.ocsp.cert_id_hash_algorithm",
    );
    passes_as(
        &sha256,
        OcspKind::TlsSubscriber,
        "rfc6960.ocsp.cert_id_issuer_mismatch",
    );
    fails(
        &with_single(Single {
            cert_id: cert_id("2.16.840.1.101.3.4.2.2", tls_ca_der(), &[0x11; 16]),
            ..Single::good(&[0x11; 16])
        }),
        "rfc6960.ocsp.cert_id_hash_algorithm",
    );
    // A CertID for the root's certificates, answered with this CA's key.
    let root_der = presets::root_ca().build_signed();
    fails(
        &with_single(Single {
            cert_id: cert_id(SHA1, &root_der, &[0x11; 16]),
            ..Single::good(&[0x11; 16])
        }),
        "rfc6960.ocsp.cert_id_issuer_mismatch",
    );
    fails(
        &with_single(Single {
            cert_id: der::seq(&[
                &der::seq(&[&der::oid(SHA1), &der::null()]),
                &der::octet_string(&[1; 19]),
                &der::octet_string(&[1; 20]),
                &der::int_u64(5),
            ]),
            ..Single::good(&[0x11; 16])
        }),
        "rfc6960.ocsp.cert_id_hash_length",
    );
    fails(
        &Resp {
            singles: vec![Single::good(&[0x11; 16]), Single::good(&[0x11; 16])],
            ..Resp::by_ca()
        },
        "rfc6960.ocsp.cert_id_duplicate",
    );
    fails(
        &with_single(Single::good(&[0xff; 21])),
        "rfc6960.ocsp.serial_out_of_range",
    );
}

// ---------------------------------------------------------------- status and reasons

#[test]
fn reason_rules() {
    let base = Single::good(&[0x11; 16]);
    let rev = |reason: Option<u8>| with_single(base.clone().revoked(NOW - 2 * HOUR, reason));
    for ok in [1, 3, 4, 5, 9] {
        passes_as(
            &rev(Some(ok)),
            OcspKind::TlsSubscriber,
            "tls.ocsp_response.reason_code_prohibited",
        );
    }
    for bad in [0, 2, 6, 10] {
        fails(&rev(Some(bad)), "tls.ocsp_response.reason_code_prohibited");
    }
    fails(&rev(Some(7)), "rfc6960.ocsp.reason_undefined");
    fails_as(
        &rev(Some(0)),
        OcspKind::SmimeSubscriber,
        "smime.ocsp_response.reason_code_prohibited",
    );
    passes_as(
        &rev(Some(6)),
        OcspKind::SmimeSubscriber,
        "smime.ocsp_response.reason_code_prohibited",
    );
    fails_as(
        &rev(Some(6)),
        OcspKind::SmimeCa,
        "smime.ocsp_response.reason_code_prohibited",
    );
    fails_as(
        &rev(None),
        OcspKind::TlsCa,
        "tls.ocsp_response.reason_missing_for_ca",
    );
    fails_as(
        &rev(None),
        OcspKind::SmimeCa,
        "smime.ocsp_response.reason_missing_for_ca",
    );
    passes_as(
        &rev(None),
        OcspKind::TlsSubscriber,
        "tls.ocsp_response.reason_missing_for_ca",
    );
    let with_reason_ext = with_single(Single {
        exts: Some(vec![testkit::crl::reason_code(1).to_der()]),
        ..base.clone().revoked(NOW - 2 * HOUR, Some(1))
    });
    fails(
        &with_reason_ext,
        "tls.ocsp_response.single_extension_reason_code",
    );
    fails_as(
        &with_reason_ext,
        OcspKind::SmimeSubscriber,
        "smime.ocsp_response.single_extension_reason_code",
    );
}

// ---------------------------------------------------------------- extensions

#[test]
fn extension_rules() {
    let with_exts = |e: Vec<Vec<u8>>| Resp {
        exts: Some(e),
        ..Resp::by_ca()
    };
    fails(&with_exts(vec![]), "rfc6960.ocsp.extensions_empty");
    fails(
        &with_exts(vec![nonce_ext(&[1; 8]), nonce_ext(&[2; 8])]),
        "rfc6960.ocsp.extension_duplicate",
    );
    fails(
        &with_exts(vec![nonce_ext(&[1; 33])]),
        "rfc6960.ocsp.nonce_invalid",
    );
    fails(
        &with_exts(vec![nonce_ext(&[])]),
        "rfc6960.ocsp.nonce_invalid",
    );
    fails(
        &with_exts(vec![
            ext::raw("1.3.6.1.5.5.7.48.1.2", None, vec![1, 2, 3]).to_der(),
        ]),
        "rfc6960.ocsp.nonce_invalid",
    );
    fails(
        &with_exts(vec![
            ext::raw(
                "1.3.6.1.5.5.7.48.1.2",
                Some(true),
                der::octet_string(&[1; 8]),
            )
            .to_der(),
        ]),
        "rfc6960.ocsp.extension_critical",
    );
    let unknown = with_exts(vec![
        ext::raw("1.2.3.4.5", Some(true), der::null()).to_der(),
    ]);
    fails(&unknown, "rfc6960.ocsp.unknown_critical_extension");
    passes_as(
        &unknown,
        OcspKind::Rfc6960,
        "rfc6960.ocsp.extension_critical",
    );
    // A non-critical unknown extension is fine.
    let issuer = ca();
    let c = codes_for(
        &with_exts(vec![ext::raw("1.2.3.4.5", None, der::null()).to_der()]).build(),
        &full(&issuer),
    );
    assert!(c.is_empty(), "{c:?}");
    // Single extensions: an embedded SCT list is known, an unknown critical one is not.
    let single = |e: Vec<u8>| {
        with_single(Single {
            exts: Some(vec![e]),
            ..Single::good(&[0x11; 16])
        })
    };
    fails(
        &single(ext::raw("1.2.3.4.5", Some(true), der::null()).to_der()),
        "rfc6960.ocsp.unknown_critical_extension",
    );
    passes_as(
        &single(ext::raw(oid::CT_SCT_LIST, Some(true), der::octet_string(&[0, 0])).to_der()),
        OcspKind::TlsSubscriber,
        "rfc6960.ocsp.unknown_critical_extension",
    );
}

// ---------------------------------------------------------------- sniffing

#[test]
fn sniffing() {
    assert!(looks_like_ocsp_response(&Resp::by_ca().build()));
    assert!(looks_like_ocsp_response(&[0x30, 0x03, 0x0a, 0x01, 0x06]));
    let mut truncated = Resp::delegated().build();
    truncated.truncate(8);
    assert!(looks_like_ocsp_response(&truncated));
    assert!(!looks_like_ocsp_response(tls_ca_der()));
    let crl = testkit::crl::CrlBuilder::new(&presets::root_name(), presets::root_key()).build();
    assert!(!looks_like_ocsp_response(&crl));
    assert!(!lint::crl::looks_like_crl(&Resp::by_ca().build()));
    assert!(!looks_like_ocsp_response(b""));
}

// ---------------------------------------------------------------- zlint fixtures

#[test]
fn zlint_this_update_after_produced_at() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus/zlint/v3/testdata");
    let code = "rfc6960.ocsp.this_update_after_produced_at";
    for (file, expect) in [
        ("ocspThisUpdateAfterProducedAt.der", true),
        ("ocspThisUpdateNotAfterProducedAt.der", false),
    ] {
        let Ok(der) = std::fs::read(dir.join(file)) else {
            eprintln!("skipping: {file} not found");
            continue;
        };
        assert!(looks_like_ocsp_response(&der));
        let r = lint_ocsp_der(&der, None, None, None);
        let c: Vec<_> = r.findings.iter().map(|f| f.code).collect();
        assert_eq!(c.contains(&code), expect, "{file}: {c:?}");
        assert!(!c.contains(&"ocsp.undecodable"), "{file}: {c:?}");
        let f = r.findings.iter().find(|f| f.code == code);
        if let Some(f) = f {
            assert_eq!(
                f.equivalents.zlint,
                Some("e_this_update_not_after_produced_at")
            );
        }
    }
}

// ---------------------------------------------------------------- our responder

/// testkit keys as CA signers.
struct TkSigner(&'static Key, Vec<u8>, ca::KeyAlgorithm);

impl TkSigner {
    fn new(k: &'static Key, alg: ca::KeyAlgorithm) -> TkSigner {
        TkSigner(k, k.spki_der(), alg)
    }
}

impl ca::Signer for TkSigner {
    fn algorithm(&self) -> ca::KeyAlgorithm {
        self.2
    }
    fn spki_der(&self) -> &[u8] {
        &self.1
    }
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, ca::CaError> {
        Ok(self.0.sign(message))
    }
    fn describe(&self) -> String {
        "testkit key".into()
    }
}

/// An OCSPRequest for `serial` under the TLS CA, with a nonce.
fn request(serial: &[u8]) -> Vec<u8> {
    let one = der::seq(&[&cert_id(SHA1, tls_ca_der(), serial)]);
    let exts = der::explicit(2, &der::seq(&[&nonce_ext(&[9; 16])]));
    der::seq(&[&der::seq(&[&der::seq(&[&one]), &exts])])
}

/// Records a TLS subscriber certificate with `serial` as issued by the CA
/// (the log reads it back, e.g. to check a revocation reason against it).
fn record(log: &mut ca::log::IssuanceLog, serial: &[u8]) {
    let issuer_sha256 = cert::hex_upper(&cert::digest::sha256(tls_ca_der()));
    let leaf = testkit::CertBuilder::new()
        .serial(serial)
        .issuer(&tls_ca_name())
        .subject(&Name::new())
        .validity_days("2025-12-01T00:00:00Z", 90)
        .subject_key(presets::leaf_key())
        .extension(ext::key_usage(&[KeyUsage::DigitalSignature]))
        .extension(ext::ext_key_usage(&[oid::KP_SERVER_AUTH]))
        .aki_from(ca_key())
        .signer(ca_key())
        .build_signed();
    log.record(
        || {
            Ok(ca::log::LogEntry {
                issuer_sha256: issuer_sha256.clone(),
                serial: cert::hex_upper(serial),
                der: leaf.clone(),
                issued_at: NOW - DAY,
                profile: "test".into(),
                lint_json: "[]".into(),
                overrides: String::new(),
            })
        },
        None,
    )
    .expect("record");
}

#[test]
fn our_responder_lints_clean() {
    let mut log = ca::log::IssuanceLog::in_memory().expect("log");
    let good = [0x21; 16];
    let revoked = [0x22; 16];
    record(&mut log, &good);
    record(&mut log, &revoked);
    let sha = cert::hex_upper(&cert::digest::sha256(tls_ca_der()));
    log.revoke(&sha, &cert::hex_upper(&revoked), NOW - DAY, 1)
        .expect("revoke");
    let issuer = ca();
    let resp_cert = responder();
    let ca_signer = TkSigner::new(ca_key(), ca::KeyAlgorithm::EcP256);
    let delegated_signer = TkSigner::new(responder_key(), ca::KeyAlgorithm::Rsa2048);
    let by_ca = ca::ocsp::Responder {
        issuer_der: tls_ca_der().to_vec(),
        signer: &ca_signer,
        responder_cert_der: None,
        validity_seconds: 4 * DAY,
    };
    let delegated = ca::ocsp::Responder {
        issuer_der: tls_ca_der().to_vec(),
        signer: &delegated_signer,
        responder_cert_der: Some(responder_der().to_vec()),
        validity_seconds: DAY,
    };
    for (responder, signer_cert) in [(&by_ca, None), (&delegated, Some(&resp_cert))] {
        for (serial, status) in [
            (&good[..], "good"),
            (&revoked[..], "revoked"),
            (&[0x23; 16][..], "unknown"),
        ] {
            let der = responder.respond(&request(serial), &log, NOW);
            let parsed = cert::ocsp::OcspResponse::parse(&der).expect("decodes");
            let basic = parsed.basic().expect("basic");
            assert_eq!(basic.responses[0].status.name(), status);
            let r = lint_ocsp_der(&der, Some(&issuer), signer_cert, Some(NOW));
            assert_eq!(r.profile, "ocsp-tls-subscriber");
            assert!(r.findings.is_empty(), "{status}: {:?}", r.findings);
        }
    }
    // The responder's error answers are well-formed error responses.
    let bad = by_ca.respond(b"\x30\x00", &log, NOW);
    let c = codes_for(&bad, &full(&issuer));
    assert_eq!(c, vec!["ocsp.not_successful"]);
}

// ---------------------------------------------------------------- OpenSSL

fn openssl_ok() -> bool {
    Command::new("openssl")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn run(dir: &std::path::Path, args: &[&str]) {
    let o = Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("openssl runs");
    assert!(
        o.status.success(),
        "openssl {args:?}: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// CA, leaf and responses produced by `openssl ocsp` (fixtures made in the test).
#[test]
fn openssl_responses() {
    if !openssl_ok() {
        eprintln!("skipping: openssl not found");
        return;
    }
    let dir = std::env::temp_dir().join(format!("rootward-lint-ocsp-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    run(
        &dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "30",
            "-subj",
            "/C=US/O=OpenSSL Test/CN=OpenSSL Test CA",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign,digitalSignature",
        ],
    );
    for leaf in ["good", "revoked"] {
        run(
            &dir,
            &[
                "req",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                &format!("{leaf}.key"),
                "-out",
                &format!("{leaf}.csr"),
                "-subj",
                &format!("/CN={leaf}.example.com"),
            ],
        );
    }
    run(
        &dir,
        &[
            "x509",
            "-req",
            "-in",
            "good.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-out",
            "good.pem",
            "-days",
            "10",
            "-set_serial",
            "0x1001",
        ],
    );
    run(
        &dir,
        &[
            "x509",
            "-req",
            "-in",
            "revoked.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-out",
            "revoked.pem",
            "-days",
            "10",
            "-set_serial",
            "0x1002",
        ],
    );
    // index.txt: status, expiry, revocation (time,reason), serial, file, subject.
    std::fs::write(
        dir.join("index.txt"),
        "V\t301231235959Z\t\t1001\tunknown\t/CN=good.example.com\n\
         R\t301231235959Z\t250101000000Z,keyCompromise\t1002\tunknown\t/CN=revoked.example.com\n",
    )
    .expect("index");
    let ca_der = {
        run(
            &dir,
            &["x509", "-in", "ca.pem", "-outform", "DER", "-out", "ca.der"],
        );
        std::fs::read(dir.join("ca.der")).expect("ca.der")
    };
    let issuer = Certificate::parse(&ca_der).expect("openssl CA parses");
    // Each response is judged at a time read after openssl produced it, as a
    // relying party would: a time read earlier can fall a second before
    // producedAt and make the response look as if it came from the future.
    let now_after = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(NOW)
    };
    for (leaf, md, status) in [
        ("good", "sha256", "good"),
        ("revoked", "sha256", "revoked"),
        ("good", "sha1", "good"),
    ] {
        run(
            &dir,
            &[
                "ocsp",
                "-issuer",
                "ca.pem",
                "-cert",
                &format!("{leaf}.pem"),
                "-reqout",
                "req.der",
            ],
        );
        run(
            &dir,
            &[
                "ocsp",
                "-index",
                "index.txt",
                "-rsigner",
                "ca.pem",
                "-rkey",
                "ca.key",
                "-CA",
                "ca.pem",
                "-reqin",
                "req.der",
                "-respout",
                "resp.der",
                "-ndays",
                "4",
                "-rmd",
                md,
            ],
        );
        let der = std::fs::read(dir.join("resp.der")).expect("resp.der");
        let now = now_after();
        assert!(looks_like_ocsp_response(&der));
        let parsed = cert::ocsp::OcspResponse::parse(&der).expect("openssl response decodes");
        assert_eq!(
            parsed.basic().expect("basic").responses[0].status.name(),
            status
        );
        let r = lint_ocsp_der(&der, Some(&issuer), None, Some(now));
        assert_eq!(r.profile, "ocsp");
        let c: Vec<_> = r.findings.iter().map(|f| f.code).collect();
        assert!(c.is_empty(), "{leaf}/{md}: {:?}", r.findings);
        // As a TLS subscriber response, SHA-1 is what Mozilla forbids.
        let c = codes_for(
            &der,
            &OcspOptions {
                kind: OcspKind::TlsSubscriber,
                issuer: Some(&issuer),
                responder: None,
                now: Some(now),
            },
        );
        assert_eq!(
            c.contains(&"mozilla.ocsp.sha1_signature"),
            md == "sha1",
            "{leaf}/{md}: {c:?}"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

// ---------------------------------------------------------------- hostile input

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let issuer = ca();
        let _ = lint_ocsp_der(&bytes, Some(&issuer), None, Some(NOW));
        let _ = looks_like_ocsp_response(&bytes);
        let mut framed = vec![0x30, 0x82, (bytes.len() >> 8) as u8, bytes.len() as u8];
        framed.extend(&bytes);
        let _ = lint_ocsp_der(&framed, None, None, None);
    }

    #[test]
    fn mutated_responses_never_panic(
        pick in 0usize..2,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..6),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        static BASE: OnceLock<[Vec<u8>; 2]> = OnceLock::new();
        let base = BASE.get_or_init(|| [Resp::by_ca().build(), Resp::delegated().build()]);
        let mut der = base[pick].clone();
        for (at, byte, op) in edits {
            let i = at.index(der.len());
            match op {
                0 => der[i] = byte,
                1 => der.insert(i, byte),
                _ => { der.remove(i); }
            }
            if der.is_empty() { break; }
        }
        if truncate && !der.is_empty() {
            let n = cut.index(der.len());
            der.truncate(n);
        }
        let issuer = ca();
        let resp = responder();
        let _ = lint_ocsp_der(&der, Some(&issuer), Some(&resp), Some(NOW));
        let _ = lint_ocsp_der(&der, None, None, None);
        for kind in OcspKind::ALL {
            let _ = lint_ocsp_der_with(&der, &OcspOptions { kind, issuer: Some(&issuer), responder: None, now: Some(NOW) });
        }
        let _ = looks_like_ocsp_response(&der);
    }
}

/// `rootward ocsp serve` accepts up to 240 hours; the BRs count the validity
/// interval inclusively, so the responder sets nextUpdate one second short of
/// thisUpdate + validity, and 240 hours is exactly the ten-day maximum.
#[test]
fn responder_ten_day_boundary() {
    let mut log = ca::log::IssuanceLog::in_memory().expect("log");
    let serial = [0x31; 16];
    record(&mut log, &serial);
    let issuer = ca();
    let signer = TkSigner::new(ca_key(), ca::KeyAlgorithm::EcP256);
    let code = "tls.ocsp_response.validity_interval_too_long";
    for (secs, flagged) in [(10 * DAY, false), (10 * DAY + 1, true), (8 * HOUR, false)] {
        let responder = ca::ocsp::Responder {
            issuer_der: tls_ca_der().to_vec(),
            signer: &signer,
            responder_cert_der: None,
            validity_seconds: secs,
        };
        let der = responder.respond(&request(&serial), &log, NOW);
        let c = codes_for(&der, &full(&issuer));
        assert_eq!(c.contains(&code), flagged, "{secs}: {c:?}");
    }
}

#[test]
fn refresh_deadlines() {
    let at = |this: i64, next: i64| {
        with_single(Single {
            this_update: gt(this),
            next_update: Some(gt(next)),
            ..Single::good(&[0x11; 16])
        })
    };
    let code = "tls.ocsp_response.not_refreshed";
    // Interval of sixteen hours or more: four days after thisUpdate ...
    fails(&at(NOW - 5 * DAY, NOW + 2 * DAY), code);
    // ... or eight hours before nextUpdate, whichever is first.
    fails(&at(NOW - 3 * DAY, NOW + 7 * HOUR), code);
    passes_as(
        &at(NOW - 3 * DAY, NOW + 9 * HOUR),
        OcspKind::TlsSubscriber,
        code,
    );
    // Under sixteen hours: before half the interval remains.
    fails(&at(NOW - 5 * HOUR, NOW + 4 * HOUR), code);
    passes_as(
        &at(NOW - 3 * HOUR, NOW + 6 * HOUR),
        OcspKind::TlsSubscriber,
        code,
    );
    fails_as(
        &at(NOW - 5 * DAY, NOW + 2 * DAY),
        OcspKind::SmimeSubscriber,
        "smime.ocsp_response.not_refreshed",
    );
    // Past nextUpdate it is expired, not "not refreshed".
    let stale = at(NOW - 5 * DAY, NOW - HOUR);
    fails(&stale, "rfc6960.ocsp.expired");
    passes_as(&stale, OcspKind::TlsSubscriber, code);
    // CA certificates: every twelve months.
    let old = at(NOW - 400 * DAY, NOW + 30 * DAY);
    fails_as(&old, OcspKind::TlsCa, "tls.ocsp_response.ca_not_refreshed");
    fails_as(
        &old,
        OcspKind::SmimeCa,
        "smime.ocsp_response.ca_not_refreshed",
    );
    passes_as(
        &at(NOW - 300 * DAY, NOW + 30 * DAY),
        OcspKind::TlsCa,
        "tls.ocsp_response.ca_not_refreshed",
    );
}
