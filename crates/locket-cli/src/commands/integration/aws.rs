//! `aws` (AWS Secrets Manager): region, profile, role and endpoint from flags or the `AWS_*`
//! variables; static keys from the environment, stored sealed unless `--default-chain`.

use anyhow::Result;
use locket_providers::aws::{AssumeRole, AwsConfig, StaticKeys};
use secrecy::SecretString;

use super::to_json;
use crate::cli::{AwsArgs, CredentialArgs};
use crate::failure;

pub(super) fn aws_config(
    args: &AwsArgs,
    credentials: &CredentialArgs,
    ca_cert: Option<&std::path::Path>,
    timeout: Option<u64>,
) -> Result<Vec<u8>> {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let profile = args.profile.clone().or_else(|| env("AWS_PROFILE"));
    let static_keys = if profile.is_some() {
        None
    } else {
        static_keys_from_env(credentials)?
    };
    let config = AwsConfig {
        region: args
            .region
            .clone()
            .or_else(|| env("AWS_REGION"))
            .or_else(|| env("AWS_DEFAULT_REGION")),
        profile,
        static_keys,
        assume_role: args.role_arn.clone().map(|role_arn| AssumeRole {
            role_arn,
            external_id: args.external_id.clone(),
            ..AssumeRole::default()
        }),
        endpoint_url: args
            .endpoint_url
            .clone()
            .or_else(|| env("AWS_ENDPOINT_URL")),
        timeout_secs: timeout,
        ca_cert_pem: locket_providers::tls::ca_from_flag_or_env(ca_cert)
            .map_err(|e| failure::usage(e.to_string()))?,
    };
    config
        .validate()
        .map_err(|e| failure::usage(e.to_string()))?;
    to_json(&config)
}

/// AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN) when set, to store sealed;
/// none with --default-chain.
pub(super) fn static_keys_from_env(credentials: &CredentialArgs) -> Result<Option<StaticKeys>> {
    if credentials.default_chain {
        return Ok(None);
    }
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    match (env("AWS_ACCESS_KEY_ID"), env("AWS_SECRET_ACCESS_KEY")) {
        (Some(id), Some(secret)) => Ok(Some(StaticKeys {
            access_key_id: id,
            secret_access_key: SecretString::from(secret),
            session_token: env("AWS_SESSION_TOKEN").map(SecretString::from),
        })),
        (Some(_), None) | (None, Some(_)) => Err(failure::usage(
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together (or pass --default-chain)",
        )),
        (None, None) => Ok(None),
    }
}

pub(super) fn aws_flags(args: &AwsArgs) -> Vec<&'static str> {
    let mut used = Vec::new();
    for (set, flag) in [
        (args.region.is_some(), "--region"),
        (args.profile.is_some(), "--profile"),
        (args.role_arn.is_some(), "--role-arn"),
        (args.endpoint_url.is_some(), "--endpoint-url"),
    ] {
        if set {
            used.push(flag);
        }
    }
    used
}
