//! AWS Secrets Manager (cargo feature `aws`).
//!
//! References: `aws-sm://SECRET-ID-OR-ARN[?version-id=…|?version-stage=…][&encoding=base64][#JSON-KEY]`
//! (see [`SecretRef`]). Credentials, region and endpoint come from [`AwsConfig`], by default
//! from the AWS SDK's own chain, as the `aws` CLI finds them.
//!
//! The provider builds its SDK clients once, on first use, on its own two-thread tokio runtime,
//! and reuses them (and their connections) for every call from every thread. Each call is
//! bounded: 10 s by default, retries included (the SDK's standard retry with backoff,
//! [`MAX_ATTEMPTS`] attempts, for connection failures, 500/502/503/504, AWS's throttling codes
//! and a bare HTTP 429). Errors never show the integration's keys or session token, even when
//! an endpoint repeats them.

mod client;
mod config;
mod error;
mod reference;
mod runtime;
mod setup;
mod value;

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use aws_config::Region;
use aws_credential_types::provider::ProvideCredentials;
use secrecy::zeroize::Zeroizing;
use secrecy::{ExposeSecret, SecretBox};

pub use client::MAX_ATTEMPTS;
pub use config::{AssumeRole, AwsConfig, DEFAULT_TIMEOUT, StaticKeys, mask_key_id};
pub use reference::{Encoding, SCHEME, SecretRef, Version};
pub use setup::Kind;

use crate::{Fetched, Provider, ProviderError};
use client::Clients;
use error::Call;
use runtime::Bridge;
use value::Payload;

/// The AWS Secrets Manager provider: `kind()` is `aws`.
pub struct AwsProvider {
    config: AwsConfig,
    bridge: Bridge,
    clients: Mutex<Option<Clients>>,
}

impl std::fmt::Debug for AwsProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AwsProvider")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl AwsProvider {
    /// Checks `config` and starts the provider's threads. Nothing is sent to AWS and no
    /// credentials are loaded until the first [`Provider::fetch`] or [`Provider::whoami`].
    pub fn new(config: AwsConfig) -> Result<Self, ProviderError> {
        config.validate()?;
        Ok(AwsProvider {
            bridge: Bridge::new()?,
            config,
            clients: Mutex::new(None),
        })
    }

    pub fn config(&self) -> &AwsConfig {
        &self.config
    }

    /// The clients, built on first use. Concurrent first callers wait for one build.
    fn clients(&self) -> Result<Clients, ProviderError> {
        let mut slot = self.clients.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(clients) = slot.as_ref() {
            return Ok(clients.clone());
        }
        let built = self
            .bridge
            .run(client::build(self.config.clone()), self.limit())?
            .ok_or_else(|| {
                ProviderError::Unavailable(format!(
                    "loading the AWS configuration (region, profile, credential sources) took \
                     longer than {} s: is instance metadata or the SSO portal unreachable? Set \
                     the region and credentials of the integration explicitly.",
                    self.limit().as_secs()
                ))
            })?;
        *slot = Some(built.clone());
        Ok(built)
    }

    /// The safety net around one call; the SDK's own timeouts come first.
    fn limit(&self) -> Duration {
        self.config.timeout() * 2 + Duration::from_secs(5)
    }

    fn key_hint(&self) -> Option<String> {
        self.config
            .static_keys
            .as_ref()
            .map(|k| mask_key_id(&k.access_key_id))
    }

    fn role(&self) -> Option<&str> {
        self.config
            .assume_role
            .as_ref()
            .map(|r| r.role_arn.as_str())
    }

    fn no_region(&self, doing: &str) -> ProviderError {
        ProviderError::Other(format!(
            "no AWS region is set for {doing}: give the integration a region, set AWS_REGION, \
             put a region in the AWS profile{}, or use the secret's ARN",
            self.config
                .profile
                .as_deref()
                .map(|p| format!(" `{p}`"))
                .unwrap_or_default()
        ))
    }

    fn overran(&self, service: &str, doing: &str) -> ProviderError {
        ProviderError::Unavailable(format!(
            "{service} did not answer within {} s while {doing}; try again",
            self.limit().as_secs()
        ))
    }
}

