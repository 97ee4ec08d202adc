//! The HTTP providers' one way to their servers: one reqwest client builder (timeouts, custom
//! CAs, no redirects followed off the server's origin) and one retry policy. What may pass is
//! retried with backoff: a refused or broken connection, and 429, 500, 502, 503, 504, after
//! `Retry-After` when the server gives one. Every other answer is the provider's to read.
//! A provider says, in [`Advice`], how to name its settings in messages and which of its
//! answers end a call at once (a sealed Vault).

use std::hash::{BuildHasher, RandomState};
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::blocking::{Client, RequestBuilder};
use reqwest::header::{HeaderMap, RETRY_AFTER};
use secrecy::zeroize::Zeroizing;
use serde_json::Value;

use crate::ProviderError;

/// The statuses worth another attempt: throttling and a server or gateway failing for now.
pub(crate) fn retryable(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 500 | 502 | 503 | 504)
}

/// 200 ms, 400 ms, 800 ms, … (capped at 5 s), each with up to 25 % random jitter so that
/// parallel fetches do not retry in step. The AWS SDK is given the same base and cap.
pub(crate) fn backoff(attempt: u32) -> Duration {
    let base = BACKOFF_BASE
        .saturating_mul(1 << attempt.saturating_sub(1).min(5))
        .min(BACKOFF_CAP);
    let jitter = RandomState::new().hash_one(attempt) % 250;
    base + base * u32::try_from(jitter).unwrap_or(0) / 1000
}

pub(crate) const BACKOFF_BASE: Duration = Duration::from_millis(200);
pub(crate) const BACKOFF_CAP: Duration = Duration::from_secs(5);

/// How the client is built.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct ClientOptions<'a> {
    /// For connecting, and for each whole request.
    pub timeout: Duration,
    /// PEM certificates to trust besides the system's.
    pub ca_pem: Option<&'a str>,
    /// Trust only `ca_pem`, not the system's roots (what `VAULT_CACERT` means).
    pub ca_only: bool,
    /// Accept any certificate (`VAULT_SKIP_VERIFY`).
    pub insecure: bool,
    /// Every URL is plain http: no roots to load, unless requests go through an https proxy.
    pub plain_http: bool,
    /// Follow redirects within the first URL's origin (at most 5); by default none is
    /// followed, as credentials must not go where a redirect points.
    pub same_origin_redirects: bool,
}

/// What a provider tells the transport about itself, for messages and special answers.
pub(crate) struct Advice {
    /// What to check when the server cannot be reached: "check VAULT_ADDR and that the
    /// server is running".
    pub unreachable: &'static str,
    /// The setting that raises the timeout: "VAULT_CLIENT_TIMEOUT".
    pub timeout_setting: &'static str,
    /// The server's own words in an error answer, shortened, or "".
    pub detail: fn(&Reply) -> String,
    /// An answer that ends the call at once, unretried (a sealed Vault): the error, given
    /// the server and what the call was for.
    pub stop: fn(&Reply, &str, &str) -> Option<ProviderError>,
}

impl Advice {
    pub const fn new(unreachable: &'static str, timeout_setting: &'static str) -> Self {
        Advice {
            unreachable,
            timeout_setting,
            detail: |_| String::new(),
            stop: |_, _, _| None,
        }
    }
}

/// An answer for the provider to read.
pub(crate) struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// Wiped when dropped: it may hold secret values or tokens.
    pub body: Zeroizing<Vec<u8>>,
}

