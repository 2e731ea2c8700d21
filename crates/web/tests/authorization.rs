//! Authorization matrix (issue 6): every route of `web::router`, with each
//! method it is routed for, sent as every role: the program manager, a
//! member of owner A, a member of owner B, an auditor, a signed-in public
//! account and an anonymous visitor. Each row names the exact status each
//! role gets and why. Around it:
//!
//! - a guard that reads the routes out of `src/lib.rs` and fails when one
//!   has no row (and when a row names a route that no longer exists), so a
//!   new route cannot be added without deciding who may use it;
//! - every state-changing route sent with a session cookie and no CSRF
//!   token, a wrong one, and the right one (form field `csrf` for pages,
//!   header `X-CSRF-Token` for the API); the matrix itself sends API writes
//!   with Bearer tokens, which need none;
//! - drafts never listed, searched or linked to anyone who may not read
//!   them (`workflow::may_see`);
//! - uploading content already stored tells a caller who may not download
//!   that file nothing about it (its name, uploader, time);
//! - ceremony records listed only to who may see them
//!   (`registry::ceremonies::access`).
//!
//! Pages are sent with each role's session cookie (and the session's CSRF
//! token in forms), `/api/v1` with each role's API token. Rows that change
//! a request or close an incident work on a fresh fixture of their own
//! (`<fresh_…>`), so the shared fixtures keep their state for every row.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{Answer, PASSWORD, form_encode, send};
use registry::workflow::Role;
use registry::{FixedClock, Registry};
use serde_json::{Value, json};

const OWNER_A: &str = "Alpha Trust Services Ltd.";
const OWNER_B: &str = "Beta Certification GmbH";
/// The clock of the whole test: 2027-01-04 (inside the test root's validity).
const NOW: i64 = 1_799_020_800;

/// The content of the file A's member uploads.
const A_FILE: &str = "%PDF-1.7\nAlpha's private key generation report\n";

/// A self-signed P-256 CA certificate made for this test with
/// `openssl req -x509` (no private key is kept), so the certificate routes
/// answer for a certificate the registry holds without the shared corpus.
const TEST_ROOT_PEM: &str = "-----BEGIN CERTIFICATE-----
MIICBzCCAa2gAwIBAgIUY8tlGYaoAJxlg1M9PLQlaWWu/MIwCgYIKoZIzj0EAwIw
UTEkMCIGA1UECgwbUm9vdHdhcmQgQXV0aG9yaXphdGlvbiBUZXN0MSkwJwYDVQQD
DCBSb290d2FyZCBBdXRob3JpemF0aW9uIFRlc3QgUm9vdDAeFw0yNjExMjcxMzIx
MjNaFw0zNjExMjQxMzIxMjNaMFExJDAiBgNVBAoMG1Jvb3R3YXJkIEF1dGhvcml6
YXRpb24gVGVzdDEpMCcGA1UEAwwgUm9vdHdhcmQgQXV0aG9yaXphdGlvbiBUZXN0
IFJvb3QwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAQ8UtcXzHE24ViRE4pRYTc7
ed+VOL1d14Vv0jUcMfjJUPUpW8tdtkqkDPDimBi5ihNQ+d3juWn/nclg+5SZyPfF
o2MwYTAdBgNVHQ4EFgQUGjNoqwP5YACAj1XrN7tniIAByFYwHwYDVR0jBBgwFoAU
GjNoqwP5YACAj1XrN7tniIAByFYwDwYDVR0TAQH/BAUwAwEB/zAOBgNVHQ8BAf8E
BAMCAQYwCgYIKoZIzj0EAwIDSAAwRQIhANwsir2Na9HXEMObFBcSnFllrdMxy0nJ
c1P1NtcqZAhtAiBGB4wShgg64RYUynguzLFpNLOHUWLzJ0KblsAtvTdVlQ==
-----END CERTIFICATE-----
";

// ---------------------------------------------------------------------------
// Roles and expectations
// ---------------------------------------------------------------------------

/// Who asks. The order is the order of the expectation columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    /// Program manager.
    Pm,
    /// Member of owner A (who owns the fixtures).
    MemberA,
    /// Member of owner B.
    MemberB,
    /// Auditor.
    Auditor,
    /// A signed-in account with the public role.
    Public,
    /// Nobody signed in.
    Anonymous,
}

const WHO: [Who; 6] = [
    Who::Pm,
    Who::MemberA,
    Who::MemberB,
    Who::Auditor,
    Who::Public,
    Who::Anonymous,
];

impl Who {
    /// Account name, role and owner (`None` for the anonymous visitor).
    fn account(self) -> Option<(&'static str, Role, Option<&'static str>)> {
        match self {
            Who::Pm => Some(("manager", Role::ProgramManager, None)),
            Who::MemberA => Some(("member@alpha", Role::OwnerMember, Some(OWNER_A))),
            Who::MemberB => Some(("member@beta", Role::OwnerMember, Some(OWNER_B))),
            Who::Auditor => Some(("auditor", Role::Auditor, None)),
            Who::Public => Some(("reader", Role::Public, None)),
            Who::Anonymous => None,
        }
    }
    /// The name sent to `/signin` (the anonymous visitor tries one that does not exist).
    fn name(self) -> &'static str {
        self.account().map_or("nobody", |a| a.0)
    }
}

/// What a cell must answer: allowed (200, 201, or 303 to somewhere other
/// than the sign-in page), sent to sign in, or refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    Allowed(u16),
    /// 303 to `/signin`: a page that needs an account, asked anonymously.
    SignIn,
    Refused(u16),
}

const A200: Expect = Expect::Allowed(200);
const A201: Expect = Expect::Allowed(201);
const A303: Expect = Expect::Allowed(303);
const SIGNIN: Expect = Expect::SignIn;
const R401: Expect = Expect::Refused(401);
const R403: Expect = Expect::Refused(403);
const R404: Expect = Expect::Refused(404);

/// Everyone, signed in or not.
const ALL_200: [Expect; 6] = [A200; 6];

impl Expect {
    fn check(self, a: &Answer) -> Result<(), String> {
        let location = a
            .headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let ok = match self {
            Expect::Allowed(303) => a.status == StatusCode::SEE_OTHER && location != "/signin",
            Expect::Allowed(s) | Expect::Refused(s) => a.status.as_u16() == s,
            Expect::SignIn => a.status == StatusCode::SEE_OTHER && location == "/signin",
        };
        if ok {
            Ok(())
        } else {
            let mut body = a.body.clone();
            body.truncate(300);
            Err(format!(
                "expected {self:?}, got {} (location {location:?}): {body}",
                a.status
            ))
        }
    }
}

// ---------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------

