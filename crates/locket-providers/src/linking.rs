//! Linking a vault secret to an external one, as `locket link` and the web UI do it: which
//! kind a reference is for, which integration serves it, and one fetch before anything is
//! written (a reference that does not resolve is refused with the provider's reason).

use locket_core::provider::{Connector, Fetched, ProviderError};
use locket_core::{SecretName, Vault};
use secrecy::ExposeSecret;

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
