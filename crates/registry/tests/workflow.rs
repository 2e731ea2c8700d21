//! The sub-CA request workflow replayed on the case (DESIGN.md): SECOM files
//! the request for Cybertrust Japan SureMail CA G5, the program opens the
//! public discussion on 2024-12-18 with its end on 2025-01-10, approves it
//! under MRSP 8.4 after the end (not before), registration checks the
//! fingerprint, the key generation report is attached, the request
//! completes. Plus a property test: no sequence of actions reaches a state
//! without the steps before it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use proptest::prelude::*;
use registry::DAY;
use registry::workflow::*;

const G5: &str = "995C3C64F32348142BF1EBEAF7370781A1C30682DE02AD85FB2700CE1395F737";

fn secom() -> Actor {
    Actor {
        name: "member@secom".into(),
        role: Role::OwnerMember,
        owner: Some("SECOM Trust Systems CO., LTD.".into()),
    }
}

fn manager() -> Actor {
    Actor {
        name: "manager@program".into(),
        role: Role::ProgramManager,
        owner: None,
    }
}

fn complete_items() -> Items {
    Items {
        operator_legal_name: Some("Cybertrust Japan Co., Ltd.".into()),
        operator_website: Some("https://www.cybertrust.co.jp/".into()),
        root_sha256: Some(
            "513B2CECB810D4CDE5DD85391ADFC6C2DD60D87BB736D2B521484AA47A0EBEF6".into(),
        ),
        existing_subca_sha256: vec![],
        new_subca_name: Some("Cybertrust Japan SureMail CA G5".into()),
        certificate_sha256: Some(G5.into()),
        cp_cps: Some(DocumentRef {
            url: "https://www.cybertrust.co.jp/ssl/repository/".into(),
            version: "1.0".into(),
            date: "2024-11-01".into(),
        }),
        audits: vec!["https://www.cpacanada.ca/webtrust/seal".into()],
        self_assessment: Some(SelfAssessment {
            file_sha256: "AB".repeat(32),
            date: "2024-10-15".into(),
            template_version: "2024".into(),
        }),
        root_operator_review: None,
        value_justification: Some("S/MIME certificates for Japanese enterprises".into()),
        incidents: Some(vec![]),
    }
}

fn new_request() -> Request {
    Request {
        id: "secom-suremail-g5".into(),
        owner: "SECOM Trust Systems CO., LTD.".into(),
        filer: "member@secom".into(),
        state: State::Draft,
        items: Items::default(),
        discussion_start: None,
        discussion_end: None,
        decision_section: None,
        registered_sha256: None,
        key_generation_report_sha256: None,
        timeline: vec![],
    }
}

#[test]
fn the_fingerprint_is_the_certificate_s() {
    let Some(p) = common::corpus("secom/Cybertrust_Japan_SureMail_CA_G5.pem") else {
        return;
    };
    let pem = std::fs::read(p).unwrap();
    let item = cert::source::ItemReader::new(std::io::Cursor::new(pem))
        .next()
        .unwrap()
        .unwrap();
    let der = item.data.unwrap();
    assert_eq!(cert::hex_upper(&cert::digest::sha256(&der)), G5);
}

