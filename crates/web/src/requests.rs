//! Sub-CA requests over HTTP: the JSON API under `/api/v1/requests` and the
//! request pages, with the automatic review shown on each. Who may do what
//! is decided by `registry::workflow` (one set of rules for CLI and web);
//! here only who is asking is established.

use std::fmt::Write;

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use registry::workflow::{self, Action, Items, Request};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::api::{ApiError, no_registry, registry_error as reg_err};
use crate::auth::{Auth, csrf_header};
use crate::html::{esc, findings_table, page};

fn json_err(e: JsonRejection) -> ApiError {
    ApiError(StatusCode::BAD_REQUEST, e.body_text())
}

/// The automatic review, computed the moment a request is read, so it
/// always reflects the current items and registry.
#[derive(Serialize)]
pub struct Review {
    /// Items still missing (empty when complete).
    pub missing: Vec<&'static str>,
    /// The sub-CA certificate's SHA-256, as the registry holds it.
    pub certificate_sha256: Option<String>,
    /// Whether the registry holds the certificate's DER (otherwise it may
    /// have been uploaded with the request, and is linted from there).
    pub certificate_in_registry: bool,
    /// The certificate's lint report (profile detected: smime-subca or tls-subca for a sub-CA).
    pub lint: Option<lint::Report>,
    /// Whether a valid certification path leads from the certificate to the named root.
    pub chains_to_root: Option<bool>,
    /// That path validation in detail (RFC 5280 section 6 with the
    /// purpose's rules), when the certificate and the root are known.
    pub chain: Option<ChainCheck>,
    /// Whether MRSP 8.4's process is needed (see [`Mrsp84`]); `None` when
    /// the certificate or the operator's name is not known yet.
    pub mrsp_8_4: Option<Mrsp84>,
    /// Each listed audit statement: found in the registry (by id or URL),
    /// its period, and whether it is current.
    pub audits: Vec<AuditCheck>,
    /// What the review does not check yet.
    pub not_checked: Vec<&'static str>,
}

/// The sub-CA certificate's certification path to the named root, validated
/// by `path::Verifier` with the registry's verified parent links as the
/// candidate intermediates.
#[derive(Serialize)]
pub struct ChainCheck {
    /// Whether some path is valid.
    pub valid: bool,
    /// The validation time: the review time, or the certificate's notBefore
    /// when it is not valid yet (a request may precede the certificate's
    /// validity), ISO 8601.
    pub at: String,
    /// `smime`, `tls` or `any`, from the lint profile detected.
    pub purpose: &'static str,
    /// Subjects of the valid path (or of the first candidate), end entity first.
    pub path: Vec<String>,
    /// The first failure, with the section it enforces, when none is valid.
    pub failure: Option<String>,
}

/// One audit statement item checked against the registry.
#[derive(Serialize)]
pub struct AuditCheck {
    /// The item as given.
    pub item: String,
    /// Whether the registry holds it (by id or statement URL).
    pub in_registry: bool,
    /// Its audit period, `YYYY-MM-DD`.
    pub period: Option<(String, String)>,
    /// Whether the audit's scope lists the sub-CA certificate's SHA-256
    /// (CCADB Policy 5.1 item 5); `None` when the certificate or the audit is
    /// not known.
    pub covers_certificate: Option<bool>,
    /// The finding, citing its source; `None` when nothing is wrong.
    pub problem: Option<String>,
}

