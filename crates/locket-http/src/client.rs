//! The client: one request, its redirects, and its response, behind a blocking API.

use std::cell::OnceCell;
use std::io::Write;
use std::time::Duration;

use data_encoding::BASE64;
use locket_core::redact::RedactionSet;
use locket_core::resolve::Resolution;
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue, LOCATION};
use reqwest::{Method, StatusCode, Url, Version};
use tokio::runtime::Runtime;
use tokio::time::{Instant, timeout_at};

use crate::destination::destination;
use crate::error::{Error, is_tls, root_cause};
use crate::redirect;

/// How requests are sent.
#[derive(Debug, Clone)]
pub struct Options {
    /// For the whole exchange: connecting, every redirect, and reading the body.
    pub timeout: Duration,
    /// Do not verify server certificates (`-k`).
    pub insecure: bool,
    /// `None`: redirects are returned, not followed. `Some(n)`: follow at most `n`.
    pub max_redirects: Option<usize>,
}

/// One request as locket sends it. Headers are sent as given (reqwest adds `Accept: */*` when
/// there is none, hyper adds `Host` and `Content-Length`).
#[derive(Clone)]
pub struct Request {
    pub method: Method,
    pub url: Url,
    pub headers: HeaderMap,
    pub body: Option<Vec<u8>>,
}

impl std::fmt::Debug for Request {
    /// Names only: values and the body may hold secrets.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("body_len", &self.body.as_ref().map(Vec::len))
            .finish_non_exhaustive()
    }
}

impl Request {
    pub fn new(method: Method, url: Url) -> Self {
        Request {
            method,
            url,
            headers: HeaderMap::new(),
            body: None,
        }
    }

    /// `user:password@` in the URL becomes `Authorization: Basic …` (unless the request has an
    /// Authorization header already, as in curl) and leaves the URL.
    fn move_credentials_to_header(&mut self) {
        if self.url.username().is_empty() && self.url.password().is_none() {
            return;
        }
        let mut pair = percent_decode(self.url.username());
        pair.push(b':');
        pair.extend(percent_decode(self.url.password().unwrap_or_default()));
        let _ = self.url.set_username("");
        let _ = self.url.set_password(None);
        if !self.headers.contains_key(AUTHORIZATION) {
            let mut value = HeaderValue::from_str(&format!("Basic {}", BASE64.encode(&pair)))
                .expect("base64 is a valid header value");
            value.set_sensitive(true);
            self.headers.insert(AUTHORIZATION, value);
        }
    }
}

fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap() * 16 + hex(l).unwrap()) as u8);
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

/// What a request may carry where: the secrets it uses (every redirect target is checked with
/// [`Resolution::refused_for`]) and the set that masks them in error messages.
pub struct Guard<'a> {
    pub resolution: &'a Resolution,
    pub mask: &'a RedactionSet,
}

/// A response's status line and headers.
#[derive(Debug, Clone)]
pub struct Head {
    pub url: Url,
    pub version: Version,
    pub status: StatusCode,
    pub headers: HeaderMap,
}

