//! The settings of one AWS Secrets Manager integration. Serialisable (the vault stores it
//! sealed); its `Debug` never shows a secret access key or a session token.

use std::fmt;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use crate::ProviderError;

/// The default bound on one call to AWS, retries included (connect and each attempt get half).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// How locket reaches AWS Secrets Manager. Every field is optional: the default is the AWS
/// SDK's own chain (environment, shared config and credentials files with SSO and
/// `credential_process`, web identity, ECS and EC2 instance metadata), as the `aws` CLI does.
#[derive(Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AwsConfig {
    /// Region (`eu-west-1`). Default: the chain's (`AWS_REGION`, the profile, instance
    /// metadata). A reference that is an ARN is always read in the ARN's region.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// A named profile of `~/.aws/config` (as `AWS_PROFILE`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// Fixed keys instead of the chain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub static_keys: Option<StaticKeys>,
    /// A role to assume (STS AssumeRole) with the credentials above.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assume_role: Option<AssumeRole>,
    /// An endpoint for every AWS call of this integration (Secrets Manager, and STS for the
    /// role and `whoami`), as `AWS_ENDPOINT_URL` does; for local emulators. Without it the
    /// SDK honours `AWS_ENDPOINT_URL_SECRETS_MANAGER` and `AWS_ENDPOINT_URL`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint_url: Option<String>,
    /// Bound on one call, retries included, in seconds (default 10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_secs: Option<u64>,
    /// PEM certificates trusted in addition to the system's (`--ca-cert`, `SSL_CERT_FILE`):
    /// a TLS-inspecting proxy, a VPC endpoint behind a private CA.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_cert_pem: Option<String>,
}

/// An access key pair, optionally with the session token of temporary credentials.
#[derive(Clone, Serialize, Deserialize)]
pub struct StaticKeys {
    pub access_key_id: String,
    #[serde(with = "crate::shared::secret_string")]
    pub secret_access_key: SecretString,
    #[serde(
        default,
        with = "crate::shared::opt_secret_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub session_token: Option<SecretString>,
}

/// A role to assume.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AssumeRole {
    pub role_arn: String,
    /// Shows in CloudTrail; default `locket`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_name: Option<String>,
    /// The external id the role's trust policy asks for, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
}

impl AwsConfig {
    /// The bound on one call to AWS, retries included.
    pub fn timeout(&self) -> Duration {
        self.timeout_secs
            .map_or(DEFAULT_TIMEOUT, Duration::from_secs)
    }

    /// Checks what can be checked without asking AWS.
    pub fn validate(&self) -> Result<(), ProviderError> {
        let bad = |what: String| Err(ProviderError::Other(format!("AWS integration: {what}")));
        if let Some(region) = &self.region
            && (region.is_empty()
                || !region
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        {
            return bad(format!(
                "`{region}` is not an AWS region (letters, digits and `-`, like `us-east-1`)"
            ));
        }
        if self.profile.as_deref().is_some_and(str::is_empty) {
            return bad("the profile name is empty".into());
        }
        if self.profile.is_some() && self.static_keys.is_some() {
            return bad("give either a profile or static keys, not both".into());
        }
        if let Some(keys) = &self.static_keys {
            if keys.access_key_id.trim().is_empty() {
                return bad("the access key id is empty".into());
            }
            if keys
                .access_key_id
                .chars()
                .any(|c| !c.is_ascii_alphanumeric())
            {
                return bad(format!(
                    "the access key id {} has characters other than letters and digits",
                    mask_key_id(&keys.access_key_id)
                ));
            }
            if keys.secret_access_key.expose_secret().is_empty() {
                return bad("the secret access key is empty".into());
            }
        }
        if let Some(role) = &self.assume_role {
            if !role.role_arn.starts_with("arn:") || !role.role_arn.contains(":role/") {
                return bad(format!(
                    "`{}` is not a role ARN (arn:aws:iam::ACCOUNT:role/NAME)",
                    role.role_arn
                ));
            }
            if let Some(name) = &role.session_name
                && (name.len() < 2
                    || name.len() > 64
                    || !name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "=,.@-_".contains(c)))
            {
                return bad(format!(
                    "`{name}` is not a valid role session name (2-64 of letters, digits and =,.@-_)"
                ));
            }
        }
        if let Some(url) = &self.endpoint_url {
            let rest = url
                .strip_prefix("https://")
                .or_else(|| url.strip_prefix("http://"));
            if rest.is_none_or(|r| r.is_empty() || r.starts_with('/')) {
                return bad(format!(
                    "endpoint `{url}` is not an http(s) URL (like https://secretsmanager.example:443)"
                ));
            }
        }
        if self.timeout_secs.is_some_and(|s| s == 0 || s > 600) {
            return bad("the timeout must be between 1 and 600 seconds".into());
        }
        Ok(())
    }
}

