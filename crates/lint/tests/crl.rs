//! CRL rules: for each rule a CRL that passes and one that fails, built with
//! testkit's CRL builder; plus kind detection, sniffing and hostile input.
#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is the failure

mod common;

use std::sync::OnceLock;

use cert::Certificate;
use lint::Severity;
use lint::crl::{CrlKind, crl_catalogue, lint_crl_der, looks_like_crl};
use testkit::crl::{self as tcrl, CrlBuilder, Idp};
use testkit::der;
use testkit::ext::{self, GeneralName, KeyUsage, oid};
use testkit::presets;

fn root_der() -> &'static [u8] {
    static R: OnceLock<Vec<u8>> = OnceLock::new();
    R.get_or_init(|| presets::root_ca().build_signed())
}

fn root() -> Certificate<'static> {
    Certificate::parse(root_der()).expect("root parses")
}

/// A compliant CRL by the testkit root: two entries with allowed reasons.
fn base() -> CrlBuilder {
    CrlBuilder::new(&presets::root_name(), presets::root_key())
        .revoke(&[0x11; 16], "250220000000Z", &[tcrl::reason_code(1)])
        .revoke(&[0x22; 16], "250221000000Z", &[tcrl::reason_code(4)])
}

fn codes_with(der: &[u8], issuer: Option<&Certificate<'_>>, kind: CrlKind) -> Vec<&'static str> {
    lint_crl_der(der, issuer, kind)
        .findings
        .iter()
        .map(|f| f.code)
        .collect()
}

fn codes(der: &[u8], kind: CrlKind) -> Vec<&'static str> {
    codes_with(der, None, kind)
}

#[track_caller]
fn fails(b: &CrlBuilder, kind: CrlKind, code: &str) {
    let der = b.build();
    let c = codes(&der, kind);
    assert!(c.contains(&code), "{code} expected for {kind:?}, got {c:?}");
}

#[track_caller]
fn passes(b: &CrlBuilder, kind: CrlKind, code: &str) {
    let der = b.build();
    let c = codes(&der, kind);
    assert!(!c.contains(&code), "{code} unexpected for {kind:?}: {c:?}");
}

fn entry_raw(parts: &[&[u8]]) -> Vec<u8> {
    der::seq(parts)
}

#[test]
fn base_is_clean_for_every_kind() {
    let der = base().build();
    let root = root();
    for kind in CrlKind::ALL {
        let r = lint_crl_der(&der, Some(&root), kind);
        assert!(r.findings.is_empty(), "{kind:?}: {:?}", r.findings);
        assert_eq!(r.profile, kind.name());
        assert_eq!(r.subject, "C=US, O=Testkit, CN=Testkit Root CA");
    }
}

#[test]
fn catalogue_lists_every_rule_with_citation() {
    let cat = crl_catalogue();
    assert!(cat.len() > 50);
    for r in cat {
        assert!(
            !r.citation.is_empty() && !r.summary.is_empty(),
            "{}",
            r.code
        );
        assert!(
            r.citation.starts_with("RFC 5280")
                || r.citation.starts_with("TLS BR")
                || r.citation.starts_with("SMIME BR"),
            "{}",
            r.citation
        );
    }
}

#[test]
fn undecodable_and_trailing() {
    let der = base().build();
    let r = lint_crl_der(&der[..der.len() - 10], None, CrlKind::Rfc5280);
    assert_eq!(r.findings.len(), 1);
    assert_eq!(r.findings[0].code, "crl.undecodable");
    assert_eq!(r.findings[0].severity, Severity::Fatal);

    let mut b = base();
    b.push_entry(&entry_raw(&[&der::int_u64(5)]));
    fails(&b, CrlKind::Rfc5280, "crl.entry_undecodable");
    passes(&base(), CrlKind::Rfc5280, "crl.entry_undecodable");

    let mut with_tail = der.clone();
    with_tail.push(0);
    assert!(codes(&with_tail, CrlKind::Rfc5280).contains(&"crl.der.trailing_data"));
    assert!(!codes(&der, CrlKind::Rfc5280).contains(&"crl.der.trailing_data"));
}

#[test]
fn der_issues() {
    let b = base()
        .remove_extension(tcrl::CRL_NUMBER)
        .extension(tcrl::crl_number(1).explicit_false());
    fails(&b, CrlKind::Rfc5280, "crl.der.not_der");
    // In an entry, too.
    let b = base().revoke(
        &[0x33; 16],
        "250221000000Z",
        &[tcrl::reason_code(1).explicit_false()],
    );
    fails(&b, CrlKind::Rfc5280, "crl.der.not_der");
    passes(&base(), CrlKind::Rfc5280, "crl.der.not_der");
}

#[test]
fn extension_undecodable_and_duplicate() {
    let bad = ext::raw(tcrl::CRL_NUMBER, None, der::octet_string(b"x"));
    let b = base().remove_extension(tcrl::CRL_NUMBER).extension(bad);
    fails(&b, CrlKind::Rfc5280, "rfc5280.crl.extension_undecodable");
    let bad_reason = ext::raw(tcrl::REASON_CODE, None, der::int_u64(1));
    let b = base().revoke(&[0x33; 16], "250221000000Z", &[bad_reason]);
    fails(&b, CrlKind::Rfc5280, "rfc5280.crl.extension_undecodable");
    passes(
        &base(),
        CrlKind::Rfc5280,
        "rfc5280.crl.extension_undecodable",
    );

    let b = base().extension(tcrl::crl_number(2));
    fails(&b, CrlKind::Rfc5280, "rfc5280.crl.extension_duplicate");
    passes(&base(), CrlKind::Rfc5280, "rfc5280.crl.extension_duplicate");
}