/// Checks each audit item as `rootward check` does: in the registry; the
/// next yearly audit not overdue (MRSP 3.1.3: a year after the period's end,
/// plus the 92 days a statement may take); the statement dated within 92
/// days of the period's end (CCADB Policy 5.2); and coverage: an audit whose
/// period reaches the sub-CA certificate's notBefore must list its SHA-256
/// in scope (MRSP 5.3.2: a new intermediate appears on the operator's next
/// periodic audit; CCADB Policy 5.1 item 5), while an earlier audit is not
/// expected to. `sub_ca` is the certificate's SHA-256 and notBefore (days).
async fn audit_checks(
    state: &AppState,
    req: &Request,
    sub_ca: Option<(&str, i64)>,
) -> Result<Vec<AuditCheck>, ApiError> {
    let Some(reg) = &state.registry else {
        return Ok(Vec::new());
    };
    if req.items.audits.is_empty() {
        return Ok(Vec::new());
    }
    // Only the audits: a snapshot would load every certificate too.
    let audits = reg.audits().await.map_err(reg_err)?;
    let today = state.clock.now().div_euclid(registry::DAY);
    Ok(req
        .items
        .audits
        .iter()
        .map(|item| {
            let found = audits
                .iter()
                .find(|a| a.id == *item || a.url.as_deref() == Some(item.as_str()));
            let Some(a) = found else {
                return AuditCheck {
                    item: item.clone(),
                    in_registry: false,
                    period: None,
                    covers_certificate: None,
                    problem: Some("not in the registry: import the audit to have it checked".into()),
                };
            };
            let start = a.period_start.as_deref().and_then(registry::parse_date);
            let end = a.period_end.as_deref().and_then(registry::parse_date);
            let stmt = a.statement_date.as_deref().and_then(registry::parse_date);
            let problem = match (end, stmt) {
                (None, _) => Some("no audit period end recorded".to_owned()),
                (Some(e), _) if today - e > 365 + 92 => Some(format!(
                    "the audit period ended {} days ago: the next yearly audit is overdue (MRSP 3.1.3)",
                    today - e
                )),
                (Some(e), Some(s)) if s - e > 92 => Some(format!(
                    "statement dated {} days after the period's end; at most 92 (CCADB Policy 5.2)",
                    s - e
                )),
                _ => None,
            };
            let covers = sub_ca.map(|(sha, _)| a.certificates.iter().any(|c| c.eq_ignore_ascii_case(sha)));
            let problem = problem.or_else(|| match (sub_ca, covers, end) {
                (Some((_, nb)), Some(false), Some(e)) if e >= nb => Some(
                    "its period reaches the sub-CA certificate's notBefore but its scope does not list the certificate's SHA-256 (MRSP 5.3.2; CCADB Policy 5.1 item 5)"
                        .to_owned(),
                ),
                _ => None,
            });
            AuditCheck {
                item: item.clone(),
                in_registry: true,
                period: start.zip(end).map(|(s, e)| (registry::format_day(s), registry::format_day(e))),
                covers_certificate: covers,
                problem,
            }
        })
        .collect())
}

/// MRSP 8.4: an external operator obtaining an unconstrained sub-CA needs the
/// program's approval unless already approved for the type of certificate
/// (email, TLS). This looks for the operator's other unconstrained CA
/// certificates in the registry that are trusted for the type today.
#[derive(Serialize)]
pub struct Mrsp84 {
    /// `email`, `tls` or `email+tls`, from the certificate's EKU.
    pub certificate_type: String,
    /// Technically constrained (MRSP 5.3.1): then 8.4 does not apply.
    pub technically_constrained: bool,
    /// The operator's other CA certificates trusted for the type.
    pub operator_already_trusted_via: Vec<String>,
    /// The conclusion, citing the section.
    pub conclusion: String,
}

async fn mrsp_8_4(
    state: &AppState,
    req: &Request,
    cert_sha: &str,
) -> Result<Option<Mrsp84>, ApiError> {
    let Some(reg) = &state.registry else {
        return Ok(None);
    };
    let Some(op) = req
        .items
        .operator_legal_name
        .as_deref()
        .map(str::trim)
        .filter(|o| !o.is_empty())
    else {
        return Ok(None);
    };
    let now = state.clock.now();
    let rec = match reg.view(cert_sha, now).await {
        Ok(v) => v.certificate,
        Err(registry::Error::NotFound(_)) => return Ok(None),
        Err(e) => return Err(reg_err(e)),
    };
    use registry::model::eku;
    let email = rec.eku.is_none() || rec.has_eku(eku::EMAIL_PROTECTION) || rec.has_eku(eku::ANY);
    let tls = rec.eku.is_none() || rec.has_eku(eku::SERVER_AUTH) || rec.has_eku(eku::ANY);
    let certificate_type = match (email, tls) {
        (true, true) => "email+tls",
        (true, false) => "email",
        (false, true) => "tls",
        (false, false) => "neither email nor tls",
    }
    .to_owned();
    let same = |o: &Option<String>| {
        o.as_deref()
            .is_some_and(|x| x.trim().eq_ignore_ascii_case(op))
    };
    let mut via = Vec::new();
    for c in reg.search(op).await.map_err(reg_err)? {
        if c.sha256 == rec.sha256 || !c.is_ca || c.technically_constrained {
            continue;
        }
        if !(same(&c.subca_owner) || c.subca_owner.is_none() && same(&c.owner)) {
            continue;
        }
        let bits = c.trust_bits_at(now);
        if (!email || bits.email) && (!tls || bits.server) {
            via.push(c.sha256.clone());
        }
    }
    let conclusion = if rec.technically_constrained {
        "technically constrained (MRSP 5.3.1): MRSP 8.4's process is not required".to_owned()
    } else if via.is_empty() {
        format!(
            "MRSP 8.4 applies: {op} has no other unconstrained CA certificate trusted for {certificate_type} in the registry"
        )
    } else {
        format!(
            "{op} is already trusted for {certificate_type} through {} CA certificate(s): MRSP 8.4's process may not be required if the same policies and audit scope apply",
            via.len()
        )
    };
    Ok(Some(Mrsp84 {
        certificate_type,
        technically_constrained: rec.technically_constrained,
        operator_already_trusted_via: via,
        conclusion,
    }))
}

