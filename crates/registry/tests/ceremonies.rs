//! Key ceremony records in the registry, on SQLite and, when
//! ROOTWARD_TEST_POSTGRES_URL is set, PostgreSQL: real records from
//! software-key ceremonies (`ca::ceremony::run`) uploaded by the owner's
//! members and the program, refused when their hash chain does not verify
//! (naming the step), stored once; who sees which record (`ceremonies::access`):
//! the program and the owner's members every record of the owner, an auditor
//! only while granted, nobody else; grants and revocations recorded with
//! who and when; keys and certificates linked to the registry's
//! certificates and to sub-CA requests by fingerprint.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use registry::ceremonies::{Access, CeremonyError, FingerprintKind};
use registry::workflow::{Actor, Items, Role};
use registry::{Error, FixedClock, Registry};

const OWNER_A: &str = "Alpha Trust Services Ltd.";
const OWNER_B: &str = "Beta Certification GmbH";
const PASSWORD: &str = "a long enough password";
/// 2026-01-15, the ceremony's date.
const NOW: i64 = 1_768_435_200;

struct TestSecrets;
impl ca::ceremony::Secrets for TestSecrets {
    fn get(&self, name: &str, _purpose: &str) -> Result<Vec<u8>, String> {
        Ok(format!("test passphrase for {name}").into_bytes())
    }
}

/// A ceremony's outputs.
struct Ceremony {
    record: Vec<u8>,
    report: String,
    out: PathBuf,
}

/// Runs a software-key ceremony (a P-384 root and an S/MIME sub-CA, the
/// shape of examples/ceremony/hierarchy.toml with smaller keys) in a fresh
/// directory and returns its record and report as written.
fn ceremony(tag: &str, name: &str) -> Ceremony {
    let dir = common::temp_dir(tag);
    let script = dir.join("ceremony.toml");
    std::fs::write(
        &script,
        testkit::ceremony::script(name, "Alpha Test Root", true),
    )
    .unwrap();
    let clock = || NOW;
    ca::ceremony::run(&script, &TestSecrets, &clock).expect("the ceremony runs");
    let out = dir.join("out");
    Ceremony {
        record: std::fs::read(out.join("ceremony-record.json")).unwrap(),
        report: std::fs::read_to_string(out.join("key-generation-report.md")).unwrap(),
        out,
    }
}

struct People {
    pm: Actor,
    a: Actor,
    b: Actor,
    auditor: Actor,
    public: Actor,
}

async fn people(reg: &Registry) -> People {
    let clock = FixedClock(NOW);
    let mut made = Vec::new();
    for (name, role, owner) in [
        ("manager", Role::ProgramManager, None),
        ("member@alpha", Role::OwnerMember, Some(OWNER_A)),
        ("member@beta", Role::OwnerMember, Some(OWNER_B)),
        ("auditor", Role::Auditor, None),
        ("reader", Role::Public, None),
    ] {
        made.push(
            reg.add_user(name, PASSWORD, role, owner, &clock)
                .await
                .unwrap(),
        );
    }
    let mut it = made.into_iter();
    let mut next = || it.next().unwrap();
    People {
        pm: next(),
        a: next(),
        b: next(),
        auditor: next(),
        public: next(),
    }
}

fn sha256(b: &[u8]) -> String {
    cert::hex_upper(&cert::digest::sha256(b))
}

fn ceremony_error(e: Error) -> CeremonyError {
    match e {
        Error::Ceremony(c) => c,
        other => panic!("expected a ceremony error, got {other:?}"),
    }
}

fn der_of(p: &Path) -> Vec<u8> {
    let bytes = std::fs::read(p).unwrap();
    cert::source::ItemReader::new(std::io::BufReader::new(&bytes[..]))
        .next()
        .unwrap()
        .unwrap()
        .data
        .unwrap()
}