#[test]
fn version() {
    let mut b = base();
    b.version = None;
    fails(&b, CrlKind::Rfc5280, "rfc5280.crl.version_missing");
    passes(&base(), CrlKind::Rfc5280, "rfc5280.crl.version_missing");
    let mut b = base();
    b.version = Some(der::int_u64(2));
    fails(&b, CrlKind::TlsSubscriber, "rfc5280.crl.version_not_v2");
    passes(
        &base(),
        CrlKind::TlsSubscriber,
        "rfc5280.crl.version_not_v2",
    );
}

#[test]
fn signature_algorithms_and_signature() {
    let root = root();
    // The TBS says ecdsa-with-SHA256 while the outer (and the signature) are SHA-384.
    let mut b = base();
    b.tbs_sig_alg = der::from_hex(testkit::keys::alg::ECDSA_SHA256);
    fails(
        &b,
        CrlKind::Rfc5280,
        "rfc5280.crl.signature_algorithm_mismatch",
    );
    passes(
        &base(),
        CrlKind::Rfc5280,
        "rfc5280.crl.signature_algorithm_mismatch",
    );

    // Outer algorithm changed too: consistent, but unverifiable with the issuer.
    b.outer_sig_alg = der::from_hex(testkit::keys::alg::ECDSA_SHA256);
    let der = b.build();
    let c = codes_with(&der, Some(&root), CrlKind::Rfc5280);
    assert!(c.contains(&"rfc5280.crl.signature_invalid"), "{c:?}");
    assert!(
        !c.contains(&"rfc5280.crl.signature_algorithm_mismatch"),
        "{c:?}"
    );

    // Signed by another key.
    let mut b = base();
    b.signer = presets::smime_ca_key();
    b.sign_alg = b.signer.default_sig_alg();
    b.tbs_sig_alg = b.sign_alg.alg_id_der();
    b.outer_sig_alg = b.sign_alg.alg_id_der();
    let der = b.build();
    let c = codes_with(&der, Some(&root), CrlKind::Rfc5280);
    assert!(c.contains(&"rfc5280.crl.signature_invalid"), "{c:?}");
    let good = base().build();
    assert!(
        !codes_with(&good, Some(&root), CrlKind::Rfc5280)
            .contains(&"rfc5280.crl.signature_invalid")
    );
}

#[test]
fn issuer_checks() {
    let mut b = base();
    b.issuer = testkit::Name::new().to_der();
    fails(&b, CrlKind::Rfc5280, "rfc5280.crl.issuer_empty");
    passes(&base(), CrlKind::Rfc5280, "rfc5280.crl.issuer_empty");

    let root = root();
    let mut b = base();
    b.issuer = presets::smime_ca_name().to_der();
    let der = b.build();
    assert!(
        codes_with(&der, Some(&root), CrlKind::TlsCa).contains(&"tls.crl.issuer_not_identical")
    );
    assert!(
        !codes_with(&base().build(), Some(&root), CrlKind::TlsCa)
            .contains(&"tls.crl.issuer_not_identical")
    );

    let no_crl_sign = presets::root_ca()
        .replace_extension(ext::key_usage(&[KeyUsage::KeyCertSign]))
        .build_signed();
    let no_crl_sign = Certificate::parse(&no_crl_sign).expect("parses");
    let der = base().build();
    assert!(
        codes_with(&der, Some(&no_crl_sign), CrlKind::Rfc5280)
            .contains(&"rfc5280.crl.issuer_lacks_crl_sign")
    );
    assert!(
        !codes_with(&der, Some(&root), CrlKind::Rfc5280)
            .contains(&"rfc5280.crl.issuer_lacks_crl_sign")
    );

    let b = base()
        .remove_extension(tcrl::AUTHORITY_KEY_IDENTIFIER)
        .extension(tcrl::aki(&[1, 2, 3]));
    let der = b.build();
    assert!(codes_with(&der, Some(&root), CrlKind::Rfc5280).contains(&"rfc5280.crl.aki_mismatch"));
    assert!(
        !codes_with(&base().build(), Some(&root), CrlKind::Rfc5280)
            .contains(&"rfc5280.crl.aki_mismatch")
    );
}

