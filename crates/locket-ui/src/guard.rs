//! The checks every request passes before any page sees it, in this order: the `Host` is this
//! server's (DNS rebinding), the `Origin` and `Sec-Fetch-Site`, when the browser sends them, say
//! the request comes from this app's own pages, the session cookie is the one session's (except
//! for the token exchange), and a POST carries the session's CSRF token. Every response, refusals
//! included, gets the security headers.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::App;
use crate::session::{Session, same};

/// The largest request body accepted: an import file or a secret read from a file.
pub const MAX_BODY: usize = 16 * 1024 * 1024;

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
                   connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

pub async fn guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let mut response = match admit(&app, request).await {
        Ok(request) => next.run(request).await,
        Err(refusal) => refusal.into_response(),
    };
    secure(response.headers_mut());
    response
}

/// Why a request was refused: said plainly, with no detail an attacker could use.
pub struct Refused(pub &'static str);

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        (StatusCode::FORBIDDEN, format!("Forbidden: {}\n", self.0)).into_response()
    }
}

async fn admit(app: &App, request: Request) -> Result<Request, Refused> {
    let headers = request.headers();
    if !app.is_own_host(headers.get(header::HOST)) {
        return Err(Refused(
            "this server answers only to its own 127.0.0.1 or localhost address",
        ));
    }
    let site = headers.get("sec-fetch-site").map(HeaderValue::as_bytes);
    if site.is_some_and(|s| s != b"same-origin" && s != b"none") {
        return Err(Refused("the request comes from another site"));
    }
    // Under `Referrer-Policy: no-referrer` browsers send `Origin: null` with the app's own form
    // posts; it is accepted only when the browser also says the request is same-origin.
    if let Some(origin) = headers.get(header::ORIGIN)
        && !app.is_own_origin(origin)
        && !(origin.as_bytes() == b"null" && site == Some(b"same-origin"))
    {
        return Err(Refused("the request comes from another site"));
    }
    if request.uri().path() == crate::LOGIN_PATH {
        return Ok(request);
    }
    let session = cookie(headers, &app.cookie_name())
        .and_then(|id| app.sessions.find(id))
        .ok_or(Refused(
            "no session: open the address `locket ui` printed (it works once); \
             restart `locket ui` for a new one",
        ))?;
    app.touch();
    let request = if request.method() == Method::POST {
        checked_csrf(request, &session).await?
    } else if request.method() == Method::GET || request.method() == Method::HEAD {
        request
    } else {
        return Err(Refused("only GET and POST are used by this app"));
    };
    let mut request = request;
    request.extensions_mut().insert(session);
    Ok(request)
}

/// A POST's body is read once, its `csrf` field compared, and the body handed on unchanged.
async fn checked_csrf(request: Request, session: &Session) -> Result<Request, Refused> {
    let missing = Refused("the form is missing its CSRF token or it is stale: reload the page");
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_BODY)
        .await
        .map_err(|_| Refused("the request body is too large or was cut off"))?;
    let kind = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let offered = if kind.starts_with("application/x-www-form-urlencoded") {
        serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
            .ok()
            .and_then(|fields| fields.into_iter().find(|(k, _)| k == "csrf"))
            .map(|(_, v)| v)
    } else if kind.starts_with("multipart/form-data") {
        let copy = Request::from_parts(parts.clone(), Body::from(bytes.clone()));
        multipart_csrf(copy).await
    } else {
        None
    };
    match offered {
        Some(token) if same(&token, &session.csrf) => {
            Ok(Request::from_parts(parts, Body::from(Bytes::clone(&bytes))))
        }
        _ => Err(missing),
    }
}

/// The `csrf` field of a multipart form: the app's forms send it first.
async fn multipart_csrf(request: Request) -> Option<String> {
    let mut form = Multipart::from_request(request, &()).await.ok()?;
    while let Some(field) = form.next_field().await.ok()? {
        if field.name() == Some("csrf") {
            return field.text().await.ok();
        }
    }
    None
}

/// The value of cookie `name` in the request's `Cookie` headers.
fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn secure(headers: &mut HeaderMap) {
    let set = |headers: &mut HeaderMap, name: &'static str, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(headers, "content-security-policy", CSP);
    set(headers, "x-content-type-options", "nosniff");
    set(headers, "referrer-policy", "no-referrer");
    set(headers, "cache-control", "no-store");
    set(headers, "x-frame-options", "DENY");
    set(headers, "cross-origin-opener-policy", "same-origin");
    set(headers, "cross-origin-resource-policy", "same-origin");
}
