//! One HTTP exchange with the server: the URL under `/v1/`, the namespace and token headers,
//! the timeout, and bounded retries with backoff for failures that may pass (connection
//! errors, 429, 500, 502, 503 unless sealed, 504), honouring `Retry-After`.

use std::time::Duration;

use reqwest::blocking::Client;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue, LOCATION};
use reqwest::{Method, StatusCode, Url};
use secrecy::zeroize::Zeroizing;
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;

use super::config::HcvConfig;
use crate::ProviderError;
use crate::shared::{backoff, retry_after, root_cause, times};

pub(super) struct Transport {
    http: Client,
    base: Url,
    /// The address as shown in messages (no user info).
    pub(super) shown: String,
    pub(super) namespace: Option<String>,
    timeout: Duration,
    attempts: u32,
}

/// One request: `method /v1/<path>` with an optional query and JSON body. `what` says what it
/// is for, in messages ("reading `secret/app/db`").
pub(super) struct Call<'a> {
    pub method: Method,
    pub path: Vec<&'a str>,
    pub query: Vec<(&'a str, String)>,
    pub body: Option<Zeroizing<Vec<u8>>>,
    pub what: String,
}

impl<'a> Call<'a> {
    pub fn get(path: Vec<&'a str>, what: String) -> Self {
        Call {
            method: Method::GET,
            path,
            query: Vec::new(),
            body: None,
            what,
        }
    }

    pub fn post(path: Vec<&'a str>, body: &Value, what: String) -> Self {
        Call {
            method: Method::POST,
            path,
            query: Vec::new(),
            body: Some(Zeroizing::new(
                serde_json::to_vec(body).expect("a JSON value serialises"),
            )),
            what,
        }
    }
}

/// A response the caller interprets (anything but the retryable failures and a sealed server).
pub(super) struct Reply {
    pub status: StatusCode,
    /// Wiped when dropped: it may hold secret values or tokens.
    pub body: Zeroizing<Vec<u8>>,
}

impl Reply {
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The server's `errors` list, joined, shortened, and with `hide` (the credentials sent)
    /// removed in case a server echoes them.
    pub fn errors(&self, hide: &[&str]) -> String {
        let text = match self.json() {
            Some(Value::Object(map)) => match map.get("errors") {
                Some(Value::Array(errors)) => errors
                    .iter()
                    .map(|e| match e {
                        Value::String(s) => s.trim().to_string(),
                        other => other.to_string(),
                    })
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join("; "),
                _ => String::new(),
            },
            _ => String::new(),
        };
        clean(&text, hide)
    }

    /// Whether a 403 is the server refusing the token itself or its permissions (Vault answers
    /// both with "permission denied"; "invalid token" on some versions).
    pub fn is_refusal(&self) -> bool {
        if self.status != StatusCode::FORBIDDEN {
            return false;
        }
        let errors = self.errors(&[]).to_ascii_lowercase();
        errors.contains("permission denied") || errors.contains("invalid token")
    }
}

/// `text` with the credentials in `hide` replaced, squeezed to one line of at most 300
/// characters.
pub(super) fn clean(text: &str, hide: &[&str]) -> String {
    let mut text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for secret in hide.iter().filter(|s| s.len() >= 4) {
        text = text.replace(secret, "[redacted]");
    }
    if text.chars().count() > 300 {
        text = text.chars().take(300).collect::<String>() + "…";
    }
    text
}

/// The address as safe to show: no user name or password.
pub(super) fn shown_address(url: &Url) -> String {
    let mut url = url.clone();
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url.as_str().trim_end_matches('/').to_string()
}

