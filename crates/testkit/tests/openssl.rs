//! Checks the presets and builder output with the openssl binary.
#![allow(clippy::expect_used, missing_docs)]

mod common;

use common::{TempFile, have_openssl, run, x509_text};
use testkit::presets::{self, Generation, Validation};
use testkit::{CertBuilder, Key, KeyType, Name, ext, pem};

/// 2025-06-15T00:00:00Z, inside every preset's validity period.
const AT_TIME: &str = "1749945600";

#[test]
fn root_parses() {
    if !have_openssl() {
        return;
    }
    let text = x509_text(&presets::root_ca().build_signed());
    assert!(text.contains("CA:TRUE"), "{text}");
    assert!(text.contains("Certificate Sign, CRL Sign"), "{text}");
    assert!(text.contains("Subject Key Identifier"), "{text}");
    assert!(!text.contains("Extended Key Usage"), "{text}");
    assert!(!text.contains("Certificate Policies"), "{text}");
    assert!(
        text.contains("Not After : Dec 31 23:59:59 2044 GMT"),
        "{text}"
    );
}

#[test]
fn subca_parses() {
    if !have_openssl() {
        return;
    }
    let text = x509_text(&presets::smime_subca().build_signed());
    assert!(text.contains("CA:TRUE, pathlen:0"), "{text}");
    assert!(text.contains("E-mail Protection"), "{text}");
    assert!(text.contains("Policy: 2.23.140.1.5.2.3"), "{text}");
    assert!(text.contains("CPS: https://example.com/cps"), "{text}");
    assert!(
        text.contains("URI:http://crl.example.com/root.crl"),
        "{text}"
    );
    assert!(
        text.contains("CA Issuers - URI:http://ca.example.com/root.crt"),
        "{text}"
    );
    assert!(
        text.contains("Subject: C = US, O = Testkit, CN = Testkit S/MIME CA"),
        "{text}"
    );
}

#[test]
fn every_leaf_parses() {
    if !have_openssl() {
        return;
    }
    for v in Validation::ALL {
        for g in Generation::ALL {
            let text = x509_text(&presets::smime_leaf(v, g).build_signed());
            let policy = presets::smime_policy_oid(v, g);
            assert!(
                text.contains(&format!("Policy: {policy}")),
                "{v:?} {g:?}: {text}"
            );
            assert!(text.contains("email:alice@example.com"), "{text}");
            assert!(
                text.contains("Digital Signature, Key Encipherment"),
                "{text}"
            );
            assert!(text.contains("Public-Key: (2048 bit)"), "{text}");
            assert!(
                text.contains("OCSP - URI:http://ocsp.example.com"),
                "{text}"
            );
            assert!(
                text.contains("Not Before: Mar  1 00:00:00 2025 GMT"),
                "{text}"
            );
            assert!(
                text.contains("Not After : Feb 28 23:59:59 2026 GMT"),
                "{text}"
            );
            assert!(!text.contains("CA:TRUE"), "{text}");
        }
    }
}

