//! `1password`: a Connect server (flags over `OP_CONNECT_HOST`, token from stdin or
//! `OP_CONNECT_TOKEN`) or a service account read through the `op` CLI (token from stdin or
//! `OP_SERVICE_ACCOUNT_TOKEN`). Tokens never come from argv.

use anyhow::Result;
use locket_providers::onepassword::{Access, OnePasswordConfig, OnePasswordOverrides};

use super::{read_secret, to_json};
use crate::cli::OnePasswordArgs;
use crate::failure;

pub(super) fn config(
    args: &OnePasswordArgs,
    ca_cert: Option<&std::path::Path>,
    timeout: Option<u64>,
) -> Result<Vec<u8>> {
    let connect_token = args
        .connect_token_stdin
        .then(|| read_secret("the 1Password Connect token"))
        .transpose()?;
    let service_account_token = args
        .service_account_token_stdin
        .then(|| read_secret("the 1Password service account token"))
        .transpose()?;
    let overrides = OnePasswordOverrides {
        // A service account token given on stdin means: not the Connect server in the
        // environment.
        host: if service_account_token.is_some() {
            None
        } else {
            args.connect_host.clone()
        },
        connect_token,
        service_account_token: service_account_token.clone(),
        op_path: args.op_path.clone(),
        timeout: timeout.map(std::time::Duration::from_secs),
    };
    let mut config = if service_account_token.is_some() {
        OnePasswordConfig::from_lookup(overrides, |_| None)
    } else {
        OnePasswordConfig::from_env(overrides)
    }
    .map_err(|e| failure::usage(e.to_string()))?;
    // The `op` CLI has its own trust store; a CA is for a Connect server.
    if matches!(
        config.access,
        locket_providers::onepassword::Access::Connect { .. }
    ) {
        config.ca_cert_pem = locket_providers::tls::ca_from_flag_or_env(ca_cert)
            .map_err(|e| failure::usage(e.to_string()))?;
    } else if ca_cert.is_some() {
        return Err(failure::usage(
            "--ca-cert applies to a Connect server; the `op` CLI uses the system's certificates",
        ));
    }
    to_json(&config)
}

/// New credentials for a stored integration: the token from the environment variable `add`
/// reads, else from stdin (or a hidden prompt on a terminal). The Connect server, the `op`
/// path and the timeout are kept.
pub(super) fn reauth(stored: &[u8]) -> Result<Vec<u8>> {
    let mut config: OnePasswordConfig = locket_providers::registry::parse("1password", stored)
        .map_err(|e| failure::usage(e.to_string()))?;
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let token = |var: &str, what: &str| -> Result<secrecy::SecretString> {
        match env(var) {
            Some(token) => Ok(token.into()),
            None => read_secret(&format!("the new {what} (or set {var})")),
        }
    };
    config.access = match config.access {
        Access::Connect { host, .. } => Access::Connect {
            host,
            token: token("OP_CONNECT_TOKEN", "1Password Connect token")?,
        },
        Access::ServiceAccount { op_path, .. } => Access::ServiceAccount {
            token: token(
                "OP_SERVICE_ACCOUNT_TOKEN",
                "1Password service account token",
            )?,
            op_path,
        },
    };
    to_json(&config)
}

pub(super) fn flags(args: &OnePasswordArgs) -> Vec<&'static str> {
    [
        (args.connect_host.is_some(), "--connect-host"),
        (args.connect_token_stdin, "--connect-token-stdin"),
        (
            args.service_account_token_stdin,
            "--service-account-token-stdin",
        ),
        (args.op_path.is_some(), "--op-path"),
    ]
    .into_iter()
    .filter_map(|(set, flag)| set.then_some(flag))
    .collect()
}
