//! Signing a person in, at `locket integration add` and `reauth`, the two ways the Microsoft
//! identity platform offers a command-line tool:
//!
//! - the device code flow (<https://learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code>):
//!   locket shows a code and a page; the person enters the code there, on any device; locket
//!   polls the token endpoint until they have;
//! - the authorization code flow with PKCE on a loopback redirect
//!   (<https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow>, RFC 8252
//!   §7.3, RFC 7636), what Postman and Insomnia do: locket listens on `http://localhost:PORT`,
//!   opens (or prints) the authorize URL, receives the code at the redirect and exchanges it
//!   with the verifier only it knows.
//!
//! Both give a refresh token, kept sealed in the integration ([`Auth::User`]). Nothing shown
//! to the person (the device-code message, the authorize URL) is a secret.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;

use super::config::{Auth, AzureConfig};
use super::token::{self, Granted, endpoint_url, oauth_error, post_form, scope_of};
use super::transport::Transport;
use crate::ProviderError;
use crate::scrub::one_line as clean;

const B64: data_encoding::Encoding = data_encoding::BASE64URL_NOPAD;

/// What to show the person in the device code flow.
#[derive(Clone, Debug)]
pub struct DevicePrompt {
    /// Entra ID's own sentence: "To sign in, use a web browser to open the page … and enter
    /// the code … to authenticate."
    pub message: String,
    pub verification_uri: String,
    pub user_code: String,
}

fn scopes(config: &AzureConfig) -> String {
    format!(
        "{} offline_access openid profile",
        scope_of(config.default_resource())
    )
}

/// Signs in with the device code flow: `show` is called once with what to tell the person;
/// returns `base` with [`Auth::User`] and the first token.
pub fn device_code(
    base: &AzureConfig,
    show: &mut dyn FnMut(&DevicePrompt),
) -> Result<AzureConfig, ProviderError> {
    base.validate()?;
    let transport = Transport::new(base)?;
    let scope = scopes(base);
    let url = endpoint_url(base, &base.tenant_id, "devicecode");
    let reply = post_form(
        &transport,
        base,
        &url,
        &[("client_id", &base.client_id), ("scope", &scope)],
        "starting the device code sign-in",
    )?;
    if !reply.status.is_success() {
        let (error, description) = oauth_error(&reply);
        return Err(ProviderError::Auth(format!(
            "Microsoft Entra ID refused to start the device code sign-in for app {} in tenant \
             {} ({}): check --tenant and --client-id (the app must allow public client flows), \
             then try again",
            base.client_id,
            base.tenant_id,
            if description.is_empty() {
                error
            } else {
                description
            }
        )));
    }
    let json = reply.json().unwrap_or(Value::Null);
    let text = |k: &str| json.get(k).and_then(Value::as_str).map(str::to_string);
    let (Some(device_code), Some(user_code)) = (text("device_code"), text("user_code")) else {
        return Err(ProviderError::Other(
            "Microsoft Entra ID's device code answer has no device_code or user_code".into(),
        ));
    };
    let device_code = SecretString::from(device_code);
    let verification_uri = text("verification_uri")
        .or_else(|| text("verification_url"))
        .unwrap_or_else(|| "https://microsoft.com/devicelogin".into());
    let message = text("message").unwrap_or_else(|| {
        format!(
            "To sign in, use a web browser to open the page {verification_uri} and enter the \
             code {user_code} to authenticate."
        )
    });
    show(&DevicePrompt {
        message,
        verification_uri,
        user_code,
    });
    let number = |k: &str| {
        json.get(k)
            .and_then(|v| v.as_u64().or_else(|| v.as_str()?.parse().ok()))
    };
    let mut interval = Duration::from_secs(number("interval").unwrap_or(5).max(1));
    let deadline = Instant::now() + Duration::from_secs(number("expires_in").unwrap_or(900));
    let token_url = endpoint_url(base, &base.tenant_id, "token");
    let user = Auth::User {
        refresh_token: SecretString::from(String::new()),
        flow: "device_code".into(),
        account: None,
    };
    loop {
        std::thread::sleep(interval);
        let reply = post_form(
            &transport,
            base,
            &token_url,
            &[
                ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
                ("client_id", &base.client_id),
                ("device_code", device_code.expose_secret()),
            ],
            "waiting for the device code sign-in",
        )?;
        if reply.status.is_success() {
            let granted = token::granted(&reply, base, &user, base.default_resource())?;
            return signed_in(base, granted, "device_code");
        }
        let (error, description) = oauth_error(&reply);
        match error.as_str() {
            "authorization_pending" if Instant::now() < deadline => continue,
            "slow_down" if Instant::now() < deadline => interval += Duration::from_secs(5),
            "authorization_declined" => {
                return Err(ProviderError::Auth(
                    "the device code sign-in was declined: run the command again to retry".into(),
                ));
            }
            "expired_token" | "code_expired" | "authorization_pending" | "slow_down" => {
                return Err(ProviderError::Auth(
                    "the device code expired before the sign-in was completed: run the command \
                     again and enter the code within its time"
                        .into(),
                ));
            }
            _ => {
                return Err(ProviderError::Auth(format!(
                    "Microsoft Entra ID ended the device code sign-in ({}): run the command again",
                    if description.is_empty() {
                        error
                    } else {
                        description
                    }
                )));
            }
        }
    }
}

