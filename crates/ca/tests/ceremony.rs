//! The example ceremony runs end to end: OpenSSL accepts the chain, the
//! linter reports no error, the record verifies and fails after any change.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::PathBuf;

use ca::ceremony::{self, Secrets};

struct TestSecrets;
impl Secrets for TestSecrets {
    fn get(&self, name: &str, _purpose: &str) -> Result<Vec<u8>, String> {
        Ok(format!("test passphrase for {name}").into_bytes())
    }
}

fn example_copy() -> PathBuf {
    let src =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/ceremony/hierarchy.toml");
    let dir = std::env::temp_dir().join(format!(
        "rootward-ceremony-{}-{}",
        std::process::id(),
        std::thread::current()
            .name()
            .unwrap_or("t")
            .replace(':', "_")
    ));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).expect("tmp");
    let dst = dir.join("hierarchy.toml");
    std::fs::copy(src, &dst).expect("copy example");
    dst
}

const NOW: i64 = 1_768_435_200;

#[test]
fn example_ceremony_runs_and_verifies() {
    let script = example_copy();
    let clock = || NOW;
    let record = ceremony::run(&script, &TestSecrets, &clock).expect("ceremony runs");
    assert_eq!(record.steps.len(), 6);
    assert!(record.steps.iter().all(|s| s.outcome == "ok"));
    let out = script.parent().expect("dir").join("out");
    let json = std::fs::read(out.join("ceremony-record.json")).expect("record");
    assert_eq!(
        ceremony::verify_record(&json, Some(&out)).expect("verifies"),
        6
    );
    let report = std::fs::read_to_string(out.join("key-generation-report.md")).expect("report");
    for needle in [
        "Qualified Auditor",
        "Example SureMail CA G5",
        "SHA-256 of SubjectPublicKeyInfo",
        "Secure ceremony room",
    ] {
        assert!(report.contains(needle), "report mentions {needle}");
    }
    // Certificates lint without error; the sub-CA is an S/MIME sub-CA.
    for step in &record.steps {
        for a in step
            .artefacts
            .iter()
            .filter(|a| a.kind == "certificate" || a.kind == "crl")
        {
            assert!(
                a.lint
                    .iter()
                    .all(|l| !l.starts_with("error") && !l.starts_with("fatal")),
                "{}: {:?}",
                a.file,
                a.lint
            );
        }
    }
    let sub = record
        .steps
        .iter()
        .flat_map(|s| &s.artefacts)
        .find(|a| a.file == "subca.pem")
        .expect("sub-CA artefact");
    assert!(
        sub.lint.iter().any(|l| l.contains("smime-subca")),
        "{:?}",
        sub.lint
    );

    if std::process::Command::new("openssl")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        let o = std::process::Command::new("openssl")
            .args([
                "verify",
                "-attime",
                &(NOW + 60).to_string(),
                "-x509_strict",
                "-CAfile",
            ])
            .arg(out.join("root.pem"))
            .arg(out.join("subca.pem"))
            .output()
            .expect("openssl");
        assert!(
            o.status.success(),
            "openssl verify: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
    }

    // Any changed byte of the record is detected.
    let mut tried = 0;
    for i in (0..json.len()).step_by(7) {
        let mut t = json.clone();
        t[i] ^= 0x01;
        tried += 1;
        assert!(
            ceremony::verify_record(&t, Some(&out)).is_err(),
            "change at byte {i} detected"
        );
    }
    assert!(tried > 100);

    // A removed step is detected.
    let mut v: ceremony::Record = serde_json::from_slice(&json).expect("json");
    v.steps.remove(2);
    let err = ceremony::verify_record(&serde_json::to_vec_pretty(&v).expect("json"), None)
        .expect_err("removed step");
    assert!(err.to_string().contains("step 3"), "{err}");
    // An altered artefact on disk is detected too.
    let crl = out.join("root.crl");
    let mut bytes = std::fs::read(&crl).expect("crl");
    let n = bytes.len();
    bytes[n / 2] ^= 0x01;
    std::fs::write(&crl, &bytes).expect("write");
    assert!(ceremony::verify_record(&json, Some(&out)).is_err());

    // Running again never overwrites the artefacts, and stops before any
    // step: nothing is generated, signed or recorded by the second run.
    let logged = ca::log::IssuanceLog::open(&out.join("issuance.db"))
        .expect("log")
        .count()
        .expect("count");
    let err = ceremony::run(&script, &TestSecrets, &clock).expect_err("outputs exist");
    assert!(err.to_string().contains("never overwritten"), "{err}");
    assert!(err.to_string().contains("ceremony-record.json"), "{err}");
    assert_eq!(
        ca::log::IssuanceLog::open(&out.join("issuance.db"))
            .expect("log")
            .count()
            .expect("count"),
        logged
    );
    std::fs::remove_dir_all(script.parent().expect("dir")).ok();
}

