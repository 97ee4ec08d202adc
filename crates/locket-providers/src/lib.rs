//! External secret stores, each implementing [`locket_core::provider::Provider`] behind its own
//! cargo feature: `hcv` (HashiCorp Vault and OpenBao), `aws` (AWS Secrets Manager), `azure`
//! (Azure Key Vault), `onepassword` (kind `1password`: 1Password Connect or a service account
//! through the `op` CLI), `gcp` (GCP Secret Manager). `tls` reads and applies the custom
//! certificate authorities (`--ca-cert`, `SSL_CERT_FILE`) the HTTP providers trust.
//!
//! A provider owns its client and credentials, honours the environment variables of the
//! store's own tools, and maps every store error to a [`ProviderError`] a person understands,
//! without ever putting a secret value or a credential into a message.

pub use locket_core::provider::{Connector, Fetched, Provider, ProviderError};
pub use registry::{Registry, check_reference, describe, kinds};

pub mod registry;
mod shared;
#[cfg(any(
    feature = "hcv",
    feature = "azure",
    feature = "gcp",
    feature = "onepassword"
))]
pub mod tls;

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