#[test]
fn times() {
    let mut b = base();
    b.this_update = der::utc_time("251301000000Z");
    fails(&b, CrlKind::Rfc5280, "rfc5280.crl.time_undecodable");
    let b = base().revoke(&[0x33; 16], "25022100000", &[]);
    fails(&b, CrlKind::Rfc5280, "rfc5280.crl.time_undecodable");
    passes(&base(), CrlKind::Rfc5280, "rfc5280.crl.time_undecodable");

    let b = base().times("2503010000Z", Some("250305000000Z"));
    fails(&b, CrlKind::Rfc5280, "rfc5280.crl.utctime_format");
    let b = base().revoke(&[0x33; 16], "250221000000+0100", &[]);
    fails(&b, CrlKind::Rfc5280, "rfc5280.crl.utctime_format");
    passes(&base(), CrlKind::Rfc5280, "rfc5280.crl.utctime_format");

    let b = base().revoke(
        &[0x33; 16],
        "250221000000Z",
        &[tcrl::invalidity_date("20250101000000")],
    );
    fails(&b, CrlKind::Rfc5280, "rfc5280.crl.generalized_time_format");
    let b = base().revoke(
        &[0x33; 16],
        "250221000000Z",
        &[tcrl::invalidity_date("20250101000000Z")],
    );
    passes(&b, CrlKind::Rfc5280, "rfc5280.crl.generalized_time_format");

    let mut b = base();
    b.this_update = der::generalized_time("20250301000000Z");
    fails(&b, CrlKind::Rfc5280, "rfc5280.crl.wrong_time_type");
    let mut b = base();
    b.next_update = Some(der::generalized_time("20500101000000Z"));
    passes(&b, CrlKind::Rfc5280, "rfc5280.crl.wrong_time_type");
    let mut b = base();
    b.push_entry(&tcrl::entry(
        &[0x44; 16],
        &der::generalized_time("20250221000000Z"),
        &[],
    ));
    fails(&b, CrlKind::Rfc5280, "rfc5280.crl.wrong_time_type");
    // Before 1950 UTCTime cannot express the date.
    let mut b = base();
    b.push_entry(&tcrl::entry(
        &[0x44; 16],
        &der::generalized_time("19490221000000Z"),
        &[],
    ));
    passes(&b, CrlKind::Rfc5280, "rfc5280.crl.wrong_time_type");

    let b = base().times("250301000000Z", None);
    fails(&b, CrlKind::Rfc5280, "rfc5280.crl.next_update_missing");
    passes(&base(), CrlKind::Rfc5280, "rfc5280.crl.next_update_missing");

    let b = base().times("250301000000Z", Some("250201000000Z"));
    fails(
        &b,
        CrlKind::Rfc5280,
        "rfc5280.crl.next_update_before_this_update",
    );
    let b = base().times("250301000000Z", Some("250301000000Z"));
    passes(
        &b,
        CrlKind::Rfc5280,
        "rfc5280.crl.next_update_before_this_update",
    );
}

#[test]
fn next_update_limits() {
    let ten = base().times("250301000000Z", Some("250311000000Z"));
    let eleven = base().times("250301000000Z", Some("250311000001Z"));
    let year = base().times("250301000000Z", Some("260301000000Z"));
    let over_year = base().times("250301000000Z", Some("260301000001Z"));
    for (kind, code) in [
        (
            CrlKind::TlsSubscriber,
            "tls.crl.subscriber_next_update_too_late",
        ),
        (
            CrlKind::SmimeSubscriber,
            "smime.crl.subscriber_next_update_too_late",
        ),
    ] {
        passes(&ten, kind, code);
        fails(&eleven, kind, code);
    }
    for (kind, code) in [
        (CrlKind::TlsCa, "tls.crl.ca_next_update_too_late"),
        (CrlKind::SmimeCa, "smime.crl.ca_next_update_too_late"),
    ] {
        passes(&year, kind, code);
        fails(&over_year, kind, code);
        // The subscriber limit does not apply to CA CRLs.
        passes(&year, kind, "tls.crl.subscriber_next_update_too_late");
    }
    // RFC 5280 alone sets no limit.
    let c = codes(&over_year.build(), CrlKind::Rfc5280);
    assert!(c.is_empty(), "{c:?}");
}

#[test]
fn entries() {
    let mut b = base();
    b.revoked = Some(Vec::new());
    fails(
        &b,
        CrlKind::Rfc5280,
        "rfc5280.crl.revoked_certificates_empty",
    );
    let mut b = base();
    b.revoked = None;
    passes(
        &b,
        CrlKind::Rfc5280,
        "rfc5280.crl.revoked_certificates_empty",
    );

    let date = der::utc_time("250221000000Z");
    let mut b = base();
    b.push_entry(&entry_raw(&[&der::int_raw(&[0xff, 0x01]), &date]));
    fails(&b, CrlKind::Rfc5280, "rfc5280.crl.serial_not_positive");
    let mut b = base();
    b.push_entry(&entry_raw(&[&der::int_raw(&[0x00]), &date]));
    fails(&b, CrlKind::Rfc5280, "rfc5280.crl.serial_not_positive");
    passes(&base(), CrlKind::Rfc5280, "rfc5280.crl.serial_not_positive");

    let mut long = vec![0x01];
    long.extend([0xaa; 20]);
    fails(
        &base().revoke(&long, "250221000000Z", &[]),
        CrlKind::Rfc5280,
        "rfc5280.crl.serial_too_long",
    );
    // 20 octets including a 0x00 sign octet is allowed.
    let mut twenty = vec![0x7f];
    twenty.extend([0xaa; 19]);
    passes(
        &base().revoke(&twenty, "250221000000Z", &[]),
        CrlKind::Rfc5280,
        "rfc5280.crl.serial_too_long",
    );

    let b = base().revoke(&[0x11; 16], "250222000000Z", &[]);
    fails(&b, CrlKind::Rfc5280, "rfc5280.crl.duplicate_serial");
    passes(&base(), CrlKind::Rfc5280, "rfc5280.crl.duplicate_serial");
    // The same serial for a different certificate issuer of an indirect CRL is not a duplicate.
    let mut ind = Idp::uri("http://crl.example.com/ind.crl");
    ind.indirect = true;
    let b = base().extension(ind.extension()).revoke(
        &[0x11; 16],
        "250222000000Z",
        &[tcrl::certificate_issuer(&presets::smime_ca_name())],
    );
    passes(&b, CrlKind::Rfc5280, "rfc5280.crl.duplicate_serial");

    let mut b = base();
    b.push_entry(&entry_raw(&[&der::int_u64(7), &date, &der::seq(&[])]));
    fails(&b, CrlKind::Rfc5280, "rfc5280.crl.entry_extensions_empty");
    passes(
        &base(),
        CrlKind::Rfc5280,
        "rfc5280.crl.entry_extensions_empty",
    );
}

