//! A second view of TLS: zlint's TLS BR and EV Guidelines test expectations.
//!
//! corpus/zlint/derived/zlint_expected_results.tsv lists (lint, test file,
//! expected status) extracted from zlint's Go tests. For every lint whose
//! source is the TLS BRs (CABF_BR) or the EV Guidelines (CABF_EV) we check,
//! through `equivalents.zlint`, that we report it where zlint expects Error
//! or Warn (agreement) and do not report it where zlint expects Pass. The
//! profile is detected (`auto`), as zlint decides applicability from the
//! certificate itself. zlint lints every certificate as a TLS certificate:
//! its BR lints apply by shape (root, subordinate CA, subscriber), not by EKU
//! or policy OID, and most of its test certificates carry neither. Where our
//! detection finds no TLS signal and gives a generic profile (root-ca, subca,
//! end-entity), the certificate is linted with the TLS profile of the same
//! shape instead (tls-root; tls-subca, constrained with nameConstraints,
//! affiliated with anyPolicy, as `detect` decides; tls-subscriber-ov with an
//! organizationName, -dv otherwise). The number of such files, and the
//! agreement with the detected profiles alone, are printed too.
//! Expectations for lints we have no counterpart of are listed as unmapped,
//! not counted; NA, NE and Notice expectations are not counted either.
//!
//! CRL test files are linted with the CRL rules (`crl::crl_catalogue`), as
//! covering CA certificates when their issuingDistributionPoint says
//! onlyContainsCACerts and as covering Subscriber Certificates otherwise
//! (zlint's default).
//!
//! Where zlint contradicts the BR or EVG text, or tests a certificate our
//! detection rightly gives another profile, the case is listed in
//! `EXCEPTIONS` below with the section that decides, and left out of the
//! score (printed, not counted).
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::collections::{BTreeMap, BTreeSet};

use cert::{Certificate, oids};
use lint::crl::{self, CrlKind};
use lint::profile::{TlsCaKind, TlsValidation, detect};
use lint::{Linter, Options, Profile, ProfileChoice};

/// The target for agreement on Error/Warn expectations.
const MIN_AGREEMENT: f64 = 0.9;

