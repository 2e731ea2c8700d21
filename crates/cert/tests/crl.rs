//! The streaming CRL decoder: fields, entries one at a time, extensions,
//! truncation and claims beyond the input, signature verification.
#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is the failure

use cert::Certificate;
use cert::crl::{Crl, CrlExtValue, Reason};
use cert::der::DerErrorKind;
use testkit::crl::{self as tcrl, CrlBuilder, Idp};
use testkit::der;
use testkit::presets;

fn base() -> CrlBuilder {
    CrlBuilder::new(&presets::root_name(), presets::root_key())
        .revoke(&[0x11; 16], "250220000000Z", &[tcrl::reason_code(1)])
        .revoke(
            &[0x22; 16],
            "250221000000Z",
            &[
                tcrl::reason_code(6),
                tcrl::invalidity_date("20250101000000Z"),
            ],
        )
        .revoke(&[0x80, 0x01], "250222000000Z", &[])
}

#[test]
fn decodes_fields_and_streams_entries() {
    let der = base()
        .extension(
            Idp {
                only_ca: true,
                ..Idp::uri("http://crl.example.com/a.crl")
            }
            .extension(),
        )
        .build();
    let crl = Crl::parse(&der).expect("parses");
    assert_eq!(crl.version, Some(1));
    assert_eq!(
        crl.issuer.to_string(),
        "C=US, O=Testkit, CN=Testkit Root CA"
    );
    assert_eq!(
        cert::time::format_unix(crl.this_update.unix().expect("time")),
        "2025-03-01T00:00:00Z"
    );
    assert!(crl.next_update.is_some());
    assert_eq!(crl.crl_number(), Some(&[1u8][..]));
    assert_eq!(
        crl.authority_key_id().and_then(|a| a.key_id),
        Some(&presets::root_key().key_id()[..])
    );
    let idp = crl.issuing_distribution_point().expect("idp");
    assert!(idp.only_ca_certs && !idp.only_user_certs && !idp.indirect_crl);
    assert_eq!(idp.full_name.as_ref().map(Vec::len), Some(1));
    assert!(crl.der_issues.is_empty(), "{:?}", crl.der_issues);
    assert_eq!(crl.tbs_signature.raw, crl.signature_algorithm.raw);

    let entries: Vec<_> = crl.entries().collect::<Result<_, _>>().expect("entries");
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[0].serial, &[0x11; 16]);
    assert_eq!(entries[0].reason(), Some(Reason::KeyCompromise));
    assert_eq!(entries[1].reason(), Some(Reason::CertificateHold));
    assert!(matches!(
        entries[1]
            .extension(cert::crl::INVALIDITY_DATE)
            .map(|e| &e.value),
        Some(Ok(CrlExtValue::InvalidityDate(_)))
    ));
    // A magnitude with the high bit set gets a 0x00 sign octet.
    assert_eq!(entries[2].serial, &[0x00, 0x80, 0x01]);
    assert_eq!(entries[2].index, 2);
    assert!(entries[2].extensions.is_none());
}

#[test]
fn verifies_signature_with_issuer() {
    let root_der = presets::root_ca().build_signed();
    let root = Certificate::parse(&root_der).expect("root");
    let der = base().build();
    let crl = Crl::parse(&der).expect("parses");
    assert_eq!(crl.verify(&root.spki), Ok(()));

    let other_der = presets::smime_subca().build_signed();
    let other = Certificate::parse(&other_der).expect("subca");
    assert!(crl.verify(&other.spki).is_err());

    let mut tampered = der.clone();
    let n = tampered.len();
    tampered[n - 5] ^= 1;
    let crl = Crl::parse(&tampered).expect("still parses");
    assert!(crl.verify(&root.spki).is_err());
}

#[test]
fn empty_crl_has_no_entries() {
    let der = CrlBuilder::new(&presets::root_name(), presets::root_key()).build();
    let crl = Crl::parse(&der).expect("parses");
    assert!(crl.revoked.is_none());
    assert_eq!(crl.entries().count(), 0);
}

#[test]
fn truncation_is_a_clear_error() {
    let der = base().build();
    for cut in [0, 1, 2, 10, der.len() / 2, der.len() - 1] {
        let e = Crl::parse(&der[..cut]).expect_err("truncated");
        let cert::DecodeError::Der { error, .. } = e else {
            panic!("unexpected error")
        };
        assert!(
            matches!(
                error.kind,
                DerErrorKind::Truncated { .. } | DerErrorKind::Missing { .. }
            ),
            "cut {cut}: {error}"
        );
    }
}

#[test]
fn bad_entry_stops_the_stream() {
    let mut b = base();
    b.push_entry(&der::seq(&[&der::int_u64(9)]));
    b.push_entry(&tcrl::entry(&[5], &der::utc_time("250221000000Z"), &[]));
    let der = b.build();
    let crl = Crl::parse(&der).expect("outer structure is fine");
    let items: Vec<_> = crl.entries().collect();
    assert_eq!(items.len(), 4);
    assert!(items[..3].iter().all(Result::is_ok));
    assert!(items[3].is_err());
}

/// A header claiming ten million entries (~400 MB) with the data cut short:
/// a Truncated error naming the claim, and nothing allocated for it.
#[test]
fn ten_million_entries_claimed() {
    let claim: u32 = 400_000_000;
    let mut input = vec![0x30, 0x84];
    input.extend_from_slice(&(claim + 200).to_be_bytes());
    input.extend_from_slice(&[0x30, 0x84]);
    input.extend_from_slice(&(claim + 100).to_be_bytes());
    input.extend_from_slice(&der::int_u64(1));
    input.extend_from_slice(&der::from_hex(testkit::keys::alg::ECDSA_SHA384));
    input.extend_from_slice(&presets::root_name().to_der());
    input.extend_from_slice(&der::utc_time("250301000000Z"));
    input.extend_from_slice(&[0x30, 0x84]);
    input.extend_from_slice(&claim.to_be_bytes());
    for i in 0..100u32 {
        input.extend_from_slice(&tcrl::entry(
            &i.to_be_bytes(),
            &der::utc_time("250221000000Z"),
            &[],
        ));
    }
    let e = Crl::parse(&input).expect_err("truncated");
    let cert::DecodeError::Der { error, .. } = e else {
        panic!("unexpected error")
    };
    assert!(
        matches!(error.kind, DerErrorKind::Truncated { needed, .. } if needed > 400_000_000),
        "{error}"
    );
}
