//! PKCS#11 keys on SoftHSM2: generation inside the token for every
//! algorithm, signatures that verify, private keys that cannot be read,
//! keys found again by label, token information, wrong PINs refused
//! without showing them, and a root (and sub-CA) issued with a token key
//! that OpenSSL accepts.
//!
//! Every test gets a fresh token: SoftHSM reads `SOFTHSM2_CONF` when the
//! module is initialized, and setting environment variables in this
//! process would need `unsafe` (forbidden in this workspace) and race with
//! the other test threads. So each test, run normally, initializes a token
//! in a new temporary directory with `softhsm2-util` and re-runs itself
//! (`current_exe() <test> --exact`) as a child process whose environment
//! points at that directory; in the child the test body runs.
//!
//! Without `/usr/lib/softhsm/libsofthsm2.so` the tests print a message and
//! pass, unless `ROOTWARD_REQUIRE_SOFTHSM=1`, when they fail.
#![allow(clippy::expect_used, clippy::unwrap_used)] // test code: a failed expectation is the failure

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use ca::issue::{IssueOptions, Issuer, issue};
use ca::log::IssuanceLog;
use ca::pkcs11::{Pkcs11Key, Pkcs11Token};
use ca::tbs::Request;
use ca::{CaError, KeyAlgorithm, Signer};
use common::{shipped, subject, verifies};
use cryptoki::object::{Attribute, AttributeInfo, AttributeType, ObjectClass};
use lint::Linter;

const MODULE: &str = "/usr/lib/softhsm/libsofthsm2.so";
/// Set in the child process: the label of its fresh token.
const CHILD_LABEL: &str = "ROOTWARD_SOFTHSM_TEST_TOKEN";
/// Set in the child process: its temporary directory.
const CHILD_DIR: &str = "ROOTWARD_SOFTHSM_TEST_DIR";
const PIN: &str = "user-pin-271828";
const SO_PIN: &str = "so-pin-314159";
/// 2026-01-15T00:00:00Z: a fixed clock.
use common::NOW;

/// A fresh token, as the test body sees it.
struct Fresh {
    module: PathBuf,
    label: String,
    dir: PathBuf,
}

impl Fresh {
    fn open(&self) -> Pkcs11Token {
        Pkcs11Token::open(&self.module, &self.label, PIN).expect("token opens")
    }
}