/// An output file that already exists stops its step before anything is
/// signed or recorded: the issuance log never holds a certificate that was
/// not handed out.
#[test]
fn an_existing_output_stops_the_step_before_it_signs() {
    let script = example_copy();
    let out = script.parent().expect("dir").join("out");
    std::fs::create_dir_all(&out).expect("out");
    std::fs::write(out.join("subca.pem"), b"not ours").expect("pre-existing file");
    let clock = || NOW;
    let err = ceremony::run(&script, &TestSecrets, &clock).expect_err("subca.pem exists");
    assert!(err.to_string().contains("never overwritten"), "{err}");
    assert_eq!(
        std::fs::read(out.join("subca.pem")).expect("still there"),
        b"not ours",
        "the existing file is left as it was"
    );
    // Only the self-signed root was issued and recorded.
    let log = ca::log::IssuanceLog::open(&out.join("issuance.db")).expect("log");
    assert_eq!(log.count().expect("count"), 1);
    // The record says where the ceremony stopped.
    let json = std::fs::read(out.join("ceremony-record.json")).expect("record");
    let record: serde_json::Value = serde_json::from_slice(&json).expect("JSON");
    let steps = record["steps"].as_array().expect("steps");
    let last = steps.last().expect("a step");
    assert_eq!(last["id"], "issue-subca");
    assert_ne!(last["outcome"], "ok");
    std::fs::remove_dir_all(script.parent().expect("dir")).ok();
}

/// A ceremony writes no CRL its lint refuses: the S/MIME sub-CA's CRL of
/// subscriber certificates valid for 30 days breaks the ten days of SMIME BR
/// 4.9.7.
#[test]
fn a_crl_with_error_findings_is_not_written() {
    let script = example_copy();
    let text = std::fs::read_to_string(&script).expect("script");
    let root_crl = "key = \"root\"\nissuer_cert = \"root.pem\"\nnext_update_days = 365";
    assert!(text.contains(root_crl), "the example's CRL step");
    std::fs::write(
        &script,
        text.replace(
            root_crl,
            "key = \"subca\"\nissuer_cert = \"subca.pem\"\nnext_update_days = 30",
        ),
    )
    .expect("edited script");
    let clock = || NOW;
    let err = ceremony::run(&script, &TestSecrets, &clock).expect_err("CRL refused");
    let message = err.to_string();
    assert!(message.contains("error findings"), "{message}");
    assert!(
        message.contains("smime.crl.subscriber_next_update_too_late"),
        "{message}"
    );
    let out = script.parent().expect("dir").join("out");
    assert!(!out.join("root.crl").exists(), "nothing written");
    std::fs::remove_dir_all(script.parent().expect("dir")).ok();
}

/// The hash chain has no key: a record cut after a step and sealed again is
/// consistent in itself. The witnessed seal and the reviewed script show the
/// cut (`rootward ceremony verify --seal --script`).
#[test]
fn a_record_cut_short_fails_against_the_witnessed_seal_and_the_script() {
    let script = example_copy();
    let clock = || NOW;
    let record = ceremony::run(&script, &TestSecrets, &clock).expect("ceremony runs");
    let script_bytes = std::fs::read(&script).expect("script");
    let out = script.parent().expect("dir").join("out");
    let json = std::fs::read(out.join("ceremony-record.json")).expect("record");
    let anchors = ceremony::Anchors {
        seal: Some(&record.seal),
        script: Some(&script_bytes),
    };
    assert_eq!(
        ceremony::verify_record_with(&json, Some(&out), anchors)
            .expect("verifies")
            .steps
            .len(),
        6
    );

    // Drop the CRL step and seal again, as anyone can without a key.
    let mut cut = record.clone();
    cut.steps.pop();
    let last = cut.steps.last().expect("steps").hash.clone();
    let tokens = serde_json::to_vec(&cut.tokens).expect("tokens");
    cut.seal = cert::hex_upper(&cert::digest::sha256(&[last.as_bytes(), &tokens].concat()));
    let cut_json = serde_json::to_vec_pretty(&cut).expect("json");
    assert_eq!(
        ceremony::verify_record(&cut_json, Some(&out)).expect("consistent in itself"),
        5,
        "the limit of an unkeyed chain, which the anchors close"
    );
    let e = ceremony::verify_record_with(
        &cut_json,
        Some(&out),
        ceremony::Anchors {
            seal: Some(&record.seal.to_lowercase()),
            script: None,
        },
    )
    .expect_err("not the witnessed seal");
    assert!(e.to_string().contains("witnessed seal"), "{e}");
    let e = ceremony::verify_record_with(
        &cut_json,
        Some(&out),
        ceremony::Anchors {
            seal: None,
            script: Some(&script_bytes),
        },
    )
    .expect_err("steps missing");
    assert!(e.to_string().contains("missing: root-crl"), "{e}");

    // Another script (one byte more) is not the one the record ran.
    let mut other = script_bytes.clone();
    other.push(b'\n');
    let e = ceremony::verify_record_with(
        &json,
        Some(&out),
        ceremony::Anchors {
            seal: None,
            script: Some(&other),
        },
    )
    .expect_err("another script");
    assert!(e.to_string().contains("not this one"), "{e}");
    std::fs::remove_dir_all(script.parent().expect("dir")).ok();
}

