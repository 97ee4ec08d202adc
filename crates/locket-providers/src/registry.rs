//! The providers compiled into this build, by kind: building one from an integration's stored
//! configuration (the resolver's [`Connector`]), and describing a configuration for
//! `locket integration list` without its credentials.

use locket_core::provider::{Connector, Provider, ProviderError};

/// Every provider kind this build knows, compiled in or not, for messages.
pub const KNOWN_KINDS: &[&str] = &["hcv", "aws", "azure", "gcp", "1password"];

/// The kinds compiled into this build.
pub fn kinds() -> Vec<&'static str> {
    let mut kinds = Vec::new();
    if cfg!(feature = "hcv") {
        kinds.push("hcv");
    }
    if cfg!(feature = "aws") {
        kinds.push("aws");
    }
    if cfg!(feature = "gcp") {
        kinds.push("gcp");
    }
    if cfg!(feature = "onepassword") {
        kinds.push("1password");
    }
    if cfg!(feature = "azure") {
        kinds.push("azure");
    }
    kinds
}

/// Builds providers for the resolver from stored configurations.
#[derive(Debug, Default, Clone, Copy)]
pub struct Registry;

impl Connector for Registry {
    fn connect(&self, kind: &str, config: &[u8]) -> Result<Box<dyn Provider>, ProviderError> {
        match kind {
            #[cfg(feature = "hcv")]
            "hcv" => Ok(Box::new(crate::hcv::HcvProvider::new(parse(
                kind, config,
            )?)?)),
            #[cfg(feature = "aws")]
            "aws" => Ok(Box::new(crate::aws::AwsProvider::new(parse(
                kind, config,
            )?)?)),
            #[cfg(feature = "gcp")]
            "gcp" => Ok(Box::new(crate::gcp::GcpProvider::new(parse(
                kind, config,
            )?)?)),
            #[cfg(feature = "onepassword")]
            "1password" => Ok(Box::new(crate::onepassword::OnePasswordProvider::new(
                parse(kind, config)?,
            )?)),
            #[cfg(feature = "azure")]
            "azure" => Ok(Box::new(crate::azure::AzureProvider::new(parse(
                kind, config,
            )?)?)),
            other => Err(unsupported(other)),
        }
    }
}

/// Checks a reference's syntax for `kind` without contacting anything.
pub fn check_reference(kind: &str, reference: &str) -> Result<(), ProviderError> {
    match kind {
        #[cfg(feature = "hcv")]
        "hcv" => crate::hcv::HcvReference::parse(reference).map(drop),
        #[cfg(feature = "aws")]
        "aws" => crate::aws::SecretRef::parse(reference).map(drop),
        #[cfg(feature = "gcp")]
        "gcp" => crate::gcp::GcpReference::parse(reference).map(drop),
        #[cfg(feature = "onepassword")]
        "1password" => crate::onepassword::OpReference::parse(reference).map(drop),
        #[cfg(feature = "azure")]
        "azure" => crate::azure::SecretId::parse(reference).map(drop),
        other => Err(unsupported(other)),
    }
}

