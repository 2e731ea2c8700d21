//! Filing a request from the pages: `GET /requests/new` shows the nine
//! items as a form (roots picked from the registry), `POST /requests/new`
//! files it as a draft and goes to its page. The same as
//! `POST /api/v1/requests`, without JavaScript.

use std::fmt::Write;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use registry::workflow::{DocumentRef, Items, Role, SelfAssessment};
use serde::Deserialize;

use crate::AppState;
use crate::auth::Auth;
use crate::html::{esc, page};

/// The form's fields (all text; empty means not given yet).
#[derive(Deserialize, Default)]
pub struct NewForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    operator_legal_name: String,
    #[serde(default)]
    operator_website: String,
    #[serde(default)]
    root_sha256: String,
    #[serde(default)]
    existing_subca_sha256: String,
    #[serde(default)]
    new_subca_name: String,
    #[serde(default)]
    certificate_sha256: String,
    #[serde(default)]
    cps_url: String,
    #[serde(default)]
    cps_version: String,
    #[serde(default)]
    cps_date: String,
    #[serde(default)]
    audits: String,
    #[serde(default)]
    sa_file_sha256: String,
    #[serde(default)]
    sa_date: String,
    #[serde(default)]
    sa_template_version: String,
    #[serde(default)]
    root_operator_review: String,
    #[serde(default)]
    value_justification: String,
    #[serde(default)]
    incidents: String,
    #[serde(default)]
    no_incidents: Option<String>,
}

fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

fn lines(s: &str) -> Vec<String> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

impl NewForm {
    fn items(&self) -> Items {
        let incidents = lines(&self.incidents);
        Items {
            operator_legal_name: opt(&self.operator_legal_name),
            operator_website: opt(&self.operator_website),
            root_sha256: opt(&self.root_sha256),
            existing_subca_sha256: lines(&self.existing_subca_sha256),
            new_subca_name: opt(&self.new_subca_name),
            certificate_sha256: opt(&self.certificate_sha256),
            cp_cps: opt(&self.cps_url).map(|url| DocumentRef {
                url,
                version: self.cps_version.trim().to_owned(),
                date: self.cps_date.trim().to_owned(),
            }),
            audits: lines(&self.audits),
            self_assessment: opt(&self.sa_file_sha256).map(|file_sha256| SelfAssessment {
                file_sha256,
                date: self.sa_date.trim().to_owned(),
                template_version: self.sa_template_version.trim().to_owned(),
            }),
            root_operator_review: opt(&self.root_operator_review),
            value_justification: opt(&self.value_justification),
            incidents: if !incidents.is_empty() {
                Some(incidents)
            } else if self.no_incidents.is_some() {
                Some(Vec::new())
            } else {
                None
            },
        }
    }
}

async fn form_html(state: &AppState, csrf: &str, f: &NewForm) -> String {
    let mut roots = String::from("<option value=\"\">(pick the root)</option>");
    if let Some(reg) = &state.registry
        && let Ok(mut list) = reg.roots().await
    {
        list.sort_by_key(|c| c.label());
        for c in list {
            let _ = write!(
                roots,
                "<option value=\"{}\"{}>{}</option>",
                esc(&c.sha256),
                if c.sha256.eq_ignore_ascii_case(f.root_sha256.trim()) {
                    " selected"
                } else {
                    ""
                },
                esc(&c.label())
            );
        }
    }
    let field = |name: &str, label: &str, value: &str| {
        format!(
            "<p><label for=\"{name}\">{label}</label><br><input id=\"{name}\" name=\"{name}\" value=\"{}\" size=\"80\"></p>",
            esc(value)
        )
    };
    let area = |name: &str, label: &str, value: &str| {
        format!(
            "<p><label for=\"{name}\">{label}</label><br><textarea id=\"{name}\" name=\"{name}\" rows=\"3\">{}</textarea></p>",
            esc(value)
        )
    };
    format!(
        "<form method=\"post\" action=\"/requests/new\" enctype=\"multipart/form-data\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">\
         <h2>1–2. Sub-CA operator</h2>{}{}\
         <h2>3. Hierarchy</h2><p><label for=\"root_sha256\">Root</label><br><select id=\"root_sha256\" name=\"root_sha256\">{roots}</select></p>{}{}\
         <h2>4. Certificate profile</h2>{}\
         <p><label for=\"certificate_file\">or upload the sub-CA certificate (PEM or DER; kept with the request and linted, not added to the registry)</label><br>\
         <input type=\"file\" id=\"certificate_file\" name=\"certificate_file\"></p>\
         <h2>5. CP/CPS</h2>{}{}{}\
         <h2>6. Audit statements</h2>{}\
         <h2>7. Self-assessment</h2>{}\
         <p><label for=\"sa_file\">or upload the self-assessment file (PDF, spreadsheet, text)</label><br>\
         <input type=\"file\" id=\"sa_file\" name=\"sa_file\"></p>{}{}\
         <h2>8. Root operator's review</h2>{}\
         <h2>9. Value justification</h2>{}\
         <h2>Related incidents</h2>{}<p><label><input type=\"checkbox\" name=\"no_incidents\" value=\"1\"{}> There are none</label></p>\
         <p><button type=\"submit\">Save as draft</button></p></form>",
        esc(csrf),
        field(
            "operator_legal_name",
            "Full legal name",
            &f.operator_legal_name
        ),
        field("operator_website", "Website", &f.operator_website),
        area(
            "existing_subca_sha256",
            "Existing sub-CAs (SHA-256, one per line)",
            &f.existing_subca_sha256
        ),
        field(
            "new_subca_name",
            "Name of the new sub-CA",
            &f.new_subca_name
        ),
        field(
            "certificate_sha256",
            "SHA-256 of the sub-CA certificate (in the registry, or uploaded before)",
            &f.certificate_sha256
        ),
        field("cps_url", "URL", &f.cps_url),
        field("cps_version", "Version", &f.cps_version),
        field("cps_date", "Effective date (YYYY-MM-DD)", &f.cps_date),
        area(
            "audits",
            "Audit statements (URL or registry id, one per line)",
            &f.audits
        ),
        field(
            "sa_file_sha256",
            "SHA-256 of the self-assessment file (uploaded before)",
            &f.sa_file_sha256
        ),
        field("sa_date", "Date (YYYY-MM-DD)", &f.sa_date),
        field(
            "sa_template_version",
            "Template version",
            &f.sa_template_version
        ),
        area(
            "root_operator_review",
            "Results of the root operator's policy and audit review (may follow later)",
            &f.root_operator_review
        ),
        area(
            "value_justification",
            "Why the sub-CA is needed",
            &f.value_justification
        ),
        area(
            "incidents",
            "Incidents involving the operator (one per line)",
            &f.incidents
        ),
        if f.no_incidents.is_some() {
            " checked"
        } else {
            ""
        },
    )
}

