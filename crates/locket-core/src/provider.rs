//! The seam between the vault and external secret stores (HashiCorp Vault / OpenBao, AWS
//! Secrets Manager, …). Each external store is a [`Provider`]; implementations live in the
//! `locket-providers` crate, one cargo feature each.
//!
//! Providers are blocking and `Send + Sync`: the resolver calls them from a bounded pool of
//! threads, one call per distinct external secret per run. A provider reuses its client
//! (connections, tokens) across calls.

use secrecy::SecretBox;

use crate::ErrorKind;

/// A value fetched from an external store.
pub struct Fetched {
    pub value: SecretBox<[u8]>,
    /// The store's version of the value (KV version, AWS version id), when it has one.
    pub version: Option<String>,
    /// When the store says the value stops being valid (a lease), as Unix seconds.
    pub expires_at: Option<i64>,
}

impl std::fmt::Debug for Fetched {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fetched")
            .field("value", &"[redacted]")
            .field("version", &self.version)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// What went wrong talking to an external store. Messages name the store, the reference and
/// what to do; they never contain a secret value or a credential.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    /// The reference does not follow the provider's syntax.
    #[error("{0}")]
    InvalidReference(String),
    /// The secret (or the key inside it, or the version) does not exist.
    #[error("{0}")]
    NotFound(String),
    /// Authenticated, but not allowed to read this secret.
    #[error("{0}")]
    PermissionDenied(String),
    /// The credentials are missing, invalid or expired: `locket integration reauth`.
    #[error("{0}")]
    Auth(String),
    /// The store could not be reached or did not answer in time, or is sealed, throttling, or
    /// failing (after bounded retries).
    #[error("{0}")]
    Unavailable(String),
    /// Anything else the store reported.
    #[error("{0}")]
    Other(String),
}

impl ProviderError {
    /// A missing secret is an unresolved reference like a missing local one; anything else is
    /// the external vault's failure.
    pub fn kind(&self) -> ErrorKind {
        match self {
            ProviderError::NotFound(_) => ErrorKind::Unresolved,
            _ => ErrorKind::External,
        }
    }

    /// The same error with its message rewritten (credentials scrubbed, a name filled in).
    pub fn map_message(self, f: impl FnOnce(String) -> String) -> Self {
        match self {
            ProviderError::InvalidReference(m) => ProviderError::InvalidReference(f(m)),
            ProviderError::NotFound(m) => ProviderError::NotFound(f(m)),
            ProviderError::PermissionDenied(m) => ProviderError::PermissionDenied(f(m)),
            ProviderError::Auth(m) => ProviderError::Auth(f(m)),
            ProviderError::Unavailable(m) => ProviderError::Unavailable(f(m)),
            ProviderError::Other(m) => ProviderError::Other(f(m)),
        }
    }
}

/// A provider's advice with the integration's name filled in: providers do not know it, so
/// they write "`locket integration reauth NAME`" or leave the name out.
pub fn name_the_integration(message: &str, integration: &str) -> String {
    message
        .replace(
            "locket integration reauth NAME",
            &format!("locket integration reauth {integration}"),
        )
        .replace(
            "`locket integration reauth`",
            &format!("`locket integration reauth {integration}`"),
        )
}

pub trait Provider: Send + Sync {
    /// Fetches one secret. `reference` is the full provider reference (`hcv://…`, `aws-sm://…`).
    fn fetch(&self, reference: &str) -> Result<Fetched, ProviderError>;

    /// Authenticates and says who or what the credentials are, for `locket integration test`.
    fn whoami(&self) -> Result<String, ProviderError>;

    /// The provider's settings, when it changed them itself since it was built (an OAuth
    /// access token refreshed, a refresh token rotated): the vault stores them back, sealed,
    /// so the next run starts from them. `None` when nothing changed.
    fn refreshed_config(&self) -> Option<Vec<u8>> {
        None
    }
}

/// Builds a provider from an integration's stored configuration. `locket-providers`
/// implements it for every provider compiled in; the resolver calls it lazily, once per
/// integration a run actually uses.
pub trait Connector: Sync {
    fn connect(&self, kind: &str, config: &[u8]) -> Result<Box<dyn Provider>, ProviderError>;
}
