//! Server-rendered pages: usable without JavaScript, every value escaped.

use std::fmt::Write;

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::html::{esc, findings_table, page};
use crate::{AppState, MAX_LINT_BODY, lint_bytes};

/// Children listed on a certificate page (a root can have hundreds).
const PAGE_CHILDREN: usize = 100;

/// `GET /`.
pub async fn index(State(state): State<AppState>) -> Response {
    let mut body = String::from(
        "<p>rootward lints certificates, CRLs and OCSP responses against RFC 5280, \
         the S/MIME and TLS Baseline Requirements and the Mozilla Root Store Policy, \
         and keeps the registry of CA owners, hierarchies, audits and CP/CPS.</p>\n\
         <ul><li><a href=\"/lint\">Lint a certificate</a> (paste PEM or base64)</li>\
         <li><a href=\"/search\">Search the registry's certificates</a></li>\
         <li><a href=\"/api/v1/openapi.json\">REST API description</a> \
         (<code>POST /api/v1/lint</code> for pre-issuance linting)</li></ul>\n",
    );
    if let Some(reg) = &state.registry {
        match reg.counts().await {
            Ok(c) => {
                let _ = write!(
                    body,
                    "<p>The registry holds {} certificates, {} owners, {} audits and {} documents.</p>",
                    c.certificates, c.owners, c.audits, c.documents
                );
            }
            Err(e) => eprintln!("rootward serve: registry error: {e}"),
        }
    } else {
        body.push_str("<p>No registry is open: certificate pages and search are empty.</p>\n");
    }
    page("rootward", &body).into_response()
}

fn lint_form_html(text: &str, profile: &str) -> String {
    format!(
        "<form method=\"post\" action=\"/lint\" enctype=\"multipart/form-data\">\
         <p><label for=\"pem\">Certificate, CRL or OCSP response (PEM or base64; several PEM blocks allowed)</label></p>\
         <textarea id=\"pem\" name=\"pem\" rows=\"14\">{}</textarea>\
         <p><label for=\"file\">or upload a file (PEM, DER or base64)</label> <input type=\"file\" id=\"file\" name=\"file\"></p>\
         <p><label for=\"profile\">Profile</label> <input id=\"profile\" name=\"profile\" value=\"{}\" \
         placeholder=\"auto\"> (as <code>rootward lint --profile</code>; empty: detected)</p>\
         <p><button type=\"submit\">Lint</button></p></form>\n",
        esc(text),
        esc(profile)
    )
}

/// `GET /lint`: the paste form.
pub async fn lint_form() -> Response {
    page("Lint", &lint_form_html("", "")).into_response()
}

/// The fields of the lint form.
#[derive(Deserialize)]
pub struct LintFormData {
    #[serde(default)]
    pem: String,
    #[serde(default)]
    profile: String,
}

/// `POST /lint`: lints the pasted text or the uploaded file and shows the
/// form again above the report. The form changes nothing stored, so it
/// needs no session or CSRF token.
pub async fn lint_submit(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let form = crate::page_form::FormData::read(&headers, &body);
    let fields = form
        .as_ref()
        .ok()
        .and_then(|f| f.fields::<LintFormData>().ok());
    let file = form
        .as_ref()
        .ok()
        .and_then(|f| f.file("file"))
        .map(|f| f.data.clone());
    let input = match (&fields, file) {
        (_, Some(data)) => Some(data),
        (Some(f), None) if !f.pem.trim().is_empty() => Some(f.pem.clone().into_bytes()),
        _ => None,
    };
    let (Some(data), Some(fields)) = (input, fields) else {
        return (
            StatusCode::BAD_REQUEST,
            page(
                "Lint",
                &format!(
                    "<p class=\"error-box\">Paste a certificate, CRL or OCSP response into the \
                     <code>pem</code> field or upload a file, of at most {} KiB.</p>{}",
                    MAX_LINT_BODY / 1024,
                    lint_form_html("", "")
                ),
            ),
        )
            .into_response();
    };
    let now = state.clock.now();
    let linter = state.linter.clone();
    let (pem, profile) = (fields.pem, fields.profile.trim().to_owned());
    let profile2 = profile.clone();
    let outcome =
        tokio::task::spawn_blocking(move || lint_bytes(&linter, &data, &profile2, now)).await;
    let mut body = lint_form_html(&pem, &profile);
    let status = match outcome {
        Ok(Ok(results)) => {
            for r in &results {
                let _ = write!(
                    body,
                    "<section><h2>{}</h2><dl><dt>Subject</dt><dd>{}</dd><dt>SHA-256</dt><dd><code>{}</code></dd>\
                     <dt>Profile</dt><dd>{}</dd></dl>{}</section>",
                    esc(&r.source),
                    esc(&r.subject),
                    esc(&r.sha256),
                    esc(&r.profile),
                    findings_table(&r.findings)
                );
            }
            StatusCode::OK
        }
        Ok(Err(e)) => {
            let _ = write!(body, "<p class=\"error-box\">{}</p>", esc(&e.to_string()));
            StatusCode::BAD_REQUEST
        }
        Err(_) => {
            body.push_str("<p class=\"error-box\">Internal error while linting.</p>");
            StatusCode::INTERNAL_SERVER_ERROR
        }
    };
    (status, page("Lint", &body)).into_response()
}

