//! Access tokens for the `cloud-platform` scope, kept for the run and renewed a minute before
//! they expire (or when Secret Manager refuses one):
//!
//! - service account key: a JWT signed RS256 with the key (RFC 7523; Google's "Using OAuth 2.0
//!   for Server to Server Applications"), exchanged at the key's `token_uri`;
//! - authorized user (application default credentials): the refresh token grant (RFC 6749
//!   section 6) at `token_uri`;
//! - the metadata server: `GET /computeMetadata/v1/instance/service-accounts/default/token`
//!   with `Metadata-Flavor: Google`.

use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use aws_lc_rs::{rand::SystemRandom, rsa::KeyPair, signature::RSA_PKCS1_SHA256};
use data_encoding::{BASE64, BASE64URL_NOPAD};
use secrecy::zeroize::Zeroizing;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use super::config::Credentials;
use super::http::Http;
use crate::ProviderError;

pub const SCOPE: &str = "https://www.googleapis.com/auth/cloud-platform";

pub(super) struct Tokens {
    credentials: Credentials,
    current: Mutex<Option<(SecretString, Instant)>>,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

impl Tokens {
    pub fn new(credentials: Credentials) -> Self {
        Tokens {
            credentials,
            current: Mutex::new(None),
        }
    }

    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// Everything secret this holds (credentials and the current access token), to keep out
    /// of messages.
    pub fn hidden(&self) -> Vec<String> {
        let mut hidden = self.credentials.secrets();
        if let Some((token, _)) = self
            .current
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
        {
            hidden.push(token.expose_secret().to_string());
        }
        hidden
    }

    /// A valid access token: the current one, or a new one when it is near its end, or when
    /// `refused` is the one the API just refused.
    pub fn token(
        &self,
        http: &Http,
        refused: Option<&SecretString>,
    ) -> Result<SecretString, ProviderError> {
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((token, until)) = current.as_ref() {
            let was_refused = refused.is_some_and(|r| r.expose_secret() == token.expose_secret());
            if !was_refused && Instant::now() + Duration::from_secs(60) < *until {
                return Ok(token.clone());
            }
        }
        let fresh = self.fetch(http)?;
        let lifetime = Duration::from_secs(fresh.expires_in.unwrap_or(3600));
        let token = SecretString::from(fresh.access_token);
        *current = Some((token.clone(), Instant::now() + lifetime));
        Ok(token)
    }

