//! Azure Key Vault (cargo feature `azure`), over its REST API
//! (<https://learn.microsoft.com/rest/api/keyvault/secrets/get-secret/get-secret>, api-version
//! 7.5).
//!
//! References are secret identifiers, `https://VAULT.vault.azure.net/secrets/NAME[/VERSION]`
//! (the latest version without one; sovereign clouds' hosts too), with an optional `#KEY` to
//! pick a member of a JSON value ([`SecretId`]).
//!
//! Sign-in ([`Auth`]): a service principal's client secret or certificate, a person's
//! refresh token from the device code or browser (authorization code + PKCE) sign-in
//! ([`signin`]), or the Azure CLI's token. Access tokens are kept with their expiry and renewed
//! five minutes before it; a renewed token or rotated refresh token is handed back through
//! [`Provider::refreshed_config`] to be stored sealed.
//!
//! Key Vault's authentication challenge is followed as the Azure SDKs do: the first request
//! to a vault goes without a token, the `401` names the authority and resource, the resource
//! must belong to the vault's own domain (a vault cannot ask for a token for something else),
//! and later requests to that vault send the token at once. A token Key Vault refuses is
//! renewed once. Errors never show a token, secret, refresh token or value.

pub mod azcli;
pub mod certificate;
mod config;
mod reference;
mod setup;
pub mod signin;
mod token;
mod transport;

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use reqwest::StatusCode;
use secrecy::zeroize::Zeroizing;
use secrecy::{ExposeSecret, SecretBox, SecretString};
use serde_json::Value;

pub use config::{
    AZURE_CLI_CLIENT_ID, Auth, AzureConfig, DEFAULT_AUTHORITY_HOST, DEFAULT_TIMEOUT,
    DEFAULT_USER_TENANT, MAX_ATTEMPTS, StoredToken,
};
pub use reference::{SYNTAX, SecretId, VAULT_SUFFIXES};
pub use setup::Kind;

use crate::scrub::one_line as clean;
use crate::{Fetched, Provider, ProviderError};
use token::{EXPIRY_MARGIN_SECS, now};
use transport::{Call, Reply, Transport};

/// The Key Vault REST API version sent with every request.
pub const API_VERSION: &str = "7.5";

/// The Azure Key Vault provider: `kind()` is `azure`.
pub struct AzureProvider {
    config: AzureConfig,
    transport: Transport,
    session: Mutex<Session>,
    /// Per vault host, the resource its challenge named (so later requests send a token).
    challenges: Mutex<HashMap<String, String>>,
}

struct Session {
    token: Option<StoredToken>,
    refresh_token: Option<SecretString>,
    /// Bumped at each new token, so that a refused token is renewed once, not once per thread.
    generation: u64,
    /// A token or refresh token obtained since the provider was built.
    changed: bool,
}

impl std::fmt::Debug for AzureProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AzureProvider")
            .field("tenant_id", &self.config.tenant_id)
            .field("client_id", &self.config.client_id)
            .field("authority_host", &self.config.authority_host)
            .field("auth", &self.config.auth.method())
            .field("vault_url", &self.config.vault_url)
            .finish_non_exhaustive()
    }
}

impl AzureProvider {
    /// Checks `config`; nothing is sent until the first fetch or whoami.
    pub fn new(config: AzureConfig) -> Result<Self, ProviderError> {
        config.validate()?;
        if let Auth::ClientCertificate { pem } = &config.auth {
            certificate::check(pem)?;
        }
        let transport = Transport::new(&config)?;
        Ok(AzureProvider {
            session: Mutex::new(Session {
                token: config.token.clone(),
                refresh_token: None,
                generation: 0,
                changed: false,
            }),
            transport,
            challenges: Mutex::new(HashMap::new()),
            config,
        })
    }

