//! Key ceremony records over HTTP: the JSON API under `/api/v1/ceremonies`
//! (list, get, the record file, upload, attach the Key Generation Report,
//! grant and revoke an auditor) and the pages `/ceremonies` (the records
//! the caller may see), `/ceremonies/new` (upload: the record file chosen
//! on the form, or pasted)
//! and `/ceremonies/{sha256}` (one record: its steps, keys, certificates,
//! the sub-CA requests citing them, the report, the grants and the forms
//! to change them).
//!
//! Every decision on who may see or change a record is
//! `registry::ceremonies::access`, applied inside the registry: the program
//! and the owner's members manage a record, an auditor reads the records
//! granted to them, nobody else sees any; a record the caller may not see
//! is answered 404 like one that does not exist. Here only who is asking is
//! established (anonymous callers are sent to sign in). Forms carry the
//! session's CSRF token and work without JavaScript; every text from a
//! record or an account is escaped.

use std::fmt::Write;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use registry::ceremonies::{self, Access, CeremonyRecord, FingerprintKind};
use registry::requests::RequestSummary;
use registry::workflow::{Actor, Role};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::api::{ApiError, no_registry, registry_error};
use crate::auth::{Auth, csrf_header};
use crate::html::{esc, form_again, page};
use crate::page_form::{Fields, FormData};
use crate::requests::{encode_path, signed_in_line};

/// Largest page form: a record and a report at their limits, percent-encoded
/// (up to three bytes each), and the other fields.
pub const MAX_PAGE_FORM: usize = 3 * (ceremonies::MAX_RECORD + ceremonies::MAX_REPORT) + 64 * 1024;

/// Largest API upload: the record alone.
pub const MAX_API_RECORD: usize = ceremonies::MAX_RECORD;

/// The signed-in caller of a read; records are never shown anonymously.
fn signed_in(auth: &Auth) -> Result<&Actor, ApiError> {
    auth.actor().ok_or_else(|| {
        ApiError(
            StatusCode::UNAUTHORIZED,
            "sign in to read ceremony records".into(),
        )
    })
}

/// The media type of a request, lowercase, without parameters.
fn media_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// A record as the API shows it: everything the registry holds about it,
/// and the sub-CA requests the caller may see that cite its certificates.
#[derive(Serialize)]
struct RecordView {
    #[serde(flatten)]
    record: CeremonyRecord,
    requests: Vec<RequestSummary>,
}

async fn view_of(
    reg: &registry::Registry,
    actor: &Actor,
    record: CeremonyRecord,
) -> Result<RecordView, ApiError> {
    let requests = reg
        .ceremony_requests(Some(actor), &record)
        .await
        .map_err(registry_error)?;
    Ok(RecordView { record, requests })
}

/// Query of `GET /api/v1/ceremonies`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// Only records naming this key (SPKI SHA-256) or certificate (SHA-256).
    #[serde(default)]
    fingerprint: Option<String>,
}

/// `GET /api/v1/ceremonies[?fingerprint=SHA256]`: the records the caller may see.
pub async fn list(
    State(state): State<AppState>,
    auth: Auth,
    q: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let actor = signed_in(&auth)?;
    let Query(q) = q.map_err(|e| ApiError(StatusCode::BAD_REQUEST, e.body_text()))?;
    let reg = state.registry.as_ref().ok_or_else(no_registry)?;
    let list = match q.fingerprint {
        Some(f) => reg.ceremony_records_naming(Some(actor), &f).await,
        None => reg.ceremony_records(Some(actor)).await,
    }
    .map_err(registry_error)?;
    Ok(Json(list).into_response())
}

/// `GET /api/v1/ceremonies/{sha256}`: one record.
pub async fn get(
    State(state): State<AppState>,
    auth: Auth,
    Path(sha256): Path<String>,
) -> Result<Response, ApiError> {
    let actor = signed_in(&auth)?;
    let reg = state.registry.as_ref().ok_or_else(no_registry)?;
    let record = reg
        .ceremony_record(Some(actor), &sha256)
        .await
        .map_err(registry_error)?;
    Ok(Json(view_of(reg, actor, record).await?).into_response())
}

