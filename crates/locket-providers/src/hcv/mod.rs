//! HashiCorp Vault and OpenBao: KV version 1 and 2 secrets, read with a token or AppRole,
//! in a namespace or not.
//!
//! References are `hcv://MOUNT/PATH[?version=N][#KEY]`: `hcv://secret/app/db#password`,
//! `hcv://kv/team-a/api?version=3#token`, `hcv://secret/app/db` (the whole secret as a JSON
//! object). The mount may contain slashes; the server says where it ends and which KV version
//! it is (`GET /v1/sys/internal/ui/mounts/<path>`, once per mount).
//!
//! ```no_run
//! use locket_providers::Provider;
//! use locket_providers::hcv::{HcvConfig, HcvOverrides, HcvProvider};
//!
//! let config = HcvConfig::from_env(HcvOverrides::default())?; // VAULT_ADDR, VAULT_TOKEN, …
//! let vault = HcvProvider::new(config)?;
//! let fetched = vault.fetch("hcv://secret/app/db#password")?;
//! # Ok::<(), locket_providers::ProviderError>(())
//! ```
//!
//! The provider is blocking and shareable between threads; one HTTP client (connections
//! reused), one token (renewed or replaced under a lock) and one mount cache serve every call.

mod auth;
mod config;
mod kv;
mod reference;
mod setup;
mod transport;

use std::fmt;

pub use auth::AuthStats;
pub use config::{
    Auth, DEFAULT_ADDRESS, DEFAULT_APPROLE_MOUNT, DEFAULT_MAX_ATTEMPTS, DEFAULT_TIMEOUT, HcvConfig,
    HcvOverrides,
};
pub use reference::{HcvReference, SYNTAX};
pub use setup::Kind;

use crate::{Fetched, Provider, ProviderError};
use auth::Session;
use transport::{Call, Reply, Transport};

/// The HashiCorp Vault / OpenBao provider (`hcv`).
pub struct HcvProvider {
    client: Client,
    mounts: kv::Mounts,
}

/// The transport and the token, together: requests sent with the current token, and a refused
/// token recovered from once.
struct Client {
    transport: Transport,
    session: Session,
    method: &'static str,
}

impl Client {
    /// Sends `call` with the current token. When the server refuses it ("permission denied"
    /// or "invalid token"), finds out whether the token itself is at fault and, if a new one
    /// can be had (AppRole), sends once more with it.
    fn authed(&self, call: &Call<'_>) -> Result<Reply, ProviderError> {
        let current = self.session.current(&self.transport)?;
        let reply = self.transport.send(call, Some(&current.token))?;
        if reply.is_refusal()
            && let Some(fresh) = self.session.recover(&self.transport, &current)?
        {
            return self.transport.send(call, Some(&fresh.token));
        }
        Ok(reply)
    }

    /// ` (namespace `team`)` when there is one, for messages.
    fn namespace_note(&self) -> String {
        self.transport
            .namespace
            .as_deref()
            .map(|ns| format!(" (namespace `{ns}`)"))
            .unwrap_or_default()
    }
}

impl HcvProvider {
    /// A provider for `config`. Nothing is sent yet: the first fetch authenticates.
    pub fn new(config: HcvConfig) -> Result<Self, ProviderError> {
        let transport = Transport::new(&config)?;
        let method = config.auth.method();
        Ok(HcvProvider {
            client: Client {
                transport,
                session: Session::new(config.auth),
                method,
            },
            mounts: kv::Mounts::default(),
        })
    }

    /// Logins, renewals and token lookups so far.
    pub fn auth_stats(&self) -> AuthStats {
        self.client.session.stats()
    }

    /// How many mounts have been looked up and cached.
    pub fn cached_mounts(&self) -> usize {
        self.mounts.len()
    }
}

impl Provider for HcvProvider {
    fn fetch(&self, reference: &str) -> Result<Fetched, ProviderError> {
        let reference = HcvReference::parse(reference)?;
        kv::read(&self.client, &self.mounts, &reference)
    }

    fn whoami(&self) -> Result<String, ProviderError> {
        self.client.session.whoami(&self.client.transport)
    }
}

impl crate::scrub::Hides for HcvProvider {
    fn hidden(&self) -> Vec<secrecy::zeroize::Zeroizing<String>> {
        self.client.session.hidden()
    }
}

impl fmt::Debug for HcvProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HcvProvider")
            .field("address", &self.client.transport.shown)
            .field("namespace", &self.client.transport.namespace)
            .field("auth", &self.client.method)
            .finish_non_exhaustive()
    }
}
