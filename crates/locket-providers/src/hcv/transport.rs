//! One request to the server: the URL under `/v1/`, the namespace and token headers, sent
//! through the shared [`crate::transport`] (its retries, with a sealed server not retried),
//! and redirects kept on the server's origin.

use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue, LOCATION};
use reqwest::{Method, StatusCode, Url};
use secrecy::zeroize::Zeroizing;
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;

use super::config::HcvConfig;
use crate::ProviderError;
pub(super) use crate::transport::Reply;
pub(super) use crate::transport::detail;
use crate::transport::{Advice, ClientOptions, shown};

pub(super) struct Transport {
    http: crate::transport::Transport,
    base: Url,
    /// The address as shown in messages (no user info).
    pub(super) shown: String,
    pub(super) namespace: Option<String>,
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

/// Vault's answers: its `errors` list, and what a 403 means.
impl Reply {
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
        crate::scrub::one_line(&text, hide)
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

impl Transport {
    pub fn new(config: &HcvConfig) -> Result<Self, ProviderError> {
        config.validate()?;
        let base = Url::parse(&config.address).expect("validated");
        let advice = Advice {
            detail: |reply| reply.errors(&[]),
            stop: sealed,
            ..Advice::new(
                "check VAULT_ADDR and that the server is running",
                "VAULT_CLIENT_TIMEOUT",
            )
        };
        let options = ClientOptions {
            timeout: config.timeout,
            ca_pem: config.ca_cert_pem.as_deref(),
            ca_only: true,
            insecure: config.tls_skip_verify,
            plain_http: base.scheme() == "http",
            same_origin_redirects: true,
        };
        let http = crate::transport::Transport::new(options, config.max_attempts, advice)?;
        let namespace = config
            .namespace
            .as_deref()
            .map(|ns| ns.trim_matches('/').to_string())
            .filter(|ns| !ns.is_empty());
        Ok(Transport {
            http,
            shown: shown(&base),
            base,
            namespace,
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

    /// Sends `call` with `token`. A server that cannot be reached, keeps failing or is sealed
    /// is [`ProviderError::Unavailable`]; a redirect off the server is refused; every other
    /// answer is returned for the caller to interpret.
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
        let to = format!("Vault/OpenBao at {}", self.shown);
        let reply = self.http.send(&to, &call.what, &|client| {
            let request = client
                .request(call.method.clone(), url.clone())
                .headers(headers.clone());
            match &call.body {
                Some(body) => request.body(body.to_vec()),
                None => request,
            }
        })?;
        if reply.status.is_redirection() {
            return Err(self.redirected(call, &reply));
        }
        Ok(reply)
    }

    /// A redirect not followed: to another scheme, host or port (a standby node pointing at
    /// the active one, or a proxy), where the token is not sent.
    fn redirected(&self, call: &Call<'_>, reply: &Reply) -> ProviderError {
        let target = reply
            .header(LOCATION)
            .and_then(|l| self.base.join(l).ok())
            .map(|u| shown(&u))
            .unwrap_or_else(|| "elsewhere".to_string());
        ProviderError::Other(format!(
            "Vault/OpenBao at {} redirected the request ({}, {}) to {target}; locket sends the \
             token only to the configured server: set VAULT_ADDR to the server that answers (the active node)",
            self.shown, call.what, reply.status
        ))
    }
}

/// A sealed server answers 503 until it is unsealed: not worth retrying.
fn sealed(reply: &Reply, to: &str, what: &str) -> Option<ProviderError> {
    let sealed = reply.status == StatusCode::SERVICE_UNAVAILABLE
        && (reply.errors(&[]).to_ascii_lowercase().contains("sealed")
            || String::from_utf8_lossy(&reply.body)
                .to_ascii_lowercase()
                .contains("\"sealed\":true"));
    sealed.then(|| {
        ProviderError::Unavailable(format!(
            "{to} is sealed ({what}): unseal it (`vault operator unseal`) and try again"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
