//! The token locket sends, shared by every thread: obtained (AppRole login, or the configured
//! token looked up once to learn its TTL), renewed when renewable and less than a third of its
//! TTL is left, and replaced by a new AppRole login when it expires or the server refuses it.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use secrecy::zeroize::Zeroizing;
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};

use super::config::Auth;
use super::transport::{Call, Reply, Transport, detail};
use crate::ProviderError;

/// Below this much remaining lifetime a token counts as expired.
const EXPIRY_MARGIN: Duration = Duration::from_millis(500);

/// How many logins, renewals and self-lookups happened, for diagnostics and tests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AuthStats {
    pub logins: u64,
    pub renewals: u64,
    pub lookups: u64,
}

/// What the server said about a token.
#[derive(Clone, Debug, Default)]
pub(super) struct TokenInfo {
    pub display_name: String,
    pub policies: Vec<String>,
    pub entity_id: String,
    /// Remaining lifetime; zero means the token does not expire.
    pub ttl: Duration,
    pub renewable: bool,
}

struct State {
    token: Option<SecretString>,
    /// Bumped at every new token, so that a thread whose token was refused re-logs in only if
    /// no other thread already did.
    generation: u64,
    /// When the token expires and the TTL it was granted, if known.
    lease: Option<(Instant, Duration)>,
    renewable: bool,
}

pub(super) struct Session {
    auth: Auth,
    state: Mutex<State>,
    logins: AtomicU64,
    renewals: AtomicU64,
    lookups: AtomicU64,
}

/// A token to send and the generation it belongs to.
pub(super) struct Current {
    pub token: SecretString,
    pub generation: u64,
}

impl Session {
    pub fn new(auth: Auth) -> Self {
        Session {
            auth,
            state: Mutex::new(State {
                token: None,
                generation: 0,
                lease: None,
                renewable: false,
            }),
            logins: AtomicU64::new(0),
            renewals: AtomicU64::new(0),
            lookups: AtomicU64::new(0),
        }
    }

    pub fn stats(&self) -> AuthStats {
        AuthStats {
            logins: self.logins.load(Ordering::Relaxed),
            renewals: self.renewals.load(Ordering::Relaxed),
            lookups: self.lookups.load(Ordering::Relaxed),
        }
    }

