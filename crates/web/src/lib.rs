//! The rootward web application: a REST API (JSON, under `/api/v1`) and
//! server-rendered pages over `lint` and `registry`.
//!
//! One file per concern: `lint_input` and `api` (linting over HTTP, the
//! OpenAPI description, certificate JSON), `pages` and `tree` (certificate
//! pages, search, lint form), `auth` (sessions, API tokens, CSRF, sign-in
//! limits), `requests` and `new_request` (the sub-CA request workflow and its
//! automatic review), `attachments`, `incidents` (incident reports with
//! the CCADB template's sections, updates, closing, links to requests),
//! `ceremonies` (key ceremony records and their auditors' grants),
//! `dashboard`. Who may do what to a request is decided in
//! `registry::workflow`, to an incident in `registry::incidents`, and to a
//! ceremony record in `registry::ceremonies`; this
//! crate only establishes who is asking and presents the result.
//!
//! Time comes from the [`registry::Clock`] in [`AppState`], never from the
//! system inside handlers, so tests can fix it.

mod api;
mod attachments;
mod auth;
mod ceremonies;
mod dashboard;
mod html;
mod incidents;
mod lint_input;
mod new_request;
mod page_form;
mod pages;
mod requests;
mod tree;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, header};
use axum::routing::{get, post};

pub use auth::{MAX_FAILURES as MAX_SIGNIN_FAILURES, WINDOW as SIGNIN_WINDOW};
pub use lint_input::{LintError, LintResult, lint_bytes};

/// Largest request body accepted by the lint routes: far above any real
/// certificate or CRL chain a CA would lint pre-issuance, small enough that a
/// client cannot make the server buffer much.
pub const MAX_LINT_BODY: usize = 1024 * 1024;

/// Largest page form that carries files: two attachments at their limit
/// plus the text fields (the new-request form has two file inputs).
pub const MAX_FORM_WITH_FILES: usize = 2 * registry::attachments::MAX_ATTACHMENT + 256 * 1024;

/// Largest number of items (PEM blocks, DER objects) linted from one body.
pub const MAX_LINT_ITEMS: usize = 256;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    linter: Arc<lint::Linter>,
    registry: Option<registry::Registry>,
    clock: Arc<dyn registry::Clock>,
    limiter: Arc<auth::Limiter>,
    secure_cookies: bool,
}

impl AppState {
    /// State over an optional registry (without one, the certificate pages
    /// answer 404 and search finds nothing) and a clock.
    pub fn new(registry: Option<registry::Registry>, clock: Arc<dyn registry::Clock>) -> AppState {
        AppState {
            linter: Arc::new(lint::Linter::new()),
            registry,
            clock,
            limiter: Arc::default(),
            secure_cookies: false,
        }
    }

    /// Marks session cookies `Secure` (when served over HTTPS, e.g. behind a
    /// TLS-terminating proxy).
    pub fn with_secure_cookies(mut self, on: bool) -> AppState {
        self.secure_cookies = on;
        self
    }
}

