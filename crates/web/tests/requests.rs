//! The sub-CA request workflow over HTTP, replaying the case with the real
//! certificates: SECOM's member files the request for SureMail CA G5, the
//! automatic review shows the profile, the chain to RootCA2 and the
//! fingerprint; the manager runs the public discussion from 2024-12-18 to
//! 2025-01-10 (clock injected) and approves under MRSP 8.4; registration
//! with a wrong fingerprint is refused and with the right one accepted; the
//! key generation report is attached; the request completes. Plus who may
//! do what, CSRF on cookie sessions, and malformed input.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{TestClock, call, day, form_post, send};
use registry::workflow::Role;
use registry::{FixedClock, Registry};
use serde_json::{Value, json};

const G5: &str = "995C3C64F32348142BF1EBEAF7370781A1C30682DE02AD85FB2700CE1395F737";
const SECOM: &str = "SECOM Trust Systems CO., LTD.";

struct World {
    app: axum::Router,
    clock: Arc<TestClock>,
    manager: String,
    member: String,
    other_member: String,
    public: String,
}

async fn world() -> Option<World> {
    let dir = common::corpus("secom")?;
    let reg = Registry::open(&common::temp_db("requests")).await.unwrap();
    let c = FixedClock(day("2024-11-01"));
    for f in [
        "Security_Communication_RootCA2.pem",
        "Cybertrust_Japan_SureMail_CA_G5.pem",
    ] {
        reg.import_pem(&dir.join(f), &c, Default::default())
            .await
            .unwrap();
    }
    let mut tokens = common::accounts(
        &reg,
        &c,
        &[
            ("manager", Role::ProgramManager, None),
            ("member@secom", Role::OwnerMember, Some(SECOM)),
            ("member@other", Role::OwnerMember, Some("Other CA")),
            ("reader", Role::Public, None),
        ],
    )
    .await
    .into_iter();
    let mut next = || tokens.next().unwrap();
    let (manager, member, other_member, public) = (next(), next(), next(), next());
    let clock = TestClock::at(day("2024-11-20"));
    let app = web::router(web::AppState::new(Some(reg), clock.clone()));
    Some(World {
        app,
        clock,
        manager,
        member,
        other_member,
        public,
    })
}

fn items() -> Value {
    json!({
        "operator_legal_name": "Cybertrust Japan Co., Ltd.",
        "operator_website": "https://www.cybertrust.co.jp/",
        "root_sha256": "513B2CECB810D4CDE5DD85391ADFC6C2DD60D87BB736D2B521484AA47A0EBEF6",
        "new_subca_name": "Cybertrust Japan SureMail CA G5",
        "certificate_sha256": G5.to_lowercase(),
        "cp_cps": {"url": "https://www.cybertrust.co.jp/ssl/repository/", "version": "1.0", "date": "2024-11-01"},
        "audits": ["WebTrust for CAs 2024", "WebTrust S/MIME 2024"],
        "self_assessment": {"file_sha256": "AB".repeat(32), "date": "2024-10-15", "template_version": "2024"},
        "root_operator_review": "CPS and audits reviewed <b>no findings</b>",
        "value_justification": "S/MIME for Japanese enterprises; '; DROP TABLE requests; --",
        "incidents": []
    })
}

async fn act(w: &World, id: &str, token: &str, action: Value, reason: &str) -> common::Answer {
    let v = send(
        &w.app,
        call("GET", &format!("/api/v1/requests/{id}"), Some(token), None),
    )
    .await;
    let version = v.json()["version"].as_i64().unwrap_or(0);
    let body = json!({"action": action, "reason": reason, "version": version});
    send(
        &w.app,
        call(
            "POST",
            &format!("/api/v1/requests/{id}/actions"),
            Some(token),
            Some(body),
        ),
    )
    .await
}

/// One action at `when` (the clock moved there first), which must succeed.
async fn step(w: &World, id: &str, who: &str, action: Value, reason: &str, when: &str) {
    w.clock.set(day(when));
    let a = act(w, id, who, action.clone(), reason).await;
    assert_eq!(a.status, StatusCode::OK, "{action}: {}", a.body);
}

/// The case's way into public discussion: SECOM's member submits on
/// 2024-11-20, reviews as the root operator and forwards to the program;
/// the manager opens the discussion on 2024-12-18 until 2025-01-10.
async fn into_discussion(w: &World, id: &str) {
    for (who, action, reason, when) in [
        (
            &w.member,
            json!({"action": "submit"}),
            "filing",
            "2024-11-20",
        ),
        (
            &w.member,
            json!({"action": "begin_root_operator_review"}),
            "reviewing",
            "2024-11-21",
        ),
        (
            &w.member,
            json!({"action": "forward_to_program"}),
            "review done",
            "2024-11-25",
        ),
        (
            &w.manager,
            json!({"action": "open_discussion", "planned_end": day("2025-01-10")}),
            "MRSP 8.4 applies",
            "2024-12-18",
        ),
    ] {
        step(w, id, who, action, reason, when).await;
    }
}

