//! How to reach and authenticate to a HashiCorp Vault / OpenBao server: [`HcvConfig`], built
//! from explicit settings ([`HcvOverrides`]) over the environment the `vault` and `bao` CLIs
//! read.

use std::path::{Path, PathBuf};
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use crate::ProviderError;

/// The address the `vault` CLI uses when `VAULT_ADDR` is not set.
pub const DEFAULT_ADDRESS: &str = "https://127.0.0.1:8200";
/// How long one request may take, connection included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// How many times a request is sent at most when the server is unreachable, throttling or
/// failing (429, 500, 502, 503 unless sealed, 504).
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
/// Where the AppRole auth method is mounted unless told otherwise.
pub const DEFAULT_APPROLE_MOUNT: &str = "approle";

/// A connection to one Vault / OpenBao server. Serialisable (it is stored sealed in the vault);
/// its `Debug` shows no credential.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct HcvConfig {
    /// The server, e.g. `https://vault.example.com:8200` (`VAULT_ADDR`).
    pub address: String,
    /// Enterprise / OpenBao namespace sent as `X-Vault-Namespace` (`VAULT_NAMESPACE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    pub auth: Auth,
    /// Per request, connection included (`VAULT_CLIENT_TIMEOUT`).
    #[serde(
        rename = "timeout_ms",
        with = "duration_ms",
        default = "default_timeout"
    )]
    pub timeout: Duration,
    /// Attempts per request for retryable failures, at least 1.
    #[serde(default = "default_max_attempts")]
    pub max_attempts: u32,
    /// PEM certificates to trust instead of the system's roots (the contents of the file
    /// `VAULT_CACERT` names, read when the configuration is made).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_cert_pem: Option<String>,
    /// Accept any server certificate (`VAULT_SKIP_VERIFY`). For tests only.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub tls_skip_verify: bool,
}

/// How locket authenticates.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Auth {
    /// A token, sent as `X-Vault-Token`. Renewed near expiry when renewable.
    Token {
        #[serde(with = "crate::shared::secret_string")]
        token: SecretString,
    },
    /// AppRole: `POST /v1/auth/MOUNT/login` with the role id and secret id gives a token;
    /// locket logs in again when that token expires or is refused.
    #[serde(rename = "approle")]
    AppRole {
        role_id: String,
        #[serde(with = "crate::shared::secret_string")]
        secret_id: SecretString,
        /// Where the AppRole method is mounted (`approle` unless the server says otherwise).
        #[serde(default = "default_approle_mount")]
        mount: String,
    },
}

impl Auth {
    /// `token` or `approle`, for messages.
    pub fn method(&self) -> &'static str {
        match self {
            Auth::Token { .. } => "token",
            Auth::AppRole { .. } => "approle",
        }
    }
}

/// Settings given explicitly (flags, `locket integration add` answers). Each one set here wins
/// over the environment.
#[derive(Clone, Debug, Default)]
pub struct HcvOverrides {
    pub address: Option<String>,
    pub namespace: Option<String>,
    pub token: Option<SecretString>,
    pub role_id: Option<String>,
    pub secret_id: Option<SecretString>,
    pub approle_mount: Option<String>,
    pub timeout: Option<Duration>,
    pub max_attempts: Option<u32>,
    /// A PEM file of certificates to trust.
    pub ca_cert: Option<PathBuf>,
    pub tls_skip_verify: Option<bool>,
}

impl HcvConfig {
    /// A token configuration with the defaults.
    pub fn with_token(address: impl Into<String>, token: SecretString) -> Self {
        Self::new(address.into(), Auth::Token { token })
    }

    /// An AppRole configuration with the defaults (method mounted at `approle`).
    pub fn with_approle(
        address: impl Into<String>,
        role_id: impl Into<String>,
        secret_id: SecretString,
    ) -> Self {
        Self::new(
            address.into(),
            Auth::AppRole {
                role_id: role_id.into(),
                secret_id,
                mount: DEFAULT_APPROLE_MOUNT.to_string(),
            },
        )
    }

    fn new(address: String, auth: Auth) -> Self {
        HcvConfig {
            address,
            namespace: None,
            auth,
            timeout: DEFAULT_TIMEOUT,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            ca_cert_pem: None,
            tls_skip_verify: false,
        }
    }

    /// The configuration from `overrides` over the process environment; see
    /// [`HcvConfig::from_lookup`].
    pub fn from_env(overrides: HcvOverrides) -> Result<Self, ProviderError> {
        Self::from_lookup(overrides, |name| std::env::var(name).ok())
    }

