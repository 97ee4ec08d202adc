//! A fake Google Cloud for GCP Secret Manager on 127.0.0.1:
//!
//! - the OAuth 2.0 token endpoint (`POST /token`): the JWT bearer grant of RFC 7523 as Google's
//!   "Using OAuth 2.0 for Server to Server Applications" describes it (RS256, `iss` the client
//!   email, `aud` the token URI, `scope`, `iat`/`exp` at most an hour apart), **verifying the
//!   signature** with the service account's public key; and the refresh token grant (RFC 6749
//!   section 6) for application default credentials. Errors in the OAuth shape
//!   (`{"error": "invalid_grant", "error_description": …}`).
//! - Secret Manager v1 `GET /v1/projects/P/secrets/S/versions/V:access` as the discovery
//!   document (`secretmanager.v1.json`, AccessSecretVersionResponse) describes it: `name`,
//!   `payload.data` (base64) and `payload.dataCrc32c` (int64 as a string); errors as
//!   google.rpc.Status (`{"error": {"code", "message", "status"}}`): NOT_FOUND, FAILED_PRECONDITION
//!   for DISABLED and DESTROYED versions, PERMISSION_DENIED, UNAUTHENTICATED.
//!
//! Built on [`super::fake_http`]; stopped on drop.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::{KeyPair, KeySize};
use aws_lc_rs::signature::{KeyPair as _, RSA_PKCS1_2048_8192_SHA256, UnparsedPublicKey};
use data_encoding::{BASE64, BASE64URL_NOPAD};
use serde_json::{Value, json};

use super::fake_http::{FakeHttp, Request, Response};

/// A service account: its key as Google's JSON key file has it, and the public half.
pub struct ServiceAccount {
    pub client_email: String,
    pub private_key_pem: String,
    pub public_key_der: Vec<u8>,
}

impl ServiceAccount {
    pub fn generate(client_email: &str) -> ServiceAccount {
        let key = KeyPair::generate(KeySize::Rsa2048).unwrap();
        let pkcs8 = key.as_der().unwrap();
        let b64 = BASE64.encode(pkcs8.as_ref());
        let lines: Vec<&str> = b64
            .as_bytes()
            .chunks(64)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect();
        ServiceAccount {
            client_email: client_email.to_string(),
            private_key_pem: format!(
                "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
                lines.join("\n")
            ),
            public_key_der: key.public_key().as_ref().to_vec(),
        }
    }

    /// The JSON key file for a server at `url`.
    pub fn key_file(&self, url: &str, project: &str) -> String {
        json!({
            "type": "service_account", "project_id": project, "private_key_id": "key-1",
            "private_key": self.private_key_pem, "client_email": self.client_email,
            "client_id": "100000000000000000001",
            "auth_uri": "https://accounts.google.com/o/oauth2/auth",
            "token_uri": format!("{url}/token"),
        })
        .to_string()
    }
}

/// A secret's versions, each (data, state).
type Versions = Vec<(Vec<u8>, String)>;

#[derive(Default)]
struct State {
    /// (project, secret) -> versions
    secrets: HashMap<(String, String), Versions>,
    denied: Vec<String>,
    accounts: Vec<(String, Vec<u8>)>,
    /// (client id, client secret, refresh token)
    refresh: Vec<(String, String, String)>,
    issued: Vec<String>,
    corrupt: bool,
    /// The lifetime announced for new tokens (Google's is 3599 s).
    expires_in: Option<u64>,
}

pub struct FakeGcp {
    http: FakeHttp,
    state: Arc<Mutex<State>>,
    tokens: Arc<AtomicUsize>,
    accesses: Arc<AtomicUsize>,
}

fn lock(s: &Mutex<State>) -> std::sync::MutexGuard<'_, State> {
    s.lock().unwrap_or_else(PoisonError::into_inner)
}

fn status(code: u16, status: &str, message: &str) -> Response {
    let body = json!({"error": {"code": code, "message": message, "status": status}});
    Response::new(code, "application/json", body.to_string())
}

fn oauth_error(error: &str, description: &str) -> Response {
    let body = json!({"error": error, "error_description": description});
    Response::new(400, "application/json", body.to_string())
}