async fn review(state: &AppState, req: &Request) -> Result<Review, ApiError> {
    let reg = state.registry.as_ref().ok_or_else(no_registry)?;
    let sha = req
        .items
        .certificate_sha256
        .as_deref()
        .and_then(registry::link::normalize_hex);
    let (der, in_registry) = match &sha {
        Some(s) => match certificate_der(reg, s).await? {
            Some((d, r)) => (Some(d), r),
            None => (None, false),
        },
        None => (None, false),
    };
    let lint = der
        .as_ref()
        .map(|d| state.linter.lint_der(d, &lint::Options::default()));
    let root = req
        .items
        .root_sha256
        .as_deref()
        .and_then(registry::link::normalize_hex);
    let chain = match (&sha, &der, &root, &lint) {
        (Some(s), Some(d), Some(r), Some(l)) => chain_check(state, s, d, r, &l.profile).await?,
        _ => None,
    };
    let chains_to_root = chain.as_ref().map(|c| c.valid);
    let mrsp_8_4 = match (&sha, &lint) {
        (Some(s), Some(_)) => mrsp_8_4(state, req, s).await?,
        _ => None,
    };
    let sub_ca = match (&sha, &der) {
        (Some(s), Some(d)) => cert::Certificate::parse(d)
            .ok()
            .and_then(|c| c.not_before.unix())
            .map(|nb| (s.as_str(), nb.div_euclid(registry::DAY))),
        _ => None,
    };
    let audits = audit_checks(state, req, sub_ca).await?;
    Ok(Review {
        audits,
        mrsp_8_4,
        missing: req.items.missing(),
        certificate_in_registry: in_registry,
        certificate_sha256: sha,
        lint,
        chains_to_root,
        chain,
        not_checked: Vec::new(),
    })
}

/// A certificate's DER by SHA-256: from the registry, or else from the
/// attachments (a sub-CA certificate uploaded with its request, stored as
/// DER so that the attachment's SHA-256 is the certificate's fingerprint).
/// The flag says whether it came from the registry.
async fn certificate_der(
    reg: &registry::Registry,
    sha: &str,
) -> Result<Option<(Vec<u8>, bool)>, ApiError> {
    if let Some(der) = reg.certificate_der(sha).await.map_err(reg_err)? {
        return Ok(Some((der, true)));
    }
    Ok(reg
        .attachment_content(sha)
        .await
        .map_err(reg_err)?
        .filter(|(a, _)| a.media_type == "application/pkix-cert")
        .map(|(_, der)| (der, false)))
}

