//! Who is asking: an API token (`Authorization: Bearer …`) or a session
//! cookie. Requests that change something with a session cookie must carry
//! the session's CSRF token (header `X-CSRF-Token`, or the form field
//! `csrf`); bearer tokens are never sent by a browser on its own, so they
//! need none. Sign-in is rate-limited per account name.

use std::collections::HashMap;
use std::sync::Mutex;

use axum::Form;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use registry::workflow::Actor;
use serde::Deserialize;

use crate::AppState;
use crate::api::ApiError;
use crate::html::{esc, page};

/// Name of the session cookie.
pub const COOKIE: &str = "rootward_session";

/// Failed sign-ins allowed per account name within [`WINDOW`] seconds.
pub const MAX_FAILURES: u32 = 5;
/// The rate-limit window.
pub const WINDOW: i64 = 15 * 60;

/// Failed sign-in counts per account name: (failures, window start).
#[derive(Default)]
pub struct Limiter(Mutex<HashMap<String, (u32, i64)>>);

impl Limiter {
    fn blocked(&self, name: &str, now: i64) -> bool {
        let map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        map.get(name)
            .is_some_and(|(n, start)| *n >= MAX_FAILURES && now - start < WINDOW)
    }
    fn failed(&self, name: &str, now: i64) {
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        // Bound the memory an attacker can make us use with invented names.
        if map.len() > 100_000 {
            map.retain(|_, (_, start)| now - *start < WINDOW);
        }
        let e = map.entry(name.to_owned()).or_insert((0, now));
        if now - e.1 >= WINDOW {
            *e = (0, now);
        }
        e.0 += 1;
    }
    fn succeeded(&self, name: &str) {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(name);
    }
}

/// How the caller authenticated.
#[derive(Clone, Debug)]
pub enum Auth {
    /// Nobody signed in.
    Anonymous,
    /// An API token.
    Token(Actor),
    /// A session cookie, with its CSRF token.
    Session(Actor, String),
}

impl Auth {
    /// The session's CSRF token, for the forms a page renders; empty for
    /// API tokens and anonymous callers, who get no forms that need one.
    pub fn csrf(&self) -> &str {
        match self {
            Auth::Session(_, c) => c,
            Auth::Token(_) | Auth::Anonymous => "",
        }
    }

    /// The actor, if any.
    pub fn actor(&self) -> Option<&Actor> {
        match self {
            Auth::Anonymous => None,
            Auth::Token(a) | Auth::Session(a, _) => Some(a),
        }
    }

    /// For a change: the actor, after checking the CSRF token of a session
    /// (`given` from the header or form). Anonymous callers get 401.
    pub fn for_change(&self, given: Option<&str>) -> Result<&Actor, ApiError> {
        match self {
            Auth::Anonymous => Err(ApiError(
                StatusCode::UNAUTHORIZED,
                "sign in first (session or API token)".into(),
            )),
            Auth::Token(a) => Ok(a),
            Auth::Session(a, csrf) => {
                if given.is_some_and(|g| constant_time_eq(g.as_bytes(), csrf.as_bytes())) {
                    Ok(a)
                } else {
                    Err(ApiError(
                        StatusCode::FORBIDDEN,
                        "missing or wrong CSRF token".into(),
                    ))
                }
            }
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|kv| {
            let (k, v) = kv.trim().split_once('=')?;
            (k == COOKIE).then(|| v.to_owned())
        })
}

/// The CSRF token sent as a header.
pub fn csrf_header(headers: &HeaderMap) -> Option<&str> {
    headers.get("x-csrf-token").and_then(|v| v.to_str().ok())
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Some(reg) = &state.registry else {
            return Ok(Auth::Anonymous);
        };
        let err = |e: registry::Error| {
            eprintln!("rootward serve: registry error: {e}");
            ApiError(StatusCode::INTERNAL_SERVER_ERROR, "registry error".into())
        };
        if let Some(v) = parts.headers.get(header::AUTHORIZATION) {
            let token = v
                .to_str()
                .ok()
                .and_then(|v| v.strip_prefix("Bearer "))
                .ok_or_else(|| {
                    ApiError(
                        StatusCode::UNAUTHORIZED,
                        "Authorization must be \"Bearer TOKEN\"".into(),
                    )
                })?;
            return match reg.token_actor(token).await.map_err(err)? {
                Some(a) => Ok(Auth::Token(a)),
                None => Err(ApiError(
                    StatusCode::UNAUTHORIZED,
                    "unknown API token".into(),
                )),
            };
        }
        if let Some(token) = cookie_token(&parts.headers)
            && let Some(s) = reg
                .session(&token, state.clock.as_ref())
                .await
                .map_err(err)?
        {
            return Ok(Auth::Session(s.actor, s.csrf));
        }
        Ok(Auth::Anonymous)
    }
}