/// Query of `GET /search`.
#[derive(Deserialize)]
pub struct SearchForm {
    #[serde(default)]
    q: String,
}

/// `GET /search?q=...`.
pub async fn search(State(state): State<AppState>, Query(f): Query<SearchForm>) -> Response {
    let q = f.q.trim();
    let mut body = format!(
        "<form method=\"get\" action=\"/search\"><input name=\"q\" value=\"{}\" \
         aria-label=\"Query\" placeholder=\"name, fingerprint, SKI, serial\"> \
         <button type=\"submit\">Search</button></form>\n",
        esc(q)
    );
    if q.is_empty() {
        return page("Certificates", &body).into_response();
    }
    let found = match &state.registry {
        Some(reg) => match reg.search(q).await {
            Ok(f) => f,
            Err(e) => {
                eprintln!("rootward serve: registry error: {e}");
                return (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    page("Certificates", "<p class=\"error-box\">Registry error.</p>"),
                )
                    .into_response();
            }
        },
        None => Vec::new(),
    };
    if found.is_empty() {
        let _ = write!(body, "<p>No certificate matches “{}”.</p>", esc(q));
    } else {
        body.push_str(
            "<table><thead><tr><th>Certificate</th><th>Issuer</th><th>Not after</th><th>CA</th></tr></thead><tbody>\n",
        );
        for c in &found {
            let _ = writeln!(
                body,
                "<tr><td><a href=\"/certificates/{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&c.sha256),
                esc(&c.label()),
                esc(c.issuer.as_deref().unwrap_or("")),
                c.not_after.map(registry::format_date).unwrap_or_default(),
                if c.is_ca { "yes" } else { "no" }
            );
        }
        body.push_str("</tbody></table>\n");
    }
    page("Certificates", &body).into_response()
}

