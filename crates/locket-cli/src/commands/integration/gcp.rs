//! `gcp` (GCP Secret Manager): the credentials file (flag, else
//! `GOOGLE_APPLICATION_CREDENTIALS`, else gcloud's application default credentials) read once
//! and stored sealed, or the metadata server; project and endpoint from flags or the
//! environment.

use anyhow::Result;
use locket_providers::gcp::{Credentials, GcpConfig, GcpOverrides};

use super::to_json;
use crate::cli::GcpArgs;
use crate::failure;

pub(super) fn config(
    args: &GcpArgs,
    ca_cert: Option<&std::path::Path>,
    timeout: Option<u64>,
) -> Result<Vec<u8>> {
    let overrides = GcpOverrides {
        credentials_file: args.credentials_file.clone(),
        metadata: args.metadata,
        project: args.project.clone(),
        endpoint: args.endpoint.clone(),
        timeout: timeout.map(std::time::Duration::from_secs),
    };
    let mut config = GcpConfig::from_env(overrides).map_err(|e| failure::usage(e.to_string()))?;
    config.ca_cert_pem = locket_providers::tls::ca_from_flag_or_env(ca_cert)
        .map_err(|e| failure::usage(e.to_string()))?;
    to_json(&config)
}

/// New credentials from the same sources as `add` (the metadata server needs none); the
/// project, endpoint and timeout are kept.
pub(super) fn reauth(stored: &[u8]) -> Result<Vec<u8>> {
    let mut config: GcpConfig = locket_providers::registry::parse("gcp", stored)
        .map_err(|e| failure::usage(e.to_string()))?;
    if !matches!(config.credentials, Credentials::Metadata { .. }) {
        let fresh = GcpConfig::from_env(GcpOverrides::default())
            .map_err(|e| failure::usage(e.to_string()))?;
        config.credentials = fresh.credentials;
    }
    to_json(&config)
}

pub(super) fn flags(args: &GcpArgs) -> Vec<&'static str> {
    [
        (args.project.is_some(), "--project"),
        (args.credentials_file.is_some(), "--credentials-file"),
        (args.metadata, "--metadata"),
        (args.endpoint.is_some(), "--endpoint"),
    ]
    .into_iter()
    .filter_map(|(set, flag)| set.then_some(flag))
    .collect()
}