impl crate::scrub::Hides for AwsProvider {
    fn hidden(&self) -> Vec<secrecy::zeroize::Zeroizing<String>> {
        let Some(keys) = &self.config.static_keys else {
            return Vec::new();
        };
        let mut hidden = vec![
            keys.access_key_id.clone(),
            keys.secret_access_key.expose_secret().to_string(),
        ];
        if let Some(token) = &keys.session_token {
            hidden.push(token.expose_secret().to_string());
        }
        hidden.into_iter().map(Into::into).collect()
    }
}

impl Provider for AwsProvider {
    fn fetch(&self, reference: &str) -> Result<Fetched, ProviderError> {
        self.read(reference)
    }

    fn whoami(&self) -> Result<String, ProviderError> {
        self.identify()
    }
}

impl AwsProvider {
    /// `error` with the integration's static credentials replaced by `[redacted]`. Messages
    /// carry what AWS (or an endpoint in its place: an emulator, a gateway, a proxy) said, and
    /// such a server may repeat the access key id or session token it received. AWS's own
    /// messages do not; the key id is otherwise only ever shown masked (`AKIA…WXYZ`).
    fn read(&self, reference: &str) -> Result<Fetched, ProviderError> {
        let secret = SecretRef::parse(reference)?;
        let clients = self.clients()?;
        let default_region = clients.region().map(str::to_owned);
        let region = secret
            .arn_region()
            .map(str::to_owned)
            .or_else(|| default_region.clone())
            .ok_or_else(|| self.no_region(&format!("reading `{secret}`")))?;

        let mut request = clients
            .secrets
            .get_secret_value()
            .secret_id(&secret.secret_id);
        request = match &secret.version {
            Some(Version::Id(id)) => request.version_id(id),
            Some(Version::Stage(stage)) => request.version_stage(stage),
            None => request,
        };
        // An ARN is read in its own region, whatever the integration's default.
        let other_region = (default_region.as_deref() != Some(region.as_str())).then(|| {
            aws_sdk_secretsmanager::config::Builder::default().region(Region::new(region.clone()))
        });
        let future = async move {
            match other_region {
                Some(config) => request.customize().config_override(config).send().await,
                None => request.send().await,
            }
        };

        let endpoint = client::secrets_endpoint(&self.config, &region);
        let key_hint = self.key_hint();
        let call = Call {
            service: "AWS Secrets Manager",
            action: "secretsmanager:GetSecretValue",
            secret: Some(&secret),
            region: &region,
            endpoint: &endpoint,
            timeout: self.config.timeout(),
            profile: self.config.profile.as_deref(),
            key_hint: key_hint.as_deref(),
            role: self.role(),
        };
        let mut output = match self.bridge.run(future, self.limit())? {
            Some(Ok(output)) => output,
            Some(Err(err)) => return Err(error::from_sdk(&err, &call)),
            None => {
                return Err(self.overran(
                    "AWS Secrets Manager",
                    &format!("reading secret `{}`", secret.secret_id),
                ));
            }
        };
        let payload = match (output.secret_string.take(), output.secret_binary.take()) {
            (Some(text), _) => Payload::Text(Zeroizing::new(text)),
            (None, Some(blob)) => Payload::Binary(Zeroizing::new(blob.into_inner())),
            (None, None) => {
                return Err(ProviderError::Other(format!(
                    "AWS Secrets Manager returned no value for secret `{}` ({secret})",
                    secret.secret_id
                )));
            }
        };
        let bytes = value::select(payload, &secret)?;
        Ok(Fetched {
            value: SecretBox::new(Box::from(&bytes[..])),
            version: output.version_id.take(),
            expires_at: None,
        })
    }