/// `GET /signin`.
pub async fn signin_form() -> Response {
    page("Sign in", &signin_html("", None)).into_response()
}

fn signin_html(name: &str, error: Option<&str>) -> String {
    format!(
        "{}<form method=\"post\" action=\"/signin\"><p><label>Account <input name=\"name\" value=\"{}\" required></label></p>\
         <p><label>Password <input type=\"password\" name=\"password\" required></label></p>\
         <p><button type=\"submit\">Sign in</button></p></form>",
        error
            .map(|e| format!("<p class=\"error-box\">{}</p>", esc(e)))
            .unwrap_or_default(),
        esc(name)
    )
}

/// The sign-in form's fields.
#[derive(Deserialize)]
pub struct SigninData {
    name: String,
    password: String,
}

/// `POST /signin`: checks the password, opens a session, sets the cookie
/// (HttpOnly, SameSite=Strict) and goes to the requests.
pub async fn signin(
    State(state): State<AppState>,
    form: Result<Form<SigninData>, axum::extract::rejection::FormRejection>,
) -> Response {
    let Ok(Form(f)) = form else {
        return (
            StatusCode::BAD_REQUEST,
            page(
                "Sign in",
                &signin_html("", Some("the form needs name and password")),
            ),
        )
            .into_response();
    };
    let Some(reg) = &state.registry else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            page("Sign in", "<p>No registry: accounts are unavailable.</p>"),
        )
            .into_response();
    };
    let now = state.clock.now();
    if state.limiter.blocked(&f.name, now) {
        return (
            StatusCode::TOO_MANY_REQUESTS,
            page(
                "Sign in",
                &signin_html(
                    &f.name,
                    Some("too many failed sign-ins for this account; wait 15 minutes"),
                ),
            ),
        )
            .into_response();
    }
    let actor = match reg.verify_password(&f.name, &f.password).await {
        Ok(Some(a)) => a,
        Ok(None) => {
            state.limiter.failed(&f.name, now);
            return (
                StatusCode::UNAUTHORIZED,
                page(
                    "Sign in",
                    &signin_html(&f.name, Some("wrong account name or password")),
                ),
            )
                .into_response();
        }
        Err(e) => {
            eprintln!("rootward serve: registry error: {e}");
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                page("Sign in", "<p class=\"error-box\">Registry error.</p>"),
            )
                .into_response();
        }
    };
    state.limiter.succeeded(&f.name);
    match reg.create_session(&actor, state.clock.as_ref()).await {
        Ok((token, _)) => {
            let cookie = format!(
                "{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}{}",
                registry::accounts::SESSION_LIFETIME,
                if state.secure_cookies { "; Secure" } else { "" }
            );
            ([(header::SET_COOKIE, cookie)], Redirect::to("/requests")).into_response()
        }
        Err(e) => {
            eprintln!("rootward serve: registry error: {e}");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                page("Sign in", "<p class=\"error-box\">Registry error.</p>"),
            )
                .into_response()
        }
    }
}

/// The sign-out form's field.
#[derive(Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf: String,
}

/// `POST /signout` (with the CSRF token).
pub async fn signout(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Form(f): Form<CsrfOnly>,
) -> Response {
    if let Err(e) = auth.for_change(Some(&f.csrf)) {
        return e.into_response();
    }
    if let (Some(reg), Some(token)) = (&state.registry, cookie_token(&headers))
        && let Err(e) = reg.end_session(&token).await
    {
        eprintln!("rootward serve: registry error: {e}");
    }
    (
        [(
            header::SET_COOKIE,
            format!("{COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0"),
        )],
        Redirect::to("/"),
    )
        .into_response()
}