fn verify(root: &[u8], intermediates: &[&[u8]], leaf: &[u8], extra: &[&str]) -> (bool, String) {
    let root_f = TempFile::new("root.pem", pem::certificate(root).as_bytes());
    let chain: String = intermediates.iter().map(|c| pem::certificate(c)).collect();
    let chain_f = TempFile::new("chain.pem", chain.as_bytes());
    let leaf_f = TempFile::new("leaf.pem", pem::certificate(leaf).as_bytes());
    let mut args = vec![
        "verify",
        "-attime",
        AT_TIME,
        "-x509_strict",
        "-CAfile",
        root_f.path(),
    ];
    if !intermediates.is_empty() {
        args.extend(["-untrusted", chain_f.path()]);
    }
    args.extend(extra);
    args.push(leaf_f.path());
    let out = run(&args);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn chain_verifies() {
    if !have_openssl() {
        return;
    }
    for v in Validation::ALL {
        for g in Generation::ALL {
            let chain = presets::smime_chain(v, g);
            let (ok, text) = verify(
                &chain.root,
                &[&chain.subca],
                &chain.leaf,
                &["-purpose", "smimesign"],
            );
            assert!(ok, "{v:?} {g:?}: {text}");
        }
    }
}

#[test]
fn corrupted_signature_is_rejected() {
    if !have_openssl() {
        return;
    }
    let chain = presets::smime_chain(Validation::Mailbox, Generation::Strict);
    let bad_leaf = presets::smime_leaf(Validation::Mailbox, Generation::Strict)
        .corrupt_signature()
        .build_signed();
    let (ok, text) = verify(&chain.root, &[&chain.subca], &bad_leaf, &[]);
    assert!(!ok, "corrupted signature verified: {text}");
}

#[test]
fn every_key_type_self_signs() {
    if !have_openssl() {
        return;
    }
    for kind in KeyType::ALL {
        let key = Key::cached(kind);
        let name = Name::new().cn(&format!("{kind:?} self-signed"));
        let cert = CertBuilder::new()
            .subject(&name)
            .issuer(&name)
            .subject_key(key)
            .extension(ext::basic_constraints(true, None))
            .extension(ext::key_usage(&[ext::KeyUsage::KeyCertSign]))
            .extension(ext::subject_key_identifier(&key.key_id()))
            .build(key);
        x509_text(&cert);
        let (ok, text) = verify(&cert, &[], &cert, &[]);
        assert!(ok, "{kind:?}: {text}");
    }
}

#[test]
fn rsa_pss_and_sha384_signatures_verify() {
    if !have_openssl() {
        return;
    }
    let key = Key::rsa2048();
    for alg in [
        testkit::SigAlg::RsaPkcs1Sha384,
        testkit::SigAlg::RsaPkcs1Sha512,
        testkit::SigAlg::RsaPssSha256,
        testkit::SigAlg::RsaPssSha384,
        testkit::SigAlg::RsaPssSha512,
    ] {
        let name = Name::new().cn("pss");
        let cert = CertBuilder::new()
            .subject(&name)
            .subject_key(key)
            .sig_alg(alg)
            .extension(ext::basic_constraints(true, None))
            .extension(ext::key_usage(&[ext::KeyUsage::KeyCertSign]))
            .build(key);
        let (ok, text) = verify(&cert, &[], &cert, &[]);
        assert!(ok, "{alg:?}: {text}");
    }
}

#[test]
fn many_extension_kinds_parse() {
    if !have_openssl() {
        return;
    }
    use testkit::StringKind;
    use testkit::ext::{GeneralName, PolicyInfo};
    let dir = Name::new().c("US").o("Dir");
    let cert = CertBuilder::new()
        .extension(ext::subject_alt_name(&[
            GeneralName::Rfc822("a@example.com".into()),
            GeneralName::Dns("example.com".into()),
            GeneralName::Uri("https://example.com/".into()),
            GeneralName::Ip(vec![192, 0, 2, 1]),
            GeneralName::DirName(dir.clone()),
            GeneralName::SmtpUtf8Mailbox("üser@example.com".into()),
            GeneralName::RegisteredId("1.2.3.4".into()),
        ]))
        .extension(ext::issuer_alt_name(&[GeneralName::Dns(
            "ca.example".into(),
        )]))
        .extension(ext::certificate_policies(&[PolicyInfo::new(
            "2.23.140.1.5.4.3",
        )
        .cps("http://example.com/cps")
        .user_notice(StringKind::Utf8, "Notice")
        .user_notice_with_ref(
            (StringKind::Ia5, "Org"),
            &[1, 2],
            Some((StringKind::Bmp, "BMP")),
        )]))
        .extension(ext::name_constraints(
            &[
                GeneralName::Rfc822("example.com".into()),
                GeneralName::DirName(dir),
            ],
            &[GeneralName::Ip(vec![10, 0, 0, 0, 255, 0, 0, 0])],
        ))
        .extension(ext::policy_constraints(Some(0), Some(1)))
        .extension(ext::inhibit_any_policy(0))
        .extension(ext::authority_key_identifier_full(
            Some(&[1, 2, 3]),
            Some((&[GeneralName::DirName(Name::new().cn("x"))], &[0x42])),
        ))
        .extension(ext::ct_poison())
        .build(Key::p256());
    let text = x509_text(&cert);
    for needle in [
        "email:a@example.com",
        "DNS:example.com",
        "URI:https://example.com/",
        "IP Address:192.0.2.1",
        "DirName:C = US, O = Dir",
        "Explicit Text: Notice",
        "Organization: Org",
        "Numbers: 1, 2",
        "Permitted:",
        "Require Explicit Policy:0",
        "Inhibit Any Policy",
        "serial:42",
        "CT Precertificate Poison",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in {text}");
    }
}
