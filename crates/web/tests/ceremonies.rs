//! Key ceremony records over HTTP, with real records from software-key
//! ceremonies: uploaded through the page form (pasted, with the CRLF line
//! breaks browsers send) and the API (the file as the body); a record whose
//! chain does not verify refused naming the step; the record page (steps,
//! keys, certificates linked to the registry, the sub-CA requests citing
//! them, the report as escaped preformatted text, the grants and their
//! forms) shown to the program and the owner's members, to an auditor only
//! while granted, answered 404 to everyone else; grants and revocations
//! through the forms and the API; the exact record file for download.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{Answer, Ceremony, run_ceremony, send};
use registry::workflow::{Items, Role};
use registry::{FixedClock, Registry};
use serde_json::{Value, json};

const OWNER_A: &str = "Alpha Trust Services Ltd.";
const OWNER_B: &str = "Beta Certification GmbH";
const NASTY: &str = "Alpha <script>alert('x')</script> & \"sub-CA\"";
const NASTY_ESCAPED: &str =
    "Alpha &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;sub-CA&quot;";

/// An account's credentials: API token, session cookie, CSRF token.
struct Account {
    token: String,
    cookie: String,
    csrf: String,
}

struct World {
    app: axum::Router,
    reg: Registry,
    pm: Account,
    a: Account,
    b: Account,
    auditor: Account,
    public: Account,
}

async fn world(tag: &str) -> World {
    let reg = Registry::open(&common::temp_db(tag)).await.unwrap();
    let clock = FixedClock(common::NOW);
    let mut accounts = Vec::new();
    for (name, role, owner) in [
        ("manager", Role::ProgramManager, None),
        ("member@alpha", Role::OwnerMember, Some(OWNER_A)),
        ("member@beta", Role::OwnerMember, Some(OWNER_B)),
        ("auditor", Role::Auditor, None),
        ("reader", Role::Public, None),
    ] {
        let actor = reg
            .add_user(name, common::PASSWORD, role, owner, &clock)
            .await
            .unwrap();
        let token = reg.create_api_token(name, "test", &clock).await.unwrap();
        let (session, s) = reg.create_session(&actor, &clock).await.unwrap();
        accounts.push(Account {
            token,
            cookie: format!("rootward_session={session}"),
            csrf: s.csrf,
        });
    }
    let mut it = accounts.into_iter();
    let mut next = || it.next().unwrap();
    World {
        app: web::router(web::AppState::new(
            Some(reg.clone()),
            Arc::new(FixedClock(common::NOW)),
        )),
        reg,
        pm: next(),
        a: next(),
        b: next(),
        auditor: next(),
        public: next(),
    }
}

impl World {
    async fn page(&self, who: Option<&Account>, uri: &str) -> Answer {
        let mut b = Request::get(uri);
        if let Some(w) = who {
            b = b.header(header::COOKIE, &w.cookie);
        }
        send(&self.app, b.body(Body::empty()).unwrap()).await
    }

    /// A page form sent with `who`'s session and CSRF token.
    async fn form(&self, who: &Account, uri: &str, fields: &[(&str, &str)]) -> Answer {
        let mut body: Vec<String> = fields
            .iter()
            .map(|(k, v)| format!("{}={}", common::form_encode(k), common::form_encode(v)))
            .collect();
        body.push(format!("csrf={}", common::form_encode(&who.csrf)));
        let req = Request::post(uri)
            .header(header::COOKIE, &who.cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body.join("&")))
            .unwrap();
        send(&self.app, req).await
    }

    async fn api(
        &self,
        who: Option<&Account>,
        method: &str,
        uri: &str,
        content_type: Option<&str>,
        body: impl Into<Body>,
    ) -> Answer {
        let mut b = Request::builder().method(method).uri(uri);
        if let Some(w) = who {
            b = b.header(header::AUTHORIZATION, format!("Bearer {}", w.token));
        }
        if let Some(ct) = content_type {
            b = b.header(header::CONTENT_TYPE, ct);
        }
        send(&self.app, b.body(body.into()).unwrap()).await
    }

    async fn upload(&self, who: &Account, owner: &str, c: &Ceremony) -> Answer {
        self.api(
            Some(who),
            "POST",
            &format!("/api/v1/ceremonies?owner={}", common::form_encode(owner)),
            Some("application/json"),
            c.record.clone(),
        )
        .await
    }
}

