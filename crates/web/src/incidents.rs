//! Incident reports over HTTP: the JSON API under `/api/v1/incidents`
//! (list, get, file, update, close) and the pages `/incidents` (the list,
//! overdue next updates marked), `/incidents/new` (the filing form) and
//! `/incidents/{id}` (the report's sections, its updates, the linked
//! requests, and the forms to update and close it). Incidents are public,
//! as CCADB's Bugzilla reports are; who may change one, what filing,
//! updating and closing need, and which linked requests a reader may see
//! are decided in `registry::incidents` (CCADB Incident Reporting
//! Guidelines 3.2). Forms carry the session's CSRF token and work without
//! JavaScript; every text is escaped.

use std::fmt::Write;

use axum::extract::rejection::{FormRejection, JsonRejection};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, Json};
use registry::incidents::{
    self, Closing, IncidentReport, NewIncident, NewUpdate, SECTIONS, Sections,
};
use registry::model::Incident;
use registry::workflow::{Actor, Role};
use serde::Serialize;

use crate::AppState;
use crate::api::{ApiError, no_registry, registry_error};
use crate::auth::{Auth, csrf_header};
use crate::html::{esc, form_again, page};
use crate::page_form::Fields;
use crate::requests::{encode_path, signed_in_line};

fn json_err(e: JsonRejection) -> ApiError {
    ApiError(StatusCode::BAD_REQUEST, e.body_text())
}

fn today(state: &AppState) -> i64 {
    state.clock.now().div_euclid(registry::DAY)
}

/// An incident as listed: its fields and whether its next update is overdue.
#[derive(Serialize)]
struct Listed<'a> {
    #[serde(flatten)]
    incident: &'a Incident,
    overdue: bool,
}

/// `GET /api/v1/incidents`: every incident (public).
pub async fn list(State(state): State<AppState>) -> Result<Response, ApiError> {
    let reg = state.registry.as_ref().ok_or_else(no_registry)?;
    let all = reg.incidents().await.map_err(registry_error)?;
    let day = today(&state);
    let listed: Vec<Listed<'_>> = all
        .iter()
        .map(|i| Listed {
            incident: i,
            overdue: i.update_overdue(day).is_some(),
        })
        .collect();
    Ok(Json(listed).into_response())
}

/// One incident as the API shows it: the report (links only to requests
/// the caller may see), whether it is overdue, and the sections not yet written.
#[derive(Serialize)]
struct ReportView {
    #[serde(flatten)]
    report: IncidentReport,
    overdue: bool,
    missing_sections: Vec<&'static str>,
}

fn view(state: &AppState, auth: &Auth, report: IncidentReport) -> ReportView {
    let report = report.visible_to(auth.actor());
    ReportView {
        overdue: report.incident.update_overdue(today(state)).is_some(),
        missing_sections: report.sections.missing(),
        report,
    }
}

/// `GET /api/v1/incidents/{id}`.
pub async fn get(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let reg = state.registry.as_ref().ok_or_else(no_registry)?;
    let report = reg.incident_report(&id).await.map_err(registry_error)?;
    Ok(Json(view(&state, &auth, report)).into_response())
}

/// `POST /api/v1/incidents`: files an incident report (201 with the report).
pub async fn create(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    body: Result<Json<NewIncident>, JsonRejection>,
) -> Result<Response, ApiError> {
    let actor = auth.for_change(csrf_header(&headers))?.clone();
    let Json(new) = body.map_err(json_err)?;
    let reg = state.registry.as_ref().ok_or_else(no_registry)?;
    let report = reg
        .file_incident(&actor, &new, state.clock.as_ref())
        .await
        .map_err(registry_error)?;
    Ok((StatusCode::CREATED, Json(view(&state, &auth, report))).into_response())
}

/// `POST /api/v1/incidents/{id}/updates`: posts an update (201 with the report).
pub async fn update(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<Json<NewUpdate>, JsonRejection>,
) -> Result<Response, ApiError> {
    let actor = auth.for_change(csrf_header(&headers))?.clone();
    let Json(upd) = body.map_err(json_err)?;
    let reg = state.registry.as_ref().ok_or_else(no_registry)?;
    let report = reg
        .update_incident(&id, &actor, &upd, state.clock.as_ref())
        .await
        .map_err(registry_error)?;
    Ok((StatusCode::CREATED, Json(view(&state, &auth, report))).into_response())
}

