//! The wire: the one function that sends a request a user causes ([`Wire::exchange`]).
//!
//! It owns the reqwest clients (one per kind of trust, shared by every request so connections
//! are reused), the guard on every hop, redirects, the digest challenge, the deadline, and
//! what it reports about each hop, masked. [`BlockingWire`] puts it behind a blocking API.

use std::cell::OnceCell;
use std::collections::BTreeSet;
use std::io::Write;
use std::time::Duration;

use data_encoding::BASE64;
use locket_core::SecretName;
use reqwest::header::{AUTHORIZATION, COOKIE, HeaderMap, HeaderValue, LOCATION, WWW_AUTHENTICATE};
use reqwest::{StatusCode, Url, Version};
use tokio::runtime::Runtime;
use tokio::time::{Instant, timeout_at};

use crate::cookies::CookieJar;
use crate::error::{Error, is_tls, root_cause};
use crate::guard::{Guard, Hop};
use crate::proxy::{self, Proxies};
use crate::redirect;
use crate::spec::{Redirects, RequestSpec};
use crate::tls::Tls;

/// A response's status line and headers.
#[derive(Debug, Clone)]
pub struct Head {
    pub url: Url,
    pub version: Version,
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The server's own reason phrase when it is not the standard one (`418 I'm a Teapot`):
    /// newman shows what the server said. HTTP/2 has none.
    pub reason: Option<String>,
}

impl Head {
    /// `HTTP/1.1 200 OK`, as curl shows it.
    pub fn status_line(&self) -> String {
        format!(
            "{} {} {}",
            version_text(self.version),
            self.status.as_u16(),
            self.reason()
        )
        .trim_end()
        .to_string()
    }

    /// The reason phrase: the server's words, else the standard one for the status.
    pub fn reason(&self) -> &str {
        self.reason
            .as_deref()
            .unwrap_or_else(|| self.status.canonical_reason().unwrap_or(""))
    }
}

/// `HTTP/1.1`, `HTTP/2` (as curl writes them).
pub fn version_text(version: Version) -> &'static str {
    match version {
        Version::HTTP_09 => "HTTP/0.9",
        Version::HTTP_10 => "HTTP/1.0",
        Version::HTTP_2 => "HTTP/2",
        Version::HTTP_3 => "HTTP/3",
        _ => "HTTP/1.1",
    }
}

/// What happens on the wire, for `-v` and `-i`: each request just before it is sent (the first,
/// every redirect followed and every challenge answered), each response's head as it arrives.
/// Values are raw: the watcher masks what it shows.
pub enum Event<'a> {
    Request(&'a RequestSpec),
    Response(&'a Head),
}

/// Sends requests. Clients are built on first use: plain http needs no trust store (reading
/// the system's is most of what building a client costs), and an insecure client exists only
/// if some request asks for one.
pub struct Wire {
    proxies: Proxies,
    cookies: Option<CookieJar>,
    /// The user's flag to let plain-http requests carry secrets through any proxy.
    allow_cleartext_proxy: bool,
    tls: Tls,
    plain: OnceCell<reqwest::Client>,
    verified: OnceCell<reqwest::Client>,
    insecure: OnceCell<reqwest::Client>,
}

impl Default for Wire {
    fn default() -> Self {
        Wire::new()
    }
}

impl Wire {
    pub fn new() -> Self {
        Wire {
            proxies: Proxies::from_env(),
            cookies: None,
            allow_cleartext_proxy: false,
            tls: Tls::default(),
            plain: OnceCell::new(),
            verified: OnceCell::new(),
            insecure: OnceCell::new(),
        }
    }

    /// A wire that keeps cookies across its exchanges in `jar`, as a collection run does.
    pub fn with_cookies(mut self, jar: CookieJar) -> Self {
        self.cookies = Some(jar);
        self
    }

    /// A wire whose HTTPS clients present `tls`'s client certificate and trust its extra CAs.
    pub fn with_tls(mut self, tls: Tls) -> Self {
        self.tls = tls;
        self
    }

    /// The run's cookie jar, if this wire keeps one.
    pub fn cookies(&self) -> Option<&CookieJar> {
        self.cookies.as_ref()
    }

    /// The jar, once the wire is done with (for `--export-cookie-jar`).
    pub fn into_cookies(self) -> Option<CookieJar> {
        self.cookies
    }

    /// Lets plain-http requests carry secrets through a proxy they are not allowed for, as
    /// `--allow-cleartext-proxy` asks (the variable `LOCKET_ALLOW_CLEARTEXT_PROXY=1` does too).
    pub fn allowing_cleartext_proxy(mut self, allowed: bool) -> Self {
        self.allow_cleartext_proxy = allowed;
        self
    }

    fn client(&self, url: &Url, insecure: bool) -> Result<&reqwest::Client, Error> {
        let needs_roots = url.scheme() == "https"
            || self
                .proxies
                .for_url(url)
                .is_some_and(|p| p.scheme() == "https");
        let cell = match (insecure, needs_roots) {
            (true, _) => &self.insecure,
            (false, true) => &self.verified,
            (false, false) => &self.plain,
        };
        if let Some(client) = cell.get() {
            return Ok(client);
        }
        // reqwest takes the proxy the wire decided, so the guard saw the one really used.
        let proxies = self.proxies.clone();
        let mut builder = reqwest::Client::builder()
            .no_proxy()
            .proxy(reqwest::Proxy::custom(move |url| {
                proxies.for_url(url).cloned()
            }))
            .redirect(reqwest::redirect::Policy::none())
            .referer(false)
            .pool_max_idle_per_host(64);
        builder = if insecure {
            builder.tls_danger_accept_invalid_certs(true)
        } else if needs_roots {
            builder.tls_certs_merge(self.tls.extra_roots.iter().cloned())
        } else {
            builder.tls_certs_only(std::iter::empty())
        };
        if (insecure || needs_roots)
            && let Some(identity) = &self.tls.identity
        {
            builder = builder.identity(identity.clone());
        }
        let client = builder.build().map_err(|e| Error::Setup(root_cause(&e)))?;
        Ok(cell.get_or_init(|| client))
    }

    /// Sends `spec`: each hop admitted by `guard` first, redirects followed as its policy says,
    /// a digest challenge answered once, all within one deadline. Returns the last response
    /// with its body still to be read. `watch` sees every request and response head.
    pub async fn exchange(
        &self,
        mut spec: RequestSpec,
        guard: &Guard<'_>,
        watch: &mut dyn FnMut(Event<'_>),
    ) -> Result<Exchange, Error> {
        let started = Instant::now();
        let timeout = spec.policy.timeout;
        let deadline = timeout.map(|t| started + t);
        // The request's own Cookie header, kept apart from the jar's: each hop gets the jar's
        // cookies for its own URL, and a hop to another origin loses the request's own.
        let mut own_cookie = spec.headers.remove(COOKIE);
        self.add_jar_cookies(&mut spec, own_cookie.as_ref());
        // After the jar's cookies are in: a cookie a script put in the jar is guarded too.
        let carried: BTreeSet<SecretName> = guard.carried(&spec);
        let mask = guard.mask();
        let mut hop = Hop::Target;
        let mut redirects = 0;
        let mut challenged = false;
        loop {
            move_credentials_to_header(&mut spec);
            guard.admit(&spec.url, &hop, &carried)?;
            // A plain-http request shows a proxy all it carries: the proxy must be allowed too.
            if spec.url.scheme() == "http"
                && let Some(proxy) = self.proxies.for_url(&spec.url)
                && !proxy::cleartext_allowed(self.allow_cleartext_proxy)
            {
                let through = Hop::Proxy {
                    target: mask.mask_str(spec.url.as_str()),
                };
                guard.admit(proxy, &through, &carried)?;
            }
            let shown = mask.mask_str(spec.url.as_str());
            let http = self.client(&spec.url, spec.policy.insecure)?;
            let mut outgoing = reqwest::Request::new(spec.method.clone(), spec.url.clone());
            *outgoing.headers_mut() = spec.headers.clone();
            if let Some(body) = &spec.body {
                *outgoing.body_mut() = Some(body.clone().into());
            }
            watch(Event::Request(&spec));
            let mut response = within(deadline, http.execute(outgoing))
                .await
                .ok_or_else(|| timed_out(&shown, timeout))?
                .map_err(|e| classify(e, &shown, timeout))?;
            let head = Head {
                url: spec.url.clone(),
                version: response.version(),
                status: response.status(),
                headers: response.headers().clone(),
                reason: response
                    .extensions()
                    .get::<hyper::ext::ReasonPhrase>()
                    .map(|r| String::from_utf8_lossy(r.as_bytes()).into_owned()),
            };
            watch(Event::Response(&head));
            if let Some(jar) = &self.cookies {
                jar.store_from(&head.url, &head.headers);
            }

            if head.status == StatusCode::UNAUTHORIZED
                && !challenged
                && let Some(challenge) = spec.challenge.as_mut()
            {
                let asked: Vec<&str> = head
                    .headers
                    .get_all(WWW_AUTHENTICATE)
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .collect();
                if let Some(answer) = challenge
                    .answer(&spec.method, &spec.url, spec.body.as_deref(), &asked)
                    .map_err(|e| Error::Challenge(mask.mask_str(&e)))?
                {
                    challenged = true;
                    drain(&mut response, deadline, &shown, timeout).await?;
                    spec.headers.insert(AUTHORIZATION, answer);
                    self.add_jar_cookies(&mut spec, own_cookie.as_ref());
                    continue;
                }
            }

            let location = head.headers.get(LOCATION);
            if let (Redirects::Follow { max }, Some(location), true) = (
                spec.policy.redirects,
                location,
                redirect::is_redirect(head.status),
            ) {
                let next =
                    redirect::target(&spec.url, location).map_err(|reason| Error::BadRedirect {
                        from: shown.clone(),
                        location: mask.mask_str(&String::from_utf8_lossy(location.as_bytes())),
                        reason,
                    })?;
                redirects += 1;
                if redirects > max {
                    return Err(Error::TooManyRedirects { max, from: shown });
                }
                drain(&mut response, deadline, &shown, timeout).await?;
                redirect::follow(&mut spec, head.status, next);
                if !spec.headers.contains_key(COOKIE) {
                    own_cookie = None; // dropped across origins, with the other credentials
                }
                self.add_jar_cookies(&mut spec, own_cookie.as_ref());
                hop = Hop::Redirect { from: shown };
                continue;
            }

            return Ok(Exchange {
                head,
                started,
                inner: response,
                deadline,
                shown_url: shown,
                timeout,
            });
        }
    }
}

impl Wire {
    /// Sets the Cookie header of the next hop: the request's own cookies, then the jar's for
    /// the hop's URL, joined with `; ` as newman joins them.
    fn add_jar_cookies(&self, spec: &mut RequestSpec, own: Option<&HeaderValue>) {
        let jar = self
            .cookies
            .as_ref()
            .and_then(|jar| jar.header_for(&spec.url));
        let value = match (own, jar) {
            (None, None) => {
                spec.headers.remove(COOKIE);
                return;
            }
            (Some(own), None) => own.clone(),
            (own, Some(jar)) => {
                let mut text = own
                    .map(|o| String::from_utf8_lossy(o.as_bytes()).into_owned())
                    .unwrap_or_default();
                if !text.is_empty() {
                    text.push_str("; ");
                }
                text.push_str(&jar);
                match HeaderValue::from_str(&text) {
                    Ok(value) => value,
                    // A stored value no header can carry: send the request's own, as before.
                    Err(_) => match own {
                        Some(own) => own.clone(),
                        None => return,
                    },
                }
            }
        };
        spec.headers.insert(COOKIE, value);
    }
}

/// `user:password@` in the URL becomes `Authorization: Basic …` (unless the request has an
/// Authorization header already, as in curl and Postman) and leaves the URL.
fn move_credentials_to_header(spec: &mut RequestSpec) {
    let url = &mut spec.url;
    if url.username().is_empty() && url.password().is_none() {
        return;
    }
    let mut pair = percent_decode(url.username());
    pair.push(b':');
    pair.extend(percent_decode(url.password().unwrap_or_default()));
    let _ = url.set_username("");
    let _ = url.set_password(None);
    if !spec.headers.contains_key(AUTHORIZATION) {
        let mut value = HeaderValue::from_str(&format!("Basic {}", BASE64.encode(&pair)))
            .expect("base64 is a valid header value");
        value.set_sensitive(true);
        spec.headers.insert(AUTHORIZATION, value);
    }
}

/// `%XX` sequences decoded to their bytes; anything else (a lone `%` included) kept as is.
pub fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: Option<&u8>| b.and_then(|b| (*b as char).to_digit(16));
        match (bytes[i], hex(bytes.get(i + 1)), hex(bytes.get(i + 2))) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// `future`, or `None` when the deadline passes first.
async fn within<F: std::future::Future>(deadline: Option<Instant>, future: F) -> Option<F::Output> {
    match deadline {
        Some(at) => timeout_at(at, future).await.ok(),
        None => Some(future.await),
    }
}

fn timed_out(shown: &str, timeout: Option<Duration>) -> Error {
    Error::Timeout {
        url: shown.to_string(),
        after: timeout.unwrap_or_default(),
    }
}

/// Reads a body that is not wanted to its end, so the connection goes back to the pool.
async fn drain(
    response: &mut reqwest::Response,
    deadline: Option<Instant>,
    shown: &str,
    timeout: Option<Duration>,
) -> Result<u64, Error> {
    let mut size = 0;
    while let Some(chunk) = next_chunk(response, deadline, shown, timeout).await? {
        size += chunk.len() as u64;
    }
    Ok(size)
}

async fn next_chunk(
    response: &mut reqwest::Response,
    deadline: Option<Instant>,
    shown: &str,
    timeout: Option<Duration>,
) -> Result<Option<bytes::Bytes>, Error> {
    within(deadline, response.chunk())
        .await
        .ok_or_else(|| timed_out(shown, timeout))?
        .map_err(|e| match classify(e, shown, timeout) {
            Error::Request { url, cause } => Error::Body { url, cause },
            other => other,
        })
}

fn classify(err: reqwest::Error, shown: &str, timeout: Option<Duration>) -> Error {
    let err = err.without_url();
    let url = shown.to_string();
    let cause = root_cause(&err);
    if is_tls(&err) {
        Error::Tls { url, cause }
    } else if err.is_timeout() {
        Error::Timeout {
            url,
            after: timeout.unwrap_or_default(),
        }
    } else if err.is_connect() {
        Error::Connect { url, cause }
    } else if err.is_body() || err.is_decode() {
        Error::Body { url, cause }
    } else {
        Error::Request { url, cause }
    }
}

/// The last response of an exchange, its body not read yet.
pub struct Exchange {
    pub head: Head,
    /// When the first hop started: response times count redirects and challenges.
    pub started: Instant,
    inner: reqwest::Response,
    deadline: Option<Instant>,
    shown_url: String,
    timeout: Option<Duration>,
}

impl Exchange {
    /// The next piece of the body, within the exchange's deadline; `None` at its end.
    pub async fn chunk(&mut self) -> Result<Option<Vec<u8>>, Error> {
        Ok(next_chunk(
            &mut self.inner,
            self.deadline,
            &self.shown_url,
            self.timeout,
        )
        .await?
        .map(|c| c.to_vec()))
    }

    /// The whole body, keeping at most `limit` bytes (the rest is read and counted, not kept).
    /// Returns the body kept and the full size.
    pub async fn collect(mut self, limit: usize) -> Result<(Vec<u8>, u64), Error> {
        let mut kept = Vec::new();
        let mut size = 0u64;
        while let Some(chunk) = next_chunk(
            &mut self.inner,
            self.deadline,
            &self.shown_url,
            self.timeout,
        )
        .await?
        {
            size += chunk.len() as u64;
            let room = limit.saturating_sub(kept.len());
            kept.extend_from_slice(&chunk[..chunk.len().min(room)]);
        }
        Ok((kept, size))
    }
}

/// The wire behind a blocking API, on its own current-thread runtime: for `send`, which stays
/// synchronous and starts no thread.
pub struct BlockingWire {
    runtime: Runtime,
    wire: Wire,
}

impl BlockingWire {
    pub fn new(wire: Wire) -> Result<Self, Error> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()
            .map_err(|e| Error::Setup(e.to_string()))?;
        Ok(BlockingWire { runtime, wire })
    }

    pub fn exchange(
        &self,
        spec: RequestSpec,
        guard: &Guard<'_>,
        watch: &mut dyn FnMut(Event<'_>),
    ) -> Result<BlockingExchange<'_>, Error> {
        let exchange = self
            .runtime
            .block_on(self.wire.exchange(spec, guard, watch))?;
        Ok(BlockingExchange {
            exchange,
            runtime: &self.runtime,
        })
    }
}

/// A blocking [`Exchange`].
pub struct BlockingExchange<'w> {
    exchange: Exchange,
    runtime: &'w Runtime,
}

impl BlockingExchange<'_> {
    pub fn head(&self) -> &Head {
        &self.exchange.head
    }

    /// Streams the body into `out` as it arrives; the exchange's deadline still applies.
    /// Returns the number of bytes written.
    pub fn copy_to(mut self, out: &mut dyn Write) -> Result<u64, Error> {
        self.runtime.block_on(async {
            let mut written = 0u64;
            while let Some(chunk) = self.exchange.chunk().await? {
                out.write_all(&chunk).map_err(Error::Write)?;
                written += chunk.len() as u64;
            }
            Ok(written)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::Method;

    #[test]
    fn credentials_in_the_url_become_basic_auth() {
        let url = |u: &str| Url::parse(u).unwrap();
        let mut r = RequestSpec::new(Method::GET, url("http://us%20er:p%40ss@a.com/x"));
        move_credentials_to_header(&mut r);
        assert_eq!(r.url.as_str(), "http://a.com/x");
        assert_eq!(
            r.headers[AUTHORIZATION],
            format!("Basic {}", BASE64.encode(b"us er:p@ss"))
        );
        let mut r = RequestSpec::new(Method::GET, url("http://u:p@a.com/"));
        r.headers
            .insert(AUTHORIZATION, HeaderValue::from_static("Bearer mine"));
        move_credentials_to_header(&mut r);
        assert_eq!(r.headers[AUTHORIZATION], "Bearer mine");
    }

    #[test]
    fn status_lines() {
        let head = |version, status| Head {
            url: Url::parse("http://a.com/").unwrap(),
            version,
            status: StatusCode::from_u16(status).unwrap(),
            headers: HeaderMap::new(),
            reason: None,
        };
        assert_eq!(head(Version::HTTP_11, 200).status_line(), "HTTP/1.1 200 OK");
        assert_eq!(
            head(Version::HTTP_2, 404).status_line(),
            "HTTP/2 404 Not Found"
        );
        assert_eq!(head(Version::HTTP_11, 599).status_line(), "HTTP/1.1 599");
        let teapot = Head {
            reason: Some("I'm a Teapot".into()),
            ..head(Version::HTTP_11, 418)
        };
        assert_eq!(teapot.status_line(), "HTTP/1.1 418 I'm a Teapot");
    }

    #[test]
    fn debug_shows_no_values() {
        let mut r = RequestSpec::new(Method::POST, Url::parse("http://a.com/").unwrap());
        r.headers
            .insert(AUTHORIZATION, HeaderValue::from_static("Bearer s3cr3t"));
        r.body = Some(b"s3cr3t".to_vec());
        let shown = format!("{r:?}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
    }
}
