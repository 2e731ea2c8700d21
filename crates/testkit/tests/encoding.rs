//! Byte-level checks of the DER writer, names, extensions and the builder.
#![allow(clippy::expect_used, missing_docs)]

use testkit::der::{self, from_hex, to_hex};
use testkit::ext::{self, KeyUsage};
use testkit::presets::{self, Generation, Validation};
use testkit::{CertBuilder, Key, KeyType, Name, StringKind, Version};

#[test]
fn length_above_127() {
    let content = vec![0xab; 200];
    let enc = der::octet_string(&content);
    assert_eq!(&enc[..3], [0x04, 0x81, 200]);
    assert_eq!(enc.len(), 203);
    let enc = der::octet_string(&[0; 128]);
    assert_eq!(&enc[..3], [0x04, 0x81, 0x80]);
    let enc = der::octet_string(&[0; 256]);
    assert_eq!(&enc[..4], [0x04, 0x82, 0x01, 0x00]);
}

#[test]
fn length_above_65535() {
    let enc = der::octet_string(&vec![7; 65_536]);
    assert_eq!(&enc[..5], [0x04, 0x83, 0x01, 0x00, 0x00]);
    assert_eq!(enc.len(), 65_541);
    let enc = der::seq(&[&vec![0; 70_000]]);
    assert_eq!(&enc[..5], [0x30, 0x83, 0x01, 0x11, 0x70]);
    let enc = der::octet_string(&vec![0; 65_535]);
    assert_eq!(&enc[..4], [0x04, 0x82, 0xff, 0xff]);
}

#[test]
fn non_minimal_lengths() {
    assert_eq!(der::tlv_long_len(0x05, &[]), [0x05, 0x81, 0x00]);
    assert_eq!(der::tlv_long_len(0x04, &[9]), [0x04, 0x81, 0x01, 9]);
    assert_eq!(
        &der::tlv_long_len(0x04, &[0; 200])[..4],
        [0x04, 0x82, 0x00, 200]
    );
    assert_eq!(
        der::tlv_with_len_bytes(0x04, &[9], 3),
        [0x04, 0x83, 0, 0, 1, 9]
    );
    assert_eq!(der::tlv_indefinite(0x30, &[5, 0]), [0x30, 0x80, 5, 0, 0, 0]);
}

#[test]
fn key_usage_named_bits() {
    let hex = |bits: &[KeyUsage]| to_hex(&ext::key_usage_bits(bits));
    assert_eq!(
        hex(&[KeyUsage::DigitalSignature]),
        "030207 80".replace(' ', "")
    );
    assert_eq!(hex(&[KeyUsage::KeyCertSign, KeyUsage::CrlSign]), "03020106");
    assert_eq!(hex(&[KeyUsage::DecipherOnly]), "0303070080");
    assert_eq!(
        hex(&[KeyUsage::DigitalSignature, KeyUsage::KeyEncipherment]),
        "030205a0"
    );
    assert_eq!(hex(&[KeyUsage::EncipherOnly]), "03020001");
    assert_eq!(
        hex(&[KeyUsage::KeyAgreement, KeyUsage::DigitalSignature]),
        "03020388"
    );
    assert_eq!(hex(&[]), "030100");
    let e = ext::key_usage(&[KeyUsage::DigitalSignature]);
    assert_eq!(to_hex(&e.to_der()), "300e0603551d0f0101ff040403020780");
}

#[test]
fn criticality_encodings() {
    let e = ext::ext_key_usage(&[ext::oid::KP_EMAIL_PROTECTION]);
    assert_eq!(e.critical, None);
    assert_eq!(
        to_hex(&e.to_der()),
        "30130603551d25040c300a06082b06010505070304"
    );
    assert_eq!(
        to_hex(&e.clone().explicit_false().to_der()),
        "30160603551d25010100040c300a06082b06010505070304"
    );
    assert_eq!(
        ext::ct_poison().to_der(),
        from_hex("3013060a2b06010401d679020403 0101ff 04020500")
    );
}