/// Stores an uploaded sub-CA certificate (PEM or DER) as a DER attachment,
/// so that its SHA-256 is the certificate's fingerprint, and returns it.
async fn store_certificate(
    state: &AppState,
    actor: &registry::workflow::Actor,
    file: &crate::page_form::FilePart,
) -> Result<String, crate::api::ApiError> {
    let bad = |m: String| crate::api::ApiError(StatusCode::UNPROCESSABLE_ENTITY, m);
    let der = cert::source::ItemReader::new(std::io::BufReader::new(&file.data[..]))
        .filter_map(Result::ok)
        .find(cert::source::Item::is_certificate)
        .ok_or_else(|| {
            bad(format!(
                "{}: no certificate found (PEM or DER)",
                file.filename
            ))
        })?
        .data
        .map_err(|e| bad(format!("{}: {e}", file.filename)))?;
    cert::Certificate::parse(&der)
        .map_err(|e| bad(format!("{}: not a certificate: {e}", file.filename)))?;
    let upload = crate::page_form::FilePart {
        field: file.field.clone(),
        filename: file.filename.clone(),
        data: der,
    };
    crate::requests::store_upload(state, actor, &upload).await
}

/// `GET /requests/new`.
pub async fn form(State(state): State<AppState>, auth: Auth) -> Response {
    match &auth {
        Auth::Session(a, csrf) if a.role == Role::OwnerMember => page(
            "New sub-CA request",
            &form_html(&state, csrf, &NewForm::default()).await,
        )
        .into_response(),
        Auth::Session(..) | Auth::Token(_) => (
            StatusCode::FORBIDDEN,
            page(
                "New sub-CA request",
                "<p class=\"error-box\">Only members of a CA owner file requests.</p>",
            ),
        )
            .into_response(),
        Auth::Anonymous => Redirect::to("/signin").into_response(),
    }
}

/// `POST /requests/new`.
pub async fn submit(
    State(state): State<AppState>,
    auth: Auth,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let data = crate::page_form::FormData::read(&headers, &body).ok();
    let Some(mut f) = data.as_ref().and_then(|d| d.fields::<NewForm>().ok()) else {
        return (
            StatusCode::BAD_REQUEST,
            page(
                "New sub-CA request",
                "<p class=\"error-box\">Malformed form.</p>",
            ),
        )
            .into_response();
    };
    let actor = match auth.for_change(Some(&f.csrf)) {
        Ok(a) => a.clone(),
        Err(crate::api::ApiError(s, m)) => {
            return (
                s,
                page(
                    "New sub-CA request",
                    &format!("<p class=\"error-box\">{}</p>", esc(&m)),
                ),
            )
                .into_response();
        }
    };
    let Some(reg) = &state.registry else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            page("New sub-CA request", "<p>No registry.</p>"),
        )
            .into_response();
    };
    // Files chosen on the form become attachments cited by SHA-256.
    let uploads = async {
        if let Some(file) = data.as_ref().and_then(|d| d.file("certificate_file")) {
            f.certificate_sha256 = store_certificate(&state, &actor, file).await?;
        }
        if let Some(file) = data.as_ref().and_then(|d| d.file("sa_file")) {
            f.sa_file_sha256 = crate::requests::store_upload(&state, &actor, file).await?;
        }
        Ok::<(), crate::api::ApiError>(())
    };
    if let Err(crate::api::ApiError(s, m)) = uploads.await {
        return form_again(&state, &auth, &f, s, &m).await;
    }
    match reg
        .create_request(&actor, f.items(), state.clock.as_ref())
        .await
    {
        Ok(r) => Redirect::to(&format!("/requests/{}", r.id)).into_response(),
        Err(e) => {
            let status = match &e {
                registry::Error::Refused(_) => StatusCode::FORBIDDEN,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            form_again(&state, &auth, &f, status, &e.to_string()).await
        }
    }
}

/// The form again, as filled in, under what was wrong with it.
async fn form_again(
    state: &AppState,
    auth: &Auth,
    f: &NewForm,
    status: StatusCode,
    message: &str,
) -> Response {
    crate::html::form_again(
        "New sub-CA request",
        status,
        message,
        &form_html(state, auth.csrf(), f).await,
    )
}