    /// The credentials (configured and current token), for scrubbing messages; wiped when
    /// dropped.
    pub fn hidden(&self) -> Vec<Zeroizing<String>> {
        let mut hidden = Vec::new();
        match &self.auth {
            Auth::Token { token } => hidden.push(token.expose_secret().to_string()),
            Auth::AppRole { secret_id, .. } => hidden.push(secret_id.expose_secret().to_string()),
        }
        if let Some(token) = &self.lock().token {
            hidden.push(token.expose_secret().to_string());
        }
        hidden.into_iter().map(Zeroizing::new).collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A token fit to send: logs in or looks the token up the first time, renews it when less
    /// than a third of its TTL is left, logs in again (AppRole) when it has expired. Threads
    /// wait for one another while this happens, so there is one login or renewal at a time.
    pub fn current(&self, transport: &Transport) -> Result<Current, ProviderError> {
        let mut state = self.lock();
        if state.token.is_none() {
            match &self.auth {
                Auth::AppRole { .. } => self.login(transport, &mut state)?,
                Auth::Token { token } => {
                    // Learn the TTL to renew in time. A token the server refuses here is
                    // reported when a read is refused too (a token without the `default`
                    // policy may not look itself up, yet read); an unreachable server now.
                    match self.lookup(transport, token) {
                        Ok(info) => {
                            state.renewable = info.renewable;
                            state.lease = (!info.ttl.is_zero())
                                .then(|| (Instant::now() + info.ttl, info.ttl));
                        }
                        Err(e @ ProviderError::Unavailable(_)) => return Err(e),
                        Err(_) => {}
                    }
                    state.token = Some(token.clone());
                    state.generation += 1;
                }
            }
        }
        if let Some((expires, ttl)) = state.lease {
            let left = expires.saturating_duration_since(Instant::now());
            let expired = left <= EXPIRY_MARGIN;
            if expired && matches!(self.auth, Auth::AppRole { .. }) {
                self.login(transport, &mut state)?;
            } else if !expired && state.renewable && left < ttl / 3 {
                self.renew(transport, &mut state, left);
            }
        }
        Ok(Current {
            token: state.token.clone().expect("a token was set above"),
            generation: state.generation,
        })
    }

    /// After the server refused `refused` with "permission denied" (403), which Vault says
    /// both for a token that is no longer valid and for one that lacks permission: `Some`
    /// token to try once more when there is a new one (another thread logged in again, or the
    /// token was invalid and AppRole logged in again); `None` when the token is valid, so the
    /// refusal is about permission; [`ProviderError::Auth`] when a fixed token is invalid.
    pub fn recover(
        &self,
        transport: &Transport,
        refused: &Current,
    ) -> Result<Option<Current>, ProviderError> {
        let mut state = self.lock();
        if state.generation != refused.generation
            && let Some(token) = state.token.clone()
        {
            return Ok(Some(Current {
                token,
                generation: state.generation,
            }));
        }
        match self.lookup(transport, &refused.token) {
            Ok(_) => Ok(None),
            Err(ProviderError::Auth(message)) => match &self.auth {
                Auth::AppRole { .. } => {
                    self.login(transport, &mut state)?;
                    Ok(Some(Current {
                        token: state.token.clone().expect("logged in"),
                        generation: state.generation,
                    }))
                }
                Auth::Token { .. } => Err(ProviderError::Auth(message)),
            },
            Err(e @ ProviderError::Unavailable(_)) => Err(e),
            Err(_) => Ok(None),
        }
    }

    /// Logs in with AppRole and stores the new token.
    fn login(&self, transport: &Transport, state: &mut State) -> Result<(), ProviderError> {
        let Auth::AppRole {
            role_id,
            secret_id,
            mount,
        } = &self.auth
        else {
            unreachable!("only AppRole logs in");
        };
        let mount = mount.trim_matches('/');
        let body = json!({ "role_id": role_id, "secret_id": secret_id.expose_secret() });
        let call = Call::post(
            vec!["auth", mount, "login"],
            &body,
            format!("AppRole login at auth/{mount}"),
        );
        drop(body);
        let reply = transport.send(&call, None)?;
        self.logins.fetch_add(1, Ordering::Relaxed);
        let hidden = [secret_id.expose_secret(), role_id.as_str()];
        if !reply.status.is_success() {
            let errors = reply.errors(&hidden);
            let hint = match reply.status {
                StatusCode::BAD_REQUEST | StatusCode::FORBIDDEN => {
                    "check VAULT_ROLE_ID and VAULT_SECRET_ID (a secret id expires or runs out of \
                     uses), then `locket integration reauth`"
                }
                StatusCode::NOT_FOUND => {
                    "is AppRole enabled there? (`vault auth enable approle`, or set the AppRole \
                     mount)"
                }
                _ => "check the server and the AppRole settings",
            };
            return Err(ProviderError::Auth(format!(
                "Vault/OpenBao at {} refused the AppRole login at auth/{mount} ({}){}: {hint}",
                transport.shown,
                reply.status,
                detail(&errors)
            )));
        }
        let auth = reply
            .json()
            .and_then(|mut v| v.get_mut("auth").map(Value::take));
        let token = auth
            .as_ref()
            .and_then(|a| a.get("client_token"))
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                ProviderError::Auth(format!(
                    "Vault/OpenBao at {} answered the AppRole login at auth/{mount} without a \
                     token",
                    transport.shown
                ))
            })?;
        let lease = auth
            .as_ref()
            .and_then(|a| a.get("lease_duration"))
            .and_then(Value::as_u64)
            .unwrap_or(0);
        state.token = Some(SecretString::from(token.to_string()));
        state.generation += 1;
        state.renewable = auth
            .as_ref()
            .and_then(|a| a.get("renewable"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        state.lease = (lease > 0).then(|| {
            let ttl = Duration::from_secs(lease);
            (Instant::now() + ttl, ttl)
        });
        Ok(())
    }

    /// `renew-self`. A failed renewal is not an error: the token still works until it expires
    /// (then AppRole logs in again). A renewal that does not extend the token (its max TTL is
    /// reached) stops further attempts.
    fn renew(&self, transport: &Transport, state: &mut State, left: Duration) {
        let Some(token) = state.token.clone() else {
            return;
        };
        let call = Call::post(
            vec!["auth/token/renew-self"],
            &json!({}),
            "renewing the token".to_string(),
        );
        let Ok(reply) = transport.send(&call, Some(&token)) else {
            return;
        };
        self.renewals.fetch_add(1, Ordering::Relaxed);
        let lease = reply
            .status
            .is_success()
            .then(|| reply.json())
            .flatten()
            .and_then(|v| v.pointer("/auth/lease_duration").and_then(Value::as_u64));
        match lease {
            Some(secs) if Duration::from_secs(secs) > left + Duration::from_secs(1) => {
                let ttl = state
                    .lease
                    .map_or(Duration::from_secs(secs), |(_, ttl)| ttl);
                state.lease = Some((Instant::now() + Duration::from_secs(secs), ttl));
            }
            Some(secs) => {
                state.renewable = false;
                state.lease = Some((
                    Instant::now() + Duration::from_secs(secs),
                    state.lease.map_or(Duration::ZERO, |(_, ttl)| ttl),
                ));
            }
            None => state.renewable = false,
        }
    }

    /// `lookup-self` with `token`. A 403 means the token is invalid, expired or revoked.
    pub fn lookup(
        &self,
        transport: &Transport,
        token: &SecretString,
    ) -> Result<TokenInfo, ProviderError> {
        let call = Call::get(
            vec!["auth/token/lookup-self"],
            "looking up the token".to_string(),
        );
        let reply = transport.send(&call, Some(token))?;
        self.lookups.fetch_add(1, Ordering::Relaxed);
        if reply.status == StatusCode::FORBIDDEN {
            return Err(self.refused_token(transport, &reply, token));
        }
        if !reply.status.is_success() {
            return Err(ProviderError::Other(format!(
                "Vault/OpenBao at {} answered {} to the token lookup{}",
                transport.shown,
                reply.status,
                detail(&reply.errors(&[token.expose_secret()]))
            )));
        }
        let data = reply
            .json()
            .and_then(|mut v| v.get_mut("data").map(Value::take))
            .unwrap_or(Value::Null);
        let text = |k: &str| {
            data.get(k)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        Ok(TokenInfo {
            display_name: text("display_name"),
            policies: data
                .get("policies")
                .and_then(Value::as_array)
                .map(|p| {
                    p.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
            entity_id: text("entity_id"),
            ttl: Duration::from_secs(data.get("ttl").and_then(Value::as_u64).unwrap_or(0)),
            renewable: data
                .get("renewable")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        })
    }

    fn refused_token(
        &self,
        transport: &Transport,
        reply: &Reply,
        token: &SecretString,
    ) -> ProviderError {
        let what = match self.auth {
            Auth::Token { .. } => {
                "set a valid VAULT_TOKEN (or log in again) and run `locket integration reauth`"
            }
            Auth::AppRole { .. } => "run `locket integration reauth`",
        };
        // "the token", "the AppRole token" (not "the token token").
        let which = match self.auth {
            Auth::Token { .. } => "",
            Auth::AppRole { .. } => "AppRole ",
        };
        ProviderError::Auth(format!(
            "Vault/OpenBao at {} refused the {which}token{}: it is invalid, expired or revoked \
             (or lacks the `default` policy that lets it look itself up); {what}",
            transport.shown,
            detail(&reply.errors(&[token.expose_secret()]))
        ))
    }

    /// Who the credentials are: authenticates (AppRole logs in) and looks the token up.
    pub fn whoami(&self, transport: &Transport) -> Result<String, ProviderError> {
        let current = self.current(transport)?;
        let info = match self.lookup(transport, &current.token) {
            Err(ProviderError::Auth(_)) if matches!(self.auth, Auth::AppRole { .. }) => {
                let token = match self.recover(transport, &current)? {
                    Some(fresh) => fresh.token,
                    None => current.token,
                };
                self.lookup(transport, &token)?
            }
            other => other?,
        };
        let mut out = format!("token {}", info.display_name);
        if info.policies.is_empty() {
            out.push_str(" (no policies)");
        } else {
            out.push_str(&format!(" (policies: {})", info.policies.join(", ")));
        }
        if !info.entity_id.is_empty() {
            out.push_str(&format!(", entity {}", info.entity_id));
        }
        if info.ttl.is_zero() {
            out.push_str(", never expires");
        } else {
            out.push_str(&format!(", expires in {}", human(info.ttl)));
            if info.renewable {
                out.push_str(" (renewable)");
            }
        }
        out.push_str(&format!(", at {}", transport.shown));
        if let Some(ns) = &transport.namespace {
            out.push_str(&format!(", namespace {ns}/"));
        }
        Ok(out)
    }
}

/// `45s`, `59m`, `3h 5m`, `2d 4h`.
pub(super) fn human(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m", s / 60),
        3600..86400 if s % 3600 / 60 == 0 => format!("{}h", s / 3600),
        3600..86400 => format!("{}h {}m", s / 3600, s % 3600 / 60),
        _ if s % 86400 / 3600 == 0 => format!("{}d", s / 86400),
        _ => format!("{}d {}h", s / 86400, s % 86400 / 3600),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_well() {
        assert_eq!(human(Duration::from_secs(5)), "5s");
        assert_eq!(human(Duration::from_secs(3599)), "59m");
        assert_eq!(human(Duration::from_secs(7200)), "2h");
        assert_eq!(human(Duration::from_secs(3 * 3600 + 300)), "3h 5m");
        assert_eq!(human(Duration::from_secs(32 * 86400)), "32d");
        assert_eq!(human(Duration::from_secs(86400 + 7200)), "1d 2h");
    }
}