/// Validates the certificate `from` (SHA-256; its DER `leaf`, which the
/// review has read already) to the root `root` (RFC 5280 section 6, `path`
/// crate), with every certificate found breadth-first up the registry's
/// signature-verified parent links (at most 8 levels) as the candidate
/// intermediates. `None` when the registry lacks the root's DER.
async fn chain_check(
    state: &AppState,
    from: &str,
    leaf: &[u8],
    root: &str,
    profile: &str,
) -> Result<Option<ChainCheck>, ApiError> {
    let Some(reg) = &state.registry else {
        return Ok(None);
    };
    let now = state.clock.now();
    let Some(root_der) = reg.certificate_der(root).await.map_err(reg_err)? else {
        return Ok(None);
    };
    let mut frontier = vec![from.to_owned()];
    let mut seen = std::collections::HashSet::new();
    let mut intermediates = Vec::new();
    for _ in 0..8 {
        let mut next = Vec::new();
        for sha in frontier {
            if sha == root || !seen.insert(sha.clone()) {
                continue;
            }
            match reg.view(&sha, now).await {
                Ok(v) => {
                    if sha != from
                        && let Some(der) = v.der
                    {
                        intermediates.push(der);
                    }
                    next.extend(v.parents.into_iter().filter(|p| p.2).map(|p| p.0));
                }
                Err(registry::Error::NotFound(_)) => {}
                Err(e) => return Err(reg_err(e)),
            }
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    let purpose = if profile.starts_with("smime") {
        path::Purpose::Smime
    } else if profile.starts_with("tls") {
        path::Purpose::Tls
    } else {
        path::Purpose::Any
    };
    let not_before = cert::Certificate::parse(leaf)
        .ok()
        .and_then(|c| c.not_before.unix())
        .unwrap_or(now);
    let mut opts = path::Options::at(now.max(not_before));
    opts.purpose = purpose;
    let inter: Vec<&[u8]> = intermediates.iter().map(Vec::as_slice).collect();
    let report = match path::validate(leaf, &inter, &[&root_der], &[], &opts) {
        Ok(r) => r,
        Err(e) => {
            return Ok(Some(ChainCheck {
                valid: false,
                at: cert::time::format_unix(opts.time),
                purpose: purpose.name(),
                path: Vec::new(),
                failure: Some(e.to_string()),
            }));
        }
    };
    let shown = report.valid_path().or(report.paths.first());
    Ok(Some(ChainCheck {
        valid: report.is_valid(),
        at: report.time.clone(),
        purpose: purpose.name(),
        path: shown
            .map(|p| p.certificates.iter().map(|c| c.subject.clone()).collect())
            .unwrap_or_default(),
        failure: if report.is_valid() {
            None
        } else {
            shown
                .and_then(|p| p.failure.as_ref())
                .map(ToString::to_string)
        },
    }))
}

/// A request as the API shows it.
#[derive(Serialize)]
struct RequestView {
    request: Request,
    version: i64,
    review: Review,
    comments: Vec<registry::requests::Comment>,
    /// Incidents linked to the request (incidents are public; the request
    /// was checked readable before).
    incidents: Vec<registry::model::Incident>,
}

async fn readable(state: &AppState, auth: &Auth, id: &str) -> Result<(Request, i64), ApiError> {
    let reg = state.registry.as_ref().ok_or_else(no_registry)?;
    let (req, version) = reg.request(id).await.map_err(reg_err)?;
    // Unreadable requests are answered as absent, so drafts do not leak their existence.
    if !workflow::may_read(auth.actor(), &req) {
        return Err(ApiError(
            StatusCode::NOT_FOUND,
            format!("not found: request {id}"),
        ));
    }
    Ok((req, version))
}

/// `GET /api/v1/requests`: the requests the caller may read.
pub async fn list(State(state): State<AppState>, auth: Auth) -> Result<Response, ApiError> {
    Ok(Json(visible_requests(&state, &auth).await?).into_response())
}

/// The requests `auth` may see, newest change first.
async fn visible_requests(
    state: &AppState,
    auth: &Auth,
) -> Result<Vec<registry::requests::RequestSummary>, ApiError> {
    let reg = state.registry.as_ref().ok_or_else(no_registry)?;
    let mut all = reg.requests().await.map_err(reg_err)?;
    all.retain(|s| workflow::may_see(auth.actor(), &s.owner, s.state));
    Ok(all)
}

/// `POST /api/v1/requests`: files a draft with the given items.
pub async fn create(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    body: Result<Json<Items>, JsonRejection>,
) -> Result<Response, ApiError> {
    let actor = auth.for_change(csrf_header(&headers))?.clone();
    let Json(items) = body.map_err(json_err)?;
    let reg = state.registry.as_ref().ok_or_else(no_registry)?;
    let req = reg
        .create_request(&actor, items, state.clock.as_ref())
        .await
        .map_err(reg_err)?;
    let (req, version) = reg.request(&req.id).await.map_err(reg_err)?;
    let review = review(&state, &req).await?;
    Ok((
        StatusCode::CREATED,
        Json(RequestView {
            request: req,
            version,
            review,
            comments: Vec::new(),
            incidents: Vec::new(),
        }),
    )
        .into_response())
}

/// `GET /api/v1/requests/{id}`: the request, its version and its automatic review.
pub async fn get(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let (req, version) = readable(&state, &auth, &id).await?;
    let review = review(&state, &req).await?;
    let reg = state.registry.as_ref().ok_or_else(no_registry)?;
    let comments = reg.comments(&id).await.map_err(reg_err)?;
    let incidents = reg.incidents_of_request(&id).await.map_err(reg_err)?;
    Ok(Json(RequestView {
        request: req,
        version,
        review,
        comments,
        incidents,
    })
    .into_response())
}

/// Body of `POST /api/v1/requests/{id}/comments`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommentBody {
    body: String,
}

/// `POST /api/v1/requests/{id}/comments`.
pub async fn comment(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<Json<CommentBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    let actor = auth.for_change(csrf_header(&headers))?.clone();
    let Json(b) = body.map_err(json_err)?;
    let reg = state.registry.as_ref().ok_or_else(no_registry)?;
    let c = reg
        .add_comment(&id, &actor, &b.body, state.clock.as_ref())
        .await
        .map_err(reg_err)?;
    Ok((StatusCode::CREATED, Json(c)).into_response())
}

/// Fields of the forms on a request page: the CSRF token, and either a
/// comment or an action with its reason and the version it was shown at.
#[derive(Deserialize)]
pub struct PageForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    comment: Option<String>,
    #[serde(default)]
    action: Option<String>,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    version: i64,
    #[serde(default)]
    section: String,
    #[serde(default)]
    sha256: String,
}

