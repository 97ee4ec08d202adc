//! `hcv` as a kind: its references, its `integration add` flags over the `VAULT_*` / `BAO_*`
//! variables the `vault` and `bao` CLIs read, and its description.

use std::path::PathBuf;

use super::{HcvConfig, HcvOverrides, HcvProvider, HcvReference};
use crate::ProviderError;
use crate::registry::Declare;
use crate::setup::{Flag, Given, SetupError, SetupIo, env};

/// The `hcv` kind.
pub struct Kind;

impl Declare for Kind {
    const NAME: &'static str = "hcv";
    const SCHEME: &'static str = "hcv";
    const TITLE: &'static str = "HashiCorp Vault or OpenBao";
    const SYNTAX: &'static str = "hcv://MOUNT/PATH[#KEY][?version=N]   (KV v1 or v2, detected; whole JSON object without #KEY)";
    const ENVIRONMENT: &'static str = "\
VAULT_ADDR, VAULT_NAMESPACE, VAULT_TOKEN (or ~/.vault-token), VAULT_ROLE_ID + VAULT_SECRET_ID
(AppRole), VAULT_CACERT, VAULT_SKIP_VERIFY, VAULT_CLIENT_TIMEOUT; BAO_* twins work too.";
    // One flag a line: a table reads better than rustfmt's wrapping of long help texts.
    #[rustfmt::skip]
    const FLAGS: &'static [Flag] = &[
        Flag::value("address", "URL", "Server address (else VAULT_ADDR)"),
        Flag::value("namespace", "NS", "Namespace, sent as X-Vault-Namespace (else VAULT_NAMESPACE)"),
        Flag::value("approle-mount", "PATH", "Where the AppRole auth method is mounted (default approle)"),
        Flag { reauth: true, ..Flag::switch("token-stdin", "Read the token from stdin (else VAULT_TOKEN, else ~/.vault-token)") },
        Flag { reauth: true, ..Flag::value("role-id", "ID", "AppRole role id (else VAULT_ROLE_ID)") },
        Flag { reauth: true, conflicts: &["token-stdin"], ..Flag::switch("secret-id-stdin", "Read the AppRole secret id from stdin (else VAULT_SECRET_ID)") },
    ];
    type Config = HcvConfig;
    type Provider = HcvProvider;

    fn check(reference: &str) -> Result<(), ProviderError> {
        HcvReference::parse(reference).map(drop)
    }

    fn open(config: HcvConfig) -> Result<HcvProvider, ProviderError> {
        HcvProvider::new(config)
    }

    fn describe(c: &HcvConfig) -> String {
        let mut out = format!("{} ({} auth)", c.address, c.auth.method());
        if let Some(ns) = &c.namespace {
            out.push_str(&format!(", namespace {ns}"));
        }
        out
    }

    fn configure(given: &Given, io: &mut dyn SetupIo) -> Result<HcvConfig, SetupError> {
        let overrides = HcvOverrides {
            address: given.text("address"),
            namespace: given.text("namespace"),
            approle_mount: given.text("approle-mount"),
            timeout: given.timeout(),
            // --ca-cert, else VAULT_CACERT (read by from_env), else SSL_CERT_FILE.
            ca_cert: given.ca_cert.clone().or_else(|| {
                (env("VAULT_CACERT").is_none() && env("BAO_CACERT").is_none())
                    .then(|| env("SSL_CERT_FILE").map(PathBuf::from))
                    .flatten()
            }),
            ..credentials(given, io)?
        };
        Ok(HcvConfig::from_env(overrides)?)
    }

    fn reauth(
        mut stored: HcvConfig,
        given: &Given,
        io: &mut dyn SetupIo,
    ) -> Result<HcvConfig, SetupError> {
        let overrides = HcvOverrides {
            address: Some(stored.address.clone()),
            ..credentials(given, io)?
        };
        stored.auth = HcvConfig::from_env(overrides)?.auth;
        Ok(stored)
    }
}

/// The token or AppRole credentials the flags give (stdin, never argv).
fn credentials(given: &Given, io: &mut dyn SetupIo) -> Result<HcvOverrides, SetupError> {
    let token = given
        .on("token-stdin")
        .then(|| io.secret("the token"))
        .transpose()?;
    let secret_id = given
        .on("secret-id-stdin")
        .then(|| io.secret("the AppRole secret id"))
        .transpose()?;
    if secret_id.is_some() && !given.on("role-id") && std::env::var_os("VAULT_ROLE_ID").is_none() {
        return Err(SetupError::Usage(
            "--secret-id-stdin needs a role id: pass --role-id or set VAULT_ROLE_ID".into(),
        ));
    }
    Ok(HcvOverrides {
        token,
        role_id: given.text("role-id"),
        secret_id,
        ..HcvOverrides::default()
    })
}