/// `AKIA…WXYZ`: enough to tell keys apart, not the key id itself.
pub fn mask_key_id(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() < 12 {
        return "…".into();
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}…{tail}")
}

impl fmt::Debug for AwsConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AwsConfig")
            .field("region", &self.region)
            .field("profile", &self.profile)
            .field("static_keys", &self.static_keys)
            .field("assume_role", &self.assume_role)
            .field("endpoint_url", &self.endpoint_url)
            .field("timeout_secs", &self.timeout_secs)
            .field("ca_cert_pem", &self.ca_cert_pem.as_ref().map(|_| "[PEM]"))
            .finish()
    }
}

impl fmt::Debug for StaticKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StaticKeys")
            .field("access_key_id", &mask_key_id(&self.access_key_id))
            .field("secret_access_key", &"[redacted]")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "[redacted]"),
            )
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> StaticKeys {
        StaticKeys {
            access_key_id: "AKIAIOSFODNN7EXAMPLE".into(),
            secret_access_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".into(),
            session_token: Some("FQoGZXIvYXdzEXAMPLETOKEN".into()),
        }
    }

    #[test]
    fn debug_hides_credentials() {
        let config = AwsConfig {
            static_keys: Some(keys()),
            ..AwsConfig::default()
        };
        let debug = format!("{config:?}");
        assert!(!debug.contains("EXAMPLEKEY"), "{debug}");
        assert!(!debug.contains("EXAMPLETOKEN"), "{debug}");
        assert!(!debug.contains("AKIAIOSFODNN7EXAMPLE"), "{debug}");
        assert!(debug.contains("AKIA…MPLE"), "{debug}");
    }

    #[test]
    fn serde_round_trip_keeps_the_keys() {
        let config = AwsConfig {
            region: Some("eu-west-1".into()),
            static_keys: Some(keys()),
            assume_role: Some(AssumeRole {
                role_arn: "arn:aws:iam::123456789012:role/reader".into(),
                ..AssumeRole::default()
            }),
            ..AwsConfig::default()
        };
        let json = serde_json::to_string(&config).unwrap();
        let back: AwsConfig = serde_json::from_str(&json).unwrap();
        let k = back.static_keys.unwrap();
        assert_eq!(
            k.secret_access_key.expose_secret(),
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
        );
        assert_eq!(
            k.session_token.unwrap().expose_secret(),
            "FQoGZXIvYXdzEXAMPLETOKEN"
        );
        assert_eq!(back.region.as_deref(), Some("eu-west-1"));
        let empty: AwsConfig = serde_json::from_str("{}").unwrap();
        assert!(empty.static_keys.is_none() && empty.timeout() == DEFAULT_TIMEOUT);
    }

    #[test]
    fn validate_names_the_problem() {
        let msg = |c: AwsConfig| c.validate().unwrap_err().to_string();
        assert!(
            msg(AwsConfig {
                region: Some("us east".into()),
                ..AwsConfig::default()
            })
            .contains("not an AWS region")
        );
        assert!(
            msg(AwsConfig {
                endpoint_url: Some("localhost:4566".into()),
                ..AwsConfig::default()
            })
            .contains("not an http(s) URL")
        );
        assert!(
            msg(AwsConfig {
                profile: Some("dev".into()),
                static_keys: Some(keys()),
                ..AwsConfig::default()
            })
            .contains("not both")
        );
        assert!(
            msg(AwsConfig {
                assume_role: Some(AssumeRole {
                    role_arn: "reader".into(),
                    ..AssumeRole::default()
                }),
                ..AwsConfig::default()
            })
            .contains("not a role ARN")
        );
        assert!(AwsConfig::default().validate().is_ok());
    }
}