#[test]
fn malformed_scripts_are_clear_errors() {
    let e = ceremony::parse_script("x.toml", "[ceremony]\nname = 1").expect_err("bad");
    assert!(e.to_string().contains("x.toml"));
    let e = ceremony::parse_script(
        "y.toml",
        "[ceremony]\nname='n'\ndate='d'\nlocation='l'\noutput_dir='o'\nparticipants=[]\n[[step]]\nid='a'\naction='explode'\nkey='k'\n",
    )
    .expect_err("unknown action");
    assert!(e.to_string().contains("explode"), "{e}");
}

/// A cross-certification ceremony: a second root cross-signs the first root's
/// subject and key (like Security Communication RootCA1 cross-signing RootCA2).
#[test]
fn cross_sign_ceremony() {
    let dir = std::env::temp_dir().join(format!("rootward-cross-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).expect("tmp");
    let script = dir.join("cross.toml");
    std::fs::write(
        &script,
        r#"
[ceremony]
name = "Cross-certification"
date = "2026-01-15"
location = "Test room"
output_dir = "out"
participants = [{ name = "Administrator", role = "Root operator" }]

[[step]]
id = "old-root-key"
action = "generate-key"
key = "old"
algorithm = "p384"
key_file = "old.p8"
passphrase_env = "OLD_PASSPHRASE"

[[step]]
id = "old-root"
action = "self-sign"
key = "old"
profile = "root-ca"
subject = { C = "JP", O = "Example Trust", CN = "Example Root CA 2009" }
output = "old.pem"

[[step]]
id = "new-root-key"
action = "generate-key"
key = "new"
algorithm = "p384"
key_file = "new.p8"
passphrase_env = "NEW_PASSPHRASE"

[[step]]
id = "new-root"
action = "self-sign"
key = "new"
profile = "root-ca"
subject = { C = "JP", O = "Example Trust", CN = "Example Root CA 2026" }
output = "new.pem"

[[step]]
id = "cross-sign-new-by-old"
action = "cross-sign"
key = "old"
profile = "smime-subca"
issuer_cert = "old.pem"
input = "new.pem"
output = "new-cross-by-old.pem"
"#,
    )
    .expect("script");
    let clock = || NOW;
    let record = ceremony::run(&script, &TestSecrets, &clock).expect("cross-sign ceremony runs");
    assert!(record.steps.iter().all(|s| s.outcome == "ok"));
    let out = dir.join("out");
    let read = |f: &str| {
        let bytes = std::fs::read(out.join(f)).expect("artefact");
        cert::source::ItemReader::new(std::io::BufReader::new(&bytes[..]))
            .next()
            .expect("item")
            .expect("read")
            .data
            .expect("der")
    };
    let (new, cross) = (read("new.pem"), read("new-cross-by-old.pem"));
    let (n, c) = (
        cert::Certificate::parse(&new).expect("new"),
        cert::Certificate::parse(&cross).expect("cross"),
    );
    assert_eq!(
        n.subject.raw, c.subject.raw,
        "the cross-certificate repeats the subject byte for byte"
    );
    assert_eq!(n.spki.raw, c.spki.raw, "and the key");
    let old = read("old.pem");
    let o = cert::Certificate::parse(&old).expect("old");
    cert::verify::verify_certificate(&c, &o.spki).expect("signed by the old root");
    ceremony::verify_record(
        &std::fs::read(out.join("ceremony-record.json")).expect("record"),
        Some(&out),
    )
    .expect("verifies");
    std::fs::remove_dir_all(&dir).ok();
}