/// What a row sends as its body. Strings may hold placeholders (`<draft>`,
/// `<owner_a>`, ...; see [`World::fill`]).
#[derive(Clone, Copy, Debug)]
enum Payload {
    Empty,
    /// JSON text.
    Json(&'static str),
    /// URL-encoded form fields (the session's `csrf` is added for pages).
    Form(&'static [(&'static str, &'static str)]),
    /// A body of the given content type.
    File(&'static str, &'static str),
}

/// One route case, sent as each of the six roles.
struct Row {
    method: &'static str,
    /// The route exactly as `src/lib.rs` declares it.
    route: &'static str,
    /// The URI sent, with placeholders for the fixtures.
    uri: &'static str,
    body: Payload,
    /// Pm, MemberA, MemberB, Auditor, Public, Anonymous.
    expect: [Expect; 6],
    /// Why each role gets what it gets.
    why: &'static str,
    /// Sign in afresh for this row (signing out ends the session).
    fresh_session: bool,
}

const fn row(
    method: &'static str,
    route: &'static str,
    uri: &'static str,
    body: Payload,
    expect: [Expect; 6],
    why: &'static str,
) -> Row {
    Row {
        method,
        route,
        uri,
        body,
        expect,
        why,
        fresh_session: false,
    }
}

/// Complete items of a request (all nine, so it can be submitted).
const ITEMS: &str = r#"{
    "operator_legal_name": "Alpha Sub-CA Operations Ltd.",
    "operator_website": "https://alpha.example/",
    "root_sha256": "9EAB9B616DC2F9F3F415A32B90079E192881892FDDB9D647EA15D0510B767516",
    "new_subca_name": "Alpha S/MIME CA 1",
    "certificate_sha256": "CDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCD",
    "cp_cps": {"url": "https://alpha.example/cps", "version": "1.0", "date": "2026-12-01"},
    "audits": ["WebTrust for CAs 2026"],
    "self_assessment": {"file_sha256": "ABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABAB", "date": "2026-12-01", "template_version": "2026"},
    "root_operator_review": "policies and audits reviewed",
    "value_justification": "S/MIME for the operator's customers",
    "incidents": []
}"#;

/// The filing form of `/requests/new`.
const NEW_REQUEST_FORM: &[(&str, &str)] = &[
    ("operator_legal_name", "Filed Through The Form Ltd."),
    ("operator_website", "https://form.example/"),
    ("new_subca_name", "Form CA 1"),
    ("value_justification", "filed through the page"),
];

/// The matrix. Columns: Pm, MemberA, MemberB, Auditor, Public, Anonymous.
fn matrix() -> Vec<Row> {
    use Payload::{Empty, File, Form, Json};
    vec![
        // ---- Pages without an account ----
        row("GET", "/", "/", Empty, ALL_200, "the home page is public"),
        row(
            "GET",
            "/lint",
            "/lint",
            Empty,
            ALL_200,
            "the lint form is public",
        ),
        row(
            "POST",
            "/lint",
            "/lint",
            Form(&[("pem", "<cert_pem>")]),
            ALL_200,
            "linting stores nothing: no account and no CSRF token needed (pages::lint_submit)",
        ),
        row(
            "GET",
            "/search",
            "/search?q=Rootward",
            Empty,
            ALL_200,
            "certificate search is public registry data (requests are not searched)",
        ),
        row(
            "GET",
            "/certificates/{sha256}",
            "/certificates/<cert>",
            Empty,
            ALL_200,
            "certificate pages are public registry data",
        ),
        row(
            "GET",
            "/certificates/{sha256}/tree",
            "/certificates/<cert>/tree",
            Empty,
            ALL_200,
            "the hierarchy is public registry data",
        ),
        row(
            "GET",
            "/static/style.css",
            "/static/style.css",
            Empty,
            ALL_200,
            "the stylesheet is public",
        ),
        // ---- Sign-in and sign-out ----
        row(
            "GET",
            "/signin",
            "/signin",
            Empty,
            ALL_200,
            "anyone may see the sign-in form",
        ),
        row(
            "POST",
            "/signin",
            "/signin",
            Form(&[("name", "<name>"), ("password", "<password>")]),
            [A303, A303, A303, A303, A303, R401],
            "each account signs in with its own password (303 to /requests); an unknown name is 401 (auth::signin)",
        ),
        Row {
            fresh_session: true,
            ..row(
                "POST",
                "/signout",
                "/signout",
                Form(&[]),
                [A303, A303, A303, A303, A303, R401],
                "signing out needs a session and its CSRF token; without a session: 401 (Auth::for_change)",
            )
        },
        // ---- Compliance dashboard ----
        row(
            "GET",
            "/dashboard",
            "/dashboard",
            Empty,
            [A200, A200, A200, R403, R403, R401],
            "dashboard::reports: the program sees every owner, a member only its own; auditors and the public are refused; anonymous must sign in",
        ),
        row(
            "GET",
            "/api/v1/dashboard",
            "/api/v1/dashboard",
            Empty,
            [A200, A200, A200, R403, R403, R401],
            "as the page: dashboard::reports",
        ),
        // ---- Incident pages ----
        row(
            "GET",
            "/incidents",
            "/incidents",
            Empty,
            ALL_200,
            "incidents are public (registry::incidents: CCADB reports are public Bugzilla bugs)",
        ),
        row(
            "GET",
            "/incidents/new",
            "/incidents/new",
            Empty,
            [A200, A200, A200, R403, R403, SIGNIN],
            "incidents::may_file: the program and owner members get the form (it names the owner; filing checks may_change); anonymous is sent to sign in",
        ),
        row(
            "POST",
            "/incidents/new",
            "/incidents/new",
            Form(&[
                ("owner", "<owner_a>"),
                ("title", "filed through the page for A"),
                ("summary", "what happened"),
            ]),
            [A303, A303, R403, R403, R403, R401],
            "filing for owner A: incidents::may_change — the program and A's members; B's member, auditors and the public 403",
        ),
        row(
            "POST",
            "/incidents/new",
            "/incidents/new",
            Form(&[
                ("owner", "<owner_b>"),
                ("title", "filed through the page for B"),
                ("summary", "what happened"),
            ]),
            [A303, R403, A303, R403, R403, R401],
            "filing for owner B: incidents::may_change — A's member may not file for B",
        ),
        row(
            "GET",
            "/incidents/{id}",
            "/incidents/<incident>",
            Empty,
            ALL_200,
            "an incident of A is public to read",
        ),
        row(
            "POST",
            "/incidents/{id}",
            "/incidents/<incident>",
            Form(&[("do", "update"), ("text", "progress through the page")]),
            [A303, A303, R403, R403, R403, R401],
            "updating A's incident: incidents::may_change — the program and A's members only",
        ),
        row(
            "POST",
            "/incidents/{id}",
            "/incidents/<fresh_incident>",
            Form(&[("do", "close"), ("closing_summary", "remediated")]),
            [A303, A303, R403, R403, R403, R401],
            "closing A's incident (every section written): incidents::may_change",
        ),
        // ---- Incident API ----
        row(
            "GET",
            "/api/v1/incidents",
            "/api/v1/incidents",
            Empty,
            ALL_200,
            "incidents are public",
        ),
        row(
            "POST",
            "/api/v1/incidents",
            "/api/v1/incidents",
            Json(
                r#"{"owner": "<owner_a>", "title": "filed through the API", "sections": {"summary": "what happened"}}"#,
            ),
            [A201, A201, R403, R403, R403, R401],
            "filing for owner A with a Bearer token (no CSRF): incidents::may_change",
        ),
        row(
            "POST",
            "/api/v1/incidents",
            "/api/v1/incidents",
            Json(
                r#"{"owner": "<owner_a>", "title": "linking B's draft", "sections": {"summary": "what happened"}, "requests": ["<draft_b>"]}"#,
            ),
            [A201, R404, R403, R403, R403, R401],
            "linking B's draft: the program may see it (the link is shown only to who may: visible_to); A's member may not see it, so to A it does not exist (404: link_requests uses workflow::may_see); B may not file for A (403)",
        ),
        row(
            "GET",
            "/api/v1/incidents/{id}",
            "/api/v1/incidents/<incident>",
            Empty,
            ALL_200,
            "an incident of A is public to read (links filtered: IncidentReport::visible_to)",
        ),
        row(
            "POST",
            "/api/v1/incidents/{id}/updates",
            "/api/v1/incidents/<incident>/updates",
            Json(r#"{"text": "progress through the API"}"#),
            [A201, A201, R403, R403, R403, R401],
            "updating A's incident: incidents::may_change",
        ),
        row(
            "POST",
            "/api/v1/incidents/{id}/close",
            "/api/v1/incidents/<fresh_incident>/close",
            Json(r#"{"summary": "remediated"}"#),
            [A200, A200, R403, R403, R403, R401],
            "closing A's incident: incidents::may_change",
        ),
        // ---- Attachments ----
        row(
            "POST",
            "/api/v1/attachments",
            "/api/v1/attachments?filename=upload.txt",
            File("text/plain", "a file of <name>"),
            [A201, A201, A201, A201, R403, R401],
            "attachments::upload: owner members, auditors and the program upload; the public does not",
        ),
        row(
            "GET",
            "/api/v1/attachments/{sha256}",
            "/api/v1/attachments/<attachment>",
            Empty,
            [A200, A200, R404, A200, R404, R401],
            "attachments::download of A's member's file: the program, auditors and A's members; B and the public get 404 (existence not disclosed)",
        ),
        // ---- Ceremony records (registry::ceremonies::access) ----
        row(
            "GET",
            "/ceremonies",
            "/ceremonies",
            Empty,
            [A200, A200, A200, A200, A200, SIGNIN],
            "the list is for every account, filtered by ceremonies::access (what each sees: ceremonies.rs); anonymous is sent to sign in",
        ),
        row(
            "GET",
            "/ceremonies/new",
            "/ceremonies/new",
            Empty,
            [A200, A200, A200, R403, R403, SIGNIN],
            "the upload form: the program and owner members (the registry checks the owner named); auditors and the public 403",
        ),
        row(
            "POST",
            "/ceremonies/new",
            "/ceremonies/new",
            Form(&[("owner", "<owner_a>"), ("record", "<fresh_ceremony>")]),
            [A303, A303, R403, R403, R403, R401],
            "uploading a record for A: ceremonies::access Manage — the program and A's members; B, auditors and the public 403",
        ),
        row(
            "GET",
            "/ceremonies/{sha256}",
            "/ceremonies/<record>",
            Empty,
            [A200, A200, R404, A200, R404, SIGNIN],
            "A's record granted to the auditor: the program, A's members and the auditor; B and the public 404 (existence not disclosed)",
        ),
        row(
            "GET",
            "/ceremonies/{sha256}",
            "/ceremonies/<record_ungranted>",
            Empty,
            [A200, A200, R404, R404, R404, SIGNIN],
            "A's record granted to nobody: an auditor without a grant gets 404 like anyone else who may not see it",
        ),
        row(
            "POST",
            "/ceremonies/{sha256}",
            "/ceremonies/<fresh_record>",
            Form(&[("do", "grant"), ("auditor", "auditor")]),
            [A303, A303, R404, R404, R404, R401],
            "granting A's record: the program and A's members; those who may not see it 404",
        ),
        row(
            "POST",
            "/ceremonies/{sha256}",
            "/ceremonies/<fresh_granted>",
            Form(&[("do", "revoke"), ("auditor", "auditor")]),
            [A303, A303, R404, R403, R404, R401],
            "revoking a grant: the program and A's members; the granted auditor reads the record but may not change its grants (403)",
        ),
        row(
            "POST",
            "/ceremonies/{sha256}",
            "/ceremonies/<fresh_record>",
            Form(&[("do", "report"), ("report", "# Key Generation Report")]),
            [A303, A303, R404, R404, R404, R401],
            "attaching the report: the program and A's members",
        ),
        row(
            "GET",
            "/api/v1/ceremonies",
            "/api/v1/ceremonies",
            Empty,
            [A200, A200, A200, A200, A200, R401],
            "the list, filtered by ceremonies::access; anonymous 401",
        ),
        row(
            "POST",
            "/api/v1/ceremonies",
            "/api/v1/ceremonies?owner=<owner_a_query>",
            Json("<fresh_ceremony>"),
            [A201, A201, R403, R403, R403, R401],
            "uploading a record for A: the program and A's members (ceremonies::access Manage)",
        ),
        row(
            "GET",
            "/api/v1/ceremonies/{sha256}",
            "/api/v1/ceremonies/<record>",
            Empty,
            [A200, A200, R404, A200, R404, R401],
            "A's record granted to the auditor",
        ),
        row(
            "GET",
            "/api/v1/ceremonies/{sha256}",
            "/api/v1/ceremonies/<record_ungranted>",
            Empty,
            [A200, A200, R404, R404, R404, R401],
            "A's record granted to nobody",
        ),
        row(
            "GET",
            "/api/v1/ceremonies/{sha256}/record",
            "/api/v1/ceremonies/<record>/record",
            Empty,
            [A200, A200, R404, A200, R404, R401],
            "the record file: as the record",
        ),
        row(
            "GET",
            "/api/v1/ceremonies/{sha256}/record",
            "/api/v1/ceremonies/<record_ungranted>/record",
            Empty,
            [A200, A200, R404, R404, R404, R401],
            "the file of a record granted to nobody",
        ),
        row(
            "POST",
            "/api/v1/ceremonies/{sha256}/report",
            "/api/v1/ceremonies/<fresh_record>/report",
            File("text/markdown", "# Key Generation Report"),
            [A200, A200, R404, R404, R404, R401],
            "attaching the report: the program and A's members",
        ),
        row(
            "POST",
            "/api/v1/ceremonies/{sha256}/grants",
            "/api/v1/ceremonies/<fresh_record>/grants",
            Json(r#"{"auditor": "auditor"}"#),
            [A201, A201, R404, R404, R404, R401],
            "granting: the program and A's members",
        ),
        row(
            "DELETE",
            "/api/v1/ceremonies/{sha256}/grants/{auditor}",
            "/api/v1/ceremonies/<fresh_granted>/grants/auditor",
            Empty,
            [A200, A200, R404, R403, R404, R401],
            "revoking: the program and A's members; the granted auditor 403",
        ),
        // ---- Request pages ----
        row(
            "GET",
            "/requests",
            "/requests",
            Empty,
            ALL_200,
            "the list is for everyone, filtered by workflow::may_see (checked in drafts_are_never_shown_to_who_may_not_read_them)",
        ),
        row(
            "GET",
            "/requests/new",
            "/requests/new",
            Empty,
            [R403, A200, A200, R403, R403, SIGNIN],
            "new_request::form: only owner members file requests; anonymous is sent to sign in",
        ),
        row(
            "POST",
            "/requests/new",
            "/requests/new",
            Form(NEW_REQUEST_FORM),
            [R403, A303, A303, R403, R403, R401],
            "Registry::create_request: only members of a CA owner file (for their own owner)",
        ),
        row(
            "GET",
            "/requests/{id}",
            "/requests/<draft>",
            Empty,
            [A200, A200, R404, R404, R404, R404],
            "A's draft: workflow::may_see — its owner's members and the program; B's member may not read it, nor anyone else (404: existence not disclosed)",
        ),
        row(
            "GET",
            "/requests/{id}",
            "/requests/<draft_b>",
            Empty,
            [A200, R404, A200, R404, R404, R404],
            "B's draft: workflow::may_see — A's member may not read it",
        ),
        row(
            "GET",
            "/requests/{id}",
            "/requests/<submitted>",
            Empty,
            ALL_200,
            "submitted: left the draft state, public (workflow::may_see)",
        ),
        row(
            "GET",
            "/requests/{id}",
            "/requests/<discussion>",
            Empty,
            ALL_200,
            "in public discussion: public (workflow::may_see)",
        ),
        row(
            "POST",
            "/requests/{id}",
            "/requests/<draft>",
            Form(&[("comment", "a comment on the draft")]),
            [A303, A303, R404, R404, R404, R401],
            "commenting on A's draft: workflow::may_read then may_comment — the program and A's members; others cannot see it (404)",
        ),
        row(
            "POST",
            "/requests/{id}",
            "/requests/<submitted>",
            Form(&[("comment", "a comment on the submitted request")]),
            [A303, A303, R403, R403, R403, R401],
            "workflow::may_comment: before the public discussion only the program and the owner's members comment",
        ),
        row(
            "POST",
            "/requests/{id}",
            "/requests/<discussion>",
            Form(&[("comment", "a comment in the discussion")]),
            [A303, A303, A303, A303, A303, R401],
            "workflow::may_comment: anyone signed in comments during the public discussion",
        ),
        row(
            "POST",
            "/requests/{id}",
            "/requests/<fresh_draft>",
            Form(&[
                ("action", "submit"),
                ("reason", "ready"),
                ("version", "<v>"),
            ]),
            [R403, A303, R404, R404, R404, R401],
            "submitting A's draft: workflow::apply Submit — only A's members; the program reads the draft but may not submit it (403); B cannot see it (404)",
        ),
        row(
            "POST",
            "/requests/{id}",
            "/requests/<fresh_draft>",
            Form(&[
                ("action", "withdraw"),
                ("reason", "not needed"),
                ("version", "<v>"),
            ]),
            [R403, A303, R404, R404, R404, R401],
            "withdrawing A's draft: workflow::apply Withdraw — only the filing owner's members",
        ),
        row(
            "POST",
            "/requests/{id}",
            "/requests/<fresh_review>",
            Form(&[
                ("action", "open_discussion"),
                ("reason", "MRSP 8.4 applies"),
                ("version", "<v>"),
            ]),
            [A303, R403, R403, R403, R403, R401],
            "opening the discussion: workflow::apply OpenDiscussion — only the program",
        ),
        // ---- Request API (Bearer tokens: no CSRF token needed) ----
        row(
            "GET",
            "/api/v1/requests",
            "/api/v1/requests",
            Empty,
            ALL_200,
            "the list is for everyone, filtered by workflow::may_see",
        ),
        row(
            "POST",
            "/api/v1/requests",
            "/api/v1/requests",
            Json(ITEMS),
            [R403, A201, A201, R403, R403, R401],
            "Registry::create_request: only owner members file",
        ),
        row(
            "GET",
            "/api/v1/requests/{id}",
            "/api/v1/requests/<draft>",
            Empty,
            [A200, A200, R404, R404, R404, R404],
            "A's draft: workflow::may_read — owner member of B may not read A's draft, nor may auditors, the public or anonymous (404)",
        ),
        row(
            "GET",
            "/api/v1/requests/{id}",
            "/api/v1/requests/<draft_b>",
            Empty,
            [A200, R404, A200, R404, R404, R404],
            "B's draft: workflow::may_read — A's member may not read it",
        ),
        row(
            "GET",
            "/api/v1/requests/{id}",
            "/api/v1/requests/<submitted>",
            Empty,
            ALL_200,
            "submitted: public (workflow::may_read)",
        ),
        row(
            "PUT",
            "/api/v1/requests/{id}/items",
            "/api/v1/requests/<fresh_draft>/items?version=<v>",
            Json(ITEMS),
            [R403, A200, R404, R404, R404, R401],
            "editing A's draft: Registry::update_request_items — only A's members; B cannot see it (404)",
        ),
        row(
            "PUT",
            "/api/v1/requests/{id}/items",
            "/api/v1/requests/<fresh_submitted>/items?version=<v>",
            Json(ITEMS),
            [R403, A200, R403, R403, R403, R401],
            "editing A's submitted request: readable by all, editable by A's members only (update_request_items)",
        ),
        row(
            "POST",
            "/api/v1/requests/{id}/actions",
            "/api/v1/requests/<fresh_draft>/actions",
            Json(r#"{"action": {"action": "submit"}, "reason": "ready", "version": <v>}"#),
            [R403, A200, R404, R404, R404, R401],
            "submitting A's draft: workflow::apply Submit — only A's members",
        ),
        row(
            "POST",
            "/api/v1/requests/{id}/actions",
            "/api/v1/requests/<fresh_draft>/actions",
            Json(r#"{"action": {"action": "withdraw"}, "reason": "not needed", "version": <v>}"#),
            [R403, A200, R404, R404, R404, R401],
            "withdrawing A's draft: workflow::apply Withdraw — only the filing owner's members",
        ),
        row(
            "POST",
            "/api/v1/requests/{id}/actions",
            "/api/v1/requests/<fresh_review>/actions",
            Json(
                r#"{"action": {"action": "open_discussion"}, "reason": "MRSP 8.4 applies", "version": <v>}"#,
            ),
            [A200, R403, R403, R403, R403, R401],
            "opening the discussion: workflow::apply OpenDiscussion — only the program",
        ),
        row(
            "POST",
            "/api/v1/requests/{id}/comments",
            "/api/v1/requests/<draft>/comments",
            Json(r#"{"body": "a comment on the draft"}"#),
            [A201, A201, R404, R404, R404, R401],
            "commenting on A's draft: may_read then may_comment (Registry::add_comment)",
        ),
        row(
            "POST",
            "/api/v1/requests/{id}/comments",
            "/api/v1/requests/<submitted>/comments",
            Json(r#"{"body": "a comment on the submitted request"}"#),
            [A201, A201, R403, R403, R403, R401],
            "workflow::may_comment: before the discussion, the program and the owner's members",
        ),
        row(
            "POST",
            "/api/v1/requests/{id}/comments",
            "/api/v1/requests/<discussion>/comments",
            Json(r#"{"body": "a comment in the discussion"}"#),
            [A201, A201, A201, A201, A201, R401],
            "workflow::may_comment: anyone signed in during the public discussion",
        ),
        // ---- Linting and certificate API (public) ----
        row(
            "POST",
            "/api/v1/lint",
            "/api/v1/lint",
            File("application/x-pem-file", "<cert_pem>"),
            ALL_200,
            "pre-issuance linting stores nothing: public",
        ),
        row(
            "GET",
            "/api/v1/openapi.json",
            "/api/v1/openapi.json",
            Empty,
            ALL_200,
            "the API description is public",
        ),
        row(
            "GET",
            "/api/v1/certificates",
            "/api/v1/certificates?q=Rootward",
            Empty,
            ALL_200,
            "certificate search is public",
        ),
        row(
            "GET",
            "/api/v1/certificates/{sha256}",
            "/api/v1/certificates/<cert>",
            Empty,
            ALL_200,
            "certificate data is public",
        ),
        row(
            "GET",
            "/api/v1/certificates/{sha256}/tree",
            "/api/v1/certificates/<cert>/tree",
            Empty,
            ALL_200,
            "the hierarchy is public",
        ),
    ]
}

/// A state-changing route sent with a session cookie: no token and a wrong
/// token are refused (403), the session's token is accepted.
struct CsrfRow {
    method: &'static str,
    route: &'static str,
    uri: &'static str,
    body: Payload,
    /// Whose session (one allowed to make the change).
    who: Who,
    /// The answer with the right token.
    allowed: Expect,
}

const fn csrf(
    method: &'static str,
    route: &'static str,
    uri: &'static str,
    body: Payload,
    who: Who,
    allowed: Expect,
) -> CsrfRow {
    CsrfRow {
        method,
        route,
        uri,
        body,
        who,
        allowed,
    }
}

/// Every state-changing route: pages carry the token in the form field
/// `csrf`, the API in the header `X-CSRF-Token`.
fn csrf_rows() -> Vec<CsrfRow> {
    use Payload::{File, Form, Json};
    use Who::{MemberA, Pm};
    vec![
        csrf("POST", "/signout", "/signout", Form(&[]), MemberA, A303),
        csrf(
            "POST",
            "/incidents/new",
            "/incidents/new",
            Form(&[("title", "csrf check"), ("summary", "what happened")]),
            MemberA,
            A303,
        ),
        csrf(
            "POST",
            "/incidents/{id}",
            "/incidents/<incident>",
            Form(&[("do", "update"), ("text", "csrf check")]),
            MemberA,
            A303,
        ),
        csrf(
            "POST",
            "/incidents/{id}",
            "/incidents/<fresh_incident>",
            Form(&[("do", "close"), ("closing_summary", "csrf check")]),
            MemberA,
            A303,
        ),
        csrf(
            "POST",
            "/requests/new",
            "/requests/new",
            Form(NEW_REQUEST_FORM),
            MemberA,
            A303,
        ),
        csrf(
            "POST",
            "/requests/{id}",
            "/requests/<submitted>",
            Form(&[("comment", "csrf check")]),
            MemberA,
            A303,
        ),
        csrf(
            "POST",
            "/requests/{id}",
            "/requests/<fresh_draft>",
            Form(&[
                ("action", "withdraw"),
                ("reason", "csrf check"),
                ("version", "<v>"),
            ]),
            MemberA,
            A303,
        ),
        csrf(
            "POST",
            "/requests/{id}",
            "/requests/<fresh_review>",
            Form(&[
                ("action", "open_discussion"),
                ("reason", "csrf check"),
                ("version", "<v>"),
            ]),
            Pm,
            A303,
        ),
        csrf(
            "POST",
            "/api/v1/incidents",
            "/api/v1/incidents",
            Json(r#"{"title": "csrf check", "sections": {"summary": "what happened"}}"#),
            MemberA,
            A201,
        ),
        csrf(
            "POST",
            "/api/v1/incidents/{id}/updates",
            "/api/v1/incidents/<incident>/updates",
            Json(r#"{"text": "csrf check"}"#),
            MemberA,
            A201,
        ),
        csrf(
            "POST",
            "/api/v1/incidents/{id}/close",
            "/api/v1/incidents/<fresh_incident>/close",
            Json(r#"{"summary": "csrf check"}"#),
            MemberA,
            A200,
        ),
        csrf(
            "POST",
            "/api/v1/attachments",
            "/api/v1/attachments?filename=csrf.txt",
            File("text/plain", "csrf check"),
            MemberA,
            A201,
        ),
        csrf(
            "POST",
            "/ceremonies/new",
            "/ceremonies/new",
            Form(&[("owner", "<owner_a>"), ("record", "<fresh_ceremony>")]),
            MemberA,
            A303,
        ),
        csrf(
            "POST",
            "/ceremonies/{sha256}",
            "/ceremonies/<fresh_record>",
            Form(&[("do", "grant"), ("auditor", "auditor")]),
            MemberA,
            A303,
        ),
        csrf(
            "POST",
            "/api/v1/ceremonies",
            "/api/v1/ceremonies",
            Json("<fresh_ceremony>"),
            MemberA,
            A201,
        ),
        csrf(
            "POST",
            "/api/v1/ceremonies/{sha256}/report",
            "/api/v1/ceremonies/<fresh_record>/report",
            File("text/markdown", "# csrf check"),
            MemberA,
            A200,
        ),
        csrf(
            "POST",
            "/api/v1/ceremonies/{sha256}/grants",
            "/api/v1/ceremonies/<fresh_record>/grants",
            Json(r#"{"auditor": "auditor"}"#),
            MemberA,
            A201,
        ),
        csrf(
            "DELETE",
            "/api/v1/ceremonies/{sha256}/grants/{auditor}",
            "/api/v1/ceremonies/<fresh_granted>/grants/auditor",
            Payload::Empty,
            MemberA,
            A200,
        ),
        csrf(
            "POST",
            "/api/v1/requests",
            "/api/v1/requests",
            Json(ITEMS),
            MemberA,
            A201,
        ),
        csrf(
            "PUT",
            "/api/v1/requests/{id}/items",
            "/api/v1/requests/<fresh_draft>/items?version=<v>",
            Json(ITEMS),
            MemberA,
            A200,
        ),
        csrf(
            "POST",
            "/api/v1/requests/{id}/actions",
            "/api/v1/requests/<fresh_draft>/actions",
            Json(r#"{"action": {"action": "submit"}, "reason": "csrf check", "version": <v>}"#),
            MemberA,
            A200,
        ),
        csrf(
            "POST",
            "/api/v1/requests/{id}/comments",
            "/api/v1/requests/<submitted>/comments",
            Json(r#"{"body": "csrf check"}"#),
            MemberA,
            A201,
        ),
    ]
}

/// Routes that accept POST but change nothing a session owns, with why
/// they need no CSRF token.
const CSRF_EXEMPT: &[(&str, &str, &str)] = &[
    ("POST", "/lint", "lints the pasted text, stores nothing"),
    ("POST", "/api/v1/lint", "lints the body, stores nothing"),
    (
        "POST",
        "/signin",
        "opens a session: there is no session (and so no token) before it",
    ),
];

// ---------------------------------------------------------------------------
// The routes of src/lib.rs
// ---------------------------------------------------------------------------

/// (METHOD, path) of every `.route("...", ...)` in `web::router`.
fn routed() -> BTreeSet<(String, String)> {
    let src = include_str!("../src/lib.rs");
    let start = src
        .find("pub fn router(")
        .expect("src/lib.rs has `pub fn router(`");
    let len = src[start..]
        .find("\n}\n")
        .expect("the router function ends with a `}` line");
    let body = &src[start..start + len];
    for hidden in [".nest(", ".merge(", ".route_service(", ".fallback("] {
        assert!(
            !body.contains(hidden),
            "the router uses {hidden}: teach routed() to read the routes it adds, then give them rows"
        );
    }
    let mut out = BTreeSet::new();
    for chunk in body.split(".route(").skip(1) {
        let path = chunk
            .split('"')
            .nth(1)
            .expect("each .route( starts with its path as a string literal");
        let methods: Vec<&str> = ["get", "post", "put", "patch", "delete", "head", "options"]
            .into_iter()
            .filter(|m| calls(chunk, m))
            .collect();
        assert!(
            !methods.is_empty() && !calls(chunk, "any"),
            "route {path}: no method router (get, post, ...) found, or a method-agnostic one; the matrix needs the methods"
        );
        for m in methods {
            out.insert((m.to_uppercase(), path.to_owned()));
        }
    }
    out
}

/// Whether `chunk` calls the function `name` (not a longer name ending in it).
fn calls(chunk: &str, name: &str) -> bool {
    chunk.match_indices(&format!("{name}(")).any(|(i, _)| {
        i == 0 || {
            let b = chunk.as_bytes()[i - 1];
            !(b.is_ascii_alphanumeric() || b == b'_')
        }
    })
}

/// Whether `uri` (placeholders filled with a sample) is an instance of `route`.
fn instance_of(uri: &str, route: &str) -> bool {
    let path = uri.split('?').next().unwrap_or(uri);
    let mut sample = String::new();
    let mut in_ph = false;
    for c in path.chars() {
        match c {
            '<' => {
                in_ph = true;
                sample.push('X');
            }
            '>' => in_ph = false,
            c if !in_ph => sample.push(c),
            _ => {}
        }
    }
    let a: Vec<&str> = sample.split('/').collect();
    let b: Vec<&str> = route.split('/').collect();
    a.len() == b.len()
        && a.iter()
            .zip(&b)
            .all(|(x, y)| x == y || (y.starts_with('{') && y.ends_with('}') && !x.is_empty()))
}

#[test]
fn every_route_has_rows_for_every_role_and_every_write_a_csrf_row() {
    let routes = routed();
    assert!(
        routes.len() >= 30,
        "only {} routes read from src/lib.rs: the parser is broken",
        routes.len()
    );
    let rows = matrix();
    let covered: BTreeSet<(String, String)> = rows
        .iter()
        .map(|r| (r.method.to_owned(), r.route.to_owned()))
        .collect();
    let missing: Vec<_> = routes.difference(&covered).collect();
    assert!(
        missing.is_empty(),
        "routes without authorization rows (add one per case, with the expected status for every role): {missing:?}"
    );
    let stale: Vec<_> = covered.difference(&routes).collect();
    assert!(
        stale.is_empty(),
        "rows for routes that do not exist: {stale:?}"
    );
    for r in &rows {
        assert!(
            instance_of(r.uri, r.route),
            "row {} {}: the URI {} is not an instance of the route",
            r.method,
            r.route,
            r.uri
        );
        assert!(
            !r.why.trim().is_empty(),
            "row {} {} says why",
            r.method,
            r.uri
        );
    }

    let writes: BTreeSet<(String, String)> = routes
        .iter()
        .filter(|(m, _)| m != "GET" && m != "HEAD" && m != "OPTIONS")
        .cloned()
        .collect();
    let exempt: BTreeSet<(String, String)> = CSRF_EXEMPT
        .iter()
        .map(|(m, p, _)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    let checked: BTreeSet<(String, String)> = csrf_rows()
        .iter()
        .map(|r| (r.method.to_owned(), r.route.to_owned()))
        .collect();
    let unchecked: Vec<_> = writes
        .iter()
        .filter(|w| !checked.contains(*w) && !exempt.contains(*w))
        .collect();
    assert!(
        unchecked.is_empty(),
        "state-changing routes without a CSRF row (or an exemption saying why): {unchecked:?}"
    );
    let unknown: Vec<_> = checked
        .union(&exempt)
        .filter(|c| !writes.contains(*c))
        .collect();
    assert!(
        unknown.is_empty(),
        "CSRF rows or exemptions for routes that are not state-changing routes: {unknown:?}"
    );
    for r in csrf_rows() {
        assert!(
            instance_of(r.uri, r.route),
            "CSRF row {}: {}",
            r.route,
            r.uri
        );
    }
}

// ---------------------------------------------------------------------------
// The world: one app, its accounts, sessions, tokens and fixtures
// ---------------------------------------------------------------------------

struct World {
    app: axum::Router,
    /// API tokens, by [`Who`] (none for the anonymous visitor).
    tokens: Vec<Option<String>>,
    /// Session cookie pair and CSRF token, by [`Who`].
    sessions: Vec<Option<(String, String)>>,
    draft: String,
    draft_b: String,
    submitted: String,
    discussion: String,
    incident: String,
    attachment: String,
    cert: String,
    /// A record of A (uploaded by A's member) granted to the auditor.
    record: String,
    /// A record of A granted to nobody.
    record_ungranted: String,
}

/// A fixture made for one cell.
#[derive(Default)]
struct Fresh {
    id: Option<String>,
    version: i64,
    /// A ceremony record not uploaded yet (`<fresh_ceremony>`).
    ceremony: Option<String>,
}

fn json_request(
    method: &str,
    uri: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> Request<Body> {
    let mut b = Request::builder().method(method).uri(uri);
    if let Some(t) = token {
        b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    match body {
        Some(v) => b
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(v.to_string()))
            .expect("a JSON request"),
        None => b.body(Body::empty()).expect("a request"),
    }
}

fn form_body(fields: &[(String, String)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", form_encode(k), form_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Signs in; the requests page carries the session's CSRF token in its sign-out form.
async fn sign_in(app: &axum::Router, name: &str) -> (String, String) {
    common::sign_in(app, name, "/requests").await
}

impl World {
    async fn new(tag: &str) -> World {
        let reg = Registry::open(&common::temp_db(tag))
            .await
            .expect("a fresh registry");
        let clock = FixedClock(NOW);
        let dir = std::path::Path::new(&common::temp_db(&format!("{tag}-pem")))
            .parent()
            .expect("a temporary folder")
            .to_owned();
        let pem = dir.join("test-root.pem");
        std::fs::write(&pem, TEST_ROOT_PEM).expect("the test root written");
        reg.import_pem(&pem, &clock, Default::default())
            .await
            .expect("the test root imported");
        let cert = reg
            .search("Rootward Authorization Test Root")
            .await
            .expect("search")
            .first()
            .expect("the test root is in the registry")
            .sha256
            .clone();
        let mut tokens = Vec::new();
        for who in WHO {
            tokens.push(match who.account() {
                Some((name, role, owner)) => {
                    reg.add_user(name, PASSWORD, role, owner, &clock)
                        .await
                        .expect("an account");
                    Some(
                        reg.create_api_token(name, "authorization test", &clock)
                            .await
                            .expect("an API token"),
                    )
                }
                None => None,
            });
        }
        let app = web::router(web::AppState::new(Some(reg), Arc::new(FixedClock(NOW))));
        let mut sessions = Vec::new();
        for who in WHO {
            sessions.push(match who.account() {
                Some((name, ..)) => Some(sign_in(&app, name).await),
                None => None,
            });
        }
        let mut w = World {
            app,
            tokens,
            sessions,
            draft: String::new(),
            draft_b: String::new(),
            submitted: String::new(),
            discussion: String::new(),
            incident: String::new(),
            attachment: String::new(),
            cert,
            record: String::new(),
            record_ungranted: String::new(),
        };
        w.draft = w.file(Who::MemberA).await.0;
        w.draft_b = w.file(Who::MemberB).await.0;
        w.submitted = w.fresh_submitted().await.0;
        let (discussion, v) = w.fresh_review().await;
        w.act(
            Who::Pm,
            &discussion,
            v,
            json!({"action": "open_discussion"}),
        )
        .await;
        w.discussion = discussion;
        // A's incident, linking A's draft (A's member may see it) and the submitted request.
        let a = w
            .api(
                Who::MemberA,
                "POST",
                "/api/v1/incidents",
                Some(&json!({
                    "title": "CPS not updated in time",
                    "sections": {"summary": "the CPS was published late"},
                    "requests": [w.draft, w.submitted],
                })),
            )
            .await;
        assert_eq!(a.status, StatusCode::CREATED, "A's incident: {}", a.body);
        w.incident = a.json()["id"].as_str().expect("an incident id").to_owned();
        // A file uploaded by A's member.
        let up = Request::post("/api/v1/attachments?filename=alpha-key-generation-report.pdf")
            .header(
                header::AUTHORIZATION,
                format!("Bearer {}", w.token(Who::MemberA)),
            )
            .header(header::CONTENT_TYPE, "application/pdf")
            .body(Body::from(A_FILE))
            .expect("an upload");
        let a = send(&w.app, up).await;
        assert_eq!(a.status, StatusCode::CREATED, "A's attachment: {}", a.body);
        w.attachment = a.json()["sha256"].as_str().expect("a SHA-256").to_owned();
        // Two ceremony records of A, the first granted to the auditor.
        w.record = w.fresh_record(true).await;
        w.record_ungranted = w.fresh_record(false).await;
        w
    }

    /// Runs a ceremony and uploads its record as A's member (granting it
    /// to the auditor when `granted`); returns its SHA-256.
    async fn fresh_record(&self, granted: bool) -> String {
        let c = common::run_ceremony("Alpha key generation", false);
        let up = Request::post("/api/v1/ceremonies")
            .header(
                header::AUTHORIZATION,
                format!("Bearer {}", self.token(Who::MemberA)),
            )
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(c.record))
            .expect("an upload");
        let a = send(&self.app, up).await;
        assert_eq!(a.status, StatusCode::CREATED, "A's record: {}", a.body);
        let sha = a.json()["sha256"].as_str().expect("a SHA-256").to_owned();
        if granted {
            let a = self
                .api(
                    Who::MemberA,
                    "POST",
                    &format!("/api/v1/ceremonies/{sha}/grants"),
                    Some(&json!({"auditor": "auditor"})),
                )
                .await;
            assert_eq!(a.status, StatusCode::CREATED, "the grant: {}", a.body);
        }
        sha
    }

    fn token(&self, who: Who) -> &str {
        self.tokens[who as usize]
            .as_deref()
            .expect("an account with a token")
    }

    async fn api(&self, who: Who, method: &str, uri: &str, body: Option<&Value>) -> Answer {
        send(
            &self.app,
            json_request(method, uri, self.tokens[who as usize].as_deref(), body),
        )
        .await
    }

    /// Files a complete draft as `who` (an owner member): its id, version 1.
    async fn file(&self, who: Who) -> (String, i64) {
        let items: Value = serde_json::from_str(ITEMS).expect("ITEMS is JSON");
        let a = self
            .api(who, "POST", "/api/v1/requests", Some(&items))
            .await;
        assert_eq!(
            a.status,
            StatusCode::CREATED,
            "filing as {who:?}: {}",
            a.body
        );
        let v = a.json();
        (
            v["request"]["id"]
                .as_str()
                .expect("a request id")
                .to_owned(),
            v["version"].as_i64().expect("a version"),
        )
    }

    /// Applies an action at version `v`; returns the next version.
    async fn act(&self, who: Who, id: &str, v: i64, action: Value) -> i64 {
        let body = json!({"action": action, "reason": "fixture", "version": v});
        let a = self
            .api(
                who,
                "POST",
                &format!("/api/v1/requests/{id}/actions"),
                Some(&body),
            )
            .await;
        assert_eq!(
            a.status,
            StatusCode::OK,
            "fixture step {action}: {}",
            a.body
        );
        a.json()["version"].as_i64().expect("a version")
    }

    /// A request of A, submitted.
    async fn fresh_submitted(&self) -> (String, i64) {
        let (id, v) = self.file(Who::MemberA).await;
        let v = self
            .act(Who::MemberA, &id, v, json!({"action": "submit"}))
            .await;
        (id, v)
    }

    /// A request of A, forwarded to the program (program review).
    async fn fresh_review(&self) -> (String, i64) {
        let (id, v) = self.fresh_submitted().await;
        let v = self
            .act(
                Who::MemberA,
                &id,
                v,
                json!({"action": "begin_root_operator_review"}),
            )
            .await;
        let v = self
            .act(
                Who::MemberA,
                &id,
                v,
                json!({"action": "forward_to_program"}),
            )
            .await;
        (id, v)
    }

    /// An open incident of A with every section written (so it can be closed).
    async fn fresh_incident(&self) -> String {
        let sections: serde_json::Map<String, Value> = registry::incidents::SECTIONS
            .iter()
            .map(|(name, _)| ((*name).to_owned(), json!("N/A")))
            .collect();
        let a = self
            .api(
                Who::MemberA,
                "POST",
                "/api/v1/incidents",
                Some(&json!({"title": "to be closed", "sections": sections})),
            )
            .await;
        assert_eq!(
            a.status,
            StatusCode::CREATED,
            "a fresh incident: {}",
            a.body
        );
        a.json()["id"].as_str().expect("an incident id").to_owned()
    }

    /// Makes the fresh fixture a row names, if any.
    async fn fresh(&self, row_text: &str) -> Fresh {
        let (id, version) = if row_text.contains("<fresh_draft>") {
            self.file(Who::MemberA).await
        } else if row_text.contains("<fresh_submitted>") {
            self.fresh_submitted().await
        } else if row_text.contains("<fresh_review>") {
            self.fresh_review().await
        } else if row_text.contains("<fresh_incident>") {
            (self.fresh_incident().await, 0)
        } else if row_text.contains("<fresh_record>") {
            (self.fresh_record(false).await, 0)
        } else if row_text.contains("<fresh_granted>") {
            (self.fresh_record(true).await, 0)
        } else if row_text.contains("<fresh_ceremony>") {
            let c = common::run_ceremony("Alpha key generation", false);
            return Fresh {
                ceremony: Some(String::from_utf8(c.record).expect("a UTF-8 record")),
                ..Fresh::default()
            };
        } else {
            return Fresh::default();
        };
        Fresh {
            id: Some(id),
            version,
            ceremony: None,
        }
    }

    /// Fills the placeholders of a row's text.
    fn fill(&self, s: &str, who: Who, fresh: &Fresh) -> String {
        let fresh_id = fresh.id.clone().unwrap_or_default();
        let out = s
            .replace("<draft_b>", &self.draft_b)
            .replace("<draft>", &self.draft)
            .replace("<submitted>", &self.submitted)
            .replace("<discussion>", &self.discussion)
            .replace("<incident>", &self.incident)
            .replace("<attachment>", &self.attachment)
            .replace("<cert_pem>", TEST_ROOT_PEM)
            .replace("<cert>", &self.cert)
            .replace("<owner_a_query>", &form_encode(OWNER_A))
            .replace("<owner_a>", OWNER_A)
            .replace("<owner_b>", OWNER_B)
            .replace("<name>", who.name())
            .replace("<password>", PASSWORD)
            .replace("<fresh_draft>", &fresh_id)
            .replace("<fresh_submitted>", &fresh_id)
            .replace("<fresh_review>", &fresh_id)
            .replace("<fresh_incident>", &fresh_id)
            .replace("<fresh_record>", &fresh_id)
            .replace("<fresh_granted>", &fresh_id)
            .replace(
                "<fresh_ceremony>",
                fresh.ceremony.as_deref().unwrap_or_default(),
            )
            .replace("<record_ungranted>", &self.record_ungranted)
            .replace("<record>", &self.record)
            .replace("<v>", &fresh.version.to_string());
        assert!(
            !out.contains('<') || out.contains("-----BEGIN"),
            "a placeholder is left in {out}"
        );
        out
    }

    /// Builds one request as `who`. `session`: the cookie pair and the token
    /// to send (`None`: no token) for pages and session-authenticated API
    /// calls; otherwise pages get `who`'s session and the API `who`'s token.
    async fn cell(
        &self,
        method: &str,
        uri: &str,
        body: Payload,
        who: Who,
        session: Option<(&str, Option<&str>)>,
        fresh_session: bool,
    ) -> Answer {
        let fresh = self.fresh(&format!("{uri} {body:?}")).await;
        let uri = self.fill(uri, who, &fresh);
        let api = uri.starts_with("/api/");
        let mut b = Request::builder().method(method).uri(&uri);
        let renewed;
        // (cookie, token to put in the form or header)
        let cookie_and_token: Option<(&str, Option<&str>)> = match session {
            Some(s) => Some(s),
            None if api => {
                if let Some(t) = &self.tokens[who as usize] {
                    b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
                }
                None
            }
            None if fresh_session => match who.account() {
                Some((name, ..)) => {
                    renewed = sign_in(&self.app, name).await;
                    Some((renewed.0.as_str(), Some(renewed.1.as_str())))
                }
                None => None,
            },
            None => self.sessions[who as usize]
                .as_ref()
                .map(|(c, t)| (c.as_str(), Some(t.as_str()))),
        };
        if let Some((cookie, token)) = cookie_and_token {
            b = b.header(header::COOKIE, cookie);
            if let (true, Some(t)) = (api, token) {
                b = b.header("x-csrf-token", t);
            }
        }
        let req = match body {
            Payload::Empty => b.body(Body::empty()),
            Payload::Json(t) => b
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(self.fill(t, who, &fresh))),
            Payload::File(ct, t) => b
                .header(header::CONTENT_TYPE, ct)
                .body(Body::from(self.fill(t, who, &fresh))),
            Payload::Form(fields) => {
                let mut pairs: Vec<(String, String)> = fields
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), self.fill(v, who, &fresh)))
                    .collect();
                if let Some((_, Some(t))) = cookie_and_token {
                    pairs.push(("csrf".into(), t.to_owned()));
                }
                b.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(Body::from(form_body(&pairs)))
            }
        }
        .expect("a request");
        send(&self.app, req).await
    }
}

// ---------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------

#[tokio::test]
async fn every_route_as_every_role() {
    let w = World::new("authz-matrix").await;
    let mut failures = Vec::new();
    let mut cells = 0;
    for r in matrix() {
        for (who, expect) in WHO.into_iter().zip(r.expect) {
            let a = w
                .cell(r.method, r.uri, r.body, who, None, r.fresh_session)
                .await;
            cells += 1;
            if let Err(e) = expect.check(&a) {
                failures.push(format!(
                    "{} {} as {who:?}: {e}\n    why: {}",
                    r.method, r.uri, r.why
                ));
            }
        }
    }
    eprintln!("{cells} (route case, role) cells checked");
    assert!(
        failures.is_empty(),
        "{} of {cells} cells differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn state_changes_with_a_session_need_its_csrf_token() {
    let w = World::new("authz-csrf").await;
    let mut failures = Vec::new();
    for r in csrf_rows() {
        let fresh_session = r.route == "/signout";
        let (cookie, token) = if fresh_session {
            sign_in(&w.app, r.who.name()).await
        } else {
            w.sessions[r.who as usize].clone().expect("a session")
        };
        for (given, expect) in [
            (None, R403),
            (Some("0123456789abcdef"), R403),
            (Some(token.as_str()), r.allowed),
        ] {
            let a = w
                .cell(
                    r.method,
                    r.uri,
                    r.body,
                    r.who,
                    Some((&cookie, given)),
                    false,
                )
                .await;
            if let Err(e) = expect.check(&a) {
                failures.push(format!(
                    "{} {} as {:?} with token {given:?}: {e}",
                    r.method, r.uri, r.who
                ));
            }
        }
    }
    // A Bearer token needs no CSRF token, for the API and the pages alike
    // (the matrix sends every API write that way).
    let a = w
        .cell(
            "POST",
            "/requests/<submitted>",
            Payload::Form(&[("comment", "with a Bearer token, no csrf field")]),
            Who::MemberA,
            None,
            false,
        )
        .await;
    assert_eq!(
        a.status,
        StatusCode::SEE_OTHER,
        "session form with its token: {}",
        a.body
    );
    let req = Request::post(format!("/requests/{}", w.submitted))
        .header(
            header::AUTHORIZATION,
            format!("Bearer {}", w.token(Who::MemberA)),
        )
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("comment=bearer"))
        .expect("a request");
    let a = send(&w.app, req).await;
    assert_eq!(
        a.status,
        StatusCode::SEE_OTHER,
        "Bearer form without csrf: {}",
        a.body
    );
    assert!(
        failures.is_empty(),
        "CSRF cells differ:\n{}",
        failures.join("\n")
    );
}

/// Drafts are never listed, searched or linked for who may not read them:
/// B's member, auditors, the public and anonymous visitors never see A's
/// draft (nor A's member B's), in the lists, the search, or an incident's
/// links; its owner's members and the program do.
#[tokio::test]
async fn drafts_are_never_shown_to_who_may_not_read_them() {
    let w = World::new("authz-lists").await;
    // More drafts of both owners, filed the two ways.
    let a = w
        .cell(
            "POST",
            "/requests/new",
            Payload::Form(NEW_REQUEST_FORM),
            Who::MemberB,
            None,
            false,
        )
        .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    w.file(Who::MemberA).await;
    let surfaces = [
        "/requests",
        "/api/v1/requests",
        // The search pages echo the query: search for the draft's text, not its id.
        "/search?q=Alpha+S%2FMIME+CA+1",
        "/api/v1/certificates?q=Alpha%20S%2FMIME%20CA%201",
        "/search?q=Alpha",
        "/incidents",
        "/api/v1/incidents",
        "/incidents/<incident>",
        "/api/v1/incidents/<incident>",
        "/requests/<submitted>",
        "/api/v1/requests/<submitted>",
    ];
    let mut failures = Vec::new();
    for who in WHO {
        let sees_a = matches!(who, Who::Pm | Who::MemberA);
        let sees_b = matches!(who, Who::Pm | Who::MemberB);
        for uri in surfaces {
            let a = w.cell("GET", uri, Payload::Empty, who, None, false).await;
            if a.status != StatusCode::OK {
                failures.push(format!("GET {uri} as {who:?}: {}", a.status));
                continue;
            }
            if !sees_a && a.body.contains(&w.draft) {
                failures.push(format!("GET {uri} as {who:?} shows A's draft {}", w.draft));
            }
            if !sees_b && a.body.contains(&w.draft_b) {
                failures.push(format!(
                    "GET {uri} as {who:?} shows B's draft {}",
                    w.draft_b
                ));
            }
        }
        // The lists hold exactly the requests workflow::may_see allows.
        let list = w
            .cell("GET", "/api/v1/requests", Payload::Empty, who, None, false)
            .await
            .json();
        let list = list.as_array().expect("a JSON list");
        for r in list {
            let (state, owner) = (r["state"].as_str(), r["owner"].as_str());
            let ok = state != Some("draft")
                || who == Who::Pm
                || (who == Who::MemberA && owner == Some(OWNER_A))
                || (who == Who::MemberB && owner == Some(OWNER_B));
            if !ok {
                failures.push(format!("/api/v1/requests as {who:?} lists {r}"));
            }
        }
        let drafts = list.iter().filter(|r| r["state"] == "draft").count();
        let expected_drafts = match who {
            // Two of A (one filed in setup, one here), two of B.
            Who::Pm => 4,
            Who::MemberA | Who::MemberB => 2,
            _ => 0,
        };
        if drafts != expected_drafts {
            failures.push(format!(
                "/api/v1/requests as {who:?}: {drafts} drafts, expected {expected_drafts}"
            ));
        }
        let page = w
            .cell("GET", "/requests", Payload::Empty, who, None, false)
            .await;
        for r in list {
            let id = r["id"].as_str().expect("an id");
            if !page.body.contains(&format!("<a href=\"/requests/{id}\">")) {
                failures.push(format!(
                    "/requests as {who:?} misses {id}, which the API lists"
                ));
            }
        }
        if page.body.matches("<a href=\"/requests/R").count() != list.len() {
            failures.push(format!(
                "/requests as {who:?} lists other requests than the API"
            ));
        }
        // The program and A's member see the draft linked from A's incident.
        if sees_a {
            let inc = w
                .cell(
                    "GET",
                    "/api/v1/incidents/<incident>",
                    Payload::Empty,
                    who,
                    None,
                    false,
                )
                .await
                .json();
            let linked: Vec<&str> = inc["requests"]
                .as_array()
                .expect("linked requests")
                .iter()
                .filter_map(|l| l["request_id"].as_str())
                .collect();
            if !linked.contains(&w.draft.as_str()) {
                failures.push(format!(
                    "A's incident as {who:?} does not show the linked draft"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "drafts shown:\n{}",
        failures.join("\n")
    );
}

/// Attachments are stored once by content. Uploading content someone else
/// stored says nothing about their file (name, uploader, time) to a caller
/// who may not download it (attachments::download answers 404 to them).
#[tokio::test]
async fn uploading_stored_content_reveals_nothing_about_another_owners_file() {
    let w = World::new("authz-dedup").await;
    let upload = |who: Who| {
        Request::post("/api/v1/attachments?filename=mine.pdf")
            .header(header::AUTHORIZATION, format!("Bearer {}", w.token(who)))
            .header(header::CONTENT_TYPE, "application/pdf")
            .body(Body::from(A_FILE))
            .expect("an upload")
    };
    for who in [Who::MemberB, Who::Auditor, Who::Pm, Who::MemberA] {
        let a = send(&w.app, upload(who)).await;
        assert_eq!(a.status, StatusCode::CREATED, "{who:?}: {}", a.body);
        let v = a.json();
        assert_eq!(v["sha256"], w.attachment.as_str(), "{who:?}");
        let may_download = who != Who::MemberB;
        for field in ["filename", "uploaded_by", "uploaded_at"] {
            assert_eq!(
                v.get(field).is_some(),
                may_download,
                "{who:?} and the field {field} of A's file: {v}"
            );
        }
        assert!(
            may_download || !a.body.contains("member@alpha") && !a.body.contains("alpha-key"),
            "{who:?} learns of A's file: {}",
            a.body
        );
        let d = w
            .api(
                who,
                "GET",
                &format!("/api/v1/attachments/{}", w.attachment),
                None,
            )
            .await;
        let expected = if may_download {
            StatusCode::OK
        } else {
            StatusCode::NOT_FOUND
        };
        assert_eq!(d.status, expected, "{who:?} downloads A's file");
    }
}

/// Ceremony records are listed, in the API and on the page, exactly to who
/// may see them (`registry::ceremonies::access`): A's two records to the
/// program and A's members; to the auditor only the one granted; to B's
/// member and the public none; anonymous visitors must sign in.
#[tokio::test]
async fn ceremony_records_are_listed_only_to_who_may_see_them() {
    let w = World::new("authz-ceremonies").await;
    let mut failures = Vec::new();
    for who in WHO {
        let expected: Vec<&str> = match who {
            Who::Pm | Who::MemberA => vec![&w.record, &w.record_ungranted],
            Who::Auditor => vec![&w.record],
            Who::MemberB | Who::Public | Who::Anonymous => vec![],
        };
        let api = w
            .cell(
                "GET",
                "/api/v1/ceremonies",
                Payload::Empty,
                who,
                None,
                false,
            )
            .await;
        let page = w
            .cell("GET", "/ceremonies", Payload::Empty, who, None, false)
            .await;
        if who == Who::Anonymous {
            if api.status != StatusCode::UNAUTHORIZED {
                failures.push(format!("the API list answers anonymous {}", api.status));
            }
            continue;
        }
        let mut listed: Vec<String> = api
            .json()
            .as_array()
            .expect("a JSON list")
            .iter()
            .filter_map(|r| r["sha256"].as_str().map(str::to_owned))
            .collect();
        listed.sort();
        let mut want: Vec<String> = expected.iter().map(|s| (*s).to_owned()).collect();
        want.sort();
        if listed != want {
            failures.push(format!(
                "/api/v1/ceremonies as {who:?}: {listed:?}, expected {want:?}"
            ));
        }
        for r in [&w.record, &w.record_ungranted] {
            let shown = page.body.contains(&format!("/ceremonies/{r}\""));
            if shown != expected.contains(&r.as_str()) {
                failures.push(format!("/ceremonies as {who:?}: {r} shown {shown}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
