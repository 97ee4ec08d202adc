//! `aws` as a kind: region, profile, role and endpoint from flags or the `AWS_*` variables;
//! static keys from the environment, stored sealed unless `--default-chain`.

use secrecy::SecretString;

use super::{AssumeRole, AwsConfig, AwsProvider, SecretRef, StaticKeys, mask_key_id};
use crate::ProviderError;
use crate::registry::Declare;
use crate::setup::{Flag, Given, SetupError, SetupIo, env};

/// The `aws` kind.
pub struct Kind;

impl Declare for Kind {
    const NAME: &'static str = "aws";
    const SCHEME: &'static str = "aws-sm";
    const TITLE: &'static str = "AWS Secrets Manager";
    const SYNTAX: &'static str = "aws-sm://SECRET-ID-OR-ARN[#JSON-KEY][?version-id=ID | ?version-stage=STAGE][&encoding=base64]";
    const ENVIRONMENT: &'static str = "\
AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN) are stored when set; otherwise
aws-config's default chain (profiles including SSO, web identity, IMDS) runs at each use.
AWS_REGION / AWS_DEFAULT_REGION, AWS_PROFILE, AWS_ENDPOINT_URL are read at `add` time.";
    // One flag a line: a table reads better than rustfmt's wrapping of long help texts.
    #[rustfmt::skip]
    const FLAGS: &'static [Flag] = &[
        Flag::value("region", "REGION", "Region (else AWS_REGION / AWS_DEFAULT_REGION, else the profile's)"),
        Flag::value("profile", "PROFILE", "Named profile from ~/.aws/config (SSO profiles included; else AWS_PROFILE)"),
        Flag::value("role-arn", "ARN", "Role to assume with the credentials"),
        Flag { requires: &["role-arn"], ..Flag::value("external-id", "ID", "External id for the role") },
        Flag::value("endpoint-url", "URL", "Endpoint URL (else AWS_ENDPOINT_URL): VPC endpoints, LocalStack, moto"),
        Flag { reauth: true, ..Flag::switch("default-chain", "Do not store AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY; use the default chain at each use") },
    ];
    type Config = AwsConfig;
    type Provider = AwsProvider;

    fn check(reference: &str) -> Result<(), ProviderError> {
        SecretRef::parse(reference).map(drop)
    }

    fn open(config: AwsConfig) -> Result<AwsProvider, ProviderError> {
        AwsProvider::new(config)
    }

    fn describe(c: &AwsConfig) -> String {
        let credentials = match (&c.static_keys, &c.profile) {
            (Some(keys), _) => format!("stored key {}", mask_key_id(&keys.access_key_id)),
            (None, Some(profile)) => format!("profile {profile}"),
            (None, None) => "default credential chain".to_string(),
        };
        let mut out = format!(
            "region {}, {credentials}",
            c.region.as_deref().unwrap_or("from the environment")
        );
        if let Some(role) = &c.assume_role {
            out.push_str(&format!(", assumes {}", role.role_arn));
        }
        if let Some(endpoint) = &c.endpoint_url {
            out.push_str(&format!(", endpoint {endpoint}"));
        }
        out
    }

    fn configure(given: &Given, _io: &mut dyn SetupIo) -> Result<AwsConfig, SetupError> {
        let profile = given.text("profile").or_else(|| env("AWS_PROFILE"));
        let static_keys = match profile {
            Some(_) => None,
            None => static_keys(given)?,
        };
        let config = AwsConfig {
            region: given
                .text("region")
                .or_else(|| env("AWS_REGION"))
                .or_else(|| env("AWS_DEFAULT_REGION")),
            profile,
            static_keys,
            assume_role: given.text("role-arn").map(|role_arn| AssumeRole {
                role_arn,
                external_id: given.text("external-id"),
                ..AssumeRole::default()
            }),
            endpoint_url: given
                .text("endpoint-url")
                .or_else(|| env("AWS_ENDPOINT_URL")),
            timeout_secs: given.timeout,
            ca_cert_pem: crate::tls::ca_from_flag_or_env(given.ca_cert.as_deref())?,
        };
        config.validate()?;
        Ok(config)
    }

    fn reauth(
        mut stored: AwsConfig,
        given: &Given,
        io: &mut dyn SetupIo,
    ) -> Result<AwsConfig, SetupError> {
        match &stored.profile {
            None => stored.static_keys = static_keys(given)?,
            Some(profile) => io.show(&format!(
                "{} signs in with profile {profile}: nothing to store (for SSO, run `aws sso \
                 login --profile {profile}` first)",
                given.integration
            )),
        }
        Ok(stored)
    }
}

/// AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN) when set, to store sealed;
/// none with --default-chain.
fn static_keys(given: &Given) -> Result<Option<StaticKeys>, SetupError> {
    if given.on("default-chain") {
        return Ok(None);
    }
    match (env("AWS_ACCESS_KEY_ID"), env("AWS_SECRET_ACCESS_KEY")) {
        (Some(id), Some(secret)) => Ok(Some(StaticKeys {
            access_key_id: id,
            secret_access_key: SecretString::from(secret),
            session_token: env("AWS_SESSION_TOKEN").map(SecretString::from),
        })),
        (Some(_), None) | (None, Some(_)) => Err(SetupError::Usage(
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together (or pass \
             --default-chain)"
                .into(),
        )),
        (None, None) => Ok(None),
    }
}
