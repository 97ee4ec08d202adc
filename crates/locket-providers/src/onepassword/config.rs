//! How to reach 1Password: a Connect server (`OP_CONNECT_HOST` + `OP_CONNECT_TOKEN`) or a
//! service account through the `op` CLI (`OP_SERVICE_ACCOUNT_TOKEN`). As in the `op` CLI,
//! Connect wins when both are set.

use std::path::PathBuf;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use crate::ProviderError;

/// How long one request (or one `op` run) may take.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// Attempts per request when the server is unreachable, throttling or failing (429, 5xx).
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;

/// One 1Password integration. Serialisable (stored sealed); `Debug` shows no token.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct OnePasswordConfig {
    #[serde(flatten)]
    pub access: Access,
    #[serde(default = "default_timeout_ms")]
    pub timeout_ms: u64,
    #[serde(default = "default_attempts")]
    pub max_attempts: u32,
    /// PEM certificates to trust besides the system's (`--ca-cert`, else `SSL_CERT_FILE`, read
    /// at `integration add`): private endpoints, corporate proxies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_cert_pem: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "via", rename_all = "snake_case")]
pub enum Access {
    /// A 1Password Connect server and one of its access tokens (a bearer JWT).
    Connect {
        host: String,
        #[serde(with = "crate::shared::secret_string")]
        token: SecretString,
    },
    /// A service account token, given to the `op` CLI in its environment.
    ServiceAccount {
        #[serde(with = "crate::shared::secret_string")]
        token: SecretString,
        /// The `op` executable; found on PATH at each use when not set.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        op_path: Option<PathBuf>,
    },
}

impl Access {
    pub fn method(&self) -> &'static str {
        match self {
            Access::Connect { .. } => "connect",
            Access::ServiceAccount { .. } => "service account",
        }
    }

    pub fn token(&self) -> &SecretString {
        match self {
            Access::Connect { token, .. } | Access::ServiceAccount { token, .. } => token,
        }
    }
}

/// Settings given explicitly; each wins over the environment.
#[derive(Clone, Debug, Default)]
pub struct OnePasswordOverrides {
    pub host: Option<String>,
    pub connect_token: Option<SecretString>,
    pub service_account_token: Option<SecretString>,
    pub op_path: Option<PathBuf>,
    pub timeout: Option<Duration>,
}

impl OnePasswordConfig {
    pub fn connect(host: impl Into<String>, token: SecretString) -> Self {
        Self::new(Access::Connect {
            host: host.into(),
            token,
        })
    }

    pub fn service_account(token: SecretString, op_path: Option<PathBuf>) -> Self {
        Self::new(Access::ServiceAccount { token, op_path })
    }

    pub fn new(access: Access) -> Self {
        OnePasswordConfig {
            access,
            timeout_ms: default_timeout_ms(),
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            ca_cert_pem: None,
        }
    }

    pub fn timeout(&self) -> Duration {
        Duration::from_millis(self.timeout_ms.max(1))
    }

    /// From `overrides` over the process environment; see [`OnePasswordConfig::from_lookup`].
    pub fn from_env(overrides: OnePasswordOverrides) -> Result<Self, ProviderError> {
        Self::from_lookup(overrides, |n| std::env::var(n).ok())
    }

