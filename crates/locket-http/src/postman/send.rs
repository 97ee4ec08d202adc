//! Sending a built request, async: shared reqwest clients (connections are reused across the
//! whole run), redirects followed hop by hop with the destination rule checked for the
//! secrets this request uses before each hop, and digest auth's challenge answered once.

use std::cell::OnceCell;
use std::time::{Duration, Instant};

use locket_core::resolve::Resolution;
use reqwest::header::{HeaderMap, LOCATION, WWW_AUTHENTICATE};
use reqwest::{StatusCode, Url};

use super::auth;
use super::request::{Built, append_header};
use crate::Request;
use crate::destination::destination;
use crate::error::{is_tls, root_cause};
use crate::redirect;

/// The run's HTTP clients, built on first use: plain http needs no trust store, and an
/// insecure client exists only if some request asks for one.
#[derive(Default)]
pub struct Clients {
    plain: OnceCell<reqwest::Client>,
    verified: OnceCell<reqwest::Client>,
    insecure: OnceCell<reqwest::Client>,
}

impl Clients {
    fn for_url(&self, url: &Url, insecure: bool) -> Result<&reqwest::Client, String> {
        let (cell, kind) = match (url.scheme() == "https", insecure) {
            (_, true) => (&self.insecure, 2),
            (true, false) => (&self.verified, 1),
            (false, false) => (&self.plain, 0),
        };
        if let Some(c) = cell.get() {
            return Ok(c);
        }
        let mut builder = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .referer(false)
            .pool_max_idle_per_host(64);
        builder = match kind {
            2 => builder.tls_danger_accept_invalid_certs(true),
            1 => builder,
            _ => builder.tls_certs_only(std::iter::empty()),
        };
        let client = builder
            .build()
            .map_err(|e| format!("cannot set up the HTTP client: {}", root_cause(&e)))?;
        Ok(cell.get_or_init(|| client))
    }
}

/// What came back.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub size: u64,
    /// From sending to the end of the body, redirects included.
    pub time: Duration,
}

/// A failed exchange. Messages hold URLs unmasked: the runner masks them.
#[derive(Debug)]
pub struct SendError(pub String);

pub async fn send(
    clients: &Clients,
    built: Built,
    resolution: &Resolution,
    timeout: Option<Duration>,
) -> Result<Answer, SendError> {
    let started = Instant::now();
    let exchange = exchange(clients, built, resolution, started);
    match timeout {
        Some(limit) => tokio::time::timeout(limit, exchange)
            .await
            .unwrap_or_else(|_| {
                Err(SendError(format!(
                    "no complete answer within {} ms (--timeout-request)",
                    limit.as_millis()
                )))
            }),
        None => exchange.await,
    }
}

async fn exchange(
    clients: &Clients,
    built: Built,
    resolution: &Resolution,
    started: Instant,
) -> Result<Answer, SendError> {
    let Built {
        method,
        url,
        headers,
        body,
        digest,
        used,
        follow_redirects,
        max_redirects,
        insecure,
    } = built;
    let mut request = Request {
        method,
        url,
        headers,
        body,
    };
    let mut hops = 0;
    let mut answered_digest = false;
    loop {
        let http = clients.for_url(&request.url, insecure).map_err(SendError)?;
        let mut outgoing = reqwest::Request::new(request.method.clone(), request.url.clone());
        *outgoing.headers_mut() = request.headers.clone();
        if let Some(body) = &request.body {
            *outgoing.body_mut() = Some(body.clone().into());
        }
        let mut response = http
            .execute(outgoing)
            .await
            .map_err(|e| SendError(describe(e, &request.url)))?;
        let status = response.status();

        if status == StatusCode::UNAUTHORIZED
            && !answered_digest
            && let Some(credentials) = &digest
            && let Some(challenge) = response
                .headers()
                .get_all(WWW_AUTHENTICATE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .find(|v| v.trim_start().to_ascii_lowercase().starts_with("digest"))
        {
            let answer = auth::digest_header(
                credentials,
                challenge,
                &request.method,
                &request.url,
                request.body.as_deref(),
            )
            .map_err(SendError)?;
            request.headers.remove(reqwest::header::AUTHORIZATION);
            append_header(&mut request.headers, "authorization", &answer)
                .map_err(|e| SendError(e.to_string()))?;
            answered_digest = true;
            drain(&mut response, &request.url).await?;
            continue;
        }

        let location = response.headers().get(LOCATION).cloned();
        if let (true, Some(location), true) =
            (follow_redirects, location, redirect::is_redirect(status))
        {
            let next = redirect::target(&request.url, &location).map_err(|reason| {
                SendError(format!(
                    "{} redirected to a location that cannot be followed: {reason}",
                    request.url
                ))
            })?;
            hops += 1;
            if hops > max_redirects {
                return Err(SendError(format!(
                    "more than {max_redirects} redirects (the last from {})",
                    request.url
                )));
            }
            let refused: Vec<String> = resolution
                .refused_for(&destination(&next))
                .into_iter()
                .filter(|(name, _)| used.contains(*name))
                .map(|(name, why)| format!("{name} is {why}"))
                .collect();
            if !refused.is_empty() {
                return Err(SendError(format!(
                    "refused to follow the redirect from {} to {next}; nothing was sent there: {}",
                    request.url,
                    refused.join("; ")
                )));
            }
            drain(&mut response, &request.url).await?;
            request = redirect::follow(request, status, next);
            continue;
        }

        let headers = response.headers().clone();
        let size = drain(&mut response, &request.url).await?;
        return Ok(Answer {
            status,
            headers,
            size,
            time: started.elapsed(),
        });
    }
}

/// Reads the body to its end (the connection goes back to the pool), counting bytes.
async fn drain(response: &mut reqwest::Response, url: &Url) -> Result<u64, SendError> {
    let mut size = 0u64;
    while let Some(chunk) = response.chunk().await.map_err(|e| {
        SendError(format!(
            "reading the response from {url} failed: {}",
            root_cause(&e)
        ))
    })? {
        size += chunk.len() as u64;
    }
    Ok(size)
}

fn describe(err: reqwest::Error, url: &Url) -> String {
    let err = err.without_url();
    let cause = root_cause(&err);
    if is_tls(&err) {
        format!(
            "TLS handshake with {url} failed: {cause} (-k skips certificate checks, insecurely)"
        )
    } else if err.is_connect() {
        format!("cannot connect to {url}: {cause}")
    } else if err.is_timeout() {
        format!("no answer from {url} in time: {cause}")
    } else {
        format!("the request to {url} failed: {cause}")
    }
}