/// `GET /api/v1/ceremonies/{sha256}/record`: the record file exactly as
/// uploaded (for `rootward ceremony verify` beside the artefacts), as a download.
pub async fn record_file(
    State(state): State<AppState>,
    auth: Auth,
    Path(sha256): Path<String>,
) -> Result<Response, ApiError> {
    let actor = signed_in(&auth)?;
    let reg = state.registry.as_ref().ok_or_else(no_registry)?;
    let r = reg
        .ceremony_record(Some(actor), &sha256)
        .await
        .map_err(registry_error)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                // The key is hex: nothing to escape.
                format!(
                    "attachment; filename=\"ceremony-record-{}.json\"",
                    &r.summary.sha256[..16]
                ),
            ),
        ],
        r.record_json,
    )
        .into_response())
}

/// Query of `POST /api/v1/ceremonies`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UploadQuery {
    /// The CA owner; an owner member's own when absent.
    #[serde(default)]
    owner: Option<String>,
}

/// `POST /api/v1/ceremonies[?owner=NAME]` with the record file, exactly as
/// `rootward ceremony run` wrote it, as an `application/json` body: 201 with
/// the record stored.
pub async fn upload(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    q: Result<Query<UploadQuery>, QueryRejection>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let actor = auth.for_change(csrf_header(&headers))?.clone();
    let Query(q) = q.map_err(|e| ApiError(StatusCode::BAD_REQUEST, e.body_text()))?;
    if media_type(&headers) != "application/json" {
        return Err(ApiError(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the ceremony record as it was written, as application/json".into(),
        ));
    }
    let reg = state.registry.as_ref().ok_or_else(no_registry)?;
    let record = reg
        .upload_ceremony(
            &actor,
            q.owner.as_deref(),
            &body,
            None,
            state.clock.as_ref(),
        )
        .await
        .map_err(registry_error)?;
    Ok((
        StatusCode::CREATED,
        Json(view_of(reg, &actor, record).await?),
    )
        .into_response())
}

/// `POST /api/v1/ceremonies/{sha256}/report` with the Key Generation Report
/// (Markdown, `text/markdown` or `text/plain`) as the body: attaches it to
/// a record that has none.
pub async fn attach_report(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Path(sha256): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let actor = auth.for_change(csrf_header(&headers))?.clone();
    if !matches!(
        media_type(&headers).as_str(),
        "text/markdown" | "text/plain"
    ) {
        return Err(ApiError(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the report as text/markdown".into(),
        ));
    }
    let text = std::str::from_utf8(&body)
        .map_err(|_| ApiError(StatusCode::BAD_REQUEST, "the report is not UTF-8".into()))?;
    let reg = state.registry.as_ref().ok_or_else(no_registry)?;
    let record = reg
        .attach_ceremony_report(&actor, &sha256, text, state.clock.as_ref())
        .await
        .map_err(registry_error)?;
    Ok(Json(view_of(reg, &actor, record).await?).into_response())
}

/// Body of `POST /api/v1/ceremonies/{sha256}/grants`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrantBody {
    /// The auditor's account.
    auditor: String,
}

/// `POST /api/v1/ceremonies/{sha256}/grants`: grants an auditor the record (201 with the grant).
pub async fn grant(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Path(sha256): Path<String>,
    body: Result<Json<GrantBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    let actor = auth.for_change(csrf_header(&headers))?.clone();
    let Json(b) = body.map_err(|e| ApiError(StatusCode::BAD_REQUEST, e.body_text()))?;
    let reg = state.registry.as_ref().ok_or_else(no_registry)?;
    let g = reg
        .grant_ceremony(&actor, &sha256, b.auditor.trim(), state.clock.as_ref())
        .await
        .map_err(registry_error)?;
    Ok((StatusCode::CREATED, Json(g)).into_response())
}