    /// Connect when a host and a Connect token are known (explicitly, else `OP_CONNECT_HOST`
    /// and `OP_CONNECT_TOKEN`); else a service account (explicit, else
    /// `OP_SERVICE_ACCOUNT_TOKEN`). Empty values count as unset.
    pub fn from_lookup(
        overrides: OnePasswordOverrides,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ProviderError> {
        let var = |name: &str| env(name).filter(|v| !v.trim().is_empty());
        let host = overrides.host.or_else(|| var("OP_CONNECT_HOST"));
        let connect_token = overrides
            .connect_token
            .or_else(|| var("OP_CONNECT_TOKEN").map(SecretString::from));
        let sa_token = overrides
            .service_account_token
            .or_else(|| var("OP_SERVICE_ACCOUNT_TOKEN").map(SecretString::from));
        let access = match (host, connect_token, sa_token) {
            (Some(host), Some(token), _) => Access::Connect {
                host: host.trim().to_string(),
                token,
            },
            (None, Some(_), None) => {
                return Err(ProviderError::Other(
                    "a Connect token without a Connect server: set OP_CONNECT_HOST (or \
                     --connect-host) to the server's URL"
                        .into(),
                ));
            }
            (Some(_), None, None) => {
                return Err(ProviderError::Other(
                    "a Connect server without a token: set OP_CONNECT_TOKEN or pass \
                     --connect-token-stdin"
                        .into(),
                ));
            }
            (_, _, Some(token)) => Access::ServiceAccount {
                token,
                op_path: overrides.op_path,
            },
            (None, None, None) => {
                return Err(ProviderError::Other(
                    "no 1Password credentials: set OP_CONNECT_HOST + OP_CONNECT_TOKEN (a \
                     Connect server) or OP_SERVICE_ACCOUNT_TOKEN (a service account, through \
                     the `op` CLI), or pass --connect-token-stdin / \
                     --service-account-token-stdin"
                        .into(),
                ));
            }
        };
        let mut config = Self::new(access);
        if let Some(timeout) = overrides.timeout {
            config.timeout_ms = timeout.as_millis().try_into().unwrap_or(u64::MAX);
        }
        config.validate()?;
        Ok(config)
    }

    /// Checks what can be checked offline: the Connect URL, the timeout.
    pub fn validate(&self) -> Result<(), ProviderError> {
        if let Access::Connect { host, token } = &self.access {
            let url = reqwest::Url::parse(host).map_err(|e| {
                ProviderError::Other(format!(
                    "the Connect server address `{host}` is not a URL ({e}): use e.g. \
                     http://localhost:8080"
                ))
            })?;
            if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
                return Err(ProviderError::Other(format!(
                    "the Connect server address `{host}` must be an http(s) URL with a host"
                )));
            }
            if token.expose_secret().trim().is_empty() {
                return Err(ProviderError::Other("the Connect token is empty".into()));
            }
        }
        if self.timeout_ms == 0 {
            return Err(ProviderError::Other(
                "the timeout must be more than 0".into(),
            ));
        }
        Ok(())
    }
}

fn default_timeout_ms() -> u64 {
    DEFAULT_TIMEOUT.as_millis() as u64
}

fn default_attempts() -> u32 {
    DEFAULT_MAX_ATTEMPTS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |n| {
            vars.iter()
                .find(|(k, _)| *k == n)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn connect_wins_over_a_service_account_as_in_op() {
        let c = OnePasswordConfig::from_lookup(
            OnePasswordOverrides::default(),
            env(&[
                ("OP_CONNECT_HOST", "http://localhost:8080"),
                ("OP_CONNECT_TOKEN", "ct-secret"),
                ("OP_SERVICE_ACCOUNT_TOKEN", "ops_secret"),
            ]),
        )
        .unwrap();
        assert_eq!(c.access.method(), "connect");
        let shown = format!("{c:?}");
        assert!(!shown.contains("ct-secret") && !shown.contains("ops_secret"));
        let json = serde_json::to_vec(&c).unwrap();
        let back: OnePasswordConfig = serde_json::from_slice(&json).unwrap();
        assert_eq!(back.access.token().expose_secret(), "ct-secret");
    }

    #[test]
    fn service_account_and_missing_pieces() {
        let c = OnePasswordConfig::from_lookup(
            OnePasswordOverrides::default(),
            env(&[("OP_SERVICE_ACCOUNT_TOKEN", "ops_x")]),
        )
        .unwrap();
        assert_eq!(c.access.method(), "service account");
        for vars in [
            &[][..],
            &[("OP_CONNECT_TOKEN", "t")][..],
            &[("OP_CONNECT_HOST", "http://h")][..],
        ] {
            let vars: &'static [(&str, &str)] = Box::leak(vars.to_vec().into_boxed_slice());
            assert!(OnePasswordConfig::from_lookup(Default::default(), env(vars)).is_err());
        }
    }
}