#[tokio::test]
async fn the_case_end_to_end() {
    let Some(w) = world().await else { return };
    let a = send(
        &w.app,
        call("POST", "/api/v1/requests", Some(&w.member), Some(items())),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    let v = a.json();
    let id = v["request"]["id"].as_str().unwrap().to_owned();
    // The automatic review: complete, linted as an S/MIME sub-CA, chains to RootCA2, fingerprint.
    let r = &v["review"];
    assert_eq!(r["missing"], json!([]));
    assert_eq!(r["certificate_sha256"], G5);
    assert_eq!(r["lint"]["profile"], "smime-subca");
    assert_eq!(r["chains_to_root"], true);
    // Validated as a path (RFC 5280 section 6) for S/MIME, not only linked.
    assert_eq!(r["chain"]["valid"], true, "{r}");
    assert_eq!(r["chain"]["purpose"], "smime");
    assert!(
        r["chain"]["path"][1]
            .as_str()
            .unwrap()
            .contains("Security Communication RootCA2")
    );
    // Cybertrust Japan has no other S/MIME CA in this registry: MRSP 8.4 applies.
    assert_eq!(r["mrsp_8_4"]["certificate_type"], "email", "{r}");
    assert!(
        r["mrsp_8_4"]["conclusion"]
            .as_str()
            .unwrap()
            .starts_with("MRSP 8.4 applies"),
        "{r}"
    );

    into_discussion(&w, &id).await;
    // Cannot close early.
    w.clock.set(day("2025-01-09"));
    let a = act(
        &w,
        &id,
        &w.manager,
        json!({"action": "approve", "section": "MRSP 8.4"}),
        "ok",
    )
    .await;
    assert_eq!(a.status, StatusCode::CONFLICT);
    assert!(
        a.json()["error"]
            .as_str()
            .unwrap()
            .contains("cannot close early")
    );
    w.clock.set(day("2025-01-10"));
    let a = act(
        &w,
        &id,
        &w.manager,
        json!({"action": "approve", "section": "MRSP 8.4"}),
        "no objections",
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    // Registration: wrong fingerprint refused, right one accepted.
    w.clock.set(day("2025-01-15"));
    let wrong = "00".repeat(32);
    let a = act(
        &w,
        &id,
        &w.member,
        json!({"action": "register", "sha256": wrong}),
        "registered",
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    let a = act(
        &w,
        &id,
        &w.member,
        json!({"action": "register", "sha256": G5}),
        "registered in CCADB",
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    w.clock.set(day("2025-01-20"));
    // The report must be uploaded before it is cited.
    let a = act(
        &w,
        &id,
        &w.member,
        json!({"action": "attach_key_generation_report", "sha256": "CD".repeat(32)}),
        "report",
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    let up = Request::post("/api/v1/attachments?filename=SureMail_G5_key_generation_report.pdf")
        .header("authorization", format!("Bearer {}", w.member))
        .header("content-type", "application/pdf")
        .body(Body::from(
            "%PDF-1.7\nkey generation report of SureMail CA G5\n",
        ))
        .unwrap();
    let up = send(&w.app, up).await;
    assert_eq!(up.status, StatusCode::CREATED, "{}", up.body);
    let report_sha = up.json()["sha256"].as_str().unwrap().to_owned();
    let a = act(
        &w,
        &id,
        &w.member,
        json!({"action": "attach_key_generation_report", "sha256": report_sha}),
        "auditor's key generation report",
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let a = act(&w, &id, &w.manager, json!({"action": "complete"}), "done").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let v = a.json();
    assert_eq!(v["request"]["state"], "complete");
    let steps: Vec<_> = v["request"]["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        steps,
        [
            "submit",
            "begin_root_operator_review",
            "forward_to_program",
            "open_discussion",
            "approve",
            "register",
            "attach_key_generation_report",
            "complete"
        ]
    );
    assert_eq!(v["request"]["discussion_start"], day("2024-12-18"));
    assert_eq!(v["request"]["discussion_end"], day("2025-01-10"));

    // The page shows the review and the timeline, hostile text escaped and stored intact.
    let a = send(&w.app, call("GET", &format!("/requests/{id}"), None, None)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(a.body.contains("Chains to the named root"));
    assert!(a.body.contains("Lint report (profile smime-subca)"));
    assert!(a.body.contains("&lt;b&gt;no findings&lt;/b&gt;"));
    assert!(!a.body.contains("<b>no findings"));
    assert!(a.body.contains("2024-12-18"));
    assert_eq!(
        v["request"]["items"]["value_justification"],
        "S/MIME for Japanese enterprises; '; DROP TABLE requests; --"
    );
}

#[tokio::test]
async fn who_may_do_what() {
    let Some(w) = world().await else { return };
    let a = send(
        &w.app,
        call("POST", "/api/v1/requests", Some(&w.member), Some(items())),
    )
    .await;
    let id = a.json()["request"]["id"].as_str().unwrap().to_owned();
    let uri = format!("/api/v1/requests/{id}");
    // A draft: its owner's members and the manager see it; nobody else, not even in the list.
    for (tok, status) in [
        (Some(&w.member), StatusCode::OK),
        (Some(&w.manager), StatusCode::OK),
        (Some(&w.other_member), StatusCode::NOT_FOUND),
        (Some(&w.public), StatusCode::NOT_FOUND),
        (None, StatusCode::NOT_FOUND),
    ] {
        let a = send(&w.app, call("GET", &uri, tok.map(String::as_str), None)).await;
        assert_eq!(a.status, status, "{tok:?}");
        let l = send(
            &w.app,
            call("GET", "/api/v1/requests", tok.map(String::as_str), None),
        )
        .await;
        assert_eq!(
            l.json().as_array().unwrap().len(),
            usize::from(status == StatusCode::OK),
            "{tok:?}"
        );
        let page = send(
            &w.app,
            call(
                "GET",
                &format!("/requests/{id}"),
                tok.map(String::as_str),
                None,
            ),
        )
        .await;
        assert_eq!(page.status, status, "{tok:?}");
    }
    // Another owner's member cannot change it (it does not exist for them); the public cannot file.
    let a = act(
        &w,
        &id,
        &w.other_member,
        json!({"action": "withdraw"}),
        "mine",
    )
    .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    let a = send(
        &w.app,
        call(
            "PUT",
            &format!("{uri}/items?version=1"),
            Some(&w.other_member),
            Some(items()),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    let a = send(
        &w.app,
        call("POST", "/api/v1/requests", Some(&w.public), Some(items())),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.body);
    let a = send(
        &w.app,
        call("POST", "/api/v1/requests", None, Some(items())),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    // The manager may read but not submit the owner's draft.
    let a = act(&w, &id, &w.manager, json!({"action": "submit"}), "x").await;
    assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.body);
    // Once submitted, the public may read it.
    let a = act(&w, &id, &w.member, json!({"action": "submit"}), "filing").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let a = send(&w.app, call("GET", &uri, None, None)).await;
    assert_eq!(a.status, StatusCode::OK);
    // A stale version is a conflict.
    let body = json!({"action": {"action": "withdraw"}, "reason": "x", "version": 1});
    let a = send(
        &w.app,
        call(
            "POST",
            &format!("{uri}/actions"),
            Some(&w.member),
            Some(body),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::CONFLICT, "{}", a.body);
    // A bad token is refused outright.
    let a = send(&w.app, call("GET", &uri, Some("nonsense"), None)).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn sessions_need_csrf_tokens_and_sign_in_is_rate_limited() {
    let Some(w) = world().await else { return };
    let form = |n: &str, p: &str| {
        Request::post("/signin")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(format!(
                "name={n}&password={}",
                p.replace(' ', "+")
            )))
            .unwrap()
    };
    let a = send(&w.app, form("member%40secom", "a long enough password")).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let cookie = a.headers["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let session = cookie.split(';').next().unwrap().to_owned();
    // The list page shows the CSRF token in the sign-out form.
    let a = send(
        &w.app,
        Request::get("/requests")
            .header("cookie", &session)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(a.body.contains("Signed in as member@secom"), "{}", a.body);
    let csrf = a
        .body
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let post = |csrf: Option<&str>| {
        let mut b = Request::post("/api/v1/requests")
            .header("cookie", &session)
            .header("content-type", "application/json");
        if let Some(c) = csrf {
            b = b.header("x-csrf-token", c);
        }
        b.body(Body::from(items().to_string())).unwrap()
    };
    assert_eq!(send(&w.app, post(None)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        send(&w.app, post(Some("wrong"))).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        send(&w.app, post(Some(&csrf))).await.status,
        StatusCode::CREATED
    );
    // Sign-out needs the token too.
    let out = |c: &str| {
        Request::post("/signout")
            .header("cookie", &session)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(format!("csrf={c}")))
            .unwrap()
    };
    assert_eq!(
        send(&w.app, out("wrong")).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(send(&w.app, out(&csrf)).await.status, StatusCode::SEE_OTHER);
    assert_eq!(
        send(&w.app, post(Some(&csrf))).await.status,
        StatusCode::UNAUTHORIZED,
        "session ended"
    );

    // Five wrong passwords, then even the right one is refused for a while.
    for _ in 0..web::MAX_SIGNIN_FAILURES {
        assert_eq!(
            send(&w.app, form("manager", "wrong password!!"))
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        send(&w.app, form("manager", "a long enough password"))
            .await
            .status,
        StatusCode::TOO_MANY_REQUESTS
    );
    w.clock.advance(15 * 60);
    assert_eq!(
        send(&w.app, form("manager", "a long enough password"))
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn malformed_bodies_are_refused_clearly() {
    let Some(w) = world().await else { return };
    let raw = |body: &str| {
        Request::post("/api/v1/requests")
            .header("authorization", format!("Bearer {}", w.member))
            .header("content-type", "application/json")
            .body(Body::from(body.to_owned()))
            .unwrap()
    };
    for (body, needle) in [
        ("{", "EOF"),
        ("{\"colour\": \"red\"}", "unknown field `colour`"),
        ("{\"audits\": \"not a list\"}", "invalid type"),
        ("[]", "invalid length 0"),
    ] {
        let a = send(&w.app, raw(body)).await;
        assert!(a.status.is_client_error(), "{body}: {}", a.status);
        let msg = a.json()["error"].as_str().unwrap().to_owned();
        assert!(msg.contains(needle), "{body}: {msg}");
    }
    let a = send(
        &w.app,
        call("POST", "/api/v1/requests", Some(&w.member), Some(items())),
    )
    .await;
    let id = a.json()["request"]["id"].as_str().unwrap().to_owned();
    let bad = json!({"action": {"action": "teleport"}, "reason": "x", "version": 1});
    let a = send(
        &w.app,
        call(
            "POST",
            &format!("/api/v1/requests/{id}/actions"),
            Some(&w.member),
            Some(bad),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(
        a.json()["error"]
            .as_str()
            .unwrap()
            .contains("unknown variant `teleport`"),
        "{}",
        a.body
    );
    let a = send(
        &w.app,
        call("GET", "/api/v1/requests/no-such", Some(&w.manager), None),
    )
    .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
}

/// Signs in through the form; returns the cookie pair and the CSRF token.
async fn sign_in(w: &World, name: &str) -> (String, String) {
    common::sign_in(&w.app, name, "/requests").await
}

/// Without JavaScript: the page's forms submit, comment and act, each with
/// the CSRF token; the public comments during the discussion only.
#[tokio::test]
async fn pages_act_and_comment_through_forms() {
    let Some(w) = world().await else { return };
    let a = send(
        &w.app,
        call("POST", "/api/v1/requests", Some(&w.member), Some(items())),
    )
    .await;
    let id = a.json()["request"]["id"].as_str().unwrap().to_owned();
    let uri = format!("/requests/{id}");
    let (member, member_csrf) = sign_in(&w, "member@secom").await;

    let page = send(
        &w.app,
        Request::get(&uri)
            .header("cookie", &member)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(
        page.body.contains("value=\"submit\""),
        "the member is offered Submit"
    );
    let version = page
        .body
        .split("name=\"version\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    // Without the CSRF token: refused, nothing changes.
    let a = send(
        &w.app,
        form_post(
            &uri,
            &member,
            &[
                ("action", "submit"),
                ("reason", "go"),
                ("version", &version),
            ],
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let a = send(
        &w.app,
        form_post(
            &uri,
            &member,
            &[
                ("csrf", &member_csrf),
                ("action", "submit"),
                ("reason", "go"),
                ("version", &version),
            ],
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let a = send(
        &w.app,
        call(
            "GET",
            &format!("/api/v1/requests/{id}"),
            Some(&w.member),
            None,
        ),
    )
    .await;
    assert_eq!(a.json()["request"]["state"], "submitted");
    // A stale version from the form is a conflict page, not a silent overwrite.
    let a = send(
        &w.app,
        form_post(
            &uri,
            &member,
            &[
                ("csrf", &member_csrf),
                ("action", "withdraw"),
                ("reason", "x"),
                ("version", &version),
            ],
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::CONFLICT);
    assert!(a.body.contains("changed by someone else"), "{}", a.body);

    // The member comments; the public may not yet.
    let hostile = "<img src=x onerror=alert(1)>";
    let a = send(
        &w.app,
        form_post(
            &uri,
            &member,
            &[("csrf", &member_csrf), ("comment", hostile)],
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let (reader, reader_csrf) = sign_in(&w, "reader").await;
    let a = send(
        &w.app,
        form_post(
            &uri,
            &reader,
            &[("csrf", &reader_csrf), ("comment", "hello")],
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.body);
    let body = json!({"body": "hello"});
    let a = send(
        &w.app,
        call(
            "POST",
            &format!("/api/v1/requests/{id}/comments"),
            Some(&w.public),
            Some(body.clone()),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);

    // Into public discussion; now the public comments.
    act(
        &w,
        &id,
        &w.member,
        json!({"action": "begin_root_operator_review"}),
        "r",
    )
    .await;
    let mut it = items();
    it["root_operator_review"] = json!("fine");
    let v = send(
        &w.app,
        call(
            "GET",
            &format!("/api/v1/requests/{id}"),
            Some(&w.member),
            None,
        ),
    )
    .await
    .json()["version"]
        .as_i64()
        .unwrap();
    let a = send(
        &w.app,
        call(
            "PUT",
            &format!("/api/v1/requests/{id}/items?version={v}"),
            Some(&w.member),
            Some(it),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    act(
        &w,
        &id,
        &w.member,
        json!({"action": "forward_to_program"}),
        "f",
    )
    .await;
    let a = act(
        &w,
        &id,
        &w.manager,
        json!({"action": "open_discussion"}),
        "open",
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let a = send(
        &w.app,
        call(
            "POST",
            &format!("/api/v1/requests/{id}/comments"),
            Some(&w.public),
            Some(body),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    let a = send(
        &w.app,
        form_post(&uri, &reader, &[("csrf", &reader_csrf), ("comment", "   ")]),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);

    let page = send(&w.app, Request::get(&uri).body(Body::empty()).unwrap()).await;
    assert!(page.body.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(!page.body.contains("<img src=x"));
    assert!(page.body.contains("<strong>reader</strong> (public)"));
    let v = send(
        &w.app,
        call("GET", &format!("/api/v1/requests/{id}"), None, None),
    )
    .await
    .json();
    assert_eq!(v["comments"][0]["body"], hostile, "stored intact");
    assert_eq!(v["comments"].as_array().unwrap().len(), 2);
}

/// The compliance dashboard: the program sees every owner, a member only
/// their own, the public nothing; the date is a parameter.
#[tokio::test]
async fn dashboard_by_role() {
    let Some(w) = world().await else { return };
    let a = send(
        &w.app,
        call(
            "GET",
            "/api/v1/dashboard?as_of=2026-03-01",
            Some(&w.manager),
            None,
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let all = a.json();
    let total: usize = all
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["findings"].as_array().unwrap().len())
        .sum();
    assert!(
        total > 0,
        "the case's registry has findings as of 2026-03-01: {}",
        a.body
    );
    for f in all
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["findings"].as_array().unwrap())
    {
        assert!(
            !f["citation"].as_str().unwrap().is_empty(),
            "every finding cites its source"
        );
    }
    let a = send(
        &w.app,
        call(
            "GET",
            "/api/v1/dashboard?as_of=2026-03-01",
            Some(&w.other_member),
            None,
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.json(), json!([]), "Other CA owns nothing here");
    let a = send(
        &w.app,
        call("GET", "/api/v1/dashboard", Some(&w.public), None),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let a = send(&w.app, call("GET", "/api/v1/dashboard", None, None)).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    let a = send(
        &w.app,
        call(
            "GET",
            "/api/v1/dashboard?as_of=yesterday",
            Some(&w.manager),
            None,
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    let a = send(
        &w.app,
        call("GET", "/dashboard?as_of=2026-03-01", Some(&w.manager), None),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains("<table class=\"findings\">"), "{}", a.body);
}

/// Filing through the page form: the root is picked from the registry, the
/// draft's page shows the automatic review; a wrong CSRF token files nothing.
#[tokio::test]
async fn filing_through_the_form() {
    let Some(w) = world().await else { return };
    let (member, csrf) = sign_in(&w, "member@secom").await;
    let page = send(
        &w.app,
        Request::get("/requests/new")
            .header("cookie", &member)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let root = "513B2CECB810D4CDE5DD85391ADFC6C2DD60D87BB736D2B521484AA47A0EBEF6";
    assert!(
        page.body.contains(&format!("<option value=\"{root}\"")),
        "roots are offered"
    );
    let fields = [
        ("operator_legal_name", "Cybertrust Japan Co., Ltd."),
        ("operator_website", "https://www.cybertrust.co.jp/"),
        ("root_sha256", root),
        ("new_subca_name", "Cybertrust Japan SureMail CA G5"),
        ("certificate_sha256", G5),
        ("cps_url", "https://www.cybertrust.co.jp/ssl/repository/"),
        ("cps_version", "1.0"),
        ("cps_date", "2024-11-01"),
        ("audits", "WebTrust for CAs 2024\r\nWebTrust S/MIME 2024"),
        ("sa_file_sha256", "AB"),
        ("sa_date", "2024-10-15"),
        ("sa_template_version", "2024"),
        ("value_justification", "S/MIME <for> enterprises"),
        ("no_incidents", "1"),
    ];
    let mut with_bad = vec![("csrf", "wrong")];
    with_bad.extend(fields);
    let a = send(&w.app, form_post("/requests/new", &member, &with_bad)).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let l = send(
        &w.app,
        call("GET", "/api/v1/requests", Some(&w.member), None),
    )
    .await;
    assert_eq!(l.json(), json!([]), "nothing filed");

    let mut with_good = vec![("csrf", csrf.as_str())];
    with_good.extend(fields);
    let a = send(&w.app, form_post("/requests/new", &member, &with_good)).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let location = a.headers["location"].to_str().unwrap().to_owned();
    let page = send(
        &w.app,
        Request::get(&location)
            .header("cookie", &member)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("All items present."), "{}", page.body);
    assert!(page.body.contains("Chains to the named root"));
    assert!(page.body.contains("S/MIME &lt;for&gt; enterprises"));
    // The public gets no form (it is for owner members) and no draft.
    let (reader, _) = sign_in(&w, "reader").await;
    let a = send(
        &w.app,
        Request::get("/requests/new")
            .header("cookie", &reader)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let a = send(
        &w.app,
        Request::get(&location)
            .header("cookie", &reader)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
}

/// Attachments: type checked by content, size limited, stored by SHA-256,
/// served only as downloads to signed-in accounts.
#[tokio::test]
async fn attachments_are_checked_and_served_as_downloads() {
    let Some(w) = world().await else { return };
    let up = |token: Option<&str>, ct: &str, name: &str, body: Vec<u8>| {
        let mut b = Request::post(format!("/api/v1/attachments?filename={name}"))
            .header("content-type", ct);
        if let Some(t) = token {
            b = b.header("authorization", format!("Bearer {t}"));
        }
        b.body(Body::from(body)).unwrap()
    };
    let pdf = b"%PDF-1.7\nself-assessment\n".to_vec();
    let a = send(
        &w.app,
        up(Some(&w.member), "application/pdf", "sa.pdf", pdf.clone()),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    let sha = a.json()["sha256"].as_str().unwrap().to_owned();
    // Same content again: the same record.
    let a = send(
        &w.app,
        up(
            Some(&w.manager),
            "application/pdf",
            "again.pdf",
            pdf.clone(),
        ),
    )
    .await;
    assert_eq!(a.json()["sha256"], sha.as_str());
    assert_eq!(a.json()["uploaded_by"], "member@secom");
    for (ct, body, status, needle) in [
        (
            "application/pdf",
            b"<html><script>x</script>".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "content is not application/pdf",
        ),
        (
            "text/html",
            b"<html>".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "not accepted",
        ),
        (
            "application/pdf",
            Vec::new(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "empty",
        ),
        (
            "application/pkix-cert",
            b"\x30\x03\x02\x01\x00".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "content is not",
        ),
    ] {
        let a = send(&w.app, up(Some(&w.member), ct, "x", body)).await;
        assert_eq!(a.status, status, "{ct}: {}", a.body);
        assert!(
            a.json()["error"].as_str().unwrap().contains(needle),
            "{ct}: {}",
            a.body
        );
    }
    let mut big = b"%PDF-".to_vec();
    big.resize(registry::attachments::MAX_ATTACHMENT + 1, b'x');
    let a = send(
        &w.app,
        up(Some(&w.member), "application/pdf", "big.pdf", big),
    )
    .await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        send(
            &w.app,
            up(Some(&w.public), "application/pdf", "p.pdf", pdf.clone())
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        send(&w.app, up(None, "application/pdf", "p.pdf", pdf.clone()))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );

    let get = |token: Option<&str>, sha: &str| {
        call("GET", &format!("/api/v1/attachments/{sha}"), token, None)
    };
    // The public and other owners' members do not see it; the uploader's owner and the program do.
    assert_eq!(
        send(&w.app, get(Some(&w.public), &sha)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        send(&w.app, get(Some(&w.other_member), &sha)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        send(&w.app, get(Some(&w.manager), &sha)).await.status,
        StatusCode::OK
    );
    let a = send(&w.app, get(Some(&w.member), &sha.to_lowercase())).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.body.as_bytes(), pdf.as_slice());
    assert_eq!(a.headers["content-type"], "application/pdf");
    assert!(
        a.headers["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    assert_eq!(
        send(&w.app, get(None, &sha)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        send(&w.app, get(Some(&w.manager), &"0".repeat(64)))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

/// MRSP 8.4's other branch: when the registry shows the operator already
/// trusted for email through another unconstrained CA (SureMail CA G4,
/// marked here as CCADB would record it), the review says so.
#[tokio::test]
async fn mrsp_8_4_recognises_an_operator_already_trusted() {
    let Some(dir) = common::corpus("secom") else {
        return;
    };
    let reg = Registry::open(&common::temp_db("mrsp84")).await.unwrap();
    let c = FixedClock(day("2024-11-01"));
    for f in [
        "Security_Communication_RootCA2.pem",
        "Cybertrust_Japan_SureMail_CA_G5.pem",
        "Cybertrust_Japan_SureMail_CA_G4.2023-issuance.pem",
    ] {
        reg.import_pem(&dir.join(f), &c, Default::default())
            .await
            .unwrap();
    }
    let g4 = reg.search("SureMail CA G4").await.unwrap();
    assert_eq!(g4.len(), 1);
    sqlx::query("UPDATE certificates SET subca_owner = $1, trust_email = 1 WHERE sha256 = $2")
        .bind("Cybertrust Japan Co., Ltd.")
        .bind(g4[0].sha256.clone())
        .execute(reg.pool())
        .await
        .unwrap();
    reg.add_user(
        "member@secom",
        "a long enough password",
        Role::OwnerMember,
        Some(SECOM),
        &c,
    )
    .await
    .unwrap();
    let token = reg.create_api_token("member@secom", "t", &c).await.unwrap();
    let clock = TestClock::at(day("2024-11-20"));
    let app = web::router(web::AppState::new(Some(reg), clock));
    let a = send(
        &app,
        call("POST", "/api/v1/requests", Some(&token), Some(items())),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    let m = &a.json()["review"]["mrsp_8_4"];
    assert_eq!(
        m["operator_already_trusted_via"],
        json!([g4[0].sha256]),
        "{m}"
    );
    assert!(
        m["conclusion"]
            .as_str()
            .unwrap()
            .contains("already trusted for email"),
        "{m}"
    );
}

/// The automatic review checks each listed audit against the registry:
/// unknown, current, statement late (CCADB Policy 5.2), next audit overdue
/// (MRSP 3.1.3).
#[tokio::test]
async fn review_checks_the_listed_audits() {
    let Some(dir) = common::corpus("secom") else {
        return;
    };
    let reg = Registry::open(&common::temp_db("audits")).await.unwrap();
    let c = FixedClock(day("2024-11-01"));
    reg.import_pem(
        &dir.join("Cybertrust_Japan_SureMail_CA_G5.pem"),
        &c,
        Default::default(),
    )
    .await
    .unwrap();
    let audit = |url: &str, start: &str, end: &str, stmt: &str| registry::model::Audit {
        owner: SECOM.into(),
        kind: "S/MIME BR".into(),
        url: Some(url.into()),
        period_start: Some(start.into()),
        period_end: Some(end.into()),
        statement_date: Some(stmt.into()),
        ..Default::default()
    };
    for a in [
        audit(
            "https://audits.example/current.pdf",
            "2023-07-01",
            "2024-06-30",
            "2024-09-20",
        ),
        audit(
            "https://audits.example/late.pdf",
            "2023-07-01",
            "2024-06-30",
            "2024-10-15",
        ),
        audit(
            "https://audits.example/old.pdf",
            "2021-07-01",
            "2022-06-30",
            "2022-09-20",
        ),
        // Periods reaching G5's notBefore (2024-12-17): the one that lists
        // it in scope covers it, the one that does not is a problem.
        registry::model::Audit {
            certificates: vec![G5.into()],
            ..audit(
                "https://audits.example/covers.pdf",
                "2024-07-01",
                "2025-06-30",
                "2025-08-01",
            )
        },
        audit(
            "https://audits.example/misses.pdf",
            "2024-07-01",
            "2025-06-30",
            "2025-08-01",
        ),
    ] {
        reg.put_audit(&a, "test", &c).await.unwrap();
    }
    reg.add_user(
        "member@secom",
        "a long enough password",
        Role::OwnerMember,
        Some(SECOM),
        &c,
    )
    .await
    .unwrap();
    let token = reg.create_api_token("member@secom", "t", &c).await.unwrap();
    let app = web::router(web::AppState::new(
        Some(reg),
        Arc::new(FixedClock(day("2024-11-20"))),
    ));
    let mut it = items();
    it["audits"] = json!([
        "https://audits.example/current.pdf",
        "https://audits.example/late.pdf",
        "https://audits.example/old.pdf",
        "WebTrust somewhere",
        "https://audits.example/covers.pdf",
        "https://audits.example/misses.pdf"
    ]);
    let a = send(
        &app,
        call("POST", "/api/v1/requests", Some(&token), Some(it)),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    let audits = a.json()["review"]["audits"].clone();
    assert_eq!(audits[0]["problem"], Value::Null, "{audits}");
    assert_eq!(audits[0]["period"], json!(["2023-07-01", "2024-06-30"]));
    assert!(
        audits[1]["problem"]
            .as_str()
            .unwrap()
            .contains("107 days after the period's end; at most 92 (CCADB Policy 5.2)"),
        "{audits}"
    );
    assert!(
        audits[2]["problem"]
            .as_str()
            .unwrap()
            .contains("next yearly audit is overdue (MRSP 3.1.3)"),
        "{audits}"
    );
    assert_eq!(audits[3]["in_registry"], false);
    // Coverage of the sub-CA (MRSP 5.3.2, CCADB Policy 5.1 item 5): an audit
    // ending before the certificate existed need not list it.
    assert_eq!(audits[0]["covers_certificate"], false);
    assert_eq!(audits[0]["problem"], Value::Null);
    assert_eq!(audits[4]["covers_certificate"], true, "{audits}");
    assert_eq!(audits[4]["problem"], Value::Null, "{audits}");
    assert_eq!(audits[5]["covers_certificate"], false);
    assert!(
        audits[5]["problem"]
            .as_str()
            .unwrap()
            .contains("scope does not list the certificate's SHA-256 (MRSP 5.3.2"),
        "{audits}"
    );
    assert_eq!(a.json()["review"]["not_checked"], json!([]));
}

/// Files from the page forms (multipart, no JavaScript): the sub-CA
/// certificate and the self-assessment on the new-request form, the key
/// generation report on the request page. A certificate that is only
/// uploaded is linted and its path checked from the upload, and the
/// registry is left untouched.
#[tokio::test]
async fn files_uploaded_from_the_page_forms() {
    let Some(w) = world().await else { return };
    let dir = common::corpus("secom").unwrap();
    let other_g5 =
        std::fs::read(dir.join(
            "namecollision_Cybertrust_Japan_SureMail_CA_G5.issued-by-SecureSign_Root_CA12.pem",
        ))
        .unwrap();
    let other_sha = "5285CFADE33A396D22C8FF2368A9143821B3F1B0FF527F8883B36BB8A9E95A47";
    let sa = b"%PDF-1.4\nself-assessment of the other G5\n";
    let form = |files: &[(&str, &str, &[u8])]| {
        common::multipart(
            &[
                ("operator_legal_name", "Cybertrust Japan Co., Ltd."),
                (
                    "root_sha256",
                    "513B2CECB810D4CDE5DD85391ADFC6C2DD60D87BB736D2B521484AA47A0EBEF6",
                ),
                ("new_subca_name", "Cybertrust Japan SureMail CA G5"),
                ("operator_website", "https://www.cybertrust.co.jp/"),
                ("cps_url", "https://www.cybertrust.co.jp/ssl/repository/"),
                ("cps_version", "1.0"),
                ("cps_date", "2024-11-01"),
                ("audits", "WebTrust for CAs 2024\nWebTrust S/MIME 2024"),
                ("sa_date", "2024-11-01"),
                ("sa_template_version", "1.2"),
                ("root_operator_review", "reviewed"),
                ("value_justification", "S/MIME for Japanese enterprises"),
                ("no_incidents", "1"),
            ],
            files,
        )
    };
    let bearer =
        |r: axum::http::request::Builder, t: &str| r.header("authorization", format!("Bearer {t}"));

    // A file that is no accepted type is refused, and nothing is filed.
    let (ct, body) = form(&[("sa_file", "sa.bin", b"\x00\x01\x02")]);
    let a = send(
        &w.app,
        bearer(Request::post("/requests/new"), &w.member)
            .header("content-type", ct)
            .body(Body::from(body))
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", a.body);
    assert!(a.body.contains("not an accepted type"), "{}", a.body);
    let list = send(
        &w.app,
        call("GET", "/api/v1/requests", Some(&w.member), None),
    )
    .await;
    assert_eq!(list.json().as_array().unwrap().len(), 0);

    let (ct, body) = form(&[
        ("certificate_file", "other-g5.pem", &other_g5),
        ("sa_file", "self-assessment.pdf", sa),
    ]);
    let a = send(
        &w.app,
        bearer(Request::post("/requests/new"), &w.member)
            .header("content-type", ct)
            .body(Body::from(body))
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let page_uri = a.headers["location"].to_str().unwrap().to_owned();
    let id = page_uri.trim_start_matches("/requests/").to_owned();
    let v = send(
        &w.app,
        call(
            "GET",
            &format!("/api/v1/requests/{id}"),
            Some(&w.member),
            None,
        ),
    )
    .await;
    let v = v.json();
    let items = &v["request"]["items"];
    assert_eq!(items["certificate_sha256"], other_sha);
    let sa_sha: String = cert::digest::sha256(sa)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect();
    assert_eq!(items["self_assessment"]["file_sha256"], sa_sha.as_str());
    let r = &v["review"];
    assert_eq!(r["certificate_in_registry"], false);
    // Linted from the upload (it asserts no CA/B Forum S/MIME policy, so it
    // is detected as a generic subordinate CA).
    assert_eq!(r["lint"]["profile"], "subca", "{r}");
    // It does not chain to RootCA2: its issuer is SecureSign Root CA12.
    assert_eq!(r["chain"]["valid"], false, "{r}");
    assert!(
        r["chain"]["failure"]
            .as_str()
            .unwrap()
            .contains("SecureSign Root CA12"),
        "{r}"
    );
    let p = send(
        &w.app,
        bearer(Request::get(&page_uri), &w.member)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(
        p.body
            .contains("uploaded with the request; not in the registry"),
        "{}",
        p.body
    );
    // The registry is untouched.
    let s = send(
        &w.app,
        call(
            "GET",
            &format!("/api/v1/certificates/{other_sha}"),
            None,
            None,
        ),
    )
    .await;
    assert_eq!(s.status, StatusCode::NOT_FOUND);

    // Through the workflow to registration, then the report from the page.
    into_discussion(&w, &id).await;
    step(
        &w,
        &id,
        &w.manager,
        json!({"action": "approve", "section": "MRSP 8.4"}),
        "approved",
        "2025-01-10",
    )
    .await;
    step(
        &w,
        &id,
        &w.member,
        json!({"action": "register", "sha256": other_sha}),
        "registered",
        "2025-01-15",
    )
    .await;
    // The page, signed in: the report form takes a file (multipart).
    let (cookie, csrf) = sign_in(&w, "member@secom").await;
    let p = send(
        &w.app,
        Request::get(&page_uri)
            .header("cookie", &cookie)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(
        p.body.contains("enctype=\"multipart/form-data\""),
        "the report form takes a file"
    );
    assert!(p.body.contains("name=\"report\""));
    let version = send(
        &w.app,
        call(
            "GET",
            &format!("/api/v1/requests/{id}"),
            Some(&w.member),
            None,
        ),
    )
    .await
    .json()["version"]
        .as_i64()
        .unwrap();
    let report = b"%PDF-1.7\nkey generation report\n";
    let form = |csrf: &str| {
        common::multipart(
            &[
                ("csrf", csrf),
                ("version", &version.to_string()),
                ("action", "attach_key_generation_report"),
                ("reason", "the auditor's report"),
                ("sha256", ""),
            ],
            &[("report", "kgr.pdf", report)],
        )
    };
    // Without the CSRF token the upload is refused.
    let (ct, body) = form("");
    let a = send(
        &w.app,
        Request::post(&page_uri)
            .header("cookie", &cookie)
            .header("content-type", ct)
            .body(Body::from(body))
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.body);
    let (ct, body) = form(&csrf);
    let a = send(
        &w.app,
        Request::post(&page_uri)
            .header("cookie", &cookie)
            .header("content-type", ct)
            .body(Body::from(body))
            .unwrap(),
    )
    .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let v = send(
        &w.app,
        call(
            "GET",
            &format!("/api/v1/requests/{id}"),
            Some(&w.member),
            None,
        ),
    )
    .await;
    assert_eq!(
        v.json()["request"]["state"],
        "key_generation_report_received",
        "{}",
        v.body
    );
    let report_sha: String = cert::digest::sha256(report)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect();
    assert!(
        v.body.contains(&report_sha),
        "the report is cited by its SHA-256"
    );
}