/// `GET /certificates/{sha256}`: decoded fields, place in the hierarchy,
/// audits, documents and, when the DER is held, the lint report.
pub async fn certificate(State(state): State<AppState>, Path(sha256): Path<String>) -> Response {
    let not_found = || {
        (
            StatusCode::NOT_FOUND,
            page(
                "Not found",
                &format!(
                    "<p>No certificate with SHA-256 <code>{}</code> in the registry.</p>",
                    esc(&sha256)
                ),
            ),
        )
            .into_response()
    };
    let Some(reg) = &state.registry else {
        return not_found();
    };
    let key = sha256.to_ascii_uppercase();
    let now = state.clock.now();
    let view = match reg.view_limited(&key, now, PAGE_CHILDREN).await {
        Ok(v) => v,
        Err(registry::Error::NotFound(_)) => return not_found(),
        Err(e) => {
            eprintln!("rootward serve: registry error: {e}");
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                page("Error", "<p class=\"error-box\">Registry error.</p>"),
            )
                .into_response();
        }
    };
    let c = &view.certificate;
    let opt = |v: &Option<String>| esc(v.as_deref().unwrap_or("—"));
    let date = |t: Option<i64>| t.map(registry::format_date).unwrap_or_else(|| "—".into());
    let mut body = String::from("<dl>");
    let _ = write!(
        body,
        "<dt>Subject</dt><dd>{}</dd><dt>Issuer</dt><dd>{}</dd>\
         <dt>SHA-256</dt><dd><code>{}</code></dd><dt>SHA-1</dt><dd><code>{}</code></dd>\
         <dt>Serial</dt><dd><code>{}</code></dd><dt>Not before</dt><dd>{}</dd><dt>Not after</dt><dd>{}</dd>\
         <dt>SKI</dt><dd><code>{}</code></dd><dt>AKI</dt><dd><code>{}</code></dd>\
         <dt>CA</dt><dd>{}</dd><dt>Technically constrained</dt><dd>{}</dd>\
         <dt>Extended key usage</dt><dd>{}</dd><dt>Trust bits</dt><dd>{}</dd></dl>",
        opt(&c.subject),
        opt(&c.issuer),
        esc(&c.sha256),
        opt(&c.sha1),
        opt(&c.serial),
        date(c.not_before),
        date(c.not_after),
        opt(&c.ski),
        opt(&c.aki),
        if c.is_ca { "yes" } else { "no" },
        if c.technically_constrained {
            "yes"
        } else {
            "no"
        },
        esc(&c
            .eku
            .as_ref()
            .map_or_else(|| "absent".to_owned(), |e| e.join(", "))),
        esc(&serde_json::to_string(&view.trust_bits).unwrap_or_default()),
    );
    let links = |title: &str, list: &[(String, String, bool)], out: &mut String| {
        let _ = write!(out, "<h2>{title}</h2>");
        if list.is_empty() {
            out.push_str("<p>None.</p>\n");
            return;
        }
        out.push_str("<ul>");
        for (sha, label, verified) in list {
            let _ = write!(
                out,
                "<li><a href=\"/certificates/{}\">{}</a>{}</li>",
                esc(sha),
                esc(label),
                if *verified {
                    " (signature verified)"
                } else {
                    " (by name and key identifier only)"
                }
            );
        }
        out.push_str("</ul>\n");
    };
    let _ = write!(
        body,
        "<p><a href=\"/certificates/{}/tree\">Hierarchy under this certificate</a></p>",
        esc(&c.sha256)
    );
    links("Issued by", &view.parents, &mut body);
    links("Issued", &view.children, &mut body);
    if view.children_total > view.children.len() {
        let _ = write!(
            body,
            "<p>The first {} of {} issued CA certificates are listed; <a href=\"/certificates/{}/tree\">the hierarchy</a> shows all.</p>",
            view.children.len(),
            view.children_total,
            esc(&c.sha256)
        );
    }
    body.push_str("<h2>Audits</h2>");
    if view.audits.is_empty() {
        body.push_str("<p>None recorded.</p>\n");
    } else {
        body.push_str("<table><thead><tr><th>Type</th><th>Auditor</th><th>Period</th><th>Statement</th></tr></thead><tbody>");
        for a in &view.audits {
            let _ = write!(
                body,
                "<tr><td>{}</td><td>{}</td><td>{} – {}</td><td>{}</td></tr>",
                esc(&a.kind),
                esc(a.auditor.as_deref().unwrap_or("")),
                a.period_start.as_deref().map(esc).unwrap_or_default(),
                a.period_end.as_deref().map(esc).unwrap_or_default(),
                esc(a.statement_date.as_deref().unwrap_or("")),
            );
        }
        body.push_str("</tbody></table>\n");
    }
    body.push_str("<h2>Documents</h2>");
    if view.documents.is_empty() {
        body.push_str("<p>None recorded.</p>\n");
    } else {
        body.push_str("<ul>");
        for d in &view.documents {
            let _ = write!(
                body,
                "<li>{}: {} {} {}</li>",
                esc(&d.kind),
                esc(&d.url),
                esc(d.doc_version.as_deref().unwrap_or("")),
                esc(d.effective_date.as_deref().unwrap_or(""))
            );
        }
        body.push_str("</ul>\n");
    }
    body.push_str("<h2>Lint report</h2>");
    match &view.der {
        Some(der) => {
            // A certificate lints in tens of microseconds: inline, rather
            // than a hop to the blocking pool and back.
            let report = state.linter.lint_der(der, &lint::Options::default());
            let _ = write!(body, "<p>Profile: {}</p>", esc(&report.profile));
            body.push_str(&findings_table(&report.findings));
        }
        None => body.push_str("<p>The registry holds no DER for this certificate (a CCADB record without the certificate).</p>\n"),
    }
    page(&c.label(), &body).into_response()
}

/// `GET /static/style.css`.
pub async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        crate::html::STYLE,
    )
        .into_response()
}