impl Transport {
    pub fn new(config: &HcvConfig) -> Result<Self, ProviderError> {
        config.validate()?;
        let base = Url::parse(&config.address).expect("validated");
        let shown = shown_address(&base);
        let mut builder = Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.timeout)
            .redirect(same_origin_redirects())
            .user_agent(concat!("locket/", env!("CARGO_PKG_VERSION")));
        if config.tls_skip_verify {
            builder = builder.tls_danger_accept_invalid_certs(true);
        } else if let Some(pem) = &config.ca_cert_pem {
            let certs = reqwest::Certificate::from_pem_bundle(pem.as_bytes()).map_err(|e| {
                ProviderError::Other(format!(
                    "the CA certificates for {shown} (VAULT_CACERT) are not valid PEM: {}",
                    root_cause(&e)
                ))
            })?;
            builder = builder.tls_certs_only(certs);
        } else if base.scheme() == "http" && !https_proxy_configured() {
            // Plain http verifies no certificate: skip loading the system's trust store.
            builder = builder.tls_certs_only(std::iter::empty());
        }
        let http = builder.build().map_err(|e| {
            ProviderError::Other(format!(
                "cannot set up the HTTP client for {shown}: {}",
                root_cause(&e)
            ))
        })?;
        let namespace = config
            .namespace
            .as_deref()
            .map(|ns| ns.trim_matches('/').to_string())
            .filter(|ns| !ns.is_empty());
        Ok(Transport {
            http,
            base,
            shown,
            namespace,
            timeout: config.timeout,
            attempts: config.max_attempts.max(1),
        })
    }

    fn url(&self, call: &Call<'_>) -> Url {
        let mut url = self.base.clone();
        {
            let mut segments = url.path_segments_mut().expect("http(s) URLs have paths");
            segments.pop_if_empty().push("v1");
            for part in &call.path {
                segments.extend(part.split('/'));
            }
        }
        url.set_query(None);
        if !call.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (k, v) in &call.query {
                pairs.append_pair(k, v);
            }
        }
        url
    }

    /// Sends `call` with `token`, retrying what may pass. Retryable failures that persist, a
    /// sealed server and timeouts are [`ProviderError::Unavailable`]; every other answer is
    /// returned for the caller to interpret.
    pub fn send(
        &self,
        call: &Call<'_>,
        token: Option<&SecretString>,
    ) -> Result<Reply, ProviderError> {
        let url = self.url(call);
        let mut headers = HeaderMap::new();
        if let Some(token) = token {
            let mut value = HeaderValue::from_str(token.expose_secret()).map_err(|_| {
                ProviderError::Auth(
                    "the Vault/OpenBao token has characters a header cannot carry; check it"
                        .to_string(),
                )
            })?;
            value.set_sensitive(true);
            headers.insert("x-vault-token", value);
        }
        if let Some(ns) = &self.namespace {
            let value = HeaderValue::from_str(ns).map_err(|_| {
                ProviderError::Other(format!(
                    "the namespace `{ns}` has characters a header cannot carry"
                ))
            })?;
            headers.insert("x-vault-namespace", value);
        }
        headers.insert("x-vault-request", HeaderValue::from_static("true"));
        if call.body.is_some() {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        let mut attempt = 0;
        loop {
            attempt += 1;
            let last = attempt >= self.attempts;
            let mut request = self
                .http
                .request(call.method.clone(), url.clone())
                .headers(headers.clone());
            if let Some(body) = &call.body {
                request = request.body(body.to_vec());
            }
            let response = match request.send() {
                Ok(response) => response,
                Err(e) if e.is_timeout() => return Err(self.timed_out(call)),
                Err(e) if !last && (e.is_connect() || e.is_request()) => {
                    std::thread::sleep(backoff(attempt));
                    continue;
                }
                Err(e) => return Err(self.unreachable(call, &e, attempt)),
            };
            let status = response.status();
            let retry_after = retry_after(response.headers());
            let location = response
                .headers()
                .get(LOCATION)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            let body = match response.bytes() {
                Ok(bytes) => Zeroizing::new(bytes.to_vec()),
                Err(e) if e.is_timeout() => return Err(self.timed_out(call)),
                Err(e) if !last => {
                    let _ = e;
                    std::thread::sleep(backoff(attempt));
                    continue;
                }
                Err(e) => return Err(self.unreachable(call, &e, attempt)),
            };
            let reply = Reply { status, body };
            if status == StatusCode::SERVICE_UNAVAILABLE && is_sealed(&reply) {
                return Err(ProviderError::Unavailable(format!(
                    "Vault/OpenBao at {} is sealed ({}): unseal it (`vault operator unseal`) \
                     and try again",
                    self.shown, call.what
                )));
            }
            if status.is_redirection() {
                return Err(self.redirected(call, &reply, location.as_deref()));
            }
            if !retryable(status) {
                return Ok(reply);
            }
            if last {
                let errors = reply.errors(&[]);
                return Err(ProviderError::Unavailable(format!(
                    "Vault/OpenBao at {} answered {status} {} ({}){}: try again later, and \
                     check the server's health and logs",
                    self.shown,
                    times(attempt),
                    call.what,
                    detail(&errors)
                )));
            }
            let pause = retry_after.unwrap_or_else(|| backoff(attempt));
            if pause > self.timeout {
                return Err(ProviderError::Unavailable(format!(
                    "Vault/OpenBao at {} answered {status} and asks to retry after {}s, longer \
                     than the {}s timeout ({}): try again later",
                    self.shown,
                    pause.as_secs(),
                    self.timeout.as_secs_f32(),
                    call.what
                )));
            }
            std::thread::sleep(pause);
        }
    }

    /// A redirect not followed: to another scheme, host or port (a standby node pointing at
    /// the active one, or a proxy), where the token is not sent.
    fn redirected(&self, call: &Call<'_>, reply: &Reply, location: Option<&str>) -> ProviderError {
        let target = location
            .and_then(|l| self.base.join(l).ok())
            .map(|u| shown_address(&u))
            .unwrap_or_else(|| "elsewhere".to_string());
        ProviderError::Other(format!(
            "Vault/OpenBao at {} redirected the request ({}, {}) to {target}; locket sends the \
             token only to the configured server: set VAULT_ADDR to the server that answers \
             (the active node)",
            self.shown, call.what, reply.status
        ))
    }

    fn timed_out(&self, call: &Call<'_>) -> ProviderError {
        ProviderError::Unavailable(format!(
            "Vault/OpenBao at {} did not answer within {} ({}): check that the server is up \
             and reachable, or raise the timeout (VAULT_CLIENT_TIMEOUT)",
            self.shown,
            seconds(self.timeout),
            call.what
        ))
    }

    fn unreachable(&self, call: &Call<'_>, e: &reqwest::Error, attempts: u32) -> ProviderError {
        ProviderError::Unavailable(format!(
            "cannot reach Vault/OpenBao at {} ({}, {}): {}; check VAULT_ADDR and that the \
             server is running",
            self.shown,
            call.what,
            times(attempts),
            root_cause(e)
        ))
    }
}