/// The application's routes.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::index))
        .route("/lint", get(pages::lint_form).post(pages::lint_submit))
        .route("/search", get(pages::search))
        .route("/certificates/{sha256}", get(pages::certificate))
        .route("/certificates/{sha256}/tree", get(tree::html))
        .route("/static/style.css", get(pages::stylesheet))
        .route("/signin", get(auth::signin_form).post(auth::signin))
        .route("/signout", post(auth::signout))
        .route("/dashboard", get(dashboard::html))
        .route("/incidents", get(incidents::html))
        .route(
            "/incidents/new",
            get(incidents::new_form).post(incidents::new_submit),
        )
        .route(
            "/incidents/{id}",
            get(incidents::page_of).post(incidents::page_post),
        )
        .route(
            "/api/v1/incidents",
            get(incidents::list).post(incidents::create),
        )
        .route("/api/v1/incidents/{id}", get(incidents::get))
        .route("/api/v1/incidents/{id}/updates", post(incidents::update))
        .route("/api/v1/incidents/{id}/close", post(incidents::close))
        .route("/ceremonies", get(ceremonies::list_page))
        .route(
            "/ceremonies/new",
            get(ceremonies::new_form)
                .post(ceremonies::new_submit)
                .layer(DefaultBodyLimit::max(ceremonies::MAX_PAGE_FORM)),
        )
        .route(
            "/ceremonies/{sha256}",
            get(ceremonies::page_of)
                .post(ceremonies::page_post)
                .layer(DefaultBodyLimit::max(ceremonies::MAX_PAGE_FORM)),
        )
        .route(
            "/api/v1/ceremonies",
            get(ceremonies::list)
                .post(ceremonies::upload)
                .layer(DefaultBodyLimit::max(ceremonies::MAX_API_RECORD)),
        )
        .route("/api/v1/ceremonies/{sha256}", get(ceremonies::get))
        .route(
            "/api/v1/ceremonies/{sha256}/record",
            get(ceremonies::record_file),
        )
        .route(
            "/api/v1/ceremonies/{sha256}/report",
            post(ceremonies::attach_report)
                .layer(DefaultBodyLimit::max(registry::ceremonies::MAX_REPORT)),
        )
        .route(
            "/api/v1/ceremonies/{sha256}/grants",
            post(ceremonies::grant),
        )
        .route(
            "/api/v1/ceremonies/{sha256}/grants/{auditor}",
            axum::routing::delete(ceremonies::revoke),
        )
        .route(
            "/api/v1/attachments",
            post(attachments::upload)
                .layer(DefaultBodyLimit::max(registry::attachments::MAX_ATTACHMENT)),
        )
        .route("/api/v1/attachments/{sha256}", get(attachments::download))
        .route("/api/v1/dashboard", get(dashboard::api))
        .route("/requests", get(requests::list_page))
        .route(
            "/requests/new",
            get(new_request::form)
                .post(new_request::submit)
                .layer(DefaultBodyLimit::max(MAX_FORM_WITH_FILES)),
        )
        .route(
            "/requests/{id}",
            get(requests::page_of)
                .post(requests::page_post)
                .layer(DefaultBodyLimit::max(MAX_FORM_WITH_FILES)),
        )
        .route(
            "/api/v1/requests",
            get(requests::list).post(requests::create),
        )
        .route("/api/v1/requests/{id}", get(requests::get))
        .route(
            "/api/v1/requests/{id}/items",
            axum::routing::put(requests::put_items),
        )
        .route("/api/v1/requests/{id}/actions", post(requests::act))
        .route("/api/v1/requests/{id}/comments", post(requests::comment))
        .route("/api/v1/lint", post(api::lint))
        .route("/api/v1/openapi.json", get(api::openapi))
        .route("/api/v1/certificates", get(api::search))
        .route("/api/v1/certificates/{sha256}", get(api::certificate))
        .route("/api/v1/certificates/{sha256}/tree", get(tree::api))
        .layer(DefaultBodyLimit::max(MAX_LINT_BODY))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

/// Headers on every response: the pages load nothing but our stylesheet,
/// run no script and may not be framed.
async fn security_headers(mut res: axum::response::Response) -> axum::response::Response {
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    res
}

/// Serves the application on `addr` until the process ends; `on_bound` is
/// told the address actually bound (useful with port 0).
pub async fn serve(
    addr: SocketAddr,
    state: AppState,
    on_bound: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    on_bound(listener.local_addr()?);
    axum::serve(listener, router(state)).await
}

/// Why the server could not start.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The runtime could not start, or the address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        /// The address asked for.
        addr: SocketAddr,
        /// The cause.
        source: std::io::Error,
    },
    /// The registry database could not be opened.
    #[error("cannot open the registry database {location}: {source}")]
    Registry {
        /// The path or URL.
        location: String,
        /// The cause.
        source: registry::Error,
    },
}

/// Opens the registry at `db` (when given) and serves on `addr` with the
/// system clock, on a multi-threaded runtime, until the process ends.
pub fn run(
    addr: SocketAddr,
    db: Option<&str>,
    secure_cookies: bool,
    on_bound: impl FnOnce(SocketAddr),
) -> Result<(), ServeError> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|source| ServeError::Listen { addr, source })?;
    rt.block_on(async {
        let registry = match db {
            Some(location) => Some(registry::Registry::open(location).await.map_err(|source| {
                ServeError::Registry {
                    location: location.to_owned(),
                    source,
                }
            })?),
            None => None,
        };
        let state = AppState::new(registry, Arc::new(registry::SystemClock))
            .with_secure_cookies(secure_cookies);
        serve(addr, state, on_bound)
            .await
            .map_err(|source| ServeError::Listen { addr, source })
    })
}