#[test]
fn the_case_from_draft_to_complete() {
    let t = |d: &str| registry::parse_date(d).unwrap() * DAY;
    let mut r = new_request();
    r.items = complete_items();
    r = apply(&r, &secom(), &Action::Submit, "filing", t("2024-11-20")).unwrap();
    r = apply(
        &r,
        &secom(),
        &Action::BeginRootOperatorReview,
        "reviewing",
        t("2024-11-21"),
    )
    .unwrap();
    // Forwarding needs the root operator's review results.
    let e = apply(
        &r,
        &secom(),
        &Action::ForwardToProgram,
        "done",
        t("2024-11-25"),
    )
    .unwrap_err();
    assert!(matches!(e, TransitionError::Incomplete(_)), "{e}");
    r.items.root_operator_review = Some("CPS and audits reviewed; no findings".into());
    r = apply(
        &r,
        &secom(),
        &Action::ForwardToProgram,
        "done",
        t("2024-11-25"),
    )
    .unwrap();
    // Only the program opens the discussion.
    let open = Action::OpenDiscussion {
        planned_end: Some(t("2025-01-10")),
    };
    assert!(matches!(
        apply(&r, &secom(), &open, "open", t("2024-12-18")),
        Err(TransitionError::Forbidden { .. })
    ));
    r = apply(
        &r,
        &manager(),
        &open,
        "MRSP 8.4 applies: operator not yet approved for email",
        t("2024-12-18"),
    )
    .unwrap();
    assert_eq!(r.discussion_start, Some(t("2024-12-18")));
    assert_eq!(r.discussion_end, Some(t("2025-01-10")));
    // It cannot close early, neither by approval nor by denial.
    let approve = Action::Approve {
        section: "MRSP 8.4".into(),
    };
    let e = apply(&r, &manager(), &approve, "ok", t("2025-01-09")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the public discussion runs until 2025-01-10; it cannot close early"
    );
    let deny = Action::Deny {
        section: "MRSP 8.4".into(),
    };
    assert!(matches!(
        apply(&r, &manager(), &deny, "no", t("2025-01-09")),
        Err(TransitionError::DiscussionOpen { .. })
    ));
    let no_section = Action::Approve {
        section: " ".into(),
    };
    assert!(matches!(
        apply(&r, &manager(), &no_section, "ok", t("2025-01-10")),
        Err(TransitionError::Invalid(_))
    ));
    r = apply(
        &r,
        &manager(),
        &approve,
        "no objections raised",
        t("2025-01-10"),
    )
    .unwrap();
    assert_eq!(r.decision_section.as_deref(), Some("MRSP 8.4"));
    // Registration: a wrong fingerprint is refused, the right one (any case, colons) accepted.
    let wrong = Action::Register {
        sha256: G5.replace('9', "8"),
    };
    let e = apply(&r, &secom(), &wrong, "registered", t("2025-01-15")).unwrap_err();
    assert!(
        e.to_string().contains("is not the sub-CA certificate's"),
        "{e}"
    );
    let colons: String = G5
        .to_lowercase()
        .as_bytes()
        .chunks(2)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join(":");
    r = apply(
        &r,
        &secom(),
        &Action::Register { sha256: colons },
        "registered in CCADB",
        t("2025-01-15"),
    )
    .unwrap();
    assert_eq!(r.registered_sha256.as_deref(), Some(G5));
    let report = Action::AttachKeyGenerationReport {
        sha256: "CD".repeat(32),
    };
    r = apply(
        &r,
        &secom(),
        &report,
        "auditor's key generation report",
        t("2025-01-20"),
    )
    .unwrap();
    assert!(matches!(
        apply(&r, &secom(), &Action::Complete, "done", t("2025-01-21")),
        Err(TransitionError::Forbidden { .. })
    ));
    r = apply(
        &r,
        &manager(),
        &Action::Complete,
        "all steps done",
        t("2025-01-21"),
    )
    .unwrap();
    assert_eq!(r.state, State::Complete);
    let steps: Vec<_> = r
        .timeline
        .iter()
        .map(|e| (e.action.as_str(), e.to))
        .collect();
    assert_eq!(
        steps,
        [
            ("submit", State::Submitted),
            ("begin_root_operator_review", State::RootOperatorReview),
            ("forward_to_program", State::ProgramReview),
            ("open_discussion", State::PublicDiscussion),
            ("approve", State::Approved),
            ("register", State::Registered),
            (
                "attach_key_generation_report",
                State::KeyGenerationReportReceived
            ),
            ("complete", State::Complete),
        ]
    );
    assert!(
        r.timeline
            .windows(2)
            .all(|w| w[0].to == w[1].from && w[0].at <= w[1].at)
    );
    // Final: nothing more, not even withdrawal.
    assert!(apply(&r, &secom(), &Action::Withdraw, "oops", t("2025-02-01")).is_err());
}

