//! How to reach GCP Secret Manager and sign in: a service account key (the JSON file a key
//! download gives), Application Default Credentials of a person (`gcloud auth
//! application-default login`: an OAuth refresh token), or the metadata server of the VM or
//! container locket runs on.

use std::path::{Path, PathBuf};
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use crate::ProviderError;

pub const DEFAULT_ENDPOINT: &str = "https://secretmanager.googleapis.com";
pub const DEFAULT_TOKEN_URI: &str = "https://oauth2.googleapis.com/token";
pub const DEFAULT_METADATA_HOST: &str = "metadata.google.internal";
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;

/// One GCP integration; serialisable (stored sealed), `Debug` without secrets.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct GcpConfig {
    pub credentials: Credentials,
    /// The project of `gcp-sm://SECRET` references.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    /// The Secret Manager API root (private endpoints, regional endpoints, tests).
    #[serde(default = "default_endpoint")]
    pub endpoint: String,
    #[serde(default = "default_timeout_ms")]
    pub timeout_ms: u64,
    #[serde(default = "default_attempts")]
    pub max_attempts: u32,
    /// PEM certificates to trust besides the system's (`--ca-cert`, else `SSL_CERT_FILE`, read
    /// at `integration add`): private endpoints, corporate proxies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_cert_pem: Option<String>,
}

/// The credentials; the first two read straight from Google's JSON credential files (their
/// `type` field), extra fields ignored.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Credentials {
    ServiceAccount {
        client_email: String,
        #[serde(with = "crate::shared::secret_string")]
        private_key: SecretString,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        private_key_id: Option<String>,
        #[serde(default = "default_token_uri")]
        token_uri: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        project_id: Option<String>,
    },
    AuthorizedUser {
        client_id: String,
        #[serde(with = "crate::shared::secret_string")]
        client_secret: SecretString,
        #[serde(with = "crate::shared::secret_string")]
        refresh_token: SecretString,
        #[serde(default = "default_token_uri")]
        token_uri: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        quota_project_id: Option<String>,
    },
    /// The metadata server (`GCE_METADATA_HOST` or `metadata.google.internal`).
    Metadata {
        #[serde(default = "default_metadata_host")]
        host: String,
    },
}

impl Credentials {
    pub fn method(&self) -> &'static str {
        match self {
            Credentials::ServiceAccount { .. } => "service account key",
            Credentials::AuthorizedUser { .. } => "application default credentials",
            Credentials::Metadata { .. } => "metadata server",
        }
    }

    /// The secrets in them, to keep out of messages.
    pub fn secrets(&self) -> Vec<String> {
        match self {
            Credentials::ServiceAccount { private_key, .. } => {
                // A PEM key: its base64 lines are what could be echoed.
                private_key
                    .expose_secret()
                    .lines()
                    .filter(|l| !l.starts_with("-----") && l.len() >= 16)
                    .map(str::to_string)
                    .collect()
            }
            Credentials::AuthorizedUser {
                client_secret,
                refresh_token,
                ..
            } => vec![
                client_secret.expose_secret().to_string(),
                refresh_token.expose_secret().to_string(),
            ],
            Credentials::Metadata { .. } => Vec::new(),
        }
    }

    /// Reads a Google credentials JSON file's contents (`type` service_account or
    /// authorized_user). `source` names it in messages.
    pub fn from_json(json: &[u8], source: &str) -> Result<Self, ProviderError> {
        let value: serde_json::Value = serde_json::from_slice(json).map_err(|e| {
            ProviderError::Other(format!(
                "{source} is not a JSON credentials file (line {} column {})",
                e.line(),
                e.column()
            ))
        })?;
        match value.get("type").and_then(|t| t.as_str()) {
            Some("service_account" | "authorized_user") => {}
            Some(other) => {
                return Err(ProviderError::Other(format!(
                    "{source} holds `{other}` credentials; locket reads service account keys \
                     (service_account) and application default credentials (authorized_user)"
                )));
            }
            None => {
                return Err(ProviderError::Other(format!(
                    "{source} has no `type`: is it a Google credentials file?"
                )));
            }
        }
        serde_json::from_value(value)
            .map_err(|e| ProviderError::Other(format!("{source} lacks a field locket needs: {e}")))
    }
}

/// Settings given explicitly; each wins over the environment.
#[derive(Clone, Debug, Default)]
pub struct GcpOverrides {
    pub credentials_file: Option<PathBuf>,
    pub metadata: bool,
    pub project: Option<String>,
    pub endpoint: Option<String>,
    pub timeout: Option<Duration>,
}

impl GcpConfig {
    pub fn new(credentials: Credentials) -> Self {
        GcpConfig {
            credentials,
            project: None,
            endpoint: default_endpoint(),
            timeout_ms: default_timeout_ms(),
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            ca_cert_pem: None,
        }
    }

    pub fn timeout(&self) -> Duration {
        Duration::from_millis(self.timeout_ms.max(1))
    }

    pub fn from_env(overrides: GcpOverrides) -> Result<Self, ProviderError> {
        Self::from_lookup(overrides, |n| std::env::var(n).ok())
    }