    fn session(&self) -> std::sync::MutexGuard<'_, Session> {
        self.session.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A token for `resource` with its generation: the kept one while it has more than five
    /// minutes left, else a new one. `stale` (a generation Key Vault refused) forces a new one
    /// unless another thread already got it.
    fn token(
        &self,
        resource: &str,
        stale: Option<u64>,
    ) -> Result<(SecretString, u64), ProviderError> {
        let mut session = self.session();
        let usable = session.token.as_ref().filter(|t| {
            t.resource.trim_end_matches('/') == resource.trim_end_matches('/')
                && t.expires_at - EXPIRY_MARGIN_SECS > now()
        });
        if let Some(t) = usable
            && stale != Some(session.generation)
        {
            return Ok((t.access_token.clone(), session.generation));
        }
        let granted = token::acquire(
            &self.transport,
            &self.config,
            &self.config.auth,
            session.refresh_token.as_ref(),
            resource,
        )?;
        let access = granted.token.access_token.clone();
        session.token = Some(granted.token);
        if granted.refresh_token.is_some() {
            session.refresh_token = granted.refresh_token;
        }
        session.generation += 1;
        session.changed = !matches!(self.config.auth, Auth::AzureCli);
        Ok((access, session.generation))
    }

    fn read(&self, id: &SecretId) -> Result<Fetched, ProviderError> {
        let base = self
            .config
            .vault_url
            .as_deref()
            .unwrap_or(&id.vault_url)
            .trim_end_matches('/')
            .to_string();
        let mut url = reqwest::Url::parse(&base).map_err(|e| {
            ProviderError::Other(format!("the Key Vault URL `{base}` is not a URL ({e})"))
        })?;
        url.path_segments_mut()
            .map_err(|_| ProviderError::Other(format!("`{base}` cannot take a path")))?
            .pop_if_empty()
            .extend(["secrets", &id.name, id.version.as_deref().unwrap_or("")]);
        url.query_pairs_mut()
            .append_pair("api-version", API_VERSION);
        let shown = transport::origin(&url);
        let what = match &id.version {
            Some(v) => format!("reading version {v} of secret `{}`", id.name),
            None => format!("reading secret `{}`", id.name),
        };
        let call = Call {
            service: "Key Vault",
            shown: &shown,
            what: &what,
        };
        let send = |token: Option<&SecretString>| -> Result<Reply, ProviderError> {
            self.transport.send(&call, &|http| {
                let request = http.get(url.clone()).header("accept", "application/json");
                match token {
                    Some(t) => request.bearer_auth(t.expose_secret()),
                    None => request,
                }
            })
        };
        let known = self
            .challenges
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&id.host)
            .cloned();
        let mut sent: Option<(String, u64)> = None;
        let mut reply = match &known {
            Some(resource) => {
                let (token, generation) = self.token(resource, None)?;
                sent = Some((resource.clone(), generation));
                send(Some(&token))?
            }
            None => send(None)?,
        };
        // The challenge answered with a token, then a refused token renewed once: bounded.
        let mut renewed = false;
        for _ in 0..3 {
            if reply.status != StatusCode::UNAUTHORIZED {
                break;
            }
            let resource = self.challenge(&reply, id, &shown)?;
            let stale = match &sent {
                Some((r, generation)) if *r == resource => Some(*generation),
                _ => None,
            };
            if stale.is_some() {
                if renewed {
                    break;
                }
                renewed = true;
            }
            let (token, generation) = self.token(&resource, stale)?;
            self.challenges
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(id.host.clone(), resource.clone());
            sent = Some((resource, generation));
            reply = send(Some(&token))?;
        }
        self.interpret(reply, id, &shown)
    }

    /// The resource a 401 challenge names, checked against the vault's domain.
    fn challenge(
        &self,
        reply: &Reply,
        id: &SecretId,
        shown: &str,
    ) -> Result<String, ProviderError> {
        let header = reply
            .header(reqwest::header::WWW_AUTHENTICATE)
            .unwrap_or_default();
        let params = parse_challenge(header);
        let resource = params
            .get("resource")
            .cloned()
            .or_else(|| {
                params
                    .get("scope")
                    .map(|s| s.trim_end_matches("/.default").to_string())
            })
            .filter(|_| !params.contains_key("__missing_bearer"));
        let Some(resource) = resource else {
            let (codes, message) = reply.vault_error();
            return Err(ProviderError::Auth(format!(
                "Key Vault at {shown} refused the request (401{}{}) without a Bearer \
                 challenge locket can follow: check that the integration's vault URL is a Key \
                 Vault, then run `locket integration reauth`",
                codes.last().map(|c| format!(" {c}")).unwrap_or_default(),
                crate::transport::detail(&clean(&message, &[]))
            )));
        };
        let resource_host = reqwest::Url::parse(&resource)
            .ok()
            .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
            .unwrap_or_default();
        if resource_host.is_empty() || !id.host.ends_with(&format!(".{resource_host}")) {
            return Err(ProviderError::Auth(format!(
                "Key Vault at {shown} asked for a token for `{resource}`, which is not the \
                 domain of {}: locket does not send tokens there. Check the secret identifier \
                 and any --vault-url, then run `locket integration reauth`",
                id.host
            )));
        }
        Ok(resource)
    }

    fn interpret(
        &self,
        reply: Reply,
        id: &SecretId,
        shown: &str,
    ) -> Result<Fetched, ProviderError> {
        let status = reply.status;
        if status.is_success() {
            return self.value(&reply, id, shown);
        }
        let (codes, message) = reply.vault_error();
        let code = codes.last().cloned().unwrap_or_default();
        let message = clean(&message, &[]);
        let detail = |c: &str| {
            let mut d = format!("{status}");
            if !c.is_empty() {
                d.push_str(&format!(" {c}"));
            }
            if !message.is_empty() {
                d.push_str(&format!(": {message}"));
            }
            d
        };
        let secret = match &id.version {
            Some(v) => format!("version {v} of secret `{}`", id.name),
            None => format!("secret `{}`", id.name),
        };
        let vault = &id.host;
        Err(match status.as_u16() {
            404 => ProviderError::NotFound(format!(
                "{secret} is not in Key Vault {vault} ({}): check the name{} (`az keyvault secret \
                 list --vault-name {}`); a deleted secret can be recovered with `az keyvault \
                 secret recover`",
                detail(&code),
                if id.version.is_some() {
                    " and version"
                } else {
                    ""
                },
                vault.split('.').next().unwrap_or_default()
            )),
            403 if codes.iter().any(|c| c == "SecretDisabled") => ProviderError::Other(format!(
                "{secret} in Key Vault {vault} is disabled ({}): enable it (`az keyvault secret \
                 set-attributes --enabled true --id {}`) or link another version",
                detail(&code),
                SecretId {
                    key: None,
                    ..id.clone()
                }
            )),
            403 if codes.iter().any(|c| c == "ForbiddenByFirewall") => {
                ProviderError::PermissionDenied(format!(
                    "Key Vault {vault} refused the request from this network ({}): grant this \
                     address access in the vault's networking rules, or use its private endpoint",
                    detail(&code)
                ))
            }
            403 => ProviderError::PermissionDenied(format!(
                "the identity this integration signs in as may not read {secret} in Key Vault \
                 {vault} ({}): grant it the `Key Vault Secrets User` role on the vault (or a \
                 `get` secret access policy)",
                detail(&code)
            )),
            401 => ProviderError::Auth(format!(
                "Key Vault {vault} refused the token ({}): run `locket integration reauth`",
                detail(&code)
            )),
            400 => ProviderError::Other(format!(
                "Key Vault {vault} rejected the request for {secret} ({})",
                detail(&code)
            )),
            _ => ProviderError::Other(format!(
                "Key Vault at {shown} answered {} for {secret}",
                detail(&code)
            )),
        })
    }

    fn value(&self, reply: &Reply, id: &SecretId, shown: &str) -> Result<Fetched, ProviderError> {
        let mut json: Value = serde_json::from_slice(&reply.body).map_err(|_| {
            ProviderError::Other(format!(
                "Key Vault at {shown} answered with something that is not a secret bundle \
                 (reading secret `{}`): is --vault-url a Key Vault?",
                id.name
            ))
        })?;
        let value = match json.get_mut("value").map(Value::take) {
            Some(Value::String(s)) => Zeroizing::new(s),
            _ => {
                return Err(ProviderError::Other(format!(
                    "Key Vault at {shown} answered without a value for secret `{}`",
                    id.name
                )));
            }
        };
        let version = json
            .get("id")
            .and_then(Value::as_str)
            .and_then(|s| s.trim_end_matches('/').rsplit('/').next())
            .map(str::to_string)
            .filter(|v| v.len() == 32)
            .or_else(|| id.version.clone());
        let expires_at = json.pointer("/attributes/exp").and_then(Value::as_i64);
        let bytes = match &id.key {
            Some(key) => crate::json_key::pick(value.as_bytes(), key, &|| {
                format!("secret `{}` in Key Vault {}", id.name, id.host)
            })?,
            None => Zeroizing::new(value.as_bytes().to_vec()),
        };
        Ok(Fetched {
            value: SecretBox::new(Box::from(bytes.as_slice())),
            version,
            expires_at,
        })
    }

    /// Who the credentials are: a token for the cloud's Key Vault, and its claims.
    fn identity(&self) -> Result<String, ProviderError> {
        let resource = self
            .session()
            .token
            .as_ref()
            .map(|t| t.resource.clone())
            .unwrap_or_else(|| self.config.default_resource().to_string());
        let (token, _) = self.token(&resource, None)?;
        let who = token::claims(&token)
            .as_ref()
            .and_then(token::identity)
            .or_else(|| match &self.config.auth {
                Auth::User {
                    account: Some(a), ..
                } => Some(format!("user {a}")),
                _ => None,
            })
            .unwrap_or_else(|| {
                format!(
                    "app {} in tenant {}",
                    self.config.client_id, self.config.tenant_id
                )
            });
        let expires = self
            .session()
            .token
            .as_ref()
            .map(|t| t.expires_at - now())
            .unwrap_or(0);
        Ok(format!(
            "{who} ({}), token for {resource} valid {} more minutes, via {}",
            self.config.auth.method(),
            (expires / 60).max(0),
            self.config.authority_host.trim_end_matches('/')
        ))
    }
}