#[test]
fn reason_codes() {
    let with = |r: testkit::ext::Extension| base().revoke(&[0x33; 16], "250221000000Z", &[r]);
    let unspecified = with(tcrl::reason_code(0));
    fails(
        &unspecified,
        CrlKind::Rfc5280,
        "rfc5280.crl.reason_code_unspecified",
    );
    passes(
        &base(),
        CrlKind::Rfc5280,
        "rfc5280.crl.reason_code_unspecified",
    );
    // The BR kinds report their own error instead of the RFC 5280 warning.
    passes(
        &unspecified,
        CrlKind::TlsSubscriber,
        "rfc5280.crl.reason_code_unspecified",
    );
    fails(
        &unspecified,
        CrlKind::TlsSubscriber,
        "tls.crl.reason_code_prohibited",
    );
    fails(
        &unspecified,
        CrlKind::SmimeSubscriber,
        "smime.crl.reason_code_unspecified",
    );
    passes(
        &base(),
        CrlKind::SmimeSubscriber,
        "smime.crl.reason_code_unspecified",
    );

    for code in [2u8, 6, 8, 10] {
        fails(
            &with(tcrl::reason_code(code)),
            CrlKind::TlsCa,
            "tls.crl.reason_code_prohibited",
        );
    }
    for code in [1u8, 3, 4, 5, 9] {
        passes(
            &with(tcrl::reason_code(code)),
            CrlKind::TlsCa,
            "tls.crl.reason_code_prohibited",
        );
    }

    fails(
        &with(tcrl::reason_code(1).critical()),
        CrlKind::Rfc5280,
        "rfc5280.crl.reason_code_critical",
    );
    passes(
        &base(),
        CrlKind::Rfc5280,
        "rfc5280.crl.reason_code_critical",
    );
    fails(
        &with(tcrl::reason_code(7)),
        CrlKind::Rfc5280,
        "rfc5280.crl.reason_code_undefined",
    );
    passes(
        &with(tcrl::reason_code(10)),
        CrlKind::Rfc5280,
        "rfc5280.crl.reason_code_undefined",
    );

    let missing = base().revoke(&[0x33; 16], "250221000000Z", &[]);
    fails(
        &missing,
        CrlKind::TlsCa,
        "tls.crl.reason_code_missing_for_ca",
    );
    passes(
        &missing,
        CrlKind::TlsSubscriber,
        "tls.crl.reason_code_missing_for_ca",
    );
    fails(
        &missing,
        CrlKind::SmimeCa,
        "smime.crl.reason_code_missing_for_ca",
    );
    passes(
        &base(),
        CrlKind::SmimeCa,
        "smime.crl.reason_code_missing_for_ca",
    );

    fails(
        &with(tcrl::reason_code(6)),
        CrlKind::SmimeCa,
        "smime.crl.certificate_hold_for_ca",
    );
    passes(
        &with(tcrl::reason_code(6)),
        CrlKind::SmimeSubscriber,
        "smime.crl.certificate_hold_for_ca",
    );
}

#[test]
fn certificate_issuer() {
    let ci = tcrl::certificate_issuer(&presets::smime_ca_name());
    let b = base().revoke(&[0x33; 16], "250221000000Z", std::slice::from_ref(&ci));
    fails(
        &b,
        CrlKind::Rfc5280,
        "rfc5280.crl.certificate_issuer_not_indirect",
    );
    fails(&b, CrlKind::TlsSubscriber, "tls.crl.indirect");
    let mut idp = Idp::uri("http://crl.example.com/ind.crl");
    idp.indirect = true;
    let b = base().extension(idp.extension()).revoke(
        &[0x33; 16],
        "250221000000Z",
        std::slice::from_ref(&ci),
    );
    passes(
        &b,
        CrlKind::Rfc5280,
        "rfc5280.crl.certificate_issuer_not_indirect",
    );
    fails(&b, CrlKind::TlsSubscriber, "tls.crl.indirect");
    passes(&base(), CrlKind::TlsSubscriber, "tls.crl.indirect");

    let b = base().extension(idp.extension()).revoke(
        &[0x33; 16],
        "250221000000Z",
        &[ci.clone().non_critical()],
    );
    fails(
        &b,
        CrlKind::Rfc5280,
        "rfc5280.crl.certificate_issuer_not_critical",
    );
    let b = base()
        .extension(idp.extension())
        .revoke(&[0x33; 16], "250221000000Z", &[ci]);
    passes(
        &b,
        CrlKind::Rfc5280,
        "rfc5280.crl.certificate_issuer_not_critical",
    );
}

