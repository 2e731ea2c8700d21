//! `--profile auto`: detection from reserved policy OIDs, EKU and basicConstraints.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use cert::Certificate;
use lint::profile::detect;
use lint::{Generation, Profile, Validation};
use testkit::presets::{self, Generation as G, Validation as V};

fn detected(der: &[u8]) -> Profile {
    detect(&Certificate::parse(der).expect("test certificate decodes"))
}

#[test]
fn smime_subscribers_by_reserved_oid() {
    let pairs = [
        (V::Mailbox, Validation::Mailbox),
        (V::Organization, Validation::Organization),
        (V::Sponsored, Validation::Sponsored),
        (V::Individual, Validation::Individual),
    ];
    let gens = [
        (G::Legacy, Generation::Legacy),
        (G::Multipurpose, Generation::Multipurpose),
        (G::Strict, Generation::Strict),
    ];
    for (tv, v) in pairs {
        for (tg, g) in gens {
            let der = presets::smime_leaf(tv, tg).build_signed();
            assert_eq!(detected(&der), Profile::Smime(v, g));
        }
    }
}

#[test]
fn cas() {
    assert_eq!(
        detected(&presets::root_ca().build_signed()),
        Profile::RootCa
    );
    assert_eq!(
        detected(&presets::smime_subca().build_signed()),
        Profile::SmimeSubCa
    );
    // An email CA from before the S/MIME BRs without their policy OID is a generic sub-CA.
    let old = presets::smime_subca()
        .validity_days("2020-01-01", 3650)
        .replace_extension(testkit::ext::policies(&["1.3.6.1.4.1.55555.1"]));
    assert_eq!(detected(&old.build_signed()), Profile::SubCa);
}

#[test]
fn smime_without_reserved_oid_is_inferred_only_after_effective_date() {
    let no_oid = || {
        presets::smime_leaf(V::Mailbox, G::Strict)
            .replace_extension(testkit::ext::policies(&["1.3.6.1.4.1.55555.1"]))
    };
    let new = no_oid().validity_days("2024-01-01", 365).build_signed();
    assert_eq!(
        detected(&new),
        Profile::Smime(Validation::Mailbox, Generation::Strict)
    );
    let old = no_oid().validity_days("2022-01-01", 365).build_signed();
    assert_eq!(detected(&old), Profile::EndEntity);
}

#[test]
fn suremail_g5_is_an_smime_subca() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let text = std::fs::read_to_string(corpus.join("secom/Cybertrust_Japan_SureMail_CA_G5.pem"))
        .expect("read");
    let der = common::first_pem(&text).expect("PEM");
    assert_eq!(detected(&der), Profile::SmimeSubCa);
}
