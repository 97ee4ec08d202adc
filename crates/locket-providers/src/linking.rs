//! Linking a vault secret to an external one, as `locket link` and the web UI do it: which
//! kind a reference is for, which integration serves it, and one fetch before anything is
//! written (a reference that does not resolve is refused with the provider's reason). And a
//! linked secret's value, as `locket get` and the web UI's Reveal read it.

use locket_core::provider::{Connector, Fetched, ProviderError};
use locket_core::resolve::{self, Fetching, Resolution};
use locket_core::{ErrorKind, SecretName, Vault};
use secrecy::{ExposeSecret, SecretBox};

use crate::registry::{ProviderKind, Registry, kind_of};

/// Why a link cannot be made.
#[derive(Debug)]
pub enum LinkError {
    /// The user's input is wrong (exit 2 in the CLI): the message says what to change.
    Usage(String),
    Vault(locket_core::Error),
    /// The fetch before linking failed, with the provider's reason.
    Fetch(ProviderError),
}

impl From<locket_core::Error> for LinkError {
    fn from(e: locket_core::Error) -> Self {
        LinkError::Vault(e)
    }
}

/// The provider kind `reference` is written for, its syntax checked.
pub fn kind_for(reference: &str) -> Result<&'static dyn ProviderKind, LinkError> {
    let kind = kind_of(reference).ok_or_else(|| {
        LinkError::Usage(format!(
            "`{reference}` is not a provider reference: expected hcv://MOUNT/PATH#KEY, \
             aws-sm://SECRET#KEY, an Azure secret URL, gcp-sm://… or op://… (`locket link --help`)"
        ))
    })?;
    kind.check(reference)
        .map_err(|e| LinkError::Usage(e.to_string()))?;
    Ok(kind)
}

/// The integration named, checked against the reference's kind, or the only one of that kind.
pub fn choose_integration(
    vault: &Vault,
    kind: &str,
    named: Option<&str>,
) -> Result<String, LinkError> {
    if let Some(named) = named {
        let found = vault.require_integration(&SecretName::new(named)?)?;
        if found.kind != kind {
            return Err(LinkError::Usage(format!(
                "integration {named} is {}, but the reference is for {kind}",
                found.kind
            )));
        }
        return Ok(found.name);
    }
    let all = vault.integrations()?;
    let of_kind: Vec<&str> = all
        .iter()
        .filter(|i| i.kind == kind)
        .map(|i| i.name.as_str())
        .collect();
    match of_kind.as_slice() {
        [only] => Ok(only.to_string()),
        [] => Err(LinkError::Usage(format!(
            "no {kind} integration yet: add one with `locket integration add {kind} NAME`"
        ))),
        several => Err(LinkError::Usage(format!(
            "several {kind} integrations ({}): choose one with --integration",
            several.join(", ")
        ))),
    }
}

/// Fetches `reference` once through `integration`; a token the provider renewed is kept.
pub fn fetch_before_linking(
    vault: &Vault,
    integration: &str,
    reference: &str,
) -> Result<Fetched, LinkError> {
    let found = vault.require_integration(&SecretName::new(integration)?)?;
    let provider = Registry
        .connect(&found.kind, found.config.expose_secret())
        .map_err(LinkError::Fetch)?;
    let fetched = provider.fetch(reference).map_err(LinkError::Fetch)?;
    if let Some(config) = provider.refreshed_config() {
        vault.refresh_integration(&found.name, &config)?;
    }
    Ok(fetched)
}

/// How linked secrets are fetched, with every provider compiled in: from the cache unless
/// `refresh` (`--refresh`), else their external vault; an expired cached value when that vault
/// cannot be reached and `allow_stale` (`--allow-stale`).
pub fn fetching(refresh: bool, allow_stale: bool) -> Fetching<'static> {
    Fetching {
        connector: &Registry,
        refresh,
        allow_stale,
        parallelism: resolve::DEFAULT_PARALLELISM,
    }
}

/// Why a linked secret's value could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ValueError {
    #[error(transparent)]
    Vault(#[from] locket_core::Error),
    /// The resolver's reason, as `NAME: why`, and its kind (the CLI's exit code).
    #[error("{message}")]
    Unresolved { kind: ErrorKind, message: String },
}

/// A linked secret's value, through the one resolver every command uses (the cache, then its
/// external vault; one fetch, a renewed token kept). The resolution comes back too, for its
/// warnings (a stale value served, a cache that could not be written).
pub fn linked_value(
    vault: &Vault,
    name: &SecretName,
    fetching: &Fetching<'_>,
) -> Result<(SecretBox<[u8]>, Resolution), ValueError> {
    let reference = format!("{{{{vault:{name}}}}}");
    let items = locket_core::reference::parse(reference.as_bytes());
    let resolution = resolve::resolve(Some(vault), "", &items, None, Some(fetching))?;
    match resolution.value(name) {
        Some(value) => Ok((SecretBox::new(Box::from(value)), resolution)),
        None => Err(ValueError::Unresolved {
            kind: resolution.failure_kind().unwrap_or(ErrorKind::Unresolved),
            message: format!(
                "{name}: {}",
                resolution
                    .failure(name)
                    .map_or_else(|| "not resolved".to_string(), ToString::to_string)
            ),
        }),
    }
}