#[tokio::test]
async fn records_are_verified_stored_once_and_shown_only_to_who_may_see_them() {
    let first = ceremony("cer-first", "Alpha <b>root</b> & \"sub-CA\" key generation");
    let second = ceremony("cer-second", "Alpha second ceremony");
    for (backend, reg) in common::backends("ceremonies").await {
        let clock = FixedClock(NOW);
        let p = people(&reg).await;

        // A's member uploads with the report; the owner is theirs.
        let r1 = reg
            .upload_ceremony(&p.a, None, &first.record, Some(&first.report), &clock)
            .await
            .unwrap_or_else(|e| panic!("{backend}: upload: {e}"));
        let s = &r1.summary;
        assert_eq!(s.sha256, sha256(&first.record), "{backend}");
        assert_eq!(s.owner, OWNER_A);
        assert_eq!(
            s.title, "Alpha <b>root</b> & \"sub-CA\" key generation",
            "kept as written"
        );
        assert_eq!(s.ceremony_date, "2026-01-15");
        assert_eq!((s.steps, s.complete, s.has_report), (5, true, true));
        assert_eq!(
            (s.uploaded_by.as_str(), s.uploaded_at),
            ("member@alpha", NOW)
        );
        assert_eq!(s.access, Access::Manage);
        assert_eq!(r1.report_matches_record, Some(true), "{backend}");
        assert_eq!(r1.record_json.as_bytes(), &first.record[..]);
        let keys: Vec<_> = r1
            .fingerprints
            .iter()
            .filter(|f| f.kind == FingerprintKind::Key)
            .map(|f| (f.name.as_str(), f.step))
            .collect();
        assert_eq!(keys, [("root", 1), ("subca", 3)], "{backend}");
        let certs: Vec<_> = r1
            .fingerprints
            .iter()
            .filter(|f| f.kind == FingerprintKind::Certificate)
            .collect();
        assert_eq!(certs.len(), 2, "{backend}");
        let subca_sha = sha256(&der_of(&first.out.join("subca.pem")));
        let root_sha = sha256(&der_of(&first.out.join("root.pem")));
        assert!(certs.iter().any(|f| f.sha256 == subca_sha && f.step == 5));
        assert!(certs.iter().any(|f| f.sha256 == root_sha && f.step == 2));
        assert!(
            r1.fingerprints
                .iter()
                .all(|f| f.registry_certificates.is_empty()),
            "nothing imported yet"
        );

        // Stored once.
        let e = reg
            .upload_ceremony(&p.pm, Some(OWNER_A), &first.record, None, &clock)
            .await
            .unwrap_err();
        assert_eq!(
            ceremony_error(e),
            CeremonyError::Exists(sha256(&first.record))
        );

        // Only the program and the owner's members upload for the owner.
        for (who, owner) in [
            (&p.b, Some(OWNER_A)),
            (&p.auditor, Some(OWNER_A)),
            (&p.public, Some(OWNER_A)),
            (&p.a, Some(OWNER_B)),
        ] {
            let e = reg
                .upload_ceremony(who, owner, &second.record, None, &clock)
                .await
                .unwrap_err();
            assert!(
                matches!(ceremony_error(e), CeremonyError::Forbidden { .. }),
                "{backend}: {} uploading for {owner:?}",
                who.name
            );
        }
        let e = reg
            .upload_ceremony(&p.pm, None, &second.record, None, &clock)
            .await
            .unwrap_err();
        assert!(
            matches!(e, Error::BadInput { .. }),
            "the program names the owner: {e}"
        );
        let r2 = reg
            .upload_ceremony(&p.pm, Some(OWNER_A), &second.record, None, &clock)
            .await
            .unwrap();
        assert_eq!(r2.summary.uploaded_by, "manager");
        assert!(!r2.summary.has_report && r2.report.is_none());

        // Who sees what.
        let listed = |who: Option<&Actor>| {
            let reg = reg.clone();
            let who = who.cloned();
            async move {
                reg.ceremony_records(who.as_ref())
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|s| s.sha256)
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(listed(Some(&p.pm)).await.len(), 2, "{backend}");
        assert_eq!(listed(Some(&p.a)).await.len(), 2);
        for who in [Some(&p.b), Some(&p.auditor), Some(&p.public), None] {
            assert!(listed(who).await.is_empty(), "{who:?}");
            for r in [&r1, &r2] {
                let e = reg
                    .ceremony_record(who, &r.summary.sha256)
                    .await
                    .unwrap_err();
                assert!(matches!(e, Error::NotFound(_)), "{who:?}: {e}");
            }
        }
        let unknown = "00".repeat(32);
        assert!(matches!(
            reg.ceremony_record(Some(&p.pm), &unknown).await,
            Err(Error::NotFound(_))
        ));
        assert!(matches!(
            reg.ceremony_record(Some(&p.pm), "not hex").await,
            Err(Error::NotFound(_))
        ));

        // Grants: by the program or the owner's members, to auditors only.
        let k1 = r1.summary.sha256.clone();
        let e = reg
            .grant_ceremony(&p.b, &k1, "auditor", &clock)
            .await
            .unwrap_err();
        assert!(
            matches!(e, Error::NotFound(_)),
            "B does not see A's record: {e}"
        );
        let e = reg
            .grant_ceremony(&p.auditor, &k1, "auditor", &clock)
            .await
            .unwrap_err();
        assert!(matches!(e, Error::NotFound(_)), "no self-service: {e}");
        for target in ["reader", "member@beta", "nobody"] {
            let e = reg
                .grant_ceremony(&p.a, &k1, target, &clock)
                .await
                .unwrap_err();
            assert_eq!(ceremony_error(e), CeremonyError::NotAuditor(target.into()));
        }
        let g = reg
            .grant_ceremony(&p.a, &k1.to_lowercase(), "auditor", &FixedClock(NOW + 60))
            .await
            .unwrap();
        assert_eq!(
            (
                g.auditor.as_str(),
                g.granted_by.as_str(),
                g.granted_at,
                g.is_active()
            ),
            ("auditor", "member@alpha", NOW + 60, true)
        );
        let e = reg
            .grant_ceremony(&p.pm, &k1, "auditor", &clock)
            .await
            .unwrap_err();
        assert!(matches!(
            ceremony_error(e),
            CeremonyError::AlreadyGranted { .. }
        ));

        // The auditor reads the granted record, and only it.
        assert_eq!(
            listed(Some(&p.auditor)).await,
            vec![k1.clone()],
            "{backend}"
        );
        let seen = reg.ceremony_record(Some(&p.auditor), &k1).await.unwrap();
        assert_eq!(seen.summary.access, Access::Read);
        assert_eq!(seen.report.as_deref(), Some(first.report.as_str()));
        assert!(matches!(
            reg.ceremony_record(Some(&p.auditor), &r2.summary.sha256)
                .await,
            Err(Error::NotFound(_))
        ));
        // ...but does not manage it.
        let e = reg
            .grant_ceremony(&p.auditor, &k1, "auditor", &clock)
            .await
            .unwrap_err();
        assert!(matches!(ceremony_error(e), CeremonyError::Forbidden { .. }));
        let e = reg
            .revoke_ceremony_grant(&p.auditor, &k1, "auditor", &clock)
            .await
            .unwrap_err();
        assert!(matches!(ceremony_error(e), CeremonyError::Forbidden { .. }));
        let e = reg
            .attach_ceremony_report(&p.auditor, &r2.summary.sha256, "# report", &clock)
            .await
            .unwrap_err();
        assert!(matches!(e, Error::NotFound(_)), "not granted r2: {e}");

        // Revoked: gone for the auditor, kept as history for the managers.
        let g = reg
            .revoke_ceremony_grant(&p.pm, &k1, "auditor", &FixedClock(NOW + 120))
            .await
            .unwrap();
        assert_eq!(
            (g.revoked_by.as_deref(), g.revoked_at, g.is_active()),
            (Some("manager"), Some(NOW + 120), false)
        );
        assert!(listed(Some(&p.auditor)).await.is_empty());
        assert!(matches!(
            reg.ceremony_record(Some(&p.auditor), &k1).await,
            Err(Error::NotFound(_))
        ));
        assert!(matches!(
            reg.revoke_ceremony_grant(&p.a, &k1, "auditor", &clock)
                .await,
            Err(Error::NotFound(_))
        ));
        reg.grant_ceremony(&p.pm, &k1, "auditor", &FixedClock(NOW + 180))
            .await
            .unwrap();
        let r = reg.ceremony_record(Some(&p.a), &k1).await.unwrap();
        let history: Vec<_> = r
            .grants
            .iter()
            .map(|g| (g.granted_by.as_str(), g.revoked_by.as_deref()))
            .collect();
        assert_eq!(
            history,
            [("member@alpha", Some("manager")), ("manager", None)],
            "{backend}"
        );
        let own = reg.ceremony_record(Some(&p.auditor), &k1).await.unwrap();
        assert_eq!(own.grants.len(), 2, "the auditor's own grants");

        // The report is attached once; one that is not the record's is marked.
        let k2 = r2.summary.sha256.clone();
        let edited = second.report.replace("Test room", "Another room");
        let r = reg
            .attach_ceremony_report(&p.a, &k2, &edited.replace('\n', "\r\n"), &clock)
            .await
            .unwrap();
        assert_eq!(
            r.report.as_deref(),
            Some(edited.as_str()),
            "line breaks as LF"
        );
        assert_eq!(r.report_by.as_deref(), Some("member@alpha"));
        assert_eq!(r.report_matches_record, Some(false));
        let e = reg
            .attach_ceremony_report(&p.pm, &k2, &second.report, &clock)
            .await
            .unwrap_err();
        assert_eq!(ceremony_error(e), CeremonyError::ReportExists(k2.clone()));

        // Linked to the registry's certificates once they are imported.
        for f in ["root.pem", "subca.pem"] {
            reg.import_pem(&first.out.join(f), &clock, Default::default())
                .await
                .unwrap();
        }
        let r = reg.ceremony_record(Some(&p.pm), &k1).await.unwrap();
        for f in &r.fingerprints {
            let want = match (f.kind, f.name.as_str()) {
                (FingerprintKind::Key, "root") => vec![root_sha.clone()],
                (FingerprintKind::Key, _) => vec![subca_sha.clone()],
                (FingerprintKind::Certificate, _) => vec![f.sha256.clone()],
            };
            assert_eq!(f.registry_certificates, want, "{backend}: {f:?}");
        }
        let naming = |who: &Actor, sha: &str| {
            let (reg, who, sha) = (reg.clone(), who.clone(), sha.to_owned());
            async move {
                reg.ceremony_records_naming(Some(&who), &sha)
                    .await
                    .unwrap()
                    .len()
            }
        };
        assert_eq!(naming(&p.pm, &subca_sha).await, 1);
        assert_eq!(naming(&p.auditor, &subca_sha).await, 1, "granted again");
        assert_eq!(naming(&p.b, &subca_sha).await, 0);
        assert_eq!(naming(&p.pm, &unknown).await, 0);

        // And to the sub-CA requests naming the certificate (drafts only for who may see them).
        let req = reg
            .create_request(
                &p.a,
                Items {
                    certificate_sha256: Some(subca_sha.to_lowercase()),
                    ..Items::default()
                },
                &clock,
            )
            .await
            .unwrap();
        let linked = |who: Option<&Actor>| {
            let (reg, who, r) = (reg.clone(), who.cloned(), r.clone());
            async move {
                reg.ceremony_requests(who.as_ref(), &r)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|s| s.id)
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(linked(Some(&p.a)).await, vec![req.id.clone()]);
        assert_eq!(linked(Some(&p.pm)).await, vec![req.id.clone()]);
        assert!(linked(Some(&p.auditor)).await.is_empty(), "a draft");
        reg.close().await;
    }
}

#[tokio::test]
async fn a_record_whose_chain_does_not_verify_is_refused_naming_the_step() {
    let c = ceremony("cer-tampered", "Tampered ceremony");
    for (backend, reg) in common::backends("ceremonies-tampered").await {
        let clock = FixedClock(NOW);
        let p = people(&reg).await;
        let upload = |bytes: Vec<u8>| {
            let (reg, a) = (reg.clone(), p.a.clone());
            async move {
                reg.upload_ceremony(&a, None, &bytes, None, &clock)
                    .await
                    .map(|r| r.summary.sha256)
            }
        };
        // A step edited and the record written out again as the tool would.
        let mut r: ca::ceremony::Record = serde_json::from_slice(&c.record).unwrap();
        r.steps[1].outcome = "ok, witnessed".into();
        let e = upload(serde_json::to_vec_pretty(&r).unwrap())
            .await
            .unwrap_err();
        let msg = ceremony_error(e).to_string();
        assert!(
            msg.contains("step 2 (self-sign-root) was altered"),
            "{backend}: {msg}"
        );
        // A step removed.
        let mut r: ca::ceremony::Record = serde_json::from_slice(&c.record).unwrap();
        r.steps.remove(2);
        let msg = ceremony_error(
            upload(serde_json::to_vec_pretty(&r).unwrap())
                .await
                .unwrap_err(),
        )
        .to_string();
        assert!(msg.contains("step 3"), "{msg}");
        // The seal.
        let mut r: ca::ceremony::Record = serde_json::from_slice(&c.record).unwrap();
        r.tokens.push(Default::default());
        let msg = ceremony_error(
            upload(serde_json::to_vec_pretty(&r).unwrap())
                .await
                .unwrap_err(),
        )
        .to_string();
        assert!(msg.contains("seal"), "{msg}");
        // A byte changed in place; not JSON; empty.
        let mut t = c.record.clone();
        let at = t.len() / 2;
        t[at] ^= 1;
        assert!(upload(t).await.is_err());
        let msg = ceremony_error(upload(b"<html>".to_vec()).await.unwrap_err()).to_string();
        assert!(msg.contains("not a ceremony record"), "{msg}");
        assert!(matches!(
            upload(Vec::new()).await,
            Err(Error::BadInput { .. })
        ));
        assert!(reg.ceremony_records(Some(&p.pm)).await.unwrap().is_empty());
        // The record as written, pasted through a form (CRLF line breaks), is the file again.
        let pasted = format!(
            "{}\r\n",
            String::from_utf8(c.record.clone())
                .unwrap()
                .replace('\n', "\r\n")
        );
        let back = registry::ceremonies::pasted_record(&pasted);
        assert_eq!(
            upload(back.into_bytes()).await.unwrap(),
            sha256(&c.record),
            "{backend}"
        );
        reg.close().await;
    }
}

#[tokio::test]
async fn the_same_record_uploaded_at_once_is_stored_once() {
    let c = ceremony("cer-race", "Raced ceremony");
    for (backend, reg) in common::backends("ceremonies-race").await {
        let p = people(&reg).await;
        let clock = FixedClock(NOW);
        let uploads = (0..4).map(|i| {
            let (reg, record) = (reg.clone(), c.record.clone());
            let who = if i % 2 == 0 {
                p.a.clone()
            } else {
                p.pm.clone()
            };
            tokio::spawn(async move {
                reg.upload_ceremony(&who, Some(OWNER_A), &record, None, &clock)
                    .await
                    .map(|_| ())
            })
        });
        let mut stored = 0;
        for u in uploads.collect::<Vec<_>>() {
            match u.await.unwrap() {
                Ok(()) => stored += 1,
                Err(Error::Ceremony(CeremonyError::Exists(_))) => {}
                Err(e) => panic!("{backend}: {e}"),
            }
        }
        assert_eq!(stored, 1, "{backend}");
        reg.close().await;
    }
}

#[tokio::test]
async fn malformed_json_huge_arrays_and_wrong_types_are_clear_errors_storing_nothing() {
    let c = ceremony("cer-malformed", "Malformed ceremony");
    let text = String::from_utf8(c.record.clone()).unwrap();
    let mut huge_array = String::from("{\"ceremony\": {}, \"steps\": [");
    while huge_array.len() < registry::ceremonies::MAX_RECORD - 16 {
        huge_array.push_str("{}, ");
    }
    huge_array.push_str("{}]}");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("truncated", c.record[..c.record.len() / 2].to_vec(), "line"),
        ("trailing", [&c.record[..], b"{}"].concat(), "line"),
        (
            "wrong type",
            text.replacen("\"index\": 1", "\"index\": \"1\"", 1)
                .into_bytes(),
            "invalid type",
        ),
        (
            "negative index",
            text.replacen("\"index\": 1", "\"index\": -1", 1)
                .into_bytes(),
            "invalid value",
        ),
        (
            "nested",
            "[".repeat(100_000).into_bytes(),
            "line 1 column 2",
        ),
        ("huge array", huge_array.into_bytes(), "line"),
        (
            "too large",
            vec![b' '; registry::ceremonies::MAX_RECORD + 1],
            "limit",
        ),
        ("not UTF-8", b"{\"ceremony\": \"\xff\"}".to_vec(), "line"),
    ];
    for (backend, reg) in common::backends("ceremonies-malformed").await {
        let clock = FixedClock(NOW);
        let p = people(&reg).await;
        for (what, bytes, expected) in &cases {
            let e = reg
                .upload_ceremony(&p.a, None, bytes, None, &clock)
                .await
                .unwrap_err();
            let msg = e.to_string();
            assert!(
                matches!(
                    e,
                    Error::Ceremony(CeremonyError::Unverified(_)) | Error::BadInput { .. }
                ),
                "{backend}: {what}: {e:?}"
            );
            assert!(msg.contains(expected), "{backend}: {what}: {msg}");
        }
        assert!(reg.ceremony_records(Some(&p.pm)).await.unwrap().is_empty());
        // The record itself is still accepted afterwards.
        reg.upload_ceremony(&p.a, None, &c.record, None, &clock)
            .await
            .unwrap();
        reg.close().await;
    }
}