#[test]
fn key_encodings() {
    for kind in KeyType::ALL {
        let key = Key::cached(kind);
        let spki = key.spki_der();
        let alg = kind.spki_alg_der();
        let inner = der::content_of(&spki);
        assert!(inner.starts_with(&alg), "{kind:?}");
        assert_eq!(key.key_id().len(), 20);
        let expected_sig_alg = match kind {
            KeyType::Rsa2048 | KeyType::Rsa3072 => "300d06092a864886f70d01010b0500",
            KeyType::P256 => "300a06082a8648ce3d040302",
            KeyType::P384 => "300a06082a8648ce3d040303",
            KeyType::Ed25519 => "300506032b6570",
        };
        assert_eq!(to_hex(&key.sig_alg_der()), expected_sig_alg);
        assert!(!key.sign(b"tbs").is_empty());
    }
    assert!(to_hex(&Key::rsa2048().spki_der()).contains("300d06092a864886f70d0101010500"));
    assert!(
        to_hex(&Key::p256().spki_der())
            .starts_with("3059301306072a8648ce3d020106082a8648ce3d030107034200")
    );
    assert!(
        to_hex(&Key::p384().spki_der())
            .starts_with("3076301006072a8648ce3d020106052b81040022036200")
    );
    assert!(to_hex(&Key::ed25519().spki_der()).starts_with("302a300506032b6570032100"));
    assert_eq!(Key::rsa2048().sign(b"x").len(), 256);
    assert_eq!(Key::rsa3072().sign(b"x").len(), 384);
    // Cached keys are generated once.
    assert!(std::ptr::eq(Key::p256(), Key::cached(KeyType::P256)));
    assert!(!std::ptr::eq(Key::p256(), presets::smime_ca_key()));
}

#[test]
fn names() {
    assert_eq!(Name::new().to_der(), [0x30, 0x00]);
    let n = Name::new()
        .cn("x")
        .attr(testkit::name::CN, StringKind::Bmp, "x")
        .email("a@b");
    assert_eq!(
        to_hex(&n.to_der()),
        "302d".to_owned()
            + "310a300806035504030c0178"
            + "310b300906035504031e020078"
            + "3112301006092a864886f70d0109011603614062"
    );
    // Multi-valued RDNs are sorted into DER order.
    let mv = Name::new().multi_valued_rdn(&[
        (testkit::name::O, StringKind::Utf8, "b"),
        (testkit::name::CN, StringKind::Utf8, "a"),
    ]);
    assert_eq!(
        to_hex(&mv.to_der()),
        "3016311430080603550403 0c0161 30080603550 40a0c0162".replace(' ', "")
    );
}

fn tbs_fields(tbs: &[u8]) -> Vec<Vec<u8>> {
    der::children(der::content_of(tbs))
        .into_iter()
        .map(<[u8]>::to_vec)
        .collect()
}

#[test]
fn builder_fields() {
    let plain = tbs_fields(&CertBuilder::new().build_tbs());
    // version, serial, signature, issuer, validity, subject, spki; no extensions.
    assert_eq!(plain.len(), 7);
    assert_eq!(to_hex(&plain[0]), "a003020102");
    assert_eq!(plain[1], der::int_bytes(&testkit::cert::DEFAULT_SERIAL));
    assert_eq!(plain[1].len(), 18, "16 bytes, high bit clear, no pad");
    assert_eq!(to_hex(&plain[2]), "300a06082a8648ce3d040302");
    assert_eq!(plain[3], plain[5], "issuer defaults to subject");
    assert_eq!(plain[6], Key::p256().spki_der());
    // Present-but-empty extensions.
    let empty = tbs_fields(&CertBuilder::new().empty_extensions().build_tbs());
    assert_eq!(to_hex(&empty[7]), "a3023000");
    // v1 omits the version; Explicit(0) encodes it.
    let v1 = tbs_fields(&CertBuilder::new().version(Version::V1).build_tbs());
    assert_eq!(v1.len(), 6);
    assert_eq!(v1[0][0], 0x02);
    let v1e = tbs_fields(&CertBuilder::new().version(Version::Explicit(0)).build_tbs());
    assert_eq!(to_hex(&v1e[0]), "a003020100");
    let v2 = tbs_fields(&CertBuilder::new().version(Version::V2).build_tbs());
    assert_eq!(to_hex(&v2[0]), "a003020101");
    // Unique IDs come after the SPKI, before extensions.
    let ids = tbs_fields(
        &CertBuilder::new()
            .issuer_unique_id(&[1, 2])
            .subject_unique_id(&[3])
            .extension(ext::ct_poison())
            .build_tbs(),
    );
    assert_eq!(to_hex(&ids[7]), "8103000102");
    assert_eq!(to_hex(&ids[8]), "82020003");
    assert_eq!(ids[9][0], 0xa3);
    // Serial variants.
    let neg = tbs_fields(&CertBuilder::new().serial_i64(-1).build_tbs());
    assert_eq!(to_hex(&neg[1]), "0201ff");
    let padded = tbs_fields(&CertBuilder::new().serial_raw_content(&[0, 1]).build_tbs());
    assert_eq!(to_hex(&padded[1]), "02020001");
    // Separate inner and outer algorithm overrides.
    let cert = CertBuilder::new()
        .tbs_sig_alg_raw(from_hex("300a06082a8648ce3d040303"))
        .build(Key::p256());
    let top = der::children(der::content_of(&cert));
    assert_eq!(top.len(), 3);
    assert_eq!(to_hex(&tbs_fields(top[0])[2]), "300a06082a8648ce3d040303");
    assert_eq!(to_hex(top[1]), "300a06082a8648ce3d040302");
    assert_eq!(top[2][0], 0x03);
    assert_eq!(der::content_of(top[2])[0], 0, "0 unused bits");
}