impl Reply {
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    pub fn header(&self, name: reqwest::header::HeaderName) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

pub(crate) struct Transport {
    client: Client,
    timeout: Duration,
    attempts: u32,
    advice: Advice,
}

impl Transport {
    pub fn new(
        options: ClientOptions<'_>,
        attempts: u32,
        advice: Advice,
    ) -> Result<Self, ProviderError> {
        let mut builder = Client::builder()
            .timeout(options.timeout)
            .connect_timeout(options.timeout)
            .redirect(if options.same_origin_redirects {
                same_origin_redirects()
            } else {
                reqwest::redirect::Policy::none()
            })
            .user_agent(concat!("locket/", env!("CARGO_PKG_VERSION")));
        if options.insecure {
            builder = builder.tls_danger_accept_invalid_certs(true);
        } else if let Some(pem) = options.ca_pem {
            let certs = crate::tls::parse(pem, "the integration's settings")?;
            builder = if options.ca_only {
                builder.tls_certs_only(certs)
            } else {
                builder.tls_certs_merge(certs)
            };
        } else if options.plain_http && !https_proxy_configured() {
            // Plain http verifies no certificate: skip loading the system's trust store.
            builder = builder.tls_certs_only(std::iter::empty());
        }
        let client = builder.build().map_err(|e| {
            ProviderError::Other(format!("cannot set up the HTTP client: {}", root_cause(&e)))
        })?;
        Ok(Transport {
            client,
            timeout: options.timeout,
            attempts: attempts.max(1),
            advice,
        })
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Sends the request `build` makes (once per attempt) to `to` (the server, as messages
    /// name it) for `what` ("reading secret `db`"), retrying what may pass. A server that
    /// cannot be reached or keeps failing, and a timeout, are [`ProviderError::Unavailable`].
    pub fn send(
        &self,
        to: &str,
        what: &str,
        build: &dyn Fn(&Client) -> RequestBuilder,
    ) -> Result<Reply, ProviderError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let last = attempt >= self.attempts;
            let received = build(&self.client).send().and_then(|response| {
                let status = response.status();
                let headers = response.headers().clone();
                let body = Zeroizing::new(response.bytes()?.to_vec());
                Ok(Reply {
                    status,
                    headers,
                    body,
                })
            });
            let reply = match received {
                Ok(reply) => reply,
                Err(e) if e.is_timeout() => return Err(self.timed_out(to, what)),
                Err(_) if !last => {
                    std::thread::sleep(backoff(attempt));
                    continue;
                }
                Err(e) => return Err(self.unreachable(to, what, &e, attempt)),
            };
            if let Some(stop) = (self.advice.stop)(&reply, to, what) {
                return Err(stop);
            }
            if !retryable(reply.status) {
                return Ok(reply);
            }
            let status = reply.status;
            if last {
                let detail = detail(&(self.advice.detail)(&reply));
                let advice = if status == StatusCode::TOO_MANY_REQUESTS {
                    "it is throttling requests; try again in a minute, or spread the load"
                } else {
                    "try again later, and check the server's health and logs"
                };
                return Err(ProviderError::Unavailable(format!(
                    "{to} answered {status} {} ({what}){detail}: {advice}",
                    times(attempt)
                )));
            }
            let pause = retry_after(&reply.headers).unwrap_or_else(|| backoff(attempt));
            if pause > self.timeout {
                return Err(ProviderError::Unavailable(format!(
                    "{to} answered {status} and asks to retry after {}s, longer than the {} \
                     timeout ({what}): try again later",
                    pause.as_secs(),
                    duration(self.timeout)
                )));
            }
            std::thread::sleep(pause);
        }
    }

    fn timed_out(&self, to: &str, what: &str) -> ProviderError {
        ProviderError::Unavailable(format!(
            "{to} did not answer within {} ({what}): check that it is up and reachable, or \
             raise the timeout ({})",
            duration(self.timeout),
            self.advice.timeout_setting
        ))
    }

    fn unreachable(
        &self,
        to: &str,
        what: &str,
        e: &reqwest::Error,
        attempts: u32,
    ) -> ProviderError {
        let cause = root_cause(e);
        let hint = if cause.to_ascii_lowercase().contains("certificate") {
            "if a proxy or private CA signs its certificate, give the CA with `locket \
             integration add --ca-cert FILE` (or SSL_CERT_FILE)"
        } else {
            self.advice.unreachable
        };
        ProviderError::Unavailable(format!(
            "cannot reach {to} ({what}, {}): {cause}; {hint}",
            times(attempts)
        ))
    }
}

/// Redirects are followed within the first URL's origin only (at most 5): a credential header
/// would otherwise go wherever the redirect points.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if same_origin && attempt.previous().len() <= 5 {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
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

/// `Retry-After` in seconds (the HTTP-date form is not what these stores send, and is ignored).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// `: <text>` to append to a message, or nothing when there is no text.
pub(crate) fn detail(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        format!(": {text}")
    }
}

/// "10s", "400ms": a timeout as people set it.
pub(crate) fn duration(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{}s", d.as_secs())
    } else {
        format!("{}ms", d.as_millis())
    }
}

/// "once", "3 times": for "tried N times" in messages.
pub(crate) fn times(n: u32) -> String {
    if n == 1 {
        "once".into()
    } else {
        format!("{n} times")
    }
}

/// The innermost cause of an error: for reqwest, the one that says what happened
/// ("Connection refused", "invalid peer certificate").
pub(crate) fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = err;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

/// `url` as safe to show: no user name or password, no trailing slash.
pub(crate) fn shown(url: &reqwest::Url) -> String {
    let mut url = url.clone();
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url.as_str().trim_end_matches('/').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_bounded() {
        assert!(
            backoff(1) >= Duration::from_millis(200) && backoff(1) < Duration::from_millis(260)
        );
        assert!(backoff(2) >= Duration::from_millis(400));
        assert!(backoff(30) <= Duration::from_millis(6250));
        assert_eq!(times(1), "once");
        assert_eq!(times(3), "3 times");
        assert_eq!(duration(Duration::from_millis(400)), "400ms");
        assert_eq!(duration(Duration::from_secs(10)), "10s");
    }

    #[test]
    fn shown_urls_drop_user_info() {
        let url = reqwest::Url::parse("https://u:p@h:1/").unwrap();
        assert_eq!(shown(&url), "https://h:1");
    }
}