/// One line about a configuration, credentials left out: where it points and how it signs in.
pub fn describe(kind: &str, config: &[u8]) -> String {
    match kind {
        #[cfg(feature = "hcv")]
        "hcv" => match parse::<crate::hcv::HcvConfig>(kind, config) {
            Ok(c) => {
                let mut out = format!("{} ({} auth)", c.address, c.auth.method());
                if let Some(ns) = &c.namespace {
                    out.push_str(&format!(", namespace {ns}"));
                }
                out
            }
            Err(e) => e.to_string(),
        },
        #[cfg(feature = "aws")]
        "aws" => match parse::<crate::aws::AwsConfig>(kind, config) {
            Ok(c) => {
                let credentials = match (&c.static_keys, &c.profile) {
                    (Some(keys), _) => {
                        format!(
                            "stored key {}",
                            crate::aws::mask_key_id(&keys.access_key_id)
                        )
                    }
                    (None, Some(profile)) => format!("profile {profile}"),
                    (None, None) => "default credential chain".to_string(),
                };
                let mut out = format!(
                    "region {}, {credentials}",
                    c.region.as_deref().unwrap_or("from the environment")
                );
                if let Some(role) = &c.assume_role {
                    out.push_str(&format!(", assumes {}", role.role_arn));
                }
                if let Some(endpoint) = &c.endpoint_url {
                    out.push_str(&format!(", endpoint {endpoint}"));
                }
                out
            }
            Err(e) => e.to_string(),
        },
        #[cfg(feature = "gcp")]
        "gcp" => match parse::<crate::gcp::GcpConfig>(kind, config) {
            Ok(c) => {
                let who = match &c.credentials {
                    crate::gcp::Credentials::ServiceAccount { client_email, .. } => {
                        format!("service account {client_email}")
                    }
                    crate::gcp::Credentials::AuthorizedUser { client_id, .. } => {
                        format!("application default credentials (client {client_id})")
                    }
                    crate::gcp::Credentials::Metadata { host } => format!("metadata server {host}"),
                };
                let mut out = format!(
                    "project {}, {who}",
                    c.project.as_deref().unwrap_or("(none: references name it)")
                );
                if c.endpoint != crate::gcp::DEFAULT_ENDPOINT {
                    out.push_str(&format!(", endpoint {}", c.endpoint));
                }
                if c.ca_cert_pem.is_some() {
                    out.push_str(", custom CA");
                }
                out
            }
            Err(e) => e.to_string(),
        },
        #[cfg(feature = "azure")]
        "azure" => match parse::<crate::azure::AzureConfig>(kind, config) {
            Ok(c) => {
                let mut out = format!(
                    "tenant {}, {}, app {}",
                    c.tenant_id,
                    c.auth.method(),
                    c.client_id
                );
                if let crate::azure::Auth::User {
                    account: Some(account),
                    ..
                } = &c.auth
                {
                    out.push_str(&format!(", as {account}"));
                }
                if c.authority_host.trim_end_matches('/') != crate::azure::DEFAULT_AUTHORITY_HOST {
                    out.push_str(&format!(", authority {}", c.authority_host));
                }
                if let Some(url) = &c.vault_url {
                    out.push_str(&format!(", vault URL {url}"));
                }
                if c.ca_cert_pem.is_some() {
                    out.push_str(", custom CA");
                }
                out
            }
            Err(e) => e.to_string(),
        },
        #[cfg(feature = "onepassword")]
        "1password" => match parse::<crate::onepassword::OnePasswordConfig>(kind, config) {
            Ok(c) => match &c.access {
                crate::onepassword::Access::Connect { host, .. } => format!(
                    "Connect server {host}{}",
                    if c.ca_cert_pem.is_some() {
                        ", custom CA"
                    } else {
                        ""
                    }
                ),
                crate::onepassword::Access::ServiceAccount { op_path, .. } => format!(
                    "service account through {}",
                    op_path
                        .as_ref()
                        .map(|p| p.display().to_string())
                        .unwrap_or_else(|| "`op` on PATH".into())
                ),
            },
            Err(e) => e.to_string(),
        },
        other => unsupported(other).to_string(),
    }
}

/// Reads a stored configuration. The error never quotes the configuration (it holds
/// credentials).
pub fn parse<T: serde::de::DeserializeOwned>(
    kind: &str,
    config: &[u8],
) -> Result<T, ProviderError> {
    serde_json::from_slice(config).map_err(|e| {
        ProviderError::Other(format!(
            "the stored {kind} integration settings cannot be read (at line {} column {}): \
             written by a newer locket? `locket integration reauth` rewrites them",
            e.line(),
            e.column()
        ))
    })
}

fn unsupported(kind: &str) -> ProviderError {
    let known = kinds().join(", ");
    if KNOWN_KINDS.contains(&kind) {
        ProviderError::Other(format!(
            "this locket was built without the `{kind}` provider (it has: {known}); install a \
             build with the `{kind}` feature"
        ))
    } else {
        ProviderError::Other(format!("unknown provider kind `{kind}` (known: {known})"))
    }
}