/// `Bearer authorization="…", resource="…"` → its parameters (names in lower case;
/// `authorization_uri` counts as `authorization`).
fn parse_challenge(header: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let trimmed = header.trim_start();
    let Some(rest) = trimmed
        .get(..7)
        .filter(|s| s.eq_ignore_ascii_case("bearer "))
        .map(|_| &trimmed[7..])
    else {
        out.insert("__missing_bearer".into(), String::new());
        return out;
    };
    for part in rest.split(',') {
        if let Some((k, v)) = part.split_once('=') {
            let k = k.trim().to_ascii_lowercase();
            let k = if k == "authorization_uri" {
                "authorization".to_string()
            } else {
                k
            };
            out.insert(k, v.trim().trim_matches('"').to_string());
        }
    }
    out
}

impl crate::scrub::Hides for AzureProvider {
    /// Every credential and token this provider holds, to scrub from messages.
    fn hidden(&self) -> Vec<Zeroizing<String>> {
        let mut hidden = Vec::new();
        match &self.config.auth {
            Auth::ClientSecret { secret } => hidden.push(secret.expose_secret().to_string()),
            Auth::ClientCertificate { pem } => hidden.push(pem.expose_secret().to_string()),
            Auth::User { refresh_token, .. } => {
                hidden.push(refresh_token.expose_secret().to_string())
            }
            Auth::AzureCli => {}
        }
        if let Some(t) = &self.config.token {
            hidden.push(t.access_token.expose_secret().to_string());
        }
        let session = self.session();
        if let Some(t) = &session.token {
            hidden.push(t.access_token.expose_secret().to_string());
        }
        if let Some(r) = &session.refresh_token {
            hidden.push(r.expose_secret().to_string());
        }
        hidden.into_iter().map(Zeroizing::new).collect()
    }
}

