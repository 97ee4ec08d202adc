//! `azure` (Azure Key Vault): tenant, client id and authority from flags or the `AZURE_*`
//! variables the Azure SDKs read; the sign-in chosen with `--sign-in` (or inferred from the
//! credentials given): a service principal's secret (stdin or `AZURE_CLIENT_SECRET`) or
//! certificate, a person through the device code or the browser, or the Azure CLI.
//!
//! Interactive sign-in shows the device-code message or the authorize URL on stderr (neither
//! is a secret) and waits; `--no-browser` only prints the URL, so scripts and tests can
//! follow it themselves.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Result;
use locket_providers::ProviderError;
use locket_providers::azure::signin::{self, BrowserOptions};
use locket_providers::azure::{
    AZURE_CLI_CLIENT_ID, Auth, AzureConfig, DEFAULT_AUTHORITY_HOST, DEFAULT_USER_TENANT, azcli,
    certificate,
};
use secrecy::SecretString;

use super::{read_secret, to_json};
use crate::cli::{AzureArgs, AzureSignIn, CredentialArgs};
use crate::failure;

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

pub(super) fn azure_config(
    args: &AzureArgs,
    credentials: &CredentialArgs,
    ca_cert: Option<&Path>,
    timeout: Option<u64>,
    integration: &str,
) -> Result<Vec<u8>> {
    let method = args.sign_in.unwrap_or_else(|| {
        if credentials.client_secret_stdin || env("AZURE_CLIENT_SECRET").is_some() {
            AzureSignIn::Secret
        } else if credentials.certificate.is_some()
            || env("AZURE_CLIENT_CERTIFICATE_PATH").is_some()
        {
            AzureSignIn::Certificate
        } else {
            AzureSignIn::DeviceCode
        }
    });
    let person = matches!(
        method,
        AzureSignIn::DeviceCode | AzureSignIn::Browser | AzureSignIn::AzureCli
    );
    let tenant = args
        .tenant
        .clone()
        .or_else(|| env("AZURE_TENANT_ID"))
        .or_else(|| person.then(|| DEFAULT_USER_TENANT.to_string()))
        .ok_or_else(|| {
            failure::usage(
                "a service principal needs its tenant: pass --tenant or set AZURE_TENANT_ID",
            )
        })?;
    let client_id = args
        .client_id
        .clone()
        .or_else(|| env("AZURE_CLIENT_ID"))
        .or_else(|| person.then(|| AZURE_CLI_CLIENT_ID.to_string()))
        .ok_or_else(|| {
            failure::usage(
                "a service principal needs its application (client) id: pass --client-id or set \
                 AZURE_CLIENT_ID",
            )
        })?;
    let mut base = AzureConfig::new(tenant, client_id, Auth::AzureCli);
    base.authority_host = args
        .authority_host
        .clone()
        .or_else(|| env("AZURE_AUTHORITY_HOST"))
        .unwrap_or_else(|| DEFAULT_AUTHORITY_HOST.to_string())
        .trim_end_matches('/')
        .to_string();
    base.vault_url = args.vault_url.clone();
    base.ca_cert_pem = locket_providers::tls::ca_from_flag_or_env(ca_cert)
        .map_err(|e| failure::usage(e.to_string()))?;
    if let Some(secs) = timeout {
        base.timeout_ms = secs.saturating_mul(1000);
    }
    base.validate().map_err(|e| failure::usage(e.to_string()))?;
    let config = sign_in(base, method, credentials, integration)?;
    to_json(&config)
}

/// `base` signed in with `method`: credentials read, or a person signed in.
pub(super) fn sign_in(
    base: AzureConfig,
    method: AzureSignIn,
    credentials: &CredentialArgs,
    integration: &str,
) -> Result<AzureConfig> {
    let external = |e: ProviderError| failure::external(format!("integration {integration}: {e}"));
    let mut config = base;
    config.token = None;
    match method {
        AzureSignIn::Secret => {
            let secret = if credentials.client_secret_stdin {
                read_secret("the client secret")?
            } else {
                env("AZURE_CLIENT_SECRET").map(SecretString::from).ok_or_else(|| {
                    failure::usage(
                        "no client secret: pass --client-secret-stdin or set AZURE_CLIENT_SECRET",
                    )
                })?
            };
            config.auth = Auth::ClientSecret { secret };
        }
        AzureSignIn::Certificate => {
            let path = credentials
                .certificate
                .clone()
                .or_else(|| env("AZURE_CLIENT_CERTIFICATE_PATH").map(PathBuf::from))
                .ok_or_else(|| {
                    failure::usage(
                        "no certificate: pass --certificate FILE or set AZURE_CLIENT_CERTIFICATE_PATH",
                    )
                })?;
            let pem = std::fs::read_to_string(&path).map_err(|e| {
                failure::usage(format!(
                    "cannot read the certificate {}: {e}",
                    path.display()
                ))
            })?;
            let pem = SecretString::from(pem);
            let thumbprint = certificate::check(&pem).map_err(|e| failure::usage(e.to_string()))?;
            eprintln!("Using certificate {thumbprint} from {}", path.display());
            config.auth = Auth::ClientCertificate { pem };
        }
        AzureSignIn::DeviceCode => {
            config = signin::device_code(&config, &mut |prompt| {
                eprintln!("{}", prompt.message);
            })
            .map_err(external)?;
        }
        AzureSignIn::Browser => {
            let options = BrowserOptions {
                open_browser: !credentials.no_browser && std::io::stderr().is_terminal(),
                wait: Duration::from_secs(
                    env("LOCKET_SIGN_IN_WAIT_SECS")
                        .and_then(|s| s.parse().ok())
                        .unwrap_or(300),
                ),
            };
            config = signin::browser(&config, &options, &mut |url| {
                eprintln!("To sign in, open this page in a browser:\n{url}");
                eprintln!("Waiting for the sign-in to finish...");
            })
            .map_err(external)?;
        }
        AzureSignIn::AzureCli => {
            if !azcli::installed() {
                return Err(failure::usage(
                    "--sign-in azure-cli needs the Azure CLI (`az`) on PATH: install it and run \
                     `az login`, or choose another --sign-in",
                ));
            }
            config.auth = Auth::AzureCli;
        }
    }
    Ok(config)
}

/// The sign-in a stored configuration uses, to run again at `reauth`.
pub(super) fn method_of(auth: &Auth) -> AzureSignIn {
    match auth {
        Auth::ClientSecret { .. } => AzureSignIn::Secret,
        Auth::ClientCertificate { .. } => AzureSignIn::Certificate,
        Auth::User { flow, .. } if flow == "browser" => AzureSignIn::Browser,
        Auth::User { .. } => AzureSignIn::DeviceCode,
        Auth::AzureCli => AzureSignIn::AzureCli,
    }
}

pub(super) fn azure_flags(args: &AzureArgs, credentials: &CredentialArgs) -> Vec<&'static str> {
    let mut used = Vec::new();
    for (set, flag) in [
        (args.tenant.is_some(), "--tenant"),
        (args.client_id.is_some(), "--client-id"),
        (args.authority_host.is_some(), "--authority-host"),
        (args.sign_in.is_some(), "--sign-in"),
        (args.vault_url.is_some(), "--vault-url"),
        (credentials.client_secret_stdin, "--client-secret-stdin"),
        (credentials.certificate.is_some(), "--certificate"),
        (credentials.no_browser, "--no-browser"),
    ] {
        if set {
            used.push(flag);
        }
    }
    used
}