impl FakeGcp {
    pub fn start() -> FakeGcp {
        let state = Arc::new(Mutex::new(State::default()));
        let tokens = Arc::new(AtomicUsize::new(0));
        let accesses = Arc::new(AtomicUsize::new(0));
        let (s, t, a) = (
            Arc::clone(&state),
            Arc::clone(&tokens),
            Arc::clone(&accesses),
        );
        let url = Arc::new(Mutex::new(String::new()));
        let u = Arc::clone(&url);
        let http = FakeHttp::start(
            move |r| Some(answer(&s, &t, &a, &u.lock().unwrap(), r)),
            |_, _| status(500, "INTERNAL", "unreachable"),
        );
        *url.lock().unwrap() = http.url();
        FakeGcp {
            http,
            state,
            tokens,
            accesses,
        }
    }

    pub fn url(&self) -> String {
        self.http.url()
    }

    /// Tokens issued and secret versions read so far.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.tokens.load(Ordering::SeqCst),
            self.accesses.load(Ordering::SeqCst),
        )
    }

    pub fn trust(&self, account: &ServiceAccount) {
        lock(&self.state)
            .accounts
            .push((account.client_email.clone(), account.public_key_der.clone()));
    }

    pub fn accept_refresh_token(&self, client_id: &str, client_secret: &str, refresh: &str) {
        lock(&self.state)
            .refresh
            .push((client_id.into(), client_secret.into(), refresh.into()));
    }

    /// Accepts `token` as an access token issued elsewhere (by a metadata server).
    pub fn accept_token(&self, token: &str) {
        lock(&self.state).issued.push(token.into());
    }

    /// New tokens are announced to live `seconds`.
    pub fn set_token_lifetime(&self, seconds: u64) {
        lock(&self.state).expires_in = Some(seconds);
    }

    /// Forgets every access token issued (as if they expired or were revoked).
    pub fn revoke_tokens(&self) {
        lock(&self.state).issued.clear();
    }

    /// Adds a version holding `data`; returns its number.
    pub fn add_version(&self, project: &str, secret: &str, data: &[u8]) -> usize {
        let mut state = lock(&self.state);
        let versions = state
            .secrets
            .entry((project.into(), secret.into()))
            .or_default();
        versions.push((data.to_vec(), "ENABLED".into()));
        versions.len()
    }

    /// `ENABLED`, `DISABLED` or `DESTROYED`.
    pub fn set_state(&self, project: &str, secret: &str, version: usize, new: &str) {
        let mut state = lock(&self.state);
        let versions = state
            .secrets
            .get_mut(&(project.into(), secret.into()))
            .unwrap();
        versions[version - 1].1 = new.into();
    }

    /// Reads of `secret` are refused (PERMISSION_DENIED).
    pub fn deny(&self, secret: &str) {
        lock(&self.state).denied.push(secret.into());
    }

    /// Payload checksums are sent wrong.
    pub fn corrupt_checksums(&self, on: bool) {
        lock(&self.state).corrupt = on;
    }
}

fn form(body: &[u8]) -> HashMap<String, String> {
    let url = reqwest::Url::parse(&format!("http://x/?{}", String::from_utf8_lossy(body))).unwrap();
    url.query_pairs().into_owned().collect()
}

