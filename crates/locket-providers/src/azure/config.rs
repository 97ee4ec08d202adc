//! How to reach Key Vault and sign in to Microsoft Entra ID: [`AzureConfig`], stored sealed in
//! the vault with the tokens it has obtained ([`StoredToken`]) so the next run starts from them.

use std::time::Duration;

use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use crate::ProviderError;

/// Microsoft Entra ID on the public cloud (`AZURE_AUTHORITY_HOST` overrides it).
pub const DEFAULT_AUTHORITY_HOST: &str = "https://login.microsoftonline.com";
/// The Azure CLI's public client id: the default for device-code and browser sign-in, as the
/// Azure SDKs' `DeviceCodeCredential` and `InteractiveBrowserCredential` use it.
pub const AZURE_CLI_CLIENT_ID: &str = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
/// The tenant for user sign-in when none is given: any work or school account.
pub const DEFAULT_USER_TENANT: &str = "organizations";
/// How long one request may take, connection included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// Attempts per request for connection failures, 429 and 500/502/503/504.
pub const MAX_ATTEMPTS: u32 = 3;

/// A connection to Azure Key Vault. Serialisable (stored sealed); its `Debug` shows no
/// credential or token.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AzureConfig {
    /// Directory (tenant) id or domain (`AZURE_TENANT_ID`); `organizations` for user sign-in.
    pub tenant_id: String,
    /// Application (client) id (`AZURE_CLIENT_ID`).
    pub client_id: String,
    /// Entra ID's host (`AZURE_AUTHORITY_HOST`), e.g. `https://login.microsoftonline.us`.
    #[serde(default = "default_authority_host")]
    pub authority_host: String,
    pub auth: Auth,
    /// The last access token, kept to skip a sign-in per run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<StoredToken>,
    /// Send Key Vault requests here instead of to the identifier's host (a private endpoint
    /// under another name, a proxy, a local fake). The identifier's host still decides the
    /// token's audience.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vault_url: Option<String>,
    /// PEM certificates trusted in addition to the system's (`--ca-cert`, `SSL_CERT_FILE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_cert_pem: Option<String>,
    #[serde(default = "default_timeout_ms")]
    pub timeout_ms: u64,
    #[serde(default = "default_max_attempts")]
    pub max_attempts: u32,
}

/// How locket obtains tokens.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Auth {
    /// A service principal's client secret (client credentials grant).
    ClientSecret {
        #[serde(with = "crate::shared::secret_string")]
        secret: SecretString,
    },
    /// A service principal's certificate: a PEM holding the certificate and its private key;
    /// locket signs a client assertion with it.
    ClientCertificate {
        #[serde(with = "crate::shared::secret_string")]
        pem: SecretString,
    },
    /// A person signed in (device code or browser): the refresh token, renewed silently.
    User {
        #[serde(with = "crate::shared::secret_string")]
        refresh_token: SecretString,
        /// `device_code` or `browser`, to sign in the same way at `reauth`.
        flow: String,
        /// Who signed in, for messages.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        account: Option<String>,
    },
    /// The Azure CLI's sign-in (`az account get-access-token`), asked at each use.
    AzureCli,
}

impl Auth {
    /// For messages and `integration list`.
    pub fn method(&self) -> &'static str {
        match self {
            Auth::ClientSecret { .. } => "service principal, client secret",
            Auth::ClientCertificate { .. } => "service principal, certificate",
            Auth::User { flow, .. } if flow == "browser" => "browser sign-in",
            Auth::User { .. } => "device code sign-in",
            Auth::AzureCli => "Azure CLI",
        }
    }
}

/// An access token with its expiry (Unix seconds) and the resource it was issued for.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StoredToken {
    #[serde(with = "crate::shared::secret_string")]
    pub access_token: SecretString,
    pub expires_at: i64,
    pub resource: String,
}

impl AzureConfig {
    pub fn new(tenant_id: impl Into<String>, client_id: impl Into<String>, auth: Auth) -> Self {
        AzureConfig {
            tenant_id: tenant_id.into(),
            client_id: client_id.into(),
            authority_host: DEFAULT_AUTHORITY_HOST.to_string(),
            auth,
            token: None,
            vault_url: None,
            ca_cert_pem: None,
            timeout_ms: default_timeout_ms(),
            max_attempts: MAX_ATTEMPTS,
        }
    }

    pub fn timeout(&self) -> Duration {
        Duration::from_millis(self.timeout_ms.max(1))
    }

