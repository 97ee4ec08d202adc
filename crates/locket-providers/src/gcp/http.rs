//! Requests to Google (the token endpoint, the metadata server, Secret Manager), through the
//! shared [`crate::transport`]; no redirect is followed, as tokens must not go elsewhere.

use std::time::Duration;

use reqwest::blocking::{Client, RequestBuilder};

use crate::ProviderError;
pub(super) use crate::transport::Reply;
use crate::transport::{Advice, ClientOptions};

pub(super) struct Http(crate::transport::Transport);

/// Google's error shapes.
impl Reply {
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
        let advice = Advice {
            detail: |reply| reply.error().1.trim().trim_end_matches('.').to_string(),
            ..Advice::new("check the address and the network", "--timeout")
        };
        let options = ClientOptions {
            timeout,
            ca_pem: ca,
            ..ClientOptions::default()
        };
        Ok(Http(crate::transport::Transport::new(
            options, attempts, advice,
        )?))
    }

    pub fn client(&self) -> &Client {
        self.0.client()
    }

    /// Sends the request `build` makes (once per attempt), with the shared retries. `to`
    /// names the server and `what` the step, in messages.
    pub fn send(
        &self,
        build: impl Fn() -> RequestBuilder,
        to: &str,
        what: &str,
    ) -> Result<Reply, ProviderError> {
        self.0.send(to, what, &|_| build())
    }
}