    /// Who the credentials are (STS GetCallerIdentity, which needs no permission), where they
    /// come from, and whether Secrets Manager answers (ListSecrets with one result; a refusal
    /// proves the credentials work, and reading needs only `secretsmanager:GetSecretValue`).
    fn identify(&self) -> Result<String, ProviderError> {
        let clients = self.clients()?;
        let region = clients
            .region()
            .map(str::to_owned)
            .ok_or_else(|| self.no_region("this integration"))?;
        let c = clients.clone();
        let future = async move {
            let credentials = match c.sdk.credentials_provider() {
                Some(provider) => provider.provide_credentials().await.map_err(Some)?,
                None => return Err(None),
            };
            let identity = c.sts.get_caller_identity().send().await;
            let listed = c.secrets.list_secrets().max_results(1).send().await;
            Ok((credentials, identity, listed))
        };

        let sm_endpoint = client::secrets_endpoint(&self.config, &region);
        let sts_endpoint = client::sts_endpoint(&self.config, &region);
        let key_hint = self.key_hint();
        let call = |service, action, endpoint| Call {
            service,
            action,
            secret: None,
            region: &region,
            endpoint,
            timeout: self.config.timeout(),
            profile: self.config.profile.as_deref(),
            key_hint: key_hint.as_deref(),
            role: self.role(),
        };
        let sts_call = call("AWS STS", "sts:GetCallerIdentity", &sts_endpoint);
        let sm_call = call(
            "AWS Secrets Manager",
            "secretsmanager:ListSecrets",
            &sm_endpoint,
        );

        let (credentials, identity, listed) = match self.bridge.run(future, self.limit() * 2)? {
            Some(Ok(all)) => all,
            Some(Err(Some(err))) => return Err(error::from_credentials(&err, &sts_call)),
            Some(Err(None)) => {
                return Err(ProviderError::Auth(
                    "this AWS integration has no credentials configured".into(),
                ));
            }
            None => return Err(self.overran("AWS", "checking the credentials")),
        };

        let mut parts = Vec::new();
        let mut sts_failure = None;
        match identity {
            Ok(identity) => parts.push(format!(
                "{} (account {})",
                identity.arn().unwrap_or("unknown ARN"),
                identity.account().unwrap_or("unknown")
            )),
            // Bad credentials end the check; STS being unreachable (a Secrets Manager-only
            // network) or refusing (emulators) does not: Secrets Manager is what matters.
            Err(err) => match error::from_sdk(&err, &sts_call) {
                e @ ProviderError::Auth(_) => return Err(e),
                other => {
                    parts.push("identity unknown".into());
                    sts_failure = Some(other);
                }
            },
        }
        parts.push(format!("region {region}"));
        parts.push(describe_credentials(&credentials));
        match listed {
            Ok(_) => parts.push(format!("Secrets Manager at {sm_endpoint}: reachable")),
            Err(err) => match error::from_sdk(&err, &sm_call) {
                ProviderError::PermissionDenied(_) => parts.push(format!(
                    "Secrets Manager at {sm_endpoint}: reachable (ListSecrets is not allowed, \
                     which is fine: reading needs only secretsmanager:GetSecretValue)"
                )),
                e => return Err(e),
            },
        }
        if let Some(failure) = sts_failure {
            parts.push(format!("(STS GetCallerIdentity failed: {failure})"));
        }
        Ok(parts.join("; "))
    }
}

/// "credentials: Environment, access key AKIA…WXYZ, temporary (expire in 42 min)".
fn describe_credentials(credentials: &aws_credential_types::Credentials) -> String {
    // The provider's name is only in Debug (which redacts the secret key and token).
    let debug = format!("{credentials:?}");
    let source = debug
        .split_once("provider_name: \"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(name, _)| name.to_owned())
        .unwrap_or_else(|| "unknown source".into());
    let mut text = format!(
        "credentials: {source}, access key {}",
        mask_key_id(credentials.access_key_id())
    );
    if let Some(expiry) = credentials.expiry() {
        match expiry.duration_since(SystemTime::now()) {
            Ok(left) => text.push_str(&format!(
                ", temporary (expire in {} min)",
                left.as_secs().div_ceil(60)
            )),
            Err(_) => text.push_str(", temporary (expired)"),
        }
    }
    text
}
