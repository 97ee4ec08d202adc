//! One HTTP exchange with Google (the token endpoint, the metadata server, Secret Manager):
//! a timeout per request and bounded retries with backoff for what may pass (connection
//! errors, 429, 500, 502, 503, 504), honouring `Retry-After`. Other answers are returned for
//! the caller to interpret.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::blocking::{Client, RequestBuilder};
use secrecy::zeroize::Zeroizing;

use crate::ProviderError;
use crate::shared::{backoff, retry_after, root_cause, times};

pub(super) struct Http {
    client: Client,
    timeout: Duration,
    attempts: u32,
}

pub(super) struct Reply {
    pub status: StatusCode,
    pub body: Zeroizing<Vec<u8>>,
}

impl Reply {
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// Google's error shape: `{"error": {"code", "message", "status"}}` (APIs) or
    /// `{"error": "invalid_grant", "error_description": "…"}` (OAuth).
    pub fn error(&self) -> (String, String) {
        let Some(json) = self.json() else {
            return (String::new(), String::new());
        };
        match json.get("error") {
            Some(serde_json::Value::Object(e)) => (
                e.get("status")
                    .and_then(|s| s.as_str())
                    .unwrap_or("")
                    .to_string(),
                e.get("message")
                    .and_then(|s| s.as_str())
                    .unwrap_or("")
                    .to_string(),
            ),
            Some(serde_json::Value::String(code)) => (
                code.clone(),
                json.get("error_description")
                    .and_then(|s| s.as_str())
                    .unwrap_or("")
                    .to_string(),
            ),
            _ => (String::new(), String::new()),
        }
    }
}

impl Http {
    pub fn new(timeout: Duration, attempts: u32, ca: Option<&str>) -> Result<Self, ProviderError> {
        let builder = Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            // Tokens must not follow a redirect elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("locket/", env!("CARGO_PKG_VERSION")));
        let client = crate::tls::trust(builder, ca)?.build().map_err(|e| {
            ProviderError::Other(format!("cannot set up the HTTP client: {}", root_cause(&e)))
        })?;
        Ok(Http {
            client,
            timeout,
            attempts: attempts.max(1),
        })
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Sends the request `build` makes (once per attempt). `to` names the server and `what`
    /// the step, in messages.
    pub fn send(
        &self,
        build: impl Fn() -> RequestBuilder,
        to: &str,
        what: &str,
    ) -> Result<Reply, ProviderError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let last = attempt >= self.attempts;
            let response = match build().send() {
                Ok(r) => r,
                Err(e) if e.is_timeout() => return Err(self.timed_out(to, what)),
                Err(e) if !last && (e.is_connect() || e.is_request()) => {
                    std::thread::sleep(backoff(attempt));
                    continue;
                }
                Err(e) => {
                    return Err(ProviderError::Unavailable(format!(
                        "cannot reach {to} ({what}, {}): {}; check the address and the network",
                        times(attempt),
                        root_cause(&e)
                    )));
                }
            };
            let status = response.status();
            let retry_after = retry_after(response.headers());
            let body = match response.bytes() {
                Ok(b) => Zeroizing::new(b.to_vec()),
                Err(e) if e.is_timeout() => return Err(self.timed_out(to, what)),
                Err(_) if !last => {
                    std::thread::sleep(backoff(attempt));
                    continue;
                }
                Err(e) => {
                    return Err(ProviderError::Unavailable(format!(
                        "{to} broke off its answer ({what}): {}",
                        root_cause(&e)
                    )));
                }
            };
            let reply = Reply { status, body };
            if !matches!(status.as_u16(), 429 | 500 | 502 | 503 | 504) {
                return Ok(reply);
            }
            let (_, message) = reply.error();
            let message = message.trim().trim_end_matches('.').to_string();
            if last {
                let message = if message.is_empty() {
                    String::new()
                } else {
                    format!(": {message}")
                };
                return Err(ProviderError::Unavailable(format!(
                    "{to} answered {status} {} ({what}){message}; try again later",
                    times(attempt)
                )));
            }
            let pause = retry_after.unwrap_or_else(|| backoff(attempt));
            if pause > self.timeout {
                return Err(ProviderError::Unavailable(format!(
                    "{to} answered {status} and asks to retry after {}s, longer than the \
                     timeout ({what}); try again later",
                    pause.as_secs()
                )));
            }
            std::thread::sleep(pause);
        }
    }

    fn timed_out(&self, to: &str, what: &str) -> ProviderError {
        ProviderError::Unavailable(format!(
            "{to} did not answer within {}s ({what}): check that it is reachable, or raise the \
             timeout (--timeout)",
            self.timeout.as_secs_f32()
        ))
    }
}
