//! A fake Azure Key Vault and Microsoft Entra ID token endpoint, together on one HTTPS server
//! on 127.0.0.1 with a certificate from a test CA (rcgen), served by rustls.
//!
//! It follows the published APIs and the recordings of the Azure SDKs' tests:
//! - Key Vault "Get Secret" (REST api-version 7.x,
//!   <https://learn.microsoft.com/rest/api/keyvault/secrets/get-secret/get-secret>): the secret
//!   bundle `{value, id, attributes}`, `404 SecretNotFound`, `403 Forbidden` with inner error
//!   `SecretDisabled`, `429 Throttled` with `Retry-After`; and the authentication challenge the
//!   recordings show (a request without a token gets `401` with
//!   `WWW-Authenticate: Bearer authorization="…/TENANT", resource="https://vault.azure.net"`);
//! - the Microsoft identity platform v2.0 endpoints: `/TENANT/oauth2/v2.0/token` (client
//!   credentials with a secret or a client assertion, refresh token with rotation, device code,
//!   authorization code with PKCE S256), `/devicecode`, `/authorize` (RFC 6749/7636/8628, the
//!   `{"error","error_description","error_codes"}` error shape with AADSTS codes).
//!
//! The test plays the person: [`FakeAzure::approve`] enters a device code, and a GET of the
//! authorize URL answers at once with the redirect to the loopback URI (the person "signed
//! in"), which the test follows. Tokens look like Entra ID's (JWTs with `appid`/`upn`, `tid`,
//! `oid`), unsigned. Everything stops when the handle is dropped.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};

pub const TENANT: &str = "11111111-2222-3333-4444-555555555555";
pub const CLIENT_ID: &str = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
pub const RESOURCE: &str = "https://vault.azure.net";
pub const USER: &str = "alice@contoso.example";

const B64: data_encoding::Encoding = data_encoding::BASE64URL_NOPAD;

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

struct Version {
    id: String,
    value: String,
    enabled: bool,
}

struct Device {
    user_code: String,
    approved: bool,
}

struct Code {
    challenge: String,
    redirect_uri: String,
}

#[derive(Default)]
struct State {
    secrets: HashMap<String, Vec<Version>>,
    client_secrets: HashMap<String, String>,
    /// Access token → (expires at, claims).
    tokens: HashMap<String, i64>,
    refresh_tokens: Vec<String>,
    devices: HashMap<String, Device>,
    codes: HashMap<String, Code>,
    /// Token requests by grant type.
    grants: HashMap<String, usize>,
    /// Key Vault requests: (had a token, status).
    vault_requests: Vec<(bool, u16)>,
    /// Answer the next N Key Vault reads with 429.
    throttle: usize,
    /// Lifetime of issued access tokens, seconds.
    lifetime: i64,
    /// Thumbprint-less check: client ids allowed to use a client assertion.
    assertion_clients: Vec<String>,
}

pub struct FakeAzure {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
    ca_pem: String,
}

/// The test CA and a server certificate for 127.0.0.1 and localhost.
fn certificates() -> (String, rustls::ServerConfig) {
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair, SanType};
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.distinguished_name
        .push(DnType::CommonName, "locket test CA");
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    let server_key = KeyPair::generate().unwrap();
    let mut server = CertificateParams::new(vec!["localhost".to_string()]).unwrap();
    server
        .subject_alt_names
        .push(SanType::IpAddress("127.0.0.1".parse().unwrap()));
    server
        .distinguished_name
        .push(DnType::CommonName, "fake key vault");
    let issuer = rcgen::Issuer::new(ca, ca_key);
    let server_cert = server.signed_by(&server_key, &issuer).unwrap();
    let chain = vec![server_cert.der().clone()];
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(server_key.serialize_der().into());
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .unwrap();
    (ca_cert.pem(), config)
}