/// Documented divergences: (zlint lint, test file, reason citing the section
/// that decides). Each applies only where we and zlint's expectation differ.
const EXCEPTIONS: &[(&str, &str, &str)] = &[
    (
        "e_aia_unique_access_locations",
        "aiaDuplicateCaIssuerUrlUpperCase.pem",
        "the caIssuers URIs .../caissuer and .../caIssuer differ in their path, which RFC 3986 \
         6.2.2.1 makes case-sensitive (only scheme and host are not): distinct locations, so \
         TLS BR 7.1.2.7.7's uniqueness holds; zlint compares whole URIs case-insensitively",
    ),
    (
        "e_sub_cert_not_is_ca",
        "subCertIsCA.pem",
        "the certificate asserts basicConstraints cA TRUE (RFC 5280 4.2.1.9), so it is linted \
         as a CA certificate (tls-subca-internal) and the subscriber rule does not apply; \
         zlint judges it a subscriber certificate because it has no keyCertSign",
    ),
    (
        "e_subj_orgunit_in_ca_cert",
        "orgunit_in_ca_ko1.pem",
        "zlint expects Pass only under its CrossCert=true configuration (the Error row for the \
         same file, without it, agrees; the harness cannot pass zlint configuration): for a \
         Cross-Certified Subordinate CA TLS BR 7.1.2.10.2 makes organizationalUnitName NOT \
         RECOMMENDED rather than prohibited, which our tls-subca-cross profile reports as the \
         warning tls.ca.subject.organizational_unit_discouraged",
    ),
    (
        "w_server_cert_valid_time_longer_than_199_days",
        "exactlyOnFirstMilestoneLongerThan200days.pem",
        "TLS BR 6.3.2: over 200 days breaks the MUST, reported once as \
         tls.subscriber.validity.over_200_days (Error, agreeing with zlint's \
         e_server_cert_valid_time_longer_than_200_days); the SHOULD warning covers the band \
         above 199 up to 200 days only",
    ),
    (
        "w_server_cert_valid_time_longer_than_99_days",
        "exactlyOnSecondMilestoneLongerThan100days.pem",
        "TLS BR 6.3.2: over 100 days breaks the MUST, reported once as \
         tls.subscriber.validity.over_100_days (Error, agreeing with zlint's \
         e_server_cert_valid_time_longer_than_100_days); the SHOULD warning covers the band \
         above 99 up to 100 days only",
    ),
    (
        "w_server_cert_valid_time_longer_than_46_days",
        "exactlyOnThirdMilestoneLongerThan47days.pem",
        "TLS BR 6.3.2: over 47 days breaks the MUST, reported once as \
         tls.subscriber.validity.over_47_days (Error, agreeing with zlint's \
         e_server_cert_valid_time_longer_than_47_days); the SHOULD warning covers the band \
         above 46 up to 47 days only",
    ),
    (
        "w_sub_ca_aia_missing",
        "subCAAIAMissingPostCABFBR171.pem",
        "subject and issuer are the same (empty) DN, so the certificate is self-issued (RFC 5280 \
         6.1) and linted as a root, for which TLS BR 7.1.2.1.2 does not require \
         authorityInfoAccess; zlint calls it a subordinate CA, its self-signed test checking \
         the signature",
    ),
    (
        "e_cabf_org_identifier_psd_vat_has_state",
        "cabfOrgIdentifierPSDState.pem",
        "no EV policy OID and no EV subject: a DV certificate (TLS BR 7.1.2.7.2), where the \
         cabfOrganizationIdentifier extension is outside the TLS BR 7.1.2.7.6 table (reported \
         as tls.subscriber.extension.not_recommended) and EVG 7.1.2.2's content rules do not \
         apply; zlint applies them wherever the extension appears",
    ),
    (
        "e_ev_orgid_inconsistent_subj_and_ext",
        "orgid_subj_and_ext_ok_06.pem",
        "organizationIdentifier PSDIT-BI-1234 against an extension registrationReference of \
         1234: EVG Appendix H makes the PSD Registration Reference 'NCA identifier-authorization \
         number' (BI-1234, ETSI TS 119 495 5.2.1), and EVG 7.1.2.2 requires the extension to \
         carry the same reference as the subject; zlint also accepts the NCA identifier dropped",
    ),
    (
        "e_ev_orgid_inconsistent_subj_and_ext",
        "orgid_subj_and_ext_ko_03.pem",
        "organizationIdentifier VATBEE-12345 does not parse (EVG 7.1.4.2.8 syntax): reported \
         as ev.organization_identifier.invalid_syntax, not as a mismatch with the extension",
    ),
    (
        "e_ev_extra_subject_attribs",
        "extra_subj_attrs_with_ou_ok2.pem",
        "an EV subject with organizationalUnitName, issued 2025: EVG 7.1.4.2.7 prohibits OU and \
         7.1.4.2.9 allows no attribute outside 7.1.4.2, so ev.subject.attribute_prohibited \
         reports it; zlint leaves OU out of this lint on purpose (its OU lint covers it)",
    ),
    (
        "e_crl_auth_key_id_only_contains_keyid",
        "crlWithAuthKeyIDContainsAuthorityCertIssuer.pem",
        "authorityCertIssuer is encoded as a primitive [1] (0x81), but GeneralNames is a \
         SEQUENCE and IMPLICIT tagging keeps it constructed (0xA1; X.690 8.14.4, RFC 5280 \
         A.2): the extension is undecodable (rfc5280.crl.extension_undecodable, Error), so \
         the field rule of TLS BR 7.1.2.11.1 (via 7.2.2) has nothing to inspect",
    ),
    (
        "e_crl_auth_key_id_only_contains_keyid",
        "crlWithAutkeyIDMissingKeyID.pem",
        "authorityCertIssuer is encoded as a primitive [1] (0x81), but GeneralNames is a \
         SEQUENCE and IMPLICIT tagging keeps it constructed (0xA1; X.690 8.14.4, RFC 5280 \
         A.2): the extension is undecodable (rfc5280.crl.extension_undecodable, Error), so \
         the field rule of TLS BR 7.1.2.11.1 (via 7.2.2) has nothing to inspect",
    ),
    (
        "e_crl_next_update_invalid",
        "crl_nextupdate_nup1_sub0_len0_eff0.pem",
        "zlint expects Pass under its SubscriberCRL=false configuration (a CRL covering CA \
         certificates: nextUpdate within 12 months, TLS BR 7.2); the CRL has no \
         issuingDistributionPoint onlyContainsCACerts and no issuer is given, so it is linted \
         as covering Subscriber Certificates (10 days), zlint's default too",
    ),
    (
        "e_crl_number_out_of_range",
        "crl_no_crl_number.pem",
        "the CRL has no cRLNumber: reported as rfc5280.crl.number_missing (RFC 5280 5.2.3, \
         required by TLS BR 7.2.2; zlint's e_crl_missing_crl_number), not as a value out of \
         range",
    ),
];

