//! External secret stores, each implementing [`locket_core::provider::Provider`] behind its own
//! cargo feature: `hcv` (HashiCorp Vault and OpenBao), `aws` (AWS Secrets Manager), `azure`
//! (Azure Key Vault), `onepassword` (kind `1password`: 1Password Connect or a service account
//! through the `op` CLI), `gcp` (GCP Secret Manager).
//!
//! Each provider module declares itself once (kind name, the references it claims, its
//! stored configuration, its `integration add` flags and environment variables, setup and
//! reauth in `<kind>/setup.rs`), and [`KINDS`] lists them: adding a provider is one module,
//! one line there and one cargo feature. What providers share lives here once: `transport`
//! (one HTTP client builder and one retry policy), `json_key` (`#KEY` picking), `scrub`
//! (credentials masked out of errors with core's redaction), `tls` (custom CAs, `--ca-cert`,
//! `SSL_CERT_FILE`), `setup` (what `integration add` hands a provider). What the CLI and the
//! web UI share: `integrating` (add, test and reauth an integration) and `linking` (link a
//! secret, read a linked secret's value).
//!
//! A provider owns its client and credentials, honours the environment variables of the
//! store's own tools, and maps every store error to a [`ProviderError`] a person understands,
//! without ever putting a secret value or a credential into a message.

pub use locket_core::provider::{Connector, Fetched, Provider, ProviderError};
pub use registry::{KINDS, ProviderKind, Registry, kind, kind_of, sign_in};
pub use scrub::{Hides, Scrubbed};
pub use setup::{Flag, Given, SetupError, SetupIo};

pub mod integrating;
mod json_key;
pub mod linking;
pub mod registry;
mod scrub;
pub mod setup;
mod shared;
pub mod tls;
mod transport;

#[cfg(feature = "azure")]
pub mod azure;

#[cfg(feature = "aws")]
pub mod aws;
#[cfg(feature = "gcp")]
pub mod gcp;
#[cfg(feature = "hcv")]
pub mod hcv;
#[cfg(feature = "onepassword")]
pub mod onepassword;