/// `DELETE /api/v1/ceremonies/{sha256}/grants/{auditor}`: revokes the
/// auditor's standing grant (kept in the record's history; 200 with it).
pub async fn revoke(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Path((sha256, auditor)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let actor = auth.for_change(csrf_header(&headers))?.clone();
    let reg = state.registry.as_ref().ok_or_else(no_registry)?;
    let g = reg
        .revoke_ceremony_grant(&actor, &sha256, &auditor, state.clock.as_ref())
        .await
        .map_err(registry_error)?;
    Ok(Json(g).into_response())
}

// ---------------------------------------------------------------------------
// Pages
// ---------------------------------------------------------------------------

/// Whether the pages offer `actor` the upload form (the registry decides
/// for the owner named: `ceremonies::access`).
fn may_upload(actor: &Actor) -> bool {
    matches!(actor.role, Role::ProgramManager | Role::OwnerMember)
}

fn error_page(title: &str, status: StatusCode, msg: &str, back: Option<&str>) -> Response {
    let mut body = format!("<p class=\"error-box\">{}</p>", esc(msg));
    match back {
        Some(sha) => {
            let _ = write!(
                body,
                "<p><a href=\"/ceremonies/{}\">Back to the ceremony record</a></p>",
                esc(&encode_path(sha))
            );
        }
        None => body.push_str("<p><a href=\"/ceremonies\">Ceremony records</a></p>"),
    }
    (status, page(title, &body)).into_response()
}

/// `YYYY-MM-DD HH:MM:SS UTC`.
fn when(t: i64) -> String {
    cert::time::format_unix(t)
        .replace('T', " ")
        .replace('Z', " UTC")
}

/// `GET /ceremonies`: the records the caller may see.
pub async fn list_page(State(state): State<AppState>, auth: Auth) -> Response {
    let Some(actor) = auth.actor() else {
        return Redirect::to("/signin").into_response();
    };
    let Some(reg) = &state.registry else {
        return no_registry().into_response();
    };
    let list = match reg.ceremony_records(Some(actor)).await {
        Ok(l) => l,
        Err(e) => {
            let ApiError(s, m) = registry_error(e);
            return error_page("Ceremony records", s, &m, None);
        }
    };
    let mut body = signed_in_line(&auth);
    body.push_str(
        "<p>Records of key ceremonies (<code>rootward ceremony run</code>), each checked on upload: \
         every step chained to the previous one from the hash of the script, and the seal. \
         The program and the CA owner's members see their records; auditors see the records granted to them.</p>",
    );
    if may_upload(actor) {
        body.push_str("<p><a href=\"/ceremonies/new\">Upload a ceremony record</a></p>");
    }
    if list.is_empty() {
        body.push_str("<p>No ceremony records you may see.</p>");
    } else {
        body.push_str(
            "<table><thead><tr><th>Date</th><th>Ceremony</th><th>Owner</th><th>Steps</th>\
             <th>Report</th><th>Uploaded</th></tr></thead><tbody>",
        );
        for s in &list {
            let _ = write!(
                body,
                "<tr><td>{}</td><td><a href=\"/ceremonies/{}\">{}</a></td><td>{}</td><td>{}{}</td><td>{}</td><td>{} by {}</td></tr>",
                esc(&s.ceremony_date),
                esc(&s.sha256),
                esc(&s.title),
                esc(&s.owner),
                s.steps,
                if s.complete { "" } else { " (stopped)" },
                if s.has_report { "attached" } else { "none" },
                registry::format_date(s.uploaded_at),
                esc(&s.uploaded_by),
            );
        }
        body.push_str("</tbody></table>");
    }
    page("Ceremony records", &body).into_response()
}

/// The pages' forms: their fields, and the files chosen on them.
struct PageForm(Fields, FormData);

impl std::ops::Deref for PageForm {
    type Target = Fields;
    fn deref(&self) -> &Fields {
        &self.0
    }
}

impl PageForm {
    /// Reads a page form of either encoding (`page_form`).
    fn read(headers: &HeaderMap, body: &[u8]) -> Result<PageForm, String> {
        let data = FormData::read(headers, body).map_err(|e| e.to_string())?;
        let fields = data.fields().map_err(|e| e.to_string())?;
        Ok(PageForm(Fields(fields), data))
    }

    /// The file chosen in `file`, else the text of `text`: the record's
    /// file as it is, a pasted record turned back into the file
    /// (`ceremonies::pasted_record`).
    fn record(&self, file: &str, text: &str) -> Vec<u8> {
        match self.1.file(file) {
            Some(f) => f.data.clone(),
            None => ceremonies::pasted_record(self.get(text).unwrap_or("")).into_bytes(),
        }
    }

    /// The report chosen in `file` (it must be UTF-8), else the text of `text`.
    fn report(&self, file: &str, text: &str) -> Result<Option<String>, String> {
        match self.1.file(file) {
            Some(f) => String::from_utf8(f.data.clone())
                .map(Some)
                .map_err(|_| format!("{}: the report is not UTF-8 text", f.filename)),
            None => Ok(self.opt(text).map(str::to_owned)),
        }
    }
}

fn upload_form_html(csrf: &str, actor: &Actor, f: &Fields) -> String {
    let owner = f
        .get("owner")
        .map(str::to_owned)
        .or_else(|| actor.owner.clone())
        .unwrap_or_default();
    format!(
        "<p>Choose the record <code>rootward ceremony run</code> wrote (<code>ceremony-record.json</code>), \
         or paste it whole and unchanged: it is checked before it is stored (the steps' hash chain from the script \
         and the seal) and refused, naming the step, when it does not verify. The Key Generation Report \
         (<code>key-generation-report.md</code>) can be added now or later.</p>\
         <form method=\"post\" action=\"/ceremonies/new\" enctype=\"multipart/form-data\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">\
         <p><label for=\"owner\">CA owner</label><br><input id=\"owner\" name=\"owner\" value=\"{}\" size=\"80\" required></p>\
         <p><label for=\"record_file\">Ceremony record file</label> <input type=\"file\" id=\"record_file\" name=\"record_file\" accept=\".json,application/json\"></p>\
         <p><label for=\"record\">or the record pasted (JSON)</label><br><textarea id=\"record\" name=\"record\" rows=\"16\">{}</textarea></p>\
         <p><label for=\"report_file\">Key Generation Report file (Markdown, optional)</label> <input type=\"file\" id=\"report_file\" name=\"report_file\" accept=\".md,text/markdown,text/plain\"></p>\
         <p><label for=\"report\">or the report pasted</label><br><textarea id=\"report\" name=\"report\" rows=\"8\">{}</textarea></p>\
         <p><button type=\"submit\">Upload the record</button></p></form>",
        esc(csrf),
        esc(&owner),
        esc(f.get("record").unwrap_or("")),
        esc(f.get("report").unwrap_or("")),
    )
}

/// `GET /ceremonies/new`: the upload form (the program and owner members).
pub async fn new_form(auth: Auth) -> Response {
    match &auth {
        Auth::Session(a, csrf) if may_upload(a) => page(
            "Upload a ceremony record",
            &upload_form_html(csrf, a, &Fields(Vec::new())),
        )
        .into_response(),
        Auth::Session(..) | Auth::Token(_) => error_page(
            "Upload a ceremony record",
            StatusCode::FORBIDDEN,
            "Ceremony records are uploaded by the root program and by the members of the CA owner.",
            None,
        ),
        Auth::Anonymous => Redirect::to("/signin").into_response(),
    }
}

/// `POST /ceremonies/new`: stores the pasted record and goes to its page
/// (303), or shows the form again with the reason.
pub async fn new_submit(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    const TITLE: &str = "Upload a ceremony record";
    let f = match PageForm::read(&headers, &body) {
        Ok(f) => f,
        Err(m) => return error_page(TITLE, StatusCode::BAD_REQUEST, &m, None),
    };
    let actor = match auth.for_change(f.get("csrf")) {
        Ok(a) => a.clone(),
        Err(ApiError(s, m)) => return error_page(TITLE, s, &m, None),
    };
    let Some(reg) = &state.registry else {
        return no_registry().into_response();
    };
    let record = f.record("record_file", "record");
    let report = match f.report("report_file", "report") {
        Ok(r) => r,
        Err(m) => return error_page(TITLE, StatusCode::UNPROCESSABLE_ENTITY, &m, None),
    };
    match reg
        .upload_ceremony(
            &actor,
            f.opt("owner"),
            &record,
            report.as_deref(),
            state.clock.as_ref(),
        )
        .await
    {
        Ok(r) => Redirect::to(&format!("/ceremonies/{}", r.summary.sha256)).into_response(),
        Err(e) => {
            let ApiError(status, msg) = registry_error(e);
            form_again(
                TITLE,
                status,
                &msg,
                &upload_form_html(auth.csrf(), &actor, &f),
            )
        }
    }
}

/// `GET /ceremonies/{sha256}`: one record, answered 404 to whoever may not see it.
pub async fn page_of(
    State(state): State<AppState>,
    auth: Auth,
    Path(sha256): Path<String>,
) -> Response {
    let Some(actor) = auth.actor() else {
        return Redirect::to("/signin").into_response();
    };
    let Some(reg) = &state.registry else {
        return no_registry().into_response();
    };
    let view = match reg.ceremony_record(Some(actor), &sha256).await {
        Ok(r) => view_of(reg, actor, r).await,
        Err(e) => Err(registry_error(e)),
    };
    match view {
        Ok(v) => page(
            &format!("Ceremony: {}", v.record.summary.title),
            &record_html(&auth, &v),
        )
        .into_response(),
        Err(ApiError(s, m)) => error_page("Ceremony record", s, &m, None),
    }
}

/// A step action's name as the script writes it (`generate-key`, ...).
fn action_name(a: impl Serialize) -> String {
    serde_json::to_value(a)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Links to the registry's certificates.
fn certificate_links(shas: &[String]) -> String {
    if shas.is_empty() {
        return "not in the registry".into();
    }
    shas.iter()
        .map(|s| {
            format!(
                "<a href=\"/certificates/{}\"><code>{}</code></a>",
                esc(s),
                esc(s)
            )
        })
        .collect::<Vec<_>>()
        .join("<br>")
}

fn record_html(auth: &Auth, v: &RecordView) -> String {
    let r = &v.record;
    let s = &r.summary;
    let rec = &r.record;
    let key = esc(&s.sha256);
    let mut body = signed_in_line(auth);
    let outcome = match rec.steps.iter().find(|st| st.outcome != "ok") {
        None => format!("{} steps, all completed", rec.steps.len()),
        Some(st) => format!(
            "stopped at step {} ({}): {}",
            st.index,
            esc(&st.id),
            esc(&st.outcome)
        ),
    };
    let _ = write!(
        body,
        "<p class=\"ok\">The record verified when it was uploaded: every step chains to the previous one \
         from the hash of the script, header and tool, and the seal closes the chain (<code>rootward ceremony verify</code>). \
         The artefact files are not stored here: download the record and verify it beside them \
         (<code>rootward ceremony verify --dir</code>).</p>\
         <dl class=\"ceremony\"><dt>Ceremony</dt><dd>{}</dd><dt>Owner</dt><dd>{}</dd><dt>Date</dt><dd>{}</dd>\
         <dt>Location</dt><dd>{}</dd><dt>Outcome</dt><dd>{}</dd><dt>Record SHA-256</dt><dd><code>{key}</code> \
         (<a href=\"/api/v1/ceremonies/{key}/record\">download the record</a>)</dd>\
         <dt>Script SHA-256</dt><dd><code>{}</code></dd><dt>Tool</dt><dd>{}</dd><dt>Seal</dt><dd><code>{}</code></dd>\
         <dt>Uploaded</dt><dd>{} by {}</dd></dl>",
        esc(&s.title),
        esc(&s.owner),
        esc(&s.ceremony_date),
        esc(&r.location),
        outcome,
        esc(&rec.script_sha256),
        esc(&rec.tool),
        esc(&r.seal),
        when(s.uploaded_at),
        esc(&s.uploaded_by),
    );

    body.push_str("<h2>Participants</h2>");
    if rec.ceremony.participants.is_empty() {
        body.push_str("<p>None recorded.</p>");
    } else {
        body.push_str("<table><thead><tr><th>Name</th><th>Role</th></tr></thead><tbody>");
        for p in &rec.ceremony.participants {
            let _ = write!(
                body,
                "<tr><td>{}</td><td>{}</td></tr>",
                esc(&p.name),
                esc(&p.role)
            );
        }
        body.push_str("</tbody></table>");
    }
    if !rec.tokens.is_empty() {
        body.push_str("<h2>HSM tokens</h2><ul>");
        for t in &rec.tokens {
            let line: Vec<String> = t
                .iter()
                .map(|(k, v)| format!("{}: {}", esc(k), esc(v)))
                .collect();
            let _ = write!(body, "<li>{}</li>", line.join(", "));
        }
        body.push_str("</ul>");
    }

    body.push_str(
        "<h2>Steps</h2><table class=\"steps\"><thead><tr><th>#</th><th>Step</th><th>Action</th>\
         <th>Started</th><th>Finished</th><th>Outcome</th><th>Hash</th></tr></thead><tbody>",
    );
    for st in &rec.steps {
        let _ = write!(
            body,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
            st.index,
            esc(&st.id),
            esc(&action_name(st.action)),
            when(st.started),
            when(st.finished),
            esc(&st.outcome),
            esc(&st.hash),
        );
    }
    body.push_str("</tbody></table>");

    let registry_of = |kind: FingerprintKind, sha: &str| -> &[String] {
        r.fingerprints
            .iter()
            .find(|f| f.kind == kind && f.sha256 == sha)
            .map_or(&[], |f| f.registry_certificates.as_slice())
    };
    body.push_str("<h2>Keys</h2>");
    let keys: Vec<_> = rec
        .steps
        .iter()
        .flat_map(|st| st.keys.iter().map(move |k| (st.index, k)))
        .collect();
    if keys.is_empty() {
        body.push_str("<p>No key was generated.</p>");
    } else {
        body.push_str(
            "<table class=\"keys\"><thead><tr><th>Step</th><th>Key</th><th>Algorithm</th>\
             <th>SHA-256 of SubjectPublicKeyInfo</th><th>Location</th><th>Certificates in the registry</th></tr></thead><tbody>",
        );
        for (i, k) in keys {
            let _ = write!(
                body,
                "<tr><td>{i}</td><td>{}</td><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
                esc(&k.name),
                esc(&k.algorithm),
                esc(&k.spki_sha256),
                esc(&k.location),
                certificate_links(registry_of(FingerprintKind::Key, &k.spki_sha256)),
            );
        }
        body.push_str("</tbody></table>");
    }

    body.push_str("<h2>Certificates, requests and CRLs</h2>");
    let artefacts: Vec<_> = rec
        .steps
        .iter()
        .flat_map(|st| {
            st.artefacts
                .iter()
                .filter(|a| a.kind != "public-key")
                .map(move |a| (st.index, a))
        })
        .collect();
    if artefacts.is_empty() {
        body.push_str("<p>None produced.</p>");
    } else {
        body.push_str(
            "<table class=\"artefacts\"><thead><tr><th>Step</th><th>File</th><th>Kind</th><th>Subject</th>\
             <th>Serial</th><th>Validity</th><th>SHA-256</th><th>Lint</th></tr></thead><tbody>",
        );
        for (i, a) in artefacts {
            let in_registry = a.kind == "certificate"
                && !registry_of(FingerprintKind::Certificate, &a.sha256).is_empty();
            let sha = if in_registry {
                format!(
                    "<a href=\"/certificates/{}\"><code>{}</code></a>",
                    esc(&a.sha256),
                    esc(&a.sha256)
                )
            } else {
                format!("<code>{}</code>", esc(&a.sha256))
            };
            let lint: Vec<String> = a.lint.iter().map(|l| esc(l)).collect();
            let _ = write!(
                body,
                "<tr><td>{i}</td><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td><td>{}</td><td>{sha}</td><td>{}</td></tr>",
                esc(&a.file),
                esc(&a.kind),
                esc(&a.subject),
                esc(&a.serial),
                esc(&a.validity),
                lint.join("<br>"),
            );
        }
        body.push_str("</tbody></table>");
    }

    body.push_str("<h2>Sub-CA requests for these certificates</h2>");
    if v.requests.is_empty() {
        body.push_str("<p>None you may see.</p>");
    } else {
        body.push_str("<ul>");
        for q in &v.requests {
            let _ = write!(
                body,
                "<li><a href=\"/requests/{}\">{}</a> ({}, {})</li>",
                esc(&encode_path(&q.id)),
                esc(&q.id),
                esc(&q.owner),
                esc(&q.state.as_str().replace('_', " ")),
            );
        }
        body.push_str("</ul>");
    }

    let manage = match auth {
        Auth::Session(_, csrf) if s.access == Access::Manage => Some(esc(csrf)),
        _ => None,
    };
    let action = format!("/ceremonies/{key}");
    body.push_str("<h2>Key Generation Report</h2>");
    match &r.report {
        Some(text) => {
            let _ = write!(
                body,
                "<p>Attached {} by {}. {}</p><pre class=\"report\">{}</pre>",
                r.report_at.map(when).unwrap_or_default(),
                esc(r.report_by.as_deref().unwrap_or("")),
                if r.report_matches_record == Some(true) {
                    "It is the report <code>rootward ceremony run</code> writes for this record."
                } else {
                    "<strong>It is not the report <code>rootward ceremony run</code> writes for this record</strong>: \
                     read it against the steps, keys and certificates above."
                },
                esc(text),
            );
        }
        None => body.push_str("<p>Not attached.</p>"),
    }
    if let (Some(csrf), None) = (&manage, &r.report) {
        let _ = write!(
            body,
            "<form method=\"post\" action=\"{action}\" enctype=\"multipart/form-data\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\
             <input type=\"hidden\" name=\"do\" value=\"report\">\
             <p><label for=\"report_file\">Key Generation Report file (Markdown)</label> <input type=\"file\" id=\"report_file\" name=\"report_file\" accept=\".md,text/markdown,text/plain\"></p>\
             <p><label for=\"report\">or the report pasted</label><br><textarea id=\"report\" name=\"report\" rows=\"8\"></textarea></p>\
             <p><button type=\"submit\">Attach the report</button></p></form>"
        );
    }

    body.push_str("<h2>Auditors</h2>");
    if r.grants.is_empty() {
        body.push_str("<p>Not granted to any auditor.</p>");
    } else {
        body.push_str(
            "<table class=\"grants\"><thead><tr><th>Auditor</th><th>Granted</th><th>Revoked</th></tr></thead><tbody>",
        );
        for g in &r.grants {
            let revoked = match (&g.revoked_at, &g.revoked_by, &manage) {
                (Some(t), Some(by), _) => format!("{} by {}", when(*t), esc(by)),
                (None, _, Some(csrf)) => format!(
                    "<form method=\"post\" action=\"{action}\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\
                     <input type=\"hidden\" name=\"do\" value=\"revoke\"><input type=\"hidden\" name=\"auditor\" value=\"{}\">\
                     <button type=\"submit\">Revoke</button></form>",
                    esc(&g.auditor)
                ),
                _ => "standing".into(),
            };
            let _ = write!(
                body,
                "<tr><td>{}</td><td>{} by {}</td><td>{revoked}</td></tr>",
                esc(&g.auditor),
                when(g.granted_at),
                esc(&g.granted_by),
            );
        }
        body.push_str("</tbody></table>");
    }
    if let Some(csrf) = &manage {
        let _ = write!(
            body,
            "<form method=\"post\" action=\"{action}\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\
             <input type=\"hidden\" name=\"do\" value=\"grant\">\
             <p><label for=\"auditor\">Grant to the auditor account</label> <input id=\"auditor\" name=\"auditor\" required> \
             <button type=\"submit\">Grant</button></p></form>"
        );
    }
    body
}

/// `POST /ceremonies/{sha256}`: the page's forms (`do` = `grant`, `revoke`
/// or `report`), then back to the page (303), or a page naming the error.
pub async fn page_post(
    State(state): State<AppState>,
    auth: Auth,
    Path(sha256): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    const TITLE: &str = "Ceremony record";
    let f = match PageForm::read(&headers, &body) {
        Ok(f) => f,
        Err(m) => return error_page(TITLE, StatusCode::BAD_REQUEST, &m, None),
    };
    let actor = match auth.for_change(f.get("csrf")) {
        Ok(a) => a.clone(),
        Err(ApiError(s, m)) => return error_page(TITLE, s, &m, None),
    };
    let Some(reg) = &state.registry else {
        return no_registry().into_response();
    };
    let clock = state.clock.as_ref();
    let auditor = f.opt("auditor").unwrap_or("");
    let result = match f.get("do") {
        Some("grant") => reg
            .grant_ceremony(&actor, &sha256, auditor, clock)
            .await
            .map(|_| ()),
        Some("revoke") => reg
            .revoke_ceremony_grant(&actor, &sha256, auditor, clock)
            .await
            .map(|_| ()),
        Some("report") => match f.report("report_file", "report") {
            Ok(text) => reg
                .attach_ceremony_report(&actor, &sha256, text.as_deref().unwrap_or(""), clock)
                .await
                .map(|_| ()),
            Err(m) => return error_page(TITLE, StatusCode::UNPROCESSABLE_ENTITY, &m, None),
        },
        _ => {
            return error_page(
                TITLE,
                StatusCode::BAD_REQUEST,
                "the form names no known action (grant, revoke or report)",
                None,
            );
        }
    };
    match result {
        Ok(()) => Redirect::to(&format!("/ceremonies/{}", encode_path(&sha256))).into_response(),
        Err(e) => {
            let ApiError(s, m) = registry_error(e);
            // Only link back to a record the caller may see.
            let back = (s != StatusCode::NOT_FOUND).then_some(sha256.as_str());
            error_page(TITLE, s, &m, back)
        }
    }
}