    /// The Key Vault resource of the authority's cloud, for tokens asked before any vault
    /// has answered (sign-in, `whoami`).
    pub fn default_resource(&self) -> &'static str {
        let host = self.authority_host.to_ascii_lowercase();
        if host.contains("chinacloudapi.cn") {
            "https://vault.azure.cn"
        } else if host.contains("microsoftonline.us") {
            "https://vault.usgovcloudapi.net"
        } else if host.contains("microsoftonline.de") {
            "https://vault.microsoftazure.de"
        } else {
            "https://vault.azure.net"
        }
    }

    /// Checks what can be checked offline: ids, URLs, timeout.
    pub fn validate(&self) -> Result<(), ProviderError> {
        let id_ok = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
        };
        if !id_ok(&self.tenant_id) {
            return Err(ProviderError::Other(format!(
                "the Azure tenant `{}` is not a tenant id or domain: set AZURE_TENANT_ID or --tenant",
                self.tenant_id
            )));
        }
        if !id_ok(&self.client_id) {
            return Err(ProviderError::Other(format!(
                "the Azure client id `{}` is not an application id: set AZURE_CLIENT_ID or --client-id",
                self.client_id
            )));
        }
        check_url(
            "the Azure authority host (AZURE_AUTHORITY_HOST)",
            &self.authority_host,
        )?;
        if let Some(url) = &self.vault_url {
            check_url("the Key Vault URL (--vault-url)", url)?;
        }
        if self.max_attempts == 0 {
            return Err(ProviderError::Other(
                "the Key Vault request attempts must be at least 1".into(),
            ));
        }
        Ok(())
    }
}

/// https, or http to this machine only (a local emulator or test fake): tokens never cross a
/// network in clear.
pub(crate) fn check_url(what: &str, text: &str) -> Result<reqwest::Url, ProviderError> {
    let url = reqwest::Url::parse(text)
        .map_err(|e| ProviderError::Other(format!("{what} `{text}` is not a URL ({e})")))?;
    let loopback = matches!(
        url.host(),
        Some(url::Host::Ipv4(ip)) if ip.is_loopback()
    ) || matches!(url.host(), Some(url::Host::Ipv6(ip)) if ip.is_loopback())
        || url.host_str() == Some("localhost");
    match url.scheme() {
        "https" if url.host_str().is_some() => Ok(url),
        "http" if loopback => Ok(url),
        _ => Err(ProviderError::Other(format!(
            "{what} `{text}` must be an https:// URL (http:// only to this machine)"
        ))),
    }
}

fn default_authority_host() -> String {
    DEFAULT_AUTHORITY_HOST.to_string()
}

fn default_timeout_ms() -> u64 {
    DEFAULT_TIMEOUT.as_millis() as u64
}

fn default_max_attempts() -> u32 {
    MAX_ATTEMPTS
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    #[test]
    fn round_trip_and_debug_hides_secrets() {
        let mut config = AzureConfig::new(
            "contoso.onmicrosoft.com",
            "app-1",
            Auth::User {
                refresh_token: "rt-hidden-value".into(),
                flow: "device_code".into(),
                account: Some("a@contoso.com".into()),
            },
        );
        config.token = Some(StoredToken {
            access_token: "at-hidden-value".into(),
            expires_at: 42,
            resource: "https://vault.azure.net".into(),
        });
        let json = serde_json::to_vec(&config).unwrap();
        let back: AzureConfig = serde_json::from_slice(&json).unwrap();
        assert!(
            matches!(&back.auth, Auth::User { refresh_token, .. } if refresh_token.expose_secret() == "rt-hidden-value")
        );
        assert_eq!(back.token.as_ref().unwrap().expires_at, 42);
        let debug = format!("{back:?}");
        assert!(!debug.contains("hidden-value"), "{debug}");
        back.validate().unwrap();
    }

    #[test]
    fn urls_must_be_https_or_local() {
        let mut config = AzureConfig::new("t", "c", Auth::ClientSecret { secret: "s".into() });
        config.authority_host = "http://login.example.com".into();
        assert!(config.validate().is_err());
        config.authority_host = "http://127.0.0.1:8080".into();
        config.validate().unwrap();
        config.vault_url = Some("https://10.0.0.4".into());
        config.validate().unwrap();
        config.tenant_id = "bad tenant".into();
        assert!(config.validate().is_err());
    }

    #[test]
    fn sovereign_authorities_pick_their_vault_resource() {
        let mut config = AzureConfig::new("t", "c", Auth::AzureCli);
        assert_eq!(config.default_resource(), "https://vault.azure.net");
        config.authority_host = "https://login.chinacloudapi.cn".into();
        assert_eq!(config.default_resource(), "https://vault.azure.cn");
        config.authority_host = "https://login.microsoftonline.us/".into();
        assert_eq!(config.default_resource(), "https://vault.usgovcloudapi.net");
    }
}
