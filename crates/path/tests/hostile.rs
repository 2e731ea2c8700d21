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

/// A CA, its issuer's anchor and a leaf (serial 7) with `leaf_ext`, for the
/// hostile CRL tests below; the CA's CRLs are signed with `kc`.
struct CrlPki {
    anchor: Vec<u8>,
    inter: Vec<u8>,
    leaf: Vec<u8>,
    issuer: Name,
    kc: &'static Key,
    /// The anchor's CRL (the CA is not revoked).
    root_crl: Vec<u8>,
}

fn crl_pki(leaf_ext: Vec<testkit::ext::Extension>) -> CrlPki {
    let root = name("Hostile CRL Root");
    let kr: &'static Key = Box::leak(Box::new(Key::generate(KeyType::P256)));
    let issuer = name("Hostile CRL CA");
    let kc: &'static Key = Box::leak(Box::new(Key::generate(KeyType::P256)));
    let mut leaf = CertBuilder::new()
        .serial_u64(7)
        .issuer(&issuer)
        .subject(&name("Hostile CRL Leaf"))
        .validity_days("2025-01-01T00:00:00Z", 3650)
        .subject_key(&Key::generate(KeyType::P256))
        .extension(ext::authority_key_identifier(&kc.key_id()));
    for e in leaf_ext {
        leaf = leaf.extension(e);
    }
    CrlPki {
        anchor: ca(&root, kr, &root, kr, 1),
        inter: ca(&issuer, kc, &root, kr, 2),
        leaf: leaf.build(kc),
        issuer,
        kc,
        root_crl: testkit::crl::CrlBuilder::new(&root, kr)
            .times("251220000000Z", Some("260120000000Z"))
            .build(),
    }
}

impl CrlPki {
    /// A current CRL of the CA with cRLNumber content `number`.
    fn crl(&self, number: &[u8]) -> testkit::crl::CrlBuilder {
        testkit::crl::CrlBuilder::new(&self.issuer, self.kc)
            .times("251220000000Z", Some("260120000000Z"))
            .remove_extension(testkit::crl::CRL_NUMBER)
            .extension(testkit::ext::Extension::new(
                testkit::crl::CRL_NUMBER,
                None,
                testkit::der::int_raw(number),
            ))
    }

    /// Validates the leaf with `crls`, revocation required, in bounded time.
    fn check(&self, crls: &[Vec<u8>]) -> Result<(), Error> {
        let mut opts = Options::at(T);
        opts.revocation = path::revocation::Mode::Require;
        let mut all = refs(crls);
        all.push(&self.root_crl);
        let start = Instant::now();
        let report = validate(&self.leaf, &[&self.inter], &[&self.anchor], &all, &opts).unwrap();
        bounded(start);
        match report.paths.first().and_then(|p| p.failure.as_ref()) {
            None if report.is_valid() => Ok(()),
            Some(f) => Err(f.error.clone()),
            None => panic!("no path: {report:?}"),
        }
    }
}

fn delta(base: &[u8]) -> testkit::ext::Extension {
    testkit::ext::Extension::new(
        testkit::crl::DELTA_CRL_INDICATOR,
        Some(true),
        testkit::der::int_raw(base),
    )
}

#[test]
fn crls_with_huge_or_negative_numbers_are_refused_not_a_panic() {
    let pki = crl_pki(Vec::new());
    let mut huge = vec![0x7f; 1000];
    huge[0] = 0x01;
    for number in [&huge[..], &[0x80], &[0xff, 0x01], &[], &[0x00, 0x00, 0x05]] {
        let r = pki.check(&[pki.crl(number).build()]);
        assert!(
            matches!(r, Err(Error::RevocationUnknown { .. })),
            "{number:?}: {r:?}"
        );
    }
    // Deltas with such numbers never apply: the complete CRL (number 1)
    // alone speaks, and does not list the leaf.
    for (number, base) in [
        (&huge[..], &[1u8][..]),
        (&[2], &huge[..]),
        (&[0x80], &[1]),
        (&[2], &[0xff]),
    ] {
        let d = pki
            .crl(number)
            .extension(delta(base))
            .revoke(&[7], "251221000000Z", &[])
            .build();
        let r = pki.check(&[pki.crl(&[1]).build(), d]);
        assert_eq!(r, Ok(()), "delta {number:?} on base {base:?}");
    }
}

#[test]
fn deltas_that_refer_to_themselves_or_to_later_crls_do_not_apply() {
    let pki = crl_pki(Vec::new());
    let complete = pki.crl(&[5]).build();
    for (number, base) in [(5u8, 5u8), (6, 6), (6, 7), (4, 1), (5, 1)] {
        let d = pki
            .crl(&[number])
            .extension(delta(&[base]))
            .revoke(&[7], "251221000000Z", &[])
            .build();
        assert_eq!(
            pki.check(&[complete.clone(), d]),
            Ok(()),
            "delta {number} on base {base}"
        );
    }
    // A well-formed delta (6 on base 5) does apply.
    let d = pki
        .crl(&[6])
        .extension(delta(&[5]))
        .revoke(&[7], "251221000000Z", &[])
        .build();
    assert!(matches!(
        pki.check(&[complete, d]),
        Err(Error::Revoked { .. })
    ));
}

