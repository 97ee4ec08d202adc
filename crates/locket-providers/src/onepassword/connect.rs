//! A 1Password Connect server's REST API (Connect OpenAPI spec 1.7: `GET /v1/vaults`,
//! `GET /v1/vaults/{id}/items`, `GET /v1/vaults/{id}/items/{id}`), with the token as a bearer
//! header, a timeout per request, and bounded retries with backoff for what may pass
//! (connection errors, 429, 500, 502, 503, 504), honouring `Retry-After`.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::blocking::Client;
use reqwest::header::{AUTHORIZATION, HeaderValue};
use secrecy::zeroize::Zeroizing;
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;

use super::Backend;
use super::model::{Item, ItemSummary, Vault};
use crate::ProviderError;
use crate::shared::{backoff, retry_after, root_cause, times};

pub(super) struct Connect {
    http: Client,
    base: reqwest::Url,
    shown: String,
    token: SecretString,
    timeout: Duration,
    attempts: u32,
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
        let mut shown_url = base.clone();
        let _ = shown_url.set_username("");
        let _ = shown_url.set_password(None);
        let shown = shown_url.as_str().trim_end_matches('/').to_string();
        let mut builder = Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            // The bearer token must not follow a redirect elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("locket/", env!("CARGO_PKG_VERSION")));
        if base.scheme() == "http" {
            builder = builder.tls_certs_only(std::iter::empty());
        } else {
            builder = crate::tls::trust(builder, ca)?;
        }
        let http = builder.build().map_err(|e| {
            ProviderError::Other(format!(
                "cannot set up the HTTP client for {shown}: {}",
                root_cause(&e)
            ))
        })?;
        Ok(Connect {
            http,
            base,
            shown,
            token,
            timeout,
            attempts: attempts.max(1),
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
        let mut attempt = 0;
        loop {
            attempt += 1;
            let last = attempt >= self.attempts;
            let response = match self
                .http
                .get(url.clone())
                .header(AUTHORIZATION, auth.clone())
                .send()
            {
                Ok(r) => r,
                Err(e) if e.is_timeout() => return Err(self.timed_out(what)),
                Err(e) if !last && (e.is_connect() || e.is_request()) => {
                    std::thread::sleep(backoff(attempt));
                    continue;
                }
                Err(e) => {
                    return Err(ProviderError::Unavailable(format!(
                        "cannot reach the 1Password Connect server at {} ({what}, {}): {}; check \
                         OP_CONNECT_HOST and that the server is running",
                        self.shown,
                        times(attempt),
                        root_cause(&e)
                    )));
                }
            };
            let status = response.status();
            let retry_after = retry_after(response.headers());
            let body = match response.bytes() {
                Ok(b) => Zeroizing::new(b.to_vec()),
                Err(e) if e.is_timeout() => return Err(self.timed_out(what)),
                Err(_) if !last => {
                    std::thread::sleep(backoff(attempt));
                    continue;
                }
                Err(e) => {
                    return Err(ProviderError::Unavailable(format!(
                        "the 1Password Connect server at {} broke off its answer ({what}): {}",
                        self.shown,
                        root_cause(&e)
                    )));
                }
            };
            if status.is_success() {
                return serde_json::from_slice(&body).map_err(|e| {
                    ProviderError::Other(format!(
                        "the 1Password Connect server at {} answered {what} with JSON locket \
                         does not understand (line {} column {}): is OP_CONNECT_HOST a Connect \
                         server?",
                        self.shown,
                        e.line(),
                        e.column()
                    ))
                });
            }
            let message = self.message(&body);
            if matches!(status.as_u16(), 429 | 500 | 502 | 503 | 504) {
                if last {
                    return Err(ProviderError::Unavailable(format!(
                        "the 1Password Connect server at {} answered {status} {} ({what}){message}: \
                         try again later, and check the server's health and logs",
                        self.shown,
                        times(attempt)
                    )));
                }
                let pause = retry_after.unwrap_or_else(|| backoff(attempt));
                if pause > self.timeout {
                    return Err(ProviderError::Unavailable(format!(
                        "the 1Password Connect server at {} answered {status} and asks to retry \
                         after {}s, longer than the timeout ({what}): try again later",
                        self.shown,
                        pause.as_secs()
                    )));
                }
                std::thread::sleep(pause);
                continue;
            }
            return Err(match status {
                StatusCode::UNAUTHORIZED => ProviderError::Auth(format!(
                    "the 1Password Connect server at {} refused the token ({what}){message}: \
                     check it (OP_CONNECT_TOKEN) and run `locket integration reauth NAME`",
                    self.shown
                )),
                StatusCode::FORBIDDEN => ProviderError::PermissionDenied(format!(
                    "the 1Password Connect server at {} does not let this token read it \
                     ({what}){message}: grant the token access to the vault (`op connect \
                     token edit`) or use a token that has it",
                    self.shown
                )),
                StatusCode::NOT_FOUND => ProviderError::NotFound(format!(
                    "the 1Password Connect server at {} has no such thing ({what}){message}",
                    self.shown
                )),
                status if status.is_redirection() => ProviderError::Other(format!(
                    "the 1Password Connect server at {} redirected the request ({what}, \
                     {status}); locket sends the token only to OP_CONNECT_HOST: set it to the \
                     server that answers",
                    self.shown
                )),
                status => ProviderError::Other(format!(
                    "the 1Password Connect server at {} answered {status} ({what}){message}",
                    self.shown
                )),
            });
        }
    }

    /// `: <message>` from Connect's `{"status", "message"}` error shape, with the token
    /// removed in case a server echoes it.
    fn message(&self, body: &[u8]) -> String {
        let text = serde_json::from_slice::<serde_json::Value>(body)
            .ok()
            .and_then(|v| {
                v.get("message")
                    .and_then(|m| m.as_str())
                    .map(str::to_string)
            })
            .unwrap_or_default();
        let text = super::clean(&text, &[self.token.expose_secret()]);
        if text.is_empty() {
            String::new()
        } else {
            format!(": {text}")
        }
    }

    fn timed_out(&self, what: &str) -> ProviderError {
        ProviderError::Unavailable(format!(
            "the 1Password Connect server at {} did not answer within {}s ({what}): check that \
             it is up and reachable, or raise the timeout (--timeout)",
            self.shown,
            self.timeout.as_secs_f32()
        ))
    }
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
