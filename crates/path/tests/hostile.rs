//! Hostile bundles: cycles of cross-certificates, 10,000 candidate issuers
//! with one name, a chain 1,000 deep. Each ends in bounded time with a
//! clear failure, never a panic or a hang.
#![allow(clippy::expect_used, clippy::unwrap_used, missing_docs)]

use std::time::{Duration, Instant};

use path::{Error, Options, validate};
use testkit::ext::{self, KeyUsage};
use testkit::{CertBuilder, Key, KeyType, Name};

const T: i64 = 1_767_225_600; // 2026-01-01

fn name(cn: &str) -> Name {
    Name::new().attr(testkit::name::CN, testkit::StringKind::Utf8, cn)
}

/// A CA certificate for `subject`/`key`, issued by `issuer`/`issuer_key`.
fn ca(subject: &Name, key: &Key, issuer: &Name, issuer_key: &Key, serial: u64) -> Vec<u8> {
    CertBuilder::new()
        .serial_u64(serial)
        .issuer(issuer)
        .subject(subject)
        .validity_days("2025-01-01T00:00:00Z", 3650)
        .subject_key(key)
        .extension(ext::basic_constraints(true, None))
        .extension(ext::key_usage(&[KeyUsage::KeyCertSign, KeyUsage::CrlSign]))
        .extension(ext::subject_key_identifier(&key.key_id()))
        .extension(ext::authority_key_identifier(&issuer_key.key_id()))
        .build(issuer_key)
}

fn refs(v: &[Vec<u8>]) -> Vec<&[u8]> {
    v.iter().map(Vec::as_slice).collect()
}

fn bounded(start: Instant) {
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "took {:?}",
        start.elapsed()
    );
}

#[test]
fn cross_certificate_cycles_end() {
    let (a, b, c) = (name("Cycle A"), name("Cycle B"), name("Cycle C"));
    let (ka, kb, kc) = (
        Key::generate(KeyType::P256),
        Key::generate(KeyType::P256),
        Key::generate(KeyType::P256),
    );
    let root = name("Unrelated Root");
    let kr = Key::generate(KeyType::P256);
    let anchor = ca(&root, &kr, &root, &kr, 1);
    // A <-> B <-> C <-> A, each cross-signed both ways; none reaches the root.
    let bundle = vec![
        ca(&a, &ka, &b, &kb, 2),
        ca(&b, &kb, &a, &ka, 3),
        ca(&b, &kb, &c, &kc, 4),
        ca(&c, &kc, &b, &kb, 5),
        ca(&c, &kc, &a, &ka, 6),
        ca(&a, &ka, &c, &kc, 7),
    ];
    let leaf = ca(&name("Leaf"), &Key::generate(KeyType::P256), &a, &ka, 8);
    let start = Instant::now();
    let report = validate(&leaf, &refs(&bundle), &[&anchor], &[], &Options::at(T)).unwrap();
    bounded(start);
    assert!(!report.is_valid());
    let f = report.paths[0].failure.as_ref().expect("a reason");
    assert!(matches!(f.error, Error::NoIssuer { .. }), "{f}");
}

#[test]
fn ten_thousand_issuers_with_one_name_are_bounded() {
    let shared = name("Everyone");
    let root = name("Root");
    let kr = Key::generate(KeyType::P256);
    let anchor = ca(&root, &kr, &root, &kr, 1);
    let signer = Key::generate(KeyType::P256);
    // 10,000 CAs named "Everyone" with keys that did not sign the leaf
    // (one key for all keeps the test fast; their SKIs are all missing so
    // none can be pruned by key identifier).
    let decoy = Key::generate(KeyType::P256);
    let bundle: Vec<Vec<u8>> = (0..10_000u64)
        .map(|i| {
            CertBuilder::new()
                .serial_u64(i + 10)
                .issuer(&root)
                .subject(&shared)
                .validity_days("2025-01-01T00:00:00Z", 3650)
                .subject_key(&decoy)
                .extension(ext::basic_constraints(true, None))
                .build(&kr)
        })
        .collect();
    let leaf = CertBuilder::new()
        .issuer(&shared)
        .subject(&name("Leaf"))
        .subject_key(&Key::generate(KeyType::P256))
        .build(&signer);
    let start = Instant::now();
    let report = validate(&leaf, &refs(&bundle), &[&anchor], &[], &Options::at(T)).unwrap();
    bounded(start);
    assert!(!report.is_valid());
    // One key: verified once, every candidate examined within the budget.
    let f = report.paths[0].failure.as_ref().unwrap();
    assert!(matches!(f.error, Error::BadSignature { .. }), "{f}");

    // With a smaller budget the search stops and says so.
    let mut opts = Options::at(T);
    opts.budget = 1_000;
    let report = validate(&leaf, &refs(&bundle), &[&anchor], &[], &opts).unwrap();
    assert!(report.exhausted);
    let f = report.paths[0].failure.as_ref().unwrap();
    assert!(matches!(f.error, Error::BudgetExhausted { .. }), "{f}");
    assert!(f.to_string().contains("work budget"), "{f}");
}