/// `POST /requests/{id}`: the page's forms (a comment, or one action), then
/// back to the page (303), or a page naming the error.
pub async fn page_post(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let fail = |status: StatusCode, msg: &str| {
        let body = format!(
            "<p class=\"error-box\">{}</p><p><a href=\"/requests/{}\">Back to the request</a></p>",
            esc(msg),
            esc(&encode_path(&id))
        );
        (status, page("Request", &body)).into_response()
    };
    // The key generation report form may carry the file itself
    // (multipart); the other forms are urlencoded.
    let data = match crate::page_form::FormData::read(&headers, &body) {
        Ok(d) => d,
        Err(e) => return fail(StatusCode::BAD_REQUEST, &e.to_string()),
    };
    let mut f: PageForm = match data.fields() {
        Ok(f) => f,
        Err(e) => return fail(StatusCode::BAD_REQUEST, &e.to_string()),
    };
    let actor = match auth.for_change(Some(&f.csrf)) {
        Ok(a) => a.clone(),
        Err(ApiError(s, m)) => return fail(s, &m),
    };
    let Some(reg) = &state.registry else {
        return fail(StatusCode::SERVICE_UNAVAILABLE, "no registry is open");
    };
    let result = if let Some(text) = &f.comment {
        reg.add_comment(&id, &actor, text, state.clock.as_ref())
            .await
            .map(|_| ())
    } else {
        let action = match f.action.as_deref().unwrap_or_default() {
            "submit" => Action::Submit,
            "begin_root_operator_review" => Action::BeginRootOperatorReview,
            "forward_to_program" => Action::ForwardToProgram,
            "open_discussion" => Action::OpenDiscussion { planned_end: None },
            "approve" => Action::Approve {
                section: f.section.clone(),
            },
            "deny" => Action::Deny {
                section: f.section.clone(),
            },
            "register" => Action::Register {
                sha256: f.sha256.clone(),
            },
            "attach_key_generation_report" => Action::AttachKeyGenerationReport {
                sha256: f.sha256.clone(),
            },
            "complete" => Action::Complete,
            "withdraw" => Action::Withdraw,
            other => {
                return fail(
                    StatusCode::BAD_REQUEST,
                    &format!("unknown action \"{other}\""),
                );
            }
        };
        if let Err(ApiError(s, m)) = readable(&state, &auth, &id).await {
            return fail(s, &m);
        }
        if let Some(file) = data.file("report") {
            match store_upload(&state, &actor, file).await {
                Ok(sha) => f.sha256 = sha,
                Err(ApiError(s, m)) => return fail(s, &m),
            }
        }
        let action = match action {
            Action::AttachKeyGenerationReport { .. } => Action::AttachKeyGenerationReport {
                sha256: f.sha256.clone(),
            },
            other => other,
        };
        reg.apply_request_action(
            &id,
            &actor,
            &action,
            &f.reason,
            f.version,
            state.clock.as_ref(),
        )
        .await
        .map(|_| ())
    };
    match result {
        Ok(()) => {
            axum::response::Redirect::to(&format!("/requests/{}", encode_path(&id))).into_response()
        }
        Err(e) => {
            let ApiError(s, m) = reg_err(e);
            fail(s, &m)
        }
    }
}

/// Stores a file sent with a page form as an attachment (its type decided
/// by its content, RFC 7578 browsers send no trustworthy type) and returns
/// its SHA-256.
pub(crate) async fn store_upload(
    state: &AppState,
    actor: &registry::workflow::Actor,
    file: &crate::page_form::FilePart,
) -> Result<String, ApiError> {
    let reg = state.registry.as_ref().ok_or_else(no_registry)?;
    if actor.role == workflow::Role::Public {
        return Err(ApiError(
            StatusCode::FORBIDDEN,
            "the public does not upload files".into(),
        ));
    }
    let Some(media_type) = registry::attachments::sniff_media_type(&file.data) else {
        return Err(ApiError(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!(
                "{}: not an accepted type (accepted: {})",
                file.filename,
                registry::attachments::MEDIA_TYPES.join(", ")
            ),
        ));
    };
    let a = reg
        .put_attachment(
            &file.filename,
            media_type,
            &file.data,
            &actor.name,
            state.clock.as_ref(),
        )
        .await
        .map_err(reg_err)?;
    Ok(a.sha256)
}

/// Percent-encodes a path segment (ids are ours, but must stay safe in a
/// Location header and an attribute whatever they hold).
pub(crate) fn encode_path(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b => format!("%{b:02X}"),
        })
        .collect()
}