fn sha256(b: &[u8]) -> String {
    cert::hex_upper(&cert::digest::sha256(b))
}

fn location(a: &Answer) -> &str {
    a.headers
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

fn der_sha256(p: &std::path::Path) -> String {
    let bytes = std::fs::read(p).unwrap();
    let der = cert::source::ItemReader::new(std::io::BufReader::new(&bytes[..]))
        .next()
        .unwrap()
        .unwrap()
        .data
        .unwrap();
    sha256(&der)
}

#[tokio::test]
async fn a_record_pasted_into_the_form_is_shown_to_who_may_see_it() {
    let w = world("ceremony-pages").await;
    let c = run_ceremony(NASTY, true);
    let report = format!("{}\n<script>alert('report')</script>\n", c.report);
    // A browser sends the textarea's line breaks as CRLF.
    let pasted = String::from_utf8(c.record.clone())
        .unwrap()
        .replace('\n', "\r\n");
    let a = w
        .form(
            &w.a,
            "/ceremonies/new",
            &[
                ("owner", OWNER_A),
                ("record", &format!("{pasted}\r\n")),
                ("report", &report),
            ],
        )
        .await;
    let key = sha256(&c.record);
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    assert_eq!(location(&a), format!("/ceremonies/{key}"));

    // The registry holds the root: its certificate and key link to it.
    let root_sha = der_sha256(&c.out.join("root.pem"));
    let subca_sha = der_sha256(&c.out.join("subca.pem"));
    w.reg
        .import_pem(
            &c.out.join("root.pem"),
            &FixedClock(common::NOW),
            Default::default(),
        )
        .await
        .unwrap();
    // A draft request of A citing the sub-CA certificate.
    let member_a = w.reg.user("member@alpha").await.unwrap().unwrap();
    let draft = w
        .reg
        .create_request(
            &member_a,
            Items {
                certificate_sha256: Some(subca_sha.clone()),
                ..Items::default()
            },
            &FixedClock(common::NOW),
        )
        .await
        .unwrap();

    let uri = format!("/ceremonies/{key}");
    let p = w.page(Some(&w.a), &uri).await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.body);
    let b = &p.body;
    assert!(b.contains(NASTY_ESCAPED), "the title escaped");
    assert!(
        !b.contains("<script>"),
        "no markup from the record or report"
    );
    for needle in [
        "self-sign-root",
        "issue-from-csr",
        "Qualified Auditor",
        "Test room",
        "5 steps, all completed",
        &format!("<a href=\"/certificates/{root_sha}\">"),
        &format!("<code>{subca_sha}</code>"),
        &format!("<a href=\"/requests/{}\">", draft.id),
        "<pre class=\"report\">",
        "&lt;script&gt;alert(&#39;report&#39;)&lt;/script&gt;",
        "<strong>It is not the report",
        &format!("/api/v1/ceremonies/{key}/record"),
        "Not granted to any auditor.",
        "name=\"do\" value=\"grant\"",
        &format!("name=\"csrf\" value=\"{}\"", w.a.csrf),
    ] {
        assert!(b.contains(needle), "the page shows {needle}");
    }
    assert!(
        !b.contains(&format!("<a href=\"/certificates/{subca_sha}\">")),
        "the sub-CA certificate is not in the registry"
    );
    assert!(
        !b.contains("name=\"do\" value=\"report\""),
        "the report is attached: no form to attach one"
    );

    // And the other way: the request's page lists the record naming its
    // certificate, for those who may see the record.
    let req_uri = format!("/requests/{}", draft.id);
    let rp = w.page(Some(&w.a), &req_uri).await;
    assert_eq!(rp.status, StatusCode::OK, "{}", rp.body);
    assert!(
        rp.body.contains("<h2>Key ceremony records</h2>"),
        "{}",
        rp.body
    );
    assert!(rp.body.contains(&format!("<a href=\"/ceremonies/{key}\">")));
    let rp = w.page(Some(&w.pm), &req_uri).await;
    assert!(rp.body.contains(&format!("<a href=\"/ceremonies/{key}\">")));

    // Who sees it: the program; not B, an auditor without a grant, the public.
    assert_eq!(w.page(Some(&w.pm), &uri).await.status, StatusCode::OK);
    let pm_page = w.page(Some(&w.pm), &uri).await;
    assert!(
        pm_page
            .body
            .contains(&format!("<a href=\"/requests/{}\">", draft.id))
    );
    for who in [&w.b, &w.auditor, &w.public] {
        let p = w.page(Some(who), &uri).await;
        assert_eq!(p.status, StatusCode::NOT_FOUND);
        assert!(!p.body.contains("Alpha"), "nothing of the record");
        assert!(!w.page(Some(who), "/ceremonies").await.body.contains(&key));
    }
    let anon = w.page(None, &uri).await;
    assert_eq!(
        (anon.status, location(&anon)),
        (StatusCode::SEE_OTHER, "/signin")
    );

    // Granted through the form: the auditor reads it, without the forms.
    let g = w
        .form(&w.a, &uri, &[("do", "grant"), ("auditor", "auditor")])
        .await;
    assert_eq!(g.status, StatusCode::SEE_OTHER, "{}", g.body);
    let p = w.page(Some(&w.auditor), &uri).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.body.contains("by member@alpha"), "the auditor's grant");
    assert!(!p.body.contains("name=\"do\""), "no forms for the auditor");
    assert!(
        w.page(Some(&w.auditor), "/ceremonies")
            .await
            .body
            .contains(&format!("/ceremonies/{key}\""))
    );
    assert!(
        !p.body.contains(&format!("/requests/{}", draft.id)),
        "the auditor may not see A's draft"
    );
    // Granting again, or to someone who is not an auditor, says why.
    let again = w
        .form(&w.pm, &uri, &[("do", "grant"), ("auditor", "auditor")])
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("already"), "{}", again.body);
    let reader = w
        .form(&w.pm, &uri, &[("do", "grant"), ("auditor", "reader")])
        .await;
    assert_eq!(reader.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The auditor may not revoke; B may not see.
    let r = w
        .form(
            &w.auditor,
            &uri,
            &[("do", "revoke"), ("auditor", "auditor")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = w
        .form(&w.b, &uri, &[("do", "revoke"), ("auditor", "auditor")])
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(
        !r.body.contains(&format!("/ceremonies/{key}")),
        "no link back"
    );

    // Revoked through the form: gone for the auditor, kept as history.
    let r = w
        .form(&w.pm, &uri, &[("do", "revoke"), ("auditor", "auditor")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        w.page(Some(&w.auditor), &uri).await.status,
        StatusCode::NOT_FOUND
    );
    let p = w.page(Some(&w.a), &uri).await;
    assert!(p.body.contains("by manager"), "revoked by the manager");

    // The same record again is refused.
    let again = w
        .form(
            &w.pm,
            "/ceremonies/new",
            &[("owner", OWNER_A), ("record", &pasted)],
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("stored already"));
}

#[tokio::test]
async fn a_tampered_record_is_refused_naming_the_step() {
    let w = world("ceremony-tampered").await;
    let c = run_ceremony("Tampered ceremony", false);
    // A step edited and the record written out again as the tool writes it.
    let mut r: ca::ceremony::Record = serde_json::from_slice(&c.record).unwrap();
    r.steps[1].outcome = "ok (witnessed)".into();
    let tampered = serde_json::to_vec_pretty(&r).unwrap();

    let a = w
        .api(
            Some(&w.a),
            "POST",
            "/api/v1/ceremonies",
            Some("application/json"),
            tampered.clone(),
        )
        .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    let msg = a.json()["error"].as_str().unwrap().to_owned();
    assert!(
        msg.contains("step 2 (self-sign-root) was altered"),
        "the error names the step: {msg}"
    );

    let p = w
        .form(
            &w.a,
            "/ceremonies/new",
            &[("record", std::str::from_utf8(&tampered).unwrap())],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.body.contains("step 2 (self-sign-root) was altered"));
    assert!(p.body.contains("<textarea id=\"record\""), "the form again");

    // Byte edits the parser would ignore are refused too.
    let mut spaced = c.record.clone();
    spaced.insert(1, b' ');
    let a = w
        .api(
            Some(&w.a),
            "POST",
            "/api/v1/ceremonies",
            Some("application/json"),
            spaced,
        )
        .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(a.body.contains("byte-identical"), "{}", a.body);
    // Nothing stored.
    let list = w
        .api(Some(&w.a), "GET", "/api/v1/ceremonies", None, Body::empty())
        .await;
    assert_eq!(list.json(), json!([]));
}

#[tokio::test]
async fn the_api_uploads_lists_grants_and_serves_the_record_file() {
    let w = world("ceremony-api").await;
    let c = run_ceremony("Alpha sub-CA key generation", true);
    let key = sha256(&c.record);
    let subca_sha = der_sha256(&c.out.join("subca.pem"));

    // Only JSON, only for an owner the caller manages.
    let a = w
        .api(
            Some(&w.a),
            "POST",
            "/api/v1/ceremonies",
            Some("text/plain"),
            c.record.clone(),
        )
        .await;
    assert_eq!(a.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(
        w.upload(&w.b, OWNER_A, &c).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        w.upload(&w.auditor, OWNER_A, &c).await.status,
        StatusCode::FORBIDDEN
    );
    let a = w
        .api(
            Some(&w.pm),
            "POST",
            "/api/v1/ceremonies",
            Some("application/json"),
            c.record.clone(),
        )
        .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "no owner named");

    // A's member uploads (the owner is theirs when not named).
    let a = w
        .api(
            Some(&w.a),
            "POST",
            "/api/v1/ceremonies",
            Some("application/json"),
            c.record.clone(),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    let v = a.json();
    assert_eq!(v["sha256"], key.as_str());
    assert_eq!(v["owner"], OWNER_A);
    assert_eq!(v["access"], "manage");
    assert_eq!(v["steps"], 5);
    assert_eq!(v["report"], Value::Null);
    assert_eq!(v["record"]["steps"][4]["id"], "issue-subca");
    let fps = v["fingerprints"].as_array().unwrap();
    assert_eq!(fps.len(), 4, "two keys, two certificates: {fps:?}");
    assert!(fps.iter().any(|f| f["sha256"] == subca_sha.as_str()));
    assert_eq!(
        w.upload(&w.pm, OWNER_A, &c).await.status,
        StatusCode::CONFLICT
    );

    // The report, once.
    let uri = format!("/api/v1/ceremonies/{key}/report");
    let a = w
        .api(
            Some(&w.a),
            "POST",
            &uri,
            Some("text/markdown"),
            c.report.clone(),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.json()["report_matches_record"], true);
    let a = w
        .api(
            Some(&w.pm),
            "POST",
            &uri,
            Some("text/markdown"),
            c.report.clone(),
        )
        .await;
    assert_eq!(a.status, StatusCode::CONFLICT);

    // By fingerprint.
    let w = &w;
    let by = |who, sha: &str| {
        let uri = format!("/api/v1/ceremonies?fingerprint={sha}");
        async move { w.api(Some(who), "GET", &uri, None, Body::empty()).await }
    };
    assert_eq!(
        by(&w.pm, &subca_sha).await.json()[0]["sha256"],
        key.as_str()
    );
    assert_eq!(by(&w.b, &subca_sha).await.json(), json!([]));
    assert_eq!(by(&w.pm, &"AB".repeat(32)).await.json(), json!([]));

    // Grants: to auditors, once; the auditor then reads the record and its file.
    let grants = format!("/api/v1/ceremonies/{key}/grants");
    let grant = |who, auditor: &str| {
        w.api(
            Some(who),
            "POST",
            &grants,
            Some("application/json"),
            json!({ "auditor": auditor }).to_string(),
        )
    };
    assert_eq!(
        grant(&w.a, "reader").await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        grant(&w.a, "nobody").await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(grant(&w.b, "auditor").await.status, StatusCode::NOT_FOUND);
    let g = grant(&w.a, "auditor").await;
    assert_eq!(g.status, StatusCode::CREATED, "{}", g.body);
    assert_eq!(
        g.json(),
        json!({"auditor": "auditor", "granted_by": "member@alpha", "granted_at": common::NOW, "revoked_by": null, "revoked_at": null})
    );
    assert_eq!(grant(&w.pm, "auditor").await.status, StatusCode::CONFLICT);
    let seen = w
        .api(
            Some(&w.auditor),
            "GET",
            &format!("/api/v1/ceremonies/{key}"),
            None,
            Body::empty(),
        )
        .await;
    assert_eq!(seen.status, StatusCode::OK);
    assert_eq!(seen.json()["access"], "read");
    let file = w
        .api(
            Some(&w.auditor),
            "GET",
            &format!("/api/v1/ceremonies/{key}/record"),
            None,
            Body::empty(),
        )
        .await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.body.as_bytes(), &c.record[..], "the file as uploaded");
    assert!(
        file.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"ceremony-record-")
    );
    assert_eq!(
        ca::ceremony::verify_record(file.body.as_bytes(), None).unwrap(),
        5,
        "it verifies as downloaded"
    );
    let a = w
        .api(
            Some(&w.auditor),
            "POST",
            &uri,
            Some("text/markdown"),
            "# mine",
        )
        .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN, "auditors read only");

    // Revoked: 404 for the auditor; revoking again is 404.
    let revoke = format!("/api/v1/ceremonies/{key}/grants/auditor");
    let r = w
        .api(Some(&w.auditor), "DELETE", &revoke, None, Body::empty())
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = w
        .api(Some(&w.pm), "DELETE", &revoke, None, Body::empty())
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["revoked_by"], "manager");
    let r = w
        .api(Some(&w.pm), "DELETE", &revoke, None, Body::empty())
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    for path in [
        format!("/api/v1/ceremonies/{key}"),
        format!("/api/v1/ceremonies/{key}/record"),
    ] {
        let a = w
            .api(Some(&w.auditor), "GET", &path, None, Body::empty())
            .await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(
        w.api(
            Some(&w.auditor),
            "GET",
            "/api/v1/ceremonies",
            None,
            Body::empty()
        )
        .await
        .json(),
        json!([])
    );
    // The public and anonymous callers see nothing.
    assert_eq!(
        w.api(
            Some(&w.public),
            "GET",
            "/api/v1/ceremonies",
            None,
            Body::empty()
        )
        .await
        .json(),
        json!([])
    );
    assert_eq!(
        w.api(None, "GET", "/api/v1/ceremonies", None, Body::empty())
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}

/// The files chosen on the forms (multipart/form-data, as browsers send a
/// form with a file input): the record and its report on the upload form,
/// the report on the record page.
#[tokio::test]
async fn the_files_chosen_on_the_forms_are_uploaded() {
    let w = world("ceremony-files").await;
    let send_form =
        |who: &Account, uri: &str, fields: &[(&str, &str)], files: &[(&str, &str, &[u8])]| {
            let mut all = fields.to_vec();
            all.push(("csrf", who.csrf.as_str()));
            let (ct, body) = common::multipart(&all, files);
            Request::post(uri)
                .header(header::COOKIE, &who.cookie)
                .header(header::CONTENT_TYPE, ct)
                .body(Body::from(body))
                .unwrap()
        };
    let c = run_ceremony("Alpha key generation", false);
    let a = send(
        &w.app,
        send_form(
            &w.a,
            "/ceremonies/new",
            &[("owner", OWNER_A), ("record", ""), ("report", "")],
            &[
                ("record_file", "ceremony-record.json", &c.record),
                (
                    "report_file",
                    "key-generation-report.md",
                    c.report.as_bytes(),
                ),
            ],
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let key = sha256(&c.record);
    let p = w.page(Some(&w.a), &format!("/ceremonies/{key}")).await;
    assert!(
        p.body
            .contains("It is the report <code>rootward ceremony run</code> writes")
    );

    // A second record without a report; the report chosen on its page.
    let c2 = run_ceremony("Alpha second key generation", false);
    let a = send(
        &w.app,
        send_form(
            &w.pm,
            "/ceremonies/new",
            &[("owner", OWNER_A)],
            &[("record_file", "ceremony-record.json", &c2.record)],
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let uri = format!("/ceremonies/{}", sha256(&c2.record));
    assert!(
        w.page(Some(&w.a), &uri)
            .await
            .body
            .contains("name=\"report_file\"")
    );
    let bad = send(
        &w.app,
        send_form(
            &w.a,
            &uri,
            &[("do", "report")],
            &[("report_file", "report.md", &[0xff, 0xfe, 0x00])],
        ),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("not UTF-8"), "{}", bad.body);
    let ok = send(
        &w.app,
        send_form(
            &w.a,
            &uri,
            &[("do", "report")],
            &[("report_file", "report.md", c2.report.as_bytes())],
        ),
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let p = w.page(Some(&w.pm), &uri).await;
    assert!(p.body.contains("Attached") && p.body.contains("by member@alpha"));
    assert!(!p.body.contains("name=\"report_file\""), "attached once");
}