/// How the browser sign-in runs.
#[derive(Clone, Debug)]
pub struct BrowserOptions {
    /// How long to wait for the redirect.
    pub wait: Duration,
}

impl Default for BrowserOptions {
    fn default() -> Self {
        BrowserOptions {
            wait: Duration::from_secs(300),
        }
    }
}

/// Signs in with the authorization code flow and PKCE on a loopback redirect: `show` is
/// called once with the authorize URL (to show, and open in a browser); returns `base` with [`Auth::User`] and the first token.
pub fn browser(
    base: &AzureConfig,
    options: &BrowserOptions,
    show: &mut dyn FnMut(&str),
) -> Result<AzureConfig, ProviderError> {
    base.validate()?;
    let transport = Transport::new(base)?;
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| {
        ProviderError::Other(format!(
            "cannot listen on 127.0.0.1 for the sign-in redirect: {e}"
        ))
    })?;
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(0);
    let redirect_uri = format!("http://localhost:{port}");
    let verifier = SecretString::from(B64.encode(&random::<32>()?));
    let challenge = B64.encode(
        aws_lc_rs::digest::digest(
            &aws_lc_rs::digest::SHA256,
            verifier.expose_secret().as_bytes(),
        )
        .as_ref(),
    );
    let state = B64.encode(&random::<16>()?);
    let scope = scopes(base);
    let mut authorize = reqwest::Url::parse(&endpoint_url(base, &base.tenant_id, "authorize"))
        .map_err(|e| ProviderError::Other(format!("the authorize URL is not valid: {e}")))?;
    authorize
        .query_pairs_mut()
        .append_pair("client_id", &base.client_id)
        .append_pair("response_type", "code")
        .append_pair("redirect_uri", &redirect_uri)
        .append_pair("response_mode", "query")
        .append_pair("scope", &scope)
        .append_pair("code_challenge", &challenge)
        .append_pair("code_challenge_method", "S256")
        .append_pair("state", &state)
        .append_pair("prompt", "select_account");
    show(authorize.as_str());
    let code = wait_for_code(&listener, &state, options.wait)?;
    let token_url = endpoint_url(base, &base.tenant_id, "token");
    let reply = post_form(
        &transport,
        base,
        &token_url,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", &base.client_id),
            ("code", code.expose_secret()),
            ("redirect_uri", &redirect_uri),
            ("code_verifier", verifier.expose_secret()),
            ("scope", &scope),
        ],
        "exchanging the sign-in code",
    )?;
    let user = Auth::User {
        refresh_token: SecretString::from(String::new()),
        flow: "browser".into(),
        account: None,
    };
    if !reply.status.is_success() {
        let (error, description) = oauth_error(&reply);
        return Err(ProviderError::Auth(format!(
            "Microsoft Entra ID refused the sign-in code ({}): run the command again",
            if description.is_empty() {
                error
            } else {
                description
            }
        )));
    }
    let granted = token::granted(&reply, base, &user, base.default_resource())?;
    signed_in(base, granted, "browser")
}

