//! `1password` as a kind: a Connect server (flags over `OP_CONNECT_HOST`, token from stdin or
//! `OP_CONNECT_TOKEN`) or a service account read through the `op` CLI (token from stdin or
//! `OP_SERVICE_ACCOUNT_TOKEN`). Tokens never come from argv.

use secrecy::SecretString;

use super::{Access, OnePasswordConfig, OnePasswordOverrides, OnePasswordProvider, OpReference};
use crate::ProviderError;
use crate::registry::Declare;
use crate::setup::{Flag, Given, SetupError, SetupIo, env};

/// The `1password` kind.
pub struct Kind;

impl Declare for Kind {
    const NAME: &'static str = "1password";
    const SCHEME: &'static str = "op";
    const TITLE: &'static str = "1Password (Connect server or service account)";
    const SYNTAX: &'static str =
        "op://VAULT/ITEM[/SECTION]/FIELD[?attribute=otp]   (names or ids, case-insensitive)";
    const ENVIRONMENT: &'static str = "\
OP_CONNECT_HOST + OP_CONNECT_TOKEN (a Connect server), else OP_SERVICE_ACCOUNT_TOKEN
(a service account, read through the `op` CLI, which must be installed).";
    // One flag a line: a table reads better than rustfmt's wrapping of long help texts.
    #[rustfmt::skip]
    const FLAGS: &'static [Flag] = &[
        Flag::value("connect-host", "URL", "Connect server URL (else OP_CONNECT_HOST)"),
        Flag::switch("connect-token-stdin", "Read the Connect token from stdin (else OP_CONNECT_TOKEN)"),
        Flag { conflicts: &["connect-token-stdin", "connect-host"], ..Flag::switch("service-account-token-stdin", "Read a service account token from stdin (else OP_SERVICE_ACCOUNT_TOKEN)") },
        Flag::value("op-path", "FILE", "The `op` CLI to run for a service account (default: `op` on PATH at each use)"),
    ];
    type Config = OnePasswordConfig;
    type Provider = OnePasswordProvider;

    fn check(reference: &str) -> Result<(), ProviderError> {
        OpReference::parse(reference).map(drop)
    }

    fn open(config: OnePasswordConfig) -> Result<OnePasswordProvider, ProviderError> {
        OnePasswordProvider::new(config)
    }

    fn describe(c: &OnePasswordConfig) -> String {
        match &c.access {
            Access::Connect { host, .. } => format!(
                "Connect server {host}{}",
                if c.ca_cert_pem.is_some() {
                    ", custom CA"
                } else {
                    ""
                }
            ),
            Access::ServiceAccount { op_path, .. } => format!(
                "service account through {}",
                op_path
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| "`op` on PATH".into())
            ),
        }
    }

    fn configure(given: &Given, io: &mut dyn SetupIo) -> Result<OnePasswordConfig, SetupError> {
        let connect_token = given
            .on("connect-token-stdin")
            .then(|| io.secret("the 1Password Connect token"))
            .transpose()?;
        let service_account_token = given
            .on("service-account-token-stdin")
            .then(|| io.secret("the 1Password service account token"))
            .transpose()?;
        let given_service_account = service_account_token.is_some();
        let overrides = OnePasswordOverrides {
            // A service account token given on stdin means: not the Connect server in the
            // environment.
            host: if given_service_account {
                None
            } else {
                given.text("connect-host")
            },
            connect_token,
            service_account_token,
            op_path: given.path("op-path"),
            timeout: given.timeout(),
        };
        let mut config = if given_service_account {
            OnePasswordConfig::from_lookup(overrides, |_| None)
        } else {
            OnePasswordConfig::from_env(overrides)
        }?;
        // The `op` CLI has its own trust store; a CA is for a Connect server.
        if matches!(config.access, Access::Connect { .. }) {
            config.ca_cert_pem = crate::tls::ca_from_flag_or_env(given.ca_cert.as_deref())?;
        } else if given.ca_cert.is_some() {
            return Err(SetupError::Usage(
                "--ca-cert applies to a Connect server; the `op` CLI uses the system's \
                 certificates"
                    .into(),
            ));
        }
        Ok(config)
    }

    /// New credentials for a stored integration: the token from the environment variable
    /// `add` reads, else from stdin (or a hidden prompt on a terminal). The Connect server,
    /// the `op` path and the timeout are kept.
    fn reauth(
        mut stored: OnePasswordConfig,
        _given: &Given,
        io: &mut dyn SetupIo,
    ) -> Result<OnePasswordConfig, SetupError> {
        let mut token = |var: &str, what: &str| -> Result<SecretString, SetupError> {
            match env(var) {
                Some(token) => Ok(token.into()),
                None => io.secret(&format!("the new {what} (or set {var})")),
            }
        };
        stored.access = match stored.access {
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
        Ok(stored)
    }
}