/// The actions `actor` could try on `req` now, for the page's buttons (the
/// registry still decides; this only avoids offering what cannot work).
fn offered(actor: &workflow::Actor, req: &Request) -> Vec<(&'static str, &'static str)> {
    use workflow::{Role, State::*};
    let member = workflow::is_member_of(actor, &req.owner);
    let pm = actor.role == Role::ProgramManager;
    let mut v = Vec::new();
    match req.state {
        Draft if member => v.push(("submit", "Submit")),
        Submitted if member => v.push(("begin_root_operator_review", "Begin root operator review")),
        RootOperatorReview if member => v.push(("forward_to_program", "Forward to the program")),
        ProgramReview if pm => {
            v.push(("open_discussion", "Open public discussion (3 weeks)"));
            v.push(("deny", "Deny"));
        }
        PublicDiscussion if pm => {
            v.push(("approve", "Approve"));
            v.push(("deny", "Deny"));
        }
        Approved if member => v.push(("register", "Register (fingerprint)")),
        Registered if member || pm => {
            v.push((
                "attach_key_generation_report",
                "Key generation report received",
            ));
        }
        KeyGenerationReportReceived if pm => v.push(("complete", "Complete")),
        _ => {}
    }
    if member && !req.state.is_final() {
        v.push(("withdraw", "Withdraw"));
    }
    v
}

/// Query of the item edit: the version the edit is based on.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionQuery {
    version: i64,
}

/// `PUT /api/v1/requests/{id}/items?version=N`: replaces the items.
pub async fn put_items(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Path(id): Path<String>,
    query: Result<Query<VersionQuery>, QueryRejection>,
    body: Result<Json<Items>, JsonRejection>,
) -> Result<Response, ApiError> {
    let actor = auth.for_change(csrf_header(&headers))?.clone();
    let Query(q) = query.map_err(|e| ApiError(StatusCode::BAD_REQUEST, e.body_text()))?;
    let Json(items) = body.map_err(json_err)?;
    readable(&state, &auth, &id).await?;
    let reg = state.registry.as_ref().ok_or_else(no_registry)?;
    reg.update_request_items(
        &id,
        &actor,
        items,
        "items edited",
        q.version,
        state.clock.as_ref(),
    )
    .await
    .map_err(reg_err)?;
    get(State(state), auth, Path(id)).await
}

/// Body of `POST /api/v1/requests/{id}/actions`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionBody {
    action: Action,
    reason: String,
    version: i64,
}

/// `POST /api/v1/requests/{id}/actions`: one workflow transition.
pub async fn act(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<Json<ActionBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    let actor = auth.for_change(csrf_header(&headers))?.clone();
    let Json(b) = body.map_err(json_err)?;
    readable(&state, &auth, &id).await?;
    let reg = state.registry.as_ref().ok_or_else(no_registry)?;
    reg.apply_request_action(
        &id,
        &actor,
        &b.action,
        &b.reason,
        b.version,
        state.clock.as_ref(),
    )
    .await
    .map_err(reg_err)?;
    get(State(state), auth, Path(id)).await
}

