//! The case's real hierarchy (../shared/corpus/secom): SureMail CA G5
//! validates to Security Communication RootCA2 for S/MIME; the 2022
//! yahoo.co.jp leaf validates at its issuance time only through the 2019
//! issuance of SureServer CA G4; the other "Cybertrust Japan SureMail CA G5"
//! (issued by SecureSign Root CA12) does not chain to RootCA2.
#![allow(clippy::expect_used, clippy::unwrap_used, missing_docs)]

mod common;

use std::path::Path;

use path::{Error, Options, PeerName, Purpose, Report, validate};

fn read(dir: &Path, f: &str) -> Vec<Vec<u8>> {
    common::pems(&std::fs::read_to_string(dir.join(f)).expect("corpus file"))
}

fn at(s: &str) -> i64 {
    cert::time::parse_iso(s).expect("time")
}

fn run(leaf: &[u8], intermediates: &[Vec<u8>], roots: &[Vec<u8>], opts: &Options) -> Report {
    let i: Vec<&[u8]> = intermediates.iter().map(Vec::as_slice).collect();
    let r: Vec<&[u8]> = roots.iter().map(Vec::as_slice).collect();
    validate(leaf, &i, &r, &[], opts).expect("usable input")
}

#[test]
fn suremail_g5_chains_to_rootca2_for_smime() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let dir = corpus.join("secom");
    let root = read(&dir, "Security_Communication_RootCA2.pem");
    let bundle = read(&dir, "ccadb_secom_cybertrust_family_bundle.pem");
    let g5 = read(&dir, "Cybertrust_Japan_SureMail_CA_G5.pem").remove(0);
    let mut opts = Options::at(at("2026-01-01"));
    opts.purpose = Purpose::Smime;
    let report = run(&g5, &bundle, &root, &opts);
    let path = report.valid_path().expect("a valid path");
    assert!(report.sha256.starts_with("995C3C64"));
    assert_eq!(
        path.certificates.len(),
        2,
        "G5 is issued directly by RootCA2"
    );
    assert!(
        path.certificates[1]
            .subject
            .contains("Security Communication RootCA2")
    );
    assert_eq!(path.certificates[1].role, "trust-anchor");
    // The S/MIME BR reserved policy (strict mailbox) survives the path.
    assert!(
        path.policies.iter().any(|p| p == "2.23.140.1.5.2.3"),
        "{:?}",
        path.policies
    );

    // For TLS the same CA is refused: its EKU is emailProtection only.
    opts.purpose = Purpose::Tls;
    let report = run(&g5, &bundle, &root, &opts);
    assert!(!report.is_valid());
    let f = report.paths[0].failure.as_ref().unwrap();
    assert!(matches!(f.error, Error::WrongPurpose { .. }), "{f}");
}

#[test]
fn yahoo_2022_leaf_validates_only_through_the_2019_sureserver_g4() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let dir = corpus.join("secom");
    let root = read(&dir, "Security_Communication_RootCA2.pem");
    let mut g4 = read(&dir, "Cybertrust_Japan_SureServer_CA_G4.2019-issuance.pem");
    g4.extend(read(
        &dir,
        "Cybertrust_Japan_SureServer_CA_G4.2023-issuance.pem",
    ));
    let leaf = read(&dir, "leaf_edge01.yahoo.co.jp_2022.pem").remove(0);
    let mut opts = Options::at(at("2022-04-06T10:01:27Z")); // its notBefore
    opts.purpose = Purpose::Tls;
    opts.name = Some(PeerName::Dns("edge01.yahoo.co.jp".into()));
    let report = run(&leaf, &g4, &root, &opts);
    let valid: Vec<_> = report.paths.iter().filter(|p| p.valid).collect();
    assert_eq!(valid.len(), 1, "{report:#?}");
    assert!(
        valid[0].certificates[1].sha256.starts_with("0207056D"),
        "the 2019 issuance"
    );
    // The 2023 issuance (same name and key) is a candidate too, and fails:
    // it was not yet valid in 2022.
    let other = report
        .paths
        .iter()
        .find(|p| p.certificates[1].sha256.starts_with("8346922C"))
        .expect("the 2023 issuance is tried");
    let f = other.failure.as_ref().unwrap();
    assert_eq!(f.position, 1);
    assert!(matches!(f.error, Error::NotYetValid { .. }), "{f}");

    // Without the 2019 issuance there is no valid path at that time.
    let only_2023 = vec![g4[1].clone()];
    assert!(!run(&leaf, &only_2023, &root, &opts).is_valid());
    // A name the leaf does not carry is refused.
    opts.name = Some(PeerName::Dns("example.com".into()));
    let report = run(&leaf, &g4, &root, &opts);
    assert!(!report.is_valid());
}

#[test]
fn the_other_suremail_g5_does_not_chain_to_rootca2() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let dir = corpus.join("secom");
    let root = read(&dir, "Security_Communication_RootCA2.pem");
    let bundle = read(&dir, "ccadb_secom_cybertrust_family_bundle.pem");
    let other = read(
        &dir,
        "namecollision_Cybertrust_Japan_SureMail_CA_G5.issued-by-SecureSign_Root_CA12.pem",
    )
    .remove(0);
    let mut opts = Options::at(at("2026-01-01"));
    opts.purpose = Purpose::Smime;
    let report = run(&other, &bundle, &root, &opts);
    assert!(!report.is_valid());
    let f = report.paths[0].failure.as_ref().unwrap();
    assert!(matches!(f.error, Error::NoIssuer { .. }), "{f}");
    assert!(f.to_string().contains("SecureSign Root CA12"), "{f}");
}
