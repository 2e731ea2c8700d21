//! The real certificates of DESIGN.md's case, linted with `--profile auto`
//! (and with their issuer where the chain matters), as snapshot tests. Every
//! finding is explained beside its assertion; a change in any report fails
//! the test until reviewed (`cargo insta review`).
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use cert::Certificate;
use lint::{Linter, Options, ProfileChoice, Report};

fn load(name: &str) -> Option<Vec<u8>> {
    let corpus = common::corpus()?;
    let text =
        std::fs::read_to_string(corpus.join("secom").join(name)).expect("read corpus certificate");
    Some(common::first_pem(&text).expect("PEM"))
}

fn report(name: &str, issuer: Option<&str>) -> Option<Report> {
    let der = load(name)?;
    let issuer_der = issuer.map(|i| load(i).expect("issuer"));
    let issuer_cert = issuer_der
        .as_deref()
        .map(|d| Certificate::parse(d).expect("issuer decodes"));
    Some(Linter::new().lint_der(
        &der,
        &Options {
            profile: ProfileChoice::Auto,
            issuer: issuer_cert.as_ref(),
        },
    ))
}

fn codes(r: &Report) -> Vec<&'static str> {
    r.findings.iter().map(|f| f.code).collect()
}

/// Cybertrust Japan SureMail CA G5, the sub-CA of the case (SHA-256 995C3C64…F737),
/// under Security Communication RootCA2. No error and no warning:
/// - rfc5280.certificate_policies.has_qualifier (notice): its second policy,
///   1.2.392.200091.100.901.4, carries a CPS qualifier; RFC 5280 4.2.1.4
///   recommends policy OIDs alone, and SMIME BR 7.1.2.2(a) allows the CPS URL.
/// - mozilla.intermediate.technically_constrained (info): emailProtection without
///   nameConstraints, so not technically constrained (MRSP 5.3.1); it therefore
///   needs audits and disclosure (MRSP 5.3.2), which is what the case is about.
///   With the issuer given, every chain rule passes: the issuer name is
///   byte-identical to RootCA2's subject, the AKI matches its SKI, and the
///   signature verifies.
#[test]
fn suremail_ca_g5() {
    let Some(r) = report(
        "Cybertrust_Japan_SureMail_CA_G5.pem",
        Some("Security_Communication_RootCA2.pem"),
    ) else {
        return;
    };
    assert_eq!(r.profile, "smime-subca");
    assert_eq!(
        r.sha256,
        "995C3C64F32348142BF1EBEAF7370781A1C30682DE02AD85FB2700CE1395F737"
    );
    assert_eq!(
        codes(&r),
        [
            "rfc5280.certificate_policies.has_qualifier",
            "mozilla.intermediate.technically_constrained"
        ]
    );
    insta::assert_json_snapshot!("suremail_ca_g5", r);
}

/// The EV leaf www.antiphishing.jp under SureServer EV CA G3: five warnings, no error.
/// - tls.subscriber.ski.present: TLS BR 7.1.2.7.6 makes SKI NOT RECOMMENDED.
/// - tls.subscriber.policy.first_not_reserved: the CA's EV OID comes before
///   2.23.140.1.1, which 7.1.2.7.9 recommends first.
/// - tls.subscriber.policy.qualifier_present: a CPS qualifier (7.1.2.7.9 does not
///   recommend qualifiers; EVG 2.0.1 dropped the EV CPS requirement).
/// - tls.subscriber.key_usage.rsa_signature_and_encipherment: RSA key with both
///   digitalSignature and keyEncipherment (7.1.2.7.11 does not recommend it).
/// - ev.subject.common_name_present: EVG 7.1.4.2.2 deprecates commonName.
///   The registration number 0100-05-006504 in serialNumber is well formed.
#[test]
fn ev_leaf_antiphishing() {
    let Some(r) = report(
        "leaf_www.antiphishing.jp_EV_2024.pem",
        Some("Cybertrust_Japan_SureServer_EV_CA_G3.2023-issuance.pem"),
    ) else {
        return;
    };
    assert_eq!(r.profile, "tls-subscriber-ev");
    assert!(r.worst() < Some(lint::Severity::Error), "{:#?}", r.findings);
    insta::assert_json_snapshot!("ev_leaf_antiphishing", r);
}

/// The OV leaves edge01.yahoo.co.jp (2022 and 2025) under SureServer CA G4:
/// warnings only, the same as the EV leaf's TLS BR ones plus
/// tls.subscriber.ov.common_name_present (7.1.2.7.4 does not recommend CN).
/// The 2025 leaf lists the reserved OV OID first, so first_not_reserved is gone.
#[test]
fn ov_leaves_yahoo() {
    for (name, snap) in [
        ("leaf_edge01.yahoo.co.jp_2022.pem", "ov_leaf_yahoo_2022"),
        ("leaf_edge01.yahoo.co.jp_2025.pem", "ov_leaf_yahoo_2025"),
    ] {
        let Some(r) = report(name, None) else { return };
        assert_eq!(r.profile, "tls-subscriber-ov");
        assert!(
            r.worst() < Some(lint::Severity::Error),
            "{name}: {:#?}",
            r.findings
        );
        insta::assert_json_snapshot!(snap, r);
    }
}

/// SureServer CA G4 and SureServer EV CA G3, each issued twice (2019, 2023).
/// Both 2023 issuances: a policy-qualifier warning (TLS BR 7.1.2.10.5), a notice
/// that keyUsage lacks digitalSignature so the CA key cannot sign OCSP responses
/// (7.1.2.10.7), and the MRSP 5.3.1 status (serverAuth without nameConstraints).
/// Both 2019 issuances also lack a CA/Browser Forum reserved policy identifier,
/// an error: a sub-CA operated by a non-affiliate (Cybertrust Japan, under
/// SECOM's root) must assert one (TLS BR 7.1.2.10.5; already required by BR
/// 7.1.6.3 in 2019). The 2023 reissuances fixed exactly that.
#[test]
fn sureserver_cas() {
    for (name, snap, error) in [
        (
            "Cybertrust_Japan_SureServer_CA_G4.2019-issuance.pem",
            "sureserver_ca_g4_2019",
            true,
        ),
        (
            "Cybertrust_Japan_SureServer_CA_G4.2023-issuance.pem",
            "sureserver_ca_g4_2023",
            false,
        ),
        (
            "Cybertrust_Japan_SureServer_EV_CA_G3.2019-issuance.pem",
            "sureserver_ev_ca_g3_2019",
            true,
        ),
        (
            "Cybertrust_Japan_SureServer_EV_CA_G3.2023-issuance.pem",
            "sureserver_ev_ca_g3_2023",
            false,
        ),
    ] {
        let Some(r) = report(name, Some("Security_Communication_RootCA2.pem")) else {
            return;
        };
        assert_eq!(r.profile, "tls-subca", "{name}");
        assert_eq!(
            codes(&r).contains(&"tls.ca.policy.reserved_missing"),
            error,
            "{name}: {:#?}",
            r.findings
        );
        insta::assert_json_snapshot!(snap, r);
    }
}
