//! Hostile and broken input: always a report (a fatal finding when it does
//! not decode), never a panic, a hang or unbounded memory.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use lint::{Linter, Options, Severity};
use proptest::prelude::*;

fn lint(der: &[u8]) -> lint::Report {
    Linter::new().lint_der(der, &Options::default())
}

fn assert_fatal(der: &[u8]) {
    let r = lint(der);
    assert_eq!(
        r.worst(),
        Some(Severity::Fatal),
        "expected a fatal finding, got {:?}",
        r.findings
    );
    assert_eq!(r.findings[0].code, lint::rules::der::UNDECODABLE);
}

fn valid() -> Vec<u8> {
    testkit::presets::smime_leaf(
        testkit::presets::Validation::Mailbox,
        testkit::presets::Generation::Strict,
    )
    .build_signed()
}

#[test]
fn empty_and_truncated() {
    assert_fatal(&[]);
    let der = valid();
    for cut in [1, 2, 10, der.len() / 2, der.len() - 1] {
        assert_fatal(&der[..cut]);
    }
}

#[test]
fn nested_ten_thousand_deep() {
    // SEQUENCE { SEQUENCE { ... } } 10,000 deep, lengths in long form.
    let mut inner: Vec<u8> = Vec::new();
    for _ in 0..10_000 {
        let len = inner.len();
        let mut next = vec![0x30, 0x84];
        next.extend_from_slice(&(len as u32).to_be_bytes());
        next.extend_from_slice(&inner);
        inner = next;
    }
    assert_fatal(&inner);
}

#[test]
fn ten_thousand_extensions() {
    let mut b = testkit::presets::smime_leaf(
        testkit::presets::Validation::Mailbox,
        testkit::presets::Generation::Strict,
    );
    for i in 0..10_000u64 {
        let oid = format!("1.3.6.1.4.1.55555.{i}");
        b = b.extension(testkit::ext::raw(&oid, None, testkit::der::null()));
    }
    let der = b.build_signed();
    let r = lint(&der);
    assert!(r.worst() < Some(Severity::Fatal), "decodable, so not fatal");
    assert!(!r.findings.is_empty(), "unknown extensions are reported");
}

#[test]
fn random_bytes_megabyte() {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let data: Vec<u8> = (0..1_000_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    assert_fatal(&data);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(data in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = lint(&data);
    }

    #[test]
    fn mutated_certificate_never_panics(flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
        let mut der = valid();
        for (i, b) in flips {
            let at = i.index(der.len());
            der[at] ^= b;
        }
        let _ = lint(&der);
    }

    #[test]
    fn truncated_certificate_is_fatal(cut in 0usize..1000) {
        let der = valid();
        let cut = cut % der.len();
        let r = lint(&der[..cut]);
        prop_assert_eq!(r.worst(), Some(Severity::Fatal));
    }
}