    fn fetch(&self, http: &Http) -> Result<TokenResponse, ProviderError> {
        let (reply, to) = match &self.credentials {
            Credentials::ServiceAccount {
                client_email,
                private_key,
                private_key_id,
                token_uri,
                ..
            } => {
                let assertion = signed_jwt(
                    client_email,
                    private_key,
                    private_key_id.as_deref(),
                    token_uri,
                )?;
                let form = [
                    ("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
                    ("assertion", assertion.as_str()),
                ];
                let to = format!("the token endpoint {token_uri}");
                let body = form_body(&form);
                let reply = http.send(
                    || form_post(http, token_uri, &body),
                    &to,
                    &format!("signing in as {client_email}"),
                )?;
                (reply, to)
            }
            Credentials::AuthorizedUser {
                client_id,
                client_secret,
                refresh_token,
                token_uri,
                ..
            } => {
                let form = [
                    ("grant_type", "refresh_token"),
                    ("client_id", client_id.as_str()),
                    ("client_secret", client_secret.expose_secret()),
                    ("refresh_token", refresh_token.expose_secret()),
                ];
                let to = format!("the token endpoint {token_uri}");
                let body = form_body(&form);
                let reply = http.send(
                    || form_post(http, token_uri, &body),
                    &to,
                    "refreshing the application default credentials",
                )?;
                (reply, to)
            }
            Credentials::Metadata { host } => {
                let url = format!(
                    "http://{host}/computeMetadata/v1/instance/service-accounts/default/token"
                );
                let to = format!("the metadata server {host}");
                let reply = http.send(
                    || http.client().get(&url).header("Metadata-Flavor", "Google"),
                    &to,
                    "asking for the VM's service account token",
                )?;
                (reply, to)
            }
        };
        if reply.status.is_success() {
            return serde_json::from_slice(&reply.body).map_err(|_| {
                ProviderError::Other(format!("{to} answered without an access token"))
            });
        }
        let (code, description) = reply.error();
        let said = match (code.is_empty(), description.is_empty()) {
            (true, true) => format!("HTTP {}", reply.status),
            (false, true) => code,
            (true, false) => description,
            (false, false) => format!("{code}: {description}"),
        };
        Err(match &self.credentials {
            Credentials::ServiceAccount { client_email, .. } => ProviderError::Auth(format!(
                "{to} refused the service account key of {client_email} ({said}): the key may \
                 have been deleted or disabled; create a new key and run `locket integration \
                 reauth NAME` with it"
            )),
            Credentials::AuthorizedUser { .. } => ProviderError::Auth(format!(
                "{to} refused the refresh token of the application default credentials \
                 ({said}): run `gcloud auth application-default login`, then run `locket \
                 integration reauth NAME`"
            )),
            Credentials::Metadata { .. } => ProviderError::Auth(format!(
                "{to} gave no token ({said}): does this VM have a service account with the \
                 cloud-platform scope? Then run `locket integration reauth NAME`"
            )),
        })
    }
}

/// `application/x-www-form-urlencoded` (reqwest's `form` feature is not built here).
fn form_body(pairs: &[(&str, &str)]) -> Zeroizing<String> {
    let mut url = reqwest::Url::parse("http://form.invalid/").expect("a valid URL");
    url.query_pairs_mut().extend_pairs(pairs);
    Zeroizing::new(url.query().unwrap_or("").to_string())
}

fn form_post(
    http: &Http,
    url: &str,
    body: &Zeroizing<String>,
) -> reqwest::blocking::RequestBuilder {
    http.client()
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.as_str().to_string())
}

/// `header.claims.signature`, RS256 with the service account's PKCS#8 key.
fn signed_jwt(
    client_email: &str,
    private_key: &SecretString,
    key_id: Option<&str>,
    token_uri: &str,
) -> Result<String, ProviderError> {
    let der = pem_body(private_key.expose_secret()).ok_or_else(|| {
        ProviderError::Auth(format!(
            "the private key of {client_email} is not a PEM private key: check the key file \
             and run `locket integration reauth NAME`"
        ))
    })?;
    let key = KeyPair::from_pkcs8(&der).map_err(|_| {
        ProviderError::Auth(format!(
            "the private key of {client_email} is not an RSA PKCS#8 key: check the key file \
             and run `locket integration reauth NAME`"
        ))
    })?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let mut header = serde_json::json!({"alg": "RS256", "typ": "JWT"});
    if let Some(kid) = key_id {
        header["kid"] = kid.into();
    }
    let claims = serde_json::json!({
        "iss": client_email, "scope": SCOPE, "aud": token_uri, "iat": now, "exp": now + 3600,
    });
    let signing_input = format!(
        "{}.{}",
        BASE64URL_NOPAD.encode(header.to_string().as_bytes()),
        BASE64URL_NOPAD.encode(claims.to_string().as_bytes())
    );
    let mut signature = vec![0; key.public_modulus_len()];
    key.sign(
        &RSA_PKCS1_SHA256,
        &SystemRandom::new(),
        signing_input.as_bytes(),
        &mut signature,
    )
    .map_err(|_| ProviderError::Other(format!("signing as {client_email} failed")))?;
    Ok(format!(
        "{signing_input}.{}",
        BASE64URL_NOPAD.encode(&signature)
    ))
}

/// The DER inside `-----BEGIN PRIVATE KEY-----` … `-----END PRIVATE KEY-----`.
fn pem_body(pem: &str) -> Option<Zeroizing<Vec<u8>>> {
    let body: Zeroizing<String> = Zeroizing::new(
        pem.lines()
            .map(str::trim)
            .skip_while(|l| !l.starts_with("-----BEGIN"))
            .skip(1)
            .take_while(|l| !l.starts_with("-----END"))
            .collect(),
    );
    if body.is_empty() {
        return None;
    }
    BASE64.decode(body.as_bytes()).ok().map(Zeroizing::new)
}
