//! Incident reports over HTTP: the JSON API (list, get, file, update,
//! close) and the pages (list, report, filing, update and close forms), by
//! role: the owner's members and the program change them, another owner's
//! members, auditors and the public only read them, anonymous callers are
//! asked to sign in; sessions need the CSRF token; unknown JSON fields are
//! refused; markup in every text field is stored intact and shown escaped;
//! links to draft requests are shown only to who may see the draft.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{TestClock, call, day, form_post, send};
use registry::workflow::Role;
use registry::{FixedClock, Registry};
use serde_json::{Value, json};

const SECOM: &str = "SECOM Trust Systems CO., LTD.";
const NASTY: &str = "<script>alert('x')</script> & \"q\" <b onmouseover=alert(1)>";
const NASTY_ESCAPED: &str = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot; &lt;b onmouseover=alert(1)&gt;";

struct World {
    app: axum::Router,
    clock: Arc<TestClock>,
    manager: String,
    member: String,
    other_member: String,
    public: String,
    auditor: String,
}

impl World {
    fn set_day(&self, d: &str) {
        self.clock.set(day(d));
    }
    /// Moves the clock within a day (sessions last 12 hours).
    fn set_hour(&self, d: &str, h: i64) {
        self.clock.set(day(d) + h * 3600);
    }
}

async fn world(tag: &str) -> World {
    let reg = Registry::open(&common::temp_db(tag)).await.unwrap();
    let c = FixedClock(day("2025-01-01"));
    let tokens = common::accounts(
        &reg,
        &c,
        &[
            ("manager", Role::ProgramManager, None),
            ("member@secom", Role::OwnerMember, Some(SECOM)),
            ("member@other", Role::OwnerMember, Some("Other CA")),
            ("reader", Role::Public, None),
            ("auditor", Role::Auditor, None),
        ],
    )
    .await;
    let clock = TestClock::at(day("2025-01-10"));
    let app = web::router(web::AppState::new(Some(reg), clock.clone()));
    let mut t = tokens.into_iter();
    let mut next = || t.next().unwrap();
    World {
        app,
        clock,
        manager: next(),
        member: next(),
        other_member: next(),
        public: next(),
        auditor: next(),
    }
}

fn nasty_sections() -> Value {
    let mut m = serde_json::Map::new();
    for (name, _) in registry::incidents::SECTIONS {
        m.insert(name.to_owned(), json!(format!("{name}:\n{NASTY}")));
    }
    Value::Object(m)
}

fn preliminary() -> Value {
    json!({
        "title": format!("CPS not updated {NASTY}"),
        "link": "https://bugzilla.mozilla.org/show_bug.cgi?id=1934567&x=\"<i>",
        "sections": {"summary": format!("- **Incident description:** {NASTY}")}
    })
}

/// Signs in through the form; returns the cookie pair and the CSRF token.
async fn sign_in(w: &World, name: &str) -> (String, String) {
    common::sign_in(&w.app, name, "/incidents").await
}

fn with_cookie(b: axum::http::request::Builder, session: &str) -> Request<Body> {
    b.header("cookie", session).body(Body::empty()).unwrap()
}

async fn file(w: &World, token: &str, body: Value) -> common::Answer {
    send(
        &w.app,
        call("POST", "/api/v1/incidents", Some(token), Some(body)),
    )
    .await
}

async fn get_json(w: &World, uri: &str, token: Option<&str>) -> Value {
    let a = send(&w.app, call("GET", uri, token, None)).await;
    assert_eq!(a.status, StatusCode::OK, "{uri}: {}", a.body);
    a.json()
}