    /// The configuration from `overrides` over the variables `env` returns (empty values count
    /// as unset). Each setting comes from the override, else from the `VAULT_*` variable, else
    /// from its `BAO_*` twin:
    ///
    /// - address: `VAULT_ADDR`, default `https://127.0.0.1:8200`;
    /// - namespace: `VAULT_NAMESPACE`;
    /// - credentials, first that is present: an explicit token; an explicit role id (its secret
    ///   id explicit or `VAULT_SECRET_ID`); `VAULT_ROLE_ID` + `VAULT_SECRET_ID` (AppRole);
    ///   `VAULT_TOKEN`; the token file the `vault` CLI writes at login (`~/.vault-token`);
    /// - timeout: `VAULT_CLIENT_TIMEOUT` (`30`, `30s`, `500ms`, `2m`);
    /// - certificates: `VAULT_CACERT` (a PEM file), `VAULT_SKIP_VERIFY`.
    pub fn from_lookup(
        overrides: HcvOverrides,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ProviderError> {
        let var = |name: &str| {
            [format!("VAULT_{name}"), format!("BAO_{name}")]
                .iter()
                .find_map(|n| env(n).filter(|v| !v.trim().is_empty()))
        };
        let auth = auth_from(&overrides, &var, &env)?;
        let address = overrides
            .address
            .or_else(|| var("ADDR"))
            .unwrap_or_else(|| DEFAULT_ADDRESS.to_string());
        let namespace = overrides.namespace.or_else(|| var("NAMESPACE"));
        let timeout = match (overrides.timeout, var("CLIENT_TIMEOUT")) {
            (Some(t), _) => t,
            (None, Some(text)) => parse_duration(&text).ok_or_else(|| {
                ProviderError::Other(format!(
                    "VAULT_CLIENT_TIMEOUT `{text}` is not a duration: use e.g. `30`, `30s`, `500ms` or `2m`"
                ))
            })?,
            (None, None) => DEFAULT_TIMEOUT,
        };
        let ca_cert = overrides
            .ca_cert
            .or_else(|| var("CACERT").map(PathBuf::from));
        let ca_cert_pem = ca_cert
            .map(|path| crate::tls::read_ca_file(&path))
            .transpose()
            .map_err(|e| e.map_message(|m| format!("{m} (VAULT_CACERT)")))?;
        let tls_skip_verify = match overrides.tls_skip_verify {
            Some(skip) => skip,
            None => var("SKIP_VERIFY").is_some_and(|v| truthy(&v)),
        };
        let config = HcvConfig {
            address,
            namespace,
            auth,
            timeout,
            max_attempts: overrides.max_attempts.unwrap_or(DEFAULT_MAX_ATTEMPTS),
            ca_cert_pem,
            tls_skip_verify,
        };
        config.validate()?;
        Ok(config)
    }

    /// Checks what can be checked without the server: the address, the timeout, the attempts.
    pub fn validate(&self) -> Result<(), ProviderError> {
        let url = reqwest::Url::parse(&self.address).map_err(|e| {
            ProviderError::Other(format!(
                "the Vault/OpenBao address `{}` is not a URL ({e}): use e.g. https://vault.example.com:8200",
                self.address
            ))
        })?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(ProviderError::Other(format!(
                "the Vault/OpenBao address `{}` must be an http:// or https:// URL with a host",
                crate::transport::shown(&url)
            )));
        }
        if self.timeout.is_zero() {
            return Err(ProviderError::Other(
                "the Vault/OpenBao timeout must be more than zero".to_string(),
            ));
        }
        if self.max_attempts == 0 {
            return Err(ProviderError::Other(
                "the Vault/OpenBao request attempts must be at least 1".to_string(),
            ));
        }
        if let Auth::AppRole { role_id, mount, .. } = &self.auth {
            if role_id.trim().is_empty() {
                return Err(ProviderError::Auth(
                    "the AppRole role id is empty: set VAULT_ROLE_ID".to_string(),
                ));
            }
            if mount.trim_matches('/').is_empty() {
                return Err(ProviderError::Auth(
                    "the AppRole mount path is empty (the default is `approle`)".to_string(),
                ));
            }
        }
        Ok(())
    }
}