/// The profile zlint's view gives a certificate: the detected one, or for a
/// generic profile the TLS profile of the same shape.
fn tls_view(der: &[u8]) -> Option<(Profile, bool)> {
    let c = Certificate::parse(der).ok()?;
    let detected = detect(&c);
    let any_policy = c
        .policies()
        .is_some_and(|ps| ps.iter().any(|p| p.oid == oids::ANY_POLICY));
    let p = match detected {
        Profile::RootCa => Profile::TlsRoot,
        Profile::SubCa => Profile::TlsSubCa {
            kind: if c.ext_value(oids::NAME_CONSTRAINTS).is_some() {
                TlsCaKind::Constrained
            } else {
                TlsCaKind::Unconstrained
            },
            internal: any_policy,
        },
        Profile::EndEntity => Profile::TlsSubscriber(if c.subject.has(oids::ORGANIZATION_NAME) {
            TlsValidation::Ov
        } else {
            TlsValidation::Dv
        }),
        other => return Some((other, false)),
    };
    Some((p, true))
}

fn exception(name: &str, file: &str) -> Option<&'static str> {
    EXCEPTIONS
        .iter()
        .find(|(n, f, _)| *n == name && *f == file)
        .map(|(_, _, why)| *why)
}

#[test]
fn zlint_tls_agreement() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let zdir = corpus.join("zlint");
    let lints =
        std::fs::read_to_string(zdir.join("derived/zlint_lints.jsonl")).expect("zlint_lints.jsonl");
    let tls: BTreeSet<String> = lints
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["source"] == "CABF_BR" || v["source"] == "CABF_EV")
        .filter_map(|v| v["name"].as_str().map(str::to_string))
        .collect();
    let mapped: BTreeSet<&str> = lint::catalogue()
        .iter()
        .filter_map(|r| r.zlint)
        .chain(crl::crl_catalogue().iter().filter_map(|r| r.zlint))
        .collect();
    let table = std::fs::read_to_string(zdir.join("derived/zlint_expected_results.tsv"))
        .expect("expected results");
    let linter = Linter::new();
    type Seen = (String, BTreeSet<&'static str>, BTreeSet<&'static str>);
    let mut cache: BTreeMap<String, Seen> = BTreeMap::new();
    let (mut agree, mut disagree, mut pass_ok, mut pass_fp) = (0, 0, 0, 0);
    // The same Error/Warn expectations with the detected profile only.
    let (mut auto_agree, mut auto_disagree) = (0, 0);
    let mut mapped_seen = BTreeSet::new();
    let mut unmapped = BTreeSet::new();
    let mut excepted = String::new();
    let mut used_exceptions = BTreeSet::new();
    let mut detail = String::new();
    let mut reprofiled = BTreeSet::new();
    for line in table.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let (name, file, status) = (f[0], f[2], f[3]);
        if !tls.contains(name) || !matches!(status, "Error" | "Warn" | "Pass") {
            continue;
        }
        if !mapped.contains(name) {
            unmapped.insert(name);
            continue;
        }
        mapped_seen.insert(name);
        let (profile, reported, reported_auto) =
            cache.entry(file.to_string()).or_insert_with(|| {
                // A few test files carry Latin-1 text output before the PEM block.
                let bytes =
                    std::fs::read(zdir.join("v3/testdata").join(file)).expect("zlint test file");
                let text = String::from_utf8_lossy(&bytes);
                let der = common::first_pem(&text).expect("PEM in zlint test file");
                let zlint_codes = |r: &lint::Report| -> BTreeSet<&'static str> {
                    r.findings
                        .iter()
                        .filter_map(|f| f.equivalents.zlint)
                        .collect()
                };
                if crl::looks_like_crl(&der) {
                    // zlint applies its BR CRL lints to every CRL, as covering
                    // Subscriber Certificates unless configured otherwise.
                    let auto = crl::lint_crl_der(&der, None, CrlKind::Auto);
                    let kind = match cert::crl::Crl::parse(&der) {
                        Ok(c)
                            if c.issuing_distribution_point()
                                .is_some_and(|i| i.only_ca_certs) =>
                        {
                            CrlKind::TlsCa
                        }
                        _ => CrlKind::TlsSubscriber,
                    };
                    reprofiled.insert(file.to_string());
                    let r = crl::lint_crl_der(&der, None, kind);
                    return (r.profile.clone(), zlint_codes(&r), zlint_codes(&auto));
                }
                let auto = linter.lint_der(&der, &Options::default());
                match tls_view(&der) {
                    Some((p, true)) => {
                        reprofiled.insert(file.to_string());
                        let opts = Options {
                            profile: ProfileChoice::Fixed(p),
                            ..Options::default()
                        };
                        let r = linter.lint_der(&der, &opts);
                        (r.profile.clone(), zlint_codes(&r), zlint_codes(&auto))
                    }
                    _ => (auto.profile.clone(), zlint_codes(&auto), zlint_codes(&auto)),
                }
            });
        let hit = reported.contains(name);
        let expected_hit = status != "Pass";
        if expected_hit {
            if reported_auto.contains(name) {
                auto_agree += 1;
            } else if hit || exception(name, file).is_none() {
                // Rows the TLS view counts (no divergence excepted) count here too.
                auto_disagree += 1;
            }
        }
        if hit != expected_hit
            && let Some(why) = exception(name, file)
        {
            used_exceptions.insert((name, file));
            excepted += &format!("  {file} [{profile}]: {name}, zlint expects {status}: {why}\n");
            continue;
        }
        match (status, hit) {
            ("Pass", false) => pass_ok += 1,
            ("Pass", true) => {
                pass_fp += 1;
                detail += &format!("  {file} [{profile}]: {name} reported, zlint expects Pass\n");
            }
            (_, true) => agree += 1,
            (_, false) => {
                disagree += 1;
                detail +=
                    &format!("  {file} [{profile}]: {name} not reported, zlint expects {status}\n");
            }
        }
    }
    let agreement = agree as f64 / (agree + disagree).max(1) as f64;
    let pass_agreement = pass_ok as f64 / (pass_ok + pass_fp).max(1) as f64;
    let auto_agreement = auto_agree as f64 / (auto_agree + auto_disagree).max(1) as f64;
    eprint!("{detail}");
    eprintln!("documented divergences (not counted):\n{excepted}");
    eprintln!(
        "zlint TLS lints without a rootward counterpart ({}): {unmapped:?}",
        unmapped.len()
    );
    eprintln!(
        "files linted with the TLS view (certificates of a generic detected profile with the TLS \
         profile of their shape, CRLs with a TLS CRL kind): {} of {}",
        reprofiled.len(),
        cache.len()
    );
    eprintln!(
        "mapped zlint TLS lints with expectations: {}",
        mapped_seen.len()
    );
    eprintln!(
        "Error/Warn expectations: {agree} agree, {disagree} disagree: agreement {agreement:.3}"
    );
    eprintln!(
        "the same Error/Warn expectations with detected profiles only (no TLS view of generic \
         ones): {auto_agree} agree, {auto_disagree} disagree: agreement {auto_agreement:.3}"
    );
    eprintln!(
        "Pass expectations: {pass_ok} agree, {pass_fp} disagree: agreement {pass_agreement:.3}"
    );
    let stale: Vec<_> = EXCEPTIONS
        .iter()
        .filter(|(n, f, _)| !used_exceptions.contains(&(*n, *f)))
        .map(|(n, f, _)| format!("{n} {f}"))
        .collect();
    assert!(
        stale.is_empty(),
        "exceptions that no longer diverge: {stale:?}"
    );
    assert!(
        agree + disagree > 0,
        "no mapped zlint TLS expectations: equivalents.zlint missing"
    );
    assert!(
        agreement >= MIN_AGREEMENT,
        "agreement on zlint Error/Warn expectations {agreement:.3} below {MIN_AGREEMENT}"
    );
}

