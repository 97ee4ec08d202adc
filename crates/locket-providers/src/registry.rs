//! The provider kinds compiled into this build, in one list ([`KINDS`]). A provider module
//! declares itself once ([`Declare`]): its kind name, the references it claims, its stored
//! configuration type, its `integration add` flags and environment variables, how it is
//! configured and given new credentials, built and described. Everything else (the resolver's
//! [`Connector`], `locket link`, `locket integration`, the CLI's flags and help) reads this
//! list, so adding a provider is one module, one line in [`KINDS`] and one cargo feature.

use locket_core::provider::{Connector, Provider, ProviderError};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::scrub::{Hides, Scrubbed};
use crate::setup::{Flag, Given, SetupError, SetupIo};

/// Every provider compiled into this build.
pub static KINDS: &[&dyn ProviderKind] = &[
    #[cfg(feature = "hcv")]
    &crate::hcv::Kind,
    #[cfg(feature = "aws")]
    &crate::aws::Kind,
    #[cfg(feature = "gcp")]
    &crate::gcp::Kind,
    #[cfg(feature = "onepassword")]
    &crate::onepassword::Kind,
    #[cfg(feature = "azure")]
    &crate::azure::Kind,
];

/// Every provider kind locket has, compiled in or not, for messages.
pub const KNOWN_KINDS: &[&str] = &["hcv", "aws", "azure", "gcp", "1password"];

/// A provider kind as the rest of locket sees it. Implemented for every [`Declare`].
pub trait ProviderKind: Sync {
    /// The kind, as in `locket integration add KIND`: `hcv`, `1password`.
    fn name(&self) -> &'static str;
    /// What it connects to, for help: "HashiCorp Vault or OpenBao".
    fn title(&self) -> &'static str;
    /// The reference syntax, for `locket link --help`.
    fn syntax(&self) -> &'static str;
    /// The environment variables `integration add` reads, for its help.
    fn environment(&self) -> &'static str;
    /// Whether `reference` is written for this kind (by its scheme, or Azure's hosts).
    fn claims(&self, reference: &str) -> bool;
    /// Checks a reference's syntax without contacting anything.
    fn check(&self, reference: &str) -> Result<(), ProviderError>;
    /// Builds a provider from its stored configuration; its errors never show a credential.
    fn connect(&self, config: &[u8]) -> Result<Box<dyn Provider>, ProviderError>;
    /// One line about a stored configuration, credentials left out.
    fn describe(&self, config: &[u8]) -> String;
    /// The flags `integration add KIND` takes (besides `--ca-cert`, `--timeout`, `--no-test`).
    fn flags(&self) -> &'static [Flag];
    /// A new configuration from the flags given and the environment.
    fn configure(&self, given: &Given, io: &mut dyn SetupIo) -> Result<Vec<u8>, SetupError>;
    /// `stored` with new credentials (from the same sources as `configure`), its settings kept.
    fn reauth(
        &self,
        stored: &[u8],
        given: &Given,
        io: &mut dyn SetupIo,
    ) -> Result<Vec<u8>, SetupError>;
}

/// What a provider module declares, once; [`ProviderKind`] follows from it.
pub(crate) trait Declare: Sync {
    const NAME: &'static str;
    /// The scheme of its references: `hcv` for `hcv://…`.
    const SCHEME: &'static str;
    const TITLE: &'static str;
    const SYNTAX: &'static str;
    const ENVIRONMENT: &'static str;
    const FLAGS: &'static [Flag];
    /// The configuration stored (sealed) with an integration.
    type Config: Serialize + DeserializeOwned;
    type Provider: Provider + Hides + 'static;

    fn claims(reference: &str) -> bool {
        scheme(reference).is_some_and(|(s, _)| s == Self::SCHEME)
    }
    fn check(reference: &str) -> Result<(), ProviderError>;
    fn open(config: Self::Config) -> Result<Self::Provider, ProviderError>;
    fn describe(config: &Self::Config) -> String;
    fn configure(given: &Given, io: &mut dyn SetupIo) -> Result<Self::Config, SetupError>;
    fn reauth(
        stored: Self::Config,
        given: &Given,
        io: &mut dyn SetupIo,
    ) -> Result<Self::Config, SetupError>;
}

