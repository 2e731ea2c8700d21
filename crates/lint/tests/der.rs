//! The DER rules (X.690; the ASN.1 size constraints of RFC 5280): values the
//! decoder tolerates become findings, located by byte offset.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use lint::{Linter, Options, Profile, ProfileChoice};
use testkit::ext::{GeneralName, oid};
use testkit::{CertBuilder, Extension, der, presets};

const LEAF: Profile = Profile::Smime(lint::Validation::Mailbox, lint::Generation::Strict);

fn codes(b: CertBuilder) -> Vec<&'static str> {
    Linter::new()
        .lint_der(
            &b.build_signed(),
            &Options {
                profile: ProfileChoice::Fixed(LEAF),
                issuer: None,
            },
        )
        .findings
        .iter()
        .map(|f| f.code)
        .collect()
}

fn leaf() -> CertBuilder {
    presets::smime_leaf(presets::Validation::Mailbox, presets::Generation::Strict)
}

#[test]
fn preset_is_der() {
    let got = codes(leaf());
    assert!(!got.iter().any(|c| c.starts_with("der.")), "{got:?}");
}

/// RFC 5280 4.2.1.4: policyQualifiers is SEQUENCE SIZE (1..MAX) OF; present
/// and empty, it is reported (and the policy is read as having none).
#[test]
fn empty_policy_qualifiers() {
    let code = "der.empty_sequence_of";
    let policies = |qualifiers: Option<&[u8]>| {
        let mut info = vec![der::oid("2.23.140.1.5.1.3")];
        info.extend(qualifiers.map(<[u8]>::to_vec));
        leaf().replace_extension(Extension::new(
            oid::CERTIFICATE_POLICIES,
            None,
            der::seq(&[&der::seq_vec(info)]),
        ))
    };
    assert!(!codes(policies(None)).contains(&code));
    let got = codes(policies(Some(&der::seq(&[]))));
    assert!(got.contains(&code), "{got:?}");
    // The rest of the policy still counts: the reserved S/MIME policy is there.
    assert!(
        !got.contains(&"smime.certificate_policies.reserved_oid_missing"),
        "{got:?}"
    );
}

/// X.690 11.2.2 in a DistributionPoint's ReasonFlags, as in KeyUsage.
#[test]
fn reason_flags_trailing_zero_bits() {
    let code = "der.bit_string_padding";
    let dp = |reasons: Vec<u8>| {
        let uri = GeneralName::Uri("http://crl.example.com/ca.crl".into()).to_der();
        let name = der::tlv(0xa0, &der::tlv(0xa0, &uri));
        leaf().replace_extension(Extension::new(
            oid::CRL_DISTRIBUTION_POINTS,
            None,
            der::seq(&[&der::seq(&[&name, &reasons])]),
        ))
    };
    // keyCompromise (bit 1): minimal is 81 02 06 40; 81 02 00 40 keeps six zeros.
    assert!(!codes(dp(der::raw_tlv(0x81, &[0x06, 0x40]))).contains(&code));
    assert!(codes(dp(der::raw_tlv(0x81, &[0x00, 0x40]))).contains(&code));
}
