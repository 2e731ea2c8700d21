//! The lint passes a CA uses: before signing, every rule but those that read
//! signatureValue; after signing, only those. Together they equal a full lint.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use cert::Certificate;
use lint::{Linter, Options, Pass, ProfileChoice};
use testkit::presets::{self, Generation, Validation};

fn codes(r: &lint::Report) -> Vec<&'static str> {
    let mut v: Vec<_> = r.findings.iter().map(|f| f.code).collect();
    v.sort_unstable();
    v
}

#[test]
fn before_and_after_signing_make_a_full_lint() {
    let sub = presets::smime_subca().build_signed();
    let issuer = Certificate::parse(&sub).expect("sub-CA");
    // A leaf with a broken signature and a rule violation (no SKI), so both passes find something.
    let leaf = presets::smime_leaf(Validation::Organization, Generation::Strict)
        .remove_extension("2.5.29.14")
        .corrupt_signature()
        .build_signed();
    let c = Certificate::parse(&leaf).expect("leaf");
    let linter = Linter::new();
    let opts = Options {
        profile: ProfileChoice::Auto,
        issuer: Some(&issuer),
    };
    let full = linter.lint_pass(&c, &opts, Pass::All);
    let before = linter.lint_pass(&c, &opts, Pass::BeforeSigning);
    let after = linter.lint_pass(&c, &opts, Pass::SignatureOnly);
    assert!(
        codes(&after).contains(&"chain.signature.invalid"),
        "{:?}",
        codes(&after)
    );
    assert!(!codes(&before).contains(&"chain.signature.invalid"));
    assert!(!codes(&before).is_empty());
    let mut both = codes(&before);
    both.extend(codes(&after));
    both.sort_unstable();
    assert_eq!(both, codes(&full));
    for r in lint::catalogue() {
        assert_ne!(
            Pass::BeforeSigning.includes(r),
            Pass::SignatureOnly.includes(r),
            "{} is in exactly one pass",
            r.code
        );
    }
}
