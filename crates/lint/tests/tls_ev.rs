//! EV subscriber rules (EVG 7.1.4.2, 7.1.2.1, 7.1.2.2, Appendix H, 1.x 9.7):
//! for each rule a certificate that fails it, built by mutating a compliant
//! EV certificate, which must pass it. Also: the real EV leaf of
//! corpus/secom/ lints with profile auto.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use lint::profile::TlsValidation;
use lint::{Linter, Options, Profile, ProfileChoice};
use testkit::ext::{self, oid};
use testkit::name::Name;
use testkit::{
    CertBuilder, Extension, GeneralName, Key, KeyUsage, PolicyInfo, StringKind, der, presets,
};

const EV: &str = "2.23.140.1.1";
const HOST: &str = "www.example.com";
const JURIS_C: &str = "1.3.6.1.4.1.311.60.2.1.3";
const JURIS_ST: &str = "1.3.6.1.4.1.311.60.2.1.2";
const JURIS_L: &str = "1.3.6.1.4.1.311.60.2.1.1";
const BUSINESS_CATEGORY: &str = "2.5.4.15";
const CABF_ORG_ID: &str = "2.23.140.3.1";
const ONION: &str = "yimgcomo64k4qlbfz2wtpgjylq5ofktiyrxs2pxzssi3ojemrg3toqyd.onion";

/// Builds an EV subject from its parts, in the 7.1.4.2 order for the ordered attributes.
struct Subj {
    jc: Option<&'static str>,
    jst: Option<&'static str>,
    jl: Option<&'static str>,
    bc: Option<&'static str>,
    serial: Option<&'static str>,
    c: Option<&'static str>,
    o: Option<&'static str>,
    ou: Option<&'static str>,
    cn: Option<&'static str>,
    org_id: Option<(StringKind, &'static str)>,
}

impl Default for Subj {
    fn default() -> Self {
        Subj {
            jc: Some("US"),
            jst: Some("Delaware"),
            jl: None,
            bc: Some("Private Organization"),
            serial: Some("1234567"),
            c: Some("US"),
            o: Some("Example Inc."),
            ou: None,
            cn: None,
            org_id: None,
        }
    }
}

impl Subj {
    fn name(&self) -> Name {
        let mut n = Name::new();
        if let Some(v) = self.jc {
            n = n.attr(JURIS_C, StringKind::Printable, v);
        }
        if let Some(v) = self.jst {
            n = n.attr(JURIS_ST, StringKind::Utf8, v);
        }
        if let Some(v) = self.jl {
            n = n.attr(JURIS_L, StringKind::Utf8, v);
        }
        if let Some(v) = self.bc {
            n = n.attr(BUSINESS_CATEGORY, StringKind::Utf8, v);
        }
        if let Some(v) = self.serial {
            n = n.serial_number(v);
        }
        if let Some((k, v)) = self.org_id {
            n = n.attr("2.5.4.97", k, v);
        }
        if let Some(v) = self.c {
            n = n.c(v);
        }
        n = n.st("California").l("San Francisco");
        if let Some(v) = self.o {
            n = n.o(v);
        }
        if let Some(v) = self.ou {
            n = n.ou(v);
        }
        if let Some(v) = self.cn {
            n = n.cn(v);
        }
        n
    }
}

/// A compliant EV certificate with the given subject, issued 2025-03-01 for 90 days.
fn ev_with(s: Subj) -> CertBuilder {
    CertBuilder::new()
        .serial(&presets::LEAF_SERIAL)
        .issuer(&Name::new().c("US").o("Testkit").cn("Testkit EV CA"))
        .subject(&s.name())
        .validity_days("2025-03-01T00:00:00Z", 90)
        .subject_key(Key::rsa2048())
        .extension(ext::key_usage(&[KeyUsage::DigitalSignature]))
        .extension(ext::ext_key_usage(&[oid::KP_SERVER_AUTH]))
        .extension(ext::policies(&[EV]))
        .extension(ext::crl_distribution_points(&[
            "http://crl.ca.example.com/ca.crl",
        ]))
        .extension(ext::authority_info_access(&[
            (oid::AD_CA_ISSUERS, "http://ca.example.com/ca.der"),
            (oid::AD_OCSP, "http://ocsp.ca.example.com"),
        ]))
        .extension(ext::authority_key_identifier(
            &presets::smime_ca_key().key_id(),
        ))
        .extension(san(&[GeneralName::Dns(HOST.into())]))
        .signer(presets::smime_ca_key())
}

fn ev() -> CertBuilder {
    ev_with(Subj::default())
}

fn san(names: &[GeneralName]) -> Extension {
    ext::subject_alt_name(names).non_critical()
}

/// The cabfOrganizationIdentifier extension value.
fn org_id_ext(scheme: &str, country: &str, state: Option<&str>, reference: &str) -> Extension {
    let mut parts = vec![der::printable(scheme), der::printable(country)];
    if let Some(s) = state {
        parts.push(der::implicit(0, false, s.as_bytes()));
    }
    parts.push(der::utf8(reference));
    Extension::new(CABF_ORG_ID, None, der::seq_vec(parts))
}

/// An EV certificate with organizationIdentifier `id` in the subject and the extension given.
fn with_org_id(id: &'static str, e: Option<Extension>) -> CertBuilder {
    let b = ev_with(Subj {
        org_id: Some((StringKind::Printable, id)),
        ..Subj::default()
    });
    match e {
        Some(e) => b.extension(e),
        None => b,
    }
}

fn profile() -> Profile {
    Profile::TlsSubscriber(TlsValidation::Ev)
}

fn codes(der: &[u8]) -> Vec<&'static str> {
    Linter::new()
        .lint_der(
            der,
            &Options {
                profile: ProfileChoice::Fixed(profile()),
                issuer: None,
            },
        )
        .findings
        .iter()
        .map(|f| f.code)
        .collect()
}