#[test]
fn crl_extensions() {
    let mut b = base();
    b.extensions = Some(Vec::new());
    fails(&b, CrlKind::Rfc5280, "rfc5280.crl.extensions_empty");
    passes(&base(), CrlKind::Rfc5280, "rfc5280.crl.extensions_empty");

    let no_aki = base().remove_extension(tcrl::AUTHORITY_KEY_IDENTIFIER);
    fails(&no_aki, CrlKind::Rfc5280, "rfc5280.crl.aki_missing");
    passes(&base(), CrlKind::Rfc5280, "rfc5280.crl.aki_missing");
    let empty_aki = no_aki.clone().extension(ext::raw(
        tcrl::AUTHORITY_KEY_IDENTIFIER,
        None,
        der::seq(&[]),
    ));
    fails(
        &empty_aki,
        CrlKind::Rfc5280,
        "rfc5280.crl.aki_key_id_missing",
    );
    passes(&base(), CrlKind::Rfc5280, "rfc5280.crl.aki_key_id_missing");
    let crit_aki = no_aki.extension(tcrl::aki(&presets::root_key().key_id()).critical());
    fails(&crit_aki, CrlKind::Rfc5280, "rfc5280.crl.aki_critical");
    passes(&base(), CrlKind::Rfc5280, "rfc5280.crl.aki_critical");

    let no_number = base().remove_extension(tcrl::CRL_NUMBER);
    fails(&no_number, CrlKind::Rfc5280, "rfc5280.crl.number_missing");
    passes(&base(), CrlKind::Rfc5280, "rfc5280.crl.number_missing");
    fails(
        &no_number.clone().extension(tcrl::crl_number(9).critical()),
        CrlKind::Rfc5280,
        "rfc5280.crl.number_critical",
    );
    passes(&base(), CrlKind::Rfc5280, "rfc5280.crl.number_critical");
    let neg = ext::raw(tcrl::CRL_NUMBER, None, der::int_raw(&[0xff]));
    fails(
        &no_number.clone().extension(neg),
        CrlKind::Rfc5280,
        "rfc5280.crl.number_out_of_range",
    );
    let mut long = vec![0x01];
    long.extend([0; 20]);
    let long = ext::raw(tcrl::CRL_NUMBER, None, der::int_bytes(&long));
    fails(
        &no_number.clone().extension(long),
        CrlKind::Rfc5280,
        "rfc5280.crl.number_out_of_range",
    );
    let max = ext::raw(tcrl::CRL_NUMBER, None, der::int_bytes(&[0x7f; 20]));
    passes(
        &no_number.extension(max),
        CrlKind::Rfc5280,
        "rfc5280.crl.number_out_of_range",
    );

    fails(
        &base().extension(tcrl::delta_crl_indicator(1).non_critical()),
        CrlKind::Rfc5280,
        "rfc5280.crl.delta_indicator_not_critical",
    );
    passes(
        &base().extension(tcrl::delta_crl_indicator(1)),
        CrlKind::Rfc5280,
        "rfc5280.crl.delta_indicator_not_critical",
    );

    let freshest = tcrl::freshest_crl(&["http://crl.example.com/delta.crl"]);
    passes(
        &base().extension(freshest.clone()),
        CrlKind::Rfc5280,
        "rfc5280.crl.freshest_crl_critical",
    );
    fails(
        &base().extension(freshest.clone().critical()),
        CrlKind::Rfc5280,
        "rfc5280.crl.freshest_crl_critical",
    );
    fails(
        &base()
            .extension(tcrl::delta_crl_indicator(1))
            .extension(freshest.clone()),
        CrlKind::Rfc5280,
        "rfc5280.crl.freshest_crl_in_delta",
    );
    passes(
        &base().extension(freshest),
        CrlKind::Rfc5280,
        "rfc5280.crl.freshest_crl_in_delta",
    );

    let unknown = ext::raw("1.2.3.4", Some(true), der::null());
    fails(
        &base().extension(unknown),
        CrlKind::Rfc5280,
        "rfc5280.crl.unknown_critical_extension",
    );
    let known = ext::raw("1.2.3.4", None, der::null());
    passes(
        &base().extension(known.clone()),
        CrlKind::Rfc5280,
        "rfc5280.crl.unknown_critical_extension",
    );
    fails(
        &base().extension(known),
        CrlKind::TlsSubscriber,
        "tls.crl.extension_not_recommended",
    );
    passes(
        &base(),
        CrlKind::TlsSubscriber,
        "tls.crl.extension_not_recommended",
    );

    let inv = base().revoke(
        &[0x33; 16],
        "250221000000Z",
        &[tcrl::invalidity_date("20250101000000Z")],
    );
    fails(
        &inv,
        CrlKind::TlsSubscriber,
        "tls.crl.entry_extension_not_recommended",
    );
    passes(
        &base(),
        CrlKind::TlsSubscriber,
        "tls.crl.entry_extension_not_recommended",
    );
}