impl FakeAzure {
    /// Starts the fake; `client_secrets` are the service principals it knows.
    pub fn start(client_secrets: &[(&str, &str)]) -> FakeAzure {
        let (ca_pem, tls) = certificates();
        let tls = Arc::new(tls);
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(Mutex::new(State {
            client_secrets: client_secrets
                .iter()
                .map(|(c, s)| (c.to_string(), s.to_string()))
                .collect(),
            lifetime: 3600,
            ..State::default()
        }));
        let stop = Arc::new(AtomicBool::new(false));
        let (st, flag) = (Arc::clone(&state), Arc::clone(&stop));
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if flag.load(Ordering::SeqCst) {
                    return;
                }
                let Ok(stream) = stream else { continue };
                let (st, tls) = (Arc::clone(&st), Arc::clone(&tls));
                std::thread::spawn(move || serve(stream, tls, &st, addr));
            }
        });
        FakeAzure {
            addr,
            state,
            stop,
            ca_pem,
        }
    }

    /// `https://127.0.0.1:PORT`: both the authority host and the vault URL.
    pub fn url(&self) -> String {
        format!("https://{}", self.addr)
    }

    /// The test CA, PEM.
    pub fn ca_pem(&self) -> &str {
        &self.ca_pem
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Adds a version of secret `name` holding `value`; returns its version id.
    pub fn set_secret(&self, name: &str, value: &str) -> String {
        static N: AtomicU64 = AtomicU64::new(1);
        let id = format!(
            "{:016x}{:016x}",
            now() as u64,
            N.fetch_add(1, Ordering::Relaxed)
        );
        self.lock()
            .secrets
            .entry(name.to_string())
            .or_default()
            .push(Version {
                id: id.clone(),
                value: value.to_string(),
                enabled: true,
            });
        id
    }

    /// Disables the latest version of `name`.
    pub fn disable(&self, name: &str) {
        if let Some(v) = self.lock().secrets.get_mut(name).and_then(|v| v.last_mut()) {
            v.enabled = false;
        }
    }

    /// A client id that may sign in with any well-formed RS256 client assertion.
    pub fn allow_assertions(&self, client_id: &str) {
        self.lock().assertion_clients.push(client_id.to_string());
    }

    /// The person enters `user_code` on the device login page and signs in.
    pub fn approve(&self, user_code: &str) -> bool {
        let mut state = self.lock();
        let mut found = false;
        for device in state.devices.values_mut() {
            if device.user_code == user_code {
                device.approved = true;
                found = true;
            }
        }
        found
    }

    /// Forgets every refresh token (an administrator revoked the sessions).
    pub fn revoke_refresh_tokens(&self) {
        self.lock().refresh_tokens.clear();
    }

    /// Forgets every access token (they expired or were revoked server-side).
    pub fn revoke_access_tokens(&self) {
        self.lock().tokens.clear();
    }

    /// The next `n` Key Vault reads answer 429.
    pub fn throttle(&self, n: usize) {
        self.lock().throttle = n;
    }

    /// How many token requests of `grant_type` were made.
    pub fn grants(&self, grant_type: &str) -> usize {
        self.lock().grants.get(grant_type).copied().unwrap_or(0)
    }

    /// Key Vault requests so far: (carried a token, status).
    pub fn vault_requests(&self) -> Vec<(bool, u16)> {
        self.lock().vault_requests.clone()
    }

    /// A valid refresh token for [`USER`] (as if they had signed in earlier).
    pub fn issue_refresh_token(&self) -> String {
        let token = random_token("rt");
        self.lock().refresh_tokens.push(token.clone());
        token
    }
}

impl Drop for FakeAzure {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr);
    }
}

fn random_token(prefix: &str) -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let mut bytes = [0u8; 12];
    for (i, b) in bytes.iter_mut().enumerate() {
        *b = (std::collections::hash_map::RandomState::new()
            .hash_one((i, N.fetch_add(1, Ordering::Relaxed)))
            & 0xff) as u8;
    }
    format!("{prefix}-{}", B64.encode(&bytes))
}

use std::hash::BuildHasher;