fn auth_from(
    overrides: &HcvOverrides,
    var: &dyn Fn(&str) -> Option<String>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Auth, ProviderError> {
    let mount = overrides
        .approle_mount
        .clone()
        .unwrap_or_else(|| DEFAULT_APPROLE_MOUNT.to_string());
    if let Some(token) = &overrides.token {
        return Ok(Auth::Token {
            token: token.clone(),
        });
    }
    let approle = |role_id: String, secret_id: Option<SecretString>| match secret_id {
        Some(secret_id) => Ok(Auth::AppRole {
            role_id,
            secret_id,
            mount: mount.clone(),
        }),
        None => Err(ProviderError::Auth(
            "an AppRole role id is set but no secret id: set VAULT_SECRET_ID too".to_string(),
        )),
    };
    let env_secret_id = || var("SECRET_ID").map(SecretString::from);
    if let Some(role_id) = &overrides.role_id {
        return approle(
            role_id.clone(),
            overrides.secret_id.clone().or_else(env_secret_id),
        );
    }
    if let Some(role_id) = var("ROLE_ID") {
        return approle(role_id, overrides.secret_id.clone().or_else(env_secret_id));
    }
    if overrides.secret_id.is_some() || var("SECRET_ID").is_some() {
        return Err(ProviderError::Auth(
            "an AppRole secret id is set but no role id: set VAULT_ROLE_ID too".to_string(),
        ));
    }
    if let Some(token) = var("TOKEN") {
        return Ok(Auth::Token {
            token: SecretString::from(token.trim().to_string()),
        });
    }
    if let Some(home) = env("HOME").filter(|h| !h.is_empty()) {
        let file = Path::new(&home).join(".vault-token");
        if let Ok(text) = std::fs::read_to_string(&file) {
            let token = SecretString::from(text.trim().to_string());
            drop(secrecy::zeroize::Zeroizing::new(text));
            if !token.expose_secret().is_empty() {
                return Ok(Auth::Token { token });
            }
        }
    }
    Err(ProviderError::Auth(
        "no Vault/OpenBao credentials: set VAULT_TOKEN, or VAULT_ROLE_ID and VAULT_SECRET_ID \
         for AppRole, or log in with `vault login` / `bao login`"
            .to_string(),
    ))
}

fn truthy(value: &str) -> bool {
    matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "1" | "true" | "t" | "yes" | "y"
    )
}

/// `30` (seconds), `30s`, `500ms`, `2m`, `1h`.
pub(super) fn parse_duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number.parse().ok()?;
    let duration = match unit.trim() {
        "" | "s" => Duration::from_secs(number),
        "ms" => Duration::from_millis(number),
        "m" => Duration::from_secs(number.checked_mul(60)?),
        "h" => Duration::from_secs(number.checked_mul(3600)?),
        _ => return None,
    };
    (!duration.is_zero()).then_some(duration)
}

fn default_timeout() -> Duration {
    DEFAULT_TIMEOUT
}

fn default_max_attempts() -> u32 {
    DEFAULT_MAX_ATTEMPTS
}

fn default_approle_mount() -> String {
    DEFAULT_APPROLE_MOUNT.to_string()
}