#[test]
fn compliant_ev_passes() {
    for b in [
        ev(),
        with_org_id(
            "NTRUS+DE-1234567",
            Some(org_id_ext("NTR", "US", Some("DE"), "1234567")),
        ),
        with_org_id(
            "VATEL-123456789",
            Some(org_id_ext("VAT", "EL", None, "123456789")),
        ),
    ] {
        // cabfOrganizationIdentifier is outside the TLS BR 7.1.2.7.6 table, so it
        // draws the NOT RECOMMENDED warning even where the EVG requires it.
        let found: Vec<_> = codes(&b.build_signed())
            .into_iter()
            .filter(|c| c.starts_with("ev.") || c.starts_with("tls.subscriber."))
            .filter(|c| *c != "tls.subscriber.extension.not_recommended")
            .collect();
        assert!(found.is_empty(), "{found:?}");
    }
}

fn cases() -> Vec<(&'static str, CertBuilder)> {
    vec![
        (
            "ev.subject.organization_missing",
            ev_with(Subj {
                o: None,
                ..Subj::default()
            }),
        ),
        (
            "ev.subject.common_name_present",
            ev_with(Subj {
                cn: Some(HOST),
                ..Subj::default()
            }),
        ),
        (
            "ev.subject.business_category_missing",
            ev_with(Subj {
                bc: None,
                ..Subj::default()
            }),
        ),
        (
            "ev.subject.business_category_invalid",
            ev_with(Subj {
                bc: Some("Private Company"),
                ..Subj::default()
            }),
        ),
        (
            "ev.subject.jurisdiction_country_missing",
            ev_with(Subj {
                jc: None,
                jst: None,
                ..Subj::default()
            }),
        ),
        (
            "ev.subject.jurisdiction_country_invalid",
            ev_with(Subj {
                jc: Some("ZZ"),
                ..Subj::default()
            }),
        ),
        (
            "ev.subject.jurisdiction_locality_without_state",
            ev_with(Subj {
                jst: None,
                jl: Some("Wilmington"),
                ..Subj::default()
            }),
        ),
        (
            "ev.subject.serial_number_missing",
            ev_with(Subj {
                serial: None,
                ..Subj::default()
            }),
        ),
        (
            "ev.subject.registration_date_format",
            ev_with(Subj {
                serial: Some("23/01/2025"),
                ..Subj::default()
            }),
        ),
        (
            "ev.subject.country_missing",
            ev_with(Subj {
                c: None,
                ..Subj::default()
            }),
        ),
        (
            "ev.subject.attribute_prohibited",
            ev_with(Subj {
                ou: Some("IT"),
                ..Subj::default()
            }),
        ),
        (
            "ev.organization_identifier.invalid_syntax",
            ev_with(Subj {
                org_id: Some((StringKind::Utf8, "NTR@US-1234567")),
                ..Subj::default()
            })
            .extension(org_id_ext("NTR", "US", None, "1234567")),
        ),
        (
            "ev.organization_identifier.invalid_encoding",
            ev_with(Subj {
                org_id: Some((StringKind::Teletex, "NTRUS-1234567")),
                ..Subj::default()
            })
            .extension(org_id_ext("NTR", "US", None, "1234567")),
        ),
        (
            "ev.organization_identifier.unknown_scheme",
            with_org_id(
                "ABCUS-1234567",
                Some(org_id_ext("ABC", "US", None, "1234567")),
            ),
        ),
        (
            "ev.organization_identifier.unknown_scheme",
            ev().extension(org_id_ext("XYZ", "US", None, "1234567")),
        ),
        (
            "ev.organization_identifier.invalid_country",
            with_org_id(
                "NTRZZ-1234567",
                Some(org_id_ext("NTR", "ZZ", None, "1234567")),
            ),
        ),
        (
            "ev.organization_identifier.invalid_country",
            with_org_id(
                "NTREL-1234567",
                Some(org_id_ext("NTR", "EL", None, "1234567")),
            ),
        ),
        (
            "ev.organization_identifier.state_not_allowed",
            with_org_id(
                "VATUS+CA-1234567",
                Some(org_id_ext("VAT", "US", Some("CA"), "1234567")),
            ),
        ),
        (
            "ev.organization_identifier.invalid_state",
            with_org_id(
                "NTRUS+ABCD-1234567",
                Some(org_id_ext("NTR", "US", Some("ABCD"), "1234567")),
            ),
        ),
        (
            "ev.organization_identifier.extension_missing",
            with_org_id("NTRUS-1234567", None),
        ),
        (
            "ev.organization_identifier.extension_undecodable",
            ev().extension(Extension::new(
                CABF_ORG_ID,
                None,
                der::seq(&[&der::utf8("NTR")]),
            )),
        ),
        (
            "ev.organization_identifier.mismatch",
            with_org_id(
                "NTRUS-1234567",
                Some(org_id_ext("NTR", "US", None, "7654321")),
            ),
        ),
        (
            "ev.organization_identifier.mismatch",
            with_org_id(
                "NTRUS-1234567",
                Some(org_id_ext("NTR", "US", Some("DE"), "1234567")),
            ),
        ),
        (
            "ev.organization_identifier.ntr_jurisdiction_mismatch",
            with_org_id(
                "NTRGB-1234567",
                Some(org_id_ext("NTR", "GB", None, "1234567")),
            ),
        ),
        (
            "ev.san.prohibited_type",
            ev().replace_extension(san(&[
                GeneralName::Dns(HOST.into()),
                GeneralName::Ip(vec![8, 8, 8, 8]),
            ])),
        ),
        (
            "ev.san.wildcard",
            ev().replace_extension(san(&[
                GeneralName::Dns(HOST.into()),
                GeneralName::Dns("*.example.com".into()),
            ])),
        ),
        (
            "ev.policy.cps_qualifier_missing",
            ev().validity_days("2024-03-01T00:00:00Z", 90),
        ),
    ]
}