impl Provider for AzureProvider {
    fn fetch(&self, reference: &str) -> Result<Fetched, ProviderError> {
        let id = SecretId::parse(reference)?;
        self.read(&id)
    }

    fn whoami(&self) -> Result<String, ProviderError> {
        self.identity()
    }

    fn refreshed_config(&self) -> Option<Vec<u8>> {
        let session = self.session();
        if !session.changed {
            return None;
        }
        let mut config = self.config.clone();
        config.token = session.token.clone();
        if let (Auth::User { refresh_token, .. }, Some(new)) =
            (&mut config.auth, &session.refresh_token)
        {
            *refresh_token = new.clone();
        }
        serde_json::to_vec(&config).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn challenges_parse_as_key_vault_sends_them() {
        let p = parse_challenge(
            r#"Bearer authorization="https://login.windows.net/72f988bf", resource="https://vault.azure.net""#,
        );
        assert_eq!(p["authorization"], "https://login.windows.net/72f988bf");
        assert_eq!(p["resource"], "https://vault.azure.net");
        let p = parse_challenge(
            r#"Bearer authorization_uri="https://login.microsoftonline.com/t", scope="https://vault.azure.net/.default", unexpected="x""#,
        );
        assert_eq!(p["authorization"], "https://login.microsoftonline.com/t");
        assert_eq!(p["scope"], "https://vault.azure.net/.default");
        assert!(parse_challenge("Basic realm=x").contains_key("__missing_bearer"));
    }
}