struct Request {
    method: String,
    path: String,
    query: HashMap<String, String>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn form(&self) -> HashMap<String, String> {
        url::form_urlencoded::parse(&self.body)
            .into_owned()
            .collect()
    }
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

fn reply(status: u16, body: Value) -> Reply {
    Reply {
        status,
        headers: vec![(
            "Content-Type".into(),
            "application/json; charset=utf-8".into(),
        )],
        body: body.to_string(),
    }
}

fn serve(
    stream: TcpStream,
    tls: Arc<rustls::ServerConfig>,
    state: &Mutex<State>,
    addr: SocketAddr,
) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let Ok(conn) = rustls::ServerConnection::new(tls) else {
        return;
    };
    let mut tls = rustls::StreamOwned::new(conn, stream);
    let Some(request) = read_request(&mut tls) else {
        return;
    };
    let answer = handle(&request, state, addr);
    let mut head = format!(
        "HTTP/1.1 {} X\r\nContent-Length: {}\r\nConnection: close\r\n",
        answer.status,
        answer.body.len()
    );
    for (n, v) in &answer.headers {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let _ = tls.write_all(head.as_bytes());
    let _ = tls.write_all(answer.body.as_bytes());
    let _ = tls.flush();
    tls.conn.send_close_notify();
    let _ = tls.flush();
}

fn read_request(stream: &mut impl Read) -> Option<Request> {
    let raw = super::fake_http::parse_request(&mut BufReader::new(stream))?;
    let (path, query) = raw.path.split_once('?').unwrap_or((&raw.path, ""));
    let query = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    Some(Request {
        method: raw.method,
        path: path.to_string(),
        query,
        headers: raw.headers,
        body: raw.body,
    })
}

fn handle(request: &Request, state: &Mutex<State>, addr: SocketAddr) -> Reply {
    let mut state = state.lock().unwrap_or_else(PoisonError::into_inner);
    let path = request.path.trim_end_matches('/');
    if let Some(rest) = path.strip_prefix("/secrets/") {
        return vault(request, rest, &mut state, addr);
    }
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match (request.method.as_str(), segments.as_slice()) {
        ("POST", [_tenant, "oauth2", "v2.0", "token"]) => token(request, &mut state),
        ("POST", [_tenant, "oauth2", "v2.0", "devicecode"]) => {
            devicecode(request, &mut state, addr)
        }
        ("GET", [_tenant, "oauth2", "v2.0", "authorize"]) => authorize(request, &mut state),
        _ => reply(
            404,
            json!({"error": {"code": "NotFound", "message": "no such endpoint"}}),
        ),
    }
}

fn aad_error(status: u16, error: &str, code: u32, description: &str) -> Reply {
    reply(
        status,
        json!({
            "error": error,
            "error_description": format!("AADSTS{code}: {description} Trace ID: 0000 Correlation ID: 0000 Timestamp: 2026-01-01 00:00:00Z"),
            "error_codes": [code],
            "timestamp": "2026-01-01 00:00:00Z",
            "trace_id": "0000",
            "correlation_id": "0000",
        }),
    )
}

fn jwt(claims: Value) -> String {
    format!(
        "{}.{}.{}",
        B64.encode(br#"{"typ":"JWT","alg":"RS256","kid":"fake"}"#),
        B64.encode(claims.to_string().as_bytes()),
        B64.encode(random_token("sig").as_bytes())
    )
}

fn issue(state: &mut State, claims: Value, with_refresh: bool) -> Reply {
    let mut claims = claims;
    claims["tid"] = json!(TENANT);
    claims["aud"] = json!(RESOURCE);
    claims["uti"] = json!(random_token("uti"));
    let access = jwt(claims);
    state.tokens.insert(access.clone(), now() + state.lifetime);
    let mut body = json!({
        "token_type": "Bearer",
        "expires_in": state.lifetime,
        "ext_expires_in": state.lifetime,
        "access_token": access,
    });
    if with_refresh {
        let refresh = random_token("rt");
        state.refresh_tokens.push(refresh.clone());
        body["refresh_token"] = json!(refresh);
        body["scope"] = json!("https://vault.azure.net/user_impersonation");
    }
    reply(200, body)
}

fn user_claims() -> Value {
    json!({"upn": USER, "oid": "99999999-0000-0000-0000-000000000001", "appid": "04b07795-8ddb-461a-bbee-02f9e1bf7b46"})
}

fn token(request: &Request, state: &mut State) -> Reply {
    let form = request.form();
    let get = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
    let grant = get("grant_type").to_string();
    *state.grants.entry(grant.clone()).or_default() += 1;
    match grant.as_str() {
        "client_credentials" => {
            let client = get("client_id");
            if !get("scope").ends_with("/.default") {
                return aad_error(
                    400,
                    "invalid_scope",
                    1002012,
                    "The provided value for scope is not valid.",
                );
            }
            if !get("client_assertion").is_empty() {
                let ok = state.assertion_clients.iter().any(|c| c == client)
                    && assertion_ok(get("client_assertion"), client);
                if !ok {
                    return aad_error(
                        401,
                        "invalid_client",
                        700027,
                        "Client assertion failed signature validation.",
                    );
                }
            } else {
                match state.client_secrets.get(client) {
                    None => {
                        return aad_error(
                            400,
                            "unauthorized_client",
                            700016,
                            &format!(
                                "Application with identifier '{client}' was not found in the directory."
                            ),
                        );
                    }
                    Some(secret) if secret != get("client_secret") => {
                        return aad_error(
                            401,
                            "invalid_client",
                            7000215,
                            "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.",
                        );
                    }
                    Some(_) => {}
                }
            }
            let claims = json!({"appid": client, "oid": "77777777-0000-0000-0000-000000000002"});
            issue(state, claims, false)
        }
        "refresh_token" => {
            let rt = get("refresh_token").to_string();
            let Some(i) = state.refresh_tokens.iter().position(|t| *t == rt) else {
                return aad_error(
                    400,
                    "invalid_grant",
                    700082,
                    "The refresh token has expired due to inactivity.",
                );
            };
            // Rotation: the old refresh token is spent.
            state.refresh_tokens.remove(i);
            issue(state, user_claims(), true)
        }
        "urn:ietf:params:oauth:grant-type:device_code" => {
            let code = get("device_code").to_string();
            match state.devices.get(&code) {
                None => aad_error(400, "expired_token", 70019, "Verification code expired."),
                Some(d) if !d.approved => aad_error(
                    400,
                    "authorization_pending",
                    70016,
                    "OAuth 2.0 device flow error. Authorization is pending. Continue polling.",
                ),
                Some(_) => {
                    state.devices.remove(&code);
                    issue(state, user_claims(), true)
                }
            }
        }
        "authorization_code" => {
            let Some(code) = state.codes.remove(get("code")) else {
                return aad_error(
                    400,
                    "invalid_grant",
                    70008,
                    "The provided authorization code or refresh token has expired.",
                );
            };
            let hash = aws_lc_rs::digest::digest(
                &aws_lc_rs::digest::SHA256,
                get("code_verifier").as_bytes(),
            );
            if B64.encode(hash.as_ref()) != code.challenge {
                return aad_error(
                    400,
                    "invalid_grant",
                    501481,
                    "The Code_Verifier does not match the code_challenge supplied in the authorization request.",
                );
            }
            if code.redirect_uri != get("redirect_uri") {
                return aad_error(
                    400,
                    "invalid_grant",
                    50148,
                    "The redirect URI does not match the one of the authorization request.",
                );
            }
            issue(state, user_claims(), true)
        }
        other => aad_error(
            400,
            "unsupported_grant_type",
            70003,
            &format!("The app requested an unsupported grant type '{other}'."),
        ),
    }
}

/// A client assertion's shape: three parts, RS256, `x5t`, addressed to a token endpoint,
/// issued by and about the client, valid now.
fn assertion_ok(assertion: &str, client: &str) -> bool {
    let parts: Vec<&str> = assertion.split('.').collect();
    if parts.len() != 3 {
        return false;
    }
    let decode = |p: &str| -> Value {
        B64.decode(p.as_bytes())
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or(Value::Null)
    };
    let (header, claims) = (decode(parts[0]), decode(parts[1]));
    header["alg"] == "RS256"
        && header["x5t"].is_string()
        && claims["iss"] == client
        && claims["sub"] == client
        && claims["aud"]
            .as_str()
            .is_some_and(|a| a.ends_with("/oauth2/v2.0/token"))
        && claims["exp"].as_i64().is_some_and(|e| e > now())
        && B64
            .decode(parts[2].as_bytes())
            .is_ok_and(|s| s.len() >= 256)
}

fn devicecode(request: &Request, state: &mut State, addr: SocketAddr) -> Reply {
    let form = request.form();
    if form.get("client_id").is_none_or(|c| c.is_empty()) {
        return aad_error(
            400,
            "invalid_request",
            900144,
            "The request body must contain the following parameter: 'client_id'.",
        );
    }
    let device_code = random_token("dc");
    let user_code = format!("FAKE{}", state.devices.len() + 1000);
    state.devices.insert(
        device_code.clone(),
        Device {
            user_code: user_code.clone(),
            approved: false,
        },
    );
    let uri = format!("https://{addr}/devicelogin");
    reply(
        200,
        json!({
            "user_code": user_code,
            "device_code": device_code,
            "verification_uri": uri,
            "expires_in": 900,
            "interval": 1,
            "message": format!("To sign in, use a web browser to open the page {uri} and enter the code {user_code} to authenticate."),
        }),
    )
}

/// The person signs in at once: a redirect to the loopback URI with a code (or an error when
/// the request is not a PKCE code request).
fn authorize(request: &Request, state: &mut State) -> Reply {
    let q = |k: &str| request.query.get(k).cloned().unwrap_or_default();
    let redirect = q("redirect_uri");
    if !redirect.starts_with("http://localhost:") && !redirect.starts_with("http://127.0.0.1:") {
        return aad_error(
            400,
            "invalid_request",
            50011,
            "The redirect URI specified in the request does not match.",
        );
    }
    let location = if q("response_type") != "code"
        || q("code_challenge_method") != "S256"
        || q("code_challenge").is_empty()
    {
        format!(
            "{redirect}/?error=invalid_request&error_description=PKCE+required&state={}",
            q("state")
        )
    } else {
        let code = random_token("code");
        state.codes.insert(
            code.clone(),
            Code {
                challenge: q("code_challenge"),
                redirect_uri: redirect.clone(),
            },
        );
        format!(
            "{redirect}/?code={code}&state={}&session_state=fake",
            q("state")
        )
    };
    Reply {
        status: 302,
        headers: vec![("Location".into(), location)],
        body: String::new(),
    }
}

fn vault(request: &Request, rest: &str, state: &mut State, addr: SocketAddr) -> Reply {
    let challenge =
        format!("Bearer authorization=\"https://{addr}/{TENANT}\", resource=\"{RESOURCE}\"");
    let token = request
        .header("authorization")
        .and_then(|h| h.strip_prefix("Bearer "))
        .map(str::to_string);
    let unauthorized = |message: &str| {
        let mut r = reply(
            401,
            json!({"error": {"code": "Unauthorized", "message": message}}),
        );
        r.headers
            .push(("WWW-Authenticate".into(), challenge.clone()));
        r
    };
    let Some(token) = token else {
        state.vault_requests.push((false, 401));
        return unauthorized("AKV10000: Request is missing a Bearer or PoP token.");
    };
    if state.tokens.get(&token).is_none_or(|exp| *exp <= now()) {
        state.vault_requests.push((true, 401));
        return unauthorized("AKV10022: Invalid audience or token expired.");
    }
    if state.throttle > 0 {
        state.throttle -= 1;
        state.vault_requests.push((true, 429));
        let mut r = reply(
            429,
            json!({"error": {"code": "Throttled", "message": "Request was not processed because too many requests were received. Reason: VaultRequestTypeLimitReached"}}),
        );
        r.headers.push(("Retry-After".into(), "1".into()));
        return r;
    }
    let (name, version) = rest.split_once('/').unwrap_or((rest, ""));
    let not_found = |what: &str| {
        reply(
            404,
            json!({"error": {"code": "SecretNotFound", "message": format!("A secret with (name/id) {what} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182")}}),
        )
    };
    let found = state.secrets.get(name).and_then(|versions| {
        if version.is_empty() {
            versions.last()
        } else {
            versions.iter().find(|v| v.id.eq_ignore_ascii_case(version))
        }
    });
    let answer = match found {
        None if version.is_empty() => not_found(name),
        None => not_found(&format!("{name}/{version}")),
        Some(v) if !v.enabled => reply(
            403,
            json!({"error": {"code": "Forbidden", "message": "Operation get is not allowed on a disabled secret.", "innererror": {"code": "SecretDisabled"}}}),
        ),
        Some(v) => reply(
            200,
            json!({
                "value": v.value,
                "id": format!("https://conformance.vault.azure.net/secrets/{name}/{}", v.id),
                "attributes": {"enabled": true, "created": 1668124873, "updated": 1668124873, "recoveryLevel": "Recoverable+Purgeable", "recoverableDays": 90},
                "tags": {},
            }),
        ),
    };
    state.vault_requests.push((true, answer.status));
    answer
}

impl FakeAzure {
    /// A valid access token for [`USER`] (what `az account get-access-token` would print).
    pub fn issue_access_token(&self) -> String {
        let mut state = self.lock();
        let mut claims = user_claims();
        claims["tid"] = json!(TENANT);
        claims["uti"] = json!(random_token("uti"));
        let access = jwt(claims);
        let expires = now() + state.lifetime;
        state.tokens.insert(access.clone(), expires);
        access
    }
}

impl FakeAzure {
    /// Lifetime of the access tokens issued from now on, in seconds.
    pub fn set_token_lifetime(&self, seconds: i64) {
        self.lock().lifetime = seconds;
    }
}