#[test]
fn each_rule_fails_its_certificate_and_passes_the_compliant_one() {
    let good = codes(&ev().build_signed());
    let mut problems = Vec::new();
    for (code, b) in cases() {
        if good.contains(&code) {
            problems.push(format!("{code}: reported on the compliant certificate"));
        }
        let bad = codes(&b.build_signed());
        if !bad.contains(&code) {
            problems.push(format!(
                "{code}: not reported on its failing certificate (got {bad:?})"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_rule_of_the_file_has_a_case() {
    let tested: Vec<&str> = cases().iter().map(|c| c.0).collect();
    let untested: Vec<&str> = lint::rules::tls_ev::RULES
        .iter()
        .map(|r| r.code)
        .filter(|c| !tested.contains(c))
        .collect();
    assert!(
        untested.is_empty(),
        "rules without a test case: {untested:?}"
    );
}

#[test]
fn boundary_cases_pass() {
    let none_of = |b: CertBuilder, cs: &[&str]| {
        let got = codes(&b.build_signed());
        for c in cs {
            assert!(!got.contains(c), "{c} reported: {got:?}");
        }
    };
    // A wildcard under a valid v3 Onion Domain Name is allowed.
    none_of(
        ev().replace_extension(san(&[
            GeneralName::Dns(ONION.into()),
            GeneralName::Dns(format!("*.{ONION}")),
        ])),
        &["ev.san.wildcard"],
    );
    // A CPS qualifier satisfies EVG 1.x 9.7 before 2024-05-06; none is needed after.
    let with_cps = ev().replace_extension(ext::certificate_policies(&[
        PolicyInfo::new(EV).cps("https://ca.example.com/cps")
    ]));
    none_of(
        with_cps.validity_days("2024-03-01T00:00:00Z", 90),
        &["ev.policy.cps_qualifier_missing"],
    );
    none_of(
        ev().validity_days("2024-05-06T00:00:00Z", 90),
        &["ev.policy.cps_qualifier_missing"],
    );
    // ISO 8601 registration dates and ordinary registration numbers.
    for s in ["2025-01-23", "0100-05-006504", "HRB 12345", "892379-5"] {
        none_of(
            ev_with(Subj {
                serial: Some(s),
                ..Subj::default()
            }),
            &["ev.subject.registration_date_format"],
        );
    }
    // Locality-level jurisdiction with its state.
    none_of(
        ev_with(Subj {
            jl: Some("Wilmington"),
            ..Subj::default()
        }),
        &["ev.subject.jurisdiction_locality_without_state"],
    );
    // PSD with an NCA identifier in the reference, global XG country.
    none_of(
        with_org_id(
            "PSDBE-NBB-1234.567.890",
            Some(org_id_ext("PSD", "BE", None, "NBB-1234.567.890")),
        ),
        &[
            "ev.organization_identifier.invalid_syntax",
            "ev.organization_identifier.mismatch",
            "ev.organization_identifier.invalid_country",
        ],
    );
    none_of(
        with_org_id("VATXG-123", Some(org_id_ext("VAT", "XG", None, "123"))),
        &["ev.organization_identifier.invalid_country"],
    );
}

/// The real EV leaf of the DESIGN.md hierarchy lints with profile auto to
/// tls-subscriber-ev. Its findings are printed for review.
#[test]
fn secom_ev_leaf() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let name = "leaf_www.antiphishing.jp_EV_2024.pem";
    let text = std::fs::read_to_string(corpus.join("secom").join(name)).expect("read leaf");
    let der = common::first_pem(&text).expect("PEM");
    let r = Linter::new().lint_der(&der, &Options::default());
    assert_eq!(r.profile, "tls-subscriber-ev");
    eprintln!("{name}: profile {}", r.profile);
    for f in &r.findings {
        eprintln!(
            "  {} {} at {}: {}",
            f.severity, f.code, f.location, f.message
        );
    }
    assert!(
        !r.findings
            .iter()
            .any(|f| f.code.starts_with("ev.") && f.severity >= lint::Severity::Error),
        "EV errors on a real EV leaf"
    );
}
