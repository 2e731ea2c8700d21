//! `rootward ceremony upload`: the example ceremony (examples/ceremony/
//! hierarchy.toml, software keys) run with `rootward ceremony run`, its
//! record and Key Generation Report put into the registry as an owner's
//! member; refusals (another owner's member, a record whose chain does not
//! verify, the same record again, an unknown account) exit 2 with the
//! reason, the broken step named. Then `rootward ceremony grant`, `show`
//! and `revoke-grant`: the owner's member lets an auditor read the record,
//! the auditor sees it, the grant is revoked and the record is hidden again;
//! each refusal exits 2 with its reason.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use common::{PASSWORD, Run};

const SECOM: &str = "SECOM Trust Systems CO., LTD.";

fn run(dir: &Path, args: &[&str]) -> Run {
    common::rootward(
        dir,
        args,
        &[
            ("ROOTWARD_PASSWORD", PASSWORD),
            ("ROOT_PASSPHRASE", "root passphrase for the test"),
            ("SUBCA_PASSPHRASE", "sub-CA passphrase for the test"),
        ],
    )
}

fn workdir(name: &str) -> PathBuf {
    common::workdir(&format!("ceremony-upload-cli-{name}"))
}

#[test]
fn the_example_ceremony_is_uploaded_by_the_owners_member() {
    let dir = workdir("example");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/ceremony/hierarchy.toml"),
        dir.join("hierarchy.toml"),
    )
    .unwrap();
    let r = run(&dir, &["ceremony", "run", "hierarchy.toml"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    for (name, owner) in [("alice", SECOM), ("bob", "Other CA")] {
        let r = run(
            &dir,
            &[
                "user",
                "add",
                name,
                "--role",
                "owner-member",
                "--owner",
                owner,
                "--db",
                "r.db",
            ],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let r = run(&dir, &["import", "pem", "out/root.pem", "--db", "r.db"]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    let upload = |args: &[&str]| {
        let mut all = vec!["ceremony", "upload"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--db", "r.db"]);
        run(&dir, &all)
    };

    // Another owner's member may not upload for SECOM.
    let r = upload(&["out/ceremony-record.json", "--owner", SECOM, "--as", "bob"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("bob may not upload"), "{}", r.stderr);
    // Nor an unknown account.
    let r = upload(&["out/ceremony-record.json", "--as", "mallory"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no such account"), "{}", r.stderr);

    // A step edited and the record written again as the tool writes it.
    let bytes = std::fs::read(dir.join("out/ceremony-record.json")).unwrap();
    let mut rec: ca::ceremony::Record = serde_json::from_slice(&bytes).unwrap();
    rec.steps[1].outcome = "ok, witnessed".into();
    std::fs::write(
        dir.join("tampered.json"),
        serde_json::to_vec_pretty(&rec).unwrap(),
    )
    .unwrap();
    let r = upload(&["tampered.json", "--as", "alice"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr.contains("tampered.json")
            && r.stderr.contains("step 2 (self-sign-root) was altered"),
        "{}",
        r.stderr
    );

    // An artefact altered after the ceremony: refused before anything is stored.
    std::fs::create_dir_all(dir.join("altered")).unwrap();
    for e in std::fs::read_dir(dir.join("out")).unwrap().flatten() {
        std::fs::copy(e.path(), dir.join("altered").join(e.file_name())).unwrap();
    }
    let root_pem = dir.join("altered/root.pem");
    let text = std::fs::read_to_string(&root_pem).unwrap();
    std::fs::write(&root_pem, text.replacen("MII", "MIJ", 1)).unwrap();
    let r = upload(&[
        "out/ceremony-record.json",
        "--dir",
        "altered",
        "--as",
        "alice",
    ]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("against altered"), "{}", r.stderr);

    // Alice's upload, with the report and the artefacts checked.
    let r = upload(&[
        "out/ceremony-record.json",
        "--report",
        "out/key-generation-report.md",
        "--dir",
        "out",
        "--as",
        "alice",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("artefacts in out match the record"),
        "{}",
        r.stdout
    );
    let sha = cert::hex_upper(&cert::digest::sha256(&bytes));
    assert!(
        r.stdout
            .contains(&format!("ceremony record {sha} stored for {SECOM}")),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "Example Root CA and Example SureMail CA G5 key generation (2026-01-15): 6 steps, 2 keys, 2 certificates (1 in the registry)"
        ),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("(the record's own)"), "{}", r.stdout);
    let r = upload(&["out/ceremony-record.json", "--as", "alice"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("stored already"), "{}", r.stderr);

    // Grants, from the command line.
    for name in ["carol", "dave"] {
        let r = run(
            &dir,
            &["user", "add", name, "--role", "auditor", "--db", "r.db"],
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let cer = |verb: &str, args: &[&str]| {
        let mut all = vec!["ceremony", verb, sha.as_str()];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--db", "r.db"]);
        run(&dir, &all)
    };
    // Neither another owner's member nor a non-auditor account.
    let r = cer("grant", &["--auditor", "carol", "--as", "bob"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    let r = cer("grant", &["--auditor", "bob", "--as", "alice"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr.contains("bob is not an auditor's account"),
        "{}",
        r.stderr
    );
    // Before the grant carol cannot see the record.
    let r = cer("show", &["--as", "carol"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    let r = cer("grant", &["--auditor", "carol", "--as", "alice"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(&format!(
            "carol may read ceremony record {sha} (granted by alice at "
        )),
        "{}",
        r.stdout
    );
    let r = cer("grant", &["--auditor", "carol", "--as", "alice"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("granted ceremony record"), "{}", r.stderr);
    let r = cer("show", &["--as", "carol"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains(&format!("ceremony record {sha} of {SECOM}")),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("6 steps"), "{}", r.stdout);
    assert!(r.stdout.contains("(the record's own)"), "{}", r.stdout);
    assert!(r.stdout.contains(" certificate "), "{}", r.stdout);
    assert!(
        r.stdout.contains("grant to carol by alice at "),
        "{}",
        r.stdout
    );
    // dave was granted nothing.
    let r = cer("show", &["--as", "dave"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    let r = cer("revoke-grant", &["--auditor", "carol", "--as", "alice"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("grant to carol revoked by alice at "),
        "{}",
        r.stdout
    );
    let r = cer("revoke-grant", &["--auditor", "carol", "--as", "alice"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    let r = cer("show", &["--as", "carol"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    // The owner's member sees the history.
    let r = cer("show", &["--as", "alice"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("grant to carol by alice at ")
            && r.stdout.contains(", revoked by alice at "),
        "{}",
        r.stdout
    );

    // In the registry, for alice and not for bob.
    registry::block_on(async {
        let reg = registry::Registry::open(dir.join("r.db").to_str().unwrap())
            .await
            .unwrap();
        let alice = reg.user("alice").await.unwrap().unwrap();
        let bob = reg.user("bob").await.unwrap().unwrap();
        let rec = reg.ceremony_record(Some(&alice), &sha).await.unwrap();
        assert_eq!(rec.summary.uploaded_by, "alice");
        assert_eq!(rec.report_matches_record, Some(true));
        assert!(reg.ceremony_record(Some(&bob), &sha).await.is_err());
        reg.close().await;
    })
    .unwrap();
}
