//! DSA parameter inheritance (RFC 3279 2.3.2, RFC 5280 6.1.4 (d)-(f)) with
//! the NIST PKITS DSA certificates: a signature made with an inheriting key
//! is accepted only provisionally while building and verified during
//! validation with the parameters carried down the path, so that a bad one
//! fails, and one whose key inherits nothing (under a trust anchor, or
//! below a key of another algorithm) fails too.
#![allow(clippy::expect_used, clippy::unwrap_used, missing_docs)]

mod common;

use std::path::{Path, PathBuf};

use cert::Certificate;
use path::revocation::Mode;
use path::{Error, Options, Report, validate};
use testkit::ext::{self, KeyUsage};
use testkit::{CertBuilder, Key, KeyType, Name};

/// Inside the PKITS certificates' validity (2010-01-01 to 2030-12-31).
const TIME: i64 = 1_577_836_800; // 2020-01-01T00:00:00Z

fn pkits() -> Option<PathBuf> {
    common::corpus().map(|c| c.join("pkits"))
}

fn read(dir: &Path, sub: &str, file: &str) -> Vec<u8> {
    std::fs::read(dir.join(sub).join(file)).unwrap()
}

fn opts() -> Options {
    let mut o = Options::at(TIME);
    o.revocation = Mode::Require;
    o
}

/// Validates PKITS 4.1.5's end entity `leaf` through the DSA CAs, with
/// their CRLs.
fn test5(dir: &Path, leaf: &[u8]) -> Report {
    let anchor = read(dir, "certs", "TrustAnchorRootCertificate.crt");
    let inter = [
        read(dir, "certs", "DSACACert.crt"),
        read(dir, "certs", "DSAParametersInheritedCACert.crt"),
    ];
    let crls = [
        read(dir, "crls", "TrustAnchorRootCRL.crl"),
        read(dir, "crls", "DSACACRL.crl"),
        read(dir, "crls", "DSAParametersInheritedCACRL.crl"),
    ];
    let inter: Vec<&[u8]> = inter.iter().map(Vec::as_slice).collect();
    let crls: Vec<&[u8]> = crls.iter().map(Vec::as_slice).collect();
    validate(leaf, &inter, &[&anchor], &crls, &opts()).unwrap()
}

/// The failure of the first path, which must be a bad signature on the end
/// entity; returns its detail.
fn bad_signature_on_leaf(report: &Report) -> String {
    assert!(!report.is_valid());
    let f = report.paths[0].failure.as_ref().expect("a failure");
    assert_eq!(f.position, 0, "{f}");
    match &f.error {
        Error::BadSignature { detail, .. } => detail.clone(),
        other => panic!("expected a bad signature, got {other}"),
    }
}

#[test]
fn inherited_parameters_verify_the_certificate_and_its_crl() {
    let Some(dir) = pkits() else { return };
    let leaf = read(&dir, "certs", "ValidDSAParameterInheritanceTest5EE.crt");
    let report = test5(&dir, &leaf);
    assert!(report.is_valid(), "{:?}", report.paths[0].failure);
    assert_eq!(report.paths[0].certificates.len(), 4);
}

#[test]
fn a_bad_signature_by_an_inheriting_key_fails_validation() {
    let Some(dir) = pkits() else { return };
    let mut leaf = read(&dir, "certs", "ValidDSAParameterInheritanceTest5EE.crt");
    // The last octet is the signature's s.
    let last = leaf.len() - 1;
    leaf[last] ^= 0x01;
    let detail = bad_signature_on_leaf(&test5(&dir, &leaf));
    assert!(detail.contains("does not verify"), "{detail}");
}

#[test]
fn nothing_is_inherited_from_a_trust_anchor_without_parameters() {
    let Some(dir) = pkits() else { return };
    let leaf = read(&dir, "certs", "ValidDSAParameterInheritanceTest5EE.crt");
    let anchor = read(&dir, "certs", "DSAParametersInheritedCACert.crt");
    let mut o = opts();
    o.revocation = Mode::Off;
    let report = validate(&leaf, &[], &[&anchor], &[], &o).unwrap();
    let detail = bad_signature_on_leaf(&report);
    assert!(detail.contains("no domain parameters"), "{detail}");
}

#[test]
fn parameters_are_not_inherited_across_another_algorithm() {
    let Some(dir) = pkits() else { return };
    let leaf = read(&dir, "certs", "ValidDSAParameterInheritanceTest5EE.crt");
    let pkits_ca_der = read(&dir, "certs", "DSAParametersInheritedCACert.crt");
    let pkits_ca = Certificate::parse(&pkits_ca_der).unwrap();
    // The inheriting CA's name and parameterless key, certified by a P-256
    // root: RFC 5280 6.1.4 (f) clears the working parameters.
    let root_name = Name::new().attr(testkit::name::CN, testkit::StringKind::Utf8, "P-256 Root");
    let root_key = Key::generate(KeyType::P256);
    let root = CertBuilder::new()
        .serial_u64(1)
        .issuer(&root_name)
        .subject(&root_name)
        .validity_days("2015-01-01T00:00:00Z", 7300)
        .subject_key(&root_key)
        .extension(ext::basic_constraints(true, None))
        .extension(ext::key_usage(&[KeyUsage::KeyCertSign, KeyUsage::CrlSign]))
        .build(&root_key);
    let ca = CertBuilder::new()
        .serial_u64(2)
        .issuer(&root_name)
        .subject_raw(pkits_ca.subject.raw.to_vec())
        .validity_days("2015-01-01T00:00:00Z", 7300)
        .spki_raw(pkits_ca.spki.raw.to_vec())
        .extension(ext::basic_constraints(true, None))
        .extension(ext::key_usage(&[KeyUsage::KeyCertSign, KeyUsage::CrlSign]))
        .build(&root_key);
    let mut o = opts();
    o.revocation = Mode::Off;
    let report = validate(&leaf, &[&ca], &[&root], &[], &o).unwrap();
    let detail = bad_signature_on_leaf(&report);
    assert!(detail.contains("no domain parameters"), "{detail}");
    assert_eq!(report.paths[0].certificates.len(), 3);
}