    /// Credentials: the metadata server when asked; else the file given, else
    /// `GOOGLE_APPLICATION_CREDENTIALS`, else gcloud's application default credentials
    /// (`$CLOUDSDK_CONFIG` or `~/.config/gcloud`, `application_default_credentials.json`).
    /// Project: given, else `GOOGLE_CLOUD_PROJECT`, `CLOUDSDK_CORE_PROJECT`, else the key's.
    /// Endpoint: given, else `CLOUDSDK_API_ENDPOINT_OVERRIDES_SECRETMANAGER`, else Google's.
    pub fn from_lookup(
        overrides: GcpOverrides,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ProviderError> {
        let var = |name: &str| env(name).filter(|v| !v.trim().is_empty());
        let credentials = if overrides.metadata {
            Credentials::Metadata {
                host: var("GCE_METADATA_HOST").unwrap_or_else(default_metadata_host),
            }
        } else {
            let path = overrides
                .credentials_file
                .or_else(|| var("GOOGLE_APPLICATION_CREDENTIALS").map(PathBuf::from))
                .or_else(|| {
                    let dir = var("CLOUDSDK_CONFIG")
                        .map(PathBuf::from)
                        .or_else(|| var("HOME").map(|h| Path::new(&h).join(".config/gcloud")))?;
                    let adc = dir.join("application_default_credentials.json");
                    adc.is_file().then_some(adc)
                })
                .ok_or_else(|| {
                    ProviderError::Other(
                        "no GCP credentials: set GOOGLE_APPLICATION_CREDENTIALS to a service \
                         account key file, pass --credentials-file, run `gcloud auth \
                         application-default login`, or use --metadata on a GCP VM"
                            .into(),
                    )
                })?;
            let json = std::fs::read(&path).map_err(|e| {
                ProviderError::Other(format!("cannot read {}: {e}", path.display()))
            })?;
            Credentials::from_json(&json, &path.display().to_string())?
        };
        let from_key = match &credentials {
            Credentials::ServiceAccount { project_id, .. } => project_id.clone(),
            Credentials::AuthorizedUser {
                quota_project_id, ..
            } => quota_project_id.clone(),
            Credentials::Metadata { .. } => None,
        };
        let mut config = GcpConfig::new(credentials);
        config.project = overrides
            .project
            .or_else(|| var("GOOGLE_CLOUD_PROJECT"))
            .or_else(|| var("CLOUDSDK_CORE_PROJECT"))
            .or(from_key);
        if let Some(endpoint) = overrides
            .endpoint
            .or_else(|| var("CLOUDSDK_API_ENDPOINT_OVERRIDES_SECRETMANAGER"))
        {
            config.endpoint = endpoint
                .trim_end_matches('/')
                .trim_end_matches("/v1")
                .to_string();
        }
        if let Some(timeout) = overrides.timeout {
            config.timeout_ms = timeout.as_millis().try_into().unwrap_or(u64::MAX);
        }
        config.validate()?;
        Ok(config)
    }

    pub fn validate(&self) -> Result<(), ProviderError> {
        let check = |what: &str, url: &str| -> Result<(), ProviderError> {
            let parsed = reqwest::Url::parse(url).map_err(|e| {
                ProviderError::Other(format!("the {what} `{url}` is not a URL ({e})"))
            })?;
            if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
                return Err(ProviderError::Other(format!(
                    "the {what} `{url}` must be an http(s) URL with a host"
                )));
            }
            Ok(())
        };
        check("Secret Manager endpoint", &self.endpoint)?;
        match &self.credentials {
            Credentials::ServiceAccount { token_uri, .. }
            | Credentials::AuthorizedUser { token_uri, .. } => check("token_uri", token_uri)?,
            Credentials::Metadata { .. } => {}
        }
        Ok(())
    }
}

fn default_endpoint() -> String {
    DEFAULT_ENDPOINT.to_string()
}
fn default_token_uri() -> String {
    DEFAULT_TOKEN_URI.to_string()
}
fn default_metadata_host() -> String {
    DEFAULT_METADATA_HOST.to_string()
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

    #[test]
    fn reads_google_credential_files() {
        let sa = br#"{"type":"service_account","project_id":"p1","private_key_id":"k1",
            "private_key":"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
            "client_email":"sa@p1.iam.gserviceaccount.com","client_id":"1",
            "token_uri":"https://oauth2.googleapis.com/token"}"#;
        let c = Credentials::from_json(sa, "key.json").unwrap();
        assert_eq!(c.method(), "service account key");
        assert!(!format!("{c:?}").contains("AAAA"));
        let au = br#"{"type":"authorized_user","client_id":"cid","client_secret":"cs-secret",
            "refresh_token":"1//rt-secret","quota_project_id":"q"}"#;
        let c = Credentials::from_json(au, "adc.json").unwrap();
        assert!(!format!("{c:?}").contains("rt-secret"));
        let json = serde_json::to_string(&GcpConfig::new(c)).unwrap();
        let back: GcpConfig = serde_json::from_str(&json).unwrap();
        assert_eq!(back.credentials.method(), "application default credentials");
        let e = Credentials::from_json(br#"{"type":"external_account"}"#, "f").unwrap_err();
        assert!(e.to_string().contains("external_account"));
    }
}