#[test]
fn issuing_distribution_point() {
    let good = Idp::uri("http://crl.example.com/1.crl");
    let with = |i: &Idp| base().extension(i.extension());
    for code in [
        "rfc5280.crl.idp_not_critical",
        "rfc5280.crl.idp_empty",
        "rfc5280.crl.idp_multiple_scopes",
        "rfc5280.crl.invalid_uri",
        "tls.crl.idp_full_name_missing",
        "tls.crl.idp_non_uri_name",
        "tls.crl.idp_attribute_certs",
        "tls.crl.idp_only_some_reasons",
        "tls.crl.indirect",
    ] {
        passes(&with(&good), CrlKind::TlsSubscriber, code);
    }
    fails(
        &base().extension(good.extension().non_critical()),
        CrlKind::Rfc5280,
        "rfc5280.crl.idp_not_critical",
    );
    fails(
        &with(&Idp::default()),
        CrlKind::Rfc5280,
        "rfc5280.crl.idp_empty",
    );
    let mut both = good.clone();
    both.only_user = true;
    both.only_ca = true;
    fails(
        &with(&both),
        CrlKind::Rfc5280,
        "rfc5280.crl.idp_multiple_scopes",
    );
    fails(
        &with(&Idp::uri("localhost")),
        CrlKind::Rfc5280,
        "rfc5280.crl.invalid_uri",
    );
    fails(
        &base().extension(tcrl::freshest_crl(&["not a uri"])),
        CrlKind::Rfc5280,
        "rfc5280.crl.invalid_uri",
    );

    let scope_only = Idp {
        only_user: true,
        ..Idp::default()
    };
    fails(
        &with(&scope_only),
        CrlKind::TlsSubscriber,
        "tls.crl.idp_full_name_missing",
    );
    passes(
        &with(&scope_only),
        CrlKind::Rfc5280,
        "tls.crl.idp_full_name_missing",
    );
    let mut dns = good.clone();
    dns.full_name = Some(vec![GeneralName::Dns("crl.example.com".into())]);
    fails(
        &with(&dns),
        CrlKind::TlsSubscriber,
        "tls.crl.idp_non_uri_name",
    );
    let mut attr = good.clone();
    attr.only_attribute = true;
    fails(
        &with(&attr),
        CrlKind::TlsSubscriber,
        "tls.crl.idp_attribute_certs",
    );
    let mut reasons = good.clone();
    reasons.only_some_reasons = Some(vec![1]);
    fails(
        &with(&reasons),
        CrlKind::TlsSubscriber,
        "tls.crl.idp_only_some_reasons",
    );
    let mut indirect = good;
    indirect.indirect = true;
    fails(&with(&indirect), CrlKind::TlsSubscriber, "tls.crl.indirect");
}

#[test]
fn detection() {
    let root = root();
    let tls_root_der = presets::root_ca()
        .extension(ext::ext_key_usage(&[oid::KP_SERVER_AUTH]))
        .build_signed();
    let tls_root = Certificate::parse(&tls_root_der).expect("parses");
    let subca_der = presets::smime_subca().build_signed();
    let subca = Certificate::parse(&subca_der).expect("parses");
    let plain = base().build();
    let profile = |der: &[u8], issuer: Option<&Certificate<'_>>| {
        lint_crl_der(der, issuer, CrlKind::Auto).profile
    };
    assert_eq!(profile(&plain, None), "crl");
    assert_eq!(profile(&plain, Some(&root)), "crl");
    assert_eq!(profile(&plain, Some(&tls_root)), "crl-tls-ca");
    let users = base()
        .extension(
            Idp {
                only_user: true,
                ..Idp::uri("http://crl.example.com/u.crl")
            }
            .extension(),
        )
        .build();
    assert_eq!(profile(&users, Some(&subca)), "crl-smime-subscriber");
    let cas = base()
        .extension(
            Idp {
                only_ca: true,
                ..Idp::uri("http://crl.example.com/c.crl")
            }
            .extension(),
        )
        .build();
    assert_eq!(profile(&cas, Some(&subca)), "crl-smime-ca");
    assert_eq!(profile(&cas, None), "crl");
    // A subordinate CA's CRL without an IDP covers its Subscriber Certificates.
    assert_eq!(profile(&plain, Some(&subca)), "crl-smime-subscriber");
    for k in CrlKind::ALL {
        assert_eq!(CrlKind::from_name(k.name()), Some(k));
    }
}

#[test]
fn sniffing() {
    let crl = base().build();
    assert!(looks_like_crl(&crl));
    let mut v1 = base();
    v1.version = None;
    assert!(looks_like_crl(&v1.build()));
    assert!(!looks_like_crl(root_der()));
    let leaf = presets::smime_leaf(presets::Validation::Mailbox, presets::Generation::Strict)
        .build_signed();
    assert!(!looks_like_crl(&leaf));
    let v1_cert = presets::root_ca()
        .version(testkit::Version::V1)
        .build_signed();
    assert!(!looks_like_crl(&v1_cert));
    assert!(!looks_like_crl(&[]));
    assert!(!looks_like_crl(&[0x30, 0x03, 0x02, 0x01, 0x01]));
}

/// A CRL whose revokedCertificates header claims 10 million entries (~400 MB)
/// with only a few present: a fatal finding, quickly, without a large allocation.
#[test]
fn ten_million_entries_claimed() {
    let b = base();
    let tbs = b.tbs();
    // Rewrite the revokedCertificates length to claim 400 MB and cut the input.
    let claim: usize = 10_000_000 * 40;
    let prefix_end = {
        let d = der::content_of(&tbs);
        let kids = der::children(d);
        // version, signature, issuer, thisUpdate, nextUpdate precede revokedCertificates.
        kids[..5].iter().map(|k| k.len()).sum::<usize>()
    };
    let body = der::content_of(&tbs);
    let mut tbs_bad = Vec::new();
    tbs_bad.extend_from_slice(&body[..prefix_end]);
    tbs_bad.push(0x30);
    tbs_bad.push(0x84);
    tbs_bad.extend_from_slice(&(claim as u32).to_be_bytes());
    // The first few entries, then the data stops.
    let revoked = b.revoked.clone().unwrap_or_default();
    tbs_bad.extend_from_slice(&revoked);
    let mut input = vec![0x30, 0x84];
    input.extend_from_slice(&((claim + 1000) as u32).to_be_bytes());
    input.push(0x30);
    input.push(0x84);
    input.extend_from_slice(&((claim + 500) as u32).to_be_bytes());
    input.extend_from_slice(&tbs_bad);
    assert!(looks_like_crl(&input));
    let start = std::time::Instant::now();
    let r = lint_crl_der(&input, None, CrlKind::Auto);
    assert!(start.elapsed().as_secs_f64() < 1.0);
    assert_eq!(r.findings.len(), 1, "{:?}", r.findings);
    assert_eq!(r.findings[0].code, "crl.undecodable");
    assert!(
        r.findings[0].message.contains("truncated"),
        "{}",
        r.findings[0].message
    );

    // Consistent outer lengths, but revokedCertificates claims more than its TBS holds.
    let mut tbs_inner = Vec::new();
    tbs_inner.extend_from_slice(&body[..prefix_end]);
    tbs_inner.push(0x30);
    tbs_inner.push(0x84);
    tbs_inner.extend_from_slice(&(claim as u32).to_be_bytes());
    tbs_inner.extend_from_slice(&revoked);
    let tbs2 = der::tlv(0x30, &tbs_inner);
    let sig = der::bit_string(0, &[1, 2, 3]);
    let list = der::seq(&[&tbs2, &b.outer_sig_alg, &sig]);
    let r = lint_crl_der(&list, None, CrlKind::Auto);
    assert_eq!(r.findings.len(), 1, "{:?}", r.findings);
    assert_eq!(r.findings[0].severity, Severity::Fatal);
}