#[test]
fn a_chain_a_thousand_deep_is_cut_off() {
    let root = name("Deep Root");
    let kr = Key::generate(KeyType::P256);
    let anchor = ca(&root, &kr, &root, &kr, 1);
    let keys: Vec<Key> = (0..1001).map(|_| Key::generate(KeyType::P256)).collect();
    let names: Vec<Name> = (0..1001).map(|i| name(&format!("Level {i}"))).collect();
    let mut bundle = vec![ca(&names[0], &keys[0], &root, &kr, 2)];
    for i in 1..1000 {
        bundle.push(ca(
            &names[i],
            &keys[i],
            &names[i - 1],
            &keys[i - 1],
            2 + i as u64,
        ));
    }
    let leaf = ca(&names[1000], &keys[1000], &names[999], &keys[999], 5000);
    let start = Instant::now();
    let report = validate(&leaf, &refs(&bundle), &[&anchor], &[], &Options::at(T)).unwrap();
    bounded(start);
    assert!(!report.is_valid());
    let f = report.paths[0].failure.as_ref().unwrap();
    assert!(f.to_string().contains("no trust anchor within"), "{f}");
}

#[test]
fn unusable_input_is_an_error_not_a_panic() {
    let root = name("Root");
    let kr = Key::generate(KeyType::P256);
    let anchor = ca(&root, &kr, &root, &kr, 1);
    assert!(validate(b"not a certificate", &[], &[&anchor], &[], &Options::at(T)).is_err());
    assert!(validate(&anchor, &[], &[b"junk"], &[], &Options::at(T)).is_err());
    // Junk among the intermediates and CRLs is skipped and reported.
    let leaf = ca(&name("Leaf"), &Key::generate(KeyType::P256), &root, &kr, 2);
    let report = validate(
        &leaf,
        &[b"junk"],
        &[&anchor],
        &[b"also junk"],
        &Options::at(T),
    )
    .unwrap();
    assert!(report.is_valid());
    assert_eq!(report.skipped.len(), 2, "{:?}", report.skipped);
}

#[test]
fn thousands_of_crls_from_one_ca_are_bounded() {
    use path::revocation::Mode;
    use testkit::crl::{CrlBuilder, Idp, crl_number, delta_crl_indicator};

    let root = name("CRL Root");
    let kr: &'static Key = Box::leak(Box::new(Key::generate(KeyType::P256)));
    let issuer = name("CRL CA");
    let kc: &'static Key = Box::leak(Box::new(Key::generate(KeyType::P256)));
    let anchor = ca(&root, kr, &root, kr, 1);
    let inter = ca(&issuer, kc, &root, kr, 2);
    let dp = "http://crl.example/ca.crl";
    let leaf = CertBuilder::new()
        .serial_u64(7)
        .issuer(&issuer)
        .subject(&name("CRL Leaf"))
        .validity_days("2025-01-01T00:00:00Z", 3650)
        .subject_key(&Key::generate(KeyType::P256))
        .extension(ext::authority_key_identifier(&kc.key_id()))
        .extension(ext::crl_distribution_points(&[dp]))
        .build(kc);
    let times = |b: CrlBuilder| b.times("251220000000Z", Some("260120000000Z"));
    let numbered = |n: u64| {
        times(CrlBuilder::new(&issuer, kc))
            .remove_extension(testkit::crl::CRL_NUMBER)
            .extension(crl_number(n))
            .extension(Idp::uri(dp).extension())
    };
    let mut crls = vec![
        times(CrlBuilder::new(&root, kr)).build(),
        // The complete CRL for the leaf's distribution point.
        numbered(1).build(),
    ];
    // 2,000 delta CRLs that update it (the newest revokes the leaf), and
    // 2,000 that cannot (their base is a CRL number not given): only the
    // newest applicable one is checked.
    for n in 2..=2001u64 {
        let mut b = numbered(n).extension(delta_crl_indicator(1));
        if n == 2001 {
            b = b.revoke(&[7], "251221000000Z", &[]);
        }
        crls.push(b.build());
    }
    for n in 10_001..=12_000u64 {
        crls.push(numbered(n).extension(delta_crl_indicator(9_000)).build());
    }
    // 1,000 complete CRLs for other distribution points: out of scope.
    for i in 0..1_000u64 {
        crls.push(
            times(CrlBuilder::new(&issuer, kc))
                .extension(Idp::uri(&format!("http://crl.example/other-{i}.crl")).extension())
                .build(),
        );
    }
    let mut opts = Options::at(T);
    opts.revocation = Mode::Require;
    let start = Instant::now();
    let report = validate(&leaf, &[&inter], &[&anchor], &refs(&crls), &opts).unwrap();
    bounded(start);
    assert!(!report.is_valid());
    let f = report.paths[0].failure.as_ref().unwrap();
    assert!(matches!(f.error, Error::Revoked { .. }), "{f}");
    assert!(f.to_string().contains("2025-12-21"), "{f}");
}
