//! Filing a request from the pages: `GET /requests/new` shows the nine
//! items as a form (roots picked from the registry), `POST /requests/new`
//! files it as a draft and goes to its page. The same as
//! `POST /api/v1/requests`, without JavaScript.

use std::fmt::Write;

use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
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
        && let Ok(snap) = reg.snapshot().await
    {
        let mut list: Vec<_> = snap
            .certs
            .iter()
            .filter(|c| c.is_ca && c.self_issued)
            .collect();
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
        "<form method=\"post\" action=\"/requests/new\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">\
         <h2>1–2. Sub-CA operator</h2>{}{}\
         <h2>3. Hierarchy</h2><p><label for=\"root_sha256\">Root</label><br><select id=\"root_sha256\" name=\"root_sha256\">{roots}</select></p>{}{}\
         <h2>4. Certificate profile</h2>{}\
         <h2>5. CP/CPS</h2>{}{}{}\
         <h2>6. Audit statements</h2>{}\
         <h2>7. Self-assessment</h2>{}{}{}\
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
            "SHA-256 of the sub-CA certificate (import it with `rootward import pem` to have it linted)",
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
            "SHA-256 of the self-assessment file",
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
    form: Result<Form<NewForm>, FormRejection>,
) -> Response {
    let Ok(Form(f)) = form else {
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
            let csrf = match &auth {
                Auth::Session(_, c) => c.clone(),
                _ => String::new(),
            };
            let body = format!(
                "<p class=\"error-box\">{}</p>{}",
                esc(&e.to_string()),
                form_html(&state, &csrf, &f).await
            );
            (status, page("New sub-CA request", &body)).into_response()
        }
    }
}