fn signed_in(
    base: &AzureConfig,
    granted: Granted,
    flow: &str,
) -> Result<AzureConfig, ProviderError> {
    let refresh_token = granted.refresh_token.ok_or_else(|| {
        ProviderError::Auth(
            "Microsoft Entra ID signed you in but gave no refresh token (offline_access was \
             not granted), so locket could not renew the sign-in: ask an administrator to allow \
             offline access for the app"
                .into(),
        )
    })?;
    let account = token::claims(&granted.token.access_token).and_then(|c| {
        ["upn", "preferred_username", "unique_name", "email"]
            .iter()
            .find_map(|k| c.get(*k).and_then(Value::as_str).map(str::to_string))
    });
    let mut config = base.clone();
    config.auth = Auth::User {
        refresh_token,
        flow: flow.to_string(),
        account,
    };
    config.token = Some(granted.token);
    Ok(config)
}

fn random<const N: usize>() -> Result<[u8; N], ProviderError> {
    let mut bytes = [0u8; N];
    aws_lc_rs::rand::fill(&mut bytes)
        .map_err(|_| ProviderError::Other("no randomness available for the sign-in".into()))?;
    Ok(bytes)
}

/// Waits for the browser's request to the redirect URI carrying `code` and `state`; answers
/// it with a short page. Other requests (a favicon) get a 404.
fn wait_for_code(
    listener: &TcpListener,
    state: &str,
    wait: Duration,
) -> Result<SecretString, ProviderError> {
    let deadline = Instant::now() + wait;
    listener
        .set_nonblocking(true)
        .map_err(|e| ProviderError::Other(format!("cannot wait for the sign-in redirect: {e}")))?;
    loop {
        let stream = match listener.accept() {
            Ok((stream, _)) => stream,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                if Instant::now() >= deadline {
                    return Err(ProviderError::Auth(format!(
                        "no sign-in came back within {} minutes: run the command again and \
                         finish signing in in the browser",
                        wait.as_secs().div_ceil(60)
                    )));
                }
                std::thread::sleep(Duration::from_millis(50));
                continue;
            }
            Err(e) => {
                return Err(ProviderError::Other(format!(
                    "the sign-in redirect listener failed: {e}"
                )));
            }
        };
        let _ = stream.set_nonblocking(false);
        let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
        let Some(target) = request_target(&stream) else {
            continue;
        };
        let Ok(url) = reqwest::Url::parse(&format!("http://localhost{target}")) else {
            respond(stream, 400, "Not a sign-in redirect.");
            continue;
        };
        let param = |k: &str| {
            url.query_pairs()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.into_owned())
        };
        if param("code").is_none() && param("error").is_none() {
            respond(stream, 404, "Not found.");
            continue;
        }
        if param("state").as_deref() != Some(state) {
            // Not the answer to this sign-in (a stale tab, or a forged request).
            respond(
                stream,
                400,
                "This sign-in answer is not the one locket is waiting for.",
            );
            continue;
        }
        if let Some(error) = param("error") {
            respond(stream, 200, "Sign-in failed. You can close this window.");
            let description = param("error_description").unwrap_or_default();
            return Err(ProviderError::Auth(format!(
                "the browser sign-in failed ({error}{}): run the command again",
                crate::transport::detail(&clean(&description, &[]))
            )));
        }
        respond(
            stream,
            200,
            "Signed in to locket. You can close this window and return to the terminal.",
        );
        return Ok(SecretString::from(param("code").unwrap_or_default()));
    }
}

fn request_target(stream: &TcpStream) -> Option<String> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next()?, parts.next()?.to_string());
    // Drain the headers so the browser sees a clean answer.
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 || header.trim().is_empty() {
            break;
        }
    }
    (method == "GET").then_some(target)
}

fn respond(mut stream: TcpStream, status: u16, text: &str) {
    let body = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>locket</title></head>\
         <body><p>{text}</p></body></html>"
    );
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        _ => "Bad Request",
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.flush();
}