/// Redirects are followed within the server's origin only (at most 5): the token header
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

fn seconds(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{}s", d.as_secs())
    } else {
        format!("{}ms", d.as_millis())
    }
}

pub(super) fn detail(errors: &str) -> String {
    if errors.is_empty() {
        String::new()
    } else {
        format!(": {errors}")
    }
}

fn retryable(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 500 | 502 | 503 | 504)
}

fn is_sealed(reply: &Reply) -> bool {
    reply.errors(&[]).to_ascii_lowercase().contains("sealed")
        || String::from_utf8_lossy(&reply.body)
            .to_ascii_lowercase()
            .contains("\"sealed\":true")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_hides_credentials_and_shortens() {
        assert_eq!(
            clean("bad s.abcd\n token", &["s.abcd"]),
            "bad [redacted] token"
        );
        assert!(clean(&"x".repeat(1000), &[]).chars().count() <= 301);
    }

    #[test]
    fn urls_keep_a_base_path_and_encode_segments() {
        let mut config =
            HcvConfig::with_token("http://127.0.0.1:1/prefix/", SecretString::from("t"));
        config.namespace = Some("/team/".into());
        let transport = Transport::new(&config).unwrap();
        assert_eq!(transport.namespace.as_deref(), Some("team"));
        let mut call = Call::get(vec!["secret/data", "my app/x"], String::new());
        call.query.push(("version", "2".into()));
        assert_eq!(
            transport.url(&call).as_str(),
            "http://127.0.0.1:1/prefix/v1/secret/data/my%20app/x?version=2"
        );
        let shown = shown_address(&Url::parse("https://u:p@h:1/").unwrap());
        assert_eq!(shown, "https://h:1");
    }
}