fn answer(
    state: &Mutex<State>,
    tokens: &AtomicUsize,
    accesses: &AtomicUsize,
    url: &str,
    r: &Request,
) -> Response {
    let path = r.path.split('?').next().unwrap_or("");
    let mut s = lock(state);
    if path == "/token" && r.method == "POST" {
        let form = form(&r.body);
        let grant = form.get("grant_type").map(String::as_str).unwrap_or("");
        let ok = match grant {
            "urn:ietf:params:oauth:grant-type:jwt-bearer" => {
                match verify_jwt(
                    &s.accounts,
                    form.get("assertion").map(String::as_str).unwrap_or(""),
                    &format!("{url}/token"),
                ) {
                    Ok(()) => true,
                    Err(why) => return oauth_error("invalid_grant", why),
                }
            }
            "refresh_token" => {
                let field = |k: &str| form.get(k).cloned().unwrap_or_default();
                let wanted = (
                    field("client_id"),
                    field("client_secret"),
                    field("refresh_token"),
                );
                if !s.refresh.contains(&wanted) {
                    return oauth_error("invalid_grant", "Token has been expired or revoked.");
                }
                true
            }
            _ => return oauth_error("unsupported_grant_type", "Invalid grant_type."),
        };
        assert!(ok);
        let n = tokens.fetch_add(1, Ordering::SeqCst) + 1;
        let token = format!("ya29.fake-access-token-{n}-{}", std::process::id());
        s.issued.push(token.clone());
        let lifetime = s.expires_in.unwrap_or(3599);
        let body = json!({"access_token": token, "expires_in": lifetime, "token_type": "Bearer"});
        return Response::new(200, "application/json", body.to_string());
    }
    let Some(rest) = path.strip_prefix("/v1/projects/") else {
        return status(404, "NOT_FOUND", "no such route in this fake");
    };
    let bearer = r
        .header("authorization")
        .and_then(|h| h.strip_prefix("Bearer "));
    if !bearer.is_some_and(|b| s.issued.iter().any(|t| t == b)) {
        return status(
            401,
            "UNAUTHENTICATED",
            "Request had invalid authentication credentials. Expected OAuth 2 access token, \
             login cookie or other valid authentication credential.",
        );
    }
    let parts: Vec<&str> = rest.split('/').collect();
    let [project, "secrets", secret, "versions", version] = parts.as_slice() else {
        return status(404, "NOT_FOUND", "no such route in this fake");
    };
    let Some(version) = version.strip_suffix(":access") else {
        return status(404, "NOT_FOUND", "no such route in this fake");
    };
    accesses.fetch_add(1, Ordering::SeqCst);
    if s.denied.iter().any(|d| d == secret) {
        return status(
            403,
            "PERMISSION_DENIED",
            &format!(
                "Permission 'secretmanager.versions.access' denied for resource \
                 'projects/{project}/secrets/{secret}/versions/{version}' (or it may not exist)."
            ),
        );
    }
    let Some(versions) = s.secrets.get(&(project.to_string(), secret.to_string())) else {
        return status(
            404,
            "NOT_FOUND",
            &format!("Secret [projects/{project}/secrets/{secret}] not found or has no versions."),
        );
    };
    let number = if version == "latest" {
        versions.len()
    } else {
        version.parse().unwrap_or(0)
    };
    let name = format!("projects/{project}/secrets/{secret}/versions/{number}");
    let Some((data, state)) = number.checked_sub(1).and_then(|i| versions.get(i)) else {
        return status(
            404,
            "NOT_FOUND",
            &format!("Secret Version [{name}] not found."),
        );
    };
    if state != "ENABLED" {
        return status(
            400,
            "FAILED_PRECONDITION",
            &format!("Secret Version [{name}] is in {state} state."),
        );
    }
    let mut crc = crc32c(data);
    if s.corrupt {
        crc ^= 1;
    }
    let body = json!({
        "name": name,
        "payload": {"data": BASE64.encode(data), "dataCrc32c": crc.to_string()},
    });
    Response::new(200, "application/json", body.to_string())
}

/// Checks an RS256 JWT as Google's token endpoint does.
fn verify_jwt(
    accounts: &[(String, Vec<u8>)],
    jwt: &str,
    audience: &str,
) -> Result<(), &'static str> {
    let parts: Vec<&str> = jwt.split('.').collect();
    let [header, claims, signature] = parts.as_slice() else {
        return Err(
            "Invalid JWT: Token must be a short-lived token and in a reasonable timeframe.",
        );
    };
    let decode = |p: &str| {
        BASE64URL_NOPAD
            .decode(p.as_bytes())
            .map_err(|_| "Invalid JWT encoding.")
    };
    let header: Value =
        serde_json::from_slice(&decode(header)?).map_err(|_| "Invalid JWT header.")?;
    if header["alg"] != "RS256" {
        return Err("Invalid JWT: unsupported algorithm.");
    }
    let claims_json: Value =
        serde_json::from_slice(&decode(claims)?).map_err(|_| "Invalid JWT claims.")?;
    let iss = claims_json["iss"].as_str().unwrap_or("");
    let Some((_, public)) = accounts.iter().find(|(email, _)| email == iss) else {
        return Err("Invalid grant: account not found");
    };
    let signed = format!("{}.{}", parts[0], parts[1]);
    UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, public)
        .verify(signed.as_bytes(), &decode(signature)?)
        .map_err(|_| "Invalid JWT Signature.")?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let (iat, exp) = (
        claims_json["iat"].as_i64().unwrap_or(0),
        claims_json["exp"].as_i64().unwrap_or(0),
    );
    if claims_json["aud"] != audience {
        return Err("Invalid JWT: aud is not the token endpoint.");
    }
    if !claims_json["scope"].as_str().is_some_and(|s| {
        s.split(' ')
            .any(|s| s == "https://www.googleapis.com/auth/cloud-platform")
    }) {
        return Err("Invalid JWT: no cloud-platform scope.");
    }
    if exp <= now || exp - iat > 3600 || iat > now + 60 {
        return Err(
            "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.",
        );
    }
    Ok(())
}

/// CRC-32C (Castagnoli), written out again here so the fake does not trust the provider's.
pub fn crc32c(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0x82F6_3B78
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
