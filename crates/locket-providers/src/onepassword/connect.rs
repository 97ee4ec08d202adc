//! A 1Password Connect server's REST API (Connect OpenAPI spec 1.7: `GET /v1/vaults`,
//! `GET /v1/vaults/{id}/items`, `GET /v1/vaults/{id}/items/{id}`), with the token as a bearer
//! header, through the shared [`crate::transport`] (timeouts, retries).

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{AUTHORIZATION, HeaderValue};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;

use super::Backend;
use super::model::{Item, ItemSummary, Vault};
use crate::ProviderError;
use crate::transport::{Advice, ClientOptions, Transport, detail, shown};

pub(super) struct Connect {
    http: Transport,
    base: reqwest::Url,
    shown: String,
    token: SecretString,
}

impl Connect {
    pub fn new(
        host: &str,
        token: SecretString,
        timeout: Duration,
        attempts: u32,
        ca: Option<&str>,
    ) -> Result<Self, ProviderError> {
        let base = reqwest::Url::parse(host).map_err(|e| {
            ProviderError::Other(format!(
                "the Connect server address `{host}` is not a URL ({e})"
            ))
        })?;
        let advice = Advice {
            detail: |reply| message(&reply.body),
            ..Advice::new(
                "check OP_CONNECT_HOST and that the server is running",
                "--timeout",
            )
        };
        let options = ClientOptions {
            timeout,
            ca_pem: ca,
            plain_http: base.scheme() == "http",
            ..ClientOptions::default()
        };
        Ok(Connect {
            http: Transport::new(options, attempts, advice)?,
            shown: shown(&base),
            base,
            token,
        })
    }

    fn url(&self, path: &[&str]) -> reqwest::Url {
        let mut url = self.base.clone();
        {
            let mut segments = url.path_segments_mut().expect("http(s) URLs have paths");
            segments.pop_if_empty().push("v1");
            segments.extend(path);
        }
        url
    }

    /// `GET /v1/<path>` as JSON; `what` says what for, in messages.
    fn get<T: DeserializeOwned>(&self, path: &[&str], what: &str) -> Result<T, ProviderError> {
        let url = self.url(path);
        let mut auth =
            HeaderValue::from_str(&format!("Bearer {}", self.token.expose_secret().trim()))
                .map_err(|_| {
                    ProviderError::Auth(
                        "the Connect token has characters a header cannot carry: check it and \
                         run `locket integration reauth NAME`"
                            .into(),
                    )
                })?;
        auth.set_sensitive(true);
        let to = format!("the 1Password Connect server at {}", self.shown);
        let reply = self.http.send(&to, what, &|client| {
            client.get(url.clone()).header(AUTHORIZATION, auth.clone())
        })?;
        let status = reply.status;
        if status.is_success() {
            return serde_json::from_slice(&reply.body).map_err(|e| {
                ProviderError::Other(format!(
                    "{to} answered {what} with JSON locket does not understand (line {} column \
                     {}): is OP_CONNECT_HOST a Connect server?",
                    e.line(),
                    e.column()
                ))
            });
        }
        let message = detail(&message(&reply.body));
        Err(match status {
            StatusCode::UNAUTHORIZED => ProviderError::Auth(format!(
                "{to} refused the token ({what}){message}: check it (OP_CONNECT_TOKEN) and run \
                 `locket integration reauth NAME`"
            )),
            StatusCode::FORBIDDEN => ProviderError::PermissionDenied(format!(
                "{to} does not let this token read it ({what}){message}: grant the token access \
                 to the vault (`op connect token edit`) or use a token that has it"
            )),
            StatusCode::NOT_FOUND => {
                ProviderError::NotFound(format!("{to} has no such thing ({what}){message}"))
            }
            status if status.is_redirection() => ProviderError::Other(format!(
                "{to} redirected the request ({what}, {status}); locket sends the token only to \
                 OP_CONNECT_HOST: set it to the server that answers"
            )),
            status => ProviderError::Other(format!("{to} answered {status} ({what}){message}")),
        })
    }
}

/// The message of Connect's `{"status", "message"}` error shape, on one line.
fn message(body: &[u8]) -> String {
    let text = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| {
            v.get("message")
                .and_then(|m| m.as_str())
                .map(str::to_string)
        })
        .unwrap_or_default();
    crate::scrub::one_line(&text, &[])
}

impl Backend for Connect {
    fn vaults(&self) -> Result<Vec<Vault>, ProviderError> {
        self.get(&["vaults"], "listing the vaults")
    }

    fn items(&self, vault: &Vault) -> Result<Vec<ItemSummary>, ProviderError> {
        self.get(
            &["vaults", &vault.id, "items"],
            &format!("listing the items of vault `{}`", vault.name),
        )
    }

    fn item(&self, vault: &Vault, item: &ItemSummary) -> Result<Item, ProviderError> {
        self.get(
            &["vaults", &vault.id, "items", &item.id],
            &format!("reading item `{}` of vault `{}`", item.title, vault.name),
        )
    }

    fn whoami(&self) -> Result<String, ProviderError> {
        let vaults = self.vaults()?;
        let names: Vec<&str> = vaults.iter().map(|v| v.name.as_str()).collect();
        Ok(format!(
            "a Connect token on {} that can read {} vault(s): {}",
            self.shown,
            vaults.len(),
            names.join(", ")
        ))
    }

    fn shown(&self) -> String {
        format!("the Connect server at {}", self.shown)
    }
}
