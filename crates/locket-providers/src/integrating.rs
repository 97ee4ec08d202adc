//! Adding an integration and giving it new credentials, as `locket integration add|reauth|test`
//! and the web UI do it: the kind configures itself from the flags given ([`Given`]) and a
//! [`SetupIo`], signs in (unless told not to), and the vault stores the result sealed. The
//! callers only gather the flags and say what happened; every rule is here, once.

use locket_core::provider::{ProviderError, name_the_integration};
use locket_core::{SecretName, Vault};
use secrecy::ExposeSecret;

use crate::registry::{KINDS, ProviderKind};
use crate::setup::{Given, SetupError, SetupIo};

/// Why an integration could not be added, tested or given new credentials. The messages say
/// what to do next and never hold a credential.
#[derive(Debug, thiserror::Error)]
pub enum IntegrationError {
    /// The flags, the environment or a file given are wrong or incomplete (exit 2).
    #[error("{0}")]
    Usage(String),
    /// Signing in failed, or the store refused the credentials (exit 5): "integration NAME: …".
    #[error("{0}")]
    SignIn(String),
    #[error(transparent)]
    Vault(#[from] locket_core::Error),
}

/// An integration just added.
pub struct Added {
    pub kind: &'static str,
    /// Where it points, credentials left out (`ProviderKind::describe`).
    pub summary: String,
    /// Who the credentials are, when it signed in; `None` when told not to sign in.
    pub identity: Option<String>,
}

/// Adds integration `name` of `kind`, configured from `given` (and the environment), signed in
/// first unless `no_test`.
pub fn add(
    vault: &mut Vault,
    name: &SecretName,
    kind: &dyn ProviderKind,
    given: &Given,
    io: &mut dyn SetupIo,
    no_test: bool,
) -> Result<Added, IntegrationError> {
    if vault.integration(name.as_str())?.is_some() {
        return Err(locket_core::Error::IntegrationExists {
            name: name.to_string(),
        }
        .into());
    }
    refuse_other_kinds_flags(kind, given)?;
    let mut config = kind
        .configure(given, io)
        .map_err(|e| setup_failure(name, e))?;
    let summary = kind.describe(&config);
    let identity = if no_test {
        None
    } else {
        let (identity, refreshed) = sign_in(name, kind, &config)?;
        config = refreshed.unwrap_or(config);
        Some(identity)
    };
    vault.add_integration(name, kind.name(), &config)?;
    Ok(Added {
        kind: kind.name(),
        summary,
        identity,
    })
}

/// Gives integration `name` new credentials from `given` (the same sources as `add`), keeping
/// its settings, and signs in with them before storing them. Returns who they are.
pub fn reauth(
    vault: &mut Vault,
    name: &SecretName,
    given: &Given,
    io: &mut dyn SetupIo,
) -> Result<String, IntegrationError> {
    let current = vault.require_integration(name)?;
    let kind = kind(&current.kind)?;
    refuse_other_kinds_flags(kind, given)?;
    let config = kind
        .reauth(current.config.expose_secret(), given, io)
        .map_err(|e| setup_failure(name, e))?;
    let (identity, refreshed) = sign_in(name, kind, &config)?;
    vault.update_integration(name, &refreshed.unwrap_or(config))?;
    Ok(identity)
}

/// An integration that signed in.
pub struct Tested {
    pub kind: String,
    /// Where it points, credentials left out.
    pub target: String,
    /// Who the credentials are.
    pub identity: String,
}

/// Signs in with integration `name`'s stored settings, keeps settings that signing in
/// refreshed, and says who the credentials are (`locket integration test`).
pub fn test(vault: &Vault, name: &SecretName) -> Result<Tested, IntegrationError> {
    let found = vault.require_integration(name)?;
    let kind = kind(&found.kind)?;
    let config = found.config.expose_secret();
    let (identity, refreshed) = sign_in(name, kind, config)?;
    if let Some(refreshed) = refreshed {
        vault.refresh_integration(name.as_str(), &refreshed)?;
    }
    Ok(Tested {
        target: kind.describe(config),
        kind: found.kind,
        identity,
    })
}

/// The kind named, as a usage error when this build has none.
pub fn kind(name: &str) -> Result<&'static dyn ProviderKind, IntegrationError> {
    crate::registry::kind(name).map_err(|e| IntegrationError::Usage(e.to_string()))
}

/// Builds the provider and asks who the credentials are. Returns the identity, and the
/// settings when signing in refreshed them (to store instead).
fn sign_in(
    name: &SecretName,
    kind: &dyn ProviderKind,
    config: &[u8],
) -> Result<(String, Option<Vec<u8>>), IntegrationError> {
    crate::registry::sign_in(kind, config).map_err(|e: ProviderError| {
        IntegrationError::SignIn(format!(
            "integration {name}: {}",
            name_the_integration(&e.to_string(), name.as_str())
        ))
    })
}

fn setup_failure(name: &SecretName, e: SetupError) -> IntegrationError {
    match e {
        SetupError::Usage(message) => IntegrationError::Usage(message),
        SetupError::SignIn(e) => IntegrationError::SignIn(format!("integration {name}: {e}")),
    }
}

/// A flag of another kind is refused by name rather than ignored (the CLI parses every kind's
/// flags, hidden but for the chosen kind's).
fn refuse_other_kinds_flags(
    kind: &dyn ProviderKind,
    given: &Given,
) -> Result<(), IntegrationError> {
    for other in KINDS.iter().filter(|k| k.name() != kind.name()) {
        let used: Vec<String> = other
            .flags()
            .iter()
            .filter(|f| given.on(f.name))
            .map(|f| format!("--{}", f.name))
            .collect();
        if !used.is_empty() {
            return Err(IntegrationError::Usage(format!(
                "{} appl{} to {} integrations, not {}",
                used.join(", "),
                if used.len() == 1 { "ies" } else { "y" },
                other.name(),
                kind.name()
            )));
        }
    }
    Ok(())
}