/// `POST /api/v1/incidents/{id}/close`: closes it with its summary.
pub async fn close(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<Json<Closing>, JsonRejection>,
) -> Result<Response, ApiError> {
    let actor = auth.for_change(csrf_header(&headers))?.clone();
    let Json(c) = body.map_err(json_err)?;
    let reg = state.registry.as_ref().ok_or_else(no_registry)?;
    let report = reg
        .close_incident(&id, &actor, &c, state.clock.as_ref())
        .await
        .map_err(registry_error)?;
    Ok(Json(view(&state, &auth, report)).into_response())
}

/// Whether the pages offer `actor` the filing form.
fn may_file(actor: &Actor) -> bool {
    actor.role == Role::ProgramManager || actor.role == Role::OwnerMember
}

fn error_page(title: &str, status: StatusCode, msg: &str, back: Option<&str>) -> Response {
    let mut body = format!("<p class=\"error-box\">{}</p>", esc(msg));
    if let Some(id) = back {
        let _ = write!(
            body,
            "<p><a href=\"/incidents/{}\">Back to the incident</a></p>",
            esc(&encode_path(id))
        );
    }
    (status, page(title, &body)).into_response()
}

/// `GET /incidents`: open incidents first, overdue updates marked.
pub async fn html(State(state): State<AppState>, auth: Auth) -> Response {
    let Some(reg) = &state.registry else {
        return no_registry().into_response();
    };
    let mut list = match reg.incidents().await {
        Ok(l) => l,
        Err(e) => return registry_error(e).into_response(),
    };
    list.sort_by(|a, b| {
        (!a.is_open(), &a.next_update, &a.id).cmp(&(!b.is_open(), &b.next_update, &b.id))
    });
    let day = today(&state);
    let mut body = signed_in_line(&auth);
    if auth.actor().is_some_and(may_file) {
        body.push_str("<p><a href=\"/incidents/new\">File an incident report</a></p>");
    }
    if list.is_empty() {
        body.push_str("<p>No incidents recorded.</p>");
    } else {
        body.push_str("<table><thead><tr><th>Id</th><th>Owner</th><th>Title</th><th>Status</th><th>Opened</th><th>Next update</th><th>Bugzilla</th></tr></thead><tbody>");
        for i in &list {
            let overdue = i.update_overdue(day).is_some();
            let _ = write!(
                body,
                "<tr><td><a href=\"/incidents/{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td><td>{}</td></tr>",
                esc(&encode_path(&i.id)),
                esc(&i.id),
                esc(&i.owner),
                esc(&i.title),
                esc(&i.status),
                esc(i.opened.as_deref().unwrap_or("")),
                esc(i.next_update.as_deref().unwrap_or("")),
                if overdue {
                    " <strong>(overdue)</strong>"
                } else {
                    ""
                },
                external_link(i.link.as_deref()),
            );
        }
        body.push_str("</tbody></table>");
    }
    page("Incidents", &body).into_response()
}

/// A link to the Bugzilla report (https only; anything else is shown as text).
fn external_link(link: Option<&str>) -> String {
    match link {
        Some(l) if l.starts_with("https://") => {
            format!("<a href=\"{}\" rel=\"noreferrer\">{}</a>", esc(l), esc(l))
        }
        Some(l) => esc(l),
        None => String::new(),
    }
}

/// `YYYY-MM-DD HH:MM UTC`.
fn when(t: i64) -> String {
    let s = t.rem_euclid(registry::DAY);
    format!(
        "{} {:02}:{:02} UTC",
        registry::format_date(t),
        s / 3600,
        s % 3600 / 60
    )
}

/// Multi-line text as a block (line breaks kept by the stylesheet).
fn text_block(t: &str) -> String {
    format!("<div class=\"md\">{}</div>", esc(t))
}

/// The label of a section name ([`SECTIONS`]).
fn section_label(name: &str) -> &str {
    SECTIONS
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(name, |(_, l)| l)
}

/// The sections present in a form (an empty field clears a section on update).
fn form_sections(f: &Fields) -> Sections {
    let mut s = Sections::default();
    for (name, _) in SECTIONS {
        if let Some(v) = f.get(name) {
            s.set(name, Some(v.to_owned()));
        }
    }
    s
}

