//! QC statements: statementInfo follows the ETSI EN 319 412-5 syntax.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use lint::{Linter, Options, ProfileChoice};
use testkit::der::{ia5, oid, printable, seq, utf8};
use testkit::presets::{self, Generation, Validation};

const CODE: &str = "etsi.qc_statement.info_malformed";

fn codes_with(statements: &[u8]) -> Vec<&'static str> {
    let der = presets::smime_leaf(Validation::Organization, Generation::Multipurpose)
        .extension(testkit::ext::raw(
            "1.3.6.1.5.5.7.1.3",
            None,
            statements.to_vec(),
        ))
        .build_signed();
    let p = lint::Profile::from_name("smime-organization-multipurpose").unwrap();
    let r = Linter::new().lint_der(
        &der,
        &Options {
            profile: ProfileChoice::Fixed(p),
            issuer: None,
        },
    );
    r.findings.iter().map(|f| f.code).collect()
}

fn pds(language: &[u8]) -> Vec<u8> {
    let loc = seq(&[&ia5("https://example.com/pds"), language]);
    seq(&[&seq(&[&oid("0.4.0.1862.1.5"), &seq(&[&loc])])])
}

#[test]
fn pds_language_must_be_printable() {
    assert!(!codes_with(&pds(&printable("en"))).contains(&CODE));
    assert!(codes_with(&pds(&utf8("en"))).contains(&CODE));
}

#[test]
fn other_statements() {
    let compliance = seq(&[&seq(&[&oid("0.4.0.1862.1.1")])]);
    assert!(!codes_with(&compliance).contains(&CODE));
    let compliance_with_info = seq(&[&seq(&[&oid("0.4.0.1862.1.1"), &testkit::der::null()])]);
    assert!(codes_with(&compliance_with_info).contains(&CODE));
    let cc = |c: &[u8]| seq(&[&seq(&[&oid("0.4.0.1862.1.7"), &seq(&[c])])]);
    assert!(!codes_with(&cc(&printable("DE"))).contains(&CODE));
    assert!(codes_with(&cc(&printable("DEU"))).contains(&CODE));
    let qctype = |t: &[u8]| seq(&[&seq(&[&oid("0.4.0.1862.1.6"), &seq(&[t])])]);
    assert!(!codes_with(&qctype(&oid("0.4.0.1862.1.6.1"))).contains(&CODE));
    assert!(codes_with(&qctype(&utf8("esign"))).contains(&CODE));
}