#[test]
fn many_findings_are_summarized() {
    let mut b = base();
    for i in 0..100u32 {
        b.push_entry(&tcrl::entry(
            &(i + 1000).to_be_bytes(),
            &der::utc_time("250221000000Z"),
            &[tcrl::reason_code(0)],
        ));
    }
    let r = lint_crl_der(&b.build(), None, CrlKind::TlsSubscriber);
    let n = r
        .findings
        .iter()
        .filter(|f| f.code == "tls.crl.reason_code_prohibited")
        .count();
    assert_eq!(n, lint::crl::MAX_FINDINGS_PER_RULE + 1);
    assert!(
        r.findings
            .iter()
            .any(|f| f.message.contains("80 more findings"))
    );
}

mod hostile {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
            let _ = looks_like_crl(&bytes);
            let _ = lint_crl_der(&bytes, None, CrlKind::Auto);
        }

        #[test]
        fn mutated_crls_never_panic(pos in any::<prop::sample::Index>(), val in any::<u8>(), cut in any::<prop::sample::Index>()) {
            static CRL: OnceLock<Vec<u8>> = OnceLock::new();
            let crl = CRL.get_or_init(|| {
                let mut idp = Idp::uri("http://crl.example.com/1.crl");
                idp.indirect = true;
                base()
                    .extension(idp.extension())
                    .extension(tcrl::freshest_crl(&["http://x.example/d.crl"]))
                    .revoke(&[0x33; 16], "250221000000Z", &[
                        tcrl::invalidity_date("20250101000000Z"),
                        tcrl::certificate_issuer(&presets::smime_ca_name()),
                    ])
                    .build()
            });
            let root = root();
            let mut m = crl.clone();
            let i = pos.index(m.len());
            m[i] = val;
            let _ = looks_like_crl(&m);
            for kind in [CrlKind::Auto, CrlKind::TlsCa, CrlKind::SmimeSubscriber] {
                let _ = lint_crl_der(&m, Some(&root), kind);
            }
            let c = cut.index(crl.len());
            let _ = lint_crl_der(&crl[..c], None, CrlKind::Rfc5280);
        }
    }
}

#[test]
fn tls_signature_algorithms() {
    let root = root();
    let mut b = base();
    let with_null = der::from_hex("300c06082a8648ce3d0403030500");
    b.tbs_sig_alg = with_null.clone();
    b.outer_sig_alg = with_null;
    fails(
        &b,
        CrlKind::TlsCa,
        "tls.crl.signature_algorithm_not_permitted",
    );
    passes(
        &b,
        CrlKind::Rfc5280,
        "tls.crl.signature_algorithm_not_permitted",
    );
    passes(
        &base(),
        CrlKind::TlsCa,
        "tls.crl.signature_algorithm_not_permitted",
    );

    let mut b = base();
    b.tbs_sig_alg = der::from_hex(testkit::keys::alg::ECDSA_SHA256);
    b.outer_sig_alg = der::from_hex(testkit::keys::alg::ECDSA_SHA256);
    let der = b.build();
    let c = codes_with(&der, Some(&root), CrlKind::TlsCa);
    assert!(
        c.contains(&"tls.crl.signature_algorithm_key_mismatch"),
        "{c:?}"
    );
    let c = codes_with(&base().build(), Some(&root), CrlKind::TlsCa);
    assert!(
        !c.contains(&"tls.crl.signature_algorithm_key_mismatch"),
        "{c:?}"
    );
}

#[test]
fn issuer_alt_name_and_unknown_entry_extensions() {
    let ian = ext::raw(
        "2.5.29.18",
        Some(true),
        der::seq(&[&GeneralName::Uri("http://ca.example.com".into()).to_der()]),
    );
    fails(
        &base().extension(ian.clone()),
        CrlKind::Rfc5280,
        "rfc5280.crl.issuer_alt_name_critical",
    );
    passes(
        &base().extension(ian.non_critical()),
        CrlKind::Rfc5280,
        "rfc5280.crl.issuer_alt_name_critical",
    );
    let odd = ext::raw("1.2.3.4", Some(true), der::null());
    let b = base().revoke(&[0x33; 16], "250221000000Z", std::slice::from_ref(&odd));
    fails(
        &b,
        CrlKind::Rfc5280,
        "rfc5280.crl.unknown_critical_entry_extension",
    );
    let b = base().revoke(&[0x33; 16], "250221000000Z", &[odd.non_critical()]);
    passes(
        &b,
        CrlKind::Rfc5280,
        "rfc5280.crl.unknown_critical_entry_extension",
    );
}