/// A form's request ids, one a line.
fn form_requests(f: &Fields) -> Vec<String> {
    f.text("requests")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The section fields of a form, filled with `values`.
fn section_inputs(values: &Sections, rows: u32) -> String {
    let mut s = String::new();
    for (name, label, v) in values.iter() {
        let _ = write!(
            s,
            "<p><label for=\"{name}\">{}</label><br><textarea id=\"{name}\" name=\"{name}\" rows=\"{rows}\">{}</textarea></p>",
            esc(label),
            esc(v.unwrap_or(""))
        );
    }
    s
}

fn new_form_html(csrf: &str, actor: &Actor, f: &Fields) -> String {
    let owner = f
        .get("owner")
        .map(str::to_owned)
        .or_else(|| actor.owner.clone())
        .unwrap_or_default();
    let input = |name: &str, label: &str, value: &str, extra: &str| {
        format!(
            "<p><label for=\"{name}\">{label}</label><br><input id=\"{name}\" name=\"{name}\" value=\"{}\" size=\"80\"{extra}></p>",
            esc(value)
        )
    };
    format!(
        "<p>The sections of the CCADB Full Incident Report template (CCADB Incident Reporting \
         Guidelines 3.2, \"Report Templates\"), in Markdown. Only the Summary is needed to file \
         (a Preliminary Incident Report); every section must be written, \"N/A\" where it does \
         not apply, before the report can be closed.</p>\
         <form method=\"post\" action=\"/incidents/new\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">\
         {}{}{}{}{}\
         <p><label for=\"requests\">Sub-CA requests it concerns (ids, one a line)</label><br>\
         <textarea id=\"requests\" name=\"requests\" rows=\"2\">{}</textarea></p>\
         <h2>Report</h2>{}\
         <p><button type=\"submit\">File the report</button></p></form>",
        esc(csrf),
        input("owner", "CA owner", &owner, " required"),
        input("title", "Title", &f.text("title"), " required"),
        input(
            "id",
            "Id (e.g. the Bugzilla bug number; generated when empty)",
            &f.text("id"),
            ""
        ),
        input(
            "link",
            "Bugzilla report (https:// URL, when there is one)",
            &f.text("link"),
            ""
        ),
        input(
            "next_update",
            "Next update (YYYY-MM-DD; 7 days from today when empty)",
            &f.text("next_update"),
            ""
        ),
        esc(&f.text("requests")),
        section_inputs(&form_sections(f), 4),
    )
}

/// `GET /incidents/new`: the filing form (the program and owner members).
pub async fn new_form(auth: Auth) -> Response {
    match &auth {
        Auth::Session(a, csrf) if may_file(a) => page(
            "File an incident report",
            &new_form_html(csrf, a, &Fields(Vec::new())),
        )
        .into_response(),
        Auth::Session(..) | Auth::Token(_) => error_page(
            "File an incident report",
            StatusCode::FORBIDDEN,
            "Incident reports are filed by the root program and by the members of the CA owner.",
            None,
        ),
        Auth::Anonymous => Redirect::to("/signin").into_response(),
    }
}

/// `POST /incidents/new`: files the report and goes to its page (303), or
/// shows the form again with the error.
pub async fn new_submit(
    State(state): State<AppState>,
    auth: Auth,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    const TITLE: &str = "File an incident report";
    let Ok(Form(pairs)) = form else {
        return error_page(TITLE, StatusCode::BAD_REQUEST, "malformed form", None);
    };
    let f = Fields(pairs);
    let actor = match auth.for_change(f.get("csrf")) {
        Ok(a) => a.clone(),
        Err(ApiError(s, m)) => return error_page(TITLE, s, &m, None),
    };
    let Some(reg) = &state.registry else {
        return no_registry().into_response();
    };
    let new = NewIncident {
        id: f.opt("id").map(str::to_owned),
        owner: f.opt("owner").map(str::to_owned),
        title: f.text("title"),
        link: f.opt("link").map(str::to_owned),
        next_update: f.opt("next_update").map(str::to_owned),
        sections: form_sections(&f),
        requests: form_requests(&f),
    };
    match reg.file_incident(&actor, &new, state.clock.as_ref()).await {
        Ok(r) => {
            Redirect::to(&format!("/incidents/{}", encode_path(&r.incident.id))).into_response()
        }
        Err(e) => {
            let ApiError(status, msg) = registry_error(e);
            form_again(TITLE, status, &msg, &new_form_html(auth.csrf(), &actor, &f))
        }
    }
}

/// `GET /incidents/{id}`: the report: its fields, sections, linked
/// requests (those the reader may see), updates, and for the program and
/// the owner's members the forms to update and close it.
pub async fn page_of(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Response {
    let Some(reg) = &state.registry else {
        return no_registry().into_response();
    };
    let report = match reg.incident_report(&id).await {
        Ok(r) => r.visible_to(auth.actor()),
        Err(e) => {
            let ApiError(s, m) = registry_error(e);
            return error_page("Incident", s, &m, None);
        }
    };
    let title = format!("Incident {}", report.incident.id);
    page(&title, &report_html(&state, &auth, &report)).into_response()
}

fn report_html(state: &AppState, auth: &Auth, r: &IncidentReport) -> String {
    let i = &r.incident;
    let mut body = signed_in_line(auth);
    let overdue = i.update_overdue(today(state));
    let _ = write!(
        body,
        "<dl class=\"incident\"><dt>Title</dt><dd>{}</dd><dt>Owner</dt><dd>{}</dd>\
         <dt>Status</dt><dd>{}</dd><dt>Filed</dt><dd>{}</dd><dt>Next update</dt><dd>{}{}</dd>\
         <dt>Bugzilla</dt><dd>{}</dd>",
        esc(&i.title),
        esc(&i.owner),
        esc(&i.status),
        match (&r.filed_at, &r.filed_by) {
            (Some(t), Some(by)) => format!("{} by {}", when(*t), esc(by)),
            _ => esc(i.opened.as_deref().unwrap_or("—")),
        },
        esc(i.next_update.as_deref().unwrap_or("—")),
        overdue.map_or(String::new(), |d| format!(
            " <strong>(overdue by {d} day{})</strong>",
            if d == 1 { "" } else { "s" }
        )),
        external_link(i.link.as_deref()),
    );
    if !i.is_open() {
        let _ = write!(
            body,
            "<dt>Closed</dt><dd>{}</dd>",
            match (&r.closed_at, &r.closed_by) {
                (Some(t), Some(by)) => format!("{} by {}", when(*t), esc(by)),
                _ => esc(i.closed.as_deref().unwrap_or("—")),
            }
        );
    }
    let _ = write!(body, "<dt>Version</dt><dd>{}</dd></dl>", r.version);
    if let Some(c) = &r.closing_summary {
        let _ = write!(body, "<h2>Report Closure Summary</h2>{}", text_block(c));
    }
    body.push_str(
        "<h2>Report</h2><p>Sections of the CCADB Full Incident Report (CCADB Incident Reporting Guidelines 3.2).</p>",
    );
    for (name, label, v) in r.sections.iter() {
        let _ = write!(body, "<section id=\"{name}\"><h3>{}</h3>", esc(label));
        match v {
            Some(t) => body.push_str(&text_block(t)),
            None => body.push_str("<p class=\"missing\">Not written yet.</p>"),
        }
        body.push_str("</section>");
    }
    body.push_str("<h2>Linked requests</h2>");
    if r.requests.is_empty() {
        body.push_str("<p>None.</p>");
    } else {
        body.push_str("<ul>");
        for l in &r.requests {
            let _ = write!(
                body,
                "<li><a href=\"/requests/{}\">{}</a> ({}, {}), linked {} by {}</li>",
                esc(&encode_path(&l.request_id)),
                esc(&l.request_id),
                esc(&l.owner),
                esc(&l.state.as_str().replace('_', " ")),
                registry::format_date(l.linked_at),
                esc(&l.linked_by)
            );
        }
        body.push_str("</ul>");
    }
    body.push_str("<h2>Updates</h2>");
    if r.updates.is_empty() {
        body.push_str("<p>None recorded (imported incident).</p>");
    } else {
        body.push_str("<table class=\"updates\"><thead><tr><th>When</th><th>Who</th><th>What</th><th>Next update</th><th>Sections</th><th>Text</th></tr></thead><tbody>");
        for u in &r.updates {
            let revised: Vec<&str> = u.revised.iter().map(|n| section_label(n)).collect();
            let _ = write!(
                body,
                "<tr><td>{}</td><td>{} ({})</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                when(u.at),
                esc(&u.author),
                registry::accounts::role_name(u.role).replace('_', " "),
                u.kind.as_str(),
                esc(u.next_update.as_deref().unwrap_or("")),
                esc(&revised.join(", ")),
                text_block(&u.text),
            );
        }
        body.push_str("</tbody></table>");
    }
    if let Auth::Session(actor, csrf) = auth
        && i.is_open()
        && incidents::may_change(actor, &i.owner)
    {
        let action = format!("/incidents/{}", esc(&encode_path(&i.id)));
        let _ = write!(
            body,
            "<h2>Post an update</h2>\
             <form method=\"post\" action=\"{action}\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\
             <input type=\"hidden\" name=\"do\" value=\"update\"><input type=\"hidden\" name=\"version\" value=\"{version}\">\
             <p><label for=\"text\">What happened since the last update</label><br><textarea id=\"text\" name=\"text\" rows=\"4\" required></textarea></p>\
             <p><label for=\"next_update\">Next update (YYYY-MM-DD; 7 days from today when empty)</label><br><input id=\"next_update\" name=\"next_update\"></p>\
             <p><label for=\"requests\">Link sub-CA requests (ids, one a line)</label><br><textarea id=\"requests\" name=\"requests\" rows=\"2\"></textarea></p>\
             <details><summary>Revise sections</summary>{}</details>\
             <p><button type=\"submit\">Post the update</button></p></form>\
             <h2>Close</h2>\
             <form method=\"post\" action=\"{action}\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\
             <input type=\"hidden\" name=\"do\" value=\"close\"><input type=\"hidden\" name=\"version\" value=\"{version}\">\
             <p><label for=\"closing_summary\">Closing summary: the incident, its root causes, the remediation and any ongoing commitments (\"Report Closure Summary\")</label><br>\
             <textarea id=\"closing_summary\" name=\"closing_summary\" rows=\"4\" required></textarea></p>\
             <p><button type=\"submit\">Close the incident</button></p></form>",
            section_inputs(&r.sections, 4),
            csrf = esc(csrf),
            version = r.version,
        );
    }
    body
}

/// `POST /incidents/{id}`: the page's forms (`do` = `update` or `close`),
/// then back to the page (303), or a page naming the error.
pub async fn page_post(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Response {
    const TITLE: &str = "Incident";
    let Ok(Form(pairs)) = form else {
        return error_page(TITLE, StatusCode::BAD_REQUEST, "malformed form", Some(&id));
    };
    let f = Fields(pairs);
    let actor = match auth.for_change(f.get("csrf")) {
        Ok(a) => a.clone(),
        Err(ApiError(s, m)) => return error_page(TITLE, s, &m, Some(&id)),
    };
    let Some(reg) = &state.registry else {
        return no_registry().into_response();
    };
    let version = match f.get("version").map(str::parse::<i64>) {
        Some(Ok(v)) => Some(v),
        Some(Err(_)) => {
            return error_page(
                TITLE,
                StatusCode::BAD_REQUEST,
                "malformed version",
                Some(&id),
            );
        }
        None => None,
    };
    let clock = state.clock.as_ref();
    let result = match f.get("do") {
        Some("update") => {
            let upd = NewUpdate {
                text: f.text("text"),
                next_update: f.opt("next_update").map(str::to_owned),
                sections: form_sections(&f),
                requests: form_requests(&f),
                version,
            };
            reg.update_incident(&id, &actor, &upd, clock).await
        }
        Some("close") => {
            let c = Closing {
                summary: f.text("closing_summary"),
                version,
            };
            reg.close_incident(&id, &actor, &c, clock).await
        }
        _ => {
            return error_page(
                TITLE,
                StatusCode::BAD_REQUEST,
                "the form names no known action (update or close)",
                Some(&id),
            );
        }
    };
    match result {
        Ok(_) => Redirect::to(&format!("/incidents/{}", encode_path(&id))).into_response(),
        Err(e) => {
            let ApiError(s, m) = registry_error(e);
            error_page(TITLE, s, &m, Some(&id))
        }
    }
}