/// `detect` on zlint test certificates that carry no reserved TLS policy OID.
#[test]
fn zlint_tls_detection() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let dir = corpus.join("zlint/v3/testdata");
    let detected = |file: &str| {
        let bytes = std::fs::read(dir.join(file)).expect("zlint test file");
        let der = common::first_pem(&String::from_utf8_lossy(&bytes)).expect("PEM");
        detect(&Certificate::parse(&der).expect("decodes")).name()
    };
    // A self-issued CA asserting serverAuth in an EKU is a TLS root (in breach of TLS BR 7.1.2.1.2).
    assert_eq!(detected("rootCAWithEKU.pem"), "tls-root");
    // id-kp-OCSPSigning with other purposes is still a delegated OCSP responder.
    assert_eq!(detected("o1s1ep1a1nc0.pem"), "ocsp-responder");
    assert_eq!(detected("o1s0ep0a0nc0.pem"), "ocsp-responder");
    // An EV certificate with only its CA's EV policy OID, recognized by the
    // EVG 7.1.4.2.3 to 7.1.4.2.5 subject fields.
    assert_eq!(detected("evValidTooLong.pem"), "tls-subscriber-ev");
    // Without those fields a CA-specific EV policy OID is not recognized.
    assert_eq!(detected("evNoOrg.pem"), "tls-subscriber-dv");
}
