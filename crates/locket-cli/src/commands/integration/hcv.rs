//! `hcv` (HashiCorp Vault / OpenBao): settings from flags over the `VAULT_*` / `BAO_*`
//! variables the `vault` and `bao` CLIs read.

use anyhow::Result;
use locket_providers::hcv::{HcvConfig, HcvOverrides};

use super::{read_secret, to_json};
use crate::cli::{CredentialArgs, HcvArgs};
use crate::failure;

pub(super) fn hcv_config(
    args: &HcvArgs,
    credentials: &CredentialArgs,
    ca_cert: Option<&std::path::Path>,
    timeout: Option<u64>,
) -> Result<Vec<u8>> {
    let token = credentials
        .token_stdin
        .then(|| read_secret("the token"))
        .transpose()?;
    let secret_id = credentials
        .secret_id_stdin
        .then(|| read_secret("the AppRole secret id"))
        .transpose()?;
    if secret_id.is_some()
        && credentials.role_id.is_none()
        && std::env::var_os("VAULT_ROLE_ID").is_none()
    {
        return Err(failure::usage(
            "--secret-id-stdin needs a role id: pass --role-id or set VAULT_ROLE_ID",
        ));
    }
    let overrides = HcvOverrides {
        address: args.address.clone(),
        namespace: args.namespace.clone(),
        token,
        role_id: credentials.role_id.clone(),
        secret_id,
        approle_mount: args.approle_mount.clone(),
        timeout: timeout.map(std::time::Duration::from_secs),
        // --ca-cert, else VAULT_CACERT (read by from_env), else SSL_CERT_FILE.
        ca_cert: ca_cert.map(std::path::Path::to_path_buf).or_else(|| {
            let set = |n: &str| std::env::var_os(n).is_some_and(|v| !v.is_empty());
            (!set("VAULT_CACERT") && !set("BAO_CACERT"))
                .then(|| std::env::var_os("SSL_CERT_FILE").filter(|v| !v.is_empty()))
                .flatten()
                .map(std::path::PathBuf::from)
        }),
        ..HcvOverrides::default()
    };
    let config = HcvConfig::from_env(overrides).map_err(|e| failure::usage(e.to_string()))?;
    to_json(&config)
}

pub(super) fn hcv_flags(args: &HcvArgs, credentials: &CredentialArgs) -> Vec<&'static str> {
    let mut used = Vec::new();
    for (set, flag) in [
        (args.address.is_some(), "--address"),
        (args.namespace.is_some(), "--namespace"),
        (args.approle_mount.is_some(), "--approle-mount"),
        (credentials.token_stdin, "--token-stdin"),
        (credentials.role_id.is_some(), "--role-id"),
        (credentials.secret_id_stdin, "--secret-id-stdin"),
    ] {
        if set {
            used.push(flag);
        }
    }
    used
}