#[test]
fn revocation_date_and_tls_aki() {
    let late = base().revoke(&[0x33; 16], "250302000000Z", &[tcrl::reason_code(1)]);
    fails(
        &late,
        CrlKind::Rfc5280,
        "rfc5280.crl.revocation_date_after_this_update",
    );
    let same = base().revoke(&[0x33; 16], "250301000000Z", &[tcrl::reason_code(1)]);
    passes(
        &same,
        CrlKind::Rfc5280,
        "rfc5280.crl.revocation_date_after_this_update",
    );

    let key_id = presets::root_key().key_id();
    let full_aki = ext::raw(
        tcrl::AUTHORITY_KEY_IDENTIFIER,
        None,
        der::seq(&[
            &der::implicit(0, false, &key_id),
            &der::implicit(
                1,
                true,
                &GeneralName::DirName(presets::root_name()).to_der(),
            ),
            &der::implicit(2, false, &[0x01]),
        ]),
    );
    let b = base()
        .remove_extension(tcrl::AUTHORITY_KEY_IDENTIFIER)
        .extension(full_aki);
    fails(&b, CrlKind::TlsCa, "tls.crl.aki_not_key_id_only");
    passes(&b, CrlKind::Rfc5280, "tls.crl.aki_not_key_id_only");
    passes(&base(), CrlKind::TlsCa, "tls.crl.aki_not_key_id_only");

    let root = root();
    let wrong = base()
        .remove_extension(tcrl::AUTHORITY_KEY_IDENTIFIER)
        .extension(tcrl::aki(&[1, 2, 3]))
        .build();
    let c = codes_with(&wrong, Some(&root), CrlKind::TlsCa);
    assert!(c.contains(&"tls.crl.aki_mismatch"), "{c:?}");
    assert!(!c.contains(&"rfc5280.crl.aki_mismatch"), "{c:?}");
    let c = codes_with(&base().build(), Some(&root), CrlKind::TlsCa);
    assert!(!c.contains(&"tls.crl.aki_mismatch"), "{c:?}");
}

/// A second view: zlint's CRL test files (v3/testdata) and expected results,
/// for the lints our rules name as their zlint equivalent. An Error or Warn
/// result must be matched by at least one finding of a rule mapped to that
/// lint, a Pass or NA result by none; NE (not effective) rows are skipped.
#[test]
fn zlint_crl_agreement() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let zlint = corpus.join("zlint");
    let Ok(tsv) = std::fs::read_to_string(zlint.join("derived/zlint_expected_results.tsv")) else {
        return;
    };
    let mapped: std::collections::BTreeSet<&str> =
        crl_catalogue().iter().filter_map(|r| r.zlint).collect();
    // Where the standard text leads us elsewhere: (lint, file, why).
    let known: &[(&str, &str, &str)] = &[
        (
            "e_crl_auth_key_id_only_contains_keyid",
            "crlWithAutkeyIDMissingKeyID.pem",
            "a missing keyIdentifier is rfc5280.crl.aki_key_id_missing (RFC 5280 5.2.1), not the TLS BR field rule",
        ),
        (
            "e_crl_auth_key_id_only_contains_keyid",
            "crlWithAuthKeyIDContainsAuthorityCertIssuer.pem",
            "authorityCertIssuer is encoded primitive (81 0A), not as the constructed [1] GeneralNames: rfc5280.crl.extension_undecodable",
        ),
        (
            "e_crl_number_out_of_range",
            "crl_no_crl_number.pem",
            "an absent cRLNumber is rfc5280.crl.number_missing (RFC 5280 5.2.3), not out of range",
        ),
    ];
    let (mut agree, mut checked) = (0, 0);
    let mut problems = Vec::new();
    for line in tsv.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 4 || !mapped.contains(f[0]) || f[3] == "NE" {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(zlint.join("v3/testdata").join(f[1])) else {
            continue;
        };
        let Some(der) = common::first_pem(&text) else {
            continue;
        };
        if !looks_like_crl(&der) {
            continue;
        }
        // zlint's CA/Browser Forum lints against the TLS kinds, its RFC 5280 lints against RFC 5280 alone.
        let kind = match f[0] {
            "e_crl_next_update_invalid" if f[1].contains("_sub0_") => CrlKind::TlsCa,
            "e_crl_next_update_invalid"
            | "e_cab_crl_has_valid_reason_code"
            | "e_cab_crl_reason_code_not_critical"
            | "e_crl_auth_key_id_only_contains_keyid" => CrlKind::TlsSubscriber,
            _ => CrlKind::Rfc5280,
        };
        let report = lint_crl_der(&der, None, kind);
        let fired = report
            .findings
            .iter()
            .any(|x| x.equivalents.zlint == Some(f[0]));
        let want = matches!(f[3], "Error" | "Warn" | "Fatal");
        checked += 1;
        if fired == want {
            agree += 1;
        } else if !known.iter().any(|k| k.0 == f[0] && k.1 == f[1]) {
            let ours: Vec<_> = report.findings.iter().map(|x| x.code).collect();
            problems.push(format!(
                "{} {} expected {} ours {:?}",
                f[0], f[1], f[3], ours
            ));
        }
    }
    eprintln!("zlint CRL agreement: {agree}/{checked}");
    assert!(checked >= 20, "too few zlint CRL rows checked: {checked}");
    assert!(
        problems.is_empty(),
        "disagreements:\n{}",
        problems.join("\n")
    );
}
