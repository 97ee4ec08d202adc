//! 1Password: fields of items read by secret reference, `op://VAULT/ITEM[/SECTION]/FIELD`
//! (1Password's own syntax and rules: names or ids, case-insensitive, ambiguous names refused,
//! `?attribute=otp` for the current one-time password), through a Connect server or through a
//! service account and the `op` CLI.
//!
//! ```no_run
//! use locket_providers::Provider;
//! use locket_providers::onepassword::{OnePasswordConfig, OnePasswordProvider};
//!
//! // OP_CONNECT_HOST + OP_CONNECT_TOKEN, or OP_SERVICE_ACCOUNT_TOKEN
//! let config = OnePasswordConfig::from_env(Default::default())?;
//! let op = OnePasswordProvider::new(config)?;
//! let fetched = op.fetch("op://dev/Stripe/publishable-key")?;
//! # Ok::<(), locket_providers::ProviderError>(())
//! ```
//!
//! Few calls: one provider serves one run, and it looks up the vault list once, each vault's
//! item list once and each item once, however many fields are read from them and however many
//! threads ask at the same time (the first asks, the others wait for its answer). Twenty fields
//! of five items in one vault cost one vault lookup, one item listing (to find items by title)
//! and five item fetches; items given by id skip the listing.

mod cache;
mod cli;
mod config;
mod connect;
mod model;
mod reference;
mod setup;
mod totp;

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use secrecy::{ExposeSecret, SecretBox};

pub use config::{
    Access, DEFAULT_MAX_ATTEMPTS, DEFAULT_TIMEOUT, OnePasswordConfig, OnePasswordOverrides,
};
pub use reference::{Attribute, OpReference, SYNTAX};
pub use setup::Kind;

use crate::{Fetched, Provider, ProviderError};
use cache::{Memo, Once};
use model::{Item, ItemSummary, Vault};

/// One way in: Connect or the `op` CLI.
trait Backend: Send + Sync {
    fn vaults(&self) -> Result<Vec<Vault>, ProviderError>;
    fn items(&self, vault: &Vault) -> Result<Vec<ItemSummary>, ProviderError>;
    fn item(&self, vault: &Vault, item: &ItemSummary) -> Result<Item, ProviderError>;
    fn whoami(&self) -> Result<String, ProviderError>;
    /// Where it reads from, for `Debug`.
    fn shown(&self) -> String;
}

/// Requests made so far by one provider (for tests and the benchmark).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CallStats {
    pub vault_lookups: usize,
    pub item_listings: usize,
    pub item_fetches: usize,
}

/// The 1Password provider (`1password`).
pub struct OnePasswordProvider {
    backend: Box<dyn Backend>,
    method: &'static str,
    token: secrecy::SecretString,
    vaults: Once<Arc<Vec<Vault>>>,
    items: Memo<String, Arc<Vec<ItemSummary>>>,
    full: Memo<(String, String), Arc<Item>>,
    counts: [AtomicUsize; 3],
}

impl OnePasswordProvider {
    /// A provider for `config`. Nothing is sent yet. With a service account, `op` must be
    /// installed (found on PATH).
    pub fn new(config: OnePasswordConfig) -> Result<Self, ProviderError> {
        config.validate()?;
        let timeout = config.timeout();
        let backend: Box<dyn Backend> = match &config.access {
            Access::Connect { host, token } => Box::new(connect::Connect::new(
                host,
                token.clone(),
                timeout,
                config.max_attempts,
                config.ca_cert_pem.as_deref(),
            )?),
            Access::ServiceAccount { token, op_path } => Box::new(cli::OpCli::new(
                op_path.as_deref(),
                token.clone(),
                timeout,
                config.max_attempts,
            )?),
        };
        Ok(OnePasswordProvider {
            backend,
            method: config.access.method(),
            token: config.access.token().clone(),
            vaults: Once::default(),
            items: Memo::default(),
            full: Memo::default(),
            counts: Default::default(),
        })
    }

    /// Lookups made so far.
    pub fn stats(&self) -> CallStats {
        CallStats {
            vault_lookups: self.counts[0].load(Ordering::Relaxed),
            item_listings: self.counts[1].load(Ordering::Relaxed),
            item_fetches: self.counts[2].load(Ordering::Relaxed),
        }
    }

    fn read(&self, reference: &OpReference) -> Result<Fetched, ProviderError> {
        let vaults = self.vaults.get(|| {
            self.counts[0].fetch_add(1, Ordering::Relaxed);
            self.backend.vaults().map(Arc::new)
        })?;
        let vault = model::vault(&vaults, &reference.vault)?;
        let fetch = |summary: &ItemSummary| {
            self.full.get((vault.id.clone(), summary.id.clone()), || {
                self.counts[2].fetch_add(1, Ordering::Relaxed);
                self.backend.item(vault, summary).map(Arc::new)
            })
        };
        // An item given by id is fetched directly, without listing the vault; if no item has
        // that id, the vault's listing is searched by title as for any name.
        let direct = if model::looks_like_id(&reference.item) {
            match fetch(&ItemSummary::by_id(&reference.item)) {
                Ok(item) => Some(item),
                Err(ProviderError::NotFound(_)) => None,
                Err(e) => return Err(e),
            }
        } else {
            None
        };
        let item = match direct {
            Some(item) => item,
            None => {
                let items = self.items.get(vault.id.clone(), || {
                    self.counts[1].fetch_add(1, Ordering::Relaxed);
                    self.backend.items(vault).map(Arc::new)
                })?;
                fetch(model::item(&items, &reference.item, &vault.name)?)?
            }
        };
        let field = model::field(
            &item,
            reference.section.as_deref(),
            &reference.field,
            &vault.name,
        )?;
        let version = item.version.map(|v| v.to_string());
        let (value, expires_at) = match reference.attribute {
            Attribute::Value => (field.value.clone().unwrap_or_default(), None),
            Attribute::Type => (field.kind.to_ascii_lowercase(), None),
            Attribute::Id => (field.id.clone(), None),
            Attribute::Purpose => (field.purpose.clone().unwrap_or_default(), None),
            Attribute::Otp => {
                let what = format!("field `{}` of item `{}`", reference.field, item.title);
                if !field.is_otp() {
                    return Err(ProviderError::InvalidReference(format!(
                        "1Password: {what} is not a one-time password field (it is {}): \
                         drop `?attribute=otp`",
                        field.kind.to_ascii_lowercase()
                    )));
                }
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_secs())
                    .unwrap_or(0);
                let totp = totp::Totp::parse(field.value.as_deref().unwrap_or(""), &what)?;
                let (code, expires) = totp.at(now);
                (code.to_string(), Some(expires))
            }
        };
        Ok(Fetched {
            value: SecretBox::new(value.into_bytes().into_boxed_slice()),
            version,
            expires_at,
        })
    }
}

impl crate::scrub::Hides for OnePasswordProvider {
    fn hidden(&self) -> Vec<secrecy::zeroize::Zeroizing<String>> {
        vec![self.token.expose_secret().to_string().into()]
    }
}

impl Provider for OnePasswordProvider {
    fn fetch(&self, reference: &str) -> Result<Fetched, ProviderError> {
        let parsed = OpReference::parse(reference)?;
        self.read(&parsed)
    }

    fn whoami(&self) -> Result<String, ProviderError> {
        self.backend.whoami()
    }
}

impl fmt::Debug for OnePasswordProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OnePasswordProvider")
            .field("via", &self.method)
            .field("from", &self.backend.shown())
            .finish_non_exhaustive()
    }
}
