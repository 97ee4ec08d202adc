//! Requests to Key Vault or Entra ID, through the shared [`crate::transport`] (timeouts,
//! retries honouring `Retry-After`, Key Vault's throttling answer:
//! <https://learn.microsoft.com/azure/key-vault/general/overview-throttling>). No redirect is
//! followed: tokens go only where they are addressed.

use reqwest::blocking::{Client, RequestBuilder};
use serde_json::Value;

use super::config::AzureConfig;
use crate::ProviderError;
pub(super) use crate::transport::Reply;
use crate::transport::{Advice, ClientOptions};

pub(super) struct Transport {
    http: crate::transport::Transport,
}

/// Key Vault's error shape.
impl Reply {
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
        let advice = Advice {
            detail: |reply| reply.vault_error().0.pop().unwrap_or_default(),
            ..Advice::new(
                "check the address and the network",
                "`integration add --timeout`",
            )
        };
        let options = ClientOptions {
            timeout: config.timeout(),
            ca_pem: config.ca_cert_pem.as_deref(),
            ..ClientOptions::default()
        };
        Ok(Transport {
            http: crate::transport::Transport::new(options, config.max_attempts, advice)?,
        })
    }

    /// Sends the request `build` makes (once per attempt), with the shared retries.
    pub fn send(
        &self,
        call: &Call<'_>,
        build: &dyn Fn(&Client) -> RequestBuilder,
    ) -> Result<Reply, ProviderError> {
        let to = format!("{} at {}", call.service, call.shown);
        self.http.send(&to, call.what, build)
    }
}

/// `https://host[:port]` of a URL, for messages.
pub(super) fn origin(url: &reqwest::Url) -> String {
    url.origin().ascii_serialization()
}
