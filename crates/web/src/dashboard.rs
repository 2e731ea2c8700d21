//! The compliance dashboard: `rootward check` as a page and as JSON, grouped
//! by the owners the findings concern. Program managers see every owner;
//! an owner's members see their own owner only.

use std::fmt::Write;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use registry::workflow::Role;
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::api::{ApiError, no_registry, registry_error};
use crate::auth::Auth;
use crate::html::{esc, findings_table, page};

/// Query: the date the checks answer for (default: now).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DashQuery {
    #[serde(default)]
    as_of: Option<String>,
}

/// One owner's findings.
#[derive(Serialize)]
pub struct OwnerReport {
    /// The owner (`null`: certificates whose owner is unknown).
    pub owner: Option<String>,
    /// Its contacts.
    pub contacts: Vec<String>,
    /// Findings, most severe first.
    pub findings: Vec<lint::Finding>,
}

async fn reports(
    state: &AppState,
    auth: &Auth,
    q: DashQuery,
) -> Result<(i64, Vec<OwnerReport>), ApiError> {
    let actor = auth.actor().ok_or_else(|| {
        ApiError(
            StatusCode::UNAUTHORIZED,
            "sign in to see compliance findings".into(),
        )
    })?;
    let only = match actor.role {
        Role::ProgramManager => None,
        Role::OwnerMember => actor.owner.clone(),
        _ => {
            return Err(ApiError(
                StatusCode::FORBIDDEN,
                "compliance findings are for the program and the owners' members".into(),
            ));
        }
    };
    let reg = state.registry.as_ref().ok_or_else(no_registry)?;
    let as_of = match q.as_of.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => cert::time::parse_iso(s).ok_or_else(|| {
            ApiError(
                StatusCode::BAD_REQUEST,
                format!("as_of: {s:?} is not a date (YYYY-MM-DD)"),
            )
        })?,
        None => state.clock.now(),
    };
    let opts = registry::check::CheckOptions {
        owner: only.as_deref(),
        as_of,
        lint: true,
    };
    let snap = reg.snapshot().await.map_err(registry_error)?;
    let findings = registry::check::check_in(reg, &snap, &opts, &state.linter)
        .await
        .map_err(registry_error)?;
    let groups = registry::check::by_owner(&snap, &findings);
    let out = groups
        .into_iter()
        .filter(|g| {
            only.as_deref().is_none_or(|o| {
                g.owner
                    .as_deref()
                    .is_some_and(|x| x.eq_ignore_ascii_case(o))
            })
        })
        .map(|g| OwnerReport {
            owner: g.owner,
            contacts: g.contacts,
            findings: g.findings.into_iter().cloned().collect(),
        })
        .collect();
    Ok((as_of, out))
}

/// `GET /api/v1/dashboard?as_of=YYYY-MM-DD`.
pub async fn api(
    State(state): State<AppState>,
    auth: Auth,
    q: Result<Query<DashQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = q.map_err(|e| ApiError(StatusCode::BAD_REQUEST, e.body_text()))?;
    let (_, r) = reports(&state, &auth, q).await?;
    Ok(Json(r).into_response())
}

/// `GET /dashboard?as_of=YYYY-MM-DD`.
pub async fn html(
    State(state): State<AppState>,
    auth: Auth,
    q: Result<Query<DashQuery>, QueryRejection>,
) -> Response {
    let q = match q {
        Ok(Query(q)) => q,
        Err(e) => {
            return (
                StatusCode::BAD_REQUEST,
                page("Compliance", &esc(&e.body_text())),
            )
                .into_response();
        }
    };
    let (as_of, groups) = match reports(&state, &auth, q).await {
        Ok(r) => r,
        Err(ApiError(s, m)) => {
            let body = format!(
                "<p class=\"error-box\">{}</p><p><a href=\"/signin\">Sign in</a></p>",
                esc(&m)
            );
            return (s, page("Compliance", &body)).into_response();
        }
    };
    let mut body = format!(
        "<form method=\"get\" action=\"/dashboard\"><p><label>As of <input name=\"as_of\" value=\"{}\"></label> \
         <button type=\"submit\">Check</button></p></form>",
        registry::format_date(as_of)
    );
    if groups.is_empty() {
        body.push_str("<p class=\"ok\">No findings.</p>");
    } else {
        body.push_str("<table><thead><tr><th>Owner</th><th>Fatal</th><th>Error</th><th>Warning</th><th>Notice</th><th>Info</th></tr></thead><tbody>");
        for (i, g) in groups.iter().enumerate() {
            let mut n = [0usize; 5];
            for f in &g.findings {
                if let Some(c) = n.get_mut(f.severity as usize) {
                    *c += 1;
                }
            }
            // Severity order in lint::Severity is info..fatal; show fatal first.
            let _ = write!(
                body,
                "<tr><td><a href=\"#owner-{i}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(g.owner.as_deref().unwrap_or("(owner unknown)")),
                n[4],
                n[3],
                n[2],
                n[1],
                n[0]
            );
        }
        body.push_str("</tbody></table>");
        for (i, g) in groups.iter().enumerate() {
            let _ = write!(
                body,
                "<section id=\"owner-{i}\"><h2>{}</h2><p>Contacts: {}</p>{}</section>",
                esc(g.owner.as_deref().unwrap_or("(owner unknown)")),
                esc(&g.contacts.join(", ")),
                findings_table(&g.findings)
            );
        }
    }
    page("Compliance", &body).into_response()
}