#[test]
fn actions_deserialize_strictly_from_json() {
    let a: Action = serde_json::from_str(r#"{"action":"approve","section":"MRSP 8.4"}"#).unwrap();
    assert_eq!(
        a,
        Action::Approve {
            section: "MRSP 8.4".into()
        }
    );
    assert!(serde_json::from_str::<Action>(r#"{"action":"approve"}"#).is_err());
    assert!(
        serde_json::from_str::<Action>(r#"{"action":"approve","section":"x","extra":1}"#).is_err()
    );
    assert!(serde_json::from_str::<Action>(r#"{"action":"teleport"}"#).is_err());
    assert!(
        serde_json::from_str::<Items>(r#"{"operator_legal_name":"x","colour":"red"}"#).is_err()
    );
}

fn actor_strategy() -> impl Strategy<Value = Actor> {
    prop_oneof![
        Just(secom()),
        Just(manager()),
        Just(Actor {
            name: "other".into(),
            role: Role::OwnerMember,
            owner: Some("Other CA".into())
        }),
        Just(Actor {
            name: "anyone".into(),
            role: Role::Public,
            owner: None
        }),
    ]
}

fn action_strategy() -> impl Strategy<Value = Action> {
    prop_oneof![
        Just(Action::Submit),
        Just(Action::BeginRootOperatorReview),
        Just(Action::ForwardToProgram),
        (0i64..60).prop_map(|d| Action::OpenDiscussion {
            planned_end: if d == 0 {
                None
            } else {
                Some(1_700_000_000 + d * 86_400)
            }
        }),
        Just(Action::Approve {
            section: "MRSP 8.4".into()
        }),
        Just(Action::Deny {
            section: "MRSP 8.4".into()
        }),
        prop_oneof![
            Just(G5.to_owned()),
            Just("00".repeat(32)),
            Just("xyz".to_owned())
        ]
        .prop_map(|sha256| Action::Register { sha256 }),
        Just(Action::AttachKeyGenerationReport {
            sha256: "CD".repeat(32)
        }),
        Just(Action::Complete),
        Just(Action::Withdraw),
    ]
}

proptest! {
    /// Whatever is tried, by whom and when: every accepted step is recorded,
    /// refused steps change nothing, final states are absorbing, the
    /// registered fingerprint is always the certificate's, and approval never
    /// comes before the discussion's planned end.
    #[test]
    fn random_action_sequences_keep_the_invariants(
        steps in proptest::collection::vec((actor_strategy(), action_strategy(), 0i64..40), 0..40),
        with_review in any::<bool>(),
    ) {
        let mut r = new_request();
        r.items = complete_items();
        if with_review {
            r.items.root_operator_review = Some("reviewed".into());
        }
        let mut now = 1_700_000_000;
        for (actor, action, days) in steps {
            now += days * 86_400;
            let before = r.clone();
            match apply(&r, &actor, &action, "because", now) {
                Ok(next) => {
                    prop_assert!(!before.state.is_final());
                    prop_assert_eq!(next.timeline.len(), before.timeline.len() + 1);
                    if next.state == State::Approved {
                        prop_assert!(now >= before.discussion_end.unwrap());
                    }
                    if let Some(s) = &next.registered_sha256 {
                        prop_assert_eq!(s.as_str(), G5);
                    }
                    r = next;
                }
                Err(_) => prop_assert_eq!(&r, &before),
            }
        }
        // The states visited follow the workflow's order (withdrawal and denial end it).
        let order = |s: State| ALL_STATES.iter().position(|x| *x == s).unwrap();
        for e in &r.timeline {
            if !matches!(e.to, State::Withdrawn | State::Denied) {
                prop_assert!(order(e.to) > order(e.from), "{:?}", e);
            }
        }
    }
}

/// The case through the stored API, on every backend: each step persisted,
/// the timeline read back equal, a stale version refused, hostile text
/// stored intact, a corrupt row reported as such.
#[tokio::test]
async fn stored_requests_follow_the_workflow() {
    use registry::{Error, FixedClock};
    for (backend, reg) in common::backends("workflow").await {
        let t = |d: &str| registry::parse_date(d).unwrap() * DAY;
        let r = reg
            .create_request(&secom(), Items::default(), &FixedClock(t("2024-11-19")))
            .await
            .unwrap();
        assert_eq!(r.state, State::Draft);
        // Only owner members file.
        let e = reg
            .create_request(&manager(), Items::default(), &FixedClock(0))
            .await
            .unwrap_err();
        assert!(
            matches!(e, Error::Refused(TransitionError::Forbidden { .. })),
            "{backend}: {e}"
        );

        let (_, v) = reg.request(&r.id).await.unwrap();
        let mut items = complete_items();
        let hostile = "'; DROP TABLE requests; -- <script>alert(1)</script>";
        items.value_justification = Some(hostile.into());
        let other = Actor {
            name: "x".into(),
            role: Role::OwnerMember,
            owner: Some("Other CA".into()),
        };
        let e = reg
            .update_request_items(
                &r.id,
                &other,
                items.clone(),
                "mine now",
                v,
                &FixedClock(t("2024-11-19")),
            )
            .await
            .unwrap_err();
        assert!(
            matches!(e, Error::Refused(TransitionError::Forbidden { .. })),
            "{backend}: {e}"
        );
        reg.update_request_items(
            &r.id,
            &secom(),
            items,
            "all nine items",
            v,
            &FixedClock(t("2024-11-19")),
        )
        .await
        .unwrap();
        // The version read before the edit is stale now.
        let e = reg
            .apply_request_action(
                &r.id,
                &secom(),
                &Action::Submit,
                "filing",
                v,
                &FixedClock(t("2024-11-20")),
            )
            .await
            .unwrap_err();
        assert!(matches!(e, Error::Conflict(_)), "{backend}: {e}");

        let steps: Vec<(Actor, Action, &str)> = vec![
            (secom(), Action::Submit, "2024-11-20"),
            (secom(), Action::BeginRootOperatorReview, "2024-11-21"),
        ];
        for (actor, action, day) in steps {
            let (_, v) = reg.request(&r.id).await.unwrap();
            reg.apply_request_action(&r.id, &actor, &action, "step", v, &FixedClock(t(day)))
                .await
                .unwrap();
        }
        let (mut cur, v) = reg.request(&r.id).await.unwrap();
        cur.items.root_operator_review = Some("reviewed".into());
        reg.update_request_items(
            &r.id,
            &secom(),
            cur.items.clone(),
            "review results",
            v,
            &FixedClock(t("2024-11-24")),
        )
        .await
        .unwrap();
        let steps: Vec<(Actor, Action, &str)> = vec![
            (secom(), Action::ForwardToProgram, "2024-11-25"),
            (
                manager(),
                Action::OpenDiscussion {
                    planned_end: Some(t("2025-01-10")),
                },
                "2024-12-18",
            ),
        ];
        for (actor, action, day) in steps {
            let (_, v) = reg.request(&r.id).await.unwrap();
            reg.apply_request_action(&r.id, &actor, &action, "step", v, &FixedClock(t(day)))
                .await
                .unwrap();
        }
        // Refused transitions change nothing stored.
        let (before, v) = reg.request(&r.id).await.unwrap();
        let approve = Action::Approve {
            section: "MRSP 8.4".into(),
        };
        let e = reg
            .apply_request_action(
                &r.id,
                &manager(),
                &approve,
                "early",
                v,
                &FixedClock(t("2025-01-02")),
            )
            .await
            .unwrap_err();
        assert!(
            matches!(e, Error::Refused(TransitionError::DiscussionOpen { .. })),
            "{backend}: {e}"
        );
        let (after, v2) = reg.request(&r.id).await.unwrap();
        assert_eq!((before, v), (after, v2));
        reg.apply_request_action(
            &r.id,
            &manager(),
            &approve,
            "no objections",
            v,
            &FixedClock(t("2025-01-10")),
        )
        .await
        .unwrap();

        let (stored, _) = reg.request(&r.id).await.unwrap();
        assert_eq!(stored.state, State::Approved);
        assert_eq!(
            stored.items.value_justification.as_deref(),
            Some(hostile),
            "stored intact"
        );
        let actions: Vec<_> = stored.timeline.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(
            actions,
            [
                "edit_items",
                "submit",
                "begin_root_operator_review",
                "edit_items",
                "forward_to_program",
                "open_discussion",
                "approve"
            ]
        );
        assert_eq!(stored.timeline[5].at, t("2024-12-18"));
        let list = reg.requests().await.unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].state, State::Approved);

        let e = reg.request("no-such").await.unwrap_err();
        assert!(matches!(e, Error::NotFound(_)), "{backend}: {e}");

        // A corrupted row is reported, not trusted.
        sqlx::query("UPDATE requests SET body = 'not json' WHERE id = $1")
            .bind(r.id.clone())
            .execute(reg.pool())
            .await
            .unwrap();
        let e = reg.request(&r.id).await.unwrap_err();
        assert!(matches!(e, Error::Corrupt { .. }), "{backend}: {e}");
        assert!(e.to_string().contains(&r.id));
        reg.close().await;
    }
}

/// Comments: the owner and the program always, the public only during the
/// public discussion; text stored as written; bad input refused.
#[tokio::test]
async fn comments_follow_the_discussion() {
    use registry::{Error, FixedClock};
    for (backend, reg) in common::backends("comments").await {
        let c = FixedClock(1_734_480_000);
        let r = reg
            .create_request(&secom(), complete_items(), &c)
            .await
            .unwrap();
        let public = Actor {
            name: "reader".into(),
            role: Role::Public,
            owner: None,
        };
        reg.add_comment(&r.id, &secom(), "draft note", &c)
            .await
            .unwrap();
        let e = reg
            .add_comment(&r.id, &public, "hello", &c)
            .await
            .unwrap_err();
        assert!(
            matches!(e, Error::NotFound(_)),
            "{backend}: drafts are invisible: {e}"
        );
        let mut v = 1;
        for (actor, action) in [
            (secom(), Action::Submit),
            (secom(), Action::BeginRootOperatorReview),
        ] {
            reg.apply_request_action(&r.id, &actor, &action, "step", v, &c)
                .await
                .unwrap();
            v += 1;
        }
        let e = reg
            .add_comment(&r.id, &public, "too early", &c)
            .await
            .unwrap_err();
        assert!(
            matches!(e, Error::Refused(TransitionError::Forbidden { .. })),
            "{backend}: {e}"
        );
        let mut items = complete_items();
        items.root_operator_review = Some("ok".into());
        reg.update_request_items(&r.id, &secom(), items, "review", v, &c)
            .await
            .unwrap();
        v += 1;
        for (actor, action) in [
            (secom(), Action::ForwardToProgram),
            (manager(), Action::OpenDiscussion { planned_end: None }),
        ] {
            reg.apply_request_action(&r.id, &actor, &action, "step", v, &c)
                .await
                .unwrap();
            v += 1;
        }
        let hostile = "<script>alert('x')</script> '; DROP TABLE request_comments; --";
        reg.add_comment(&r.id, &public, hostile, &c).await.unwrap();
        for bad in ["", "   ", &"x".repeat(registry::requests::MAX_COMMENT + 1)] {
            let e = reg.add_comment(&r.id, &public, bad, &c).await.unwrap_err();
            assert!(matches!(e, Error::BadInput { .. }), "{backend}: {e}");
        }
        let all = reg.comments(&r.id).await.unwrap();
        let bodies: Vec<_> = all.iter().map(|c| c.body.as_str()).collect();
        assert_eq!(bodies, ["draft note", hostile]);
        assert_eq!(all[1].role, Role::Public);
        reg.close().await;
    }
}

/// Filings and comments made at the same time by the same account in the
/// same second (as under load through the API) all succeed, each stored
/// once under its own id or place.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_filings_and_comments_all_succeed() {
    use registry::FixedClock;
    for (backend, reg) in common::backends("concurrent").await {
        let c = FixedClock(1_734_480_000);
        let seed = reg
            .create_request(&secom(), Items::default(), &c)
            .await
            .unwrap();
        let tasks: Vec<_> = (0..24)
            .map(|i| {
                let reg = reg.clone();
                let seed = seed.id.clone();
                tokio::spawn(async move {
                    let c = FixedClock(1_734_480_000);
                    let mut ids = Vec::new();
                    for j in 0..4 {
                        if i % 2 == 0 {
                            let items = Items {
                                new_subca_name: Some(format!("CA {i}.{j}")),
                                ..Items::default()
                            };
                            let r = reg.create_request(&secom(), items, &c).await;
                            ids.push(r.map(|r| r.id).map_err(|e| e.to_string()));
                        } else {
                            let r = reg
                                .add_comment(&seed, &secom(), &format!("note {i}.{j}"), &c)
                                .await;
                            ids.push(r.map(|c| c.body).map_err(|e| e.to_string()));
                        }
                    }
                    ids
                })
            })
            .collect();
        let mut ids = std::collections::BTreeSet::new();
        for t in tasks {
            for r in t.await.unwrap() {
                let id = r.unwrap_or_else(|e| panic!("{backend}: refused under concurrency: {e}"));
                assert!(ids.insert(id.clone()), "{backend}: {id} twice");
            }
        }
        assert_eq!(ids.len(), 96, "{backend}");
        let comments = reg.comments(&seed.id).await.unwrap();
        assert_eq!(comments.len(), 48, "{backend}: every comment stored");
        let bodies: std::collections::BTreeSet<_> = comments.iter().map(|c| &c.body).collect();
        assert_eq!(bodies.len(), 48, "{backend}: each once");
        let filed = reg.requests().await.unwrap();
        assert_eq!(filed.len(), 49, "{backend}: every filing stored");
        for s in &filed {
            let (r, _) = reg.request(&s.id).await.unwrap();
            assert!(
                r.id == seed.id || ids.contains(&r.id),
                "{backend}: {} was not answered",
                r.id
            );
        }
    }
}