#[test]
fn validity_helper() {
    let tbs = CertBuilder::new()
        .validity_days((2025, 3, 1), 365)
        .build_tbs();
    assert!(to_hex(&tbs).contains(&to_hex(&der::seq(&[
        &der::utc_time("250301000000Z"),
        &der::utc_time("260228235959Z"),
    ]))));
    let tbs = CertBuilder::new()
        .validity_days("2049-06-01T12:00:00Z", 400)
        .build_tbs();
    assert!(to_hex(&tbs).contains(&to_hex(&der::seq(&[
        &der::utc_time("490601120000Z"),
        &der::generalized_time("20500706115959Z"),
    ]))));
    // Leap year handling.
    let tbs = CertBuilder::new()
        .validity_days("2024-02-28", 2)
        .build_tbs();
    assert!(to_hex(&tbs).contains(&to_hex(&der::utc_time("240229235959Z"))));
}

#[test]
fn extension_editing() {
    let b = presets::smime_leaf(Validation::Mailbox, Generation::Strict);
    assert!(b.get_extension(ext::oid::KEY_USAGE).is_some());
    let b = b
        .remove_extension(ext::oid::KEY_USAGE)
        .extension(ext::ext_key_usage(&[ext::oid::KP_SERVER_AUTH]))
        .replace_extension(ext::basic_constraints(false, None).non_critical());
    assert!(b.get_extension(ext::oid::KEY_USAGE).is_none());
    let cert = b.build_signed();
    let h = to_hex(&cert);
    // Both EKU extensions are present (duplicates allowed).
    assert_eq!(h.matches("0603551d25").count(), 2);
    assert!(h.contains("30090603551d1304023000"));
}

#[test]
fn smime_leaf_policies_and_subjects() {
    for v in Validation::ALL {
        for g in Generation::ALL {
            let b = presets::smime_leaf(v, g);
            let cp = b
                .get_extension(ext::oid::CERTIFICATE_POLICIES)
                .expect("policies");
            assert_eq!(
                cp.value,
                der::seq(&[&der::seq(&[&der::oid(&presets::smime_policy_oid(v, g))])])
            );
        }
    }
    assert_eq!(
        presets::smime_policy_oid(Validation::Sponsored, Generation::Multipurpose),
        "2.23.140.1.5.3.2"
    );
    let tbs = presets::smime_leaf(Validation::Organization, Generation::Strict).build_tbs();
    assert!(to_hex(&tbs).contains(&to_hex(&der::utf8("VATDE-123456789"))));
    assert!(to_hex(&tbs).contains(&to_hex(&der::printable("DE"))));
}

#[test]
fn general_names() {
    use testkit::GeneralName;
    assert_eq!(
        to_hex(&GeneralName::Rfc822("a@b".into()).to_der()),
        "8103614062"
    );
    assert_eq!(
        to_hex(&GeneralName::Ip(vec![1, 2, 3, 4]).to_der()),
        "870401020304"
    );
    assert_eq!(
        to_hex(&GeneralName::SmtpUtf8Mailbox("a".into()).to_der()),
        "a00f06082b06010505070809a0030c0161"
    );
    assert_eq!(
        to_hex(&GeneralName::DirName(Name::new()).to_der()),
        "a4023000"
    );
}