mod duration_ms {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        u64::deserialize(d).map(Duration::from_millis)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn lookup(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn environment_gives_address_namespace_and_token() {
        let config = HcvConfig::from_lookup(
            HcvOverrides::default(),
            lookup(&[
                ("VAULT_ADDR", "http://127.0.0.1:8200"),
                ("VAULT_TOKEN", "s.tok"),
                ("VAULT_NAMESPACE", "team"),
                ("VAULT_CLIENT_TIMEOUT", "3s"),
            ]),
        )
        .unwrap();
        assert_eq!(config.address, "http://127.0.0.1:8200");
        assert_eq!(config.namespace.as_deref(), Some("team"));
        assert_eq!(config.timeout, Duration::from_secs(3));
        assert!(matches!(&config.auth, Auth::Token { token } if token.expose_secret() == "s.tok"));
    }

    #[test]
    fn overrides_win_and_approle_beats_a_token() {
        let env = lookup(&[
            ("VAULT_ADDR", "http://env:8200"),
            ("VAULT_TOKEN", "s.env"),
            ("VAULT_ROLE_ID", "role-env"),
            ("VAULT_SECRET_ID", "sid-env"),
        ]);
        let config = HcvConfig::from_lookup(
            HcvOverrides {
                address: Some("http://flag:8200".into()),
                ..Default::default()
            },
            &env,
        )
        .unwrap();
        assert_eq!(config.address, "http://flag:8200");
        assert!(matches!(&config.auth, Auth::AppRole { role_id, .. } if role_id == "role-env"));

        let config = HcvConfig::from_lookup(
            HcvOverrides {
                token: Some(SecretString::from("s.flag")),
                ..Default::default()
            },
            &env,
        )
        .unwrap();
        assert!(matches!(&config.auth, Auth::Token { token } if token.expose_secret() == "s.flag"));
    }

    #[test]
    fn bao_variables_are_read_too_and_defaults_apply() {
        let config =
            HcvConfig::from_lookup(HcvOverrides::default(), lookup(&[("BAO_TOKEN", "s.b")]))
                .unwrap();
        assert_eq!(config.address, DEFAULT_ADDRESS);
        assert_eq!(config.timeout, DEFAULT_TIMEOUT);
        assert_eq!(config.max_attempts, DEFAULT_MAX_ATTEMPTS);
    }

    #[test]
    fn missing_or_half_credentials_are_auth_errors() {
        let none = HcvConfig::from_lookup(HcvOverrides::default(), lookup(&[])).unwrap_err();
        assert!(matches!(none, ProviderError::Auth(m) if m.contains("VAULT_TOKEN")));
        let half =
            HcvConfig::from_lookup(HcvOverrides::default(), lookup(&[("VAULT_ROLE_ID", "r")]))
                .unwrap_err();
        assert!(matches!(half, ProviderError::Auth(m) if m.contains("VAULT_SECRET_ID")));
        let half = HcvConfig::from_lookup(
            HcvOverrides::default(),
            lookup(&[("VAULT_SECRET_ID", "hidden-sid")]),
        )
        .unwrap_err();
        assert!(
            matches!(half, ProviderError::Auth(m) if m.contains("VAULT_ROLE_ID") && !m.contains("hidden-sid"))
        );
    }

    #[test]
    fn token_file_is_the_last_resort() {
        let home = tempfile::tempdir().unwrap();
        std::fs::write(home.path().join(".vault-token"), "s.file\n").unwrap();
        let home = home.path().to_str().unwrap().to_string();
        let config =
            HcvConfig::from_lookup(HcvOverrides::default(), lookup(&[("HOME", &home)])).unwrap();
        assert!(matches!(&config.auth, Auth::Token { token } if token.expose_secret() == "s.file"));
    }

    #[test]
    fn bad_address_and_timeout_are_refused() {
        let err = HcvConfig::from_lookup(
            HcvOverrides::default(),
            lookup(&[("VAULT_ADDR", "vault:8200"), ("VAULT_TOKEN", "t")]),
        )
        .unwrap_err();
        assert!(err.to_string().contains("http:// or https://"), "{err}");
        let err = HcvConfig::from_lookup(
            HcvOverrides::default(),
            lookup(&[("VAULT_CLIENT_TIMEOUT", "soon"), ("VAULT_TOKEN", "t")]),
        )
        .unwrap_err();
        assert!(err.to_string().contains("VAULT_CLIENT_TIMEOUT"), "{err}");
    }

    #[test]
    fn serde_round_trip_and_debug_hides_credentials() {
        let mut config = HcvConfig::with_approle(
            "http://127.0.0.1:8200",
            "role",
            SecretString::from("sid-hidden"),
        );
        config.namespace = Some("team".into());
        config.timeout = Duration::from_millis(2500);
        let json = serde_json::to_string(&config).unwrap();
        let back: HcvConfig = serde_json::from_str(&json).unwrap();
        assert_eq!(back.timeout, Duration::from_millis(2500));
        assert_eq!(back.namespace.as_deref(), Some("team"));
        assert!(
            matches!(&back.auth, Auth::AppRole { secret_id, mount, .. } if secret_id.expose_secret() == "sid-hidden" && mount == "approle")
        );
        let debug = format!("{back:?}");
        assert!(!debug.contains("sid-hidden"), "{debug}");
        let token = HcvConfig::with_token("http://x:1", SecretString::from("s.hidden"));
        assert!(!format!("{token:?}").contains("s.hidden"));
        let minimal: HcvConfig = serde_json::from_str(
            r#"{"address":"http://x:1","auth":{"method":"token","token":"t"}}"#,
        )
        .unwrap();
        assert_eq!(minimal.timeout, DEFAULT_TIMEOUT);
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30"), Some(Duration::from_secs(30)));
        assert_eq!(parse_duration("500ms"), Some(Duration::from_millis(500)));
        assert_eq!(parse_duration("2m"), Some(Duration::from_secs(120)));
        assert_eq!(parse_duration("0"), None);
        assert_eq!(parse_duration("1d"), None);
    }
}
