//! Incident reports (CCADB Incident Reporting Guidelines 3.2) on SQLite and,
//! when ROOTWARD_TEST_POSTGRES_URL is set, PostgreSQL: filed with the
//! template's sections by the owner's members or the program, updated with
//! next-update dates (overdue ones found by the compliance check), closed
//! with a summary once every section is written, linked to sub-CA requests
//! without revealing drafts; who may do what; concurrent updates queue.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use registry::check::CheckOptions;
use registry::incidents::{Closing, EntryKind, IncidentError, NewIncident, NewUpdate, Sections};
use registry::workflow::{Action, Actor, Items, Role, State};
use registry::{Error, FixedClock, Registry};

const SECOM: &str = "SECOM Trust Systems CO., LTD.";
const NASTY: &str = "<script>alert('x')</script> & \"quotes\" '; DROP TABLE incidents; --";

fn actor(name: &str, role: Role, owner: Option<&str>) -> Actor {
    Actor {
        name: name.into(),
        role,
        owner: owner.map(str::to_owned),
    }
}

fn member() -> Actor {
    actor("member@secom", Role::OwnerMember, Some(SECOM))
}
fn other() -> Actor {
    actor("member@other", Role::OwnerMember, Some("Other CA"))
}
fn manager() -> Actor {
    actor("manager", Role::ProgramManager, None)
}

fn at(d: &str) -> FixedClock {
    FixedClock(common::day(d))
}

fn every_section(text: &str) -> Sections {
    let s = |name: &str| Some(format!("{name}: {text}"));
    Sections {
        summary: s("summary"),
        impact: s("impact"),
        timeline: s("timeline"),
        related_incidents: s("related"),
        root_cause_analysis: s("rca"),
        lessons_went_well: s("well"),
        lessons_went_badly: s("badly"),
        lessons_got_lucky: s("lucky"),
        lessons_additional: Some("N/A".into()),
        action_items: s("actions"),
        appendix: s("appendix"),
    }
}

fn preliminary() -> NewIncident {
    NewIncident {
        title: format!("CPS not updated within 365 days {NASTY}"),
        link: Some("https://bugzilla.mozilla.org/show_bug.cgi?id=1934567".into()),
        sections: Sections {
            summary: Some(format!("- **Incident description:** {NASTY}")),
            ..Sections::default()
        },
        ..NewIncident::default()
    }
}

async fn overdue(reg: &Registry, as_of: &str) -> Vec<String> {
    registry::check(
        reg,
        &CheckOptions {
            owner: None,
            as_of: common::day(as_of),
            lint: false,
        },
        &lint::Linter::new(),
    )
    .await
    .unwrap()
    .into_iter()
    .filter(|f| f.code == "registry.incident.update_overdue")
    .map(|f| f.location)
    .collect()
}