#[test]
fn crls_with_duplicate_extensions_are_not_used() {
    let pki = crl_pki(Vec::new());
    let dup_number = pki.crl(&[1]).extension(testkit::crl::crl_number(2)).build();
    let idp = testkit::crl::Idp::uri("http://crl.example/a.crl").extension();
    let dup_idp = pki
        .crl(&[1])
        .extension(testkit::crl::Idp::default().extension())
        .extension(idp)
        .build();
    let dup_delta = pki
        .crl(&[3])
        .extension(delta(&[1]))
        .extension(delta(&[2]))
        .revoke(&[7], "251221000000Z", &[])
        .build();
    for crls in [vec![dup_number], vec![dup_idp]] {
        let r = pki.check(&crls);
        assert!(matches!(r, Err(Error::RevocationUnknown { .. })), "{r:?}");
    }
    // The delta with two deltaCRLIndicators is not applied.
    assert_eq!(pki.check(&[pki.crl(&[1]).build(), dup_delta]), Ok(()));
}

/// An entry whose serial has exactly these content octets.
fn entry_raw_serial(serial: &[u8], date: &str) -> Vec<u8> {
    use testkit::der;
    der::seq(&[&der::int_raw(serial), &der::utc_time(date)])
}

#[test]
fn odd_serials_in_entries_do_not_hide_or_fake_a_revocation() {
    let pki = crl_pki(Vec::new());
    let mut long = vec![0x11; 1000];
    long[999] = 7;
    let mut b = pki.crl(&[1]);
    // Negative, 1000 octets ending in 07, empty, 00 07 (non-minimal 7).
    for serial in [&[0xf9][..], &[0xff, 0xf9], &long, &[]] {
        b.push_entry(&entry_raw_serial(serial, "251221000000Z"));
    }
    assert_eq!(pki.check(&[b.clone().build()]), Ok(()));
    b.push_entry(&entry_raw_serial(&[0x00, 0x07], "251221000000Z"));
    assert!(matches!(
        pki.check(&[b.build()]),
        Err(Error::Revoked { .. })
    ));
}

/// A cRLDistributionPoints extension of `n` points, each with a fullName
/// URI and `issuers` cRLIssuer directory names.
fn many_points(n: usize, issuers: usize) -> testkit::ext::Extension {
    use testkit::der;
    use testkit::ext::GeneralName;
    let points: Vec<Vec<u8>> = (0..n)
        .map(|i| {
            let uri = GeneralName::Uri(format!("http://crl.example/{i}.crl")).to_der();
            let full_name = der::explicit(0, &der::implicit(0, true, &uri));
            let mut parts = vec![full_name];
            if issuers > 0 {
                let names: Vec<u8> = (0..issuers)
                    .flat_map(|j| GeneralName::DirName(name(&format!("I{i}-{j}"))).to_der())
                    .collect();
                parts.push(der::implicit(2, true, &names));
            }
            der::seq_vec(parts)
        })
        .collect();
    testkit::ext::Extension::new("2.5.29.31", None, der::seq_vec(points))
}

#[test]
fn thousands_of_distribution_points_and_crl_issuers_are_bounded() {
    for (points, issuers) in [(5_000, 0), (32, 2_000)] {
        let pki = crl_pki(vec![many_points(points, issuers)]);
        // 2,000 CRLs of other issuers, and the CA's own, which lists the leaf.
        let mut crls: Vec<Vec<u8>> = (0..2_000)
            .map(|i| {
                testkit::crl::CrlBuilder::new(&name(&format!("Other {i}")), pki.kc)
                    .times("251220000000Z", Some("260120000000Z"))
                    .build()
            })
            .collect();
        let own = pki.crl(&[1]).revoke(&[7], "251221000000Z", &[]).build();
        let alone = Instant::now();
        let r = pki.check(std::slice::from_ref(&own));
        let alone = alone.elapsed();
        assert!(matches!(r, Err(Error::Revoked { .. })), "{r:?}");
        crls.push(own);
        // The 2,000 other CRLs add little: comparing each with every
        // cRLIssuer name one by one took 2.7 s here (debug build), against
        // 0.7 s for the certificate with its own CRL alone.
        let start = Instant::now();
        let r = pki.check(&crls);
        let took = start.elapsed();
        assert!(
            took < alone * 2 + Duration::from_millis(500),
            "{points} points, {issuers} cRLIssuers each: {took:?} ({alone:?} with one CRL)"
        );
        assert!(matches!(r, Err(Error::Revoked { .. })), "{r:?}");
    }
}
