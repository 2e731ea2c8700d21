//! The REST API under `/api/v1`: JSON in, JSON out; errors as
//! `{"error": "..."}` with a 4xx or 5xx status.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::{AppState, LintError, lint_bytes};

/// An API error: status and message.
pub struct ApiError(pub StatusCode, pub String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(serde_json::json!({ "error": self.1 }))).into_response()
    }
}

impl From<LintError> for ApiError {
    fn from(e: LintError) -> Self {
        ApiError(StatusCode::BAD_REQUEST, e.to_string())
    }
}

/// Maps a registry error to HTTP, for every route: workflow, incident and
/// ceremony refusals are 403 (role) or 409 (state, missing items or
/// sections, open discussion, closed incident, taken id, a record stored
/// or a grant or report made already) or 422 (a bad value, a ceremony
/// record that does not verify, a grant to a non-auditor); lost
/// updates 409; bad input 422; absent records 404; anything else 500
/// (logged, not shown).
pub fn registry_error(e: registry::Error) -> ApiError {
    use registry::workflow::TransitionError as T;
    match e {
        registry::Error::NotFound(what) => {
            ApiError(StatusCode::NOT_FOUND, format!("{what} not found"))
        }
        registry::Error::Refused(t) => {
            let status = match t {
                T::Forbidden { .. } => StatusCode::FORBIDDEN,
                T::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
                _ => StatusCode::CONFLICT,
            };
            ApiError(status, t.to_string())
        }
        registry::Error::Incident(i) => {
            use registry::incidents::IncidentError as I;
            let status = match i {
                I::Forbidden { .. } => StatusCode::FORBIDDEN,
                _ => StatusCode::CONFLICT,
            };
            ApiError(status, i.to_string())
        }
        registry::Error::Ceremony(c) => {
            use registry::ceremonies::CeremonyError as C;
            let status = match c {
                C::Forbidden { .. } => StatusCode::FORBIDDEN,
                C::Unverified(_) | C::NotAuditor(_) => StatusCode::UNPROCESSABLE_ENTITY,
                _ => StatusCode::CONFLICT,
            };
            ApiError(status, c.to_string())
        }
        registry::Error::Conflict(_) => ApiError(StatusCode::CONFLICT, e.to_string()),
        registry::Error::BadInput { .. } => {
            ApiError(StatusCode::UNPROCESSABLE_ENTITY, e.to_string())
        }
        e => {
            eprintln!("rootward serve: registry error: {e}");
            ApiError(StatusCode::INTERNAL_SERVER_ERROR, "registry error".into())
        }
    }
}

/// The answer of routes that need the registry when the server runs without one.
pub fn no_registry() -> ApiError {
    ApiError(
        StatusCode::SERVICE_UNAVAILABLE,
        "no registry is open".into(),
    )
}

/// Query parameters of `POST /api/v1/lint`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LintQuery {
    /// As `rootward lint --profile`; `auto` when absent.
    #[serde(default)]
    profile: Option<String>,
}

/// `POST /api/v1/lint`: the body is PEM, DER or base64; the answer is the
/// JSON array `rootward lint --format json` prints.
pub async fn lint(
    State(state): State<AppState>,
    query: Result<Query<LintQuery>, axum::extract::rejection::QueryRejection>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let Query(q) = query.map_err(|e| ApiError(StatusCode::BAD_REQUEST, e.body_text()))?;
    let profile = q.profile.unwrap_or_default();
    let now = state.clock.now();
    let linter = state.linter.clone();
    // Linting is CPU work: keep it off the I/O threads.
    let results = tokio::task::spawn_blocking(move || lint_bytes(&linter, &body, &profile, now))
        .await
        .map_err(|_| ApiError(StatusCode::INTERNAL_SERVER_ERROR, "lint task failed".into()))??;
    Ok(Json(results).into_response())
}

/// The OpenAPI 3.1 description of this API.
pub const OPENAPI: &str = include_str!("openapi.json");

/// `GET /api/v1/openapi.json`.
pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

/// Query of `GET /api/v1/certificates`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchQuery {
    /// Fingerprint, SKI, serial, or text in a name.
    pub q: String,
}

/// `GET /api/v1/certificates?q=...`: the registry's search.
pub async fn search(
    State(state): State<AppState>,
    query: Result<Query<SearchQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = query.map_err(|e| ApiError(StatusCode::BAD_REQUEST, e.body_text()))?;
    let Some(reg) = &state.registry else {
        return Ok(Json(Vec::<registry::model::CertRecord>::new()).into_response());
    };
    let found = reg.search(q.q.trim()).await.map_err(registry_error)?;
    Ok(Json(found).into_response())
}

/// Children listed by the certificate API (`children_total` gives the count;
/// the tree route lists them all).
const API_CHILDREN: usize = 1000;

/// `GET /api/v1/certificates/{sha256}`: the registry's view of one
/// certificate (parents, children, audits, documents, history) and, when the
/// registry holds its DER, its lint report.
pub async fn certificate(
    State(state): State<AppState>,
    Path(sha256): Path<String>,
) -> Result<Response, ApiError> {
    let Some(reg) = &state.registry else {
        return Err(ApiError(
            StatusCode::NOT_FOUND,
            format!("certificate {sha256} not found"),
        ));
    };
    let now = state.clock.now();
    let view = reg
        .view_limited(&sha256.to_ascii_uppercase(), now, API_CHILDREN)
        .await
        .map_err(registry_error)?;
    let lint = view
        .der
        .as_ref()
        .map(|d| state.linter.lint_der(d, &lint::Options::default()));
    Ok(Json(serde_json::json!({ "view": view, "lint": lint })).into_response())
}