fn refused_as(e: &Error) -> &'static str {
    match e {
        Error::Incident(IncidentError::Forbidden { .. }) => "forbidden",
        Error::Incident(IncidentError::Closed(_)) => "closed",
        Error::Incident(IncidentError::Exists(_)) => "exists",
        Error::Incident(IncidentError::Incomplete(_)) => "incomplete",
        Error::BadInput { .. } => "bad input",
        Error::NotFound(_) => "not found",
        Error::Conflict(_) => "conflict",
        _ => "other",
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn filed_updated_overdue_and_closed() {
    for (backend, reg) in common::backends("incidents-life").await {
        let filed = reg
            .file_incident(&member(), &preliminary(), &at("2025-01-10"))
            .await
            .unwrap();
        let id = filed.incident.id.clone();
        let i = &filed.incident;
        assert_eq!(i.owner, SECOM, "{backend}: the member's own owner");
        assert_eq!(i.status, "open");
        assert_eq!(i.opened.as_deref(), Some("2025-01-10"));
        assert_eq!(
            i.next_update.as_deref(),
            Some("2025-01-17"),
            "7 days when none is given"
        );
        // Text is stored exactly as given, markup and all.
        assert!(i.title.ends_with(NASTY), "{}", i.title);
        assert_eq!(
            filed.sections.summary.as_deref(),
            Some(format!("- **Incident description:** {NASTY}").as_str())
        );
        assert_eq!(filed.filed_by.as_deref(), Some("member@secom"));
        assert_eq!(filed.filed_at, Some(common::day("2025-01-10")));
        assert_eq!(filed.updates.len(), 1);
        assert_eq!(filed.updates[0].kind, EntryKind::Filed);
        assert_eq!(filed.updates[0].revised, vec!["summary"]);
        assert_eq!(filed.sections.missing().len(), 10);
        // The list, the one report and the history agree.
        let listed = reg.incidents().await.unwrap();
        assert_eq!(listed, vec![filed.incident.clone()]);
        assert_eq!(reg.incident_report(&id).await.unwrap(), filed);
        assert_eq!(reg.history("incident", &id).await.unwrap().len(), 1);

        // Overdue after its next-update date, by the one compliance check.
        assert!(overdue(&reg, "2025-01-17").await.is_empty(), "{backend}");
        let late = overdue(&reg, "2025-01-18").await;
        assert_eq!(late.len(), 1, "{backend}");
        assert!(late[0].contains(&id), "{late:?}");

        // An update with revised sections, by the owner's member.
        let upd = NewUpdate {
            text: format!("Impact assessed. {NASTY}"),
            next_update: Some("2025-02-01".into()),
            sections: Sections {
                impact: Some(format!("Total number of certificates: 0 {NASTY}")),
                ..Sections::default()
            },
            version: Some(filed.version),
            ..NewUpdate::default()
        };
        let r = reg
            .update_incident(&id, &member(), &upd, &at("2025-01-18"))
            .await
            .unwrap();
        assert_eq!(r.incident.next_update.as_deref(), Some("2025-02-01"));
        assert_eq!(r.version, filed.version + 1);
        let u = &r.updates[1];
        assert_eq!(
            (u.kind, u.author.as_str(), u.role, u.at),
            (
                EntryKind::Update,
                "member@secom",
                Role::OwnerMember,
                common::day("2025-01-18")
            )
        );
        assert_eq!(u.text, upd.text);
        assert_eq!(u.revised, vec!["impact"]);
        assert_eq!(u.next_update.as_deref(), Some("2025-02-01"));
        assert_eq!(r.sections.summary, filed.sections.summary, "untouched");
        assert!(overdue(&reg, "2025-01-20").await.is_empty(), "{backend}");
        let h = reg.history("incident", &id).await.unwrap();
        assert_eq!(h.len(), 2);
        assert_eq!(h[1].source, "incident update by member@secom");
        assert_eq!(
            h[1].changes["next_update"],
            serde_json::json!(["2025-01-17", "2025-02-01"])
        );
        assert!(h[1].changes.get("impact").is_some(), "{:?}", h[1].changes);

        // The same stale version again is a lost update: refused.
        let e = reg
            .update_incident(&id, &member(), &upd, &at("2025-01-19"))
            .await
            .unwrap_err();
        assert_eq!(refused_as(&e), "conflict", "{e}");
        // No text, a past date, another owner's member, the public: refused.
        for (who, u, why) in [
            (
                member(),
                NewUpdate {
                    text: "  ".into(),
                    ..NewUpdate::default()
                },
                "bad input",
            ),
            (
                member(),
                NewUpdate {
                    text: "x".into(),
                    next_update: Some("2025-01-01".into()),
                    ..NewUpdate::default()
                },
                "bad input",
            ),
            (
                other(),
                NewUpdate {
                    text: "x".into(),
                    ..NewUpdate::default()
                },
                "forbidden",
            ),
            (
                actor("reader", Role::Public, None),
                NewUpdate {
                    text: "x".into(),
                    ..NewUpdate::default()
                },
                "forbidden",
            ),
            (
                actor("auditor", Role::Auditor, None),
                NewUpdate {
                    text: "x".into(),
                    ..NewUpdate::default()
                },
                "forbidden",
            ),
        ] {
            let e = reg
                .update_incident(&id, &who, &u, &at("2025-01-19"))
                .await
                .unwrap_err();
            assert_eq!(refused_as(&e), why, "{backend} {}: {e}", who.name);
        }
        assert_eq!(
            reg.incident_report(&id).await.unwrap().updates.len(),
            2,
            "refusals change nothing"
        );

        // Closing: a summary is required, and every section.
        let close = |summary: &str| Closing {
            summary: summary.into(),
            version: None,
        };
        let e = reg
            .close_incident(&id, &manager(), &close(" "), &at("2025-01-20"))
            .await
            .unwrap_err();
        assert_eq!(refused_as(&e), "bad input", "{e}");
        let e = reg
            .close_incident(&id, &manager(), &close("done"), &at("2025-01-20"))
            .await
            .unwrap_err();
        assert_eq!(refused_as(&e), "incomplete", "{e}");
        assert!(e.to_string().contains("Root Cause Analysis"), "{e}");
        let e = reg
            .close_incident(&id, &other(), &close("done"), &at("2025-01-20"))
            .await
            .unwrap_err();
        assert_eq!(refused_as(&e), "forbidden", "{e}");
        // The program writes the rest in an update, then closes.
        reg.update_incident(
            &id,
            &manager(),
            &NewUpdate {
                text: "Full report".into(),
                sections: every_section(NASTY),
                ..NewUpdate::default()
            },
            &at("2025-01-21"),
        )
        .await
        .unwrap();
        let summary = format!("All action items complete. {NASTY}");
        let c = reg
            .close_incident(&id, &manager(), &close(&summary), &at("2025-02-10"))
            .await
            .unwrap();
        assert_eq!(c.incident.status, "closed");
        assert_eq!(c.incident.closed.as_deref(), Some("2025-02-10"));
        assert_eq!(c.closed_by.as_deref(), Some("manager"));
        assert_eq!(c.closed_at, Some(common::day("2025-02-10")));
        assert_eq!(c.closing_summary.as_deref(), Some(summary.as_str()));
        let last = c.updates.last().unwrap();
        assert_eq!(
            (last.kind, last.author.as_str(), last.text.as_str()),
            (EntryKind::Closed, "manager", summary.as_str())
        );
        assert!(
            overdue(&reg, "2026-01-01").await.is_empty(),
            "closed incidents are never overdue"
        );
        // Closed: no more updates, no second closing.
        let e = reg
            .update_incident(
                &id,
                &member(),
                &NewUpdate {
                    text: "x".into(),
                    ..NewUpdate::default()
                },
                &at("2025-02-11"),
            )
            .await
            .unwrap_err();
        assert_eq!(refused_as(&e), "closed", "{e}");
        let e = reg
            .close_incident(&id, &member(), &close("again"), &at("2025-02-11"))
            .await
            .unwrap_err();
        assert_eq!(refused_as(&e), "closed", "{e}");
        // The Markdown for Bugzilla carries every section and the closure.
        let md = c.to_markdown();
        assert!(md.contains("### Root Cause Analysis\n\nrca: "), "{md}");
        assert!(md.contains("### Report Closure Summary"), "{md}");
        assert_eq!(
            Sections::from_markdown(&c.sections.to_markdown()).unwrap(),
            c.sections
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn who_files_and_what_filing_needs() {
    for (backend, reg) in common::backends("incidents-file").await {
        let c = at("2025-01-10");
        let mut for_secom = preliminary();
        for_secom.owner = Some(SECOM.into());
        for (who, new, why) in [
            (other(), for_secom.clone(), "forbidden"),
            (
                actor("reader", Role::Public, None),
                for_secom.clone(),
                "forbidden",
            ),
            (
                actor("auditor", Role::Auditor, None),
                for_secom.clone(),
                "forbidden",
            ),
            (manager(), preliminary(), "bad input"),
            (
                member(),
                NewIncident {
                    sections: Sections::default(),
                    ..preliminary()
                },
                "bad input",
            ),
            (
                member(),
                NewIncident {
                    title: " ".into(),
                    ..preliminary()
                },
                "bad input",
            ),
            (
                member(),
                NewIncident {
                    id: Some("../etc".into()),
                    ..preliminary()
                },
                "bad input",
            ),
            (
                member(),
                NewIncident {
                    link: Some("javascript:alert(1)".into()),
                    ..preliminary()
                },
                "bad input",
            ),
            (
                member(),
                NewIncident {
                    next_update: Some("2025-01-09".into()),
                    ..preliminary()
                },
                "bad input",
            ),
        ] {
            let e = reg.file_incident(&who, &new, &c).await.unwrap_err();
            assert_eq!(refused_as(&e), why, "{backend} {}: {e}", who.name);
        }
        assert!(reg.incidents().await.unwrap().is_empty(), "{backend}");
        // The program files for any owner, under the Bugzilla bug number.
        let r = reg
            .file_incident(
                &manager(),
                &NewIncident {
                    id: Some("1934567".into()),
                    owner: Some("Cybertrust Japan Co., Ltd.".into()),
                    next_update: Some("2025-01-10".into()),
                    ..preliminary()
                },
                &c,
            )
            .await
            .unwrap();
        assert_eq!(r.incident.id, "1934567");
        assert_eq!(r.incident.next_update.as_deref(), Some("2025-01-10"));
        let e = reg
            .file_incident(
                &manager(),
                &NewIncident {
                    id: Some("1934567".into()),
                    owner: Some(SECOM.into()),
                    ..preliminary()
                },
                &c,
            )
            .await
            .unwrap_err();
        assert_eq!(refused_as(&e), "exists", "{e}");
        // Generated ids differ.
        let a = reg
            .file_incident(&member(), &preliminary(), &c)
            .await
            .unwrap();
        let b = reg
            .file_incident(&member(), &preliminary(), &at("2025-01-11"))
            .await
            .unwrap();
        assert_ne!(a.incident.id, b.incident.id);
        assert_eq!(reg.incidents().await.unwrap().len(), 3);
        let e = reg
            .update_incident(
                "nope",
                &manager(),
                &NewUpdate {
                    text: "x".into(),
                    ..NewUpdate::default()
                },
                &c,
            )
            .await
            .unwrap_err();
        assert_eq!(refused_as(&e), "not found", "{e}");
    }
}

/// Links to requests: made by those who may change the incident and see
/// the request; a draft's link is shown only to who may see the draft.
#[tokio::test(flavor = "multi_thread")]
async fn links_to_requests_do_not_reveal_drafts() {
    for (backend, reg) in common::backends("incidents-links").await {
        let c = at("2025-01-10");
        let draft = reg
            .create_request(&member(), Items::default(), &c)
            .await
            .unwrap();
        let other_draft = reg
            .create_request(&other(), Items::default(), &c)
            .await
            .unwrap();
        // Another owner's draft cannot be linked: answered as absent.
        let mut new = preliminary();
        new.requests = vec![other_draft.id.clone()];
        let e = reg.file_incident(&member(), &new, &c).await.unwrap_err();
        assert_eq!(refused_as(&e), "not found", "{backend}: {e}");
        new.requests = vec!["R404".into()];
        let e = reg.file_incident(&member(), &new, &c).await.unwrap_err();
        assert_eq!(refused_as(&e), "not found", "{backend}: {e}");
        assert!(
            reg.incidents().await.unwrap().is_empty(),
            "nothing half-filed"
        );
        // The owner's own draft can.
        new.requests = vec![draft.id.clone(), draft.id.clone()];
        let r = reg.file_incident(&member(), &new, &c).await.unwrap();
        let id = r.incident.id.clone();
        assert_eq!(r.requests.len(), 1);
        assert_eq!(r.requests[0].request_id, draft.id);
        assert_eq!(r.requests[0].state, State::Draft);
        assert_eq!(r.requests[0].linked_by, "member@secom");
        let public = actor("reader", Role::Public, None);
        for who in [None, Some(&public), Some(&other())] {
            assert!(
                r.clone().visible_to(who).requests.is_empty(),
                "{backend}: a draft link is hidden from {who:?}"
            );
        }
        assert_eq!(r.clone().visible_to(Some(&member())).requests.len(), 1);
        assert_eq!(r.clone().visible_to(Some(&manager())).requests.len(), 1);
        // The request side.
        let linked = reg.incidents_of_request(&draft.id).await.unwrap();
        assert_eq!(linked.len(), 1);
        assert_eq!(linked[0].id, id);
        assert!(
            reg.incidents_of_request(&other_draft.id)
                .await
                .unwrap()
                .is_empty()
        );

        // Once submitted, the request is public and so is the link.
        let items = Items {
            operator_legal_name: Some("Cybertrust Japan Co., Ltd.".into()),
            operator_website: Some("https://www.cybertrust.co.jp/".into()),
            root_sha256: Some("AB".repeat(32)),
            new_subca_name: Some("G5".into()),
            certificate_sha256: Some("CD".repeat(32)),
            cp_cps: Some(registry::workflow::DocumentRef {
                url: "https://example.test/cps".into(),
                version: "1".into(),
                date: "2024-11-01".into(),
            }),
            audits: vec!["https://example.test/audit".into()],
            self_assessment: Some(registry::workflow::SelfAssessment {
                file_sha256: "EF".repeat(32),
                date: "2024-10-15".into(),
                template_version: "2024".into(),
            }),
            value_justification: Some("needed".into()),
            incidents: Some(vec![id.clone()]),
            ..Items::default()
        };
        let (_, v) = reg.request(&draft.id).await.unwrap();
        reg.update_request_items(&draft.id, &member(), items, "complete", v, &c)
            .await
            .unwrap();
        let (_, v) = reg.request(&draft.id).await.unwrap();
        reg.apply_request_action(&draft.id, &member(), &Action::Submit, "filing", v, &c)
            .await
            .unwrap();
        let r = reg.incident_report(&id).await.unwrap();
        assert_eq!(r.requests[0].state, State::Submitted);
        assert_eq!(r.visible_to(None).requests.len(), 1, "{backend}");
        // The program links another owner's draft through an update; the
        // public still sees only the submitted one.
        let r = reg
            .update_incident(
                &id,
                &manager(),
                &NewUpdate {
                    text: "also concerns".into(),
                    requests: vec![other_draft.id.clone()],
                    ..NewUpdate::default()
                },
                &c,
            )
            .await
            .unwrap();
        assert_eq!(r.requests.len(), 2);
        let seen: Vec<_> = r
            .clone()
            .visible_to(None)
            .requests
            .into_iter()
            .map(|l| l.request_id)
            .collect();
        assert_eq!(seen, vec![draft.id.clone()], "{backend}");
        assert_eq!(r.visible_to(Some(&other())).requests.len(), 2);
    }
}

/// Updates posted at once all land, each with its own place in the timeline.
#[tokio::test(flavor = "multi_thread")]
async fn concurrent_updates_queue() {
    for (backend, reg) in common::backends("incidents-race").await {
        let c = at("2025-01-10");
        let r = reg
            .file_incident(&member(), &preliminary(), &c)
            .await
            .unwrap();
        let id = r.incident.id;
        let mut tasks = Vec::new();
        for n in 0..8 {
            let reg = reg.clone();
            let id = id.clone();
            tasks.push(tokio::spawn(async move {
                reg.update_incident(
                    &id,
                    &member(),
                    &NewUpdate {
                        text: format!("update {n}"),
                        sections: Sections {
                            timeline: Some(format!("timeline {n}")),
                            ..Sections::default()
                        },
                        ..NewUpdate::default()
                    },
                    &FixedClock(common::day("2025-01-11") + n),
                )
                .await
            }));
        }
        for t in tasks {
            t.await.unwrap().unwrap();
        }
        let r = reg.incident_report(&id).await.unwrap();
        assert_eq!(r.updates.len(), 9, "{backend}");
        let seqs: Vec<i64> = r.updates.iter().map(|u| u.seq).collect();
        assert_eq!(seqs, (0..9).collect::<Vec<_>>());
        // Each update revised the timeline; the history has each version.
        assert_eq!(r.version, 9, "{backend}");
        assert_eq!(reg.history("incident", &id).await.unwrap().len(), 9);
    }
}
