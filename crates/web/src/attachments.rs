//! `POST /api/v1/attachments` (upload; signed-in owner members, auditors and
//! the program) and `GET /api/v1/attachments/{sha256}` (download: the
//! program, auditors, the uploader and the members of the uploader's CA
//! owner; attachments can belong to drafts, so the public gets none). Files
//! are always served as downloads with their checked type, so an uploaded
//! file can never run as a page of this site.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use registry::workflow::Role;
use serde::Deserialize;

use crate::AppState;
use crate::api::{ApiError, no_registry, registry_error};
use crate::auth::{Auth, csrf_header};

/// Query of the upload.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UploadQuery {
    filename: String,
}

/// `POST /api/v1/attachments?filename=NAME` with the file as the body and
/// its type as Content-Type.
pub async fn upload(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    q: Result<Query<UploadQuery>, QueryRejection>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let actor = auth.for_change(csrf_header(&headers))?.clone();
    if actor.role == Role::Public {
        return Err(ApiError(
            StatusCode::FORBIDDEN,
            "the public does not upload files".into(),
        ));
    }
    let Query(q) = q.map_err(|e| ApiError(StatusCode::BAD_REQUEST, e.body_text()))?;
    let media_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    let reg = state.registry.as_ref().ok_or_else(no_registry)?;
    let a = reg
        .put_attachment(
            &q.filename,
            &media_type,
            &body,
            &actor.name,
            state.clock.as_ref(),
        )
        .await
        .map_err(registry_error)?;
    // The same content may have been stored before, by someone whose files
    // this caller may not download: then say only what the caller sent
    // (hash, type, size), not that file's name, uploader or time.
    if !may_download(reg, &actor, &a).await? {
        let mine =
            serde_json::json!({"sha256": a.sha256, "media_type": a.media_type, "size": a.size});
        return Ok((StatusCode::CREATED, Json(mine)).into_response());
    }
    Ok((StatusCode::CREATED, Json(a)).into_response())
}

/// Whether `actor` may download `meta`: the program, auditors, the
/// uploader and the members of the uploader's CA owner.
async fn may_download(
    reg: &registry::Registry,
    actor: &registry::workflow::Actor,
    meta: &registry::attachments::Attachment,
) -> Result<bool, ApiError> {
    Ok(match actor.role {
        Role::ProgramManager | Role::Auditor => true,
        _ if actor.name == meta.uploaded_by => true,
        Role::OwnerMember => {
            let uploader = reg.user(&meta.uploaded_by).await.map_err(registry_error)?;
            uploader.is_some_and(|u| u.owner.is_some() && u.owner == actor.owner)
        }
        Role::Public => false,
    })
}

/// `GET /api/v1/attachments/{sha256}`.
pub async fn download(
    State(state): State<AppState>,
    auth: Auth,
    Path(sha256): Path<String>,
) -> Result<Response, ApiError> {
    let Some(actor) = auth.actor() else {
        return Err(ApiError(
            StatusCode::UNAUTHORIZED,
            "sign in to download attachments".into(),
        ));
    };
    let reg = state.registry.as_ref().ok_or_else(no_registry)?;
    let not_found = || {
        ApiError(
            StatusCode::NOT_FOUND,
            format!("not found: attachment {sha256}"),
        )
    };
    let Some(meta) = reg.attachment(&sha256).await.map_err(registry_error)? else {
        return Err(not_found());
    };
    // Answered as absent, so that even the existence of a file is not disclosed.
    if !may_download(reg, actor, &meta).await? {
        return Err(not_found());
    }
    let Some((meta, content)) = reg
        .attachment_content(&sha256)
        .await
        .map_err(registry_error)?
    else {
        return Err(not_found());
    };
    // The file name goes into a header: keep it to safe characters.
    let safe: String = meta
        .filename
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    Ok((
        [
            (header::CONTENT_TYPE, meta.media_type.clone()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{safe}\""),
            ),
        ],
        content,
    )
        .into_response())
}