/// The API by role: filing, reading, updating, closing; who is refused
/// with which status; unknown fields; text stored exactly as given.
#[tokio::test]
async fn api_by_role() {
    let w = world("inc-api").await;
    // Filing: anonymous 401, public, auditor and another owner's member 403.
    let a = send(
        &w.app,
        call("POST", "/api/v1/incidents", None, Some(preliminary())),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{}", a.body);
    let mut for_secom = preliminary();
    for_secom["owner"] = json!(SECOM);
    for t in [&w.public, &w.auditor, &w.other_member] {
        let a = file(&w, t, for_secom.clone()).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.body);
        assert!(a.json()["error"].as_str().unwrap().contains("may not file"));
    }
    // Unknown fields, at the top and inside the sections: 400.
    let mut extra = preliminary();
    extra["severity"] = json!("high");
    assert_eq!(
        file(&w, &w.member, extra).await.status,
        StatusCode::BAD_REQUEST
    );
    let mut extra = preliminary();
    extra["sections"]["conclusion"] = json!("x");
    assert_eq!(
        file(&w, &w.member, extra).await.status,
        StatusCode::BAD_REQUEST
    );
    // The old upsert fields are gone.
    let mut old = preliminary();
    old["status"] = json!("open");
    assert_eq!(
        file(&w, &w.member, old).await.status,
        StatusCode::BAD_REQUEST
    );
    // Missing Summary, bad link, past date: 422.
    for (k, v) in [
        ("sections", json!({})),
        ("link", json!("javascript:alert(1)")),
        ("next_update", json!("2025-01-01")),
        ("next_update", json!("soon")),
    ] {
        let mut b = preliminary();
        b[k] = v;
        let a = file(&w, &w.member, b).await;
        assert_eq!(
            a.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{k}: {}",
            a.body
        );
    }
    // The owner's member files: 201, every text back exactly as sent.
    let a = file(&w, &w.member, preliminary()).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    let v = a.json();
    let id = v["id"].as_str().unwrap().to_owned();
    assert_eq!(v["owner"], SECOM);
    assert_eq!(v["title"], preliminary()["title"]);
    assert_eq!(v["link"], preliminary()["link"]);
    assert_eq!(
        v["sections"]["summary"],
        preliminary()["sections"]["summary"]
    );
    assert_eq!(v["sections"]["impact"], Value::Null);
    assert_eq!(v["status"], "open");
    assert_eq!(v["next_update"], "2025-01-17");
    assert_eq!(v["overdue"], false);
    assert_eq!(v["filed_by"], "member@secom");
    assert_eq!(v["missing_sections"].as_array().unwrap().len(), 10);
    assert_eq!(v["updates"][0]["kind"], "filed");
    // The same id again: 409.
    let mut again = preliminary();
    again["id"] = json!(id);
    assert_eq!(
        file(&w, &w.member, again).await.status,
        StatusCode::CONFLICT
    );

    // Anyone reads, signed in or not.
    let l = get_json(&w, "/api/v1/incidents", None).await;
    assert_eq!(l.as_array().unwrap().len(), 1);
    assert_eq!(l[0]["id"], json!(id));
    let r = get_json(&w, &format!("/api/v1/incidents/{id}"), None).await;
    assert_eq!(r["title"], preliminary()["title"]);
    let a = send(&w.app, call("GET", "/api/v1/incidents/nope", None, None)).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);

    // Past the next-update date: overdue in the list and the report.
    w.set_day("2025-01-18");
    assert_eq!(
        get_json(&w, "/api/v1/incidents", None).await[0]["overdue"],
        true
    );
    let uri = format!("/api/v1/incidents/{id}/updates");
    let upd = json!({
        "text": format!("Impact assessed {NASTY}"),
        "next_update": "2025-02-01",
        "sections": {"impact": format!("0 certificates {NASTY}")},
        "version": r["version"]
    });
    // Updates: anonymous 401; public, auditor, another owner's member 403.
    let a = send(&w.app, call("POST", &uri, None, Some(upd.clone()))).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    for t in [&w.public, &w.auditor, &w.other_member] {
        let a = send(&w.app, call("POST", &uri, Some(t), Some(upd.clone()))).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.body);
    }
    let mut extra = upd.clone();
    extra["author"] = json!("someone else");
    let a = send(&w.app, call("POST", &uri, Some(&w.member), Some(extra))).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    let a = send(
        &w.app,
        call("POST", &uri, Some(&w.member), Some(upd.clone())),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    let v = a.json();
    assert_eq!(v["overdue"], false);
    assert_eq!(v["next_update"], "2025-02-01");
    assert_eq!(v["sections"]["impact"], upd["sections"]["impact"]);
    let u = &v["updates"][1];
    assert_eq!(u["text"], upd["text"]);
    assert_eq!(u["author"], "member@secom");
    assert_eq!(u["at"], day("2025-01-18"));
    assert_eq!(u["revised"], json!(["impact"]));
    // The same version again: a lost update, 409; no text: 422.
    let a = send(&w.app, call("POST", &uri, Some(&w.member), Some(upd))).await;
    assert_eq!(a.status, StatusCode::CONFLICT, "{}", a.body);
    let a = send(
        &w.app,
        call("POST", &uri, Some(&w.member), Some(json!({"text": " "}))),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Closing: by role; a summary and every section needed.
    let close = format!("/api/v1/incidents/{id}/close");
    let summary = json!({"summary": format!("All done {NASTY}")});
    let a = send(&w.app, call("POST", &close, None, Some(summary.clone()))).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    for t in [&w.public, &w.auditor, &w.other_member] {
        let a = send(&w.app, call("POST", &close, Some(t), Some(summary.clone()))).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.body);
    }
    let a = send(
        &w.app,
        call(
            "POST",
            &close,
            Some(&w.member),
            Some(json!({"summary": ""})),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    let a = send(
        &w.app,
        call(
            "POST",
            &close,
            Some(&w.member),
            Some(json!({"summary": "x", "reason": "y"})),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
    let a = send(
        &w.app,
        call("POST", &close, Some(&w.member), Some(summary.clone())),
    )
    .await;
    assert_eq!(a.status, StatusCode::CONFLICT, "{}", a.body);
    assert!(a.body.contains("Root Cause Analysis"), "{}", a.body);
    // The program writes every section in an update; the member closes.
    let a = send(
        &w.app,
        call(
            "POST",
            &uri,
            Some(&w.manager),
            Some(json!({"text": "full report", "sections": nasty_sections()})),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    assert_eq!(a.json()["missing_sections"], json!([]));
    assert_eq!(a.json()["sections"], nasty_sections(), "stored intact");
    w.set_day("2025-02-10");
    let a = send(
        &w.app,
        call("POST", &close, Some(&w.member), Some(summary.clone())),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let v = a.json();
    assert_eq!(v["status"], "closed");
    assert_eq!(v["closed"], "2025-02-10");
    assert_eq!(v["closed_by"], "member@secom");
    assert_eq!(v["closing_summary"], summary["summary"]);
    assert_eq!(
        v["updates"].as_array().unwrap().last().unwrap()["kind"],
        "closed"
    );
    // Closed: updates and a second closing are 409.
    let a = send(
        &w.app,
        call(
            "POST",
            &uri,
            Some(&w.manager),
            Some(json!({"text": "more"})),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::CONFLICT);
    let a = send(
        &w.app,
        call("POST", &close, Some(&w.manager), Some(summary)),
    )
    .await;
    assert_eq!(a.status, StatusCode::CONFLICT);
    // The program files for any owner (naming it), with the Bugzilla id.
    let mut b = preliminary();
    b["owner"] = json!("Other CA");
    b["id"] = json!("1934567");
    let a = file(&w, &w.manager, b).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    assert_eq!(a.json()["id"], "1934567");
    // A member who names another owner is refused.
    let mut b = preliminary();
    b["owner"] = json!("Other CA");
    assert_eq!(file(&w, &w.member, b).await.status, StatusCode::FORBIDDEN);
}

/// Sessions: every change needs the CSRF token, from the API (header) and
/// from the forms (field); the forms work without JavaScript (303 back to
/// the page).
#[tokio::test]
async fn sessions_need_the_csrf_token() {
    let w = world("inc-csrf").await;
    let (session, csrf) = sign_in(&w, "member@secom").await;
    let api = |csrf: Option<&str>, uri: &str, body: Value| {
        let mut b = Request::post(uri)
            .header("cookie", &session)
            .header("content-type", "application/json");
        if let Some(c) = csrf {
            b = b.header("x-csrf-token", c);
        }
        b.body(Body::from(body.to_string())).unwrap()
    };
    let a = send(&w.app, api(None, "/api/v1/incidents", preliminary())).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.body);
    let a = send(
        &w.app,
        api(Some("wrong"), "/api/v1/incidents", preliminary()),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.body);
    let a = send(&w.app, api(Some(&csrf), "/api/v1/incidents", preliminary())).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    let id = a.json()["id"].as_str().unwrap().to_owned();
    for (uri, body) in [
        (
            format!("/api/v1/incidents/{id}/updates"),
            json!({"text": "t"}),
        ),
        (
            format!("/api/v1/incidents/{id}/close"),
            json!({"summary": "s"}),
        ),
    ] {
        let a = send(&w.app, api(None, &uri, body)).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{uri}: {}", a.body);
    }

    // The filing form.
    let fields = [
        ("title", "Filed from the form"),
        ("summary", "A summary"),
        ("next_update", "2025-01-20"),
    ];
    let a = send(&w.app, form_post("/incidents/new", &session, &fields)).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.body);
    let mut with = vec![("csrf", csrf.as_str())];
    with.extend(fields);
    let a = send(&w.app, form_post("/incidents/new", &session, &with)).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let page_uri = a.headers["location"].to_str().unwrap().to_owned();
    assert!(page_uri.starts_with("/incidents/I"), "{page_uri}");
    let form_id = page_uri.trim_start_matches("/incidents/").to_owned();
    // The update and close forms, without and with the token.
    let upd = [("do", "update"), ("text", "An update"), ("impact", "None")];
    let a = send(&w.app, form_post(&page_uri, &session, &upd)).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.body);
    let mut with = vec![("csrf", csrf.as_str())];
    with.extend(upd);
    let a = send(&w.app, form_post(&page_uri, &session, &with)).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let v = get_json(&w, &format!("/api/v1/incidents/{form_id}"), None).await;
    assert_eq!(v["sections"]["impact"], "None");
    assert_eq!(v["updates"][1]["text"], "An update");
    let a = send(
        &w.app,
        form_post(
            &page_uri,
            &session,
            &[("do", "close"), ("closing_summary", "done")],
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.body);
    // With the token, closing still needs every section: the error page says so.
    let a = send(
        &w.app,
        form_post(
            &page_uri,
            &session,
            &[
                ("csrf", &csrf),
                ("do", "close"),
                ("closing_summary", "done"),
            ],
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::CONFLICT, "{}", a.body);
    assert!(a.body.contains("sections not written yet"), "{}", a.body);
    // An unknown form action.
    let a = send(
        &w.app,
        form_post(&page_uri, &session, &[("csrf", &csrf), ("do", "delete")]),
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    // Another owner's member: the page offers no forms, and posting is refused.
    let (other, other_csrf) = sign_in(&w, "member@other").await;
    let page = send(&w.app, with_cookie(Request::get(&page_uri), &other)).await;
    assert!(!page.body.contains("Post an update"), "{}", page.body);
    let a = send(
        &w.app,
        form_post(
            &page_uri,
            &other,
            &[("csrf", &other_csrf), ("do", "update"), ("text", "x")],
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.body);
    let a = send(
        &w.app,
        form_post(
            "/incidents/new",
            &other,
            &[
                ("csrf", &other_csrf),
                ("owner", SECOM),
                ("title", "t"),
                ("summary", "s"),
            ],
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.body);
}

/// Who gets the filing form; the list links each report and marks overdue ones.
#[tokio::test]
async fn filing_form_and_list_page() {
    let w = world("inc-form").await;
    let a = send(&w.app, call("GET", "/incidents/new", None, None)).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "anonymous: sign in first");
    let (reader, _) = sign_in(&w, "reader").await;
    let a = send(&w.app, with_cookie(Request::get("/incidents/new"), &reader)).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let (member, csrf) = sign_in(&w, "member@secom").await;
    let a = send(&w.app, with_cookie(Request::get("/incidents/new"), &member)).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(
        a.body.contains(&format!("name=\"csrf\" value=\"{csrf}\"")),
        "the form carries the CSRF token"
    );
    assert!(
        a.body.contains(&format!("value=\"{SECOM}\"")),
        "owner prefilled"
    );
    for (name, _) in registry::incidents::SECTIONS {
        assert!(a.body.contains(&format!("name=\"{name}\"")), "{name}");
    }
    assert!(!a.body.contains("<script"), "no script on the pages");
    // A refused filing shows the form again, with what was typed, escaped.
    let a = send(
        &w.app,
        form_post(
            "/incidents/new",
            &member,
            &[("csrf", &csrf), ("title", NASTY), ("summary", "")],
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert!(a.body.contains("Summary"), "{}", a.body);
    assert!(
        a.body.contains(&format!("value=\"{NASTY_ESCAPED}\"")),
        "{}",
        a.body
    );
    assert!(!a.body.contains(NASTY));

    // The list: public, linked, overdue marked, filing link for members only.
    let r = file(&w, &w.member, preliminary()).await.json();
    let id = r["id"].as_str().unwrap();
    let page = send(&w.app, call("GET", "/incidents", None, None)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains(&format!("<a href=\"/incidents/{id}\">{id}</a>"))
    );
    assert!(
        page.body
            .contains(&format!("CPS not updated {NASTY_ESCAPED}"))
    );
    assert!(!page.body.contains(NASTY));
    assert!(!page.body.contains("(overdue)"));
    assert!(!page.body.contains("/incidents/new"));
    let page = send(&w.app, with_cookie(Request::get("/incidents"), &member)).await;
    assert!(page.body.contains("href=\"/incidents/new\""));
    w.set_day("2025-01-18");
    let page = send(&w.app, call("GET", "/incidents", None, None)).await;
    assert!(page.body.contains("(overdue)"), "next update 2025-01-17");
    let page = send(&w.app, call("GET", &format!("/incidents/{id}"), None, None)).await;
    assert!(page.body.contains("(overdue by 1 day)"), "{}", page.body);
}

/// The report page: every text field escaped (and stored intact, as the
/// API shows), the sections in template order, the update timeline, the
/// closing summary; the forms only for who may use them.
#[tokio::test]
async fn report_page_escapes_every_field() {
    let w = world("inc-page").await;
    let (manager, csrf) = sign_in(&w, "manager").await;
    // The program files through the form for an owner whose name is markup.
    let owner = format!("Evil CA {NASTY}");
    let mut fields = vec![
        ("csrf", csrf.clone()),
        ("id", "1934567".to_owned()),
        ("owner", owner.clone()),
        ("title", format!("Title {NASTY}")),
        (
            "link",
            "https://bugzilla.mozilla.org/show_bug.cgi?id=1934567&a=\"<x>".to_owned(),
        ),
        ("next_update", "2025-01-20".to_owned()),
    ];
    for (name, _) in registry::incidents::SECTIONS {
        fields.push((name, format!("{name}:\n{NASTY}")));
    }
    let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let a = send(&w.app, form_post("/incidents/new", &manager, &f)).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    assert_eq!(a.headers["location"], "/incidents/1934567");
    w.set_hour("2025-01-10", 2);
    let a = send(
        &w.app,
        form_post(
            "/incidents/1934567",
            &manager,
            &[
                ("csrf", &csrf),
                ("do", "update"),
                ("version", "1"),
                ("text", &format!("Update {NASTY}\nsecond line")),
                ("next_update", "2025-01-30"),
                ("timeline", &format!("timeline:\r\n{NASTY} revised")),
                ("summary", &format!("summary:\n{NASTY}")),
            ],
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    // A stale version from the form: 409 with the error page.
    let a = send(
        &w.app,
        form_post(
            "/incidents/1934567",
            &manager,
            &[
                ("csrf", &csrf),
                ("do", "update"),
                ("version", "1"),
                ("text", "late"),
            ],
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::CONFLICT, "{}", a.body);
    w.set_hour("2025-01-10", 4);
    let a = send(
        &w.app,
        form_post(
            "/incidents/1934567",
            &manager,
            &[
                ("csrf", &csrf),
                ("do", "close"),
                ("closing_summary", &format!("Closing {NASTY}")),
            ],
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);

    // Stored intact.
    let v = get_json(&w, "/api/v1/incidents/1934567", None).await;
    assert_eq!(v["owner"], json!(owner));
    assert_eq!(v["title"], json!(format!("Title {NASTY}")));
    assert_eq!(
        v["sections"]["timeline"],
        json!(format!("timeline:\n{NASTY} revised"))
    );
    assert_eq!(
        v["sections"]["summary"],
        json!(format!("summary:\n{NASTY}"))
    );
    assert_eq!(
        v["updates"][1]["text"],
        json!(format!("Update {NASTY}\nsecond line"))
    );
    assert_eq!(
        v["updates"][1]["revised"],
        json!(["timeline"]),
        "the unchanged summary is not revised"
    );
    assert_eq!(v["closing_summary"], json!(format!("Closing {NASTY}")));

    // Shown escaped, never raw, to anyone.
    let page = send(&w.app, call("GET", "/incidents/1934567", None, None)).await;
    assert_eq!(page.status, StatusCode::OK);
    let b = &page.body;
    assert!(!b.contains(NASTY), "raw markup on the page");
    assert!(!b.contains("<script"), "{b}");
    assert!(!b.contains("<b onmouseover"), "{b}");
    assert!(
        b.contains(&format!("<dd>Evil CA {NASTY_ESCAPED}</dd>")),
        "{b}"
    );
    assert!(
        b.contains(&format!("<dd>Title {NASTY_ESCAPED}</dd>")),
        "{b}"
    );
    assert!(
        b.contains(
            "href=\"https://bugzilla.mozilla.org/show_bug.cgi?id=1934567&amp;a=&quot;&lt;x&gt;\""
        ),
        "{b}"
    );
    assert!(
        b.contains(&format!(
            "<div class=\"md\">Update {NASTY_ESCAPED}\nsecond line</div>"
        )),
        "{b}"
    );
    assert!(
        b.contains(&format!(
            "<h2>Report Closure Summary</h2><div class=\"md\">Closing {NASTY_ESCAPED}</div>"
        )),
        "{b}"
    );
    // The whole report section, as rendered (the page's snapshot).
    let start = b.find("<h2>Report</h2>").unwrap();
    let end = b.find("<h2>Linked requests</h2>").unwrap();
    let mut expected = String::from(
        "<h2>Report</h2><p>Sections of the CCADB Full Incident Report (CCADB Incident Reporting Guidelines 3.2).</p>",
    );
    for (name, label) in registry::incidents::SECTIONS {
        let text = match name {
            "timeline" => format!("timeline:\n{NASTY_ESCAPED} revised"),
            _ => format!("{name}:\n{NASTY_ESCAPED}"),
        };
        expected.push_str(&format!(
            "<section id=\"{name}\"><h3>{}</h3><div class=\"md\">{text}</div></section>",
            label.replace('\'', "&#39;")
        ));
    }
    assert_eq!(&b[start..end], expected);
    assert!(b.contains("<h3>Lessons Learned: What didn&#39;t go well</h3>"));
    // The head of the page: who filed, when, the next update, closure.
    assert!(
        b.contains("<dt>Filed</dt><dd>2025-01-10 00:00 UTC by manager</dd>"),
        "{b}"
    );
    assert!(
        b.contains("<dt>Closed</dt><dd>2025-01-10 04:00 UTC by manager</dd>"),
        "{b}"
    );
    assert!(b.contains("<dt>Status</dt><dd>closed</dd>"), "{b}");
    // The timeline: filed, update, closed, in order.
    let filed = b.find("<td>filed</td>").unwrap();
    let update = b.find("<td>update</td>").unwrap();
    let closed = b.find("<td>closed</td>").unwrap();
    assert!(filed < update && update < closed);
    // Closed: no forms, even for the program.
    let page = send(
        &w.app,
        with_cookie(Request::get("/incidents/1934567"), &manager),
    )
    .await;
    assert!(!page.body.contains("Post an update"));
    assert!(!page.body.contains("Close the incident"));
    let a = send(&w.app, call("GET", "/incidents/nope", None, None)).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
}

/// The forms on an open report, for the owner's member: update and close,
/// each with the token and the version shown; sections prefilled escaped.
#[tokio::test]
async fn open_report_offers_forms_to_its_owner() {
    let w = world("inc-forms").await;
    let r = file(&w, &w.member, preliminary()).await.json();
    let id = r["id"].as_str().unwrap().to_owned();
    let (member, csrf) = sign_in(&w, "member@secom").await;
    let page = send(
        &w.app,
        with_cookie(Request::get(format!("/incidents/{id}")), &member),
    )
    .await;
    let b = &page.body;
    assert!(
        b.contains("Post an update") && b.contains("Close the incident"),
        "{b}"
    );
    assert_eq!(
        b.matches(&format!("name=\"csrf\" value=\"{csrf}\""))
            .count(),
        3,
        "sign-out, update, close"
    );
    assert_eq!(b.matches("name=\"version\" value=\"1\"").count(), 2);
    assert!(
        b.contains(&format!(
            "<textarea id=\"summary\" name=\"summary\" rows=\"4\">- **Incident description:** {NASTY_ESCAPED}</textarea>"
        )),
        "{b}"
    );
    for who in [None, Some("reader"), Some("member@other")] {
        let page = match who {
            None => send(&w.app, call("GET", &format!("/incidents/{id}"), None, None)).await,
            Some(n) => {
                let (s, _) = sign_in(&w, n).await;
                send(
                    &w.app,
                    with_cookie(Request::get(format!("/incidents/{id}")), &s),
                )
                .await
            }
        };
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.body.contains("Post an update"), "{who:?}");
    }
}

/// Links to requests: a draft's link is shown (page and API) only to who
/// may see the draft; the request's page and API show its incidents.
#[tokio::test]
async fn request_links_respect_draft_visibility() {
    let w = world("inc-links").await;
    let a = send(
        &w.app,
        call("POST", "/api/v1/requests", Some(&w.member), Some(json!({}))),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    let draft = a.json()["request"]["id"].as_str().unwrap().to_owned();
    // Another owner's member cannot link SECOM's draft: it is "not found".
    let mut b = preliminary();
    b["requests"] = json!([draft]);
    let a = file(&w, &w.other_member, {
        let mut x = b.clone();
        x["owner"] = json!("Other CA");
        x
    })
    .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND, "{}", a.body);
    assert!(!a.body.contains("draft"), "{}", a.body);
    // SECOM's member links it.
    let a = file(&w, &w.member, b).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    let v = a.json();
    let id = v["id"].as_str().unwrap().to_owned();
    assert_eq!(v["requests"][0]["request_id"], json!(draft));
    let uri = format!("/api/v1/incidents/{id}");
    for (token, shown) in [
        (None, false),
        (Some(&w.public), false),
        (Some(&w.auditor), false),
        (Some(&w.other_member), false),
        (Some(&w.member), true),
        (Some(&w.manager), true),
    ] {
        let v = get_json(&w, &uri, token.map(String::as_str)).await;
        assert_eq!(
            v["requests"].as_array().unwrap().len(),
            usize::from(shown),
            "{token:?}"
        );
        let page = send(
            &w.app,
            call(
                "GET",
                &format!("/incidents/{id}"),
                token.map(String::as_str),
                None,
            ),
        )
        .await;
        assert_eq!(page.body.contains(&draft), shown, "{token:?}");
    }
    // The request's page and API list the incident.
    let r = get_json(&w, &format!("/api/v1/requests/{draft}"), Some(&w.member)).await;
    assert_eq!(r["incidents"][0]["id"], json!(id));
    let (member, _) = sign_in(&w, "member@secom").await;
    let page = send(
        &w.app,
        with_cookie(Request::get(format!("/requests/{draft}")), &member),
    )
    .await;
    assert!(
        page.body.contains("<h2>Linked incidents</h2>"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains(&format!(
            "<a href=\"/incidents/{id}\">{id}</a>: CPS not updated {NASTY_ESCAPED} (open)"
        )),
        "{}",
        page.body
    );
    // Through an update: an unknown request is not found, nothing changes.
    let a = send(
        &w.app,
        call(
            "POST",
            &format!("{uri}/updates"),
            Some(&w.member),
            Some(json!({"text": "t", "requests": ["R999-none"]})),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND, "{}", a.body);
    assert_eq!(
        get_json(&w, &uri, None).await["updates"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}
