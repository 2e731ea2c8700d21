#![allow(clippy::expect_used, clippy::unwrap_used)]
//! `registry.path.no_valid_path`: the compliance check that validates every
//! current subordinate CA certificate's certification path (RFC 5280
//! section 6, `path` crate) to a root the registry holds.

mod common;

use registry::check::CheckOptions;
use registry::import::ImportOptions;
use registry::{FixedClock, Registry};
use testkit::ext::{self, KeyUsage};
use testkit::{CertBuilder, Key, KeyType, Name};

fn name(cn: &str) -> Name {
    Name::new().attr(testkit::name::CN, testkit::StringKind::Utf8, cn)
}

struct Ca {
    name: Name,
    key: Key,
}

impl Ca {
    fn new(cn: &str) -> Ca {
        Ca {
            name: name(cn),
            key: Key::generate(KeyType::P256),
        }
    }
}

/// `subject` certified by `issuer`, valid from `from` for `days`.
fn ca_cert(
    subject: &Ca,
    issuer: &Ca,
    path_len: Option<u64>,
    from: &str,
    days: i64,
    serial: u64,
) -> Vec<u8> {
    CertBuilder::new()
        .serial_u64(serial)
        .issuer(&issuer.name)
        .subject(&subject.name)
        .validity_days(from, days)
        .subject_key(&subject.key)
        .extension(ext::basic_constraints(true, path_len))
        .extension(ext::key_usage(&[KeyUsage::KeyCertSign, KeyUsage::CrlSign]))
        .extension(ext::subject_key_identifier(&subject.key.key_id()))
        .extension(ext::authority_key_identifier(&issuer.key.key_id()))
        .build(&issuer.key)
}

async fn import(reg: &Registry, tag: &str, certs: &[(&str, Vec<u8>)]) {
    let pem: String = certs
        .iter()
        .map(|(_, d)| testkit::pem::certificate(d))
        .collect();
    let file = common::write_temp(tag, "chain.pem", &pem);
    let r = reg
        .import_pem(
            &file,
            &FixedClock(common::day("2026-01-01")),
            ImportOptions::default(),
        )
        .await
        .unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
}

#[tokio::test(flavor = "multi_thread")]
async fn subordinate_cas_without_a_valid_path_are_reported() {
    let root = Ca::new("Path Test Root");
    let healthy = Ca::new("Healthy Sub CA");
    let old = Ca::new("Expired Intermediate");
    let orphaned = Ca::new("Sub CA Under The Expired One");
    let capped = Ca::new("PathLen Zero CA");
    let below = Ca::new("CA Below PathLen Zero");
    let too_deep = Ca::new("CA Too Deep");
    let certs = vec![
        (
            "root",
            ca_cert(&root, &root, None, "2020-01-01T00:00:00Z", 7300, 1),
        ),
        (
            "healthy",
            ca_cert(&healthy, &root, None, "2024-01-01T00:00:00Z", 1825, 2),
        ),
        // Expired in 2023; its child is still current in 2026.
        (
            "old",
            ca_cert(&old, &root, None, "2020-01-01T00:00:00Z", 1095, 3),
        ),
        (
            "orphaned",
            ca_cert(&orphaned, &old, None, "2022-01-01T00:00:00Z", 1825, 4),
        ),
        // pathLenConstraint 0 allows a CA beneath it, but nothing beneath that.
        (
            "capped",
            ca_cert(&capped, &root, Some(0), "2024-01-01T00:00:00Z", 1825, 5),
        ),
        (
            "below",
            ca_cert(&below, &capped, None, "2024-01-01T00:00:00Z", 1825, 6),
        ),
        (
            "too_deep",
            ca_cert(&too_deep, &below, None, "2024-01-01T00:00:00Z", 1825, 7),
        ),
    ];
    for (backend, reg) in common::backends("paths").await {
        import(&reg, &format!("paths-{backend}"), &certs).await;
        let findings = registry::check(
            &reg,
            &CheckOptions {
                owner: None,
                as_of: common::day("2026-01-01"),
                lint: true,
            },
            &lint::Linter::new(),
        )
        .await
        .unwrap();
        let path: Vec<_> = findings
            .iter()
            .filter(|f| f.code == "registry.path.no_valid_path")
            .collect();
        let about = |cn: &str| path.iter().find(|f| f.location.contains(cn));
        let orphan = about("Sub CA Under The Expired One").expect("the expired parent is reported");
        assert!(
            orphan.message.contains("expired"),
            "{backend}: {}",
            orphan.message
        );
        assert_eq!(orphan.citation, "RFC 5280 6.1");
        let deep = about("CA Too Deep").expect("the pathLen violation is reported");
        assert!(
            deep.message.contains("path length"),
            "{backend}: {}",
            deep.message
        );
        assert!(about("Healthy Sub CA").is_none(), "{backend}");
        assert!(
            about("CA Below PathLen Zero").is_none(),
            "{backend}: pathLen 0 allows one CA below"
        );
        // The expired intermediate itself is not current: not checked.
        assert!(about("Expired Intermediate").is_none(), "{backend}");
        assert_eq!(path.len(), 2, "{backend}: {path:#?}");
    }
}