/// `GET /requests`: the list page.
pub async fn list_page(State(state): State<AppState>, auth: Auth) -> Response {
    let rows = match visible_requests(&state, &auth).await {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    let mut body = signed_in_line(&auth);
    if auth
        .actor()
        .is_some_and(|a| a.role == workflow::Role::OwnerMember)
    {
        body.push_str("<p><a href=\"/requests/new\">File a new request</a></p>");
    }
    if rows.is_empty() {
        body.push_str("<p>No requests you may see.</p>");
    } else {
        body.push_str("<table><thead><tr><th>Request</th><th>Owner</th><th>State</th><th>Last change</th></tr></thead><tbody>");
        for r in rows {
            let _ = write!(
                body,
                "<tr><td><a href=\"/requests/{id}\">{id}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&r.owner),
                r.state.as_str().replace('_', " "),
                registry::format_date(r.updated_at),
                id = esc(&r.id),
            );
        }
        body.push_str("</tbody></table>");
    }
    page("Requests", &body).into_response()
}

/// The line saying who is signed in, with the sign-out form (and its CSRF token).
pub(crate) fn signed_in_line(auth: &Auth) -> String {
    match auth {
        Auth::Session(a, csrf) => format!(
            "<form method=\"post\" action=\"/signout\"><p>Signed in as {} ({}) \
             <input type=\"hidden\" name=\"csrf\" value=\"{}\"><button type=\"submit\">Sign out</button></p></form>",
            esc(&a.name),
            registry::accounts::role_name(a.role).replace('_', " "),
            esc(csrf)
        ),
        Auth::Token(a) => format!("<p>Signed in as {}</p>", esc(&a.name)),
        Auth::Anonymous => {
            "<p><a href=\"/signin\">Sign in</a> to see your drafts and act on requests.</p>".into()
        }
    }
}

/// `GET /requests/{id}`: the request page: items, automatic review, timeline.
pub async fn page_of(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Response {
    let (req, version) = match readable(&state, &auth, &id).await {
        Ok(r) => r,
        Err(ApiError(status, msg)) => {
            return (
                status,
                page(
                    "Request",
                    &format!("<p class=\"error-box\">{}</p>", esc(&msg)),
                ),
            )
                .into_response();
        }
    };
    let rev = match review(&state, &req).await {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    let mut body = signed_in_line(&auth);
    let i = &req.items;
    let o = |v: &Option<String>| esc(v.as_deref().unwrap_or("—"));
    let _ = write!(
        body,
        "<dl><dt>State</dt><dd>{}</dd><dt>Filed by</dt><dd>{} ({})</dd><dt>Version</dt><dd>{version}</dd></dl>\
         <h2>Items</h2><dl><dt>1. Operator</dt><dd>{}</dd><dt>2. Website</dt><dd>{}</dd>\
         <dt>3. Hierarchy</dt><dd>root <code>{}</code>; new sub-CA {}</dd>\
         <dt>4. Certificate</dt><dd><code>{}</code></dd><dt>5. CP/CPS</dt><dd>{}</dd>\
         <dt>6. Audits</dt><dd>{}</dd><dt>7. Self-assessment</dt><dd>{}</dd>\
         <dt>8. Root operator's review</dt><dd>{}</dd><dt>9. Value justification</dt><dd>{}</dd>\
         <dt>Incidents</dt><dd>{}</dd></dl>",
        esc(&req.state.as_str().replace('_', " ")),
        esc(&req.filer),
        esc(&req.owner),
        o(&i.operator_legal_name),
        o(&i.operator_website),
        o(&i.root_sha256),
        o(&i.new_subca_name),
        o(&i.certificate_sha256),
        i.cp_cps.as_ref().map_or("—".into(), |d| format!(
            "{} version {} of {}",
            esc(&d.url),
            esc(&d.version),
            esc(&d.date)
        )),
        esc(&i.audits.join(", ")),
        i.self_assessment.as_ref().map_or("—".into(), |s| format!(
            "file {} of {}, template {}",
            esc(&s.file_sha256),
            esc(&s.date),
            esc(&s.template_version)
        )),
        o(&i.root_operator_review),
        o(&i.value_justification),
        i.incidents
            .as_ref()
            .map_or("—".into(), |v| if v.is_empty() {
                "none".into()
            } else {
                esc(&v.join(", "))
            }),
    );
    body.push_str("<h2>Linked incidents</h2>");
    let linked = match &state.registry {
        Some(reg) => match reg.incidents_of_request(&req.id).await {
            Ok(l) => l,
            Err(e) => return reg_err(e).into_response(),
        },
        None => Vec::new(),
    };
    if linked.is_empty() {
        body.push_str("<p>None.</p>");
    } else {
        body.push_str("<ul>");
        for inc in &linked {
            let _ = write!(
                body,
                "<li><a href=\"/incidents/{}\">{}</a>: {} ({})</li>",
                esc(&encode_path(&inc.id)),
                esc(&inc.id),
                esc(&inc.title),
                esc(&inc.status)
            );
        }
        body.push_str("</ul>");
    }
    // Key ceremony records naming the sub-CA certificate, as far as the
    // viewer may see them (registry::ceremonies::access).
    if let (Some(reg), Some(sha)) = (&state.registry, &rev.certificate_sha256) {
        match reg.ceremony_records_naming(auth.actor(), sha).await {
            Ok(records) if !records.is_empty() => {
                body.push_str("<h2>Key ceremony records</h2><ul>");
                for r in &records {
                    let _ = write!(
                        body,
                        "<li><a href=\"/ceremonies/{}\">{}</a> ({})</li>",
                        esc(&r.sha256),
                        esc(&r.title),
                        esc(&r.ceremony_date)
                    );
                }
                body.push_str("</ul>");
            }
            Ok(_) => {}
            Err(e) => return reg_err(e).into_response(),
        }
    }
    body.push_str("<h2>Automatic review</h2><ul>");
    if rev.missing.is_empty() {
        body.push_str("<li>All items present.</li>");
    } else {
        let _ = write!(body, "<li>Missing: {}.</li>", esc(&rev.missing.join(", ")));
    }
    match &rev.certificate_sha256 {
        Some(s) if rev.certificate_in_registry => {
            let _ = write!(
                body,
                "<li>Certificate SHA-256 <code>{}</code> (in the registry).</li>",
                esc(s)
            );
        }
        Some(s) if rev.lint.is_some() => {
            let _ = write!(
                body,
                "<li>Certificate SHA-256 <code>{}</code> (uploaded with the request; not in the registry).</li>",
                esc(s)
            );
        }
        Some(s) => {
            let _ = write!(
                body,
                "<li>Certificate <code>{}</code> is neither in the registry nor uploaded: import or upload it to lint it.</li>",
                esc(s)
            );
        }
        None => body.push_str("<li>No certificate given.</li>"),
    }
    match &rev.chain {
        Some(c) if c.valid => {
            let _ = write!(
                body,
                "<li>Chains to the named root through signature-verified links: a valid certification path (RFC 5280 section 6, purpose {}) at {}: {}.</li>",
                c.purpose,
                esc(&c.at),
                esc(&c.path.join(" ← "))
            );
        }
        Some(c) => {
            let _ = write!(
                body,
                "<li class=\"error\">Does not chain to the named root: no valid certification path (RFC 5280 section 6, purpose {}) at {}: {}.</li>",
                c.purpose,
                esc(&c.at),
                esc(c.failure.as_deref().unwrap_or("no candidate path"))
            );
        }
        None => {}
    }
    for a in &rev.audits {
        let scope = match a.covers_certificate {
            Some(true) => "lists the sub-CA in scope; ",
            Some(false) => "does not list the sub-CA in scope; ",
            None => "",
        };
        let _ = write!(
            body,
            "<li>Audit {}: {}{scope}{}</li>",
            esc(&a.item),
            a.period
                .as_ref()
                .map_or(String::new(), |(s, e)| format!("period {s} to {e}; ")),
            esc(a.problem.as_deref().unwrap_or("current"))
        );
    }
    if let Some(m) = &rev.mrsp_8_4 {
        let _ = write!(body, "<li>{}.</li>", esc(&m.conclusion));
    }
    for n in &rev.not_checked {
        let _ = write!(body, "<li>Not checked yet: {}.</li>", esc(n));
    }
    body.push_str("</ul>");
    if let Some(l) = &rev.lint {
        let _ = write!(body, "<h3>Lint report (profile {})</h3>", esc(&l.profile));
        body.push_str(&findings_table(&l.findings));
    }
    body.push_str("<h2>Timeline</h2>");
    if req.timeline.is_empty() {
        body.push_str("<p>No steps yet.</p>");
    } else {
        body.push_str("<table><thead><tr><th>When</th><th>Who</th><th>Action</th><th>State</th><th>Why</th></tr></thead><tbody>");
        for e in &req.timeline {
            let _ = write!(
                body,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{} → {}</td><td>{}</td></tr>",
                registry::format_date(e.at),
                esc(&e.actor),
                esc(&e.action.replace('_', " ")),
                e.from.as_str().replace('_', " "),
                e.to.as_str().replace('_', " "),
                esc(&e.reason)
            );
        }
        body.push_str("</tbody></table>");
    }
    body.push_str("<h2>Comments</h2>");
    let comments = match &state.registry {
        Some(reg) => reg.comments(&req.id).await.unwrap_or_else(|e| {
            eprintln!("rootward serve: registry error: {e}");
            Vec::new()
        }),
        None => Vec::new(),
    };
    if comments.is_empty() {
        body.push_str("<p>No comments.</p>");
    }
    for c in &comments {
        let _ = write!(
            body,
            "<article class=\"comment\"><p><strong>{}</strong> ({}), {}</p><p>{}</p></article>",
            esc(&c.author),
            registry::accounts::role_name(c.role).replace('_', " "),
            registry::format_date(c.at),
            esc(&c.body).replace('\n', "<br>")
        );
    }
    if let Auth::Session(actor, csrf) = &auth {
        let action = format!("/requests/{}", esc(&encode_path(&req.id)));
        if workflow::may_comment(actor, &req) {
            let _ = write!(
                body,
                "<form method=\"post\" action=\"{action}\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">\
                 <p><label for=\"comment\">Your comment</label></p><textarea id=\"comment\" name=\"comment\" rows=\"4\" required></textarea>\
                 <p><button type=\"submit\">Comment</button></p></form>",
                esc(csrf)
            );
        }
        let acts = offered(actor, &req);
        if !acts.is_empty() {
            body.push_str("<h2>Act</h2>");
        }
        for (name, label) in acts {
            let extra = match name {
                "approve" | "deny" => {
                    "<label>Policy section <input name=\"section\" value=\"MRSP 8.4\" required></label> "
                }
                "register" => {
                    "<label>SHA-256 <input name=\"sha256\" size=\"70\" required></label> "
                }
                "attach_key_generation_report" => {
                    "<label>Report file <input type=\"file\" name=\"report\"></label> \
                     <label>or the SHA-256 of an uploaded one <input name=\"sha256\" size=\"70\"></label> "
                }
                _ => "",
            };
            let enctype = if name == "attach_key_generation_report" {
                " enctype=\"multipart/form-data\""
            } else {
                ""
            };
            let _ = write!(
                body,
                "<form method=\"post\" action=\"{action}\"{enctype}><input type=\"hidden\" name=\"csrf\" value=\"{}\">\
                 <input type=\"hidden\" name=\"version\" value=\"{version}\"><input type=\"hidden\" name=\"action\" value=\"{name}\">\
                 <p>{extra}<label>Reason <input name=\"reason\" required></label> <button type=\"submit\">{label}</button></p></form>",
                esc(csrf)
            );
        }
    }
    page(&format!("Request {}", req.id), &body).into_response()
}