fn tool_works(cmd: &str, arg: &str) -> bool {
    Command::new(cmd)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs `body` on a fresh SoftHSM token in a child process (see the module docs).
fn with_fresh_token(test: &str, body: impl FnOnce(&Fresh)) {
    if let (Ok(label), Ok(dir)) = (std::env::var(CHILD_LABEL), std::env::var(CHILD_DIR)) {
        body(&Fresh {
            module: PathBuf::from(MODULE),
            label,
            dir: PathBuf::from(dir),
        });
        return;
    }
    let required = std::env::var("ROOTWARD_REQUIRE_SOFTHSM").is_ok_and(|v| v == "1");
    if !Path::new(MODULE).exists() || !tool_works("softhsm2-util", "--version") {
        assert!(
            !required,
            "ROOTWARD_REQUIRE_SOFTHSM=1 but SoftHSM2 is not installed ({MODULE}, softhsm2-util)"
        );
        println!(
            "skipping {test}: SoftHSM2 is not installed ({MODULE} absent; apt-get install softhsm2)"
        );
        return;
    }
    let dir = std::env::temp_dir().join(format!("rootward-softhsm-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("tokens")).expect("token directory");
    let conf = dir.join("softhsm2.conf");
    std::fs::write(
        &conf,
        format!(
            "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\n",
            dir.join("tokens").display()
        ),
    )
    .expect("softhsm2.conf");
    let label: String = format!("rw-{test}").chars().take(32).collect();
    let init = Command::new("softhsm2-util")
        .args(["--init-token", "--free", "--label", &label])
        .args(["--so-pin", SO_PIN, "--pin", PIN])
        .env("SOFTHSM2_CONF", &conf)
        .output()
        .expect("softhsm2-util runs");
    assert!(
        init.status.success(),
        "softhsm2-util --init-token: {}{}",
        String::from_utf8_lossy(&init.stdout),
        String::from_utf8_lossy(&init.stderr)
    );
    let out = Command::new(std::env::current_exe().expect("test binary"))
        .args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env("SOFTHSM2_CONF", &conf)
        .env(CHILD_LABEL, &label)
        .env(CHILD_DIR, &dir)
        .output()
        .expect("child test runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    print!("{stdout}");
    eprint!("{stderr}");
    assert!(
        out.status.success(),
        "{test} failed on a fresh SoftHSM token"
    );
    assert!(
        stdout.contains("1 passed"),
        "the child ran exactly {test}: {stdout}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

fn spki_algorithm(spki_der: &[u8]) -> Vec<u8> {
    cert::verify::with_spki(spki_der, |spki| spki.algorithm.raw.to_vec()).expect("spki parses")
}

/// The private key object labelled `label`, read through a raw session:
/// its secret parts must not be readable.
fn assert_private_parts_unreadable(token: &Pkcs11Token, label: &str, alg: KeyAlgorithm) {
    let session = token.open_session().expect("session");
    let found = session
        .find_objects(&[
            Attribute::Class(ObjectClass::PRIVATE_KEY),
            Attribute::Label(label.as_bytes().to_vec()),
        ])
        .expect("find");
    assert_eq!(found.len(), 1, "one private key labelled {label}");
    let secret = if alg.is_rsa() {
        vec![
            AttributeType::PrivateExponent,
            AttributeType::Prime1,
            AttributeType::Prime2,
        ]
    } else {
        vec![AttributeType::Value]
    };
    let info = session
        .get_attribute_info(found[0], &secret)
        .expect("attribute info");
    for (t, i) in secret.iter().zip(&info) {
        assert!(
            matches!(i, AttributeInfo::Sensitive),
            "{alg:?}: {t:?} must be sensitive, token says {i:?}"
        );
    }
    let values = session.get_attributes(found[0], &secret).expect("get");
    assert!(
        values.is_empty(),
        "{alg:?}: no secret attribute value comes back: {values:?}"
    );
}

fn round_trip(fresh: &Fresh, alg: KeyAlgorithm) {
    let token = fresh.open();
    let label = format!("ca-key-{}", alg.name());
    let key = token
        .generate_key(alg, &label)
        .expect("generated in the token");
    assert_eq!(key.algorithm(), alg);
    assert_eq!(key.label(), label);
    assert_eq!(key.id().len(), 16, "random CKA_ID");
    assert_eq!(
        spki_algorithm(key.spki_der()),
        alg.spki_algorithm_der(),
        "{alg:?} SPKI AlgorithmIdentifier is the exact encoding"
    );

    let msg = b"to be signed by a key that never leaves the token";
    let sig = key.sign(msg).expect("sign");
    assert!(verifies(&key, msg, &sig), "{alg:?} signature verifies");
    assert!(
        !verifies(&key, b"something else", &sig),
        "{alg:?} signature is bound to the message"
    );
    if matches!(alg, KeyAlgorithm::EcP256 | KeyAlgorithm::EcP384) {
        // Many signatures: r and s with high bits set and with leading zero
        // octets both occur; each must be minimal DER that verifies.
        for i in 0..64u32 {
            let m = i.to_be_bytes();
            let s = key.sign(&m).expect("sign");
            assert_eq!(s[0], 0x30, "Ecdsa-Sig-Value SEQUENCE");
            assert!(verifies(&key, &m, &s), "{alg:?} signature {i} verifies");
        }
    }

    let p = key.protection().expect("protection");
    assert!(p.sensitive && !p.extractable, "{alg:?}: {p:?}");
    assert_eq!(p.always_sensitive, Some(true), "{alg:?}: {p:?}");
    assert_eq!(p.never_extractable, Some(true), "{alg:?}: {p:?}");
    assert_eq!(p.local, Some(true), "generated on the token: {p:?}");
    assert_private_parts_unreadable(&token, &label, alg);

    let info = token.info();
    let describe = key.describe();
    assert_eq!(
        describe,
        format!(
            "PKCS#11 token {} ({} {} {}), key {label}",
            info.label, info.manufacturer, info.model, info.serial
        )
    );
    assert!(!format!("{key:?}{token:?}{describe}").contains(PIN));

    // The key again, by label, through a new session.
    let spki = key.spki_der().to_vec();
    let id = key.id().to_vec();
    drop(key);
    let again = token.find_key(&label).expect("found by label");
    assert_eq!(again.algorithm(), alg);
    assert_eq!(again.spki_der(), spki);
    assert_eq!(again.id(), id);
    let sig = again.sign(msg).expect("sign");
    assert!(verifies(&again, msg, &sig), "found key signs");

    // And after the module was finalized and opened again.
    drop(again);
    drop(token);
    let token = fresh.open();
    let again = token.find_key(&label).expect("found after reopening");
    assert_eq!(again.spki_der(), spki);
    let sig = again.sign(msg).expect("sign");
    assert!(verifies(&again, msg, &sig));

    // The SPKI is one OpenSSL reads.
    if tool_works("openssl", "version") {
        let path = fresh.dir.join(format!("{}.spki.der", alg.name()));
        std::fs::write(&path, &spki).expect("write");
        let out = Command::new("openssl")
            .args(["pkey", "-pubin", "-inform", "DER", "-noout", "-text", "-in"])
            .arg(&path)
            .output()
            .expect("openssl");
        assert!(
            out.status.success(),
            "openssl pkey reads the {alg:?} SPKI: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn rsa2048_in_token() {
    with_fresh_token("rsa2048_in_token", |f| round_trip(f, KeyAlgorithm::Rsa2048));
}

#[test]
fn rsa3072_in_token() {
    with_fresh_token("rsa3072_in_token", |f| round_trip(f, KeyAlgorithm::Rsa3072));
}

#[test]
fn rsa4096_in_token() {
    with_fresh_token("rsa4096_in_token", |f| round_trip(f, KeyAlgorithm::Rsa4096));
}

#[test]
fn p256_in_token() {
    with_fresh_token("p256_in_token", |f| round_trip(f, KeyAlgorithm::EcP256));
}

#[test]
fn p384_in_token() {
    with_fresh_token("p384_in_token", |f| round_trip(f, KeyAlgorithm::EcP384));
}

#[test]
fn ed25519_in_token_or_a_clear_error() {
    with_fresh_token("ed25519_in_token_or_a_clear_error", |f| {
        let token = f.open();
        if token.supports(KeyAlgorithm::Ed25519).expect("mechanisms") {
            drop(token);
            round_trip(f, KeyAlgorithm::Ed25519);
        } else {
            let err = token
                .generate_key(KeyAlgorithm::Ed25519, "ed")
                .expect_err("unsupported");
            let msg = err.to_string();
            assert!(
                msg.contains("CKM_EC_EDWARDS_KEY_PAIR_GEN") || msg.contains("CKM_EDDSA"),
                "{msg}"
            );
            println!("SoftHSM offers no Ed25519: {msg}");
        }
    });
}

#[test]
fn token_information_for_reports() {
    with_fresh_token("token_information_for_reports", |f| {
        let token = f.open();
        let info = token.info().clone();
        println!("{info:?}");
        assert_eq!(info.label, f.label);
        for (name, v) in [
            ("manufacturer", &info.manufacturer),
            ("model", &info.model),
            ("serial", &info.serial),
            ("hardware version", &info.hardware_version),
            ("firmware version", &info.firmware_version),
            ("library", &info.library),
        ] {
            assert!(!v.trim().is_empty(), "{name} is empty: {info:?}");
            assert_eq!(v.trim(), v.as_str(), "{name} has no padding");
        }
        assert!(info.manufacturer.contains("SoftHSM"), "{info:?}");
        assert!(info.model.contains("SoftHSM"), "{info:?}");
        assert!(info.library.contains("Cryptoki"), "{info:?}");
        let listed = ca::pkcs11::list_tokens(&f.module).expect("list");
        assert!(listed.contains(&info), "{listed:?}");
        let json = serde_json::to_string(&info).expect("json");
        assert!(json.contains(&info.serial));
    });
}

#[test]
fn wrong_pin_is_refused_without_showing_it() {
    with_fresh_token("wrong_pin_is_refused_without_showing_it", |f| {
        let wrong = "wrong-pin-161803";
        let err = Pkcs11Token::open(&f.module, &f.label, wrong).expect_err("wrong PIN");
        let shown = format!("{err} {err:?}");
        println!("{err}");
        assert!(matches!(err, CaError::Pkcs11(_)), "{shown}");
        assert!(shown.contains("CKR_PIN_INCORRECT"), "{shown}");
        assert!(shown.contains("C_Login"), "{shown}");
        assert!(
            !shown.contains(wrong),
            "the PIN is not in the error: {shown}"
        );
        assert!(!shown.contains(PIN), "{shown}");
        // The right PIN still works.
        let token = f.open();
        assert!(!format!("{token:?}").contains(PIN));
        // Opening the token again while it is open is refused: the PIN
        // could not be checked (the application is already logged in).
        let err = Pkcs11Token::open(&f.module, &f.label, wrong).expect_err("already open");
        let shown = format!("{err} {err:?}");
        assert!(shown.contains("already open"), "{shown}");
        assert!(!shown.contains(wrong), "{shown}");
    });
}

#[test]
fn unknown_tokens_labels_and_modules_are_clear_errors() {
    with_fresh_token("unknown_tokens_labels_and_modules_are_clear_errors", |f| {
        let err = Pkcs11Token::open(&f.module, "no-such-token", PIN).expect_err("unknown");
        let msg = err.to_string();
        assert!(msg.contains("no token labelled \"no-such-token\""), "{msg}");
        assert!(msg.contains(&f.label), "lists the tokens present: {msg}");

        let err = Pkcs11Token::open(Path::new("/nonexistent/libpkcs11.so"), &f.label, PIN)
            .expect_err("no module");
        assert!(
            err.to_string().contains("/nonexistent/libpkcs11.so"),
            "{err}"
        );

        let token = f.open();
        let err = token.find_key("absent").expect_err("no such key");
        assert!(err.to_string().contains("no private key"), "{err}");
        token
            .generate_key(KeyAlgorithm::EcP256, "taken")
            .expect("generate");
        let err = token
            .generate_key(KeyAlgorithm::EcP256, "taken")
            .expect_err("label in use");
        assert!(err.to_string().contains("already used"), "{err}");
        let err = token
            .generate_key(KeyAlgorithm::EcP256, "")
            .expect_err("empty label");
        assert!(err.to_string().contains("empty"), "{err}");
        // Only the first "taken" pair exists.
        let session = token.open_session().expect("session");
        let n = session
            .find_objects(&[Attribute::Label(b"taken".to_vec())])
            .expect("find")
            .len();
        assert_eq!(n, 2, "one key pair labelled taken");
    });
}

#[test]
fn an_extractable_key_is_refused() {
    with_fresh_token("an_extractable_key_is_refused", |f| {
        let token = f.open();
        let session = token.open_session().expect("session");
        let label = b"exportable".to_vec();
        let id = b"exportable-id".to_vec();
        session
            .generate_key_pair(
                &cryptoki::mechanism::Mechanism::EccKeyPairGen,
                &[
                    Attribute::Token(true),
                    Attribute::Verify(true),
                    Attribute::Label(label.clone()),
                    Attribute::Id(id.clone()),
                    Attribute::EcParams(vec![
                        0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07,
                    ]),
                ],
                &[
                    Attribute::Token(true),
                    Attribute::Private(true),
                    Attribute::Sensitive(false),
                    Attribute::Extractable(true),
                    Attribute::Sign(true),
                    Attribute::Label(label),
                    Attribute::Id(id),
                ],
            )
            .expect("an exportable pair made through the raw session");
        let err = token.find_key("exportable").expect_err("refused");
        let msg = err.to_string();
        assert!(msg.contains("CKA_EXTRACTABLE=true"), "{msg}");
    });
}

fn openssl(args: &[&str], files: &[&Path]) {
    let out = Command::new("openssl")
        .args(args)
        .args(files)
        .output()
        .expect("openssl");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Issues a self-signed root with `root_key` and an S/MIME sub-CA signed by
/// it for `sub_key`, and has OpenSSL parse and verify them.
fn issue_hierarchy(f: &Fresh, root_key: &Pkcs11Key, sub_key: &Pkcs11Key) {
    let linter = Linter::new();
    let mut log = IssuanceLog::in_memory().expect("log");
    let opts = IssueOptions {
        not_before: NOW,
        ..IssueOptions::default()
    };
    let root = issue(
        &linter,
        &shipped("root-ca"),
        &Request {
            subject: subject(&[
                ("C", "JP"),
                ("O", "Example Trust Systems"),
                ("CN", "Example HSM Root CA"),
            ]),
            sans: vec![],
            spki_der: root_key.spki_der().to_vec(),
        },
        &Issuer {
            cert_der: None,
            signer: root_key,
        },
        &mut log,
        &opts,
    )
    .expect("root issues with the token key")
    .der;
    let sub = issue(
        &linter,
        &shipped("smime-subca"),
        &Request {
            subject: subject(&[
                ("C", "JP"),
                ("O", "Example Japan Co., Ltd."),
                ("CN", "Example SureMail CA G5"),
            ]),
            sans: vec![],
            spki_der: sub_key.spki_der().to_vec(),
        },
        &Issuer {
            cert_der: Some(root.clone()),
            signer: root_key,
        },
        &mut log,
        &opts,
    )
    .expect("sub-CA issues with the token key")
    .der;
    if !tool_works("openssl", "version") {
        println!("openssl not found: certificates not checked with it");
        return;
    }
    let pem = |name: &str, der: &[u8]| {
        let p = f.dir.join(name);
        std::fs::write(&p, ca::soft_key::pem("CERTIFICATE", der)).expect("write");
        p
    };
    let root_pem = pem(&format!("root-{}.pem", root_key.label()), &root);
    let sub_pem = pem(&format!("sub-{}.pem", root_key.label()), &sub);
    openssl(&["x509", "-noout", "-text", "-in"], &[&root_pem]);
    openssl(&["x509", "-noout", "-text", "-in"], &[&sub_pem]);
    let at = (NOW + 3600).to_string();
    openssl(
        &["verify", "-attime", &at, "-x509_strict", "-CAfile"],
        &[&root_pem, &root_pem],
    );
    openssl(
        &["verify", "-attime", &at, "-x509_strict", "-CAfile"],
        &[&root_pem, &sub_pem],
    );
}

#[test]
fn p384_root_on_token_issues_and_openssl_accepts() {
    with_fresh_token("p384_root_on_token_issues_and_openssl_accepts", |f| {
        let token = f.open();
        let root_key = token
            .generate_key(KeyAlgorithm::EcP384, "root-p384")
            .expect("root key");
        let sub_key = token
            .generate_key(KeyAlgorithm::EcP256, "sub-p256")
            .expect("sub-CA key");
        issue_hierarchy(f, &root_key, &sub_key);
    });
}

#[test]
fn rsa4096_root_on_token_issues_and_openssl_accepts() {
    with_fresh_token("rsa4096_root_on_token_issues_and_openssl_accepts", |f| {
        let token = f.open();
        let root_key = token
            .generate_key(KeyAlgorithm::Rsa4096, "root-rsa4096")
            .expect("root key");
        let sub_key = token
            .generate_key(KeyAlgorithm::Rsa2048, "sub-rsa2048")
            .expect("sub-CA key");
        issue_hierarchy(f, &root_key, &sub_key);
    });
}

#[test]
fn keys_sign_from_several_threads() {
    with_fresh_token("keys_sign_from_several_threads", |f| {
        let token = f.open();
        let key = token
            .generate_key(KeyAlgorithm::EcP256, "shared")
            .expect("key");
        std::thread::scope(|s| {
            for t in 0..4u8 {
                let key = &key;
                s.spawn(move || {
                    for i in 0..16u8 {
                        let m = [t, i];
                        let sig = key.sign(&m).expect("sign");
                        assert!(verifies(key, &m, &sig));
                    }
                });
            }
        });
    });
}

#[test]
fn the_module_is_initialized_and_finalized_safely_from_several_threads() {
    with_fresh_token(
        "the_module_is_initialized_and_finalized_safely_from_several_threads",
        |f| {
            // Each list_tokens call initializes the module unless another
            // thread has it open, and finalizes it when the last user goes.
            std::thread::scope(|s| {
                for _ in 0..4 {
                    s.spawn(|| {
                        for _ in 0..25 {
                            let tokens = ca::pkcs11::list_tokens(&f.module).expect("list");
                            assert!(tokens.iter().any(|t| t.label == f.label));
                        }
                    });
                }
            });
            // And a token opened afterwards still logs in.
            let token = f.open();
            token
                .generate_key(KeyAlgorithm::EcP256, "after")
                .expect("key");
        },
    );
}
