//! The shipped HSM example ceremony (examples/ceremony/hierarchy-hsm.toml)
//! runs on SoftHSM2 through the binary: the root and the S/MIME sub-CA keys
//! are generated inside two fresh tokens; OpenSSL accepts the chain; our
//! linter reports no error; the Key Generation Report shows the tokens and
//! the right fingerprints; `ceremony verify` passes, and fails after any
//! changed byte of the record.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const MODULE: &str = "/usr/lib/softhsm/libsofthsm2.so";

fn available() -> bool {
    let ok = Path::new(MODULE).exists()
        && Command::new("softhsm2-util")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var("ROOTWARD_REQUIRE_SOFTHSM").as_deref() != Ok("1"),
            "ROOTWARD_REQUIRE_SOFTHSM=1 but SoftHSM2 is not installed"
        );
        eprintln!("skipping: SoftHSM2 not installed (apt-get install softhsm2)");
    }
    ok
}

fn rootward(dir: &Path, conf: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rootward"))
        .current_dir(dir)
        .args(args)
        .env("SOFTHSM2_CONF", conf)
        .env("ROOT_PIN", "root-user-pin")
        .env("SUBCA_PIN", "subca-user-pin")
        .env("ROOTWARD_KEY_PASSPHRASE", "leaf key passphrase")
        .output()
        .expect("rootward runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn example_ceremony_on_softhsm() {
    if !available() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("rootward-ceremony-hsm-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("tokens")).expect("tmp");
    let conf = dir.join("softhsm2.conf");
    std::fs::write(
        &conf,
        format!(
            "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\n",
            dir.join("tokens").display()
        ),
    )
    .expect("conf");
    for (label, pin) in [
        ("example-root", "root-user-pin"),
        ("example-subca", "subca-user-pin"),
    ] {
        let o = Command::new("softhsm2-util")
            .args([
                "--init-token",
                "--free",
                "--label",
                label,
                "--so-pin",
                "so-pin-0000",
                "--pin",
                pin,
            ])
            .env("SOFTHSM2_CONF", &conf)
            .output()
            .expect("softhsm2-util");
        assert!(o.status.success(), "{}", text(&o));
    }
    let example = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/ceremony/hierarchy-hsm.toml");
    std::fs::copy(&example, dir.join("hierarchy-hsm.toml")).expect("copy example");

    let o = rootward(&dir, &conf, &["ceremony", "run", "hierarchy-hsm.toml"]);
    assert!(o.status.success(), "ceremony run: {}", text(&o));
    let out = dir.join("out-hsm");
    assert!(
        !text(&o).contains("root-user-pin"),
        "the PIN never appears in output"
    );

    // OpenSSL accepts the chain.
    let v = Command::new("openssl")
        .current_dir(&out)
        .args(["verify", "-x509_strict", "-CAfile", "root.pem", "subca.pem"])
        .output()
        .expect("openssl");
    assert!(v.status.success(), "openssl verify: {}", text(&v));

    // Our linter reports no error on the certificates and the CRL.
    let l = rootward(&out, &conf, &["lint", "--issuer", "root.pem", "subca.pem"]);
    assert_eq!(l.status.code(), Some(0), "{}", text(&l));
    assert!(String::from_utf8_lossy(&l.stdout).contains("smime-subca"));
    let l = rootward(&out, &conf, &["lint", "root.pem", "root.crl"]);
    assert_eq!(l.status.code(), Some(0), "{}", text(&l));

    // The report shows the tokens and the right fingerprints.
    let report = std::fs::read_to_string(out.join("key-generation-report.md")).expect("report");
    assert!(
        report.contains("SoftHSM")
            && report.contains("example-root")
            && report.contains("example-subca"),
        "{report}"
    );
    assert!(report.contains("sensitive, not extractable"));
    for cert in ["root.pem", "subca.pem"] {
        let der = Command::new("openssl")
            .current_dir(&out)
            .args(["x509", "-in", cert, "-outform", "DER"])
            .output()
            .expect("openssl")
            .stdout;
        let fp = cert::hex_upper(&cert::digest::sha256(&der));
        assert!(
            report.contains(&fp),
            "report shows the SHA-256 of {cert} ({fp})"
        );
    }
    for key in ["root-key.pub.pem", "subca-key.pub.pem"] {
        let der = Command::new("openssl")
            .current_dir(&out)
            .args(["pkey", "-pubin", "-in", key, "-outform", "DER"])
            .output()
            .expect("openssl")
            .stdout;
        let fp = cert::hex_upper(&cert::digest::sha256(&der));
        assert!(
            report.contains(&fp),
            "report shows the SPKI SHA-256 of {key}"
        );
    }

    // The record verifies, and any changed byte is detected.
    let v = rootward(&out, &conf, &["ceremony", "verify", "ceremony-record.json"]);
    assert_eq!(v.status.code(), Some(0), "{}", text(&v));
    // And against the seal `run` printed (the one witnesses sign) and the script.
    let seal = String::from_utf8_lossy(&o.stdout)
        .lines()
        .find_map(|l| l.split("; seal ").nth(1).map(|s| s.trim().to_string()))
        .expect("run prints the seal");
    let report = std::fs::read_to_string(out.join("key-generation-report.md")).expect("report");
    assert!(report.contains(&seal), "the report shows the seal");
    let v = rootward(
        &out,
        &conf,
        &[
            "ceremony",
            "verify",
            "ceremony-record.json",
            "--seal",
            &seal,
            "--script",
            "../hierarchy-hsm.toml",
        ],
    );
    assert_eq!(v.status.code(), Some(0), "{}", text(&v));
    assert!(
        text(&v).contains("the seal is the witnessed one"),
        "{}",
        text(&v)
    );
    let last = if seal.ends_with('0') { '1' } else { '0' };
    let wrong = format!("{}{last}", &seal[..seal.len() - 1]);
    let v = rootward(
        &out,
        &conf,
        &[
            "ceremony",
            "verify",
            "ceremony-record.json",
            "--seal",
            &wrong,
        ],
    );
    assert_eq!(v.status.code(), Some(1), "{}", text(&v));
    let record = std::fs::read(out.join("ceremony-record.json")).expect("record");
    for i in (0..record.len()).step_by(record.len() / 40 + 1) {
        let mut t = record.clone();
        t[i] ^= 0x20;
        std::fs::write(dir.join("tampered.json"), &t).expect("write");
        let v = rootward(
            &out,
            &conf,
            &["ceremony", "verify", "../tampered.json", "--dir", "."],
        );
        assert_eq!(
            v.status.code(),
            Some(1),
            "byte {i} changed but verify passed"
        );
    }

    // After the ceremony the sub-CA operator issues, publishes CRLs and
    // answers OCSP with the key that stays in its token.
    let token = [
        "--pkcs11-module",
        MODULE,
        "--token",
        "example-subca",
        "--key-label",
        "Example SureMail CA G5",
        "--pin-env",
        "SUBCA_PIN",
    ];
    let ok = |args: &[&str]| {
        let o = rootward(&out, &conf, args);
        assert!(o.status.success(), "rootward {args:?}: {}", text(&o));
        o
    };
    ok(&[
        "key",
        "generate",
        "--algorithm",
        "p256",
        "--out",
        "alice.p8",
        "--public-out",
        "alice.pub.pem",
    ]);
    let mut issue = vec![
        "issue",
        "--profile",
        "smime-mailbox-strict",
        "--issuer-cert",
        "subca.pem",
        "--public-key",
        "alice.pub.pem",
        "--attr",
        "CN=alice@example.com",
        "--san",
        "email:alice@example.com",
        "--log",
        "subca.db",
        "--out",
        "alice.pem",
    ];
    issue.extend(token);
    ok(&issue);
    let v = Command::new("openssl")
        .current_dir(&out)
        .args([
            "verify",
            "-x509_strict",
            "-CAfile",
            "root.pem",
            "-untrusted",
            "subca.pem",
            "alice.pem",
        ])
        .output()
        .expect("openssl");
    assert!(v.status.success(), "openssl verify alice.pem: {}", text(&v));
    let mut crl = vec![
        "crl",
        "--issuer-cert",
        "subca.pem",
        "--log",
        "subca.db",
        "--out",
        "subca.crl",
    ];
    crl.extend(token);
    ok(&crl);
    let c = Command::new("openssl")
        .current_dir(&out)
        .args(["crl", "-in", "subca.crl", "-CAfile", "subca.pem", "-noout"])
        .output()
        .expect("openssl");
    assert!(text(&c).contains("verify OK"), "{}", text(&c));
    // A wrong PIN or label is a clear error, not a panic.
    let mut bad = crl.clone();
    let label = bad.len() - 3;
    bad[label] = "No Such Key";
    bad[6] = "other.crl";
    let o = rootward(&out, &conf, &bad);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("No Such Key"), "{}", text(&o));
    std::fs::remove_dir_all(&dir).ok();
}