impl<K: Declare> ProviderKind for K {
    fn name(&self) -> &'static str {
        K::NAME
    }
    fn title(&self) -> &'static str {
        K::TITLE
    }
    fn syntax(&self) -> &'static str {
        K::SYNTAX
    }
    fn environment(&self) -> &'static str {
        K::ENVIRONMENT
    }
    fn claims(&self, reference: &str) -> bool {
        K::claims(reference)
    }
    fn check(&self, reference: &str) -> Result<(), ProviderError> {
        K::check(reference)
    }
    fn connect(&self, config: &[u8]) -> Result<Box<dyn Provider>, ProviderError> {
        Ok(Box::new(Scrubbed::new(K::open(parse(K::NAME, config)?)?)))
    }
    fn describe(&self, config: &[u8]) -> String {
        match parse(K::NAME, config) {
            Ok(config) => K::describe(&config),
            Err(e) => e.to_string(),
        }
    }
    fn flags(&self) -> &'static [Flag] {
        K::FLAGS
    }
    fn configure(&self, given: &Given, io: &mut dyn SetupIo) -> Result<Vec<u8>, SetupError> {
        to_json(&K::configure(given, io)?)
    }
    fn reauth(
        &self,
        stored: &[u8],
        given: &Given,
        io: &mut dyn SetupIo,
    ) -> Result<Vec<u8>, SetupError> {
        let stored = parse(K::NAME, stored).map_err(SetupError::from)?;
        to_json(&K::reauth(stored, given, io)?)
    }
}

/// The kind named `name`: an error naming the kinds there are when this build has none.
/// Builds the provider from an integration's stored settings and asks who the credentials are,
/// as `locket integration add|test|reauth` and the web UI do. Returns the identity, and the
/// settings when signing in refreshed them (to be stored instead: `Vault::refresh_integration`).
pub fn sign_in(
    kind: &dyn ProviderKind,
    config: &[u8],
) -> Result<(String, Option<Vec<u8>>), ProviderError> {
    let provider = kind.connect(config)?;
    let identity = provider.whoami()?;
    Ok((identity, provider.refreshed_config()))
}

pub fn kind(name: &str) -> Result<&'static dyn ProviderKind, ProviderError> {
    KINDS
        .iter()
        .copied()
        .find(|k| k.name() == name)
        .ok_or_else(|| unsupported(name))
}

/// The kind a reference is written for.
pub fn kind_of(reference: &str) -> Option<&'static dyn ProviderKind> {
    KINDS.iter().copied().find(|k| k.claims(reference))
}

/// The scheme of `reference`, lower-cased, with what follows `://`.
pub(crate) fn scheme(reference: &str) -> Option<(String, &str)> {
    let (scheme, rest) = reference.split_once("://")?;
    Some((scheme.to_ascii_lowercase(), rest))
}

/// Builds providers for the resolver from stored configurations.
#[derive(Debug, Default, Clone, Copy)]
pub struct Registry;

impl Connector for Registry {
    fn connect(&self, kind_name: &str, config: &[u8]) -> Result<Box<dyn Provider>, ProviderError> {
        kind(kind_name)?.connect(config)
    }
}

/// Reads a stored configuration. The error never quotes the configuration (it holds
/// credentials).
fn parse<T: DeserializeOwned>(kind: &str, config: &[u8]) -> Result<T, ProviderError> {
    serde_json::from_slice(config).map_err(|e| {
        ProviderError::Other(format!(
            "the stored {kind} integration settings cannot be read (at line {} column {}): \
             written by a newer locket? `locket integration reauth` rewrites them",
            e.line(),
            e.column()
        ))
    })
}

fn to_json<T: Serialize>(config: &T) -> Result<Vec<u8>, SetupError> {
    serde_json::to_vec(config)
        .map_err(|e| SetupError::Usage(format!("cannot encode the integration settings: {e}")))
}

fn unsupported(name: &str) -> ProviderError {
    let known = KINDS
        .iter()
        .map(|k| k.name())
        .collect::<Vec<_>>()
        .join(", ");
    if KNOWN_KINDS.contains(&name) {
        ProviderError::Other(format!(
            "this locket was built without the `{name}` provider (it has: {known}); install a \
             build with the `{name}` feature"
        ))
    } else {
        ProviderError::Other(format!("unknown provider kind `{name}` (known: {known})"))
    }
}
