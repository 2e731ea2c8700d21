//! The hierarchy under a certificate: `GET /certificates/{sha256}/tree` (a
//! nested list) and `GET /api/v1/certificates/{sha256}/tree` (JSON).

use std::fmt::Write;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use registry::view::TreeNode;

use crate::AppState;
use crate::api::{ApiError, registry_error};
use crate::html::{esc, page};

/// Trees deeper than this are cut (real WebPKI hierarchies have 2 to 4 levels;
/// the limit keeps a pathological registry from building a huge page).
const MAX_DEPTH: usize = 16;

async fn load(state: &AppState, sha256: &str) -> Result<TreeNode, ApiError> {
    let Some(reg) = &state.registry else {
        return Err(ApiError(
            StatusCode::NOT_FOUND,
            format!("certificate {sha256} not found"),
        ));
    };
    reg.tree(&sha256.to_ascii_uppercase(), false)
        .await
        .map_err(registry_error)
}

/// `GET /api/v1/certificates/{sha256}/tree`.
pub async fn api(
    State(state): State<AppState>,
    Path(sha256): Path<String>,
) -> Result<Response, ApiError> {
    Ok(Json(load(&state, &sha256).await?).into_response())
}

fn node(n: &TreeNode, depth: usize, out: &mut String) {
    let label = n
        .name
        .as_deref()
        .or(n.subject.as_deref())
        .unwrap_or(&n.sha256);
    let _ = write!(
        out,
        "<li><a href=\"/certificates/{}\">{}</a> <small>{} – {}{}{}</small>",
        esc(&n.sha256),
        esc(label),
        esc(n.not_before.as_deref().unwrap_or("?")),
        esc(n.not_after.as_deref().unwrap_or("?")),
        if n.verified {
            ""
        } else {
            "; link not verified by signature"
        },
        if n.repeated { "; shown above" } else { "" },
    );
    if !n.children.is_empty() {
        if depth >= MAX_DEPTH {
            out.push_str(" <small>(deeper levels omitted)</small>");
        } else {
            out.push_str("<ul>");
            for c in &n.children {
                node(c, depth + 1, out);
            }
            out.push_str("</ul>");
        }
    }
    out.push_str("</li>");
}

/// `GET /certificates/{sha256}/tree`.
pub async fn html(State(state): State<AppState>, Path(sha256): Path<String>) -> Response {
    match load(&state, &sha256).await {
        Ok(t) => {
            let mut body = String::from("<ul class=\"tree\">");
            node(&t, 0, &mut body);
            body.push_str("</ul>\n");
            page("Hierarchy", &body).into_response()
        }
        Err(ApiError(status, msg)) => (
            status,
            page(
                "Hierarchy",
                &format!("<p class=\"error-box\">{}</p>", esc(&msg)),
            ),
        )
            .into_response(),
    }
}
