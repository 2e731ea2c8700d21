//! Shared by the CA engine's tests: a fixed clock, the shipped profiles, and
//! a root → S/MIME sub-CA hierarchy with its issuance log.
#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use ca::issue::{IssueOptions, Issued, Issuer, issue};
use ca::log::IssuanceLog;
use ca::profile::{CertProfile, SHIPPED};
use ca::tbs::{Request, San};
use ca::{KeyAlgorithm, Signer, SoftKey};
use cert::der::{IssueSink, Reader};
use lint::Linter;

/// 2026-01-15T00:00:00Z: a fixed clock.
pub const NOW: i64 = 1_768_435_200;

/// A shipped CA profile, parsed.
pub fn shipped(name: &str) -> CertProfile {
    let (_, text) = SHIPPED
        .iter()
        .find(|(n, _)| *n == name)
        .expect("shipped profile");
    CertProfile::from_toml(name, text).expect("parses")
}

/// Subject attributes from pairs.
pub fn subject(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Whether the openssl binary runs (tests that need it skip with a message otherwise).
pub fn openssl_available() -> bool {
    let ok = std::process::Command::new("openssl")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("skipping the OpenSSL checks: openssl not found");
    }
    ok
}

/// Whether `sig` over `msg` verifies with the signer's public key and algorithm.
pub fn verifies(signer: &dyn Signer, msg: &[u8], sig: &[u8]) -> bool {
    let sink = IssueSink::default();
    let alg_tlv = Reader::new(signer.algorithm().signature_algorithm_der(), 0, &sink)
        .read()
        .expect("alg");
    let mut ar = alg_tlv.reader(&sink);
    let oid = cert::Oid::new(ar.read().expect("oid").value);
    let params = if ar.is_empty() {
        None
    } else {
        Some(ar.read().expect("params"))
    };
    let alg = cert::AlgorithmIdentifier {
        raw: alg_tlv.raw,
        oid,
        params,
    };
    cert::verify::with_spki(signer.spki_der(), |spki| {
        cert::verify::verify(&alg, spki, msg, sig).is_ok()
    })
    .expect("spki")
}

/// Issue options at the fixed clock.
pub fn at_now() -> IssueOptions<'static> {
    IssueOptions {
        not_before: NOW,
        ..IssueOptions::default()
    }
}

/// A root (P-384) and an S/MIME sub-CA (P-256) issued by the CA engine, with their log.
pub struct Hierarchy {
    /// The root's key.
    pub root_key: SoftKey,
    /// The root certificate.
    pub root: Vec<u8>,
    /// The sub-CA's key.
    pub sub_key: SoftKey,
    /// The sub-CA certificate.
    pub sub: Vec<u8>,
    /// The issuance log holding both.
    pub log: IssuanceLog,
}

/// Builds the hierarchy.
pub fn hierarchy(linter: &Linter) -> Hierarchy {
    let mut log = IssuanceLog::in_memory().expect("log");
    let root_key = SoftKey::generate(KeyAlgorithm::EcP384).expect("key");
    let root_req = Request {
        subject: subject(&[
            ("C", "JP"),
            ("O", "Example Trust Systems"),
            ("CN", "Example Root CA"),
        ]),
        sans: vec![],
        spki_der: root_key.spki_der().to_vec(),
    };
    let root = issue(
        linter,
        &shipped("root-ca"),
        &root_req,
        &Issuer {
            cert_der: None,
            signer: &root_key,
        },
        &mut log,
        &at_now(),
    )
    .expect("root issues")
    .der;
    let sub_key = SoftKey::generate(KeyAlgorithm::EcP256).expect("key");
    let sub_req = Request {
        subject: subject(&[
            ("C", "JP"),
            ("O", "Example Japan Co., Ltd."),
            ("CN", "Example SureMail CA G5"),
        ]),
        sans: vec![],
        spki_der: sub_key.spki_der().to_vec(),
    };
    let sub = issue(
        linter,
        &shipped("smime-subca"),
        &sub_req,
        &Issuer {
            cert_der: Some(root.clone()),
            signer: &root_key,
        },
        &mut log,
        &at_now(),
    )
    .expect("sub-CA issues")
    .der;
    Hierarchy {
        root_key,
        root,
        sub_key,
        sub,
        log,
    }
}

impl Hierarchy {
    /// Issues a mailbox-validated strict leaf for `mail` from the sub-CA.
    pub fn mailbox_leaf(&mut self, linter: &Linter, mail: &str) -> Issued {
        let key = SoftKey::generate(KeyAlgorithm::EcP256).expect("key");
        let req = Request {
            subject: subject(&[("CN", mail)]),
            sans: vec![San::Email(mail.into())],
            spki_der: key.spki_der().to_vec(),
        };
        issue(
            linter,
            &shipped("smime-mailbox-strict"),
            &req,
            &Issuer {
                cert_der: Some(self.sub.clone()),
                signer: &self.sub_key,
            },
            &mut self.log,
            &at_now(),
        )
        .expect("leaf issues")
    }

    /// A TLS issuing CA (shipped `tls-subca`) under the root, with its key.
    pub fn tls_subca(&mut self, linter: &Linter) -> (SoftKey, Issued) {
        let key = SoftKey::generate(KeyAlgorithm::EcP384).expect("key");
        let ca = issue(
            linter,
            &shipped("tls-subca"),
            &Request {
                subject: subject(&[
                    ("C", "JP"),
                    ("O", "Example Japan Co., Ltd."),
                    ("CN", "Example SureServer CA"),
                ]),
                sans: vec![],
                spki_der: key.spki_der().to_vec(),
            },
            &Issuer {
                cert_der: Some(self.root.clone()),
                signer: &self.root_key,
            },
            &mut self.log,
            &at_now(),
        )
        .expect("TLS sub-CA issues");
        (key, ca)
    }

    /// The sub-CA as an issuer.
    pub fn sub_issuer(&self) -> Issuer<'_> {
        Issuer {
            cert_der: Some(self.sub.clone()),
            signer: &self.sub_key,
        }
    }
}
