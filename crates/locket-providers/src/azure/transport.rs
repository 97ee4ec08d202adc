//! One HTTP exchange with Key Vault or Entra ID: bounded timeouts, bounded retries with
//! backoff for what may pass (connection failures, 429, 500, 502, 503, 504), honouring
//! `Retry-After` (Key Vault's throttling answer, <https://learn.microsoft.com/azure/key-vault/general/overview-throttling>).

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::blocking::{Client, RequestBuilder};
use reqwest::header::WWW_AUTHENTICATE;
use secrecy::zeroize::Zeroizing;
use serde_json::Value;

use super::config::AzureConfig;
use crate::ProviderError;
use crate::shared::{backoff, retry_after, root_cause, times};

pub(super) struct Transport {
    http: Client,
    pub timeout: Duration,
    attempts: u32,
}

/// An answer the caller interprets.
pub(super) struct Reply {
    pub status: StatusCode,
    pub challenge: Option<String>,
    /// Wiped when dropped: it may hold a secret value or tokens.
    pub body: Zeroizing<Vec<u8>>,
}

impl Reply {
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// Key Vault's `{"error":{"code","message","innererror":{"code"}}}`: the codes (inner
    /// last) and the message.
    pub fn vault_error(&self) -> (Vec<String>, String) {
        let json = self.json().unwrap_or(Value::Null);
        let mut codes = Vec::new();
        let mut node = json.get("error");
        while let Some(e) = node {
            if let Some(code) = e.get("code").and_then(Value::as_str) {
                codes.push(code.to_string());
            }
            node = e.get("innererror");
        }
        let message = json
            .pointer("/error/message")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        (codes, message)
    }
}

/// What a call is, for messages: "reading secret `db` from kv1.vault.azure.net".
pub(super) struct Call<'a> {
    pub service: &'a str,
    pub shown: &'a str,
    pub what: &'a str,
}

impl Transport {
    pub fn new(config: &AzureConfig) -> Result<Self, ProviderError> {
        let timeout = config.timeout();
        let builder = Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            // Tokens go only where they are addressed.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("locket/", env!("CARGO_PKG_VERSION")));
        let builder = crate::tls::trust(builder, config.ca_cert_pem.as_deref())?;
        let http = builder.build().map_err(|e| {
            ProviderError::Other(format!(
                "cannot set up the HTTP client for Azure: {}",
                root_cause(&e)
            ))
        })?;
        Ok(Transport {
            http,
            timeout,
            attempts: config.max_attempts.max(1),
        })
    }

    /// Sends the request `build` makes (once per attempt), retrying what may pass. Persistent
    /// retryable failures and timeouts are [`ProviderError::Unavailable`]; every other answer
    /// is returned.
    pub fn send(
        &self,
        call: &Call<'_>,
        build: &dyn Fn(&Client) -> RequestBuilder,
    ) -> Result<Reply, ProviderError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let last = attempt >= self.attempts;
            let response = match build(&self.http).send() {
                Ok(r) => r,
                Err(e) if e.is_timeout() => return Err(self.timed_out(call)),
                Err(e) if !last && (e.is_connect() || e.is_request()) => {
                    std::thread::sleep(backoff(attempt));
                    continue;
                }
                Err(e) => return Err(unreachable(call, &e, attempt)),
            };
            let status = response.status();
            let retry_after = retry_after(response.headers());
            let challenge = response
                .headers()
                .get(WWW_AUTHENTICATE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            let body = match response.bytes() {
                Ok(b) => Zeroizing::new(b.to_vec()),
                Err(e) if e.is_timeout() => return Err(self.timed_out(call)),
                Err(_) if !last => {
                    std::thread::sleep(backoff(attempt));
                    continue;
                }
                Err(e) => return Err(unreachable(call, &e, attempt)),
            };
            let reply = Reply {
                status,
                challenge,
                body,
            };
            if !matches!(status.as_u16(), 429 | 500 | 502 | 503 | 504) {
                return Ok(reply);
            }
            let throttled = status == StatusCode::TOO_MANY_REQUESTS;
            if last {
                let (codes, _) = reply.vault_error();
                let code = codes.last().map(|c| format!(" ({c})")).unwrap_or_default();
                return Err(ProviderError::Unavailable(format!(
                    "{} at {} answered {status}{code} {} ({}): {}",
                    call.service,
                    call.shown,
                    times(attempt),
                    call.what,
                    if throttled {
                        "it is throttling requests; try again in a minute, or spread the load \
                         (Key Vault allows a few thousand reads per 10 seconds per vault)"
                    } else {
                        "try again later; Azure status: https://status.azure.com"
                    }
                )));
            }
            let pause = retry_after.unwrap_or_else(|| backoff(attempt));
            if pause > self.timeout {
                return Err(ProviderError::Unavailable(format!(
                    "{} at {} answered {status} and asks to retry after {}s, longer than the \
                     {}s timeout ({}): try again later",
                    call.service,
                    call.shown,
                    pause.as_secs(),
                    self.timeout.as_secs(),
                    call.what
                )));
            }
            std::thread::sleep(pause);
        }
    }

    fn timed_out(&self, call: &Call<'_>) -> ProviderError {
        ProviderError::Unavailable(format!(
            "{} at {} did not answer within {}s ({}): check the network (proxy, firewall, \
             private endpoint DNS), or raise the timeout (`integration add --timeout`)",
            call.service,
            call.shown,
            self.timeout.as_secs_f32(),
            call.what
        ))
    }
}

fn unreachable(call: &Call<'_>, e: &reqwest::Error, attempts: u32) -> ProviderError {
    let cause = root_cause(e);
    let hint = if cause.to_ascii_lowercase().contains("certificate") {
        "if a proxy or private CA signs its certificate, give the CA with \
         `locket integration add --ca-cert FILE` (or SSL_CERT_FILE)"
    } else {
        "check the address and the network"
    };
    ProviderError::Unavailable(format!(
        "cannot reach {} at {} ({}, {}): {cause}; {hint}",
        call.service,
        call.shown,
        call.what,
        times(attempts)
    ))
}

/// `https://host[:port]` of a URL, for messages.
pub(super) fn origin(url: &reqwest::Url) -> String {
    url.origin().ascii_serialization()
}

/// `text` on one line, at most 300 characters, with each of `hide` replaced.
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
