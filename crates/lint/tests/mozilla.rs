//! Tests for the Mozilla Root Store Policy rules (MRSP 5.2, 5.3, 5.3.1).
#![allow(clippy::expect_used, clippy::unwrap_used)]

use lint::{Linter, Options, Profile, ProfileChoice, Severity};
use testkit::ext::{self, GeneralSubtree, oid};
use testkit::{CertBuilder, GeneralName, Name, presets};

const LEAF: Profile = Profile::Smime(lint::Validation::Mailbox, lint::Generation::Strict);
const SUB: Profile = Profile::SmimeSubCa;

fn findings(der: &[u8], profile: Profile) -> Vec<lint::Finding> {
    Linter::new()
        .lint_der(
            der,
            &Options {
                profile: ProfileChoice::Fixed(profile),
                issuer: None,
            },
        )
        .findings
}

fn fires(b: &CertBuilder, profile: Profile, code: &str) -> bool {
    findings(&b.build_signed(), profile)
        .iter()
        .any(|f| f.code == code)
}

fn check(code: &str, good: &CertBuilder, bad: &CertBuilder, p: Profile) {
    assert!(
        !fires(good, p, code),
        "{code} fired on the passing certificate"
    );
    assert!(
        fires(bad, p, code),
        "{code} did not fire on the failing certificate"
    );
}

fn leaf() -> CertBuilder {
    presets::smime_leaf(presets::Validation::Mailbox, presets::Generation::Strict)
}

fn sub() -> CertBuilder {
    presets::smime_subca()
}

fn eku(b: CertBuilder, purposes: &[&str]) -> CertBuilder {
    b.replace_extension(ext::ext_key_usage(purposes))
}

#[test]
fn presets_pass() {
    let ch = presets::smime_chain(presets::Validation::Mailbox, presets::Generation::Strict);
    for (der, p) in [
        (&ch.root, Profile::SmimeRoot),
        (&ch.subca, SUB),
        (&ch.leaf, LEAF),
    ] {
        let bad: Vec<_> = findings(der, p)
            .into_iter()
            .filter(|f| f.code.starts_with("mozilla.") && f.severity >= Severity::Warning)
            .collect();
        assert!(bad.is_empty(), "{p:?}: {bad:?}");
    }
}

#[test]
fn end_entity_eku() {
    check(
        "mozilla.end_entity.eku_missing",
        &leaf(),
        &leaf().remove_extension(oid::EXT_KEY_USAGE),
        LEAF,
    );
    check(
        "mozilla.end_entity.any_eku",
        &leaf(),
        &eku(leaf(), &[oid::KP_EMAIL_PROTECTION, oid::ANY_EKU]),
        LEAF,
    );
    // Also for end-entity certificates of no particular purpose, but never for CAs.
    assert!(fires(
        &leaf().remove_extension(oid::EXT_KEY_USAGE),
        Profile::EndEntity,
        "mozilla.end_entity.eku_missing"
    ));
    assert!(!fires(
        &presets::root_ca(),
        Profile::RootCa,
        "mozilla.end_entity.eku_missing"
    ));
}

#[test]
fn serial_entropy() {
    check(
        "mozilla.serial.low_entropy",
        &leaf().serial(&[0x7f, 1, 2, 3, 4, 5, 6, 7]),
        &leaf().serial(&[0x7f, 1, 2, 3, 4, 5, 6]),
        LEAF,
    );
    // Before CA/Browser Forum Ballot 164 took effect the heuristic does not apply.
    let old = leaf()
        .serial_u64(1)
        .validity_days("2015-01-01T00:00:00Z", 365);
    assert!(!fires(&old, LEAF, "mozilla.serial.low_entropy"));
}

#[test]
fn intermediate_eku() {
    check(
        "mozilla.intermediate.eku_missing",
        &sub(),
        &sub().remove_extension(oid::EXT_KEY_USAGE),
        SUB,
    );
    check(
        "mozilla.intermediate.any_eku",
        &sub(),
        &eku(sub(), &[oid::KP_EMAIL_PROTECTION, oid::ANY_EKU]),
        SUB,
    );
    check(
        "mozilla.intermediate.server_auth_and_email_protection",
        &eku(sub(), &[oid::KP_EMAIL_PROTECTION, oid::KP_CLIENT_AUTH]),
        &eku(sub(), &[oid::KP_EMAIL_PROTECTION, oid::KP_SERVER_AUTH]),
        Profile::SubCa,
    );
    // Intermediates created before 2019 are not held to MRSP 5.3's EKU rules.
    let old = sub()
        .remove_extension(oid::EXT_KEY_USAGE)
        .validity_days("2018-06-01T00:00:00Z", 3650);
    assert!(!fires(&old, SUB, "mozilla.intermediate.eku_missing"));
}

fn tc_message(b: &CertBuilder, p: Profile) -> String {
    findings(&b.build_signed(), p)
        .into_iter()
        .find(|f| f.code == "mozilla.intermediate.technically_constrained")
        .map(|f| f.message)
        .expect("technically constrained status reported")
}

#[test]
fn technically_constrained_status() {
    assert!(tc_message(&sub(), SUB).starts_with("not technically constrained"));
    assert!(
        tc_message(&sub().remove_extension(oid::EXT_KEY_USAGE), SUB).contains("no extKeyUsage")
    );
    let email_nc = sub().extension(ext::name_constraints(
        &[GeneralName::Rfc822("example.com".into())],
        &[],
    ));
    assert!(
        tc_message(&email_nc, SUB).starts_with("technically constrained"),
        "{}",
        tc_message(&email_nc, SUB)
    );
    let mailbox_nc = sub().extension(ext::name_constraints(
        &[GeneralName::Rfc822("a@example.com".into())],
        &[],
    ));
    assert!(tc_message(&mailbox_nc, SUB).contains("email address"));
    let not_domain = sub().extension(ext::name_constraints(
        &[GeneralName::Rfc822("exa mple".into())],
        &[],
    ));
    assert!(tc_message(&not_domain, SUB).contains("not a FQDN"));
    let client_only = eku(sub(), &[oid::KP_CLIENT_AUTH]);
    assert!(
        tc_message(&client_only, Profile::SubCa)
            .contains("neither id-kp-serverAuth nor id-kp-emailProtection")
    );

    // serverAuth: TLS BR 7.1.2.5.2 shape (dNSName, IPv4, IPv6 and directoryName).
    let tls = eku(sub(), &[oid::KP_SERVER_AUTH, oid::KP_CLIENT_AUTH]);
    let tls_nc = tls.clone().extension(ext::name_constraints_subtrees(
        &[
            GeneralSubtree::new(GeneralName::Dns("example.com".into())),
            GeneralSubtree::new(GeneralName::DirName(Name::new().c("US").o("Example"))),
        ],
        &[
            GeneralSubtree::new(GeneralName::Ip(vec![0; 8])),
            GeneralSubtree::new(GeneralName::Ip(vec![0; 32])),
        ],
    ));
    assert!(
        tc_message(&tls_nc, Profile::SubCa).starts_with("technically constrained"),
        "{}",
        tc_message(&tls_nc, Profile::SubCa)
    );
    let partial = tls.extension(ext::name_constraints(
        &[GeneralName::Dns("example.com".into())],
        &[],
    ));
    let m = tc_message(&partial, Profile::SubCa);
    assert!(
        m.contains("IPv4") && m.contains("IPv6") && m.contains("directoryName"),
        "{m}"
    );
}