impl Head {
    /// `HTTP/1.1 200 OK`, as curl shows it.
    pub fn status_line(&self) -> String {
        format!(
            "{} {} {}",
            version_text(self.version),
            self.status.as_u16(),
            self.status.canonical_reason().unwrap_or("")
        )
        .trim_end()
        .to_string()
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

/// What happens on the wire, for `-v` and `-i`: each request just before it is sent (the first
/// and every redirect followed), each response's head as it arrives.
pub enum Event<'a> {
    Request(&'a Request),
    Response(&'a Head),
}

/// Sends requests. Holds a single-threaded tokio runtime and, built on first use, one reqwest
/// client for plain http and one with the system's root certificates for https.
pub struct Client {
    runtime: Runtime,
    options: Options,
    plain: OnceCell<reqwest::Client>,
    tls: OnceCell<reqwest::Client>,
}

impl Client {
    pub fn new(options: Options) -> Result<Self, Error> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()
            .map_err(|e| Error::Setup(e.to_string()))?;
        Ok(Client {
            runtime,
            options,
            plain: OnceCell::new(),
            tls: OnceCell::new(),
        })
    }

    /// The reqwest client for `url`. Reading and parsing the system's trust store is most of
    /// what building a client costs, and plain http does not need it: the http client trusts
    /// no root (it never verifies a certificate, unless a proxy is https).
    fn http_for(&self, url: &Url) -> Result<&reqwest::Client, Error> {
        let needs_roots = url.scheme() == "https" || https_proxy_configured();
        let cell = if needs_roots { &self.tls } else { &self.plain };
        if let Some(client) = cell.get() {
            return Ok(client);
        }
        let mut builder = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .referer(false);
        builder = if self.options.insecure {
            builder.tls_danger_accept_invalid_certs(true)
        } else if needs_roots {
            builder
        } else {
            builder.tls_certs_only(std::iter::empty())
        };
        let _entered = self.runtime.enter();
        let client = builder.build().map_err(|e| Error::Setup(root_cause(&e)))?;
        Ok(cell.get_or_init(|| client))
    }

    /// Sends `request`, following redirects as [`Options::max_redirects`] says and checking
    /// each target against `guard` before anything is sent there. Returns the last response
    /// with its body still to be read ([`Response::copy_to`]). `on` sees every request and
    /// response head on the way.
    pub fn send<'c>(
        &'c self,
        mut request: Request,
        guard: &Guard<'_>,
        on: &mut dyn FnMut(Event<'_>),
    ) -> Result<Response<'c>, Error> {
        let deadline = Instant::now() + self.options.timeout;
        let mut hops = 0;
        loop {
            request.move_credentials_to_header();
            let shown = guard.mask.mask_str(request.url.as_str());
            let http = self.http_for(&request.url)?;
            let mut outgoing = reqwest::Request::new(request.method.clone(), request.url.clone());
            *outgoing.headers_mut() = request.headers.clone();
            if let Some(body) = &request.body {
                *outgoing.body_mut() = Some(body.clone().into());
            }
            on(Event::Request(&request));
            let response = self
                .runtime
                // The timer is created inside the runtime: `timeout_at` needs its context.
                .block_on(async { timeout_at(deadline, http.execute(outgoing)).await })
                .map_err(|_| self.timeout(&shown))?
                .map_err(|e| classify(e, &shown, self.options.timeout))?;
            let head = Head {
                url: request.url.clone(),
                version: response.version(),
                status: response.status(),
                headers: response.headers().clone(),
            };
            on(Event::Response(&head));
            let location = head.headers.get(LOCATION);
            let (Some(max), Some(location), true) = (
                self.options.max_redirects,
                location,
                redirect::is_redirect(head.status),
            ) else {
                return Ok(Response {
                    head,
                    inner: response,
                    runtime: &self.runtime,
                    deadline,
                    shown_url: shown,
                    timeout: self.options.timeout,
                });
            };
            let next =
                redirect::target(&request.url, location).map_err(|reason| Error::BadRedirect {
                    from: shown.clone(),
                    location: guard
                        .mask
                        .mask_str(&String::from_utf8_lossy(location.as_bytes())),
                    reason,
                })?;
            hops += 1;
            if hops > max {
                return Err(Error::TooManyRedirects { max, from: shown });
            }
            let refused = guard.resolution.refused_for(&destination(&next));
            if !refused.is_empty() {
                return Err(Error::RedirectRefused {
                    from: shown,
                    to: guard.mask.mask_str(next.as_str()),
                    refused: refused
                        .into_iter()
                        .map(|(name, why)| {
                            (name.to_string(), guard.mask.mask_str(&why.to_string()))
                        })
                        .collect(),
                });
            }
            drop(response);
            request = redirect::follow(request, head.status, next);
        }
    }

    fn timeout(&self, shown: &str) -> Error {
        Error::Timeout {
            url: shown.to_string(),
            after: self.options.timeout,
        }
    }
}

/// Whether requests to http URLs go through an https proxy (then they need root certificates).
fn https_proxy_configured() -> bool {
    ["http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"]
        .iter()
        .filter_map(std::env::var_os)
        .any(|v| {
            v.to_str()
                .is_some_and(|v| v.trim().to_ascii_lowercase().starts_with("https:"))
        })
}

fn classify(err: reqwest::Error, shown: &str, timeout: Duration) -> Error {
    let err = err.without_url();
    let url = shown.to_string();
    let cause = root_cause(&err);
    if is_tls(&err) {
        Error::Tls { url, cause }
    } else if err.is_timeout() {
        Error::Timeout {
            url,
            after: timeout,
        }
    } else if err.is_connect() {
        Error::Connect { url, cause }
    } else if err.is_body() || err.is_decode() {
        Error::Body { url, cause }
    } else {
        Error::Request { url, cause }
    }
}

/// The last response of a request, its body not read yet.
pub struct Response<'c> {
    head: Head,
    inner: reqwest::Response,
    runtime: &'c Runtime,
    deadline: Instant,
    shown_url: String,
    timeout: Duration,
}

