//! Incidents: `GET /incidents` and `GET /api/v1/incidents` (public, as
//! incident reports are), `POST /api/v1/incidents` to file or update one
//! (the program for any owner, an owner's members for their own), each
//! change kept in the registry's history.

use std::fmt::Write;

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use registry::model::Incident;
use registry::workflow::Role;
use serde::Deserialize;

use crate::AppState;
use crate::api::{ApiError, no_registry, registry_error};
use crate::auth::{Auth, csrf_header};
use crate::html::{esc, page};

/// `GET /api/v1/incidents`.
pub async fn list(State(state): State<AppState>) -> Result<Response, ApiError> {
    let reg = state.registry.as_ref().ok_or_else(no_registry)?;
    Ok(Json(reg.incidents().await.map_err(registry_error)?).into_response())
}

/// Body of `POST /api/v1/incidents`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentBody {
    id: String,
    owner: String,
    title: String,
    #[serde(default)]
    link: Option<String>,
    #[serde(default)]
    opened: Option<String>,
    #[serde(default)]
    closed: Option<String>,
    status: String,
    #[serde(default)]
    next_update: Option<String>,
}

fn date_ok(d: &Option<String>) -> bool {
    d.as_deref()
        .is_none_or(|d| registry::parse_date(d).is_some() && d.len() == 10)
}

/// `POST /api/v1/incidents`: files or updates an incident.
pub async fn put(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    body: Result<Json<IncidentBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    let actor = auth.for_change(csrf_header(&headers))?.clone();
    let Json(b) = body.map_err(|e| ApiError(StatusCode::BAD_REQUEST, e.body_text()))?;
    let allowed = actor.role == Role::ProgramManager
        || (actor.role == Role::OwnerMember
            && actor
                .owner
                .as_deref()
                .is_some_and(|o| o.eq_ignore_ascii_case(&b.owner)));
    if !allowed {
        return Err(ApiError(
            StatusCode::FORBIDDEN,
            "incidents are filed by the program or by the owner's members".into(),
        ));
    }
    if b.id.trim().is_empty() || b.title.trim().is_empty() || b.owner.trim().is_empty() {
        return Err(ApiError(
            StatusCode::UNPROCESSABLE_ENTITY,
            "id, owner and title are required".into(),
        ));
    }
    if !matches!(b.status.as_str(), "open" | "closed") {
        return Err(ApiError(
            StatusCode::UNPROCESSABLE_ENTITY,
            "status is open or closed".into(),
        ));
    }
    for (name, d) in [
        ("opened", &b.opened),
        ("closed", &b.closed),
        ("next_update", &b.next_update),
    ] {
        if !date_ok(d) {
            return Err(ApiError(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("{name} is not a date (YYYY-MM-DD)"),
            ));
        }
    }
    if b.status == "closed" && b.closed.is_none() {
        return Err(ApiError(
            StatusCode::UNPROCESSABLE_ENTITY,
            "a closed incident has its closing date".into(),
        ));
    }
    let reg = state.registry.as_ref().ok_or_else(no_registry)?;
    let i = Incident {
        id: b.id.trim().to_owned(),
        owner: b.owner.trim().to_owned(),
        title: b.title.trim().to_owned(),
        link: b.link,
        opened: b.opened,
        closed: b.closed,
        status: b.status,
        next_update: b.next_update,
    };
    reg.put_incident(&i, &format!("web {}", actor.name), state.clock.as_ref())
        .await
        .map_err(registry_error)?;
    Ok((StatusCode::CREATED, Json(i)).into_response())
}

/// `GET /incidents`: open incidents first, overdue updates marked.
pub async fn html(State(state): State<AppState>) -> Response {
    let Some(reg) = &state.registry else {
        return no_registry().into_response();
    };
    let mut list = match reg.incidents().await {
        Ok(l) => l,
        Err(e) => return registry_error(e).into_response(),
    };
    list.sort_by(|a, b| {
        (a.status != "open", &a.next_update).cmp(&(b.status != "open", &b.next_update))
    });
    let today = registry::format_date(state.clock.now());
    let mut body = String::new();
    if list.is_empty() {
        body.push_str("<p>No incidents recorded.</p>");
    } else {
        body.push_str("<table><thead><tr><th>Id</th><th>Owner</th><th>Title</th><th>Status</th><th>Opened</th><th>Next update</th></tr></thead><tbody>");
        for i in &list {
            let overdue =
                i.status == "open" && i.next_update.as_deref().is_some_and(|d| d < today.as_str());
            let _ = write!(
                body,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td></tr>",
                match &i.link {
                    Some(l) if l.starts_with("https://") =>
                        format!("<a href=\"{}\">{}</a>", esc(l), esc(&i.id)),
                    _ => esc(&i.id),
                },
                esc(&i.owner),
                esc(&i.title),
                esc(&i.status),
                esc(i.opened.as_deref().unwrap_or("")),
                esc(i.next_update.as_deref().unwrap_or("")),
                if overdue {
                    " <strong>(overdue)</strong>"
                } else {
                    ""
                }
            );
        }
        body.push_str("</tbody></table>");
    }
    page("Incidents", &body).into_response()
}