impl Response<'_> {
    pub fn head(&self) -> &Head {
        &self.head
    }

    /// Streams the body into `out` as it arrives; the request's deadline still applies.
    /// Returns the number of bytes written.
    pub fn copy_to(self, out: &mut dyn Write) -> Result<u64, Error> {
        let Response {
            mut inner,
            runtime,
            deadline,
            shown_url,
            timeout,
            ..
        } = self;
        runtime.block_on(async {
            let mut written = 0u64;
            loop {
                let chunk = timeout_at(deadline, inner.chunk())
                    .await
                    .map_err(|_| Error::Timeout {
                        url: shown_url.clone(),
                        after: timeout,
                    })?
                    .map_err(|e| match classify(e, &shown_url, timeout) {
                        Error::Request { url, cause } => Error::Body { url, cause },
                        other => other,
                    })?;
                let Some(chunk) = chunk else {
                    return Ok(written);
                };
                out.write_all(&chunk).map_err(Error::Write)?;
                written += chunk.len() as u64;
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_in_the_url_become_basic_auth() {
        let mut r = Request::new(
            Method::GET,
            Url::parse("http://us%20er:p%40ss@a.com/x").unwrap(),
        );
        r.move_credentials_to_header();
        assert_eq!(r.url.as_str(), "http://a.com/x");
        assert_eq!(
            r.headers[AUTHORIZATION],
            format!("Basic {}", BASE64.encode(b"us er:p@ss"))
        );
        let mut r = Request::new(Method::GET, Url::parse("http://u:p@a.com/").unwrap());
        r.headers
            .insert(AUTHORIZATION, HeaderValue::from_static("Bearer mine"));
        r.move_credentials_to_header();
        assert_eq!(r.headers[AUTHORIZATION], "Bearer mine");
    }

    #[test]
    fn status_lines() {
        let head = |version, status| Head {
            url: Url::parse("http://a.com/").unwrap(),
            version,
            status: StatusCode::from_u16(status).unwrap(),
            headers: HeaderMap::new(),
        };
        assert_eq!(head(Version::HTTP_11, 200).status_line(), "HTTP/1.1 200 OK");
        assert_eq!(
            head(Version::HTTP_2, 404).status_line(),
            "HTTP/2 404 Not Found"
        );
        assert_eq!(head(Version::HTTP_11, 599).status_line(), "HTTP/1.1 599");
    }

    #[test]
    fn debug_shows_no_values() {
        let mut r = Request::new(Method::POST, Url::parse("http://a.com/").unwrap());
        r.headers
            .insert(AUTHORIZATION, HeaderValue::from_static("Bearer s3cr3t"));
        r.body = Some(b"s3cr3t".to_vec());
        let shown = format!("{r:?}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
    }
}
